"""The command line: build, check and clean, their help, messages and exit statuses."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SITE_YAML, TEMPLATES
from sitegen.cli import main
from sitegen.parallel import OLDEST_NEVER


def run(runner, *args: str):
    """Invoke the CLI with arguments."""
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["clean"]])
def test_every_command_has_help(runner, command):
    result = run(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_build_help_lists_the_design_options(runner):
    output = run(runner, "build", "--help").output
    for option in ("--content", "--templates", "--output", "--drafts", "--base-url", "--quiet"):
        assert option in output


def test_build_writes_the_site_and_says_so(runner, make_site, tmp_path):
    output = tmp_path / "deep" / "new" / "site"
    result = run(runner, "build", "--content", make_site(), "--templates", TEMPLATES, "--output", output)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 20 pages and 0 pictures: ")
    assert (output / "index.html").is_file()


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_build_or_check_never_collects_the_oldest_objects_and_then_restores_collection(
    runner, make_site, tmp_path, command
):
    oldest: list[int] = []  # the generation of each full collection while the command ran
    thresholds: set[tuple[int, int, int]] = set()

    def seen(phase: str, info: dict[str, int]) -> None:
        thresholds.add(gc.get_threshold())
        if phase == "start" and info["generation"] == 2:
            oldest.append(2)

    before = gc.get_threshold()
    output = ["--output", tmp_path / "out"] if command == "build" else []
    gc.callbacks.append(seen)
    try:
        result = run(runner, command, "-q", "--content", make_site(), "--templates", TEMPLATES, *output)
    finally:
        gc.callbacks.remove(seen)
    assert result.exit_code == 0, result.output
    assert thresholds == {(*before[:2], OLDEST_NEVER)}, "young collections went on, under the command's policy"
    assert oldest == [] and gc.get_threshold() == before


def test_quiet_build_prints_nothing(runner, make_site, tmp_path):
    result = run(
        runner, "build", "-q", "--content", make_site(), "--templates", TEMPLATES, "--output", tmp_path / "out"
    )
    assert result.exit_code == 0 and result.output == ""


def test_bad_content_exits_1_with_every_problem_on_stderr(runner, make_site, tmp_path):
    content = make_site(
        {
            "items/tente.yaml": "name: Tente\ncategory: shelterr\nurgency: urgnet\n",
            "testimonies/samir.md": "---\nauthor: Samir\nitems: [tente]\ndate: 2020\n---\nTexte.\n",
        }
    )
    result = run(runner, "build", "--content", content, "--templates", TEMPLATES, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/items/tente.yaml:2: 'category' refers to 'shelterr', which does not exist in site.yaml categories"
        " — did you mean 'shelter'?",
        "content/items/tente.yaml:3: 'urgency' is 'urgnet', which is not one of urgent, high, normal, low"
        " — did you mean 'urgent'?",
        "content/testimonies/samir.md:2: the required field 'consent' is missing"
        " — add 'consent:' (the author's consent to publication: consent: {date: YYYY-MM-DD})",
        "3 problems found, nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_check_validates_without_writing_the_site(runner, make_site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "check", "--content", make_site(), "--templates", TEMPLATES)
    assert result.exit_code == 0
    assert result.stdout == (
        "No problems: 1 items, 1 testimonies, 1 pages, 0 pictures. 3 warnings: 3 files not translated into 'en' yet.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content"], "only its cache, for the next build"
    assert not any(path.suffix == ".html" for path in (tmp_path / ".cache").rglob("*"))


def test_check_exits_1_on_a_problem(runner, make_site):
    result = run(
        runner, "check", "--content", make_site({"items/tente.yaml": "name: Tente\n"}), "--templates", TEMPLATES
    )
    assert result.exit_code == 1
    assert "content/items/tente.yaml:1: the required field 'category' is missing" in result.stderr


def test_a_base_url_that_is_not_http_is_refused(runner, make_site, tmp_path):
    result = run(
        runner,
        "build",
        "--content",
        make_site(),
        "--templates",
        TEMPLATES,
        "--output",
        tmp_path / "out",
        "--base-url",
        "javascript:alert(1)",
    )
    assert result.exit_code == 1
    assert "--base-url 'javascript:alert(1)' is not an http(s) address" in result.stderr


def test_clean_removes_the_built_site(runner, make_site, tmp_path):
    output = tmp_path / "out"
    run(runner, "build", "-q", "--content", make_site(), "--templates", TEMPLATES, "--output", output)
    assert run(runner, "clean", "--output", output).exit_code == 0
    assert not output.exists()


def test_clean_refuses_a_folder_that_is_not_a_built_site(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run(runner, "clean", "--output", tmp_path)
    assert result.exit_code == 1
    assert (tmp_path / "notes.txt").exists()


def test_generate_py_works_from_any_directory_with_explicit_paths(make_site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "generate.py"),
            "build",
            "--content",
            str(make_site()),
            "--templates",
            str(TEMPLATES),
            "--output",
            str(tmp_path / "site"),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "items" / "tente" / "index.html").is_file()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--content", "nowhere: the content folder does not exist — pass --content with the folder that holds"),
        ("--templates", "nowhere: the templates folder does not exist — pass --templates with the folder that holds"),
    ],
)
def test_a_missing_folder_is_named_once(runner, make_site, tmp_path, monkeypatch, option, message):
    monkeypatch.chdir(tmp_path)
    paths = {"--content": make_site(), "--templates": TEMPLATES, option: "nowhere"}
    result = run(runner, "check", *(part for pair in paths.items() for part in pair))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message)
    assert len(result.stderr.splitlines()) == 2


def test_check_warns_per_language_about_what_is_not_translated_yet(runner, make_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    french = theme / "i18n" / "fr.yaml"
    french.write_text(french.read_text() + 'not_used_yet: "Pas encore utilisé"\n')
    site_yaml = SITE_YAML.replace("label: {fr: Faire un don, en: Donate}", "label: Donner")
    content = make_site({"site.yaml": site_yaml + "do_not_send:\n  - text: Matelas d'occasion\n"})
    result = run(runner, "check", "--content", content, "--templates", theme)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: content/site.yaml: not translated into 'en' yet: donate.label, do_not_send[1].text"
        " — add 'en: ...' to each",
        "warning: content/items/tente.yaml: not translated into 'en' yet: description — add 'en: ...' to each",
        "warning: content/testimonies/samir.md: not translated into 'en' yet: the text"
        " — add samir.en.md beside it, with the translated text",
        "warning: content/pages/about.md: not translated into 'en' yet: the page"
        " — add about.en.md beside it, with the translated title and text",
        "warning: theme/i18n/en.yaml: not translated into 'en' yet: not_used_yet — add these UI strings",
    ]


def test_the_example_site_checks_without_warnings_about_translations_links_or_safety(runner):
    result = run(runner, "check", "--content", ROOT / "content", "--templates", TEMPLATES)
    assert result.exit_code == 0
    for kind in ("not translated", "links to", "identify", "consent review"):
        assert kind not in result.stderr  # only the age of urgent needs depends on today's date
