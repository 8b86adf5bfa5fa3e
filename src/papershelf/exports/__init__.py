"""Exports: the collection as files beside the site's pages, for other programs.

`write_exports(collection, site_dir)` writes, at the root of `site_dir`:
papers.json (+ schema/papers.schema.json), papers.bib, papers/<slug>.bib and
feed.xml. It needs no MkDocs; docs/exports.md describes the formats.
"""

from __future__ import annotations

from pathlib import Path

from ..collection import Collection
from ..writer import replace_file
from .bibtex import author_names, collection_bibtex, paper_bibtex
from .feed import FEED_ENTRIES, atom_feed
from .json_export import SCHEMA_PATH, papers_json, schema_json

EXPORT_FILES = ("papers.json", SCHEMA_PATH, "papers.bib", "feed.xml")


def write_paper_bibs(collection: Collection, site_dir: Path) -> None:
    folder = Path(site_dir) / "papers"
    folder.mkdir(parents=True, exist_ok=True)
    for paper in collection.papers:  # build output, one small file per paper: no fsync each, unlike replace_file
        (folder / f"{paper.slug}.bib").write_text(paper_bibtex(paper, author_names(collection, paper)), encoding="utf-8")


def write_exports(collection: Collection, site_dir: Path | str, title: str = "papershelf",
                  site_url: str | None = None, description: str | None = None,
                  feed_entries: int = FEED_ENTRIES) -> list[Path]:
    """Write every export into `site_dir`; returns the collection-level files written."""
    site_dir = Path(site_dir)
    (site_dir / "schema").mkdir(parents=True, exist_ok=True)
    contents = {
        "papers.json": papers_json(collection, site_url),
        SCHEMA_PATH: schema_json(),
        "papers.bib": collection_bibtex(collection),
        "feed.xml": atom_feed(collection, title, site_url, description, feed_entries),
    }
    written = [replace_file(site_dir / name, text) for name, text in contents.items()]
    write_paper_bibs(collection, site_dir)
    return written
