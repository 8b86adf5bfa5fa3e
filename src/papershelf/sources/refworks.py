"""RefWorks' tagged format (RefWorks → Export → "Bibliographic Software (EndNote, Reference Manager, ProCite)"
or "RefWorks Tagged Format"; CNKI and many university databases write it too) as `PaperDraft`s.

A record is lines `RT Journal Article`, `A1 Allan,Steven`, `T1 …`, `JF …`, `YR 2002`, … after an optional
header (the tag legend RefWorks writes first). Records are read as EndNote's tagged records are
(`refer.read_records`, starting at `RT`), and each is mapped to the fields rispy gives an RIS record and read
by `ris.entry_to_draft`.
"""

from __future__ import annotations

import re

from . import SourceResult
from .identifiers import clean_doi
from .refer import ReferRecord, parse_tagged, read_records, year_and_date
from .ris import RisEntry

# RefWorks' reference types as RIS's (ris.BIBTEX_TYPES then gives the BibTeX type)
REFWORKS_TYPES = {"journal article": "JOUR", "journal, electronic": "EJOUR", "magazine article": "MGZN",
                  "newspaper article": "NEWS", "conference proceedings": "CONF", "book, whole": "BOOK",
                  "book, edited": "BOOK", "book, section": "CHAP", "dissertation": "THES", "dissertation/thesis": "THES",
                  "report": "RPRT", "unpublished material": "UNPB", "patent": "PAT", "web page": "ELEC",
                  "generic": "GEN"}
# Every tag of RefWorks' own legend: a line that starts with another word is text, not a field.
TAGS = ("RT SR ID A1 A2 A3 A4 A5 A6 T1 T2 T3 JF JO YR FD VO IS SP OP K1 AB NO ED PB PP SN AV AD AN LA CL SF OT LK "
        "DO CN DB DS IP RD ST UL SL LL CR WT WV WP OL PMID PMCID " + " ".join(f"U{n}" for n in range(1, 16))).split()
_TAG_LINE = re.compile(rf"({'|'.join(sorted(TAGS, key=len, reverse=True))}) (.*)")  # `RT=Reference Type`: the legend
_FIRST_RECORD = re.compile(r"^RT \S", re.MULTILINE)
READ_TAGS = frozenset({"RT", "A1", "T1", "T2", "JF", "JO", "YR", "FD", "VO", "IS", "SP", "OP", "K1", "AB", "PB", "DO",
                       "UL", "LK"})
TAG_NAMES = {"SR": "source type", "ID": "reference id", "A2": "secondary authors", "A3": "tertiary authors",
             "NO": "notes", "SN": "ISSN/ISBN", "AD": "author address", "AN": "accession number", "LA": "language",
             "CL": "classification", "PP": "place of publication", "OL": "output language", "ED": "edition",
             "T3": "tertiary title", "CN": "call number", "DB": "database", "DS": "data source",
             "RD": "retrieved date"}
# RefWorks' and the database's bookkeeping, not the paper's: not reported.
BOOKKEEPING_TAGS = frozenset({"SR", "ID", "OL", "DS", "DB", "RD"})


def looks_like_refworks(text: str) -> bool:
    """A first line `RT Journal Article` (or RefWorks' header), and an `RT` line that starts a record."""
    first = text.lstrip()[:200]
    return (first.startswith("RT ") or first.startswith("Refworks Export Tagged Format")) and \
        bool(_FIRST_RECORD.search(text[:100_000]))


def parse_refworks(text: str) -> SourceResult:
    return parse_tagged(read_records(text, _TAG_LINE, "RT"), ris_entry, ignored_tags, "AB")


def ris_entry(record: ReferRecord) -> RisEntry:
    """The record as the fields rispy gives an RIS record."""
    kind = REFWORKS_TYPES.get(record.first("RT").lower(), "GEN")
    entry: dict[str, object] = {
        "type_of_reference": kind,
        "title": record.first("T1"),
        "authors": record.values("A1"),
        "date": year_and_date(record.first("YR"), record.first("FD")),
        "journal_name": record.first("JF") or record.first("JO"),
        "secondary_title": record.first("T2"),  # the book of a section, the conference of a paper
        "publisher": record.first("PB"),
        "volume": record.first("VO"),
        "number": record.first("IS"),
        "start_page": record.first("SP"),
        "end_page": record.first("OP"),
        "abstract": record.first("AB"),
        "keywords": record.values("K1"),
        "doi": next((value for value in record.values("DO") if clean_doi(value)), ""),
        "urls": record.values("UL") + record.values("LK"),
    }
    return {key: value for key, value in entry.items() if value}



def ignored_tags(record: ReferRecord) -> list[str]:
    ignored = [f"{tag} ({TAG_NAMES[tag]})" if tag in TAG_NAMES else tag for tag, _ in record.fields
               if tag not in READ_TAGS and tag not in BOOKKEEPING_TAGS]
    ignored += [f"DO ('{value[:60]}' is not a DOI)" for value in record.values("DO") if not clean_doi(value)]
    return list(dict.fromkeys(ignored))
