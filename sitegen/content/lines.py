"""Lines of YAML as a volunteer wrote them: a field and its value, quotes, and a text written so YAML reads it whole.

    summary: Attention: fragile   =>  field_and_value(...) == ("summary: ", "Attention: fragile")
    Attention: fragile            =>  quoted(...) == '"Attention: fragile"'

Lines and columns are those of PyYAML's marks: 0-based, in characters.
"""

from __future__ import annotations

import re
import unicodedata

ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
TYPOGRAPHIC_QUOTES = {"“": "”", "”": "”", "„": "“", "‘": "’", "’": "’", "‚": "‘", "«": "»"}  # opening => closing
FIELD = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[\w.-]+)(?P<gap>[ " + ODD_SPACES + r"]*):(?P<after>.*)")


def quoted(text: str) -> str:
    """Return text written so that YAML reads it whole: in double quotes, or in single ones when it holds '"'."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def field_and_value(text: str) -> tuple[str, str] | None:
    """Return ('key: ', value) for a line written 'key: value' (or '- key: value'), or None."""
    match = FIELD.fullmatch(text)
    if not match or not match["after"].startswith(" "):
        return None
    return f"{match['key']}: ", match["after"].strip(" ")


def key_before(text: str, column: int) -> str:
    """Return the 'key: ' written before a value at column (or '- ', or ''), to repeat it in a hint."""
    before = text[:column]
    match = re.search(r"([\w-]+)[ ]*:[ ]*$", before)
    if match:
        return f"{match[1]}: "
    return "- " if before.strip().endswith("-") else ""


def written_from(text: str, column: int) -> str:
    """Return the value written from column to the end of its line, or of its entry inside { } or [ ]."""
    rest = text[column:]
    if re.search(r"[{\[]", text[:column]):
        rest = re.split(r",|[}\]]", rest, maxsplit=1)[0]
    return re.split(r"[ \t]#", rest, maxsplit=1)[0].strip()


def closing(value: str) -> int | None:
    """Return the index of the quote that closes a value starting with ' or ", or None."""
    quote, index = value[0], 1
    while index < len(value):
        if value[index] == "\\" and quote == '"':
            index += 2
            continue
        if value[index] == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":  # '' is an apostrophe
                index += 2
                continue
            return index
        index += 1
    return None


def indent(text: str) -> int:
    """Return the number of spaces before a line's text."""
    return len(text) - len(text.lstrip(" "))


def previous(lines: list[str], line: int) -> int | None:
    """Return the last line before `line` that is neither blank nor a comment."""
    for index in range(min(line, len(lines)) - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def space(character: str) -> dict[str, object]:
    """Return the name and code point of an unusual space, for messages: no-break space, U+00A0."""
    return {"space": unicodedata.name(character, "space").lower(), "code": ord(character)}
