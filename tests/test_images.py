"""Pictures: re-encoded upright without metadata, in responsive sizes, cached, and refused when unsafe."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from conftest import TEMPLATES
from sitegen.build import Options, build
from sitegen.errors import ContentError, OutputError
from sitegen.pictures import publish as images
from support import all_bytes

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPSLatitude="50,57.0N"/></rdf:RDF></x:xmpmeta>'


def exif_with_gps(orientation: int = 6) -> Image.Exif:
    """Return EXIF data with an orientation, a camera and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Model 7"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 57.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 51.0, 31.3)
    return exif


def source(kind: str, size: tuple[int, int] = (1200, 800), alpha: bool = False) -> bytes:
    """Return a picture in `kind` (JPEG, PNG or WEBP) carrying GPS, XMP, a camera and orientation 6."""
    picture = Image.new("RGBA" if alpha else "RGB", size, (30, 120, 200, 128) if alpha else (30, 120, 200))
    picture.paste((240, 200, 40), (0, 0, size[0] // 4, size[1] // 4))  # a corner to see the rotation by
    out = io.BytesIO()
    exif = exif_with_gps().tobytes()
    if kind == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "taken at the camp near the dunes")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        picture.save(out, "PNG", exif=exif, pnginfo=info)
    else:
        picture.save(out, kind, exif=exif, xmp=XMP)
    return out.getvalue()


ITEM = "name: Tente\ncategory: shelter\nimage: {{src: {src}, alt: {{fr: Une tente bleue, en: A blue tent}}}}\n"


def site_with_picture(make_site, name: str, data: bytes) -> Path:
    """Return content/ whose tent shows the picture `name`."""
    return make_site({f"images/{name}": data, "items/tente.yaml": ITEM.format(src=name)})


@pytest.mark.parametrize(("kind", "name"), [("JPEG", "tente.jpg"), ("PNG", "tente.png"), ("WEBP", "tente.webp")])
def test_every_published_variant_is_upright_and_carries_no_metadata(make_site, options, kind, name):
    original = source(kind)
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the source really carries GPS"
    content = site_with_picture(make_site, name, original)
    build(options(content))
    output = options(content).output
    published = sorted((output / "images").iterdir())
    assert published, "pictures were published"
    for path in published:
        assert images.metadata_in(path.read_bytes()) == [], path.name
        with Image.open(path) as picture:
            assert picture.height > picture.width, "orientation 6 applied: the landscape source stands upright"
            corner = picture.convert("RGB").getpixel((picture.width - 2, 1))
            assert corner[0] > 200 and corner[2] < 100, "the marked corner turned to the top right"
    assert original not in all_bytes(output).values(), "the original file is never copied"


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
@pytest.mark.parametrize(("kind", "name"), [("JPEG", "tente.jpg"), ("PNG", "tente.png"), ("WEBP", "tente.webp")])
def test_exiftool_finds_no_location_camera_or_profile_in_published_pictures(make_site, options, kind, name):
    content = site_with_picture(make_site, name, source(kind))
    build(options(content))
    files = [str(p) for p in sorted((options(content).output / "images").iterdir())]
    shown = json.loads(subprocess.run(["exiftool", "-j", "-G1", "-a", *files], capture_output=True, check=True).stdout)
    source_tags = json.loads(
        subprocess.run(["exiftool", "-j", "-G1", "-a", "-"], input=source(kind), capture_output=True).stdout
    )[0]
    assert any(key.startswith("GPS:") for key in source_tags), "exiftool sees the source's GPS position"
    for tags in shown:
        groups = {key.split(":")[0] for key in tags if ":" in key}
        assert not groups & {"GPS", "IFD0", "ExifIFD", "XMP-x", "XMP-rdf", "XMP-exif", "ICC_Profile", "IPTC"}, tags
        assert not any(key.startswith(("XMP", "GPS")) or "Comment" in key for key in tags), tags


@pytest.mark.parametrize(
    ("size", "widths"),
    [((2400, 1600), [480, 960, 1600]), ((700, 500), [480, 700]), ((300, 200), [300])],
)
def test_pictures_come_in_a_few_widths_never_upscaled(make_site, options, size, widths):
    picture = Image.new("RGB", size, (10, 90, 60))
    out = io.BytesIO()
    picture.save(out, "JPEG")
    content = site_with_picture(make_site, "tente.jpg", out.getvalue())
    build(options(content))
    names = sorted(p.name for p in (options(content).output / "images").iterdir())
    assert sorted(int(re.search(r"-(\d+)\.", n).group(1)) for n in names if n.endswith(".webp")) == widths
    assert len(names) == 2 * len(widths), "each width in WebP and JPEG"


def test_a_picture_with_transparency_falls_back_to_png(make_site, options):
    content = site_with_picture(make_site, "tente.png", source("PNG", alpha=True))
    build(options(content))
    suffixes = {p.suffix for p in (options(content).output / "images").iterdir()}
    assert suffixes == {".webp", ".png"}


def test_pages_offer_webp_with_a_fallback_sizes_and_reserved_space(make_site, options):
    content = site_with_picture(make_site, "tente.jpg", source("JPEG", size=(2000, 1500)))
    build(options(content))
    page = (options(content).output / "items/tente/index.html").read_text()
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    assert webp and webp.group(1).count("w, ") == 2 and webp.group(1).endswith(" 1500w"), "upright: 1500 wide"
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert re.search(r'srcset="/images/tente-\w+-480\.jpg 480w, .* 1500w"', img)
    assert 'width="1500" height="2000"' in img, "the upright size, so the page does not shift"
    assert 'decoding="async"' in img and 'loading="lazy"' not in img, "the first picture a visitor sees"
    assert 'alt="Une tente bleue"' in img


def test_only_the_first_card_of_a_list_loads_its_picture_at_once(make_site, options):
    data = source("JPEG", size=(600, 400))
    files = {"images/tente.jpg": data, "items/tente.yaml": ITEM.format(src="tente.jpg") + "urgency: urgent\n"}
    files |= {f"items/autre-{n}.yaml": ITEM.format(src="tente.jpg").replace("Tente", f"Autre {n}") for n in range(3)}
    content = make_site(files)
    build(options(content))
    cards = re.findall(r'<img class="card-image"[^>]*>', (options(content).output / "index.html").read_text())
    assert len(cards) == 4
    assert 'loading="lazy"' not in cards[0] and 'fetchpriority="high"' in cards[0]
    assert all('loading="lazy"' in card for card in cards[1:])


def bomb() -> bytes:
    """Return a small PNG that claims 400 million pixels."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


def animated_gif() -> bytes:
    """Return a two-frame animated GIF."""
    out = io.BytesIO()
    frames = [Image.new("RGB", (20, 20), colour) for colour in ((200, 0, 0), (0, 0, 200))]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def png_bytes() -> bytes:
    """Return a small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message", "hint"),
    [
        ("tente.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
         "SVG pictures are not accepted (they can carry scripts)", "export it as PNG or JPEG"),
        ("tente.png", bomb(), "the picture claims a huge size (a decompression bomb?)", "export it again"),
        ("tente.jpg", png_bytes(), "the name ends in '.jpg' but the file holds a PNG picture",
         "rename it with the extension '.png'"),
        ("tente.gif", animated_gif(), "animated pictures are not supported", "use a still JPEG, PNG or WebP"),
        ("tente.jpg", b"GIF89a broken", "this is not a picture the generator can read",
         "save it as JPEG, PNG or WebP"),
    ],
)  # fmt: skip
def test_unsafe_or_dishonest_pictures_are_refused_with_their_path(make_site, options, name, data, message, hint):
    content = site_with_picture(make_site, name, data)
    with pytest.raises(ContentError) as error:
        build(options(content))
    assert [str(p) for p in error.value.problems] == [
        f"content/images/{name}: {message} — {hint} (used by content/items/tente.yaml)"
    ]


