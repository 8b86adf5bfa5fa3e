"""A folder of paper notes as `PaperDraft`s: one Markdown file a paper, its fields in YAML (or TOML) front matter,
as Obsidian, Foam or Dendron vaults, Jekyll and MkDocs sites of reading notes, and scripts write them.

Each note's front matter gives the paper, by the names such notes use: `title`; `authors` (a list, or one text
"A, B and C", "Family, Given; …", Obsidian links `[[authors/Ada Lovelace]]`), or `author` when it names people
(not "Google Research; MIT"); `year` (a `date`, `published` or `publication_date` beside it gives the day when it
agrees); `venue`/`conference`/`journal`; `arxiv`/`arxiv_id`/`eprint`, `doi`; `url`/`link`/`pdf`/`code` and a `links`
mapping; `tags`/`keywords` (a list, one text, or a mapping of lists); `abstract`, else a section of the note headed
"Abstract". A note whose front matter lacks authors or a date but names an arXiv paper (an id, an arxiv.org link,
or the one arXiv paper its text links) is completed from arXiv, its own fields winning.

The note's own text is the group's: it is not imported (it stays in the notes), and the report says so once for
the folder. A note without front matter, or whose front matter is a template's (`{{title}}`), is skipped and named.
Reading is bounded as a Hugo site's is (`hugo.MAX_PAGES`, `MAX_FOLDERS`, `MAX_BYTES`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model.problems import UsageError
from ..model.schema import CITATION_KEY_PATTERN, PAPER_FIELDS
from ..model.yamlstrict import YamlProblem
from . import (
    PaperDraft,
    Parsed,
    Skipped,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    missing_required,
    range_dash,
)
from .hugo import (
    FRONT_MATTER,
    MAX_BYTES,
    MAX_FOLDERS,
    MAX_PAGES,
    file_start,
    front_matter_data,
    front_matter_fields,
    looks_like_hugo_publication,
)
from .identifiers import (
    arxiv_from_eprint,
    arxiv_from_url,
    arxiv_mentions,
    clean_doi,
    is_http_url,
    located_fields,
    plain_identifier,
)
from .ris import person_name
from .spreadsheet import EMPTY_CELLS, row_date, split_authors

TITLE_KEYS = ("title",)
VENUE_KEYS = ("venue", "conference", "journal", "booktitle", "publication", "published_in")
ARXIV_KEYS = ("arxiv", "arxiv_id", "arxiv-id", "arxivid", "arxiv_number", "eprint")
LINK_KEYS = {"url": "paper", "link": "paper", "paper": "paper", "paper_url": "paper", "pdf": "pdf", "pdf_url": "pdf",
             "code": "code", "github": "code", "repo": "code", "project": "project", "website": "project"}
TAG_KEYS = ("tags", "keywords")
DATE_KEYS = ("published", "publication_date", "pub_date", "date_published")
READ_KEYS = frozenset({*TITLE_KEYS, "citekey", "citation_key", "volume", "number", "issue", "pages", "authors",
                       "author", "year", "month", "date", *DATE_KEYS, *VENUE_KEYS, *ARXIV_KEYS,
                       "doi", *LINK_KEYS, "links", *TAG_KEYS, "abstract", "category", "categories"})
# Words that name an institution, not a person: a note's `author` that holds affiliations is not read as names
_INSTITUTION = re.compile(r"\b(?:universit\w*|institut\w*|college|school|academy|laborator\w*|lab|labs|research|"
                          r"inc|ltd|corporation|google|microsoft|meta|deepmind|openai|nvidia|department|centre|"
                          r"center)\b",
                          re.IGNORECASE)
# [[authors/Ada Lovelace]] or [[Ada Lovelace|A. Lovelace]]; bounded, so that text full of "[[" stays linear
_WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]{1,300})(?:\|([^\[\]\n]{1,300}))?\]\]")
_AFFILIATION = re.compile(r" ?\([^()]{0,200}\)")  # not \s*: a long run of spaces would make it quadratic
_ABSTRACT_HEADING = re.compile(r"^#{1,6}[ \t]+abstract[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_ABSTRACT_CALLOUT = re.compile(r"^>[ \t]*\[!abstract\][^\n]{0,200}\n((?:>[^\n]*(?:\n|$))*)",
                               re.IGNORECASE | re.MULTILINE)
_NEXT_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_CITATION_KEY = re.compile(CITATION_KEY_PATTERN)
_MORE_THAN_ONE = re.compile(r"\s(?:and|&)\s|\bet\.? ?al\b|\band others\b", re.IGNORECASE)
# Dataview's inline field, a line of a note's text or of a callout (">"): "**Year**:: 1993"; bounded, and at most
# MAX_INLINE_FIELDS read
_INLINE_FIELD = re.compile(r"^[> \t]{0,10}\*{0,2}([A-Za-z][A-Za-z ]{0,40}?)\*{0,2}::[ \t]*([^\n]{0,2000}?)[ \t]*"
                           r"(?:<br>)?[ \t]*$", re.MULTILINE)
_INLINE_KEYS = {"author": "authors", "authors": "authors", "journal": "venue", "publication": "venue",
                "proceedings title": "venue", "conference name": "venue", "issue": "number"}
MAX_INLINE_FIELDS = 500
_TEMPLATE = re.compile(r"\{\{|\{%|<%")  # Obsidian's, Zotero Integration's (Nunjucks) and Templater's placeholders
TEMPLATE_FOLDERS = frozenset({"templates", "template", "_templates", ".obsidian", ".trash", "node_modules", "site",
                              "_site", "public"})


def looks_like_paper_note(text: str) -> bool:
    """A Markdown note whose front matter has a title and an author, a year or an arXiv id (not a Hugo publication
    page, which hugo.py reads with its site)."""
    text = text.lstrip("\ufeff")
    data = front_matter_data(text)
    if not isinstance(data, dict) or looks_like_hugo_publication(text):
        return False
    found = FRONT_MATTER.match(text)
    body = text[found.end():] if found else ""
    fields = {**inline_fields(body), **data}
    if not any(key in fields for key in ("year", *ARXIV_KEYS)) and len(set(arxiv_mentions(body))) >= 2:
        return False  # a page that lists papers (a reading list with front matter), not a note on one
    return bool(_text(fields.get("title"))) and any(key in fields for key in ("authors", "author", "year", *ARXIV_KEYS))


def names_a_paper(text: str) -> bool:
    """A paper note whose front matter names the paper itself (a year, an arXiv id, a DOI): what tells a note on a
    paper from a blog post, which has a title, an author and the day it was posted."""
    data = front_matter_data(text.lstrip("\ufeff"))
    return looks_like_paper_note(text) and isinstance(data, dict) and \
        any(key in data for key in ("year", "doi", *ARXIV_KEYS))


def holds_paper_notes_naming_papers(folder: Path) -> bool:
    """Whether a folder's own Markdown files include a note that names its paper (names_a_paper)."""
    return any(names_a_paper(file_start(path)) for path in _own_notes(folder))


