"""The YAML slips volunteers make (issue 15, point 9), each run through `check`.

Each slip gives one problem: the file and line of the slip, and a message and hint
that name it, never a message that blames something else. A BOM and Windows line
endings are no slips: such files read as any other, with the same line numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import SITE_YAML, TEMPLATES
from sitegen.cli import main
from sitegen.content import documents
from sitegen.content.load import load_site

MakeSite = Callable[..., Path]
ITEM = "content/items/batterie.yaml"
TESTIMONY = "content/testimonies/ali.md"
PAGE = "content/pages/aide.md"
NBSP = "\u00a0"


def item(*lines: str) -> dict[str, str]:
    """Return a new item, batterie.yaml: its name (line 1), its category (line 2), then the given lines from line 3."""
    return {"items/batterie.yaml": "".join(f"{line}\n" for line in ("name: Batterie", "category: shelter", *lines))}


def item_file(*lines: str) -> dict[str, str]:
    """Return batterie.yaml made of the given lines alone, from line 1."""
    return {"items/batterie.yaml": "".join(f"{line}\n" for line in lines)}


TESTIMONY_FIELDS = ("author: Ali", "items: [tente]", "date: 2021", "consent: {date: 2021-01-15}")


def new_testimony(*lines: str, fields: tuple[str, ...] = TESTIMONY_FIELDS) -> dict[str, str]:
    """Return a new testimony, ali.md: '---' (line 1), four valid fields (lines 2-5), the given lines from line 6."""
    front = "".join(f"{line}\n" for line in (*fields, *lines))
    return {"testimonies/ali.md": f"---\n{front}---\nLa batterie a tenu toute la semaine.\n"}


def site(old: str, new: str) -> dict[str, str]:
    """Return site.yaml with one line changed."""
    assert old in SITE_YAML
    return {"site.yaml": SITE_YAML.replace(old, new)}


@dataclass(frozen=True)
class Slip:
    """A slip: the files that hold it, where it is, and the words its problem must (and must not) hold."""

    id: str
    files: dict[str, str | bytes]
    where: str  # path:line
    says: tuple[str, ...]  # words of the message and hint that name the slip
    not_says: tuple[str, ...] = field(default=())  # the wrong blame


SLIPS = [
    # Inside { }
    Slip(
        "comma-in-flow-mapping",
        item_file("name: {fr: Batterie, en: 10,000 mAh power bank}", "category: shelter"),
        f"{ITEM}:1",
        (
            "a comma inside { } ends an entry, so '000 mAh power bank' became a key of its own",
            'en: "10,000 mAh power bank"',
        ),
        ("not a site language", "language code", "none defined"),
    ),
    Slip(
        "comma-in-flow-mapping-of-site-yaml",
        site("title: {fr: Besoins, en: Needs}", "title: {fr: Besoins, en: Needs, food and shelter}"),
        "content/site.yaml:1",
        ("a comma inside { }", "'food and shelter'", 'en: "Needs, food and shelter"'),
        ("not a site language", "language code", "none defined"),
    ),
    Slip(
        "colon-in-flow-mapping",
        item("summary: {fr: Attention: fragile, en: Careful}"),
        f"{ITEM}:3",
        ("the text holds ': '", 'fr: "Attention: fragile"'),
    ),
    Slip(
        "no-space-after-colon-in-flow-mapping",
        item("quantity: {needed:12}"),
        f"{ITEM}:3",
        ("'needed:12' has no space after the colon", "needed: 12"),
        ("unknown field",),
    ),
    Slip(
        "comment-in-flow-mapping",
        item("summary: {fr: Lot #2 du camp, en: Lot 2}"),
        f"{ITEM}:3",
        ("' #' starts a comment", "closing '}'", 'fr: "Lot #2 du camp"'),
    ),
    Slip(
        "missing-closing-bracket",
        new_testimony(fields=("author: Ali", "items: [tente", "date: 2021", "consent: {date: 2021-01-15}")),
        f"{TESTIMONY}:3",
        ("the '[' opened on this line is never closed", "add ']'"),
    ),
    Slip(
        "missing-closing-brace",
        item("quantity: {needed: 12", "price: 3.50"),
        f"{ITEM}:3",
        ("the '{' opened on this line is never closed", "add '}'"),
    ),
    Slip("extra-closing-bracket", item("ways: [money]]"), f"{ITEM}:3", ("one ']' too many", "remove the extra ']'")),
    # Colons and spaces
    Slip(
        "key-colon-value",
        item("urgency:urgent", "status: needed"),
        f"{ITEM}:3",
        ("'urgency:urgent' has no space after the colon", "urgency: urgent"),
    ),
    Slip(
        "key-colon-value-on-the-last-line",
        item("urgency:high"),
        f"{ITEM}:3",
        ("'urgency:high' has no space after the colon", "urgency: high"),
    ),
    Slip(
        "no-colon",
        item("urgency high", "status: needed"),
        f"{ITEM}:3",
        ("'urgency high' has no ':'", "write 'field: value'"),
    ),
    Slip(
        "colon-and-space-in-a-text",
        item("summary: Attention: fragile"),
        f"{ITEM}:3",
        ("the text holds ': '", 'summary: "Attention: fragile"'),
    ),
    Slip(
        "colon-and-space-on-the-second-line-of-a-text",
        item("summary: Une batterie", "  pour le téléphone: 10 000 mAh"),
        f"{ITEM}:4",
        ("the text holds ': '", 'summary: "Une batterie pour le téléphone: 10 000 mAh"'),
    ),
    Slip(
        "no-break-space-before-the-colon",
        item(f"urgency{NBSP}: high"),
        f"{ITEM}:3",
        ("no-break space (U+00A0) between 'urgency' and its colon", "urgency: with the colon right after"),
        ("unknown field",),
    ),
    Slip(
        "no-break-space-after-the-colon",
        item(f"urgency:{NBSP}high", "status: needed"),
        f"{ITEM}:3",
        ("the space after 'urgency:' is a no-break space", "urgency: high"),
    ),
    # Indentation
    Slip(
        "tab",
        item("quantity:", "\tneeded: 12"),
        f"{ITEM}:4",
        ("a tab is used for indentation", "indent with spaces only"),
    ),
    Slip(
        "no-break-spaces-in-the-indentation",
        item("quantity:", f"{NBSP}{NBSP}needed: 12"),
        f"{ITEM}:4",
        ("indented with a no-break space (U+00A0)", "ordinary spaces"),
        ("unknown field",),
    ),
    Slip(
        "indented-more-than-its-neighbour",
        item("quantity:", "  needed: 12", "   received: 4"),
        f"{ITEM}:5",
        ("'received' is indented more than the line above", "line 'received:' up with 'needed:'"),
    ),
    Slip(
        "indented-less-than-its-neighbour",
        item("quantity:", "  needed: 12", " received: 4"),
        f"{ITEM}:5",
        ("'received' is not lined up", "2 spaces, like 'needed'", "no spaces, like 'quantity'"),
    ),
    Slip(
        "field-indented-under-another",
        item("urgency: high", "  status: needed"),
        f"{ITEM}:4",
        ("'status' is indented more than the line above", "'urgency'"),
    ),
    Slip(
        "list-entry-among-fields",
        item("urgency: high", "- money"),
        f"{ITEM}:4",
        ("a list entry '- ...' stands among fields", "its own field", "starts with '- '"),
    ),
    Slip(
        "field-lined-up-with-the-dashes",
        item("buy:", "  - label: Boutique", "  url: https://shop.example.com/batterie"),
        f"{ITEM}:5",
        ("'url' is lined up with the '-' of the list", "2 more spaces, under 'label'"),
    ),
    Slip(
        "no-space-after-the-dash",
        item("ways:", "  -money"),
        f"{ITEM}:4",
        ("'-money' has no space after the dash", "- money"),
    ),
    Slip(
        "a-list-for-one-value",
        item_file("name: Batterie", "category:", "  - shelter"),
        f"{ITEM}:3",
        ("'category' is a list", "without '-' or [ ]"),
    ),
    Slip(
        "text-on-the-line-of-a-block",
        item("description: | Une batterie", "  solide"),
        f"{ITEM}:3",
        ("text after '|' on the same line", "move 'Une batterie' to the next line"),
    ),
    # Quotes
    Slip(
        "unclosed-quote",
        item('summary: "Une batterie'),
        f"{ITEM}:3",
        ('the quote " that opens this text is not closed', 'summary: "Une batterie"'),
    ),
    Slip(
        "unclosed-quote-closed-fields-later",
        item('summary: "Une batterie', "urgency: high", 'unit: "pack"'),
        f"{ITEM}:3",
        ('the quote " that opens this text is not closed', 'summary: "Une batterie"'),
    ),
    Slip(
        "apostrophe-inside-single-quotes",
        new_testimony("quote: 'Elle m'a sauvé la vie'"),
        f"{TESTIMONY}:6",
        ("an apostrophe inside '...' ends the text", 'quote: "Elle m\'a sauvé la vie"'),
    ),
    Slip(
        "text-going-on-after-its-closing-quote",
        new_testimony('quote: "Elle" m\'a dit de venir'),
        f"{TESTIMONY}:6",
        ("the text starts with a quote", "quote: '\"Elle\" m''a dit de venir'"),
    ),
    Slip(
        "typographic-quotes-around-a-text",
        item("summary: “Attention: fragile”"),
        f"{ITEM}:3",
        ("typographic quotes “”", 'summary: "Attention: fragile"'),
    ),
    Slip(
        "typographic-quotes-around-an-address",
        item("donate: “https://dons.example.org/batterie”"),
        f"{ITEM}:3",
        ("remove the typographic quotes “”", "donate: https://dons.example.org/batterie"),
    ),
    Slip(
        "typographic-single-quotes-around-a-date",
        new_testimony(fields=("author: Ali", "items: [tente]", "date: ‘2021-03’", "consent: {date: 2021-01-15}")),
        f"{TESTIMONY}:4",
        ("remove the typographic quotes ‘’", "date: 2021-03"),
    ),
    # Characters YAML reads as something else
    Slip(
        "hash-in-a-text",
        item("summary: Lot #2 du camp"),
        f"{ITEM}:3",
        ("' #' starts a comment, so 'summary' is read as 'Lot'", 'summary: "Lot #2 du camp"'),
    ),
    Slip(
        "colour-without-quotes",
        site("donate:\n", "brand:\n  accent: #0b5e55\ndonate:\n"),
        f"content/site.yaml:{SITE_YAML.splitlines().index('donate:') + 2}",
        ("' #' starts a comment, so 'accent' is empty and its colour #0b5e55 is ignored", 'accent: "#0b5e55"'),
        ("read as empty", "whole text"),
    ),
    Slip(
        "leading-at-sign",
        item("summary: @Grisvent nous aide"),
        f"{ITEM}:3",
        ("cannot start with '@'", 'summary: "@Grisvent nous aide"'),
    ),
    Slip(
        "leading-backquote",
        item("summary: `Batterie` solide"),
        f"{ITEM}:3",
        ("cannot start with a backquote", 'summary: "`Batterie` solide"'),
    ),
    Slip(
        "leading-percent",
        item("summary: %50 de charge"),
        f"{ITEM}:3",
        ("cannot start with '%'", 'summary: "%50 de charge"'),
    ),
    Slip(
        "leading-star",
        item("summary: *Urgent* avant l'hiver"),
        f"{ITEM}:3",
        ("starts with '*'", 'summary: "*Urgent* avant l\'hiver"'),
    ),
    Slip(
        "leading-ampersand",
        item("summary: & plus encore"),
        f"{ITEM}:3",
        ("starts with '&'", 'summary: "& plus encore"'),
    ),
    Slip(
        "leading-exclamation-mark",
        item("summary: !Important avant l'hiver"),
        f"{ITEM}:3",
        ("starts with '!'", 'summary: "!Important avant l\'hiver"'),
    ),
    Slip(
        "duplicate-key",
        item("urgency: high", "urgency: urgent"),
        f"{ITEM}:4",
        ("the key 'urgency' appears twice (first on line 3)", "keep only one"),
    ),
    # Values a field refuses
    Slip(
        "yes-for-true",
        new_testimony("draft: yes"),
        f"{TESTIMONY}:6",
        ("'draft' is 'yes'", "write draft: true", "not 'yes'"),
    ),
    Slip("no-for-false", new_testimony("draft: no"), f"{TESTIMONY}:6", ("'draft' is 'no'", "write draft: false")),
    Slip(
        "on-for-true-inside-braces",
        item("buy:", "  - {label: Liste, url: 'https://shop.example.com/l', wishlist: on}"),
        f"{ITEM}:4",
        ("'buy[1].wishlist' is 'on'", "write wishlist: true"),
    ),
    Slip(
        "capitalised-choice",
        item("urgency: Urgent"),
        f"{ITEM}:3",
        ("'urgency' is 'Urgent'", "lowercase: urgency: urgent"),
    ),
    Slip(
        "date-with-slashes-day-and-month-unclear",
        new_testimony(fields=("author: Ali", "items: [tente]", "date: 12/01/2021", "consent: {date: 2021-01-15}")),
        f"{TESTIMONY}:4",
        ("YYYY-MM-DD", "2021-01-12 if 12 is the day, 2021-12-01 if it is the month"),
    ),
    Slip(
        "date-with-slashes-day-first",
        new_testimony(fields=("author: Ali", "items: [tente]", "date: 25/12/2020", "consent: {date: 2021-01-15}")),
        f"{TESTIMONY}:4",
        ("year first, YYYY-MM-DD: date: 2020-12-25",),
    ),
    Slip(
        "date-without-leading-zeros",
        item("updated: 2026-1-5"),
        f"{ITEM}:3",
        ("'updated' is '2026-1-5'", "updated: 2026-01-05", "two digits"),
    ),
    Slip(
        "date-with-month-13",
        item("needed_from: 2026-13-01"),
        f"{ITEM}:3",
        ("'needed_from' is '2026-13-01'", "no month 13", "from 01 to 12"),
    ),
    Slip("price-with-a-comma", item("price: 12,50"), f"{ITEM}:3", ("'price' is '12,50'", "price: 12.50", "dot")),
    Slip(
        "price-with-the-euro-sign-after",
        item("price: 12.50 €"),
        f"{ITEM}:3",
        ("'price' is '12.50 €'", "price: 12.50", "the number alone"),
    ),
    Slip(
        "price-with-the-euro-sign-before",
        item("price: €12"),
        f"{ITEM}:3",
        ("'price' is '€12'", "price: 12", "the number alone"),
    ),
    Slip(
        "quantity-with-words",
        item("quantity: {needed: 50 batteries}"),
        f"{ITEM}:3",
        ("'quantity.needed' is '50 batteries'", "the number alone: needed: 50"),
    ),
    Slip(
        "quantity-with-a-thousands-space",
        item("quantity:", "  needed: 1 000"),
        f"{ITEM}:4",
        ("'quantity.needed' is '1 000'", "needed: 1000"),
    ),
    Slip(
        "address-without-https",
        item("donate: dons.example.org/batterie"),
        f"{ITEM}:3",
        ("'donate' is 'dons.example.org/batterie'", "https:// in front: donate: https://dons.example.org/batterie"),
    ),
    Slip(
        "site-address-without-https",
        site("base_url: https://aide.example.org/", "base_url: aide.example.org"),
        "content/site.yaml:3",
        ("'base_url' is 'aide.example.org'", "base_url: https://aide.example.org"),
    ),
    Slip(
        "empty-required-field",
        item_file("name: Batterie", "category:"),
        f"{ITEM}:2",
        ("'category' is empty", "after 'category:'"),
        ("is missing",),
    ),
    Slip(
        "misspelt-field",
        item("urgancy: urgent"),
        f"{ITEM}:3",
        ("unknown field 'urgancy'", "did you mean 'urgency'?"),
    ),
    # Front matter
    Slip(
        "front-matter-not-closed",
        {"testimonies/ali.md": "---\nauthor: Ali\nitems: [tente]\ndate: 2021\n\nLa batterie a tenu.\n"},
        f"{TESTIMONY}:6",
        ("the front matter is not closed before the text", "add a line '---' above this line"),
    ),
    Slip(
        "closing-fence-typed-by-a-word-processor",
        {"testimonies/ali.md": "---\nauthor: Ali\nitems: [tente]\ndate: 2021\n—-\nLa batterie a tenu.\n"},
        f"{TESTIMONY}:5",
        ("this line is '—-', not three hyphens '---'", "write exactly three hyphens"),
    ),
    Slip(
        "opening-fence-typed-by-a-word-processor",
        {"pages/aide.md": "—\ntitle: Aider\n---\nComment aider.\n"},
        f"{PAGE}:1",
        ("the first line is '—', not three hyphens '---'", "write exactly three hyphens"),
        ("has no front matter",),
    ),
    # A BOM and Windows line endings are no slips: the real problem is found on its line
    Slip(
        "bom-then-a-real-problem",
        {"items/batterie.yaml": "\ufeffname: Batterie\ncategory: shelter\nurgency: urgnet\n"},
        f"{ITEM}:3",
        ("'urgency' is 'urgnet'", "did you mean 'urgent'?"),
    ),
    Slip(
        "windows-line-endings-then-a-real-problem",
        {"items/batterie.yaml": b"name: Batterie\r\ncategory: shelter\r\n\r\nurgency: urgnet\r\n"},
        f"{ITEM}:4",
        ("'urgency' is 'urgnet'", "did you mean 'urgent'?"),
    ),
    Slip(
        "bom-and-windows-line-endings-in-front-matter-then-a-real-problem",
        {
            "testimonies/ali.md": (
                "\ufeff---\r\nauthor: Ali\r\nitems: [tente]\r\ndate: 2021-13\r\nconsent: {date: 2021-01-15}\r\n"
                "---\r\nTexte.\r\n"
            ).encode()
        },
        f"{TESTIMONY}:4",
        ("'date' is '2021-13'", "no month 13"),
    ),
]


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test in its own folder: `check` keeps its cache in the working directory."""
    monkeypatch.chdir(tmp_path)


