"""The fonts share cards are drawn with: the system's, found by file name, and what each can draw.

    find_fonts()  =>  Fonts(regular=(DejaVuSans.ttf, NotoSansArabic-Regular.ttf, ...), bold=(...))

Fonts are never downloaded: DejaVu Sans, then Noto for the scripts it lacks. What
a font can draw is read from its Unicode character map with struct: Pillow gives
no access to it, and a dependency only for this would be heavy. The reader handles
the two formats fonts use for Unicode (4 and 12), in OpenType and TrueType files
and the first face of collections; it was checked to agree with fontTools on every
DejaVu and Noto file.

`check` warns about each testimony whose share card has characters no installed font
can draw (uncovered_cards), naming their script and the package that draws it.
"""

from __future__ import annotations

import functools
import os
import re
import string
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale

from sitegen import model
from sitegen.content import languages
from sitegen.errors import Group, Kind, Problem, SiteError, shown_path

DEFAULT_FONT_DIRS = tuple(
    Path(folder)
    for folder in (
        "/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
        "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts",
    )
)  # fmt: skip

# Faces by file name, best first: Debian's fonts-dejavu-core, fonts-noto-core, then macOS's own Arial.
BOLD_FILES = ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "Arial Bold.ttf")

REGULAR_FILES = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "Arial.ttf", "Arial Unicode.ttf")

SCRIPT_FILE = re.compile(r"NotoSans[A-Z]\w*-(Regular|Bold)\.ttf")  # NotoSansEthiopic-Bold.ttf, for other scripts

INSTALL_HINT = (
    "install DejaVu Sans (Debian, Ubuntu: `apt-get install fonts-dejavu-core`, and fonts-noto-core for "
    "Arabic, Ethiopic and other scripts; macOS: Arial and Arial Unicode, found in /System/Library/Fonts)"
)

UNCOVERED_CARD = Kind(
    "no installed font can draw the {scripts} of this testimony's share card ({shown}): "
    "the card would show another language's text instead, or leave these characters out",
    "install {fonts} (Debian, Ubuntu: `apt-get install fonts-noto-core`; macOS: put {files}, from "
    "notofonts.github.io, in ~/Library/Fonts), then run check again",
    group=Group.FONT,
)

SYMBOLS = "Symbols"  # what characters of no script are called: €, emoji, arrows


@dataclass(frozen=True, slots=True)
class Face:
    """One font file, by its size and time as found: a font upgraded in place is another face, its cards other keys.

    What it can draw is read from the file when first asked: a build whose cards all come
    from the cache reads none of the 200 or so installed fonts (30 ms a build).
    """

    path: Path
    size: int
    mtime_ns: int

    @property
    def coverage(self) -> frozenset[int]:
        """Return the code points its character map gives a glyph; none if the file cannot be read as a font."""
        return _coverage(self.path, self.size, self.mtime_ns)

    def missing(self, text: str) -> str:
        """Return, once each, the characters of `text` it lacks; format characters (ZWNJ, bidi marks) never count."""
        unique = dict.fromkeys(text)  # a long quote has few distinct characters
        covered = self.coverage
        return "".join(c for c in unique if ord(c) not in covered and unicodedata.category(c) != "Cf")


@dataclass(frozen=True, slots=True, eq=False)
class Fonts:
    """The installed faces a card may use, best first.

    Fonts compare and hash as themselves (a build finds them once): the caches of the
    cards' layout are keyed by them, and hashing some 200 faces' paths and character
    maps at each look-up was most of a card's layout.
    """

    regular: tuple[Face, ...]  # for the byline
    bold: tuple[Face, ...]  # for the headline and the site name; ends with the regular faces


class FontsMissing(SiteError):
    """No usable font is installed, so share cards cannot be drawn."""

    def __init__(self, searched: Iterable[Path]) -> None:
        folders = ", ".join(str(folder) for folder in searched) or "no folder"
        super().__init__(f"no font for share images was found in {folders} — {INSTALL_HINT}")


def find_fonts(search: Sequence[Path] = DEFAULT_FONT_DIRS) -> Fonts:
    """Find the installed faces share cards use; raise FontsMissing when none can draw Latin text."""
    files = _font_files(search)
    scripts = sorted(name for name in files if SCRIPT_FILE.fullmatch(name))
    regular = _faces(files, [*REGULAR_FILES, *(name for name in scripts if name.endswith("-Regular.ttf"))])
    bold = _faces(files, [*BOLD_FILES, *(name for name in scripts if name.endswith("-Bold.ttf"))])
    if all(face.missing(string.ascii_letters) for face in regular + bold):
        raise FontsMissing(search)
    return Fonts(regular=regular or bold, bold=bold + regular)


