"""`papershelf links --external` against a local HTTP server on 127.0.0.1: 200, 301, 404, 405 on HEAD,
429 with Retry-After, 503, a timeout and a refused connection; and the one dead-links issue kept up to date
through a local stand-in for the GitHub issues API."""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from local_server import reply_json, serving
from papershelf.cli import cli
from papershelf.model.writer import render_paper_file
from papershelf.review.github_issue import GitHubIssues, keep_issue_updated
from papershelf.review.linkrot import (
    CheckOptions,
    LinkResult,
    LinkUse,
    check_links,
    collect_links,
    issue_body,
    retry_after_seconds,
)
from papershelf.sources.net import AddressPolicy

# A generous timeout: on a busy machine a slow answer must not pass for a timeout (and retry) where it is not tested.
LOOPBACK = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))  # the stand-in servers, in tests only
FAST = CheckOptions(per_host=2, workers=8, timeout=10, retries=2, backoff=0.05, host_delay=0.0, addresses=LOOPBACK)


class Site(BaseHTTPRequestHandler):
    """Each path answers one way; every request is logged with its start and end times."""

    protocol_version = "HTTP/1.1"

    def answer(self, status: int, headers: dict | None = None, body: bytes = b""):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_one(self):
        server = self.server
        with server.lock:
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
            server.log.append((self.command, self.path, time.monotonic()))
            count = sum(1 for _, path, _ in server.log if path == self.path)
        try:
            time.sleep(0.05)  # long enough for concurrent requests to overlap
            path = self.path
            if path == "/ok":
                self.answer(200, body=b"ok")
            elif path == "/moved":
                self.answer(301, {"Location": "/ok"})
            elif path == "/gone":
                self.answer(404, body=b"not found")
            elif path == "/forbidden":
                self.answer(403, body=b"no robots")
            elif path.startswith("/10.1234/"):  # a doi.org stand-in: registered DOIs redirect to the publisher
                self.answer(302, {"Location": "/forbidden"}) if path == "/10.1234/known" else self.answer(404)
            elif path == "/no-head":
                self.answer(405 if self.command == "HEAD" else 200, body=b"get only")
            elif path == "/busy-once":
                self.answer(429, {"Retry-After": "1"}) if count == 1 else self.answer(200, body=b"ok")
            elif path == "/always-busy":
                self.answer(429, {"Retry-After": "0"})
            elif path == "/flaky":
                self.answer(503) if count == 1 else self.answer(200)
            elif path == "/slow":
                time.sleep(2)
                self.answer(200)
            elif path == "/drip":  # a byte at a time, each well within the read timeout
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 12:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
                self.close_connection = True
            elif path.startswith("/page"):
                time.sleep(0.2)  # requests overlap whenever the client lets them
                self.answer(200)
            else:
                self.answer(404)
        finally:
            with server.lock:
                server.in_flight -= 1

    do_HEAD = do_GET = handle_one

    def log_message(self, format, *args):
        pass


@pytest.fixture(autouse=True)
def allow_the_stand_in_servers(monkeypatch):
    """The command refuses 127.0.0.1 (tests/test_link_addresses.py); these tests reach their servers there."""
    monkeypatch.setenv("PAPERSHELF_TEST_ALLOW_NETWORKS", "127.0.0.1/32")


@contextmanager
def serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.lock, server.log, server.in_flight, server.most_in_flight = threading.Lock(), [], 0, 0
    with serving(server) as base:
        yield server, base


@pytest.fixture
def site():
    with serve(Site) as running:
        yield running


def links_for(base: str, *paths: str) -> dict[str, LinkResult]:
    papers = [SimpleNamespace(path=f"papers/p{i}.md", meta=SimpleNamespace(links={"code": base + path}, doi=None,
                                                                            arxiv=None))
              for i, path in enumerate(paths)]
    return collect_links(papers)


def by_path(results: list[LinkResult], base: str) -> dict[str, LinkResult]:
    return {r.url.removeprefix(base): r for r in results}


def test_each_kind_of_answer(site):
    server, base = site
    results = by_path(check_links(links_for(base, "/ok", "/moved", "/gone", "/no-head", "/flaky"), FAST), base)
    assert (results["/ok"].state, results["/ok"].status) == ("ok", 200)
    assert results["/moved"].state == "redirected" and results["/moved"].final_url == base + "/ok"
    assert results["/moved"].reason == f"HTTP 301 to {base}/ok"
    assert (results["/gone"].state, results["/gone"].reason) == ("dead", "HTTP 404")
    assert results["/gone"].attempts == 1  # a 404 is not retried
    assert results["/no-head"].state == "ok"
    assert [m for m, p, _ in server.log if p == "/no-head"] == ["HEAD", "GET"]
    assert results["/flaky"].state == "ok" and results["/flaky"].attempts == 2


def test_a_server_that_does_not_answer_in_time_is_retried_then_dead(site):
    _, base = site
    options = CheckOptions(per_host=2, workers=2, timeout=0.5, retries=2, backoff=0.05, host_delay=0.0,
                           addresses=LOOPBACK)
    [result] = check_links(links_for(base, "/slow"), options)
    assert result.state == "dead" and result.reason == "no answer within 0.5 s"
    assert result.attempts == 3  # the first try and two retries


