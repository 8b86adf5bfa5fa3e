"""What a pull request changes in a collection, for the job summary and for review.

From `git diff base...head` and the collection as it is at `head` (the checked
out tree): the papers added, changed and removed, authors who appear for the
first time, the topics touched. A paper PR should touch only `papers/`,
`topics.yml` and `authors.yml`; anything else is flagged for a maintainer (a
warning), and a symbolic link or submodule in `papers/` is refused (an error).

Run as `python -m papershelf.review.prcheck --base SHA --head SHA [--summary FILE]`.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..model.collection import check_collection
from ..model.identity import AuthorRegistry
from ..model.load import Paper, body_of, parse_yaml, split_front_matter
from ..model.problems import PapershelfError, terminal_safe
from ..model.schema import AuthorEntry, PaperMeta, TopicEntry
from ..model.yamlstrict import YamlProblem, load_strict
from .annotations import escape_data, escape_property

PAPERS_DIR = "papers/"
PAPER_PR_FILES = ("topics.yml", "authors.yml")
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
    new_authors: list[str] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (id, title) of topics the PR's papers touch
    new_topics: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # paper files the PR touches that do not load
    outside: list[str] = field(default_factory=list)  # paths outside papers/, topics.yml, authors.yml
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    flags: list[Flag] = field(default_factory=list)  # changes a maintainer must review: see maintainer_flags
    field_changes: dict[str, list[FieldChange]] = field(default_factory=dict)  # changed paper -> its field diffs

    @property
    def ok(self) -> bool:
        return not self.refused


class GitError(PapershelfError):
    pass


def git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)} failed: {detail[-1] if detail else 'no message'}")
    return result.stdout


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
    def relative(path: str | None) -> str | None:
        if path is None:
            return None
        return path[len(prefix):] if path.startswith(prefix) else "../" * prefix.count("/") + path
    return ChangedFile(change.status, relative(change.path), relative(change.old_path), change.old_mode, change.new_mode)


def is_paper_path(path: str | None) -> bool:
    return bool(path) and path.startswith(PAPERS_DIR) and "/" not in path[len(PAPERS_DIR):]


def is_paper_pr_path(path: str | None) -> bool:
    return path is None or path.startswith(PAPERS_DIR) or path in PAPER_PR_FILES


def refusals(changes: list[ChangedFile], root: Path) -> list[tuple[str, str]]:
    """Files in papers/ that are not regular files, in the diff or in the tree."""
    refused = {}
    for change in changes:
        if change.status != "D" and change.path.startswith(PAPERS_DIR) and change.new_mode not in REGULAR_FILE_MODES:
            refused[change.path] = f"is {MODE_NAMES.get(change.new_mode, 'not a regular file')}"
    papers = root / PAPERS_DIR
    if papers.is_dir():
        for path in sorted(papers.rglob("*")):
            if path.is_symlink():
                refused.setdefault(path.relative_to(root).as_posix(), "is a symbolic link")
    return sorted(refused.items())


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
    return document.data if document is not None else None


def topic_ids_from_text(text: str | None) -> set[str]:
    try:
        entries = load_strict(text).data if text else []
    except YamlProblem:
        return set()
    return {entry["id"] for entry in entries or [] if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def summarize_pr(root: Path | str, base: str, head: str) -> PrReport:
    """The report for the PR `base...head`, with papers as they are in the tree at `root`."""
    root = Path(root)
    changes = changed_files(root, base, head)
    merge_base = git(root, "merge-base", base, head).decode().strip()
    collection, _ = check_collection(root)
    report = PrReport(outside=sorted({c.path for c in changes if not is_paper_pr_path(c.path)}
                                     | {c.old_path for c in changes if not is_paper_pr_path(c.old_path)}),
                      refused=refusals(changes, root))
    by_path = {paper.path: paper for paper in collection.papers}
    before: list[PaperMeta] = []
    for change in changes:
        if is_paper_path(change.old_path or change.path) and change.status != "A":
            meta = meta_from_text(base_version(root, merge_base, change.old_path or change.path), change.path)
            before += [meta] if meta else []
        if change.status == "D" and is_paper_path(change.path):
            report.removed.append(change.path)
        elif is_paper_path(change.path) and change.path.endswith(".md"):
            paper = by_path.get(change.path)
            if paper is None:
                report.unreadable.append(change.path)
            else:
                (report.added if change.status in "AC" else report.changed).append(paper)
    touched = {paper.path for paper in report.added + report.changed}
    others = [paper.meta for paper in collection.papers if paper.path not in touched] + before
    report.new_authors = new_authors([p.meta for p in report.added + report.changed], others, collection.registry)
    titles = {topic.id: topic.title for topic in collection.topics}
    topic_ids = {t for meta in [p.meta for p in report.added + report.changed] + before for t in meta.topics}
    report.topics = sorted((t, titles.get(t, t)) for t in topic_ids)
    if any(c.path == "topics.yml" for c in changes):
        base_ids = topic_ids_from_text(base_version(root, merge_base, "topics.yml"))
        report.new_topics = sorted(set(titles) - base_ids)
    report.flags = maintainer_flags(root, changes, merge_base, head, collection)
    report.field_changes = paper_field_changes(root, merge_base, changes, report.changed)
    return report


# --- Field diffs of changed papers: what each changed paper's front matter and body were, and are -----

BODY_FIELD = "abstract and notes"
MAX_SHOWN_VALUE = 300


def paper_field_changes(root: Path, merge_base: str, changes: list[ChangedFile],
                        changed: list[Paper]) -> dict[str, list[FieldChange]]:
    """Changed paper path -> its fields whose value differs from the merge base (renames followed)."""
    old_paths = {change.path: change.old_path or change.path for change in changes}
    found = {}
    for paper in changed:
        old_text = base_version(root, merge_base, old_paths.get(paper.path, paper.path))
        old_meta = meta_from_text(old_text, paper.path)
        if old_meta is None:
            continue
        new_text = (root / paper.path).read_text(encoding="utf-8", errors="replace")
        diffs = field_differences(old_meta, paper.meta)
        if body_of(old_text) != body_of(new_text):
            diffs.append(FieldChange(BODY_FIELD, None, None))
        found[paper.path] = diffs
    return found


def field_differences(old: PaperMeta, new: PaperMeta) -> list[FieldChange]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [FieldChange(name, before.get(name), after.get(name)) for name in PaperMeta.model_fields
            if before.get(name) != after.get(name)]


def shown_value(value) -> str:
    """A field's value on one line, as literal Markdown for a table cell; '—' when unset."""
    if value in (None, [], {}, ""):
        return "—"
    if isinstance(value, list):
        text = ", ".join(str(item) for item in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{key}: {item}" for key, item in value.items())
    else:
        text = str(value)
    text = " ".join(text.split())
    return md(text[:MAX_SHOWN_VALUE] + ("…" if len(text) > MAX_SHOWN_VALUE else ""))


def render_field_changes(report: PrReport) -> list[str]:
    """The 'What changed' section: per changed paper, a table of field, old value, new value."""
    lines = []
    titles = {paper.path: paper.meta.title for paper in report.changed}
    for path, diffs in report.field_changes.items():
        lines += [f"**{md(titles.get(path, path))}** (`{md_code(path)}`)", ""]
        if not diffs:
            lines += ["No field changed (only formatting).", ""]
            continue
        lines += ["| field | before | after |", "| --- | --- | --- |"]
        for diff in diffs:
            if diff.name == BODY_FIELD:
                lines.append(f"| {BODY_FIELD} | (text changed: see the diff) | |")
            else:
                lines.append(f"| `{diff.name}` | {shown_value(diff.old)} | {shown_value(diff.new)} |")
        lines.append("")
    return ["### What changed in each changed paper", "", *lines] if lines else []


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


# Escaping ':' and '@' also stops GitHub from turning URLs and addresses into links.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@])")  # < > & become HTML entities


def md(text: str) -> str:
    """Untrusted text as literal Markdown: no links, images, emphasis or HTML survive."""
    one_line = " ".join(terminal_safe(text).split())
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line), quote=False)


