"""Pure parsers: one content file's text in, one model value (or None) out.

The path is used only in messages. Each parser records every problem it finds
in the shared list and returns None when the file cannot become a model value,
so that all files are checked before anything is reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitegen import model
from sitegen.content import schemas
from sitegen.content.documents import DocumentError, MappingNode, Node, Scalar, parse_yaml, split_front_matter
from sitegen.content.markup import MarkdownRenderer, excerpt
from sitegen.content.records import Record
from sitegen.content.rules import CONTROL, INVALID, Reader
from sitegen.errors import Problem

WITHDRAWN = "withdrawn"  # what parse_testimony returns for a withdrawn testimony


@dataclass(frozen=True)
class Context:
    """What every file of a site is checked against, known before any file is parsed."""

    problems: list[Problem]  # shared; every parser appends to it
    languages: tuple[str, ...]  # site languages, default first; () when site.yaml is broken
    categories: Collection[str] | None  # category slugs from site.yaml; None when site.yaml is broken
    items: Collection[str]  # item slugs, from the file names in items/
    images: Path  # content/images/
    markdown: MarkdownRenderer
    offers: Collection[str] | None = None  # ways site.yaml lets any item take: bring (a drop-off), buy (a wishlist)
    bring_to: Collection[str] = ()  # the categories that some drop-off point of site.yaml takes

    def reader(self, where: str) -> Reader:
        """Return a Reader for one file."""
        known: dict[str, Collection[str]] = {"items": self.items}
        if self.categories is not None:
            known["categories"] = self.categories
        return Reader(where, self.problems, self.languages, known, self.images)


def parse_item(text: str, slug: str, where: str, source: Path, context: Context) -> model.Item | None:
    """Parse content/items/<slug>.yaml."""
    node = read_yaml(text, where, context.problems)
    if node is None:
        return None
    reader = context.reader(where)
    fields = schemas.ITEM.read(node, reader, "")
    description = INVALID if fields is INVALID else _render(fields["description"], reader, context, text)
    ways = INVALID if fields is INVALID else _ways(fields, node, reader, context)
    sizes = INVALID if fields is INVALID else _sizes(fields["sizes"], node, reader)
    window = INVALID if fields is INVALID else _window(fields, node, reader)
    if INVALID in (description, ways, sizes, window):
        return None
    quantity, time = fields["quantity"], fields["time"]
    return model.Item(
        slug=slug,
        source=source,
        name=fields["name"],
        category=fields["category"],
        urgency=fields["urgency"],
        status=fields["status"],
        order=fields["order"],
        updated=fields["updated"],
        quantity=model.Quantity(quantity["needed"], quantity["received"]) if quantity else None,
        price=fields["price"],
        unit=fields["unit"],
        summary=fields["summary"],
        description=description,
        image=_image(fields["image"]),
        buy=tuple(shop_of(shop) for shop in fields["buy"]),
        donate=fields["donate"],
        ways=ways,
        time=model.TimeNeed(time["signup"], time["shifts"]) if time else None,
        sizes=sizes,
        window=window,
    )


def _window(fields: dict[str, Any], node: Node, reader: Reader) -> Any:
    """Return when an item is needed (None: always); a start after the end is INVALID."""
    start, end, season = fields["needed_from"], fields["needed_until"], fields["season"]
    if start and end and start > end:
        return reader.fail(
            line_of(node, "needed_until"),
            f"'needed_until' ({end.iso}) comes before 'needed_from' ({start.iso})",
            "swap them",
        )
    if not (start or end or season):
        return None
    return model.Window(start, end, (season["start"], season["end"]) if season else None)


def _sizes(fields: dict[str, Any] | None, node: Node, reader: Reader) -> Any:
    """Return an item's sizes; the most wanted must be among those needed, or they are INVALID."""
    if fields is None:
        return None
    strays = [size.values[0][1] for size in fields["wanted"] if size not in fields["needed"]]
    if strays:
        line = line_of(node, "sizes")
        hint = f"add {', '.join(strays)} to 'sizes.needed', or remove {'them' if len(strays) > 1 else 'it'}"
        return reader.fail(line, f"'sizes.wanted' lists {', '.join(strays)}, which 'sizes.needed' does not", hint)
    return model.Sizes(fields["needed"], fields["wanted"])


