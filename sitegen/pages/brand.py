"""static/brand.css: the association's colour (site.yaml's `brand:`) in place of the theme's accent.

brand: {accent: "#836a00"}  =>  :root { --accent: #836a00; --link: #836a00; ... }, and a lighter shade in dark mode

base.html links it after style.css, whose custom properties it sets again, in the same
form: for :root, then for :root in dark mode. Its colours come from sitegen/content/colours.py,
which makes every pair they form pass WCAG 2.2 AA.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen import model
from sitegen.content import colours
from sitegen.output import Output

BRAND_CSS = "static/brand.css"
HEADER = "/* The association's colour, from site.yaml's brand: written at each build, read after style.css. */\n"
DARK = "@media (prefers-color-scheme: dark) {\n%s}\n"


def brand_files(brand: model.Brand) -> Iterator[Output]:
    """Yield static/brand.css when site.yaml's brand sets a colour; nothing when it sets none."""
    palettes = colours.palettes(brand.accent, brand.accent_dark)
    if not palettes:
        return
    light = _root(palettes[colours.LIGHT], "") if colours.LIGHT in palettes else ""
    dark = DARK % _root(palettes[colours.DARK], "  ") if colours.DARK in palettes else ""
    yield Output(BRAND_CSS, (HEADER + "\n" + "\n".join(block for block in (light, dark) if block)).encode())


def _root(palette: colours.Palette, indent: str) -> str:
    """Return a :root rule setting the theme's accent colours to a palette's, indented as style.css's."""
    values = {
        "accent": palette.accent,
        "accent-strong": palette.accent_strong,
        "on-accent": palette.on_accent,
        "accent-soft": palette.accent_soft,
        "link": palette.link,
    }
    lines = "".join(f"{indent}  --{name}: {value};\n" for name, value in values.items())
    return f"{indent}:root {{\n{lines}{indent}}}\n"
