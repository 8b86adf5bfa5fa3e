"""Many small pages from one theme render: a page shell filled in by string substitution.

A site of 10,000 papers has ~40,000 author pages. Running each through MkDocs'
page pipeline (Markdown, plugin events, the theme's Jinja templates, the search
index) costs ~5 ms a page, more than the rest of the site together. Pages in
one folder differ, in the theme's output, only in their URL, title,
description, content and "edit this page" link: so the theme renders one
shell per folder, with placeholders, and each page is that shell with its own
(escaped) values. Only pages a site search gains nothing from are written so
(`SitePage.searchable` false: author pages, the second and later pages of a
list); they are not seen by other plugins' page events, the search index or
the sitemap. Paper, topic and year pages, the indexes and the first page of
every list are MkDocs pages (docs/customizing.md, "Other plugins").

Paper, topic and year pages go through every MkDocs page event, but where no
other plugin has changed one but for its content, and none handles
on_page_context, its theme render too is its folder's shell filled in
(`ShellsOfPages`): the same page, at a tenth of the cost.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterable

from jinja2 import Environment
from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from papershelf.model.routes import folder_of
from papershelf.site.plan import SitePage

from .slim import collapse_whitespace

TITLE = "zzpapershelfshelltitlezz"
DESCRIPTION = "zzpapershelfshelldescriptionzz"
CONTENT = "<h1>zzpapershelfshellcontentzz</h1>"  # an <h1>, as in real content, so the theme adds none
URL_SEGMENT = "zzpapershelfshellurlzz"
SOURCE = "zzpapershelfshellsourcezz"  # the page's source file, within its "edit this page" URL
HEAD = "<meta name=zzpapershelfshellheadzz>"  # what the page adds to <head> (main.html prints page.meta.ps_head)


class PageShell:
    """The theme's HTML for the pages of one folder, split around the placeholders."""

    def __init__(self, html: str, shell_url: str):
        for token, what in ((TITLE, "title"), (CONTENT, "content")):
            if token not in html:
                raise PluginError(f"papershelf: the theme's page has no place for the page's {what}")
        tokens = (TITLE, DESCRIPTION, CONTENT, SOURCE, HEAD, shell_url)
        self.parts = re.split("(" + "|".join(map(re.escape, tokens)) + ")", html)
        self.shell_url = shell_url
        if any("zzpapershelfshell" in part for part in self.parts[::2]):
            raise PluginError("papershelf: the theme uses a page's URL in a way page shells cannot fill in")

    def fill(self, page: SitePage, content: str, head: str = "") -> str:
        """`page` with its rendered `content` and what it adds to <head>."""
        values = {TITLE: str(escape(page.title)), DESCRIPTION: str(escape(page.description)), CONTENT: content,
                  SOURCE: str(escape(page.source or "")), HEAD: head, self.shell_url: page.url}
        return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(self.parts))


def render_shell(folder: str, config: MkDocsConfig, env: Environment, nav: Navigation, files: Files,
                 edit_url: Callable[[str], str | None],
                 template: str = "main.html", kind: str | None = None) -> PageShell:
    """The theme's page for a page in `folder` ("authors/") and in no nav, as MkDocs' build renders it.

    Pages in one folder share a shell, so links the theme makes relative (`../`) are as MkDocs makes them.
    `edit_url(source)` is a page's "edit this page" URL, if it has a source file; `kind` is the
    page's `papershelf_kind` (a paper page's link preview says "article").
    """
    file = File.generated(config, f"{folder}{URL_SEGMENT}.md", content="")
    page = Page(None, file, config)
    page.markdown, page.content, page.toc = "", CONTENT, get_toc([])
    page.meta = {"title": TITLE, "description": DESCRIPTION, "ps_head": HEAD}
    if kind:
        page.meta["papershelf_kind"] = kind
    page.edit_url = edit_url(SOURCE)
    page.active = True
    try:
        context = get_context(nav, files.documentation_pages(), config, page)
        html = collapse_whitespace(env.get_template(template).render(context))
    finally:
        page.active = False
    return PageShell(html, file.url)


Job = tuple[PageShell, SitePage]


