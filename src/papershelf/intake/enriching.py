"""Enrichment: fill papers' missing fields from the arXiv API (by arXiv id) and Crossref (by DOI).

The library behind `papershelf enrich` and `papershelf import --enrich`. Everything
is fetched first (arXiv in batches of ids, with arXiv's 3-second courtesy delay
between requests; then Crossref, one DOI at a time, for the DOIs the papers have
or arXiv gave), and only then are files changed: offline, or when a server
answers with something else than what was asked, nothing is changed. A value a
file already has is kept unless `overwrite` is asked for (filling.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.collection import Collection, Layout, check_collection, check_paper_file, collection_layout
from ..model.load import Paper
from ..model.writer import update_file
from ..sources import PaperDraft
from ..sources.arxiv import BATCH_SIZE, DELAY_SECONDS, fetch_arxiv_batch
from ..sources.crossref import fetch_crossref
from ..sources.endpoints import Sources
from ..sources.identifiers import arxiv_from_doi
from ..sources.net import PaperNotFound
from .filling import CannotFill, fill_paper_text

ProgressCallback = Callable[[str, int, int], None]  # (what is being fetched, steps done, steps in all)


@dataclass
class Change:
    path: str  # as shown: papers/<slug>.md
    fields: list[str]
    sources: list[str]  # "arXiv", "Crossref"


@dataclass
class EnrichReport:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)  # papers a source did not know, files that could not be filled
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would fill" if self.dry_run else "filled"
        papers = "paper" if len(self.changes) == 1 else "papers"
        return f"{verb} fields of {len(self.changes)} {papers}; {self.unchanged} unchanged"


def enrich_papers(root: Path, paths: list[Path] | None = None, overwrite: bool = False, dry_run: bool = False,
                  sources: Sources | None = None,
                  on_progress: ProgressCallback | None = None, latest_date: dt.date | None = None,
                  batch_size: int = BATCH_SIZE, delay: float = DELAY_SECONDS) -> EnrichReport:
    """Fill the papers' (all, or those at `paths`) missing fields; see the module's doc."""
    layout = collection_layout(root)
    collection = check_collection(layout.root, latest_date, layout)[0]
    wanted = {layout.shown(Path(path).absolute()) for path in paths} if paths else None
    papers = [paper for paper in collection.papers if wanted is None or paper.path in wanted]
    report = EnrichReport(dry_run=dry_run)
    arxiv_ids = list(dict.fromkeys(filter(None, map(_arxiv_id, papers))))
    steps = [0, -(-len(arxiv_ids) // batch_size)]  # done, in all (Crossref's count is known after arXiv's answers)

    def step(what: str, count: int = 1) -> None:
        steps[0] += count
        if on_progress:
            on_progress(what, steps[0], steps[1])

    from_arxiv = fetch_arxiv_batch(arxiv_ids, sources, batch_size=batch_size, delay=delay,
                                   on_batch=lambda size: step("arXiv"))
    dois = {paper.path: _doi(paper, from_arxiv) for paper in papers}
    to_ask = list(dict.fromkeys(doi for doi in dois.values() if doi and not arxiv_from_doi(doi)))
    steps[1] += len(to_ask)
    from_crossref = {}
    for doi in to_ask:
        try:
            from_crossref[doi.lower()] = fetch_crossref(doi, sources)
        except PaperNotFound as error:
            report.notes.append(str(error))
        step("Crossref")
    for paper in papers:
        drafts = {"arXiv": from_arxiv.get(_arxiv_id(paper) or ""),
                  "Crossref": from_crossref.get((dois[paper.path] or "").lower())}
        _fill(layout, paper, {name: draft for name, draft in drafts.items() if draft}, overwrite, dry_run, report,
              latest_date or dt.date.today(), collection)
    return report


def _arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv id without version, or the one in an arXiv DOI (10.48550/arXiv.…)."""
    if paper.meta.arxiv:
        return re.sub(r"v\d+$", "", paper.meta.arxiv)
    return arxiv_from_doi(paper.meta.doi) if paper.meta.doi else None


def _doi(paper: Paper, from_arxiv: dict[str, PaperDraft]) -> str | None:
    draft = from_arxiv.get(_arxiv_id(paper) or "")
    return paper.meta.doi or (draft.meta.get("doi") if draft else None)


def merged_fields(drafts: dict[str, PaperDraft]) -> tuple[dict[str, Any], str]:
    """The fields and abstract to offer a paper: the venue and citation details from Crossref (a publisher's
    record), the rest from arXiv where it has them."""
    arxiv, crossref = drafts.get("arXiv"), drafts.get("Crossref")
    meta: dict[str, Any] = {}
    for draft in (crossref, arxiv):  # arXiv's values win, except below
        if draft:
            meta.update({name: value for name, value in draft.meta.items() if value})
    if crossref:
        meta.update({name: crossref.meta[name] for name in ("venue", "citation") if crossref.meta.get(name)})
    meta.pop("links", None)  # arXiv's PDF link the page already builds from the id; Crossref's is the DOI's
    abstract = (arxiv.abstract if arxiv and arxiv.abstract else "") or (crossref.abstract if crossref else "")
    return meta, abstract


def _fill(layout: Layout, paper: Paper, drafts: dict[str, PaperDraft], overwrite: bool, dry_run: bool,
          report: EnrichReport, latest_date: dt.date, collection: Collection) -> None:
    """Fill one paper, if the result is valid alone and in the collection (no other paper's DOI, arXiv id or title)."""
    if not drafts:
        report.unchanged += 1
        return
    path = layout.root / paper.path
    meta, abstract = merged_fields(drafts)
    old_text = path.read_text(encoding="utf-8")
    try:
        filled = fill_paper_text(old_text, paper.path, meta, abstract, overwrite=overwrite)
    except CannotFill as error:
        report.notes.append(str(error))
        return
    if not filled.fields:
        report.unchanged += 1
        return
    new_paper, problems = check_paper_file(path, paper.path, path.stem, {t.id for t in collection.topics}, latest_date,
                                           text=filled.text)
    errors = [problem.text() for problem in problems if problem.is_error]
    if errors or new_paper is None:
        report.notes.append(f"{paper.path}: not filled, the result would be invalid: {'; '.join(errors)}")
        return
    new_paper.path = paper.path
    duplicate = collection.duplicate_for(new_paper, itself=paper.path)
    if duplicate:
        report.notes.append(f"{paper.path}: not filled, it would have the same {duplicate[1]} as "
                            f"{duplicate[0].path} and the collection would not validate")
        return
    collection.replace(paper, new_paper)
    if not dry_run:
        update_file(path, old_text, filled.text)
    report.changes.append(Change(paper.path, filled.fields, list(drafts)))
