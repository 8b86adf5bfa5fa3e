"""The kit's Candidates workflow (candidates.yml), its shell steps run as GitHub runs them (bash -eo pipefail)
in a real git clone of a local bare origin, with the recorded arXiv / Hugging Face answers served from
127.0.0.1. `gh` cannot reach GitHub here: a stand-in on PATH records its arguments and answers the few
questions the steps ask (the open issue, the labeller's permission); GitHub's API itself is not under test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.watch.issue import read_issue

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "sources"))
from watch_feeds import recorded_feeds  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
STAND_IN_GH = r"""#!/usr/bin/env bash
printf '%s\n' "$@" -- >> "$GH_CALLS"
case "$1 $2" in
  "issue list")
    if [[ " $* " == *" number,body "* ]]; then cat "$GH_OPEN_ISSUES"
    else python3 -c 'import json, sys; found = json.load(open(sys.argv[1])); print(found[0]["number"] if found else "")' "$GH_OPEN_ISSUES"
    fi ;;
  "api repos/example/shelf/collaborators/"*) echo "$GH_PERMISSION" ;;
  "pr create") echo "https://github.com/example/shelf/pull/9" ;;
esac
"""


class Actions:
    """A collection in a clone of a local origin, the workflow's steps, and a runner's environment."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.root = tmp_path / "shelf"
        assert CliRunner().invoke(cli, ["init", str(self.root)]).exit_code == 0
        shutil.rmtree(self.root / "papers")
        shutil.copytree(REPO / "papers", self.root / "papers")
        shutil.copy(REPO / "topics.yml", self.root / "topics.yml")
        config = (self.root / "mkdocs.yml").read_text(encoding="utf-8")
        (self.root / "mkdocs.yml").write_text(config.replace(
            "  - papershelf\n", "  - papershelf:\n      watch:\n        arxiv: [cs.SE]\n        query: testing\n"
            "        arxiv_limit: 10\n        limit: 8\n"), encoding="utf-8")
        workflow = yaml.safe_load((self.root / ".github/workflows/candidates.yml").read_text(encoding="utf-8"))
        self.steps = {job: {step.get("name") or step.get("uses"): step for step in spec["steps"]}
                      for job, spec in workflow["jobs"].items()}
        self.origin = tmp_path / "origin.git"
        self.sh(f"git init -q --bare -b main {self.origin}", tmp_path)
        self.sh(f"git init -q -b main && git add -A && git commit -qm init && git remote add origin {self.origin} "
                "&& git push -q origin main", self.root)
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(STAND_IN_GH, encoding="utf-8")
        (bin_dir / "gh").chmod(0o755)
        self.calls, self.open_issues, self.runner_temp = tmp_path / "gh-calls.txt", tmp_path / "open.json", tmp_path / "runner"
        self.runner_temp.mkdir()
        self.open_issues.write_text("[]", encoding="utf-8")
        self.env = {**os.environ, **GIT_ENV, "RUNNER_TEMP": str(self.runner_temp), "GH_CALLS": str(self.calls),
                    "GH_OPEN_ISSUES": str(self.open_issues), "GH_TOKEN": "t", "GITHUB_REPOSITORY": "example/shelf",
                    "PAPERSHELF_WATCH_UNTIL": "2024-05-27",
                    "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def sh(self, command: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd,
                              env={**getattr(self, "env", {**os.environ, **GIT_ENV}), **extra}, capture_output=True,
                              text=True, timeout=120)

    def step(self, job: str, name: str, **extra: str) -> subprocess.CompletedProcess:
        run = self.steps[job][name]["run"].replace("papershelf ", f"{sys.executable} -m papershelf.cli ")
        return self.sh(run, self.root, **extra)

    def gh_calls(self) -> list[list[str]]:
        """Each `gh` call's arguments, in order (and forget them)."""
        if not self.calls.exists():
            return []
        calls = [call.splitlines() for call in self.calls.read_text(encoding="utf-8").split("--\n") if call]
        self.calls.unlink()
        return calls

    def event(self, body: str, sender: str) -> Path:
        path = self.tmp / "event.json"
        path.write_text(json.dumps({"action": "labeled", "label": {"name": "add-candidates"}, "sender": {"login": sender},
                                    "issue": {"number": 3, "body": body,
                                              "labels": [{"name": "candidates"}, {"name": "add-candidates"}]}}),
                        encoding="utf-8")
        return path


@pytest.fixture
def actions(tmp_path) -> Actions:
    return Actions(tmp_path)


