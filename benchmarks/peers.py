"""Time our build beside Hugo, Eleventy, Pelican and Jekyll on the same content, and print the ratios.

    .venv/bin/python benchmarks/peers.py 200 2000                       # S: every tool
    .venv/bin/python benchmarks/peers.py 2000 20000 --tools ours,hugo --runs 1

The team's peer harness (../shared/peers/, or --peers) writes the same logical
content for every tool, times whole processes (cold, no-op, one testimony
edited) and checks the pages. This script gives it our build command, checks our
output with rules of its own (our theme adds pages the peers' minimal templates
lack: lists, categories, print, search, 404; and a menu link to the testimonies
list), then prints the harness's table and our ratios to each peer.

Results go to BENCH_ROOT/results (default /dev/shm/bench: tmpfs, so the disk's
noise stays out of the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from serve_latency import SLUG, shows_edit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # the interpreter running this script: the project's .venv
BUILD = f"{PYTHON} {ROOT}/generate.py build --content {{src}}/content --output {{out}} -q"
HREF = re.compile(r'href="([^"]*)"')
MEASURES = {"cold": "cold build", "noop": "no-op rebuild", "change": "one testimony edited"}


def main() -> None:
    """Run the harness for one size and print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", type=int)
    parser.add_argument("testimonies", type=int)
    parser.add_argument("--tools", default="ours,hugo,eleventy,pelican,jekyll")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    arguments = parser.parse_args()
    bench = Path(os.environ.get("BENCH_ROOT", "/dev/shm/bench"))
    size = f"{arguments.items}-{arguments.testimonies}"
    environment = {
        **os.environ,
        "BENCH_ROOT": str(bench),
        "RUNS": str(arguments.runs),
        "WARMUP": os.environ.get("WARMUP", "1" if arguments.runs > 1 else "0"),
        "OURS_BUILD": BUILD,
        "OURS_CLEAN": "rm -rf .cache",
    }
    command = ["bash", str(arguments.peers / "run_peers.sh"), str(arguments.items), str(arguments.testimonies)]
    subprocess.run([*command, arguments.tools], env=environment, check=True)
    results = bench / "results" / size
    if "ours" in arguments.tools.split(","):
        check_ours(bench / f"corpus-{size}", results / "ours-check.json")
        fresh_ours(bench / f"corpus-{size}", results / "ours-fresh.json")
    summary = subprocess.run([sys.executable, str(arguments.peers / "summarize.py"), str(bench / "results")],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    print(summary)
    print(ratios(results))


def check_ours(corpus: Path, report: Path) -> None:
    """Check our cold output against the corpus manifest, and write the verdict where the harness keeps its own."""
    manifest = json.loads((corpus / "manifest.json").read_text())
    site = corpus / "ours" / "_site"
    problems = []
    index = site.joinpath("index.html").read_text(encoding="utf-8")
    if {h for h in HREF.findall(index) if h.startswith("/items/")} != {f"/items/{s}/" for s in manifest["item_slugs"]}:
        problems.append("the needs list does not link every item")
    about: dict[str, set[str]] = {slug: set() for slug in manifest["item_slugs"]}
    for testimony, items in manifest["testimony_items"].items():
        for item in items:
            about[item].add(f"/testimonies/{testimony}/")
    for item, testimonies in about.items():
        page = site.joinpath("items", item, "index.html").read_text(encoding="utf-8")
        links = {h for h in HREF.findall(page) if h.startswith("/testimonies/") and h != "/testimonies/"}
        if links != testimonies or manifest["item_names"][item] not in page or "<em>" not in page:
            problems.append(f"item page {item} does not list exactly its testimonies")
    for testimony, items in manifest["testimony_items"].items():
        page = site.joinpath("testimonies", testimony, "index.html").read_text(encoding="utf-8")
        links = {h for h in HREF.findall(page) if h.startswith("/items/")}
        rendered = all(tag in page for tag in ("<em>", "<strong>", 'href="https://example.org/', "<li>"))
        if links != {f"/items/{s}/" for s in items} or not rendered:
            problems.append(f"testimony page {testimony} is wrong")
    files = [path for path in site.rglob("*") if path.is_file()]
    verdict = {"site": str(site), "ok": not problems, "problems": problems[:5], "files": len(files),
               "bytes": sum(path.stat().st_size for path in files)}  # fmt: skip
    report.write_text(json.dumps(verdict, indent=1))


def fresh_ours(corpus: Path, report: Path) -> None:
    """Say whether the one-change rebuild left the testimony page and its items' cards fresh.

    The harness looks for the edit after the testimony's link; our cards show the
    excerpt before their "read more" link, so the card is read back to its start.
    """
    if not report.is_file():
        return
    verdict = json.loads(report.read_text())
    edited = verdict["fresh"]["source_edited"]
    site = corpus / "ours" / "_site"
    items = json.loads((corpus / "manifest.json").read_text())["testimony_items"][SLUG]
    page = site.joinpath("testimonies", SLUG, "index.html").read_text(encoding="utf-8")
    cards = [site.joinpath("items", item, "index.html").read_text(encoding="utf-8") for item in items]
    verdict["fresh"]["testimony_page_fresh"] = shows_edit(page, card=False) == edited
    verdict["fresh"]["item_pages_fresh"] = all(shows_edit(html, card=True) == edited for html in cards)
    report.write_text(json.dumps(verdict, indent=1))


def ratios(results: Path) -> str:
    """Return a Markdown table of our time and memory divided by each peer's."""
    lines = ["| measure | " + " | ".join(f"ours / {peer}" for peer in ("hugo", "eleventy", "pelican", "jekyll")) + " |"]
    lines.append("|---" * 5 + "|")
    for measure, label in [*MEASURES.items(), ("peak", "peak memory (cold)")]:
        ours = _median(results, "ours", measure)
        cells = []
        for peer in ("hugo", "eleventy", "pelican", "jekyll"):
            theirs = _median(results, peer, measure)
            cells.append(f"{ours / theirs:.2f}" if ours and theirs else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _median(results: Path, tool: str, measure: str) -> float | None:
    """Return a tool's median wall time for a measure, or its median peak memory for "peak"."""
    try:
        data = json.loads((results / f"{tool}-{'cold' if measure == 'peak' else measure}.json").read_text())
        return data["summary"]["maxrss_mb" if measure == "peak" else "wall"]["median"]
    except (OSError, ValueError, KeyError):
        return None


if __name__ == "__main__":
    main()
