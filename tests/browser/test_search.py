"""Site search (Pagefind, built from the collection) in a real browser, on the bundled site."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml
from browsing import DESKTOP, PHONE

from sitebuild import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def papers() -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in sorted((REPO / "papers").glob("*.md"))}


def requests_of(visit) -> list[str]:
    seen: list[str] = []
    visit.page.on("request", lambda request: seen.append(request.url))
    return seen


def open_search(page, keys: str = "/") -> None:
    page.locator("body").press(keys)
    page.wait_for_selector("dialog.ps-search[open] input:focus")


# The results have settled: they answer the query in the box (not one typed before it, which a machine too busy
# to run the search 120 ms after the last key would still show), the status gives their number and every result
# the list shows yet is in it (a page of 10 at first, 10 more for each "More results").
SETTLED = """shown => {
    const input = document.querySelector('dialog.ps-search input');
    if (input.value.trim() && document.querySelector('dialog.ps-search ol').dataset.query !== input.value) return false;
    const status = document.querySelector('.ps-search__status').textContent;
    if (/^No results/.test(status)) return true;
    const match = /^(\\d+) results?\\.$/.exec(status);
    return match !== null && document.querySelectorAll('.ps-search__result').length === Math.min(+match[1], shown);
}"""
READ_RESULTS = """items => items.map(li => ({
    url: li.querySelector('a').href, kind: li.querySelector('.ps-search__kind').textContent,
    title: li.querySelector('.ps-search__title').textContent,
    facts: (li.querySelector('.ps-search__facts') || {}).textContent || '',
    snippet: (li.querySelector('.ps-search__snippet') || {}).innerHTML || ''}))"""


def search(page, query: str, every: bool = False) -> list[dict]:
    """Type `query` into the open search; the results shown once they settle: url, kind, title, facts.

    `every`: all of them, pressing "More results" while it shows."""
    box = page.locator("dialog.ps-search input")
    box.fill("")
    box.press_sequentially(query)  # a key at a time, as a reader types
    shown = 10
    settle(page, shown)
    while every and page.locator(".ps-search__more").is_visible():
        page.locator(".ps-search__more").click()
        shown += 10
        page.wait_for_function(SETTLED, arg=shown, timeout=20_000)
    return settle(page, shown)


def settle(page, shown: int) -> list[dict]:
    """The results, once settled for the whole query: if the machine paused between two keys longer
    than the search waits (120 ms), results for the query typed so far come first; read again after
    that long until nothing changes."""
    page.wait_for_function(SETTLED, arg=shown, timeout=20_000)
    results, previous = page.eval_on_selector_all(".ps-search__result", READ_RESULTS), None
    while results != previous:
        previous = results
        page.wait_for_timeout(150)
        page.wait_for_function(SETTLED, arg=shown, timeout=20_000)
        results = page.eval_on_selector_all(".ps-search__result", READ_RESULTS)
    return results


SITE_PATHS: list[str] = []  # the path the site is served under ("/" or a sub-path, as on GitHub Pages)


def path_of(url: str) -> str:
    """A result's page, relative to the site root."""
    path = urlsplit(url).path
    base = SITE_PATHS[0] if SITE_PATHS else "/"
    return path[len(base):] if path.startswith(base) else path.lstrip("/")


@pytest.fixture(autouse=True)
def site_path(site_url):
    SITE_PATHS[:] = [urlsplit(site_url).path]


