"""A release a site can pin: a version, a CHANGELOG that names every theme file changed since the last release."""

from __future__ import annotations

import json
import re
import sys

from conftest import ROOT
from sitegen import __version__

sys.path.insert(0, str(ROOT / "scripts"))
from record_release import RECORD, theme_digests


def changelog_since(version: str) -> str:
    """Return the CHANGELOG's text above a release's entry: what changed after it."""
    changelog = (ROOT / "CHANGELOG.md").read_text()
    heading = re.search(rf"^## {re.escape(version)} ", changelog, re.MULTILINE)
    assert heading, f"CHANGELOG.md has no entry for {version}"
    return changelog[: heading.start()]


def test_the_version_is_one_a_site_can_pin_and_the_changelog_has_its_entry():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    changelog_since(__version__)


def test_every_theme_file_changed_since_the_last_release_is_named_in_the_changelog():
    released = json.loads(RECORD.read_text())
    now = theme_digests()
    changed = sorted(name for name in {*released["files"], *now} if released["files"].get(name) != now.get(name))
    since = changelog_since(released["version"])
    unnamed = [name for name in changed if f"templates/{name}" not in since]
    assert unnamed == [], (
        f"these theme files changed since sitegen {released['version']}: name each under 'Overrides' in the "
        "CHANGELOG's Unreleased section, so that associations overriding them know to compare"
    )


def test_the_release_record_is_of_this_version_or_an_older_one():
    released = json.loads(RECORD.read_text())["version"]
    assert numbers(released) <= numbers(__version__)


def numbers(version: str) -> tuple[int, ...]:
    """Return a MAJOR.MINOR.PATCH version as numbers, to compare."""
    return tuple(int(part) for part in version.split("."))
