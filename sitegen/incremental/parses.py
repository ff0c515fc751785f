"""Parsed items and testimonies kept between builds, so a rebuild parses only the files that changed.

    <cache>/testimonies/<0-f>.pickle   {key: (the parsed testimony, the problems found in it)}
    <cache>/items/<0-f>.pickle         {key: (the parsed item, the problems found in it)}

A key digests the file's bytes and name with everything its parsing depends on:
the generator's code, the site's languages, categories and item slugs, the base
path that Markdown links gain, and the names in content/images/. So an entry is
only ever used for the very same parse, problems included: a file with a problem
reports it again at every build. Each build keeps exactly the entries it used, so
the parse of a testimony deleted, edited or withdrawn goes at once; and the parse
of a testimony this build does not publish (a draft without --drafts, one whose
consent has ended: `keeps` says which) is not kept at all, so nothing of it stays
in the cache. Entries are split in sixteen files by the first digit of their key,
and only the files whose entries changed are written again (one edit rewrites two
of them, not 50 MB at 20,000 testimonies). The preview keeps them in memory
instead, between its rebuilds (sitegen/incremental/preview_memory.py).
A parse carries its own digest (model.Item.digest), so one from the cache is not
digested again.

The cache is a pickle: like the generator's code, it must come from a trusted
place (a folder of this machine, or a CI cache only the repository writes).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.content.load import published_testimonies
from sitegen.digests import code_digest

FORMAT = "parsed v4"  # change it when what a key covers changes
SHARDS = "0123456789abcdef"  # a key's first digit names the file it is kept in


class ParseCache:
    """Results of a pure parse, looked up by the digest of its inputs; the used ones are saved again.

    It is what sitegen.content.load calls KeptParses: ParseCache(cache, facts, "items").
    """

    def __init__(
        self,
        cache: Path | None,
        context: Hashable,
        kind: str,
        memory: dict[str, dict[str, Any]] | None = None,
        keeps: Callable[[Any], bool] = lambda parsed: True,
    ) -> None:
        self.cache = cache
        self.keeps = keeps  # given a parsed value: False for one nothing of which may stay (an unpublished testimony)
        self.kind = kind
        self.context = hashlib.blake2b(repr((FORMAT, code_digest(), context)).encode(), digest_size=20).digest()
        self.memory = memory  # the preview's (preview_memory.py): results kept here, not in the cache's files
        if memory is not None and kind in memory:
            self.known = memory[kind]
        else:
            self.known = _loaded(cache / kind) if cache else {}
        self.used: dict[str, Any] = {}

    def key(self, name: str, data: bytes) -> str:
        """Return the key of a file's parse."""
        return hashlib.blake2b(self.context + name.encode() + b"\0" + data, digest_size=20).hexdigest()

    def get(self, key: str) -> Any:
        """Return a known result, or None."""
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, result: Any) -> None:
        """Remember a new result."""
        self.used[key] = result

    def save(self) -> None:
        """Write the files whose entries changed, with the used results it may keep; a failed write only costs speed."""
        kept = {key: result for key, result in self.used.items() if self.keeps(result[0])}
        if self.memory is not None:
            self.memory[self.kind] = kept
            return
        if self.cache is None:
            return
        with contextlib.suppress(OSError):
            folder = self.cache / self.kind
            folder.mkdir(parents=True, exist_ok=True)
            for shard in SHARDS:
                used = {key: value for key, value in kept.items() if key[0] == shard}
                if not used:
                    (folder / f"{shard}.pickle").unlink(missing_ok=True)  # as a build from nothing leaves it
                elif used.keys() != {key for key in self.known if key[0] == shard}:
                    _write(folder / f"{shard}.pickle", used)


def _write(path: Path, entries: dict[str, Any]) -> None:
    """Write one file of entries whole, or not at all."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parses-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(entries, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _loaded(folder: Path) -> dict[str, Any]:
    """Return the saved results; a missing or unreadable file only means its entries are parsed again."""
    known: dict[str, Any] = {}
    for shard in SHARDS:
        try:
            with open(folder / f"{shard}.pickle", "rb") as file:
                entries = pickle.load(file)
        except Exception:  # missing, truncated, or written by another version: start afresh
            continue
        if isinstance(entries, dict):
            known.update((key, value) for key, value in entries.items() if isinstance(key, str) and key[:1] == shard)
    return known


def is_published(parsed: object, drafts: bool, today: datetime.date) -> bool:
    """Return False for a testimony a build does not publish (a draft, its consent over): its parse is not kept."""
    return not isinstance(parsed, model.Testimony) or bool(published_testimonies([parsed], drafts=drafts, today=today))
