"""Where papers come from: arXiv, BibTeX files and Hugging Face Daily Papers.

Every source turns its input into `PaperDraft`s (front-matter fields, abstract,
notes) or `Skipped` records (where, and why the entry cannot become a paper).
Sources never write files and never know about the collection: `adding.py`
adds topics and the date, refuses duplicates and writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.citation import evidently_organization
from ..model.identity import person_key
from ..model.plaintext import body_without_refused
from ..model.schema import MAX_TAGS, name_key
from .identifiers import is_own_page, keywords_not_tags


@dataclass
class PaperDraft:
    """A paper read from a source: `meta` uses the keys of `papershelf.model.writer.FIELD_ORDER`."""

    meta: dict[str, Any]
    abstract: str
    origin: str  # where it came from, for messages: "entry 3 (key vaswani2017)", "line 120"
    notes: str = ""
    keywords: list[str] = field(default_factory=list)  # the entry's own words, matched against topics
    # the folders the entry is filed in, each a path outermost first (Zotero collections, Mendeley folders, JabRef
    # groups, a reading list's sections, a sheet's topic cells): what `import --add-topics` makes topics of
    groups: list[tuple[str, ...]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # fields of the entry that did not make it into the paper


@dataclass(frozen=True)
class Skipped:
    """An input entry that cannot become a paper, and why."""

    origin: str
    reason: str
    keywords: tuple[str, ...] = ()  # an entry skipped for want of a topic: its keywords, to suggest topics
    # An entry that lacks what arXiv gives (authors, a date) and names its arXiv id (`partial.meta["arxiv"]`):
    # `import` asks arXiv and completes it (adding.completed_from_arxiv); `reason` says why it is skipped if not
    partial: PaperDraft | None = field(default=None, compare=False)


Parsed = PaperDraft | Skipped


@dataclass
class SourceResult:
    """What a source read from one input, in input order."""

    items: list[Parsed] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # about the file as a whole: a sheet's columns not read

    @property
    def drafts(self) -> list[PaperDraft]:
        return [item for item in self.items if isinstance(item, PaperDraft)]

    @property
    def skipped(self) -> list[Skipped]:
        return [item for item in self.items if isinstance(item, Skipped)]


# A date written as text, YYYY[-MM[-DD]], at the start of a value ("2019-12-31T23:46:17+08:00")
TEXT_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_number(name: str) -> int | None:
    """1–12 for a month's name or its first three letters, in any case ("May", "SEP", "september")."""
    prefix = name.lower()[:3]
    return MONTHS.index(prefix) + 1 if prefix in MONTHS else None


def page_range(start: str, end: str) -> str:
    """"12–19" from the first and last page; the first alone when the last is missing or the same."""
    return start if not end or end == start else f"{start}–{end}"


def range_dash(pages: str) -> str:
    """Pages as every reader keeps them: "46-53" or "S12--S19" (CSL's and BibTeX's dashes) as "46–53", which the
    exports write back in each format's own way; an article number with a hyphen (Optica's "CTh2B-3") and an arXiv
    id in the field (NASA ADS, Zotero) as they are."""
    return _PAGE_RANGE.sub(r"\1–\2", pages) if "-" in pages else pages


# a first and last page ("46", "S12", "e1"), not part of a longer word or identifier
_PAGE_RANGE = re.compile(r"(?<![\w.:/-])([A-Za-z]{0,3}\d+)[ \t]*-{1,3}[ \t]*([A-Za-z]{0,3}\d+)(?![\w.-])")


def citation_fields(fields: Mapping[str, str | None]) -> dict[str, str] | None:
    """The citation details a source gives, each at most 100 characters (a URL at any length); None if none."""
    citation = {name: value for name, value in fields.items() if value and (name == "url" or len(value) <= 100)}
    return citation or None


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def clean_abstract(text: str) -> str:
    """Hard-wrapped source text as paragraphs: lines joined, blank lines kept as paragraph breaks.

    A '<' that would start an HTML tag ("<eos>", "</s>") becomes '&lt;': paper
    bodies may not hold raw HTML, and Markdown shows '&lt;' as '<'.
    """
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return without_tags("\n\n".join(collapse_spaces(p) for p in paragraphs if p.strip()))


