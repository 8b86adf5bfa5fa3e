"""Load: paper files, topics.yml and authors.yml into checked objects.

Every failure becomes a `Problem` naming the file, the line and the field;
nothing here raises on bad input. A file is refused before parsing when it is
too large, a symlink, or not UTF-8.
"""

from __future__ import annotations

import difflib
import errno
import functools
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from frontmatter.default_handlers import YAMLHandler
from pydantic import BaseModel, ValidationError

from .identity import AuthorRegistry, duplicate_keys, slugify
from .markdown_html import fenced_lines
from .problems import Problem
from .schema import ARXIV_PAGE_PATH, AuthorEntry, PaperMeta, TopicEntry
from .writer import MAINTAINER_HEADING, NOTES_HEADING
from .yamlstrict import YamlDocument, YamlProblem, load_strict

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails  # the type of pydantic's error entries

Entry = TypeVar("Entry", bound=BaseModel)
MAX_FILE_BYTES = 64 * 1024
_YAML = YAMLHandler()
_TOML_START = re.compile(r"^\+{3,}\s*$", re.MULTILINE)  # python-frontmatter only knows TOML with `toml` installed


@dataclass
class Paper:
    slug: str
    path: str  # as shown in messages: relative to the collection root
    meta: PaperMeta
    abstract: str
    notes: str = ""
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, repr=False)
    body: str = field(default="", repr=False)
    body_line: int = 1
    maintainer_notes: str = field(default="", repr=False)  # under "## Maintainer notes": never published

    def line_of(self, name: str) -> int:
        return self.lines.get((name,), 1)

    @functools.cached_property
    def identity_keys(self) -> list[tuple[str, str]]:
        """(field, key) pairs it shares only with another copy of itself: see identity.duplicate_keys."""
        return duplicate_keys(self.meta.arxiv, self.meta.doi, self.meta.title, self.meta.date, self.meta.authors)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text with BOM and CRLF removed, or the problem that prevents reading it."""
    data = _read_regular_file(path, shown)
    if isinstance(data, Problem):
        return None, [data]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, "", "is UTF-16", "save it as UTF-8")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", f"is not valid UTF-8 (byte 0x{data[error.start]:02x})", "save it as UTF-8")]
    if "\x00" in text:
        return None, [Problem(shown, text[: text.index("\x00")].count("\n") + 1, "", "contains a NUL character")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


# Open without following a symlink, and without waiting on a FIFO; where the OS
# cannot refuse symlinks at open (Windows), an lstat before does.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular_file(path: Path, shown: str) -> bytes | Problem:
    """The bytes of a regular file of at most MAX_FILE_BYTES (os-level calls: this runs for every paper)."""
    if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):
        return _symlink_problem(shown)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _symlink_problem(shown)
        return Problem(shown, 0, "", f"cannot be read ({error.strerror})")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return Problem(shown, 0, "", "is not a regular file", "paper files are papers/<slug>.md")
        data = b""
        if info.st_size <= MAX_FILE_BYTES:
            while len(data) <= MAX_FILE_BYTES and (chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - len(data))):
                data += chunk
        if max(info.st_size, len(data)) > MAX_FILE_BYTES:
            size = max(info.st_size, len(data))
            return Problem(shown, 0, "", f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", "shorten the notes")
        return data
    finally:
        os.close(descriptor)


def _symlink_problem(shown: str) -> Problem:
    return Problem(shown, 0, "", "is a symbolic link", "replace it with a regular file")


def linked_paths(folder: Path | str, relative_paths: list[str]) -> list[str]:
    """The paths (relative to `folder`) that are symbolic links or lie in a linked folder: files that may be
    anywhere (another repository, /proc/self/environ), so a build must not publish them."""
    real = os.path.realpath(folder)
    return [path for path in relative_paths
            if os.path.realpath(os.path.join(folder, path)) != os.path.normpath(os.path.join(real, path))]


def split_front_matter(text: str, shown: str) -> tuple[str, int, str, int] | Problem:
    """(front matter, its first line, body, its first line), or why the file has none."""
    if _TOML_START.match(text):
        return Problem(shown, 1, "", "TOML front matter ('+++') is not supported", "use YAML between '---' lines")
    if not _YAML.detect(text):
        return Problem(shown, 1, "", "has no front matter", "start the file with a '---' line, the fields, then '---'")
    try:
        front, body = _YAML.split(text)
    except ValueError:
        return Problem(shown, 1, "", "front matter is not closed", "end the fields with a line '---'")
    front_start = text.index(front) if front else text.index("\n") + 1
    body_start = len(text) - len(body)
    return front, text.count("\n", 0, front_start) + 1, body, text.count("\n", 0, body_start) + 1


def body_of(text: str | None) -> str:
    """A paper file's body (abstract and notes), stripped; '' for a text without front matter."""
    parts = split_front_matter((text or "").removeprefix("\ufeff"), "")  # a BOM, as read_paper decodes it
    return "" if isinstance(parts, Problem) else parts[2].strip()


