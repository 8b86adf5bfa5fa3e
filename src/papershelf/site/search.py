"""Site search: a Pagefind index built from the collection itself, not from the site's HTML.

Each paper and guide page becomes one Pagefind record: `content` is what a
query matches and the result's snippet is cut from; `meta` is what a result
shows (title, authors, date, topics) and is searched too, the title weighted
most (see papershelf-search.js). A paper's record is written as a small page
(`record_page`) for Pagefind's CLI, which costs ~25% less than its service
(the Python API) fed the same records one message each; guide pages and terms
go to the service (`add_custom_record`, `add_html_file`).
Authors, topics, years and any other taxonomy's terms come TERMS_PER_RECORD to
a record, each term a section whose anchor is its page (`term_records`). They
and the guide pages (docs/) are a second, small index (`pagefind/terms/`),
searched beside the papers' and listed around them: the search dialog reads the
few term records a query matches and puts a person or topic whose name is the
query first, and the guide pages last. A term record has a sort value (its most
prolific term's papers) and a guide page none, so a search of that index sorted
by it names the term records alone: no filter for Pagefind to work out over
every page (a filter doubled a query's time at 10,000 papers), and no third
Pagefind script and WebAssembly for a reader to download. The browser downloads only the index chunks a query
needs: nothing before the first keystroke.

The papers' index is written in parts of at most PART_PAPERS papers, each by a Pagefind process of its own, one
after the other: Pagefind holds ~100 KB a page until it writes (1.2-1.5 GB at 10,000 papers, its own CLI
included), so a part's process stays near 0.5 GB whatever the collection's size. The first part is `pagefind/`,
the others `pagefind/parts/<n>/`, listed in PARTS_LIST; the search dialog merges them into the first
(Pagefind's `mergeIndex`: one WebAssembly, results of every part ranked together by score).

Chinese, Japanese and Korean are written without spaces between words, and the index is Pagefind's English
one, which takes a word to be what stands between spaces: a title of Chinese characters is one word, found
only by its first characters. So a record's text in those scripts is indexed a second time as overlapping
pairs of characters (`cjk_words`: 图像识别 → 图像 像识 识别 别), in two meta fields of its own, `cjk_title`
and `cjk_text`, weighted as the title and the abstract; the search dialog turns a query's runs of those
scripts into pairs the same way (`cjkQuery` in papershelf-search.js), so any part of a title, an abstract or a
name finds its paper. The shown text and its snippet are the record's own, untouched.

Records are plain text, or for terms HTML whose every name is escaped here:
Pagefind escapes what it shows, and the snippet's only markup is its own <mark>.
Nothing here knows about MkDocs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import unicodedata
from collections.abc import Awaitable, Coroutine, Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from ..model.collection import Collection
from ..model.problems import PapershelfError
from ..model.routes import Routes
from ..model.taxonomy import Term
from ..model.text import display_date

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from pagefind.index import PagefindIndex
    from pagefind.service import PagefindService

Result = TypeVar("Result")

SEARCH_FOLDER = Routes.SEARCH.rstrip("/")  # beside the pages, at the site root
TERMS_FOLDER = "terms"  # the index of authors, topics, years (term_records) and guide pages, inside SEARCH_FOLDER
LANGUAGE = "en"
SEPARATOR = " · "  # between the parts of a paper's record (abstract, authors, venue, topics, …)
MAX_META_AUTHORS = 8  # a result shows this many authors, then "+N more"
MAX_CONTENT = 20_000  # characters of a guide page indexed: bounds the index for a very long page
# Pagefind's ready-made interfaces, which papershelf-search.js does not use (it calls pagefind.js): ~450 KB a bundle
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
PARTS_FOLDER = "parts"  # inside SEARCH_FOLDER: the papers' index after its first part, one folder a part
PARTS_LIST = "papershelf-parts.json"  # inside SEARCH_FOLDER: {"parts": ["parts/2/", …]} (empty for one part)
PART_PAPERS = 4000  # papers a Pagefind process indexes at a time: its memory grows ~100 KB a paper
# what a merged part needs: its entry, meta (pagefind.<language>_<hash>.pf_meta), word and filter chunks and
# fragments; not a script or WebAssembly (mergeIndex uses the first part's)
PART_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
PART_META = ".pf_meta"
TERMS_PER_RECORD = 50  # a record's fragment stays ~2 KB compressed: a query fetches ten at most at once
BATCH = 256  # records sent to the indexing process before waiting for its answers
# Han (with its extensions and compatibility ideographs, and 々〆〇), kana and Hangul: scripts written without
# spaces between words. papershelf-search.js's CJK lists the same ranges: a query is cut as the index is.
CJK_RANGES = ((0x1100, 0x11FF), (0x3005, 0x3007), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
              (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
CJK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES) + "]+")


@dataclass
class SearchRecord:
    url: str  # relative to the site root: "papers/<slug>/"
    kind: str  # "paper", "guide", or a taxonomy's singular: "author", "topic", "year", …
    content: str
    meta: dict[str, str] = field(default_factory=dict)  # what a result shows (Pagefind's meta gets `kind` too)
    html: bool = False  # content is an HTML page of sections (term_records), not plain text


class SearchIndexError(PapershelfError):
    pass


def cjk_runs(text: str) -> Iterator[str]:
    """The runs of Chinese, Japanese or Korean letters in `text` (NFC), apart where punctuation (・, 、) is."""
    if text.isascii() or not CJK.search(text):  # most text, not composed (NFC) for nothing
        return
    for match in CJK.finditer(unicodedata.normalize("NFC", text)):
        yield from "".join(char if char.isalnum() else " " for char in match.group()).split()


def cjk_words(text: str) -> str:
    """`text`'s Chinese, Japanese and Korean as words for Pagefind: each run's overlapping pairs of letters and
    its last letter alone (图像识别 → 图像 像识 识别 别), so that every letter begins a word. A query's run is
    cut into the same pairs (papershelf-search.js): two letters or more are found wherever they stand in a run,
    and one letter, Pagefind matching the starts of words, wherever it stands. "" for text without them."""
    words: list[str] = []
    for run in cjk_runs(text):
        words.extend(run[at:at + 2] for at in range(len(run)))
    return " ".join(words)


def with_cjk_words(meta: dict[str, str], title: str, text: str) -> dict[str, str]:
    """`meta` with the title's and the text's CJK words (cjk_words), where they have any: the text's from its
    first MAX_CONTENT characters (the abstract and names come first), their pairs ~3 bytes a character of
    the record each result fetches."""
    for key, words in (("cjk_title", cjk_words(title)), ("cjk_text", cjk_words(text[:MAX_CONTENT]))):
        if words:
            meta[key] = words
    return meta


def paper_records(collection: Collection) -> Iterator[SearchRecord]:
    authors, topics = collection.taxonomies["authors"], collection.taxonomies["topics"]
    for paper in collection.papers:
        meta = paper.meta
        names = [term.name for term in authors.terms_of(paper)]
        topic_names = [term.name for term in topics.terms_of(paper)]
        shown_authors = ", ".join(names[:MAX_META_AUTHORS]) + (f", +{len(names) - MAX_META_AUTHORS} more"
                                                               if len(names) > MAX_META_AUTHORS else "")
        identifiers = [f"arXiv {meta.arxiv}" if meta.arxiv else "", f"DOI {meta.doi}" if meta.doi else ""]
        # The abstract first: the snippet is cut around the words matched, and reads best from it. The parts
        # apart by " · ", names and topics by commas: a snippet across them reads as a list, not one run.
        content = SEPARATOR.join(part for part in (
            paper.abstract, ", ".join(names), meta.venue or "", ", ".join(topic_names), ", ".join(meta.tags),
            *identifiers, paper.notes) if part)
        record_meta = {"title": meta.title, "date": display_date(meta.date), "authors": shown_authors,
                       "topics": ", ".join(topic_names)}
        if meta.arxiv:
            record_meta["arxiv"] = meta.arxiv
        if meta.doi:
            record_meta["doi"] = meta.doi
        if meta.venue:
            record_meta["venue"] = meta.venue
        with_cjk_words(record_meta, meta.title, content)
        yield SearchRecord(collection.routes.url(paper), "paper", content, record_meta)


def term_records(collection: Collection) -> Iterator[SearchRecord]:
    """The terms of every taxonomy (authors, topics, years and any declared in mkdocs.yml), TERMS_PER_RECORD
    terms of one taxonomy to a record: each term a section of it. The record's kind is the taxonomy's
    singular ("author").

    A record per term made Pagefind write one file per author (~40,000 at 10,000 papers: 60% of
    the index's cost). Here each term is a heading whose id is the term page's URL, followed by its
    count and description; Pagefind answers with the sections a query matched (its sub-results),
    and the search dialog links each one to the term's own page.
    """
    for taxonomy in collection.taxonomies.values():
        terms = [term for term in taxonomy.by_name() if term.count and term.url]  # each links to its page
        for start in range(0, len(terms), TERMS_PER_RECORD):
            number = start // TERMS_PER_RECORD + 1
            url = f"{collection.routes.term_index(taxonomy.name)}?terms={number}"
            html = terms_html(taxonomy.singular, terms[start:start + TERMS_PER_RECORD])
            yield SearchRecord(url, taxonomy.singular, html, html=True)


def terms_html(kind: str, terms: list[Term]) -> str:
    sections = []
    for term in terms:
        description = f"<p>{escape(term.description)}</p>" if term.description else ""
        # The count rides in the anchor (its page, then COUNT_MARK and the number), not in the text: written
        # "12 papers" it matched every query holding 12 (a DOI's "10.", a year), which listed people and
        # topics whose names have nothing of the query.
        sections.append(f'<h2 id="{escape(term.url)}{COUNT_MARK}{term.count}">{escape(term.name)}</h2>{description}')
    # sorted by its most prolific term's papers, a query's records name the people with most papers first:
    # the dialog reads those (with the most relevant) to find the one whose name is the query
    most = max((term.count for term in terms), default=0)
    return (f'<html lang="{LANGUAGE}"><body data-pagefind-meta="kind:{escape(kind)}" data-pagefind-sort="papers:{most}">'
            f'{"".join(sections)}</body></html>')


COUNT_MARK = "~"  # between a term section's page and its paper count, in its anchor (no URL of ours has one)


def guide_record(url: str, title: str, text: str) -> SearchRecord:
    """A hand-written page of the site (docs/): searchable, listed after papers, people and topics."""
    text = " ".join(text.split())[:MAX_CONTENT]
    return SearchRecord(url, "guide", text, with_cjk_words({"title": title, "summary": "Guide"}, title, text))


def collection_records(collection: Collection) -> list[SearchRecord]:
    return [*paper_records(collection), *term_records(collection)]


def write_search_index(records: Iterable[SearchRecord], site_dir: Path | str) -> Path:
    """Write the Pagefind bundle for `records` into `<site_dir>/pagefind/`; returns that folder."""
    indexer = SearchIndexer()
    indexer.add(records)
    return indexer.write(site_dir)


class SearchIndexer:
    """A Pagefind index filled while the site builds, from a thread: the indexing is Pagefind's, in processes of
    its own on the other CPU; this thread writes the papers' pages for its CLI (~0.5 s of CPU at 10,000 papers).
    A build runs it in a forked IndexingProcess, so that the build's own process keeps no thread (it forks its
    page writer later); a preview's full rebuild, whose server runs threads, in a thread of its own.

    `add(records)` queues records and returns at once; `write(site_dir)` waits for them and writes
    the bundle. Record URLs are given relative to the site root with a leading "/"; the page's
    script tells Pagefind the site's base, so the site works from any sub-path (GitHub Pages).
    """

    def __init__(self, part_papers: int = PART_PAPERS) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="papershelf-search", daemon=True)
        self.thread.start()
        self.pending: list[concurrent.futures.Future[Any]] = []
        self.others = 0  # term and guide records added (the second index's)
        self.papers: list[SearchRecord] = []  # the papers' records, indexed in parts when the index is written
        self.part_papers = max(1, part_papers)
        self.cli: asyncio.subprocess.Process | None = None  # Pagefind's CLI indexing a part of the papers, while it runs
        self.collection_written = False  # write_collection has been asked for: `write` writes the second index only
        self.term_index = self._call(self._start())

    @overload
    def _call(self, coroutine: Coroutine[Any, Any, Result], wait: Literal[True] = True) -> Result: ...

    @overload
    def _call(self, coroutine: Coroutine[Any, Any, Result],
              wait: Literal[False]) -> concurrent.futures.Future[Result]: ...

    def _call(self, coroutine: Coroutine[Any, Any, Result],
              wait: bool = True) -> Result | concurrent.futures.Future[Result]:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        if not wait:
            self.pending.append(future)
            return future
        return self._wait(future)

    def _wait(self, future: concurrent.futures.Future[Result]) -> Result:
        try:
            return future.result()
        except SearchIndexError:
            self.close()
            raise
        except (OSError, AssertionError, RuntimeError, ValueError) as error:  # the binary missing, refused, or dead
            self.close()
            raise SearchIndexError(f"building the search index failed: {error}; check that `pagefind[bin]` "
                                   "is installed (pip install 'pagefind[bin]')") from None

    async def _start(self) -> PagefindIndex:
        self.service = await prompt_service().launch()
        return await self.service.create_index({"force_language": LANGUAGE})

    @staticmethod
    async def _add(index: PagefindIndex, records: list[SearchRecord]) -> None:
        for start in range(0, len(records), BATCH):
            await asyncio.gather(*(add_record(index, record) for record in records[start:start + BATCH]))

    def add(self, records: Iterable[SearchRecord]) -> None:
        """Terms and guide pages go to their index at once; papers wait for write_collection (or write)."""
        others: list[SearchRecord] = []
        for record in records:
            (others if record.kind == "guide" or record.html else self.papers).append(record)
        self.others += len(others)
        if others:
            self._call(self._add(self.term_index, others), wait=False)

    def write_collection(self, site_dir: Path | str) -> None:
        """Have the collection's index written as soon as the records added so far are in; returns at once.

        A build asks for this as soon as the collection is read, so that Pagefind writes it while
        pages render, not after them. Only guide records may follow (their index, with the terms, is `write`'s).
        """
        papers, self.papers = self.papers, []
        self._call(self._write_collection(papers, Path(site_dir) / SEARCH_FOLDER), wait=False)
        self.collection_written = True

    async def _write_collection(self, papers: list[SearchRecord], output: Path) -> None:
        """The papers' index, a part at a time, each by a Pagefind process that ends before the next starts."""
        parts = max(1, -(-len(papers) // self.part_papers))
        folder = scratch_folder()
        remove_stale_scratch(folder)
        with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=folder) as scratch:
            for number in range(1, parts + 1):
                # every parts-th paper: each part a sample of the whole, so that its scores compare with the others'
                part = papers[number - 1::parts]
                pages = Path(scratch) / str(number)
                write_record_pages(part, pages)
                if not (part and await self._run_cli(pages, output / part_folder(number))):
                    await self._index_by_service(part, output / part_folder(number))
                shutil.rmtree(pages, ignore_errors=True)
        output.mkdir(parents=True, exist_ok=True)
        (output / PARTS_LIST).write_text(json.dumps({"parts": [part_folder(n) for n in range(2, parts + 1)]}),
                                         encoding="utf-8")

    async def _run_cli(self, pages: Path, output: Path) -> bool:
        """Pagefind's CLI over the records' pages: False when they have no word to index (the CLI refuses an
        empty index; an empty collection still gets one, from the service)."""
        executable = pagefind_executable()
        self.cli = await asyncio.create_subprocess_exec(
            str(executable), "--site", str(pages), "--output-path", str(output), "--force-language", LANGUAGE,
            "--silent", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            _, errors = await self.cli.communicate()
        finally:
            code, self.cli = self.cli.returncode, None
        if code == 0:
            return True
        message = " ".join(errors.decode(errors="replace").split())
        if "not able to build an index" in message:
            return False
        raise SearchIndexError(f"Pagefind: {message[-500:] or f'exit status {code}'}")

    async def _index_by_service(self, records: list[SearchRecord], output: Path) -> None:
        service = await prompt_service().launch()
        try:
            index = await service.create_index({"force_language": LANGUAGE})
            await self._add(index, records)
            await index.write_files(output_path=str(output))
        finally:
            await service.close()

    def write(self, site_dir: Path | str) -> Path:
        output = Path(site_dir) / SEARCH_FOLDER
        try:
            for future in self.pending:
                self._wait(future)
            if not self.collection_written:
                papers, self.papers = self.papers, []
                self._call(self._write_collection(papers, output))
            if self.others:  # after the first: written into its folder
                self._call(self.term_index.write_files(output_path=str(output / TERMS_FOLDER)))
        finally:
            self.close()
        for folder in (output, output / TERMS_FOLDER):
            for name in UNUSED_FILES:
                (folder / name).unlink(missing_ok=True)
        for part in (output / PARTS_FOLDER).glob("*"):
            for path in part.iterdir():
                if path.name not in PART_FILES and path.suffix != PART_META:
                    path.unlink()
        readable(output)
        return output

    def close(self) -> None:
        """Stop the indexing process and the thread (at the end, or when the build fails)."""
        if not self.loop.is_running():
            return
        cli = self.cli
        if cli is not None:  # killed by its id: the loop that owns it is another thread's
            try:
                os.kill(cli.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        service = getattr(self, "service", None)
        if service is not None:
            try:
                asyncio.run_coroutine_threadsafe(service.close(), self.loop).result(timeout=SERVICE_EXIT_SECONDS + 5)
            except Exception:  # noqa: BLE001 - the process may already be gone; stopping is all that is left
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)


def add_record(index: PagefindIndex, record: SearchRecord) -> Awaitable[object]:
    if record.html:  # terms: Pagefind finds the sections, the kind and the sort value itself
        return index.add_html_file(url="/" + record.url, content=record.content)
    return index.add_custom_record(url="/" + record.url, content=record.content or record.meta.get("title", ""),
                                   language=LANGUAGE, meta={**record.meta, "kind": record.kind})


def record_page(record: SearchRecord) -> str:
    """A paper's record as a page for Pagefind's CLI: its text, and its meta in attributes of <body> that
    data-pagefind-meta names (`authors[data-authors]`: a value may hold commas)."""
    meta = {**record.meta, "kind": record.kind}
    names = ", ".join(f"{key}[data-{key}]" for key in meta)
    values = " ".join(f'data-{key}="{escape(value)}"' for key, value in meta.items())
    return (f'<!doctype html><html lang="{LANGUAGE}"><body data-pagefind-meta="{names}" {values}>'
            f"<p>{escape(record.content or record.meta.get('title', ''))}</p></body></html>")


def write_record_pages(records: list[SearchRecord], folder: Path) -> None:
    """Each record's page at its URL (`papers/<slug>/index.html`): the CLI gives a page the URL of its path."""
    for record in records:
        page = folder / record.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(record_page(record), encoding="utf-8")


SCRATCH_PREFIX = "papershelf-search-"  # then the writing process's id: papershelf-search-4242-k3j9x


def remove_stale_scratch(folder: str | None) -> list[Path]:
    """Delete the records' pages a build stopped midway left behind, and return their folders: `serve` kills its
    indexing process when it stops, and Ctrl-C ends a build's indexing thread, before either deletes them (in
    /dev/shm, memory until the machine restarts). A folder is stale when the process its name gives has ended;
    another user's folder, or a live process's, is left alone."""
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = path.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        try:
            if not (pid.isdigit() and path.is_dir() and path.stat().st_uid == os.getuid()) or _alive(int(pid)):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no process id this system can have: not ours to judge
    return True


def scratch_folder() -> str | None:
    """Where the records' pages are written for the CLI, and deleted after it: memory (/dev/shm) where there is
    one, else the system's temporary folder. Files deleted from a disk just before a build made the kernel slow
    to create the site's (benchmarks/run.py, set_aside)."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2**30 else None


def pagefind_executable() -> Path:
    from pagefind.service import get_executable  # imported here: a site without search needs no Pagefind

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("building the search index failed: Pagefind's program is missing; install "
                               "`pagefind[bin]` (pip install 'pagefind[bin]')")
    return executable


def part_folder(number: int) -> str:
    """The papers' index part `number` (from 1), relative to SEARCH_FOLDER: the first is the folder itself."""
    return "" if number == 1 else f"{PARTS_FOLDER}/{number}/"


class IndexingProcess:
    """A SearchIndexer in a process of its own, with the same `add`, `write_collection`, `write` and `close`.

    Spawned (`IndexingProcess()`): a preview's index, written after its rebuild is served, away from the
    server's interpreter lock, and ended at once (`kill`) when `serve` stops; spawned, not forked: a
    live-preview server has threads a fork must not copy.

    Forked (`IndexingProcess.forked(collection, site_dir)`): a full build's, as soon as the collection is read
    and while this process has no thread yet. The child makes the records from its copy of the collection and
    has Pagefind write their index while pages render; its thread and asyncio's are the child's, so this
    process keeps none and can fork its page writer later (a process with threads must not fork).
    """

    def __init__(self, first: FirstIndex | None = None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork") if first is not None else multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        parent_end = self.connection if first is not None else None  # a forked child closes its copy at once
        self.process = context.Process(target=_index_in_process, args=(child, first, parent_end),
                                       name="papershelf-search", daemon=True)
        self.process.start()
        child.close()

    @classmethod
    def forked(cls, collection: Collection, site_dir: Path | str) -> IndexingProcess:
        """The collection's index begun at once in a forked process (call it before this process has threads)."""
        return cls(FirstIndex(collection, str(site_dir)))

    def _send(self, command: str, value: object) -> None:
        try:
            self.connection.send((command, value))
        except (OSError, ValueError):
            pass  # the process has ended: write() says why

    def add(self, records: Iterable[SearchRecord]) -> None:
        self._send("add", list(records))

    def write_collection(self, site_dir: Path | str) -> None:
        """Have the collection's index written as soon as its records are in (no answer: `write` reports)."""
        self._send("write_collection", str(site_dir))

    def write(self, site_dir: Path | str) -> Path:
        """Wait for the bundle; the process's failure, even one before it was asked (its message waits in the
        pipe), as a SearchIndexError."""
        self._send("write", str(site_dir))
        try:
            answer = self.connection.recv()
        except (EOFError, OSError):
            answer = "the indexing process ended without an answer"
        finally:
            self.close()
        if answer != "written":
            raise SearchIndexError(answer)
        return Path(site_dir) / SEARCH_FOLDER

    def kill(self) -> None:
        """End the process at once (its `write` then fails, with "ended without an answer")."""
        self.process.kill()

    def close(self) -> None:
        if self.process.is_alive():
            self._send("close", None)
            self.process.join(timeout=30)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.connection.close()


@dataclass(frozen=True)
class FirstIndex:
    """What a forked IndexingProcess indexes as soon as it starts: the collection's records, into the site."""

    collection: Collection
    site_dir: str


PREVIEW_INDEX_NICENESS = 10


def _index_in_process(connection: Connection, first: FirstIndex | None = None,
                      parent_end: Connection | None = None) -> None:
    """The indexing process: records come in, and after "write" the bundle is written and answered for.

    Spawned, it runs at a lower priority, and so does Pagefind under it: a preview's index follows the rebuild a
    reader is waiting for, and must not take the CPUs from the next one (at 10,000 papers it indexes for ~15 s).
    Forked with its `first` records, at the build's own priority: the build waits for it."""
    indexer = None
    try:
        if first is None:
            if hasattr(os, "nice"):
                os.nice(PREVIEW_INDEX_NICENESS)
        else:
            _forked_child(parent_end)
            indexer = SearchIndexer()
            indexer.add(collection_records(first.collection))
            indexer.write_collection(first.site_dir)
        while True:
            command, value = connection.recv()
            if command == "close":
                break
            indexer = indexer or SearchIndexer()
            if command == "add":
                indexer.add(value)
            elif command == "write_collection":
                indexer.write_collection(value)
            elif command == "write":
                indexer.write(value)
                indexer = None
                connection.send("written")
    except PapershelfError as error:
        connection.send(str(error))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        if indexer is not None:
            indexer.close()


def _forked_child(parent_end: Connection | None) -> None:
    """A forked indexing process's first steps: its copy of the parent's end of the pipe closed (held open here,
    it would keep this end from ever reading that the parent has gone), and the copied objects frozen, so that
    the collector does not copy every page of the parent's memory by touching their headers."""
    if parent_end is not None:
        parent_end.close()
    gc.freeze()


def prompt_service() -> PagefindService:
    """Pagefind's indexing service, reading each answer as soon as it arrives.

    The Python API (pagefind 1.5) waits 0.1 s before reading each answer of the indexing
    process: 50,000 records would take 80 minutes. This reads them as they come (the same
    protocol: base64 JSON messages, each ended by a comma).
    """
    import base64
    import json

    from pagefind.service import PagefindService  # imported here: a site without search needs no Pagefind

    class PromptService(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None  # launch() opens the service with stdout=PIPE: its answers come there
            while True:
                output = await stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                future = self._responses.pop(response.get("message_id"), None) if response else None
                if future is None or future.done():
                    continue
                payload = response["payload"]
                if payload.get("type") == "Error":
                    future.set_exception(SearchIndexError(f"Pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

        async def close(self) -> None:
            """Ended by the end of its input, not terminated: Pagefind answers WriteFiles as soon as its writes
            are handed to tokio, before they reach the files, and finishes them before it exits; terminated at
            once (PagefindService.close), a service left a build under load an empty pagefind-entry.json."""
            self._poll_task.cancel()
            backend = self._backend
            if backend.stdin is not None:
                backend.stdin.close()
            try:
                await asyncio.wait_for(backend.wait(), SERVICE_EXIT_SECONDS)
            except TimeoutError:
                backend.kill()
                await backend.wait()

    return PromptService()


SERVICE_EXIT_SECONDS = 30  # for Pagefind's service to finish writing and exit once its input ends


def readable(folder: Path) -> None:
    """Folders 0755 and files 0644 (under the usual umask), as MkDocs writes the rest of the site."""
    umask = os.umask(0o022)
    os.umask(umask)
    for path, _folders, files in os.walk(folder):
        os.chmod(path, 0o777 & ~umask)
        for name in files:
            os.chmod(os.path.join(path, name), 0o666 & ~umask)
