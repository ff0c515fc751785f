"""What each kind of content file may hold: the fields of site.yaml, items, testimonies, pages.

One source of truth: the loader reads files with these records, and editor
schemas are generated from them.
"""

from __future__ import annotations

from sitegen.content.addresses import Email, ImagePath, Repository, Url
from sitegen.content.colours import Colour
from sitegen.content.logo import Logo
from sitegen.content.records import ListOf, MapOf, optional, record, required
from sitegen.content.rules import Choice, Date, Flag, Integer, Language, Localized, MonthDay, Number, Ref, Size, Text
from sitegen.model import CONSENT_FORMS, COVERS, STATUSES, URGENCIES, WAYS

SHOP = record(
    label=required(Localized(name=True), "the shop's name"),
    url=required(Url(), "the item's page in that shop"),
    wishlist=optional(Flag(), "true for a wishlist: it fills in the association's address itself", default=False),
)

IMAGE = record(
    src=required(ImagePath(), "the file name under content/images/, such as tent.jpg"),
    alt=required(Localized(), "what the picture shows, for people who cannot see it"),
)

SITE = record(
    format=optional(
        Integer(), "the content format the site is written in: python generate.py fmt brings it up to date", default=1
    ),
    title=required(Localized(), "the site's name"),
    description=optional(Localized(), "one or two sentences shown on the needs list"),
    base_url=required(Url(), "the address where the site is published, such as https://aide.example.org/"),
    languages=required(
        ListOf(Language(localised=True), minimum=1, unique=True), "the site's languages, default first: [fr, en]"
    ),
    draft_languages=optional(
        ListOf(Language(localised=True), unique=True),
        "languages being translated, not yet published: their texts are read and checked, "
        "their pages built only with --drafts",
        default=(),
    ),
    currency=optional(Choice(("EUR", "GBP", "CHF", "USD")), "the currency of prices", default="EUR"),
    organisation=required(
        record(
            name=required(Localized(name=True), "the association's name"),
            url=optional(Url(), "the association's own website"),
            shipping_address=required(Text(), "where shops must deliver bought items"),
            dropoff=optional(Localized(), "where and when people can bring items in person"),
        ),
        "who the association is and where items go",
    ),
    donate=required(
        record(
            url=required(Url(), "the page where people give money"),
            label=optional(Localized(), "the text of the donate button"),
        ),
        "giving money instead of items",
    ),
    dropoffs=optional(
        ListOf(
            record(
                name=required(Localized(name=True), "the place's name"),
                address=required(Text(), "its address, as people type it into a map"),
                hours=required(Localized(), "when it is open, in words: 'Wednesdays and Saturdays, 10 am to 5 pm'"),
                categories=optional(
                    ListOf(Ref("categories", "site.yaml categories"), minimum=1, unique=True),
                    "the categories it takes; none: all of them",
                ),
                closures=optional(
                    ListOf(
                        record(
                            start=required(Date(), "the first day it is closed"),
                            end=required(Date(), "the last day it is closed"),
                            reason=optional(Localized(), "why, in a few words: 'holidays'"),
                        )
                    ),
                    "when it is closed: holidays, works",
                    default=(),
                ),
            ),
            minimum=1,
        ),
        "the places where people bring things, each with its hours, the categories it takes and its closures",
        default=(),
    ),
    wishlist=optional(SHOP, "the association's main wishlist in a shop, which delivers to it: label and url"),
    contact=optional(
        record(
            email=optional(Email(), "an e-mail address donors may write to"),
            phone=optional(Text(), "a phone number donors may call, as it is dialled: +33 6 00 00 00 00"),
        ),
        "how donors reach the association, shown where they may need to ask",
    ),
    editing=optional(
        record(
            host=required(Choice(("github", "gitlab")), "where the content's git repository lives: github or gitlab"),
            repository=required(Repository(), "the repository, as in its address: owner/name"),
            branch=optional(Text(), "the branch the site is published from", default="main"),
            app_id=optional(Text(), "GitLab: the ID of the application volunteers sign in with (PKCE)"),
            gitlab_url=optional(Url(), "GitLab: the address of the association's own GitLab, if not gitlab.com"),
        ),
        "where volunteers edit the content in the browser: with it, the site has an editor at /admin/",
    ),
    brand=optional(
        record(
            logo=optional(
                Logo(),
                "the association's logo in content/images/, a PNG, JPEG or WebP at least 180 pixels high and wide: "
                "shown in the header, as the browser tab's icon and on share cards",
            ),
            accent=optional(Colour(), 'the colour of buttons and links, in quotes: "#0b5e55"'),
            accent_dark=optional(
                Colour(), "the same for readers in dark mode; none: a lighter shade of accent, chosen to be readable"
            ),
        ),
        "the association's logo and colour, without touching the theme",
    ),
    categories=required(MapOf(Localized()), "the categories of items, in order: 'slug: label' lines"),
    do_not_send=optional(
        ListOf(
            record(
                text=required(Localized(), "what not to send, and why: 'used mattresses: we cannot clean them'"),
                category=optional(Ref("categories", "site.yaml categories"), "its category; none: any category"),
            )
        ),
        "what donors should not send, shown on the needs list, the posters and the items of its category",
        default=(),
    ),
)

