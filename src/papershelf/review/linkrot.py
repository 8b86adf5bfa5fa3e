"""Link rot: check every paper's outside links, concurrently and politely.

The links are the ones paper pages show: each entry of `links`, and the DOI,
checked at doi.org without following its redirect (doi.org answers a redirect
for a registered DOI and 404 for an unknown one; publishers behind it often
refuse robots). arXiv ids are permanent and not fetched (arXiv asks robots to
go slowly). Each distinct URL is asked once. Politeness: at most `per_host` requests at a time to one host (and a
short pause between two requests to it), HEAD first and GET only when a server
refuses HEAD, redirects followed (and reported, so the paper can link the new
address), and on 429 and 5xx the server's Retry-After is obeyed for the whole host
(capped), else exponential backoff, for a bounded number of retries.

A link is *dead* when the server answers 404/410 or another error after the
retries, or cannot be reached; it is *unknown* when the server still
rate-limits after the retries, or refuses automated checks (401/403): those
are not counted as dead.

Only the public internet is asked: each address, and each redirect hop, is
resolved first, and one that is loopback, private, link-local, multicast or
reserved is *refused* (never requested); every connection's peer is checked
again when it opens, so a name answering differently the second time gains
nothing. The check runs from a job that can write issues and publishes what it
finds: a paper must not be able to make it probe the runner's network.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests

from .. import __version__
from ..sources.net import PUBLIC_ONLY, AddressPolicy, AddressRefused, DeadlineExceeded, public_only_adapter, within
from .ghtext import inert

USER_AGENT = f"papershelf/{__version__} (link checker; +https://pypi.org/project/papershelf/)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
HEAD_REFUSED = {400, 403, 405, 406, 501}  # servers that answer HEAD badly but GET well
MAX_RETRY_AFTER = 60.0
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class LinkUse:
    paper: str  # the paper file, relative to the collection
    field: str  # "links.code", "doi", "arxiv"


@dataclass
class LinkResult:
    url: str
    uses: list[LinkUse] = field(default_factory=list)
    state: str = "unknown"  # ok, redirected, dead, unknown, refused (not a public address: never requested)
    status: int | None = None
    final_url: str | None = None  # where redirects ended, when elsewhere
    reason: str = ""
    attempts: int = 0
    follow_redirects: bool = True  # False for identifiers (doi.org): a redirect means "registered"

    def text(self) -> str:
        where = ", ".join(f"{use.paper} ({use.field})" for use in self.uses)
        if self.state == "redirected":
            return f"redirected: {self.url} -> {self.final_url} [{where}]"
        return f"{self.state}: {self.url}: {self.reason} [{where}]"


@dataclass
class CheckOptions:
    per_host: int = 2
    workers: int = 8
    timeout: float = 15.0  # for connecting and for each read
    deadline: float = 30.0  # for the whole request, redirects included: a server that drips bytes is cut off
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    host_delay: float = 0.25  # pause between two requests to one host
    max_retry_after: float = MAX_RETRY_AFTER
    addresses: AddressPolicy = PUBLIC_ONLY  # tests allow 127.0.0.1 here for their stand-in servers


def collect_links(papers: Iterable[Any]) -> dict[str, LinkResult]:
    """URL -> LinkResult (unchecked) for every outside link of `papers` (objects with .path and .meta)."""
    found: dict[str, LinkResult] = {}

    def add(url: str, paper: str, where: str, follow: bool = True) -> None:
        found.setdefault(url, LinkResult(url, follow_redirects=follow)).uses.append(LinkUse(paper, where))

    for paper in papers:
        meta = paper.meta
        for name, url in sorted((getattr(meta, "links", None) or {}).items()):
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                add(url, paper.path, f"links.{name}")
        if getattr(meta, "doi", None):
            add(f"https://doi.org/{quote(meta.doi, safe='/:;()._-')}", paper.path, "doi", follow=False)
    return found


class _HostGate:
    """At most `limit` requests in flight per host, and `delay` seconds between two starts to one host."""

    def __init__(self, limit: int, delay: float):
        self.limit, self.delay = limit, delay
        self.lock = threading.Lock()
        self.semaphores: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(limit))
        self.next_start: dict[str, float] = defaultdict(float)

    def __call__(self, host: str) -> _HostSlot:
        return _HostSlot(self, host)

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` for `seconds` (its Retry-After applies to every link on it)."""
        with self.lock:
            self.next_start[host] = max(self.next_start[host], time.monotonic() + seconds)


class _HostSlot:
    def __init__(self, gate: _HostGate, host: str) -> None:
        self.gate, self.host = gate, host
        with gate.lock:
            self.semaphore = gate.semaphores[host]

    def __enter__(self) -> None:
        self.semaphore.acquire()
        with self.gate.lock:
            start = max(time.monotonic(), self.gate.next_start[self.host])
            self.gate.next_start[self.host] = start + self.gate.delay
        time.sleep(max(0.0, start - time.monotonic()))

    def __exit__(self, *exc: object) -> None:
        self.semaphore.release()


