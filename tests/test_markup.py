"""Markdown renders to safe HTML: no raw HTML, no scripts, outbound links marked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.content import markup
from sitegen.content.markup import MarkdownRenderer, excerpt, sanitise


@pytest.fixture(scope="module")
def render():
    """Return a function rendering Markdown to its safe HTML."""
    renderer = MarkdownRenderer()
    return lambda text: renderer.render(text).html


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


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("[x](javascript:alert(1))", "the link 'javascript:alert(1)' uses 'javascript:', which is not allowed"),
        ("[x](JaVa\tScRiPt:alert(1))", "the link 'JaVa    ScRiPt:alert(1)' uses 'javascript:', which is not allowed"),
        ("[x](&#106;avascript:alert(1))", "the link 'javascript:alert(1)' uses 'javascript:', which is not allowed"),
        ("[x](data:text/html,hi)", "the link 'data:text/html,hi' uses 'data:', which is not allowed"),
        ("[x][1]\n\n[1]: vbscript:msgbox(1)", "the link 'vbscript:msgbox(1)' uses 'vbscript:', which is not allowed"),
        ("[x](//elsewhere.example/)", "the link '//elsewhere.example/' leaves the site without saying https://"),
        ("[x](../../../etc/passwd)", "the link '../../../etc/passwd' uses '..', which can lead out of the site"),
        ("[x](%2E%2E/%2e%2e/secret)", "the link '%2E%2E/%2e%2e/secret' uses '..', which can lead out of the site"),
        ("![a tent](tent.jpg)", "the picture 'tent.jpg' cannot be shown in the text"),
    ],
)
def test_links_and_pictures_the_site_will_not_publish_are_refused_and_named(text, refused):
    rendered = MarkdownRenderer().render(text)
    assert [r.message for r in rendered.refused] == [refused]
    assert "javascript" not in rendered.html.lower() and "<img" not in rendered.html


@pytest.mark.parametrize(
    "text", ["[a](https://shop.example.com/)", "[a](mailto:contact@example.org)", "[a](/items/tente/)", "[a](#top)"]
)
def test_web_mail_and_internal_links_are_kept(text):
    rendered = MarkdownRenderer().render(text)
    assert rendered.refused == () and "href=" in rendered.html


MARKDOWNISH = st.text(alphabet="ab 1.*_`[]():<>&#;\\!-\n\t\x02\x03/@h", max_size=120)


@settings(max_examples=1500, deadline=None, database=None)
@given(MARKDOWNISH)
def test_leaving_out_patterns_a_text_cannot_match_never_changes_its_html(text: str) -> None:
    every_pattern = markup._new_parser(frozenset())
    converted = every_pattern.convert(text)
    expected = markup.Rendered(markup.sanitise(converted, "/"), tuple(markup.refusals(converted)))
    assert MarkdownRenderer().render(text) == expected