def test_a_server_that_drips_bytes_is_cut_off_at_the_whole_request_deadline(site):
    _, base = site
    options = CheckOptions(per_host=1, workers=1, timeout=0.5, deadline=1.0, retries=0, host_delay=0.0,
                           addresses=LOOPBACK)
    [result] = check_links(links_for(base, "/drip"), options)
    assert result.state == "dead" and result.reason == "no whole answer within 1 s"


def test_a_site_that_refuses_robots_is_unknown_and_dois_count_as_registered_when_doi_org_redirects(site):
    server, base = site
    results = by_path(check_links(links_for(base, "/forbidden"), FAST), base)
    assert results["/forbidden"].state == "unknown" and "refuses automated checks" in results["/forbidden"].reason
    papers = [SimpleNamespace(path="papers/a.md", meta=SimpleNamespace(links={}, doi="10.1234/known", arxiv="1706.03762")),
              SimpleNamespace(path="papers/b.md", meta=SimpleNamespace(links={}, doi="10.1234/unknown", arxiv=None))]
    found = collect_links(papers)
    assert sorted(found) == ["https://doi.org/10.1234/known", "https://doi.org/10.1234/unknown"]  # arXiv ids are not fetched
    stand_in = {url.replace("https://doi.org", base): result for url, result in found.items()}
    for url, result in stand_in.items():
        result.url = url
    results = by_path(check_links(stand_in, FAST), base)
    assert (results["/10.1234/known"].state, results["/10.1234/known"].reason) == ("ok", "HTTP 302 (registered)")
    assert results["/10.1234/unknown"].state == "dead"
    assert [p for _, p, _ in server.log].count("/forbidden") == 2  # the redirect was not followed: HEAD and GET above


def test_retry_after_is_obeyed_and_a_host_that_keeps_rate_limiting_is_unknown_not_dead(site):
    server, base = site
    results = by_path(check_links(links_for(base, "/busy-once", "/always-busy"), FAST), base)
    assert results["/busy-once"].state == "ok" and results["/busy-once"].attempts == 2
    times = [t for _, p, t in server.log if p == "/busy-once"]
    assert times[1] - times[0] >= 0.95  # Retry-After: 1
    assert results["/always-busy"].state == "unknown" and results["/always-busy"].attempts == 3


def test_requests_to_one_host_never_exceed_the_per_host_limit(site):
    server, base = site
    results = check_links(links_for(base, *[f"/page{i}" for i in range(12)]), FAST)
    assert all(r.state == "ok" for r in results) and len(server.log) == 12
    assert server.most_in_flight == 2
    server.log.clear()
    server.most_in_flight = 0
    check_links(links_for(base, *[f"/page{i}" for i in range(6)]),
                CheckOptions(per_host=1, timeout=2, retries=0, host_delay=0.0, addresses=LOOPBACK))
    assert server.most_in_flight == 1 and len(server.log) == 6


def test_a_refused_connection_is_dead():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [result] = check_links(links_for(f"http://127.0.0.1:{port}", "/x"), FAST)
    assert result.state == "dead" and result.reason.startswith("cannot connect")


def test_retry_after_values():
    assert retry_after_seconds("7", 1.0, 60) == 7
    assert retry_after_seconds("7200", 1.0, 60) == 60
    assert retry_after_seconds(None, 1.5, 60) == 1.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 2.0, 60) == 0.0  # a date in the past
    assert retry_after_seconds("soon", 2.0, 60) == 2.0


def write_paper(root: Path, slug: str, links: dict, doi: str | None = None):
    meta = {"title": slug.title(), "authors": ["Ada Lovelace"], "date": "2024-05-01", "topics": ["example-topic"],
            "links": links}
    if doi:
        meta["doi"] = doi
    (root / "papers" / f"{slug}.md").write_text(render_paper_file(meta, "An abstract."), encoding="utf-8")


@pytest.fixture
def collection(tmp_path, site) -> Path:
    _, base = site
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    write_paper(root, "alive", {"code": base + "/ok", "project": base + "/moved"})
    write_paper(root, "rotten", {"pdf": base + "/gone", "code": base + "/ok"})
    return root


def test_the_command_reports_dead_and_moved_links_per_paper(collection, site):
    _, base = site
    result = CliRunner().invoke(cli, ["links", "--external", "--root", str(collection), "--timeout", "2",
                                      "--retries", "0"])
    assert result.exit_code == 1, result.output
    assert f"dead: {base}/gone: HTTP 404 [papers/rotten.md (links.pdf)]" in result.output
    assert f"redirected: {base}/moved -> {base}/ok [papers/alive.md (links.project)]" in result.output
    assert "3 outside links checked: 1 ok, 1 redirected, 1 dead, 0 unknown" in result.output
    github = CliRunner().invoke(cli, ["links", "--external", "--root", str(collection), "--format", "github"])
    assert f"::warning file=papers/rotten.md,title=Dead link::links.pdf: {base}/gone: HTTP 404" in github.output
    data = json.loads(CliRunner().invoke(cli, ["links", "--external", "--root", str(collection),
                                               "--format", "json"]).output)
    assert {row["state"] for row in data} == {"ok", "redirected", "dead"}


