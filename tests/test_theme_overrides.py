"""The association's own theme files in content/theme/: each replaces the default at the same place, and is
reviewed when the default it replaced changes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_DAY, TEMPLATES
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.errors import ContentError, Group
from sitegen.pages import overrides


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    """Return a copy of the default theme, which a test may change as an upgrade would."""
    return Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))


def built(content: Path, templates: Path, output: Path) -> Path:
    """Build content with a theme; return the output folder."""
    build(Options(content, templates, output, today=EXAMPLE_DAY))
    return output


def theme_warnings(content: Path, templates: Path) -> list[str]:
    """Return check's warnings about theme overrides, as printed."""
    report = check(Options(content, templates, content.parent / "out", today=EXAMPLE_DAY), EXAMPLE_DAY)
    return [str(w) for w in report.warnings if w.group == Group.THEME]


def override(content: Path, templates: Path, *arguments: str, runner=None) -> str:
    """Run `generate.py override` and return what it printed; fail on an error."""
    command = ["override", "--content", str(content), "--templates", str(templates), *arguments]
    result = runner.invoke(main, command)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_template_in_content_theme_replaces_the_default_one_and_only_that_one(make_site, tmp_path):
    content = make_site(
        {"theme/item.html": (TEMPLATES / "item.html").read_text().replace("<h1>", '<p class="ours">Le Fil</p><h1>')}
    )
    output = built(content, TEMPLATES, tmp_path / "output")
    assert 'class="ours"' in (output / "items/tente/index.html").read_text()
    assert 'class="ours"' not in (output / "index.html").read_text()  # the needs list keeps the default


def test_a_static_file_in_content_theme_replaces_the_default_and_a_new_one_is_added(make_site, tmp_path):
    style = (TEMPLATES / "static/style.css").read_text() + "\n.ours { color: #0b5e55; }\n"
    content = make_site({"theme/static/style.css": style, "theme/static/extra.css": ".extra {}\n"})
    output = built(content, TEMPLATES, tmp_path / "output")
    assert (output / "static/style.css").read_text() == style
    assert (output / "static/extra.css").read_text() == ".extra {}\n"
    assert (output / "static/search.js").read_bytes() == (TEMPLATES / "static/search.js").read_bytes()


