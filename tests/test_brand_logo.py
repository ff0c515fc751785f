"""The association's logo (site.yaml's brand.logo): checked when read, made in every size, with no metadata.

The header shows it beside the site's name, favicon.ico and the phone's icon are made
from it, every share card carries it in a corner of its band, and a new logo reaches
every page and card at the next build, as a build from nothing would make them.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageChops, ImageColor, ImageDraw, PngImagePlugin

from browser_support import PHONE, Visit, axe, chromium, served
from conftest import SITE_YAML, TEMPLATES, minimal_files, write_files
from sitegen.build import Options, build
from sitegen.errors import ContentError
from sitegen.pictures import card_layout
from sitegen.pictures import logo as logos
from sitegen.pictures.card_drawing import render_card
from sitegen.pictures.card_layout import BAND, HEIGHT, LOGO_ROOM, MARGIN, WIDTH, Card, Look
from sitegen.pictures.publish import metadata_in
from support import all_bytes

TEAL = (11, 94, 85, 255)
PAGE = ImageColor.getrgb(logos.PAGE)
LOGO_LINE = len(SITE_YAML.splitlines()) + 2  # site.yaml's `logo:` line, under `brand:`
ROOT_ICONS = ("favicon.ico", "apple-touch-icon.png")
METADATA_CHUNKS = (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"Exif\0\0", b"GPS", b"xmpmeta", b"camp near")


def logo_png(size: tuple[int, int] = (400, 200), colour: tuple[int, ...] = TEAL, private: bool = False) -> bytes:
    """Return a PNG logo: a ring on a transparent ground; `private`: with GPS EXIF, a tEXt chunk and XMP, as a phone."""
    picture = Image.new("RGBA", size, (0, 0, 0, 0))
    width, height = size
    ring = (width // 10, height // 10, width * 9 // 10, height * 9 // 10)
    ImageDraw.Draw(picture).ellipse(ring, outline=colour, width=12)
    out = io.BytesIO()
    if not private:
        picture.save(out, "PNG")
        return out.getvalue()
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (50.0, 57.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (1.0, 51.0, 31.3)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "drawn at the camp near the dunes")
    info.add_itxt("XML:com.adobe.xmp", '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
    picture.save(out, "PNG", exif=exif.tobytes(), pnginfo=info)
    return out.getvalue()


def picture_bytes(size: tuple[int, int], kind: str = "PNG") -> bytes:
    """Return a plain picture of a size, in a format."""
    out = io.BytesIO()
    Image.new("RGB", size, (11, 94, 85)).save(out, kind)
    return out.getvalue()


def with_logo(data: bytes | None, name: str = "logo.png", brand: str = "") -> dict[str, str | bytes | None]:
    """Return the files of a small site whose site.yaml names `name` as its logo, holding `data` (None: no file)."""
    site_yaml = f"{SITE_YAML}brand:\n  logo: {name}\n{brand}"
    files: dict[str, str | bytes | None] = {**minimal_files(), "site.yaml": site_yaml}
    if data is not None:
        files[f"images/{name}"] = data
    return files


def built(content: Path, output: Path, cache: Path | None = None) -> dict[str, bytes]:
    """Build a site into output/ (with a cache, when given); return every file's bytes."""
    build(Options(content, TEMPLATES, output, cache=cache, workers=1))
    return all_bytes(output)


def problems_of(content: Path, tmp_path: Path) -> list[str]:
    """Return the problems a build of content/ reports, as shown to volunteers."""
    with pytest.raises(ContentError) as raised:
        build(Options(content, TEMPLATES, tmp_path / "output", workers=1))
    return [str(problem) for problem in raised.value.problems]


def decoded(data: bytes) -> Image.Image:
    """Return a picture's pixels in RGB."""
    with Image.open(io.BytesIO(data)) as picture:
        return picture.convert("RGB")


