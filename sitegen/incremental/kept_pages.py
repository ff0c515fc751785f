"""Pages kept from the previous build: a page whose inputs have not changed is not rendered again.

The posters' QR codes and the share cards are kept the same way, keyed by what they show.

    <cache>/pages-<digest of the output path>.json
        {"output": [device, inode, ctime], "keys": {"en/items/tente/index.html": "<digest>"},
         "reads": {"en/items/tente/index.html": ["category:shelter", "shown"]}}

A page's key is a digest of everything it can show: the generator's code, the
theme's files (templates, UI strings, static files), the site settings and its
pages (the menu), the published pictures (the logo's among them), the page's own
values (an item with its testimonies, a testimony with its items, a page of the
testimonies' list with its testimonies, the needs list with every item), and what
its rendering read of the other items through `site` (pages.render.Shared): a
testimony card naming its items (their names only), the menu asking which categories have items.
Templates see the site without its testimonies, so a testimony reaches only the
pages whose values hold it; and an item only the pages that show it or read it.
Editing either re-renders those pages and no other.

The file records the keys of the output/ folder a build swapped in, with that
folder's identity; a page is kept only when output/ is still that folder and the
page's key is unchanged, and then its file is linked from output/ into the new
build (sitegen/output.py), which is written and swapped in as a whole like any other.

    <cache>/kept/<first two digits of the key>/<key>

A build also keeps each file it made under the key of its inputs, hard-linked (the
file and its entry are one: no bytes are copied). So a build with no output/ to
keep from, a fresh clone on CI with the cache restored, links from there every page,
card and QR code whose inputs are unchanged; the cache keeps the entries the last
build used, and nothing else (sitegen/incremental/sweep.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import model
from sitegen.digests import code_digest, digest_of, tree_digest
from sitegen.output import Output
from sitegen.pages.plan import PagePlan
from sitegen.pages.render import ALL_ITEMS, CATEGORY, ITEM, NAME, SHOWN, Rendered, categories_shown
from sitegen.pages.theme import Theme
from sitegen.pictures.publish import PublishedImage

FORMAT = "pages v5"  # change it when what a key covers changes
STORE = "kept"  # in the cache: the files builds made, by the key of their inputs


@dataclass(frozen=True, slots=True)
class Previous:
    """The pages of the previous build that can be kept, by file, with their keys."""

    output: Path
    keys: Mapping[str, str] = field(default_factory=dict)
    files: frozenset[str] | None = None  # the files in output/, when known (the preview's, preview_memory.py)
    store: Path | None = None  # the cache's files by key (STORE), for a whole build; the preview keeps its own
    reads: Mapping[str, Iterable[str]] = field(default_factory=dict)  # page -> what it read of the items (PageKeys)

    def origin(self, file: str, key: str | None) -> str | None:
        """Return where a file whose inputs are `key` is kept: "" in the previous build, else a file of the store.

        None: it must be made. Its bytes are not read: the writer links it into the new build (sitegen/output.py).
        """
        if key is None:
            return None
        if self.keys.get(file) == key and self._in_output(file):
            return ""
        stored = stored_file(self.store, key) if self.store is not None else None
        return stored if stored is not None and os.path.isfile(stored) else None

    def _in_output(self, file: str) -> bool:
        """Return True when the previous build's file is still in output/."""
        return file in self.files if self.files is not None else os.path.isfile(os.path.join(self.output, file))


def previous_pages(
    cache: Path | None, output: Path, files: frozenset[str] | None = None, stored: bool = False
) -> Previous:
    """Return what the previous build into output/ recorded; nothing when output/ is not the folder it wrote.

    `files` lists what output/ holds, when the caller knows it: then no file is looked for.
    `stored`: files are also kept from the cache's store, for a build that writes a new folder.
    """
    output = output.absolute()
    store = cache / STORE if stored and cache is not None else None
    recorded = _recorded(cache, output)
    reads = recorded["reads"] if recorded is not None else {}  # what pages read: to key them, output/ there or not
    if recorded is None or recorded.get("output") != _identity(output):
        return Previous(output, store=store, reads=reads)
    return Previous(output, recorded["keys"], files, store, reads)


def stored_file(store: Path, key: str) -> str:
    """Return where the store keeps the file whose inputs are `key`."""
    return os.path.join(store, key[:2], key)


