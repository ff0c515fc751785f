"""Warnings that protect the authors of testimonies, for `check`.

    consent reviews that are due, and consents that end within ENDING_NOTICE or have
    ended: ask the author again
    details that could identify or locate someone: phone numbers, e-mail
    addresses, GPS coordinates, street addresses, full dates of birth,
    precise places ('sous le pont Vauban')
    excerpts listed in 'reviewed_details' that are no longer in the text

Drafts are checked too: the time to find such details is before publication.
Each file (a testimony, each of its translations) lists in its front matter's
`reviewed_details` the excerpts its volunteer has read with the author and kept on
purpose: a finding that lies within one of them is not warned about. An excerpt may be
longer than the finding (a whole sentence), never shorter: listing 'pont' keeps no
'sous le pont Vauban'. Spaces, line breaks and letter case do not count, so an excerpt
copied from a warning matches the text however it wraps. An excerpt no longer found in
the text, once it was edited, is itself warned about, so that the list does not outlive
what it was written for.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen import model
from sitegen.checks.identifying import identifying_details, normalised
from sitegen.content.consent import days_left
from sitegen.errors import Group, Kind, Problem, shown_path

REVIEW_DUE = Kind(
    "the consent review date {review} has come",
    "ask {author} again whether the testimony may stay published, then update 'consent'",
    group=Group.CONSENT,
)
CONSENT_ENDING = Kind(
    "the consent ends on {until} ({left}): the next build after that day takes the testimony off the site",
    "ask {author} whether it may stay published longer, then change 'consent.until' (or remove it: no end)",
    group=Group.CONSENT,
)
CONSENT_ENDED = Kind(
    "the consent ended on {until}: the testimony is no longer published",
    "ask {author} whether it may be published again, then change 'consent.until'; if not, delete the file",
    group=Group.CONSENT,
)
# Four weeks: time to reach an author who has moved on or changed numbers, as people in transit do,
# and to meet in person for a consent recorded orally; short enough not to be noise for months.
ENDING_NOTICE = datetime.timedelta(weeks=4)
IDENTIFYING = Kind(
    "this may identify or locate someone ({kind}): '{excerpt}'",
    "remove it or make it vaguer; or, if the author has read it and wants it kept, list it in 'reviewed_details'",
    group=Group.IDENTIFYING,
)
REVIEWED_GONE = Kind(
    "'reviewed_details' lists '{excerpt}', which is no longer in the text",
    "remove it from the list, or copy it again from the text as it now reads",
    group=Group.IDENTIFYING,
)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.DOTALL | re.MULTILINE)
# The field's own lines: its key, then the indented or '- ' lines of its list, up to the next field
_REVIEWED_FIELD = re.compile(r"^reviewed_details[ \t]*:[^\n]*(?:\n(?:[ \t-][^\n]*)?)*", re.MULTILINE)


def safety_warnings(testimonies: Iterable[model.Testimony], root: Path, today: datetime.date) -> list[Problem]:
    """Return every warning about consents (reviews, ends) and identifying details, file by file."""
    warnings: list[Problem] = []
    for testimony in testimonies:
        warnings += _review_due(testimony, root, today)
        warnings += _consent_ending(testimony, root, today)
        files: list[model.Testimony | model.Translation] = [testimony, *testimony.translations]
        for file in files:
            warnings += _identifying(file.source, file.reviewed_details, root)
    return warnings


def _review_due(testimony: model.Testimony, root: Path, today: datetime.date) -> Iterator[Problem]:
    """Yield a warning when the date to ask the author again has come."""
    review = testimony.consent.review
    if review is None or review > model.PartialDate(today.year, today.month, today.day):
        return
    where, line = shown_path(testimony.source, root), _field_line(testimony.source, "review")
    yield REVIEW_DUE.at(where, line, review=review.iso, author=_author(testimony))


def _consent_ending(testimony: model.Testimony, root: Path, today: datetime.date) -> Iterator[Problem]:
    """Yield a warning when the consent ends within ENDING_NOTICE, or has ended."""
    until, left = testimony.consent.until, days_left(testimony.consent, today)
    if until is None or (left is not None and left >= ENDING_NOTICE.days):
        return
    where, line, author = shown_path(testimony.source, root), _field_line(testimony.source, "until"), _author(testimony)
    if left is None:
        yield CONSENT_ENDED.at(where, line, until=until.iso, author=author)
    else:
        when = "today is its last day" if left == 0 else f"in {left} day{'s' if left > 1 else ''}"
        yield CONSENT_ENDING.at(where, line, until=until.iso, left=when, author=author)


def _author(testimony: model.Testimony) -> str:
    """Return the author's name in the default language, as the volunteers write it."""
    return testimony.author.values[0][1]


def _field_line(source: Path, key: str) -> int:
    """Return the line of a field of a file's front matter (0 when it is not found there)."""
    text = source.read_text(encoding="utf-8")
    front = _FRONT_MATTER.match(text)
    found = re.compile(rf"\b{key}\s*:").search(text, 0, front.end(1)) if front else None
    return _line(text, found.start()) if found else 0


def _identifying(source: Path, reviewed: tuple[str, ...], root: Path) -> Iterator[Problem]:
    """Yield a warning for each detail in a file that could identify or locate a person, and was not reviewed."""
    text = source.read_text(encoding="utf-8")
    field = _reviewed_field(text)
    scanned = _blanked(text, field)  # the excerpts listed are quotes of the text, not more details
    kept = {excerpt: _occurrences(scanned, excerpt) for excerpt in reviewed}
    where = shown_path(source, root)
    for finding in identifying_details(scanned):
        if not any(start <= finding.start and finding.end <= end for spans in kept.values() for start, end in spans):
            excerpt = " ".join(finding.excerpt.split())  # on one line, as it is copied into reviewed_details
            yield IDENTIFYING.at(where, _line(text, finding.start), kind=finding.kind, excerpt=excerpt)
    for excerpt, spans in kept.items():
        if not spans:
            listed = _occurrences(text[field[0] : field[1]], excerpt)
            yield REVIEWED_GONE.at(where, _line(text, field[0] + (listed[0][0] if listed else 0)), excerpt=excerpt)


def _reviewed_field(text: str) -> tuple[int, int]:
    """Return where the front matter's `reviewed_details` field is in a file: (start, end), (0, 0) if nowhere."""
    front = _FRONT_MATTER.match(text)
    field = _REVIEWED_FIELD.search(text, front.start(1), front.end(1)) if front else None
    return field.span() if field else (0, 0)


def _blanked(text: str, span: tuple[int, int]) -> str:
    """Return the text with a span made of spaces, its line breaks kept: offsets and lines stay the same."""
    start, end = span
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _occurrences(text: str, excerpt: str) -> list[tuple[int, int]]:
    """Return where an excerpt is in a text, whatever its spaces, line breaks, letter case and apostrophes."""
    words = [re.sub("['’]", "['’]", re.escape(word)) for word in normalised(excerpt).split()]
    if not words:
        return []
    return [found.span() for found in re.finditer(r"\s+".join(words), normalised(text), re.IGNORECASE)]


def _line(text: str, offset: int) -> int:
    """Return the line of an offset in a text, from 1."""
    return text.count("\n", 0, offset) + 1
