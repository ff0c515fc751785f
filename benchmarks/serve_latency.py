"""Edit-to-reload in `generate.py serve`: from saving a testimony to the refreshed page, on a peer corpus.

    .venv/bin/python benchmarks/serve_latency.py /dev/shm/bench/corpus-200-2000 --edits 5

Starts the preview on a copy of the corpus' content (never the corpus itself),
listens to its reload events as an open page does, then EDITS times: changes one
word of testimony-000001 (the first word of its text, back and forth), waits for
the reload event, and fetches the testimony page and its first item's page until
both show the change. Prints, for each edit and as a median, the seconds from the
save to the reload event and to both pages fresh. Edits are --pause seconds apart
(default 3), as a person reads the page between two saves: after each reload the
preview brings its search index up to date, and a save during that waits for it.
Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # the interpreter running this script: the project's .venv
SLUG = "testimony-000001"
MARK = "Edited "


def main() -> None:
    """Measure and print the latencies."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3, help="seconds between edits, as a person reads the page")
    arguments = parser.parse_args()
    manifest = json.loads((arguments.corpus / "manifest.json").read_text())
    item = manifest["testimony_items"][SLUG][0]
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as work:
        content = Path(work) / "content"
        shutil.copytree(arguments.corpus / "ours" / "content", content)
        port = _free_port()
        command = [str(PYTHON), str(ROOT / "generate.py"), "serve", "--content", str(content), "--templates",
                   str(ROOT / "sitegen" / "templates"), "--cache", f"{work}/.cache", "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  start_new_session=True)  # fmt: skip
        try:
            _wait_ready(server)
            events = _listen(port)
            testimony = content / "testimonies" / f"{SLUG}.md"
            rows = []
            for _ in range(arguments.edits):
                time.sleep(arguments.pause)  # the search index is brought up to date after each reload
                rows.append(_edit_once(testimony, port, events, item))
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=30)
    said = server.stdout.read() if server.stdout else ""
    rebuilt = [float(seconds) for seconds in re.findall(r"Rebuilt in ([0-9.]+) s", said)][1:]  # the first: whole
    print("| edit | save -> reload event | save -> both pages fresh | the preview's own rebuild |")
    print("|---|---|---|---|")
    for number, (event, fresh) in enumerate(rows, 1):
        own = f"{rebuilt[number - 1] * 1000:.0f} ms" if number <= len(rebuilt) else "?"
        print(f"| {number} | {event * 1000:.0f} ms | {fresh * 1000:.0f} ms | {own} |")
    print(f"| median | {statistics.median(r[0] for r in rows) * 1000:.0f} ms "
          f"| {statistics.median(r[1] for r in rows) * 1000:.0f} ms "
          f"| {statistics.median(rebuilt) * 1000 if rebuilt else 0:.0f} ms |")  # fmt: skip


def _free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_ready(server: subprocess.Popen) -> None:
    """Wait for the preview's first build."""
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("Previewing on"):
            return
    raise SystemExit("the preview stopped before it was ready")


def _listen(port: int) -> http.client.HTTPResponse:
    """Open the reload event stream, as a page of the preview does."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    response.readline()  # ": connected"
    return response


def _edit_once(path: Path, port: int, events: http.client.HTTPResponse, item: str) -> tuple[float, float]:
    """Toggle the first word of the testimony; return seconds to the reload event and to both pages fresh."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)[0], text.split("\n---\n", 1)[1]
    lead = len(body) - len(body.lstrip("\n"))
    edited = not body.lstrip("\n").startswith(MARK)
    body = body[:lead] + (MARK + body[lead:] if edited else body[lead + len(MARK) :])
    started = time.perf_counter()
    path.write_text(head + "\n---\n" + body, encoding="utf-8")
    while not events.readline().startswith(b"event: reload"):
        pass
    reloaded = time.perf_counter() - started
    pages = [f"/testimonies/{SLUG}/", f"/items/{item}/"]
    while not all(_shows(port, page, edited) for page in pages):
        time.sleep(0.005)
    return reloaded, time.perf_counter() - started


def _shows(port: int, page: str, edited: bool) -> bool:
    """Return True when a page of the preview shows the testimony in its current state."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", page)
    html = connection.getresponse().read().decode("utf-8")
    connection.close()
    return shows_edit(html, page.startswith("/items/")) == edited


def shows_edit(html: str, card: bool) -> bool:
    """Return True when a testimony page, or the testimony's card on an item page, starts with the edit."""
    link = html.find(f'href="/testimonies/{SLUG}/"')
    start = html.rfind("<article", 0, link) if card else html.find("<main")
    return MARK.strip() in html[start : link if card else start + 3000]


if __name__ == "__main__":
    main()