def test_search_loads_nothing_until_opened_and_asks_no_other_host(first_visit, papers):
    visit = first_visit
    seen = requests_of(visit)
    page = visit.open("papers/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in seen if "/pagefind/" in url or "search_index" in url or "sitemap" in url]
    before = len(seen)
    open_search(page)
    slug = sorted(papers)[0]
    results = search(page, papers[slug]["title"])
    assert path_of(results[0]["url"]) == f"papers/{slug}/"
    searching = seen[before:]
    assert any("/pagefind/" in url for url in searching)
    assert {urlsplit(url).hostname for url in searching} == {"127.0.0.1"}, searching
    # before: only the theme's repository stats (repo_url) leave the site
    assert {urlsplit(url).hostname for url in visit.outside} <= {"api.github.com"}
    assert visit.errors == []


@pytest.mark.smoke
def test_a_title_word_finds_the_paper_with_authors_date_topics_and_a_highlighted_snippet(visit, papers):
    slug = sorted(papers)[3]
    paper = papers[slug]
    word = max(re.findall(r"[A-Za-z]{6,}", paper["title"]), key=lambda w: (len(w), w))
    page = visit.open()
    open_search(page)
    results = search(page, word)
    found = {path_of(result["url"]): result for result in results}
    assert f"papers/{slug}/" in found, (word, [r["title"] for r in results])
    result = found[f"papers/{slug}/"]
    assert result["kind"] == "Paper" and result["title"] == paper["title"]
    assert paper["authors"][0] in result["facts"]
    assert str(paper["date"])[:4] in result["facts"]
    snippet = result["snippet"]
    assert "<mark>" in snippet and len(re.sub("<[^>]+>", "", snippet).split()) <= 40
    # opening it
    page.locator(".ps-search__result a").nth(list(found).index(f"papers/{slug}/")).click()
    page.wait_for_url(re.compile(rf"/papers/{slug}/"))
    assert page.locator("article h1").first.inner_text() == paper["title"]


def test_an_arxiv_id_finds_its_paper_first(visit, papers):
    slug, paper = next((s, p) for s, p in papers.items() if p.get("arxiv"))
    page = visit.open()
    open_search(page, "Control+k")
    results = search(page, str(paper["arxiv"]))
    assert path_of(results[0]["url"]) == f"papers/{slug}/"


def test_an_authors_name_finds_their_page_and_papers(visit, papers):
    counts = Counter(name for post in papers.values() for name in post["authors"])
    name = counts.most_common(1)[0][0]
    page = visit.open()
    open_search(page)
    results = search(page, name)
    kinds = {path_of(result["url"]): result["kind"] for result in results}
    author_pages = [url for url, kind in kinds.items() if kind == "Author"]
    assert author_pages and all(url.startswith("authors/") for url in author_pages)
    # authors are indexed fifty to a record (search.py): the result is the one whose name was searched
    author = next(result for result in results if result["kind"] == "Author")
    assert author["title"] == name
    assert author["facts"] == f"Author · {counts[name]} paper{'s' * (counts[name] != 1)}"
    page.goto(visit.site_url + author_pages[0])
    assert page.locator("article h1").first.inner_text() == name
    theirs = {f"papers/{s}/" for s, p in papers.items() if name in p["authors"]}
    assert theirs <= set(kinds)


def test_a_family_name_lists_every_author_of_that_name(visit, papers):
    """Authors sharing a name are sections of a few records: each record's best match is a result and
    the others that match are linked under it ("Also: …"), each to their own page."""
    people = {name for post in papers.values() for name in post["authors"]}

    def named(word: str) -> set[str]:  # Pagefind matches the start of a word: "Sun" finds "Sunnie" too
        return {name for name in people if any(w.startswith(word.lower()) for w in re.split(r"\W+", name.lower()))}

    families = {name.split()[-1] for name in people}
    family = max((f for f in families if len(named(f)) <= 6), key=lambda f: (len(named(f)), f))  # 5 "Also" at most
    assert len(named(family)) >= 3
    page = visit.open()
    open_search(page)
    results = search(page, family, every=True)
    links = page.eval_on_selector_all(
        ".ps-search__result--author a", "links => links.map(a => [a.textContent.replace(/^Author/, ''), a.href])")
    assert {title for title, _ in links} == named(family)
    for title, url in links:
        assert path_of(url).startswith("authors/")
        page.goto(url)
        assert page.locator("article h1").first.inner_text() == title
    assert [result["kind"] for result in results].count("Author") < len(named(family))  # some under "Also"


def test_a_year_finds_its_page_with_its_count(visit, papers):
    """Every taxonomy's terms are searchable, labelled with the taxonomy's singular."""
    years = Counter(str(post["date"])[:4] for post in papers.values())
    year, count = years.most_common(1)[0]
    page = visit.open()
    open_search(page)
    results = search(page, year, every=True)
    found = [result for result in results if result["kind"] == "Year"]
    assert [(path_of(r["url"]), r["title"], r["facts"]) for r in found] == [
        (f"years/{year}/", year, f"Year · {count} paper{'s' * (count != 1)}")]


def test_guide_pages_come_after_papers_authors_and_topics(visit):
    page = visit.open()
    open_search(page)
    results = search(page, "arXiv", every=True)
    kinds = [result["kind"] for result in results]
    assert "Guide" in kinds and kinds[0] != "Guide"
    assert kinds == sorted(kinds, key=lambda kind: kind == "Guide")


def test_search_on_a_phone_in_the_dark_palette(phone_visit, papers):
    page = phone_visit.open()
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator(".ps-palette").click()
    page.wait_for_function(f"getComputedStyle(document.body).backgroundColor !== {light!r}")
    page.locator(".ps-search-button").click()
    page.wait_for_selector("dialog.ps-search[open]")
    results = search(page, papers[sorted(papers)[0]]["title"].split()[0])
    assert results
    box = page.locator("dialog.ps-search").bounding_box()
    assert box["width"] >= PHONE["width"] - 1 and box["x"] <= 0.5
    assert page.evaluate("getComputedStyle(document.querySelector('dialog.ps-search')).backgroundColor") != light
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.keyboard.press("Escape")
    assert not page.locator("dialog.ps-search[open]").count()
    assert phone_visit.errors == []


# --- people and topics first ----------------------------------------------------------------------

def family_of(name: str) -> str:
    return name.split()[-1]


def test_an_authors_full_name_puts_that_author_first(visit, papers):
    counts = Counter(name for post in papers.values() for name in set(post["authors"]))
    page = visit.open()
    open_search(page)
    for name in [name for name, count in counts.most_common() if count > 1][:3] + ["Neel Nanda"]:
        first = search(page, name)[0]
        assert (first["kind"], first["title"]) == ("Author", name), (name, first)
        assert first["facts"] == f"Author · {counts[name]} paper{'s' * (counts[name] != 1)}"


def test_a_family_name_puts_the_author_of_that_family_with_most_papers_first(visit, papers):
    """"Zhang": fifteen people of that family name, two papers by one of them, and "Zhang" in many
    papers' bylines; the first result is that author (before this, #12), not a paper or a given name."""
    counts = Counter(name for post in papers.values() for name in set(post["authors"]))
    family = "Zhang"
    of_family = {name: count for name, count in counts.items() if family_of(name) == family}
    assert len(of_family) >= 10
    page = visit.open()
    open_search(page)
    results = search(page, family)
    assert results[0]["kind"] == "Author" and family_of(results[0]["title"]) == family
    assert of_family[results[0]["title"]] == max(of_family.values())
    people = [result for result in results if result["kind"] == "Author"]
    leading = results[:len(people)]  # every author result comes before the first paper
    assert leading == people
    assert all(family_of(result["title"]) == family for result in people)


def test_a_topics_name_puts_that_topic_first(visit):
    topics = yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))
    page = visit.open()
    open_search(page)
    for topic in topics[:4]:
        first = search(page, topic["title"])[0]
        assert (first["kind"], first["title"]) == ("Topic", topic["title"]), (topic["title"], first)
        assert path_of(first["url"]) == f"topics/{topic['id']}/"


