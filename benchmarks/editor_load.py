"""The browser editor's load time in its local repository mode, at the benchmark's S content (issue 16, point 7).

    .venv/bin/python benchmarks/editor_load.py --runs 5              # S: 200 items, 2,000 testimonies
    .venv/bin/python benchmarks/editor_load.py --example --runs 5    # the example site, for scale

Writes the content with the peers' harness (../shared/peers/make_corpus.py, or --peers), rewrites it
into canonical form (`fmt`, as files the editor has saved are), says where it is edited (`editing:`),
builds it for 127.0.0.1 and serves it. Each run opens /admin/ in a fresh browser context of Debian's
Chromium (nothing cached), puts the content in the browser's private file system (untimed: it stands
for the volunteer's checkout on disk), then times, as tests/editor_support.py drives it:

- sign-in page: from opening /admin/ to its sign-in page shown (the page, the editor's script, its
  configuration);
- open: from opening /admin/ to the items' list shown (the same, then the click on "work with a local
  repository", reading and parsing every file), and the page's JavaScript memory then;
- testimonies: from going to the testimonies' list to it shown;
- reopen: from reloading /admin/ to the list shown again (the editor remembers the folder, and signs
  in by itself).

A list is "shown" when the editor announces it to screen readers, with its number of entries. Prints a
Markdown table of the medians. No request leaves 127.0.0.1 (the run fails if one tries).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # the editor's harness is the browser tests' own

from browser_support import chromium  # noqa: E402
from conftest import EXAMPLE  # noqa: E402
from editor_support import WAIT, Editor, editable_copy, served_site, words  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser

MEASURES = {  # what is measured, and how the table says it
    "sign-in page": "opening /admin/ to its sign-in page shown",
    "open": "opening /admin/ to the items' list shown",
    "heap": "the page's JavaScript memory then (MB)",
    "testimonies": "going to the testimonies' list to it shown",
    "reopen": "reloading /admin/ to the list shown again",
}


def main() -> None:
    """Build the content with its editor, time the editor's loads and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("items", type=int, nargs="?", default=200)
    parser.add_argument("testimonies", type=int, nargs="?", default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--example", action="store_true", help="time the example content instead")
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        source = EXAMPLE if arguments.example else corpus(Path(work), arguments)
        content = editable_copy(Path(work) / "checkout", source)
        files = sum(1 for path in content.rglob("*") if path.is_file())
        with served_site(content, Path(work) / "site") as address, chromium() as browser:
            times = [one_run(browser, address, Path(work) / "checkout", content) for _ in range(arguments.runs)]
    name = "example" if arguments.example else f"{arguments.items} items, {arguments.testimonies} testimonies"
    print(table(name, files, times))


def corpus(work: Path, arguments: argparse.Namespace) -> Path:
    """Write the peers' content of that size in canonical form; return its content folder."""
    harness = [sys.executable, str(arguments.peers / "make_corpus.py"), "--out", str(work / "corpus")]
    sizes = ["--items", str(arguments.items), "--testimonies", str(arguments.testimonies)]
    subprocess.run([*harness, *sizes], check=True, capture_output=True)
    content = work / "corpus" / "ours" / "content"
    subprocess.run(
        [sys.executable, str(ROOT / "generate.py"), "fmt", "--content", str(content)], check=True, capture_output=True
    )
    return content


def one_run(browser: Browser, address: str, checkout: Path, content: Path) -> dict[str, float]:
    """Open the editor once in a fresh context and time its loads, in seconds."""
    items, testimonies = entries(content)
    editor = Editor(browser, address)
    editor.put(checkout)
    start = time.perf_counter()
    editor.page.reload(wait_until="commit")
    local = editor.page.get_by_role("button", name=words("local"))
    local.wait_for(timeout=WAIT)
    times = {"sign-in page": time.perf_counter() - start}
    local.click()
    editor.wait_for_list(items)
    times["open"] = time.perf_counter() - start
    times["heap"] = editor.page.evaluate("performance.memory.usedJSHeapSize") / 1e6
    start = time.perf_counter()
    editor.page.goto(f"{address}admin/#/collections/testimonies")
    editor.wait_for_list(testimonies)
    times["testimonies"] = time.perf_counter() - start
    start = time.perf_counter()
    editor.page.reload(wait_until="commit")
    editor.wait_for_list(testimonies)
    times["reopen"] = time.perf_counter() - start
    editor.close()
    return times


def entries(content: Path) -> tuple[int, int]:
    """Return how many items and testimonies the editor lists: translations (<slug>.<lang>.md) are not listed."""
    testimonies = [path for path in (content / "testimonies").glob("*.md") if "." not in path.stem]
    return len(list((content / "items").glob("*.yaml"))), len(testimonies)


def table(name: str, files: int, runs: list[dict[str, float]]) -> str:
    """Return a Markdown table of the medians, and the range of the runs."""
    rows = [f"| {name}: {files} files, median of {len(runs)} runs | value | range |", "|---|---|---|"]
    for measure, wording in MEASURES.items():
        values = [run[measure] for run in runs]
        unit = "MB" if measure == "heap" else "s"
        median, low, high = statistics.median(values), min(values), max(values)
        rows.append(f"| {wording} | {median:.2f} {unit} | {low:.2f} to {high:.2f} {unit} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
