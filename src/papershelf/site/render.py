"""Render: the HTML content of each generated page, from the index.

Templates are Jinja with autoescaping on, so every value from a paper file is
escaped; Markdown bodies are converted and sanitized in markdown_html. They
are named `papershelf/<name>.html`; in a MkDocs build they are looked up in
the theme's environment first (custom_dir, then the theme: see
`content_environment`), so a site overrides one the MkDocs way. Templates get
URLs from the route table, as `url(paper_or_term_or_name, root)`.
Nothing here knows about MkDocs: a page is content HTML plus a title.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypedDict, cast

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Undefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from ..exports.bibtex import cached_bibtex
from ..exports.feed import has_feed
from ..model.citation import PageAddress, explore_links, head_html, plain_reference, with_organizations
from ..model.collection import Collection, author_names
from ..model.load import Paper
from ..model.markdown_html import markdown_to_html
from ..model.routes import Routes, folder_of
from ..model.taxonomy import Term, co_terms, topic_ancestors
from ..model.text import display_date, shorten
from .people_pages import PersonPage
from .people_pages import usable as python_people_pages_usable
from .plan import RECENT_VIEWS, Pager
from .rows import SNIPPET_LENGTH, paper_links, row_links

TEMPLATES = Path(__file__).parent / "templates"
# The co-authors most often shared: with all of them, the pages of a long author list grow with its square.
MAX_COAUTHORS = 30
FEED_FILE = "feed.xml"  # a term's feed, beside its page (routes.term_feed)


TEMPLATE_FOLDER = "papershelf"  # templates are named "papershelf/paper.html", here and in a custom_dir


class ListMacros(Protocol):
    """The macros of papershelf/_macros.html that Python calls (a Jinja module's names are known only at run time)."""

    def paper_item(self, paper: Paper, root: str, added: bool) -> str: ...


class ContentOptions(TypedDict):
    """The Environment options of page content (typed so that `**CONTENT_OPTIONS` is checked per option)."""

    autoescape: Callable[[str | None], bool]
    undefined: type[Undefined]
    trim_blocks: bool
    lstrip_blocks: bool
    auto_reload: bool


CONTENT_OPTIONS: ContentOptions = {
    "autoescape": select_autoescape(default=True, default_for_string=True),
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,  # templates do not change while a build runs; no stat per page
}


def content_environment(theme: Environment | None = None) -> Environment:
    """The environment page content is rendered in.

    With `theme` (the theme's environment of a MkDocs build), an overlay of it: its filters,
    and its loader first, which looks in `custom_dir` before the theme's own folders; a
    template not found there is papershelf's own. The overlay turns autoescaping on (the
    theme's own templates have it off), as every value from a paper file must be escaped.
    """
    ours = PrefixLoader({TEMPLATE_FOLDER: FileSystemLoader(TEMPLATES)})
    if theme is None:
        env = Environment(loader=ours, **CONTENT_OPTIONS)
    else:
        env = theme.overlay(loader=ChoiceLoader([theme.loader, ours]) if theme.loader else ours, **CONTENT_OPTIONS)
        env.filters, env.globals = dict(env.filters), dict(env.globals)  # an overlay shares them with the theme's
    env.filters["display_date"] = display_date
    env.filters["plural"] = lambda n, word: f"{n:,} {word}{'' if n == 1 else 's'}"
    return env


@functools.cache
def environment() -> Environment:
    """papershelf's own templates only: for rendering without a theme."""
    return content_environment()


def papers_per_year(term: Term) -> list[tuple[str, int]]:
    """(year, papers) of a term's papers, oldest year first: an author's years of work at a glance."""
    counts = Counter(paper.meta.date[:4] for paper in term.papers)
    return sorted(counts.items())


SNIPPETS: dict[str, str] = {}  # abstract (Markdown) → its snippet: PageRenderer.abstract_snippet
MAX_SNIPPETS = 100_000


class PageRenderer:
    """Renders every kind of page of one collection; `root` is the relative path to the site root.

    `charts` maps a chart's name to a function of `root` (see charts.collection_charts);
    `build_date` is the build date, the end of the "added this week/month" views; `site_url` and
    `site_name` (mkdocs.yml's) make the absolute addresses and the collection's name of a paper's
    citation data.
    """

    def __init__(self, collection: Collection, related: Callable[[Paper], list[Paper]] | None = None,
                 charts: dict[str, Callable[[str], str]] | None = None, exports: bool = True,
                 env: Environment | None = None, build_date: dt.date | None = None, site_url: str | None = None,
                 site_name: str = "") -> None:
        self.collection = collection
        self.site_url = site_url or None
        self.site_name = site_name
        self.build_date = build_date or dt.date.today()
        self.env = env or environment()  # content_environment(theme env) in a MkDocs build
        self.routes = collection.routes
        self.exports = exports  # whether papers.json, papers.bib, feed.xml and papers/<slug>.bib are written
        self.topics = collection.taxonomies["topics"]
        self.authors = collection.taxonomies["authors"]
        self.years = collection.taxonomies["years"]
        self.related: Callable[[Paper], list[Paper]] = related or (lambda paper: [])
        self.charts = charts or {}
        self._charts: dict[tuple[str, str], Markup] = {}
        self._items: dict[tuple[str, str, bool], Markup] = {}  # by (slug, root, added)
        self._macros: ListMacros | None = None
        self.bibtex = cached_bibtex(collection)  # a paper's BibTeX: its page and the exports share it
        self._bodies: dict[str, tuple[Markup, Markup | str]] = {}  # by slug: the page and its search entry share it
        self._by_added: list[Paper] | None = None
        self._near: dict[tuple[str, str, str], tuple[str, str]] = {}  # (folder, taxonomy, slug) → (url, link): near
        # author pages written in Python while term.html and its macros are papershelf's own (people_pages.py)
        self.person_page = PersonPage(self.authors, self.routes.url) if python_people_pages_usable(self.env) else None

    def render(self, template: str, **context: object) -> str:
        """Render papershelf/`template` (or the site's override of it)."""
        return self.env.get_template(f"{TEMPLATE_FOLDER}/{template}").render(**context)

    def _common(self, root: str) -> dict[str, object]:
        return {"root": root, "topics": self.topics, "authors": self.authors, "years": self.years, "exports": self.exports,
                "paper_item": self.paper_item, "url": self.routes.url, "routes": self.routes,
                "taxonomies": self.collection.taxonomies}

    def paper_item(self, paper: Paper, root: str, added: bool = False) -> Markup:
        """A paper's entry in a list; rendered once per (paper, root), as every list page shows it alike
        (with `added`, the entry says when the paper joined the collection: home and the recent views)."""
        key = (paper.slug, root, added)
        item = self._items.get(key)
        if item is None:
            if self._macros is None:
                context = {"root": root, "topics": self.topics, "authors": self.authors, "years": self.years,
                           "url": self.routes.url, "routes": self.routes, "topic_keys": self.topic_keys,
                           "abstract_snippet": self.abstract_snippet, "abstract_text": self.abstract_text,
                           "row_links": row_links}
                module = self.env.get_template(f"{TEMPLATE_FOLDER}/_macros.html").make_module(context)
                self._macros = cast(ListMacros, module)
            item = self._items[key] = Markup(self._macros.paper_item(paper, root, added))
        return item

    def bodies(self, paper: Paper) -> tuple[Markup, Markup | str]:
        """The abstract and the notes ("" if none) as sanitized HTML, converted once."""
        bodies = self._bodies.get(paper.slug)
        if bodies is None:
            notes = Markup(markdown_to_html(paper.notes)) if paper.notes else ""
            bodies = self._bodies[paper.slug] = (Markup(markdown_to_html(paper.abstract)), notes)
        return bodies

    def paper(self, paper: Paper, root: str) -> str:
        abstract_html, notes_html = self.bodies(paper)
        return self.render(
            "paper.html", **self._common(root), paper=paper, paper_authors=self.authors.terms_of(paper),
            paper_topics=self.topics.terms_of(paper), links=paper_links(paper),
            abstract_html=abstract_html, notes_html=notes_html, bibtex=self.bibtex.without_abstract(paper),
            reference=plain_reference(paper, author_names(self.collection, paper)),
            explore=explore_links(paper.meta.arxiv), related=self.related(paper),
        )

    def topic_keys(self, paper: Paper) -> list[str]:
        """The paper's topics and the topics above them (a filter by a topic includes its subtopics)."""
        keys = [term.key for term in self.topics.terms_of(paper)]
        return list(dict.fromkeys(keys + [a for key in keys for a in topic_ancestors(self.topics, key)]))

    def abstract_text(self, paper: Paper) -> str:
        """The abstract as plain text, as list rows show it: markup would nest lists in the list."""
        return Markup(self.bodies(paper)[0]).striptags()

    def abstract_snippet(self, paper: Paper) -> str:
        """The abstract's start a list row shows, kept by the abstract's text for the whole process: a
        preview's every rebuild writes list.json's rows again, and converting 10,000 abstracts costs ~2 s."""
        snippet = SNIPPETS.get(paper.abstract)
        if snippet is None:
            if len(SNIPPETS) >= MAX_SNIPPETS:
                SNIPPETS.clear()
            snippet = SNIPPETS[paper.abstract] = shorten(self.abstract_text(paper), SNIPPET_LENGTH)
        return snippet

    def paper_head(self, paper: Paper) -> str:
        """What a paper page adds to <head>: citation_* tags and schema.org JSON-LD (see citation.head_html)."""
        pdf = dict(paper_links(paper)).get("PDF")
        terms = self.authors.terms_of(paper)
        address = PageAddress(collection_name=self.site_name)
        if self.site_url:
            absolute = functools.partial(Routes.absolute, self.site_url)
            address = PageAddress(absolute(self.routes.url(paper)),
                                  tuple(absolute(self.routes.url(t)) if t.url else None for t in terms),
                                  self.site_name, absolute(self.routes.HOME))
        return head_html(paper, with_organizations(paper, [term.name for term in terms]), [term.name for term in self.topics.terms_of(paper)],
                         self.abstract_text(paper), pdf, address)

    def paper_search_html(self, paper: Paper) -> str:
        """What a site search indexes for a paper, besides its title: authors, topics, tags, abstract, notes."""
        abstract_html, notes_html = self.bodies(paper)
        lines = [", ".join(term.name for term in self.authors.terms_of(paper)),
                 " ".join(term.name for term in self.topics.terms_of(paper)), " ".join(paper.meta.tags)]
        facts = [f"<p>{escape(line)}</p>" for line in lines if line]
        return "\n".join([*facts, str(abstract_html), str(notes_html)])

    def term(self, term: Term, papers: list[Paper], root: str, pager: Pager | None = None) -> str:
        # Co-authors on an author's first page only, the most frequent first: a prolific
        # author's co-authors would otherwise grow the page (and each of its pages) without bound.
        # With one paper, they are that paper's byline, linked just above.
        first_page = pager is None or pager["number"] == 1
        people = self._field(term) == "authors"
        wanted = people and first_page and len(term.papers) > 1
        coauthors = co_terms(term, self.collection.taxonomies[term.taxonomy]) if wanted else []
        here = self.routes.term(term.taxonomy, term.slug, pager["number"] if pager else 1)
        near = functools.partial(self.near, here)
        per_year = papers_per_year(term) if people and first_page and len(term.papers) > 1 else []
        feed = self.exports and first_page and has_feed(self.collection, term)
        if people and self.person_page is not None:
            return self.person_page.content(term, papers, root, pager, near, self._crumbs(term),
                                            coauthors[:MAX_COAUTHORS], len(coauthors[MAX_COAUTHORS:]),
                                            per_year, feed)
        return self.render("term.html", **self._common(root), term=term, papers=papers, pager=pager, near=near,
                           per_year=per_year, feed=feed,
                           coauthors=coauthors[:MAX_COAUTHORS], more_coauthors=len(coauthors[MAX_COAUTHORS:]),
                           people=people, person=term.info if people else None,
                           brief=self.collection.taxonomies[term.taxonomy].declaration.rows == "brief",
                           crumbs=self._crumbs(term), subtopics=self._subtopics(term))

    def term_head(self, term: Term) -> str:
        """What a term's first page adds to <head>: its feed, where it has one, for feed readers to find.
        ("alternate feed", not "alternate" alone: see main.html.)"""
        if not (self.exports and has_feed(self.collection, term)):
            return ""
        title = escape(f"{term.name} · {self.site_name}" if self.site_name else term.name)
        return f'<link rel="alternate feed" type="application/atom+xml" title="{title}" href="{FEED_FILE}">'

    def near(self, here: str, target: Term) -> str:
        """The link from the page at `here` to `target`'s page, relative (shorter than from the root).

        Such a link is the same from every page of a folder ("../b/" from any "authors/<slug>/"), unless
        it leads inside the page's own folder: ~200,000 links at 10,000 papers are worked out once each.
        """
        key = (folder_of(here), target.taxonomy, target.slug)
        known = self._near.get(key)
        url = known[0] if known else self.routes.url(target)
        if url.startswith(here):  # inside the page's own folder: a link of its own
            return self.routes.relative(url, here)
        if known is None:
            known = self._near[key] = (url, self.routes.relative(url, here))
        return known[1]

    def _crumbs(self, term: Term) -> list[tuple[str, str]]:
        """The way back from a term's page: its index, and for a topic the topics above it."""
        taxonomy = self.collection.taxonomies[term.taxonomy]
        crumbs = [(taxonomy.title, self.routes.term_index(taxonomy.name))]
        if self._field(term) == "topics":
            for key in reversed(topic_ancestors(taxonomy, term.key)):
                crumbs.append((taxonomy.terms[key].name, taxonomy.terms[key].url))
        return crumbs

    def _field(self, term: Term) -> str:
        return self.collection.taxonomies[term.taxonomy].declaration.field

    def _subtopics(self, term: Term) -> list[Term]:
        if self._field(term) != "topics":
            return []
        return [t for t in self.topics.terms.values() if getattr(t.info, "parent", None) == term.key]

    def term_index(self, taxonomy_name: str, terms: list[Term], root: str, pager: Pager | None = None,
                   order: str = "count") -> str:
        taxonomy = self.collection.taxonomies[taxonomy_name]
        # a subtopic's row names its parent: the index is by count, where a subtopic does not follow its parent,
        # whose count includes the subtopic's papers
        parents = {term.key: taxonomy.terms[parent] for term in terms
                   if (parent := getattr(term.info, "parent", None)) and parent in taxonomy.terms}
        return self.render("term_index.html", **self._common(root), taxonomy=taxonomy, terms=terms, pager=pager,
                      order=order, chart=self.chart(taxonomy_name, root), parents=parents)

    def chart(self, name: str, root: str) -> Markup:
        """A chart whose bars link to their pages, drawn once per depth of the pages that show it."""
        key = (name, root)
        if key not in self._charts:
            chart = self.charts.get(name, "")
            self._charts[key] = Markup(chart(root) if callable(chart) else chart)
        return self._charts[key]

    def by_added(self) -> list[Paper]:
        if self._by_added is None:  # the home page and both recent views ask
            self._by_added = sorted(self.collection.papers, key=lambda p: (p.meta.added or "", p.meta.date),
                                    reverse=True)
        return self._by_added

    def recent_papers(self, days: int) -> tuple[dt.date, list[Paper]]:
        """(first day, papers added from it to build_date, newest first): the last `days` days by `added`."""
        start = self.build_date - dt.timedelta(days=days - 1)
        first, last = start.isoformat(), self.build_date.isoformat()
        return start, [p for p in self.by_added() if p.meta.added and first <= p.meta.added <= last]

    def recent(self, view: str, root: str) -> str:
        title, days = RECENT_VIEWS[view]
        start, papers = self.recent_papers(days)
        others = [(t, self.routes.recent(name)) for name, (t, _) in RECENT_VIEWS.items() if name != view]
        return self.render("recent.html", **self._common(root), title=title, papers=papers, start=start,
                           build_date=self.build_date, other_views=others, days=days)

    def home(self, root: str, latest: int = 10) -> str:
        recent = {name: len(self.recent_papers(days)[1]) for name, (_, days) in RECENT_VIEWS.items()}
        longest = max(days for _, days in RECENT_VIEWS.values())
        added = Counter(paper.meta.added for paper in self.recent_papers(longest)[1])
        recent_added = json.dumps(dict(sorted(added.items())), separators=(",", ":"))
        return self.render("home.html", **self._common(root), collection=self.collection,
                           latest=self.by_added()[:latest], chart=self.chart("years", root), recent=recent,
                           recent_days={name: days for name, (_, days) in RECENT_VIEWS.items()},
                           recent_added=recent_added, build_date=self.build_date)

    def paper_list(self, root: str, papers: list[Paper] | None = None, pager: Pager | None = None) -> str:
        """One page of the list of all papers (all of them when `papers` is None)."""
        papers = self.collection.papers if papers is None else papers
        return self.render("papers.html", **self._common(root), papers=papers, pager=pager,
                           total=len(self.collection.papers), venues=self.venues,
                           page_size=pager["size"] if pager else max(len(papers), 1))

    @functools.cached_property
    def venues(self) -> list[tuple[str, int]]:
        """(venue, papers) for the list's venue filter."""
        from .list_data import venue_counts  # list_data imports this module

        return venue_counts(self.collection)
