"""Filters and sorts over the whole collection, on a list split into pages (6 papers a page here)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
import unicodedata
from collections import Counter
from urllib.parse import urlsplit

import frontmatter
import pytest
from browsing import QuietHandler, Visit

from sitebuild import REPO, build_site, scratch_collection

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("paged-site")]  # one worker builds the paged site
PER_PAGE = 6
VENUE = "Workshop <on> Lists & Filters 2025"


@pytest.fixture(scope="module")
def papers() -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory):
    """The bundled collection with 6 papers a list page, built and served."""
    collection = scratch_collection(tmp_path_factory.mktemp("paged") / "collection")
    config = collection / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - papershelf:\n", f"  - papershelf:\n      papers_per_page: {PER_PAGE}\n"))
    for path in sorted((collection / "papers").glob("*.md"))[::9]:  # the bundled papers name no venue
        post = frontmatter.load(path)
        post["venue"] = VENUE
        path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    site = collection.parent / "site"
    result = build_site(collection, site)
    assert result.returncode == 0, result.stderr[-3000:]
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def context(browser):
    """One context for the module's tabs (warm caches); each tab clears what the site stored when closed."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def tab(context, paged_url):
    visit = Visit(context, paged_url[0])
    yield visit.page, paged_url[0]
    visit.close()
    assert visit.errors == []


def listed(page, every: bool = True) -> list[str]:
    """The slugs the list shows, after "Show more papers" while it shows (with `every`)."""
    while every and page.locator("#ps-more-papers button").is_visible():
        page.click("#ps-more-papers button")
    hrefs = page.eval_on_selector_all("#ps-all-papers li.ps-paper a.ps-paper__title", "links => links.map(a => a.href)")
    return [re.search(r"/papers/([^/]+)/$", href).group(1) for href in hrefs]


def status(page) -> str:
    return page.locator("#ps-filters [role=status]").inner_text()


