"""Content files in canonical form: exactly what the browser editor writes, so that its saves and `fmt` agree.

    name: {fr: Tente, en: Tent}              name:
    price: 39.90                               fr: Tente
    buy: []                          =>        en: Tent
    # a comment                              price: 39.9

Keys come in the order of the records of `schemas.py` (the order of the editor's
fields); a text readers see is always a mapping of language to text, since the
editor edits it as one field per language and would drop a plain string: a name
written once stands for every language, another text for the default language.
An optional list left empty is left out, as the editor leaves it out; every
yes/no flag is written, false when unset, as the editor writes them; comments go,
as the editor drops them. The values are written by `yaml_writer.py`, as the
editor's YAML library writes them; a Markdown file is its front matter between
two '---' lines, an empty line, then its text.

`format_content` rewrites the files of content/ in that form, but only a file
that reads back as the same model: formatting never changes what a file says.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.content import schemas
from sitegen.content.documents import DocumentError, MappingNode, Node, SequenceNode, parse_yaml, split_front_matter
from sitegen.content.files import Source, find
from sitegen.content.load import gather_content, reading_context
from sitegen.content.parse import (
    WITHDRAWN,
    Context,
    parse_item,
    parse_page,
    parse_page_translation,
    parse_testimony,
    parse_translation,
)
from sitegen.content.records import ListOf, MapOf, Record
from sitegen.content.rules import INVALID, Flag, Integer, Number, Reader, Rule
from sitegen.content.site_yaml import parse_config
from sitegen.content.yaml_writer import js_trim, stringify
from sitegen.errors import Kind, Problem, shown_path

NOT_CANONICAL = Kind("this file is not in the canonical form the browser editor writes", "run: {command}")
MEANING_CHANGED = Kind(
    "written in canonical form, this file would say something else, so it is left as it is",
    "keep it as it is and report it to the generator's maintainers, with the file: formatting must never change "
    "what a file says",
)
_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_TRAILING_LINES = re.compile(r"(?:\n[ \t]*)+\Z")

Meaning = Callable[[str, Source, Context], object]  # a file's text => the model value it gives


@dataclass(frozen=True, slots=True)
class FileForm:
    """One kind of content file: the record of its fields, whether it is Markdown, and how it is read."""

    schema: Record
    front_matter: bool  # a Markdown file: front matter, then the text
    meaning: Meaning


def _config(text: str, source: Source, context: Context) -> object:
    """Read site.yaml."""
    return parse_config(text, source.where, source.path, context.problems)


def _page_translation(text: str, source: Source, context: Context) -> object:
    """Read a page's translation: its title and text."""
    return parse_page_translation(text, source.where, context)


def _translation(text: str, source: Source, context: Context) -> object:
    """Read a testimony's translation."""
    return parse_translation(text, source.lang or "", source.where, source.path, context)


SITE = FileForm(schemas.SITE, False, _config)
ITEM = FileForm(schemas.ITEM, False, lambda text, s, context: parse_item(text, s.slug, s.where, s.path, context))


def _testimony(text: str, source: Source, context: Context) -> object:
    """Read a testimony; a withdrawn one, which the site reads no further than that, by its fields and text."""
    testimony = parse_testimony(text, source.slug, source.where, source.path, context)
    if testimony != WITHDRAWN:
        return testimony
    node, body, _ = split_front_matter(text, source.where)  # parse_testimony could split it
    fields = schemas.TESTIMONY.read(node, context.reader(source.where), "")
    return None if fields is INVALID else (fields, context.markdown.render(body).html)


TESTIMONY = FileForm(schemas.TESTIMONY, True, _testimony)
TRANSLATION = FileForm(schemas.TRANSLATION, True, _translation)
PAGE = FileForm(schemas.PAGE, True, lambda text, s, context: parse_page(text, s.slug, s.where, s.path, context))
PAGE_TRANSLATION = FileForm(schemas.PAGE_TRANSLATION, True, _page_translation)


def yaml_file(values: dict[str, Any]) -> str:
    """Return a YAML file of `values` as the editor saves it: the library's text, trimmed, and a final newline."""
    return js_trim(stringify(values)) + "\n"


def markdown_file(values: dict[str, Any], body: str) -> str:
    """Return a Markdown file as the editor saves it: '---', the front matter, '---', an empty line, the text."""
    return f"---\n{js_trim(stringify(values))}\n---\n" + (f"\n{body}\n" if body else "")


def canonical_body(body: str) -> str:
    """Return a Markdown text without the empty lines around it (a last line's spaces stay: they are in its HTML)."""
    return _TRAILING_LINES.sub("", _BLANK_LINES.sub("", body))


def canonical_text(text: str, form: FileForm, where: str, languages: tuple[str, ...]) -> str | None:
    """Return a file's text in canonical form; None when its fields cannot be read."""
    try:
        if form.front_matter:
            node, body, _ = split_front_matter(text, where)
        else:
            node, body = parse_yaml(text, where), ""
    except DocumentError:
        return None
    reader = Reader(where, [], languages)
    if form.schema.read(node, reader, "") is INVALID or reader.problems:
        return None
    values = canonical_value(form.schema, node, reader, "")
    return markdown_file(values, canonical_body(body)) if form.front_matter else yaml_file(values)


