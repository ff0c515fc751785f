"""Pure parsers: one content file's text in, one model value (or None) out.

The path is used only in messages. Each parser records every problem it finds
in the shared list and returns None when the file cannot become a model value,
so that all files are checked before anything is reported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import model, schemas
from .documents import DocumentError, MappingNode, Node, Scalar, parse_yaml, split_front_matter
from .errors import Problem
from .markup import MarkdownRenderer, excerpt
from .rules import INVALID, Reader, Record

WITHDRAWN = "withdrawn"  # what parse_testimony returns for a withdrawn testimony


@dataclass(frozen=True)
class Context:
    """What every file of a site is checked against, known before any file is parsed."""

    problems: list[Problem]  # shared; every parser appends to it
    languages: tuple[str, ...]  # site languages, default first
    categories: Collection[str]  # category slugs from site.yaml
    items: Collection[str]  # item slugs, from the file names in items/
    images: Path  # content/images/
    markdown: MarkdownRenderer

    def reader(self, where: str) -> Reader:
        """Return a Reader for one file."""
        known = {"categories": self.categories, "items": self.items}
        return Reader(where, self.problems, self.languages, known, self.images)


def parse_config(text: str, where: str, source: Path, problems: list[Problem]) -> model.Config | None:
    """Parse site.yaml; its languages are read first, since its texts are checked against them."""
    node = _yaml(text, where, problems)
    if node is None:
        return None
    reader = Reader(where, problems, images=None)
    languages = _languages(node, reader)
    if languages is None:
        return None
    reader.languages = languages
    fields = schemas.SITE.read(node, reader, "")
    if fields is INVALID:
        return None
    organisation, donate = fields["organisation"], fields["donate"]
    base_url = fields["base_url"] if fields["base_url"].endswith("/") else fields["base_url"] + "/"
    return model.Config(
        source=source,
        title=fields["title"],
        description=fields["description"],
        base_url=base_url,
        languages=languages,
        currency=fields["currency"],
        organisation=model.Organisation(
            name=organisation["name"],
            url=organisation["url"],
            shipping_address=organisation["shipping_address"],
            dropoff=organisation["dropoff"],
        ),
        donate=model.Donate(url=donate["url"], label=donate["label"]),
        categories=tuple(model.Category(slug, label) for slug, label in fields["categories"]),
    )


def _languages(node: Node, reader: Reader) -> tuple[str, ...] | None:
    """Read and check site.yaml's `languages` before the rest of the file."""
    if not isinstance(node, MappingNode) or "languages" not in node.entries:
        return None  # the full read reports the missing field
    entry = node.entries["languages"]
    languages = schemas.SITE.fields["languages"].rule.read(entry.value, reader, "languages")
    if languages is INVALID:
        return None
    if len(set(languages)) != len(languages):
        reader.fail(entry.line, "'languages' lists a language twice", "list each language once")
        return None
    return languages


def parse_item(text: str, slug: str, where: str, source: Path, context: Context) -> model.Item | None:
    """Parse content/items/<slug>.yaml."""
    node = _yaml(text, where, context.problems)
    if node is None:
        return None
    fields = schemas.ITEM.read(node, context.reader(where), "")
    if fields is INVALID:
        return None
    quantity = fields["quantity"]
    return model.Item(
        slug=slug,
        source=source,
        name=fields["name"],
        category=fields["category"],
        urgency=fields["urgency"],
        status=fields["status"],
        updated=fields["updated"],
        quantity=model.Quantity(quantity["needed"], quantity["received"]) if quantity else None,
        price=fields["price"],
        summary=fields["summary"],
        description=_render(fields["description"], context),
        image=_image(fields["image"]),
        buy=tuple(model.Shop(shop["label"], shop["url"]) for shop in fields["buy"]),
        donate=fields["donate"],
    )


