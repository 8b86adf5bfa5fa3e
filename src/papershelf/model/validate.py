"""Validate: the checks that need more than one field, or more than one file.

The schema (schema.py) checks each field's form; here we check what it means
within the collection: topics that exist, duplicates, file names, dates in the
future, and Markdown bodies that would smuggle in HTML or unsafe links.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import html
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from .identity import RESERVED_SLUGS, SLUG_MAX, SLUG_PATTERN, different_works, doi_key, pages_key
from .load import Paper, PaperSource
from .markdown_html import fenced_lines, omitted_markup
from .plaintext import body_problem_characters
from .problems import Problem
from .schema import TopicEntry, parse_partial_date

_HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--|<![A-Za-z]|<\?")  # opening tags: a closing one adds nothing
_INLINE_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")  # one level of balanced parentheses
# A label is at most 999 characters (CommonMark): the bound keeps this linear on many '[' lines
_REFERENCE_LINK = re.compile(r"^[ \t]{0,3}\[[^\]]{1,999}\]:\s*<?(\S+?)>?(\s|$)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SAFE_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
MAX_CHARACTER_PROBLEMS = 10  # refused characters reported per body: the first few show what to fix
MAX_BODY_PROBLEMS = 20  # problems reported per body; a body with this many is not checked further


def check_file_name(name: str, shown: str) -> list[Problem]:
    slug, suffix = os.path.splitext(name)
    if suffix != ".md":
        return [Problem(shown, 0, "", "is not a .md file", "paper files are papers/<slug>.md")]
    if len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        return [Problem(shown, 0, "", f"file name '{name}' is not a slug",
                        f"use lowercase ASCII words joined by hyphens, at most {SLUG_MAX} characters")]
    if slug in RESERVED_SLUGS:
        return [Problem(shown, 0, "", f"file name '{name}' is reserved for the site's own pages", "rename it")]
    return []


def check_case_collisions(paths: list[Path], root: Path) -> list[Problem]:
    by_folded: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        by_folded[path.name.casefold()].append(path)
    return [
        Problem(str(path.relative_to(root)), 0, "", f"differs only in case from {same[0].name}", "rename one of them")
        for same in by_folded.values() if len(same) > 1 for path in same[1:]
    ]


def check_paper(paper: Paper, topic_ids: set[str], latest_date: dt.date) -> list[Problem]:
    return [*check_topic_ids(paper, topic_ids), *check_dates(paper, latest_date)]


MAX_SUGGESTIONS = 5  # "did you mean" for the first unknown topics of a file: each compares with every topic


def check_topic_ids(paper: Paper, topic_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for index, topic in enumerate(paper.meta.topics):
        if topic not in topic_ids:
            close = closest_topic(topic, frozenset(topic_ids)) if len(problems) < MAX_SUGGESTIONS else None
            hint = f"did you mean '{close}'?" if close else "add it to topics.yml or pick one listed there"
            line = paper.lines.get(("topics", index), paper.line_of("topics"))
            problems.append(Problem(paper.path, line, "topics", f"unknown topic '{topic}'", hint))
    return problems


@functools.lru_cache(maxsize=1024)  # one collection: the same misspelling in many files is looked up once
def closest_topic(topic: str, topic_ids: frozenset[str]) -> str | None:
    close = difflib.get_close_matches(topic, sorted(topic_ids), n=1, cutoff=0.6)
    return close[0] if close else None


def check_dates(paper: Paper, latest_date: dt.date) -> list[Problem]:
    problems = []
    for name in ("date", "added"):
        value = getattr(paper.meta, name)
        if value is None:
            continue
        year, month, day = parse_partial_date(value)
        if (year, month or 1, day or 1) > (latest_date.year, latest_date.month, latest_date.day):
            problems.append(Problem(paper.path, paper.line_of(name), name, f"'{value}' is in the future",
                                    f"today is {latest_date.isoformat()}"))
    return problems


def check_body(paper: Paper | PaperSource) -> list[Problem]:
    """The body's problems: the first MAX_BODY_PROBLEMS (60 KB of bad links would otherwise make thousands)."""
    problems = list(itertools.islice(_body_problems(paper), MAX_BODY_PROBLEMS))
    if len(problems) == MAX_BODY_PROBLEMS:
        return problems
    return problems + _renderer_omissions(paper, {problem.line for problem in problems})


