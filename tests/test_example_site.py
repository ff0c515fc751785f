"""The example site, built once per session and checked end to end."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import EXAMPLE, EXAMPLE_DAY
from sitegen import model
from sitegen.content.load import load_site
from support import all_bytes, hrefs, text

WITHDRAWN = ("yonas-la-mer-a-garde-mes-chaussures", "Yonas", "la mer a gardé mes chaussures")
DRAFT = ("tesfay-la-baleine-sur-le-cartable", "Tesfay", "baleine dessus")


@pytest.fixture(scope="module")
def site() -> model.Site:
    """Return the example content's model."""
    return load_site(EXAMPLE, today=EXAMPLE_DAY)


def test_every_page_is_built_in_every_language(example_site, site):
    expected = {"index.html", "404.html", "testimonies/index.html", "search/index.html", "print/index.html"}
    expected |= {f"items/{item.slug}/index.html" for item in site.items}
    expected |= {f"testimonies/{t.slug}/index.html" for t in site.testimonies}
    expected |= {f"categories/{c.slug}/index.html" for c in site.config.categories}
    expected |= {f"{page.slug}/index.html" for page in site.pages}
    built = {path for path in all_bytes(example_site) if path.endswith(".html")}
    assert built == expected | {f"en/{path}" for path in expected} | {"admin/index.html"}  # the editor: once


def resolve(output: Path, href: str) -> Path | None:
    """Return the file an internal link points to, or None for external links and anchors."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("#"):
        return None
    path = parts.path.lstrip("/")
    return output / (path + "index.html" if path.endswith("/") or not path else path)


def test_every_internal_link_and_asset_resolves(example_site):
    import re

    broken = []
    for page in example_site.rglob("*.html"):
        source = page.read_text()
        targets = hrefs(page) + re.findall(r'(?:src|href)="(/[^"]*)"', source)
        for href in targets:
            target = resolve(example_site, href)
            if target is not None and not target.is_file():
                broken.append((page.relative_to(example_site).as_posix(), href))
    assert broken == []


def test_items_and_testimonies_link_to_each_other(example_site, site):
    for item in site.items:
        links = set(hrefs(example_site / f"items/{item.slug}/index.html"))
        assert {f"/testimonies/{t.slug}/" for t in site.testimonies_by_item[item.slug]} <= links
    for testimony in site.testimonies:
        links = set(hrefs(example_site / f"testimonies/{testimony.slug}/index.html"))
        assert {f"/items/{slug}/" for slug in testimony.items} <= links


def test_the_withdrawn_and_the_draft_testimony_appear_nowhere(example_site):
    assert (EXAMPLE / f"testimonies/{WITHDRAWN[0]}.md").is_file()
    assert (EXAMPLE / f"testimonies/{DRAFT[0]}.md").is_file()
    for path, data in all_bytes(example_site).items():
        for trace in (*WITHDRAWN, *DRAFT):
            assert trace.encode() not in data, (path, trace)


def test_the_example_covers_what_a_real_site_holds(site):
    assert len(site.items) >= 15
    assert len({item.category for item in site.items}) >= 5
    assert {item.urgency for item in site.items} == set(model.URGENCIES)
    assert {item.status for item in site.items} == set(model.NEEDS_ORDER), "later: out of its window on EXAMPLE_DAY"
    assert {way for item in site.items for way in item.ways} == set(model.WAYS)
    assert any(item.sizes for item in site.items) and any(item.unit for item in site.items)
    assert any(item.window and item.window.yearly for item in site.items), "a need of every winter"
    assert site.config.do_not_send and site.config.wishlist and site.config.contact
    assert len(site.testimonies) >= 25
    assert {"ar", "fa"} <= {t.lang for t in site.testimonies}
    assert site.config.languages == ("fr", "en")
    assert all(item.image for item in site.items), "every item has a picture"
    assert {p.suffix for p in (EXAMPLE / "images").iterdir()} >= {".jpg", ".png", ".webp"}
    assert sum(1 for t in site.testimonies if t.photo) >= 2


def localized_fields(value: object):
    """Yield every Localized value held by a model value."""
    if isinstance(value, model.Localized):
        yield value
    elif isinstance(value, tuple):
        for entry in value:
            yield from localized_fields(entry)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from localized_fields(getattr(value, name))


def test_every_text_of_the_example_exists_in_french_and_english(site):
    for value in (site.config, *site.items, *site.pages, *site.testimonies):
        for text_value in localized_fields(value):
            assert set(text_value.languages) == {"fr", "en"}, (value, text_value)
    for testimony in site.testimonies:
        have = {testimony.lang, *(t.lang for t in testimony.translations)}
        assert {"fr", "en"} <= have, testimony.slug


def test_the_site_says_the_association_and_people_are_fictional(example_site):
    assert "fictif" in text(example_site / "about/index.html") or "fictive" in text(example_site / "about/index.html")
    assert "fictional" in (EXAMPLE.parent / "README.md").read_text()


def test_the_needs_list_and_an_item_page_weigh_under_50_kb_compressed(example_site):
    import gzip
    import re

    for page in ("index.html", "items/tente-deux-places/index.html"):
        html = (example_site / page).read_bytes()
        assets = [a or b for a, b in re.findall(rb'rel="stylesheet" href="/([^"]+)"|<script src="/([^"]+)"', html)]
        assert len(assets) == 2, "its stylesheet and its script"
        files = [html] + [(example_site / asset.decode()).read_bytes() for asset in assets]
        assert sum(len(gzip.compress(data, 9)) for data in files) < 50_000, page
