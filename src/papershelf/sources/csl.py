"""CSL-JSON (what Zotero, Mendeley and Crossref export) as `PaperDraft`s.

A file holds a list of items, or one item (Crossref's content negotiation
answers with one). Crossref's own /works records use the same names with
lists where CSL has strings (`"title": ["…"]`); both are read, so the
enrichment by DOI reuses this module. Abstracts from Crossref are JATS XML
(`<jats:p>…</jats:p>`): paragraphs are kept, other tags dropped.
"""

from __future__ import annotations

import html
import re

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
    range_dash,
    single_field_organizations,
)
from .identifiers import arxiv_from_eprint, clean_doi, first_arxiv, is_http_url, located_fields

# CSL item types as BibTeX entry types, for the exports.
BIBTEX_TYPES = {"article-journal": "article", "article": "article", "paper-conference": "inproceedings",
                "book": "book", "chapter": "incollection", "report": "techreport", "thesis": "phdthesis",
                "journal-article": "article", "proceedings-article": "inproceedings", "book-chapter": "incollection",
                "posted-content": "misc", "manuscript": "unpublished", "document": "misc"}
READ_FIELDS = frozenset({
    "title", "author", "issued", "published-print", "published-online", "published", "created", "container-title",
    "publisher", "DOI", "URL", "abstract", "volume", "issue", "page", "keyword", "citation-key", "type", "number",
    "id", "archive", "archive_location",
})
_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)
_TAG = re.compile(r"<[^>]{0,200}>")
_PARAGRAPH_END = re.compile(r"</(?:jats:)?p>", re.IGNORECASE)
# A JATS section's title ("<jats:title>Abstract</jats:title>"), bounded: "<title>" repeated without an end made the
# unbounded pattern quadratic (20,000 of them, 140 KB of an abstract, took 11 s of CPU)
_SECTION_TITLE = re.compile(r"<(?:jats:)?title>[^<]{0,500}</(?:jats:)?title>", re.IGNORECASE)
# A structured abstract's section heading (Europe PMC's "<h4>Objective</h4>This study…"); bounded, so that many
# unclosed headings cannot make the search quadratic
_HEADING = re.compile(r"<h[1-6][^<>]{0,100}>([^<>]{0,200})</h[1-6]>", re.IGNORECASE)

# One CSL-JSON item (or Crossref work record) as json.loads returns it; values are narrowed where read.
CslItem = dict[str, object]


def crossref_works(data: object) -> list[object] | None:
    """The work records of a saved Crossref REST API answer: `/works/{doi}`'s one work (`"message-type": "work"`)
    or a search's page of them (`"work-list"`, `message.items`); None for any other JSON."""
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        return None
    message, kind = data["message"], data.get("message-type")
    if kind == "work":
        return [message]
    if kind == "work-list":
        items = message.get("items")
        return items if isinstance(items, list) else []
    return None


def parse_csl(data: object) -> SourceResult:
    """Items of parsed CSL-JSON: a list of items, or a single item."""
    items = data if isinstance(data, list) else [data]
    result = SourceResult()
    for number, item in enumerate(items, start=1):
        origin = f"item {number}"
        if not isinstance(item, dict):
            result.items.append(Skipped(origin, "is not a JSON object with title, author and issued"))
            continue
        result.items.append(item_to_draft(item, origin))
    return result


def item_to_draft(item: CslItem, origin: str) -> Parsed:
    """The item as a draft, or why it cannot be a paper."""
    return checked(item_fields(item, origin))


def item_fields(item: CslItem, origin: str) -> PaperDraft:
    """What the item says of a paper, complete or not (enrichment takes what there is)."""
    key = _string(item.get("citation-key")) or _string(item.get("id"))
    origin = f"{origin} ({key})" if key and len(key) < 120 else origin
    doi = clean_doi(_string(item.get("DOI"))) if item.get("DOI") else None
    url = _string(item.get("URL"))
    texts = [_string(item.get("number")), _first(item.get("container-title")), _string(item.get("note"))]
    arxiv = (first_arxiv(doi, [url], texts)
             or arxiv_from_eprint(_string(item.get("archive_location")), _string(item.get("archive"))))
    venue = rich_text(_first(item.get("container-title"))) or rich_text(_string(item.get("publisher")))
    meta = {
        "title": _title(item),
        "authors": [name for name in map(person_name, _list(item.get("author"))) if name],
        "organizations": single_field_organizations([person_name(person) for person in _list(item.get("author"))
                                                     if whole_name(person)]),
        "date": csl_date(item),
        **located_fields(arxiv, doi, [url], venue, _keywords(item)),
        "citation": _citation(item, key, url),
    }
    abstract = _string(item.get("abstract"))
    draft = PaperDraft(meta, "" if is_placeholder_abstract(abstract) else jats_to_text(abstract), origin,
                       keywords=_keywords(item))
    draft.ignored = sorted(name for name in item if name not in READ_FIELDS)
    if is_placeholder_abstract(abstract):
        draft.ignored.append(f"abstract '{abstract}' (Zenodo's words for a record without one: not an abstract)")
    return draft


