"""Draw the share image of a page (Open Graph, Twitter cards): a 1200x630 PNG made at build time.

    render_card(Card("Cette tente m'a gardée au sec tout l'hiver.", "fr", "Amina", "Besoins", "fr"), fonts)
      =>  PNG bytes: the quote large on a warm background, "Amina" below it,
          "Besoins" at the bottom on a green band; the same card always gives the same bytes

Where the text goes is card_layout.py's; this module paints it, and card_png.py
encodes it. A card is drawn as palette indices: the site's colours, shades of each
text colour over its ground, and the colours of the association's logo on its plate.
What cards share is drawn once per process and pasted: each word of left-to-right
text, at each size, in each colour, already in palette indices; a byline's rows,
compressed, for when it comes back (an item's urgency, an author's name); the band
with the site's name and logo. Each card then compresses only the rows its text
crosses: the rows of plain background around them are compressed once.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFont

from sitegen.pictures.card_layout import (
    BAND,
    HEIGHT,
    LOGO_BOX,
    LOGO_PADDING,
    MARGIN,
    RULE,
    RULE_GAP,
    TEXT_BOTTOM,
    WIDTH,
    Block,
    Card,
    Look,
    gap,
    layout,
    word_starts,
)
from sitegen.pictures.card_png import ROW, Piece, Sums, adler32_of, blank, deflated, png, sums
from sitegen.pictures.fonts import Fonts

# The site's own colours (templates/static/style.css); each text colour passes WCAG AA on its ground.
BACKGROUND = "#f3eee6"  # --surface-2

INK = "#1d1b18"  # --text: the headline

MUTED = "#575148"  # --muted: the byline

THEME = Look()  # the theme's own colours, and no logo

ACCENT = THEME.accent  # --accent: the band and the rule (a card's Look may set another)

ON_ACCENT = THEME.on_accent  # the site name on the band

PLATE = "#ffffff"  # --surface, the header's: what the logo stands on, as in the site's header

PLATE_RADIUS = 8

TEXT_GROUNDS = ((INK, BACKGROUND), (MUTED, BACKGROUND), (ON_ACCENT, ACCENT))  # each text colour and its ground

SHADES = 64  # anti-aliasing shades of each text colour over its ground: 2 + 3 * 64 colours of the palette

LOGO_COLOURS = 256 - 2 - 3 * SHADES  # the rest of the palette: the logo on its plate, in as many colours at most


@dataclass(frozen=True, slots=True)
class _Picture:
    """A text drawn in a colour: its palette indices and its coverage, as Pillow's own images (Image.im).

    They are pasted through Pillow's core: Image.paste's checks took longer than the pasting.
    """

    colour: str
    indices: Any  # mode L: palette indices, the colour's ground where there is no ink
    coverage: Any  # mode L: how much of each pixel the text covers, 0 to 255
    width: int
    height: int
    left: int  # where its box starts, from the pen position
    top: int  # where its box starts, from the baseline (negative: above it)
    sums: Sums  # of its palette indices: the checksum of the rows it is pasted in follows from them


_Paste = tuple[int, int, _Picture]  # a picture and where it goes: x in the row (after its filter type), y from the top
_Ink = tuple[int, int, tuple[_Paste, ...], int | None]  # what a line paints: its first row from its anchor, how many,
# the pictures, and the Adler-32 of those rows when the pictures stand apart in them (from their sums: not read again)
_Runs = tuple[tuple[int, int, Piece], ...]  # runs of rows with ink: first row, the row after, compressed


def render_card(card: Card, fonts: Fonts) -> bytes:
    """Return the card as PNG bytes (deterministic: same card, same bytes)."""
    headline, byline, site = layout(card, fonts)
    return png([*_text_rows(headline, byline), _band(site, card.look)], _palette(card.look))


def _text_rows(headline: Block, byline: Block) -> list[Piece]:
    """Return the rows above the band: the rule, headline and byline centred in the text area."""
    height = RULE[1] + RULE_GAP + headline.height + gap(byline) + byline.height
    rule = MARGIN + (TEXT_BOTTOM - MARGIN - height) // 2  # the rule's top row
    headline_top = rule + RULE[1] + RULE_GAP
    byline_top = headline_top + headline.height + gap(byline)
    parts = [(rule, _rule_runs(headline.right)), (headline_top, _headline_runs(headline))]
    parts.append((byline_top, _byline_runs(byline)))
    runs = [(top + first, top + end, piece) for top, runs in parts for first, end, piece in runs]
    apart = all(before[1] <= after[0] for before, after in pairwise(runs))
    if not apart or runs[0][0] < 0 or runs[-1][1] > HEIGHT - BAND:  # ink in another's rows, or off the text area
        inks = [
            (rule, _rule_ink(headline.right)),
            *_inks(headline, headline_top, INK),
            *_inks(byline, byline_top, MUTED),
        ]
        runs = list(_runs(inks, 0, HEIGHT - BAND))
    pieces, done = [], 0
    for first, end, piece in runs:
        pieces += [blank(first - done), piece]
        done = end
    return [piece for piece in [*pieces, blank(HEIGHT - BAND - done)] if piece[2]]


@functools.lru_cache(maxsize=8)
def _headline_runs(headline: Block) -> _Runs:
    """Return the rows of a headline's ink from its top, compressed: the next language's card may show it too."""
    return _runs(_inks(headline, 0, INK), -HEIGHT, HEIGHT)


@functools.lru_cache(maxsize=1024)
def _byline_runs(byline: Block) -> _Runs:
    """Return the rows of a byline's ink from its top, compressed: bylines come back (an author, an item's urgency).

    Apart from the headlines', which seldom come back: they would push the bylines out.
    """
    return _runs(_inks(byline, 0, MUTED), -HEIGHT, HEIGHT)


@functools.cache
def _rule_runs(right: bool) -> _Runs:
    """Return the rows of the accent rule above the headline, from its top, compressed."""
    return _runs([(0, _rule_ink(right))], 0, RULE[1])


def _inks(block: Block, top: int, colour: str) -> list[tuple[int, _Ink]]:
    """Return each line of a block drawn in a colour, at the row of its baseline."""
    ascent = block.font.getmetrics()[0]
    return [
        (top + ascent + number * block.pitch, _line_ink(block, line, colour)) for number, line in enumerate(block.lines)
    ]


def _runs(inks: list[tuple[int, _Ink]], top: int, bottom: int) -> _Runs:
    """Return the runs of rows the inks take, kept between `top` and `bottom`: painted together, compressed apart.

    Lines whose ink shares rows (a mark reaching the line above) make one run, painted
    as overlapping text is (_paint); the rows between runs are plain background.
    """
    spans = _merged(
        [(max(row + first, top), min(row + first + count, bottom)) for row, (first, count, _, _) in inks if count]
    )
    if not spans:
        return ()
    start, end = spans[0][0], spans[-1][1]
    inked = [ink for _, ink in inks if ink[1]]  # a line's checksum is known only when its pictures stand apart
    apart = len(spans) == len(inked) and all(ink[3] is not None or _apart(ink[2]) for ink in inked)
    rows = memoryview(_painted([(row - start, ink) for row, ink in inks], end - start, apart))
    known = {(row + ink[0], row + ink[0] + ink[1]): ink[3] for row, ink in inks if apart and ink[3] is not None}
    return tuple(
        (first, stop, deflated(rows[(first - start) * ROW : (stop - start) * ROW], known.get((first, stop))))
        for first, stop in spans
    )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return spans of rows with those that share rows merged, in order, leaving out empty ones."""
    merged: list[tuple[int, int]] = []
    for first, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and first < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged


def _painted(inks: list[tuple[int, _Ink]], height: int, apart: bool) -> bytearray:
    """Return `height` rows of background, each with its filter type, with the inks pasted from the given rows.

    The rows are painted in place, through a picture of their memory: copying them out took as long as the painting.
    """
    rows = bytearray(ROW * height)  # zeros: the background's palette index, and each row's filter type (none)
    canvas = Image.frombuffer("L", (ROW, height), rows, "raw", "L", 0, 1)
    _paint(canvas, inks, apart)  # through Pillow's core, which writes into `rows` (Image.paste would copy them)
    canvas.im.paste(0, (0, 0, 1, height))  # each row's filter type, whatever ink reached the left edge
    return rows


def _paint(canvas: Image.Image, inks: list[tuple[int, _Ink]], apart: bool) -> None:
    """Paint inks anchored at the given rows: pasted whole when they stand `apart`, else as text is drawn.

    Apart, a picture's ground is the canvas' own, so pasting it whole is exact, and twice
    as quick as through a mask. Pictures that overlap (marks reaching the line above) add
    up their colour's coverage first, as glyphs drawn on one another do, over the rule.
    """
    placed = [(x, top + first + y, picture) for top, (first, _, pastes, _) in inks for x, y, picture in pastes]
    if apart:
        paste = canvas.im.paste  # Image.im is a property: looked up once
        for x, y, picture in placed:
            paste(picture.indices, (x, y, x + picture.width, y + picture.height))
        return
    for colour in dict.fromkeys(picture.colour for _, _, picture in placed):
        coverage = Image.new("L", canvas.size)
        for x, y, picture in (each for each in placed if each[2].colour == colour):
            coverage.im.paste(255, (x, y, x + picture.width, y + picture.height), picture.coverage)
        indices = coverage.point(_shading(colour)) if colour != ACCENT else Image.new("L", canvas.size, _index(ACCENT))
        canvas.im.paste(indices.im, (0, 0, *canvas.size), coverage.point(_INKED).im)


