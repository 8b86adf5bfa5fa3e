"""Candidates: new papers not yet in the collection, each scored for each topic, with the reasons.

`find_candidates` takes the papers the sources returned, leaves out those the
collection already holds (arXiv id, DOI or look-alike title) or the group
declined, ranks the rest with `rank.rank_candidates` and keeps, per topic, the
best ones with the paper of the topic they are most like and the words that
matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model.collection import Collection
from ..model.schema import TopicEntry
from ..site.related import paper_text
from ..sources import PaperDraft
from .rank import DEFAULT_SCORER, rank_candidates

PER_TOPIC = 10
SUGGEST_WITHIN_RANK = 2
MAX_SUGGESTED = 3


@dataclass
class Match:
    draft: PaperDraft
    topic: str
    score: float
    rank: int  # 1 = the topic's best candidate
    best_paper: str | None  # slug of the topic's paper most like the candidate
    best_title: str | None
    similarity: float
    words: list[str]

    @property
    def arxiv(self) -> str:
        return str(self.draft.meta.get("arxiv") or "")


@dataclass
class CandidateReport:
    per_topic: dict[str, list[Match]] = field(default_factory=dict)
    read: int = 0  # papers the sources returned
    already_in_collection: int = 0
    declined: int = 0
    ranked: int = 0

    def suggested_topics(self) -> dict[str, list[str]]:
        """arXiv id → the topics to add it under: where it ranks best first (scores of different topics are
        not comparable, ranks are), then the others where it is among the first SUGGEST_WITHIN_RANK; at most
        MAX_SUGGESTED."""
        placed: dict[str, list[Match]] = {}
        for matches in self.per_topic.values():
            for match in matches:
                placed.setdefault(match.arxiv, []).append(match)
        suggested = {}
        for key, matches in placed.items():
            matches.sort(key=lambda m: (m.rank, -m.score))
            suggested[key] = [matches[0].topic] + [m.topic for m in matches[1:MAX_SUGGESTED]
                                                   if m.rank <= SUGGEST_WITHIN_RANK]
        return suggested


def topic_texts(topics: Sequence[TopicEntry]) -> dict[str, str]:
    return {topic.id: f"{topic.title}\n{topic.description}" for topic in topics}


def topics_with_ancestors(paper_topics: Sequence[str], topics: Sequence[TopicEntry]) -> list[str]:
    """The paper's topics and their parents (a sparse-autoencoder paper is a mechanistic-interpretability one)."""
    parent = {topic.id: topic.parent for topic in topics}
    found: list[str] = []
    for topic_id in paper_topics:
        current: str | None = topic_id
        while current and current not in found and len(found) <= len(parent):  # a cycle cannot loop for ever
            found.append(current)
            current = parent.get(current)
    return found


def fresh_drafts(collection: Collection, drafts: Sequence[PaperDraft], declined: set[str]) -> tuple[list[PaperDraft], int, int]:
    """(drafts neither in the collection nor declined, one per arXiv id; how many were in it; how many declined)."""
    fresh: dict[str, PaperDraft] = {}
    existing = declined_count = 0
    for draft in drafts:
        key = str(draft.meta.get("arxiv") or "")
        if not key or key in fresh:
            continue
        if collection.find_existing(key, draft.meta.get("doi"), draft.meta.get("title"), draft.meta.get("date"),
                                    draft.meta.get("authors") or ()):
            existing += 1
        elif key in declined:
            declined_count += 1
        else:
            fresh[key] = draft
    return list(fresh.values()), existing, declined_count


def find_candidates(collection: Collection, drafts: Sequence[PaperDraft], declined: set[str] | None = None,
                    per_topic: int = PER_TOPIC, scorer: str = DEFAULT_SCORER,
                    topics: Sequence[str] | None = None) -> CandidateReport:
    """The best `per_topic` new papers of each topic (all topics, or those given)."""
    fresh, existing, declined_count = fresh_drafts(collection, drafts, declined or set())
    report = CandidateReport(read=len(drafts), already_in_collection=existing, declined=declined_count,
                             ranked=len(fresh))
    papers = collection.papers
    texts = topic_texts(collection.topics)
    if not fresh or not texts:
        return report
    ranking = rank_candidates([paper_text(p) for p in papers],
                              [topics_with_ancestors(p.meta.topics, collection.topics) for p in papers],
                              [f"{d.meta['title']}\n{d.abstract}" for d in fresh], texts, scorer=scorer)
    for column, topic_id in enumerate(ranking.topic_ids):
        if topics is not None and topic_id not in topics:
            continue
        scores = ranking.scores[:, column]
        order = sorted(range(len(fresh)), key=lambda i: (-round(float(scores[i]), 9), fresh[i].meta["arxiv"]))
        matches = []
        for rank, index in enumerate(order[:per_topic], start=1):
            best_row, similarity = ranking.best_member(index, column)
            best = papers[best_row] if best_row is not None else None
            matches.append(Match(fresh[index], topic_id, round(float(scores[index]), 4), rank,
                                 best.slug if best else None, best.meta.title if best else None,
                                 round(similarity, 4), ranking.matched_words(index, column)))
        report.per_topic[topic_id] = matches
    return report
