"""A reading list kept in a spreadsheet (Google Sheets, Excel, Numbers, LibreOffice, Notion or Airtable saved
as CSV), read by what its columns are called.

A group's sheet names its columns its own way: "Title" or "Paper", "Authors" or "Author(s)", "Year", "Link"
or "URL", "Venue" or "Conference", "Tags" or "Topic", "Summary" or "TL;DR". A header is recognised when it
names a title column and one more papershelf reads (authors, a year, a link, a venue, tags…);
commas, semicolons (Excel's CSV where the decimal mark is a comma) and tabs all separate cells.

- **Authors** are one cell: "Ada Lovelace; Alan Turing", "Ada Lovelace, Alan Turing", "Lovelace, A.; Turing,
  A." or "Ada Lovelace and Alan Turing"; a trailing "et al." says more authors are not recorded.
- **Links**: an arxiv.org link or a bare arXiv id becomes the paper's `arxiv` (an arxiv.org address in a column
  of any name, such as "id", too), a doi.org link or a publisher's page named by its DOI its `doi`; other links
  are kept by what their column says they are (code, pdf, project page, paper).
- **Summary**, "TL;DR" and "Takeaways" columns become the curator's notes. "Notes" and "Comments" columns are
  the group's own remarks (who presents, what to ask): not read, and reported, as for Zotero's notes, so
  nothing reaches a public site unasked.
- A row without authors or a year but with an arXiv id takes them from arXiv (`Skipped.partial`,
  `filled_from_arxiv`), as a reading list of links does; its own cells win over arXiv's.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from dataclasses import dataclass, field

from ..model.problems import UsageError
from ..model.schema import CITATION_KEY_PATTERN
from . import (
    PaperDraft,
    Parsed,
    Skipped,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    group_names,
    is_placeholder_author,
    missing_required,
    month_number,
    range_dash,
    tidy,
)
from .csl import jats_to_text
from .csv_exports import MAX_NAME, csv_records
from .identifiers import (
    arxiv_from_doi,
    arxiv_from_eprint,
    arxiv_from_url,
    clean_doi,
    doi_in_url,
    is_arxiv_venue,
    is_http_url,
    plain_identifier,
    pubmed_links,
    tags_from_keywords,
)
from .medline import medline_pages
from .ris import person_name, ris_date
from .zotero_rdf import zotero_date

DELIMITERS = (",", ";", "\t")

# What papershelf reads, by the names sheets give their columns (compared lower-cased, punctuation as spaces)
TITLE = "title"
AUTHORS = "authors"
FIRST_AUTHOR = "first author"  # one name of several: written with "et al."
YEAR = "year"
DATE = "date"
VENUE = "venue"
FULL_VENUE = "full venue"  # a journal's whole name beside its abbreviation (Paperpile's "Full journal"): preferred
ABSTRACT = "abstract"
ARXIV = "arxiv"
DOI = "doi"
LINK = "link"
PDF = "pdf"
CODE = "code"
PROJECT = "project"
KEYWORDS = "keywords"
TOPIC = "topic"  # like keywords, and a folder the paper is filed in (`import --add-topics` makes topics of them)
FOLDER = "folder"  # the folders a reference manager files it in, a subfolder's path with "/" (Paperpile's)
CITEKEY = "citation key"  # the key `\cite{…}` uses, kept for the BibTeX exports
SUBTOPIC = "subtopic"  # a folder inside the row's topic
PUBMED = "pubmed"
MONTH = "month"
DAY = "day"
VOLUME = "volume"
ISSUE = "issue"
PAGES = "pages"
PUBLISHER = "publisher"  # the venue when no other column names one; else the citation's publisher
SUMMARY = "summary"
PRIVATE = "private"  # the group's own remarks: reported, never written
COLUMN_NAMES: dict[str, str] = {
    # "item title": Springer's; "display name": OpenAlex's (its CSV's dotted names read as words)
    **dict.fromkeys(("title", "paper title", "paper name", "name", "article", "article title", "paper", "item title",
                     "display name"), TITLE),
    **dict.fromkeys(("authors", "author", "author s", "author names", "author list", "authors list", "by",
                     "contributors", "authorships author display name"), AUTHORS),
    **dict.fromkeys(("first author", "lead author", "main author"), FIRST_AUTHOR),
    **dict.fromkeys(("year", "publication year", "pub year", "year published"), YEAR),
    **dict.fromkeys(("month", "publication month"), MONTH),
    **dict.fromkeys(("day", "publication day"), DAY),
    **dict.fromkeys(("volume", "vol", "journal volume"), VOLUME),
    **dict.fromkeys(("issue", "number", "no", "journal issue", "issue number"), ISSUE),
    **dict.fromkeys(("pages", "page", "page range", "pp", "pagination"), PAGES),
    # not a bare "Date": in a reading list it is as often the day the paper was read or discussed
    **dict.fromkeys(("publication date", "published", "date published", "pub date", "published on",
                     "release date"), DATE),
    **dict.fromkeys(("venue", "conference", "journal", "publication", "published in", "source", "booktitle",
                     "conference journal", "journal conference", "publication title", "proceedings",
                     "journal book", "source title", "primary location source display name", "proceedings title",
                     "book title"), VENUE),
    **dict.fromkeys(("full journal", "journal full name", "full journal name"), FULL_VENUE),
    **dict.fromkeys(("publisher",), PUBLISHER),
    **dict.fromkeys(("abstract",), ABSTRACT),
    **dict.fromkeys(("arxiv", "arxiv id", "arxiv link", "arxiv url", "arxiv number"), ARXIV),
    **dict.fromkeys(("doi", "doi link", "item doi"), DOI),
    **dict.fromkeys(("pmid", "pubmed id", "pubmed"), PUBMED),
    **dict.fromkeys(("link", "url", "paper link", "paper url", "links", "web link", "href", "primary url", "urls"), LINK),
    **dict.fromkeys(("pdf", "pdf link", "pdf url"), PDF),
    **dict.fromkeys(("code", "github", "code link", "repository", "repo", "code url", "implementation"), CODE),
    **dict.fromkeys(("project page", "website", "project", "homepage", "project website"), PROJECT),
    **dict.fromkeys(("tags", "tag", "keywords", "keyword", "labels", "subjects", "labels filed in"), KEYWORDS),
    **dict.fromkeys(("folders filed in", "folders", "folder"), FOLDER),
    **dict.fromkeys(("bibtex key", "citation key", "cite key", "citekey", "bibtex id"), CITEKEY),
    **dict.fromkeys(("topics", "topic", "category", "categories", "area", "field", "theme", "section",
                     "broad topic", "research area", "domain"), TOPIC),
    **dict.fromkeys(("subtopic", "subcategory", "subfield", "sub topic", "sub category"), SUBTOPIC),
    **dict.fromkeys(("summary", "tl dr", "tldr", "takeaways", "key takeaways", "one line summary", "why relevant",
                     "relevance", "why read", "why it matters"), SUMMARY),
    **dict.fromkeys(("notes", "note", "comments", "comment", "remarks", "my notes", "thoughts"), PRIVATE),
}
MAX_COLUMNS = 500
MAX_NOTICE_COLUMNS = 100  # unread columns named in the file's notice; the rest counted
MAX_LIST_CELL = 64 * 1024  # a list-shaped cell longer than this is read as text (Python's parser recurses by nesting)
_HEADER_WORD = re.compile(r"[^0-9a-z]+")
# "PrimaryURL", "WhyRelevant": words without spaces, split only when the name as written is unknown ("arXiv")
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# no leading run of separators in the pattern: searched at each position, it would make a cell of commas quadratic
_ET_AL = re.compile(r"(?:\bet\.?\s?al\b\.?|\band\s+others\b|…|\.\.\.)\s?$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+")
EMPTY_CELLS = frozenset({"-", "–", "—", "n/a", "na", "none", "null", "nan", "?", "unknown", "not available"})
_PUBMED_LAST = re.compile(r"(?:^|, )[^,]* [A-Z]{1,4}\.$")  # "…, Cruz A.": the list's last name and its stop
PUBMED_HEADER = "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year"
PUBMED_CITATION = "Citation"  # PubMed's "Econ Bot. 2021 Mar;75(2):101-110. …", read in a sheet with a PMID column
MAX_CITATION = 1000
# "2021 Mar;75(2):101-110", "2019 Dec 10;9(1):18740", "2020;15:e0231234": year, month, volume, issue, pages
_PUBMED_CITATION = re.compile(r"\b(?P<year>\d{4})(?: (?P<month>[A-Z][a-z]{2})(?: \d{1,2})?)?;"
                              r"(?P<volume>[\w.-]{1,20})?(?:\((?P<issue>[^()]{1,20})\))?(?::(?P<pages>[\w-]{1,40}))?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|21\d\d)\b")
_NUMERIC_DAY_MONTH = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_ABSTRACT_MARKUP = re.compile(r"</?(?:jats:)?(?:p|title|sec|italic|bold|sub|sup)\b", re.IGNORECASE)
_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)
_COMPACT_DATE = re.compile(r"((?:19|20|21)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


@dataclass
class Sheet:
    """What a spreadsheet's header says: the column of each field papershelf reads, and the delimiter."""

    delimiter: str
    columns: dict[str, list[str]] = field(default_factory=dict)  # field → the header's names for it, in order
    kinds: dict[str, str | None] = field(default_factory=dict)  # each name of the header → column_kind, once
    date_column: str = ""  # a column named "Date", not read (see COLUMN_NAMES), named when a row lacks a date
    preamble: bool = False  # a line of one cell above the header (Dimensions' "About the data: Exported on …")
    # Springer's CSV writes a paper's authors with nothing between them ("Araz R. AlievNigar T. Ismayilova")
    names_run_together: bool = False


