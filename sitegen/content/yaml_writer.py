"""Write values as YAML exactly as the browser editor does, byte for byte.

Sveltia CMS writes files with the `yaml` npm library (2.9.1), called as
`stringify(value, null, {indent: 2, indentSeq: true, lineWidth: 0, defaultKeyType:
"PLAIN", defaultStringType: "PLAIN", singleQuote: true})`. This module follows that
library's rules, so that a file `generate.py fmt` writes and one the editor saves
are the same file:

    {"name": {"fr": "Tente"}, "price": Decimal("39.90"), "items": ["a", "b"]}
    =>  name:
          fr: Tente
        price: 39.9
        items:
          - a
          - b

Block style, 2 spaces, lists indented under their key, no folding of long lines;
a text stays plain unless YAML 1.2 would read it as something else or cannot
hold it plain, then it takes single quotes, or double quotes when single ones
cannot hold it; a text on several lines is a block literal. Numbers are written
as JavaScript prints them. tests/data/yaml_stringify.json holds the library's own
output for many tricky values (scripts/yaml_corpus.mjs), and tests/test_fmt.py
checks that every one is written the same here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

STEP = "  "  # indent: 2
MULTI_LINE_QUOTED = 40  # the library's doubleQuotedMinMultiLineLength
# What YAML 1.2's core schema reads as something other than a text (the library's tag tests):
# null, booleans, integers (octal, decimal, hexadecimal), special floats, floats with exponents, floats.
_NOT_TEXT = re.compile(
    r"(?:~|[Nn]ull|NULL)?|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)"
)
# What a plain scalar may not hold: an indicator first, ': ' or ' #' inside, a space or ':' last...
_NOT_PLAIN = re.compile(r"\A[\n\t ,[\]{}#&*!|>'\"%@`]|\A[?-]\Z|\A[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]\Z")
_FORCE_DOUBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters, lone surrogates
_DOCUMENT_MARKER = re.compile(r"^(?:%|---|\.\.\.)", re.MULTILINE)
_BLOCK_END_NEWLINES = re.compile(r"(?:\A|(?<!\n))\n+(?!\n|\Z)")
_NAMED_ESCAPES = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e"}
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_JS_SPACE += "\u2028\u2029\u202f\u205f\u3000\ufeff"  # what JavaScript's String.prototype.trim() removes


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a value is written: its indentation, and whether it is a key."""

    indent: str = ""
    key: bool = False  # an implicit key: one line, no block scalar
    force_block_indent: bool = False  # a document-level text that looks like a document marker


def stringify(value: Any) -> str:
    """Return the YAML document of `value`, as yaml.stringify writes it (ending with a newline)."""
    return _node(value, _Context()) + "\n"


def js_trim(text: str) -> str:
    """Return text without the leading and trailing white space JavaScript's trim() removes."""
    return text.strip(_JS_SPACE)


def _node(value: Any, context: _Context) -> str:
    """Return any value as the library writes it at `context`."""
    if isinstance(value, dict):
        return _mapping(value, context)
    if isinstance(value, list | tuple):
        return _sequence(value, context)
    if isinstance(value, str):
        return _text(value, context)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float | Decimal):
        return js_number(value)
    raise TypeError(f"cannot write a {type(value).__name__} as YAML")


def _mapping(mapping: dict[str, Any], context: _Context) -> str:
    """Return a block mapping, one `key: value` a line; an empty one is {}."""
    if not mapping:
        return "{}"
    if all(value is None for value in mapping.values()):
        raise ValueError("a mapping whose values are all null is written as a set, which content never holds")
    return f"\n{context.indent}".join(_pair(key, value, context.indent) for key, value in mapping.items())


def _pair(key: str, value: Any, indent: str) -> str:
    """Return `key: value`, a collection on the lines below, indented one step more."""
    inner = indent + STEP
    written_key = _text(str(key), _Context(inner, key=True))
    if len(written_key) > 1024:
        raise ValueError("a key longer than 1024 characters is written as an explicit key, which content never holds")
    written = _node(value, _Context(inner))
    if isinstance(value, dict | list | tuple) and value:
        return f"{written_key}:\n{inner}{written}"
    return f"{written_key}: {written}"


def _sequence(items: list[Any] | tuple[Any, ...], context: _Context) -> str:
    """Return a block sequence, one `- item` a line; an empty one is []."""
    if not items:
        return "[]"
    item_context = _Context(context.indent + "  ")
    return f"\n{context.indent}".join("- " + _node(item, item_context) for item in items)


def js_number(number: int | float | Decimal) -> str:
    """Return a number as JavaScript prints it: 39.9, 45, 1e+21, 1e-7 (a Decimal keeps all its digits)."""
    if isinstance(number, int):
        return str(number)
    exact = Decimal(repr(number)) if isinstance(number, float) else number  # repr: the shortest that reads back
    if not exact.is_finite():
        return ".nan" if exact.is_nan() else "-.inf" if exact < 0 else ".inf"
    if exact == 0:
        return "-0" if exact.is_signed() and isinstance(number, float) else "0"
    sign, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)  # finite
    written = "".join(map(str, digits)).lstrip("0")
    significant = written.rstrip("0")  # 39.90 => 399 tenths: the digits JavaScript would print
    point = len(written) + exponent
    return ("-" if sign else "") + _js_digits(significant, point)


