"""What readers get, in a real browser: search, filters, author pages, BibTeX copy, palette, layout."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import frontmatter
import pytest
from browsing import DESKTOP, PHONE, SCREENSHOTS, SITE_PATH

from sitebuild import REPO

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def papers() -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}


def site_path(url: str) -> str:
    """A result's page: its path without the site, the search highlight query and the fragment."""
    return urlsplit(url).path.removeprefix(SITE_PATH)


def slug_of(href: str) -> str:
    return re.fullmatch(r"papers/([^/]+)/", site_path(href)).group(1)


def shown_papers(page) -> list[str]:
    # the first filter fetches papers/list.json: the list changes once it has come
    page.wait_for_function("!/^Loading/.test(document.querySelector('#ps-filter-status').textContent)")
    hrefs = page.eval_on_selector_all("#ps-all-papers li.ps-paper:not([hidden]) a.ps-paper__title",
                                      "links => links.map(a => a.href)")
    return [slug_of(href) for href in hrefs]


# Search: test_search.py (Pagefind). Filters over a list of several pages: test_list_filters.py.


def test_filter_by_topic_shows_exactly_that_topics_papers(visit, papers):
    page = visit.open("papers/")
    assert page.locator("#ps-filters").is_visible()
    assert sorted(shown_papers(page)) == sorted(papers)
    counts = Counter(topic for post in papers.values() for topic in post["topics"])
    topic = counts.most_common()[1][0]
    page.select_option("#ps-filter-topic", topic)
    assert sorted(shown_papers(page)) == sorted(s for s, post in papers.items() if topic in post["topics"])
    assert page.locator("#ps-filter-status").inner_text() == f"Showing {counts[topic]} of {len(papers)} papers."
    assert f"topic={topic}" in page.url
    page.reload()  # the choice is in the URL
    assert page.input_value("#ps-filter-topic") == topic
    assert sorted(shown_papers(page)) == sorted(s for s, post in papers.items() if topic in post["topics"])


def test_filter_by_year_and_author_and_sort(visit, papers):
    page = visit.open("papers/")
    year = str(sorted(papers.values(), key=lambda p: str(p["date"]))[0]["date"])[:4]
    page.select_option("#ps-filter-year", year)
    assert sorted(shown_papers(page)) == sorted(s for s, p in papers.items() if str(p["date"]).startswith(year))
    page.select_option("#ps-filter-year", "")
    author = Counter(name for p in papers.values() for name in p["authors"]).most_common(1)[0][0]
    page.fill("#ps-filter-author", author.lower())
    theirs = sorted(s for s, p in papers.items() if author in p["authors"])
    # a typed name filters once the typing pauses (papershelf.js)
    page.wait_for_function("t => document.querySelector('#ps-filter-status').textContent === t",
                           arg=f"Showing {len(theirs)} of {len(papers)} papers.")
    assert sorted(shown_papers(page)) == theirs
    page.fill("#ps-filter-author", "")
    assert len(shown_papers(page)) == len(papers)

    page.select_option("#ps-sort", "title")
    assert shown_papers(page) == sorted(papers, key=lambda s: papers[s]["title"].lower())
    page.select_option("#ps-sort", "upvotes")
    upvotes = [papers[s].get("upvotes") or 0 for s in shown_papers(page)]
    assert upvotes == sorted(upvotes, reverse=True)
    page.select_option("#ps-sort", "authors")
    counts = [papers[s].get("author_count") or len(papers[s]["authors"]) for s in shown_papers(page)]
    assert counts == sorted(counts, reverse=True)
    page.select_option("#ps-sort", "date-asc")
    dates = [str(papers[s]["date"]) for s in shown_papers(page)]
    assert dates == sorted(dates)


def test_without_javascript_the_list_is_plain_and_complete(browser, site_url, papers):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/")
    assert not page.locator("#ps-filters").is_visible()
    assert page.locator("#ps-all-papers li.ps-paper").count() == len(papers)
    context.close()


