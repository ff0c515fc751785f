"""A testimony or an item saved again in the preview: patched into the last update, without reading everything again.

The preview knows which files a save changed (sitegen/serve.py). When they are
testimonies the last update read (an original or a translation, saved again and
still there), and each stays what orders and joins the site (published, its date,
its items, its photo, its share cards or none), the new site is the last one with
the testimony in its place: the same order, the same pages, the same files. Then
only the pages whose values hold it are rendered again (its own, its items', the
page of the list that shows it), with its share cards, and the feeds when it is
among their newest; every other file stays as the last update wrote it. A problem
in the file, or any other change (a file added, deleted or renamed, site.yaml,
the theme, a picture), and nothing is patched: the preview reads the whole site
again (build.update_preview), which says what is wrong.

Items saved again (and nothing else) are read alone too, and the site is assembled
and planned again from what the last update read: an item moves in the needs order,
changes category or urgency freely (not whether it is needed: the posters' QR
codes would change). The pages and share cards whose keys changed
are made again (kept_pages.py: a page's key covers the items it read), with the
feeds and needs.json (the sitemap lists the same pages, sorted); an item that names
another picture is left to a whole update, which publishes it.

A patch gives what a whole update would, byte for byte: tests/test_preview_patch.py
saves testimonies and items every way and compares the preview with a build from nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from sitegen import model
from sitegen.content.files import FileMemory, Source, read_text
from sitegen.content.load import Content, published_items, published_testimonies, reading_context
from sitegen.content.parse import Context, parse_item, parse_testimony, parse_translation
from sitegen.errors import ContentError, shown_path
from sitegen.feeds.atom import TESTIMONIES_IN_FEED, feeds
from sitegen.feeds.needs_json import needs_json
from sitegen.incremental.kept_pages import Keys, PageKeys, changed_reads, forget_pages, value_keys
from sitegen.incremental.preview_memory import PreviewMemory
from sitegen.incremental.sweep import sweep, used_by
from sitegen.output import Output, Written, update_site
from sitegen.pages.helpers import Fragments
from sitegen.pages.plan import LISTS, PagePlan, plan_site
from sitegen.pages.render import render_pages
from sitegen.pages.theme import Theme
from sitegen.pictures.card_layout import Card
from sitegen.pictures.cards import card_sources, draw_cards
from sitegen.pictures.fonts import Fonts
from sitegen.pictures.logo import logo_of
from sitegen.pictures.publish import PublishedImage
from sitegen.pictures.qr_codes import qr_addresses

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Built:
    """What the last whole update of the preview was made of, indexed for the saves that follow to patch."""

    content: Content  # every valid file, drafts included
    site: model.Site  # what is published
    theme: Theme
    images: Mapping[str, PublishedImage]
    plans: tuple[PagePlan, ...]
    keys: Keys  # what each file is made from (kept_pages.py): what a whole update keeps files by
    fonts: Fonts | None  # what share cards are drawn with; None without cards
    context: Context  # what a testimony is read against (content.load.reading_context)
    holding: Mapping[str, tuple[int, ...]]  # testimony slug -> the plans whose values hold it
    sources: Mapping[str, str]  # each testimony file read, as an absolute path -> its testimony's slug
    item_sources: Mapping[str, int]  # each item file read, as an absolute path -> its place in content.items
    places: Mapping[str, tuple[int, int | None]]  # testimony slug -> where it is in content, and in the site if shown
    fragments: Fragments  # what once() made for the pages patched in since: kept from one save to the next

    @classmethod
    def of(
        cls,
        folder: Path,
        content: Content,
        site: model.Site,
        theme: Theme,
        images: Mapping[str, PublishedImage],
        plans: list[PagePlan],
        keys: Keys,
        fonts: Fonts | None,
        fragments: Fragments | None = None,
    ) -> Built:
        """Return what a whole update of the content in `folder` made, once it is written; `fragments`: kept ones."""
        items = {item.slug for item in content.items}  # every item file, since an update succeeds only without problems
        context = reading_context(folder, content.config, items, [])
        files = [(t.source, t.slug) for t in content.testimonies]
        files += [(translation.source, t.slug) for t in content.testimonies for translation in t.translations]
        holding: dict[str, list[int]] = defaultdict(list)
        for number, plan in enumerate(plans):
            for slug in dict.fromkeys(t.slug for t in _testimonies_in(plan.context)):
                holding[slug].append(number)
        shown = MappingProxyType({slug: tuple(numbers) for slug, numbers in holding.items()})
        sources = MappingProxyType({os.path.abspath(path): slug for path, slug in files})
        published = {t.slug: number for number, t in enumerate(site.testimonies)}
        places = MappingProxyType({t.slug: (n, published.get(t.slug)) for n, t in enumerate(content.testimonies)})
        item_files = MappingProxyType({os.path.abspath(item.source): n for n, item in enumerate(content.items)})
        indexes = (shown, sources, item_files, places)
        made = fragments if fragments is not None else Fragments()
        return cls(content, site, theme, images, tuple(plans), keys, fonts, context, *indexes, made)


@dataclass(frozen=True, slots=True)
class Patch:
    """Saves patched in: the model they make, and the files to write again (all among the last update's)."""

    built: Built
    outputs: list[Output]
    rendered: int  # pages rendered again; the others are kept as they are
    slugs: tuple[str, ...]  # the testimonies patched in


@dataclass(frozen=True, slots=True)
class Patched:
    """What patching the preview did, for its report: the site now, its pages and pictures, what was written, kept."""

    site: model.Site
    pages: int
    images: int
    written: Written
    kept: int  # pages kept as they were


def patch_preview(
    memory: PreviewMemory,
    changed: Collection[str],
    output: Path,
    drafts: bool,
    today: datetime.date,
    cache: Path | None,
) -> Patched | None:
    """Patch testimonies or items saved again into the preview's folder, writing the files they change; None if not."""
    if memory.built is None or memory.made is None or memory.unsure:
        return None
    patch = patched(memory.built, changed, memory, drafts, today, cache)
    if patch is None:
        return None
    forget_pages(cache, output)  # its keys are the memory's now, until the next whole update
    written = memory.writing(partial(update_site, patch.outputs, output, keep="", some=True))  # nothing removed
    memory.built = patch.built
    memory.forget_parses(patch.slugs)
    pages = len(patch.built.plans)
    return Patched(patch.built.site, pages, len(patch.built.images), written, pages - patch.rendered)


def edited(built: Built | None, changed: Collection[str]) -> list[object] | None:
    """Return the testimonies, or else the items, whose files are all that changed, saved again; None for any other."""
    if built is None:
        return None
    return _saved(built.sources, changed) or _saved(built.item_sources, changed)


def _saved(sources: Mapping[str, _T], changed: Collection[str]) -> list[_T] | None:
    """Return what the files changed are, each once, when `sources` knows them all and they are still there."""
    found: dict[_T, None] = {}
    for path in changed:
        known = sources.get(os.path.abspath(path))
        if known is None or not os.path.isfile(path):
            return None
        found[known] = None
    return list(found) or None


def patched(
    built: Built, changed: Collection[str], memory: FileMemory, drafts: bool, today: datetime.date, cache: Path | None
) -> Patch | None:
    """Return the saves of testimonies or items patched into what the last update made; None when they cannot be."""
    slugs = _saved(built.sources, changed)
    if slugs is None:
        places = _saved(built.item_sources, changed)
        return None if places is None else _items_patched(built, places, memory, today, cache)
    for slug in slugs:
        step = _patched_one(built, slug, memory, drafts, today)
        if step is None:
            return None
        built = step
    numbers = sorted({number for slug in slugs for number in built.holding.get(slug, ())})
    plans = [built.plans[number] for number in numbers]
    keys = Keys(PageKeys(built.site, plans, built.theme, built.images), dict(built.keys.files), dict(built.keys.reads))
    outputs = list(_made_again(built, plans, slugs, cache, keys))
    return Patch(dataclasses.replace(built, keys=keys), outputs, len(numbers), tuple(slugs))


def _items_patched(
    built: Built, places: list[int], memory: FileMemory, today: datetime.date, cache: Path | None
) -> Patch | None:
    """Return items saved again (at these places in content.items) patched in; None when they cannot be."""
    items, saved = list(built.content.items), []
    for place in places:
        read = _item_again(items[place], built.context, memory)
        if read is None or read.image != items[place].image:
            return None  # a problem, or a picture to publish: a whole update says or does it
        items[place] = read
        saved.append(read.slug)
    content = dataclasses.replace(built.content, items=tuple(items))
    site = published_items(built.site, content.items, today)  # its settings and testimonies as they were
    plans = plan_site(site, built.plans, saved)  # the testimonies' pages that name none of them kept
    files, before = [plan.file for plan in plans], [plan.file for plan in built.plans]
    if (files != before and sorted(files) != sorted(before)) or _codes(site) != _codes(built.site):
        return None  # a page, or a QR code on the posters, more or less: a whole update
    pages = PageKeys(site, plans, built.theme, built.images)
    changed = changed_reads(built.site, site, [*_items(built.site, saved), *_items(site, saved)])
    built.fragments.forget(changed)
    fresh = _changed(built, plans, changed)
    alone = dataclasses.replace(site, items=_items(site, saved), testimonies=())  # a testimony's cards show no item
    cards = list(card_sources(alone, built.theme.text, logo_of(built.images)))
    card_keys = value_keys(cards, built.fonts)
    redrawn = [(path, card) for path, card in cards if card_keys[path] != built.keys.files.get(path)]
    keys = Keys(pages, {**built.keys.files, **card_keys}, dict(built.keys.reads))
    outputs = list(keys.keyed(render_pages(site, fresh, built.theme, built.images, built.fragments)))
    outputs += draw_cards(redrawn, built.fonts, cache) if redrawn and built.fonts is not None else []
    outputs += [*feeds(site, built.theme.text), needs_json(site)]
    if files == before:  # the pages in the same order: what indexes them still holds
        patch = dataclasses.replace(built, content=content, site=site, plans=tuple(plans), keys=keys)
    else:
        folder = built.context.images.parent  # content/
        fragments = built.fragments  # still right: what changed is forgotten
        patch = Built.of(folder, content, site, built.theme, built.images, plans, keys, built.fonts, fragments)
    return Patch(patch, outputs, len(fresh), ())


def _changed(built: Built, plans: list[PagePlan], changed: set[str]) -> list[PagePlan]:
    """Return the pages items saved again change: those whose own values changed, and those that read what did."""
    before = {plan.file: plan.context for plan in built.plans}
    reads = built.keys.reads
    return [
        plan
        for plan in plans
        if plan.context != before.get(plan.file) or plan.file not in reads or not changed.isdisjoint(reads[plan.file])
    ]


def _items(site: model.Site, slugs: list[str]) -> tuple[model.Item, ...]:
    """Return the items of the site with these slugs."""
    return tuple(site.item_by_slug[slug] for slug in slugs)


def _codes(site: model.Site) -> set[str]:
    """Return the posters' QR codes: one for each needed item, in every language."""
    return {path for path, _ in qr_addresses(site)}


def _item_again(before: model.Item, context: Context, memory: FileMemory) -> model.Item | None:
    """Return an item's file read and parsed again as a whole update does; None on any problem."""
    context = dataclasses.replace(context, problems=[])
    text, where = _text_again(before.source, before.slug, None, context, memory)
    parsed = parse_item(text, before.slug, where, before.source, context) if text is not None else None
    return parsed if parsed is not None and not context.problems else None


def _text_again(
    path: Path, slug: str, lang: str | None, context: Context, memory: FileMemory
) -> tuple[str | None, str]:
    """Return a content file's text read again, its problems added to the context's, and the path it is shown by."""
    where = shown_path(path, context.images.parent.parent)  # content/images => the folder content/ is shown from
    return read_text(Source(path, where, slug, lang), context.problems, memory), where


def warm(built: Built) -> None:
    """Render the pages that list items, between saves, for their fragments: the first item saved reuses them too."""
    plans = [plan for plan in built.plans if plan.template in LISTS]
    with contextlib.suppress(ContentError):  # the update that made these pages said so already
        for _ in render_pages(built.site, plans, built.theme, built.images, built.fragments):
            pass


def tidy(built: Built, cache: Path | None) -> None:
    """Sweep the cache of what saves patched in no longer use (a testimony's former cards), as a whole update does."""
    cards = list(card_sources(built.site, built.theme.text, logo_of(built.images)))
    sweep(cache, used_by(built.images.values(), cards, built.fonts, built.theme))


def _patched_one(built: Built, slug: str, memory: FileMemory, drafts: bool, today: datetime.date) -> Built | None:
    """Return the model with one testimony read again and swapped in; None if it cannot be patched."""
    known, place = built.places[slug]
    before = built.content.testimonies[known]
    read = _read_again(before, built.context, memory)
    old = built.site.testimonies[place] if place is not None else None
    shown = published_testimonies([read], drafts=drafts, today=today) if read else []
    if read is None or old is None or place is None or not shown or _joins(shown[0]) != _joins(old):
        return None  # it was not published, is no longer, or moves in the site: a whole update places it
    new = shown[0]
    content = dataclasses.replace(built.content, testimonies=_put(built.content.testimonies, known, read))
    site = _site_with(built.site, old, new, place)
    plans = list(built.plans)
    for number in built.holding.get(slug, ()):
        plan = plans[number]
        plans[number] = dataclasses.replace(plan, context=_swapped(plan.context, old, new))
    cards = value_keys(_cards_of(site, new, built), built.fonts)  # its pages' keys: once rendered (patched)
    keys = Keys(None, {**built.keys.files, **cards}, built.keys.reads)
    return dataclasses.replace(built, content=content, site=site, plans=tuple(plans), keys=keys)


def _read_again(before: model.Testimony, context: Context, memory: FileMemory) -> model.Testimony | None:
    """Read a testimony's files again as a whole update does, translations merged in; None on any problem."""
    context = dataclasses.replace(context, problems=[])
    text, where = _text_again(before.source, before.slug, None, context, memory)
    parsed = parse_testimony(text, before.slug, where, before.source, context) if text is not None else None
    if not isinstance(parsed, model.Testimony):
        return None
    translations = []
    for old in before.translations:
        if old.lang == parsed.lang or old.lang not in context.languages:
            return None  # a whole update says what is wrong with it
        text, where = _text_again(old.source, before.slug, old.lang, context, memory)
        translation = parse_translation(text, old.lang, where, old.source, context) if text is not None else None
        translations += [translation] if translation else []
    if context.problems:
        return None
    order = {lang: number for number, lang in enumerate(context.languages)}
    ordered = tuple(sorted(translations, key=lambda t: (order.get(t.lang, len(order)), t.lang)))
    return parsed if ordered == parsed.translations else dataclasses.replace(parsed, translations=ordered)


def _joins(testimony: model.Testimony) -> tuple[object, ...]:
    """Return what places a testimony in the site, and its files: its order, its items, its photo, its cards."""
    return testimony.date, testimony.items, testimony.photo, testimony.has_share_card


def _site_with(site: model.Site, old: model.Testimony, new: model.Testimony, place: int) -> model.Site:
    """Return the site with a testimony in the place of another (at `place`) that sorts and joins the same."""
    by_item = dict(site.testimonies_by_item)
    for item in old.items:
        by_item[item] = _swapped(by_item[item], old, new)
    testimonies = _put(site.testimonies, place, new)
    return dataclasses.replace(site, testimonies=testimonies, testimonies_by_item=MappingProxyType(by_item))


def _put(values: tuple[_T, ...], place: int, value: _T) -> tuple[_T, ...]:
    """Return a tuple with another value at one place."""
    return (*values[:place], value, *values[place + 1 :])


def _made_again(
    built: Built, plans: list[PagePlan], slugs: list[str], cache: Path | None, keys: Keys
) -> Iterator[Output]:
    """Yield the files that show testimonies patched in: their pages (keyed), their share cards, the feeds if listed."""
    yield from keys.keyed(render_pages(built.site, plans, built.theme, built.images, built.fragments))
    places = [place for slug in slugs if (place := built.places[slug][1]) is not None]  # all shown, once patched
    for place in places:
        cards = _cards_of(built.site, built.site.testimonies[place], built)
        if cards and built.fonts is not None:
            yield from draw_cards(cards, built.fonts, cache)
    if any(place < TESTIMONIES_IN_FEED for place in places):  # the newest, which the feeds list
        yield from feeds(built.site, built.theme.text)


def _cards_of(site: model.Site, testimony: model.Testimony, built: Built) -> list[tuple[str, list[Card]]]:
    """Return the share cards of one testimony, as card_sources gives them for the whole site."""
    alone = dataclasses.replace(site, items=(), testimonies=(testimony,))
    return list(card_sources(alone, built.theme.text, logo_of(built.images)))


def _swapped(value: Any, old: object, new: object) -> Any:
    """Return a page's value with `old` in it replaced by `new`: in its tuples, lists and mappings too."""
    if value is old:
        return new
    if isinstance(value, (tuple, list)):
        return type(value)(_swapped(member, old, new) for member in value)
    if isinstance(value, Mapping):
        return {name: _swapped(member, old, new) for name, member in value.items()}
    return value


def _testimonies_in(value: object) -> Iterator[model.Testimony]:
    """Yield the testimonies a page's value holds: itself, or in the tuples, lists and mappings it is made of."""
    if isinstance(value, model.Testimony):
        yield value
    elif isinstance(value, (tuple, list)):
        for member in value:
            yield from _testimonies_in(member)
    elif isinstance(value, Mapping):
        for member in value.values():
            yield from _testimonies_in(member)
