"""The JSON of scholarly search services, as a script or a browser saves their answers: OpenAlex's works (one
work, or a page of `results`), Semantic Scholar's papers (the Graph API's list, a batch answer with `null` for
an id it did not find, or `{"data": [...]}`), Europe PMC's search (`resultList.result`), Zenodo's records
(its record page's JSON export, `/api/records/{id}`), and DBLP's search API (`/search/publ/api?format=json`:
`result.hits.hit`).

Each record becomes a `PaperDraft` with what papershelf records: title, authors as the service writes them, the
date, DOI, arXiv and PubMed ids, the venue, the abstract (OpenAlex's word index put back in order), keywords,
volume, issue and pages, and a link to the record. The fields of the service's own (citation counts, ids,
affiliations) are said once for the file, not per record.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from . import PaperDraft, Skipped, SourceResult, checked, citation_fields, collapse_spaces, page_range, range_dash
from .csl import BIBTEX_TYPES, is_placeholder_abstract, jats_to_text, rich_text
from .identifiers import (
    arxiv_from_corr_volume,
    arxiv_from_eprint,
    clean_doi,
    first_arxiv,
    is_http_url,
    located_fields,
    pubmed_links,
)
from .medline import issue_date, medline_title
from .ris import person_name

OPENALEX_JSON = "openalex-json"
SEMANTIC_SCHOLAR_JSON = "semantic-scholar-json"
EUROPE_PMC_JSON = "europe-pmc-json"
ZENODO_JSON = "zenodo-json"
DBLP_JSON = "dblp-json"
MAX_ABSTRACT_WORDS = 20_000  # OpenAlex's abstract index: a longer one is not an abstract, and is not rebuilt
Record = dict[str, Any]


def json_kind(data: object) -> str | None:
    """Which service's answer parsed JSON is, or None (CSL-JSON, or something else)."""
    if isinstance(data, dict) and isinstance(data.get("resultList"), dict):
        return EUROPE_PMC_JSON
    if isinstance(data, dict) and isinstance(as_dict(data.get("result")).get("hits"), dict):
        return DBLP_JSON
    records = _records(data)
    first = next((record for record in records if isinstance(record, dict)), None)
    if first is None:
        return None
    if "authorships" in first and str(first.get("id", "")).startswith("https://openalex.org/"):
        return OPENALEX_JSON
    if "paperId" in first:
        return SEMANTIC_SCHOLAR_JSON
    metadata = first.get("metadata")
    if isinstance(metadata, dict) and "creators" in metadata and "title" in metadata:
        return ZENODO_JSON
    return None


def _records(data: object) -> list[Any]:
    """The records of an answer: a list, a page's `results` (OpenAlex) or `data` (Semantic Scholar), or one."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("results", "data"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    return []


def parse_scholarly_json(kind: str, data: object) -> SourceResult:
    if kind == EUROPE_PMC_JSON:
        result_list = data.get("resultList") if isinstance(data, dict) else None
        records = result_list.get("result") if isinstance(result_list, dict) else None
        return parse_records(records if isinstance(records, list) else [], europe_pmc_draft, EUROPE_PMC_READ, "Europe PMC")
    if kind == OPENALEX_JSON:
        return parse_records(_records(data), openalex_draft, OPENALEX_READ, "OpenAlex")
    if kind == ZENODO_JSON:
        return parse_zenodo(_records(data))
    if kind == DBLP_JSON:
        return parse_dblp(data)
    return parse_records(_records(data), semantic_scholar_draft, SEMANTIC_SCHOLAR_READ, "Semantic Scholar")


def parse_records(records: list[Any], to_draft: Callable[[Record, str], PaperDraft], read: frozenset[str],
                  service: str) -> SourceResult:
    """Each record as a draft (`to_draft`), the fields of the service's own (not in `read`) said once."""
    result = SourceResult()
    unread: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        origin = f"item {number}"
        if not isinstance(record, dict):  # a batch answer's null: an id the service did not find
            result.items.append(Skipped(origin, f"{service} found no paper for this item ({_text(record) or 'null'})"))
            continue
        unread.update(dict.fromkeys(key for key in record if key not in read and record[key] not in (None, "", [], {})))
        result.items.append(checked(to_draft(record, origin)))
    if unread:
        shown = [key for key in unread if len(key) <= 60][:60]
        result.notices.append(f"{service}'s fields not read (the service's own, kept there): {', '.join(shown)}")
    return result


