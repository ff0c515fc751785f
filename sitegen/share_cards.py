"""Draw the share image of a page (Open Graph, Twitter cards): a 1200x630 PNG made at build time.

    Card("Cette tente m'a gardée au sec tout l'hiver.", "fr", "Amina", "Besoins", "fr")
      =>  PNG bytes: the quote large on a warm background, "Amina" below it,
          "Besoins" at the bottom on a green band; the same card always gives the same bytes

Fonts are the system's, never downloaded: DejaVu Sans, then Noto for the scripts it
lacks. Each text is drawn with the first font whose character map covers all of it,
or raises Uncovered so the caller can fall back to another language's text.
Right-to-left text is shaped by libraqm and right-aligned.

A card is drawn as palette indices (the site's colours and shades of each text colour
over its ground) and compressed unfiltered: a tenth of the time of an RGB picture, and
smaller. What cards share is drawn once: the band with the site's name, and each word
of left-to-right text at each size.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import string
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from .errors import SiteError
from .fontfiles import coverage

WIDTH, HEIGHT = 1200, 630
MARGIN = 72  # left, right and top; also between the text and the band
BAND = 100  # height of the band at the bottom that carries the site name
TEXT_WIDTH = WIDTH - 2 * MARGIN
TEXT_BOTTOM = HEIGHT - BAND - MARGIN  # no ink below this line, above the band
HEADLINE_SIZES = (64, 58, 52, 46, 40, 34)  # pixels, tried in turn until the headline fits
MAX_LINES = 5
SLACK = 0.5  # ems: how far a line's ink may stand from its advance (side bearings, kerning at spaces)
BYLINE_SIZE, SITE_SIZE = 34, 32
RULE = (88, 6)  # the short accent rule above the headline, width and height
RULE_GAP = 40  # between the rule and the headline
# The site's own colours (templates/static/style.css); each text colour passes WCAG AA on its ground.
BACKGROUND = "#f3eee6"  # --surface-2
INK = "#1d1b18"  # --text: the headline
MUTED = "#575148"  # --muted: the byline
ACCENT = "#0b5e55"  # --accent: the band and the rule
ON_ACCENT = "#ffffff"  # the site name on the band
TEXT_GROUNDS = ((INK, BACKGROUND), (MUTED, BACKGROUND), (ON_ACCENT, ACCENT))  # each text colour and its ground
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER, FINAL_BLOCK = b"\x78\x01", b"\x03\x00"  # deflate with a 32 KiB window; an empty last block
ROW = 1 + WIDTH  # bytes per row of a PNG image: the row's filter type, then a palette index per pixel
SHADES = 84  # anti-aliasing shades of each text colour over its ground: a palette of 2 + 3 * 84 colours
ELLIPSIS = "…"
BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # white space, except no-break spaces ("Merci !")
RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"})  # bidi classes that can reverse a run
RTL_LANGUAGES = {"ar", "fa", "ps", "ur", "he", "yi", "ckb", "ug", "sd", "dv", "syr"}

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


@dataclass(frozen=True, slots=True)
class Card:
    """What a share image says."""

    headline: str  # the quote (testimony) or the item name, in the page's language if possible
    headline_lang: str  # its language code: fr, en, ar, fa, ps, ti...
    byline: str  # the author's pseudonym (testimony) or the urgency label (item), already translated
    site_name: str  # the site's title in the page language
    site_lang: str  # page language


@dataclass(frozen=True, slots=True)
class Face:
    """One font file and the characters its character map gives a glyph."""

    path: Path
    coverage: frozenset[int] = field(repr=False)  # code points

    def missing(self, text: str) -> str:
        """Return, once each, the characters of `text` it lacks; format characters (ZWNJ, bidi marks) never count."""
        unique = dict.fromkeys(text)  # a long quote has few distinct characters
        return "".join(c for c in unique if ord(c) not in self.coverage and unicodedata.category(c) != "Cf")


@dataclass(frozen=True, slots=True)
class Fonts:
    """The installed faces a card may use, best first."""

    regular: tuple[Face, ...]  # for the byline
    bold: tuple[Face, ...]  # for the headline and the site name; ends with the regular faces


@dataclass(frozen=True, slots=True)
class _Block:
    """The lines of one text, wrapped and ready to draw."""

    font: ImageFont.FreeTypeFont
    lines: tuple[str, ...]
    direction: str | None  # "rtl" or "ltr" for libraqm; None with Pillow's basic layout
    language: str | None
    right: bool  # aligned to the right margin
    ellipsis: str  # "…", or "..." in a face without it

    @property
    def pitch(self) -> int:
        """Return the distance from one baseline to the next."""
        return sum(self.font.getmetrics()) + self.font.size // 8

    @property
    def height(self) -> int:
        """Return the height from the top of the first line to the bottom of the last."""
        return sum(self.font.getmetrics()) + self.pitch * (len(self.lines) - 1) if self.lines else 0


class FontsMissing(SiteError):
    """No usable font is installed, so share cards cannot be drawn."""

    def __init__(self, searched: Iterable[Path]) -> None:
        folders = ", ".join(str(folder) for folder in searched) or "no folder"
        super().__init__(f"no font for share images was found in {folders} — {INSTALL_HINT}")


class Uncovered(SiteError):
    """No installed font can draw a text of the card: the caller may use another language's text."""

    def __init__(self, part: str, lang: str, missing: str) -> None:
        self.part, self.lang, self.missing = part, lang, missing
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(missing))
        super().__init__(
            f"no installed font can draw the share image's {part} in '{lang}': it lacks {shown} — "
            "install fonts-noto-core, or give the card a text in another language"
        )


