"""Read every file of content/ into one Site, or raise one ContentError listing every problem.

    content/site.yaml                 -> Config
    content/items/<slug>.yaml         -> Item
    content/testimonies/<slug>.md     -> Testimony (+ <slug>.<lang>.md translations)
    content/pages/<slug>.md           -> Page (+ <slug>.<lang>.md translations)
    content/images/                   pictures the above point to

Withdrawn testimonies, drafts unless asked for, and those whose consent has ended
never reach the Site, nor a photo or a translation their consent does not cover
(sitegen/content/consent.py). Parsing can be made faster by `Keeping` (parses kept
between builds, the preview's memory of files), which never changes what is loaded:
without it, every file is parsed.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

from sitegen import model
from sitegen.content.consent import as_consented
from sitegen.content.files import (
    FOLDERS,
    FileMemory,
    Source,
    decoded,
    find,
    folder_names,
    read_bytes,
    read_text,
    unread_entries,
)
from sitegen.content.markup import MarkdownRenderer
from sitegen.content.parse import (
    WITHDRAWN,
    Context,
    parse_item,
    parse_page,
    parse_page_translation,
    parse_testimony,
    parse_translation,
)
from sitegen.content.seasons import as_of, config_as_of
from sitegen.content.site_yaml import parse_config
from sitegen.errors import ContentError, Kind, Problem, shown_path
from sitegen.parallel import chunks, run_all

FILES_PER_JOB = 100  # items or testimonies a worker parses at a time
RESERVED = {"items", "testimonies", "categories", "static", "images", "feed", "print", "search", "pagefind"}
Parsed = tuple[object, list[Problem]]  # a file's model value (None if it has none) and the problems found in it

NO_CONTENT = Kind(
    "the content folder does not exist", "pass --content with the folder that holds site.yaml, items/ and testimonies/"
)
NO_SITE_YAML = Kind("site.yaml is missing", "create it in {folder}/")
NO_ORIGINAL = Kind(
    "this translation has no original '{slug}.md'",
    "restore the original, or delete this translation too if the testimony was removed",
)
NOT_A_LANGUAGE = Kind(
    "'{lang}' is not one of the site's languages", "translations are into {languages}; rename the file"
)
SAME_LANGUAGE = Kind(
    "the original is already in '{lang}'", "a translation must be into another language; rename or delete this file"
)
RESERVED_ADDRESS = Kind("'{slug}' is a reserved address", "rename the page file")
PAGE_WITHOUT_ORIGINAL = Kind(
    "this translation has no original page, or is not into another site language",
    "name it <page>.<lang>.md next to <page>.md, with lang one of {languages}",
)


class KeptParses(Protocol):
    """Parses kept between builds, looked up by a key of what they were made from (sitegen/incremental/parses.py)."""

    def key(self, name: str, data: bytes) -> str:
        """Return the key of a file's parse."""
        ...

    def get(self, key: str) -> Parsed | None:
        """Return the parse kept under `key`, or None."""
        ...

    def put(self, key: str, parsed: Parsed) -> None:
        """Keep a new parse."""
        ...

    def save(self) -> None:
        """Keep the parses this build used for the next one."""
        ...


@dataclass(frozen=True, slots=True)
class Keeping:
    """What makes loading faster without changing what it gives: every part may be left out."""

    parses: Callable[[Hashable, str], KeptParses] | None = None  # (what parses depend on, "items") => kept parses
    memory: FileMemory | None = (
        None  # the preview's memory of files and folders (sitegen/incremental/preview_memory.py)
    )


@dataclass(frozen=True, slots=True)
class Content:
    """Everything valid in content/, drafts included, before choosing what to publish."""

    config: model.Config
    items: tuple[model.Item, ...]
    testimonies: tuple[model.Testimony, ...]  # drafts included; withdrawn ones never read
    pages: tuple[model.Page, ...]


def load_site(content: Path, *, drafts: bool = False, today: datetime.date | None = None) -> model.Site:
    """Read and validate all of content/ into the Site to publish; raise ContentError with every problem."""
    return publish(load_content(content), drafts=drafts, today=today)


def publish(content: Content, *, drafts: bool = False, today: datetime.date | None = None) -> model.Site:
    """Return the Site of what is published on `today` (default: today): drafts, and draft languages, when asked."""
    day = today or datetime.date.today()
    testimonies = published_testimonies(content.testimonies, drafts=drafts, today=day)
    items = [as_of(item, day) for item in content.items]
    config = config_as_of(content.config, day)
    if drafts:
        config = dataclasses.replace(config, languages=config.written_languages)
    return model.Site.assemble(config, items, testimonies, list(content.pages))


def published_items(site: model.Site, items: Iterable[model.Item], today: datetime.date | None = None) -> model.Site:
    """Return a published site with its items read again (the same files), as publish() would: the rest as it was."""
    day = today or datetime.date.today()
    return site.with_items([as_of(item, day) for item in items])


