"""A rebuild writes into the spare (the site before, kept beside output/ with only the files still output/'s own).

The spare is brought up to date in place and swapped in atomically; the site swapped
out becomes the next spare, pruned at once to the files the new site shares. So a
withdrawn testimony leaves no trace beside output/ either, and every rebuild gives
the bytes of a build from nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLE_DAY, SAMIR_MD, TEMPLATES, TENT_YAML, many_testimonies, write_files
from sitegen.build import Options, build
from sitegen.cli import main
from sitegen.output import RECORD
from support import all_bytes


def rebuilt(content: Path, output: Path) -> dict[str, bytes]:
    """Build content into output with the cache beside it; return the bytes of a build from nothing, to compare."""
    build(Options(content, TEMPLATES, output, cache=output.with_name("cache"), today=EXAMPLE_DAY))
    reference = output.with_name("reference")
    shutil.rmtree(reference, ignore_errors=True)
    build(Options(content, TEMPLATES, reference, today=EXAMPLE_DAY))
    return all_bytes(reference)


def spare_of(output: Path) -> Path:
    """Return the spare of an output folder."""
    return output.with_name(f".{output.name}.spare")


def shares_only(spare: Path, site: Path) -> bool:
    """Return True when every file of the spare is the site's file at the same place, the very same file."""
    files = [path for path in spare.rglob("*") if path.is_file() and path.name != RECORD]
    return all(
        (site / path.relative_to(spare)).is_file() and path.samefile(site / path.relative_to(spare)) for path in files
    )


def test_a_rebuild_swaps_in_the_spare_brought_up_to_date(make_site, tmp_path):
    content, output = make_site(many_testimonies(3)), tmp_path / "output"
    rebuilt(content, output)
    write_files(content, {"testimonies/t0001.md": many_testimonies(2)["testimonies/t0001.md"] + "Encore.\n"})
    rebuilt(content, output)
    spare = spare_of(output).stat().st_ino
    write_files(content, {"testimonies/t0002.md": many_testimonies(3)["testimonies/t0002.md"] + "Aussi.\n"})
    reference = rebuilt(content, output)
    assert output.stat().st_ino == spare  # the spare, updated in place, is the site now
    assert all_bytes(output) == reference
    assert shares_only(spare_of(output), output)


def test_every_kind_of_change_through_the_spare_gives_the_bytes_of_a_build_from_nothing(make_site, tmp_path):
    content, output = make_site(many_testimonies(4)), tmp_path / "output"
    changes = [
        {"testimonies/t0001.md": many_testimonies(2)["testimonies/t0001.md"] + "Un mot.\n"},  # edited
        {"testimonies/nour.md": SAMIR_MD.replace("Samir", "Nour")},  # added
        {"testimonies/t0002.md": None},  # deleted
        {"pages/about.md": None, "pages/qui.md": "---\ntitle: Qui sommes-nous\nmenu: 1\n---\nUne association.\n"},
        {"testimonies/t0003.md": None, "testimonies/nour.md": None, "testimonies/t0000.md": None},  # shards shrink
        {},  # nothing: the spare is the site before, whole
    ]
    for files in changes:
        write_files(content, files)
        reference = rebuilt(content, output)
        assert all_bytes(output) == reference, files
        assert shares_only(spare_of(output), output), files


def test_a_withdrawn_testimony_leaves_no_trace_in_the_spare(make_site, tmp_path):
    content, output = make_site(many_testimonies(3)), tmp_path / "output"
    rebuilt(content, output)
    rebuilt(content, output)  # the spare now holds the site before
    samir = (content / "testimonies/samir.md").read_text(encoding="utf-8")
    write_files(content, {"testimonies/samir.md": samir.replace("---\n", "---\nwithdrawn: true\n", 1)})
    rebuilt(content, output)
    kept = [path.read_bytes() for path in spare_of(output).rglob("*") if path.is_file()]
    assert kept, "the spare holds the files the site still shows"
    assert not any(b"Samir" in data or b"samir" in data for data in kept)
    assert not any((spare_of(output) / "testimonies").glob("samir*"))


def test_a_spare_a_killed_build_was_updating_is_removed_and_a_new_folder_written(make_site, tmp_path):
    content, output = make_site(many_testimonies(2)), tmp_path / "output"
    rebuilt(content, output)
    rebuilt(content, output)
    (spare_of(output) / RECORD).unlink()  # as a build killed while updating it leaves it
    (spare_of(output) / "index.html").unlink()  # its own file, not output/'s: a build never writes into a file
    (spare_of(output) / "index.html").write_bytes(b"half-written")
    write_files(content, {"testimonies/t0001.md": None})
    reference = rebuilt(content, output)
    assert all_bytes(output) == reference
    assert shares_only(spare_of(output), output)


def test_a_spare_left_beside_a_site_replaced_since_is_not_written_into(make_site, tmp_path):
    content, output = make_site(many_testimonies(3)), tmp_path / "output"
    rebuilt(content, output)
    rebuilt(content, output)  # a spare of that site
    shutil.rmtree(output)  # removed by hand, or by a script: the next build writes a new folder
    write_files(content, {"items/tente.yaml": TENT_YAML.replace("Tente", "Tente légère", 1)})
    rebuilt(content, output)
    write_files(content, {"testimonies/t0001.md": many_testimonies(2)["testimonies/t0001.md"] + "Encore.\n"})
    reference = rebuilt(content, output)  # the spare there speaks of the site before: it must not be used
    assert all_bytes(output) == reference
    assert shares_only(spare_of(output), output)


def test_clean_removes_the_spare_too(make_site, tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = make_site()
    for _ in range(2):
        assert (
            runner.invoke(main, ["build", "--content", str(content), "--date", EXAMPLE_DAY.isoformat()]).exit_code == 0
        )
    write_files(content, {"testimonies/samir.md": None})
    assert runner.invoke(main, ["build", "--content", str(content), "--date", EXAMPLE_DAY.isoformat()]).exit_code == 0
    assert spare_of(tmp_path / "output").is_dir()
    assert runner.invoke(main, ["clean"]).exit_code == 0
    assert not (tmp_path / "output").exists() and not spare_of(tmp_path / "output").exists()