def test_author_page_shows_the_right_count(visit, papers):
    page = visit.open("authors/")
    first = page.locator("table.ps-terms tbody tr a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/authors/[^/]+/$"))
    expected = sorted(s for s, p in papers.items() if name in p["authors"])
    assert page.locator("h1").first.inner_text() == name
    assert page.locator(".ps-count__number").inner_text() == str(len(expected))
    listed = page.eval_on_selector_all("ul.ps-papers a.ps-paper__title", "links => links.map(a => a.href)")
    assert sorted(slug_of(href) for href in listed) == expected


def test_copy_bibtex_with_the_theme_copy_button(clipboard_visit, papers, bundled_site):
    slug = sorted(papers)[2]
    page = clipboard_visit.open(f"papers/{slug}/")
    page.get_by_text("Cite", exact=True).click()  # the Cite button near the top opens the BibTeX
    block = page.locator(".ps-bibtex")
    block.hover()
    block.locator("button[data-md-type=copy], button.md-clipboard").first.click()  # 9.8 / older themes
    copied = page.evaluate("navigator.clipboard.readText()")
    whole = (bundled_site / "papers" / f"{slug}.bib").read_text(encoding="utf-8")
    # the .bib file's entry without its abstract (on the page already; the file and papers.bib keep it)
    assert copied.strip() == whole[: whole.index(",\n  abstract = {")] + "\n}"
    assert copied.startswith("@") and re.match(r"@\w+\{[a-z]+\d{4}[a-z0-9]+,\n  title = ", copied)


def test_palette_toggle_switches_scheme(visit):
    page = visit.open()
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator(".ps-palette").click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def first_author_path(site_dir) -> str:
    """The page of the first author on the authors index (the index lists each author's folder)."""
    return "authors/" + sorted(p.name for p in (site_dir / "authors").iterdir()
                               if p.is_dir() and p.name not in {"by-name", "page"})[0] + "/"


def no_sideways_scrolling(page, url: str, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"


def screenshot(page, name: str, width: int) -> None:
    """The first screen, as a reader sees it (a full-page shot costs a second a page; the width check
    covers the whole page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"))


@pytest.mark.smoke
def test_every_kind_of_page_loads_without_console_errors_or_sideways_scrolling(visit, papers, bundled_site):
    """On a desktop (the phone: below), with a screenshot of the home, paper, topic, author and list pages."""
    slug = sorted(papers)[0]
    urls = {"home": "", "papers": "papers/", "paper": f"papers/{slug}/", "topics": "topics/",
            "topic": f"topics/{papers[slug]['topics'][0]}/", "authors": "authors/",
            "author": first_author_path(bundled_site), "years": "years/",
            "year": f"years/{str(papers[slug]['date'])[:4]}/"}
    for name, url in urls.items():
        page = visit.open(url)
        visit.settle()
        assert page.locator("article h1, .md-content h1").count() >= 1, url
        no_sideways_scrolling(page, url, DESKTOP["width"])
        if name in ("home", "paper", "topic", "author", "papers"):
            screenshot(page, name, DESKTOP["width"])
    assert visit.errors == []
    # Only the theme reaches out: its font (mkdocs.yml keeps theme.font) and the repo_url stats.
    assert {urlsplit(url).hostname for url in visit.outside} <= {"fonts.googleapis.com", "api.github.com"}


@pytest.mark.smoke
def test_screenshots_and_no_sideways_scrolling_on_a_phone(phone_visit, papers, bundled_site):
    slug = sorted(papers)[0]
    pages = {"home": "", "paper": f"papers/{slug}/", "topic": f"topics/{papers[slug]['topics'][0]}/",
             "author": first_author_path(bundled_site), "papers": "papers/"}
    for name, url in pages.items():
        page = phone_visit.open(url)
        phone_visit.settle()
        screenshot(page, name, PHONE["width"])
        no_sideways_scrolling(page, url, PHONE["width"])
    assert phone_visit.errors == []
