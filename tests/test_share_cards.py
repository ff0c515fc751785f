"""Share images: 1200x630 PNG cards, deterministic and clean, wrapped to the margins, shaped right to left."""

from __future__ import annotations

import io
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib

import pytest
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, features

from conftest import ROOT, TEMPLATES, TENT_YAML
from sitegen.content.load import load_site
from sitegen.pages.theme import Languages, load_theme
from sitegen.pictures import card_drawing, card_layout, card_png
from sitegen.pictures.card_drawing import render_card
from sitegen.pictures.card_layout import (
    BAND,
    HEIGHT,
    MARGIN,
    RULE,
    RULE_GAP,
    TEXT_BOTTOM,
    WIDTH,
    Card,
    Look,
    ShapingMissing,
)
from sitegen.pictures.cards import card_sources, draw_cards
from sitegen.pictures.fonts import Fonts, FontsMissing, find_fonts
from sitegen.pictures.publish import metadata_in

LONG_FRENCH = (
    "« Cette tente m'a gardée au sec tout l'hiver, quand la pluie ne s'arrêtait plus et que le camp était "
    "devenu un champ de boue ; sans elle, je ne sais pas comment nous aurions tenu jusqu'au printemps. »"
)
ARABIC = "كانت الخيمة بيتي"  # "the tent was my home"
PERSIAN = "این چادر خانه‌ی من بود"  # "this tent was my home", with a zero-width non-joiner
BACKGROUND = ImageColor.getrgb(card_drawing.BACKGROUND)
ACCENT = ImageColor.getrgb(card_drawing.ACCENT)
needs_raqm = pytest.mark.skipif(not features.check("raqm"), reason="Pillow has no libraqm here")


def card(headline: str, lang: str = "fr", byline: str = "Amina", site_name: str = "Besoins") -> Card:
    """Return a card on a French page."""
    return Card(headline=headline, headline_lang=lang, byline=byline, site_name=site_name, site_lang="fr")


def picture(data: bytes) -> Image.Image:
    """Decode PNG bytes to RGB pixels."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.convert("RGB")


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Return the bounding box, in card coordinates, of whatever differs from the background inside `box`."""
    region = image.crop(box)
    found = ImageChops.difference(region, Image.new("RGB", region.size, BACKGROUND)).getbbox()
    return None if found is None else (found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1])


def headline_ink(image: Image.Image) -> Image.Image:
    """Return the headline alone, cropped to its ink: the card's text area below the accent rule."""
    edges = (MARGIN, WIDTH - MARGIN - 1)  # the rule starts at one margin or the other
    rule_bottom = max(y for y in range(TEXT_BOTTOM) if ACCENT in (image.getpixel((x, y)) for x in edges))
    box = ink(image, (0, rule_bottom + 1, WIDTH, TEXT_BOTTOM))
    assert box, "the headline was drawn"
    return image.crop(box)


def png_chunks(data: bytes) -> list[bytes]:
    """Return the type of every chunk in PNG bytes, in order."""
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        chunks.append(kind)
        at += 12 + length
    return chunks


def test_card_is_a_1200_by_630_png(fonts):
    image = picture(render_card(card("Tente", byline="Urgent"), fonts))
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert image.getpixel((0, 0)) == image.getpixel((WIDTH - 1, TEXT_BOTTOM)) == BACKGROUND
    assert image.getpixel((0, HEIGHT - 1)) == image.getpixel((WIDTH - 1, HEIGHT - card_layout.BAND)) == ACCENT


def test_same_card_gives_the_same_bytes_and_another_text_other_bytes(fonts):
    first = render_card(card(LONG_FRENCH), fonts)
    assert render_card(card(LONG_FRENCH), fonts) == first
    assert render_card(card(LONG_FRENCH, byline="Samir"), fonts) != first
    assert render_card(card("Tente"), fonts) != first


def test_card_carries_no_metadata(fonts):
    data = render_card(card(LONG_FRENCH), fonts)
    assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    assert metadata_in(data) == []


