"""The YAML slips volunteers make, named in plain words at the line where they made them.

PyYAML says what its parser expected, often on the line after the slip; these
functions read the lines themselves to find the slip and its line:

    summary: Attention: fragile            =>  the text holds ': ' ... put it in quotes
    name: {fr: Batterie, en: 10,000 mAh}   =>  a comma inside { } ends an entry ...
    quote: 'Elle m'a dit'                  =>  an apostrophe inside '...' ends the text ...

Some slips are valid YAML that means something else than what was written (a
comma that splits a text, a '#' that cuts it); `documents.py` asks for them event
by event. Lines here are 0-based lines of the YAML text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from sitegen.content.lines import (
    FIELD,
    ODD_SPACES,
    TYPOGRAPHIC_QUOTES,
    closing,
    field_and_value,
    indent,
    key_before,
    previous,
    quoted,
    space,
    written_from,
)
from sitegen.errors import Kind

_QUOTE_IT = "put the text in quotes: {key}{quoted}"
TAB = Kind("a tab is used for indentation", "indent with spaces only")
TAB_INSIDE = Kind("a tab stands where YAML expects a space", "replace the tab with a space")
ODD_INDENT = Kind(
    "this line is indented with a {space} (U+{code:04X}), which YAML does not count as a space",
    "indent it with ordinary spaces: word processors and web pages insert this one",
)
ODD_AFTER_COLON = Kind(
    "the space after '{key}:' is a {space} (U+{code:04X}), so YAML does not see a field",
    "type an ordinary space after the colon: {key}: {value}",
)
NO_SPACE_AFTER_COLON = Kind(
    "'{written}' has no space after the colon, so YAML reads it as one word", "put a space after the colon: {fixed}"
)
NO_COLON = Kind(
    "'{written}' has no ':', so YAML cannot tell a field from its value",
    "write 'field: value'; if this line continues the text above, indent it",
)
COLON_IN_TEXT = Kind("the text holds ': ', which YAML reads as the start of another field", _QUOTE_IT)
SMART_QUOTES = Kind(
    "the text is between typographic quotes {quote}, which YAML does not read as quotes",
    "use straight quotes instead: {key}{quoted}",
)
QUOTE_NOT_CLOSED = Kind(
    "the quote {quote} that opens this text is not closed on this line",
    "add the closing {quote} at the end of the text: {key}{quoted}",
)
APOSTROPHE = Kind(
    "an apostrophe inside '...' ends the text there",
    "put the text in double quotes: {key}{quoted} (or write the apostrophe twice: '')",
)
TEXT_AFTER_QUOTE = Kind(
    "the text starts with a quote, so YAML ends it at the next {quote} and cannot read '{rest}'",
    "put the whole text in quotes: {key}{quoted}",
)
SPECIAL_START = Kind("a text cannot start with {char} unless it is in quotes", _QUOTE_IT)
ANCHOR = Kind(
    "'{written}' starts with '{char}', which YAML reads as an anchor or an alias: they are not allowed here",
    "if it is text, put it in quotes: {key}{quoted}; otherwise write the value out in full",
)
BLOCK_SAME_LINE = Kind(
    "text after '{indicator}' on the same line: the text of a '{indicator}' block starts on the next line",
    "move '{rest}' to the next line, indented by two spaces more than '{key}'",
)
COMMENT_IN_FLOW = Kind(
    "a ' #' starts a comment, so the rest of the line, with its closing '{closing}', is ignored", _QUOTE_IT
)
NOT_CLOSED = Kind("the '{opening}' opened on this line is never closed", "add '{closing}' after its last entry")
MORE_INDENTED = Kind(
    "'{key}' is indented more than the line above, so YAML reads it as part of the value of '{above}'",
    "line '{key}:' up with '{above}:' (the same number of spaces before it), or put a text in quotes",
)
MISALIGNED = Kind(
    "'{key}' is not lined up with the fields above it", "indent it like the field it goes with: {options}"
)
EXTRA_CLOSING = Kind("there is one '{char}' too many on this line", "remove the extra '{char}'")
LIST_AMONG_FIELDS = Kind(
    "a list entry '- ...' stands among fields written 'name: value'",
    "a list goes under its own field ('ways:' alone on the line above), and every entry of it starts with '- '",
)
FIELD_AMONG_LIST = Kind(
    "'{key}' is lined up with the '-' of the list above, so it belongs to none of its entries",
    "indent it {more} more spaces, under '{first}', to make it part of that entry (or start it with '- ')",
)
INVALID = Kind(
    "invalid YAML: {what}",
    "check the indentation and the quoting on this line or the one before; "
    "text containing ': ' or starting with a special character needs quotes",
)

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_SPECIAL = {"@": "'@'", "`": "a backquote '`'", "%": "'%'", "|": "'|'", ">": "'>'"}


@dataclass(frozen=True, slots=True)
class Slip:
    """A slip found in the YAML: its kind, its 0-based line, and the words to fill into the kind."""

    kind: Kind
    line: int
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where PyYAML stopped (line, column) and where the construct it was reading began."""

    lines: list[str]
    line: int
    column: int
    start: int  # the line of the context mark, or the problem's line
    start_column: int

    def text(self, line: int) -> str:
        """Return a line, or '' past the end."""
        return self.lines[line] if 0 <= line < len(self.lines) else ""


