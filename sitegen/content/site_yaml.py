"""Parse content/site.yaml into the site's Config: its languages first, since its texts are checked against them.

languages: [fr, en]          the published languages, the default first
draft_languages: [fa]        languages being translated: read and checked, published with --drafts
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.content import colours, schemas
from sitegen.content.documents import MappingNode, Node
from sitegen.content.formats import newer_format
from sitegen.content.parse import line_of, read_yaml, shop_of
from sitegen.content.rules import INVALID, Reader
from sitegen.errors import Problem


def parse_config(text: str, where: str, source: Path, problems: list[Problem]) -> model.Config | None:
    """Parse site.yaml; its languages are read first, since its texts are checked against them."""
    node = read_yaml(text, where, problems)
    if node is None or _newer_format(node, where, problems):
        return None
    languages = _languages(node, where, "languages")
    written = (*languages, *(_languages(node, where, "draft_languages") or ())) if languages else ()
    known = {"categories": _category_slugs(node)}  # what do_not_send may name
    images = source.parent / "images"  # where brand.logo is, checked there
    reader = Reader(where, problems, written, known, images)  # (): texts in any language, unchecked
    fields = schemas.SITE.read(node, reader, "")
    if fields is INVALID or _backwards_closures(fields["dropoffs"], node, reader):
        return None
    if _published_drafts(fields, node, reader):
        return None
    _unreadable_colours(fields["brand"], node, reader)  # the site can still be read: its other files are checked
    organisation, donate = fields["organisation"], fields["donate"]
    base_url = fields["base_url"] if fields["base_url"].endswith("/") else fields["base_url"] + "/"
    return model.Config(
        source=source,
        title=fields["title"],
        description=fields["description"],
        base_url=base_url,
        languages=fields["languages"],
        draft_languages=fields["draft_languages"],
        currency=fields["currency"],
        organisation=model.Organisation(
            name=organisation["name"],
            url=organisation["url"],
            shipping_address=organisation["shipping_address"],
            dropoff=organisation["dropoff"],
        ),
        donate=model.Donate(url=donate["url"], label=donate["label"]),
        wishlist=shop_of(fields["wishlist"]) if fields["wishlist"] else None,
        contact=model.Contact(fields["contact"]["email"], fields["contact"]["phone"]) if fields["contact"] else None,
        categories=tuple(model.Category(slug, label) for slug, label in fields["categories"]),
        do_not_send=tuple(model.Unwanted(entry["text"], entry["category"]) for entry in fields["do_not_send"]),
        dropoffs=tuple(_dropoff(point) for point in fields["dropoffs"]),
        editing=model.Editing(**fields["editing"]) if fields["editing"] else None,
        brand=_brand(fields["brand"]),
        format=fields["format"],
    )


def _languages(node: Node, where: str, name: str) -> tuple[str, ...] | None:
    """Peek at site.yaml's `languages` or `draft_languages`, which its texts are checked against.

    The full read reports their problems.
    """
    if not isinstance(node, MappingNode) or name not in node.entries:
        return None
    rule = schemas.SITE.fields[name].rule
    languages = rule.read(node.entries[name].value, Reader(where, []), name)
    return None if languages is INVALID else languages


def _newer_format(node: Node, where: str, problems: list[Problem]) -> bool:
    """Record the one problem of content written for a newer format (whose fields this version may not know)."""
    if not isinstance(node, MappingNode) or "format" not in node.entries:
        return False
    entry = node.entries["format"].value
    found = schemas.SITE.fields["format"].rule.read(entry, Reader(where, []), "format")
    newer = None if found is INVALID else newer_format(found, where, entry.line)
    problems += [newer] if newer else []
    return newer is not None


def _brand(fields: dict[str, Any] | None) -> model.Brand:
    """Build the brand from its fields: the logo by its name under content/images/, where it was found."""
    if not fields:
        return model.Brand()
    return model.Brand(**{**fields, "logo": fields["logo"][0] if fields["logo"] else None})


def _published_drafts(fields: dict[str, Any], node: Node, reader: Reader) -> bool:
    """Record a problem for a language both published and in preparation; return True if there is one."""
    both = [code for code in fields["draft_languages"] if code in fields["languages"]]
    for code in both:
        line = line_of(node, "draft_languages")
        reader.fail(line, f"'{code}' is in both languages and draft_languages", "remove it from draft_languages")
    return bool(both)


def _unreadable_colours(brand: dict[str, Any] | None, node: Node, reader: Reader) -> None:
    """Record a problem for each colour of `brand:` too faint or too dark to read in its mode, at its line."""
    for name, mode in (("accent", colours.LIGHT), ("accent_dark", colours.DARK)):
        found = colours.unreadable(f"brand.{name}", brand[name], mode) if brand and brand[name] else None
        if found and isinstance(node, MappingNode):
            reader.fail(line_of(node.entries["brand"].value, name), *found)


def _backwards_closures(points: tuple[dict[str, Any], ...], node: Node, reader: Reader) -> bool:
    """Record a problem for each closure that ends before it starts; return True if there is one."""
    line = line_of(node, "dropoffs")
    found = False
    for n, point in enumerate(points, 1):
        for m, closure in enumerate(point["closures"], 1):
            if closure["start"] > closure["end"]:
                name = f"dropoffs[{n}].closures[{m}]"
                reader.fail(line, f"'{name}' ends ({closure['end'].iso}) before it starts", "swap start and end")
                found = True
    return found


def _dropoff(fields: dict[str, Any]) -> model.DropOff:
    """Build a drop-off point from its fields in site.yaml."""
    closures = tuple(model.Closure(c["start"], c["end"], c["reason"]) for c in fields["closures"])
    return model.DropOff(fields["name"], fields["address"], fields["hours"], fields["categories"], closures)


def _category_slugs(node: Node) -> frozenset[str]:
    """Peek at the slugs of site.yaml's `categories`, which do_not_send refers to; the full read reports problems."""
    if isinstance(node, MappingNode) and "categories" in node.entries:
        categories = node.entries["categories"].value
        if isinstance(categories, MappingNode):
            return frozenset(categories.entries)
    return frozenset()
