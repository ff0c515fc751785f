"""Property tests: every parser, the Markdown renderer and the loader report problems, never crash."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitegen import model
from sitegen.content.documents import DocumentError, MappingNode, Scalar, SequenceNode, parse_yaml, split_front_matter
from sitegen.content.load import load_site
from sitegen.content.markup import MarkdownRenderer
from sitegen.content.parse import (
    WITHDRAWN,
    Context,
    parse_item,
    parse_page,
    parse_page_translation,
    parse_testimony,
    parse_translation,
)
from sitegen.content.site_yaml import parse_config
from sitegen.errors import ContentError, Problem

EXAMPLES = settings(max_examples=200, deadline=None, database=None)
ITEM = "content/items/tente.yaml"
TESTIMONY = "content/testimonies/samir.md"

# Pieces of YAML syntax and keywords, so that random text often comes close to YAML.
SYNTAX = [
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\r\n",
    "\t",
    "- ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#",
    "&a ",
    "*a",
    "<<: ",
    "!",
    "!!str ",
    "!!python/object:os.system ",
    "!x ",
    "|",
    "|-",
    ">",
    "'",
    '"',
    "\\",
    "---",
    "...",
    "%YAML 1.1\n",
    "%TAG ! tag:x:\n",
    "~",
    "null",
    "true",
    "yes",
    "NO",
    "10:30",
    "1.10",
    "2020-12",
    "0x1F",
    "key",
    "a",
    "é",
    "\ufeff",
    "\x07",
    "\x85",
    "\u2028",
    "@",
    "`",
    "%",
]
yamlish = st.lists(st.sampled_from(SYNTAX), max_size=40).map("".join)

# Fields and values of items and testimonies, so that random front matter reaches the rules.
FIELDS = [
    "name",
    "category",
    "urgency",
    "status",
    "updated",
    "quantity",
    "price",
    "summary",
    "description",
    "image",
    "buy",
    "donate",
    "author",
    "items",
    "date",
    "place",
    "lang",
    "consent",
    "quote",
    "photo",
    "withdrawn",
    "draft",
    "nam",
    "Items",
]
VALUES = [
    "",
    "~",
    "Tente",
    "shelter",
    "hygiene",
    "urgent",
    "needed",
    "2020",
    "2020-12-03",
    "2020-13",
    "[tente]",
    "[]",
    "[tente, inconnu]",
    "{date: 2021-01-15}",
    "{date: 2021, review: 2026}",
    "{needed: 3, received: 1}",
    "{needed: -1}",
    "39.90",
    "39,90",
    "{fr: Tente, en: Tent}",
    "{en: Tent}",
    "{fr: [x]}",
    "true",
    "false",
    '"true"',
    "yes",
    "https://shop.example.com/x",
    "javascript:alert(1)",
    "[{label: Shop, url: 'https://x.example/'}]",
    "{src: tent.jpg, alt: Une tente}",
    "{src: ../x.jpg, alt: x}",
    "{src: missing.jpg}",
    "ar",
    "FR",
    "|\n  texte",
]
lines = st.tuples(st.sampled_from(FIELDS), st.one_of(st.sampled_from(VALUES), yamlish))
fieldish = st.lists(lines, max_size=10).map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))


def yaml_lines(pairs: list[tuple[str, str]]) -> str:
    """Return `key: value` lines."""
    return "".join(f"{key}: {value}\n" for key, value in pairs)


def near_valid(choices: dict[str, list[str | None]], others: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Return front matter with each field from its choices (None leaves it out), plus a few optional fields."""
    fields = st.fixed_dictionaries({key: st.sampled_from(values) for key, values in choices.items()})
    pairs = [(key, value) for key, values in others.items() for value in values]
    extra = st.lists(st.sampled_from(pairs), max_size=3, unique_by=lambda pair: pair[0])
    return st.builds(
        lambda given, more: yaml_lines([(key, value) for key, value in given.items() if value is not None] + more),
        fields,
        extra,
    )


