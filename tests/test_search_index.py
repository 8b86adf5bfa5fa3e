"""The Pagefind index: written by a process of its own (search.IndexingProcess: forked as a build reads its
collection, spawned after a preview's rebuild), or by a thread of the build (search.SearchIndexer) where a fork is
not safe; the same bundle either way."""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest

from papershelf.site.search import (
    PREVIEW_INDEX_NICENESS,
    IndexingProcess,
    SearchIndexer,
    SearchIndexError,
    SearchRecord,
    write_search_index,
)
from sitebuild import pagefind_records


@pytest.mark.parametrize("make", [IndexingProcess, SearchIndexer], ids=["process", "thread"])
def test_the_indexer_writes_both_indexes(tmp_path, make):
    """As a build uses it: the collection's records, its index asked for at once, then the guide pages."""
    indexer = make()
    people = '<html lang="en"><body data-pagefind-meta="kind:author"><h2 id="authors/ann/">Ann Lee</h2></body></html>'
    indexer.add([SearchRecord("papers/a/", "paper", "An abstract about sparse autoencoders", {"title": "A"}),
                 SearchRecord("authors/?terms=1", "author", people, html=True)])
    indexer.write_collection(tmp_path)  # returns at once: written while the build goes on
    indexer.add([SearchRecord("guide/", "guide", "How to add a paper", {"title": "Adding papers"})])
    indexer.write(tmp_path)
    records = pagefind_records(tmp_path)
    assert sorted((r["url"], r["meta"]["kind"]) for r in records) == [
        ("/authors/?terms=1", "author"), ("/guide/", "guide"), ("/papers/a/", "paper")]
    people_record = next(r for r in records if r["meta"]["kind"] == "author")
    assert [(a["id"], a["text"]) for a in people_record["anchors"]] == [("authors/ann/", "Ann Lee")]
    assert (tmp_path / "pagefind" / "terms" / "pagefind.js").is_file()  # people, topics, years and guide pages
    assert not (tmp_path / "pagefind" / "guide").exists()  # no third index: its script and WebAssembly
    if make is IndexingProcess:
        assert not indexer.process.is_alive()
    else:
        assert not indexer.thread.is_alive()


def test_a_papers_index_over_parts_lists_them_and_keeps_no_script_in_them(tmp_path):
    """Papers in parts (each by Pagefind's CLI in turn), listed for the search dialog; a part holds what
    mergeIndex reads, not the script and WebAssembly the first part has."""
    indexer = SearchIndexer(part_papers=2)
    indexer.add([SearchRecord(f"papers/p{number}/", "paper", f"Abstract {number} about sparse probes",
                              {"title": f"Paper {number}", "authors": "Ann Lee, Bo Chen"}) for number in range(5)])
    indexer.write(tmp_path)
    folder = tmp_path / "pagefind"
    assert json.loads((folder / "papershelf-parts.json").read_text()) == {"parts": ["parts/2/", "parts/3/"]}
    urls = {part: sorted(json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"]
                         for path in (folder / part / "fragment").iterdir()) for part in ("", "parts/2", "parts/3")}
    assert urls == {"": ["/papers/p0/", "/papers/p3/"], "parts/2": ["/papers/p1/", "/papers/p4/"],
                    "parts/3": ["/papers/p2/"]}
    assert (folder / "pagefind.js").is_file() and (folder / "wasm.en.pagefind").is_file()
    for part in ("parts/2", "parts/3"):
        assert sorted(path.name for path in (folder / part).iterdir() if not path.name.endswith(".pf_meta")) == [
            "fragment", "index", "pagefind-entry.json"]
    assert not indexer.thread.is_alive()


