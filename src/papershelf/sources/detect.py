"""Which source an import file is: BibTeX, RIS, CSL-JSON or YAML, PubMed's MEDLINE, Web of Science's text,
EndNote's XML and tagged (.enw) formats, RefWorks' tagged format, Zotero RDF, the CSV of Zotero, Scopus or IEEE
Xplore, Hugging Face API JSON, a copied Daily Papers listing, or a reading list of arXiv links.

Detection reads the text once, line by line or as one JSON document, so it
stays linear in the file's size whatever the file holds (a pattern anchored
at line starts with `\\s*` would rescan runs of blank lines).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..model.problems import UsageError
from . import SourceResult
from .alfolio import AlFolioSite
from .arxiv import looks_like_arxiv_feed, parse_arxiv_feed
from .bibtex import parse_bibtex
from .csl import crossref_works, parse_csl
from .csl_yaml import looks_like_csl_yaml, parse_csl_yaml
from .csv_exports import (
    looks_like_ieee_csv,
    looks_like_scholar_csv,
    looks_like_scopus_csv,
    looks_like_zotero_csv,
    parse_ieee_csv,
    parse_scholar_csv,
    parse_scopus_csv,
    parse_zotero_csv,
)
from .dblp_xml import looks_like_dblp_xml, parse_dblp_xml
from .endnote import looks_like_endnote_xml, parse_endnote_xml
from .hf import looks_like_listing, parse_api_data, parse_listing
from .hugo import looks_like_hugo_folder, looks_like_hugo_publication
from .identifiers import arxiv_mentions
from .links import looks_like_link_list
from .medline import looks_like_medline, parse_medline
from .notes import has_paper_notes, looks_like_paper_note, read_note
from .papers_json import PAPERS_JSON, looks_like_papers_json, parse_papers_json
from .refer import looks_like_refer, parse_refer
from .refworks import looks_like_refworks, parse_refworks
from .ris import parse_ris
from .scholarly_json import (
    DBLP_JSON,
    EUROPE_PMC_JSON,
    OPENALEX_JSON,
    SEMANTIC_SCHOLAR_JSON,
    ZENODO_JSON,
    json_kind,
    parse_scholarly_json,
)
from .spreadsheet import looks_like_pubmed_csv, looks_like_spreadsheet, parse_spreadsheet
from .wos import looks_like_wos, looks_like_wos_tabs, parse_wos, parse_wos_tabs
from .zotero_json import looks_like_zotero_json, parse_zotero_json
from .zotero_rdf import looks_like_zotero_rdf, parse_zotero_rdf

BIBTEX = "bibtex"
RIS = "ris"
CSL_JSON = "csl-json"
CROSSREF_JSON = "crossref-json"
MEDLINE = "medline"
ZOTERO_CSV = "zotero-csv"
SCOPUS_CSV = "scopus-csv"
IEEE_CSV = "ieee-csv"
SCHOLAR_CSV = "scholar-csv"
WOS = "wos"
WOS_TABS = "wos-tabs"
ENDNOTE_XML = "endnote-xml"
REFER = "endnote-tagged"
REFWORKS = "refworks-tagged"
ZOTERO_RDF = "zotero-rdf"
ZOTERO_JSON = "zotero-json"
CSL_YAML = "csl-yaml"
HUGO = "hugo"
SPREADSHEET = "spreadsheet"
PUBMED_CSV = "pubmed-csv"
LINKS = "arxiv-links"
ARXIV_FEED = "arxiv-atom"
HF_JSON = "hf-json"
HF_LISTING = "hf-listing"
NOTES = "paper-notes"
DBLP_XML = "dblp-xml"
CSV_FORMATS = frozenset({ZOTERO_CSV, SCOPUS_CSV, IEEE_CSV, SCHOLAR_CSV, PUBMED_CSV, SPREADSHEET})
FORMAT_NAMES = {
    BIBTEX: "BibTeX",
    RIS: "RIS",
    CSL_JSON: "CSL-JSON",
    CROSSREF_JSON: "Crossref REST API JSON",
    MEDLINE: "PubMed MEDLINE",
    ZOTERO_CSV: "Zotero CSV",
    SCOPUS_CSV: "Scopus CSV",
    IEEE_CSV: "IEEE Xplore CSV",
    SCHOLAR_CSV: "Google Scholar CSV",
    WOS: "Web of Science",
    WOS_TABS: "Web of Science tab-delimited",
    ENDNOTE_XML: "EndNote XML",
    REFER: "EndNote tagged (.enw)",
    REFWORKS: "RefWorks tagged",
    ZOTERO_RDF: "Zotero RDF",
    ZOTERO_JSON: "Better BibTeX JSON",
    CSL_YAML: "CSL YAML",
    HUGO: "Hugo Blox / Wowchemy / Academic publication pages",
    NOTES: "paper notes (Markdown with front matter)",
    SPREADSHEET: "spreadsheet CSV",
    PUBMED_CSV: "PubMed CSV",
    HF_JSON: "Hugging Face daily papers JSON",
    PAPERS_JSON: "papershelf's papers.json",
    OPENALEX_JSON: "OpenAlex JSON",
    SEMANTIC_SCHOLAR_JSON: "Semantic Scholar JSON",
    EUROPE_PMC_JSON: "Europe PMC JSON",
    ZENODO_JSON: "Zenodo JSON",
    DBLP_JSON: "DBLP search API JSON",
    DBLP_XML: "DBLP XML",
    HF_LISTING: "Hugging Face Daily Papers listing (copied text)",
    LINKS: "arXiv links (a Markdown or text reading list)",
    ARXIV_FEED: "arXiv API answer (Atom)",
}
# an entry's type is a word; Semantic Scholar writes a list of its publication types (`@['JournalArticle']{`)
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@[ \t]*(?:[A-Za-z]+|\[[^\]\n]*\])[ \t]*[{(]", re.MULTILINE)
_RIS_ENTRY = re.compile(r"^TY  - ", re.MULTILINE)
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")  # a Markdown code fence's opening or closing
MIN_LIST_LINKS = 5  # arXiv papers a Markdown file links, outside its code, to be a reading list beside its BibTeX


def detect_format(text: str, name: str = "the file") -> str:
    """One of the format names of FORMAT_NAMES; a UsageError naming what was expected otherwise."""
    return _detect(text, name)[0]


def _detect(text: str, name: str) -> tuple[str, object]:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped.isspace():
        raise UsageError(f"{name} is empty: export the library again, or check that the file is the export")
    if stripped.startswith(("[", "{")):
        data = _json(stripped, name)
        if looks_like_papers_json(data):
            return PAPERS_JSON, data
        if is_orcid_json(data):
            raise UsageError(f"{name} {ORCID_EXPORT}")
        works = crossref_works(data)
        if works is not None:  # its records are CSL's names (csl.py), inside the answer's envelope
            return CROSSREF_JSON, works
        if looks_like_zotero_json(data):
            return ZOTERO_JSON, data
        return (HF_JSON if _is_hf_json(data) else json_kind(data) or CSL_JSON), data
    if looks_like_arxiv_feed(stripped):  # before the reading lists: its entries are arXiv links too
        return ARXIV_FEED, None
    if looks_like_dblp_xml(stripped):
        return DBLP_XML, None
    if looks_like_endnote_xml(stripped):
        return ENDNOTE_XML, None
    if looks_like_zotero_rdf(stripped):
        return ZOTERO_RDF, None
    if looks_like_csl_yaml(stripped):  # before BibTeX: an abstract may hold "@article{"
        return CSL_YAML, None
    if looks_like_hugo_publication(stripped):  # read with its folder's cite.bib and profiles (hugo.read_hugo_site)
        return HUGO, None
    if looks_like_paper_note(stripped):  # before the reading lists: a note may link arXiv papers in its text
        return NOTES, None
    if looks_like_wos(stripped):  # before BibTeX and RIS: an abstract may hold "@article{" or "TY  - "
        return WOS, None
    if looks_like_wos_tabs(stripped):
        return WOS_TABS, None
    if looks_like_refer(stripped):
        return REFER, None
    if looks_like_refworks(stripped):
        return REFWORKS, None
    if looks_like_zotero_csv(stripped):  # before BibTeX: an abstract in a cell may hold "@article{"
        return ZOTERO_CSV, None
    if looks_like_scholar_csv(stripped):
        return SCHOLAR_CSV, None
    if looks_like_scopus_csv(stripped):
        return SCOPUS_CSV, None
    if looks_like_ieee_csv(stripped):
        return IEEE_CSV, None
    if looks_like_pubmed_csv(stripped):
        return PUBMED_CSV, None
    if looks_like_spreadsheet(stripped):  # after the exporters' own CSVs, whose headers it could also read
        return SPREADSHEET, None
    if _BIBTEX_ENTRY.search(text) and not cites_itself_among_links(text):
        return BIBTEX, None
    if _RIS_ENTRY.search(text):
        return RIS, None
    if looks_like_medline(text):
        return MEDLINE, None
    if looks_like_listing(text):
        return HF_LISTING, None
    if looks_like_link_list(text):
        return LINKS, None
    for marker, advice in _KNOWN_UNREAD:
        if marker in stripped[:2000]:
            raise UsageError(f"{name} {advice}")
    raise UsageError(
        f"cannot tell what {name} holds: expected BibTeX entries (@article{{key, …}}), RIS records (TY  - JOUR …), "
        "PubMed's MEDLINE records (PMID- …, the .nbib PubMed saves), Web of Science's plain-text export "
        "(FN Clarivate Analytics Web of Science …), Google Scholar's CSV (Authors,Title,Publication,…), Zotero RDF (<rdf:RDF … xmlns:z=…zotero…>), EndNote's XML export (<xml><records><record>…) or tagged export "
        "(%0 Journal Article, %T …: .enw, as Google Scholar, CNKI and the ACL Anthology write it), RefWorks' tagged "
        "export (RT Journal Article, A1 …), "
        "CSL-JSON (as Zotero, Mendeley or Crossref export it) or CSL YAML (references: …, pandoc's and Better BibTeX's), "
        "a Hugo site's publication page (front matter with publication_types: …), the CSV export of Zotero, Scopus or IEEE Xplore (a header \"Key\",\"Item Type\",…, \"Authors\",…,\"EID\" or "
        "\"Document Title\",\"Authors\",…), a spreadsheet saved as CSV whose first line names a Title column and another (Authors, Year, Link, Venue, Tags…), the JSON of https://huggingface.co/api/daily_papers, "
        "a Hugging Face Daily Papers page copied as text (title, abstract, '• N authors', '·', date), papershelf's "
        "papers.json, the JSON of OpenAlex, Semantic Scholar, Europe PMC or DBLP's search API, a paper note (front matter with a title "
        "and authors), or a Markdown or text reading list with arxiv.org links"
    )


def cites_itself_among_links(text: str) -> bool:
    """A Markdown reading list (an "awesome" list's README) whose only BibTeX is inside code fences (its "How to
    cite" block) and which links more arXiv papers outside them than the fences hold entries, five at least."""
    outside: list[str] = []
    fence, fenced_entries = "", 0
    for line in text.splitlines():
        marker = _FENCE.match(line)
        if marker and (not fence or marker[1].startswith(fence)):
            fence = "" if fence else marker[1]
        elif fence:
            fenced_entries += bool(_BIBTEX_ENTRY.match(line))
        elif _BIBTEX_ENTRY.match(line):
            return False
        else:
            outside.append(line)
    linked = len(set(arxiv_mentions("\n".join(outside))))
    return fenced_entries > 0 and linked >= max(MIN_LIST_LINKS, fenced_entries + 1)


ORCID_EXPORT = ("is ORCID's JSON (what its API answers for a record's works): its work summaries name no authors, so "
                "no paper can be made of them; export BibTeX from ORCID instead (your record on orcid.org → Works → "
                "Export works → BibTeX, which writes works.bib) and import that")


def is_orcid_json(data: Any) -> bool:
    """ORCID's API answers: a record's `activities-summary`, its `works` (`group` of `work-summary`), or a work
    (`put-code` with a `title`)."""
    if not isinstance(data, dict):
        return False
    works = data.get("works") if isinstance(data.get("works"), dict) else data
    groups = works.get("group") if isinstance(works, dict) else None
    return ("activities-summary" in data or ("put-code" in data and "title" in data)
            or (isinstance(groups, list) and any(isinstance(group, dict) and "work-summary" in group
                                                 for group in groups)))


CITAVI_EXPORT = ("in Citavi, choose File → Export → Export references…, BibTeX (or RIS), and import the file it "
                 "writes")
ZENODO_EXPORT = ("export the record as JSON, CSL or BibTeX instead (Zenodo: the record's page → Export), which "
                 "papershelf imports")
# Text formats papershelf does not read but can name, with what to import instead.
_KNOWN_UNREAD: tuple[tuple[str, str], ...] = (
    ("<CitaviExchangeData", f"is a Citavi project (Citavi's XML): {CITAVI_EXPORT}"),
    ("<responseWrapper", "is Europe PMC's XML answer: ask its search for format=json and import that"),
    ('xmlns="http://datacite.org/schema/kernel-', f"is DataCite XML (as Zenodo exports a record): {ZENODO_EXPORT}"),
    ("<oai_dc:dc", f"is Dublin Core XML (oai_dc, as Zenodo and other repositories export a record): {ZENODO_EXPORT}"),
)
ENDNOTE_LIBRARY = ("is an EndNote library (EndNote's own database, not an export): in EndNote, select the references "
                   "(Edit → Select All), then File → Export…, Save as type XML, and import the .xml file it writes (or "
                   "choose the output style RefMan (RIS) Export and import that text file)")
SAVE_AS_CSV = ("save the sheet as CSV and import that (Excel: File → Save As → CSV UTF-8; Google Sheets: File → "
               "Download → Comma-separated values; LibreOffice: File → Save As → Text CSV)")
# What a binary file is, by its first bytes (and, for a ZIP archive, the names inside), and what to import instead.
_BINARY_FILES: tuple[tuple[bytes, bytes, str], ...] = (
    (b"PK\x03\x04", b"xl/", f"is an Excel workbook: {SAVE_AS_CSV}"),
    (b"PK\x03\x04", b"opendocument.spreadsheet", f"is a LibreOffice or OpenOffice spreadsheet: {SAVE_AS_CSV}"),
    (b"PK\x03\x04", b"Index/Document.iwa", "is a Numbers spreadsheet: save the sheet as CSV (File → Export To → "
                                           "CSV) and import that"),
    (b"PK\x03\x04", b"word/", "is a Word document: papershelf reads bibliographies; export the references from the "
                             "reference manager that wrote them (BibTeX, RIS, CSL-JSON)"),
    (b"PK\x03\x04", b".ctv", f"is a Citavi project (a backup): {CITAVI_EXPORT}"),
    (b"PK\x03\x04", b"refs.MYD", ENDNOTE_LIBRARY),  # an .enl: its references' table, zipped
    (b"PK\x03\x04", b"rdb/refs.", ENDNOTE_LIBRARY),  # an .enlx: the library and its .Data folder, zipped
    (b"PK\x03\x04", b"", "is a ZIP archive: unpack it and import the bibliography inside"),
    (b"\xd0\xcf\x11\xe0", b"", f"is an old Microsoft Office file (.xls, .doc): {SAVE_AS_CSV}"),
    (b"%PDF", b"", "is a PDF: papershelf reads bibliographies, not papers; add one paper with `papershelf add "
                  "ARXIV-ID-OR-DOI`, or import the bibliography your reference manager exports"),
    (b"SQLite format 3\x00", b"", "is an SQLite database (Zotero's zotero.sqlite?): export the library from Zotero "
                                 "(File → Export Library… → Zotero RDF, which keeps its collections, or BibTeX) and "
                                 "import that"),
    (b"\x1f\x8b", b"", "is gzip-compressed: unpack it (gunzip) and import the file inside"),
)


MAX_PEEK = 64 * 1024  # a workbook names its parts (xl/…) in the ZIP headers at its start


def folder_format(path: Path) -> str:
    """What an import folder is: a Hugo site (or its publications), or a folder of paper notes."""
    if path.name.lower().endswith(".data") and any((path / part).is_dir() for part in ("rdb", "sdb", "tdb")):
        raise UsageError(f"{path}: is the data folder of an EndNote library: {ENDNOTE_LIBRARY.removeprefix('is ')}")
    if looks_like_hugo_folder(path):
        return HUGO
    if has_paper_notes(path):
        return NOTES
    exports = bibliography_files(path)
    hint = (f"; it holds {', '.join(repr(str(path / name)) for name in exports)}: import that file" if exports
            else "; for a library's export, give the file")
    raise UsageError(f"{path}: is a folder, and papershelf imports a folder as a Hugo site's publications (Hugo "
                     "Blox, Wowchemy or Academic: content/publication/<paper>/index.md) or as paper notes (Markdown "
                     "files whose front matter has a title and authors, a year or an arXiv id, as Obsidian or a "
                     f"site of reading notes keeps them){hint}")


EXPORT_ENDINGS = (".bib", ".bibtex", ".biblatex", ".ris", ".rdf", ".json", ".nbib", ".enw", ".csv")
MAX_NAMED_EXPORTS = 3


def bibliography_files(folder: Path) -> list[str]:
    """The export files at the top of a folder (Zotero's "Export Files" writes `Exported Items/Exported Items.bib`
    beside a `files/` folder of the attachments), a few, by name."""
    try:
        names = sorted(entry.name for entry in folder.iterdir()
                       if entry.is_file() and entry.name.lower().endswith(EXPORT_ENDINGS))
    except OSError:
        return []
    return names[:MAX_NAMED_EXPORTS]


# Binary files known by their name's ending, whatever their first bytes (a Citavi project is an SQLite database as
# Zotero's is; EndNote's library formats changed over its versions), and what to import instead.
_BINARY_NAMES: tuple[tuple[str, str], ...] = (
    (r"\.ctv\d*bak", f"is a Citavi project (a backup): {CITAVI_EXPORT}"),
    (r"\.ctv\d*", f"is a Citavi project: {CITAVI_EXPORT}"),
    (r"\.enlx?", ENDNOTE_LIBRARY),
    (r"@www\.mendeley\.com\.sqlite", "is Mendeley Desktop's database: in Mendeley Desktop, select the documents, "
                                      "then File → Export…, BibTeX (*.bib), and import that file"),
)


def binary_file_advice(data: bytes, name: str = "") -> str | None:
    """What a binary import file is and what to import instead, by its name (a Citavi project or backup, an EndNote
    library) or by its first bytes; None for anything else, a text file of any name included."""
    if b"\x00" in data[:1024] or data.startswith(b"PK\x03\x04"):
        for ending, advice in _BINARY_NAMES:
            if re.search(f"{ending}$", name, re.IGNORECASE):
                return advice
    for magic, inside, advice in _BINARY_FILES:
        if data.startswith(magic) and inside in data[:MAX_PEEK]:
            return advice
    return None


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{name}: not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:  # Python's JSON reader recurses once per level of nesting
        raise UsageError(f"{name}: its JSON is nested too deeply to be a list of papers") from None
    except ValueError as error:  # a number of 4,300 digits or more: Python's int() refuses it
        digits = re.search(r"value has (\d+) digits", str(error))
        raise UsageError(f"{name}: its JSON holds a number of {digits[1] if digits else 'too many'} digits, more than "
                         "Python reads (4,300); no field of a paper needs such a number") from None


def _is_hf_json(data: Any) -> bool:
    """The daily papers API: {"paper": {...}} items, or bare paper objects with an `id` and a `summary`."""
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and ("paper" in first or ("summary" in first and "type" not in first))


def parse_import(text: str, name: str = "the file", site: AlFolioSite | None = None) -> tuple[str, SourceResult]:
    """(format, what its parser read) for the text of an import file; `site`, the al-folio site a .bib is in."""
    text = text.lstrip("\ufeff")
    kind, data = _detect(text, name)
    if kind == HF_JSON:
        return kind, parse_api_data(data)
    if kind in (CSL_JSON, CROSSREF_JSON):
        return kind, parse_csl(data)
    if kind in (OPENALEX_JSON, SEMANTIC_SCHOLAR_JSON, EUROPE_PMC_JSON, ZENODO_JSON, DBLP_JSON):
        return kind, parse_scholarly_json(kind, data)
    if kind == NOTES:
        return kind, read_note(text, name)
    if kind == PAPERS_JSON:
        return kind, parse_papers_json(data)
    if kind == ZOTERO_JSON:
        return kind, parse_zotero_json(data)
    if kind in (HUGO, LINKS):  # the caller reads them: a Hugo page with its bundle and site (hugo.read_hugo_site),
        return kind, SourceResult()  # a reading list's ids from arXiv (links.linked_papers)
    if kind == BIBTEX:
        return kind, parse_bibtex(text, site)
    if kind in (SPREADSHEET, PUBMED_CSV):  # a row that lacks what arXiv gives is skipped with its partial draft:
        return kind, parse_spreadsheet(text)  # import_file asks arXiv for them (adding.completed_from_arxiv)
    parser = {RIS: parse_ris, MEDLINE: parse_medline, ZOTERO_CSV: parse_zotero_csv,
              SCOPUS_CSV: parse_scopus_csv, SCHOLAR_CSV: parse_scholar_csv, IEEE_CSV: parse_ieee_csv, WOS: parse_wos,
              WOS_TABS: parse_wos_tabs,
              ENDNOTE_XML: parse_endnote_xml, REFER: parse_refer, REFWORKS: parse_refworks, ZOTERO_RDF: parse_zotero_rdf, CSL_YAML: parse_csl_yaml,
              HF_LISTING: parse_listing, ARXIV_FEED: parse_arxiv_feed, DBLP_XML: parse_dblp_xml}[kind]
    return kind, parser(text)
