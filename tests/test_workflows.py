"""The GitHub workflows are safe by construction, and zizmor and actionlint agree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
WRITE_SCOPES_FOR_PAGES = {"pages", "id-token"}
PINNED_USES = re.compile(r"^\s*-?\s*uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<rest>.*)$")
SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\s*$")
IN_CI = os.environ.get("CI", "").lower() == "true"


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as GitHub reads them: only true/false (PyYAML's 1.1 rules make `on:` True)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def write_scopes(permissions) -> set[str]:
    if permissions in (None, {}):
        return set()
    if isinstance(permissions, str):
        return {"*"} if permissions == "write-all" else set()
    return {scope for scope, level in permissions.items() if level == "write"}


def test_there_are_workflows_for_checks_and_pages():
    names = {path.name for path in WORKFLOWS}
    assert {"check.yml", "pages.yml"} <= names
    assert "pull_request" in triggers(load(REPO / ".github/workflows/check.yml"))
    assert "push" in triggers(load(REPO / ".github/workflows/check.yml"))
    assert {"push", "workflow_dispatch"} <= triggers(load(REPO / ".github/workflows/pages.yml"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target_but_the_summary_that_runs_no_code_of_the_pull_request(path):
    """pr-summary.yml's job is run as GitHub runs it in tests/test_pr_summary_workflow.py."""
    if path.name == "pr-summary.yml":
        assert triggers(load(path)) == {"pull_request_target"}
        return
    assert "pull_request_target" not in triggers(load(path))
    assert "pull_request_target" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_top_level_permissions_grant_nothing_or_read(path):
    workflow = load(path)
    assert "permissions" in workflow, "set top-level `permissions: {}` so jobs start with no rights"
    assert write_scopes(workflow["permissions"]) == set()


# The only jobs that may write, and what: Pages deploys, PyPI trusted publishing, the suggestion
# workflow (branch, pull request, a comment on the issue) and the weekly dead-links issue.
WRITE_SCOPES = {
    ("pages.yml", "deploy"): WRITE_SCOPES_FOR_PAGES,
    ("release.yml", "publish"): {"id-token"},
    ("suggest.yml", "add-paper"): {"contents", "pull-requests", "issues"},
    ("suggest.yml", "labels"): {"issues"},
    ("links.yml", "external-links"): {"issues"},
    ("candidates.yml", "refresh"): {"issues"},
    ("candidates.yml", "add"): {"contents", "pull-requests", "issues"},
    ("pr-summary.yml", "comment"): {"pull-requests"},  # reads nothing of the pull request (test_pr_summary_workflow)
}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_only_the_listed_jobs_may_write_and_only_what_they_need(path):
    for job_id, job in load(path)["jobs"].items():
        scopes = write_scopes(job.get("permissions"))
        assert scopes == WRITE_SCOPES.get((path.name, job_id), set()), f"job {job_id} asks for write access: {scopes}"