def split_body(body: str) -> tuple[str, str]:
    """The abstract, and the curator notes after a '## Notes' heading."""
    lines = body.split("\n")
    if not any(line.strip() == NOTES_HEADING for line in lines):
        return body.strip(), ""
    for index, (line, in_code) in enumerate(zip(lines, fenced_lines(lines), strict=False)):
        if line.strip() == NOTES_HEADING and not in_code:  # a "## Notes" in a code block is code
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1 :]).strip()
    return body.strip(), ""


def split_maintainer_notes(text: str) -> tuple[str, str]:
    """(what readers see, the maintainers' notes): the text from a '## Maintainer notes' heading on is
    the maintainers' own (a to-do, where a field came from) and is never published."""
    if MAINTAINER_HEADING not in text:  # most papers: no line to look for
        return text, ""
    lines = text.split("\n")
    for index, (line, in_code) in enumerate(zip(lines, fenced_lines(lines), strict=False)):
        if line.strip() == MAINTAINER_HEADING and not in_code:
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1:]).strip()
    return text, ""


def public_parts(body: str) -> tuple[str, str, str]:
    """(abstract, curator notes, maintainer notes) of a paper's body; the maintainers' section may come
    before or after the curator notes."""
    abstract, notes = split_body(body)
    abstract, before = split_maintainer_notes(abstract)
    notes, after = split_maintainer_notes(notes)
    return abstract, notes, "\n\n".join(part for part in (before, after) if part)


@dataclass
class PaperSource:
    """A paper file split into its parts, before its fields are checked."""

    path: str
    front: str
    front_line: int
    body: str
    body_line: int


