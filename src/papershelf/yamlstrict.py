"""A strict YAML reader for front matter and the collection's YAML files.

Plain `yaml.safe_load` inherits YAML's pitfalls: duplicate keys silently keep
the last value, aliases can expand exponentially, `arxiv: 2401.10000` turns
into the float 2401.1 and `2024-02-30` raises deep inside the constructor.
This reader refuses anchors, aliases, explicit tags and duplicate keys, keeps
dates as the text that was written, and records the line of every value so
errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

try:  # the C loader is ~10x faster; fall back so a PyYAML without libyaml still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

Path = tuple  # a path into the document: ("authors", 2)

_TAG = "tag:yaml.org,2002:"
_SCALARS = SafeConstructor()


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, hint: str = "", field: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
        self.field = field


@dataclass
class YamlDocument:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    # (tag, source text) of each scalar, to explain what YAML made of it
    scalars: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def line_of(self, path: Path, default: int = 0) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def load_strict(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    offset = first_line
    try:
        _refuse_anchors_and_tags(text, offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        problem = (error.problem or error.context or "invalid YAML").strip()
        raise YamlProblem(line, f"YAML syntax error: {problem}", "check indentation, colons and quotes") from None
    except yaml.YAMLError as error:
        raise YamlProblem(offset, f"YAML syntax error: {error}") from None
    document = YamlDocument(data=None, lines={(): offset})
    if node is not None:
        document.data = _convert(node, (), document, offset)
    return document


def _refuse_anchors_and_tags(text: str, offset: int) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + offset
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full")
        if getattr(event, "anchor", None):
            raise YamlProblem(line, f"YAML anchor '&{event.anchor}' is not allowed", "write the value out in full")
        tag = getattr(event, "tag", None)
        if tag and isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if tag != "!":
                shown = tag.replace(_TAG, "!!")
                raise YamlProblem(line, f"YAML tag '{shown}' is not allowed", "remove the tag and write a plain value")


def _convert(node: yaml.Node, path: Path, document: YamlDocument, offset: int):
    document.lines[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, document, offset)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), document, offset) for index, item in enumerate(node.value)]
    return _convert_scalar(node, path, document)


def _convert_mapping(node: yaml.MappingNode, path: Path, document: YamlDocument, offset: int) -> dict:
    result: dict = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + offset
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(line, "a key must be a plain word, not a list or mapping")
        key = key_node.value
        if key == "<<":
            raise YamlProblem(line, "YAML merge keys ('<<') are not allowed", "write the values out in full")
        if key in result:
            first = document.lines[path + (key,)]
            raise YamlProblem(line, f"duplicate key '{key}' (first given on line {first})", "keep only one", field=key)
        result[key] = None
        document.lines[path + (key,)] = line
        result[key] = _convert(value_node, path + (key,), document, offset)
        document.lines[path + (key,)] = line
    return result


def _convert_scalar(node: yaml.ScalarNode, path: Path, document: YamlDocument):
    tag = node.tag.removeprefix(_TAG)
    document.scalars[path] = (tag, node.value)
    if tag == "int":
        return _SCALARS.construct_yaml_int(node)
    if tag == "float":
        return _SCALARS.construct_yaml_float(node)
    if tag == "bool":
        return _SCALARS.construct_yaml_bool(node)
    if tag == "null":
        return None
    # str, and timestamps kept as written: dates are checked by papershelf itself
    return node.value
