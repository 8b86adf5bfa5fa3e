"""A strict YAML reader for front matter and the collection's YAML files.

Plain `yaml.safe_load` inherits YAML's pitfalls: duplicate keys silently keep
the last value, aliases can expand exponentially, `arxiv: 2401.10000` turns
into the float 2401.1 and `2024-02-30` raises deep inside the constructor.
This reader refuses anchors, aliases, explicit tags, duplicate keys and deep
nesting (PyYAML's composer recurses: 25,000 nested lists crash it), keeps
dates as the text that was written, and records the line of every value so
errors can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:  # the C loader is ~10x faster; fall back so a PyYAML without libyaml still works
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

Path = tuple[str | int, ...]  # a path into the document: ("authors", 2)

_TAG = "tag:yaml.org,2002:"
MAX_NUMBER_LENGTH = 24  # characters of a plain number: room for 19 digits, a sign and separators
MAX_DEPTH = 16  # front matter needs 2; the bound keeps hostile nesting from exhausting the stack
TOO_DEEP, FLATTEN = f"lists or mappings are nested over {MAX_DEPTH} deep", "flatten the value"
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
    # (tag, source text) of each scalar YAML does not read as text, to explain what it made of it
    scalars: dict[Path, tuple[str, str]] = field(default_factory=dict)

    def line_of(self, path: Path, default: int = 0) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def load_strict(text: str, first_line: int = 1, value_comments: bool = False) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line where `text` starts.

    With `value_comments`, a comment after an unquoted text value on its line is an error: in
    hand-written front matter, `title: Why #1 Ranked Models Fail` is a title cut at the '#'.
    """
    offset = first_line
    document = YamlDocument(data=None, lines={(): offset})
    try:
        parser = _Loader(text)
        try:
            builder = _Builder(parser.get_event, document, offset)
            builder.source_lines = text.split("\n") if value_comments and "#" in text else None
            document.data = builder.document_value()
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        problem = (error.problem or error.context or "invalid YAML").strip()
        field_name = _key_near(text, mark.line) if mark else ""
        if "nesting depth" in problem:  # libyaml >= 0.2.6 (PyYAML 6.0.4) bounds nesting itself, far deeper
            raise YamlProblem(line, TOO_DEEP, FLATTEN, field=field_name) from None
        raise YamlProblem(line, f"YAML syntax error: {problem}", "check indentation, colons and quotes",
                          field=field_name) from None
    except yaml.YAMLError as error:
        raise YamlProblem(offset, f"YAML syntax error: {error}") from None
    return document


