"""Routes: the URL of every page and file of the site, in one table.

Each taxonomy is declared once, here or in mkdocs.yml (`taxonomies:` of the
plugin), with its permalink; the site's pages (`site`), the preview, the
templates (`url(...)`) and the exports all ask a `Routes` for URLs, and no
other module writes a URL of the site. Nothing here imports the rest of
papershelf, nor MkDocs.

URLs are relative to the site root; a page's URL is a folder ("papers/attention/"),
and the home page's is "". A page's source, as MkDocs sees it, is always that
folder's `index.md` (`source_of`): no slug can make two pages share one file
(a paper "index" is papers/index/index.md, the list of papers papers/index.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .problems import UsageError

# The index lists a taxonomy can have: how its terms are sorted, and the URL segment
# of that list under the taxonomy's folder ("" for the first one declared).
ORDERS = {
    "count": "by-count",  # most papers first, then by name
    "name": "by-name",  # alphabetical
    "newest": "by-newest",  # by key, descending: years
}
ROWS = ("full", "brief")  # how a taxonomy's pages list papers (TaxonomyDeclaration.rows)
# Slugs no term or paper may take: the URLs the table gives beside term and paper pages.
RESERVED_SEGMENTS = frozenset({"index", "page", *ORDERS.values()})
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
FOLDER_PATTERN = re.compile(r"^([a-z0-9][a-z0-9-]*/)+$")


@dataclass(frozen=True)
class TaxonomyDeclaration:
    """One taxonomy: how a paper names its terms, how they are titled, and where their pages are.

    `field` is the paper field whose values are the terms: "topics" (ids from topics.yml),
    "authors" (people, as authors.yml resolves them), "date" (its year), or any other
    field of a paper, whose value (or each of whose values) is a term as written.
    """

    name: str  # plural, lowercase: "topics"
    title: str = ""  # "Topics"
    singular: str = ""  # "topic"
    field: str = ""  # defaults to `name`
    permalink: str = ""  # "<folder>/{slug}/"; defaults to "<name>/{slug}/"
    orders: tuple[str, ...] = ("count",)  # the index lists, the first at the taxonomy's folder
    searchable: bool = True  # whether its term pages are search entries (not for ~40,000 author pages)
    # How its pages list papers: "full" rows (chips, abstract, buttons) or "brief" ones (title, byline, date,
    # venue), for pages that list every paper again and again (authors, years)
    rows: str = "full"
    # The fewest papers a term needs for a page of its own (and links to it, a feed, a search entry): 1, every
    # term; a huge collection's authors with 2, a page for each author of two papers or more (docs/performance.md)
    min_papers: int = 1

    def __post_init__(self) -> None:
        if not NAME_PATTERN.match(self.name):
            raise UsageError(f"taxonomy name '{self.name}' must be lowercase letters, digits and hyphens")

        def set_default(attribute: str, value: str) -> None:
            object.__setattr__(self, attribute, getattr(self, attribute) or value)
        set_default("title", self.name.replace("-", " ").capitalize())
        set_default("singular", self.name.removesuffix("s"))
        set_default("field", self.name)
        set_default("permalink", f"{self.name}/{{slug}}/")
        if not self.permalink.endswith("/{slug}/") or not FOLDER_PATTERN.match(self.permalink[: -len("{slug}/")]):
            raise UsageError(f"taxonomy '{self.name}': permalink '{self.permalink}' must be a folder followed by "
                             "{slug}/, as in 'venues/{slug}/'")
        if isinstance(self.min_papers, bool) or not isinstance(self.min_papers, int) or self.min_papers < 1:
            raise UsageError(f"taxonomy '{self.name}': min_papers must be a whole number of at least 1")
        if self.rows not in ROWS:
            raise UsageError(f"taxonomy '{self.name}': rows must be one of {', '.join(ROWS)}")
        unknown = [order for order in self.orders if order not in ORDERS]
        if unknown or not self.orders:
            raise UsageError(f"taxonomy '{self.name}': orders must be some of {', '.join(ORDERS)}")

    @property
    def folder(self) -> str:
        """Where its pages are: "topics/" (also the URL of its first index list)."""
        return self.permalink[: -len("{slug}/")]


TOPICS = TaxonomyDeclaration("topics", "Topics", "topic", "topics")
AUTHORS = TaxonomyDeclaration("authors", "Authors", "author", "authors", orders=("count", "name"), searchable=False,
                              rows="brief")
YEARS = TaxonomyDeclaration("years", "Years", "year", "date", orders=("newest",), rows="brief")
BUILT_IN_TAXONOMIES = (TOPICS, AUTHORS, YEARS)


def paged(url: str, number: int) -> str:
    """The URL of page `number` of a list whose first page is `url`: "topics/" → "topics/page/2/"."""
    return url if number == 1 else f"{url}page/{number}/"


def source_of(url: str) -> str:
    """The source file MkDocs sees for the page at `url`: "papers/x/" → "papers/x/index.md"."""
    return f"{url}index.md"


def url_of_source(src_uri: str) -> str:
    """The URL MkDocs gives the page of a source file, with directory URLs: "fields.md" → "fields/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass
