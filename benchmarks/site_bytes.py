"""Where a built site's bytes are: by folder, by page kind, what every page of a kind repeats, and abstract copies.

    python benchmarks/site_bytes.py --papers 10000        # generate (once) and build N papers, then measure
    python benchmarks/site_bytes.py --site /tmp/site      # measure a site already built

The site's size is reader.py's `site_size` (the sum of every file's st_size, MB = 10^6 bytes), the
figure held to the goal of ≤ 400 MB at 10,000 papers (docs/performance.md). Besides the folders it
reports, for each kind of page (paper, author, list: topics, years and the papers list's later
pages), how many there are and their bytes, split into

- *chrome*: what the page repeats from every page of its kind (head, header, tabs, footer, scripts),
  its own title, description, canonical URL and citation data left out;
- *own head*: those, the page's title, description, canonical URL, link preview and citation data;
- *content*: what the reader came for (from the skip link's target to the end of the article);

and, for the paper pages, how many whole copies of the abstract the head and the body hold (a
copy is counted by the abstract's last twelve words). The build is `mkdocs build` with the
collection's mkdocs.yml (`SITE_URL` set, as the site's workflow builds it). Not a test: numbers go
to stdout.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from reader import site_size  # noqa: E402
from run import OUT, VOCABULARIES, VOCABULARY_HELP, prepare  # noqa: E402

CONTENT_START = '<span id="ps-content" tabindex="-1"></span>'
OWN_HEAD = re.compile(r'<title>.*?</title>|<meta name="description"[^>]*>|<link rel="canonical"[^>]*>'
                      r'|<meta property="og:[^>]*>|<meta name="citation_[^>]*>'
                      r'|<script type="application/ld\+json">.*?</script>', re.S)
ARTICLE_END = re.compile(r"</article>\s*</div>")


def page_kind(relative: str) -> str | None:
    parts = relative.split("/")
    if parts[-1] != "index.html" or len(parts) < 3:
        return None
    if parts[0] == "papers":
        return "paper" if len(parts) == 3 and parts[1] != "page" else "list"
    if parts[0] == "authors":
        return "author" if len(parts) == 3 and parts[1] != "page" else "list"
    if parts[0] in ("topics", "years"):
        return "list"
    return None


def split_page(text: str) -> tuple[int, int, int]:
    """(chrome, own head, content) bytes of a page."""
    size = len(text.encode())
    start = text.find(CONTENT_START)
    ends = list(ARTICLE_END.finditer(text))
    if start < 0 or not ends:
        return size, 0, 0
    content = len(text[start:ends[-1].start()].encode())
    own = sum(len(match.group().encode()) for match in OWN_HEAD.finditer(text[: text.find("</head>")]))
    return size - content - own, own, content


def abstract_copies(text: str) -> tuple[int, int] | None:
    """(whole copies in <head>, in the body's text) of the abstract that citation_abstract holds."""
    found = re.search(r'<meta name="citation_abstract" content="([^"]*)">', text)
    if not found:
        return None
    words = html.unescape(found.group(1)).split()
    if len(words) < 24:
        return None
    tail = " ".join(words[-12:])
    head, body = text.split("</head>", 1)
    in_head = sum(" ".join(html.unescape(part).split()).count(tail)
                  for part in re.findall(r'content="([^"]*)"|<script type="application/ld\+json">(.*?)</script>', head)
                  for part in part if part)
    body_text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())
    return in_head, body_text.count(tail)


class SiteBytes:
    """A built site's bytes: by folder, by page kind (each page's chrome, own head, content), other files by
    name or suffix, and paper pages by their whole abstract copies (head, body)."""

    def __init__(self, site: Path) -> None:
        self.folders = site_size(site)
        self.files = sum(1 for path in site.rglob("*") if path.is_file())
        self.kinds: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self.copies: Counter[tuple[int, int]] = Counter()
        self.others: Counter[str] = Counter()
        for path in site.rglob("*"):
            if path.is_file():
                self.add(site, path)

    def add(self, site: Path, path: Path) -> None:
        kind = page_kind(path.relative_to(site).as_posix())
        if kind is None:
            self.others[path.name if path.parent == site else (path.suffix or path.name)] += path.stat().st_size
            return
        text = path.read_text(encoding="utf-8")
        self.kinds[kind].append(split_page(text))
        found = abstract_copies(text) if kind == "paper" else None
        if found:
            self.copies[found] += 1


def measure(site: Path) -> str:
    measured = SiteBytes(site)
    total = sum(measured.folders.values())
    lines = [f"site: {total / 1e6:,.1f} MB in {measured.files:,} files",
             "  by folder: " + ", ".join(f"{folder} {size / 1e6:,.1f} MB" for folder, size in measured.folders.items())]
    kinds, copies, others = measured.kinds, measured.copies, measured.others
    for kind, pages in sorted(kinds.items()):
        chrome, own, content = (sum(column) for column in zip(*pages, strict=True))
        whole = chrome + own + content
        median = statistics.median(sum(page) for page in pages)
        lines.append(f"  {kind} pages: {len(pages):,}, {whole / 1e6:,.1f} MB (median {median / 1e3:,.1f} KB): "
                     f"chrome {chrome / 1e6:,.1f} MB ({chrome / len(pages):,.0f} B a page), "
                     f"own head {own / 1e6:,.1f} MB ({own / len(pages):,.0f} B), "
                     f"content {content / 1e6:,.1f} MB ({content / len(pages):,.0f} B)")
    lines.append("  other files: " + ", ".join(f"{name} {size / 1e6:,.1f} MB" for name, size in others.most_common(8)))
    if copies:
        lines.append("  paper pages by whole abstract copies (head, body): "
                     + ", ".join(f"{head}+{body}: {count:,}" for (head, body), count in copies.most_common()))
    return "\n".join(lines)


def build(collection: Path, site: Path) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.org/shelf/")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
                   cwd=collection, env=environment, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (else one is built)")
    parser.add_argument("--papers", type=int, default=10000, help="collection size N, when building")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    parser.add_argument("--workdir", type=Path, default=OUT / "work", help="where collections and sites go")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        collection, _ = prepare(args.workdir, args.papers, args.seed, args.vocabulary)
        site = collection.parent / "site-bytes"
        build(collection, site)
        print(f"N = {args.papers:,} papers ({collection})")
    print(measure(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
