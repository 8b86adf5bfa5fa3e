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


@dataclass
class GitHubIssues:
    repository: str  # owner/name
    token: str
    api_url: str = "https://api.github.com"

    @classmethod
    def from_environment(cls) -> GitHubIssues:
        repository, token = os.environ.get("GITHUB_REPOSITORY", ""), os.environ.get("GITHUB_TOKEN", "")
        if not repository or "/" not in repository or not token:
            raise UsageError("--update-issue needs GITHUB_REPOSITORY (owner/name) and GITHUB_TOKEN in the "
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
