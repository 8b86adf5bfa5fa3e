"""`init --upgrade` writes only inside the collection: every component of every kit path is checked first, and a
symbolic link, a folder, a fifo or a non-UTF-8 file where a kit file goes is refused with a clear message, before
anything is written. Cases from tests/hostile/round3.yml."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli

CASES = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))["upgrade"]


def make(root: Path, outside: Path, kind: str) -> None:
    workflows = root / ".github" / "workflows"
    if kind == "workflows-folder-link":
        shutil.copytree(workflows, outside / "workflows")
        shutil.rmtree(workflows)
        workflows.symlink_to(outside / "workflows")
    elif kind == "github-folder-link":
        shutil.copytree(root / ".github", outside / "github")
        shutil.rmtree(root / ".github")
        (root / ".github").symlink_to(outside / "github")
    elif kind == "kit-file-link":
        (outside / "check.yml").write_text("name: elsewhere\n", encoding="utf-8")
        (workflows / "check.yml").unlink()
        (workflows / "check.yml").symlink_to(outside / "check.yml")
    elif kind == "kit-file-folder":
        (workflows / "check.yml").unlink()
        (workflows / "check.yml").mkdir()
    elif kind == "kit-file-latin1":
        (workflows / "check.yml").write_bytes("name: Vérifier\n".encode("latin-1"))
    elif kind == "github-a-file":
        shutil.rmtree(root / ".github")
        (root / ".github").write_text("not a folder\n", encoding="utf-8")
    elif kind == "kit-file-fifo":
        (workflows / "check.yml").unlink()
        os.mkfifo(workflows / "check.yml")
    elif kind == "manifest-link":
        (outside / "manifest.json").write_text("{}\n", encoding="utf-8")
        (root / ".papershelf-kit.json").unlink()
        (root / ".papershelf-kit.json").symlink_to(outside / "manifest.json")


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else p.is_symlink())
            for p in sorted(folder.rglob("*")) if not p.is_fifo()}


@pytest.mark.parametrize("case", CASES, ids=[case["make"] for case in CASES])
def test_upgrade_refuses_links_folders_and_non_utf8_and_writes_nothing(tmp_path, case):
    root, outside = tmp_path / "shelf", tmp_path / "outside"
    outside.mkdir()
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    (root / ".github/workflows/check.yml").write_text("name: Old check\n", encoding="utf-8")  # something to update
    make(root, outside, case["make"])
    before, outside_before = snapshot(root), snapshot(outside)
    result = CliRunner().invoke(cli, ["init", "--upgrade", str(root), "--force"])
    assert result.exit_code == 2, result.output
    assert case["message"] in result.output and "nothing was written" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert snapshot(root) == before and snapshot(outside) == outside_before
