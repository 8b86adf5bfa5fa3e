"""A "Suggest a paper" issue → a paper file (and the texts of a pull request), or the reasons it cannot be.

GitHub writes an issue form's answers into the issue body as Markdown: each
field as `### <label>`, a blank line, then the answer (`_No response_` when an
optional field was left empty). `parse_issue_form` reads that back, ignoring
`###` lines inside fenced code. The labels are mapped to field ids with the
collection's own form (`.github/ISSUE_TEMPLATE/suggest-paper.yml`), so a
collection may reword its labels.

The issue body is untrusted: it is bounded in size, never run, and whatever
of it goes into a pull request or a comment is escaped as literal Markdown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..intake.adding import AddResult, add_paper
from ..model.load import read_topics, topic_name_key, topic_names
from ..model.problems import PapershelfError, UsageError
from ..scaffold import SCAFFOLD
from ..sources.arxiv import parse_arxiv_id
from ..sources.endpoints import Sources
from .ghtext import add_paper_title, md, md_code, write_texts

FORM = ".github/ISSUE_TEMPLATE/suggest-paper.yml"
MAX_BODY_CHARS = 65536  # GitHub's own limit for an issue body
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass
class Suggestion:
    paper: str = ""  # the answer as written
    arxiv_id: str | None = None
    doi: str | None = None
    topics: list[str] = field(default_factory=list)
    why: str = ""


@dataclass
class SuggestionOutcome:
    suggestion: Suggestion
    problems: list[str] = field(default_factory=list)
    added: AddResult | None = None

    @property
    def ok(self) -> bool:
        return self.added is not None and not self.problems

    @property
    def paper(self) -> AddResult:
        """The paper added (or that would be): only for an outcome that is `ok`."""
        if self.added is None:
            raise ValueError("the suggestion added no paper")
        return self.added


def parse_issue_form(body: str) -> dict[str, str]:
    """The answers of an issue-form body: label -> answer ('' for `_No response_`)."""
    answers: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence = ""
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening["fence"][0] == fence[0] and len(opening["fence"]) >= len(fence):
                fence = ""
        elif opening:
            fence = opening["fence"]
        elif heading := _HEADING.match(line):
            label = heading["label"].strip()
            current = answers.setdefault(label, [])
            continue
        if current is not None:
            current.append(line)
    values = {label: "\n".join(lines).strip() for label, lines in answers.items()}
    return {label: "" if value == NO_RESPONSE else value for label, value in values.items()}


def form_labels(root: Path) -> dict[str, str]:
    """Field id -> label, from the collection's issue form (else the one `init` writes)."""
    path = root / FORM if (root / FORM).is_file() else SCAFFOLD / FORM
    try:
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {item["id"]: item["attributes"]["label"] for item in form["body"]
                if isinstance(item, dict) and item.get("id") and item.get("attributes", {}).get("label")}
    except (yaml.YAMLError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: cannot read the issue form ({type(error).__name__}); "
                         "fields need an id and attributes.label") from None


def read_suggestion(body: str, labels: dict[str, str]) -> tuple[Suggestion, list[str]]:
    """The suggestion in an issue body, and what is wrong with it (empty when nothing is)."""
    if len(body) > MAX_BODY_CHARS:
        return Suggestion(), [f"the issue body has {len(body):,} characters; the limit is {MAX_BODY_CHARS:,}"]
    answers = parse_issue_form(body)
    problems = []
    for field_id in ("paper", "topics"):
        if field_id in labels and labels[field_id] not in answers:
            problems.append(f"the issue has no '### {labels[field_id]}' section: open it with the "
                            "'Suggest a paper' form, or add that heading and the answer below it")
    answer = {field_id: answers.get(label, "") for field_id, label in labels.items()}
    suggestion = Suggestion(paper=" ".join(answer.get("paper", "").split()), why=answer.get("why", ""))
    # the form asks for ids separated by commas; a title ("Example topic") is one answer, not two
    suggestion.topics = list(dict.fromkeys(
        topic.strip("`'\" -*") for topic in re.split(r"[,;\n]+", answer.get("topics", "")) if topic.strip("`'\" -*")))
    if problems:
        return suggestion, problems
    if not suggestion.paper:
        problems.append(f"'{labels.get('paper', 'paper')}' is empty: give an arXiv id (like 1706.03762), "
                        "an arxiv.org link or a DOI")
    else:
        suggestion.arxiv_id, suggestion.doi, problem = identify(suggestion.paper)
        problems += [problem] if problem else []
    if not suggestion.topics:
        problems.append(f"'{labels.get('topics', 'topics')}' is empty: give one or more topic ids from topics.yml")
    return suggestion, problems


