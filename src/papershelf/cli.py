"""The `papershelf` command: thin click wrappers over library functions."""

from __future__ import annotations

import errno
import functools
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .model.problems import PapershelfError, UsageError, terminal_safe

if TYPE_CHECKING:
    import datetime as dt

    from .intake.adding import ImportReport, Outcome
    from .scaffold import InitReport
    from .sources.endpoints import Sources
    from .sources.net import AddressPolicy

ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    envvar="PAPERSHELF_ROOT", help="The collection: the folder holding papers/ and topics.yml [env: PAPERSHELF_ROOT].",
)


def collection_root(context: click.Context, parameter: click.Parameter, root: Path) -> Path:
    """`--root`, if a collection is there; else a usage error that says how to start one (a newcomer's first
    command is often run in the wrong folder, or before `init`)."""
    from .model.collection import collection_layout, is_collection

    if not context.resilient_parsing and not is_collection(collection_layout(root)):
        raise UsageError(f"{os.path.abspath(root)} is not a papershelf collection (no papers/ or topics.yml): run "
                         f"'papershelf init' to start one there, or give the collection's folder with --root")
    return root


# --root of the commands that read or write a collection (`links` and `pr-summary` take any folder).
COLLECTION_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
    envvar="PAPERSHELF_ROOT", callback=collection_root,
    help="The collection: the folder holding papers/ and topics.yml [env: PAPERSHELF_ROOT].",
)


class PapershelfGroup(click.Group):
    """Turns papershelf's own errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
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
        except BrokenPipeError:  # the reader went away (`papershelf import … | head`): nothing of ours went wrong
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit would fail again
            ctx.exit(141)  # 128 + SIGPIPE, as a program the signal stopped
        except Exception as error:  # a bug: still no traceback for users
            if os.environ.get("PAPERSHELF_DEBUG"):
                raise
            click.echo(terminal_safe(f"Error: internal error ({type(error).__name__}: {error}); "
                                     "set PAPERSHELF_DEBUG=1 for details and please report it"), err=True)
            ctx.exit(3)


@click.group("papershelf", cls=PapershelfGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="papershelf")
def cli() -> None:
    """papershelf: a curated research-paper collection as a website.

    A collection is a folder with papers/<slug>.md (YAML front matter + abstract),
    topics.yml, an optional authors.yml, and mkdocs.yml with the papershelf plugin.
    """


TOPIC_OPTION = click.option("--topic", "-t", "topics", multiple=True, metavar="TOPIC",
                            help="A topic id from topics.yml (repeat for several).")


ARXIV_URL_OPTION = click.option(
    "--api-url", envvar="PAPERSHELF_ARXIV_API", metavar="URL",
    help="arXiv API base URL, for mirrors and tests [env: PAPERSHELF_ARXIV_API; default: arXiv's].")
CROSSREF_URL_OPTION = click.option(
    "--crossref-url", envvar="PAPERSHELF_CROSSREF_API", metavar="URL",
    help="Crossref REST API base URL [env: PAPERSHELF_CROSSREF_API; default: https://api.crossref.org].")


HF_URL_OPTION = click.option(
    "--hf-url", envvar="PAPERSHELF_HF_API", metavar="URL",
    help="Hugging Face Daily Papers API URL [env: PAPERSHELF_HF_API; default: huggingface.co's].")


def with_sources(crossref: bool = True, hf: bool = False) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--api-url (and --crossref-url or --hf-url), given to the command as one `sources` value
    (sources/endpoints.py)."""
    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def command(*args: Any, api_url: str | None = None, crossref_url: str | None = None,
                    hf_url: str | None = None, **kwargs: Any) -> None:
            from .sources.endpoints import Sources

            function(*args, sources=Sources.resolve(api_url, crossref_url, hf_url), **kwargs)
        command = CROSSREF_URL_OPTION(command) if crossref else command
        return ARXIV_URL_OPTION(HF_URL_OPTION(command) if hf else command)
    return decorate


@cli.command()
@click.argument("id_or_url")
@TOPIC_OPTION
@click.option("--dry-run", is_flag=True, help="Show the file that would be written; write nothing.")
@with_sources()
@COLLECTION_OPTION
def add(id_or_url: str, topics: tuple[str, ...], dry_run: bool, sources: Sources, root: Path) -> None:
    """Fetch a paper from the arXiv API (or Crossref, for a DOI) and write papers/<slug>.md.

    ID_OR_URL is an arXiv id (2305.15775, 2305.15775v2, arXiv:2305.15775,
    hep-th/9901001), an arxiv.org abs/pdf/html URL, the address of the paper's page on
    Hugging Face or alphaXiv (https://huggingface.co/papers/2305.15775), or a DOI (10.1371/journal.pone.0033693,
    https://doi.org/…; arXiv's own 10.48550/arXiv.… DOIs go to arXiv). A paper already
    in the collection (same arXiv id, DOI or title) is refused; nothing is overwritten.
    """
    from .intake.adding import add_paper

    result = add_paper(root, id_or_url, list(topics), dry_run=dry_run, sources=sources)
    if dry_run:
        click.echo(f"would write {shown(root, result.path)}:\n\n{result.text}")
    else:
        click.echo(f"added {shown(root, result.path)}")


IMPORT_HINT = ("To bring in the library you have: papershelf import FILE... (BibTeX, RIS, CSL-JSON, Zotero RDF or "
               "Better BibTeX JSON (their collections become topics), EndNote XML or .enw, RefWorks, Zotero, Scopus, IEEE Xplore or Google "
               "Scholar CSV, Lens.org, OpenAlex or Dimensions CSV, a spreadsheet saved as CSV, Web of Science, "
               "PubMed, a folder of paper notes, or a Hugo site's publications folder; see papershelf import --help)")


