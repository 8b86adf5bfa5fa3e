"""The "Candidates" issue: the week's candidates as checkboxes, and what the group decided before.

The body is written by papershelf and read back by it. Each candidate is one
line, a checkbox with its title, link, score and reasons, ending in a hidden
marker with its arXiv id and suggested topics:

    - [ ] **Title** · [arXiv 2412.01234](https://arxiv.org/abs/2412.01234) · … <!-- candidate 2412.01234 topics=a,b -->

Papers added (ticked, then the `add-candidates` label) and papers declined
(left unticked when the label was applied) are remembered in two hidden markers at the end, so they are not
proposed again:

    <!-- papershelf:added 2412.01234 -->
    <!-- papershelf:declined 2411.00001 2411.00002 -->

Titles, names and words from the sources are untrusted: they pass through
`md()` (every Markdown and HTML character escaped, so no link, image, mention,
issue reference or comment can be written with them), and only marker text
papershelf wrote itself is read back (ids and topic ids checked against their
patterns).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..model.schema import ARXIV_PATTERN, TOPIC_ID_PATTERN
from ..review.ghtext import md, md_code
from .candidates import CandidateReport, Match

TITLE = "Candidates"
LABEL = "candidates"
MAX_BODY_CHARS = 65536  # GitHub's limit for an issue body
MAX_REMEMBERED = 2000  # ids per marker: the newest kept (an id is ~11 characters)
DEFAULT_LIMIT = 20
_LINE = re.compile(r"^\s*[-*] \[(?P<tick>[ xX])\] .*<!-- candidate (?P<id>\S{1,40}) topics=(?P<topics>[a-z0-9,-]{1,400}) -->\s*$")
_MARKER = re.compile(rf"^<!-- papershelf:(?P<kind>added|declined)(?P<ids>(?: \S{{1,40}}){{0,{MAX_REMEMBERED}}}) -->\s*$")


@dataclass
class IssueCandidate:
    arxiv: str
    topics: list[str]
    ticked: bool
    line: str  # the line as it is in the body


@dataclass
class IssueState:
    candidates: list[IssueCandidate] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)

    @property
    def ticked(self) -> list[IssueCandidate]:
        return [candidate for candidate in self.candidates if candidate.ticked]

    @property
    def remembered(self) -> set[str]:
        return set(self.added) | set(self.declined)


def _is_arxiv(value: str) -> bool:
    return re.fullmatch(ARXIV_PATTERN, value) is not None and not re.search(r"v\d+$", value)


def read_issue(body: str) -> IssueState:
    """The candidates (ticked or not) and the remembered ids of a Candidates issue body."""
    state = IssueState()
    for line in body[:MAX_BODY_CHARS].replace("\r\n", "\n").split("\n"):
        found = _LINE.match(line)
        if found and _is_arxiv(found["id"]):
            topics = [t for t in found["topics"].split(",") if re.fullmatch(TOPIC_ID_PATTERN, t)]
            if topics:
                state.candidates.append(IssueCandidate(found["id"], topics, found["tick"] != " ", line))
            continue
        marker = _MARKER.match(line)
        if marker:
            ids = [value for value in marker["ids"].split() if _is_arxiv(value)]
            getattr(state, marker["kind"]).extend(ids)
    return state


def read_previous_issue(text: str) -> tuple[IssueState, int | None]:
    """The state of the open Candidates issue from `gh issue list --json number,body` output (a JSON list,
    empty when there is none) or from the issue's body itself; and its number when known."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            issues = json.loads(stripped)
        except ValueError:
            issues = None
        if isinstance(issues, list):
            issue = issues[0] if issues and isinstance(issues[0], dict) else {}
            number = issue.get("number")
            return read_issue(str(issue.get("body") or "")), number if isinstance(number, int) else None
    return read_issue(text), None


def newest(ids: list[str]) -> list[str]:
    """Ids without repeats (the last mention counts), at most MAX_REMEMBERED, newest last."""
    kept = list(dict.fromkeys(reversed(ids)))
    return list(reversed(kept[:MAX_REMEMBERED]))


def paper_link(arxiv_id: str) -> str:
    return f"[arXiv {arxiv_id}](https://arxiv.org/abs/{arxiv_id})"


def candidate_line(match: Match, topics: list[str], ticked: bool = False) -> str:
    why = f"like *{md(match.best_title)}*" if match.best_title else "no paper of the topic is alike"
    words = f" · words: {md(', '.join(match.words))}" if match.words else ""
    return (f"- [{'x' if ticked else ' '}] **{md(str(match.draft.meta['title']))[:400]}** · {paper_link(match.arxiv)} · "
            f"score {match.score:.2f} · {why}{words} "
            f"<!-- candidate {match.arxiv} topics={','.join(topics)} -->")


