"""The brand's colours: written #RRGGBB in site.yaml, checked for contrast against WCAG 2.2 AA.

accent: "#0b5e55"   =>  "#0b5e55"
accent: 0b5e55      =>  a problem: a colour starts with # (and is quoted, or YAML reads a comment)
accent: "#f2c500"   =>  a problem: links in it are hard to read on the page; "#836a00" is the nearest that passes

The theme's accent colours (sitegen/templates/static/style.css) are made from the brand's, in
light and dark mode (`palette`): links and buttons in it, the words on buttons in white or the
theme's dark ink, whichever reads better, a shade further from the page for a button under
the pointer, and a pale tint behind links and marked words. Only a colour the association
wrote can fail: the others are moved until every pair they make passes.

A shade keeps a colour's hue and saturation and moves its lightness, in HLS (colorsys): the
shades stay in sRGB, and their luminance grows with their lightness, so the nearest shade that
passes is the same whatever measure of lightness orders them (CIE L*, OKLab's L). A perceptual
lightness would need another path (a constant OKLCH chroma leaves sRGB in the dark and pale
shades of a vivid colour) and would choose differently only between a lighter and a darker
shade that both pass, which the theme's colours never allow: its pages are near white in light
mode and near black in dark mode.
"""

from __future__ import annotations

import colorsys
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.content.documents import Node
from sitegen.content.rules import INVALID, Reader, Rule

HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Colour(Rule):
    """A colour written as #RRGGBB, as design tools and browsers' colour pickers give it."""

    expected = 'a colour written "#RRGGBB", in quotes'
    example = '"#0b5e55"'

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the colour in lower case when it is #RRGGBB."""
        text = self.scalar(node, reader, name)
        if text is INVALID or HEX.fullmatch(text):
            return text if text is INVALID else text.lower()
        digits = text.lstrip("#")
        hint = f'write it "#{digits.lower()}", in quotes' if re.fullmatch(r"[0-9a-fA-F]{6}", digits) else ""
        return reader.fail(
            node.line,
            f"'{name}' is '{text}', which is not {self.expected}",
            hint or 'write six hexadecimal digits after #, in quotes: "#0b5e55"',
        )


TEXT = 4.5  # WCAG 2.2 AA (1.4.3): text and its background
SHAPES = 3.0  # WCAG 2.2 AA (1.4.11): a bar or a border and what is beside it
WHITE = "#ffffff"
INK = "#1d1b18"  # the theme's dark ink: its text in light mode
STRONGER = 0.08  # how much darker (light mode) or lighter (dark mode) a button turns under the pointer
SOFT_SATURATION = 0.35  # at most: the soft shade is a pale tint, like the theme's own
STEPS = 1000  # shades are searched in steps of 0.001 of lightness, finer than #rrggbb tells apart


@dataclass(frozen=True, slots=True)
class Mode:
    """The theme's colours in light or dark mode (sitegen/templates/static/style.css), which the brand's meet."""

    name: str  # "light" or "dark"
    page: str  # --bg
    surface: str  # --surface: cards, the header, boxes
    shaded: str  # --surface-2: shaded boxes and bands
    text: str  # --text
    track: str  # --track: the empty part of progress bars
    away: int  # -1: darker is away from the page (light mode); 1: lighter is (dark mode)
    soft: float  # the lightness of --accent-soft, a tint near the page's


LIGHT = Mode("light", "#fbf8f3", "#ffffff", "#f3eee6", "#1d1b18", "#e6dfd4", away=-1, soft=0.86)
DARK = Mode("dark", "#161513", "#201e1b", "#2a2724", "#ede8e0", "#3a3631", away=1, soft=0.22)


@dataclass(frozen=True, slots=True)
class Pair:
    """A colour shown on another, and the contrast WCAG 2.2 AA asks between them."""

    subject: str  # what is in `colour`, for messages: "links in that colour"
    other: str  # what `against` is, for messages: "the page"
    colour: str
    against: str
    minimum: float  # TEXT or SHAPES

    @property
    def ratio(self) -> float:
        """Return the contrast between the two colours: 1 (none) to 21 (black on white)."""
        return contrast(self.colour, self.against)

    @property
    def passes(self) -> bool:
        """Return True when the contrast is the one WCAG 2.2 AA asks, or more."""
        return self.ratio >= self.minimum


@dataclass(frozen=True, slots=True)
class Palette:
    """The theme's accent colours in one mode, made from the brand's: what static/brand.css sets."""

    accent: str  # --accent: buttons, bars, borders
    accent_strong: str  # --accent-strong: a button under the pointer
    accent_soft: str  # --accent-soft: behind links and marked words
    link: str  # --link
    on_accent: str  # --on-accent: the words on buttons


