"""Helpers for the browser tests: where Chromium is, viewports, and a tab that records errors."""

from __future__ import annotations

import http.server

from sitebuild import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Visit:
    """A browser tab on the local site that records console errors and page errors."""

    def __init__(self, context, site_url: str):
        self.context = context
        self.site_url = site_url
        self.errors: list[str] = []
        self.outside: list[str] = []
        # The theme asks Google Fonts for its font; answer such requests here, offline and alike every run.
        context.route(lambda url: not url.startswith(site_url), self._answer_outside)
        self.page = context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _answer_outside(self, route):
        self.outside.append(route.request.url)
        kind = route.request.resource_type
        route.fulfill(status=200, body="", content_type="text/css" if kind == "stylesheet" else "text/plain")

    def open(self, path: str = ""):
        response = self.page.goto(self.site_url + path, wait_until="load")
        assert response is not None and response.ok, path
        return self.page