@pytest.mark.parametrize("length", [60, 120, 160, len(LONG_FRENCH)])
def test_long_french_headline_wraps_and_keeps_out_of_the_margins(fonts, length):
    text = LONG_FRENCH[:length].rsplit(" ", 1)[0] if length < len(LONG_FRENCH) else LONG_FRENCH
    image = picture(render_card(card(text), fonts))
    assert ink(image, (WIDTH - MARGIN, 0, WIDTH, HEIGHT - card_layout.BAND)) is None, "right margin is empty"
    assert ink(image, (0, 0, WIDTH, MARGIN)) is None, "top margin is empty"
    assert ink(image, (0, TEXT_BOTTOM, WIDTH, HEIGHT - card_layout.BAND)) is None, "nothing just above the band"
    drawn = headline_ink(image)
    assert drawn.width > WIDTH - 2 * MARGIN - 250, "lines are filled to nearly the full width"
    headline = card_layout.layout(card(text), fonts)[0]
    assert " ".join(headline.lines) == text, "it fits whole, without an ellipsis"
    assert 2 <= len(headline.lines) <= card_layout.MAX_LINES


def test_very_long_word_is_cut_with_an_ellipsis(fonts):
    word = "Anticonstitutionnellement" * 8
    image = picture(render_card(card(word), fonts))
    assert ink(image, (WIDTH - MARGIN, 0, WIDTH, HEIGHT - card_layout.BAND)) is None, "nothing overflows"
    lines = card_layout.layout(card(word), fonts)[0].lines
    assert len(lines) == 1 and lines[0].endswith("…") and word.startswith(lines[0][:-1])


def test_too_long_headline_is_cut_at_a_word_with_an_ellipsis(fonts):
    text = " ".join([LONG_FRENCH] * 4)
    image = picture(render_card(card(text), fonts))
    assert ink(image, (WIDTH - MARGIN, 0, WIDTH, HEIGHT - card_layout.BAND)) is None
    assert ink(image, (0, TEXT_BOTTOM, WIDTH, HEIGHT - card_layout.BAND)) is None
    lines = card_layout.layout(card(text), fonts)[0].lines
    assert lines[-1].endswith("…") and text.startswith(" ".join(lines)[:-1])


def test_left_to_right_line_drawn_word_by_word_looks_as_drawn_whole(fonts):
    text = "« Elle m'a gardée au sec »"
    headline = card_layout.layout(card(text, byline=""), fonts)[0]
    assert headline.lines == (text,)
    drawn = headline_ink(picture(render_card(card(text, byline=""), fonts)))
    whole = alone(text, headline.font, direction="ltr", language="fr")
    assert drawn.height == whole.height
    assert 0 <= whole.width - drawn.width < len(text.split()), "each word at most a pixel closer to the one before"


def test_lone_punctuation_stays_with_its_word():
    assert card_layout._words("« Merci ! » dit-elle ; puis  rien") == ["« Merci ! »", "dit-elle ;", "puis", "rien"]
    assert card_layout._words("Merci\u202f! fin") == ["Merci\u202f!", "fin"], "no break at a no-break space"


def test_words_break_at_any_white_space_but_a_no_break_space():
    assert card_layout._words(" Tente  bleue\tici\n") == ["Tente", "bleue", "ici"]
    assert card_layout._words("10\u00a0kg de riz") == ["10\u00a0kg", "de", "riz"]
    assert card_layout.left_to_right("Tente… 10\u00a0kg") and not card_layout.left_to_right(f"Tente {ARABIC}")


