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

import re
import threading
import zlib

import requests

from ..model.problems import PapershelfError

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
    def __init__(self, timeout: float, deadline: float = DEADLINE_SECONDS, max_bytes: int = MAX_RESPONSE_BYTES):
        super().__init__()
        self.timeout, self.deadline, self.max_bytes = timeout, deadline, max_bytes

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        kwargs["stream"] = True  # the body is read below, with its bounds
        kwargs["headers"] = {**(kwargs.get("headers") or {}), "Accept-Encoding": ", ".join(_ENCODINGS)}
        return within(self.deadline, lambda: self._read_whole(method, url, **kwargs))

    def _read_whole(self, method, url, **kwargs) -> requests.Response:
        response = super().request(method, url, **kwargs)
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


def within(seconds: float, work):
    """`work()`'s result, or DeadlineExceeded after `seconds`.

    The work runs in a daemon thread, so the deadline holds whatever it is blocked on (name
    lookup, connecting, a header or body arriving byte by byte). A thread left behind ends at
    its next read timeout, and never holds more than the size limit.
    """
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome["error"] = error

    thread = threading.Thread(target=run, name="papershelf-request", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise DeadlineExceeded(f"no complete answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


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
