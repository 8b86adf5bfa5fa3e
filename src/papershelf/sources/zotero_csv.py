"""Zotero's CSV export (File → Export Library… → CSV) as `PaperDraft`s, read with Python's `csv` module.

Zotero writes one row per item under a header of ~90 columns ("Key", "Item Type", "Publication Year",
"Author", "Title", …). Columns are found by their header names, so a spreadsheet that uses the same
names reads too. Authors are "Last, First; Last, First"; tags ("Manual Tags", "Automatic Tags") are
"; "-separated; "Extra" holds "Name: value" lines (Zotero writes "arXiv: 2003.07441" and "DOI: …"
there). "File Attachments" holds paths on the exporter's own disk: never read. "Notes" holds the
library's own notes, which may be private: not read, and reported as an ignored field, so nothing
reaches a public site unasked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..model.problems import UsageError
from . import PaperDraft, Parsed, SourceResult, checked, clean_abstract, collapse_spaces
from .identifiers import arxiv_from_eprint, clean_doi, first_arxiv, is_http_url, located_fields, plain_identifier
from .ris import person_name, ris_date

# Zotero's item types as BibTeX entry types, for the exports.
BIBTEX_TYPES = {"journalArticle": "article", "conferencePaper": "inproceedings", "book": "book",
                "bookSection": "incollection", "report": "techreport", "thesis": "phdthesis",
                "preprint": "misc", "manuscript": "unpublished", "magazineArticle": "article",
                "newspaperArticle": "article", "blogPost": "misc", "webpage": "misc"}
READ_COLUMNS = frozenset({"Key", "Item Type", "Publication Year", "Author", "Title", "Publication Title", "DOI", "Url",
                          "Abstract Note", "Date", "Pages", "Issue", "Volume", "Publisher", "Extra", "Manual Tags",
                          "Automatic Tags", "Conference Name", "Proceedings Title"})
# Zotero's bookkeeping, not the paper's: left out of "ignored fields" so each row does not list them.
BOOKKEEPING = frozenset({"Date Added", "Date Modified", "Access Date", "Library Catalog", "Short Title", "Language",
                         "ISSN", "ISBN", "Journal Abbreviation", "Rights", "Call Number", "Archive",
                         "Archive Location", "File Attachments"})
READ_EXTRA = frozenset({"arxiv", "doi"})  # the lines of "Extra" read; any other makes it an ignored field
REQUIRED_COLUMNS = ("Item Type", "Title", "Author")
MAX_FIELD = 1024 * 1024  # csv's default limit is 128 KB a field; a library's longest abstract or note is far less
# An untrusted header can name thousands of long columns: a row's "ignored fields" line names a few, counts the rest.
MAX_IGNORED_NAMES, MAX_NAME = 20, 60


def looks_like_zotero_csv(text: str) -> bool:
    """A first line that is a CSV header naming Zotero's columns."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return header.startswith('"Key"') and all(f'"{name}"' in header for name in REQUIRED_COLUMNS)


def parse_zotero_csv(text: str) -> SourceResult:
    result = SourceResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    default_limit = csv.field_size_limit(MAX_FIELD)  # a process-wide setting: put back below
    line = 2  # the first row's first line: the header is line 1
    try:
        for number, row in enumerate(reader, start=1):
            key = (row.get("Key") or "").strip()
            where = f"row {number}" + (f" (key {key})" if key and len(key) < 40 else "") + f", line {line}"
            result.items.append(row_to_draft(row, where))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(f"not valid CSV after line {line}: {collapse_spaces(str(error))[:200]}") from None
    finally:
        csv.field_size_limit(default_limit)
    return result


def row_to_draft(row: dict[str | None, str | list[str] | None], origin: str) -> Parsed:
    fields = {name: _cell(value) for name, value in row.items() if isinstance(name, str)}
    extra = extra_fields(fields.get("Extra", ""))
    doi = clean_doi(plain_identifier(fields.get("DOI", "").rstrip(";"))) or clean_doi(extra.get("doi", ""))
    url = plain_identifier(fields.get("Url", ""))
    venue = fields.get("Publication Title") or fields.get("Proceedings Title") or fields.get("Conference Name") or ""
    arxiv = arxiv_from_eprint(extra.get("arxiv", "")) or first_arxiv(doi, [url], [venue, fields.get("Pages", "")])
    keywords = [collapse_spaces(word) for column in ("Manual Tags", "Automatic Tags")
                for word in fields.get(column, "").split(";") if word.strip()]
    meta = {
        "title": collapse_spaces(fields.get("Title", "")) or None,
        "authors": [name for name in map(person_name, fields.get("Author", "").split(";")) if name],
        "date": ris_date(fields.get("Date", "")) or ris_date(fields.get("Publication Year", "")),
        **located_fields(arxiv, doi, [url], collapse_spaces(venue), keywords),
        "citation": _citation(fields, url),
    }
    draft = PaperDraft(meta, clean_abstract(fields.get("Abstract Note", "")), origin, keywords=keywords)
    unread = [name for name, value in fields.items() if value and name not in READ_COLUMNS and name not in BOOKKEEPING]
    if set(extra) - READ_EXTRA:
        unread.append("Extra")  # lines other than arXiv and DOI: "Section: …", "Google-Books-ID: …"
    past_header = row.get(None)
    draft.ignored = ignored_columns(unread) + (
        [f"{len(past_header)} cells past the header's last column"] if isinstance(past_header, list) else [])
    return checked(draft)


def ignored_columns(names: Iterable[str]) -> list[str]:
    """The unread columns a row fills, sorted; past MAX_IGNORED_NAMES (or any too long to be a column's name)
    counted, not named."""
    ignored = sorted(names)
    shown = [name for name in ignored if len(name) <= MAX_NAME][:MAX_IGNORED_NAMES]
    return shown + ([f"{len(ignored) - len(shown)} more columns"] if len(ignored) > len(shown) else [])


def _cell(value: str | list[str] | None) -> str:
    """A cell's text (a row longer than the header gives its extra cells as a list under None: counted apart)."""
    return value.strip() if isinstance(value, str) else ""


def extra_fields(extra: str) -> dict[str, str]:
    """Zotero's "Extra" lines ("arXiv: 2003.07441", "DOI: 10.2139/ssrn.3281765") by lower-cased name (the first
    line of a name counts); a line that is no "Name: value" is kept under "" so that it is not lost unmentioned."""
    fields: dict[str, str] = {}
    for line in extra.splitlines():
        name, colon, value = line.partition(":")
        name = name.strip()
        if colon and value.strip() and len(name) <= 40 and name.replace(" ", "").replace("-", "").isalpha():
            fields.setdefault(name.lower(), value.strip())
        elif line.strip():
            fields.setdefault("", line.strip())
    return fields


def _citation(fields: dict[str, str], url: str) -> dict[str, str] | None:
    pages = fields.get("Pages", "")
    values: dict[str, str | None] = {
        "type": BIBTEX_TYPES.get(fields.get("Item Type", "")),
        "volume": fields.get("Volume"), "number": fields.get("Issue"),
        "pages": pages.replace("-", "–") if pages and not pages.lower().startswith("arxiv") else None,
        "publisher": collapse_spaces(fields.get("Publisher", "")),
        "url": url if is_http_url(url) and not clean_doi(url) else None,
    }
    citation = {name: value for name, value in values.items() if value and (name == "url" or len(value) <= 100)}
    return citation or None
