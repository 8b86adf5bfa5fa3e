"""Adding papers to a collection: one by arXiv id, or many from an import file.

Each paper is refused if the collection already holds it (same arXiv id, DOI
or normalized title), checked exactly as `papershelf validate` would check the
file, then written atomically to papers/<slug>.md. An interrupted import
leaves only complete files, and an existing file is never touched.

These functions are the library behind `papershelf add` and `papershelf
import`; they raise `PapershelfError`s whose message is fit for users.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .collection import Collection, Layout, check_collection, check_paper_file, papers_folder_linked
from .identity import RESERVED_SLUGS, SLUG_MAX, slugify
from .load import Paper, linked_paths
from .problems import PaperExists, PapershelfError, Problem, UsageError
from .schema import MAX_AUTHORS
from .sources import PaperDraft, Skipped, checked
from .sources.arxiv import fetch_arxiv, parse_arxiv_id
from .sources.detect import FORMAT_NAMES, parse_import
from .writer import render_paper_file, write_new_file

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class PaperInvalid(PapershelfError):
    """A paper from a source would not be a valid paper file; nothing was written."""


@dataclass
class AddResult:
    path: Path  # where the paper was written, or would be with dry_run
    text: str  # the paper file's text
    meta: dict  # its front matter
    written: bool


@dataclass(frozen=True)
class Created:
    origin: str
    path: Path


@dataclass
class ImportReport:
    source: Path
    format: str  # "bibtex", "hf-json" or "hf-listing"
    created: list[Created] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        papers = "paper" if len(self.created) == 1 else "papers"
        return (f"{self.source.name} ({FORMAT_NAMES[self.format]}): {verb} {len(self.created)} {papers}, "
                f"skipped {len(self.skipped)}")

    def skipped_lines(self) -> list[str]:
        return [f"{self.source.name}: {item.origin}: skipped: {item.reason}" for item in self.skipped]


Outcome = Created | Skipped
ProgressCallback = Callable[[Outcome, int, int], None]  # (outcome, done so far, total)


def add_paper(root: Path, id_or_url: str, topics: list[str], dry_run: bool = False,
              api_url: str | None = None, today: dt.date | None = None) -> AddResult:
    """Fetch one arXiv paper and write it to root/papers/<slug>.md under `topics`."""
    arxiv_id = parse_arxiv_id(id_or_url)
    shelf = Shelf(Path(root), today)
    topics = shelf.require_topics(topics)
    shelf.refuse_existing({"arxiv": arxiv_id})  # before fetching: no request for a paper already here
    fetched = checked(fetch_arxiv(arxiv_id, api_url=api_url))
    if isinstance(fetched, Skipped):
        raise PaperInvalid(f"arXiv {arxiv_id}: {fetched.reason}; nothing was written")
    return shelf.add(fetched, topics, dry_run)


def import_file(root: Path, path: Path, topics: list[str], on_progress: ProgressCallback | None = None,
                today: dt.date | None = None, dry_run: bool = False) -> ImportReport:
    """Add every paper of a BibTeX, HF daily papers JSON or HF listing file; report what was skipped and why."""
    path = Path(path)
    shelf = Shelf(Path(root), today)
    topics = shelf.require_topics(topics)
    kind, parsed = parse_import(read_import_text(path), path.name)
    if not parsed.items:
        raise UsageError(f"{path}: no papers found in this {FORMAT_NAMES[kind]} file")
    report = ImportReport(path, kind, dry_run=dry_run)
    total = len(parsed.items)
    for done, item in enumerate(parsed.items, start=1):
        outcome = item if isinstance(item, Skipped) else shelf.try_add(item, topics, dry_run)
        if isinstance(outcome, Skipped):
            report.skipped.append(outcome)
        else:
            report.created.append(outcome)
        if on_progress:
            on_progress(outcome, done, total)
    return report


def read_import_text(path: Path) -> str:
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise UsageError(f"{path}: is {size:,} bytes; the limit for an import file is {MAX_IMPORT_BYTES:,}")
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: is not UTF-8 text (byte {error.start}); save it as UTF-8") from None


class Shelf:
    """The collection being added to: its topics, its papers, and the papers added so far."""

    def __init__(self, root: Path, today: dt.date | None = None):
        self.today = today or dt.date.today()
        self.layout = Layout(root)
        if linked_paths(root, [self.layout.papers_dir]):
            raise UsageError(papers_folder_linked(self.layout).text() + "; nothing was written")
        # Problems elsewhere in the collection do not stop an add; the papers that load are checked for duplicates.
        self.collection: Collection = check_collection(root, self.today, self.layout)[0]
        self.topic_ids = {topic.id for topic in self.collection.topics}

    def require_topics(self, topics: list[str]) -> list[str]:
        topics = list(dict.fromkeys(topics))
        if not topics:
            raise UsageError("give at least one --topic: a topic id from topics.yml")
        for topic in topics:
            if topic not in self.topic_ids:
                raise UsageError(f"unknown topic '{topic}': {self._topic_hint(topic)}")
        return topics

    def _topic_hint(self, topic: str) -> str:
        if not self.topic_ids:
            return f"{self.layout.topics_file} lists no topics; add the topic there first"
        close = difflib.get_close_matches(topic, sorted(self.topic_ids), n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        return f"add it to {self.layout.topics_file} or use one of: {', '.join(sorted(self.topic_ids))}"

    def refuse_existing(self, meta: dict) -> None:
        found = self.collection.find_existing(arxiv=meta.get("arxiv"), doi=meta.get("doi"), title=meta.get("title"))
        if found:
            paper, reason = found
            raise PaperExists(paper.path, reason)

    def try_add(self, draft: PaperDraft, topics: list[str], dry_run: bool) -> Outcome:
        try:
            result = self.add(draft, topics, dry_run)
        except PapershelfError as error:
            return Skipped(draft.origin, str(error))
        return Created(draft.origin, result.path)

    def add(self, draft: PaperDraft, topics: list[str], dry_run: bool) -> AddResult:
        self.refuse_existing(draft.meta)
        meta = self.front_matter(draft, topics)
        path = self.free_path(meta["title"], meta.get("arxiv") or "")
        text = render_paper_file(meta, draft.abstract, draft.notes)
        paper, problems = self.check_file(path, text)
        problems = [problem for problem in problems if problem.is_error]
        if problems:
            details = "; ".join(problem.text() for problem in problems)
            raise PaperInvalid(f"would not be a valid paper file: {details}; nothing was written")
        if not dry_run:
            write_new_file(path, text)
        self.collection.append(paper)
        return AddResult(path, text, meta, written=not dry_run)

    def front_matter(self, draft: PaperDraft, topics: list[str]) -> dict:
        meta = {key: value for key, value in draft.meta.items() if value not in (None, [], {}) or key == "authors"}
        if len(meta.get("authors") or []) > MAX_AUTHORS:  # a physics collaboration: keep the first, count them all
            meta["author_count"] = max(meta.get("author_count") or 0, len(meta["authors"]))
            meta["authors"] = meta["authors"][:MAX_AUTHORS]
        meta["topics"] = topics
        meta["added"] = self.today.isoformat()
        return meta

    def free_path(self, title: str, fallback: str) -> Path:
        """papers/<slug>.md from the title; `-2`, `-3`, … when another paper holds the name."""
        folder = self.layout.papers_path
        taken = {path.name.casefold() for path in folder.iterdir()} if folder.is_dir() else set()
        taken |= {f"{Path(paper.path).stem}.md" for paper in self.collection.papers}
        base = slugify(title) or slugify(fallback) or "paper"
        slug, number = base, 1
        while f"{slug}.md" in taken or slug in RESERVED_SLUGS:
            number += 1
            slug = f"{slugify(title, SLUG_MAX - 4) or slugify(fallback, SLUG_MAX - 4) or 'paper'}-{number}"
        return folder / f"{slug}.md"

    def check_file(self, path: Path, text: str) -> tuple[Paper | None, list[Problem]]:
        """Check `text` as `validate` checks papers/<name>: read back from a scratch copy, never from `path`."""
        shown = self.layout.shown(path)
        with tempfile.TemporaryDirectory(prefix="papershelf-") as folder:
            scratch = Path(folder) / path.name
            scratch.write_text(text, encoding="utf-8", newline="\n")
            return check_paper_file(scratch, shown, path.stem, self.topic_ids, self.today)
