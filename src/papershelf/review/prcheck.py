"""What a pull request changes in a collection, for the job summary and for review.

From `git diff base...head` and the collection as it is at `head`, read from
git's objects as data (nothing of the pull request is checked out, imported or
run): the papers added, changed and removed, authors who appear for the first
time, the topics touched. A paper PR should touch only `papers/`, `topics.yml`
and `authors.yml` (or where mkdocs.yml's papershelf options put them); anything
else is flagged for a maintainer, first (a warning), and a symbolic link or
submodule in the papers' folder is refused (an error).

Run as `papershelf pr-summary --base SHA --head SHA [--summary FILE]` (or
`python -I -m papershelf pr-summary …`, which is what the kit's trusted workflow runs).
"""

from __future__ import annotations

import difflib
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..model.citation import name_parts
from ..model.collection import Collection, Layout, check_collection, duplicate_told_of
from ..model.identity import ID_PREFIX, AuthorRegistry, person_key, title_skeleton
from ..model.load import Paper, body_of, parse_yaml, split_front_matter
from ..model.problems import PapershelfError, Problem, terminal_safe
from ..model.schema import AuthorEntry, PaperMeta, TopicEntry
from ..model.taxonomy import Term
from ..model.yamlstrict import YamlProblem, load_strict
from .annotations import escape_data, escape_property
from .ghtext import md, md_code
from .prsite import (
    CollectionPaths,
    PageChanges,
    SitePages,
    SiteSettings,
    changed_keys,
    config_files,
    listing_changes,
    page_changes,
    settings_changes,
    site_settings,
)
from .workflowfacts import workflow_facts

REGULAR_FILE_MODES = {"100644", "100755"}
MODE_NAMES = {"120000": "a symbolic link", "160000": "a submodule"}


@dataclass(frozen=True)
class ChangedFile:
    """One entry of `git diff --raw`: status letter A/M/D/R/C/T, paths, and file modes."""

    status: str
    path: str
    old_path: str | None = None
    old_mode: str = "000000"
    new_mode: str = "000000"


@dataclass(frozen=True)
class FieldChange:
    """One front-matter field of a changed paper: its value at the merge base and in the pull request."""

    name: str
    old: object
    new: object


@dataclass
class PrReport:
    added: list[Paper] = field(default_factory=list)
    changed: list[Paper] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    removed_titles: dict[str, str] = field(default_factory=dict)  # path -> the removed paper's title at the base
    new_authors: list[str] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (id, title) of topics the PR's papers touch
    new_topics: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # paper files the PR touches that do not load
    outside: list[str] = field(default_factory=list)  # paths outside papers/, topics.yml, authors.yml
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    flags: list[Flag] = field(default_factory=list)  # changes a maintainer must review: see maintainer_flags
    field_changes: dict[str, list[FieldChange]] = field(default_factory=dict)  # changed paper -> its field diffs
    renamed: dict[str, str] = field(default_factory=dict)  # a renamed paper's path -> its path at the base
    not_papers: list[str] = field(default_factory=list)  # files in papers/ that are not read as papers
    problems: list[Problem] = field(default_factory=list)  # validation problems the merge would bring
    base_commit: str = ""
    head_commit: str = ""
    behind: int = 0  # commits on the base branch since the pull request's branch left it
    namesakes: dict[str, list[str]] = field(default_factory=dict)  # a new author -> authors already there alike
    pages: PageChanges = field(default_factory=PageChanges)  # papershelf's pages before and after the merge
    same_titles: dict[str, list[str]] = field(default_factory=dict)  # an added paper -> papers titled alike
    listings: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # changed paper -> pages that
    # stop and start listing it
    paths: CollectionPaths = CollectionPaths()  # where the merged site's mkdocs.yml reads the collection
    moves: dict[str, str] = field(default_factory=dict)  # a renamed file's old path -> its new one

    @property
    def ok(self) -> bool:
        return not self.refused

    def unflagged_outside(self) -> list[str]:
        """Files outside a paper PR's that no flag names already (a flag says what the change can do)."""
        named = {flag.path for flag in self.flags}
        return [path for path in self.outside if path not in named and self.moves.get(path) not in named]


class GitError(PapershelfError):
    exit_code = 2


def git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)} failed: {detail[-1] if detail else 'no message'}")
    return result.stdout


