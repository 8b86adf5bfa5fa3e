"""New papers of a window of days, from the arXiv API and from Hugging Face Daily Papers.

arXiv: one search (`search_query`) for the configured categories and/or query,
limited to the window by `submittedDate`, newest first, read in pages of up to
100 with the 3 seconds between requests that arXiv's terms of use ask for, up
to `limit` papers. Hugging Face: `api/daily_papers?date=YYYY-MM-DD` for each day
of the window (at most MAX_DAYS). Every request is bounded (net.BoundedSession:
a deadline and a size limit); a source that cannot be reached is reported in
one line and the others still count.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import arxiv
import requests

from ..model.problems import PapershelfError, SourceUnavailable, UsageError
from ..sources import PaperDraft
from ..sources.arxiv import DELAY_SECONDS, TIMEOUT_SECONDS, draft_from_result, make_client
from ..sources.endpoints import Sources
from ..sources.hf import parse_api_data
from ..sources.net import DEADLINE_SECONDS, BoundedSession, short_reason

MAX_DAYS = 31
MAX_LIMIT = 2000  # papers asked of arXiv in one run: 20 pages, a minute of arXiv's pacing
PAGE_SIZE = 100
HF_MAX_BYTES = 8 * 1024 * 1024
_CATEGORY = re.compile(r"^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$")
_MAX_QUERY = 500


@dataclass
class WatchSources:
    """What to read: from mkdocs.yml's `watch:` (config.py) or the command line."""

    arxiv: list[str] = field(default_factory=list)  # categories, like cs.LG
    query: str = ""  # an arXiv search query, like abs:"sparse autoencoder"
    hf: bool = True
    limit: int = 500  # at most this many papers from arXiv

    def check(self) -> None:
        for category in self.arxiv:
            if not _CATEGORY.match(category):
                raise UsageError(f"watch: arxiv: '{category}' is not an arXiv category (like cs.LG or stat.ML)")
        if len(self.query) > _MAX_QUERY or "\n" in self.query:
            raise UsageError(f"watch: query: at most {_MAX_QUERY} characters on one line")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise UsageError(f"watch: limit must be between 1 and {MAX_LIMIT:,}, not {self.limit:,}")
        if not self.arxiv and not self.query and not self.hf:
            raise UsageError("watch: nothing to read: give arXiv categories (arxiv: [cs.LG]), a query, or hf: true")


@dataclass
class FeedResult:
    drafts: list[PaperDraft] = field(default_factory=list)
    read_from: list[str] = field(default_factory=list)  # "arXiv (cs.LG, cs.CL): 412 papers"
    failures: list[str] = field(default_factory=list)  # one line per source that could not be read


def search_query(sources: WatchSources, start: dt.date, end: dt.date) -> str:
    """arXiv's search_query for the categories and/or query, submitted from `start` to `end` (inclusive)."""
    parts = []
    if sources.arxiv:
        parts.append("(" + " OR ".join(f"cat:{category}" for category in sources.arxiv) + ")")
    if sources.query.strip():
        parts.append(f"({sources.query.strip()})")
    parts.append(f"submittedDate:[{start:%Y%m%d}0000 TO {end:%Y%m%d}2359]")
    return " AND ".join(parts)


def fetch_arxiv_window(sources: WatchSources, start: dt.date, end: dt.date, endpoints: Sources | None = None,
                       delay: float = DELAY_SECONDS, timeout: float = TIMEOUT_SECONDS) -> list[PaperDraft]:
    """The papers submitted in the window, newest first, at most `sources.limit`."""
    url = (endpoints or Sources.resolve()).arxiv
    client = make_client(url, timeout, retries=1, page_size=min(PAGE_SIZE, sources.limit), delay=delay)
    search = arxiv.Search(query=search_query(sources, start, end), max_results=sources.limit,
                          sort_by=arxiv.SortCriterion.SubmittedDate, sort_order=arxiv.SortOrder.Descending)
    drafts = []
    try:
        for result in client.results(search):
            if "/api/errors" in result.entry_id:
                raise SourceUnavailable(f"arXiv at {url} did not accept the search: "
                                        f"{' '.join(result.summary.split())[:200]}")
            draft = draft_from_result(result)
            if start <= dt.date.fromisoformat(draft.meta["date"]) <= end:
                drafts.append(draft)
    except arxiv.HTTPError as error:
        raise SourceUnavailable(f"arXiv at {url} answered HTTP {error.status}; try again later") from None
    except arxiv.UnexpectedEmptyPageError:
        raise SourceUnavailable(f"arXiv at {url} answered an empty page in the middle of the results; "
                                "try again later") from None
    except requests.RequestException as error:
        raise SourceUnavailable(f"cannot reach arXiv at {url}: {short_reason(error, timeout)}") from None
    return drafts