# Each field: mostly good values, and a bad one.
item_like = near_valid(
    {"name": ["Tente", "{fr: Tente, en: Tent}", "{en: Tent}", None], "category": ["shelter", "hygiene", "abri"]},
    {
        "urgency": ["high", "urgnet"],
        "status": ["enough", "full"],
        "updated": ["2026-11-20", "2026-02-30"],
        "quantity": ["{needed: 3, received: 1}", "{needed: -1}"],
        "price": ["39.90", "39,90"],
        "summary": ["{fr: Une tente, en: A tent}", "{de: Zelt}"],
        "description": ["|\n  *Solide*.", "[x]"],
        "image": ["{src: tent.jpg, alt: Une tente}", "{src: ../x.jpg, alt: x}"],
        "buy": ["[{label: Shop, url: 'https://x.example/'}]", "[{label: Shop, url: 'javascript:x'}]"],
        "donate": ["https://dons.example.org/", "javascript:alert(1)"],
    },
)
testimony_like = near_valid(
    {
        "author": ["Samir", "NO", None],
        "items": ["[tente]", "[tente, tente]", "[]"],
        "date": ["2020-12", "2020", "2020-13"],
        "consent": ["{date: 2021-01-15}", "{date: 2021, review: 2026}", "{review: 2026}"],
    },
    {
        "place": ["Calais", "{de: Calais}"],
        "lang": ["ar", "FR"],
        "quote": ['"Au sec."', "[x]"],
        "photo": ["{src: tent.jpg, alt: Une tente}", "{src: missing.jpg, alt: x}"],
        "withdrawn": ["true", "false", "yes"],
        "draft": ["true", "false", '"true"'],
    },
)


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an images folder holding tent.jpg."""
    folder = tmp_path_factory.mktemp("content") / "images"
    folder.mkdir()
    (folder / "tent.jpg").write_bytes(b"jpeg")
    return folder


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    """Return one Markdown renderer for every example."""
    return MarkdownRenderer()


def context(images: Path, renderer: MarkdownRenderer) -> Context:
    """Return a fresh Context of a site with two categories and one item."""
    return Context([], ("fr", "en"), {"shelter", "hygiene"}, {"tente"}, images, renderer)


def assert_located(problem: Problem, path: str) -> None:
    """Assert that a problem names the file and a line."""
    assert problem.path == path
    assert problem.line >= 0
    assert problem.message and problem.hint


def assert_node_or_located_error(text: str) -> None:
    """Assert that parse_yaml returns a node, or raises DocumentError naming the file and a line."""
    try:
        node = parse_yaml(text, ITEM)
    except DocumentError as error:
        assert_located(error.problem, ITEM)
    else:
        assert isinstance(node, (Scalar, MappingNode, SequenceNode))


def assert_split_or_located_error(text: str) -> None:
    """Assert that split_front_matter splits, or raises DocumentError naming the file and a line."""
    try:
        node, body, body_line = split_front_matter(text, TESTIMONY)
    except DocumentError as error:
        assert_located(error.problem, TESTIMONY)
    else:
        assert isinstance(node, (Scalar, MappingNode, SequenceNode))
        assert body_line >= 3
        assert text.removeprefix("\ufeff").replace("\r\n", "\n").endswith(body)


@EXAMPLES
@given(st.text())
def test_parse_yaml_of_random_text_returns_a_node_or_a_located_problem(text: str) -> None:
    assert_node_or_located_error(text)


@EXAMPLES
@given(yamlish)
def test_parse_yaml_of_yaml_syntax_returns_a_node_or_a_located_problem(text: str) -> None:
    assert_node_or_located_error(text)


@EXAMPLES
@given(st.text())
def test_split_front_matter_of_random_text_splits_or_reports(text: str) -> None:
    assert_split_or_located_error(text)


@EXAMPLES
@given(st.one_of(yamlish, fieldish), st.text(max_size=40))
@example(front="", body="0\r\n")  # Windows line endings in the body, found by CI
def test_split_front_matter_of_fenced_yaml_splits_or_reports(front: str, body: str) -> None:
    assert_split_or_located_error(f"---\n{front}\n---\n{body}")


def assert_item_or_problems(text: str, images: Path, renderer: MarkdownRenderer) -> object:
    """Assert that parse_item returns an Item, or None with problems; every problem is located; return the result."""
    site = context(images, renderer)
    result = parse_item(text, "tente", ITEM, Path(ITEM), site)
    assert result is None or isinstance(result, model.Item)
    if result is None:
        assert site.problems
    for problem in site.problems:
        assert_located(problem, ITEM)
    return result


def assert_testimony_or_problems(front: str, body: str, images: Path, renderer: MarkdownRenderer) -> object:
    """Assert that parse_testimony returns a Testimony, WITHDRAWN, or None with problems; return the result."""
    site = context(images, renderer)
    result = parse_testimony(f"---\n{front}\n---\n{body}\n", "samir", TESTIMONY, Path(TESTIMONY), site)
    assert result is None or result == WITHDRAWN or isinstance(result, model.Testimony)
    if result is None:
        assert site.problems
    for problem in site.problems:
        assert_located(problem, TESTIMONY)
    return result


BODIES = st.sampled_from(["Texte.", "", "*texte*\n\n> cité", "---\nencore"])


@EXAMPLES
@given(st.one_of(st.text(), yamlish, fieldish))
def test_parse_item_of_random_text_returns_none_with_problems(
    images: Path, renderer: MarkdownRenderer, text: str
) -> None:
    assert_item_or_problems(text, images, renderer)


@EXAMPLES
@given(item_like)
def test_parse_item_of_near_valid_yaml_returns_an_item_or_none_with_problems(
    images: Path, renderer: MarkdownRenderer, text: str
) -> None:
    assert_item_or_problems(text, images, renderer)


@EXAMPLES
@given(st.one_of(st.text(), yamlish, fieldish), BODIES)
def test_parse_testimony_of_random_front_matter_returns_none_with_problems_or_withdrawn(
    images: Path, renderer: MarkdownRenderer, front: str, body: str
) -> None:
    assert_testimony_or_problems(front, body, images, renderer)


@EXAMPLES
@given(testimony_like, BODIES)
def test_parse_testimony_of_near_valid_front_matter_returns_a_testimony_none_or_withdrawn(
    images: Path, renderer: MarkdownRenderer, front: str, body: str
) -> None:
    assert_testimony_or_problems(front, body, images, renderer)


def test_parse_testimony_with_deeply_nested_markdown_does_not_raise(images: Path, renderer: MarkdownRenderer) -> None:
    site = context(images, renderer)
    text = "---\nauthor: A\nitems: [tente]\ndate: 2020\nconsent: {date: 2021}\n---\n" + "* " * 1000 + "x\n"
    result = parse_testimony(text, "samir", TESTIMONY, Path(TESTIMONY), site)
    assert result is None or isinstance(result, model.Testimony)


SITE = "content/site.yaml"
site_like = near_valid(
    {
        "title": ["Besoins", "{fr: Besoins, en: Needs}", "{de: x}", None],
        "base_url": ["https://aide.example.org/", "aide.example.org", None],
        "languages": ["[fr, en]", "[fr, fr]", "[FR]", "[zz]", "[]", "fr", None],
        "organisation": ["{name: A, shipping_address: 1 rue X}", "{name: A}", "x", None],
        "donate": ["{url: 'https://dons.example.org/'}", "{url: 'javascript:x'}", None],
        "categories": ["{shelter: Abri}", "{Bad Key: x}", "[x]", None],
    },
    {"currency": ["EUR", "XYZ"], "description": ["Texte", "{en: x}"], "extra": ["1"]},
)


@EXAMPLES
@given(st.one_of(st.text(), yamlish, fieldish, site_like))
def test_parse_config_returns_a_config_or_none_with_located_problems(text: str) -> None:
    problems: list[Problem] = []
    result = parse_config(text, SITE, Path(SITE), problems)
    assert result is None or isinstance(result, model.Config)
    if result is None:
        assert problems
    for problem in problems:
        assert_located(problem, SITE)


TRANSLATION = "content/testimonies/samir.en.md"
PAGE = "content/pages/about.md"
small_front = st.one_of(
    st.text(max_size=60), yamlish, fieldish, near_valid({"title": ["About", None]}, {"quote": ["x"], "menu": ["2"]})
)


@EXAMPLES
@given(small_front, BODIES)
def test_translation_and_page_parsers_return_a_value_or_located_problems(
    images: Path, renderer: MarkdownRenderer, front: str, body: str
) -> None:
    text = f"---\n{front}\n---\n{body}\n"
    for parse, path in (
        (lambda site: parse_translation(text, "en", TRANSLATION, Path(TRANSLATION), site), TRANSLATION),
        (lambda site: parse_page(text, "about", PAGE, Path(PAGE), site), PAGE),
        (lambda site: parse_page_translation(text, PAGE, site), PAGE),
    ):
        site = context(images, renderer)
        result = parse(site)
        assert result is not None or site.problems
        for problem in site.problems:
            assert_located(problem, path)


markdownish = st.lists(
    st.sampled_from(["*", "_", "[", "]", "(", ")", "<", ">", "!", "`", "#", "> ", "- ", "1. ", "\n", "\n\n", "&",
                     "#106;", "javascript:", "data:", "//", "../", "%2e", "x", " ", "{: onclick=x}", '"', "'"]),
    max_size=60,
).map("".join)  # fmt: skip


@EXAMPLES
@given(st.one_of(st.text(), markdownish))
def test_markdown_never_yields_a_script_or_a_dangerous_link(renderer: MarkdownRenderer, text: str) -> None:
    html = renderer.render(text).html.lower()
    assert "<script" not in html and "<img" not in html and " on" not in html.replace(" onclick=x}", "")
    for href in re.findall(r'href="([^"]*)"', html):
        assert not re.match(r"\s*(javascript|vbscript|data):", href)


@settings(max_examples=40, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from(["site.yaml", "items/tente.yaml", "testimonies/samir.md",
                                        "testimonies/samir.en.md", "pages/about.md", "items/Tente.yaml",
                                        "testimonies/x.y.z.md", "notes.txt"]),
                       st.one_of(st.text(max_size=80), yamlish, fieldish), max_size=6))  # fmt: skip
def test_loading_any_folder_gives_a_site_or_located_problems(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        for name, text in files.items():
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        content.mkdir(exist_ok=True)
        try:
            load_site(content)
        except ContentError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.path.startswith("content") and problem.line >= 0 and problem.hint
