"""The pipeline, step by step: read -> plan -> render -> write.

    content/ --read--> Site --plan--> [PagePlan] --render--> [Output] --write--> output/

`build` writes the site; `check` runs every step but the last, so it finds every
problem a build would, writes nothing, and adds warnings (sitegen/checks/): what
is not translated, internal links that lead nowhere, urgent needs not checked
lately, and details that could put a testimony's author at risk. What a previous
build made is kept where its inputs have not changed (sitegen/incremental/); without
that, a build gives the very same site, only more slowly.
"""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TypeVar

from sitegen import TEMPLATES_FOLDER, model
from sitegen.content.addresses import checked_base_url
from sitegen.content.formats import format_warnings
from sitegen.content.load import Content, Keeping, gather_content, publish, published_testimonies
from sitegen.errors import ContentError, OutputError, Problem, shown_path
from sitegen.feeds.atom import feeds
from sitegen.feeds.needs_json import needs_json
from sitegen.feeds.sitemap import sitemap
from sitegen.incremental.kept_pages import (
    Keys,
    PageKeys,
    Previous,
    forget_pages,
    moved_on,
    previous_pages,
    record_pages,
    store_files,
    value_keys,
)
from sitegen.incremental.parses import ParseCache, is_published
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.preview_patch import Built, patch_preview
from sitegen.incremental.sweep import Used, hold_preview, sweep, used_by
from sitegen.output import Output, Written, update_site, write_site
from sitegen.pages.brand import brand_files
from sitegen.pages.plan import PagePlan, plan_site
from sitegen.pages.render import Rendered, render_pages
from sitegen.pages.theme import Languages, Theme, load_theme, static_files
from sitegen.parallel import chunks, cores, run_all
from sitegen.pictures.card_layout import Card
from sitegen.pictures.cards import card_sources, draw_cards
from sitegen.pictures.fonts import Fonts, find_fonts, uncovered_cards
from sitegen.pictures.logo import LOGO, logo_of, publish_pictures
from sitegen.pictures.publish import PublishedImage, check_published, picture_files, published_pictures
from sitegen.pictures.qr_codes import CODES_PER_JOB, qr_addresses, qr_pngs
from sitegen.search.index import BUNDLE, index_site
from sitegen.written import note_folder


@dataclass(frozen=True, slots=True)
class Options:
    """What to build, from where, to where."""

    content: Path
    templates: Path
    output: Path
    drafts: bool = False  # also publish testimonies marked draft: true
    cache: Path | None = None  # where encoded pictures are kept between builds; None: nowhere
    base_url: str | None = None  # overrides site.yaml base_url, e.g. for a preview
    workers: int = field(default_factory=cores)  # processes that parse and render at once; 1: this one only
    today: datetime.date = field(default_factory=datetime.date.today)  # the build's date: which windows are open
    force: bool = False  # replace output/ even if it holds files the generator did not write (sitegen/output.py)


@dataclass(frozen=True, slots=True)
class Report:
    """What a build or check produced, for the one-line summary."""

    site: model.Site
    pages: int
    images: int
    written: Written
    warnings: tuple[Problem, ...] = ()  # from check: translations missing, authors' safety
    kept: int = 0  # pages kept from the previous build, their inputs unchanged


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Everything a build writes, with the outputs still to be rendered."""

    content: Content  # everything valid, drafts included
    site: model.Site  # what is published
    theme: Theme
    plans: list[PagePlan]
    images: int
    files: int  # how many files the outputs hold
    outputs: Iterator[Output]  # rendered lazily, as they are written
    keys: Keys  # what each file is made from, for the next build: complete once the outputs are (kept_pages.py)
    kept: int  # pages kept from the previous build
    used: Used  # what it uses of the cache folder: the rest goes once it is done (sitegen/incremental/sweep.py)


@dataclass(frozen=True, slots=True)
class _Unchanged:
    """Which files the previous build made from the same inputs: those are linked from it, not made again."""

    previous: Previous
    keys: Mapping[str, str]  # file -> the key of its inputs now

    def __call__(self, file: str) -> str | None:
        """Return where the file is kept: "" in the previous build, else a file of the cache's store; None: made."""
        return self.previous.origin(file, self.keys.get(file))


PAGES_PER_JOB = 64  # pages a worker renders at a time: enough to outweigh sending them back
CARDS_PER_JOB = 100  # share cards a worker draws at a time
_Value = TypeVar("_Value")
Progress = Callable[[int, int], None]  # (files done, files in all), called as the build goes
Cards = list[tuple[str, list[Card]]]  # where each card goes, and its versions, best first