def _apart(pastes: tuple[_Paste, ...]) -> bool:
    """Tell whether the pictures of one line, left to right, each end before the next starts."""
    return all(x + picture.width <= after for (x, _, picture), (after, _, _) in pairwise(pastes))


def _rule_ink(right: bool) -> _Ink:
    """Return the accent rule, at the margin the headline starts from."""
    indices, coverage = Image.new("L", RULE, _index(ACCENT)).im, Image.new("L", RULE, 255).im
    x = 1 + (WIDTH - MARGIN - RULE[0] if right else MARGIN)  # 1 +: after the row's filter type
    pastes = ((x, 0, _Picture(ACCENT, indices, coverage, *RULE, 0, 0, _sums(indices, *RULE))),)
    return 0, RULE[1], pastes, _checksum(RULE[1], pastes)


def _line_ink(block: Block, line: str, colour: str) -> _Ink:
    """Return a line's pictures and where they go: its words', or the whole line's for right-to-left and mixed text."""
    font, direction, language = block.font, block.direction, block.language
    if block.by_word:
        drawn = [(at, _word(font, word, direction, language, colour)) for at, word in word_starts(block, line)]
    else:
        drawn = [(0, _picture(font, line, direction, language, colour))]
    words = [(at + picture.left, picture) for at, picture in drawn if picture.width and picture.height]
    if not words:
        return 0, 0, (), None
    if block.right:
        x = 1 + WIDTH - MARGIN - max([left + picture.width for left, picture in words])  # 1 +: after the filter type
    else:
        x = 1 + MARGIN - min(0, *[left for left, _ in words])
    top = min([picture.top for _, picture in words])  # lists: quicker than generators, for a few words
    count = max([picture.top + picture.height for _, picture in words]) - top
    pastes = tuple([(x + left, picture.top - top, picture) for left, picture in words])
    return top, count, pastes, _checksum(count, pastes)


def _checksum(count: int, pastes: tuple[_Paste, ...]) -> int | None:
    """Return the Adler-32 of `count` rows holding only these pictures, left to right; None if they overlap or leave."""
    end = 1  # after the row's filter type
    for x, _, picture in pastes:
        if x < end:
            return None  # the rows are read then, if at all: painted through masks (_paint), or cut off
        end = x + picture.width
    return adler32_of(count * ROW, [(y * ROW + x, picture.sums) for x, y, picture in pastes]) if end <= ROW else None


@functools.lru_cache(maxsize=4096)
def _word(
    font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None, colour: str
) -> _Picture:
    """Return a word in a colour: rendering glyphs was most of a card's drawing, and words recur from card to card."""
    return _picture(font, word, direction, language, colour)


def _picture(
    font: ImageFont.FreeTypeFont, text: str, direction: str | None, language: str | None, colour: str
) -> _Picture:
    """Draw a text in a colour, in palette indices, cropped to its ink, which starts at its pen on its baseline."""
    coverage, (left, top) = font.getmask2(text, "L", direction=direction, language=language, anchor="ls")
    width, height = coverage.size
    indices = coverage.point(_shading(colour), "L")
    return _Picture(colour, indices, coverage, width, height, left, top, _sums(indices, width, height))


def _sums(indices: Any, width: int, height: int) -> Sums:
    """Return the sums of a picture's palette indices (Pillow's own image), for the checksum of the rows it is in.

    They follow from the Adler-32 of its bytes laid out twice: in rows of its width, and of one more byte.
    """
    if not width * height:
        return 0, 0
    layouts = bytearray(width * height), bytearray((width + 1) * height)
    for stride, data in zip((width, width + 1), layouts, strict=True):
        Image.frombuffer("L", (width, height), data, "raw", "L", stride, 1).im.paste(indices, (0, 0, width, height))
    return sums(*layouts, width)


