"""The immutable model of a site: everything read from content/, validated and joined.

Nothing here reads files or renders pages; sitegen/content/ builds these values
and sitegen/pages/ turns them into pages. Joins (item -> testimonies, category ->
items) are computed once in `Site.assemble`, so rendering never scans all content.
The addresses of its pages are in sitegen/addresses.py.

An item or a testimony carries the digest of everything it holds, made once where
it is parsed: a page's key (sitegen/incremental/kept_pages.py) is made of them.

    model/values.py    texts in several languages, partial dates, pictures, shops, quantities
    model/content.py   items, testimonies and their translations, free pages
    model/settings.py  site.yaml: the association, languages, categories, drop-off points
    model/site.py      the whole Site, sorted and joined
"""

from sitegen.model.content import (
    CONSENT_FORMS,
    COVERS,
    Consent,
    Digested,
    Item,
    ItemName,
    Page,
    Testimony,
    Translation,
)
from sitegen.model.settings import (
    Brand,
    Category,
    Closure,
    Config,
    Contact,
    Donate,
    DropOff,
    Editing,
    Organisation,
    Unwanted,
)
from sitegen.model.site import (
    Site,
    needs_order,
)
from sitegen.model.values import (
    LATER,
    NEEDS_ORDER,
    STATUSES,
    URGENCIES,
    WAYS,
    Image,
    Localized,
    PartialDate,
    Quantity,
    Shop,
    Sizes,
    TimeNeed,
    Window,
)

__all__ = [
    "CONSENT_FORMS",
    "COVERS",
    "LATER",
    "NEEDS_ORDER",
    "STATUSES",
    "URGENCIES",
    "WAYS",
    "Brand",
    "Category",
    "Closure",
    "Config",
    "Consent",
    "Contact",
    "Digested",
    "Donate",
    "DropOff",
    "Editing",
    "Image",
    "Item",
    "ItemName",
    "Localized",
    "Organisation",
    "Page",
    "PartialDate",
    "Quantity",
    "Shop",
    "Site",
    "Sizes",
    "Testimony",
    "TimeNeed",
    "Translation",
    "Unwanted",
    "Window",
    "needs_order",
]
