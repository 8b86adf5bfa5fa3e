"""EndNote's XML export (File → Export… → XML) as `PaperDraft`s, read with lxml.

EndNote writes `<xml><records><record>…` with one element a field, its text split into `<style>` runs
(a subscript is a run of its own, so a field's text is all of its runs). Read: `ref-type` (the kind of
work), `contributors/authors/author` ("Last, First"), `titles/title`, `titles/secondary-title` (else
`periodical/full-title`) as the venue, `dates/year`, `electronic-resource-num` (the DOI), `abstract`,
`keywords/keyword`, `volume`, `number`, `pages`, `publisher`, and `urls/related-urls/url`. Never read:
`urls/pdf-urls` (`internal-pdf://…`, files in the exporter's own library) and `database` (a path on the
exporter's disk). `notes` and `research-notes` (the library's own, perhaps private) are listed as ignored.

The XML is untrusted: entities are not resolved, nothing is fetched, and lxml's limits on depth and size
hold (`huge_tree=False`).
"""

from __future__ import annotations

from lxml import etree

from ..model.problems import UsageError
from . import PaperDraft, Parsed, SourceResult, checked, citation_fields, clean_abstract, collapse_spaces
from .identifiers import clean_doi, first_arxiv, located_fields, plain_identifier
from .ris import person_name

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
BIBTEX_TYPES = {"Journal Article": "article", "Electronic Article": "article", "Magazine Article": "article",
                "Conference Proceedings": "inproceedings", "Conference Paper": "inproceedings", "Book": "book",
                "Edited Book": "book", "Book Section": "incollection", "Report": "techreport", "Thesis": "phdthesis",
                "Generic": "misc", "Standard": "misc", "Web Page": "misc", "Manuscript": "unpublished"}
READ = frozenset({"ref-type", "contributors", "titles", "periodical", "dates", "electronic-resource-num", "abstract",
                  "keywords", "volume", "number", "pages", "publisher", "urls", "rec-number"})
# EndNote's bookkeeping, not the paper's: left out of "ignored fields" so each record does not list them.
BOOKKEEPING = frozenset({"database", "source-app", "foreign-keys", "isbn", "accession-num", "language",
                         "remote-database-name", "remote-database-provider", "access-date", "alt-periodical",
                         "work-type", "label", "call-num"})


def looks_like_endnote_xml(text: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n")[:2000]
    return start.startswith(("<?xml", "<xml")) and "<record>" in start and "<ref-type" in start


def parse_endnote_xml(text: str) -> SourceResult:
    try:
        root = etree.fromstring(text.lstrip("\ufeff \t\r\n").encode("utf-8"), parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"not valid XML: {collapse_spaces(str(error))[:200]}") from None
    result = SourceResult()
    for number, record in enumerate(root.iter("record"), start=1):
        rec_number = _text(record.find("rec-number"))
        where = f"record {number}" + (f" (rec-number {rec_number})" if rec_number.isdigit() else "")
        result.items.append(record_to_draft(record, where))
    return result


def _text(element: etree._Element | None) -> str:
    """All the text of an element (every `<style>` run), spaces collapsed."""
    return collapse_spaces("".join(element.itertext())) if element is not None else ""


def _texts(record: etree._Element, path: str) -> list[str]:
    return [text for text in (_text(element) for element in record.iterfind(path)) if text]


def record_to_draft(record: etree._Element, origin: str) -> Parsed:
    doi = clean_doi(plain_identifier(_text(record.find("electronic-resource-num"))))
    urls = [plain_identifier(url) for url in _texts(record, "urls/related-urls/url")]
    venue = _text(record.find("titles/secondary-title")) or _text(record.find("periodical/full-title"))
    keywords = _texts(record, "keywords/keyword")
    meta = {
        "title": _text(record.find("titles/title")) or None,
        "authors": [name for name in map(person_name, _texts(record, "contributors/authors/author")) if name],
        "date": _year(_text(record.find("dates/year"))),
        **located_fields(first_arxiv(doi, urls, [venue]), doi, urls, venue, keywords),
        "citation": _citation(record),
    }
    draft = PaperDraft(meta, clean_abstract(_text(record.find("abstract"))), origin, keywords=keywords)
    draft.ignored = sorted({child.tag for child in record if isinstance(child.tag, str)
                            and child.tag not in READ and child.tag not in BOOKKEEPING})[:40]
    return checked(draft)


def _year(value: str) -> str | None:
    return value[:4] if value[:4].isascii() and value[:4].isdigit() else None


def _citation(record: etree._Element) -> dict[str, str] | None:
    ref_type = record.find("ref-type")
    fields = {"type": BIBTEX_TYPES.get(ref_type.get("name", "") if ref_type is not None else ""),
              "volume": _text(record.find("volume")), "number": _text(record.find("number")),
              "pages": _text(record.find("pages")).replace("-", "–"), "publisher": _text(record.find("publisher"))}
    return citation_fields(fields)
