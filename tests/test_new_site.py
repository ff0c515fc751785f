"""`new site DIR`: a new association's repository, valid as it is, that installs the generator it pins."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import sitegen
from conftest import EXAMPLE_DAY, ROOT, TEMPLATES
from sitegen.cli import main
from sitegen.content import new_site as start
from sitegen.content.formats import FORMAT
from sitegen.content.new_site import Requirement, installed_requirement, origin_of, requirement_of

ANSWERS = {
    "--name": "Le Pont Solidaire",
    "--languages": "fr,en",
    "--address": "Le Pont Solidaire, 3 rue des Lilas, 59000 Lille",
    "--donate": "https://dons.example.org/",
    "--url": "https://aide.example.org/",
}
PIN = "sitegen==0.1.0"
REPOSITORY = {  # besides content/
    "generate.py",
    "requirements.txt",
    "Makefile",
    ".gitignore",
    ".github/workflows/site.yml",
    ".gitlab-ci.yml",
    "README.md",
}


def new_site(folder: Path, pin: str | None = PIN, **answers: str) -> Result:
    """Run `new site FOLDER` with the answers given as options, these changed."""
    given = {**ANSWERS, **{f"--{option}": value for option, value in answers.items()}}
    options = [word for option, value in given.items() for word in (option, value)]
    return CliRunner().invoke(main, ["new", "site", str(folder), *options, *(["--generator", pin] if pin else [])])


def files_in(folder: Path) -> set[str]:
    """Return the files under a folder, as paths relative to it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def run(*words: str) -> Result:
    """Run the command line."""
    return CliRunner().invoke(main, list(words))


def test_new_site_writes_the_repository_of_an_association_and_prints_the_next_steps(tmp_path):
    folder = tmp_path / "besoins"
    result = new_site(folder)
    assert result.exit_code == 0, result.output
    content = {"content/site.yaml", "content/items/sac-de-couchage.yaml", "content/pages/about.md"}
    assert files_in(folder) == REPOSITORY | content | {"content/pages/about.en.md"}
    assert f"Created 11 files in {folder}" in result.output
    for step in ("cd ", "make serve", "git init -b main && git add .", "Source: GitHub Actions", "editing: {host:"):
        assert step in result.output
    assert (folder / "generate.py").read_text() == (ROOT / "generate.py").read_text()


def test_site_yaml_holds_the_answers_and_the_current_content_format(tmp_path):
    new_site(tmp_path, url="https://aide.example.org")
    site = yaml.safe_load((tmp_path / "content" / "site.yaml").read_text())
    assert site["format"] == FORMAT
    assert (site["languages"], "draft_languages" in site) == (["fr", "en"], False)
    assert site["organisation"] == {
        "name": {"fr": "Le Pont Solidaire", "en": "Le Pont Solidaire"},
        "shipping_address": ANSWERS["--address"],
    }
    assert site["donate"]["url"] == "https://dons.example.org/"
    assert site["base_url"] == "https://aide.example.org/"
    assert list(site)[:5] == ["format", "title", "description", "base_url", "languages"]


def test_the_new_content_passes_check_with_no_problem_and_no_warning_and_builds(tmp_path):
    new_site(tmp_path)
    content, day = str(tmp_path / "content"), EXAMPLE_DAY.isoformat()
    checked = run("check", "--content", content, "--cache", str(tmp_path / ".cache"), "--date", day)
    assert checked.exit_code == 0, checked.output
    assert "No problems: 1 items, 0 testimonies, 1 pages" in checked.output
    assert "warning" not in checked.output
    output = tmp_path / "output"
    built = run("build", "--content", content, "--output", str(output), "--cache", str(tmp_path / ".cache"), "-q")
    assert built.exit_code == 0, built.output
    page = (output / "en" / "about" / "index.html").read_text()
    assert "<strong>Le Pont Solidaire</strong> helps exiled people" in page
    assert "Sac de couchage" in (output / "items" / "sac-de-couchage" / "index.html").read_text()


def test_the_new_content_is_in_canonical_form_whatever_the_name_holds(tmp_path):
    new_site(tmp_path, languages="fr,en,fa", name="L'Escale : « Pont », #1", address="Le Pont\n3 rue des Lilas")
    result = run("fmt", "--check", "--content", str(tmp_path / "content"))
    assert result.exit_code == 0, result.output
    assert "4 content files, all in canonical form." in result.output