def build(options: Options, progress: Progress | None = None, memory: PreviewMemory | None = None) -> Report:
    """Build the site into options.output, replacing the previous build atomically.

    Files whose inputs have not changed are linked from the previous build or the cache's
    store; the site replaced is kept as the spare the next build writes into (output.py).
    The preview passes its `memory`, and uses neither. The cache keeps only what was used.
    """
    hold_preview(options.cache, memory)  # the preview's first build: no other build removes its folder from now on
    whole = memory is None  # not the preview's
    prepared = _prepare(options, previous_pages(options.cache, options.output, stored=whole), memory)
    outputs = _counted(prepared.outputs, prepared.files, progress) if progress else prepared.outputs
    made: list[str] = []
    forget_pages(options.cache, options.output)
    stored = prepared.keys.files if whole else {}
    linked: set[str] = set()  # the files linked from the cache's store: it has them already
    verify = partial(_checked_and_indexed, cache=options.cache, keys=stored, linked=linked)
    written = write_site(_noted(outputs, made, linked), options.output, verify=verify, force=options.force, spare=whole)
    record_pages(options.cache, options.output, prepared.keys)
    kept = frozenset(stored.values()) if whole else None  # the store: what this build made; the preview's leaves it
    sweep(options.cache, dataclasses.replace(prepared.used, kept=kept), options.output)
    if memory is not None:
        memory.made = frozenset(made)  # so the preview's first update need not look for them
    return _report(prepared, written)


def update_preview(options: Options, memory: PreviewMemory, changed: Collection[str] | None = None) -> Report | None:
    """Bring the preview in options.output up to date in place, writing only what changed; fast, not atomic.

    Given `changed`, the files saved since, it patches in testimonies saved again, or returns None, doing nothing
    (incremental/preview_patch.py). Search is left for index_preview, so that the preview reloads first.
    """
    if changed is not None:
        done = patch_preview(memory, changed, options.output, options.drafts, options.today, options.cache)
        return None if done is None else Report(done.site, done.pages, done.images, done.written, kept=done.kept)
    prepared = _prepare(options, memory.previous(options.cache, options.output), memory)
    forget_pages(options.cache, options.output)
    written = memory.writing(partial(update_site, prepared.outputs, options.output, BUNDLE))
    memory.commit()  # the folder holds what this update keys, whatever follows
    _no_metadata_left(options.output)
    record_pages(options.cache, options.output, prepared.keys)
    sweep(options.cache, prepared.used)
    return _report(prepared, written)


def index_preview(options: Options) -> None:
    """Make the preview's search index again after update_preview: unchanged shards come from the cache."""
    shutil.rmtree(options.output / BUNDLE, ignore_errors=True)  # no page left out may stay findable
    index_site(options.output, options.cache)
    note_folder(options.output, BUNDLE)  # its files, in the record of what the generator wrote there
    moved_on(options.cache, options.output)  # the pages update_preview recorded are still those in place


def check(options: Options, today: datetime.date) -> Report:
    """Do everything a build does except writing; warn about translations, links, stale needs and safety."""
    from sitegen.checks import authors, links, stale_needs, summary, translations  # here: 0.1 s a build need not pay
    from sitegen.pages.overrides import review_warnings

    prepared = _prepare(dataclasses.replace(options, today=today), None)
    checker = links.LinkChecker(prepared.site.config.base_path)
    files = size = 0
    for output in prepared.outputs:
        files, size = files + 1, size + len(output.data)
        checker.add(output.path, output.data)
    sweep(options.cache, prepared.used)  # check fills the cache too: with what a build would use, and nothing else
    root = options.content.parent
    warnings = translations.untranslated(prepared.site, prepared.theme.untranslated, prepared.theme.strings_where)
    warnings += checker.broken(links.page_sources([(plan.file, plan.context) for plan in prepared.plans], root))
    warnings += stale_needs.stale_urgent_items(prepared.site, root, today)
    warnings += authors.safety_warnings(prepared.content.testimonies, root, today)
    warnings += uncovered_cards(prepared.site, root)
    warnings += review_warnings(options.templates, options.content / "theme")
    warnings += format_warnings(options.content, prepared.site.config.format, _default_theme(options))
    return _report(prepared, Written(files, size), tuple(summary.ordered(warnings)))


