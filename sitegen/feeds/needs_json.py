"""needs.json: the current needs as data, for other sites and apps, with its JSON Schema.

    /needs.json  =>  {"site": {...}, "categories": [...], "items": [{"slug": "tente", "urgency": "urgent", ...}]}

Texts come with every language the site has; prices are numbers in the site's
currency; every item says where its page is in each language, where to buy it
and where to give money instead.
"""

from __future__ import annotations

import json
from typing import Any

from sitegen import addresses, model
from sitegen.output import Output

SCHEMA_ID = "https://sitegen.invalid/schemas/needs.schema.json"


def needs_json(site: model.Site) -> Output:
    """Return needs.json: every item in needs order, with what a donor needs to act."""
    config = site.config
    data = {
        "$schema": SCHEMA_ID,
        "site": {
            "title": _texts(config.title),
            "url": config.base_url,
            "languages": list(config.languages),
            "currency": config.currency,
            "organisation": {
                "name": _texts(config.organisation.name),
                "url": config.organisation.url,
                "shipping_address": config.organisation.shipping_address,
                "dropoff": _texts(config.organisation.dropoff),
            },
            "donate": {"url": config.donate.url, "label": _texts(config.donate.label)},
            "wishlist": _shop(config.wishlist) if config.wishlist else None,
            "contact": {"email": config.contact.email, "phone": config.contact.phone} if config.contact else None,
            "dropoffs": [_dropoff(point) for point in config.dropoffs],
        },
        "categories": [{"slug": c.slug, "label": _texts(c.label)} for c in config.categories],
        "do_not_send": [{"text": _texts(u.text), "category": u.category} for u in config.do_not_send],
    }
    return Output("needs.json", _lines(data, [_item(site, item) for item in site.items]).encode())


def _lines(data: dict[str, Any], items: list[dict[str, Any]]) -> str:
    """Return the document as JSON with a line for each part and for each item.

    Two days' needs.json differ by the lines of the items that changed; and each line
    is written by json's C encoder, where an indented document is written in Python
    (at 2,000 items, 80 ms of each item saved in the preview).
    """
    parts = [f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},\n" for name, value in data.items()]
    listed = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in items)
    return "{\n" + "".join(parts) + ('  "items": [\n' + listed + "\n  ]\n" if items else '  "items": []\n') + "}\n"


def _item(site: model.Site, item: model.Item) -> dict[str, Any]:
    """Return one item as data."""
    return {
        "slug": item.slug,
        "name": _texts(item.name),
        "summary": _texts(item.summary),
        "category": item.category,
        "urgency": item.urgency,
        "status": item.status,
        "quantity": {"needed": item.quantity.needed, "received": item.quantity.received} if item.quantity else None,
        "price": float(item.price) if item.price is not None else None,
        "unit": _texts(item.unit),
        "currency": site.config.currency,
        "needed_again": item.needed_again.isoformat() if item.needed_again else None,
        "sizes": _sizes(item.sizes),
        "ways": list(item.ways),
        "buy": [_shop(shop) for shop in item.buy] if item.status == "needed" else [],
        "time": {"signup": item.time.signup, "shifts": [_texts(s) for s in item.time.shifts]} if item.time else None,
        "donate": item.donate or site.config.donate.url,
        "updated": item.updated.iso if item.updated else None,
        "pages": {lang: site.config.absolute_url(lang, addresses.path_of(item)) for lang in site.config.languages},
    }


def _sizes(sizes: model.Sizes | None) -> dict[str, list[dict[str, str] | None]] | None:
    """Return an item's sizes as data: each a text per language."""
    if sizes is None:
        return None
    return {"needed": [_texts(size) for size in sizes.needed], "wanted": [_texts(size) for size in sizes.wanted]}


def _dropoff(point: model.DropOff) -> dict[str, Any]:
    """Return a drop-off point as data, with its closures and whether one is in force."""
    closures = [{"start": c.start.iso, "end": c.end.iso, "reason": _texts(c.reason)} for c in point.closures]
    return {"name": _texts(point.name), "address": point.address, "hours": _texts(point.hours),
            "categories": list(point.categories) if point.categories else None, "closures": closures,
            "closed_now": point.closed is not None}  # fmt: skip


def _shop(shop: model.Shop) -> dict[str, Any]:
    """Return a shop or wishlist as data."""
    return {"label": _texts(shop.label), "url": shop.url, "wishlist": shop.wishlist}


def _texts(text: model.Localized | None) -> dict[str, str] | None:
    """Return a text as {language: text}."""
    return dict(text.values) if text else None


_TEXTS = {
    "type": "object",
    "description": "A text in one or more languages: {language code: text}.",
    "propertyNames": {"pattern": "^[a-z]{2,3}$"},
    "additionalProperties": {"type": "string", "minLength": 1},
    "minProperties": 1,
}
_MAYBE_TEXTS = {"oneOf": [_TEXTS, {"type": "null"}]}
_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
_MAYBE_STRING = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$"}
_DROPOFF = {
    "type": "object",
    "required": ["name", "address", "hours", "categories", "closures", "closed_now"],
    "additionalProperties": False,
    "properties": {
        "name": _TEXTS,
        "address": {"type": "string"},
        "hours": _TEXTS,
        "categories": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
        "closures": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end", "reason"],
                "additionalProperties": False,
                "properties": {"start": _DATE, "end": _DATE, "reason": _MAYBE_TEXTS},
            },
        },
        "closed_now": {"type": "boolean", "description": "Closed on the day the site was built."},
    },
}
_SHOP = {
    "type": "object",
    "required": ["label", "url", "wishlist"],
    "additionalProperties": False,
    "properties": {
        "label": _TEXTS,
        "url": _URL,
        "wishlist": {"type": "boolean", "description": "It fills in our address."},
    },
}