# A '#' that reads as the value going on: one space before it ("Why #1 Ranked"), or a word right after it
# ("Fixes  #42"). A comment set off by two spaces and a space ("- physics   # for now") is left alone.
_COMMENT_AFTER = re.compile(r"[ \t]#|[ \t]+#[^\s#]")
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Builder:
    """The document's value, from PyYAML's parse events (its C parser), in one pass.

    Building from events rather than composed nodes lets anchors, aliases, tags,
    merge keys and duplicate keys be refused as they come, with their line and
    field, and skips the resolver call PyYAML makes for every node. This runs
    for every paper file: plain text values take a short path.
    """

    def __init__(self, next_event: Callable[[], Any], document: YamlDocument, offset: int) -> None:
        self.next_event = next_event
        self.document = document
        self.lines = document.lines
        self.offset = offset
        self.source_lines: list[str] | None = None  # the text's lines, when comments after values are refused

    def document_value(self) -> object:
        root, documents = None, 0
        while True:
            event = self.next_event()
            kind = event.__class__
            if kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(event.start_mark.line + self.offset,
                                      "YAML syntax error: a second document starts here", "remove the extra '---' line")
            elif kind is not yaml.StreamStartEvent and kind is not yaml.DocumentEndEvent:
                self.lines[()] = event.start_mark.line + self.offset
                root = self.value(event, ())

    def value(self, event: Any, path: Path) -> object:
        kind = event.__class__
        if kind is _AliasEvent or event.anchor or (event.tag and event.tag != "!"):
            _refuse(event, path, event.start_mark.line + self.offset)
        if kind is _ScalarEvent:
            return self.scalar(event, path)
        if len(path) >= MAX_DEPTH:
            raise YamlProblem(event.start_mark.line + self.offset, TOO_DEEP, FLATTEN,
                              field=".".join(str(part) for part in path[:1]))
        if kind is _MappingStart:
            return self.mapping(path)
        return self.sequence(path)

    def scalar(self, event: Any, path: Path) -> object:
        text = event.value
        if self.source_lines is not None and not event.style and path and \
                (text[:1] not in _IMPLICIT or _implicit_tag(text) == "str"):
            self.refuse_comment_after(event, path)
        if not event.implicit[0] or text[:1] not in _IMPLICIT:
            return text  # quoted, or plain with a first character no other type starts with
        tag = _implicit_tag(text)
        if tag != "str":
            self.document.scalars[path] = (tag, text)
        if tag in ("int", "float") and len(text) > MAX_NUMBER_LENGTH:
            # YAML reads hex, binary, base 60 and decimals of any length; Python refuses to print
            # an int of over 4,300 digits, so one would pass a check and break an export
            shown = text if len(text) <= 30 else f"{text[:12]}…{text[-6:]}"
            raise YamlProblem(event.start_mark.line + self.offset,
                              f"the number {shown} is {len(text):,} characters long; at most {MAX_NUMBER_LENGTH} are allowed",
                              "write a plain decimal number", field=".".join(str(part) for part in path))
        if tag in ("int", "float", "bool"):
            return getattr(_SCALARS, f"construct_yaml_{tag}")(yaml.ScalarNode(_TAG + tag, text))
        # null is None; str, and timestamps kept as written: dates are checked by papershelf itself
        return None if tag == "null" else text

    def refuse_comment_after(self, event: yaml.ScalarEvent, path: Path) -> None:
        """A '#' after a space, on the line where an unquoted text value ends, starts a comment: the
        value YAML reads stops there, and the rest of the line is silently lost. Refused where the '#'
        reads as part of the value (see _COMMENT_AFTER); a comment set off as one is allowed."""
        end, lines = event.end_mark, self.source_lines
        if end is None or lines is None:
            return
        rest = lines[end.line][end.column:] if end.line < len(lines) else ""
        if not _COMMENT_AFTER.match(rest):
            return
        field_name = ".".join(str(part) for part in path)
        whole = f"{event.value} {rest.strip()}".replace('"', '\\"')
        shown = whole if len(whole) <= 80 else whole[:77] + "…"
        raise YamlProblem(end.line + self.offset,
                          f"YAML reads '{event.value[:60]}' and drops '{rest.strip()[:60]}' as a comment "
                          "(a '#' after a space starts one)",
                          f'quote the value: "{shown}"; a comment meant as one needs two spaces before "# "',
                          field=field_name)

    def mapping(self, path: Path) -> dict[str, object]:
        result: dict[str, object] = {}
        while True:
            event = self.next_event()
            if event.__class__ is _MappingEnd:
                return result
            key = self.key(event, path, result)
            value_event = self.next_event()
            if value_event.__class__ is _ScalarEvent and not value_event.anchor and not value_event.tag:
                result[key] = self.scalar(value_event, path + (key,))
            else:
                result[key] = self.value(value_event, path + (key,))

    def key(self, event: Any, path: Path, mapping: dict[str, object]) -> str:
        line = event.start_mark.line + self.offset
        if event.__class__ is not _ScalarEvent:
            if event.anchor:  # an alias, or an anchor on a complex key
                _refuse(event, path, line)
            raise YamlProblem(line, "a key must be a plain word, not a list or mapping")
        key = event.value
        if event.anchor or (event.tag and event.tag != "!"):
            _refuse(event, path + (key,), line)
        if key == "<<":
            raise YamlProblem(line, "YAML merge keys ('<<') are not allowed", "write the values out in full", field="<<")
        if key in mapping:
            first = self.lines[path + (key,)]
            raise YamlProblem(line, f"duplicate key '{key}' (first given on line {first})", "keep only one", field=key)
        self.lines[path + (key,)] = line
        return key

    def sequence(self, path: Path) -> list[object]:
        items: list[object] = []
        while True:
            event = self.next_event()
            if event.__class__ is _SequenceEnd:
                return items
            item_path = path + (len(items),)
            self.lines[item_path] = event.start_mark.line + self.offset
            if event.__class__ is _ScalarEvent and not event.anchor and not event.tag:
                items.append(self.scalar(event, item_path))
            else:
                items.append(self.value(event, item_path))


def _refuse(event: Any, path: Path, line: int) -> None:
    """Raise the problem with an alias, an anchor or an explicit tag."""
    field_name = ".".join(str(part) for part in path)
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(line, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full",
                          field=field_name)
    if event.anchor:
        raise YamlProblem(line, f"YAML anchor '&{event.anchor}' is not allowed", "write the value out in full",
                          field=field_name)
    shown = event.tag.replace(_TAG, "!!")
    raise YamlProblem(line, f"YAML tag '{shown}' is not allowed", "remove the tag and write a plain value",
                      field=field_name)


_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:(\s|$)")


def _key_near(text: str, index: int) -> str:
    """The key written on line `index` of `text`, or else the top-level key above it."""
    lines = text.split("\n")
    for number in range(min(index, len(lines) - 1), -1, -1):
        match = _KEY_LINE.match(lines[number])
        if match and (number == index or not match.group(1)):
            return match.group(2)
    return ""


_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers  # YAML 1.1's plain-scalar types, as PyYAML reads them


def _implicit_tag(value: str) -> str:
    """What PyYAML's resolver makes of a plain scalar: 'int', 'float', 'bool', 'null', 'timestamp' or 'str'."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return str(tag).removeprefix(_TAG)
    return "str"