def store_files(cache: Path | None, site: Path, keys: Mapping[str, str]) -> None:
    """Keep in the cache's store each file of a staged site that it lacks, by its key; a failure only costs speed."""
    if cache is None:
        return
    store = cache / STORE
    with contextlib.suppress(OSError):
        for file, key in keys.items():
            stored = stored_file(store, key)
            if not os.path.exists(stored):
                os.makedirs(os.path.dirname(stored), exist_ok=True)
                _linked(os.path.join(site, *file.split("/")), stored)


def _linked(source: str, stored: str) -> None:
    """Give the store a file of the site: a hard link, else a copy written aside and renamed."""
    try:
        os.link(source, stored)
    except (FileExistsError, FileNotFoundError):  # kept already; or planned but not written: nothing to keep
        return
    except OSError:
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(stored), prefix=".kept-", suffix=".part")
        with os.fdopen(handle, "wb") as file, open(source, "rb") as original:  # no hard links here: a copy
            shutil.copyfileobj(original, file)
        os.replace(temporary, stored)


def forget_pages(cache: Path | None, output: Path) -> None:
    """Remove the record before a build writes: output/ is about to change."""
    if cache is not None:
        with contextlib.suppress(OSError):
            record_file(cache, output).unlink(missing_ok=True)


def record_pages(cache: Path | None, output: Path, keys: Keys) -> None:
    """Record the keys of the files now in output/, and what pages read; an unwritable cache only costs speed."""
    identity = _identity(output.absolute())
    if cache is None or identity is None:
        return
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache, prefix=".pages-", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            recorded = {"output": identity, "keys": keys.files, "reads": keys.reads}
            file.write(json.dumps(recorded))  # dumps: json.dump encodes in Python, at half the speed
        os.replace(temporary, record_file(cache, output))


def moved_on(cache: Path | None, output: Path) -> None:
    """Say that output/ changed in ways that keep its recorded pages valid (the preview's search index)."""
    recorded = _recorded(cache, output)
    if recorded is not None:
        record_pages(cache, output, Keys(None, recorded["keys"], recorded["reads"]))


def _recorded(cache: Path | None, output: Path) -> dict | None:
    """Return what a build recorded of output/: {"output": identity, "keys": {…}, "reads": {…}}; None if unusable."""
    return _recorded_in(record_file(cache, output)) if cache is not None else None


def _recorded_in(record: Path) -> dict | None:
    """Return what a record file holds, or None if it cannot be read or is not one."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or not all(isinstance(recorded.get(part), dict) for part in ("keys", "reads")):
        return None
    reads = recorded["reads"].values()
    return recorded if all(isinstance(read, list) and all(isinstance(r, str) for r in read) for read in reads) else None


def record_file(cache: Path, output: Path) -> Path:
    """Return the record of one output folder: a preview and output/ keep theirs apart."""
    name = hashlib.blake2b(os.fsencode(output.absolute()), digest_size=8).hexdigest()
    return cache / f"pages-{name}.json"


class PageKeys:
    """The keys of a build's pages: what every page may show, each page's own values, and what it read of the items.

    Items and testimonies carry their own digests (model.Digested), made when they
    were parsed, so a testimony shown on several pages is digested once, not once a page.
    What a page reads of the items through `site` (pages.render.Shared) is known once
    it is rendered; before, the previous build's reads give the key the page has if it
    reads the same again. Any guess is safe: a key names all a file was made from, and
    a page whose reads' digests are unchanged reads the same again, the rest being equal.
    """

    def __init__(
        self, site: model.Site, plans: list[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
    ) -> None:
        shared = hashlib.blake2b(digest_size=20)
        pictures = sorted((s, [(v.path, v.width, v.height) for v in (*p.webp, *p.fallback)]) for s, p in images.items())
        strings = sorted((lang, sorted(texts.items())) for lang, texts in theme.strings.items())  # content/i18n/ too
        overrides = tree_digest(theme.overrides) if theme.overrides else None
        parts = (FORMAT, code_digest(), tree_digest(theme.root), overrides, strings, site.config, site.pages, pictures)
        for part in parts:
            shared.update(repr(part).encode() + b"\0")
        self._shared = shared
        self._plans = {plan.file: plan for plan in plans}
        self._own: dict[str, bytes] = {}  # a page's own digest, once asked: a patch asks for a few pages' only
        self._site = site
        self._read: dict[str, bytes] = {}  # what a page read -> its digest, once asked

    def key(self, file: str, reads: Iterable[str]) -> str:
        """Return the key of a planned page that read `reads` of the items."""
        key = hashlib.blake2b(self._own_digest(file), digest_size=20)
        for read in sorted(reads):
            digest = self._read.get(read)
            if digest is None:
                digest = self._read[read] = _read_digest(self._site, read)
            key.update(repr((read, digest)).encode())  # each read apart from the next, whatever its digest's length
        return key.hexdigest()

    def guessed(self, reads: Mapping[str, Iterable[str]]) -> dict[str, str]:
        """Return the key of each planned page as if it read what `reads` says it did before."""
        return {file: self.key(file, read) for file, read in reads.items() if file in self._plans}

    def _own_digest(self, file: str) -> bytes:
        """Return the digest of what a page shows besides its reads: the site's common parts and its own values."""
        own = self._own.get(file)
        if own is None:
            plan, page = self._plans[file], self._shared.copy()
            page.update(repr((plan.file, plan.template, plan.lang)).encode())
            for name, value in sorted(plan.context.items()):
                page.update(name.encode() + b"\0" + _digest(value))
            own = self._own[file] = page.digest()
        return own


