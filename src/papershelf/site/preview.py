"""Incremental preview: after edits to paper files, re-read only those and find the pages they change.

`papershelf serve` runs `mkdocs serve --dirty`: the site folder is kept between
rebuilds, and each rebuild runs the whole build again. The plugin keeps the
previous collection (`PreviewState`); when only paper files changed, it
re-reads just those (`update_collection`), patches the previous indexes when
the edits left every paper's topics, authors and year as they were (or else
builds them again), and MkDocs renders only the pages that show them
(`affected_pages`): the paper's page, the pages of its topics, authors and year
that list it, the pages of the index lists where those terms moved or changed
count, and the pages of the all-papers list it is on. Any other change
(topics.yml, authors.yml, mkdocs.yml, docs/) rebuilds everything.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.collection import Collection, Layout, check_paper_file, index_collection, refresh_taxonomies
from ..model.load import Paper, topic_names
from ..model.problems import Problem
from ..model.taxonomy import Taxonomy, topic_ancestors
from ..model.validate import check_duplicate_papers
from .plan import RECENT_VIEWS, page_count

Stamp = tuple[int, int]  # (mtime_ns, size)


def stamps(folder: Path) -> dict[str, Stamp]:
    """(mtime, size) of every file under `folder`, by path."""
    found: dict[str, Stamp] = {}
    if not folder.is_dir():
        return found
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:
                continue  # removed while we looked
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


@dataclass
class Inputs:
    """What a build reads: paper files, and everything else (any change there means a full rebuild)."""

    papers: dict[str, Stamp]
    others: dict[str, Stamp]

    @classmethod
    def scan(cls, layout: Layout, other_paths: list[Path]) -> Inputs:
        others: dict[str, Stamp] = {}
        for path in other_paths:
            if path.is_dir():
                others.update(stamps(path))
            elif path.exists():
                info = path.stat()
                others[str(path)] = (info.st_mtime_ns, info.st_size)
        return cls(stamps(layout.papers_path), others)

    def changed_papers(self, newer: Inputs) -> set[Path] | None:
        """Paper files added, removed or edited since `self`; None if anything else changed."""
        if newer.others != self.others:
            return None
        names = self.papers.keys() | newer.papers.keys()
        return {Path(name) for name in names if self.papers.get(name) != newer.papers.get(name)}


@dataclass
class PreviewState:
    """Kept by the plugin between rebuilds of one `serve`."""

    inputs: Inputs | None = None
    collection: Collection | None = None
    related: Callable[[Paper], list[Paper]] | None = None  # the related-papers lookup of the last full build,
    # reused until the next one
    urls: set[str] = field(default_factory=set)  # every page the site had after the last build
    search_docs: list[dict[str, Any]] | None = None  # the search index's entries after the last build


def update_collection(previous: Collection, changed: set[Path],
                      latest_date: dt.date | None = None) -> tuple[Collection, list[Problem]]:
    """`previous` with the `changed` paper files read again (or dropped, if gone), re-validated and re-indexed."""
    layout, latest_date = previous.layout, latest_date or dt.date.today()
    topic_ids = {topic.id for topic in previous.topics}
    names = topic_names(previous.topics)
    by_path = {paper.path: paper for paper in previous.papers}
    problems: list[Problem] = []
    changed_shown = set()
    for path in sorted(Path(os.path.abspath(path)) for path in changed):
        shown = layout.shown(path)
        changed_shown.add(shown)
        by_path.pop(shown, None)
        if not path.is_file() or path.name.startswith("."):
            continue
        paper, file_problems = check_paper_file(path, shown, path.stem, topic_ids, latest_date,
                                                topic_names=names)
        problems += file_problems
        if paper is not None:
            by_path[shown] = paper
    papers = list(by_path.values())
    problems += check_duplicate_papers(papers)
    return index_collection(layout, papers, previous.topics, previous.registry,
                            _edited_taxonomies(previous, by_path, changed_shown), routes=previous.routes), sorted(set(problems))


def _edited_taxonomies(previous: Collection, by_path: dict[str, Paper],
                       changed: set[str]) -> dict[str, Taxonomy] | None:
    """The previous taxonomies, refreshed, when the change only edited papers that were already there."""
    before = {paper.path for paper in previous.papers}
    if previous.built_taxonomies is None or not changed <= before or not changed <= by_path.keys():
        return None
    edited = {by_path[path].slug: by_path[path] for path in changed}
    return refresh_taxonomies(previous.built_taxonomies, edited, previous.topics, previous.registry)


def changed_pages(old: list[str], new: list[str], changed: set[str], per_page: int) -> set[int]:
    """Page numbers of a paginated list whose items differ between `old` and `new` (lists of keys).

    An item whose key is in `changed` counts as different even at the same place. When
    the number of items changes, every page does: each shows the count and a pager.
    """
    if len(old) != len(new):
        return set(range(1, page_count(len(new), per_page) + 1))
    pages = set()
    for start in range(0, len(new), per_page):
        chunk = new[start:start + per_page]
        if chunk != old[start:start + per_page] or not changed.isdisjoint(chunk):
            pages.add(start // per_page + 1)
    return pages


def affected_pages(old: Collection, new: Collection, changed_slugs: set[str],
                   papers_per_page: int, terms_per_page: int) -> set[str] | None:
    """URLs of the pages that show any of `changed_slugs`; None when term URLs moved (rebuild all)."""
    routes = new.routes
    urls = {routes.paper(slug) for slug in changed_slugs} | {routes.recent(view) for view in RECENT_VIEWS}
    old_slugs, new_slugs = [p.slug for p in old.papers], [p.slug for p in new.papers]
    urls |= {routes.paper_list(number)
             for number in changed_pages(old_slugs, new_slugs, changed_slugs, papers_per_page)}
    for name, taxonomy in new.taxonomies.items():
        before = old.taxonomies[name]
        if any(before.terms[key].slug != term.slug for key, term in new.taxonomies[name].terms.items()
               if key in before.terms):
            return None  # a new term took a slug from an old one: links everywhere change
        touched = {term.key for slug in changed_slugs for term in before.by_paper.get(slug, [])}
        touched |= {term.key for slug in changed_slugs for term in taxonomy.by_paper.get(slug, [])}
        # a parent topic lists its subtopics' papers
        touched |= {a for key in list(touched) for t in (before, taxonomy) for a in topic_ancestors(t, key)}
        for key in touched:
            old_term, new_term = before.terms.get(key), taxonomy.terms.get(key)
            term = new_term or old_term
            assert term is not None  # a touched key is a term before or after the edit
            old_list = [p.slug for p in old_term.papers] if old_term else []
            new_list = [p.slug for p in new_term.papers] if new_term else []
            if taxonomy.declaration.field == "authors":  # every page of an author shows the co-authors
                numbers = set(range(1, page_count(len(new_list), papers_per_page) + 1))
            else:
                numbers = changed_pages(old_list, new_list, changed_slugs, papers_per_page)
            urls |= {routes.term(name, term.slug, number) for number in numbers}
        rows = {key for key in touched if key not in before.terms or key not in taxonomy.terms
                or (before.terms[key].count, before.terms[key].name) != (taxonomy.terms[key].count, taxonomy.terms[key].name)}
        for order in taxonomy.declaration.orders:
            old_keys = [term.key for term in before.ordered(order)]
            numbers = changed_pages(old_keys, [term.key for term in taxonomy.ordered(order)], rows, terms_per_page)
            urls |= {routes.term_index(name, order, number) for number in numbers}
    return urls
