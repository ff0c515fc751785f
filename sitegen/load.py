"""Read every file of content/ into one Site, or raise one ContentError listing every problem.

    content/site.yaml                 -> Config
    content/items/<slug>.yaml         -> Item
    content/testimonies/<slug>.md     -> Testimony (+ <slug>.<lang>.md translations)
    content/pages/<slug>.md           -> Page (+ <slug>.<lang>.md translations)
    content/images/                   pictures the above point to

Withdrawn testimonies, and drafts unless asked for, never reach the Site.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import model
from .errors import ContentError, Problem, shown_path
from .markup import MarkdownRenderer
from .memo import Memo, folder_names
from .parallel import chunks, run_all
from .parse import (
    WITHDRAWN,
    Context,
    parse_config,
    parse_item,
    parse_page,
    parse_page_translation,
    parse_testimony,
    parse_translation,
)
from .reuse import digest_of
from .rules import LANGUAGE, SLUG, slugify
from .warm import Warm

FOLDERS = ("items", "testimonies", "pages", "images")
MAX_FILE_BYTES = 2_000_000  # a content file larger than this is refused
FILES_PER_JOB = 100  # items or testimonies a worker parses at a time
MAX_SLUG = 80  # characters: an address stays readable, and every derived file name fits the file system
RESERVED = {"items", "testimonies", "categories", "static", "images", "feed", "print", "search", "pagefind"}


@dataclass(frozen=True, slots=True)
class Source:
    """A content file found on disk: content/testimonies/amal.ar.md => slug amal, lang ar."""

    path: Path
    where: str  # the path as shown in messages
    slug: str
    lang: str | None  # the language of a translation; None for an original


@dataclass(frozen=True, slots=True)
class Keeping:
    """Where parses are kept between builds, and where their digests go (by id) for the pages' keys."""

    cache: Path | None = None  # the cache folder (sitegen/memo.py)
    warm: Warm | None = None  # the preview's memory (sitegen/warm.py)
    digests: dict[int, tuple[object, bytes]] | None = None  # id -> (parse, digest_of it), for sitegen/reuse.py


@dataclass(frozen=True, slots=True)
class Content:
    """Everything valid in content/, drafts included, before choosing what to publish."""

    config: model.Config
    items: tuple[model.Item, ...]
    testimonies: tuple[model.Testimony, ...]  # drafts included; withdrawn ones never read
    pages: tuple[model.Page, ...]


def load_site(content: Path, *, drafts: bool = False) -> model.Site:
    """Read and validate all of content/ into the Site to publish; raise ContentError with every problem."""
    return publish(load_content(content), drafts=drafts)


def publish(content: Content, *, drafts: bool = False) -> model.Site:
    """Return the Site of what is published: drafts only when asked for."""
    testimonies = [t for t in content.testimonies if drafts or not t.draft]
    return model.Site.assemble(content.config, list(content.items), testimonies, list(content.pages))


def load_content(
    content: Path,
    base_url: str | None = None,
    workers: int = 1,
    cache: Path | None = None,
    warm: Warm | None = None,
    digests: dict[int, tuple[object, bytes]] | None = None,
) -> Content:
    """Read and validate all of content/; raise ContentError with every problem found.

    `base_url`, when given, replaces site.yaml's (a preview, a sub-path), so that
    links from the site's root written in Markdown gain the right path. Testimonies,
    the bulk of the work, are parsed on `workers` cores, and kept in `cache` for the
    next build (sitegen/memo.py), or in `warm` for the preview's next save. Each
    parse comes with the digest of its repr, which `digests` receives (by id) for
    the pages' keys (sitegen/reuse.py): a parse from the cache is not digested again.
    """
    problems: list[Problem] = []
    shown = content.parent
    if not content.is_dir():
        hint = "pass --content with the folder that holds site.yaml, items/ and testimonies/"
        raise ContentError([Problem(shown_path(content, shown), 0, "the content folder does not exist", hint)])
    config = _load_config(content, shown, problems)
    if config and base_url:
        config = dataclasses.replace(config, base_url=base_url)
    sources = {folder: _found(content, folder, shown, problems, warm) for folder in FOLDERS[:3]}
    _check_top_level(content, shown, problems)
    context = Context(  # without a valid site.yaml, what it defines is left unchecked
        problems=problems,
        languages=config.languages if config else (),
        categories={category.slug for category in config.categories} if config else None,
        items={source.slug for source in sources["items"]},
        images=content / "images",
        markdown=MarkdownRenderer(config.base_path if config else "/"),
    )
    keeping = Keeping(cache, warm, digests)
    parsed_items = _parsed(sources["items"], context, workers, keeping, "items")
    items = [item for item in parsed_items.values() if isinstance(item, model.Item)]
    testimonies = _load_testimonies(sources["testimonies"], context, workers, keeping)
    pages = _load_pages(sources["pages"], context)
    if problems or config is None:
        raise ContentError(problems)
    return Content(config, tuple(items), tuple(testimonies), tuple(pages))  # type: ignore[arg-type]