class Routes:
    """The URL of every page and file of one site. Templates call it as `url(...)`."""

    taxonomies: dict[str, TaxonomyDeclaration] = field(
        default_factory=lambda: {declaration.name: declaration for declaration in BUILT_IN_TAXONOMIES})

    HOME = ""
    PAPERS = "papers/"
    RECENT = "recent/"  # recent/week/, recent/month/: the papers added lately
    PAPERS_JSON = "papers.json"
    PAPERS_SCHEMA = "schema/papers.schema.json"
    PAPERS_BIB = "papers.bib"
    PAPERS_CSL_JSON = "papers.csl.json"  # CSL-JSON, for Zotero, pandoc and citeproc
    PAPERS_RIS = "papers.ris"  # RIS, for EndNote, Zotero and Mendeley
    FEED = "feed.xml"
    PAPERS_LIST = "papers/list.json"  # what the list of all papers filters and sorts (list_data.py)
    SEARCH = "pagefind/"  # the Pagefind bundle (search.py)

    @classmethod
    def declaring(cls, declarations: Iterable[TaxonomyDeclaration]) -> Routes:
        """A table of the built-in taxonomies and `declarations` (a declaration of a built-in name replaces it)."""
        taxonomies = {declaration.name: declaration for declaration in BUILT_IN_TAXONOMIES}
        taxonomies.update((declaration.name, declaration) for declaration in declarations)
        folders: dict[str, str] = {}
        for declaration in taxonomies.values():
            other = folders.setdefault(declaration.folder, declaration.name)
            if declaration.folder in (Routes.PAPERS, Routes.RECENT) or other != declaration.name:
                owner = {Routes.PAPERS: "the papers", Routes.RECENT: "the recent additions"}.get(declaration.folder, other)
                raise UsageError(f"taxonomy '{declaration.name}': its folder '{declaration.folder}' is already "
                                 f"the folder of {owner}")
        return cls(taxonomies)

    def paper(self, slug: str) -> str:
        return f"{self.PAPERS}{slug}/"

    def paper_bibtex(self, slug: str) -> str:
        return f"{self.PAPERS}{slug}.bib"

    def recent(self, view: str) -> str:
        """A view of the papers added lately: "week" → "recent/week/"."""
        return f"{self.RECENT}{view}/"

    def paper_list(self, number: int = 1) -> str:
        return paged(self.PAPERS, number)

    def term(self, taxonomy: str, slug: str, number: int = 1) -> str:
        return paged(self.taxonomies[taxonomy].permalink.format(slug=slug), number)

    def term_feed(self, taxonomy: str, slug: str) -> str:
        """The Atom feed of a term's newest papers, in its page's folder: "topics/<slug>/feed.xml"."""
        return f"{self.term(taxonomy, slug)}feed.xml"

    def term_names(self, taxonomy: str) -> str:
        """Every term of a taxonomy with its count, for the filter box of its index: "authors/names.json"
        (no slug has a dot, so no term page is there)."""
        return f"{self.taxonomies[taxonomy].folder}names.json"

    def term_index(self, taxonomy: str, order: str | None = None, number: int = 1) -> str:
        declaration = self.taxonomies[taxonomy]
        order = order or declaration.orders[0]
        first = declaration.folder if order == declaration.orders[0] else f"{declaration.folder}{ORDERS[order]}/"
        return paged(first, number)

    def url(self, target: Any, root: str = "") -> str:
        """`root` + the URL of `target`: a paper, a term, a taxonomy's name (its index) or a route's name.

        Route names: "home", "papers", "recent.week", "recent.month", "papers.json", "papers.schema", "papers.bib", "papers.csl.json", "papers.ris", "feed",
        "papers.list",
        "search".
        """
        if hasattr(target, "slug") and hasattr(target, "meta"):
            return root + self.paper(target.slug)
        if hasattr(target, "taxonomy") and hasattr(target, "slug"):
            return root + self.term(target.taxonomy, target.slug)
        if target in self.taxonomies:
            return root + self.term_index(target)
        return root + NAMED[target]

    @staticmethod
    def relative(url: str, here: str) -> str:
        """`url` (from the site root) as a link on the page at `here`: "authors/b/" from "authors/a/" is "../b/"."""
        # posixpath.relpath's result, for the site's own normalized URLs at a tenth of its cost (it resolves
        # both to absolute paths; author pages make ~200,000 such links at 10,000 papers).
        target, base = _segments(url), _segments(here)
        common = 0
        for a, b in zip(target, base, strict=False):
            if a != b:
                break
            common += 1
        link = "/".join([".."] * (len(base) - common) + target[common:]) or "."
        return link + "/" if url.endswith("/") or link == "." else link

    @staticmethod
    def absolute(site_url: str | None, url: str) -> str:
        """`url` under the site's address when known (feeds, papers.json), else as it is."""
        return (site_url.rstrip("/") + "/" + url) if site_url else url


def folder_of(url: str) -> str:
    """The folder a page's URL is in: "authors/" for "authors/ann-lee/"."""
    return url[: url.rstrip("/").rfind("/") + 1]


def _segments(url: str) -> list[str]:
    return [segment for segment in url.split("/") if segment and segment != "."]


NAMED = {"home": Routes.HOME, "papers": Routes.PAPERS, "recent.week": "recent/week/", "recent.month": "recent/month/", "papers.json": Routes.PAPERS_JSON,
         "papers.schema": Routes.PAPERS_SCHEMA, "papers.bib": Routes.PAPERS_BIB,
         "papers.csl.json": Routes.PAPERS_CSL_JSON, "papers.ris": Routes.PAPERS_RIS, "feed": Routes.FEED,
         "papers.list": Routes.PAPERS_LIST, "search": Routes.SEARCH}
