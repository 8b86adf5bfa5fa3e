"""Related papers' CPU: `papershelf.site.related` against the code it replaced (issue 30), same run, same papers.

    python benchmarks/related.py [--papers 10000] [--repeats 3] [--workdir DIR] [--records FILE]

Four collections: the bundled one (papers/*.md); benchmarks/generate.py's (seed 1) of --papers papers, with
the bundled collection's words and with `--vocabulary narrow` (74 words alike); and the real arXiv / Hugging
Face records of the shared evaluation data (../shared/eval-data/watch-candidates/papers.jsonl, 4,446 titles
and abstracts, read there at run time, found as benchmarks/watch_ranking.py finds them; skipped without it).

For each: CPU seconds (and wall) of `related_slugs` before and now, the best of --repeats runs, the two taking
turns; the ratio; where the new code's time goes (cells: words to TF-IDF; matrix: each paper's kept terms;
scores: the chunked sparse product; best: each row's five); and whether every paper's related slugs are the
same, in the same order. Exits 1 if any differs.

The code before is copied below, as it was at commit 062b3a0 (tests/test_related.py imports it from here).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import write_collection  # noqa: E402
from papershelf.model.collection import load_collection  # noqa: E402
from papershelf.model.load import Paper  # noqa: E402
from papershelf.model.schema import PaperMeta  # noqa: E402
from papershelf.site import related  # noqa: E402
from papershelf.site.related import _WORD, STOP_WORDS, paper_text  # noqa: E402
from watch_ranking import find_records  # noqa: E402

# ---- The code before: src/papershelf/site/related.py at 062b3a0 (tokens to related_slugs, unchanged) ----

RELATED_COUNT = 5
TERMS_PER_PAPER = 40
MAX_DOCUMENT_SHARE = 0.5
PAIRS_PER_CHUNK = 4_000_000
SCORES_PER_CHUNK = 2_000_000
SCORE_STEPS = 10**9
DENSE_BLOCK = 0.25


def tokens(text: str) -> list[str]:
    words = (word.casefold() for word in _WORD.findall(text))
    return [word for word in words if len(word) > 1 and word not in STOP_WORDS and not word.isdigit()]


@dataclass
class TermMatrix:
    row_starts: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    term_starts: np.ndarray
    term_rows: np.ndarray
    term_weights: np.ndarray


@dataclass
class WeightedCells:
    rows: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    frequency: np.ndarray
    vocabulary: dict[str, int]


def tfidf_cells(documents: Sequence[list[str]]) -> WeightedCells:
    vocabulary: dict[str, int] = {}
    ids = [vocabulary.setdefault(word, len(vocabulary)) for words in documents for word in words]
    n, size = len(documents), max(len(vocabulary), 1)
    row_of_word = np.repeat(np.arange(n), [len(words) for words in documents])
    cells, counts = np.unique(row_of_word * size + np.array(ids, dtype=np.int64), return_counts=True)
    rows, terms = cells // size, cells % size
    frequency = np.bincount(terms, minlength=size)
    idf = np.log((1 + n) / (1 + frequency)) + 1
    weights = (1 + np.log(counts)) * idf[terms]
    norms = np.sqrt(np.bincount(rows, weights=weights**2, minlength=n))
    return WeightedCells(rows, terms, weights / np.where(norms > 0, norms, 1)[rows], frequency, vocabulary)


def term_matrix(documents: Sequence[list[str]]) -> TermMatrix:
    cells = tfidf_cells(documents)
    rows, terms, weights, frequency = cells.rows, cells.terms, cells.weights, cells.frequency
    n, size = len(documents), len(frequency)
    keep = (frequency[terms] > 1) & (frequency[terms] <= max(2, MAX_DOCUMENT_SHARE * n))
    keep &= top_per_row(rows, terms, weights, n, TERMS_PER_PAPER)
    rows, terms, weights = rows[keep], terms[keep], weights[keep].astype(np.float32)
    row_starts = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    by_term = np.argsort(terms, kind="stable")
    term_starts = np.concatenate(([0], np.cumsum(np.bincount(terms, minlength=size))))
    return TermMatrix(row_starts, terms, weights, term_starts, rows[by_term], weights[by_term])


def top_per_row(rows: np.ndarray, terms: np.ndarray, weights: np.ndarray, n: int, limit: int) -> np.ndarray:
    order = np.lexsort((terms, -weights, rows))
    first_of_row = np.searchsorted(rows[order], np.arange(n))
    rank_in_row = np.arange(len(order)) - first_of_row[rows[order]]
    mask = np.zeros(len(rows), dtype=bool)
    mask[order[rank_in_row < limit]] = True
    return mask


def chunk_scores(matrix: TermMatrix, start: int, stop: int, n: int) -> np.ndarray:
    first, last = matrix.row_starts[start], matrix.row_starts[stop]
    terms, weights = matrix.terms[first:last], matrix.weights[first:last]
    entry_rows = np.repeat(np.arange(stop - start), np.diff(matrix.row_starts[start:stop + 1]))
    lengths = matrix.term_starts[terms + 1] - matrix.term_starts[terms]
    entry = np.repeat(np.arange(len(terms)), lengths)
    offsets = np.arange(len(entry)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = matrix.term_starts[terms][entry] + offsets
    cells = entry_rows[entry] * n + matrix.term_rows[positions]
    products = weights[entry].astype(np.float64) * matrix.term_weights[positions]
    return np.bincount(cells, weights=products, minlength=(stop - start) * n).reshape(stop - start, n)


def row_chunks(matrix: TermMatrix, n: int) -> Iterator[tuple[int, int]]:
    lengths = matrix.term_starts[matrix.terms + 1] - matrix.term_starts[matrix.terms]
    row_of_entry = np.repeat(np.arange(n), np.diff(matrix.row_starts))
    cumulative = np.cumsum(np.bincount(row_of_entry, weights=lengths, minlength=n))
    max_rows = max(1, SCORES_PER_CHUNK // max(n, 1))
    start = 0
    while start < n:
        before = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, before + PAIRS_PER_CHUNK, side="right"))
        stop = min(max(stop, start + 1), start + max_rows, n)
        yield start, stop
        start = stop


def best_in_block(block: np.ndarray, start: int, limit: int) -> list[list[int]]:
    rows, columns = block.shape
    block[np.arange(rows), np.arange(start, start + rows)] = 0
    candidates = block > 1e-9
    if limit < columns and np.count_nonzero(candidates) > DENSE_BLOCK * rows * columns:
        scaled = np.rint(block * SCORE_STEPS)
        kth = -np.partition(-scaled, limit - 1, axis=1)[:, limit - 1]
        candidates &= scaled >= kth[:, None]
    row, column = np.nonzero(candidates)
    lowness = SCORE_STEPS - np.rint(block[row, column] * SCORE_STEPS).astype(np.int64)
    order = np.argsort((row * (SCORE_STEPS + 1) + lowness) * block.shape[1] + column)
    row, column = row[order], column[order]
    rank_in_row = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank_in_row < limit
    row, column = row[keep].tolist(), column[keep].tolist()
    best: list[list[int]] = [[] for _ in range(rows)]
    for r, c in zip(row, column, strict=False):
        best[r].append(c)
    return best


def related_slugs_before(papers: Sequence[Paper], limit: int = RELATED_COUNT) -> dict[str, list[str]]:
    ordered = sorted(papers, key=lambda p: p.slug)
    n = len(ordered)
    found: dict[str, list[str]] = {p.slug: [] for p in ordered}
    if n < 2 or limit < 1:
        return found
    matrix = term_matrix([tokens(paper_text(p)) for p in ordered])
    for start, stop in row_chunks(matrix, n):
        best = best_in_block(chunk_scores(matrix, start, stop, n), start, limit)
        for offset, columns in enumerate(best):
            found[ordered[start + offset].slug] = [ordered[c].slug for c in columns]
    return found


# ---- The measurement ----


def record_papers(path: Path) -> list[Paper]:
    """Papers of the real records' titles and abstracts (related papers read nothing else)."""
    papers = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            meta = PaperMeta(title=record["title"], authors=record["authors"][:100] or ["Unknown"],
                             date=record["date"], topics=["records"])
            slug = "arxiv-" + record["arxiv"].replace(".", "-").replace("/", "-")
            papers.append(Paper(slug, f"{slug}.md", meta, record["abstract"]))
    return papers


