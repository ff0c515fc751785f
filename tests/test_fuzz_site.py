"""Whole-site fuzzing: random content trees, valid and broken, never a traceback; check agrees with build.

Hypothesis writes a content folder (tests/site_trees.py: site.yaml, items,
testimonies and their translations, pages, UI strings, pictures, theme overrides,
each maybe slipped as volunteers slip) beside the output and cache of a previous
build, and runs `check` then `build` on it, through the pipeline or the command
line. Neither may fail with anything but the generator's own errors; `check`
passes exactly when `build` succeeds; a failed build leaves the previous site
exactly as it was.

`make test` runs a fixed set of trees (derandomized, so CI is reproducible);
`HYPOTHESIS_PROFILE=long` runs many more, from a new random seed each time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_DAY, TEMPLATES, minimal_files, write_files
from site_trees import OUTSIDE, PICTURE_BYTES, Tree, trees, write_tree
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.errors import ContentError, SiteError
from support import all_bytes

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# make test: the same 80 trees at every run, about 20 s; HYPOTHESIS_PROFILE=long: 2,000 new ones, 10 to 20 minutes.
FUZZ = (
    settings(max_examples=2_000, deadline=None, suppress_health_check=_SLOW)
    if os.environ.get("HYPOTHESIS_PROFILE") == "long"
    else settings(max_examples=80, deadline=None, derandomize=True, database=None, suppress_health_check=_SLOW)
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a check or a build ended."""

    passed: bool
    said: str  # the error's message, or what the command printed


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the output and cache of a good build, which every tree's build would replace."""
    folder = tmp_path_factory.mktemp("previous")
    files = {**minimal_files(), "images/tente.jpg": PICTURE_BYTES["jpeg"]}
    files["items/tente.yaml"] += "image: {src: tente.jpg, alt: Une tente}\n"
    write_files(folder / "content", files)
    build(Options(folder / "content", TEMPLATES, folder / "output", cache=folder / "cache", today=EXAMPLE_DAY))
    return folder


def attempt(step: Callable[[], object]) -> Outcome:
    """Run a check or a build through the pipeline: passed, or failed with one of the generator's own errors."""
    try:
        step()
    except SiteError as error:
        for problem in error.problems if isinstance(error, ContentError) else ():
            assert problem.path and not os.path.isabs(problem.path), problem
            assert problem.line >= 0 and problem.message and problem.hint, problem
        return Outcome(False, error.format_message())
    return Outcome(True, "")


def through_pipeline(work: Path, drafts: bool) -> tuple[Outcome, Outcome]:
    """Check, then build, the tree in work/ with sitegen.build's functions, on one core."""
    content, output = work / "content", work / "output"
    options = Options(content, TEMPLATES, output, drafts=drafts, cache=work / "cache", workers=1, today=EXAMPLE_DAY)
    return attempt(lambda: check(options, EXAMPLE_DAY)), attempt(lambda: build(options))


def invoked(arguments: list[str]) -> Outcome:
    """Run the command line as a volunteer does: it exits 0, or 1 with a message, never with a traceback."""
    result = CliRunner().invoke(main, arguments)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # with its own traceback, for Hypothesis to show
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return Outcome(result.exit_code == 0, result.output)


def through_command_line(work: Path, drafts: bool) -> tuple[Outcome, Outcome]:
    """Check, then build, the tree in work/ with `python generate.py check` and `build`, on every core."""
    common = ["--content", str(work / "content"), "--cache", str(work / "cache"), "--date", EXAMPLE_DAY.isoformat()]
    common += ["-q", *(["--drafts"] if drafts else [])]
    return invoked(["check", *common]), invoked(["build", *common, "--output", str(work / "output")])


@FUZZ
@given(tree=trees(), drafts=st.booleans(), command_line=st.booleans())
def test_on_any_content_check_passes_exactly_when_build_succeeds_and_a_failed_build_changes_nothing(
    previous: Path, tree: Tree, drafts: bool, command_line: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(previous / "output", work / "output")
        shutil.copytree(previous / "cache", work / "cache")
        write_tree(work, OUTSIDE)
        write_tree(work / "content", tree)
        before = all_bytes(work / "output")
        checked, built = (through_command_line if command_line else through_pipeline)(work, drafts)
        event("built" if built.passed else "refused")
        assert checked.passed == built.passed, f"check: {checked.said or 'passed'}\nbuild: {built.said or 'built'}"
        if built.passed:
            assert (work / "output" / "index.html").is_file()
        else:
            assert all_bytes(work / "output") == before, "a failed build changed the previous site"
