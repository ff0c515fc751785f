"""A build that fails at any point, or is killed, leaves the previous output/ complete and unchanged."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, TEMPLATES, many_testimonies
from sitegen.build import Options, build
from sitegen.errors import ContentError
from support import all_bytes


def test_a_template_failing_late_in_the_build_leaves_the_previous_output(make_site, tmp_path):
    content = make_site(many_testimonies(50))
    theme = tmp_path / "theme"
    shutil.copytree(TEMPLATES, theme)
    options = Options(content, theme, tmp_path / "output")
    build(options)
    before = all_bytes(options.output)
    (theme / "page.html").write_text("{% extends 'base.html' %}{% block main %}{{ page.nothing.here }}{% endblock %}")
    with pytest.raises(ContentError):
        build(options)  # page.html is rendered after every item and testimony page
    assert all_bytes(options.output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output", "theme"]


def test_a_build_killed_while_writing_leaves_the_previous_output_and_the_next_build_tidies_up(make_site, tmp_path):
    content = make_site(many_testimonies(400))
    output = tmp_path / "output"
    build(Options(content, TEMPLATES, output))
    before = all_bytes(output)
    make_site({"testimonies/t0000.md": many_testimonies(1)["testimonies/t0000.md"].replace("sec", "chaud")})
    command = [sys.executable, str(ROOT / "generate.py"), "build", "-q", "--content", str(content),
               "--templates", str(TEMPLATES), "--output", str(output)]  # fmt: skip
    process = subprocess.Popen(command, cwd=tmp_path)
    staging = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        staging = next(tmp_path.glob(".output.new-*"), None)
        if staging and sum(1 for _ in staging.rglob("index.html")) >= 100:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build was killed while it was writing"
    assert staging is not None and staging.is_dir(), "it died with a half-written folder beside output/"
    assert all_bytes(output) == before
    subprocess.run(command, cwd=tmp_path, check=True)  # the next build, as a volunteer runs it
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", ".output.spare", "content", "output"]  # no staging
    assert "chaud" in (output / "testimonies/t0000/index.html").read_text()
