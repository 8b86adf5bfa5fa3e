"""Related papers: the most similar papers by TF-IDF over title and abstract.

Cosine similarity of sublinear TF-IDF vectors, computed once per build. The
document-term matrix is kept sparse (CSR and CSC arrays) and the similarity
is computed for a chunk of rows at a time, so 10,000 papers need neither a
dense document-term matrix nor a 10,000 × 10,000 similarity matrix. Results do
not depend on the order of the papers: ties are broken by slug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..model.load import Paper

RELATED_COUNT = 5
# Only each paper's most distinctive terms take part: this keeps the product
# sparse at 10,000 papers and changes little, as common terms weigh little.
TERMS_PER_PAPER = 40
# Terms in more than this share of the papers say little about which are alike
# and would make the sparse product nearly dense.
MAX_DOCUMENT_SHARE = 0.5
# Upper bounds for one chunk: (term, paper) pairs expanded, and cells of the score block.
PAIRS_PER_CHUNK = 4_000_000
SCORES_PER_CHUNK = 2_000_000
SCORE_STEPS = 10**9
# A score block with more than this share of positive cells is sorted only from each row's best cells
# (best_in_block); a sparser one is sorted whole, which is faster for it.
DENSE_BLOCK = 0.25

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just let me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very via was we were what when
where which while who whom why will with would you your yours yourself yourselves
we our paper propose proposed show shows using use used based new approach method methods results
""".split())


def tokens(text: str) -> list[str]:
    words = (word.casefold() for word in _WORD.findall(text))
    return [word for word in words if len(word) > 1 and word not in STOP_WORDS and not word.isdigit()]


def paper_text(paper: Paper) -> str:
    return f"{paper.meta.title}\n{paper.abstract}"


@dataclass
class TermMatrix:
    """Unit-length TF-IDF rows in CSR form, and the same entries by term (CSC form)."""

    row_starts: np.ndarray  # CSR indptr, one more than the number of rows
    terms: np.ndarray  # term id of each entry, row by row
    weights: np.ndarray  # weight of each entry
    term_starts: np.ndarray  # CSC indptr, one more than the number of terms
    term_rows: np.ndarray  # row of each entry, term by term
    term_weights: np.ndarray


def term_matrix(documents: Sequence[list[str]]) -> TermMatrix:
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
    weights = weights / np.where(norms > 0, norms, 1)[rows]
    # Terms of one paper only add nothing to any pair: leave them out of the product.
    keep = (frequency[terms] > 1) & (frequency[terms] <= max(2, MAX_DOCUMENT_SHARE * n))
    keep &= top_per_row(rows, terms, weights, n, TERMS_PER_PAPER)
    rows, terms, weights = rows[keep], terms[keep], weights[keep].astype(np.float32)
    row_starts = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    by_term = np.argsort(terms, kind="stable")
    term_starts = np.concatenate(([0], np.cumsum(np.bincount(terms, minlength=size))))
    return TermMatrix(row_starts, terms, weights, term_starts, rows[by_term], weights[by_term])


def top_per_row(rows: np.ndarray, terms: np.ndarray, weights: np.ndarray, n: int, limit: int) -> np.ndarray:
    """Mask of each row's `limit` heaviest entries (ties by term id)."""
    order = np.lexsort((terms, -weights, rows))
    first_of_row = np.searchsorted(rows[order], np.arange(n))
    rank_in_row = np.arange(len(order)) - first_of_row[rows[order]]
    mask = np.zeros(len(rows), dtype=bool)
    mask[order[rank_in_row < limit]] = True
    return mask


def chunk_scores(matrix: TermMatrix, start: int, stop: int, n: int) -> np.ndarray:
    """Cosine similarity of rows start..stop against all rows, as a (stop - start) × n block."""
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
    """(start, stop) row ranges whose expanded pairs and score block stay under the chunk bounds."""
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
    """For each row of a score block (rows start, start+1, …): the columns of its `limit` best
    positive scores, best first, ties by column (slug order); never the row's own column."""
    rows, columns = block.shape
    block[np.arange(rows), np.arange(start, start + rows)] = 0
    candidates = block > 1e-9  # most pairs of papers share no term
    if limit < columns and np.count_nonzero(candidates) > DENSE_BLOCK * rows * columns:
        # Many papers alike: only cells scoring at least each row's `limit`-th best can be among its best.
        # Sorting those alone (ties at that score all kept) gives what sorting every positive cell gives.
        scaled = np.rint(block * SCORE_STEPS)
        kth = -np.partition(-scaled, limit - 1, axis=1)[:, limit - 1]
        candidates &= scaled >= kth[:, None]
    row, column = np.nonzero(candidates)
    # One integer key sorts by row, then score (to 9 digits, so that summation noise cannot decide ties)
    # from best, then column; it stays below rows × n × 1e9 < 2**63.
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


def related_slugs(papers: Sequence[Paper], limit: int = RELATED_COUNT) -> dict[str, list[str]]:
    """Each paper's slug → the slugs of its `limit` most similar papers, most similar first."""
    ordered = sorted(papers, key=lambda p: p.slug)
    n = len(ordered)
    related: dict[str, list[str]] = {p.slug: [] for p in ordered}
    if n < 2 or limit < 1:
        return related
    matrix = term_matrix([tokens(paper_text(p)) for p in ordered])
    for start, stop in row_chunks(matrix, n):
        best = best_in_block(chunk_scores(matrix, start, stop, n), start, limit)
        for offset, columns in enumerate(best):
            related[ordered[start + offset].slug] = [ordered[c].slug for c in columns]
    return related


def related_lookup(papers: Sequence[Paper], limit: int = RELATED_COUNT) -> Callable[[Paper], list[Paper]]:
    """A function paper → its related papers, computed once for all papers now."""
    by_slug = {paper.slug: paper for paper in papers}
    slugs = related_slugs(papers, limit)
    return lambda paper: [by_slug[slug] for slug in slugs.get(paper.slug, [])]