def test_an_identifier_puts_its_paper_before_any_guide_page(visit, papers):
    """Guide pages that mention an arXiv id (docs/ quote some) never come before the paper that has it."""
    page = visit.open()
    open_search(page)
    for slug, post in list(papers.items())[:6]:
        results = search(page, str(post["arxiv"]), every=True)
        assert path_of(results[0]["url"]) == f"papers/{slug}/", (post["arxiv"], results[:3])
        kinds = [result["kind"] for result in results]
        assert kinds == sorted(kinds, key=lambda kind: kind == "Guide")


def test_snippets_keep_authors_topics_and_identifiers_apart_and_guides_show_no_pilcrow(visit, papers):
    slug, post = next((s, p) for s, p in papers.items() if len(p["authors"]) >= 3 and p.get("arxiv"))
    page = visit.open()
    open_search(page)
    results = search(page, post["authors"][-1])
    paper = next(result for result in results if path_of(result["url"]) == f"papers/{slug}/")
    text = re.sub("<[^>]+>", "", paper["snippet"])
    assert f"{post['authors'][-2]}, {post['authors'][-1]} · " in text, text  # names by commas, then " · "
    identifier = search(page, str(post["arxiv"]))[0]
    assert f" · arXiv {post['arxiv']}" in re.sub("<[^>]+>", "", identifier["snippet"])
    guides = [result for result in search(page, "configuration", every=True) if result["kind"] == "Guide"]
    assert guides and not [result for result in guides if "¶" in result["snippet"]]


