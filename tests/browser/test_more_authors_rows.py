"""The list's script draws a paper of `more_authors` as the page does: "(more authors not yet recorded)", never a
number (tests/test_more_authors.py builds the same collection and reads the HTML the build writes)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from browsing import QuietHandler, Visit

from test_more_authors import SIMPLEVLA
from test_more_authors import collection as collection  # noqa: F401  (the module's fixtures, used here)
from test_more_authors import site as site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("more-authors-site")]


@pytest.fixture(scope="module")
def served(site):  # noqa: F811
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_scripts_rows_say_more_authors_and_sort_them_after_their_names(browser, served):
    context = browser.new_context()
    visit = Visit(context, served)
    page = visit.page
    page.goto(served + "papers/")
    drawn_by_page = page.locator(f'#ps-all-papers li:has(a[href$="{SIMPLEVLA}/"]) .ps-paper__authors').inner_text()
    page.goto(served + "papers/?sort=authors")
    page.wait_for_function("document.querySelector('#ps-filter-status').textContent.startsWith('Showing')")
    row = page.locator(f'#ps-all-papers li:has(a[href$="{SIMPLEVLA}/"]) .ps-paper__authors')
    assert row.inner_text() == drawn_by_page and row.inner_text().endswith("(more authors not yet recorded)")
    titles = page.eval_on_selector_all("#ps-all-papers .ps-paper__title", "links => links.map(a => a.textContent)")
    assert titles[0].startswith("SimpleVLA-RL")  # ten names and more: the most authors of the three
    visit.close()
    context.close()
    assert visit.errors == []
