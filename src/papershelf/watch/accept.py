"""The `add-candidates` label on the Candidates issue: add the ticked papers, prepare one pull request and the
issue's new body.

The workflow checks that the person who labelled may write before this runs; this reads
the issue from the Actions event file, runs `papershelf add` for each ticked
candidate with its suggested topics, and writes the texts the workflow's shell
steps use (never the issue's text in a shell command): pr-title.txt,
pr-body.md, commit-message.txt, issue-body.md and comment.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..intake.adding import AddResult, add_paper
from ..model.problems import PapershelfError, UsageError
from ..review.ghtext import add_paper_title, md, md_code, write_texts
from ..sources.endpoints import Sources
from .issue import after_add, read_issue

ADD_LABEL = "add-candidates"
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$")


@dataclass
class CandidatesEvent:
    issue_number: int
    body: str
    label: str
    sender: str


@dataclass
class AcceptOutcome:
    added: list[tuple[str, AddResult]] = field(default_factory=list)  # (arXiv id, result)
    failed: dict[str, str] = field(default_factory=dict)  # arXiv id → why
    new_body: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.added)


def read_event(path: Path) -> CandidatesEvent:
    """The `issues: labeled` event GitHub Actions wrote ($GITHUB_EVENT_PATH)."""
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
        issue = event["issue"]
        number, login = issue["number"], event["sender"]["login"]
        body, label = issue.get("body") or "", (event.get("label") or {}).get("name") or ""
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"{path}: is not the event of a labelled issue (expected JSON with 'issue' and "
                         "'sender' objects)") from None
    if not isinstance(number, int) or not isinstance(login, str) or not _LOGIN.match(login):
        raise UsageError(f"{path}: the issue number or the sender's login is not what GitHub writes")
    return CandidatesEvent(number, str(body), str(label), login)


def accept_ticked(root: Path, body: str, sources: Sources | None = None) -> AcceptOutcome:
    """Add every ticked candidate of the issue body under its topics; the issue's body after it."""
    state = read_issue(body)
    outcome = AcceptOutcome()
    for candidate in state.ticked:
        if candidate.arxiv in state.added:
            continue
        try:
            outcome.added.append((candidate.arxiv, add_paper(root, candidate.arxiv, candidate.topics,
                                                             sources=sources)))
        except PapershelfError as error:
            outcome.failed[candidate.arxiv] = str(error)
    outcome.new_body = after_add(body, [arxiv_id for arxiv_id, _ in outcome.added], outcome.failed)
    return outcome


def pull_request_title(outcome: AcceptOutcome) -> str:
    """Plain text (the PR title and the commit message's first line): a paper's title made inert for GitHub."""
    if len(outcome.added) == 1:
        return add_paper_title(str(outcome.added[0][1].meta["title"]))
    return f"Add {len(outcome.added)} papers from the Candidates issue"


def pull_request_body(outcome: AcceptOutcome, issue: int, root: Path, sender: str) -> str:
    lines = [f"Adds the papers ticked in #{issue} (labelled `{ADD_LABEL}` by @{sender}):", ""]
    for arxiv_id, result in outcome.added:
        path = result.path.absolute().relative_to(root.absolute()).as_posix()
        topics = ", ".join(f"`{md_code(t)}`" for t in result.meta["topics"])
        lines.append(f"- **{md(str(result.meta['title']))}** (arXiv `{md_code(arxiv_id)}`) as `{md_code(path)}`, "
                     f"under {topics}")
    if outcome.failed:
        lines += ["", "Not added:", ""]
        lines += [f"- arXiv `{md_code(arxiv_id)}`: {md(why)}" for arxiv_id, why in outcome.failed.items()]
    lines += ["", "Opened by `papershelf add-candidates`. Review each paper file before merging."]
    return "\n".join(lines) + "\n"


def failure_comment(outcome: AcceptOutcome, ticked: int) -> str:
    if not ticked:
        return f"No paper is ticked: tick the boxes of the papers to add, then apply the `{ADD_LABEL}` label again.\n"
    lines = ["None of the ticked papers could be added:", ""]
    lines += [f"- arXiv `{md_code(arxiv_id)}`: {md(why)}" for arxiv_id, why in outcome.failed.items()]
    return "\n".join(lines) + "\n"


def write_outputs(outcome: AcceptOutcome, event: CandidatesEvent, directory: Path, root: Path) -> list[Path]:
    texts = {"issue-body.md": outcome.new_body}
    if outcome.ok:
        title = pull_request_title(outcome)
        texts |= {"pr-title.txt": title + "\n",
                  "pr-body.md": pull_request_body(outcome, event.issue_number, root, event.sender),
                  "commit-message.txt": f"{title}\n\nTicked in #{event.issue_number}.\n"}
    else:
        texts["comment.md"] = failure_comment(outcome, len(read_issue(event.body).ticked))
    return write_texts(directory, texts)
