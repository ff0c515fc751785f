"""/admin/, where volunteers edit the content in the browser: our own page, the editor's configuration, the editor.

    admin/index.html   a small page of ours: its own Content-Security-Policy, noindex, a word for browsers
                       without JavaScript
    admin/config.yml   the editor's configuration (sitegen/editor/config.py)
    admin/formats.js   our file formats, which read a text written as a plain string as the reader does
                       (sitegen/editor/formats.js); it starts the editor once they are registered
    admin/formats.json where each collection's files have texts per language (sitegen/editor/config.py)
    admin/vendor/...   Sveltia CMS, its fonts and UI strings: every file of sitegen/editor/vendor/ as
                       scripts/vendor_editor.py wrote it, from pinned and checked npm tarballs

The page loads nothing but its own files, and may reach no host but the git host's
API: the policy says so to the browser, whatever the editor's code would try.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import model
from sitegen.output import Output

FOLDER = "admin"
FORMATS = Path(__file__).parent / "formats.js"
VENDOR = Path(__file__).parent / "vendor"  # written by scripts/vendor_editor.py, never by hand
# The pictures of a signed-in volunteer's account (their avatar): the files of the repository
# come through the API, as blob: addresses, so no other image host is needed.
_AVATARS = {"github": "https://avatars.githubusercontent.com"}
# The page's words, in the site's default language, or in English for a language not listed:
# (the title, then what a browser without JavaScript shows).
_WORDS = {
    "fr": ("Modifier le contenu", "Pour modifier le contenu du site, activez JavaScript\u00a0: l'éditeur en a besoin."),
    "en": ("Edit the content", "To edit the site's content, turn JavaScript on: the editor needs it."),
}
# The editor finds its configuration beside the page by itself (config.yml); a <link rel="cms-config-url">
# would say the same in a keyword HTML does not know, which the Nu HTML checker refuses.
_PAGE = """\
<!doctype html>
<html lang="{lang}" dir="ltr">
<head>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<noscript>
<h1>{title}</h1>
<p>{text}</p>
</noscript>
<script src="formats.js"></script>
<script src="vendor/sveltia-cms.js"></script>
</body>
</html>
"""


def admin_files(site: model.Site, config_text: str, formats_text: str) -> list[Output]:
    """Return the files of /admin/ for a site whose settings say where its content is edited; none otherwise."""
    editing = site.config.editing
    if editing is None:
        return []
    return [
        Output(f"{FOLDER}/index.html", admin_page(site.config, editing).encode("utf-8")),
        Output(f"{FOLDER}/config.yml", config_text.encode("utf-8")),
        Output(f"{FOLDER}/formats.js", FORMATS.read_bytes()),
        Output(f"{FOLDER}/formats.json", formats_text.encode("utf-8")),
        *_vendored(),
    ]


def admin_page(config: model.Config, editing: model.Editing) -> str:
    """Return admin/index.html: the editor's script under the page's own policy, in the site's default language."""
    lang = config.default_language if config.default_language in _WORDS else "en"
    heading, text = _WORDS[lang]
    title = f"{heading} · {config.title.get(lang)}"
    values = {"lang": lang, "policy": admin_policy(editing), "title": title, "text": text}
    return _PAGE.format(**{name: _escaped(value) for name, value in values.items()})


def admin_policy(editing: model.Editing) -> str:
    """Return the page's Content-Security-Policy: its own files, and the git host's API for the content."""
    api = _origin(editing.api)
    images = f"'self' blob: data: {_AVATARS.get(editing.host, api)}"  # GitLab keeps avatars on its own host
    # Svelte injects each component's styles as it draws it (<style> elements, style attributes), so
    # inline styles must be allowed; scripts stay the page's own files: no eval, no inline script.
    # blob: and data: are the editor's own copies of files (pictures being uploaded, its logo).
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": images,
        "font-src": "'self'",
        "connect-src": f"'self' blob: data: {api}",
        "base-uri": "'none'",
        "form-action": "'none'",
        "object-src": "'none'",
    }
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def _escaped(text: str) -> str:
    """Return text safe inside an element or a double-quoted attribute; the policy's quotes are left as they are."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _origin(address: str) -> str:
    """Return the scheme and host of an address: https://gitlab.example.org/ => https://gitlab.example.org."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def _vendored() -> Iterator[Output]:
    """Yield every vendored file under admin/vendor/, in a stable order."""
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file():
            yield Output(f"{FOLDER}/vendor/{path.relative_to(VENDOR).as_posix()}", path.read_bytes())
