"""Consent that can end by itself, and that covers what the author agreed to: the photo, share cards, languages.

A testimony whose consent has ended is off the site at the next build, exactly as a
withdrawn one; a photo, the share cards or a translation the consent does not cover
are never published; and nothing of the consent record itself ever is.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMIR_MD, SITE_YAML, TEMPLATES
from editor_support import Editor, editable_copy, served_site
from sitegen import model
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.content.canonical import TESTIMONY, canonical_text
from sitegen.content.load import load_content, publish
from sitegen.errors import ContentError
from support import all_bytes

LAST_DAY = datetime.date(2027, 1, 31)  # the last day of the consent below: `until: 2027-01`
NEXT_DAY = LAST_DAY + datetime.timedelta(days=1)
RECORDER = "Zelphinor Quabeck"  # a name found nowhere else, to look for in every byte of the output
FULL_CONSENT = f"""\
consent:
  date: 2021-01-15
  how: oral
  recorded_by: {RECORDER}
  covers: [text, photo, share_cards]
  languages: [fr, en]
  until: 2027-01
"""
SAMIR_EN = "---\nquote: It kept me dry.\ntranslated_by: Léa\n---\nThe tent kept me dry, said Samir in Quollwind.\n"
PHOTO = "photo: {src: samir-rivage.png, alt: La mer grise}\n"


def samir(consent: str = FULL_CONSENT, photo: str = PHOTO) -> str:
    """Return Samir's testimony with a consent record (lines from 'consent:') and a photo."""
    return SAMIR_MD.replace("consent: {date: 2021-01-15}\n", consent + photo)


def picture() -> bytes:
    """Return a small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 120)).save(out, "PNG")
    return out.getvalue()


def files(consent: str = FULL_CONSENT, **extra: str | bytes | None) -> dict[str, str | bytes | None]:
    """Return the files of a site where Samir's testimony has this consent, a photo and an English translation."""
    found: dict[str, str | bytes | None] = {"testimonies/samir.md": samir(consent), "testimonies/samir.en.md": SAMIR_EN}
    return {**found, "images/samir-rivage.png": picture(), **extra}


def built(content: Path, name: str, day: datetime.date, **extra: object) -> dict[str, bytes]:
    """Build a site on `day` into <name> beside its content folder; return every file's bytes."""
    output = content.parent / name
    build(Options(content, TEMPLATES, output, today=day, **extra))  # type: ignore[arg-type]
    return all_bytes(output)


def unzipped(data: bytes) -> bytes:
    """Return a file's bytes, and the text it holds compressed (the search index's fragments) after them."""
    return data + gzip.decompress(data) if data.startswith(b"\x1f\x8b") else data


def consent_warnings(content: Path, tmp_path: Path, day: datetime.date) -> list[str]:
    """Return check's warnings about consents on `day`."""
    report = check(Options(content, TEMPLATES, tmp_path / "output"), day)
    return [str(warning) for warning in report.warnings if warning.group == "consent"]


# What an existing record means


def test_a_consent_with_a_date_alone_covers_everything_in_every_language_with_no_end(make_site):
    testimony = load_content(make_site()).testimonies[0]
    assert testimony.consent == model.Consent(model.PartialDate(2021, 1, 15))
    assert (testimony.consent.covers, testimony.consent.languages, testimony.consent.until) == (
        ("text", "photo", "share_cards"),
        None,
        None,
    )


def test_a_full_record_covering_everything_publishes_the_same_bytes_as_a_date_alone(make_site):
    before = built(make_site(files("consent: {date: 2021-01-15}\n")), "date-alone", LAST_DAY)
    assert built(make_site(files()), "full-record", LAST_DAY) == before
    assert any(path.startswith("images/samir-rivage") for path in before) and "en/share/testimonies/samir.png" in before


def test_the_record_is_read_in_full(make_site):
    consent = load_content(make_site(files())).testimonies[0].consent
    assert (consent.how, consent.recorded_by, consent.until) == ("oral", RECORDER, model.PartialDate(2027, 1))
    assert (consent.covers, consent.languages) == (("text", "photo", "share_cards"), ("fr", "en"))


# Nothing of the record is published


def test_nothing_of_the_record_reaches_any_byte_of_the_site_its_search_index_or_its_editor(make_site):
    editing = "editing:\n  host: github\n  repository: asso/site\n"
    content = make_site(files(**{"site.yaml": SITE_YAML + editing}))
    output = built(content, "output", datetime.date(2026, 12, 6), drafts=True)  # no 2027 but until's
    assert "admin/config.yml" in output and any(path.startswith("pagefind/") for path in output)
    assert any(b"Quollwind" in unzipped(data) for data in output.values()), "the search index was read"
    for path, data in output.items():
        for trace in (RECORDER.encode(), b"Zelphinor", b"2027-01", b"2021-01-15"):
            assert trace not in unzipped(data), (path, trace)


# An end date