@cli.command("import")
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@TOPIC_OPTION
@click.option("--dry-run", is_flag=True, help="Report what would be created; write nothing.")
@click.option("--encoding", metavar="NAME",
              help="The file's text encoding, when it is not UTF-8 (such as windows-1252) and does not say so.")
@click.option("--enrich", "then_enrich", is_flag=True,
              help="Then fill the new papers' missing fields from arXiv and Crossref (see `papershelf enrich`).")
@click.option("--add-topics", is_flag=True,
              help="First add a topic to topics.yml for each folder the file files entries in that names none yet "
                   "(Zotero collections, Mendeley or Paperpile folders, JabRef groups, a reading list's sections, a sheet's "
                   "Topic or Category column), a subfolder's under its folder's.")
@with_sources()
@COLLECTION_OPTION
def import_command(files: tuple[str, ...], topics: tuple[str, ...], dry_run: bool, encoding: str | None,
                   then_enrich: bool, add_topics: bool, sources: Sources, root: Path) -> None:
    """Create paper files from each FILE, in order: BibTeX (Zotero, Better BibTeX, Google Scholar,
    DBLP, NASA ADS, al-folio, JabRef with its groups, Paperpile, biblatex), RIS, CSL-JSON (Zotero, Mendeley, Crossref)
    or CSL YAML (pandoc, Better BibTeX),
    Zotero RDF or Better BibTeX JSON (their collections name topics, as keywords do), the CSV export
    of Zotero, Scopus, IEEE Xplore or a Google Scholar profile, Lens.org,
    OpenAlex, EBSCOhost, ResearchRabbit, Dimensions, SpringerLink or Paperpile (its folders
    name topics), a reading list
    kept in a spreadsheet and saved as CSV (columns such as Title, Authors,
    Year, Link, Tags, Summary; rows that lack authors or a year but link an
    arXiv paper take them from arXiv), Web of Science's plain
    text or tab-delimited export (savedrecs.txt), EndNote's XML or tagged format (.enw: Google Scholar,
    the ACL Anthology, CNKI), RefWorks' tagged format, PubMed's MEDLINE (.nbib) or CSV, a Hugging
    Face Daily Papers listing copied as text, the JSON of Hugging Face's
    daily papers API, the JSON of OpenAlex, Semantic Scholar, Europe PMC, DBLP (or DBLP's XML),
    Zenodo or Crossref's REST API (what their APIs answer), an arXiv API answer saved
    as a file (its Atom feed, read offline), or a Markdown or text reading list with arxiv.org links (or Hugging Face or alphaXiv paper links)
    (its papers are asked from arXiv, and the headings above a link name its
    topics). The format is detected. A FILE may also be a Hugo research
    site (Hugo Blox, Wowchemy, Academic) or its publications folder: each
    publication page becomes a paper, filled from the cite.bib beside it, its
    authors named as the site's profiles name them. A FILE may be a folder
    of paper notes too (an Obsidian vault's, a site of reading notes: Markdown
    whose front matter, or Dataview fields as Zotero Integration writes them,
    give a title and authors, a year or an arXiv id; the notes' own text is
    not imported). A FILE may be a web
    address (https://…) too: a Google Sheet shared by link (its page's address
    is read as its CSV), a lab's .bib, a published CSV; importing it again
    later brings in what was added since.

    An entry's keywords, and the Zotero collections, Mendeley or Paperpile folders
    or JabRef groups it is filed in, that name a topic of topics.yml (its id,
    title or an alias) set its topics; --topic is used for the others. An entry already in
    the collection (same arXiv id, DOI or title) fills the fields that paper
    lacks, or is counted as unchanged when it lacks none (so importing the
    same file again is safe). Prints each file created or filled, each entry
    found unchanged, the fields of each entry that were ignored, and each
    entry skipped with the reason; for entries without a topic, the topics
    there are and the keywords they share most. Exit 0 when no entry was
    skipped, 1 when some were; files written are always complete. A FILE
    that cannot be read stops the command there (exit 2): the files before
    it are imported whole.
    """
    reports = [import_one(root, file, topics, dry_run, encoding, sources, add_topics) for file in files]
    new_papers = [item.path for report in reports for item in report.created] + [
        item.path for report in reports for item in report.enriched]
    if then_enrich and not dry_run and new_papers:
        run_enrich(root, new_papers, overwrite=False, dry_run=False, sources=sources)
    sys.exit(1 if any(report.skipped for report in reports) else 0)