def without_tags(text: str) -> str:
    """`text` with each '<' that would start an HTML tag written '&lt;' (paper bodies hold no raw HTML)."""
    return _TAG_START.sub("&lt;", text)


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def group_names(paths: list[tuple[str, ...]]) -> list[str]:
    """The names a folder is matched against topics by, as keywords are: its path ("Thesis/Ergonomics", "0
    Proceedings/LDAC 2021") and its own name ("Ergonomics")."""
    return [name for path in paths for name in dict.fromkeys(("/".join(path), path[-1]))]


def missing_required(meta: dict[str, Any]) -> list[str]:
    """The required fields a draft lacks; authors may be empty only with an author_count or more_authors."""
    missing = [name for name in ("title", "date") if not meta.get(name)]
    if not meta.get("authors") and not meta.get("author_count") and not meta.get("more_authors"):
        missing.append("authors")
    return missing


# Names exporters write for "and more authors" (Google Scholar's "and others", Mendeley's "Al., Et").
PLACEHOLDER_AUTHORS = frozenset({"others", "et al", "et al.", "et. al.", "al., et", "al. et", "al., et.", "al et",
                                 "and others", "et alii", "u.a.", "…", "...", "et al.,"})


def is_placeholder_author(name: str) -> bool:
    return " ".join(name.casefold().split()).strip(" ,;") in PLACEHOLDER_AUTHORS


_EMPTY_NAME_PART = re.compile(r"(?<= )(?:null|undefined)(?= )")


def names_written_once(names: list[str]) -> list[str] | None:
    """The names of a list that writes every author twice, one after the other, with the same family name each
    time and the very same name at least once ("A, A, B, B"; at times "David L. Verbyla, David Verbyla", "Nathan
    C. Benson, Nate C. Benson", "Milan Koreň, M. Koren"), each once, as first written; None for any other list
    (two authors of one family name stay two)."""
    if len(names) < 2 or len(names) % 2:
        return None
    pairs = list(zip(names[::2], names[1::2], strict=True))
    alike = any(first == second for first, second in pairs)
    if alike and all(_family(first) == _family(second) for first, second in pairs):
        return [first for first, _ in pairs]
    return None


def _family(name: str) -> str:
    """A name's last word, as author identity compares it ("Koreň" and "Koren" alike)."""
    return person_key(name.split()[-1])


def without_format_characters(text: str) -> str:
    """`text` without invisible formatting characters (Unicode category Cf: U+202A, U+200B, a soft hyphen), which
    exporters leave in names and titles; control characters stay, for validation to refuse with their code."""
    return text if text.isascii() else "".join(char for char in text if unicodedata.category(char) != "Cf")


def tidy(draft: PaperDraft) -> PaperDraft:
    """What every source's drafts need before they are checked, each change noted on the draft:
    placeholder authors become `more_authors` (or the `author_count` beside them), invisible formatting characters
    and an exporter's "null" leave names, a list that names every author twice names each once, invisible
    formatting characters leave titles, and tags beyond the cap are trimmed (as authors beyond theirs are)."""
    meta = draft.meta
    authors = [name for name in meta.get("authors") or [] if isinstance(name, str)]
    named = [name for name in authors if not is_placeholder_author(name)]
    if len(named) < len(authors):
        placeholders = sorted({name for name in authors if is_placeholder_author(name)})
        if (meta.get("author_count") or 0) > len(named):  # papershelf's own export says how many "others" are
            says = f"author_count {meta['author_count']} says how many authors there are"
        else:  # how many is not known: a count would be made up
            meta["author_count"], meta["more_authors"] = None, True
            says = "more_authors: true says the paper has more authors, not recorded"
        draft.ignored.append(f"author '{placeholders[0]}' (not a name: {says})")
    cleaned = [without_format_characters(name) for name in named]
    if cleaned != named:
        draft.ignored.append("invisible formatting characters in author names (removed)")
    filled = [_EMPTY_NAME_PART.sub(" ", f" {name} ").strip() for name in cleaned]
    if filled != cleaned:  # Lens.org writes "null Tobler" for a person whose given name it lacks
        draft.ignored.append("'null' in author names (an exporter's empty field, not a name: removed)")
        cleaned = filled
    meta["authors"] = [name for name in (collapse_spaces(name) for name in cleaned) if name]
    once = names_written_once(meta["authors"])
    if once is not None:
        meta["authors"] = once
        draft.ignored.append("each author's name written twice in a row (as ResearchRabbit exports them): kept once")
    if "organizations" in meta:
        meta["organizations"] = recorded_organizations(meta["authors"], meta["organizations"])
    for name in ("title", "venue"):
        value = meta.get(name)
        if isinstance(value, str) and without_format_characters(value) != value:
            meta[name] = collapse_spaces(without_format_characters(value)) or None
            draft.ignored.append(f"invisible formatting characters in the {name} (removed)")
    _drop_body_controls(draft)
    citation = meta.get("citation") or {}
    if citation.get("url") and is_own_page(citation["url"], meta.get("arxiv"), meta.get("doi")):
        # the exports write the paper's arXiv or DOI page from its identifier: kept, it would not come back the same
        meta["citation"] = {name: value for name, value in citation.items() if name != "url"} or None
    if meta.get("tags") is not None:
        folders = set(group_names(draft.groups))
        said = keywords_not_tags([word for word in draft.keywords if word not in folders])
        draft.ignored += [note for note in said if note not in draft.ignored]  # a draft may be tidied twice
    tags = meta.get("tags") or []
    if len(tags) > MAX_TAGS:
        meta["tags"] = tags[:MAX_TAGS]
        draft.ignored.append(f"tags: kept the first {MAX_TAGS} of {len(tags)} keywords (the most a paper holds)")
    return draft


