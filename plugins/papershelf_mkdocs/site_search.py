"""The plugin's side of site search: when Pagefind search is on, and what each build gives it.

The index itself is built by papershelf.site.search from the collection; MkDocs only
adds the hand-written pages (docs/) as guide records, and the site folder.
"""

from __future__ import annotations

import logging
import threading
from html.parser import HTMLParser

from mkdocs.config.defaults import MkDocsConfig

from papershelf.model.collection import Collection
from papershelf.model.parallel import can_fork
from papershelf.model.problems import PapershelfError
from papershelf.site.search import (
    SEARCH_FOLDER,
    IndexingProcess,
    SearchIndexer,
    SearchRecord,
    collection_records,
    guide_record,
)

log = logging.getLogger("mkdocs.plugins.papershelf")
SEARCH_ASSETS = ("papershelf-search.js",)  # the search styles are in papershelf.css: one stylesheet a page


def pagefind_wanted(option: bool | None, config: MkDocsConfig) -> bool:
    """`search:` of the plugin's config; unset, Pagefind is on unless another search plugin is."""
    if option is not None:
        return option
    for name in ("search", "material/search", "offline"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return False
    return True


class TextOf(HTMLParser):
    """The text of some HTML, without scripts, styles, the parts marked data-search-exclude, and the
    headings' permalinks (the theme's "¶", which a snippet would show)."""

    SKIPPED = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside a skipped element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.skipping or tag in self.SKIPPED or any(
                name == "data-search-exclude" or (name == "class" and "headerlink" in (value or "").split())
                for name, value in attrs):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag not in self.VOID:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    @classmethod
    def text(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        return " ".join(parser.parts)


def index_collection(collection: Collection, site_dir: str) -> SearchIndexer | IndexingProcess:
    """A full build's index, begun: the collection's records made and indexed while pages render.

    In a forked process while this one has no thread (`mkdocs build`, the first build of `serve`): the
    indexer's threads are then the child's, and this process can still fork its page writer in on_env.
    Otherwise (a full rebuild of a running preview, or where forking is not safe) in a thread of this process.
    """
    if can_fork():
        try:
            return IndexingProcess.forked(collection, site_dir)
        except OSError:  # no process to be had (a limit on processes or memory): index in a thread, as elsewhere
            pass
    indexer = SearchIndexer()
    indexer.add(collection_records(collection))
    indexer.write_collection(site_dir)
    return indexer


class SiteSearch:
    """One build's Pagefind index: started with the collection, finished with the site folder."""

    def __init__(self) -> None:
        self.indexer: SearchIndexer | IndexingProcess | None = None  # a full build's index
        # url → record of each docs page, kept between builds: MkDocs renders them before the indexer
        # starts, and a preview's partial rebuild renders only some of them again
        self.guides: dict[str, SearchRecord] = {}
        self.writing: threading.Thread | None = None  # a preview rebuild's index, written after the build
        self.generation = 0  # the number of the newest index started
        self.collection: Collection | None = None  # the collection of the index being made
        self.in_turn: IndexingProcess | None = None  # the index a preview rebuild's thread is writing
        self.stopped = False  # `serve` has stopped: an index still being written is abandoned, not an error

    def start(self, collection: Collection, site_dir: str, later: bool = False) -> None:
        """Begin this build's index: at once (a full build: Pagefind indexes and writes the collection's
        records on the other CPU while pages render), or with `later` (a preview's rebuild) only once the
        rebuilt pages are served (see finish)."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        self.generation += 1
        self.collection = collection
        if not later:  # MkDocs has emptied the site folder before on_files
            self.indexer = index_collection(collection, site_dir)

    def add_guide_page(self, url: str, title: str, html: str) -> None:
        self.guides[url] = guide_record(url, title, TextOf.text(html))

    def forget_guides(self) -> None:
        """Before a full build: the docs pages are all rendered again (and some may be gone)."""
        self.guides = {}

    def finish(self, site_dir: str, wait: bool = True) -> None:
        """Write the index; without `wait` (a preview rebuild), after the build has ended.

        A rebuild does not wait for the last one's index: its own is written after that one, and
        not at all if a newer rebuild has begun one by then.
        """
        previous, guides = self.writing, list(self.guides.values())
        if wait and self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            indexer.add(guides)
            if previous is not None:
                previous.join()
            indexer.write(site_dir)
        elif not wait and self.collection is not None:
            args = (previous, self.collection, guides, site_dir, self.generation)
            self.writing = threading.Thread(target=self._write_in_turn, args=args, daemon=True)
            self.writing.start()

    def _write_in_turn(self, previous: threading.Thread | None, collection: Collection, guides: list[SearchRecord],
                       site_dir: str, generation: int) -> None:
        if previous is not None:
            previous.join()
        if generation != self.generation or self.stopped:
            return
        try:
            indexer = self.in_turn = IndexingProcess()
            indexer.add(collection_records(collection))
            indexer.add(guides)
            indexer.write(site_dir)
            log.info(f"papershelf: search index updated ({SEARCH_FOLDER}/)")
        except PapershelfError as error:
            if not self.stopped:  # the build has ended: its index failing is logged
                log.error(f"papershelf: {error}")
        finally:
            self.in_turn = None

    def stop(self) -> None:
        """`serve` stopping: the index being made for the last rebuild, if any, is abandoned quietly."""
        self.stopped = True
        self.cancel()
        in_turn = self.in_turn
        if in_turn is not None:
            in_turn.kill()

    def cancel(self) -> None:
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            indexer.close()
