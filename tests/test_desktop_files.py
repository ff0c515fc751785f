"""Git's and desktops' realities in content/: unresolved merges, what editors and systems leave beside files,
other spellings of a suffix, files saved in another encoding than UTF-8. Each is ignored, read, or refused with
its file, its line and what to do, and `check` says exactly what `build` does."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from conftest import EXAMPLE_DAY, SAMIR_MD, SITE_YAML, TEMPLATES, TENT_YAML, minimal_files
from sitegen.build import Options, build, check
from sitegen.errors import ContentError
from sitegen.incremental.stamp import stamp

MakeSite = Callable[..., Path]

TRANSLATION = "---\nquote: It kept me dry.\ntranslated_by: Léa\n---\nThe tent kept me dry all winter.\n"
ABOUT_EN = "---\ntitle: About\n---\nWe are a fictional association.\n"
STRINGS = "search_button: Chercher\nsearch_heading: Chercher un objet ou un témoignage\n"
ITEM_HTML = "{# notre page d'objet #}\n{# modifiée pour Le Fil #}\n" + (TEMPLATES / "item.html").read_text(
    encoding="utf-8"
)
RECORD = "item.html:\n  sitegen: 0.2.0\n  sha256: 0000\n"
TEXTS = {  # every kind of file read from content/, each valid as it is, each with a letter ASCII lacks
    **minimal_files(),
    "items/tente.yaml": TENT_YAML.replace("Une tente *solide*.", "Une tente *solide*, légère."),
    "testimonies/samir.en.md": TRANSLATION,
    "pages/about.en.md": ABOUT_EN,
    "i18n/fr.yaml": STRINGS,
    "theme/item.html": ITEM_HTML,
    "theme/static/extra.css": ".ours { color: #0b5e55; }\n",
    "theme/overrides.yaml": RECORD,
}
MERGE_HINT = (
    "keep the version you want between the markers (or combine them), then delete the marker lines"
    " <<<<<<<, ======= and >>>>>>> (and |||||||)"
)
SAVE_AS = (
    "save it as UTF-8: in Notepad, File → Save As… → Encoding: UTF-8; in TextEdit, hold ⌥ and choose File → Save As…,"
    " Plain Text Encoding: Unicode (UTF-8); in VS Code, click the encoding at the bottom right, "
)
# What editors, office suites, git tools and file managers leave beside files; each would be a problem if read.
STRAYS = (
    ".DS_Store",
    "._tente.yaml",
    ".tente.yaml.swp",
    ".tente.yaml.swo",
    "tente.yaml~",
    "#tente.yaml#",
    ".#tente.yaml",
    ".~lock.tente.yaml#",
    "~$tente.docx",
    "Thumbs.db",
    "desktop.ini",
    "Desktop.ini",
    "Icon\r",
    "tente.yaml.orig",
    "tente.yaml.bak",
    "tente.yaml.rej",
    "tente.yaml___jb_tmp___",
    "__MACOSX/._tente.yaml",
    ".sass-cache/extra.css",
)
POISON = b"<<<<<<< HEAD\n\xff\xfe\x00 Amal, rue des Dunes\n=======\n>>>>>>> main\n"  # what no part of the site may show


def outcome(content: Path) -> list[str]:
    """Return the problems that build and check find in content (none when both succeed); fail if they differ."""
    options = Options(content, TEMPLATES, content.parent / "output", today=EXAMPLE_DAY)
    found = []
    for step in (build, lambda options: check(options, EXAMPLE_DAY)):
        try:
            step(options)
        except ContentError as error:
            found.append([str(problem) for problem in error.problems])
        else:
            found.append([])
    assert found[0] == found[1], "check and build disagree"
    return found[0]


def conflicted(text: str, line: int, diff3: bool = False) -> str:
    """Return a text whose line `line` two branches changed, as git leaves it when it cannot merge them."""
    lines = text.splitlines(keepends=True)
    ours, theirs = lines[line - 1], lines[line - 1].replace(":", ":  ", 1)
    base = ["||||||| merged common ancestors\n", ours] if diff3 else []
    block = ["<<<<<<< HEAD\n", ours, *base, "=======\n", theirs, ">>>>>>> origin/main\n"]
    return "".join(lines[: line - 1] + block + lines[line:])


def merge_problem(name: str, line: int, marker: str = "<<<<<<< HEAD") -> str:
    """Return the problem of an unresolved merge in content/<name> whose first marker is on `line`."""
    return (
        f"content/{name}:{line}: this line starts an unresolved merge ('{marker}'): git marked where two versions"
        f" of the file differ, after a git merge or a pull request — {MERGE_HINT}"
    )


# Unresolved merges


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("site.yaml", 5),
        ("items/tente.yaml", 3),
        ("testimonies/samir.md", 4),  # in the front matter
        ("testimonies/samir.md", 9),  # in the text, which Markdown would publish as it is
        ("testimonies/samir.en.md", 2),
        ("pages/about.md", 2),
        ("pages/about.en.md", 4),
        ("i18n/fr.yaml", 2),
        ("theme/item.html", 1),
        ("theme/static/extra.css", 1),
        ("theme/overrides.yaml", 2),
    ],
)
def test_an_unresolved_merge_is_named_at_its_first_marker_before_anything_else(
    make_site: MakeSite, name: str, line: int
) -> None:
    content = make_site({**TEXTS, name: conflicted(TEXTS[name], line)})
    assert outcome(content) == [merge_problem(name, line)]


def test_a_merge_with_the_common_ancestor_shown_is_found_too(make_site: MakeSite) -> None:
    content = make_site({"items/tente.yaml": conflicted(TENT_YAML, 3, diff3=True)})
    assert outcome(content) == [merge_problem("items/tente.yaml", 3)]


@pytest.mark.parametrize(
    ("deleted", "line", "marker"),  # lines 3 to 9: <<<<<<<, ours, |||||||, base, =======, theirs, >>>>>>>
    [
        (("<<<<<<<",), 4, "||||||| merged common ancestors"),
        (("<<<<<<<", "|||||||"), 5, "======="),
        (("<<<<<<<", "|||||||", "======="), 6, ">>>>>>> origin/main"),
    ],
)
def test_markers_left_behind_by_a_merge_resolved_by_hand_are_found(
    make_site: MakeSite, deleted: tuple[str, ...], line: int, marker: str
) -> None:
    lines = conflicted(TENT_YAML, 3, diff3=True).splitlines(keepends=True)
    content = make_site({"items/tente.yaml": "".join(text for text in lines if not text.startswith(deleted))})
    assert outcome(content)[0] == merge_problem("items/tente.yaml", line, marker)


def test_a_merge_in_a_file_saved_with_windows_line_endings_is_found_at_its_line(make_site: MakeSite) -> None:
    text = conflicted(TENT_YAML, 6).replace("\n", "\r\n").encode()
    assert outcome(make_site({"items/tente.yaml": text})) == [merge_problem("items/tente.yaml", 6)]


def test_a_markdown_heading_underlined_with_equals_signs_is_not_a_merge(make_site: MakeSite) -> None:
    text = SAMIR_MD + "\nL'hiver\n=======\n\nIl a fait froid.\n"
    content = make_site({"testimonies/samir.md": text})
    assert outcome(content) == []
    assert "Il a fait froid." in (content.parent / "output/testimonies/samir/index.html").read_text()


# What editors and systems leave beside files


@pytest.mark.parametrize(
    "folder", ["", "items/", "testimonies/", "pages/", "images/", "i18n/", "theme/", "theme/static/"]
)
def test_leftovers_of_editors_and_systems_are_never_an_error_and_never_published(
    make_site: MakeSite, folder: str
) -> None:
    content = make_site({**TEXTS, **{folder + name: POISON for name in STRAYS}})
    assert outcome(content) == []
    output = content.parent / "output"
    published = [path for path in output.rglob("*") if path.is_file()]
    assert not [path for path in published if POISON[:20] in path.read_bytes()]
    names = {part for path in published for part in path.relative_to(output).parts}
    assert not names & {name.split("/")[0] for name in STRAYS}


@pytest.mark.parametrize("folder", ["", "items/", "testimonies/", "images/", "theme/", "theme/static/"])
def test_leftovers_of_editors_do_not_make_a_build_think_content_changed(
    make_site: MakeSite, tmp_path: Path, folder: str
) -> None:
    content = make_site(TEXTS)

    def digest() -> str:
        found = stamp(content, TEMPLATES, tmp_path / "output", tmp_path / "cache", ())
        assert found is not None
        return found.digest

    before = digest()
    for name in STRAYS:
        path = content / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(POISON)
    assert digest() == before
    (content / folder / "notes.txt").write_text("à relire\n", encoding="utf-8")
    assert digest() != before  # a file of its own counts


# Other spellings of a suffix


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("items/savon.yml", TENT_YAML, "items are .yaml files — rename it to content/items/savon.yaml"),
        ("items/SAVON.YAML", TENT_YAML, "items are .yaml files — rename it to content/items/savon.yaml"),
        ("items/savon.yaml.txt", TENT_YAML, "items are .yaml files — rename it to content/items/savon.yaml"),
        (
            "testimonies/amal.MD",
            SAMIR_MD,
            "testimonies and their translations are .md files — rename it to content/testimonies/amal.md",
        ),
        (
            "testimonies/amal.markdown",
            SAMIR_MD,
            "testimonies and their translations are .md files — rename it to content/testimonies/amal.md",
        ),
        (
            "testimonies/samir.en.MD",
            TRANSLATION,
            "testimonies and their translations are .md files — rename it to content/testimonies/samir.en.md",
        ),
        (
            "pages/faq.markdown",
            ABOUT_EN,
            "pages and their translations are .md files — rename it to content/pages/faq.md",
        ),
        (
            "items/tente.yml",
            TENT_YAML,
            "items are .yaml files, and content/items/tente.yaml is there too — keep one of the two: copy what this"
            " one adds into content/items/tente.yaml, then delete this one",
        ),
        (
            "i18n/FR.yaml",
            STRINGS,
            "a file of UI strings is named by its language code in lowercase, with .yaml"
            " — rename it to content/i18n/fr.yaml",
        ),
        (
            "i18n/en.yml",
            STRINGS,
            "a file of UI strings is named by its language code in lowercase, with .yaml"
            " — rename it to content/i18n/en.yaml",
        ),
        (
            "SITE.YAML",
            SITE_YAML,
            "the site's settings are read from site.yaml only, and content/site.yaml is there too — keep one of the"
            " two: copy what this one adds into content/site.yaml, then delete this one",
        ),
    ],
)
def test_another_spelling_of_a_suffix_is_refused_with_the_exact_rename(
    make_site: MakeSite, name: str, text: str, problem: str
) -> None:
    assert outcome(make_site({name: text})) == [f"content/{name}: {problem}"]


def test_a_site_yml_alone_is_refused_with_the_rename_to_make(make_site: MakeSite) -> None:
    assert outcome(make_site({"site.yaml": None, "site.yml": SITE_YAML})) == [
        "content/site.yaml: site.yaml is missing — create it in content/",
        "content/site.yml: the site's settings are read from site.yaml only — rename it to content/site.yaml",
    ]


def test_a_folder_named_with_capitals_is_refused_with_the_rename_to_make(make_site: MakeSite) -> None:
    assert outcome(make_site({"Images/tente.jpg": b"x"})) == [
        "content/Images: folder names are lowercase: the generator reads content/images/ — rename it to content/images",
    ]


def jpeg() -> bytes:
    """Return a small JPEG, as a phone would save one."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize("name", ["IMG_1234.JPG", "Photo.JPEG", "tente.jpeg"])
