"""The association's logo (site.yaml's brand.logo), made by the picture pipeline in each size the site shows it.

    content/images/logo.png  =>  images/logo-3f2a9c1be0-1x.webp  images/logo-3f2a9c1be0-1x.png   the header
                                 images/logo-3f2a9c1be0-2x.webp  images/logo-3f2a9c1be0-2x.png   (screens at 2x)
                                 favicon.ico (16, 32, 48 px)  apple-touch-icon.png (180 px)      the site's root
                                 and the logo as share cards show it, drawn on them (card_drawing.py)

Like every picture (publish.py) it is decoded, turned upright, converted to sRGB and
encoded again without any metadata, and its sizes are cached by the same kind of key.
An SVG, a file that is no picture and a logo too small are refused when site.yaml is
read (sitegen/content/logo.py), at its line; a damaged file is refused here.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from sitegen import model
from sitegen.errors import ContentError, Problem, shown_path
from sitegen.pictures.card_layout import LOGO_BOX
from sitegen.pictures.publish import (
    ROOT_ICONS,
    SETTINGS,
    ImageError,
    Kinds,
    PublishedImage,
    Variant,
    encode,
    from_cache,
    named,
    open_picture,
    prepare,
    publish_images,
    to_cache,
)

LOGO = "/logo"  # its key among the published pictures: a picture of content/images/ never starts with /
HEADER = (160, 40)  # CSS pixels at most, beside the site's name: a wide logo is made narrower, never taller
FAVICON = (16, 32, 48)  # the sizes in favicon.ico: browser tabs, bookmarks, Windows' taskbar
TOUCH_ICON = 180  # pixels square: a phone's home screen (Apple's size, which Android reads too)
TOUCH_MARGIN = 18  # pixels of the page's colour around the logo: phones round the icon's corners
PAGE = "#fbf8f3"  # the theme's --bg: under a transparent logo, which phones would show on black
KINDS = ("webp", "fallback", "icons", "card")
# Part of the logo's names and cache key: changing how it is made renames it.
LOGO_SETTINGS = (
    f"{SETTINGS} logo v1 header={HEADER} favicon={FAVICON} touch={TOUCH_ICON},{TOUCH_MARGIN},{PAGE} card={LOGO_BOX}"
)


@dataclass(frozen=True, slots=True)
class PublishedLogo(PublishedImage):
    """The logo ready to show: the header's at 1x and 2x (WebP and PNG), the icons, the share cards' logo."""

    icons: tuple[Variant, ...]  # favicon.ico and apple-touch-icon.png, at the site's root
    card: bytes  # a PNG of the logo within card_layout.LOGO_BOX, drawn on every share card: not published

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Return every file to publish: the header's and the icons."""
        return self.webp + self.fallback + self.icons


def publish_pictures(
    images: list[tuple[model.Image, str]], config: model.Config, shown_root: str, cache: Path | None = None
) -> dict[str, PublishedImage]:
    """Publish the pictures items and testimonies show, and the logo as LOGO; raise ContentError naming every one."""
    problems: list[Problem] = []
    try:
        published = publish_images(images, shown_root, cache)
    except ContentError as error:
        problems, published = list(error.problems), {}
    try:
        logo = publish_logo(config, cache)
    except ImageError as error:
        where = shown_path(config.source.parent / "images" / (config.brand.logo or ""), shown_root)
        shown = shown_path(config.source, shown_root)
        problems.append(Problem(where, 0, str(error), f"{error.hint} (the logo of {shown})"))
        logo = None
    if problems:
        raise ContentError(problems)
    return {**published, LOGO: logo} if logo else published


def logo_of(images: Mapping[str, PublishedImage]) -> PublishedLogo | None:
    """Return the published logo among the published pictures; None when site.yaml gives none."""
    logo = images.get(LOGO)
    return logo if isinstance(logo, PublishedLogo) else None


def publish_logo(config: model.Config, cache: Path | None = None) -> PublishedLogo | None:
    """Return every size of the association's logo, from the cache when they were made before; raise ImageError."""
    src = config.brand.logo
    if src is None:
        return None
    data = (config.source.parent / "images" / src).read_bytes()
    key, prefix = named(src, data, LOGO_SETTINGS)
    kinds = from_cache(cache, key, prefix, KINDS) if cache else None
    if not kinds or not kinds["card"]:
        kinds = _made(prepare(open_picture(data, PurePosixPath(src).suffix.lower())), prefix)
        if cache:
            to_cache(cache, key, prefix, kinds)
    icons = tuple(dataclasses.replace(icon, path=name) for icon, name in zip(kinds["icons"], ROOT_ICONS, strict=True))
    return PublishedLogo(kinds["webp"], kinds["fallback"], icons=icons, card=kinds["card"][0].data, key=key)


def _made(picture: Image.Image, prefix: str) -> Kinds:
    """Encode every size of a prepared logo; the icons are named under `prefix` until they are placed at the root."""
    header = [(f"{prefix}-{n}x", _fitted(picture, (HEADER[0] * n, HEADER[1] * n))) for n in (1, 2)]
    card = _fitted(picture, LOGO_BOX)
    return {
        "webp": tuple(Variant(f"{name}.webp", *sized.size, encode(sized, ".webp")) for name, sized in header),
        "fallback": tuple(Variant(f"{name}.png", *sized.size, encode(sized, ".png")) for name, sized in header),
        "icons": (
            Variant(f"{prefix}-favicon.ico", FAVICON[-1], FAVICON[-1], _favicon(picture)),
            Variant(f"{prefix}-touch.png", TOUCH_ICON, TOUCH_ICON, encode(_touch_icon(picture), ".png")),
        ),
        "card": (Variant(f"{prefix}-card.png", *card.size, encode(card, ".png")),),
    }


def _fitted(picture: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Return the picture made small enough to fit the box, its proportions kept; never enlarged."""
    scale = min(box[0] / picture.width, box[1] / picture.height, 1)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    return picture if size == picture.size else picture.resize(size, Image.Resampling.LANCZOS)


def _favicon(picture: Image.Image) -> bytes:
    """Return favicon.ico: the logo centred on a transparent square, at each size of FAVICON."""
    side = max(picture.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(picture, ((side - picture.width) // 2, (side - picture.height) // 2))
    out = io.BytesIO()
    square.save(out, "ICO", sizes=[(size, size) for size in FAVICON])
    return out.getvalue()


def _touch_icon(picture: Image.Image) -> Image.Image:
    """Return the phone's icon: the logo centred on the page's colour, TOUCH_MARGIN from every edge."""
    icon = Image.new("RGBA", (TOUCH_ICON, TOUCH_ICON), PAGE)
    logo = _fitted(picture, (TOUCH_ICON - 2 * TOUCH_MARGIN,) * 2).convert("RGBA")
    icon.alpha_composite(logo, ((TOUCH_ICON - logo.width) // 2, (TOUCH_ICON - logo.height) // 2))
    return icon.convert("RGB")
