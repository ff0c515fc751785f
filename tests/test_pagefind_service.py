"""Pagefind's service, given a shard's pages without waiting for each answer: same files, every failure told."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.search import pagefind
from sitegen.search.index import _tidy

PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """Write forty pages in two languages; return the site's folder and their paths, in the order they are given."""
    folder = tmp_path / "site"
    paths = []
    for n in range(40):
        lang = "fr" if n % 2 else "en"
        path = f"{lang}/page-{n:02d}/index.html"
        (folder / path).parent.mkdir(parents=True)
        text = f"Page {n} parle de couvertures, de tentes et de l'hiver numéro {n * 7}."
        (folder / path).write_text(PAGE.format(lang=lang, title=f"Titre {n}", text=text), encoding="utf-8")
        paths.append(path)
    return folder, tuple(paths)


def one_at_a_time(site: Path, pages: tuple[str, ...], work: Path) -> dict[str, bytes]:
    """Return Pagefind's files for the pages, each page sent after the answer to the one before."""
    with (work / "said").open("w+b") as said:
        service = pagefind._Service(pagefind.pagefind_binary(), work, said)
        try:
            index = service.ask({"type": "NewIndex", "config": None})["index_id"]
            for path in pages:
                service.ask(pagefind._added(site, path, index))
            files = service.ask({"type": "GetFiles", "index_id": index})["files"]
        finally:
            service.close()
    return {file["path"]: pagefind.base64.b64decode(file["content"]) for file in files}


def test_pages_sent_without_waiting_give_the_files_of_pages_sent_one_at_a_time(site, tmp_path: Path):
    folder, pages = site
    binary = pagefind.pagefind_binary()
    sent = _tidy(pagefind.index_pages(binary, folder, pages, tmp_path))
    assert sent == _tidy(one_at_a_time(folder, pages, tmp_path))
    assert _tidy(pagefind.index_pages(binary, folder, pages[::-1], tmp_path)) != sent, "the order of pages is kept"


def test_a_page_that_cannot_be_read_while_pages_are_sent_is_the_error(site, tmp_path: Path):
    folder, pages = site
    (folder / pages[30]).unlink()
    with pytest.raises(FileNotFoundError, match="page-30"):
        pagefind.index_pages(pagefind.pagefind_binary(), folder, pages, tmp_path)


def test_pagefind_stopping_half_way_through_the_pages_is_a_site_error_with_what_it_said(site, tmp_path: Path):
    folder, pages = site
    fake = tmp_path / "pagefind"  # answers NewIndex as Pagefind does, then fails on the first page
    fake.write_text(
        "#!/bin/sh\n"
        "head -c 1 >/dev/null\n"
        'printf "%s," "$(printf \'{"message_id":1,"payload":{"type":"NewIndex","index_id":0}}\' | base64 -w0)"\n'
        "echo 'the page could not be parsed' >&2\n"
        "exit 3\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(SiteError, match="Pagefind said: the page could not be parsed"):
        pagefind.index_pages(fake, folder, pages, tmp_path)