def choose(report: CandidateReport, limit: int, exclude: set[str]) -> list[tuple[str, Match]]:
    """At most `limit` candidates, each once under its best topic, taken round-robin over the topics
    (each topic's best first), so every topic gets its share."""
    suggested = report.suggested_topics()
    queues = {topic: [m for m in matches if suggested[m.arxiv][0] == topic and m.arxiv not in exclude]
              for topic, matches in report.per_topic.items()}
    chosen: list[tuple[str, Match]] = []
    position = 0
    while len(chosen) < limit and any(len(queue) > position for queue in queues.values()):
        for topic, queue in queues.items():
            if position < len(queue) and len(chosen) < limit:
                chosen.append((topic, queue[position]))
        position += 1
    return chosen


def issue_body(report: CandidateReport, topic_titles: dict[str, str], previous: IssueState, limit: int,
               window_text: str, sources_text: list[str], failures: list[str]) -> str:
    """The whole body: kept ticks of the previous issue, this run's candidates grouped by topic, the markers."""
    carried = [c for c in previous.ticked if c.arxiv not in previous.remembered]
    carried_ids = {c.arxiv for c in carried}
    chosen = choose(report, max(0, limit - len(carried)), carried_ids | previous.remembered)
    suggested = report.suggested_topics()
    lines = [f"New papers for {window_text}, ranked for each topic by the papers it already holds "
             f"(`papershelf watch`). Read: {md('; '.join(sources_text) or 'nothing')}.", ""]
    if failures:
        lines += [*[f"> **Not read:** {md(failure)}" for failure in failures], ""]
    lines += ["Tick the papers to add, then apply the `add-candidates` label: a pull request adding each "
              "ticked paper under the topics shown is opened, and the papers left unticked are declined and not "
              "proposed again.", ""]
    if carried:
        lines += ["### Ticked earlier, not added yet", "", *[c.line for c in carried], ""]
    for topic in topic_titles:
        rows = [candidate_line(match, suggested[match.arxiv]) for chosen_topic, match in chosen if chosen_topic == topic]
        if rows:
            lines += [f"### {md(topic_titles[topic])} (`{md_code(topic)}`)", "", *rows, ""]
    if not chosen and not carried:
        lines += ["No new candidates this time.", ""]
    lines += markers(previous.added, previous.declined)
    return "\n".join(lines) + "\n"


def markers(added: list[str], declined: list[str]) -> list[str]:
    """The comments that remember the added and declined papers (read back by read_issue), empty or not."""
    return [f"<!-- papershelf:{name}{''.join(' ' + arxiv for arxiv in newest(ids))} -->"
            for name, ids in (("added", added), ("declined", declined))]


def after_add(body: str, added: list[str], failed: dict[str, str]) -> str:
    """The body once the ticked papers were added: ticked lines that were added go, unticked ones are declined and go,
    ticked ones that failed stay ticked with the reason; the markers remember both."""
    state = read_issue(body)
    declined = [c.arxiv for c in state.candidates if not c.ticked]
    kept = []
    for line in body[:MAX_BODY_CHARS].replace("\r\n", "\n").split("\n"):
        found = _LINE.match(line)
        if found and found["id"] in failed and found["tick"] != " ":
            kept.append(line)
            kept.append(f"  - not added: {md(failed[found['id']])[:300]}")
        elif found or _MARKER.match(line) or line.startswith("  - not added: "):
            continue
        else:
            kept.append(line)
    kept = without_empty_sections(kept)
    if not state.candidates or len(declined) + len(added) == len(state.candidates):
        kept += ["", "Every candidate was decided: the next weekly run lists new ones."]
    kept += ["", *markers(state.added + added, state.declined + declined)]
    return "\n".join(kept) + "\n"


def without_empty_sections(lines: list[str]) -> list[str]:
    """The lines without `### ` headings left with nothing under them, blank runs collapsed, none at the end."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("### "):
            following = next((later for later in lines[index + 1:] if later.strip()), "")
            if not following or following.startswith("### "):
                continue
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def markdown_report(report: CandidateReport, topic_titles: dict[str, str]) -> str:
    """Every topic's ranked candidates as a Markdown list (what `--format markdown` prints)."""
    suggested = report.suggested_topics()
    lines = []
    for topic, matches in report.per_topic.items():
        lines += [f"## {md(topic_titles.get(topic, topic))} (`{md_code(topic)}`)", ""]
        lines += [f"{match.rank}. " + candidate_line(match, suggested[match.arxiv]).removeprefix("- [ ] ")
                  .split(" <!-- candidate ")[0] + f" · topics: {', '.join(suggested[match.arxiv])}"
                  for match in matches] or ["No candidates."]
        lines.append("")
    return "\n".join(lines)


def json_report(report: CandidateReport) -> str:
    suggested = report.suggested_topics()
    return json.dumps({
        "read": report.read, "already_in_collection": report.already_in_collection, "declined": report.declined,
        "ranked": report.ranked,
        "topics": {topic: [{"rank": m.rank, "score": m.score, "arxiv": m.arxiv, "title": m.draft.meta["title"],
                            "date": m.draft.meta.get("date"), "url": f"https://arxiv.org/abs/{m.arxiv}",
                            "best_match": {"slug": m.best_paper, "title": m.best_title, "similarity": m.similarity},
                            "words": m.words, "suggested_topics": suggested[m.arxiv]}
                           for m in matches] for topic, matches in report.per_topic.items()},
    }, indent=2) + "\n"