SPRINGER_COLUMNS = frozenset({"Item Title", "Item DOI", "Content Type"})


def sheet_header(text: str) -> Sheet | None:
    """The sheet a CSV's first line describes (its second, below a line of one cell such as Dimensions' "About
    the data: …"), or None when it names no title column and no other column read."""
    lines = text.lstrip("\ufeff").split("\n", 2)
    sheet = header_line(lines[0])
    if sheet is None and len(lines) > 1 and _one_cell(lines[0]):
        sheet = header_line(lines[1])
        if sheet:
            sheet.preamble = True
    return sheet


def _one_cell(line: str) -> bool:
    """Whether a line holds one cell of text (Dimensions' note is followed by the header's number of commas)."""
    try:
        return sum(1 for cell in next(csv.reader([line])) if cell.strip()) == 1
    except (csv.Error, StopIteration):
        return False


def header_line(first_line: str) -> Sheet | None:
    for delimiter in DELIMITERS:
        if delimiter not in first_line:
            continue
        try:
            names = next(csv.reader([first_line.rstrip("\r")], delimiter=delimiter))
        except csv.Error:
            continue
        sheet = Sheet(delimiter, names_run_together=SPRINGER_COLUMNS <= set(names))
        for name in names[:MAX_COLUMNS]:
            kind = sheet.kinds[name] = column_kind(name)
            if kind:
                sheet.columns.setdefault(kind, []).append(name)
            elif _words(name) == "date" and not sheet.date_column:
                sheet.date_column = name
        if TITLE in sheet.columns and (len(sheet.columns) > 1 or sheet.date_column):
            return sheet
    return None


