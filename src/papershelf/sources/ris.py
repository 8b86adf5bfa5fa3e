"""RIS (EndNote, Zotero, Mendeley, most publishers' "export citation") as `PaperDraft`s, with rispy.

rispy reads the tagged lines into dictionaries; this module maps them to
paper fields. Exporters disagree on tags: the title is TI or T1, the journal
JO, JF, JA or T2, the date PY, Y1 or DA ("2010/11/19/"), an old Zotero puts
the DOI in M3 and the abstract in N2, authors are "Last, First" or "First Last".
"""

from __future__ import annotations

import re

import rispy

from ..model.problems import UsageError
from ..model.schema import CITATION_KEY_PATTERN
from . import (
    PaperDraft,
    Parsed,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    page_range,
    single_field_organizations,
)
from .identifiers import clean_doi, first_arxiv, is_http_url, located_fields

BIBTEX_TYPES = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
                "CONF": "inproceedings", "CPAPER": "inproceedings", "BOOK": "book", "EBOOK": "book",
                "CHAP": "incollection", "ECHAP": "incollection", "RPRT": "techreport", "THES": "phdthesis",
                "UNPB": "unpublished"}
TITLE_KEYS = ("title", "primary_title")
# the full names first (JF, T2), then JO, which Embase and PubMed fill with the abbreviation ("Clin. Perinatol."),
# and the abbreviations (JA, J2); the other names the entry gives are reported, not dropped unmentioned
VENUE_KEYS = ("alternate_title3", "secondary_title", "journal_name", "alternate_title2", "alternate_title1",
              "publisher")
AUTHOR_KEYS = ("authors", "first_authors")
DATE_KEYS = ("date", "year", "publication_year")
READ_KEYS = frozenset({*TITLE_KEYS, *VENUE_KEYS, *AUTHOR_KEYS, *DATE_KEYS, "type_of_reference", "doi", "urls",
                       "abstract", "notes_abstract", "keywords", "volume", "number", "start_page", "end_page", "id",
                       "type_of_work"})
# L1 (file attachments), L2 (links to full text): Zotero writes an arXiv paper's PDF link there, sometimes only there
FILE_KEYS = ("file_attachments1", "file_attachments2")
_RIS_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")
# "Liu R.", "Adler D.G.", "Quintanilla-Dieck L.", "Penn E.-B.": family name(s), then initials each with its stop
_FAMILY_INITIALS = re.compile(r"^(?P<family>[^\s,.]+(?: [^\s,.]+){0,3}) (?P<initials>(?:[A-ZÀ-Þ]\.-?){1,4})$")
_ENTRY_START = re.compile(r"^TY  - ", re.MULTILINE)
_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)

# One entry as rispy reads it: tag names (as rispy keys) to a string, or a list for the tags that repeat.
# Values are narrowed where read: a hand-made file can put anything anywhere.
RisEntry = dict[str, object]


def parse_ris(text: str) -> SourceResult:
    try:
        entries = rispy.loads(text)
    except (OSError, ValueError) as error:  # rispy raises IOError for a line it cannot place
        raise UsageError(f"not valid RIS: {collapse_spaces(str(error))[:200]}") from None
    lines = [text.count("\n", 0, match.start()) + 1 for match in _ENTRY_START.finditer(text)]
    result = SourceResult()
    for number, entry in enumerate(entries, start=1):
        line = lines[number - 1] if number <= len(lines) else 0
        result.items.append(entry_to_draft(entry, f"entry {number}, line {line}"))
    return result


def _items(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, str) and item.strip()]


