"""The `papershelf` command: thin click wrappers over library functions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from .problems import PapershelfError, UsageError, terminal_safe

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    envvar="PAPERSHELF_ROOT", help="The collection: the folder holding papers/ and topics.yml [env: PAPERSHELF_ROOT].",
)


class PapershelfGroup(click.Group):
    """Turns papershelf's own errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PapershelfError as error:
            click.echo(terminal_safe(f"Error: {error}"), err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; files already written are complete.", err=True)
            ctx.exit(130)
        except Exception as error:  # a bug: still no traceback for users
            if os.environ.get("PAPERSHELF_DEBUG"):
                raise
            click.echo(terminal_safe(f"Error: internal error ({type(error).__name__}: {error}); "
                                     "set PAPERSHELF_DEBUG=1 for details and please report it"), err=True)
            ctx.exit(3)


@click.group("papershelf", cls=PapershelfGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="papershelf")
def cli():
    """papershelf: a curated research-paper collection as a website.

    A collection is a folder with papers/<slug>.md (YAML front matter + abstract),
    topics.yml, an optional authors.yml, and mkdocs.yml with the papershelf plugin.
    """


TOPIC_OPTION = click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
                            help="A topic id from topics.yml (repeat for several).")


@cli.command()
@click.argument("id_or_url")
@TOPIC_OPTION
@click.option("--dry-run", is_flag=True, help="Show the file that would be written; write nothing.")
@click.option("--api-url", envvar="PAPERSHELF_ARXIV_API", metavar="URL",
              help="arXiv API base URL, for mirrors and tests [env: PAPERSHELF_ARXIV_API; default: arXiv's].")
