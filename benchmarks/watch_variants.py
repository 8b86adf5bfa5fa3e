"""Variants of the watch's profile scorer, each measured with the leave-one-out of watch_ranking.py.

    python benchmarks/watch_variants.py [VARIANT ...] [--records FILE] [--window-days 183]

Same protocol as benchmarks/watch_ranking.py (each paper of the bundled collection held out,
ranked for each of its topics among the real records dated within ±183 days of it, using only
the other papers; ties count against it), on the 56 (paper, topic) pairs whose window holds
records. Each variant changes one thing of the default `profile` scorer of
papershelf.watch.rank, re-implemented here over dense numpy matrices so that a variant is a
keyword argument (`score`): the `default` line reproduces the default scorer's figures.
IDF and any latent space are fitted on the collection and the candidates of the window, as in
real use (the held-out paper is one of the candidates, never a member of a topic).

docs/watching.md gives the table this prints. Run: ~5 s of CPU per lexical variant, ~70 s per
latent (LSA) one.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from papershelf.model.collection import load_collection  # noqa: E402
from papershelf.watch.candidates import topics_with_ancestors  # noqa: E402
from papershelf.watch.rank import COLLECTION_WEIGHT, DESCRIPTION_WEIGHT, FEED_WEIGHT, watch_tokens  # noqa: E402
from watch_ranking import POPULATED, find_records, load_records, paper_ordinal  # noqa: E402

Doc = tuple[list[str], list[str]]  # (title words, abstract words)

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "title counted twice": {"title_weight": 2.0},
    "title counted three times": {"title_weight": 3.0},
    "BM25 term weights (k1 1.2, b 0.75)": {"tf": "bm25"},
    "binary term weights": {"tf": "binary"},
    "raw term counts": {"tf": "raw"},
    "no topic description": {"description_weight": 0.0},
    "description weight 1.0": {"description_weight": 1.0},
    "subtopic papers not counted for the parent": {"direct_members": True},
    "0.5 centroid + 0.5 best member (kNN k=1)": {"knn": 1, "knn_weight": 0.5},
    "0.5 centroid + 0.5 mean of top-3 members": {"knn": 3, "knn_weight": 0.5},
    "mean of top-3 members only": {"knn": 3, "knn_weight": 1.0},
    "collection prior: best collection paper": {"prior": "max"},
    "collection prior: mean of top-3 papers": {"prior": "top3"},
    "no collection prior": {"collection_weight": 0.0},
    "collection weight 0.5": {"collection_weight": 0.5},
    "collection weight 2": {"collection_weight": 2.0},
    "no feed negative": {"feed_weight": 0.0},
    "feed weight 1": {"feed_weight": 1.0},
    "minus 0.5 x the candidate's mean over topics": {"topic_centering": 0.5},
    "rank fusion: topic percentile + prior percentile": {"fusion": "percentile"},
    "rank fusion: reciprocal ranks (k=60)": {"fusion": "rrf"},
    "word bigrams added": {"bigrams": True},
    "pseudo-relevance feedback: + 0.5 x mean of the top 5": {"feedback": 5, "feedback_weight": 0.5},
    "pseudo-relevance feedback: + 0.5 x mean of the top 10": {"feedback": 10, "feedback_weight": 0.5},
    "pseudo-relevance feedback: + 1.0 x mean of the top 5": {"feedback": 5, "feedback_weight": 1.0},
    "LSA k=50 (weight 0.5)": {"latent": 50, "latent_weight": 0.5},
    "LSA k=100 (weight 0.3)": {"latent": 100, "latent_weight": 0.3},
    "LSA k=100 (weight 0.5)": {"latent": 100, "latent_weight": 0.5},
    "LSA k=100 (weight 0.7)": {"latent": 100, "latent_weight": 0.7},
}


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def with_bigrams(doc: Doc) -> Doc:
    title, abstract = doc
    return (title + [f"{a}_{b}" for a, b in zip(title, title[1:], strict=False)],
            abstract + [f"{a}_{b}" for a, b in zip(abstract, abstract[1:], strict=False)])


def vectorize(docs: list[Doc], title_weight: float = 1.0, tf: str = "sublinear") -> np.ndarray:
    """Unit TF-IDF rows (smoothed IDF over `docs`, as related.tfidf_cells), dense over the terms of >= 2 docs."""
    vocabulary: dict[str, int] = {}
    ids, rows, counts_in = [], [], []
    for row, (title, abstract) in enumerate(docs):
        for words, weight in ((abstract, 1.0), (title, title_weight)):
            for word in words:
                ids.append(vocabulary.setdefault(word, len(vocabulary)))
                rows.append(row)
                counts_in.append(weight)
    n, size = len(docs), len(vocabulary)
    cells, inverse = np.unique(np.array(rows, dtype=np.int64) * size + np.array(ids, dtype=np.int64),
                               return_inverse=True)
    counts = np.bincount(inverse, weights=counts_in)
    cell_rows, terms = cells // size, cells % size
    frequency = np.bincount(terms, minlength=size)
    idf = np.log((1 + n) / (1 + frequency)) + 1
    if tf == "sublinear":
        weights = 1 + np.log(counts)
    elif tf == "bm25":
        length = np.bincount(cell_rows, weights=counts, minlength=n)
        weights = counts * 2.2 / (counts + 1.2 * (0.25 + 0.75 * length[cell_rows] / length.mean()))
    elif tf == "binary":
        weights = np.ones_like(counts)
    else:
        weights = counts
    weights = weights * idf[terms]
    norms = np.sqrt(np.bincount(cell_rows, weights=weights**2, minlength=n))
    weights /= np.maximum(norms, 1e-12)[cell_rows]
    # A term of one document adds nothing to any cosine (its weight is in the norm already).
    kept = np.flatnonzero(frequency >= 2)
    column = np.full(size, -1)
    column[kept] = np.arange(len(kept))
    shared = column[terms] >= 0
    matrix = np.zeros((n, len(kept)), dtype=np.float32)
    matrix[cell_rows[shared], column[terms[shared]]] = weights[shared]
    return matrix


def latent_basis(matrix: np.ndarray, k: int) -> np.ndarray:
    """The top-k right singular vectors (terms × k) of `matrix`, by a seeded randomized SVD (Halko et al. 2011)."""
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(matrix @ rng.standard_normal((matrix.shape[1], k + 10)).astype(matrix.dtype))
    for _ in range(2):
        basis, _ = np.linalg.qr(matrix.T @ basis)
        basis, _ = np.linalg.qr(matrix @ basis)
    _, _, right = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    return np.asarray(right[:k].T)


def percentile(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(values, axis=0, kind="stable"), axis=0, kind="stable") / max(len(values) - 1, 1)


def reciprocal_rank(values: np.ndarray, k: int = 60) -> np.ndarray:
    """1 / (k + rank) of each value among the candidates (rank 1 = highest)."""
    return np.asarray(1 / (k + 1 + (1 - percentile(values)) * (len(values) - 1)))


def score(collection: list[Doc], candidates: list[Doc], descriptions: list[Doc], members: list[list[int]],
          direct: list[list[int]], *, description_weight: float = DESCRIPTION_WEIGHT,
          collection_weight: float = COLLECTION_WEIGHT, feed_weight: float = FEED_WEIGHT, title_weight: float = 1.0,
          tf: str = "sublinear", direct_members: bool = False, knn: int = 0, knn_weight: float = 0.0,
          prior: str = "mean", topic_centering: float = 0.0, fusion: str = "sum", bigrams: bool = False,
          latent: int = 0, latent_weight: float = 0.0, feedback: int = 0, feedback_weight: float = 0.0) -> np.ndarray:
    """candidates × topics scores of one variant of the profile scorer."""
    if bigrams:
        collection, candidates, descriptions = ([with_bigrams(d) for d in docs]
                                                for docs in (collection, candidates, descriptions))
    n_collection, n_candidates = len(collection), len(candidates)
    lexical = vectorize(collection + candidates + descriptions, title_weight, tf)
    spaces = [(lexical, 1.0 - latent_weight)]
    if latent:
        coordinates = lexical @ latent_basis(lexical[:n_collection + n_candidates], latent)
        coordinates /= np.maximum(np.linalg.norm(coordinates, axis=1, keepdims=True), 1e-12)
        spaces.append((coordinates, latent_weight))
    topic_part = np.zeros((n_candidates, len(members)))
    group_part = np.zeros(n_candidates)
    for matrix, weight in spaces:
        papers, feed, topic_rows = (matrix[:n_collection], matrix[n_collection:n_collection + n_candidates],
                                    matrix[n_collection + n_candidates:])
        profiles = []
        for column, rows in enumerate(direct if direct_members else members):
            centroid = papers[rows].mean(axis=0) if rows else np.zeros(matrix.shape[1])
            profiles.append(unit(centroid + description_weight * topic_rows[column]))
        topic_scores = feed @ np.array(profiles).T
        if feedback:  # blind relevance feedback: the topic's best candidates join its profile, then score again
            best = np.argsort(-topic_scores, axis=0, kind="stable")[:feedback]
            expanded = [unit(profile + feedback_weight * feed[best[:, column]].mean(axis=0))
                        for column, profile in enumerate(profiles)]
            topic_scores = feed @ np.array(expanded).T
        if knn:
            similarities = feed @ papers.T
            for column, rows in enumerate(direct if direct_members else members):
                if rows:
                    nearest = -np.sort(-similarities[:, rows], axis=1)[:, :knn].mean(axis=1)
                    topic_scores[:, column] = (1 - knn_weight) * topic_scores[:, column] + knn_weight * nearest
        if prior == "mean":
            liked = feed @ unit(papers.mean(axis=0))
        else:
            nearest_papers = -np.sort(-(feed @ papers.T), axis=1)
            liked = nearest_papers[:, 0] if prior == "max" else nearest_papers[:, :3].mean(axis=1)
        topic_part += weight * topic_scores
        group_part += weight * (collection_weight * liked - feed_weight * (feed @ unit(feed.mean(axis=0))))
    if fusion == "percentile":
        return np.asarray(percentile(topic_part) + collection_weight * percentile(group_part)[:, None])
    if fusion == "rrf":
        return np.asarray(reciprocal_rank(topic_part) + reciprocal_rank(group_part)[:, None])
    scores = topic_part + group_part[:, None]
    return np.asarray(scores - topic_centering * scores.mean(axis=1, keepdims=True))


def evaluate(scorer: Callable[..., np.ndarray], collection: Any, records: list[dict], window_days: int) -> list[int]:
    """The held-out paper's rank for each of its topics, over the pairs whose window is populated."""
    papers, topics = collection.papers, collection.topics
    topic_ids = [topic.id for topic in topics]
    words = [(watch_tokens(p.meta.title), watch_tokens(p.abstract)) for p in papers]
    descriptions = [(watch_tokens(t.title), watch_tokens(t.description)) for t in topics]
    ranks = []
    for held, paper in enumerate(papers):
        day = paper_ordinal(paper.meta.date)
        window = [record for record in records if abs(record["ordinal"] - day) <= window_days]
        if len(window) < POPULATED:
            continue
        others = [index for index in range(len(papers)) if index != held]
        members: list[list[int]] = [[] for _ in topic_ids]
        direct: list[list[int]] = [[] for _ in topic_ids]
        for row, index in enumerate(others):
            for topic_id in topics_with_ancestors(papers[index].meta.topics, topics):
                members[topic_ids.index(topic_id)].append(row)
            for topic_id in papers[index].meta.topics:
                direct[topic_ids.index(topic_id)].append(row)
        candidates = [words[held]] + [(record["title_words"], record["abstract_words"]) for record in window]
        scores = scorer([words[index] for index in others], candidates, descriptions, members, direct)
        for topic_id in paper.meta.topics:
            column = scores[:, topic_ids.index(topic_id)]
            ranks.append(1 + int((column[1:] >= column[0]).sum()))
    return ranks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help=f"variant names [default: all]: {', '.join(VARIANTS)}")
    parser.add_argument("--records", type=Path, default=None, help="papers.jsonl of the evaluation data")
    parser.add_argument("--window-days", type=int, default=183)
    args = parser.parse_args(argv)
    unknown = [name for name in args.variants if name not in VARIANTS]
    records_path = args.records or find_records()
    if unknown or records_path is None:
        print(f"unknown variants {unknown}" if unknown else "no evaluation records: pass --records FILE",
              file=sys.stderr)
        return 2
    collection = load_collection(REPO)
    records = load_records(records_path)
    for record in records:
        record["title_words"], record["abstract_words"] = watch_tokens(record["title"]), watch_tokens(record["abstract"])
    print("| variant | pairs | in top 10 | recall@10 | recall@50 | median rank | CPU s |\n| --- | --- | --- | --- | --- | --- | --- |")
    for name in args.variants or VARIANTS:
        cpu = time.process_time()
        ranks = evaluate(functools.partial(score, **VARIANTS[name]), collection, records, args.window_days)
        top10 = sum(rank <= 10 for rank in ranks)
        print(f"| {name} | {len(ranks)} | {top10} | {top10 / len(ranks):.3f} | "
              f"{sum(rank <= 50 for rank in ranks) / len(ranks):.3f} | {statistics.median(ranks):g} | "
              f"{time.process_time() - cpu:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
