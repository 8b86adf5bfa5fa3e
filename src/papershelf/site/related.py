"""Related papers: the most similar papers by TF-IDF over title and abstract.

Cosine similarity of sublinear TF-IDF vectors, computed once per build. The
document-term matrix is kept sparse (CSR and CSC arrays) and the similarity
is computed for a chunk of rows at a time, so 10,000 papers need neither a
dense document-term matrix nor a 10,000 × 10,000 similarity matrix. Results do
not depend on the order of the papers: ties are broken by slug.

Where the CPU goes (benchmarks/related.py, which keeps the code this replaced
and checks that every answer is the same): reading the words, once for each
distinct piece of text (`text_cells`); the product, in chunks small enough for
a core's cache (`chunk_scores`); each row's best, sorted only from its cells
above a floor that a sample of its columns gives (`score_floors`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, count

import numpy as np

from ..model.load import Paper

RELATED_COUNT = 5
# Only each paper's most distinctive terms take part: this keeps the product
# sparse at 10,000 papers and changes little, as common terms weigh little.
TERMS_PER_PAPER = 40
# Terms in more than this share of the papers say little about which are alike
# and would make the sparse product nearly dense.
MAX_DOCUMENT_SHARE = 0.5
# Upper bounds for one chunk: (term, paper) pairs expanded, and cells of the score block. Small chunks
# stay in a core's cache: at 10,000 papers these cost ~28% less CPU than chunks eight times as large.
PAIRS_PER_CHUNK = 500_000
SCORES_PER_CHUNK = 250_000
SCORE_STEPS = 10**9
POSITIVE = 1e-9  # a score above this is a shared word, not summation noise
# Columns of a score block whose scores bound each row's best from below (score_floors).
SAMPLE_COLUMNS = 500

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
    """The words of a text that count: the rule `text_cells` applies to every text at once."""
    words = (word.casefold() for word in _WORD.findall(text))
    return [word for word in words if is_term(word)]


def is_term(word: str) -> bool:
    """Whether a (casefolded) word counts: two characters or more, not a stop word, not a number."""
    return len(word) > 1 and word not in STOP_WORDS and not word.isdigit()


def paper_text(paper: Paper) -> str:
    return f"{paper.meta.title}\n{paper.abstract}"


# An ASCII text's bytes lowercased and every byte that no word holds made a space (a word is letters and
# digits, joined by single apostrophes or hyphens), then two apostrophes or hyphens in a row made a space: each
# piece between spaces is then at most one word, the piece without apostrophes and hyphens at either end.
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789'-"
_ASCII_PIECES = bytes(byte if byte in _WORD_BYTES else byte + 32 if 65 <= byte <= 90 else 32 for byte in range(256))
_JOINS = (b"--", b"-'", b"'-", b"''")
_END_OF_TEXT = b"|"  # a piece no text has: every byte "|" was made a space


@dataclass
class TermMatrix:
    """The rows' kept TF-IDF entries in CSR form, and the same entries by term (CSC form)."""

    row_starts: np.ndarray  # CSR indptr, one more than the number of rows
    terms: np.ndarray  # term id of each entry, row by row
    weights: np.ndarray  # weight of each entry (float32 values, held as float64 for exact products)
    term_starts: np.ndarray  # CSC indptr, one more than the number of terms
    term_rows: np.ndarray  # row of each entry, term by term
    term_weights: np.ndarray

    @property
    def term_lengths(self) -> np.ndarray:
        return np.diff(self.term_starts)


@dataclass
class WeightedCells:
    """The nonzero cells of a unit-length TF-IDF matrix, row by row (each row's terms in id order)."""

    rows: np.ndarray  # row of each cell
    terms: np.ndarray  # term id of each cell
    weights: np.ndarray  # weight of each cell: (1 + log tf) * smoothed idf, each row scaled to unit length
    frequency: np.ndarray  # number of rows holding each term
    vocabulary: dict[str, int]  # word → term id


def tfidf_cells(documents: Sequence[list[str]]) -> WeightedCells:
    """TF-IDF over `documents` (lists of words), shared by related papers and the watch's ranking."""
    numbered: defaultdict[str, int] = defaultdict(count().__next__)  # ids in order of first use
    total = sum(map(len, documents))
    ids = np.fromiter(map(numbered.__getitem__, chain.from_iterable(documents)), dtype=np.int64, count=total)
    rows = np.repeat(np.arange(len(documents)), [len(words) for words in documents])
    return weighted_cells(rows, ids, len(documents), dict(numbered))


