"""The site's pages: which pages a collection has, their URLs, titles and content.

A plan of `SitePage`s, independent of MkDocs: the plugin turns each into a
generated MkDocs page, and other front ends could write them directly. Long
lists are split into pages, so no page grows without bound.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from ..model.collection import Collection
from ..model.load import Paper
from ..model.routes import Routes, source_of
from ..model.taxonomy import Taxonomy, Term
from ..model.text import shorten

Pager = dict[str, Any]  # a page of a list: its number, the count of pages, the previous and next URLs
Item = TypeVar("Item")


class PageContents(Protocol):
    """The content of each kind of page, as the plan asks for it: render.PageRenderer gives it (render
    imports this module, not the reverse)."""

    def paper(self, paper: Paper, root: str) -> str: ...
    def paper_head(self, paper: Paper) -> str: ...
    def paper_search_html(self, paper: Paper) -> str: ...
    def paper_list(self, root: str, papers: list[Paper] | None = None, pager: Pager | None = None) -> str: ...
    def recent(self, view: str, root: str) -> str: ...
    def term(self, term: Term, papers: list[Paper], root: str, pager: Pager | None = None) -> str: ...
    def term_head(self, term: Term) -> str: ...
    def term_index(self, taxonomy_name: str, terms: list[Term], root: str, pager: Pager | None = None,
                   order: str = "count") -> str: ...


PAPERS_PER_PAGE = 100
TERMS_PER_PAGE = 1000
# The "recently added" views: name → (title, days up to the build date); routes.recent(name) is each one's URL
RECENT_VIEWS = {"week": ("Added this week", 7), "month": ("Added this month", 30)}


@dataclass
class SitePage:
    url: str  # relative to the site root, from the route table: "papers/<slug>/"
    title: str
    description: str
    kind: str  # "paper", "term", "term_index", "paper_list"
    content: Callable[[str], str]  # root (relative path to the site root) → HTML
    source: str | None = None  # the collection file behind the page, for "edit this page"
    # False for pages a site search gains nothing from: the many small author pages, and the
    # second and later pages of a list. Front ends may write these from a shared page shell
    # instead of running each through their full page pipeline and search index.
    searchable: bool = True
    # For a page a front end writes from a page shell although it is searchable:
    # the HTML a site search indexes for it (title aside), far smaller than the page's content.
    search_html: Callable[[], str] | None = None
    # HTML the page adds to <head> (a paper's citation_* tags and JSON-LD), if any
    head: Callable[[], str] | None = None

    @property
    def from_shell(self) -> bool:
        """Whether the page may be written from a shared page shell instead of a full page pipeline."""
        return not self.searchable

    @property
    def src_uri(self) -> str:
        """The page's source file as MkDocs sees it: "papers/<slug>/index.md"."""
        return source_of(self.url)

    @property
    def root(self) -> str:
        return "../" * self.url.count("/")

    def render(self) -> str:
        return self.content(self.root)


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))


def pages_of(items: list[Item], per_page: int,
             url_of_page: Callable[[int], str]) -> Iterator[tuple[list[Item], str, Pager]]:
    """Split `items` into (chunk, url, pager) pages; `url_of_page(number)` is page `number`'s URL."""
    count = page_count(len(items), per_page)
    urls = [url_of_page(n) for n in range(1, count + 1)]
    for index, url in enumerate(urls):
        pager = {
            "number": index + 1, "pages": count, "size": per_page,
            "previous": urls[index - 1] if index else None,
            "next": urls[index + 1] if index + 1 < count else None,
        }
        yield items[index * per_page:(index + 1) * per_page], url, pager


class Plan(list[SitePage]):
    """The planned pages (a list of SitePage), and `urls`: the URL of every page the site has.

    With `wanted` (URLs), only the pages named there are made (a preview rebuilds a few of
    ~50,000); `urls` still lists them all.
    """

    def __init__(self, wanted: Container[str] | None = None) -> None:
        super().__init__()
        self.wanted = wanted
        self.urls: set[str] = set()

    def wants(self, url: str) -> bool:
        self.urls.add(url)
        return self.wanted is None or url in self.wanted