def published_testimonies(
    testimonies: Iterable[model.Testimony], *, drafts: bool, today: datetime.date
) -> list[model.Testimony]:
    """Return the testimonies published on `today`, as far as their consent goes: drafts too when asked."""
    consented = (as_consented(t, today) for t in testimonies if drafts or not t.draft)
    return [testimony for testimony in consented if testimony is not None]


def load_content(content: Path, base_url: str | None = None, workers: int = 1, keeping: Keeping = Keeping()) -> Content:
    """Read and validate all of content/; raise ContentError with every problem found.

    `base_url`, when given, replaces site.yaml's (a preview, a sub-path), so that
    links from the site's root written in Markdown gain the right path. Items and
    testimonies, the bulk of the work, are parsed on `workers` cores, unless
    `keeping` has their parses from before.
    """
    found, problems = gather_content(content, base_url, workers, keeping)
    if problems or found is None:
        raise ContentError(problems)
    return found


def gather_content(
    content: Path, base_url: str | None = None, workers: int = 1, keeping: Keeping = Keeping()
) -> tuple[Content | None, list[Problem]]:
    """Read all of content/: what is valid (None without a valid site.yaml), and every problem found.

    The build goes on checking the theme and the pictures of what is valid, so that one
    run reports every problem; it publishes nothing unless there is none.
    """
    problems: list[Problem] = []
    if not content.is_dir():
        raise ContentError([NO_CONTENT.at(shown_path(content, content.parent))])
    config = _load_config(content, problems)
    if config and base_url:
        config = dataclasses.replace(config, base_url=base_url)
    sources = {folder: find(content, folder, problems, keeping.memory) for folder in FOLDERS[:3]}
    problems += unread_entries(content)
    context = reading_context(content, config, {source.slug for source in sources["items"]}, problems)
    parsed_items = _parsed(sources["items"], context, workers, keeping, "items")
    items = tuple(item for item in parsed_items.values() if isinstance(item, model.Item))
    testimonies = _load_testimonies(sources["testimonies"], context, workers, keeping)
    pages = _load_pages(sources["pages"], context)
    return (Content(config, items, tuple(testimonies), tuple(pages)) if config else None), problems


def reading_context(
    content: Path, config: model.Config | None, items: Collection[str], problems: list[Problem]
) -> Context:
    """Return what every file of content/ is read against; without a valid site.yaml, what it defines is unchecked."""
    return Context(
        problems=problems,
        languages=config.written_languages if config else (),
        categories={category.slug for category in config.categories} if config else None,
        items=items,
        images=content / "images",
        markdown=MarkdownRenderer(config.base_path if config else "/"),
        offers=_offers(config) if config else None,
        bring_to=_bring_to(config) if config else (),
    )


def load_config(content: Path) -> model.Config:
    """Read content/site.yaml alone; raise ContentError if it has problems."""
    problems: list[Problem] = []
    config = _load_config(content, problems)
    if config is None or problems:
        raise ContentError(problems)
    return config


def _load_config(content: Path, problems: list[Problem]) -> model.Config | None:
    """Read content/site.yaml."""
    path = content / "site.yaml"
    where = shown_path(path, content.parent)
    if not path.is_file():
        problems.append(NO_SITE_YAML.at(where, folder=shown_path(content, content.parent)))
        return None
    text = read_text(Source(path, where, "site", None), problems)
    return None if text is None else parse_config(text, where, path, problems)


def _load_testimonies(sources: list[Source], context: Context, workers: int, keeping: Keeping) -> list[model.Testimony]:
    """Parse originals (on `workers` cores, or kept from before) and translations; keep the valid, not withdrawn."""
    originals = {s.slug: s for s in sources if s.lang is None}
    translations: dict[str, list[model.Translation]] = defaultdict(list)
    parsed = _parsed(list(originals.values()), context, workers, keeping, "testimonies")
    for source in sources:
        if source.lang is None or parsed.get(source.slug) == WITHDRAWN:
            continue  # a withdrawn testimony's translations go with it, unread
        text = read_text(source, context.problems, keeping.memory)
        if text is not None and _check_translation(source, originals, parsed, context):
            translation = parse_translation(text, source.lang, source.where, source.path, context)
            if translation is not None:
                translations[source.slug].append(translation)
    order = {lang: n for n, lang in enumerate(context.languages)}  # empty while site.yaml is broken
    published = []
    for slug, testimony in parsed.items():
        if isinstance(testimony, model.Testimony):
            ordered = tuple(sorted(translations[slug], key=lambda t: (order.get(t.lang, len(order)), t.lang)))
            same = ordered == testimony.translations  # then the parse itself, the same object at every save
            published.append(testimony if same else dataclasses.replace(testimony, translations=ordered))
    return published


