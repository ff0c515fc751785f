#!/usr/bin/env python3
"""The image step on the example site: cold and cached time, and what a phone downloads.

    .venv/bin/python benchmarks/images.py [--runs 5]

Cold: every picture decoded, checked and encoded, with an empty cache. Cached:
the same step with the cache the cold run filled. Then the site is built and the
needs list page is read as a phone would (360 CSS px wide, 2 device pixels per
CSS pixel, scrolled to the end so that lazy pictures load too): for each
<picture>, the WebP candidate a browser picks from `srcset` and `sizes` is
counted, and compared with the original files the same pictures come from.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.build import Options, _used_images, build  # noqa: E402
from sitegen.content.load import load_site  # noqa: E402
from sitegen.pictures.publish import publish_images  # noqa: E402

VIEWPORT = 360  # CSS pixels: a small phone
DENSITY = 2  # device pixels per CSS pixel
REM = 16


def time_step(runs: int) -> tuple[float, float]:
    """Return the median seconds of the image step, cold and cached."""
    site = load_site(ROOT / "content")
    used = _used_images(site)
    cold, cached = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            publish_images(used, str(ROOT), Path(cache))
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            publish_images(used, str(ROOT), Path(cache))
            cached.append(time.perf_counter() - started)
    return statistics.median(cold), statistics.median(cached)


def css_length(text: str) -> float:
    """Return a CSS length in CSS pixels at the phone's width: 22rem, 100vw, 88px."""
    number, unit = re.fullmatch(r"([\d.]+)(rem|px|vw)", text.strip()).groups()
    return float(number) * {"rem": REM, "px": 1, "vw": VIEWPORT / 100}[unit]


def slot_width(sizes: str) -> float:
    """Return the width `sizes` gives a picture at the phone's width."""
    for entry in sizes.split(","):
        condition = re.match(r"\s*\(min-width:\s*([\d.]+rem)\)\s*(.+)", entry)
        if not condition:
            return css_length(entry)
        if css_length(condition.group(1)) <= VIEWPORT:
            return css_length(condition.group(2))
    raise ValueError(sizes)


def chosen(srcset: str, sizes: str) -> str:
    """Return the candidate a browser picks: the narrowest at least as wide as the slot needs."""
    need = slot_width(sizes) * DENSITY
    candidates = sorted((int(w), url) for url, w in re.findall(r"(\S+) (\d+)w", srcset))
    return next((url for width, url in candidates if width >= need), candidates[-1][1])


def phone_bytes(output: Path, page: Path) -> tuple[int, int]:
    """Return the bytes a phone downloads for the pictures of a page, and the count of pictures."""
    html = page.read_text()
    total = count = 0
    for srcset, sizes in re.findall(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html):
        total += (output / chosen(srcset, sizes).lstrip("/")).stat().st_size
        count += 1
    return total, count


def original_bytes(page: Path) -> int:
    """Return the bytes of the original files behind the pictures of a page."""
    site = load_site(ROOT / "content")
    names = set(re.findall(r'srcset="/images/([\w-]+?)-[0-9a-f]{10}-', page.read_text()))
    return sum(item.image.path.stat().st_size for item in site.items if item.image and item.image.path.stem in names)


def main() -> None:
    """Measure and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cold, cached = time_step(runs)
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        build(Options(ROOT / "content", ROOT / "sitegen" / "templates", output))
        phone, pictures = phone_bytes(output, output / "index.html")
        originals = original_bytes(output / "index.html")
    print(f"| measure (example site, {runs} runs, median) | value |")
    print("|---|---|")
    print(f"| image step, cold (empty cache) | {cold:.2f} s |")
    print(f"| image step, cached | {cached * 1000:.0f} ms ({cold / cached:.0f}x faster) |")
    print(f"| needs list: pictures a phone downloads ({pictures}) | {phone / 1000:.0f} kB |")
    print(f"| needs list: the original files of those pictures | {originals / 1000:.0f} kB |")
    print(f"| ratio | {phone / originals:.1%} of the originals |")


if __name__ == "__main__":
    main()