def load_config(content: Path) -> model.Config:
    """Read content/site.yaml alone; raise ContentError if it has problems."""
    problems: list[Problem] = []
    config = _load_config(content, content.parent, problems)
    if config is None or problems:
        raise ContentError(problems)
    return config


def _load_config(content: Path, shown: Path, problems: list[Problem]) -> model.Config | None:
    """Read content/site.yaml."""
    path = content / "site.yaml"
    where = shown_path(path, shown)
    if not path.is_file():
        problems.append(Problem(where, 0, "site.yaml is missing", f"create it in {shown_path(content, shown)}/"))
        return None
    text = _read(Source(path, where, "site", None), problems)
    return None if text is None else parse_config(text, where, path, problems)


def _load_testimonies(sources: list[Source], context: Context, workers: int, keeping: Keeping) -> list[model.Testimony]:
    """Parse originals (on `workers` cores, or from the cache) and translations; keep the valid, not withdrawn."""
    originals = {s.slug: s for s in sources if s.lang is None}
    translations: dict[str, list[model.Translation]] = defaultdict(list)
    parsed = _parsed(list(originals.values()), context, workers, keeping, "testimonies")
    for source in sources:
        if source.lang is None or parsed.get(source.slug) == WITHDRAWN:
            continue  # a withdrawn testimony's translations go with it, unread
        text = _read(source, context.problems, keeping.warm)
        if text is not None and _check_translation(source, originals, parsed, context):
            translation = parse_translation(text, source.lang, source.where, source.path, context)
            if translation is not None:
                translations[source.slug].append(translation)
    published = []
    for slug, testimony in parsed.items():
        if isinstance(testimony, model.Testimony):
            order = {lang: n for n, lang in enumerate(context.languages)}  # empty while site.yaml is broken
            ordered = tuple(sorted(translations[slug], key=lambda t: (order.get(t.lang, len(order)), t.lang)))
            same = ordered == testimony.translations  # then the parse itself, the same object at every save
            published.append(testimony if same else dataclasses.replace(testimony, translations=ordered))
    return published


def _parsed(
    sources: list[Source], context: Context, workers: int, keeping: Keeping, kind: str
) -> dict[str, model.Item | model.Testimony | str | None]:
    """Return each item or original testimony parsed (None if unreadable), reusing the parses of unchanged files."""
    images = folder_names(context.images) if context.images.is_dir() else ()
    categories = sorted(context.categories) if context.categories is not None else None
    facts = (context.languages, categories, sorted(context.items), context.markdown.base_path, images)
    warm, digests = keeping.warm, keeping.digests if keeping.digests is not None else {}
    memo = Memo(keeping.cache, facts, kind, warm.parsed if warm else None)
    parsed: dict[str, model.Item | model.Testimony | str | None] = {}
    todo: list[tuple[Source, bytes, str]] = []
    for source in sources:
        parsed[source.slug] = None  # keeps the order of the files; stays None for one that cannot be read
        data = _read_bytes(source, context.problems, warm)
        if data is None:
            continue
        key = memo.key(f"{source.where}\0{source.path}", data)
        known = memo.get(key)
        if known:
            value, problems, digest = known  # type: ignore[misc]
            parsed[source.slug], digests[id(value)] = value, (value, digest)
            context.problems.extend(problems)
        else:
            todo.append((source, data, key))
    parse = parse_item if kind == "items" else parse_testimony
    runs = chunks(todo, FILES_PER_JOB)
    jobs = [partial(_parse_run, [(source, data) for source, data, _ in run], context, parse) for run in runs]
    for run, results in zip(runs, run_all(jobs, workers), strict=True):
        for (_, _, key), (slug, result) in zip(run, results, strict=True):
            value, problems, digest = result
            parsed[slug], digests[id(value)] = value, (value, digest)
            context.problems.extend(problems)
            if value is not None:
                memo.put(key, result)
    memo.save()
    return parsed


