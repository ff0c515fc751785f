"""Record the default theme as released, for the test that keeps CHANGELOG.md's list of changed theme files honest.

Run it when a release is tagged, after its CHANGELOG.md entry is written: it writes
the digest of every file of sitegen/templates/ with the version. From then on,
tests/test_release.py fails when a theme file differs from what was released and
CHANGELOG.md's sections above that release do not name it, since an association
that overrides that file must be told to compare it.

Usage: .venv/bin/python scripts/record_release.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sitegen import TEMPLATES_FOLDER, __version__

RECORD = Path(__file__).resolve().parent.parent / "tests" / "data" / "released_theme.json"


def theme_digests() -> dict[str, str]:
    """Return the sha256 of every file of the default theme, by its name in it."""
    files = sorted(p for p in TEMPLATES_FOLDER.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return {p.relative_to(TEMPLATES_FOLDER).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def main() -> None:
    """Write the record of this release's theme."""
    RECORD.write_text(json.dumps({"version": __version__, "files": theme_digests()}, indent=1) + "\n")
    print(f"recorded the theme of sitegen {__version__} in {RECORD}")


if __name__ == "__main__":
    main()