@ROOT_OPTION
def add(id_or_url: str, topics: tuple[str, ...], dry_run: bool, api_url: str | None, root: Path):
    """Fetch a paper from the arXiv API and write papers/<slug>.md.

    ID_OR_URL is an arXiv id (2305.15775, 2305.15775v2, arXiv:2305.15775,
    hep-th/9901001) or an arxiv.org abs/pdf URL. A paper already in the
    collection (same arXiv id, DOI or title) is refused; nothing is overwritten.
    """
    from .adding import add_paper

    result = add_paper(root, id_or_url, list(topics), dry_run=dry_run, api_url=api_url)
    if dry_run:
        click.echo(f"would write {shown(root, result.path)}:\n\n{result.text}")
    else:
        click.echo(f"added {shown(root, result.path)}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@TOPIC_OPTION
@click.option("--dry-run", is_flag=True, help="Report what would be created; write nothing.")
@ROOT_OPTION
def import_command(file: Path, topics: tuple[str, ...], dry_run: bool, root: Path):
    """Create paper files from FILE: BibTeX (Zotero, Better BibTeX, Google Scholar,
    DBLP, al-folio, biblatex), RIS, CSL-JSON (Zotero, Mendeley, Crossref), a
    Hugging Face Daily Papers listing copied as text, or the JSON of Hugging
    Face's daily papers API. The format is detected.

    An entry's keywords that name a topic of topics.yml (its id, title or an
    alias) set its topics; --topic is used for the others. An entry already in
    the collection (same arXiv id, DOI or title) fills the fields that paper
    lacks. Prints each file created or filled, the fields of each entry that
    were ignored, and each entry skipped with the reason. Exit 0 when no entry
    was skipped, 1 when some were; files written are always complete.
    """
    from .adding import import_file

    with click.progressbar(length=0, label="importing", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        def on_progress(outcome, done: int, total: int):
            bar.length = total
            bar.update(done - bar.pos)

        report = import_file(root, file, list(topics), on_progress=on_progress, dry_run=dry_run)
    verb = "would create" if dry_run else "created"
    for created in report.created:
        click.echo(f"{verb} {shown(root, created.path)}")
    for line in [*report.enriched_lines(lambda path: shown(root, path)), *report.ignored_lines(),
                 *report.skipped_lines()]:
        click.echo(terminal_safe(line))  # entries of the import file: their text is untrusted
    click.echo(terminal_safe(report.summary()))
    sys.exit(1 if report.skipped else 0)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for terminals (file:line: field: message), github for workflow annotations, json for tools.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes that check paper files  [default: one per CPU]")
@ROOT_OPTION
def validate(paths: tuple[Path, ...], output: str, jobs: int | None, root: Path):
    """Check paper files and the collection as a whole.

    Checks the schema of every paper, topics, duplicates (arXiv id, DOI,
    normalized title), file names, links, dates, author lists and bodies.
    A paper without an abstract is a notice, not an error.
    With PATHS, only problems in those files are reported (the collection-wide
    checks still see every paper). Exit 0 when valid, 1 when not, 2 on usage errors.
    """
    from .annotations import format_problems
    from .collection import validate_collection

    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    if not (root / "topics.yml").exists() and not (root / "papers").is_dir():
        raise UsageError(f"{root} is not a papershelf collection (no papers/ or topics.yml); use --root")
    validation = validate_collection(root.absolute(), only=list(paths) or None, jobs=jobs)
    text = format_problems(validation.problems, output, validation.papers)
    if text:
        click.echo(text)
    sys.exit(1 if any(problem.is_error for problem in validation.problems) else 0)


@cli.command()
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", default=10, show_default=True, help="How many top authors to list.")
@ROOT_OPTION
def stats(output: str, top: int, root: Path):
    """Print the collection's statistics: papers, authors, topics, years, top authors."""
    from .collection import load_collection
    from .stats import collection_stats, format_stats

    numbers = collection_stats(load_collection(root.resolve()), top)
    click.echo(json.dumps(numbers, indent=2, ensure_ascii=False) if output == "json" else format_stats(numbers))


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default="Our reading list", show_default=True, help="The site's name.")
def init(directory: Path, name: str):
    """Create a new, empty collection in DIRECTORY (which must not exist or be empty)."""
    from .scaffold import create_collection

    for path in create_collection(directory, name):
        click.echo(f"created {path}")
    click.echo(f"\nNext: cd {directory} && papershelf serve")


@cli.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the site.")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on MkDocs warnings.")
def build(config_file: Path, site_dir: Path | None, strict: bool):
    """Build the site with MkDocs (mkdocs build)."""
    args = ["build", "-f", str(config_file)] + (["-d", str(site_dir)] if site_dir else []) + (["--strict"] if strict else [])
    sys.exit(run_mkdocs(args))


@cli.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, dev_addr: str):
    """Preview the site with live reload on edits to papers/, topics.yml, authors.yml and docs/."""
    # click >= 8.2.2 turns MkDocs 1.6's --livereload flag default off (mkdocs#4032): ask for it.
    # --dirty keeps the site folder between rebuilds, so an edited paper rebuilds only its pages.
    sys.exit(run_mkdocs(["serve", "-f", str(config_file), "-a", dev_addr, "--livereload", "--dirty"]))


def shown(root: Path, path: Path) -> str:
    """`path` as users think of it: relative to the collection."""
    try:
        return Path(path).absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


def run_mkdocs(args: list[str]) -> int:
    if not Path(args[args.index("-f") + 1]).exists():
        raise UsageError(f"no {args[args.index('-f') + 1]} here: run this in a collection, or pass -f")
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], env=environment)


@cli.command("schema")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), default="schema/paper.schema.json")
def schema_command(output: Path):
    """Write the JSON Schema of paper front matter (for editors) to OUTPUT."""
    from .schema import paper_json_schema
    from .writer import replace_file

    replace_file(output, json.dumps(paper_json_schema(), indent=2, ensure_ascii=False) + "\n")
    click.echo(f"wrote {output}")


def main():
    cli(prog_name="papershelf")


if __name__ == "__main__":
    main()
