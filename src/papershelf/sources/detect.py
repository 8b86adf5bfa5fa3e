"""Which source an import file is: BibTeX, Hugging Face API JSON, or a copied Daily Papers listing."""

from __future__ import annotations

import re

from ..problems import UsageError
from . import SourceResult
from .bibtex import parse_bibtex
from .hf import looks_like_listing, parse_api_json, parse_listing

BIBTEX = "bibtex"
HF_JSON = "hf-json"
HF_LISTING = "hf-listing"
FORMAT_NAMES = {
    BIBTEX: "BibTeX",
    HF_JSON: "Hugging Face daily papers JSON",
    HF_LISTING: "Hugging Face Daily Papers listing (copied text)",
}
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def detect_format(text: str, name: str = "the file") -> str:
    """BIBTEX, HF_JSON or HF_LISTING; a UsageError naming what was expected otherwise."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{")):
        return HF_JSON
    if _BIBTEX_ENTRY.search(text):
        return BIBTEX
    if looks_like_listing(text):
        return HF_LISTING
    raise UsageError(
        f"cannot tell what {name} holds: expected BibTeX entries (@article{{key, …}}), the JSON of "
        "https://huggingface.co/api/daily_papers, or a Hugging Face Daily Papers page copied as text "
        "(title, abstract, '• N authors', '·', date)"
    )


def parse_import(text: str, name: str = "the file") -> tuple[str, SourceResult]:
    """(format, what its parser read) for the text of an import file."""
    kind = detect_format(text, name)
    parser = {BIBTEX: parse_bibtex, HF_JSON: parse_api_json, HF_LISTING: parse_listing}[kind]
    return kind, parser(text.lstrip("\ufeff"))
