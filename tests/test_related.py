"""Related papers: TF-IDF cosine similarity, deterministic, never the paper itself, cheap at scale."""

from __future__ import annotations

import html
import importlib.util
import itertools
import json
import random
import re
import sys
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from papershelf.model.collection import load_collection
from papershelf.model.load import Paper
from papershelf.model.schema import PaperMeta
from papershelf.site import related
from sitebuild import REPO, parse


def make_paper(slug: str, title: str, abstract: str) -> Paper:
    meta = PaperMeta(title=title, authors=["Ann Lee"], date="2024-01-01", topics=["t"])
    return Paper(slug, f"papers/{slug}.md", meta, abstract)


@pytest.fixture(scope="module")
def bundled():
    return load_collection(REPO)


def test_related_papers_are_stable_and_never_the_paper_itself(bundled):
    papers = bundled.papers
    first = related.related_slugs(papers)
    shuffled = papers[:]
    random.Random(7).shuffle(shuffled)
    second = related.related_slugs(shuffled)
    assert first == second
    slugs = {paper.slug for paper in papers}
    assert set(first) == slugs
    for slug, others in first.items():
        assert slug not in others
        assert len(others) == len(set(others)) <= related.RELATED_COUNT
        assert set(others) <= slugs
    assert sum(len(others) for others in first.values()) > 3 * len(papers)  # most papers get five


def test_the_most_similar_paper_comes_first():
    papers = [
        make_paper("sae", "Sparse autoencoders find monosemantic features",
                   "We train sparse autoencoders on residual stream activations and find monosemantic features."),
        make_paper("sae-2", "Monosemantic features from sparse dictionaries",
                   "Sparse autoencoders decompose activations into monosemantic dictionary features."),
        make_paper("birds", "Counting migratory birds with radar",
                   "Weather radar tracks migratory birds at night over the continent."),
        make_paper("birds-2", "Radar ornithology", "Night migration of birds measured by weather radar networks."),
    ]
    found = related.related_slugs(papers)
    assert found["sae"][0] == "sae-2" and found["sae-2"][0] == "sae"
    assert found["birds"][0] == "birds-2"
    assert "birds" not in found["sae"] and "sae" not in found["birds"]  # no shared word, no relation


@pytest.mark.parametrize("sample", [0, 10**6, 4], ids=["every-cell-sorted", "floor-of-every-column", "floor-of-a-sample"])
def test_ties_are_broken_by_slug(monkeypatch, sample):
    monkeypatch.setattr(related, "SAMPLE_COLUMNS", sample)  # each way of picking a row's best
    text = "Causal tracing localizes factual associations in transformer layers."
    papers = [make_paper(slug, "Same", text) for slug in ("zeta", "alpha", "mid")]
    papers.append(make_paper("query", "Other", text))
    # words in over half the papers are left out, so the collection needs other papers
    papers += [make_paper(f"other-{i}", "Unrelated", f"Volcanic soil chemistry sample {i}.") for i in range(4)]
    assert related.related_slugs(papers, limit=2)["query"] == ["alpha", "mid"]  # "zeta" ties at the cut: out
    assert related.related_slugs(papers)["query"] == ["alpha", "mid", "zeta"]


@pytest.mark.parametrize("sample", [10**6, 20, 6])
def test_sorting_only_each_rows_best_cells_changes_nothing(bundled, monkeypatch, sample):
    """Each row's cells below a floor (from a sample of its columns) are left out of the sort: the same answer."""
    limits = (1, 5, 36, 40)
    monkeypatch.setattr(related, "SAMPLE_COLUMNS", 0)  # no floor: every positive cell sorted
    whole = {limit: related.related_slugs(bundled.papers, limit) for limit in limits}
    monkeypatch.setattr(related, "SAMPLE_COLUMNS", sample)
    assert {limit: related.related_slugs(bundled.papers, limit) for limit in limits} == whole


