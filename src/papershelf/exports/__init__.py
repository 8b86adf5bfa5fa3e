"""Exports: the collection as files beside the site's pages, for other programs.

`write_exports(collection, site_dir)` writes, at the root of `site_dir`:
papers.json (+ schema/papers.schema.json), papers.bib, papers/<slug>.bib and
feed.xml. It needs no MkDocs; docs/exports.md describes the formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..collection import Collection
from ..load import Paper
from ..writer import replace_file
from .bibtex import cached_bibtex, collection_bibtex
from .feed import FEED_ENTRIES, atom_feed
from .json_export import SCHEMA_PATH, papers_json, schema_json

EXPORT_FILES = ("papers.json", SCHEMA_PATH, "papers.bib", "feed.xml")


def write_paper_bibs(collection: Collection, site_dir: Path, bibtex: Callable[[Paper], str]) -> None:
    folder = Path(site_dir) / "papers"
    folder.mkdir(parents=True, exist_ok=True)
    for paper in collection.papers:  # build output, one small file per paper: no fsync each, unlike replace_file
        with open(folder / f"{paper.slug}.bib", "w", encoding="utf-8") as handle:
            handle.write(bibtex(paper))


def write_exports(collection: Collection, site_dir: Path | str, title: str = "papershelf",
                  site_url: str | None = None, description: str | None = None,
                  feed_entries: int = FEED_ENTRIES, bibtex: Callable[[Paper], str] | None = None) -> list[Path]:
    """Write every export into `site_dir`; returns the collection-level files written.

    `bibtex` gives a paper's BibTeX entry, if already computed (the site's paper pages show it).
    """
    site_dir = Path(site_dir)
    bibtex = bibtex or cached_bibtex(collection)  # each entry computed once, for papers.bib and its .bib
    (site_dir / "schema").mkdir(parents=True, exist_ok=True)
    contents = {
        "papers.json": papers_json(collection, site_url),
        SCHEMA_PATH: schema_json(),
        "papers.bib": collection_bibtex(collection, bibtex),
        "feed.xml": atom_feed(collection, title, site_url, description, feed_entries),
    }
    written = [replace_file(site_dir / name, text) for name, text in contents.items()]
    write_paper_bibs(collection, site_dir, bibtex)
    return written
