"""Web of Science's plain-text export ("FN Clarivate Analytics Web of Science", two-letter tags, continuation
lines indented three spaces, "ER" after each record; what bibliometrix and VOSviewer read) as `PaperDraft`s, read
with `wosfile`; and its tab-delimited export (savedrecs.txt: a header row of the same tags, a record a line, no
quoting), read by splitting at tabs.

wosfile gives each record as tag → text (lists joined with "; "); this module maps the tags to paper fields:
full author names (AF, else AU), the title (TI, whose `<i>` tags are dropped), the source (SO), the date
(PY, with PD's month and day: "MAY 4", "2024 OCT 9"), DOI (DI), abstract (AB), author keywords (DE) and
Keywords Plus (ID) as tags and for topics, volume, issue and pages (VL, IS, BP–EP or AR), publisher (PU),
document type (DT), and links to the record on Web of Science (UT) and PubMed (PM).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator

from wosfile.read import PlainTextReader, ReadError

from ..model.problems import UsageError
from . import (
    PaperDraft,
    Parsed,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    month_number,
    page_range,
)
from .csl import rich_text
from .identifiers import clean_doi, located_fields, plain_identifier, pubmed_links
from .ris import person_name

Record = dict[str, str]
READ_TAGS = frozenset({"PT", "AU", "AF", "TI", "SO", "DT", "DE", "ID", "AB", "PY", "PD", "VL", "IS", "BP", "EP", "AR",
                       "DI", "PU", "UT", "PM"})
# Web of Science's bookkeeping, not the paper's: left out of "ignored fields" so each record does not list them.
BOOKKEEPING = frozenset({"FN", "VR", "LA", "NR", "TC", "Z9", "U1", "U2", "PI", "PA", "SN", "EI", "BN", "J9", "JI", "PG",
                         "WC", "WE", "SC", "GA", "DA", "OA", "EA", "HC", "HP", "SI", "PN", "SU", "MA", "D2", "BS"})
BIBTEX_TYPES = {"article": "article", "review": "article", "proceedings paper": "inproceedings",
                "editorial material": "misc", "letter": "article", "book chapter": "incollection", "book": "book",
                "meeting abstract": "misc", "data paper": "article", "correction": "misc", "note": "article"}
WOS_URL = "https://www.webofscience.com/wos/woscc/full-record/{ut}"
_EF_LINE = re.compile(r"^EF\s*$", re.MULTILINE)
_UT = re.compile(r"^WOS:\d{15}$")
_ISSUE_DATE = re.compile(r"^(?:\d{4} )?([A-Z]{3})(?:[-/ ][A-Z]{3})?(?: (\d{1,2}))?\b")


def looks_like_wos(text: str) -> bool:
    start = text.lstrip("\ufeff")
    return start.startswith("FN ") and "\nVR " in start[:200]


# The tags every tab-delimited export's header starts with, in this order (2017 and 2026 exports alike).
_TAB_HEADER = ("PT", "AU")
_TAG = re.compile(r"^[A-Z][A-Z0-9]$")


def looks_like_wos_tabs(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r").split("\t")
    return (tuple(header[:2]) == _TAB_HEADER and "TI" in header and "UT" in header
            and all(_TAG.match(tag) for tag in header if tag))


def parse_wos_tabs(text: str) -> SourceResult:
    """A record a line under the header of tags: the cells are what the plain-text export's tags hold (lists
    joined with "; "), so each row becomes the same record `record_to_draft` reads."""
    lines = text.lstrip("\ufeff").split("\n")  # not splitlines(): an abstract may hold U+2028 or a form feed
    header = lines[0].rstrip("\r").split("\t")
    result = SourceResult()
    number = 0
    for line_number, line in enumerate(lines[1:], start=2):
        cells = line.rstrip("\r").split("\t")
        record = {tag: cell.strip() for tag, cell in zip(header, cells, strict=False) if tag and cell.strip()}
        if not record:
            continue
        number += 1
        result.items.append(record_to_draft(record, record_origin(number, record.get("UT", ""), line_number)))
    return result


def parse_wos(text: str) -> SourceResult:
    text = text.lstrip("\ufeff")
    result = SourceResult()
    for number, (line, record) in enumerate(_records(text), start=1):
        result.items.append(record_to_draft(record, record_origin(number, record.get("UT", ""), line)))
    return result


def record_origin(number: int, ut: str, line: int) -> str:
    """Where a record is: "record 2 (WOS:001067510500001), line 38"."""
    return f"record {number}" + (f" ({ut})" if _UT.match(ut) else "") + f", line {line}"


def _records(text: str) -> Iterator[tuple[int, Record]]:
    """(line of its first tag, record) for each record."""
    if not _EF_LINE.search(text):
        text += "\nEF\n"  # a file cut after its last record still reads
    starts = record_starts(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # wosfile warns of each tag it does not know
            reader = PlainTextReader(io.StringIO(text, newline=""))
            records = [{tag: value for tag, value in record.items() if isinstance(tag, str) and value}
                       for record in reader]
    except (ReadError, ValueError) as error:  # a line that is neither a tag nor a continuation
        raise UsageError(f"not valid Web of Science text: {collapse_spaces(str(error))[:200]}") from None
    yield from zip(starts + [0] * (len(records) - len(starts)), records, strict=False)


def record_starts(text: str) -> list[int]:
    """The line of each record's first tag: the first line after VR or ER that is not blank."""
    starts, expecting = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(("VR ", "ER")):
            expecting = True
        elif expecting and line.strip() and not line.startswith("EF"):
            starts.append(number)
            expecting = False
    return starts