class ShapingMissing(SiteError):
    """Right-to-left text without libraqm would come out unjoined and backwards."""

    def __init__(self, lang: str) -> None:
        super().__init__(
            f"the share image has right-to-left text ('{lang}') but Pillow cannot shape it: libraqm is missing "
            "— install libfribidi0 (Debian, Ubuntu) or fribidi (Homebrew), then reinstall Pillow"
        )


def find_fonts(search: Sequence[Path] = DEFAULT_FONT_DIRS) -> Fonts:
    """Find the installed faces share cards use; raise FontsMissing when none can draw Latin text."""
    files = _font_files(search)
    scripts = sorted(name for name in files if SCRIPT_FILE.fullmatch(name))
    regular = _faces(files, [*REGULAR_FILES, *(name for name in scripts if name.endswith("-Regular.ttf"))])
    bold = _faces(files, [*BOLD_FILES, *(name for name in scripts if name.endswith("-Bold.ttf"))])
    if all(face.missing(string.ascii_letters) for face in regular + bold):
        raise FontsMissing(search)
    return Fonts(regular=regular or bold, bold=bold + regular)


def render_card(card: Card, fonts: Fonts) -> bytes:
    """Return the card as PNG bytes (deterministic: same card, same bytes)."""
    headline, byline, site = _layout(card, fonts)
    rows, changed = _draw_card(headline, byline, site)
    return _png(_compressed(rows, site, changed))


def _png(pixels: bytes) -> bytes:
    """Return a PNG of the compressed rows with the cards' palette, and nothing else: no text, time or profile."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette indices, not interlaced
    chunks = ((b"IHDR", header), (b"PLTE", _palette()), (b"IDAT", pixels), (b"IEND", b""))
    return PNG_SIGNATURE + b"".join(_chunk(kind, data) for kind, data in chunks)


def _compressed(rows: bytearray, site: _Block, changed: range) -> bytes:
    """Return the zlib stream of the rows: those that differ from the site's ground, around them its rows as kept.

    Unfiltered rows at level 1 make a file smaller than RGB at level 6 (Pillow filters every row, which
    costs time and, on flat colours, bytes), and compressing a row costs as much whether plain or not.
    """
    above, below = _ground_deflated(site, 0, changed.start), _ground_deflated(site, changed.stop, HEIGHT)
    middle = memoryview(rows)[changed.start * ROW : changed.stop * ROW]
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)  # raw deflate: the pieces make one stream
    pixels = above[0] + deflate.compress(middle) + deflate.flush(zlib.Z_SYNC_FLUSH) + below[0] + FINAL_BLOCK
    checksum = _adler32_after(_adler32_after(above[1], zlib.adler32(middle), len(middle)), below[1], below[2])
    return ZLIB_HEADER + pixels + struct.pack(">I", checksum)


@functools.lru_cache(maxsize=256)
def _ground_deflated(site: _Block, start: int, stop: int) -> tuple[bytes, int, int]:
    """Return rows `start` to `stop` of a site's ground compressed on their own, their Adler-32 and their length."""
    rows = _ground(site)[start * ROW : stop * ROW]
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
    return deflate.compress(rows) + deflate.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(rows), len(rows)


