"""The browser editor's words: the label and hint of every field, in the site's default language (labels.yaml).

    words_for("fr").field("item.quantity.needed")  =>  ("Il en faut", "Combien il en faut en tout.")
    words_for("ar")                                =>  the English words: labels.yaml has no Arabic yet

The words are data, beside this module, so that a translator edits them without
reading Python; tests/test_editor_config.py checks that every field of every
record has them, in every language of the file, and that none is left over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS = Path(__file__).with_name("labels.yaml")
FALLBACK = "en"  # the editor's words when the site's default language has none


@dataclass(frozen=True, slots=True)
class Words:
    """The editor's words in one language: fields, choices, collections, and what each check asks for."""

    lang: str  # the language they are in
    table: Mapping[str, Any]  # that language's block of labels.yaml

    def field(self, path: str) -> tuple[str, str]:
        """Return a field's label and hint: "item.name" => ("Nom", "Le nom de l'objet...")."""
        words = self.table["fields"][path]
        return words["label"], words["hint"]

    def choices(self, path: str) -> Mapping[str, str]:
        """Return the words of a choice's options: "item.status" => {"needed": "Il en faut", ...}; none: {}."""
        choices: Mapping[str, str] = self.table["choices"].get(path, {})
        return choices

    def collection(self, name: str) -> Mapping[str, str]:
        """Return a collection's label, singular, description and the hint of its file names."""
        words: Mapping[str, str] = self.table["collections"][name]
        return words

    def pattern(self, name: str) -> str:
        """Return what a checked field asks for, shown when it does not match: "date" => "Une date AAAA..."."""
        return str(self.table["patterns"][name])

    def slug(self, collection: str) -> str:
        """Return the hint of a collection's file names."""
        return str(self.table["collections"][collection]["slug"])


def words_for(lang: str) -> Words:
    """Return the editor's words in `lang`, or in English when labels.yaml has no such language."""
    tables = all_words()
    chosen = lang if lang in tables else FALLBACK
    return Words(chosen, tables[chosen])


@cache
def all_words() -> Mapping[str, Any]:
    """Return labels.yaml, read once: language => its words."""
    with open(WORDS, encoding="utf-8") as file:
        words: Mapping[str, Any] = yaml.safe_load(file)
    return words
