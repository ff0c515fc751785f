"""Vendor Sveltia CMS, the browser editor of /admin/, into sitegen/editor/vendor/, calling no other host.

Usage: .venv/bin/python scripts/vendor_editor.py

It downloads the pinned npm tarballs from registry.npmjs.org with urllib (no npm
needed), refuses any whose sha512 differs from the `dist.integrity` pinned below
(`npm view <package>@<version> dist.integrity` gives it), and writes:

    sveltia-cms.js          the editor's bundle, patched as listed below
    fonts/*.woff2           the three fonts the bundle took from cdn.jsdelivr.net, from their @fontsource packages
    locales/<code>.json     the UI strings of every language the editor can show but its bundled en-US
    yaml/**/*.js            the `yaml` library's browser build (ES modules), which the editor bundles unexposed
    licenses/*.txt          the licences of the editor, of the fonts and of yaml, which their redistribution requires
    VERSION                 what was vendored, from where, with which checksums
    SHA256SUMS              the SHA-256 of every file above (tests/test_admin.py checks them)

What the bundle would fetch from another host, and what it does instead. Every
patch is refused, loudly, unless its pattern is found exactly as often as expected,
so an upgrade that moves one fails here rather than silently in a volunteer's browser:

- cdn.jsdelivr.net: the @font-face of Source Sans 3, Noto Mono and Material Symbols
  Outlined (the icons) point to vendor/fonts/.
- unpkg.com, its UI strings: Sveltia's own loader (it fetches the strings of the
  browser's or the chosen language, then keeps them in localStorage) fetches them
  from vendor/locales/ beside the page.
- unpkg.com, the hourly version check (package.json): it returns at once, finding nothing.
- unpkg.com, the chunks' fallback: no chunk is shipped. dist/chunks/react-dom.js is
  loaded only for custom React widgets and preview templates registered through the
  CMS global object, which our page never does; the chunk loader tries no address.
- unpkg.com, lazy modules of features the site's configuration does not use
  (leaflet and terra-draw for maps, exifr for a photo's date and place, svgo,
  @jsquash image encoders, @discourse/heic, turndown, immutable for the
  Decap-compatible API): the loader fails at once, as it did when the CDN was
  unreachable, and each caller already copes with that. pdf.js (thumbnails of PDF
  files) likewise. Their addresses now name a relative `not-vendored/` path.
- unpkg.com, Shiki's syntax highlighting of code blocks: no engine, no grammar and
  no theme load, so code blocks are plain text, as Sveltia UI documents for a
  loader that returns nothing.
- githubstatus.com, status.gitlab.com (status-api.hostedstatus.com): the backends'
  status check, every five minutes, is removed, and so are the status addresses.

Left as they are: services the editor calls only when the configuration enables
them, with the volunteer's own key (stock photos, AI translation, cloud media
libraries, the map field's tiles and geocoding, Netlify sign-in, YouTube previews).
The site's configuration enables none, and /admin/'s Content-Security-Policy
refuses any host but the git host's API.

Not shipped: source maps, the ES module build (dist/sveltia-cms.mjs), the chunk.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "sitegen" / "editor" / "vendor"
REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True, slots=True)
class Package:
    """An npm package at a pinned version, with the integrity npm publishes for its tarball."""

    name: str  # "@sveltia/cms"
    version: str
    integrity: str  # "sha512-<base64>", as `npm view <name>@<version> dist.integrity` prints it
    license: str  # the licence file in the tarball, shipped beside the files taken from it

    @property
    def tarball(self) -> str:
        """Return the tarball's address on the registry: @scope/name/-/name-1.0.0.tgz."""
        return f"{REGISTRY}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


@dataclass(frozen=True, slots=True)
class Font:
    """A font the bundle loads from cdn.jsdelivr.net, and the same file in its @fontsource package."""

    url: str
    package: Package
    file: str  # its path in the package


@dataclass(frozen=True, slots=True)
class Patch:
    """A change to the bundle, refused unless its pattern occurs exactly `count` times.

    Patterns are literal text but for two marks: ⟨name⟩ matches a minified identifier
    (the same one again at its next use) and … the shortest run of characters on one line.
    The replacement names the identifiers ⟨name⟩ caught.
    """

    why: str
    pattern: str
    replacement: str
    count: int = 1


