"""What a reader gets from a large collection's site: bytes, search and filter latency, site size.

    python benchmarks/reader.py --papers 1000            # a quick look (≈ 3 min)
    python benchmarks/reader.py --papers 1000 10000      # the figures in docs/performance.md

For each N, one synthetic collection (benchmarks/generate.py) is built with
papershelf and, in the same run, as the baseline (plain mkdocs-material with its
search plugin, run.py's baseline); the papershelf site is served from 127.0.0.1
and driven in Debian's Chromium with Playwright:

- first view: bytes of every response (HTML, CSS, JS, data) when a fresh tab
  opens the home page, the list of papers, a paper and an author page, once
  the page is idle;
- search: from the last keystroke of a query to its first result shown, on
  the desktop and with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate:
  a mid-range phone; Chromium cannot throttle a Web Worker, so there Pagefind
  is made to search on the page), for the first query (Pagefind loads) and a
  second one; and the bytes each query downloads;
- filters: from choosing a topic (the first choice fetches papers/list.json)
  or a sort to the status line saying how many papers match;
- the site's size by top-level folder (the bytes of its files) and the build
  times (wall, and user CPU) of papershelf and the baseline.

Bytes are as sent by a server that does not compress (GitHub Pages does:
a reader gets fewer). Not a test: numbers go to stdout and benchmarks/out/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import sys
import threading
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import OUT, VOCABULARIES, VOCABULARY_HELP, build, empty_trash, machine, prepare  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The query, two words of the real abstracts, and (added per collection) the name of its most prolific
# author. With `--vocabulary real` "sparse" is in ~8% of the papers and "attention" in ~27%, as in the bundled
# collection; with `narrow` every word is in over 90% of them (search's worst case), and none is "autoencoder".
QUERIES = ("sparse autoencoder", "attention heads")
GITHUB_PAGES_LIMIT = 1024 ** 3  # bytes: GitHub Pages refuses a published site larger than 1 GB


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def site_size(site: Path) -> dict[str, int]:
    """Bytes of the site's files, by top-level folder ("(root)" for the files at the top)."""
    sizes: dict[str, int] = defaultdict(int)
    for path in site.rglob("*"):
        if path.is_file():
            parts = path.relative_to(site).parts
            sizes[parts[0] if len(parts) > 1 else "(root)"] += path.stat().st_size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


class Bytes:
    """Counts the bytes of every response a page receives (bodies, as the server sent them)."""

    def __init__(self, page):
        self.total = 0
        self.urls: list[str] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        sizes = request.sizes()
        self.total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.urls.append(request.url)


def first_views(browser, base: Path, url: str) -> dict[str, int]:
    paper = sorted((base / "papers").glob("*.md"))[0].stem
    site = base.parent / "site-papershelf"
    author = sorted(path.name for path in (site / "authors").iterdir() if (path / "index.html").is_file())[0]
    views = {}
    for name, path in (("home", ""), ("papers list", "papers/"), ("paper", f"papers/{paper}/"),
                       ("author", f"authors/{author}/")):
        context = browser.new_context()
        page = context.new_page()
        counted = Bytes(page)
        page.goto(url + path, wait_until="networkidle")
        views[name] = counted.total
        context.close()
    return views


# The query's last keystroke (the whole query put in the box as one input event, as a last key
# does), then the time until the list shows its first result.
TYPE_AND_TIME = """query => new Promise(resolve => {
  const input = document.querySelector('dialog.ps-search input');
  const list = document.querySelector('.ps-search__results');
  const observer = new MutationObserver(() => {
    if (list.children.length) { observer.disconnect(); resolve((performance.now() - start) / 1000); }
  });
  observer.observe(list, {childList: true});
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
})"""


def most_prolific_author(collection: Path) -> str:
    from papershelf.model.collection import load_collection

    return load_collection(collection).taxonomies["authors"].by_count()[0].name


def search_latency(browser, url: str, throttle: float, queries: tuple[str, ...] = QUERIES) -> list[dict]:
    context = browser.new_context()
    if throttle > 1:
        # Chromium throttles a page's own threads only ("Operation is only supported for pages, not workers"),
        # and Pagefind searches in a Web Worker where there is one: without Worker it searches on the page,
        # where the throttled CPU stands for a phone's.
        context.add_init_script("Object.defineProperty(window, 'Worker', {value: undefined})")
    page = context.new_page()
    if throttle > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(".ps-search-button")  # the search script has run (slowly, when throttled)
    page.click(".ps-search-button")
    page.wait_for_selector("dialog.ps-search[open]", timeout=60_000)
    results = []
    for query in queries:
        page.fill("dialog.ps-search input", "")
        page.wait_for_function("!document.querySelector('.ps-search__results').children.length")
        counted = Bytes(page)
        seconds = page.evaluate(TYPE_AND_TIME, query)
        page.wait_for_load_state("networkidle")
        status = page.locator(".ps-search__status").text_content()
        results.append({"query": query, "seconds": round(seconds, 3), "bytes": counted.total,
                        "results": page.locator(".ps-search__result").count(),
                        "matches": int(status.split()[0]) if status[:1].isdigit() else 0})
    context.close()
    return results


