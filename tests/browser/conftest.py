"""Headless Chromium (Debian's, never a downloaded one) driving the real bundled site over HTTP."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, SITE_PATH, QuietHandler, Visit


@pytest.fixture(scope="session")
def site_url(bundled_site: Path):
    """The bundled site served from 127.0.0.1 on a free port under its path of site_url, for the whole session."""
    handler = functools.partial(QuietHandler, directory=str(bundled_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()


class RootHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def generated_site_url(generated_site):
    """The generated collection's site (tests/conftest.py) served from the root of 127.0.0.1."""
    site, _ = generated_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RootHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def generated_collection(generated_site) -> Path:
    """The generated collection's folder (papers/, topics.yml) behind generated_site_url."""
    return generated_site[1]


# One desktop and one phone context for the whole run: a new tab in a warm context (its HTTP and script
# caches filled) opens a page faster than a new context. Each test gets its own tab; closing it clears
# what the site stored (the palette choice), so no test sees another's state.
@pytest.fixture(scope="session")
def desktop_context(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone_context(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def visit(desktop_context, site_url):
    tab = Visit(desktop_context, site_url)
    yield tab
    tab.close()


@pytest.fixture
def first_visit(browser, site_url):
    """A tab in a context of its own, as a reader's first visit: nothing cached yet."""
    context = browser.new_context(viewport=DESKTOP)
    yield Visit(context, site_url)
    context.close()


@pytest.fixture
def clipboard_visit(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    yield Visit(context, site_url)
    context.close()


@pytest.fixture
def phone_visit(phone_context, site_url):
    tab = Visit(phone_context, site_url)
    yield tab
    tab.close()
