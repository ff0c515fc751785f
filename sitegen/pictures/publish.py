"""Publish pictures as re-encoded copies: upright, sRGB, no metadata, never the original file.

    content/images/tent.jpg  =>  images/tent-3f2a9c1be0-480.webp  images/tent-3f2a9c1be0-480.jpg
                                 images/tent-3f2a9c1be0-960.webp  images/tent-3f2a9c1be0-960.jpg ...

Each picture comes in a few widths (never wider than the source) in WebP, with a
JPEG (or PNG, when it has transparency) fallback. Names carry a hash of the source
and of the settings, so a new picture or new settings give new addresses and
browsers never show a stale one. Encoded variants are kept in a cache outside
output/, keyed by the same hash and the generator's code, so a rebuild does not
encode them again; each published picture names its entry (`key`), and a build
removes the entries of pictures it did not publish (sitegen/incremental/sweep.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from sitegen import model
from sitegen.digests import code_digest
from sitegen.errors import ContentError, Problem, shown_path
from sitegen.output import Output

WIDTHS = (480, 960, 1600)  # published widths; a narrower source is published at its own width too
MAX_PIXELS = 50_000_000  # a larger picture is refused before it is decoded (decompression bombs)
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# Part of every published name and cache key: changing how pictures are made renames them all.
SETTINGS = f"v2 widths={WIDTHS} jpeg={JPEG_QUALITY} webp={WEBP_QUALITY} pillow={PIL.__version__}"
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}, "GIF": {".gif"}}
# What Pillow reports about a file that is not metadata about a person, a place or a device.
HARMLESS_INFO = {
    "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression",
    "loop", "background", "duration", "transparency", "adobe", "adobe_transform", "gamma", "aspect",
    "sizes",  # an icon's sizes (favicon.ico)
}  # fmt: skip
ROOT_ICONS = ("favicon.ico", "apple-touch-icon.png")  # published at the site's root, where browsers look for them


@dataclass(frozen=True, slots=True)
class Variant:
    """One encoded size and format of a picture."""

    path: str  # site-relative: "images/tent-3f2a9c1be0-960.webp"
    width: int
    height: int
    data: bytes


Kinds = dict[str, tuple[Variant, ...]]  # the variants of a picture by kind: "webp", "fallback"...


@dataclass(frozen=True, slots=True)
class PublishedImage:
    """A picture ready to show: its sizes in WebP and in a fallback format, narrowest first."""

    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]  # JPEG, or PNG for pictures with transparency
    key: str = field(default="", kw_only=True)  # its entry in the cache folder, images/<key>/ (named)

    @property
    def width(self) -> int:
        """Return the width of the widest variant, for the img element's width attribute."""
        return self.fallback[-1].width

    @property
    def height(self) -> int:
        """Return the height of the widest variant."""
        return self.fallback[-1].height

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Return every file to publish."""
        return self.webp + self.fallback


class ImageError(Exception):
    """A picture that cannot be published, with how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def publish_images(
    images: list[tuple[model.Image, str]], shown_root: str, cache: Path | None = None
) -> dict[str, PublishedImage]:
    """Re-encode each used picture once (or take it from the cache); raise ContentError naming every failure.

    `images` pairs each picture with the content file that uses it, for messages;
    paths in messages are shown relative to `shown_root`.
    """
    published: dict[str, PublishedImage] = {}
    problems: list[Problem] = []
    for image, used_by in images:
        if image.src in published:
            continue
        try:
            published[image.src] = publish_image(image, cache)
        except ImageError as error:
            where = shown_path(image.path, shown_root)
            problems.append(Problem(where, 0, str(error), f"{error.hint} (used by {used_by})"))
    if problems:
        raise ContentError(problems)
    return published


def publish_image(image: model.Image, cache: Path | None = None) -> PublishedImage:
    """Return the variants of one picture, from the cache when they were made before."""
    data = image.path.read_bytes()
    key, prefix = named(image.src, data, SETTINGS)
    cached = from_cache(cache, key, prefix, ("webp", "fallback")) if cache else None
    if cached and cached["fallback"]:
        return PublishedImage(cached["webp"], cached["fallback"], key=key)
    picture = prepare(open_picture(data, PurePosixPath(image.src).suffix.lower()))
    published = _encode_all(picture, prefix, key)
    if cache:
        to_cache(cache, key, prefix, {"webp": published.webp, "fallback": published.fallback})
    return published


def named(src: str, data: bytes, settings: str) -> tuple[str, str]:
    """Return the cache key of a picture made with `settings`, and the start of its published names.

    tent.jpg => ("<key>", "images/tent-3f2a9c1be0"): the name changes with the bytes or the
    settings (browsers never show a stale picture), the key with the generator's code too.
    """
    name = hashlib.sha256(data + settings.encode()).hexdigest()
    key = hashlib.sha256(f"{name}\0{code_digest()}".encode()).hexdigest()
    stem = PurePosixPath(src).with_suffix("").as_posix().replace("/", "-")
    return key, f"images/{stem}-{name[:10]}"


