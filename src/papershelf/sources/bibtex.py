"""BibTeX: entries of a .bib file as `PaperDraft`s, with bibtexparser v2 and pylatexenc.

@string macros are resolved and LaTeX (accents, braces) decoded to Unicode;
"Last, First" names become "First Last". An entry that cannot be parsed, or
that lacks a title, authors or a year, is reported as skipped.
"""

from __future__ import annotations

import contextlib
import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text

from ..schema import ARXIV_PATTERN, DATE_PATTERN
from . import PaperDraft, Parsed, Skipped, SourceResult, checked, clean_abstract, collapse_spaces

_LATEX = LatexNodes2Text()
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Fields read here whose value, written without braces or quotes, must be a defined @string macro.
_TEXT_FIELDS = ("title", "author", "journal", "booktitle", "abstract", "doi", "eprint", "url", "year", "month", "date")


def parse_bibtex(text: str) -> SourceResult:
    library = _parse_library(text)
    blocks = sorted([*library.entries, *library.failed_blocks], key=lambda block: block.start_line or 0)
    result = SourceResult()
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Entry):
            result.items.append(entry_to_draft(block, number))
        else:
            result.items.append(_failed_block(block, number))
    return result


def _parse_library(text: str):
    stack = [
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
        middlewares.MonthIntMiddleware(),
        middlewares.LatexDecodingMiddleware(),
    ]
    # bibtexparser logs each syntax error itself; papershelf reports them as skipped entries instead.
    with _quiet("bibtexparser"):
        return bibtexparser.parse_string(text, append_middleware=stack)


@contextlib.contextmanager
def _quiet(logger_name: str):
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _failed_block(block, number: int) -> Skipped:
    line = (block.start_line or 0) + 1
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", block.raw or "")
    where = f"entry {number} (key {key.group(1)}), line {line}" if key else f"entry {number}, line {line}"
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error) or "syntax error"
    return Skipped(where, f"cannot be read as BibTeX: {collapse_spaces(reason)}")


def entry_to_draft(entry: Entry, number: int) -> Parsed:
    origin = f"entry {number} (key {entry.key}), line {(entry.start_line or 0) + 1}"
    fields = {field.key.lower(): field for field in entry.fields}
    unresolved = _unresolved_field(entry, fields)
    if unresolved:
        return Skipped(origin, unresolved)
    authors, others = _authors(fields.get("author"))
    meta = {
        "title": _text(fields, "title"),
        "authors": authors,
        "date": _date(fields),
        "arxiv": _arxiv_id(fields),
        "doi": _doi(fields),
        "venue": _text(fields, "journal") or _text(fields, "booktitle"),
        "links": _links(fields),
    }
    notes = "The BibTeX entry ends its author list with 'and others'." if others else ""
    draft = PaperDraft(meta, clean_abstract(_text(fields, "abstract") or ""), origin, notes)
    return checked(draft, {"date": "year"})


def _unresolved_field(entry: Entry, fields: dict) -> str:
    """Why a field could not be resolved (undefined macro, '#' concatenation), or ''."""
    enclosings = entry.parser_metadata.get("removed_enclosing", {})
    resolved = set(entry.parser_metadata.get("ResolveStringReferences", []))
    for name in _TEXT_FIELDS:
        field = fields.get(name)
        if field is None or field.key in resolved or enclosings.get(field.key) != "no-enclosing":
            continue
        value = field.value
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            continue
        if name == "month" and str(value).strip().lower()[:3] in _MONTHS:
            continue
        shown = value if isinstance(value, str) else field.key
        return (f"field '{field.key}' = {shown} uses an undefined @string macro or '#' concatenation, "
                "which papershelf cannot resolve; write the value in braces")
    return ""


def _text(fields: dict, name: str) -> str | None:
    field = fields.get(name)
    if field is None or not isinstance(field.value, (str, int)):
        return None
    return collapse_spaces(str(field.value)) or None


def _authors(field) -> tuple[list[str], bool]:
    """Full names, "First von Last, Jr"; and whether the list ended with 'and others'."""
    if field is None or not isinstance(field.value, list):
        return [], False
    names, others = [], False
    for parts in field.value:
        name = _full_name(parts) if isinstance(parts, NameParts) else collapse_spaces(_LATEX.latex_to_text(str(parts)))
        if name.lower() == "others":
            others = True
        elif name:
            names.append(name)
    return names, others


def _full_name(parts: NameParts) -> str:
    def decoded(words: list[str]) -> str:
        return collapse_spaces(" ".join(_LATEX.latex_to_text(word) for word in words))

    name = " ".join(part for part in (decoded(parts.first), decoded(parts.von), decoded(parts.last)) if part)
    return f"{name}, {decoded(parts.jr)}" if parts.jr else name


def _date(fields: dict) -> str | None:
    """`date` (biblatex) if it is YYYY[-MM[-DD]]; else year, with month when known; year-only stays year-only."""
    date = _text(fields, "date")
    if date and re.fullmatch(DATE_PATTERN, date):
        return date
    year = _text(fields, "year")
    if not year or not re.fullmatch(r"\d{4}", year):
        return None
    month = fields.get("month")
    number = month.value if month is not None else None
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    return f"{year}-{number:02d}" if isinstance(number, int) and 1 <= number <= 12 else year


def _arxiv_id(fields: dict) -> str | None:
    eprint = _text(fields, "eprint")
    if not eprint:
        return None
    prefix = (_text(fields, "archiveprefix") or _text(fields, "eprinttype") or "").lower()
    value = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
    if prefix not in ("", "arxiv") or not re.fullmatch(ARXIV_PATTERN, value):
        return None
    return re.sub(r"v\d+$", "", value)


def _doi(fields: dict) -> str | None:
    doi = _text(fields, "doi")
    return _DOI_PREFIX.sub("", doi) if doi else None


def _links(fields: dict) -> dict:
    url = _text(fields, "url")
    # doi.org and arxiv.org/abs links repeat the doi and arxiv fields, which pages already link
    if not url or not re.match(r"^https?://", url) or re.search(r"//(dx\.)?doi\.org/|arxiv\.org/abs/", url):
        return {}
    return {"pdf" if url.lower().endswith(".pdf") else "paper": url}
