"""Draw the share image of a page (Open Graph, Twitter cards): a 1200x630 PNG made at build time.

    render_card(Card("Cette tente m'a gardée au sec tout l'hiver.", "fr", "Amina", "Besoins", "fr"), fonts)
      =>  PNG bytes: the quote large on a warm background, "Amina" below it,
          "Besoins" at the bottom on a green band; the same card always gives the same bytes

Where the text goes is card_layout.py's; this module paints it. A card is drawn as
palette indices (the site's colours, shades of each text colour over its ground, and
the colours of the association's logo on its plate) and compressed unfiltered: a tenth
of the time of an RGB picture, and smaller. What cards share is drawn once: the band
with the site's name and logo, and each word of left-to-right text at each size.
"""

from __future__ import annotations

import functools
import io
import struct
import unicodedata
import zlib
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
    advance,
    gap,
    layout,
)
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

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER, FINAL_BLOCK = b"\x78\x01", b"\x03\x00"  # deflate with a 32 KiB window; an empty last block
ROW = 1 + WIDTH  # bytes per row of a PNG image: the row's filter type, then a palette index per pixel

SHADES = 64  # anti-aliasing shades of each text colour over its ground: 2 + 3 * 64 colours of the palette

LOGO_COLOURS = 256 - 2 - 3 * SHADES  # the rest of the palette: the logo on its plate, in as many colours at most

RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"})  # bidi classes that can reverse a run


def render_card(card: Card, fonts: Fonts) -> bytes:
    """Return the card as PNG bytes (deterministic: same card, same bytes)."""
    headline, byline, site = layout(card, fonts)
    rows, changed = _draw_card(headline, byline, site, card.look)
    return _png(_compressed(rows, site, card.look, changed), card.look)


def _png(pixels: bytes, look: Look) -> bytes:
    """Return a PNG of the compressed rows with the cards' palette, and nothing else: no text, time or profile."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit palette indices, not interlaced
    chunks = ((b"IHDR", header), (b"PLTE", _palette(look)), (b"IDAT", pixels), (b"IEND", b""))
    return PNG_SIGNATURE + b"".join(_chunk(kind, data) for kind, data in chunks)


def _compressed(rows: bytearray, site: Block, look: Look, changed: range) -> bytes:
    """Return the zlib stream of the rows: those that differ from the site's ground, around them its rows as kept.

    Unfiltered rows at level 1 make a file smaller than RGB at level 6 (Pillow filters every row, which
    costs time and, on flat colours, bytes), and compressing a row costs as much whether plain or not.
    """
    above, below = _ground_deflated(site, look, 0, changed.start), _ground_deflated(site, look, changed.stop, HEIGHT)
    middle = memoryview(rows)[changed.start * ROW : changed.stop * ROW]
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)  # raw deflate: the pieces make one stream
    pixels = above[0] + deflate.compress(middle) + deflate.flush(zlib.Z_SYNC_FLUSH) + below[0] + FINAL_BLOCK
    checksum = _adler32_after(_adler32_after(above[1], zlib.adler32(middle), len(middle)), below[1], below[2])
    return ZLIB_HEADER + pixels + struct.pack(">I", checksum)


@functools.lru_cache(maxsize=256)
def _ground_deflated(site: Block, look: Look, start: int, stop: int) -> tuple[bytes, int, int]:
    """Return rows `start` to `stop` of a site's ground compressed on their own, their Adler-32 and their length."""
    rows = _ground(site, look)[start * ROW : stop * ROW]
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