def refresh(actions: Actions, feeds, until: str = "2024-05-27") -> str:
    env = {"PAPERSHELF_ARXIV_API": feeds.arxiv_url, "PAPERSHELF_HF_API": feeds.hf_url, "PAPERSHELF_WATCH_UNTIL": until}
    ranked = actions.step("refresh", "Rank the new papers", **env)
    assert ranked.returncode == 0, ranked.stdout + ranked.stderr
    updated = actions.step("refresh", "Create or update the Candidates issue")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    return (actions.runner_temp / "candidates.md").read_text(encoding="utf-8")


def tick(body: str, *arxiv_ids: str) -> str:
    lines = []
    for line in body.splitlines():
        if any(f"<!-- candidate {arxiv_id} " in line for arxiv_id in arxiv_ids):
            line = line.replace("- [ ] ", "- [x] ", 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_weekly_run_creates_the_issue_then_edits_it_keeping_ticks(actions):
    with recorded_feeds() as feeds:
        body = refresh(actions, feeds)
        calls = actions.gh_calls()
        assert calls[0][:2] == ["issue", "list"] and "number,body" in calls[0]
        assert calls[1][:2] == ["issue", "list"]
        assert calls[2][:3] == ["label", "create", "candidates"]
        assert calls[3] == ["issue", "create", "--title", "Candidates", "--label", "candidates", "--body-file",
                            str(actions.runner_temp / "candidates.md")]
        state = read_issue(body)
        assert len(state.candidates) == 8 and not state.ticked
        assert "2405.13786" in {c.arxiv for c in state.candidates}  # the recorded arXiv answer's paper of that week
        # a week later (same recordings): the issue is edited, the maintainer's tick kept
        actions.open_issues.write_text(json.dumps([{"number": 3, "body": tick(body, "2405.13786")}]), encoding="utf-8")
        again = refresh(actions, feeds)
    calls = actions.gh_calls()
    assert calls[-1] == ["issue", "edit", "3", "--body-file", str(actions.runner_temp / "candidates.md")]
    assert not any(call[:2] == ["issue", "create"] for call in calls)
    state = read_issue(again)
    assert [c.arxiv for c in state.ticked] == ["2405.13786"]
    assert "### Ticked earlier, not added yet" in again and len(state.candidates) == 8


# The week of 2025-03-04 … 2025-03-10: the recorded arXiv answers hold one paper of it (2503.05378, "A Survey
# on Web Testing"), the recorded Hugging Face days four (2502.20258, 2503.04094, 2503.04606, 2503.05652).
WEEK = "2025-03-10"
HF_ONLY = "2503.04094"  # on Hugging Face, not in the recorded arXiv answers: `add` cannot fetch it here


def test_a_maintainers_label_adds_the_ticked_papers_in_one_pull_request_and_declines_the_rest(actions):
    with recorded_feeds() as feeds:
        body = refresh(actions, feeds, WEEK)
        actions.gh_calls()
        state = read_issue(body)
        assert {c.arxiv for c in state.candidates} == {"2503.05378", "2502.20258", "2503.04094", "2503.04606",
                                                       "2503.05652"}
        unticked = [c.arxiv for c in state.candidates if c.arxiv not in ("2503.05378", HF_ONLY)]
        ticked = tick(body, "2503.05378", HF_ONLY)
        event = actions.event(ticked, "maintainer")
        env = {"GITHUB_EVENT_PATH": str(event), "GH_PERMISSION": "write", "PAPERSHELF_ARXIV_API": feeds.arxiv_url}
        check = actions.step("add", "Check that the person who labelled may write to the repository", **env)
        assert check.returncode == 0, check.stdout + check.stderr
        assert actions.gh_calls() == [["api", "repos/example/shelf/collaborators/maintainer/permission", "--jq",
                                       ".permission"]]
        added = actions.step("add", "Add the ticked papers", **env)
        assert added.returncode == 0, added.stdout + added.stderr
        opened = actions.step("add", "Open the pull request and update the issue", **env, BASE_BRANCH="main",
                              BRANCH="add-paper/candidates-1", ISSUE_NUMBER="3")
        assert opened.returncode == 0, opened.stdout + opened.stderr
    out = actions.runner_temp / "candidates"
    calls = actions.gh_calls()
    assert calls[0] == ["auth", "setup-git"]
    assert calls[1][:7] == ["pr", "create", "--base", "main", "--head", "add-paper/candidates-1", "--title"]
    assert calls[1][7].startswith("Add paper: A Survey on Web Testing") and calls[1][8:] == ["--body-file",
                                                                                            str(out / "pr-body.md")]
    assert calls[2] == ["issue", "edit", "3", "--body-file", str(out / "issue-body.md"), "--remove-label",
                        "add-candidates"]
    assert calls[3][:3] == ["issue", "comment", "3"] and "https://github.com/example/shelf/pull/9" in calls[3][4]
    pushed = actions.sh("git show --name-only --format=%s add-paper/candidates-1", actions.origin)
    [paper] = [line for line in pushed.stdout.splitlines() if line.startswith("papers/")]
    text = actions.sh(f"git show add-paper/candidates-1:{paper}", actions.origin).stdout
    assert "arxiv: '2503.05378'" in text
    suggested = next(c for c in state.candidates if c.arxiv == "2503.05378").topics
    assert "topics:\n" + "".join(f"- {t}\n" for t in suggested) in text
    pr_body = (out / "pr-body.md").read_text(encoding="utf-8")
    assert "labelled `add-candidates` by @maintainer" in pr_body and "Not added:" in pr_body and HF_ONLY in pr_body
    after_text = (out / "issue-body.md").read_text(encoding="utf-8")
    after = read_issue(after_text)
    assert after.added == ["2503.05378"] and sorted(after.declined) == sorted(unticked)
    assert [c.arxiv for c in after.candidates] == [HF_ONLY] and after.candidates[0].ticked  # failed: kept, ticked
    assert "not added: no paper with id 2503\\.04094" in after_text  # escaped as all source text is
    headings = [line for line in after_text.splitlines() if line.startswith("### ")]
    assert len(headings) == 1  # only the section of the paper that stays; the emptied ones are gone
    assert actions.sh("git switch -q main && git status --porcelain", actions.root).returncode == 0
    # the paper file the pull request adds is valid
    assert CliRunner().invoke(cli, ["validate", "--root", str(actions.root)]).exit_code == 0

    # the next run: what was added or declined is not proposed again; the failed tick stays
    actions.open_issues.write_text(json.dumps([{"number": 3, "body": after_text}]), encoding="utf-8")
    with recorded_feeds() as feeds:
        again = read_issue(refresh(actions, feeds, WEEK))
    assert [c.arxiv for c in again.candidates] == [HF_ONLY] and again.candidates[0].ticked
    assert sorted(again.declined) == sorted(unticked) and again.added == ["2503.05378"]


def test_a_label_from_someone_without_write_access_adds_nothing(actions):
    with recorded_feeds() as feeds:
        body = refresh(actions, feeds)
    actions.gh_calls()
    event = actions.event(tick(body, "2405.13786"), "triager")
    check = actions.step("add", "Check that the person who labelled may write to the repository",
                         GITHUB_EVENT_PATH=str(event), GH_PERMISSION="read")
    assert check.returncode == 1
    assert "::error::triager has no write access (read); nothing was added" in check.stdout
    calls = actions.gh_calls()
    assert calls[0][1] == "repos/example/shelf/collaborators/triager/permission"
    assert calls[1] == ["issue", "edit", "3", "--remove-label", "add-candidates"]
    assert calls[2][:3] == ["issue", "comment", "3"] and "Only people with write access" in calls[2][4]
    assert actions.sh("git branch --list 'add-paper/*'", actions.origin).stdout == ""


def test_a_sender_login_that_github_would_not_write_is_refused_before_any_call(actions):
    event = actions.event("", "$(touch pwned)")
    check = actions.step("add", "Check that the person who labelled may write to the repository",
                         GITHUB_EVENT_PATH=str(event), GH_PERMISSION="write")
    assert check.returncode == 1 and "the event names no valid sender" in check.stdout
    assert actions.gh_calls() == [] and not (actions.root / "pwned").exists()


def test_nothing_ticked_gives_the_comment_and_no_pull_request(actions):
    with recorded_feeds() as feeds:
        body = refresh(actions, feeds)
        event = actions.event(body, "maintainer")
        added = actions.step("add", "Add the ticked papers", GITHUB_EVENT_PATH=str(event),
                             PAPERSHELF_ARXIV_API=feeds.arxiv_url)
    assert added.returncode == 1 and "no paper was added" in added.stderr
    comment = (actions.runner_temp / "candidates" / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("No paper is ticked") and "add-candidates" in comment
    assert not (actions.runner_temp / "candidates" / "pr-body.md").exists()
