"""The site as published: its items read again, as the preview patches them in, join as a whole publication does."""

from __future__ import annotations

import dataclasses
import datetime

from conftest import SAMIR_MD, TENT_YAML
from sitegen.content.load import load_content, publish, published_items

DAY = datetime.date(2026, 12, 6)
SOAP = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace("shelter", "hygiene")


def test_items_read_again_give_the_site_a_whole_publication_gives(make_site):
    nour = SAMIR_MD.replace("Samir", "Nour").replace("items: [tente]", "items: [savon, tente]")
    content = load_content(make_site({"items/savon.yaml": SOAP, "testimonies/nour.md": nour}))
    site = publish(content, today=DAY)
    assert [item.slug for item in site.items] == ["savon", "tente"]
    moved = [  # the soap after the tent now, and in another category
        dataclasses.replace(item, urgency="low", category="shelter") if item.slug == "savon" else item
        for item in content.items
    ]
    again = published_items(site, moved, DAY)
    whole = publish(dataclasses.replace(content, items=tuple(moved)), today=DAY)
    assert again == whole and [item.slug for item in again.items] == ["tente", "savon"]
    assert list(again.testimonies_by_item) == list(whole.testimonies_by_item)
    assert again.items_by_category["shelter"] == whole.items_by_category["shelter"] != ()
