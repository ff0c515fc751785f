#!/usr/bin/env python3
"""Share cards: the CPU time of drawing and encoding one, and the drawings that sharing saves across languages.

    .venv/bin/python benchmarks/cards.py [--runs 5] [--corpus /dev/shm/bench/corpus-200-2000]

Each run is a fresh process, as a build's worker is: it draws and encodes every card
of a site once (render_card, with the first version of each the fonts can draw), in
the order a build does, timing each in CPU time of that process; the table gives
the median card, the median of the runs. The sites: the S corpus (200 items, 2,000
testimonies, one language; written with ../shared/peers/make_corpus.py when --corpus
has no manifest.json, and only read) and the example site (fr and en, its logo on
every card). Drawings are the files draw_cards keeps in an empty cache for a site,
against the cards it publishes. No card of the example looks like another: each
carries the site's name, which the example translates, and every testimony there is
translated too. So the example is measured again as a site that translates neither
its title nor its testimonies (a copy, with one title and no translation files):
then a testimony's two cards are one drawing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.content.load import load_site  # noqa: E402
from sitegen.pages.theme import Languages, load_theme  # noqa: E402
from sitegen.pictures.card_drawing import render_card  # noqa: E402
from sitegen.pictures.card_layout import Card, Uncovered  # noqa: E402
from sitegen.pictures.cards import card_sources, draw_cards  # noqa: E402
from sitegen.pictures.fonts import Fonts, find_fonts  # noqa: E402
from sitegen.pictures.logo import publish_logo  # noqa: E402

EXAMPLE = ROOT / "content"
THEME = ROOT / "sitegen" / "templates"
S_SIZE = ("200", "2000")


@dataclass(frozen=True, slots=True)
class Figures:
    """What the table says of one site."""

    site: str
    cards: int  # the cards the site publishes
    drawings: int  # the drawings made for them
    runs: tuple[float, ...]  # each run's median CPU milliseconds per card


def main() -> None:
    """Time every site's cards in fresh processes, count their drawings, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=Path("/dev/shm/bench/corpus-200-2000"))
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    parser.add_argument("--time", type=Path, help=argparse.SUPPRESS)  # one run: this process times a site's cards
    arguments = parser.parse_args()
    if arguments.time:
        print(json.dumps(timed(arguments.time)))
        return
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        untranslated = untranslated_copy(EXAMPLE, Path(work) / "untranslated")
        sites = [
            ("S corpus: 200 items, 2,000 testimonies (en)", s_corpus(arguments)),
            ("example (fr, en)", EXAMPLE),
            ("example, its title and testimonies untranslated", untranslated),
        ]
        rows = [
            row(name, content, arguments.runs, Path(work) / f"cache-{n}") for n, (name, content) in enumerate(sites)
        ]
    print(table(rows, arguments.runs))


def s_corpus(arguments: argparse.Namespace) -> Path:
    """Return the S corpus' content folder, writing the corpus first when it is missing."""
    if not (arguments.corpus / "manifest.json").is_file():
        size = ["--items", S_SIZE[0], "--testimonies", S_SIZE[1], "--out", str(arguments.corpus)]
        subprocess.run([sys.executable, str(arguments.peers / "make_corpus.py"), *size], check=True)
    return arguments.corpus / "ours" / "content"


def untranslated_copy(content: Path, copy: Path) -> Path:
    """Copy a content folder without its testimonies' translations, and with one title: its default language's."""
    shutil.copytree(content, copy)
    for translation in (copy / "testimonies").glob("*.*.md"):  # <slug>.<lang>.md
        translation.unlink()
    config = copy / "site.yaml"
    text = config.read_text(encoding="utf-8")
    one = re.sub(r"^title:\n  \w+: (.*)\n(?:  \w+: .*\n)*", r"title: \1\n", text, count=1, flags=re.MULTILINE)
    if one == text:
        raise SystemExit(f"{config}: no title per language to make one of")
    config.write_text(one, encoding="utf-8")
    return copy


def row(name: str, content: Path, runs: int, cache: Path) -> Figures:
    """Return a site's figures: its cards, its drawings, and the median CPU ms per card in each of `runs` processes."""
    command = [sys.executable, str(Path(__file__).resolve()), "--time", str(content)]
    medians = tuple(json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)["median"]
                    for _ in range(runs))  # fmt: skip
    return Figures(name, *drawn(content, cache), medians)


def timed(content: Path) -> dict[str, float]:
    """Draw and encode every card of a site once, in this process; return the median and mean CPU ms per card."""
    sources, fonts = sources_of(content)
    times = []
    for _, cards in sources:
        start = time.process_time()
        first_drawn(cards, fonts)
        times.append((time.process_time() - start) * 1000)
    return {"median": statistics.median(times), "mean": statistics.mean(times)}


def first_drawn(cards: list[Card], fonts: Fonts) -> bytes:
    """Draw the first version of a card that the fonts can draw, as draw_cards does."""
    for card in cards:
        try:
            return render_card(card, fonts)
        except Uncovered:
            continue
    return b""


def drawn(content: Path, cache: Path) -> tuple[int, int]:
    """Return how many cards a site publishes and how many drawings draw_cards keeps for them in an empty cache."""
    sources, fonts = sources_of(content)
    outputs = draw_cards(sources, fonts, cache)
    published = {output.path: output.data for output in outputs}
    drawings = sum(1 for _ in (cache / "cards").glob("*.png"))
    if drawings < len(set(published.values())):
        raise SystemExit(f"{content}: {len(set(published.values()))} different cards from {drawings} drawings")
    return len(published), drawings


def sources_of(content: Path) -> tuple[list[tuple[str, list[Card]]], Fonts]:
    """Return a site's cards as a build gives them (with its logo), and the installed fonts."""
    site = load_site(content)
    text = load_theme(THEME, Languages(site.config.languages)).text
    return list(card_sources(site, text, publish_logo(site.config))), find_fonts()


def table(rows: list[Figures], runs: int) -> str:
    """Return the figures as a Markdown table."""
    lines = [
        f"| site | cards | drawings | saved by sharing | CPU per card, median of {runs} runs | each run (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for each in rows:
        every = ", ".join(f"{value:.2f}" for value in each.runs)
        saved = each.cards - each.drawings
        median = statistics.median(each.runs)
        lines.append(f"| {each.site} | {each.cards} | {each.drawings} | {saved} | {median:.2f} ms | {every} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
