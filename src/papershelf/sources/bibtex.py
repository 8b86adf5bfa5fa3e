"""BibTeX and biblatex: entries of a .bib file as `PaperDraft`s, with bibtexparser v2.

Written for what real exporters write (Zotero, Better BibTeX, Google Scholar,
DBLP, NASA ADS, al-folio homepages, biblatex): @string macros, `#` concatenation,
month macros and `crossref` are resolved; an arXiv id is found wherever the
exporter put it; al-folio's `pdf=`, `code=`, `html=`, … become named links;
`keywords` become tags. Fields papershelf does not read are listed on the
draft (`ignored`), so the import report can say what was left behind.
LaTeX is decoded only in the fields that are read, and only where they hold
markup (`latex.py`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry, Field, ImplicitComment, ParsingFailedBlock

from ..model.identity import NAME_SUFFIXES
from ..model.schema import CITATION_KEY_PATTERN, DATE_PATTERN, MAX_COUNT
from . import (
    PaperDraft,
    Parsed,
    Skipped,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    group_names,
    is_placeholder_author,
    month_number,
    range_dash,
    single_field_organizations,
)
from .alfolio import ASSET_FIELDS, AlFolioSite, file_note, files_notice, is_file_name
from .identifiers import (
    arxiv_from_any_text,
    arxiv_from_corr_volume,
    arxiv_from_doi,
    arxiv_from_eprint,
    arxiv_from_text,
    arxiv_from_url,
    clean_doi,
    is_arxiv_venue,
    is_http_url,
    is_own_page,
    plain_identifier,
    tags_from_keywords,
)
from .jabref_groups import GroupTree, group_tree
from .latex import latex_to_text

_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)
_DATE = re.compile(DATE_PATTERN)
# Where an entry's venue can be, best first.
VENUE_FIELDS = ("journaltitle", "journal", "booktitle", "institution", "school", "organization", "howpublished",
                "publisher")
# al-folio (and similar homepage themes) link fields, and the link name each becomes.
LINK_FIELDS = {"pdf": "pdf", "code": "code", "github": "code", "video": "video", "youtube": "video",
               "slides": "slides", "poster": "poster", "blog": "blog", "website": "project", "html": "paper",
               "supp": "supplement", "url": "paper", "howpublished": "paper", "adsurl": "ads"}
# The groups (JabRef) and folders (Mendeley Desktop) an entry is filed in: the group's own subjects, read for topics.
FOLDER_FIELDS = ("groups", "mendeley-groups")
# Fields read for what they say about the paper (others are reported as ignored).
READ_FIELDS = frozenset({
    "title", "subtitle", "author", "year", "month", "date", "abstract", "keywords", "doi", "eprint", "archiveprefix",
    "eprinttype", "arxiv", "arxivid", "volume", "number", "issue", "pages", "crossref", "author_count", *FOLDER_FIELDS, *VENUE_FIELDS,
    *LINK_FIELDS,
})


def parse_bibtex(text: str, site: AlFolioSite | None = None) -> SourceResult:
    """The entries of a .bib file; `site`, the al-folio site it belongs to, links the files its entries name."""
    text = _semantic_scholar_types(text)
    library = _parse_library(text)
    lines = text.splitlines()
    commented = [block for block in [*library.entries, *library.failed_blocks] if _commented_out(block, lines)]
    result = SourceResult(notices=[_commented_notice(block, lines) for block in commented])
    unread = [_unread_entry(line) for block in library.comments if isinstance(block, ImplicitComment)
              for line in _entry_lines(block)]
    result.items = sorted([*_read_entries(library, {id(block) for block in commented}, site), *unread], key=_line_of)
    if _names_site_files(library):
        result.notices.append(files_notice(site))
    return result


def _names_site_files(library: Library) -> bool:
    """Whether an entry names a file of an al-folio site (`pdf = {paper.pdf}`)."""
    return any(field.key.lower() in ASSET_FIELDS and isinstance(field.value, str) and is_file_name(field.value.strip())
               for entry in library.entries for field in entry.fields)


def _read_entries(library: Library, commented: set[int], site: AlFolioSite | None) -> list[Parsed]:
    """Each entry as a draft, or as a `Skipped` saying why it cannot be one; entries commented out left out."""
    strings = {string.key.lower(): string.value for string in library.strings}
    by_key = {entry.key.lower(): entry for entry in library.entries if id(entry) not in commented}
    every: list[Entry | ParsingFailedBlock] = [*library.entries, *library.failed_blocks]
    blocks = sorted([block for block in every if id(block) not in commented], key=lambda block: block.start_line or 0)
    numbers = {id(block): number for number, block in enumerate(blocks, start=1)}
    groups = group_tree(library)
    items: list[Parsed] = []
    for number, block in enumerate(blocks, start=1):
        if isinstance(block, Entry):
            items.append(entry_to_draft(block, number, strings, by_key, site, groups))
        elif isinstance(block, DuplicateBlockKeyBlock):
            first_commented = id(block.previous_block) in commented  # its key is free: the entry keeps it
            items.append(_repeated_key(block, number, numbers.get(id(block.previous_block)), library, by_key,
                                       key_taken=not first_commented, site=site, groups=groups))
        else:
            items.append(_failed_block(block, number))
    return items


# Semantic Scholar's API writes the paper's publication types where the entry type belongs
# (`@['JournalArticle', 'Conference']{key,`), and `@None{` when it knows none.
_S2_ENTRY_START = re.compile(r"^([ \t]*@)(\[[^\]\n]*\]|None)(?=[ \t]*[{(])", re.MULTILINE)
# Its types (api.semanticscholar.org's `publicationTypes`) as BibTeX's, the first that applies; any other
# (JournalArticle, Review, CaseReport, ClinicalTrial, Editorial, LettersAndComments, MetaAnalysis, News, Study)
# is a journal's article.
S2_ENTRY_TYPES = (("booksection", "incollection"), ("book", "book"), ("conference", "inproceedings"),
                  ("dataset", "misc"))


def _semantic_scholar_types(text: str) -> str:
    """The text with Semantic Scholar's entry types written as BibTeX's, each on its line (line numbers kept)."""
    if "@[" not in text and "@None" not in text:
        return text
    return _S2_ENTRY_START.sub(lambda found: found.group(1) + _s2_entry_type(found.group(2)), text)


def _s2_entry_type(types: str) -> str:
    if types == "None" or not re.search(r"\w", types):
        return "misc"
    names = {name.lower() for name in re.findall(r"\w+", types)}
    return next((bibtex for s2, bibtex in S2_ENTRY_TYPES if s2 in names), "article")


def _commented_out(block: Block, lines: list[str]) -> bool:
    """An entry whose line starts with `%` (`%@misc{key,`): taken out by its author. BibTeX has no comment
    character, but biber and JabRef read such a line as a comment, as its author meant it."""
    line = lines[block.start_line] if block.start_line is not None and block.start_line < len(lines) else ""
    return bool(re.match(r"[ \t]*%[ \t%]*@", line))


def _commented_notice(block: Block, lines: list[str]) -> str:
    line = lines[block.start_line or 0].strip()
    return f"line {(block.start_line or 0) + 1}: '{collapse_spaces(line)[:60]}' is commented out with %: not imported"


_ENTRY_LINE = re.compile(r"[ \t]*@[ \t]*[^\s@]")  # an `@` and what follows it on its line


def _entry_lines(block: ImplicitComment) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of text outside entries that starts with `@`, as an entry does."""
    for offset, line in enumerate((block.raw or "").splitlines()):
        if _ENTRY_LINE.match(line):
            yield (block.start_line or 0) + offset + 1, line.strip()