def _adler32_after(first: int, second: int, length: int) -> int:
    """Return the Adler-32 of two byte strings end to end, from theirs and the second's length (zlib's combine)."""
    base, low = 65521, first & 0xFFFF
    total = (low + (second & 0xFFFF) - 1) % base
    return (((first >> 16) + (second >> 16) + length * (low - 1)) % base) << 16 | total


def _chunk(kind: bytes, data: bytes) -> bytes:
    """Return one PNG chunk: its length, type, data and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _layout(card: Card, fonts: Fonts) -> tuple[_Block, _Block, _Block]:
    """Choose fonts, sizes and lines: return the headline, the byline and the site name."""
    _pick(card.headline, card.headline_lang, fonts.bold, "headline")  # an uncovered headline is reported first
    byline = _one_line(card.byline, card.site_lang, fonts.regular, "byline", BYLINE_SIZE)
    headline = _fit_headline(card, fonts, TEXT_BOTTOM - MARGIN - RULE[1] - RULE_GAP - _gap(byline) - byline.height)
    byline = replace(byline, right=headline.right)  # the byline stands under the headline, whatever its script
    return headline, byline, _one_line(card.site_name, card.site_lang, fonts.bold, "site name", SITE_SIZE)


def _gap(byline: _Block) -> int:
    """Return the space between the headline and the byline."""
    return BYLINE_SIZE if byline.lines else 0


def _draw_card(headline: _Block, byline: _Block, site: _Block) -> tuple[bytearray, range]:
    """Return the card's PNG rows, the rule, headline and byline centred in the text area, and which rows they take."""
    rows = bytearray(_ground(site))
    height = RULE[1] + RULE_GAP + headline.height + _gap(byline) + byline.height
    rule = MARGIN + (TEXT_BOTTOM - MARGIN - height) // 2  # the rule's top row
    headline_top = rule + RULE[1] + RULE_GAP
    byline_top = headline_top + headline.height + _gap(byline)
    end = min(HEIGHT - BAND, rule + height + (byline if byline.lines else headline).font.size)  # an em below
    split = byline_top - _gap(byline) // 2 if byline.lines else end  # the headline's rows above, the byline's below
    rule_x = 1 + (WIDTH - MARGIN - RULE[0] if headline.right else MARGIN)  # 1 +: after the row's filter type
    for y in range(rule, rule + RULE[1]):
        rows[y * ROW + rule_x : y * ROW + rule_x + RULE[0]] = bytes([_index(ACCENT)]) * RULE[0]
    top = rule + RULE[1]
    rows[top * ROW : split * ROW] = _painted(headline, headline_top - top, split - top, INK)
    rows[split * ROW : end * ROW] = _painted(byline, byline_top - split, end - split, MUTED)
    return rows, range(rule, end)