def test_a_site_in_english_alone_has_english_slugs_and_no_translation(tmp_path):
    result = new_site(tmp_path, languages="en")
    assert result.exit_code == 0, result.output
    assert {"content/items/sleeping-bag.yaml", "content/pages/about.md"} <= files_in(tmp_path)
    assert not list((tmp_path / "content" / "pages").glob("about.*.md"))
    site = yaml.safe_load((tmp_path / "content" / "site.yaml").read_text())
    assert site["categories"]["bedding"] == {"en": "Bedding"}
    item = yaml.safe_load((tmp_path / "content" / "items" / "sleeping-bag.yaml").read_text())
    assert (item["category"], item["name"]) == ("bedding", {"en": "Sleeping bag"})
    checked = run("check", "--content", str(tmp_path / "content"), "--cache", str(tmp_path / ".cache"))
    assert checked.exit_code == 0 and "warning" not in checked.output, checked.output


def test_a_language_the_theme_lacks_is_prepared_in_draft_languages_with_its_words_to_translate(tmp_path):
    result = new_site(tmp_path, languages="fr, en, fa")
    assert result.exit_code == 0, result.output
    site = yaml.safe_load((tmp_path / "content" / "site.yaml").read_text())
    assert (site["languages"], site["draft_languages"]) == (["fr", "en"], ["fa"])
    strings = (tmp_path / "content" / "i18n" / "fa.yaml").read_text()
    assert strings.startswith("# Persian (فارسی)") and 'donate: ""' in strings
    assert "translate Persian (fa): content/i18n/fa.yaml" in result.output
    assert "check --lang fa" in result.output
    checked = run("check", "--content", str(tmp_path / "content"), "--cache", str(tmp_path / ".cache"))
    assert checked.exit_code == 0, checked.output
    assert "4 files not translated into 'fa' yet" in checked.output  # left to translate: the honest state


def test_the_answers_can_be_typed_at_the_prompts(tmp_path):
    typed = "Le Pont Solidaire\n\n3 rue des Lilas, Lille\nhttps://dons.example.org/\nhttps://aide.example.org/\n"
    result = CliRunner().invoke(main, ["new", "site", str(tmp_path), "--generator", PIN], input=typed)
    assert result.exit_code == 0, result.output
    assert "The association's name: Le Pont Solidaire" in result.output
    site = yaml.safe_load((tmp_path / "content" / "site.yaml").read_text())
    assert site["languages"] == ["fr", "en"]  # the default answer
    assert site["organisation"]["shipping_address"] == "3 rue des Lilas, Lille"


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            {"languages": "fr,Farsi"},
            "'Farsi' is not a language code CLDR has dates and numbers for — did you mean 'fa'",
        ),
        ({"languages": "fr,xx"}, "'xx' is not a language code"),
        ({"languages": "fr,en,fr"}, "'fr' is 'fr' again, given twice in --languages"),
        ({"languages": "fr,fra"}, "'fra' is 'fr' again, given twice in --languages"),
        ({"languages": "fa,fr"}, "the default language, 'fa' (Persian), is one the theme has no words for yet"),
        ({"languages": " "}, "no language is given"),
        ({"donate": "www.example.org"}, "--donate is 'www.example.org', which is not a web address"),
        ({"url": "aide.example.org"}, "--url is 'aide.example.org', which is not a web address"),
        ({"name": " "}, "the association's name is empty"),
        ({"address": ""}, "the shipping address is empty"),
    ],
)
def test_a_wrong_answer_is_refused_before_anything_is_written(tmp_path, answer, said):
    result = new_site(tmp_path / "besoins", **answer)
    assert result.exit_code == 1
    assert said in result.output and "nothing was written" in result.output
    assert not (tmp_path / "besoins").exists()


def test_every_wrong_answer_is_named_at_once(tmp_path):
    result = new_site(tmp_path / "besoins", languages="xx", donate="dons", url="aide")
    assert result.exit_code == 1
    assert all(said in result.output for said in ("'xx'", "--donate is 'dons'", "--url is 'aide'"))


