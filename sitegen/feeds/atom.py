"""Atom feeds, one per language: new testimonies and the urgent needs, for feed readers.

    /feed.xml      in the default language
    /en/feed.xml   in English

Entries are dated by their content (a testimony's date, a need's last check),
never by the build, so the same content gives the same feed.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from sitegen import addresses, model
from sitegen.output import Output

ATOM = "http://www.w3.org/2005/Atom"
TESTIMONIES_IN_FEED = 50  # the newest; older ones stay on the site


def feeds(site: model.Site, text: Callable[..., str]) -> Iterator[Output]:
    """Yield the Atom feed of each language; `text(lang, key, **values)` gives the theme's UI strings."""
    for lang in site.config.languages:
        yield Output(site.config.language_root(lang) + "feed.xml", _feed(site, lang, text))


def _feed(site: model.Site, lang: str, text: Callable[..., str]) -> bytes:
    """Return one language's feed as bytes."""
    title = text(lang, "feed_title", site=site.config.title.get(lang))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    home = site.config.absolute_url(lang, "")
    heading = text(lang, "testimony_heading")
    entries = [_testimony_entry(site, t, lang, heading) for t in site.testimonies[:TESTIMONIES_IN_FEED]]
    entries += [_need_entry(site, item, lang) for item in site.items if _is_urgent(item)]
    entries.sort(key=lambda entry: (entry.findtext(f"{{{ATOM}}}updated"), entry.findtext(f"{{{ATOM}}}id")),
                 reverse=True)  # fmt: skip
    _text(feed, "id", home)
    _text(feed, "title", title)
    _text(feed, "updated", (entries[0].findtext(f"{{{ATOM}}}updated") if entries else None) or "2000-01-01T00:00:00Z")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site.config.absolute_url(lang, "feed.xml")})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": home})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.config.organisation.name.get(lang))
    feed.extend(entries)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _testimony_entry(site: model.Site, testimony: model.Testimony, lang: str, heading: str) -> ET.Element:
    """Return the entry of a testimony, in `lang` when translated, else in its own language."""
    translation = testimony.translation(lang) if testimony.lang != lang else None
    url = site.config.absolute_url(lang, addresses.path_of(testimony))
    author = testimony.author.get(lang)  # آرش in the Persian feed, Arash in the English one
    entry = _entry(url, heading.format(author=author), _timestamp(testimony.date), author)
    summary = (translation.quote or translation.excerpt) if translation else (testimony.quote or testimony.excerpt)
    shown_lang = lang if translation else testimony.lang
    _text(entry, "summary", summary, {"{http://www.w3.org/XML/1998/namespace}lang": shown_lang})
    content = ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"})
    content.set("{http://www.w3.org/XML/1998/namespace}lang", shown_lang)
    content.text = str(translation.body if translation else testimony.body)
    return entry


def _need_entry(site: model.Site, item: model.Item, lang: str) -> ET.Element:
    """Return the entry of an urgent need, dated by its last check."""
    url = site.config.absolute_url(lang, addresses.path_of(item))
    updated = _timestamp(item.updated) if item.updated else "2000-01-01T00:00:00Z"
    entry = _entry(f"{url}#{item.updated.iso if item.updated else 'undated'}", item.name.get(lang), updated,
                   site.config.organisation.name.get(lang), link=url)  # fmt: skip
    if item.summary:
        _text(entry, "summary", item.summary.get(lang))
    return entry


def _entry(id_: str, title: str, updated: str, author: str, link: str | None = None) -> ET.Element:
    """Return an entry with its id, title, date, author and link."""
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", id_)
    _text(entry, "title", title)
    _text(entry, "updated", updated)
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link or id_})
    name = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(name, "name", author)
    return entry


def _text(parent: ET.Element, tag: str, text: str, attributes: dict[str, str] | None = None) -> None:
    """Add a child element holding text."""
    ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes or {}).text = text


def _is_urgent(item: model.Item) -> bool:
    """Return True for a needed item whose urgency is urgent or high."""
    return item.status == "needed" and item.urgency in ("urgent", "high")


def _timestamp(date: model.PartialDate) -> str:
    """Return an Atom date for a partial date: 2020-12 => 2020-12-01T00:00:00Z."""
    return datetime.date(date.year, date.month or 1, date.day or 1).isoformat() + "T00:00:00Z"
