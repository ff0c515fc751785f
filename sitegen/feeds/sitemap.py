"""sitemap.xml (every page, with its language alternates) and robots.txt (pointing to it), for search engines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from sitegen import model
from sitegen.output import Output

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(site: model.Site, paths: Iterable[str]) -> Iterator[Output]:
    """Yield sitemap.xml listing each page in each language with all its alternates, and robots.txt."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    languages = site.config.languages
    for path in sorted(set(paths)):
        if path.endswith("404.html"):
            continue  # not a page anyone should find by searching
        for lang in languages:
            url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            ET.SubElement(url, f"{{{SITEMAP}}}loc").text = site.config.absolute_url(lang, path)
            if len(languages) > 1:
                for other in (*languages, "x-default"):
                    href = site.config.absolute_url(languages[0] if other == "x-default" else other, path)
                    ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": other, "href": href})
    ET.indent(urlset)
    yield Output("sitemap.xml", ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n")
    yield Output("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.config.base_url}sitemap.xml\n".encode())
