"""The rules every field of the content obeys, declared once and read by one reader.

A rule turns a located YAML node into a typed value, or records a problem that
says where, what and how to fix it, then returns INVALID so that reading goes
on and every problem of every file is reported at once. The rules of fields that
point somewhere (web and e-mail addresses, pictures) are in `addresses.py`; lists,
mappings and records of rules in `records.py`; the schemas of site.yaml, items and
testimonies (`schemas.py`) are built from them all.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.content import corrections, languages
from sitegen.content.documents import MappingNode, Node, Scalar
from sitegen.errors import Problem

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, newline and carriage return are text
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_INTEGER = re.compile(r"\d+")
MAX_DIGITS = 9  # no count or price needs more; Python's int() refuses thousands of digits


@dataclass
class Reader:
    """Reads the fields of one file, collecting problems instead of stopping."""

    path: str  # as shown in messages
    problems: list[Problem]
    languages: tuple[str, ...] = ("en",)  # the site's languages, default first; () while unknown
    known: Mapping[str, Collection[str]] = field(default_factory=dict)  # "categories" -> slugs
    images: Path | None = None  # content/images/, where image paths point

    def fail(self, line: int, message: str, hint: str) -> Any:
        """Record a problem and return INVALID."""
        self.problems.append(Problem(self.path, line, message, hint))
        return INVALID


def suggest(word: str, choices: Collection[str], fallback: str) -> str:
    """Return a 'did you mean' hint for a misspelt word, or the fallback hint."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else fallback


def listing(choices: Collection[str]) -> str:
    """Return choices as `a, b, c` for messages."""
    return ", ".join(choices) if choices else "(none defined)"


class Rule:
    """Base of the rules: read a node at `name`, or record a problem and return INVALID."""

    @property
    def expected(self) -> str:
        """Say what the rule wants, for messages; a rule with a fixed wording sets it as a class attribute."""
        return "a value"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the value of `node`, or INVALID after recording a problem."""
        raise NotImplementedError

    def scalar(self, node: Node, reader: Reader, name: str) -> str | Any:
        """Return a non-empty scalar's stripped text, or INVALID."""
        if not isinstance(node, Scalar) or node.is_null or not node.text.strip():
            return reader.fail(node.line, *corrections.not_one_value(node, name, self.expected, self.example))
        return node.text.strip()

    example = "..."


@dataclass(frozen=True)
class Text(Rule):
    """Plain text, such as an author's pseudonym."""

    expected = "text"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the text, stripped of surrounding whitespace; control characters are refused."""
        return _without_controls(self.scalar(node, reader, name), node, reader, name)


def _without_controls(text: Any, node: Node, reader: Reader, name: str) -> Any:
    """Return the text, or INVALID when it holds a control character (YAML escapes such as "\\0" write them)."""
    control = CONTROL.search(text) if text is not INVALID else None
    if not control:
        return text
    return reader.fail(
        node.line,
        f"'{name}' holds the invisible character U+{ord(control.group()):04X}",
        "remove it: it may come from text pasted from a PDF or a word processor",
    )


@dataclass(frozen=True)
class Localized(Rule):
    """Text readers see: a string in the default language, or {lang: text}."""

    markdown: bool = False  # the text is Markdown, rendered later
    name: bool = False  # a proper name: a plain string stands for every language
    expected = "text, or a mapping of language to text"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return a model.Localized with the default language first."""
        written = reader.languages or ("und",)  # site.yaml's own languages may be unreadable
        if not isinstance(node, MappingNode):
            text = _without_controls(self.scalar(node, reader, name), node, reader, name)
            if text is INVALID:
                return text
            return model.Localized(tuple((code, text) for code in (written if self.name else written[:1])))
        values = {}
        for key, entry in node.entries.items():
            if key not in reader.languages and (reader.languages or not languages.CODE.fullmatch(key)):
                _not_a_language(key, entry.line, reader, name)
                continue
            values[key] = Text().read(entry.value, reader, f"{name}.{key}")
        if reader.languages and written[0] not in values:
            return reader.fail(
                node.line,
                f"'{name}' has no text in the default language '{written[0]}'",
                f"add '{written[0]}: ...' to it",
            )
        if INVALID in values.values() or not values:
            return INVALID
        order = reader.languages or tuple(values)
        return model.Localized(tuple((code, values[code]) for code in order if code in values))