def column_kind(name: str) -> str | None:
    """What papershelf reads a column as, by its name ("Author(s)" → authors), or None."""
    if len(name) > 60:
        return None
    return COLUMN_NAMES.get(_words(name)) or COLUMN_NAMES.get(_words(_CAMEL_CASE.sub(" ", name)))


def _words(name: str) -> str:
    return " ".join(_HEADER_WORD.split(name.lower())).strip()


def looks_like_spreadsheet(text: str) -> bool:
    return sheet_header(text) is not None


@dataclass
class SheetRow:
    """A row read: its draft or why it was skipped (a `Skipped` with a `partial` draft when arXiv can complete
    it), and the columns of its cells papershelf did not read."""

    item: Parsed
    unread: list[str] = field(default_factory=list)  # the columns of the row's cells that were not read


def parse_spreadsheet(text: str) -> SourceResult:
    """Each row as a paper; a row that needs arXiv's help is a `Skipped` with its partial draft (import asks
    arXiv for it); the columns not read, as the file's notice."""
    rows = read_spreadsheet(text)
    return SourceResult([row.item for row in rows], unread_notice(rows))


def unread_notice(rows: list[SheetRow]) -> list[str]:
    """The sheet's columns papershelf did not read, said once for the file (a sheet keeps dozens of its own):
    those with a cell filled in some row, in the header's order."""
    unread = list(dict.fromkeys(name for row in rows for name in row.unread))
    if not unread:
        return []
    shown = [name for name in unread if len(name) <= MAX_NAME][:MAX_NOTICE_COLUMNS]
    more = f", and {len(unread) - len(shown)} more" if len(unread) > len(shown) else ""
    return [f"columns not read (their cells stay in the sheet): {', '.join(shown)}{more}"]