def render_summary(report: PrReport) -> str:
    lines = ["## Papers in this pull request", ""]
    sections = (
        ("Added", [f"{md(p.meta.title)} (`{md_code(p.path)}`)" for p in report.added]),
        ("Changed", [f"{md(p.meta.title)} (`{md_code(p.path)}`)" for p in report.changed]),
        ("Removed", [f"`{md_code(path)}`" for path in report.removed]),
        ("Paper files that do not load (see the validate step)", [f"`{md_code(path)}`" for path in report.unreadable]),
        ("New authors", [md(name) for name in report.new_authors]),
        ("Topics touched", [f"{md(title)} (`{md_code(topic_id)}`)" for topic_id, title in report.topics]),
        ("New topics in topics.yml", [f"`{md_code(topic_id)}`" for topic_id in report.new_topics]),
    )
    for heading, items in sections:
        if items:
            lines += [f"**{heading}** ({len(items)})", "", *[f"- {item}" for item in items], ""]
    if not any(items for _, items in sections):
        lines += ["No paper was added, changed or removed.", ""]
    lines += render_field_changes(report)
    if report.outside:
        lines += ["### Needs a maintainer", "",
                  "A paper pull request changes only `papers/`, `topics.yml` and `authors.yml`. It also changes:", "",
                  *[f"- `{md_code(path)}`" for path in report.outside], ""]
    if report.refused:
        lines += ["### Refused", "", *[f"- `{md_code(path)}` {why}" for path, why in report.refused], ""]
    lines += render_flags(report.flags)
    return "\n".join(lines)


