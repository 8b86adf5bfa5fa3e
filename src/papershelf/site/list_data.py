"""The data behind the whole-collection filters and sorts of the list of all papers.

The list's pages are plain HTML, 100 papers each; a reader who filters or sorts
gets `papers/list.json`, fetched on demand, with what a list entry shows and
what the filters match for every paper, in the collection's order (newest
first). A row the script draws from it is the row the page draws
(templates/_macros.html, paper_item): the abstract's start, the arXiv/PDF/Code
buttons, every author (the row folds those after the sixth). Compact: names,
topics and venues once each, papers as arrays of indexes, an arXiv link as one
letter beside the paper's arXiv id. Values are plain data; the script that shows
them sets them as text, never as HTML.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..model.collection import Collection
from ..model.load import Paper
from ..model.markdown_html import markdown_to_html
from ..model.routes import Routes
from ..model.text import display_date, shorten
from ..model.writer import write_output
from .rows import SNIPPET_LENGTH, row_links

LIST_DATA_PATH = Routes.PAPERS_LIST
FORMAT = 2
# Fields of each paper's array, in order (papershelf.js reads them by these positions); author_count is null
# for a paper with more authors than its names, how many not known (more_authors)
PAPER_FIELDS = ("slug", "title", "date", "shown_date", "upvotes", "author_count", "authors", "topics", "venue",
                "snippet", "arxiv", "links")


@functools.lru_cache(maxsize=200_000)  # every author, every build: kept between a preview's rebuilds
def simple_slug(name: str) -> str:
    """What the list's script computes from a name; the data carries a slug only where it differs."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def venue_counts(collection: Collection) -> list[tuple[str, int]]:
    """Every venue named by a paper, with its number of papers, by name."""
    counts = Counter(paper.meta.venue for paper in collection.papers if paper.meta.venue)
    return sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))


def plain_snippet(paper: Paper) -> str:
    """The abstract's start as PageRenderer.abstract_snippet makes it (without its cache of converted abstracts)."""
    return shorten(Markup(markdown_to_html(paper.abstract)).striptags(), SNIPPET_LENGTH)


def row_buttons(paper: Paper) -> list[Any]:
    """A row's buttons (rows.row_links), each [label, url], or "a" / "p" for the arXiv abstract / PDF of its id."""
    arxiv = paper.meta.arxiv
    derived = {f"https://arxiv.org/abs/{arxiv}": "a", f"https://arxiv.org/pdf/{arxiv}": "p"} if arxiv else {}
    return [derived.get(url) or [label, url] for label, url in row_links(paper)]


def list_data(collection: Collection, snippet: Callable[[Paper], str] | None = None) -> dict[str, Any]:
    """`snippet(paper)`: the abstract's start a row shows (PageRenderer.abstract_snippet, the default)."""
    if snippet is None:
        snippet = plain_snippet
    authors_taxonomy, topics_taxonomy = collection.taxonomies["authors"], collection.taxonomies["topics"]
    authors: dict[tuple[str, str], int] = {}  # (slug, name): a paper's own spelling of a person is its own row
    author_rows: list[str | list[str | int]] = []
    topics = {term.key: index for index, term in enumerate(topics_taxonomy.terms.values())}
    venues = {name: index for index, (name, _) in enumerate(venue_counts(collection))}
    papers = []
    for paper in collection.papers:
        author_indexes = []
        for term in authors_taxonomy.terms_of(paper):
            if (term.slug, term.name) not in authors:
                authors[term.slug, term.name] = len(author_rows)
                same = term.name.isascii() and simple_slug(term.name) == term.slug
                # [name, slug, 0]: a person without a page (the taxonomy's min_papers), named but not linked
                author_rows.append([term.name, term.slug, 0] if not term.url else term.name if same
                                   else [term.name, term.slug])
            author_indexes.append(authors[term.slug, term.name])
        meta = paper.meta
        papers.append([paper.slug, meta.title, meta.date, display_date(meta.date), meta.upvotes or 0,
                       meta.known_author_count, author_indexes,
                       [topics[term.key] for term in topics_taxonomy.terms_of(paper)],
                       venues.get(meta.venue, -1) if meta.venue else -1,
                       snippet(paper) if paper.abstract else "", meta.arxiv or "", row_buttons(paper)])
    routes = collection.routes
    return {
        "format": FORMAT,
        "fields": PAPER_FIELDS,
        # where entries link to, relative to the site root: "{slug}" stands for the paper's or term's slug
        "urls": {"paper": routes.paper("{slug}"), "author": routes.term("authors", "{slug}"),
                 "topic": routes.term("topics", "{slug}")},
        "authors": author_rows,
        # a topic's parent (its key) where it has one: a filter by a topic includes its subtopics' papers
        "topics": [[term.key, term.name, term.slug, *([parent] if (parent := getattr(term.info, "parent", None)) else [])]
                   for term in topics_taxonomy.terms.values()],
        "venues": list(venues),
        "papers": papers,
    }


def write_list_data(collection: Collection, site_dir: Path | str,
                    snippet: Callable[[Paper], str] | None = None) -> Path:
    path = Path(site_dir) / LIST_DATA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_output(path, json.dumps(list_data(collection, snippet), ensure_ascii=False, separators=(",", ":")))


def term_names(collection: Collection, taxonomy_name: str) -> dict[str, Any]:
    """Every term of a taxonomy with papers, in the order of its by-name index (people by family name), with
    its count: what the filter box of a paged index searches (the page itself holds one page of names).
    A term's slug is given only where the script's simple_slug of its name differs."""
    taxonomy = collection.taxonomies[taxonomy_name]
    rows: list[Any] = []
    for term in taxonomy.by_name():
        if term.count:
            same = term.name.isascii() and simple_slug(term.name) == term.slug
            rows.append([term.name, term.count, term.slug, 0] if not term.url else [term.name, term.count] if same
                        else [term.name, term.count, term.slug])
    return {"format": FORMAT, "url": collection.routes.term(taxonomy_name, "{slug}"), "terms": rows}


def write_term_names(collection: Collection, site_dir: Path | str) -> list[Path]:
    """names.json of each taxonomy of people (authors): its index's filter box reads it when the index is paged."""
    written = []
    for name, taxonomy in collection.taxonomies.items():
        if taxonomy.declaration.field != "authors":
            continue
        path = Path(site_dir) / collection.routes.term_names(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_output(path, json.dumps(term_names(collection, name), ensure_ascii=False,
                                                     separators=(",", ":"))))
    return written
