"""The association's colour (issue 17, point 2): site.yaml's `brand:` accent, checked against WCAG 2.2 AA.

A colour too faint or too dark to read in its mode is an error naming the field, the
worst contrast and the nearest shade that passes; a colour that passes is used as
written, in static/brand.css, with the theme's other accent colours made from it so
that every pair they form on the page passes too. Real Chromium and axe check the
result in light and dark mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_support import PHONE, Visit, axe, chromium, served
from conftest import SITE_YAML, TEMPLATES, TENT_YAML, minimal_files, write_files
from sitegen.build import Options, build
from sitegen.cli import main
from sitegen.content import colours
from sitegen.content.colours import DARK, INK, LIGHT, SHAPES, STEPS, TEXT, WHITE, Mode, Pair
from sitegen.content.load import load_site
from sitegen.editor.config import editor_config
from support import all_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Browser

MakeSite = Callable[..., Path]
STYLE = TEMPLATES / "static" / "style.css"
YELLOW = "#f2c500"  # a bright yellow: unreadable as text on a light page
GREEN = "#0b5e55"  # the theme's own accent
HEX_COLOURS = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")
MODES = st.sampled_from([LIGHT, DARK])
LEEWAY = 3  # steps of lightness (see test_no_shade_with_a_lightness_nearer_the_colours_passes)
EXAMPLES = settings(max_examples=150, deadline=None, database=None)


def with_brand(*lines: str) -> dict[str, str]:
    """Return site.yaml with a `brand:` block of the given lines, just before `donate:`."""
    assert "\ndonate:\n" in SITE_YAML
    block = "".join(f"  {line}\n" for line in lines)
    return {"site.yaml": SITE_YAML.replace("\ndonate:\n", f"\nbrand:\n{block}donate:\n")}


def line_of(site_yaml: str, start: str) -> int:
    """Return the 1-based line of site.yaml that starts with `start` (after its indentation)."""
    return next(n for n, line in enumerate(site_yaml.splitlines(), 1) if line.strip().startswith(start))


def check(content: Path) -> tuple[int, list[str]]:
    """Run `check` on content; return its exit code and the problems it printed."""
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--templates", str(TEMPLATES)])
    return result.exit_code, [line for line in result.stderr.splitlines() if line.startswith("content/")]


def theme_colours(css: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return the custom properties of a stylesheet's :root, in light mode and in dark mode."""
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    properties = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6});")
    return dict(properties.findall(light.split("}", 1)[0])), dict(properties.findall(dark.split("}", 1)[0]))


def page_pairs(palette: colours.Palette, mode: Mode) -> list[tuple[str, str, str, float]]:
    """Return every pair style.css makes with the accent colours: (where, colour, on what, the contrast asked)."""
    backgrounds = {"the page": mode.page, "cards": mode.surface, "shaded boxes": mode.shaded}
    return [
        *((f"a link on {name}", palette.link, colour, TEXT) for name, colour in backgrounds.items()),
        ("a primary button's words", palette.on_accent, palette.accent, TEXT),  # .button-primary, .search-button
        ("a primary button's words under the pointer", palette.on_accent, palette.accent_strong, TEXT),
        ("a secondary button's words under the pointer", palette.link, palette.accent_soft, TEXT),
        ("a word marked in search results", mode.text, palette.accent_soft, TEXT),
        ("a progress bar on its track", palette.accent, mode.track, SHAPES),
        ("a secondary button's border on the page", palette.accent, mode.page, SHAPES),
        ("a card's border under the pointer", palette.accent, mode.surface, SHAPES),
    ]


# WCAG 2.2's formula


def test_contrast_follows_wcag_2_2_from_black_on_white_to_a_colour_on_itself():
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colours.contrast("#ffffff", "#000000") == pytest.approx(21)
    assert colours.contrast(GREEN, GREEN) == pytest.approx(1)
    assert colours.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)  # famously just short of AA
    assert colours.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)


def test_luminance_linearises_each_channel_with_the_0_04045_threshold():
    assert colours.luminance("#0a0a0a") == pytest.approx(10 / 255 / 12.92)  # 0.0392: below the threshold
    assert colours.luminance("#0b0b0b") == pytest.approx(((11 / 255 + 0.055) / 1.055) ** 2.4)  # 0.0431: above
    assert colours.luminance("#ff0000") == pytest.approx(0.2126)
    assert colours.luminance("#00ff00") == pytest.approx(0.7152)
    assert colours.luminance("#0000ff") == pytest.approx(0.0722)


