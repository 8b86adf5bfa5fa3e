"""papershelf's own `papers.json` (exports/json_export.py) as `PaperDraft`s: a collection's export imported into
another collection (or into a new one, moving house) comes back as it was: title, authors (and how many are not
named), date, ids, venue, tags, links, upvotes, the abstract and the curator's notes as their Markdown source.

Each paper's topics are the ids the export names, and their titles from its `topics` list: matched against this
collection's topics.yml as keywords are, and with `import --add-topics` the export's topics that this collection
lacks are added by their titles.
"""

from __future__ import annotations

from typing import Any

from . import PaperDraft, Parsed, Skipped, SourceResult, checked
from .identifiers import is_http_url
from .scholarly_json import as_dict, as_list

PAPERS_JSON = "papers-json"
MAX_TEXT = 100_000  # an abstract or notes longer than this is not a paper's (validation would refuse it anyway)


def looks_like_papers_json(data: object) -> bool:
    """papers.json's shape: a version, the topics, the papers."""
    return (isinstance(data, dict) and isinstance(data.get("version"), int) and isinstance(data.get("papers"), list)
            and isinstance(data.get("topics"), list))


def parse_papers_json(data: object) -> SourceResult:
    """The papers of parsed papers.json (looks_like_papers_json)."""
    export = as_dict(data)
    titles = {str(topic.get("id")): _text(topic.get("title")) for topic in as_list(export.get("topics"))
              if isinstance(topic, dict)}
    result = SourceResult()
    for number, paper in enumerate(as_list(export.get("papers")), start=1):
        origin = f"paper {number}"
        if not isinstance(paper, dict):
            result.items.append(Skipped(origin, "is not a JSON object of papers.json's fields"))
            continue
        result.items.append(paper_draft(paper, f"{origin} ({_text(paper.get('slug'))[:100]})", titles))
    return result


def paper_draft(paper: dict[str, Any], origin: str, titles: dict[str, str]) -> Parsed:
    authors = [name for name in map(_text, as_list(paper.get("authors"))) if name]
    count = paper.get("author_count")
    more = paper.get("more_authors") is True
    topics = [topic for topic in map(_text, as_list(paper.get("topics"))) if topic]
    meta = {
        "title": _text(paper.get("title")) or None,
        "authors": authors,
        "organizations": [name for name in map(_text, as_list(paper.get("organizations"))) if name],
        "author_count": count if isinstance(count, int) and not more and count > len(authors) else None,
        "more_authors": True if more else None,
        "date": _text(paper.get("date")) or None,
        "arxiv": _text(paper.get("arxiv")) or None,
        "doi": _text(paper.get("doi")) or None,
        "venue": _text(paper.get("venue")) or None,
        "tags": [tag for tag in map(_text, as_list(paper.get("tags"))) if tag],
        "links": {_text(name): _text(url) for name, url in as_dict(paper.get("links")).items()
                  if is_http_url(_text(url))},
        "upvotes": upvotes if isinstance(upvotes := paper.get("upvotes"), int) and upvotes >= 0 else None,
        "citation": {_text(name): _text(value) for name, value in as_dict(paper.get("citation")).items()
                     if _text(name) and _text(value)} or None,
    }
    keywords = [*topics, *(titles[topic] for topic in topics if titles.get(topic))]
    draft = PaperDraft(meta, _source(paper.get("abstract")), origin, notes=_source(paper.get("notes")),
                       keywords=keywords, groups=[(titles.get(topic) or topic,) for topic in topics])
    return checked(draft)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) and not isinstance(
        value, bool) else ""


def _source(value: object) -> str:
    """An abstract's or notes' Markdown source, as the export wrote it."""
    return value.strip() if isinstance(value, str) and len(value) <= MAX_TEXT else ""