def read_spreadsheet(text: str) -> list[SheetRow]:
    sheet = sheet_header(text)
    if sheet is None:
        raise UsageError("not a spreadsheet papershelf can read: its first line names no Title column beside an "
                         "Authors, Year, Link, Venue or Tags column")
    records = csv_records(text, sheet.delimiter)[1 if sheet.preamble else 0:]
    header = records[0][1]
    return [sheet_row(sheet, header, cells, f"row {number}, line {line}")
            for number, (line, cells) in enumerate(records[1:], start=1) if any(cell.strip() for cell in cells)]


def sheet_row(sheet: Sheet, header: list[str], cells: list[str], origin: str) -> SheetRow:
    named = {name: "" if cell.strip().lower() in EMPTY_CELLS else cell.strip()
             for name, cell in zip(header, cells, strict=False) if name.strip()}

    def first(kind: str) -> str:
        return next((named[name] for name in sheet.columns.get(kind, []) if named.get(name)), "")

    def every(kind: str) -> list[str]:
        return [named[name] for name in sheet.columns.get(kind, []) if named.get(name)]

    links = {kind: plain_identifier(value) for kind in (LINK, PDF, CODE, PROJECT, ARXIV, DOI)
             if (value := first(kind))}
    spread = links_by_kind(first(LINK), links)
    if spread is not None:  # the cell's addresses, each in its place; not the cell as one address
        links = {**{kind: url for kind, url in links.items() if kind != LINK}, **spread}
    # an arXiv page's address in a column of another name (an "id" column) identifies the paper too
    arxiv_cells = {name: found for name, value in named.items() if sheet.kinds.get(name) is None
                   and value.startswith(("http://", "https://")) and (found := arxiv_from_url(value))}
    arxiv = row_arxiv(links) or next(iter(arxiv_cells.values()), None)
    doi = next(filter(None, (clean_doi(links[kind]) or doi_in_url(links[kind]) for kind in (DOI, LINK, PDF)
                             if kind in links)), None)
    if doi and arxiv_from_doi(doi):
        doi = None
    venue = collapse_spaces(first(FULL_VENUE) or first(VENUE) or first(PUBLISHER))
    folders = folder_paths(every(FOLDER))
    groups = row_groups(every(TOPIC), every(SUBTOPIC))
    keywords = [group[-1] for group in groups] + [
        word for value in every(KEYWORDS) for word in split_keywords(value)]
    authors = (run_together_names(first(AUTHORS)) if sheet.names_run_together else
               split_authors(pubmed_list(first(AUTHORS)) if PUBMED in sheet.columns else first(AUTHORS))) \
        or first_author(first(FIRST_AUTHOR))
    meta = {
        "title": collapse_spaces(first(TITLE)) or None,
        "authors": authors,
        "date": row_date(first(DATE), first(YEAR), first(MONTH), first(DAY)),
        "arxiv": arxiv,
        "doi": doi,
        "venue": None if not venue or is_arxiv_venue(venue) else venue,
        "tags": tags_from_keywords(keywords),
        "links": {**row_links(links, arxiv, doi), **pubmed_links(first(PUBMED))},
    }
    read_too = {PUBMED_CITATION} if PUBMED in sheet.columns and PUBMED_CITATION in named else set()
    citation = pubmed_citation(named.get(PUBMED_CITATION, "")) if read_too else {}
    finer_date = citation.pop("date", "")
    if finer_date and meta["date"] and finer_date.startswith(str(meta["date"])):
        meta["date"] = finer_date  # the month PubMed's citation gives
    citation = citation or {"volume": first(VOLUME), "number": first(ISSUE), "pages": range_dash(first(PAGES))}
    citation["publisher"] = collapse_spaces(first(PUBLISHER)) if first(VENUE) or first(FULL_VENUE) else ""
    citation["key"] = first(CITEKEY) if _CITATION_KEY.fullmatch(first(CITEKEY)) else ""
    meta["citation"] = citation_fields({"type": "article" if read_too else None, **citation})
    draft = PaperDraft(meta, sheet_abstract(first(ABSTRACT)), origin, notes=row_notes(sheet, named),
                       keywords=list(dict.fromkeys(keywords + group_names(folders))),
                       groups=list(dict.fromkeys([*groups, *folders])))
    unread = [name for name, value in named.items() if value and sheet.kinds.get(name) in (None, PRIVATE)
              and name not in arxiv_cells and name not in read_too]
    unread += [f"column {number} (no name in the header)" for number, (name, cell)
               in enumerate(zip(header, cells, strict=False), start=1) if not name.strip() and cell.strip()]
    draft.ignored = [f"{len(cells) - len(header)} cells past the header's last column"] if len(cells) > len(header) else []
    tidy(draft)
    lacking = missing_required(draft.meta)
    if lacking and arxiv:
        reason = f"no {', no '.join(lacking)} in the sheet, and arXiv {arxiv} was not asked"
        return SheetRow(Skipped(origin, reason, partial=draft), unread=unread)
    return SheetRow(Skipped(origin, skip_reason(sheet, lacking)) if lacking else checked(draft), unread=unread)


