"""PubMed's MEDLINE format (Save → "PubMed" format, the `.nbib` a citation manager download gives) as
`PaperDraft`s, with Biopython's `Bio.Medline`.

Biopython reads the tagged records (`TI  - …`, continuation lines indented six spaces) into
dictionaries; this module maps them to paper fields: the full author names (FAU, else AU) and group
authors (CN), the date of electronic publication (DEP) when there is one, else the issue's (DP: "2019
May", "2015 Jul 30", "2018 Dec-2019 Jan"), the DOI among the article ids (LID, AID: "10.… [doi]"),
the journal (JT, else TA), volume, issue and pages (PG, "85-93"; PubMed shortens "1234-1239" to
"1234-9"), keywords (OT) and MeSH headings (MH, without their subheadings and stars), and a link
to the record on PubMed (and to PubMed Central's free copy, PMC).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from Bio import Medline

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
from .identifiers import clean_doi, located_fields, pubmed_links
from .ris import person_name

PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/{pmc}/"
READ_TAGS = frozenset({"PMID", "TI", "AB", "FAU", "AU", "CN", "DP", "DEP", "LID", "AID", "JT", "TA", "VI", "IP", "PG",
                       "OT", "MH", "PMC", "PT"})
_RECORD_START = re.compile(r"^PMID- ", re.MULTILINE)
_ISSUE_DATE = re.compile(r"^(\d{4})(?:\s+([A-Za-z]{3})[a-z]*(?:\s+(\d{1,2}))?)?")
_ELECTRONIC_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PAGES = re.compile(r"^(\d+)-(\d+)$")
# MEDLINE records book chapters and the like, but nearly every record is an article; PT names its kind.
BIBTEX_TYPES = {"Book": "book", "Book Chapter": "incollection", "Preprint": "unpublished"}

Record = dict[str, str | list[str]]


def looks_like_medline(text: str) -> bool:
    return _RECORD_START.search(text) is not None


def parse_medline(text: str) -> SourceResult:
    result = SourceResult()
    for number, (line, record) in enumerate(_records(text), start=1):
        pmid = _text(record, "PMID")
        where = f"record {number}" + (f" (PMID {pmid})" if pmid else "") + f", line {line}"
        result.items.append(record_to_draft(record, where))
    return result


def _records(text: str) -> Iterator[tuple[int, Record]]:
    """(line of its first tag, record) for each record; Biopython splits records at blank lines, as here."""
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, start=1)
              if line.strip() and (number == 1 or not lines[number - 2].strip())]
    try:
        records = list(Medline.parse(io.StringIO(text)))  # type: ignore[no-untyped-call]  # Biopython has no types
    except (ValueError, KeyError) as error:  # a line that is neither a tag nor a continuation
        raise UsageError(f"not valid MEDLINE: {collapse_spaces(str(error))[:200]}") from None
    yield from zip(starts + [0] * (len(records) - len(starts)), records, strict=False)


def _text(record: Record, tag: str) -> str:
    value = record.get(tag)
    if isinstance(value, list):
        value = " ".join(value)
    return collapse_spaces(value) if value else ""


def _list(record: Record, tag: str) -> list[str]:
    value = record.get(tag)
    values = value if isinstance(value, list) else [value] if value else []
    return [collapse_spaces(item) for item in values if item.strip()]


def record_to_draft(record: Record, origin: str) -> Parsed:
    pmid, pmc = _text(record, "PMID"), _text(record, "PMC")
    doi = next((clean_doi(found) for tag in ("LID", "AID") for found in doi_ids(_text(record, tag))), None)
    keywords = [*_list(record, "OT"), *(heading.split("/")[0] for heading in _list(record, "MH"))]
    keywords = [word.replace("*", "").strip() for word in keywords if word.replace("*", "").strip()]
    located = located_fields(None, doi, [], _text(record, "JT") or _text(record, "TA"), keywords)
    located["links"] = {**pubmed_links(pmid),
                        **({"pmc": PMC_URL.format(pmc=pmc)} if re.fullmatch(r"PMC\d+", pmc) else {})}
    meta = {
        "title": medline_title(_text(record, "TI")) or None,
        "authors": [name for name in map(person_name, _list(record, "FAU") or _list(record, "AU")) if name]
                   + _list(record, "CN"),
        "date": electronic_date(_text(record, "DEP")) or issue_date(_text(record, "DP")),
        **located,
        "citation": _citation(record),
    }
    draft = PaperDraft(meta, clean_abstract(_text(record, "AB")), origin, keywords=keywords)
    draft.ignored = sorted(tag for tag in record if tag not in READ_TAGS)
    return checked(draft)


def doi_ids(article_ids: str) -> list[str]:
    """The ids marked "[doi]" among LID's or AID's ("S0090-8258(19)30133-7 [pii] 10.1016/j.ygyno.2019.02.023 [doi]")."""
    words = article_ids.split()
    return [words[index - 1] for index in range(1, len(words)) if words[index] == "[doi]"]


def medline_title(title: str) -> str:
    """MEDLINE ends every title with a period, and brackets one translated into English: neither is the title's."""
    if title.startswith("[") and title.endswith("].") or title.startswith("[") and title.endswith("]"):
        title = title[1:title.rindex("]")]
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def issue_date(value: str) -> str | None:
    """DP: "2019", "2019 May", "2015 Jul 30", "2019 Spring", "2018 Dec-2019 Jan" (the first day it names)."""
    match = _ISSUE_DATE.match(value)
    if not match:
        return None
    year, month, day = match.group(1), month_number(match.group(2) or ""), match.group(3)
    if not month:
        return year
    return f"{year}-{month:02d}-{int(day):02d}" if day and 1 <= int(day) <= 31 else f"{year}-{month:02d}"


def electronic_date(value: str) -> str | None:
    """DEP: "20190319"."""
    match = _ELECTRONIC_DATE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1 <= int(match.group(3)) <= 31:
        return None
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"


def medline_pages(value: str) -> str:
    """PG: "85-93" as "85–93"; PubMed's shortened "1234-9" is "1234–1239"."""
    match = _PAGES.match(value)
    if not match:
        return value
    start, end = match.groups()
    if len(end) < len(start):
        end = start[:len(start) - len(end)] + end
    return page_range(start, end)


def _citation(record: Record) -> dict[str, str] | None:
    kinds = _list(record, "PT")
    fields = {
        "type": next((BIBTEX_TYPES[kind] for kind in kinds if kind in BIBTEX_TYPES), "article"),
        "volume": _text(record, "VI"), "number": _text(record, "IP"), "pages": medline_pages(_text(record, "PG")),
    }
    return citation_fields(fields)