def parse_testimony(text: str, slug: str, where: str, source: Path, context: Context) -> model.Testimony | str | None:
    """Parse content/testimonies/<slug>.md; a withdrawn one is WITHDRAWN, whatever else it holds."""
    document = _front_matter(text, where, context.problems)
    if document is None:
        return None
    if _is_withdrawn(document[0]):
        return WITHDRAWN  # withdrawal must work even when the rest of the file is broken
    read = _fields_and_body(document, schemas.TESTIMONY, where, context)
    if read is None:
        return None
    fields, html = read
    return model.Testimony(
        slug=slug,
        source=source,
        author=fields["author"],
        items=tuple(dict.fromkeys(fields["items"])),
        date=fields["date"],
        place=fields["place"],
        lang=fields["lang"] or context.languages[0],
        consent=fields["consent"]["date"],
        consent_review=fields["consent"]["review"],
        quote=fields["quote"],
        photo=_image(fields["photo"]),
        body=html,
        excerpt=excerpt(html),
        draft=fields["draft"],
    )


def parse_translation(text: str, lang: str, where: str, source: Path, context: Context) -> model.Translation | None:
    """Parse content/testimonies/<slug>.<lang>.md: the translated quote and text."""
    document = _front_matter(text, where, context.problems)
    if document is None:
        return None
    read = _fields_and_body(document, schemas.TRANSLATION, where, context)
    if read is None:
        return None
    fields, html = read
    return model.Translation(lang, source, fields["quote"], fields["translated_by"], html, excerpt(html))


def parse_page(text: str, slug: str, where: str, source: Path, context: Context) -> model.Page | None:
    """Parse content/pages/<slug>.md, written in the default language."""
    document = _front_matter(text, where, context.problems)
    if document is None:
        return None
    read = _fields_and_body(document, schemas.PAGE, where, context)
    if read is None:
        return None
    fields, html = read
    body_text = model.Localized(((context.languages[0], html),))
    return model.Page(slug, source, fields["title"], fields["menu"], body_text)


def parse_page_translation(text: str, where: str, context: Context) -> tuple[str, Markup] | None:
    """Parse content/pages/<slug>.<lang>.md: (title, body HTML)."""
    document = _front_matter(text, where, context.problems)
    if document is None:
        return None
    read = _fields_and_body(document, schemas.PAGE_TRANSLATION, where, context)
    if read is None:
        return None
    fields, html = read
    return fields["title"], html


def _yaml(text: str, where: str, problems: list[Problem]) -> Node | None:
    """Parse YAML, recording a problem instead of raising."""
    try:
        return parse_yaml(text, where)
    except DocumentError as error:
        problems.append(error.problem)
        return None


def _front_matter(text: str, where: str, problems: list[Problem]) -> tuple[Node, str, int] | None:
    """Split front matter from body, recording a problem instead of raising."""
    try:
        return split_front_matter(text, where)
    except DocumentError as error:
        problems.append(error.problem)
        return None


def _fields_and_body(
    document: tuple[Node, str, int], schema: Record, where: str, context: Context
) -> tuple[dict[str, Any], Markup] | None:
    """Read the front matter fields and render the body, reporting problems in both."""
    node, body, body_line = document
    reader = context.reader(where)
    fields = schema.read(node, reader, "")
    html = _body(body, body_line, reader, context)
    if fields is INVALID or html is None:
        return None
    return fields, html


def _is_withdrawn(node: Node) -> bool:
    """Return True when front matter says `withdrawn: true`."""
    if not isinstance(node, MappingNode) or "withdrawn" not in node.entries:
        return False
    value = node.entries["withdrawn"].value
    return isinstance(value, Scalar) and value.text.strip() == "true"


def _body(body: str, line: int, reader: Reader, context: Context) -> Any:
    """Render a Markdown body; an empty one is a problem."""
    if not body.strip():
        reader.fail(line, "the text after the front matter is empty", "write the text below the closing '---'")
        return None
    return context.markdown.render(body)


def _render(text: model.Localized | None, context: Context) -> model.Localized | None:
    """Render each language of a Markdown field to safe HTML."""
    if text is None:
        return None
    return model.Localized(tuple((lang, context.markdown.render(value)) for lang, value in text.values))


def _image(fields: dict[str, Any] | None) -> model.Image | None:
    """Build an Image from the fields of an `image:` or `photo:` record."""
    if fields is None:
        return None
    src, path = fields["src"]
    return model.Image(src=src, path=path, alt=fields["alt"])
