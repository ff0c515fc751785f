"""What CLDR (through Babel) knows of a language code: whether it exists, its name, script and direction.

    fa   => Persian, "فارسی", Arab, rtl
    prs  => Dari (CLDR's alias of fa-AF), "دری", Arab, rtl
    ckb  => Central Kurdish (Sorani), "کوردیی ناوەندی", Arab, rtl
    ti   => Tigrinya, "ትግርኛ", Ethi, ltr

A code is an ISO 639 language code of two or three lowercase letters, optionally
followed by a script and a region, as in HTML's `lang`: `fa`, `prs`, `fa-AF`, `sr-Latn`.
Every stage asks this module, so a language reads the same way everywhere: the
page's `dir`, a fallback text's `dir`, the share card's shaping, the font.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

CODE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?")
RULE = "2 or 3 lowercase letters from ISO 639 (fa, prs, ckb), or with a region (fa-AF)"
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Mend", "Yezi"})


@cache
def locale_of(code: str) -> Locale | None:
    """Return Babel's locale for a code (CLDR's aliases followed: prs => fa_AF), or None if it has none."""
    identifier = code.replace("-", "_")
    aliases: Mapping[str, str] = get_global("language_aliases")
    try:
        return Locale.parse(aliases.get(identifier, identifier))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def is_known(code: str) -> bool:
    """Return True when CLDR knows the code as a language: it has its locale data, or at least its name."""
    return CODE.fullmatch(code) is not None and (locale_of(code) is not None or _english_name(code) is not None)


def has_formats(code: str) -> bool:
    """Return True when CLDR has the dates and numbers of a language, so that a site can be shown in it."""
    return CODE.fullmatch(code) is not None and locale_of(code) is not None


@cache
def script(code: str) -> str:
    """Return the script a language is written in, as an ISO 15924 code: fa => Arab, ti => Ethi, fr => Latn."""
    explicit = re.search(r"-([A-Z][a-z]{3})\b", code)
    if explicit:
        return explicit.group(1)
    likely: Mapping[str, str] = get_global("likely_subtags")
    locale = locale_of(code)
    for key in ([str(locale), locale.language] if locale else []) + [code.split("-")[0]]:
        parts = likely.get(key, "").split("_")
        found = next((part for part in parts[1:] if len(part) == 4), None)
        if found:
            return found
    return "Latn"


@cache
def direction(code: str) -> str:
    """Return the writing direction of a language, "rtl" or "ltr": ar, fa, prs, ckb, ps, ur, he => rtl."""
    locale = locale_of(code)
    if locale is not None:
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "rtl" if script(code) in RTL_SCRIPTS else "ltr"


@cache
def name_in(code: str, lang: str) -> str:
    """Return a language's name in another language: (ar, fr) => arabe, (prs, en) => Dari; else the code."""
    reader = locale_of(lang)
    if reader is None:
        return code
    return next((name for key in _keys(code) if (name := reader.languages.get(key))), code)


@cache
def own_name(code: str) -> str:
    """Return a language's name in itself, capitalised as a menu entry: fr => Français, prs => دری."""
    locale = locale_of(code)
    name = name_in(code, code) if locale else code
    if name == code and locale:
        name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def same_language(code: str, other: str) -> bool:
    """Return True when two codes name the same language and locale: eng and en, per and fa."""
    return code == other or (locale_of(code) is not None and locale_of(code) == locale_of(other))


def suggestion(code: str) -> str | None:
    """Return the known code a mistyped or spelled-out language meant: Farsi => fa, FR => fr, fr_FR => fr-FR."""
    tidy = code.strip().replace("_", "-")
    parts = tidy.split("-")
    candidate = "-".join([parts[0].lower(), *(part.title() if len(part) == 4 else part.upper() for part in parts[1:])])
    if candidate != code and is_known(candidate):
        return candidate
    name = code.strip().lower()
    names = _codes_by_name()
    if name in names:
        return names[name]
    if len(name) >= 3:  # the start of a name: fran => fr, pers => fa
        started = sorted((len(key), key) for key, found in names.items() if key.startswith(name) and has_formats(found))
        if started:
            return names[started[0][1]]
    close = difflib.get_close_matches(name, _common_codes(), n=1, cutoff=0.66) if len(name) in (2, 3) else []
    return close[0] if close else None


def _keys(code: str) -> list[str]:
    """Return the keys CLDR may list a language under: the code, then its locale's (prs => fa_AF, fa)."""
    locale = locale_of(code)
    keys = [code.replace("-", "_"), code.split("-")[0]]
    return keys[:1] + ([str(locale), locale.language] if locale else []) + keys[1:]


def _english_name(code: str) -> str | None:
    """Return a language's English name when CLDR has one."""
    names: Mapping[str, str] = Locale("en").languages
    return next((names[key] for key in _keys(code) if key in names), None)


@cache
def _codes_by_name() -> dict[str, str]:
    """Return codes by their names in English and French, lowercased: persian => fa, dari => prs."""
    found: dict[str, str] = {"farsi": "fa", "dari": "prs", "sorani": "ckb", "kurmanji": "kmr"}
    for lang in ("en", "fr"):
        for key, name in Locale(lang).languages.items():
            if CODE.fullmatch(key) and len(key) <= 3:
                found.setdefault(name.lower(), key)
    return found


@cache
def _common_codes() -> tuple[str, ...]:
    """Return the codes of languages CLDR has locale data for, for close matches."""
    keys = [str(key) for key in Locale("en").languages]
    return tuple(sorted(key for key in keys if CODE.fullmatch(key) and locale_of(key)))
