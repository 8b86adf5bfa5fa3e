"""The site's pages: which pages a collection has, their URLs, titles and content.

A plan of `SitePage`s, independent of MkDocs: the plugin turns each into a
generated MkDocs page, and other front ends could write them directly. Long
lists are split into pages, so no page grows without bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass

from typing import TYPE_CHECKING

from .collection import Collection
from .taxonomy import Taxonomy, Term

if TYPE_CHECKING:  # render imports exports, which import this module
    from .render import PageRenderer

PAPERS_PER_PAGE = 100
TERMS_PER_PAGE = 1000
DESCRIPTION_LENGTH = 200


@dataclass
class SitePage:
    src_uri: str  # as if it were a Markdown file in docs/: "papers/<slug>.md"
    title: str
    description: str
    kind: str  # "paper", "term", "term_index", "paper_list"
    content: Callable[[str], str]  # root (relative path to the site root) → HTML
    source: str | None = None  # the collection file behind the page, for "edit this page"
    # False for pages a site search gains nothing from: the many small author pages, and the
    # second and later pages of a list. Front ends may write these from a shared page shell
    # instead of running each through their full page pipeline and search index.
    searchable: bool = True
    # For a page a front end writes from a page shell although it is searchable (the paper pages):
    # the HTML a site search indexes for it (title aside), far smaller than the page's content.
    search_html: Callable[[], str] | None = None

    @property
    def from_shell(self) -> bool:
        """Whether the page may be written from a shared page shell instead of a full page pipeline."""
        return not self.searchable or self.search_html is not None

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def root(self) -> str:
        return "../" * self.url.count("/")

    def render(self) -> str:
        return self.content(self.root)


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))


def list_page_uri(first_uri: str, folder: str, number: int) -> str:
    return first_uri if number == 1 else f"{folder}/page/{number}.md"


def term_orders(taxonomy: Taxonomy) -> dict[str, tuple[list[Term], str, str]]:
    """The taxonomy's index lists: order → (terms in that order, first page's src_uri, folder of the others)."""
    if taxonomy.name == "years":
        return {"count": (sorted(taxonomy.terms.values(), key=lambda t: t.key, reverse=True), "years/index.md", "years")}
    orders = {"count": (taxonomy.by_count(), f"{taxonomy.name}/index.md", taxonomy.name)}
    if taxonomy.name == "authors":
        orders["name"] = (taxonomy.by_name(), f"{taxonomy.name}/by-name.md", f"{taxonomy.name}/by-name")
    return orders


def url_of(src_uri: str) -> str:
    """The URL of the page at `src_uri` ("authors/ann.md" → "authors/ann/")."""
    stem = src_uri.removesuffix(".md")
    # Only a whole `index` name is a folder's page, as MkDocs has it: "papers/h-index.md" is "papers/h-index/"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def pages_of(items: list, per_page: int, first_uri: str, folder: str) -> Iterator[tuple[list, str, dict]]:
    """Split `items` into (chunk, src_uri, pager) pages: `first_uri`, then `folder/page/2.md`, …"""
    count = page_count(len(items), per_page)
    uris = [list_page_uri(first_uri, folder, n) for n in range(1, count + 1)]
    urls = [url_of(uri) for uri in uris]
    for index, uri in enumerate(uris):
        pager = {
            "number": index + 1, "pages": count,
            "previous": urls[index - 1] if index else None,
            "next": urls[index + 1] if index + 1 < count else None,
        }
        yield items[index * per_page:(index + 1) * per_page], uri, pager


class Plan(list):
    """The planned pages (a list of SitePage), and `uris`: the src_uri of every page the site has.

    With `wanted`, only the pages named there are made (a preview rebuilds a few of ~50,000);
    `uris` still lists them all.
    """

    def __init__(self, wanted: Container[str] | None = None):
        super().__init__()
        self.wanted = wanted
        self.uris: set[str] = set()

    def wants(self, uri: str) -> bool:
        self.uris.add(uri)
        return self.wanted is None or uri in self.wanted


def plan_site(collection: Collection, renderer: PageRenderer, papers_per_page: int = PAPERS_PER_PAGE,
              terms_per_page: int = TERMS_PER_PAGE, wanted: Container[str] | None = None) -> Plan:
    plan = Plan(wanted)
    for paper in collection.papers:
        if plan.wants(f"papers/{paper.slug}.md"):
            plan.append(paper_page(paper, renderer, collection))
    for chunk, uri, pager in pages_of(collection.papers, papers_per_page, "papers/index.md", "papers"):
        if not plan.wants(uri):
            continue
        title = "All papers" if pager["number"] == 1 else f"All papers (page {pager['number']})"
        first = pager["number"] == 1
        plan.append(SitePage(uri, title, f"All {len(collection.papers)} papers of the collection.", "paper_list",
                             lambda root, c=chunk, p=pager: renderer.paper_list(root, c, p), searchable=first,
                             # the list is excluded from search: the page without it reads the same to a search
                             search_html=(lambda p=pager: renderer.paper_list("", [], p)) if first else None))
    for taxonomy in collection.taxonomies.values():
        taxonomy_pages(plan, taxonomy, renderer, papers_per_page, terms_per_page)
    return plan


def paper_page(paper, renderer: PageRenderer, collection: Collection) -> SitePage:
    return SitePage(
        f"papers/{paper.slug}.md", paper.meta.title, shorten(paper.abstract), "paper",
        lambda root: renderer.paper(paper, root), source=paper.path,
        search_html=lambda: renderer.paper_search_html(paper),
    )


def taxonomy_pages(plan: Plan, taxonomy: Taxonomy, renderer: PageRenderer, papers_per_page: int,
                   terms_per_page: int) -> None:
    for order, (terms, first_uri, folder) in term_orders(taxonomy).items():
        for chunk, uri, pager in pages_of(terms, terms_per_page, first_uri, folder):
            if plan.wants(uri):
                plan.append(SitePage(
                    uri, taxonomy.title, f"{len(taxonomy.terms)} {taxonomy.name} of the collection.", "term_index",
                    lambda root, c=chunk, p=pager, o=order: renderer.term_index(taxonomy.name, c, root, p, o),
                    searchable=pager["number"] == 1))
    for term in taxonomy.terms.values():
        folder = f"{taxonomy.name}/{term.slug}"
        if len(term.papers) <= papers_per_page:  # one page, the common case: no pager to work out
            if not plan.wants(f"{folder}.md"):
                continue
        for chunk, uri, pager in pages_of(term.papers, papers_per_page, f"{folder}.md", folder):
            if not plan.wants(uri):
                continue
            title = term.name if pager["number"] == 1 else f"{term.name} (page {pager['number']})"
            searchable = taxonomy.name != "authors" and pager["number"] == 1
            plan.append(SitePage(
                uri, title, term_description(term, taxonomy), "term",
                lambda root, t=term, c=chunk, p=pager: renderer.term(t, c, root, p), searchable=searchable,
                # the list of papers is excluded from search: the page without it reads the same to a search
                search_html=(lambda t=term, p=pager: renderer.term(t, [], "", p)) if searchable else None))
def term_description(term, taxonomy: Taxonomy) -> str:
    count = f"{term.count} paper{'s' * (term.count != 1)}"
    if taxonomy.name == "authors":
        return f"{count} by {term.name} in the collection."
    if term.description:
        return shorten(f"{term.description} ({count})")
    return f"{count} from {term.name}."
