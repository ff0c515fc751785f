"""Edit-to-reload in `generate.py serve`: from saving a testimony or an item to the refreshed page, on a peer corpus.

    .venv/bin/python benchmarks/serve_latency.py /dev/shm/bench/corpus-200-2000 --edits 9
    .venv/bin/python benchmarks/serve_latency.py /dev/shm/bench/corpus-200-2000 --edits 9 --edit item
    .venv/bin/python benchmarks/serve_latency.py /dev/shm/bench/corpus-2000-20000 --edits 9   # L: first build ~2.5 min

Starts the preview on a copy of the corpus' content (never the corpus itself),
waits for its first, whole build (--ready-timeout), listens to its reload events as
an open page does, then EDITS times: changes one word of testimony-000001 (the
first word of its text, back and forth), waits for the reload event, fetches the
testimony page and its first item's page until both show the change, then the
search index's entry files until they change (after each reload the preview brings
search up to date). Prints, for each edit and as a median, the seconds from the save
to the reload event, to both pages fresh and to search up to date. Each edit comes
--pause seconds (default 3) after search is up to date, as a person reads the page
between two saves. With --edit item, each save adds or takes away a word at the
start of that item's summary instead, and the pages awaited are the item's and the
needs list. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # the interpreter running this script: the project's .venv
SLUG = "testimony-000001"  # the testimony edited: make_corpus.py writes it at every size
MARK = "Edited "
SETTLED = 120  # seconds an edit may take to reach the pages or search before the measure gives up


def main() -> None:
    """Measure and print the latencies."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3, help="seconds between edits, as a person reads the page")
    parser.add_argument("--ready-timeout", type=float, default=900, help="seconds the first, whole build may take")
    parser.add_argument("--edit", choices=("testimony", "item"), default="testimony", help="what each save changes")
    arguments = parser.parse_args()
    item = _edited_item(arguments.corpus)
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        content = Path(work) / "content"
        shutil.copytree(arguments.corpus / "ours" / "content", content)
        port = _free_port()
        command = [str(PYTHON), str(ROOT / "generate.py"), "serve", "--content", str(content), "--templates",
                   str(ROOT / "sitegen" / "templates"), "--cache", f"{work}/.cache", "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  start_new_session=True, preexec_fn=_interruptible)  # fmt: skip
        said: list[str] = []  # what the preview printed, read as it prints it so that it never waits for us
        ready = threading.Event()
        reader = threading.Thread(target=_read_log, args=(server, said, ready), daemon=True)
        reader.start()
        try:
            _wait_ready(server, ready, arguments.ready_timeout)
            events = _listen(port)
            edit = _item_edit(content, item) if arguments.edit == "item" else _testimony_edit(content, item)
            rows = []
            for _ in range(arguments.edits):
                time.sleep(arguments.pause)  # a person reads the page before the next save
                rows.append(_edit_once(edit, port, events))
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=60)
            reader.join(timeout=10)  # its last lines
    rebuilt = [float(seconds) for seconds in re.findall(r"Rebuilt in ([0-9.]+) s", "".join(said))][1:]  # 1st: whole
    print(_table(rows, rebuilt))
    if len(rebuilt) != len(rows):
        print(f"The preview rebuilt {len(rebuilt)} times for {len(rows)} saves: its own times are not one per save.")


def _interruptible() -> None:
    """Let the preview stop on Ctrl+C (SIGINT), as it does for a person, even when this script ignores it (nohup)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _edited_item(corpus: Path) -> str:
    """Return the first item of the testimony edited, after making sure the corpus has it."""
    manifest = json.loads((corpus / "manifest.json").read_text())
    source = corpus / "ours" / "content" / "testimonies" / f"{SLUG}.md"
    if SLUG not in manifest["testimony_items"] or not source.is_file():
        raise SystemExit(f"{corpus} has no {SLUG} in our format: write the corpus again with make_corpus.py")
    return manifest["testimony_items"][SLUG][0]


def _table(rows: list[tuple[float, float, float | None]], rebuilt: list[float]) -> str:
    """Return the Markdown table of each edit's latencies and their medians."""
    lines = ["| edit | save -> reload event | save -> both pages fresh | save -> search up to date "
             "| the preview's own rebuild |", "|---|---|---|---|---|"]  # fmt: skip
    for number, (event, fresh, searched) in enumerate(rows, 1):
        own = rebuilt[number - 1] if number <= len(rebuilt) else None
        lines.append(f"| {number} | {_ms(event)} | {_ms(fresh)} | {_ms(searched)} | {_ms(own)} |")
    columns: list[list[float | None]] = [[row[column] for row in rows] for column in range(3)]
    columns.append([*rebuilt])
    medians = [_ms(_median([x for x in column if x is not None])) for column in columns]
    lines.append("| median | " + " | ".join(medians) + " |")
    return "\n".join(lines)


def _median(values: list[float]) -> float | None:
    """Return the median of the values known, or None when none is."""
    return statistics.median(values) if values else None


