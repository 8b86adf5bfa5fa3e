"""`validate --changed-from BASE`: annotations for the files a pull request changes, the rest in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def paper(title: str, topic: str = "example-topic", abstract: str = "") -> str:
    return (f"---\ntitle: {title}\nauthors:\n- Ada Lovelace\ndate: '2024-01-01'\ntopics:\n- {topic}\n---\n\n"
            f"{abstract}\n")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A collection on main with 12 papers lacking an abstract (a notice each), and a branch changing two files."""
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    for number in range(12):
        (root / "papers" / f"old-{number}.md").write_text(paper(f"Old {number}"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "suggestion")
    (root / "papers" / "new.md").write_text(paper("New", topic="no-such-topic", abstract="Text."), encoding="utf-8")
    (root / "papers" / "old-3.md").write_text(paper("Old 3 edited"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pull request")
    return root


def validate(root: Path, *args: str):
    return CliRunner().invoke(cli, ["validate", "--root", str(root), *args])


def test_only_the_changed_files_are_annotated_and_the_rest_is_one_line(pull_request):
    everything = validate(pull_request, "--format", "github")
    assert everything.output.count("::notice") == 12  # every paper without an abstract: more than GitHub shows

    result = validate(pull_request, "--format", "github", "--changed-from", "main")
    assert result.exit_code == 1  # the new paper's unknown topic
    lines = result.output.splitlines()
    assert [line.split("::")[1].split(",")[0] for line in lines[:-1]] == \
        ["error file=papers/new.md", "notice file=papers/old-3.md"]
    assert "unknown topic 'no-such-topic'" in lines[0]
    assert lines[-1] == ("::notice title=papershelf: other files::11 notices in 11 files this change does not touch; "
                         "`papershelf validate` lists them")


def test_an_error_outside_the_change_fails_and_is_summed_up_as_an_error(pull_request):
    (pull_request / "papers" / "old-5.md").write_text(paper("Old 5", topic="gone"), encoding="utf-8")
    git(pull_request, "commit", "-qam", "break a paper on the base")
    git(pull_request, "checkout", "-qb", "another")
    (pull_request / "papers" / "fine.md").write_text(paper("Fine", abstract="Fine."), encoding="utf-8")
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-qm", "a good paper")
    result = validate(pull_request, "--format", "github", "--changed-from", "suggestion")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error title=papershelf: other files::2 errors, 12 notices in 13 files this change does not touch; "
        "`papershelf validate` lists them"]


def test_a_base_git_does_not_know_is_a_usage_error(pull_request):
    result = validate(pull_request, "--changed-from", "no-such-branch")
    assert result.exit_code == 2 and "--changed-from no-such-branch" in result.output and "fetch-depth" in result.output


def test_a_new_paper_that_duplicates_a_published_one_is_annotated_on_the_new_file(pull_request):
    """Validation names the later file in name order the duplicate ('old-3.md' after 'copy.md'); a change that
    adds the copy gets the error on the copy, where its author can see it."""
    git(pull_request, "checkout", "-q", "main")
    git(pull_request, "checkout", "-qb", "copy")
    (pull_request / "papers" / "copy.md").write_text(paper("Old 3", abstract="Again."), encoding="utf-8")
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-qm", "a copy")
    everything = validate(pull_request)
    assert "papers/old-3.md:2: title: duplicate of papers/copy.md" in everything.output
    result = validate(pull_request, "--format", "github", "--changed-from", "main")
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("::error")]
    assert error.startswith("::error file=papers/copy.md,") and "duplicate of papers/old-3.md" in error
