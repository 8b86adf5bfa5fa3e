"""papers.json: every paper's metadata, for scripts and other sites.

The pydantic models below are the format: the export is built from them and
schema/papers.schema.json is generated from them (`write_schema()`; a test
checks the committed copy), so the two cannot drift apart. Field names are stable; new fields may be added, none renamed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model.citation import is_organization
from ..model.collection import Collection, author_names
from ..model.load import Paper
from ..model.routes import Routes
from ..model.writer import replace_file
from .bibtex import collection_keys

FORMAT_VERSION = 1
SCHEMA_PATH = "schema/papers.schema.json"


class ExportedTopic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The topic id that papers list in `topics`.")
    title: str
    description: str
    url: str = Field(description="The topic's page, relative to papers.json unless the site URL is known.")
    count: int = Field(ge=0, description="Number of papers with this topic.")


class ExportedPaper(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(description="The paper's id: its file name without `.md`, and the last part of its URL.")
    title: str
    authors: list[str] = Field(description="Author names in the paper's order, canonical spelling from authors.yml.")
    organizations: list[str] = Field(default_factory=list, description="The names in `authors` that are "
                                     "organizations' (a collaboration, an institution, a company), not people's: "
                                     "those the paper file lists in `organizations` and those that say so "
                                     "themselves (\"PHENIX Collaboration\"), in the order of `authors`.")
    author_count: int = Field(ge=0, description="The number of authors, including any whose names are not recorded "
                                                "(with `more_authors`, the number named).")
    more_authors: bool = Field(default=False, description="true: the paper has more authors than `author_count`, "
                                                          "how many is not known (a source's \"and others\").")
    date: str = Field(description="First public version: YYYY-MM-DD, YYYY-MM or YYYY.")
    year: int
    added: str | None = Field(description="When the paper joined the collection (YYYY-MM-DD), if recorded.")
    topics: list[str] = Field(description="Topic ids; see the top-level `topics` list for their titles.")
    tags: list[str]
    venue: str | None
    arxiv: str | None = Field(description="arXiv identifier, e.g. 2401.10000.")
    doi: str | None
    upvotes: int | None = Field(description="Hugging Face Daily Papers upvotes, where known.")
    links: dict[str, str] = Field(description="Named http(s) links: pdf, code, project, …")
    abstract: str = Field(description="The abstract as written in the paper file (Markdown source, not HTML).")
    notes: str = Field(description="The curator's notes (Markdown source), or an empty string.")
    citation: dict[str, str] = Field(default_factory=dict, description="The citation key the BibTeX exports give "
                                     "the paper (an imported entry's own, else a readable one), and its BibTeX type, "
                                     "volume, number, pages, publisher and URL where the paper file records them.")
    url: str = Field(description="The paper's page, relative to papers.json unless the site URL is known.")
    bibtex_url: str = Field(description="The paper's BibTeX file, resolved the same way as `url`.")


class PapersExport(BaseModel):
    """The content of papers.json."""

    model_config = ConfigDict(extra="forbid", title="papershelf papers.json")

    version: int = Field(description=f"Format version, {FORMAT_VERSION}; raised only for incompatible changes.")
    site_url: str | None = Field(description="The site's address, when mkdocs.yml sets site_url.")
    count: int = Field(ge=0, description="The number of papers.")
    topics: list[ExportedTopic]
    papers: list[ExportedPaper] = Field(description="Every paper, newest first (by date, then title).")


def papers_json_schema() -> dict[str, Any]:
    schema = PapersExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://papershelf.invalid/schema/papers.schema.json"
    return schema


def exported_paper(collection: Collection, paper: Paper, site_url: str | None,
                   key: str | None = None) -> ExportedPaper:
    meta = paper.meta
    authors = author_names(collection, paper)
    return ExportedPaper(
        slug=paper.slug, title=meta.title, authors=[str(name) for name in authors],
        organizations=[str(name) for name in authors if is_organization(name)],
        author_count=meta.author_count or len(meta.authors), more_authors=bool(meta.more_authors), date=meta.date,
        year=int(meta.date[:4]),
        added=meta.added, topics=list(meta.topics), tags=list(meta.tags), venue=meta.venue, arxiv=meta.arxiv,
        doi=meta.doi, upvotes=meta.upvotes, links=dict(meta.links), abstract=paper.abstract, notes=paper.notes,
        citation={**(meta.citation.model_dump(mode="json", exclude_none=True) if meta.citation else {}),
                  **({"key": key} if key else {})},
        url=Routes.absolute(site_url, collection.routes.paper(paper.slug)),
        bibtex_url=Routes.absolute(site_url, collection.routes.paper_bibtex(paper.slug)),
    )


def papers_export(collection: Collection, site_url: str | None = None,
                  keys: dict[str, str] | None = None) -> PapersExport:
    """`keys`: each paper's citation key (bibtex.collection_keys, computed here if not given)."""
    topics = collection.taxonomies["topics"]
    keys = collection_keys(collection) if keys is None else keys
    return PapersExport(
        version=FORMAT_VERSION, site_url=site_url, count=len(collection.papers),
        topics=[ExportedTopic(id=term.key, title=term.name, description=term.description,
                              url=Routes.absolute(site_url, term.url), count=term.count)
                for term in topics.terms.values()],
        papers=[exported_paper(collection, paper, site_url, keys.get(paper.slug)) for paper in collection.papers],
    )


def script_safe(text: str) -> str:
    """JSON text with <, > and & as \\u escapes: the same data, and safe to paste into an HTML <script>."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def papers_json(collection: Collection, site_url: str | None = None, keys: dict[str, str] | None = None) -> str:
    # pydantic's own serializer writes what json.dumps(..., ensure_ascii=False, indent=1) writes, faster
    return script_safe(papers_export(collection, site_url, keys).model_dump_json(indent=1))


def schema_json() -> str:
    return json.dumps(papers_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path | str = SCHEMA_PATH) -> None:
    """Regenerate the committed schema: python -c 'from papershelf.exports.json_export import write_schema; write_schema()'"""
    replace_file(Path(path), schema_json())