def _ways(fields: dict[str, Any], node: Node, reader: Reader, context: Context) -> Any:
    """Return the ways an item takes, in the order of model.WAYS; INVALID if they ask for what is not there.

    Unsaid, they are those of every item until there were more: buy (when it has shops
    or the site a wishlist), bring (when the site says where) and money; or time alone,
    for a need of people's time.
    """
    offers = context.offers if context.offers is not None else model.WAYS  # site.yaml broken: left unchecked
    bring = "bring" in offers or fields["category"] in context.bring_to
    present = {"buy": bool(fields["buy"]) or "buy" in offers, "bring": bring, "money": True}
    present["time"] = fields["time"] is not None
    if fields["ways"] is None:
        return ("time",) if present["time"] else tuple(way for way in ("buy", "bring", "money") if present[way])
    line = line_of(node, "ways")
    ways = tuple(way for way in model.WAYS if way in fields["ways"])
    failed = False
    for way in ways:
        if not present[way]:
            failed = reader.fail(line, f"'ways' lists {way}, but nothing tells donors how", _WAY_HINTS[way])
    for field in ("buy", "time"):
        if fields[field] and field not in ways:
            failed = reader.fail(
                line, f"'{field}' is given, but 'ways' does not list {field}", f"add {field} to 'ways'"
            )
    return INVALID if failed else ways


_WAY_HINTS = {
    "buy": "add the shops under 'buy', or site.yaml's 'wishlist', or remove buy from 'ways'",
    "bring": "add a drop-off point that takes its category to site.yaml's 'dropoffs', or remove bring from 'ways'",
    "time": "add 'time: {signup: https://...}', or remove time from 'ways'",
}


def line_of(node: Node, key: str) -> int:
    """Return the line of a field of a file read whole (0 when the file is not a mapping or lacks it)."""
    entry = node.entries.get(key) if isinstance(node, MappingNode) else None
    return entry.line if entry else 0


def shop_of(fields: dict[str, Any]) -> model.Shop:
    """Build a Shop from the fields of a `buy` entry or of site.yaml's `wishlist`."""
    return model.Shop(fields["label"], fields["url"], fields["wishlist"])


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
    lang = fields["lang"] or (context.languages or ("und",))[0]
    consent = _consent(fields["consent"], document[0], context.reader(where), lang)
    if consent is INVALID:
        return None
    return model.Testimony(
        slug=slug,
        source=source,
        author=fields["author"],
        items=tuple(dict.fromkeys(fields["items"])),
        date=fields["date"],
        place=fields["place"],
        lang=lang,
        consent=consent,
        quote=fields["quote"],
        photo=_image(fields["photo"]),
        body=html,
        excerpt=excerpt(html),
        draft=fields["draft"],
        reviewed_details=fields["reviewed_details"],
    )


def _consent(fields: dict[str, Any], node: Node, reader: Reader, lang: str) -> Any:
    """Return the author's consent; one that leaves out the text, or the language it is written in, is INVALID.

    Unsaid, it covers the text, the photo and the share cards, in every language:
    what every consent meant before it could say more.
    """
    covers, languages = fields["covers"] or model.COVERS, fields["languages"]
    record = node.entries["consent"].value if isinstance(node, MappingNode) else node
    if "text" not in covers:
        hint = "add text to it: a testimony is never published without its text; if the author no longer agrees to "
        hint += "that, set 'withdrawn: true'"
        return reader.fail(line_of(record, "covers"), "'consent.covers' does not list text", hint)
    if languages is not None and lang not in languages and lang != "und":  # und: site.yaml is broken
        return reader.fail(
            line_of(record, "languages"),
            f"'consent.languages' leaves out '{lang}', the language the testimony is written in",
            f"add {lang}: where no translation is published, its pages show the original; if the author agreed "
            "only to a translation, make that translation the testimony's text (with its lang), without the original",
        )
    by, how, until = fields["recorded_by"], fields["how"], fields["until"]
    return model.Consent(fields["date"], fields["review"], until, how, by, tuple(covers), languages)


