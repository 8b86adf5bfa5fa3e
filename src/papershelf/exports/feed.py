"""feed.xml: an Atom feed of the newest additions to the collection.

feedgen writes (and escapes) the XML. Times come from the papers' dates, not
the clock, so an unchanged collection gives an unchanged feed.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..model.collection import Collection, author_names
from ..model.load import Paper
from ..model.routes import Routes
from ..model.text import shorten

FEED_ENTRIES = 50
SUMMARY_LENGTH = 600


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
    topics, routes, link = collection.taxonomies["topics"], collection.routes, lambda url: Routes.absolute(site_url, url)
    feed = FeedGenerator()
    feed.id(_id(site_url, routes.HOME, "feed"))
    feed.title(title)
    feed.author({"name": title})  # Atom wants an author; entries with none recorded fall back to this
    feed.link(href=link(routes.FEED), rel="self", type="application/atom+xml")
    feed.link(href=link(routes.HOME), rel="alternate", type="text/html")
    if subtitle:
        feed.subtitle(subtitle)
    feed.generator("papershelf")
    feed.updated(max((entry_time(p) for p in papers), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC)))
    for paper in papers:
        entry = feed.add_entry(order="append")
        entry.id(_id(site_url, routes.paper(paper.slug), paper.slug))
        entry.title(paper.meta.title)
        entry.link(href=link(routes.paper(paper.slug)), rel="alternate", type="text/html")
        for name in author_names(collection, paper):
            entry.author({"name": name})
        entry.published(as_time(paper.meta.date))
        entry.updated(entry_time(paper))
        entry.summary(shorten(paper.abstract, SUMMARY_LENGTH), type="text")
        for term in topics.terms_of(paper):
            entry.category(term=term.key, label=term.name)
    return feed.atom_str(pretty=True).decode("utf-8")


def entry_time(paper: Paper) -> dt.datetime:
    return as_time(paper.meta.added or paper.meta.date)
