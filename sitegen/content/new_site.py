"""Start a new association's site: a repository holding only what is its own, which an upgrade never touches.

    new site besoins --name "Le Fil" --languages fr,en,fa ...  =>  besoins/
        content/site.yaml                 format, title, languages (fa in draft_languages), organisation, donate...
        content/items/sac-de-couchage.yaml  one need, valid as it is
        content/pages/about.md            the about page, and about.en.md
        content/i18n/fa.yaml              the theme's words to translate (`new language` writes it)
        generate.py, requirements.txt, Makefile, .gitignore, README.md, .github/workflows/site.yml, .gitlab-ci.yml

The generator is not copied: requirements.txt pins it as it is installed here (PEP
610's direct_url.json), so an upgrade is one changed line. The files around
content/ are kept in site_files/ (dotfiles without their dot, which package data
would leave out), the first texts in new_site.yaml, in the theme's languages; a
language the theme does not have is left to translate, which `check` lists.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import re
import shlex
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

import yaml

from sitegen import __version__, model
from sitegen.content import languages as codes
from sitegen.content.addresses import is_http_url
from sitegen.content.canonical import markdown_file, yaml_file
from sitegen.content.formats import FORMAT
from sitegen.content.scaffold import NewFile, create
from sitegen.content.site_yaml import parse_config
from sitegen.errors import ContentError, Problem, SiteError, shown_path

SITE_FILES = Path(__file__).with_name("site_files")
WORDS = Path(__file__).with_name("new_site.yaml")
REPOSITORY_FILES = {  # in site_files/ => in the site's repository
    "generate.py": "generate.py",
    "Makefile": "Makefile",
    "gitignore": ".gitignore",
    "github/workflows/site.yml": ".github/workflows/site.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}
_SCP = re.compile(r"(?:[\w.-]+@)?([\w.-]+):(?!//)(.+)")  # git@github.com:owner/sitegen.git, as git clones it


@dataclass(frozen=True, slots=True)
class Answers:
    """What an association says of itself: the command's options, or its answers to the prompts."""

    name: str  # the association's name
    languages: str  # "fr,en,fa": the default first
    address: str  # where shops deliver what donors buy
    donate: str  # the page where people give money
    url: str  # where the site will be published


@dataclass(frozen=True, slots=True)
class Requirement:
    """How a site's repository installs the generator: its line in requirements.txt."""

    line: str  # sitegen==0.1.0, or sitegen @ git+https://github.com/owner/sitegen@v0.1.0
    home: str | None = None  # the generator's repository on the web, where its documentation is
    local: bool = False  # an address that works only on this machine


@dataclass(frozen=True, slots=True)
class NewSite:
    """A new site's repository: its files, what its site.yaml reads as, and what to do next."""

    files: tuple[NewFile, ...]
    config: model.Config
    steps: tuple[str, ...]


def new_site(folder: Path, answers: Answers, requirement: Requirement, theme: Path, today: datetime.date) -> NewSite:
    """Return the files of a new site's repository in `folder`, once every answer is checked."""
    published, drafts = _checked(answers, theme)
    words: dict[str, Any] = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    content, written = folder / "content", (*published, *drafts)
    texts = {lang: words[lang] for lang in written if lang in words}  # a later language: left to translate
    site_yaml = NewFile(content / "site.yaml", yaml_file(_site_values(answers, published, drafts, texts)), ())
    item = texts[published[0]]["item"]
    files = (
        site_yaml,
        _item(content, texts, item["slug"], item["category"], today),
        *_about(content, texts, answers.name.strip()),
        *_repository(folder, answers.name.strip(), requirement),
    )
    config = _config(site_yaml)
    return NewSite(files, config, _steps(folder, config, item["slug"], requirement))


