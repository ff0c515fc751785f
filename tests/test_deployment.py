"""The CI files: GitHub checks pull requests and publishes main to Pages; GitLab does the same with Pages too.

Each check runs on the generator's own files, which publish the example, and on those `new site` writes into an
association's repository (sitegen/content/site_files/), which differ only in how they install the generator.
"""

from __future__ import annotations

import datetime
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from conftest import ROOT
from sitegen.cli import main

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
SITE_FILES = ROOT / "sitegen" / "content" / "site_files"  # a new site's, stored without their leading dot
WORKFLOWS = {"generator": WORKFLOW, "site": SITE_FILES / "github" / "workflows" / "site.yml"}
GITLAB_FILES = {"generator": GITLAB, "site": SITE_FILES / "gitlab-ci.yml"}
PINS = {"generator": "pyproject.toml", "site": "requirements.txt"}  # the file that says which generator is installed
BUILD_INPUTS = {"generator": "'content/**', 'sitegen/**', 'pyproject.toml'", "site": "'content/**', 'requirements.txt'"}
SITE_INSTALL = [  # the generator's repository installs itself; a site installs the generator requirements.txt pins
    ("cache-dependency-path: pyproject.toml", "cache-dependency-path: requirements.txt"),
    (f"hashFiles({BUILD_INPUTS['generator']})", f"hashFiles({BUILD_INPUTS['site']})"),
    ("pip install -q -e .", "pip install -q -r requirements.txt"),
    ("recommends fonts-dejavu-core >", "recommends fonts-dejavu-core git >"),  # git fetches a git pin
    ("- pyproject.toml", "- requirements.txt"),
]
PAGES_BASE_URL = "${{ steps.pages.outputs.base_url }}"


def load(path: Path) -> dict[str, Any]:
    """Return a YAML file as plain data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """Return a workflow's `on:`, which YAML 1.1 reads as the key True."""
    return workflow.get("on", workflow.get(True))


def steps(job: dict[str, Any], uses: str | None = None) -> list[dict[str, Any]]:
    """Return a job's steps, or only those using an action (`actions/cache`), whatever its version."""
    return [s for s in job["steps"] if uses is None or s.get("uses", "").split("@")[0] == uses]


def step_running(job: dict[str, Any], command: str) -> dict[str, Any]:
    """Return the one step whose `run:` holds this command."""
    (found,) = [s for s in job["steps"] if command in s.get("run", "")]
    return found


def sitegen_commands(script: str) -> list[list[str]]:
    """Return the arguments of every `generate.py` command in a shell script."""
    commands = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        if "generate.py" in words:
            commands.append(words[words.index("generate.py") + 1 :])
    return commands


def expand(words: list[str], env: dict[str, str]) -> list[str]:
    """Replace $NAME and ${NAME} in each word by its value in env, as the shell would inside double quotes."""
    pattern = re.compile(r"\$(\w+)|\$\{(\w+)\}")
    return [pattern.sub(lambda m: env[m.group(1) or m.group(2)], word) for word in words]


def parsed(words: list[str]) -> click.Context:
    """Parse a sitegen command line as the real CLI does, without running it; raise on an unknown option."""
    command = main.commands[words[0]]
    return command.make_context(words[0], list(words[1:]))


def option(words: list[str], name: str) -> str:
    """Return the value given to an option in a command line."""
    return words[words.index(name) + 1]


def validate_with_builtin_schema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    """Validate a file with a schema that check-jsonschema ships inside its package (read from disk, not fetched)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module", params=["generator", "site"])
def repository(request: pytest.FixtureRequest) -> str:
    """Return whose CI files a test reads: the generator's own, or those of a site `new site` starts."""
    return str(request.param)


@pytest.fixture(scope="module")
def workflow(repository: str) -> dict[str, Any]:
    """Return .github/workflows/site.yml."""
    return load(WORKFLOWS[repository])


@pytest.fixture(scope="module")
def gitlab(repository: str) -> dict[str, Any]:
    """Return .gitlab-ci.yml."""
    return load(GITLAB_FILES[repository])