def identify(text: str) -> tuple[str | None, str | None, str]:
    """(arXiv id, DOI, problem) for the paper answer: an arXiv id or link, or a DOI."""
    candidate = text.strip().strip("<>")
    try:
        return parse_arxiv_id(candidate), None, ""
    except UsageError:
        pass
    doi = _DOI.match(candidate)
    if doi:
        found = doi["doi"].rstrip(".,;")
        arxiv_doi = _ARXIV_DOI.match(found)  # arXiv's own DOIs name the arXiv id
        if arxiv_doi:
            try:
                return parse_arxiv_id(arxiv_doi["id"]), found, ""
            except UsageError:
                pass
        return None, found, ""
    return None, None, (f"'{text[:200]}' is neither an arXiv id or link (like 1706.03762 or "
                        "https://arxiv.org/abs/1706.03762) nor a DOI (like 10.1145/3442188.3445922)")


def suggest_paper(root: Path, body: str, dry_run: bool = False, sources: Sources | None = None) -> SuggestionOutcome:
    """Read the suggestion and add its paper with `papershelf add` (nothing written with dry_run)."""
    suggestion, problems = read_suggestion(body, form_labels(root))
    outcome = SuggestionOutcome(suggestion, problems)
    if problems:
        return outcome
    suggestion.topics = topic_ids(root, suggestion.topics)
    try:
        outcome.added = add_paper(root, suggestion.arxiv_id or suggestion.doi or "", suggestion.topics, dry_run=dry_run,
                                  sources=sources)
    except PapershelfError as error:
        outcome.problems.append(str(error))
    return outcome


def topic_ids(root: Path, answers: list[str]) -> list[str]:
    """Each answer as a topic id: an id, a topic's title or alias (as `import` reads keywords), or ids separated
    by spaces; an answer that is none of these is kept, for `add` to explain."""
    entries, _ = read_topics(Path(root) / "topics.yml", "topics.yml")
    names = topic_names(entries)
    found = []
    for answer in answers:
        words = answer.split()
        if answer in names.values() or topic_name_key(answer) in names:
            found.append(names.get(topic_name_key(answer), answer))
        elif len(words) > 1 and all(word.strip("`'\"") in names.values() for word in words):
            found += [word.strip("`'\"") for word in words]
        else:
            found.append(answer)
    return list(dict.fromkeys(found))


def pull_request_title(outcome: SuggestionOutcome) -> str:
    return add_paper_title(str(outcome.paper.meta["title"]))


def pull_request_body(outcome: SuggestionOutcome, issue: int | None, path: str) -> str:
    meta = outcome.paper.meta
    lines = [f"Closes #{issue}." if issue else "", "",
             f"Adds **{md(str(meta['title']))}** (arXiv `{md_code(str(meta.get('arxiv', '')))}`) "
             f"as `{md_code(path)}`, under topics {', '.join(f'`{md_code(t)}`' for t in meta['topics'])}.", ""]
    if outcome.suggestion.why.strip():
        lines += ["Why it belongs, as suggested:", ""]
        lines += [f"> {md(line)}" if line.strip() else ">" for line in outcome.suggestion.why.splitlines()[:40]]
        lines.append("")
    lines.append("Opened by `papershelf suggest` from the issue's form. Review the paper file before merging.")
    return "\n".join(lines).lstrip("\n") + "\n"


def rejection_comment(outcome: SuggestionOutcome) -> str:
    lines = ["This suggestion could not be added automatically:", ""]
    lines += [f"- {md(problem)}" for problem in outcome.problems]
    lines += ["", "Edit the issue to fix it, then remove and add the `add-paper` label again."]
    return "\n".join(lines) + "\n"


def write_outputs(outcome: SuggestionOutcome, directory: Path, issue: int | None, root: Path) -> list[Path]:
    """The texts the workflow needs: PR title/body and commit message, or the comment for the issue."""
    if outcome.ok:
        path = outcome.paper.path.absolute().relative_to(root.absolute()).as_posix()
        title = pull_request_title(outcome)
        texts = {"pr-title.txt": title + "\n", "pr-body.md": pull_request_body(outcome, issue, path),
                 "commit-message.txt": f"{title}\n\n" + (f"Closes #{issue}.\n" if issue else "")}
    else:
        texts = {"comment.md": rejection_comment(outcome)}
    return write_texts(directory, texts)


def read_github_event(path: Path) -> tuple[str, int | None]:
    """(issue body, issue number) from the event file GitHub Actions writes ($GITHUB_EVENT_PATH)."""
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
        issue = event["issue"]
        body, number = issue.get("body") or "", issue.get("number")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"{path}: is not the event of an issue (expected JSON with an 'issue' object)") from None
    return str(body), number if isinstance(number, int) else None