def uncovered_cards(site: model.Site, root: Path, search: Sequence[Path] = DEFAULT_FONT_DIRS) -> list[Problem]:
    """Return a warning for each file of a testimony whose share card has characters no installed font has."""
    carded = [testimony for testimony in site.testimonies if testimony.has_share_card]
    if not carded:
        return []  # no card to draw: no font needed either
    fonts = find_fonts(search)
    return [warning for testimony in carded for warning in _uncovered(testimony, site, fonts, root)]


@dataclass(frozen=True, slots=True)
class _CardText:
    """A text a share card shows, and where it was written."""

    source: Path  # the testimony's file, or its translation's
    key: str  # the field that holds it, or that says its language: quote, lang, author
    text: str
    lang: str


def _uncovered(testimony: model.Testimony, site: model.Site, fonts: Fonts, root: Path) -> list[Problem]:
    """Return a warning per file of a testimony whose card texts have characters no installed font has."""
    lacking: dict[Path, dict[str, dict[str, str]]] = {}  # file => field => each character => its script
    for shown in _card_texts(testimony, site.config.languages):
        faces = fonts.regular if shown.key == "author" else fonts.bold  # as cards draw them
        for character in _lacking(shown.text, faces):
            fields = lacking.setdefault(shown.source, {})
            fields.setdefault(shown.key, {})[character] = script_name(character, shown.lang)
    return [_warning(source, fields, root) for source, fields in lacking.items()]


def _card_texts(testimony: model.Testimony, site_languages: Sequence[str]) -> Iterator[_CardText]:
    """Yield what each language's card says first: its quote, then its author.

    As cards.py chooses: the translation into the card's language, else the original.
    """
    for lang in site_languages:
        shown = testimony.translation(lang) or testimony
        yield _CardText(shown.source, "quote" if shown.quote else "lang", shown.quote or shown.excerpt, shown.lang)
        author_lang, author = testimony.author.pick(lang)
        yield _CardText(testimony.source, "author", author, author_lang)


def _lacking(text: str, faces: Sequence[Face]) -> str:
    """Return, once each, the characters of `text` that none of the faces has."""
    text = " ".join(unicodedata.normalize("NFC", text).split())  # as a card draws it: composed, on one line
    missing = "".join(dict.fromkeys(text))
    for face in faces:
        missing = face.missing(missing)
    return missing


def _warning(source: Path, fields: dict[str, dict[str, str]], root: Path) -> Problem:
    """Return the warning about one file's characters no font has, on the line of the first field holding them."""
    scripts = {character: name for found in fields.values() for character, name in found.items()}
    names = list(dict.fromkeys(scripts.values()))
    text = source.read_text(encoding="utf-8")
    found = re.search(rf"^({'|'.join(fields)})\s*:", text, re.MULTILINE)
    line = text.count("\n", 0, found.start()) + 1 if found else 0
    shown = " ".join(f"{c} U+{ord(c):04X}" for c in list(scripts)[:4]) + (" …" if len(scripts) > 4 else "")
    fonts = _and([f"Noto Sans {name}" for name in names])
    files = _and([f"{_noto_file(name)}-Regular.ttf and -Bold.ttf" for name in names])
    return UNCOVERED_CARD.at(
        shown_path(source, root), line, scripts=_scripts(names), shown=shown, fonts=fonts, files=files
    )


def script_name(character: str, lang: str) -> str:
    """Return the English name of a character's script: ቴ => Ethiopic; € => Symbols; else its language's script's."""
    words = unicodedata.name(character, "").split(" ")
    for count in (3, 2, 1):  # OL CHIKI LETTER LA => Ol Chiki
        name = _script_names().get(" ".join(words[:count]))
        if name:
            return name
    if unicodedata.category(character)[0] in "LM":
        return Locale("en").scripts.get(languages.script(lang), languages.script(lang))
    return SYMBOLS


@cache
def _script_names() -> dict[str, str]:
    """Return the English names of scripts by the words Unicode's character names start with: ETHIOPIC => Ethiopic."""
    names = {name.upper(): name for code, name in Locale("en").scripts.items() if not code.startswith("Z")}
    return names | {"CJK": "Han"}  # CJK UNIFIED IDEOGRAPH-4E2D