def md_code(text: str) -> str:
    """Text for inside a `code span` (shown literally): backticks and line breaks cannot end it early."""
    return " ".join(terminal_safe(text).replace("`", "'").split())  # a name that is not UTF-8 shows as \xff


def annotations(report: PrReport) -> list[str]:
    """GitHub Actions workflow commands: a warning per file outside a paper PR, an error per refused file."""
    lines = [
        f"::warning file={escape_property(path)},title=Needs a maintainer::"
        + escape_data(f"{path} is outside papers/, topics.yml and authors.yml; a maintainer must review this change")
        for path in report.outside
    ]
    lines += [
        f"::error file={escape_property(path)},title=Refused::"
        + escape_data(f"{path} {why}; paper files must be regular files (replace it with the file itself)")
        for path, why in report.refused
    ]
    lines += [f"::warning file={escape_property(flag.path)},title=Needs a maintainer::"
              + escape_data(f"{flag.path} {flag.what}" + "".join(f"; {detail}" for detail in flag.details))
              for flag in report.flags]
    return [terminal_safe(line) for line in lines]


# --- Changes a maintainer must review: identities, taxonomy, configuration, workflows, links -----------------

@dataclass(frozen=True)
class Flag:
    """A change a paper PR should not need, or whose effect is site-wide: what it is and what it changes."""

    path: str
    what: str  # "renames or re-links authors", "is a symbolic link", …
    details: tuple[str, ...] = ()


SITE_FILES = ("mkdocs.yml",)
WORKFLOWS = ".github/workflows/"
SYMLINK_MODE = "120000"


def maintainer_flags(root: Path, changes: list[ChangedFile], merge_base: str, head: str, collection) -> list[Flag]:
    flags = []
    for change in changes:
        path = change.path
        if SYMLINK_MODE in (change.new_mode, change.old_mode):
            flags.append(symlink_flag(root, change, merge_base, head))
        elif path == "authors.yml":
            flags.append(authors_flag(root, merge_base, collection))
        elif path == "topics.yml":
            flags.append(topics_flag(root, merge_base, collection))
        elif path in SITE_FILES or (change.old_path or "") in SITE_FILES:
            flags.append(Flag(path, "changes the site's configuration (it can load plugins, hooks and scripts)",
                              tuple(changed_keys(base_version(root, merge_base, path), head_version(root, head, path)))))
        elif path.startswith(WORKFLOWS) or (change.old_path or "").startswith(WORKFLOWS):
            verb = {"A": "adds", "D": "removes", "R": "renames"}.get(change.status, "changes")
            flags.append(Flag(path, f"{verb} a workflow (it runs with the repository's permissions)"))
    return flags


def head_version(root: Path, head: str, path: str) -> str | None:
    return base_version(root, head, path)