def syntax_slip(text: str, error: yaml.MarkedYAMLError) -> Slip:
    """Return the slip behind a YAML syntax error, at the line where the volunteer made it."""
    mark, context = error.problem_mark or error.context_mark, error.context_mark or error.problem_mark
    lines = text.splitlines()
    line, column = (mark.line, mark.column) if mark else (0, 0)
    start, start_column = (context.line, context.column) if context else (line, column)
    at = _Place(lines, line, column, min(start, line), start_column)
    tab = _TAB_INDENT.search(text)
    if tab:  # PyYAML's words for a tab ("cannot start any token") say nothing useful
        return Slip(TAB, text.count("\n", 0, tab.start()))
    found = _odd_space(at) or _by_context(at, error.context or "", error.problem or "")
    return found or Slip(INVALID, line, {"what": error.problem or error.context or "the parser stopped here"})


def _by_context(at: _Place, context: str, problem: str) -> Slip | None:
    """Return the slip for what PyYAML was reading when it stopped (the same words in libyaml and PyYAML)."""
    if "quoted scalar" in context:
        return _quote_slip(at, at.start) or _unclosed_quote(at)
    if "block scalar" in context:
        return _text_after_indicator(at)
    if "alias" in context or "anchor" in context:
        return _anchor(at.text(at.start), at.start, at.start_column)
    if "cannot start any token" in problem:
        return _special_start(at)
    if "simple key" in context:
        return _missing_colon(at, at.start)
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(at)
    if "flow" in context:
        return _flow_slip(at)
    if "block mapping" in context:
        return _block_mapping_slip(at)
    if "block collection" in context:
        return _field_among_list(at)
    return None


def _odd_space(at: _Place) -> Slip | None:
    """Return a slip for a no-break or other unusual space in the indentation or after a colon, near the error."""
    for line in range(at.start, min(at.line, len(at.lines) - 1) + 1):
        text = at.text(line)
        first = text[indent(text) : indent(text) + 1]
        if first and first in ODD_SPACES:
            return Slip(ODD_INDENT, line, space(first))
        match = FIELD.fullmatch(text)
        after = match["after"] if match else ""
        if match and after[:1] and after[0] in ODD_SPACES:
            return Slip(ODD_AFTER_COLON, line, {**space(after[0]), "key": match["key"], "value": after.strip()})
    return None


def _missing_colon(at: _Place, line: int) -> Slip:
    """Return the slip of a line YAML read as one long key: no space after the colon, or no colon."""
    text = at.text(line)
    match = FIELD.fullmatch(text)
    after = match["after"] if match else ""
    if match and after[:1] in tuple(ODD_SPACES):
        return Slip(ODD_AFTER_COLON, line, {**space(after[0]), "key": match["key"], "value": after.strip()})
    if match and after[:1] and not after.startswith(" "):
        written = f"{match['key']}:{after}".strip()
        return Slip(NO_SPACE_AFTER_COLON, line, {"written": written, "fixed": f"{match['key']}: {after}"})
    return Slip(NO_COLON, line, {"written": text.strip()})