def _scripts(names: Sequence[str]) -> str:
    """Return how a message names scripts: "Ethiopic script", "Ethiopic and Arabic scripts", "symbols"."""
    scripts = [name for name in names if name != SYMBOLS]
    said = f"{_and(scripts)} script{'s' if len(scripts) > 1 else ''}" if scripts else ""
    return _and([said, "symbols"]) if SYMBOLS in names and said else said or "symbols"


def _and(words: Sequence[str]) -> str:
    """Join words for a message: a, b and c."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def _noto_file(name: str) -> str:
    """Return the start of the name of the Noto file that draws a script: Ol Chiki => NotoSansOlChiki."""
    return "NotoSans" + "".join(c for c in name if c.isalnum())


def _font_files(folders: Iterable[Path]) -> dict[str, Path]:
    """Return the files under `folders` by name; the first folder holding a name wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        for root, subfolders, names in os.walk(folder.expanduser()):
            subfolders.sort()
            for name in sorted(names):
                found.setdefault(name, Path(root, name))
    return found


def _faces(files: dict[str, Path], names: Iterable[str]) -> tuple[Face, ...]:
    """Return the faces of these names that are installed, in order; a damaged one draws nothing, so the next serves."""
    faces = []
    for name in names:
        if name in files:
            try:
                status = files[name].stat()
            except OSError:
                continue
            faces.append(Face(files[name], status.st_size, status.st_mtime_ns))
    return tuple(faces)


@functools.lru_cache(maxsize=1024)
def _coverage(path: Path, size: int, mtime_ns: int) -> frozenset[int]:
    """Return what a font file can draw, read once while it is unchanged: the builds of one process share it.

    Without it, each build of a preview read the faces anew (some 5 MB for 350 files).
    """
    try:
        return coverage(path.read_bytes())
    except (OSError, ValueError, KeyError, struct.error):
        return frozenset()  # a damaged or unusual font file: it lacks everything, so the next face will do


def coverage(data: bytes) -> frozenset[int]:
    """Return the code points an OpenType font's Unicode cmap maps to a glyph (the first face of a collection)."""
    start = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    (count,) = struct.unpack_from(">H", data, start + 4)
    records = range(start + 12, start + 12 + 16 * count, 16)
    cmap = {data[at : at + 4]: struct.unpack_from(">I", data, at + 8)[0] for at in records}[b"cmap"]
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables = {}
    for at in range(cmap + 4, cmap + 4 + 8 * count, 8):
        platform, encoding, offset = struct.unpack_from(">HHI", data, at)
        subtables[platform, encoding] = cmap + offset
    # Full Unicode maps first (format 12), then the Basic Multilingual Plane ones (format 4).
    keys = [key for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)) if key in subtables]
    if not keys:
        raise ValueError("the font has no Unicode character map")
    at = subtables[keys[0]]
    return _format12(data, at) if _u16(data, at) == 12 else _format4(data, at)


def _format12(data: bytes, at: int) -> frozenset[int]:
    """Read a segmented coverage map: groups of consecutive code points and glyphs."""
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for group in range(at + 16, at + 16 + 12 * groups, 12):
        first, last, glyph = struct.unpack_from(">III", data, group)
        points.update(range(first + (glyph == 0), min(last, 0x10FFFF) + 1))  # glyph 0 is .notdef
    return frozenset(points)


def _format4(data: bytes, at: int) -> frozenset[int]:
    """Read a segment mapping to delta values: the Basic Multilingual Plane, code point by code point."""
    if _u16(data, at) != 4:
        raise ValueError(f"unsupported cmap format {_u16(data, at)}")
    segments = _u16(data, at + 6)  # twice the count
    ends, starts = at + 14, at + 16 + segments
    deltas, offsets = starts + segments, starts + 2 * segments
    points: set[int] = set()
    for i in range(0, segments, 2):
        first, last = _u16(data, starts + i), min(_u16(data, ends + i), 0xFFFE)
        delta, offset = _u16(data, deltas + i), _u16(data, offsets + i)
        for point in range(first, last + 1):
            if offset:  # the glyph is read from an array, then shifted by delta unless it is 0
                raw = _u16(data, offsets + i + offset + 2 * (point - first))
                glyph = (raw + delta) & 0xFFFF if raw else 0
            else:
                glyph = (point + delta) & 0xFFFF
            if glyph:  # glyph 0 is .notdef: no glyph
                points.add(point)
    return frozenset(points)


def _u16(data: bytes, at: int) -> int:
    """Read a big-endian unsigned 16-bit number."""
    return struct.unpack_from(">H", data, at)[0]