def symlink_flag(root: Path, change: ChangedFile, merge_base: str, head: str) -> Flag:
    """A symbolic link anywhere: a build may publish, or a tool write to, whatever it points to."""
    if change.status == "D" or change.new_mode != SYMLINK_MODE:
        old = base_version(root, merge_base, change.old_path or change.path)
        return Flag(change.path, "removes or replaces a symbolic link", (f"it pointed to {old!r}",) if old else ())
    target = head_version(root, head, change.path)
    return Flag(change.path, "is a symbolic link", (f"points to {target!r}",) if target is not None else ())


def _entries(text: str | None, model) -> list:
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


def authors_flag(root: Path, merge_base: str, collection) -> Flag:
    """Whose names the papers now show differently, and whose links changed: old → new."""
    before = AuthorRegistry(_entries(base_version(root, merge_base, "authors.yml"), AuthorEntry))
    after = collection.registry
    written = {}  # every author name as the papers write it, and on how many papers
    for paper in collection.papers:
        for name in paper.meta.authors:
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
    return Flag("authors.yml", "changes who authors are (names, aliases, links) on every page", tuple(details))


def _links(entry) -> dict:
    return {key: getattr(entry, key) for key in ("homepage", "orcid", "scholar") if entry and getattr(entry, key)}


def _shown_links(links: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in links.items()) or "none"


def topics_flag(root: Path, merge_base: str, collection) -> Flag:
    before = {topic.id: topic for topic in _entries(base_version(root, merge_base, "topics.yml"), TopicEntry)}
    after = {topic.id: topic for topic in collection.topics}
    details = [f"new topic '{key}' ('{after[key].title}')" for key in sorted(after.keys() - before.keys())]
    details += [f"topic '{key}' removed (was '{before[key].title}')" for key in sorted(before.keys() - after.keys())]
    for key in sorted(after.keys() & before.keys()):
        old, new = before[key], after[key]
        if old.title != new.title:
            details.append(f"topic '{key}' renamed: '{old.title}' → '{new.title}'")
        if old.parent != new.parent:
            details.append(f"topic '{key}' moved: parent {old.parent or 'none'} → {new.parent or 'none'}")
        if old.description != new.description:
            details.append(f"topic '{key}': description changed")
    return Flag("topics.yml", "changes the topics every page lists", tuple(details))


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!!python/name:` and `!ENV` tags as plain values: only to compare, never to run."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: f"{node.tag} {getattr(node, 'value', '')!s}"
                                    if isinstance(node, yaml.ScalarNode) else f"{node.tag} …")


def changed_keys(old: str | None, new: str | None) -> list[str]:
    """The top-level settings of a YAML file that differ: "plugins: changed", "hooks: added"."""
    def read(text):
        try:
            data = yaml.load(text, Loader=_AnyTagLoader) if text else {}  # noqa: S506 (a loader that builds no objects)
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None
    before, after = read(old), read(new)
    if before is None or after is None:
        return ["the file does not parse as a YAML mapping"]
    keys = sorted(set(before) | set(after), key=str)
    return [f"{key}: {'added' if key not in before else 'removed' if key not in after else 'changed'}"
            for key in keys if before.get(key) != after.get(key)]


def render_flags(flags: list[Flag]) -> list[str]:
    if not flags:
        return []
    lines = ["### Flagged for a maintainer", "",
             "These changes act on the whole site, or on files outside the collection:", ""]
    for flag in flags:
        lines.append(f"- `{md_code(flag.path)}` {md(flag.what)}")
        lines += [f"  - {md(detail)}" for detail in flag.details]
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m papershelf.review.prcheck", description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the commit the pull request is based on")
    parser.add_argument("--head", default="HEAD", help="the pull request's commit (default: HEAD)")
    parser.add_argument("--root", default=".", help="the collection's folder, inside a git checkout (default: .)")
    parser.add_argument("--summary", help="append the Markdown summary to this file (in CI: $GITHUB_STEP_SUMMARY)")
    args = parser.parse_args(argv)
    try:
        report = summarize_pr(args.root, args.base, args.head)
    except PapershelfError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    summary = render_summary(report)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as out:
            out.write(summary + "\n")
    else:
        print(summary)
    for line in annotations(report):
        print(line)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
