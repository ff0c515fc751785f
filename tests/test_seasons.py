"""Needs with a season or dates: decided from the build's date, so windows open and close without a commit."""

from __future__ import annotations

import datetime
import json

import pytest

from conftest import SITE_YAML, TEMPLATES, TENT_YAML
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.content.load import load_site
from sitegen.content.seasons import is_open, next_opening
from sitegen.errors import ContentError
from sitegen.model import LATER, PartialDate, Window
from support import text

WINTER = Window(yearly=((11, 1), (3, 31)))
RAMADAN = Window(start=PartialDate(2027, 1, 4), end=PartialDate(2027, 2, 7))
DAY = datetime.date


@pytest.mark.parametrize(
    ("window", "day", "open_", "again"),
    [
        (WINTER, DAY(2026, 12, 6), True, None),
        (WINTER, DAY(2027, 2, 28), True, None),
        (WINTER, DAY(2027, 6, 1), False, DAY(2027, 11, 1)),
        (WINTER, DAY(2026, 10, 31), False, DAY(2026, 11, 1)),
        (RAMADAN, DAY(2026, 12, 6), False, DAY(2027, 1, 4)),
        (RAMADAN, DAY(2027, 1, 20), True, None),
        (RAMADAN, DAY(2027, 2, 8), False, None),
        (Window(yearly=((2, 29), (3, 1))), DAY(2026, 6, 1), False, DAY(2028, 2, 29)),
        (Window(start=PartialDate(2027, 3), yearly=((11, 1), (3, 31))), DAY(2026, 12, 6), False, DAY(2027, 3, 1)),
    ],
)
def test_a_window_is_open_on_its_days_and_says_when_it_opens_next(window, day, open_, again):
    assert is_open(window, day) is open_
    if not open_:
        assert next_opening(window, day) == again


def site(make_site, item: str):
    """Return the content folder of a tiny site whose tent has these extra lines."""
    return make_site({"items/tente.yaml": TENT_YAML + item})


def test_outside_its_window_a_needed_item_waits_and_says_from_when(make_site):
    content = site(make_site, "needed_from: 2027-01-04\nneeded_until: 2027-02-07\n")
    tent = load_site(content, today=DAY(2026, 12, 6)).items[0]
    assert (tent.status, tent.needed_again) == (LATER, DAY(2027, 1, 4))
    assert load_site(content, today=DAY(2027, 1, 4)).items[0].status == "needed"
    gone = load_site(content, today=DAY(2027, 2, 8)).items[0]
    assert (gone.status, gone.needed_again) == (LATER, None)


def test_an_item_we_have_enough_of_stays_so_whatever_its_window(make_site):
    content = make_site({"items/tente.yaml": TENT_YAML.replace("status: needed", "status: enough") + SEASON})
    assert load_site(content, today=DAY(2027, 6, 1)).items[0].status == "enough"


SEASON = "season: {start: 11-01, end: 03-31}\n"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("season: {start: 13-01, end: 03-31}\n", "'season.start' is '13-01', which is not a day of the year written"
         " MM-DD, such as 11-01 — write season.start: 11-01 (month, then day)"),
        ("season: {start: 11-01, end: 02-30}\n", "'season.end' is '02-30', which is not a day of the year written"
         " MM-DD, such as 11-01 — write season.end: 11-01 (month, then day)"),
        ("needed_from: 2027-02\nneeded_until: 2027-01-15\n", "'needed_until' (2027-01-15) comes before"
         " 'needed_from' (2027-02) — swap them"),
    ],
)  # fmt: skip
def test_windows_that_cannot_be_are_refused(make_site, lines: str, message: str):
    with pytest.raises(ContentError) as raised:
        load_site(site(make_site, lines))
    (problem,) = raised.value.problems
    assert f"{problem.message} — {problem.hint}" == message


def test_a_waiting_item_offers_no_way_to_help_and_stays_off_the_posters(make_site, tmp_path):
    options = Options(site(make_site, SEASON), TEMPLATES, tmp_path / "output", today=DAY(2027, 6, 1))
    build(options)
    page = options.output / "items/tente/index.html"
    shown = text(page)
    assert "Pas besoin pour l'instant" in shown and "Nécessaire à partir du 1 novembre 2027" in shown
    assert "data-way" not in page.read_text() and "shop.example.com" not in page.read_text()
    assert "Tente" not in text(options.output / "print/index.html")
    needs = text(options.output / "index.html")
    assert needs.index("Ce qui manque en ce moment") < needs.index("Pas pour l'instant") < needs.index("Tente")
    item = json.loads((options.output / "needs.json").read_text())["items"][0]
    assert (item["status"], item["needed_again"], item["buy"]) == ("later", "2027-11-01", [])


