"""A Hugo research site's publication pages as `PaperDraft`s: Hugo Blox, Wowchemy and Hugo Academic
(`content/publication/<paper>/index.md`, with the `cite.bib` the theme's Cite button serves beside it).

A group that already publishes its papers with Hugo imports the folder, or the site: each page's front matter
(YAML between `---`, or TOML between `+++` in older Academic sites) gives the paper, and its `cite.bib`, when there
is one, fills what the page lacks (venue details, the citation key, whether the date was only a year). Authors
written as a profile name (`admin`, `me`, `jane-doe`) take the name of the site's profile
(`content/authors/<name>/_index.md`'s `title`, or Hugo Blox's `data/authors/<name>.yaml`), as the site shows
them. The page's summary and text become the paper's notes, without the theme's example paragraphs and Hugo's
shortcodes, which nothing but Hugo runs. Links written relative to the site are made absolute with the site's
`baseURL`.

Reading is bounded: at most `MAX_PAGES` pages, `MAX_FOLDERS` folders and `MAX_BYTES` in all, counted before
anything is read; links to other files are not followed, nor are a site's themes/ and Hugo's output entered.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from ..model.markdown_html import markdown_to_html
from ..model.problems import UsageError
from ..model.yamlstrict import YamlProblem, load_strict
from . import (
    TEXT_DATE,
    PaperDraft,
    Parsed,
    Skipped,
    SourceResult,
    checked,
    citation_fields,
    clean_abstract,
    collapse_spaces,
    is_placeholder_author,
    without_tags,
)
from .bibtex import parse_bibtex
from .csl import BIBTEX_TYPES
from .identifiers import (
    arxiv_from_doi,
    arxiv_from_url,
    canonical_arxiv,
    clean_doi,
    is_arxiv_venue,
    is_http_url,
    is_own_page,
    plain_identifier,
    tags_from_keywords,
)

MAX_PAGES = 20_000
MAX_FOLDERS = 50_000
PROFILE_CHARACTERS = 256 * 1024  # an author's profile: a long biography in its front matter, not more
SKIPPED_FOLDERS = frozenset({"themes", "node_modules", "public", "resources"})  # Hugo's themes and output
MAX_BYTES = 20 * 1024 * 1024
PUBLICATION_FOLDERS = ("publication", "publications")
CONFIG_FILES = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")

# Academic's numbered publication types (before it took CSL's names), as BibTeX entry types.
NUMBERED_TYPES = {"1": "inproceedings", "2": "article", "3": "unpublished", "4": "techreport", "5": "book",
                  "6": "incollection", "7": "phdthesis", "8": "misc"}
# The theme's link fields (url_pdf: …) and link types (links: - type: pdf), and the link name each becomes.
LINK_NAMES = {"pdf": "pdf", "code": "code", "dataset": "data", "poster": "poster", "project": "project",
              "slides": "slides", "source": "source", "video": "video", "preprint": "preprint"}
# Read for the paper; other fields are reported as ignored, but for the theme's settings of how the site shows the
# page, which say nothing of the paper.
READ_FIELDS = frozenset({
    "title", "authors", "date", "publication_types", "publication", "publication_short", "doi", "abstract", "summary",
    "abstract_short", "tags", "categories", "links", "url_custom", "hugoblox",
})
PAGE_SETTINGS = frozenset({"draft", "featured", "selected", "image", "image_preview", "header", "publishDate",
                           "publishdate", "lastmod", "weight", "landing_weight", "projects", "slides", "url", "aliases",
                           "slug", "math", "highlight", "share", "commentable"})
# Sentences of the theme's example pages, which sites keep in pages they never wrote a text for.
EXAMPLE_TEXT = ("button above to demo the feature", "Create your slides in Markdown",
                "**full text** or **supplementary notes**", "Supplementary notes can be added here",
                "More detail can easily be written here using")
# {{< name … >}} and {{% name … %}}; no brace inside, so that a run of "{{<" is read in linear time
_SHORTCODE = re.compile(r"\{\{[<%][ \t]*/?[ \t]*([\w./-]{0,100})[^{}\n]{0,2000}?[>%]\}\}")
FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?)^\1[ \t]*$\n?", re.MULTILINE | re.DOTALL)
_PROFILE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_LEADING_IN = re.compile(r"^In:?\s+(?=\S)")
# [label](url "title"), the url with one level of parentheses (javascript:alert(1), Wikipedia's links)
_MARKDOWN_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\(((?:[^()\s]|\([^()\s]{0,200}\)){1,2000})"
                            r"(?:\s+\"[^\"\n]{0,500}\")?\)")
_EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")


@dataclass
class Site:
    """What the pages of one Hugo site share: its authors' profile names and its base URL."""

    profiles: dict[str, str] = field(default_factory=dict)  # profile name, lowercased -> the name the site shows
    base_url: str | None = None


