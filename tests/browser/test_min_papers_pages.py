"""With the authors' `min_papers: 2`, the rows the list's script draws and the authors index's filter box name an
author of one paper without a link, and every link they make is a page of the site (tests/test_min_papers.py
reads the HTML the build writes)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections import Counter
from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml
from browsing import QuietHandler, Visit

from sitebuild import REPO, build_site

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import write_collection  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("min-papers-site")]
OPTIONS = {"papers_per_page": 20, "terms_per_page": 50, "taxonomies": [
    {"name": "authors", "orders": ["count", "name"], "searchable": False, "rows": "brief", "min_papers": 2}]}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("min-papers")
    write_collection(root, 150, 3, "real")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"papershelf": OPTIONS}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    counts = Counter(name for path in (root / "papers").glob("*.md") for name in frontmatter.load(path)["authors"])
    yield f"http://127.0.0.1:{server.server_address[1]}/", root / "site", counts
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, served):
    context = browser.new_context()
    visit = Visit(context, served[0])
    yield visit.page
    visit.close()
    context.close()
    assert visit.errors == []


def test_rows_drawn_by_the_script_name_authors_of_one_paper_without_a_link(page, served):
    url, site, counts = served
    page.goto(url + "papers/?sort=date-asc")
    page.wait_for_function("document.querySelector('#ps-filter-status').textContent.startsWith('Showing')")
    bylines = page.eval_on_selector_all("#ps-all-papers .ps-paper__authors", "spans => spans.map(s => s.textContent)")
    linked = page.eval_on_selector_all("#ps-all-papers .ps-paper__authors a", "links => links.map(a => a.textContent)")
    named = {name.strip() for byline in bylines for name in byline.split(",")}
    assert {name for name in named if counts[name] == 1} and not {name for name in linked if counts[name] == 1}
    assert {name for name in linked} and all(counts[name] >= 2 for name in linked)
    hrefs = page.eval_on_selector_all("#ps-all-papers li.ps-paper a", "links => links.map(a => a.href)")
    for href in (href for href in hrefs if href.startswith(url)):  # every page link the script made exists
        assert (site / urlsplit(href).path.lstrip("/") / "index.html").is_file(), href


def test_the_authors_index_filter_names_every_author_and_links_those_with_a_page(page, served):
    url, _, counts = served
    lone = next(name for name, count in sorted(counts.items()) if count == 1 and name.isascii())
    page.goto(url + "authors/page/2/")  # a paged index: the box searches names.json, every author
    page.fill("#ps-term-filter", lone)
    page.wait_for_function("document.querySelector('#ps-term-filter-status').textContent.includes('match')")
    cells = page.eval_on_selector_all("#ps-terms-table tbody tr td:first-child",
                                      "cells => cells.map(c => [c.textContent, c.querySelector('a') !== null])")
    assert [lone, False] in cells
    assert all(linked == (counts[name] >= 2) for name, linked in cells if name in counts)