def test_the_colours_checked_against_are_those_of_the_themes_stylesheet():
    light, dark = theme_colours(STYLE.read_text(encoding="utf-8"))
    for mode, found in ((LIGHT, light), (DARK, dark)):
        assert (mode.page, mode.surface, mode.shaded) == (found["bg"], found["surface"], found["surface-2"])
        assert (mode.text, mode.track) == (found["text"], found["track"])
    assert light["text"] == INK


def test_the_themes_own_accent_passes_in_both_modes():
    light, dark = theme_colours(STYLE.read_text(encoding="utf-8"))
    assert colours.unreadable("brand.accent", light["accent"], LIGHT) is None
    assert colours.unreadable("brand.accent_dark", dark["accent"], DARK) is None


# Errors in site.yaml


def test_an_unreadable_colour_is_an_error_at_its_line_naming_the_field_the_ratio_and_the_nearest_shade(make_site):
    files = with_brand(f'accent: "{YELLOW}"')
    code, problems = check(make_site(files))
    suggestion = colours.readable_accent(YELLOW, LIGHT)
    assert code == 1
    assert problems == [
        f"content/site.yaml:{line_of(files['site.yaml'], 'accent:')}: 'brand.accent' is \"{YELLOW}\": links in that "
        "colour have a contrast of 1.4:1 with shaded boxes in light mode, below the 4.5:1 WCAG 2.2 AA asks for text"
        f' — the nearest shade that passes is "{suggestion}"'
    ]


def test_both_colours_are_reported_at_once_each_in_its_mode(make_site):
    files = with_brand(f'accent: "{YELLOW}"', f'accent_dark: "{GREEN}"')
    code, problems = check(make_site(files))
    assert code == 1
    light, dark = problems
    assert light.startswith(f"content/site.yaml:{line_of(files['site.yaml'], 'accent:')}: 'brand.accent' is ")
    assert dark.startswith(f"content/site.yaml:{line_of(files['site.yaml'], 'accent_dark:')}: 'brand.accent_dark' is")
    assert "in light mode" in light and "in dark mode" in dark
    assert f'"{colours.readable_accent(GREEN, DARK)}"' in dark


def test_a_colour_for_the_dark_too_dark_to_read_there_is_refused(make_site):
    code, problems = check(make_site(with_brand(f'accent_dark: "{GREEN}"')))
    assert code == 1
    (problem,) = problems
    assert "'brand.accent_dark' is \"#0b5e55\": links in that colour have a contrast of 1.9:1" in problem
    assert "in dark mode, below the 4.5:1 WCAG 2.2 AA asks for text" in problem


def test_the_suggested_shade_written_in_its_place_passes_check(make_site):
    content = make_site(with_brand(f'accent: "{YELLOW}"'))
    _, (problem,) = check(content)
    suggestion = re.findall(r'"(#[0-9a-f]{6})"', problem)[-1]
    write_files(content, with_brand(f'accent: "{suggestion}"'))
    assert check(content) == (0, [])


def test_a_colour_that_passes_is_read_lower_cased_and_used_unchanged_with_its_dark_shade_derived(make_site):
    site = load_site(make_site(with_brand('accent: "#0B5E55"')))
    assert (site.config.brand.accent, site.config.brand.accent_dark) == (GREEN, None)
    palettes = colours.palettes(GREEN, None)
    assert palettes[LIGHT].accent == palettes[LIGHT].link == GREEN
    assert palettes[DARK].accent == colours.readable_accent(GREEN, DARK) != GREEN


# The nearest shade


@EXAMPLES
@given(HEX_COLOURS, MODES)
def test_the_nearest_shade_passes_every_pair_of_its_mode_and_keeps_a_colour_that_passes(colour: str, mode: Mode):
    nearest = colours.readable_accent(colour, mode)
    assert all(pair.passes for pair in colours.accent_pairs(nearest, mode))
    passes = all(pair.passes for pair in colours.accent_pairs(colour, mode))
    assert (nearest == colour) == passes


