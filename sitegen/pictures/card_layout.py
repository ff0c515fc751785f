"""Lay out what a share card says: which font, at which size, on which lines.

    layout(Card("Cette tente m'a gardée au sec…", "fr", "Amina", "Besoins", "fr"), fonts)
      =>  (headline, byline, site name): each a Block of lines in a face and a size

Each text is drawn with the first font whose character map covers all of it, or
raises Uncovered so the caller can fall back to another language's text. The
headline takes the largest size at which it fits; at the smallest, it is cut at a
word with an ellipsis. Right-to-left text is shaped by libraqm and right-aligned.

Left-to-right text is drawn word by word (card_drawing.py keeps each word's ink), so
whether a line fits is measured from its words too: a line shaped whole costs as much
as a card's other measures together, and the words' ink is where the drawing puts it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from PIL import ImageFont, features

from sitegen.content import languages
from sitegen.errors import SiteError
from sitegen.pictures.fonts import Face, Fonts

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

ELLIPSIS = "…"

BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # white space, except no-break spaces ("Merci !")

_Faces = tuple[Fonts, bool]  # the installed fonts, and whether their bold faces (else their regular ones)

RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"})  # bidi classes that can reverse a run
BEYOND_ARMENIAN = re.compile(r"[^\u0000-\u058f]")  # no character before Hebrew (U+0590) is of those classes

LOGO_BOX = (240, 56)  # the most room the association's logo takes, at the band's end: a wide one is made narrower
LOGO_PADDING = 12  # around the logo, on its white plate

LOGO_ROOM = LOGO_BOX[0] + 2 * LOGO_PADDING + MARGIN // 2  # what the site's name leaves the plate on the band


@dataclass(frozen=True, slots=True)
class Look:
    """The association's look on its cards: the band's colour, the words on it, and its logo."""

    accent: str = "#0b5e55"  # the theme's --accent, or site.yaml's brand.accent: the band and the rule
    on_accent: str = "#ffffff"  # the site's name on the band: white, or dark on a light accent
    logo: bytes = field(default=b"", repr=False)  # a PNG of the logo within LOGO_BOX; b"": no logo

    def __repr__(self) -> str:
        """Return what tells looks apart in cache keys: the colours and the logo's digest, not its bytes."""
        return f"Look({self.accent!r}, {self.on_accent!r}, logo={_digest(self.logo)!r})"


@functools.lru_cache(maxsize=16)
def _digest(logo: bytes) -> str:
    """Return what tells logos apart, once per logo and process: cache keys hold it, for every card."""
    return hashlib.sha256(logo).hexdigest()[:20] if logo else ""


@dataclass(frozen=True, slots=True)
class Card:
    """What a share image says."""

    headline: str  # the quote (testimony) or the item name, in the page's language if possible
    headline_lang: str  # its language code: fr, en, ar, fa, ps, ti...
    byline: str  # the author's name in the page language (testimony) or the urgency label (item), already translated
    site_name: str  # the site's title in the page language
    site_lang: str  # the language the site's title is written in: the page's, or the first with the same title
    byline_lang: str = ""  # the byline's language, when not site_lang's: an author's name, an item's urgency
    look: Look = Look()  # the site's colours and logo


@dataclass(frozen=True, slots=True)
class Block:
    """The lines of one text, wrapped and ready to draw."""

    font: ImageFont.FreeTypeFont
    lines: tuple[str, ...]
    direction: str | None  # "rtl" or "ltr" for libraqm; None with Pillow's basic layout
    language: str | None
    right: bool  # aligned to the right margin
    by_word: bool  # left-to-right text only: drawn (and measured) word by word, from the ink of each word
    ellipsis: str  # "…", or "..." in a face without it

    @property
    def pitch(self) -> int:
        """Return the distance from one baseline to the next."""
        return _pitch(self.font)

    @property
    def height(self) -> int:
        """Return the height from the top of the first line to the bottom of the last."""
        return sum(self.font.getmetrics()) + self.pitch * (len(self.lines) - 1) if self.lines else 0


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


def layout(card: Card, fonts: Fonts) -> tuple[Block, Block, Block]:
    """Choose fonts, sizes and lines: return the headline, the byline and the site name."""
    _pick(card.headline, card.headline_lang, fonts, True, "headline")  # an uncovered headline is reported first
    byline = _one_line(card.byline, card.byline_lang or card.site_lang, (fonts, False), "byline", BYLINE_SIZE)
    headline = _fit_headline(card, fonts, TEXT_BOTTOM - MARGIN - RULE[1] - RULE_GAP - gap(byline) - byline.height)
    byline = byline if byline.right == headline.right else replace(byline, right=headline.right)  # under the headline
    room = TEXT_WIDTH - LOGO_ROOM if card.look.logo else TEXT_WIDTH  # the logo stands at the band's end
    return headline, byline, _one_line(card.site_name, card.site_lang, (fonts, True), "site name", SITE_SIZE, room)


