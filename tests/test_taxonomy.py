"""The taxonomy index (model/taxonomy.py), on papers made in memory: no files, no build."""

from __future__ import annotations

from types import SimpleNamespace

from papershelf.model.load import Paper
from papershelf.model.routes import TaxonomyDeclaration
from papershelf.model.schema import PaperMeta
from papershelf.model.taxonomy import (
    Term,
    build_taxonomy,
    co_terms,
    include_subterms,
    newest_first,
    topic_ancestors,
)


def paper(slug: str, title: str, date: str, authors: list[str], topics: list[str] = ("t",)) -> Paper:
    meta = PaperMeta(title=title, authors=authors, date=date, topics=list(topics))
    return Paper(slug, f"papers/{slug}.md", meta, "An abstract.")


def by_authors(item: Paper) -> list[tuple[str, str, object]]:
    return [(name.casefold(), name, None) for name in item.meta.authors]


def slug_of(key: str, name: str) -> str:
    return name.lower().replace(" ", "-")


AUTHORS = TaxonomyDeclaration("authors", permalink="people/{slug}/")
PAPERS = [paper("c", "Gamma", "2024-05-01", ["Ada Lovelace", "Alan Turing"]),
          paper("b", "beta", "2023-01-01", ["Alan Turing"]),
          paper("a", "Alpha", "2023-01-01", ["Alan Turing", "Grace Hopper", "Alan Turing"])]


def test_terms_group_papers_newest_first_and_take_their_slug_and_url_from_the_declaration():
    authors = build_taxonomy(AUTHORS, newest_first(PAPERS), by_authors, slug_of)
    turing = authors.terms["alan turing"]
    assert [p.slug for p in turing.papers] == ["c", "a", "b"]  # same date: by title, case ignored
    assert turing.count == 3  # named twice on paper a: listed once
    assert [t.name for t in authors.terms_of(PAPERS[2])] == ["Alan Turing", "Grace Hopper", "Alan Turing"]
    assert (turing.slug, turing.url) == ("alan-turing", "people/alan-turing/")
    assert authors.terms_of(paper("z", "Unknown", "2020", ["X"])) == []


def test_orders_by_count_by_name_and_newest_key():
    authors = build_taxonomy(AUTHORS, newest_first(PAPERS), by_authors, slug_of)
    assert [t.name for t in authors.by_count()] == ["Alan Turing", "Ada Lovelace", "Grace Hopper"]
    assert [t.name for t in authors.by_name()] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert [t.key for t in authors.ordered("newest")] == ["grace hopper", "alan turing", "ada lovelace"]
    authors.by_count().clear()  # a caller's copy: the kept order is untouched
    assert len(authors.by_count()) == 3


def test_declared_terms_exist_without_papers_and_keep_their_own_slug():
    declared = Term("authors", "nobody", "Nobody", "kept-slug")
    authors = build_taxonomy(AUTHORS, PAPERS, by_authors, slug_of, declared=[declared])
    assert authors.terms["nobody"].count == 0 and authors.terms["nobody"].url == "people/kept-slug/"


def topic_taxonomy(parents: dict[str, str | None], papers: list[Paper]):
    def terms_of(item: Paper):
        return [(key, key.title(), SimpleNamespace(parent=parents[key])) for key in item.meta.topics]
    declared = [Term("topics", key, key.title(), "", info=SimpleNamespace(parent=parent))
                for key, parent in parents.items()]
    return build_taxonomy(TaxonomyDeclaration("topics"), newest_first(papers), terms_of, slug_of, declared)


def test_ancestors_stop_at_a_cycle_and_at_an_unknown_parent():
    topics = topic_taxonomy({"a": "b", "b": "c", "c": "a", "d": "missing"}, [])
    assert topic_ancestors(topics, "a") == ["b", "c"]
    assert topic_ancestors(topics, "d") == []
    assert topic_ancestors(topics, "not-a-term") == []


def test_a_parent_topic_lists_its_subtopics_papers_once_newest_first():
    papers = [paper("p1", "One", "2024-01-01", ["A"], ["child"]), paper("p2", "Two", "2022-01-01", ["A"], ["parent"]),
              paper("p3", "Three", "2023-01-01", ["A"], ["grandchild", "child"])]
    topics = include_subterms(topic_taxonomy({"parent": None, "child": "parent", "grandchild": "child"}, papers))
    assert [p.slug for p in topics.terms["parent"].papers] == ["p1", "p3", "p2"]
    assert [p.slug for p in topics.terms["child"].papers] == ["p1", "p3"]
    assert [p.slug for p in topics.terms["grandchild"].papers] == ["p3"]


def test_an_edit_that_keeps_a_papers_terms_reuses_the_taxonomy_and_one_that_changes_them_does_not():
    authors = build_taxonomy(AUTHORS, newest_first(PAPERS), by_authors, slug_of)
    authors.by_count()
    retitled = paper("b", "Aardvark", "2023-01-01", ["Alan Turing"])
    edited = authors.with_papers({"b": retitled}, by_authors)
    assert edited is not None
    assert [p.slug for p in edited.terms["alan turing"].papers] == ["c", "b", "a"]  # sorted again by title
    assert edited.terms["alan turing"].papers[1] is retitled
    assert authors.terms["alan turing"].papers[1].meta.title == "Alpha"  # the original is untouched
    assert [t.name for t in edited.by_count()] == [t.name for t in authors.by_count()]
    assert authors.with_papers({"b": paper("b", "beta", "2023-01-01", ["Someone Else"])}, by_authors) is None
    assert authors.with_papers({"new": paper("new", "New", "2023-01-01", ["Alan Turing"])}, by_authors) is None


def test_co_terms_are_the_others_on_a_terms_papers_most_shared_first():
    authors = build_taxonomy(AUTHORS, newest_first(PAPERS), by_authors, slug_of)
    shared = [(term.name, count) for term, count in co_terms(authors.terms["alan turing"], authors)]
    assert shared == [("Ada Lovelace", 1), ("Grace Hopper", 1)]
    assert co_terms(authors.terms["grace hopper"], authors)[0][0].name == "Alan Turing"


def test_an_edit_to_a_paper_that_spells_a_name_its_own_way_keeps_its_spelling():
    papers = [paper("x", "X", "2024-01-01", ["Alan Turing"]), paper("y", "Y", "2023-01-01", ["A. M. Turing"])]

    def by_surname(item: Paper) -> list[tuple[str, str, object]]:
        return [(name.split()[-1].casefold(), name, None) for name in item.meta.authors]
    authors = build_taxonomy(AUTHORS, newest_first(papers), by_surname, slug_of)
    term = authors.terms["turing"]
    spelled = next(item for item in papers if item.meta.authors != [term.name])  # the paper with the other spelling
    edited = authors.with_papers({spelled.slug: paper(spelled.slug, "Retitled", spelled.meta.date,
                                                      spelled.meta.authors)}, by_surname)
    assert edited is not None
    [entry] = edited.terms_of(spelled)
    assert entry.name == spelled.meta.authors[0] and entry.slug == term.slug  # its spelling, the shared page
    assert "Retitled" in [p.meta.title for p in edited.terms["turing"].papers]
