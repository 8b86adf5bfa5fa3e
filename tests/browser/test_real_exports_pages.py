"""The site made from real exports (tests/fixtures/reading, built by conftest's real_reading_site) read in Chromium:
names written in Chinese, a byline of 80 names, rows of papers with a DOI and no arXiv id; light and dark,
desktop and phone, with JavaScript and without; axe-core on each kind of its pages."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading

import frontmatter
import pytest
from browsing import PHONE, SCREENSHOTS, TOOLS, QuietHandler, Visit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("real-reading-site")]
WIDE = {"width": 1366, "height": 900}
GENOME = "the-genome-of-eucalyptus-grandis"
SITE_PATH = "/reading-list/"  # sitebuild.build_site's SITE_URL
AXE = TOOLS / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a",
                                                      "wcag22aa", "best-practice"]},
               "resultTypes": ["violations"]}


class ReadingHandler(QuietHandler):
    def translate_path(self, path):
        if path.startswith(SITE_PATH):
            path = "/" + path[len(SITE_PATH):]
        return http.server.SimpleHTTPRequestHandler.translate_path(self, path)


@pytest.fixture(scope="module")
def reading_url(real_reading_site):
    site, _ = real_reading_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(ReadingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def papers(real_reading_site) -> dict[str, dict]:
    return {path.stem: frontmatter.load(path).metadata for path in (real_reading_site[1] / "papers").glob("*.md")}


def slug_of(papers: dict[str, dict], start: str) -> str:
    return next(slug for slug, meta in papers.items() if meta["title"].startswith(start))


def open_tab(browser, url: str, viewport: dict, scheme: str = "light", script: bool = True) -> Visit:
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone,
                                  java_script_enabled=script)
    return Visit(context, url)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"reading-{name}.png"))


# Each name of a byline as the lines it is drawn on: one line each, unless the name is wider than the line.
NAME_LINES = """selector => [...document.querySelectorAll(selector)].filter(a => a.checkVisibility()).map(a => ({
  name: a.textContent, lines: new Set([...a.getClientRects()].map(r => Math.round(r.top))).size,
  wider: a.scrollWidth > a.parentElement.clientWidth}))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_name_written_in_chinese_is_never_cut_at_a_line_end(scheme, browser, reading_url, papers):
    """Chinese text may break between any two characters: "罗" ended one line, "鹏程" began the next."""
    tab = open_tab(browser, reading_url, PHONE, scheme)
    try:
        page = tab.open(f"papers/{slug_of(papers, '2000—2010')}/")
        page.locator(".ps-byline summary").click()  # all 49 names: more line ends for a name to straddle
        names = page.evaluate(NAME_LINES, ".ps-byline a.ps-author")
        assert len(names) == 49 and all(not name["wider"] for name in names)
        assert [name for name in names if name["lines"] > 1] == []
        assert page.evaluate("document.querySelector('.ps-byline').getClientRects()[0].height") > 40  # 3+ lines
        shot(page, f"cjk-byline-phone-{scheme}")
        page = tab.open("topics/chinese-references/")
        rows = [name for name in page.evaluate(NAME_LINES, ".ps-paper__authors a") if " " not in name["name"]]
        assert len(rows) >= 12 and [name for name in rows if name["lines"] > 1] == []  # (a Latin name breaks at a space)
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert tab.errors == []
    finally:
        tab.context.close()


def test_a_paper_of_eighty_authors_shows_its_date_and_buttons_in_a_phone_s_first_screen(browser, reading_url, papers):
    tab = open_tab(browser, reading_url, PHONE)
    try:
        page = tab.open(f"papers/{GENOME}/")
        assert page.locator(".ps-byline a.ps-author:visible").count() == 20
        assert page.evaluate("document.querySelector('.ps-links').getBoundingClientRect().bottom") < PHONE["height"]
        assert page.locator(".ps-links a", has_text="DOI").is_visible()
        shot(page, "long-byline-phone-folded")
        more = page.locator(".ps-byline summary")
        assert more.inner_text() == "+60 more"
        more.focus()  # reached by the keyboard, opened by Enter
        page.keyboard.press("Enter")
        shown = page.locator(".ps-byline a.ps-author:visible").all_inner_texts()
        assert shown == papers[GENOME]["authors"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "long-byline-phone-open")
        assert tab.errors == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_rows_without_an_arxiv_id_lead_to_the_paper_also_after_filtering(viewport, browser, reading_url, papers):
    tab = open_tab(browser, reading_url, viewport)
    try:
        page = tab.open("papers/")
        ieee = next(slug for slug, meta in papers.items() if "ambient-assisted-living" in meta["topics"])
        doi = f"https://doi.org/{papers[ieee]['doi']}"
        row = page.locator(".ps-paper", has=page.locator(f'a.ps-paper__title[href$="/{ieee}/"]'))
        assert row.locator("a.ps-action", has_text="DOI").get_attribute("href") == doi
        page.goto(reading_url + "papers/?topic=ambient-assisted-living")  # rows drawn from papers/list.json
        page.wait_for_function("document.querySelectorAll('.ps-paper').length === 2")
        drawn = page.locator(".ps-paper", has=page.locator(f'a.ps-paper__title[href$="/{ieee}/"]'))
        assert drawn.locator("a.ps-action", has_text="DOI").get_attribute("href") == doi
        shot(page, f"doi-rows-{'phone' if viewport is PHONE else 'desktop'}")
        assert tab.errors == []
    finally:
        tab.context.close()


