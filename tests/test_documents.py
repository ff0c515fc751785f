"""content/documents.py: YAML and front matter into located nodes, refusing what content must not use."""

from __future__ import annotations

import signal
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sitegen.content.documents import (
    MAX_BYTES,
    MAX_DEPTH,
    DocumentError,
    MappingNode,
    Node,
    Scalar,
    SequenceNode,
    parse_yaml,
    split_front_matter,
)

YAML_HINT = (
    "check the indentation and the quoting on this line or the one before; "
    "text containing ': ' or starting with a special character needs quotes"
)
FRONT_MATTER_HINT = "start the file with a line '---', then the fields, then a line '---', then the text"


def yaml_text(text: str) -> str:
    """Return dedented YAML without its leading newline."""
    return textwrap.dedent(text).lstrip("\n")


def refusal(text: str, path: str = "content/items/tente.yaml") -> str:
    """Return the problem parse_yaml reports for text, as printed."""
    with pytest.raises(DocumentError) as caught:
        parse_yaml(text, path)
    return str(caught.value.problem)


def front_matter_refusal(text: str, path: str = "content/testimonies/samir.md") -> str:
    """Return the problem split_front_matter reports for text, as printed."""
    with pytest.raises(DocumentError) as caught:
        split_front_matter(text, path)
    return str(caught.value.problem)


def entry(node: Node, *keys: str) -> Node:
    """Return the value at a path of keys in nested mappings."""
    for key in keys:
        assert isinstance(node, MappingNode)
        node = node.entries[key].value
    return node


def scalar(node: Node, *keys: str) -> Scalar:
    """Return the scalar at a path of keys in nested mappings."""
    value = entry(node, *keys)
    assert isinstance(value, Scalar)
    return value


def nested(levels: int) -> str:
    """Return a scalar inside `levels` nested flow sequences: [[[a]]]."""
    return "[" * levels + "a" + "]" * levels


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block when it runs longer than seconds."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Located scalars


def test_scalars_keep_their_text_and_line() -> None:
    node = parse_yaml(
        yaml_text("""
        name: Tente
        quantity:
          needed: 120
        buy:
          - Boutique
    """),
        "content/items/tente.yaml",
    )
    assert entry(node, "name") == Scalar("Tente", quoted=False, line=1)
    assert entry(node, "quantity", "needed") == Scalar("120", quoted=False, line=3)
    buy = entry(node, "buy")
    assert isinstance(buy, SequenceNode)
    assert buy.items == (Scalar("Boutique", quoted=False, line=5),)


def test_entries_keep_the_line_of_their_key_and_source_order() -> None:
    node = parse_yaml("b: 1\n\na: 2\n", "x.yaml")
    assert isinstance(node, MappingNode)
    assert [(e.key, e.line) for e in node.entries.values()] == [("b", 1), ("a", 3)]


def test_yaml_1_1_guesses_stay_text() -> None:
    node = parse_yaml("author: NO\nplace: 10:30\nquote: 1.10\nconsent: yes\nday: 2020-12-03\n", "x.yaml")
    texts = {key: scalar(node, key).text for key in ("author", "place", "quote", "consent", "day")}
    assert texts == {"author": "NO", "place": "10:30", "quote": "1.10", "consent": "yes", "day": "2020-12-03"}


def test_quoted_and_block_scalars_are_marked_quoted() -> None:
    node = parse_yaml(
        yaml_text("""
        plain: a
        double: "b"
        single: 'c'
        block: |
          d
        folded: >
          e
    """),
        "x.yaml",
    )
    quoted = {key: scalar(node, key).quoted for key in ("plain", "double", "single", "block", "folded")}
    assert quoted == {"plain": False, "double": True, "single": True, "block": True, "folded": True}


def test_empty_and_null_plain_scalars_are_null_but_quoted_ones_are_not() -> None:
    node = parse_yaml('a:\nb: ~\nc: null\nd: ""\ne: "null"\n', "x.yaml")
    nulls = {key: scalar(node, key).is_null for key in "abcde"}
    assert nulls == {"a": True, "b": True, "c": True, "d": False, "e": False}


