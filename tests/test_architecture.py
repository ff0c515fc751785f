"""The package reads as the pipeline it runs, in small pieces, and its own code keys every cache.

The import direction between stages is checked by import-linter (`make test` runs
`lint-imports` with the contracts in pyproject.toml); here, what it cannot see.
"""

from __future__ import annotations

import ast
import io
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import sitegen
from conftest import TEMPLATES, minimal_files, write_files
from sitegen import digests

PACKAGE = Path(sitegen.__file__).parent
STAGES = {"content", "pages", "pictures", "feeds", "search", "checks", "incremental", "editor"}
MAX_TOP_MODULES = 10
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def modules() -> list[Path]:
    """Return every module of the package, its subpackages' included."""
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_root_holds_the_stages_as_folders_and_at_most_ten_modules():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"}
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert folders == STAGES | {"model", "templates"}  # the model is no stage: every stage reads it; nor the theme
    assert len(top) <= MAX_TOP_MODULES, top
    assert {"cli.py", "build.py", "errors.py", "output.py"} <= set(top)


def test_every_module_and_subpackage_says_what_it_is_for_in_its_docstring():
    undocumented = [str(path.relative_to(PACKAGE)) for path in modules() if not ast.get_docstring(parse(path))]
    assert undocumented == []


def test_no_module_is_over_400_lines():
    long = {str(path.relative_to(PACKAGE)): n for path in modules() if (n := len(path.read_text().splitlines()))}
    assert {name: n for name, n in long.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_is_over_50_lines():
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in modules()
        for node in ast.walk(parse(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or 0) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def parse(path: Path) -> ast.Module:
    """Return a module's syntax tree."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_the_code_digest_is_of_the_whole_package():
    assert digests.PACKAGE == PACKAGE
    assert digests.code_digest() == digests.tree_digest(PACKAGE)


def test_a_change_to_any_module_of_any_subpackage_changes_the_code_digest(tmp_path):
    copy = copied_package(tmp_path)
    before = digests.tree_digest(copy)
    for module in sorted(copy.rglob("*.py")):
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert digests.tree_digest(copy) != before, module.relative_to(copy)
        module.write_bytes(original)
    assert digests.tree_digest(copy) == before


def copied_package(tmp_path: Path) -> Path:
    """Copy the package, without Python's caches, under tmp_path/code/; return the copy of sitegen/."""
    copy = tmp_path / "code" / "sitegen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize("module", ["feeds/sitemap.py", "checks/links.py"])
def test_a_change_to_a_module_of_a_subpackage_invalidates_every_cache(tmp_path, module):
    code = copied_package(tmp_path)
    content, cache = tmp_path / "content", tmp_path / "cache"
    write_files(content, {**minimal_files(), "items/tente.yaml": TENT_WITH_PICTURE, "images/tente.jpg": a_picture()})
    first = build_with(code, content, cache)
    assert "unchanged since the last build" not in first
    before = cache_entries(cache)
    assert build_with(code, content, cache).startswith("Nothing changed"), "the same code keeps everything"
    with open(code / module, "a", encoding="utf-8") as file:
        file.write("\n# a change that alters no output\n")
    second = build_with(code, content, cache)
    assert not second.startswith("Nothing changed"), "the stamp"
    assert "unchanged since the last build" not in second, "kept pages"
    after = cache_entries(cache)
    assert after["parses"] and after["parses"].isdisjoint(before["parses"]), "parses: each one made again"
    for kind in ("cards", "pictures", "search"):
        assert before[kind], kind
        assert len(after[kind] - before[kind]) == len(before[kind]), f"{kind}: each one made again"


TENT_WITH_PICTURE = minimal_files()["items/tente.yaml"] + "image: {src: tente.jpg, alt: {fr: Une tente, en: A tent}}\n"


def a_picture() -> bytes:
    """Return a small JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


def build_with(code: Path, content: Path, cache: Path) -> str:
    """Build with the package in `code` (a copy), in another process; return what it printed."""
    environment = {**os.environ, "PYTHONPATH": str(code.parent)}
    program = (
        "import sitegen, sys; assert sitegen.__file__.startswith(sys.argv[1]); "
        "from sitegen.cli import main; main(sys.argv[2:])"
    )
    folders = ["--content", content, "--templates", TEMPLATES, "--output", content.parent / "output", "--cache", cache]
    command = [sys.executable, "-c", program, code, "build", *folders]
    result = subprocess.run(
        [str(part) for part in command], env=environment, cwd=code.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def cache_entries(cache: Path) -> dict[str, set[str]]:
    """Return the entries of each cache: parses by key, share cards, encoded pictures and search shards by folder."""
    parses = set()
    for shard in (cache / "testimonies").glob("*.pickle"):
        with open(shard, "rb") as file:
            parses |= set(pickle.load(file))
    return {
        "parses": parses,
        "cards": {path.name for path in (cache / "cards").glob("*.png")},
        "pictures": {path.name for path in (cache / "images").iterdir() if not path.name.startswith(".")},
        "search": {path.name for path in (cache / "search").iterdir() if path.is_dir() and path.name[0] != "."},
    }
