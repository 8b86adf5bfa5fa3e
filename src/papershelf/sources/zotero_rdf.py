"""Zotero RDF (Zotero's Export Library… → Zotero RDF) as `PaperDraft`s, read with lxml.

Zotero's lossless export, and the only one that keeps the library's collections: each item's collections
(`z:Collection` … `dcterms:hasPart`) are matched against topics as its tags are, each by its title and by its
path from the top collection (`0 Proceedings/LDAC 2021`). An item is a child of `rdf:RDF` with a
`z:itemType` (not an attachment or a note). Read: `dc:title`, `bib:authors` (`foaf:surname`,
`foaf:givenName`), `dc:date` (as the user typed it: `07/26/2017`, `April 1, 2019`, `June 2019`), the title of
its container (`dcterms:isPartOf`: the journal, proceedings or book, inline or referenced) else of
`bib:presentedAt`'s conference, `DOI …` identifiers (Zotero writes an item's DOI on its container), URIs,
`dcterms:abstract`, `dc:subject` (tags, automatic ones too), `bib:pages`, `prism:volume` and `prism:number`,
`dc:publisher`, and an arXiv id in `dc:description` (Zotero's Extra). Attachments (`link:link`: files on the
exporter's disk) are never read; notes (`dcterms:isReferencedBy`, the library's own) are listed as ignored.

The XML is untrusted: entities are not resolved, nothing is fetched, and lxml's limits on depth and size
hold (`huge_tree=False`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..model.problems import UsageError
from . import (
    PaperDraft,
    Parsed,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    group_names,
    month_number,
)
from .identifiers import clean_doi, first_arxiv, located_fields
from .ris import ris_date

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "z": "http://www.zotero.org/namespaces/export#",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "bib": "http://purl.org/net/biblio#", "foaf": "http://xmlns.com/foaf/0.1/",
      "prism": "http://prismstandard.org/namespaces/1.2/basic/", "link": "http://purl.org/rss/1.0/modules/link/"}
_ABOUT = f"{{{NS['rdf']}}}about"
_RESOURCE = f"{{{NS['rdf']}}}resource"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
NOT_PAPERS = frozenset({"attachment", "note"})
BIBTEX_TYPES = {"journalArticle": "article", "magazineArticle": "article", "newspaperArticle": "article",
                "conferencePaper": "inproceedings", "book": "book", "bookSection": "incollection",
                "thesis": "phdthesis", "report": "techreport", "preprint": "misc", "manuscript": "unpublished"}
READ = frozenset({"z:itemType", "dc:title", "bib:authors", "dc:date", "dcterms:isPartOf", "bib:presentedAt",
                  "dc:identifier", "dcterms:abstract", "dc:subject", "bib:pages", "prism:volume", "prism:number",
                  "dc:publisher"})
# Zotero's bookkeeping, not the paper's: left out of "ignored fields" so each item does not list them.
BOOKKEEPING = frozenset({"dcterms:dateSubmitted", "z:libraryCatalog", "link:link", "z:language", "z:shortTitle",
                         "dc:rights", "dcterms:dateModified", "z:archive", "z:archiveLocation", "dc:coverage"})
REPORTED_AS = {"dcterms:isReferencedBy": "notes", "dc:description": "dc:description (Extra)"}
MAX_COLLECTION_DEPTH = 20  # a collection's path stops here, whatever a hostile file's nesting or cycle


def looks_like_zotero_rdf(text: str) -> bool:
    start = text[:3000]
    return "rdf:RDF" in start and "http://www.zotero.org/namespaces/export#" in start


def parse_zotero_rdf(text: str) -> SourceResult:
    try:
        root = etree.fromstring(text.lstrip("\ufeff \t\r\n").encode("utf-8"), parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"not valid XML: {collapse_spaces(str(error))[:200]}") from None
    resources = {about: element for element in root if (about := element.get(_ABOUT))}
    collections = collection_paths(root)
    result = SourceResult()
    for number, item in enumerate(_items(root), start=1):
        where = f"item {number}, line {item.sourceline}"
        result.items.append(item_to_draft(item, where, resources, collections.get(item.get(_ABOUT) or "", [])))
    return result


def _items(root: etree._Element) -> Iterator[etree._Element]:
    for element in root:
        kind = element.findtext("z:itemType", namespaces=NS)
        if kind and kind.strip() not in NOT_PAPERS:
            yield element


def collection_paths(root: etree._Element) -> dict[str, list[tuple[str, ...]]]:
    """Each item (by its rdf:about) → the collections that hold it, each as its path of titles from the top."""
    titles: dict[str, str] = {}
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for collection in root.iterfind("z:Collection", NS):
        about = collection.get(_ABOUT) or ""
        titles[about] = collapse_spaces(collection.findtext("dc:title", default="", namespaces=NS))
        for part in collection.iterfind("dcterms:hasPart", NS):
            resource = part.get(_RESOURCE) or ""
            if resource.startswith("#collection"):
                parent.setdefault(resource, about)
            else:
                members.setdefault(resource, []).append(about)

    def path(about: str) -> tuple[str, ...]:
        names: list[str] = []
        seen: set[str] = set()
        while about in titles and about not in seen and len(names) < MAX_COLLECTION_DEPTH:
            seen.add(about)
            names.append(titles[about])
            about = parent.get(about, "")
        return tuple(name for name in reversed(names) if name)

    return {item: [found for about in abouts if (found := path(about))] for item, abouts in members.items()}



def _text(element: etree._Element | None) -> str:
    return collapse_spaces("".join(element.itertext())) if element is not None else ""


def _texts(element: etree._Element | None, path: str) -> list[str]:
    if element is None:
        return []
    return [text for text in (_text(found) for found in element.iterfind(path, NS)) if text]


def _container(item: etree._Element, resources: dict[str, etree._Element]) -> etree._Element | None:
    """The journal, proceedings or book the item is part of: written inside it, or as a node of its own."""
    part_of = item.find("dcterms:isPartOf", NS)
    if part_of is None:
        return None
    inline = next((child for child in part_of if isinstance(child.tag, str)), None)
    return inline if inline is not None else resources.get(part_of.get(_RESOURCE) or "")


def _one(values: list[str]) -> str:
    """A container's value, when it has one: a journal's node shared by several items holds each item's."""
    return values[0] if len(set(values)) == 1 else ""


