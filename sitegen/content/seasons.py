"""When a needed item is needed, decided from the build's date: windows open and close without a commit.

    Window(start=2027-01-11, end=2027-02-08)   on 2026-12-06  =>  LATER, needed again on 2027-01-11
    Window(yearly=((11, 1), (3, 31)))          on 2026-12-06  =>  needed: it is winter
    Window(yearly=((11, 1), (3, 31)))          on 2027-06-01  =>  LATER, needed again on 2027-11-01
    Window(end=2026-10-31)                     on 2026-12-06  =>  LATER, not needed again

A LATER item offers no way to help, stays off the posters and waits below the
current needs, saying when it is needed again. `check` warns about a window that
closed on an item nobody updated since (sitegen/checks/stale_needs.py).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime

from sitegen import model

YEARS_AHEAD = 5  # how far a yearly window is looked for: 02-29 comes back within four years


def as_of(item: model.Item, today: datetime.date) -> model.Item:
    """Return the item as it stands on `today`: a needed item outside its window becomes LATER."""
    if item.window is None or item.status != "needed" or is_open(item.window, today):
        return item
    return dataclasses.replace(item, status=model.LATER, needed_again=next_opening(item.window, today))


def config_as_of(config: model.Config, today: datetime.date) -> model.Config:
    """Return site.yaml as it stands on `today`: each drop-off point with the closure in force, if any."""
    if not config.dropoffs:
        return config
    points = tuple(dataclasses.replace(point, closed=_closure(point, today)) for point in config.dropoffs)
    return dataclasses.replace(config, dropoffs=points)


def _closure(point: model.DropOff, today: datetime.date) -> model.Closure | None:
    """Return the closure of a drop-off point in force on `today`, if any."""
    return next((c for c in point.closures if first_day(c.start) <= today <= last_day(c.end)), None)


def is_open(window: model.Window, day: datetime.date) -> bool:
    """Return True when the window holds `day`."""
    if window.start and day < first_day(window.start):
        return False
    if window.end and day > last_day(window.end):
        return False
    if window.yearly is None:
        return True
    first, last = window.yearly
    today = (day.month, day.day)
    return first <= today <= last if first <= last else today >= first or today <= last  # over the new year


def next_opening(window: model.Window, today: datetime.date) -> datetime.date | None:
    """Return the first day after `today` on which the window is open; None when it never opens again."""
    if window.end and today > last_day(window.end):
        return None
    candidates = [first_day(window.start)] if window.start else []
    if window.yearly:
        month, day = window.yearly[0]
        for year in range(today.year, today.year + YEARS_AHEAD):
            if month != 2 or day != 29 or calendar.isleap(year):
                candidates.append(datetime.date(year, month, day))
    opening = sorted(day for day in candidates if day > today and is_open(window, day))
    return opening[0] if opening else None


def first_day(date: model.PartialDate) -> datetime.date:
    """Return the first day a partial date may mean: 2027-02 => 2027-02-01."""
    return datetime.date(date.year, date.month or 1, date.day or 1)


def last_day(date: model.PartialDate) -> datetime.date:
    """Return the last day a partial date may mean: 2026-09 => 2026-09-30."""
    month = date.month or 12
    return datetime.date(date.year, month, date.day or calendar.monthrange(date.year, month)[1])