@functools.lru_cache(maxsize=16)
def _band(site: Block, look: Look) -> Piece:
    """Return the rows of the band every card of a site ends with: the site's name and logo, compressed."""
    band = Image.new("L", (ROW, BAND), _index(ACCENT))
    baseline = (BAND - site.height) // 2 + site.font.getmetrics()[0]
    inks = [
        (baseline + number * site.pitch, _line_ink(site, line, ON_ACCENT)) for number, line in enumerate(site.lines)
    ]
    _paint(band, inks, len(inks) == 1 and _apart(inks[0][1][2]))
    if look.logo:
        badge = _badge(look)[0]
        left = MARGIN if site.right else WIDTH - MARGIN - badge.width  # at the end the site's name does not start from
        indices = Image.frombytes("L", badge.size, badge.tobytes().translate(_LOGO_INDICES))
        band.paste(indices, (1 + left, (BAND - badge.height) // 2))  # 1 +: after the row's filter type
    band.paste(0, (0, 0, 1, BAND))  # each row's filter type: 0, none
    return deflated(band.tobytes())


@functools.lru_cache(maxsize=4)
def _badge(look: Look) -> tuple[Image.Image, bytes]:
    """Return the logo on its plate, on the band, in LOGO_COLOURS colours at most (palette indices), and the colours."""
    with Image.open(io.BytesIO(look.logo)) as opened:
        logo = opened.convert("RGBA")
    size = (logo.width + 2 * LOGO_PADDING, LOGO_BOX[1] + 2 * LOGO_PADDING)
    corners = Image.new("L", (size[0] * 4, size[1] * 4))  # drawn 4 times larger, then reduced: smooth corners
    ImageDraw.Draw(corners).rounded_rectangle((0, 0, size[0] * 4 - 1, size[1] * 4 - 1), 4 * PLATE_RADIUS, fill=255)
    badge = Image.new("RGBA", size, look.accent)
    badge.paste(PLATE, (0, 0, *size), corners.resize(size, Image.Resampling.BOX))
    badge.alpha_composite(logo, (LOGO_PADDING, LOGO_PADDING + (LOGO_BOX[1] - logo.height) // 2))
    quantised = badge.convert("RGB").quantize(LOGO_COLOURS, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return quantised, bytes(quantised.getpalette() or [])[: 3 * LOGO_COLOURS]


def _index(ground: str) -> int:
    """Return the palette index of a ground colour: the background is 0, the accent 1."""
    return (BACKGROUND, ACCENT).index(ground)


_LOGO_INDICES = bytes(min(255, 2 + 3 * SHADES + n) for n in range(256))  # the logo's colours follow the shades

_INKED = [255 if round(a * SHADES / 255) else 0 for a in range(256)]  # coverage that is drawn: not its ground's shade


@functools.lru_cache(maxsize=16)
def _palette(look: Look = THEME) -> bytes:
    """Return the cards' palette: the two grounds, SHADES shades of each text colour over its ground, the logo's."""
    shown = {ACCENT: look.accent, ON_ACCENT: look.on_accent}  # the site's colours in the roles of the theme's
    colours: list[tuple[int, ...]] = [ImageColor.getrgb(BACKGROUND), ImageColor.getrgb(look.accent)]
    for text, ground in TEXT_GROUNDS:
        front, back = ImageColor.getrgb(shown.get(text, text)), ImageColor.getrgb(shown.get(ground, ground))
        for shade in range(1, SHADES + 1):
            colours.append(tuple(round(b + (f - b) * shade / SHADES) for f, b in zip(front, back, strict=True)))
    logo = _badge(look)[1] if look.logo else b""
    return bytes(channel for colour in colours for channel in colour) + logo


@functools.cache
def _shading(colour: str) -> list[int]:
    """Map a text colour's coverage (0 to 255) to palette indices: 0 => its ground, 255 => the colour itself."""
    position = [text for text, _ in TEXT_GROUNDS].index(colour)
    ground = _index(TEXT_GROUNDS[position][1])
    before = 1 + position * SHADES  # shade s (1 to SHADES) of this colour is at index before + s
    return [before + shade if (shade := round(a * SHADES / 255)) else ground for a in range(256)]
