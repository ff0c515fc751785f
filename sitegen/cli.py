"""The command line: the only place that prints or exits. README.md's "Command line" lists the commands.

A command that writes the site or the cache holds their locks (sitegen/incremental/locks.py) while it does.
"""

from __future__ import annotations

import datetime
import functools
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sitegen import TEMPLATES_FOLDER
from sitegen.errors import ContentError, Problem, SiteError, shown_path
from sitegen.incremental.locks import building
from sitegen.incremental.stamp import stamp
from sitegen.output import remove_site
from sitegen.parallel import young_collections_only

if TYPE_CHECKING:
    from sitegen.build import Progress
    from sitegen.content.scaffold import NewFile

# The pipeline's modules are imported inside the commands that use them: a rebuild
# with nothing changed answers before Jinja, Markdown, Babel and Pillow are loaded.

CONTENT = click.option(
    "--content",
    type=click.Path(path_type=Path),
    default="content",
    show_default=True,
    help="Folder holding site.yaml, items/, testimonies/, pages/ and images/.",
)
TEMPLATES = click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=TEMPLATES_FOLDER,
    show_default="the theme inside sitegen",
    help="Folder holding a whole other theme: Jinja templates, i18n/ strings and static/ files.",
)
OUTPUT = click.option(
    "--output",
    type=click.Path(path_type=Path),
    default="output",
    show_default=True,
    help="Folder the site is written to; it is replaced as a whole, atomically.",
)
FORCE = click.option(
    "--force", is_flag=True, help="Replace or remove the output folder even if it holds files sitegen did not write."
)
DRAFTS = click.option("--drafts", is_flag=True, help="Also publish testimonies marked 'draft: true'.")
CACHE = click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=".cache",
    show_default=True,
    help="Folder where encoded pictures are kept between builds (never published).",
)
QUIET = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
DATE = click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Build as on this day (YYYY-MM-DD), for the items needed only in a season; default: today.",
)
SAY = functools.partial(click.echo, err=True)  # where a command says it waits for another build


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build a site of needed items and the testimonies of the people who used them."""


@main.command()
@CONTENT
@TEMPLATES
@OUTPUT
@DRAFTS
@click.option("--base-url", help="Publish for this address instead of site.yaml's base_url.")
@CACHE
@DATE
@FORCE
@QUIET
def build(
    content: Path,
    templates: Path,
    output: Path,
    drafts: bool,
    base_url: str | None,
    cache: Path,
    day: datetime.datetime | None,
    force: bool,
    quiet: bool,
) -> None:
    """Build the site from content/ into output/."""
    started = time.perf_counter()
    today = _day(day)
    with building(output, cache, SAY):
        inputs = stamp(content, templates, output, cache, (drafts, base_url, today.isoformat()))
        if inputs and inputs.is_current():
            if not quiet:
                click.echo(f"Nothing changed since the last build: {output} is up to date.")
            return
        from sitegen import build as pipeline

        if inputs:
            inputs.forget()
        options = pipeline.Options(
            content, templates, output, drafts=drafts, base_url=base_url, cache=cache, today=today, force=force
        )
        with young_collections_only():
            report = pipeline.build(options, None if quiet else _progress(started))
        if inputs:
            inputs.record()
    if not quiet:
        seconds = time.perf_counter() - started
        click.echo(
            f"Built {report.pages} pages and {report.images} pictures: {report.written.files} files, "
            f"{report.written.bytes / 1_000_000:.1f} MB in {seconds:.2f} s -> {output}"
            + (f" ({report.kept} pages unchanged since the last build)" if report.kept else "")
        )


def _day(day: datetime.datetime | None) -> datetime.date:
    """Return the day a build or check is made as of: --date, else today."""
    return day.date() if day else datetime.date.today()


def _progress(started: float) -> Progress | None:
    """Return a progress line for a terminal, shown once a build has taken more than a second."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if time.perf_counter() - started > 1:
            end = "\n" if done == total else ""
            click.echo(f"\rWriting the site: {done}/{total} files", nl=False, err=True)
            click.echo(end, nl=False, err=True)

    return show