@dataclass(frozen=True, slots=True)
class Keys:
    """What the files of a build are made from, by file: a page's filled in once it is rendered (PageKeys)."""

    pages: PageKeys | None  # None: nothing is kept (check)
    files: dict[str, str] = field(default_factory=dict)  # file -> its key
    reads: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page -> what it read of the items

    def keyed(self, pages: Iterable[Rendered]) -> Iterator[Output]:
        """Pass pages just rendered through, noting each one's key and what it read of the items."""
        for page, reads in pages:
            if self.pages is not None:
                self.files[page.path] = self.pages.key(page.path, reads)
                self.reads[page.path] = reads
            yield page


def changed_reads(before: model.Site, after: model.Site, items: Iterable[model.Item]) -> set[str]:
    """Return what a page can read of these items through `site` (pages.render.Shared) that differs in `after`."""
    reads = {ALL_ITEMS, SHOWN}
    for item in items:
        reads |= {ITEM + item.slug, NAME + item.slug, CATEGORY + item.category}
    return {read for read in reads if _read_digest(before, read) != _read_digest(after, read)}


def _read_digest(site: model.Site, read: str) -> bytes:
    """Return the digest of what a page read of the items (pages.render.Shared), as it is now."""
    if read == ALL_ITEMS:
        return _digest(site.items)
    if read == SHOWN:
        return digest_of(tuple(category.slug for category in categories_shown(site)))
    if read.startswith(ITEM):
        item = site.item_by_slug.get(read.removeprefix(ITEM))
        return item.digest if item is not None else b"none"
    if read.startswith(NAME):
        item = site.item_by_slug.get(read.removeprefix(NAME))
        return digest_of(item.named) if item is not None else b"none"
    if read.startswith(CATEGORY):
        items = site.items_by_category.get(read.removeprefix(CATEGORY))
        return _digest(items) if items is not None else b"none"
    return read.encode()  # not read by this version: recorded by another, whose keys differ by FORMAT


def value_keys(values: Iterable[tuple[str, object]], common: object = None) -> dict[str, str]:
    """Return the key of files made from one value each (a QR code from its address), by file.

    `common` is what every one of them also depends on (the fonts cards are drawn with).
    """
    shared = hashlib.blake2b(repr((FORMAT, code_digest(), common)).encode(), digest_size=20)
    keys = {}
    for file, value in values:
        key = shared.copy()
        key.update(repr((file, value)).encode())
        keys[file] = key.hexdigest()
    return keys


def _digest(value: object) -> bytes:
    """Return the digest of a value a page shows: an item's or testimony's own, a sequence's from its members'."""
    if isinstance(value, model.Digested):
        return value.digest
    if isinstance(value, (tuple, list)):
        return hashlib.blake2b(b"".join(map(_digest, value)), digest_size=20).digest()
    return digest_of(value)


def _identity(folder: Path) -> list[int] | None:
    """Return what tells a folder from another that took its place: device, inode, change time."""
    try:
        status = os.stat(folder, follow_symlinks=False)
    except OSError:
        return None
    return [status.st_dev, status.st_ino, status.st_ctime_ns]