def links_by_kind(cell: str, links: dict[str, str]) -> dict[str, str] | None:
    """A link cell that holds several addresses (Paperpile's URLs, "https://aclanthology.org/…;http://dx.doi.org/…;
    ….pdf"), each where it belongs: the arXiv page as the arXiv link, the doi.org one as the DOI, a PDF as the PDF,
    the first other as the paper's page; the row's own columns of each kind kept. None for a cell of one address."""
    urls = [url for url in re.split(r"[;\s]+", cell) if is_http_url(url)]
    if len(urls) < 2:
        return None
    found: dict[str, str] = {}
    for url in urls:
        kind = (ARXIV if arxiv_from_url(url) else DOI if clean_doi(url) or doi_in_url(url)
                else PDF if url.lower().split("?")[0].endswith(".pdf") else LINK)
        found.setdefault(kind, url)
    return {kind: url for kind, url in found.items() if kind == LINK or kind not in links}


def folder_paths(cells: list[str]) -> list[tuple[str, ...]]:
    """The folders a reference manager files a row in ("PhD;PhD/To Read"), each as its path."""
    paths = [tuple(part.strip() for part in folder.split("/") if part.strip())
             for cell in cells for folder in split_keywords(cell)]
    return list(dict.fromkeys(path for path in paths if path))


