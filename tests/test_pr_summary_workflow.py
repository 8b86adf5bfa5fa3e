"""The kit's pull request summary, run as GitHub runs it, against a pull request that attacks it.

GitHub runs a `pull_request_target` workflow from the BASE branch's copy of the file, in a checkout of the
base branch. This test does the same with real git repositories: the workflow file is read from the base
commit, `actions/checkout` is a clone of the base commit, every `run:` step runs in bash with the
environment GitHub gives it, and `refs/pull/1/head` holds a malicious pull request that shadows the
papershelf module (and MkDocs), edits the workflow, and points requirements.txt at its own package.
The one step not run as written is `pip install`: the test checks it installs the base's requirements,
and installs this tree's papershelf in a virtual environment in its place (no network in tests).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_pr_comment import serve_comments
from test_workflows import load, triggers

REPO = Path(__file__).resolve().parents[1]
KIT = REPO / "src/papershelf/scaffold"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
}
PAPER = """---
title: {title}
authors:
  - Ada Lovelace
date: "2024-01-02"
topics:
  - interpretability
---

An abstract.
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV}).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def attack_files(marker: Path) -> dict[str, str]:
    """A pull request that would write its own summary if any of its code ran."""
    payload = (f"import pathlib, os\npathlib.Path({str(marker)!r}).write_text('pwned')\n"
               "summary = os.environ.get('GITHUB_STEP_SUMMARY')\n"
               "if summary: open(summary, 'a').write('No paper was added, changed or removed.')\n")
    return {
        "papershelf/__init__.py": payload,
        "papershelf/__main__.py": payload,
        "papershelf/cli.py": payload + "def main():\n    pass\n",
        "mkdocs/__init__.py": payload,
        "mkdocs/__main__.py": payload,
        "requirements.txt": "papershelf @ file:./tools/fork\n",
        "tools/fork/setup.py": payload + "from setuptools import setup\nsetup(name='papershelf')\n",
        ".github/workflows/pr-summary.yml": (
            "name: Pull request summary\non: pull_request_target\npermissions: {}\njobs:\n  summary:\n"
            "    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: echo 'Nothing to review' >> \"$GITHUB_STEP_SUMMARY\"\n"),
        "papers/a-new-paper.md": PAPER.format(title="A New Paper"),
    }