def check(content: Path) -> tuple[int, list[str]]:
    """Run `check` on content; return its exit code and the problems it printed."""
    result = CliRunner().invoke(main, ["check", "--content", str(content), "--templates", str(TEMPLATES)])
    return result.exit_code, [line for line in result.stderr.splitlines() if line.startswith("content/")]


def assert_names_the_slip(slip: Slip, content: Path) -> None:
    """Assert that `check` fails with one problem, at the slip's line, in words that name it."""
    code, problems = check(content)
    assert code == 1, problems
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.startswith(f"{slip.where}: "), problem
    message, hint = problem.split(" — ", 1)
    assert message and hint, problem
    for words in slip.says:
        assert words in problem, f"{words!r} not in {problem!r}"
    for words in slip.not_says:
        assert words not in problem, f"{words!r} in {problem!r}"


def test_the_table_covers_at_least_thirty_slips() -> None:
    assert len(SLIPS) >= 30
    assert len({slip.id for slip in SLIPS}) == len(SLIPS)


@pytest.mark.parametrize("slip", SLIPS, ids=[slip.id for slip in SLIPS])
def test_check_names_the_slip_at_its_line(slip: Slip, make_site: MakeSite) -> None:
    assert_names_the_slip(slip, make_site(slip.files))


@pytest.mark.parametrize("slip", SLIPS, ids=[slip.id for slip in SLIPS])
def test_pythons_own_yaml_parser_names_the_same_slips(
    slip: Slip, make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # where libyaml is missing, PyYAML's pure parser words its errors differently: the slips must not change
    monkeypatch.setattr(documents, "_Loader", yaml.SafeLoader)
    assert_names_the_slip(slip, make_site(slip.files))


def test_yes_no_and_on_stay_text_in_a_text_field(make_site: MakeSite) -> None:
    content = make_site(
        new_testimony(fields=("author: NO", "items: [tente]", "date: 2021", "consent: {date: 2021-01-15}"))
    )
    authors = {testimony.slug: testimony.author.get("fr") for testimony in load_site(content).testimonies}
    assert authors == {"ali": "NO", "samir": "Samir"}


def test_a_file_with_a_bom_and_windows_line_endings_reads_like_any_other(make_site: MakeSite) -> None:
    item_text = "\ufeffname: {fr: Batterie, en: Power bank}\r\ncategory: shelter\r\nprice: 12.50\r\n"
    testimony_text = "\ufeff---\r\nauthor: Ali\r\nitems: [batterie]\r\ndate: 2021\r\nconsent: {date: 2021-01-15}\r\n"
    content = make_site(
        {
            "items/batterie.yaml": item_text.encode(),
            "testimonies/ali.md": (testimony_text + "---\r\nElle a tenu.\r\n").encode(),
        }
    )
    assert check(content) == (0, [])
    site = load_site(content)
    (batterie,) = [item for item in site.items if item.slug == "batterie"]
    assert batterie.name.get("en") == "Power bank"
    assert [testimony.slug for testimony in site.testimonies_by_item["batterie"]] == ["ali"]
