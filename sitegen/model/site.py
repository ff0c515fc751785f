"""The whole Site, its content sorted and joined once: what every page is rendered from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
        ordered = tuple(sorted(items, key=needs_order))
        newest = tuple(sorted(testimonies, key=lambda t: (t.date, t.slug), reverse=True))
        by_item: dict[str, list[Testimony]] = {item.slug: [] for item in ordered}
        for testimony in newest:
            for slug in testimony.items:
                by_item[slug].append(testimony)
        by_category: dict[str, list[Item]] = {c.slug: [] for c in config.categories}
        for item in ordered:
            by_category[item.category].append(item)
        return cls(
            config=config,
            items=ordered,
            testimonies=newest,
            pages=tuple(sorted(pages, key=lambda p: (p.menu is None, p.menu or 0, p.slug))),
            item_by_slug=MappingProxyType({item.slug: item for item in ordered}),
            testimonies_by_item=MappingProxyType({k: tuple(v) for k, v in by_item.items()}),
            items_by_category=MappingProxyType({k: tuple(v) for k, v in by_category.items()}),
            category_by_slug=MappingProxyType({c.slug: c for c in config.categories}),
        )