def _checked(answers: Answers, theme: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the published languages and those to translate first; raise SiteError naming every wrong answer."""
    problems = []
    if not answers.name.strip():
        problems.append("the association's name is empty — give it with --name")
    if not answers.address.strip():
        problems.append("the shipping address is empty — give the address shops deliver to with --address")
    for option, url in (("--donate", answers.donate), ("--url", answers.url)):
        if not is_http_url(url.strip()):
            problems.append(
                f"{option} is '{url}', which is not a web address starting with https:// or http:// — "
                "copy the whole address from the browser's address bar"
            )
    published, drafts = _languages(answers.languages, theme, problems)
    if problems:
        raise SiteError("nothing was written:\n" + "\n".join(problems))
    return published, drafts


def _languages(text: str, theme: Path, problems: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split --languages into those the theme has words for (published) and the others (to translate first)."""
    given = [code for code in re.split(r"[\s,]+", text.strip()) if code]
    own = sorted(path.stem for path in (theme / "i18n").glob("*.yaml"))
    if not given:
        problems.append(f"no language is given — give them with --languages, the default first: {','.join(own)}")
    chosen: list[str] = []
    for code in given:
        if not codes.has_formats(code):
            close = codes.suggestion(code)
            meant = f"did you mean '{close}' ({codes.name_in(close, 'en')})? " if close else ""
            problems.append(
                f"'{code}' is not a language code CLDR has dates and numbers for — {meant}a code is {codes.RULE}"
            )
        elif same := next((other for other in chosen if codes.same_language(code, other)), None):
            problems.append(f"'{code}' is '{same}' again, given twice in --languages — give each language once")
        else:
            chosen.append(code)
    if chosen and chosen[0] == given[0] and chosen[0] not in own:
        code, name = chosen[0], codes.name_in(chosen[0], "en")
        problems.append(
            f"the default language, '{code}' ({name}), is one the theme has no words for yet — put first one it has "
            f"({' or '.join(own)}), as in --languages {own[0]},{code}: '{code}' then waits in draft_languages while "
            f"its words are translated in content/i18n/{code}.yaml (for a language added later, python generate.py "
            f"new language {code} writes that file)"
        )
    return tuple(c for c in chosen if c in own), tuple(c for c in chosen if c not in own)


def _site_values(
    answers: Answers, published: tuple[str, ...], drafts: tuple[str, ...], texts: Mapping[str, Any]
) -> dict[str, Any]:
    """Return site.yaml's values, in the order of its fields."""
    slugs = list(texts[published[0]]["categories"])  # the default language's
    labels = {lang: list(words["categories"].values()) for lang, words in texts.items()}
    name = answers.name.strip()
    url = answers.url.strip()
    return {
        "format": FORMAT,
        "title": {lang: words["title"] for lang, words in texts.items()},
        "description": {lang: words["description"] for lang, words in texts.items()},
        "base_url": url if url.endswith("/") else url + "/",
        "languages": list(published),
        **({"draft_languages": list(drafts)} if drafts else {}),
        "currency": "EUR",
        "organisation": {
            "name": dict.fromkeys((*published, *drafts), name),
            "shipping_address": answers.address.strip(),
        },
        "donate": {"url": answers.donate.strip(), "label": {lang: words["donate"] for lang, words in texts.items()}},
        "categories": {slug: {lang: labels[lang][n] for lang in labels} for n, slug in enumerate(slugs)},
    }


def _item(content: Path, texts: Mapping[str, Any], slug: str, category: str, today: datetime.date) -> NewFile:
    """Return the one need a new site starts with, in the order of an item's fields."""

    def text(key: str) -> dict[str, str]:
        """Return one of the item's texts in each language that has it."""
        return {lang: words["item"][key] for lang, words in texts.items()}

    values = {
        "name": text("name"),
        "category": category,
        "urgency": "normal",
        "status": "needed",
        "updated": today.isoformat(),
        "summary": text("summary"),
        "description": text("description"),
    }
    return NewFile(content / "items" / f"{slug}.yaml", yaml_file(values), ())


def _about(content: Path, texts: Mapping[str, Any], name: str) -> tuple[NewFile, ...]:
    """Return the about page in the default language, and its translations."""
    (default, words), *others = texts.items()
    about = words["about"]
    page = markdown_file({"title": {default: about["title"]}, "menu": 1}, about["text"].format(name=name))
    files = [NewFile(content / "pages" / "about.md", page, ())]
    for lang, translated in others:
        about = translated["about"]
        text = markdown_file({"title": about["title"]}, about["text"].format(name=name))
        files.append(NewFile(content / "pages" / f"about.{lang}.md", text, ()))
    return tuple(files)


def _repository(folder: Path, name: str, requirement: Requirement) -> tuple[NewFile, ...]:
    """Return the files around content/ that install and run the generator, and the README."""
    files = [
        NewFile(folder / written, (SITE_FILES / stored).read_text(encoding="utf-8"), ())
        for stored, written in REPOSITORY_FILES.items()
    ]
    home = requirement.home
    generator = f"[sitegen]({home})" if home else "sitegen"
    where = f"In the generator's repository, {home}:" if home else "In the generator's repository:"
    docs = "\n".join(
        [
            where,
            "",
            "- README.md: the content format, the command line, languages, pictures;",
            "- docs/deploying.md: putting the site online, step by step;",
            "- docs/editing-in-the-browser.md (in French, docs/modifier-dans-le-navigateur.md): editing in the",
            "  browser, for volunteers.",
        ]
    )
    readme = (SITE_FILES / "README.md").read_text(encoding="utf-8").format(name=name, generator=generator, docs=docs)
    pin = (
        "# The generator this site is built with. To upgrade it, change the version at the end of the next line to\n"
        "# a newer release's (the generator's CHANGELOG.md says what changed), then run: make check\n"
        f"{requirement.line}\n"
    )
    return (*files, NewFile(folder / "README.md", readme, ()), NewFile(folder / "requirements.txt", pin, ()))


def _config(site_yaml: NewFile) -> model.Config:
    """Return what the new site.yaml reads as; a problem in it is the generator's own mistake."""
    problems: list[Problem] = []
    config = parse_config(site_yaml.text, "content/site.yaml", site_yaml.path, problems)
    if config is None or problems:
        raise ContentError(problems)
    return config


def _steps(folder: Path, config: model.Config, item: str, requirement: Requirement) -> tuple[str, ...]:
    """Return what to do next, in order."""
    run = ".venv/bin/python generate.py"
    steps = [f"cd {shlex.quote(str(folder))}"] if folder != Path(".") else []
    steps += [
        "make serve: the site on http://127.0.0.1:8000/ (the first time, make installs the generator into .venv/)",
        "make it yours: content/site.yaml (the categories; then, as you need them, drop-off places, a wishlist, a "
        f"contact, what not to send), content/items/{item}.yaml (an example need: change it, or remove it once "
        f"{run} new item NAME has started yours), content/pages/about*.md (who you are, in your own words)",
    ]
    for lang in config.draft_languages:
        steps.append(
            f"translate {codes.name_in(lang, 'en')} ({lang}): content/i18n/{lang}.yaml, then the texts that "
            f"{run} check --lang {lang} lists; then move '{lang}' from draft_languages to languages in site.yaml"
        )
    if requirement.local:
        steps.append(
            f"requirements.txt installs the generator from this machine ({requirement.line}), which nothing else can "
            f"reach: write there its public address, as in sitegen @ git+https://github.com/OWNER/sitegen@v{__version__}"
        )
    steps += [
        "git add . && git commit -m 'Our site'"
        if (folder / ".git").exists()
        else "git init -b main && git add . && git commit -m 'Our site'",
        "push it to GitHub, then Settings -> Pages -> Build and deployment -> Source: GitHub Actions; or to GitLab, "
        "where .gitlab-ci.yml publishes it to GitLab Pages (Build -> Pipeline schedules: add a daily one)",
        "to edit in the browser at /admin/, add to content/site.yaml: editing: {host: github, repository: "
        "OWNER/NAME, branch: main} (the generator's docs/editing-in-the-browser.md)",
    ]
    return tuple(steps)


def write_site(folder: Path, files: Sequence[NewFile]) -> None:
    """Write a new site's files; none when one of them exists, since a new site never overwrites anything."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} is a file — start the site in a new folder, or in an empty one")
    existing = [shown_path(file.path, folder) for file in files if file.path.exists() or file.path.is_symlink()]
    if existing:
        raise SiteError(
            f"nothing was written: {len(existing)} of its files exist already in {folder}: {', '.join(existing)} — "
            "start the site in a new folder, or move them away first"
        )
    for file in files:
        create(file)


def requirement_of(version: str, direct_url: Mapping[str, Any] | None, origin: str | None = None) -> Requirement:
    """Return the line that installs this generator, from how it was installed (PEP 610's direct_url.json).

    None (from a package index)                => sitegen==0.1.0
    {url: https://host/sitegen, vcs_info: ...}  => sitegen @ git+https://host/sitegen@v0.1.0
    {url: file:///src/sitegen, dir_info: ...}   => the same from its checkout's `origin` remote;
                                                  with none, git+file:///src/sitegen@v0.1.0 (this machine only)
    {url: https://host/sitegen.whl, archive_info} => sitegen @ https://host/sitegen.whl
    """
    if direct_url is None:
        return Requirement(f"sitegen=={version}")
    url = str(direct_url.get("url", ""))
    if "dir_info" in direct_url:
        url = origin or url
    elif "vcs_info" not in direct_url:  # an archive: a wheel or a source tarball
        return Requirement(f"sitegen @ {url}", local=url.startswith("file:"))
    address = _public(url)
    home = address.removesuffix(".git") if address.startswith(("https://", "http://")) else None
    return Requirement(f"sitegen @ git+{address}@v{version}", home, address.startswith("file:"))


def _public(url: str) -> str:
    """Return a git address anyone can fetch, without credentials: git@host:owner/name => https://host/owner/name."""
    parts = urlsplit(url)
    if parts.scheme in ("https", "http", "ssh", "git") and parts.hostname:
        scheme = "http" if parts.scheme == "http" else "https"  # a runner has no SSH key: the public address
        port = f":{parts.port}" if parts.port and parts.scheme == scheme else ""
        return urlunsplit((scheme, parts.hostname + port, parts.path, "", ""))
    scp = _SCP.fullmatch(url)
    return f"https://{scp[1]}/{scp[2]}" if scp and parts.scheme != "file" else url


def given_requirement(line: str) -> Requirement:
    """Return the requirement given with --generator, checked to be one line."""
    line = line.strip()
    if not line or "\n" in line:
        raise SiteError("--generator must be one line of requirements.txt — as in: sitegen==0.1.0")
    home = re.search(r"git\+(https?://[^@\s]+)", line)
    return Requirement(line, home[1].removesuffix(".git") if home else None, "file:" in line)


def installed_requirement() -> Requirement:
    """Return the line that installs this generator, as it is installed here."""
    found = [d.read_text("direct_url.json") for d in importlib.metadata.distributions(name="sitegen")]
    text = next((t for t in found if t), None)  # a sitegen.egg-info in a checkout has none: the install's
    direct_url = json.loads(text) if text else None
    origin = None
    if direct_url and "dir_info" in direct_url:
        origin = origin_of(Path(url2pathname(urlsplit(direct_url["url"]).path)))
    return requirement_of(__version__, direct_url, origin)


def origin_of(folder: Path) -> str | None:
    """Return the address of a git checkout's `origin` remote; None when it is no checkout or has none."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):  # no git here
        return None
    address = done.stdout.strip()
    if done.returncode or not address:
        return None
    if "://" not in address and not _SCP.fullmatch(address):  # a folder on this machine
        return (folder / address).resolve().as_uri()
    return address
