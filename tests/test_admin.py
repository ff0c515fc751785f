"""/admin/, the browser editor: published where site.yaml says where the content is edited, and only from our files.

The page has its own Content-Security-Policy, naming no host but the git host's API;
it is kept out of search engines, the sitemap, the search index, the feeds and
needs.json; Sveltia CMS is vendored with its checksums, and nothing under admin/
names a CDN or a status service. The editor's configuration is another module's
(sitegen/editor/config.py): here a stub stands for it, but on the example site.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import sitegen.editor.config
from conftest import ROOT, SITE_YAML
from sitegen.build import build, check
from sitegen.editor.admin import VENDOR, admin_policy
from sitegen.model import Editing

CONFIG = "backend:\n  name: github\n  repo: asso/site\n"  # what the stub of editor_config gives
GITHUB = "editing:\n  host: github\n  repository: asso/site\n  branch: main\n"
GITLAB = "editing:\n  host: gitlab\n  repository: asso/site\n  app_id: abc123\n"
OUTSIDE = (b"cdn.jsdelivr.net", b"unpkg.com", b"fonts.googleapis", b"githubstatus", b"status.gitlab.com")


@pytest.fixture
def built(make_site, options, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Return a function that builds a tiny site with this site.yaml and returns its output folder.

    The editor's configuration is a fixed stub there: what admin/ publishes is tested here, not what the
    configuration says. (The example site, built once per session, is never built under the stub.)
    """
    monkeypatch.setattr(sitegen.editor.config, "editor_config", lambda site: CONFIG)

    def build_with(site_yaml: str) -> Path:
        """Build the tiny site with this site.yaml; return its output folder."""
        site = options(make_site({"site.yaml": site_yaml}))
        build(site)
        return site.output

    return build_with


def policy_of(page: Path) -> dict[str, list[str]]:
    """Return the directives of the Content-Security-Policy a page declares, with their sources."""
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page.read_text())
    assert len(found) == 1, page
    return {name: sources for name, *sources in (part.split() for part in found[0].split(";"))}


def test_the_admin_is_published_exactly_when_site_yaml_says_where_the_content_is_edited(built):
    assert not (built(SITE_YAML) / "admin").exists()
    admin = built(SITE_YAML + GITHUB) / "admin"
    assert (admin / "config.yml").read_text() == CONFIG
    assert (admin / "vendor" / "sveltia-cms.js").read_bytes() == (VENDOR / "sveltia-cms.js").read_bytes()
    assert "vendor/sveltia-cms.js" in (admin / "index.html").read_text()


def test_the_previous_builds_admin_goes_when_editing_is_removed(built):
    assert (built(SITE_YAML + GITHUB) / "admin" / "index.html").is_file()
    assert not (built(SITE_YAML) / "admin").exists(), "the same output folder, built again without editing"


def test_every_vendored_file_is_published_under_admin_vendor(built):
    published = built(SITE_YAML + GITHUB) / "admin" / "vendor"
    vendored = {path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*") if path.is_file()}
    assert {path.relative_to(published).as_posix() for path in published.rglob("*") if path.is_file()} == vendored
    assert {"sveltia-cms.js", "SHA256SUMS", "VERSION", "locales/fr.json"} <= vendored


def test_the_admin_page_allows_its_own_files_and_the_github_api_only(built):
    directives = policy_of(built(SITE_YAML + GITHUB) / "admin" / "index.html")
    assert directives == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],  # no eval, no inline script
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "blob:", "data:", "https://avatars.githubusercontent.com"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "blob:", "data:", "https://api.github.com"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "object-src": ["'none'"],
    }


@pytest.mark.parametrize(
    ("gitlab_url", "api"),
    [(None, "https://gitlab.com"), ("https://git.asso.example.org/", "https://git.asso.example.org")],
)
def test_a_gitlab_sites_admin_may_reach_its_gitlab_and_no_other_host(gitlab_url, api):
    directives = dict(
        part.split(" ", 1)
        for part in admin_policy(Editing("gitlab", "asso/site", "main", "abc", gitlab_url)).split("; ")
    )
    assert directives["connect-src"] == f"'self' blob: data: {api}"
    assert directives["img-src"] == f"'self' blob: data: {api}"  # its avatars
    hosts = {source for sources in directives.values() for source in sources.split() if "://" in source}
    assert hosts == {api}
    assert "github" not in " ".join(directives.values())


