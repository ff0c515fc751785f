"""The whole Site, its content sorted and joined once: what every page is rendered from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from sitegen.model.content import Item, Page, Testimony
from sitegen.model.settings import Category, Config
from sitegen.model.values import NEEDS_ORDER, URGENCIES


def needs_order(item: Item) -> tuple[int, int, bool, int, str, str]:
    """Sort key for the needs list, the same in every language.

    Needed before enough and paused, then by urgency; within an urgency, the items
    given an `order` first (1, 2, 3...), then the others by their name in the
    default language.
    """
    name = item.name.values[0][1].casefold()
    order = (item.order is None, item.order or 0)
    return (NEEDS_ORDER.index(item.status), URGENCIES.index(item.urgency), *order, name, item.slug)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything that is published, joined once."""

    config: Config
    items: tuple[Item, ...]  # in needs order
    testimonies: tuple[Testimony, ...]  # newest first
    pages: tuple[Page, ...]  # in menu order, then slug
    item_by_slug: Mapping[str, Item]
    testimonies_by_item: Mapping[str, tuple[Testimony, ...]]  # newest first
    items_by_category: Mapping[str, tuple[Item, ...]]  # in needs order
    category_by_slug: Mapping[str, Category]

    @classmethod
    def assemble(
        cls,
        config: Config,
        items: list[Item],
        testimonies: list[Testimony],
        pages: list[Page],
    ) -> Site:
        """Sort the content and compute every join in one pass over each collection."""
        ordered, by_slug, by_category = _item_joins(config, items)
        newest = tuple(sorted(testimonies, key=lambda t: (t.date, t.slug), reverse=True))
        by_item: dict[str, list[Testimony]] = {item.slug: [] for item in ordered}
        for testimony in newest:
            for slug in testimony.items:
                by_item[slug].append(testimony)
        return cls(
            config=config,
            items=ordered,
            testimonies=newest,
            pages=tuple(sorted(pages, key=lambda p: (p.menu is None, p.menu or 0, p.slug))),
            item_by_slug=by_slug,
            testimonies_by_item=MappingProxyType({k: tuple(v) for k, v in by_item.items()}),
            items_by_category=by_category,
            category_by_slug=MappingProxyType({c.slug: c for c in config.categories}),
        )

    def with_items(self, items: list[Item]) -> Site:
        """Return the site with these items for its own, of the same slugs: its testimonies and their joins kept."""
        ordered, by_slug, by_category = _item_joins(self.config, items)
        by_item = MappingProxyType({item.slug: self.testimonies_by_item[item.slug] for item in ordered})
        return replace(
            self, items=ordered, item_by_slug=by_slug, testimonies_by_item=by_item, items_by_category=by_category
        )


def _item_joins(
    config: Config, items: list[Item]
) -> tuple[tuple[Item, ...], Mapping[str, Item], Mapping[str, tuple[Item, ...]]]:
    """Return the items in needs order, by slug, and by category in needs order."""
    ordered = tuple(sorted(items, key=needs_order))
    by_category: dict[str, list[Item]] = {c.slug: [] for c in config.categories}
    for item in ordered:
        by_category[item.category].append(item)
    by_slug = MappingProxyType({item.slug: item for item in ordered})
    return ordered, by_slug, MappingProxyType({k: tuple(v) for k, v in by_category.items()})
