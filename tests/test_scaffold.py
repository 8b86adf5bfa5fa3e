"""`papershelf init` writes the whole kit (each file checked here), and `init --upgrade` refreshes it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import papershelf
from papershelf.cli import cli
from papershelf.scaffold import MANIFEST, RETIRED, SOURCE_REPOSITORY

sys.path.insert(0, str(Path(__file__).parent))
from test_workflows import linter, load, steps, triggers, write_scopes  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OLD_SCAFFOLD = Path(__file__).parent / "fixtures" / "scaffold-0.1.0"
KIT = [
    ".github/workflows/check.yml", ".github/workflows/pages.yml", ".github/workflows/suggest.yml",
    ".github/workflows/links.yml", ".github/workflows/pr-summary.yml", ".github/ISSUE_TEMPLATE/suggest-paper.yml", ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/dependabot.yml", "CONTRIBUTING.md", ".pre-commit-config.yaml", "requirements.txt",
]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kit") / "shelf"
    result = invoke("init", str(root), "--name", "Kit shelf")
    assert result.exit_code == 0, result.output
    return root


def runs(workflow: dict, job: str | None = None) -> str:
    return "\n".join(step.get("run", "") for job_id, step in steps(workflow) if job in (None, job_id))


def test_init_writes_every_kit_file(kit):
    for relative in KIT:
        assert (kit / relative).is_file(), relative
    manifest = json.loads((kit / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["papershelf"] == papershelf.__version__
    assert sorted(manifest["kit"]) == sorted(KIT)
    for relative, digest in manifest["kit"].items():
        assert hashlib.sha256((kit / relative).read_bytes()).hexdigest() == digest


def test_papershelf_is_pinned_to_the_release_that_wrote_the_scaffold(kit):
    lines = [line for line in (kit / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines == [f"papershelf=={papershelf.__version__}"]
    for path in (kit / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "pip install papershelf" not in text
        if "pip install" in text:  # the summary installs the default branch's pin, checked out into base/
            assert ("python -I -m pip install -r requirements.txt" in text  # -I: no pip/ of the checkout is imported
                    or "python -I -m pip install -r base/requirements.txt" in text), path.name


def test_check_workflow_validates_as_annotations_builds_strict_checks_links_and_summarizes(kit):
    workflow = load(kit / ".github/workflows/check.yml")
    assert {"push", "pull_request"} == triggers(workflow)
    commands = runs(workflow, "check")
    assert "papershelf validate --format github" in commands
    assert "papershelf build --strict" in commands
    assert 'papershelf links "$RUNNER_TEMP/site" --format github' in commands
    assert "summary" not in workflow["jobs"]  # pr-summary.yml, from the default branch's code only
    summary = load(kit / ".github/workflows/pr-summary.yml")
    assert '--summary "$GITHUB_STEP_SUMMARY"' in runs(summary, "summary")
    assert all(write_scopes(job.get("permissions")) == set() for job in workflow["jobs"].values())


def test_pages_workflow_builds_then_deploys_from_main(kit):
    workflow = load(kit / ".github/workflows/pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert write_scopes(jobs["build"]["permissions"]) == set()
    assert write_scopes(jobs["deploy"]["permissions"]) == {"pages", "id-token"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert "papershelf validate --format github" in runs(workflow, "build")


def test_suggestion_workflow_starts_only_from_the_add_paper_label(kit):
    text = (kit / ".github/workflows/suggest.yml").read_text(encoding="utf-8")
    workflow = load(kit / ".github/workflows/suggest.yml")
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["add-paper"]
    assert job["if"] == "github.event.label.name == 'add-paper'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert write_scopes(workflow["permissions"]) == set()
    # issue text reaches papershelf only through the event file: never an expression, never the shell
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text
    assert 'papershelf suggest --github-event "$GITHUB_EVENT_PATH"' in runs(workflow)
    assert "gh pr create" in runs(workflow) and "gh issue comment" in runs(workflow)
    form = yaml.safe_load((kit / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text(encoding="utf-8"))
    assert "add-paper" not in form["labels"], "the form's own label would let anyone start the workflow"


def test_link_rot_workflow_runs_weekly_and_may_only_write_issues(kit):
    workflow = load(kit / ".github/workflows/links.yml")
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")
    job = workflow["jobs"]["external-links"]
    assert write_scopes(job["permissions"]) == {"issues"}
    assert "papershelf links --external --update-issue" in runs(workflow)


def test_issue_form_pr_template_contributing_dependabot(kit):
    form = yaml.safe_load((kit / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if item.get("id")}
    assert set(fields) == {"paper", "topics", "why"}
    assert all(field["validations"]["required"] for field in fields.values())
    template = (kit / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Why it belongs in the collection" in template and "papershelf validate" in template
    contributing = (kit / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for phrase in ("papershelf add", "papershelf serve", "add-paper", "papershelf suggest --issue-body",
                   "papershelf links --external", "papershelf init --upgrade", "pre-commit install"):
        assert phrase in contributing, phrase
    dependabot = yaml.safe_load((kit / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in dependabot["updates"]} == {"github-actions", "pip"}


def test_pre_commit_config_uses_this_repositorys_hook_at_this_release(kit):
    config = yaml.safe_load((kit / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert repo["repo"] == SOURCE_REPOSITORY
    assert repo["rev"] == f"v{papershelf.__version__}"  # the tag the release workflow publishes from
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in hooks]


def test_the_kit_is_clean_under_zizmor_pedantic_and_actionlint(kit):
    zizmor = subprocess.run([linter("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", ".github"],
                            cwd=kit, capture_output=True, text=True, timeout=300)
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    assert "No findings" in zizmor.stdout + zizmor.stderr
    workflows = sorted(str(p.relative_to(kit)) for p in (kit / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 5
    lint = subprocess.run([linter("actionlint"), *workflows], cwd=kit, capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.fixture
def old_collection(tmp_path) -> Path:
    """A collection `papershelf init` 0.1.0 made, with a paper and edits to its content."""
    root = tmp_path / "old"
    shutil.copytree(OLD_SCAFFOLD, root, ignore=shutil.ignore_patterns("NOTE.md"))
    (root / "papers").mkdir()
    (root / "papers" / "one.md").write_text(
        "---\ntitle: One\nauthors: [Ada Lovelace]\ndate: '2024-01-01'\ntopics: [example-topic]\n---\n\nAbstract.\n",
        encoding="utf-8")
    (root / "topics.yml").write_text((root / "topics.yml").read_text() + "# our own comment\n", encoding="utf-8")
    return root


def snapshot(root: Path, exclude: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith(exclude)}


def test_upgrade_brings_an_old_collection_the_kit_and_leaves_its_content_alone(old_collection):
    assert hashlib.sha256((old_collection / ".github/workflows/site.yml").read_bytes()).hexdigest() \
        in RETIRED[".github/workflows/site.yml"]
    content = snapshot(old_collection, (".github/",))
    result = invoke("init", "--upgrade", str(old_collection))
    assert result.exit_code == 0, result.output
    for relative in KIT:
        assert f"created {relative}" in result.output
        assert (old_collection / relative).is_file()
    assert "removed .github/workflows/site.yml (no longer part of the kit)" in result.output
    assert not (old_collection / ".github/workflows/site.yml").exists()
    after = snapshot(old_collection, (".github/",))
    assert {path: data for path, data in after.items() if path in content} == content  # papers, topics, README…
    again = invoke("init", "--upgrade", str(old_collection))
    assert again.exit_code == 0 and "11 kit files already current" in again.output


def test_an_edited_kit_file_is_kept_with_its_diff_unless_forced(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    check = root / ".github/workflows/check.yml"
    mine = check.read_text(encoding="utf-8").replace("timeout-minutes: 20", "timeout-minutes: 45")
    check.write_text(mine, encoding="utf-8")
    # an unedited file from an older release: the manifest records the hash of what that release wrote
    contributing = root / "CONTRIBUTING.md"
    contributing.write_text("# Contributing (older release)\n", encoding="utf-8")
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    manifest["kit"]["CONTRIBUTING.md"] = hashlib.sha256(b"# Contributing (older release)\n").hexdigest()
    (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    dry = invoke("init", "--upgrade", "--dry-run", str(root))
    assert "would update CONTRIBUTING.md" in dry.output
    assert contributing.read_text(encoding="utf-8") == "# Contributing (older release)\n"

    result = invoke("init", "--upgrade", str(root))
    assert result.exit_code == 1
    assert "kept .github/workflows/check.yml: you edited it" in result.output
    assert "-    timeout-minutes: 45" in result.output and "+    timeout-minutes: 20" in result.output
    assert check.read_text(encoding="utf-8") == mine
    assert "updated CONTRIBUTING.md" in result.output
    assert contributing.read_text(encoding="utf-8") == (kit / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # still seen as edited next time
    assert invoke("init", "--upgrade", str(root)).exit_code == 1

    forced = invoke("init", "--upgrade", "--force", str(root))
    assert forced.exit_code == 0 and "updated .github/workflows/check.yml" in forced.output
    assert check.read_bytes() == (kit / ".github/workflows/check.yml").read_bytes()


def test_upgrade_moves_the_pin_and_keeps_other_requirements(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    (root / "requirements.txt").write_text(
        "# ours\npapershelf==0.0.9  # pinned\nmkdocs-glightbox>=0.4\n", encoding="utf-8")
    result = invoke("init", "--upgrade", str(root))
    assert result.exit_code == 0 and "updated requirements.txt" in result.output
    assert (root / "requirements.txt").read_text(encoding="utf-8") == (
        f"# ours\npapershelf=={papershelf.__version__}  # pinned\nmkdocs-glightbox>=0.4\n")


def test_upgrade_outside_a_collection_and_init_into_a_used_folder_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["init", "--upgrade", str(tmp_path)])
    assert result.exit_code == 2 and "is not a papershelf collection" in result.output
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "x").write_text("mine")
    used = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert used.exit_code == 2 and "init --upgrade" in used.output