def test_first_line_offsets_every_line() -> None:
    node = parse_yaml("a: 1\nb:\n  c: 2\n", "x.md", first_line=2)
    assert isinstance(node, MappingNode)
    assert node.line == 2
    assert node.entries["b"].line == 3
    assert entry(node, "b", "c") == Scalar("2", quoted=False, line=4)


def test_an_empty_document_is_an_empty_mapping() -> None:
    assert parse_yaml("", "x.yaml") == MappingNode({}, 1)
    assert parse_yaml("# only a comment\n", "x.yaml") == MappingNode({}, 1)


def test_crlf_line_endings_in_yaml_keep_lines_and_text() -> None:
    node = parse_yaml("name: Tente\r\ncategory: shelter\r\n", "x.yaml")
    assert entry(node, "category") == Scalar("shelter", quoted=False, line=2)


def test_a_leading_bom_is_ignored_in_yaml() -> None:
    node = parse_yaml("\ufeffname: Tente\n", "x.yaml")
    assert entry(node, "name") == Scalar("Tente", quoted=False, line=1)


# Refusals


def test_refuses_anchors_at_their_line() -> None:
    assert refusal("a: 1\nb: &x 2\nc: *x\n") == (
        "content/items/tente.yaml:2: '&x 2' starts with '&', which YAML reads as an anchor or an alias:"
        ' they are not allowed here — if it is text, put it in quotes: b: "&x 2"; otherwise write the value out in full'
    )


def test_refuses_an_alias_at_its_line() -> None:
    assert refusal("a: 1\nb: *x\n") == (
        "content/items/tente.yaml:2: '*x' starts with '*', which YAML reads as an anchor or an alias:"
        ' they are not allowed here — if it is text, put it in quotes: b: "*x"; otherwise write the value out in full'
    )


def test_refuses_a_merge_key_alias() -> None:
    assert "reads as an anchor or an alias" in refusal("base: &b {a: 1}\nother:\n  <<: *b\n")


def test_refuses_python_object_tags() -> None:
    assert refusal("a: 1\nb: !!python/object:os.system echo\n") == (
        "content/items/tente.yaml:2: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed"
        " — remove the tag ('!...')"
    )


def test_refuses_even_harmless_str_tags() -> None:
    assert refusal("price: !!str 39.90\n") == (
        "content/items/tente.yaml:1: YAML tags such as 'tag:yaml.org,2002:str' are not allowed"
        " — remove the tag ('!...')"
    )


def test_refuses_local_tags_on_collections() -> None:
    assert refusal("a: !thing {b: 1}\n") == (
        "content/items/tente.yaml:1: YAML tags such as '!thing' are not allowed — remove the tag ('!...')"
    )


def test_refuses_duplicate_keys_naming_the_first_line() -> None:
    text = yaml_text("""
        name: Tente
        category: shelter
        urgency: high
        name: Tent
    """)
    assert refusal(text) == (
        "content/items/tente.yaml:4: the key 'name' appears twice (first on line 1) — keep only one of them"
    )


def test_refuses_duplicate_keys_in_nested_mappings() -> None:
    assert refusal("quantity:\n  needed: 1\n  needed: 2\n") == (
        "content/items/tente.yaml:3: the key 'needed' appears twice (first on line 2) — keep only one of them"
    )


def test_refuses_keys_that_are_not_plain_text() -> None:
    assert refusal("a: 1\n? [x, y]\n: 2\n") == (
        "content/items/tente.yaml:2: a key must be plain text — write 'name: value'"
    )


def test_refuses_tab_indentation_at_its_line() -> None:
    assert refusal("quantity:\n  needed: 1\n\treceived: 2\n") == (
        "content/items/tente.yaml:3: a tab is used for indentation — indent with spaces only"
    )


def test_refuses_several_documents() -> None:
    assert refusal("name: Tente\n---\nname: Savon\n") == (
        "content/items/tente.yaml:2: the file holds more than one YAML document — remove the extra '---' line"
    )


def test_accepts_nesting_up_to_max_depth() -> None:
    node = parse_yaml(nested(MAX_DEPTH), "x.yaml")
    for _ in range(MAX_DEPTH):
        assert isinstance(node, SequenceNode)
        node = node.items[0]
    assert node == Scalar("a", quoted=False, line=1)


