"""The content format a site is written in: older content still builds and is told what changed (fmt does it),
newer content is refused with how to upgrade."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, EXAMPLE_DAY, ROOT, SITE_YAML, TEMPLATES
from sitegen import __version__
from sitegen.build import Options, build, check
from sitegen.cli import main
from sitegen.content import formats
from sitegen.content.load import load_config
from sitegen.errors import ContentError, Group

FORMAT_1 = SITE_YAML.replace("format: 2\n", "")
assert FORMAT_1 != SITE_YAML


def warnings(content: Path, group: str) -> list[str]:
    """Return check's warnings of one group, as printed."""
    report = check(Options(content, TEMPLATES, content.parent / "out", today=EXAMPLE_DAY), EXAMPLE_DAY)
    return [str(w) for w in report.warnings if w.group == group]


def fmt(runner, content: Path, *flags: str):
    """Run `generate.py fmt` on a content folder."""
    return runner.invoke(main, ["fmt", "--content", str(content), *flags])


def test_site_yaml_without_a_format_is_format_1_and_still_builds(make_site, options):
    content = make_site({"site.yaml": FORMAT_1})
    assert load_config(content).format == 1
    build(options(content, today=EXAMPLE_DAY))
    assert (content.parent / "output/index.html").is_file()


def test_check_says_what_changed_since_an_older_format_and_that_fmt_does_it(make_site):
    content = make_site({"site.yaml": FORMAT_1})
    (warning,) = warnings(content, Group.FORMAT)  # no templates/ beside content/: the other change concerns no one
    assert warning.startswith("content/site.yaml: this content is written for content format 1; format 2 changed")
    assert "python generate.py fmt" in warning


def test_fmt_brings_the_content_to_this_format_and_check_then_says_nothing(make_site, runner):
    content = make_site({"site.yaml": FORMAT_1})
    checked = fmt(runner, content, "--check")
    assert checked.exit_code == 1 and "older format" in checked.output
    assert load_config(content).format == 1  # --check changes nothing
    assert fmt(runner, content).exit_code == 0
    assert (content / "site.yaml").read_text().startswith(f"format: {formats.FORMAT}\n")
    assert warnings(content, Group.FORMAT) == []
    assert fmt(runner, content, "--check").exit_code == 0


def test_content_for_a_newer_format_is_refused_alone_with_how_to_upgrade(make_site, options):
    content = make_site({"site.yaml": SITE_YAML.replace("format: 2", "format: 3") + "palette: {leaf: green}\n"})
    with pytest.raises(ContentError) as raised:
        build(options(content, today=EXAMPLE_DAY))
    (problem,) = raised.value.problems  # not the unknown field 'palette' a newer format may have added
    assert (problem.path, problem.line) == ("content/site.yaml", SITE_YAML.splitlines().index("format: 2") + 1)
    assert f"format 3, and this sitegen ({__version__}) reads formats up to 2" in problem.message
    assert "requirements.txt" in problem.hint


@pytest.fixture
def forked(make_site, tmp_path: Path) -> Path:
    """Return the content of a site made before format 2: a copy of the generator whose templates/ it edited."""
    content = make_site({"site.yaml": FORMAT_1})
    old = Path(shutil.copytree(TEMPLATES, tmp_path / "templates"))
    (old / "page.html").write_text((old / "page.html").read_text().replace("<h1>", '<h1 class="ours">'))
    (old / "static/style.css").write_text((old / "static/style.css").read_text() + ".ours { color: #7a1f4d; }\n")
    (old / "page.html~").write_text("an editor's backup\n")  # a leftover: never moved, as never read
    strings = (old / "i18n/fr.yaml").read_text()
    (old / "i18n/fr.yaml").write_text(re.sub(r"(?m)^jump_to_help: .*$", "jump_to_help: Aider le Fil", strings))
    return content


def test_check_names_the_old_templates_folder_of_a_site_made_before_format_2(forked):
    changes = warnings(forked, Group.FORMAT)
    assert len(changes) == 2 and "templates/ beside content/ is not read" in changes[1]


def test_fmt_moves_what_a_fork_changed_in_templates_into_content_theme_and_content_i18n(forked, runner, tmp_path):
    result = fmt(runner, forked)
    assert result.exit_code == 0, result.output
    theme = forked / "theme"
    assert sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()) == [
        "page.html",
        "static/style.css",
    ]  # only what differs from the default
    assert (forked / "i18n/fr.yaml").read_text() == "jump_to_help: Aider le Fil\n"
    build(Options(forked, TEMPLATES, tmp_path / "output", today=EXAMPLE_DAY))
    assert 'class="ours"' in (tmp_path / "output/about/index.html").read_text()
    assert "Aider le Fil" in (tmp_path / "output/items/tente/index.html").read_text()
    review = warnings(forked, Group.THEME)  # each copy to compare with the new default, and templates/ to remove
    assert [w.split(":")[0] for w in review] == [
        "content/theme/page.html",
        "content/theme/static/style.css",
        "templates",
    ]


def test_fmt_never_overwrites_a_file_already_in_content_theme(forked, runner):
    (forked / "theme").mkdir()
    (forked / "theme/page.html").write_text("mine\n")
    result = fmt(runner, forked)
    assert result.exit_code == 0
    assert (forked / "theme/page.html").read_text() == "mine\n"
    assert "merge what you changed by hand into content/theme/page.html" in result.output, result.output


def test_the_example_and_a_new_sites_content_are_written_in_this_format():
    assert load_config(EXAMPLE).format == formats.FORMAT
    assert all(change.format <= formats.FORMAT for change in formats.CHANGES)


def test_the_changelog_tells_each_content_format_and_the_version_of_this_generator():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## {re.escape(__version__)} ", changelog, re.MULTILINE), "no entry for this version"
    for number in range(2, formats.FORMAT + 1):
        assert f"content format {number}" in changelog.lower()