@EXAMPLES
@given(HEX_COLOURS, MODES)
def test_no_shade_with_a_lightness_nearer_the_colours_passes(colour: str, mode: Mode):
    nearest = colours.readable_accent(colour, mode)
    start = round(colours.lightness(colour) * STEPS)
    # Three steps of leeway: #rrggbb moves a shade's lightness by up to 0.002, the colour's is rounded to a step
    distance = abs(round(colours.lightness(nearest) * STEPS) - start) - LEEWAY
    nearer = [step for step in range(start - distance + 1, start + distance) if 0 <= step <= STEPS]
    for step in nearer:
        shade = colours.shade(colour, step / STEPS)
        assert shade == nearest or not all(pair.passes for pair in colours.accent_pairs(shade, mode)), shade


@EXAMPLES
@given(HEX_COLOURS)
def test_a_shade_keeps_the_hue_and_saturation_and_moves_the_luminance_with_the_lightness(colour: str):
    shades = [colours.shade(colour, step / 20) for step in range(21)]
    luminances = [colours.luminance(shade) for shade in shades]
    assert luminances == sorted(luminances)
    assert shades[0] == "#000000" and shades[-1] == "#ffffff"


@EXAMPLES
@given(HEX_COLOURS, MODES)
def test_every_pair_the_theme_makes_with_the_derived_colours_passes(colour: str, mode: Mode):
    palette = colours.palette(colours.readable_accent(colour, mode), mode)
    failing = [
        (where, round(colours.contrast(one, other), 2))
        for where, one, other, minimum in page_pairs(palette, mode)
        if colours.contrast(one, other) < minimum
    ]
    assert failing == [], palette


@EXAMPLES
@given(HEX_COLOURS)
def test_the_words_on_a_button_are_white_or_the_themes_ink_whichever_contrasts_more(colour: str):
    words = colours.on_accent(colour)
    other = INK if words == WHITE else WHITE
    assert words in (WHITE, INK)
    assert colours.contrast(words, colour) >= colours.contrast(other, colour)


def test_a_button_under_the_pointer_moves_away_from_the_page():
    light, dark = colours.palette(GREEN, LIGHT), colours.palette(colours.readable_accent(GREEN, DARK), DARK)
    assert colours.luminance(light.accent_strong) < colours.luminance(light.accent)
    assert colours.luminance(dark.accent_strong) > colours.luminance(dark.accent)
    assert (light.on_accent, dark.on_accent) == (WHITE, INK)


def test_a_pair_says_whether_it_passes():
    assert Pair("links", "the page", "#767676", "#ffffff", TEXT).passes
    assert not Pair("links", "the page", "#777777", "#ffffff", TEXT).passes
    assert Pair("bars", "their track", "#949494", "#ffffff", SHAPES).passes


# The published stylesheet


def built(make_site: MakeSite, tmp_path: Path, files: dict[str, str]) -> Path:
    """Build a tiny site changed by `files`; return its output folder."""
    output = tmp_path / "output"
    build(Options(make_site(files), TEMPLATES, output, workers=1))
    return output


def test_the_build_publishes_brand_css_with_the_colour_in_light_mode_and_its_shade_in_dark_mode(make_site, tmp_path):
    output = built(make_site, tmp_path, with_brand(f'accent: "{GREEN}"'))
    css = (output / "static" / "brand.css").read_text(encoding="utf-8")
    light, dark = theme_colours(css)
    expected = colours.palettes(GREEN, None)
    for found, palette in ((light, expected[LIGHT]), (dark, expected[DARK])):
        assert found == {
            "accent": palette.accent,
            "accent-strong": palette.accent_strong,
            "on-accent": palette.on_accent,
            "accent-soft": palette.accent_soft,
            "link": palette.link,
        }
    assert light["accent"] == GREEN