def has_paper_notes(folder: Path) -> bool:
    """Whether a folder holds paper notes (one of its first 20 Markdown files is one)."""
    for number, path in enumerate(_note_paths(folder)):
        if number >= 20:
            return False
        if looks_like_paper_note(file_start(path)):
            return True
    return False


def holds_paper_notes(folder: Path) -> bool:
    """Whether a folder's own Markdown files (the first 20 by name, not its subfolders') are paper notes."""
    return any(looks_like_paper_note(file_start(path)) for path in _own_notes(folder))


def _own_notes(folder: Path) -> list[Path]:
    """A folder's own first Markdown files (of at most 200 listed), by name: what tells what the folder holds."""
    files = sorted(path for path in itertools.islice(folder.glob("*.md"), 200) if path.is_file()
                   and not path.is_symlink())
    return files[:20]


def is_papershelf_paper(text: str) -> bool:
    """Whether a Markdown file is a papershelf paper file: front matter with a title and topics, and no field
    papershelf does not know."""
    data = front_matter_data(text.lstrip("\ufeff"))
    return isinstance(data, dict) and "title" in data and "topics" in data and set(map(str, data)) <= set(PAPER_FIELDS)


def holds_papershelf_papers(folder: Path) -> bool:
    """Whether a folder's own first Markdown files include a papershelf paper file."""
    return any(is_papershelf_paper(file_start(path)) for path in _own_notes(folder))


