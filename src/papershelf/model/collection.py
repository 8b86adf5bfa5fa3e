"""The collection: load → validate → index, in one call.

`check_collection` returns what it could build and every problem found;
`load_collection` is the strict form used by builds and commands that write.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .citation import sort_key_by_family_name, with_organizations
from .identity import ID_PREFIX, AuthorRegistry, UniqueSlugs, different_works, duplicate_keys
from .load import (
    Paper,
    linked_paths,
    parse_paper,
    read_authors,
    read_source,
    read_topics,
    source_from_text,
    topic_name_key,
    topic_names,
)
from .parallel import map_in_processes
from .problems import InvalidCollection, Problem, UsageError
from .routes import Routes, TaxonomyDeclaration
from .schema import TopicEntry
from .site_config import plugin_options
from .taxonomy import (
    Taxonomy,
    Term,
    TermRef,
    build_taxonomy,
    canonical,
    include_subterms,
    newest_first,
    without_small_pages,
)
from .validate import (
    DUPLICATE_OF,
    IdentityClaim,
    check_body,
    check_case_collisions,
    check_duplicate_papers,
    check_duplicates,
    check_file_name,
    check_paper,
    check_topics,
    identity_claims,
)

Kept = TypeVar("Kept")  # what a check of one paper file keeps of it

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

    @functools.cached_property
    def _root_prefix(self) -> str:
        return str(self.root).rstrip(os.sep) + os.sep

    def shown(self, path: Path) -> str:
        """`path` relative to the root, as messages show it (string work: this runs for every file)."""
        text, root = str(path), self._root_prefix
        return text[len(root):].replace(os.sep, "/") if text.startswith(root) else text

    def paper_files(self) -> list[Path]:
        folder = self.papers_path
        if not folder.is_dir():
            return []
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if not entry.name.startswith("."))
        return [folder / name for name in names]


def collection_layout(folder: Path | str) -> Layout:
    """Where the collection of the site in `folder` keeps its files: where its mkdocs.yml's papershelf plugin
    puts them (`root`, `papers_dir`, `topics_file`, `authors_file`, read as the plugin reads them), else the
    defaults. The commands read and write a collection through this, so they and its site see the same files."""
    base = Path(os.path.abspath(folder))
    config = next((base / name for name in ("mkdocs.yml", "mkdocs.yaml") if (base / name).is_file()), None)
    options = plugin_options(config) if config is not None else {}
    defaults = {"root": ".", "papers_dir": Layout.papers_dir, "topics_file": Layout.topics_file,
                "authors_file": Layout.authors_file}
    values = {name: options.get(name, default) for name, default in defaults.items()}
    for name, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"{config}: the papershelf plugin's '{name}' must be a folder or file name, "
                             f"relative to mkdocs.yml's folder")
    return Layout(Path(os.path.abspath(base / values["root"])), values["papers_dir"], values["topics_file"],
                  values["authors_file"])


def is_collection(layout: Layout) -> bool:
    return (layout.root / layout.topics_file).exists() or layout.papers_path.is_dir()


@dataclass
class Collection:
    layout: Layout
    papers: list[Paper]  # newest first
    topics: list[TopicEntry]
    registry: AuthorRegistry
    routes: Routes = field(default_factory=Routes)  # the site's URLs, and the taxonomies it declares

    _known: dict[tuple[str, str], list[Paper]] | None = field(default=None, repr=False)
    built_taxonomies: dict[str, Taxonomy] | None = field(default=None, repr=False)  # see `taxonomies`

    @property
    def taxonomies(self) -> dict[str, Taxonomy]:
        """Topics, authors, years and any taxonomy `routes` declares; built on first use (validation needs none)."""
        if self.built_taxonomies is None:
            self.built_taxonomies = build_taxonomies(self.papers, self.topics, self.registry, self.routes)
        return self.built_taxonomies

    def append(self, paper: Paper) -> None:
        """Add a paper that was just written (later entries of an import see it as a duplicate)."""
        self.papers.append(paper)
        if self._known is not None:
            self._remember(paper)

    def replace(self, old: Paper, new: Paper) -> None:
        """Put `new` in the place of `old` (an import filled fields of a paper already here)."""
        self.papers[self.papers.index(old)] = new
        if self._known is not None:
            for key in old.identity_keys:  # keys `new` no longer has (a changed date or DOI) keep nothing of it
                self._known[key] = [paper for paper in self._known.get(key, []) if paper is not old]
            self._remember(new)

    def _remember(self, paper: Paper) -> None:
        assert self._known is not None
        for key in paper.identity_keys:
            self._known.setdefault(key, []).append(paper)

    def _index(self) -> dict[tuple[str, str], list[Paper]]:
        """Papers by identity key: one per arXiv id or DOI; a title key may hold several different works."""
        if self._known is None:
            self._known = {}
            for paper in self.papers:
                self._remember(paper)
        return self._known

    def duplicate_for(self, paper: Paper, itself: str | None = None) -> tuple[Paper, str] | None:
        """(another paper, the field they share) if `paper` would duplicate one (same arXiv id, DOI, or look-alike
        title with the same year and first author and neither another DOI nor other pages), the paper at `itself`
        aside: the collection would then fail to validate."""
        known = self._index()
        for key in paper.identity_keys:
            for other in known.get(key, []):
                if other.path != itself and not (key[0] == "title" and different_works(
                        paper.meta.doi, _pages(paper), other.meta.doi, _pages(other))):
                    return other, key[0]
        return None

    def find_existing(self, arxiv: str | None = None, doi: str | None = None, title: str | None = None,
                      date: str | None = None, authors: Sequence[str] = (),
                      pages: str | None = None) -> tuple[Paper, str] | None:
        """(paper, reason) for a paper already here with the same arXiv id, DOI, or (look-alike) title with
        the same year and first author; never one whose DOI or pages differ."""
        known = self._index()
        reasons = {"arxiv": "same arXiv id {}", "doi": "same DOI {}", "title": "same title, year and first author"}
        for key in duplicate_keys(arxiv, doi, title, date, authors):
            for found in known.get(key, []):
                if not (key[0] == "title" and different_works(doi, pages, found.meta.doi, _pages(found))):
                    return found, reasons[key[0]].format(key[1])
        return None


def author_names(collection: Collection, paper: Paper) -> list[str]:
    """The paper's authors under their canonical names, as the site and every export show them."""
    return with_organizations(paper, [term.name for term in collection.taxonomies["authors"].terms_of(paper)])


