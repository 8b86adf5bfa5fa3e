"""The collection: load → validate → index, in one call.

`check_collection` returns what it could build and every problem found;
`load_collection` is the strict form used by builds and commands that write.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from .identity import AuthorRegistry, UniqueSlugs, duplicate_keys
from .load import Paper, parse_paper, read_authors, read_source, read_topics
from .problems import InvalidCollection, Problem
from .schema import TopicEntry
from .taxonomy import Taxonomy, Term, build_taxonomy, newest_first
from .validate import check_body, check_case_collisions, check_duplicates, check_file_name, check_paper, check_topics


@dataclass(frozen=True)
class Layout:
    """Where a collection keeps its files, relative to its root."""

    root: Path
    papers_dir: str = "papers"
    topics_file: str = "topics.yml"
    authors_file: str = "authors.yml"

    @property
    def papers_path(self) -> Path:
        return self.root / self.papers_dir

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def paper_files(self) -> list[Path]:
        folder = self.papers_path
        return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


@dataclass
class Collection:
    layout: Layout
    papers: list[Paper]  # newest first
    topics: list[TopicEntry]
    registry: AuthorRegistry

    _known: dict[tuple[str, str], Paper] | None = field(default=None, repr=False)

    @functools.cached_property
    def taxonomies(self) -> dict[str, Taxonomy]:
        """Topics, authors and years; built on first use (validation alone needs none)."""
        return build_taxonomies(self.papers, self.topics, self.registry)

    @property
    def by_slug(self) -> dict[str, Paper]:
        return {paper.slug: paper for paper in self.papers}

    def append(self, paper: Paper) -> None:
        """Add a paper that was just written (later entries of an import see it as a duplicate)."""
        self.papers.append(paper)
        if self._known is not None:
            self._remember(paper)

    def _remember(self, paper: Paper) -> None:
        for key in duplicate_keys(paper.meta.arxiv, paper.meta.doi, paper.meta.title):
            self._known.setdefault(key, paper)

    def find_existing(self, arxiv: str | None = None, doi: str | None = None, title: str | None = None):
        """(paper, reason) for a paper already here with the same arXiv id, DOI or (look-alike) title."""
        if self._known is None:
            self._known = {}
            for paper in self.papers:
                self._remember(paper)
        reasons = {"arxiv": "same arXiv id {}", "doi": "same DOI {}", "title": "same title"}
        for key in duplicate_keys(arxiv, doi, title):
            if key in self._known:
                return self._known[key], reasons[key[0]].format(key[1])
        return None


def check_collection(root: Path | str, today: dt.date | None = None, layout: Layout | None = None,
                     only: list[Path] | None = None) -> tuple[Collection, list[Problem]]:
    """Load, validate and index; problems in `only` files (all files by default) are returned."""
    layout = layout or Layout(Path(os.path.abspath(root)))
    today = today or dt.date.today()
    topics, problems = read_topics(layout.root / layout.topics_file, layout.topics_file)
    problems += check_topics(topics, layout.topics_file)
    registry, author_problems = read_authors(layout.root / layout.authors_file, layout.authors_file)
    problems += author_problems
    topic_ids = {topic.id for topic in topics}
    files = layout.paper_files()
    if not layout.papers_path.is_dir():
        problems.append(Problem(layout.papers_dir, 0, "", "folder is missing", "create it and add paper files"))
    problems += check_case_collisions(files, layout.root)
    papers = []
    for path in files:
        paper, file_problems = check_paper_file(path, layout.shown(path), path.stem, topic_ids, today)
        problems += file_problems
        if paper is not None:
            papers.append(paper)
    problems += check_duplicates(papers)
    collection = index_collection(layout, papers, topics, registry)
    if only is not None:
        wanted = {layout.shown(Path(os.path.abspath(p))) for p in only}  # abspath: do not follow symlinks
        problems = [p for p in problems if p.path in wanted]
    return collection, sorted(set(problems))


def check_paper_file(path: Path, shown: str, slug: str, topic_ids: set[str],
                     today: dt.date) -> tuple[Paper | None, list[Problem]]:
    """Every check of one paper file that does not need the other papers."""
    problems = check_file_name(path.with_name(f"{slug}{path.suffix}"), shown)
    source, read_problems = read_source(path, shown)
    problems += read_problems
    if source is None:
        return None, problems
    problems += check_body(source)  # also when the fields are wrong: all of a file's errors in one run
    paper, field_problems = parse_paper(source, slug)
    problems += field_problems
    if paper is not None:
        problems += check_paper(paper, topic_ids, today)
    return paper, problems


def load_collection(root: Path | str, today: dt.date | None = None, layout: Layout | None = None) -> Collection:
    collection, problems = check_collection(root, today, layout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidCollection(errors)
    return collection


def index_collection(layout: Layout, papers: list[Paper], topics: list[TopicEntry],
                     registry: AuthorRegistry) -> Collection:
    return Collection(layout, newest_first(papers), topics, registry)


def build_taxonomies(papers: list[Paper], topics: list[TopicEntry], registry: AuthorRegistry) -> dict[str, Taxonomy]:
    titles = {topic.id: topic for topic in topics}
    declared_topics = [Term("topics", t.id, t.title, t.id, t.description, info=t) for t in topics]
    author_slugs = UniqueSlugs("author")
    return {
        "topics": build_taxonomy(
            "topics", "Topics", "topic", papers,
            lambda p: [(t, titles[t].title if t in titles else t, titles.get(t)) for t in p.meta.topics],
            lambda key, name: key, declared_topics),
        "authors": build_taxonomy(
            "authors", "Authors", "author", papers,
            lambda p: [(person.key, person.name, person) for person in map(registry.person, p.meta.authors)],
            lambda key, name: author_slugs(name)),
        "years": build_taxonomy(
            "years", "Years", "year", papers,
            lambda p: [(p.meta.date[:4], p.meta.date[:4], None)],
            lambda key, name: key),
    }
