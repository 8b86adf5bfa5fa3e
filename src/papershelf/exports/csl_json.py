"""papers.csl.json: the whole collection as CSL-JSON, what Zotero, pandoc and citeproc read.

One item per paper, newest first, with every field papershelf records that CSL
has a variable for: title, authors (given/family, or a literal name that does
not split: an organization's always), the full date, the venue (`container-title`), DOI, URL, the arXiv
id (`archive` + `archive_location`, as Zotero stores a repository's id),
abstract, tags (`keyword`), and the citation details. Importing the file
(`papershelf import papers.csl.json`) gives back every paper with these fields.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.citation import entry_type, is_organization, name_parts, paper_authors
from ..model.collection import Collection
from ..model.load import Paper
from .bibtex import collection_keys

# BibTeX entry types as CSL item types (sources/csl.py reads them back).
CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
             "incollection": "chapter", "inbook": "chapter", "book": "book", "phdthesis": "thesis",
             "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report", "report": "report",
             "unpublished": "manuscript", "misc": "document"}


def csl_name(name: str) -> dict[str, Any]:
    """{"given", "family"} when the two give back the name as written; else {"literal": name} (李飞飞); an
    organization's name always `literal`, as Zotero writes a single-field (institutional) creator."""
    if is_organization(name):
        return {"literal": str(name)}
    given, family = name_parts(name)
    if given and family and " ".join(f"{given} {family}".split()) == " ".join(name.split()):
        return {"given": given, "family": family}
    return {"literal": name}


def csl_date(date: str) -> dict[str, Any]:
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def csl_keywords(tags: list[str]) -> str | None:
    """CSL's one keyword string: "a, b" as Zotero writes it, or "a; b" when a tag holds a comma (the importer
    splits at ";" when there is one), so each tag comes back whole."""
    return ("; " if any("," in tag for tag in tags) else ", ").join(tags) or None


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    meta, citation = paper.meta, paper.meta.citation
    kind = getattr(citation, "type", None) or entry_type(paper)[0]
    item: dict[str, Any] = {"id": key, "citation-key": key, "type": CSL_TYPES.get(kind, "document"), "title": meta.title,
                  # a paper whose authors are not named: "others", which the importer counts, not names
                  "author": [csl_name(name) for name in paper_authors(paper)] or [{"literal": "others"}],
                  "issued": csl_date(meta.date)}
    optional = {
        # a book's venue is often its publisher: not its container
        "container-title": meta.venue if meta.venue != getattr(citation, "publisher", None) else None,
        "publisher": getattr(citation, "publisher", None), "DOI": meta.doi,
        "volume": getattr(citation, "volume", None), "issue": getattr(citation, "number", None),
        "page": (getattr(citation, "pages", None) or "").replace("–", "-") or None,
        "URL": getattr(citation, "url", None) or (f"https://arxiv.org/abs/{meta.arxiv}" if meta.arxiv else None),
        "archive": "arXiv" if meta.arxiv else None, "archive_location": meta.arxiv,
        "abstract": paper.abstract.strip() or None, "keyword": csl_keywords(meta.tags),
    }
    item.update((name, str(value)) for name, value in optional.items() if value)
    return item


def collection_csl_json(collection: Collection, keys: dict[str, str] | None = None) -> str:
    """Every paper of the collection, newest first, as a CSL-JSON list (UTF-8, one item per paper)."""
    keys = collection_keys(collection) if keys is None else keys  # the BibTeX export's, when given
    items = [csl_item(paper, keys.get(paper.slug, paper.slug)) for paper in collection.papers]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