def _drop_body_controls(draft: PaperDraft) -> None:
    """The abstract and notes without control characters (a degree sign a PDF copy left as U+0001, "300\x01C"),
    which no paper file may hold: the rest of the paper is kept, and the report names what was removed."""
    draft.abstract, in_abstract = body_without_refused(draft.abstract)
    draft.notes, in_notes = body_without_refused(draft.notes)
    for part, codes in (("abstract", in_abstract), ("notes", in_notes)):
        if codes:
            draft.ignored.append(f"characters no page can show in the {part} ({', '.join(codes[:5])}: a character "
                                 "the exporter lost, removed; check the text against the paper)")


def recorded_organizations(authors: list[str], marked: object) -> list[str] | None:
    """What a paper's `organizations` records of the names a source `marked` as organizations': those of `authors`
    (spelled as `authors` writes them) that do not say so themselves ("PHENIX Collaboration" does:
    citation.evidently_organization); None when there are none."""
    keys = {name_key(without_format_characters(name)) for name in marked if isinstance(name, str)} \
        if isinstance(marked, list) else set()
    kept = [name for name in authors if name_key(name) in keys and not evidently_organization(name)]
    return list(dict.fromkeys(kept)) or None


# A person's name written as one field: initials, then a family name ("P. Widhalm", "J.-P. Sartre", as IEEE Xplore
# names authors and Zotero keeps them), or a family name, then initials ("Widhalm P.")
_PERSON_BY_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.[\s-]*){1,4}[A-Z][^\s.]*|[A-Z][^\s.]+(?:\s[A-Z]\.){1,4}")


def single_field_organizations(names: list[str]) -> list[str]:
    """Of the names an exporter wrote as one field, never split (BibTeX's `{{Nobel Media}}`, CSL's `literal`, Zotero's
    single-field creators), those that are organizations': more than one word and no comma. A one-word name
    (李飞飞, a mononym) is a person's as often as not; "Peebles, Jr., Peyton" (papershelf's own CSL for a
    suffixed name) and "P. Widhalm" (initials and a family name) are a person's."""
    return [name for name in names if len(name.split()) > 1 and "," not in name
            and not (_PERSON_BY_INITIALS.fullmatch(name.strip()) and not evidently_organization(name))]


def checked(draft: PaperDraft, names: dict[str, str] | None = None) -> Parsed:
    """The draft (tidied), or a `Skipped` naming the required data it lacks (`names` renames fields for the source).

    An abstract is not required: many exporters (DBLP, Google Scholar) write none.
    """
    tidy(draft)
    missing = [(names or {}).get(name, name) for name in missing_required(draft.meta)]
    if missing:
        lacking = ", no ".join(missing)
        return Skipped(draft.origin, f"no {lacking}: a paper needs a title, authors and a date (an abstract is optional)")
    return draft
