"""Adding papers to a collection: one by arXiv id, or many from an import file.

Each paper is refused if the collection already holds it (same arXiv id, DOI
or normalized title), checked exactly as `papershelf validate` would check the
file, then written atomically to papers/<slug>.md. An interrupted import
leaves only complete files, and an existing file is never touched.

These functions are the library behind `papershelf add` and `papershelf
import`; they raise `PapershelfError`s whose message is fit for users.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.collection import Layout, check_collection, check_paper_file, collection_layout, papers_folder_linked
from ..model.identity import RESERVED_SLUGS, SLUG_MAX, slugify, unrelated_titles
from ..model.load import Paper, linked_paths, topic_name_key, topic_names
from ..model.problems import PaperExists, PapershelfError, Problem, UsageError
from ..model.schema import MAX_AUTHORS
from ..model.writer import render_paper_file, replace_file, sync_to_disk, update_file, write_new_file
from ..sources import PaperDraft, Parsed, Skipped, SourceResult, checked, recorded_organizations
from ..sources.alfolio import alfolio_site
from ..sources.arxiv import fetch_arxiv, fetch_arxiv_batch, parse_arxiv_id
from ..sources.crossref import fetch_crossref
from ..sources.detect import FORMAT_NAMES, HUGO, LINKS, NOTES, binary_file_advice, folder_format, parse_import
from ..sources.download import download, file_name, is_web_address
from ..sources.endpoints import Sources
from ..sources.hugo import read_hugo_site
from ..sources.identifiers import arxiv_from_doi, clean_doi
from ..sources.links import LinkedPaper, linked_papers
from ..sources.notes import read_notes
from ..sources.spreadsheet import filled_from_arxiv
from .filling import CannotFill, fill_paper_text
from .topic_folders import NewTopic, topics_for_folders, topics_text_with

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class PaperInvalid(PapershelfError):
    """A paper from a source would not be a valid paper file; nothing was written."""


@dataclass
class AddResult:
    path: Path  # where the paper was written, or would be with dry_run
    text: str  # the paper file's text
    meta: dict[str, Any]  # its front matter
    written: bool


@dataclass(frozen=True)
class Created:
    origin: str
    path: Path
    ignored: tuple[str, ...] = ()  # fields of the entry that did not make it into the paper


@dataclass(frozen=True)
class Enriched:
    """An entry that matched a paper already in the collection and filled fields it lacked."""

    origin: str
    path: Path
    reason: str  # why it is the same paper: "same arXiv id 1706.03762"
    fields: tuple[str, ...]  # the fields filled


@dataclass(frozen=True)
class Unchanged:
    """An entry that matched a paper already in the collection which has every field the entry gives: importing
    the same file again after adding topics meets one for each paper it brought in the first time."""

    origin: str
    path: Path
    reason: str  # why it is the same paper: "same arXiv id 1706.03762"


MAX_SHOWN_NAME = 80  # characters of a folder's name in a notice


@dataclass
class ImportReport:
    source: Path
    format: str  # a key of FORMAT_NAMES
    created: list[Created] = field(default_factory=list)
    enriched: list[Enriched] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False
    topic_ids: list[str] = field(default_factory=list)  # the collection's, for advice about entries without one
    new_topics: list[NewTopic] = field(default_factory=list)  # added to topics.yml for the file's folders
    folders: int = 0  # the folders (collections, sections, topic cells) the file files its entries in
    notices: list[str] = field(default_factory=list)  # about the file as a whole (SourceResult.notices)

    def notice_lines(self) -> list[str]:
        return [f"{self.source.name}: {notice}" for notice in self.notices]

    def new_topic_lines(self) -> list[str]:
        verb = "would add" if self.dry_run else "added"
        return [f"{verb} topic {topic.id} ({topic.title!r}{f', in {topic.parent}' if topic.parent else ''}) to "
                f"topics.yml: {topic.entries} {'entry' if topic.entries == 1 else 'entries'} of {self.source.name} "
                "filed in it" for topic in self.new_topics]

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        papers = "paper" if len(self.created) == 1 else "papers"
        filled = f", {'would fill' if self.dry_run else 'filled'} fields of {len(self.enriched)} already there" \
            if self.enriched else ""
        unchanged = f", {len(self.unchanged)} already there and unchanged" if self.unchanged else ""
        return (f"{self.source.name} ({FORMAT_NAMES[self.format]}): {verb} {len(self.created)} {papers}{filled}"
                f"{unchanged}, skipped {len(self.skipped)}")

    def skipped_lines(self) -> list[str]:
        """Each entry skipped, with why: a reason MANY_ENTRIES entries or more share (a new collection's "no
        topic", often every entry) once, with their number and where they are (rows 1–35, 37); the rest one by one."""
        origins: dict[str, list[str]] = {}
        for item in self.skipped:
            origins.setdefault(item.reason, []).append(item.origin)
        common = [reason for reason, where in origins.items() if len(where) >= MANY_ENTRIES]
        lines = [f"{self.source.name}: {len(origins[reason])} entries skipped: {reason}: "
                 f"{origins_in_short(origins[reason])}" for reason in common]
        return lines + [f"{self.source.name}: {item.origin}: skipped: {item.reason}"
                        for item in self.skipped if item.reason not in common]

    def topic_advice(self) -> str | None:
        """What to do about the entries skipped for want of a topic (often all of them, in a new collection):
        the topics there are, and the words the entries' keywords use most, to make topics of."""
        untopiced = [item for item in self.skipped if item.reason == NO_TOPIC]
        if not untopiced:
            return None
        entries = "1 entry has" if len(untopiced) == 1 else f"{len(untopiced)} entries have"
        advice = (f"{entries} no topic: no keyword of theirs names a topic of topics.yml. File them under one with "
                  f"--topic ID (topics.yml has: {', '.join(self.topic_ids) or 'none'}), or add topics for their "
                  f"subjects to topics.yml (an id, a title, aliases: the keywords that mean it) and import again")
        common = common_keywords(item.keywords for item in untopiced)
        advice += f"; their most frequent keywords: {', '.join(common)}" if common else ""
        if self.folders and not self.new_topics:
            advice += (f". Or import again with --add-topics: the {self.folders} folder{'s' * (self.folders != 1)} "
                       f"the file files its entries in (collections, folders, sections, a Topic column) "
                       f"{'becomes a topic' if self.folders == 1 else 'become topics'}")
        return advice

    def enriched_lines(self, shown: Callable[[Path], str]) -> list[str]:
        verb = "would fill" if self.dry_run else "filled"
        return [f"{verb} {', '.join(item.fields)} of {shown(item.path)} from {self.source.name}: {item.origin} "
                f"({item.reason})" for item in self.enriched]

    def unchanged_lines(self, shown: Callable[[Path], str]) -> list[str]:
        return [f"{self.source.name}: {item.origin}: unchanged: already in the collection as {shown(item.path)} "
                f"({item.reason}), which has every field this entry gives" for item in self.unchanged]

    def ignored_lines(self) -> list[str]:
        """What each created paper left behind of its entry, so nothing is dropped unmentioned: what
        MANY_ENTRIES entries or more left behind alike (an exporter's `file` and `issn` fields), once with their
        number; the rest entry by entry."""
        counts = Counter(note for item in self.created for note in dict.fromkeys(item.ignored))
        common = {note for note, count in counts.items() if count >= MANY_ENTRIES}
        lines = [f"{self.source.name}: {counts[note]} entries: ignored fields: {note}"
                 for note in sorted(common, key=lambda note: (-counts[note], note))]
        return lines + [f"{self.source.name}: {item.origin}: ignored fields: {', '.join(rest)}"
                         for item in self.created if (rest := [note for note in item.ignored if note not in common])]


Outcome = Created | Enriched | Unchanged | Skipped
ProgressCallback = Callable[[Outcome, int, int], None]  # (outcome, done so far, total)
MANY_ENTRIES = 10  # a note this many created entries share is said once, with their number (ignored_lines)
NO_TOPIC = "no topic: none of its keywords names a topic of topics.yml (by id, title or alias); give --topic for such entries"
COMMON_KEYWORDS = 8


_NUMBERED_ORIGIN = re.compile(r"(row|entry|item|record|paper|line) (\d+)\b")
_PLURAL = {"row": "rows", "entry": "entries", "item": "items", "record": "records", "paper": "papers",
           "line": "lines"}


def origins_in_short(origins: list[str]) -> str:
    """Where the entries are, in short: "rows 1–35, 37, 39–52" when each is a numbered row (entry, item…) of one
    kind, else every origin."""
    numbered = [_NUMBERED_ORIGIN.match(origin) for origin in origins]
    units = {match.group(1) for match in numbered if match}
    if len(units) != 1 or not all(numbered):
        return "; ".join(origins)
    numbers = sorted({int(match.group(2)) for match in numbered if match})
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    spans = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return f"{_PLURAL[units.pop()]} {', '.join(spans)}"


def common_keywords(keyword_lists: Iterable[Iterable[str]], limit: int = COMMON_KEYWORDS) -> list[str]:
    """The keywords most entries use ('patient monitoring' (63)), compared without case; each in its most
    frequent spelling. Only keywords that two entries or more share."""
    entries: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for keywords in keyword_lists:
        seen: dict[str, str] = {}
        for keyword in keywords:
            seen.setdefault(topic_name_key(keyword), keyword.strip())
        entries.update(seen.keys())
        for key, spelling in seen.items():
            spellings.setdefault(key, Counter())[spelling] += 1
    return [f"'{spellings[key].most_common(1)[0][0]}' ({count})"
            for key, count in entries.most_common(limit) if count > 1 and key]


def add_paper(root: Path, id_or_url: str, topics: list[str], dry_run: bool = False,
              sources: Sources | None = None, added_on: dt.date | None = None) -> AddResult:
    """Fetch one paper (an arXiv id or URL from arXiv, another DOI from Crossref); write root/papers/<slug>.md."""
    doi = clean_doi(id_or_url)
    arxiv_id = arxiv_from_doi(doi) if doi else parse_arxiv_id(id_or_url)
    shelf = Shelf(Path(root), added_on)
    topics = shelf.require_topics(topics)
    if arxiv_id is None:  # a DOI that is not arXiv's own
        assert doi is not None  # no DOI: parse_arxiv_id gave an id or raised
        shelf.refuse_existing({"doi": doi})  # before fetching: no request for a paper already here
        fetched, source = checked(fetch_crossref(doi, sources)), f"DOI {doi}"
    else:
        shelf.refuse_existing({"arxiv": arxiv_id})
        fetched, source = checked(fetch_arxiv(arxiv_id, sources)), f"arXiv {arxiv_id}"
    if isinstance(fetched, Skipped):
        raise PaperInvalid(f"{source}: {fetched.reason}; nothing was written")
    return shelf.add(fetched, topics, dry_run)


def import_file(root: Path, path: Path | str, topics: list[str], on_progress: ProgressCallback | None = None,
                added_on: dt.date | None = None, dry_run: bool = False, encoding: str | None = None,
                sources: Sources | None = None, add_topics: bool = False) -> ImportReport:
    """Add every paper of an import file (BibTeX, RIS, CSL-JSON, MEDLINE, HF JSON or listing, or a reading list
    of arXiv links, whose papers `sources`' arXiv gives), of a Hugo site's folder, or of the file at a web address
    (a string starting https:// or http://: a Google Sheet's page is read as its CSV); report what happened to each.

    An entry's topics are those its keywords name (a topic's id, title or alias in topics.yml),
    else `topics`; with `add_topics`, the folders the file files its entries in that name no topic become topics
    first (appended to topics.yml). An entry already in the collection fills the fields that paper lacks.
    """
    shelf = Shelf(Path(root), added_on)
    topics = shelf.require_topics(topics, required=False)
    web = isinstance(path, str) and is_web_address(path)
    if web:
        text = import_text(download(str(path), MAX_IMPORT_BYTES), str(path), encoding)
        path = Path(file_name(str(path)))
    else:
        path = Path(path)
        text = "" if path.is_dir() else read_import_text(path, encoding)
    if not web and path.is_dir():
        kind, parsed = folder_format(path), SourceResult()
    else:
        kind, parsed = parse_import(text, path.name, None if web else alfolio_site(path))
    if kind == HUGO and web:
        raise UsageError(f"{path}: a Hugo publication page is read with its site's folder (its cite.bib, its "
                         "authors' profiles): clone the site and import its folder")
    if kind == HUGO:  # a site's folder, or a page: read with its bundle's cite.bib and its site's author profiles
        parsed = read_hugo_site(path)
    if kind == NOTES and path.is_dir():  # a note alone is read as a file is (parse_import)
        parsed = read_notes(path)
    if kind == LINKS:
        parsed.items = papers_of_links(linked_papers(text), sources)
    if any(isinstance(item, Skipped) and item.partial for item in parsed.items):
        parsed.items = completed_from_arxiv(parsed.items, sources)
    if not parsed.items:
        raise UsageError(f"{path}: no papers found in this {FORMAT_NAMES[kind]} file")
    if add_topics:
        left_out: dict[str, str] = {}
        new_topics = topics_for_folders(parsed.drafts, shelf.topic_names, shelf.topic_ids, left_out)
        shelf.add_topics(new_topics, dry_run)
        parsed.notices += [f"folder {name[:MAX_SHOWN_NAME]!r}{'…' * (len(name) > MAX_SHOWN_NAME)} becomes no topic "
                           f"({why}): its entries are filed by their other folders, keywords or --topic"
                           for name, why in left_out.items()]
    report = ImportReport(path, kind, dry_run=dry_run, topic_ids=sorted(shelf.topic_ids), notices=parsed.notices,
                          new_topics=new_topics if add_topics else [],
                          folders=len({group for draft in parsed.drafts for group in draft.groups}))
    lists: dict[type, list[Any]] = {Created: report.created, Enriched: report.enriched, Unchanged: report.unchanged,
                                    Skipped: report.skipped}
    total = len(parsed.items)
    shelf.sync_each = False  # one sync for the whole import, at its end: a sync per file cost most of its time
    try:
        for done, item in enumerate(parsed.items, start=1):
            outcome = item if isinstance(item, Skipped) else shelf.try_add(item, topics, dry_run)
            lists[type(outcome)].append(outcome)
            if on_progress:
                on_progress(outcome, done, total)
    finally:
        if report.created and not dry_run:
            sync_to_disk()
    return report


def papers_of_links(linked: list[LinkedPaper], sources: Sources | None) -> list[Parsed]:
    """The arXiv papers a reading list links, in its order, each with the headings it sits under as keywords."""
    found = fetch_arxiv_batch([paper.arxiv for paper in linked], sources)
    items: list[Parsed] = []
    for paper in linked:
        origin = f"line {paper.line} (arXiv {paper.arxiv})"
        draft = found.get(paper.arxiv)
        if draft is None:
            items.append(Skipped(origin, "arXiv has no paper of this id; check the link"))
            continue
        draft.origin, draft.keywords = origin, list(paper.headings)
        draft.groups = [(section,) for section in paper.sections]
        items.append(draft)
    return items


def completed_from_arxiv(items: list[Parsed], sources: Sources | None) -> list[Parsed]:
    """`items` with each entry that lacks authors, a date or a title but names an arXiv paper (`Skipped.partial`:
    a sheet's row) completed from arXiv, in one request for them all; arXiv is asked only when an entry needs
    it, so a complete file imports offline."""
    wanted = [item.partial.meta["arxiv"] for item in items if isinstance(item, Skipped) and item.partial]
    found = fetch_arxiv_batch(wanted, sources)
    completed: list[Parsed] = []
    for item in items:
        if not isinstance(item, Skipped) or item.partial is None:
            completed.append(item)
            continue
        arxiv = item.partial.meta["arxiv"]
        fetched = found.get(arxiv)
        completed.append(filled_from_arxiv(item.partial, fetched) if fetched else
                         Skipped(item.origin, f"arXiv has no paper {arxiv}; check the row's link"))
    return completed


def read_import_text(path: Path, encoding: str | None = None) -> str:
    """The text of an import file: UTF-8 (with or without a byte order mark), the encoding that a JabRef file
    declares on its first line ("% Encoding: windows-1252"), or `encoding`; line ends made "\n"."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise UsageError(f"{path}: is {size:,} bytes; the limit for an import file is {MAX_IMPORT_BYTES:,}")
    return import_text(path.read_bytes(), str(path), encoding)


def import_text(data: bytes, shown: str, encoding: str | None = None) -> str:
    """An import file's bytes as text (see read_import_text); `shown` names it in messages."""
    advice = binary_file_advice(data, shown)
    if advice:
        raise UsageError(f"{shown}: {advice}")
    codec = _codec(encoding) if encoding else _codec_of_bom(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        if not encoding and codec != "utf-8-sig":  # a UTF-16 or UTF-32 byte order mark, and then something else
            raise UsageError(f"{shown}: is not {codec.upper()} text, as its first bytes (a byte order mark) say (byte "
                             f"{error.start}: {error.reason}): save it again as UTF-8 or {codec.upper()}, or name "
                             "its encoding with --encoding") from None
        declared = None if encoding else _declared_encoding(data)
        if declared is None:
            raise UsageError(f"{shown}: is not {encoding or 'UTF-8'} text (byte {error.start}): save it as UTF-8, or "
                             "name its encoding with --encoding (EndNote and other Windows programs often write "
                             "windows-1252)") from None
        text = _decoded(shown, data, declared)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Byte order marks that say which Unicode encoding a file is in (Excel's "Unicode Text" and Windows' Notepad save
# UTF-16 with one), longest first: UTF-32's little-endian mark starts as UTF-16's does.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec_of_bom(data: bytes) -> str:
    """The encoding a file's byte order mark names (the mark is read with it); UTF-8 without one."""
    return next((codec for mark, codec in _BYTE_ORDER_MARKS if data.startswith(mark)), "utf-8-sig")


_DECLARED_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?%\s*Encoding:\s*([A-Za-z0-9_.:-]{1,40})")


def _declared_encoding(data: bytes) -> str | None:
    """The encoding JabRef names on a file's first line, if Python knows it."""
    found = _DECLARED_ENCODING.match(data)
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(f"unknown encoding '{encoding}': give one such as windows-1252, latin-1 or utf-16") from None


def _decoded(shown: str, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UsageError(f"{shown}: is not {codec} text as its first line says (byte {error.start}); save it as "
                         "UTF-8, or name its encoding with --encoding") from None


def refuse_broken_topics(problems: list[Problem], layout: Layout) -> None:
    topics_file = layout.shown(layout.root / layout.topics_file)
    broken = [problem for problem in problems if problem.is_error and problem.path == topics_file]
    if broken:
        listed = "".join(f"\n  {problem.text()}" for problem in broken[:10])
        more = f"\n  … and {len(broken) - 10} more (papershelf validate lists them)" if len(broken) > 10 else ""
        raise UsageError(f"{topics_file} has {len(broken)} problem{'s' if len(broken) > 1 else ''}, so which topics "
                         f"exist is not known; fix {'them' if len(broken) > 1 else 'it'} first, nothing was written:"
                         f"{listed}{more}")


class Shelf:
    """The collection being added to: its topics, its papers, and the papers added so far."""

    def __init__(self, root: Path, added_on: dt.date | None = None):
        self.added_on = added_on or dt.date.today()
        self.layout = collection_layout(root)
        if linked_paths(self.layout.root, [self.layout.papers_dir]):
            raise UsageError(papers_folder_linked(self.layout).text() + "; nothing was written")
        # Problems in paper files do not stop an add; the papers that load are checked for duplicates. Problems
        # in topics.yml do: which topics exist, and so where each paper goes, is unknown until they are fixed.
        self.collection, problems = check_collection(self.layout.root, self.added_on, self.layout)
        refuse_broken_topics(problems, self.layout)
        self.topic_ids = {topic.id for topic in self.collection.topics}
        self.topic_names = topic_names(self.collection.topics)
        self.citation_keys = {paper.meta.citation.key for paper in self.collection.papers
                              if paper.meta.citation and paper.meta.citation.key}
        self.sync_each = True  # sync each file written to disk (an import syncs once at its end instead)
        # what a dry run would have written, by path: a later entry of the same paper fills that text, not a file
        self.unwritten: dict[Path, str] = {}
        self._taken: set[str] | None = None  # file names in papers/, listed at the first free_path
        self._last_number: dict[str, int] = {}

    def require_topics(self, topics: list[str], required: bool = True) -> list[str]:
        topics = list(dict.fromkeys(topics))
        if not topics and required:
            raise UsageError("give at least one --topic: a topic id from topics.yml")
        for topic in topics:
            if topic not in self.topic_ids:
                raise UsageError(f"unknown topic '{topic}': {self._topic_hint(topic)}")
        return topics

    def _topic_hint(self, topic: str) -> str:
        if not self.topic_ids:
            return f"{self.layout.topics_file} lists no topics; add the topic there first"
        close = difflib.get_close_matches(topic, sorted(self.topic_ids), n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        return f"add it to {self.layout.topics_file} or use one of: {', '.join(sorted(self.topic_ids))}"

    def refuse_existing(self, meta: dict[str, Any]) -> None:
        found = self.existing(meta)
        if found:
            paper, reason = found
            raise PaperExists(paper.path, reason)

    def try_add(self, draft: PaperDraft, topics: list[str], dry_run: bool) -> Outcome:
        """Create the paper; fill the fields a paper already here lacks; or say why neither happened."""
        meta = draft.meta
        found = self.existing(meta)
        if found and found[1].startswith("same DOI ") and unrelated_titles(meta.get("title"), found[0].meta.title):
            # One DOI on two works (an exporter gave each paper its proceedings' DOI): another paper, without it
            draft.ignored.append(f"doi {meta['doi']} (also the DOI of {found[0].path}, a paper of another title: "
                                 "a DOI two works share is their proceedings' or book's; the first keeps it)")
            meta["doi"] = None
            found = self.existing(meta)
        try:
            if found:
                return self.enrich(draft, *found, dry_run=dry_run)
            topics = self.topics_for(draft) or topics
            if not topics:
                return Skipped(draft.origin, NO_TOPIC, tuple(draft.keywords))
            ignored = self.drop_taken_key(draft)
            result = self.add(draft, topics, dry_run)
        except PapershelfError as error:
            return Skipped(draft.origin, str(error))
        return Created(draft.origin, result.path, tuple(draft.ignored + ignored))

    def existing(self, meta: dict[str, Any]) -> tuple[Paper, str] | None:
        return self.collection.find_existing(arxiv=meta.get("arxiv"), doi=meta.get("doi"), title=meta.get("title"),
                                             date=meta.get("date"), authors=meta.get("authors") or (),
                                             pages=(meta.get("citation") or {}).get("pages"))

    def topics_for(self, draft: PaperDraft) -> list[str]:
        """The topics an entry's keywords name, in keyword order."""
        named = (self.topic_names.get(topic_name_key(keyword)) for keyword in draft.keywords)
        return list(dict.fromkeys(topic for topic in named if topic))

    def drop_taken_key(self, draft: PaperDraft) -> list[str]:
        """Forget an original citation key another paper already has: keys must stay unique."""
        citation = draft.meta.get("citation") or {}
        key = citation.get("key")
        if key and key in self.citation_keys:
            draft.meta["citation"] = {name: value for name, value in citation.items() if name != "key"}
            return [f"citation key '{key}' (another paper already has it)"]
        if key:
            self.citation_keys.add(key)
        return []

    def enrich(self, draft: PaperDraft, paper: Paper, reason: str, dry_run: bool) -> Outcome:
        """Fill the fields `paper` lacks from `draft`; Unchanged when it lacks none of them."""
        path = self.layout.root / paper.path
        old_text = self.unwritten.get(path) or path.read_text(encoding="utf-8")
        try:
            filled = fill_paper_text(old_text, paper.path, draft.meta, draft.abstract)
        except CannotFill as error:
            return Skipped(draft.origin, f"already in the collection: {paper.path} ({reason}), "
                                         f"which cannot be filled: {error}")
        if not filled.fields:
            return Unchanged(draft.origin, path, reason)
        new_paper, problems = self.check_file(path, filled.text)
        problems = [problem for problem in problems if problem.is_error]
        if problems or new_paper is None:
            details = "; ".join(problem.text() for problem in problems)
            return Skipped(draft.origin, f"already in the collection: {paper.path} ({reason}); filling it would "
                                         f"make it invalid: {details}; nothing was written")
        new_paper.path = paper.path
        duplicate = self.collection.duplicate_for(new_paper, itself=paper.path)
        if duplicate:
            return Skipped(draft.origin, f"already in the collection: {paper.path} ({reason}); filling it would give "
                                         f"it the same {duplicate[1]} as {duplicate[0].path}, and the collection "
                                         "would not validate; nothing was written")
        if dry_run:
            self.unwritten[path] = filled.text
        else:
            update_file(path, old_text, filled.text)
        new_paper.path = paper.path
        self.collection.replace(paper, new_paper)
        return Enriched(draft.origin, path, reason, tuple(filled.fields))

    def add(self, draft: PaperDraft, topics: list[str], dry_run: bool) -> AddResult:
        self.refuse_existing(draft.meta)
        meta = self.front_matter(draft, topics)
        path = self.free_path(meta["title"], meta.get("arxiv") or "")
        text = render_paper_file(meta, draft.abstract, draft.notes)
        paper, problems = self.check_file(path, text)
        problems = [problem for problem in problems if problem.is_error]
        if problems:
            details = "; ".join(problem.text() for problem in problems)
            raise PaperInvalid(f"would not be a valid paper file: {details}; nothing was written")
        assert paper is not None  # a file without errors is a paper
        if dry_run:
            self.unwritten[path] = text
        else:
            write_new_file(path, text, sync=self.sync_each)
        self.collection.append(paper)
        return AddResult(path, text, meta, written=not dry_run)

    def front_matter(self, draft: PaperDraft, topics: list[str]) -> dict[str, Any]:
        meta = {key: value for key, value in draft.meta.items() if value not in (None, [], {}) or key == "authors"}
        if len(meta.get("authors") or []) > MAX_AUTHORS:  # a physics collaboration: keep the first, count them all
            if meta.get("more_authors"):  # "…, and others": more than the names, so no count is exact
                kept = "more_authors says there are more"
            else:
                meta["author_count"] = max(meta.get("author_count") or 0, len(meta["authors"]))
                kept = f"author_count {meta['author_count']} keeps how many there are"
            draft.ignored.append(f"the {len(meta['authors']) - MAX_AUTHORS} authors after the first {MAX_AUTHORS} "
                                 f"(a paper lists at most {MAX_AUTHORS}; {kept})")
            meta["authors"] = meta["authors"][:MAX_AUTHORS]
            if meta.get("organizations"):  # those still named
                meta["organizations"] = recorded_organizations(meta["authors"], meta["organizations"])
                if not meta["organizations"]:
                    del meta["organizations"]
        meta["topics"] = topics
        meta["added"] = self.added_on.isoformat()
        return meta

    def free_path(self, title: str, fallback: str) -> Path:
        """papers/<slug>.md from the title; `-2`, `-3`, … when another paper holds the name.

        The folder is listed once per import (not once per paper), and each base name remembers
        the last number it was given: finding a free name stays linear in the number of papers.
        """
        if self._taken is None:
            folder = self.layout.papers_path
            self._taken = {path.name.casefold() for path in folder.iterdir()} if folder.is_dir() else set()
            self._taken |= {f"{Path(paper.path).stem}.md".casefold() for paper in self.collection.papers}
        base = slugify(title) or slugify(fallback) or "paper"
        slug, number = base, self._last_number.get(base, 1)
        while f"{slug}.md".casefold() in self._taken or slug in RESERVED_SLUGS:
            number += 1
            slug = f"{slugify(title, SLUG_MAX - 4) or slugify(fallback, SLUG_MAX - 4) or 'paper'}-{number}"
        self._last_number[base] = number
        self._taken.add(f"{slug}.md".casefold())
        return self.layout.papers_path / f"{slug}.md"

    def add_topics(self, topics: list[NewTopic], dry_run: bool) -> None:
        """Append `topics` to topics.yml (unless `dry_run`), and file entries under them from now on."""
        if not topics:
            return
        if not dry_run:
            path = self.layout.root / self.layout.topics_file
            replace_file(path, topics_text_with(path.read_text(encoding="utf-8"), topics))
        self.topic_ids |= {topic.id for topic in topics}
        for topic in topics:
            self.topic_names.setdefault(topic_name_key(topic.title), topic.id)
            self.topic_names.setdefault(topic_name_key(topic.id), topic.id)

    def check_file(self, path: Path, text: str) -> tuple[Paper | None, list[Problem]]:
        """Check `text` as `validate` checks papers/<name>, before anything is written to `path`."""
        return check_paper_file(path, self.layout.shown(path), path.stem, self.topic_ids, self.added_on, text=text)