def test_without_javascript_the_list_uses_the_whole_width(browser, reading_url):
    """The filters hide without JavaScript; the column they stand in went with them, not an empty 13rem."""
    tab = open_tab(browser, reading_url, WIDE, script=False)
    try:
        page = tab.open("papers/")
        heading, row = (page.locator(selector).first.bounding_box() for selector in ("h1", ".ps-paper"))
        content = page.locator(".md-content__inner").bounding_box()
        assert abs(heading["x"] - content["x"]) < 30 and abs(row["x"] - heading["x"]) < 2
        assert row["width"] > content["width"] - 60
        shot(page, "no-script-list-desktop")
    finally:
        tab.context.close()


MODES = {"desktop-light": (WIDE, "light"), "phone-dark": (PHONE, "dark"),
         "desktop-dark": (WIDE, "dark"), "phone-light": (PHONE, "light")}


@pytest.mark.parametrize("mode", [mode if mode in ("desktop-light", "phone-dark") else
                                  pytest.param(mode, marks=pytest.mark.slow) for mode in MODES])
def test_no_serious_axe_violations_on_the_pages_of_real_exports(mode, browser, reading_url, papers, real_reading_site):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE}: run scripts/install-browser-tools")
    viewport, scheme = MODES[mode]
    chinese = slug_of(papers, "人文社会科学")
    paper_page = (real_reading_site[0] / "papers" / chinese / "index.html").read_text(encoding="utf-8")
    author = re.search(r'class="ps-author" href="\.\./\.\./(authors/[^"]+)"', paper_page).group(1)  # 王继民's
    pages = {"home": "", "list": "papers/", "paper-long-byline": f"papers/{GENOME}/",
             "paper-chinese": f"papers/{chinese}/", "topic": "topics/chinese-references/",
             "author-chinese": author, "authors": "authors/",
             "year": "years/2014/"}
    tab = open_tab(browser, reading_url, viewport, scheme)
    failures = {}
    try:
        for name, path in pages.items():
            page = tab.open(path)
            tab.settle()
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
                       if v["impact"] in ("serious", "critical")]
            if serious:
                failures[name] = serious
            if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
                failures[name + " scrolls sideways"] = True
            shot(page, f"axe-{name}-{mode}")
        assert tab.errors == []
    finally:
        tab.context.close()
    assert not failures, json.dumps(failures, indent=1)



def test_a_phone_reader_arriving_with_choices_in_the_url_is_told_the_list_is_filtered(browser, reading_url):
    """The filters are folded away on a phone: the button counted no choice ("Filter"), and the line under the
    heading said "5 papers, newest first." above 2 rows, oldest first."""
    tab = open_tab(browser, reading_url, PHONE)
    try:
        page = tab.open("papers/?topic=ambient-assisted-living&sort=date-asc")
        page.wait_for_function("document.querySelectorAll('#ps-all-papers .ps-paper').length === 2")
        assert page.locator(".ps-filters__toggle").inner_text() == "Filter (2)"
        assert page.locator(".ps-count").inner_text() == "2 of 5 papers, oldest first."
        dates = page.locator("#ps-all-papers .ps-paper time").evaluate_all("times => times.map(t => t.dateTime)")
        assert dates == sorted(dates)
        shot(page, "filtered-from-url-phone")
        page.locator(".ps-filters__toggle").click()
        page.select_option("#ps-filter-topic", "")
        page.select_option("#ps-sort", "title")
        page.wait_for_function("document.querySelector('.ps-count').textContent === '5 papers, by title (A–Z).'")
        page.select_option("#ps-sort", "date-desc")
        page.wait_for_function("document.querySelector('.ps-count').textContent === '5 papers, newest first.'")
        assert page.locator(".ps-filters__toggle").inner_text() == "Filter"
        assert tab.errors == []
    finally:
        tab.context.close()