CMS = Package(
    "@sveltia/cms",
    "0.221.1",
    "sha512-J+Qoik9kGMk2L7vNpOQrnDmFRi+NB6vwJ0f657YtsxWH0P8WYSYRRSRC2pQ/jGGbVlM//Pg/WIgmkpswqoo3gQ==",
    "LICENSE.txt",
)
SOURCE_SANS = Package(
    "@fontsource-variable/source-sans-3",
    "5.3.0",
    "sha512-dpi0GZk7EQe2tYpg6Q0Fx0OmUgnuGu+0rHPgtXqtKhglYmJuP7jZ12Mu1uN+NfRaJRY1Emn8AQJEWzmoZ4wa9g==",
    "LICENSE",
)
NOTO_MONO = Package(
    "@fontsource/noto-mono",
    "5.3.0",
    "sha512-QZieY3OyKEImCXg3HRiF6p6/H0GXX94uEb53ayLyQgCTB20LdkvsyJIgigo6lAGmVw3WEs40DdG5KTqpxfwgGg==",
    "LICENSE",
)
SYMBOLS = Package(
    "@fontsource-variable/material-symbols-outlined",
    "5.3.7",
    "sha512-d6kLamaMdad40AYoyJEBgCH63fRLklC7GW7bgb7WWbPh/UzuW483Dlyfmn3vxpiNsHLIMBOcYYkZDtOC9Y3MUA==",
    "LICENSE",
)
# The YAML library the editor bundles but does not expose, for our own file formats (sitegen/editor/formats.js):
# its browser build, ES modules, shipped as they are under vendor/yaml/.
YAML = Package(
    "yaml",
    "2.9.1",
    "sha512-3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw==",
    "LICENSE",
)
YAML_BUILD = "browser/dist/"
FONTSOURCE = "https://cdn.jsdelivr.net/fontsource/fonts"
FONTS = (
    Font(
        f"{FONTSOURCE}/source-sans-3:vf@5.3.0/latin-wght-normal.woff2",
        SOURCE_SANS,
        "files/source-sans-3-latin-wght-normal.woff2",
    ),
    Font(f"{FONTSOURCE}/noto-mono@5.3.0/latin-400-normal.woff2", NOTO_MONO, "files/noto-mono-latin-400-normal.woff2"),
    Font(
        f"{FONTSOURCE}/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2",
        SYMBOLS,
        "files/material-symbols-outlined-latin-wght-normal.woff2",
    ),
)
BUNDLED_LOCALE = "en-US"  # built into the script: never fetched
PATCHES = (
    Patch(
        "UI strings: Sveltia's loader fetches <code>.json from vendor/locales/ beside the page, not from unpkg.com",
        "⟨base⟩=`${⟨⟩}@${⟨⟩}/locales`",
        "⟨base⟩=`vendor/locales`",
    ),
    Patch(
        "the hourly version check on unpkg.com: it returns at once, with no version found",
        "⟨check⟩=async()=>{try{let ⟨response⟩=await fetch(⟨url⟩);if(!⟨response⟩.ok)return;let{version:",
        "⟨check⟩=async()=>{try{return;let ⟨response⟩=await fetch(⟨url⟩);if(!⟨response⟩.ok)return;let{version:",
    ),
    Patch(
        "chunks: none is shipped (only custom React components load react-dom), and none is sought on unpkg.com",
        "⟨urls⟩=(⟨name⟩,⟨base⟩=⟨⟩)=>{let ⟨file⟩=`chunks/${⟨name⟩}.js`,…return ⟨a⟩===⟨b⟩?[⟨b⟩]:[⟨a⟩,⟨b⟩]}",
        "⟨urls⟩=()=>[]",
    ),
    Patch(
        "lazy modules of unused features (maps, EXIF, SVG and image encoders, HEIC...): they fail at once",
        "⟨load⟩=async(⟨library⟩,⟨path⟩)=>⟨⟩(()=>import(`${⟨⟩(⟨library⟩)}/${⟨path⟩}`),void 0)",
        "⟨load⟩=async ⟨library⟩=>{throw Error(`${⟨library⟩} is not vendored`)}",
    ),
    Patch(
        "pdf.js, for thumbnails of PDF files: it fails at once",
        "⟨⟩(()=>import(⟨⟩),void 0),⟨pdf⟩.GlobalWorkerOptions.workerSrc=",
        "Promise.reject(Error(`pdf.js is not vendored`)),⟨pdf⟩.GlobalWorkerOptions.workerSrc=",
    ),
    Patch(
        "Shiki's code highlighting: no engine, grammar or theme is loaded, so code blocks stay plain text",
        "{loadEngine:async()=>⟨⟩(()=>import(⟨⟩()),void 0),loadLanguage:async ⟨a⟩=>⟨⟩(()=>import(⟨⟩(⟨a⟩)),void 0),"
        "loadTheme:async ⟨b⟩=>⟨⟩(()=>import(⟨⟩(⟨b⟩)),void 0)}",
        "{loadEngine:async()=>{throw Error(`code highlighting is not vendored`)},"
        "loadLanguage:async()=>{},loadTheme:async()=>{}}",
    ),
    Patch(
        "every address left on unpkg.com, now unused: a relative path that never leaves the site",
        "`https://unpkg.com/",
        "`not-vendored/",
        count=4,
    ),
    Patch(
        "the status checks of GitHub and GitLab (every five minutes): the backends have none",
        "statusDashboardURL:⟨⟩,checkStatus:⟨⟩,",
        "statusDashboardURL:``,checkStatus:void 0,",
        count=2,
    ),
    Patch(
        "GitHub's status addresses, now unused",
        "`https://www.githubstatus.com/…`",
        "``",
        count=2,
    ),
    Patch(
        "GitLab's status addresses (status.gitlab.com, status-api.hostedstatus.com), now unused",
        "`https://status…`",
        "``",
        count=2,
    ),
    Patch("no source map is shipped", "\n//# sourceMappingURL=sveltia-cms.js.map", ""),
)
FORBIDDEN = ("cdn.jsdelivr.net", "unpkg.com", "fonts.googleapis", "githubstatus", "status.gitlab.com", "hostedstatus")
# The bundle's list of the languages its interface speaks: `ar,bg,...,zh-TW`.split(`,`)
_LOCALES = re.compile(r"`((?:[a-z]{2,3}(?:-[A-Z]{2})?,)+[a-z]{2,3}(?:-[A-Z]{2})?)`\.split\(`,`\)")


