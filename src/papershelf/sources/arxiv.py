"""arXiv: an id or URL in, a `PaperDraft` out, through the arXiv API (the `arxiv` package); and an answer of
that API saved to a file (its Atom feed), read offline entry by entry (`parse_arxiv_feed`).

The API's URL is `Sources.arxiv` (endpoints.py): tests and mirrors stand in for export.arxiv.org.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import arxiv
import requests
from lxml import etree

from ..model.problems import SourceUnavailable, UsageError
from ..model.schema import ARXIV_PAGE_PATH, ARXIV_PATTERN
from . import PaperDraft, Parsed, Skipped, SourceResult, clean_abstract, collapse_spaces
from .endpoints import Sources
from .identifiers import is_subject_code
from .net import DEADLINE_SECONDS, BoundedSession, PaperNotFound, UnexpectedAnswer, short_reason

TIMEOUT_SECONDS = 30.0
RETRIES = 1
# arXiv's terms of use ask for at most one request every three seconds.
DELAY_SECONDS = 3.0
BATCH_SIZE = 100  # ids per request of `fetch_arxiv_batch`

_ARXIV_URL = re.compile(r"^(?:https?://)?" + ARXIV_PAGE_PATH + r"(?P<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$",
                        re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")


_ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def check_feed(body: bytes, content_type: str, url: str) -> None:
    """Raise UnexpectedAnswer unless `body` is an Atom feed (what arXiv's API answers, even for errors)."""
    head = body[:1024].lstrip().lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html")):
        raise UnexpectedAnswer(f"{url} answered with an HTML page, not arXiv's API feed (a login page, a proxy, "
                               "a wrong --api-url?); nothing was written")
    try:
        root = etree.fromstring(body, parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise UnexpectedAnswer(f"{url} answered with malformed XML ({collapse_spaces(str(error))[:120]}); "
                               "try again later; nothing was written") from None
    if root is None or root.tag != _ATOM_FEED:
        raise UnexpectedAnswer(f"{url} answered with XML that is not an Atom feed; check --api-url; "
                               "nothing was written")


def parse_arxiv_id(text: str) -> str:
    """The canonical arXiv id (no version) in an id, `arXiv:` id, an arxiv.org abs/pdf/html URL, or the address
    of another site's page about the paper named by its id (Hugging Face's, alphaXiv's)."""
    value = text.strip()
    url = _ARXIV_URL.match(value)
    if url:
        value = url["id"]
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.IGNORECASE)
    if not re.fullmatch(ARXIV_PATTERN, value):
        raise UsageError(
            f"'{text.strip()}' is not an arXiv id or URL: write it like 2305.15775, 2305.15775v2, "
            "arXiv:2305.15775, hep-th/9901001, https://arxiv.org/abs/2305.15775 or https://huggingface.co/papers/2305.15775"
        )
    return _VERSION.sub("", value)


class _TimeoutSession(BoundedSession):
    """The `arxiv` client's session: each answer read whole within a deadline and a size limit (net.py;
    the client sets no timeout of its own), and checked to be an Atom feed."""

    def __init__(self, timeout: float, api_url: str = "", deadline: float = DEADLINE_SECONDS, whole: bool = False):
        super().__init__(timeout, deadline, whole=whole)
        self.api_url = api_url

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        response = super().request(*args, **kwargs)
        if response.status_code in (200, 400):  # the API answers a bad id with 400 and an Atom error feed
            check_feed(response.content, response.headers.get("Content-Type", ""), self.api_url)
        return response


def make_client(api_url: str, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES, page_size: int = 1,
                delay: float = DELAY_SECONDS, deadline: float = DEADLINE_SECONDS, whole: bool = False) -> arxiv.Client:
    client = arxiv.Client(page_size=page_size, delay_seconds=delay, num_retries=retries)
    escaped = api_url.replace("{", "{{").replace("}", "}}")
    client.query_url_format = escaped + ("&" if "?" in api_url else "?") + "{}"
    client._session = _TimeoutSession(timeout, api_url, deadline, whole)  # the client offers no public way to set one
    return client


def fetch_arxiv(id_or_url: str, sources: Sources | None = None, timeout: float = TIMEOUT_SECONDS,
                retries: int = RETRIES, deadline: float = DEADLINE_SECONDS) -> PaperDraft:
    """Fetch one paper; raises UsageError, SourceUnavailable or PaperNotFound with a one-line message."""
    arxiv_id = parse_arxiv_id(id_or_url)
    url = (sources or Sources.resolve()).arxiv
    client = make_client(url, timeout, retries, deadline=deadline, whole=True)  # one deadline, retries included
    try:
        results = list(client.results(arxiv.Search(id_list=[arxiv_id], max_results=1)))
    except arxiv.HTTPError as error:
        raise SourceUnavailable(
            f"arXiv at {url} answered HTTP {error.status} for {arxiv_id}; try again later or check --api-url"
        ) from None
    except requests.RequestException as error:
        raise SourceUnavailable(
            f"cannot reach arXiv at {url}: {short_reason(error, timeout)}; check your connection or --api-url"
        ) from None
    if not results:
        raise PaperNotFound(f"no paper with id {arxiv_id} on arXiv (asked {url})")
    result = results[0]
    if "/api/errors" in result.entry_id:
        raise PaperNotFound(f"arXiv did not accept the id {arxiv_id}: {collapse_spaces(result.summary)}")
    draft = draft_from_result(result)
    if draft.meta["arxiv"] != arxiv_id:
        raise UnexpectedAnswer(f"{url} answered with paper {draft.meta['arxiv']} when asked for {arxiv_id}; "
                               "nothing was written")
    return draft


def fetch_arxiv_batch(ids: list[str], sources: Sources | None = None, batch_size: int = BATCH_SIZE,
                      timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES, delay: float = DELAY_SECONDS,
                      on_batch: Callable[[int], object] | None = None) -> dict[str, PaperDraft]:
    """The papers of `ids` (unversioned) that arXiv knows, asked `batch_size` ids per request (`id_list`),
    `delay` seconds apart; `on_batch(size)` after each request. Raises SourceUnavailable or UnexpectedAnswer."""
    url = (sources or Sources.resolve()).arxiv
    found: dict[str, PaperDraft] = {}
    for batch, results in results_in_batches(ids, url, batch_size, timeout, retries, delay):
        for result in results:
            draft = draft_from_result(result)
            if draft.meta["arxiv"] not in batch:
                raise UnexpectedAnswer(f"{url} answered with paper {draft.meta['arxiv']}, which was not asked for; "
                                       "nothing was changed")
            found[draft.meta["arxiv"]] = draft
        if on_batch:
            on_batch(len(batch))
    return found


def results_in_batches(ids: list[str], url: str, batch_size: int = BATCH_SIZE, timeout: float = TIMEOUT_SECONDS,
                       retries: int = RETRIES,
                       delay: float = DELAY_SECONDS) -> Iterator[tuple[list[str], list[arxiv.Result]]]:
    """(batch, its arxiv.Results) for `ids`, `batch_size` ids per `id_list` request, `delay` seconds apart.

    Raises SourceUnavailable with a one-line message; arXiv's error entries are left out.
    """
    batch_size = max(1, batch_size)
    client = make_client(url, timeout, retries, page_size=batch_size, delay=delay)
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        try:
            results = list(client.results(arxiv.Search(id_list=batch, max_results=len(batch))))
        except arxiv.HTTPError as error:
            raise SourceUnavailable(f"arXiv at {url} answered HTTP {error.status}; try again later or check --api-url; "
                                    "nothing was changed") from None
        except requests.RequestException as error:
            raise SourceUnavailable(f"cannot reach arXiv at {url}: {short_reason(error, timeout)}; check your "
                                    "connection or --api-url; nothing was changed") from None
        yield batch, [result for result in results if "/api/errors" not in result.entry_id]


def draft_from_result(result: arxiv.Result) -> PaperDraft:
    arxiv_id = _VERSION.sub("", result.get_short_id())
    meta = {
        "title": collapse_spaces(result.title),
        "authors": [collapse_spaces(author.name) for author in result.authors if author.name.strip()],
        "date": result.published.date().isoformat(),
        "arxiv": arxiv_id,
        "doi": result.doi.strip() if result.doi else None,
        "venue": collapse_spaces(result.journal_ref) if result.journal_ref else None,
        # MSC and ACM codes (68T05, I.2.6) come among the categories: codes for indexers, not tags
        "tags": list(dict.fromkeys(code for code in result.categories if not is_subject_code(code))),
        # the PDF of the latest version, not of the version the feed happened to describe
        "links": {"pdf": f"https://arxiv.org/pdf/{arxiv_id}"} if result.pdf_url else {},
    }
    return PaperDraft(meta, clean_abstract(result.summary), origin=f"arXiv {arxiv_id}")



# --- an API answer saved to a file ---------------------------------------------------------------------------

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
# the elements of an entry draft_from_result reads (`primary_category` is among the categories)
FEED_READ = frozenset({"id", "published", "title", "summary", "author", "link", "category", "doi", "journal_ref",
                       "primary_category"})


def looks_like_arxiv_feed(text: str) -> bool:
    """An Atom feed the arXiv API wrote: its query link or arXiv's namespace near the start."""
    head = text[:4000]
    return ("<feed" in head and "http://www.w3.org/2005/Atom" in head
            and ("arxiv.org/api/" in head or "http://arxiv.org/schemas/atom" in head))


def parse_arxiv_feed(text: str) -> SourceResult:
    """The entries of a saved arXiv API answer, each read as the API's answers are (draft_from_result), offline."""
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"not a well-formed arXiv API answer: {collapse_spaces(str(error))[:160]}") from None
    if root is None or root.tag != _ATOM_FEED:
        raise UsageError("is XML, but not the Atom feed the arXiv API answers with")
    result = SourceResult()
    unread: dict[str, None] = {}
    for number, entry in enumerate(root.iterfind(f"{_ATOM}entry"), start=1):
        result.items.append(_feed_entry(entry, f"entry {number}, line {entry.sourceline}"))
        unread.update(dict.fromkeys(name for name in map(_local_name, entry) if name not in FEED_READ))
        if entry.find(f"{_ATOM}author/{_ARXIV}affiliation") is not None:
            unread["affiliation"] = None
    if unread:
        result.notices.append(f"arXiv's fields not read (kept on arXiv): {', '.join(unread)}")
    return result


