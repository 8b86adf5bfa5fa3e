"""`papershelf init`: a new collection that builds at once, with the whole kit; `init --upgrade` refreshes the kit.

The scaffold has two kinds of files. *Content* (README.md, mkdocs.yml,
topics.yml, docs/, papers/) belongs to the collection from the first day:
`init` writes it once and nothing ever touches it again. The *kit* (the
workflows, issue form, pull request template, Dependabot and pre-commit
configuration, CONTRIBUTING.md and requirements.txt with papershelf pinned to
the release that wrote it) is papershelf's: `init --upgrade` refreshes it.

`init` records the SHA-256 of each kit file it writes in `.papershelf-kit.json`.
On upgrade a kit file whose text still has that hash (or the hash of a file an
older release shipped) was not edited and is replaced; a file the collection
edited is kept and reported with the difference, and replaced only with
`force`; an edited file whose papershelf version did not change since it was
written is kept without a word. requirements.txt is never replaced wholesale:
only its papershelf line moves to where this papershelf came from (origin.py).

`init` also works inside a repository that already exists (a clone holding
`.git`, a README, a LICENSE, a .gitignore): files already there are kept (the
.gitignore gains the kit's lines it lacks), unless `force`.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import os
import re
import shlex
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from . import __version__
from .model.problems import UsageError
from .model.site_config import missing_for_papershelf, plugins_of, read_site_config
from .model.writer import replace_file, write_new_file
from .origin import InstallSource, install_source, source_repository
from .sources.detect import CSV_FORMATS, LINKS, detect_format, parse_import
from .sources.hugo import CONFIG_FILES as HUGO_CONFIG_FILES
from .sources.identifiers import arxiv_mentions
from .sources.links import linked_papers
from .sources.notes import (
    has_paper_notes,
    holds_paper_notes,
    holds_paper_notes_naming_papers,
    holds_papershelf_papers,
    not_notes,
)

SCAFFOLD = Path(__file__).parent / "scaffold"
PYPI_PAGE = "https://pypi.org/project/papershelf/"
# What a collection may already hold when `init` writes around it (a new GitHub repository's clone).
PAPERS = "papers"
NOTES_FOLDERS = ("notes", "paper-notes")  # where init advises moving a papers/ of the repository's own
MAX_COUNTED = 100_000
GITIGNORE = ".gitignore"
MANIFEST = ".papershelf-kit.json"
REQUIREMENTS = "requirements.txt"
# The kit's requirements file beside a requirements.txt of the repository's code (numpy, pandas, torch…), which the
# kit's workflows need not install, nor papershelf join: the kit's texts name this file instead
OWN_REQUIREMENTS = "requirements-papershelf.txt"
KIT_PREFIXES = (".github/", "CONTRIBUTING.md", ".pre-commit-config.yaml", REQUIREMENTS, OWN_REQUIREMENTS)
REQUIREMENT_ADDED = "\n# papershelf: the kit's workflows install it from here (papershelf init --upgrade moves this line)\n"
PIN = re.compile(r"^papershelf\s*(?:\[[^\]]*\])?\s*(?:@\s*\S+|[=<>!~]=?[^#\s]*)?(?P<rest>\s*(?:#.*)?)$",
                 re.IGNORECASE)
# Kit files an older release wrote that this one no longer ships, with the hashes of their shipped text:
# removed on upgrade when unedited. 0.1.0 wrote one workflow, now split into check.yml and pages.yml.
RETIRED = {
    ".github/workflows/site.yml": {"b80aa053360005f6ccd23d792038138f794b3daf7d804feaf0e2d8437d447337"},
}
PAGES_WORKFLOW = ".github/workflows/pages.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
SITE_CONFIG = "mkdocs.yml"
# What other workflows write to publish a repository's website to GitHub Pages.
PAGES_PUBLISHERS = ("actions/deploy-pages", "actions/upload-pages-artifact", "actions/jekyll-build-pages",
                    "peaceiris/actions-gh-pages", "JamesIves/github-pages-deploy-action", "gh-deploy",
                    "quarto publish gh-pages", "ghp-import", "docusaurus deploy", "gh-pages -d")
# Where a repository publishes by hand, or has a workflow do it through (`make deploy`, `npm run deploy`): a
# Makefile's target (MichaelCurrin/mkdocs-quickstart's docs/Makefile runs mkdocs gh-deploy; a Jupyter Book's,
# ghp-import) or package.json's scripts (the gh-pages package). Not package.json's `docusaurus deploy`: every
# Docusaurus site's template has that script, those deployed to Netlify or Vercel too.
PUBLISHING_FILES = {"Makefile": PAGES_PUBLISHERS, "docs/Makefile": PAGES_PUBLISHERS,
                    "package.json": ("gh-pages -d", "ghp-import")}
# Quarto's own publishing action, the workflow Quarto's GitHub Pages guide gives: `quarto publish gh-pages` run by
# quarto-dev/quarto-actions/publish, its target (`target:` or `to:`) the gh-pages branch
QUARTO_PUBLISH_ACTION = "quarto-dev/quarto-actions/publish"
QUARTO_PUBLISH_TARGET = re.compile(r"^\s*(?:target|to)\s*:\s*[\"']?gh-pages\b", re.MULTILINE)
# `quarto publish gh-pages` run once by hand records the branch in _publish.yml (`- source: project` / `gh-pages:`),
# which that action (without a target) and later `quarto publish` read
QUARTO_PUBLISH_RECORD = re.compile(r"^\s*gh-pages\s*:", re.MULTILINE)
# A Docusaurus site's configuration at its top: its docs/ and blog/ are the site's pages
DOCUSAURUS_CONFIGS = tuple(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs"))
MAX_WORKFLOW_BYTES = 1024 * 1024
WORKFLOWS = ".github/workflows/"
# The branch the kit's check and Pages workflows run on (`on: push: branches: [main]`, and their comments say so):
# GitHub's default for a new repository, or the default branch of the clone init writes into (an older
# repository's `master`), which GitHub Pages deploys from.
DEFAULT_BRANCH = "main"
ON_MAIN = re.compile(r"(?<![\w.-])main(?![\w.-])")
# A branch name written into the workflows as it is: no glob characters (branches: filters are patterns), no quotes
BRANCH_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")
# Hashes of kit files as older releases shipped them (collections made before the manifest existed).
SHIPPED_BEFORE: dict[str, set[str]] = {}


def is_kit(relative: str) -> bool:
    return relative.startswith(KIT_PREFIXES)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scaffold_files(site_name: str = "", source: InstallSource | None = None, branch: str = DEFAULT_BRANCH,
                   requirements: str = REQUIREMENTS) -> dict[str, str]:
    """Every scaffold file as it would be written: relative path -> text; the workflows run on `branch` and
    install papershelf from the file `requirements`."""
    source = source or install_source()
    files = {}
    for path in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = path.relative_to(SCAFFOLD).as_posix()
        text = render_template(path.read_text(encoding="utf-8"), site_name, source)
        if branch != DEFAULT_BRANCH and relative.startswith(WORKFLOWS):
            text = ON_MAIN.sub(branch, text)
        if requirements != REQUIREMENTS and is_kit(relative):
            text = text.replace(REQUIREMENTS, requirements)
            relative = requirements if relative == REQUIREMENTS else relative
        files[relative] = text
    return files


def render_template(text: str, site_name: str, source: InstallSource) -> str:
    """Fill the placeholders; workflows keep their `${{ }}` expressions (no str.format)."""
    # JSON strings are valid double-quoted YAML scalars: the name cannot break mkdocs.yml
    text = text.replace('"{site_name}"', json.dumps(site_name)).replace("{site_name}", site_name)
    text = text.replace('"{papershelf_requirement}"', json.dumps(source.requirement))
    text = text.replace("{papershelf_requirement}", source.requirement)
    text = text.replace("{papershelf_version}", __version__)
    return text.replace("{papershelf_home}", papershelf_home(source)) if "{papershelf_home}" in text else text


def papershelf_home(source: InstallSource) -> str:
    """The page a collection's README links for papershelf: its repository (where it came from), else PyPI."""
    match = re.match(r"^papershelf @ git\+(https://[^@#\s]+?)(?:\.git)?@", source.requirement)
    return match[1] if match else source_repository() or PYPI_PAGE


