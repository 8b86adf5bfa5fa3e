"""The Pagefind index written by a process of its own (search.IndexingProcess)."""

from __future__ import annotations

import pytest

from papershelf.search import IndexingProcess, SearchIndexError, SearchRecord
from sitebuild import pagefind_records


def test_the_indexing_process_writes_both_indexes(tmp_path):
    indexer = IndexingProcess()
    indexer.add([SearchRecord("papers/a/", "paper", "An abstract about sparse autoencoders", {"title": "A"}),
                 SearchRecord("authors/ann/", "author", "Ann Lee", {"title": "Ann Lee"})])
    indexer.add([SearchRecord("guide/", "guide", "How to add a paper", {"title": "Adding papers"})])
    indexer.write(tmp_path)
    records = pagefind_records(tmp_path)
    assert sorted((r["url"], r["meta"]["kind"]) for r in records) == [
        ("/authors/ann/", "author"), ("/guide/", "guide"), ("/papers/a/", "paper")]
    assert (tmp_path / "pagefind" / "guide" / "pagefind.js").is_file()  # the guide pages' own index
    assert not indexer.process.is_alive()


def test_an_indexing_process_that_ends_early_is_a_clear_error(tmp_path):
    indexer = IndexingProcess()
    indexer.process.kill()
    indexer.process.join()
    indexer.add([SearchRecord("papers/a/", "paper", "text", {"title": "A"})])  # no error yet: write says it
    with pytest.raises(SearchIndexError, match="ended without an answer"):
        indexer.write(tmp_path)
    assert not (tmp_path / "pagefind").exists()