def _unclosed_quote(at: _Place) -> Slip:
    """Return the slip of a quote that runs to the end of the file."""
    text = at.text(at.start)
    quote = text[at.start_column : at.start_column + 1] or '"'
    written = text[at.start_column + 1 :].strip()
    return Slip(QUOTE_NOT_CLOSED, at.start, {"quote": quote, "key": key_before(text, at.start_column), **_q(written)})


def _q(text: str) -> dict[str, object]:
    """Return the 'quoted' value of a hint."""
    return {"quoted": quoted(text)}


def _quote_slip(at: _Place, line: int) -> Slip | None:
    """Return the slip of a quoted text on a line that does not end where its quote closes."""
    text = at.text(line)
    written = field_and_value(text)
    if written is not None and written[1][:1] not in ("{", "["):
        return quote_value_slip(written[0], written[1], line)
    if written is None or line != at.line:
        return None
    key, value = _flow_entry(text, at.column)  # inside { }: the entry where PyYAML stopped
    return quote_value_slip(key, value, line)


def _flow_entry(text: str, column: int) -> tuple[str, str]:
    """Return ('key: ', value) of the entry of a { } or [ ] around column: ('', value) in a [ ]."""
    start = max(text.rfind(mark, 0, column) for mark in "{[,") + 1
    ends = [found for mark in ",}]" if (found := text.find(mark, column)) >= 0]
    entry = text[start : min(ends, default=len(text))].strip()
    match = re.match(r"([\w-]+)[ ]*:[ ]+(.*)", entry)
    return (f"{match[1]}: ", match[2]) if match else ("", entry)


def quote_value_slip(key: str, value: str, line: int) -> Slip | None:
    """Return the slip of a value that starts with a quote and goes on after the quote that closes it."""
    if value[:1] in TYPOGRAPHIC_QUOTES:
        close = TYPOGRAPHIC_QUOTES[value[0]]
        inner = value[1:].rstrip(close + "”’»")
        return Slip(SMART_QUOTES, line, {"quote": value[0] + close, "key": key, **_q(inner)})
    if value[:1] not in ("'", '"'):
        return None
    end = closing(value)
    if end is None:
        return Slip(QUOTE_NOT_CLOSED, line, {"quote": value[0], "key": key, **_q(value[1:])})
    rest = value[end + 1 :]
    if not rest.strip() or rest.lstrip().startswith("#"):
        return None
    if value[0] == "'" and rest[0].isalnum():  # m'a, l'abri: an apostrophe, not the end
        return Slip(APOSTROPHE, line, {"key": key, **_q(value[1:].removesuffix("'"))})
    return Slip(TEXT_AFTER_QUOTE, line, {"quote": value[0], "rest": rest.strip(), "key": key, **_q(value)})


def _text_after_indicator(at: _Place) -> Slip:
    """Return the slip of text written on the line of a '|' or '>'."""
    text = at.text(at.start)
    rest = text[at.start_column + 1 :].lstrip("|>+-0123456789 ").strip()
    key = key_before(text, at.start_column).removesuffix(": ") or "the field"
    return Slip(BLOCK_SAME_LINE, at.start, {"indicator": text[at.start_column], "rest": rest, "key": key})


def _anchor(text: str, line: int, column: int) -> Slip:
    """Return the slip of a text that starts with '&' or '*'."""
    written = written_from(text, column)
    return Slip(ANCHOR, line, {"written": written, "char": written[:1], "key": key_before(text, column), **_q(written)})


def _special_start(at: _Place) -> Slip:
    """Return the slip of a character that cannot start a YAML value: a tab, '@', '`' or '%'."""
    text = at.text(at.line)
    char = text[at.column : at.column + 1]
    if char == "\t":
        return Slip(TAB_INSIDE, at.line)
    written = written_from(text, at.column)
    values = {"char": _SPECIAL.get(char, f"'{char}'"), "key": key_before(text, at.column), **_q(written)}
    return Slip(SPECIAL_START, at.line, values)