def test_an_empty_collection_still_gets_an_index(tmp_path):
    """Pagefind's CLI refuses to write an index of no words; the service writes the empty one the dialog loads."""
    write_search_index([], tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert json.loads((tmp_path / "pagefind" / "papershelf-parts.json").read_text()) == {"parts": []}


def test_an_indexing_process_that_ends_early_is_a_clear_error(tmp_path):
    indexer = IndexingProcess()
    indexer.process.kill()
    indexer.process.join()
    indexer.add([SearchRecord("papers/a/", "paper", "text", {"title": "A"})])  # no error yet: write says it
    with pytest.raises(SearchIndexError, match="ended without an answer"):
        indexer.write(tmp_path)
    assert not (tmp_path / "pagefind").exists()


def abandon_a_preview_index(tmp_path, caplog, stop: bool) -> list[str]:
    """A preview rebuild's index being written after the build, its process ended midway: what was logged."""
    import logging
    import time

    from papershelf.model.collection import load_collection
    from papershelf_mkdocs.site_search import SiteSearch
    from sitebuild import REPO

    search = SiteSearch()
    search.start(load_collection(REPO), str(tmp_path), later=True)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.papershelf"):
        search.finish(str(tmp_path), wait=False)  # written in a thread, as after a preview's rebuild
        while search.in_turn is None and search.writing.is_alive():
            time.sleep(0.005)
        if stop:
            search.stop()  # `serve` stopping (on_shutdown)
        else:
            search.in_turn.kill()  # the process dying on its own
        search.writing.join(timeout=60)
    assert not (tmp_path / "pagefind" / "pagefind.js").exists()
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def test_an_index_abandoned_when_serve_stops_is_not_an_error(tmp_path, caplog):
    assert abandon_a_preview_index(tmp_path, caplog, stop=True) == []


def test_a_preview_index_whose_process_dies_is_logged_as_an_error(tmp_path, caplog):
    assert abandon_a_preview_index(tmp_path, caplog, stop=False) == [
        "papershelf: the indexing process ended without an answer"]


def test_a_previews_index_process_runs_below_the_servers_priority():
    """The preview writes its index after the rebuild is served; niced, it leaves the CPUs to the next rebuild."""
    indexer = IndexingProcess()
    try:
        wanted = min(19, os.getpriority(os.PRIO_PROCESS, 0) + PREVIEW_INDEX_NICENESS)
        deadline = time.monotonic() + 30
        while os.getpriority(os.PRIO_PROCESS, indexer.process.pid) != wanted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.getpriority(os.PRIO_PROCESS, indexer.process.pid) == wanted
    finally:
        indexer.kill()


def test_records_a_stopped_build_left_in_the_scratch_folder_go_with_the_next_index(tmp_path):
    """`serve` kills its indexing process when it stops, before the records' pages (in /dev/shm: memory) are
    deleted: the next index deletes the folders of processes that have ended, and no other."""
    import shutil
    import subprocess
    import sys

    from papershelf.site.search import SCRATCH_PREFIX, scratch_folder

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    base = Path(scratch_folder() or tempfile.gettempdir())
    stale = base / f"{SCRATCH_PREFIX}{int(ended.stdout)}-test{os.getpid()}"
    live = base / f"{SCRATCH_PREFIX}{os.getpid()}-test"
    for folder in (stale, live):
        (folder / "1" / "papers" / "a").mkdir(parents=True)
        (folder / "1" / "papers" / "a" / "index.html").write_text("<html></html>", encoding="utf-8")
    try:
        write_search_index([SearchRecord("papers/a/", "paper", "An abstract", {"title": "A"})], tmp_path)
        assert not stale.exists() and (live / "1" / "papers" / "a" / "index.html").is_file()
        assert (tmp_path / "pagefind" / "pagefind.js").is_file()
        assert not [path for path in base.glob(f"{SCRATCH_PREFIX}{os.getpid()}-*") if path != live]  # its own: gone
    finally:
        shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(live, ignore_errors=True)


FORKED_BUILD_INDEX = """
import json, sys, threading
from papershelf.model.collection import load_collection
from papershelf_mkdocs.site_search import SiteSearch

search = SiteSearch()
search.start(load_collection(sys.argv[1]), sys.argv[2])  # as on_files starts a full build's index
started = {"indexer": type(search.indexer).__name__, "threads": [thread.name for thread in threading.enumerate()]}
search.add_guide_page("guide/", "Adding papers", "<p>How to add a paper</p>")
search.finish(sys.argv[2])
print(json.dumps(started))
"""


def test_a_builds_index_is_made_in_a_forked_process_and_is_the_threads_index_byte_for_byte(tmp_path):
    """A build (no thread of its own yet) starts its index in a forked process, so that it keeps no thread and can
    fork its page writer later; the bundle is the one an indexer in a thread of the build writes."""
    import subprocess
    import sys

    from papershelf.model.collection import load_collection
    from papershelf.site.search import collection_records, guide_record
    from sitebuild import REPO

    forked, threaded = tmp_path / "forked", tmp_path / "threaded"
    result = subprocess.run([sys.executable, "-c", FORKED_BUILD_INDEX, str(REPO), str(forked)], capture_output=True,
                            text=True, timeout=300, check=True)
    assert json.loads(result.stdout) == {"indexer": "IndexingProcess", "threads": ["MainThread"]}
    records = collection_records(load_collection(REPO))
    write_search_index([*records, guide_record("guide/", "Adding papers", "How to add a paper")], threaded)
    files = sorted(path.relative_to(threaded) for path in threaded.rglob("*") if path.is_file())
    assert len(files) > 20 and files == sorted(path.relative_to(forked) for path in forked.rglob("*") if path.is_file())
    # The papers' index (Pagefind's CLI, which has ended when it is read) byte for byte. The terms' index, by
    # Pagefind's service, by its files only: under load (a CI run at -n 2) its pagefind-entry.json and wasm
    # differed once, which says Pagefind's service can still leave its last writes unfinished when it exits
    # (docs/performance.md, "The page writer forked again"): a bug of its own, open.
    papers = [path for path in files if path.parts[:2] != ("pagefind", "terms")]
    assert [path for path in papers if (forked / path).read_bytes() != (threaded / path).read_bytes()] == []


def test_a_build_with_search_writes_its_shell_pages_in_a_second_process_too(generated_site):
    """With search on, the build's own process has no thread when it writes the author pages, so it forks a
    writer for them (tests/conftest.py builds GENERATED_PAPERS papers: ~1,300 author pages)."""
    from papershelf.model.parallel import available_cpus

    site, _ = generated_site
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    written = re.search(r"papershelf: writing ([\d,]+) pages from their shells (here and in a second process|here)$",
                        log, re.MULTILINE)
    assert written and int(written[1].replace(",", "")) > 1000
    assert written[2] == ("here and in a second process" if available_cpus() > 1 else "here")
    assert {record["meta"]["kind"] for record in pagefind_records(site)} == {"paper", "author", "topic", "year", "guide"}


def test_a_build_whose_pagefind_cannot_start_stops_with_the_reason_and_no_traceback(tmp_path, monkeypatch):
    """The forked indexing process's failure reaches the build's end as the plugin's error, exit status 1."""
    from sitebuild import REPO, build_site, scratch_collection

    papers = {path.name: path.read_text(encoding="utf-8") for path in sorted((REPO / "papers").glob("*.md"))[:2]}
    collection = scratch_collection(tmp_path / "collection", papers)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = build_site(collection, tmp_path / "site")
    assert result.returncode == 1
    assert "ERROR   -  papershelf: building the search index failed: [Errno 2] No such file or directory" in result.stderr
    assert "pip install 'pagefind[bin]'" in result.stderr and "Traceback" not in result.stderr
