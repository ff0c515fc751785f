"""The canonical form of content files, what the browser editor writes, and `generate.py fmt`, which writes it."""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, ROOT, TEMPLATES
from sitegen.cli import main
from sitegen.content import canonical
from sitegen.content.canonical import (
    ITEM,
    TESTIMONY,
    FileForm,
    canonical_text,
    content_files,
    format_content,
    same_meaning,
)
from sitegen.content.documents import MappingNode, Node, Scalar, SequenceNode, parse_yaml
from sitegen.content.files import Source
from sitegen.content.load import load_config, load_content, reading_context
from sitegen.content.yaml_writer import stringify

CORPUS = json.loads((ROOT / "tests" / "data" / "yaml_stringify.json").read_text(encoding="utf-8"))
SVELTIA_YAML = {"0.221.1": "2.9.1"}  # the yaml library each Sveltia CMS release bundles (its source map says)
VENDORED = ROOT / "sitegen" / "editor" / "vendor"
CONFIG = load_config(EXAMPLE)
ITEMS = sorted(path.stem for path in (EXAMPLE / "items").glob("*.yaml"))
IMAGES = sorted(path.name for path in (EXAMPLE / "images").iterdir())
CONTEXT = reading_context(EXAMPLE, CONFIG, set(ITEMS), [])
LANGUAGES = CONFIG.written_languages


def run(runner, *args):
    """Invoke the CLI."""
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


# The writer: the editor's YAML library, byte for byte


def test_the_corpus_was_made_with_the_yaml_library_and_options_of_the_vendored_editor():
    version = re.search(r"Sveltia CMS (\S+),", (VENDORED / "VERSION").read_text(encoding="utf-8"))
    assert version and SVELTIA_YAML[version.group(1)] == CORPUS["yaml"], "regenerate it: scripts/yaml_corpus.mjs"
    bundle = (VENDORED / "sveltia-cms.js").read_text(encoding="utf-8")
    formatter = re.search(r"\{indent:\w,indentSeq:\w,lineWidth:0,defaultKeyType:`PLAIN`,[^}]*\}\)\.trim\(\)", bundle)
    assert formatter, "the editor no longer writes YAML as the corpus says: check its YAML formatter"
    options = CORPUS["options"]
    assert (options["indent"], options["indentSeq"], options["lineWidth"], options["singleQuote"]) == (2, True, 0, True)


def test_the_writer_gives_the_bytes_of_the_editors_yaml_library_for_every_value_of_the_corpus():
    assert len(CORPUS["cases"]) > 1000
    differ = [case["name"] for case in CORPUS["cases"] if stringify(case["value"]) != case["yaml"]]
    assert differ == []


def test_a_decimal_price_is_written_as_javascript_prints_the_same_number():
    numbers = [case for case in CORPUS["cases"] if re.fullmatch(r"number \d+", case["name"])]
    assert len(numbers) > 20
    for case in numbers:
        assert stringify({"price": Decimal(repr(case["value"]["price"]))}) == case["yaml"], case["name"]
    assert stringify({"price": Decimal("39.90"), "other": Decimal("45.00")}) == "price: 39.9\nother: 45\n"


# What the YAML 1.2 library writes and our YAML 1.1 reader would read otherwise: texts no field accepts
# (U+007F is refused as invisible, white space alone is empty), and the line breaks of YAML 1.1 alone.
READ_OTHERWISE = {"delete\x7f", "next line\x85x", "line\u2028separator", "paragraph\u2029separator", "   \n  \n"}


def test_every_text_the_editor_writes_is_read_back_as_the_same_text():
    cases = [
        case for case in CORPUS["cases"] if re.fullmatch(r"string \d+ (as a value|in a list|nested)", case["name"])
    ]
    read = {case["name"]: _plain(parse_yaml(case["yaml"], "x")) for case in cases if _text(case) not in READ_OTHERWISE}
    assert len(read) > 400
    assert {name: value for name, value in read.items() if value != _case(name)["value"]} == {}


def _case(name: str) -> dict[str, Any]:
    """Return the corpus case of that name."""
    return next(case for case in CORPUS["cases"] if case["name"] == name)


def _text(case: dict[str, Any]) -> str:
    """Return the text a corpus case of a text is about."""
    return _case(case["name"].split(" as ")[0].split(" in ")[0].split(" nested")[0] + " as a value")["value"]["text"]


def _plain(node: Node) -> Any:
    """Return a node as plain values: texts, lists and mappings."""
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, MappingNode):
        return {key: _plain(entry.value) for key, entry in node.entries.items()}
    assert isinstance(node, SequenceNode)
    return [_plain(item) for item in node.items]


# The canonical form of a file


