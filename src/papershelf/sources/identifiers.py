"""Identifiers and links as exporters write them: arXiv ids, DOIs, named links, keywords.

Exporters put an arXiv id in many places: an `eprint` field, an arxiv.org URL,
a "arXiv preprint arXiv:…" journal, a `10.48550/arXiv.…` DOI, DBLP's CoRR
volume `abs/…`. These helpers find them, and tell which keywords are
subject-classification codes (MSC, ACM) rather than words a reader would use.
"""

from __future__ import annotations

import html
import re

from ..model.schema import ARXIV_PAGE_PATH, ARXIV_PATTERN, DOI_PATTERN, HTTP_URL_PATTERN

_ID = r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?/\d{7}(?:v\d+)?)"
_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/" + _ID, re.IGNORECASE)
_IN_DOI = re.compile(r"^10\.48550/arxiv\." + _ID + "$", re.IGNORECASE)
_IN_TEXT = re.compile(r"\barxiv(?:\s*(?:e-?prints?|preprint))?(?:\s*arxiv)?\s*[:/ ]\s*" + _ID, re.IGNORECASE)
_DOI_IN_TEXT = re.compile(r"\b10\.48550/arxiv\." + _ID, re.IGNORECASE)
_CORR_VOLUME = re.compile(r"^abs/" + _ID + "$")
_BARE = re.compile(r"^(?:arxiv:\s*)?" + _ID + "$", re.IGNORECASE)
_ON_PAGE = re.compile(ARXIV_PAGE_PATH + _ID, re.IGNORECASE)
_MENTION = re.compile(r"(?:" + ARXIV_PAGE_PATH + r"|\barxiv:\s?)" + _ID, re.IGNORECASE)  # a link, "arXiv:ID"
_VERSION = re.compile(r"v\d+$")
_ARXIV = re.compile(ARXIV_PATTERN)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(DOI_PATTERN)
_HTTP_URL = re.compile(HTTP_URL_PATTERN)
# Mathematics Subject Classification (05C50, 68T05, 68Txx, 05-XX) and ACM CCS 1998 (I.2.6, F.2) codes.
_SUBJECT_CODE = re.compile(r"^(?:primary|secondary)?\s*(?:\d{2}[A-Z-]\d{2}|\d{2}[A-Z]xx|\d{2}-XX|[A-K]\.\d+(?:\.\d+|\.m)?)$",
                           re.IGNORECASE)
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def canonical_arxiv(candidate: str) -> str | None:
    """The id without version, if `candidate` is a valid arXiv id (old-style subject classes keep their case)."""
    candidate = candidate.strip()
    if "/" in candidate:  # old style: archive lowercase, subject class uppercase (math.AG/0101001)
        archive, number = candidate.split("/", 1)
        head, _, subject = archive.partition(".")
        candidate = f"{head.lower()}.{subject.upper()}/{number}" if subject else f"{head.lower()}/{number}"
    return _VERSION.sub("", candidate) if _ARXIV.match(candidate) else None


def arxiv_from_eprint(eprint: str, prefix: str = "") -> str | None:
    """`eprint` when `prefix` (archivePrefix, eprinttype) is arXiv or absent."""
    if prefix.strip().lower() not in ("", "arxiv"):
        return None
    match = _BARE.match(eprint.strip())
    return canonical_arxiv(match["id"]) if match else None


def arxiv_from_url(url: str) -> str | None:
    match = _IN_URL.search(url)
    return canonical_arxiv(match["id"]) if match else None


def arxiv_from_page_url(url: str) -> str | None:
    """The id of the paper an address is about: arXiv's own pages, or another site's page named by the id
    (huggingface.co/papers/…, alphaxiv.org/abs/…)."""
    match = _ON_PAGE.search(url)
    return canonical_arxiv(match["id"]) if match else None


def arxiv_mentions(text: str) -> list[str]:
    """The arXiv ids a text links (arxiv.org/abs/…, /pdf/…, /html/…, huggingface.co/papers/…) or writes out ("arXiv:2404.16014"), in
    order, unversioned; a bare number is not taken for an id."""
    return [found for match in _MENTION.finditer(text) if (found := canonical_arxiv(match["id"]))]


def arxiv_from_doi(doi: str) -> str | None:
    match = _IN_DOI.match(doi.strip())
    return canonical_arxiv(match["id"]) if match else None


def arxiv_from_text(text: str) -> str | None:
    """An id written as "arXiv preprint arXiv:2509.09674", "arXiv:2506.11997 [cs]", "arXiv 1706.03762"."""
    if "arxiv" not in text.lower():
        return None
    match = _IN_TEXT.search(text)
    return canonical_arxiv(match["id"]) if match else None


