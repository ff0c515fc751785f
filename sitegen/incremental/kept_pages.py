"""Pages kept from the previous build: a page whose inputs have not changed is not rendered again.

The posters' QR codes and the share cards are kept the same way, keyed by what they show.

    <cache>/pages-<digest of the output path>.json
        {"output": [device, inode, ctime], "keys": {"en/items/tente/index.html": "<digest>"}}

A page's key is a digest of everything it can show: the generator's code, the
theme's files (templates, UI strings, static files), the site settings and its
pages (the menu), the published pictures (the logo's among them), every item (the needs list, categories
and posters show them all; testimony cards name the items they speak of), and the
page's own values: an item with its testimonies, a testimony with its items, a
page of the testimonies' list with its testimonies. Templates see the site without
its testimonies (pages.render.Shared), so a testimony reaches only the pages whose values
hold it, and editing one re-renders those pages and no other.

The file records the keys of the output/ folder a build swapped in, with that
folder's identity; a page is kept only when output/ is still that folder and the
page's key is unchanged, and then its file is linked from output/ into the new
build (sitegen/output.py), which is written and swapped in as a whole like any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import model
from sitegen.digests import code_digest, digest_of, tree_digest
from sitegen.pages.plan import PagePlan
from sitegen.pages.theme import Theme
from sitegen.pictures.publish import PublishedImage

FORMAT = "pages v3"  # change it when what a key covers changes


@dataclass(frozen=True, slots=True)
class Previous:
    """The pages of the previous build that can be kept, by file, with their keys."""

    output: Path
    keys: Mapping[str, str] = field(default_factory=dict)
    files: frozenset[str] | None = None  # the files in output/, when known (the preview's, preview_memory.py)

    def kept(self, file: str, key: str | None) -> bool:
        """Return True when the previous build's file can be kept: its key is unchanged and it is still there.

        Its bytes are not read: the writer links it into the new build (sitegen/output.py).
        """
        if key is None or self.keys.get(file) != key:
            return False
        return file in self.files if self.files is not None else os.path.isfile(os.path.join(self.output, file))


def previous_pages(cache: Path | None, output: Path, files: frozenset[str] | None = None) -> Previous:
    """Return what the previous build into output/ recorded; nothing when output/ is not the folder it wrote.

    `files` lists what output/ holds, when the caller knows it: then no file is looked for.
    """
    output = output.absolute()
    recorded = _recorded(cache, output)
    if recorded is None or recorded.get("output") != _identity(output):
        return Previous(output)
    return Previous(output, recorded["keys"], files)


def forget_pages(cache: Path | None, output: Path) -> None:
    """Remove the record before a build writes: output/ is about to change."""
    if cache is not None:
        with contextlib.suppress(OSError):
            record_file(cache, output).unlink(missing_ok=True)


def record_pages(cache: Path | None, output: Path, keys: Mapping[str, str]) -> None:
    """Record the keys of the pages now in output/; a cache that cannot be written only costs speed."""
    identity = _identity(output.absolute())
    if cache is None or identity is None:
        return
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache, prefix=".pages-", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"output": identity, "keys": dict(keys)}, file)
        os.replace(temporary, record_file(cache, output))


def moved_on(cache: Path | None, output: Path) -> None:
    """Say that output/ changed in ways that keep its recorded pages valid (the preview's search index)."""
    recorded = _recorded(cache, output)
    if recorded is not None:
        record_pages(cache, output, recorded["keys"])


def _recorded(cache: Path | None, output: Path) -> dict | None:
    """Return what a build recorded of output/: {"output": identity, "keys": {...}}; None if nothing usable."""
    if cache is None:
        return None
    try:
        recorded = json.loads(record_file(cache, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) and isinstance(recorded.get("keys"), dict) else None


def record_file(cache: Path, output: Path) -> Path:
    """Return the record of one output folder: a preview and output/ keep theirs apart."""
    name = hashlib.blake2b(os.fsencode(output.absolute()), digest_size=8).hexdigest()
    return cache / f"pages-{name}.json"


def page_keys(
    site: model.Site, plans: list[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
) -> dict[str, str]:
    """Return the key of every page, by file.

    Items and testimonies carry their own digests (model.Digested), made when they
    were parsed, so a testimony shown on several pages is digested once, not once a page.
    """
    shared = hashlib.blake2b(digest_size=20)
    pictures = sorted((src, [(v.path, v.width, v.height) for v in (*p.webp, *p.fallback)]) for src, p in images.items())
    strings = sorted((lang, sorted(texts.items())) for lang, texts in theme.strings.items())  # content/i18n/ too
    overrides = tree_digest(theme.overrides) if theme.overrides else None
    for part in (FORMAT, code_digest(), tree_digest(theme.root), overrides, strings, site.config, site.pages, pictures):
        shared.update(repr(part).encode() + b"\0")
    shared.update(_digest(site.items))
    keys = {}
    for plan in plans:
        page = shared.copy()
        page.update(repr((plan.file, plan.template, plan.lang)).encode())
        for name, value in sorted(plan.context.items()):
            page.update(name.encode() + b"\0" + _digest(value))
        keys[plan.file] = page.hexdigest()
    return keys


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
