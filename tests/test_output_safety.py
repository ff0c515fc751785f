"""What a build does to the machine it runs on: it removes only what it wrote, takes turns, and survives being killed.

Three promises, each tested for real: the output folder records the files the
generator wrote, and a folder holding anything else is neither replaced nor removed
without --force; two builds on the same output or cache never mix, and a build killed
at any moment (SIGKILL, many times) leaves the previous site whole, no process behind
and nothing the next build does not tidy; a build that runs out of disk space (a real
small tmpfs where one can be mounted, an injected ENOSPC everywhere) says so plainly
and leaves the previous site whole, without its partial files.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE_DAY, ROOT, TEMPLATES, TENT_YAML, many_testimonies, write_files
from sitegen.build import Options, build
from sitegen.errors import OutputError
from sitegen.incremental import locks
from sitegen.incremental.locks import building
from sitegen.output import RECORD, Output, update_site, write_site
from sitegen.serve import Preview

DAY = ["--date", EXAMPLE_DAY.isoformat()]
PROC = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads the processes from Linux's /proc")
LIGHT_TENT = TENT_YAML.replace("{fr: Tente, en: Tent}", "{fr: Tente légère, en: Light tent}")


def building_of(content: Path, *options: str | Path) -> list[str]:
    """Return the arguments of generate.py that build content, as a volunteer types them in content's parent folder."""
    return ["build", "-q", "--content", str(content), "--templates", str(TEMPLATES), *DAY, *map(str, options)]


def command(content: Path, *options: str | Path) -> list[str]:
    """Return the whole command line of a build of content."""
    return [sys.executable, str(ROOT / "generate.py"), *building_of(content, *options)]


def generate(cwd: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """Run generate.py in cwd to its end; return what it did."""
    command = [sys.executable, str(ROOT / "generate.py"), *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def digests(root: Path) -> dict[str, str]:
    """Return every file under root with a digest of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def recorded(folder: Path) -> list[str]:
    """Return the names a folder's record lists, in its order."""
    lines = (folder / RECORD).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# The files sitegen wrote")
    return [line.strip('"') for line in lines[1:]]


def alive(session: int) -> list[str]:
    """Return the processes of a session that still run (an exited one waiting to be reaped does not)."""
    found = []
    for name in os.listdir("/proc"):
        try:
            state, _parent, _group, sid = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[:4]
            line = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):  # not a process, or gone meanwhile
            continue
        if int(sid) == session and state != "Z":
            found.append(f"{name} {line[:100]}")
    return found


def children(pid: int) -> list[int]:
    """Return the processes whose parent is pid."""
    found = []
    for name in os.listdir("/proc"):
        try:
            parent = int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):  # not a process, or gone meanwhile
            continue
        if parent == pid:
            found.append(int(name))
    return found


