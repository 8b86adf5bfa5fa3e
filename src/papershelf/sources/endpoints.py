"""Where papershelf asks for metadata: one `Sources` value names the arXiv API and the Crossref REST API.

Each is configurable (the commands' `--api-url` and `--crossref-url`, or the environment variables
PAPERSHELF_ARXIV_API and PAPERSHELF_CROSSREF_API) so that tests and mirrors can stand in for the services.
Every function that reads from the network takes a `Sources` (None: `Sources.resolve()`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..model.problems import UsageError

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org"
ARXIV_ENV = "PAPERSHELF_ARXIV_API"
CROSSREF_ENV = "PAPERSHELF_CROSSREF_API"
_HTTP_URL = re.compile(r"^https?://[^\s/]+")


@dataclass(frozen=True)
class Sources:
    """The arXiv API's URL and the Crossref REST API's base URL (checked to be http(s) URLs)."""

    arxiv: str = ARXIV_API
    crossref: str = CROSSREF_API

    def __post_init__(self) -> None:
        object.__setattr__(self, "arxiv", _http_url(self.arxiv, "arXiv", "--api-url", ARXIV_ENV))
        object.__setattr__(self, "crossref", _http_url(self.crossref, "Crossref", "--crossref-url", CROSSREF_ENV)
                           .rstrip("/"))

    @classmethod
    def resolve(cls, arxiv: str | None = None, crossref: str | None = None) -> Sources:
        """The URLs given, else those of the environment variables, else arXiv's and Crossref's own."""
        return cls(arxiv or os.environ.get(ARXIV_ENV) or ARXIV_API,
                   crossref or os.environ.get(CROSSREF_ENV) or CROSSREF_API)


def _http_url(url: str, service: str, option: str, variable: str) -> str:
    url = url.strip()
    if not _HTTP_URL.match(url):
        raise UsageError(f"the {service} API URL '{url}' is not an http(s) URL (check {option} or ${variable})")
    return url