def test_the_admin_page_asks_not_to_be_indexed(built):
    page = (built(SITE_YAML + GITLAB) / "admin" / "index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    assert "data-pagefind-body" not in page  # Pagefind indexes only what is marked


def test_the_admin_page_speaks_the_sites_default_language_without_javascript(built):
    english_first = SITE_YAML.replace("languages: [fr, en]", "languages: [en, fr]")
    page = (built(english_first + GITHUB) / "admin" / "index.html").read_text()
    assert '<html lang="en" dir="ltr">' in page
    assert "<title>Edit the content · Needs</title>" in page
    assert re.search(r"<noscript>\s*<h1>Edit the content · Needs</h1>\s*<p>[^<]*JavaScript", page)
    page = (built(SITE_YAML + GITHUB) / "admin" / "index.html").read_text()
    assert '<html lang="fr" dir="ltr">' in page and "<title>Modifier le contenu · Besoins</title>" in page


def test_the_admin_page_loads_only_files_published_beside_it(built):
    admin = built(SITE_YAML + GITHUB) / "admin"
    page = (admin / "index.html").read_text()
    addresses = re.findall(r'\b(?:src|href)="([^"]*)"', page)
    assert addresses == ["formats.js", "vendor/sveltia-cms.js"]  # our formats first: they start the editor
    assert all((admin / address).is_file() for address in addresses)
    assert (admin / "config.yml").is_file()  # where the editor looks for it: beside the page
    assert re.findall(r"<script\b[^>]*>[^<]*", page) == [
        '<script src="formats.js">',
        '<script src="vendor/sveltia-cms.js">',
    ]  # none inline


def test_the_admin_page_states_its_policy_before_anything_else(example_site: Path):
    head = re.search(r"<head>\s*(<[^>]*>)", (example_site / "admin" / "index.html").read_text())
    assert head and head.group(1).startswith('<meta http-equiv="Content-Security-Policy" content="default-src')


def test_the_editor_neither_sets_nor_reads_a_cookie():
    script = (VENDOR / "sveltia-cms.js").read_text(encoding="utf-8")
    assert "document.cookie" not in script and "cookieStore" not in script


def test_check_reads_the_admin_and_finds_no_broken_link_in_it(make_site, options, monkeypatch):
    monkeypatch.setattr(sitegen.editor.config, "editor_config", lambda site: CONFIG)
    day = datetime.date(2026, 12, 6)
    without = check(options(make_site()), day)
    report = check(options(make_site({"site.yaml": SITE_YAML + GITHUB})), day)
    vendored = [path for path in VENDOR.rglob("*") if path.is_file()]
    assert report.written.files == without.written.files + 4 + len(vendored), (
        "the page, its configuration, formats, the editor"
    )
    assert [problem for problem in report.warnings if "admin" in str(problem)] == []


def test_no_file_under_admin_names_a_cdn_or_a_status_service(example_site: Path):
    files = [path for path in (example_site / "admin").rglob("*") if path.is_file()]
    assert len(files) > 30, "the page, the configuration and every vendored file"
    for path in files:
        data = path.read_bytes()
        assert [host for host in OUTSIDE if host in data] == [], path


def test_the_vendored_files_match_their_checksums():
    lines = (VENDOR / "SHA256SUMS").read_text().splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    files = {path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*") if path.is_file()}
    assert set(sums) == files - {"SHA256SUMS"}, "every vendored file is listed, and only those"
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} was changed by hand"


def test_the_bundle_takes_its_fonts_and_ui_strings_from_beside_the_page():
    script = (VENDOR / "sveltia-cms.js").read_text(encoding="utf-8")
    fonts = re.findall(r"src:url\(([^)]*)\)", script)
    assert len(fonts) == 3 and all(font.startswith("vendor/fonts/") for font in fonts)
    assert all((VENDOR.parent / font).is_file() for font in fonts)  # resolved against admin/, as in the browser
    assert script.count("=`vendor/locales`") == 1
    languages = re.search(r"`((?:[\w-]+,)+[\w-]+)`\.split\(`,`\)", script.split("=`vendor/locales`")[0][-2000:])
    assert languages and "fr" in languages.group(1).split(",")
    for code in languages.group(1).split(","):
        assert code == "en-US" or json.loads((VENDOR / "locales" / f"{code}.json").read_bytes())["_sui"], code
    assert "sourceMappingURL" not in script and not list(VENDOR.rglob("*.map"))


def test_the_admin_is_absent_from_the_sitemap_feeds_needs_json_and_search(example_site: Path):
    assert (example_site / "admin" / "index.html").is_file()
    for name in ("sitemap.xml", "robots.txt", "needs.json", "feed.xml", "en/feed.xml"):
        assert b"/admin" not in (example_site / name).read_bytes(), name
    indexed = []
    for fragment in (example_site / "pagefind").rglob("fragment/*.pf_fragment"):
        indexed.append(json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"])
    assert indexed and not [url for url in indexed if "admin" in url]


def test_the_example_site_ships_its_admin(example_site: Path):
    admin = example_site / "admin"
    assert "https://api.github.com" in policy_of(admin / "index.html")["connect-src"]
    assert (admin / "config.yml").read_text().strip()
    assert (admin / "vendor" / "sveltia-cms.js").read_bytes() == (VENDOR / "sveltia-cms.js").read_bytes()
    assert "repository: le-fil-de-grisvent/site" in (ROOT / "content" / "site.yaml").read_text()


def vendor_script() -> ModuleType:
    """Import scripts/vendor_editor.py, which is no module of the package."""
    spec = importlib.util.spec_from_file_location("vendor_editor", ROOT / "scripts" / "vendor_editor.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["vendor_editor"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_vendor_script_refuses_a_tarball_that_is_not_the_pinned_one(monkeypatch):
    vendor = vendor_script()

    class Response:
        """A registry's answer: bytes that are not the pinned tarball's."""

        def __enter__(self) -> Response:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def read(self) -> bytes:
            return b"not the tarball"

    monkeypatch.setattr(vendor.urllib.request, "urlopen", lambda url, timeout: Response())
    with pytest.raises(vendor.Refused, match="not the pinned sha512-J"):
        vendor.download(vendor.CMS)


def test_the_vendor_script_refuses_a_bundle_where_a_patch_finds_nothing():
    vendor = vendor_script()
    with pytest.raises(vendor.Refused, match="exactly once"):
        vendor.patched("no font here")
    fonts_only = "".join(font.url for font in vendor.FONTS)
    with pytest.raises(vendor.Refused, match=r"UI strings.*matched 0 times"):
        vendor.patched(fonts_only)