def sheet_abstract(cell: str) -> str:
    """An abstract cell as paragraphs; one in Crossref's JATS or HTML (Lens.org's "<jats:p>…", "<title>Abstract
    </title>; <p>…") as its text, without the heading and the separators left between the parts."""
    if not _ABSTRACT_MARKUP.search(cell):
        return clean_abstract(cell)
    paragraphs = jats_to_text(cell).split("\n\n")
    kept = (paragraph.strip(" ;") for paragraph in paragraphs)
    return "\n\n".join(text for text in kept if any(map(str.isalnum, text)))


def skip_reason(sheet: Sheet, lacking: list[str]) -> str:
    """Why a row cannot be a paper, and what to add: this row's cell, or a column the sheet lacks."""
    hints = []
    for name in lacking:
        columns = sheet.columns.get(TITLE if name == "title" else AUTHORS, []) if name != "date" else (
            sheet.columns.get(YEAR, []) + sheet.columns.get(DATE, []))
        hints.append(f"fill its {columns[0]!r} cell" if columns else
                     f"add a column 'Year' (its {sheet.date_column!r} column is not read: in a reading list it often "
                     "says when a paper was read; name it 'Published' if it is the publication date)"
                     if name == "date" and sheet.date_column else
                     "add a column 'Year'" if name == "date" else
                     "add a column 'Authors' (names separated by ';')" if name == "authors" else "add a column 'Title'")
    return (f"no {', no '.join(lacking)}: a paper needs a title, authors and a date; {' and '.join(hints)}, "
            "or give the row an arXiv link for papershelf to ask arXiv")


def row_arxiv(links: dict[str, str]) -> str | None:
    """The arXiv id of a row: its arXiv column (a link, "arXiv:…" or a bare id), else an arxiv.org link or DOI."""
    value = links.get(ARXIV, "")
    found = arxiv_from_url(value) or arxiv_from_eprint(value.removeprefix("arXiv:").removeprefix("arxiv:").strip())
    for kind in (LINK, PDF, DOI):
        found = found or arxiv_from_url(links.get(kind, "")) or arxiv_from_doi(clean_doi(links.get(kind, "")) or "")
    return found


def row_links(links: dict[str, str], arxiv: str | None, doi: str | None) -> dict[str, str]:
    """The row's links by kind, each an http(s) address that is not the paper's arXiv or DOI page."""
    named = {LINK: "paper", PDF: "pdf", CODE: "code", PROJECT: "project", ARXIV: "paper", DOI: "paper"}
    kept: dict[str, str] = {}
    for kind, url in links.items():
        if not is_http_url(url) or (arxiv and arxiv_from_url(url) == arxiv):
            continue
        if doi and (clean_doi(url) or "").lower() == doi.lower():
            continue
        name = "pdf" if kind != CODE and url.lower().split("?")[0].endswith(".pdf") else named[kind]
        kept.setdefault(name, url)
    return kept


def split_authors(cell: str) -> list[str]:
    """The names of an authors cell, a trailing "et al." kept as the placeholder that sets `more_authors`; a cell
    a script wrote as a list (JSON's `["Ada Lovelace", "Alan Turing"]`, Python's `['Ada Lovelace', …]`, ASReview's
    `['Marx, Karl', …]`) too, each name read as a name of any other cell is."""
    listed = list_cell(cell)
    if listed is not None:
        return [name for name in map(person_name, listed) if name]
    lines = [line for line in cell.splitlines() if line.strip()]
    if len(lines) > 1:  # one name a line (a cell's line breaks, Alt+Enter in Excel)
        return [name for line in lines for name in split_authors(line)]
    cell = collapse_spaces(cell)
    placeholder = _ET_AL.search(cell)
    trimmed = cell[:placeholder.start()].rstrip(" ,;") if placeholder else cell
    more = ["et al."] if placeholder else []
    if ";" in trimmed or "|" in trimmed:  # "|": OpenAlex's CSV
        return [name for name in map(person_name, re.split(r"[;|]", trimmed)) if name] + more
    joined = _AND.split(trimmed)
    if len(joined) > 1 and all(part.count(",") == 1 for part in joined):
        # "Lovelace, Ada and Turing, Alan": BibTeX's way, each name "Family, Given"
        return [name for name in map(person_name, joined) if name] + more
    parts = [part.strip() for part in _AND.sub(", ", trimmed).split(",") if part.strip()]
    if len(parts) == 2 and "," in trimmed and not _AND.search(trimmed) and not any(" " in part for part in parts):
        return [person_name(trimmed)] + more  # "Chatterjee, Nirmalya" (EBSCO's one author): family, given
    if len(parts) % 2 == 0 and parts and all(map(is_initials, parts[1::2])):
        # "Lovelace, A., Turing, A.": family names and initials, separated alike
        parts = [f"{given} {family}" for family, given in zip(parts[::2], parts[1::2], strict=True)]
    return parts + more