def test_the_header_shows_the_logo_beside_the_name_at_1x_and_2x_with_its_size_and_an_empty_alt(make_site, tmp_path):
    site = built(make_site(with_logo(logo_png((400, 200)))), tmp_path / "output")
    header = re.search(r'<a class="site-title site-title-logo" href="/">(.*?)</a>', site["index.html"].decode())
    assert header, "the site's name and the logo are one link"
    img = re.search(r'<img class="site-logo" src="/(\S+)" srcset="/(\S+) 1x, /(\S+) 2x" ([^>]*)>', header.group(1))
    assert img and img.group(1) == img.group(2)
    assert 'width="80" height="40" alt=""' in img.group(4), "40 px tall, its width kept in proportion; alt empty"
    assert header.group(1).endswith("</picture>Besoins"), "the name is written beside it, so the alt says nothing"
    webp = re.search(r'<source type="image/webp" srcset="/(\S+) 1x, /(\S+) 2x">', header.group(1))
    assert webp
    for path, size in [(img.group(2), (80, 40)), (img.group(3), (160, 80)), (webp[1], (80, 40)), (webp[2], (160, 80))]:
        assert decoded(site[path]).size == size, path
    assert "static/favicon.svg" not in site["index.html"].decode(), "the theme's icon gives way to the logo"


def test_a_wide_logo_is_made_narrower_in_the_header_never_taller(make_site, tmp_path):
    site = built(make_site(with_logo(logo_png((1800, 200)))), tmp_path / "output")
    assert re.search(r'class="site-logo" [^>]* width="160" height="18" alt=""', site["index.html"].decode())


def test_the_logo_makes_favicon_ico_and_the_phone_icon_at_the_root_linked_from_every_page(make_site, tmp_path):
    site = built(make_site(with_logo(logo_png((400, 200)))), tmp_path / "output")
    assert site["favicon.ico"] != (TEMPLATES / "static" / "favicon.ico").read_bytes()
    with Image.open(io.BytesIO(site["favicon.ico"])) as icon:
        assert icon.format == "ICO" and icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
        assert icon.convert("RGBA").getpixel((0, 0))[3] == 0, "a transparent logo stays transparent in the tab"
    touch = decoded(site["apple-touch-icon.png"])
    assert touch.size == (180, 180)
    assert touch.getpixel((0, 0)) == touch.getpixel((179, 179)) == PAGE, "transparency on the page's colour"
    drawn = ImageChops.difference(touch, Image.new("RGB", touch.size, PAGE)).getbbox()
    assert drawn, "the logo is drawn"
    sides = (drawn[0], 180 - drawn[2], drawn[1], 180 - drawn[3])
    assert logos.TOUCH_MARGIN < min(sides[:2]) <= logos.TOUCH_MARGIN + 15, "as wide as the icon but for its margin"
    assert abs(sides[0] - sides[1]) <= 2 and abs(sides[2] - sides[3]) <= 2, "in the middle"
    for page in ("index.html", "en/items/tente/index.html", "404.html"):
        html = site[page].decode()
        assert '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">' in html
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html


def test_without_a_logo_the_theme_keeps_its_own_icons_and_mark(make_site, tmp_path):
    site = built(make_site(), tmp_path / "output")
    assert site["favicon.ico"] == (TEMPLATES / "static" / "favicon.ico").read_bytes()
    assert "apple-touch-icon.png" not in site
    html = site["index.html"].decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<a class="site-title" href="/">Besoins</a>' in html
    assert "apple-touch-icon" not in html


def test_no_published_logo_file_carries_the_metadata_of_its_source(make_site, tmp_path):
    source = logo_png(private=True)
    with Image.open(io.BytesIO(source)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo) and check.info["Comment"], "the source really carries them"
    site = built(make_site(with_logo(source)), tmp_path / "output")
    published = [name for name in site if name.startswith("images/logo-") or name in ROOT_ICONS]
    assert len(published) == 6
    for name in published:
        assert metadata_in(site[name]) == [], name
        assert not [chunk for chunk in METADATA_CHUNKS if chunk in site[name]], name  # favicon.ico's frames too
    assert source not in site.values(), "the original file is never copied"


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_exiftool_finds_no_location_camera_or_text_in_published_logo_files(make_site, tmp_path):
    site = built(make_site(with_logo(logo_png(private=True))), tmp_path / "output")
    files = [str(tmp_path / "output" / name) for name in site if name.startswith("images/logo-") or name in ROOT_ICONS]
    run = subprocess.run(["exiftool", "-j", "-G1", "-a", "-"], input=logo_png(private=True), capture_output=True)
    assert any(key.startswith("GPS:") for key in json.loads(run.stdout)[0]), "exiftool sees the source's position"
    for tags in json.loads(subprocess.run(["exiftool", "-j", "-G1", "-a", *files], capture_output=True).stdout):
        groups = {key.split(":")[0] for key in tags if ":" in key}
        assert not groups & {"GPS", "IFD0", "ExifIFD", "XMP-x", "ICC_Profile", "IPTC"}, tags
        assert not any(key.startswith(("XMP", "GPS")) or "Comment" in key for key in tags), tags


