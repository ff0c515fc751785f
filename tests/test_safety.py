"""Authors' safety: consent reviews, identifying details, and withdrawal or deletion leaving no trace."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMIR_MD, TEMPLATES
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.errors import ContentError
from support import all_bytes

TODAY = datetime.date(2026, 11, 26)


def warnings_of(content: Path, tmp_path: Path, **extra: object) -> list[str]:
    """Return check's warnings about authors' safety for a content folder."""
    report = check(Options(content, TEMPLATES, tmp_path / "output", **extra), TODAY)  # type: ignore[arg-type]
    return [str(w) for w in report.warnings if "translated" not in w.message]


def test_check_warns_when_a_consent_review_date_has_come(make_site, tmp_path):
    samir = SAMIR_MD.replace("consent: {date: 2021-01-15}", "consent:\n  date: 2021-01-15\n  review: 2026-11")
    assert warnings_of(make_site({"testimonies/samir.md": samir}), tmp_path) == [
        "content/testimonies/samir.md:8: the consent review date 2026-11 has come"
        " — ask Samir again whether the testimony may stay published, then update 'consent'"
    ]


def test_a_consent_review_still_ahead_gives_no_warning(make_site, tmp_path):
    samir = SAMIR_MD.replace("consent: {date: 2021-01-15}", "consent: {date: 2021-01-15, review: 2026-12-01}")
    assert warnings_of(make_site({"testimonies/samir.md": samir}), tmp_path) == []


HINT = " — remove it or make it vaguer; or, if the author has read it and wants it kept, list it in 'reviewed_details'"


def test_check_warns_about_details_that_could_identify_or_locate_someone(make_site, tmp_path):
    samir = SAMIR_MD + "\nMon numéro : 06 39 98 00 42, écrivez à samir.k@example.org.\n"
    translation = "---\nquote: It kept me dry.\n---\nWe slept at 50°57'04.7\"N 1°51'31.3\"E near the dunes.\n"
    content = make_site({"testimonies/samir.md": samir, "testimonies/samir.en.md": translation})
    assert warnings_of(content, tmp_path) == [
        "content/testimonies/samir.md:11: this may identify or locate someone (phone number): '06 39 98 00 42'" + HINT,
        "content/testimonies/samir.md:11: this may identify or locate someone (e-mail address):"
        " 'samir.k@example.org'" + HINT,
        "content/testimonies/samir.en.md:4: this may identify or locate someone (GPS coordinates):"
        " '50°57'04.7\"N 1°51'31.3\"E'" + HINT,
    ]


def test_check_warns_about_a_description_of_where_someone_sleeps_on_one_line(make_site, tmp_path):
    samir = SAMIR_MD + "\nOn dormait sous le pont\nVauban, à côté d'un canal.\n"
    assert warnings_of(make_site({"testimonies/samir.md": samir}), tmp_path) == [
        "content/testimonies/samir.md:11: this may identify or locate someone (precise place):"
        " 'sous le pont Vauban'" + HINT
    ]


SAMIR_REVIEWED = SAMIR_MD.split('quote: "')[0] + (
    "reviewed_details:\n"
    "  - Sous le pont  Vauban\n"
    '  - "derrière la gare, là où le bus s\'arrête"\n'
    "---\n"
    "On dormait sous le pont\n"
    "Vauban. Le matin, on attendait derrière la gare, là où le bus s'arrête, puis devant la mairie.\n"
)
SAMIR_REVIEWED_EN = """\
---
quote: It kept me dry.
reviewed_details: [under the Vauban bridge]
---
We slept under the Vauban bridge, then behind the station.
"""


def test_details_listed_in_reviewed_details_are_no_longer_warned_about_in_that_file(make_site, tmp_path):
    content = make_site({"testimonies/samir.md": SAMIR_REVIEWED, "testimonies/samir.en.md": SAMIR_REVIEWED_EN})
    warnings = [w.split(" — ")[0] for w in warnings_of(content, tmp_path)]
    assert warnings == [
        "content/testimonies/samir.md:12: this may identify or locate someone (precise place): 'devant la mairie'",
        "content/testimonies/samir.en.md:5: this may identify or locate someone (precise place): 'behind the station'",
    ]


def test_a_reviewed_excerpt_shorter_than_the_detail_keeps_nothing(make_site, tmp_path):
    samir = SAMIR_MD.replace("---\nLa tente", "reviewed_details: [pont]\n---\nSous le pont Vauban.\nLa tente")
    warnings = [w.split(" — ")[0] for w in warnings_of(make_site({"testimonies/samir.md": samir}), tmp_path)]
    assert warnings == [
        "content/testimonies/samir.md:10: this may identify or locate someone (precise place): 'Sous le pont Vauban'"
    ]


def test_a_reviewed_excerpt_no_longer_in_the_text_is_warned_about_on_its_line(make_site, tmp_path):
    edited = SAMIR_REVIEWED.replace("sous le pont\nVauban", "sous un pont")
    warnings = warnings_of(make_site({"testimonies/samir.md": edited}), tmp_path)
    assert warnings == [
        "content/testimonies/samir.md:11: this may identify or locate someone (precise place): 'devant la mairie'"
        + HINT,
        "content/testimonies/samir.md:8: 'reviewed_details' lists 'Sous le pont  Vauban', which is no longer in"
        " the text — remove it from the list, or copy it again from the text as it now reads",
    ]


def test_the_reviewed_details_field_itself_is_neither_a_detail_nor_where_an_excerpt_is_found(make_site, tmp_path):
    samir = SAMIR_MD.replace("---\nLa tente", "reviewed_details:\n- 06 39 98 00 42\n- rue des Lilas\n---\nLa tente")
    warnings = [w.split(" — ")[0] for w in warnings_of(make_site({"testimonies/samir.md": samir}), tmp_path)]
    assert warnings == [
        "content/testimonies/samir.md:9: 'reviewed_details' lists '06 39 98 00 42', which is no longer in the text",
        "content/testimonies/samir.md:10: 'reviewed_details' lists 'rue des Lilas', which is no longer in the text",
    ]


def test_reviewed_details_must_be_a_list_of_texts(make_site, options):
    samir = SAMIR_MD.replace("---\nLa tente", "reviewed_details: sous le pont\n---\nLa tente")
    with pytest.raises(ContentError) as error:
        build(options(make_site({"testimonies/samir.md": samir})))
    assert "content/testimonies/samir.md:8: 'reviewed_details' must be a list of text" in str(error.value)


def test_drafts_are_checked_for_identifying_details_before_they_are_published(make_site, tmp_path):
    draft = SAMIR_MD.replace("---\nLa tente", "draft: true\n---\nJ'habite au 12 rue des Lilas, 62100 Calais.\nLa tente")
    warnings = warnings_of(make_site({"testimonies/samir.md": draft}), tmp_path)
    assert [w.split(" — ")[0] for w in warnings] == [
        "content/testimonies/samir.md:10: this may identify or locate someone (street address):"
        " '12 rue des Lilas, 62100 Calais'"
    ]


def test_a_withdrawn_testimony_is_not_read_for_warnings(make_site, tmp_path):
    withdrawn = SAMIR_MD.replace("---\nLa tente", "withdrawn: true\n---\nMon numéro : 06 39 98 00 42.\nLa tente")
    assert warnings_of(make_site({"testimonies/samir.md": withdrawn}), tmp_path) == []


def test_check_prints_safety_warnings_and_still_succeeds(runner, make_site):
    samir = SAMIR_MD + "\nÉcrivez-moi : samir.k@example.org\n"
    result = runner.invoke(main, ["check", "--content", str(make_site({"testimonies/samir.md": samir})),
                                  "--templates", str(TEMPLATES)])  # fmt: skip
    assert result.exit_code == 0
    assert "warning: content/testimonies/samir.md:11: this may identify or locate someone (e-mail address)" in (
        result.stderr
    )


def photo() -> bytes:
    """Return a small PNG."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 30, 30)).save(out, "PNG")
    return out.getvalue()