def text_cells(texts: Sequence[str]) -> WeightedCells:
    """`tfidf_cells` of each text's `tokens`, each distinct piece of the texts read once."""
    pieces = marked_pieces(texts)
    numbered: defaultdict[bytes | str, int] = defaultdict(count(1).__next__, {_END_OF_TEXT: 0})  # by first use
    occurrences = np.fromiter(map(numbered.__getitem__, pieces), dtype=np.int64, count=len(pieces))
    vocabulary: dict[str, int] = {}
    piece_terms = np.array([term_of(piece, vocabulary) for piece in numbered], dtype=np.int64)
    ids = piece_terms[occurrences]
    rows = np.cumsum(occurrences == 0)  # each text's pieces, then its end
    words = ids >= 0
    return weighted_cells(rows[words], ids[words], len(texts), vocabulary)


def marked_pieces(texts: Sequence[str]) -> list[bytes | str]:
    """Each text's pieces (the bytes of an ASCII text's, the words of another's), then `_END_OF_TEXT`."""
    pieces: list[bytes | str] = []
    run: list[bytes] = []  # ASCII texts in a row, split together
    for text in texts:
        if text.isascii():
            run.append(text.encode("ascii").translate(_ASCII_PIECES))
            continue
        pieces += ascii_pieces(run)
        run = []
        pieces += _WORD.findall(text)
        pieces.append(_END_OF_TEXT)
    return pieces + ascii_pieces(run)


def ascii_pieces(texts: list[bytes]) -> list[bytes]:
    if not texts:
        return []
    joined = b" | ".join(texts) + b" |"
    for pair in _JOINS:
        joined = joined.replace(pair, b" ")
    return joined.split()