ITEM = record(
    name=required(Localized(), "the item's name"),
    category=required(Ref("categories", "site.yaml categories"), "a category slug from site.yaml"),
    urgency=optional(Choice(URGENCIES), "how urgent the need is: urgent, high, normal or low", default="normal"),
    status=optional(Choice(STATUSES), "needed, enough (please don't send) or paused", default="needed"),
    order=optional(Integer(), "its place among the items of the same urgency: 1 comes first; the others follow"),
    updated=optional(Date(), "when you last checked this need: YYYY-MM-DD"),
    quantity=optional(
        record(
            needed=required(Integer(), "how many are needed"),
            received=optional(Integer(), "how many have arrived", default=0),
        ),
        "how many are needed and received",
    ),
    price=optional(Number(), "estimated price of one, in the site currency, with a dot and no sign: 39.90"),
    unit=optional(Localized(), "what the price and the quantity count, when not one thing: pack of 3, tonne, person"),
    summary=optional(Localized(), "one sentence for the needs list"),
    description=optional(
        Localized(markdown=True), "the full description, in Markdown: what exactly is needed (sizes, new only...)"
    ),
    image=optional(IMAGE, "a picture of the item, its file in content/images/"),
    buy=optional(ListOf(SHOP), "shops and wishlists that deliver the item to the association's address", default=()),
    donate=optional(Url(), "a page to give money for this item, instead of the site's"),
    sizes=optional(
        record(
            needed=required(ListOf(Size(), minimum=1, unique=True), "the sizes needed: [40, 41, 42]"),
            wanted=optional(ListOf(Size(), unique=True), "those most wanted, among them", default=()),
        ),
        "the sizes needed, and those most wanted: {needed: [S, M, L], wanted: [M]}",
    ),
    needed_from=optional(Date(), "when the need starts: before it, the item waits below the current needs"),
    needed_until=optional(Date(), "when the need ends: after it, the item waits below the current needs"),
    season=optional(
        record(
            start=required(MonthDay(), "the first day of the season, every year: 11-01"),
            end=required(MonthDay(), "its last day: 03-31 (a season may run over the new year)"),
        ),
        "the days of every year when the item is needed: {start: 11-01, end: 03-31} for winter",
    ),
    ways=optional(
        ListOf(Choice(WAYS), minimum=1, unique=True),
        "how people can help: buy, bring, money, time; by default, buy (when it has shops), bring and money",
    ),
    time=optional(
        record(
            signup=required(Url(), "the page where volunteers sign up"),
            shifts=optional(
                ListOf(Localized()), "the dates or shifts: 'Saturday 14 December, 10:00-13:00'", default=()
            ),
        ),
        "a need for people's time: where to sign up, and when",
    ),
)

TESTIMONY = record(
    author=required(Localized(name=True), "a first name or pseudonym, never a full name"),
    items=required(ListOf(Ref("items", "content/items/"), minimum=1), "the slugs of the items it speaks of"),
    date=required(Date(), "when it happened: YYYY, YYYY-MM or YYYY-MM-DD"),
    place=optional(Localized(name=True), "a coarse place, a town or a camp, never an address"),
    lang=optional(Language(), "the language it is written in, such as fr, en, ar, fa, ps, ti or ku"),
    consent=required(
        record(
            date=required(Date(), "when the author agreed to publication"),
            how=optional(
                Choice(CONSENT_FORMS), "how the author gave it: written (signed), oral (said to a volunteer), recorded"
            ),
            recorded_by=optional(Text(), "the volunteer who recorded it: a first name or initials, never published"),
            covers=optional(
                ListOf(Choice(COVERS), minimum=1, unique=True),
                "what the author agreed to publish: text, photo, share_cards; unsaid: all three",
            ),
            languages=optional(
                ListOf(Language(), minimum=1, unique=True),
                "the languages it may be published in, its own among them: [fa, fr]; unsaid: every language",
            ),
            until=optional(Date(), "the last day it may be published: the next build after it takes it off the site"),
            review=optional(Date(), "when to ask the author again"),
        ),
        "the author's consent to publication: consent: {date: YYYY-MM-DD}",
    ),
    quote=optional(Text(), "one sentence from the text, for item pages and sharing"),
    photo=optional(IMAGE, "a picture that shows no one's face or location"),
    withdrawn=optional(Flag(), "true removes the testimony from every page", default=False),
    draft=optional(
        Flag(), "true until the author has approved the text: a draft is built only with --drafts", default=False
    ),
    reviewed_details=optional(
        ListOf(Text(), unique=True),
        "excerpts that check warned about and the author, having read them, chose to keep: no longer warned about",
        default=(),
    ),
)

TRANSLATION = record(
    quote=optional(Text(), "the quote, translated"),
    translated_by=optional(Text(), "who translated it"),
    reviewed_details=optional(
        ListOf(Text(), unique=True),
        "excerpts that check warned about and the author, having read them, chose to keep: no longer warned about",
        default=(),
    ),
)

PAGE = record(
    title=required(Localized(), "the page title"),
    menu=optional(Integer(), "position in the navigation menu"),
)

PAGE_TRANSLATION = record(
    title=required(Text(), "the page title, translated"),
)