def arxiv_from_any_text(text: str) -> str | None:
    """An id in any text: "arXiv:…", or an arXiv DOI where no DOI belongs (BibDesk's `Volume = {doi.org/10.48550/arXiv.…}`)."""
    match = _DOI_IN_TEXT.search(text) if "10.48550" in text else None
    return canonical_arxiv(match["id"]) if match else arxiv_from_text(text)


def arxiv_from_corr_volume(journal: str, volume: str) -> str | None:
    """DBLP writes arXiv papers as journal CoRR, volume abs/2408.03465."""
    if journal.strip().lower() != "corr":
        return None
    match = _CORR_VOLUME.match(volume.strip())
    return canonical_arxiv(match["id"]) if match else None


# LaTeX escapes exporters write in identifiers (Paperpile `\_`, Mendeley `{\_}`, `\%7E`, `{~}`).
_ESCAPED = re.compile(r"\\([_%&#$~])|\{\\([_%&#$~])\}")
_TILDES = re.compile(r"\$\\sim\$|\\textasciitilde(?:\{\})?|\{\\textasciitilde\}|\\~\{\}")
_URL_COMMAND = re.compile(r"^\\url\{(.*)\}$")
_MENDELEY_NEWLINE = re.compile(r"\$\\backslash\$n")  # Mendeley's line break between two URLs of one field
_LATEX_LEFT = re.compile(r"[\\{}]")


def plain_identifier(value: str) -> str:
    """A DOI or URL as exporters write it, without LaTeX escapes, braces, HTML entities and the quotes
    INSPIRE's users leave inside braces (`website = {"https://…"}`)."""
    value = value.strip()
    if len(value) > 2 and value[0] == value[-1] == '"':
        value = value[1:-1].strip()
    if "\\" not in value and "{" not in value and "&" not in value:
        return value
    value = _MENDELEY_NEWLINE.sub(" ", _URL_COMMAND.sub(r"\1", html.unescape(value)))
    value = _TILDES.sub("~", value)
    value = _ESCAPED.sub(lambda found: found.group(1) or found.group(2), value)
    return value.replace("{", "").replace("}", "").strip()


def clean_doi(value: str) -> str | None:
    doi = _DOI_PREFIX.sub("", value.strip())
    return doi if _DOI.match(doi) and len(doi) <= 300 and not _LATEX_LEFT.search(doi) else None


# A publisher's page named by its DOI: tandfonline.com/doi/full/10.…, dl.acm.org/doi/10.…, onlinelibrary.wiley.com/
# doi/abs/10.…/full (Wiley's old pages end in /full, /abstract), link.springer.com/article/10.…
_DOI_IN_URL = re.compile(r"^https?://[^/?#]+/(?:doi(?:/(?:abs|full|pdf|epdf|book|epub|fullHtml))?|article|chapter)/"
                         r"(10\.\d{4,9}/[^?#\s]+?)(?:/(?:full|abstract|pdf|epdf|meta))?/?(?:[?#].*)?$", re.IGNORECASE)


def doi_in_url(url: str) -> str | None:
    """The DOI a publisher's page address is named by; None for any other address."""
    match = _DOI_IN_URL.match(url.strip()) if len(url) <= 2000 else None
    return clean_doi(match.group(1)) if match else None


def is_http_url(value: str) -> bool:
    """An http(s) address a paper file may hold: no LaTeX left in it (validation refuses `\\`, `{`, `}`)."""
    return bool(_HTTP_URL.match(value)) and len(value) <= 2000 and not _LATEX_LEFT.search(value)


def is_subject_code(keyword: str) -> bool:
    """MSC or ACM classification codes (68T05, I.2.6, "I.2.9; J.3"): codes for indexers, not tags for readers."""
    parts = [part.strip() for part in keyword.split(";")]
    return all(_SUBJECT_CODE.match(part) for part in parts if part) and any(parts)


MAX_TAG_LENGTH = 60  # the schema's Tag


def tags_from_keywords(keywords: list[str], fold_case: bool = False) -> list[str]:
    """Keywords as tags: subject codes, empty and over-long ones left out (`keywords_not_tags` says which), the
    quotes a whole keyword is written in (a Hugo page's `'"wetland mapping"'`) taken off, each once; with
    `fold_case`, once whatever its case too (the first spelling kept: a Hugo page's tags merged with its cite.bib's
    keywords, which repeat them)."""
    tags: dict[str, str] = {}
    for keyword in keywords:
        keyword = unquoted(" ".join(keyword.split()))
        if keyword and len(keyword) <= MAX_TAG_LENGTH and not is_subject_code(keyword):
            tags.setdefault(keyword.casefold() if fold_case else keyword, keyword)
    return list(tags.values())


