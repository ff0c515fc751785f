"""The pipeline, step by step: load -> plan -> render -> write.

    content/ --load--> Site --plan--> [PagePlan] --render--> [Output] --write--> output/

`build` writes the site; `check` runs every step but the last, so it finds every
problem a build would, writes nothing, and adds warnings: what is not translated,
internal links that lead nowhere, urgent needs not checked lately, and details
that could put a testimony's author at risk.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from . import model
from .errors import ContentError, OutputError, Problem, SiteError, shown_path
from .feeds import feeds
from .images import PublishedImage, check_published, publish_images
from .links import LinkChecker
from .load import Content, load_content, publish
from .needs import stale_urgent_items
from .needs_data import needs_json
from .output import Output, Written, update_site, write_site
from .pages import PagePlan, plan_site
from .parallel import chunks, cores, run_all
from .posters import qr_addresses, qr_png
from .render import Theme, load_theme, render_pages, static_files
from .reuse import Previous, forget_pages, moved_on, page_keys, previous_pages, record_pages, value_keys
from .safety import safety_warnings
from .search import BUNDLE, index_site
from .share_cards import Card, Fonts, find_fonts
from .sharing import card_sources, draw_cards
from .sitemap import sitemap
from .translations import untranslated
from .warm import Warm


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
    pages: int
    images: int
    files: int  # how many files the outputs hold
    plans: list[PagePlan]
    outputs: Iterator[Output]  # rendered lazily, as they are written
    keys: dict[str, str]  # page file -> what its inputs were, for the next build (sitegen/reuse.py)
    kept: int  # pages kept from the previous build


PAGES_PER_JOB = 64  # pages a worker renders at a time: enough to outweigh sending them back
CARDS_PER_JOB = 100  # share cards a worker draws at a time
Progress = Callable[[int, int], None]  # (files done, files in all), called as the build goes


def build(options: Options, progress: Progress | None = None, warm: Warm | None = None) -> Report:
    """Build the site into options.output, replacing the previous build atomically.

    Pages, share cards and QR codes whose inputs have not changed since the previous
    build are linked from it rather than made again (sitegen/reuse.py). The preview
    passes its `warm` memory (sitegen/warm.py).
    """
    prepared = _prepare(options, previous_pages(options.cache, options.output), warm)
    outputs = _counted(prepared.outputs, prepared.files, progress) if progress else prepared.outputs
    made: list[str] = []
    forget_pages(options.cache, options.output)
    written = write_site(
        _noted(outputs, made), options.output, verify=partial(_checked_and_indexed, cache=options.cache)
    )
    record_pages(options.cache, options.output, prepared.keys)
    if warm is not None:
        warm.made = frozenset(made)  # so the preview's first update need not look for them
    return Report(prepared.site, prepared.pages, prepared.images, written, kept=prepared.kept)


def update_preview(options: Options, warm: Warm) -> Report:
    """Bring the preview in options.output up to date in place, writing only what changed; fast, not atomic.

    The search index is left as it was: index_preview updates it afterwards, so the
    preview can reload first. `warm` is what the preview keeps between its rebuilds.
    """
    prepared = _prepare(options, previous_pages(options.cache, options.output, warm.made), warm)
    forget_pages(options.cache, options.output)
    before, warm.made = warm.made, None  # unknown again should the update fail half-way
    written, warm.made = update_site(prepared.outputs, options.output, keep=BUNDLE, before=before)
    _no_metadata_left(options.output)
    record_pages(options.cache, options.output, prepared.keys)
    return Report(prepared.site, prepared.pages, prepared.images, written, kept=prepared.kept)


def index_preview(options: Options) -> None:
    """Make the preview's search index again after update_preview: unchanged shards come from the cache."""
    shutil.rmtree(options.output / BUNDLE, ignore_errors=True)  # no page left out may stay findable
    index_site(options.output, options.cache)
    moved_on(options.cache, options.output)  # the pages update_preview recorded are still those in place