@pytest.fixture
def origin(tmp_path) -> Path:
    """The repository on GitHub: `main` is a kit collection; refs/pull/1/head is the attacking pull request."""
    root = tmp_path / "origin"
    write(root, {
        ".github/workflows/pr-summary.yml": (KIT / ".github/workflows/pr-summary.yml").read_text(encoding="utf-8"),
        ".github/workflows/check.yml": (KIT / ".github/workflows/check.yml").read_text(encoding="utf-8"),
        "requirements.txt": "papershelf==0.1.0\n",
        "mkdocs.yml": "site_name: Shelf\nplugins: [papershelf]\n",
        "topics.yml": "- id: interpretability\n  title: Interpretability\n  description: What models compute.\n",
        "papers/probing.md": PAPER.format(title="Probing Classifiers"),
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "attack")
    write(root, attack_files(tmp_path / "pwned"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Fixes #1: add a paper")
    git(root, "update-ref", "refs/pull/1/head", "attack")
    git(root, "checkout", "-q", "main")
    git(root, "branch", "-D", "attack")
    return root


def expand(text: str, context: dict[str, str]) -> str:
    """`${{ expr }}` as GitHub fills it in, for the expressions the workflow uses."""
    def value(match: re.Match) -> str:
        expression = match[1].strip()
        assert expression in context, f"the test does not know {expression!r}"
        return context[expression]
    return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))


def papershelf_venv(tmp_path: Path) -> Path:
    """This tree's papershelf, where `pip install` would have put a release: a venv whose .pth names src/."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python3*/site-packages"))
    (site / "0-papershelf-dev.pth").write_text(f"{REPO / 'src'}\n{REPO / 'plugins'}\n", encoding="utf-8")
    return venv / "bin"


def run_as_github(origin: Path, tmp_path: Path, api_url: str = "http://127.0.0.1:9") -> tuple[Path, list[str]]:
    """Run the jobs of the BASE branch's pr-summary.yml, each on a runner of its own, the comment job talking to
    the GitHub API at `api_url`; the step summary file and each step's command."""
    base_sha = git(origin, "rev-parse", "main").strip()
    head_sha = git(origin, "rev-parse", "refs/pull/1/head").strip()
    workflow = yaml.safe_load(git(origin, "show", "main:.github/workflows/pr-summary.yml"))
    artifacts = tmp_path / "artifacts"  # what upload-artifact keeps for a later job of the run
    summary = tmp_path / "step-summary.md"
    commands: list[str] = []
    for job_id in workflow["jobs"]:
        runner = tmp_path / job_id
        commands += run_job(origin, workflow, job_id, runner, artifacts, {
            "github.event.pull_request.number": "1", "github.event.pull_request.head.sha": head_sha,
            "github.event.pull_request.base.sha": base_sha, "github.token": "the-job-token",
            "runner.temp": str(runner / "runner-temp"), "github.server_url": "https://github.com",
            "github.repository": "owner/shelf", "github.run_id": "42"},
            {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_REPOSITORY": "owner/shelf", "GITHUB_API_URL": api_url})
    return summary, commands


def run_job(origin: Path, workflow: dict, job_id: str, runner: Path, artifacts: Path, context: dict[str, str],
            github_env: dict[str, str]) -> list[str]:
    """Run one job's steps as a runner does (checkout as a clone of the base commit, artifacts as a folder);
    each step's command."""
    workspace, runner_temp = runner / "work", runner / "runner-temp"
    workspace.mkdir(parents=True)
    runner_temp.mkdir()
    base_sha = context["github.event.pull_request.base.sha"]
    env = {"PATH": f"{papershelf_venv(runner)}{os.pathsep}{os.environ['PATH']}", "HOME": str(runner),
           "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(runner_temp),
           "GITHUB_EVENT_NAME": "pull_request_target", **github_env, **GIT_ENV}
    env.update({key: expand(value, context) for key, value in workflow.get("env", {}).items()})
    commands = []
    for step in workflow["jobs"][job_id]["steps"]:
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            options = step.get("with", {})
            assert "ref" not in options and "repository" not in options  # the base branch, as GitHub checks it out
            target = workspace / options.get("path", ".")
            subprocess.run(["git", "clone", "-q", "--no-checkout", str(origin), str(target)], check=True, env=env)
            git(target, "checkout", "-q", base_sha)
        elif uses.startswith("actions/setup-python@"):
            continue
        elif uses.startswith("actions/upload-artifact@"):
            kept = artifacts / step["with"]["name"]
            kept.mkdir(parents=True)
            source = Path(expand(step["with"]["path"], context))
            (kept / source.name).write_bytes(source.read_bytes())
        elif uses.startswith("actions/download-artifact@"):
            target = Path(expand(step["with"]["path"], context))
            target.mkdir(parents=True)
            for kept in (artifacts / step["with"]["name"]).iterdir():
                (target / kept.name).write_bytes(kept.read_bytes())
        elif "pip install" in step["run"]:
            assert "-r base/requirements.txt" in step["run"]
            assert (workspace / "base/requirements.txt").read_text(encoding="utf-8") == "papershelf==0.1.0\n"
            commands.append(step["run"])
        else:
            command = expand(step["run"], context)
            commands.append(command)
            cwd = expand(step.get("working-directory", str(workspace)), context)
            step_env = {**env, **{key: expand(value, context) for key, value in step.get("env", {}).items()}}
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd,
                                    env=step_env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, f"{step.get('name')}: {result.stdout}{result.stderr}"
    return commands


def test_the_summary_job_runs_the_base_branchs_file_and_code_only(origin, tmp_path):
    assert triggers(load(KIT / ".github/workflows/pr-summary.yml")) == {"pull_request_target"}
    with serve_comments() as (comments, api_url):
        summary, commands = run_as_github(origin, tmp_path, api_url)
    text = summary.read_text(encoding="utf-8")
    # the comment job posted the same summary on the pull request, as one comment that names the run
    [posted] = comments["posted"]
    assert posted["issue"] == 1 and posted["body"].startswith("<!-- papershelf pr-summary -->")
    assert text.strip() in posted["body"]
    assert "https://github.com/owner/shelf/actions/runs/42" in posted["body"]
    assert comments["tokens"] == {"Bearer the-job-token"}
    assert not (tmp_path / "pwned").exists()  # no file of the pull request ran
    assert "Nothing to review" not in text  # the pull request's copy of the workflow did not run
    assert "No paper was added" not in text
    assert "A New Paper" in text and "**Added** (1)" in text
    flags = text[text.index("### Flagged for a maintainer"):text.index("## Papers in this pull request")]
    for path, what in ((".github/workflows/pr-summary.yml", "changes a GitHub workflow"),
                       ("requirements.txt", "changes what is installed"),
                       ("papershelf/__init__.py", "adds code"), ("mkdocs/__main__.py", "adds code"),
                       ("tools/fork/setup.py", "adds what is installed")):
        assert re.search(rf"- `{re.escape(path)}` {what}", flags), (path, flags)
    assert text.index("### Flagged for a maintainer") < text.index("## Papers in this pull request")
    # The pull request's files never reached the working tree: it was fetched into a ref, read as objects.
    assert not (tmp_path / "work/base/papershelf").exists() and not (tmp_path / "work/base/mkdocs").exists()
    summarize = next(command for command in commands if "pr-summary" in command)
    assert summarize.startswith("python -I -m papershelf pr-summary")
    assert commands[-1].startswith("python -I -m papershelf pr-comment")
    assert not (tmp_path / "comment/work/base/papers/a-new-paper.md").exists()  # the base's checkout, not the PR's


def test_the_attack_does_run_where_the_pull_request_is_checked_out(origin, tmp_path):
    """What the old job did (PR checkout as the current folder, `python -m`): the same pull request runs its code.
    Shows the attack above is real, so the test above can fail."""
    checkout = tmp_path / "pr-checkout"
    subprocess.run(["git", "clone", "-q", str(origin), str(checkout)], check=True)
    git(checkout, "fetch", "-q", "origin", "refs/pull/1/head")
    git(checkout, "checkout", "-q", "FETCH_HEAD")
    subprocess.run([sys.executable, "-m", "papershelf", "--help"], cwd=checkout, capture_output=True, timeout=60)
    assert (tmp_path / "pwned").exists()


def test_the_isolated_interpreter_ignores_the_current_folder(origin, tmp_path):
    checkout = tmp_path / "pr-checkout"
    subprocess.run(["git", "clone", "-q", str(origin), str(checkout)], check=True)
    git(checkout, "fetch", "-q", "origin", "refs/pull/1/head")
    git(checkout, "checkout", "-q", "FETCH_HEAD")
    bin_dir = papershelf_venv(tmp_path)
    result = subprocess.run([str(bin_dir / "python"), "-I", "-m", "papershelf", "pr-summary", "--base", "main",
                             "--head", "HEAD"], cwd=checkout, capture_output=True, text=True, timeout=120)
    assert not (tmp_path / "pwned").exists()
    assert result.returncode == 0, result.stderr
    assert "changes what is installed" in result.stdout


@pytest.mark.parametrize("path", [KIT / ".github/workflows/pr-summary.yml", REPO / ".github/workflows/pr-summary.yml"],
                         ids=["kit", "repository"])
def test_the_summary_workflow_checks_out_and_installs_nothing_of_the_pull_request(path):
    workflow = load(path)
    assert triggers(workflow) == {"pull_request_target"}
    text = path.read_text(encoding="utf-8")
    assert "head.ref" not in text and "refs/pull" in text and "merge" not in text.split("jobs:")[1]
    assert workflow["jobs"]["summary"]["permissions"] == {"contents": "read"}
    # the job that can write comments reads nothing of the pull request: no fetch, and its checkout is the base's
    comment = workflow["jobs"]["comment"]
    assert comment["permissions"] == {"pull-requests": "write"} and comment["needs"] == "summary"
    assert not any("fetch" in step.get("run", "") or "pr-summary" in step.get("run", "") for step in comment["steps"])
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "ref" not in step.get("with", {})
            run = step.get("run", "")
            if "python" in run:
                assert run.startswith("python -I -m ")
            if "pip install" in run:
                assert "base/" in run
    assert "pull_request_target" not in triggers(load(path.parent / "check.yml"))


def test_papershelf_build_does_not_import_a_mkdocs_folder_of_the_collection(tmp_path):
    from click.testing import CliRunner

    from papershelf.cli import cli

    root = tmp_path / "shelf"
    write(root, {"mkdocs.yml": "site_name: Shelf\nsite_url: https://example.org/shelf/\nplugins: [papershelf]\n",
                 "topics.yml": "- id: interpretability\n  title: Interpretability\n  description: What models do.\n",
                 "papers/probing.md": PAPER.format(title="Probing Classifiers"),
                 "docs/index.md": "# Shelf\n",
                 "mkdocs/__init__.py": f"open({str(tmp_path / 'pwned')!r}, 'w').write('pwned')\n",
                 "mkdocs/__main__.py": f"open({str(tmp_path / 'pwned')!r}, 'w').write('pwned')\n"})
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", "-d", str(tmp_path / "site")])
    finally:
        os.chdir(cwd)
    assert not (tmp_path / "pwned").exists()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/index.html").exists()
