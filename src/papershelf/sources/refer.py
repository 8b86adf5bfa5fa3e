"""EndNote's tagged format (Refer/BibIX, `.enw`) as `PaperDraft`s: what Google Scholar's "EndNote" link, the ACL
Anthology, CNKI, Wanfang and many publishers' "export citation" write.

A record is lines `%T Title`, `%A Last, First`, `%D 2017`, … ; a line without a tag continues the field above it.
Records start with `%0 Type` or follow a blank line. Each record is mapped to the fields rispy gives an RIS
record and read as RIS is (`ris.entry_to_draft`): one mapping from paper fields to exporters' fields, not two.
CNKI writes several names or keywords in one line (`%A 谢明勇;聂少平`, `%K 黄芪;药理作用`); Wanfang's keywords
are separated by spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import PaperDraft, SourceResult, clean_abstract, month_number
from .identifiers import clean_doi
from .ris import RisEntry, entry_to_draft, ris_date

# EndNote's reference types as RIS's (ris.BIBTEX_TYPES then gives the BibTeX type)
REFER_TYPES = {"journal article": "JOUR", "electronic article": "EJOUR", "magazine article": "MGZN",
               "newspaper article": "NEWS", "conference proceedings": "CONF", "conference paper": "CPAPER",
               "book": "BOOK", "edited book": "BOOK", "electronic book": "EBOOK", "book section": "CHAP",
               "thesis": "THES", "report": "RPRT", "unpublished work": "UNPB", "patent": "PAT", "web page": "ELEC"}
# Tags read into the paper; how the others are named in the import report.
READ_TAGS = frozenset("0TADJBSIVNPXKRUF8")
SINGLE_VALUE_TAGS = "TDJBSIVNPXF8"  # read once: a second value is reported (%0, %A, %K, %R and %U may repeat)
TAG_NAMES = {"@": "ISSN/ISBN", "+": "affiliations", "Y": "secondary authors", "E": "editors", "C": "place",
             "G": "language", "H": "translated authors", "Z": "notes", "M": "accession number", "L": "call number",
             "9": "type of work", "!": "short title", "7": "edition", "O": "alternate title", "Q": "translated title"}
# The database that wrote the record (CNKI, Wanfang): the exporter's, not the paper's; not reported.
BOOKKEEPING_TAGS = frozenset("W")
_TAG_LINE = re.compile(r"%(\S) ?(.*)")
_FIRST_TAG = re.compile(r"%[0-9A-Z@+!?~#$&*^] ")
_LIST_SEPARATOR = re.compile(r"[;；]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class ReferRecord:
    line: int  # where it starts, from 1
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, tag: str) -> list[str]:
        return [value.strip() for name, value in self.fields if name == tag and value.strip()]

    def first(self, tag: str) -> str:
        found = self.values(tag)
        return found[0] if found else ""


def looks_like_refer(text: str) -> bool:
    """The first line is a tag (`%0 Journal Article`, or `%T …` in a file without types) and a title is tagged."""
    return bool(_FIRST_TAG.match(text)) and (text.startswith("%T ") or "\n%T " in text.replace("\r\n", "\n"))


def read_records(text: str, tag_line: re.Pattern[str] = _TAG_LINE, type_tag: str = "0") -> list[ReferRecord]:
    """The records of a tagged file: `tag_line` matches a field's line (tag, value); a record starts at its
    first field, at a `type_tag` field once the record has more than types, and after a blank line.
    RefWorks' tagged format is read the same way (refworks.py)."""
    records: list[ReferRecord] = []
    current: ReferRecord | None = None
    pieces: list[str] = []  # the field being read, line by line: joined once, so a field of many lines costs linear time
    after_blank = False
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        tagged = tag_line.fullmatch(line.rstrip())
        if not line.strip():
            after_blank = True
            continue
        if tagged:
            _close_field(current, pieces)
            tag, value = tagged.groups()
            starts = current is None or (current.fields and (after_blank or (tag == type_tag and _has_content(current, type_tag))))
            if starts:
                current = ReferRecord(number)
                records.append(current)
            assert current is not None
            current.fields.append((tag, value))
            pieces = [value]
        elif current is not None and current.fields:  # a line that continues the field above it
            pieces.append(("\n\n" if after_blank else " ") + line.strip())
        after_blank = False
    _close_field(current, pieces)
    return records


def _close_field(record: ReferRecord | None, pieces: list[str]) -> None:
    """The field read last, with its continuation lines."""
    if record is not None and record.fields and len(pieces) > 1:
        record.fields[-1] = (record.fields[-1][0], "".join(pieces))


