"""Pagefind, the search indexer, run as a service: pages handed over one by one, its files taken back in memory.

    index_pages(binary, site, ["items/tente/index.html", ...], work)  =>  {"pagefind-entry.json": b"...", ...}

index.py decides which pages go together and caches what this returns.
The binary comes from the pagefind_bin wheel, pinned in pyproject.toml; any
failure of it is a SiteError that says what Pagefind said. It runs with none of the
machine's PAGEFIND_ settings, only CHUNK_SIZE, so its files are the same wherever it runs.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from sitegen.errors import SiteError

FAILED = "the search index could not be built, so nothing was published"
_HINT = "reinstall it with: pip install 'pagefind[bin]==1.5.2'"
_TIMEOUT = 600  # seconds: far more than a site of thousands of pages needs
# Word positions in a chunk of the word index, which a search fetches whole from every shard (index.py): a quarter
# of Pagefind's default of 20,000 (its setting PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE), so more shards cost no more bytes.
CHUNK_SIZE = 5_000


def pagefind_binary() -> Path:
    """Return the Pagefind executable shipped in the pagefind_bin wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SiteError(f"the search index cannot be built: Pagefind is not installed — {_HINT}") from None
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SiteError(f"the search index cannot be built: {error} — {_HINT}") from None


def index_pages(binary: Path, site: Path, pages: tuple[str, ...], work: Path) -> dict[str, bytes]:
    """Index the pages with Pagefind's service, one after the other in their order; return its files.

    Given a folder, Pagefind takes pages in the order the file system lists them, and
    its index changes with that order; given pages one by one, it keeps theirs. Its
    files are asked for in memory (GetFiles) rather than written by it (WriteFiles),
    whose answer can come before the last file is on disk.
    """
    with tempfile.TemporaryFile(dir=work) as said:
        service = _Service(binary, work, said)
        try:
            index = service.ask({"type": "NewIndex", "config": None})["index_id"]
            service.ask_all([partial(_added, site, path, index) for path in pages])
            files = service.ask({"type": "GetFiles", "index_id": index})["files"]
        finally:
            service.close()
    return {file["path"].replace("\\", "/"): base64.b64decode(file["content"]) for file in files}


def _added(site: Path, path: str, index: int) -> dict[str, object]:
    """Return the request that adds a page to the index, its file read now."""
    text = (site / path).read_bytes().decode("utf-8", errors="replace")
    return {"type": "AddFile", "index_id": index, "file_path": path, "url": None, "file_contents": text}


class _Service:
    """Pagefind run as a service: requests and answers are base64 JSON, each followed by a comma.

    The protocol of Pagefind's own Python and Node wrappers; it answers one request at a time.
    """

    def __init__(self, binary: Path, work: Path, said: IO[bytes]) -> None:
        self.said = said  # what Pagefind wrote on stderr, shown if it fails
        self.asked = 0  # the number of the last request
        self.pending = b""  # what was read past the last answer
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        environment["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(CHUNK_SIZE)
        try:
            self.process = subprocess.Popen([str(binary), "--service"], cwd=work, env=environment,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=said)  # fmt: skip
        except OSError as error:
            raise SiteError(f"{FAILED}: Pagefind could not run ({error.strerror}: {binary}) — {_HINT}") from None
        self.input = cast(IO[bytes], self.process.stdin)
        self.output = cast(io.BufferedReader, self.process.stdout)
        self.timer = threading.Timer(_TIMEOUT, self.process.kill)  # a service that hangs is stopped
        self.timer.start()

    def ask(self, payload: dict[str, object]) -> dict[str, Any]:
        """Send one request and return Pagefind's answer to it; raise SiteError on an error or an early exit."""
        try:
            self._write(payload)
            self.input.flush()
        except OSError:
            raise SiteError(f"{FAILED}: Pagefind said: {self._said()}") from None
        return self._answer(self.asked)

    def _write(self, payload: dict[str, object]) -> None:
        """Write one request, numbered after the last."""
        self.asked += 1
        request = json.dumps({"message_id": self.asked, "payload": payload}, ensure_ascii=False).encode("utf-8")
        self.input.write(base64.b64encode(request) + b",")

    def _answer(self, number: int, failed: Sequence[OSError] = ()) -> dict[str, Any]:
        """Read the answer to request `number`; raise what stopped the sending, or SiteError if Pagefind failed."""
        chunks = [self.pending]
        try:
            while b"," not in chunks[-1]:  # base64 holds no comma
                chunks.append(self.output.read1(1 << 16))
                if not chunks[-1]:
                    raise OSError("Pagefind stopped")
        except OSError:
            if failed:
                raise failed[0] from None
            raise SiteError(f"{FAILED}: Pagefind said: {self._said()}") from None
        answer, _, self.pending = b"".join(chunks).partition(b",")
        message = json.loads(base64.b64decode(answer))
        if message.get("message_id") != number or message["payload"].get("type") == "Error":
            raise SiteError(f"{FAILED}: Pagefind said: {message['payload'].get('message', message)}")
        return message["payload"]

    def ask_all(self, payloads: Sequence[Callable[[], dict[str, object]]]) -> None:
        """Send many requests while their answers are read; raise SiteError or OSError as ask does.

        Pagefind handles requests one at a time in the order they come (its service reads
        them into one queue), so the pages keep their order and none waits for the answer
        to the one before. A page that cannot be read stops the sending, and is the error.
        """
        first, failed, answered = self.asked + 1, list[OSError](), False
        sender = threading.Thread(target=self._send, args=(payloads, failed), daemon=True)
        sender.start()
        try:
            for number in range(first, first + len(payloads)):
                self._answer(number, failed)
            answered = True
        finally:
            if not answered:
                self.process.kill()  # its pipe breaks, so the sender stops
            sender.join()

    def _send(self, payloads: Sequence[Callable[[], dict[str, object]]], failed: list[OSError]) -> None:
        """Write the requests one after the other; a page unread is noted as the failure, and Pagefind's input closed.

        A request that cannot be written means Pagefind stopped: reading its answers tells why.
        """
        with contextlib.suppress(OSError):
            for payload in payloads:
                try:
                    request = payload()
                except OSError as error:
                    failed.append(error)
                    self.input.close()  # so Pagefind stops, and the answers end
                    return
                self._write(request)
            self.input.flush()

    def close(self) -> None:
        """Stop the service: every answer it owed is in."""
        self.timer.cancel()
        self.process.kill()
        self.process.wait()
        for pipe in (self.input, self.output):
            with contextlib.suppress(OSError):
                pipe.close()

    def _said(self) -> str:
        """Return the end of what Pagefind wrote on stderr once it has stopped, or its exit status."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.said.seek(0)
        text = " ".join(self.said.read().decode("utf-8", errors="replace").split())
        return text[-500:] or f"exit status {status}"


def version(binary: Path, cwd: Path) -> str:
    """Return what Pagefind says its version is: "pagefind 1.5.2"; raise SiteError if it cannot run."""
    command = [str(binary), "--version"]
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True,
                                timeout=_TIMEOUT, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        reason = f"{error.strerror}: {command[0]}" if isinstance(error, OSError) else str(error)
        raise SiteError(f"{FAILED}: Pagefind could not run ({reason}) — {_HINT}") from None
    if result.returncode != 0:
        said = " ".join((result.stderr + result.stdout).split())[-500:] or f"exit status {result.returncode}"
        raise SiteError(f"{FAILED}: Pagefind said: {said}")
    return result.stdout.strip()