def without_comments(path: Path) -> list[str]:
    """Return a CI file's lines without its comments, which each repository words for its readers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("  # ")[0].rstrip() for line in lines if not line.lstrip().startswith("#")]


@pytest.mark.parametrize("files", [WORKFLOWS, GITLAB_FILES], ids=["github", "gitlab"])
def test_a_sites_ci_files_are_the_generators_but_for_how_they_install_it(files):
    generator, site = without_comments(files["generator"]), without_comments(files["site"])
    installed = []
    for old, new in SITE_INSTALL:
        installed += [n for n, line in enumerate(generator) if old in line]
        generator = [line.replace(old, new) for line in generator]
    assert installed, "the site's files install the generator otherwise"
    assert "\n".join(site) == "\n".join(generator)


# GitHub Actions


@pytest.mark.parametrize("path", WORKFLOWS.values(), ids=WORKFLOWS)
def test_github_workflow_matches_the_published_workflow_schema(path):
    result = validate_with_builtin_schema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_on_every_pull_request_on_pushes_to_main_by_hand_and_every_day(workflow):
    on = triggers(workflow)
    assert set(on) == {"pull_request", "push", "workflow_dispatch", "schedule"}
    (daily,) = on["schedule"]
    minute, hour, *every = daily["cron"].split()
    assert every == ["*", "*", "*"] and 0 <= int(hour) < 24 and 0 <= int(minute) < 60
    assert on["pull_request"] is None  # no branch filter: a pull request into any branch is checked
    assert on["push"] == {"branches": ["main"]}


def test_workflow_token_can_only_read_the_repository_unless_a_job_says_more(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["check"]


def test_every_action_is_pinned_to_a_major_version_tag(workflow):
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses
    for action in uses:
        assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


@pytest.mark.parametrize("job", ["check", "deploy"])
def test_each_job_installs_python_3_11_with_pip_downloads_cached_on_what_pins_the_generator(workflow, repository, job):
    (setup,) = steps(workflow["jobs"][job], "actions/setup-python")
    assert setup["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": PINS[repository]}
    assert step_running(workflow["jobs"][job], "make .venv/.installed")


@pytest.mark.parametrize("job", ["check", "deploy"])
def test_each_job_keeps_its_cache_saved_anew_whenever_content_theme_or_dependencies_change_and_every_day(
    workflow, repository, job
):
    (cache,) = steps(workflow["jobs"][job], "actions/cache")
    assert cache["with"]["path"] == ".cache"
    prefix = "${{ github.job }}-${{ runner.os }}-"
    assert cache["with"]["key"] == prefix + "${{ steps.cache-key.outputs.key }}"
    assert cache["with"]["restore-keys"] == prefix  # the newest cache of the same job, when none matches
    named = workflow["jobs"][job]["steps"][workflow["jobs"][job]["steps"].index(cache) - 1]
    assert named["id"] == "cache-key"
    assert named["env"] == {"INPUTS": f"${{{{ hashFiles({BUILD_INPUTS[repository]}) }}}}"}
    command = sitegen_commands(step_running(workflow["jobs"][job], "generate.py")["run"])[0]
    assert str(parsed(expand(command, {"BASE_URL": "https://u.github.io/r"})).params["cache"]) == ".cache"


def test_check_job_runs_on_every_event_and_reports_problems_as_github_annotations(workflow):
    check = workflow["jobs"]["check"]
    assert "if" not in check and "needs" not in check
    assert check["runs-on"] == "ubuntu-latest"
    (command,) = sitegen_commands(step_running(check, "generate.py check")["run"])
    assert command == ["check", "--format", "github"]
    assert parsed(command).params["style"] == "github"


def test_deploy_job_runs_after_the_check_and_only_on_main(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    assert "pull_request" not in deploy["if"]
    assert "github.event_name == 'schedule'" in deploy["if"], "the daily run publishes, so seasons open and close"


def test_deploy_job_may_publish_to_pages_and_delete_caches_and_nothing_else(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write", "actions": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_deploys_wait_for_each_other_and_are_never_cancelled_halfway(workflow):
    assert workflow["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_builds_for_the_pages_address_with_a_trailing_slash(workflow):
    deploy = workflow["jobs"]["deploy"]
    (configure,) = steps(deploy, "actions/configure-pages")
    assert configure["id"] == "pages"
    build = step_running(deploy, "generate.py build")
    (command,) = sitegen_commands(build["run"])
    assert option(expand(command, build.get("env", {})), "--base-url") == PAGES_BASE_URL + "/"
    assert parsed(expand(command, {"BASE_URL": "https://user.github.io/repo"})).params["base_url"] == (
        "https://user.github.io/repo/"
    )


def test_deploy_configures_builds_uploads_output_deploys_and_then_deletes_older_caches_in_that_order(workflow):
    deploy = workflow["jobs"]["deploy"]
    order = [step.get("uses", "").split("@")[0] or step["run"].split()[0] for step in deploy["steps"]]
    assert order[-5:] == [
        "actions/configure-pages",
        ".venv/bin/python",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "gh",
    ]
    (upload,) = steps(deploy, "actions/upload-pages-artifact")
    (command,) = sitegen_commands(step_running(deploy, "generate.py build")["run"])
    built_into = parsed(expand(command, {"BASE_URL": "https://user.github.io/repo"})).params["output"]
    assert upload["with"] == {"path": str(built_into)} == {"path": "output"}
    (deploy_step,) = steps(deploy, "actions/deploy-pages")
    assert deploy_step["id"] == "deployment"


def run_step(step: dict[str, Any], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a step's script as GitHub's runners do (bash -eo pipefail), with a `gh` that lists and deletes caches.

    The fake gh answers `gh cache list` with the lines of tmp_path/caches and appends the
    key of each `gh cache delete` to tmp_path/deleted.
    """
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text(
        '#!/bin/bash\nif [ "$2" = list ]; then cat "$CACHES"; else echo "$3" >> "$DELETED"; fi\n', encoding="utf-8"
    )
    fake.chmod(0o755)
    paths = {"PATH": f"{fake.parent}:/usr/bin:/bin", "CACHES": str(tmp_path / "caches")}
    paths["DELETED"] = str(tmp_path / "deleted")
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
    return subprocess.run(command, env={**env, **paths}, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("job", ["check", "deploy"])
def test_the_cache_is_named_by_the_build_inputs_digest_and_the_day(workflow, job, tmp_path):
    (named,) = [step for step in workflow["jobs"][job]["steps"] if step.get("id") == "cache-key"]
    (tmp_path / "caches").touch()
    result = run_step(named, {"INPUTS": "3f2a9c", "GITHUB_OUTPUT": str(tmp_path / "output")}, tmp_path)
    assert result.returncode == 0, result.stderr
    day = datetime.datetime.now(datetime.UTC).date().isoformat()  # the runners' clock: UTC
    assert (tmp_path / "output").read_text() == f"key=3f2a9c-{day}\n"


def test_after_deploying_every_cache_of_an_earlier_run_is_deleted_and_this_runs_kept(workflow, tmp_path):
    deletion = workflow["jobs"]["deploy"]["steps"][-1]
    assert deletion["env"]["KEEP"] == "${{ steps.cache-key.outputs.key }}"
    assert deletion["env"]["GH_TOKEN"] == "${{ github.token }}"
    caches = ["deploy-Linux-aaa-2027-01-02", "check-Linux-aaa-2027-01-02", "deploy-Linux-aaa-2027-01-01",
              "check-Linux-bbb-2027-01-02", "deploy-Linux-9f8e7d", "check-Linux-9f8e7d", "check-Linux-9f8e7d",
              "setup-python-Linux-x64-pip-123", "other-aaa-2027-01-02"]  # fmt: skip
    (tmp_path / "caches").write_text("\n".join(caches) + "\n", encoding="utf-8")
    result = run_step(deletion, {"KEEP": "aaa-2027-01-02"}, tmp_path)
    assert result.returncode == 0, result.stderr
    deleted = (tmp_path / "deleted").read_text(encoding="utf-8").split()
    assert deleted == ["check-Linux-9f8e7d", "check-Linux-bbb-2027-01-02", "deploy-Linux-9f8e7d",
                       "deploy-Linux-aaa-2027-01-01"]  # fmt: skip


# GitLab CI


@pytest.mark.parametrize("path", GITLAB_FILES.values(), ids=GITLAB_FILES)
def test_gitlab_ci_matches_the_published_gitlab_ci_schema(path):
    result = validate_with_builtin_schema("vendor.gitlab-ci", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_runs_a_check_stage_then_a_deploy_stage_in_python_3_11(gitlab):
    assert gitlab["stages"] == ["check", "deploy"]
    assert gitlab["default"]["image"] == "python:3.11-slim"
    assert (gitlab["check"]["stage"], gitlab["pages"]["stage"]) == ("check", "deploy")


def test_gitlab_checks_merge_requests_and_main_in_plain_text(gitlab):
    assert gitlab["check"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
        {"if": '$CI_COMMIT_BRANCH == "main"'},
    ]
    (command,) = [c for line in gitlab["check"]["script"] for c in sitegen_commands(line)]
    assert command == ["check"]
    assert parsed(command).params["style"] == "text"


def test_gitlab_pages_job_publishes_the_public_folder_from_main_only(gitlab):
    pages = gitlab["pages"]
    assert pages["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert pages["artifacts"] == {"paths": ["public"]}
    (command,) = [c for line in pages["script"] for c in sitegen_commands(line)]
    assert option(command, "--output") == "public"
    assert option(command, "--base-url") == "$CI_PAGES_URL/"
    context = parsed(expand(command, {"CI_PAGES_URL": "https://group.gitlab.io/project"}))
    assert str(context.params["output"]) == "public"
    assert context.params["base_url"] == "https://group.gitlab.io/project/"


def test_gitlab_keeps_packages_by_dependencies_and_one_build_cache_per_job_replaced_whole(gitlab, repository):
    packages, built = gitlab["default"]["cache"]
    assert packages == {"key": {"prefix": "packages", "files": [PINS[repository]]}, "paths": [".pip-cache/"]}
    assert built == {"key": "site-$CI_JOB_NAME", "paths": [".cache/"]}  # never an older key's copy left beside it
    for job in ("check", "pages"):
        assert "cache" not in gitlab[job]
        (command,) = [c for line in gitlab[job]["script"] for c in sitegen_commands(line)]
        assert str(parsed(expand(command, {"CI_PAGES_URL": "https://g.gitlab.io/p"})).params["cache"]) == ".cache"
