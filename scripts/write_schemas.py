"""Write the editor JSON Schemas, generated from sitegen/content/schemas.py, and needs.json's into schemas/.

Run it after changing a field of site.yaml, items, testimonies or pages;
tests/test_editor_schemas.py fails until the files match the rules again.
The output is deterministic: running the script twice gives identical files.

Usage: .venv/bin/python scripts/write_schemas.py
"""

from __future__ import annotations

from pathlib import Path

from sitegen.content.editor_schemas import schema_files
from sitegen.feeds.needs_json import NEEDS_SCHEMA

OUT = Path(__file__).resolve().parent.parent / "schemas"


def main() -> None:
    """Write every schema file and remove the ones no record produces any more."""
    files = schema_files({"needs.schema.json": NEEDS_SCHEMA})
    OUT.mkdir(exist_ok=True)
    for stale in sorted(OUT.glob("*.schema.json")):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(files)} schemas into {OUT}")


if __name__ == "__main__":
    main()