def fetch_hf_window(start: dt.date, end: dt.date, endpoints: Sources | None = None,
                    timeout: float = TIMEOUT_SECONDS, deadline: float = DEADLINE_SECONDS) -> list[PaperDraft]:
    """The Daily Papers of each day from `start` to `end`, in that order."""
    url = (endpoints or Sources.resolve()).hf
    session = BoundedSession(timeout, deadline, HF_MAX_BYTES)
    drafts = []
    day = start
    while day <= end:
        drafts += hf_day(session, url, day, timeout)
        day += dt.timedelta(days=1)
    return drafts


def hf_day(session: BoundedSession, url: str, day: dt.date, timeout: float) -> list[PaperDraft]:
    try:
        response = session.get(url, params={"date": day.isoformat()})
    except requests.RequestException as error:
        raise SourceUnavailable(f"cannot reach Hugging Face at {url}: {short_reason(error, timeout)}") from None
    if response.status_code != 200:
        raise SourceUnavailable(f"Hugging Face at {url} answered HTTP {response.status_code} for {day}; "
                                "try again later")
    try:
        data = json.loads(response.content)
    except ValueError:
        raise SourceUnavailable(f"Hugging Face at {url} answered something that is not JSON for {day}") from None
    if not isinstance(data, list):
        raise SourceUnavailable(f"Hugging Face at {url} answered JSON that is not a list of papers for {day}")
    return [draft for draft in parse_api_data(data).drafts if draft.meta.get("arxiv")]


def read_feeds(sources: WatchSources, start: dt.date, end: dt.date, endpoints: Sources | None = None,
               delay: float = DELAY_SECONDS) -> FeedResult:
    """Every configured source's papers of the window; a source that fails is named in `failures`."""
    sources.check()
    if (end - start).days + 1 > MAX_DAYS:
        raise UsageError(f"the window is {(end - start).days + 1} days; at most {MAX_DAYS} (use --since 7d or 30d)")
    result = FeedResult()
    if sources.arxiv or sources.query:
        what = ", ".join(sources.arxiv + ([f"query {sources.query!r}"] if sources.query else []))
        try:
            drafts = fetch_arxiv_window(sources, start, end, endpoints, delay)
            result.drafts += drafts
            result.read_from.append(f"arXiv ({what}): {papers(len(drafts))}")
        except PapershelfError as error:
            result.failures.append(f"arXiv: {error}; its papers are missing from this list")
    if sources.hf:
        try:
            drafts = fetch_hf_window(start, end, endpoints)
            result.drafts += drafts
            result.read_from.append(f"Hugging Face Daily Papers: {papers(len(drafts))}")
        except PapershelfError as error:
            result.failures.append(f"Hugging Face Daily Papers: {error}; its papers are missing from this list")
    return result


def papers(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


_SINCE = re.compile(r"^(\d{1,3})\s*([dw])$")


def window(since: str, until: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) for `--since 7d` (or 2w) ending on `until`."""
    match = _SINCE.match(since.strip().lower())
    if not match:
        raise UsageError(f"--since '{since}' is not a number of days or weeks, like 7d or 2w")
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"--since {since}: the window must be 1 to {MAX_DAYS} days")
    return until - dt.timedelta(days=days - 1), until
