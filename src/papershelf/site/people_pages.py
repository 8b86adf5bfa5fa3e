"""An author's page content written in Python: the same HTML as `term.html`, at a fraction of the cost.

A 10,000-paper collection has ~40,000 author pages, and rendering their content through Jinja
(term.html with the `breadcrumb`, `brief_item` and `pager_nav` macros of _macros.html) was most
of the build's CPU time outside Pagefind: each render imports the macros with its context again,
and each name of each byline goes through a macro call, an attribute lookup and an escape.
Every author page has the same shape, so `PersonPage` writes it with string joins instead.

It is used only while the templates it mirrors are papershelf's own and unchanged (`usable`):
a site whose `custom_dir` overrides `papershelf/term.html` or `papershelf/_macros.html`, or a
change to the template text here, falls back to Jinja, which stays the one definition of the
page. `tests/test_people_pages.py` renders every author page of a collection both ways and
compares them, and checks that the fingerprints below match the shipped templates (a template
edit must come with the same edit here, or author pages silently get slower, never wrong).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import escape

from ..model.load import Paper
from ..model.taxonomy import Taxonomy, Term, canonical
from ..model.text import display_date

Near = Callable[[Term], str]  # the link from the page being written to a term's page (PageRenderer.near)

TEMPLATES = Path(__file__).parent / "templates"
MAX_BYLINE = 30  # brief_item's `paper_authors[:30]`
# sha256 of the template text PersonPage mirrors: all of term.html, and each macro of _macros.html it calls
FINGERPRINTS = {
    "term.html": "25771f72a6397294a398b70474b7bace6a52e336024a1b99a87228f19669e249",
    "breadcrumb": "3fc82473a7da5b7b146fba4f98dad1965eca31f1952211bc772719ebefd1f430",
    "brief_item": "169a24c84c0ad6e4ad9d2e4fb90a15aecc451373efc9ae5296c7718f8aaa1673",
    "pager_nav": "2106b711dfbd3785b0314973099f3d14600a48bfa58be4a9815e1b0a229326b0",
}
MACROS = ("breadcrumb", "brief_item", "pager_nav")


def macro_source(source: str, name: str) -> str:
    """The text of `{% macro name(...) %} … {% endmacro %}` in a template's source ("" if absent)."""
    match = re.search(r"\{%-?\s*macro\s+" + re.escape(name) + r"\b.*?\{%-?\s*endmacro\s*-?%\}", source, re.S)
    return match.group(0) if match else ""


def fingerprints(term_source: str, macros_source: str) -> dict[str, str]:
    texts = {"term.html": term_source, **{name: macro_source(macros_source, name) for name in MACROS}}
    return {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in texts.items()}


def _source(env: Environment, name: str) -> tuple[str, str | None] | None:
    if env.loader is None:
        return None
    try:
        source, filename, _ = env.loader.get_source(env, f"papershelf/{name}")
    except (TemplateNotFound, AttributeError):
        return None
    return source, filename