def _unread_entry(numbered: tuple[int, str]) -> Skipped:
    number, line = numbered
    return Skipped(f"line {number}", f"not read as an entry: '{line[:60]}' does not start one papershelf reads "
                   "(@type{key, …}, the type a word, on one line)")


def _line_of(item: Parsed) -> int:
    found = re.search(r"line (\d+)$", item.origin)
    return int(found.group(1)) if found else 0


def _repeated_key(block: DuplicateBlockKeyBlock, number: int, first_number: int | None, library: Library,
                  by_key: dict[str, Entry], key_taken: bool = True, site: AlFolioSite | None = None,
                  groups: GroupTree | None = None) -> Parsed:
    """The second entry under a key the file already used: still a paper (often a different one),
    read on its own with the file's @string macros; the report names both entries. Unless the first was
    commented out (`key_taken` false): then this entry is the key's, read as any other."""
    macros = "\n".join(string.raw for string in library.strings if string.raw)
    entries = _parse_library(macros + "\n" + (block.raw or "")).entries
    if not entries:
        return _failed_block(block, number)
    entry = entries[0]
    entry._start_line_in_file = block.start_line  # its line in the file, not in the text read again
    strings = {string.key.lower(): string.value for string in library.strings}
    draft = entry_to_draft(entry, number, strings, by_key, site, groups)
    if not key_taken:
        return draft
    first = block.previous_block
    first_where = f"entry {first_number}, line {(first.start_line or 0) + 1}" if first_number else "an earlier entry"
    note = f"key '{block.key}' (also the key of {first_where}: imported as a paper of its own, without the key)"
    if isinstance(draft, PaperDraft):
        citation = draft.meta.get("citation") or {}
        citation.pop("key", None)
        draft.meta["citation"] = citation or None
        draft.ignored.append(note)
        return draft
    return Skipped(draft.origin, f"{draft.reason} (its key '{block.key}' is also the key of {first_where})")


