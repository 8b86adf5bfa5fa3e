"""feed.xml: an Atom feed of the newest additions to the collection; and a feed of each topic and of
each author of two papers or more (`<term page>/feed.xml`), to follow them.

feedgen writes (and escapes) the XML. Times come from the papers' dates, not
the clock, so an unchanged collection gives an unchanged feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from ..model.collection import Collection, author_names
from ..model.load import Paper
from ..model.routes import Routes
from ..model.taxonomy import Term
from ..model.text import shorten
from ..model.writer import write_output

FEED_ENTRIES = 50
SUMMARY_LENGTH = 600
# A topic's or an author's feed: its newest additions, each a title and a link (no summary, no byline):
# at 10,000 papers some 3,000 authors have one, and every byte of them counts toward the site's size.
TERM_FEED_ENTRIES = 10
FEED_MIN_PAPERS = 2  # an author's feed from this many papers: people the collection keeps adding
FOLLOWED_FIELDS = ("topics", "authors")  # the taxonomies (by the paper field of their terms) with feeds


def newest_additions(papers: list[Paper]) -> list[Paper]:
    """Newest first by `added`, then by `date`, then by slug (papers without `added` last)."""
    by_slug = sorted(papers, key=lambda p: p.slug)
    return sorted(by_slug, key=lambda p: (p.meta.added or "", p.meta.date), reverse=True)


def as_time(date: str) -> dt.datetime:
    """A full or partial date (YYYY, YYYY-MM) as midnight UTC of its first day."""
    year, month, day = (date.split("-") + ["01", "01"])[:3]
    return dt.datetime(int(year), int(month), int(day), tzinfo=dt.UTC)


def _id(site_url: str | None, url: str, slug: str) -> str:
    """Atom ids must be IRIs: the page's address, or a tag URI when the site has no URL."""
    return Routes.absolute(site_url, url) if site_url else f"tag:papershelf.invalid,2024:{slug}"


def atom_feed(collection: Collection, title: str, site_url: str | None = None,
              subtitle: str | None = None, entries: int = FEED_ENTRIES) -> str:
    papers = newest_additions(collection.papers)[:entries]
    topics, routes = collection.taxonomies["topics"], collection.routes
    # Atom wants an author; entries with none recorded fall back to the feed's
    feed = _new_feed(_id(site_url, routes.HOME, "feed"), title, title, Routes.absolute(site_url, routes.FEED),
                     Routes.absolute(site_url, routes.HOME), papers)
    if subtitle:
        feed.subtitle(subtitle)
    for paper in papers:
        entry = _add_paper(feed, paper, site_url, routes)
        for name in author_names(collection, paper):
            entry.author({"name": name})
        entry.summary(shorten(paper.abstract, SUMMARY_LENGTH), type="text")
        for term in topics.terms_of(paper):
            entry.category(term=term.key, label=term.name)
    return str(feed.atom_str(pretty=True), "utf-8")


def _new_feed(feed_id: str, title: str, author: str, self_url: str, page_url: str, papers: list[Paper]) -> Any:
    """A FeedGenerator with the feed's own elements; its `updated` is the newest of `papers`'."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": author})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.generator("papershelf")
    feed.updated(max((entry_time(p) for p in papers), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))
    return feed


def _add_paper(feed: Any, paper: Paper, site_url: str | None, routes: Routes) -> Any:
    """The paper's entry, appended to `feed`: id, title, link to its page, dates."""
    entry = feed.add_entry(order="append")
    entry.id(_id(site_url, routes.paper(paper.slug), paper.slug))
    entry.title(paper.meta.title)
    entry.link(href=Routes.absolute(site_url, routes.paper(paper.slug)), rel="alternate", type="text/html")
    entry.published(as_time(paper.meta.date))
    entry.updated(entry_time(paper))
    return entry


def entry_time(paper: Paper) -> dt.datetime:
    return as_time(paper.meta.added or paper.meta.date)


def has_feed(collection: Collection, term: Term) -> bool:
    """Whether a term's page offers a feed: every topic with papers, every author of FEED_MIN_PAPERS or more."""
    field = collection.taxonomies[term.taxonomy].declaration.field
    if field not in FOLLOWED_FIELDS or not term.count or not term.url:  # a feed beside the term's page
        return False
    return field != "authors" or term.count >= FEED_MIN_PAPERS


def followed_terms(collection: Collection) -> Iterator[Term]:
    for taxonomy in collection.taxonomies.values():
        if taxonomy.declaration.field in FOLLOWED_FIELDS:
            yield from (term for term in taxonomy.terms.values() if has_feed(collection, term))


def term_feed(collection: Collection, term: Term, site_title: str, site_url: str | None = None,
              entries: int = TERM_FEED_ENTRIES) -> str:
    """A topic's or an author's Atom feed: their newest additions to the collection."""
    papers = newest_additions(term.papers)[:entries]
    routes = collection.routes
    feed = _new_feed(_id(site_url, term.url, f"{term.taxonomy}/{term.slug}"), f"{term.name} · {site_title}",
                     site_title, Routes.absolute(site_url, routes.term_feed(term.taxonomy, term.slug)),
                     Routes.absolute(site_url, term.url), papers)
    for paper in papers:
        _add_paper(feed, paper, site_url, routes)
    return str(feed.atom_str(pretty=False), "utf-8")


def write_term_feeds(collection: Collection, site_dir: Path, site_title: str, site_url: str | None = None) -> int:
    """Write the feed of every followed term beside its page; returns how many."""
    written = 0
    for term in followed_terms(collection):
        path = Path(site_dir) / collection.routes.term_feed(term.taxonomy, term.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_output(path, term_feed(collection, term, site_title, site_url))  # many small files: no fsync each
        written += 1
    return written