def record_to_draft(record: Record, origin: str) -> Parsed:
    doi = clean_doi(plain_identifier(record.get("DI", "")))
    keywords = [collapse_spaces(word) for tag in ("DE", "ID") for word in record.get(tag, "").split(";")
                if word.strip()]
    located = located_fields(None, doi, [], collapse_spaces(record.get("SO", "")), keywords)
    ut, pmid = record.get("UT", ""), record.get("PM", "")
    located["links"] = {**({"wos": WOS_URL.format(ut=ut)} if _UT.match(ut) else {}),
                        **pubmed_links(pmid)}
    names = record.get("AF") or record.get("AU", "")
    meta = {
        "title": rich_text(record.get("TI", "")) or None,
        "authors": [name for name in map(person_name, names.split(";")) if name],
        "date": wos_date(record.get("PY", ""), record.get("PD", "")),
        **located,
        "citation": _citation(record),
    }
    draft = PaperDraft(meta, clean_abstract(record.get("AB", "")), origin, keywords=keywords)
    draft.ignored = sorted(tag for tag in record if tag not in READ_TAGS and tag not in BOOKKEEPING)[:40]
    return checked(draft)


def wos_date(year: str, issue: str) -> str | None:
    """PY with PD's month and day when it names them: ("2023", "MAY 4") → 2023-05-04; ("2024", "FEB") → 2024-02."""
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    match = _ISSUE_DATE.match(issue.strip().upper())
    month = month_number(match.group(1)) if match else None
    if not match or not month:
        return year
    day = int(match.group(2)) if match.group(2) else 0
    try:
        return dt.date(int(year), month, day).isoformat()
    except ValueError:  # no day, or none that month has ("FEB 30")
        return f"{year}-{month:02d}"


def _citation(record: Record) -> dict[str, str] | None:
    start, end = record.get("BP", ""), record.get("EP", "")
    pages = page_range(start, end) if start else record.get("AR", "")
    kinds = [kind.strip().lower() for kind in record.get("DT", "").split(";")]
    fields = {"type": next((BIBTEX_TYPES[kind] for kind in kinds if kind in BIBTEX_TYPES), None),
              "volume": record.get("VL"), "number": record.get("IS"), "pages": pages,
              "publisher": collapse_spaces(record.get("PU", ""))}
    return citation_fields(fields)