def test_chunking_does_not_change_the_result(bundled, monkeypatch):
    whole = related.related_slugs(bundled.papers)
    monkeypatch.setattr(related, "PAIRS_PER_CHUNK", 50)
    monkeypatch.setattr(related, "SCORES_PER_CHUNK", 1)
    assert len(list(related.row_chunks(related.term_matrix(related.tfidf_cells([["a", "b"], ["a", "b"], ["b"]]), 3), 3))) == 3
    assert related.related_slugs(bundled.papers) == whole


def test_limit_and_tiny_collections():
    one = [make_paper("only", "Alone", "Nothing to compare with.")]
    assert related.related_slugs(one) == {"only": []}
    assert related.related_slugs([]) == {}
    # a ring: each paper shares words with its two neighbours on either side
    papers = [make_paper(f"p{i}", "Ring", " ".join(f"word{(i + k) % 8}x" for k in range(3))) for i in range(8)]
    assert all(len(v) == 2 for v in related.related_slugs(papers, limit=2).values())


def test_every_paper_page_lists_its_related_papers(bundled_site, bundled):
    found = related.related_slugs(bundled.papers)
    for slug, others in found.items():
        html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        section = html.split('id="related"', 1)[1].split("</ul>", 1)[0] if others else ""
        links = [attrs["href"] for tag, attrs in parse(section).elements if tag == "a"]
        assert links == [f"../../papers/{other}/" for other in others], slug


@pytest.mark.slow
def test_ten_thousand_papers_stay_cheap():
    generator = random.Random(1)
    vocabulary = [f"term{i}" for i in range(30_000)]
    zipf = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))  # as words in text are
    papers = [make_paper(f"paper-{i:05d}", f"Paper {i}", " ".join(generator.choices(vocabulary, cum_weights=zipf, k=150)))
              for i in range(10_000)]
    tracemalloc.start()
    started = time.perf_counter()
    found = related.related_slugs(papers)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert all(slug not in others for slug, others in found.items())
    assert sum(len(others) == 5 for others in found.values()) > 9_000
    assert elapsed < 120, f"{elapsed:.1f} s"  # about 10 s alone; generous for busy CI machines
    assert peak < 600 * 2**20, f"peak {peak / 2**20:.0f} MiB"  # a dense 10k × 10k float64 matrix alone is 763 MiB


# ---- The same answers as the code before issue 30's rewrite (kept in benchmarks/related.py) ----

BEFORE = importlib.util.spec_from_file_location("related_before", REPO / "benchmarks" / "related.py")
before = sys.modules["related_before"] = importlib.util.module_from_spec(BEFORE)
BEFORE.loader.exec_module(before)

# Pieces of text where the word rule has edges: apostrophes and hyphens alone, doubled, at either end (ASCII
# and not), digits, one-letter words, stop words, capitals, underscores, casefolding that grows a word
# ("ß" → "ss", "İ" → "i̇" with a combining dot), control bytes and the "|" that marks a text's end.
PIECES = ["a", "B", "ab", "Ab", "cd", "x1", "12", "-", "--", "'", "''", "’", "-'", "_", " ", "\n", ".", "|",
          "\x00", "\x1c", "the", "We", "ß", "İ", "é", "Straße", "model", "models", "state-of-the-art", "don't"]
texts = st.lists(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), max_size=8)


EDGES = ["ab''cd", "ab--cd", "ab-'cd", "ab'-cd", "ab---cd", "-ab-", "'ab'", "ab-", "a-b-c", "x'y", "ab’cd", "ab'’cd",
         "AB_CD", "Ab|cd", "ab\x00cd", "12-34", "İstanbul", "STRASSE Straße", "naïve-Bayes", "the-of"]


@example(EDGES)
@example([" ".join(EDGES)])
@example([edge.encode("ascii", "replace").decode() for edge in EDGES])
@given(texts)
def test_every_text_is_read_as_its_words(texts):
    """text_cells reads all texts at once, by distinct pieces: the same cells as tfidf_cells of each `tokens`."""
    at_once, word_by_word = related.text_cells(texts), related.tfidf_cells([related.tokens(t) for t in texts])
    assert list(at_once.vocabulary.items()) == list(word_by_word.vocabulary.items())
    for field in ("rows", "terms", "weights", "frequency"):
        assert np.array_equal(getattr(at_once, field), getattr(word_by_word, field)), field