def test_an_item_in_canonical_form_has_its_fields_in_order_its_texts_per_language_and_no_comment():
    item = """\
        # A tent.
        price: 39.90   # each
        category: shelter
        name: Tente
        buy: []
        quantity: {received: 3, needed: 007}
        """
    text = canonical_text(textwrap.dedent(item), ITEM, "content/items/tente.yaml", ("fr", "en"))
    assert text == "name:\n  fr: Tente\ncategory: shelter\nquantity:\n  needed: 7\n  received: 3\nprice: 39.9\n"


def test_a_testimony_in_canonical_form_names_its_author_in_every_language_quotes_a_year_and_writes_its_flags():
    testimony = "---\nauthor: Samir\nitems: [tente]\ndate: 2020\nconsent: {date: 2021-01-15}\n---\nLa tente.\n \n\n"
    text = canonical_text(testimony, TESTIMONY, "content/testimonies/samir.md", ("fr", "en"))
    assert text == (
        "---\nauthor:\n  fr: Samir\n  en: Samir\nitems:\n  - tente\ndate: '2020'\nconsent:\n  date: 2021-01-15\n"
        "withdrawn: false\ndraft: false\n---\n\nLa tente.\n"
    )


# The example content


def test_the_example_content_is_in_canonical_form():
    done = format_content(EXAMPLE, write=False)
    assert (done.changed, done.problems) == ((), ())
    assert done.files == 1 + len(ITEMS) + len(list((EXAMPLE / "testimonies").glob("*.md"))) + 6


def test_every_example_file_written_otherwise_is_formatted_back_into_the_same_text_and_model():
    for form, source in content_files(EXAMPLE):
        text = source.path.read_text(encoding="utf-8")
        otherwise = _written_otherwise(text, form, flow=True)
        assert otherwise != text
        assert canonical_text(otherwise, form, source.where, LANGUAGES) == text, source.where
        assert same_meaning(form, otherwise, text, source, CONTEXT), source.where


def _written_otherwise(text: str, form: FileForm, flow: bool | None, width: int = 80, sort: bool = False) -> str:
    """Return a file written as PyYAML writes its values, in flow style or not, with a comment and extra blank lines."""
    if not form.front_matter:
        return "# written by hand\n" + yaml.safe_dump(yaml.safe_load(text), **_style(flow, width, sort))
    _, front, body = text.split("---\n", 2)
    dumped = yaml.safe_dump(yaml.safe_load(front), **_style(flow, width, sort))
    return f"---\n{dumped}---\n\n\n{body.strip()}\n  \n\n"


def _style(flow: bool | None, width: int, sort: bool) -> dict[str, Any]:
    """Return PyYAML's options for a writing unlike the canonical one."""
    return {"allow_unicode": True, "default_flow_style": flow, "width": width, "sort_keys": sort}


# Generated files: formatted and read back, the same model; formatted again, the same text

PIECES = st.sampled_from(
    [*"abcdeéz AZ019:#'\"-?,[]{}&*!|>%@`~.\t\u00a0/", "yes", "null", "1.0", ": ", " #", "عربی", "ትግርኛ", "😀"]
)
TEXT = st.lists(PIECES, min_size=1, max_size=12).map("".join).filter(str.strip)
LINES = st.lists(st.one_of(TEXT, st.just(""), st.just("- a list entry"), st.just("## A heading")), min_size=1)
MARKDOWN = LINES.map("\n".join).filter(str.strip)
DATE = st.tuples(st.dates(), st.sampled_from([4, 7, 10])).map(lambda day: day[0].isoformat()[: day[1]])


