"""Site search: Pagefind indexes the staged site in shards, each cached, before the site is swapped in.

    <site>/pagefind/shards.json          which bundles hold each language: {"languages": {"fr": ["./", "shards/3/"]}}
    <site>/pagefind/pagefind.js          the search API that templates/static/search.js imports
    <site>/pagefind/pagefind-entry.json  the first shard's languages, found from each page's <html lang>
    <site>/pagefind/{index,fragment}/    its compressed word indexes and page excerpts
    <site>/pagefind/shards/<n>/          the other shards' bundles, which the script merges (mergeIndex)
    <cache>/search/<key>/                a shard's bundle and the digest of each of its files (.sums.json)
    <cache>/search/pages.json            each page's device, inode, size, mtime and digest, as last read

Only pages that mark an element with `data-pagefind-body` are indexed: the items and
the testimonies (templates/item.html, testimony.html), so menus, footers, lists and
the 404 page never show up as results. Pagefind costs about 1.4 ms of CPU a page (0.8
ms to add it, 0.6 ms to write its files) and 0.1 s a bundle, and holds 20 MB plus
0.15 MB a page while it indexes them, so a site of more than PAGES_PER_SHARD pages is
split by a stable hash of each page's group (an item's page and its testimonies' pages name
the item; else the page's path) into shards of about that many at most (8 shards of
275 pages, 60 MB each, for 200 items and 2,000 testimonies), which Pagefind indexes
one by one (two at a time). Each shard's bundle is kept in the cache under a digest of
its pages: a rebuild re-indexes only the shards whose pages changed (an edited
testimony's: one, or one per item it is about beyond its first), and a withdrawn page
changes its shard's digest, so no cached word of it can come back; every entry this
indexing did not use is removed as it ends, with what stopped builds left, so none
stays in the cache either. An entry is used only if every file still has its digest,
so the bytes published are those a fresh indexing gives. A small site stays one
bundle.

A visitor's search asks each shard of the page's language for the chunk of its word
index that holds each word searched: more shards, more requests. Chunks are a quarter
of the size Pagefind makes by default (pagefind.py's CHUNK_SIZE), so at 2,200 pages a
word costs 8 requests and about 45 kB, where 4 shards of Pagefind's own chunks cost 4
requests and 80 kB (the shards' word lists, loaded once, grow by 4 kB to 21 kB).

A bundle has a file per page, so its files are hard-linked into the site: a fresh
one's from the cache's work folder it is written to once, a cached one's each read
once to check its digest just before; where links fail (a cache on another file
system), the bytes are copied. The site's files and the cache's are then one:
the indexer never writes into a file of the site (it replaces any file in its way),
and a file changed through the site, by hand or by some tool, no longer has its
digest, so its entry is not used again and its shard is indexed afresh.

Finding the marked pages and their digests would read the whole site at every
build, so pages.json records what was last read of each page. A page is read again
unless it is the same file (device and inode), size and mtime: a rebuild links the
pages it keeps from the previous build (same inode, same mtime) and writes the others
as new files. ctime is not compared, since linking a file changes it. A page modified
less than two seconds before it was read is not recorded, as git does with its index:
rewritten again within the same tick of a coarse clock, it could keep its mtime. What
the record cannot see is a page rewritten into its own file, same size, its mtime set
back by hand; nothing in sitegen writes a page in place.

Pagefind's own search interfaces are removed: they write inline styles, which the
pages' Content-Security-Policy refuses. Everything is written into the folder
`write_site` has just staged, so `output/` is never half-indexed, and a failed
indexing leaves the previous site in place.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.digests import SETTLED_NS, code_digest
from sitegen.errors import SiteError
from sitegen.search.pagefind import FAILED, index_pages, pagefind_binary, version

BUNDLE = "pagefind"  # the folder of the index, under the site root
MANIFEST = "shards.json"  # in BUNDLE: the bundles that hold each language, the first one loaded first
SCHEME = "shards-2"  # part of every cache key: change it whenever what a shard's bundle holds changes
PAGES_PER_SHARD = 300  # at most, until MAX_SHARDS: shards double as a site grows past 300, 600, 1200, 2400 pages
MAX_SHARDS = 16  # a power of two; each shard costs a visitor one request per word searched (pagefind.CHUNK_SIZE)
WORKERS = 2  # shards indexed at once: Pagefind's service indexes one page at a time
_ENTRY = "pagefind-entry.json"
_SUMS = ".sums.json"  # in a cache entry: the digest of each file of the bundle, written last
_RUNTIME = ("pagefind.js", "pagefind-worker.js")  # with wasm.*.pagefind: only the first bundle of a language needs them
_UNUSED = (  # Pagefind's stock interfaces and highlighter, which the site does not load
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)
_MARK = b"data-pagefind-body"
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # a file made by _create
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_RECORD = "pages.json"  # in <cache>/search/: each page's file, size, mtime and digest, as last read
_RECORD_FORMAT = "search pages 2"  # change it when what the record holds changes
_DIGEST = re.compile(r"(?:[0-9a-f]{64})?")  # a page's digest in the record; empty for a page not marked
_GROUP = re.compile(rb'\sdata-search-group="([^"<>]*)"')  # on the marked element: an item, its testimonies' pages


@dataclass(frozen=True, slots=True)
class Shard:
    """Pages indexed together into one Pagefind bundle."""

    number: int  # which shard, from the hash of its pages' paths
    pages: tuple[str, ...]  # site-relative paths, sorted: "testimonies/hamid/index.html"
    key: str  # digest of the pages' paths and bytes, Pagefind's version, SCHEME and our code: its cache entry


def index_site(folder: Path, cache: Path | None = None) -> None:
    """Write the search index of the site in `folder` into folder/pagefind/, reusing shards cached in cache/search/.

    Raise SiteError on failure. With no cache, every shard is indexed afresh.
    """
    binary = pagefind_binary()
    store = cache.resolve() / "search" if cache is not None else None
    known = _recalled(store / _RECORD) if store is not None else {}
    pages, groups, record = _indexed_pages(folder, known)
    shards = split_pages(pages, version(binary, folder), groups)
    places = [f"shards/{shard.number}/" if shard is not shards[0] else "./" for shard in shards]  # ./: pagefind/
    try:
        if store is not None:
            store.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".work-", dir=store) as work, ThreadPoolExecutor(WORKERS) as pool:
            place = functools.partial(_place, site=folder, store=store, work=Path(work), binary=binary)
            found = list(pool.map(place, shards, [folder / BUNDLE / where for where in places]))
            if store is not None:
                _remember(store / _RECORD, record, known, Path(work))
                _prune(store, Path(work), {shard.key for shard in shards})
        _finish(folder / BUNDLE, dict(zip(places, found, strict=True)))
    except OSError as error:
        raise SiteError(f"{FAILED}: {error}") from None


def split_pages(pages: dict[str, bytes], version: str, groups: dict[str, str] | None = None) -> list[Shard]:
    """Split pages (site-relative path => digest of its bytes) into shards by a hash of their group; omit empty ones.

    A page's group is what its marked element names (data-search-group: an item's page and
    its testimonies' pages name the item), else its path: so an edited testimony changes
    its own page and its item's in one shard, and one shard is indexed again, not three.
    """
    needed = -(-len(pages) // PAGES_PER_SHARD)  # shards of at most PAGES_PER_SHARD pages, on average
    count = min(MAX_SHARDS, 1 << max(0, needed - 1).bit_length())  # the next power of two: 1, 2, 4, 8 or 16
    shards: dict[int, list[str]] = {}
    for path in sorted(pages):
        shards.setdefault(_bucket((groups or {}).get(path) or path, count), []).append(path)
    return [Shard(n, tuple(paths), _key(paths, pages, version)) for n, paths in sorted(shards.items())]


def _bucket(group: str, count: int) -> int:
    """Return the shard of a page's group: the same at every build for as long as the number of shards stays."""
    return int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest()[:8], "big") % count