def read_notes(folder: Path) -> SourceResult:
    """The notes of a folder, in name order."""
    read: list[tuple[Parsed, bool]] = []
    budget = MAX_BYTES
    for note in sorted(_bounded_paths(folder)):
        shown = str(note.relative_to(folder))
        budget -= note.stat().st_size
        if budget < 0:
            raise UsageError(f"{folder}: its notes hold more than {MAX_BYTES:,} bytes, the limit for an import: "
                             "import its subfolders one by one")
        try:
            text = note.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as error:
            read.append((Skipped(shown, f"is not UTF-8 text (byte {error.start}): save it as UTF-8"), False))
            continue
        read.append(note_to_draft(text, shown))
    return notes_result(read)


def read_note(text: str, name: str) -> SourceResult:
    """One note's text (a file, or the note at a web address)."""
    return notes_result([note_to_draft(text.lstrip("\ufeff").replace("\r\n", "\n"), name)])


def notes_result(read: list[tuple[Parsed, bool]]) -> SourceResult:
    result = SourceResult([item for item, _ in read])
    with_text = sum(has_text for _, has_text in read)
    if with_text:
        result.notices.append(f"the text of {with_text} note(s) below the front matter is not imported (it is yours "
                              "and stays in the notes): put what readers should see under '## Notes' in the "
                              "paper's file")
    return result


def note_to_draft(text: str, origin: str) -> tuple[Parsed, bool]:
    """(the note as a draft, or why it is skipped; whether it has text of its own that is not imported)."""
    found = FRONT_MATTER.match(text)
    if not found:
        return Skipped(origin, "no front matter (--- … ---): not a paper note"), False
    if _TEMPLATE.search(found.group(2)):
        return Skipped(origin, "a template (its front matter holds {{…}} or {%…%} placeholders), not a note"), False
    try:
        data, _ = front_matter_fields(found)
    except YamlProblem as problem:
        return Skipped(origin, f"front matter line {problem.line}: {problem.message}; correct the note"), False
    except tomllib.TOMLDecodeError as error:
        return Skipped(origin, f"front matter is not valid TOML ({error}); correct the note"), False
    if not isinstance(data, dict):
        return Skipped(origin, "its front matter is not a mapping of fields (title: …, authors: …)"), False
    body = text[found.end():]
    data = {**inline_fields(body), **data}  # the front matter's fields win over the text's
    abstract, rest = _abstract_section(body)
    draft = PaperDraft(_meta(data, body), clean_abstract(_text(data.get("abstract")) or abstract), origin,
                       keywords=_keywords(data))
    draft.ignored = _unread(data, draft)
    item = checked(draft)
    if isinstance(item, Skipped):
        lacking = missing_required(draft.meta)
        if draft.meta.get("arxiv"):  # arXiv gives what the note lacks
            item = Skipped(origin, f"no {', no '.join(lacking)} in the note, and arXiv {draft.meta['arxiv']} was not "
                                   "asked", partial=draft)
        else:
            wanted = {"title": "title: …", "authors": "authors: [Ada Lovelace, …]", "date": "year: 2024"}
            item = Skipped(origin, f"no {', no '.join(lacking)}: add {', '.join(wanted[name] for name in lacking)} to "
                                   "the note's front matter, or its arXiv id (arxiv: \"2401.10000\") for papershelf "
                                   "to ask arXiv")
    return item, bool(rest.strip())


def inline_fields(body: str) -> dict[str, Any]:
    """The fields a note's text gives as Dataview's `Key:: value` lines (the Zotero Integration plugin writes a
    paper's metadata so: "**Author**:: Banfield, Jeffrey D.", "> **Year**:: 1993", ">**DOI**:: 10.2307/2532201"),
    by the front matter's names: `Author` lines as `authors`, `Journal` as `venue`, a citekey without its "@"."""
    fields: dict[str, Any] = {}
    for found in itertools.islice(_INLINE_FIELD.finditer(body), MAX_INLINE_FIELDS):
        key = _INLINE_KEYS.get(found[1].strip().casefold(), found[1].strip().casefold().replace(" ", "_"))
        value = collapse_spaces(found[2].strip("*_ ").removeprefix("@"))
        if not value:
            continue
        if key == "authors":
            fields.setdefault("authors", []).append(value)
        else:
            fields.setdefault(key, value)
    return fields


