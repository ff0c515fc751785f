"""The values content is made of: texts in several languages, dates known in part, pictures, shops, quantities."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

_Class = TypeVar("_Class", bound=type)

URGENCIES = ("urgent", "high", "normal", "low")  # most pressing first


STATUSES = ("needed", "enough", "paused")  # what an item's file may say


LATER = "later"  # what a needed item is when the build's date is outside its window (sitegen/content/seasons.py)


NEEDS_ORDER = ("needed", LATER, "enough", "paused")  # the needs list, from what is needed now to what is not


WAYS = ("buy", "bring", "money", "time")  # buy in a shop that delivers, bring in person, give money, give time


def unpickled_quickly(cls: _Class) -> _Class:
    """Give a frozen dataclass with slots a __setstate__ that knows its fields' names: the cached parses are pickled.

    The one dataclasses writes asks dataclasses.fields() for every object: a third of the
    time loading 20,000 testimonies' parses took (0.15 s of each build that reads them).
    """
    names = tuple(field.name for field in dataclasses.fields(cls))
    cls.__setstate__ = _setter(names)  # type: ignore[attr-defined]  # mypy knows no __setstate__ on type
    return cls


def _setter(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    """Return a __setstate__ that sets these fields, in order, from the values dataclasses' __getstate__ gave."""

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return __setstate__


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Localized:
    """A reader-visible text in one or more languages, default language first."""

    values: tuple[tuple[str, str], ...]  # (language code, text)

    def get(self, lang: str) -> str:
        """Return the text in `lang`, else in the default language."""
        return self.pick(lang)[1]

    def pick(self, lang: str) -> tuple[str, str]:
        """Return `(language, text)` for `lang`, falling back to the default language."""
        for code, text in self.values:
            if code == lang:
                return code, text
        return self.values[0]

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages this text exists in."""
        return tuple(code for code, _ in self.values)


@unpickled_quickly
@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: 2020, 2020-12, 2020-12-03."""

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    @property
    def iso(self) -> str:
        """Return the date as written: YYYY, YYYY-MM or YYYY-MM-DD."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Image:
    """A picture under content/images/, published only as a re-encoded copy."""

    src: str  # relative to content/images/, as written: "tent.jpg"
    path: Path  # the resolved source file
    alt: Localized  # required: what the picture shows


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Shop:
    """A shop that delivers an item straight to the association."""

    label: Localized
    url: str  # http(s) only
    wishlist: bool = False  # a wishlist that fills in the association's address itself


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Sizes:
    """The sizes of an item that are needed, and those most wanted among them."""

    needed: tuple[Localized, ...]  # as site.yaml's texts: a plain "42" stands for every language
    wanted: tuple[Localized, ...] = ()  # a few of `needed`

    def is_wanted(self, size: Localized) -> bool:
        """Return True for one of the most wanted sizes."""
        return size in self.wanted


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Window:
    """When an item is needed: from a date, until a date, and every year between two days (or all of these)."""

    start: PartialDate | None = None  # needed_from: 2027-01-11 (a month or a year: its first day)
    end: PartialDate | None = None  # needed_until: 2027-02-08 (a month or a year: its last day)
    yearly: tuple[tuple[int, int], tuple[int, int]] | None = None  # ((11, 1), (3, 31)): every winter


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class TimeNeed:
    """A need for people's time: where to sign up, and when."""

    signup: str  # http(s) address of the sign-up form
    shifts: tuple[Localized, ...] = ()  # "Saturday 14 December, 10:00-13:00"; none: whenever suits


@unpickled_quickly
@dataclass(frozen=True, slots=True)
class Quantity:
    """How many of an item are needed, and how many have arrived."""

    needed: int
    received: int

    @property
    def percent(self) -> int:
        """Return progress as a whole percentage, capped at 100."""
        return min(100, self.received * 100 // self.needed) if self.needed else 100

    @property
    def missing(self) -> int:
        """Return how many are still needed: needed 12, received 5 => 7; never below 0."""
        return max(0, self.needed - self.received)
