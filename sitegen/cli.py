"""The command line: the only place that prints or exits.

python generate.py build [--content DIR] [--templates DIR] [--output DIR] [--drafts] [--base-url URL] [-q]
python generate.py check [--content DIR] [--templates DIR] [--drafts]
python generate.py clean [--output DIR]
"""

from __future__ import annotations

import datetime
import shutil
import time
from pathlib import Path

import click

from . import build as pipeline
from .errors import SiteError

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
    default="templates",
    show_default=True,
    help="Folder holding the theme: Jinja templates, i18n/ strings and static/ files.",
)
OUTPUT = click.option(
    "--output",
    type=click.Path(path_type=Path),
    default="output",
    show_default=True,
    help="Folder the site is written to; it is replaced as a whole, atomically.",
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
@QUIET
def build(
    content: Path, templates: Path, output: Path, drafts: bool, base_url: str | None, cache: Path, quiet: bool
) -> None:
    """Build the site from content/ into output/."""
    started = time.perf_counter()
    options = pipeline.Options(content, templates, output, drafts=drafts, base_url=base_url, cache=cache)
    report = pipeline.build(options)
    if not quiet:
        seconds = time.perf_counter() - started
        click.echo(
            f"Built {report.pages} pages and {report.images} pictures: {report.written.files} files, "
            f"{report.written.bytes / 1_000_000:.1f} MB in {seconds:.2f} s -> {output}"
        )


@main.command()
@CONTENT
@TEMPLATES
@DRAFTS
@CACHE
@QUIET
def check(content: Path, templates: Path, drafts: bool, cache: Path, quiet: bool) -> None:
    """Check content and templates as a build would, without writing anything."""
    options = pipeline.Options(content, templates, Path("output"), drafts=drafts, cache=cache)
    report = pipeline.check(options, datetime.date.today())
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        site = report.site
        warnings = f" {len(report.warnings)} warnings." if report.warnings else ""
        click.echo(
            f"No problems: {len(site.items)} items, {len(site.testimonies)} testimonies, "
            f"{len(site.pages)} pages, {report.images} pictures.{warnings}"
        )


@main.command()
@OUTPUT
def clean(output: Path) -> None:
    """Remove the built site."""
    if output.is_dir() and any(output.iterdir()) and not (output / "index.html").is_file():
        raise SiteError(f"{output} does not look like a built site (no index.html); not removing it")
    shutil.rmtree(output, ignore_errors=True)
    click.echo(f"Removed {output}")