def _pages(paper: Paper) -> str | None:
    return getattr(paper.meta.citation, "pages", None)


def check_collection(root: Path | str, latest_date: dt.date | None = None, layout: Layout | None = None,
                     only: list[Path] | None = None, routes: Routes | None = None) -> tuple[Collection, list[Problem]]:
    """Load, validate and index; problems in `only` files (all files by default) are returned."""
    layout = layout or collection_layout(root)
    # One process: a Paper costs more to send between processes than to read.
    topics, registry, problems, papers = _check_files(layout, latest_date, _check_and_keep, jobs=1)
    problems += check_duplicate_papers(papers)
    collection = index_collection(layout, papers, topics, registry, routes=routes)
    return collection, problems_in(problems, only, layout)


@dataclass
class Validation:
    papers: int  # how many paper files are valid
    problems: list[Problem]


def validate_collection(root: Path | str, latest_date: dt.date | None = None, layout: Layout | None = None,
                        only: list[Path] | None = None, jobs: int | None = None) -> Validation:
    """Every check of `check_collection`, without indexing; paper files are checked by up to `jobs` processes."""
    layout = layout or collection_layout(root)
    _, _, problems, claims = _check_files(layout, latest_date, _check_and_claim, jobs)
    problems += check_duplicates(claim for file_claims in claims for claim in file_claims)
    return Validation(len(claims), problems_in(problems, only, layout))


def _check_files(layout: Layout, latest_date: dt.date | None, check_file: Callable[..., tuple[list[Problem], Kept | None]],
                 jobs: int | None) -> tuple[list[TopicEntry], AuthorRegistry, list[Problem], list[Kept]]:
    """(topics, author registry, problems, what `check_file` kept of each valid paper file)."""
    topics, registry, problems = read_collection_files(layout)
    files = layout.paper_files()
    problems += check_folder(layout, files)
    check = functools.partial(check_file, layout=layout, topic_ids={topic.id for topic in topics},
                              latest_date=latest_date or dt.date.today(), topic_names=topic_names(topics))
    kept: list[Kept] = []
    for file_problems, keep in map_in_processes(check, files, jobs):
        problems += file_problems
        if keep is not None:
            kept.append(keep)
    return topics, registry, problems, kept


