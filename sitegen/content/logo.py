"""The rule of site.yaml's `brand.logo`: a picture in content/images/ that every size made of it can come from.

    logo: logo.png   (a PNG 400x400)  =>  ("logo.png", the file)
    logo: logo.svg                    =>  a problem: SVG can carry scripts, export it as PNG
    logo: logo.png   (a PNG 120x120)  =>  a problem: 120x120 pixels, at least 180 needed on each side

Only the picture's header is read here, which says its format and size; the picture
pipeline (sitegen/pictures/logo.py) decodes it whole and reports a damaged file.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from sitegen.content.addresses import ImagePath
from sitegen.content.documents import Node
from sitegen.content.rules import Reader

# The largest size made of a logo is the 180 px touch icon (sitegen/pictures/logo.py): a logo at
# least this large on its shorter side is never enlarged, which would blur it, wherever it is shown.
SMALLEST = 180
FORMATS = {"PNG", "JPEG", "WEBP"}
SAVE_AS = "save it as PNG (best for a logo), JPEG or WebP"


@dataclass(frozen=True)
class Logo(ImagePath):
    """The association's logo: a PNG, JPEG or WebP in content/images/, at least SMALLEST pixels on each side."""

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return (src, resolved path) for a logo the picture pipeline can make every size of."""
        found = super().read(node, reader, name)
        if not isinstance(found, tuple):
            return found  # INVALID, or the name alone while content/images/ is unknown
        src, path = found
        if PurePosixPath(src).suffix.lower() == ".svg":
            return reader.fail(
                node.line,
                f"'{name}' is '{src}', an SVG drawing, which the site does not publish: an SVG can carry "
                "scripts, and it cannot be re-encoded without them as pictures are",
                f"export it as a PNG at least {SMALLEST} pixels high and wide (Inkscape: File > Export)",
            )
        problem = _problem(path)
        return reader.fail(node.line, f"'{name}' is '{src}', {problem[0]}", problem[1]) if problem else found


def _problem(path: Path) -> tuple[str, str] | None:
    """Return what is wrong with a logo's picture and how to fix it, from its header; None if nothing is."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # publishing refuses those, named
            with Image.open(path) as picture:
                kind, (width, height) = picture.format, picture.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return "which is not a picture the generator can read", SAVE_AS
    if kind not in FORMATS:
        return f"a {kind} picture, which the site does not use for a logo", SAVE_AS
    if min(width, height) < SMALLEST:
        return (
            f"{width}x{height} pixels: too small for the browser's icon, which is {SMALLEST}x{SMALLEST}",
            f"export it at least {SMALLEST} pixels high and wide (a larger one is made smaller, never blurred)",
        )
    return None