def _key(paths: Iterable[str], pages: dict[str, bytes], version: str) -> str:
    """Return the cache key of a shard: what its bundle depends on, and nothing else."""
    digest = hashlib.sha256(f"{SCHEME}\0{version}\0{code_digest()}\0".encode())
    for path in paths:
        digest.update(path.encode("utf-8") + b"\0" + pages[path])
    return digest.hexdigest()[:40]


def _indexed_pages(
    folder: Path, known: dict[str, Any]
) -> tuple[dict[str, bytes], dict[str, str], dict[str, list[Any]]]:
    """Return the digest and group of each page marked with data-pagefind-body, and the record of the site's pages.

    A page is read only if `known` (the last record) does not hold it as it is now:
    the same file (device and inode: a kept page is a hard link), size and mtime.
    A page modified less than SETTLED_NS ago is left out of the record, as git does:
    rewritten again within the same tick of the clock, it could keep its mtime.
    """
    settled = time.time_ns() - SETTLED_NS  # taken before any page is read
    pages: dict[str, bytes] = {}
    groups: dict[str, str] = {}
    record: dict[str, list[Any]] = {}
    for path, entry in _html_files(folder):
        status = entry.stat()  # before reading: a page changed in between is read again next time
        facts = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns]
        digest, group = _recorded_digest(known.get(path), facts) or _page_digest(entry.path)
        if status.st_mtime_ns < settled:
            record[path] = [*facts, digest, group]
        if digest:
            pages[path], groups[path] = bytes.fromhex(digest), group
    return pages, groups, record


