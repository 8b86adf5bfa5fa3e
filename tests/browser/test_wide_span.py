"""A collection like a real bibliography's: papers from 1570 to 2025, authors written in Chinese and with letters
such as "Ł", a paper without an abstract. The chart of papers per year, the authors index's box and the list's
author filter, the text boxes' edges, search snippets and axe, in the browser."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading

import pytest
from browsing import DESKTOP, PHONE, SCREENSHOTS, SITE_PATH, TOOLS, QuietHandler, Visit, starts_a_word

from sitebuild import build_site, scratch_collection

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("wide-span-site")]
WIDE = {"width": 1366, "height": 900}
TOPIC = "mechanistic-interpretability"
# (year, authors) of each paper; the last has no abstract
PAPERS = [
    (1570, ["Abraham Ortelius"]), (1624, ["Olivier Stasse", "Jean-Paul Laumond"]), (1865, ["Gregor Mendel"]),
    (1931, ["Kurt Gödel"]), (1995, ["Jian Li", "Lin Wang"]), (2004, ["王继民", "王小明"]),
    (2015, ["Łukasz Kowalski", "Zoë Li"]), (2023, ["Oliver Lindqvist", "Haizhou Li"]),
    (2024, ["李明", "Aliyah Chen"]), (2024, ["Jean-Paul Laumond", "Olivier Stasse"]),
    (2025, ["Evie van der Spoel", "Maarten P. Rozing", "Jeanine J. Houwing-Duistermaat", "P. Eline Slagboom",
            "Marian Beekman", "Anton J M de Craen", "Rudi G J Westendorp", "Diana van Heemst"]),
    (2025, ["Ann Lee"]),
]
NO_ABSTRACT = len(PAPERS) - 1
NAMES = sorted({name for _, authors in PAPERS for name in authors})


def paper_file(index: int, year: int, authors: list[str]) -> str:
    listed = "".join(f"- {name}\n" for name in authors)
    abstract = "" if index == NO_ABSTRACT else f"Abstract of paper {index} about the {'quokka' if index else 'wombat'}.\n"
    title = "Wombat census" if index == NO_ABSTRACT else f"Quokka study {index}"
    arxiv = "arxiv: '2401.00001'\n" if index == 1 else ""  # its page has arXiv and PDF buttons beside Cite
    return (f"---\ntitle: {title}\nauthors:\n{listed}date: '{year}-03-01'\n{arxiv}"
            f"topics: [{TOPIC}]\n---\n\n{abstract}")


@pytest.fixture(scope="module")
def wide_site_url(tmp_path_factory):
    root = scratch_collection(tmp_path_factory.mktemp("wide-span") / "c",
                              {f"p{index}.md": paper_file(index, year, authors)
                               for index, (year, authors) in enumerate(PAPERS)})
    result = build_site(root, root.parent / "site", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    handler = functools.partial(QuietHandler, directory=str(root.parent / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=[(WIDE, "light"), (PHONE, "dark"), (WIDE, "dark"), (PHONE, "light")],
                ids=["desktop-light", "phone-dark", "desktop-dark", "phone-light"])
def wide_visit(request, browser, wide_site_url):
    viewport, scheme = request.param
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    visit = Visit(context, wide_site_url)
    visit.mode = f"{'phone' if phone else 'desktop'}-{scheme}"
    yield visit
    context.close()
    assert [e for e in visit.errors if "status of 404" not in e] == []


def shot(page, name: str, target=None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (target or page).screenshot(path=str(SCREENSHOTS / f"wide-span-{name}.png"))


# Every text of the chart the reader sees: its box, and the figure's.
SHOWN_TEXTS = """figure => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const texts = [...figure.querySelectorAll('text')].filter(t => getComputedStyle(t).display !== 'none');
  return {figure: box(figure), svg: box(figure.querySelector('svg')),
          texts: texts.map(t => [t.textContent, t.getAttribute('class'), ...box(t)])};
}"""


def overlapping(texts: list) -> list:
    return [(a[0], b[0]) for i, a in enumerate(texts) for b in texts[i + 1:]
            if a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]]


@pytest.mark.parametrize("path", ["", "years/"])
def test_the_chart_of_five_centuries_is_per_decade_whole_and_as_wide_as_the_page(wide_visit, path):
    page = wide_visit.open(path)
    figure = page.locator("figure.ps-chart").first
    svg = figure.locator("svg")
    assert svg.locator("#ps-chart-years-title").text_content() == "Papers per decade, 1570s to 2020s"
    seen = figure.evaluate(SHOWN_TEXTS)
    left, top, right, bottom = seen["figure"]
    assert seen["svg"][2] - seen["svg"][0] == pytest.approx(right - left, abs=1)  # the page's whole width
    assert seen["svg"][3] - seen["svg"][1] == 212  # not scaled down with the width
    for text, css_class, *box in seen["texts"]:
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, (text, box, seen["figure"])
        if "label" in css_class:
            assert re.fullmatch(r"1[5-9]\d0s|20[0-2]0s", text), text
    assert not overlapping(seen["texts"]), overlapping(seen["texts"])
    values = [text for text, css_class, *_ in seen["texts"] if "value" in css_class]
    assert "5" in values  # the largest count (the 2020s), whole
    labels = [text for text, css_class, *_ in seen["texts"] if "label" in css_class]
    assert len(labels) >= (8 if wide_visit.mode.startswith("desktop") else 4), labels
    font = svg.locator("text.ps-chart__caption").evaluate("t => getComputedStyle(t).fontSize")
    assert font == "13px"  # the text's own size, on a phone too
    shot(page, f"chart-{wide_visit.mode}-{path.strip('/') or 'home'}", figure)


@pytest.mark.parametrize(("typed", "expected"), [
    ("王继民", ["王继民"]),
    ("王", ["王小明", "王继民"]),
    ("继民", ["王继民"]),
    ("Li", [n for n in NAMES if starts_a_word(n, "li")]),
    ("lukasz", ["Łukasz Kowalski"]),
    ("GODEL", ["Kurt Gödel"]),
    ("laumond jean", ["Jean-Paul Laumond"]),
    ("zoe", ["Zoë Li"]),
])
def test_the_authors_box_finds_word_starts_in_any_script(browser, wide_site_url, typed, expected):
    visit = Visit(browser.new_context(viewport=DESKTOP), wide_site_url)
    page = visit.open("authors/by-name/")
    total = page.locator("#ps-terms-table tbody tr").count()
    page.fill("#ps-term-filter", typed)
    shown = sorted(page.locator("#ps-terms-table tbody tr:not([hidden]) td:first-child").all_inner_texts())
    assert shown == sorted(expected)
    if typed == "Li":  # not inside a name: not Olivier, Oliver or Aliyah
        assert "Haizhou Li" in shown and "Lin Wang" in shown and not {"Olivier Stasse", "Aliyah Chen"} & set(shown)
    assert page.locator("#ps-term-filter-status").inner_text() == f"{len(expected)} of {total} match."
    if typed == "王继民":
        shot(page, "authors-cjk")
    visit.context.close()


@pytest.mark.parametrize(("typed", "expected"), [("王", {5}), ("李明", {8}), ("Li", {4, 6, 7}), ("Laumond", {1, 9})])
def test_the_lists_author_filter_finds_names_in_unspaced_scripts_by_any_part(browser, wide_site_url, typed, expected):
    visit = Visit(browser.new_context(viewport=DESKTOP), wide_site_url)
    page = visit.open(f"papers/?author={typed}")
    page.wait_for_function("document.querySelector('#ps-filter-status').textContent.startsWith('Showing')")
    titles = page.locator("#ps-all-papers li.ps-paper a.ps-paper__title").all_inner_texts()
    assert {int(title.rsplit(" ", 1)[1]) for title in titles} == expected
    visit.context.close()


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [float(x) / 255 for x in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# A colour as painted over another: the border's rgba over the page or the box it edges.
OVER = """([colour, under]) => {
  const c = colour.match(/[\\d.]+/g).map(Number), u = under.match(/[\\d.]+/g).map(Number);
  const alpha = c.length > 3 ? c[3] : 1;
  return 'rgb(' + [0, 1, 2].map(i => c[i] * alpha + u[i] * (1 - alpha)).join(',') + ')';
}"""


@pytest.mark.parametrize(("path", "box"), [("papers/", "#ps-filter-author"), ("authors/", "#ps-term-filter")])
def test_text_boxes_have_an_edge_at_three_to_one(wide_visit, path, box):
    page = wide_visit.open(path)
    if wide_visit.mode.startswith("phone") and path == "papers/":
        page.locator(".ps-filters__toggle").click()
    field = page.locator(box)
    style = field.evaluate("b => { const c = getComputedStyle(b); return [c.borderTopWidth, c.borderTopStyle, "
                           "c.borderTopColor, c.backgroundColor]; }")
    width, kind, colour, inside = style
    page_colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert float(width.rstrip("px")) >= 1 and kind == "solid"
    for under in (page_colour, page.evaluate(OVER, [inside, page_colour])):
        painted = page.evaluate(OVER, [colour, under])
        assert contrast(painted, under) >= 3, (wide_visit.mode, painted, under)  # WCAG 1.4.11


def test_a_paper_without_an_abstract_shows_its_authors_once_in_search(browser, wide_site_url):
    visit = Visit(browser.new_context(viewport=DESKTOP), wide_site_url)
    page = visit.open("")
    page.locator("body").press("/")
    page.wait_for_selector("dialog.ps-search[open] input:focus")
    page.locator("dialog.ps-search input").press_sequentially("wombat")
    page.wait_for_function("document.querySelectorAll('.ps-search__result--paper').length === 2")
    page.wait_for_timeout(300)
    results = page.eval_on_selector_all(".ps-search__result--paper", """items => items.map(li => [
        li.querySelector('.ps-search__title').textContent, li.querySelectorAll('.ps-search__snippet').length,
        li.textContent])""")
    for title, snippets, text in results:
        if title == "Wombat census":
            assert snippets == 0 and text.count("Ann Lee") == 1, text
        else:
            assert snippets == 1, title  # the abstract's words
    visit.context.close()


AXE = TOOLS / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", ["", "years/", "authors/", "papers/", "no-such-page/"])
def test_no_serious_axe_violations(wide_visit, path):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE}: run scripts/install-browser-tools")
    page = wide_visit.page
    page.goto(wide_visit.site_url + path, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))")
    if path == "authors/":
        page.fill("#ps-term-filter", "王")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=1)


def test_a_row_s_more_authors_and_its_date_share_a_line_and_cite_is_edged_as_its_neighbours(browser, wide_site_url):
    visit = Visit(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True), wide_site_url)
    page = visit.open(f"topics/{TOPIC}/")
    row = page.locator("li.ps-paper", has=page.locator("details.ps-more-authors"))
    more = row.locator("details.ps-more-authors > summary")
    left = row.bounding_box()["x"]
    for unfolded in (False, True):
        date = row.locator(".ps-paper__meta time").bounding_box()
        last = row.locator(".ps-paper__authors a").last.bounding_box() if unfolded else more.bounding_box()
        # the date follows the last name or "+N more" on its line, or starts the next one: no line starts
        # with the " · " between them
        assert abs(date["y"] - last["y"]) < 4 or date["x"] - left < 2, (date, last, left)
        assert row.locator(".ps-paper__authors").inner_text().count("Diana van Heemst") == unfolded
        shot(page, f"row-more-{'unfolded' if unfolded else 'folded'}", row)
        if not unfolded:
            more.click()
    page = visit.open("papers/p1/")
    widths = page.eval_on_selector_all(".ps-links .md-button, details.ps-cite > summary",
                                       "buttons => buttons.map(b => getComputedStyle(b).borderLeftWidth)")
    assert len(widths) >= 2 and len(set(widths)) == 1, widths
    visit.context.close()


def test_the_404_page_s_tab_says_so_and_a_year_stays_with_its_count(browser, wide_site_url):
    visit = Visit(browser.new_context(viewport=DESKTOP), wide_site_url)
    visit.page.goto(wide_site_url + "no-such-page/")
    site_name = visit.page.locator("meta[property='og:site_name']").get_attribute("content")
    assert visit.page.title() == f"Page not found - {site_name}"
    page = visit.open("authors/jean-paul-laumond/")
    assert page.locator(".ps-per-year").inner_text() == "Papers per year: 1624\u00a0(1)\u00a0· 2024\u00a0(1)"
    visit.context.close()