def term_of(piece: bytes | str, vocabulary: dict[str, int]) -> int:
    """The term id of the word of a piece (numbered now if new), or -1 if it has none that counts."""
    word = piece.strip(b"'-").decode("ascii") if isinstance(piece, bytes) else piece.casefold()
    return vocabulary.setdefault(word, len(vocabulary)) if is_term(word) else -1


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """start, start + 1, …, start + length - 1 for each start and length, one after another."""
    ends = np.cumsum(lengths)
    steps = np.ones(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    nonempty = lengths > 0
    firsts, starts = (ends - lengths)[nonempty], starts[nonempty]
    if len(firsts):
        steps[firsts[0]] = starts[0]
        steps[firsts[1:]] = starts[1:] - (starts[:-1] + lengths[nonempty][:-1] - 1)
    return np.cumsum(steps)


def weighted_cells(rows: np.ndarray, ids: np.ndarray, n: int, vocabulary: dict[str, int]) -> WeightedCells:
    """The TF-IDF cells of `n` rows from their words, given as row and term id, one pair a word."""
    size = max(len(vocabulary), 1)
    keys = np.sort(rows * size + ids, kind="stable")
    firsts = np.flatnonzero(np.diff(keys, prepend=-1))
    cells, in_row = keys[firsts], np.diff(firsts, append=len(keys))
    rows, terms = cells // size, cells % size
    frequency = np.bincount(terms, minlength=size)
    idf = np.log((1 + n) / (1 + frequency)) + 1
    weights = (1 + np.log(in_row)) * idf[terms]
    norms = np.sqrt(np.bincount(rows, weights=weights**2, minlength=n))
    return WeightedCells(rows, terms, weights / np.where(norms > 0, norms, 1)[rows], frequency, vocabulary)


def term_matrix(cells: WeightedCells, n: int) -> TermMatrix:
    """The product's entries of `n` rows' cells: each row's most distinctive terms that other rows share."""
    rows, terms, weights, frequency = cells.rows, cells.terms, cells.weights, cells.frequency
    size = len(frequency)
    # Terms of one paper only add nothing to any pair: leave them out of the product.
    keep = (frequency[terms] > 1) & (frequency[terms] <= max(2, MAX_DOCUMENT_SHARE * n))
    keep &= top_per_row(rows, weights, TERMS_PER_PAPER)
    rows, terms = rows[keep], terms[keep]
    weights = weights[keep].astype(np.float32).astype(np.float64)
    row_starts = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    by_term = np.argsort(terms, kind="stable")
    term_starts = np.concatenate(([0], np.cumsum(np.bincount(terms, minlength=size))))
    return TermMatrix(row_starts, terms, weights, term_starts, rows[by_term], weights[by_term])


def top_per_row(rows: np.ndarray, weights: np.ndarray, limit: int) -> np.ndarray:
    """Mask of each row's `limit` heaviest cells, ties by place (term id): cells in order of row, then term."""
    distinct, rank = np.unique(weights, return_inverse=True)
    # A stable sort by row, then weight from the heaviest, keeps the cells of one weight in term order.
    order = np.argsort(rows * len(distinct) + (len(distinct) - 1 - rank), kind="stable")
    row_firsts = np.searchsorted(rows, rows)
    mask = np.zeros(len(rows), dtype=bool)
    mask[order[np.arange(len(rows)) - row_firsts < limit]] = True
    return mask


def chunk_scores(matrix: TermMatrix, start: int, stop: int, n: int) -> np.ndarray:
    """Cosine similarity of rows start..stop against all rows, as a (stop - start) × n block."""
    first, last = matrix.row_starts[start], matrix.row_starts[stop]
    terms = matrix.terms[first:last]
    lengths = matrix.term_lengths[terms]  # each entry meets every entry of its term
    positions = ranges(matrix.term_starts[terms], lengths)
    local_rows = np.repeat(np.arange(stop - start), np.diff(matrix.row_starts[start:stop + 1]))
    cells = np.repeat(local_rows * n, lengths)
    cells += matrix.term_rows[positions]
    products = np.repeat(matrix.weights[first:last], lengths)
    products *= matrix.term_weights[positions]
    return np.bincount(cells, weights=products, minlength=(stop - start) * n).reshape(stop - start, n)


def row_chunks(matrix: TermMatrix, n: int) -> Iterator[tuple[int, int]]:
    """(start, stop) row ranges whose expanded pairs and score block stay under the chunk bounds."""
    lengths = matrix.term_lengths[matrix.terms]
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
    row, column = np.divmod(np.flatnonzero(block > score_floors(block, limit)[:, None]), columns)
    # One integer key sorts by row, then score (to 9 digits, so that summation noise cannot decide ties)
    # from best, then column; it stays below rows × n × 1e9 < 2**63.
    lowness = SCORE_STEPS - np.rint(block[row, column] * SCORE_STEPS).astype(np.int64)
    order = np.argsort((row * (SCORE_STEPS + 1) + lowness) * columns + column)
    row, column = row[order], column[order]
    rank_in_row = np.arange(len(row)) - np.searchsorted(row, row)
    keep = rank_in_row < limit
    row, column = row[keep].tolist(), column[keep].tolist()
    best: list[list[int]] = [[] for _ in range(rows)]
    for r, c in zip(row, column, strict=False):
        best[r].append(c)
    return best


def score_floors(block: np.ndarray, limit: int) -> np.ndarray:
    """For each row, a score every one of its `limit` best positive scores is above.

    The `limit`-th best score of a sample of the columns is at most the row's own: a cell two steps of
    SCORE_STEPS below it cannot round to as much, so it can be neither among the best nor tied with them.
    Most papers share a word with many others, and this leaves a few dozen cells a row to sort."""
    rows, columns = block.shape
    floors = np.full(rows, POSITIVE)
    width = min(columns, SAMPLE_COLUMNS)
    if limit < width:
        # sorted, not partitioned: NumPy's partition is slow on rows of many zeros
        kth = np.sort(block[:, ::columns // width], axis=1)[:, -limit]
        np.maximum(floors, kth - 2 / SCORE_STEPS, out=floors)
    return floors


def related_slugs(papers: Sequence[Paper], limit: int = RELATED_COUNT) -> dict[str, list[str]]:
    """Each paper's slug → the slugs of its `limit` most similar papers, most similar first."""
    ordered = sorted(papers, key=lambda p: p.slug)
    n = len(ordered)
    related: dict[str, list[str]] = {p.slug: [] for p in ordered}
    if n < 2 or limit < 1:
        return related
    matrix = term_matrix(text_cells([paper_text(p) for p in ordered]), n)
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