def _prepare(options: Options, previous: Previous | None, memory: PreviewMemory | None = None) -> _Prepared:
    """Read everything, then plan every file; pages and cards are made lazily, keeping what `previous` can give."""
    base_url = checked_base_url(options.base_url)
    content, problems = gather_content(options.content, base_url, options.workers, _keeping(options, memory))
    if memory is not None:  # the preview forgets the files no longer read, and those of testimonies not published
        memory.sweep(options.content, content, drafts=options.drafts, today=options.today)
    theme = _gathered(problems, partial(_theme, options, content.config)) if content else None
    images = _gathered(problems, partial(_images, options, content)) if content else None
    if problems or content is None or theme is None or images is None:
        raise ContentError(problems)
    site = publish(content, drafts=options.drafts, today=options.today)
    plans = plan_site(site)
    codes = list(qr_addresses(site))
    cards = list(card_sources(site, theme.text, logo_of(images)))
    fonts = find_fonts() if cards else None
    keys = _keys(site, plans, theme, images, previous, codes, (cards, fonts))
    used = used_by(images.values(), cards, fonts, theme) if options.cache else Used()
    unchanged = _Unchanged(previous or Previous(options.output), keys.files)  # check: nothing to keep
    kept = {plan.file: origin for plan in plans if (origin := unchanged(plan.file)) is not None}
    pages = _rendered(site, plans, theme, images, options.workers, kept, keys)
    statics = [*static_files(theme, root_favicon=LOGO not in images), *brand_files(site.config.brand)]
    extras = [*feeds(site, theme.text), *sitemap(site, (plan.path for plan in plans)), needs_json(site)]
    if site.config.editing:  # /admin/, the browser editor: only where site.yaml says where the content is edited
        from sitegen.editor import admin, config, formats  # imported only then

        extras += admin.admin_files(site, config.editor_config(site), formats.editor_formats(site))
    drawn = _drawn(cards, codes, fonts, options.cache, options.workers, unchanged)
    pictures = picture_files(images.values())
    outputs = chain(pages, statics, extras, drawn, pictures)
    files = len(plans) + len(statics) + len(extras) + len(cards) + len(codes) + len(pictures)
    if memory is not None:  # what the preview's next saves may patch, once this update is written (preview_patch.py)
        memory.candidate = partial(Built.of, options.content, content, site, theme, images, plans, keys, fonts)
    return _Prepared(content, site, theme, plans, len(images), files, outputs, keys, len(kept), used)


def _gathered(problems: list[Problem], step: Callable[[], _Value]) -> _Value | None:
    """Return what a step makes, or None after adding its problems to those found so far."""
    try:
        return step()
    except ContentError as error:
        problems += error.problems
        return None


def _default_theme(options: Options) -> bool:
    """Return True when the site is built with the generator's own theme (and its overrides), not a whole other."""
    return options.templates.resolve() == TEMPLATES_FOLDER.resolve()


def _theme(options: Options, config: model.Config) -> Theme:
    """Load the theme for the site's languages, with the association's UI strings and overrides (content/)."""
    published = config.written_languages if options.drafts else config.languages
    languages = Languages(published, config.draft_languages)
    own, overrides = options.content / "i18n", options.content / "theme"
    return load_theme(options.templates, languages, options.cache, own=own, overrides=overrides)


def _images(options: Options, content: Content) -> dict[str, PublishedImage]:
    """Publish the association's logo and the pictures the valid items and testimonies show (drafts' with drafts)."""
    root = options.content.parent
    used = [(item.image, shown_path(item.source, root)) for item in content.items if item.image]
    shown = published_testimonies(content.testimonies, drafts=options.drafts, today=options.today)
    used += [(t.photo, shown_path(t.source, root)) for t in shown if t.photo]  # none their consent leaves out
    return publish_pictures(used, content.config, str(root), options.cache)


def _keeping(options: Options, memory: PreviewMemory | None) -> Keeping:
    """Return where parses are kept between builds: the preview's memory, else the cache folder; only published ones."""
    published = partial(is_published, drafts=options.drafts, today=options.today)
    parses = partial(ParseCache, options.cache, memory=memory.parsed if memory else None, keeps=published)
    return Keeping(parses=parses, memory=memory)


