"""`papershelf init .` inside repositories that already hold something of their own: an MkDocs site, a folder
called papers/ that is not a collection, another generator's output in docs/, a blog, a Jekyll site. Each test
builds a small tree that mirrors a real repository (named in its docstring) and drives the command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import papershelf
from papershelf.cli import cli

RELEASE = f"papershelf=={papershelf.__version__}"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def clone(path: Path, files: dict[str, str], origin: str = "") -> Path:
    """A repository's clone holding `files` (relative path -> text), with `origin` as its remote when given."""
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", origin], check=True)
    for relative, text in files.items():
        (path / relative).parent.mkdir(parents=True, exist_ok=True)
        (path / relative).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def installed_locally(monkeypatch):
    """This papershelf installed from a local checkout (pip's PEP 610 record says file://): init warns."""
    monkeypatch.setattr("papershelf.origin.direct_url", lambda: {"url": "file:///src/papershelf", "dir_info": {}})


MKDOCS_SITE = {
    "mkdocs.yml": "site_name: Research Project Documentation\ntheme:\n  name: material\nnav:\n  - Home: index.md\n",
    "docs/index.md": "# Research project\n",
    "README.md": "# PhD research template\n",
    "requirements.txt": "# MkDocs requirements for research template\nmkdocs>=1.5.0\nmkdocs-material>=9.0.0\n",
    ".github/workflows/deploy.yml": ("on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                                     "      - run: pip install -r requirements.txt\n      - run: mkdocs gh-deploy --force\n"),
}


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_an_mkdocs_sites_requirements_gain_the_papershelf_line_every_workflow_installs(tmp_path, monkeypatch,
                                                                                    installed_locally):
    """sdhutchins/phd-research-template: its requirements.txt names mkdocs and mkdocs-material only; every kit
    workflow (and its own deploy workflow, once the papershelf plugin is in mkdocs.yml) installs from it. init
    appends the papershelf line, keeps the rest, says so; the warning about that pin is true, and comes before the
    next steps."""
    repo = clone(tmp_path / "phd-research-template", MKDOCS_SITE, "https://github.com/sdhutchins/phd-research-template")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.startswith(MKDOCS_SITE["requirements.txt"]) and requirements.endswith(f"\n{RELEASE}\n")
    said = lines_of(result.stdout)
    assert f"added {RELEASE} to requirements.txt (its other lines kept): the kit's workflows, and any of yours that " \
           "install from it, install papershelf from it" in said
    assert not any(line.startswith("kept requirements.txt") for line in said)
    warning = next(index for index, line in enumerate(said) if line.startswith("Warning:"))
    assert f"requirements.txt pins {RELEASE}" in said[warning]
    assert "papershelf init --upgrade . --from git+https://github.com/OWNER/papershelf@COMMIT" in said[warning]
    assert warning < said.index("Then: papershelf serve"), said  # before the next steps, on the same stream
    assert not result.stderr


@pytest.mark.parametrize("pinned", ["papershelf==0.0.9", "papershelf @ git+https://github.com/ourlab/papershelf@abc1234"])
def test_a_requirements_txt_that_names_papershelf_already_is_kept_and_said_to_be(tmp_path, monkeypatch,
                                                                                 installed_locally, pinned):
    """sdhutchins/phd-research-template, once its requirements.txt names papershelf at another version: init keeps
    that line, says what it pins, and does not warn of a pin it did not write; --force moves only that line."""
    files = {**MKDOCS_SITE, "requirements.txt": f"mkdocs>=1.5.0\n{pinned}  # our fork\n"}
    repo = clone(tmp_path / "phd-research-template", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == files["requirements.txt"]
    assert f"kept requirements.txt: it already names papershelf ({pinned}), which the kit's workflows install; " \
           "papershelf init --upgrade moves that line to this papershelf" in result.output
    assert "Warning" not in result.output and RELEASE not in result.output


def test_force_moves_only_the_papershelf_line_of_a_requirements_txt(tmp_path, monkeypatch):
    """sdhutchins/phd-research-template with papershelf pinned: --force replaces the kit's files, but the
    requirements.txt's other lines are the repository's own: only its papershelf line moves."""
    files = {**MKDOCS_SITE, "requirements.txt": "mkdocs>=1.5.0\npapershelf==0.0.9  # our pin\n"}
    repo = clone(tmp_path / "phd-research-template", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".", "--force", "--from", "0.3.0")
    assert result.exit_code == 0, result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == "mkdocs>=1.5.0\npapershelf==0.3.0  # our pin\n"
    assert "replaced requirements.txt's papershelf line papershelf==0.0.9 (--force; its other lines kept)" \
        in result.output


def test_the_same_pin_already_there_keeps_the_warning_true(tmp_path, monkeypatch, installed_locally):
    """A requirements.txt that already pins this release (from an earlier init): kept, and the warning about that
    pin still stands."""
    files = {**MKDOCS_SITE, "requirements.txt": f"mkdocs>=1.5.0\n{RELEASE}\n"}
    repo = clone(tmp_path / "site", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert f"kept requirements.txt: it already names papershelf ({RELEASE})" in result.output
    assert "Warning: this papershelf was installed from file:///src/papershelf" in result.output
