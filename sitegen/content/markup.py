"""Markdown to safe HTML, and plain-text excerpts.

Python-Markdown renders with raw HTML switched off (it is shown as text) and
tables on (a column's alignment becomes a class, as the pages' policy refuses
inline styles; a table takes the keyboard's focus, to scroll when it is wide),
then nh3 keeps only an allow-list of tags, attributes and URL schemes, and
marks every link `rel="noopener noreferrer"`. The result is `Markup`: safe to
place in a page.

What a text asks for and will not get (a `javascript:` link, a link out of the
site's folder, a picture) is returned as `Refused`, so the volunteer is told
instead of finding it silently gone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# A table's cells may carry the class of their column's alignment (an inline style is refused by the
# pages' policy), and a table tabindex="0": a wide one scrolls inside itself, and the keyboard must reach it.
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "table": {"tabindex"}, "th": {"class"}, "td": {"class"}}
ALIGNMENTS = {"left": "align-start", "center": "align-center", "right": "align-end"}
_ALLOWED_VALUES = {"class": frozenset(ALIGNMENTS.values()), "tabindex": frozenset({"0"})}
URL_SCHEMES = {"http", "https", "mailto"}
EXCERPT_LENGTH = 200  # characters of plain text shown where a testimony is listed
_SPACES = re.compile(r"\s+")


_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a URL scheme
# The <a> and <img> start tags of Python-Markdown's output, which escapes every '<' and '>' of
# text and attribute values: no '>' can end a tag early, no '<' can start one in text.
_LINK_OR_PICTURE = re.compile(r"<(?:a|img)\b[^>]*>")


@dataclass(frozen=True, slots=True)
class Refused:
    """Something a Markdown text asked for that will not be published."""

    message: str  # what is wrong
    hint: str  # how to fix it
    written: str  # the address as the text holds it, to find its line


@dataclass(frozen=True, slots=True)
class Rendered:
    """A Markdown text as safe HTML, and what it asked for that was refused."""

    html: Markup
    refused: tuple[Refused, ...]


class MarkdownRenderer:
    """Render Markdown documents one after another, reusing one parser per set of inline patterns."""

    def __init__(self, base_path: str = "/") -> None:
        self._parsers: dict[frozenset[str], markdown.Markdown] = {}  # patterns left out => parser
        self.base_path = base_path  # "/project/" when the site lives under a sub-path

    def render(self, text: str) -> Rendered:
        """Return sanitised HTML for a Markdown text, and what in it was refused."""
        parser = self._parser(_unused_patterns(text))
        parser.reset()
        converted = parser.convert(text)
        return Rendered(sanitise(converted, self.base_path), tuple(refusals(converted)))

    def _parser(self, unused: frozenset[str]) -> markdown.Markdown:
        """Return the parser without the inline patterns `unused`, made on first use."""
        parser = self._parsers.get(unused)
        if parser is None:
            parser = self._parsers[unused] = _new_parser(unused)
        return parser


# Python-Markdown tries every inline pattern on every run of text; a pattern that needs something
# the whole text lacks can never change the output, so leaving it out changes nothing but the time.
# A pattern is kept when the text holds any of its needs; patterns not listed are always kept.
_PATTERN_NEEDS = {
    "backtick": ("`",), "escape": ("\\",), "entity": ("&",), "em_strong": ("*", "_"),
    "link": ("[",), "image_link": ("[",), "autolink": ("<",), "automail": ("<",),
    # these find only what a definition "[id]: address" names, and a text without "]:" has none
    "reference": ("]:",), "short_reference": ("]:",), "image_reference": ("]:",), "short_image_ref": ("]:",),
}  # fmt: skip
_REMOVED = ("\x02", "\x03")  # Python-Markdown removes these first, which can join "]" and ":"


def _unused_patterns(text: str) -> frozenset[str]:
    """Return the inline patterns that cannot change a text's HTML: no '`' in it => backtick."""
    if any(char in text for char in _REMOVED):
        return frozenset()
    return frozenset(name for name, needs in _PATTERN_NEEDS.items() if not any(need in text for need in needs))


class _Tables(Treeprocessor):
    """Make every table reachable by keyboard; turn a cell's align="right" into class="align-end".

    Start and end, not left and right: a table follows its text's direction, right-to-left included.
    """

    def run(self, root: Element) -> None:
        """Mark the tables and replace the align attribute of every header and data cell."""
        for element in root.iter():
            if element.tag == "table":
                element.set("tabindex", "0")
            elif element.tag in ("th", "td"):
                align = element.attrib.pop("align", None)
                if align in ALIGNMENTS:
                    element.set("class", ALIGNMENTS[align])


def _new_parser(unused: frozenset[str]) -> markdown.Markdown:
    """Return a parser with raw HTML switched off and the inline patterns `unused` left out."""
    tables = TableExtension(use_align_attribute=True)
    # extensions given as objects: a name makes Python-Markdown look it up among every installed package's entry points
    parser = markdown.Markdown(extensions=[SaneListExtension(), tables], output_format="html")
    parser.treeprocessors.register(_Tables(parser), "tables_marked", 5)  # after inline, before unescape
    parser.preprocessors.deregister("html_block")  # raw HTML blocks become text
    parser.inlinePatterns.deregister("html")  # so do inline tags
    for name in unused:
        parser.inlinePatterns.deregister(name, strict=False)  # one a later version renamed stays in
    return parser


def refusals(converted: str) -> list[Refused]:
    """Return the links and pictures of Python-Markdown's output that the site will not publish."""
    found = _Addresses()
    found.feed("".join(_LINK_OR_PICTURE.findall(converted)))  # the rest of the page holds no address
    picture_hint = "use the item's 'image' or the testimony's 'photo'"
    refused = [Refused(f"the picture '{src}' cannot be shown in the text", picture_hint, src) for src in found.pictures]
    for href in found.links:
        problem = link_problem(href)
        if problem:
            refused.append(Refused(f"the link '{href}' {problem}", _LINK_HINT, href))
    return refused


_LINK_HINT = (
    "links start with https://, http:// or mailto:, or lead to a page of this site from its root, like /items/tente/"
)


def link_problem(href: str) -> str | None:
    """Say what is wrong with a link's address, or return None: javascript:x => 'uses ...'."""
    bare = _CONTROLS.sub("", href).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", bare)
    if scheme:
        return None if scheme.group(1) in URL_SCHEMES else f"uses '{scheme.group(1)}:', which is not allowed"
    if bare.startswith("//") or "\\" in bare:
        return "leaves the site without saying https://"
    if ".." in unquote(bare).split("/"):
        return "uses '..', which can lead out of the site"
    return None


class _Addresses(HTMLParser):
    """Collect the link targets and picture sources of an HTML fragment, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.pictures: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a's href and img's src."""
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if tag == "img":
            self.pictures.append(values.get("src") or "")


def sanitise(fragment: str, base_path: str = "/") -> Markup:
    """Keep only allowed tags, attributes and URL schemes; mark links noopener noreferrer.

    Links from the site's root ("/items/tente/") gain the site's sub-path ("/project/items/tente/").
    """

    def safe_attribute(element: str, attribute: str, value: str) -> str | None:
        if attribute in _ALLOWED_VALUES:
            return value if value in _ALLOWED_VALUES[attribute] else None
        if attribute != "href":
            return value
        if link_problem(value):
            return None  # '//host' and '..' leave the site sideways; nh3 removes bad schemes itself
        return base_path + value[1:] if value.startswith("/") else value

    clean = nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=safe_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


def excerpt(fragment: str, length: int = EXCERPT_LENGTH) -> str:
    """Return the opening words of an HTML fragment as plain text, cut at a word: 'The tent…'."""
    text = _SPACES.sub(" ", html.unescape(nh3.clean(fragment, tags=set()))).strip()
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