def _colon_in_text(at: _Place) -> Slip | None:
    """Return the slip behind 'mapping values are not allowed': a ': ' in a text, or a line indented too far."""
    text, above = at.text(at.line), previous(at.lines, at.line)
    match = FIELD.fullmatch(text)
    if match and match.end("key") < at.column and match["after"].startswith(" "):
        key, value = f"{match['key']}: ", match["after"].strip(" ")
        return quote_value_slip(key, value, at.line) or Slip(COLON_IN_TEXT, at.line, {"key": key, **_q(value)})
    continued = field_and_value(at.text(above)) if above is not None else None
    if match is None:  # a line of text that goes on from the field above
        key, value = continued if continued else ("", "")
        return Slip(COLON_IN_TEXT, at.line, {"key": key, **_q(f"{value} {text.strip()}".strip())})
    if above is None:
        return None
    above_match = FIELD.fullmatch(at.text(above))
    if above_match and not continued:
        return _missing_colon(at, above)
    if above_match and match.start("key") > above_match.start("key"):
        return Slip(MORE_INDENTED, at.line, {"key": match["key"], "above": above_match["key"]})
    return None


def _flow_slip(at: _Place) -> Slip | None:
    """Return the slip inside '{ }' or '[ ]': a comment, a ': ' or a quote in a text, or a bracket never closed."""
    text = at.text(at.start)
    opening = text[at.start_column : at.start_column + 1] or "{"
    close = "}" if opening == "{" else "]"
    comment = re.search(r"[ \t]#", text[at.start_column :])
    if comment:
        key, value = _flow_entry(text, at.start_column + comment.start())
        return Slip(COMMENT_IN_FLOW, at.start, {"closing": close, "key": key, **_q(value)})
    further = at.line > at.start and indent(at.text(at.line)) <= indent(text)
    if further or at.line >= len(at.lines):  # the next field came before the bracket closed
        return Slip(NOT_CLOSED, at.start, {"opening": opening, "closing": close})
    line = at.text(at.line)
    if line[at.column : at.column + 1] == ":":
        key, value = _flow_entry(line, at.column)
        return Slip(COLON_IN_TEXT, at.line, {"key": key, **_q(value)})
    return _quote_slip(at, at.line)


def _block_mapping_slip(at: _Place) -> Slip | None:
    """Return the slip where PyYAML expected the next field: a list entry, a quote, or a field out of line."""
    text = at.text(at.line)
    char = text[at.column : at.column + 1]
    if char == "-":
        return Slip(LIST_AMONG_FIELDS, at.line)
    if char and char in "]}":
        return Slip(EXTRA_CLOSING, at.line, {"char": char})
    if at.column > indent(text):  # the text went on after a quote closed it
        slip = _quote_slip(at, at.line)
        opened = [n for n in range(at.line) if (found := _quote_slip(at, n)) and found.kind is QUOTE_NOT_CLOSED]
        return slip or (_quote_slip(at, opened[-1]) if opened else None)
    match = FIELD.fullmatch(text)
    return _misaligned(at, match["key"]) if match else None


def _misaligned(at: _Place, key: str) -> Slip:
    """Return the slip of a field indented like none of the fields above it, naming those it may go with."""
    column, options, seen = indent(at.text(at.line)), [], set()
    for line in range(at.line - 1, -1, -1):
        match = FIELD.fullmatch(at.lines[line])
        place = match.start("key") if match else None
        if match and place is not None and place != column and place not in seen:
            seen.add(place)
            options.append(f"{place or 'no'} spaces, like '{match['key']}'")
        if place == 0:
            break
    return Slip(MISALIGNED, at.line, {"key": key, "options": " or ".join(options[:2]) or "no spaces"})


def _field_among_list(at: _Place) -> Slip | None:
    """Return the slip of a field lined up with the dashes of a list, below one of its entries."""
    match = FIELD.fullmatch(at.text(at.line))
    if not match or match["lead"].strip():
        return None
    for line in range(at.line - 1, -1, -1):
        entry = FIELD.fullmatch(at.lines[line])
        if entry and entry["lead"].strip() and indent(at.lines[line]) == at.column:
            more = entry.start("key") - at.column
            return Slip(FIELD_AMONG_LIST, at.line, {"key": match["key"], "more": more, "first": entry["key"]})
    return None