def _js_digits(digits: str, point: int) -> str:
    """Place the decimal point `point` digits into `digits` as Number.prototype.toString does."""
    count = len(digits)
    if count <= point <= 21:
        return digits + "0" * (point - count)
    if 0 < point <= 21:
        return f"{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    power = point - 1
    mantissa = digits if count == 1 else f"{digits[0]}.{digits[1:]}"
    return f"{mantissa}e{'+' if power >= 0 else '-'}{abs(power)}"


def _text(text: str, context: _Context) -> str:
    """Return a text as the library writes it: plain when YAML reads it back as the same text."""
    if _FORCE_DOUBLE.search(text):
        return _double_quoted(text, context)
    return _plain(text, context)


def _plain(text: str, context: _Context) -> str:
    """Return a text plain, or quoted or as a block when plain would not read back as the same text."""
    if context.key and "\n" in text:
        return _quoted(text, context)
    if _NOT_PLAIN.search(text):
        return _block(text, context) if "\n" in text and not context.key else _quoted(text, context)
    if "\n" in text and not context.key:
        return _block(text, context)
    if _DOCUMENT_MARKER.search(text):
        if context.indent == "":
            return _block(text, replace(context, force_block_indent=True))
        if context.key and context.indent == STEP:
            return _quoted(text, context)
    if _NOT_TEXT.fullmatch(text):
        return _quoted(text, context)
    return text


def _quoted(text: str, context: _Context) -> str:
    """Return a text in quotes: single ones, unless the text holds a single quote and no double one."""
    if "'" in text and '"' not in text:
        return _double_quoted(text, context)
    return _single_quoted(text, context)


def _single_quoted(text: str, context: _Context) -> str:
    """Return a text in single quotes, or double ones when single quotes cannot hold it."""
    if (context.key and "\n" in text) or re.search(r"[ \t]\n|\n[ \t]", text):
        return _double_quoted(text, context)
    indent = context.indent or ("  " if _DOCUMENT_MARKER.search(text) else "")
    escaped = re.sub(r"\n+", lambda run: f"{run.group()}\n{indent}", text.replace("'", "''"))
    return f"'{escaped}'"


def _double_quoted(text: str, context: _Context) -> str:
    """Return a text in double quotes, with YAML's escapes; a long one keeps its line breaks as lines."""
    written = _json_string(text)
    indent = context.indent or ("  " if _DOCUMENT_MARKER.search(text) else "")
    long_enough = _utf16_length(written) >= MULTI_LINE_QUOTED
    out: list[str] = []
    start = at = 0
    while at < len(written):
        char = written[at]
        if char == " " and written[at + 1 : at + 3] == "\\n":  # a space before a line break: escaped, kept
            out.append(written[start:at] + "\\ ")
            at += 1
            start = at
            char = "\\"
        if char == "\\":
            at, start = _escape(written, at, start, out, context.key or not long_enough, indent)
        at += 1
    return "".join(out) + written[start:] if start else written


def _escape(written: str, at: int, start: int, out: list[str], one_line: bool, indent: str) -> tuple[int, int]:
    """Rewrite the JSON escape at `at` as YAML writes it; return where reading and copying go on."""
    follower = written[at + 1]
    if follower == "u":
        out.append(written[start:at])
        code = written[at + 2 : at + 6]
        out.append(_NAMED_ESCAPES.get(code) or ("\\x" + code[2:] if code.startswith("00") else written[at : at + 6]))
        return at + 5, at + 6
    if follower != "n" or one_line or written[at + 2] == '"':
        return at + 1, start
    out.append(written[start:at] + "\n\n")  # a line break becomes an empty line in a folded double-quoted text
    while written[at + 2 : at + 4] == "\\n" and written[at + 4] != '"':
        out.append("\n")
        at += 2
    out.append(indent + ("\\" if written[at + 2] == " " else ""))  # a space after a break: escaped, kept
    return at + 1, at + 2


def _json_string(text: str) -> str:
    """Return JSON.stringify(text): only quotes, backslashes and control characters escaped."""
    escaped = json.dumps(text, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda lone: f"\\u{ord(lone.group()):04x}", escaped)


def _utf16_length(text: str) -> int:
    """Return a text's length as JavaScript counts it, in UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _block(text: str, context: _Context) -> str:
    """Return a text as a block literal (|, |- or |+ by its trailing line breaks), or quoted if none can hold it."""
    if re.search(r"\n[\t ]+\Z", text):  # a block cannot end with a line of white space
        return _quoted(text, context)
    indent = context.indent or ("  " if context.force_block_indent or _DOCUMENT_MARKER.search(text) else "")
    body, end, chomp = _chomped(text, indent)
    leading = re.match(r"[ \n]*", body)
    blank = leading.group() if leading else ""
    start = body[: blank.rfind("\n") + 1]  # leading empty lines, kept as they are
    body = body[len(start) :]
    start = re.sub(r"\n+", lambda run: run.group() + indent, start)
    header = (("2" if indent else "1") if " " in blank else "") + chomp
    body = re.sub(r"\n+", lambda run: run.group() + indent, body)
    return f"|{header}\n{indent}{start}{body}{end}"


def _chomped(text: str, indent: str) -> tuple[str, str, str]:
    """Split a block's text from its trailing white space: (text, its end as written, the chomping indicator)."""
    kept = len(text.rstrip("\n\t "))
    end = text[kept:]
    if "\n" not in end:
        chomp = "-"
    elif text == end or end.index("\n") != len(end) - 1:
        chomp = "+"
    else:
        chomp = ""
    if not end:
        return text, end, chomp
    end = end.removesuffix("\n")
    return text[:kept], _BLOCK_END_NEWLINES.sub(lambda run: run.group() + indent, end), chomp
