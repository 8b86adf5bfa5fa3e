"""Keep ONE GitHub issue up to date with a report (the weekly dead-links issue).

Talks to the GitHub REST API with the workflow's token: finds the open issue
with the label (and, among several, the title), edits its body, creates it when
there is something to report, and closes it with a comment when there is not.
The repository, token and API address come from the environment Actions sets
(GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import requests

from ..model.problems import SourceUnavailable, UsageError

TIMEOUT_SECONDS = 30
PAGE_SIZE = 100
MAX_PAGES = 50  # 5,000 comments: a pull request with more is not read further
ACTIONS_BOT = "github-actions[bot]"  # who the workflow's token posts as


@dataclass
class GitHubIssues:
    repository: str  # owner/name
    token: str
    api_url: str = "https://api.github.com"

    @classmethod
    def from_environment(cls, needed_by: str = "--update-issue") -> GitHubIssues:
        repository, token = os.environ.get("GITHUB_REPOSITORY", ""), os.environ.get("GITHUB_TOKEN", "")
        if not repository or "/" not in repository or not token:
            raise UsageError(f"{needed_by} needs GITHUB_REPOSITORY (owner/name) and GITHUB_TOKEN in the "
                             "environment, as a GitHub Actions step has them")
        return cls(repository, token, os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/"))

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.api_url}/repos/{self.repository}{path}"
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json",
                   "X-GitHub-Api-Version": "2022-11-28"}
        try:
            response = requests.request(method, url, headers=headers, timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as error:
            raise SourceUnavailable(f"cannot reach the GitHub API at {self.api_url}: {type(error).__name__}") from None
        if response.status_code >= 400:
            message = response.json().get("message", "") if "json" in response.headers.get("Content-Type", "") else ""
            raise SourceUnavailable(f"GitHub API {method} {path} answered HTTP {response.status_code} {message}".strip())
        return response.json() if response.content else None

    def every_page(self, path: str) -> list[dict[str, Any]]:
        """Every item of a listing, page after page (GitHub gives 100 at most a page)."""
        items: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            batch = self.request("GET", path, params={"per_page": PAGE_SIZE, "page": page})
            items += batch
            if len(batch) < PAGE_SIZE:
                break
        return items

    def find_open(self, label: str, title: str) -> dict[str, Any] | None:
        issues = [issue for issue in self.request("GET", "/issues", params={"state": "open", "labels": label,
                                                                            "per_page": 100})
                  if "pull_request" not in issue]
        issues.sort(key=lambda issue: (issue.get("title") != title, issue["number"]))
        return issues[0] if issues else None


def keep_issue_updated(issues: GitHubIssues, label: str, title: str, body: str, has_findings: bool) -> str:
    """Create, edit or close the one issue; returns what was done, as a line for the log."""
    found = issues.find_open(label, title)
    if has_findings and found is None:
        created = issues.request("POST", "/issues", json={"title": title, "body": body, "labels": [label]})
        return f"created issue #{created['number']}"
    if has_findings and found is not None:
        if found.get("body") == body:
            return f"issue #{found['number']} is already up to date"
        issues.request("PATCH", f"/issues/{found['number']}", json={"body": body})
        return f"updated issue #{found['number']}"
    if found is not None:
        issues.request("POST", f"/issues/{found['number']}/comments", json={"body": "Every link works again."})
        issues.request("PATCH", f"/issues/{found['number']}", json={"state": "closed", "body": body})
        return f"closed issue #{found['number']}: every link works again"
    return "no dead links and no open issue: nothing to do"


def keep_comment_updated(issues: GitHubIssues, number: int, body: str, marker: str) -> str:
    """Post `body` on pull request (or issue) `number`, or edit the comment that holds it: the one the workflow's
    bot wrote that starts with `marker`, so each push updates one comment instead of adding another. Returns
    what was done, as a line for the log."""
    comments = issues.every_page(f"/issues/{number}/comments")
    mine = next((comment for comment in comments if (comment.get("user") or {}).get("login") == ACTIONS_BOT
                 and str(comment.get("body", "")).startswith(marker)), None)
    if mine is None:
        created = issues.request("POST", f"/issues/{number}/comments", json={"body": body})
        return f"posted comment {created['id']} on #{number}"
    if mine.get("body") == body:
        return f"comment {mine['id']} on #{number} is already up to date"
    issues.request("PATCH", f"/issues/comments/{mine['id']}", json={"body": body})
    return f"updated comment {mine['id']} on #{number}"
