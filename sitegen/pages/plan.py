"""Plan the pages of a site: which address gets which template with which values, in every language.

The default language is served at the root, the others under /<lang>/:

    /                          needs.html        the needs list
    /items/<slug>/             item.html
    /testimonies/              testimonies.html  the newest testimonies (LIST_SIZE to 2 x LIST_SIZE - 1)
    /testimonies/page/<n>/     testimonies.html  older ones, LIST_SIZE a page, numbered from the oldest
    /testimonies/<slug>/       testimony.html
    /categories/<slug>/        category.html
    /<page>/                   page.html
    /print/                    print.html        the needs as posters, one A4 page per category
    /404.html                  404.html
    /en/items/<slug>/          item.html         the same item, in English

Every value a page shows comes from the Site's joins, computed once, so planning
and rendering grow linearly with the content.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sitegen import addresses, model

LIST_SIZE = 50  # testimonies on each older page of their list
TESTIMONY = "testimony.html"  # a testimony's page: it shows the testimony and the items it names
LISTS = ("needs.html", "category.html", "print.html")  # the pages that list items: the needs, a category, posters


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to render: where it goes, in which language, with which template and values."""

    path: str  # the address in any language: "items/tent/" ("" for the home page, "404.html")
    template: str
    context: Mapping[str, Any]
    lang: str  # the page language
    root: str  # where that language lives: "" for the default, "en/" for English
    file: str = field(init=False)  # the file to write: "items/tent/" in English => "en/items/tent/index.html"

    def __post_init__(self) -> None:
        """Name the file to write, once: every stage asks for it."""
        object.__setattr__(
            self, "file", self.root + (self.path if self.path.endswith(".html") else f"{self.path}index.html")
        )


def plan_site(site: model.Site, before: Iterable[PagePlan] = (), items: Collection[str] = ()) -> list[PagePlan]:
    """Return every page of the site in every language, in a stable order.

    `before`: the pages as planned when only `items` (slugs) were otherwise: the page of
    a testimony that names none of them is the same, and kept rather than planned again.
    """
    kept = {
        (plan.lang, plan.path): plan
        for plan in before
        if plan.template == TESTIMONY and not any(slug in items for slug in plan.context["testimony"].items)
    }
    return [plan for lang in site.config.languages for plan in _plan_language(site, lang, kept)]


def _plan_language(site: model.Site, lang: str, kept: Mapping[tuple[str, str], PagePlan]) -> list[PagePlan]:
    """Return every page of the site in one language; a testimony's page from `kept` (by language and path) if there."""
    page = partial(PagePlan, lang=lang, root=site.config.language_root(lang))
    testimonies = (
        kept.get((lang, path)) or page(path, TESTIMONY, _testimony_context(site, t))
        for t in site.testimonies
        for path in (addresses.path_of(t),)
    )
    return [
        page("", "needs.html", _by_status(site.items)),
        *(page(addresses.path_of(item), "item.html", _item_context(site, item)) for item in site.items),
        *(page(path, "testimonies.html", values) for path, values in paged_testimonies(site.testimonies)),
        *testimonies,
        *(page(addresses.path_of(c), "category.html", _category_context(site, c)) for c in site.config.categories),
        *(page(addresses.path_of(p), "page.html", {"page": p}) for p in site.pages),
        page("print/", "print.html", {"posters": _posters(site)}),
        page("search/", "search.html", {}),  # site search (sitegen/search/)
        page("404.html", "404.html", {}),
    ]


def paged_testimonies(newest_first: tuple[model.Testimony, ...]) -> list[tuple[str, dict[str, Any]]]:
    """Split the testimonies, newest first, into the pages of their list, with the links between them.

    Pages are counted from the oldest, so that a new testimony changes the first page
    only, and an older page keeps its address and its testimonies for good: page 1
    holds the LIST_SIZE oldest. The first page, testimonies/, holds the rest of the
    newest: from LIST_SIZE up to 2 x LIST_SIZE - 1 of them (all, on a smaller site).
    """
    archived = max(0, len(newest_first) // LIST_SIZE - 1)  # full pages of the oldest
    oldest_first = newest_first[::-1]
    runs = [oldest_first[n * LIST_SIZE : (n + 1) * LIST_SIZE] for n in range(archived)]
    runs.append(oldest_first[archived * LIST_SIZE :])
    paths = [f"testimonies/page/{number}/" for number in range(1, archived + 1)] + ["testimonies/"]
    lists = []
    for number, (path, run) in enumerate(zip(paths, runs, strict=True)):
        newer = paths[number + 1] if number + 1 < len(paths) else None
        older = paths[number - 1] if number > 0 else None
        values = {"testimonies": run[::-1], "newer": newer, "older": older, "number": number + 1 if newer else None}
        lists.append((path, values))
    return lists[::-1]  # the first page first


def _posters(site: model.Site) -> list[tuple[model.Category, tuple[model.Item, ...]]]:
    """Each category with its needed items, in needs order, for one printed page each; empty ones left out."""
    return [
        (category, needed)
        for category in site.config.categories
        if (needed := tuple(i for i in site.items_by_category[category.slug] if i.status == "needed"))
    ]


def _by_status(items: tuple[model.Item, ...]) -> dict[str, tuple[model.Item, ...]]:
    """Split items, in needs order, by status: {"needed": (...), "enough": (...), ...}."""
    by_status: dict[str, list[model.Item]] = {status: [] for status in model.NEEDS_ORDER}
    for item in items:
        by_status[item.status].append(item)
    return {status: tuple(group) for status, group in by_status.items()}


def _item_context(site: model.Site, item: model.Item) -> dict[str, Any]:
    """An item, its ways to help, and the testimonies about it."""
    return dict(
        item=item,
        category=site.category_by_slug[item.category],
        testimonies=site.testimonies_by_item[item.slug],
        donate_url=item.donate or site.config.donate.url,
    )


def _testimony_context(site: model.Site, testimony: model.Testimony) -> dict[str, Any]:
    """A testimony and the items it speaks of."""
    return {"testimony": testimony, "items": tuple(site.item_by_slug[slug] for slug in testimony.items)}


def _category_context(site: model.Site, category: model.Category) -> dict[str, Any]:
    """The items of one category, in needs order, and its needed items by size."""
    items = site.items_by_category[category.slug]
    return {"category": category, **_by_status(items), "by_size": _by_size(items)}


def _by_size(items: tuple[model.Item, ...]) -> tuple[tuple[model.Localized, tuple[model.Item, ...]], ...]:
    """Group the needed items that have sizes by size, sizes in the order the items first name them."""
    groups: dict[model.Localized, list[model.Item]] = {}
    for item in items:
        if item.sizes and item.status == "needed":
            for size in item.sizes.needed:
                groups.setdefault(size, []).append(item)
    return tuple((size, tuple(found)) for size, found in groups.items())