def _check_and_keep(path: Path, layout: Layout, topic_ids: set[str], latest_date: dt.date,
                    topic_names: dict[str, str]) -> tuple[list[Problem], Paper | None]:
    paper, problems = check_paper_file(path, layout.shown(path), path.stem, topic_ids, latest_date,
                                       topic_names=topic_names)
    return problems, paper


def _check_and_claim(path: Path, layout: Layout, topic_ids: set[str], latest_date: dt.date,
                     topic_names: dict[str, str]) -> tuple[list[Problem], list[IdentityClaim] | None]:
    """A paper file's problems and identity claims (None if it is invalid): all a validation needs of it."""
    paper, problems = check_paper_file(path, layout.shown(path), path.stem, topic_ids, latest_date,
                                       topic_names=topic_names)
    return problems, identity_claims(paper) if paper is not None else None


def read_collection_files(layout: Layout) -> tuple[list[TopicEntry], AuthorRegistry, list[Problem]]:
    topics, problems = read_topics(layout.root / layout.topics_file, layout.topics_file)
    problems += check_topics(topics, layout.topics_file)
    registry, author_problems = read_authors(layout.root / layout.authors_file, layout.authors_file)
    return topics, registry, problems + author_problems


def check_folder(layout: Layout, files: list[Path]) -> list[Problem]:
    if not layout.papers_path.is_dir():
        return [Problem(layout.papers_dir, 0, "", "folder is missing", "create it and add paper files")]
    if linked_paths(layout.root, [layout.papers_dir]):
        return [papers_folder_linked(layout)]
    return check_case_collisions(files, layout.root)


def papers_folder_linked(layout: Layout) -> Problem:
    """papers/ as a symbolic link: what `import` writes there would land outside the collection."""
    return Problem(layout.papers_dir, 0, "", "is a symbolic link (or inside one)",
                   "make it a real folder inside the collection")


def problems_in(problems: list[Problem], only: list[Path] | None, layout: Layout) -> list[Problem]:
    """The problems of the `only` files (all, if None), sorted, each once."""
    if only is not None:
        wanted = {layout.shown(Path(os.path.abspath(p))) for p in only}  # abspath: do not follow symlinks
        problems = [told for p in problems if (told := duplicate_told_of(p, wanted)).path in wanted]
    return sorted(set(problems))


def duplicate_told_of(problem: Problem, files: set[str]) -> Problem:
    """A duplicate said of the file among `files` (the ones a change touches): validation calls the later file in
    name order the duplicate, which may be the published one, while the change that made it is the other."""
    other = problem.message.removeprefix(DUPLICATE_OF)
    if problem.message.startswith(DUPLICATE_OF) and problem.path not in files and other in files:
        return Problem(other, 0, problem.field, f"{DUPLICATE_OF}{problem.path}", problem.hint)
    return problem


def check_paper_file(path: Path, shown: str, slug: str, topic_ids: set[str], latest_date: dt.date,
                     text: str | None = None,
                     topic_names: dict[str, str] | None = None) -> tuple[Paper | None, list[Problem]]:
    """Every check of one paper file that does not need the other papers; of `text` as that file, if given
    (what a command is about to write: checked as `validate` will check it, without writing it first).
    `topic_names` (topic_names the topics) let a topic written as its title be told its id."""
    problems = check_file_name(slug + os.path.splitext(path)[1], shown)
    source, read_problems = read_source(path, shown) if text is None else source_from_text(text, shown)
    problems += read_problems
    if source is None:
        return None, problems
    problems += check_body(source)  # also when the fields are wrong: all of a file's errors in one run
    paper, field_problems = parse_paper(source, slug, topic_names or {topic_name_key(topic): topic for topic in topic_ids})
    problems += field_problems
    if paper is not None:
        problems += check_paper(paper, topic_ids, latest_date)
    return paper, problems