class _NamesAsBibtexReadsThem(BlockMiddleware):
    """Author and editor lists ready to be split: an accent macro (`N\\'{u}\\~{n}ez`) braced, so that the
    splitter does not take its `~` for a tie between two words of the name; a family name's comma with no given
    name after it (Litmaps writes `Richard,  and Crump,  and …`, and `{, }`) dropped, where the splitter would
    refuse the whole entry; a name in biblatex's extended format (`family=Oord, given=Aaron, prefix=van den,
    useprefix=true`, as Better BibLaTeX writes a name with a particle) written as BibTeX writes it (`van den Oord,
    Aaron`), which the splitter would refuse, the whole entry with it, for its commas."""

    _ACCENT = re.compile(r"\\[`'^\"~=.uvHckbdrtG]\s*(?:\{[^{}]*\}|\\?[A-Za-z])")
    _BARE_COMMA = re.compile(r",(?=\s+and\s|\s*$)", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        for field in entry.fields:
            if field.key in NAME_FIELDS and isinstance(field.value, str) and "=" in field.value:
                field.value = extended_names_as_bibtex(field.value)
            if field.key in ("author", "editor") and isinstance(field.value, str):
                if "\\" in field.value:
                    field.value = self._ACCENT.sub(lambda found: "{" + found.group() + "}", field.value)
                field.value = self._BARE_COMMA.sub("", field.value.strip())
        return entry


NAME_FIELDS = ("author", "editor", "translator")  # the lists bibtexparser's name splitter splits
# biblatex's extended name format: `key=value` parts, separated by commas (biblatex manual, §3.4, "Name Lists")
_EXTENDED_NAME = re.compile(r"\s*(?:family|given|prefix|suffix)(?:-i)?\s*=", re.IGNORECASE)


def extended_names_as_bibtex(names: str) -> str:
    """A name list with each name in biblatex's extended format (`family=Dijk, given=Marten, prefix=van,
    useprefix=true`) written as BibTeX's "von Last, Jr, First" (`van Dijk, Marten`); other names as written."""
    return " and ".join(_bibtex_name(name) if _EXTENDED_NAME.match(name) else name
                        for name in _split_outside_braces(names, re.compile(r"\s+and\s+", re.IGNORECASE)))


def _bibtex_name(extended: str) -> str:
    parts: dict[str, str] = {}
    for item in _split_outside_braces(extended, re.compile(r"\s*,\s*")):
        key, _, value = item.partition("=")
        parts.setdefault(key.strip().lower(), value.strip())
    family = " ".join(part for part in (parts.get("prefix", ""), parts.get("family", "")) if part)
    return ", ".join(part for part in (family, parts.get("suffix", ""), parts.get("given", "")) if part)


def _split_outside_braces(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` cut where `separator` matches outside braces (`{van Dijk}` stays whole; a stray `}` opens none)."""
    pieces, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        depth = max(depth + {"{": 1, "}": -1}.get(char, 0), 0)
        found = separator.match(text, index) if depth == 0 else None
        if found and found.end() > index:
            pieces.append(text[start:index])
            start = index = found.end()
            continue
        index += 1
    return [*pieces, text[start:]]


def _parse_library(text: str) -> Library:
    # No LaTeX decoding middleware: it decodes every field of every entry, which dominated imports.
    # Field names are case-insensitive (BibDesk and JabRef 2 write `Author =`): lower-cased first.
    stack = [middlewares.NormalizeFieldKeys(), _NamesAsBibtexReadsThem(), middlewares.SeparateCoAuthors(),
             middlewares.SplitNameParts(), _MonthInt()]
    # bibtexparser logs each syntax error itself; papershelf reports them as skipped entries instead.
    with _quiet("bibtexparser"):
        return parse_string(text, append_middleware=stack)


class _MonthInt(middlewares.MonthIntMiddleware):
    """bibtexparser's month middleware, but a month of thousands of digits (int() refuses 4,300 and more, and
    "²" passes isdigit()) is left as it is for _month_number to ignore, instead of raising ValueError."""

    def resolve_month_field_val(self, month_field: Field) -> tuple[str | int, str]:
        value = month_field.value
        if isinstance(value, str) and value.isdigit() and not (value.isascii() and len(value) <= 2):
            return value, "month field unchanged"
        # bibtexparser's override has no return annotation; its abstract method's is this one
        resolved: tuple[str | int, str] = super().resolve_month_field_val(month_field)
        return resolved


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _failed_block(block: ParsingFailedBlock, number: int) -> Skipped:
    line = (block.start_line or 0) + 1
    key = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", block.raw or "")
    where = f"entry {number} (key {key.group(1)}), line {line}" if key else f"entry {number}, line {line}"
    error = block.error
    reason = collapse_spaces(getattr(error, "abort_reason", None) or str(error) or "syntax error")
    unclosed = _unclosed_field(block.raw or "", line) if reason.startswith("Unexpected block start") else None
    if unclosed:
        name, at = unclosed
        reason = (f"its field '{name}' (line {at}) opens a brace it does not close, so the entry runs on into the "
                  f"next one; close the brace and import again ({reason})")
    return Skipped(where, f"cannot be read as BibTeX: {reason}")


_FIELD_START = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*(.*)")


def _unclosed_field(raw: str, first_line: int) -> tuple[str, int] | None:
    """The first field of an entry that opens more braces on its line than it closes while the next line starts
    another field (a field spread over lines does not): what made bibtexparser run on into the next entry."""
    lines = raw.splitlines()
    following = [""] * (len(lines) + 1)  # the next line that is not blank, after each line
    for index in range(len(lines) - 1, -1, -1):
        following[index] = lines[index + 1] if index + 1 < len(lines) and lines[index + 1].strip() else following[index + 1]
    for offset, text in enumerate(lines[1:], start=1):
        field = _FIELD_START.match(text)
        value = re.sub(r"\\[{}]", "", field.group(2)) if field else ""
        if not field or value.count("{") <= value.count("}"):
            continue
        if _FIELD_START.match(following[offset]) or following[offset].strip() == "}":
            return field.group(1), first_line + offset
    return None


class _Fields:
    """An entry's fields by lower-case name, macros and `#` resolved, with what was read of them."""

    def __init__(self, entry: Entry, strings: dict[str, str], by_key: dict[str, Entry]) -> None:
        self.values: dict[str, object] = {}
        self.problems: list[str] = []
        self.unreadable: set[str] = set()  # fields already reported as holding no text papershelf can read
        # the parser's notes name fields as the file spells them; the fields are lower-cased since
        enclosings = {key.lower(): how for key, how in entry.parser_metadata.get("removed_enclosing", {}).items()}
        resolved = {key.lower() for key in entry.parser_metadata.get("ResolveStringReferences", [])}
        for field in entry.fields:
            name = field.key.lower()
            value = field.value
            if isinstance(value, str) and enclosings.get(name) == "no-enclosing" and name not in resolved:
                value = self._unquoted(name, value, strings)
            if value is not None:
                self.values[name] = value
        self._inherit(entry, by_key)

    def _unquoted(self, name: str, value: str, strings: dict[str, str]) -> str | None:
        """A value written without braces: a number, a month, a macro, or a `#` concatenation of those and strings."""
        parts = _split_concatenation(value)
        texts = []
        for part in parts:
            if part[:1] in "{\"" and part[-1:] in "}\"" and len(part) >= 2:
                texts.append(part[1:-1])
            elif part.isdigit():
                texts.append(part)
            elif part.lower() in strings:
                texts.append(strings[part.lower()])
            elif name == "month" and month_number(part):
                texts.append(str(month_number(part)))
            else:
                self.problems.append(f"{name} (undefined @string macro '{part}')")
                return None
        return "".join(texts)

    def _inherit(self, entry: Entry, by_key: dict[str, Entry]) -> None:
        """Fields of the entry named by `crossref` that this one lacks (its title as the booktitle)."""
        parent_key = self.text("crossref")
        if not parent_key:
            return
        parent = by_key.get(parent_key.lower())
        if parent is None or parent is entry:
            self.problems.append(f"crossref (no entry '{parent_key}' in the file)")
            return
        for field in parent.fields:
            name = field.key.lower()
            if name == "title" and "booktitle" not in self.values:
                self.values["booktitle"] = field.value
            elif name not in self.values and name not in ("crossref", "subtitle", "annotation"):
                self.values[name] = field.value

    def raw(self, name: str) -> str:
        value = self.values.get(name)
        return str(value).strip() if isinstance(value, (str, int)) else ""

    def identifier(self, name: str) -> str:
        """A DOI or URL without the LaTeX and HTML escapes exporters put in it (`\\_`, `{\\_}`, `\\%7E`, `&amp;`);
        of two URLs in one field (Mendeley), the first."""
        value = plain_identifier(self.raw(name))
        return value.split()[0] if name in LINK_FIELDS and value.split() else value

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        text = latex_to_text(value) if value else ""
        if value and not text and name not in self.unreadable:
            self.unreadable.add(name)
            # `journal = {\pasj2}`: a command papershelf cannot expand leaves nothing; say so rather than drop it
            self.problems.append(f"{name} ('{value[:60]}' has no text papershelf can read: a LaTeX command it does "
                                 "not know; write the text in its place)")
        return text or None


def _split_concatenation(value: str) -> list[str]:
    """`a # {b} # "c"` as its parts; '#' inside braces or quotes is text."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return [part for part in parts if part]


def entry_to_draft(entry: Entry, number: int, strings: dict[str, str] | None = None,
                   by_key: dict[str, Entry] | None = None, site: AlFolioSite | None = None,
                   groups: GroupTree | None = None) -> Parsed:
    origin = f"entry {number} (key {entry.key}), line {(entry.start_line or 0) + 1}"
    fields = _Fields(entry, strings or {}, by_key or {})
    authors = _authors(fields.values.get("author"))
    organizations = single_field_organizations(_braced_whole(fields.values.get("author")))
    arxiv, arxiv_from = _arxiv_id(fields)
    doi = _doi(fields)
    keywords = _keywords(fields)
    links, bad_links = _links(fields, arxiv, doi, site)
    fields.problems += bad_links
    meta = {
        "title": _title(fields),
        "authors": authors,
        "organizations": organizations,
        "date": _date(fields),
        "arxiv": arxiv,
        "doi": doi,
        "venue": _venue(fields),
        "tags": tags_from_keywords(keywords),
        "links": links,
        "citation": _citation(entry, fields),
        "author_count": _author_count(fields, sum(not is_placeholder_author(name) for name in authors)),
    }
    abstract = clean_abstract(latex_to_text(fields.raw("abstract"), keep_paragraphs=True)) if fields.raw("abstract") else ""
    # 'and others' is said by more_authors (or author_count) and the import's notice, not by a note readers
    # would see as the curators'
    folders = _folder_paths(fields, entry.key, groups or GroupTree())
    draft = PaperDraft(meta, abstract, origin, keywords=keywords + group_names(folders), groups=folders)
    draft.ignored = _ignored(fields, arxiv_from) + fields.problems
    return checked(draft, {"date": "year"})


# the start of a biblatex (EDTF) date range, time or uncertain date: "2015-06-22/…", "…T20:26:06", "2020-05~"
_DATE_START = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[/T~?%]|$)")
_SHORT_DOI = re.compile(r"10/[a-z0-9]{3,12}", re.IGNORECASE)  # shortdoi.org's: Better BibTeX writes them if asked


def _doi(fields: _Fields) -> str | None:
    """The entry's DOI; of several (INSPIRE writes a paper's and its erratum's: `10.1103/…063007,
    10.1103/…069902`), the first, the others reported."""
    if not fields.raw("doi"):
        return None
    whole = clean_doi(fields.identifier("doi"))  # a DOI may hold a comma or semicolon (Wiley's SICI DOIs)
    if whole:
        return whole
    first, *others = [part for part in re.split(r"[,\s]+", fields.identifier("doi")) if part] or [""]
    doi = clean_doi(first)
    if doi is None or not all(clean_doi(other) for other in others):
        written = fields.raw("doi")[:60]
        fields.problems.append(f"doi ('{written}' is a shortDOI, which only doi.org can turn into the DOI: "
                               f"https://doi.org/{written} leads to the paper; write its DOI in the paper file)"
                               if _SHORT_DOI.fullmatch(written) else f"doi ('{written}' is not a DOI)")
        return None
    if others:
        fields.problems.append(f"doi: the first of {len(others) + 1} kept ({', '.join(others)[:200]} left out)")
    return doi


def _title(fields: _Fields) -> str | None:
    title = fields.text("title")
    subtitle = fields.text("subtitle")
    return f"{title}: {subtitle}" if title and subtitle else title


def _authors(value: object) -> list[str]:
    """Full names, "First von Last, Jr" (placeholders such as 'others' kept for `tidy` to count)."""
    if not isinstance(value, list):
        return []
    names = [_full_name(parts) if isinstance(parts, NameParts) else latex_to_text(str(parts)) for parts in value]
    return [name for name in names if name]


def _braced_whole(value: object) -> list[str]:
    """The names braced whole (`{{PHENIX Collaboration}}`, `{Brookhaven National Laboratory} and …`): one name
    BibTeX never splits into given and family names, as Zotero writes its single-field (institutional) creators."""
    if not isinstance(value, list):
        return []
    return [latex_to_text(parts.last[0]) for parts in value if isinstance(parts, NameParts) and not parts.first
            and not parts.von and not parts.jr and len(parts.last) == 1 and _one_group(parts.last[0])]


def _one_group(word: str) -> bool:
    """Whether `word` is one brace group, `{…}`, its braces balanced inside."""
    if not (word.startswith("{") and word.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(word):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(word) - 1:
            return False
    return depth == 0


def _full_name(parts: NameParts) -> str:
    def decoded(words: list[str]) -> str:
        return latex_to_text(" ".join(words))

    first, jr = parts.first, parts.jr
    if jr and len(first) == 1 and first[0].lower() in NAME_SUFFIXES and jr[-1].lower() not in NAME_SUFFIXES:
        first, jr = jr, first  # "Fulton, James E., Jr." (JabRef): BibTeX's order is "Last, Jr, First"
    name = " ".join(part for part in (decoded(first), decoded(parts.von), decoded(parts.last)) if part)
    return f"{name}, {decoded(jr)}" if jr else name



def _date(fields: _Fields) -> str | None:
    """`date` (biblatex) if it is YYYY[-MM[-DD]], or the day a range or a time starts (`2015-06-22/2015-06-26`,
    `2016-07-18T20:26:06`, as Better BibLaTeX writes a conference's days and a web page's time); else year, with
    month when known; year-only stays year-only."""
    date = fields.raw("date")
    start = _DATE_START.match(date)
    if start and _is_calendar_date(start.group(1)):
        return start.group(1)
    year = fields.raw("year") or date[:4]
    if not re.fullmatch(r"\d{4}", year):
        return _day_in_year_field(year)
    month = _month_number(fields.values.get("month"))
    return f"{year}-{month:02d}" if month else year


def _is_calendar_date(date: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a month and day there are (not EDTF's seasons, `2017-24`: winter)."""
    parts = [int(part) for part in date.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _day_in_year_field(year: str) -> str | None:
    """A whole date where the year belongs: Citavi writes a day typed as "23.02.2011" (day, month, year, as
    written in German and most of Europe) or "2011-02-23" into `year`."""
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", year.strip())
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", year.strip())
    if dotted:
        day, month, whole_year = dotted.groups()
    elif iso:
        whole_year, month, day = iso.groups()
    else:
        return None
    try:
        return dt.date(int(whole_year), int(month), int(day)).isoformat()
    except ValueError:
        return whole_year


def _month_number(value: object) -> int | None:
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    text = str(value or "").strip().lower()
    if text.isdigit():  # at most two ASCII digits: int() refuses 4,300 digits, and "²" passes isdigit()
        return int(text) if text.isascii() and len(text) <= 2 and 1 <= int(text) <= 12 else None
    return month_number(text)


def _arxiv_id(fields: _Fields) -> tuple[str | None, str | None]:
    """The arXiv id and the field it came from, wherever the exporter put it."""
    prefix = fields.raw("archiveprefix") or fields.raw("eprinttype")
    candidates: list[tuple[str, Callable[[], str | None]]] = [
        ("eprint", lambda: arxiv_from_eprint(fields.raw("eprint"), prefix)),
        ("arxiv", lambda: arxiv_from_eprint(fields.raw("arxiv"))),
        ("arxivid", lambda: arxiv_from_eprint(fields.raw("arxivid"))),
        ("doi", lambda: arxiv_from_doi(fields.identifier("doi"))),
        *((name, lambda name=name: arxiv_from_url(fields.identifier(name)))
          for name in ("url", "howpublished", "pdf", "html")),
        *((name, lambda name=name: arxiv_from_text(fields.raw(name)))
          for name in ("journal", "journaltitle", "note", "number", "eid", "pages", "howpublished", "booktitle")),
        ("volume", lambda: arxiv_from_corr_volume(fields.raw("journal"), fields.raw("volume"))),
        *((name, lambda name=name: arxiv_from_any_text(fields.identifier(name))) for name in ("volume", "pages")),
    ]
    for name, find in candidates:
        if fields.raw(name):
            found = find()
            if found:
                return found, name
    return None, None


def _venue(fields: _Fields) -> str | None:
    for name in VENUE_FIELDS:
        if name == "howpublished" and ("\\url" in fields.raw(name) or is_http_url(fields.identifier(name))):
            continue
        venue = fields.text(name)
        if venue:
            venue = venue.rstrip(", ").strip()  # al-folio's example writes "Phys. Rev.,"
            if venue and not is_arxiv_venue(venue):
                return venue
    return None


def _keywords(fields: _Fields) -> list[str]:
    """The keywords, split at commas and semicolons outside braces (`{2D CNN, 3D CNN}` is one keyword); BibSonomy's
    tags at spaces, each tag's `_` (its spaces) a space (`reinforcement_learning` is "reinforcement learning")."""
    if _from_bibsonomy(fields):
        return [word.replace("_", " ").strip() for word in re.split(r"[\s,]+", fields.text("keywords") or "")
                if word.strip("_")]
    return _word_list(fields, "keywords", ",;")


def _from_bibsonomy(fields: _Fields) -> bool:
    """An entry BibSonomy exported (its `biburl` on bibsonomy.org), or PUMA, BibSonomy's software at universities
    (its `interhash` and `intrahash`): tags separated by spaces, as BibSonomy keeps them."""
    host = urlsplit(fields.identifier("biburl")).hostname or ""
    return host == "bibsonomy.org" or host.endswith(".bibsonomy.org") or {"interhash", "intrahash"} <= fields.values.keys()


def _folder_paths(fields: _Fields, key: str, groups: GroupTree) -> list[tuple[str, ...]]:
    """The groups (JabRef) and folders (Mendeley: `Thesis/Ergonomics`) the entry is filed in, each as its path:
    a JabRef group named in `groups` by its name alone placed in the file's group tree, and the groups of
    JabRef 2 and 3 that list the entry's key there."""
    folders = [folder for field in FOLDER_FIELDS for folder in groups.rejoined(_word_list(fields, field, ","))]
    paths = [groups.path(folder) or tuple(part.strip() for part in folder.split("/") if part.strip())
             for folder in folders]
    return list(dict.fromkeys(path for path in [*paths, *groups.listed(key)] if path))



def _word_list(fields: _Fields, name: str, separators: str) -> list[str]:
    """A field's words, split at `separators` outside braces."""
    raw = fields.raw(name)
    if "{" not in raw:
        text = fields.text(name) or ""
        return [word.strip() for word in re.split(f"[{separators}]", text) if word.strip()]
    words = _split_outside_braces(raw, re.compile(f"[{separators}]"))
    return [word for word in (latex_to_text(word.strip()) for word in words) if word]


def _links(fields: _Fields, arxiv: str | None, doi: str | None,
           site: AlFolioSite | None) -> tuple[dict[str, str], list[str]]:
    """Named links from url/al-folio fields (a file of an al-folio site at its address on the site); a link to the
    paper's own arXiv or DOI page adds nothing."""
    links: dict[str, str] = {}
    problems: list[str] = []
    for field, name in LINK_FIELDS.items():
        value = fields.identifier(field)
        if not value:
            continue
        if field == "youtube" and re.fullmatch(r"[\w-]{6,20}", value):
            value = f"https://www.youtube.com/watch?v={value}"
        elif field == "github" and re.fullmatch(r"[\w.-]+/[\w.-]+", value):
            value = f"https://github.com/{value}"
        elif site and (linked := site.link(field, value)):
            value = linked
        if not is_http_url(value):
            if field != "howpublished":
                problems.append(file_note(field, value) or f"{field} ('{value[:60]}' is not a web address)")
            continue
        if is_own_page(value, arxiv, doi):
            continue  # the page links arXiv and the DOI from their own fields
        if field in ("url", "howpublished") and value.lower().split("?")[0].endswith(".pdf"):
            name = "pdf"
        links.setdefault(name, value)
    return links, problems


def _author_count(fields: _Fields, named: int) -> int | None:
    """papershelf's own export says how many authors its "and others" stands for (`author_count = {313}`)."""
    value = fields.raw("author_count")
    if not value:
        return None
    if value.isdigit() and named < int(value) <= MAX_COUNT:
        return int(value)
    fields.problems.append(f"author_count ('{value[:20]}' is not a number above the {named} names listed)")
    return None


def _citation(entry: Entry, fields: _Fields) -> dict[str, str] | None:
    """The entry's key, type, volume, number, pages, publisher and URL, for the BibTeX exports."""
    url = fields.identifier("url")
    key = entry.key if _CITATION_KEY.match(entry.key) else None
    if key is None and entry.key.strip():
        fields.problems.append(f"key ('{entry.key[:60]}' not kept: a key papershelf keeps is ASCII letters, digits "
                               "and _:.+/&-, the characters BibTeX reads in any encoding; the exports make one)")
    values: dict[str, str | None] = {
        "key": key,
        "type": entry.entry_type.lower() if re.fullmatch(r"[a-z]{2,20}", entry.entry_type.lower()) else None,
        "volume": fields.text("volume"),
        "number": fields.text("number") or fields.text("issue"),
        "pages": range_dash(fields.text("pages") or ""),
        "publisher": (fields.text("publisher") or "").rstrip(", ") or None,
        "url": url if is_http_url(url) else None,
    }
    return citation_fields(values)


def _ignored(fields: _Fields, arxiv_from: str | None) -> list[str]:
    """Fields that did not make it into the paper: neither read nor the place the arXiv id came from."""
    return [name for name in fields.values if name not in READ_FIELDS and name != arxiv_from]