def _meta(data: dict[str, Any], body: str) -> dict[str, Any]:
    doi = clean_doi(plain_identifier(_text(data.get("doi")))) if _text(data.get("doi")) else None
    links = _links(data)
    arxiv = _arxiv(data, links, body)
    venue = next((value for key in VENUE_KEYS if (value := _text(data.get(key)))), "")
    return {
        "title": collapse_spaces(_text(data.get("title"))) or None,
        "authors": _authors(data),
        "date": _date(data, arxiv),
        **located_fields(arxiv, doi, [], venue, _tags(data)),
        "links": {name: url for name, url in links.items()
                  if not (arxiv and arxiv_from_url(url) == arxiv) and not (doi and clean_doi(url) == doi)},
        "citation": _citation(data),
    }


def _citation(data: dict[str, Any]) -> dict[str, str] | None:
    """The note's citation key (Zotero's and BibTeX's: a \\cite{…} of it works with the site's BibTeX), volume,
    issue and pages."""
    key = _text(data.get("citekey") or data.get("citation_key"))
    return citation_fields({"key": key if _CITATION_KEY.fullmatch(key) else "", "volume": _text(data.get("volume")),
                            "number": _text(data.get("number") or data.get("issue")),
                            "pages": range_dash(_text(data.get("pages")))})


def _text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = collapse_spaces(str(value))
        return "" if text.casefold() in EMPTY_CELLS else text
    return ""


def _authors(data: dict[str, Any]) -> list[str]:
    """`authors`, or `author` unless it names institutions; Obsidian links and "(affiliation)" taken off."""
    value = data.get("authors")
    if value in (None, "", []):
        value = data.get("author")
        texts = value if isinstance(value, list) else [value]
        if any(_INSTITUTION.search(_AFFILIATION.sub("", _text(text))) for text in texts):
            return []  # "Tel-Aviv University; Google Research": affiliations, which arXiv's names replace
    found: list[str] = []
    for name in value if isinstance(value, list) else [value]:
        text = _WIKI_LINK.sub(lambda link: link[2] or link[1].rsplit("/", 1)[-1], _person(name))
        text = _AFFILIATION.sub("", text)
        if text:  # a list's item is one person ("Banfield, Jeffrey D."), unless it says more ("A and B", "et al.")
            one = isinstance(value, list) and not (";" in text or _MORE_THAN_ONE.search(text))
            found += [person_name(text)] if one else split_authors(text)
    return [name for name in map(collapse_spaces, found) if name]


def _person(value: object) -> str:
    """An author as a note writes one: a name, or a mapping with a `name` (or `given` and `family`)."""
    if isinstance(value, dict):
        given, family = _text(value.get("given")), _text(value.get("family"))
        return _text(value.get("name")) or " ".join(part for part in (given, family) if part)
    return _text(value)


def _date(data: dict[str, Any], arxiv: str | None) -> str | None:
    """The year with the day a publication date gives when it agrees; without a year, a publication date, else the
    note's `date`, which may be the day the note was written: for a paper on arXiv, arXiv's date is asked instead."""
    year = _text(data.get("year"))
    published = next((value for key in DATE_KEYS if (value := _text(data.get(key)))), "")
    if year:
        return row_date(published or _text(data.get("date")), year, _text(data.get("month")))
    return row_date(published or ("" if arxiv else _text(data.get("date"))[:10]), "")


def _arxiv(data: dict[str, Any], links: dict[str, str], body: str) -> str | None:
    """The note's arXiv id: a field of its own (as text: an id YAML read as a number may have lost a zero, so the
    note's links are asked first then), an arxiv.org link, or the one arXiv paper its text links."""
    for key in ARXIV_KEYS:
        value = data.get(key)
        if isinstance(value, str) and (found := arxiv_from_eprint(value.removeprefix("arXiv:").strip())
                                       or arxiv_from_url(value)):
            return found
    found = next(filter(None, map(arxiv_from_url, links.values())), None)
    if found:
        return found
    mentioned = set(arxiv_mentions(body))
    return mentioned.pop() if len(mentioned) == 1 else None