def test_release_publishes_from_a_version_tag_with_trusted_publishing_in_its_own_environment():
    workflow = load(REPO / ".github/workflows/release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["needs"] == "build"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert uses[-1].startswith("pypa/gh-action-pypi-publish@") and SHA.match(uses[-1].split("@")[1])
    assert not any("with" in step and "password" in step["with"] for step in publish["steps"])
    build = "\n".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "python -m build" in build and "twine check --strict" in build
    assert "__version__" in build  # the tag must name papershelf.__version__


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*-?\s*uses:", line)]
    assert lines, "a workflow with no actions at all is unexpected here"
    for line in lines:
        match = PINNED_USES.match(line)
        assert match, line
        assert SHA.match(match["ref"]), f"not pinned to a full commit SHA: {line.strip()}"
        assert VERSION_COMMENT.match(match["rest"]), f"no '# vX.Y.Z' comment: {line.strip()}"
    # every `uses:` the YAML parser sees is one of the lines checked above
    parsed = [step["uses"] for _, step in steps(load(path)) if "uses" in step]
    assert len(parsed) == len(lines)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_do_not_keep_the_token(path):
    checkouts = [step for _, step in steps(load(path)) if step.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_concurrency_and_timeouts(path):
    workflow = load(path)
    assert workflow.get("concurrency", {}).get("group")
    for job_id, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60, job_id


def test_pages_builds_then_deploys_with_the_official_actions():
    jobs = load(REPO / ".github/workflows/pages.yml")["jobs"]
    assert set(jobs) == {"build", "deploy"}
    needs = jobs["deploy"]["needs"]
    assert needs == "build" or needs == ["build"]
    build_uses = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"]]
    deploy_uses = [step.get("uses", "").split("@")[0] for step in jobs["deploy"]["steps"]]
    assert "actions/upload-pages-artifact" in build_uses
    assert deploy_uses == ["actions/deploy-pages"]
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert "pages" not in (jobs["build"].get("permissions") or {})


def test_check_workflow_runs_the_checks():
    text = (REPO / ".github/workflows/check.yml").read_text(encoding="utf-8")
    workflow = load(REPO / ".github/workflows/check.yml")
    runs = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "pip install -c constraints.txt -e '.[test]'" in runs
    assert "pytest" in runs
    for step in ("validate", "build", "links", "lint", "properdocs"):
        assert re.search(rf"scripts/check( \w+)* {step}\b", runs), step
    assert workflow["jobs"]["site"]["env"]["FORMAT"] == "github"
    assert "prcheck" not in text and "pr-summary" not in workflow["jobs"]  # the summary is pr-summary.yml's
    summary = load(REPO / ".github/workflows/pr-summary.yml")
    summary_runs = "\n".join(step.get("run", "") for _, step in steps(summary))
    assert "python -I -m papershelf pr-summary" in summary_runs and '"$GITHUB_STEP_SUMMARY"' in summary_runs
    assert "pip install -c base/constraints.txt ./base" in summary_runs


def test_dependabot_watches_actions_and_pip():
    config = load(REPO / ".github/dependabot.yml")
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


def linter(name: str) -> str:
    """The linter's path; absent is a skip on a developer's machine and a failure in CI.

    First the running interpreter's own scripts (zizmor is pip-installed with the test extras), then
    scripts/install-linters' folder (actionlint), then PATH."""
    tools = os.environ.get("PAPERSHELF_TOOLS", str(REPO / ".tools"))
    folders = [sysconfig.get_path("scripts"), str(Path(tools) / "bin"), os.environ.get("PATH", "")]
    found = shutil.which(name, path=os.pathsep.join(folders))
    if found is None:
        if IN_CI:
            pytest.fail(f"{name} is not installed; CI must run scripts/install-linters first")
        pytest.skip(f"{name} is not installed (run scripts/install-linters)")
    return found


def test_zizmor_finds_nothing():
    zizmor = linter("zizmor")
    result = subprocess.run([zizmor, "--offline", "--no-progress", "--persona", "pedantic", str(REPO / ".github")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_actionlint_finds_nothing():
    actionlint = linter("actionlint")
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_do_fail_on_an_unsafe_workflow(tmp_path):
    """The two tests above mean something only if the linters flag what they should."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    bad = workflows / "bad.yml"
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    needs: [missing]\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    zizmor = subprocess.run([linter("zizmor"), "--offline", "--no-progress", str(tmp_path / ".github")],
                            capture_output=True, text=True, timeout=300)
    assert zizmor.returncode != 0
    assert "dangerous-triggers" in zizmor.stdout and "template-injection" in zizmor.stdout
    actionlint = subprocess.run([linter("actionlint"), str(bad)], capture_output=True, text=True, timeout=300,
                                cwd=tmp_path)
    assert actionlint.returncode != 0
    assert 'needs job "missing"' in actionlint.stdout + actionlint.stderr


def test_paper_only_pull_requests_skip_the_test_suite_but_not_validate_build_links():
    jobs = load(REPO / ".github/workflows/check.yml")["jobs"]
    assert jobs["test"]["needs"] == "changes" and jobs["test"]["if"] == "needs.changes.outputs.code == 'true'"
    site_runs = "\n".join(step.get("run", "") for step in jobs["site"]["steps"])
    assert "if" not in jobs["site"] and all(f"scripts/check {step}" in site_runs for step in ("validate", "build", "links"))
    assert "pytest" not in site_runs


def run_filter(repo: Path, event: str, tmp_path: Path) -> str:
    """The `changes` job's filter step, run as GitHub runs it (bash -eo pipefail) on a real git history."""
    [step] = [s for s in load(REPO / ".github/workflows/check.yml")["jobs"]["changes"]["steps"] if s.get("id") == "filter"]
    output = tmp_path / "output.txt"
    output.write_text("", encoding="utf-8")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout
    environment = {**os.environ, "EVENT": event, "BASE_SHA": "main", "HEAD_SHA": head.strip(),
                   "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path)}
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo, check=True,
                   env=environment, capture_output=True, timeout=60)
    return output.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("changed, runs_tests", [
    ({"papers/new.md": "x", "topics.yml": "y", "authors.yml": "z"}, "code=false"),
    ({"papers/new.md": "x", "src/papershelf/cli.py": "y"}, "code=true"),
    ({"papers/nested/new.md": "x"}, "code=true"),
    ({".github/workflows/check.yml": "x"}, "code=true"),
])
def test_the_path_filter_on_a_real_history(tmp_path, changed, runs_tests):
    repo = tmp_path / "repo"
    repo.mkdir()
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, env=git_env, capture_output=True)

    git("init", "-q", "-b", "main")
    (repo / "README.md").write_text("base", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "pr")
    for name, text in changed.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "pr")
    assert run_filter(repo, "pull_request", tmp_path) == runs_tests
    assert run_filter(repo, "push", tmp_path) == "code=true"


@pytest.mark.parametrize("tag_matches", [True, False])
def test_the_release_refuses_a_tag_that_does_not_name_the_version(tag_matches):
    """The release workflow's version step, run as GitHub runs it, on this repository."""
    import papershelf

    [step] = [s for s in load(REPO / ".github/workflows/release.yml")["jobs"]["build"]["steps"]
              if s.get("name") == "The tag names the package's version"]
    tag = f"v{papershelf.__version__}" if tag_matches else "v999.0.0"
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])  # the step's `python`: this one
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=REPO,
                            env={**os.environ, "TAG": tag, "PATH": path}, capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) == tag_matches, result.stdout + result.stderr
    if not tag_matches:
        assert f"::error title=Version mismatch::tag v999.0.0 but papershelf.__version__ is {papershelf.__version__}" \
            in result.stdout


