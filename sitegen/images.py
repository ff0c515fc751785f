"""Publish pictures as re-encoded copies: upright, sRGB, no metadata, never the original file.

    content/images/tent.jpg  =>  images/tent-3f2a9c1be0.jpg  (1600 px wide at most)

The published name carries a hash of the source and of the settings, so a new
picture or new settings give a new address and browsers never show a stale one.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import model
from .errors import ContentError, Problem

MAX_WIDTH = 1600  # wider pictures are scaled down, never up
MAX_PIXELS = 50_000_000  # a larger picture is refused before it is decoded (decompression bombs)
JPEG_QUALITY = 82
SETTINGS = f"v1 {MAX_WIDTH} {JPEG_QUALITY}"  # part of the published name: changing settings renames
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}  # source format => published
EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}, "GIF": {".gif"}}


@dataclass(frozen=True, slots=True)
class PublishedImage:
    """A re-encoded picture, ready to write and to show with its size."""

    path: str  # site-relative: "images/tent-3f2a9c1be0.jpg"
    width: int
    height: int
    data: bytes


def publish_images(images: list[tuple[model.Image, str]], shown_root: str) -> dict[str, PublishedImage]:
    """Re-encode each used picture once; raise ContentError naming every picture that fails.

    `images` pairs each picture with the content file that uses it, for messages;
    paths in messages are shown relative to `shown_root`.
    """
    published: dict[str, PublishedImage] = {}
    problems: list[Problem] = []
    for image, used_by in images:
        if image.src in published:
            continue
        try:
            published[image.src] = publish_image(image)
        except ImageError as error:
            where = os.path.relpath(image.path, shown_root).replace(os.sep, "/")
            problems.append(Problem(where, 0, str(error), f"{error.hint} (used by {used_by})"))
    if problems:
        raise ContentError(problems)
    return published


class ImageError(Exception):
    """A picture that cannot be published, with how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def publish_image(image: model.Image) -> PublishedImage:
    """Decode, check, orient, convert to sRGB, resize and re-encode one picture without metadata."""
    data = image.path.read_bytes()
    picture = _open(data, PurePosixPath(image.src).suffix.lower())
    extension = FORMATS[picture.format]
    clean = _prepare(picture)
    encoded = _encode(clean, extension)
    digest = hashlib.sha256(data + SETTINGS.encode()).hexdigest()[:10]
    stem = PurePosixPath(image.src).with_suffix("").as_posix().replace("/", "-")
    return PublishedImage(f"images/{stem}-{digest}{extension}", clean.width, clean.height, encoded)


def _open(data: bytes, suffix: str) -> Image.Image:
    """Open and fully decode a picture, refusing what is not a safe, honest raster image."""
    if suffix == ".svg":
        raise ImageError("SVG pictures are not accepted (they can carry scripts)", "export it as PNG or JPEG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            if picture.width * picture.height > MAX_PIXELS:
                raise ImageError(
                    f"the picture is {picture.width}x{picture.height} pixels, too large to publish",
                    f"scale it down to at most {MAX_WIDTH} pixels wide",
                )
            picture.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("the picture claims a huge size (a decompression bomb?)", "export it again") from None
    except UnidentifiedImageError:
        raise ImageError("this is not a picture the generator can read", "save it as JPEG, PNG or WebP") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError(f"the picture is damaged or truncated ({error})", "export or download it again") from None
    if picture.format not in FORMATS:
        raise ImageError(f"{picture.format} pictures are not supported", "save it as JPEG, PNG or WebP")
    if suffix not in EXTENSIONS[picture.format]:
        right = sorted(EXTENSIONS[picture.format])[0]
        raise ImageError(
            f"the name ends in '{suffix}' but the file holds a {picture.format} picture",
            f"rename it with the extension '{right}'",
        )
    if getattr(picture, "is_animated", False):
        raise ImageError("animated pictures are not supported yet", "use a still JPEG or PNG")
    return picture


def _prepare(picture: Image.Image) -> Image.Image:
    """Return an upright, sRGB copy of the picture, no wider than MAX_WIDTH, with no metadata."""
    upright = ImageOps.exif_transpose(picture)
    icc = picture.info.get("icc_profile")
    if icc and upright.mode in ("RGB", "RGBA"):
        upright = _to_srgb(upright, icc)
    if upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGBA" if "transparency" in upright.info or upright.mode in ("PA", "P") else "RGB")
    if upright.width > MAX_WIDTH:
        height = round(upright.height * MAX_WIDTH / upright.width)
        upright = upright.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    clean = Image.new(upright.mode, upright.size)  # a fresh image carries no info, EXIF or profile
    clean.paste(upright)
    return clean


def _to_srgb(picture: Image.Image, icc: bytes) -> Image.Image:
    """Convert colours from the picture's embedded profile to sRGB, so dropping the profile keeps them."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode)
    except (ImageCms.PyCMSError, OSError):
        return picture  # an unreadable profile: keep the pixels as they are


def _encode(picture: Image.Image, extension: str) -> bytes:
    """Encode without any metadata."""
    out = io.BytesIO()
    if extension == ".jpg":
        picture.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif extension == ".webp":
        picture.save(out, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def has_metadata(data: bytes) -> bool:
    """Return True when encoded picture bytes carry EXIF, XMP, ICC or text metadata."""
    with Image.open(io.BytesIO(data)) as picture:
        keys = set(picture.info) - {
            "dpi",
            "jfif",
            "jfif_version",
            "jfif_unit",
            "jfif_density",
            "progressive",
            "progression",
            "loop",
            "background",
            "duration",
            "transparency",
            "adobe",
            "adobe_transform",
            "gamma",
            "aspect",
        }
        return bool(keys) or bool(picture.getexif())
