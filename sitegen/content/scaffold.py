"""Start a new item or testimony: a complete, commented file.

    new item "Sac de couchage"            => content/items/sac-de-couchage.yaml (its category to choose)
    new testimony --item tente --author Ali => content/testimonies/ali-tente.md (a draft)

A new item passes `check` once its category is chosen: a guessed one would pass
silently and put it on the wrong page. A new testimony passes `check` as it is,
and is a draft: it is never published before someone has read it with its author
and removed `draft: true`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from sitegen import model
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
    default = config.default_language
    categories = ", ".join(c.slug for c in config.categories)
    others = "".join(f"\n  # {lang}: ...            # the name in {lang}" for lang in config.languages[1:])
    text = f"""\
# A needed item. Only 'name' and 'category' are required; uncomment what you need.
name:
  {default}: {_quoted(name)}{others}
category: {TO_CHOOSE}                # choose one of: {categories}
urgency: normal                 # urgent | high | normal | low
status: needed                  # needed | enough (please don't send) | paused
updated: {today.isoformat()}              # when you last checked this need
# quantity: {{needed: 100, received: 0}}
# price: 10.00                  # estimated price of one, in {config.currency}, with a dot
# summary:
#   {default}: One sentence for the needs list.
# description:
#   {default}: |
#     What exactly is needed (sizes, new only...), in Markdown.
# image: {{src: {slug}.jpg, alt: {{{default}: What the picture shows}}}}   # the file goes in content/images/
# buy:                          # shops that deliver to the association's address
#   - {{label: Shop name, url: "https://..."}}
# donate: https://...           # a page to give money for this item instead
"""
    chosen = f"the category (replace {TO_CHOOSE} with one of {categories})"  # first: check fails until then
    todo = (chosen, "urgency and status", "quantity, price, summary and description", "shops in 'buy'")
    return NewFile(content / "items" / f"{slug}.yaml", text, todo)


def new_testimony(content: Path, config: model.Config, item: str, author: str, today: datetime.date) -> NewFile:
    """Return a new draft testimony by `author` about `item`."""
    if not SLUG.fullmatch(item) or not (content / "items" / f"{item}.yaml").is_file():
        known = sorted(path.stem for path in (content / "items").glob("*.yaml"))
        raise SiteError(f"there is no item '{item}' in {content / 'items'}; items: {', '.join(known) or 'none yet'}")
    slug = f"{slugify(author)}-{item}"
    per_language = ", ".join(f"{lang}: ..." for lang in config.languages)  # a name other scripts write otherwise
    name_note = f"a first name or pseudonym, never a full name; or as each language writes it: {{{per_language}}}"
    text = f"""\
---
# A testimony, in its author's own words. It is published only with their consent.
author: {_quoted(author)}                  # {name_note}
items: [{item}]                 # the items it speaks of (their file names, without .yaml)
date: {today.year}                      # when it happened: YYYY, YYYY-MM or YYYY-MM-DD
# place: Calais                 # optional: a town or a camp, never an address
lang: {config.default_language}                        # the language it is written in: fr, en, ar, fa, ps, ti, ku...
consent:
  date: {today.isoformat()}              # the day the author agreed to publication: correct it
  # review: {today.year + 1}-{today.month:02d}           # optional: when to ask the author again
# quote: "..."                  # optional: one sentence from the text, for item pages
# reviewed_details: ["..."]     # optional: what check warns about and the author read and wants kept, as written
draft: true                     # remove this line once the author has approved the text
---
Write the testimony here, in the author's own words.
"""
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


def _quoted(text: str) -> str:
    """Return text as a YAML double-quoted string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