def read_source(path: Path, shown: str) -> tuple[PaperSource | None, list[Problem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return source_from_text(text, shown)


def source_from_text(text: str, shown: str) -> tuple[PaperSource | None, list[Problem]]:
    """A paper file's text (as `read_text` gives it) split into its parts, or why it cannot be."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 file can hold it
        return None, [Problem(shown, 0, "", "is not valid UTF-8", "save it as UTF-8")]
    if "\x00" in text:
        return None, [Problem(shown, text[: text.index("\x00")].count("\n") + 1, "", "contains a NUL character")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(shown, 0, "", f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", "shorten the notes")]
    parts = split_front_matter(text, shown)
    if isinstance(parts, Problem):
        return None, [parts]
    return PaperSource(shown, *parts), []


def parse_paper(source: PaperSource, slug: str,
                topic_names: Mapping[str, str] | None = None) -> tuple[Paper | None, list[Problem]]:
    """The paper of `source`, or its problems; `topic_names` (topic_names of topics.yml) make "did you mean"
    name a real topic."""
    document, problems = parse_yaml(source.front, source.front_line, source.path, PaperMeta, what="front matter",
                                    topic_names=topic_names)
    abstract, notes, maintainer_notes = public_parts(source.body)
    if document is None or problems:
        return None, problems
    assert isinstance(document.data, PaperMeta)  # parse_yaml validated it with that model
    paper = Paper(slug, source.path, document.data, abstract, notes, document.lines, source.body, source.body_line,
                  maintainer_notes)
    if not abstract:
        # An abstract is optional (DBLP and Google Scholar exports have none): worth a notice, not a refusal.
        return paper, [Problem(source.path, source.body_line, "abstract", "no abstract recorded",
                               "paste the abstract below the front matter, or run 'papershelf enrich'",
                               severity="notice")]
    return paper, []


def read_paper(path: Path, shown: str) -> tuple[Paper | None, list[Problem]]:
    source, problems = read_source(path, shown)
    if source is None:
        return None, problems
    return parse_paper(source, path.stem)


_LEADING_TAB = re.compile(r"^[ ]*\t[ \t]*", re.MULTILINE)


def tab_problems(text: str, first_line: int, shown: str) -> tuple[str, list[Problem]]:
    """Each line indented with a tab (YAML allows only spaces), and the text with those tabs as two spaces,
    so the rest of the file can still be checked and every problem reported in one run."""
    problems = [Problem(shown, first_line + text.count("\n", 0, match.start()), _key_on_line(text, match.start()),
                        "a tab character indents this line; YAML allows only spaces",
                        "replace the tab with spaces, two per level")
                for match in _LEADING_TAB.finditer(text)]
    return (_LEADING_TAB.sub(lambda match: match.group().replace("\t", "  "), text) if problems else text), problems


def _key_on_line(text: str, offset: int) -> str:
    line = text[offset:].split("\n", 1)[0]
    key = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:", line)
    return key.group(1) if key else ""


def parse_yaml(text: str, first_line: int, shown: str, model: type[BaseModel],
               what: str, topic_names: Mapping[str, str] | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """(YamlDocument with `data` validated by `model`, []) or (None, problems)."""
    if "\t" in text:
        text, tabs = tab_problems(text, first_line, shown)
        if tabs:
            _, others = parse_yaml(text, first_line, shown, model, what, topic_names)
            return None, tabs + others
    try:
        document = load_strict(text, first_line, value_comments=True)
    except YamlProblem as error:
        return None, [Problem(shown, error.line, error.field, error.message, error.hint)]
    if not isinstance(document.data, dict):
        kind = "empty" if document.data is None else f"a {type(document.data).__name__}"
        return None, [Problem(shown, first_line, "", f"{what} is {kind}, not a mapping of fields", "write 'field: value' lines")]
    try:
        document.data = model.model_validate(document.data)
    except ValidationError as error:
        return None, [schema_problem(item, document, shown, model, topic_names) for item in told_once(error.errors())]
    return document, []


def told_once(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors less a required field's "missing" where the field is there in other letter case (`Title:`):
    the unknown field's own error says to write it in lowercase."""
    written = {(tuple(error["loc"][:-1]), str(error["loc"][-1]).lower()) for error in errors
               if error["type"] == "extra_forbidden" and error["loc"]}
    return [error for error in errors if not (error["type"] == "missing" and error["loc"]
                                              and (tuple(error["loc"][:-1]), str(error["loc"][-1])) in written)]


_BODY = "the abstract goes below the closing '---' line, as plain text: move it there and delete this field"
_LINK = "put it under 'links:', like \"links:\" then \"  {name}: https://…\""
PAPER_FIELD_HINTS = {
    "abstract": _BODY, "summary": _BODY,
    "notes": "notes go below the abstract, under a line '## Notes': move them there and delete this field",
    **{name: _LINK.format(name=name) for name in ("pdf", "code", "url", "project", "github", "website")},
}


def schema_problem(error: ErrorDetails | dict[str, Any], document: YamlDocument, shown: str, model: type[BaseModel],
                   topic_names: Mapping[str, str] | None = None) -> Problem:
    location = tuple(error["loc"])
    field_name = ".".join(str(part) for part in location)
    message = error["msg"].removeprefix("Value error, ")
    hint = ""
    kind = error["type"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(location[-1]), list(model.model_fields), n=1)
        message = f"unknown field '{location[-1]}'"
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(model.model_fields)}"
        if str(location[-1]).lower() in model.model_fields:
            hint = f"field names are lowercase: write '{str(location[-1]).lower()}:'"
        if "links" in model.model_fields:
            hint = PAPER_FIELD_HINTS.get(str(location[-1]).lower(), hint)
    elif kind == "missing":
        message = "required field is missing"
        hint = f"add a line '{location[-1]}: …'"
    elif kind.endswith("_type"):
        message, hint = type_problem(location, document, error)
    elif kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        message, hint = "is empty", "give a value or delete the line"
    elif kind == "string_pattern_mismatch":
        message, hint = pattern_problem(location, error.get("input"), topic_names)
    elif kind == "too_long" and isinstance(error.get("input"), (list, dict)):
        message, hint = too_long_problem(location, len(error["input"]), error["ctx"]["max_length"])
    elif kind == "less_than_equal":
        message, hint = f"{error.get('input')} is more than {error['ctx']['le']:,}", "check the number"
    elif not location and message.split(":")[0] in model.model_fields:
        field_name = message.split(":")[0]
        message = message.split(":", 1)[1].strip()
        location = (field_name,)
    return Problem(shown, document.line_of(location, 1), field_name, message, hint)


def type_problem(location: tuple[str | int, ...], document: YamlDocument,
                 error: ErrorDetails | dict[str, Any]) -> tuple[str, str]:
    tag, written = document.scalars.get(location, ("", ""))
    if tag in ("float", "int") and error["type"] == "string_type":
        quoted = f'{location[-1]}: "{written}"' if isinstance(location[-1], str) else f'"{written}"'
        return f"YAML reads {written} as a number, not text", f"quote it: {quoted}"
    if tag == "bool" and error["type"] == "string_type":
        return f"YAML reads {written} as true/false, not text", f'quote it: "{written}"'
    if tag == "null":
        return "is empty", "give a value or delete the line"
    value = error.get("input")
    if error["type"] == "list_type" and isinstance(value, str) and isinstance(location[-1], str):
        items = [item.strip() for item in re.split(r",|;|\band\b", value) if item.strip()] or [value]
        example = " then ".join(f'"  - {item}"' for item in items[:3])
        what = "name" if location[-1] == "authors" else "value"
        return (f"'{value}' is one line of text, not a list",
                f"write one '- {what}' per line under '{location[-1]}:', like {example}")
    return error["msg"], ""


def too_long_problem(location: tuple[str | int, ...], count: int, limit: int) -> tuple[str, str]:
    name = str(location[-1])
    message = f"lists {count:,} {'entries' if name == 'links' else name}; at most {limit:,} are allowed"
    if name == "authors":
        return message, f"keep the first {limit} names and add 'author_count: {count}'"
    return message, "keep the most useful ones"


PATTERN_HINTS = {
    "arxiv": ("is not an arXiv id", 'write it quoted, like "2401.10000", "2401.10000v2" or "hep-th/9901001"'),
    "doi": ("is not a DOI", "write it like 10.1234/abcd, without https://doi.org/"),
    "date": ("is not a date", "write YYYY-MM-DD, or YYYY-MM / YYYY when the day is unknown"),
    "added": ("is not a date", "write YYYY-MM-DD"),
    "links": ("is not an http(s) URL", "links must start with https:// or http://"),
    "topics": ("is not a topic id", "use lowercase words joined by hyphens, as in topics.yml"),
    "homepage": ("is not an http(s) URL", "links must start with https:// or http://"),
    "scholar": ("is not an http(s) URL", "links must start with https:// or http://"),
    "orcid": ("is not an ORCID iD", "write it like 0000-0002-1825-0097"),
}


def pattern_problem(location: tuple[str | int, ...], value: object,
                    topic_names: Mapping[str, str] | None = None) -> tuple[str, str]:
    name = next(part for part in location if isinstance(part, str))
    message, hint = PATTERN_HINTS.get(name, ("has the wrong form", ""))
    if location[-1] == "[key]":
        message, hint = "is not a link name", "use a short lowercase name such as pdf, code, project"
    fix = likely_meant(name, str(value), topic_names)
    if fix is not None:
        straight = "with straight quotes " if any(mark in str(value) for mark in CURLY_QUOTES) else ""
        hint = f'did you mean "{fix}"? Write it {straight}like that; {hint}'
    return f"'{value}' {message}", hint


MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
ARXIV_URL = re.compile(ARXIV_PAGE_PATH + r"(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)


def likely_meant(field: str, written: str, topic_names: Mapping[str, str] | None = None) -> str | None:
    """The value a contributor most likely meant by a malformed one, when it can be told. For a topic, given
    `topic_names` (topic_names of topics.yml), the id of the topic whose id, title or alias it is written as
    ("Feature attribution and saliency"), or the closest one."""
    value = written.strip(CURLY_QUOTES + " ")
    if field in ("date", "added"):
        return _likely_date(value)
    if field == "arxiv":
        found = ARXIV_URL.search(value)
        return found.group(1) if found else None
    if field == "doi":
        found = re.search(r"\b(10\.\d{4,9}/\S+)", value)
        return found.group(1) if found and found.group(1) != value else None
    if field == "topics":
        if not topic_names:
            meant = slugify(value)
        else:
            key = topic_name_key(value)
            close = difflib.get_close_matches(key, sorted(topic_names), n=1, cutoff=0.6)
            meant = topic_names.get(key) or (topic_names[close[0]] if close else "")
        return meant if meant and meant != value else None
    return None


def topic_names(topics: Iterable[TopicEntry]) -> dict[str, str]:
    """Each way to name a topic (its id, title, aliases; case and punctuation aside: topic_name_key) -> its id."""
    names: dict[str, str] = {}
    for topic in topics:
        for name in (topic.id, topic.title, *getattr(topic, "aliases", ())):
            names.setdefault(topic_name_key(name), topic.id)
    return names


def topic_name_key(name: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", name.casefold()).split())


def _likely_date(value: str) -> str | None:
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    numbers = re.fullmatch(r"(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?", value)
    if numbers:
        return "-".join(part.zfill(2) for part in numbers.groups() if part)
    named = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", value)
    if named and named.group(1).lower() in MONTHS:
        return f"{named.group(2)}-{MONTHS[named.group(1).lower()]:02d}"
    return None


class Entries(list[Entry]):
    """The valid entries of a YAML list file, and `lines`: the line where each starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else 0


def read_topics(path: Path, shown: str) -> tuple[list[TopicEntry], list[Problem]]:
    return _read_entries(path, shown, TopicEntry, "topics")


def read_authors(path: Path, shown: str) -> tuple[AuthorRegistry, list[Problem]]:
    if not path.exists():
        return AuthorRegistry(), []
    entries, problems = _read_entries(path, shown, AuthorEntry, "authors")
    registry = AuthorRegistry(entries)
    return registry, problems + registry.claimed_twice(shown, entries.line_of)


def _read_entries(path: Path, shown: str, model: type[Entry], what: str) -> tuple[Entries[Entry], list[Problem]]:
    """A YAML list of `model` entries; each bad entry is reported with its line."""
    if not path.exists():
        return Entries(), [Problem(shown, 0, "", "is missing", f"create it with a list of {what}")]
    text, unreadable = read_text(path, shown)
    if text is None:
        return Entries(), unreadable
    try:
        document = load_strict(text)
    except YamlProblem as error:
        return Entries(), [Problem(shown, error.line, error.field, error.message, error.hint)]
    if not isinstance(document.data, list):
        return Entries(), [Problem(shown, 1, "", f"must be a YAML list of {what}", "start each entry with '- '")]
    entries: Entries[Entry] = Entries()
    problems: list[Problem] = []
    for index, item in enumerate(document.data):
        try:
            entries.append(model.model_validate(item))
            entries.lines.append(document.line_of((index,), 1))
        except ValidationError as error:
            for detail in error.errors():
                located = {**detail, "loc": (index, *detail["loc"])}
                problems.append(schema_problem(located, document, shown, model))
    return entries, problems