def test_an_override_of_the_favicon_is_also_published_at_the_root(make_site, tmp_path):
    content = make_site({"theme/static/favicon.ico": b"\x00\x00\x01\x00ours"})
    output = built(content, TEMPLATES, tmp_path / "output")
    assert (output / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00ours"


def test_editors_leftovers_in_content_theme_are_never_published(make_site, tmp_path):
    content = make_site({"theme/static/.DS_Store": b"x", "theme/static/style.css~": "x", "theme/static/Thumbs.db": b""})
    output = built(content, TEMPLATES, tmp_path / "output")
    assert not {"static/.DS_Store", "static/style.css~", "static/Thumbs.db"} & {
        path.relative_to(output).as_posix() for path in output.rglob("*")
    }


def test_an_error_in_an_override_names_the_override_file_and_line(make_site, tmp_path):
    content = make_site({"theme/item.html": '{% extends "base.html" %}\n{% block main %}\n{{ nothing.here }\n'})
    with pytest.raises(ContentError) as raised:
        built(content, TEMPLATES, tmp_path / "output")
    assert [(p.path, p.line) for p in raised.value.problems] == [("content/theme/item.html", 3)]


def test_ui_strings_in_content_theme_are_refused_pointing_to_content_i18n(make_site, tmp_path):
    content = make_site({"theme/i18n/fr.yaml": "donate: Donner\n"})
    with pytest.raises(ContentError) as raised:
        built(content, TEMPLATES, tmp_path / "output")
    (problem,) = raised.value.problems
    assert problem.path == "content/theme/i18n/fr.yaml" and "content/i18n/fr.yaml" in problem.hint


def test_override_copies_the_default_and_records_it_so_check_is_quiet(make_site, runner):
    content = make_site()
    printed = override(content, TEMPLATES, "item.html", "static/style.css", runner=runner)
    assert "content/theme/item.html" in printed
    assert (content / "theme/item.html").read_bytes() == (TEMPLATES / "item.html").read_bytes()
    record = (content / "theme/overrides.yaml").read_text()
    assert "item.html:" in record and "static/style.css:" in record and overrides.digest(TEMPLATES / "item.html")
    assert theme_warnings(content, TEMPLATES) == []


def test_override_never_overwrites_an_override(make_site, runner):
    content = make_site({"theme/item.html": "ours"})
    result = runner.invoke(main, ["override", "--content", str(content), "item.html"])
    assert result.exit_code == 1 and "already exists" in result.output
    assert (content / "theme/item.html").read_text() == "ours"


@pytest.mark.parametrize("name", ["../site.yaml", "nothing.html", "i18n/fr.yaml"])
def test_override_refuses_a_name_the_theme_does_not_have(make_site, runner, name):
    content = make_site()
    result = runner.invoke(main, ["override", "--content", str(content), name])
    assert result.exit_code == 1
    assert not (content / "theme").exists()


def test_check_warns_when_the_default_an_override_replaces_changed_since(make_site, theme, runner):
    content = make_site()
    override(content, theme, "item.html", "static/style.css", runner=runner)
    (theme / "item.html").write_text((theme / "item.html").read_text() + "{# a newer default #}\n")
    (warning,) = theme_warnings(content, theme)
    assert warning.startswith("content/theme/item.html: the default this file replaces (templates/item.html)")
    assert "override --diff item.html" in warning and "override --reviewed item.html" in warning
    diff = override(content, theme, "--diff", "item.html", runner=runner)
    assert "-{# a newer default #}" in diff  # what the override lacks of the new default
    override(content, theme, "--reviewed", "item.html", runner=runner)
    assert theme_warnings(content, theme) == []
    assert "static/style.css:" in (content / "theme/overrides.yaml").read_text()  # the other record is kept


def test_check_warns_about_an_override_nothing_records(make_site):
    content = make_site({"theme/page.html": (TEMPLATES / "page.html").read_text()})
    (warning,) = theme_warnings(content, TEMPLATES)
    assert "nothing records which version" in warning and "override --reviewed page.html" in warning


def test_check_warns_about_a_misspelt_override_that_replaces_nothing(make_site):
    content = make_site({"theme/itme.html": "{# mine #}"})
    (warning,) = theme_warnings(content, TEMPLATES)
    assert warning.startswith("content/theme/itme.html: this file replaces no file of the theme")
    assert "did you mean item.html?" in warning


def test_a_new_template_an_override_includes_is_no_warning(make_site, runner):
    content = make_site()
    override(content, TEMPLATES, "item.html", runner=runner)
    item = content / "theme/item.html"
    item.write_text(item.read_text().replace("{% block main %}", '{% block main %}{% include "banner.html" %}'))
    (content / "theme/banner.html").write_text('<p class="banner">Collecte du samedi</p>\n')
    assert theme_warnings(content, TEMPLATES) == []
    output = built(content, TEMPLATES, content.parent / "output")
    assert 'class="banner"' in (output / "items/tente/index.html").read_text()


def test_a_rebuild_after_an_override_changes_gives_the_bytes_of_a_build_from_nothing(make_site, tmp_path):
    content = make_site()
    cache, output = tmp_path / "cache", tmp_path / "output"
    build(Options(content, TEMPLATES, output, cache=cache, today=EXAMPLE_DAY))
    (content / "theme").mkdir()
    (content / "theme/page.html").write_text((TEMPLATES / "page.html").read_text().replace("<h1", '<h1 data-ours=""'))
    build(Options(content, TEMPLATES, output, cache=cache, today=EXAMPLE_DAY))
    fresh = built(content, TEMPLATES, tmp_path / "fresh")
    pages = sorted(p.relative_to(output) for p in output.rglob("*.html"))
    assert pages == sorted(p.relative_to(fresh) for p in fresh.rglob("*.html"))
    assert all((output / p).read_bytes() == (fresh / p).read_bytes() for p in pages)
    assert "data-ours" in (output / "about/index.html").read_text()


def test_theme_files_and_ui_strings_linked_from_outside_content_are_refused(make_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("nav_label: SECRET\n")
    content = make_site()
    (content / "theme/static").mkdir(parents=True)
    (content / "theme/static/leak.txt").symlink_to(secret)
    (content / "theme/partials").symlink_to(tmp_path, target_is_directory=True)
    (content / "i18n").mkdir()
    (content / "i18n/fr.yaml").symlink_to(secret)
    with pytest.raises(ContentError) as raised:
        built(content, TEMPLATES, tmp_path / "output")
    assert {p.path for p in raised.value.problems} == {
        "content/theme/static/leak.txt",
        "content/theme/partials",
        "content/i18n/fr.yaml",
    }
    assert not (tmp_path / "output").exists()


def test_a_link_inside_content_theme_to_another_file_of_content_is_followed(make_site, tmp_path):
    content = make_site({"theme/static/extra.css": ".extra {}\n"})
    (content / "theme/static/same.css").symlink_to(content / "theme/static/extra.css")
    output = built(content, TEMPLATES, tmp_path / "output")
    assert (output / "static/same.css").read_text() == ".extra {}\n"


def test_a_picture_of_content_theme_static_with_metadata_is_refused_and_one_without_is_published(make_site, tmp_path):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Phone of a volunteer"  # Make
    exif.get_ifd(0x8825)[2] = (50.0, 57.0, 0.0)  # GPSLatitude
    with_gps, plain = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (40, 20), "#0b5e55").save(with_gps, "JPEG", exif=exif)
    Image.new("RGB", (40, 20), "#0b5e55").save(plain, "JPEG")
    content = make_site({"theme/static/banner.jpg": with_gps.getvalue(), "theme/static/plain.jpg": plain.getvalue()})
    with pytest.raises(ContentError) as raised:
        built(content, TEMPLATES, tmp_path / "output")
    (problem,) = raised.value.problems
    assert problem.path == "content/theme/static/banner.jpg" and "GPS" in problem.message
    (content / "theme/static/banner.jpg").unlink()
    assert (built(content, TEMPLATES, tmp_path / "output") / "static/plain.jpg").read_bytes() == plain.getvalue()