def check(options: Options, today: datetime.date) -> Report:
    """Do everything a build does except writing; warn about translations, links, stale needs and safety."""
    prepared = _prepare(options, None)
    links = LinkChecker(prepared.site.config.base_path)
    files = size = 0
    for output in prepared.outputs:
        files, size = files + 1, size + len(output.data)
        links.add(output.path, output.data)
    root = options.content.parent
    warnings = untranslated(prepared.site, prepared.theme.strings, prepared.theme.strings_where)
    warnings += links.broken(_sources(prepared.plans, prepared.site))
    warnings += stale_urgent_items(prepared.site, root, today)
    warnings += safety_warnings(prepared.content.testimonies, root, today)
    return Report(prepared.site, prepared.pages, prepared.images, Written(files, size), tuple(warnings))


def _noted(outputs: Iterable[Output], paths: list[str]) -> Iterator[Output]:
    """Pass outputs through, noting their paths."""
    for output in outputs:
        paths.append(output.path)
        yield output


def _counted(outputs: Iterator[Output], total: int, progress: Progress) -> Iterator[Output]:
    """Pass outputs through, telling `progress` how far the build is every 50 files."""
    for done, output in enumerate(outputs, 1):
        if done % 50 == 0 or done == total:
            progress(done, total)
        yield output


def _prepare(options: Options, previous: Previous | None, warm: Warm | None = None) -> _Prepared:
    """Load, publish pictures and plan; the outputs are rendered lazily, keeping what `previous` can give."""
    base_url = _checked_base_url(options.base_url)
    digests = warm.digests if warm else {}  # of the values pages show, by id: sitegen/reuse.py
    content = load_content(options.content, base_url, options.workers, options.cache, warm, digests)
    site = publish(content, drafts=options.drafts)
    theme = load_theme(options.templates, site.config.languages, options.cache)
    images = publish_images(_used_images(site), str(options.content.parent), options.cache)
    plans = plan_site(site)
    statics = list(static_files(theme))
    variants = sum(len(image.variants) for image in images.values())
    addresses = list(qr_addresses(site))
    cards = list(card_sources(site, theme.text))
    fonts = find_fonts() if cards else None
    keys = {**page_keys(site, plans, theme.root, images, digests), **value_keys(addresses),
            **value_keys(cards, fonts)} if previous else {}  # fmt: skip
    previous = previous or Previous(options.output)  # check: nothing to keep
    extras = [*feeds(site, theme.text), *sitemap(site, (plan.path for plan in plans)), needs_json(site),
              *_qr_codes(addresses, previous, keys)]  # fmt: skip
    kept = {plan.file for plan in plans if previous.kept(plan.file, keys.get(plan.file))}
    pages = _rendered(site, plans, theme, images, options.workers, kept)
    drawn = _drawn_cards(cards, fonts, options.cache, options.workers, (previous, keys))
    outputs = chain(pages, statics, extras, drawn, _image_outputs(images.values()))
    files = len(plans) + len(statics) + len(extras) + len(cards) + variants
    return _Prepared(content, site, theme, len(plans), len(images), files, plans,
                     outputs, keys, len(kept))  # fmt: skip


def _rendered(
    site: model.Site,
    plans: list[PagePlan],
    theme: Theme,
    images: Mapping[str, PublishedImage],
    workers: int,
    kept: set[str],
) -> Iterator[Output]:
    """Yield every page, kept (by file) or rendered on every core; then raise ContentError with every problem."""
    yield from (Output(plan.file, b"", kept=True) for plan in plans if plan.file in kept)
    fresh = [plan for plan in plans if plan.file not in kept]
    jobs = [partial(_render_run, site, run, theme, images) for run in chunks(fresh, PAGES_PER_JOB)]
    problems: list[Problem] = []
    for outputs, found in run_all(jobs, workers):
        problems += found
        yield from outputs
    if problems:
        raise ContentError(problems)


