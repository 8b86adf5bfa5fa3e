"""The CSV exports of Zotero (File → Export Library… → CSV), Scopus (Export → CSV), IEEE Xplore (Export →
CSV) and Google Scholar (a profile's Export → CSV) as `PaperDraft`s, read with Python's `csv` module, each by its
own column names.

**Zotero** writes one row per item under ~90 columns ("Key", "Item Type", "Publication Year", "Author",
"Title", …); a spreadsheet that uses the same names reads too. Authors are "Last, First; Last, First";
tags ("Manual Tags", "Automatic Tags") are "; "-separated; "Extra" holds "Name: value" lines (Zotero
writes "arXiv: 2003.07441" and "DOI: …" there). "File Attachments" holds paths on the exporter's own
disk: never read. "Notes" holds the library's own notes, which may be private: not read, and reported
as an ignored field, so nothing reaches a public site unasked.

**Scopus** writes "Authors", "Author full names" ("Last, First (Scopus id); …"), "Title", "Year",
"Source title", "Volume", "Issue", "Page start", "Page end", "DOI", "Link" (the Scopus record),
"Abstract" ("[No abstract available]" when there is none), "Author Keywords", "Index Keywords",
"Publisher", "Document Type", "PubMed ID" and "EID", among ~45 columns.

**IEEE Xplore** writes "Document Title", "Authors" ("T. Tao; C. Bin"), "Publication Title",
"Publication Year", "Start Page", "End Page", "Abstract", "DOI", "PDF Link", "Author Keywords" and
"IEEE Terms" (";"-separated), "Publisher" and "Document Identifier" ("IEEE Conferences", …).

**Google Scholar** writes a profile's papers (My profile → Export → CSV, `citations.csv`) under eight columns,
"Authors,Title,Publication,Volume,Number,Pages,Year,Publisher": authors "Last, First; Last, First; " (at most
ten of them), an arXiv preprint as the publication "arXiv preprint arXiv:1912.04132"; no DOI, link or abstract.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable

from ..model.problems import UsageError
from . import (
    PaperDraft,
    Parsed,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    page_range,
    range_dash,
)
from .identifiers import (
    arxiv_from_eprint,
    clean_doi,
    first_arxiv,
    is_http_url,
    located_fields,
    plain_identifier,
    pubmed_links,
)
from .ris import person_name, ris_date

Row = dict[str, str]
MAX_FIELD = 1024 * 1024  # csv's default limit is 128 KB a field; a library's longest abstract or note is far less
# An untrusted header can name thousands of long columns: a row's "ignored fields" line names a few, counts the rest.
MAX_IGNORED_NAMES, MAX_NAME = 20, 60

# Zotero's item types as BibTeX entry types, for the exports.
ZOTERO_TYPES = {"journalArticle": "article", "conferencePaper": "inproceedings", "book": "book",
                "bookSection": "incollection", "report": "techreport", "thesis": "phdthesis",
                "preprint": "misc", "manuscript": "unpublished", "magazineArticle": "article",
                "newspaperArticle": "article", "blogPost": "misc", "webpage": "misc"}
ZOTERO_READ = frozenset({"Key", "Item Type", "Publication Year", "Author", "Title", "Publication Title", "DOI", "Url",
                         "Abstract Note", "Date", "Pages", "Issue", "Volume", "Publisher", "Extra", "Manual Tags",
                         "Automatic Tags", "Conference Name", "Proceedings Title"})
# Zotero's bookkeeping, not the paper's: left out of "ignored fields" so each row does not list them.
ZOTERO_BOOKKEEPING = frozenset({"Date Added", "Date Modified", "Access Date", "Library Catalog", "Short Title",
                                "Language", "ISSN", "ISBN", "Journal Abbreviation", "Rights", "Call Number", "Archive",
                                "Archive Location", "File Attachments"})
ZOTERO_EXTRA = frozenset({"arxiv", "doi"})  # the lines of "Extra" read; any other makes it an ignored field

# Scopus's document types (older exports capitalise each word: "Conference Paper") as BibTeX entry types.
SCOPUS_TYPES = {"article": "article", "review": "article", "letter": "article", "note": "article",
                "conference paper": "inproceedings", "conference review": "proceedings", "book chapter": "incollection",
                "book": "book", "editorial": "misc", "erratum": "misc", "short survey": "article",
                "data paper": "article"}
SCOPUS_READ = frozenset({"Authors", "Author full names", "Title", "Year", "Source title", "Volume", "Issue",
                         "Page start", "Page end", "DOI", "Link", "Abstract", "Author Keywords", "Index Keywords",
                         "Publisher", "Document Type", "PubMed ID", "EID", "Conference name"})
SCOPUS_BOOKKEEPING = frozenset({"Author(s) ID", "Cited by", "Page count", "Art. No.", "ISSN", "ISBN", "CODEN",
                                "Abbreviated Source Title", "Language of Original Document", "Publication Stage",
                                "Open Access", "Access Type", "Source"})
SCOPUS_NO_ABSTRACT = "[No abstract available]"
SCOPUS_NO_AUTHOR = "[No author name available]"  # a proceedings volume's own record, not a paper
SCOPUS_AUTHOR_ID = re.compile(r"\s*\(\d+\)\s*$")  # "Unnikrishnan, M.A. (57197735070)": the Scopus author id
IEEE_TYPES = {"IEEE Conferences": "inproceedings", "IEEE Journals": "article", "IEEE Magazines": "article",
              "IEEE Early Access Articles": "article", "IEEE Books": "incollection", "IEEE Standards": "misc"}
IEEE_READ = frozenset({"Document Title", "Authors", "Publication Title", "Publication Year", "Volume", "Issue",
                       "Start Page", "End Page", "Abstract", "DOI", "PDF Link", "Author Keywords", "IEEE Terms",
                       "Publisher", "Document Identifier"})
IEEE_BOOKKEEPING = frozenset({"Date Added To Xplore", "ISSN", "ISBNs", "Article Citation Count", "Reference Count",
                              "Patent Citation Count", "License", "Online Date", "Issue Date", "Meeting Date"})
SCHOLAR_HEADER = "Authors,Title,Publication,Volume,Number,Pages,Year,Publisher"
SCHOLAR_MAX_AUTHORS = 10  # Google Scholar's CSV names no more of a paper's authors
SCHOLAR_READ = frozenset(SCHOLAR_HEADER.split(","))
_SCOPUS_INITIALS = re.compile(r"^(?:[^\W\d_]{1,3}\.[- ]?){1,5}$")  # "A.", "B.-J.", "M.A.", "Ch."


def _header(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0]


def looks_like_zotero_csv(text: str) -> bool:
    """A first line that is a CSV header naming Zotero's columns."""
    header = _header(text)
    return header.startswith('"Key"') and all(f'"{name}"' in header for name in ("Item Type", "Title", "Author"))


