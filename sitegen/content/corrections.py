"""What a volunteer most likely meant by a value a field refuses, said as a hint: '12,50 €' => price: 12.50.

Each function returns a hint that names the slip and gives the value to write,
or None when the value is no slip it knows, and the rule gives its usual hint.
Day and month are never guessed: 12/01/2026 gets both readings, 25/12/2026 one.

    amount("12,50 €", "price")    =>  "write price: 12.50 (the number alone ...; a dot for decimals, not a comma)"
    date("12/01/2026", "date")    =>  "write dates year first, YYYY-MM-DD: date: 2026-01-12 if 12 is the day, ..."
    flag("yes", "draft", False)   =>  "write draft: true (only true or false are read here, not 'yes')"
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Collection

from sitegen.content.documents import MappingNode, Node, SequenceNode
from sitegen.content.lines import TYPOGRAPHIC_QUOTES

_CURRENCY = re.compile(r"[€$£]|(?<![^\W\d_])(?:EUR|USD|GBP|CHF|euros?|francs?|Fr\.)(?![^\W\d_])", re.IGNORECASE)
_SPACES = "[ \u00a0\u202f]"  # between thousands, as French writes them: 1 000
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.-](\d{1,2})(?:[/.-](\d{1,2}))?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")
_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d.*")
_TRUE, _FALSE = {"yes", "y", "on", "oui", "vrai", "1"}, {"no", "n", "off", "non", "faux", "0"}


def field_of(name: str) -> str:
    """Return the field as written in the file: 'quantity.needed' => 'needed', 'buy[1].url' => 'url'."""
    return re.sub(r"\[\d+\]$", "", name.rsplit(".", 1)[-1])


def not_one_value(node: Node, name: str, expected: str, example: str) -> tuple[str, str]:
    """Return (what is wrong, how to fix it) for an empty value, a list or fields where one value is expected."""
    field = field_of(name)
    write = f": {field}: {example}" if example != "..." else f" after '{field}:'"
    if isinstance(node, SequenceNode):
        hint = f"write one value{write}, without '-' or [ ]" if example == "..." else f"write one value{write}"
        return f"'{name}' is a list, but it must be {expected}", hint
    if isinstance(node, MappingNode):
        return f"'{name}' holds fields, but it must be {expected}", f"write one value{write}"
    return f"'{name}' is empty, but it must be {expected}", f"write its value{write}"


def typographic(text: str, name: str) -> str | None:
    """Return a hint for a value between typographic quotes, which YAML keeps as part of it."""
    if text[:1] not in TYPOGRAPHIC_QUOTES:
        return None
    inner = text[1:].rstrip("”’»“‘")
    return f"remove the typographic quotes {text[0]}{TYPOGRAPHIC_QUOTES[text[0]]}: {field_of(name)}: {inner}"


def amount(text: str, name: str) -> str | None:
    """Return a hint for a price written as in a shop: '12,50 €', '€12', '1 250,00'."""
    bare, reasons = _CURRENCY.sub("", text).strip(), []
    if bare != text:
        reasons.append("the number alone: the currency is site.yaml's")
    if re.fullmatch(rf"\d{{1,3}}(?:{_SPACES}\d{{3}})+(?:[.,]\d+)?", bare):
        bare, reasons = re.sub(_SPACES, "", bare), [*reasons, "no space between thousands"]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}", bare):
        bare, reasons = bare.replace(",", ""), [*reasons, "no comma between thousands"]
    elif re.fullmatch(r"\d+,\d{3}", bare):  # 12,500: a thousand separator or decimals, no telling
        whole, part = bare.split(",")
        return f"write {field_of(name)}: {whole}.{part} or {whole}{part}: a dot for decimals, nothing between thousands"
    elif re.fullmatch(r"\d+,\d{1,2}", bare):
        bare, reasons = bare.replace(",", "."), [*reasons, "a dot for decimals, not a comma"]
    if not reasons or not re.fullmatch(r"\d+(?:\.\d+)?", bare):
        return typographic(text, name)
    return f"write {field_of(name)}: {bare} ({'; '.join(reasons)})"


def count(text: str, name: str) -> str | None:
    """Return a hint for a number written with words or separators: '50 paires', 'about 50', '1 000'."""
    if re.fullmatch(rf"\d{{1,3}}(?:(?:{_SPACES}|[,.])\d{{3}})+", text):
        number = "".join(re.findall(r"\d", text))
        return f"write {field_of(name)}: {number} (digits only, nothing between thousands)"
    digits = re.findall(r"\d+", text)
    if len(digits) == 1 and re.search(r"[^\W\d_]", text) and not re.search(r"\d[.,]\d", text):
        return f"write the number alone: {field_of(name)}: {digits[0]} (words go in the summary or description)"
    return typographic(text, name)


def date(text: str, name: str) -> str | None:
    """Return a hint for a date written otherwise than YYYY-MM-DD: 12/01/2026, 2026-1-5, 2026-13-01."""
    field, match = field_of(name), _DAY_MONTH_YEAR.fullmatch(text)
    if match:
        return _day_or_month(int(match[1]), int(match[2]), int(match[3]), field)
    if match := _WITH_TIME.fullmatch(text):
        return f"write the day alone, without the time: {field}: {match[1]}"
    if match := _MONTH_YEAR.fullmatch(text):
        return f"write the year first: {field}: {match[2]}-{int(match[1]):02}" if 1 <= int(match[1]) <= 12 else None
    match = _YEAR_MONTH_DAY.fullmatch(text)
    if not match:
        return typographic(text, name)
    year, month, day = int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    if year == 0:  # no calendar has it; the usual hint says how to write a date
        return None
    if not 1 <= month <= 12:
        return f"write the month second, from 01 to 12 (YYYY-MM-DD): there is no month {month}"
    if day == 0:
        return f"for a day not known, write the year and month alone: {field}: {year}-{month:02} (there is no day 0)"
    if day is not None and day > calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        return f"check the day: {calendar.month_name[month]} {year} has {days} days"
    meant = f"{year}-{month:02}" + (f"-{day:02}" if day is not None else "")
    return f"write {field}: {meant} (two digits for the month and the day, with dashes)" if meant != text else None


def _day_or_month(first: int, second: int, year: int, field: str) -> str | None:
    """Return the hint for a date written with the year last, giving each reading that is a real date."""
    readings = {}
    for day, month in ((first, second), (second, first)):
        if _real(year, month, day):
            readings[f"{year}-{month:02}-{day:02}"] = day
    if not readings:
        return None
    if len(readings) == 1:
        return f"write dates year first, YYYY-MM-DD: {field}: {next(iter(readings))}"
    (one, day_one), (other, _) = readings.items()
    return f"write dates year first, YYYY-MM-DD: {field}: {one} if {day_one} is the day, {other} if it is the month"


def _real(year: int, month: int, day: int) -> bool:
    """Return True for a day on the calendar."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def flag(text: str, name: str, quoted: bool) -> str | None:
    """Return a hint for a yes/no written otherwise than true or false: yes, on, True, "true"."""
    word = text.lower()
    meant = "true" if word in _TRUE | {"true"} else "false" if word in _FALSE | {"false"} else None
    if meant is None:
        return typographic(text, name)
    field = field_of(name)
    if word in ("true", "false"):
        return f"write {field}: {meant}, " + ("without quotes" if quoted else "in lowercase")
    return f"write {field}: {meant} (only true or false are read here, not '{text}')"


def choice(word: str, choices: Collection[str], name: str) -> str | None:
    """Return a hint for one of the choices written with capitals: Urgent => urgent."""
    if word.lower() in choices:
        return f"write it in lowercase: {field_of(name)}: {word.lower()}"
    return typographic(word, name)


def url(text: str, name: str, is_url: Callable[[str], bool]) -> str | None:
    """Return a hint for a web address written without https://, or with <> or typographic quotes around it."""
    field = field_of(name)
    if text.startswith("<") and text.endswith(">"):
        return f"remove the < >: {field}: {text[1:-1]}"
    fixed = re.sub(r"^(https?)/+", r"\1://", text) if re.match(r"https?/", text) else None
    fixed = fixed or ("https:" + text if text.startswith("//") else None)
    if fixed is None and re.fullmatch(r"[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?", text):
        fixed = "https://" + text
    if fixed and is_url(fixed):
        return f"write the whole address, with https:// in front: {field}: {fixed}"
    return typographic(text, name)
