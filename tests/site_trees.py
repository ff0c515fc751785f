"""Random content trees for the whole-site fuzzing (tests/test_fuzz_site.py): a small site, and the slips people make.

    trees()  =>  {"site.yaml": b"title: ...", "items/tente.yaml": b"...", "images/tente.jpg": b"\\xff\\xd8...", ...}

Each file is first written as a valid one would be (odd but valid Unicode in its
texts: right to left, combining marks, emoji, very long), then a broken tree
changes it as volunteers do: a field left out or written twice, a wrong type, an
unknown key, a reference to nothing, a bad date, a YAML slip (a tab, an unclosed
quote, ': ' in a value), an empty file, a BOM, another encoding, a misnamed file.
Pictures are real ones made with Pillow, or broken bytes; theme overrides are
valid templates or broken ones.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from PIL import Image

from conftest import TEMPLATES


@dataclass(frozen=True, slots=True)
class Link:
    """A symbolic link in a tree, to a path from content/: "items/tente.yaml", or "../outside.txt" beside it."""

    target: str


Fields = list[tuple[str, str]]  # the lines of a YAML mapping: key, and its value as YAML
Tree = dict[str, bytes | Link]  # path under content/ => the file's bytes, or a link

ITEMS = ("tente", "savon", "bache")
TESTIMONIES = ("samir", "nour", "arash")
PAGES = ("about", "donate", "search")  # search: a reserved address
PICTURES = ("tente.jpg", "savon.png", "photo.webp", "logo.png")
CATEGORIES = ("shelter", "hygiene")
LANGUAGE_SETS = (("fr", "en"), ("fr",), ("en", "fr"), ("fr", "en", "ar"), ("ar", "fr"))
TEXTS = (
    "Tente", "Couverture polaire", "l'abri « chaud » — ça tient", 'il a dit "oui"',
    "چادر برای دو نفر", "خيمة للعائلة", "ሰላም ለሁሉም", "e\u0301te\u0301 Z\u0351\u0351\u0351a\u0308\u0308",
    "🏕️ Tente 👨‍👩‍👧 ✨", "\u202eesrever\u202c et a\u200bb", "mot " * 600, "x" * 1000,
    "<script>alert(1)</script>", "{{ site }} {% raw %}", "Note: ici, là", "yes", "NO", "null", "~", "123",
    "2020-01-01", "#dièse", "- tiret", "&ancre", "!tag", "@arobase", "a\nb",
)  # fmt: skip
SLIPPED_TEXTS = ("a\x00b", "a\tb", "", " ", "\x07", "a\x85b", "\ufeffx")  # refused even in quotes
texts = st.one_of(
    st.sampled_from(TEXTS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(str.strip),
)
any_texts = st.one_of(texts, st.sampled_from(SLIPPED_TEXTS), st.text(max_size=30))
BODIES = (
    "La tente m'a gardé au sec tout l'hiver.",
    "*gras* et [un lien](/items/tente/)",
    "# Titre\n\n- un\n- deux\n\n> cité",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode\n```",
    "<script>x</script> <b onclick=x>b</b>",
    "---\nencore",
    "{{ site.testimonies }}",
    "هر شبی که باتری پر بود، صدای مادرم را می‌شنیدم.",
    "Appelez le 06 12 34 56 78, sous le pont Vauban.",
    "* " * 300 + "x",
)
SLIPPED_BODIES = ("", "[un lien](javascript:alert(1))", "![image](missing.jpg)", "a\x00b")
# What a value may become in a broken file: a wrong type, a bad date, a reference to nothing, a YAML slip.
WRONG = (
    "[a, b]", "{x: 1}", "12", "-1", "1e400", "true", "", "~", "2026-02-30", "2026/11/20", "20-11-2026", "2026-13",
    "inconnu", "'javascript:alert(1)'", "missing.jpg", "{src: missing.jpg, alt: x}", "{src: ../site.yaml, alt: x}",
    "{src: tente.jpg}", "{src: sous/tente.jpg, alt: x}", "[inconnu]", "'#zzz'", '"unclosed', "'unclosed", "a: b",
    "a, b", "- x", "|", "&a x", "*a", "!!python/object:os.system x", "yes", "“curly”", "{fr: x, fr: y}",
    "{de: Zelt}", "\tx", "x\n  y: z", "[money]", "[bring, money]", "[buy]", "[time]", "'#f2c500'",
    "{logo: logo.png, accent: red}", "{email: pas-un-mail}", "XYZ", "[fr]",
)  # fmt: skip
# Consents as the association records them: some ended on the day of the build, or about to, or partial.
CONSENTS = (
    "{date: 2021-01-15}", "{date: 2021-01-15, review: 2027-01-01}", "{date: 2021-01-15, until: 2026-12-01}",
    "{date: 2021-01-15, until: 2026-12-20}", "{date: 2021-01-15, covers: [text]}",
    "{date: 2021-01-15, how: oral, recorded_by: Léa, covers: [text, photo], languages: [fr, en], until: 2027-06-30}",
)  # fmt: skip
UNKNOWN_KEYS = ("nmae", "colour", "Name", "categorie", "tags", "author ", "lang")


def quoted(text: str) -> str:
    """Return a text as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def text_value() -> st.SearchStrategy[str]:
    """Return texts written as YAML, in quotes."""
    return texts.map(quoted)


