"""Hugging Face Daily Papers: the listing copied from the web page as text, or the API's JSON.

The copied listing shows each paper as a title line, an abstract paragraph,
"  • N authors", "·" and a date such as "May 25, 2023" (followed by the upvote
count when there are upvotes). It names no authors: drafts from it have
`authors: []` and `author_count: N`, never invented names.

The JSON is what https://huggingface.co/api/daily_papers answers: a list of
objects, each with a `paper` object (`id` = arXiv id, `title`, `summary`,
`authors` [{`name`}], `publishedAt`, `upvotes`, and where present
`githubRepo` and `projectPage`).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ..model.problems import UsageError
from ..model.schema import ARXIV_PATTERN, HTTP_URL_PATTERN
from . import PaperDraft, Parsed, Skipped, SourceResult, checked, clean_abstract, collapse_spaces

_AUTHOR_COUNT = re.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
_LISTING_DATE = re.compile(r"^([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$")
MAX_DIGITS = 6
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def looks_like_listing(text: str) -> bool:
    return any(_AUTHOR_COUNT.match(line) for line in text.splitlines())


def parse_listing(text: str) -> SourceResult:
    """Papers of a Daily Papers page copied as text; the page's header lines are ignored."""
    lines = text.splitlines()
    result = SourceResult()
    chunk_start = 0
    for index, line in enumerate(lines):
        match = _AUTHOR_COUNT.match(line)
        if not match:
            continue
        date_index = _next_nonblank(lines, _next_nonblank(lines, index + 1) + 1)
        if len(match.group(1)) > MAX_DIGITS:  # int() refuses 4,300 digits and more; no paper has a million authors
            result.items.append(Skipped(f"line {index + 1}", f"'• N authors' has a {len(match.group(1)):,}-digit "
                                        "number; a paper's author count has at most 6 digits"))
        else:
            result.items.append(_listing_item(lines, chunk_start, index, int(match.group(1)), date_index,
                                              first=not result.items))
        chunk_start = date_index + 1
    return result


def _next_nonblank(lines: list[str], start: int) -> int:
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _listing_item(lines: list[str], start: int, authors_index: int, author_count: int, date_index: int,
                  first: bool) -> Parsed:
    """One paper: title and abstract before the authors line, '·' then the date after it."""
    numbered = [(number, lines[number].strip()) for number in range(start, authors_index) if lines[number].strip()]
    if len(numbered) < 2:
        line = (numbered[0][0] if numbered else authors_index) + 1
        return Skipped(f"line {line}", "expected a title line and an abstract paragraph before "
                                       f"'{lines[authors_index].strip()}' (line {authors_index + 1})")
    # Before the first paper the copied page has its own header ("Daily Papers", a date): skip it.
    title_at = len(numbered) - 2 if first else 0
    title_line, title = numbered[title_at]
    origin = f"line {title_line + 1}"
    separator = lines[_next_nonblank(lines, authors_index + 1)].strip() if authors_index + 1 < len(lines) else ""
    date_text = lines[date_index].strip() if date_index < len(lines) else ""
    if separator != "·":
        authors_line = lines[authors_index].strip()
        return Skipped(origin, f"expected a line '·' after line {authors_index + 1} ('{authors_line}')")
    date, upvotes, problem = _listing_date(date_text)
    if problem:
        return Skipped(origin, f"line {date_index + 1}: {problem}")
    meta = {
        "title": collapse_spaces(title),
        "authors": [],
        "author_count": author_count,
        "date": date,
        "upvotes": upvotes,
    }
    abstract = "\n\n".join(text for _, text in numbered[title_at + 1:])
    return checked(PaperDraft(meta, clean_abstract(abstract), origin))


def _listing_date(text: str) -> tuple[str | None, int | None, str]:
    """('YYYY-MM-DD', upvotes or None, '') from "May 25, 2023 2", or (None, None, why not)."""
    match = _LISTING_DATE.match(text)
    if not match or match.group(1) not in _MONTHS:
        return None, None, f"'{text}' is not a date like 'May 25, 2023'"
    month_name, day, year, upvotes = match.groups()
    if upvotes and len(upvotes) > 9:
        return None, None, f"the upvote count after '{month_name} {day}, {year}' has {len(upvotes):,} digits; at most 9"
    if year is None:
        return None, None, f"the date '{text}' has no year; add it, as in '{month_name} {day}, 2025'"
    try:
        date = dt.date(int(year), _MONTHS.index(month_name) + 1, int(day))
    except ValueError:
        return None, None, f"'{text}' is not a real date"
    return date.isoformat(), int(upvotes) if upvotes else None, ""


def parse_api_json(text: str) -> SourceResult:
    """Papers of the daily papers API's JSON: a list of {"paper": {...}} (a bare paper object also works)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") from None
    except ValueError:  # a number of 4,300 digits or more: Python's int() refuses it
        raise UsageError("the JSON holds a number of more than 4,300 digits; no field of a paper needs one") from None
    return parse_api_data(data)


def parse_api_data(data) -> SourceResult:
    """`parse_api_json` of JSON already parsed (import detection parses a file once)."""
    items = data if isinstance(data, list) else [data]
    result = SourceResult()
    for number, item in enumerate(items, start=1):
        result.items.append(_api_item(item, number))
    return result


def _api_item(item, number: int) -> Parsed:
    paper = item.get("paper", item) if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        return Skipped(f"item {number}", "is not an object with a 'paper' object")
    arxiv_id = paper.get("id") if isinstance(paper.get("id"), str) else None
    origin = f"item {number} (id {arxiv_id})" if arxiv_id else f"item {number}"
    meta = {
        "title": collapse_spaces(_string(paper.get("title")) or _string(item.get("title"))),
        "authors": [collapse_spaces(a["name"]) for a in _list(paper.get("authors"))
                    if isinstance(a, dict) and _string(a.get("name")).strip()],
        "date": _api_date(paper.get("publishedAt")),
        "arxiv": arxiv_id if arxiv_id and re.fullmatch(ARXIV_PATTERN, arxiv_id) else None,
        "upvotes": _count(paper.get("upvotes", item.get("upvotes"))),
        "links": _api_links(paper, arxiv_id),
    }
    abstract = _string(paper.get("summary")) or _string(item.get("summary"))
    return checked(PaperDraft(meta, clean_abstract(abstract), origin))


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _api_date(value) -> str | None:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})T", _string(value))
    return match.group(1) if match else None


def _api_links(paper: dict, arxiv_id: str | None) -> dict:
    links = {}
    for key, name in (("githubRepo", "code"), ("projectPage", "project")):
        url = _string(paper.get(key)).strip()
        if re.fullmatch(HTTP_URL_PATTERN, url):
            links[name] = url
    if arxiv_id and re.fullmatch(ARXIV_PATTERN, arxiv_id):
        links["huggingface"] = f"https://huggingface.co/papers/{arxiv_id}"
    return links
