"""An import file at a web address: a Google Sheet shared by link, a lab's `papers.bib`, a CSV a site publishes.

`papershelf import URL` reads what the address answers as it would read the file, so a group that keeps its
reading list in a shared sheet imports it without downloading it first, and imports it again later to bring in
the rows added since (rows already imported are found unchanged). A Google Sheet's address as the browser
shows it (…/edit#gid=0) is read as its CSV export (…/export?format=csv&gid=0); a sheet published to the web
(…/pubhtml) as its published CSV (…/pub?output=csv). The answer is bounded in time and size (`net.py`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import requests

from ..model.problems import SourceUnavailable, UsageError
from .crossref import USER_AGENT
from .net import BoundedSession, short_reason

TIMEOUT_SECONDS = 30.0
_SHEET = re.compile(r"^https://docs\.google\.com/spreadsheets/d/(?P<id>[\w-]{20,100})(?:[/?#].*)?$")
_PUBLISHED_SHEET = re.compile(r"^https://docs\.google\.com/spreadsheets/d/e/(?P<id>[\w-]{20,200})/pub")
_GID = re.compile(r"[#?&]gid=(\d{1,20})")
_HTML_START = (b"<!doctype html", b"<html")


def is_web_address(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def download_address(url: str) -> str:
    """Where the file behind `url` is read from: a Google Sheet's CSV export for its page's address."""
    gid = _GID.search(url)
    tab = f"&gid={gid[1]}" if gid else ""
    if published := _PUBLISHED_SHEET.match(url):
        return f"https://docs.google.com/spreadsheets/d/e/{published['id']}/pub?output=csv{tab}"
    if sheet := _SHEET.match(url):
        return f"https://docs.google.com/spreadsheets/d/{sheet['id']}/export?format=csv{tab}"
    return url


def file_name(url: str) -> str:
    """The name an import of `url` is reported under: its last path segment ("papers.bib"), "sheet.csv" for a
    Google Sheet."""
    if _SHEET.match(url) or _PUBLISHED_SHEET.match(url):
        return "sheet.csv"
    segment = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
    return "".join(char for char in segment if char.isprintable() and char not in "/\\")[:100] or "download"


def download(url: str, max_bytes: int, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The bytes `url` answers with (at most `max_bytes`); a UsageError or SourceUnavailable saying what to do."""
    address = download_address(url)
    try:
        # a whole-request deadline and a size limit on the decompressed answer (net.py)
        response = BoundedSession(timeout, max_bytes=max_bytes, whole=True).get(
            address, headers={"User-Agent": USER_AGENT})
    except requests.RequestException as error:
        raise SourceUnavailable(f"cannot download {url}: {short_reason(error, timeout)}; check the address and your "
                                "connection, or download the file and import it") from None
    if response.status_code in (401, 403, 404):
        raise UsageError(f"{url}: the server answered HTTP {response.status_code}: {sharing_hint(url)}")
    if response.status_code != 200:
        raise SourceUnavailable(f"{url}: the server answered HTTP {response.status_code}; try again later, or "
                                "download the file and import it")
    body = response.content
    if body[:200].lstrip().lower().startswith(_HTML_START):
        raise UsageError(f"{url} answered with a web page, not a bibliography or a sheet: {sharing_hint(url)}")
    return body


def sharing_hint(url: str) -> str:
    if _SHEET.match(url) or _PUBLISHED_SHEET.match(url):
        return ("share the sheet so that anyone with the link can view it (Share → General access → Anyone with "
                "the link), or download it (File → Download → Comma-separated values) and import the file")
    return "give the address of the file itself (a .bib, .ris or .csv), or download it and import the file"
