"""Plan the pages of a site: which address gets which template with which values.

    /                          needs.html        the needs list
    /items/<slug>/             item.html
    /testimonies/              testimonies.html
    /testimonies/<slug>/       testimony.html
    /categories/<slug>/        category.html
    /<page>/                   page.html
    /404.html                  404.html

Every value a page shows comes from the Site's joins, computed once, so planning
and rendering grow linearly with the content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import model


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to render: where it goes, with which template and values."""

    path: str  # site-relative address: "items/tent/" ("" for the home page, "404.html")
    template: str
    context: Mapping[str, Any]

    @property
    def file(self) -> str:
        """Return the file to write: "items/tent/" => "items/tent/index.html"."""
        return self.path if self.path.endswith(".html") else f"{self.path}index.html"


def path_of(target: object) -> str:
    """Return the site-relative address of a model value: an Item => "items/<slug>/"."""
    if isinstance(target, model.Item):
        return f"items/{target.slug}/"
    if isinstance(target, model.Testimony):
        return f"testimonies/{target.slug}/"
    if isinstance(target, model.Category):
        return f"categories/{target.slug}/"
    if isinstance(target, model.Page):
        return f"{target.slug}/"
    raise TypeError(f"no address for {type(target).__name__}")


def plan_site(site: model.Site) -> list[PagePlan]:
    """Return every page of the site, in a stable order."""
    return [
        _needs_list(site),
        *(_item_page(site, item) for item in site.items),
        PagePlan("testimonies/", "testimonies.html", {"testimonies": site.testimonies}),
        *(_testimony_page(site, testimony) for testimony in site.testimonies),
        *(_category_page(site, category) for category in site.config.categories),
        *(PagePlan(path_of(page), "page.html", {"page": page}) for page in site.pages),
        PagePlan("404.html", "404.html", {}),
    ]


def _needs_list(site: model.Site) -> PagePlan:
    """The home page: needed items first, then those we have enough of, then paused ones."""
    return PagePlan("", "needs.html", _by_status(site.items))


def _by_status(items: tuple[model.Item, ...]) -> dict[str, tuple[model.Item, ...]]:
    """Split items in needs order by status: {"needed": (...), "enough": (...), "paused": (...)}."""
    by_status: dict[str, list[model.Item]] = {status: [] for status in model.STATUSES}
    for item in items:
        by_status[item.status].append(item)
    return {status: tuple(group) for status, group in by_status.items()}


def _item_page(site: model.Site, item: model.Item) -> PagePlan:
    """An item, its ways to help, and the testimonies about it."""
    return PagePlan(
        path_of(item),
        "item.html",
        {
            "item": item,
            "category": site.category_by_slug[item.category],
            "testimonies": site.testimonies_by_item[item.slug],
            "donate_url": item.donate or site.config.donate.url,
        },
    )


def _testimony_page(site: model.Site, testimony: model.Testimony) -> PagePlan:
    """A testimony and the items it speaks of."""
    items = tuple(site.item_by_slug[slug] for slug in testimony.items)
    return PagePlan(path_of(testimony), "testimony.html", {"testimony": testimony, "items": items})


def _category_page(site: model.Site, category: model.Category) -> PagePlan:
    """The items of one category, in needs order."""
    context = {"category": category, **_by_status(site.items_by_category[category.slug])}
    return PagePlan(path_of(category), "category.html", context)