@pytest.mark.parametrize("source, refused", [
    ("https://github.com/example/papershelf", True),
    ("https://github.com/ourlab/papershelf", False),
])
def test_the_release_refuses_placeholder_project_urls(tmp_path, source, refused):
    """The release workflow's URL step, run as GitHub runs it, on a pyproject.toml naming `source`."""
    [step] = [s for s in load(REPO / ".github/workflows/release.yml")["jobs"]["build"]["steps"]
              if s.get("name", "").startswith("The project's URLs are real")]
    (tmp_path / "src").symlink_to(REPO / "src")
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "papershelf"\n[project.urls]\nSource = "{source}"\n', encoding="utf-8")
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path,
                            env={**os.environ, "PATH": path}, capture_output=True, text=True, timeout=60)
    assert (result.returncode != 0) == refused, result.stdout + result.stderr
    if refused:
        assert f"::error file=pyproject.toml,title=Placeholder project URL::Source = {source}" in result.stdout


def test_one_check_run_per_pull_request_and_pip_cached_on_the_lock():
    check = load(REPO / ".github/workflows/check.yml")
    assert check["on"] == {"push": {"branches": ["main"]}, "pull_request": None}
    assert check["concurrency"]["cancel-in-progress"] is True
    for path in WORKFLOWS:
        if path.name in ("release.yml", "pr-summary.yml"):
            continue  # a release, and a job under pull_request_target, use nothing cached (cache poisoning)
        for job_id, step in steps(load(path)):
            if step.get("uses", "").startswith("actions/setup-python@") and job_id != "pr-summary":
                assert step["with"].get("cache") == "pip", (path.name, job_id)
                assert "constraints.txt" in step["with"]["cache-dependency-path"], (path.name, job_id)