def looks_like_hugo_publication(text: str) -> bool:
    """A Markdown page whose front matter has the theme's `publication_types` field."""
    found = FRONT_MATTER.match(text)
    return bool(found and re.search(r"^publication_types\s*[:=]", found.group(2), re.MULTILINE))


def read_hugo_site(path: Path) -> SourceResult:
    """The publication pages of a Hugo site, of its publications folder, or one page."""
    folder = path.parent if path.is_file() else publications_folder(path)
    pages = [path] if path.is_file() else publication_pages(folder)
    site = read_site(folder)
    result = SourceResult()
    budget = MAX_BYTES
    for page in pages:
        origin = _shown(page, path if path.is_dir() else path.parent)
        budget -= _size(page)
        if budget < 0:
            raise UsageError(f"{path}: its publication pages hold more than {MAX_BYTES:,} bytes, the limit for an "
                             "import: import its subfolders one by one")
        try:
            text, cite = _page_texts(page)
        except _NotUtf8 as error:
            result.items.append(Skipped(origin, str(error)))
            continue
        result.items.append(page_to_draft(text, origin, site, cite))
    return result


def publications_folder(path: Path) -> Path:
    """The folder of publication pages that `path` is, or holds (a site: content/publication)."""
    candidates = [*_site_folders(path), *(path / name for name in PUBLICATION_FOLDERS), path]
    found = next((candidate for candidate in candidates if _is_publications(candidate)), None)
    if found is None:
        raise UsageError(f"{path}: is a folder, and papershelf imports a folder only as a Hugo site's publications "
                         "(Hugo Blox, Wowchemy or Academic: content/publication/<paper>/index.md); for a library's "
                         "export, give the file")
    return found


def looks_like_hugo_folder(path: Path) -> bool:
    """Whether `path` is a Hugo site's publications folder, or a site or folder that holds one."""
    try:
        publications_folder(path)
    except UsageError:
        return False
    return True


def site_publications(site: Path) -> tuple[Path, int] | None:
    """(the publications folder, its number of pages) of a Hugo site in `site`; None if it has none."""
    found = next((candidate for candidate in _site_folders(site) if _is_publications(candidate)), None)
    if found is None:
        return None
    try:
        return found, len(publication_pages(found))
    except UsageError:
        return found, MAX_PAGES


def _site_folders(site: Path) -> list[Path]:
    """Where a Hugo site keeps its publications: content/publication(s), or the same in a language's folder."""
    content = site / "content"
    return [*(content / name for name in PUBLICATION_FOLDERS),
            *(language / name for language in _folders(content) for name in PUBLICATION_FOLDERS)]