def test_every_page_links_brand_css_after_the_themes_stylesheet(make_site, tmp_path):
    output = built(make_site, tmp_path, with_brand(f'accent: "{GREEN}"'))
    for page in ("index.html", "items/tente/index.html", "en/testimonies/samir/index.html", "404.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert html.index('href="/static/style.css"') < html.index('href="/static/brand.css"'), page


def test_a_colour_for_the_dark_alone_sets_the_dark_mode_alone(make_site, tmp_path):
    output = built(make_site, tmp_path, with_brand('accent_dark: "#6cc9bb"'))
    css = (output / "static" / "brand.css").read_text(encoding="utf-8")
    assert css.index("@media (prefers-color-scheme: dark)") < css.index(":root")
    assert "--accent: #6cc9bb;" in css


def test_without_a_colour_there_is_no_brand_css_and_no_link_to_it(make_site, tmp_path):
    output = built(make_site, tmp_path, {})
    assert not (output / "static" / "brand.css").exists()
    assert "brand.css" not in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("before", "after"),
    [((f'accent: "{GREEN}"',), ('accent: "#1d4ed8"',)), ((), (f'accent: "{GREEN}"',)), ((f'accent: "{GREEN}"',), ())],
    ids=["changed", "added", "removed"],
)
def test_a_rebuild_after_the_colour_changes_equals_a_build_from_nothing(make_site, tmp_path, before, after):
    content = make_site(with_brand(*before) if before else {})
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(Options(content, TEMPLATES, output, cache=cache))
    write_files(content, with_brand(*after) if after else {"site.yaml": SITE_YAML})
    assert build(Options(content, TEMPLATES, output, cache=cache)).kept == 0  # every page links brand.css or not
    cold = tmp_path / "cold"
    build(Options(content, TEMPLATES, cold, cache=tmp_path / "cold-cache"))
    assert all_bytes(output) == all_bytes(cold)


# Writing it: fmt and the browser editor


def test_fmt_writes_the_colour_in_quotes_and_reads_it_back_the_same(make_site):
    content = make_site(with_brand('accent: "#0B5E55"', 'accent_dark: "#6cc9bb"'))
    before = load_site(content).config.brand
    result = CliRunner().invoke(main, ["fmt", "--content", str(content)])
    assert result.exit_code == 0, result.output
    written = (content / "site.yaml").read_text(encoding="utf-8")
    assert "brand:\n  accent: '#0b5e55'\n  accent_dark: '#6cc9bb'\n" in written
    assert load_site(content).config.brand == before


def test_the_editor_picks_the_colours_with_a_colour_widget_and_shows_the_format_read_only(make_site):
    site_yaml = with_brand(f'accent: "{GREEN}"')["site.yaml"] + "editing:\n  host: github\n  repository: asso/site\n"
    config = yaml.safe_load(editor_config(load_site(make_site({"site.yaml": site_yaml}))))
    settings_collection = next(entry for entry in config["collections"] if entry["name"] == "settings")
    fields: dict[str, Any] = {field["name"]: field for field in settings_collection["files"][0]["fields"]}
    brand = {field["name"]: field for field in fields["brand"]["fields"]}
    for name in ("accent", "accent_dark"):
        assert brand[name]["widget"] == "color" and brand[name]["allowInput"] is True
        pattern = re.compile(brand[name]["pattern"][0])
        assert pattern.match(GREEN) and pattern.match("#0B5E55") and not pattern.match("0b5e55")
    assert fields["format"]["readonly"] is True


# In a real browser

MONEY_ONLY = TENT_YAML.split("buy:")[0] + "ways: [money]\n"  # its one button, primary, is the donate button


@pytest.fixture(scope="module")
def brand_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Build a tiny site in the suggested shade of a yellow, its tent paid with money alone; serve it on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("brand")
    accent = colours.readable_accent(YELLOW, LIGHT)
    files = {**minimal_files(), **with_brand(f'accent: "{accent}"'), "items/tente.yaml": MONEY_ONLY}
    write_files(folder / "content", files)
    with served(folder / "site") as address:
        build(Options(folder / "content", TEMPLATES, folder / "site", base_url=address, workers=1))
        yield address, folder / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


def rgb(colour: str) -> str:
    """Return #rrggbb as getComputedStyle writes it: rgb(r, g, b)."""
    return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_donate_button_is_in_the_brand_colour_and_axe_finds_no_contrast_problem(
    browser: Browser, brand_site: tuple[str, Path], scheme: str
):
    accent = colours.readable_accent(YELLOW, LIGHT)
    expected = colours.palettes(accent, None)[LIGHT if scheme == "light" else DARK]
    visit = Visit(browser, brand_site[0], PHONE, color_scheme=scheme)
    try:
        page = visit.open("items/tente/")
        button = page.locator('[data-way="money"] a.button-primary')
        assert button.evaluate("element => getComputedStyle(element).backgroundColor") == rgb(expected.accent)
        assert button.evaluate("element => getComputedStyle(element).color") == rgb(expected.on_accent)
        results = axe(page)
        contrast = [violation for violation in results.response["violations"] if violation["id"] == "color-contrast"]
        assert contrast == [], results.generate_report()
    finally:
        visit.close()
