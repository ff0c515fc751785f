"""The output folder is replaced atomically, never holds stale files, and is never escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import OutputError
from sitegen.output import RECORD, Output, write_site


def files_under(root: Path) -> dict[str, bytes]:
    """Return every file under root with its bytes, but the record of what was written (tests/test_output_safety.py)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != RECORD
    }


def test_writes_every_output_and_counts_them(tmp_path):
    written = write_site([Output("index.html", b"home"), Output("items/a/index.html", b"a")], tmp_path / "out")
    assert files_under(tmp_path / "out") == {"index.html": b"home", "items/a/index.html": b"a"}
    assert (written.files, written.bytes) == (2, 5)


def test_a_rebuild_leaves_no_stale_file(tmp_path):
    write_site([Output("index.html", b"v1"), Output("old/index.html", b"gone")], tmp_path / "out")
    write_site([Output("index.html", b"v2")], tmp_path / "out")
    assert files_under(tmp_path / "out") == {"index.html": b"v2"}


def test_a_failure_while_writing_leaves_the_previous_output_and_no_leftovers(tmp_path):
    write_site([Output("index.html", b"v1")], tmp_path / "out")

    def outputs():
        yield Output("index.html", b"v2")
        raise RuntimeError("template exploded")

    with pytest.raises(RuntimeError):
        write_site(outputs(), tmp_path / "out")
    assert files_under(tmp_path / "out") == {"index.html": b"v1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path):
    (tmp_path / ".out.new-abc123" / "items").mkdir(parents=True)
    write_site([Output("index.html", b"v1")], tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_build_killed_mid_swap_gets_the_previous_site_back(tmp_path):
    write_site([Output("index.html", b"v1")], tmp_path / ".out.previous")  # as the first of two renames left it

    def outputs():
        raise RuntimeError("fails before the swap")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        write_site(outputs(), tmp_path / "out")
    assert files_under(tmp_path / "out") == {"index.html": b"v1"}


def test_refuses_to_replace_a_folder_that_is_not_a_built_site(tmp_path):
    precious = tmp_path / "Documents"
    precious.mkdir()
    (precious / "thesis.odt").write_bytes(b"years of work")
    with pytest.raises(OutputError, match="does not look like a built site"):
        write_site([Output("index.html", b"x")], precious)
    assert files_under(precious) == {"thesis.odt": b"years of work"}


def test_creates_missing_parent_folders(tmp_path):
    write_site([Output("index.html", b"x")], tmp_path / "a" / "b" / "out")
    assert (tmp_path / "a" / "b" / "out" / "index.html").read_bytes() == b"x"


@pytest.mark.parametrize(
    "path", ["../escape.html", "/etc/passwd", "a/../../b", "a\\..\\b", "a\x00b", "", "a//b", "./a"]
)
def test_refuses_paths_that_leave_the_output_folder(tmp_path, path):
    with pytest.raises(OutputError, match="refusing to write outside"):
        write_site([Output("index.html", b"home"), Output(path, b"x")], tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written anywhere, staging removed


def test_refuses_two_outputs_whose_paths_differ_only_by_case_or_normalisation(tmp_path):
    with pytest.raises(OutputError, match="two files"):
        write_site([Output("items/É/index.html", b"1"), Output("items/e\u0301/index.html", b"2")], tmp_path / "o")
    with pytest.raises(OutputError, match="two files"):
        write_site([Output("About/index.html", b"1"), Output("about/index.html", b"2")], tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_a_full_disk_leaves_the_previous_output_and_says_so(tmp_path, monkeypatch):
    import errno

    from sitegen import output as output_module

    write_site([Output("index.html", b"v1")], tmp_path / "out")
    calls = []

    def full_disk(path, mode="r", *args, **kwargs):
        calls.append(path)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(output_module, "open", full_disk, raising=False)
    outputs = [Output(f"page-{n}/index.html", b"v2") for n in range(5)]
    with pytest.raises(OutputError, match=r"could not be written \(No space left on device\); .*out is unchanged"):
        write_site(outputs, tmp_path / "out")
    assert files_under(tmp_path / "out") == {"index.html": b"v1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_kept_file_is_linked_from_the_previous_site_and_a_planted_link_is_refused(tmp_path):
    target = tmp_path / "site"
    write_site([Output("index.html", b"home"), Output("a/page.html", b"page")], target)
    write_site([Output("index.html", b"home 2"), Output("a/page.html", b"", kept=True)], target)
    assert (target / "a/page.html").read_bytes() == b"page"
    (target / "a/page.html").unlink()
    (target / "a/page.html").symlink_to("/etc/passwd")
    with pytest.raises(OutputError, match="not a regular file"):
        write_site([Output("index.html", b"home 3"), Output("a/page.html", b"", kept=True)], target)
    assert (target / "index.html").read_bytes() == b"home 2"