def _keys(
    site: model.Site,
    plans: list[PagePlan],
    theme: Theme,
    images: Mapping[str, PublishedImage],
    previous: Previous | None,
    codes: list[tuple[str, str]],
    cards: tuple[Cards, Fonts | None],
) -> Keys:
    """Return what each QR code and share card is made from, and each page as far as `previous` says; check: none."""
    if previous is None:
        return Keys(None)
    pages = PageKeys(site, plans, theme, images)
    files = {**pages.guessed(previous.reads), **value_keys(codes), **value_keys(*cards)}
    return Keys(pages, files, {file: tuple(read) for file, read in previous.reads.items() if file in files})


def _report(prepared: _Prepared, written: Written, warnings: tuple[Problem, ...] = ()) -> Report:
    """Return what a build or check did, for the command line's summary."""
    return Report(prepared.site, len(prepared.plans), prepared.images, written, warnings, kept=prepared.kept)


def _noted(outputs: Iterable[Output], paths: list[str], linked: set[str]) -> Iterator[Output]:
    """Pass outputs through, noting their paths, and apart those linked from the cache's store."""
    for output in outputs:
        paths.append(output.path)
        if output.origin:
            linked.add(output.path)
        yield output


def _counted(outputs: Iterator[Output], total: int, progress: Progress) -> Iterator[Output]:
    """Pass outputs through, telling `progress` how far the build is every 50 files."""
    for done, output in enumerate(outputs, 1):
        if done % 50 == 0 or done == total:
            progress(done, total)
        yield output


def _rendered(
    site: model.Site,
    plans: list[PagePlan],
    theme: Theme,
    images: Mapping[str, PublishedImage],
    workers: int,
    kept: Mapping[str, str],
    keys: Keys,
) -> Iterator[Output]:
    """Yield every page, kept (from where `kept` says, by file) or rendered and keyed; then raise ContentError."""
    yield from (Output(plan.file, b"", kept=True, origin=kept[plan.file]) for plan in plans if plan.file in kept)
    fresh = [plan for plan in plans if plan.file not in kept]
    jobs = [partial(_render_run, site, run, theme, images) for run in chunks(fresh, PAGES_PER_JOB)]
    problems: list[Problem] = []
    for pages, found in run_all(jobs, workers):
        problems += found
        yield from keys.keyed(pages)
    if problems:
        raise ContentError(problems)


def _drawn(
    sources: Cards,
    codes: list[tuple[str, str]],
    fonts: Fonts | None,
    cache: Path | None,
    workers: int,
    unchanged: Callable[[str], str | None],
) -> Iterator[Output]:
    """Yield the share cards and the posters' QR codes: kept from the previous build if the same, else on every core."""
    kept: list[Output] = []
    cards, addresses = _to_make(sources, unchanged, kept), _to_make(codes, unchanged, kept)
    yield from kept
    jobs = [partial(draw_cards, run, fonts, cache) for run in chunks(cards, CARDS_PER_JOB)] if fonts else []
    jobs += [partial(qr_pngs, run) for run in chunks(addresses, CODES_PER_JOB)]
    for outputs in run_all(jobs, workers):
        yield from outputs


def _to_make(
    files: Iterable[tuple[str, _Value]], unchanged: Callable[[str], str | None], kept: list[Output]
) -> list[tuple[str, _Value]]:
    """Return the files (path, what it is made from) to make; add those kept from before to `kept`."""
    made = []
    for path, source in files:
        if (origin := unchanged(path)) is not None:
            kept.append(Output(path, b"", kept=True, origin=origin))
        else:
            made.append((path, source))
    return made


def _render_run(
    site: model.Site, plans: Sequence[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
) -> tuple[list[Rendered], list[Problem]]:
    """Render a run of pages: their files, or the problems found in them."""
    try:
        return list(render_pages(site, list(plans), theme, images)), []
    except ContentError as error:
        return [], error.problems


def _checked_and_indexed(site: Path, cache: Path | None, keys: Mapping[str, str], linked: set[str]) -> None:
    """Check the staged site's pictures, index it and keep its files in the cache's store, before it is swapped in."""
    _no_metadata_left(site)
    with ThreadPoolExecutor(1) as pool:  # the store is linked while Pagefind works, in processes of its own
        stored = pool.submit(store_files, cache, site, {file: key for file, key in keys.items() if file not in linked})
        index_site(site, cache)
        stored.result()


def _no_metadata_left(site: Path) -> None:
    """Refuse to publish if any written picture still carries metadata: the last guard for authors' safety."""
    found = check_published(published_pictures(site))
    if found:
        raise OutputError("pictures still carry metadata, so nothing was published: " + "; ".join(found))
