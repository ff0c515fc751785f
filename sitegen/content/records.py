"""Rules made of rules: lists, slug-keyed mappings and records of named fields.

A Record reports unknown fields with a "did you mean" hint and missing required
fields with what to write, then fills in the defaults of the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.content.documents import MappingNode, Node, SequenceNode
from sitegen.content.rules import INVALID, SLUG, Reader, Rule, listing, slugify, suggest


@dataclass(frozen=True)
class ListOf(Rule):
    """A list of values that all follow one rule."""

    rule: Rule
    minimum: int = 0  # fewest entries allowed
    unique: bool = False  # an entry may appear only once

    @property
    def expected(self) -> str:
        """Describe the list."""
        return f"a list of {self.rule.expected}"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return a tuple of the entries, or INVALID when any is invalid."""
        if not isinstance(node, SequenceNode):
            return reader.fail(node.line, f"'{name}' must be {self.expected}", f"write {name}: [first, second]")
        if len(node.items) < self.minimum:
            return reader.fail(
                node.line,
                f"'{name}' needs at least {self.minimum} entr{'y' if self.minimum == 1 else 'ies'}",
                f"add {'one' if self.minimum == 1 else 'them'}",
            )
        values = tuple(self.rule.read(item, reader, f"{name}[{n}]") for n, item in enumerate(node.items, 1))
        if INVALID in values:
            return INVALID
        twice = [value for n, value in enumerate(values) if value in values[:n]]
        if self.unique and twice:
            return reader.fail(node.line, f"'{name}' lists '{twice[0]}' twice", "list each one once")
        return values


@dataclass(frozen=True)
class MapOf(Rule):
    """An ordered mapping of slug to value, such as the categories."""

    rule: Rule
    expected = "a mapping of slug to value"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return a tuple of (slug, value) pairs in source order."""
        if not isinstance(node, MappingNode):
            return reader.fail(
                node.line, f"'{name}' must be {self.expected}", f"write {name}: then 'slug: value' lines"
            )
        pairs = []
        for key, entry in node.entries.items():
            if not SLUG.fullmatch(key):
                reader.fail(
                    entry.line,
                    f"'{key}' in '{name}' is not a valid slug",
                    f"use lowercase letters, digits and hyphens, such as '{slugify(key)}'",
                )
                continue
            pairs.append((key, self.rule.read(entry.value, reader, f"{name}.{key}")))
        return INVALID if any(value is INVALID for _, value in pairs) else tuple(pairs)


@dataclass(frozen=True)
class Field:
    """One field of a record: its rule, whether it is required, and what it means."""

    rule: Rule
    required: bool = False
    default: Any = None  # the value when the field is absent
    doc: str = ""  # one line for volunteers and editor schemas


@dataclass(frozen=True)
class Record(Rule):
    """A mapping of known fields; unknown and missing fields are problems."""

    fields: Mapping[str, Field]
    expected = "a mapping of fields"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return {field: value} with defaults filled in, or INVALID after recording problems."""
        prefix = f"{name}." if name else ""
        if not isinstance(node, MappingNode):
            return reader.fail(
                node.line,
                f"'{name or 'the file'}' must be {self.expected}",
                f"write one 'field: value' per line ({listing(self.fields)})",
            )
        values: dict[str, Any] = {}
        for key, entry in node.entries.items():
            if key not in self.fields:
                hint = suggest(key, self.fields, f"known fields: {listing(self.fields)}")
                values[key] = reader.fail(entry.line, f"unknown field '{prefix}{key}'", hint)
            else:
                values[key] = self.fields[key].rule.read(entry.value, reader, prefix + key)
        for key, spec in self.fields.items():
            if key in node.entries:
                continue
            if spec.required:
                values[key] = reader.fail(
                    node.line,
                    f"the required field '{prefix}{key}' is missing",
                    f"add '{prefix}{key}:' ({spec.doc or spec.rule.expected})",
                )
            else:
                values[key] = spec.default
        return INVALID if INVALID in values.values() else values


def record(**fields: Field) -> Record:
    """Return a Record of the given fields, in order."""
    return Record(fields)


def optional(rule: Rule, doc: str, default: Any = None) -> Field:
    """Return an optional field."""
    return Field(rule, required=False, default=default, doc=doc)


def required(rule: Rule, doc: str) -> Field:
    """Return a required field."""
    return Field(rule, required=True, doc=doc)