def wait_status(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('#ps-filter-status').textContent === t", arg=text)


def newest_first(papers) -> list[str]:
    return sorted(papers, key=lambda s: (str(papers[s]["date"]), s), reverse=True)


def test_a_topic_filter_finds_every_paper_of_that_topic_across_pages(tab, papers):
    page, url = tab
    page.goto(url + "papers/")
    assert len(listed(page, every=False)) == PER_PAGE and page.locator(".ps-pager").first.is_visible()
    topic = Counter(t for post in papers.values() for t in post["topics"]).most_common(1)[0][0]
    expected = sorted(s for s, post in papers.items() if topic in post["topics"])
    assert len(expected) > PER_PAGE  # the point: more than one page of them
    page.select_option("#ps-filter-topic", topic)
    wait_status(page, f"Showing {len(expected)} of {len(papers)} papers.")
    assert not page.locator(".ps-pager").first.is_visible() and not page.locator(".ps-pager").last.is_visible()
    assert len(listed(page, every=False)) == PER_PAGE  # a page at a time
    assert sorted(listed(page)) == expected
    assert f"topic={topic}" in page.url
    page.reload()  # the choice is in the URL
    assert page.input_value("#ps-filter-topic") == topic
    wait_status(page, f"Showing {len(expected)} of {len(papers)} papers.")
    assert sorted(listed(page)) == expected


def test_year_author_and_venue_filters_combine_over_the_whole_collection(tab, papers):
    page, url = tab
    page.goto(url + "papers/page/3/")  # any page of the list filters the whole collection
    year = Counter(str(p["date"])[:4] for p in papers.values()).most_common(1)[0][0]
    page.select_option("#ps-filter-year", year)
    in_year = [s for s in newest_first(papers) if str(papers[s]["date"]).startswith(year)]
    wait_status(page, f"Showing {len(in_year)} of {len(papers)} papers.")
    assert sorted(listed(page)) == sorted(in_year)
    page.select_option("#ps-filter-year", "")
    author = Counter(n for p in papers.values() for n in p["authors"]).most_common(1)[0][0]
    page.fill("#ps-filter-author", author.upper())
    theirs = sorted(s for s, p in papers.items() if author in p["authors"])
    wait_status(page, f"Showing {len(theirs)} of {len(papers)} papers.")
    assert sorted(listed(page)) == theirs
    page.fill("#ps-filter-author", "")
    page.select_option("#ps-filter-venue", VENUE)
    at_venue = sorted(papers)[::9]
    wait_status(page, f"Showing {len(at_venue)} of {len(papers)} papers.")
    assert sorted(listed(page)) == at_venue
    assert "venue=" in page.url and "author=" not in page.url
    assert VENUE in page.inner_text("#ps-all-papers")  # shown as text


def test_sorts_order_every_paper_not_one_page(tab, papers):
    page, url = tab
    page.goto(url + "papers/?sort=title")
    wait_status(page, f"Showing {len(papers)} of {len(papers)} papers.")
    by_title = sorted(papers, key=lambda s: papers[s]["title"].lower())
    assert listed(page, every=False) == by_title[:PER_PAGE]
    assert listed(page) == by_title
    page.select_option("#ps-sort", "upvotes")
    upvotes = [papers[s].get("upvotes") or 0 for s in listed(page)]
    assert upvotes == sorted(upvotes, reverse=True) and len(upvotes) == len(papers)
    page.select_option("#ps-sort", "authors")
    counts = [papers[s].get("author_count") or len(papers[s]["authors"]) for s in listed(page)]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(papers)
    page.select_option("#ps-sort", "date-asc")
    dates = [str(papers[s]["date"]) for s in listed(page)]
    assert dates == sorted(dates)
    page.select_option("#ps-sort", "date-desc")  # the default: the page as built, with its pager
    wait_status(page, f"Showing all {len(papers)} papers.")
    assert listed(page, every=False) == newest_first(papers)[:PER_PAGE]
    assert page.locator(".ps-pager").first.is_visible() and "sort=" not in page.url


def test_entries_built_in_the_browser_link_to_pages_of_the_site(tab, paged_url):
    page, url = tab
    page.goto(url + "papers/page/2/?sort=date-asc")
    page.wait_for_function("document.querySelector('#ps-filter-status').textContent.startsWith('Showing 37')")
    hrefs = page.eval_on_selector_all("#ps-all-papers li.ps-paper a", "links => links.map(a => a.href)")
    assert any("/authors/" in h for h in hrefs) and any("/topics/" in h for h in hrefs)
    site_links = [href for href in hrefs if href.startswith(url)]  # the rest: a row's arXiv, PDF and Code buttons
    assert len(site_links) < len(hrefs) and all(href.startswith("https://") for href in hrefs if href not in site_links)
    for href in site_links:  # every link of the site the script made is one of its pages
        assert (paged_url[1] / urlsplit(href).path.lstrip("/") / "index.html").is_file(), href


def test_without_javascript_the_list_is_paginated_and_plain(browser, paged_url, papers):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(paged_url[0] + "papers/?topic=whatever&sort=title")
    assert not page.locator("#ps-filters").is_visible()
    assert listed(page, every=False) == newest_first(papers)[:PER_PAGE]
    assert page.locator(".ps-pager a[rel=next]").is_visible()
    context.close()


def name_words(name: str) -> list[str]:
    """A name's words as the author filter compares them: lower case, without accents, split at hyphens."""
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).lower()
    return [word for word in re.split(r"[^\w]+", bare) if word]


def by_name_or_family(papers, typed: str) -> list[str]:
    """The papers an author of which is named `typed`: the whole name, or whole words after the given name."""
    wanted = name_words(typed)

    def named(name: str) -> bool:
        words = name_words(name)
        return words == wanted or any(words[at:at + len(wanted)] == wanted for at in range(1, len(words)))
    return sorted(slug for slug, post in papers.items() if any(named(name) for name in post["authors"]))


