"""The site as published and planned: its items read again, as the preview patches them in, as a whole build does."""

from __future__ import annotations

import dataclasses
import datetime
import pickle

from conftest import EXAMPLE, SAMIR_MD, TENT_YAML
from sitegen import model
from sitegen.content.load import load_content, publish, published_items
from sitegen.pages.plan import plan_site

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


def test_pages_planned_again_after_an_item_changed_equal_pages_planned_anew(make_site):
    nour = SAMIR_MD.replace("Samir", "Nour").replace("items: [tente]", "items: [savon]")
    content = load_content(make_site({"items/savon.yaml": SOAP, "testimonies/nour.md": nour}))
    site = publish(content, today=DAY)
    before = plan_site(site)
    igloo = model.Localized((("fr", "Tente igloo"), ("en", "Igloo tent")))
    renamed = [dataclasses.replace(item, name=igloo) if item.slug == "tente" else item for item in content.items]
    again = published_items(site, renamed, DAY)
    planned = plan_site(again, before, ["tente"])
    assert planned == plan_site(again)
    kept = {plan.file for plan, old in zip(planned, before, strict=True) if plan is old}
    assert kept == {"testimonies/nour/index.html", "en/testimonies/nour/index.html"}  # samir's names the tent


def test_parses_kept_in_the_cache_come_back_equal_field_for_field():
    content = load_content(EXAMPLE)  # items with sizes, seasons, shops and time; testimonies with translations
    parses = [*content.items, *content.testimonies]
    assert {type(value) for value in parses} == {model.Item, model.Testimony}
    for parsed in parses:  # as sitegen/incremental/parses.py keeps them: model.values.unpickled_quickly
        again = pickle.loads(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == parsed and again.digest == parsed.digest, "the digest is compared apart: compare=False"