def import_one(root: Path, file: str, topics: tuple[str, ...], dry_run: bool, encoding: str | None,
               sources: Sources, add_topics: bool = False) -> ImportReport:
    """Import one file, with a progress bar on a terminal, and print what happened to each of its entries."""
    from .intake.adding import import_file
    from .sources.download import is_web_address

    with click.progressbar(length=0, label="importing", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        def on_progress(outcome: Outcome, done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        source = file if is_web_address(file) else Path(file)  # a web address stays a string: Path drops a "/"
        report = import_file(root, source, list(topics), on_progress=on_progress, dry_run=dry_run, encoding=encoding,
                             sources=sources, add_topics=add_topics)
    for line in report.new_topic_lines():
        click.echo(terminal_safe(line))  # folder names come from the import file
    verb = "would create" if dry_run else "created"
    for created in report.created:
        click.echo(f"{verb} {shown(root, created.path)}")
    for line in [*report.notice_lines(), *report.enriched_lines(lambda path: shown(root, path)),
                 *report.unchanged_lines(lambda path: shown(root, path)), *report.ignored_lines(),
                 *report.skipped_lines()]:
        click.echo(terminal_safe(line))  # entries of the import file: their text is untrusted
    click.echo(terminal_safe(report.summary()))
    advice = report.topic_advice()
    if advice:
        click.echo(terminal_safe(advice))
    return report


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True,
              help="Replace values the files already have (only the lines of those fields change).")
@click.option("--dry-run", is_flag=True, help="Report what would be filled; write nothing.")
@with_sources()
@COLLECTION_OPTION
def enrich(paths: tuple[Path, ...], overwrite: bool, dry_run: bool, sources: Sources, root: Path) -> None:
    """Fill papers' missing abstract, arXiv id, DOI, venue, tags and citation
    details from the arXiv API (by arXiv id, in batches, 3 s apart as arXiv
    asks) and Crossref (by DOI). PATHS limits it to those paper files.

    A value a file already has is kept unless --overwrite. Everything is
    fetched before any file changes: offline, or when a server answers with
    something unexpected, nothing is changed (exit 1 or 2).
    """
    run_enrich(root, list(paths) or None, overwrite=overwrite, dry_run=dry_run, sources=sources)


def run_enrich(root: Path, paths: list[Path] | None, overwrite: bool, dry_run: bool, sources: Sources) -> None:
    from .intake.enriching import enrich_papers

    missing = [str(path) for path in paths or [] if not Path(path).exists()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    with click.progressbar(length=0, label="asking arXiv and Crossref", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        def on_progress(what: str, done: int, total: int) -> None:
            bar.length = total
            bar.label = f"asking {what}"
            bar.update(done - bar.pos)

        report = enrich_papers(root, paths, overwrite=overwrite, dry_run=dry_run, sources=sources,
                               on_progress=on_progress)
    verb = "would fill" if dry_run else "filled"
    for change in report.changes:
        click.echo(f"{verb} {', '.join(change.fields)} of {change.path} (from {' and '.join(change.sources)})")
    for note in report.notes:
        click.echo(terminal_safe(note))
    click.echo(report.summary())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for terminals (file:line: field: message), github for workflow annotations, json for tools.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes that check paper files  [default: one per CPU]")
@click.option("--changed-from", "base", metavar="REF",
              help="Show only the problems of files changed since git REF (a pull request's base); "
                   "sum up the others in one line.")
@COLLECTION_OPTION
def validate(paths: tuple[Path, ...], output: str, jobs: int | None, base: str | None, root: Path) -> None:
    """Check paper files and the collection as a whole.

    Checks the schema of every paper, topics, duplicates (arXiv id, DOI,
    normalized title), file names, links, dates, author lists and bodies.
    A paper without an abstract is a notice, not an error.
    With PATHS, only problems in those files are reported (the collection-wide
    checks still see every paper); with --changed-from, those in the files changed
    since REF are shown and the rest summed up in one line (GitHub shows only 10
    annotations a step). Exit 0 when valid, 1 when not, 2 on usage errors.
    """
    from .model.collection import validate_collection
    from .review.annotations import format_problems
    from .review.changed import changed_files

    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    changed = changed_files(root, base) if base else None
    validation = validate_collection(root.absolute(), only=list(paths) or None, jobs=jobs)
    text = format_problems(validation.problems, output, validation.papers, changed)
    if text:
        click.echo(text)
    sys.exit(1 if any(problem.is_error for problem in validation.problems) else 0)


@cli.command()
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many top authors to list.")
@COLLECTION_OPTION
def stats(output: str, top: int, root: Path) -> None:
    """Print the collection's statistics: papers, authors, topics, years, top authors."""
    from .model.collection import load_collection
    from .model.stats import collection_stats, format_stats

    numbers = collection_stats(load_collection(root.resolve()), top)
    click.echo(json.dumps(numbers, indent=2, ensure_ascii=False) if output == "json" else format_stats(numbers))


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option("--name", default="Our reading list", show_default=True, help="The site's name.")
@click.option("--upgrade", is_flag=True,
              help="Refresh the kit (workflows, issue form, templates, CONTRIBUTING.md, the papershelf pin) of the "
                   "existing collection in DIRECTORY [default: .]; papers and content are never touched.")
@click.option("--from", "from_", metavar="VERSION|URL",
              help="Where the kit installs papershelf from: a release (0.2.0) or a pip URL "
                   "(git+https://github.com/OWNER/papershelf@COMMIT)  [default: where this papershelf came from]")
@click.option("--force", is_flag=True,
              help="Replace files that are already there (a new collection) or kit files you edited (--upgrade).")
@click.option("--dry-run", is_flag=True, help="With --upgrade: report what would change; write nothing.")
def init(directory: Path | None, name: str, upgrade: bool, from_: str | None, force: bool, dry_run: bool) -> None:
    """Create a collection in DIRECTORY, with its GitHub kit: check, Pages, suggestion
    and link-rot workflows, issue form, pull request template, CONTRIBUTING.md,
    pre-commit and Dependabot configuration, and requirements.txt naming the
    papershelf to install (the release this is, or the git commit it was installed from).

    DIRECTORY may be new, empty, or a clone of a repository (`papershelf init .`):
    files already there (README.md, LICENSE, an MkDocs site's mkdocs.yml and docs/)
    are kept, .gitignore gains the kit's lines and requirements.txt the papershelf
    line, unless --force. A kept mkdocs.yml is not edited: init lists what to add to
    it for papershelf's pages. A papers/ of the repository's own (not papershelf's
    paper files) is refused with how to move it; a docs/ that is another generator's
    (Quarto's output, Docusaurus pages, another MkDocs project, a Sphinx or Jupyter
    Book source) is left alone (the pages go to reading-list/), and so is a site/ of
    its own (the site builds into papershelf-site/); a Jekyll site's _config.yml
    gains what init wrote in its exclude: list, a Jupyter Book's in exclude_patterns:.
    Beside a requirements.txt of the repository's code, papershelf's requirement goes
    to requirements-papershelf.txt; in a clone whose default branch is master, the
    workflows run on master.

    With --upgrade, refresh that kit in an existing collection instead. A kit file
    you edited is kept; where papershelf's version of it changed too, the difference
    is shown (exit 1) unless --force.
    """
    from .origin import install_source
    from .scaffold import create_collection, upgrade_kit

    source = install_source(from_) if from_ else None
    if upgrade:
        report = upgrade_kit(directory or Path("."), force=force, dry_run=dry_run, source=source)
        for line in report.lines():
            click.echo(line)
        sys.exit(1 if report.kept or report.kept_retired else 0)
    if dry_run:
        raise UsageError("--dry-run goes with --upgrade")
    if directory is None:
        raise UsageError("name the folder for the collection: papershelf init DIRECTORY (or `.` for this one)")
    result = create_collection(directory, name, source=source, force=force)
    for line in init_report_lines(result):
        click.echo(line)
    into = "" if Path(directory).resolve() == Path.cwd() else f"cd {directory} && "
    for line in next_step_lines(result, into):
        click.echo(line)
    for line in import_advice_lines(Path(directory), into):
        click.echo(line)


def init_report_lines(result: InitReport) -> list[str]:
    """What init wrote, kept and left out, then its warnings: all before the next steps, in the order they are read."""
    from .scaffold import PAGES_WORKFLOW, left_out_line

    lines = [f"created {path}" for path in result.created]
    lines += [f"replaced {path}" for path in result.replaced]
    lines += [f"added the kit's lines to {path}" for path in result.extended]
    lines += requirement_lines(result)
    if result.docs_dir:
        folder, why = result.docs_dir
        lines.append(f"wrote the site's pages to {folder}/, not docs/ (docs_dir: {folder} in mkdocs.yml): {why}")
    if result.site_dir:
        lines.append(f"the site builds into {result.site_dir}/, not site/ (site_dir: {result.site_dir} in mkdocs.yml): "
                     "site/ holds files of yours, and a build empties its folder first")
    lines += [f"kept {path} (already there; --force replaces it)" for path in result.kept]
    if result.pre_commit_hook:
        lines += ["To check paper files before each commit, add papershelf's hook to .pre-commit-config.yaml's repos: "
                  "list (--force would replace your hooks):", *result.pre_commit_hook]
    lines += jekyll_lines(result)
    lines += book_lines(result)
    lines += quarto_lines(result)
    lines += [left_out_line(relative, why, relative in result.theirs) for relative, why in result.left_out.items()]
    if result.branch:
        workflows = "check workflow runs" if PAGES_WORKFLOW in result.left_out else "check and Pages workflows run"
        lines.append(f"the {workflows} on pushes to {result.branch}, the branch this clone's origin publishes from")
    if result.address and any(path.name == "mkdocs.yml" for path in result.created + result.replaced):
        lines.append(f"mkdocs.yml names the site's address {result.address}: where GitHub Pages publishes this "
                     "clone's origin repository (the Pages workflow sets the address it is given)")
    return lines + ([f"Warning: {result.warning}"] if result.warning else [])


def requirement_lines(result: InitReport) -> list[str]:
    """What became of a requirements.txt that was already there: every kit workflow installs papershelf from it."""
    return kept_requirement_lines(result) + [
        f"Warning: requirements.txt pins a version papershelf cannot be installed with, {conflict}: pip refuses the "
        "whole file, so every workflow that installs it fails; change that line to a version papershelf accepts "
        "(or delete it: papershelf brings its own)" for conflict in result.requirement_conflicts]


def kept_requirement_lines(result: InitReport) -> list[str]:
    from .scaffold import OWN_REQUIREMENTS

    if result.own_requirements:
        return [f"wrote papershelf's requirement to {OWN_REQUIREMENTS}, not requirements.txt, which lists your "
                "code's dependencies: the kit's workflows install papershelf alone from it, and what installs "
                "requirements.txt does not get papershelf"]
    if result.requirement_added:
        return [f"added {result.requirement_added} to requirements.txt (its other lines kept): the kit's workflows, "
                "and any of yours that install from it, install papershelf from it"]
    if result.requirement_replaced:
        return [f"replaced requirements.txt's papershelf line {result.requirement_replaced} (--force; its other "
                "lines kept)"]
    if result.requirement_kept:
        return [f"kept requirements.txt: it already names papershelf ({result.requirement_kept}), which the kit's "
                "workflows install; papershelf init --upgrade moves that line to this papershelf"]
    return []


def book_lines(result: InitReport) -> list[str]:
    """What became of a Jupyter Book's _config.yml: the book would read the collection as pages of its own."""
    return excluded_lines(result.book, "exclude_patterns:", "the Jupyter Book would publish {} as pages of the book",
                          "their Markdown files", "the Markdown files of {}")


def jekyll_lines(result: InitReport) -> list[str]:
    """What became of a Jekyll site's _config.yml: Jekyll would publish the collection as pages of the site."""
    return excluded_lines(result.jekyll, "exclude:", "Jekyll would publish {} as pages of your site")


def quarto_lines(result: InitReport) -> list[str]:
    """What to add to a Quarto project's _quarto.yml: quarto render would publish the collection as its pages."""
    if not result.quarto:
        return []
    names = ", ".join(result.quarto)
    render = ", ".join(f'"!{entry}"' for entry in result.quarto)
    return [f"Quarto renders every Markdown file of this folder into its website, so {names} would become pages of "
            f"it: leave them out in _quarto.yml's project: render: list, after what the site renders (render: "
            f"[\"*\", {render}] renders all else as before); init does not rewrite _quarto.yml"]


def excluded_lines(outcome: tuple[list[str], bool] | None, setting: str, would_publish: str, them: str = "them",
                   files_of: str = "{}") -> list[str]:
    """The line saying what init added to a _config.yml's list of files left out, or what to add by hand."""
    if outcome is None:
        return []
    entries, added = outcome
    names = ", ".join(entries)
    if added:
        return [f"added {names} to _config.yml's {setting} list: {would_publish.format(them)}"]
    return [f"{would_publish.format(files_of.format(names))}: add them to _config.yml's {setting} list (init does not "
            "rewrite a list written on one line)"]


def next_step_lines(result: InitReport, into: str) -> list[str]:
    if not result.site_additions:
        return [f"\nNext: {into}papershelf serve"]
    from .scaffold import OWN_REQUIREMENTS, REQUIREMENTS

    requirements = OWN_REQUIREMENTS if result.own_requirements else REQUIREMENTS
    builds = [f"{path} builds this site but does not install {requirements}, which names papershelf: once mkdocs.yml "
              "lists the plugin, that build fails ('The \"papershelf\" plugin is not installed') until it installs "
              "papershelf too, wherever it gets mkdocs from (pyproject.toml with uv or poetry, its pip install line)"
              for path in result.site_builds]
    unbuilt = [f"{path} publishes this site only on pushes that change the files its paths: filter names, and "
               f"{', '.join(missed)} {'is' if len(missed) == 1 else 'are'} not among them: a paper merged alone "
               f"would not reach the site until you add {', '.join(glob_of(name) for name in missed)} to that list"
               for path, missed in result.unbuilt]
    return ["\nYour mkdocs.yml was kept. For papershelf's pages, add to it (into the lists it has already):",
            *(f"    {line}" for line in result.site_additions), *builds, *unbuilt, f"Then: {into}papershelf serve"]


def glob_of(name: str) -> str:
    """How a workflow's paths: filter names a folder (with everything under it) or a file."""
    return f"{name}**" if name.endswith("/") else name


def import_advice_lines(directory: Path, into: str) -> list[str]:
    """The import hint, and the command that imports each bibliography, reading list or notes the folder holds."""
    from .scaffold import bibliographies_in, import_advice
    from .sources.hugo import site_publications

    lines = [IMPORT_HINT]
    lines += [f"This folder lists papers in {found}: {import_advice(found, directory, into)}"
              for found in bibliographies_in(directory)]
    hugo = site_publications(directory)
    if hugo:
        folder, pages = hugo
        lines.append(f"This folder is a Hugo site with {pages} publication page{'s' * (pages != 1)}: "
                     f"{import_advice(shown(directory, folder), directory, into)}; docs/importing.md, "
                     "\"A Hugo research site\"")
    return lines


@cli.command()
@click.option("--issue-body", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A file holding the issue's body (the Markdown GitHub writes from the form).")
@click.option("--github-event", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The Actions event file ($GITHUB_EVENT_PATH) of an issue event: body and number are read from it.")
@click.option("--issue", "issue_number", type=int, help="The issue's number, for 'Closes #N' [default: from the event].")
@click.option("--dry-run", is_flag=True, help="Show the paper file and the pull request; write nothing.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write pr-title.txt, pr-body.md and commit-message.txt there, or comment.md when the "
                   "suggestion cannot be added.")
@with_sources()
@COLLECTION_OPTION
def suggest(issue_body: Path | None, github_event: Path | None, issue_number: int | None, dry_run: bool,
            output_dir: Path | None, sources: Sources, root: Path) -> None:
    """Add the paper of a "Suggest a paper" issue: read the form (arXiv id or DOI,
    topics, why), run `papershelf add`, and prepare the pull request that closes
    the issue. The suggestion workflow runs this when a maintainer labels the
    issue add-paper; run it locally with --issue-body FILE --dry-run.

    Exit 0 when the paper was added (or would be), 1 when the suggestion cannot be
    added (the reasons are printed, and written to comment.md), 2 on usage errors.
    """
    from .review.suggest import pull_request_body, pull_request_title, read_github_event, suggest_paper, write_outputs

    if github_event is not None and issue_body is None:
        body, event_number = read_github_event(github_event)
        issue_number = issue_number or event_number
    elif issue_body is not None and github_event is None:
        body = issue_body.read_bytes().decode("utf-8", errors="replace")
    else:
        raise UsageError("give either --issue-body FILE or --github-event FILE")
    outcome = suggest_paper(root, body, dry_run=dry_run, sources=sources)
    if output_dir is not None:
        write_outputs(outcome, output_dir, issue_number, root)
    if not outcome.ok:
        click.echo("The suggestion cannot be added:", err=True)
        for problem in outcome.problems:
            click.echo(f"- {terminal_safe(problem)}", err=True)
        sys.exit(1)
    path = shown(root, outcome.paper.path)
    if dry_run:
        click.echo(f"would write {path}:\n\n{outcome.paper.text}")
        click.echo(f"pull request: {terminal_safe(pull_request_title(outcome))}\n")
        click.echo(terminal_safe(pull_request_body(outcome, issue_number, path)))
    else:
        click.echo(f"added {path}")


@cli.command()
@click.option("--since", default="7d", show_default=True, metavar="DAYS",
              help="The window: papers of the last N days (7d) or weeks (2w), at most 31 days.")
@click.option("--until", "until", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              envvar="PAPERSHELF_WATCH_UNTIL", help="The window's last day [env: PAPERSHELF_WATCH_UNTIL; default: today].")
@click.option("--format", "output", type=click.Choice(["text", "json", "markdown", "issue"]), default="text",
              show_default=True, help="issue: the body of the Candidates issue, with checkboxes.")
@click.option("--previous-issue", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The open Candidates issue (`gh issue list --json number,body` output, or its body): its "
                   "added and declined papers are not proposed again, its ticks are kept.")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write there instead of printing.")
@click.option("--scorer", type=click.Choice(["profile", "classifier"]), default="profile", show_default=True,
              help="profile: similarity to the topic's papers and description; classifier: a per-topic linear "
                   "classifier (benchmarks/watch_ranking.py compares them).")
@TOPIC_OPTION
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="mkdocs.yml holding the plugin's `watch:` option  [default: mkdocs.yml in --root].")
@with_sources(crossref=False, hf=True)
@COLLECTION_OPTION
def watch(since: str, until: dt.datetime | None, output: str, previous_issue: Path | None, output_file: Path | None,
          scorer: str, topics: tuple[str, ...], config_file: Path | None, sources: Sources, root: Path) -> None:
    """Find new papers for each topic: read the last days of arXiv (categories and/or
    query) and Hugging Face Daily Papers as mkdocs.yml's `watch:` option says, leave out
    papers already in the collection (arXiv id, DOI, title) or declined, and rank the
    rest for every topic by the papers it holds, with the paper each is most like and
    the words that matched.

    Exit 0 when at least one source was read, 1 when none could be, 2 on usage errors.
    """
    import datetime as dt

    from .model.writer import replace_file
    from .watch.config import read_watch_config
    from .watch.issue import IssueState, read_previous_issue
    from .watch.run import run_watch

    config = read_watch_config(config_file or root / "mkdocs.yml")
    previous = IssueState()
    if previous_issue is not None:
        previous, _ = read_previous_issue(previous_issue.read_bytes().decode("utf-8", errors="replace"))
    day = until.date() if until else dt.date.today()
    run = run_watch(root, config, since, day, previous, scorer, list(topics) or None, sources)
    for failure in run.feeds.failures:
        click.echo(terminal_safe(f"Warning: {' '.join(failure.split())}"), err=True)
    text = run.render(output)
    if output_file is not None:
        replace_file(output_file, text)
        click.echo(f"wrote {output_file}", err=True)
    else:
        # markdown and issue text went through md() (terminal_safe, then word joiners that must stay); JSON is ASCII
        click.echo(terminal_safe(text) if output == "text" else text, nl=False)
    if not run.feeds.read_from:
        sys.exit(1)


@cli.command("add-candidates")
@click.option("--github-event", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=True,
              help="The Actions event file ($GITHUB_EVENT_PATH) of the add-candidates label applied to the Candidates issue.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Write pr-title.txt, pr-body.md, commit-message.txt and issue-body.md there (comment.md when "
                   "nothing could be added).")
@with_sources(crossref=False)
@COLLECTION_OPTION
def add_candidates(github_event: Path, output_dir: Path, sources: Sources, root: Path) -> None:
    """Add the papers ticked in the Candidates issue, each under its suggested topics,
    and prepare one pull request and the issue's new body (unticked papers are declined).
    The Candidates workflow runs this when the add-candidates label is applied, after
    checking that the person who applied it may write.

    Exit 0 when at least one paper was added, 1 when none was, 2 on usage errors.
    """
    from .watch.accept import ADD_LABEL, accept_ticked, read_event, write_outputs

    event = read_event(github_event)
    if event.label != ADD_LABEL:
        raise UsageError(f"the event is not the '{ADD_LABEL}' label being applied")
    outcome = accept_ticked(root, event.body, sources=sources)
    write_outputs(outcome, event, output_dir, root)
    for arxiv_id, result in outcome.added:
        click.echo(f"added {shown(root, result.path)} (arXiv {arxiv_id})")
    for arxiv_id, why in outcome.failed.items():
        click.echo(terminal_safe(f"not added: arXiv {arxiv_id}: {' '.join(why.split())}"), err=True)
    if not outcome.ok:
        click.echo("no paper was added", err=True)
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Write the changes without asking.")
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing and ask nothing.")
@click.option("--batch", default=20, show_default=True, type=click.IntRange(1, 100),
              help="arXiv ids asked for in one API request.")
@with_sources(crossref=False)
@COLLECTION_OPTION
def update(paths: tuple[Path, ...], yes: bool, dry_run: bool, batch: int, sources: Sources, root: Path) -> None:
    """Refresh papers that have an arXiv id (all, or PATHS) from the arXiv API: a DOI
    and venue (the journal reference) they lack, and an arXiv PDF link moved to the
    latest version. Shows the diff of each file first; writes with --yes or after you
    confirm; never with --dry-run. Values a paper already has are never replaced.

    Exit 0 when nothing needed updating or the updates were written, 1 when updates
    are pending (dry run, or declined), 2 on usage errors.
    """
    from .intake.update import plan_updates, write_updates

    if yes and dry_run:
        raise UsageError("--yes and --dry-run contradict each other")
    report = plan_updates(root, list(paths) or None, sources=sources, batch=batch)
    for item in report.updates:
        click.echo(terminal_safe(item.diff(item.paper.path)), nl=False)
        click.echo(f"  arXiv {item.now.arxiv_id}: latest version {item.now.version} ({item.now.updated})\n")
    for path in report.missing:
        click.echo(f"{path}: arXiv returned nothing for its id; check the arxiv field", err=True)
    click.echo(f"{len(report.updates)} paper{'s' * (len(report.updates) != 1)} to update, "
               f"{len(report.current)} up to date, {len(report.missing)} not found on arXiv")
    if not report.updates:
        sys.exit(0)
    if dry_run:
        sys.exit(1)
    if not yes:
        if not sys.stdin.isatty():
            click.echo("Not written: run with --yes to write these changes (or --dry-run to only show them).")
            sys.exit(1)
        if not click.confirm("Write these changes?", default=False):
            click.echo("Nothing written.")
            sys.exit(1)
    for path in write_updates(root, report):
        click.echo(f"updated {path}")


@cli.command()
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--external", is_flag=True,
              help="Check every paper's outside links (links, DOI) on the network instead of a built site.")
@click.option("--format", "output", type=click.Choice(["text", "github", "markdown", "json"]), default="text",
              show_default=True, help="github: annotations; markdown: the dead-links report (with --external).")
@click.option("--per-host", default=2, show_default=True, type=click.IntRange(1, 16),
              help="With --external: requests in flight at once to one host.")
@click.option("--timeout", default=15.0, show_default=True, type=click.FloatRange(0.1, 300),
              help="With --external: seconds to wait for an answer.")
@click.option("--retries", default=2, show_default=True, type=click.IntRange(0, 5),
              help="With --external: retries after a timeout, a failed connection, 429 or 5xx.")
@click.option("--update-issue", is_flag=True,
              help="With --external, in GitHub Actions: keep one issue labelled dead-links up to date "
                   "(needs GITHUB_TOKEN and GITHUB_REPOSITORY).")
@ROOT_OPTION
def links(site_dir: Path | None, external: bool, output: str, per_host: int, timeout: float, retries: int,
          update_issue: bool, root: Path) -> None:
    """Check links. SITE_DIR: a built site's internal links, offline (a missing page or anchor).
    --external: every paper's outside links, concurrently and politely (per-host limit,
    HEAD then GET, redirects followed and reported, Retry-After obeyed).

    Exit 0 when nothing is broken or dead, 1 when something is (with --update-issue:
    0 once the issue is up to date), 2 on usage errors.
    """
    if external:
        sys.exit(check_external_links(root, output, per_host, timeout, retries, update_issue))
    if site_dir is None:
        raise UsageError("give the built site's folder (papershelf links site/), or --external")
    from .review.linkcheck import report_broken_links

    if not site_dir.is_dir():
        raise UsageError(f"{site_dir}: no such folder; build the site first (papershelf build -d {site_dir})")
    sys.exit(report_broken_links(site_dir, output))


def link_address_policy() -> AddressPolicy:
    """Public addresses only. PAPERSHELF_TEST_ALLOW_NETWORKS (CIDRs, comma-separated) lets tests reach their
    stand-in servers on 127.0.0.1; nothing else sets it."""
    import ipaddress

    from .sources.net import AddressPolicy

    allowed = os.environ.get("PAPERSHELF_TEST_ALLOW_NETWORKS", "")
    try:
        return AddressPolicy(allowed=tuple(ipaddress.ip_network(item.strip()) for item in allowed.split(",")
                                           if item.strip()))
    except ValueError as error:
        raise UsageError(f"PAPERSHELF_TEST_ALLOW_NETWORKS: {error}") from None


def check_external_links(root: Path, output: str, per_host: int, timeout: float, retries: int,
                         update_issue: bool) -> int:
    from .model.collection import check_collection
    from .review.annotations import escape_data, escape_property
    from .review.github_issue import GitHubIssues, keep_issue_updated
    from .review.linkrot import CheckOptions, check_links, collect_links, issue_body

    issues = GitHubIssues.from_environment() if update_issue else None
    collection, _ = check_collection(root.absolute())
    found = collect_links(collection.papers)
    options = CheckOptions(per_host=per_host, timeout=timeout, retries=retries, addresses=link_address_policy())
    results = check_links(found, options)
    dead = [r for r in results if r.state == "dead"]
    if output == "json":
        click.echo(json.dumps([{"url": r.url, "state": r.state, "status": r.status, "final_url": r.final_url,
                                "reason": r.reason, "uses": [vars(u) for u in r.uses]} for r in results], indent=2))
    elif output == "markdown":
        click.echo(issue_body(results), nl=False)
    else:
        for result in results:
            if result.state in ("redirected", "dead", "unknown", "refused"):
                if output == "github" and result.state == "dead":
                    for use in result.uses:
                        click.echo(f"::warning file={escape_property(use.paper)},title=Dead link::"
                                   + escape_data(f"{use.field}: {result.url}: {result.reason}"))
                else:
                    click.echo(result.text())
        counts = {state: sum(r.state == state for r in results)
                  for state in ("ok", "redirected", "dead", "unknown", "refused")}
        click.echo(f"{len(results)} outside links checked: {counts['ok']} ok, {counts['redirected']} redirected, "
                   f"{counts['dead']} dead, {counts['unknown']} unknown (rate-limited or refusing robots)"
                   + (f", {counts['refused']} refused (not public addresses)" if counts["refused"] else ""))
    if issues is not None:
        click.echo(keep_issue_updated(issues, "dead-links", "Dead links in papers", issue_body(results), bool(dead)))
        return 0
    return 1 if dead else 0


@cli.command("pr-summary")
@click.option("--base", required=True, metavar="REV", help="The commit the pull request is based on.")
@click.option("--head", default="HEAD", show_default=True, metavar="REV",
              help="The pull request's commit: its files are read from git's objects, never from a checkout.")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Append the Markdown summary to this file (in CI: $GITHUB_STEP_SUMMARY); default: print it.")
@click.option("--comment", "comment_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary as a pull request comment to this file: marked so that a workflow "
                   "updates its one comment, cut to fit one (60 KiB), ending with --run-url.")
@click.option("--run-url", envvar="PAPERSHELF_RUN_URL", metavar="URL",
              help="Where the whole summary is (the workflow run's page), named at the comment's end.")
@ROOT_OPTION
@click.pass_context
def pr_summary(ctx: click.Context, base: str, head: str, summary_file: Path | None, comment_file: Path | None,
               run_url: str | None, root: Path) -> None:
    """Summarize what a pull request changes, for a maintainer: the errors merging it would bring,
    flags (workflows, dependencies, code, configuration, renamed papers, files leaving papers/,
    authors.yml and topics.yml changes, a paper's arXiv id or DOI changed), the published pages that
    would answer 404 and the new ones (papershelf's and the site's own in docs_dir; a new site_url
    moves them all), then the papers added, changed and removed, and every changed field. A branch
    behind BASE is judged on the collection as merging it would leave it, read where each side's
    mkdocs.yml puts it (root, papers_dir, topics_file, authors_file).

    ROOT is a checkout of the BASE branch holding HEAD's commits (fetched, not checked out): the pull
    request's files are read as data, so nothing it contains runs. Exit 0, or 1 when a file is refused
    (a symbolic link or submodule in papers/), 2 on errors.
    """
    from .review.prcheck import write_summary

    summary, notes, ok = write_summary(root, base, head, summary_file, comment_file, run_url)
    if summary_file is None:
        click.echo(summary)
    for line in notes:
        click.echo(line)
    ctx.exit(0 if ok else 1)


@cli.command("pr-comment")
@click.argument("comment_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pr", "number", required=True, type=click.IntRange(min=1), help="The pull request's number.")
def pr_comment(comment_file: Path, number: int) -> None:
    """Post COMMENT_FILE (written by `pr-summary --comment`) on pull request PR, or update the comment
    that holds it: one comment, edited on every push. Talks to the GitHub API with GITHUB_TOKEN for
    GITHUB_REPOSITORY (at GITHUB_API_URL), as a GitHub Actions step has them.
    """
    from .review.github_issue import GitHubIssues, keep_comment_updated
    from .review.prcheck import COMMENT_MARKER

    body = comment_file.read_text(encoding="utf-8")
    if not body.startswith(COMMENT_MARKER):
        raise UsageError(f"{comment_file}: not a comment `papershelf pr-summary --comment` wrote (it starts with "
                         f"{COMMENT_MARKER}); nothing was posted")
    click.echo(keep_comment_updated(GitHubIssues.from_environment("pr-comment"), number, body, COMMENT_MARKER))


@cli.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the site.")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on MkDocs warnings.")
def build(config_file: Path, site_dir: Path | None, strict: bool) -> None:
    """Build the site with MkDocs (mkdocs build)."""
    args = ["build", "-f", str(config_file)] + (["-d", str(site_dir)] if site_dir else []) + (["--strict"] if strict else [])
    sys.exit(run_mkdocs(args))


@cli.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site with live reload on edits to papers/, topics.yml, authors.yml and docs/.

    A save that breaks the site (or a collection broken when serve starts) shows the error
    (file, line, problem) in the browser until the next save that builds; exports (papers.json,
    papers.bib, feed.xml) stay current.
    """
    require_free_address(dev_addr)
    # click >= 8.2.2 turns MkDocs 1.6's --livereload flag default off (mkdocs#4032): ask for it.
    # --dirty keeps the site folder between rebuilds, so an edited paper rebuilds only its pages.
    sys.exit(run_mkdocs(["serve", "-f", str(config_file), "-a", dev_addr, "--livereload", "--dirty"]))


def require_free_address(dev_addr: str) -> None:
    """Refuse an address another server holds before MkDocs builds the site and then fails with a traceback."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        return  # MkDocs says what the address should look like
    with socket.socket(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET) as probe:
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UsageError(f"{dev_addr} is in use (another `papershelf serve`?): stop that server, or serve "
                                 f"elsewhere with -a {host}:{int(port) + 1}") from None
            raise UsageError(f"cannot serve on {dev_addr}: {error.strerror}") from None


def shown(root: Path, path: Path) -> str:
    """`path` as users think of it: relative to the collection."""
    try:
        return Path(path).absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(path)


def run_mkdocs(args: list[str]) -> int:
    from .model.site_config import require_papershelf_site

    config_file = Path(args[args.index("-f") + 1])
    if not config_file.exists():
        raise UsageError(f"no {config_file} here: run this in a collection, or pass -f")
    require_papershelf_site(config_file)
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # -P: the collection's folder is not put on sys.path, so a `mkdocs/` folder in it cannot replace MkDocs.
    return subprocess.call([sys.executable, "-P", "-m", "mkdocs", *args], env=environment)


@cli.command("schema")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), default="schema/paper.schema.json")
def schema_command(output: Path) -> None:
    """Write the JSON Schema of paper front matter (for editors) to OUTPUT [default:
    schema/paper.schema.json]."""
    from .model.schema import paper_json_schema
    from .model.writer import replace_file

    replace_file(output, json.dumps(paper_json_schema(), indent=2, ensure_ascii=False) + "\n")
    click.echo(f"wrote {output}")


def main() -> None:
    cli(prog_name="papershelf")


if __name__ == "__main__":
    main()