def timed(work: Callable[[], object]) -> tuple[object, float, float]:
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    value = work()
    return value, time.perf_counter() - started, time.process_time() - cpu


def phases(papers: Sequence[Paper]) -> dict[str, float]:
    """CPU seconds of each part of the new `related_slugs`."""
    ordered = sorted(papers, key=lambda p: p.slug)
    n = len(ordered)
    cells, _, cells_cpu = timed(lambda: related.text_cells([paper_text(p) for p in ordered]))
    matrix, _, matrix_cpu = timed(lambda: related.term_matrix(cells, n))  # type: ignore[arg-type]
    scores_cpu = best_cpu = 0.0
    for start, stop in related.row_chunks(matrix, n):  # type: ignore[arg-type]
        cpu = time.process_time()
        block = related.chunk_scores(matrix, start, stop, n)  # type: ignore[arg-type]
        middle = time.process_time()
        related.best_in_block(block, start, related.RELATED_COUNT)
        scores_cpu, best_cpu = scores_cpu + middle - cpu, best_cpu + time.process_time() - middle
    return {"cells": cells_cpu, "matrix": matrix_cpu, "scores": scores_cpu, "best": best_cpu}


def compare(name: str, papers: Sequence[Paper], repeats: int) -> bool:
    runs: dict[str, list[tuple[float, float]]] = {"before": [], "now": []}
    answers = {}
    for _ in range(repeats):
        for label, work in (("before", related_slugs_before), ("now", related.related_slugs)):
            answers[label], wall, cpu = timed(lambda work=work: work(papers))
            runs[label].append((cpu, wall))
    (before_cpu, before_wall), (now_cpu, now_wall) = min(runs["before"]), min(runs["now"])
    same = answers["before"] == answers["now"]
    differing = sum(answers["before"][slug] != answers["now"][slug] for slug in answers["before"])  # type: ignore[index]
    parts = "  ".join(f"{part} {seconds:.2f}" for part, seconds in phases(papers).items())
    print(f"{name}: {len(papers):,} papers")
    print(f"  before {before_cpu:6.2f} s CPU ({before_wall:.2f} s wall)   now {now_cpu:6.2f} s CPU "
          f"({now_wall:.2f} s wall)   now/before {now_cpu / max(before_cpu, 1e-9):.2f} (CPU)")
    print(f"  now, CPU s by part: {parts}")
    print(f"  related slugs: {'identical, every paper, in order' if same else f'{differing} papers DIFFER'}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where to generate the collections [default: a temporary folder]")
    parser.add_argument("--records", type=Path, help="the real records [default: found from this checkout's parents]")
    args = parser.parse_args(argv)
    records = args.records or find_records()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        collections: list[tuple[str, Callable[[], list[Paper]]]] = [("bundled collection", lambda: load_collection(REPO).papers)]
        for vocabulary in ("real", "narrow"):
            root = workdir / f"related-{args.papers}-{vocabulary}"
            if not (root / "papers").is_dir():
                write_collection(root, args.papers, seed=1, vocabulary=vocabulary)
            collections.append((f"generated, {vocabulary} vocabulary", lambda root=root: load_collection(root).papers))
        if records is not None:
            collections.append((f"real records of {records}", lambda: record_papers(records)))
        else:
            print("real records: not found (../shared/eval-data/watch-candidates/papers.jsonl), skipped")
        all_same = True
        for name, load in collections:
            all_same &= compare(name, load(), args.repeats)
    return 0 if all_same else 1


if __name__ == "__main__":
    raise SystemExit(main())