def test_results_line_up_with_the_status_line_not_indented_by_the_theme(visit):
    page = visit.open()
    open_search(page)
    search(page, "interpretability")
    left = page.evaluate("""() => ({
        status: document.querySelector('.ps-search__status').getBoundingClientRect().left,
        result: document.querySelector('.ps-search__result').getBoundingClientRect().left,
        link: document.querySelector('.ps-search__result a').getBoundingClientRect().left})""")
    assert abs(left["result"] - left["status"]) <= 1 and abs(left["link"] - left["status"]) <= 1, left


def test_on_a_generated_collection_a_prolific_authors_family_name_finds_them_first(browser, generated_site_url,
                                                                                     generated_collection):
    """300 generated papers: the prolific authors are in dozens of bylines each, and their double family
    names ("Wu-Yang") are shared parts of many others' ("Wu-Nakamura"). Before, the author result was
    #43 of 47 for "Andersen-Nowak" at 1,000 papers, behind every paper that names them."""
    from papershelf.model.collection import load_collection

    authors = load_collection(generated_collection).taxonomies["authors"]
    prolific = sorted(authors.terms.values(), key=lambda term: (-term.count, term.name))[:3]
    assert prolific[0].count >= 15
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(generated_site_url)
        open_search(page)
        for term in prolific:
            family = term.name.split()[-1]
            for query in (family, term.name):
                results = search(page, query)
                assert (results[0]["kind"], results[0]["title"]) == ("Author", term.name), (query, results[:2])
                assert results[0]["facts"] == f"Author · {term.count} papers"
        # a part of a double family name finds the author of that family with the most papers
        part = prolific[0].name.split()[-1].split("-")[-1]
        results = search(page, part)
        named = [t for t in authors.terms.values() if part in t.name.split()[-1].split("-")]
        assert results[0]["kind"] == "Author" and results[0]["title"] in {t.name for t in named}
        assert authors.terms[next(t.key for t in named if t.name == results[0]["title"])].count == max(
            t.count for t in named)
    finally:
        context.close()