def gone(session: int, seconds: float = 5.0) -> list[str]:
    """Wait until no process of the session runs; return those still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while (running := alive(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running


def partial_files(cache: Path) -> list[str]:
    """Return what a build writes aside in the cache before renaming it, and locks: none once a build is done."""
    names = [path for path in cache.rglob("*") if path.name.endswith((".part", ".tmp", ".lock"))]
    names += [path for path in cache.glob("*/.*") if path.is_dir()]  # a picture's folder, search's work folder
    return sorted(str(path.relative_to(cache)) for path in names)


# Never deletes what it did not write


def test_the_output_records_every_file_the_build_wrote_and_only_their_names(make_site, tmp_path):
    output = tmp_path / "output"
    build(Options(make_site(), TEMPLATES, output, cache=tmp_path / "cache", today=EXAMPLE_DAY))
    names = recorded(output)
    assert names == sorted(names) and "index.html" in names and "pagefind/pagefind.js" in names, "search too"
    assert set(names) == set(digests(output)) - {RECORD}, "every file, and nothing but the files"


def test_build_refuses_to_replace_an_output_holding_files_it_did_not_write_naming_them(make_site, tmp_path):
    content = make_site()
    assert generate(tmp_path, building_of(content)).returncode == 0
    output = tmp_path / "output"
    write_files(output, {"notes.odt": "mine", "items/tente/photo.jpg": "mine too", ".DS_Store": "Finder's"})
    before = digests(output)
    refused = generate(tmp_path, building_of(content))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "holds files sitegen did not write (items/tente/photo.jpg, notes.odt)" in refused.stderr
    assert "move those files elsewhere" in refused.stderr and "--force" in refused.stderr
    assert digests(output) == before, "not a byte changed"
    assert generate(tmp_path, building_of(content, "--force")).returncode == 0
    assert not (output / "notes.odt").exists() and set(recorded(output)) == set(digests(output)) - {RECORD}


def test_clean_removes_the_site_unless_it_holds_files_sitegen_did_not_write(runner, make_site, tmp_path):
    from sitegen.cli import main

    output = tmp_path / "output"
    build(Options(make_site(), TEMPLATES, output))
    (output / "Thumbs.db").write_bytes(b"Windows' own")  # left by a file manager: no one's work
    assert runner.invoke(main, ["clean", "--output", str(output)]).exit_code == 0
    assert not output.exists()
    build(Options(make_site(), TEMPLATES, output))
    (output / "static" / "logo-source.svg").write_text("the only copy")
    refused = runner.invoke(main, ["clean", "--output", str(output)])
    assert refused.exit_code == 1 and "static/logo-source.svg" in refused.stderr
    assert (output / "static" / "logo-source.svg").is_file() and (output / "index.html").is_file()
    assert runner.invoke(main, ["clean", "--output", str(output), "--force"]).exit_code == 0
    assert not output.exists()


OLDER_BUILD = {  # what a site built before the record existed holds (sitegen 0.2.0)
    "index.html": "x", "404.html": "x", "needs.json": "{}", "sitemap.xml": "x", "static/style.css": "x",
    "images/tente-480.webp": "x", "pagefind/pagefind.js": "x", "pagefind/wasm.fr.pagefind": "x",
    "admin/vendor/VERSION": "0.221.1", "robots.txt": "x", "feed.xml": "x",
}  # fmt: skip


@pytest.mark.parametrize(
    ("files", "foreign"),
    [
        (OLDER_BUILD, None),
        ({**OLDER_BUILD, "thesis.odt": "years of work"}, "thesis.odt"),
        ({"index.html": "x", "thesis.odt": "years of work"}, "index.html, thesis.odt"),
        ({"index.html": "x", "404.html": "x", "sitemap.xml": "x", "css/main.css": "x"}, "404.html, css/main.css"),
    ],
    ids=["an older build", "an older build with a document", "a folder of documents", "another generator's site"],
)
def test_a_folder_without_a_record_is_replaced_only_when_an_older_build_wrote_it(tmp_path, files, foreign):
    folder = tmp_path / "output"
    write_files(folder, files)
    if foreign is None:
        write_site([Output("index.html", b"new")], folder)
        assert recorded(folder) == ["index.html"] and (folder / "index.html").read_bytes() == b"new"
        return
    with pytest.raises(OutputError, match=re.escape(f"holds files sitegen did not write ({foreign}")):
        write_site([Output("index.html", b"new")], folder)
    assert set(digests(folder)) == set(files)


def test_a_refusal_names_the_first_five_foreign_files_and_counts_the_others(tmp_path):
    folder = tmp_path / "output"
    write_site([Output("index.html", b"1")], folder)
    write_files(folder, {f"photos/{n:02d}.jpg": "x" for n in range(8)})
    (folder / "link-to-my-documents").symlink_to(tmp_path)  # a link is someone's: never followed, never removed
    with pytest.raises(OutputError, match=r"\(link-to-my-documents, photos/00.jpg, .*, photos/03.jpg and 4 more\)"):
        write_site([Output("index.html", b"2")], folder)


def test_the_preview_notes_a_file_before_writing_it_and_never_removes_one_it_did_not_write(tmp_path):
    preview = tmp_path / "cache" / "preview"
    write_site([Output("index.html", b"1"), Output("old/index.html", b"old")], preview)
    (preview / "notes.txt").write_text("mine")

    def stopped_half_way() -> Iterator[Output]:
        yield Output("index.html", b"2")
        yield Output("new/index.html", b"new")
        raise RuntimeError("killed here")

    with pytest.raises(RuntimeError):
        update_site(stopped_half_way(), preview, keep="pagefind")
    assert "new/index.html" in recorded(preview), "noted before it was written"
    update_site([Output("index.html", b"3"), Output("new/index.html", b"new")], preview, keep="pagefind")
    assert not (preview / "old").exists(), "what it wrote and no longer makes goes"
    assert (preview / "notes.txt").read_text() == "mine", "what it did not write stays"
    with pytest.raises(OutputError, match=r"holds files sitegen did not write \(notes.txt\)"):
        write_site([Output("index.html", b"4")], preview)


# Two at once, and stopped at any moment


def holding(
    output: Path | None, cache: Path | None, seconds: float, until: Callable[[], bool] = lambda: False
) -> threading.Thread:
    """Hold the locks of output/ and the cache in a thread, as another build would, `seconds` or until `until()`."""
    taken = threading.Event()

    def hold() -> None:
        with building(output, cache, say=lambda _: None):
            taken.set()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and not until():
                time.sleep(0.05)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(10)
    return thread


def test_a_second_build_waits_for_the_first_and_says_so(runner, make_site, tmp_path):
    from sitegen.cli import main

    output, cache = tmp_path / "output", tmp_path / ".cache"
    thread = holding(output, cache, seconds=1.5)
    started = time.monotonic()
    arguments = ["build", "--content", make_site(), "--templates", TEMPLATES, "--output", output, "--cache", cache]
    result = runner.invoke(main, [str(argument) for argument in arguments])
    thread.join()
    assert result.exit_code == 0, result.output
    assert f"another build (process {os.getpid()}) is writing {output}; waiting for it to finish…" in result.stderr
    assert time.monotonic() - started >= 1.4 and (output / "index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == [".cache", "content", "output"], "no lock left"


@pytest.mark.parametrize("name", ["build", "check", "clean"])
def test_every_command_that_writes_gives_up_after_waiting_its_patience(runner, make_site, tmp_path, monkeypatch, name):
    from sitegen.cli import main

    monkeypatch.setattr(locks, "PATIENCE", 0.5)
    monkeypatch.chdir(tmp_path)
    content = make_site()
    thread = holding(Path("output"), Path(".cache"), seconds=1)
    arguments = {"build": ["--content", content], "check": ["--content", content], "clean": []}[name]
    result = runner.invoke(main, [name, *map(str, arguments)])
    thread.join()
    assert result.exit_code == 1
    folder = ".cache" if name == "check" else "output"
    assert f"has been writing {folder} for more than 0.5 seconds — let it finish, or stop it" in result.stderr
    assert not Path("output").exists()


def test_the_preview_waits_for_a_build_of_the_same_cache(make_site, tmp_path):
    cache, said = tmp_path / "cache", []
    preview = Preview(Options(make_site(), TEMPLATES, tmp_path / "unused", cache=cache), port=0, log=said.append)
    thread = holding(None, cache, seconds=1)
    try:
        preview.start()
    finally:
        preview.stop()
    thread.join()
    assert f"another build (process {os.getpid()}) is writing {cache}; waiting for it to finish…" in said


def test_two_builds_waiting_together_on_one_output_never_mix(make_site, tmp_path):
    content = make_site(many_testimonies(10))
    references = {}
    for name in ("a", "b"):
        cold = tmp_path / f"cold-{name}"
        build(Options(content, TEMPLATES, cold, base_url=f"https://{name}.example.org/", today=EXAMPLE_DAY))
        references[name] = digests(cold)
    logs = {name: tmp_path / f"{name}.log" for name in ("a", "b")}

    def waiting() -> bool:
        return all(log.is_file() and "waiting" in log.read_text() for log in logs.values())

    thread = holding(tmp_path / "output", tmp_path / ".cache", seconds=60, until=waiting)  # both wait, then race
    runs = {}
    for name, log in logs.items():
        options = command(content, "--base-url", f"https://{name}.example.org/")
        with log.open("w") as stderr:  # the build has its own copy
            runs[name] = subprocess.Popen(options, cwd=tmp_path, stderr=stderr)
    for run in runs.values():
        run.wait(timeout=120)
    thread.join()
    said = {name: log.read_text() for name, log in logs.items()}
    assert [run.returncode for run in runs.values()] == [0, 0], said
    assert all("is writing output; waiting for it to finish…" in text for text in said.values()), said
    last = next(name for name, reference in references.items() if digests(tmp_path / "output") == reference)
    first = "b" if last == "a" else "a"
    again = generate(tmp_path, building_of(content, "--base-url", f"https://{first}.example.org/"))
    assert again.returncode == 0 and digests(tmp_path / "output") == references[first], "the stamp is of one build"


def only_the_sites_own_files(spare: Path, site: Path) -> bool:
    """Return True when every file of the spare is the site's file at the same place, the very same file."""
    files = [path for path in spare.rglob("*") if path.is_file() and path.name != RECORD]
    return all(path.samefile(site / path.relative_to(spare)) for path in files)


