"""Exports: the collection as files beside the site's pages, for other programs.

`write_exports(collection, site_dir)` writes, at the root of `site_dir`:
papers.json (+ schema/papers.schema.json), papers.bib, papers.csl.json,
papers.ris, papers/<slug>.bib and feed.xml; and a feed.xml in the folder of each topic and of each author
of two papers or more. It needs no MkDocs; docs/exports.md describes the formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model.collection import Collection
from ..model.load import Paper
from ..model.writer import replace_file, write_output
from .bibtex import CachedBibtex, cached_bibtex, collection_bibtex
from .csl_json import collection_csl_json
from .feed import FEED_ENTRIES, atom_feed, write_term_feeds
from .json_export import papers_json, schema_json
from .ris import collection_ris


def write_paper_bibs(collection: Collection, site_dir: Path, bibtex: Callable[[Paper], str]) -> None:
    folders = set()
    for paper in collection.papers:  # build output, one small file per paper: no fsync each, unlike replace_file
        path = Path(site_dir) / collection.routes.paper_bibtex(paper.slug)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        write_output(path, bibtex(paper))


def write_exports(collection: Collection, site_dir: Path | str, title: str = "papershelf",
                  site_url: str | None = None, description: str | None = None,
                  feed_entries: int = FEED_ENTRIES, bibtex: CachedBibtex | None = None) -> list[Path]:
    """Write every export into `site_dir`; returns the collection-level files written.

    `bibtex` gives a paper's BibTeX entry, if already computed (the site's paper pages show it).
    """
    site_dir = Path(site_dir)
    bibtex = bibtex or cached_bibtex(collection)  # each entry computed once, for papers.bib and its .bib
    routes = collection.routes
    contents: dict[str, Callable[[], str]] = {
        routes.PAPERS_JSON: lambda: papers_json(collection, site_url, bibtex.keys),
        routes.PAPERS_SCHEMA: schema_json,
        routes.PAPERS_BIB: lambda: collection_bibtex(collection, bibtex),
        routes.PAPERS_CSL_JSON: lambda: collection_csl_json(collection, bibtex.keys),
        routes.PAPERS_RIS: lambda: collection_ris(collection, bibtex.keys),
        routes.FEED: lambda: atom_feed(collection, title, site_url, description, feed_entries),
    }
    written: list[Path] = []
    for name, text in contents.items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        written.append(replace_file(site_dir / name, text()))
    write_paper_bibs(collection, site_dir, bibtex)
    write_term_feeds(collection, site_dir, title, site_url)
    return written