def localized(languages: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Return a text readers see: one for every language, or one per language."""
    per_language = st.lists(text_value(), min_size=len(languages), max_size=len(languages)).map(
        lambda values: "{" + ", ".join(f"{lang}: {value}" for lang, value in zip(languages, values, strict=True)) + "}"
    )
    return st.one_of(text_value(), per_language)


def flow(pairs: dict[str, str]) -> str:
    """Return a YAML flow mapping of values already written as YAML."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs.items()) + "}"


def optional_fields(choices: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[Fields]:
    """Return some of the optional fields, each with a value."""
    names = st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=len(choices))
    return names.flatmap(lambda chosen: st.tuples(*(st.tuples(st.just(n), choices[n]) for n in chosen)).map(list))


@st.composite
def site_fields(draw: st.DrawFn, languages: tuple[str, ...]) -> Fields:
    """Return the fields of a site.yaml in these languages."""
    text = localized(languages)
    fields = [
        ("format", "2"),
        ("title", draw(text)),
        ("base_url", "https://aide.example.org/"),
        ("languages", "[" + ", ".join(languages) + "]"),
        ("organisation", flow({"name": draw(text_value()), "shipping_address": draw(text_value())})),
        ("donate", "{url: 'https://dons.example.org/'}"),
        ("categories", flow({slug: draw(text) for slug in CATEGORIES})),
    ]
    optional = {
        "description": text,
        "currency": st.sampled_from(["EUR", "GBP"]),
        "draft_languages": st.sampled_from(["[fa]", "[de]"]),
        "dropoffs": st.builds(
            lambda name, hours: f"[{{name: {name}, address: '1 rue X', hours: {hours}}}]", text, text
        ),
        "wishlist": st.just("{label: Liste, url: 'https://shop.example.com/list', wishlist: true}"),
        "contact": st.just("{email: contact@example.org, phone: '+33 3 53 01 00 00'}"),
        "brand": st.just("{logo: logo.png, accent: '#0b5e55'}"),
        "do_not_send": st.builds(lambda t: f"[{{text: {t}, category: hygiene}}]", text),
        "editing": st.just("{host: github, repository: asso/site}"),
    }
    return fields + draw(optional_fields(optional))