def looks_like_scopus_csv(text: str) -> bool:
    """A first line that is a CSV header naming Scopus's columns."""
    header = _header(text)
    return header.lstrip('"').startswith("Authors") and all(
        name in header for name in ("Title", "Year", "Source title", "EID"))


def looks_like_ieee_csv(text: str) -> bool:
    """A first line that is a CSV header naming IEEE Xplore's columns."""
    header = _header(text)
    return header.lstrip('"').startswith("Document Title") and all(
        name in header for name in ("Authors", "Publication Title", "Publication Year"))


def looks_like_scholar_csv(text: str) -> bool:
    """Google Scholar's header, as it writes it."""
    return _header(text).rstrip("\r") == SCHOLAR_HEADER


def parse_scholar_csv(text: str) -> SourceResult:
    return _parse(text, "", scholar_row)


def parse_zotero_csv(text: str) -> SourceResult:
    return _parse(text, "Key", zotero_row)


def parse_scopus_csv(text: str) -> SourceResult:
    return _parse(text, "EID", scopus_row)


def parse_ieee_csv(text: str) -> SourceResult:
    return _parse(text, "", ieee_row)


def csv_records(text: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Each record of a CSV text with the line it starts on (the header's is 1), blank lines left out; a
    UsageError naming the line where the text stops being CSV."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    default_limit = csv.field_size_limit(MAX_FIELD)  # a process-wide setting: put back below
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if cells:
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(f"not valid CSV after line {line}: {collapse_spaces(str(error))[:200]}") from None
    finally:
        csv.field_size_limit(default_limit)
    return records


def _parse(text: str, key_column: str, to_draft: Callable[[Row, list[str], str], Parsed]) -> SourceResult:
    """Each row as `to_draft` reads it (the row's cells by column name, cells past the header's last column, and
    where it is: "row 3 (key K), line 4")."""
    result = SourceResult()
    records = csv_records(text)
    header = records[0][1] if records else []
    for number, (line, row) in enumerate(records[1:], start=1):
        cells = {name: value.strip() for name, value in zip(header, row, strict=False)}
        cells.update({name: "" for name in header[len(row):]})
        key = cells.get(key_column, "")
        where = f"row {number}" + (f" (key {key})" if key and len(key) < 40 else "") + f", line {line}"
        result.items.append(to_draft(cells, row[len(header):], where))
    return result


def zotero_row(fields: Row, past_header: list[str], origin: str) -> Parsed:
    extra = extra_fields(fields.get("Extra", ""))
    doi = clean_doi(plain_identifier(fields.get("DOI", "").rstrip(";"))) or clean_doi(extra.get("doi", ""))
    url = plain_identifier(fields.get("Url", ""))
    venue = fields.get("Publication Title") or fields.get("Proceedings Title") or fields.get("Conference Name") or ""
    arxiv = arxiv_from_eprint(extra.get("arxiv", "")) or first_arxiv(doi, [url], [venue, fields.get("Pages", "")])
    keywords = _split(fields, "Manual Tags", "Automatic Tags")
    meta = {
        "title": collapse_spaces(fields.get("Title", "")) or None,
        "authors": [name for name in map(person_name, fields.get("Author", "").split(";")) if name],
        "date": ris_date(fields.get("Date", "")) or ris_date(fields.get("Publication Year", "")),
        **located_fields(arxiv, doi, [url], collapse_spaces(venue), keywords),
        "citation": _citation(ZOTERO_TYPES.get(fields.get("Item Type", "")), fields.get("Volume", ""),
                              fields.get("Issue", ""), _zotero_pages(fields.get("Pages", "")),
                              fields.get("Publisher", ""), url),
    }
    unread = _unread(fields, ZOTERO_READ, ZOTERO_BOOKKEEPING)
    if set(extra) - ZOTERO_EXTRA:
        unread.append("Extra")  # lines other than arXiv and DOI: "Section: …", "Google-Books-ID: …"
    return _draft(meta, fields.get("Abstract Note", ""), origin, keywords, unread, past_header)


def scopus_row(fields: Row, past_header: list[str], origin: str) -> Parsed:
    doi = clean_doi(plain_identifier(fields.get("DOI", "")))
    venue = collapse_spaces(fields.get("Source title", ""))
    keywords = _split(fields, "Author Keywords", "Index Keywords")
    full_names = [SCOPUS_AUTHOR_ID.sub("", name) for name in fields.get("Author full names", "").split(";")]
    names = full_names if any(name.strip() for name in full_names) else scopus_authors(fields.get("Authors", ""))
    pmid, link = fields.get("PubMed ID", ""), fields.get("Link", "")
    meta = {
        "title": collapse_spaces(fields.get("Title", "")) or None,
        "authors": [name for name in map(person_name, names) if name],
        "date": ris_date(fields.get("Year", "")),
        **located_fields(first_arxiv(doi, [], [venue]), doi, [], venue, keywords),
        "citation": _citation(SCOPUS_TYPES.get(fields.get("Document Type", "").lower()), fields.get("Volume", ""),
                              fields.get("Issue", ""), page_range(fields.get("Page start", ""),
                                                                   fields.get("Page end", "")),
                              fields.get("Publisher", ""), None),
    }
    meta["links"] = {**({"scopus": link} if is_http_url(link) else {}),
                     **pubmed_links(pmid)}
    abstract = fields.get("Abstract", "")
    return _draft(meta, "" if abstract == SCOPUS_NO_ABSTRACT else abstract, origin, keywords,
                  _unread(fields, SCOPUS_READ, SCOPUS_BOOKKEEPING), past_header)


def ieee_row(fields: Row, past_header: list[str], origin: str) -> Parsed:
    doi = clean_doi(plain_identifier(fields.get("DOI", "")))
    venue = collapse_spaces(fields.get("Publication Title", ""))
    keywords = _split(fields, "Author Keywords", "IEEE Terms")
    pdf = fields.get("PDF Link", "")
    meta = {
        "title": collapse_spaces(fields.get("Document Title", "")) or None,
        "authors": [collapse_spaces(name) for name in fields.get("Authors", "").split(";") if name.strip()],
        "date": ris_date(fields.get("Publication Year", "")),
        **located_fields(first_arxiv(doi, [], [venue]), doi, [], venue, keywords),
        "citation": _citation(IEEE_TYPES.get(fields.get("Document Identifier", "")), fields.get("Volume", ""),
                              fields.get("Issue", ""), page_range(fields.get("Start Page", ""),
                                                                   fields.get("End Page", "")),
                              fields.get("Publisher", ""), None),
    }
    meta["links"] = {"ieee": pdf} if is_http_url(pdf) else {}
    return _draft(meta, fields.get("Abstract", ""), origin, keywords, _unread(fields, IEEE_READ, IEEE_BOOKKEEPING),
                  past_header)


def scholar_row(fields: Row, past_header: list[str], origin: str) -> Parsed:
    venue = collapse_spaces(fields.get("Publication", ""))
    authors = [name for name in map(person_name, fields.get("Authors", "").split(";")) if name]
    meta = {
        "title": collapse_spaces(fields.get("Title", "")) or None,
        "authors": authors,
        "date": ris_date(fields.get("Year", "")),
        **located_fields(first_arxiv(None, [], [venue]), None, [], venue, []),
        "citation": _citation(None, fields.get("Volume", ""), fields.get("Number", ""),
                              range_dash(fields.get("Pages", "")), fields.get("Publisher", ""), None),
    }
    draft = _draft(meta, "", origin, [], _unread(fields, SCHOLAR_READ, frozenset()), past_header)
    if isinstance(draft, PaperDraft) and len(authors) == SCHOLAR_MAX_AUTHORS:
        draft.ignored.append(f"authors: Google Scholar's CSV names at most {SCHOLAR_MAX_AUTHORS} authors, and names "
                             f"{SCHOLAR_MAX_AUTHORS} here: the paper may have more: add their names, or set "
                             "author_count")
    return draft


def scopus_authors(authors: str) -> list[str]:
    """Scopus's short names: "Lee A.; Kim B.-J." (exports since about 2021), or, in older ones, "Lee, A., Kim,
    B.-J." (family name and initials, all separated by commas), as "Family, Initials" each."""
    if authors.strip() == SCOPUS_NO_AUTHOR:
        return []
    if ";" in authors or "," not in authors:
        return authors.split(";")
    parts = [part.strip() for part in authors.split(",")]
    initials = parts[1::2]
    if len(parts) % 2 == 0 and all(_SCOPUS_INITIALS.match(part) for part in initials):
        return [f"{family}, {given}" for family, given in zip(parts[::2], initials, strict=True)]
    return [authors]  # another shape: one name as written, for a maintainer to see


def _split(fields: Row, *columns: str) -> list[str]:
    """The "; "-separated words of `columns`, in order."""
    return [collapse_spaces(word) for column in columns for word in fields.get(column, "").split(";") if word.strip()]


def _unread(fields: Row, read: frozenset[str], bookkeeping: frozenset[str]) -> list[str]:
    return [name for name, value in fields.items() if value and name not in read and name not in bookkeeping]


def _draft(meta: dict[str, object], abstract: str, origin: str, keywords: list[str], unread: list[str],
           past_header: list[str]) -> Parsed:
    draft = PaperDraft(meta, clean_abstract(abstract), origin, keywords=keywords)
    draft.ignored = ignored_columns(unread) + (
        [f"{len(past_header)} cells past the header's last column"] if past_header else [])
    return checked(draft)


def ignored_columns(names: Iterable[str]) -> list[str]:
    """The unread columns a row fills, sorted; past MAX_IGNORED_NAMES (or any too long to be a column's name)
    counted, not named."""
    ignored = sorted(names)
    shown = [name for name in ignored if len(name) <= MAX_NAME][:MAX_IGNORED_NAMES]
    return shown + ([f"{len(ignored) - len(shown)} more columns"] if len(ignored) > len(shown) else [])


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


def _zotero_pages(pages: str) -> str:
    return range_dash(pages) if pages and not pages.lower().startswith("arxiv") else ""


def _citation(kind: str | None, volume: str, number: str, pages: str, publisher: str,
              url: str | None) -> dict[str, str] | None:
    return citation_fields({
        "type": kind, "volume": volume, "number": number, "pages": pages, "publisher": collapse_spaces(publisher),
        "url": url if url and is_http_url(url) and not clean_doi(url) else None,
    })
