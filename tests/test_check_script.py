"""scripts/check on a scratch collection: it passes on a good one and names the bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model.writer import render_paper_file

REPO = Path(__file__).resolve().parents[1]
CHECK = REPO / "scripts" / "check"


@pytest.fixture
def collection(tmp_path) -> Path:
    """A new collection from `papershelf init`, with one valid paper."""
    root = tmp_path / "shelf"
    result = CliRunner().invoke(cli, ["init", str(root), "--name", "Scratch"])
    assert result.exit_code == 0, result.output
    (root / "papers" / "one.md").write_text(render_paper_file(
        {"title": "One Paper", "authors": ["Ada Lovelace"], "date": "2024-05-01", "topics": ["example-topic"]},
        "An abstract."), encoding="utf-8")
    return root


def run_check(root: Path, *steps: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PAPERSHELF_ROOT": str(root), "PYTHON": sys.executable, **env}
    environment.pop("SITE_DIR", None)
    return subprocess.run(["bash", str(CHECK), *steps], capture_output=True, text=True, env=environment, timeout=600)


def test_a_good_collection_passes_validate_build_and_links(collection):
    # PATH without any `papershelf` or `mkdocs`: the script runs them with the interpreter it is given
    result = run_check(collection, "validate", "build", "links", PATH="/usr/bin:/bin",
                       SITE_URL="https://ourlab.github.io/shelf/")  # as the kit's workflows set it
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 paper checked: all valid." in result.stdout
    assert "no broken internal links" in result.stdout
    assert result.stdout.rstrip().endswith("== passed: validate build links")


def test_a_bad_paper_fails_and_is_named(collection):
    (collection / "papers" / "bad.md").write_text(render_paper_file(
        {"title": "Bad Paper", "authors": ["Alan Turing"], "date": "2024-05-01", "topics": ["no-such-topic"]},
        "An abstract."), encoding="utf-8")
    result = run_check(collection, "validate", "build", "links")
    assert result.returncode != 0
    assert "papers/bad.md" in result.stdout
    assert "unknown topic 'no-such-topic'" in result.stdout
    assert "passed" not in result.stdout


def test_github_format_prints_annotations(collection):
    (collection / "papers" / "bad.md").write_text("---\ntitle: Only a title\n---\n\nText.\n", encoding="utf-8")
    result = run_check(collection, "validate", FORMAT="github")
    assert result.returncode != 0
    assert "::error file=papers/bad.md" in result.stdout


def test_a_broken_build_stops_before_the_link_check(collection):
    (collection / "docs" / "index.md").write_text("[missing](nowhere.md)\n", encoding="utf-8")
    result = run_check(collection, "build", "links", SITE_URL="https://ourlab.github.io/reading-list/")
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr
    assert "internal links" not in result.stdout


def test_links_without_a_build_is_a_clear_error(collection, tmp_path):
    result = run_check(collection, "links", SITE_DIR=str(tmp_path / "no-site"))
    assert result.returncode != 0
    assert "run the build step first" in result.stderr


def test_an_unknown_step_is_refused_before_anything_runs(collection):
    result = run_check(collection, "validate", "deploy")
    assert result.returncode != 0
    assert "unknown step 'deploy'" in result.stderr
    assert "validate papers" not in result.stdout


def test_changed_from_annotates_only_the_files_changed_since_that_commit(collection):
    git_env = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=collection, check=True, capture_output=True, env={**os.environ, **git_env})

    (collection / "papers" / "old.md").write_text(render_paper_file(
        {"title": "Old Paper", "authors": ["Alan Turing"], "date": "2024-05-01", "topics": ["example-topic"]}, ""),
        encoding="utf-8")  # no abstract: a notice, on the base
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    (collection / "papers" / "bad.md").write_text(render_paper_file(
        {"title": "Bad Paper", "authors": ["Alan Turing"], "date": "2024-05-01", "topics": ["no-such-topic"]},
        "An abstract."), encoding="utf-8")
    result = run_check(collection, "validate", FORMAT="github", CHANGED_FROM="main")
    assert result.returncode != 0
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::error file=papers/bad.md,") and len(annotations) == 2
    assert annotations[1] == ("::notice title=papershelf: other files::1 notice in 1 file this change does not "
                              "touch; `papershelf validate` lists them")


WEB_LINTERS = Path(os.environ.get("PAPERSHELF_TOOLS") or REPO / ".tools") / "web" / "node_modules"
ASSETS = REPO / "plugins" / "papershelf_mkdocs" / "assets"


@pytest.fixture
def web_linters():
    if not (WEB_LINTERS / "stylelint").is_dir() or not (WEB_LINTERS / "eslint").is_dir():
        pytest.skip(f"stylelint and eslint are not installed in {WEB_LINTERS}: run scripts/install-linters")


def test_the_plugins_stylesheet_and_scripts_pass_the_web_linters(web_linters, tmp_path):
    result = run_check(tmp_path, "web")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stylelint" in result.stdout and "papershelf.css" in result.stdout
    assert "eslint" in result.stdout and "papershelf.js" in result.stdout


def test_a_rule_left_open_or_a_script_error_fails_the_web_step(web_linters, tmp_path):
    """The missing `}` of issue 28 (it nested every later rule of the stylesheet), and an undefined name in a
    script: one run reports both."""
    broken = tmp_path / "assets"
    broken.mkdir()
    css = (ASSETS / "papershelf.css").read_text(encoding="utf-8")
    rule = ".md-copyright {\n  color: var(--md-footer-fg-color--light);\n}\n"
    assert rule in css
    (broken / "papershelf.css").write_text(css.replace(rule, rule[:-2]), encoding="utf-8")
    (broken / "papershelf.js").write_text('(function () {\n  "use strict";\n  documnt.title = "x";\n})();\n',
                                          encoding="utf-8")
    result = run_check(tmp_path, "web", WEB_ASSETS=str(broken))
    assert result.returncode != 0
    assert "papershelf.css" in result.stdout + result.stderr and "Unclosed block" in result.stdout + result.stderr
    assert "'documnt' is not defined" in result.stdout + result.stderr
    assert "passed" not in result.stdout
