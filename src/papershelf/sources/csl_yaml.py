"""CSL YAML (pandoc's bibliography format, and Zotero Better BibTeX's "Better CSL YAML") as `PaperDraft`s: the
items of CSL-JSON written in YAML, each read by `csl.item_to_draft`.

A file of `references:`, or a Markdown file whose front matter holds them (pandoc's inline bibliography).
Dates come three ways, each made CSL-JSON's `{"date-parts": [[2022, 9, 12]]}`: that shape itself, Better
BibTeX's list `- year: 2022` / `month: 9` / `day: 12`, and pandoc's text `2022-09-12`. The YAML is read
strictly (`model.yamlstrict`): no anchors, aliases or tags, nesting bounded, duplicate keys refused.
"""

from __future__ import annotations

import re

from ..model.problems import UsageError
from ..model.yamlstrict import YamlProblem, load_strict
from . import TEXT_DATE, Skipped, SourceResult
from .csl import item_to_draft

DATE_FIELDS = ("issued", "accessed", "original-date", "event-date", "submitted")
_REFERENCES = re.compile(r"^references:[ \t]*$", re.MULTILINE)
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def references_block(text: str) -> tuple[str, int] | None:
    """(the YAML that holds `references:`, the file line it starts at), or None: the whole file, or the front
    matter of a Markdown file."""
    if text.startswith("---"):
        body_start = text.find("\n") + 1
        end = _FRONT_MATTER_END.search(text, body_start)
        block = text[body_start:end.start() if end else len(text)]
        return (block, 2) if _REFERENCES.search(block) else None
    return (text, 1) if text.startswith("references:") else None


def looks_like_csl_yaml(text: str) -> bool:
    return references_block(text) is not None


def parse_csl_yaml(text: str) -> SourceResult:
    found = references_block(text)
    if found is None:
        raise UsageError("no `references:` list: CSL YAML holds its items under `references:`")
    block, first_line = found
    try:
        document = load_strict(block, first_line)
    except YamlProblem as problem:
        raise UsageError(f"not valid CSL YAML: line {problem.line}: {problem.message}") from None
    data = document.data
    items = data.get("references") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise UsageError("`references:` is not a list of items (- id: …, title: …, author: …, issued: …)")
    result = SourceResult()
    for number, item in enumerate(items, start=1):
        origin = f"item {number}, line {document.line_of(('references', number - 1))}"
        if isinstance(item, dict):
            result.items.append(item_to_draft(with_csl_json_dates(item), origin))
        else:
            result.items.append(Skipped(origin, "is not a mapping with title, author and issued"))
    return result


def with_csl_json_dates(item: dict[str, object]) -> dict[str, object]:
    """The item with each date as CSL-JSON writes it."""
    return {name: csl_json_date(value) if name in DATE_FIELDS else value for name, value in item.items()}


def csl_json_date(value: object) -> object:
    if isinstance(value, list) and value and isinstance(value[0], dict):  # Better BibTeX: [{year, month, day}]
        first = value[0]
        return {"date-parts": [[first[part] for part in ("year", "month", "day") if part in first]]}
    if isinstance(value, str | int):  # pandoc: EDTF text, "2022-09-12", "2022"
        found = TEXT_DATE.match(str(value).strip())
        return {"date-parts": [[part for part in found.groups() if part]]} if found else value
    return value  # {"date-parts": …} already, or something csl_date says nothing of
