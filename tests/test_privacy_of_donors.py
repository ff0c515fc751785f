"""Donors' privacy: a strict Content-Security-Policy, no referrer, no cookie, no request to any other host."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.pages.render import CONTENT_SECURITY_POLICY, SEARCH_CONTENT_SECURITY_POLICY


def test_every_page_starts_its_head_with_a_content_security_policy(example_site: Path):
    for page in example_site.rglob("*.html"):
        if page.parent.name == "admin":
            continue  # the editor's page has a policy of its own: tests/test_admin.py
        head = re.search(r"<head>\s*(<[^>]*>)", page.read_text())
        assert head, page
        policy = SEARCH_CONTENT_SECURITY_POLICY if page.parent.name == "search" else CONTENT_SECURITY_POLICY
        assert head.group(1) == f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def test_the_policy_allows_only_the_site_itself():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    for name, sources in directives.items():
        assert set(sources.split()) <= {"'self'", "'none'"}, name
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"


def test_only_the_search_page_may_also_compile_webassembly():
    # Pagefind runs WebAssembly: in its web worker, and in the page itself where workers are unavailable,
    # which needs 'wasm-unsafe-eval'. It allows no JavaScript eval and no other host, on that page alone.
    assert (
        CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
        == SEARCH_CONTENT_SECURITY_POLICY
    )


def test_every_page_sends_no_referrer(example_site: Path):
    for page in example_site.rglob("*.html"):
        assert '<meta name="referrer" content="no-referrer">' in page.read_text(), page


def requested_urls(site: Path):
    """Yield (file, url) for everything a browser would fetch while showing the site."""
    for page in site.rglob("*.html"):
        source = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|source|iframe|video|audio|embed|object)\b[^>]*>", source):
            if re.search(r'rel="(?:canonical|alternate)"', tag):
                continue  # addresses of this page, not fetched
            for url in re.findall(r'\b(?:src|href|data|poster)="([^"]*)"', tag):
                yield page, url
            for candidates in re.findall(r'\bsrcset="([^"]*)"', tag):
                for candidate in candidates.split(","):
                    yield page, candidate.strip().split(" ")[0]
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", source):
            yield page, url
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text()):
            yield sheet, url
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", sheet.read_text()):
            yield sheet, url


def test_nothing_is_requested_from_another_host(example_site: Path):
    urls = list(requested_urls(example_site))
    assert len(urls) > 100, "the scan found the site's own stylesheets, scripts and pictures"
    for source, url in urls:
        assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I), (source, url)


def test_no_script_sets_or_reads_a_cookie(example_site: Path):
    for script in example_site.rglob("*.js"):
        if "admin" in script.relative_to(example_site).parts:
            continue  # the editor names youtube-nocookie.com; it reads no cookie either: tests/test_admin.py
        assert "cookie" not in script.read_text().lower(), script
    for page in example_site.rglob("*.html"):
        assert "document.cookie" not in page.read_text()