def gap(byline: Block) -> int:
    """Return the space between the headline and the byline."""
    return BYLINE_SIZE if byline.lines else 0


def _fit_headline(card: Card, fonts: Fonts, room: int) -> Block:
    """Wrap the headline at the largest size that fits `room` pixels high; at the smallest, cut it with an ellipsis."""
    words = _words(card.headline)
    block = _block(card.headline, card.headline_lang, (fonts, True), "headline", HEADLINE_SIZES[0])
    widths = _widths(block)
    whole = widths(" ".join(words))  # in ems, as _may_fit measures lines: a line too long for it is one here
    for size in HEADLINE_SIZES:
        font = _font(str(block.font.path), size, block.direction is not None)
        most = _most_lines(font, room)
        # Too long even at generous widths, as a whole or line by line: measuring it exactly would not help
        # (lines measured from their words are measured exactly at once: no need to try generous widths first).
        longest = most * (TEXT_WIDTH / size + SLACK) + (most - 1) * widths(" ")  # in ems
        if words and whole > longest:
            continue
        block = replace(block, font=font)
        if not block.by_word and _wrap(words, _may_fit(block, widths), most) is None:
            continue
        lines = _wrap(words, _fits(block, widths), most)
        if lines is not None:
            return replace(block, lines=tuple(lines))
    block = replace(block, font=font)  # the smallest size
    most = max(1, _most_lines(font, room))
    return replace(block, lines=tuple(_clip(words, _fits(block, widths), most, block.ellipsis)))


