"""Issue 28's first impression, in Chromium: one page chrome on every kind of page, rows alike however drawn,
a list that uses the screen, and no request to another host. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frontmatter
import pytest
from browsing import PHONE, SCREENSHOTS, Visit

from sitebuild import REPO

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}  # the desktop screen
MODES = {"desktop-light": (WIDE, "light"), "desktop-dark": (WIDE, "dark"),
         "phone-light": (PHONE, "light"), "phone-dark": (PHONE, "dark")}


@pytest.fixture(scope="module")
def posts() -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}


def every_kind(site_dir, posts) -> dict[str, tuple[str, str]]:
    """A page of each kind: name → (path, the tab it marks)."""
    slug = max(posts, key=lambda s: len(posts[s]["authors"]))
    author = sorted(p.name for p in (site_dir / "authors").iterdir()
                    if (p / "index.html").is_file() and p.name not in {"by-name", "page"})[0]
    return {"home": ("", "Home"), "list": ("papers/", "Papers"), "paper": (f"papers/{slug}/", "Papers"),
            "topic": (f"topics/{posts[slug]['topics'][0]}/", "Topics"), "author": (f"authors/{author}/", "Authors"),
            "year": (f"years/{str(posts[slug]['date'])[:4]}/", "Years"), "recent": ("recent/week/", "Home"),
            "topics": ("topics/", "Topics"), "guide": ("reading/", "Guide")}


@contextmanager
def in_mode(browser, site_url, mode: str) -> Iterator[Visit]:
    """A tab in a browser context of its own for `mode` (viewport and colour scheme), closed after."""
    viewport, scheme = MODES[mode]
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone)
    try:
        yield Visit(context, site_url)
    finally:
        context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chrome-{name}.png"))


CHROME = """() => {
  const box = e => e && e.getBoundingClientRect();
  const tabs = [...document.querySelectorAll('nav.ps-tabs a')];
  const boxes = tabs.map(box);
  return {
    header: !!document.querySelector('header.ps-header .ps-header__title .ps-logo'),
    headers: document.querySelectorAll('header').length,
    tabs: tabs.map(a => a.textContent.trim()),
    current: [...document.querySelectorAll('nav.ps-tabs a[aria-current=page]')]
      .map(a => a.textContent.trim()),
    tabsApart: boxes.every((b, i) => i === 0 || b.left >= boxes[i - 1].right + 4),
    tabsShown: boxes.length > 0 && boxes.every(b => b.height > 0),
    footer: !!document.querySelector('footer.md-footer .md-copyright'),
    palette: (() => { const b = document.querySelector('.ps-palette'); return !!b && !!b.querySelector('svg')
      && getComputedStyle(b).visibility === 'visible' && /Switch to/.test(b.getAttribute('aria-label') || ''); })(),
    sidebar: [...document.querySelectorAll('.md-sidebar--primary')].some(s => box(s).width > 0 && s.offsetParent),
    sideways: document.documentElement.scrollWidth - window.innerWidth,
    scheme: document.body.getAttribute('data-md-color-scheme'),
  };
}"""


# The default run checks two modes that differ in both viewport and palette; the other two run with `-m slow`
# (.ci/run), as the accessibility sweep does.
QUICK_MODES = ("desktop-light", "phone-dark")


@pytest.mark.parametrize("mode", [mode if mode in QUICK_MODES else pytest.param(mode, marks=pytest.mark.slow)
                                  for mode in MODES])
def test_every_kind_of_page_has_the_same_header_tabs_footer_and_palette_toggle(mode, browser, site_url, bundled_site,
                                                                              posts):
    with in_mode(browser, site_url, mode) as visit:
        failures = {}
        for name, (path, tab) in every_kind(bundled_site, posts).items():
            page = visit.open(path)
            visit.settle()
            chrome = page.evaluate(CHROME)
            shot(page, f"{name}-{mode}")
            wanted = {"header": True, "headers": 1, "current": [tab], "tabsApart": True, "tabsShown": True,
                      "footer": True, "palette": True, "sideways": 0,
                      "scheme": "slate" if mode.endswith("dark") else "default"}
            wrong = {key: chrome[key] for key, value in wanted.items() if chrome[key] != value}
            if chrome["tabs"][:5] != ["Home", "Papers", "Topics", "Authors", "Years"]:
                wrong["tabs"] = chrome["tabs"]
            if chrome["sidebar"] and name != "guide":  # only the Guide's pages have its navigation beside them
                wrong["sidebar"] = "an empty navigation sidebar"
            if wrong:
                failures[name] = wrong
        assert not failures, failures
        assert visit.errors == []


def test_the_palette_toggle_switches_and_the_choice_holds_on_every_kind_of_page(browser, site_url, bundled_site,
                                                                               posts):
    with in_mode(browser, site_url, "desktop-light") as visit:
        pages = every_kind(bundled_site, posts)
        page = visit.open(pages["author"][0])  # the smallest page: no theme script, the toggle all the same
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
        page.locator(".ps-palette").click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        assert page.locator(".ps-palette").get_attribute("aria-label") == "Switch to light mode"
        for name, (path, _) in pages.items():
            visit.open(path)
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", name
        shot(page, "palette-kept-on-guide-desktop-dark")
        page.locator(".ps-palette").click()
        visit.open(pages["paper"][0])
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"


def test_no_page_asks_another_host_for_anything(browser, site_url, bundled_site, posts):
    """No fonts from Google, no repository stars from api.github.com (repo_stats is off by default)."""
    for mode in ("desktop-light", "phone-dark"):
        with in_mode(browser, site_url, mode) as first:
            # a tab a kind, all loading at once: their half-second waits for network quiet overlap
            kinds = every_kind(bundled_site, posts)
            visits = [first, *(Visit(first.context, site_url) for _ in range(len(kinds) - 1))]
            for visit, (path, _) in zip(visits, kinds.values(), strict=True):
                visit.open(path)
            for visit in visits:
                visit.page.wait_for_load_state("networkidle")
            assert [url for visit in visits for url in visit.outside] == []
    html = (bundled_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and 'data-md-component="source"' not in html


# --- rows --------------------------------------------------------------------------------------------

ROWS = """() => [...document.querySelectorAll('#ps-all-papers > li.ps-paper')].map(row => {
  const copy = row.cloneNode(true);
  copy.normalize();  // adjacent text nodes as one, as the page's HTML has them
  const write = node => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent.replace(/\\s+/g, ' ');
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const attributes = [...node.attributes].filter(a => a.name !== 'open' && a.name !== 'data-loading')
      .map(a => a.name + '=' + (a.name === 'href' ? node.href : a.value)).sort();
    return '<' + node.localName + ' ' + attributes.join(' ') + '>' + [...node.childNodes].map(write).join('') + '</>';
  };
  return [row.querySelector('.ps-paper__title').href, write(copy)];
})"""


def test_rows_are_the_same_whether_the_page_or_the_filter_drew_them(visit, posts):
    page = visit.open("papers/")
    drawn_by_page = dict(page.evaluate(ROWS))
    assert len(drawn_by_page) == len(posts)
    page.select_option("#ps-sort", "date-asc")
    page.wait_for_function("document.getElementById('ps-filter-status').textContent.startsWith('Showing 37 of')")
    drawn_by_script = dict(page.evaluate(ROWS))
    assert drawn_by_script.keys() == drawn_by_page.keys()
    different = {url: (drawn_by_page[url], drawn_by_script[url]) for url in drawn_by_page
                 if drawn_by_page[url] != drawn_by_script[url]}
    assert not different, next(iter(different.values()))
    # what issue 28 found missing from the script's rows
    for wanted in (".ps-snippet__text", ".ps-actions a.ps-action", "details.ps-more-authors > summary"):
        assert page.locator(f"#ps-all-papers {wanted}").count() > 0, wanted
    assert page.locator("#ps-all-papers .ps-action", has_text="Cite").count() == len(posts)
    shot(page, "rows-from-list-json-desktop-light")


# --- the screen --------------------------------------------------------------------------------------

def test_a_desktop_list_has_filters_beside_it_and_four_papers_in_the_first_screen(browser, site_url):
    for mode in ("desktop-light", "desktop-dark"):
        with in_mode(browser, site_url, mode) as visit:
            page = visit.open("papers/")
            visit.settle()
            filters = page.locator("#ps-filters").bounding_box()
            rows = page.locator("#ps-all-papers > li").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().top)")
            first_row = page.locator("#ps-all-papers > li").first.bounding_box()
            assert filters["x"] + filters["width"] <= first_row["x"], (filters, first_row)  # beside, to the left
            assert filters["y"] < first_row["y"] + first_row["height"]
            assert sum(top < WIDE["height"] for top in rows) >= 4, rows[:6]
            assert not page.locator(".ps-filters__toggle").is_visible()
            assert not page.locator(".md-sidebar--primary").count()
            shot(page, f"list-{mode}")


def test_on_a_phone_the_filters_fold_behind_one_button_and_the_first_paper_shows(browser, site_url):
    for mode in ("phone-light", "phone-dark"):
        with in_mode(browser, site_url, mode) as visit:
            page = visit.open("papers/")
            visit.settle()
            toggle = page.locator(".ps-filters__toggle")
            assert toggle.is_visible() and toggle.inner_text() == "Filter"
            assert not page.locator("#ps-filters").is_visible()
            first = page.locator("#ps-all-papers > li .ps-paper__title").first.bounding_box()
            assert first["y"] + first["height"] <= PHONE["height"], first
            shot(page, f"list-{mode}")
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
            assert page.locator("#ps-filter-topic").is_visible()
            page.select_option("#ps-filter-year", index=1)
            page.wait_for_function("document.getElementById('ps-filter-status').textContent.includes(' of ')")
            assert toggle.inner_text() == "Filter (1)"
            shot(page, f"list-filters-open-{mode}")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


CHARACTERS_PER_LINE = """element => {  // the characters of each line the paragraph is drawn in, the longest line
  const lines = new Map();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.textContent.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) lines.set(Math.round(rect.bottom), (lines.get(Math.round(rect.bottom)) || 0) + 1);
    }
  }
  return Math.max(...lines.values());
}"""


def test_paper_page_prose_stays_under_ninety_characters_a_line(browser, site_url, posts):
    slug = max(posts, key=lambda s: len(posts[s].content))
    with in_mode(browser, site_url, "desktop-light") as visit:
        page = visit.open(f"papers/{slug}/")
        visit.settle()
        paragraph = page.locator(".ps-abstract p").first
        per_line = paragraph.evaluate(CHARACTERS_PER_LINE)
        assert 50 < per_line <= 90, per_line
        shot(page, "paper-desktop-light")


@pytest.mark.parametrize("mode", ["desktop-light", "phone-dark"])
def test_opening_cite_leaves_the_cite_button_where_it_was(mode, browser, site_url, posts):
    slug = sorted(posts)[0]
    with in_mode(browser, site_url, mode) as visit:
        page = visit.open(f"papers/{slug}/")
        visit.settle()
        button = page.locator("details.ps-cite > summary")
        before = button.bounding_box()
        button.click()
        page.wait_for_selector(".ps-cite__panel", state="visible")
        after = button.bounding_box()
        assert (round(before["x"]), round(before["y"])) == (round(after["x"]), round(after["y"])), (before, after)
        panel = page.locator(".ps-cite__panel").bounding_box()
        assert panel["y"] >= after["y"] + after["height"] - 1  # the panel opens below the button
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        shot(page, f"cite-open-{mode}")