class ShellsOfPages:
    """One build's page shells: the theme renders one per folder, source, template and kind, when first needed.

    Pages written from a shell (`shell_jobs`) and MkDocs pages of ours that nothing but their
    title, content and links sets apart (`fill`: such a page still goes through every MkDocs
    page event; only the theme's render of it is its shell's) share them.
    `edit_url(source)` is the "edit this page" URL of a page with that source file.
    """

    def __init__(self, config: MkDocsConfig, env: Environment, nav: Navigation, files: Files,
                 edit_url: Callable[[str], str | None] = lambda source: None) -> None:
        self.config, self.env, self.nav, self.files, self.edit_url = config, env, nav, files, edit_url
        self.shells: dict[tuple[str, bool, str, str], PageShell] = {}

    def shell(self, page: SitePage, template: str) -> PageShell:
        key = (folder_of(page.url), bool(page.source), template, page.kind)
        shell = self.shells.get(key)
        if shell is None:
            edit_url = self.edit_url if page.source else lambda source: None
            shell = self.shells[key] = render_shell(key[0], self.config, self.env, self.nav, self.files, edit_url,
                                                    template, page.kind)
        return shell

    def fill(self, page: SitePage, template: str, content: str, head: str) -> str:
        return self.shell(page, template).fill(page, content, head)


def shell_jobs(pages: Iterable[SitePage], shells: ShellsOfPages,
               template_of: Callable[[SitePage], str] = lambda page: "main.html") -> list[Job]:
    """Each page with the shell it is written from (all rendered now, before a writer is forked);
    `template_of(page)` is the theme template a page is rendered with."""
    return [(shells.shell(page, template_of(page)), page) for page in pages]


def write_pages(jobs: Iterable[Job], site_dir: str) -> int:
    """Write each page as `<site_dir>/<url>/index.html`; returns how many were written."""
    written = 0
    for shell, page in jobs:
        html = shell.fill(page, page.render(), page.head() if page.head else "")
        output = os.path.join(site_dir, page.url)
        try:
            os.mkdir(output)  # its parent folder is there but for the first page of a folder
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(output, exist_ok=True)
        with open(os.path.join(output, "index.html"), "wb") as handle:
            handle.write(html.encode("utf-8", errors="xmlcharrefreplace"))
        written += 1
    return written


class SharedJobs:
    """A list of jobs that two forked processes work through together, a chunk at a time.

    The next chunk's index lives in shared memory, so whichever process is free takes it.
    """

    CHUNK = 64

    def __init__(self, jobs: list[Job]):
        self.jobs = jobs
        self.next = multiprocessing.get_context("fork").Value("q", 0)  # created before the fork: shared

    def take(self) -> list[Job]:
        with self.next.get_lock():
            start = self.next.value
            self.next.value = start + self.CHUNK
        return self.jobs[start:start + self.CHUNK]

    def write_all(self, site_dir: str) -> None:
        while chunk := self.take():
            write_pages(chunk, site_dir)


class BackgroundWriter:
    """Writes pages in a forked process while this one goes on with the build: a second CPU's worth.

    The pages, their shells and everything they render from are the child's copy as of the
    fork; only files come back. `wait()` before the build ends: this process then writes
    what the child has not reached yet, alongside it.
    """

    def __init__(self, jobs: list[Job], site_dir: str):
        self.count = len(jobs)
        self.shared = SharedJobs(jobs)
        self.site_dir = site_dir
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: write, and leave without running the parent's exit handlers
            status = 1
            try:
                self.shared.write_all(site_dir)
                status = 0
            except BaseException:  # noqa: BLE001 - reported to the parent through the exit status
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(status)

    @classmethod
    def start(cls, jobs: list[Job], site_dir: str) -> BackgroundWriter | None:
        """A writer at work, or None where the OS gives no shared memory for its counter (some sandboxes)."""
        try:
            return cls(jobs, site_dir)
        except OSError:
            return None

    def wait(self) -> None:
        self.shared.write_all(self.site_dir)
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise PluginError(f"papershelf: writing {self.count:,} pages in a second process failed (see above)")

    def cancel(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