def _local_name(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _feed_entry(entry: Any, origin: str) -> Parsed:
    """One entry as a draft, or why it is not a paper (arXiv's error entry, an entry without its id or date)."""
    entry_id = _child_text(entry, f"{_ATOM}id")
    if "/api/errors" in entry_id:
        return Skipped(origin, f"arXiv's error entry: {collapse_spaces(_child_text(entry, f'{_ATOM}summary'))[:200]}")
    published = _feed_date(_child_text(entry, f"{_ATOM}published"))
    if not _is_paper_address(entry_id) or published is None:
        return Skipped(origin, "no arXiv id (an arxiv.org/abs/… <id>) or no <published> date: not an arXiv entry")
    categories = [term for term in (category.get("term") for category in entry.iterfind(f"{_ATOM}category")) if term]
    result = arxiv.Result(
        entry_id=entry_id, updated=published, published=published, title=_child_text(entry, f"{_ATOM}title"),
        authors=[arxiv.Result.Author(_child_text(author, f"{_ATOM}name")) for author in entry.iterfind(f"{_ATOM}author")],
        summary=_child_text(entry, f"{_ATOM}summary"), journal_ref=_child_text(entry, f"{_ARXIV}journal_ref"),
        doi=_child_text(entry, f"{_ARXIV}doi"), categories=categories,
        links=[arxiv.Result.Link(link.get("href"), title=link.get("title"), rel=link.get("rel") or "",
                                 content_type=link.get("type")) for link in entry.iterfind(f"{_ATOM}link")
               if link.get("href")])
    draft = draft_from_result(result)
    draft.origin, draft.keywords = f"{origin} (arXiv {draft.meta['arxiv']})", list(draft.meta["tags"])
    return draft


def _is_paper_address(entry_id: str) -> bool:
    """An entry's <id> is an arXiv paper's address (http://arxiv.org/abs/1501.05039v1)."""
    try:
        return bool(_ARXIV_URL.match(entry_id)) and bool(parse_arxiv_id(entry_id))
    except UsageError:
        return False


def _child_text(element: Any, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _feed_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