def _is_publications(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and _has_pages(folder)


def _folders(path: Path) -> list[Path]:
    return sorted(child for child in path.iterdir() if child.is_dir()) if path.is_dir() else []


def _has_pages(folder: Path) -> bool:
    return any(looks_like_hugo_publication(file_start(page)) for page in itertools.islice(_walk_pages(folder), 20))


def file_start(page: Path, characters: int = 8192) -> str:
    """The start of a file's text: enough to tell a publication page, or (PROFILE_CHARACTERS) to hold a profile's
    front matter or data file whole."""
    with page.open(encoding="utf-8", errors="replace") as handle:
        return handle.read(characters)


def publication_pages(folder: Path) -> list[Path]:
    """Hugo's pages under `folder`, in name order (`_walk_pages`); at most MAX_PAGES."""
    pages = sorted(itertools.islice(_walk_pages(folder), MAX_PAGES + 1))
    if len(pages) > MAX_PAGES:
        raise UsageError(f"{folder}: holds more than {MAX_PAGES:,} pages: import its subfolders one by one")
    return pages


def _walk_pages(folder: Path) -> Iterator[Path]:
    """A folder with an `index.md` is one page (a bundle: its other files are the page's own), elsewhere each `.md`
    but the section's `_index.md` is; links are not followed, hidden folders and Hugo's themes/ not entered, and
    at most MAX_FOLDERS folders are read."""
    stack, folders = [folder], 0
    while stack:
        current = stack.pop()
        folders += 1
        if folders > MAX_FOLDERS:
            raise UsageError(f"{folder}: holds more than {MAX_FOLDERS:,} folders; give the site's publications "
                             "folder (content/publication)")
        bundle = current / "index.md"
        if current != folder and bundle.is_file() and not bundle.is_symlink():
            yield bundle
            continue
        for child in sorted(current.iterdir(), reverse=True):
            if child.is_symlink() or child.name.startswith(".") or child.name in SKIPPED_FOLDERS:
                continue
            if child.is_dir():
                stack.append(child)
            elif child.suffix == ".md" and child.name != "_index.md":
                yield child


def _size(page: Path) -> int:
    cite = page.parent / "cite.bib"
    return page.stat().st_size + (cite.stat().st_size if page.name == "index.md" and cite.is_file() else 0)


class _NotUtf8(Exception):
    pass


def _page_texts(page: Path) -> tuple[str, str | None]:
    """(the page's text, its bundle's cite.bib or None)."""
    data = page.read_bytes()
    cite_path = page.parent / "cite.bib"
    cite = cite_path.read_bytes() if page.name == "index.md" and cite_path.is_file() and not cite_path.is_symlink() else b""
    return _decoded(data, "the page"), (_decoded(cite, "its cite.bib") if cite else None)


def _decoded(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise _NotUtf8(f"{what} is not UTF-8 text (byte {error.start}): save it as UTF-8") from None


def _shown(page: Path, folder: Path) -> str:
    try:
        return str(page.relative_to(folder))
    except ValueError:
        return page.name


def read_site(folder: Path) -> Site:
    """The profiles and base URL of the site the publications folder belongs to (its parents, up to four)."""
    site = Site()
    for ancestor in [folder, *list(folder.resolve().parents)[:4]]:
        site.profiles = {**profile_names(ancestor), **site.profiles}
        if site.base_url is None:
            site.base_url = base_url(ancestor)
    return site


def profile_names(folder: Path) -> dict[str, str]:
    """Profiles of `folder/authors/<name>/_index.md` (Academic, Wowchemy) and `folder/data/authors/<name>.yaml`
    (Hugo Blox), by lowercased name."""
    names: dict[str, str] = {}
    for profile in sorted(folder.glob("authors/*/_index.md"))[:MAX_PAGES]:
        data = front_matter_data(file_start(profile, PROFILE_CHARACTERS))
        # Wowchemy's profiles name the person in `title`; Academic's, until 2020, in `name`
        shown = next((data[key] for key in ("title", "name") if isinstance(data.get(key), str)
                      and data[key].strip()), None) if isinstance(data, dict) else None
        if shown:
            names[profile.parent.name.lower()] = collapse_spaces(shown)
    for profile in sorted([*folder.glob("data/authors/*.yaml"), *folder.glob("data/authors/*.yml")])[:MAX_PAGES]:
        name = _hugo_blox_name(_yaml_data(file_start(profile, PROFILE_CHARACTERS)))
        if name:
            names[profile.stem.lower()] = name
    return names


def _hugo_blox_name(data: object) -> str | None:
    """`name: {given, family}` (without the display name's titles, "Dr. Alex Johnson"), else `display`."""
    name = data.get("name") if isinstance(data, dict) else None
    if isinstance(name, dict):
        given, family = (name.get(part) for part in ("given", "family"))
        if isinstance(given, str) and isinstance(family, str) and given.strip() and family.strip():
            return collapse_spaces(f"{given} {family}")
        display = name.get("display")
        return collapse_spaces(display) if isinstance(display, str) and display.strip() else None
    return collapse_spaces(name) if isinstance(name, str) and name.strip() else None


def base_url(folder: Path) -> str | None:
    """The site's `baseURL`, from its configuration file (or `config/_default/`), if it is an http(s) address."""
    for config in [*(folder / name for name in CONFIG_FILES), *(folder / "config" / "_default" / name for name in CONFIG_FILES)]:
        if not config.is_file() or config.is_symlink():
            continue
        found = re.search(r"""^\s*baseurl\s*[:=]\s*["']?([^"'\s#]+)""", file_start(config), re.MULTILINE | re.IGNORECASE)
        if found and is_http_url(found.group(1)) and urlsplit(found.group(1)).hostname not in _EXAMPLE_HOSTS:
            return found.group(1).rstrip("/") + "/"
    return None


def front_matter_data(text: str) -> object:
    found = FRONT_MATTER.match(text)
    if not found:
        return None
    try:
        return front_matter_fields(found)[0]
    except (YamlProblem, tomllib.TOMLDecodeError):
        return None


def _yaml_data(text: str) -> object:
    try:
        return load_strict(text).data
    except YamlProblem:
        return None


def front_matter_fields(found: re.Match[str]) -> tuple[object, str]:
    """(the front matter's data, its format's name); raises YamlProblem or TOMLDecodeError."""
    if found.group(1) == "+++":
        try:
            return tomllib.loads(found.group(2)), "TOML"
        except RecursionError:  # tomllib recurses once per level of nested arrays and tables
            raise tomllib.TOMLDecodeError("arrays or tables nested too deeply for a page's fields") from None
    return load_strict(found.group(2), first_line=2).data, "YAML"


def page_to_draft(text: str, origin: str, site: Site, cite: str | None = None) -> Parsed:
    """One publication page (and its cite.bib's text) as a draft, or why it cannot be a paper."""
    found = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not found:
        return Skipped(origin, "no front matter (--- … --- or +++ … +++): not a publication page")
    try:
        data, _ = front_matter_fields(found)
    except YamlProblem as problem:
        return Skipped(origin, f"front matter line {problem.line}: {problem.message}; correct the page")
    except tomllib.TOMLDecodeError as error:
        return Skipped(origin, f"front matter is not valid TOML ({error}); correct the page")
    if not isinstance(data, dict):
        return Skipped(origin, "its front matter is not a mapping of fields (title: …, authors: …)")
    page = _Page(data, site)
    bib = _cite_draft(cite, page.notes) if cite else None
    draft = PaperDraft(page.meta(bib), _abstract(data, bib), origin, notes=_notes(data, found, text, page.notes, site.base_url),
                       keywords=page.keywords + (bib.keywords if bib else []))
    draft.ignored = page.ignored() + page.notes
    if data.get("draft") is True:
        draft.ignored.append("draft: true (a draft the site does not publish; imported all the same)")
    return checked(draft)


def _cite_draft(cite: str, notes: list[str]) -> PaperDraft | None:
    """The page's cite.bib as a draft, when it holds one entry that reads as a paper."""
    try:
        items = parse_bibtex(cite).items
    except UsageError as error:
        notes.append(f"cite.bib (not used: {error})")
        return None
    if len(items) == 1 and isinstance(items[0], PaperDraft):
        return items[0]
    reason = items[0].reason if len(items) == 1 and isinstance(items[0], Skipped) else f"it holds {len(items)} entries"
    notes.append(f"cite.bib (not used: {reason})")
    return None


class _Page:
    """The fields of one page's front matter, read as a paper's."""

    def __init__(self, data: dict[str, Any], site: Site):
        self.data, self.site = data, site
        self.notes: list[str] = []  # what the report should say about the page
        self.keywords = [word for name in ("tags", "categories") for word in _strings(data.get(name))]

    def meta(self, bib: PaperDraft | None) -> dict[str, Any]:
        known = bib.meta if bib else {}
        links, doi = self.links(), self.doi()
        arxiv = self.arxiv(links, doi) or known.get("arxiv")
        doi = doi or known.get("doi")
        links = {name: url for name, url in {**(known.get("links") or {}), **links}.items()
                 if not is_own_page(url, arxiv, doi)}
        citation = dict(known.get("citation") or {})
        citation.setdefault("type", self.bibtex_type())
        authors = self.authors(bib)
        count = known.get("author_count")  # papershelf's own export's count, when it counts more than the page names
        # the cite.bib's "and others" after at least as many names as the page lists: the page lacks some too
        more = bool(known.get("more_authors")) and len(known.get("authors") or []) >= len(authors)
        return {
            "title": _text(self.data.get("title")) or known.get("title"),
            "authors": authors,
            "author_count": count if isinstance(count, int) and count > len(authors) else None,
            "more_authors": more or None,
            "date": self.date(known.get("date")),
            "arxiv": arxiv,
            "doi": doi,
            "venue": self.venue() or known.get("venue"),
            "tags": tags_from_keywords(self.keywords + (bib.keywords if bib else []), fold_case=True),
            "links": links,
            "citation": citation_fields(citation),
        }

    def authors(self, bib: PaperDraft | None) -> list[str]:
        written = [name for item in _list(self.data.get("authors")) or [self.data.get("authors")]
                   if (name := _person(item))]
        if not written and bib:
            return list(bib.meta.get("authors") or [])
        bib_names = list(bib.meta.get("authors") or []) if bib else []
        names = []
        for number, name in enumerate(written):
            profile = self.site.profiles.get(name.lower())
            if profile:
                names.append(profile)
            elif is_placeholder_author(name):  # "others": tidy() makes it more_authors
                names.append(name)
            elif _PROFILE_NAME.fullmatch(name) and len(bib_names) == len(written):
                names.append(bib_names[number])
                self.notes.append(f"author '{name}' (a profile the site does not have: named '{bib_names[number]}' "
                                  "as its cite.bib does)")
            else:
                if _PROFILE_NAME.fullmatch(name):
                    self.notes.append(f"author '{name}' (a profile name, and the site has no profile of that name: "
                                      "kept as written; write the person's name in the paper file)")
                names.append(name)
        return names

    def date(self, bib_date: str | None) -> str | None:
        """The page's date; a first day the cite.bib gives as a year or a month alone is that year or month (the
        Academic CLI writes a year as its 1 January, a month as its first day)."""
        value = self.data.get("date")
        text = value.isoformat() if isinstance(value, dt.date) else str(value or "").strip()
        found = TEXT_DATE.match(text)
        if not found:
            if text:
                self.notes.append(f"date '{text[:40]}' (not a date: YYYY-MM-DD)")
            return bib_date
        date = "-".join(part for part in found.groups() if part)
        rest = date[len(bib_date):] if bib_date and date.startswith(bib_date) else ""
        if rest and set(rest.split("-")) == {"", "01"}:  # the first day (of the month) of the cite.bib's month (year)
            return bib_date
        return date

    def venue(self) -> str | None:
        for name in ("publication", "publication_short"):
            venue = _LEADING_IN.sub("", _markdown_text(_text(self.data.get(name)) or ""))
            if venue:
                return None if is_arxiv_venue(venue) else venue
        return None

    def doi(self) -> str | None:
        ids = self.ids()
        for value in (self.data.get("doi"), ids.get("doi")):
            doi = clean_doi(plain_identifier(_text(value) or ""))
            if doi:
                return doi
            written = _text(value)
            if written:
                self.notes.append(f"doi ('{written[:60]}' is not a DOI)")
        return None

    def arxiv(self, links: dict[str, str], doi: str | None) -> str | None:
        ids = self.ids()
        candidates = [canonical_arxiv(_text(ids.get("arxiv")) or "")]
        candidates += [canonical_arxiv(_text(item.get("id")) or "") for item in _link_items(self.data)
                       if str(item.get("provider", "")).lower() == "arxiv"]
        candidates += [arxiv_from_doi(doi or "")]
        candidates += [arxiv_from_url(url) for url in links.values()]
        return next((candidate for candidate in candidates if candidate), None)

    def ids(self) -> dict[str, Any]:
        hugoblox = self.data.get("hugoblox")
        ids = hugoblox.get("ids") if isinstance(hugoblox, dict) else None
        return ids if isinstance(ids, dict) else {}

    def links(self) -> dict[str, str]:
        """The page's links: `url_pdf: …` fields, then `links:` items (`type:` or `name:` names them)."""
        written: list[tuple[str, str]] = [(LINK_NAMES.get(name[4:]) or _link_key(name[4:]), _text(value) or "")
                                          for name, value in self.data.items() if name.startswith("url_")]
        for item in _link_items(self.data):
            kind = str(item.get("type") or "").lower()
            label = _text(item.get("name")) or _text(item.get("label")) or kind
            name = LINK_NAMES.get(kind) or _link_key(label)
            written.append((name, _text(item.get("url")) or ""))
        links: dict[str, str] = {}
        for name, written_url in written:
            url = self.absolute(name, written_url)
            if url and name:
                links.setdefault(name, url)
        return links

    def absolute(self, name: str, url: str) -> str | None:
        """A link as an http(s) address: one relative to the site joined to its baseURL; the theme's placeholders
        ("#", example.org) left out."""
        if not url or url == "#" or urlsplit(url).hostname in _EXAMPLE_HOSTS:
            return None
        if is_http_url(url):
            return url
        if not urlsplit(url).scheme and self.site.base_url:
            return urljoin(self.site.base_url, url.lstrip("/"))
        self.notes.append(f"link {name} ('{url[:60]}' is not a web address, and the site names no baseURL to "
                          "make it one)")
        return None

    def bibtex_type(self) -> str | None:
        types = _strings(self.data.get("publication_types"))
        return (NUMBERED_TYPES.get(types[0]) or BIBTEX_TYPES.get(types[0])) if types else None

    def ignored(self) -> list[str]:
        return sorted(name for name, value in self.data.items()
                      if name not in READ_FIELDS and name not in PAGE_SETTINGS and not name.startswith(("weight_", "url_"))
                      and value not in ("", None, [], {}))


def _link_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """`links:` items, and the `url_custom` ones of older Academic sites."""
    items = [item for name in ("links", "url_custom") for item in _list(data.get(name))]
    return [item for item in items if isinstance(item, dict)]


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _link_key(label: str) -> str:
    """A link's label ("Book Page") as a link name ("book-page")."""
    key = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:32].strip("-")
    return key if key[:1].isalpha() else ""


def _text(value: object) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return collapse_spaces(str(value)) or None
    return None


def _person(value: object) -> str | None:
    """An author as the page writes it: a name (its site owner's **bold** or __**bold**__ taken off) or a mapping
    with a `name`."""
    name = _text(value.get("name")) if isinstance(value, dict) else _text(value)
    return name.strip("*_ ") or None if name else None


def _strings(value: object) -> list[str]:
    """A list of texts; one text alone, as a list of one."""
    values = value if isinstance(value, list) else [value]
    return [text for text in map(_text, values) if text]


def _markdown_text(text: str) -> str:
    """Markdown ("In *ICML 2021*", `\\_`) as plain text."""
    if not re.search(r"[*_`\\\[<&]", text):
        return text
    return collapse_spaces(Markup(markdown_to_html(text)).striptags())


def _abstract(data: dict[str, Any], bib: PaperDraft | None) -> str:
    text = data.get("abstract")
    return clean_abstract(text) if isinstance(text, str) and text.strip() else (bib.abstract if bib else "")


def _notes(data: dict[str, Any], found: re.Match[str], text: str, notes: list[str], base_url: str | None) -> str:
    """The page's summary and text, without the theme's example paragraphs and Hugo's shortcodes; links into the
    site made absolute."""
    parts = [text.strip() for text in (data.get("summary"), data.get("abstract_short"))
             if isinstance(text, str) and text.strip()]
    body = text.lstrip("\ufeff")[found.end():]
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", body) if part.strip()]
    kept = [part for part in paragraphs if not any(example in part for example in EXAMPLE_TEXT)]
    if len(kept) < len(paragraphs):
        notes.append(f"{len(paragraphs) - len(kept)} paragraph(s) of the theme's example text (not imported)")
    shortcodes = sorted({name or "?" for part in kept for name in _SHORTCODE.findall(part)})
    if shortcodes:
        notes.append(f"Hugo shortcodes in the text ({', '.join(shortcodes)}: removed, as only Hugo runs them)")
    kept = [text for text in (_SHORTCODE.sub("", part).strip() for part in kept) if text]
    text = _site_links("\n\n".join(parts + kept), base_url, notes)
    return without_tags(text)


def _site_links(text: str, base_url: str | None, notes: list[str]) -> str:
    """Markdown links and images that point into the Hugo site: absolute with its baseURL; without one, a link
    keeps its text and an image is left out (a file of the page's own folder has no address outside the site)."""
    unresolved: list[str] = []

    def resolved(found: re.Match[str]) -> str:
        image, label, url = found.group(1), found.group(2), found.group(3)
        if is_http_url(url) or url.startswith("#"):
            return found.group(0)
        if base_url and url.startswith("/") and not url.startswith("//"):
            return f"{image}[{label}]({urljoin(base_url, url.lstrip('/'))})"
        unresolved.append(url[:60])
        return "" if image else label

    text = _MARKDOWN_LINK.sub(resolved, text)
    if unresolved:
        notes.append(f"links in the text to the site's own pages or files, or to no web address "
                     f"({', '.join(unresolved[:3])}{', …' if len(unresolved) > 3 else ''}: kept as text)")
    return text