def test_internal_mode_needs_a_site_folder(tmp_path):
    result = CliRunner().invoke(cli, ["links"])
    assert result.exit_code == 2 and "--external" in result.output
    assert CliRunner().invoke(cli, ["links", str(tmp_path / "nope")]).exit_code == 2


class FakeGitHub(BaseHTTPRequestHandler):
    """The issues endpoints of the GitHub REST API, in memory, answering in GitHub's JSON shapes."""

    protocol_version = "HTTP/1.1"

    def reply(self, status: int, data):
        reply_json(self, status, data)

    def body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")

    def do_GET(self):
        state = self.server.state
        state["calls"].append(("GET", self.path))
        if self.headers.get("Authorization") != "Bearer secret-token":
            return self.reply(401, {"message": "Bad credentials"})
        open_issues = [i for i in state["issues"] if i["state"] == "open" and "dead-links" in i["labels"]]
        self.reply(200, [{"number": i["number"], "title": i["title"], "body": i["body"], "state": i["state"],
                          "labels": [{"name": name} for name in i["labels"]]} for i in open_issues]
                   + [{"number": 99, "title": "a PR", "pull_request": {"url": "x"}, "labels": []}])

    def do_POST(self):
        state, data = self.server.state, self.body()
        state["calls"].append(("POST", self.path))
        if self.path.endswith("/comments"):
            state["comments"].append(data["body"])
            return self.reply(201, {"id": 1, "body": data["body"]})
        issue = {"number": len(state["issues"]) + 1, "title": data["title"], "body": data["body"],
                 "labels": data["labels"], "state": "open"}
        state["issues"].append(issue)
        self.reply(201, issue)

    def do_PATCH(self):
        state, data = self.server.state, self.body()
        state["calls"].append(("PATCH", self.path))
        number = int(self.path.rstrip("/").split("/")[-1])
        issue = next(i for i in state["issues"] if i["number"] == number)
        issue.update(data)
        self.reply(200, issue)

    def log_message(self, format, *args):
        pass


def test_one_issue_is_created_then_updated_then_closed():
    with serve(FakeGitHub) as (server, base):
        server.state = {"issues": [], "calls": [], "comments": []}
        api = GitHubIssues("owner/shelf", "secret-token", base)
        dead = [LinkResult("https://example.org/gone", [LinkUse("papers/a.md", "links.pdf")], "dead", reason="HTTP 404")]
        assert keep_issue_updated(api, "dead-links", "Dead links in papers", issue_body(dead), True) \
            == "created issue #1"
        assert server.state["calls"][-1] == ("POST", "/repos/owner/shelf/issues")
        twice = dead + [LinkResult("https://example.org/also|gone`", [LinkUse("papers/b.md", "links.code")], "dead",
                                   reason="HTTP 410")]
        assert keep_issue_updated(api, "dead-links", "Dead links in papers", issue_body(twice), True) \
            == "updated issue #1"
        assert len(server.state["issues"]) == 1
        assert "`https://example.org/also%7Cgone%60`" in server.state["issues"][0]["body"]
        assert keep_issue_updated(api, "dead-links", "Dead links in papers", issue_body(twice), True) \
            == "issue #1 is already up to date"
        assert keep_issue_updated(api, "dead-links", "Dead links in papers", issue_body([]), False) \
            == "closed issue #1: every link works again"
        assert server.state["issues"][0]["state"] == "closed" and server.state["comments"]
        assert keep_issue_updated(api, "dead-links", "Dead links in papers", issue_body([]), False).startswith("no dead")
        bad = GitHubIssues("owner/shelf", "wrong", base)
        with pytest.raises(Exception, match="HTTP 401 Bad credentials"):
            keep_issue_updated(bad, "dead-links", "Dead links in papers", "x", True)


def test_update_issue_from_the_command_uses_the_actions_environment(collection, site, monkeypatch):
    with serve(FakeGitHub) as (server, base):
        server.state = {"issues": [], "calls": [], "comments": []}
        monkeypatch.setenv("GITHUB_REPOSITORY", "owner/shelf")
        monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
        monkeypatch.setenv("GITHUB_API_URL", base)
        result = CliRunner().invoke(cli, ["links", "--external", "--update-issue", "--root", str(collection),
                                          "--retries", "0"])
        assert result.exit_code == 0, result.output
        assert "created issue #1" in result.output
        [issue] = server.state["issues"]
        assert issue["labels"] == ["dead-links"] and "papers/rotten.md" in issue["body"]
    monkeypatch.delenv("GITHUB_TOKEN")
    missing = CliRunner().invoke(cli, ["links", "--external", "--update-issue", "--root", str(collection)])
    assert missing.exit_code == 2 and "GITHUB_TOKEN" in missing.output