def ended(session: int) -> None:
    """End what a test left of a build it started, should an assertion have failed with it running."""
    if alive(session):
        os.killpg(session, signal.SIGKILL)


@PROC
def test_a_killed_build_leaves_no_worker_behind(make_site, tmp_path):
    content = make_site(many_testimonies(150))
    build_ = subprocess.Popen(command(content), cwd=tmp_path, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(children(build_.pid)) < 2 and build_.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = children(build_.pid)
        assert len(workers) >= 2, "the build had started its workers"
        os.kill(build_.pid, signal.SIGKILL)
        build_.wait()
        assert gone(build_.pid) == [], "every worker ended with its build"
    finally:
        ended(build_.pid)


KILLS = 24  # builds killed at random moments


@PROC
def test_a_build_killed_at_random_moments_leaves_the_previous_site_whole_and_the_next_build_tidies_up(
    make_site, tmp_path
):
    content = make_site(many_testimonies(80))
    versions = {"tent": TENT_YAML, "light tent": LIGHT_TENT}  # every page shows the item's name
    references = {}
    for name, tent in versions.items():
        write_files(content, {"items/tente.yaml": tent})
        cold = tmp_path / f"cold-{name}"
        build(Options(content, TEMPLATES, cold, cache=tmp_path / f"cold-cache-{name}", today=EXAMPLE_DAY))
        references[name] = digests(cold)
    output = tmp_path / "output"
    assert generate(tmp_path, building_of(content)).returncode == 0
    assert digests(output) == references["light tent"]
    write_files(content, {"items/tente.yaml": TENT_YAML})
    started = time.monotonic()
    assert generate(tmp_path, building_of(content)).returncode == 0
    longest = time.monotonic() - started  # a rebuild, from its start to its end: kills fall anywhere in it
    moments, outcomes = random.Random(18), set()
    for kill in range(KILLS):
        name = "light tent" if kill % 2 == 0 else "tent"
        write_files(content, {"items/tente.yaml": versions[name]})
        build_ = subprocess.Popen(command(content), cwd=tmp_path, start_new_session=True)
        time.sleep(moments.uniform(0.0, longest))
        os.kill(build_.pid, signal.SIGKILL)
        build_.wait()
        left = gone(build_.pid)
        ended(build_.pid)
        assert left == [], f"kill {kill}: no process of the build is left"
        assert digests(output) in references.values(), f"kill {kill}: output/ is one site, whole"
        outcomes.add("while writing" if any(tmp_path.glob(".output.new-*")) else "before or after")
    assert outcomes == {"while writing", "before or after"}, "kills fell in the middle of writing the site too"
    assert generate(tmp_path, building_of(content)).returncode == 0
    assert digests(output) == references[name], "the next build is as a build from nothing"
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith("cold")) == [
        ".cache", ".output.spare", "content", "output"
    ], "no staging folder, previous site or lock left beside output/, only the spare"  # fmt: skip
    assert only_the_sites_own_files(tmp_path / ".output.spare", output)
    assert partial_files(tmp_path / ".cache") == []


