"""The data behind the whole-collection filters and sorts of the list of all papers.

The list's pages are plain HTML, 100 papers each; a reader who filters or sorts
gets `papers/list.json`, fetched on demand, with what a list entry shows and
what the filters match for every paper, in the collection's order (newest
first). Compact: names, topics and venues once each, papers as arrays of
indexes (about 160 bytes a paper). Values are plain data; the script that shows
them sets them as text, never as HTML.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..model.collection import Collection
from ..model.routes import Routes
from ..model.text import display_date

LIST_DATA_PATH = Routes.PAPERS_LIST
FORMAT = 1
# Fields of each paper's array, in order (papers.js reads them by these positions)
PAPER_FIELDS = ("slug", "title", "date", "shown_date", "upvotes", "author_count", "authors", "topics", "venue")


@functools.lru_cache(maxsize=200_000)  # every author, every build: kept between a preview's rebuilds
def simple_slug(name: str) -> str:
    """What the list's script computes from a name; the data carries a slug only where it differs."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def venue_counts(collection: Collection) -> list[tuple[str, int]]:
    """Every venue named by a paper, with its number of papers, by name."""
    counts = Counter(paper.meta.venue for paper in collection.papers if paper.meta.venue)
    return sorted(counts.items(), key=lambda item: (item[0].casefold(), item[0]))


def list_data(collection: Collection) -> dict[str, Any]:
    authors_taxonomy, topics_taxonomy = collection.taxonomies["authors"], collection.taxonomies["topics"]
    authors: dict[tuple[str, str], int] = {}  # (slug, name): a paper's own spelling of a person is its own row
    author_rows: list[str | list[str]] = []
    topics = {term.key: index for index, term in enumerate(topics_taxonomy.terms.values())}
    venues = {name: index for index, (name, _) in enumerate(venue_counts(collection))}
    papers = []
    for paper in collection.papers:
        author_indexes = []
        for term in authors_taxonomy.terms_of(paper):
            if (term.slug, term.name) not in authors:
                authors[term.slug, term.name] = len(author_rows)
                same = term.name.isascii() and simple_slug(term.name) == term.slug
                author_rows.append(term.name if same else [term.name, term.slug])
            author_indexes.append(authors[term.slug, term.name])
        meta = paper.meta
        papers.append([paper.slug, meta.title, meta.date, display_date(meta.date), meta.upvotes or 0,
                       meta.author_count or len(meta.authors), author_indexes,
                       [topics[term.key] for term in topics_taxonomy.terms_of(paper)],
                       venues.get(meta.venue, -1) if meta.venue else -1])
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


def write_list_data(collection: Collection, site_dir: Path | str) -> Path:
    path = Path(site_dir) / LIST_DATA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(list_data(collection), ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8") as handle:  # a build output, like the pages: open()'s mode
        handle.write(text)
    return path


def term_names(collection: Collection, taxonomy_name: str) -> dict[str, Any]:
    """Every term of a taxonomy with papers, in the order of its by-name index (people by family name), with
    its count: what the filter box of a paged index searches (the page itself holds one page of names).
    A term's slug is given only where the script's simple_slug of its name differs."""
    taxonomy = collection.taxonomies[taxonomy_name]
    rows: list[Any] = []
    for term in taxonomy.by_name():
        if term.count:
            same = term.name.isascii() and simple_slug(term.name) == term.slug
            rows.append([term.name, term.count] if same else [term.name, term.count, term.slug])
    return {"format": FORMAT, "url": collection.routes.term(taxonomy_name, "{slug}"), "terms": rows}


def write_term_names(collection: Collection, site_dir: Path | str) -> list[Path]:
    """names.json of each taxonomy of people (authors): its index's filter box reads it when the index is paged."""
    written = []
    for name, taxonomy in collection.taxonomies.items():
        if taxonomy.declaration.field != "authors":
            continue
        path = Path(site_dir) / collection.routes.term_names(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(term_names(collection, name), ensure_ascii=False, separators=(",", ":")))
        written.append(path)
    return written