def _parse_run(
    files: Sequence[tuple[Source, bytes]], context: Context, parse: Callable[..., object]
) -> list[tuple[str, tuple[object, list[Problem], bytes]]]:
    """Parse a run of files read already, in a worker: each one's value (None if not UTF-8), problems and digest."""
    parsed = []
    for source, data in files:
        own = dataclasses.replace(context, problems=[])
        text = _decoded(source, data, own.problems)
        value = None if text is None else parse(text, source.slug, source.where, source.path, own)
        parsed.append((source.slug, (value, own.problems, digest_of(value))))
    return parsed


def _check_translation(source: Source, originals: dict[str, Source], parsed: dict, context: Context) -> bool:
    """Return True when a translation file has an original and a site language to be in."""
    fail = context.problems.append
    if source.slug not in originals:
        fail(
            Problem(
                source.where,
                0,
                f"this translation has no original '{source.slug}.md'",
                "restore the original, or delete this translation too if the testimony was removed",
            )
        )
        return False
    original = parsed[source.slug]
    if context.languages and source.lang not in context.languages:
        fail(
            Problem(
                source.where,
                0,
                f"'{source.lang}' is not one of the site's languages",
                f"translations are into {', '.join(context.languages)}; rename the file",
            )
        )
        return False
    if isinstance(original, model.Testimony) and original.lang == source.lang:
        fail(
            Problem(
                source.where,
                0,
                f"the original is already in '{source.lang}'",
                "a translation must be into another language; rename or delete this file",
            )
        )
        return False
    return True


def _load_pages(sources: list[Source], context: Context) -> list[model.Page]:
    """Parse pages and merge their translations into their title and body."""
    pages = {}
    for source in sources:
        if source.lang is None:
            text = _read(source, context.problems)
            pages[source.slug] = (
                None if text is None else parse_page(text, source.slug, source.where, source.path, context)
            )
            if source.slug in RESERVED or source.slug in context.languages or source.slug == "404":
                context.problems.append(
                    Problem(source.where, 0, f"'{source.slug}' is a reserved address", "rename the page file")
                )
    for source in sources:
        if source.lang is None:
            continue
        if source.slug not in pages or (context.languages and source.lang not in context.languages[1:]):
            context.problems.append(
                Problem(
                    source.where,
                    0,
                    "this translation has no original page, or is not into another site language",
                    f"name it <page>.<lang>.md next to <page>.md, with lang one of {', '.join(context.languages[1:])}",
                )
            )
            continue
        text = _read(source, context.problems)
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


def _found(content: Path, folder: str, shown: Path, problems: list[Problem], warm: Warm | None) -> list[Source]:
    """Return _find's list of a folder, or the preview's from before while the folder is unchanged (warm.py)."""
    directory = content / folder
    if warm is None or not directory.is_dir():
        return _find(content, folder, shown, problems)

    def find() -> tuple[list[Source], list[Problem]]:
        own: list[Problem] = []
        return _find(content, folder, shown, own), own

    sources, found = warm.listed(directory, find)
    problems.extend(found)
    return sources