YONAS = """\
---
author: Yonastar
items: [tente]
date: 2019
place: Grisvent-Plage
consent: {date: 2020-01-01}
quote: "Quollbright et la mer."
photo: {src: yonas-rivage.png, alt: Zanzibarquoll au rivage}
---
Zanzibarquoll a raconté sa nuit sous la pluie.
"""
YONAS_EN = "---\nquote: Quollbright and the sea.\ntranslated_by: Tradwinkle\n---\nZanzibarquoll told of his night.\n"
TRACES = (b"yonas", b"Yonastar", b"Zanzibarquoll", b"Quollbright", b"Tradwinkle", b"Grisvent-Plage", b"rivage")


def published_and_then(make_site, options, change: dict[str, str | bytes | None]) -> dict[str, bytes]:
    """Publish Yonas's testimony with a photo and a translation, apply `change`, rebuild; return the output."""
    content = make_site({"testimonies/yonas.md": YONAS, "testimonies/yonas.en.md": YONAS_EN,
                         "images/yonas-rivage.png": photo()})  # fmt: skip
    build(options(content))
    published = all_bytes(options(content).output)
    assert any(b"Zanzibarquoll" in data for data in published.values())
    assert any(path.startswith("images/yonas-rivage") for path in published), "the photo was published"
    make_site(change)
    build(options(content))
    return all_bytes(options(content).output)


def test_withdrawing_removes_every_trace_text_slug_author_translation_and_photo(make_site, options):
    withdrawn = YONAS.replace("---\nZanzibarquoll", "withdrawn: true\n---\nZanzibarquoll")
    output = published_and_then(make_site, options, {"testimonies/yonas.md": withdrawn})
    for path, data in output.items():
        for trace in TRACES:
            assert trace not in data and trace not in path.encode(), (path, trace)


def test_deleting_a_testimony_and_its_translation_removes_every_trace(make_site, options):
    output = published_and_then(make_site, options, {"testimonies/yonas.md": None, "testimonies/yonas.en.md": None})
    for path, data in output.items():
        for trace in TRACES:
            assert trace not in data, (path, trace)
