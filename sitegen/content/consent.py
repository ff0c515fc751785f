"""What a testimony's consent lets the site publish on the build's date: a consent can end, and cover less than all.

    consent: {date: 2025-03-02, until: 2027-03}     on 2027-04-01  =>  not published, as if withdrawn
    consent: {date: 2025-03-02, covers: [text]}                    =>  published without its photo or share cards
    consent: {date: 2025-03-02, languages: [fa, fr]}               =>  published without its English translation

Unsaid, a consent covers the text, the photo and the share cards, in every language,
and has no end: what every consent meant before it could say more. The daily
scheduled build takes a testimony off the site the day after its consent ends,
without a commit; `check` warns some weeks before (sitegen/checks/authors.py).
"""

from __future__ import annotations

import dataclasses
import datetime

from sitegen import model
from sitegen.content.seasons import last_day


def as_consented(testimony: model.Testimony, day: datetime.date) -> model.Testimony | None:
    """Return the testimony as its consent lets it be published on `day`: None once it has ended."""
    consent = testimony.consent
    if has_ended(consent, day):
        return None
    translations = tuple(t for t in testimony.translations if consent.allows(t.lang))
    photo = testimony.photo if "photo" in consent.covers else None
    if translations == testimony.translations and photo == testimony.photo:
        return testimony  # the same object: digested once, where it was parsed
    return dataclasses.replace(testimony, translations=translations, photo=photo)


def has_ended(consent: model.Consent, day: datetime.date) -> bool:
    """Return True when `day` comes after the last day the consent holds."""
    return consent.until is not None and day > last_day(consent.until)


def days_left(consent: model.Consent, day: datetime.date) -> int | None:
    """Return how many days after `day` the consent still holds (0: `day` is its last); None: no end, or ended."""
    if consent.until is None or has_ended(consent, day):
        return None
    return (last_day(consent.until) - day).days