def usable(env: Environment) -> bool:
    """Whether `env` renders author pages with papershelf's own, unchanged term.html and macros."""
    term, macros = _source(env, "term.html"), _source(env, "_macros.html")
    if term is None or macros is None:
        return False
    (term_source, term_file), (macros_source, macros_file) = term, macros
    ours = {str(TEMPLATES / "term.html"), str(TEMPLATES / "_macros.html")}
    if {str(Path(term_file or "").resolve()), str(Path(macros_file or "").resolve())} != {str(Path(p).resolve())
                                                                                         for p in ours}:
        return False  # a custom_dir's override
    return fingerprints(term_source, macros_source) == FINGERPRINTS


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class PersonPage:
    """Writes the content of author pages as term.html does for `people` (see the module's docstring)."""

    def __init__(self, authors: Taxonomy, url: Callable[[Any, str], str]):
        self.authors = authors  # the authors taxonomy: terms_of(paper)
        self.url = url  # routes.url(target, root)

    def breadcrumb(self, crumbs: list[tuple[str, str]], root: str) -> str:
        items = "".join(f'<li><a href="{escape(root)}{escape(target)}">{escape(label)}</a></li>'
                        for label, target in crumbs)
        return f'<nav class="ps-breadcrumb" aria-label="Breadcrumb" data-search-exclude><ol>\n{items}</ol></nav>'

    def brief_item(self, paper: Paper, root: str, person: Term, near: Near) -> str:
        paper_authors = self.authors.terms_of(paper)
        shown = paper_authors[:MAX_BYLINE]
        names = []
        for author in shown:
            if author.key == person.key:
                names.append(f'<strong class="ps-author--self">{escape(author.name)}</strong>')
            elif author.url:
                names.append(f'<a href="{escape(near(canonical(author)))}">{escape(author.name)}</a>')
            else:  # no page of their own (a taxonomy's min_papers)
                names.append(str(escape(author.name)))
        byline = ", ".join(names)
        if len(paper_authors) > MAX_BYLINE:
            if person.key in [author.key for author in paper_authors[MAX_BYLINE:]]:
                byline += f', … <strong class="ps-author--self">{escape(person.name)}</strong>'
            byline += f" and {escape(_plural(len(paper_authors) - MAX_BYLINE, 'other'))}"
        meta = paper.meta
        venue = f' · <span class="ps-venue">{escape(meta.venue)}</span>' if meta.venue else ""
        return (f'<li class="ps-paper"><a class="ps-paper__title" href="{escape(self.url(paper, root))}">'
                f'{escape(meta.title)}</a><span class="ps-paper__authors">{byline}</span>'
                f'<span class="ps-paper__meta"><time datetime="{escape(meta.date)}">{escape(display_date(meta.date))}'
                f"</time>{venue}</span></li>")

    def pager_nav(self, pager: dict[str, Any] | None, root: str) -> str:
        if not (pager and pager["pages"] > 1):
            return ""
        # the template's block tags start their lines: their indentation and line ends are not output
        previous = f'<a rel="prev" href="{escape(root)}{escape(pager["previous"])}">← Previous</a>' if pager["previous"] else ""
        following = f'<a rel="next" href="{escape(root)}{escape(pager["next"])}">Next →</a>' if pager["next"] else ""
        return (f'<nav class="ps-pager" aria-label="Pages">\n{previous}'
                f'  <span>Page {escape(pager["number"])} of {escape(pager["pages"])}</span>\n{following}</nav>\n')

    def content(self, term: Term, papers: list[Paper], root: str, pager: dict[str, Any] | None, near: Near,
                crumbs: list[tuple[str, str]], coauthors: list[tuple[Term, int]], more_coauthors: int,
                per_year: list[tuple[str, int]], feed: bool) -> str:
        parts = [self.breadcrumb(crumbs, root), f"\n<h1>{escape(term.name)}</h1>\n"]
        if term.description:
            parts.append(f'<p class="ps-description">{escape(term.description)}</p>')
        entry = getattr(term.info, "entry", None)
        if term.info and entry:
            parts.append('<p class="ps-person-links">\n')
            if entry.homepage:
                parts.append(f'<a href="{escape(entry.homepage)}" rel="nofollow noopener">Homepage</a> ')
            if entry.orcid:
                parts.append(f'<a href="https://orcid.org/{escape(entry.orcid)}" rel="nofollow noopener">ORCID</a> ')
            if entry.scholar:
                parts.append(f'<a href="{escape(entry.scholar)}" rel="nofollow noopener">Google Scholar</a>')
            parts.append("</p>\n")
        follow = (' · <a class="ps-follow" href="feed.xml" type="application/atom+xml">Follow: Atom feed</a>'
                  if feed else "")
        parts.append(f'<p class="ps-count"><span class="ps-count__number">{escape(term.count)}</span> '
                     f"{'paper' if term.count == 1 else 'papers'}{follow}</p>\n")
        if per_year:
            # a year and its count, and the "·" after them, on one line (no break inside "2003 (1)")
            years = "&nbsp;· ".join(f"{escape(year)}&nbsp;({escape(count)})" for year, count in per_year)
            parts.append(f'<p class="ps-per-year">Papers per year: {years}</p>')
        parts.append('<ul class="ps-papers" data-search-exclude>\n')
        for paper in papers:
            parts.append(self.brief_item(paper, root, term, near))
            parts.append("\n")
        parts.append("</ul>\n")
        parts.append(self.pager_nav(pager, root))
        parts.append("\n")
        if coauthors:
            parts.append('<h2 id="co-authors">Co-authors</h2>\n<ul class="ps-coauthors">\n')
            for other, shared in coauthors:
                count = (f' <span class="ps-shared">({escape(_plural(shared, "shared paper"))})</span>'
                         if shared > 1 else "")
                name = (f'<a href="{escape(near(other))}">{escape(other.name)}</a>' if other.url
                        else escape(other.name))
                parts.append(f"<li>{name}{count}</li>\n")
            parts.append("</ul>\n")
            if more_coauthors:
                parts.append(f'<p class="ps-more">… and {escape(_plural(more_coauthors, "other co-author"))}.</p>')
        return "".join(parts)