def test_refuses_nesting_deeper_than_max_depth() -> None:
    assert refusal(nested(MAX_DEPTH + 1)) == (
        f"content/items/tente.yaml:1: the YAML is nested deeper than {MAX_DEPTH} levels — flatten it"
    )


def test_refuses_deep_block_nesting_at_the_line_where_it_gets_too_deep() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "v\n"
    assert refusal(text) == (
        f"content/items/tente.yaml:{MAX_DEPTH + 1}: the YAML is nested deeper than {MAX_DEPTH} levels — flatten it"
    )


def test_refuses_pathological_nesting_quickly() -> None:
    with time_limit(2):
        problem = refusal("[" * 200_000)
    assert "nested deeper than" in problem


def test_accepts_input_of_exactly_max_bytes() -> None:
    assert parse_yaml("a" * MAX_BYTES, "x.yaml") == Scalar("a" * MAX_BYTES, quoted=False, line=1)


def test_refuses_input_larger_than_max_bytes() -> None:
    assert refusal("a" * (MAX_BYTES + 1)) == (
        "content/items/tente.yaml:1: the YAML is larger than 1,000,000 bytes — split the content or shorten it"
    )


def test_counts_max_bytes_in_utf8_bytes_not_characters() -> None:
    assert "larger than 1,000,000 bytes" in refusal("é" * (MAX_BYTES // 2 + 1))


def test_reports_an_unclosed_bracket_at_the_line_where_it_opens() -> None:
    # libyaml notices the unclosed '[' on the next line
    text = yaml_text("""
        name: Tente
        category: shelter
        summary: [une tente
        urgency: high
    """)
    assert refusal(text) == (
        "content/items/tente.yaml:3: the '[' opened on this line is never closed — add ']' after its last entry"
    )


def test_reports_invalid_yaml_it_cannot_name_at_the_line_where_the_parser_stops() -> None:
    problem = refusal("name: Tente\n...\nfoo: bar\n")  # '...' ends the document: nothing may follow
    assert problem.startswith("content/items/tente.yaml:3: invalid YAML: ")
    assert problem.endswith(f" — {YAML_HINT}")


def test_reports_an_unquoted_colon_at_its_line() -> None:
    assert refusal("name: Tente\nsummary: Note: solide\n") == (
        "content/items/tente.yaml:2: the text holds ': ', which YAML reads as the start of another field"
        ' — put the text in quotes: summary: "Note: solide"'
    )


def test_reports_a_control_character_at_its_line() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_yaml("name: Tente\ncategory: shelter\nsummary: une\x07tente\n", "x.yaml")
    assert caught.value.problem.line == 3


def test_a_lone_surrogate_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        parse_yaml("name: \ud800\n", "x.yaml")


# Front matter


SAMIR = """\
---
author: Samir
items: [tente]
date: 2020-12
---
La tente m'a gardé au sec.
"""


def test_splits_front_matter_from_the_body() -> None:
    node, body, body_line = split_front_matter(SAMIR, "content/testimonies/samir.md")
    assert isinstance(node, MappingNode)
    assert list(node.entries) == ["author", "items", "date"]
    assert body == "La tente m'a gardé au sec.\n"
    assert body_line == 6


def test_front_matter_lines_are_lines_of_the_file() -> None:
    node, _, _ = split_front_matter(SAMIR, "content/testimonies/samir.md")
    assert entry(node, "author") == Scalar("Samir", quoted=False, line=2)
    assert entry(node, "date") == Scalar("2020-12", quoted=False, line=4)


def test_front_matter_problems_name_lines_of_the_file() -> None:
    text = "---\nauthor: Samir\ndate: 2020\nauthor: Sam\n---\nText\n"
    assert front_matter_refusal(text) == (
        "content/testimonies/samir.md:4: the key 'author' appears twice (first on line 2) — keep only one of them"
    )


def test_front_matter_syntax_errors_name_lines_of_the_file() -> None:
    # the unclosed '[' is on file line 3; libyaml stops on line 4
    text = "---\nauthor: Samir\nitems: [tente\ndate: 2020\n---\nText\n"
    assert front_matter_refusal(text) == (
        "content/testimonies/samir.md:3: the '[' opened on this line is never closed — add ']' after its last entry"
    )


def test_front_matter_tabs_name_lines_of_the_file() -> None:
    text = "---\nconsent:\n\tdate: 2021\n---\nText\n"
    assert front_matter_refusal(text) == (
        "content/testimonies/samir.md:3: a tab is used for indentation — indent with spaces only"
    )


def test_refuses_a_file_without_front_matter() -> None:
    assert front_matter_refusal("author: Samir\n\nText\n") == (
        f"content/testimonies/samir.md:1: the file has no front matter — {FRONT_MATTER_HINT}"
    )


def test_refuses_an_empty_file() -> None:
    assert (
        front_matter_refusal("")
        == f"content/testimonies/samir.md:1: the file has no front matter — {FRONT_MATTER_HINT}"
    )


def test_refuses_front_matter_that_is_not_closed_at_the_line_of_the_text() -> None:
    assert front_matter_refusal("---\nauthor: Samir\n\nText\n") == (
        "content/testimonies/samir.md:4: the front matter is not closed before the text"
        " — add a line '---' above this line, after the last field"
    )


def test_refuses_front_matter_that_is_not_closed_and_has_no_text_at_its_first_line() -> None:
    assert front_matter_refusal("---\nauthor: Samir\n") == (
        "content/testimonies/samir.md:1: the front matter is not closed"
        " — add a line '---' after the last field, before the text"
    )


def test_refuses_a_closing_line_that_is_not_exactly_three_dashes() -> None:
    assert "not closed" in front_matter_refusal("---\nauthor: Samir\n----\nText\n")


def test_accepts_trailing_spaces_after_the_fences() -> None:
    node, body, body_line = split_front_matter("--- \nauthor: Samir\n---\t\nText\n", "x.md")
    assert entry(node, "author") == Scalar("Samir", quoted=False, line=2)
    assert (body, body_line) == ("Text\n", 4)


def test_accepts_empty_front_matter_as_an_empty_mapping() -> None:
    node, body, body_line = split_front_matter("---\n---\nText\n", "x.md")
    assert node == MappingNode({}, 2)
    assert (body, body_line) == ("Text\n", 3)


def test_accepts_a_closing_fence_at_the_very_end() -> None:
    node, body, _ = split_front_matter("---\nauthor: Samir\n---", "x.md")
    assert entry(node, "author") == Scalar("Samir", quoted=False, line=2)
    assert body == ""


def test_only_the_first_closing_fence_ends_the_front_matter() -> None:
    node, body, body_line = split_front_matter("---\ntitle: A\n---\nText\n---\nMore\n", "x.md")
    assert isinstance(node, MappingNode)
    assert list(node.entries) == ["title"]
    assert (body, body_line) == ("Text\n---\nMore\n", 4)


def test_ignores_a_leading_bom_in_front_matter() -> None:
    node, body, body_line = split_front_matter("\ufeff" + SAMIR, "x.md")
    assert entry(node, "author") == Scalar("Samir", quoted=False, line=2)
    assert (body, body_line) == ("La tente m'a gardé au sec.\n", 6)


def test_refuses_oversized_front_matter_at_its_first_line() -> None:
    text = "---\nquote: " + "x" * MAX_BYTES + "\n---\nText\n"
    assert front_matter_refusal(text) == (
        "content/testimonies/samir.md:2: the YAML is larger than 1,000,000 bytes — split the content or shorten it"
    )


def test_indented_dashes_in_a_block_scalar_do_not_close_the_front_matter() -> None:
    node, _, _ = split_front_matter("---\nquote: |\n  ---\n  fin\n---\nText\n", "x.md")
    assert entry(node, "quote") == Scalar("---\nfin\n", quoted=True, line=2)


def test_accepts_front_matter_with_crlf_line_endings() -> None:
    node, body, body_line = split_front_matter(SAMIR.replace("\n", "\r\n"), "content/testimonies/samir.md")
    assert entry(node, "author") == Scalar("Samir", quoted=False, line=2)
    assert body.strip() == "La tente m'a gardé au sec."
    assert body_line == 6
