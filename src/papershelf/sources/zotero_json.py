"""Better BibTeX's JSON export (Zotero → Export… → BetterBibTeX JSON, or its automatic export) as `PaperDraft`s:
Zotero's own items, with the library's collections.

An item is Zotero's record as Zotero keeps it: `itemType`, `title`, `creators` (`firstName` and `lastName`, or one
`name`; each with its `creatorType`: a book section's editors are not its authors), `date` as the user typed it,
`DOI`, `url`, `abstractNote`, the container by its item type's field (`publicationTitle`, `proceedingsTitle`,
`bookTitle`, `university`…), `volume`, `issue`, `pages`, `publisher`, `tags`, `extra` (where Zotero keeps an arXiv id
or a DOI its item type has no field for; a string of lines, or a list of them) and Better BibTeX's `citationKey`. Attachments, notes and annotations are
not papers; an item's notes are the library's own, listed as ignored. The collections (`collections`: each with its
`name`, `parent` and the `itemID`s of its `items`) become each item's folders, as in Zotero RDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    range_dash,
)
from .identifiers import clean_doi, first_arxiv, located_fields
from .zotero_rdf import BIBTEX_TYPES, MAX_COLLECTION_DEPTH, zotero_date

BETTER_BIBTEX_JSON = "36a3b0b5-bad0-4a04-b79b-441c7cef77db"  # the translator's id, in the export's `config`
NOT_PAPERS = frozenset({"attachment", "note", "annotation"})
# Who a Zotero item is by, per item type (Zotero's primary creator types); editors, translators, series editors and
# contributors are not authors
AUTHOR_TYPES = frozenset({"author", "programmer", "presenter", "inventor", "podcaster", "director", "artist",
                          "cartographer", "performer", "interviewee", "sponsor"})
# The field that names the item's container, per item type, in the order Zotero's types use them
VENUE_FIELDS = ("publicationTitle", "proceedingsTitle", "bookTitle", "conferenceName", "encyclopediaTitle",
                "dictionaryTitle", "websiteTitle", "blogTitle", "forumTitle", "university", "institution",
                "repository", "programTitle", "seriesTitle")
READ = frozenset({"itemType", "title", "creators", "date", "DOI", "url", "abstractNote", "volume", "issue", "pages",
                  "publisher", "tags", "extra", "citationKey", "citekey", "archiveID", "number", "reportNumber",
                  *VENUE_FIELDS})
# Zotero's and Better BibTeX's bookkeeping, not the paper's: left out of the ignored fields so that each item does not
# list them
BOOKKEEPING = frozenset({"itemID", "itemKey", "key", "version", "libraryID", "uri", "dateAdded", "dateModified",
                         "accessDate", "libraryCatalog", "language", "shortTitle", "rights", "relations", "collections",
                         "attachments", "select", "callNumber", "archive", "archiveLocation", "journalAbbreviation",
                         "numPages", "place", "ISBN", "ISSN", "edition", "series", "seriesNumber", "numberOfVolumes"})
MAX_IGNORED_LISTED = 40
_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)


def looks_like_zotero_json(data: object) -> bool:
    """Better BibTeX's JSON export: its `config` names the translator, its `items` are Zotero's."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return False
    config = data.get("config")
    return isinstance(config, dict) and (config.get("id") == BETTER_BIBTEX_JSON
                                         or config.get("label") == "BetterBibTeX JSON")


def parse_zotero_json(data: object) -> SourceResult:
    items = data.get("items") if isinstance(data, dict) else None
    folders = collection_paths(data.get("collections") if isinstance(data, dict) else None)
    result = SourceResult()
    for number, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, dict):
            result.items.append(Skipped(f"item {number}", "is not a JSON object with itemType, title and creators"))
        elif _text(item.get("itemType")) not in NOT_PAPERS:
            result.items.append(item_to_draft(item, f"item {number}", folders.get(_text(item.get("itemID")), [])))
    return result


def collection_paths(collections: object) -> dict[str, list[tuple[str, ...]]]:
    """Each item (by its itemID) → the collections that hold it, each as its path of names from the top."""
    if not isinstance(collections, Mapping):
        return {}
    known = {key: value for key, value in collections.items() if isinstance(value, Mapping)}

    def path(key: str) -> tuple[str, ...]:
        names: list[str] = []
        seen: set[str] = set()
        while key in known and key not in seen and len(names) < MAX_COLLECTION_DEPTH:
            seen.add(key)
            names.append(_text(known[key].get("name")))
            key = _text(known[key].get("parent"))
        return tuple(name for name in reversed(names) if name)

    found: dict[str, dict[tuple[str, ...], None]] = {}  # an item's paths, in order, each once
    for key, collection in known.items():
        members = _list(collection.get("items"))
        where = path(key) if members else ()
        for member in members if where else []:
            found.setdefault(_text(member), {})[where] = None
    return {item: list(paths) for item, paths in found.items()}


