"""Filling a paper file's missing fields from another source, without touching what is there.

Used when an import meets a paper the collection already holds (the entry
enriches it instead of vanishing) and by `papershelf enrich`. A field the
file has is kept; a missing one is added where the canonical field order puts
it, and a missing abstract is put where it belongs; with `overwrite`, the given
values replace the file's. Either way only the lines of those fields change:
the rest of the file (its quoting, list style, comments, notes) stays byte for
byte (model/frontmatter_edit.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model.frontmatter_edit import CannotEdit, edit_front_matter
from ..model.load import public_parts, split_front_matter
from ..model.problems import PapershelfError
from ..model.writer import FIELD_ORDER
from ..model.yamlstrict import YamlProblem, load_strict

# Fields a source may fill; the identity of a paper (title, authors) is the curator's.
FILLABLE = ("arxiv", "doi", "venue", "tags", "links", "citation")
OVERWRITABLE = (*FILLABLE, "date")
NESTED = ("citation", "links")  # mappings whose missing keys are filled one by one


class CannotFill(PapershelfError):
    """The paper file cannot be read well enough to add fields to it."""


@dataclass
class Filled:
    text: str  # the file's new text (the old one when nothing was filled)
    fields: list[str]  # what was filled, in file order ("abstract" for the body)


def fill_paper_text(text: str, shown: str, meta: dict[str, Any], abstract: str = "", overwrite: bool = False) -> Filled:
    """`text` with the fields of `meta` (and `abstract`) it lacks; with `overwrite`, with theirs instead."""
    parts = split_front_matter(text, shown)
    if not isinstance(parts, tuple):
        raise CannotFill(parts.text())
    front, front_line, body, _ = parts
    try:
        current = load_strict(front, front_line).data
    except YamlProblem as error:
        raise CannotFill(f"{shown}:{error.line}: {error.message}") from None
    if not isinstance(current, dict):
        raise CannotFill(f"{shown}: front matter is not a mapping of fields")
    own_abstract = public_parts(body)[0]  # the maintainers' notes are theirs, kept where they are whatever is filled
    names = OVERWRITABLE if overwrite else FILLABLE
    new = {name: meta[name] for name in names if meta.get(name) not in (None, "", [], {})
           and (overwrite or current.get(name) in (None, "", [], {})) and current.get(name) != meta[name]}
    new_abstract = abstract.strip() if abstract.strip() and (overwrite or not own_abstract) \
        and abstract.strip() != own_abstract else ""
    nested = {} if overwrite else _nested_additions(current, meta)
    filled = [name for name in FIELD_ORDER if name in new] + [
        f"{name}.{key}" for name, (_, added) in nested.items() for key in added] + (["abstract"] if new_abstract else [])
    if not filled:
        return Filled(text, [])
    changes: dict[str, object] = dict(new)
    for name, (merged, added) in nested.items():
        changes.update({f"{name}.{key}": merged[key] for key in added})
    try:
        text = edit_front_matter(text, shown, changes)
    except CannotEdit as error:
        raise CannotFill(str(error)) from None
    return Filled(with_abstract(text, new_abstract, own_abstract), filled)


def _nested_additions(current: dict[str, Any], meta: dict[str, Any]) -> dict[str, tuple[dict[str, Any], list[str]]]:
    """For mappings the file has (citation, links): the mapping with the keys it lacks added, and those keys."""
    found = {}
    for name in NESTED:
        own, offered = current.get(name), meta.get(name)
        if isinstance(own, dict) and own and isinstance(offered, dict):
            added = [key for key, value in offered.items() if key not in own and value not in (None, "")]
            if added:
                found[name] = ({**own, **{key: offered[key] for key in added}}, added)
    return found


def with_abstract(text: str, abstract: str, own_abstract: str) -> str:
    """`text` with `abstract` in place of its own (or, when it has none, right after the front matter)."""
    if not abstract:
        return text
    lines = text.split("\n")
    # the line that closes the front matter: the first '---' after the opening one (YAML cannot hold one)
    closing = next(index for index, line in enumerate(lines) if index and re.match(r"^-{3,}\s*$", line))
    head, rest = "\n".join(lines[:closing + 1]), "\n".join(lines[closing + 1:])
    if own_abstract and own_abstract in rest:
        return head + "\n" + rest.replace(own_abstract, abstract, 1)
    return head + "\n" + f"\n{abstract}\n" + (f"\n{rest.lstrip(chr(10))}" if rest.strip() else "")
