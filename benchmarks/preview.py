"""How soon the live preview serves an edited paper: `mkdocs serve --livereload --dirty` on a generated collection.

    python benchmarks/preview.py                 # N = 10,000 (generated as by run.py if missing), 3 edits
    python benchmarks/preview.py --papers 1000 --edits 5

Starts the server, waits for the first build, then changes one paper's title `--edits` times and
measures, for each edit, the seconds from saving the file to the server answering with the new
title, and the rebuild time MkDocs logs; the ratio is to the first (full) build of the same
server. The paper file is put back as it was at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import ENVIRONMENT, OUT, VOCABULARIES, VOCABULARY_HELP, prepare  # noqa: E402

FIRST_BUILD_DEADLINE = 900
EDIT_DEADLINE = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, deadline: float) -> float:
    """Seconds until the page at `url` contains `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {deadline} s")


def stop(process: subprocess.Popen, timeout: float) -> None:
    """Ask the server to stop as Ctrl-C does (MkDocs then removes its temporary site folder and runs
    on_shutdown); kill it if it has not after `timeout` seconds."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def built_times(log: Path) -> list[float]:
    """The build times MkDocs logged. A rebuild as long as an earlier one, to the hundredth of a second, is
    missing: MkDocs' DuplicateFilter drops a build message it has logged before."""
    return [float(seconds) for seconds in re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())]


def measure(collection: Path, edits: int, log_path: Path) -> dict:
    paper = sorted((collection / "papers").iterdir())[len(os.listdir(collection / "papers")) // 2]
    original = paper.read_bytes()
    port = free_port()
    site_url = re.search(r"(?m)^site_url:\s*(\S+)", (collection / "mkdocs.yml").read_text())
    path = urllib.parse.urlsplit(site_url.group(1)).path if site_url else "/"  # serve serves under it
    base = f"http://127.0.0.1:{port}{path.rstrip('/')}/papers/{paper.stem}/"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=collection, stdout=log, stderr=subprocess.STDOUT, env=ENVIRONMENT)
    try:
        first = wait_for(base, "</html>", FIRST_BUILD_DEADLINE)
        served = []
        for number in range(1, edits + 1):
            title = f"Preview Benchmark Edit {number} {time.time_ns()}"
            text = re.sub(r"(?m)^title: .*$", f"title: {title}", original.decode("utf-8"), count=1)
            paper.write_text(text, encoding="utf-8")
            served.append(round(wait_for(base, title, EDIT_DEADLINE), 2))
            print(f"  edit {number}/{edits}: served after {served[-1]:.2f} s", flush=True)
            time.sleep(1)
    finally:
        paper.write_bytes(original)
        stop(process, 30)
    rebuilds = built_times(log_path)[1:]
    return {"paper": paper.name, "first_build_s": round(first, 1), "served_s": served,
            "served_median_s": statistics.median(served), "rebuild_s": rebuilds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    parser.add_argument("--workdir", type=Path, default=OUT / "work")
    args = parser.parse_args()
    collection, _ = prepare(args.workdir, args.papers, args.seed, args.vocabulary)
    result = measure(collection, args.edits, args.workdir / f"preview-n{args.papers}.log")
    ratio = result["served_median_s"] / result["first_build_s"]
    print(f"N={args.papers:,}: first build {result['first_build_s']} s; edit served after {result['served_s']} s "
          f"(median {result['served_median_s']} s, {ratio:.3f} of the full build); "
          f"rebuilds logged: {result['rebuild_s']} s")


if __name__ == "__main__":
    main()