def test_a_score_tied_to_nine_digits_with_the_sampled_best_still_competes(monkeypatch):
    """The floor of a row's best comes from a sample of its columns; a cell just below the sampled best that
    rounds to the same score, in an earlier column, wins the tie."""
    monkeypatch.setattr(related, "SAMPLE_COLUMNS", 5)  # columns 0, 2, 4, 6, 8
    block = np.zeros((1, 10))
    block[0, 2], block[0, 1] = 0.5, 0.5 - 0.3 / related.SCORE_STEPS
    block[0, 5] = 0.4
    assert related.best_in_block(block.copy(), 9, 1) == [[1]]
    assert related.best_in_block(block.copy(), 9, 3) == [[1, 2, 5]]
    assert related.best_in_block(block.copy(), 1, 2) == [[2, 5]]  # never the row's own column


@given(texts)
def test_the_watch_gets_the_same_cells_as_before(texts):
    documents = [related.tokens(text) for text in texts]
    now, then = related.tfidf_cells(documents), before.tfidf_cells(documents)
    assert list(now.vocabulary.items()) == list(then.vocabulary.items())
    for field in ("rows", "terms", "weights", "frequency"):
        assert np.array_equal(getattr(now, field), getattr(then, field)), field


# Few words, so that many papers tie and many terms weigh the same at the cut of TERMS_PER_PAPER.
abstracts = st.lists(st.sampled_from([f"w{i}" for i in range(12)] + ["the", "Model", "models"]), max_size=60)


@given(st.lists(abstracts.map(" ".join), min_size=2, max_size=40), st.integers(1, 8))
def test_small_collections_rank_as_before(abstracts, limit):
    papers = [make_paper(f"p{i:02d}", "Paper", abstract) for i, abstract in enumerate(abstracts)]
    assert related.related_slugs(papers, limit) == before.related_slugs_before(papers, limit)


def real_papers() -> list[Paper]:
    """The bundled collection and the real arXiv and Hugging Face answers of tests/fixtures/sources (their
    README names each origin): titles and abstracts as recorded."""
    papers = list(load_collection(REPO).papers)
    sources = REPO / "tests" / "fixtures" / "sources"
    for page in sorted((sources / "arxiv-search").glob("*.json")):
        feed = json.loads(page.read_text(encoding="utf-8"))["body"]
        for entry in re.findall(r"<entry>(.*?)</entry>", feed, re.DOTALL):
            title, summary = (html.unescape(re.search(f"<{tag}>(.*?)</{tag}>", entry, re.DOTALL)[1])
                              for tag in ("title", "summary"))
            papers.append(make_paper(f"arxiv-{len(papers)}", " ".join(title.split()), summary))
    for day in sorted((sources / "hf").glob("daily_papers-*.json")):
        for item in json.loads(day.read_text(encoding="utf-8")):
            paper = item["paper"]
            papers.append(make_paper(f"hf-{len(papers)}", " ".join(paper["title"].split()), paper["summary"]))
    return papers


def test_real_papers_rank_as_before(monkeypatch):
    papers = real_papers()
    assert len(papers) > 70 and any(not related.paper_text(p).isascii() for p in papers)
    for limit in (1, 5, 20):
        assert related.related_slugs(papers, limit) == before.related_slugs_before(papers, limit)
    monkeypatch.setattr(related, "SAMPLE_COLUMNS", 8)  # floors from a sample of a tenth of the columns
    assert related.related_slugs(papers) == before.related_slugs_before(papers)


@pytest.mark.parametrize("vocabulary", ["real", "narrow"])
def test_generated_collections_rank_as_before(tmp_path, vocabulary):
    """benchmarks/generate.py's papers (benchmarks/related.py compares 10,000 of them, and 4,446 real records)."""
    papers = load_collection(before.write_collection(tmp_path, 600, seed=3, vocabulary=vocabulary)).papers
    assert related.related_slugs(papers) == before.related_slugs_before(papers)