@main.command()
@CONTENT
@TEMPLATES
@DRAFTS
@CACHE
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: print GitHub Actions annotations, shown on the lines of a pull request.",
)
@click.option(
    "--lang",
    help="List only the warnings about this language (and those about none), those of a language in preparation too.",
)
@DATE
@QUIET
def check(
    content: Path,
    templates: Path,
    drafts: bool,
    cache: Path,
    strict: bool,
    style: str,
    lang: str | None,
    day: datetime.datetime | None,
    quiet: bool,
) -> None:
    """Check content and templates as a build would, without writing; warn about what needs care."""
    from sitegen import build as pipeline
    from sitegen.checks import summary

    options = pipeline.Options(content, templates, Path("output"), drafts=drafts, cache=cache)
    try:
        with building(None, cache, SAY), young_collections_only():
            report = pipeline.check(options, _day(day))
    except ContentError as error:
        if style != "github":
            raise
        for problem in error.problems:
            click.echo(_annotation("error", problem))
        raise SystemExit(1) from None
    listed = summary.shown(report.warnings, lang)  # a language in preparation's are counted, listed on demand
    for warning in listed:
        click.echo(
            _annotation("warning", warning) if style == "github" else f"warning: {warning}", err=style != "github"
        )
    if not quiet:
        site = report.site
        count = len(report.warnings)
        warnings = f" {count} warning{'s' if count != 1 else ''}: {summary.summary(report.warnings)}." if count else ""
        click.echo(
            f"No problems: {len(site.items)} items, {len(site.testimonies)} testimonies, "
            f"{len(site.pages)} pages, {report.images} pictures.{warnings}",
            err=style == "github",
        )
    if strict and listed:
        raise SiteError(f"{len(listed)} warnings, and --strict makes them fail the check")


def _annotation(level: str, problem: Problem) -> str:
    """Return a GitHub Actions workflow command: ::error file=...,line=...::message — hint."""

    def escaped(text: str, extra: str = "") -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if extra else text

    where = f"file={escaped(problem.path, 'property')}" + (f",line={problem.line}" if problem.line else "")
    return f"::{level} {where}::{escaped(f'{problem.message} — {problem.hint}')}"


@main.command()
@CONTENT
@TEMPLATES
@DRAFTS
@CACHE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on; keep it local.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to serve on.")
@DATE
def serve(
    content: Path, templates: Path, drafts: bool, cache: Path, host: str, port: int, day: datetime.datetime | None
) -> None:
    """Preview the site: build, serve, rebuild and reload the browser on every save."""
    from sitegen import build as pipeline
    from sitegen.serve import Preview

    options = pipeline.Options(content, templates, Path("output"), drafts=drafts, cache=cache, today=_day(day))
    try:
        preview = Preview(options, host, port, log=click.echo)
    except OSError as error:
        raise SiteError(f"cannot serve on {host}:{port} ({error.strerror}); try another --port") from None
    click.echo(f"Previewing on {preview.start()} (Ctrl+C to stop). Save a file to see it change.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        preview.stop()


@main.group()
def new() -> None:
    """Start a new item, testimony, language or a whole new site."""


@new.command("item")
@CONTENT
@click.argument("name")
def new_item_command(content: Path, name: str) -> None:
    """Start a new needed item called NAME."""
    from sitegen.content.load import load_config
    from sitegen.content.scaffold import new_item

    _create(new_item(content, load_config(content), name, datetime.date.today()))


@new.command("testimony")
@CONTENT
@click.option("--item", "item", required=True, help="The slug of the item it speaks of (its file name).")
@click.option("--author", required=True, help="The author's first name or pseudonym.")
def new_testimony_command(content: Path, item: str, author: str) -> None:
    """Start a new testimony, as a draft."""
    from sitegen.content.load import load_config
    from sitegen.content.scaffold import new_testimony

    _create(new_testimony(content, load_config(content), item, author, datetime.date.today()))


@new.command("language")
@CONTENT
@TEMPLATES
@click.argument("code")
def new_language_command(content: Path, templates: Path, code: str) -> None:
    """Start the UI strings of a language, CODE (fa, prs, ckb...), in content/i18n/ to translate."""
    from sitegen.content.load import load_config
    from sitegen.pages.strings import new_language

    _create(new_language(templates, content, load_config(content), code))


@new.command("site")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", prompt="The association's name", help="The association's name.")
@click.option("--languages", prompt="Its languages, the default first", default="fr,en", help="Codes: fr,en,fa...")
@click.option("--address", prompt="The address shops deliver to", help="Where shops deliver what donors buy.")
@click.option("--donate", prompt="The page where people give money", help="Where people give money: https://...")
@click.option("--url", prompt="The site's address, once published", help="Where the site is published: https://...")
@click.option("--generator", help="The requirements.txt line of the generator; default: as it is installed here.")
def new_site_command(folder: Path, generator: str | None, **answers: str) -> None:
    """Start a new association's site in FOLDER: content/, and what builds and publishes it."""
    from sitegen.content import new_site as start
    from sitegen.pages.strings import new_language

    pin = start.given_requirement(generator) if generator else start.installed_requirement()
    site = start.new_site(folder, start.Answers(**answers), pin, TEMPLATES_FOLDER, datetime.date.today())
    drafts = [new_language(TEMPLATES_FOLDER, folder / "content", site.config, c) for c in site.config.draft_languages]
    start.write_site(folder, (*site.files, *drafts))
    click.echo(f"Created {len(site.files) + len(drafts)} files in {folder}. Next:")
    click.echo("".join(f"{number}. {step}\n" for number, step in enumerate(site.steps, 1)), nl=False)


def _create(new_file: NewFile) -> None:
    """Write the new file and say what to fill in."""
    from sitegen.content.scaffold import create

    create(new_file)
    click.echo(f"Created {new_file.path}")
    click.echo("Fill in: " + "; ".join(new_file.todo) + ". Then run: python generate.py check")


@main.command()
@CONTENT
@TEMPLATES
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--reviewed", is_flag=True, help="Record that these overrides were compared with this version's defaults."
)
@click.option("--diff", "show_diff", is_flag=True, help="Show how an override differs from the default it replaces.")
def override(content: Path, templates: Path, names: tuple[str, ...], reviewed: bool, show_diff: bool) -> None:
    """Copy theme files (item.html, static/style.css) into content/theme/, to change them there."""
    from sitegen.pages import overrides

    folder = content / "theme"
    if show_diff:
        click.echo("".join(overrides.difference(templates, folder, name) for name in names), nl=False)
        return
    names_ = list(names)
    written = (
        overrides.reviewed(templates, folder, names_) if reviewed else overrides.new_override(templates, folder, names_)
    )
    overrides.save(written)
    for path in written.copies:
        click.echo(f"Created {path}: change it there; the rest of the theme stays the generator's")
    click.echo(f"Recorded in {written.record[0]}: check will say when the default of {', '.join(names)} changes")


