"""What Pagefind itself costs by each way in: its CLI, its service fed the same HTML, and papershelf's records.

    python benchmarks/pagefind_paths.py --papers 10000          # after run.py has built the baseline site

For one generated collection (the same work folder as run.py), each way is a fresh process, timed
with its children (CPU seconds first, wall time beside them, peak memory):
(a) `python -m pagefind --site <baseline site>`: Pagefind's CLI over the baseline's built pages;
(b) Pagefind's service (its Python API, as papershelf drives it) sent the very same HTML files one by one
    (`add_html_file`), so that (a) and (b) index identical input;
(c) the service reading that folder itself (`add_directory`, as the CLI does);
(d) papershelf's own records of the collection (`search.collection_records`), as its build indexes them
    (`SearchIndexer`: the papers by the CLI, in parts), the collection's reading taken off (run.py's SEARCH_INDEX_ONLY).
The difference between (a) and (b) is what the service costs over the CLI for the same pages; (d)
against (a) is papershelf's index against the CLI over the baseline's pages. `--ways ad`: those two only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import VOCABULARIES, VOCABULARY_HELP  # noqa: E402
from run import OUT, SEARCH_INDEX_ONLY, build, prepare, run_measured, set_aside, without_loading  # noqa: E402

# (b): every HTML file of the site, sent to Pagefind's service as papershelf sends its records
SERVICE_OVER_HTML = """
import sys, pathlib
from papershelf.site.search import SearchIndexer, SearchRecord
site = pathlib.Path(sys.argv[1])
records = [SearchRecord(path.relative_to(site).as_posix(), "paper", path.read_text(encoding="utf-8"), html=True)
           for path in sorted(site.rglob("*.html"))]
indexer = SearchIndexer()
indexer.add(records)
indexer.write(sys.argv[2])
"""

# (c): the service indexing the folder itself
SERVICE_OVER_FOLDER = """
import asyncio, sys
from papershelf.site.search import prompt_service
async def main():
    service = await prompt_service().launch()
    index = await service.create_index({"force_language": "en"})
    await index.add_directory(sys.argv[1])
    await index.write_files(output_path=sys.argv[2] + "/pagefind")
    await service.close()
asyncio.run(main())
"""

RECORDS = """
import sys
from papershelf.model.collection import load_collection
from papershelf.site.search import collection_records, write_search_index
write_search_index(collection_records(load_collection(sys.argv[1])), sys.argv[2])
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    parser.add_argument("--workdir", type=Path, default=OUT / "work", help="where collections and sites go")
    parser.add_argument("--ways", default="abcd", help="which ways to time, e.g. 'ad' (default: all four)")
    args = parser.parse_args(argv)
    collection, baseline = prepare(args.workdir, args.papers, args.seed, args.vocabulary)
    site = baseline.parent / "site-baseline"
    if not (site / "index.html").exists():
        build(baseline, site)
    output = baseline.parent / "site-pagefind-paths"
    ways = {
        "(a) Pagefind's CLI over the baseline site": [sys.executable, "-m", "pagefind", "--site", str(site),
                                                      "--output-path", str(output / "pagefind")],
        "(b) its service, sent the same HTML files": [sys.executable, "-c", SERVICE_OVER_HTML, str(site), str(output)],
        "(c) its service, reading the same folder": [sys.executable, "-c", SERVICE_OVER_FOLDER, str(site), str(output)],
        "(d) its service, sent papershelf's records": [sys.executable, "-c", SEARCH_INDEX_ONLY, str(collection),
                                                       str(output)],
    }
    for label, command in ways.items():
        if label[1] not in args.ways:
            continue
        set_aside(output)
        records = label.startswith("(d)")
        run = run_measured(command, collection, answers=records)
        run = without_loading(run) if records else run
        print(f"N={args.papers:,} {label}: CPU {run['cpu_seconds']:.1f} s ({run['user_seconds']:.1f} user + "
              f"{run['system_seconds']:.1f} system), wall {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB", flush=True)
    set_aside(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
