"""Related papers: TF-IDF cosine similarity, deterministic, never the paper itself, cheap at scale."""

from __future__ import annotations

import itertools
import random
import time
import tracemalloc

import pytest

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


@pytest.mark.parametrize("dense", [0, 2], ids=["best-cells-only", "every-cell-sorted"])
def test_ties_are_broken_by_slug(monkeypatch, dense):
    monkeypatch.setattr(related, "DENSE_BLOCK", dense)  # both ways of picking a row's best
    text = "Causal tracing localizes factual associations in transformer layers."
    papers = [make_paper(slug, "Same", text) for slug in ("zeta", "alpha", "mid")]
    papers.append(make_paper("query", "Other", text))
    # words in over half the papers are left out, so the collection needs other papers
    papers += [make_paper(f"other-{i}", "Unrelated", f"Volcanic soil chemistry sample {i}.") for i in range(4)]
    assert related.related_slugs(papers, limit=2)["query"] == ["alpha", "mid"]  # "zeta" ties at the cut: out
    assert related.related_slugs(papers)["query"] == ["alpha", "mid", "zeta"]


def test_sorting_only_each_rows_best_cells_changes_nothing(bundled, monkeypatch):
    """A dense score block is sorted from each row's best cells only; a sparse one whole: the same answer."""
    monkeypatch.setattr(related, "DENSE_BLOCK", 2)  # never dense: every positive cell sorted
    whole = {limit: related.related_slugs(bundled.papers, limit) for limit in (1, 5, 36, 40)}
    monkeypatch.setattr(related, "DENSE_BLOCK", 0)  # always dense
    assert {limit: related.related_slugs(bundled.papers, limit) for limit in (1, 5, 36, 40)} == whole


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