def test_the_logo_is_drawn_at_the_end_of_every_share_card_s_band_and_never_over_the_quote(make_site, tmp_path):
    plain = built(make_site(), tmp_path / "plain")
    branded = built(make_site(with_logo(logo_png())), tmp_path / "branded")
    cards = [name for name in plain if name.endswith(".png") and "/share/" in f"/{name}"]
    assert len(cards) == 4
    for name in cards:
        before, after = decoded(plain[name]), decoded(branded[name])
        above = (0, 0, WIDTH, HEIGHT - BAND)
        assert ImageChops.difference(before.crop(above), after.crop(above)).getbbox() is None, "the quote as it was"
        changed = ImageChops.difference(before, after).getbbox()
        assert changed and changed[0] >= WIDTH - LOGO_ROOM and changed[1] >= HEIGHT - BAND, name
        assert changed[2] <= WIDTH - MARGIN and changed[3] <= HEIGHT, "in the band's corner, within the margin"


def test_on_a_right_to_left_site_name_the_logo_stands_at_the_band_s_left_end(fonts):
    logo = picture_bytes((112, 56))
    name = "احتياجات الجمعية"
    without = decoded(render_card(Card("Tente", "fr", "Samir", name, "ar"), fonts))
    card = decoded(render_card(Card("Tente", "fr", "Samir", name, "ar", look=Look(logo=logo)), fonts))
    changed = ImageChops.difference(without, card).getbbox()
    assert changed and changed[0] >= MARGIN and changed[2] <= LOGO_ROOM and changed[1] >= HEIGHT - BAND


def test_a_long_site_name_is_cut_before_the_logo(fonts):
    look = Look(logo=picture_bytes((240, 56)))
    card = decoded(render_card(Card("Tente", "fr", "Samir", "Association " * 20, "fr", look=look), fonts))
    band = card.crop((0, HEIGHT - BAND, WIDTH, HEIGHT))
    accent = ImageColor.getrgb(look.accent)
    empty = [all(band.getpixel((x, y)) == accent for y in range(BAND)) for x in range(WIDTH)]
    plate = WIDTH - MARGIN - (240 + 2 * card_layout.LOGO_PADDING)
    assert not empty[plate] and not empty[MARGIN + 10], "the plate and the name are both there"
    assert all(empty[plate - 24 : plate]), "a gap of the band's colour between the name and the plate"