@st.composite
def item_fields(draw: st.DrawFn, languages: tuple[str, ...]) -> Fields:
    """Return the fields of an item."""
    text = localized(languages)
    fields = [
        ("name", draw(text)),
        ("category", draw(st.sampled_from(CATEGORIES))),
        ("urgency", draw(st.sampled_from(["urgent", "high", "normal", "low"]))),
        ("status", draw(st.sampled_from(["needed", "enough", "paused"]))),
    ]
    picture = st.sampled_from(PICTURES[:2]).flatmap(lambda src: text.map(lambda alt: flow({"src": src, "alt": alt})))
    optional = {
        "updated": st.just("2026-11-20"),
        "quantity": st.just("{needed: 120, received: 45}"),
        "price": st.sampled_from(["39.90", "0.5", "1000000"]),
        "unit": text,
        "summary": text,
        "description": text,
        "buy": st.just("[{label: Boutique, url: 'https://shop.example.com/tent'}]"),
        "sizes": st.just("{needed: [40, 41, 42], wanted: [41]}"),
        "needed_from": st.sampled_from(["2026-11-01", "2027-01-01"]),
        "season": st.sampled_from(["{start: 11-01, end: 03-31}", "{start: 04-01, end: 09-30}"]),
        "order": st.sampled_from(["1", "2"]),
    }
    if draw(st.booleans()):
        fields.append(("image", draw(picture)))
    if draw(st.integers(0, 3)) == 0:  # a need for people's time: no shops then
        del optional["buy"]
        fields.append(("time", "{signup: 'https://benevoles.example.org/', shifts: [Samedi 10h-13h]}"))
    return fields + draw(optional_fields(optional))


@st.composite
def testimony_fields(draw: st.DrawFn, languages: tuple[str, ...], items: tuple[str, ...]) -> Fields:
    """Return the front matter of an original testimony about some of `items` (or one that does not exist)."""
    about = draw(st.lists(st.sampled_from(items or ("tente",)), min_size=1, max_size=2, unique=True))
    fields = [
        ("author", draw(localized(languages))),
        ("items", "[" + ", ".join(about) + "]"),
        ("date", draw(st.sampled_from(["2020-12", "2020", "2019-03-04"]))),
        ("consent", draw(st.sampled_from(CONSENTS))),
    ]
    optional = {
        "place": localized(languages),
        "lang": st.sampled_from(["fr", "en", "ar", "fa", "ti"]),
        "quote": text_value(),
        "withdrawn": st.sampled_from(["true", "false"]),
        "draft": st.sampled_from(["true", "false"]),
        "reviewed_details": st.just("[sous le pont Vauban]"),
    }
    if draw(st.booleans()):
        fields.append(("photo", flow({"src": "photo.webp", "alt": draw(localized(languages))})))
    return fields + draw(optional_fields(optional))


@st.composite
def mutated(draw: st.DrawFn, fields: Fields) -> Fields:
    """Return the fields with a slip made in them: left out, twice, retyped, unknown, badly indented."""
    fields = list(fields)
    kind = draw(
        st.sampled_from(["drop", "twice", "wrong", "unknown", "tab", "indent", "no space", "as typed", "quoted"])
    )
    at = draw(st.integers(0, max(len(fields) - 1, 0)))
    if not fields or kind == "unknown":
        return [*fields, (draw(st.sampled_from(UNKNOWN_KEYS)), draw(text_value()))]
    key, value = fields[at]
    changed = {
        "drop": [],
        "twice": [(key, value), (key, value)],
        "wrong": [(key, draw(st.sampled_from(WRONG)))],
        "tab": [("\t" + key, value)],
        "indent": [(" " + key, value)],
        "no space": [(key + ":" + value, "")],
        "as typed": [(key, draw(any_texts))],
        "quoted": [(key, quoted(draw(any_texts)))],
    }[kind]
    return fields[:at] + changed + fields[at + 1 :]


def yaml_text(fields: Fields) -> str:
    """Return `key: value` lines."""
    return "".join(f"{key}: {value}\n" if value else f"{key}:\n" for key, value in fields)


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode(),
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode(),
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "utf-16": lambda text: text.encode("utf-16"),
    "windows-1252": lambda text: text.encode("cp1252", errors="replace"),
    "empty": lambda text: b"",
    "cut": lambda text: text.encode()[: len(text.encode()) // 2],
    "nul": lambda text: text.encode().replace(b"\n", b"\n\x00", 1),
}


