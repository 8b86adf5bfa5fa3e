"""Following a topic or an author: a feed of each (beside its page, linked from it and from its <head>), and
an author's page with their papers per year and their co-authors ranked by shared papers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from papershelf.exports.feed import FEED_MIN_PAPERS, TERM_FEED_ENTRIES, newest_additions
from papershelf.model.collection import load_collection
from papershelf.model.taxonomy import co_terms
from sitebuild import REPO, parse

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.github.io/papershelf/"  # the bundled mkdocs.yml's site_url


@pytest.fixture(scope="module")
def collection():
    return load_collection(REPO)


def feed_links(html: str) -> list[dict]:
    head = parse(html[: html.index("</head>")])
    return [attrs for tag, attrs in head.elements
            if tag == "link" and "alternate" in (attrs.get("rel") or "").split()
            and attrs.get("type") == "application/atom+xml"]


def read_feed(path) -> tuple[ET.Element, list[tuple[str, str]]]:
    feed = ET.parse(path).getroot()
    entries = [(entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
               for entry in feed.findall(f"{ATOM}entry")]
    return feed, entries


def test_every_topic_has_a_feed_of_its_newest_papers_linked_from_its_page(bundled_site, collection):
    topics = [term for term in collection.taxonomies["topics"].terms.values() if term.count]
    assert topics
    for term in topics:
        html = (bundled_site / term.url / "index.html").read_text(encoding="utf-8")
        [link] = feed_links(html)
        assert link["href"] == "feed.xml" and term.name in link["title"]
        assert 'href="feed.xml" type="application/atom+xml">Follow: Atom feed</a>' in html
        feed, entries = read_feed(bundled_site / term.url / "feed.xml")
        assert term.name in feed.find(f"{ATOM}title").text
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}{term.url}feed.xml"
        assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{SITE_URL}{term.url}"
        newest = newest_additions(term.papers)[:TERM_FEED_ENTRIES]  # a parent topic: with its subtopics' papers
        assert entries == [(p.meta.title, f"{SITE_URL}papers/{p.slug}/") for p in newest]


def test_authors_of_two_papers_or_more_have_a_feed_and_others_none(bundled_site, collection):
    authors = [term for term in collection.taxonomies["authors"].terms.values()]
    followed = [term for term in authors if term.count >= FEED_MIN_PAPERS]
    assert followed and len(followed) < len(authors)
    for term in authors:
        html = (bundled_site / term.url / "index.html").read_text(encoding="utf-8")
        has = (bundled_site / term.url / "feed.xml").is_file()
        assert has == (term.count >= FEED_MIN_PAPERS), term.name
        assert bool(feed_links(html)) == has and ("Follow: Atom feed" in html) == has
        if has:
            _, entries = read_feed(bundled_site / term.url / "feed.xml")
            assert sorted(title for title, _ in entries) == sorted(p.meta.title for p in term.papers)


def test_without_exports_no_feed_is_written_or_linked(site_without_exports):
    topic_pages = list((site_without_exports / "topics").glob("*/index.html"))
    assert topic_pages and not list(site_without_exports.rglob("feed.xml"))
    assert not [page for page in topic_pages if feed_links(page.read_text(encoding="utf-8"))]


def test_author_pages_show_papers_per_year_and_coauthors_ranked_by_shared_papers(generated_site):
    """On 300 generated papers, where prolific authors share many papers with a few others."""
    site, root = generated_site
    authors = load_collection(root).taxonomies["authors"]
    prolific = sorted(authors.terms.values(), key=lambda term: -term.count)[:5]
    for term in prolific:
        html = (site / term.url / "index.html").read_text(encoding="utf-8")
        per_year = Counter(paper.meta.date[:4] for paper in term.papers)
        shown = re.search(r'<p class="ps-per-year">Papers per year: ([^<]+)</p>', html)[1]
        # a year and its count never apart, nor a line started by "·"
        assert shown == "&nbsp;· ".join(f"{year}&nbsp;({count})" for year, count in sorted(per_year.items()))
        section = html.partition('<ul class="ps-coauthors">')[2].partition("</ul>")[0]
        listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>(?: <span class="ps-shared">\((\d+) shared papers\)</span>)?',
                            section)
        shared = [int(count or 1) for _, count in listed]
        assert shared == sorted(shared, reverse=True) and shared[0] > 1  # most shared first
        expected = co_terms(term, authors)[: len(listed)]
        assert [(name, int(count or 1)) for name, count in listed] == [(t.name, n) for t, n in expected]
    one = next(term for term in authors.terms.values() if term.count == 1)
    assert 'class="ps-per-year"' not in (site / one.url / "index.html").read_text(encoding="utf-8")
