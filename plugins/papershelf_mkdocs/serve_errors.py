"""`serve` shows a failed rebuild in the browser, and recovers on the next save.

MkDocs' live-reload server, when a rebuild fails, logs "the server will appear
stuck until build errors are resolved": browsers keep the old page and wait. Here
the server's builder is wrapped: a failed rebuild is remembered and counts as a
rebuild, so browsers reload, and every page they ask for is an error page naming
the file, line and problem (with MkDocs' live-reload script, so the next good
rebuild reloads it into the site again). Files other than pages are served as before.

This reaches into MkDocs 1.6's LiveReloadServer (`builder`, `_serve_request`,
`_inject_js_into_html`, `_epoch_cond`, `_visible_epoch`); pyproject.toml bounds
MkDocs below 2, and tests/test_serve.py drives it in Chromium.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.papershelf")

DIRTY_WARNING = "A 'dirty' build is being performed"
PAGE = re.compile(r"(?:/|\.html)$")


class DropDirtyWarning(logging.Filter):
    """`papershelf serve` keeps the site folder between rebuilds on purpose: the plugin removes pages that
    are gone and rebuilds every page an edit changes (site/preview.py), so MkDocs' warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


DROP_DIRTY_WARNING = DropDirtyWarning()


def drop_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if DROP_DIRTY_WARNING not in logger.filters:
        logger.addFilter(DROP_DIRTY_WARNING)


def error_page(message: str) -> bytes:
    """A whole HTML page showing a build error; every character of `message` escaped."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed – papershelf</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}}
pre{{background:#fff3f3;border-left:4px solid #c62828;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere}}
h1{{color:#c62828;font-size:1.5rem}}</style></head>
<body><main id="papershelf-build-error"><h1>The site could not be rebuilt</h1>
<pre>{html.escape(message)}</pre>
<p>Fix the file and save it: this page reloads by itself once the site builds again.</p></main></body></html>
""".encode()


class ErrorPages:
    """The wrapped server's state: the last rebuild's error, or None once a rebuild succeeds."""

    def __init__(self, server: LiveReloadServer, builder: Callable[..., None]):
        self.server = server
        self.builder = builder
        self.error: str | None = None
        self.reported: str | None = None  # set by the plugin's on_build_error: the message MkDocs' Abort drops
        self.serve_request = server._serve_request
        server.builder = self.build
        setattr(server, "_serve_request", self.serve)  # noqa: B010 - replaces the method on this one server

    def build(self, *args: Any, **kwargs: Any) -> None:
        self.reported = None
        try:
            self.builder(*args, **kwargs)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure of a rebuild is shown, as MkDocs logs it
            self.error = self.reported or str(error) or type(error).__name__
            # MkDocs has logged a plugin's error already (the message `reported` holds); anything else, here
            shown = "" if self.reported else f":\n{self.error}"
            log.error(f"papershelf: the rebuild failed; browsers show the error until a save fixes it{shown}")
            return  # the server then counts it as a rebuild: browsers reload, and see the error page
        self.error = None

    def serve(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO", "")
        error = self.error
        if error is None or path.startswith("/livereload/") or not PAGE.search(path):
            return self.serve_request(environ, start_response)
        with self.server._epoch_cond:
            epoch = self.server._visible_epoch
        content: bytes = self.server._inject_js_into_html(error_page(error), epoch)  # type: ignore[no-untyped-call]
        start_response("500 Internal Server Error",
                       [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))])
        return [content]
