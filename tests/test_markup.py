"""Markdown renders to safe HTML: no raw HTML, no scripts, outbound links marked."""

from __future__ import annotations

import pytest

from sitegen.markup import MarkdownRenderer, excerpt, sanitise


@pytest.fixture(scope="module")
def render():
    """Return a Markdown renderer's render method."""
    return MarkdownRenderer().render


def test_renders_emphasis_lists_and_links(render):
    html = render("*em* **strong**\n\n- one\n- two\n\n[shop](https://shop.example.com/)")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://shop.example.com/" rel="noopener noreferrer">shop</a>' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src='https://evil.example'></iframe>",
        "<style>body{display:none}</style>",
        "<form action='https://evil.example'><input></form>",
        "<svg onload=alert(1)></svg>",
        "<div>\n<script>alert(1)</script>\n</div>",
        "text <b onclick='alert(1)'>bold</b>",
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(render, payload):
    html = render(payload)
    for tag in ("<script", "<img", "<iframe", "<style", "<form", "<svg", "<div", "<b "):
        assert tag not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_are_removed(render, link):
    html = render(link).lower()
    assert "javascript" not in html.replace("&lt;javascript:alert(1)&gt;", "")
    assert "vbscript:" not in html and "data:" not in html


def test_sanitise_keeps_only_allowed_attributes():
    assert sanitise('<a href="https://e.org" onclick="x" style="y">a</a>') == (
        '<a href="https://e.org" rel="noopener noreferrer">a</a>'
    )


def test_excerpt_is_plain_text_cut_at_a_word():
    html = "<p>" + "word " * 60 + "</p>"
    text = excerpt(html, length=30)
    assert text == "word word word word word word…"


def test_excerpt_keeps_short_text_whole_and_unescapes_entities():
    assert excerpt("<p>Tea &amp; <em>sugar</em></p>") == "Tea & sugar"