def test_a_still_gif_is_published_like_any_picture(make_site, options):
    out = io.BytesIO()
    Image.new("P", (40, 30), 3).save(out, "GIF")
    content = site_with_picture(make_site, "tente.gif", out.getvalue())
    build(options(content))
    assert {p.suffix for p in (options(content).output / "images").iterdir()} == {".webp", ".jpg"}


def test_a_rebuild_takes_pictures_from_the_cache_without_encoding_them_again(make_site, tmp_path, monkeypatch):
    content = site_with_picture(make_site, "tente.jpg", source("JPEG"))
    cache = tmp_path / "cache"
    first = Options(content, TEMPLATES, tmp_path / "one", cache=cache)
    build(first)

    def no_encoding(*args, **kwargs):
        raise AssertionError("encoded again")

    monkeypatch.setattr(images, "encode", no_encoding)
    build(Options(content, TEMPLATES, tmp_path / "two", cache=cache))
    assert all_bytes(tmp_path / "one") == all_bytes(tmp_path / "two")
    assert not any("cache" in path for path in all_bytes(tmp_path / "two")), "the cache is never published"


def test_new_settings_make_new_pictures_under_new_names(make_site, tmp_path, monkeypatch):
    content = site_with_picture(make_site, "tente.jpg", source("JPEG"))
    cache = tmp_path / "cache"
    build(Options(content, TEMPLATES, tmp_path / "one", cache=cache))
    monkeypatch.setattr(images, "SETTINGS", images.SETTINGS + " quality=90")
    monkeypatch.setattr(images, "JPEG_QUALITY", 90)
    build(Options(content, TEMPLATES, tmp_path / "two", cache=cache))
    one = {p.name for p in (tmp_path / "one" / "images").iterdir()}
    two = {p.name for p in (tmp_path / "two" / "images").iterdir()}
    assert one and two and not one & two
    assert len(list((cache / "images").iterdir())) == 1, "the entry of the old settings, used no more, is gone"