NEEDS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "needs.json",
    "description": "The current needs of an association helping exiled people, as published on its site.",
    "type": "object",
    "required": ["site", "categories", "do_not_send", "items"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"const": SCHEMA_ID},
        "site": {
            "type": "object",
            "required": ["title", "url", "languages", "currency", "organisation", "donate", "wishlist", "contact",
                         "dropoffs"],
            "additionalProperties": False,
            "properties": {
                "title": _TEXTS,
                "url": {**_URL, "description": "Where the site is published; page addresses start with it."},
                "languages": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                              "description": "The site's languages, the default first."},
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code of prices."},
                "organisation": {
                    "type": "object",
                    "required": ["name", "url", "shipping_address", "dropoff"],
                    "additionalProperties": False,
                    "properties": {
                        "name": _TEXTS,
                        "url": {"oneOf": [_URL, {"type": "null"}]},
                        "shipping_address": {"type": "string", "description": "Where shops must deliver."},
                        "dropoff": {**_MAYBE_TEXTS, "description": "Where and when items can be brought in person."},
                    },
                },
                "donate": {
                    "type": "object",
                    "required": ["url", "label"],
                    "additionalProperties": False,
                    "properties": {"url": _URL, "label": _MAYBE_TEXTS},
                },
                "wishlist": {"oneOf": [_SHOP, {"type": "null"}], "description": "The main wishlist, delivered to us."},
                "dropoffs": {"type": "array", "items": _DROPOFF, "description": "Where people bring things."},
                "contact": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["email", "phone"],
                            "additionalProperties": False,
                            "properties": {"email": _MAYBE_STRING, "phone": _MAYBE_STRING},
                        },
                        {"type": "null"},
                    ]
                },
            },
        },
        "categories": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "label"],
                "additionalProperties": False,
                "properties": {"slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "label": _TEXTS},
            },
        },
        "do_not_send": {
            "type": "array",
            "description": "What donors should not send; a category, or null for any category.",
            "items": {
                "type": "object",
                "required": ["text", "category"],
                "additionalProperties": False,
                "properties": {"text": _TEXTS, "category": {"type": ["string", "null"]}},
            },
        },
        "items": {
            "type": "array",
            "description": "Needed items first (most urgent first), then those we have enough of, then paused ones.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["slug", "name", "summary", "category", "urgency", "status", "quantity", "price",
                             "unit", "currency", "needed_again", "sizes", "ways", "buy", "time", "donate", "updated",
                             "pages"],
                "properties": {
                    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "name": _TEXTS,
                    "summary": _MAYBE_TEXTS,
                    "category": {"type": "string"},
                    "urgency": {"enum": list(model.URGENCIES)},
                    "status": {"enum": list(model.NEEDS_ORDER),
                               "description": "enough: please don't send any; later: not needed at this date."},
                    "needed_again": {"type": ["string", "null"], "format": "date",
                                     "description": "For a later item: when it is needed again."},
                    "quantity": {
                        "oneOf": [
                            {
                                "type": "object",
                                "required": ["needed", "received"],
                                "additionalProperties": False,
                                "properties": {"needed": {"type": "integer", "minimum": 0},
                                               "received": {"type": "integer", "minimum": 0}},
                            },
                            {"type": "null"},
                        ]
                    },
                    "price": {"type": ["number", "null"], "minimum": 0, "description": "Estimated unit price."},
                    "unit": {**_MAYBE_TEXTS, "description": "What price and quantity count: pack of 3, tonne."},
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    "sizes": {
                        "description": "The sizes needed, and the most wanted among them; null: one size.",
                        "oneOf": [
                            {
                                "type": "object",
                                "required": ["needed", "wanted"],
                                "additionalProperties": False,
                                "properties": {
                                    "needed": {"type": "array", "items": _TEXTS, "minItems": 1},
                                    "wanted": {"type": "array", "items": _TEXTS},
                                },
                            },
                            {"type": "null"},
                        ],
                    },
                    "ways": {
                        "type": "array",
                        "description": "How people can help: buy (a shop delivers), bring, money, time (volunteers).",
                        "items": {"enum": list(model.WAYS)},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                    "buy": {
                        "type": "array",
                        "description": "Shops and wishlists that deliver to the association; empty unless needed.",
                        "items": _SHOP,
                    },
                    "time": {
                        "description": "For a need of volunteers' time: where to sign up, and the shifts.",
                        "oneOf": [
                            {
                                "type": "object",
                                "required": ["signup", "shifts"],
                                "additionalProperties": False,
                                "properties": {"signup": _URL, "shifts": {"type": "array", "items": _TEXTS}},
                            },
                            {"type": "null"},
                        ],
                    },
                    "donate": {**_URL, "description": "Where to give money instead."},
                    "updated": {"type": ["string", "null"], "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$"},
                    "pages": {"type": "object", "additionalProperties": _URL, "minProperties": 1},
                },
            },
        },
    },
}  # fmt: skip
