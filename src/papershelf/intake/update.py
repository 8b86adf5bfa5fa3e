"""`papershelf update`: what arXiv now says about papers with an arXiv id, as a diff, then written.

For each paper with an `arxiv` id, the arXiv API (the client of
`sources/arxiv.py`) gives the latest version, the journal reference and the
DOI. A paper gains what it lacks and arXiv now has: `doi`, `venue` (from the
journal reference, i.e. where the DOI's version was published), and a `pdf`
link to arXiv pointing at an older version becomes the unversioned link (always the latest). Curated values
are never replaced: a paper that already has a DOI or venue keeps it.

Only the lines of the fields that change are changed (model/frontmatter_edit.py).
Nothing is written until the caller says so; each file is rewritten
atomically, only if it is unchanged since it was read, and only if the result
passes the same checks as `papershelf validate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model.collection import check_collection
from ..model.frontmatter_edit import edit_front_matter
from ..model.load import Paper
from ..model.problems import PapershelfError, UsageError
from ..model.writer import replace_file
from ..sources import collapse_spaces
from ..sources.arxiv import DELAY_SECONDS, RETRIES, TIMEOUT_SECONDS, results_in_batches
from ..sources.endpoints import Sources
from .adding import Shelf

_ARXIV_PDF = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/pdf/(?P<id>.+?)(?P<version>v\d+)?(?:\.pdf)?/?$")
_VERSIONED = re.compile(r"^(?P<id>.+?)(?P<version>v\d+)$")


@dataclass
class ArxivNow:
    """What the arXiv API says today about one paper."""

    arxiv_id: str
    version: str  # "v3"
    updated: str  # YYYY-MM-DD of the latest version
    doi: str | None
    journal_ref: str | None


@dataclass
class PaperUpdate:
    paper: Paper
    path: Path
    now: ArxivNow
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)  # field -> (old, new)
    old_text: str = ""
    new_text: str = ""

    def diff(self, shown: str) -> str:
        return "".join(difflib.unified_diff(self.old_text.splitlines(keepends=True),
                                            self.new_text.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"))


@dataclass
class UpdateReport:
    updates: list[PaperUpdate] = field(default_factory=list)  # papers with changes
    current: list[str] = field(default_factory=list)  # paper paths already up to date
    missing: list[str] = field(default_factory=list)  # arXiv ids the API did not return
    written: list[str] = field(default_factory=list)


def fetch_current(ids: list[str], sources: Sources | None = None, batch: int = 1, delay: float = DELAY_SECONDS,
                  timeout: float = TIMEOUT_SECONDS) -> dict[str, ArxivNow]:
    """Unversioned arXiv id -> ArxivNow, `batch` ids per request, `delay` seconds between requests."""
    found = {}
    for _, results in results_in_batches(ids, (sources or Sources.resolve()).arxiv, batch, timeout, RETRIES, delay):
        for result in results:
            match = _VERSIONED.match(result.get_short_id())
            arxiv_id, version = (match["id"], match["version"]) if match else (result.get_short_id(), "v1")
            found[arxiv_id] = ArxivNow(arxiv_id, version, result.updated.date().isoformat(),
                                       result.doi.strip() if result.doi else None,
                                       collapse_spaces(result.journal_ref) if result.journal_ref else None)
    return found


def proposed_changes(paper: Paper, now: ArxivNow) -> dict[str, tuple[object, object]]:
    meta = paper.meta
    changes: dict[str, tuple[object, object]] = {}
    if now.doi and not meta.doi:
        changes["doi"] = (None, now.doi)
    if now.journal_ref and not meta.venue:
        changes["venue"] = (None, now.journal_ref)
    pdf = str(meta.links.get("pdf", "")) if meta.links else ""
    old_pdf = _ARXIV_PDF.match(pdf)
    if old_pdf and old_pdf["version"] and old_pdf["version"] != now.version \
            and int(old_pdf["version"][1:]) < int(now.version[1:]):
        changes["links.pdf"] = (pdf, f"https://arxiv.org/pdf/{now.arxiv_id}")  # unversioned: always the latest
    return changes


def plan_updates(root: Path, only: list[Path] | None = None, sources: Sources | None = None, batch: int = 1,
                 delay: float = DELAY_SECONDS,
                 on_progress: Callable[[int, int], None] | None = None) -> UpdateReport:
    """What would change in each paper with an arXiv id (all papers, or those in `only`)."""
    root = Path(root).absolute()
    collection, _ = check_collection(root)
    wanted = {Path(p).absolute() for p in only} if only else None
    papers = [p for p in collection.papers if p.meta.arxiv and (wanted is None or (root / p.path) in wanted)]
    if wanted is not None and not papers:
        raise UsageError("none of the given files is a paper with an arXiv id")
    ids = list(dict.fromkeys(re.sub(r"v\d+$", "", p.meta.arxiv or "") for p in papers))
    now = fetch_current(ids, sources, batch=batch, delay=delay)
    report = UpdateReport()
    for paper in papers:
        found = now.get(re.sub(r"v\d+$", "", paper.meta.arxiv or ""))
        if found is None:
            report.missing.append(paper.path)
            continue
        changes = proposed_changes(paper, found)
        if not changes:
            report.current.append(paper.path)
            continue
        path = root / paper.path
        old_text = path.read_text(encoding="utf-8")
        report.updates.append(PaperUpdate(paper, path, found, changes, old_text, updated_text(paper, old_text, changes)))
    return report


def updated_text(paper: Paper, old_text: str, changes: dict[str, tuple[object, object]]) -> str:
    """The file with only the changed fields' lines changed (its comments, quoting and layout kept)."""
    return edit_front_matter(old_text, paper.path, {name: new for name, (_, new) in changes.items()})


def write_updates(root: Path, report: UpdateReport, latest_date: dt.date | None = None) -> list[str]:
    """Write the planned updates, all or none: each file only if it is unchanged since it was read and valid, and
    only if the collection as a whole still validates afterwards (no two papers with one DOI)."""
    shelf = Shelf(Path(root).absolute(), latest_date)
    by_path = {paper.path: paper for paper in shelf.collection.papers}
    refusals = []
    for update in report.updates:
        if update.path.read_text(encoding="utf-8") != update.old_text:
            refusals.append(f"{update.paper.path} changed while updating")
            continue
        new_paper, problems = shelf.check_file(update.path, update.new_text)
        if problems or new_paper is None:
            refusals.append(f"{update.paper.path}: the update would not be valid ("
                            + "; ".join(p.text() for p in problems) + ")")
            continue
        new_paper.path = update.paper.path
        duplicate = shelf.collection.duplicate_for(new_paper, itself=update.paper.path)
        if duplicate:
            refusals.append(f"{update.paper.path}: the update would give it the same {duplicate[1]} as "
                            f"{duplicate[0].path}; the collection would not validate (arXiv names one DOI for both: "
                            "check which paper it belongs to)")
            continue
        if update.paper.path in by_path:
            shelf.collection.replace(by_path[update.paper.path], new_paper)
    if refusals:
        raise PapershelfError("; ".join(refusals) + "; nothing was written (run papershelf update again)")
    for update in report.updates:
        replace_file(update.path, update.new_text)
        report.written.append(update.paper.path)
    return report.written