# where one name ends and the next begins in Springer's "AlievNigar": a lower-case letter, then a capital
_NAME_SEAM = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])")
_HONORIFICS = re.compile(r"^(?:(?:Prof|Dr|Professor|Assoc\. Prof|Asst\. Prof)\.?\s+)+")


def run_together_names(cell: str) -> list[str]:
    """Springer's authors cell, "Araz R. AlievNigar T. Ismayilova", as names: cut where a lower-case letter meets
    a capital, a piece without a space joined back to the name before it ("Yann Le" + "Cun": LeCun, McDonald);
    the academic titles Springer writes before editors' names ("Prof. Dr. Janusz Kacprzyk") left out."""
    names: list[str] = []
    for piece in _NAME_SEAM.split(collapse_spaces(cell)):
        if names and " " not in piece.strip():
            names[-1] += piece
        else:
            names.append(piece)
    return [name for name in (collapse_spaces(_HONORIFICS.sub("", name)) for name in names) if name]


def looks_like_pubmed_csv(text: str) -> bool:
    """PubMed's Save → CSV header, as it writes it (its cells unquoted)."""
    return text.lstrip("\ufeff").startswith(PUBMED_HEADER)


def pubmed_citation(citation: str) -> dict[str, str]:
    """The month, volume, issue and pages of PubMed's citation ("Econ Bot. 2021 Mar;75(2):101-110. doi: …")."""
    found = _PUBMED_CITATION.search(citation[:MAX_CITATION])
    if not found:
        return {}
    month = month_number(found["month"] or "")
    return {"date": f"{found['year']}-{month:02d}" if month else found["year"], "volume": found["volume"] or "",
            "number": found["issue"] or "", "pages": medline_pages(found["pages"] or "")}


def pubmed_list(cell: str) -> str:
    """PubMed's author list without the full stop that ends it: "Lira R, Cruz A." (the names are family names and
    initials without stops, "de Oliveira Filho ASB")."""
    return cell[:-1] if cell.endswith(".") and _PUBMED_LAST.search(cell) else cell


def is_initials(given: str) -> bool:
    """A given name written as initials: "A.", "A. M.", "J.-P.", "Ch.", "AK" (not "Atkin SL", not "Ada")."""
    tokens = [token for token in re.split(r"[\s-]+", given) if token]
    return 0 < len(tokens) <= 4 and all(
        (token.endswith(".") and 1 <= len(token) <= 3 and token[:-1].isalpha() and token[0].isupper())
        or (token.isalpha() and token.isupper() and len(token) <= 3) for token in tokens)


def first_author(cell: str) -> list[str]:
    """A "First author" column's name, and "et al.": the paper may have more authors, not recorded."""
    names = split_authors(cell)
    return names + ["et al."] if names and not is_placeholder_author(names[-1]) else names


def list_cell(cell: str) -> list[str] | None:
    """The strings of a cell written as a JSON or Python list of strings; None for any other cell."""
    cell = cell.strip()
    if not (cell.startswith("[") and cell.endswith("]")) or len(cell) > MAX_LIST_CELL:
        return None
    try:
        items = json.loads(cell)
    except (ValueError, RecursionError):  # Python's JSON reader recurses once per "[": "[[[…" is refused so
        try:
            items = ast.literal_eval(cell)  # literals only: no name, call or operator is evaluated
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            return None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return items
    return None


