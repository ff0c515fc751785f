"""The content format: which layout of content/ a site is written in, read from site.yaml's `format`.

    format: 2     written for this generator: read as it is
    (no format)   format 1, written before formats were numbered: it still builds; `check` says what
                  changed since, and `fmt` makes the changes it can
    format: 3     written for a newer generator: refused, with how to upgrade

Each change of format is declared once in CHANGES, with what it means for the
content and what to do; CHANGELOG.md tells the same story release by release.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen import TEMPLATES_FOLDER, __version__
from sitegen.digests import is_stray
from sitegen.errors import Group, Kind, Problem, shown_path

FORMAT = 2  # the format this generator writes and reads
NEWER = Kind(
    "this content is written for content format {found}, and this sitegen ({version}) reads formats up to {FORMAT}",
    "upgrade the generator: change the version in requirements.txt (README, 'Upgrading')",
)
OLDER = Kind(
    "this content is written for content format {found}; format {change.format} changed this: {change.what}",
    "{change.fix}",
    Group.FORMAT,
)
TEMPLATES_NOT_READ = Kind(
    "templates/ beside content/ is not read: the theme is part of the generator, and your changes to it "
    "belong in content/theme/, file by file",
    "move each file you changed there (python generate.py override NAME starts one), then remove templates/; "
    "or build with --templates templates to use it as a whole theme of its own",
    Group.THEME,
)


def old_theme(content: Path) -> Path | None:
    """Return the templates/ folder beside content/ that sites made before format 2 edited, if there is one."""
    folder = content.parent / "templates"
    if (folder / "base.html").is_file() and folder.resolve() != TEMPLATES_FOLDER.resolve():
        return folder
    return None


@dataclass(frozen=True, slots=True)
class Change:
    """One change of the content format: what it means for content, and what to do about it."""

    format: int  # the format that made it
    what: str
    fix: str
    concerns: Callable[[Path], bool] = lambda content: True  # whether it concerns a site, from its content/


CHANGES = (
    Change(
        2,
        "site.yaml says which content format it is written in, 'format: 2' on its first line",
        "run python generate.py fmt, which writes it",
    ),
    Change(
        2,
        "the theme is part of the generator, and an association's changes to it live in content/theme/, file by "
        "file (its changes to UI strings in content/i18n/, key by key): templates/ beside content/ is not read",
        "run python generate.py fmt, which copies what you changed in templates/ there; then check lists each "
        "copy to compare with the new default, and templates/ can be removed",
        lambda content: old_theme(content) is not None,
    ),
)


def newer_format(found: int, where: str, line: int) -> Problem | None:
    """Return the problem of content written for a newer format than this generator reads, or None."""
    if found <= FORMAT:
        return None
    return NEWER.at(where, line, found=found, version=__version__, FORMAT=FORMAT)


def format_warnings(content: Path, found: int, themes_default: bool) -> list[Problem]:
    """Return what changed since the format content is written in, and a templates/ folder no longer read."""
    where = shown_path(content / "site.yaml", content.parent)
    warnings = [
        OLDER.at(where, found=found, change=change)
        for change in CHANGES
        if found < change.format and change.concerns(content)
    ]
    folder = old_theme(content)
    if found >= FORMAT and folder and themes_default:
        warnings.append(TEMPLATES_NOT_READ.at(shown_path(folder, content.parent)))
    return warnings


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What `fmt` writes to bring content up to this format, and what it leaves for a person to do."""

    files: dict[Path, bytes]  # site.yaml is replaced; every other file is new
    left: tuple[str, ...] = ()  # what it could not do, in words


def upgrade(content: Path, found: int) -> Upgrade:
    """Return the files that bring content written for an older format up to this one."""
    if found >= FORMAT:
        return Upgrade({})
    site = content / "site.yaml"
    text = site.read_bytes().decode("utf-8-sig")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("format:")]
    files = {site: f"format: {FORMAT}\n{''.join(lines)}".encode()}
    left: list[str] = []
    folder = old_theme(content)
    if folder:
        _move_theme(folder, content, files, left)
    return Upgrade(files, tuple(left))


def _move_theme(folder: Path, content: Path, files: dict[Path, bytes], left: list[str]) -> None:
    """Add to `files` each file of an old templates/ that differs from the default, in its new place."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _stray(p.relative_to(folder))):
        name = path.relative_to(folder).as_posix()
        default = TEMPLATES_FOLDER / name
        data = path.read_bytes()
        if default.is_file() and default.read_bytes() == data:
            continue
        if name.startswith("i18n/"):
            target, data = content / "i18n" / path.name, _changed_strings(data, default)
        else:
            target = content / "theme" / name
        if target.exists():
            shown = shown_path(target, content.parent)
            left.append(f"{shown_path(path, content.parent)}: merge what you changed by hand into {shown}")
        elif data:
            files[target] = data


def _stray(relative: Path) -> bool:
    """Return True for an editor's or a system's leftover in an old templates/: never moved, as never read."""
    return any(is_stray(part) for part in relative.parts)


def _changed_strings(data: bytes, default: Path) -> bytes:
    """Return the UI strings of an old theme's file that differ from the default's, as content/i18n/ holds them."""
    own = yaml.safe_load(data.decode("utf-8-sig")) or {}
    base = (yaml.safe_load(default.read_text(encoding="utf-8")) or {}) if default.is_file() else {}
    changed = {key: text for key, text in own.items() if base.get(key) != text}
    return yaml.safe_dump(changed, allow_unicode=True, sort_keys=False, width=1000).encode() if changed else b""


def apply(upgrade: Upgrade) -> None:
    """Write an upgrade's files: site.yaml replaced whole, the others new, never over a file."""
    for path, data in upgrade.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.name == "site.yaml":
            beside = path.with_name(f".{path.name}.fmt")
            beside.write_bytes(data)
            beside.replace(path)
        else:
            with open(path, "xb") as file:
                file.write(data)