class Refused(Exception):
    """A download or a patch that is not what this script expects: nothing is written."""


def main() -> None:
    """Download, check, patch and write every vendored file, then the checksums."""
    try:
        tarballs = {package: members(download(package)) for package in (CMS, SOURCE_SANS, NOTO_MONO, SYMBOLS, YAML)}
        files = vendored(tarballs)
    except Refused as error:
        sys.exit(f"vendor_editor.py: {error}; nothing was written")
    write(files)
    print(f"Sveltia CMS {CMS.version}: {len(files)} files written into {VENDOR.relative_to(ROOT)}")


def download(package: Package) -> bytes:
    """Return a package's tarball from the registry, refused unless its sha512 is the pinned one."""
    with urllib.request.urlopen(package.tarball, timeout=120) as response:
        data: bytes = response.read()
    found = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if not hmac.compare_digest(found, package.integrity):
        raise Refused(f"{package.tarball} has the integrity {found}, not the pinned {package.integrity}")
    return data


def members(tarball: bytes) -> dict[str, bytes]:
    """Return the regular files of an npm tarball by their path inside the package ("dist/x.js")."""
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            extracted = archive.extractfile(member) if member.isfile() else None
            if extracted is not None:
                files[member.name.split("/", 1)[1]] = extracted.read()
    return files


def vendored(tarballs: dict[Package, dict[str, bytes]]) -> dict[str, bytes]:
    """Return every file to write, by its path under vendor/, SHA256SUMS aside."""
    cms = tarballs[CMS]
    script = patched(cms["dist/sveltia-cms.js"].decode("utf-8"))
    files = {"sveltia-cms.js": script.encode("utf-8")}
    files |= {f"fonts/{Path(font.file).name}": tarballs[font.package][font.file] for font in FONTS}
    files |= {f"locales/{code}.json": cms[f"locales/{code}.json"] for code in shown_locales(script, cms)}
    files |= {
        f"yaml/{path.removeprefix(YAML_BUILD)}": data for path, data in tarballs[YAML].items() if _yaml_module(path)
    }
    files |= {f"licenses/{_plain(p.name)}.txt": tarballs[p][p.license] for p in tarballs}
    files["VERSION"] = version_note(tarballs).encode("utf-8")
    for path, data in files.items():
        for host in FORBIDDEN:
            if host.encode() in data:
                raise Refused(f"{path} still names {host}: patch it in PATCHES")
    return files