def other_website(directory: Path, kit: Iterable[str] = ()) -> str | None:
    """What already publishes a website to the GitHub Pages of the repository in `directory`, in words (None if
    nothing does): a workflow of its own that deploys to Pages, a Makefile or package.json script that publishes
    one (PUBLISHING_FILES), or, in the branch's top folder or its docs/ (where Pages serves a branch from), a
    Jekyll site (not a Jupyter Book's _config.yml), a custom domain, an `index.html` or a `.nojekyll`. A repository
    has one Pages site: papershelf's pages.yml would replace it."""
    workflows = directory / ".github" / "workflows"
    for path in sorted(workflows.glob("*.y*ml")) if workflows.is_dir() else []:
        relative = path.relative_to(directory).as_posix()
        if relative in kit or path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_WORKFLOW_BYTES:
            continue
        publisher = workflow_publisher(path.read_text(encoding="utf-8", errors="replace"))
        if publisher:
            return f"{relative} deploys one with {publisher}"
    for relative, markers in PUBLISHING_FILES.items():
        path = directory / relative
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_WORKFLOW_BYTES:
            text = path.read_text(encoding="utf-8", errors="replace")
            publisher = next((marker for marker in markers if marker in text), None)
            if publisher:
                return f"{relative} publishes one with {publisher}"
    for record in ("_publish.yml", "_publish.yaml"):
        path = directory / record
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_WORKFLOW_BYTES and \
                QUARTO_PUBLISH_RECORD.search(path.read_text(encoding="utf-8", errors="replace")):
            return f"{record} records that quarto publish gh-pages pushes its website to the gh-pages branch"
    if has_origin_branch(directory, PAGES_BRANCH):
        return (f"its origin has a {PAGES_BRANCH} branch, where mkdocs gh-deploy, ghp-import and quarto publish put a "
                "website for GitHub Pages to serve")
    for folder in ("", "docs/"):  # Pages serves a branch's top folder or its docs/
        if (directory / folder / "_config.yml").is_file() and not is_jupyter_book(directory / folder):
            return f"{folder}_config.yml is a Jekyll site, which GitHub Pages builds from the branch"
        if (directory / folder / "CNAME").is_file():
            return f"{folder}CNAME names the custom domain of its GitHub Pages site"
        for marker in ("index.html", ".nojekyll"):
            if (directory / folder / marker).is_file():
                return f"{folder}{marker} is a website GitHub Pages serves from the branch"
    return None


PAGES_BRANCH = "gh-pages"