def test_a_damaged_cache_entry_is_made_again(make_site, tmp_path):
    content = site_with_picture(make_site, "tente.jpg", source("JPEG"))
    cache = tmp_path / "cache"
    build(Options(content, TEMPLATES, tmp_path / "one", cache=cache))
    for manifest in (cache / "images").glob("*/manifest.json"):
        manifest.write_text("{not json")
    build(Options(content, TEMPLATES, tmp_path / "two", cache=cache))
    assert all_bytes(tmp_path / "one") == all_bytes(tmp_path / "two")


def test_the_build_refuses_to_publish_a_picture_that_still_carries_metadata(make_site, options, monkeypatch):
    content = site_with_picture(make_site, "tente.jpg", source("JPEG"))
    build(options(content))
    before = all_bytes(options(content).output)
    real_encode = images.encode

    def leaky(picture, extension):
        data = real_encode(picture, extension)
        if extension != ".jpg":
            return data
        out = io.BytesIO()
        Image.open(io.BytesIO(data)).save(out, "JPEG", exif=exif_with_gps(1).tobytes())
        return out.getvalue()

    monkeypatch.setattr(images, "encode", leaky)
    with pytest.raises(OutputError, match="pictures still carry metadata, so nothing was published: tente-"):
        build(options(content))
    assert all_bytes(options(content).output) == before


def test_a_colour_profile_is_dropped_and_the_colours_kept(make_site, options):
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 60, 60)).save(out, "JPEG", icc_profile=srgb)
    content = site_with_picture(make_site, "tente.jpg", out.getvalue())
    build(options(content))
    for path in (options(content).output / "images").iterdir():
        with Image.open(path) as picture:
            assert "icc_profile" not in picture.info, path.name
            red, green, blue = picture.convert("RGB").getpixel((300, 200))
            assert red > 170 and green < 90 and blue < 90, "the colours survive"
