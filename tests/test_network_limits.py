"""Network reads are bounded as a whole: a deadline for the request, a limit on the decompressed answer.

Hostile servers run on 127.0.0.1: one answers a recorded real arXiv response gzip-compressed (it must still
work), one a gzip bomb, one drips its answer a byte at a time (each read well inside the read timeout).
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fixtures.sources.arxiv_api import RECORDED
from local_server import serving
from papershelf.model.problems import SourceUnavailable
from papershelf.sources.arxiv import fetch_arxiv
from papershelf.sources.endpoints import Sources

RECORDED_FEED = (RECORDED / "id_list=1111.2011v2.xml").read_bytes()  # a real arXiv answer (see README there)
BOMB_BYTES = 1024 * 1024 * 1024  # 1 GB of zeros: about 1 MB compressed


def gzip_bomb() -> bytes:
    zeros = b"\0" * (16 * 1024 * 1024)
    buffer = gzip.compress(zeros, compresslevel=9)
    # gzip members concatenated are one valid gzip stream: 64 x 16 MB
    return buffer * (BOMB_BYTES // len(zeros))


class Hostile(BaseHTTPRequestHandler):
    def do_GET(self):
        kind = self.server.kind
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        if kind in ("gzip", "bomb"):
            body = gzip.compress(RECORDED_FEED) if kind == "gzip" else self.server.bomb
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif kind == "drip":
            self.send_header("Content-Length", str(len(RECORDED_FEED)))
            self.end_headers()
            for byte in RECORDED_FEED:
                if self.server.stopping.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)

    def log_message(self, format, *args):
        pass


@contextmanager
def hostile_server(kind: str):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    server.kind, server.stopping = kind, threading.Event()
    server.bomb = gzip_bomb() if kind == "bomb" else b""
    try:
        with serving(server) as base:
            yield f"{base}/api/query"
    finally:
        server.stopping.set()


def test_a_gzip_compressed_real_answer_is_read():
    with hostile_server("gzip") as url:
        draft = fetch_arxiv("1111.2011", sources=Sources(arxiv=url), retries=0)
    assert draft.meta["arxiv"] == "1111.2011"


def test_a_gzip_bomb_stops_at_the_size_limit_with_a_message():
    with hostile_server("bomb") as url:
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match=r"the answer is larger than [\d,]+ bytes"):
            fetch_arxiv("1111.2011", sources=Sources(arxiv=url), retries=0)
    assert time.monotonic() - started < 10


def test_a_server_that_drips_its_answer_meets_the_whole_request_deadline():
    """Each byte comes 0.2 s after the last, far inside the 30 s read timeout: only a deadline stops it."""
    with hostile_server("drip") as url:
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match=r"no complete answer within 2 s"):
            fetch_arxiv("1111.2011", sources=Sources(arxiv=url), retries=0, deadline=2)
        assert time.monotonic() - started < 4


@pytest.mark.slow
def test_add_against_a_gzip_bomb_keeps_memory_small(tmp_path):
    """`papershelf add` in a process of its own: its peak memory is measured, not assumed."""
    root = tmp_path / "c"
    (root / "papers").mkdir(parents=True)
    (root / "topics.yml").write_text("- id: t\n  title: T\n  description: D.\n", encoding="utf-8")
    with hostile_server("bomb") as url:
        script = ("import resource, sys; from papershelf.cli import cli\n"
                  "try:\n    cli(['add', '1111.2011', '-t', 't', '--root', sys.argv[1], '--api-url', sys.argv[2]])\n"
                  "except SystemExit as end:\n    code = end.code\n"
                  "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
                  "sys.exit(code)\n")
        result = subprocess.run([sys.executable, "-c", script, str(root), url], capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 1, result.stderr
    assert "the answer is larger than" in result.stderr and "Traceback" not in result.stderr
    peak_kb = int(result.stderr.split("maxrss")[1].split()[0])
    assert peak_kb < 400 * 1024  # the bomb inflates to 1 GB
    assert list((root / "papers").iterdir()) == []


def test_retries_do_not_stretch_the_whole_request_deadline():
    """A server that drips (each byte inside the read timeout) and is asked again on failure: `add`'s fetch still
    ends at its one deadline, not at deadline x (retries + 1) plus the pauses between them."""
    with hostile_server("drip") as url:
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match=r"no complete answer within 2 s"):
            fetch_arxiv("1111.2011", sources=Sources(arxiv=url), retries=3, deadline=2)
        assert time.monotonic() - started < 4  # 3 retries of 2 s each (and 3 s pauses) were 17 s