def canonical_value(rule: Rule, node: Node, reader: Reader, name: str) -> Any:
    """Return the value of a node read by its rule, as the editor holds it: texts, numbers, lists, mappings."""
    if isinstance(rule, Record) and isinstance(node, MappingNode):
        return _record(rule, node, reader, name)
    if isinstance(rule, ListOf) and isinstance(node, SequenceNode):
        return [canonical_value(rule.rule, item, reader, f"{name}[{n}]") for n, item in enumerate(node.items, 1)]
    if isinstance(rule, MapOf) and isinstance(node, MappingNode):
        return {
            key: canonical_value(rule.rule, entry.value, reader, f"{name}.{key}") for key, entry in node.entries.items()
        }
    value = rule.read(node, reader, name)
    if isinstance(value, model.Localized):  # a plain string too: one entry per language it stands for
        return dict(value.values)
    if isinstance(rule, Integer | Number | Flag):
        return value
    return value if isinstance(value, str) else rule.scalar(node, reader, name)  # a date, a picture: as written


def _record(rule: Record, node: MappingNode, reader: Reader, name: str) -> dict[str, Any]:
    """Return a record's fields in the order of its declaration, without the optional lists left empty."""
    prefix = f"{name}." if name else ""
    values = {}
    for key, field in rule.fields.items():
        if key in node.entries:
            value = canonical_value(field.rule, node.entries[key].value, reader, prefix + key)
            if field.required or value != []:
                values[key] = value
        elif isinstance(field.rule, Flag):  # the editor writes every flag of a record it saves, false when unset
            values[key] = bool(field.default)
    return values


@dataclass(frozen=True, slots=True)
class Formatting:
    """What `fmt` found in content/."""

    files: int  # content files read
    changed: tuple[str, ...]  # the files that were not in canonical form, as shown: rewritten unless only checked
    problems: tuple[Problem, ...]  # what is wrong in content/: the files concerned are left as they were


def format_content(content: Path, write: bool) -> Formatting:
    """Put every file of content/ the editor edits in canonical form (`write`), or only say which are not."""
    found, problems = gather_content(content)
    if found is None:  # without site.yaml's languages, no text can be written as a mapping
        return Formatting(0, (), tuple(sorted(set(problems))))
    flawed = {problem.path for problem in problems}
    files = [(form, source) for form, source in content_files(content) if source.where not in flawed]
    items = {source.slug for form, source in files if form is ITEM}
    context = reading_context(content, found.config, items, [])
    changed, refused = [], []
    for form, source in files:
        text = source.path.read_bytes().decode("utf-8")  # read already: no problem was found in it
        canonical = canonical_text(text, form, source.where, context.languages)
        if canonical is None or canonical == text:  # None: a withdrawn testimony that is not read, left alone
            continue
        if not same_meaning(form, text, canonical, source, context):
            if _reads(form, text, source, context):  # else the file of a withdrawn testimony: left alone
                refused.append(MEANING_CHANGED.at(source.where))
            continue
        changed.append(source.where)
        if write:
            _replace(source.path, canonical)
    everything = tuple(sorted({*problems, *refused}))
    return Formatting(len(files) - len(refused), tuple(changed), everything)


def content_files(content: Path) -> list[tuple[FileForm, Source]]:
    """Return the files of content/ the editor edits, with their form."""
    site = content / "site.yaml"
    files = [(SITE, Source(site, shown_path(site, content.parent), "site", None))]
    files += [(ITEM, source) for source in find(content, "items", [])]
    files += [(TESTIMONY if s.lang is None else TRANSLATION, s) for s in find(content, "testimonies", [])]
    files += [(PAGE if s.lang is None else PAGE_TRANSLATION, s) for s in find(content, "pages", [])]
    return files


def same_meaning(form: FileForm, text: str, canonical: str, source: Source, context: Context) -> bool:
    """Return True when both texts of a file read without problems as the same model value."""
    before = form.meaning(text, source, dataclasses.replace(context, problems=[]))
    problems: list[Problem] = []
    after = form.meaning(canonical, source, dataclasses.replace(context, problems=problems))
    return not problems and after is not None and after == before


def _reads(form: FileForm, text: str, source: Source, context: Context) -> bool:
    """Return True when a file reads without problems: every file check reads, not those of a withdrawn testimony."""
    problems: list[Problem] = []
    return form.meaning(text, source, dataclasses.replace(context, problems=problems)) is not None and not problems


def _replace(path: Path, text: str) -> None:
    """Write a file whole: a file beside it, then renamed over it, so that no reader sees half of it."""
    beside = path.with_name(f".{path.name}.fmt")  # a dot file: content/ readers skip it
    beside.write_bytes(text.encode("utf-8"))
    os.replace(beside, path)