def test_it_never_overwrites_writing_nothing_and_naming_the_files_that_exist(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text("mine\n")
    (tmp_path / "README.md").write_text("ours\n")
    result = new_site(tmp_path, languages="fr,en,fa")
    assert result.exit_code == 1
    assert "nothing was written: 2 of its files exist already" in result.output
    assert "content/site.yaml, README.md" in result.output
    assert files_in(tmp_path) == {"content/site.yaml", "README.md"}
    assert (tmp_path / "content" / "site.yaml").read_text() == "mine\n"


def test_it_starts_in_an_empty_clone_and_then_does_not_say_git_init(tmp_path):
    (tmp_path / ".git").mkdir()
    result = new_site(tmp_path)
    assert result.exit_code == 0, result.output
    assert "git add . && git commit" in result.output and "git init" not in result.output


def test_requirements_txt_pins_the_generator_in_one_line_and_says_how_to_upgrade(tmp_path):
    new_site(tmp_path, pin="sitegen @ git+https://github.com/exil-aide/sitegen.git@v0.1.0")
    lines = (tmp_path / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == [
        "sitegen @ git+https://github.com/exil-aide/sitegen.git@v0.1.0"
    ]
    assert "To upgrade it, change the version" in " ".join(lines)
    readme = (tmp_path / "README.md").read_text()
    assert "[sitegen](https://github.com/exil-aide/sitegen)" in readme
    assert readme.startswith("# The site of Le Pont Solidaire\n")
    assert "{" not in readme and "}" not in readme


def test_a_pin_that_works_only_on_this_machine_is_warned_about(tmp_path):
    result = new_site(tmp_path, pin="sitegen @ git+file:///home/me/sitegen@v0.1.0")
    assert "which nothing else can reach: write there its public address" in result.output


# The requirement, from how the generator was installed (PEP 610)


@pytest.mark.parametrize(
    ("direct_url", "origin", "line", "home"),
    [
        (None, None, "sitegen==1.2.3", None),
        (
            {"url": "https://github.com/exil-aide/sitegen", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}},
            None,
            "sitegen @ git+https://github.com/exil-aide/sitegen@v1.2.3",
            "https://github.com/exil-aide/sitegen",
        ),
        (
            {"url": "ssh://git@gitlab.com/exil-aide/sitegen.git", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}},
            None,
            "sitegen @ git+https://gitlab.com/exil-aide/sitegen.git@v1.2.3",
            "https://gitlab.com/exil-aide/sitegen",
        ),
        (
            {"url": "file:///src/sitegen", "dir_info": {"editable": True}},
            "git@github.com:exil-aide/sitegen.git",
            "sitegen @ git+https://github.com/exil-aide/sitegen.git@v1.2.3",
            "https://github.com/exil-aide/sitegen",
        ),
        (
            {"url": "file:///src/sitegen", "dir_info": {}},
            "https://me:ghp_secret@github.com/exil-aide/sitegen.git",  # a token never leaves this machine
            "sitegen @ git+https://github.com/exil-aide/sitegen.git@v1.2.3",
            "https://github.com/exil-aide/sitegen",
        ),
        (
            {"url": "https://files.example.org/sitegen-1.2.3-py3-none-any.whl", "archive_info": {}},
            None,
            "sitegen @ https://files.example.org/sitegen-1.2.3-py3-none-any.whl",
            None,
        ),
    ],
    ids=["index", "git", "git-ssh", "checkout-ssh-origin", "checkout-token-origin", "archive"],
)
def test_the_requirement_follows_how_the_generator_was_installed(direct_url, origin, line, home):
    assert requirement_of("1.2.3", direct_url, origin) == Requirement(line, home, local=False)


def test_a_checkout_without_origin_gives_a_requirement_for_this_machine_only():
    found = requirement_of("1.2.3", {"url": "file:///src/sitegen", "dir_info": {"editable": True}}, None)
    assert found == Requirement("sitegen @ git+file:///src/sitegen@v1.2.3", None, local=True)


def git(folder: Path, *words: str) -> None:
    """Run git in a folder."""
    subprocess.run(["git", "-C", str(folder), *words], check=True, capture_output=True)


def test_the_origin_of_a_checkout_is_read_from_git(tmp_path):
    checkout, other = tmp_path / "sitegen", tmp_path / "elsewhere"
    other.mkdir()
    checkout.mkdir()
    assert origin_of(checkout) is None  # not a checkout
    git(checkout, "init", "-q")
    assert origin_of(checkout) is None  # no origin
    git(checkout, "remote", "add", "origin", "git@github.com:exil-aide/sitegen.git")
    assert origin_of(checkout) == "git@github.com:exil-aide/sitegen.git"
    git(checkout, "remote", "set-url", "origin", "../elsewhere")
    assert origin_of(checkout) == other.resolve().as_uri()