def _parsed(sources: list[Source], context: Context, workers: int, keeping: Keeping, kind: str) -> dict[str, object]:
    """Return each item or original testimony parsed (None if unreadable), reusing the parses of unchanged files."""
    kept = keeping.parses(_facts(context), kind) if keeping.parses else _Unkept()
    parsed: dict[str, object] = {}
    todo: list[tuple[Source, bytes, str]] = []
    for source in sources:
        parsed[source.slug] = None  # keeps the order of the files; stays None for one that cannot be read
        data = read_bytes(source, context.problems, keeping.memory)
        if data is None:
            continue
        key = kept.key(f"{source.where}\0{source.path}", data)
        known = kept.get(key)
        if known:
            parsed[source.slug] = known[0]
            context.problems.extend(known[1])
        else:
            todo.append((source, data, key))
    parse = parse_item if kind == "items" else parse_testimony
    runs = chunks(todo, FILES_PER_JOB)
    jobs = [partial(_parse_run, [(source, data) for source, data, _ in run], context, parse) for run in runs]
    for run, results in zip(runs, run_all(jobs, workers), strict=True):
        for (source, _, key), (value, problems) in zip(run, results, strict=True):
            parsed[source.slug] = value
            context.problems.extend(problems)
            if value is not None:
                kept.put(key, (value, problems))
    kept.save()
    return parsed


def _offers(config: model.Config) -> frozenset[str]:
    """Return the ways site.yaml lets any item take: bring, when it says where; buy, when it has a wishlist."""
    return frozenset(way for way, given in (("bring", config.organisation.dropoff), ("buy", config.wishlist)) if given)


def _bring_to(config: model.Config) -> frozenset[str]:
    """Return the categories that some drop-off point of site.yaml takes."""
    return frozenset(c.slug for c in config.categories if config.dropoffs_for(c.slug))


def _facts(context: Context) -> Hashable:
    """Return what a parse depends on besides its file: the site's languages, categories, items, base path, pictures."""
    images = folder_names(context.images) if context.images.is_dir() else ()
    categories = sorted(context.categories) if context.categories is not None else None
    offers = sorted(context.offers) if context.offers is not None else None
    bring_to = sorted(context.bring_to)
    return (context.languages, categories, sorted(context.items), context.markdown.base_path, images, offers, bring_to)


class _Unkept:
    """No parses kept: every file is parsed."""

    def key(self, name: str, data: bytes) -> str:
        """Return no key."""
        return ""

    def get(self, key: str) -> Parsed | None:
        """Return nothing: nothing is kept."""
        return None

    def put(self, key: str, parsed: Parsed) -> None:
        """Keep nothing."""

    def save(self) -> None:
        """Save nothing."""


def _parse_run(files: Sequence[tuple[Source, bytes]], context: Context, parse: Callable[..., object]) -> list[Parsed]:
    """Parse a run of files read already, in a worker: each one's value (None if not UTF-8) and problems."""
    parsed: list[Parsed] = []
    for source, data in files:
        own = dataclasses.replace(context, problems=[])
        text = decoded(source, data, own.problems)
        value = None if text is None else parse(text, source.slug, source.where, source.path, own)
        parsed.append((value, own.problems))
    return parsed


def _check_translation(source: Source, originals: dict[str, Source], parsed: dict, context: Context) -> bool:
    """Return True when a translation file has an original and a site language to be in."""
    problem = None
    original = parsed.get(source.slug)
    if source.slug not in originals:
        problem = NO_ORIGINAL.at(source.where, slug=source.slug)
    elif context.languages and source.lang not in context.languages:
        problem = NOT_A_LANGUAGE.at(source.where, lang=source.lang, languages=", ".join(context.languages))
    elif isinstance(original, model.Testimony) and original.lang == source.lang:
        problem = SAME_LANGUAGE.at(source.where, lang=source.lang)
    if problem:
        context.problems.append(problem)
    return problem is None


def _load_pages(sources: list[Source], context: Context) -> list[model.Page]:
    """Parse pages and merge their translations into their title and body."""
    pages: dict[str, model.Page | None] = {}
    for source in sources:
        if source.lang is None:
            text = read_text(source, context.problems)
            pages[source.slug] = (
                None if text is None else parse_page(text, source.slug, source.where, source.path, context)
            )
            if source.slug in RESERVED or source.slug in context.languages or source.slug == "404":
                context.problems.append(RESERVED_ADDRESS.at(source.where, slug=source.slug))
    for source in sources:
        if source.lang is None:
            continue
        if source.slug not in pages or (context.languages and source.lang not in context.languages[1:]):
            context.problems.append(PAGE_WITHOUT_ORIGINAL.at(source.where, languages=", ".join(context.languages[1:])))
            continue
        text = read_text(source, context.problems)
        translated = None if text is None else parse_page_translation(text, source.where, context)
        page = pages[source.slug]
        if translated is not None and page is not None:
            title, body = translated
            pages[source.slug] = dataclasses.replace(
                page,
                title=model.Localized((*page.title.values, (source.lang, title))),
                body=model.Localized((*page.body.values, (source.lang, body))),
            )
    return [page for page in pages.values() if page is not None]
