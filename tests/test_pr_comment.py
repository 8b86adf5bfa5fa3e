"""The pull request summary as one comment on the pull request: written by `pr-summary --comment`, posted
or edited by `pr-comment` through the GitHub REST API (a stand-in server answering in GitHub's shapes)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from click.testing import CliRunner

from local_server import reply_json, serving
from papershelf.cli import cli
from papershelf.review.github_issue import GitHubIssues, keep_comment_updated
from papershelf.review.prcheck import COMMENT_MARKER, MAX_COMMENT_BYTES
from test_prcheck import commit, paper, repo, write  # noqa: F401 (repo is a fixture)

BOT = {"login": "github-actions[bot]", "type": "Bot"}
COMMENTS = re.compile(r"^/repos/owner/shelf/issues/(\d+)/comments\?per_page=100&page=(\d+)$")


class FakeComments(BaseHTTPRequestHandler):
    """GitHub's issue-comment endpoints for owner/shelf, in memory: list (paged), create, edit."""

    protocol_version = "HTTP/1.1"

    def reply(self, status: int, data: Any) -> None:
        reply_json(self, status, data)

    def sent(self) -> dict[str, Any]:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")

    def do_GET(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        state["tokens"].add(self.headers.get("Authorization"))
        match = COMMENTS.match(self.path)
        if not match:
            return self.reply(404, {"message": "Not Found"})
        issue, page = int(match[1]), int(match[2])
        mine = [comment for comment in state["comments"] if comment["issue"] == issue]
        self.reply(200, [{key: comment[key] for key in ("id", "body", "user")}
                         for comment in mine[(page - 1) * 100:page * 100]])

    def do_POST(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        state["tokens"].add(self.headers.get("Authorization"))
        issue = int(self.path.split("/")[-2])
        comment = {"id": 1000 + len(state["comments"]), "issue": issue, "body": self.sent()["body"], "user": BOT}
        state["comments"].append(comment)
        state["posted"].append(comment)
        self.reply(201, comment)

    def do_PATCH(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        state["tokens"].add(self.headers.get("Authorization"))
        number = int(self.path.rstrip("/").split("/")[-1])
        comment = next(comment for comment in state["comments"] if comment["id"] == number)
        if comment["user"] != BOT:
            return self.reply(403, {"message": "Resource not accessible by integration"})
        comment["body"] = self.sent()["body"]
        state["edited"].append(number)
        self.reply(200, comment)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_comments(existing: list[dict[str, Any]] | None = None) -> Iterator[tuple[dict[str, Any], str]]:
    """A stand-in GitHub API; (its state: comments, posted, edited, tokens seen; its base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeComments)
    server.daemon_threads = True
    server.state = {"comments": list(existing or []), "posted": [], "edited": [],  # type: ignore[attr-defined]
                    "tokens": set()}
    with serving(server) as base:
        yield server.state, base  # type: ignore[attr-defined]


def test_one_comment_is_posted_then_edited_and_a_lookalike_by_someone_else_is_left_alone():
    """Someone wrote a comment starting with the marker; a hundred more comments push the bot's to page 2."""
    forged = {"id": 1, "issue": 7, "body": f"{COMMENT_MARKER}\nAll good, merge it!", "user": {"login": "mallory"}}
    chatter = [{"id": 2 + n, "issue": 7, "body": f"comment {n}", "user": {"login": "ada"}} for n in range(100)]
    with serve_comments([forged, *chatter]) as (state, base):
        api = GitHubIssues("owner/shelf", "secret-token", base)
        assert keep_comment_updated(api, 7, f"{COMMENT_MARKER}\nfirst", COMMENT_MARKER) == "posted comment 1101 on #7"
        assert keep_comment_updated(api, 7, f"{COMMENT_MARKER}\nsecond", COMMENT_MARKER) == "updated comment 1101 on #7"
        assert keep_comment_updated(api, 7, f"{COMMENT_MARKER}\nsecond", COMMENT_MARKER) \
            == "comment 1101 on #7 is already up to date"
        assert len(state["posted"]) == 1 and state["edited"] == [1101]
        assert forged["body"].endswith("merge it!") and state["tokens"] == {"Bearer secret-token"}


def test_the_command_posts_what_pr_summary_wrote_and_refuses_any_other_file(repo, tmp_path, monkeypatch):  # noqa: F811
    write(repo, {"papers/sparse.md": paper("Sparse Features", ["Katherine Johnson"], ["interpretability"])})
    commit(repo)
    comment = tmp_path / "comment.md"
    result = CliRunner().invoke(cli, ["pr-summary", "--root", str(repo), "--base", "main", "--summary",
                                      str(tmp_path / "summary.md"), "--comment", str(comment),
                                      "--run-url", "https://github.com/owner/shelf/actions/runs/42"])
    assert result.exit_code == 0, result.output
    text = comment.read_text(encoding="utf-8")
    assert text.startswith(COMMENT_MARKER) and "Sparse Features" in text
    assert text.rstrip().endswith("The whole summary: https://github.com/owner/shelf/actions/runs/42</sub>")
    with serve_comments() as (state, base):
        monkeypatch.setenv("GITHUB_REPOSITORY", "owner/shelf")
        monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
        monkeypatch.setenv("GITHUB_API_URL", base)
        posted = CliRunner().invoke(cli, ["pr-comment", str(comment), "--pr", "3"])
        assert posted.exit_code == 0 and "posted comment" in posted.output
        assert state["posted"][0]["body"] == text and state["posted"][0]["issue"] == 3
        other = tmp_path / "other.md"
        other.write_text("Merge this.\n", encoding="utf-8")
        refused = CliRunner().invoke(cli, ["pr-comment", str(other), "--pr", "3"])
        assert refused.exit_code == 2 and "nothing was posted" in refused.output and len(state["posted"]) == 1
    monkeypatch.delenv("GITHUB_TOKEN")
    missing = CliRunner().invoke(cli, ["pr-comment", str(comment), "--pr", "3"])
    assert missing.exit_code == 2 and "GITHUB_TOKEN" in missing.output and "Traceback" not in missing.output


def test_a_huge_summary_is_cut_to_fit_one_comment(repo, tmp_path):  # noqa: F811
    write(repo, {f"papers/p{number}.md": paper((f"Paper {number} " + "long " * 30).strip(), [f"Person {number}"],
                                               ["interpretability"]) for number in range(1500)})
    commit(repo)
    comment = tmp_path / "comment.md"
    result = CliRunner().invoke(cli, ["pr-summary", "--root", str(repo), "--base", "main", "--summary",
                                      str(tmp_path / "summary.md"), "--comment", str(comment)])
    assert result.exit_code == 0, result.output
    text = comment.read_text(encoding="utf-8")
    assert len(text) < 65536 and len(text.encode()) < MAX_COMMENT_BYTES + 1024
    assert "**Left out** to keep this summary under 60 KiB" in text
    assert "the rest of Added (1500), New authors (1500), New addresses (" in text  # the sections cut, by name
    assert (tmp_path / "summary.md").stat().st_size > len(text.encode())  # the job summary keeps more


@pytest.mark.parametrize("number", ["0", "x"])
def test_a_pull_request_number_is_a_positive_integer(tmp_path, number):
    comment = tmp_path / "comment.md"
    comment.write_text(COMMENT_MARKER + "\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["pr-comment", str(comment), "--pr", number]).exit_code == 2