def open_picture(data: bytes, suffix: str) -> Image.Image:
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
                    f"scale it down to at most {WIDTHS[-1]} pixels wide",
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
        raise ImageError("animated pictures are not supported", "use a still JPEG, PNG or WebP")
    return picture


def prepare(picture: Image.Image) -> Image.Image:
    """Return an upright, sRGB copy of the picture with no metadata at all."""
    upright = ImageOps.exif_transpose(picture)
    icc = picture.info.get("icc_profile")
    if icc and upright.mode in ("RGB", "RGBA"):
        upright = _to_srgb(upright, icc)
    if upright.mode not in ("RGB", "RGBA"):
        transparent = "transparency" in upright.info or upright.mode in ("LA", "PA", "RGBA")
        upright = upright.convert("RGBA" if transparent else "RGB")
    if upright.mode == "RGBA" and upright.getchannel("A").getextrema()[0] == 255:
        upright = upright.convert("RGB")  # an alpha channel that hides nothing
    clean = Image.new(upright.mode, upright.size)  # a fresh image carries no info, EXIF or profile
    clean.paste(upright)
    return clean


def _to_srgb(picture: Image.Image, icc: bytes) -> Image.Image:
    """Convert colours from the picture's embedded profile to sRGB, so dropping the profile keeps them."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode)
    except (ImageCms.PyCMSError, OSError):
        return picture  # an unreadable profile: keep the pixels as they are
    return converted if converted is not None else picture  # None only when converting in place, which this is not


def _widths(width: int) -> list[int]:
    """Return the widths to publish for a source `width` wide: never wider than the source."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def _encode_all(picture: Image.Image, prefix: str, key: str) -> PublishedImage:
    """Encode every width in WebP and in the fallback format; `key` names its entry in the cache."""
    fallback = ".png" if picture.mode == "RGBA" else ".jpg"
    webp, other = [], []
    for width in _widths(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        sized = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
        webp.append(Variant(f"{prefix}-{width}.webp", width, height, encode(sized, ".webp")))
        other.append(Variant(f"{prefix}-{width}{fallback}", width, height, encode(sized, fallback)))
    return PublishedImage(tuple(webp), tuple(other), key=key)


def encode(picture: Image.Image, extension: str) -> bytes:
    """Encode without any metadata."""
    out = io.BytesIO()
    if extension == ".jpg":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif extension == ".webp":
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def from_cache(cache: Path, key: str, prefix: str, kinds: tuple[str, ...]) -> Kinds | None:
    """Return the variants of each kind made before for this source and these settings, or None."""
    folder = cache / "images" / key
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        return {
            kind: tuple(
                Variant(f"{prefix}-{v['suffix']}", v["width"], v["height"], (folder / v["suffix"]).read_bytes())
                for v in manifest[kind]
            )
            for kind in kinds
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None  # never made, or damaged: make it again


def to_cache(cache: Path, key: str, prefix: str, kinds: Kinds) -> None:
    """Keep the variants for the next build; written aside, then renamed, so a reader never sees half."""
    folder = cache / "images" / key
    if folder.exists():
        return
    (cache / "images").mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache / "images"))
    manifest: dict[str, list[dict[str, object]]] = {}
    for kind, variants in kinds.items():
        manifest[kind] = []
        for variant in variants:
            suffix = variant.path[len(prefix) + 1 :]  # "960.webp"
            (temporary / suffix).write_bytes(variant.data)
            manifest[kind].append({"suffix": suffix, "width": variant.width, "height": variant.height})
    (temporary / "manifest.json").write_text(json.dumps(manifest))
    try:
        os.rename(temporary, folder)
    except OSError:  # another build made it meanwhile
        shutil.rmtree(temporary, ignore_errors=True)


def metadata_in(data: bytes) -> list[str]:
    """Return what metadata encoded picture bytes carry: EXIF, GPS, XMP, ICC profile, comments, text chunks."""
    with Image.open(io.BytesIO(data)) as picture:
        found = sorted(str(key) for key in set(picture.info) - HARMLESS_INFO)
        exif = picture.getexif()
        if exif:
            found.append("EXIF")
        if exif.get_ifd(0x8825):
            found.append("GPS")
        return found


def published_pictures(site: Path) -> list[Path]:
    """Return every picture file of a written site: those of images/, and the icons the logo made at its root.

    Without a logo, favicon.ico is the theme's file (or the association's override of it), copied as it is.
    """
    pictures = sorted((site / "images").glob("*")) if (site / "images").is_dir() else []
    made = all((site / name).is_file() for name in ROOT_ICONS)  # apple-touch-icon.png: only the logo makes it
    return pictures + ([site / name for name in ROOT_ICONS] if made else [])


def check_published(files: Iterable[Path]) -> list[str]:
    """Return a line for each published picture file that still carries metadata: the build's self-check."""
    return [f"{path.name}: {', '.join(found)}" for path in files if (found := metadata_in(path.read_bytes()))]


def picture_files(images: Iterable[PublishedImage]) -> list[Output]:
    """Return every variant of the published pictures as files, by path."""
    variants = (variant for image in images for variant in image.variants)
    return [Output(variant.path, variant.data) for variant in sorted(variants, key=lambda variant: variant.path)]