def _has_content(record: ReferRecord, type_tag: str) -> bool:
    """Whether a record has more than its types: `%0 Serial` then `%0 Audio` are one record's."""
    return any(tag != type_tag for tag, _ in record.fields)


def parse_refer(text: str) -> SourceResult:
    return parse_tagged(read_records(text), ris_entry, ignored_tags, "X")


def parse_tagged(records: list[ReferRecord], to_ris: Callable[[ReferRecord], RisEntry],
                 ignored: Callable[[ReferRecord], list[str]], abstract_tag: str) -> SourceResult:
    """Each record of a tagged format (this one, RefWorks') as RIS's fields read by `ris.entry_to_draft`; its
    own tags reported as ignored, and its abstract with its paragraphs (RIS's reader joins lines)."""
    result = SourceResult()
    for number, record in enumerate(records, start=1):
        draft = entry_to_draft(to_ris(record), f"entry {number}, line {record.line}")
        if isinstance(draft, PaperDraft):
            draft.ignored = ignored(record) + draft.ignored
            draft.abstract = clean_abstract(record.first(abstract_tag))
        result.items.append(draft)
    return result


def ris_entry(record: ReferRecord) -> RisEntry:
    """The record as the fields rispy gives an RIS record."""
    pages = _pages(record.values("P"))
    start, _, end = pages.partition("-")
    doi = next((value for value in record.values("R") if clean_doi(value)), "")
    entry: dict[str, object] = {
        "type_of_reference": REFER_TYPES.get(record.first("0").lower(), "GEN"),
        "title": record.first("T"),
        "authors": [name.strip() for value in record.values("A") for name in _LIST_SEPARATOR.split(value)
                    if name.strip()],
        "date": year_and_date(record.first("D"), record.first("8")),
        "journal_name": record.first("J"),
        "secondary_title": record.first("B"),
        "alternate_title2": record.first("S"),  # the ACL Anthology's proceedings title
        "publisher": record.first("I"),
        "volume": record.first("V"),
        "number": record.first("N"),
        "start_page": start.strip(),
        "end_page": end.strip(),
        "abstract": record.first("X"),
        "keywords": [word for value in record.values("K") for word in _keywords(value)],
        "doi": doi,
        "urls": record.values("U"),
        "id": record.first("F"),
    }
    return {key: value for key, value in entry.items() if value}


def _pages(values: list[str]) -> str:
    """A range where one is given (CNKI writes a page count and a range: `%P 5`, `%P 269-273`), else the first."""
    return next((value for value in values if "-" in value), values[0] if values else "")


def year_and_date(year: str, date: str) -> str:
    """A year field with a date or month field (EndNote's `%D` and `%8`: the ACL Anthology's "November", a
    publisher's "August 1", CNKI's "2023-05-16"; RefWorks' `YR` and `FD` "Feb"), as an RIS date "2025/11"."""
    if ris_date(date) and len(date) > 4:
        return date
    if not ris_date(year):
        return date if ris_date(date) else ""
    month = month_number(date.split()[0]) if date.strip() else None
    return f"{year[:4]}/{month:02d}" if month and len(year.strip()) == 4 else year


def _keywords(value: str) -> list[str]:
    """One `%K` line's keywords: split at semicolons (CNKI), and at spaces in CJK text without them (Wanfang)."""
    if _LIST_SEPARATOR.search(value):
        return [word.strip() for word in _LIST_SEPARATOR.split(value) if word.strip()]
    if _CJK.search(value):
        return value.split()
    return [value.strip()] if value.strip() else []


def ignored_tags(record: ReferRecord) -> list[str]:
    """The record's tags not read into the paper, each once, as `%@ (ISSN/ISBN)`; the values of a one-value
    field other than the one read (Wanfang's journal title in English, CNKI's page count); a DOI field that
    holds no DOI."""
    ignored = []
    for tag, _ in record.fields:
        if tag not in READ_TAGS and tag not in BOOKKEEPING_TAGS:
            ignored.append(f"%{tag} ({TAG_NAMES[tag]})" if tag in TAG_NAMES else f"%{tag}")
    for tag in SINGLE_VALUE_TAGS:
        values = record.values(tag)
        used = _pages(values) if tag == "P" else (values[0] if values else "")
        ignored += [f"%{tag} ('{value[:60]}': another value than the one read)" for value in values if value != used]
    dois = [value for value in record.values("R") if clean_doi(value)]
    ignored += [f"%R ('{value[:60]}': another DOI than the one read)" for value in dois[1:]]
    ignored += [f"%R ('{value[:60]}' is not a DOI)" for value in record.values("R") if not clean_doi(value)]
    return list(dict.fromkeys(ignored))