def filter_latency(browser, url: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "papers/", wait_until="networkidle")
    timing = """([selector, value]) => new Promise(resolve => {
      const status = document.querySelector('#ps-filter-status');
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (/^Showing/.test(status.textContent)) { observer.disconnect(); resolve((performance.now() - start) / 1000); }
      });
      observer.observe(status, {childList: true, characterData: true, subtree: true});
      const field = document.querySelector(selector);
      field.value = value;
      field.dispatchEvent(new Event('change', {bubbles: true}));
    })"""
    topic = page.eval_on_selector("#ps-filter-topic option:nth-child(2)", "o => o.value")
    figures = {
        "topic (first: fetches papers/list.json)": page.evaluate(timing, ["#ps-filter-topic", topic]),
        "sort by title": page.evaluate(timing, ["#ps-sort", "title"]),
        "sort by upvotes": page.evaluate(timing, ["#ps-sort", "upvotes"]),
        "year": page.evaluate(timing, ["#ps-filter-year",
                                       page.eval_on_selector("#ps-filter-year option:nth-child(2)", "o => o.value")]),
    }
    context.close()
    return {name: round(seconds, 3) for name, seconds in figures.items()}


def benchmark(papers: int, workdir: Path, seed: int, vocabulary: str = "real") -> dict:
    from playwright.sync_api import sync_playwright

    collection, baseline = prepare(workdir, papers, seed, vocabulary)
    builds = {"baseline": build(baseline, baseline.parent / "site-baseline"),
              "papershelf": build(collection, collection.parent / "site-papershelf")}
    site = collection.parent / "site-papershelf"
    result = {"builds": builds, "size": site_size(site), "baseline_size": site_size(baseline.parent / "site-baseline")}
    server, url = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            result["first_view_bytes"] = first_views(browser, collection, url)
            queries = (*QUERIES, most_prolific_author(collection))
            result["search"] = {"desktop": search_latency(browser, url, 1, queries),
                                "cpu 4x slower": search_latency(browser, url, 4, queries)}
            result["filters"] = filter_latency(browser, url)
            browser.close()
    finally:
        server.shutdown()
    return result


def report(papers: int, result: dict) -> str:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    lines = [f"N = {papers:,} papers"]
    base, shelf = result["builds"]["baseline"], result["builds"]["papershelf"]
    lines.append(f"  build: papershelf {shelf['seconds']:.1f} s (user CPU {shelf['user_seconds']:.1f} s), baseline "
                 f"{base['seconds']:.1f} s (user CPU {base['user_seconds']:.1f} s): ratio "
                 f"{shelf['seconds'] / base['seconds']:.2f} wall, {shelf['user_seconds'] / base['user_seconds']:.2f} user")
    lines.append("  first view (all responses): " + ", ".join(f"{name} {kb(n)}" for name, n in result["first_view_bytes"].items()))
    for setting, runs in result["search"].items():
        shown = "; ".join(f"{run['query']!r} {run['seconds']:.2f} s after the last key, {kb(run['bytes'])}, "
                          f"{run['results']} shown of {run.get('matches', '?')}" for run in runs)
        lines.append(f"  search ({setting}): {shown}")
    lines.append("  filters: " + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in result["filters"].items()))
    total = sum(result["size"].values())
    lines.append(f"  site: {total / 1e6:,.1f} MB ({total / GITHUB_PAGES_LIMIT:.0%} of GitHub Pages' 1 GB); baseline "
                 f"{sum(result['baseline_size'].values()) / 1e6:,.1f} MB")
    lines.append("    " + ", ".join(f"{folder} {size / 1e6:,.1f} MB" for folder, size in result["size"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000], help="collection sizes N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    parser.add_argument("--workdir", type=Path, default=OUT / "work", help="where collections and sites go")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Debian's chromium is needed at {CHROMIUM} (apt-get install chromium)")
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "vocabulary": args.vocabulary, "sizes": {}}
    for papers in args.papers:
        print(f"N={papers:,}: building and measuring …", flush=True)
        results["sizes"][str(papers)] = benchmark(papers, args.workdir, args.seed, args.vocabulary)
        print(report(papers, results["sizes"][str(papers)]), flush=True)
    empty_trash(args.workdir)  # after every timed build: deleting is kernel work that would slow the next one
    OUT.mkdir(exist_ok=True)
    output = OUT / f"reader-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
