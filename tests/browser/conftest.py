"""Headless Chromium (Debian's, never a downloaded one) driving the real bundled site over HTTP."""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, SITE_PATH, QuietHandler, Visit

from sitebuild import REPO, build_site

GENERATED_PAPERS = 300  # ~1,300 authors: families shared by dozens, an author of 20 papers; two authors index pages


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


def shared_folder(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run sees (as tests/conftest.py's, which this module's name hides)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


class RootHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def generated_site_url(tmp_path_factory):
    """A benchmarks/generate.py collection of GENERATED_PAPERS papers (seed 1), built once per run (the
    first worker to need it builds it) and served from the root of 127.0.0.1."""
    folder = shared_folder(tmp_path_factory) / "generated"
    folder.mkdir(exist_ok=True)
    site, built = folder / "site", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            sys.path.insert(0, str(REPO / "benchmarks"))
            from generate import write_collection

            shutil.rmtree(folder / "collection", ignore_errors=True)
            root = write_collection(folder / "collection", GENERATED_PAPERS)
            result = build_site(root, site)
            assert result.returncode == 0, result.stderr
            built.touch()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RootHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def generated_collection(generated_site_url, tmp_path_factory) -> Path:
    """The generated collection's folder (papers/, topics.yml) behind generated_site_url."""
    return shared_folder(tmp_path_factory) / "generated" / "collection"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip(f"Debian chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