def _body_problems(paper: Paper | PaperSource) -> Iterator[Problem]:
    body = paper.body
    for offset, message in itertools.islice(body_problem_characters(body), MAX_CHARACTER_PROBLEMS):
        yield _body_problem(paper, offset, message, "")
    in_code = CodeMap(body)
    for match in _matches(_HTML_TAG, body):
        if not in_code(match.start()):
            yield _body_problem(paper, match.start(), f"raw HTML '{match.group()}' is not allowed",
                                "use Markdown instead; HTML is removed from pages")
    for pattern in (_INLINE_LINK, _REFERENCE_LINK, _AUTOLINK):
        for match in _matches(pattern, body):
            target = _decoded(match.group(1))
            if target and not _SAFE_SCHEME.match(target) and not in_code(match.start()):
                yield _body_problem(paper, match.start(1), f"link '{match.group(1)[:60]}' is not http(s)",
                                    "link only to https:// or http:// addresses")


# The text each pattern cannot match without: most bodies skip most scans.
_LITERAL = {_HTML_TAG: "<", _INLINE_LINK: "](", _REFERENCE_LINK: "]:", _AUTOLINK: "<"}


def _matches(pattern: re.Pattern[str], body: str) -> Iterable[re.Match[str]]:
    return pattern.finditer(body) if _LITERAL[pattern] in body else ()


def _renderer_omissions(paper: Paper | PaperSource, reported: set[int]) -> list[Problem]:
    """What the checks above missed but the renderer would silently drop, at its block's line."""
    if "<" not in paper.body and "]" not in paper.body:
        return []  # no raw HTML and no link syntax: nothing the renderer could drop
    problems = []
    for line, what in omitted_markup(paper.body):
        line += paper.body_line - 1
        if line not in reported:
            reported.add(line)
            problems.append(Problem(paper.path, line, "body", f"{what} here would be left out of the page",
                                    "use Markdown, and link only to https:// or http:// addresses"))
    return problems


def _decoded(target: str) -> str:
    """What a browser would see: entities decoded, spaces and controls removed."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(html.unescape(target)))


class CodeMap:
    """Whether a position of a Markdown text is inside code: an indented line, a fence or a `span`.

    Fences are counted once for the whole text, so checking every match stays
    linear even in a body with thousands of them; and only when first asked,
    since most bodies have nothing to ask about.
    """

    def __init__(self, text: str):
        self.text = text

    @functools.cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    @functools.cached_property
    def backticks(self) -> list[int]:
        return [m.start() for m in re.finditer("`", self.text)]

    @functools.cached_property
    def fenced(self) -> list[bool]:
        return fenced_lines(self.text.split("\n"))

    def __call__(self, position: int) -> bool:
        index = bisect.bisect_right(self.line_starts, position) - 1
        line_start = self.line_starts[index]
        ticks_before = bisect.bisect_left(self.backticks, position) - bisect.bisect_left(self.backticks, line_start)
        return self.fenced[index] or self.text.startswith(("    ", "\t"), line_start) or ticks_before % 2 == 1


def _body_problem(paper: Paper | PaperSource, offset: int, message: str, hint: str) -> Problem:
    line = paper.body_line + paper.body.count("\n", 0, offset)
    return Problem(paper.path, line, "body", message, hint)


IdentityClaim = tuple[str, str, str, int]  # (file, field, key, line): "this file is the paper with this key"


def identity_claims(paper: Paper) -> list[IdentityClaim]:
    """Same arXiv id, same DOI, or titles that look the same (normalized, then confusable letters unified)
    with the same year and first author; a title claim carries the paper's DOI (see check_duplicates)."""
    doi = doi_key(paper.meta.doi) if paper.meta.doi else ""
    details = _DOI_MARK + doi + _DOI_MARK + pages_key(getattr(paper.meta.citation, "pages", None))
    return [(paper.path, field, key + (details if field == "title" else ""), paper.line_of(field))
            for field, key in paper.identity_keys]


_DOI_MARK = "\x1e"  # a title claim: key, DOI, pages


DUPLICATE_OF = "duplicate of "  # collection.duplicate_told_of reads the other file's path after it


def check_duplicate_papers(papers: Iterable[Paper]) -> list[Problem]:
    return check_duplicates(claim for paper in papers for claim in identity_claims(paper))


def check_duplicates(claims: Iterable[IdentityClaim]) -> list[Problem]:
    """Each claim to a key that a file earlier in name order already made is a duplicate; two titles
    alike are not, when the two papers have different DOIs or pages (see identity.different_works)."""
    problems = []
    first_with: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for path, field, key, line in sorted(claims):
        key, _, details = key.partition(_DOI_MARK)
        doi, _, pages = details.partition(_DOI_MARK)
        earlier = first_with.setdefault((field, key), [])
        same = next((other for other, other_doi, other_pages in earlier
                     if not different_works(doi, pages, other_doi, other_pages)), None)
        if same is not None:
            problems.append(Problem(path, line, field, f"{DUPLICATE_OF}{same}", "keep one of the two files"))
        else:
            earlier.append((path, doi, pages))
    return problems