def _not_a_language(key: str, line: int, reader: Reader, name: str) -> None:
    """Record the problem of a text given in `key`, which is not one of the site's languages."""
    if not languages.CODE.fullmatch(key):
        message = f"'{name}' has an entry '{key}', which is not a language code"
        lines = ", ".join(f"{code}: ..." for code in reader.languages[:2] or ("fr", "en"))
        hint = f"a text is a string, or one line per language ({lines}); quote a text holding ':' or ','"
    elif same := next((code for code in reader.languages if languages.same_language(key, code)), None):
        message = f"'{name}' has text in '{key}', which is not how site.yaml writes this language"
        hint = f"write it '{same}', as site.yaml's languages do"
    elif languages.is_known(key):
        message = f"'{name}' has text in '{key}' ({languages.name_in(key, 'en')}), which is not a site language"
        hint = f"add '{key}' to site.yaml's languages, or to draft_languages to prepare it before it is published"
    else:
        message = f"'{name}' has text in '{key}', which is not a language code"
        hint = suggest(key, reader.languages, _code_hint(key))
    reader.fail(line, message, hint)


@dataclass(frozen=True)
class Size(Localized):
    """A size, the same in every language unless given per language: 42, S, {fr: 6 mois, en: 6 months}."""

    name: bool = True


@dataclass(frozen=True)
class Choice(Rule):
    """One of a fixed set of words, such as an urgency."""

    choices: tuple[str, ...]

    @property
    def expected(self) -> str:
        """Name the choices."""
        return f"one of {listing(self.choices)}"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the chosen word."""
        word = self.scalar(node, reader, name)
        if word is INVALID or word in self.choices:
            return word
        fallback = f"use one of {listing(self.choices)}"
        hint = corrections.choice(word, self.choices, name) or suggest(word, self.choices, fallback)
        return reader.fail(node.line, f"'{name}' is '{word}', which is not {self.expected}", hint)


TO_CHOOSE = "CHOOSE"  # what `new item` writes where a slug is left to choose: no slug is in capitals


@dataclass(frozen=True)
class Ref(Rule):
    """The slug of something defined elsewhere: an item, a category."""

    collection: str  # a key of Reader.known: "categories", "items"
    where: str  # where such slugs are defined, for the hint

    @property
    def expected(self) -> str:
        """Say what the slug names."""
        return f"slugs from {self.where}"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the slug when it names something that exists."""
        slug = self.scalar(node, reader, name)
        if slug == TO_CHOOSE:  # left by `new item`: a choice, not a typo, so no 'did you mean'
            choices = sorted(reader.known.get(self.collection, ()))
            hint = f"replace {TO_CHOOSE} with one of {listing(choices)} (from {self.where})"
            return reader.fail(node.line, f"'{name}' is not chosen yet", hint)
        if self.collection not in reader.known:  # unknown while the file defining them is broken
            return slug
        known = reader.known[self.collection]
        if slug is INVALID or slug in known:
            return slug
        hint = suggest(slug, known, f"use one of {listing(sorted(known))}, or add it to {self.where}")
        return reader.fail(node.line, f"'{name}' refers to '{slug}', which does not exist in {self.where}", hint)


@dataclass(frozen=True)
class Integer(Rule):
    """A whole number of at least zero."""

    expected = "a whole number, 0 or more"
    example = "12"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the number as an int."""
        text = self.scalar(node, reader, name)
        if text is INVALID or not _INTEGER.fullmatch(text):
            hint = corrections.count(str(text), name) or f"write {name}: 12"
            return (
                text
                if text is INVALID
                else reader.fail(node.line, f"'{name}' is '{text}', which is not {self.expected}", hint)
            )
        return int(text) if len(text) <= MAX_DIGITS else _too_large(node, reader, name)


@dataclass(frozen=True)
class Number(Rule):
    """An amount such as a price: digits with an optional decimal point."""

    expected = "a number such as 39.90"
    example = "39.90"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the number as a Decimal, exactly as written."""
        text = self.scalar(node, reader, name)
        if text is INVALID or not _NUMBER.fullmatch(text):
            hint = corrections.amount(str(text), name) or f"write {name}: 39.90"
            return (
                text
                if text is INVALID
                else reader.fail(node.line, f"'{name}' is '{text}', which is not {self.expected}", hint)
            )
        return Decimal(text) if len(text) <= 2 * MAX_DIGITS else _too_large(node, reader, name)


