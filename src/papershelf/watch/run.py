"""One `papershelf watch` run: read the sources for the window, rank the new papers, render the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model.collection import load_collection
from ..model.problems import UsageError
from ..sources.endpoints import Sources
from .candidates import CandidateReport, find_candidates
from .config import WatchConfig
from .feeds import FeedResult, read_feeds, window
from .issue import IssueState, issue_body, json_report, markdown_report


@dataclass
class WatchRun:
    start: dt.date
    end: dt.date
    feeds: FeedResult
    report: CandidateReport
    topic_titles: dict[str, str]
    config: WatchConfig
    previous: IssueState = field(default_factory=IssueState)

    @property
    def window_text(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def render(self, output: str) -> str:
        if output == "json":
            return json_report(self.report)
        if output == "markdown":
            return markdown_report(self.report, self.topic_titles)
        if output == "issue":
            return issue_body(self.report, self.topic_titles, self.previous, self.config.limit, self.window_text,
                              self.feeds.read_from, self.feeds.failures)
        return text_report(self)


def run_watch(root: Path, config: WatchConfig, since: str, until: dt.date, previous: IssueState | None = None,
              scorer: str = "profile", topics: list[str] | None = None, sources: Sources | None = None) -> WatchRun:
    collection = load_collection(root)
    known = {topic.id for topic in collection.topics}
    for topic in topics or []:
        if topic not in known:
            raise UsageError(f"unknown topic '{topic}': topics.yml has {', '.join(sorted(known))}")
    start, end = window(since, until)
    feeds = read_feeds(config.sources, start, end, sources)
    previous = previous or IssueState()
    report = find_candidates(collection, feeds.drafts, previous.remembered, config.per_topic, scorer, topics or None)
    titles = {topic.id: topic.title for topic in collection.topics}
    return WatchRun(start, end, feeds, report, titles, config, previous)


def text_report(run: WatchRun) -> str:
    """Plain text for a terminal: each line starts with spaces or a fixed word, never with text from a source."""
    report = run.report
    lines = [f"window: {run.window_text}",
             *[f"read: {source}" for source in run.feeds.read_from],
             *[f"not read: {failure}" for failure in run.feeds.failures],
             f"papers: {report.read} read, {report.already_in_collection} already in the collection, "
             f"{report.declined} declined before, {report.ranked} ranked", ""]
    for topic, matches in report.per_topic.items():
        lines.append(f"topic {topic} ({run.topic_titles.get(topic, topic)}):")
        for match in matches:
            lines.append(f"  {match.rank:3d}. {match.score:.3f}  {match.arxiv}  {match.draft.meta['title']}")
            if match.best_title:
                lines.append(f"        like: {match.best_title} ({match.similarity:.2f})")
            if match.words:
                lines.append(f"        words: {', '.join(match.words)}")
        if not matches:
            lines.append("  no candidates")
        lines.append("")
    return "\n".join(lines)
