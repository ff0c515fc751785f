"""The browser editor at /admin/, driven through its own forms in Debian's Chromium, offline (issue 16, point 5).

The example site is built with `editing:` for 127.0.0.1 and served; the editor works in its local
repository mode on a copy of content/ held in the browser's private file system (tests/editor_support.py).
Each test makes one volunteer's edit through the forms and saves it; the files the editor wrote are then
read back onto disk, loaded by the generator and compared with what the edit meant, value by value. The
last tests judge every file written in the session: `check` passes, `fmt --check` finds them canonical,
no request left 127.0.0.1, no console error. The edits share one editor session, in the order below,
as one volunteer's afternoon would: the translation translates the testimony added before it.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageDraw

from browser_support import Visit, axe, chromium, expect
from conftest import EXAMPLE_DAY, ROOT, TEMPLATES
from editor_support import Editor, editable_copy, served_site, words
from sitegen import model
from sitegen.content.load import load_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

pytestmark = pytest.mark.browser

ITEM = "tente-deux-places"  # its quantity received changes
PICTURED = "savon"  # its picture is replaced by an upload
PAGE = "about"  # a paragraph is added to it
TESTIMONY_ITEMS = ("tente-deux-places", "bonnet-et-gants")
ARABIC = ("نمت أول ليلة في الخيمة، وكان المطر فوقي ولم يصل إليّ.", "شكرًا لكل من أحضر خيمة إلى المستودع.")
FRENCH = ("J'ai dormi la première nuit dans la tente, la pluie au-dessus de moi sans m'atteindre.",
          "Merci à tous ceux qui ont apporté une tente à l'entrepôt.")  # fmt: skip
ALT = {"fr": "Dessin d'un savon bleu sur un fond blanc.", "en": "Drawing of a blue soap on a white background."}
ADDED = "Nous recevons aussi les dons le premier dimanche du mois."
TRANSLATED_PAGE = "donate"  # its English translation, donate.en.md, gains a paragraph
ADDED_EN = "We also take gifts on the first Sunday of the month."
HOURS = "ouvert le mercredi et le samedi, de 9 h à 18 h"
# Files written with plain texts, as a hand edit not yet through `fmt` leaves them: {path: {mapping: plain}}.
PLAIN_ITEM = "lampe-frontale"
PLAIN_TESTIMONY = "samir-la-tente"
PLAIN = {
    f"items/{PLAIN_ITEM}.yaml": {
        r"summary:\n  fr: [^\n]*\n  en: [^\n]*\n": "summary: Une lampe pour la nuit\n",
        r"- label:\n      fr: La Boutique du Randonneur\n      en: [^\n]*\n": "- label: Boutique\n",
    },
    f"testimonies/{PLAIN_TESTIMONY}.md": {
        r"author:\n  fr: Samir\n  en: Samir\n": "author: Samir\n",
        r"place:\n  fr: [^\n]*\n  en: [^\n]*\n": "place: Calais\n",
    },
}
QUOTE = "C'est la différence entre dormir et attendre le matin."


@dataclass(frozen=True)
class Session:
    """One volunteer's session in the editor: the checkout it edits, and the site as it was before."""

    editor: Editor
    checkout: Path
    before: model.Site
    written: set[str] = field(default_factory=set)  # every file the editor changed or added
    made: dict[str, str] = field(default_factory=dict)  # what the edits created: the new testimony's slug

    @property
    def content(self) -> Path:
        """Return the checkout's content folder."""
        return self.checkout / "content"

    def saved(self) -> list[str]:
        """Read the editor's files back onto the checkout; return the paths that changed since the last time."""
        changed = self.editor.copy_back(self.checkout)
        self.written.update(changed)
        return changed


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[Session]:
    """Serve the example site with its editor, and open the editor on a copy of content/ as a local repository."""
    folder = tmp_path_factory.mktemp("editor")
    content = editable_copy(folder / "checkout")
    write_plain_texts(content)
    before = load(content)
    with served_site(content, folder / "site") as address:
        editor = Editor(browser, address)
        editor.open_checkout(folder / "checkout")
        yield Session(editor, folder / "checkout", before)
        editor.context.close()


def load(content: Path) -> model.Site:
    """Load a content folder as the generator does, drafts included (a new testimony is a draft)."""
    return load_site(content, drafts=True, today=EXAMPLE_DAY)