def _qr_codes(addresses: list[tuple[str, str]], previous: Previous, keys: Mapping[str, str]) -> list[Output]:
    """Return the posters' QR codes, kept from the previous build when their address is the same."""
    return [
        Output(path, b"", kept=True) if previous.kept(path, keys.get(path)) else Output(path, qr_png(url))
        for path, url in addresses
    ]


def _drawn_cards(
    sources: list[tuple[str, list[Card]]], fonts: Fonts | None, cache: Path | None, workers: int,
    keeping: tuple[Previous, Mapping[str, str]],
) -> Iterator[Output]:  # fmt: skip
    """Yield the share cards: kept from the previous build when they say the same, else drawn on every core."""
    previous, keys = keeping
    todo = []
    for path, cards in sources:
        if previous.kept(path, keys.get(path)):
            yield Output(path, b"", kept=True)
        else:
            todo.append((path, cards))
    if fonts is not None:
        jobs = [partial(draw_cards, run, fonts, cache) for run in chunks(todo, CARDS_PER_JOB)]
        for outputs in run_all(jobs, workers):
            yield from outputs


def _render_run(
    site: model.Site, plans: Sequence[PagePlan], theme: Theme, images: Mapping[str, PublishedImage]
) -> tuple[list[Output], list[Problem]]:
    """Render a run of pages: their files, or the problems found in them."""
    try:
        return list(render_pages(site, list(plans), theme, images)), []
    except ContentError as error:
        return [], error.problems


def _sources(plans: list[PagePlan], site: model.Site) -> dict[str, str]:
    """Return the content file each page shows, as shown in messages, by page file."""
    return {plan.file: _shown(source, site) for plan in plans if (source := _source_of(plan.context))}


def _source_of(context: Mapping[str, object]) -> Path | None:
    """Return the content file a page shows, if it shows one: an item's, a testimony's, a page's."""
    for key in ("item", "testimony", "page"):
        value = context.get(key)
        if isinstance(value, (model.Item, model.Testimony, model.Page)):
            return value.source
    return None


def _checked_base_url(base_url: str | None) -> str | None:
    """Return --base-url ending with '/', once checked to be an http(s) address."""
    if base_url is None:
        return None
    if not _is_http_url(base_url):
        raise SiteError(f"--base-url {base_url!r} is not an http(s) address such as https://example.org/")
    return base_url if base_url.endswith("/") else base_url + "/"


def _is_http_url(text: str) -> bool:
    """Return True for an absolute http(s) address."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _used_images(site: model.Site) -> list[tuple[model.Image, str]]:
    """Return each picture a published page shows, with the file that uses it."""
    used = [(item.image, _shown(item.source, site)) for item in site.items if item.image]
    used += [(t.photo, _shown(t.source, site)) for t in site.testimonies if t.photo]
    return used


def _shown(path: Path, site: model.Site) -> str:
    """Return a content path as shown in messages."""
    return shown_path(path, site.config.source.parent.parent)


def _image_outputs(images: Iterable[PublishedImage]) -> Iterator[Output]:
    """Yield every variant of the published pictures as files."""
    variants = (variant for image in images for variant in image.variants)
    for variant in sorted(variants, key=lambda variant: variant.path):
        yield Output(variant.path, variant.data)


def _checked_and_indexed(site: Path, cache: Path | None) -> None:
    """Check the staged site's pictures, then write its search index into it, before it is swapped in."""
    _no_metadata_left(site)
    index_site(site, cache)


def _no_metadata_left(site: Path) -> None:
    """Refuse to publish if any written picture still carries metadata: the last guard for authors' safety."""
    found = check_published(sorted((site / "images").glob("*")) if (site / "images").is_dir() else [])
    if found:
        raise OutputError("pictures still carry metadata, so nothing was published: " + "; ".join(found))