# A full disk


def test_a_build_that_runs_out_of_space_says_so_and_leaves_the_previous_site_without_partial_files(
    runner, make_site, tmp_path, monkeypatch
):
    """The disk fills as files are created: each one made after the last that fits is empty, as on a full disk."""
    from sitegen.cli import main

    monkeypatch.chdir(tmp_path)
    content = make_site()
    assert runner.invoke(main, ["build", "--content", str(content), *DAY]).exit_code == 0
    before = digests(tmp_path / "output")
    write_files(content, many_testimonies(30))
    real_open, made = os.open, []

    def filling(path, flags, mode=0o777, *args, **kwargs):
        handle = real_open(path, flags, mode, *args, **kwargs)
        if flags & os.O_CREAT and str(tmp_path) in os.path.abspath(path) and not str(path).endswith(".lock"):
            made.append(path)
            if len(made) > 60:  # past what fits: the file is made, empty, and nothing more
                os.close(handle)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return handle

    with monkeypatch.context() as full:
        full.setattr(os, "open", filling)
        result = runner.invoke(main, ["build", "--content", str(content), *DAY])
    assert result.exit_code == 1, result.output
    assert "the disk is full: no space was left to write " in result.stderr
    assert "so the build stopped and removed what it began" in result.stderr
    assert "free some space on that disk" in result.stderr and "delete .cache, which only makes builds faster" in (
        result.stderr
    )
    assert digests(tmp_path / "output") == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".cache", "content", "output"]
    assert partial_files(tmp_path / ".cache") == []
    assert runner.invoke(main, ["build", "--content", str(content), *DAY]).exit_code == 0, "once there is room"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Mount a 3 MB tmpfs, a disk that fills up; unmount it afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
        reason = mounted.stderr.decode(errors="replace").strip() if mounted.returncode else ""
    except OSError as error:  # no mount command
        reason = str(error)
    if reason:
        pytest.skip(f"no tmpfs can be mounted here ({reason}): the test with an injected ENOSPC stands in for it")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_build_that_fills_a_real_disk_says_so_and_leaves_the_previous_site_without_partial_files(
    make_site, small_disk, tmp_path
):
    content = make_site()
    output, cache = small_disk / "output", small_disk / ".cache"
    assert generate(tmp_path, building_of(content, "--output", output, "--cache", cache)).returncode == 0
    before, used = digests(output), {name for name in digests(cache) if name.startswith(("cards/", "images/"))}
    write_files(content, many_testimonies(60))  # their pages and share cards do not fit
    full = generate(tmp_path, building_of(content, "--output", output, "--cache", cache))
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    assert "the disk is full: no space was left to write " in full.stderr, full.stderr
    assert f"{output} is unchanged" in full.stderr and f"delete {cache}" in full.stderr
    assert digests(output) == before
    assert sorted(path.name for path in small_disk.iterdir()) == [".cache", "output"], "no staging folder left"
    assert partial_files(cache) == []
    assert used and used <= set(digests(cache)), "what the cache held is still there"
    write_files(content, dict.fromkeys(many_testimonies(60)))
    assert generate(tmp_path, building_of(content, "--output", output, "--cache", cache)).returncode == 0
    assert digests(output) == before, "once there is room, the same site"
