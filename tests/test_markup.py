"""Markdown renders to safe HTML: no raw HTML, no scripts, outbound links marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Return the tags of an HTML fragment with their attributes, as a browser would read them."""

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    found: list[tuple[str, dict[str, str | None]]] = []
    Collect().feed(html)
    return found


TABLE = """\
| Objet | Quantité | Prix |
|:------|:--------:|-----:|
| Tente deux places | 12 | 39,90 € |
| **Sac** de couchage `-5 °C` | [voir](/items/sac-de-couchage/) | 24,00 € |
"""


def test_a_markdown_table_renders_as_a_table_with_its_head_and_body(render):
    html = render(TABLE)
    assert html.count('<table tabindex="0">') == 1 and html.count("</table>") == 1, "the keyboard can scroll it"
    assert "<thead>" in html and "<tbody>" in html and html.count("<tr>") == 3
    assert '<th class="align-start">Objet</th>' in html
    assert '<td class="align-end">39,90 €</td>' in html
    assert "<strong>Sac</strong>" in html and "<code>-5 °C</code>" in html
    assert '<a href="/items/sac-de-couchage/" rel="noopener noreferrer">voir</a>' in html


def test_a_table_without_alignment_has_plain_cells(render):
    html = render("a | b\n--|--\n1 | 2")
    assert "<th>a</th>" in html and "<td>2</td>" in html and "class=" not in html


def test_a_table_columns_alignment_becomes_a_class_never_a_style_or_align_attribute(render):
    html = render(TABLE)
    assert all(not {"style", "align"} & attributes.keys() for _, attributes in elements(html))
    assert {"align-start", "align-center", "align-end"} <= set(re.findall(r'class="([^"]+)"', html))


def test_the_sanitiser_keeps_only_the_alignment_classes_on_table_cells():
    fragment = (
        '<table style="width:100%" tabindex="3"><tr><th class="align-end" style="color:red" align="right">a</th>'
        '<td class="evil align-center" onclick="x">b</td><td class="align-start" tabindex="0">c</td></tr></table>'
    )
    html = sanitise(fragment)
    assert "style" not in html and "align=" not in html and "onclick" not in html and "evil" not in html
    assert "<table><tbody><tr>" in html, "no tabindex but 0, and on a table only"
    assert '<th class="align-end">a</th>' in html and "<td>b</td>" in html and '<td class="align-start">c</td>' in html
    assert sanitise('<p class="align-end">x</p>') == "<p>x</p>", "the classes are for table cells only"


@pytest.mark.parametrize(
    "payload",
    [
        "<table><tr><td>x</td></tr></table>",
        '<table style="width:100%">\n<tr><td style="color:red">x</td></tr>\n</table>',
        "text <td>cell</td> and <th>head</th>",
    ],
)
def test_raw_html_tables_are_still_shown_as_text(render, payload):
    html = render(payload)
    for tag in ("<table", "<tr", "<td", "<th"):
        assert tag not in html
    assert "tabindex" not in html
    assert "&lt;table" in html or "&lt;td&gt;" in html
    assert all("style" not in attributes for _, attributes in elements(html)), "a style shown as text, never applied"


MARKDOWNISH = st.text(alphabet="ab 1.*_`[]():<>&#;\\!-|\n\t\x02\x03/@h", max_size=120)


@settings(max_examples=1500, deadline=None, database=None)
@given(MARKDOWNISH)
def test_leaving_out_patterns_a_text_cannot_match_never_changes_its_html(text: str) -> None:
    every_pattern = markup._new_parser(frozenset())
    converted = every_pattern.convert(text)
    expected = markup.Rendered(markup.sanitise(converted, "/"), tuple(markup.refusals(converted)))
    assert MarkdownRenderer().render(text) == expected
