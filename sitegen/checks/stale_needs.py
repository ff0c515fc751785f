"""Warnings about the needs themselves, for `check`: urgent items nobody has checked lately.

A donor trusts "urgent": an urgent need not checked for 60 days may be met
already, or changed.
"""

from __future__ import annotations

import calendar
import datetime
from pathlib import Path

from sitegen import model
from sitegen.errors import Kind, Problem, shown_path

STALE_AFTER = datetime.timedelta(days=60)
UNDATED = Kind(
    "this urgent need does not say when it was last checked", "add 'updated: {today}' once you have checked it"
)
STALE = Kind(
    "this urgent need was last checked {days} days ago ({updated})",
    "check it is still urgent, then set 'updated: {today}'",
)


def stale_urgent_items(site: model.Site, root: Path, today: datetime.date) -> list[Problem]:
    """Return a warning for each needed, urgent item not updated for STALE_AFTER, or never dated."""
    warnings: list[Problem] = []
    for item in site.items:
        if item.urgency != "urgent" or item.status != "needed":
            continue
        where = shown_path(item.source, root)
        if item.updated is None:
            warnings.append(UNDATED.at(where, today=today.isoformat()))
        elif today - _latest_day(item.updated) > STALE_AFTER:
            days = (today - _latest_day(item.updated)).days
            warnings.append(STALE.at(where, days=days, updated=item.updated.iso, today=today.isoformat()))
    return warnings


def _latest_day(date: model.PartialDate) -> datetime.date:
    """Return the last day a partial date may mean: 2026-09 => 2026-09-30."""
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return datetime.date(date.year, month, day)