def _ms(seconds: float | None) -> str:
    """Return seconds as whole milliseconds, or "?" when unknown."""
    return "?" if seconds is None else f"{seconds * 1000:.0f} ms"


def _free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read_log(server: subprocess.Popen, said: list[str], ready: threading.Event) -> None:
    """Keep each line the preview prints, and set `ready` once it says where it previews."""
    assert server.stdout is not None
    for line in server.stdout:
        said.append(line)
        if line.startswith("Previewing on"):
            ready.set()


def _wait_ready(server: subprocess.Popen, ready: threading.Event, timeout: float) -> None:
    """Wait for the preview's first build: a couple of minutes for the L corpus."""
    deadline = time.monotonic() + timeout
    while not ready.wait(1):
        if server.poll() is not None:
            raise SystemExit("the preview stopped before it was ready")
        if time.monotonic() > deadline:
            raise SystemExit(f"the preview's first build took more than {timeout:.0f} s: give a longer --ready-timeout")


def _listen(port: int) -> http.client.HTTPResponse:
    """Open the reload event stream, as a page of the preview does."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    response.readline()  # ": connected"
    return response


@dataclass(frozen=True)
class Edit:
    """One kind of save: the file, how the text toggles, and the pages that must show it (given the new state)."""

    path: Path
    toggled: Callable[[str], tuple[str, bool]]  # text -> (text after the save, whether it now carries MARK)
    pages: tuple[str, ...]
    shows: Callable[[str, str], bool]  # (page address, its HTML) -> whether it carries MARK


def _testimony_edit(content: Path, item: str) -> Edit:
    """Toggle the first word of the testimony's text; its page and its first item's page show it."""

    def toggled(text: str) -> tuple[str, bool]:
        head, body = text.split("\n---\n", 1)
        lead = len(body) - len(body.lstrip("\n"))
        edited = not body.lstrip("\n").startswith(MARK)
        body = body[:lead] + (MARK + body[lead:] if edited else body[lead + len(MARK) :])
        return head + "\n---\n" + body, edited

    pages = (f"/testimonies/{SLUG}/", f"/items/{item}/")

    def shows(page: str, html: str) -> bool:
        return shows_edit(html, card=page.startswith("/items/"))

    return Edit(content / "testimonies" / f"{SLUG}.md", toggled, pages, shows)


def _item_edit(content: Path, item: str) -> Edit:
    """Toggle the first word of the item's summary; its page and the needs list show it."""
    path = content / "items" / f"{item}.yaml"
    summary = re.search(r'^summary: "(.*)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
    if summary is None:
        raise SystemExit(f"{path} has no one-line summary to edit: write the corpus again with make_corpus.py")
    plain, marked = f'summary: "{summary[1]}"', f'summary: "{MARK}{summary[1]}"'

    def toggled(text: str) -> tuple[str, bool]:
        edited = marked not in text
        return (text.replace(plain, marked) if edited else text.replace(marked, plain)), edited

    shown = MARK + summary[1][:40]
    return Edit(path, toggled, (f"/items/{item}/", "/"), lambda page, html: shown in html)


def _edit_once(edit: Edit, port: int, events: http.client.HTTPResponse) -> tuple[float, float, float | None]:
    """Save the edit; return seconds to the reload event, to its pages fresh, to search up to date."""
    text, edited = edit.toggled(edit.path.read_text(encoding="utf-8"))
    searched = _search(port)
    started = time.perf_counter()
    edit.path.write_text(text, encoding="utf-8")
    while not events.readline().startswith(b"event: reload"):
        pass
    reloaded = time.perf_counter() - started
    while not all(edit.shows(page, _get(port, page).decode("utf-8")) == edited for page in edit.pages):
        if time.perf_counter() - started > SETTLED:
            raise SystemExit(f"{edit.pages} did not show the edit within {SETTLED} s")
        time.sleep(0.005)
    fresh = time.perf_counter() - started
    while _search(port) == searched:
        if time.perf_counter() - started > SETTLED:
            return reloaded, fresh, None
        time.sleep(0.02)
    return reloaded, fresh, time.perf_counter() - started


def _search(port: int) -> bytes:
    """Return the search index's entry files, whose hashes change when a page's text is indexed again."""
    shards = json.loads(_get(port, "/pagefind/shards.json") or b'{"languages": {"": ["./"]}}')
    folders = [folder.removeprefix("./") for language in shards["languages"].values() for folder in language]
    return b"".join(_get(port, f"/pagefind/{folder}pagefind-entry.json") for folder in folders)


def _get(port: int, address: str) -> bytes:
    """Return the body of a file of the preview, or nothing when it has no such file."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", address)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return data if response.status == 200 else b""


def shows_edit(html: str, card: bool) -> bool:
    """Return True when a testimony page, or the testimony's card on an item page, starts with the edit."""
    link = html.find(f'href="/testimonies/{SLUG}/"')
    start = html.rfind("<article", 0, link) if card else html.find("<main")
    return MARK.strip() in html[start : link if card else start + 3000]


if __name__ == "__main__":
    main()