def luminance(colour: str) -> float:
    """Return a colour's relative luminance as WCAG 2.2 defines it: 0 for black, 1 for white."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """Return WCAG 2.2's contrast ratio of two colours, from 1 to 21, whichever is lighter."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def lightness(colour: str) -> float:
    """Return a colour's lightness in HLS, from 0 (black) to 1 (white)."""
    return colorsys.rgb_to_hls(*_rgb(colour))[1]


def shade(colour: str, lightness: float) -> str:
    """Return the colour with the same hue and saturation (HLS) and another lightness, as #rrggbb."""
    hue, _, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(hue, min(max(lightness, 0.0), 1.0), saturation))


def on_accent(accent: str) -> str:
    """Return the words for buttons in a colour: white or the theme's dark ink, whichever contrasts more."""
    return max((WHITE, INK), key=lambda words: contrast(words, accent))


def accent_pairs(accent: str, mode: Mode) -> tuple[Pair, ...]:
    """Return what the theme shows in its accent colour, each on what is beside it (style.css)."""
    links = "links in that colour"
    return (
        Pair(links, "the page", accent, mode.page, TEXT),
        Pair(links, "cards and boxes", accent, mode.surface, TEXT),
        Pair(links, "shaded boxes", accent, mode.shaded, TEXT),
        Pair("the words on buttons of that colour", "the button", on_accent(accent), accent, TEXT),
        Pair("progress bars in that colour", "their empty part", accent, mode.track, SHAPES),
    )


def readable_accent(colour: str, mode: Mode) -> str:
    """Return the colour if every accent pair passes with it in a mode, else its nearest shade that passes."""
    return nearest_shade(colour, lambda accent: accent_pairs(accent, mode))


def nearest_shade(colour: str, pairs: Callable[[str], Sequence[Pair]]) -> str:
    """Return the colour if all its pairs pass, else the shade of it whose lightness is nearest that passes.

    Along one hue and saturation, luminance grows with lightness, so each pair passes on one
    side of a lightness or on both: the search steps away from the colour's lightness, darker
    first, and returns the first shade that passes. Against the theme's colours, black passes
    every pair in light mode and white in dark mode, so there always is one.
    """
    if all(pair.passes for pair in pairs(colour)):
        return colour
    start = round(lightness(colour) * STEPS)
    for distance in range(1, STEPS + 1):
        for step in (start - distance, start + distance):
            candidate = shade(colour, step / STEPS) if 0 <= step <= STEPS else None
            if candidate and all(pair.passes for pair in pairs(candidate)):
                return candidate
    raise ValueError(f"no shade of {colour} passes")  # black and white pass every pair the theme makes


def palette(accent: str, mode: Mode) -> Palette:
    """Return the theme's accent colours made from a readable accent, each pair they make passing WCAG 2.2 AA."""
    words = on_accent(accent)
    pressed = shade(accent, lightness(accent) + mode.away * STRONGER)
    strong = nearest_shade(pressed, lambda c: (Pair("the words", "a button under the pointer", words, c, TEXT),))
    hue, _, saturation = colorsys.rgb_to_hls(*_rgb(accent))
    tint = _hex(colorsys.hls_to_rgb(hue, mode.soft, min(saturation, SOFT_SATURATION)))
    behind = "the tint behind them"  # a secondary button under the pointer, a word marked in search results
    soft = nearest_shade(
        tint, lambda c: (Pair("links", behind, accent, c, TEXT), Pair("text", behind, mode.text, c, TEXT))
    )
    return Palette(accent, strong, soft, link=accent, on_accent=words)


def palettes(accent: str | None, accent_dark: str | None) -> dict[Mode, Palette]:
    """Return the brand's palette in each mode it sets: light with `accent`, dark with either."""
    found = {LIGHT: palette(accent, LIGHT)} if accent else {}
    dark = accent_dark or (readable_accent(accent, DARK) if accent else None)
    return found | ({DARK: palette(dark, DARK)} if dark else {})


def unreadable(name: str, colour: str, mode: Mode) -> tuple[str, str] | None:
    """Return the message and hint for a colour that fails a pair in its mode, naming the worst; None if none fails."""
    worst = min(accent_pairs(colour, mode), key=lambda pair: pair.ratio / pair.minimum)
    if worst.passes:
        return None
    kind = "text" if worst.minimum == TEXT else "bars and borders"
    message = (
        f"'{name}' is \"{colour}\": {worst.subject} have a contrast of {_ratio(worst.ratio)}:1 with {worst.other} "
        f"in {mode.name} mode, below the {worst.minimum:g}:1 WCAG 2.2 AA asks for {kind}"
    )
    return message, f'the nearest shade that passes is "{readable_accent(colour, mode)}"'


def _ratio(ratio: float) -> str:
    """Return a contrast ratio rounded down to one decimal, so that one just short of 4.5 never reads 4.5."""
    return f"{math.floor(ratio * 10) / 10:g}"


def _rgb(colour: str) -> tuple[float, float, float]:
    """Return a #rrggbb colour's red, green and blue, from 0 to 1."""
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    """Return red, green and blue from 0 to 1 as #rrggbb."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