def test_a_testimony_is_published_up_to_the_last_day_of_its_consent_and_not_the_day_after(make_site):
    content = load_content(make_site(files()))
    assert [t.slug for t in publish(content, today=LAST_DAY).testimonies] == ["samir"]
    assert publish(content, today=NEXT_DAY).testimonies == ()
    assert publish(content, drafts=True, today=NEXT_DAY).testimonies == (), "a preview with drafts obeys it too"


def test_past_its_end_a_testimony_leaves_the_site_exactly_as_a_withdrawn_one_does(make_site):
    ended = built(make_site(files()), "ended", NEXT_DAY)
    assert not any("samir" in path for path in ended)
    assert not any(b"Quollwind" in unzipped(data) or b"au sec" in unzipped(data) for data in ended.values())
    withdrawn = samir().replace("---\nLa tente", "withdrawn: true\n---\nLa tente")
    assert built(make_site({"testimonies/samir.md": withdrawn}), "withdrawn", NEXT_DAY) == ended


def test_a_rebuild_with_no_file_changed_on_the_day_after_the_end_unpublishes(runner, make_site, tmp_path):
    content, cache = make_site(files()), tmp_path / "cache"

    def build_on(day: datetime.date, output: Path, cache: Path) -> None:
        args = ["build", "--content", content, "--templates", TEMPLATES, "--output", output, "--cache", cache]
        result = runner.invoke(main, [str(arg) for arg in [*args, "--date", day.isoformat()]])
        assert result.exit_code == 0, result.output

    build_on(LAST_DAY, tmp_path / "output", cache)
    assert (tmp_path / "output" / "testimonies" / "samir" / "index.html").is_file()
    build_on(NEXT_DAY, tmp_path / "output", cache)
    build_on(NEXT_DAY, tmp_path / "cold", tmp_path / "cold-cache")
    assert not (tmp_path / "output" / "testimonies" / "samir").exists()
    assert all_bytes(tmp_path / "output") == all_bytes(tmp_path / "cold")


def test_check_warns_four_weeks_before_the_end_on_the_line_of_until(make_site, tmp_path):
    content = make_site(files())
    hint = " — ask Samir whether it may stay published longer, then change 'consent.until' (or remove it: no end)"
    assert consent_warnings(content, tmp_path, LAST_DAY - datetime.timedelta(weeks=4)) == []
    assert consent_warnings(content, tmp_path, LAST_DAY - datetime.timedelta(days=27)) == [
        "content/testimonies/samir.md:12: the consent ends on 2027-01 (in 27 days):"
        " the next build after that day takes the testimony off the site" + hint
    ]
    assert consent_warnings(content, tmp_path, LAST_DAY) == [
        "content/testimonies/samir.md:12: the consent ends on 2027-01 (today is its last day):"
        " the next build after that day takes the testimony off the site" + hint
    ]
    assert consent_warnings(content, tmp_path, NEXT_DAY) == [
        "content/testimonies/samir.md:12: the consent ended on 2027-01: the testimony is no longer published"
        " — ask Samir whether it may be published again, then change 'consent.until'; if not, delete the file"
    ]


# What the consent covers


def test_share_cards_of_a_testimony_are_drawn_only_when_its_consent_covers_them(make_site):
    content = make_site(files(FULL_CONSENT.replace("[text, photo, share_cards]", "[text, photo]")))
    output = built(content, "output", LAST_DAY)
    assert not any(path.endswith("share/testimonies/samir.png") for path in output)
    assert "share/items/tente.png" in output and "en/share/items/tente.png" in output
    page = output["testimonies/samir/index.html"].decode()
    assert "og:image" not in page and '<meta name="twitter:card" content="summary">' in page
    assert "og:image" in output["items/tente/index.html"].decode()


def test_the_photo_is_published_only_when_the_consent_covers_it(make_site):
    content = make_site(files(FULL_CONSENT.replace("[text, photo, share_cards]", "[text, share_cards]")))
    output = built(content, "output", LAST_DAY)
    assert not any("samir-rivage" in path for path in output)
    assert not any(b"samir-rivage" in data or b"La mer grise" in data for data in output.values())
    assert "en/share/testimonies/samir.png" in output


def test_a_translation_into_a_language_the_consent_leaves_out_is_not_published(make_site):
    output = built(make_site(files(FULL_CONSENT.replace("languages: [fr, en]", "languages: [fr]"))), "output", LAST_DAY)
    assert not any(b"Quollwind" in unzipped(data) or b"It kept me dry" in data for data in output.values())
    english = output["en/testimonies/samir/index.html"].decode()
    assert '<div class="prose testimony-text" lang="fr"' in english and "La tente m'a gardé au sec" in english


def test_check_asks_for_no_translation_into_a_language_the_consent_leaves_out(make_site, tmp_path):
    content = make_site(files(FULL_CONSENT.replace("languages: [fr, en]", "languages: [fr]"), **{
        "testimonies/samir.en.md": None
    }))  # fmt: skip
    report = check(Options(content, TEMPLATES, tmp_path / "output"), LAST_DAY)
    assert not [w for w in report.warnings if w.path == "content/testimonies/samir.md" and "translated" in w.message]