def retry_after_seconds(value: str | None, fallback: float, cap: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else `fallback`; at most `cap`."""
    if value:
        value = value.strip()
        if value.isdigit():
            return min(float(value), cap)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return min(max(0.0, when.timestamp() - time.time()), cap)
        except (TypeError, ValueError):
            pass
    return min(fallback, cap)


def check_url(result: LinkResult, session: requests.Session, gate: _HostGate, options: CheckOptions) -> LinkResult:
    host = urlsplit(result.url).netloc.lower()
    why = options.addresses.refusal(result.url)
    if why:
        result.state, result.reason = "refused", f"not a public internet address: {why}; not requested"
        return result
    wait = options.backoff
    for attempt in range(options.retries + 1):
        result.attempts = attempt + 1
        retry_in = None
        try:
            with gate(host):
                response = within(options.deadline, lambda: _follow(
                    session, result.url, options.timeout, result.follow_redirects, options.addresses))
        except AddressRefused as refused:
            result.state, result.status, result.reason = "refused", None, f"{refused}; not requested"
            return result
        except DeadlineExceeded:
            result.state, result.status, result.reason = "dead", None, f"no whole answer within {options.deadline:g} s"
            retry_in = wait
        except requests.Timeout:
            result.state, result.status, result.reason = "dead", None, f"no answer within {options.timeout:g} s"
            retry_in = wait
        except requests.RequestException as error:
            result.state, result.status, result.reason = "dead", None, f"cannot connect ({type(error).__name__})"
            retry_in = wait
        else:
            classify(result, response)
            if response.status_code in RETRY_STATUSES:
                retry_in = retry_after_seconds(response.headers.get("Retry-After"), wait, options.max_retry_after)
        if retry_in is None or attempt == options.retries:
            return result
        gate.defer(host, retry_in)
        wait *= 2
    return result


def _follow(session: requests.Session, url: str, timeout: float, follow: bool,
            addresses: AddressPolicy) -> requests.Response:
    """HEAD (or GET) `url`, following redirects one hop at a time: each hop's address is checked before it is asked."""
    history: list[requests.Response] = []
    for _ in range(MAX_REDIRECTS + 1):
        response = _head_then_get(session, url, timeout, follow=False)
        if not (follow and response.is_redirect):
            response.history = history
            return response
        history.append(response)
        url = urljoin(url, response.headers["Location"])
        why = addresses.refusal(url)
        if why:
            raise AddressRefused(f"redirects to an address that is not public ({why})")
    raise requests.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


def _head_then_get(session: requests.Session, url: str, timeout: float, follow: bool = True) -> requests.Response:
    response = session.head(url, allow_redirects=follow, timeout=timeout)
    if response.status_code in HEAD_REFUSED:
        response.close()
        response = session.get(url, allow_redirects=follow, timeout=timeout, stream=True)
    response.close()  # the body is never needed
    return response


def classify(result: LinkResult, response: requests.Response) -> None:
    result.status = response.status_code
    final = response.url
    if response.status_code == 429:
        result.state, result.reason = "unknown", "HTTP 429 (rate limited) after retries"
    elif response.status_code in (401, 403):
        result.state, result.reason = "unknown", f"HTTP {response.status_code} (the site refuses automated checks)"
    elif response.status_code >= 400:
        result.state, result.reason = "dead", f"HTTP {response.status_code}"
    elif not result.follow_redirects and response.is_redirect:
        result.state, result.reason = "ok", f"HTTP {response.status_code} (registered)"
    elif response.history and final.rstrip("/") != result.url.rstrip("/"):
        hops = " -> ".join(str(r.status_code) for r in response.history)
        result.state, result.final_url, result.reason = "redirected", final, f"HTTP {hops} to {final}"
    else:
        result.state, result.reason = "ok", f"HTTP {response.status_code}"


def check_links(links: dict[str, LinkResult], options: CheckOptions | None = None,
                on_result: Callable[[LinkResult], None] | None = None) -> list[LinkResult]:
    """Check every link; results in URL order."""
    options = options or CheckOptions()
    gate = _HostGate(options.per_host, options.host_delay)
    session = requests.Session()
    session.trust_env = False  # no proxy: the peer each connection checks is the server itself
    session.headers["User-Agent"] = USER_AGENT
    adapter = public_only_adapter(options.addresses, pool_maxsize=max(options.workers, 10), max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        futures = [pool.submit(check_url, links[url], session, gate, options) for url in sorted(links)]
        for future in futures:
            result = future.result()
            if on_result:
                on_result(result)
    session.close()
    return [links[url] for url in sorted(links)]


def issue_body(results: list[LinkResult]) -> str:
    """The Markdown body of the dead-links issue (URLs in code spans: no link previews, no injection)."""
    dead = [r for r in results if r.state == "dead"]
    moved = [r for r in results if r.state == "redirected"]
    refused = [r for r in results if r.state == "refused"]
    lines = [f"{len(dead)} dead link{'s' * (len(dead) != 1)} among {len(results)} outside links "
             "(`papershelf links --external`). This issue is updated every week and closed when all work again.", ""]
    if dead:
        lines += ["| paper | field | link | why |", "| --- | --- | --- | --- |"]
        lines += [f"| `{_code(use.paper)}` | {use.field} | `{_code(r.url)}` | {_cell(r.reason)} |"
                  for r in dead for use in r.uses]
        lines.append("")
    if moved:
        lines += ["Moved (they still work; consider linking the new address):", ""]
        lines += [f"- `{_code(r.url)}` → `{_code(r.final_url or '')}`" for r in moved]
        lines.append("")
    if refused:
        lines += ["Not checked: these point, or redirect, to addresses that are not on the public internet "
                  "(loopback, private, link-local, multicast or reserved). Fix or remove them:", ""]
        lines += [f"- `{_code(use.paper)}` {use.field}: `{_code(r.url)}`" for r in refused for use in r.uses]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Text for a code span in a table cell: one line, no cell break; GitHub finds no mention inside code."""
    return " ".join(text.replace("|", "%7C").replace("`", "%60").split())


def _cell(text: str) -> str:
    """Server-given text for a plain table cell: also no mention, reference or closing keyword."""
    return inert(_code(text))