def plan_site(collection: Collection, renderer: PageContents, papers_per_page: int = PAPERS_PER_PAGE,
              terms_per_page: int = TERMS_PER_PAGE, wanted: Container[str] | None = None) -> Plan:
    plan, routes = Plan(wanted), collection.routes
    for paper in collection.papers:
        if plan.wants(routes.paper(paper.slug)):
            plan.append(paper_page(paper, renderer, routes))
    for chunk, url, pager in pages_of(collection.papers, papers_per_page, routes.paper_list):
        if not plan.wants(url):
            continue
        title = "All papers" if pager["number"] == 1 else f"All papers (page {pager['number']})"
        first = pager["number"] == 1
        plan.append(SitePage(url, title, f"All {len(collection.papers)} papers of the collection.", "paper_list",
                             functools.partial(renderer.paper_list, papers=chunk, pager=pager), searchable=first,
                             # the list is excluded from search: the page without it reads the same to a search
                             search_html=functools.partial(renderer.paper_list, "", [], pager) if first else None))
    for taxonomy in collection.taxonomies.values():
        taxonomy_pages(plan, taxonomy, renderer, routes, papers_per_page, terms_per_page)
    recent_pages(plan, renderer, routes)
    return plan


def site_urls(collection: Collection, papers_per_page: int = PAPERS_PER_PAGE,
              terms_per_page: int = TERMS_PER_PAGE) -> set[str]:
    """The URL of every page papershelf makes of `collection`, worked out without making one."""
    return plan_site(collection, cast(PageContents, None), papers_per_page, terms_per_page, wanted=()).urls


def recent_pages(plan: Plan, renderer: PageContents, routes: Routes) -> None:
    """"Added this week" and "Added this month": the papers that joined in the last 7 and 30 days."""
    for view, (title, days) in RECENT_VIEWS.items():
        if plan.wants(routes.recent(view)):
            plan.append(SitePage(routes.recent(view), title, f"Papers added to the collection in the last {days} days.",
                                 "paper_list", functools.partial(renderer.recent, view), searchable=False))


def paper_page(paper: Paper, renderer: PageContents, routes: Routes) -> SitePage:
    return SitePage(
        routes.paper(paper.slug), paper.meta.title, shorten(paper.abstract), "paper",
        lambda root: renderer.paper(paper, root), source=paper.path,
        search_html=lambda: renderer.paper_search_html(paper), head=lambda: renderer.paper_head(paper),
    )


def taxonomy_pages(plan: Plan, taxonomy: Taxonomy, renderer: PageContents, routes: Routes, papers_per_page: int,
                   terms_per_page: int) -> None:
    name = taxonomy.name
    for order in taxonomy.declaration.orders:
        index_page = functools.partial(routes.term_index, name, order)
        for terms, url, pager in pages_of(taxonomy.ordered(order), terms_per_page, index_page):
            if plan.wants(url):
                plan.append(SitePage(
                    url, taxonomy.title, f"{len(taxonomy.terms)} {name} of the collection.", "term_index",
                    functools.partial(renderer.term_index, name, terms, pager=pager, order=order),
                    searchable=pager["number"] == 1))
    for term in taxonomy.terms.values():
        if not term.url:  # fewer papers than the taxonomy's min_papers: no page
            continue
        if len(term.papers) <= papers_per_page:  # one page, the common case: no pager to work out
            if not plan.wants(term.url):
                continue
        term_page = functools.partial(routes.term, name, term.slug)
        for chunk, url, pager in pages_of(term.papers, papers_per_page, term_page):
            if not plan.wants(url):
                continue
            title = term.name if pager["number"] == 1 else f"{term.name} (page {pager['number']})"
            searchable = taxonomy.declaration.searchable and pager["number"] == 1
            plan.append(SitePage(
                url, title, term_description(term, taxonomy), "term",
                functools.partial(renderer.term, term, chunk, pager=pager), searchable=searchable,
                # the list of papers is excluded from search: the page without it reads the same to a search
                search_html=functools.partial(renderer.term, term, [], "", pager) if searchable else None,
                head=functools.partial(renderer.term_head, term) if pager["number"] == 1 else None))


def term_description(term: Term, taxonomy: Taxonomy) -> str:
    count = f"{term.count} paper{'s' * (term.count != 1)}"
    if taxonomy.declaration.field == "authors":
        return f"{count} by {term.name} in the collection."
    if term.description:
        return shorten(f"{term.description} ({count})")
    return f"{count} from {term.name}."