# What a record may not say


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("languages: [fr, en]", "languages: [en]"),
            "content/testimonies/samir.md:11: 'consent.languages' leaves out 'fr', the language the testimony is"
            " written in — add fr: where no translation is published, its pages show the original; if the author"
            " agreed only to a translation, make that translation the testimony's text (with its lang), without"
            " the original",
        ),
        (
            ("[text, photo, share_cards]", "[photo, share_cards]"),
            "content/testimonies/samir.md:10: 'consent.covers' does not list text — add text to it: a testimony is"
            " never published without its text; if the author no longer agrees to that, set 'withdrawn: true'",
        ),
        (
            ("how: oral", "how: orale"),
            "content/testimonies/samir.md:8: 'consent.how' is 'orale', which is not one of written, oral, recorded"
            " — did you mean 'oral'?",
        ),
        (
            ("covers: [text, photo, share_cards]", "covers: []"),
            "content/testimonies/samir.md:10: 'consent.covers' needs at least 1 entry — add one",
        ),
    ],
    ids=["languages without the original's", "covers without the text", "a misspelt how", "covers empty"],
)
def test_a_record_that_cannot_be_obeyed_is_an_error_on_its_line(make_site, change, expected):
    with pytest.raises(ContentError) as error:
        load_content(make_site(files(FULL_CONSENT.replace(*change))))
    assert [str(problem) for problem in error.value.problems] == [expected]


# Written as the browser editor writes it


def test_the_record_in_canonical_form_comes_in_the_order_of_its_fields(make_site):
    flow = "consent: {until: 2027-01, covers: [text], recorded_by: ZQ, how: written, date: 2021-01-15}\n"
    canonical = canonical_text(samir(flow, photo=""), TESTIMONY, "samir.md", ("fr", "en"))
    assert canonical is not None
    assert (
        "consent:\n  date: 2021-01-15\n  how: written\n  recorded_by: ZQ\n  covers:\n    - text\n  until: 2027-01\n"
        in canonical
    )


# In the browser editor


ARASH = "arash-la-voix-de-ma-mere"  # the example's testimony whose consent says how, by whom, what and which languages


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Editor, Path]]:
    """Open the browser editor on a copy of the example's content/, as a local repository: (editor, checkout)."""
    from browser_support import chromium

    folder = tmp_path_factory.mktemp("consent-editor")
    content = editable_copy(folder / "checkout")
    with chromium() as browser, served_site(content, folder / "site") as address:
        opened = Editor(browser, address)
        opened.open_checkout(folder / "checkout")
        yield opened, folder / "checkout"
        assert (opened.left, opened.errors) == ([], [])
        opened.context.close()


def read_testimony(checkout: Path, slug: str) -> model.Testimony:
    """Return a testimony of a checkout's content/, drafts included."""
    return next(t for t in load_content(checkout / "content").testimonies if t.slug == slug)


@pytest.mark.browser
def test_a_volunteer_sets_an_end_date_in_the_editor_and_the_rest_of_the_record_is_kept(editor):
    from browser_support import expect

    opened, checkout = editor
    before = read_testimony(checkout, ARASH)
    opened.entry("testimonies", ARASH)
    expect(opened.field("consent.how")).to_contain_text("À l'oral")
    expect(opened.field("consent.covers")).to_contain_text("Les cartes de partage")
    expect(opened.field("consent.recorded_by").get_by_role("textbox")).to_have_value("L. M.")
    opened.field("consent.until").get_by_role("textbox").fill("2031-06-30")
    opened.save()
    assert opened.copy_back(checkout) == [f"content/testimonies/{ARASH}.md"]
    text = (checkout / "content" / "testimonies" / f"{ARASH}.md").read_text(encoding="utf-8")
    assert canonical_text(text, TESTIMONY, ARASH, ("fr", "en")) == text
    after = read_testimony(checkout, ARASH)
    assert after.consent == dataclasses.replace(before.consent, until=model.PartialDate(2031, 6, 30))
    assert after == dataclasses.replace(before, consent=after.consent)


@pytest.mark.browser
def test_a_new_testimony_saved_in_the_editor_writes_its_consent_date_alone(editor):
    opened, checkout = editor
    page = opened.new_entry("testimonies")
    opened.field("author.fr").get_by_role("textbox").fill("Yasmina")
    opened.field("items").get_by_role("combobox").click()
    page.get_by_role("option").first.click()
    opened.field("date").get_by_role("textbox").fill("2025-01")
    opened.field("consent.date").get_by_role("textbox").fill("2026-11-30")
    opened.field("body").get_by_role("textbox").fill("La tente a tenu.")
    opened.save()
    [path] = opened.copy_back(checkout)
    text = (checkout / path).read_text(encoding="utf-8")
    assert "\nconsent:\n  date: 2026-11-30\nwithdrawn: false\n" in text, text
    assert read_testimony(checkout, Path(path).stem).consent == model.Consent(model.PartialDate(2026, 11, 30))
