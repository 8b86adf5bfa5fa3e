"""Many small pages from one theme render: a page shell filled in by string substitution.

A site of 10,000 papers has ~40,000 author pages. Running each through MkDocs'
page pipeline (Markdown, plugin events, the theme's Jinja templates, the search
index) costs ~5 ms a page, more than the rest of the site together. Pages in
one folder differ, in the theme's output, only in their URL, title,
description and content: so the theme renders one shell per folder, with
placeholders, and each page is that shell with its own (escaped) values.
Such pages are not in the search index, the sitemap, or other plugins' page
events.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable

from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from papershelf.site import SitePage

TITLE = "zzpapershelfshelltitlezz"
DESCRIPTION = "zzpapershelfshelldescriptionzz"
CONTENT = "<h1>zzpapershelfshellcontentzz</h1>"  # an <h1>, as in real content, so the theme adds none
URL_SEGMENT = "zzpapershelfshellurlzz"


class PageShell:
    """The theme's HTML for the pages of one folder, split around the placeholders."""

    def __init__(self, html: str, shell_url: str):
        for token in (TITLE, CONTENT):
            if token not in html:
                raise PluginError(f"papershelf: the theme's page has no place for the page's {token[14:-2]}")
        tokens = (TITLE, DESCRIPTION, CONTENT, shell_url)
        self.parts = re.split("(" + "|".join(map(re.escape, tokens)) + ")", html)
        self.shell_url = shell_url
        if any("zzpapershelfshell" in part for part in self.parts[::2]):
            raise PluginError("papershelf: the theme uses a page's URL in a way page shells cannot fill in")

    def fill(self, url: str, title: str, description: str, content: str) -> str:
        values = {TITLE: str(escape(title)), DESCRIPTION: str(escape(description)), CONTENT: content,
                  self.shell_url: url}
        return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(self.parts))


def render_shell(folder: str, config, env, nav, files: Files) -> PageShell:
    """The theme's page for a page in `folder` ("authors/") and in no nav, as MkDocs' build renders it.

    Pages in one folder share a shell, so links the theme makes relative (`../`) are as MkDocs makes them.
    """
    file = File.generated(config, f"{folder}{URL_SEGMENT}.md", content="")
    page = Page(None, file, config)
    page.markdown, page.content, page.toc = "", CONTENT, get_toc([])
    page.meta = {"title": TITLE, "description": DESCRIPTION}
    page.edit_url = None
    page.active = True
    try:
        context = get_context(nav, files.documentation_pages(), config, page)
        html = env.get_template("main.html").render(context)
    finally:
        page.active = False
    return PageShell(html, file.url)


def write_shell_pages(pages: Iterable[SitePage], config, env, nav, files: Files) -> int:
    """Write each page as `<site_dir>/<url>/index.html`; returns how many were written."""
    by_folder: dict[str, list[SitePage]] = defaultdict(list)
    for page in pages:
        by_folder[page.url[: page.url.rstrip("/").rfind("/") + 1]].append(page)
    written = 0
    for folder, group in sorted(by_folder.items()):
        shell = render_shell(folder, config, env, nav, files)
        for page in group:
            html = shell.fill(page.url, page.title, page.description, page.render())
            folder = os.path.join(config.site_dir, page.url)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "index.html"), "wb") as handle:
                handle.write(html.encode("utf-8", errors="xmlcharrefreplace"))
            written += 1
    return written
