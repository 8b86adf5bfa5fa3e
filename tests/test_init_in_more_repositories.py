"""`papershelf init .` inside more kinds of repositories a group already has: one whose default branch is master, a
Docusaurus site, an MkDocs project kept in docs/, a Jupyter Book, a Material blog whose requirements.txt pins an
older mkdocs-material. Each test builds a small tree modelled on a real public repository (named in its
docstring) and drives the real command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner

from papershelf.cli import cli

KIT_WORKFLOWS = (".github/workflows/check.yml", ".github/workflows/pages.yml")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def clone(tmp_path: Path, name: str, files: dict[str, str], origin: str, branch: str = "main") -> Path:
    """A clone, as `git clone` leaves it (origin/HEAD naming the default branch), of a repository holding `files`
    on `branch`, with its GitHub address as origin."""
    upstream = tmp_path / "upstream" / name
    upstream.mkdir(parents=True)
    git("init", "-q", "-b", branch, str(upstream))
    write(upstream, files)
    git("-C", str(upstream), "add", "-A")
    git("-C", str(upstream), "-c", "user.name=a", "-c", "user.email=a@example.org", "commit", "-qm", "start")
    path = tmp_path / name
    git("clone", "-q", str(upstream), str(path))
    git("-C", str(path), "remote", "set-url", "origin", origin)
    return path


def pushed_branches(repo: Path, workflow: str) -> list[str]:
    on = yaml.safe_load((repo / workflow).read_text(encoding="utf-8"))[True]  # YAML 1.1 reads the key `on` as True
    return list(on["push"]["branches"])


def test_the_workflows_run_on_a_default_branch_called_master(tmp_path, monkeypatch):
    """terryum/awesome-deep-learning-papers: a README reading list whose default branch is master. The kit's check
    and Pages workflows ran on pushes to main, so nothing was ever checked or published; init writes the clone's
    default branch into them, says so, records it, and an upgrade keeps it."""
    files = {"README.md": "# Awesome - Most Cited Deep Learning Papers\n", "top100papers.bib": "\n"}
    repo = clone(tmp_path, "awesome-deep-learning-papers", files,
                 "https://github.com/terryum/awesome-deep-learning-papers", branch="master")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"], workflow
    assert "Publishes the site to GitHub Pages from master (or by hand)" in \
        (repo / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "the check and Pages workflows run on pushes to master, this clone's default branch (GitHub Pages " \
           "publishes from it)" in result.output
    git("-C", str(repo), "checkout", "-q", "-b", "reading-list")  # upgraded later, from another branch
    upgrade = invoke("init", "--upgrade", ".")
    assert upgrade.exit_code == 0, upgrade.output
    assert upgrade.output.startswith("12 kit files already current"), upgrade.output
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"], workflow


def test_an_upgrade_moves_an_older_kit_to_the_default_branch(tmp_path, monkeypatch):
    """A collection whose kit was written before init looked at the branch (its workflows on main, its manifest
    naming no branch), in a repository whose default branch is master: the upgrade moves the workflows there."""
    repo = tmp_path / "reading-list"
    assert invoke("init", str(repo)).exit_code == 0  # not yet a git repository: GitHub's default, main
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["main"]
    git("init", "-q", "-b", "master", str(repo))
    upgrade = invoke("init", "--upgrade", str(repo))
    assert upgrade.exit_code == 0, upgrade.output
    assert [line for line in upgrade.output.splitlines() if line.startswith("updated")] == \
        [f"updated {workflow}" for workflow in KIT_WORKFLOWS]
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"]
