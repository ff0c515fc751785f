"""Digests: of a value as pages show it, of a folder's files, of the generator's own code; and when a file has settled.

    digest_of(item)          =>  20 bytes that change whenever any field of the item does
    tree_digest(templates)   =>  "3f2a…": every name and byte under the folder
    code_digest()            =>  the same for the whole sitegen package, every subpackage included

Every cache of the generator is keyed by `code_digest()`, so a change to any module
invalidates all of them. A file's status (inode, size, both times) tells whether it
may have changed since it was read, once it has settled: a file whose times are
less than SETTLED_NS old could be written again within the same tick of the clock
and keep them, so it is read at every build until it settles, as git does.

The files editors and systems leave beside others (`is_stray`: backups, swap files,
.DS_Store, Thumbs.db) are read by nobody, so no digest counts them: a swap file that
changes every second does not make a build think content/ changed.

This module stays light (the standard library only): the stamp of a no-op build
uses it before the heavy libraries are imported.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

SETTLED_NS = 2_000_000_000  # a file's times, once this far in the past, change with its next write
PACKAGE = Path(__file__).parent  # the generator's own code: sitegen/ and every subpackage under it

FileDigest = Callable[[str], bytes]  # a file's path => the digest of its bytes
_STRAY = re.compile(  # what editors, office suites, git tools and file managers leave beside the files
    r"[.~].*"  # hidden files (.DS_Store, ._photo.jpg, .tente.yaml.swp, .#tente.yaml, .~lock.amal.md#), ~$lettre.docx
    r"|.*~|#.*#"  # backups (tente.yaml~) and Emacs's autosaves (#amal.md#)
    r"|.*\.(bak|orig|rej)"  # copies: tente.yaml.bak, and those git mergetool (.orig) and patch (.rej) leave
    r"|.*___jb_(tmp|old)___"  # JetBrains editors' safe writes
    r"|thumbs\.db|ehthumbs\.db|desktop\.ini|icon\r|__macosx",  # Windows' and macOS's folder files
    re.IGNORECASE | re.DOTALL,
)


def digest_of(value: object) -> bytes:
    """Return the digest of a value's repr: what a page shows of it (a frozen dataclass's repr shows every field)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=20).digest()


def read_digest(path: str) -> bytes:
    """Return the digest of a file's bytes, read now."""
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=20).digest()


def tree_digest(folder: Path, file_digest: FileDigest = read_digest) -> str:
    """Return a digest of every file under folder, names and bytes; raise OSError if one cannot be read."""
    hasher = hashlib.blake2b(digest_size=20)
    for line in tree_entries(folder, file_digest):
        hasher.update(line)
    return hasher.hexdigest()


@functools.cache
def code_digest() -> str:
    """Return a digest of the generator's own code, read once per process: the code running is the code loaded."""
    return tree_digest(PACKAGE)


def tree_entries(folder: Path, file_digest: FileDigest = read_digest) -> Iterator[bytes]:
    """Yield one record per entry under folder, in a stable order: its path and its bytes' digest, or its link."""
    for root, folders, files in os.walk(folder, onerror=_raise):
        folders[:] = sorted(f for f in folders if f != "__pycache__" and not is_stray(f))  # __pycache__: Python's
        relative = os.path.relpath(root, folder).encode("utf-8", "surrogateescape")
        kept = [name for name in sorted(files) if not is_stray(name)]
        for name in [*kept, *(f for f in folders if os.path.islink(os.path.join(root, f)))]:
            path = os.path.join(root, name)
            yield b"\0" + relative + b"/" + name.encode("utf-8", "surrogateescape") + b"\0"
            if os.path.islink(path):
                yield b"link\0" + os.fsencode(os.readlink(path))
            else:
                yield file_digest(path)


def is_stray(name: str) -> bool:
    """Return True for a file or folder that editors and systems leave beside others: never read, never published."""
    return _STRAY.fullmatch(name) is not None


def file_status(status: os.stat_result) -> tuple[int, int, int, int]:
    """Return what any write to a file changes: its inode, size, and modification and change times in ns."""
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def has_settled(status: os.stat_result, before: int) -> bool:
    """Return True when a file's times are older than `before` (ns): its next write, if any, will move them on."""
    return max(status.st_mtime_ns, status.st_ctime_ns) < before


def _raise(error: OSError) -> None:
    """Stop the walk on an unreadable folder: no digest can vouch for it."""
    raise error
