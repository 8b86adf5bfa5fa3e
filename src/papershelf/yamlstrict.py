"""A strict YAML reader for front matter and the collection's YAML files.

Plain `yaml.safe_load` inherits YAML's pitfalls: duplicate keys silently keep
the last value, aliases can expand exponentially, `arxiv: 2401.10000` turns
into the float 2401.1 and `2024-02-30` raises deep inside the constructor.
This reader refuses anchors, aliases, explicit tags and duplicate keys, keeps
dates as the text that was written, and records the line of every value so
errors can point at it.
"""

from __future__ import annotations

import re
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
        field_name = _key_near(text, mark.line) if mark else ""
        raise YamlProblem(line, f"YAML syntax error: {problem}", "check indentation, colons and quotes",
                          field=field_name) from None
    except yaml.YAMLError as error:
        raise YamlProblem(offset, f"YAML syntax error: {error}") from None
    document = YamlDocument(data=None, lines={(): offset})
    if node is not None:
        document.data = _convert(node, (), document, offset)
    return document


def _refuse_anchors_and_tags(text: str, offset: int) -> None:
    if not any(mark in text for mark in "&*!"):
        return  # no anchor, alias or tag can be written without one of these: skip the second parse
    for event, path in _with_paths(yaml.parse(text, Loader=_Loader)):
        line = event.start_mark.line + offset
        field_name = ".".join(str(part) for part in path)
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full",
                              field=field_name)
        if getattr(event, "anchor", None):
            raise YamlProblem(line, f"YAML anchor '&{event.anchor}' is not allowed", "write the value out in full",
                              field=field_name)
        tag = getattr(event, "tag", None)
        if tag and isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if tag != "!":
                shown = tag.replace(_TAG, "!!")
                raise YamlProblem(line, f"YAML tag '{shown}' is not allowed", "remove the tag and write a plain value",
                                  field=field_name)


def _with_paths(events):
    """Each parse event with the path of the node it belongs to, so a refusal can name the field."""
    frames: list[list] = []  # per open collection: [position, is_mapping, expecting_key]
    for event in events:
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frames.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            yield event, ()
            continue
        if frames and frames[-1][1]:
            frame = frames[-1]
            if frame[2] and isinstance(event, yaml.ScalarEvent):
                frame[0] = event.value
            frame[2] = not frame[2]
        elif frames:
            frames[-1][0] += 1
        yield event, tuple(frame[0] for frame in frames)
        if isinstance(event, yaml.MappingStartEvent):
            frames.append(["", True, True])
        elif isinstance(event, yaml.SequenceStartEvent):
            frames.append([-1, False, False])


_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:(\s|$)")


def _key_near(text: str, index: int) -> str:
    """The key written on line `index` of `text`, or else the top-level key above it."""
    lines = text.split("\n")
    for number in range(min(index, len(lines) - 1), -1, -1):
        match = _KEY_LINE.match(lines[number])
        if match and (number == index or not match.group(1)):
            return match.group(2)
    return ""


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
            raise YamlProblem(line, "YAML merge keys ('<<') are not allowed", "write the values out in full", field="<<")
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
