"""Warnings that protect the authors of testimonies, for `check`.

    consent reviews that are due: ask the author again
    details that could identify or locate someone: phone numbers, e-mail
    addresses, GPS coordinates, street addresses, full dates of birth

Drafts are checked too: the time to find such details is before publication.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen import model
from sitegen.checks.identifying import identifying_details
from sitegen.errors import Kind, Problem, shown_path

REVIEW_DUE = Kind(
    "the consent review date {review} has come",
    "ask {author} again whether the testimony may stay published, then update 'consent'",
)
IDENTIFYING = Kind(
    "this may identify or locate someone ({kind}): '{excerpt}'",
    "remove it or make it vaguer, unless the author asked for it to be published",
)


def safety_warnings(testimonies: Iterable[model.Testimony], root: Path, today: datetime.date) -> list[Problem]:
    """Return every warning about consent reviews and identifying details, file by file."""
    warnings: list[Problem] = []
    for testimony in testimonies:
        warnings += _review_due(testimony, root, today)
        for source in (testimony.source, *(t.source for t in testimony.translations)):
            warnings += _identifying(source, root)
    return warnings


def _review_due(testimony: model.Testimony, root: Path, today: datetime.date) -> Iterator[Problem]:
    """Yield a warning when the date to ask the author again has come."""
    review = testimony.consent_review
    if review is None or review > model.PartialDate(today.year, today.month, today.day):
        return
    text = testimony.source.read_text(encoding="utf-8")
    found = re.search(r"\breview\s*:", text)
    line = text.count("\n", 0, found.start()) + 1 if found else 0
    yield REVIEW_DUE.at(shown_path(testimony.source, root), line, review=review.iso, author=testimony.author)


def _identifying(source: Path, root: Path) -> Iterator[Problem]:
    """Yield a warning for each detail in a file that could identify or locate a person."""
    text = source.read_text(encoding="utf-8")
    for finding in identifying_details(text):
        line = text.count("\n", 0, finding.start) + 1
        yield IDENTIFYING.at(shown_path(source, root), line, kind=finding.kind, excerpt=finding.excerpt)
