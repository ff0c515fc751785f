"""Parse YAML and front matter into located nodes, refusing what YAML should not do here.

Scalars keep their source text: whether `10:30`, `NO` or `1.10` is a string, a
boolean or a number is decided by the field that reads it (see `rules.py`), so
YAML 1.1's guesses never reach the model. Anchors, aliases, tags, duplicate keys,
tab indentation, several documents and oversized or deeply nested input are
refused with the line where they occur.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from sitegen.errors import Problem

try:  # libyaml is several times faster; PyYAML's pure parser yields the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a YAML file or front matter larger than this is refused
MAX_DEPTH = 16  # nesting deeper than this is refused; real content needs 4
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar as written: its text, whether it was quoted, and its line."""

    text: str
    quoted: bool  # quoted or block scalars are always strings
    line: int

    @property
    def is_null(self) -> bool:
        """Return True for an empty or null plain scalar."""
        return not self.quoted and self.text in NULLS


@dataclass(frozen=True, slots=True)
class Entry:
    """One `key: value` of a mapping."""

    key: str
    line: int  # the key's line
    value: Node


@dataclass(frozen=True, slots=True)
class MappingNode:
    """A YAML mapping whose keys are unique strings, in source order."""

    entries: dict[str, Entry]
    line: int


@dataclass(frozen=True, slots=True)
class SequenceNode:
    """A YAML sequence."""

    items: tuple[Node, ...]
    line: int


Node = Scalar | MappingNode | SequenceNode


class DocumentError(Exception):
    """A file that cannot be read as YAML; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def parse_yaml(text: str, path: str, first_line: int = 1) -> Node:
    """Parse one YAML document; `first_line` is its first line in the file."""
    fail = _failer(path, first_line)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise fail(text.count("\n", 0, error.start), "the text holds an invalid character", _CHARACTER_HINT) from None
    if size > MAX_BYTES:
        raise fail(0, f"the YAML is larger than {MAX_BYTES:,} bytes", "split the content or shorten it")
    try:  # events are read one at a time, so refusing deep nesting costs nothing
        return _Builder(yaml.parse(text, Loader=_Loader), fail, first_line).document()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position)
        character = error.character if isinstance(error.character, int) else ord(error.character)
        raise fail(line, f"the invisible character U+{character:04X} is not allowed here", _CHARACTER_HINT) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line if mark else 0
        tab = _TAB_INDENT.search(text)
        if tab:  # libyaml's message for this ("cannot start any token") says nothing useful
            line = text.count("\n", 0, tab.start())
            raise fail(line, "a tab is used for indentation", "indent with spaces only") from None
        what = error.problem or error.context or "invalid YAML"
        raise fail(line, f"invalid YAML: {what}", _YAML_HINT) from None
    except yaml.YAMLError as error:
        raise fail(0, f"invalid YAML: {error}", _YAML_HINT) from None


_CHARACTER_HINT = "remove it: invisible characters often come with text pasted from a PDF or a word processor"
_YAML_HINT = (
    "check the indentation and the quoting on this line or the one before; "
    "text containing ': ' or starting with a special character needs quotes"
)


def split_front_matter(text: str, path: str) -> tuple[Node, str, int]:
    """Split `---` front matter from a Markdown body: (front matter, body, body's first line)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # files saved on Windows
    hint = "start the file with a line '---', then the fields, then a line '---', then the text"
    if not text.startswith("---"):
        raise DocumentError(Problem(path, 1, "the file has no front matter", hint))
    opening = _FENCE.match(text)
    closing = _FENCE.search(text, opening.end()) if opening else None
    if not opening or not closing:
        raise DocumentError(Problem(path, 1, "the front matter is not closed", hint))
    front = text[opening.end() + 1 : closing.start()]
    body = text[closing.end() + 1 :]
    node = parse_yaml(front, path, first_line=2)
    return node, body, text.count("\n", 0, closing.end()) + 2


def _failer(path: str, first_line: int):
    """Return a function that makes a DocumentError at a 0-based line of the document."""

    def fail(line: int, message: str, hint: str) -> DocumentError:
        return DocumentError(Problem(path, line + first_line if line >= 0 else 0, message, hint))

    return fail


class _Builder:
    """Turn a YAML event stream into nodes, refusing features content must not use."""

    def __init__(self, events: Iterator[yaml.Event], fail, first_line: int) -> None:
        self.events = events
        self.ahead: yaml.Event | None = None
        self.fail = fail
        self.first_line = first_line

    def next(self) -> yaml.Event:
        """Return the next event."""
        event = self.peek()
        self.ahead = None
        return event

    def peek(self) -> yaml.Event:
        """Return the next event without consuming it."""
        if self.ahead is None:
            self.ahead = next(self.events)
        return self.ahead

    def document(self) -> Node:
        """Build the single document of the stream; an empty one is an empty mapping."""
        self.next()  # StreamStart
        if isinstance(self.peek(), yaml.StreamEndEvent):
            return MappingNode({}, self.first_line)
        self.next()  # DocumentStart
        node = self.node(0)
        self.next()  # DocumentEnd
        if not isinstance(self.peek(), yaml.StreamEndEvent):
            raise self.fail(
                _line_of(self.peek()), "the file holds more than one YAML document", "remove the extra '---' line"
            )
        return node

    def node(self, depth: int) -> Node:
        """Build the node starting at the next event."""
        event = self.next()
        line = _line_of(event)
        if depth > MAX_DEPTH:
            raise self.fail(line, f"the YAML is nested deeper than {MAX_DEPTH} levels", "flatten it")
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(line, "YAML anchors and aliases (& and *) are not allowed", "write the value out in full")
        tag = getattr(event, "tag", None)
        if tag and not _implicit(event):
            raise self.fail(line, f"YAML tags such as '{tag}' are not allowed", "remove the tag ('!...')")
        shown = self._line(line)
        if isinstance(event, yaml.ScalarEvent):
            return Scalar(event.value, quoted=bool(event.style), line=shown)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.next()
            return SequenceNode(tuple(items), shown)
        return self.mapping(shown, depth)

    def mapping(self, shown: int, depth: int) -> MappingNode:
        """Build a mapping after its start event, refusing complex and duplicate keys."""
        entries: dict[str, Entry] = {}
        while not isinstance(self.peek(), yaml.MappingEndEvent):
            key = self.node(depth + 1)
            if not isinstance(key, Scalar):
                raise self.fail(key.line - self.first_line, "a key must be plain text", "write 'name: value'")
            if key.text in entries:
                first = entries[key.text].line
                raise self.fail(
                    key.line - self.first_line,
                    f"the key '{key.text}' appears twice (first on line {first})",
                    "keep only one of them",
                )
            entries[key.text] = Entry(key.text, key.line, self.node(depth + 1))
        self.next()
        return MappingNode(entries, shown)

    def _line(self, line: int) -> int:
        """Return the 1-based line in the file for a 0-based line in the document."""
        return line + self.first_line


def _line_of(event: yaml.Event) -> int:
    """Return the 0-based line an event starts on: the parser marks every event it makes."""
    return event.start_mark.line if event.start_mark else 0


def _implicit(event) -> bool:
    """Return True when an event's tag was not written by the author."""
    implicit = event.implicit
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)
