"""docs/cli-reference.md: every command's --help, as the command prints it.

Regenerate after changing a command: `python -m papershelf.cli_reference > docs/cli-reference.md`
(tests/test_cli_reference.py fails while the file and the commands disagree).
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from .cli import cli

WIDTH = 88
HEADER = """# Command reference

Every command's `--help`, generated from the commands themselves
(`python -m papershelf.cli_reference > docs/cli-reference.md`; a test checks
it is current). Examples and outputs: [The papershelf command](cli.md).
"""


def help_pages(command: click.Command, path: list[str],
               parent: click.Context | None = None) -> Iterator[tuple[str, str]]:
    """(command path, --help text) for `command` and each of its subcommands, depth first."""
    settings = {"terminal_width": WIDTH, "max_content_width": WIDTH, **command.context_settings}
    context = click.Context(command, info_name=path[-1], parent=parent, **settings)
    yield " ".join(path), command.get_help(context)
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            subcommand = command.get_command(context, name)
            if subcommand is not None:
                yield from help_pages(subcommand, [*path, name], context)


def cli_reference() -> str:
    sections = [HEADER]
    for path, text in help_pages(cli, ["papershelf"]):
        sections.append(f"## {path}\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(cli_reference(), end="")