def is_placeholder_abstract(text: str) -> bool:
    """The text Zenodo gives a record that has no description, in its CSL-JSON and its own JSON."""
    return collapse_spaces(text).casefold() in NO_ABSTRACT


NO_ABSTRACT = frozenset({"no description provided.", "<p>no description provided.</p>"})


def _string(value: object) -> str:
    if isinstance(value, int) and not -MAX_NUMBER < value < MAX_NUMBER:
        return ""  # str() of an int of 4,300 digits and more raises; no field is such a number
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


MAX_NUMBER = 10**18


def _first(value: object) -> str:
    """A CSL string, or the first of Crossref's list of strings."""
    if isinstance(value, list):
        return _string(value[0]) if value else ""
    return _string(value)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def rich_text(value: str) -> str:
    """CSL's rich text (`<i>…</i>`, `<span class="nocase">…</span>`, entities) as plain text."""
    return collapse_spaces(html.unescape(_TAG.sub("", value))) if "<" in value or "&" in value else collapse_spaces(value)


def _title(item: CslItem) -> str | None:
    # Crossref's `subtitle` is often a journal's standfirst, not part of the title: left out.
    return rich_text(_first(item.get("title"))) or None


def whole_name(person: object) -> str:
    """A name given whole: CSL's `literal`, or the `name` Crossref's REST API gives a contributor that is an
    organization ("LIGO Scientific Collaboration") in place of given and family names."""
    if not isinstance(person, dict):
        return ""
    literal = _string(person.get("literal"))
    if literal or person.get("family") or person.get("given"):
        return literal
    return _string(person.get("name"))


def person_name(person: object) -> str:
    """"Given [particle] Family[, Suffix]", or a name given whole."""
    if not isinstance(person, dict):
        return ""
    if whole := whole_name(person):
        return rich_text(whole)
    parts = [_string(person.get(name)) for name in ("given", "dropping-particle", "non-dropping-particle", "family")]
    name = rich_text(" ".join(part for part in parts if part))
    suffix = _string(person.get("suffix"))
    return f"{name}, {suffix}" if name and suffix else name


def csl_date(item: CslItem) -> str | None:
    """YYYY[-MM[-DD]] from `issued` (Crossref: or its published dates); parts may be numbers or strings."""
    for name in ("issued", "published-print", "published-online", "published"):
        date = item.get(name)
        parts = date.get("date-parts") if isinstance(date, dict) else None  # [[year, month, day]]; any other shape:
        if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:  # no date
            continue
        numbers: list[int] = []
        for part in parts[0][:3]:
            text = _string(part)
            if not (text.isascii() and text.isdigit() and len(text) <= 4):  # a year, month or day; not 5,000 digits
                break
            numbers.append(int(text))
        if numbers and 1000 <= numbers[0] <= 9999:
            year, month, day = (numbers + [0, 0])[:3]
            if 1 <= month <= 12:
                return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{year:04d}-{month:02d}"
            return f"{year:04d}"
    return None


def _keywords(item: CslItem) -> list[str]:
    value = item.get("keyword")
    text = _string(value)
    # "a, b" (Zotero) or "a; b", the separator papershelf's export uses when a tag holds a comma ("2D CNN,3D CNN")
    words = value if isinstance(value, list) else text.split(";") if ";" in text else text.split(",")
    return [collapse_spaces(_string(word)) for word in words if _string(word)]


def _citation(item: CslItem, key: str, url: str) -> dict[str, str] | None:
    pages = range_dash(_string(item.get("page"))) if item.get("page") else ""
    fields: dict[str, str | None] = {
        "key": key if _CITATION_KEY.match(key or "") and not key.startswith("http") else None,
        "type": BIBTEX_TYPES.get(_string(item.get("type"))),
        "volume": _string(item.get("volume")), "number": _string(item.get("issue")) or _string(item.get("number")),
        "pages": pages, "publisher": collapse_spaces(_string(item.get("publisher"))),
        # the DOI's own link (Crossref's URL) adds nothing to the doi field
        "url": url if is_http_url(url) and not clean_doi(url) else None,
    }
    return citation_fields(fields)


def _heading(found: re.Match[str]) -> str:
    """A section heading as the start of its paragraph ("Objective: This study…"); "Abstract" alone, dropped."""
    heading = collapse_spaces(found[1]).rstrip(":.")
    return "\n\n" if not heading or heading.casefold() == "abstract" else f"\n\n{heading}: "


def jats_to_text(text: str) -> str:
    """A Crossref (JATS) or plain abstract as Markdown-safe paragraphs."""
    if "<" not in text:
        return clean_abstract(text)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = _HEADING.sub(_heading, text)
    text = _SECTION_TITLE.sub("", text)
    return clean_abstract(html.unescape(_TAG.sub("", text)))