def test_a_volunteer_changes_the_quantity_received_of_an_item(session: Session):
    editor, item = session.editor, session.before.item_by_slug[ITEM]
    assert item.quantity is not None
    editor.entry("items", ITEM)
    editor.field("quantity.received").get_by_role("spinbutton").fill(str(item.quantity.received + 5))
    editor.save()
    assert session.saved() == [f"content/items/{ITEM}.yaml"]
    quantity = dataclasses.replace(item.quantity, received=item.quantity.received + 5)
    assert load(session.content).item_by_slug[ITEM] == dataclasses.replace(item, quantity=quantity)


def test_a_volunteer_adds_a_testimony_in_arabic_about_two_items(session: Session):
    editor, page = session.editor, session.editor.new_entry("testimonies")
    editor.field("author.fr").get_by_role("textbox").fill("Yasmina")
    for slug in TESTIMONY_ITEMS:
        editor.field("items").get_by_role("combobox").click()
        name = session.before.item_by_slug[slug].name.get("fr")
        page.get_by_role("option", name=name, exact=True).click()
    editor.field("date").get_by_role("textbox").fill("2025-01")
    editor.field("place").get_by_role("checkbox").check()
    editor.field("place.fr").get_by_role("textbox").fill("Grisvent-sur-Mer")
    editor.field("lang").get_by_role("textbox").fill("ar")
    editor.field("consent.date").get_by_role("textbox").fill("2026-11-30")
    editor.field("body").get_by_role("textbox").fill("\n\n".join(ARABIC))
    editor.save()
    [path] = session.saved()
    assert re.fullmatch(r"content/testimonies/[a-z0-9-]+\.md", path), path
    session.made["testimony"] = slug = Path(path).stem
    testimony = next(t for t in load(session.content).testimonies if t.slug == slug)
    assert [testimony.author.get(lang) for lang in ("fr", "en")] == ["Yasmina", "Yasmina"]
    assert testimony.items == TESTIMONY_ITEMS
    assert (testimony.date, testimony.consent.date) == (model.PartialDate(2025, 1), model.PartialDate(2026, 11, 30))
    assert testimony.place is not None and testimony.place.get("fr") == "Grisvent-sur-Mer"
    assert (testimony.lang, testimony.translations, paragraphs(testimony.body)) == ("ar", (), list(ARABIC))
    assert testimony.draft, "a new testimony is a draft until someone has read it with its author, as `new` writes it"


def test_a_volunteer_translates_the_new_testimony_into_french(session: Session):
    slug = session.made.get("testimony")
    assert slug, "the testimony to translate is added by the test before this one"
    editor, page = session.editor, session.editor.new_entry("translations")
    page.get_by_role("textbox", name="Slug").fill(f"{slug}.fr")
    editor.field("translated_by").get_by_role("textbox").fill("Mehdi")
    editor.field("quote").get_by_role("textbox").fill(FRENCH[0])
    editor.field("body").get_by_role("textbox").fill("\n\n".join(FRENCH))
    editor.save()
    assert session.saved() == [f"content/testimonies/{slug}.fr.md"]
    [translation] = next(t for t in load(session.content).testimonies if t.slug == slug).translations
    assert (translation.lang, translation.translated_by, translation.quote) == ("fr", "Mehdi", FRENCH[0])
    assert paragraphs(translation.body) == list(FRENCH)


def test_a_volunteer_uploads_a_picture_of_an_item_with_its_alt_text(session: Session, tmp_path: Path):
    picture = tmp_path / "savon-neuf.jpg"
    drawing = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(drawing).ellipse((200, 150, 600, 450), fill="skyblue")
    drawing.save(picture, quality=85)
    editor, page = session.editor, session.editor.entry("items", PICTURED)
    with page.expect_file_chooser() as chooser:
        editor.field("image.src").get_by_role("button", name=words("replace", whole=False)).click()
        page.get_by_role("dialog").get_by_role("button", name=words("upload")).click()
    chooser.value.set_files(picture)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("option", name=picture.name)).to_have_attribute("aria-selected", "true")
    dialog.get_by_role("button", name=words("insert")).click()
    expect(editor.field("image.src").get_by_role("textbox")).to_have_text(picture.name)
    for lang, text in ALT.items():
        editor.field(f"image.alt.{lang}").get_by_role("textbox").fill(text)
    editor.save()
    assert session.saved() == ["content/images/savon-neuf.jpg", f"content/items/{PICTURED}.yaml"]
    assert (session.content / "images" / "savon-neuf.jpg").read_bytes() == picture.read_bytes()
    item = session.before.item_by_slug[PICTURED]
    image = model.Image("savon-neuf.jpg", session.content / "images" / "savon-neuf.jpg", localized(ALT))
    assert load(session.content).item_by_slug[PICTURED] == dataclasses.replace(item, image=image)


def test_a_volunteer_adds_a_paragraph_to_a_page(session: Session):
    add_a_paragraph(session, "pages", PAGE, "fr", ADDED)


def test_a_volunteer_adds_a_paragraph_to_a_pages_translation(session: Session):
    add_a_paragraph(session, "page_translations", TRANSLATED_PAGE, "en", ADDED_EN)


def add_a_paragraph(session: Session, collection: str, slug: str, lang: str, paragraph: str) -> None:
    """Add a paragraph to a page (or its translation into `lang`) in the editor; check the file and the model."""
    editor = session.editor
    translated = collection == "page_translations"
    editor.entry(collection, f"{slug}.{lang}" if translated else slug)
    markdown = editor.field("body").get_by_role("textbox")
    markdown.fill(markdown.input_value().rstrip("\n") + f"\n\n{paragraph}\n")
    editor.save()
    assert session.saved() == [f"content/pages/{slug}.{lang}.md" if translated else f"content/pages/{slug}.md"]
    page = next(p for p in session.before.pages if p.slug == slug)
    after = next(p for p in load(session.content).pages if p.slug == slug)
    body = model.Localized(
        tuple((code, str(html) + f"\n<p>{paragraph}</p>" if code == lang else html) for code, html in page.body.values)
    )
    assert after == dataclasses.replace(page, body=body)


def test_a_volunteer_changes_the_hours_of_a_drop_off_point(session: Session):
    editor = session.editor
    editor.entry("settings", "site")
    editor.field("dropoffs").get_by_role("button", name=words("expand")).first.click()
    editor.field("dropoffs.0.hours.fr").get_by_role("textbox").fill(HOURS)
    editor.save()
    assert session.saved() == ["content/site.yaml"]
    config = session.before.config
    point = config.dropoffs[0]
    hours = model.Localized(tuple((lang, HOURS if lang == "fr" else text) for lang, text in point.hours.values))
    dropoffs = (dataclasses.replace(point, hours=hours), *config.dropoffs[1:])
    assert load(session.content).config == dataclasses.replace(config, dropoffs=dropoffs)


def test_a_volunteer_saves_an_item_whose_texts_are_plain_strings(session: Session):
    editor, item = session.editor, session.before.item_by_slug[PLAIN_ITEM]
    assert item.quantity is not None and item.summary == localized({"fr": "Une lampe pour la nuit"})
    assert item.buy[0].label == localized({"fr": "Boutique", "en": "Boutique"})  # a shop's name: every language
    editor.entry("items", PLAIN_ITEM)
    editor.field("quantity.received").get_by_role("spinbutton").fill(str(item.quantity.received + 1))
    editor.save()
    assert session.saved() == [f"content/items/{PLAIN_ITEM}.yaml"]
    text = (session.content / "items" / f"{PLAIN_ITEM}.yaml").read_text(encoding="utf-8")
    assert "summary:\n  fr: Une lampe pour la nuit\n" in text, text  # kept, as the mapping it stands for
    assert "- label:\n      fr: Boutique\n      en: Boutique\n" in text, text
    quantity = dataclasses.replace(item.quantity, received=item.quantity.received + 1)
    assert load(session.content).item_by_slug[PLAIN_ITEM] == dataclasses.replace(item, quantity=quantity)


def test_a_volunteer_saves_a_testimony_whose_names_are_plain_strings(session: Session):
    editor = session.editor
    testimony = next(t for t in session.before.testimonies if t.slug == PLAIN_TESTIMONY)
    assert testimony.place == localized({"fr": "Calais", "en": "Calais"})
    editor.entry("testimonies", PLAIN_TESTIMONY)
    editor.field("quote").get_by_role("textbox").fill(QUOTE)
    editor.save()
    assert session.saved() == [f"content/testimonies/{PLAIN_TESTIMONY}.md"]
    text = (session.content / "testimonies" / f"{PLAIN_TESTIMONY}.md").read_text(encoding="utf-8")
    assert "author:\n  fr: Samir\n  en: Samir\n" in text and "place:\n  fr: Calais\n  en: Calais\n" in text, text
    after = next(t for t in load(session.content).testimonies if t.slug == PLAIN_TESTIMONY)
    assert after == dataclasses.replace(testimony, quote=QUOTE)


