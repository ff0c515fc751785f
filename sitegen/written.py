"""What the generator wrote in a folder: its record, and the refusal to replace or remove a folder holding more.

Each folder the generator writes records the files it wrote there (RECORD: their
names, each an address of the site anyway; written with the site, so it never
disagrees with it). A folder holding anything else is neither replaced nor removed
without --force: a mistaken --output never costs anyone their files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from sitegen.errors import OutputError

RECORD = ".sitegen-files"  # in each folder the generator writes: the files it wrote there, one a line
_RECORD_HEAD = "# The files sitegen wrote in this folder: it replaces or removes the folder only if it holds no other\n"
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')  # a name json.dumps writes as it is, between quotes
ASIDE = (".sitegen-", ".part")  # what replace_file writes aside, then renames: a killed one leaves it
_FILE_MANAGERS = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".directory", "icon\r"})
_OLDER_BUILD = ("index.html", "404.html", "needs.json", "sitemap.xml")  # what every build wrote, 0.2.0 on
_KINDS = frozenset(  # of the files a build writes; the last two: the browser editor's, in admin/vendor/
    {".html", ".css", ".js", ".json", ".xml", ".txt", ".yml", ".png", ".jpg", ".webp", ".svg", ".ico", ".woff2"}
    | {".pagefind", ".pf_fragment", ".pf_index", ".pf_meta", "SHA256SUMS", "VERSION"}
)
SHOWN = 5  # foreign files named in a refusal


def refuse_foreign(target: Path) -> None:
    """Refuse to replace or remove a folder holding files the generator did not write, naming the first ones."""
    foreign = _foreign(target) if target.is_dir() else []
    if foreign:
        named = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
        raise OutputError(
            f"{target} holds files sitegen did not write ({named}), so it does not look like a built site and"
            " is left as it is — move those files elsewhere, or choose a new or empty folder for --output;"
            " --force replaces or removes the folder anyway, with them"
        )


def _foreign(target: Path) -> list[str]:
    """Return the files in target that the generator did not write, by its record.

    A folder without a record, written before there was one, passes when it holds what
    every build wrote and only the kinds of file a build writes.
    """
    files = files_in(target)
    recorded = read_record(target)
    if recorded is None:
        older = all(name in files for name in _OLDER_BUILD)  # a kind: a suffix, or a name without one (VERSION)
        return [
            name for name in files if not (older and (os.path.splitext(name)[1] or os.path.basename(name)) in _KINDS)
        ]
    keys = {folded(path) for path in recorded}
    folders = tuple(path for path in keys if path.endswith("/"))
    return [name for name in files if folded(name) not in keys and not folded(name).startswith(folders)]


def files_in(folder: Path) -> list[str]:
    """Return every file under folder, sorted, with '/': all but its record and what file managers leave there.

    A symbolic link is a file here, never followed: the generator writes none.
    """
    found: list[str] = []
    waiting = [(os.fspath(folder), "")]
    while waiting:
        path, prefix = waiting.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((entry.path, prefix + entry.name + "/"))
                elif not _left_by_others(prefix + entry.name):
                    found.append(prefix + entry.name)
    return sorted(found)


def _left_by_others(path: str) -> bool:
    """Return True for the record itself, a preview's file written aside, and what file managers leave in a folder."""
    name = path.rsplit("/", 1)[-1]
    aside = name.startswith(ASIDE[0]) and name.endswith(ASIDE[1])
    return path == RECORD or aside or name.casefold() in _FILE_MANAGERS or name.startswith("._")


def write_record(folder: Path | str, paths: Iterable[str], note: str = "") -> None:
    """Write the record of the files the generator wrote in folder, one a line, after a `note` line if given."""
    head = _RECORD_HEAD + (f"# {note}\n" if note else "")
    text = head + "".join(_quoted(path) + "\n" for path in sorted(paths))
    replace_file(os.path.join(folder, RECORD), text.encode("utf-8"))


def record_note(folder: Path) -> str | None:
    """Return the note line of a folder's record ("" without one), or None when it has no record."""
    try:
        with open(os.path.join(folder, RECORD), encoding="utf-8", errors="replace") as file:
            file.readline()
            second = file.readline()
    except FileNotFoundError:
        return None
    return second[2:].rstrip("\n") if second.startswith("# ") else ""


def read_record(folder: Path) -> set[str] | None:
    """Return the files a folder's record lists (a name ending in '/': a whole folder); None without a record.

    A line cut short, by a preview killed as it noted a file it had not written yet, is left out.
    """
    try:
        with open(os.path.join(folder, RECORD), encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return None
    names = set()
    for line in lines:
        if line[:1] == '"' and line[-1:] == '"' and _PLAIN.fullmatch(line, 1, len(line) - 1):
            names.add(line[1:-1])  # as json.loads reads it, 30 times faster: 69,000 lines at 20,000 testimonies
            continue
        with contextlib.suppress(ValueError):
            name = json.loads(line) if line.startswith('"') else None
            if isinstance(name, str):
                names.add(name)
    return names


def _quoted(name: str) -> str:
    """Return a name as json.dumps writes it, non-ASCII letters as they are."""
    return f'"{name}"' if _PLAIN.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def folded(relative: str) -> str:
    """Return what two paths share when they would be one file on some file system: case and NFC/NFD aside."""
    return unicodedata.normalize("NFC", relative).casefold()


def replace_file(path: str, data: bytes) -> None:
    """Put data in the file at path: written aside, then renamed over it."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=ASIDE[0], suffix=ASIDE[1])
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def reopened_record(target: Path, recorded: set[str]) -> IO[str]:
    """Open the record to add to it, once written again: the one there may be linked from a copy (serve.py)."""
    write_record(target, recorded)
    return open(os.path.join(target, RECORD), "a", encoding="utf-8")  # update_site closes it


def note_folder(target: Path, folder: str) -> None:
    """Record the files now in a folder of target, which update_site left to another hand (the search index)."""
    kept = {path for path in read_record(target) or () if not path.startswith(folder + "/")}
    write_record(target, kept | {f"{folder}/{name}" for name in files_in(target / folder)})


def remove_files(target: Path, names: Iterable[str]) -> None:
    """Remove these files of target (site-relative paths), and the folders they leave empty."""
    for name in names:
        path = os.path.join(target, *name.split("/"))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        folder = os.path.dirname(path)
        while folder != str(target):
            try:
                os.rmdir(folder)
            except OSError:  # not empty, or gone already
                break
            folder = os.path.dirname(folder)


def check_target(target: Path) -> None:
    """Refuse to replace something that is not a folder."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder; choose another --output")