def test_the_running_generator_is_pinned_from_its_editable_checkout():
    # make test installs it with pip install -e: PEP 610 says dir_info, at the checkout, whose origin is asked
    # (a sitegen.egg-info in the checkout, first on sys.path, has no direct_url.json and is passed over)
    found = installed_requirement()
    expected = requirement_of(sitegen.__version__, {"url": ROOT.as_uri(), "dir_info": {}}, origin_of(ROOT))
    assert found == expected
    assert found.line.startswith("sitegen @ git+") and found.line.endswith(f"@v{sitegen.__version__}")


def test_new_site_without_generator_pins_the_running_one(tmp_path):
    result = new_site(tmp_path, pin=None)
    assert result.exit_code == 0, result.output
    pinned = (tmp_path / "requirements.txt").read_text().splitlines()[-1]
    assert pinned == installed_requirement().line


# The files around content/


def make(folder: Path, *words: str) -> str:
    """Return what make would run in a folder (-n: nothing is run)."""
    alone = {name: value for name, value in os.environ.items() if name not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    command = ["make", "-n", "--no-print-directory", *words]  # not as part of `make test`'s own run
    done = subprocess.run(command, cwd=folder, env=alone, capture_output=True, text=True, check=True)
    return done.stdout


def test_the_makefile_has_each_target_and_installs_the_generator_from_requirements_txt(tmp_path):
    new_site(tmp_path)
    makefile = (tmp_path / "Makefile").read_text()
    rules = dict(re.findall(r"^([^\s:#=]+):(.*)$", makefile, re.MULTILINE))
    for target in ("site", "check", "serve", "fmt"):
        assert rules[target].strip() == "$(VENV)/.installed", target
    assert rules["$(VENV)/.installed"].strip() == "requirements.txt | $(BIN)/python"
    assert "PYTHON ?= python3" in makefile and "sys.version_info < (3, 11)" in makefile
    shown = make(tmp_path, "site")
    install = shown.index(".venv/bin/python -m pip install -q -r requirements.txt")
    assert install < shown.index(".venv/bin/python generate.py build")
    assert "-e ." not in shown


def test_make_installs_the_generator_again_when_requirements_txt_changes_and_only_then(tmp_path):
    new_site(tmp_path)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    (tmp_path / ".venv" / ".installed").touch()
    os.utime(tmp_path / "requirements.txt", (1, 1))
    assert make(tmp_path, "site") == ".venv/bin/python generate.py build\n"
    os.utime(tmp_path / "requirements.txt")  # an upgrade: the pin changed
    assert "pip install -q -r requirements.txt" in make(tmp_path, "site")


def test_gitignore_leaves_out_what_the_generator_makes_and_nothing_the_site_needs(tmp_path):
    new_site(tmp_path)
    ignored = [line for line in (tmp_path / ".gitignore").read_text().splitlines() if not line.startswith("#")]
    assert {"/output/", "/.cache/", ".venv/"} <= set(ignored)
    assert not any(name.strip("/") in ("content", "requirements.txt", "Makefile") for name in ignored)


def test_site_files_are_stored_without_a_leading_dot_which_package_data_would_leave_out():
    stored = files_in(start.SITE_FILES)
    assert stored == {*start.REPOSITORY_FILES, "README.md"}
    assert not [name for name in stored if any(part.startswith(".") for part in name.split("/"))]
    assert "content/site_files/**/*" in (ROOT / "pyproject.toml").read_text()


def test_the_first_texts_have_the_same_entries_in_every_language_and_every_theme_language():
    words = yaml.safe_load(start.WORDS.read_text())
    assert {path.stem for path in (TEMPLATES / "i18n").glob("*.yaml")} <= set(words)

    def shape(block: dict) -> object:
        return {key: shape(value) if isinstance(value, dict) else None for key, value in block.items()}

    english = words["en"]
    for lang, block in words.items():
        assert {**shape(block), "categories": None} == {**shape(english), "categories": None}, lang
        assert len(block["categories"]) == len(english["categories"]), lang  # each language its own slugs
        assert block["item"]["category"] in block["categories"], lang
        category = list(block["categories"]).index(block["item"]["category"])
        assert category == list(english["categories"]).index(english["item"]["category"]), lang
        texts = [text for entries in (block, block["item"], block["about"]) for text in entries.values()]
        assert not [text for text in texts if isinstance(text, str) and re.search(r"\{(?!name\})|(?<!\{name)\}", text)]