def parse_translation(text: str, lang: str, where: str, source: Path, context: Context) -> model.Translation | None:
    """Parse content/testimonies/<slug>.<lang>.md: the translated quote and text."""
    read = _document(text, schemas.TRANSLATION, where, context)
    if read is None:
        return None
    fields, html = read
    quote, by, reviewed = fields["quote"], fields["translated_by"], fields["reviewed_details"]
    return model.Translation(lang, source, quote, by, html, excerpt(html), reviewed)


def parse_page(text: str, slug: str, where: str, source: Path, context: Context) -> model.Page | None:
    """Parse content/pages/<slug>.md, written in the default language."""
    read = _document(text, schemas.PAGE, where, context)
    if read is None:
        return None
    fields, html = read
    body_text = model.Localized((((context.languages or ("und",))[0], html),))
    return model.Page(slug, source, fields["title"], fields["menu"], body_text)


def parse_page_translation(text: str, where: str, context: Context) -> tuple[str, Markup] | None:
    """Parse content/pages/<slug>.<lang>.md: (title, body HTML)."""
    read = _document(text, schemas.PAGE_TRANSLATION, where, context)
    if read is None:
        return None
    fields, html = read
    return fields["title"], html


def read_yaml(text: str, where: str, problems: list[Problem]) -> Node | None:
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


def _document(text: str, schema: Record, where: str, context: Context) -> tuple[dict[str, Any], Markup] | None:
    """Read a Markdown file's front matter fields and render its body."""
    document = _front_matter(text, where, context.problems)
    return None if document is None else _fields_and_body(document, schema, where, context)


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
    return _markdown(body, reader, context, body, line)


def _markdown(
    text: str, reader: Reader, context: Context, source: str, first_line: int, field: str = ""
) -> Markup | None:
    """Render Markdown to safe HTML; control characters, refused links and pictures, absurd nesting are problems.

    `source` is the text of the file (from its line `first_line`) that holds the Markdown, to locate problems;
    when the Markdown is a YAML `field`, a problem that cannot be found in it is shown at the field's line.
    """

    key = re.search(rf"^{field}\s*:", source, re.MULTILINE) if field else None
    start = key.start() if key else 0

    def line_of(needle: str) -> int:
        at = source.find(needle, start)
        at = at if at >= 0 else start  # written with YAML escapes, say: point at the field
        return first_line + source.count("\n", 0, at)

    control = CONTROL.search(text)
    if control:
        hint = "remove it: it may come from text pasted from a PDF or a word processor"
        reader.fail(
            line_of(control.group()), f"the text holds the invisible character U+{ord(control.group()):04X}", hint
        )
        return None
    try:
        rendered = context.markdown.render(text)
    except RecursionError:  # Python-Markdown recurses once per level of nested lists or quotes
        reader.fail(first_line, "the text nests lists or quotes hundreds of levels deep", "flatten the text")
        return None
    for refused in rendered.refused:
        reader.fail(line_of(refused.written), refused.message, refused.hint)
    return None if rendered.refused else rendered.html


def _render(text: model.Localized | None, reader: Reader, context: Context, source: str) -> Any:
    """Render each language of a Markdown field of a YAML file to safe HTML; INVALID if one cannot be."""
    if text is None:
        return None
    rendered = [(lang, _markdown(value, reader, context, source, 1, "description")) for lang, value in text.values]
    html = tuple((lang, markup) for lang, markup in rendered if markup is not None)
    return model.Localized(html) if len(html) == len(rendered) else INVALID


def _image(fields: dict[str, Any] | None) -> model.Image | None:
    """Build an Image from the fields of an `image:` or `photo:` record."""
    if fields is None:
        return None
    src, path = fields["src"]
    return model.Image(src=src, path=path, alt=fields["alt"])