def test_what_the_editor_wrote_passes_check(session: Session, tmp_path: Path):
    assert session.written == every_file_edited(session), "every edit above was saved"
    command = ["check", "--content", session.content, "--templates", TEMPLATES, "--cache", tmp_path / "cache"]
    result = generate(*command, "--date", EXAMPLE_DAY.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr


def test_what_the_editor_wrote_is_in_canonical_form(session: Session):
    assert session.written == every_file_edited(session), "every edit above was saved"
    result = generate("fmt", "--check", "--content", session.content)
    assert result.returncode == 0, result.stdout + result.stderr + "\n" + diffs(session)


def test_nothing_else_changed_in_the_site(session: Session):
    after, before = load(session.content), session.before
    edited = (ITEM, PICTURED, PLAIN_ITEM)
    assert [i for i in after.items if i.slug not in edited] == [i for i in before.items if i.slug not in edited]
    new = session.made.get("testimony")
    assert [t for t in after.testimonies if t.slug not in (new, PLAIN_TESTIMONY)] == [
        t for t in before.testimonies if t.slug != PLAIN_TESTIMONY
    ]
    edited_pages = (PAGE, TRANSLATED_PAGE)
    assert [p for p in after.pages if p.slug not in edited_pages] == [
        p for p in before.pages if p.slug not in edited_pages
    ]
    assert dataclasses.replace(after.config, dropoffs=before.config.dropoffs) == before.config


def test_no_request_left_the_machine_and_the_console_shows_no_error(session: Session):
    assert session.written == every_file_edited(session), "every edit above was saved"
    assert session.editor.left == [], f"requests tried to leave the machine: {session.editor.left}"
    assert session.editor.errors == []


def test_the_admin_page_wrapper_passes_axe_as_a_browser_without_javascript_shows_it(session: Session):
    # With JavaScript the editor replaces the page with its own interface, vendored code and not ours; ours is
    # the page around it, and all a browser without JavaScript shows. axe runs on JavaScript, so it runs on
    # that page with its <noscript> opened and its scripts taken out, which must read as the real one does.
    browser, address = session.editor.context.browser, session.editor.address
    assert browser is not None
    without = browser.new_context(java_script_enabled=False)
    shown = without.new_page()
    shown.goto(f"{address}admin/")
    text = shown.locator("body").inner_text()
    without.close()
    visit = Visit(browser, address)
    visit.context.route(f"{address}admin/", without_scripts)
    page = visit.open("admin/")
    assert page.locator("body").inner_text() == text and "JavaScript" in text
    results = axe(page)
    visit.close()
    assert results.violations_count == 0, results.generate_report()


def every_file_edited(session: Session) -> set[str]:
    """Return the paths of every file the edits above change or add."""
    new = session.made.get("testimony", "(not added)")
    testimonies = {f"content/testimonies/{new}.md", f"content/testimonies/{new}.fr.md"}
    items = {f"content/items/{ITEM}.yaml", f"content/items/{PICTURED}.yaml", "content/images/savon-neuf.jpg"}
    plain = {f"content/{path}" for path in PLAIN}
    pages = {f"content/pages/{PAGE}.md", f"content/pages/{TRANSLATED_PAGE}.en.md"}
    return items | testimonies | plain | pages | {"content/site.yaml"}


def write_plain_texts(content: Path) -> None:
    """Write some texts of the copy as plain strings, each in place of its mapping, as a hand edit would."""
    for path, replacements in PLAIN.items():
        file = content / path
        text = file.read_text(encoding="utf-8")
        for pattern, plain in replacements.items():
            text, count = re.subn(pattern, plain, text)
            assert count == 1, f"{path}: {pattern} not found"
        file.write_text(text, encoding="utf-8")


def without_scripts(route: Route) -> None:
    """Answer with the page as a browser without JavaScript reads it: its <noscript> content shown, no script."""
    response = route.fetch()
    html = re.sub(r"</?noscript>", "", response.text())
    route.fulfill(response=response, body=re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.DOTALL))


def paragraphs(html: str) -> list[str]:
    """Return the text of each paragraph of rendered HTML."""
    return [re.sub("<[^>]+>", "", text) for text in re.findall(r"<p[^>]*>(.*?)</p>", html, re.DOTALL)]


def localized(texts: dict[str, str]) -> model.Localized:
    """Return a text per language as the model holds it, the default language first."""
    return model.Localized(tuple(texts.items()))


def generate(*arguments: object) -> subprocess.CompletedProcess[str]:
    """Run generate.py with arguments; return what it printed and its exit status."""
    command = [sys.executable, str(ROOT / "generate.py"), *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)


def diffs(session: Session) -> str:
    """Return each text file the editor wrote, as it wrote it: the evidence when the canonical form differs."""
    texts = sorted(path for path in session.written if path.endswith((".yaml", ".md")))
    return "\n".join(f"--- {path}\n{(session.checkout / path).read_text(encoding='utf-8')}" for path in texts)
