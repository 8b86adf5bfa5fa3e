"""Changing some fields of a hand-written paper file and nothing else.

`update`, `enrich` and an import's fill set a few fields of a file a person
wrote. ruamel.yaml's round trip keeps everything else as it was: comments,
quoting, flow or block lists, key order and the list indentation (read from
the file), so the diff shows only the lines of the fields that changed. A new
field goes where the canonical order puts it (after the last field before it).
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from .problems import PapershelfError
from .writer import FIELD_ORDER

FRONT = re.compile(r"\A(?P<open>---[ \t]*\r?\n)(?P<front>.*?)(?P<close>^---[ \t]*\r?$)", re.DOTALL | re.MULTILINE)
SEQUENCE_ITEM = re.compile(r"^(?P<indent> *)- ", re.MULTILINE)
NESTED_KEY = re.compile(r"^[A-Za-z_][\w-]*[ \t]*:[ \t]*(?:#.*)?\r?\n(?P<indent> +)[^\s#-]", re.MULTILINE)


class CannotEdit(PapershelfError):
    """The front matter cannot be read well enough to change fields in place."""


def round_trip(front: str) -> YAML:
    """A round-trip YAML that writes lists and mappings indented as `front` indents them."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title
    item = SEQUENCE_ITEM.search(front)
    offset = len(item["indent"]) if item else 0
    nested = NESTED_KEY.search(front)
    mapping = len(nested["indent"]) if nested else 2
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def edit_front_matter(text: str, shown: str, changes: dict[str, object]) -> str:
    """`text` with each field of `changes` set: "doi" for a top-level field, "links.pdf" for a key of a mapping
    (made if missing). Every other line of the file stays as it was."""
    if not changes:
        return text
    match = FRONT.match(text)
    if match is None:
        raise CannotEdit(f"{shown}: no front matter between '---' lines")
    yaml = round_trip(match["front"])
    try:
        data = yaml.load(match["front"])
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""
        raise CannotEdit(f"{shown}{line}: the front matter is not valid YAML") from None
    if not isinstance(data, CommentedMap):
        raise CannotEdit(f"{shown}: the front matter is not a mapping of fields")
    for name, value in changes.items():
        field, _, key = name.partition(".")
        if not key:
            set_field(data, field, value)
            continue
        mapping = data.get(field)
        if not isinstance(mapping, dict):
            set_field(data, field, CommentedMap())
            mapping = data[field]
        mapping[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return text[:match.start("front")] + out.getvalue() + text[match.end("front"):]


def set_field(data: CommentedMap, field: str, value: object) -> None:
    """Set a top-level field in place, or insert a new one after the last field that comes before it."""
    if field in data:
        data[field] = value
        return
    rank = FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)
    keys = list(data)
    before = [index for index, key in enumerate(keys) if key in FIELD_ORDER and FIELD_ORDER.index(key) < rank]
    data.insert(before[-1] + 1 if before else len(keys), field, value)