def _first(entry: RisEntry, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value and str(value).strip():
            return collapse_spaces(str(value))
    return ""


def entry_to_draft(entry: RisEntry, origin: str) -> Parsed:
    doi = clean_doi(_first(entry, ("doi",))) or clean_doi(_first(entry, ("type_of_work",)))
    urls = [url.strip() for url in _items(entry.get("urls")) if isinstance(url, str)]
    files = [value.strip() for key in FILE_KEYS for value in _strings(entry.get(key))]
    venue = _first(entry, VENUE_KEYS)
    arxiv = first_arxiv(doi, urls + files, [venue, *_strings(entry.get("notes"))])
    written = [collapse_spaces(word) for word in _items(entry.get("keywords")) if isinstance(word, str) and word.strip()]
    keywords = [without_heading_mark(word) for word in written]
    pages_placeholder = _pages_placeholder(entry)
    meta = {
        "title": _first(entry, TITLE_KEYS) or None,
        "authors": [name for name in map(person_name, _authors(entry)) if name],
        "organizations": single_field_organizations([person_name(name) for name in _authors(entry)
                                                     if collapse_spaces(name).endswith(",")]),
        "date": ris_date(_first(entry, DATE_KEYS)),
        **located_fields(arxiv, doi, urls, venue, keywords),
        "citation": _citation(entry, with_pages=not pages_placeholder),
    }
    abstract = clean_abstract(_first(entry, ("abstract", "notes_abstract")))
    draft = PaperDraft(meta, abstract, origin, keywords=keywords)
    draft.ignored = sorted(name for key in entry if key not in READ_KEYS for name in _tags_of(entry, key))
    draft.ignored += _other_venue_names(entry, venue)
    if pages_placeholder:
        draft.ignored.append(f"SP/EP '{pages_placeholder}' (not pages: left out)")
    if written != keywords:
        draft.ignored.append("KW: the '*' that marks a major heading (PsycINFO), removed from the tags")
    return checked(draft)


def _tags_of(entry: RisEntry, key: str) -> list[str]:
    """The RIS tags a key of rispy's holds: its own, or for `unknown_tag` the file's tags RIS does not define (Embase's
    U2, U3, U4, LK)."""
    unknown = entry[key]
    if key == "unknown_tag" and isinstance(unknown, dict):
        return [str(tag) for tag in unknown]
    return [rispy_tag(key)]


def _other_venue_names(entry: RisEntry, venue: str) -> list[str]:
    """The entry's other names for its venue (a journal's abbreviation beside its full name), as report lines."""
    kept = next((key for key in VENUE_KEYS if _first(entry, (key,)) == venue), "")
    others = []
    for key in VENUE_KEYS[:-1]:  # the publisher is read into the citation
        name = _first(entry, (key,))
        if name and key != kept and name.casefold() != venue.casefold():
            others.append(f"{rispy_tag(key)} '{name}' (another name of the venue; the venue is {_KEY_TAGS[kept]}'s)")
    return others


def without_heading_mark(keyword: str) -> str:
    """A keyword without the '*' PsycINFO (Ovid) puts before a major heading ("*Body Image")."""
    return keyword[1:].strip() if keyword.startswith("*") and keyword[1:].strip() else keyword


# The words a database writes where an entry has no pages: Ovid's SP "No", EP "Specified" ("No Pagination Specified")
_NO_PAGES = frozenset({"no", "pagination", "specified", "not", "available", "n/a", "na", "none", "unknown"})


def _pages_placeholder(entry: RisEntry) -> str:
    """SP and EP as written when they only say there are no pages ("No–Specified"); "" for real pages."""
    start, end = _first(entry, ("start_page",)), _first(entry, ("end_page",))
    words = f"{start} {end}".casefold().split()
    return page_range(start, end) if words and set(words) <= _NO_PAGES else ""


def _authors(entry: RisEntry) -> list[str]:
    for key in AUTHOR_KEYS:
        if entry.get(key):
            return [name for name in _items(entry[key]) if isinstance(name, str)]
    return []


def person_name(name: str) -> str:
    """"Last, First" (with or without a space after the comma) as "First Last"; Embase's "Family I." and "Family
    I.J." (initials with their stops, no comma) as "I. Family"; other names as written."""
    name = collapse_spaces(name).strip(", ")
    family_first = _FAMILY_INITIALS.match(name)
    if family_first and any(char.islower() for char in family_first["family"]):
        return f"{family_first['initials']} {family_first['family']}"
    if name.count(",") == 2:  # "Last, First, Suffix"
        last, first, suffix = (part.strip() for part in name.split(","))
        return f"{person_name(last + ', ' + first)}, {suffix}" if suffix else person_name(last + ", " + first)
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        return collapse_spaces(f"{first} {last}") if first else last
    return name


def ris_date(value: str) -> str | None:
    """PY/DA values: 2010, 2010/11/19/, 2007/08//, 2003///, 2012-03-21."""
    match = _RIS_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}"
    return year


def _citation(entry: RisEntry, with_pages: bool = True) -> dict[str, str] | None:
    start, end = _first(entry, ("start_page",)), _first(entry, ("end_page",))
    pages = page_range(start, end) if with_pages else ""
    key = _first(entry, ("id",))
    urls = [url for url in _items(entry.get("urls")) if isinstance(url, str) and is_http_url(url.strip())]
    fields: dict[str, str | None] = {
        "key": key if _CITATION_KEY.match(key) and not key.isdigit() else None,
        "type": BIBTEX_TYPES.get(_first(entry, ("type_of_reference",)), "misc"),
        "volume": _first(entry, ("volume",)), "number": _first(entry, ("number",)), "pages": pages,
        "publisher": _first(entry, ("publisher",)), "url": urls[0].strip() if urls else None,
    }
    return citation_fields(fields)


_KEY_TAGS = {key: tag for tag, key in rispy.TAG_KEY_MAPPING.items()}


def rispy_tag(key: str) -> str:
    """The RIS tag a rispy key came from (for reports: users know their file's tags)."""
    tag = _KEY_TAGS.get(key)
    return f"{tag} ({key})" if tag else key