def _links(data: dict[str, Any]) -> dict[str, str]:
    """The note's web links by kind (local files and empty fields left out)."""
    pairs = [(LINK_KEYS[key], data[key]) for key in LINK_KEYS if key in data]
    nested = data.get("links")
    if isinstance(nested, dict):
        pairs += [(LINK_KEYS.get(str(key).casefold(), str(key).casefold()), value) for key, value in nested.items()]
    links: dict[str, str] = {}
    for name, value in pairs:
        url = _text(value)
        if is_http_url(url) and re.fullmatch(r"[a-z][a-z0-9-]{0,30}", name):
            links.setdefault(name, url)
    return links


def _tags(data: dict[str, Any]) -> list[str]:
    """`tags` and `keywords`: lists, one text of words ("arXiv_CL Inference", "a, b"), or a mapping of lists."""
    found: list[str] = []
    for key in TAG_KEYS:
        value = data.get(key)
        values = [item for items in value.values() for item in (items if isinstance(items, list) else [items])] \
            if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for item in map(_text, values):
            found += [word.strip().lstrip("#") for word in re.split(r"[,;]" if "," in item or ";" in item else r"\s+",
                                                                      item) if word.strip()]
    return found


def _keywords(data: dict[str, Any]) -> list[str]:
    categories = data.get("categories", data.get("category"))
    return _tags(data) + [text for text in map(_text, categories if isinstance(categories, list) else [categories])
                          if text]


def _abstract_section(body: str) -> tuple[str, str]:
    """(the text under a heading "Abstract", or in an Obsidian callout `> [!Abstract]`; the rest of the note's
    text)."""
    callout = _ABSTRACT_CALLOUT.search(body)
    if callout:
        lines = [line.lstrip(">").strip() for line in callout[1].splitlines()]
        return "\n".join(lines).strip(), body[:callout.start()] + body[callout.end():]
    heading = _ABSTRACT_HEADING.search(body)
    if not heading:
        return "", body
    end = _NEXT_HEADING.search(body, heading.end())
    stop = end.start() if end else len(body)
    return body[heading.end():stop].strip(), body[:heading.start()] + body[stop:]


def _unread(data: dict[str, Any], draft: PaperDraft) -> list[str]:
    unread = sorted(str(key) for key, value in data.items()
                    if str(key).casefold() not in READ_KEYS and value not in (None, "", [], {}))[:40]
    if any(isinstance(data.get(key), float) for key in ARXIV_KEYS):
        unread.append("an arXiv id written as a number (YAML may have dropped a final 0; quote it: \"1706.03760\")")
    if data.get("date") and not data.get("year") and draft.meta.get("arxiv") and not draft.meta.get("date"):
        unread.append("date (a note's date may be the day it was written: the paper's date is arXiv's)")
    if data.get("author") and not data.get("authors") and not draft.meta.get("authors"):
        unread.append("author (it names institutions, not people)")
    return unread


def _note_paths(folder: Path) -> Iterator[Path]:
    """The Markdown files under `folder`: links not followed, hidden folders, templates and built sites not
    entered; at most MAX_FOLDERS folders."""
    stack, folders = [folder], 0
    while stack:
        current = stack.pop()
        folders += 1
        if folders > MAX_FOLDERS:
            raise UsageError(f"{folder}: holds more than {MAX_FOLDERS:,} folders; give the folder of the notes")
        for child in sorted(current.iterdir(), reverse=True):
            if child.is_symlink() or child.name.startswith("."):
                continue
            if child.is_dir():
                if not not_notes(child.name):  # a template's file is read, and skipped as a template with its name
                    stack.append(child)
            elif child.suffix.casefold() == ".md":
                yield child


def not_notes(folder_name: str) -> bool:
    """A folder of templates ("Templates", "001_Templates"), settings or a built site, not of notes."""
    name = folder_name.casefold()
    return name in TEMPLATE_FOLDERS or "template" in name


def _bounded_paths(folder: Path) -> list[Path]:
    paths = []
    for path in _note_paths(folder):
        paths.append(path)
        if len(paths) > MAX_PAGES:
            raise UsageError(f"{folder}: holds more than {MAX_PAGES:,} notes: import its subfolders one by one")
    return paths

