"""Start a new item or testimony: a complete file, in the canonical form the browser editor writes.

    new item "Sac de couchage"            => content/items/sac-de-couchage.yaml (its category to choose)
    new testimony --item tente --author Ali => content/testimonies/ali-tente.md (a draft)

A new item passes `check` once its category is chosen: a guessed one would pass
silently and put it on the wrong page. A new testimony passes `check` as it is,
and is a draft: it is never published before someone has read it with its author
and removed `draft: true`. What each field means is told by the editor's hints and
the JSON Schemas' descriptions, since the editor drops comments; what is left to
fill in is what the command prints.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from sitegen import model
from sitegen.content.canonical import markdown_file, yaml_file
from sitegen.content.rules import SLUG, TO_CHOOSE, slugify
from sitegen.errors import SiteError


@dataclass(frozen=True, slots=True)
class NewFile:
    """A file to create, and what is left for the volunteer to fill in."""

    path: Path
    text: str
    todo: tuple[str, ...]


def new_item(content: Path, config: model.Config, name: str, today: datetime.date) -> NewFile:
    """Return a new item file named after `name`, its category left to choose."""
    slug = slugify(name)
    values = {
        "name": {config.default_language: name.strip()},
        "category": TO_CHOOSE,  # check fails until it is chosen: a guess would pass silently
        "urgency": "normal",
        "status": "needed",
        "updated": today.isoformat(),
    }
    categories = ", ".join(c.slug for c in config.categories)
    chosen = f"the category (replace {TO_CHOOSE} with one of {categories})"  # first: check fails until then
    todo = (chosen, "urgency and status", "quantity, price, summary and description", "shops in 'buy'")
    return NewFile(content / "items" / f"{slug}.yaml", yaml_file(values), todo)


def new_testimony(content: Path, config: model.Config, item: str, author: str, today: datetime.date) -> NewFile:
    """Return a new draft testimony by `author` about `item`."""
    if not SLUG.fullmatch(item) or not (content / "items" / f"{item}.yaml").is_file():
        known = sorted(path.stem for path in (content / "items").glob("*.yaml"))
        raise SiteError(f"there is no item '{item}' in {content / 'items'}; items: {', '.join(known) or 'none yet'}")
    slug = f"{slugify(author)}-{item}"
    values = {
        "author": {lang: author.strip() for lang in config.written_languages},  # a name stands for every language
        "items": [item],
        "date": str(today.year),
        "lang": config.default_language,
        "consent": {"date": today.isoformat()},
        "withdrawn": False,
        "draft": True,  # never published before someone has read it with its author
    }
    text = markdown_file(values, "Write the testimony here, in the author's own words.")
    todo = ("the text, in the author's words", "date, place and lang", "the consent date", "remove 'draft: true'")
    return NewFile(content / "testimonies" / f"{slug}.md", text, todo)


def create(new: NewFile) -> None:
    """Write a new file, refusing to overwrite one that exists."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(new.path, "x", encoding="utf-8") as file:
            file.write(new.text)
    except FileExistsError:
        raise SiteError(f"{new.path} already exists; edit it, or choose another name") from None