@st.composite
def document(draw: st.DrawFn, fields: st.SearchStrategy[Fields], body: bool, broken: bool) -> bytes:
    """Return a YAML file or, with a body, a Markdown file with front matter; slipped when `broken`."""
    lines = draw(fields)
    for _ in range(draw(st.integers(0, 2)) if broken else 0):
        lines = draw(mutated(lines))
    text = yaml_text(lines)
    if body:
        fence = draw(st.sampled_from(["---\n", "---\n", "---\n", "", "--\n"])) if broken else "---\n"
        body = draw(
            st.one_of(st.sampled_from(BODIES), *([st.sampled_from(SLIPPED_BODIES), st.text()] if broken else []))
        )
        text = f"---\n{text}{fence}{body}\n"
    encoding = draw(st.sampled_from(sorted(ENCODINGS))) if broken and draw(st.integers(0, 3)) == 0 else "utf-8"
    return ENCODINGS[encoding](text)


def picture(kind: str, size: tuple[int, int], mode: str = "RGB", **options: object) -> bytes:
    """Return a small real picture made by Pillow."""
    out = io.BytesIO()
    Image.new(mode, size, (120, 90, 60, 128)[: len(mode)]).save(out, kind, **options)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """Return a PNG whose header claims a huge size, with no pixels: a decompression bomb, as seen on open."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def exif() -> Image.Exif:
    """Return EXIF metadata naming a camera, and turning the picture sideways."""
    found = Image.Exif()
    found[0x010F] = "Camera"  # Make
    found[0x0112] = 6  # Orientation: turned right
    return found


JPEG = picture("JPEG", (12, 8))
PNG = picture("PNG", (8, 12))
# What a file of content/images/ may hold: real pictures, and what a volunteer's computer may give instead.
PICTURE_BYTES = {
    "jpeg": JPEG,
    "jpeg with metadata": picture("JPEG", (16, 9), exif=exif()),
    "png": PNG,
    "png with transparency": picture("PNG", (10, 10), "RGBA"),
    "webp": picture("WEBP", (9, 9)),
    "logo": picture("PNG", (200, 190)),
    "animated gif": picture("GIF", (6, 6), "P", save_all=True, append_images=[Image.new("P", (6, 6), 3)]),
    "cut in half": JPEG[: len(JPEG) // 2],
    "not a picture": b"not a picture at all",
    "empty": b"",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "too many pixels": png_claiming(20_000, 20_000),
    "many pixels": png_claiming(9_600, 9_600),
}
GOOD_PICTURES = dict(zip(PICTURES, ("jpeg", "png", "webp", "logo"), strict=True))  # what a valid tree holds
ITEM_TEMPLATE = (TEMPLATES / "item.html").read_text(encoding="utf-8")
# The association's theme overrides: valid ones, and the mistakes made in templates.
THEMES: dict[str, Tree] = {
    "none": {},
    "item page changed": {"theme/item.html": ITEM_TEMPLATE.replace("<h1>", '<p class="ours">Le Fil</p><h1>').encode()},
    "an include": {
        "theme/item.html": ITEM_TEMPLATE.replace("<h1>", '{% include "banner.html" %}<h1>').encode(),
        "theme/banner.html": b'<p class="banner">{{ lang }}</p>',
    },
    "a missing include": {"theme/item.html": ITEM_TEMPLATE.replace("<h1>", '{% include "banner.html" %}<h1>').encode()},
    "a syntax error": {"theme/item.html": b'{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }\n'},
    "an undefined value": {"theme/item.html": b'{% extends "base.html" %}{% block main %}{{ nope.x }}{% endblock %}'},
    "every testimony": {
        "theme/item.html": b'{% extends "base.html" %}{% block main %}{{ site.testimonies }}{% endblock %}'
    },
    "a division by zero": {"theme/page.html": b'{% extends "base.html" %}{% block main %}{{ 1 / 0 }}{% endblock %}'},
    "not UTF-8": {"theme/item.html": "{# café #}".encode("cp1252") + ITEM_TEMPLATE.encode()},
    "styles": {"theme/static/style.css": b"", "theme/static/extra.css": b".extra {}\n"},
    "a stray file": {"theme/itme.html": b"<p>oops</p>", "theme/static/.DS_Store": b"\x00\x01"},
    "strings in the theme": {"theme/i18n/fr.yaml": b"menu: Menu\n"},
    "a broken base": {"theme/base.html": b"<html>{% block main %}{% endblock"},
    "no macros": {"theme/macros.html": b""},
    "a static picture": {"theme/static/fond.jpg": picture("JPEG", (16, 9), exif=exif()), "theme/static/x.ico": b"?"},
    "a folder loop": {"theme/static/boucle": Link("theme/static")},
    "a file outside": {"theme/static/lien.css": Link("../outside.txt"), "theme/banner.html": Link("../outside.txt")},
}
STRINGS: dict[str, Tree] = {
    "none": {},
    "a word changed": {"i18n/fr.yaml": "nav_needs: Ce qu'il « faut »\n".encode()},
    "an unknown key": {"i18n/fr.yaml": b"serach: Chercher\n"},
    "broken YAML": {"i18n/en.yaml": b"nav_needs: [unclosed\n"},
    "not text": {"i18n/en.yaml": b"nav_needs: [a, b]\n"},
    "a language the theme lacks": {"i18n/ar.yaml": b"nav_needs: \xd8\xa8\xd8\xad\xd8\xab\n"},
    "a list": {"i18n/fr.yaml": b"- a\n- b\n"},
    "a language code in capitals": {"i18n/FR.yaml": b"nav_needs: Besoins\n", "i18n/notes.txt": b"x"},
    "a link outside": {"i18n/fr.yaml": Link("../outside.txt")},
}
# Beside content/, where links of a tree may lead: files a build must not take as content.
OUTSIDE: Tree = {
    "outside.txt": b"nav_needs: dehors\n",
    "outside.jpg": JPEG,
    "outside/about.md": b"---\ntitle: x\n---\nx\n",
}
# What else a folder of content/ may hold: links inside, outside, to nowhere or to themselves; folders in folders.
ODDITIES: dict[str, Tree] = {
    "a link inside": {"items/lien.yaml": Link("items/tente.yaml"), "images/lien.png": Link("images/savon.png")},
    "a link outside": {"items/dehors.yaml": Link("../outside.txt"), "images/tente.jpg": Link("../outside.jpg")},
    "a link to nowhere": {"testimonies/nulle-part.md": Link("testimonies/absent.md")},
    "a link to itself": {"pages/boucle.md": Link("pages/boucle.md")},
    "a folder outside": {"pages": Link("../outside")},
    "a folder named as a file": {"items/dossier.yaml/x": b"x", "testimonies/dossier.md/x": b"x"},
    "a picture in a folder": {"images/sous/tente.jpg": JPEG},
    "a file too large": {"items/grand.yaml": b"name: " + b"x" * 2_000_000 + b"\ncategory: shelter\n"},
    "no site.yaml": {"site.yaml": Link("absent.yaml")},
}
# Names a file may be given instead of its own: case, spaces, accents, another extension, an editor's leftovers.
RENAMES = (
    "{folder}/{Slug}{ext}", "{folder}/{slug} copie{ext}", "{folder}/{slug}é{ext}", "{folder}/{slug}{ext}~",
    "{folder}/.{slug}{ext}.swp", "{folder}/._{slug}{ext}", "{folder}/{slug}.fr.de{ext}", "{folder}/{slug}.yml",
    "{folder}/{slug}.YAML", "{folder}/{slug}.markdown", "{folder}/{slug}.MD", "{folder}/.DS_Store",
    "{folder}/Thumbs.db", "{folder}/desktop.ini", "{folder}/{slug}.txt", "notes.txt", "{folder}/sous/{slug}{ext}",
)  # fmt: skip


@st.composite
def renamed(draw: st.DrawFn, tree: Tree) -> Tree:
    """Return the tree with one content file under another name, or a leftover beside it."""
    path = draw(st.sampled_from(sorted(tree)))
    folder, _, name = path.rpartition("/")
    slug, dot, ext = name.partition(".")
    new = draw(st.sampled_from(RENAMES)).format(folder=folder or ".", slug=slug, Slug=slug.capitalize(), ext=dot + ext)
    moved = {key: value for key, value in tree.items() if key != path or draw(st.booleans())}
    return placed(moved, {new.removeprefix("./"): tree[path]})


def placed(tree: Tree, extra: Tree) -> Tree:
    """Return the tree with extra entries, in place of those at their paths, above them or under them."""

    def clash(path: str, new: str) -> bool:
        return path == new or path.startswith(new + "/") or new.startswith(path + "/")

    return {**{path: entry for path, entry in tree.items() if not any(clash(path, new) for new in extra)}, **extra}


def write_tree(folder: Path, tree: Tree) -> None:
    """Write a tree's files and links under folder."""
    for name, entry in tree.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(entry, Link):
            path.symlink_to(os.path.relpath(folder / entry.target, path.parent))
        else:
            path.write_bytes(entry)


