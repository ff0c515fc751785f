"""The measures the team's harness lacks, timed with its bench.py: Hugo doing our work, and the deploy build.

    Bench(peers, corpus, results, timeout).hugo_full_cold(runs=1)   =>  hugo-full-cold.json, hugo-full-check.json
    Bench(peers, corpus, results, timeout).hugo_full_rebuilds(["noop", "change"], runs=5)   =>  hugo-full-noop.json,
        hugo-full-change.json, hugo-full-fresh.json
    Bench(peers, corpus, results, timeout).deploy("ours", command, runs=5)   =>  ours-deploy.json

"hugo-full" is the equal-work peer of the harness's README ("Equal work"): the
corpus's Hugo site made by hugo_full.py to draw a 1200x630 share card per item and
testimony page, then Pagefind indexing what Hugo wrote, timed as one whole; its peak
memory is that of the larger of the two processes, as ours is (our build waits for
its Pagefind). Its no-op and one-change rebuilds are those run_peers.sh takes of
Hugo (one untimed run first; for the change, edit_one.py on one testimony before each
run, then whether the edit reached its pages), with public/ and resources/ (the cards
Hugo drew) kept, as a Hugo user's rebuild has them. The deploy build is what a site's
CI does: a fresh clone (every content file new), the previous build's cache
restored, no output folder; for Hugo, no public/ and resources/ kept. Each tool runs
in the corpus folder that holds its cache, as a CI checkout always has the same path.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PYTHON = Path(sys.executable)  # the interpreter running this script: the project's .venv, which has Pagefind and Pillow
FOLDERS = {"ours": "ours", "hugo": "hugo", "hugo-full": "hugo-full"}  # tool => its folder in the corpus
OUTPUTS = {"ours": "_site", "hugo": "public", "hugo-full": "public"}  # tool => the folder its build writes
HUGO_FULL = f"hugo --quiet && exec {shlex.quote(str(PYTHON))} -m pagefind --site public"  # Hugo, then Pagefind
NEW_CLONE = "rm -rf content.new && cp -r content content.new && rm -rf content && mv content.new content"  # all new
EDITED = "content/testimonies/testimony-000001.md"  # the file run_peers.sh edits in Hugo's site
CARD = re.compile(r'<meta property="og:image" content="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Bench:
    """Where the harness, the corpus and the results are, and how long one run may take."""

    peers: Path  # the team's harness: bench.py, hugo_full.py, check_outputs.py
    corpus: Path  # manifest.json and a folder per tool, as make_corpus.py wrote them
    results: Path  # the folder of one size's results: a JSON file per tool and measure, a log per tool
    timeout: float  # seconds before a single run is killed

    def hugo_full_cold(self, runs: int) -> bool:
        """Make the corpus's hugo-full site again, time its cold builds with Pagefind, and check the last one."""
        self.make_hugo_full()
        clean = "rm -rf public resources .hugo_build.lock"
        timed = self.time("hugo-full", "cold", clean, ["bash", "-c", HUGO_FULL], runs, warmup=0)
        if timed:
            self.check_hugo_full()
        return timed

    def hugo_full_rebuilds(self, measures: list[str], runs: int) -> None:
        """Time hugo-full's no-op and one-change rebuilds as run_peers.sh times Hugo's, then check the edit's pages."""
        if not (self.corpus / "hugo-full").is_dir():
            self.make_hugo_full()
        command = ["bash", "-c", HUGO_FULL]
        noop = runs if "noop" in measures else 0  # 0: only the untimed run that primes public/ and resources/
        self.time("hugo-full", "noop", "true", command, noop, warmup=1, count=True)
        if "change" not in measures:
            return
        edit = f"{shlex.quote(str(PYTHON))} {shlex.quote(str(self.peers / 'edit_one.py'))} {EDITED} >/dev/null"
        self.time("hugo-full", "change", edit, command, runs, warmup=0, count=True)
        self.check_fresh(command)

    def check_fresh(self, command: list[str]) -> None:
        """Say whether the rebuild shows the edit on the testimony page and its items' pages, as run_peers.sh does."""
        folder, report = self.corpus / "hugo-full", self.results / "hugo-full-fresh.json"
        edited = folder / EDITED
        if "Edited " not in edited.read_text(encoding="utf-8"):  # an even number of edits: one more, and its rebuild
            self.edit(edited)
            with (self.results / "hugo-full.log").open("ab") as log:
                subprocess.run(command, cwd=folder, stdout=log, stderr=log, timeout=self.timeout, check=False)
        checker = [str(PYTHON), str(self.peers / "check_outputs.py"), "--manifest", str(self.corpus / "manifest.json"),
                   "--site", str(folder / "public"), "--fresh", f"testimony-000001:{edited}",
                   "--json", str(report)]  # fmt: skip
        subprocess.run(checker, check=False)
        self.edit(edited)  # leave the corpus's source as it was made

    def edit(self, path: Path) -> None:
        """Toggle the edit's word in a testimony with the harness's edit_one.py."""
        subprocess.run([str(PYTHON), str(self.peers / "edit_one.py"), str(path)], check=True, stdout=subprocess.DEVNULL)

    def deploy(self, tool: str, command: list[str], runs: int) -> bool:
        """Time a tool's deploy builds; one untimed run before them leaves the cache a previous build leaves."""
        if tool == "hugo-full" and not (self.corpus / "hugo-full").is_dir():
            self.make_hugo_full()
        primed = tool != "hugo-full" or not (self.corpus / "hugo-full" / "resources").is_dir()
        clean = f"rm -rf {OUTPUTS[tool]} .hugo_build.lock && {NEW_CLONE}"
        return self.time(tool, "deploy", clean, command, runs, warmup=1 if primed else 0)

    def make_hugo_full(self) -> None:
        """Copy the corpus's Hugo site into hugo-full/ with hugo_full.py (run by our .venv: it uses Pillow)."""
        made = [str(self.corpus / "hugo"), str(self.corpus / "hugo-full")]
        subprocess.run([str(PYTHON), str(self.peers / "hugo_full.py"), *made], check=True)

    def time(
        self, tool: str, measure: str, setup: str, command: list[str], runs: int, warmup: int, count: bool = False
    ) -> bool:
        """Time a command with the harness's bench.py in the tool's folder; return True when every run succeeded.

        With count, each run also records how many of the tool's output files it wrote, as the harness's rebuilds do.
        """
        written = ["--count-newer", str(self.corpus / FOLDERS[tool] / OUTPUTS[tool])] if count else []
        timer = [str(PYTHON), str(self.peers / "bench.py"), "--label", f"{tool} {measure}", "--runs", str(runs),
                 "--warmup", str(warmup), "--setup", setup, "--cwd", str(self.corpus / FOLDERS[tool]),
                 "--timeout", str(self.timeout), "--log", str(self.results / f"{tool}.log"),
                 "--json", str(self.results / f"{tool}-{measure}.json"), *written, "--", *command]  # fmt: skip
        print(f"== {tool} {measure} ==", flush=True)
        return subprocess.run(timer, check=False).returncode == 0

    def check_hugo_full(self) -> None:
        """Check hugo-full's pages as the harness checks Hugo's, then its cards and its search index."""
        report = self.results / "hugo-full-check.json"
        site = self.corpus / "hugo-full" / "public"
        checker = [str(PYTHON), str(self.peers / "check_outputs.py"), "--manifest", str(self.corpus / "manifest.json"),
                   "--site", str(site), "--json", str(report)]  # fmt: skip
        report.unlink(missing_ok=True)
        subprocess.run(checker, check=False)
        verdict: dict[str, Any] = {"ok": False, "problems": ["check_outputs.py gave no verdict"]}
        if report.is_file():
            verdict = json.loads(report.read_text())
        problems = self.card_problems(site)
        if not (site / "pagefind" / "pagefind-entry.json").is_file():
            problems.append("Pagefind wrote no index (pagefind/pagefind-entry.json)")
        verdict["problems"] = verdict["problems"] + problems
        verdict["ok"] = verdict["ok"] and not problems
        report.write_text(json.dumps(verdict, indent=1))
        print(f"{site}: cards and search {'OK' if not problems else 'WRONG: ' + '; '.join(problems)}")

    def card_problems(self, site: Path) -> list[str]:
        """Return what is wrong with the share cards: a page without one, a card missing, two pages sharing one."""
        manifest = json.loads((self.corpus / "manifest.json").read_text())
        pages = [f"items/{slug}/index.html" for slug in manifest["item_slugs"]]
        pages += [f"testimonies/{slug}/index.html" for slug in manifest["testimony_items"]]
        cards = {page: CARD.search(site.joinpath(page).read_text(encoding="utf-8")) for page in pages}
        files = {page: site / urlsplit(card[1]).path.lstrip("/") for page, card in cards.items() if card}
        problems = [f"{len(pages) - len(files)} pages have no og:image"] if len(files) < len(pages) else []
        if absent := [page for page, file in files.items() if not file.is_file()]:
            problems.append(f"{len(absent)} cards are missing (e.g. the one of {absent[0]})")
        if len(set(files.values())) < len(files):
            problems.append(f"{len(files) - len(set(files.values()))} pages share a card with another")
        return problems
