"""Fixtures: tiny sites written from dicts, and the example site built once per session."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.build import Options, build
from sitegen.pictures.fonts import Fonts, FontsMissing, find_fonts

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "sitegen" / "templates"
EXAMPLE = ROOT / "content"
EXAMPLE_DAY = datetime.date(2026, 12, 6)  # the example as on this day: winter, weeks before the dates are needed

SITE_YAML = """\
title: {fr: Besoins, en: Needs}
description: {fr: Ce qu'il nous faut, en: What we need}
base_url: https://aide.example.org/
languages: [fr, en]
currency: EUR
organisation:
  name: Association Test
  url: https://association.example.org/
  shipping_address: |
    Association Test
    1 rue de l'Exemple, 62100 Ville
  dropoff: {fr: "Entrepôt ouvert le samedi", en: "Warehouse open on Saturdays"}
donate:
  url: https://dons.example.org/
  label: {fr: Faire un don, en: Donate}
categories:
  shelter: {fr: Abri, en: Shelter}
  hygiene: {fr: Hygiène, en: Hygiene}
format: 2
"""

TENT_YAML = """\
name: {fr: Tente, en: Tent}
category: shelter
urgency: urgent
status: needed
updated: 2026-11-20
quantity: {needed: 120, received: 45}
price: 39.90
summary: {fr: Une tente pour deux, en: A tent for two}
description: |
  Une tente *solide*.
buy:
  - {label: Boutique, url: "https://shop.example.com/tent"}
"""

SAMIR_MD = """\
---
author: Samir
items: [tente]
date: 2020-12
place: Calais
consent: {date: 2021-01-15}
quote: "Elle m'a gardé au sec."
---
La tente m'a gardé au sec tout l'hiver.
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a test that launches Chromium (its `browser` fixture) without the browser marker.

    Otherwise `pytest -m "not browser"`, where Playwright is not installed, would run it and fail.
    """
    unmarked = [
        item.nodeid
        for item in items
        if "browser" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError("mark these tests @pytest.mark.browser: " + ", ".join(unmarked))


def ui_strings_to_translate(lang: str) -> dict[str, str]:
    """Return content/i18n/<lang>.yaml holding the theme's English strings: enough to build a site in `lang`."""
    return {f"i18n/{lang}.yaml": (TEMPLATES / "i18n" / "en.yaml").read_text(encoding="utf-8")}


def minimal_files() -> dict[str, str]:
    """Return the files of a small valid site: one item, one testimony, one page."""
    return {
        "site.yaml": SITE_YAML,
        "items/tente.yaml": TENT_YAML,
        "testimonies/samir.md": SAMIR_MD,
        "pages/about.md": "---\ntitle: À propos\nmenu: 1\n---\nNous sommes une association fictive.\n",
    }


def many_testimonies(count: int) -> dict[str, str]:
    """Return testimony files about the minimal site's tent, enough to make a build take a while."""
    body = "La tente m'a gardé au sec. " * 40
    return {
        f"testimonies/t{n:04d}.md": f"---\nauthor: Auteur {n}\nitems: [tente]\ndate: 2020\n"
        f"consent: {{date: 2021-01-01}}\n---\n{body}\n"
        for n in range(count)
    }


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write files under root; a None value removes the file."""
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a tiny valid site, changed by `files` (None removes a file); return content/."""

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        content = tmp_path / "content"
        write_files(content, {**(minimal_files() if base else {}), **(files or {})})
        return content

    return make


@pytest.fixture
def options(tmp_path: Path) -> Callable[..., Options]:
    """Return build Options for a content folder, writing to tmp_path/output."""

    def make(content: Path, **extra: object) -> Options:
        return Options(content, TEMPLATES, tmp_path / "output", **extra)  # type: ignore[arg-type]

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example content once per session; return the output folder."""
    output = tmp_path_factory.mktemp("example") / "output"
    build(Options(EXAMPLE, TEMPLATES, output, today=EXAMPLE_DAY))
    return output


@pytest.fixture(scope="session")
def fonts() -> Fonts:
    """Return the installed fonts; the suite needs Debian's DejaVu Sans."""
    try:
        return find_fonts()
    except FontsMissing as error:
        pytest.fail(str(error))


@pytest.fixture
def runner() -> CliRunner:
    """Return a click CliRunner."""
    return CliRunner()
