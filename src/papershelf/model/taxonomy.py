"""Index: topics, authors and years as one mechanism, as Hugo's taxonomies are.

A taxonomy maps each paper to terms; each term has a page, a count and its
papers (newest first). The three taxonomies differ only in how a paper names
its terms and how a term is titled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .load import Paper
from .routes import TaxonomyDeclaration


@dataclass(eq=False)  # identity: two terms are the same term only if they are one object
class Term:
    taxonomy: str
    key: str
    name: str
    slug: str
    description: str = ""
    papers: list[Paper] = field(default_factory=list)
    info: object = None  # the TopicEntry or Person behind the term
    url: str = ""  # its page, from the taxonomy's permalink: "topics/vision/"; "" for a term without one

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass
class Taxonomy:
    declaration: TaxonomyDeclaration  # its name, titles, field and permalink (routes.py)
    terms: dict[str, Term]
    by_paper: dict[str, list[Term | SpelledTerm]]  # paper slug -> its terms, in the paper's order (as often as named)
    name_order: Callable[[Term], tuple[str, ...]] | None = None  # how `by_name` sorts (people: by family name)
    # Orders are asked for by several pages and the preview; a taxonomy does not change once built.
    _orders: dict[str, list[Term]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        """Plural: "topics"."""
        return self.declaration.name

    @property
    def title(self) -> str:
        return self.declaration.title

    @property
    def singular(self) -> str:
        return self.declaration.singular

    def ordered(self, order: str) -> list[Term]:
        """The terms as the index list `order` (routes.ORDERS) shows them."""
        if order == "newest":
            return sorted(self.terms.values(), key=lambda t: t.key, reverse=True)
        return self.by_name() if order == "name" else self.by_count()

    def by_count(self) -> list[Term]:
        if "count" not in self._orders:
            self._orders["count"] = sorted(self.terms.values(), key=lambda t: (-t.count, t.name.casefold()))
        return list(self._orders["count"])

    def by_name(self) -> list[Term]:
        if "name" not in self._orders:
            key = self.name_order or (lambda t: (t.name.casefold(), t.key))
            self._orders["name"] = sorted(self.terms.values(), key=key)
        return list(self._orders["name"])

    def terms_of(self, paper: Paper) -> list[Term | SpelledTerm]:
        return self.by_paper.get(paper.slug, [])

    def with_papers(self, edited: dict[str, Paper], terms_of: Callable[[Paper], Iterable[TermRef]]) -> Taxonomy | None:
        """A copy with `edited` papers (by slug) in place of their old versions, or None if one names other terms.

        A preview edit mostly changes a title, an abstract or notes, not the paper's topics,
        authors or year: then only the lists the paper is on need sorting again, and the
        slugs and orders of all terms stay as they were.
        """
        touched: dict[str, Term] = {}
        for slug, paper in edited.items():
            before = self.by_paper.get(slug)
            if before is None or [(t.key, t.name) for t in before] != [(key, name) for key, name, _ in terms_of(paper)]:
                return None
            touched.update((term.key, canonical(term)) for term in before)  # the shared term, not a spelling
            # a topic's list holds its subtopics' papers too
            touched.update((key, self.terms[key]) for term in before for key in topic_ancestors(self, term.key))
        terms = dict(self.terms)
        for key, term in touched.items():
            terms[key] = replace(term, papers=newest_first(edited.get(p.slug, p) for p in term.papers))
        by_paper = dict(self.by_paper)
        for paper in {p.slug: p for key in touched for p in terms[key].papers}.values():
            by_paper[paper.slug] = [respelled(terms[t.key], t) if t.key in touched else t
                                    for t in by_paper[paper.slug]]
        orders = {order: [terms[term.key] for term in listed] for order, listed in self._orders.items()}
        return Taxonomy(self.declaration, terms, by_paper, self.name_order, orders)


def respelled(term: Term, entry: Term | SpelledTerm) -> Term | SpelledTerm:
    return SpelledTerm(term, entry.name) if isinstance(entry, SpelledTerm) else term


# (key, display name, extra info) for each term a paper belongs to
TermRef = tuple[str, str, object]


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    by_title = sorted(papers, key=lambda p: p.meta.title.casefold())
    return sorted(by_title, key=lambda p: p.meta.date, reverse=True)


def build_taxonomy(
    declaration: TaxonomyDeclaration,
    papers: list[Paper],
    terms_of: Callable[[Paper], Iterable[TermRef]],
    slug_of: Callable[[str, str], str],
    declared: Iterable[Term] = (),
) -> Taxonomy:
    """Group `papers` (already newest first) into terms; `declared` terms exist even with no paper.

    Names and URLs are stable: a term is named as the paper that first named it spells it, and slugs are
    handed out in that order (first appearance: `added`, else `date`, then file name), never by sort order,
    so a paper added later cannot take an existing term's URL or rename it. Each paper keeps its own
    spelling: its list of terms holds a SpelledTerm where it writes a name differently."""
    name = declaration.name
    terms: dict[str, Term] = {term.key: term for term in declared}
    for paper in sorted(papers, key=first_appearance):
        for key, display, info in terms_of(paper):
            if key not in terms:
                terms[key] = Term(name, key, display, "", info=info)
    by_paper: dict[str, list[Term | SpelledTerm]] = {}
    for paper in papers:
        paper_terms: list[Term | SpelledTerm] = []
        seen: set[str] = set()
        for key, display, _ in terms_of(paper):
            term = terms[key]
            if key not in seen:  # two co-authors may share one name: one entry in their list
                term.papers.append(paper)
                seen.add(key)
            paper_terms.append(term if display == term.name else SpelledTerm(term, display))
        by_paper[paper.slug] = paper_terms
    for key in [k for k, t in terms.items() if not t.slug]:  # in order of first appearance
        terms[key].slug = slug_of(key, terms[key].name)
    for term in terms.values():
        term.url = declaration.permalink.format(slug=term.slug)
    return Taxonomy(declaration, terms, by_paper)


def first_appearance(paper: Paper) -> tuple[str, str]:
    """When a paper joined the collection, as far as its file tells: its `added` date, else its date; then its name."""
    meta = paper.meta
    return (getattr(meta, "added", None) or meta.date or "", paper.slug)


class SpelledTerm:
    """A term as one paper writes it: that paper's own spelling of the name; key, slug, URL and papers the term's."""

    __slots__ = ("term", "name")

    def __init__(self, term: Term, name: str) -> None:
        self.term, self.name = term, name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.term, attribute)

    def __repr__(self) -> str:
        return f"SpelledTerm({self.term.key!r}, {self.name!r})"


def canonical(term: Term | SpelledTerm) -> Term:
    """The shared Term behind a paper's (possibly SpelledTerm) entry."""
    return term.term if isinstance(term, SpelledTerm) else term