def test_a_picture_named_as_a_phone_names_it_is_read_under_that_name(make_site: MakeSite, name: str) -> None:
    tent = TENT_YAML + f"image: {{src: {name}, alt: Une tente}}\n"
    content = make_site({f"images/{name}": jpeg(), "items/tente.yaml": tent})
    assert outcome(content) == []
    page = (content.parent / "output/items/tente/index.html").read_text(encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    assert [path for path in (content.parent / "output/images").iterdir() if path.name.startswith(stem)]
    assert f"/images/{stem}" in page


# Files not saved as UTF-8


def first_non_ascii_line(text: str) -> int:
    """Return the line of a text's first character that is not ASCII."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if not line.isascii())


ENCODED = ["site.yaml", "items/tente.yaml", "testimonies/samir.md", "pages/about.md", "i18n/fr.yaml", "theme/item.html"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ENCODED)
def test_a_file_saved_as_utf16_is_refused_with_how_to_save_it_as_utf8(
    make_site: MakeSite, name: str, encoding: str
) -> None:
    content = make_site({**TEXTS, name: TEXTS[name].encode(encoding)})  # utf-16: with its byte order mark
    assert outcome(content) == [
        f"content/{name}: the file is saved as UTF-16, not UTF-8 — {SAVE_AS}then Save with Encoding → UTF-8"
    ]


@pytest.mark.parametrize("name", ENCODED)
def test_a_file_saved_as_windows_1252_is_refused_at_its_first_line_that_shows_it(
    make_site: MakeSite, name: str
) -> None:
    content = make_site({**TEXTS, name: TEXTS[name].encode("cp1252")})
    assert outcome(content) == [
        f"content/{name}:{first_non_ascii_line(TEXTS[name])}: the file is saved in an older encoding, probably"
        " Windows-1252 (Notepad's 'ANSI'), not in UTF-8 (this line is the first where it shows) — "
        f"{SAVE_AS}then Reopen with Encoding → Western (Windows 1252), click it again, then Save with Encoding → UTF-8"
    ]


def test_a_file_saved_on_an_older_mac_is_named_as_mac_roman(make_site: MakeSite) -> None:
    text = TENT_YAML.replace("Une tente *solide*.", "Une tente très solide.")
    content = make_site({"items/tente.yaml": text.encode("mac_roman")})  # è is 0x8F, which Windows-1252 leaves out
    [problem] = outcome(content)
    assert problem.startswith(
        "content/items/tente.yaml:10: the file is saved in an older encoding, probably Mac Roman, not in UTF-8"
    )
    assert problem.endswith(
        "Reopen with Encoding → Western (Mac Roman), click it again, then Save with Encoding → UTF-8"
    )


def test_one_character_pasted_in_another_encoding_is_named_at_its_line(make_site: MakeSite) -> None:
    text = TENT_YAML.encode().replace(b"Une tente *solide*.", "Une tente *solide*, légère.".encode("cp1252"))
    assert outcome(make_site({"items/tente.yaml": "# Tente légère\n".encode() + text})) == [
        "content/items/tente.yaml:11: the file is UTF-8 except for a character on this line, written in another"
        " encoding (pasted from elsewhere?) — type that character again (your editor may show it as �), then save"
        " the file"
    ]


def test_a_file_that_is_not_text_at_all_says_so(make_site: MakeSite) -> None:
    document = io.BytesIO()  # a word processor's document, renamed
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document><w:t>La tente m'a gardé au sec.</w:t></w:document>")
    assert outcome(make_site({"testimonies/samir.md": document.getvalue()})) == [
        "content/testimonies/samir.md: the file is not text: it holds bytes that a picture or a word processor's"
        " document holds, not a text editor — write it in a text editor (Notepad, TextEdit after Format → Make"
        " Plain Text, VS Code) and save it as UTF-8"
    ]


def test_a_utf8_file_with_its_byte_order_mark_and_windows_line_endings_is_read(make_site: MakeSite) -> None:
    files = {name: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() for name, text in TEXTS.items()}
    files = {name: data for name, data in files.items() if not name.startswith("theme/")}  # content's own texts
    assert outcome(make_site(files)) == []