def unquoted(text: str) -> str:
    """`text` without the quote marks it is wholly written in ("\"wetland mapping\"", "'BIM'")."""
    while len(text) > 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def keywords_not_tags(keywords: list[str]) -> list[str]:
    """What the report says of the keywords `tags_from_keywords` leaves out: over-long ones, subject codes."""
    words = [word for word in dict.fromkeys(unquoted(" ".join(keyword.split())) for keyword in keywords) if word]
    too_long = [word for word in words if len(word) > MAX_TAG_LENGTH]
    codes = [word for word in words if len(word) <= MAX_TAG_LENGTH and is_subject_code(word)]
    said = [f"keyword '{word[:MAX_TAG_LENGTH]}…' ({len(word)} characters: a tag holds at most {MAX_TAG_LENGTH}; "
            "not a tag)" for word in too_long]
    if codes:
        said.append(f"keywords {', '.join(codes)} (subject classification codes, for indexers: not tags)")
    return said


# Paperpile's `journal = "arXiv [cs.CL]"` (and its CSV's Source column): arXiv and the paper's subject classes
_ARXIV_CLASS = r"[a-z]{1,12}(?:[.-][a-z]{1,12}){0,2}"  # cs.CL, hep-th, q-bio.NC, astro-ph.CO
_ARXIV_WITH_CLASSES = re.compile(rf"arxiv\s*\[{_ARXIV_CLASS}(?:,\s*{_ARXIV_CLASS}){{0,9}}\]", re.IGNORECASE)


def is_arxiv_venue(venue: str) -> bool:
    """A "venue" that only says the paper is on arXiv ("arXiv preprint arXiv:…", "ArXiv e-prints", Paperpile's
    "arXiv [cs.CL]")."""
    lowered = venue.strip().lower()
    return (lowered in ("arxiv", "arxiv e-prints", "arxiv preprint", "arxiv.org")
            or bool(_ARXIV_WITH_CLASSES.fullmatch(venue.strip())) or bool(arxiv_from_text(venue)))


def first_arxiv(doi: str | None, urls: list[str], texts: list[str]) -> str | None:
    """The first arXiv id found in the DOI, then the URLs, then free texts (a number, a venue, a note)."""
    return ((doi and arxiv_from_doi(doi)) or next(filter(None, map(arxiv_from_page_url, urls)), None)
            or next(filter(None, map(arxiv_from_text, texts)), None))


def located_fields(arxiv: str | None, doi: str | None, urls: list[str], venue: str,
                   keywords: list[str]) -> dict[str, object]:
    """The fields CSL-JSON and RIS records give the same way: arXiv id, DOI, venue, tags and links."""
    return {
        "arxiv": arxiv,
        "doi": doi,
        "venue": None if not venue or is_arxiv_venue(venue) else venue,
        "tags": tags_from_keywords(keywords),
        "links": paper_links(urls, doi, arxiv),
    }


def pubmed_links(pmid: str) -> dict[str, str]:
    """{"pubmed": the record's page} for a PubMed id; nothing for anything else."""
    return {"pubmed": PUBMED_URL.format(pmid=pmid)} if pmid.isdigit() else {}


def paper_links(urls: list[str], doi: str | None, arxiv: str | None) -> dict[str, str]:
    """The first PDF and the first other page among `urls`; the paper's arXiv page and DOI link are shown from its ids."""
    links: dict[str, str] = {}
    for url in urls:
        if not is_http_url(url) or (arxiv and arxiv_from_url(url) == arxiv):
            continue
        if doi and (clean_doi(url) or "").lower() == doi.lower():
            continue
        links.setdefault("pdf" if url.lower().split("?")[0].endswith(".pdf") else "paper", url)
    return links


def is_own_page(url: str, arxiv: str | None, doi: str | None) -> bool:
    """Whether `url` is the paper's arXiv page or its DOI link (doi.org/10.48550/arXiv.… is both)."""
    url_doi = clean_doi(url) if "doi.org/" in url.lower() else None
    if arxiv and (arxiv_from_url(url) == arxiv or (url_doi and arxiv_from_doi(url_doi) == arxiv)):
        return True
    return bool(doi and url_doi and url_doi.lower() == doi.lower())