MAX_ANCESTORS = 8  # validate.MAX_TOPIC_DEPTH - 1: the most topics above a valid one


def topic_ancestors(taxonomy: Taxonomy, key: str) -> list[str]:
    """The keys of the terms above `key` (a topic's `parent:` in topics.yml, its parent's, …), nearest first.

    Terms without a parent (authors, years) have none; a cycle or an unknown parent ends the walk, and so does
    MAX_ANCESTORS (validation refuses deeper topics; this bounds breadcrumbs and lists whatever it is given).
    """
    ancestors: list[str] = []
    seen = {key}
    term = taxonomy.terms.get(key)
    while term is not None and len(ancestors) < MAX_ANCESTORS:
        parent = getattr(term.info, "parent", None)
        if not parent or parent in seen or parent not in taxonomy.terms:
            break
        ancestors.append(parent)
        seen.add(parent)
        term = taxonomy.terms[parent]
    return ancestors


def without_small_pages(taxonomy: Taxonomy) -> Taxonomy:
    """No page for a term of fewer papers than the taxonomy's `min_papers` (its slug stays its own: the page
    comes with the paper that brings it there)."""
    least = taxonomy.declaration.min_papers
    if least > 1:
        for term in taxonomy.terms.values():
            if term.count < least:
                term.url = ""
    return taxonomy


def include_subterms(taxonomy: Taxonomy) -> Taxonomy:
    """Each term's papers with those of the terms below it (each paper once, newest first): a parent
    topic's page and count include its subtopics' papers."""
    below: dict[str, list[Term]] = {}
    for key in taxonomy.terms:
        for ancestor in topic_ancestors(taxonomy, key):
            below.setdefault(ancestor, []).append(taxonomy.terms[key])
    direct = {key: list(taxonomy.terms[key].papers) for key in below}
    for key, subterms in below.items():
        papers = {p.slug: p for p in direct[key]}
        for sub in subterms:
            papers.update((p.slug, p) for p in sub.papers if p.slug not in papers)
        taxonomy.terms[key].papers = newest_first(papers.values())
    return taxonomy


def co_terms(term: Term, taxonomy: Taxonomy) -> list[tuple[Term, int]]:
    """Other terms of `taxonomy` sharing papers with `term`, most shared first (co-authors)."""
    shared = Counter(other.key for paper in term.papers
                     for other in {t.key: t for t in taxonomy.terms_of(paper)}.values() if other.key != term.key)
    return sorted(((taxonomy.terms[key], count) for key, count in shared.items()),
                  key=lambda pair: (-pair[1], pair[0].name.casefold()))