def _find(content: Path, folder: str, shown: Path, problems: list[Problem]) -> list[Source]:
    """List the content files of one folder, sorted; misnamed files are problems."""
    directory = content / folder
    if not directory.is_dir():
        return []
    suffix = ".yaml" if folder == "items" else ".md"
    sources = []
    plain_folder = _inside(directory, content)  # then only its links need following
    shown_folder = shown_path(directory, shown)
    with os.scandir(directory) as found:  # an entry knows whether it is a link or a file without a stat
        entries = sorted((entry for entry in found if not entry.name.startswith(".")), key=lambda entry: entry.name)
    for entry in entries:
        path = directory / entry.name
        where = f"{shown_folder}/{entry.name}"
        if not (plain_folder and not entry.is_symlink()) and not _inside(path, content):
            problems.append(
                Problem(
                    where,
                    0,
                    "this file is a link that leads outside content/, or nowhere",
                    "put the file itself in content/",
                )
            )
            continue
        source = _source(path, where, suffix, allow_lang=folder != "items", is_file=_is_file(entry))
        if isinstance(source, Problem):
            problems.append(source)
        else:
            sources.append(source)
    return sources


def _inside(path: Path, content: Path) -> bool:
    """Return True when a file, followed through its links, stays inside content/ (a link loop does not)."""
    try:
        return path.resolve().is_relative_to(content.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python before 3.13
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """Return True for a regular file, or a link to one."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _source(path: Path, where: str, suffix: str, allow_lang: bool, is_file: bool) -> Source | Problem:
    """Name a file as a Source, or say why its name is not usable."""
    if not is_file:
        return Problem(where, 0, "this is not a regular file", f"only <slug>{suffix} files belong here")
    if not path.name.endswith(suffix):
        return Problem(
            where, 0, f"this file is not a {suffix} file", f"rename it to <slug>{suffix}, or move it elsewhere"
        )
    parts = path.name[: -len(suffix)].split(".")
    slug, lang = parts[0], (parts[1] if len(parts) == 2 else None)
    if len(parts) > 2 or (lang is not None and (not allow_lang or not LANGUAGE.fullmatch(lang))):
        example = f"<slug>.<lang>{suffix}" if allow_lang else f"<slug>{suffix}"
        return Problem(where, 0, "the file name has extra dots", f"name it {example}")
    if not SLUG.fullmatch(slug):
        return Problem(
            where,
            0,
            f"the file name '{slug}' is not a valid slug",
            f"rename it to '{slugify(slug)}{suffix}': lowercase letters, digits and hyphens",
        )
    if len(slug) > MAX_SLUG:
        return Problem(
            where,
            0,
            f"the file name is {len(slug)} characters long, too long for an address",
            f"shorten it to at most {MAX_SLUG} characters",
        )
    return Source(path, where, slug, lang)


def _check_top_level(content: Path, shown: Path, problems: list[Problem]) -> None:
    """Report files and folders of content/ that the generator would not read."""
    if not content.is_dir():
        return
    for path in sorted(content.iterdir()):
        if path.name.startswith(".") or path.name == "site.yaml" or path.name in FOLDERS:
            continue
        problems.append(
            Problem(
                shown_path(path, shown),
                0,
                "the generator does not read this",
                f"content/ holds site.yaml and {', '.join(FOLDERS)}/; move it elsewhere",
            )
        )


def _read(source: Source, problems: list[Problem], warm: Warm | None = None) -> str | None:
    """Return a content file's text, or None after recording why it cannot be read."""
    data = _read_bytes(source, problems, warm)
    return None if data is None else _decoded(source, data, problems)


def _decoded(source: Source, data: bytes, problems: list[Problem]) -> str | None:
    """Return a content file's bytes as text, or None after recording that they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(source.where, 0, f"the file is not UTF-8 text ({error.reason})", "save it as UTF-8 in your editor")
        )
    return None


def _read_bytes(source: Source, problems: list[Problem], warm: Warm | None = None) -> bytes | None:
    """Return a content file's bytes, or None after recording why they cannot be read (too large, unreadable)."""
    try:
        status = source.path.stat()
        if status.st_size > MAX_FILE_BYTES:
            problems.append(
                Problem(source.where, 0, f"the file is larger than {MAX_FILE_BYTES:,} bytes", "shorten it or split it")
            )
            return None
        return warm.read(source.path, status) if warm else source.path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                source.where, 0, f"the file cannot be read ({error.strerror})", "check that it exists and is readable"
            )
        )
    return None
