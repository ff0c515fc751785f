"""The warnings of `check`, grouped by what they ask for and summed up in one line, what to act on first.

    1 need to check again (urgent and unchecked, or its dates passed); 2 files not translated into 'en' yet;
    40 files not translated into 'fa' yet (in preparation: check --lang fa lists them)

Each warning carries its group (and its language, for translations); this module
orders the groups and words their counts. Nothing here decides what is warned about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.errors import Group, Problem


@dataclass(frozen=True, slots=True)
class Wording:
    """How one and several warnings of a group are said in the summary."""

    one: str
    many: str


# In the order to act on them: a person's safety first, then what donors are told, then translations.
GROUPS = {
    Group.IDENTIFYING: Wording(
        "detail that could identify or locate someone", "details that could identify or locate someone"
    ),
    Group.CONSENT: Wording(
        "consent to ask about again (a review due, an end near or past)",
        "consents to ask about again (reviews due, ends near or past)",
    ),
    Group.STALE: Wording(
        "need to check again (urgent and unchecked, or its dates passed)",
        "needs to check again (urgent and unchecked, or their dates passed)",
    ),
    Group.FONT: Wording("share card no installed font can draw", "share cards no installed font can draw"),
    Group.LINK: Wording("link that leads nowhere", "links that lead nowhere"),
    Group.FORMAT: Wording("change of the content format to make", "changes of the content format to make"),
    Group.THEME: Wording("theme override to review", "theme overrides to review"),
    Group.ORIGINAL: Wording(
        "testimony with no translation into the default language",
        "testimonies with no translation into the default language",
    ),
    Group.TRANSLATION: Wording("file not translated into '{lang}' yet", "files not translated into '{lang}' yet"),
    Group.DRAFT_LANGUAGE: Wording(
        "file not translated into '{lang}' yet (in preparation: check --lang {lang} lists it)",
        "files not translated into '{lang}' yet (in preparation: check --lang {lang} lists them)",
    ),
    "": Wording("other warning", "other warnings"),
}


def ordered(warnings: Iterable[Problem]) -> list[Problem]:
    """Return warnings by group, what to act on first, then by language; each group in the order it was found."""
    return sorted(warnings, key=lambda w: (_rank(w.group), w.lang))


def shown(warnings: Sequence[Problem], lang: str | None) -> list[Problem]:
    """Return the warnings to list: about `lang` (and no language) only; by default, all but draft languages'.

    Those about a language in preparation are many and not urgent: the summary counts
    them, and `check --lang <code>` lists them.
    """
    if lang is not None:
        return [w for w in warnings if w.lang in ("", lang)]
    return [w for w in warnings if w.group != Group.DRAFT_LANGUAGE]


def summary(warnings: Sequence[Problem]) -> str:
    """Return the count of each group of warnings in one line, what to act on first."""
    counts = Counter((w.group if w.group in GROUPS else "", w.lang) for w in warnings)
    parts = []
    for (group, lang), count in sorted(counts.items(), key=lambda pair: (_rank(pair[0][0]), pair[0][1])):
        words = GROUPS[group].one if count == 1 else GROUPS[group].many
        parts.append(f"{count} {words.format(lang=lang)}")
    return "; ".join(parts)


def _rank(group: str) -> int:
    """Return where a group comes in the order to act on warnings."""
    return list(GROUPS).index(group) if group in GROUPS else len(GROUPS)
