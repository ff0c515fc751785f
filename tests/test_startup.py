"""What a build imports: only what it needs, so a rebuild after one edit starts quickly.

Each build runs `generate.py` in a process of its own, as a volunteer runs it, and
reports the modules that process loaded: the checks' patterns (0.1 s to import), the
QR code library and the browser editor's modules are loaded only by what needs them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMIR_MD, SITE_YAML

# Runs generate.py as its own script would, then writes the names of the modules loaded to the file argv[1].
# On one core, as a small machine has it: every job then runs in this process, so it loads all a build needs.
PROBE = """
import json, os, runpy, sys
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
report, sys.argv = sys.argv[1], [sys.argv[2], *sys.argv[3:]]
sys.path[0] = os.path.dirname(sys.argv[0])  # as `python generate.py` has it
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as end:
    assert not end.code, end.code
with open(report, "w") as file:
    json.dump(sorted(sys.modules), file)
"""
CHECKS = "sitegen.checks"
EDITOR = "sitegen.editor"
QR = "segno"
LIBRARIES = ("jinja2", "markdown", "babel", "PIL", "yaml")  # what renders pages, read by no build with nothing to do


def loaded(tmp_path: Path, *arguments: str) -> set[str]:
    """Run generate.py with these arguments in tmp_path; return the modules its process loaded."""
    report = tmp_path / "modules.json"
    command = [sys.executable, "-c", PROBE, str(report), str(ROOT / "generate.py"), *arguments]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    return set(json.loads(report.read_text()))


def among(modules: set[str], package: str) -> set[str]:
    """Return the modules of a package (or the package itself) that were loaded."""
    return {name for name in modules if name == package or name.startswith(package + ".")}


def test_a_rebuild_after_one_edit_loads_neither_the_checks_nor_the_qr_codes_nor_the_editor(make_site, tmp_path):
    content = make_site()
    first = loaded(tmp_path, "build", "-q", "--content", str(content))
    assert among(first, QR), "the first build makes the posters' QR codes"
    (content / "testimonies/samir.md").write_text(SAMIR_MD.replace("tout l'hiver", "tout l'hiver 2020"))
    again = loaded(tmp_path, "build", "-q", "--content", str(content))
    assert "tout l'hiver 2020" in (tmp_path / "output/testimonies/samir/index.html").read_text(encoding="utf-8")
    assert among(again, "sitegen.build") and among(again, "jinja2"), "it rendered the testimony's pages"
    assert not among(first | again, CHECKS), "only check warns"
    assert not among(again, QR), "the QR codes were kept from the previous build"
    assert not among(again, "http.client"), "no request is made: only the QR codes' library loads the HTTP client"
    assert not among(first | again, EDITOR), "site.yaml says nothing of editing"


def test_a_rebuild_with_nothing_changed_loads_no_library_that_renders(make_site, tmp_path):
    content = make_site()
    loaded(tmp_path, "build", "-q", "--content", str(content))
    again = loaded(tmp_path, "build", "--content", str(content))
    assert not {library for library in LIBRARIES if among(again, library)}
    assert not among(again, "sitegen.build")


def test_check_and_a_site_edited_in_the_browser_load_what_they_need(make_site, tmp_path):
    content = make_site({"site.yaml": SITE_YAML + "editing:\n  host: github\n  repository: asso/site\n"})
    built = loaded(tmp_path, "build", "-q", "--content", str(content))
    assert (tmp_path / "output/admin/index.html").exists()
    assert among(built, EDITOR)
    checked = loaded(tmp_path, "check", "-q", "--content", str(content))
    assert {"sitegen.checks.identifying", "sitegen.checks.places"} <= among(checked, CHECKS)
