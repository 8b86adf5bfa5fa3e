"""Helpers for tests that build real sites and read their HTML."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_site(collection: Path, site_dir: Path, strict: bool = True, verbose: bool = False) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` on a collection folder (`verbose`: its debug messages in stderr)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-v" if verbose else "-q", "-d", str(site_dir)] + (
        ["--strict"] if strict else [])
    # A collection made by `init` reads its address from SITE_URL (`site_url: !ENV [SITE_URL]`), as its
    # workflows set it; without one a strict build stops (tests/test_scaffold.py).
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    environment.setdefault("SITE_URL", "https://ourlab.github.io/reading-list/")
    return subprocess.run(command, cwd=collection, capture_output=True, text=True, env=environment, timeout=600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(collection: Path, log: Path, *options: str, scratch: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve OPTIONS` on a free port, its output in the file `log` (never a pipe: a server whose
    pipe nobody reads blocks on a full one, and then cannot stop); returns the process and its base URL.
    `scratch`: its temporary folder (MkDocs' temporary site is there while it serves)."""
    port = free_port()
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **({"TMPDIR": str(scratch)} if scratch else {}))
    with open(log, "w") as output:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
                                   cwd=collection, stdout=output, stderr=subprocess.STDOUT, env=environment)
    return process, f"http://127.0.0.1:{port}/"


def wait_for_output(process: subprocess.Popen, log: Path, texts: tuple[str, ...], deadline: float) -> str:
    """The server's output once it holds one of `texts`, or once the server has ended or `deadline` seconds
    have passed (the caller's assertion on the output then says what went wrong)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end and process.poll() is None:
        output = log.read_text(errors="replace")
        if any(text in output for text in texts):
            return output
        time.sleep(0.1)
    return log.read_text(errors="replace")


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)


def stop_serve(process: subprocess.Popen, grace: float = 60) -> signal.Signals | None:
    """Stop the server, whatever state it is in: SIGINT as Ctrl-C (MkDocs removes its temporary site
    folder, plugins' on_shutdown runs), then SIGTERM, then SIGKILL, each given `grace` seconds (SIGKILL
    always works). Returns the signal it stopped on; None if it had already ended."""
    if process.poll() is not None:
        return None
    for stop_signal in STOP_SIGNALS:
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=grace)
            return stop_signal
        except subprocess.TimeoutExpired:
            continue
    process.wait()
    return signal.SIGKILL


def scratch_collection(target: Path, papers: dict[str, str] | None = None) -> Path:
    """A copy of the bundled collection's configuration with the given paper files (or the bundled ones)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "topics.yml", target / "topics.yml")
    if papers is None:
        shutil.copytree(REPO / "papers", target / "papers")
    else:
        (target / "papers").mkdir()
        for name, text in papers.items():
            (target / "papers" / name).write_text(text, encoding="utf-8")
    return target


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes, text of the element's first data)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_of_script: list[str] = []
        self.json_ld: list[str] = []  # <script type="application/ld+json">: data, not a script
        self._in_script = False
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_json_ld = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        self._in_script = tag == "script" and not self._in_json_ld

    def handle_endtag(self, tag):
        self._in_script = self._in_json_ld = False

    def handle_data(self, data):
        if self._in_script:
            self.text_of_script.append(data)
        elif self._in_json_ld:
            self.json_ld.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


def executable_markup(html: str, allowed_scripts: set[str] = frozenset()) -> list[str]:
    """Scripts not in `allowed_scripts`, on* attributes, and javascript:/data:/vbscript: URLs."""
    found = []
    parsed = parse(html)
    for tag, attributes in parsed.elements:
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            cleaned = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "script" and attributes.get("src") is None:
            continue  # inline theme scripts are compared by content below
        if tag == "script" and attributes.get("src") not in allowed_scripts and "assets/" not in attributes["src"]:
            found.append(f"<script src={attributes['src']}>")
    for text in parsed.text_of_script:
        if text.strip() and text.strip() not in allowed_scripts:
            found.append(f"inline script: {text.strip()[:60]}")
    for text in parsed.json_ld:  # data for search engines: must be JSON, whole (nothing broke out of it)
        try:
            json.loads(text)
        except ValueError:
            found.append(f"JSON-LD that is not JSON: {text.strip()[:60]}")
    return found


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def pagefind_records(site_dir: Path) -> list[dict]:
    """Every record of a built site's Pagefind indexes (the collection's, then the guide pages'), decoded:
    url, content, meta (meta["kind"]: paper, author, topic or guide).

    Each record is one gzip file under pagefind/fragment/ (pagefind/parts/<n>/… for the papers' other parts,
    pagefind/terms/… for terms and guide pages): a "pagefind_dcd" signature, then JSON.
    """
    import gzip
    import json

    records = []
    listed = site_dir / "pagefind" / "papershelf-parts.json"
    parts = json.loads(listed.read_text(encoding="utf-8"))["parts"] if listed.is_file() else []
    folders = [site_dir / "pagefind" / folder / "fragment" for folder in ("", *parts, "terms")]
    paths = [path for folder in folders if folder.is_dir() for path in sorted(folder.iterdir())]
    for path in paths:
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return records
