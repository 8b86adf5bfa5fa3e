"""Crossref: a DOI in, a `PaperDraft` out, from the REST API's /works/{doi} (https://api.crossref.org).

The base URL is `Sources.crossref` (endpoints.py), for mirrors and tests. What comes back is checked before it is used: JSON, of
message type `work`, for the DOI asked; anything else is an UnexpectedAnswer.
The record's fields are read by the CSL-JSON importer (Crossref's names are CSL's).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import requests

from ..model.problems import SourceUnavailable
from . import PaperDraft
from .csl import item_fields
from .endpoints import Sources
from .net import BoundedSession, PaperNotFound, UnexpectedAnswer, short_reason

TIMEOUT_SECONDS = 30.0
MAX_ANSWER_BYTES = 5 * 1024 * 1024  # a work record is a few kB, or a few hundred with its references
USER_AGENT = "papershelf (https://github.com/papershelf; a reading-list site generator)"


def fetch_crossref(doi: str, sources: Sources | None = None, session: requests.Session | None = None,
                   timeout: float = TIMEOUT_SECONDS) -> PaperDraft:
    """The work with this DOI; raises SourceUnavailable, PaperNotFound or UnexpectedAnswer with a one-line message."""
    base = (sources or Sources.resolve()).crossref
    url = f"{base}/works/{quote(doi, safe='/:;()')}"
    try:
        # a whole-request deadline and a decompressed-size limit (net.py), not only a timeout per read
        response = (session or BoundedSession(timeout, whole=True)).get(url, timeout=timeout,
                                                                        headers={"User-Agent": USER_AGENT})
        body = response.content[:MAX_ANSWER_BYTES + 1]
    except requests.RequestException as error:
        raise SourceUnavailable(f"cannot reach Crossref at {base}: {short_reason(error, timeout)}; "
                                "check your connection or --crossref-url") from None
    if response.status_code == 404:
        raise PaperNotFound(f"Crossref has no work with DOI {doi}")
    if response.status_code != 200:
        raise SourceUnavailable(f"Crossref at {base} answered HTTP {response.status_code} for {doi}; try again later")
    return draft_from_answer(body, doi, url)


def draft_from_answer(body: bytes, doi: str, url: str) -> PaperDraft:
    if len(body) > MAX_ANSWER_BYTES:
        raise UnexpectedAnswer(f"{url} answered with more than {MAX_ANSWER_BYTES:,} bytes; not a work record")
    try:
        answer = json.loads(body)
    except ValueError as error:
        if not isinstance(error, json.JSONDecodeError) and "digits" in str(error):
            raise UnexpectedAnswer(f"{url} answered with a number of more than 4,300 digits; "
                                   "not a Crossref work record") from None
        kind = "an HTML page" if body[:100].lstrip().lower().startswith((b"<!doctype html", b"<html")) else "no JSON"
        raise UnexpectedAnswer(f"{url} answered with {kind}, not a Crossref work record; check --crossref-url") from None
    except UnicodeDecodeError:
        kind = "an HTML page" if body[:100].lstrip().lower().startswith((b"<!doctype html", b"<html")) else "no JSON"
        raise UnexpectedAnswer(f"{url} answered with {kind}, not a Crossref work record; check --crossref-url") from None
    message = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(message, dict) or answer.get("message-type") != "work":
        raise UnexpectedAnswer(f"{url} answered with JSON that is not a Crossref work record")
    answered = str(message.get("DOI", ""))
    if answered.lower() != doi.lower():
        raise UnexpectedAnswer(f"{url} answered with DOI {answered[:100]} when asked for {doi}")
    return item_fields(message, f"Crossref {doi}")
