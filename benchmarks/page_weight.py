#!/usr/bin/env python3
"""Page weight: what a phone downloads for the needs list and an item page, pictures aside.

    .venv/bin/python benchmarks/page_weight.py

Builds the example site, then for each page adds up its HTML and every stylesheet
and script it loads, raw and compressed with gzip (level 9, as a static host
would serve them). The target is under 50 KB compressed for each page.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.build import Options, build  # noqa: E402

PAGES = {"needs list": "index.html", "item page": "items/tente-deux-places/index.html"}
TARGET = 50_000


def weight(site: Path, page: str) -> tuple[int, int, list[str]]:
    """Return the raw and gzip bytes of a page with its stylesheets and scripts, and those files."""
    html = (site / page).read_bytes()
    assets = re.findall(rb'<link rel="stylesheet" href="/([^"]+)"|<script src="/([^"]+)"', html)
    files = [page] + [(style or script).decode() for style, script in assets]
    raw = sum((site / name).stat().st_size for name in files)
    packed = sum(len(gzip.compress((site / name).read_bytes(), 9)) for name in files)
    return raw, packed, files


def main() -> None:
    """Build the example and print a Markdown table."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(Options(ROOT / "content", ROOT / "sitegen" / "templates", site))
        print("| page | files | raw | gzip | under 50 KB |")
        print("|---|---|---|---|---|")
        for name, page in PAGES.items():
            raw, packed, files = weight(site, page)
            print(f"| {name} | {', '.join(files)} | {raw / 1000:.1f} KB | {packed / 1000:.1f} KB | "
                  f"{'yes' if packed < TARGET else 'NO'} |")  # fmt: skip


if __name__ == "__main__":
    main()
