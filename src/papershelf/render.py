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
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .collection import Collection
from .exports.bibtex import cached_bibtex
from .load import Paper
from .markdown_html import markdown_to_html
from .schema import parse_partial_date
from .taxonomy import Term, co_terms

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# The co-authors most often shared: with all of them, the pages of a long author list grow with its square.
MAX_COAUTHORS = 30
LINK_LABELS = {"pdf": "PDF", "code": "Code", "project": "Project page", "data": "Data", "video": "Video",
               "slides": "Slides", "blog": "Blog post", "poster": "Poster", "demo": "Demo"}


TEMPLATE_FOLDER = "papershelf"  # templates are named "papershelf/paper.html", here and in a custom_dir
CONTENT_OPTIONS = {
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


def display_date(value: str) -> str:
    year, month, day = parse_partial_date(value)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1][:3]} {day}, {year}"


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, url) buttons: the arXiv abstract first, then the paper's own links."""
    links = []
    if paper.meta.arxiv:
        links.append(("arXiv", f"https://arxiv.org/abs/{paper.meta.arxiv}"))
        if "pdf" not in paper.meta.links:
            links.append(("PDF", f"https://arxiv.org/pdf/{paper.meta.arxiv}"))
    if paper.meta.doi:
        links.append(("DOI", f"https://doi.org/{paper.meta.doi}"))
    for name, url in paper.meta.links.items():
        links.append((LINK_LABELS.get(name, name.replace("_", " ").capitalize()), url))
    return links


class PageRenderer:
    """Renders every kind of page of one collection; `root` is the relative path to the site root."""

    def __init__(self, collection: Collection, related=None, charts=None, exports: bool = True,
                 env: Environment | None = None):
        self.collection = collection
        self.env = env or environment()  # content_environment(theme env) in a MkDocs build
        self.routes = collection.routes
        self.exports = exports  # whether papers.json, papers.bib, feed.xml and papers/<slug>.bib are written
        self.topics = collection.taxonomies["topics"]
        self.authors = collection.taxonomies["authors"]
        self.years = collection.taxonomies["years"]
        self.related = related or (lambda paper: [])
        self.charts = charts or {}
        self._items: dict[tuple[str, str], Markup] = {}
        self._macros = None
        self.bibtex = cached_bibtex(collection)  # a paper's BibTeX: its page and the exports share it
        self._bodies: dict[str, tuple[Markup, Markup | str]] = {}  # by slug: the page and its search entry share it

    def render(self, template: str, **context) -> str:
        """Render papershelf/`template` (or the site's override of it)."""
        return self.env.get_template(f"{TEMPLATE_FOLDER}/{template}").render(**context)

    def _common(self, root: str) -> dict:
        return {"root": root, "topics": self.topics, "authors": self.authors, "years": self.years, "exports": self.exports,
                "paper_item": self.paper_item, "url": self.routes.url, "routes": self.routes,
                "taxonomies": self.collection.taxonomies}

    def paper_item(self, paper: Paper, root: str) -> Markup:
        """A paper's entry in a list; rendered once per (paper, root), as every list page shows it alike."""
        key = (paper.slug, root)
        item = self._items.get(key)
        if item is None:
            if self._macros is None:
                context = {"root": root, "topics": self.topics, "authors": self.authors, "years": self.years,
                           "url": self.routes.url, "routes": self.routes}
                self._macros = self.env.get_template(f"{TEMPLATE_FOLDER}/_macros.html").make_module(context)
            item = self._items[key] = Markup(self._macros.paper_item(paper, root))
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
            abstract_html=abstract_html, notes_html=notes_html, bibtex=self.bibtex(paper),
            related=self.related(paper),
        )

    def paper_search_html(self, paper: Paper) -> str:
        """What a site search indexes for a paper, besides its title: authors, topics, tags, abstract, notes."""
        abstract_html, notes_html = self.bodies(paper)
        lines = [", ".join(term.name for term in self.authors.terms_of(paper)),
                 " ".join(term.name for term in self.topics.terms_of(paper)), " ".join(paper.meta.tags)]
        facts = [f"<p>{escape(line)}</p>" for line in lines if line]
        return "\n".join([*facts, str(abstract_html), str(notes_html)])

    def term(self, term: Term, papers: list[Paper], root: str, pager: dict | None = None) -> str:
        # Co-authors on an author's first page only, the most frequent first: a prolific
        # author's co-authors would otherwise grow the page (and each of its pages) without bound.
        first_page = pager is None or pager["number"] == 1
        people = self._field(term) == "authors"
        coauthors = co_terms(term, self.collection.taxonomies[term.taxonomy]) if people and first_page else []
        return self.render("term.html", **self._common(root), term=term, papers=papers, pager=pager,
                      coauthors=coauthors[:MAX_COAUTHORS], more_coauthors=len(coauthors[MAX_COAUTHORS:]),
                      person=term.info if people else None,
                      parent=self._parent_topic(term), subtopics=self._subtopics(term))

    def _field(self, term: Term) -> str:
        return self.collection.taxonomies[term.taxonomy].declaration.field

    def _parent_topic(self, term: Term) -> Term | None:
        parent = getattr(term.info, "parent", None) if self._field(term) == "topics" else None
        return self.topics.terms.get(parent) if parent else None

    def _subtopics(self, term: Term) -> list[Term]:
        if self._field(term) != "topics":
            return []
        return [t for t in self.topics.terms.values() if getattr(t.info, "parent", None) == term.key]

    def term_index(self, taxonomy_name: str, terms: list[Term], root: str, pager: dict | None = None,
                   order: str = "count") -> str:
        taxonomy = self.collection.taxonomies[taxonomy_name]
        return self.render("term_index.html", **self._common(root), taxonomy=taxonomy, terms=terms, pager=pager,
                      order=order, chart=Markup(self.charts.get(taxonomy_name, "")))

    def home(self, root: str, latest: int = 10) -> str:
        by_added = sorted(self.collection.papers, key=lambda p: (p.meta.added or "", p.meta.date), reverse=True)
        return self.render("home.html", **self._common(root), collection=self.collection, latest=by_added[:latest],
                      chart=Markup(self.charts.get("years", "")), today=dt.date.today())

    def paper_list(self, root: str, papers: list[Paper] | None = None, pager: dict | None = None) -> str:
        """One page of the list of all papers (all of them when `papers` is None)."""
        papers = self.collection.papers if papers is None else papers
        return self.render("papers.html", **self._common(root), papers=papers, pager=pager,
                      total=len(self.collection.papers))
