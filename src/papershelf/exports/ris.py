"""papers.ris: the whole collection as RIS, written by rispy, what EndNote, Zotero and Mendeley import.

One record per paper, newest first: TY from the entry type, TI, AU ("Family,
Given"; an organization "Name,", as EndNote writes a corporate author), PY and DA (the full date), JO or T2 (the venue: a journal, or the
proceedings or book a paper is part of), DO, UR (the entry's URL, the arXiv
page, the paper's other links), AB, KW (each tag), VL, IS, SP/EP, PB and ID
(the citation key). Importing the file gives back every paper with these fields.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from ..model.citation import entry_type, is_organization, name_parts, paper_authors
from ..model.collection import Collection
from ..model.load import Paper
from .bibtex import collection_keys

# BibTeX entry types as RIS reference types (sources/ris.py reads them back).
RIS_TYPES = {"article": "JOUR", "inproceedings": "CPAPER", "conference": "CPAPER", "incollection": "CHAP",
             "inbook": "CHAP", "book": "BOOK", "phdthesis": "THES", "mastersthesis": "THES", "thesis": "THES",
             "techreport": "RPRT", "report": "RPRT", "unpublished": "UNPB", "misc": "GEN"}


class _Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy has no type information
    """rispy's RIS writer without its "1." line before each record, which the RIS format does not have."""

    def set_header(self, count: int) -> str:
        return ""


def ris_name(name: str) -> str:
    """"Family, Given[, Suffix]" as RIS writes a person, when that gives back the name as written; else the name.
    An organization's name is followed by a comma ("PHENIX Collaboration,"), as EndNote writes a corporate author:
    one name, no given name (the importer reads it back as an organization's)."""
    if is_organization(name):
        return f"{name},"
    suffixed = _SUFFIXED.fullmatch(name)
    if suffixed:
        return f"{ris_name(suffixed.group(1))}, {suffixed.group(2)}"
    given, family = name_parts(name)
    if given and family and "," not in name and " ".join(f"{given} {family}".split()) == " ".join(name.split()):
        return f"{family}, {given}"
    return name


_SUFFIXED = re.compile(r"([^,]+),\s*(Jr\.?|Sr\.?|II|III|IV)", re.IGNORECASE)


def ris_date(date: str) -> str:
    """DA as Zotero writes it: "2017/04/02/", "2019/08//", "2002///"."""
    parts = date.split("-")
    return "/".join(parts + [""] * (3 - len(parts))) + "/"


def one_line(text: str) -> str:
    return " ".join(text.split())


def ris_record(paper: Paper, key: str) -> dict[str, Any]:
    meta, citation = paper.meta, paper.meta.citation
    kind = getattr(citation, "type", None) or entry_type(paper)[0]
    record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(kind, "GEN"), "id": key, "title": one_line(meta.title),
                    # a paper whose authors are not named: "others", which the importer counts, not names
                    "authors": [ris_name(name) for name in paper_authors(paper)] or ["others"], "year": meta.date[:4],
                    "date": ris_date(meta.date)}
    if meta.venue:
        record["journal_name" if kind == "article" else "secondary_title"] = one_line(meta.venue)
    url = getattr(citation, "url", None)
    arxiv_page = f"https://arxiv.org/abs/{meta.arxiv}" if meta.arxiv and f"arxiv.org/abs/{meta.arxiv}" not in (url or "") \
        else None
    urls = [url, arxiv_page, *(str(link) for link in meta.links.values())]
    pages = (getattr(citation, "pages", None) or "").replace("--", "–")
    start, _, end = pages.partition("–")
    optional = {"doi": meta.doi, "urls": list(dict.fromkeys(url for url in urls if url)),
                "abstract": one_line(paper.abstract), "keywords": list(meta.tags),
                "volume": getattr(citation, "volume", None), "number": getattr(citation, "number", None),
                "start_page": start.strip(), "end_page": end.strip(), "publisher": getattr(citation, "publisher", None)}
    record.update((name, value) for name, value in optional.items() if value)
    return record


def collection_ris(collection: Collection, keys: dict[str, str] | None = None) -> str:
    """Every paper of the collection, newest first, as RIS records (UTF-8)."""
    keys = collection_keys(collection) if keys is None else keys  # the BibTeX export's, when given
    records = [ris_record(paper, keys.get(paper.slug, paper.slug)) for paper in collection.papers]
    return str(rispy.dumps(records, implementation=_Writer))
