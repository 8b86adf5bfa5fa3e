"""arXiv: an id or URL in, a `PaperDraft` out, through the arXiv API (the `arxiv` package).

The API's base URL is configurable (argument, `--api-url`, or the environment
variable PAPERSHELF_ARXIV_API) so tests and mirrors can stand in for
export.arxiv.org.
"""

from __future__ import annotations

import os
import re

import arxiv
import requests

from ..net import DEADLINE_SECONDS, BoundedSession, DeadlineExceeded, ResponseTooLarge
from ..problems import PapershelfError, SourceUnavailable, UsageError
from ..schema import ARXIV_PATTERN
from . import PaperDraft, clean_abstract, collapse_spaces

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
API_URL_ENV = "PAPERSHELF_ARXIV_API"
TIMEOUT_SECONDS = 30.0
RETRIES = 1
# arXiv's terms of use ask for at most one request every three seconds.
DELAY_SECONDS = 3.0

_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_VERSION = re.compile(r"v\d+$")


class PaperNotFound(PapershelfError):
    """arXiv answered, but has no paper with the id asked for."""


def parse_arxiv_id(text: str) -> str:
    """The canonical arXiv id (no version) in an id, `arXiv:` id, or arxiv.org abs/pdf URL."""
    value = text.strip()
    url = _ARXIV_URL.match(value)
    if url:
        value = url["id"]
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.IGNORECASE)
    if not re.fullmatch(ARXIV_PATTERN, value):
        raise UsageError(
            f"'{text.strip()}' is not an arXiv id or URL: write it like 2305.15775, 2305.15775v2, "
            "arXiv:2305.15775, hep-th/9901001 or https://arxiv.org/abs/2305.15775"
        )
    return _VERSION.sub("", value)


def resolve_api_url(api_url: str | None = None) -> str:
    """The API URL to use: the one given, else $PAPERSHELF_ARXIV_API, else arXiv's own."""
    url = (api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL).strip()
    if not re.match(r"^https?://[^\s/]+", url):
        raise UsageError(f"the arXiv API URL '{url}' is not an http(s) URL (check --api-url or ${API_URL_ENV})")
    return url


def make_client(api_url: str, timeout: float = TIMEOUT_SECONDS, retries: int = RETRIES,
                deadline: float = DEADLINE_SECONDS) -> arxiv.Client:
    client = arxiv.Client(page_size=1, delay_seconds=DELAY_SECONDS, num_retries=retries)
    escaped = api_url.replace("{", "{{").replace("}", "}}")
    client.query_url_format = escaped + ("&" if "?" in api_url else "?") + "{}"
    # The client offers no public way to bound a request: its session is replaced by one that
    # reads each answer whole within `deadline` and decompressed into at most MAX_RESPONSE_BYTES.
    client._session = BoundedSession(timeout, deadline)
    return client


def fetch_arxiv(id_or_url: str, api_url: str | None = None, timeout: float = TIMEOUT_SECONDS,
                retries: int = RETRIES, deadline: float = DEADLINE_SECONDS) -> PaperDraft:
    """Fetch one paper; raises UsageError, SourceUnavailable or PaperNotFound with a one-line message."""
    arxiv_id = parse_arxiv_id(id_or_url)
    url = resolve_api_url(api_url)
    client = make_client(url, timeout, retries, deadline)
    try:
        results = list(client.results(arxiv.Search(id_list=[arxiv_id], max_results=1)))
    except arxiv.HTTPError as error:
        raise SourceUnavailable(
            f"arXiv at {url} answered HTTP {error.status} for {arxiv_id}; try again later or check --api-url"
        ) from None
    except requests.RequestException as error:
        raise SourceUnavailable(
            f"cannot reach arXiv at {url}: {_short_reason(error, timeout)}; check your connection or --api-url"
        ) from None
    if not results:
        raise PaperNotFound(f"no paper with id {arxiv_id} on arXiv (asked {url})")
    result = results[0]
    if "/api/errors" in result.entry_id:
        raise PaperNotFound(f"arXiv did not accept the id {arxiv_id}: {collapse_spaces(result.summary)}")
    return draft_from_result(result)


def _short_reason(error: requests.RequestException, timeout: float) -> str:
    if isinstance(error, (DeadlineExceeded, ResponseTooLarge)) or type(error) is requests.RequestException:
        return str(error)  # papershelf's own bounds (net.py): the message says which
    if isinstance(error, requests.Timeout):
        return f"no answer within {timeout:g} s"
    errno = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(error))
    if errno:
        return errno.group(1).strip()
    if isinstance(error, requests.ConnectionError):
        return "connection failed"
    return type(error).__name__


def draft_from_result(result: arxiv.Result) -> PaperDraft:
    arxiv_id = _VERSION.sub("", result.get_short_id())
    meta = {
        "title": collapse_spaces(result.title),
        "authors": [collapse_spaces(author.name) for author in result.authors if author.name.strip()],
        "date": result.published.date().isoformat(),
        "arxiv": arxiv_id,
        "doi": result.doi.strip() if result.doi else None,
        "venue": collapse_spaces(result.journal_ref) if result.journal_ref else None,
        "tags": list(dict.fromkeys(result.categories)),
        "links": {"pdf": _https(result.pdf_url)} if result.pdf_url else {},
    }
    return PaperDraft(meta, clean_abstract(result.summary), origin=f"arXiv {arxiv_id}")


def _https(url: str) -> str:
    return re.sub(r"^http://(?=(www\.)?arxiv\.org/)", "https://", url)
