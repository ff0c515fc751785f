"""Time our build beside Hugo (plain, and drawing our cards with Pagefind), Eleventy, Pelican and Jekyll; print ratios.

    .venv/bin/python benchmarks/peers.py 200 2000                       # S: every tool, every measure
    .venv/bin/python benchmarks/peers.py 2000 20000 --tools ours,hugo,hugo-full --runs 3 --full-runs 1

The team's peer harness (../shared/peers/, or --peers) writes the same logical
content for every tool, times whole processes (cold, no-op, one testimony
edited) and checks the pages. This script gives it our build command, checks our
output with rules of its own (our theme adds pages the peers' minimal templates
lack: lists, categories, print, search, 404; and a menu link to the testimonies
list), then adds what the harness lacks (peer_measures.py): "hugo-full", the
equal-work peer (Hugo drawing a share card per page, then Pagefind; --full-runs
cold runs, and its no-op and one-change rebuilds as the harness takes Hugo's, its
cards kept), and the deploy build (a CI run: fresh clone, cache restored, no
output) of ours, Hugo and hugo-full (its resources/ kept: the cards Hugo drew). It
prints the harness's table, every figure of this run with its CPU time, and our
ratios to each peer, all from this run. sitegen's bytecode is written first, as any
machine has it once it built the site (or pip installed the generator): where
PYTHONDONTWRITEBYTECODE is set, every build would compile every module again.

The corpus is BENCH_ROOT/corpus-N-M (BENCH_ROOT defaults to /dev/shm/bench: tmpfs,
so the disk's noise stays out of the figures), or --corpus; it is made when it has
no manifest.json, and builds write into it: measure a copy of a corpus you keep.
Results go to --results (default: beside the corpus, in results/N-M/).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from peer_measures import HUGO_FULL, Bench
from serve_latency import SLUG, shows_edit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # the interpreter running this script: the project's .venv
BUILD = f"{PYTHON} {ROOT}/generate.py build --content {{src}}/content --output {{out}} -q"
HREF = re.compile(r'href="([^"]*)"')
MEASURES = {"cold": "cold build", "deploy": "deploy build (CI: fresh clone, cache kept, no output)",
            "noop": "no-op rebuild", "change": "one testimony edited"}  # fmt: skip
HARNESS = ("cold", "noop", "change")  # the measures run_peers.sh takes; peer_measures.py the others, and hugo-full's
TOOLS = "ours,hugo,hugo-full,eleventy,pelican,jekyll,floor,cp"
PEERS = ("hugo-full", "hugo", "eleventy", "pelican", "jekyll")
DEPLOYED = ("ours", "hugo", "hugo-full")  # the tools with a deploy measure
VERDICTS = {"cold": "check", "change": "fresh", "deploy": "deploy-check"}  # measure => the verdict on its pages
OWN_TOOLS = ("hugo-full",)  # the tools the harness does not know, timed by peer_measures.py


def main() -> None:
    """Run the harness and the measures it lacks for one size, then print the tables and the ratios."""
    arguments = _arguments()
    size = f"{arguments.items}-{arguments.testimonies}"
    corpus = arguments.corpus or Path(os.environ.get("BENCH_ROOT", "/dev/shm/bench")) / f"corpus-{size}"
    results = (arguments.results or corpus.parent / "results") / size
    tools, measures = arguments.tools.split(","), arguments.measures.split(",")
    results.mkdir(parents=True, exist_ok=True)
    code = _code_state()
    compileall.compile_dir(ROOT / "sitegen", quiet=1, rx=re.compile("site_files"))  # as on a machine that built once
    _forget(results, tools, measures)
    _harness(arguments, corpus, results, tools, measures)
    bench = Bench(arguments.peers, corpus, results, float(os.environ.get("TIMEOUT", "3600")))
    if "hugo-full" in tools and "cold" in measures:
        bench.hugo_full_cold(arguments.full_runs)
    if "hugo-full" in tools and {"noop", "change"} & set(measures):
        bench.hugo_full_rebuilds(measures, arguments.runs)
    for tool in (tool for tool in DEPLOYED if tool in tools and "deploy" in measures):
        runs = arguments.full_runs if tool == "hugo-full" else arguments.runs
        if bench.deploy(tool, _command(tool, corpus), runs) and tool == "ours":
            check_ours(corpus, results / "ours-deploy-check.json")
    summary = subprocess.run([sys.executable, str(arguments.peers / "summarize.py"), str(results.parent)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    print(summary)
    print(this_run(results, tools, measures))
    print()
    print(ratios(results, tools, measures))
    if _code_state() != code:
        print("\nsitegen/ changed during this run, which empties the generator's caches: its no-op, one-change and"
              " deploy figures may be builds from nothing. Measure again with the code unchanged.")  # fmt: skip


def _arguments() -> argparse.Namespace:
    """Return the command line's choices."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", type=int)
    parser.add_argument("testimonies", type=int)
    parser.add_argument("--tools", default=TOOLS.removesuffix(",floor,cp"), help=f"among {TOOLS.replace(',', ', ')}")
    parser.add_argument("--measures", default="cold,noop,change,deploy", help=f"among {', '.join(MEASURES)}")
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each measure")
    parser.add_argument("--full-runs", type=int, default=1, help="hugo-full's cold and deploy runs (12 min at L)")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default: BENCH_ROOT/corpus-ITEMS-TESTIMONIES)")
    parser.add_argument("--results", type=Path, help="the results folder (default: results/ beside the corpus)")
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    arguments = parser.parse_args()
    for name, known in (("tools", TOOLS.split(",")), ("measures", list(MEASURES))):
        if unknown := set(getattr(arguments, name).split(",")) - set(known):
            parser.error(f"unknown {name}: {', '.join(sorted(unknown))} (known: {', '.join(known)})")
    return arguments