def test_the_author_filter_matches_whole_names_and_family_names_not_parts_of_words(tab, papers):
    """"Li" found 22 of the 37 papers (any slug containing "li": Lin, Oliver, Liang…); 8 have an author Li."""
    page, url = tab
    page.goto(url + "papers/")
    family = by_name_or_family(papers, "Li")
    substring = [slug for slug, post in papers.items() if any("li" in name.lower() for name in post["authors"])]
    assert 0 < len(family) < len(substring)
    assert all(any(name.split()[-1] == "Li" for name in papers[slug]["authors"]) for slug in family)
    for typed, expected in (("Li", family), ("zhang", by_name_or_family(papers, "Zhang")),
                            ("neel nanda", by_name_or_family(papers, "Neel Nanda")), ("Nand", [])):
        page.fill("#ps-filter-author", typed)
        wait_status(page, f"Showing {len(expected)} of {len(papers)} papers.")
        assert sorted(listed(page)) == expected, typed
    assert len(by_name_or_family(papers, "Neel Nanda")) == 1


def option_counts(page, select: str) -> dict[str, int]:
    texts = page.eval_on_selector_all(f"{select} option", "options => options.map(o => [o.value, o.textContent])")
    return {value: int(re.search(r"\((\d+)\)$", text)[1]) for value, text in texts if value}


def test_facet_counts_follow_the_other_filters(tab, papers):
    import yaml

    page, url = tab
    page.goto(url + "papers/")
    parents = {t["id"]: t.get("parent") for t in yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))}

    def topics_of(post) -> set[str]:  # a paper counts for its topics and the topics above them
        found = set()
        for key in post["topics"]:
            while key and key not in found:
                found.add(key)
                key = parents.get(key)
        return found
    before = option_counts(page, "#ps-filter-topic")
    year = Counter(str(p["date"])[:4] for p in papers.values()).most_common(1)[0][0]
    page.select_option("#ps-filter-year", year)
    in_year = [post for post in papers.values() if str(post["date"]).startswith(year)]
    wait_status(page, f"Showing {len(in_year)} of {len(papers)} papers.")
    counts = option_counts(page, "#ps-filter-topic")
    assert counts == {key: sum(key in topics_of(post) for post in in_year) for key in before}
    assert counts != before
    topic = max(counts, key=counts.get)
    page.select_option("#ps-filter-topic", topic)
    wait_status(page, f"Showing {counts[topic]} of {len(papers)} papers.")
    years = option_counts(page, "#ps-filter-year")  # the years' counts now follow the topic
    assert years == {y: sum(topic in topics_of(p) and str(p["date"]).startswith(y) for p in papers.values())
                     for y in years}
    assert years[year] == counts[topic]
    page.select_option("#ps-filter-topic", "")
    page.select_option("#ps-filter-year", "")
    wait_status(page, f"Showing all {len(papers)} papers.")
    assert option_counts(page, "#ps-filter-topic") == before  # the whole collection's counts again


def test_typing_a_name_filters_once_the_typing_pauses(tab, papers):
    """The page's clock is held (Playwright's fake timers): six keys, then 100 ms, nothing filtered yet; after
    the pause (250 ms), one filtering for the whole name. (A real clock on a loaded machine can pause between keys.)"""
    page, url = tab
    page.clock.install()
    page.goto(url + "papers/")
    page.clock.pause_at(dt.datetime.now() + dt.timedelta(minutes=1))
    page.evaluate("""() => { window.filtered = 0;
        new MutationObserver(() => { if (/^(Showing \\d+ of|Loading)/.test(document.querySelector('#ps-filter-status').textContent))
            window.filtered += 1; }).observe(document.querySelector('#ps-filter-status'), {childList: true}); }""")
    page.locator("#ps-filter-author").press_sequentially("Minder")
    page.clock.run_for(100)
    assert page.evaluate("window.filtered") == 0
    page.clock.run_for(200)
    expected = by_name_or_family(papers, "Minder")
    wait_status(page, f"Showing {len(expected)} of {len(papers)} papers.")
    assert page.evaluate("window.filtered") == 2  # "Loading…", then the list: once for six keys
    assert sorted(listed(page)) == expected
