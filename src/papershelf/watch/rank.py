"""Ranking new papers for each topic from the papers the topic already holds.

Two scorers over the same sublinear TF-IDF vectors of title + abstract (IDF
fitted on the collection and the candidates together):

* `profile` (the default): a topic's profile is the mean of the unit vectors of
  its papers (a subtopic's papers count for its parent) plus 0.3 × its own title
  and description (topics.yml), renormalised. A candidate's score is its cosine
  with that profile, plus its cosine with the whole collection's mean (what the
  group reads at all: this keeps a broad topic such as "language models" from
  filling with generic papers), minus 0.5 × its cosine with the mean of all the
  candidates (what the week's feed is full of says little; a Rocchio-style
  negative). benchmarks/watch_ranking.py measures it and chose the weights.
* `classifier`: a per-topic linear classifier, as arxiv-sanity-lite ranks papers
  for one reader: L2-regularised logistic regression with the topic's papers
  (and its description) as positives and every other paper, collection and
  candidates alike, as negatives; classes weighted equally.

Everything is sparse numpy: 2,000 candidates against 10,000 papers take a few
seconds (benchmarks/watch_speed.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..site.related import STOP_WORDS, tfidf_cells

SCORERS = ("profile", "classifier")
DEFAULT_SCORER = "profile"
MATCHED_WORDS = 5
# The profile scorer: the weight of a topic's description beside the mean of its papers, of the
# similarity to the whole collection, and of the similarity to the mean of the feed (subtracted).
# Chosen on benchmarks/watch_ranking.py (docs/watching.md gives the runs).
DESCRIPTION_WEIGHT = 0.3
COLLECTION_WEIGHT = 1.0
FEED_WEIGHT = 0.5
# The logistic regression's regularisation and its (full-batch, fixed) number of gradient steps.
CLASSIFIER_L2 = 1e-3
CLASSIFIER_STEPS = 150
CLASSIFIER_RATE = 4.0


@dataclass
class Vectors:
    """Unit-length TF-IDF rows in CSR form over one vocabulary."""

    row_starts: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    vocabulary: list[str]

    @property
    def rows(self) -> int:
        return len(self.row_starts) - 1

    def row(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        start, stop = self.row_starts[index], self.row_starts[index + 1]
        return self.terms[start:stop], self.weights[start:stop]

    def entry_rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.rows), np.diff(self.row_starts))

    def dense_mean(self, indexes: Sequence[int]) -> np.ndarray:
        """The mean of the given rows, as a dense vector over the vocabulary."""
        total = np.zeros(len(self.vocabulary))
        for index in indexes:
            terms, weights = self.row(index)
            total[terms] += weights
        return total / max(len(indexes), 1)

    def times(self, dense: np.ndarray) -> np.ndarray:
        """Every row times each column of `dense` (vocabulary × k): a rows × k array."""
        products = self.weights[:, None] * dense[self.terms]
        out = np.zeros((self.rows, dense.shape[1]))
        nonempty = np.diff(self.row_starts) > 0
        if products.size:
            out[nonempty] = np.add.reduceat(products, self.row_starts[:-1][nonempty], axis=0)
        return out

    def transposed_times(self, dense: np.ndarray) -> np.ndarray:
        """The transpose of the rows times `dense` (rows × k): a vocabulary × k array."""
        products = self.weights[:, None] * dense[self.entry_rows()]
        out = np.zeros((len(self.vocabulary), dense.shape[1]))
        for column in range(dense.shape[1]):
            out[:, column] = np.bincount(self.terms, weights=products[:, column], minlength=len(self.vocabulary))
        return out


# Words split at hyphens and apostrophes ("cross-modal" is "cross" and "modal", as it is also written), and
# the stop words of related papers plus words every abstract uses.
_SPLIT_WORD = re.compile(r"[^\W_]+")
EXTRA_STOP = frozenset("""
also however thus therefore within without across among upon whether yet may might must can cannot e g i et al
present presents shown results new approach approaches method methods propose proposed paper show shows
""".split())


_DROPPED = STOP_WORDS | EXTRA_STOP


def watch_tokens(text: str) -> list[str]:
    """The words of a text that say what it is about."""
    # Casefolding an ASCII text whole splits it into the same words as casefolding each word (outside ASCII,
    # casefolding can add a combining mark, "İ" → "i̇", that would split a word), and is most of the speed.
    words = _SPLIT_WORD.findall(text.casefold()) if text.isascii() else [
        word.casefold() for word in _SPLIT_WORD.findall(text)]
    return [w for w in words if len(w) > 1 and w not in _DROPPED and not w.isdigit()]


def vectorize(texts: Sequence[str]) -> Vectors:
    cells = tfidf_cells([watch_tokens(text) for text in texts])
    row_starts = np.concatenate(([0], np.cumsum(np.bincount(cells.rows, minlength=len(texts)))))
    vocabulary = cells.vocabulary
    return Vectors(row_starts, cells.terms, cells.weights, sorted(vocabulary, key=vocabulary.__getitem__))


@dataclass
class TopicModel:
    """What a topic is matched on: its papers (row indexes into the collection's rows) and its description."""

    topic_id: str
    members: list[int]
    description_row: int | None = None


@dataclass
class Ranking:
    """Scores of every candidate for every topic, and what explains them."""

    topic_ids: list[str]
    scores: np.ndarray  # candidates × topics
    vectors: Vectors  # collection rows, then candidate rows, then description rows
    collection_rows: int
    candidate_rows: int
    topics: list[TopicModel]
    profiles: np.ndarray = field(repr=False)  # vocabulary × topics (unit columns)

    def candidate_row(self, candidate: int) -> int:
        return self.collection_rows + candidate

    def best_member(self, candidate: int, topic: int) -> tuple[int | None, float]:
        """(collection row, cosine) of the topic's paper most like the candidate."""
        terms, weights = self.vectors.row(self.candidate_row(candidate))
        dense = np.zeros(len(self.vectors.vocabulary))
        dense[terms] = weights
        best, best_score = None, 0.0
        for member in self.topics[topic].members:
            member_terms, member_weights = self.vectors.row(member)
            score = float(member_weights @ dense[member_terms])
            if score > best_score:
                best, best_score = member, score
        return best, best_score

    def matched_words(self, candidate: int, topic: int, limit: int = MATCHED_WORDS) -> list[str]:
        """The words that weigh most in the candidate's match with the topic's profile."""
        terms, weights = self.vectors.row(self.candidate_row(candidate))
        contribution = weights * self.profiles[terms, topic]
        order = np.lexsort((terms, -contribution))
        return [self.vectors.vocabulary[terms[i]] for i in order[:limit] if contribution[i] > 0]


def rank_candidates(collection_texts: Sequence[str], collection_topics: Sequence[Sequence[str]],
                    candidate_texts: Sequence[str], topic_texts: dict[str, str],
                    scorer: str = DEFAULT_SCORER) -> Ranking:
    """Score each candidate text against each topic of `topic_texts` (id → title and description).

    `collection_topics[i]` are the topic ids of the i-th collection paper (a paper of a subtopic
    counts for its parent too when the caller lists the parent).
    """
    if scorer not in SCORERS:
        raise ValueError(f"unknown scorer {scorer!r}")
    topic_ids = list(topic_texts)
    n_collection, n_candidates = len(collection_texts), len(candidate_texts)
    vectors = vectorize([*collection_texts, *candidate_texts, *topic_texts.values()])
    members: dict[str, list[int]] = {topic_id: [] for topic_id in topic_ids}
    for row, paper_topics in enumerate(collection_topics):
        for topic_id in paper_topics:
            if topic_id in members:
                members[topic_id].append(row)
    topics = [TopicModel(topic_id, members[topic_id], n_collection + n_candidates + index)
              for index, topic_id in enumerate(topic_ids)]
    profiles = topic_profiles(vectors, topics)
    if scorer == "profile":
        scores = profile_scores(vectors, profiles, n_collection, n_candidates)
    else:
        scores = classifier_scores(vectors, topics, n_collection, n_candidates)
    return Ranking(topic_ids, scores, vectors, n_collection, n_candidates, topics, profiles)


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) or 1.0)