def some(values: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    """Return some of the values, each at most once (none when there are none)."""
    return st.lists(st.sampled_from(values), unique=True) if values else st.just([])


@st.composite
def trees(draw: st.DrawFn, broken: bool | None = None) -> Tree:
    """Return a content tree: valid, or broken in a few places (either, unless `broken` says)."""
    broken = draw(st.booleans()) if broken is None else broken
    languages = draw(st.sampled_from(LANGUAGE_SETS))
    items = tuple(draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3, unique=True)))
    tree = {"site.yaml": draw(document(site_fields(languages), body=False, broken=broken))}
    for slug in items:
        tree[f"items/{slug}.yaml"] = draw(document(item_fields(languages), body=False, broken=broken))
    for slug in draw(st.lists(st.sampled_from(TESTIMONIES), max_size=3, unique=True)):
        front = testimony_fields(languages, items + (("inconnu",) if broken else ()))
        tree[f"testimonies/{slug}.md"] = draw(document(front, body=True, broken=broken))
        for lang in draw(some(languages[1:] + (("de",) if broken else ()))):
            translation = st.just([("quote", "Kept me dry."), ("translated_by", "Shirin")])
            tree[f"testimonies/{slug}.{lang}.md"] = draw(document(translation, body=True, broken=broken))
    for slug in draw(st.lists(st.sampled_from(PAGES[: 3 if broken else 2]), max_size=2, unique=True)):
        tree[f"pages/{slug}.md"] = draw(document(localized(languages).map(lambda t: [("title", t)]), True, broken))
        for lang in draw(some(languages[1:])):
            tree[f"pages/{slug}.{lang}.md"] = draw(document(text_value().map(lambda t: [("title", t)]), True, broken))
    for name in draw(st.lists(st.sampled_from(PICTURES), max_size=4, unique=True)) if broken else PICTURES:
        kind = draw(st.sampled_from(sorted(PICTURE_BYTES))) if broken else GOOD_PICTURES[name]
        tree[f"images/{name}"] = PICTURE_BYTES[kind]
    if "ar" in languages and not broken:  # the theme has no Arabic words: the association gives them
        tree["i18n/ar.yaml"] = (TEMPLATES / "i18n" / "en.yaml").read_bytes()
    tree = placed(tree, THEMES[draw(st.sampled_from(list(THEMES) if broken else ["none", "item page changed"]))])
    tree = placed(tree, STRINGS[draw(st.sampled_from(list(STRINGS) if broken else ["none", "a word changed"]))])
    for _ in range(draw(st.integers(0, 1)) if broken else 0):
        tree = draw(renamed(tree))
    if broken and draw(st.integers(0, 3)) == 0:
        tree = placed(tree, ODDITIES[draw(st.sampled_from(list(ODDITIES)))])
    return tree