def test_the_build_date_is_given_on_the_command_line_and_a_new_day_is_a_new_build(make_site, runner, tmp_path):
    content = site(make_site, SEASON)
    args = ["build", "--content", content, "--templates", TEMPLATES, "--output", tmp_path / "out", "--cache",
            tmp_path / "cache"]  # fmt: skip
    for day, shown in (("2027-06-01", "Pas besoin pour l'instant"), ("2027-12-01", "Acheter chez Boutique")):
        result = runner.invoke(main, [str(arg) for arg in [*args, "--date", day]], catch_exceptions=False)
        assert result.exit_code == 0 and not result.output.startswith("Nothing changed")
        assert shown in text(tmp_path / "out/items/tente/index.html")


def test_check_warns_about_a_window_that_closed_on_an_item_nobody_updated(make_site, tmp_path):
    content = site(make_site, "needed_until: 2026-12-24\n")
    options = Options(content, TEMPLATES, tmp_path / "output")
    warnings = [str(warning) for warning in check(options, DAY(2027, 1, 10)).warnings]
    assert (
        "content/items/tente.yaml: this need ended on 2026-12-24 ('needed_until') and nobody has updated the item"
        " since — give it a new 'needed_until', or set 'status: enough' or 'paused', then update 'updated'"
    ) in warnings
    assert not any("ended" in warning for warning in map(str, check(options, DAY(2026, 12, 20)).warnings))
    (content / "items/tente.yaml").write_text(
        TENT_YAML.replace("2026-11-20", "2027-01-02") + "needed_until: 2026-12-24\n", encoding="utf-8"
    )
    assert not any("ended" in str(warning) for warning in check(options, DAY(2027, 1, 10)).warnings)


def test_an_item_without_a_window_is_needed_every_day(make_site):
    assert {load_site(make_site(), today=day).items[0].status for day in (DAY(2027, 6, 1), DAY(2027, 12, 1))} == {
        "needed"
    }


DROPOFFS = """\
dropoffs:
  - name: Entrepôt
    address: 1 quai du Port
    hours: {fr: le samedi, en: Saturdays}
    closures:
      - {start: 2026-12-24, end: 2027-01-02, reason: {fr: fêtes, en: holidays}}
  - name: Salle Saint-Rémi
    address: 3 rue des Cordiers
    hours: {fr: le dimanche, en: Sundays}
    categories: [hygiene]
"""


def test_an_item_page_shows_the_drop_off_points_that_take_its_category_and_a_closure_in_force(make_site, tmp_path):
    soap = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Savon, en: Soap}").replace("shelter", "hygiene")
    content = make_site({"site.yaml": SITE_YAML + DROPOFFS, "items/savon.yaml": soap})
    options = Options(content, TEMPLATES, tmp_path / "output", today=DAY(2026, 12, 28))
    build(options)
    tent, savon = (text(options.output / f"items/{slug}/index.html") for slug in ("tente", "savon"))
    assert "Entrepôt 1 quai du Port le samedi Fermé en ce moment, jusqu'au 2 janvier 2027 inclus (fêtes)" in tent
    assert "Salle Saint-Rémi" not in tent and "Salle Saint-Rémi 3 rue des Cordiers le dimanche" in savon
    assert "Entrepôt ouvert le samedi" not in tent, "the points replace organisation.dropoff where they fit"
    poster = text(options.output / "print/index.html")
    assert "Où les apporter" in poster and "Salle Saint-Rémi" in poster
    points = json.loads((options.output / "needs.json").read_text())["site"]["dropoffs"]
    assert [(p["categories"], p["closed_now"]) for p in points] == [(None, True), (["hygiene"], False)]
    build(Options(content, TEMPLATES, tmp_path / "later", today=DAY(2027, 1, 3)))
    assert "Fermé en ce moment" not in text(tmp_path / "later/items/tente/index.html")


def test_bring_needs_a_drop_off_point_that_takes_the_category_when_there_is_no_general_one(make_site):
    site_yaml = SITE_YAML.replace(
        '  dropoff: {fr: "Entrepôt ouvert le samedi", en: "Warehouse open on Saturdays"}\n', ""
    )
    points = DROPOFFS.replace("  - name: Entrepôt\n", "  - name: Entrepôt\n    categories: [hygiene]\n")
    content = make_site({"site.yaml": site_yaml + points, "items/tente.yaml": TENT_YAML + "ways: [bring, buy]\n"})
    with pytest.raises(ContentError) as raised:
        load_site(content)
    assert [problem.message for problem in raised.value.problems] == [
        "'ways' lists bring, but nothing tells donors how"
    ]
    unsaid = make_site({"site.yaml": site_yaml + points, "items/tente.yaml": TENT_YAML})
    assert load_site(unsaid).items[0].ways == ("buy", "money"), "no point takes shelter: no bring block"


def test_a_closure_that_ends_before_it_starts_is_refused(make_site):
    content = make_site({"site.yaml": SITE_YAML + DROPOFFS.replace("start: 2026-12-24", "start: 2027-12-24")})
    with pytest.raises(ContentError) as raised:
        load_site(content)
    (problem,) = raised.value.problems
    assert (problem.line, problem.message) == (20, "'dropoffs[1].closures[1]' ends (2027-01-02) before it starts")