def row_groups(topic_cells: list[str], subtopic_cells: list[str]) -> list[tuple[str, ...]]:
    """The folders a row is filed in: each value of its topic columns; or each subtopic inside the row's one topic
    ("Remote Sensing" › "Technology", the paper filed in the subtopic alone), on its own when the row names several
    topics or none."""
    topics = [collapse_spaces(word) for cell in topic_cells for word in split_keywords(cell)]
    subtopics = [collapse_spaces(word) for cell in subtopic_cells for word in split_keywords(cell)]
    paths: list[tuple[str, ...]] = []
    if len(topics) == 1 and subtopics:
        paths += [(topics[0], subtopic) for subtopic in subtopics]
    else:
        paths += [(name,) for name in topics + subtopics]
    return list(dict.fromkeys(path for path in paths if all(path)))


def split_keywords(cell: str) -> list[str]:
    listed = list_cell(cell)
    if listed is not None:
        return [word.strip() for word in listed if word.strip()]
    separator = ";" if ";" in cell else "," if "," in cell else "\n"
    return [word.strip() for word in cell.split(separator) if word.strip()]


def row_date(date: str, year: str, month: str = "", day: str = "") -> str | None:
    """The row's date as papershelf writes it (YYYY, YYYY-MM or YYYY-MM-DD): its date cell when it is clear and
    agrees with its year, else the year, with its month and day columns (Rayyan's) when they are clear.
    "12/06/2017" (day or month first?) gives its year alone."""
    exact = text_date(date)
    years = _YEAR.findall(year) or _YEAR.findall(date)
    if exact and (not _YEAR.findall(year) or exact[:4] == _YEAR.findall(year)[0]):
        return exact
    month, day = month.strip(), day.strip()
    number = month_number(month) or (int(month) if month.isdigit() and len(month) <= 2 else None)
    if years and number:
        return ris_date(f"{years[0]}/{number}/{day if day.isdigit() and len(day) <= 2 else ''}")
    return years[0] if years else None


def text_date(value: str) -> str | None:
    """A date cell's month or day (YYYY-MM[-DD]), read as a Zotero user's typed dates are (zotero_date: ISO,
    "June 12, 2017", "12 June 2017", "Sept. 2019"); none for a day and month in numbers ("12/06/2017": either
    could come first, so the row's year stands alone) or for a year alone."""
    value = value.strip()
    if _NUMERIC_DAY_MONTH.fullmatch(value):
        return None
    compact = _COMPACT_DATE.fullmatch(value)  # EBSCO's "20241001"
    if compact:
        value = "-".join(compact.groups())
    found = zotero_date(value)
    return found if found and len(found) > 4 else None


def row_notes(sheet: Sheet, named: dict[str, str]) -> str:
    """The row's summary columns as the curator's notes, each under its column's name when there are several."""
    summaries = [(name, clean_abstract(named[name])) for name in sheet.columns.get(SUMMARY, []) if named.get(name)]
    if len(summaries) == 1:
        return summaries[0][1]
    return "\n\n".join(f"**{collapse_spaces(name)}:** {text}" for name, text in summaries)


def filled_from_arxiv(partial: PaperDraft, fetched: PaperDraft) -> Parsed:
    """A row that lacked authors, a date or a title, completed from its arXiv record: the row's own cells win."""
    meta = dict(fetched.meta)
    for name, value in partial.meta.items():
        if name == "links":
            meta["links"] = {**(fetched.meta.get("links") or {}), **(value or {})}
        elif value:
            meta[name] = value
    draft = PaperDraft(meta, partial.abstract or fetched.abstract, partial.origin, notes=partial.notes,
                       keywords=partial.keywords, ignored=list(partial.ignored))
    return checked(draft)