def _text(value: object) -> str:
    return collapse_spaces(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def as_dict(value: object) -> Record:
    """A JSON object, or an empty one for any other value."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    """A JSON array, or an empty one for any other value."""
    return value if isinstance(value, list) else []


def _date(date: object, year: object) -> str | None:
    """YYYY-MM-DD as given, else the year."""
    text = _text(date)[:10]
    if len(text) == 10 and text[:4].isdigit() and text[4] == "-" and text[7] == "-":
        return text
    return _text(year)[:4] if _text(year)[:4].isdigit() else None


def _with_id(origin: str, record_id: str) -> str:
    """"item 3 (W2741809807)": where a record is, and the service's id for it."""
    return f"{origin} ({record_id})" if record_id and len(record_id) < 80 else origin


def _identifier(url_or_id: object, prefix: str) -> str:
    """An id without the service's address before it ("https://pubmed.ncbi.nlm.nih.gov/29456894" → 29456894)."""
    return _text(url_or_id).removeprefix(prefix).strip("/")


# --- OpenAlex ------------------------------------------------------------------------------------------------

OPENALEX_READ = frozenset({"id", "doi", "title", "display_name", "publication_year", "publication_date", "ids",
                           "primary_location", "type", "authorships", "biblio", "keywords",
                           "abstract_inverted_index"})


def openalex_draft(work: Record, origin: str) -> PaperDraft:
    origin = _with_id(origin, _text(work.get("id")).removeprefix("https://openalex.org/"))
    ids, location, biblio = as_dict(work.get("ids")), as_dict(work.get("primary_location")), as_dict(work.get("biblio"))
    doi = clean_doi(_text(work.get("doi") or ids.get("doi"))) if work.get("doi") or ids.get("doi") else None
    source = as_dict(location.get("source"))
    urls = [_text(location.get("landing_page_url")), _text(location.get("pdf_url"))]
    keywords = [_text(as_dict(word).get("display_name")) for word in as_list(work.get("keywords"))]
    meta: dict[str, Any] = {
        "title": rich_text(_text(work.get("display_name") or work.get("title"))) or None,
        "authors": [name for name in (_text(as_dict(as_dict(authorship).get("author")).get("display_name"))
                                      for authorship in as_list(work.get("authorships"))) if name],
        "date": _date(work.get("publication_date"), work.get("publication_year")),
        **located_fields(first_arxiv(doi, urls, []), doi, urls, _text(source.get("display_name")),
                         [word for word in keywords if word]),
        "citation": citation_fields({
            "type": BIBTEX_TYPES.get(_text(work.get("type")), None),
            "volume": _text(biblio.get("volume")), "number": _text(biblio.get("issue")),
            "pages": page_range(_text(biblio.get("first_page")), _text(biblio.get("last_page"))),
        }),
    }
    pmid = _identifier(ids.get("pmid"), "https://pubmed.ncbi.nlm.nih.gov/")
    meta["links"] = {**meta["links"], **pubmed_links(pmid)}
    abstract = openalex_abstract(work.get("abstract_inverted_index"))
    return PaperDraft(meta, jats_to_text(abstract), origin, keywords=[word for word in keywords if word])


def openalex_abstract(index: object) -> str:
    """OpenAlex's abstract, which it gives as each word's positions ({"Despite": [0], "in": [3, 57]}), as text."""
    if not isinstance(index, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in as_list(positions):
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                continue
            if position >= MAX_ABSTRACT_WORDS:  # no abstract is that long: not rebuilt, however it is numbered
                return ""
            placed[position] = str(word)
    return " ".join(placed[position] for position in sorted(placed))


# --- Semantic Scholar ----------------------------------------------------------------------------------------

SEMANTIC_SCHOLAR_READ = frozenset({"paperId", "externalIds", "url", "title", "abstract", "venue", "year",
                                   "openAccessPdf", "fieldsOfStudy", "publicationDate", "journal", "authors",
                                   "publicationVenue"})


def semantic_scholar_draft(paper: Record, origin: str) -> PaperDraft:
    origin = _with_id(origin, _text(paper.get("paperId")))
    external, journal = as_dict(paper.get("externalIds")), as_dict(paper.get("journal"))
    doi = clean_doi(_text(external.get("DOI"))) if external.get("DOI") else None
    arxiv = arxiv_from_eprint(_text(external.get("ArXiv"))) or first_arxiv(doi, [], [])
    venue = (_text(paper.get("venue")) or _text(journal.get("name"))
             or _text(as_dict(paper.get("publicationVenue")).get("name")))
    fields = [_text(field) for field in as_list(paper.get("fieldsOfStudy"))]
    urls = [_text(as_dict(paper.get("openAccessPdf")).get("url"))]
    meta: dict[str, Any] = {
        "title": _text(paper.get("title")) or None,
        "authors": [name for name in (_text(as_dict(author).get("name")) for author in as_list(paper.get("authors")))
                    if name],
        "date": _date(paper.get("publicationDate"), paper.get("year")),
        **located_fields(arxiv, doi, urls, venue, []),
        "citation": citation_fields({"volume": _text(journal.get("volume")),
                                     "pages": range_dash(_text(journal.get("pages")))}),
    }
    url = _text(paper.get("url"))
    if url.startswith("https://www.semanticscholar.org/"):
        meta["links"] = {**meta["links"], "semantic-scholar": url}
    meta["links"] = {**meta["links"], **pubmed_links(_text(external.get("PubMed")))}
    return PaperDraft(meta, jats_to_text(_text(paper.get("abstract"))), origin, keywords=[f for f in fields if f])


# --- Europe PMC ----------------------------------------------------------------------------------------------

EUROPE_PMC_READ = frozenset({"id", "source", "pmid", "doi", "title", "authorString", "authorList", "journalInfo",
                             "journalTitle", "pubYear", "pageInfo", "abstractText", "electronicPublicationDate",
                             "keywordList"})


def europe_pmc_draft(record: Record, origin: str) -> PaperDraft:
    pmid = _text(record.get("pmid"))
    origin = _with_id(origin, f"{_text(record.get('source'))} {_text(record.get('id'))}".strip())
    journal_info = as_dict(record.get("journalInfo"))
    doi = clean_doi(_text(record.get("doi"))) if record.get("doi") else None
    venue = _text(as_dict(journal_info.get("journal")).get("title")) or _text(record.get("journalTitle"))
    keywords = [_text(word) for word in as_list(as_dict(record.get("keywordList")).get("keyword"))]
    meta: dict[str, Any] = {
        "title": medline_title(rich_text(_text(record.get("title")))) or None,
        "authors": europe_pmc_authors(record),
        # the day it appeared online, else the issue's date as printed ("2025 Dec"): its firstPublicationDate
        # gives such an issue the day 01, which is not its day
        "date": (_date(record.get("electronicPublicationDate"), None)
                 or issue_date(_text(journal_info.get("dateOfPublication"))) or _date(None, record.get("pubYear"))),
        **located_fields(first_arxiv(doi, [], []), doi, [], venue, [word for word in keywords if word]),
        "citation": citation_fields({"volume": _text(journal_info.get("volume")),
                                     "number": _text(journal_info.get("issue")),
                                     "pages": range_dash(_text(record.get("pageInfo")))}),
    }
    meta["links"] = {**meta["links"], **pubmed_links(pmid)}
    return PaperDraft(meta, jats_to_text(_text(record.get("abstractText"))), origin,
                      keywords=[word for word in keywords if word])


def europe_pmc_authors(record: Record) -> list[str]:
    """Full names ("Jonathan D Schoenfeld") from the core answer's author list, a group's collective name, or the
    lite answer's "Schoenfeld JD, Haas-Kogan DA." as written."""
    authors = as_list(as_dict(record.get("authorList")).get("author"))
    if authors:
        names = []
        for author in map(as_dict, authors):
            full = " ".join(part for part in (_text(author.get("firstName")), _text(author.get("lastName"))) if part)
            names.append(full or _text(author.get("collectiveName")) or _text(author.get("fullName")))
        return [name for name in names if name]
    written = _text(record.get("authorString")).rstrip(".")
    return [name for name in (part.strip() for part in written.split(",")) if name]


# --- Zenodo --------------------------------------------------------------------------------------------------

ZENODO_READ = frozenset({"id", "doi", "links", "metadata"})
ZENODO_METADATA_READ = frozenset({"title", "creators", "publication_date", "doi", "description", "keywords",
                                  "journal", "resource_type"})
# Zenodo's publication types as BibTeX's; software, data sets and the rest are `misc`
ZENODO_TYPES = {"article": "article", "conferencepaper": "inproceedings", "book": "book", "section": "incollection",
                "thesis": "phdthesis", "report": "techreport", "preprint": "misc"}


def parse_zenodo(records: list[Any]) -> SourceResult:
    """Zenodo's records; the fields of their `metadata` not read are said once, as the records' own are."""
    result = parse_records(records, zenodo_draft, ZENODO_READ, "Zenodo")
    unread = dict.fromkeys(key for record in records for key, value in as_dict(as_dict(record).get("metadata")).items()
                           if key not in ZENODO_METADATA_READ and value not in (None, "", [], {}))
    if unread:
        shown = [f"metadata.{key}" for key in unread if len(key) <= 60][:60]
        result.notices.append(f"Zenodo's record fields not read (kept there): {', '.join(shown)}")
    return result


def zenodo_draft(record: Record, origin: str) -> PaperDraft:
    metadata = as_dict(record.get("metadata"))
    origin = _with_id(origin, _text(record.get("id")))
    doi_text = _text(metadata.get("doi") or record.get("doi"))
    doi = clean_doi(doi_text) if doi_text else None
    journal, kind = as_dict(metadata.get("journal")), as_dict(metadata.get("resource_type"))
    keywords = [_text(word) for word in as_list(metadata.get("keywords")) if _text(word)]
    meta: dict[str, Any] = {
        "title": rich_text(_text(metadata.get("title"))) or None,
        "authors": [person_name(_text(as_dict(creator).get("name"))) for creator in as_list(metadata.get("creators"))
                    if _text(as_dict(creator).get("name"))],
        "date": _date(metadata.get("publication_date"), None),
        **located_fields(first_arxiv(doi, [], []), doi, [], _text(journal.get("title")), keywords),
        "citation": citation_fields({
            "type": ZENODO_TYPES.get(_text(kind.get("subtype")), "misc"),
            "volume": _text(journal.get("volume")), "number": _text(journal.get("issue")),
            "pages": range_dash(_text(journal.get("pages")))}),
    }
    page = _text(as_dict(record.get("links")).get("html"))
    if page.startswith("https://zenodo.org/"):
        meta["links"] = {**meta["links"], "zenodo": page}
    description = _text(metadata.get("description"))
    draft = PaperDraft(meta, "" if is_placeholder_abstract(description) else jats_to_text(description), origin,
                       keywords=keywords)
    if is_placeholder_abstract(description):
        draft.ignored.append(f"description '{description}' (Zenodo's words for a record without one: not an abstract)")
    return draft


# --- DBLP ----------------------------------------------------------------------------------------------------

DBLP_READ = frozenset({"authors", "title", "venue", "volume", "number", "pages", "year", "type", "key", "doi", "ee",
                       "url"})
# DBLP's publication types as BibTeX's; its "Informal and Other Publications" (CoRR, preprints) are `misc`
DBLP_TYPES = {"Journal Articles": "article", "Conference and Workshop Papers": "inproceedings",
              "Parts in Books or Collections": "incollection", "Books and Theses": "book",
              "Informal and Other Publications": "misc", "Editorship": "proceedings"}
BIBTEX_NAMES = frozenset({"article", "inproceedings", "incollection", "book", "proceedings", "phdthesis"})  # old answers
_HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")  # "Yi Liu 0069": the number DBLP tells people of one name apart by


def parse_dblp(data: object) -> SourceResult:
    """The hits of a DBLP search answer, each its `info` (a hit without one is said, not dropped)."""
    hits = as_dict(as_dict(as_dict(data).get("result")).get("hits")).get("hit")
    records = [as_dict(hit).get("info", hit) for hit in (hits if isinstance(hits, list) else [hits] if hits else [])]
    result = parse_records(records, dblp_draft, DBLP_READ, "DBLP")
    if not records:
        result.notices.append("DBLP's answer holds no hits (its result.hits is empty)")
    return result


def dblp_draft(info: Record, origin: str) -> PaperDraft:
    key = _text(info.get("key"))
    origin = _with_id(origin, key)
    title, venue = info.get("title"), info.get("venue")
    ee = info.get("ee")
    links = [_text(url) for url in (ee if isinstance(ee, list) else [ee])]
    if isinstance(title, dict):  # the API's older answers: {"@ee": "http://doi.acm.org/…", "text": "…"}
        links.append(_text(title.get("@ee")))
        title = title.get("text")
    # the older answers' venue: {"@journal": "TOCE", "@volume": "15", "@number": "2", "@pages": "9", "text": …}
    place = venue if isinstance(venue, dict) else info
    at = "@" if isinstance(venue, dict) else ""
    venue = (_text(place.get("@journal") or place.get("@conference") or place.get("text")) if at
             else _text(venue) or ", ".join(_text(name) for name in as_list(venue)))
    venue = html.unescape(venue)
    volume = _text(place.get(f"{at}volume"))
    doi = clean_doi(_text(info.get("doi"))) if info.get("doi") else None
    doi = doi or next(filter(None, map(doi_of_resolver_link, links)), None)
    arxiv = arxiv_from_corr_volume(venue, volume) or first_arxiv(doi, links, [])
    meta: dict[str, Any] = {
        "title": dblp_title(html.unescape(_text(title))) or None,
        "authors": dblp_authors(as_dict(info.get("authors")).get("author")),
        "date": _date(None, info.get("year")),
        **located_fields(arxiv, doi, [url for url in links if is_http_url(url) and not doi_of_resolver_link(url)],
                         venue, []),
        "citation": citation_fields({
            "key": f"DBLP:{key}" if key else "", "type": dblp_type(_text(info.get("type"))),
            "volume": volume, "number": _text(place.get(f"{at}number")),
            "pages": range_dash(_text(place.get(f"{at}pages")))}),
    }
    record = _text(info.get("url"))
    if record.startswith("https://dblp.org/rec/"):
        meta["links"] = {**meta["links"], "dblp": record}
    return PaperDraft(meta, "", origin)


def doi_of_resolver_link(url: str) -> str | None:
    """The DOI of a DOI resolver's link: doi.org, dx.doi.org, and the publishers' own the older answers give
    (`http://doi.acm.org/10.1145/2716313`, `http://doi.ieeecomputersociety.org/10.1109/TLT.2013.23`)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return clean_doi(parts.path.lstrip("/")) if is_http_url(url) and "doi" in host.split(".") else None


def dblp_type(kind: str) -> str | None:
    """The BibTeX type of DBLP's type: its publication types now, the BibTeX types its older answers gave."""
    return DBLP_TYPES.get(kind) or (kind if kind in BIBTEX_NAMES else None)


def dblp_title(title: str) -> str:
    """A title as DBLP's BibTeX writes it: without the full stop DBLP ends every title with."""
    title = collapse_spaces(title)
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def dblp_authors(authors: object) -> list[str]:
    """The names of DBLP's author list (one name is an object, not a list; old answers write bare strings),
    without the number DBLP tells people of one name apart by ("Yi Liu 0069" is Yi Liu), as its BibTeX does."""
    listed = authors if isinstance(authors, list) else [authors] if authors else []
    names = [_text(as_dict(author).get("text")) if isinstance(author, dict) else _text(author) for author in listed]
    return [_HOMONYM_NUMBER.sub("", name) for name in names if name]