def has_origin_branch(directory: Path, branch: str) -> bool:
    """Whether the clone at `directory` knows a branch of its origin called `branch` (git clone fetches them all)."""
    if not (directory / ".git").exists():
        return False
    try:
        answer = subprocess.run(["git", "-C", str(directory), "rev-parse", "--verify", "--quiet",
                                 f"refs/remotes/origin/{branch}"], capture_output=True, text=True, timeout=10,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return answer.returncode == 0


def workflow_publisher(text: str) -> str | None:
    """What in a workflow's text deploys a website to GitHub Pages, in words; None when nothing does."""
    if QUARTO_PUBLISH_ACTION in text and QUARTO_PUBLISH_TARGET.search(text):
        return f"{QUARTO_PUBLISH_ACTION} to the gh-pages branch"
    return next((marker for marker in PAGES_PUBLISHERS if marker in text), None)


# Where a repository keeps the bibliography it already has: al-folio's and jekyll-scholar's _bibliography/, Hugo
# Blox's publications.bib, a LaTeX or Quarto project's references.bib beside its text.
# At the top and one folder down (al-folio's _bibliography/, a paper's or thesis's latex/references.bib)
BIBLIOGRAPHY_PLACES = ("*.bib", "*.ris", "*.nbib", "*.enw", "*/*.bib", "*/*.ris", "assets/bibliography/*.bib")
# Folders that hold other tools' copies, builds and dependencies, not the group's own bibliography
NOT_THE_GROUPS = frozenset({"site", "_site", "public", "build", "dist", "node_modules", "venv", "env", "vendor"})
# Where a reading list may be, and kept only if `import` reads it: a sheet saved as CSV, Markdown with arXiv links
READING_LIST_PLACES = ("*.csv", "data/*.csv", "*.md")
MIN_LINKS = 2  # arXiv papers a Markdown file links to be a reading list, not a README that cites its own paper
PEEK_BYTES = 256 * 1024
MAX_BIBLIOGRAPHIES = 5
# Folders of paper notes (an Obsidian vault's Papers/, a site's _papers/ or docs/notes/2025/): up to three down, at
# most MAX_NOTE_FOLDERS folders looked into, each by its own first Markdown files
NOTE_FOLDER_PLACES = ("*/", "*/*/", "*/*/*/")
MAX_NOTE_FOLDERS = 300
QUARTO_OUTPUT = re.compile(r"^\s+output-dir:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)
JEKYLL_DEFAULT_EXCLUDES = ("Gemfile", "Gemfile.lock", "node_modules", "vendor/bundle/", "vendor/cache/",
                           "vendor/gems/", "vendor/ruby/")
DOCS_FOLDERS = ("reading-list", "papershelf-docs")  # the site's pages, when docs/ is another generator's
MAX_PEEK_IMPORT = 16 * 1024 * 1024  # an import file init reads whole to count its folders
BLOG_SECTIONS = ("post", "posts", "blog")  # Hugo's content/<section>/ of blog posts


def bibliographies_in(directory: Path) -> list[str]:
    """The bibliography files and reading lists a repository already holds (BIBLIOGRAPHY_PLACES,
    READING_LIST_PLACES), relative to it; at most MAX_BIBLIOGRAPHIES, for `init` to name the command that imports
    them."""
    files = [path for pattern in BIBLIOGRAPHY_PLACES for path in directory.glob(pattern)]
    files += [path for pattern in READING_LIST_PLACES for path in directory.glob(pattern)
              if path.is_file() and is_reading_list(path)]
    rendered = rendered_folders(directory)
    found = sorted({path.relative_to(directory).as_posix() for path in files if path.is_file()
                    and not path.is_symlink() and is_the_groups(path.relative_to(directory), rendered)})
    return (found + note_folders_in(directory, rendered))[:MAX_BIBLIOGRAPHIES]


def note_folders_in(directory: Path, rendered: set[str] | None = None) -> list[str]:
    """The folders of paper notes a repository keeps (notes.looks_like_paper_note: front matter with a title and
    authors, a year or an arXiv id), as `import FOLDER` reads them."""
    # is_the_groups judges the folders a file is in: a note of the folder stands for the folder itself
    folders = (path for pattern in NOTE_FOLDER_PLACES for path in directory.glob(pattern)
               if path.is_dir() and not path.is_symlink()
               and is_the_groups(path.relative_to(directory) / "note.md", rendered or set())
               and not not_notes(path.name))
    hugo, docusaurus = is_hugo_site(directory), is_docusaurus_site(directory)
    return [folder.relative_to(directory).as_posix() + "/" for folder in itertools.islice(folders, MAX_NOTE_FOLDERS)
            if (holds_paper_notes_naming_papers if is_site_pages(folder.relative_to(directory), hugo, docusaurus)
                else holds_paper_notes)(folder)]


def is_site_pages(relative: Path, hugo: bool, docusaurus: bool = False) -> bool:
    """A website's folder of pages (Jekyll's _posts/; Hugo's content/post/, posts/ or blog/, and in a Hugo site
    every folder of content/: its events, projects, talks; every folder of a Docusaurus site: its docs/ and blog/
    pages have a title and authors): a page has a title, authors and a date, so it is a note on a paper only when
    it names one."""
    parts = [part.lower() for part in relative.parts]
    if "_posts" in parts or docusaurus:
        return True
    return parts[0] == "content" and (hugo or (len(parts) > 1 and parts[1] in BLOG_SECTIONS))


def is_jupyter_book(folder: Path) -> bool:
    """A Jupyter Book's sources: its _config.yml (not Jekyll's) beside its table of contents."""
    return any((folder / name).is_file() for name in ("_toc.yml", "_toc.yaml"))


def is_docusaurus_site(directory: Path) -> bool:
    return any((directory / name).is_file() for name in DOCUSAURUS_CONFIGS)


def is_hugo_site(directory: Path) -> bool:
    """A Hugo site's configuration at the top: hugo.toml, config.yaml … or config/_default/."""
    return any((directory / name).is_file() for name in HUGO_CONFIG_FILES) or \
        (directory / "config" / "_default").is_dir()


def import_folders(path: Path) -> int:
    """How many folders an import file files its entries in, which `import --add-topics` makes topics: a reading
    list's sections, a library's collections, groups or folders, a sheet's Topic column; 0 for a folder of notes, a
    file too big to peek at, or one `import` cannot read (it says why when run)."""
    if not path.is_file() or path.stat().st_size > MAX_PEEK_IMPORT:
        return 0
    text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    try:
        kind, parsed = parse_import(text, path.name)
    except Exception:  # noqa: BLE001 - a hint only: `import` itself reports what it cannot read
        return 0
    if kind == LINKS:
        return len({section for paper in linked_papers(text) for section in paper.sections})
    return len({group for draft in parsed.drafts for group in draft.groups})


def import_advice(found: str, directory: Path, into: str) -> str:
    """The command that imports `found` into the collection just written, runnable as printed: the topic ids its
    topics.yml has, and --add-topics where the file files its entries in folders or sections."""
    ids = topic_ids(directory) or ["TOPIC"]
    topic, count = ids[0], len(ids)
    which = (f"{topic} is topics.yml's one topic: rename it there, or add yours, to file them by subject" if count == 1
             else f"or another topic of topics.yml: {', '.join(ids[1:])}")
    folders = import_folders(directory / found)
    if folders:
        return (f"{into}papershelf import {found} --add-topics --topic {topic} makes them papers: --add-topics makes "
                f"the {folders} folder{'s' * (folders != 1)} it files them in (sections, collections, groups, a Topic "
                f"column's values) topics of topics.yml, and --topic {topic} takes the papers in none")
    return f"{into}papershelf import {found} --topic {topic} makes them papers ({which})"


def is_the_groups(relative: Path, rendered: set[str] | None = None) -> bool:
    """Not in a hidden folder, nor in one that holds a build or other tools' files (NOT_THE_GROUPS), nor in a top
    folder of another generator's output (`rendered`)."""
    folders = [part.lower() for part in relative.parts[:-1]]
    return not any(part.startswith(".") or part in NOT_THE_GROUPS for part in folders) and \
        not (folders and folders[0] in (rendered or set()))


def is_reading_list(path: Path) -> bool:
    """Whether `import` reads the file as papers: a CSV whose header it knows, Markdown with MIN_LINKS arXiv links."""
    with path.open("rb") as handle:
        text = handle.read(PEEK_BYTES).decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".md":
        return len(set(arxiv_mentions(text))) >= MIN_LINKS
    try:
        return detect_format(text) in CSV_FORMATS
    except UsageError:
        return False


@dataclass
class InitReport:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: not overwritten
    extended: list[Path] = field(default_factory=list)  # .gitignore: the kit's lines it lacked, appended
    replaced: list[Path] = field(default_factory=list)  # with force
    warning: str | None = None
    site_additions: list[str] = field(default_factory=list)  # what a kept mkdocs.yml lacks for papershelf
    left_out: dict[str, str] = field(default_factory=dict)  # kit file not written -> why (other_website)
    address: str | None = None  # the GitHub Pages address mkdocs.yml names, from the clone's origin remote
    jekyll: tuple[list[str], bool] | None = None  # what a Jekyll site's _config.yml should exclude; whether added
    book: tuple[list[str], bool] | None = None  # what a Jupyter Book's _config.yml should exclude; whether added
    quarto: list[str] = field(default_factory=list)  # what a Quarto project would render as its pages (quarto_renders)
    docs_dir: tuple[str, str] | None = None  # the site's pages folder when docs/ is another generator's, and why
    site_dir: str | None = None  # where the site builds when site/ holds the repository's own files
    requirement_added: str | None = None  # the papershelf line appended to a requirements.txt already there
    requirement_kept: str | None = None  # the papershelf line a requirements.txt already there names, kept
    requirement_replaced: str | None = None  # that line, replaced with force
    branch: str | None = None  # the clone's default branch the workflows run on, when it is not main
    requirement_conflicts: list[str] = field(default_factory=list)  # pins of a kept requirements.txt pip refuses
    own_requirements: bool = False  # papershelf's requirement went to OWN_REQUIREMENTS, beside the code's
    site_builds: list[str] = field(default_factory=list)  # workflows of theirs that build the kept site elsewise
    unbuilt: list[tuple[str, list[str]]] = field(default_factory=list)  # their site workflows' push paths missing ours
    pre_commit_hook: list[str] = field(default_factory=list)  # the kit's hook, for a kept pre-commit config of theirs
    theirs: list[str] = field(default_factory=list)  # kit paths that held the repository's own files (theirs_at)


def create_collection(directory: Path, site_name: str, source: InstallSource | None = None,
                      force: bool = False) -> InitReport:
    """Write the scaffold into `directory`: a new or empty folder, or a repository's clone that is not yet a
    collection (its README, LICENSE and other files are kept, unless `force`)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; choose a folder")
    source = source or install_source()
    branch = default_branch(directory)
    requirements = requirements_file(directory)
    files = scaffold_files(site_name, source, branch or DEFAULT_BRANCH, requirements)
    if not force:
        refuse_what_is_there(directory, files)
    # an MkDocs site the repository already publishes: read (and refused if unreadable) before anything is written
    site = None
    if (directory / "mkdocs.yml").is_file() and not force:
        try:
            site = read_site_config(directory / "mkdocs.yml")
        except UsageError as error:
            raise UsageError(f"{error}: fix it first (MkDocs cannot build that site either); nothing was written") \
                from None
    # its advice names the collection's folder: run elsewhere, a bare `init --upgrade` would find no collection
    report = InitReport(warning=source.warning and source.warning.replace(
        "papershelf init --upgrade", f"papershelf init --upgrade {shlex.quote(str(directory))}").replace(
        REQUIREMENTS, requirements), branch=branch if branch != DEFAULT_BRANCH else None,
        own_requirements=requirements != REQUIREMENTS)
    if site is not None:  # its pages are its own (docs_dir, a README.md home page): the scaffold's home would replace it
        files = {relative: text for relative, text in files.items() if not relative.startswith("docs/")}
    generated = generated_docs(directory) if site is None and directory.is_dir() else None
    if generated:
        report.docs_dir = (free_docs_dir(directory), generated)
        files = with_docs_dir(files, report.docs_dir[0])
    if site is None and SITE_CONFIG in files and site_folder_of_theirs(directory):
        report.site_dir = free_site_dir(directory)
        files = with_site_dir(files, report.site_dir)
    for relative in [*files, MANIFEST]:
        kit_target(directory, relative)  # before anything is written
    # kit files the repository had before, with text of its own: its own Pages deploy may be called pages.yml
    report.theirs = [] if force else theirs_at(directory, files, requirements)
    website = None if force or not directory.is_dir() else other_website(
        directory, [relative for relative in [*files, *RETIRED] if relative not in report.theirs])
    if website and (PAGES_WORKFLOW in report.theirs or not (directory / PAGES_WORKFLOW).exists()):
        report.left_out[PAGES_WORKFLOW] = website
        files = {relative: text for relative, text in files.items() if relative != PAGES_WORKFLOW}
    report.address = None if website else pages_address(directory)
    if report.address and SITE_CONFIG in files:
        files[SITE_CONFIG] = with_site_address(files[SITE_CONFIG], report.address)
    for relative, text in files.items():
        target = kit_target(directory, relative)
        if not target.exists():
            report.created.append(write_new_file(target, text))
        elif force and relative != requirements:
            replace_file(target, text)
            report.replaced.append(target)
        elif relative == GITIGNORE:
            extended = gitignore_with(read_kit_file(target) or "", text)
            if extended is not None:
                replace_file(target, extended)
                report.extended.append(target)
        elif relative == requirements:
            keep_requirements(target, source, report, force)
        else:
            report.kept.append(target)
            if relative == PRE_COMMIT:
                report.pre_commit_hook = missing_hook(read_kit_file(target) or "", text)
    # papershelf's text of every kit file, kept ones too: `init --upgrade` then keeps a file of the collection's
    # own without a word until papershelf's version of it changes
    manifest = kit_target(directory, MANIFEST)
    text = manifest_text({relative: sha256(text) for relative, text in files.items() if is_kit(relative)},
                         branch or DEFAULT_BRANCH, requirements, report.theirs)
    if manifest.exists():
        replace_file(manifest, text)
    else:
        report.created.append(write_new_file(manifest, text))
    if site is not None:
        report.site_additions = missing_for_papershelf(site)
        kit = [relative for relative in files if relative not in report.theirs]
        report.site_builds = builds_without(directory, requirements, kit)
        report.unbuilt = unbuilt_paths(directory, kit)
    report.jekyll = jekyll_excludes(directory, report)
    report.book = book_excludes(directory, report)
    report.quarto = quarto_renders(directory, report)
    return report


# A workflow step that builds or deploys an MkDocs site (`mkdocs build`, `uv run mkdocs gh-deploy`, `python -m mkdocs`)
MKDOCS_BUILD = re.compile(r"\bmkdocs\s+(?:build|gh-deploy)\b")


def builds_without(directory: Path, requirements: str, kit: Iterable[str]) -> list[str]:
    """The repository's own workflows that build its MkDocs site without installing `requirements` (the file that
    names papershelf): with uv sync, poetry, or `pip install mkdocs-material`. Once its mkdocs.yml lists the
    papershelf plugin, they fail where papershelf is not installed."""
    return [relative for relative, text in own_workflows(directory, kit)
            if MKDOCS_BUILD.search(text) and requirements not in text]


def own_workflows(directory: Path, kit: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(path, text) of each of the repository's own workflow files: not the kit's, no link, no larger file than
    MAX_WORKFLOW_BYTES."""
    workflows = directory / ".github" / "workflows"
    for path in sorted(workflows.glob("*.y*ml")) if workflows.is_dir() else []:
        relative = path.relative_to(directory).as_posix()
        if relative in kit or path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_WORKFLOW_BYTES:
            continue
        yield relative, path.read_text(encoding="utf-8", errors="replace")


# What a collection's site is built from beyond mkdocs.yml and its docs_dir: a push that changes only these must rebuild
COLLECTION_PATHS = ("papers/", "topics.yml", "authors.yml")


def unbuilt_paths(directory: Path, kit: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The repository's own workflows that build its MkDocs site on push, but only when the files their `paths:`
    (or `paths-ignore:`) filter names change, which leaves out the collection's files: (workflow, what it misses).
    Once mkdocs.yml lists the plugin, a new paper merged alone would never reach the published site."""
    found = []
    for relative, text in own_workflows(directory, kit):
        push = push_filter(text) if MKDOCS_BUILD.search(text) else None
        if push is not None:
            missed = [name for name in COLLECTION_PATHS
                      if not push_runs_for(push, name + ("x.md" if name.endswith("/") else ""))]
            if missed:
                found.append((relative, missed))
    return found


def push_filter(text: str) -> dict[str, list[str]] | None:
    """A workflow's `on: push:` path filters ({"paths": [...]} or {"paths-ignore": [...]}); None when it has no
    push trigger, no filter, or is not YAML this can read (GitHub would refuse it too)."""
    try:
        workflow = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    on = workflow.get("on", workflow.get(True)) if isinstance(workflow, dict) else None  # YAML 1.1 reads `on` as True
    push = on.get("push") if isinstance(on, dict) else None
    if not isinstance(push, dict):
        return None
    filters = {key: [str(item) for item in push[key]] for key in ("paths", "paths-ignore")
               if isinstance(push.get(key), list)}
    return filters or None


def push_runs_for(push: dict[str, list[str]], changed: str) -> bool:
    """Whether a push changing the file `changed` runs a workflow with these path filters, as GitHub matches them:
    `*` within a folder, `**` across folders, a later `!pattern` taking back an earlier match."""
    if "paths-ignore" in push:
        return not any(github_glob(pattern).fullmatch(changed) for pattern in push["paths-ignore"])
    runs = False
    for pattern in push.get("paths", []):
        negated = pattern.startswith("!")
        if github_glob(pattern.removeprefix("!")).fullmatch(changed):
            runs = not negated
    return runs


def github_glob(pattern: str) -> re.Pattern[str]:
    """A GitHub Actions filter pattern as a regular expression (`**`, `*`, `?`; a trailing `/` names a folder)."""
    pattern = pattern.strip().removeprefix("./") + ("**" if pattern.strip().endswith("/") else "")
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def jekyll_excludes(directory: Path, report: InitReport) -> tuple[list[str], bool] | None:
    """In a Jekyll site (a _config.yml at the top; not a Jupyter Book's, which has a _toc.yml), the collection's
    content init wrote, which Jekyll would publish as pages of the site, added to _config.yml's `exclude:` when
    that needs no rewriting (a block list to append to, or no `exclude:` at all): (entries, whether added); None
    outside a Jekyll site or when its `exclude:` names them all already."""
    config = directory / "_config.yml"
    if not config.is_file() or config.is_symlink() or (directory / "_toc.yml").exists():
        return None
    text = read_kit_file(config) or ""
    written = {path.relative_to(directory).parts[0] for path in report.created}
    content = [f"{name}/" if (directory / name).is_dir() else name for name in sorted(written)
               if name in (PAPERS, "topics.yml", SITE_CONFIG, "docs", *DOCS_FOLDERS)]
    key = re.search(r"^exclude\s*:(.*)$", text, re.MULTILINE)
    block = exclude_block(text, key) if key else []
    named = {item.strip().strip("\"'").rstrip("/") for item in
             ([line.split("-", 1)[1].split("#")[0] for line in block] if block or key is None
              else key[1].split("#")[0].strip(" []").split(","))}
    entries = [entry for entry in content if entry.rstrip("/") not in named]
    if not entries:
        return None
    extended = with_excludes(text, key, block, entries)
    if extended is not None:
        replace_file(config, extended)
    return entries, extended is not None


def book_excludes(directory: Path, report: InitReport) -> tuple[list[str], bool] | None:
    """In a Jupyter Book at the top (_config.yml beside _toc.yml), what init wrote that the book would read and
    publish as its pages (Sphinx reads every Markdown file under the book's folder, in its table of contents or
    not: the paper files, docs/index.md, CONTRIBUTING.md, the pull request template) added to _config.yml's
    `exclude_patterns:` as jekyll_excludes does for Jekyll's `exclude:`; None outside a book, or when its
    `exclude_patterns:` names them all already."""
    config = directory / "_config.yml"
    if not config.is_file() or config.is_symlink() or not is_jupyter_book(directory):
        return None
    text = read_kit_file(config) or ""
    written = {path.relative_to(directory).parts[0] for path in report.created}
    content = sorted(name for name in written if name in (PAPERS, "docs", *DOCS_FOLDERS, "CONTRIBUTING.md", ".github"))
    key = re.search(r"^exclude_patterns\s*:(.*)$", text, re.MULTILINE)
    block = exclude_block(text, key) if key else []
    named = {item.strip().strip("\"'").rstrip("/") for item in
             ([line.split("-", 1)[1].split("#")[0] for line in block] if block or key is None
              else key[1].split("#")[0].strip(" []").split(","))}
    entries = [entry for entry in content if entry not in named]
    if not entries:
        return None
    extended = with_excludes(text, key, block, entries, key_name="exclude_patterns", defaults=(),
                             why="papershelf: its collection is not pages of this book")
    if extended is not None:
        replace_file(config, extended)
    return entries, extended is not None


def quarto_renders(directory: Path, report: InitReport) -> list[str]:
    """In a Quarto project at the top (_quarto.yml), what init wrote that `quarto render` would render as pages of
    its website: Quarto renders every .md file of the project but README.md and those under a name starting with _
    or . (the paper files, the site's index.md, CONTRIBUTING.md), unless `project: render:` leaves them out with !.
    Only named: a render list changes what the site renders, which its owner decides."""
    config = next((directory / name for name in ("_quarto.yml", "_quarto.yaml") if (directory / name).is_file()), None)
    if config is None or config.is_symlink():
        return []
    text = config.read_text(encoding="utf-8", errors="replace")
    written = {path.relative_to(directory).parts[0] for path in report.created}
    content = sorted(f"{name}/" if (directory / name).is_dir() else name for name in written
                     if name in (PAPERS, "docs", *DOCS_FOLDERS, "CONTRIBUTING.md"))
    return [entry for entry in content if not re.search(rf"[\"']!{re.escape(entry.rstrip('/'))}\b", text)]


def exclude_block(text: str, key: re.Match[str]) -> list[str]:
    """The lines of the block list under `exclude:` (empty when its value is on the key's line or missing)."""
    if key[1].split("#")[0].strip():
        return []
    lines = text[key.end() + 1:].splitlines(keepends=True)
    items = list(itertools.takewhile(lambda line: re.match(r"^\s*(-\s|#|$)", line) is not None, lines))
    while items and not items[-1].lstrip().startswith("-"):
        items.pop()  # comments and blank lines after the list stay where they are
    return items


def with_excludes(text: str, key: re.Match[str] | None, block: list[str], entries: list[str],
                  key_name: str = "exclude", defaults: Iterable[str] = JEKYLL_DEFAULT_EXCLUDES,
                  why: str = "papershelf: its collection is not pages of this site") -> str | None:
    """_config.yml's text with `entries` appended to its block-style `exclude:` list, or with an `exclude:` key
    (Jekyll's own defaults first: with GitHub Pages' Jekyll 3 a site's list replaces them) when it has none; None
    when its `exclude:` is written otherwise (a flow list), which only its owner should rewrite. A Jupyter Book's
    `exclude_patterns:` likewise (`key_name`; Sphinx's defaults are kept beside a book's own list)."""
    if key is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + \
            f"\n# {why}\n{key_name}:\n" + "".join(f"  - {item}\n" for item in [*defaults, *entries])
    if not block:
        return None
    indent = block[-1][:len(block[-1]) - len(block[-1].lstrip())]
    at = key.end() + 1 + sum(len(line) for line in block)
    last = "" if block[-1].endswith("\n") else "\n"
    return text[:at] + last + "".join(f"{indent}- {entry}\n" for entry in entries) + text[at:]


def missing_hook(current: str, kit: str) -> list[str]:
    """The lines of the kit's pre-commit hook (its `- repo: local` entry), for the repository's own
    .pre-commit-config.yaml to add to its `repos:` list; none when it runs papershelf already."""
    if "papershelf" in current:
        return []
    lines = kit.splitlines()
    start = next((index for index, line in enumerate(lines) if line.strip() == "- repo: local"), len(lines))
    theirs = re.search(r"^( *)- +repo:", current, re.MULTILINE)  # their entries' indentation, to paste at
    if theirs is None:
        return lines[start:]
    shift = len(theirs[1]) - (len(lines[start]) - len(lines[start].lstrip())) if start < len(lines) else 0
    return [(" " * shift + line) if shift >= 0 else line[-shift:] for line in lines[start:]]


def keep_requirements(target: Path, source: InstallSource, report: InitReport, force: bool) -> None:
    """A requirements.txt already there (an MkDocs site's: mkdocs, mkdocs-material) keeps its lines and gains the
    papershelf line every kit workflow installs. One that names papershelf already keeps that line too; with
    `force` only that line is replaced (its other lines are the repository's own)."""
    current = read_kit_file(target) or ""
    pinned = pinned_papershelf(current)
    if pinned is None:
        replace_file(target, current + ("" if current.endswith("\n") or not current else "\n")
                     + REQUIREMENT_ADDED + source.requirement + "\n")
        report.requirement_added = source.requirement
    elif force and pinned != source.requirement:
        replace_file(target, repin(current, source.requirement))
        report.requirement_replaced = pinned
    else:
        report.requirement_kept = pinned
        if pinned != source.requirement:
            report.warning = None  # it warns of a pin that was not written
    report.requirement_conflicts = conflicting_pins(current)


def conflicting_pins(requirements: str) -> list[str]:
    """The exact pins of a requirements.txt (`mkdocs-material==9.6.12`, as `pip freeze` writes them) that this
    papershelf's own requirements exclude, each as "line N: PIN (papershelf needs NAME SPECIFIER)": with one of them
    pip refuses to install the file at all, so every workflow that installs it fails."""
    try:
        needs = {canonicalize_name(need.name): need for need in map(Requirement, metadata.requires("papershelf") or [])
                 if need.marker is None or need.marker.evaluate({"extra": ""})}
    except (metadata.PackageNotFoundError, InvalidRequirement):
        return []  # not installed as a distribution (run from a source tree): nothing to compare with
    found = []
    for number, text, pin in requirement_lines(requirements):
        need = needs.get(canonicalize_name(pin.name))
        exact = [spec.version for spec in pin.specifier if spec.operator in ("==", "===") and "*" not in spec.version]
        if need is not None and exact and not need.specifier.contains(exact[0], prereleases=True):
            wanted = ", ".join(sorted(map(str, need.specifier), key=lambda spec: not spec.startswith(">")))
            found.append(f"line {number}: {text} (papershelf needs {need.name} {wanted})")
    return found


def generated_docs(directory: Path) -> str | None:
    """Why docs/ belongs to another site generator or to the repository, in words (None when it does not, or is
    absent): Quarto renders into it (_quarto.yml's output-dir), it holds a rendered website (.html files), it is a
    Docusaurus site's pages, another MkDocs project, or a Jupyter Book's, Jekyll's or Sphinx's source, or it holds
    the Markdown documentation of the repository's code. MkDocs would publish those files as the site's, and
    their generator would publish (Quarto: empty) what papershelf wrote there."""
    docs = directory / "docs"
    if quarto_output(directory) == "docs":  # absent too: a .gitignore'd docs/ that CI renders, and git would not see
        return "Quarto renders its website into docs/ (output-dir in _quarto.yml), and quarto render empties it"
    if not docs.is_dir() or docs.is_symlink():
        return None
    docusaurus = next((name for name in DOCUSAURUS_CONFIGS if (directory / name).is_file()), None)
    if docusaurus:
        return (f"docs/ holds a Docusaurus site's pages ({docusaurus}), which would publish papershelf's index.md "
                "among them")
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (docs / name).is_file():
            return (f"docs/ holds another MkDocs project (docs/{name}), whose pages and files MkDocs would publish "
                    "as this site's")
    if is_jupyter_book(docs):
        return "docs/ is a Jupyter Book's source (docs/_toc.yml), which would build papershelf's pages into the book"
    if (docs / "_config.yml").is_file():
        return "docs/ is a Jekyll site's source (docs/_config.yml), which would render papershelf's pages as its own"
    for conf in ("conf.py", "source/conf.py"):  # sphinx-quickstart's layouts: one folder, or source/ and build/
        if (docs / conf).is_file():
            return f"docs/ is a Sphinx project's source (docs/{conf})"
    pages = sum(1 for _ in itertools.islice(docs.glob("*.html"), 1000))
    if pages:
        return (f"docs/ holds a rendered website ({pages} .html file{'s' * (pages != 1)}), another generator's "
                "output, which MkDocs would publish beside papershelf's pages")
    return own_docs(directory)


MARKDOWN_SUFFIXES = (".md", ".markdown")
NOT_FILES_OF_THEIRS = frozenset({".gitkeep", ".keep", ".DS_Store", "Thumbs.db"})


def own_docs(directory: Path) -> str | None:
    """Why a docs/ of the repository's own files (its code's Markdown documentation, the README's images) is not
    the reading list's, in words; None when it holds none. MkDocs publishes every file of its docs_dir."""
    files = sorted(itertools.islice((path for path in (directory / "docs").rglob("*")
                                     if path.name not in NOT_FILES_OF_THEIRS and path.is_file()), 1000))
    markdown = [path for path in files if path.suffix.lower() in MARKDOWN_SUFFIXES]
    if markdown:
        return (f"docs/ holds the repository's own documentation ({count(markdown, 'Markdown file')}: "
                f"{first_of(markdown, directory)}), which MkDocs would publish as pages of the reading list, and "
                "whose links out of docs/ (../README.md) would fail its strict build")
    if files:
        return (f"docs/ holds files of the repository's own ({count(files, 'file')}: {first_of(files, directory)}), "
                "which MkDocs would publish on the reading list's site")
    return None


def count(paths: list[Path], noun: str) -> str:
    return f"{len(paths)}{'+' * (len(paths) >= 1000)} {noun}{'s' * (len(paths) != 1)}"


def first_of(paths: list[Path], directory: Path) -> str:
    return ", ".join(path.relative_to(directory).as_posix() for path in paths[:2]) + ", …" * (len(paths) > 2)


def quarto_output(directory: Path) -> str | None:
    """The folder a Quarto project renders into (its _quarto.yml's output-dir), first component, lowercase."""
    for name in ("_quarto.yml", "_quarto.yaml"):
        config = directory / name
        if config.is_file() and not config.is_symlink():
            found = QUARTO_OUTPUT.search(config.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found[1].strip("./").split("/")[0].lower() or None
    return None


def rendered_folders(directory: Path) -> set[str]:
    """Top folders that hold another generator's output (a Quarto output-dir, a docs/ of rendered pages): the
    copies there of a bibliography are not the repository's own."""
    folders = {quarto_output(directory)} - {None}
    if (directory / "docs").is_dir() and any((directory / "docs").glob("*.html")):
        folders.add("docs")
    return {folder for folder in folders if folder}


def free_docs_dir(directory: Path) -> str:
    names = itertools.chain(DOCS_FOLDERS, (f"{DOCS_FOLDERS[0]}-{number}" for number in itertools.count(2)))
    return next(name for name in names if not (directory / name).exists())


SITE_DIRS = ("papershelf-site", "reading-list-site")  # where the site builds when site/ is the repository's own


def site_folder_of_theirs(directory: Path) -> bool:
    """Whether site/ holds files of the repository's own (git tracks some, or, outside git, it holds any): MkDocs'
    default site_dir, which a build empties before writing the site into it."""
    folder = directory / "site"
    if not folder.is_dir() or folder.is_symlink() or not any(folder.iterdir()):
        return False
    if not (directory / ".git").exists():
        return True
    try:
        tracked = subprocess.run(["git", "-C", str(directory), "ls-files", "--", "site"], capture_output=True,
                                 text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: keep the build away from it
    return tracked.returncode != 0 or bool(tracked.stdout.strip())


def free_site_dir(directory: Path) -> str:
    names = itertools.chain(SITE_DIRS, (f"{SITE_DIRS[0]}-{number}" for number in itertools.count(2)))
    return next(name for name in names if not (directory / name).exists())


def with_site_dir(files: dict[str, str], name: str) -> dict[str, str]:
    """The scaffold building into `name`/ instead of site/: mkdocs.yml's site_dir, and .gitignore's line."""
    moved = dict(files)
    moved[SITE_CONFIG] = moved[SITE_CONFIG].replace(
        "\ntheme:\n", f"\n# The built site (site/ holds files of this repository's own, which a build would delete)"
        f"\nsite_dir: {name}\n\ntheme:\n", 1)
    if GITIGNORE in moved:
        moved[GITIGNORE] = re.sub(r"^site/$", f"{name}/", moved[GITIGNORE], count=1, flags=re.MULTILINE)
    return moved


def with_docs_dir(files: dict[str, str], name: str) -> dict[str, str]:
    """The scaffold with its pages in `name`/ instead of docs/, and mkdocs.yml's docs_dir saying so."""
    moved = {(f"{name}/{relative[5:]}" if relative.startswith("docs/") else relative): text
             for relative, text in files.items()}
    moved[SITE_CONFIG] = moved[SITE_CONFIG].replace(
        "\ntheme:\n", f"\n# The site's own pages (docs/ is another site generator's)\ndocs_dir: {name}\n\ntheme:\n", 1)
    return moved


def refuse_what_is_there(directory: Path, files: dict[str, str]) -> None:
    """Refuse (UsageError) a folder that holds a papershelf collection already, or a papers/ of its own."""
    signs = collection_signs(directory)
    if signs:
        raise UsageError(f"{directory} already holds a papershelf collection ({', '.join(signs)}): refresh its kit "
                         f"with papershelf init --upgrade {shlex.quote(str(directory))}; nothing was written. "
                         + force_would(directory, files))
    held = held_in_papers(directory / PAPERS)
    if held:
        raise UsageError(papers_of_your_own(directory, held))


def collection_signs(directory: Path) -> list[str]:
    """What shows that `directory` holds a papershelf collection: its topics.yml, an mkdocs.yml that loads the
    papershelf plugin, a papers/ of papershelf's paper files. A folder merely called papers/ (an Obsidian vault's,
    a notes site's) is none of them."""
    signs = ["topics.yml"] if (directory / "topics.yml").exists() else []
    if (directory / SITE_CONFIG).is_file() and "papershelf" in site_plugins(directory / SITE_CONFIG):
        signs.append("an mkdocs.yml with the papershelf plugin")
    if (directory / PAPERS).is_dir() and holds_papershelf_papers(directory / PAPERS):
        signs.append("papers/ of papershelf paper files")
    return signs


def site_plugins(config: Path) -> list[str]:
    try:
        return list(plugins_of(read_site_config(config)))
    except UsageError:
        return []  # unreadable: refused with its own message once init gets to it


def force_would(directory: Path, files: dict[str, str]) -> str:
    """What --force would replace, by name: the files already there whose text is not what it would write."""
    address = pages_address(directory)
    if address and SITE_CONFIG in files:  # --force writes the address, whatever else publishes there
        files = {**files, SITE_CONFIG: with_site_address(files[SITE_CONFIG], address)}
    name = OWN_REQUIREMENTS if OWN_REQUIREMENTS in files else REQUIREMENTS
    replaced = [relative for relative, text in files.items() if relative != name
                and (directory / relative).is_file() and read_kit_file(directory / relative) != text]
    requirements = read_kit_file(directory / name) if (directory / name).is_file() else None
    wanted = pinned_papershelf(files.get(name, ""))
    if requirements is not None and wanted and pinned_papershelf(requirements) not in (None, wanted):
        replaced.append(f"{name}'s papershelf line")
    if not replaced:
        return "(--force would write the scaffold over it, replacing none of its files' text)"
    return f"--force would write the scaffold over it, replacing these files of yours: {', '.join(replaced)}"


def held_in_papers(papers: Path) -> tuple[int, int, bool] | None:
    """(Markdown files, other files, whether `import` reads them as paper notes) of a papers/ folder that is not
    papershelf's (not one paper file a Markdown file in it, nothing else); None when it is absent or holds
    nothing (hidden files aside)."""
    if not papers.is_dir() or papers.is_symlink() or not any(not entry.name.startswith(".")
                                                              for entry in papers.iterdir()):
        return None
    notes, others = files_under(papers)
    try:
        readable = has_paper_notes(papers)
    except UsageError:
        readable = False
    return notes, others, readable


def files_under(folder: Path) -> tuple[int, int]:
    """(Markdown files, other files) under `folder`, hidden folders and files aside; at most MAX_COUNTED."""
    notes = others = 0
    for _, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            if not name.startswith("."):
                notes, others = (notes + 1, others) if name.lower().endswith(".md") else (notes, others + 1)
        if notes + others >= MAX_COUNTED:
            break
    return notes, others


def papers_of_your_own(directory: Path, held: tuple[int, int, bool]) -> str:
    """Why init cannot write around a papers/ of the repository's own, and the two ways on."""
    notes, others, readable = held
    papers, moved = shlex.quote(str(directory / PAPERS)), shlex.quote(str(directory / free_name(directory)))
    what = [f"{notes} Markdown file{'s' * (notes != 1)}"] * bool(notes) + \
        [f"{others} other file{'s' * (others != 1)}"] * bool(others)
    kind = " (paper notes, whose front matter is not papershelf's)" if readable else ""
    then = f", then import them: papershelf import {moved} --topic {topic_ids(SCAFFOLD)[0]}" if readable else ""
    return (f"{directory / PAPERS}/ holds {' and '.join(what)} of your own{kind}, and {directory} has no topics.yml "
            "nor an mkdocs.yml with the papershelf plugin: it is not a papershelf collection. papershelf keeps its "
            "paper files in papers/, one Markdown file a paper, so it cannot write its collection around that "
            f"folder; nothing was written. Move yours to another folder ({move_command(directory)} {papers} {moved}; "
            "a site or notes of yours that link to papers/ need the new name too) and run papershelf init "
            f"{shlex.quote(str(directory))} again{then}; or keep the reading list in a repository of its own "
            "(papershelf init NEW-FOLDER)")


def topic_ids(directory: Path) -> list[str]:
    """The topic ids of the topics.yml in `directory` (the scaffold's, after init), in its order."""
    text = read_kit_file(directory / "topics.yml") or ""
    return re.findall(r"^-\s+id:\s*[\"']?([a-z0-9][a-z0-9-]*)", text, re.MULTILINE)


def free_name(directory: Path) -> str:
    """A folder name beside papers/ that is not taken, for the notes papers/ held."""
    names = itertools.chain(NOTES_FOLDERS, (f"notes-{number}" for number in itertools.count(2)))
    return next(name for name in names if not (directory / name).exists())


def move_command(directory: Path) -> str:
    """`git mv` in a git work tree (the move is one the history keeps), else `mv`."""
    inside = any((folder / ".git").exists() for folder in (directory.absolute(), *directory.absolute().parents))
    return "git mv" if inside else "mv"


# The remote a clone was made from, when it is a GitHub repository (HTTPS or SSH address)
GITHUB_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                           r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$")
SITE_ADDRESS_LINE = "site_url: !ENV [SITE_URL]\n"


def pages_address(directory: Path) -> str | None:
    """The address GitHub Pages gives the repository `directory` was cloned from (its `origin` remote), or None
    when it has no GitHub origin (or git is not installed). Only at a clone's top: a collection in a folder of
    another repository is not what that repository's Pages address shows."""
    if not (directory / ".git").exists():
        return None
    try:
        answer = subprocess.run(["git", "-C", str(directory), "config", "--get", "remote.origin.url"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    remote = GITHUB_REMOTE.match(answer.stdout.strip()) if answer.returncode == 0 else None
    if remote is None:
        return None
    owner, repository = remote["owner"].lower(), remote["repo"]
    if repository.lower() == f"{owner}.github.io":  # a user's or organisation's own site
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repository}/"


def theirs_at(directory: Path, files: dict[str, str], requirements: str) -> list[str]:
    """The kit's paths where the repository already has a file of its own (its own pages.yml deploying its site,
    its .pre-commit-config.yaml, its CONTRIBUTING.md): the manifest records them, and `init --upgrade` leaves them
    to the repository (without --force) instead of taking them for kit files it edited."""
    return [relative for relative, text in files.items() if is_kit(relative) and relative != requirements
            and (directory / relative).is_file() and read_kit_file(directory / relative) != text]


def default_branch(directory: Path) -> str | None:
    """The branch a repository's clone publishes from: its origin's default branch (origin/HEAD, which `git clone`
    sets), else the branch of origin the checked-out branch pushes to (a repository pushed with `git push -u`);
    None outside a clone's top, without an origin (a new repository: GitHub's instructions rename its branch to
    main before the first push), or for a branch name the workflows' `branches:` patterns cannot hold as it is."""
    if not (directory / ".git").exists():
        return None
    for question in (["symbolic-ref", "--short", "refs/remotes/origin/HEAD"],
                     ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]):
        try:
            answer = subprocess.run(["git", "-C", str(directory), *question], capture_output=True, text=True,
                                    timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        remote = answer.stdout.strip() if answer.returncode == 0 else ""
        if remote.startswith("origin/"):
            name = remote.removeprefix("origin/")
            return name if BRANCH_NAME.match(name) else None
    return None


def with_site_address(config: str, address: str) -> str:
    """The kit's mkdocs.yml with `address` as site_url when SITE_URL is not set (the Pages workflow sets it), so a
    local `papershelf build` works at once."""
    return config.replace(SITE_ADDRESS_LINE, f"site_url: !ENV [SITE_URL, {json.dumps(address)}]\n", 1)


def left_out_line(path: str, why: str, theirs: bool = False) -> str:
    """Why papershelf's Pages workflow was not written; `theirs` when the path holds the repository's own file."""
    if theirs:
        return (f"left out papershelf's {path}: this repository already publishes a website on GitHub Pages: {why}. "
                f"A repository has one Pages site: your {path} is kept, and papershelf's would replace your site "
                "(and that file). Keep the reading list in a repository of its own (papershelf init NEW-FOLDER) to "
                "publish it")
    return (f"left out {path}: this repository already publishes a website on GitHub Pages: {why}. A repository "
            "has one Pages site, and papershelf's workflow would replace it. Keep the reading list in a repository "
            "of its own (papershelf init NEW-FOLDER), or add the workflow anyway with papershelf init --upgrade "
            "--force (which also replaces kit files you edited)")


def gitignore_with(current: str, kit: str) -> str | None:
    """The collection's .gitignore with the kit's lines it lacks appended (None when it has them all)."""
    have = {line.strip() for line in current.splitlines()}
    # `venv` already ignores what `venv/` would (a folder, or a file of that name)
    missing = [line for line in kit.splitlines() if line.strip() and not line.startswith("#")
               and line.strip() not in have and line.strip().removesuffix("/") not in have]
    if not missing:
        return None
    return current + ("" if current.endswith("\n") or not current else "\n") + \
        "\n# papershelf\n" + "\n".join(missing) + "\n"


def manifest_text(hashes: dict[str, str], branch: str = DEFAULT_BRANCH, requirements: str = REQUIREMENTS,
                  theirs: Iterable[str] = ()) -> str:
    """The manifest: the release that wrote the kit, the branch its workflows run on and the file they install
    papershelf from when not the usual ones, the kit paths that hold the repository's own files, each file's
    hash."""
    data: dict[str, object] = {"papershelf": __version__}
    if branch != DEFAULT_BRANCH:
        data["branch"] = branch
    if requirements != REQUIREMENTS:
        data["requirements"] = requirements
    if theirs:
        data["theirs"] = sorted(theirs)
    return json.dumps({**data, "kit": dict(sorted(hashes.items()))}, indent=2) + "\n"


def manifest_branch(directory: Path) -> str | None:
    """The branch the manifest says the kit's workflows run on (None when it names none: main, or an older kit)."""
    branch = manifest_value(directory, "branch")
    return branch if branch and BRANCH_NAME.match(branch) else None


def manifest_theirs(directory: Path) -> list[str]:
    """The kit paths the manifest says hold the repository's own files (theirs_at)."""
    theirs = manifest_data(directory).get("theirs")
    return [item for item in theirs if isinstance(item, str)] if isinstance(theirs, list) else []


def manifest_value(directory: Path, key: str) -> str | None:
    value = manifest_data(directory).get(key)
    return value if isinstance(value, str) else None


def manifest_data(directory: Path) -> dict[str, object]:
    """The manifest's JSON object ({} when there is none, or it is not one: read_manifest says why)."""
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def requirements_file(directory: Path) -> str:
    """The file the kit installs papershelf from: requirements.txt, new or an MkDocs site's (mkdocs,
    mkdocs-material: the site's own deploy needs papershelf there too, once its mkdocs.yml lists the plugin), or
    OWN_REQUIREMENTS beside a requirements.txt of the repository's code, which would make every kit workflow
    install that code's dependencies, and those installing it install papershelf."""
    if manifest_value(directory, "requirements") == OWN_REQUIREMENTS or (directory / OWN_REQUIREMENTS).is_file():
        return OWN_REQUIREMENTS
    path = directory / REQUIREMENTS
    if not path.is_file() or path.is_symlink():
        return REQUIREMENTS
    text = read_kit_file(path) or ""
    names = requirement_names(text)
    if any(name == "papershelf" or name.startswith("mkdocs") for name in names) or not any(
            line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return REQUIREMENTS  # an MkDocs site's, or empty; `-e .` or `-r requirements/base.txt` is the code's
    return OWN_REQUIREMENTS


def requirement_names(requirements: str) -> list[str]:
    """The names a requirements file's lines require, canonical (options, URLs and comments aside)."""
    return [canonicalize_name(requirement.name) for _, _, requirement in requirement_lines(requirements)]


def requirement_lines(requirements: str) -> Iterator[tuple[int, str, Requirement]]:
    """Each line of a requirements file that names a requirement: its number, its text without a comment, and the
    requirement (option lines such as `-r` and `-e`, comments and what pip would refuse aside)."""
    for number, line in enumerate(requirements.splitlines(), 1):
        text = line.split(" #")[0].strip()
        if text and not text.startswith(("#", "-")):
            try:
                yield number, text, Requirement(text)
            except InvalidRequirement:
                continue


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"{path}: is not valid JSON; delete it to treat every kit file as edited") from None
    kit = data.get("kit") if isinstance(data, dict) else None
    return {k: v for k, v in kit.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(kit, dict) else {}


@dataclass
class UpgradeReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # edited file -> unified diff from it to the new kit file
    kept_edits: list[str] = field(default_factory=list)  # edited; papershelf's version unchanged: nothing to do
    removed: list[str] = field(default_factory=list)
    kept_retired: list[str] = field(default_factory=list)  # a retired kit file the collection edited
    left_out: dict[str, str] = field(default_factory=dict)  # kit file not written -> why (other_website)
    theirs: list[str] = field(default_factory=list)  # kit paths holding the repository's own files (theirs_at)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = {"created": "would create", "updated": "would update", "removed": "would remove"} if self.dry_run \
            else {"created": "created", "updated": "updated", "removed": "removed"}
        out = [f"{verb['created']} {path}" for path in self.created]
        out += [f"{verb['updated']} {path}" for path in self.updated]
        out += [f"{verb['removed']} {path} (no longer part of the kit)" for path in self.removed]
        for path, diff in self.kept.items():
            out += [f"kept {path}: you edited it; the new kit's version differs as follows "
                    "(run again with --force to replace yours; git keeps it):", diff.rstrip("\n")]
        out += [f"kept {path}: no longer part of the kit, but you edited it; delete it if it is not needed"
                for path in self.kept_retired]
        out += [f"kept {path}: your edit (papershelf's version of it has not changed)" for path in self.kept_edits]
        out += [left_out_line(path, why, path in self.theirs) for path, why in self.left_out.items()]
        out.append(f"{len(self.unchanged)} kit file{'s' * (len(self.unchanged) != 1)} already current; "
                   "papers, topics.yml, mkdocs.yml, README.md and docs/ are never touched")
        return out


def upgrade_kit(directory: Path, force: bool = False, dry_run: bool = False,
                source: InstallSource | None = None) -> UpgradeReport:
    """Bring the kit of the collection in `directory` to this release; never touch its content."""
    directory = Path(directory)
    if not (directory / "topics.yml").is_file() and not (directory / "papers").is_dir():
        raise UsageError(f"{directory} is not a papershelf collection (no papers/ or topics.yml): "
                         f"run `papershelf init --upgrade` in one, or `papershelf init {directory}` to write one "
                         "here (files already there are kept)")
    recorded = read_manifest(directory)
    report = UpgradeReport(dry_run=dry_run)
    source = kept_source(directory, source or install_source())
    hashes = {}
    # the branch init found, else the clone's default branch (a kit written before init looked for it moves there)
    branch = manifest_branch(directory) or default_branch(directory) or DEFAULT_BRANCH
    requirements = requirements_file(directory)
    kit = {relative: text for relative, text in
           scaffold_files(source=source, branch=branch, requirements=requirements).items() if is_kit(relative)}
    for relative in [*kit, *RETIRED, MANIFEST]:  # every path checked before anything is written
        read_kit_file(kit_target(directory, relative))
    report.theirs = manifest_theirs(directory)
    website = None if force else other_website(  # papershelf's own aside
        directory, [relative for relative in [*kit, *RETIRED, *recorded] if relative not in report.theirs])
    # left out by init, for this reason: still true
    if website and (PAGES_WORKFLOW in report.theirs or not (directory / PAGES_WORKFLOW).exists()):
        report.left_out[PAGES_WORKFLOW] = website
        kit.pop(PAGES_WORKFLOW)
    for relative, new_text in kit.items():
        target = kit_target(directory, relative)
        current = read_kit_file(target)
        if relative == requirements and current is not None:
            new_text = repin(current, source.requirement)
        hashes[relative] = sha256(new_text)
        if current is None:
            report.created.append(relative)
        elif relative in report.theirs and not force:
            report.kept_edits.append(relative)  # the repository's own, not a kit file it edited
            hashes[relative] = recorded.get(relative, sha256(current))
            continue
        elif current == new_text:
            report.unchanged.append(relative)
            continue
        elif relative == requirements or force or unedited(relative, current, recorded):
            report.updated.append(relative)
        elif recorded.get(relative) == sha256(new_text):
            report.kept_edits.append(relative)  # papershelf would write what it wrote last time: yours stands
            continue
        else:
            report.kept[relative] = "".join(difflib.unified_diff(
                current.splitlines(keepends=True), new_text.splitlines(keepends=True),
                f"{relative} (yours)", f"{relative} (papershelf {__version__})"))
            hashes[relative] = recorded.get(relative, sha256(current))
            continue
        if not dry_run:
            replace_file(target, new_text)
    for relative, shipped in RETIRED.items():
        target = kit_target(directory, relative)
        text = read_kit_file(target)
        if text is not None:
            if sha256(text) in shipped or recorded.get(relative) == sha256(text) or force:
                report.removed.append(relative)
                if not dry_run:
                    os.unlink(target)
            else:
                report.kept_retired.append(relative)
    if not dry_run:
        theirs = [relative for relative in report.theirs if (directory / relative).is_file() and not force]
        replace_file(kit_target(directory, MANIFEST), manifest_text(hashes, branch, requirements, theirs))
    return report


def kit_target(directory: Path, relative: str) -> Path:
    """directory/relative, once every component of it below `directory` is known to be a real folder (or absent)
    and the file itself a regular file (or absent): a kit file is never written through a symbolic link (a
    `.github/workflows` linked elsewhere would send it outside the collection) nor over a folder, socket or fifo."""
    path = Path(directory)
    parts = Path(relative).parts
    for index, part in enumerate(parts):
        path = path / part
        if path.is_symlink():
            raise UsageError(f"{path}: is a symbolic link; kit files are written only inside the collection: "
                             "replace it with a real " + ("file" if index == len(parts) - 1 else "folder")
                             + " (or delete it) and run papershelf init again; nothing was written")
        if index < len(parts) - 1 and path.exists() and not path.is_dir():
            raise UsageError(f"{path}: is not a folder, but {relative} goes in it; move it away and run "
                             "papershelf init again; nothing was written")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: is {'a folder' if path.is_dir() else 'not a regular file'} where the kit has "
                         f"the file {relative}; move it away and run papershelf init again; nothing was written")
    return path


def read_kit_file(path: Path) -> str | None:
    """The text of a kit file of the collection, None if absent; a clear error if it is not UTF-8."""
    if not path.exists():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: is not UTF-8 text (byte {error.start}); save it as UTF-8 or delete it, then run "
                         "papershelf init again; nothing was written") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror}); nothing was written") from None


def unedited(relative: str, text: str, recorded: dict[str, str]) -> bool:
    digest = sha256(text)
    return recorded.get(relative) == digest or digest in SHIPPED_BEFORE.get(relative, set())


def kept_source(directory: Path, source: InstallSource) -> InstallSource:
    """Upgrading from a papershelf the runners cannot reach (a local checkout) keeps the collection's own
    papershelf requirement rather than pin a release that may not exist."""
    if source.kind != "local":
        return source
    # checked as every kit file is, before any write
    text = read_kit_file(kit_target(directory, requirements_file(directory)))
    pinned = pinned_papershelf(text or "")
    return source if pinned is None else InstallSource(pinned, "kept")


def pinned_papershelf(requirements: str) -> str | None:
    """The papershelf requirement a requirements.txt names (`papershelf==0.2.0`, `papershelf @ git+…`), its
    comment left out; None when it names none."""
    for line in requirements.splitlines():
        match = PIN.match(line.strip())
        if match:
            return line.strip()[:len(line.strip()) - len(match["rest"])].strip()
    return None


def repin(requirements: str, requirement: str) -> str:
    """requirements.txt with its papershelf line set to `requirement` (added if missing); other lines kept."""
    lines = requirements.splitlines()
    pinned = False
    for index, line in enumerate(lines):
        match = PIN.match(line.strip())
        if match and not pinned:
            lines[index] = f"{requirement}{match['rest'].rstrip()}"
            pinned = True
    if not pinned:
        lines.append(requirement)
    return "\n".join(lines) + "\n"