@functools.lru_cache(maxsize=16)
def _ground(site: _Block) -> bytes:
    """Return the PNG rows every card of a site starts from: the background, and the band with the site's name."""
    background = (b"\0" + bytes([_index(BACKGROUND)]) * WIDTH) * (HEIGHT - BAND)
    return background + _painted(site, (BAND - site.height) // 2, BAND, ON_ACCENT)


def _painted(block: _Block, top: int, height: int, colour: str) -> bytearray:
    """Return `height` PNG rows that show the block from `top` down in `colour`, on the colour's ground."""
    coverage = Image.new("L", (ROW, height))
    draw = ImageDraw.Draw(coverage).draw  # draws Pillow's own glyph masks, as ImageDraw.text does
    baseline = top + block.font.getmetrics()[0]
    by_word = block.direction != "rtl" and _left_to_right(" ".join(block.lines))
    for line in block.lines:
        pieces = _pieces(block, line) if by_word else [(0, _line_ink(block, line))]
        if block.right:
            x = WIDTH - MARGIN - max(at + offset[0] + mask.size[0] for at, (mask, offset) in pieces)
        else:
            x = MARGIN - min(0, *(at + offset[0] for at, (_, offset) in pieces))
        for at, (mask, (ink_left, ink_top)) in pieces:
            draw.draw_bitmap((1 + x + at + ink_left, baseline + ink_top), mask, 255)  # 1 +: after the filter type
        baseline += block.pitch
    rows = bytearray(coverage.tobytes().translate(_shading(colour)))
    rows[::ROW] = bytes(height)  # each row's filter type: 0, none
    return rows


_Ink = tuple[Any, tuple[int, int]]  # a text's coverage mask (Pillow's), and its top left corner from the pen


def _pieces(block: _Block, line: str) -> list[tuple[int, _Ink]]:
    """Return the ink of each word of a left-to-right line, and where it starts.

    A word starts at its pen position rounded down: at most a pixel closer than in the line drawn whole.
    """
    pieces, pen = [], 0.0
    for word in line.split(" "):
        pieces.append((int(pen), _word_ink(block.font, word, block.direction, block.language)))
        pen += _advance(block.font, word, block.direction, block.language)
        pen += _advance(block.font, " ", block.direction, block.language)
    return pieces


@functools.lru_cache(maxsize=8192)
def _word_ink(font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None) -> _Ink:
    """Return a word's ink: rendering glyphs was most of a card's drawing, and words recur from card to card."""
    return font.getmask2(word, "L", direction=direction, language=language, anchor="ls")


@functools.lru_cache(maxsize=8192)
def _advance(font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None) -> float:
    """Return a word's advance in pixels: measuring was most of a card's layout, and words recur."""
    return font.getlength(word, direction=direction, language=language)


def _line_ink(block: _Block, line: str) -> _Ink:
    """Return a whole line's ink, shaped as one: for right-to-left and mixed text."""
    return block.font.getmask2(line, "L", direction=block.direction, language=block.language, anchor="ls")


def _left_to_right(text: str) -> bool:
    """Tell whether a text has only left-to-right and neutral characters, so its words stand in logical order."""
    return not any(unicodedata.bidirectional(c) in RTL_CLASSES for c in set(text))


def _index(ground: str) -> int:
    """Return the palette index of a ground colour: the background is 0, the accent 1."""
    return (BACKGROUND, ACCENT).index(ground)


@functools.cache
def _palette() -> bytes:
    """Return the cards' palette: the two grounds, then SHADES shades of each text colour over its ground."""
    colours = [ImageColor.getrgb(BACKGROUND), ImageColor.getrgb(ACCENT)]
    for text, ground in TEXT_GROUNDS:
        front, back = ImageColor.getrgb(text), ImageColor.getrgb(ground)
        for shade in range(1, SHADES + 1):
            colours.append(tuple(round(b + (f - b) * shade / SHADES) for f, b in zip(front, back, strict=True)))
    return bytes(channel for colour in colours for channel in colour)


@functools.cache
def _shading(colour: str) -> bytes:
    """Map a text colour's coverage (0 to 255) to palette indices: 0 => its ground, 255 => the colour itself."""
    position = [text for text, _ in TEXT_GROUNDS].index(colour)
    ground = _index(TEXT_GROUNDS[position][1])
    before = 1 + position * SHADES  # shade s (1 to SHADES) of this colour is at index before + s
    return bytes(before + shade if (shade := round(a * SHADES / 255)) else ground for a in range(256))


def _fit_headline(card: Card, fonts: Fonts, room: int) -> _Block:
    """Wrap the headline at the largest size that fits `room` pixels high; at the smallest, cut it with an ellipsis."""
    words = _words(card.headline)
    largest = _block(card.headline, card.headline_lang, fonts.bold, "headline", HEADLINE_SIZES[0])
    widths = _widths(largest)
    whole = largest.font.getlength(" ".join(words), direction=largest.direction, language=largest.language)
    whole /= largest.font.size  # in ems
    for size in HEADLINE_SIZES:
        block = _block(card.headline, card.headline_lang, fonts.bold, "headline", size)
        most = _most_lines(block, room)
        # Too long even at generous widths, as a whole or line by line: measuring it exactly would not help.
        longest = most * (TEXT_WIDTH / size + SLACK) + (most - 1) * widths(" ")  # in ems
        if (words and whole > longest) or _wrap(words, _may_fit(block, widths), most) is None:
            continue
        lines = _wrap(words, _fits(block, widths), most)
        if lines is not None:
            return replace(block, lines=tuple(lines))
    most = max(1, _most_lines(block, room))
    return replace(block, lines=tuple(_clip(words, _fits(block, widths), most, block.ellipsis)))


def _most_lines(block: _Block, room: int) -> int:
    """Return how many lines of this block fit `room` pixels high, and MAX_LINES at most."""
    return min(MAX_LINES, 1 + (room - sum(block.font.getmetrics())) // block.pitch)


def _one_line(text: str, lang: str, faces: tuple[Face, ...], part: str, size: int) -> _Block:
    """Lay out a short text on one line, cut with an ellipsis if it is too long."""
    block = _block(text, lang, faces, part, size)
    return replace(block, lines=tuple(_clip(_words(text), _fits(block, _widths(block)), 1, block.ellipsis)))


def _block(text: str, lang: str, faces: tuple[Face, ...], part: str, size: int) -> _Block:
    """Choose the face, direction and alignment of a text, with no lines yet."""
    face = _pick(text, lang, faces, part)
    rtl = _is_rtl(text, lang)
    shaping = features.check("raqm")
    if rtl and not shaping:
        raise ShapingMissing(lang)
    font = _font(face.path, size, shaping)
    direction = ("rtl" if rtl else "ltr") if shaping else None
    ellipsis = "..." if face.missing(ELLIPSIS) else ELLIPSIS
    return _Block(font, (), direction, (lang or None) if shaping else None, rtl, ellipsis)


@functools.lru_cache(maxsize=256)
def _pick(text: str, lang: str, faces: tuple[Face, ...], part: str) -> Face:
    """Return the first face that can draw every character of `text`, or raise Uncovered."""
    text = unicodedata.normalize("NFC", text)
    for face in faces:
        if not face.missing(text):
            return face
    raise Uncovered(part, lang, faces[0].missing(text) if faces else text)


def _is_rtl(text: str, lang: str) -> bool:
    """Tell whether a text runs right to left: by its first strong character, else by its language."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return lang.split("-")[0].lower() in RTL_LANGUAGES


@functools.lru_cache(maxsize=64)
def _font(path: Path, size: int, shaping: bool) -> ImageFont.FreeTypeFont:
    """Load a face at a size, shaped by libraqm when it is there."""
    engine = ImageFont.Layout.RAQM if shaping else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, layout_engine=engine)


def _words(text: str) -> list[str]:
    """Split a text into what lines may break between, in logical order (for right-to-left text too).

    Lone punctuation stays with its word: "« Merci ! » dit-elle" => ["« Merci ! »", "dit-elle"].
    """
    words: list[str] = []
    opening = ""  # opening quotes and brackets, kept for the next word
    for token in BREAKS.split(unicodedata.normalize("NFC", text)):
        if not token:
            continue
        if all(unicodedata.category(c) in ("Ps", "Pi") for c in token):
            opening += f"{token} "
        elif words and not opening and not any(c.isalnum() for c in token):
            words[-1] += f" {token}"  # closing punctuation: "boue ;", "hiver »"
        else:
            words.append(opening + token)
            opening = ""
    return [*words, opening.rstrip()] if opening else words


def _widths(block: _Block) -> Callable[[str], float]:
    """Return a function giving a line's advance in ems, from its words' widths in the block's font.

    Each word is measured once, and a line "a b c" is summed from "a b" when that is known: lines grow
    a word at a time. Advances scale with the size, so the widths serve every size of the block's face.
    """
    known = {" ": _advance(block.font, " ", block.direction, block.language) / block.font.size}

    def measured(word: str) -> float:
        if word not in known:
            known[word] = _advance(block.font, word, block.direction, block.language) / block.font.size
        return known[word]

    def width(line: str) -> float:
        if line not in known:
            head, space, word = line.rpartition(" ")
            if space and head in known:
                known[line] = known[head] + known[" "] + measured(word)
            else:
                known[line] = sum(map(measured, line.split(" "))) + line.count(" ") * known[" "]
        return known[line]

    return width


def _may_fit(block: _Block, widths: Callable[[str], float]) -> Callable[[str], bool]:
    """Return a generous test: false only for lines that surely do not fit the text width."""
    most = TEXT_WIDTH / block.font.size + SLACK  # in ems
    return lambda line: widths(line) <= most


def _fits(block: _Block, widths: Callable[[str], float]) -> Callable[[str], bool]:
    """Return a test of whether a line's ink fits the text width: from its words' widths, measured only when close."""
    width = TEXT_WIDTH / block.font.size  # in ems

    def fits(line: str) -> bool:
        estimate = widths(line)
        if abs(estimate - width) > SLACK:
            return estimate < width
        left, _, right, _ = block.font.getbbox(line, direction=block.direction, language=block.language, anchor="ls")
        return right - min(left, 0) <= TEXT_WIDTH

    return fits


def _wrap(words: Sequence[str], fits: Callable[[str], bool], most: int) -> list[str] | None:
    """Fill lines word by word; None when it takes more than `most` lines, or a single word is wider than a line."""
    lines, used = _fill(words, fits, most)
    return lines if used == len(words) else None


def _clip(words: Sequence[str], fits: Callable[[str], bool], most: int, ellipsis: str) -> list[str]:
    """Fill at most `most` lines; what does not fit is cut at a word (or inside a too-long word) with an ellipsis."""
    lines, used = _fill(words, fits, most)
    if used < len(words):
        if len(lines) < most:
            lines.append(words[used])  # a word wider than a line: show its beginning
        lines[-1] = _shorten(lines[-1], fits, ellipsis)
    return lines


def _fill(words: Sequence[str], fits: Callable[[str], bool], most: int) -> tuple[list[str], int]:
    """Fill at most `most` lines word by word while the words fit; return the lines and how many words they hold."""
    lines: list[str] = []
    for used, word in enumerate(words):
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) < most and fits(word):
            lines.append(word)
        else:
            return lines, used
    return lines, len(words)


def _shorten(line: str, fits: Callable[[str], bool], ellipsis: str) -> str:
    """End a line with an ellipsis that fits: drop words from its end, or cut a lone word."""
    words = line.split(" ")
    while len(words) > 1 and not fits(" ".join(words) + ellipsis):
        words.pop()
    kept = " ".join(words)
    if fits(kept + ellipsis):
        return kept + ellipsis
    cut = bisect.bisect_left(range(len(kept) + 1), True, key=lambda n: not fits(kept[:n] + ellipsis)) - 1
    return kept[: max(cut, 0)] + ellipsis


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
    """Return the faces of these names that are installed and readable, in order."""
    faces = []
    for name in names:
        if name in files:
            try:
                faces.append(Face(files[name], coverage(files[name].read_bytes())))
            except (OSError, ValueError, KeyError, struct.error):
                continue  # a damaged or unusual font file: the next face will do
    return tuple(faces)
