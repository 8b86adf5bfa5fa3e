"""Network reads with bounds: a whole-request deadline and a limit on the decompressed size.

A `requests` timeout bounds each socket read, not the request: a server that
sends one byte every 20 seconds holds it for ever. And `requests` inflates a
gzip answer without a limit: a 10 MB bomb becomes gigabytes. `BoundedSession`
is a `requests.Session` whose every request is read whole (headers and body)
within `deadline` seconds and decompressed into at most `max_bytes`, or fails
with a `requests.RequestException` that says which bound it met. Services'
clients (the `arxiv` package) take it as their session.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import requests.adapters
import urllib3
import urllib3.connection

from ..model.problems import PapershelfError

Result = TypeVar("Result")
DEADLINE_SECONDS = 60.0
MAX_RESPONSE_BYTES = 16 * 1024 * 1024  # an arXiv answer for one paper is a few kB; Crossref's a few tens
_CHUNK = 64 * 1024
# Only encodings decompressed here, with a bound: never brotli or zstd that requests might ask for.
_ENCODINGS = {"gzip": 32 + zlib.MAX_WBITS, "x-gzip": 32 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}


class ResponseTooLarge(requests.RequestException):
    """The answer (decompressed) is larger than the limit."""


class DeadlineExceeded(requests.Timeout):
    """No complete answer within the whole-request deadline."""


class PaperNotFound(PapershelfError):
    """The service (arXiv, Crossref) answered, but has no paper with the id asked for."""


class UnexpectedAnswer(PapershelfError):
    """The server answered, but not with what the API answers: an HTML page, broken XML, another paper."""

    exit_code = 2


class BoundedSession(requests.Session):
    """With `whole=True`, `deadline` bounds every request of the session together (a command's retries included),
    not each one: `add` asks once, and a server that drips its answer cannot hold it past the deadline by failing
    slowly and being asked again."""

    def __init__(self, timeout: float, deadline: float = DEADLINE_SECONDS, max_bytes: int = MAX_RESPONSE_BYTES,
                 whole: bool = False):
        super().__init__()
        self.timeout, self.deadline, self.max_bytes = timeout, deadline, max_bytes
        self.ends_at = time.monotonic() + deadline if whole else None

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        kwargs["stream"] = True  # the body is read below, with its bounds
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "Accept-Encoding": ", ".join(_ENCODINGS)}
        seconds = self.deadline
        if self.ends_at is not None:
            seconds = min(seconds, self.ends_at - time.monotonic())
            if seconds <= 0:
                raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s")
        return within(seconds, lambda: self._read_whole(method, url, *args, **kwargs), shown=self.deadline)

    def _read_whole(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        response = super().request(method, url, *args, **kwargs)
        try:
            response._content = read_body(response, self.max_bytes)  # what response.content returns
        finally:
            response.close()
        return response


def read_body(response: requests.Response, max_bytes: int) -> bytes:
    """The response's body, decompressed with a bound on the output (not on the input, which a bomb keeps small)."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity") and encoding not in _ENCODINGS:
        raise requests.RequestException(f"the answer has an unsupported Content-Encoding '{encoding[:40]}'")
    decoder = zlib.decompressobj(_ENCODINGS[encoding]) if encoding in _ENCODINGS else None
    body = bytearray()
    try:
        while raw := response.raw.read(_CHUNK, decode_content=False):
            while decoder is not None and raw:
                body += decoder.decompress(raw, max_bytes + 1 - len(body))
                if decoder.unconsumed_tail:
                    raise ResponseTooLarge(f"the answer is larger than {max_bytes:,} bytes")
                raw = decoder.unused_data  # gzip members one after another are one stream
                if decoder.eof:
                    decoder = zlib.decompressobj(_ENCODINGS[encoding])
            if decoder is None:
                body += raw
            if len(body) > max_bytes:
                raise ResponseTooLarge(f"the answer is larger than {max_bytes:,} bytes")
        if decoder is not None:
            body += decoder.flush()
    except zlib.error as error:
        raise requests.RequestException(f"the answer is not valid {encoding} ({error})") from None
    if len(body) > max_bytes:
        raise ResponseTooLarge(f"the answer is larger than {max_bytes:,} bytes")
    return bytes(body)


def within(seconds: float, work: Callable[[], Result], shown: float | None = None) -> Result:
    """`work()`'s result, or DeadlineExceeded after `seconds`.

    The work runs in a daemon thread, so the deadline holds whatever it is blocked on (name
    lookup, connecting, a header or body arriving byte by byte). A thread left behind ends at
    its next read timeout, and never holds more than the size limit.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome["error"] = error

    thread = threading.Thread(target=run, name="papershelf-request", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise DeadlineExceeded(f"no complete answer within {seconds if shown is None else shown:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: Result = outcome["value"]
    return value


def short_reason(error: requests.RequestException, timeout: float) -> str:
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


# --- Public addresses only: what the link checker may connect to ------------------------------------------


class AddressRefused(Exception):
    """The address is loopback, private, link-local, multicast, reserved or otherwise not on the public internet.

    Not an OSError: urllib3 would take it for a network failure, retry and wrap it; this one must reach the caller."""


def address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `ip` is not a public internet address ('loopback', 'private', …), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_kind(ip.ipv4_mapped)
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "not global"


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a request may reach: public ones, plus `allowed` networks (tests name 127.0.0.1 here).

    `resolve` is socket.getaddrinfo's shape; every address a name resolves to must be public."""

    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    resolve: Callable[..., list[Any]] = socket.getaddrinfo

    def refusal_for_ip(self, address: str) -> str | None:
        """'10.0.0.5 is a private address', or None for an address that may be asked."""
        refused = self._refused_kind(address)
        return f"{refused[0]} is a {refused[1]} address" if refused else None

    def _refused_kind(self, address: str) -> tuple[str, str] | None:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return address[:80], "malformed"
        if any(ip in network for network in self.allowed):
            return None
        kind = address_kind(ip)
        if kind is None:
            return None
        mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
        return (f"{ip} ({mapped})" if mapped else str(ip)), kind

    def refusal(self, url: str) -> str | None:
        """Why `url` must not be requested (its host is or resolves to a non-public address), or None."""
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            return f"the address is malformed ({error})"
        if not host:
            return "the address has no host"
        try:
            infos = self.resolve(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError):
            return None  # unresolvable: the request fails as 'cannot connect', which is what it is
        for info in infos:
            refused = self._refused_kind(str(info[4][0]))
            if refused:
                shown, kind = refused
                return f"{shown} is a {kind} address" if shown == host else f"{host} resolves to {shown}, a {kind} address"
        return None


PUBLIC_ONLY = AddressPolicy()


class _CheckedConnectionMixin:
    """Checks the peer of every new connection: the address actually connected to must be public (DNS may answer
    differently from the check made before the request, on purpose)."""

    address_policy: AddressPolicy = PUBLIC_ONLY

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]  # a mixin before urllib3's connections
        why = self.address_policy.refusal_for_ip(sock.getpeername()[0])
        if why:
            sock.close()
            raise AddressRefused(f"connected to {why}")
        return sock


def public_only_adapter(policy: AddressPolicy, **kwargs: Any) -> requests.adapters.HTTPAdapter:
    """An HTTPAdapter whose connections refuse any peer `policy` refuses."""
    http_conn = type("CheckedHTTPConnection", (_CheckedConnectionMixin, urllib3.connection.HTTPConnection),
                     {"address_policy": policy})
    https_conn = type("CheckedHTTPSConnection", (_CheckedConnectionMixin, urllib3.connection.HTTPSConnection),
                      {"address_policy": policy})
    http_pool = type("CheckedHTTPPool", (urllib3.HTTPConnectionPool,), {"ConnectionCls": http_conn})
    https_pool = type("CheckedHTTPSPool", (urllib3.HTTPSConnectionPool,), {"ConnectionCls": https_conn})

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **pool_kwargs: Any) -> None:
            super().init_poolmanager(*args, **pool_kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    return Adapter(**kwargs)