@needs_raqm
@pytest.mark.parametrize(("lang", "text"), [("ar", ARABIC), ("fa", PERSIAN)], ids=["arabic", "persian"])
def test_right_to_left_headline_is_shaped_and_right_aligned(fonts, lang, text):
    image = picture(render_card(card(text, lang=lang, byline=""), fonts))
    left, _, right, _ = ink(image, (0, MARGIN, WIDTH, TEXT_BOTTOM))
    assert WIDTH - MARGIN - 2 <= right <= WIDTH - MARGIN, "against the right margin"
    assert left > MARGIN + 300, "a short text leaves the left side empty"
    drawn = headline_ink(image)
    size = card_layout.HEADLINE_SIZES[0]
    shaped = alone(text, ImageFont.truetype(fonts.bold[0].path, size), direction="rtl", language=lang)
    unshaped = alone(text, ImageFont.truetype(fonts.bold[0].path, size, layout_engine=ImageFont.Layout.BASIC))
    assert drawn.size == shaped.size and largest_difference(drawn, shaped) <= 3, "drawn as libraqm shapes it"
    assert drawn.size != unshaped.size or largest_difference(drawn, unshaped) > 64, "not letter by letter"


def largest_difference(first: Image.Image, second: Image.Image) -> int:
    """Return the largest difference of a channel between two pictures of one size (shades of the palette: 1 or 2)."""
    return max(high for _, high in ImageChops.difference(first, second).getextrema())


def alone(text: str, font: ImageFont.FreeTypeFont, **options: str) -> Image.Image:
    """Draw one line of headline on the card's background and return it cropped to its ink."""
    image = Image.new("RGB", (WIDTH, 200), BACKGROUND)
    ImageDraw.Draw(image).text((100, 150), text, fill=card_drawing.INK, font=font, anchor="ls", **options)
    box = ink(image, (0, 0, WIDTH, 200))
    assert box
    return image.crop(box)


@needs_raqm
def test_byline_follows_the_headline_to_the_right(fonts):
    image = picture(render_card(card(ARABIC, lang="ar", byline="Amina"), fonts))
    bottom = ink(image, (0, MARGIN, WIDTH, TEXT_BOTTOM))[3]
    left, _, right, _ = ink(image, (0, bottom - card_layout.BYLINE_SIZE, WIDTH, bottom))
    assert WIDTH - MARGIN - 4 <= right <= WIDTH - MARGIN and left > WIDTH // 2, "the Latin byline too"


def test_right_to_left_text_without_libraqm_is_refused(fonts, monkeypatch):
    monkeypatch.setattr(card_layout.features, "check", lambda feature: False)
    with pytest.raises(ShapingMissing, match="libraqm"):
        render_card(card(ARABIC, lang="ar"), fonts)
    assert picture(render_card(card("Tente"), fonts)).size == (WIDTH, HEIGHT), "left-to-right text still draws"


def test_find_fonts_with_nothing_to_search_raises_fonts_missing_with_the_install_hint():
    with pytest.raises(FontsMissing, match=r"apt-get install fonts-dejavu-core"):
        find_fonts([])


def test_find_fonts_skips_a_damaged_font(tmp_path):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"not a font at all")
    with pytest.raises(FontsMissing, match=re.escape(str(tmp_path))):
        find_fonts([tmp_path])


def test_find_fonts_prefers_dejavu_then_noto_for_other_scripts(fonts, tmp_path):
    dejavu = fonts.regular[0].path.parent
    noto = tmp_path / "truetype" / "noto"
    noto.mkdir(parents=True)
    shutil.copy(dejavu / "DejaVuSans.ttf", tmp_path)
    shutil.copy(dejavu / "DejaVuSans-Bold.ttf", tmp_path)
    for style, source in [("Bold", "DejaVuSans-Bold.ttf"), ("Regular", "DejaVuSans.ttf"), ("Italic", "DejaVuSans.ttf")]:
        shutil.copy(dejavu / source, noto / f"NotoSansEthiopic-{style}.ttf")  # stand-ins: only names matter here
    found = find_fonts([tmp_path / "missing", tmp_path])
    assert [face.path.name for face in found.regular] == ["DejaVuSans.ttf", "NotoSansEthiopic-Regular.ttf"]
    assert [face.path.name for face in found.bold] == [
        "DejaVuSans-Bold.ttf", "NotoSansEthiopic-Bold.ttf", "DejaVuSans.ttf", "NotoSansEthiopic-Regular.ttf"
    ]  # fmt: skip