def _yaml_module(path: str) -> bool:
    """Tell whether a file of the yaml tarball is a module of its browser build: browser/dist/index.js."""
    return path.startswith(YAML_BUILD) and path.endswith(".js")


def patched(script: str) -> str:
    """Return the bundle with the fonts made local and every patch applied, each found exactly as expected."""
    for font in FONTS:
        if script.count(font.url) != 1:
            raise Refused(f"{font.url} is not in sveltia-cms.js exactly once: update FONTS")
        script = script.replace(font.url, f"vendor/fonts/{Path(font.file).name}")
    for patch in PATCHES:
        script, found = re.subn(_regex(patch.pattern), _replacement(patch.replacement), script)
        if found != patch.count:
            raise Refused(f"the patch for {patch.why!r} matched {found} times, not {patch.count}: update PATCHES")
    return script


def _regex(pattern: str) -> str:
    """Return the regular expression of a patch's pattern: ⟨name⟩ an identifier, ⟨⟩ any, … anything short."""
    regex, named = [], set()
    for part in re.split(r"(⟨\w*⟩|…)", pattern):
        name = part[1:-1]
        if part == "…":
            regex.append(r"[^\n]*?")
        elif part.startswith("⟨") and not name:
            regex.append(r"[\w$]+")
        elif part.startswith("⟨"):
            regex.append(f"(?P={name})" if name in named else rf"(?P<{name}>[\w$]+)")
            named.add(name)
        else:
            regex.append(re.escape(part))
    return "".join(regex)


def _replacement(replacement: str) -> str:
    """Return a patch's replacement for re.sub: ⟨name⟩ the identifier caught, the rest literal."""
    if "⟨⟩" in replacement or "…" in replacement:
        raise Refused(f"the replacement {replacement!r} can only name identifiers its pattern caught")
    return re.sub(r"⟨(\w+)⟩", r"\\g<\1>", replacement.replace("\\", "\\\\"))


def shown_locales(script: str, cms: dict[str, bytes]) -> list[str]:
    """Return the languages the editor can show but the bundled one, refusing if one has no strings."""
    found = _LOCALES.findall(script)
    codes = [codes.split(",") for codes in found if BUNDLED_LOCALE in codes.split(",")]
    if len(codes) != 1:
        raise Refused("the list of the editor's languages is not in sveltia-cms.js exactly once: update _LOCALES")
    missing = [code for code in codes[0] if f"locales/{code}.json" not in cms]
    if missing:
        raise Refused(f"the package has no UI strings for {', '.join(missing)}")
    return sorted(code for code in codes[0] if code != BUNDLED_LOCALE)


def version_note(tarballs: dict[Package, dict[str, bytes]]) -> str:
    """Return the VERSION note: what was vendored, from where, with which integrity."""
    lines = [f"Sveltia CMS {CMS.version}, vendored by scripts/vendor_editor.py (see its docstring for the patches)."]
    lines += ["", "From registry.npmjs.org, each tarball checked against its pinned integrity:"]
    lines += [f"{package.name}@{package.version} {package.integrity}" for package in tarballs]
    return "\n".join(lines) + "\n"


def _plain(name: str) -> str:
    """Return a package name as a file name: @sveltia/cms => sveltia-cms."""
    return name.lstrip("@").replace("/", "-")


def checksums(files: dict[str, bytes]) -> bytes:
    """Return SHA256SUMS of the files, as `sha256sum` writes it (`sha256sum -c SHA256SUMS` checks it)."""
    return "".join(f"{hashlib.sha256(files[path]).hexdigest()}  {path}\n" for path in sorted(files)).encode()


def write(files: dict[str, bytes]) -> None:
    """Write the files and their SHA256SUMS into a new folder, then put it in place of vendor/."""
    staging = Path(tempfile.mkdtemp(prefix=".vendor-", dir=VENDOR.parent))
    for path, data in {**files, "SHA256SUMS": checksums(files)}.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
        (staging / path).chmod(0o644)
    staging.chmod(0o755)
    shutil.rmtree(VENDOR, ignore_errors=True)
    staging.rename(VENDOR)


if __name__ == "__main__":
    main()
