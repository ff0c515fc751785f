"""Warnings about the needs themselves, for `check`: urgent items nobody has checked lately.

A donor trusts "urgent": an urgent need not checked for 60 days may be met
already, or changed.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from sitegen import model
from sitegen.content.seasons import last_day
from sitegen.errors import Group, Kind, Problem, shown_path

STALE_AFTER = datetime.timedelta(days=60)
UNDATED = Kind(
    "this urgent need does not say when it was last checked", "add 'updated: {today}' once you have checked it"
)
CLOSED = Kind(
    "this need ended on {until} ('needed_until') and nobody has updated the item since",
    "give it a new 'needed_until', or set 'status: enough' or 'paused', then update 'updated'",
    group=Group.STALE,
)
STALE = Kind(
    "this urgent need was last checked {days} days ago ({updated})",
    "check it is still urgent, then set 'updated: {today}'",
    group=Group.STALE,
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
        elif today - last_day(item.updated) > STALE_AFTER:
            days = (today - last_day(item.updated)).days
            warnings.append(STALE.at(where, days=days, updated=item.updated.iso, today=today.isoformat()))
    return warnings + _closed_windows(site, root, today)


def _closed_windows(site: model.Site, root: Path, today: datetime.date) -> list[Problem]:
    """Return a warning for each item whose window closed with nobody updating it since."""
    warnings = []
    for item in site.items:
        end = item.window.end if item.window else None
        if end and today > last_day(end) and (item.updated is None or last_day(item.updated) <= last_day(end)):
            warnings.append(CLOSED.at(shown_path(item.source, root), until=end.iso))
    return warnings