def test_character_map_agrees_with_what_freetype_draws(fonts):
    face = fonts.regular[0]
    font = ImageFont.truetype(face.path, 24, layout_engine=ImageFont.Layout.BASIC)
    notdef = glyph(font, chr(0x10FFFD))  # a private-use code point no font maps: FreeType draws .notdef
    assert 0x10FFFD not in face.coverage
    for point in [*range(0x21, 0x250), *range(0x600, 0x700), *range(0x1200, 0x1240), 0x2026, 0x202F]:
        drawn = glyph(font, chr(point)) != notdef
        assert (point in face.coverage) == drawn, f"U+{point:04X}"
    assert face.missing("Tente « ici »\u202f!") == ""
    assert face.missing("a\u200cb\u200f") == "", "format characters are never missing: shaping hides them"


def glyph(font: ImageFont.FreeTypeFont, character: str) -> bytes:
    """Return the pixels of one character drawn alone."""
    image = Image.new("L", (64, 64))
    ImageDraw.Draw(image).text((16, 44), character, fill=255, font=font, anchor="ls")
    return image.tobytes()


@pytest.mark.parametrize("wcag", [("INK", "BACKGROUND"), ("MUTED", "BACKGROUND"), ("ON_ACCENT", "ACCENT")])
def test_text_colours_pass_wcag_aa(wcag):
    front, back = (ImageColor.getrgb(getattr(card_drawing, name)) for name in wcag)
    lighter, darker = sorted((luminance(front), luminance(back)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def luminance(colour: tuple[int, ...]) -> float:
    """Return the WCAG relative luminance of an sRGB colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in colour[:3])]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_palette_shades_keep_every_text_colour_on_its_ground():
    palette = card_drawing._palette()
    for text, ground in card_drawing.TEXT_GROUNDS:
        shading = card_drawing._shading(text)
        assert palette[3 * shading[0] : 3 * shading[0] + 3] == bytes(ImageColor.getrgb(ground)), "no ink: the ground"
        assert palette[3 * shading[255] : 3 * shading[255] + 3] == bytes(ImageColor.getrgb(text)), "full: the colour"
    assert len(palette) <= 3 * 256


def test_runs_drawn_apart_give_every_card_once_in_order(make_site, fonts):
    site = load_site(make_site())
    sources = list(card_sources(site, load_theme(TEMPLATES, Languages(site.config.languages)).text))
    whole = draw_cards(sources, fonts, None)
    runs = [draw_cards(sources[start : start + 3], fonts, None) for start in (0, 3)]  # as workers get them
    assert len(whole) == 4 and [len(run) for run in runs] == [3, 1]
    assert [output for run in runs for output in run] == whole
    assert [output.path for output in whole] == [path for path, _ in sources]


def test_an_item_card_says_how_urgent_it_is_or_that_it_is_not_wanted_now(make_site):
    enough = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace(
        "status: needed", "status: enough"
    )
    waiting = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Duvet, en: Duvet}") + "needed_from: 2099-01-01\n"
    site = load_site(make_site({"items/savon.yaml": enough, "items/duvet.yaml": waiting}))
    sources = dict(card_sources(site, load_theme(TEMPLATES, Languages(site.config.languages)).text))
    bylines = {path: cards[0].byline for path, cards in sources.items() if "items/" in path}
    assert bylines["share/items/tente.png"] == "Besoin : Urgent"
    assert bylines["share/items/savon.png"] == "Nous en avons assez"
    assert (
        bylines["share/items/duvet.png"] == "Pas pour l'instant"
        and bylines["en/share/items/duvet.png"] == "Not right now"
    )


def test_cards_are_small_and_quick(fonts):
    cards = [card(LONG_FRENCH), card("Sac de couchage", byline="Urgent")]
    if features.check("raqm"):
        cards.append(card(" ".join([ARABIC] * 6), lang="ar"))
    start = time.perf_counter()
    sizes = [len(render_card(each, fonts)) for each in cards]
    assert max(sizes) < 60_000, "a palette, not RGB"
    assert (time.perf_counter() - start) / len(cards) < 2, "seconds per card"


def painted_text(card: Card, fonts: Fonts) -> bytes:
    """Return the palette indices of a card above its band, painted the plain way: each text drawn with ImageDraw.

    A card pastes words drawn once and compresses its rows in pieces: it must show these very pixels.
    """
    headline, byline, _ = card_layout.layout(card, fonts)
    height = RULE[1] + RULE_GAP + headline.height + card_layout.gap(byline) + byline.height
    rule = MARGIN + (TEXT_BOTTOM - MARGIN - height) // 2
    indices = Image.new("L", (WIDTH, HEIGHT - BAND))
    rule_x = WIDTH - MARGIN - RULE[0] if headline.right else MARGIN
    indices.paste(1, (rule_x, rule, rule_x + RULE[0], rule + RULE[1]))  # the accent: palette index 1
    top = rule + RULE[1] + RULE_GAP
    for block, colour in ((headline, card_drawing.INK), (byline, card_drawing.MUTED)):
        coverage = Image.new("L", indices.size)
        draw = ImageDraw.Draw(coverage)
        options = {"font": block.font, "anchor": "ls", "direction": block.direction, "language": block.language}
        for number, line in enumerate(block.lines):
            texts = card_layout.word_starts(block, line) if block.by_word else [(0, line)]
            boxes = [draw.textbbox((at, 0), text, **options) for at, text in texts]
            x = WIDTH - MARGIN - max(b[2] for b in boxes) if block.right else MARGIN - min(0, *(b[0] for b in boxes))
            for at, text in texts:
                draw.text((x + at, top + block.font.getmetrics()[0] + number * block.pitch), text, fill=255, **options)
        inked = coverage.point(lambda a: 255 if round(a * card_drawing.SHADES / 255) else 0)
        indices.paste(coverage.point(card_drawing._shading(colour)), mask=inked)
        top += block.height + card_layout.gap(byline)
    return indices.tobytes()


def indices_above_the_band(data: bytes) -> bytes:
    """Return the palette indices of a card's PNG above its band."""
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "P"
        return image.crop((0, 0, WIDTH, HEIGHT - BAND)).tobytes()


STACKED = "A" + "\u0302" * 12  # circumflexes piled up: ink far above the line, across the line before
SAMPLES = {
    "long French quote, wrapped": card(LONG_FRENCH),
    "too long, cut with an ellipsis": card(" ".join([LONG_FRENCH] * 4), byline="Samir K."),
    "an item": card("Sac de couchage", byline="Besoin : Urgent"),
    "the brand's accent": Card(LONG_FRENCH[:90], "fr", "Amina", "Le Fil", "fr", look=Look("#f2c94c", "#1d1b18")),
    "Arabic, right to left": card(" ".join([ARABIC] * 5), lang="ar"),
    "Persian, with a zero-width non-joiner": card(PERSIAN, lang="fa", byline="سمیرا"),
    "marks reaching the line above": card("HAMMER ANVIL HAMMER ANVIL HAMMER ANVIL " + " ".join([STACKED] * 3)),
}


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_card_shows_the_pixels_of_its_texts_drawn_the_plain_way(fonts, sample):
    if SAMPLES[sample].headline_lang in ("ar", "fa") and not features.check("raqm"):
        pytest.skip("Pillow has no libraqm here")
    assert indices_above_the_band(render_card(SAMPLES[sample], fonts)) == painted_text(SAMPLES[sample], fonts)


@pytest.mark.parametrize("sample", SAMPLES)
def test_a_cards_stream_carries_the_checksum_of_its_rows_as_a_strict_decoder_reads_them(fonts, sample):
    # Pillow stops once it has every row; zlib checks the Adler-32, which cards sum from their pictures' bytes.
    data = render_card(SAMPLES[sample], fonts)
    stream = b"".join(data[at + 8 : at + 8 + length] for at, length in chunks_of(data, b"IDAT"))
    rows = zlib.decompress(stream)
    assert len(rows) == HEIGHT * card_png.ROW and zlib.adler32(rows) == int.from_bytes(stream[-4:], "big")


def test_the_sample_of_piled_marks_reaches_into_the_line_above(fonts):
    # So that the comparison above covers lines drawn together, through their coverage.
    headline = card_layout.layout(SAMPLES["marks reaching the line above"], fonts)[0]
    first, second = (card_drawing._line_ink(headline, line, card_drawing.INK) for line in headline.lines)
    assert first[0] + first[1] > second[0] + headline.pitch, "the marks' ink starts in the first line's rows"


def test_the_sums_of_pictures_give_the_checksum_of_the_rows_they_are_pasted_in():
    # A card sums its text rows' Adler-32 from its pictures' bytes instead of reading the rows again.
    generator = random.Random(19)
    rows, pasted, x = bytearray(40 * card_png.ROW), [], 1
    while x < card_png.ROW - 250:
        width, height, y = generator.randint(1, 250), generator.randint(1, 30), generator.randint(0, 10)
        data = bytes(generator.choice([0, 0, generator.randrange(256)]) for _ in range(width * height))
        wider = b"".join(data[at : at + width] + b"\0" for at in range(0, len(data), width))  # rows a byte longer
        for row in range(height):
            rows[(y + row) * card_png.ROW + x : (y + row) * card_png.ROW + x + width] = data[row * width :][:width]
        pasted.append((y * card_png.ROW + x, card_png.sums(data, wider, width)))
        x += width + generator.randint(0, 30)
    assert len(pasted) > 3 and card_png.adler32_of(len(rows), pasted) == zlib.adler32(rows)


def test_rows_compressed_apart_make_one_png_of_those_rows():
    rows = random.Random(19).randbytes(200 * card_png.ROW)
    rows = b"".join(b"\0" + rows[at + 1 : at + card_png.ROW] for at in range(0, len(rows), card_png.ROW))
    parts = [card_png.blank(120), card_png.deflated(rows[: 90 * card_png.ROW]), card_png.blank(1)]
    parts += [card_png.deflated(rows[90 * card_png.ROW :]), card_png.blank(HEIGHT - 120 - 1 - 200)]
    data = card_png.png(parts, bytes(range(256)) * 3)
    stream = b"".join(data[at + 8 : at + 8 + length] for at, length in chunks_of(data, b"IDAT"))
    expected = bytes(120 * card_png.ROW) + rows[: 90 * card_png.ROW] + bytes(card_png.ROW) + rows[90 * card_png.ROW :]
    assert zlib.decompress(stream) == expected + bytes((HEIGHT - 321) * card_png.ROW), "and its checksum is right"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (WIDTH, HEIGHT) and image.getpixel((5, 130)) == rows[10 * card_png.ROW + 6]


def chunks_of(data: bytes, kind: bytes) -> list[tuple[int, int]]:
    """Return where each chunk of a kind starts in PNG bytes, and its length."""
    found, at = [], 8
    while at < len(data):
        length, name = struct.unpack_from(">I4s", data, at)
        if name == kind:
            found.append((at, length))
        at += 12 + length
    return found


def test_a_card_is_the_same_bytes_drawn_in_a_fresh_process(fonts):
    here = render_card(card(LONG_FRENCH), fonts)
    script = (
        "import sys\n"
        "from sitegen.pictures.card_drawing import render_card\n"
        "from sitegen.pictures.card_layout import Card\n"
        "from sitegen.pictures.fonts import find_fonts\n"
        f"sys.stdout.buffer.write(render_card(Card({LONG_FRENCH!r}, 'fr', 'Amina', 'Besoins', 'fr'), find_fonts()))"
    )
    fresh = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True).stdout
    assert fresh == here, "a worker that never drew a word draws the same bytes as one that drew thousands"
