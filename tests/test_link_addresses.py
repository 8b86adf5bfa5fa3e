"""The link checker stays on the public internet: every address and every redirect hop is resolved and refused
when it is loopback, private, link-local, multicast or reserved; refused links are reported, never requested.

127.0.0.1 is exactly what must be refused, so these tests serve on it and check that nothing reaches the server;
the positive path (a public server that redirects inward) uses an allow-list naming only the first server."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from local_server import serving
from papershelf.cli import cli
from papershelf.model.writer import render_paper_file
from papershelf.review.linkrot import CheckOptions, check_links, collect_links, issue_body
from papershelf.sources.net import AddressPolicy

CASES = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))["addresses"]
QUICK = dict(per_host=2, workers=4, timeout=5, retries=0, backoff=0.05, host_delay=0.0)


class Recorder(BaseHTTPRequestHandler):
    """Answers 200, or a redirect to the server's `redirect_to`; logs every request."""

    protocol_version = "HTTP/1.1"

    def handle_one(self):
        with self.server.lock:
            self.server.log.append(self.path)
        target = getattr(self.server, "redirect_to", None)
        self.send_response(302 if target and self.path == "/hop" else 200)
        if target and self.path == "/hop":
            self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = handle_one

    def log_message(self, format, *args):
        pass


def recorder(host: str = "127.0.0.1"):
    server = ThreadingHTTPServer((host, 0), Recorder)
    server.daemon_threads, server.lock, server.log = True, threading.Lock(), []
    return server


def links(*urls: str):
    return collect_links([SimpleNamespace(path=f"papers/p{i}.md", meta=SimpleNamespace(links={"code": url}, doi=None))
                          for i, url in enumerate(urls)])


def resolver(names: dict[str, str]):
    """getaddrinfo for made-up names (and IP literals as themselves): no DNS in tests."""
    def resolve(host, port, type=0, **_):
        address = names.get(host, host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
    return resolve


@pytest.mark.parametrize("case", CASES, ids=[case["address"] for case in CASES])
def test_each_kind_of_address_is_refused_or_public_as_expected(case):
    policy = AddressPolicy(resolve=resolver({"paper-link.example": case["address"]}))
    why = policy.refusal("https://paper-link.example/paper.pdf")
    if case["expect"] == "refused":
        assert why and case["address"].split("::ffff:")[-1] in why, why
        literal = f"[{case['address']}]" if ":" in case["address"] else case["address"]
        assert AddressPolicy(resolve=resolver({})).refusal(f"http://{literal}:8080/x")  # the address as the host
    else:
        assert why is None


def test_a_link_to_the_loopback_server_is_refused_and_never_requested():
    server = recorder()
    with serving(server) as base:
        [result] = check_links(links(base + "/secret"), CheckOptions(**QUICK))
    assert result.state == "refused" and "127.0.0.1 is a loopback address" in result.reason
    assert server.log == []


def test_a_redirect_to_a_private_address_is_refused_at_that_hop():
    """The first server is allowed (it stands for a public site); it redirects to the metadata address."""
    public, inner = recorder("127.0.0.1"), recorder("127.0.0.2")
    with serving(public) as base, serving(inner):
        inner_url = f"http://127.0.0.2:{inner.server_address[1]}/latest/meta-data/"
        for target in (inner_url, "http://metadata.internal/latest/meta-data/"):
            public.redirect_to = target
            policy = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),),
                                   resolve=resolver({"metadata.internal": "169.254.169.254"}))
            [result] = check_links(links(base + "/hop"), CheckOptions(**QUICK, addresses=policy))
            assert result.state == "refused" and "redirects to an address that is not public" in result.reason
    assert public.log == ["/hop", "/hop"] and inner.log == []


def test_a_name_that_resolves_differently_when_connecting_is_refused_at_the_connection():
    """DNS rebinding: the check is told a public address, the connection reaches loopback: the peer is refused."""
    server = recorder()
    with serving(server) as base:
        lying = AddressPolicy(resolve=resolver({"127.0.0.1": "93.184.215.14"}))
        [result] = check_links(links(base + "/rebind"), CheckOptions(**QUICK, addresses=lying))
    assert result.state == "refused" and "connected to 127.0.0.1 is a loopback address" in result.reason
    assert server.log == []


def test_refused_links_are_reported_as_such_in_the_issue_and_by_the_command(tmp_path):
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    meta = {"title": "Metadata", "authors": ["Ada Lovelace"], "date": "2024-05-01", "topics": ["example-topic"],
            "links": {"code": "http://169.254.169.254/latest/meta-data/iam/", "pdf": "http://127.0.0.1:9/x"}}
    (root / "papers" / "metadata.md").write_text(render_paper_file(meta, "An abstract."), encoding="utf-8")
    result = CliRunner().invoke(cli, ["links", "--external", "--root", str(root), "--retries", "0"])
    assert result.exit_code == 0, result.output  # refused is not dead: nothing was asked
    assert "refused: http://169.254.169.254/latest/meta-data/iam/: not a public internet address" in result.output
    assert "2 refused (not public addresses)" in result.output
    body = CliRunner().invoke(cli, ["links", "--external", "--root", str(root), "--format", "markdown"]).output
    assert "0 dead links" in body and "Not checked: these point, or redirect, to addresses" in body
    assert "`papers/metadata.md` links.code: `http://169.254.169.254/latest/meta-data/iam/`" in body
    assert "| paper |" not in body  # not in the dead-links table


def test_the_issue_body_of_refused_links_names_no_resolved_address():
    results = check_links(links("http://intranet.example/"), CheckOptions(
        **QUICK, addresses=AddressPolicy(resolve=resolver({"intranet.example": "10.9.8.7"}))))
    assert results[0].state == "refused"
    assert "10.9.8.7" not in issue_body(results)