def _draw_card(headline: Block, byline: Block, site: Block, look: Look) -> tuple[bytearray, range]:
    """Return the card's PNG rows, the rule, headline and byline centred in the text area, and which rows they take."""
    rows = bytearray(_ground(site, look))
    height = RULE[1] + RULE_GAP + headline.height + gap(byline) + byline.height
    rule = MARGIN + (TEXT_BOTTOM - MARGIN - height) // 2  # the rule's top row
    headline_top = rule + RULE[1] + RULE_GAP
    byline_top = headline_top + headline.height + gap(byline)
    end = min(HEIGHT - BAND, rule + height + int((byline if byline.lines else headline).font.size))  # an em below
    split = byline_top - gap(byline) // 2 if byline.lines else end  # the headline's rows above, the byline's below
    rule_x = 1 + (WIDTH - MARGIN - RULE[0] if headline.right else MARGIN)  # 1 +: after the row's filter type
    for y in range(rule, rule + RULE[1]):
        rows[y * ROW + rule_x : y * ROW + rule_x + RULE[0]] = bytes([_index(ACCENT)]) * RULE[0]
    top = rule + RULE[1]
    rows[top * ROW : split * ROW] = _painted(headline, headline_top - top, split - top, INK)
    rows[split * ROW : end * ROW] = _painted(byline, byline_top - split, end - split, MUTED)
    return rows, range(rule, end)


@functools.lru_cache(maxsize=16)
def _ground(site: Block, look: Look) -> bytes:
    """Return the PNG rows every card of a site starts from: the background, the band with the site's name and logo."""
    background = (b"\0" + bytes([_index(BACKGROUND)]) * WIDTH) * (HEIGHT - BAND)
    rows = bytearray(background + _painted(site, (BAND - site.height) // 2, BAND, ON_ACCENT))
    if look.logo:
        badge = _badge(look)[0]
        left = MARGIN if site.right else WIDTH - MARGIN - badge.width  # at the end the site's name does not start from
        top = HEIGHT - BAND + (BAND - badge.height) // 2
        pixels = badge.tobytes().translate(_LOGO_INDICES)
        for y in range(badge.height):
            at = (top + y) * ROW + 1 + left  # 1 +: after the row's filter type
            rows[at : at + badge.width] = pixels[y * badge.width : (y + 1) * badge.width]
    return bytes(rows)


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


def _painted(block: Block, top: int, height: int, colour: str) -> bytearray:
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


def _pieces(block: Block, line: str) -> list[tuple[int, _Ink]]:
    """Return the ink of each word of a left-to-right line, and where it starts.

    A word starts at its pen position rounded down: at most a pixel closer than in the line drawn whole.
    """
    pieces, pen = [], 0.0
    for word in line.split(" "):
        pieces.append((int(pen), _word_ink(block.font, word, block.direction, block.language)))
        pen += advance(block.font, word, block.direction, block.language)
        pen += advance(block.font, " ", block.direction, block.language)
    return pieces


@functools.lru_cache(maxsize=8192)
def _word_ink(font: ImageFont.FreeTypeFont, word: str, direction: str | None, language: str | None) -> _Ink:
    """Return a word's ink: rendering glyphs was most of a card's drawing, and words recur from card to card."""
    return font.getmask2(word, "L", direction=direction, language=language, anchor="ls")


def _line_ink(block: Block, line: str) -> _Ink:
    """Return a whole line's ink, shaped as one: for right-to-left and mixed text."""
    return block.font.getmask2(line, "L", direction=block.direction, language=block.language, anchor="ls")


def _left_to_right(text: str) -> bool:
    """Tell whether a text has only left-to-right and neutral characters, so its words stand in logical order."""
    return not any(unicodedata.bidirectional(c) in RTL_CLASSES for c in set(text))


def _index(ground: str) -> int:
    """Return the palette index of a ground colour: the background is 0, the accent 1."""
    return (BACKGROUND, ACCENT).index(ground)


_LOGO_INDICES = bytes(min(255, 2 + 3 * SHADES + n) for n in range(256))  # the logo's colours follow the shades


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
def _shading(colour: str) -> bytes:
    """Map a text colour's coverage (0 to 255) to palette indices: 0 => its ground, 255 => the colour itself."""
    position = [text for text, _ in TEXT_GROUNDS].index(colour)
    ground = _index(TEXT_GROUNDS[position][1])
    before = 1 + position * SHADES  # shade s (1 to SHADES) of this colour is at index before + s
    return bytes(before + shade if (shade := round(a * SHADES / 255)) else ground for a in range(256))
