"""Parse YAML and front matter into located nodes, refusing what YAML should not do here.

Scalars keep their source text: whether `10:30`, `NO` or `1.10` is a string, a
boolean or a number is decided by the field that reads it (see `rules.py`), so
YAML 1.1's guesses never reach the model. Anchors, aliases, tags, duplicate keys,
tab indentation, several documents and oversized or deeply nested input are
refused with the line where they occur. A slip that breaks the YAML is named in
plain words at the line where it was made (`slips.py`), and so is valid YAML
that says something else than what was written, such as a comma that splits a
text inside { } (`misreadings.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from sitegen.content import misreadings
from sitegen.content.slips import INVALID as INVALID_YAML
from sitegen.content.slips import Slip, syntax_slip
from sitegen.errors import Kind, Problem

try:  # libyaml is several times faster; PyYAML's pure parser yields the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a YAML file or front matter larger than this is refused
MAX_DEPTH = 16  # nesting deeper than this is refused; real content needs 4
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_DASHES = "‐‑‒–—―−﹘﹣－"  # what a word processor may make of '--' or '---'
_TYPED_FENCE = re.compile(rf"[-{_DASHES}]*[{_DASHES}][-{_DASHES}]*|--|-{{4,}}")  # a fence-like line that is not '---'
_CHARACTER_HINT = "remove it: invisible characters often come with text pasted from a PDF or a word processor"
_FENCE_HINT = "write exactly three hyphens '---' on this line (a word processor may have turned two of them into '—')"
_FRONT_MATTER_HINT = "start the file with a line '---', then the fields, then a line '---', then the text"
INVALID_CHARACTER = Kind("the text holds an invalid character", _CHARACTER_HINT)
INVISIBLE = Kind("the invisible character U+{code:04X} is not allowed here", _CHARACTER_HINT)
TOO_LARGE = Kind("the YAML is larger than {limit:,} bytes", "split the content or shorten it")
TOO_DEEP = Kind("the YAML is nested deeper than {limit} levels", "flatten it")
SEVERAL_DOCUMENTS = Kind("the file holds more than one YAML document", "remove the extra '---' line")
KEY_NOT_TEXT = Kind("a key must be plain text", "write 'name: value'")
DUPLICATE_KEY = Kind("the key '{key}' appears twice (first on line {first})", "keep only one of them")
NO_FRONT_MATTER = Kind("the file has no front matter", _FRONT_MATTER_HINT)
FENCE_NOT_OPENED = Kind(
    "the front matter does not start: the first line is '{written}', not three hyphens '---'", _FENCE_HINT
)
FENCE_TYPED = Kind("the front matter is not closed: this line is '{written}', not three hyphens '---'", _FENCE_HINT)
NOT_CLOSED = Kind("the front matter is not closed", "add a line '---' after the last field, before the text")
NOT_CLOSED_BEFORE = Kind(
    "the front matter is not closed before the text", "add a line '---' above this line, after the last field"
)


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


Refuse = Callable[[Slip], DocumentError]


def parse_yaml(text: str, path: str, first_line: int = 1) -> Node:
    """Parse one YAML document; `first_line` is its first line in the file."""
    refuse = _refuser(path, first_line)
    text = text.removeprefix("\ufeff")  # PyYAML skips it too, and counts columns after it
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise refuse(Slip(INVALID_CHARACTER, text.count("\n", 0, error.start))) from None
    if size > MAX_BYTES:
        raise refuse(Slip(TOO_LARGE, 0, {"limit": MAX_BYTES}))
    lines = text.splitlines()
    try:  # events are read one at a time, so refusing deep nesting costs nothing
        return _Builder(yaml.parse(text, Loader=_Loader), refuse, first_line, lines).document()
    except yaml.reader.ReaderError as error:
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise refuse(Slip(INVISIBLE, text.count("\n", 0, error.position), {"code": code})) from None
    except yaml.MarkedYAMLError as error:
        raise refuse(syntax_slip(text, error)) from None
    except yaml.YAMLError as error:
        raise refuse(Slip(INVALID_YAML, 0, {"what": str(error)})) from None


def split_front_matter(text: str, path: str) -> tuple[Node, str, int]:
    """Split `---` front matter from a Markdown body: (front matter, body, body's first line)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # files saved on Windows
    lines = text.split("\n")
    opening = _FENCE.match(text)
    if not opening:
        typed = _TYPED_FENCE.fullmatch(lines[0].strip()) and lines[0].strip()
        problem = FENCE_NOT_OPENED.at(path, 1, written=typed) if typed else NO_FRONT_MATTER.at(path, 1)
        raise DocumentError(problem)
    closing = _FENCE.search(text, opening.end())
    if not closing:
        raise DocumentError(_not_closed(lines, path))
    front = text[opening.end() + 1 : closing.start()]
    body = text[closing.end() + 1 :]
    node = parse_yaml(front, path, first_line=2)
    return node, body, text.count("\n", 0, closing.end()) + 2


def _not_closed(lines: list[str], path: str) -> Problem:
    """Return the problem of front matter with no closing '---': a dash a word processor made, or the text's line."""
    for number, line in enumerate(lines[1:], 2):
        if _TYPED_FENCE.fullmatch(line.rstrip()):
            return FENCE_TYPED.at(path, number, written=line.rstrip())
    for number, line in enumerate(lines[1:], 2):
        if line.strip() and not line[:1].isspace() and not _yaml_like(line):
            return NOT_CLOSED_BEFORE.at(path, number)
    return NOT_CLOSED.at(path, 1)


def _yaml_like(line: str) -> bool:
    """Return True for a line that reads as front matter: 'key: value', '- entry' or a comment."""
    return bool(re.match(r"[\w.-]+ *:(\s|$)|- |#", line))


def _refuser(path: str, first_line: int) -> Refuse:
    """Return a function that makes a DocumentError of a slip at a 0-based line of the document."""

    def refuse(slip: Slip) -> DocumentError:
        line = slip.line + first_line if slip.line >= 0 else 0
        return DocumentError(slip.kind.at(path, line, **slip.values))

    return refuse


class _Builder:
    """Turn a YAML event stream into nodes, refusing features content must not use and text it would misread."""

    def __init__(self, events: Iterator[yaml.Event], refuse: Refuse, first_line: int, lines: list[str]) -> None:
        self.events = events
        self.ahead: yaml.Event | None = None
        self.refuse = refuse
        self.first_line = first_line
        self.lines = lines  # the source, to tell what was written from what YAML read

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
            raise self.refuse(Slip(SEVERAL_DOCUMENTS, _line_of(self.peek())))
        return node

    def node(self, depth: int) -> Node:
        """Build the node starting at the next event."""
        event = self.next()
        line = _line_of(event)
        if depth > MAX_DEPTH:
            raise self.refuse(Slip(TOO_DEEP, line, {"limit": MAX_DEPTH}))
        slip = misreadings.marked(self.lines, event) if isinstance(event, yaml.NodeEvent) else None
        slip = slip or misreadings.dash_without_space(self.lines, misreadings.written(event))
        if slip:
            raise self.refuse(slip)
        shown = line + self.first_line
        if isinstance(event, yaml.ScalarEvent):
            return Scalar(event.value, quoted=bool(event.style), line=shown)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self.node(depth + 1))
            self.next()
            return SequenceNode(tuple(items), shown)
        return self.mapping(shown, depth, flow=bool(getattr(event, "flow_style", False)))

    def mapping(self, shown: int, depth: int, flow: bool) -> MappingNode:
        """Build a mapping after its start event, refusing complex and duplicate keys and misread entries."""
        entries: dict[str, Entry] = {}
        before: tuple[str, misreadings.Written | None] | None = None
        while not isinstance(self.peek(), yaml.MappingEndEvent):
            key_event = misreadings.written(self.peek())
            key = self.node(depth + 1)
            if not isinstance(key, Scalar):
                raise self.refuse(Slip(KEY_NOT_TEXT, key.line - self.first_line))
            if key.text in entries:
                values = {"key": key.text, "first": entries[key.text].line}
                raise self.refuse(Slip(DUPLICATE_KEY, key.line - self.first_line, values))
            value = misreadings.written(self.peek())
            self._check_entry(key, key_event, value, before if flow else None, flow)
            entries[key.text] = Entry(key.text, key.line, self.node(depth + 1))
            before = (key.text, value)
        self.next()
        return MappingNode(entries, shown)

    def _check_entry(
        self,
        key: Scalar,
        key_event: misreadings.Written | None,
        value: misreadings.Written | None,
        before: tuple[str, misreadings.Written | None] | None,
        flow: bool,
    ) -> None:
        """Refuse an entry that YAML reads otherwise than it was written: a stray key in { }, a text cut by '#'."""
        slip = misreadings.odd_key(key_event)
        if flow and key_event is not None:
            slip = slip or misreadings.stray_key(self.lines, key_event, value, before)
        if not flow:
            slip = slip or misreadings.cut_by_comment(self.lines, key.text, key.line - self.first_line, value)
        if slip:
            raise self.refuse(slip)


def _line_of(event: yaml.Event) -> int:
    """Return the 0-based line an event starts on: the parser marks every event it makes."""
    return event.start_mark.line if event.start_mark else 0