def commit_of(root: Path, rev: str) -> str:
    """The commit `rev` names, or a clear error (a pull request's head must be fetched before it is summarized)."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"no commit {rev!r} in {root}: fetch it first (git fetch origin {rev})") from None


def parse_raw_diff(output: bytes) -> list[ChangedFile]:
    """Parse `git diff --raw -z`: ':oldmode newmode oldsha newsha STATUS\\0path\\0[newpath\\0]'."""
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    changes, index = [], 0
    while index < len(fields) and fields[index]:
        old_mode, new_mode, _, _, status = fields[index].lstrip(":").split(" ")
        letter = status[0]
        if letter in "RC":
            changes.append(ChangedFile(letter, fields[index + 2], fields[index + 1], old_mode, new_mode))
            index += 3
        else:
            changes.append(ChangedFile(letter, fields[index + 1], None, old_mode, new_mode))
            index += 2
    return changes


def changed_files(root: Path | str, base: str, head: str) -> list[ChangedFile]:
    """Files changed on `head` since it left `base`, relative to `root` (paths outside it keep their '../')."""
    root = Path(root)
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    changes = parse_raw_diff(git(root, "diff", "--raw", "-z", "--find-renames", "--no-ext-diff", f"{base}...{head}"))
    return [relative_change(change, prefix) for change in changes] if prefix else changes


def relative_change(change: ChangedFile, prefix: str) -> ChangedFile:
    def relative(path: str) -> str:
        return path[len(prefix):] if path.startswith(prefix) else "../" * prefix.count("/") + path
    old_path = None if change.old_path is None else relative(change.old_path)
    return ChangedFile(change.status, relative(change.path), old_path, change.old_mode, change.new_mode)


@dataclass(frozen=True)
class Sides:
    """Where the collection is on the base branch (for a file's old path) and after the merge (for its new one):
    mkdocs.yml can move it."""

    base: CollectionPaths
    merged: CollectionPaths

    def is_paper(self, change: ChangedFile) -> bool:
        return self.merged.is_paper(change.path) if change.status != "D" else self.base.is_paper(change.path)

    def was_paper(self, change: ChangedFile) -> bool:
        return self.base.is_paper(change.old_path or change.path)

    def outside(self, change: ChangedFile) -> list[str]:
        """The change's paths outside the collection (a paper PR changes only its files)."""
        new = [] if change.status == "D" or self.merged.holds(change.path) else [change.path]
        old_path = change.old_path or (change.path if change.status == "D" else None)
        return new + ([] if old_path is None or self.base.holds(old_path) else [old_path])


def refusals(changes: list[ChangedFile], tree_entries: list[TreeEntry],
             paths: CollectionPaths) -> list[tuple[str, str]]:
    """Files in the papers' folder that are not regular files, in the diff or anywhere in the pull request's tree."""
    refused: dict[str, str] = {}
    for change in changes:
        if change.status != "D" and paths.in_papers(change.path) and change.new_mode not in REGULAR_FILE_MODES:
            refused[change.path] = f"is {MODE_NAMES.get(change.new_mode, 'not a regular file')}"
    for entry in tree_entries:
        if paths.in_papers(entry.path) and entry.mode not in REGULAR_FILE_MODES:
            refused.setdefault(entry.path, f"is {MODE_NAMES.get(entry.mode, 'not a regular file')}")
    return sorted(refused.items())


# --- The pull request's collection, read from git's objects as data ----------------------------------

MAX_EXPORTED_BYTES = 256 * 1024 * 1024  # a collection bigger than this is not a paper pull request


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str
    path: str


def tree_entries(root: Path, rev: str, paths: tuple[str, ...]) -> list[TreeEntry]:
    """The files at `rev` under `paths` (the collection's, or the site's own pages), relative to `root`, from
    `git ls-tree`."""
    output = git(root, "--literal-pathspecs", "ls-tree", "-r", "-z", rev, "--", *paths)  # names from mkdocs.yml
    entries = []
    for record in output.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            info, path = record.split("\t", 1)
            mode, _, sha = info.split(" ")
            entries.append(TreeEntry(mode, sha, path))
    return entries


def export_collection(root: Path, entries: list[TreeEntry], dest: Path) -> None:
    """Write the regular files among `entries` under `dest`, byte for byte: data for the validator, never run.

    Symbolic links and submodules are not written (they are refused); names that would leave `dest` are skipped."""
    files = [entry for entry in entries if entry.mode in REGULAR_FILE_MODES]
    if not files:
        return
    process = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], check=False, capture_output=True,
                             input="".join(f"{entry.sha}\n" for entry in files).encode())
    if process.returncode != 0:
        raise GitError("git cat-file --batch failed: " + process.stderr.decode("utf-8", "replace").strip()[-200:])
    output, offset, total = process.stdout, 0, 0
    for entry in files:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        content = output[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        total += size
        if total > MAX_EXPORTED_BYTES:
            raise GitError(f"the pull request's collection files are over {MAX_EXPORTED_BYTES // 2**20} MiB")
        target = dest / entry.path
        if ".." in Path(entry.path).parts or Path(entry.path).is_absolute():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def new_problems(problems: list[Problem], before: list[Problem], touched: set[str]) -> list[Problem]:
    """The errors of the merged collection that the base branch does not have already (compared without their
    line numbers, which an edit above them moves), a duplicate or a name differing only in case told on the file
    the pull request touches."""
    known = {(problem.path, problem.field, problem.message) for problem in before}
    return [case_collision_told_of(duplicate_told_of(problem, touched), touched) for problem in problems
            if problem.is_error and (problem.path, problem.field, problem.message) not in known]


CASE_COLLISION = "differs only in case from "


def case_collision_told_of(problem: Problem, touched: set[str]) -> Problem:
    """A case collision ('x.md differs only in case from X.md') said of the pull request's X.md, not of the published x.md."""
    other = str(Path(problem.path).parent / problem.message.removeprefix(CASE_COLLISION))
    if problem.message.startswith(CASE_COLLISION) and problem.path not in touched and other in touched:
        return Problem(other, 0, problem.field, f"{CASE_COLLISION}{Path(problem.path).name}", problem.hint)
    return problem


def base_version(root: Path, merge_base: str, path: str) -> str | None:
    """The text of `path` at the merge base, or None when it did not exist or is unreadable."""
    try:
        return git(root, "show", f"{merge_base}:./{path}").decode("utf-8")
    except (GitError, UnicodeDecodeError):
        return None


def meta_from_text(text: str | None, shown: str) -> PaperMeta | None:
    if text is None:
        return None
    parts = split_front_matter(text, shown)
    if not isinstance(parts, tuple):
        return None
    document, _ = parse_yaml(parts[0], parts[1], shown, PaperMeta, what="front matter")
    # parse_yaml validated `data` with PaperMeta
    return document.data if document is not None and isinstance(document.data, PaperMeta) else None


def topic_ids_from_text(text: str | None) -> set[str]:
    try:
        entries = load_strict(text).data if text else []
    except YamlProblem:
        return set()
    if not isinstance(entries, list):  # not a list of topics: none of them is known
        return set()
    return {entry["id"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def merged_entries(base_entries: list[TreeEntry], head_entries: list[TreeEntry],
                   changes: list[ChangedFile]) -> list[TreeEntry]:
    """The collection's files as merging would leave them: the base branch's as they are now, with the pull
    request's own changes applied (its version of a file both changed). A branch behind its base is judged
    against the topics, authors and papers the base has now, as the check of the merge is."""
    head_files = {entry.path: entry for entry in head_entries}
    merged = {entry.path: entry for entry in base_entries}
    for change in changes:
        if change.old_path is not None and change.status == "R":
            merged.pop(change.old_path, None)
        if change.status == "D" or change.path not in head_files:
            merged.pop(change.path, None)
        else:
            merged[change.path] = head_files[change.path]
    return list(merged.values())


SITE_CONFIG = "mkdocs.yml"


def merged_version(root: Path, base_commit: str, head: str, changes: list[ChangedFile], path: str) -> str | None:
    """A file's text as merging would leave it: the pull request's version if it changes the file, else the base's."""
    if any(path in (change.path, change.old_path) for change in changes):
        return head_version(root, head, path) if any(change.path == path and change.status != "D"
                                                     for change in changes) else None
    return base_version(root, base_commit, path)


def exported_collection(root: Path, entries: list[TreeEntry], dest: Path,
                        site: SiteSettings) -> tuple[Collection, list[Problem]]:
    """The collection of `entries`, written under `dest` where `site`'s mkdocs.yml reads it, checked and indexed."""
    export_collection(root, entries, dest)
    paths = site.paths
    return check_collection(dest, layout=Layout(dest, paths.papers_dir, paths.topics, paths.authors),
                            routes=site.routes)


def unloaded_papers(changes: list[ChangedFile], collection: Collection, paths: CollectionPaths) -> set[str]:
    """The paper files the pull request adds or changes that do not load."""
    loaded = {paper.path for paper in collection.papers}
    return {change.path for change in changes if change.status != "D" and paths.is_paper(change.path)
            and change.path.endswith(".md") and change.path not in loaded}


def with_base_versions(entries: list[TreeEntry], base_entries: list[TreeEntry], paths: set[str]) -> list[TreeEntry]:
    """`entries` with `paths` as they are on the base branch (left out where the base has no such file)."""
    base = {entry.path: entry for entry in base_entries}
    kept = [entry for entry in entries if entry.path not in paths]
    return kept + [base[path] for path in sorted(paths) if path in base]


def site_of_merge(root: Path, base_commit: str, head: str,
                  changes: list[ChangedFile]) -> tuple[SiteSettings, SiteSettings, set[str]]:
    """The site's settings on the base branch and as merging would leave them, and the configuration files
    (mkdocs.yml and those its `INHERIT:` chain names, on either side)."""
    def read_base(path: str) -> str | None:
        return base_version(root, base_commit, path)

    def read_merged(path: str) -> str | None:
        return merged_version(root, base_commit, head, changes, path)
    base_config, merged_config = read_base(SITE_CONFIG), read_merged(SITE_CONFIG)
    base_site = site_settings(base_config, read_base)
    merged_site = site_settings(merged_config, read_merged) if merged_config is not None or base_config is None \
        else SiteSettings(papershelf=False, docs_dir=None, paths=base_site.paths,
                          problem="mkdocs.yml is deleted: no site is built from the collection")
    return base_site, merged_site, {SITE_CONFIG, *config_files(base_config, read_base),
                                    *config_files(merged_config, read_merged)}


def summarize_pr(root: Path | str, base: str, head: str) -> PrReport:
    """The report for the PR `base...head`; its files are read from git's objects at `head`, never from a checkout.

    Papers and fields are what the branch changes since it left `base`; whether they validate, which authors
    and topics are new, and whose pages move are judged on the collection as merging would leave it (read where
    each side's mkdocs.yml places it)."""
    root = Path(root)
    base_commit, head_commit = commit_of(root, base), commit_of(root, head)
    changes = changed_files(root, base, head)
    merge_base = git(root, "merge-base", base, head).decode().strip()
    base_site, merged_site, site_files = site_of_merge(root, base_commit, head, changes)
    sides = Sides(base_site.paths, merged_site.paths)
    entries = tree_entries(root, head, sides.merged.tree_paths)
    base_entries = tree_entries(root, base_commit, sides.base.tree_paths)
    merged = merged_entries(base_entries if sides.base == sides.merged
                            else tree_entries(root, base_commit, sides.merged.tree_paths), entries, changes)
    with tempfile.TemporaryDirectory(prefix="papershelf-pr-") as scratch:
        collection, problems = exported_collection(root, merged, Path(scratch) / "head", merged_site)
        base_collection, base_problems = exported_collection(root, base_entries, Path(scratch) / "base", base_site)
        judged = collection
        unloaded = unloaded_papers(changes, collection, sides.merged)
        if unloaded:  # whose pages the pull request moves is judged with those files as they were
            judged = exported_collection(root, with_base_versions(merged, base_entries, unloaded),
                                         Path(scratch) / "judged", merged_site)[0]
        identity_flags = author_page_flags(base_collection, judged, sides.merged)
        pages = page_changes(SitePages(base_collection, base_site, site_pages(root, base_commit, base_site)),
                             SitePages(judged, merged_site, site_pages(root, head, merged_site, base_commit, changes)),
                             {change.path for change in changes if change.status in "MT"})
    report = PrReport(outside=sorted({path for change in changes for path in sides.outside(change)}),
                      refused=refusals(changes, entries, sides.merged), base_commit=base_commit,
                      head_commit=head_commit,
                      behind=int(git(root, "rev-list", "--count", f"{merge_base}..{base_commit}").decode()),
                      problems=new_problems(problems, base_problems, {change.path for change in changes}),
                      pages=pages, paths=sides.merged,
                      moves={change.old_path: change.path for change in changes if change.old_path is not None})
    before = sort_papers(report, root, merge_base, changes, sides, {paper.path: paper for paper in collection.papers})
    touched = {paper.path for paper in report.added + report.changed}
    others = [paper.meta for paper in collection.papers if paper.path not in touched] + before
    report.new_authors = new_authors([p.meta for p in report.added + report.changed], others, collection.registry)
    report.namesakes = namesakes(report.new_authors, collection)
    report.same_titles = same_titles(report.added, collection)
    titles = {topic.id: topic.title for topic in collection.topics}
    topic_ids = {t for meta in [p.meta for p in report.added + report.changed] + before for t in meta.topics}
    report.topics = sorted((t, titles.get(t, t)) for t in topic_ids)
    if any(c.path == sides.merged.topics for c in changes):
        base_ids = topic_ids_from_text(base_version(root, merge_base, sides.base.topics))
        report.new_topics = sorted(set(titles) - base_ids)
    base_titles = {paper.path: paper.meta.title for paper in base_collection.papers}
    report.removed_titles = {path: base_titles[path] for path in report.removed if path in base_titles}
    report.flags = sorted(identity_flags + rename_flags(report.renamed, base_collection, collection)
                          + maintainer_flags(root, changes, merge_base, head, collection,
                                             tuple(settings_changes(base_site, merged_site)), site_files, sides,
                                             own_pages(base_site, merged_site)),
                          key=lambda flag: flag.rank)
    report.field_changes = paper_field_changes(root, merge_base, head, changes, report.changed)
    report.listings = listing_changes(base_collection, judged, {
        paper.path: (Path(report.renamed.get(paper.path, paper.path)).stem, paper.slug) for paper in report.changed})
    report.flags += identifier_flags(report.field_changes)
    return report


def site_pages(root: Path, rev: str, site: SiteSettings, base_commit: str | None = None,
               changes: list[ChangedFile] | None = None) -> tuple[str, ...]:
    """The files of `site`'s docs_dir at `rev`; with `base_commit`, as merging `rev`'s `changes` would leave them."""
    if site.docs_dir is None:
        return ()
    folder = (site.docs_dir.rstrip("/") or ".",)
    entries = tree_entries(root, rev, folder)
    if base_commit is not None:
        entries = merged_entries(tree_entries(root, base_commit, folder), entries, changes or [])
    return tuple(entry.path for entry in entries)


def sort_papers(report: PrReport, root: Path, merge_base: str, changes: list[ChangedFile], sides: Sides,
                by_path: dict[str, Paper]) -> list[PaperMeta]:
    """Put each changed file of the papers' folders in the report (added, changed, renamed, removed, unreadable, not
    a paper); the front matter of the papers as they were at the merge base, returned."""
    before: list[PaperMeta] = []
    for change in changes:
        old_path = change.old_path or change.path
        if sides.was_paper(change) and change.status != "A":
            meta = meta_from_text(base_version(root, merge_base, old_path), change.path)
            before += [meta] if meta else []
        if change.status == "D":
            report.removed += [change.path] if sides.base.is_paper(change.path) else []
        elif change.status == "R" and sides.was_paper(change) and not sides.merged.is_paper(change.path):
            report.removed.append(old_path)  # renamed out of the papers' folder: gone from the site (and flagged)
        elif sides.merged.is_paper(change.path) and change.path.endswith(".md"):
            paper = by_path.get(change.path)
            if paper is None:
                report.unreadable.append(change.path)
            else:
                (report.added if change.status in "AC" else report.changed).append(paper)
            if change.status == "R" and sides.was_paper(change) and old_path.endswith(".md"):
                report.renamed[change.path] = old_path
        elif sides.merged.in_papers(change.path):
            report.not_papers.append(change.path)  # in a subfolder, or not .md: never read, never published
    return before


IDENTIFIERS = ("arxiv", "doi")  # what says which work a paper is: its links, citations and duplicate checks


def identifier_flags(field_changes: dict[str, list[FieldChange]]) -> list[Flag]:
    """A published paper's arXiv id or DOI changed or removed: its page, citation and links would name another
    work under the same title (a typo fixed, or a paper swapped). Adding one where there was none is not flagged."""
    flags = []
    for path, changes in field_changes.items():
        details = tuple(f"{change.name} {change.old!r} → {'removed' if change.new is None else repr(change.new)}: "
                        "its links and citation now point there; check that it opens this paper"
                        for change in changes if change.name in IDENTIFIERS and change.old is not None)
        if details:
            flags.append(Flag(path, "changes which work a published paper is (its arXiv id or DOI)", details))
    return flags


# --- Field diffs of changed papers: what each changed paper's front matter and body were, and are -----

BODY_FIELD = "abstract and notes"
MAX_SHOWN_VALUE = 300


def paper_field_changes(root: Path, merge_base: str, head: str, changes: list[ChangedFile],
                        changed: list[Paper]) -> dict[str, list[FieldChange]]:
    """Changed paper path -> its fields whose value differs from the merge base (renames followed)."""
    old_paths = {change.path: change.old_path or change.path for change in changes}
    found: dict[str, list[FieldChange]] = {}
    for paper in changed:
        old_text = base_version(root, merge_base, old_paths.get(paper.path, paper.path))
        old_meta = meta_from_text(old_text, paper.path)
        if old_meta is None:
            continue
        new_text = head_version(root, head, paper.path) or ""
        diffs = field_differences(old_meta, paper.meta)
        if body_of(old_text) != body_of(new_text):
            diffs.append(FieldChange(BODY_FIELD, body_of(old_text), body_of(new_text)))
        found[paper.path] = diffs
    return found


def field_differences(old: PaperMeta, new: PaperMeta) -> list[FieldChange]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [FieldChange(name, before.get(name), after.get(name)) for name in PaperMeta.model_fields
            if before.get(name) != after.get(name)]


MAX_CHANGED_CHARS = 4000  # of one changed part; a longer one shows its start and end and how much is between
CONTEXT_CHARS = 60  # unchanged text shown on each side of a change


def flat_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(flat_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {flat_text(item)}" for key, item in value.items())
    return " ".join(str(value).split())


def shown_value(value: object) -> str:
    """A field's value on one line, as literal Markdown for a table cell; '—' when unset; a URL as code (exact)."""
    if value in (None, [], {}, ""):
        return "—"
    return literal(clipped(flat_text(value)), is_url(value))


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def literal(text: str, code: bool = False) -> str:
    """Text shown as it is: a code span (for URLs: exact, and GitHub finds no mention or reference in code), or md."""
    if not text.strip():
        return " " if text else ""
    shown = f"`{md_code(text).replace('|', '%7C')}`" if code else md(text)
    return (" " if text[0].isspace() else "") + shown + (" " if text[-1].isspace() else "")  # pieces joined keep spaces


def clipped(text: str) -> str:
    if len(text) <= MAX_CHANGED_CHARS:
        return text
    half = MAX_CHANGED_CHARS // 2
    return f"{text[:half]} [… {len(text) - 2 * half} more characters …] {text[-half:]}"


def marked_pair(old: str, new: str, code: bool = False) -> tuple[str, str]:
    """Old and new text with the part that differs marked (<del>/<ins>) and the unchanged rest cut to context.

    Linear: the common start and end are found, and everything between them is the change, shown in full
    up to MAX_CHANGED_CHARS (then its start and end with the count between). Short values are marked too: a
    one-letter change to a link is what a reader's eye misses. Prose is marked in whole words; code (a URL)
    character by character."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    if not code:  # the changed run starts and ends between words: "<del>rules</del>", not "<del>and ru</del>"
        while start > 0 and not (at_word_edge(old, start) and at_word_edge(new, start)):
            start -= 1
        while end > 0 and not (at_word_edge(old, len(old) - end) and at_word_edge(new, len(new) - end)):
            end -= 1

    def show(text: str, tag: str) -> str:
        before = text[max(0, start - CONTEXT_CHARS):start]
        after = text[len(text) - end:len(text) - end + CONTEXT_CHARS]
        changed = text[start:len(text) - end]
        lead = f"[{start - len(before)} characters unchanged] …" if start > len(before) else ""
        tail = f"… [{end - len(after)} characters unchanged]" if end > len(after) else ""
        middle = f"<{tag}>{literal(clipped(changed), code)}</{tag}>" if changed else f"<{tag}>(nothing)</{tag}>"
        return f"{md(lead)}{literal(before, code)}{middle}{literal(after, code)}{md(tail)}"
    return show(old, "del"), show(new, "ins")


def at_word_edge(text: str, index: int) -> bool:
    return index in (0, len(text)) or text[index].isspace() or text[index - 1].isspace()


def diff_rows(name: str, old: object, new: object) -> list[tuple[str, str, str]]:
    """(field, before, after) rows for every part of a field that changed: per key, per list item, per character run."""
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
        return [row for key in sorted(set(old) | set(new), key=str) if old.get(key) != new.get(key)
                for row in diff_rows(f"{name}.{key}", old.get(key), new.get(key))]
    if isinstance(old, list) or isinstance(new, list):
        before = [flat_text(item) for item in (old if isinstance(old, list) else [])]
        after = [flat_text(item) for item in (new if isinstance(new, list) else [])]
        rows = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                rows += [row for offset in range(i2 - i1)
                         for row in diff_rows(f"{name}[{i1 + offset + 1}]", before[i1 + offset], after[j1 + offset])]
            else:
                where = f"{name}[{i1 + 1}]" if tag != "insert" else f"{name}[+{j1 + 1}]"
                rows.append((where, shown_value(before[i1:i2]), shown_value(after[j1:j2])))
        return rows
    old_text = "" if old is None else flat_text(old)
    new_text = "" if new is None else flat_text(new)
    if old is None or new is None:
        return [(name, shown_value(old), shown_value(new))]
    return [(name, *marked_pair(old_text, new_text, is_url(old) and is_url(new)))]


def render_field_changes(report: PrReport) -> list[str]:
    """The 'What changed' section: per changed paper, a table of each changed part: field, old value, new value."""
    lines = []
    titles = {paper.path: paper.meta.title for paper in report.changed}
    for path, diffs in report.field_changes.items():
        lines += [f"**{md(titles.get(path, path))}** (`{md_code(path)}`)", ""]
        if not diffs:
            lines += ["Renamed; no field changed." if path in report.renamed else "No field changed (only formatting).",
                      ""]
            continue
        lines += ["| field | before | after |", "| --- | --- | --- |"]
        for diff in diffs:
            if diff.name == BODY_FIELD:  # one line, the changed run marked: where in the text it is, not only that
                lines += [f"| {BODY_FIELD} | {old} | {new} |" for _, old, new in diff_rows(BODY_FIELD, diff.old or "",
                                                                                           diff.new or "")]
            else:
                lines += [f"| `{md_code(name)}` | {old} | {new} |" for name, old, new in diff_rows(diff.name, diff.old,
                                                                                                  diff.new)]
        lines += [*listing_row(report.listings.get(path)), ""]
    return ["### What changed in each changed paper", "", *field_tally(report.field_changes), *lines] if lines else []


def listing_row(listing: tuple[list[str], list[str]] | None) -> list[str]:
    """The pages that stop and start listing a changed paper, as the table's last row: what its changes do."""
    if listing is None:
        return []
    left, joined = listing
    def shown(urls: list[str], tag: str) -> str:
        return f"<{tag}>{', '.join(f'`{md_code(url)}`' for url in urls)}</{tag}>" if urls else "—"
    return [f"| listed on | {shown(left, 'del')} | {shown(joined, 'ins')} |"]


TALLIED_FROM = 5  # changed papers from which the fields changed are counted first, for a bulk edit's pattern


def field_tally(field_changes: dict[str, list[FieldChange]]) -> list[str]:
    """How many changed papers each field changed in, most first: what a bulk edit does, before its tables."""
    if len(field_changes) < TALLIED_FROM:
        return []
    counts = Counter(diff.name for diffs in field_changes.values() for diff in diffs)
    tally = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"Fields changed, in how many of the {len(field_changes)} papers: "
            + ", ".join(f"{name if name == BODY_FIELD else f'`{name}`'} {count}" for name, count in tally) + ".", ""]


def new_authors(touched: list[PaperMeta], others: list[PaperMeta], registry: AuthorRegistry) -> list[str]:
    """Names in `touched` papers of people who are in none of the `others`, in first-seen order."""
    known = {registry.person(name).key for meta in others for name in meta.authors}
    names: dict[str, str] = {}
    for meta in touched:
        for name in meta.authors:
            person = registry.person(name)
            if person.key not in known:
                names.setdefault(person.key, person.name)
    return list(names.values())


def same_titles(added: list[Paper], collection: Collection) -> dict[str, list[str]]:
    """Added papers whose title looks like another's (not a duplicate: its first author or year differs): two
    pages a reader cannot tell apart by their titles, or a duplicate under another first author."""
    new = {paper.path for paper in added}
    by_title: dict[str, list[str]] = {}
    for paper in collection.papers:
        if paper.path not in new:
            by_title.setdefault(title_skeleton(paper.meta.title), []).append(paper.path)
    found = {paper.path: by_title.get(title_skeleton(paper.meta.title), []) for paper in added}
    return {path: others for path, others in found.items() if others}


def name_skeleton(name: str) -> str:
    """A name as it looks: accents and case aside (person_key), lookalike letters as one (a Cyrillic а is an a)."""
    return title_skeleton(person_key(name))


def namesakes(names: list[str], collection: Collection) -> dict[str, list[str]]:
    """New authors whose family name and first initial an author already on the site shares ("J.-H. Ahn",
    "Jong-Hyun Ahn"): perhaps one person, whom an authors.yml alias would join, and a reviewer should ask."""
    new = set(names)
    by_family: dict[str, list[str]] = {}
    for term in collection.taxonomies["authors"].terms.values():
        if term.name not in new:
            by_family.setdefault(name_skeleton(name_parts(term.name)[1]), []).append(term.name)
    found = {}
    for name in names:  # accents, case and lookalike letters aside: "Ł. Kaiser", "Lukasz Kaiser", "Łukasz Kаiser"
        given, family = name_parts(name)
        alike = [other for other in by_family.get(name_skeleton(family), [])
                 if name_skeleton(given)[:1] == name_skeleton(name_parts(other)[0])[:1]]
        if alike:
            found[name] = sorted(alike)
    return found


MAX_SUMMARY_BYTES = 256 * 1024  # GitHub drops a step summary over 1 MiB whole; this leaves room for the rest


def render_summary(report: PrReport, limit: int = MAX_SUMMARY_BYTES) -> str:
    """Flags first, then the papers, then each changed field; cut at `limit` bytes with a count of what was left out."""
    lines = (render_compared(report) + broken_addresses(report.pages) + render_problems(report.problems)
             + render_flags(report.flags)
             + render_pages(report.pages, blocked=bool(report.problems)))
    if report.refused:
        lines = ["### Refused", "", *[f"- `{md_code(path)}` {why}" for path, why in report.refused], ""] + lines
    unflagged = report.unflagged_outside()
    if unflagged:
        paths = report.paths
        lines += ["### Needs a maintainer", "",
                  f"A paper pull request changes only `{md_code(paths.papers or './')}`, `{md_code(paths.topics)}` "
                  f"and `{md_code(paths.authors)}`. It also changes:", "",
                  *[f"- `{md_code(path)}`" for path in unflagged], ""]
    lines += ["## Papers in this pull request", ""]
    # What a pull request does to papers already published comes first, each changed field included: a bulk
    # addition (thousands of new authors) cannot push a changed link past the summary's size bound.
    existing = (
        ("Changed", [f"{md(p.meta.title)} (`{md_code(p.path)}`{renamed_from(report, p.path)})" for p in report.changed]),
        ("Removed", [f"{md(report.removed_titles[path])} (`{md_code(path)}`)" if path in report.removed_titles
                     else f"`{md_code(path)}`" for path in report.removed]),
        ("Paper files that do not load (their problems are listed above)",
         [f"`{md_code(path)}`" for path in report.unreadable]),
        (f"Files in `{md_code(report.paths.papers or './')}` that are not papers (only "
         f"`{md_code(report.paths.papers)}<name>.md` is read and published)",
         [f"`{md_code(path)}`" for path in report.not_papers]),
    )
    added = (
        ("Added", [f"{md(p.meta.title)} (`{md_code(p.path)}`){same_title_note(report.same_titles.get(p.path, []))}"
                   for p in report.added]),
        ("New topics in topics.yml", [f"`{md_code(topic_id)}`" for topic_id in report.new_topics]),
        ("New authors", [md(name) + namesake_note(report.namesakes.get(name, [])) for name in report.new_authors]),
    )
    touched = listed("Topics touched", [f"{md(title)} (`{md_code(topic_id)}`)" for topic_id, title in report.topics])
    for heading, items in existing:
        lines += listed(heading, items)
    field_changes = render_field_changes(report)
    lines += field_changes
    if field_changes and any(items for _, items in added):
        lines += ["### Added", ""]
    for heading, items in added:
        lines += listed(heading, items)
    lines += listed("New addresses", shown_pages(report.pages.new), len(report.pages.new))  # after what already is
    lines += (["### Topics", ""] if field_changes and touched else []) + touched
    if not any(items for _, items in (*existing, *added)):
        lines += ["No paper was added, changed or removed.", ""]
    return "\n".join(bounded(lines, limit))


def broken_addresses(pages: PageChanges) -> list[str]:
    """One line first, before the errors and flags that say why: published addresses that merging breaks."""
    gone = len(pages.gone)
    breaks = ([f"{gone:,} published address{'es' * (gone != 1)} would answer 404"] if gone else []) \
        + (["every address of the site moves (`site_url`)"] if pages.moved_site else [])
    return [f"**Merging breaks published addresses**: {' and '.join(breaks)} (see Published pages).", ""] \
        if breaks else []


MAX_SHOWN_PAGES = 100  # of each list of pages; then a count


def render_pages(pages: PageChanges, blocked: bool = False) -> list[str]:
    """The addresses the merge takes off the site (each answers 404 and links to it break), a new site_url (every
    address moves), how many pages it adds (listed after the papers: a bulk addition's pages cannot push a change
    out of a cut summary), and the site's own pages it edits."""
    if not pages.gone and not pages.new and not pages.edited and not pages.moved_site:
        return []
    gone, new = len(pages.gone), len(pages.new)
    effects = ([f"{gone:,} published address{'es' * (gone != 1)} would answer 404 (links to "
                f"{'them' if gone != 1 else 'it'} break)"] if gone else []) \
        + ([f"{new:,} address{'es' * (new != 1)} would be new"] if new else [])
    when = "Once the errors above are fixed (until then the build stops), merged and built" if blocked \
        else "Merged and built"
    lines = ["### Published pages", ""]
    if pages.moved_site:
        old, new_url = pages.moved_site
        lines += [f"**Every address of the site moves**: `site_url` {with_exact_urls(repr(old))} → "
                  f"{with_exact_urls(repr(new_url))}. The sitemap, canonical links, feeds and exports name each "
                  f"page at the new address; unless the site is published there and the old one redirects, links "
                  f"to its {pages.before:,} pages break.", ""]
    if effects:
        lines += [f"{when}, the site would have {pages.after:,} pages ({pages.before:,} now): "
                  f"{' and '.join(effects)}{' (listed below the papers)' * bool(new)}.", ""]
    return lines + listed("Addresses that go away", shown_pages(pages.gone), gone) \
        + listed("Pages of the site's own edited (their Markdown is published as written)",
                 shown_pages(pages.edited), len(pages.edited))


def shown_pages(pages: list[tuple[str, str]]) -> list[str]:
    """Each page's address as code (the home page's, "", as `./`), then what is on it."""
    shown = [f"`{md_code(url or './')}`" + (f" {md(label)}" if label else "") for url, label in pages[:MAX_SHOWN_PAGES]]
    return shown + ([f"… and {len(pages) - MAX_SHOWN_PAGES:,} more"] if len(pages) > MAX_SHOWN_PAGES else [])


def same_title_note(others: list[str]) -> str:
    if not others:
        return ""
    return (" — the same title as " + " and ".join(f"`{md_code(path)}`" for path in others[:3])
            + ": another work, or the same one under another first author or year?")


def namesake_note(alike: list[str]) -> str:
    if not alike:
        return ""
    return (" — the same person as " + " or ".join(f"'{md(name)}'" for name in alike[:3])
            + "? (already on the site; an `authors.yml` alias joins two spellings)")


def renamed_from(report: PrReport, path: str) -> str:
    old = report.renamed.get(path)
    return f", renamed from `{md_code(old)}`" if old else ""


def render_compared(report: PrReport) -> list[str]:
    """Which commits this summary compares, and whether the base branch has moved on since the branch left it."""
    if not report.base_commit:
        return []
    line = f"Pull request at `{report.head_commit[:12]}`, compared with the base branch at `{report.base_commit[:12]}`."
    if report.behind:
        line += (f" The branch is {report.behind} commit{'s' * (report.behind != 1)} behind it: what it changes is "
                 "its own work since it left the base; whether it validates, and which authors and topics are new, "
                 "is judged on the collection as merging it now would leave it.")
    return [line, ""]


MAX_SHOWN_PROBLEMS = 50


def render_problems(problems: list[Problem]) -> list[str]:
    """The validation errors merging would bring (duplicates, unknown topics, invalid fields), each where it is."""
    if not problems:
        return []
    shown = [f"- `{md_code(problem.path)}{f':{problem.line}' if problem.line else ''}`"
             f"{f' `{md_code(problem.field)}`' if problem.field else ''}: {md(problem.message)}"
             + (f" ({md(problem.hint)})" if problem.hint else "") for problem in problems[:MAX_SHOWN_PROBLEMS]]
    more = len(problems) - MAX_SHOWN_PROBLEMS
    count = f"{len(problems)} error{'s' * (len(problems) != 1)}"
    return ["### Does not validate", "",
            f"Merged now, this pull request would leave the collection with {count} it does not have today "
            "(the check fails; `papershelf validate` shows the same):", "", *shown,
            *([f"- … and {more} more"] if more > 0 else []), ""]


FOLDED_ITEMS = 20  # a longer list is folded: its heading and count show, its items open on a click


def listed(heading: str, items: list[str], total: int | None = None) -> list[str]:
    """A section of the summary: its heading with the count (`total`, when `items` shows only some), then its
    items (folded when there are many)."""
    if not items:
        return []
    bullets = [f"- {item}" for item in items]
    count = len(items) if total is None else total
    if len(items) <= FOLDED_ITEMS:
        return [f"**{heading}** ({count})", "", *bullets, ""]
    return ["<details>", f"<summary><b>{heading}</b> ({count})</summary>", "", *bullets, "", "</details>", ""]


def bounded(lines: list[str], limit: int) -> list[str]:
    """The first lines that fit in `limit` bytes (UTF-8), then what was left out: the sections (the one the cut
    fell in, and every later one, with their counts) and how many lines, after closing a folded list the cut fell
    in, so that it shows."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        size = len(line.encode("utf-8")) + 1
        if used + size > limit - CUT_NOTE_BYTES:  # room for the closing lines
            left = [rest for rest in lines[index:] if rest.strip() and rest != "</details>"]
            still_open = kept.count("<details>") > kept.count("</details>")
            return kept + ["", "</details>"] * still_open + ["", cut_note(kept, lines[index:], len(left), limit)]
        kept.append(line)
        used += size
    return kept


CUT_NOTE_BYTES = 1024  # the closing lines and the note naming what was left out
MAX_NAMED_SECTIONS = 12
SECTION = re.compile(r"^(?:#{2,4} (?P<heading>.+)|\*\*(?P<bold>.+?)\*\* \((?P<count>[\d,]+)\)"
                     r"|<summary><b>(?P<folded>.+?)</b> \((?P<folded_count>[\d,]+)\)</summary>)$")


def cut_note(kept: list[str], rest: list[str], lines_left: int, limit: int) -> str:
    """"**Left out** to keep this summary under 60 KiB (1,807 lines): the rest of Added (263), New addresses (266)…"."""
    sections = [section(line) for line in rest if SECTION.match(line)]
    current = next((section(line) for line in reversed(kept) if SECTION.match(line)), "")
    named = ([f"the rest of {current}"] if current and rest and not SECTION.match(rest[0]) else []) + sections
    shown = ", ".join(named[:MAX_NAMED_SECTIONS]) + (", …" if len(named) > MAX_NAMED_SECTIONS else "")
    return (f"**Left out** to keep this summary under {limit // 1024} KiB ({lines_left:,} "
            f"line{'s' * (lines_left != 1)}){': ' + shown if shown else ''}. Read the pull request's diff for the "
            "rest.")


def section(line: str) -> str:
    """A section's heading line as the cut note names it: "Added (263)"."""
    match = SECTION.match(line)
    if match is None:
        return ""
    if match["heading"]:
        return match["heading"]
    name, count = (match["bold"], match["count"]) if match["bold"] else (match["folded"], match["folded_count"])
    return f"{name} ({count})"


MAX_ANNOTATIONS = 50  # GitHub shows only the first few of a step's annotations anyway
MAX_ANNOTATION_CHARS = 4000


def workflow_annotations(report: PrReport) -> list[str]:
    """GitHub Actions workflow commands, most important first: an error per refused file, a warning per flag, a
    warning per other file outside a paper PR; at most MAX_ANNOTATIONS, then a notice counting the rest."""
    lines = [
        f"::error file={escape_property(path)},title=Refused::"
        + escape_data(f"{path} {why}; paper files must be regular files (replace it with the file itself)")
        for path, why in report.refused
    ]
    lines += address_annotations(report.pages)
    lines += [f"::warning file={escape_property(flag.path)},title=Needs a maintainer::"
              + escape_data(f"{flag.path} {flag.what}" + "".join(f"; {detail}" for detail in flag.details))
              for flag in report.flags]
    lines += [
        f"::warning file={escape_property(path)},title=Needs a maintainer::"
        + escape_data(f"{path} is outside {report.paths.shown}; a maintainer must review this change")
        for path in report.unflagged_outside()
    ]
    shown = [terminal_safe(line)[:MAX_ANNOTATION_CHARS] for line in lines[:MAX_ANNOTATIONS]]
    if len(lines) > MAX_ANNOTATIONS:
        shown.append(f"::notice title=More in the summary::{len(lines) - MAX_ANNOTATIONS} more annotations left out: "
                     "read the job summary")
    return shown


def address_annotations(pages: PageChanges) -> list[str]:
    """Warnings for published addresses the merge breaks: the pages that go, every page when site_url moves."""
    lines = []
    if pages.moved_site:
        old, new = pages.moved_site
        lines.append("::warning file=mkdocs.yml,title=Every address of the site moves::" + escape_data(
            f"site_url {old} → {new}: the {pages.before:,} pages are named at the new address"))
    if pages.gone:
        gone = [url for url, _ in pages.gone]
        lines.append("::warning title=Published pages go away::" + escape_data(
            f"{len(gone)} published address{'es' * (len(gone) != 1)} would answer 404 after this merge: "
            + ", ".join(gone[:10]) + (", …" if len(gone) > 10 else "")))
    return lines


# --- Changes a maintainer must review: identities, taxonomy, configuration, workflows, links -----------------

@dataclass(frozen=True)
class Flag:
    """A change a paper PR should not need, or whose effect is site-wide: what it is and what it changes."""

    path: str
    what: str  # "renames or re-links authors", "is a symbolic link", …
    details: tuple[str, ...] = ()
    rank: int = 1  # 0: code, workflows, installs, configuration, files leaving papers/ (shown first); 1: site-wide data


SITE_FILES = ("mkdocs.yml",)
WORKFLOWS = ".github/workflows/"
SYMLINK_MODE = "120000"
# What a pull request can use to run code: installed packages, build configuration, plugins, hooks, templates, scripts.
INSTALL_FILE = re.compile(r"(?:^|/)(?:requirements[^/]*\.(?:txt|in)|constraints[^/]*\.txt|pyproject\.toml|setup\.(?:py|cfg)"
                          r"|Pipfile(?:\.lock)?|package(?:-lock)?\.json|\.npmrc|pip\.conf|\.python-version"
                          r"|\.pre-commit-config\.ya?ml|environment\.ya?ml|uv\.lock|poetry\.lock)$")
CODE_FOLDER = re.compile(r"(?:^|/)(?:plugins|overrides|hooks|theme|templates|scripts|src|\.github|\.devcontainer)/")
CODE_SUFFIX = re.compile(r"\.(?:py|pyi|pth|pyc|js|mjs|cjs|ts|sh|bash|html|htm|jinja|j2|css|svg)$", re.IGNORECASE)
CODE_NAME = re.compile(r"(?:^|/)(?:Makefile|GNUmakefile|justfile|Dockerfile|tox\.ini|\.envrc|\.gitmodules)$")
GIT_ATTRIBUTES = re.compile(r"(?:^|/)\.gitattributes$")
SITE_PAGES = "docs/"


def code_flag(change: ChangedFile, site_pages: tuple[str, ...] = (SITE_PAGES,)) -> Flag | None:
    """A change to what runs: workflows, dependencies, plugins, hooks, overrides, scripts and their kin."""
    verb = {"A": "adds", "D": "removes", "R": "renames", "C": "copies"}.get(change.status, "changes")
    for path in filter(None, (change.path, change.old_path)):
        if path.startswith(WORKFLOWS) or path.startswith(".github/"):
            return Flag(change.path, f"{verb} a GitHub workflow or setting (it runs with the repository's permissions)",
                        rank=0)
        if INSTALL_FILE.search(path):
            return Flag(change.path, f"{verb} what is installed (a dependency can run any code in every job)", rank=0)
        if CODE_FOLDER.search(path) or CODE_SUFFIX.search(path) or CODE_NAME.search(path):
            return Flag(change.path, f"{verb} code, a plugin, hook, template or override (it runs in the build)",
                        rank=0)
        if GIT_ATTRIBUTES.search(path):
            return Flag(change.path, f"{verb} how git and GitHub treat files ('linguist-generated' folds a file's "
                        "diff out of review; a filter runs a command)", rank=0)
        if path.startswith(site_pages):
            return Flag(change.path, f"{verb} a page of the site's own (its Markdown is published as written, raw "
                        "HTML and scripts included)", rank=0)
    return None


def leaving_papers_flag(change: ChangedFile, sides: Sides) -> Flag | None:
    if change.status in "RC" and sides.base.in_papers(change.old_path) and not sides.merged.is_paper(change.path):
        return Flag(change.path, f"is a paper file moved out of {sides.merged.papers or 'the top folder'} (from "
                                 f"{change.old_path})", rank=0)
    return None


def own_pages(*sites: SiteSettings) -> tuple[str, ...]:
    """The folders of the site's own pages (MkDocs' docs_dir) on either side."""
    return tuple(dict.fromkeys(site.docs_dir for site in sites if site.docs_dir is not None))


def maintainer_flags(root: Path, changes: list[ChangedFile], merge_base: str, head: str,
                     collection: Collection, site_details: tuple[str, ...] = (),
                     site_files: Container[str] = SITE_FILES, sides: Sides | None = None,
                     site_pages: tuple[str, ...] = (SITE_PAGES,)) -> list[Flag]:
    """Every flag, code and configuration first (rank 0), then site-wide data (authors, topics)."""
    sides = sides or Sides(CollectionPaths(), CollectionPaths())
    flags = []
    for change in changes:
        path = change.path
        moved_out = leaving_papers_flag(change, sides)
        if moved_out:
            flags.append(moved_out)
        if SYMLINK_MODE in (change.new_mode, change.old_mode):
            flags.append(symlink_flag(root, change, merge_base, head))
        elif path == sides.merged.authors:
            flags.append(authors_flag(root, merge_base, collection, sides))
        elif path == sides.merged.topics:
            flags.append(topics_flag(root, merge_base, collection, sides))
        elif path in site_files or (change.old_path or "") in site_files:
            flags.append(Flag(path, "changes the site's configuration (it can load plugins, hooks and scripts)",
                              (*changed_keys(base_version(root, merge_base, path), head_version(root, head, path)),
                               *site_details), rank=0))
        else:
            flag = code_flag(change, site_pages)
            if flag and is_workflow(change):
                flag = Flag(flag.path, flag.what, tuple(workflow_facts(head_version(root, head, path))), flag.rank)
            if flag:
                flags.append(flag)
    return sorted(flags, key=lambda flag: flag.rank)


def is_workflow(change: ChangedFile) -> bool:
    return change.status != "D" and change.path.startswith(WORKFLOWS) and change.path.endswith((".yml", ".yaml"))


def author_page_flags(before: Collection, after: Collection, paths: CollectionPaths) -> list[Flag]:
    """Existing authors whose page moves or whose name on it changes, and existing author URLs given to someone
    else: what a new paper or an authors.yml entry (an alias, an `id:`) does to people already on the site."""
    old, new = before.taxonomies["authors"].terms, after.taxonomies["authors"].terms
    owner_before = {term.url: term for term in old.values()}
    owner_after = {term.url: term for term in new.values()}
    details, lost = [], []
    for key, term in old.items():
        now = new.get(key)
        if now is None and term.url and term.url not in owner_after:
            lost.append(f"'{term.name}' ({term.count} paper{'s' * (term.count != 1)}) loses their page "
                        f"{term.url}{shown_now_as(term, after)}")
        if now is not None and term.url and not now.url:  # fewer papers now than a page needs
            lost.append(f"'{term.name}' ({now.count} paper{'s' * (now.count != 1)} now) loses their page {term.url}: "
                        f"an author needs {after.taxonomies['authors'].declaration.min_papers} papers for a page "
                        "(min_papers in mkdocs.yml)")
        elif now is not None and term.url and now.url != term.url:
            details.append(f"'{term.name}' ({term.count} paper{'s' * (term.count != 1)}) moves from {term.url} "
                           f"to {now.url}")
        if now is not None and now.name != term.name:
            details.append(f"'{term.name}' is now shown as '{now.name}' on {now.url}")
    for key, term in new.items():
        previous = owner_before.get(term.url)
        if previous is not None and previous.key != key and not same_person(previous, term):
            details.append(f"{term.url}, the page of '{previous.name}', now belongs to '{term.name}'"
                           + (f" (authors.yml id '{key.removeprefix(ID_PREFIX)}')" if key.startswith(ID_PREFIX)
                              else ""))
    flags = [Flag(paths.papers or ".", "removes existing authors' pages (their published addresses will answer 404)",
                  capped(lost))] if lost else []
    return flags + ([Flag(paths.papers or ".", "changes existing authors' pages (their URL, or the name their page shows)",
                          capped(details), rank=0)] if details else [])


MAX_FLAG_DETAILS = 100


def capped(details: list[str]) -> tuple[str, ...]:
    """At most MAX_FLAG_DETAILS details, then how many more (a setting can take hundreds of pages away)."""
    more = len(details) - MAX_FLAG_DETAILS
    return tuple(details[:MAX_FLAG_DETAILS]) + ((f"… and {more:,} more",) if more > 0 else ())


def rename_flags(renamed: dict[str, str], before: Collection, after: Collection) -> list[Flag]:
    """A paper file renamed: its page's URL is its file's name, so the page moves and links to it break (a file
    moved with the papers' folder keeps its name, and its page)."""
    moves = {path: (paper_url(before, old), paper_url(after, path)) for path, old in renamed.items()}
    return [Flag(path, "renames a paper file: its page moves, and links to its old address break",
                 (f"from {old_url} to {new_url} (was {renamed[path]}); keep the old file name unless the move is "
                  "wanted",), rank=0)
            for path, (old_url, new_url) in moves.items() if old_url != new_url]


def paper_url(collection: Collection, path: str) -> str:
    return collection.routes.paper(Path(path).stem)


def shown_now_as(term: Term, after: Collection) -> str:
    """Under whom, and on which page, an author whose page is gone is now listed: an alias that merged two
    people, an `id:` that moved them, or nobody (their last paper removed)."""
    if not any(paper.slug in after.taxonomies["authors"].by_paper for paper in term.papers):
        return " (no paper of theirs is left)"
    person = after.registry.person(term.name)
    now = after.taxonomies["authors"].terms.get(person.key)
    if now is None or now.url == term.url:
        return f": their papers now list them under '{person.name}'" if person.name != term.name else ""
    return f": their papers now list them under '{now.name}' ({now.url})"


def same_person(before: Term, after: Term) -> bool:
    """The same name on the same papers: an `id:` given to an author already on the site changes no page."""
    return before.name == after.name and {paper.slug for paper in before.papers} == {paper.slug for paper in after.papers}


def head_version(root: Path, head: str, path: str) -> str | None:
    return base_version(root, head, path)


def symlink_flag(root: Path, change: ChangedFile, merge_base: str, head: str) -> Flag:
    """A symbolic link anywhere: a build may publish, or a tool write to, whatever it points to."""
    if change.status == "D" or change.new_mode != SYMLINK_MODE:
        old = base_version(root, merge_base, change.old_path or change.path)
        return Flag(change.path, "removes or replaces a symbolic link", (f"it pointed to {old!r}",) if old else (),
                    rank=0)
    target = head_version(root, head, change.path)
    return Flag(change.path, "is a symbolic link", (f"points to {target!r}",) if target is not None else (), rank=0)


Entry = TypeVar("Entry", bound=BaseModel)


def _entries(text: str | None, model: type[Entry]) -> list[Entry]:
    """The valid entries of a YAML list file's text (none if it does not parse): what the site would use."""
    try:
        data = load_strict(text).data if text else []
    except YamlProblem:
        return []
    entries = []
    for item in data if isinstance(data, list) else []:
        try:
            entries.append(model.model_validate(item))
        except ValidationError:
            continue
    return entries


def authors_flag(root: Path, merge_base: str, collection: Collection, sides: Sides) -> Flag:
    """Whose names the papers now show differently, and whose links changed: old → new."""
    before = AuthorRegistry(_entries(base_version(root, merge_base, sides.base.authors), AuthorEntry))
    after = collection.registry
    written: dict[str, int] = {}  # every author name as the papers write it, and on how many papers
    for paper in collection.papers:
        for name in dict.fromkeys(paper.meta.authors):  # a paper naming two people alike counts once
            written[name] = written.get(name, 0) + 1
    details, relinked = [], set()
    for name, count in sorted(written.items()):
        old, new = before.person(name), after.person(name)
        old_links, new_links = _links(old.entry), _links(new.entry)
        links = f"links {_shown_links(old_links)} → {_shown_links(new_links)}" if old_links != new_links else ""
        if old.name != new.name:
            details.append(f"'{name}' ({count} paper{'s' * (count != 1)}) is now shown as '{new.name}' "
                           f"(was '{old.name}')" + (f"; {links}" if links else ""))
        elif links and new.name not in relinked:  # one line per person, however many spellings the papers use
            relinked.add(new.name)
            details.append(f"'{new.name}': {links}")
    old_names = {entry.name for entry in before.entries}
    new_names = {entry.name for entry in after.entries}
    details += [f"new entry '{name}'" for name in sorted(new_names - old_names)]
    details += [f"entry '{name}' removed" for name in sorted(old_names - new_names)]
    return Flag(sides.merged.authors, "changes who authors are (names, aliases, links) on every page",
                tuple(details) or (f"no name, alias or link changes{unchanged(sides.base.authors, sides.merged.authors)}",))


def _links(entry: AuthorEntry | None) -> dict[str, object]:
    return {key: getattr(entry, key) for key in ("homepage", "orcid", "scholar") if entry and getattr(entry, key)}


def _shown_links(links: dict[str, object]) -> str:
    return ", ".join(f"{key} {value}" for key, value in links.items()) or "none"


def topics_flag(root: Path, merge_base: str, collection: Collection, sides: Sides) -> Flag:
    before = {topic.id: topic for topic in _entries(base_version(root, merge_base, sides.base.topics), TopicEntry)}
    after = {topic.id: topic for topic in collection.topics}
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    new_ids = {after[key].title: key for key in added}
    moved = {key: new_ids[before[key].title] for key in removed if before[key].title in new_ids}
    details = [f"topic id '{key}' renamed to '{new}' ('{after[new].title}'): its page moves from "
               f"{topic_url(collection, key)} to {topic_url(collection, new)}" for key, new in moved.items()]
    details += [f"new topic '{key}' ('{after[key].title}')" for key in added if key not in moved.values()]
    details += [f"topic '{key}' removed (was '{before[key].title}')" for key in removed if key not in moved]
    for key in removed:
        users = sum(key in paper.meta.topics for paper in collection.papers)
        details += [f"'{key}' is still a topic of {users} paper{'s' * (users != 1)}, which no longer validate"] \
            if users else []
    for key in sorted(after.keys() & before.keys()):
        old, new = before[key], after[key]
        if old.title != new.title:
            details.append(f"topic '{key}' renamed: '{old.title}' → '{new.title}'")
        if old.parent != new.parent:
            details.append(f"topic '{key}' moved: parent {old.parent or 'none'} → {new.parent or 'none'}")
        if old.description != new.description:
            details.append(f"topic '{key}': description changed")
    return Flag(sides.merged.topics, "changes the topics every page lists",
                tuple(details) or (f"no topic changes{unchanged(sides.base.topics, sides.merged.topics)}",))


def unchanged(old: str, new: str) -> str:
    """Why a file whose entries are all as they were is in the pull request."""
    return f": moved from {old}" if old != new else ": only its formatting or comments"


def topic_url(collection: Collection, topic_id: str) -> str:
    return collection.routes.term("topics", topic_id) if "topics" in collection.routes.taxonomies else topic_id


def render_flags(flags: list[Flag]) -> list[str]:
    if not flags:
        return []
    lines = ["### Flagged for a maintainer", "",
             "These changes run code, act on the whole site, or reach outside the collection:", ""]
    for flag in flags:
        lines.append(f"- `{md_code(flag.path)}` {md(flag.what)}")
        lines += [f"  - {with_exact_urls(detail)}" for detail in flag.details]
    return lines + [""]


WEB_ADDRESS = re.compile(r"https?://[^\s'\"<>]+")


def with_exact_urls(text: str) -> str:
    """Text as literal Markdown, its web addresses as code spans: shown exactly, so that they can be copied and
    compared character by character (md's invisible word joiners would break both)."""
    pieces, last = [], 0
    for match in WEB_ADDRESS.finditer(text):
        pieces += [literal(text[last:match.start()]), literal(match[0], code=True)]
        last = match.end()
    return "".join([*pieces, literal(text[last:])])


COMMENT_MARKER = "<!-- papershelf pr-summary -->"  # how the comment job finds its own comment to update
MAX_COMMENT_BYTES = 60 * 1024  # GitHub refuses a comment over 65,536 characters


def render_comment(report: PrReport, full_summary_url: str | None = None) -> str:
    """The summary as the pull request's comment: marked as papershelf's (one comment, updated on each push),
    cut to fit a comment, with where the whole summary is."""
    where = f" The whole summary: {full_summary_url}" if full_summary_url else ""
    return "\n".join([COMMENT_MARKER, "## Pull request summary", "",
                      render_summary(report, MAX_COMMENT_BYTES), "",
                      f"<sub>Written by `papershelf pr-summary` from the default branch's code; updated on every "
                      f"push.{where}</sub>", ""])


def write_summary(root: Path | str, base: str, head: str, summary_file: Path | None,
                  comment_file: Path | None = None, run_url: str | None = None) -> tuple[str, list[str], bool]:
    """(summary Markdown, workflow annotations, ok) for `base...head`; the summary is appended to `summary_file`,
    and the comment (render_comment) written to `comment_file`."""
    report = summarize_pr(root, base, head)
    summary = render_summary(report)
    if summary_file is not None:
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(summary + "\n")
    if comment_file is not None:
        comment_file.write_text(render_comment(report, run_url), encoding="utf-8")
    return summary, workflow_annotations(report), report.ok