def item_to_draft(item: Mapping[str, object], origin: str, collections: list[tuple[str, ...]]) -> Parsed:
    key = _text(item.get("citationKey")) or _text(item.get("citekey"))
    origin = f"{origin} ({key})" if key and len(key) < 120 else origin
    extra = _lines(item.get("extra"))
    doi = clean_doi(_text(item.get("DOI"))) or _extra_doi(extra)
    url = _text(item.get("url"))
    venue = next((text for name in VENUE_FIELDS if (text := _text(item.get(name)))), "")
    keywords = [tag for tag in map(_tag, _list(item.get("tags"))) if tag]
    creators = [creator for creator in _list(item.get("creators")) if isinstance(creator, Mapping)]
    meta = {
        "title": _text(item.get("title")) or None,
        "authors": [name for creator in creators if _is_author(creator) and (name := _name(creator))],
        "date": zotero_date(_text(item.get("date"))),
        **located_fields(first_arxiv(doi, [url], [_text(item.get("archiveID")), extra, venue]), doi,
                         [url] if url else [], venue, keywords),
        "citation": _citation(item, key),
    }
    draft = PaperDraft(meta, clean_abstract(_raw(item.get("abstractNote"))), origin,
                       keywords=keywords + group_names(collections), groups=collections)
    draft.ignored = _ignored(item, creators)
    parsed = checked(draft)
    editors = [name for creator in creators if not _is_author(creator) and (name := _name(creator))]
    if isinstance(parsed, Skipped) and not meta["authors"] and editors:
        roles = sorted({_text(creator.get("creatorType")) or "creator" for creator in creators})
        return Skipped(parsed.origin, f"{parsed.reason}; its creators are {' and '.join(roles)}s only "
                                      f"({', '.join(editors[:3])}{', …' * (len(editors) > 3)}), none an author")
    return parsed


def _is_author(creator: Mapping[str, object]) -> bool:
    return _text(creator.get("creatorType")) in AUTHOR_TYPES or "creatorType" not in creator


def _name(creator: Mapping[str, object]) -> str:
    """"First Last", or Zotero's one-field name (an institution, a name Zotero could not split)."""
    return collapse_spaces(_text(creator.get("name")) or f"{_text(creator.get('firstName'))} "
                                                         f"{_text(creator.get('lastName'))}")


def _extra_doi(extra: str) -> str | None:
    """A DOI Zotero keeps in Extra (`DOI: 10.…`) for an item type without a DOI field (a book, a preprint)."""
    line = next((line for line in extra.splitlines() if line.lower().startswith("doi:")), "")
    return clean_doi(line[4:]) if line else None


def _tag(tag: object) -> str:
    return _text(tag.get("tag")) if isinstance(tag, Mapping) else _text(tag)


def _citation(item: Mapping[str, object], key: str) -> dict[str, str] | None:
    pages = _text(item.get("pages"))
    return citation_fields({
        "key": key if _CITATION_KEY.fullmatch(key) else None, "type": BIBTEX_TYPES.get(_text(item.get("itemType")), "misc"),
        "volume": _text(item.get("volume")),
        "number": _text(item.get("issue")) or _text(item.get("number")) or _text(item.get("reportNumber")),
        "pages": range_dash(pages) if pages else "", "publisher": _text(item.get("publisher")),
    })


def _ignored(item: Mapping[str, object], creators: list[Mapping[str, object]]) -> list[str]:
    names = [name for name in item if name not in READ and name not in BOOKKEEPING]
    names += sorted({f"{role}s" for creator in creators if not _is_author(creator)
                     and (role := _text(creator.get("creatorType")))})
    return names[:MAX_IGNORED_LISTED]


def _text(value: object) -> str:
    return collapse_spaces(_raw(value))


def _lines(value: object) -> str:
    """Extra's text: one string of lines, or (newer Better BibTeX exports) a list of them."""
    return "\n".join(map(_raw, value)) if isinstance(value, list) else _raw(value)


def _raw(value: object) -> str:
    """A field's text as written (lines kept); a number as digits (an itemID), at most 18 of them."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value).strip() if not isinstance(value, int) or abs(value) < 10**18 else ""


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []
