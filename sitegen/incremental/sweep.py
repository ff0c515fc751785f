"""The cache folder keeps what the last build used, and nothing else: what no page shows any more goes at that build.

    <cache>/images/<key>/                    the pictures this build published (pictures/publish.py, logo.py)
    <cache>/cards/<key>.png                  every version of this build's share cards (pictures/cards.py)
    <cache>/templates/__jinja2_<key>.cache   the theme's compiled templates (pages/theme.py)
    <cache>/items/, testimonies/             the parses this build used, rewritten as it reads (parses.py)
    <cache>/search/                          the shards this build indexed, pruned by the indexing (search/index.py)
    <cache>/pages-<output>.json              the record of this build's output folder; another folder's goes
    <cache>/kept/<xx>/<key>                  the files this build made, by the key of their inputs (kept_pages.py)
    <cache>/preview/                         the preview's site (sitegen/serve.py): a build removes it

So a testimony withdrawn, deleted, made a draft or past its consent's end leaves
nothing in the cache once the next build is done: not a parse, a photo's encoding,
a share card, a search shard nor a page's record; a build from nothing would leave
the same entries. What stopped builds left half-written goes too. `check` and the
preview's updates sweep what they make (pictures, cards, templates, parses); only
a build sweeps what builds alone make, and the preview.

Only the names the generator gives are removed, so a --cache pointed at a folder of
one's own loses nothing else. Builds on one cache folder take turns (locks.py), so
what another is writing is never taken for a leftover. A running preview holds its
folder (hold_preview, a shared lock the system drops when the process ends, however
it ends): a build leaves it be, as the preview rebuilds it at every save anyway.
On Windows, which has no such lock, a build always leaves the preview's folder, as
it does on a file system without locks.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.errors import SiteError
from sitegen.incremental.kept_pages import STORE, record_file
from sitegen.incremental.locks import ASIDE
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.pages.theme import Theme
from sitegen.pictures.card_layout import Card
from sitegen.pictures.cards import card_keys
from sitegen.pictures.fonts import Fonts
from sitegen.pictures.publish import PublishedImage

if sys.platform != "win32":
    import fcntl

PREVIEW = "preview"  # the folder of the cache sitegen/serve.py builds the preview in
IN_USE = "preview.lock"  # in the cache: locked (shared) by each running preview, (exclusive) by a build removing it
_PICTURE = re.compile(r"[0-9a-f]{64}")  # images/<key>/
_CARD = re.compile(r"([0-9a-f]{64})\.png")  # cards/<key>.png
_TEMPLATE = re.compile(r"__jinja2_([0-9a-f]{40})\.cache")  # Jinja's FileSystemBytecodeCache
_RECORD = re.compile(r"pages-[0-9a-f]{16}\.json")  # kept_pages.record_file
_STORE_FOLDER = re.compile(r"[0-9a-f]{2}")  # kept/<xx>/
_STORED = re.compile(r"([0-9a-f]{40})")  # kept/<xx>/<key>
_STORED_ASIDE = re.compile(r"\.kept-.+\.part")  # a copy being written into the store (kept_pages._linked)


@dataclass(frozen=True, slots=True)
class Used:
    """What a build used of the cache folder, by key: every other entry there goes."""

    pictures: frozenset[str] = frozenset()  # images/<key>/
    cards: frozenset[str] = frozenset()  # cards/<key>.png
    templates: frozenset[str] = frozenset()  # templates/__jinja2_<key>.cache
    kept: frozenset[str] | None = None  # kept/<xx>/<key>, a whole build's files; None: the store is left as it is


def used_by(
    images: Iterable[PublishedImage], cards: Iterable[tuple[str, list[Card]]], fonts: Fonts | None, theme: Theme
) -> Used:
    """Return the entries a build uses: its pictures', every version of its share cards', its templates'."""
    pictures = frozenset(image.key for image in images)
    return Used(pictures, card_keys(cards, fonts) if fonts else frozenset(), template_keys(theme.environment))


def template_keys(environment: jinja2.Environment) -> frozenset[str]:
    """Return the key Jinja's cache gives each template the theme has, as its loader finds it (overrides first)."""
    loader, compiled = environment.loader, environment.bytecode_cache
    if not isinstance(loader, jinja2.FileSystemLoader) or compiled is None:
        return frozenset()
    keys = set()
    for name in loader.list_templates():
        for folder in loader.searchpath:
            path = os.path.join(folder, *name.split("/"))
            if os.path.isfile(path):
                keys.add(compiled.get_cache_key(name, os.path.normpath(path)))
                break
    return frozenset(keys)


def sweep(cache: Path | None, used: Used, output: Path | None = None) -> None:
    """Remove from the cache what this build did not use and what stopped builds left; raise SiteError if one stays.

    `output` is the folder a whole build wrote: then the records of other folders,
    and the preview unless it is `output` or running, go too. Without it (`check`, the
    preview's updates), only what those make is swept.
    """
    if cache is None or not cache.is_dir():
        return
    _sweep(cache / "images", lambda name: _PICTURE.fullmatch(name) is not None and name not in used.pictures)
    _sweep(cache / "cards", lambda name: _unused(_CARD, name, used.cards))
    _sweep(cache / "templates", lambda name: _unused(_TEMPLATE, name, used.templates))
    for folder, aside in ASIDE.items():  # what a stopped build left half-written, the preview's swap included
        _sweep(cache / folder, lambda name: False, aside)
    if used.kept is not None:
        _sweep_store(cache / STORE, used.kept)
    if output is not None:
        kept = {record_file(cache, output).name, record_file(cache, cache / PREVIEW).name}  # the preview's: below
        _sweep(cache, lambda name: _RECORD.fullmatch(name) is not None and name not in kept)
        if (cache / PREVIEW).absolute() != output.absolute():
            _remove_preview(cache)


def _sweep_store(store: Path, used: frozenset[str]) -> None:
    """Remove the store's files this build did not make or keep, what stopped builds left there, and emptied folders."""
    try:
        folders = [name for name in os.listdir(store) if _STORE_FOLDER.fullmatch(name)]
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise _not_swept(store, error) from None
    for name in folders:
        _sweep(store / name, lambda entry: _unused(_STORED, entry, used), _STORED_ASIDE)
        with contextlib.suppress(OSError):  # not empty
            os.rmdir(store / name)


def hold_preview(cache: Path | None, memory: PreviewMemory | None) -> None:
    """Hold the preview's folder in the cache for as long as the preview (its `memory`) lives: builds leave it be."""
    if cache is None or memory is None or memory.held is not None or sys.platform == "win32":
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        held = os.open(cache / IN_USE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError:
        return
    try:
        fcntl.flock(held, fcntl.LOCK_SH)  # waits while a build removes the preview's folder
    except OSError:  # a file system without locks: builds cannot tell either, and leave the preview be
        os.close(held)
        return
    memory.held = held
    weakref.finalize(memory, os.close, held)  # released with the preview, or when its process ends


def _remove_preview(cache: Path) -> None:
    """Remove the preview's site, the copies it served and its record, unless a running preview holds it."""
    preview, served = cache / PREVIEW, cache / f"{PREVIEW}.served"  # served: left by a preview that was killed
    made = (preview / "index.html").is_file() or record_file(cache, preview).is_file() or served.exists()
    if not made or sys.platform == "win32":
        return
    try:
        handle = open(cache / IN_USE, "ab")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise _not_swept(preview, error) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: a preview runs, and shows the content as it is now, save after save
            return
        _remove(preview)
        _remove(served)
        _remove(record_file(cache, preview))


def _unused(pattern: re.Pattern[str], name: str, used: frozenset[str]) -> bool:
    """Return True for an entry the pattern names by its key (group 1), when the key is not among those used."""
    found = pattern.fullmatch(name)
    return found is not None and found.group(1) not in used


def _sweep(folder: Path, unused: Callable[[str], bool], left: re.Pattern[str] | None = None) -> None:
    """Remove the entries of a folder that are `unused`, or that the pattern `left` names."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise _not_swept(folder, error) from None
    for name in names:
        if unused(name) or (left is not None and left.fullmatch(name)):
            _remove(folder / name)


def _remove(path: Path) -> None:
    """Remove a file, or a folder with all it holds; one gone already is no matter."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise _not_swept(path, error) from None


def _not_swept(path: Path, error: OSError) -> SiteError:
    """Return the error of a cache entry that could not be removed: it may hold what the site no longer shows."""
    return SiteError(
        f"{path} could not be removed from the cache ({error.strerror}), and it may hold what the site no longer "
        f"shows — delete the folder {path.parent} by hand (it only makes builds faster)"
    )