def item_to_draft(item: etree._Element, origin: str, resources: dict[str, etree._Element],
                  collections: list[tuple[str, ...]]) -> Parsed:
    container = _container(item, resources)
    identifiers = _texts(item, "dc:identifier") + _texts(container, "dc:identifier")
    urls = _texts(item, "dc:identifier/dcterms:URI/rdf:value") + _texts(container, "dc:identifier/dcterms:URI/rdf:value")
    dois = [doi for doi in (clean_doi(value[4:]) for value in identifiers if value.startswith("DOI ")) if doi]
    doi = _one(dois) or next((doi for doi in map(clean_doi, urls) if doi), None)
    venue = (_text(container.find("dc:title", NS)) if container is not None else "") or \
        _text(item.find("bib:presentedAt/bib:Conference/dc:title", NS))
    extra = _texts(item, "dc:description")
    keywords = _texts(item, "dc:subject")
    meta = {
        "title": _text(item.find("dc:title", NS)) or None,
        "authors": [name for name in map(_person, item.iterfind("bib:authors/rdf:Seq/rdf:li/foaf:Person", NS)) if name],
        "date": zotero_date(_text(item.find("dc:date", NS))),
        **located_fields(first_arxiv(doi, urls, extra), doi, urls, venue, keywords),
        "citation": _citation(item, container),
    }
    draft = PaperDraft(meta, clean_abstract(_text(item.find("dcterms:abstract", NS))), origin,
                       keywords=keywords + group_names(collections), groups=collections)
    draft.ignored = _ignored(item, bool(meta["arxiv"]), extra)
    if len(set(dois)) > 1:
        draft.ignored.append(f"DOI (its journal's record holds {len(set(dois))}: none is known to be this item's)")
    return checked(draft)


def _person(person: etree._Element) -> str:
    """"Given Surname"; Zotero's one-field names (`Hehua Zhang`, an institution) are all in foaf:surname."""
    given = _text(person.find("foaf:givenName", NS))
    surname = _text(person.find("foaf:surname", NS))
    return collapse_spaces(f"{given} {surname}")


def _citation(item: etree._Element, container: etree._Element | None) -> dict[str, str] | None:
    def value(path: str) -> str:
        return _one(_texts(item, path) + _texts(container, path))

    kind = (item.findtext("z:itemType", default="", namespaces=NS) or "").strip()
    return citation_fields({
        "type": BIBTEX_TYPES.get(kind, "misc"), "volume": value("prism:volume"), "number": value("prism:number"),
        "pages": _text(item.find("bib:pages", NS)).replace("-", "–"),
        "publisher": _text(item.find("dc:publisher/foaf:Organization/foaf:name", NS)),
    })


def _ignored(item: etree._Element, arxiv: bool, extra: list[str]) -> list[str]:
    names = []
    for child in item:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child)
        prefix = next((key for key, uri in NS.items() if uri == name.namespace), name.namespace or "")
        tag = f"{prefix}:{name.localname}"
        if tag in READ or tag in BOOKKEEPING or (tag == "dc:description" and arxiv and len(extra) == 1):
            continue
        names.append(REPORTED_AS.get(tag, tag))
    return list(dict.fromkeys(names))[:40]


_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # 07/26/2017: Zotero's US order, unless the first is a day
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_NAMED = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)? )?([A-Za-z]{3,})\.?(?: (\d{1,2})(?:st|nd|rd|th)?,?)? (\d{4})")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def zotero_date(value: str) -> str | None:
    """A date as a Zotero user typed it, as YYYY[-MM[-DD]]: ISO and 2019/6, 07/26/2017, 6/2019, April 1, 2019,
    20th February 2020, June 2019; else the year it holds."""
    value = value.strip()
    if re.match(r"\d{4}(?:[-/]|$)", value):
        return ris_date(value[:10])
    numeric = _NUMERIC.fullmatch(value)
    if numeric:
        first, second, year = (int(part) for part in numeric.groups())
        return _ymd(year, *((second, first) if first > 12 else (first, second)))
    month_year = _MONTH_YEAR.fullmatch(value)
    if month_year:
        return _ymd(int(month_year[2]), int(month_year[1]), None)
    named = _NAMED.fullmatch(value)
    month = month_number(named[2]) if named else None
    if named and month:
        day = named[1] or named[3]
        return _ymd(int(named[4]), month, int(day) if day else None)
    found = _YEAR.search(value)
    return found[1] if found else None


def _ymd(year: int, month: int, day: int | None) -> str:
    if not 1 <= month <= 12:
        return str(year)
    if day and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"
