"""The property "whatever validates builds and passes the inertness checks", on the surfaces of issue 27:

- any parent: graph topics.yml validation accepts has bounded breadcrumbs that are whole (never cut);
- any field values in a pull request summary, and any title or reason in the suggestion flow's texts, carry no
  markup, mention, reference or closing keyword once GitHub renders them (cmark-gfm + its detection rules);
- any set of papers that validates keeps each paper's own spelling of its authors, and adding a later paper
  moves no existing author's URL or name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import cmarkgfm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papershelf.exports.bibtex import author_names
from papershelf.model.collection import Layout, index_collection
from papershelf.model.identity import AuthorRegistry
from papershelf.model.load import Paper
from papershelf.model.schema import PaperMeta, TopicEntry
from papershelf.model.taxonomy import Taxonomy, Term, topic_ancestors
from papershelf.model.validate import MAX_TOPIC_DEPTH, check_topic_cycles
from papershelf.review.ghtext import md
from papershelf.review.prcheck import diff_rows
from papershelf.review.suggest import Suggestion, SuggestionOutcome, write_outputs
from sitebuild import executable_markup
from test_github_text import effects_of_markdown, effects_of_text

HOSTILE = ["@octocat", "@org/team", "#1", "Fixes #2", "o/r#3", "GH-4", "https://github.com/o/r/issues/5", "\\@x",
           "`", "<script>", "<del>", "</ins>", "|", "**", "[x](javascript:alert(1))", "www.github.com/o/r/pull/6",
           "closes", "＠ｘ", "＃7", "\n", " ", "é", "\u202e", "{{ 7*7 }}"]
text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@given(parents=st.lists(st.integers(min_value=-1, max_value=29), min_size=1, max_size=30))
def test_any_topic_graph_that_validates_has_whole_bounded_breadcrumbs(parents):
    topics = [TopicEntry(id=f"t{i}", title=f"T{i}", description="d",
                         parent=f"t{p}" if 0 <= p < len(parents) else None)  # unknown parents: check_topics' own
              for i, p in enumerate(parents)]
    problems = check_topic_cycles(topics, "topics.yml")
    taxonomy = Taxonomy(None, {t.id: Term("topics", t.id, t.title, t.id, info=t) for t in topics}, {})
    if not problems:
        for topic in topics:
            chain, current = [], topic.parent
            while current is not None:
                chain.append(current)
                current = next(t.parent for t in topics if t.id == current)
                assert len(chain) < MAX_TOPIC_DEPTH  # accepted: no cycle, and not too deep
            assert topic_ancestors(taxonomy, topic.id) == chain  # whole, never cut
    else:
        assert all(p.field == "parent" and len(p.message) < 400 for p in problems)


@settings(max_examples=80, deadline=None)
@given(old=st.one_of(text, st.lists(text, max_size=4), st.dictionaries(st.sampled_from(["pdf", "code"]), text)),
       new=st.one_of(text, st.lists(text, max_size=4), st.dictionaries(st.sampled_from(["pdf", "code"]), text)))
def test_any_changed_field_in_the_summary_is_inert_once_github_renders_it(old, new):
    rows = diff_rows("field", old, new)
    table = "\n".join(["| field | before | after |", "| --- | --- | --- |",
                       *[f"| `{name}` | {before} | {after} |" for name, before, after in rows]])
    html = cmarkgfm.github_flavored_markdown_to_html(table)
    assert executable_markup(html) == []
    assert effects_of_markdown(table) == set()
    assert effects_of_markdown(md(str(new))) == set()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text.filter(lambda t: t.strip()), why=text)
def test_any_suggestion_text_is_inert(tmp_path, title, why):
    added = SimpleNamespace(meta={"title": title, "arxiv": "1706.03762", "topics": ["nlp"]},
                            path=Path("/shelf/papers/a.md"))
    outcome = SuggestionOutcome(Suggestion(paper="1706.03762", why=why), problems=[], added=added)
    written = {p.name: p.read_text(encoding="utf-8") for p in write_outputs(outcome, tmp_path / "out", 9, Path("/shelf"))}
    assert effects_of_markdown(written["pr-body.md"]) == {"closes Closes #9", "reference #9"}
    assert effects_of_text(written["pr-title.txt"]) == set()
    assert effects_of_text(written["commit-message.txt"]) == {"closes Closes #9", "reference #9"}


names = st.sampled_from(["Sara Papi", "SARA PAPI", "Ｓａｒａ Ｐａｐｉ", "sara  papi", "'Dennis Fucci", "Dennis Fucci",
                         "Dennis-Fucci", "Aaron Aardvark", "Zoë Zed", "Zoe\u0308 Zed"])


def paper(index: int, authors: list[str]) -> Paper:
    meta = PaperMeta(title=f"Paper {index}", authors=authors, date="2024-01-02", topics=["t"],
                     added=(dt.date(2024, 1, 1) + dt.timedelta(days=index)).isoformat())
    return Paper(slug=f"p{index:03d}", path=f"papers/p{index:03d}.md", meta=meta, abstract="")


def collection_of(papers: list[Paper]):
    return index_collection(Layout(Path("/shelf")), list(papers), [TopicEntry(id="t", title="T", description="d")],
                            AuthorRegistry())


@settings(max_examples=50, deadline=None)
@given(lists=st.lists(st.lists(names, min_size=1, max_size=3, unique=True), min_size=1, max_size=6),
       newcomer=st.lists(names, min_size=1, max_size=3, unique=True))
def test_each_paper_keeps_its_spelling_and_a_later_paper_moves_no_url(lists, newcomer):
    papers = [paper(i, authors) for i, authors in enumerate(lists)]
    before = collection_of(papers)
    after = collection_of(papers + [paper(len(papers), newcomer)])
    for each in after.papers:
        assert author_names(after, each) == [" ".join(n.split()) for n in each.meta.authors]
    old, new = before.taxonomies["authors"].terms, after.taxonomies["authors"].terms
    assert all((new[key].url, new[key].name) == (term.url, term.name) for key, term in old.items())
    assert len({term.url for term in new.values()}) == len(new)
