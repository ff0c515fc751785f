"""Markdown to safe HTML, and plain-text excerpts.

Python-Markdown renders with raw HTML switched off (it is shown as text), then
nh3 keeps only an allow-list of tags, attributes and URL schemes, and marks every
link `rel="noopener noreferrer"`. The result is `Markup`: safe to place in a page.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXCERPT_LENGTH = 200  # characters of plain text shown where a testimony is listed
_SPACES = re.compile(r"\s+")


class MarkdownRenderer:
    """Render Markdown documents one after another with one reusable parser."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._markdown.preprocessors.deregister("html_block")  # raw HTML blocks become text
        self._markdown.inlinePatterns.deregister("html")  # so do inline tags

    def render(self, text: str) -> Markup:
        """Return sanitised HTML for a Markdown text."""
        self._markdown.reset()
        return sanitise(self._markdown.convert(text))


def sanitise(fragment: str) -> Markup:
    """Keep only allowed tags, attributes and URL schemes; mark links noopener noreferrer."""
    clean = nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
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
