"""Where papershelf asks for metadata: one `Sources` value names the arXiv API, the Crossref REST API and
Hugging Face's Daily Papers API.

Each is configurable (the commands' `--api-url`, `--crossref-url` and `--hf-url`, or the environment
variables PAPERSHELF_ARXIV_API, PAPERSHELF_CROSSREF_API and PAPERSHELF_HF_API) so that tests and mirrors
can stand in for the services.
Every function that reads from the network takes a `Sources` (None: `Sources.resolve()`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..model.problems import UsageError

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org"
HF_API = "https://huggingface.co/api/daily_papers"
ARXIV_ENV = "PAPERSHELF_ARXIV_API"
CROSSREF_ENV = "PAPERSHELF_CROSSREF_API"
HF_ENV = "PAPERSHELF_HF_API"
_HTTP_URL = re.compile(r"^https?://[^\s/]+")


@dataclass(frozen=True)
class Sources:
    """The arXiv API's URL, the Crossref REST API's base URL and the Daily Papers API's URL (checked to be
    http(s) URLs)."""

    arxiv: str = ARXIV_API
    crossref: str = CROSSREF_API
    hf: str = HF_API

    def __post_init__(self) -> None:
        object.__setattr__(self, "arxiv", _http_url(self.arxiv, "arXiv", "--api-url", ARXIV_ENV))
        object.__setattr__(self, "crossref", _http_url(self.crossref, "Crossref", "--crossref-url", CROSSREF_ENV)
                           .rstrip("/"))
        object.__setattr__(self, "hf", _http_url(self.hf, "Hugging Face", "--hf-url", HF_ENV))

    @classmethod
    def resolve(cls, arxiv: str | None = None, crossref: str | None = None, hf: str | None = None) -> Sources:
        """The URLs given, else those of the environment variables, else the services' own."""
        return cls(arxiv or os.environ.get(ARXIV_ENV) or ARXIV_API,
                   crossref or os.environ.get(CROSSREF_ENV) or CROSSREF_API,
                   hf or os.environ.get(HF_ENV) or HF_API)


def _http_url(url: str, service: str, option: str, variable: str) -> str:
    url = url.strip()
    if not _HTTP_URL.match(url):
        raise UsageError(f"the {service} API URL '{url}' is not an http(s) URL (check {option} or ${variable})")
    return url