def profile_scores(vectors: Vectors, profiles: np.ndarray, n_collection: int, n_candidates: int) -> np.ndarray:
    """Cosine with the topic's profile, plus cosine with the collection's, minus cosine with the candidates'."""
    everything = unit(vectors.dense_mean(range(n_collection)))
    feed = unit(vectors.dense_mean(range(n_collection, n_collection + n_candidates)))
    products = candidate_block(vectors, n_collection, n_candidates).times(
        np.hstack([profiles, everything[:, None], feed[:, None]]))
    return products[:, :-2] + COLLECTION_WEIGHT * products[:, -2:-1] - FEED_WEIGHT * products[:, -1:]


def topic_profiles(vectors: Vectors, topics: list[TopicModel]) -> np.ndarray:
    columns = []
    for topic in topics:
        profile = vectors.dense_mean(topic.members) if topic.members else np.zeros(len(vectors.vocabulary))
        if topic.description_row is not None:
            terms, weights = vectors.row(topic.description_row)
            profile[terms] += DESCRIPTION_WEIGHT * weights
        columns.append(unit(profile))
    return np.array(columns).T if columns else np.zeros((len(vectors.vocabulary), 0))


def candidate_block(vectors: Vectors, first: int, count: int) -> Vectors:
    start, stop = vectors.row_starts[first], vectors.row_starts[first + count]
    return Vectors(vectors.row_starts[first:first + count + 1] - start, vectors.terms[start:stop],
                   vectors.weights[start:stop], vectors.vocabulary)


def classifier_scores(vectors: Vectors, topics: list[TopicModel], n_collection: int, n_candidates: int) -> np.ndarray:
    """Decision values of one logistic regression per topic, trained by full-batch gradient descent."""
    training = candidate_block(vectors, 0, vectors.rows)
    labels = np.zeros((vectors.rows, len(topics)))
    for column, topic in enumerate(topics):
        labels[topic.members, column] = 1
        if topic.description_row is not None:
            labels[topic.description_row, column] = 1
    positives = labels.sum(axis=0)
    negatives = vectors.rows - positives
    sample_weight = np.where(labels > 0, 0.5 / np.maximum(positives, 1), 0.5 / np.maximum(negatives, 1))
    coefficients = np.zeros((len(vectors.vocabulary), len(topics)))
    bias = np.zeros(len(topics))
    for _ in range(CLASSIFIER_STEPS):
        margin = training.times(coefficients) + bias
        residual = sample_weight * (1 / (1 + np.exp(-margin)) - labels)
        coefficients -= CLASSIFIER_RATE * (training.transposed_times(residual) + CLASSIFIER_L2 * coefficients)
        bias -= CLASSIFIER_RATE * residual.sum(axis=0)
    return candidate_block(vectors, n_collection, n_candidates).times(coefficients)