def check_topics(topics: list[TopicEntry], shown: str) -> list[Problem]:
    problems, seen = [], set()
    ids = {topic.id for topic in topics}
    line_of = getattr(topics, "line_of", lambda index: 0)
    for index, topic in enumerate(topics):
        line = line_of(index)
        if topic.id in RESERVED_SLUGS:
            problems.append(Problem(shown, line, "id", f"topic id '{topic.id}' is reserved for the site's own pages",
                                    f"pick another id; {', '.join(sorted(RESERVED_SLUGS))} name list pages"))
        if topic.id in seen:
            problems.append(Problem(shown, line, "id", f"topic '{topic.id}' is defined twice", "keep one"))
        seen.add(topic.id)
        if topic.parent and topic.parent not in ids:
            problems.append(Problem(shown, line, "parent", f"topic '{topic.id}' has unknown parent '{topic.parent}'"))
    problems += check_topic_cycles(topics, shown)
    return problems


MAX_TOPIC_DEPTH = 8  # levels of `parent:`: every topic page lists all the topics above it
MAX_SHOWN_CHAIN = 10  # topic ids a message shows of a long chain


def check_topic_cycles(topics: list[TopicEntry], shown: str) -> list[Problem]:
    """A topic may not be its own ancestor (its page would list itself above itself), nor sit more than
    MAX_TOPIC_DEPTH levels deep. Linear: each topic's depth is computed once, walking up from it only to the
    first topic whose depth is known."""
    parents = {topic.id: topic.parent for topic in topics}
    line_of = getattr(topics, "line_of", lambda index: 0)
    lines = {topic.id: line_of(index) for index, topic in reversed(list(enumerate(topics)))}
    depth: dict[str, int | None] = {}  # 1 for a topic without parent; None for a topic in or below a cycle
    in_cycle: dict[str, tuple[list[str], int]] = {}  # topic -> (its cycle, its place in it)
    for topic in topics:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = topic.id
        while current in parents and current not in depth and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parents[current]
        if current in on_path:  # the walk came back to a topic on it: from there on, a cycle
            cycle = path[path.index(current):]
            for offset, member in enumerate(cycle):
                in_cycle[member] = (cycle, offset)
            base = None
        else:
            base = depth[current] if current in depth else 0
        for node in reversed(path):
            base = None if base is None or node in in_cycle else base + 1
            depth[node] = base
    problems = []
    for topic_id, (cycle, offset) in in_cycle.items():
        chain = " → ".join(shortened(rotated(cycle, offset, MAX_SHOWN_CHAIN + 1) + [topic_id], len(cycle) + 1))
        problems.append(Problem(shown, lines.get(topic_id, 0), "parent", f"topic '{topic_id}' is its own ancestor "
                                f"({chain})", "remove one of these parent: lines"))
    for topic in topics:
        if depth.get(topic.id, 0) == MAX_TOPIC_DEPTH + 1:  # once, at the first level too deep
            chain = " → ".join(shortened(ancestors_of(topic.id, parents)))
            problems.append(Problem(shown, lines.get(topic.id, 0), "parent",
                                    f"topic '{topic.id}' is nested {MAX_TOPIC_DEPTH + 1} levels deep ({chain}); "
                                    f"at most {MAX_TOPIC_DEPTH} levels", "give it a parent nearer the top, "
                                    "or no parent; topics below it are too deep as well"))
    return problems


def ancestors_of(topic_id: str, parents: dict[str, str | None]) -> list[str]:
    chain, seen = [topic_id], {topic_id}
    while (parent := parents.get(chain[-1])) in parents and parent not in seen and len(chain) <= MAX_TOPIC_DEPTH + 1:
        assert parent is not None  # None is no key of `parents`
        chain.append(parent)
        seen.add(parent)
    return chain


def rotated(cycle: list[str], offset: int, most: int) -> list[str]:
    """The first `most` topics of `cycle` starting at `offset` (wrapping): no copy of a long cycle per member."""
    return [cycle[(offset + step) % len(cycle)] for step in range(min(most, len(cycle)))]


def shortened(chain: list[str], length: int | None = None) -> list[str]:
    """A chain of `length` topics (default: as many as given) shown by its first few and its last one."""
    length = len(chain) if length is None else length
    if length <= MAX_SHOWN_CHAIN:
        return chain
    return chain[:MAX_SHOWN_CHAIN - 1] + [f"… {length - MAX_SHOWN_CHAIN} more …", chain[-1]]
