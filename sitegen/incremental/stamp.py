"""The build stamp: how a rebuild with nothing changed answers in a blink.

    <cache>/build-stamp.json   {"inputs": "<digest>", "output": "<digest>"}
    <cache>/stamp-files.json   {"<file>": [inode, size, mtime_ns, ctime_ns, "<digest of its bytes>"]}

The digest covers every byte of content/ and templates/, the generator's own code,
the installed libraries (their folder), the Python version and the build options.
A build records it after output/ is swapped in, with output/'s identity (its inode
and the times of its folders); the next build computes both again and, when they
match, has nothing to do. Any
edit, new or deleted file, or change of code or options changes the digest, so the
full build runs. The stamp is removed before a build writes, so a build that
stops half-way can never leave a stamp that vouches for the wrong site.

A file of content/ or templates/ is read only when its status (inode, size, both
times) differs from the one recorded with its digest, as git does for its index:
any write moves a file's change time on, and no one can set it back. A file changed
in the last two seconds is not recorded, since a second write within the same tick
of the clock could leave its times as they were; it is read at every build until
it settles.

This module stays light (the standard library, and click which the command line
has loaded anyway): it runs before the heavy libraries are imported.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

from sitegen.digests import SETTLED_NS, code_digest, file_status, has_settled, read_digest, tree_entries

FORMAT = "stamp v2"  # change it when what the digest covers changes
FILE = "build-stamp.json"
FILES = "stamp-files.json"  # the digest of each file with its status, so that settled files are not read again
FILES_FORMAT = "stamp files v1"
_DIGEST = re.compile(r"[0-9a-f]{40}")  # a file's digest in the record
_LIBRARIES = Path(click.__file__).parent.parent  # where pip installs: its time changes with every install


@dataclass(frozen=True, slots=True)
class Stamp:
    """The digest of everything a build reads, and where it keeps the stamp."""

    digest: str
    cache: Path
    output: Path

    def is_current(self) -> bool:
        """Return True when the last build read exactly these inputs and its output/ is still in place."""
        try:
            recorded = json.loads((self.cache / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(recorded, dict) or recorded.get("inputs") != self.digest:
            return False  # an edit: output/ need not be walked
        return recorded == {"inputs": self.digest, "output": _identity(self.output)}

    def forget(self) -> None:
        """Remove the stamp: called before a build writes anything."""
        with contextlib.suppress(OSError):  # output/'s identity changes anyway when it is rewritten
            (self.cache / FILE).unlink(missing_ok=True)

    def record(self) -> None:
        """Record the stamp after a successful build; a cache that cannot be written is not an error."""
        identity = _identity(self.output)
        if identity is None:
            return
        text = json.dumps({"inputs": self.digest, "output": identity})
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.cache, prefix=".stamp-", suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.cache / FILE)
        except OSError:
            pass


def stamp(
    content: Path,
    templates: Path,
    output: Path,
    cache: Path,
    options: tuple[object, ...],
    settled_ns: int = SETTLED_NS,
) -> Stamp | None:
    """Return the stamp of a build's inputs; None when some input cannot be read (the build will say why)."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(repr((FORMAT, sys.version, options, str(content.absolute()), str(templates.absolute()))).encode())
    known, settled = _known_files(cache), _Settled(time.time_ns() - settled_ns)
    try:
        for label, folder in (("content", content), ("templates", templates)):
            hasher.update(f"\0{label}\0".encode())
            for line in _tree(folder.absolute(), known, settled):  # absolute: no getcwd() for each file's key
                hasher.update(line)
        hasher.update(f"\0code\0{code_digest()}".encode())
        hasher.update(str(os.stat(_LIBRARIES).st_mtime_ns).encode())
    except (OSError, RecursionError):
        return None
    if settled.files != known:
        _record_files(cache, settled.files)
    return Stamp(hasher.hexdigest(), cache, output.absolute())


@dataclass(frozen=True, slots=True)
class _Settled:
    """The files whose times are older than `before`, with their status and digest: what the next stamp may trust."""

    before: int  # ns since the epoch
    files: dict[str, list[object]] = field(default_factory=dict)


def _known_files(cache: Path) -> dict[str, list[object]]:
    """Return the recorded status and digest of each settled file; nothing when the record is missing or odd."""
    try:
        recorded = json.loads((cache / FILES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("format") != FILES_FORMAT:
        return {}
    files = recorded.get("files")
    return files if isinstance(files, dict) else {}


def _record_files(cache: Path, files: dict[str, list[object]]) -> None:
    """Record the settled files' status and digest; a cache that cannot be written only costs speed."""
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache, prefix=".stamp-files-", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(json.dumps({"format": FILES_FORMAT, "files": files}))  # json.dump encodes in Python
        os.replace(temporary, cache / FILES)


def _digest_of_file(path: str, known: dict[str, list[object]], settled: _Settled) -> bytes:
    """Return the digest of a file's bytes: the recorded one while its status is unchanged, else read afresh."""
    status = os.stat(path)
    now = file_status(status)
    key = os.path.abspath(path)
    digest = _recorded(known.get(key), now) or read_digest(path)
    if has_settled(status, settled.before):
        settled.files[key] = [*now, digest.hex()]
    return digest


def _recorded(entry: object, now: tuple[int, int, int, int]) -> bytes | None:
    """Return a record's digest of a file while the file's status is the recorded one; None if not, or if damaged."""
    if isinstance(entry, list) and len(entry) == 5 and tuple(entry[:4]) == now and isinstance(entry[4], str):
        return bytes.fromhex(entry[4]) if _DIGEST.fullmatch(entry[4]) else None
    return None


def _tree(folder: Path, known: dict[str, list[object]], settled: _Settled) -> Iterator[bytes]:
    """Yield digests.tree_entries of a folder, reading a file only when its status differs from the one `known` records.

    The files that have settled are noted in `settled`, for the next time.
    """
    return tree_entries(folder, functools.partial(_digest_of_file, known=known, settled=settled))


def _identity(output: Path) -> str | None:
    """Return what tells this output folder from another: its inode, and every folder's change time.

    A file added to or removed from any folder of output/ changes that folder's time.
    """
    try:
        status = os.stat(output, follow_symlinks=False)
        times = [f"{status.st_dev} {status.st_ino} {status.st_mtime_ns}"]
        waiting = [os.fspath(output)]
        while waiting:
            with os.scandir(waiting.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        waiting.append(entry.path)
                        times.append(f"{entry.path} {entry.stat(follow_symlinks=False).st_mtime_ns}")
    except OSError:
        return None
    times.sort()
    return hashlib.blake2b("\n".join(times).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
