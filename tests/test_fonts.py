"""Fonts per script: on pages, each text in its own script's faces; on share cards, a warning when none is installed.

A tiny site in French, English and Persian (its Persian UI strings copied from English),
with a French item name left untranslated, a Tigrinya testimony and a Sorani one.
The browser tests read what Chromium computes; the others read the HTML and `check`.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import Visit, chromium, served
from conftest import SITE_YAML, TEMPLATES, minimal_files, ui_strings_to_translate, write_files
from sitegen.build import Options, build, check
from sitegen.pictures import fonts
from sitegen.pictures.card_drawing import render_card
from sitegen.pictures.card_layout import Card, Uncovered
from sitegen.pictures.cards import card_keys
from sitegen.pictures.fonts import Fonts, find_fonts, script_name

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TODAY = datetime.date(2026, 12, 6)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

TIGRINYA = "ድንኳን ካብ ዝናብ ሓልዩትኒ።"

SELAM_MD = f"""\
---
author: Selam
items: [tente]
date: 2021-03
lang: ti
consent: {{date: 2021-04-02}}
quote: "{TIGRINYA}"
---
እዛ ድንኳን ኣብ ክረምቲ ካብ ዝናብ ሓልዩትኒ።
"""

KARWAN_MD = """\
---
author: Karwan
items: [tente]
date: 2022-01
lang: ckb
consent: {date: 2022-02-01}
quote: "چادرەکە لە باران پاراستمی."
---
چادرەکە هەموو زستان لە باران پاراستمی.
"""


def files() -> dict[str, str | bytes | None]:
    """Return the site: fr, en and fa; the item's name in French and English only; Tigrinya and Sorani originals."""
    return {
        **minimal_files(),
        **ui_strings_to_translate("fa"),
        "site.yaml": SITE_YAML.replace("languages: [fr, en]", "languages: [fr, en, fa]"),
        "testimonies/selam.md": SELAM_MD,
        "testimonies/karwan.md": KARWAN_MD,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once for the module; return its output folder."""
    folder = tmp_path_factory.mktemp("fonts")
    write_files(folder / "content", files())
    build(Options(folder / "content", TEMPLATES, folder / "site", today=TODAY))
    return folder / "site"


@pytest.fixture
def dejavu_only(tmp_path: Path) -> Path:
    """Return a font folder holding DejaVu Sans alone: no face for the Ethiopic script."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy(DEJAVU / name, folder)
    return folder


def checked(tmp_path: Path, search: list[Path] | None, extra: dict[str, str | bytes | None] | None = None) -> list[str]:
    """Run check on the site (plus `extra` files), its cards' fonts searched in `search` (None: the system's)."""
    write_files(tmp_path / "content", {**files(), **(extra or {})})
    real: Callable[..., Fonts] = find_fonts
    with pytest.MonkeyPatch.context() as patch:
        if search is not None:  # the cards are still drawn with the system's fonts; the warning reads these
            patch.setattr(fonts, "find_fonts", lambda *_: real(search))
        report = check(Options(tmp_path / "content", TEMPLATES, tmp_path / "site"), TODAY)
    return [str(warning) for warning in report.warnings if warning.group == "font"]


def test_a_fallback_text_says_its_script_so_that_it_keeps_its_own_fonts(built: Path):
    persian = (built / "fa/items/tente/index.html").read_text()
    assert '<html lang="fa" dir="rtl" data-script="Arab">' in persian
    assert '<h1><span lang="fr" dir="ltr" data-script="Latn">Tente</span></h1>' in persian


def test_originals_and_the_language_switcher_say_their_script(built: Path):
    french = (built / "items/tente/index.html").read_text()
    assert '<blockquote class="testimony-quote" lang="ckb" dir="rtl" data-script="Arab">' in french, "Sorani too"
    assert '<blockquote class="testimony-quote" lang="ti" dir="ltr" data-script="Ethi">' in french
    assert 'lang="fa" hreflang="fa" dir="rtl" data-script="Arab">' in french
    assert 'lang="fr" hreflang="fr" dir="ltr" data-script="Latn" aria-current="page">' in french
    tigrinya = (built / "testimonies/selam/index.html").read_text()
    assert '<div class="prose testimony-text" lang="ti" dir="ltr" data-script="Ethi">' in tigrinya


def test_check_warns_when_no_installed_font_can_draw_a_testimonys_share_card(tmp_path: Path, dejavu_only: Path):
    assert checked(tmp_path, [dejavu_only]) == [
        "content/testimonies/selam.md:7: no installed font can draw the Ethiopic script of this testimony's share"
        " card (ድ U+12F5 ን U+1295 ኳ U+12B3 ካ U+12AB …): the card would show another language's text instead, or"
        " leave these characters out — install Noto Sans Ethiopic (Debian, Ubuntu: `apt-get install"
        " fonts-noto-core`; macOS: put NotoSansEthiopic-Regular.ttf and -Bold.ttf, from notofonts.github.io, in"
        " ~/Library/Fonts), then run check again"
    ]


@pytest.mark.skipif(not list(Path("/usr/share/fonts").rglob("NotoSansEthiopic-Bold.ttf")), reason="no Noto here")
def test_check_says_nothing_of_cards_the_installed_fonts_draw(tmp_path: Path):
    assert checked(tmp_path, None) == []


def test_each_file_is_warned_about_on_the_line_of_the_text_no_font_draws(tmp_path: Path, dejavu_only: Path):
    urdu = "---\nquote: خیمے نے بچایا\ntranslated_by: Nadia\n---\nخیمے نے ہمیں بچایا۔\n"  # ے: not in DejaVu
    extra: dict[str, str | bytes | None] = {
        "testimonies/samir.fa.md": urdu,  # what the Persian card says, rather than Samir's French
        "testimonies/selam.md": SELAM_MD.replace(f'quote: "{TIGRINYA}"\n', ""),  # its card says its opening
        "testimonies/karwan.md": KARWAN_MD.replace("author: Karwan", "author: ካርዋን"),
    }
    found = sorted(checked(tmp_path, [dejavu_only], extra))
    assert [warning.split(" no installed")[0] for warning in found] == [
        "content/testimonies/karwan.md:2:",  # author
        "content/testimonies/samir.fa.md:2:",  # quote
        "content/testimonies/selam.md:5:",  # lang: the excerpt's language
    ]
    assert "the Ethiopic script" in found[0] and "(ካ U+12AB ር U+122D ዋ U+12CB ን U+1295)" in found[0]
    assert "the Arabic script" in found[1] and "install Noto Sans Arabic" in found[1] and "(ے U+06D2)" in found[1]
    assert "the Ethiopic script" in found[2]


def test_a_site_without_testimonies_needs_no_font_for_them(tmp_path: Path):
    gone: dict[str, str | bytes | None] = {f"testimonies/{slug}.md": None for slug in ("samir", "selam", "karwan")}
    assert checked(tmp_path, [tmp_path / "no fonts at all"], gone) == []


def test_a_card_in_a_script_no_installed_font_has_raises_uncovered(dejavu_only: Path):
    faces = find_fonts([dejavu_only])
    with pytest.raises(Uncovered, match=r"headline in 'ti'.*U\+12F5") as raised:
        render_card(Card(TIGRINYA, "ti", "Selam", "Besoins", "fr"), faces)
    assert (raised.value.part, raised.value.lang) == ("headline", "ti")
    with pytest.raises(Uncovered, match="byline") as raised:
        render_card(Card("Tente", "fr", TIGRINYA, "Besoins", "fr"), faces)
    assert raised.value.part == "byline"


def test_a_characters_script_is_named_from_unicode_else_from_its_language():
    assert [script_name(c, "ti") for c in "ቴش中"] == ["Ethiopic", "Arabic", "Han"]
    assert script_name("€", "fr") == "Symbols"
    assert script_name("ᱚ", "sat") == "Ol Chiki"


# In Chromium: each element's computed faces.

FIRST_FACE = "(el) => getComputedStyle(el).fontFamily.split(',')[0].trim().replace(/^\"|\"$/g, '')"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def visit(browser: Browser, built: Path) -> Iterator[Callable[[str], Page]]:
    """Return a function that opens a page of the built site in Chromium; no request may leave 127.0.0.1."""
    with served(built) as address:
        current = Visit(browser, address)
        yield current.open
        current.close()


def first_face(page: Page, selector: str) -> str:
    """Return the first family of an element's computed font-family."""
    return str(page.locator(selector).first.evaluate(FIRST_FACE))


@pytest.mark.browser
def test_on_a_persian_page_a_french_fallback_takes_the_latin_faces(visit: Callable[[str], Page]):
    page = visit("fa/items/tente/")
    assert first_face(page, "body") == "Noto Sans Arabic"
    assert first_face(page, "h1") == "Noto Sans Arabic"
    assert first_face(page, 'h1 > span[lang="fr"]') == "system-ui", "not the Arabic faces of the page around it"
    assert first_face(page, '.languages a[lang="fr"]') == "system-ui"


@pytest.mark.browser
def test_on_a_french_page_originals_take_their_scripts_faces(visit: Callable[[str], Page]):
    page = visit("items/tente/")
    assert first_face(page, "body") == "system-ui"
    assert first_face(page, '.testimony-quote[lang="ti"]') == "Noto Serif Ethiopic"
    assert first_face(page, '.testimony-quote[lang="ckb"]') == "Noto Naskh Arabic", "a language no list named"
    assert first_face(page, '.languages a[lang="fa"]') == "Noto Sans Arabic"
    assert first_face(visit("testimonies/selam/"), '.testimony-text[lang="ti"]') == "Noto Serif Ethiopic"


@pytest.mark.browser
def test_a_french_original_on_a_persian_page_keeps_the_latin_serif(visit: Callable[[str], Page]):
    page = visit("fa/testimonies/samir/")
    assert first_face(page, "body") == "Noto Sans Arabic"
    assert first_face(page, '.testimony-text[lang="fr"]') == "Iowan Old Style"
    assert first_face(page, ".testimony h1") == "Noto Naskh Arabic", "the page's own serif"


def test_the_builds_of_one_process_share_each_font_until_its_file_changes(dejavu_only):
    first, again = find_fonts([dejavu_only]), find_fonts([dejavu_only])
    assert all(a.coverage is b.coverage for a, b in zip(first.bold, again.bold, strict=True)), "read once"
    font = dejavu_only / "DejaVuSans-Bold.ttf"
    os.utime(font, ns=(font.stat().st_atime_ns, font.stat().st_mtime_ns + 1_000_000_000))
    changed = find_fonts([dejavu_only])
    assert changed.bold[0].coverage is not first.bold[0].coverage, "read again"
    assert changed.bold[0].coverage == first.bold[0].coverage


def test_a_font_upgraded_in_place_gives_every_card_another_key(dejavu_only):
    sources = [("share/items/tente.png", [Card("Tente", "fr", "Urgent", "Le Fil", "fr")])]
    before = card_keys(sources, find_fonts([dejavu_only]))
    font = dejavu_only / "DejaVuSans-Bold.ttf"
    os.utime(font, ns=(font.stat().st_atime_ns, font.stat().st_mtime_ns + 1_000_000_000))
    assert card_keys(sources, find_fonts([dejavu_only])).isdisjoint(before), "drawn again, not taken from the cache"


def test_finding_fonts_reads_only_the_faces_it_asks_about(dejavu_only):
    (dejavu_only / "NotoSansEthiopic-Bold.ttf").write_bytes(b"not a font at all")
    found = find_fonts([dejavu_only])  # DejaVu draws Latin: the damaged face is not read, let alone refused
    assert [face.path.name for face in found.bold][:2] == ["DejaVuSans-Bold.ttf", "NotoSansEthiopic-Bold.ttf"]
    assert found.bold[1].missing("ሰላም") == "ሰላም", "read when asked: damaged, it draws nothing, so no card uses it"