def _html_files(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield (site-relative path, directory entry) of each .html file under folder; symbolic links to folders aside."""
    folders = [("", os.fspath(folder))]
    while folders:
        prefix, parent = folders.pop()
        with os.scandir(parent) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html") and entry.is_file():
                    yield prefix + entry.name, entry


def _page_digest(path: str) -> tuple[str, str]:
    """Return the hex digest of a page's bytes and its group if it is marked with data-pagefind-body, else ("", "")."""
    with open(path, "rb") as file:
        data = file.read()
    at = _marked_at(data)
    if not at:
        return "", ""
    named = _GROUP.search(data, data.rfind(b"<", 0, at), data.find(b">", at))  # in the marked element's tag
    return hashlib.sha256(data).hexdigest(), named.group(1).decode("utf-8", "replace") if named else ""


def _recorded_digest(entry: object, facts: list[int]) -> tuple[str, str] | None:
    """Return a record's digest of a page ("" if not marked) and its group when it is still as recorded; else None."""
    if (
        isinstance(entry, list)
        and len(entry) == 6
        and entry[:4] == facts
        and all(isinstance(e, str) for e in entry[4:])
    ):
        return (entry[4], entry[5]) if _DIGEST.fullmatch(entry[4]) else None
    return None


def _recalled(path: Path) -> dict[str, Any]:
    """Return the pages of the record the last indexing wrote; nothing if it is unreadable or of another format."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _RECORD_FORMAT or not isinstance(data.get("pages"), dict):
        return {}
    return data["pages"]


def _remember(path: Path, record: dict[str, list[Any]], known: dict[str, Any], work: Path) -> None:
    """Write the record of pages if it changed: whole, into the work folder, then renamed over the last one."""
    if record == known:
        return
    with contextlib.suppress(OSError):  # a record that cannot be written only costs speed
        temporary = work / _RECORD
        temporary.write_text(json.dumps({"format": _RECORD_FORMAT, "pages": record}, separators=(",", ":")))
        os.replace(temporary, path)


def _marked_at(page: bytes) -> int:
    """Return where an HTML tag, not the text, holds data-pagefind-body (text shows "<" as "&lt;"); 0 if none does."""
    at = page.find(_MARK)
    while at > 0 and page.rfind(b"<", 0, at) < page.rfind(b">", 0, at):
        at = page.find(_MARK, at + 1)
    return max(at, 0)


def _place(shard: Shard, target: Path, site: Path, store: Path | None, work: Path, binary: Path) -> list[str]:
    """Put the shard's bundle into target, from the cache or indexed afresh (then cached); return its languages."""
    entry = store / shard.key if store is not None else None
    files = _load(entry) if entry is not None else None
    if entry is not None and files is not None:
        _link(entry, target, files)  # each file just checked; one changed through the site fails its check next time
    else:
        files = _tidy(index_pages(binary, site, shard.pages, work))
        fresh = work / f"new-{shard.number}" if entry is not None else target
        _write(fresh, files)
        if entry is not None:  # written once, into the cache's work folder: linked into the site, then cached
            _link(fresh, target, files)
            _store(files, entry, fresh)
    return list(json.loads(files[_ENTRY])["languages"])


def _link(entry: Path, target: Path, files: dict[str, bytes]) -> None:
    """Hard-link the files of a cache entry into target; past a link that fails (another file system), copy them."""
    _make_folders(target, files)
    linking = True
    for path, data in files.items():
        if linking:
            try:
                os.link(os.path.join(entry, path), os.path.join(target, path))
                continue
            except OSError:
                linking = False
        _create(os.path.join(target, path), data)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    """Write files (folder-relative path => bytes) as new files under folder."""
    _make_folders(folder, files)
    for path, data in files.items():
        _create(os.path.join(folder, path), data)


def _make_folders(folder: Path, files: Iterable[str]) -> None:
    """Make the folders that files (folder-relative paths) go in, each once."""
    for parent in {os.path.dirname(path) for path in files}:
        (folder / parent).mkdir(parents=True, exist_ok=True)


def _create(path: str, data: bytes) -> None:
    """Write data as a new file at path: a file there is replaced, never written into (it may be the cache's)."""
    try:
        handle = os.open(path, _NEW, 0o666)  # less the umask, as open() gives
    except FileExistsError:
        os.unlink(path)
        handle = os.open(path, _NEW, 0o666)
    with open(handle, "wb") as file:
        file.write(data)


def _tidy(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return the files the site loads, with the languages of pagefind-entry.json in a stable order."""
    if _ENTRY not in files:
        raise SiteError(f"{FAILED}: Pagefind gave no {_ENTRY}")
    kept = {path: data for path, data in sorted(files.items()) if path not in _UNUSED}
    kept[_ENTRY] = _sort_languages(files[_ENTRY])
    return kept


def _sort_languages(entry: bytes) -> bytes:
    """Return pagefind-entry.json with its languages in a stable order: Pagefind's varies from run to run.

    Everything else Pagefind writes is the same, byte for byte, for the same pages in the same order.
    """
    data = json.loads(entry)
    data["languages"] = dict(sorted(data["languages"].items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _load(entry: Path) -> dict[str, bytes] | None:
    """Return the files of a cache entry, or None if it is missing or damaged."""
    try:
        sums = json.loads((entry / _SUMS).read_bytes())
        files = {path: _read(os.path.join(entry, path)) for path in sums} if isinstance(sums, dict) else {}
    except (OSError, ValueError, TypeError):
        return None
    if _ENTRY not in files or any(hashlib.sha256(data).hexdigest() != sums[path] for path, data in files.items()):
        return None
    return files


def _read(path: str) -> bytes:
    """Return a file's bytes in few system calls, as an entry has a file per page; one that changes fails its check."""
    handle = os.open(path, _READ)
    try:
        return os.read(handle, os.fstat(handle).st_size + 1)  # one byte more: a file that grew fails its check
    finally:
        os.close(handle)


def _store(files: dict[str, bytes], entry: Path, fresh: Path) -> None:
    """Cache a bundle written into the folder `fresh`: the digests of its files beside them, then renamed into place."""
    sums = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    (fresh / _SUMS).write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
    if entry.exists():  # damaged, since it was not used: set aside, it goes with the work folder
        with contextlib.suppress(OSError):
            entry.rename(fresh.with_name(fresh.name + "-damaged"))
    with contextlib.suppress(OSError):  # another build may have just cached the same pages
        fresh.rename(entry)  # the work folder is in the cache folder: one file system


def _prune(store: Path, work: Path, used: set[str]) -> None:
    """Remove every entry this indexing did not use, and the work folders of stopped builds: no word outlives its page.

    An entry is renamed into this build's work folder, which goes when the build ends,
    so it is found whole or not at all. Builds on one cache folder take turns, so
    another work folder is a stopped build's (sitegen/incremental/locks.py).
    """
    for path in store.iterdir():
        with contextlib.suppress(OSError):
            if path.name.startswith(".work-") and path != work:
                shutil.rmtree(path)
            elif not path.name.startswith(".") and path.name not in used and path.name != _RECORD:
                path.rename(work / f"old-{path.name}")


def _finish(target: Path, found: dict[str, list[str]]) -> None:
    """Write the manifest of the bundles holding each language; keep Pagefind's script only where it is loaded.

    The browser loads the first bundle of the page's language and merges the others into
    it, with the script and the WebAssembly of that first one: the others need neither.
    """
    languages: dict[str, list[str]] = {}
    for place, codes in found.items():
        for code in codes:
            languages.setdefault(code, []).append(place)
    first = {places[0] for places in languages.values()}
    for place in found.keys() - first:
        for name in os.listdir(target / place):
            if name in _RUNTIME or name.startswith("wasm."):
                (target / place / name).unlink()
    target.mkdir(parents=True, exist_ok=True)
    manifest = {"languages": dict(sorted(languages.items()))}
    _create(os.path.join(target, MANIFEST), json.dumps(manifest, separators=(",", ":")).encode("utf-8"))
