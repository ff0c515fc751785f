"""The association's overrides of the theme, in content/theme/, and whether the defaults they replace changed since.

    content/theme/item.html         replaces sitegen/templates/item.html; everything else comes from the default
    content/theme/overrides.yaml    what each was written against: the generator's version, the default's digest

`python generate.py override item.html` copies the default there and records it.
After an upgrade, `check` warns about each override whose default has changed, so
that someone compares them before the site goes on with an outdated page;
`override --reviewed item.html` records that it was done.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from sitegen import __version__
from sitegen.digests import is_stray
from sitegen.errors import Group, Kind, Problem, SiteError, shown_path

RECORD = "overrides.yaml"
_REVIEW = (
    "compare them (python generate.py override --diff {name}), then run: python generate.py override --reviewed {name}"
)
CHANGED = Kind(
    "the default this file replaces (templates/{name}) has changed since it was written for sitegen {then}",
    "see what changed for overrides in CHANGELOG.md; " + _REVIEW,
    Group.THEME,
)
UNRECORDED = Kind(
    "this file replaces templates/{name}, but nothing records which version of it",
    "so that check can tell you when the default changes, " + _REVIEW,
    Group.THEME,
)
REPLACES_NOTHING = Kind(
    "this file replaces no file of the theme, and no other override uses it",
    "{suggestion}the files that can be replaced are those of sitegen/templates/, at the same place",
    Group.THEME,
)
BROKEN_RECORD = Kind(
    "this record of overrides cannot be read", "remove it, then run python generate.py override --reviewed NAME"
)


@dataclass(frozen=True, slots=True)
class Base:
    """The default an override was written against."""

    version: str  # the generator's version then
    digest: str  # sha256 of the default's bytes then


@dataclass(frozen=True, slots=True)
class Written:
    """Files to write for an override command: text by path; the record is replaced, a copy never overwrites."""

    copies: dict[Path, bytes]
    record: tuple[Path, str]


def digest(path: Path) -> str:
    """Return the sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def overridden(overrides: Path) -> list[str]:
    """Return the theme files the association has in content/theme/, as names relative to it."""
    if not overrides.is_dir():
        return []
    return sorted(
        path.relative_to(overrides).as_posix()
        for path in overrides.rglob("*")
        if path.is_file() and not any(map(is_stray, path.relative_to(overrides).parts)) and path != overrides / RECORD
    )


def read_record(overrides: Path, problems: list[Problem]) -> dict[str, Base]:
    """Read content/theme/overrides.yaml; a broken one is a problem, and counts as empty."""
    path = overrides / RECORD
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(name): Base(str(entry["sitegen"]), str(entry["sha256"])) for name, entry in data.items()}
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError, KeyError, TypeError):
        problems.append(BROKEN_RECORD.at(shown_path(path, overrides.parent.parent)))
        return {}


def review_warnings(templates: Path, overrides: Path) -> list[Problem]:
    """Return a warning for each override whose default changed, is unrecorded, or that replaces nothing."""
    problems: list[Problem] = []
    record = read_record(overrides, problems)
    names = overridden(overrides)
    root = overrides.parent.parent
    for name in names:
        where, default = shown_path(overrides / name, root), templates / name
        if not default.is_file():
            if not name.startswith("static/") and not _used_by_another(overrides, names, name):
                problems.append(REPLACES_NOTHING.at(where, suggestion=_suggestion(templates, name)))
        elif name not in record:
            problems.append(UNRECORDED.at(where, name=name))
        elif record[name].digest != digest(default):
            problems.append(CHANGED.at(where, name=name, then=record[name].version))
    return problems


def _used_by_another(overrides: Path, names: list[str], name: str) -> bool:
    """Return True when another template of content/theme/ names this one (a partial it includes)."""
    others = (overrides / other for other in names if other != name and other.endswith(".html"))
    return any(name in path.read_text(encoding="utf-8", errors="replace") for path in others)


def _suggestion(templates: Path, name: str) -> str:
    """Return 'did you mean ...? ' for a name close to a default file's, or nothing."""
    defaults = [path.relative_to(templates).as_posix() for path in templates.rglob("*") if path.is_file()]
    close = difflib.get_close_matches(name, defaults, n=1, cutoff=0.6)
    return f"did you mean {close[0]}? " if close else ""


def new_override(templates: Path, overrides: Path, names: list[str]) -> Written:
    """Return the copies of default theme files to write into content/theme/, and the record that says so."""
    copies = {}
    for name in names:
        default, target = _default(templates, name), overrides / name
        if target.exists():
            raise SiteError(f"{target} already exists: python generate.py override --diff {name} shows how it differs")
        copies[target] = default.read_bytes()
    return Written(copies, _record(templates, overrides, names))


def reviewed(templates: Path, overrides: Path, names: list[str]) -> Written:
    """Return the record saying these overrides were compared with the defaults of this version."""
    for name in names:
        _default(templates, name)
        if not (overrides / name).is_file():
            raise SiteError(f"{overrides / name} does not exist: python generate.py override {name} starts one")
    return Written({}, _record(templates, overrides, names))


def difference(templates: Path, overrides: Path, name: str) -> str:
    """Return how an override differs from the default it replaces, as a unified diff."""
    default, own = _default(templates, name), overrides / name
    if not own.is_file():
        raise SiteError(f"{own} does not exist: python generate.py override {name} starts one")
    before, after = (_lines(path) for path in (default, own))
    return "".join(difflib.unified_diff(before, after, f"templates/{name} (sitegen {__version__})", f"theme/{name}"))


def _lines(path: Path) -> list[str]:
    """Return a text file's lines, for a diff."""
    return path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)


def _default(templates: Path, name: str) -> Path:
    """Return the default theme file of a name, or say which names exist."""
    relative = PurePosixPath(name)
    path = templates / relative
    if relative.is_absolute() or ".." in relative.parts or not path.is_file():
        raise SiteError(f"the theme has no file '{name}': name one of sitegen/templates/, such as item.html")
    if relative.parts[0] == "i18n":
        raise SiteError(f"UI strings are changed key by key in content/i18n/{relative.name}, not in content/theme/")
    return path


def _record(templates: Path, overrides: Path, names: list[str]) -> tuple[Path, str]:
    """Return the record file with these names set to the current defaults, the others kept, stale ones dropped."""
    record = read_record(overrides, [])
    record.update({name: Base(__version__, digest(templates / name)) for name in names})
    present = set(overridden(overrides)) | set(names)
    lines = [
        "# Which default each file of content/theme/ replaced when it was written or last reviewed.",
        "# Written by python generate.py override; check warns when one of these defaults changes.",
    ]
    for name in sorted(n for n in record if n in present):
        lines += [f"{name}:", f"  sitegen: {record[name].version}", f"  sha256: {record[name].digest}"]
    return overrides / RECORD, "\n".join(lines) + "\n"


def save(written: Written) -> None:
    """Write the copies (never over a file) and replace the record whole."""
    for path, data in written.copies.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as file:
            file.write(data)
    path, text = written.record
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
