"""MkDocs events → papershelf library calls. Each handler says why it runs when it does."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import BytecodeCache, Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_timestamp
from mkdocs.utils.templates import TemplateContext

from papershelf.exports import write_exports
from papershelf.model.collection import Collection, Layout, check_collection, load_collection
from papershelf.model.load import linked_paths
from papershelf.model.parallel import can_fork
from papershelf.model.problems import InvalidCollection, PapershelfError, terminal_safe
from papershelf.model.routes import Routes, source_of, url_of_source
from papershelf.model.site_config import nav_files
from papershelf.site.charts import collection_charts
from papershelf.site.list_data import write_list_data, write_term_names
from papershelf.site.plan import SitePage, plan_site
from papershelf.site.preview import Inputs, PreviewState, affected_pages, update_collection
from papershelf.site.related import related_lookup
from papershelf.site.render import PageRenderer, content_environment

from .chrome import LOGO_SVG, PALETTE_JS, logo_svg, palette_script, toggled_palettes
from .config import PapershelfConfig
from .preview_exports import ExportsAfterRebuild
from .serve_errors import ErrorPages, drop_dirty_warning
from .shells import BackgroundWriter, ShellsOfPages, shell_jobs, write_pages
from .site_search import SEARCH_ASSETS, SiteSearch, pagefind_wanted
from .slim import collapse_whitespace
from .template_cache import DiskBytecodeCache, MemoryBytecodeCache, list_theme_once

log = logging.getLogger("mkdocs.plugins.papershelf")
MKDOCS_EDIT_URI = "edit/master/docs/"  # what MkDocs 1.6 assumes for a GitHub repo_url without edit_uri
ASSETS = Path(__file__).parent / "assets"
BACKGROUND_PAGES = 1000  # from this many pages written from shells, a second process writes them
OVERRIDES = Path(__file__).parent / "overrides"
# Generated pages given the plugin's `page_template`: the many ones outside the nav (author pages have
# `author_template`). The nav's pages (the lists' first pages, the indexes) keep the theme's full page.
LIGHT_KINDS = frozenset({"paper", "term"})
# An empty page source, older than any site folder: a page the nav needs in a preview rebuild but that
# need not be built again (MkDocs skips a source older than its output). Shipped, so nothing is left in /tmp.
UNCHANGED_SOURCE = str(Path(__file__).parent / "unchanged.md")
MINIMAL_TEMPLATE, LIGHT_TEMPLATE = "papershelf-minimal.html", "papershelf-light.html"
FILLED_TEMPLATE = "papershelf-filled.html"  # prints the page that on_page_context filled in from a shell
FONTS_CSS = "assets/papershelf/fonts.css"  # the theme's fonts, for the lighter pages (fonts_css)
THEME_STYLESHEET = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")


class GeneratedPage(Page):
    """A page whose HTML the library renders (in on_page_content).

    Its Markdown is empty, unless another plugin added some in on_page_markdown: only then
    does MkDocs convert it (and it follows papershelf's content).
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown and self.markdown.strip():
            super().render(config, files)
        else:
            self.content, self.toc, self.present_anchor_ids = "", get_toc([]), set()


@dataclass(frozen=True)
class Settings:
    """What on_config works out from mkdocs.yml, for every build of this run."""

    layout: Layout
    routes: Routes  # with the taxonomies mkdocs.yml declares
    pagefind: bool  # the site's search is papershelf's Pagefind index
    template_cache: BytecodeCache | None  # the compiled templates of the theme's environment and ours


@dataclass
class Build:
    """What one build (or one rebuild of a preview) knows, from on_files to on_post_build."""

    collection: Collection
    renderer: PageRenderer
    partial: bool  # a preview's rebuild that renders only the pages that edited papers change
    fill_pages: bool  # pages of ours may be filled in from a shell: no other plugin handles on_page_context
    pages: dict[str, SitePage] = field(default_factory=dict)  # by src_uri: the MkDocs pages we generate
    shell_pages: list[SitePage] = field(default_factory=list)  # written from a page shell in on_env
    as_set: dict[str, tuple[dict[str, Any], str | None]] = field(default_factory=dict)  # by src_uri: the meta
    # and edit URL we gave a page (on_page_markdown), to see whether another plugin changed them
    filling: dict[str, str] = field(default_factory=dict)  # by src_uri: the template of a page filled from a shell
    nav: Navigation | None = None  # on_nav's
    files: Files | None = None  # on_env's
    theme_css: list[str] = field(default_factory=list)  # the theme's stylesheets, for papershelf-minimal.html
    shells: ShellsOfPages | None = None  # made in on_env, for on_page_context
    background: BackgroundWriter | None = None  # writing shell pages in a second process


class PapershelfPlugin(BasePlugin[PapershelfConfig]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.preview: PreviewState | None = None  # kept between the rebuilds of `serve --dirty`
        self.compiled_templates = MemoryBytecodeCache()  # MkDocs makes a new theme environment for every rebuild
        self.theme_files: dict[str, list[str]] = {}  # a preview's: the installed theme's files, listed once
        self.search = SiteSearch()  # the Pagefind index, when that search is on
        self.settings: Settings | None = None  # on_config's
        self.build: Build | None = None  # the build under way, or the last one
        self.palette_js = ""  # assets/papershelf/palette.js, when the site has palettes to toggle (on_files)
        self.error_pages: ErrorPages | None = None  # `serve`: a failed rebuild shown in the browser
        self.start_error: str | None = None  # `serve` started on a broken collection: shown once it serves
        self.exports_after_rebuild = ExportsAfterRebuild()  # `serve`: a partial rebuild's data files, exports

    # Defining on_startup makes MkDocs keep this one instance for every rebuild of
    # `serve`. With --dirty (as `papershelf serve` runs it) the site folder is kept
    # too, so a rebuild after edits to paper files renders only what they change.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.preview = PreviewState() if command == "serve" and dirty else None
        if self.preview is not None:
            drop_dirty_warning()

    # `serve` stopping: a search index or exports still being written for the last rebuild are abandoned
    # (MkDocs then removes the site folder they are written into).
    def on_shutdown(self) -> None:
        self.search.stop()
        self.exports_after_rebuild.cancel()

    # The collection's location depends on where mkdocs.yml is, known only now;
    # our stylesheet and script join the theme's before templates are loaded.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        base = Path(config.config_file_path or ".").resolve().parent
        root = (base / self.config.root).resolve()
        pagefind = pagefind_wanted(self.config.search, config)
        # A preview keeps its compiled templates in memory for every rebuild; a build, between builds on disk.
        template_cache: BytecodeCache | None = self.compiled_templates if self.preview is not None else (
            DiskBytecodeCache.in_user_cache() if self.config.template_cache else None)
        self.settings = Settings(Layout(root, self.config.papers_dir, self.config.topics_file, self.config.authors_file),
                                 self.config.routes(), pagefind, template_cache)
        # sorted: papershelf-search.js registers its page hook before papershelf.js runs the hooks
        wanted = [asset for asset in sorted(ASSETS.iterdir()) if pagefind or asset.name not in SEARCH_ASSETS]
        for asset in wanted:
            if asset.suffix in (".css", ".js"):
                (config.extra_css if asset.suffix == ".css" else config.extra_javascript).append(
                    f"assets/papershelf/{asset.name}")
        if config.repo_url and config.edit_uri == MKDOCS_EDIT_URI and not any(
                "edit_uri" in given for given in config.user_configs):
            config.edit_uri = "edit/main/docs/"  # GitHub's default branch; MkDocs guesses master for every page
        if not config.site_url and self.command != "serve":
            # --strict (papershelf build's default) stops at once, this message last; MkDocs would count a
            # warning and stop only after building every page, the message scrolled away by the build's output.
            no_address = ("papershelf: site_url is not set, so the feed, the sitemap and canonical links would have "
                          "no address: set site_url in mkdocs.yml (https://OWNER.github.io/REPO/), or the SITE_URL "
                          "environment variable for `site_url: !ENV [SITE_URL]` (the Pages workflow sets it)")
            if config.strict:
                raise PluginError(f"{no_address}; or build with --no-strict")
            log.warning(no_address)
        # Our main.html (social preview tags) goes after the user's custom_dir, so theirs still wins.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        if self.preview is not None:
            list_theme_once(config.theme, self.theme_files)
        return config

    # The collection is read on every build (serve rebuilds too) and must exist
    # as files before MkDocs builds the navigation from them. Invalid papers stop
    # the build here, with or without --strict.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.settings is None:
            return files
        settings = self.settings
        refuse_linked_docs(files, config)
        # Another plugin's on_page_context may change what the theme renders: then it renders every page.
        fill_pages = all(getattr(handler, "__self__", None) is self for handler in config.plugins.events["page_context"])
        collection, wanted = self._read_collection(config, settings)
        partial = wanted is not None
        # Pagefind indexes and writes the collection's index from as soon as the collection is read: on the other
        # CPU, while pages are rendered, driven from a process forked now, before this one has any thread (see
        # site_search.index_collection). A preview's rebuild: once its pages are served.
        if settings.pagefind:
            try:
                self.search.start(collection, config.site_dir, later=partial)
            except PapershelfError as error:  # Pagefind missing or refused (a forked index says so at the end)
                raise PluginError(f"papershelf: {error}") from None
        if partial and self.preview is not None and self.preview.related is not None:
            related = self.preview.related  # the last full build's
        else:
            related = related_lookup(collection.papers, self.config.related)
            if self.preview is not None:
                self.preview.related = related  # reused by the rebuilds after edits to papers
        renderer = PageRenderer(collection, related=related, charts=collection_charts(collection),
                                exports=self.config.exports, env=self._content_environment(config, settings),
                                build_date=build_date(), site_url=config.site_url, site_name=config.site_name or "")
        build = self.build = Build(collection, renderer, partial=partial, fill_pages=fill_pages)
        planned = plan_site(collection, renderer, self.config.papers_per_page, self.config.terms_per_page,
                            wanted=wanted)
        if self.preview is not None:
            self._remember(self.preview, planned.urls, config, files)
        if not build.partial:
            # The collection, its indexes and the planned pages live to the end of the build: frozen,
            # the garbage collector stops rescanning them (~3 s at 10,000 papers), and the process
            # forked to write pages (on_env) does not copy every page of them by touching their headers.
            gc.freeze()
        existing = {file.url for file in files}
        in_nav = {url_of_source(uri) for uri in nav_files(config.nav)}
        if wanted is not None:
            # Unchanged since the last build: their pages in the kept site folder are current.
            # The nav's pages must still be files, but ones MkDocs sees as not modified.
            for url in sorted((planned.urls & in_nav) - wanted - existing):
                files.append(File.generated(config, source_of(url), abs_src_path=UNCHANGED_SOURCE))
        for page in planned:
            if page.url in existing:
                continue  # a hand-written docs page at that URL wins
            # The nav's pages must be MkDocs pages, for the theme's navigation to link them.
            if page.from_shell and page.url not in in_nav:
                build.shell_pages.append(page)
                continue
            file = File.generated(config, page.src_uri, content="")
            if config.nav and page.url not in in_nav:
                # In no nav by design: MkDocs would list each such page (every paper, author, topic, year).
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
            build.pages[page.src_uri] = page
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/papershelf/{asset.name}", abs_src_path=str(asset)))
        files.append(File.generated(config, LOGO_SVG, content=logo_svg(config.theme)))
        self.palette_js = ""
        if toggled_palettes(config.theme):
            self.palette_js = palette_script(config.theme, config.extra.get("scope"))
            files.append(File.generated(config, PALETTE_JS, content=self.palette_js))
        if config.theme.get("font") is not False:
            files.append(File.generated(config, FONTS_CSS, content=fonts_css(config.theme.get("font") or {})))
        return files

    def _read_collection(self, config: MkDocsConfig, settings: Settings) -> tuple[Collection, set[str] | None]:
        """The collection, and the pages to build: None for every page, a set after edits to papers only."""
        self.exports_after_rebuild.cancel()  # the last rebuild's files, from a collection this one updates
        partial = self._partial_update(config, settings) if self.preview is not None else None
        if partial is not None:
            return partial
        self.search.forget_guides()
        gc.unfreeze()  # the last full build's objects (frozen in on_files and on_post_build) may be garbage now
        try:
            return load_collection(settings.layout.root, layout=settings.layout, routes=settings.routes), None
        except PapershelfError as error:
            if self.command == "serve" and self.error_pages is None:
                return self._broken_start(error, settings), None
            raise PluginError(f"papershelf: {error}") from None

    def _broken_start(self, error: PapershelfError, settings: Settings) -> Collection:
        """`serve`'s first build, on a collection with errors: the valid papers are built and the server
        starts, showing the error in the browser until a save fixes it (a failed first build would stop it)."""
        self.start_error = f"papershelf: {error}"
        log.error(self.start_error)
        if self.preview is not None:
            self.preview.inputs = None  # the next rebuild reads every file again
        try:
            return check_collection(settings.layout.root, layout=settings.layout, routes=settings.routes)[0]
        except PapershelfError:
            raise PluginError(self.start_error) from None

    @staticmethod
    def _content_environment(config: MkDocsConfig, settings: Settings) -> Environment:
        """The theme's Jinja environment (as MkDocs makes it for this build) with papershelf's templates
        behind it: `custom_dir/papershelf/paper.html` replaces ours. Made here, as pages render before on_env."""
        theme = config.theme.get_env()
        theme.bytecode_cache = settings.template_cache
        return content_environment(theme)

    def _partial_update(self, config: MkDocsConfig, settings: Settings) -> tuple[Collection, set[str]] | None:
        """When only paper files changed since the last build: the collection with those read again, and
        the pages to build. None: build everything."""
        state = self.preview
        assert state is not None
        layout = settings.layout
        other_inputs = [layout.root / layout.topics_file, layout.root / layout.authors_file,
                        Path(config.docs_dir), Path(config.config_file_path or "mkdocs.yml")]
        inputs, previous = Inputs.scan(layout, other_inputs), state.inputs
        state.inputs = inputs
        old = state.collection
        changed = previous.changed_papers(inputs) if previous and old and config.nav else None
        if not changed or old is None:
            return None  # something else changed (or nothing we know of): build everything
        collection, problems = update_collection(old, changed)
        errors = [problem for problem in problems if problem.severity == "error"]
        if errors:
            state.inputs = None  # after the fix, read everything again
            raise PluginError(f"papershelf: {InvalidCollection(errors)}")
        slugs = {path.stem for path in changed}
        wanted = affected_pages(old, collection, slugs, self.config.papers_per_page, self.config.terms_per_page)
        if wanted is None:
            return None
        log.info(f"papershelf: {len(changed)} paper file(s) changed; building {len(wanted)} of their pages")
        return collection, wanted

    def _remember(self, state: PreviewState, urls: set[str], config: MkDocsConfig, files: Files) -> None:
        """Keep this build's collection; remove pages that are gone; have MkDocs render docs pages again."""
        assert self.build is not None
        for url in state.urls - urls:
            remove_output(config.site_dir, url)
        state.urls, state.collection = urls, self.build.collection
        # A kept site folder makes MkDocs skip unmodified docs pages; the home page lists the latest
        # papers, and after a full rebuild (mkdocs.yml, docs/) any page's navigation may have changed.
        for file in files.documentation_pages():
            if file.src_uri == "index.md" or not self.build.partial:
                remove_output(config.site_dir, file.url)

    # mkdocs-material's search keeps its previous index under --dirty and merges it
    # assuming one rebuilt page; _keep_search_index merges for any number instead.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if self.preview is not None and search is not None and hasattr(search, "search_index_prev"):
            search.search_index_prev = None

    # Our pages skip MkDocs' Markdown conversion (their content is the library's HTML).
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.build is not None and page.file.src_uri in self.build.pages and type(page) is Page:
            page.__class__ = GeneratedPage
        return page

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None:
            self.build.nav = nav
        return nav

    # Pages that are many and small (one per author) are written from one theme
    # render per depth: see shells.py. Last, so other plugins' theme env is used.
    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        build = self.build
        if not self.config.enabled or build is None:
            return env
        if env.bytecode_cache is None and self.settings is not None:
            env.bytecode_cache = self.settings.template_cache
        build.files = files
        build.theme_css = env.globals["ps_theme_stylesheets"] = theme_stylesheets(files, config)
        assert build.nav is not None  # on_nav runs between on_files and on_env
        env.globals["ps_palette_js"] = Markup(self.palette_js.replace("</", "<\\/"))  # inline in the nav's pages
        build.shells = ShellsOfPages(config, env, build.nav, files, lambda source: self._edit_url(source, config))
        if build.shell_pages:
            jobs = shell_jobs(build.shell_pages, build.shells, self._template_of)
            # `serve` has threads running, which a fork must not copy: it writes everything here. A build's
            # search index runs its threads in a process of its own (site_search.index_collection), not here.
            if len(jobs) >= BACKGROUND_PAGES and self.command != "serve" and can_fork():
                build.background = BackgroundWriter.start(jobs, config.site_dir)
            where = "here and in a second process" if build.background is not None else "here"
            log.debug(f"papershelf: writing {len(jobs):,} pages from their shells {where}")
            if build.background is None:
                write_pages(jobs, config.site_dir)
        return env

    # Titles and descriptions must be set before the theme renders them; the
    # theme inserts both unescaped, so they are escaped here. First, so that other
    # plugins see the page's title (and may add Markdown of their own).
    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        site_page = self.build.pages.get(page.file.src_uri) if self.build is not None else None
        if site_page is None or self.build is None:
            return markdown
        page.meta["title"] = str(escape(site_page.title))
        page.meta["description"] = str(escape(site_page.description))
        page.meta["papershelf_kind"] = site_page.kind  # "paper", "term", … (og:type in overrides/main.html)
        if site_page.head:
            page.meta["ps_head"] = site_page.head()  # markup the library escaped; main.html prints it in <head>
        page.edit_url = self._edit_url(site_page.source, config)
        if site_page.kind in LIGHT_KINDS:
            page.meta["template"] = self._template_of(site_page)
            self.build.as_set[page.file.src_uri] = (dict(page.meta), page.edit_url)
        return ""

    # Our pages' content is HTML rendered by the library. First, so that other plugins'
    # on_page_content sees (and may change) it, and before on_page_context, where search indexes it.
    @event_priority(100)
    def _render_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.build is None:
            return html
        site_page = self.build.pages.get(page.file.src_uri)
        if site_page is not None:
            return site_page.render() + html  # html: what other plugins' Markdown became, if any
        if self.settings is not None and self.settings.pagefind:
            self.search.add_guide_page(page.url, page.title or "", html)  # the page's own text, before any list
        if page.is_homepage:
            return html + self.build.renderer.home("", self.config.latest)
        return html

    # Last, once every plugin has had the page's Markdown and content: a page of ours that none
    # changed but in its content is the theme's shell of its folder, filled in (on_page_context),
    # instead of a whole theme render (~2 ms a page, 10,000 paper pages).
    @event_priority(-100)
    def _choose_filling(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        build = self.build
        as_set = build.as_set.pop(page.file.src_uri, None) if build is not None else None
        if build and build.fill_pages and as_set is not None and as_set == (page.meta, page.edit_url) \
                and not len(page.toc):
            build.filling[page.file.src_uri] = page.meta["template"]
            page.meta["template"] = FILLED_TEMPLATE
        return html

    on_page_content = CombinedEvent(_render_content, _choose_filling)

    # Last: the context is final (no other plugin handles this event when pages are filled).
    @event_priority(-100)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        build = self.build
        template = build.filling.get(page.file.src_uri) if build is not None else None
        if build is not None and build.shells is not None and template is not None:
            # the theme's context takes any name (MkDocs' type lists only its own)
            context["papershelf_filled"] = build.shells.fill(  # type: ignore[typeddict-unknown-key]
                build.pages[page.file.src_uri], template, page.content or "", page.meta.get("ps_head", ""))
        return context

    # The theme's indentation is most of a small page: taken out of the pages we generate, once
    # rendered (what a browser shows and a script reads is the same: slim.py).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.build is None:
            return output
        if self.build.filling.pop(page.file.src_uri, None) is not None:
            return output  # a shell, collapsed once, with the page's content
        return collapse_whitespace(output) if page.file.src_uri in self.build.pages else output

    # Edits to the collection live outside docs/, so the live-reload server
    # must be told to watch them.
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if not self.config.enabled or self.settings is None:
            return server
        layout = self.settings.layout
        for path in (layout.papers_path, layout.root / layout.topics_file, layout.root / layout.authors_file):
            if path.exists():
                server.watch(str(path))
        self.error_pages = ErrorPages(server, server.builder)  # a failed rebuild is shown in the browser
        self.error_pages.error, self.start_error = self.start_error, None
        return server

    # Exports are files beside the pages, not pages: written once MkDocs has
    # written (and, for a clean build, emptied) the site folder. Late, after the
    # search plugin has written its index.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self.build
        if not self.config.enabled or build is None:
            return
        if self.preview is not None:
            self._keep_search_index(self.preview, build, config)
            if not build.partial:
                # The collection, its indexes and the search entries live until the next full
                # build: frozen, the garbage collector stops rescanning them in every preview
                # rebuild (at 10,000 papers that was a fifth of the rebuild).
                gc.collect()
                gc.freeze()
        # A preview's partial rebuild writes them too (the list, papers.json, papers.bib and feed.xml stay
        # current), after its pages are served.
        if build.partial:
            self.exports_after_rebuild.start(functools.partial(self._write_data_files, build, config))
        else:
            self._write_data_files(build, config)
        if build.background is not None:
            build.background.wait()  # if writing fails here, on_build_error stops the other process
            build.background = None
        try:  # a preview's rebuild is served at once; its search index follows a few seconds later
            self.search.finish(config.site_dir, wait=not build.partial)
        except PapershelfError as error:
            raise PluginError(f"papershelf: {error}") from None

    def _write_data_files(self, build: Build, config: MkDocsConfig) -> None:
        """The files beside the pages: what the lists' filters read, and the exports."""
        # what the list of all papers filters and sorts, with what its rows show
        write_list_data(build.collection, config.site_dir, build.renderer.abstract_snippet)
        write_term_names(build.collection, config.site_dir)  # what the authors index's filter box searches
        if self.config.exports:
            write_exports(build.collection, config.site_dir, title=config.site_name, site_url=config.site_url,
                          description=config.site_description, feed_entries=self.config.feed_entries,
                          bibtex=build.renderer.bibtex)

    def on_build_error(self, *, error: Exception) -> None:
        if self.error_pages is not None:
            self.error_pages.reported = str(error)  # MkDocs replaces the error by "Aborted with a BuildError!"
        self.search.cancel()
        if self.build is not None and self.build.background is not None:
            background, self.build.background = self.build.background, None
            background.cancel()

    @staticmethod
    def _keep_search_index(preview: PreviewState, build: Build, config: MkDocsConfig) -> None:
        """After a partial rebuild, the search index holds the unchanged pages of the last one too.

        The search plugin indexes only the pages built now (mkdocs-material's own merge
        handles one rebuilt page and is turned off in on_pre_build); the rest comes from
        the index of the last build.
        """
        path = os.path.join(config.site_dir, "search", "search_index.json")
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as handle:
            index = json.load(handle)
        if build.partial and preview.search_docs is not None and build.files is not None:
            built = {file.page.url for file in build.files.documentation_pages()
                     if file.page is not None and file.page.content is not None}
            built |= {page.url for page in build.shell_pages}
            kept = [doc for doc in preview.search_docs if doc["location"].split("#")[0] not in built]
            index["docs"] = kept + index["docs"]
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(index, separators=(",", ":")))  # dumps: json's C encoder; dump is Python
        preview.search_docs = index["docs"]

    def _template_of(self, page: SitePage) -> str:
        """The theme template of a generated page: term pages without search entries (author pages, and
        later pages of a topic or year) have their own; the nav's pages keep the theme's."""
        if page.kind == "term" and not page.searchable:
            minimal = self.config.author_template == MINIMAL_TEMPLATE
            theme_css = self.build.theme_css if self.build is not None else []
            return LIGHT_TEMPLATE if minimal and not theme_css else self.config.author_template
        return self.config.page_template if page.kind in LIGHT_KINDS or not page.searchable else "main.html"

    def _edit_url(self, source: str | None, config: MkDocsConfig) -> str | None:
        if not source or not config.repo_url:
            return None
        return urljoin(config.repo_url.rstrip("/") + "/", paper_edit_uri(self.config.edit_uri, config.edit_uri) + source)


def paper_edit_uri(ours: str | None, site: str | None) -> str:
    """Where paper files are edited: the plugin's edit_uri, else the branch of the site's (edit/BRANCH/docs/ ->
    edit/BRANCH/), so every page's edit link names the same branch; main when neither says."""
    if ours:
        return ours
    match = re.match(r"^(edit|blob)/([^/]+)/", site or "")
    return f"{match[1]}/{match[2]}/" if match else "edit/main/"


def refuse_linked_docs(files: Files, config: MkDocsConfig) -> None:
    """MkDocs publishes what a symbolic link in docs/ points to, wherever that is: refuse to build."""
    docs = os.path.abspath(config.docs_dir)
    inside = [file.src_uri for file in files
              if file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(docs + os.sep)]
    linked = linked_paths(docs, inside)
    if linked:
        shown = ", ".join(terminal_safe(f"{os.path.basename(docs)}/{path}") for path in linked[:10])
        raise PluginError(f"papershelf: {shown} {'is a symbolic link' if len(linked) == 1 else 'are symbolic links'} "
                          "(or in a linked folder): the site would publish files from outside the collection; "
                          "replace each link with the file itself")


def theme_stylesheets(files: Files, config: MkDocsConfig) -> list[str]:
    """mkdocs-material's compiled stylesheets (main, and palette where the site sets one), as the theme's
    own pages link them: papershelf-minimal.html links them without the rest of the theme's page."""
    wanted = ("main", "palette") if config.theme.get("palette") else ("main",)
    found = {match.group(1): file.src_uri for file in files
             if (match := THEME_STYLESHEET.fullmatch(file.src_uri)) and match.group(1) in wanted}
    return [found[name] for name in wanted if name in found] if "main" in found else []


def fonts_css(font: dict[str, str]) -> str:
    """The theme's fonts as one stylesheet, for the lighter pages: one short <link> in each of ~50,000 pages
    instead of the theme's three tags (the same Google Fonts request and font variables as its base.html)."""
    text, code = font.get("text") or "Roboto", font.get("code") or "Roboto Mono"
    family = f"{text.replace(' ', '+')}:300,300i,400,400i,700,700i%7C{code.replace(' ', '+')}:400,400i,700,700i"
    return (f'@import url("https://fonts.googleapis.com/css?family={family}&display=fallback");\n'
            f':root{{--md-text-font:{json.dumps(text)};--md-code-font:{json.dumps(code)}}}\n')


def build_date() -> dt.date:
    """The day of this build, as MkDocs dates it (SOURCE_DATE_EPOCH, when set, for reproducible builds)."""
    return dt.datetime.fromtimestamp(get_build_timestamp(), tz=dt.UTC).date()


def remove_output(site_dir: str, url: str) -> None:
    """Delete a page's HTML from the site folder, if there."""
    path = os.path.join(site_dir, url, "index.html") if url.endswith("/") or not url else os.path.join(site_dir, url)
    if os.path.isfile(path):
        os.remove(path)