def _localized(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Return texts written plain, or as a mapping with the default language and maybe the other one."""
    return st.one_of(text, st.fixed_dictionaries({"fr": text}, optional={"en": text}))


IMAGE = st.fixed_dictionaries({"src": st.sampled_from(IMAGES), "alt": _localized(TEXT)})
SHOP = st.fixed_dictionaries(
    {"label": _localized(TEXT), "url": st.just("https://shop.example.org/a?b=1")}, optional={"wishlist": st.booleans()}
)
SIZES = st.lists(st.sampled_from(["S", "M", "42", "6 mois"]), min_size=1, max_size=4, unique=True).flatmap(
    lambda needed: st.fixed_dictionaries({"needed": st.just(needed)}, optional={"wanted": st.just(needed[:1])})
)
ITEM_FIELDS = st.fixed_dictionaries(
    {"name": _localized(TEXT), "category": st.sampled_from([c.slug for c in CONFIG.categories])},
    optional={
        "urgency": st.sampled_from(["urgent", "high", "normal", "low"]),
        "status": st.sampled_from(["needed", "enough", "paused"]),
        "order": st.integers(0, 10**6),
        "updated": DATE,
        "quantity": st.fixed_dictionaries({"needed": st.integers(0, 999)}, optional={"received": st.integers(0, 99)}),
        "price": st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,3})?", fullmatch=True),
        "unit": _localized(TEXT),
        "summary": _localized(TEXT),
        "description": _localized(MARKDOWN),
        "image": IMAGE,
        "buy": st.lists(SHOP, max_size=2),
        "sizes": SIZES,
        "season": st.just({"start": "11-01", "end": "03-31"}),
    },
)
TESTIMONY_FIELDS = st.fixed_dictionaries(
    {
        "author": _localized(TEXT),
        "items": st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3),
        "date": DATE,
        "consent": st.fixed_dictionaries({"date": st.dates().map(str)}, optional={"review": st.just("2030-01")}),
    },
    optional={
        "place": _localized(TEXT),
        "lang": st.sampled_from(["fr", "en", "ar", "fa", "ti", "prs"]),
        "quote": TEXT,
        "photo": IMAGE,
        "draft": st.booleans(),
        "reviewed_details": st.lists(TEXT, max_size=2, unique_by=str.strip),
    },
)
STYLE = st.fixed_dictionaries(
    {"flow": st.sampled_from([True, False, None]), "width": st.sampled_from([40, 10**6]), "sort": st.booleans()}
)


def _formats_to_the_same_model(form: FileForm, written: str, source: Source) -> None:
    """Assert a valid file formats into text read back as the same model, and formatting it again changes nothing."""
    problems: list = []
    assert form.meaning(written, source, dataclasses.replace(CONTEXT, problems=problems)) is not None, problems
    assert problems == []
    formatted = canonical_text(written, form, source.where, LANGUAGES)
    assert formatted is not None
    assert same_meaning(form, written, formatted, source, CONTEXT), formatted
    assert canonical_text(formatted, form, source.where, LANGUAGES) == formatted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=ITEM_FIELDS, style=STYLE)
def test_a_generated_item_formatted_reads_back_as_the_same_item_and_formats_again_unchanged(fields, style):
    written = "# by hand\n" + yaml.safe_dump(fields, **_style(**style))
    path = EXAMPLE / "items" / "generated.yaml"
    _formats_to_the_same_model(ITEM, written, Source(path, "content/items/generated.yaml", "generated", None))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=TESTIMONY_FIELDS, body=MARKDOWN, style=STYLE)
def test_a_generated_testimony_formatted_reads_back_as_the_same_testimony_and_formats_again_unchanged(
    fields, body, style
):
    written = f"---\n{yaml.safe_dump(fields, **_style(**style))}---\n\n{body}\n\n"
    path = EXAMPLE / "testimonies" / "generated.md"
    _formats_to_the_same_model(TESTIMONY, written, Source(path, "content/testimonies/generated.md", "generated", None))


# generate.py fmt

FLOW_ITEM = "# a tent\nname: {fr: Tente, en: Tent}\ncategory: shelter\nprice: 39.90\nbuy: []\n"


def test_fmt_rewrites_every_file_in_canonical_form_and_the_site_reads_the_same(runner, make_site):
    content = make_site({"items/tente.yaml": FLOW_ITEM, "testimonies/samir.en.md": "---\nquote: Dry.\n---\nDry.\n"})
    before = load_content(content)
    result = run(runner, "fmt", "--content", content)
    assert result.exit_code == 0, result.output
    assert "Formatted content/items/tente.yaml" in result.stdout
    assert result.stdout.splitlines()[-1] == "5 content files, formatted 5, all in canonical form."
    assert (content / "items" / "tente.yaml").read_text() == (
        "name:\n  fr: Tente\n  en: Tent\ncategory: shelter\nprice: 39.9\n"
    )
    assert (content / "testimonies" / "samir.en.md").read_text() == "---\nquote: Dry.\n---\n\nDry.\n"
    assert load_content(content) == before
    again = run(runner, "fmt", "--content", content)
    assert again.exit_code == 0 and again.stdout == "5 content files, all in canonical form.\n"


def test_fmt_check_lists_the_files_not_in_canonical_form_and_changes_nothing(runner, make_site):
    content = make_site({"items/tente.yaml": FLOW_ITEM})
    files = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
    result = run(runner, "fmt", "--check", "--content", content)
    assert result.exit_code == 1
    command = f"python generate.py fmt --content {content}"
    assert result.stdout.splitlines() == [
        f"content/{name}: this file is not in the canonical form the browser editor writes — run: {command}"
        for name in ("site.yaml", "items/tente.yaml", "testimonies/samir.md", "pages/about.md")
    ]
    assert f"4 of 4 files are not in canonical form: run {command}" in result.stderr
    assert {path: path.read_bytes() for path in content.rglob("*") if path.is_file()} == files


def test_fmt_reports_every_problem_and_leaves_those_files_as_they_were(runner, make_site):
    broken = FLOW_ITEM.replace("category: shelter", "category: shelterr")
    content = make_site({"items/tente.yaml": broken, "testimonies/samir.md": "---\nauthor: Samir\n---\nNo consent.\n"})
    result = run(runner, "fmt", "--content", content)
    assert result.exit_code == 1
    assert "content/items/tente.yaml:3: 'category' refers to 'shelterr'" in result.stderr
    assert "content/testimonies/samir.md:2: the required field 'consent' is missing" in result.stderr
    assert "Formatted content/pages/about.md" in result.stdout and "tente" not in result.stdout
    assert (content / "items" / "tente.yaml").read_text() == broken
    assert (content / "pages" / "about.md").read_text() == "---\ntitle:\n  fr: À propos\nmenu: 1\n---\n\n" + (
        "Nous sommes une association fictive.\n"
    )


def test_fmt_refuses_a_rewrite_that_would_change_what_a_file_says_and_names_the_file(runner, make_site, monkeypatch):
    monkeypatch.setattr(canonical, "canonical_body", str.upper)  # a broken canonical form: the text changes
    content = make_site()
    text = (content / "testimonies" / "samir.md").read_text()
    result = run(runner, "fmt", "--content", content)
    assert result.exit_code == 1
    assert (
        "content/testimonies/samir.md: written in canonical form, this file would say something else, so it is left"
        " as it is — keep it as it is and report it"
    ) in result.stderr
    assert (content / "testimonies" / "samir.md").read_text() == text
    assert "Formatted content/items/tente.yaml" in result.stdout


def test_fmt_writes_a_withdrawn_testimony_in_canonical_form_too_and_it_stays_withdrawn(make_site):
    withdrawn = "---\nauthor: Ali\nitems: [tente]\ndate: 2021\nconsent: {date: 2021-01-15}\nwithdrawn: true\n---\nA.\n"
    content = make_site({"testimonies/ali.md": withdrawn})
    done = format_content(content, write=True)
    assert "content/testimonies/ali.md" in done.changed and done.problems == ()
    assert "withdrawn: true\ndraft: false\n---\n\nA.\n" in (content / "testimonies" / "ali.md").read_text()
    assert [t.slug for t in load_content(content).testimonies] == ["samir"]


def test_fmt_leaves_the_files_of_a_withdrawn_testimony_it_cannot_read_as_they_are(make_site):
    withdrawn = "---\nauthor: Ali\nwithdrawn: true\n---\nA.\n"  # withdrawal works even in a broken file
    translation = "---\nquote: {en: A}\n---\nA.\n"  # a withdrawn testimony's translations are not read
    empty = "---\nquote: 'A'\n---\n\n"
    files = {"testimonies/ali.md": withdrawn, "testimonies/ali.en.md": translation, "testimonies/ali.ar.md": empty}
    content = make_site(files)
    done = format_content(content, write=True)
    assert done.problems == () and not [where for where in done.changed if "ali" in where]
    assert {name: (content / name).read_text() for name in files} == files


def test_fmt_writes_a_file_saved_on_windows_with_a_bom_as_the_editor_would(make_site):
    content = make_site({"items/tente.yaml": "\ufeff" + FLOW_ITEM.replace("\n", "\r\n")})
    format_content(content, write=True)
    assert (content / "items" / "tente.yaml").read_bytes() == (
        b"name:\n  fr: Tente\n  en: Tent\ncategory: shelter\nprice: 39.9\n"
    )


def test_new_item_and_new_testimony_are_written_in_canonical_form(runner, make_site):
    content = make_site()
    assert run(runner, "fmt", "--content", content).exit_code == 0
    assert run(runner, "new", "item", "--content", content, "Sac: « d'été »").exit_code == 0
    assert run(runner, "new", "testimony", "--content", content, "--item", "tente", "--author", "Nour").exit_code == 0
    item = content / "items" / "sac-d-ete.yaml"
    assert item.read_text().startswith('name:\n  fr: "Sac: « d\'été »"\ncategory: CHOOSE\n')
    item.write_text(item.read_text().replace("CHOOSE", "shelter"))  # what is left to choose
    checked = run(runner, "fmt", "--check", "--content", content)
    assert checked.exit_code == 0, checked.output
    assert run(runner, "check", "--content", content, "--templates", TEMPLATES).exit_code == 0


def test_the_ci_workflows_check_the_canonical_form_of_every_pull_request():
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert "pull_request" in github.get("on", github.get(True))
    runs = {job: [step.get("run", "") for step in spec["steps"]] for job, spec in github["jobs"].items()}
    (job,) = [job for job, steps in runs.items() if ".venv/bin/python generate.py fmt --check" in steps]
    assert "if" not in github["jobs"][job]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {job: spec for job, spec in gitlab.items() if isinstance(spec, dict) and "script" in spec}
    (job,) = [job for job, spec in jobs.items() if ".venv/bin/python generate.py fmt --check" in spec["script"]]
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in gitlab[job]["rules"]