def _code_state() -> str:
    """Return a digest of the generator's files: any change to them makes the next build start from nothing."""
    hasher = hashlib.blake2b()
    for path in sorted((ROOT / "sitegen").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(f"{path}\0".encode() + path.read_bytes())
    return hasher.hexdigest()


def _forget(results: Path, tools: list[str], measures: list[str]) -> None:
    """Remove what an earlier run left for the tools and measures of this one, so every figure shown is of this run."""
    for tool in tools:
        for name in [name for measure in measures for name in (measure, VERDICTS.get(measure, measure))]:
            results.joinpath(f"{tool}-{name}.json").unlink(missing_ok=True)


def _harness(arguments: argparse.Namespace, corpus: Path, results: Path, tools: list[str], measures: list[str]) -> None:
    """Run the team's harness for the tools and measures it knows, then check our pages with our own rules."""
    known = [tool for tool in tools if tool not in OWN_TOOLS]
    modes = [measure for measure in measures if measure in HARNESS]
    if not (corpus / "manifest.json").is_file():
        size = ["--items", str(arguments.items), "--testimonies", str(arguments.testimonies), "--out", str(corpus)]
        subprocess.run([sys.executable, str(arguments.peers / "make_corpus.py"), *size], check=True)
    if not known or not modes:
        return
    environment = {
        **os.environ,
        "BENCH_ROOT": os.environ.get("BENCH_ROOT", "/dev/shm/bench"),  # where Pelican's venv and Eleventy are
        "CORPUS": str(corpus),
        "RESULTS": str(results.parent),  # it writes into RESULTS/N-M
        "MODES": ",".join(modes),
        "RUNS": str(arguments.runs),
        "WARMUP": os.environ.get("WARMUP", "1" if arguments.runs > 1 else "0"),
        "OURS_BUILD": BUILD,
        "OURS_CLEAN": "rm -rf .cache",
    }
    command = ["bash", str(arguments.peers / "run_peers.sh"), str(arguments.items), str(arguments.testimonies)]
    subprocess.run([*command, ",".join(known)], env=environment, check=True)
    if "ours" in known:
        check_ours(corpus, results / "ours-check.json")
        fresh_ours(corpus, results / "ours-fresh.json")


def _command(tool: str, corpus: Path) -> list[str]:
    """Return the command that builds a tool's site in its folder, as the harness runs it."""
    if tool == "ours":
        return ["sh", "-c", "exec " + BUILD.format(src=corpus / "ours", out=corpus / "ours" / "_site")]
    return ["hugo", "--quiet"] if tool == "hugo" else ["bash", "-c", HUGO_FULL]


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


def this_run(results: Path, tools: list[str], measures: list[str]) -> str:
    """Return a Markdown table of every measure of this run: wall and CPU seconds, peak memory, the pages' check."""
    lines = ["| tool | measure | wall s, median (min-max, runs) | CPU s, median | peak MB, median | pages |"]
    lines.append("|---" * 6 + "|")
    for tool in tools:
        for measure in measures:
            data = _read(results / f"{tool}-{measure}.json")
            if data is None or "summary" not in data:
                continue
            wall, cpu, peak = (data["summary"][key] for key in ("wall", "cpu", "maxrss_mb"))
            runs = sum(not run["warmup"] for run in data["runs"])
            lines.append(f"| {tool} | {MEASURES[measure]}{'' if data['ok'] else ' FAILED'} "
                         f"| {wall['median']:.2f} ({wall['min']:.2f}-{wall['max']:.2f}, {runs}) | {cpu['median']:.2f} "
                         f"| {peak['median']:.0f} | {_verdict(results, tool, measure)} |")  # fmt: skip
    return "\n".join(lines)


def _verdict(results: Path, tool: str, measure: str) -> str:
    """Return what the check of the pages a measure left found: ok, what is wrong, fresh or stale after the edit."""
    check = _read(results / f"{tool}-{VERDICTS[measure]}.json") if measure in VERDICTS else None
    if check is None:
        return "-"
    if measure == "change":
        fresh = check.get("fresh") or {}
        return "fresh" if fresh.get("testimony_page_fresh") and fresh.get("item_pages_fresh") else "STALE"
    return "ok" if check["ok"] else "; ".join(check["problems"])[:80]


def ratios(results: Path, tools: list[str], measures: list[str]) -> str:
    """Return a Markdown table of our time and memory divided by each peer's, measured in this run."""
    lines = ["| measure | " + " | ".join(f"ours / {peer}" for peer in PEERS) + " |", "|---" * (len(PEERS) + 1) + "|"]
    for measure, label in [*MEASURES.items(), ("peak", "peak memory (cold)")]:
        if (measure if measure != "peak" else "cold") not in measures:
            continue
        ours = _median(results, "ours", measure) if "ours" in tools else None
        cells = []
        for peer in PEERS:
            theirs = _median(results, peer, measure) if peer in tools else None
            cells.append(f"{ours / theirs:.2f}" if ours and theirs else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _median(results: Path, tool: str, measure: str) -> float | None:
    """Return a tool's median wall time for a measure, or its median peak memory for "peak"."""
    data = _read(results / f"{tool}-{'cold' if measure == 'peak' else measure}.json")
    if data is None or "summary" not in data:
        return None
    return data["summary"]["maxrss_mb" if measure == "peak" else "wall"]["median"]


def _read(path: Path) -> dict | None:
    """Return a JSON file's data, or None when it is absent or unreadable."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


if __name__ == "__main__":
    main()
