"""docs/cli-reference.md is every command's --help as the commands print it now."""

from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.cli_reference import WIDTH, cli_reference, help_pages
from sitebuild import REPO


def test_the_cli_reference_is_current():
    written = (REPO / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    assert written == cli_reference(), (
        "docs/cli-reference.md is out of date: python -m papershelf.cli_reference > docs/cli-reference.md")


def test_the_reference_is_what_each_help_prints():
    pages = dict(help_pages(cli, ["papershelf"]))
    assert len(pages) >= 10 and "papershelf validate" in pages and "papershelf add" in pages
    for path, text in pages.items():
        result = CliRunner().invoke(cli, [*path.split()[1:], "--help"], terminal_width=WIDTH)
        assert result.exit_code == 0 and result.output.rstrip() == text.rstrip(), path


def test_the_generator_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "papershelf.cli_reference"], capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.returncode == 0 and result.stdout == cli_reference()


def test_the_readme_command_table_names_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `papershelf ([a-z-]+)", table, re.MULTILINE))
    named |= set(re.findall(r"/ `papershelf ([a-z-]+)", table))
    assert set(cli.commands) - named == set()
