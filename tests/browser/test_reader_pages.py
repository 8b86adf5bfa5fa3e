"""Reader pages in a real browser, with screenshots: list rows, citing, navigation, the 404 page,
recent additions, nested topics, the authors index, bylines and charts; light and dark, desktop and phone."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import threading

import frontmatter
import pytest
import yaml
from browsing import DESKTOP, PHONE, SCREENSHOTS, SITE_PATH, QuietHandler, Visit, starts_a_word
from markupsafe import Markup

from papershelf.model.load import split_body
from papershelf.model.markdown_html import markdown_to_html
from sitebuild import REPO, build_site, scratch_collection

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def posts() -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


CONTEXTS: dict = {}  # (browser, viewport width, colour scheme) → a context shared by the tests of this module


def tab(browser, site_url, viewport=DESKTOP, scheme="light") -> Visit:
    """A new tab in the run's context for this viewport and colour scheme (warm caches: quicker pages);
    `Visit.close()` leaves nothing stored for the next test."""
    phone = viewport is PHONE
    key = (browser, viewport["width"], scheme)
    if key not in CONTEXTS:
        CONTEXTS[key] = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone,
                                            has_touch=phone, device_scale_factor=2 if phone else 1)
    return Visit(CONTEXTS[key], site_url)


@pytest.fixture(params=[("desktop", "light"), ("phone", "dark")], ids=["desktop-light", "phone-dark"])
def reader(request, browser, site_url):
    viewport, scheme = request.param
    visit = tab(browser, site_url, DESKTOP if viewport == "desktop" else PHONE, scheme)
    visit.mode = f"{viewport}-{scheme}"
    yield visit
    visit.close()


# --- rows a reader can act on ---------------------------------------------------------------------

def test_list_rows_have_everything_to_act_on(reader, posts):
    page = reader.open("papers/")
    slug = max(posts, key=lambda s: len(posts[s]["authors"]))  # more than six authors
    post = posts[slug]
    row = page.locator(f"li.ps-paper:has(a.ps-paper__title[href$='papers/{slug}/'])")
    assert row.locator("a.ps-paper__title").inner_text() == post["title"]
    authors = row.locator(".ps-paper__authors a")
    assert len(post["authors"]) > 7
    assert authors.evaluate_all("links => links.filter(a => a.checkVisibility()).length") == 6
    row.locator("details.ps-more-authors summary").click()
    assert authors.evaluate_all("links => links.filter(a => a.checkVisibility()).map(a => a.textContent)") == \
        post["authors"]
    assert row.locator("time").get_attribute("datetime") == str(post["date"])
    chips = row.locator(".ps-chip").all_inner_texts()
    assert len(chips) == len(post["topics"])
    if post.get("upvotes"):
        label = row.locator(".ps-upvotes").inner_text()
        assert re.fullmatch(rf"▲ {post['upvotes']} upvotes?", label)
    actions = row.locator(".ps-actions a").all_inner_texts()
    assert actions[:2] == ["arXiv", "PDF"] and actions[-1] == "Cite"
    # the abstract snippet expands in place: same page, full text shown, snippet hidden
    snippet = row.locator("details.ps-snippet")
    short = snippet.locator(".ps-snippet__text")
    assert short.is_visible() and short.inner_text().endswith("…")
    url = page.url
    snippet.locator("summary").click()
    full = snippet.locator(".ps-snippet__full")
    assert full.is_visible() and not short.is_visible()
    # the row carries the abstract's start; the whole abstract comes from the paper's page
    whole = Markup(markdown_to_html(split_body(post.content)[0])).striptags()
    assert len(whole) > len(short.inner_text())
    page.wait_for_function("([row, text]) => row.textContent.replace(/\\s+/g, ' ').trim() === text",
                           arg=[full.element_handle(), " ".join(whole.split())])
    assert page.url == url
    row.scroll_into_view_if_needed()
    shot(page, f"rows-list-{reader.mode}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # Cite on a row opens the paper page at its citation, unfolded
    row.locator(".ps-actions a", has_text="Cite").click()
    page.wait_for_url(re.compile(rf"papers/{slug}/#cite$"))
    assert page.locator(".ps-bibtex").is_visible()


def test_venue_and_code_buttons_on_rows(browser, site_url, posts):
    visit = tab(browser, site_url)
    page = visit.open("papers/")
    with_code = next(s for s, p in posts.items() if "code" in p.get("links", {}))
    row = page.locator(f"li.ps-paper:has(a.ps-paper__title[href$='papers/{with_code}/'])")
    code = row.locator(".ps-actions a", has_text="Code")
    assert code.get_attribute("href") == posts[with_code]["links"]["code"]
    with_venue = [s for s, p in posts.items() if p.get("venue")]
    for slug in with_venue:
        venue = page.locator(f"li.ps-paper:has(a.ps-paper__title[href$='papers/{slug}/']) .ps-venue")
        assert venue.inner_text() == posts[slug]["venue"]
    visit.close()


def test_phone_home_starts_with_the_latest_papers_and_a_compact_strip(browser, site_url, posts):
    visit = tab(browser, site_url, PHONE, "dark")
    page = visit.open("")
    strip = page.locator("ul.ps-stats")
    box = strip.bounding_box()
    assert box["height"] < 60, box  # one or two lines, not four cards
    first = page.locator("ul.ps-papers li.ps-paper").first
    assert first.bounding_box()["y"] + 40 < PHONE["height"]  # the first paper's title shows without scrolling
    latest = sorted(posts, key=lambda s: (str(posts[s].get("added") or ""), str(posts[s]["date"])), reverse=True)
    assert first.locator("a.ps-paper__title").get_attribute("href").endswith(f"papers/{latest[0]}/")
    chart = page.locator("figure.ps-chart")
    assert chart.bounding_box()["y"] > first.bounding_box()["y"]  # the chart comes after the list
    shot(page, "home-phone-dark")
    visit.close()


# --- citing ---------------------------------------------------------------------------------------

def test_cite_button_near_the_top_gives_bibtex_and_a_reference(reader, posts):
    slug = max(posts, key=lambda s: len(posts[s]["title"]))
    page = reader.open(f"papers/{slug}/")
    cite = page.locator("details.ps-cite > summary")
    assert cite.inner_text() == "Cite"
    assert cite.bounding_box()["y"] < (DESKTOP if reader.mode.startswith("desktop") else PHONE)["height"] * 1.2
    assert not page.locator(".ps-bibtex").is_visible()
    cite.click()
    code = page.locator(".ps-bibtex pre code")
    assert code.is_visible()
    reference = page.locator(".ps-reference").inner_text()
    assert posts[slug]["title"] in reference and str(posts[slug]["date"])[:4] in reference
    text = code.inner_text()
    key = re.match(r"@\w+\{([^,]+),", text).group(1)
    assert re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", key)
    assert re.search(r"^  title = ", text, re.MULTILINE)
    assert code.evaluate("c => getComputedStyle(c).whiteSpace") == "pre-wrap"
    assert code.evaluate("c => c.scrollWidth <= c.clientWidth + 1")  # wraps: nothing cut off
    page.locator(".ps-bibtex").hover()
    button = page.locator(".ps-bibtex button").first
    button.wait_for(state="visible")
    key_box = code.evaluate("""c => { const r = document.createRange(); const t = c.firstChild.nodeType === 3 ? c.firstChild : c;
        const node = document.createTreeWalker(c, NodeFilter.SHOW_TEXT).nextNode();
        const end = node.textContent.indexOf(',') + 1; r.setStart(node, 0); r.setEnd(node, end);
        const b = r.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width, height: b.height}; }""")
    copy = button.bounding_box()
    overlap = not (key_box["x"] + key_box["width"] <= copy["x"] or copy["x"] + copy["width"] <= key_box["x"]
                   or key_box["y"] + key_box["height"] <= copy["y"] or copy["y"] + copy["height"] <= key_box["y"])
    assert not overlap, (key_box, copy)
    shot(page, f"cite-{reader.mode}")


# --- navigation -----------------------------------------------------------------------------------

def active_tab(page) -> str:
    """The highlighted tab (every page has the same tabs)."""
    return page.locator("nav.ps-tabs a[aria-current=page]").inner_text().strip()


def test_detail_pages_highlight_their_tab_and_lead_back_to_their_list(browser, site_url, posts):
    visit = tab(browser, site_url, DESKTOP, "dark")
    slug = sorted(posts)[0]
    topic = posts[slug]["topics"][0]
    year = str(posts[slug]["date"])[:4]
    cases = [(f"papers/{slug}/", "Papers", "papers/"), (f"topics/{topic}/", "Topics", "topics/"),
             (f"years/{year}/", "Years", "years/")]
    for path, tab_name, back in cases:
        page = visit.open(path)
        assert active_tab(page) == tab_name, path
        crumb = page.locator("nav.ps-breadcrumb a").first
        assert crumb.get_attribute("href").endswith(back) or crumb.evaluate("a => a.href").endswith(SITE_PATH + back)
        if path.startswith("papers/"):
            author = page.locator(".ps-byline a.ps-author").first.evaluate("a => a.href")
    page.goto(author)
    assert active_tab(page) == "Authors"
    shot(page, "author-page-desktop-dark")
    page.locator("nav.ps-breadcrumb a").first.click()
    page.wait_for_url(re.compile(r"/authors/$"))
    tabs = page.locator("nav.ps-tabs li").all_inner_texts()
    assert [t.strip() for t in tabs] == ["Home", "Papers", "Topics", "Authors", "Years"]  # no Guide among them
    guide = page.locator("nav.ps-footer-nav a", has_text="Guide")
    guide.click()
    page.wait_for_load_state()
    assert page.locator("article h1").first.is_visible()
    assert active_tab(page) == "Guide"  # its tab shows while one of its pages is open
    visit.close()


def test_404_page_helps(browser, site_url):
    visit = tab(browser, site_url, PHONE, "light")
    page = visit.page
    response = page.goto(site_url + "papers/no-such-paper/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    links = page.locator("ul.ps-404-links a")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    for wanted in ("papers/", "topics/", "authors/", "years/"):
        assert site_url + wanted in hrefs
    for href in hrefs:
        assert page.request.get(href).ok, href
    shot(page, "404-phone-light")
    page.locator(".ps-404-search").click()
    assert page.locator("dialog.ps-search[open] input").is_visible()  # the site's search (Pagefind)
    assert page.url.endswith("papers/no-such-paper/")  # opened here, not followed
    visit.close()


def test_404_search_button_without_javascript_leads_to_the_list_of_papers(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        assert page.goto(site_url + "no-such-page/").status == 404
        page.locator(".ps-404-search").click()
        page.wait_for_load_state()
        assert page.url == site_url + "papers/"
        assert page.locator("article h1").first.inner_text() == "All papers"
        assert page.locator("ul.ps-papers li.ps-paper").count() > 0  # the plain list, which needs no script
    finally:
        context.close()


# --- recent additions -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def recent_site(tmp_path_factory, posts):
    """The bundled collection with `added` dates set around a fixed build date (SOURCE_DATE_EPOCH)."""
    today = dt.date(2026, 3, 20)
    added = {slug: None for slug in posts}
    chosen = sorted(posts)[:5]
    days_ago = dict(zip(chosen, [0, 3, 6, 12, 40], strict=False))  # three this week, four this month
    root = scratch_collection(tmp_path_factory.mktemp("recent") / "c")
    for slug in posts:
        path = root / "papers" / f"{slug}.md"
        text = re.sub(r"^added: .*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        if slug in days_ago:
            added[slug] = (today - dt.timedelta(days=days_ago[slug])).isoformat()
            text = text.replace("\n---\n", f"\nadded: '{added[slug]}'\n---\n", 1)
        path.write_text(text, encoding="utf-8")
    site = root / "site"
    epoch = str(int(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC).timestamp()))
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        result = build_site(root, site)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}", days_ago
    server.shutdown()
    server.close() if hasattr(server, "close") else server.server_close()


def listed(page) -> list[str]:
    hrefs = page.eval_on_selector_all("ul.ps-papers a.ps-paper__title", "links => links.map(a => a.href)")
    return [re.search(r"papers/([^/]+)/$", href).group(1) for href in hrefs]


BUILT = dt.datetime(2026, 3, 20, 12)  # recent_site's build day (SOURCE_DATE_EPOCH), noon


@pytest.mark.xdist_group("recent-site")  # one worker builds recent_site, once
def test_recent_views_list_papers_added_this_week_and_month(browser, recent_site):
    url, days_ago = recent_site
    visit = tab(browser, url)
    visit.page.clock.set_fixed_time(BUILT)  # the reader looks on the day the site was built
    page = visit.open("")
    newest_first = sorted(days_ago, key=days_ago.get)
    assert listed(page)[:5] == newest_first  # home's latest list: by date added
    added = page.locator("ul.ps-papers li .ps-added time").evaluate_all("times => times.map(t => t.dateTime)")
    assert added[:5] == [(BUILT.date() - dt.timedelta(days=days_ago[s])).isoformat() for s in newest_first]
    assert "this week (3)" in page.locator(".ps-recent-links").inner_text()
    page.locator(".ps-recent-links a", has_text="this week").click()
    page.wait_for_url(re.compile(r"recent/week/$"))
    assert listed(page) == [s for s in newest_first if days_ago[s] < 7]
    shot(page, "recent-week-desktop-light")
    page = visit.open("recent/month/")
    assert listed(page) == [s for s in newest_first if days_ago[s] < 30]
    assert "Mar 20, 2026" in page.locator(".ps-count").inner_text()
    visit.close()


def visible_rows(page) -> list[str]:
    return [slug for slug, shown in zip(listed(page), page.locator("ul.ps-papers > li").evaluate_all(
        "rows => rows.map(r => r.offsetParent !== null)"), strict=True) if shown]


@pytest.mark.xdist_group("recent-site")  # one worker builds recent_site, once
@pytest.mark.parametrize("later", [5, 15, 45])
def test_recent_views_stay_true_on_a_later_day(browser, recent_site, later):
    """The site was built on Mar 20; a reader looks `later` days after: the counts and the recent views are
    those of their day, worked out in the browser from the `added` dates."""
    url, days_ago = recent_site
    visit = tab(browser, url)
    visit.page.clock.set_fixed_time(BUILT + dt.timedelta(days=later))
    today = (BUILT + dt.timedelta(days=later)).date()
    age = {slug: days + later for slug, days in days_ago.items()}  # days since added, on the reader's day
    week = sorted((s for s in age if age[s] < 7), key=age.get)
    month = sorted((s for s in age if age[s] < 30), key=age.get)
    page = visit.open("")
    links = page.locator(".ps-recent-links").inner_text()
    assert f"this week ({len(week)})" in links and f"this month ({len(month)})" in links, links
    assert "as of" not in links  # the build day's counts are said to be so only without JavaScript
    page = visit.open("recent/week/")
    assert visible_rows(page) == week
    count = page.locator(".ps-count").inner_text()
    assert count.startswith(f"{len(week)} paper{'s' * (len(week) != 1)} added from ")
    start = today - dt.timedelta(days=6)
    assert f"{start:%b} {start.day}, {start.year} to {today:%b} {today.day}, {today.year}" in count, count
    assert page.locator("#ps-recent-empty").is_visible() == (not week)
    page = visit.open("recent/month/")
    assert visible_rows(page) == month
    assert page.locator("#ps-recent-empty").is_visible() == (not month)
    if later == 15:
        shot(page, "recent-month-later-desktop-light")
    visit.close()


@pytest.mark.xdist_group("recent-site")  # one worker builds recent_site, once
def test_without_javascript_the_recent_counts_say_which_day_they_are_of(browser, recent_site):
    url, days_ago = recent_site
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        links = page.locator(".ps-recent-links").inner_text()
        assert "this week (3)" in links and "this month (4)" in links and "as of Mar 20, 2026" in links
        page.goto(url + "recent/week/")
        assert "(counted on Mar 20, 2026, when the site was built)" in page.locator(".ps-count").inner_text()
        assert visible_rows(page) == sorted((s for s in days_ago if days_ago[s] < 7), key=days_ago.get)
    finally:
        context.close()


# --- topics, authors and charts -------------------------------------------------------------------

def test_parent_topic_page_includes_its_subtopics_papers(browser, site_url, posts):
    topics = yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))
    child = next(t for t in topics if t.get("parent"))
    parent = child["parent"]
    expected = {s for s, p in posts.items() if parent in p["topics"] or child["id"] in p["topics"]}
    visit = tab(browser, site_url, PHONE, "dark")
    page = visit.open(f"topics/{parent}/")
    assert set(listed(page)) == expected
    assert page.locator(".ps-count__number").inner_text() == str(len(expected))
    page = visit.open(f"topics/{child['id']}/")
    crumbs = page.locator("nav.ps-breadcrumb a").all_inner_texts()
    assert crumbs == ["Topics", next(t["title"] for t in topics if t["id"] == parent)]
    shot(page, "subtopic-phone-dark")
    visit.close()


def test_authors_index_filter_box_and_family_name_order(reader):
    page = reader.open("authors/by-name/")
    names = page.locator("#ps-terms-table tbody tr a").all_inner_texts()
    assert names.index("Aston Zhang") < names.index("Ming Zhong")
    box = page.locator("#ps-term-filter")
    box.focus()
    assert box.evaluate("b => getComputedStyle(b).outlineStyle") != "none"  # a visible focus ring
    box.fill("zhang")
    shown = page.locator("#ps-terms-table tbody tr:not([hidden]) a").all_inner_texts()
    # a word of the name starts with what is typed (test_wide_span.py: other scripts, accents)
    assert shown and all(starts_a_word(name, "zhang") for name in shown)
    assert len(shown) == sum(starts_a_word(name, "zhang") for name in names)
    assert page.locator("#ps-term-filter-status").inner_text() == f"{len(shown)} of {len(names)} match."
    shot(page, f"authors-filter-{reader.mode}")
    box.fill("")
    assert page.locator("#ps-terms-table tbody tr:not([hidden])").count() == len(names)


def test_author_page_marks_them_in_every_byline(browser, site_url, posts):
    slug = max(posts, key=lambda s: len(posts[s]["authors"]))
    name = posts[slug]["authors"][-1]  # folded away in the list rows (beyond the sixth)
    visit = tab(browser, site_url)
    page = visit.open(f"papers/{slug}/")
    page.locator(".ps-byline a.ps-author", has_text=name).click()
    page.wait_for_url(re.compile(r"/authors/[^/]+/$"))
    rows = page.locator("ul.ps-papers li.ps-paper")
    assert rows.count() == sum(name in p["authors"] for p in posts.values())
    for index in range(rows.count()):
        # an author page lists papers as Google Scholar does, the person in bold in each byline
        marked = rows.nth(index).locator("strong.ps-author--self")
        assert marked.count() == 1 and marked.inner_text() == name
        assert marked.is_visible()
        assert marked.evaluate("a => getComputedStyle(a).fontWeight") == "700"
    # their co-authors' pages are a link away, from the bylines
    bylines = page.locator("ul.ps-papers .ps-paper__authors a")
    others = {a for p in posts.values() if name in p["authors"] for a in p["authors"]} - {name}
    assert set(bylines.all_inner_texts()) == others
    shot(page, "author-marked-desktop-light")
    other = bylines.first.inner_text()
    bylines.first.click()
    page.wait_for_url(re.compile(r"/authors/[^/]+/$"))
    assert page.locator("article h1").inner_text() == other
    visit.close()


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b_ = [int(x) / 255 for x in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b_)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_bars_read_well(scheme, browser, site_url):
    visit = tab(browser, site_url, DESKTOP, scheme)
    page = visit.open("years/")
    bar = page.locator("svg.ps-chart--years a.ps-chart__link").last
    fill = bar.locator("rect").evaluate("r => getComputedStyle(r).fill")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert contrast(fill, background) >= 3, (fill, background)  # WCAG's non-text contrast
    label = bar.locator("text").evaluate("t => getComputedStyle(t).fill")
    assert contrast(label, background) >= 4.5, (label, background)
    shot(page, f"years-chart-desktop-{scheme}")
    visit.close()


def test_chart_bars_link_to_their_pages(browser, site_url):
    """The same links in either colour scheme: followed once."""
    visit = tab(browser, site_url, DESKTOP, "dark")
    page = visit.open("years/")
    bar = page.locator("svg.ps-chart--years a.ps-chart__link").last
    year = re.search(r"(\d{4})", bar.get_attribute("aria-label")).group(1)
    bar.locator("rect").click()
    page.wait_for_url(re.compile(rf"/years/{year}/$"))
    page = visit.open("topics/")
    first = page.locator("svg.ps-chart--topics a.ps-chart__link").first
    first.locator("rect").click()
    page.wait_for_url(re.compile(r"/topics/[a-z0-9-]+/$"))
    visit.close()


def test_authors_index_filter_searches_every_author_not_one_page(browser, generated_site_url, generated_collection):
    """300 generated papers, ~1,300 authors: the index is two pages of 1,000; the box finds them all."""
    from papershelf.model.collection import load_collection
    from papershelf.model.identity import slugify

    authors = [t for t in load_collection(generated_collection).taxonomies["authors"].terms.values() if t.count]
    wanted = sorted((t for t in authors if starts_a_word(t.name, "nowak")), key=lambda t: (-t.count, t.name.lower()))
    visit = tab(browser, generated_site_url)
    page = visit.open("authors/")
    assert page.locator(".ps-pager").count() and page.locator("#ps-terms-table tbody tr").count() == 1000
    on_this_page = page.locator("#ps-terms-table tbody tr a").all_inner_texts()
    assert len([t for t in wanted if t.name in on_this_page]) < len(wanted)  # some are on page 2 only
    page.fill("#ps-term-filter", "Nowak")
    page.wait_for_function("n => document.querySelector('#ps-term-filter-status').textContent === n",
                           arg=f"{len(wanted)} of {len(authors)} match.")
    rows = page.eval_on_selector_all("#ps-terms-table tbody tr:not([hidden])", """rows => rows.map(r =>
        [r.querySelector('a').textContent, r.querySelector('a').href, Number(r.cells[1].textContent)])""")
    assert [(name, count) for name, _, count in rows] == [(t.name, t.count) for t in wanted]
    for name, href, _ in rows[:3] + rows[-2:]:
        assert page.request.get(href).ok and href.endswith(f"/authors/{slugify(name)}/")
    page.fill("#ps-term-filter", "")
    page.wait_for_function("() => document.querySelectorAll('#ps-terms-table tbody tr:not([hidden])').length === 1000")
    visit.close()