def _most_lines(font: ImageFont.FreeTypeFont, room: int) -> int:
    """Return how many lines in this font fit `room` pixels high, and MAX_LINES at most."""
    return min(MAX_LINES, 1 + (room - sum(font.getmetrics())) // _pitch(font))


@functools.lru_cache(maxsize=64)
def _pitch(font: ImageFont.FreeTypeFont) -> int:
    """Return the distance from one baseline to the next in a font: asked for at every line of every card."""
    return sum(font.getmetrics()) + int(font.size) // 8


@functools.lru_cache(maxsize=1024)
def _one_line(text: str, lang: str, faces: _Faces, part: str, size: int, room: int = TEXT_WIDTH) -> Block:
    """Lay out a short text on one line `room` pixels wide at most, cut with an ellipsis if it is too long.

    Bylines and site names come back from card to card: each is laid out once.
    """
    block = _block(text, lang, faces, part, size)
    return replace(block, lines=tuple(_clip(_words(text), _fits(block, _widths(block), room), 1, block.ellipsis)))


def _block(text: str, lang: str, faces: _Faces, part: str, size: int) -> Block:
    """Choose the face, direction and alignment of a text, with no lines yet."""
    face = _pick(text, lang, *faces, part)
    rtl = _is_rtl(text, lang)
    shaping = features.check("raqm")
    if rtl and not shaping:
        raise ShapingMissing(lang)
    font = _font(str(face.path), size, shaping)
    direction = ("rtl" if rtl else "ltr") if shaping else None
    ellipsis = "..." if face.missing(ELLIPSIS) else ELLIPSIS
    by_word = not rtl and left_to_right(text)
    return Block(font, (), direction, (lang or None) if shaping else None, rtl, by_word, ellipsis)


@functools.lru_cache(maxsize=256)
def _pick(text: str, lang: str, fonts: Fonts, bold: bool, part: str) -> Face:
    """Return the first face, bold or regular, that can draw every character of `text`, or raise Uncovered."""
    faces = fonts.bold if bold else fonts.regular
    text = unicodedata.normalize("NFC", text)
    for face in faces:
        if face.coverage.issuperset(map(ord, set(text))) or not face.missing(text):  # the first test is quicker
            return face
    raise Uncovered(part, lang, faces[0].missing(text) if faces else text)


def _is_rtl(text: str, lang: str) -> bool:
    """Tell whether a text runs right to left: by its first strong character, else by its language."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return languages.direction(lang) == "rtl"


def left_to_right(text: str) -> bool:
    """Tell whether a text has only left-to-right and neutral characters, so its words stand in logical order."""
    return not any(unicodedata.bidirectional(c) in RTL_CLASSES for c in set(BEYOND_ARMENIAN.findall(text)))


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int, shaping: bool) -> ImageFont.FreeTypeFont:
    """Load a face at a size, shaped by libraqm when it is there."""
    engine = ImageFont.Layout.RAQM if shaping else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def _words(text: str) -> list[str]:
    """Split a text into what lines may break between, in logical order (for right-to-left text too).

    Lone punctuation stays with its word: "« Merci ! » dit-elle" => ["« Merci ! »", "dit-elle"].
    """
    text = unicodedata.normalize("NFC", text)
    tokens = BREAKS.split(text) if any(space in text for space in "\u00a0\u2007\u202f") else text.split()  # quicker
    if "".join([token[:1] for token in tokens]).isalnum():  # every word starts with a letter or a digit, as most do
        return [token for token in tokens if token]
    words: list[str] = []
    opening = ""  # opening quotes and brackets, kept for the next word
    for token in tokens:
        if not token:
            continue
        if token[0].isalnum():  # most are words: neither opening nor closing punctuation
            words.append(opening + token)
            opening = ""
        elif all(unicodedata.category(c) in ("Ps", "Pi") for c in token):
            opening += f"{token} "
        elif words and not opening and not any(c.isalnum() for c in token):
            words[-1] += f" {token}"  # closing punctuation: "boue ;", "hiver »"
        else:
            words.append(opening + token)
            opening = ""
    return [*words, opening.rstrip()] if opening else words


def _widths(block: Block) -> Callable[[str], float]:
    """Return a function giving a line's advance in ems, from its words' widths in the block's font.

    Each word is measured once, and a line "a b c" is summed from "a b" when that is known: lines grow
    a word at a time. Advances scale with the size, so the widths serve every size of the block's face.
    """
    known = {" ": advance(block.font, " ", block.direction, block.language) / block.font.size}

    def measured(word: str) -> float:
        if word not in known:
            known[word] = advance(block.font, word, block.direction, block.language) / block.font.size
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


@functools.lru_cache(maxsize=8192)
def advance(font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None) -> float:
    """Return a word's advance in pixels: measuring was most of a card's layout, and words recur."""
    return font.getlength(word, direction=direction, language=language)


def _may_fit(block: Block, widths: Callable[[str], float]) -> Callable[[str], bool]:
    """Return a generous test: false only for lines that surely do not fit the text width."""
    most = TEXT_WIDTH / block.font.size + SLACK  # in ems
    return lambda line: widths(line) <= most


def _fits(block: Block, widths: Callable[[str], float], room: int = TEXT_WIDTH) -> Callable[[str], bool]:
    """Return a test of whether a line's ink fits `room` pixels: from its words' widths, measured only when close."""
    width = room / block.font.size  # in ems

    def fits(line: str) -> bool:
        estimate = widths(line)
        if abs(estimate - width) > SLACK:
            return estimate < width
        left, right = _ink_span(block, line)
        return right - min(left, 0) <= room

    return fits


def _ink_span(block: Block, line: str) -> tuple[float, float]:
    """Return where a line's ink starts and ends, from its pen's start: from its words' when drawn word by word."""
    if not block.by_word:
        left, _, right, _ = block.font.getbbox(line, direction=block.direction, language=block.language, anchor="ls")
        return left, right
    font, direction, language = block.font, block.direction, block.language
    spans = [
        (at + left, at + right)
        for at, word in word_starts(block, line)
        for left, right in [_ink(font, word, direction, language)]
    ]
    return min(left for left, _ in spans), max(right for _, right in spans)


def word_starts(block: Block, line: str) -> list[tuple[int, str]]:
    """Return each word of a left-to-right line and where it starts: its pen position, rounded down.

    A word thus stands at most a pixel closer to the one before than in the line drawn whole.
    """
    font, direction, language = block.font, block.direction, block.language
    starts, pen, space = [], 0.0, advance(font, " ", direction, language)
    for word in line.split(" "):
        starts.append((int(pen), word))
        pen += advance(font, word, direction, language) + space
    return starts


@functools.lru_cache(maxsize=8192)
def _ink(font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None) -> tuple[float, float]:
    """Return where a word's ink starts and ends, from its pen position: words recur from card to card."""
    left, _, right, _ = font.getbbox(word, direction=direction, language=language, anchor="ls")
    return left, right


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
        if lines and fits(longer := f"{lines[-1]} {word}"):
            lines[-1] = longer
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