@pytest.fixture(scope="module")
def parted_site_url(bundled_site, tmp_path_factory):
    """The bundled site with its papers' index rewritten in parts of 10 papers (search.py's PART_PAPERS is
    4,000: a site of 10,000 papers has 3 parts), served as the bundled one is."""
    import functools
    import http.server
    import shutil
    import threading

    from browsing import SITE_PATH, QuietHandler

    from papershelf.model.collection import load_collection
    from papershelf.site.search import PARTS_LIST, SEARCH_FOLDER, TERMS_FOLDER, SearchIndexer, paper_records

    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(bundled_site, site, ignore=shutil.ignore_patterns(SEARCH_FOLDER))
    shutil.copytree(bundled_site / SEARCH_FOLDER / TERMS_FOLDER, site / SEARCH_FOLDER / TERMS_FOLDER)
    indexer = SearchIndexer(part_papers=10)
    indexer.add(paper_records(load_collection(REPO)))
    indexer.write(site)
    parts = json.loads((site / SEARCH_FOLDER / PARTS_LIST).read_text(encoding="utf-8"))["parts"]
    assert len(parts) == -(-len(list((REPO / "papers").glob("*.md"))) // 10) - 1 >= 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}", site, parts
    server.shutdown()
    server.server_close()


def test_an_index_in_parts_finds_every_part_s_papers_and_ranks_them_as_one(desktop_context, parted_site_url,
                                                                            site_url, papers):
    """A paper's arXiv id finds it first, whichever part holds it (one paper of each part); a query's results
    are the one index's, in the same order."""
    from browsing import Visit

    url, site, parts = parted_site_url
    in_part = {record["url"].strip("/"): part for part in ["", *parts]
               for record in pagefind_fragments(site / "pagefind" / part)}
    tab, whole = Visit(desktop_context, url), Visit(desktop_context, site_url)
    try:
        page = tab.open()
        open_search(page)
        one_a_part: dict[str, tuple[str, str]] = {}  # part -> (slug, arXiv id) of its first paper with one
        for slug, post in papers.items():
            if post.get("arxiv"):
                one_a_part.setdefault(in_part[f"papers/{slug}"], (slug, str(post["arxiv"])))
        assert set(one_a_part) == {"", *parts}  # a paper of every part
        for slug, arxiv in one_a_part.values():
            assert path_of(search(page, arxiv)[0]["url"]) == f"papers/{slug}/", slug
        parted = search(page, "sparse autoencoders", every=True)
        whole_page = whole.open()
        open_search(whole_page)
        one = search(whole_page, "sparse autoencoders", every=True)
        parted_urls, one_urls = ([r["url"].split("/", 3)[3] for r in found] for found in (parted, one))
        # every result of the one index, in its order; parts of 10 papers weigh a word by their own 10 papers,
        # and may let through a weak match more (parts of 4,000 are alike)
        assert [url for url in parted_urls if url in one_urls] == one_urls, (parted_urls, one_urls)
        assert len(parted_urls) <= len(one_urls) + 2
        assert [r["kind"] for r in parted[:3]] == [r["kind"] for r in one[:3]]
        assert tab.errors == []
    finally:
        tab.close()
        whole.close()


def pagefind_fragments(folder) -> list[dict]:
    import gzip

    return [json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            for path in sorted((folder / "fragment").iterdir())]


def test_a_number_lists_no_person_topic_or_year_whose_name_lacks_it(visit):
    """A query of digits (a DOI's "10.", a page count) matches the paper counts under every term ("1 paper"):
    the people, topics and years listed are only those whose name or description has a query word."""
    page = visit.open()
    open_search(page)
    for query in ("1", "2 papers"):
        terms = [result for result in search(page, query, every=True)
                 if result["kind"] in ("Author", "Topic", "Year")]
        words = query.split()
        assert all(any(word in re.split(r"\W+", result["title"].lower()) or result["snippet"] and word in
                       result["snippet"].lower() for word in words if word != "papers") for result in terms), \
            (query, terms[:5])


def test_a_word_lists_no_person_whose_initial_only_begins_it(visit):
    """Pagefind matches a record of names for a query that an initial of one of them begins ("hypothesis" and
    H. V. Jagadish, "verify" and his V.): no such person is listed, before or after the papers."""
    page = visit.open()
    open_search(page)
    for query in ("hypothesis", "verify", "pavlovian"):
        people = [result for result in search(page, query, every=True) if result["kind"] == "Author"]
        assert all(any(word.startswith(query) for word in re.split(r"\W+", person["title"].lower()))
                   for person in people), (query, people[:5])