def test_the_cards_band_and_rule_take_the_brand_s_accent(make_site, tmp_path):
    site = built(make_site(with_logo(logo_png(), brand='  accent: "#7a1f5c"\n')), tmp_path / "output")
    card = decoded(site["share/items/tente.png"])
    assert card.getpixel((0, HEIGHT - 1)) == card.getpixel((WIDTH // 3, HEIGHT - BAND)) == (0x7A, 0x1F, 0x5C)
    rule = [y for y in range(HEIGHT - BAND) if card.getpixel((MARGIN + 2, y)) == (0x7A, 0x1F, 0x5C)]
    assert len(rule) == card_layout.RULE[1], "the rule above the headline too"


def test_a_new_logo_redraws_every_card_and_page_as_a_build_from_nothing_would(make_site, tmp_path):
    content = make_site(with_logo(logo_png()))
    output, cache = tmp_path / "output", tmp_path / "cache"
    before = built(content, output, cache)
    write_files(content, {"images/logo.png": logo_png(colour=(140, 40, 20, 255))})
    after = built(content, output, cache)
    assert after == built(content, tmp_path / "cold", tmp_path / "cold-cache"), "the same bytes as a cold build"
    for name in ("share/items/tente.png", "en/share/testimonies/samir.png", "favicon.ico", "apple-touch-icon.png"):
        assert after[name] != before[name], name
    for page in ("index.html", "en/testimonies/samir/index.html", "about/index.html"):
        assert after[page] != before[page], f"{page} shows the new logo's address"


def test_a_rebuild_takes_the_logo_s_sizes_from_the_cache(make_site, tmp_path, monkeypatch):
    content, cache = make_site(with_logo(logo_png())), tmp_path / "cache"
    first = built(content, tmp_path / "one", cache)

    def no_encoding(*args: object) -> bytes:
        raise AssertionError("encoded again")

    monkeypatch.setattr(logos, "encode", no_encoding)
    assert built(content, tmp_path / "two", cache) == first


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            {}, "'brand.logo': there is no picture 'logo.png' in content/images/ — add the file", id="missing"
        ),
        pytest.param(
            {"images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
            "'brand.logo' is 'logo.svg', an SVG drawing, which the site does not publish: an SVG can carry scripts",
            id="svg",
        ),
        pytest.param(
            {"images/logo.png": picture_bytes((400, 120))},
            "'brand.logo' is 'logo.png', 400x120 pixels: too small for the browser's icon, which is 180x180 — "
            "export it at least 180 pixels high and wide",
            id="too-small",
        ),
        pytest.param(
            {"images/logo.png": b"not a picture at all"},
            "'brand.logo' is 'logo.png', which is not a picture the generator can read — save it as PNG",
            id="not-a-picture",
        ),
        pytest.param(
            {"images/logo.png": picture_bytes((400, 400), "GIF")},
            "'brand.logo' is 'logo.png', a GIF picture, which the site does not use for a logo — save it as PNG",
            id="gif",
        ),
    ],
)
def test_a_logo_that_cannot_be_made_is_reported_at_its_line_with_the_other_problems(
    make_site, tmp_path, files, message
):
    name = "logo.svg" if "images/logo.svg" in files else "logo.png"
    broken_item = {"items/savon.yaml": "name: Savon\ncategory: hygiene\nurgency: urgnet\n"}
    found = problems_of(make_site({**with_logo(None, name), **files, **broken_item}), tmp_path)
    assert [problem for problem in found if problem.startswith(f"content/site.yaml:{LOGO_LINE}: {message}")], found
    assert [problem for problem in found if problem.startswith("content/items/savon.yaml:3: 'urgency'")], found


@pytest.mark.parametrize(("size", "accepted"), [((180, 180), True), ((179, 400), False), ((800, 180), True)])
def test_a_logo_needs_180_pixels_on_its_shorter_side(make_site, tmp_path, size, accepted):
    content = make_site(with_logo(picture_bytes(size)))
    if accepted:
        assert decoded(built(content, tmp_path / "output")["apple-touch-icon.png"]).size == (180, 180)
    else:
        assert problems_of(content, tmp_path) == [
            f"content/site.yaml:{LOGO_LINE}: 'brand.logo' is 'logo.png', {size[0]}x{size[1]} pixels: too small for "
            "the browser's icon, which is 180x180 — export it at least 180 pixels high and wide (a larger one is "
            "made smaller, never blurred)"
        ]


def test_a_damaged_logo_is_refused_naming_the_file_and_site_yaml(make_site, tmp_path):
    found = problems_of(make_site(with_logo(logo_png()[:200])), tmp_path)
    assert len(found) == 1 and found[0].startswith("content/images/logo.png: the picture is damaged or truncated")
    assert found[0].endswith("(the logo of content/site.yaml)")


@pytest.fixture(scope="module")
def branded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build a small site with a logo for a local address and serve it on 127.0.0.1; yield its address."""
    folder = tmp_path_factory.mktemp("logo")
    write_files(folder / "content", with_logo(logo_png()))
    with served(folder / "site") as address:
        build(Options(folder / "content", TEMPLATES, folder / "site", base_url=address))
        yield address


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chromium_loads_the_header_logo_and_the_page_passes_axe(branded_site: str, scheme: str):
    with chromium() as browser:
        visit = Visit(browser, branded_site, PHONE, color_scheme=scheme)
        try:
            page = visit.open("")
            logo = page.locator("img.site-logo")
            assert logo.evaluate("img => img.complete && img.naturalWidth") > 0, "the logo loaded"
            assert logo.evaluate("img => img.currentSrc").endswith(".webp"), "in WebP, where the browser reads it"
            assert page.locator(".site-title").evaluate("a => a.textContent.trim()") == "Besoins", "its name, once"
            assert page.locator(".site-header").bounding_box()["height"] <= PHONE["height"] / 4  # type: ignore[index]
            results = axe(page)
            assert results.violations_count == 0, results.generate_report()
        finally:
            visit.close()
