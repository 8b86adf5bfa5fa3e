"""Helpers for the browser tests: where Chromium is, viewports, and a tab that records errors."""

from __future__ import annotations

import http.server
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# The bundled site's path on its host (site_url in mkdocs.yml): the 404 page links absolutely, under it.
SITE_PATH = urlsplit(re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                               re.MULTILINE).group(1)).path
TOOLS = Path(os.environ.get("PAPERSHELF_TOOLS") or REPO / ".tools") / "browser" / "node_modules"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SITE_PATH, and its 404.html for a missing page, as GitHub Pages does."""

    def log_message(self, format, *args):
        pass

    def translate_path(self, path):
        if path.startswith(SITE_PATH):
            path = "/" + path[len(SITE_PATH):]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Visit:
    """A browser tab on the local site that records console errors and page errors."""

    def __init__(self, context, site_url: str):
        self.context = context
        self.site_url = site_url
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page = context.new_page()
        # The theme asks Google Fonts for its font; answer such requests here, offline and alike every run.
        # (A pattern, not a Python predicate: Chromium then hands over only those requests, not every one.)
        self.page.route(re.compile("^(?!" + re.escape(site_url) + ")"), self._answer_outside)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self) -> None:
        """Close the tab, leaving its browser context as it found it: no palette or other choice stored."""
        if self.page.url.startswith(self.site_url):
            self.page.evaluate("localStorage.clear(); sessionStorage.clear()")
        self.page.close()

    def _answer_outside(self, route):
        self.outside.append(route.request.url)
        kind = route.request.resource_type
        route.fulfill(status=200, body="", content_type="text/css" if kind == "stylesheet" else "text/plain")

    def open(self, path: str = ""):
        response = self.page.goto(self.site_url + path, wait_until="load")
        assert response is not None and response.ok, path
        return self.page

    def settle(self) -> None:
        """Wait until the page's fonts are in and it has painted once more: the theme's scripts have run.

        (Cheaper than "networkidle", which waits half a second on every page: after `load` a page of
        this site asks for nothing but its favicon.)"""
        self.page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))")


def name_words(name: str) -> list[str]:
    """papershelf.js's nameWords: lower case, accents dropped, split at anything not a letter or digit."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).lower()
    plain = plain.translate(str.maketrans({"ł": "l", "ø": "o"}))
    return [word for word in re.split(r"[\W_]+", plain) if word]


def starts_a_word(name: str, typed: str) -> bool:
    return all(any(word.startswith(part) for word in name_words(name)) for part in name_words(typed))
