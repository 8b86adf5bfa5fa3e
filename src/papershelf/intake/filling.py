"""Filling a paper file's missing fields from another source, without touching what is there.

Used when an import meets a paper the collection already holds (the entry
enriches it instead of vanishing) and by `papershelf enrich`. A field the
file has is kept; a missing one is added at the end of the front matter, and
a missing abstract is put where it belongs, so the rest of the file (its
layout, comments, notes) stays byte for byte. With `overwrite`, the given
values replace the file's and the front matter is written in canonical order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.load import split_body, split_front_matter, split_maintainer_notes
from ..model.problems import PapershelfError
from ..model.writer import FIELD_ORDER, MAINTAINER_HEADING, render_paper_file, yaml_text
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


def fill_paper_text(text: str, shown: str, meta: dict, abstract: str = "", overwrite: bool = False) -> Filled:
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
    own_abstract, notes = split_body(body)
    own_abstract, maintainers = split_maintainer_notes(own_abstract)  # theirs, kept whatever is filled
    names = OVERWRITABLE if overwrite else FILLABLE
    new = {name: meta[name] for name in names if meta.get(name) not in (None, "", [], {})
           and (overwrite or current.get(name) in (None, "", [], {})) and current.get(name) != meta[name]}
    new_abstract = abstract.strip() if abstract.strip() and (overwrite or not own_abstract) \
        and abstract.strip() != own_abstract else ""
    nested = {} if overwrite else {name: addition for name, addition in _nested_additions(current, meta).items()
                                   if re.search(rf"^{name}\s*:\s*$", front, re.MULTILINE)}  # block style only
    filled = [name for name in FIELD_ORDER if name in new] + [
        f"{name}.{key}" for name, (_, added) in nested.items() for key in added] + (["abstract"] if new_abstract else [])
    if not filled:
        return Filled(text, [])
    if overwrite:
        merged = {**current, **new}
        kept = f"\n\n{MAINTAINER_HEADING}\n\n{maintainers}" if maintainers else ""
        return Filled(render_paper_file(merged, (new_abstract or own_abstract) + kept, notes), filled)
    for name, (merged, _) in nested.items():
        text = _replace_block(text, name, merged)
    return Filled(_append_fields(text, new, new_abstract), filled)


def _nested_additions(current: dict, meta: dict) -> dict[str, tuple[dict, list[str]]]:
    """For mappings the file has (citation, links): the mapping with the keys it lacks added, and those keys."""
    found = {}
    for name in NESTED:
        own, offered = current.get(name), meta.get(name)
        if isinstance(own, dict) and own and isinstance(offered, dict):
            added = [key for key, value in offered.items() if key not in own and value not in (None, "")]
            if added:
                found[name] = ({**own, **{key: offered[key] for key in added}}, added)
    return found


def _replace_block(text: str, name: str, value: dict) -> str:
    """`text` with the top-level `name:` block of its front matter written anew as `value`."""
    lines = text.split("\n")
    start = next(index for index, line in enumerate(lines) if re.match(rf"^{name}\s*:\s*$", line))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1
    block = yaml_text({name: value})
    return "\n".join(lines[:start] + block.rstrip("\n").split("\n") + lines[end:])


def _append_fields(text: str, new: dict, abstract: str) -> str:
    lines = text.split("\n")
    # the line that closes the front matter: the first '---' after the opening one (YAML cannot hold one)
    closing = next(index for index, line in enumerate(lines) if index and re.match(r"^-{3,}\s*$", line))
    added = yaml_text(new) if new else ""
    head = lines[:closing] + added.rstrip("\n").split("\n") * bool(added) + [lines[closing]]
    rest = "\n".join(lines[closing + 1:])
    if abstract:
        rest = f"\n{abstract}\n" + (f"\n{rest.lstrip(chr(10))}" if rest.strip() else "")
    return "\n".join(head) + "\n" + rest