def _too_large(node: Node, reader: Reader, name: str) -> Any:
    """Record that a number has more digits than any real count or price."""
    return reader.fail(node.line, f"'{name}' is too large", f"write a number under {10**MAX_DIGITS:,}")


@dataclass(frozen=True)
class Date(Rule):
    """A date to the year, month or day: 2020, 2020-12 or 2020-12-03."""

    expected = "a date written YYYY, YYYY-MM or YYYY-MM-DD"
    example = "2020-12-03"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return a model.PartialDate for a real calendar date."""
        text = self.scalar(node, reader, name)
        if text is INVALID:
            return text
        match = _DATE.fullmatch(text)
        if match:
            year = int(match.group(1))
            month, day = (int(part) if part else None for part in match.groups()[1:])
            try:  # a written 00 is not "unknown": only a missing part is
                datetime.date(year, 1 if month is None else month, 1 if day is None else day)
                return model.PartialDate(year, month or 0, day or 0)
            except ValueError:
                pass
        return reader.fail(
            node.line,
            f"'{name}' is '{text}', which is not {self.expected}",
            corrections.date(text, name) or f"write {name}: {self.example} (or just the year, or year and month)",
        )


@dataclass(frozen=True)
class MonthDay(Rule):
    """A day of every year, written MM-DD: 11-01 is the first of November."""

    expected = "a day of the year written MM-DD, such as 11-01"
    example = "11-01"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return (month, day) for a day that exists in some year (02-29 does)."""
        text = self.scalar(node, reader, name)
        match = re.fullmatch(r"(\d{2})-(\d{2})", text) if text is not INVALID else None
        if text is INVALID or match is None or not _is_day(int(match[1]), int(match[2])):
            hint = f"write {name}: {self.example} (month, then day)"
            return (
                text
                if text is INVALID
                else reader.fail(node.line, f"'{name}' is '{text}', which is not {self.expected}", hint)
            )
        return int(match[1]), int(match[2])


def _is_day(month: int, day: int) -> bool:
    """Return True for a day of some year: 02-29 is one, 02-30 is not."""
    try:
        datetime.date(2000, month, day)  # a leap year
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Flag(Rule):
    """A yes/no switch, written true or false (YAML's yes/no/on/off are refused)."""

    expected = "true or false"
    example = "true"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the boolean."""
        text = self.scalar(node, reader, name)
        if text is INVALID or (isinstance(node, Scalar) and not node.quoted and text in ("true", "false")):
            return text if text is INVALID else text == "true"
        hint = corrections.flag(text, name, isinstance(node, Scalar) and node.quoted) or f"write {name}: true"
        return reader.fail(node.line, f"'{name}' is '{text}', which is not {self.expected}", hint)


@dataclass(frozen=True)
class Language(Rule):
    """A language code CLDR knows, such as fr, en, ar, prs (Dari), ckb (Sorani), fa-AF."""

    localised: bool = False  # the site is shown in it, so CLDR must have its dates and numbers
    expected = "a language code such as fr, en or ar"
    example = "fr"

    def read(self, node: Node, reader: Reader, name: str) -> Any:
        """Return the code when CLDR knows it (and has its dates and numbers, if asked)."""
        text = self.scalar(node, reader, name)
        if text is INVALID:
            return text
        if not languages.is_known(text):
            return reader.fail(node.line, f"'{name}' is '{text}', which is not a language code", _code_hint(text))
        if self.localised and not languages.has_formats(text):
            return reader.fail(
                node.line,
                f"'{name}' is '{text}' ({languages.name_in(text, 'en')}), a language whose dates and numbers "
                "CLDR does not have, so pages cannot be shown in it",
                "testimonies can still be written in it (lang:); choose a related language for the site's pages",
            )
        return text


def _code_hint(code: str) -> str:
    """Return how to write a language code, with the one `code` most likely meant."""
    close = languages.suggestion(code)
    meant = f"did you mean '{close}' ({languages.name_in(close, 'en')})? " if close else ""
    return f"{meant}a code is {languages.RULE}"


def slugify(text: str) -> str:
    """Return a slug for text: 'Sac de Couchage!' => 'sac-de-couchage'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "untitled"
