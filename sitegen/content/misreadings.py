"""Valid YAML that does not say what the volunteer wrote: a comma that splits a text, a '#' that cuts it.

    name: {fr: Batterie, en: 10,000 mAh}   =>  'en' is '10' and '000 mAh' a key of its own
    summary: Lot #1 du camp                =>  'summary' is 'Lot', the rest a comment
    accent: #0b5e55                        =>  'accent' is empty, the colour a comment
    items:
      -tente                               =>  'items' is the text '-tente', not a list

`documents.py` asks these functions about each event it reads; each returns the
slip to report, or None. Lines are 0-based lines of the YAML text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from sitegen.content.lines import ODD_SPACES, indent, key_before, quoted, space, written_from
from sitegen.content.slips import ANCHOR, NO_SPACE_AFTER_COLON, ODD_INDENT, Slip, quote_value_slip
from sitegen.errors import Kind

FLOW_COMMA = Kind(
    "a comma inside {{ }} ends an entry, so '{stray}' became a key of its own", "put the text in quotes: {key}{quoted}"
)
FLOW_STRAY = Kind(
    "'{stray}' inside {{ }} is not written 'key: value'",
    "write each entry 'key: value', separated by commas; put a text that holds a comma in quotes",
)
COMMENT_CUT = Kind(
    "a ' #' starts a comment, so '{key}' is read as {kept} and the rest of the line is ignored",
    "put the whole text in quotes: {key}: {quoted} (a comment needs a space after '#')",
)
DASH_NO_SPACE = Kind(
    "'{written}' has no space after the dash, so it is not a list entry", "put a space after each dash: {fixed}"
)
ODD_BEFORE_COLON = Kind(
    "there is a {space} (U+{code:04X}) between '{key}' and its colon",
    "remove it and write {key}: with the colon right after the name (French word processors add this space)",
)
COLOUR_CUT = Kind(
    "a ' #' starts a comment, so '{key}' is empty and its colour {colour} is ignored",
    'put the colour in quotes: {key}: "{colour}"',
)
TEXT_AS_TAG = Kind("'{written}' starts with '!', which YAML reads as a tag", "put the text in quotes: {key}{quoted}")
TAG = Kind("YAML tags such as '{tag}' are not allowed", "remove the tag ('!...')")
_CUT = re.compile(r"[ \t]+#[^\s#]")  # a comment right after a text, its '#' stuck to a word: '#1', '#hashtag'
_NO_DASH_SPACE = re.compile(r"-[^\s\d-]")
_COLOUR = re.compile(r"[ \t]+(#[0-9a-fA-F]{6})[ \t]*")  # 'accent: #0b5e55': the colour is all the comment


def marked(lines: list[str], event: yaml.NodeEvent) -> Slip | None:
    """Return the slip of an anchor, alias or tag, most often a text that starts with '&', '*' or '!'."""
    mark = event.start_mark
    text = lines[mark.line] if mark and mark.line < len(lines) else ""
    column = mark.column if mark else 0
    if isinstance(event, yaml.AliasEvent) or event.anchor:
        written = written_from(text, column)
        values = {"written": written, "char": written[:1], "key": key_before(text, column), "quoted": quoted(written)}
        return Slip(ANCHOR, mark.line if mark else 0, values)
    tag = getattr(event, "tag", None)
    if not tag or _implicit(event):
        return None
    if isinstance(event, yaml.ScalarEvent) and tag.startswith("!") and not tag.startswith("!!"):
        written = written_from(text, column)
        values = {"written": written, "key": key_before(text, column), "quoted": quoted(written)}
        return Slip(TEXT_AS_TAG, mark.line if mark else 0, values)
    return Slip(TAG, mark.line if mark else 0, {"tag": tag})


def _implicit(event: yaml.NodeEvent) -> bool:
    """Return True when an event's tag was not written by the author."""
    implicit = getattr(event, "implicit", False)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)


@dataclass(frozen=True, slots=True)
class Written:
    """A scalar as it was written: its text, whether without quotes, and where it starts and ends."""

    value: str
    plain: bool
    line: int
    column: int
    end_line: int
    end_column: int


def written(event: yaml.Event) -> Written | None:
    """Return how a scalar event was written, or None for any other event."""
    start, end = event.start_mark, event.end_mark
    if not isinstance(event, yaml.ScalarEvent) or start is None or end is None:
        return None
    return Written(event.value, not event.style, start.line, start.column, end.line, end.column)


def stray_key(
    lines: list[str], key: Written, value: Written | None, before: tuple[str, Written | None] | None
) -> Slip | None:
    """Return the slip of an entry of a { } written without ':', most often the rest of a text cut by a comma.

    `before` is the entry before it, (key, value), when there is one.
    """
    text = _line(lines, key.end_line)
    if not (key.plain and value and value.plain and value.value == "") or text[key.end_column :].lstrip(" ")[:1] == ":":
        return None
    if ":" in key.value:
        fixed = key.value.replace(":", ": ", 1)
        return Slip(NO_SPACE_AFTER_COLON, key.line, {"written": key.value, "fixed": fixed})
    meant = before[1] if before else None
    if before is None or meant is None or not meant.plain or meant.line != key.end_line:
        return Slip(FLOW_STRAY, key.line, {"stray": key.value})
    whole = text[meant.column : key.end_column]  # the text as it was meant: 10,000 mAh power bank
    smart = quote_value_slip(f"{before[0]}: ", whole, key.line)
    return smart or Slip(FLOW_COMMA, key.line, {"stray": key.value, "key": f"{before[0]}: ", "quoted": quoted(whole)})


def _line(lines: list[str], line: int) -> str:
    """Return a line, or '' past the end."""
    return lines[line] if 0 <= line < len(lines) else ""


def cut_by_comment(lines: list[str], key: str, key_line: int, value: Written | None) -> Slip | None:
    """Return the slip of a text whose end YAML took for a comment: 'summary: Lot #1 du camp'."""
    if value is None or not value.plain or (value.value == "" and value.end_line != key_line):
        return None
    rest = _line(lines, value.end_line)[value.end_column :]
    if not _CUT.match(rest):
        return None
    colour = _COLOUR.fullmatch(rest)
    if colour and not value.value:
        return Slip(COLOUR_CUT, value.end_line, {"key": key, "colour": colour[1]})
    kept = f"'{value.value}'" if value.value else "empty"
    whole = f"{value.value}{rest}".strip()
    return Slip(COMMENT_CUT, value.end_line, {"key": key, "kept": kept, "quoted": quoted(whole)})


def dash_without_space(lines: list[str], scalar: Written | None) -> Slip | None:
    """Return the slip of a line starting '-tente': a list entry without the space after its dash."""
    if scalar is None or not scalar.plain or not _NO_DASH_SPACE.match(scalar.value):
        return None
    text = _line(lines, scalar.line)
    if indent(text) != scalar.column:  # 'summary: -20%' is a text
        return None
    shown = text.strip() if "{" in text else text.strip().split(" ", 1)[0]
    return Slip(DASH_NO_SPACE, scalar.line, {"written": shown, "fixed": f"- {shown[1:]}"})


def odd_key(key: Written | None) -> Slip | None:
    """Return the slip of a key indented, or followed before its colon, by a no-break or other unusual space."""
    if key is None or not key.value:
        return None
    if key.value[0] in ODD_SPACES:
        return Slip(ODD_INDENT, key.line, space(key.value[0]))
    if key.value[-1] in ODD_SPACES:
        return Slip(ODD_BEFORE_COLON, key.line, {**space(key.value[-1]), "key": key.value.strip(ODD_SPACES + " ")})
    return None