@main.command()
@CONTENT
@click.option("--check", "check_only", is_flag=True, help="Change nothing; fail, listing the files to format.")
def fmt(content: Path, check_only: bool) -> None:
    """Rewrite the content files in the canonical form the browser editor writes, never changing what they say."""
    from sitegen.content.canonical import NOT_CANONICAL, format_content

    upgrading = _upgrade_format(content, write=not check_only)
    done = format_content(content, write=not check_only)
    for problem in done.problems:  # the files concerned are left as they were
        click.echo(str(problem), err=True)
    command = "python generate.py fmt" + ("" if content == Path("content") else f" --content {content}")
    for where in done.changed:
        click.echo(str(NOT_CANONICAL.at(where, command=command)) if check_only else f"Formatted {where}")
    failures = [f"{len(done.problems)} problems: the files concerned were left as they were"] if done.problems else []
    failures += [f"the content is written for an older format: run {command}"] if check_only and upgrading else []
    if check_only and done.changed:
        failures.append(f"{len(done.changed)} of {done.files} files are not in canonical form: run {command}")
    if failures:
        raise SiteError("; ".join(failures))
    formatted = f"formatted {len(done.changed)}, " if done.changed else ""
    click.echo(f"{done.files} content files, {formatted}all in canonical form.")


def _upgrade_format(content: Path, write: bool) -> bool:
    """Bring content written for an older format up to this one (`write`), saying what changed; True if it was."""
    from sitegen.content import formats
    from sitegen.content.load import load_config

    try:
        found = load_config(content).format
    except ContentError:
        return False  # fmt lists the problems
    upgrade = formats.upgrade(content, found)
    if write and upgrade.files:
        formats.apply(upgrade)
        click.echo(f"Brought the content from format {found} to format {formats.FORMAT}: {len(upgrade.files)} files")
    for path in upgrade.files if write else ():
        click.echo(f"  {shown_path(path, content.parent)}")
    for note in upgrade.left:
        click.echo(f"  left for you: {note}", err=True)
    return bool(upgrade.files)


@main.command()
@OUTPUT
@FORCE
def clean(output: Path, force: bool) -> None:
    """Remove the built site, unless its folder holds files sitegen did not write."""
    with building(output, None, SAY):
        remove_site(output, force)
    click.echo(f"Removed {output}")