def load_collection(root: Path | str, latest_date: dt.date | None = None, layout: Layout | None = None,
                    routes: Routes | None = None) -> Collection:
    """The collection at `root`, indexed by the taxonomies `routes` declares; InvalidCollection if it has errors."""
    collection, problems = check_collection(root, latest_date, layout, routes=routes)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidCollection(errors)
    return collection


def index_collection(layout: Layout, papers: list[Paper], topics: list[TopicEntry], registry: AuthorRegistry,
                     taxonomies: dict[str, Taxonomy] | None = None, routes: Routes | None = None) -> Collection:
    return Collection(layout, newest_first(papers), topics, registry, routes=routes or Routes(),
                      built_taxonomies=taxonomies)


def terms_of_field(field_name: str, topics: list[TopicEntry], registry: AuthorRegistry) -> Callable[[Paper], list[TermRef]]:
    """The terms a paper names in `field_name`: (key, display name, info) each (see TaxonomyDeclaration)."""
    if field_name == "topics":
        titles = {topic.id: topic for topic in topics}
        return lambda p: [(t, titles[t].title if t in titles else t, titles.get(t)) for t in p.meta.topics]
    if field_name == "authors":
        return lambda p: [(person.key, person.name, person) for person in map(registry.person, p.meta.authors)]
    if field_name == "date":
        return lambda p: [(p.meta.date[:4], p.meta.date[:4], None)]

    def values(paper: Paper) -> list[TermRef]:
        value = getattr(paper.meta, field_name, None)
        items = value if isinstance(value, list | tuple) else [value] if value not in (None, "") else []
        return [(text, text, None) for text in (str(item).strip() for item in items) if text]
    return values


def slug_function(declaration: TaxonomyDeclaration) -> Callable[[str, str], str]:
    """A term's slug from its (key, name): topic ids and years are slugs already; others are made unique."""
    if declaration.field in ("topics", "date"):
        return lambda key, name: key
    slugs = UniqueSlugs(declaration.singular)
    # a person with an authors.yml id has it as slug: two people who share a name get pages apart
    return lambda key, name: slugs(key.removeprefix(ID_PREFIX) if key.startswith(ID_PREFIX) else name)


def build_taxonomies(papers: list[Paper], topics: list[TopicEntry], registry: AuthorRegistry,
                     routes: Routes | None = None) -> dict[str, Taxonomy]:
    taxonomies = {}
    for declaration in (routes or Routes()).taxonomies.values():
        declared = [Term(declaration.name, t.id, t.title, t.id, t.description, info=t) for t in topics] \
            if declaration.field == "topics" else []
        taxonomy = build_taxonomy(
            declaration, papers, terms_of_field(declaration.field, topics, registry), slug_function(declaration),
            declared)
        if declaration.field == "topics":
            include_subterms(taxonomy)  # a parent topic lists its subtopics' papers
        elif declaration.field == "authors":
            taxonomy.name_order = _family_name_order(papers, taxonomy)
        taxonomies[declaration.name] = without_small_pages(taxonomy)  # after the counts that subtopics add
    return taxonomies


def _family_name_order(papers: list[Paper], authors: Taxonomy) -> Callable[[Term], tuple[str, ...]]:
    """People by family name; an organization (a name that says it is one, or that a paper's `organizations`
    lists) by its whole name (citation.sort_key_by_family_name)."""
    listed = {canonical(term).key for paper in papers if paper.meta.organizations
              for name, term in zip(paper.meta.authors, authors.terms_of(paper), strict=False)
              if paper.meta.is_organization(name)}
    return lambda term: (*sort_key_by_family_name(term.name, term.key in listed), term.key)


def refresh_taxonomies(taxonomies: dict[str, Taxonomy], edited: dict[str, Paper], topics: list[TopicEntry],
                       registry: AuthorRegistry) -> dict[str, Taxonomy] | None:
    """`taxonomies` with `edited` papers (by slug) in place of their old versions, when none of them
    changed its terms; None when one did, and the taxonomies must be built again."""
    refreshed = {name: taxonomy.with_papers(edited, terms_of_field(taxonomy.declaration.field, topics, registry))
                 for name, taxonomy in taxonomies.items()}
    kept = {name: taxonomy for name, taxonomy in refreshed.items() if taxonomy is not None}
    return kept if len(kept) == len(refreshed) else None
