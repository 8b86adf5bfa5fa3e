"""Build time and memory of papershelf against plain mkdocs-material, on the same papers.

    python benchmarks/run.py                      # N = 1,000 and 10,000, 3 runs each
    python benchmarks/run.py --papers 1000 --repeats 2 --validate-papers 1000

For each N, one synthetic collection (benchmarks/generate.py) is built twice:
(a) baseline: the same paper files as plain Markdown pages of a mkdocs-material
site with the search plugin and no papershelf, not in the nav; (b) papershelf:
the collection with every paper, topic, author and year page. Each build is a
fresh `mkdocs build` subprocess; wall time and its peak resident memory
(getrusage of that child) are recorded, and the median over the runs is
reported with the ratio b/a, CPU seconds (user + system of the build and every
process it started) first: on a shared machine CPU time moves least with the
load. The Pagefind index that (b) includes is also built alone, from the same
paper files, and compared with Pagefind's own CLI indexing (a)'s built site
(`python -m pagefind --site`): the same papers as HTML pages. (b) is built
once more with `search: false`, and once more with the authors' `min_papers: 2` (a page only for an author
of two papers or more: the option for huge collections). Peak memory is the largest resident set of
the build's processes (wait4's ru_maxrss: the child or its largest descendant). With them comes the CPU budget:
no build can finish in (a)'s time if it needs more CPU time than this
machine's CPUs give in that time (wall time >= CPU time / CPUs, whatever runs
in parallel). `papershelf validate` is timed the same way, against a script
that only parses every file's front matter with PyYAML.
Results are printed as a table and written as JSON to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import MKDOCS_YML, VOCABULARIES, VOCABULARY_HELP, write_collection  # noqa: E402

OUT = Path(__file__).parent / "out"
ENVIRONMENT = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run_measured(command: list[str], cwd: Path, answers: bool = False) -> dict:
    """Run `command`; its wall time (s) and peak resident memory (MB), from this child's own rusage.

    `answers`: the command's last line of output is a JSON object, merged into the result."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, stdout=output if answers else subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        output.seek(0)
        stdout = output.read()
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stderr.decode(errors='replace')[-3000:]}")
    # CPU time counts the build's own child processes too (papershelf writes pages in a second one).
    # System time is kept apart: on this project's machine, creating folders is most of it and varies 5x.
    result = {"seconds": round(seconds, 3), "peak_mb": round(usage.ru_maxrss / 1024, 1),
              "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
              "user_seconds": round(usage.ru_utime, 3), "system_seconds": round(usage.ru_stime, 3)}
    if answers:
        result.update(json.loads(stdout.decode().strip().splitlines()[-1]))
    return result


def prepare(workdir: Path, papers: int, seed: int, vocabulary: str = "real") -> tuple[Path, Path]:
    """The collection and the baseline site for N papers, generated once and reused."""
    folder = workdir / f"n{papers}-seed{seed}-{vocabulary}"
    collection, baseline = folder / "collection", folder / "baseline"
    if not (folder / "complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_collection(collection, papers, seed, vocabulary)
        (baseline / "docs").mkdir(parents=True)
        shutil.copytree(collection / "papers", baseline / "docs" / "papers")
        shutil.copy(collection / "docs" / "index.md", baseline / "docs" / "index.md")
        (baseline / "mkdocs.yml").write_text(baseline_config(papers), encoding="utf-8")
        (folder / "complete").touch()
    return collection, baseline


def baseline_config(papers: int) -> str:
    """The collection's mkdocs.yml with mkdocs-material's search in place of papershelf; only Home in the nav."""
    config = MKDOCS_YML.format(count=papers).replace("  - papershelf\n", "  - search\n")
    return config.split("nav:")[0] + "nav:\n  - Home: index.md\n"


def set_aside(site: Path) -> None:
    """Move a site left by an earlier build out of the way, into `<workdir>/trash/`; `empty_trash` deletes it.

    Deleted just before a build, its ~120,000 files and folders made the build slow for the kernel: this
    machine's ext4 has no journal, and then skips every inode deleted in the last minutes when it gives
    out new ones (`recently_deleted`, seen with `perf`), reading the inode table for each. The same
    build spent 9 to 39 s of CPU in the kernel. A fresh clone in CI builds into an empty folder.
    """
    if site.exists():
        trash = site.parent.parent / "trash"
        trash.mkdir(exist_ok=True)
        site.rename(trash / f"{site.parent.name}-{site.name}-{time.time_ns()}")


def empty_trash(workdir: Path) -> None:
    """Delete what set_aside moved, once no build is being timed."""
    shutil.rmtree(workdir / "trash", ignore_errors=True)


def build(folder: Path, site: Path, config: str = "mkdocs.yml") -> dict:
    set_aside(site)
    return run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)], folder)


WITHOUT_SEARCH = "mkdocs-without-search.yml"  # beside the collection's mkdocs.yml, written by without_search


def without_search(collection: Path) -> str:
    """A config for the collection as its mkdocs.yml, with papershelf's search off; returns its name."""
    config = (collection / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - papershelf\n" in config
    (collection / WITHOUT_SEARCH).write_text(config.replace("  - papershelf\n", "  - papershelf:\n      search: false\n"),
                                             encoding="utf-8")
    return WITHOUT_SEARCH


WITH_MIN_PAPERS = "mkdocs-min-papers.yml"
AUTHORS_MIN_PAPERS = """  - papershelf:
      taxonomies:
        - name: authors
          orders: [count, name]
          searchable: false
          rows: brief
          min_papers: 2
"""


def with_min_papers(collection: Path) -> str:
    """A config for the collection as its mkdocs.yml, with a page only for authors of two papers or more."""
    config = (collection / "mkdocs.yml").read_text(encoding="utf-8")
    (collection / WITH_MIN_PAPERS).write_text(config.replace("  - papershelf\n", AUTHORS_MIN_PAPERS), encoding="utf-8")
    return WITH_MIN_PAPERS


def site_shape(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    everything = list(site.rglob("*"))
    files = [path for path in everything if path.is_file()]
    return {
        "html_pages": len(pages),
        "largest_html_kb": round(largest.stat().st_size / 1024, 1),
        "largest_html": largest.relative_to(site).as_posix(),
        "site_mb": round(sum(p.stat().st_size for p in files) / 2**20, 1),
        "files": len(files),
        "folders": len(everything) - len(files),
    }


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs)
            for key in ("seconds", "peak_mb", "cpu_seconds", "user_seconds", "system_seconds")}


# Part of the papershelf build, alone: the Pagefind index of the collection's records (papers, authors,
# topics), as the build makes it (SearchIndexer: the papers by Pagefind's CLI in parts), from the collection
# once read. Reading the paper files and grouping them by author, topic and year (`collection.taxonomies`,
# which every page needs, `search: false` or not) are the build's, not the index's: their CPU time is printed
# for run_measured to take off, as Pagefind's CLI is timed over a site already built.
LOADING = """
import json, resource, sys
from papershelf.model.collection import load_collection
from papershelf.site.search import SearchIndexer, collection_records
collection = load_collection(sys.argv[1])
collection.taxonomies
"""
SEARCH_INDEX_ONLY = LOADING + """
usage = resource.getrusage(resource.RUSAGE_SELF)
records = collection_records(collection)
indexer = SearchIndexer()
indexer.add(records)
indexer.write_collection(sys.argv[2])
indexer.write(sys.argv[2])
print(json.dumps({"loading_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
                  "loading_user_seconds": round(usage.ru_utime, 3), "loading_system_seconds": round(usage.ru_stime, 3)}))
"""


def without_loading(run: dict) -> dict:
    """The search index's own time: the whole script's, less reading the collection (its CPU time, and as
    wall time, that CPU time too: reading is one process's work)."""
    run = dict(run, with_loading_cpu_seconds=run["cpu_seconds"])
    for key in ("cpu", "user", "system"):
        run[f"{key}_seconds"] = round(run[f"{key}_seconds"] - run[f"loading_{key}_seconds"], 3)
    run["seconds"] = round(run["seconds"] - run["loading_cpu_seconds"], 3)
    return run


def pagefind_cli(baseline_site: Path) -> dict:
    """Pagefind's own CLI indexing the baseline's built site (the same papers as HTML pages): the reference
    papershelf's search index is held to. Its bundle goes beside the site, not into it."""
    output = baseline_site.parent / "site-pagefind-cli"
    set_aside(output)
    try:
        return run_measured([sys.executable, "-m", "pagefind", "--site", str(baseline_site),
                             "--output-path", str(output)], baseline_site.parent)
    finally:
        set_aside(output)


def search_index_alone(collection: Path) -> dict:
    site = collection.parent / "site-search-only"
    set_aside(site)
    try:
        return without_loading(run_measured([sys.executable, "-c", SEARCH_INDEX_ONLY, str(collection), str(site)],
                                            collection, answers=True))
    finally:
        set_aside(site)


def benchmark(papers: int, repeats: int, workdir: Path, seed: int, vocabulary: str = "real") -> dict:
    collection, baseline = prepare(workdir, papers, seed, vocabulary)
    runs: dict[str, list[dict]] = {"baseline": [], "papershelf": [], "without_search": [], "min_papers": [],
                                   "search_index": [], "pagefind_cli": []}
    builds = (("baseline", baseline, "mkdocs.yml"), ("papershelf", collection, "mkdocs.yml"),
              ("without_search", collection, without_search(collection)),
              ("min_papers", collection, with_min_papers(collection)))
    for number in range(repeats):
        for name, folder, config in builds:
            run = build(folder, folder.parent / f"site-{name}", config)
            runs[name].append(run)
            print(run_line(papers, number, repeats, name, run), flush=True)
        for name, alone in (("search_index", lambda: search_index_alone(collection)),
                            ("pagefind_cli", lambda: pagefind_cli(baseline.parent / "site-baseline"))):
            run = alone()
            runs[name].append(run)
            print(run_line(papers, number, repeats, name, run), flush=True)
    result = {name: {"runs": values, "median": median_of(values)} for name, values in runs.items()}
    result["search_index_ratio"] = round(result["search_index"]["median"]["seconds"]
                                         / result["baseline"]["median"]["seconds"], 3)
    result["ratio"] = round(result["papershelf"]["median"]["seconds"] / result["baseline"]["median"]["seconds"], 3)
    result["cpu_ratio"] = cpu_ratio(result, "papershelf", "baseline")
    result["min_papers_cpu_ratio"] = cpu_ratio(result, "min_papers", "baseline")
    result["search_index_cpu_ratio"] = cpu_ratio(result, "search_index", "pagefind_cli")
    result["user_ratio"] = round(result["papershelf"]["median"]["user_seconds"]
                                 / result["baseline"]["median"]["user_seconds"], 3)
    result["without_search_ratio"] = round(result["without_search"]["median"]["seconds"]
                                           / result["baseline"]["median"]["seconds"], 3)
    result["budget"] = cpu_budget(result)
    set_aside(collection.parent / "site-without_search")
    result["min_papers"]["site"] = site_shape(collection.parent / "site-min_papers")
    set_aside(collection.parent / "site-min_papers")
    result["baseline"]["site"] = site_shape(baseline.parent / "site-baseline")
    result["papershelf"]["site"] = site_shape(collection.parent / "site-papershelf")
    return result


def benchmark_search(papers: int, repeats: int, workdir: Path, seed: int, vocabulary: str = "real") -> dict:
    """`--only-search`: papershelf's search index alone against Pagefind's CLI over the baseline's site,
    alternated `repeats` times (the baseline site built once, if it is not there yet): the one ratio, quickly."""
    collection, baseline = prepare(workdir, papers, seed, vocabulary)
    site = baseline.parent / "site-baseline"
    if not (site / "index.html").exists():
        build(baseline, site)
    runs: dict[str, list[dict]] = {"search_index": [], "pagefind_cli": []}
    for number in range(repeats):
        for name, alone in (("search_index", lambda: search_index_alone(collection)),
                            ("pagefind_cli", lambda: pagefind_cli(site))):
            run = alone()
            runs[name].append(run)
            print(run_line(papers, number, repeats, name, run), flush=True)
    result = {name: {"runs": values, "median": median_of(values)} for name, values in runs.items()}
    result["search_index_cpu_ratio"] = cpu_ratio(result, "search_index", "pagefind_cli")
    return result


def search_table(results: dict) -> str:
    lines = []
    for papers, result in results["builds"].items():
        index, cli = result["search_index"]["median"], result["pagefind_cli"]["median"]
        lines.append(f"N={int(papers):,}: papershelf's search index alone {index['cpu_seconds']:.1f} s of CPU "
                     f"({index['user_seconds']:.1f} user + {index['system_seconds']:.1f} system), wall "
                     f"{index['seconds']:.1f} s, peak {index['peak_mb']:.0f} MB; Pagefind's CLI over the baseline site "
                     f"{cli['cpu_seconds']:.1f} s ({cli['user_seconds']:.1f} + {cli['system_seconds']:.1f}), wall "
                     f"{cli['seconds']:.1f} s, peak {cli['peak_mb']:.0f} MB; CPU ratio "
                     f"{result['search_index_cpu_ratio']:.2f}× (medians of {len(result['search_index']['runs'])})")
    return "\n".join(lines)


def cpu_ratio(result: dict, build: str, reference: str) -> float:
    """CPU seconds of `build` over those of `reference` (medians): the ratio a busy machine distorts least."""
    return round(result[build]["median"]["cpu_seconds"] / result[reference]["median"]["cpu_seconds"], 3)


LABELS = {"baseline": "baseline", "papershelf": "papershelf", "without_search": "papershelf, search: false",
          "min_papers": "papershelf, authors' min_papers: 2",
          "search_index": "papershelf's search index alone", "pagefind_cli": "Pagefind's CLI over the baseline site"}


def run_line(papers: int, number: int, repeats: int, name: str, run: dict) -> str:
    return (f"  N={papers:,} run {number + 1}/{repeats} {LABELS[name]}: CPU {run['cpu_seconds']:.1f} s "
            f"({run['user_seconds']:.1f} user + {run['system_seconds']:.1f} system), wall {run['seconds']:.1f} s, "
            f"peak {run['peak_mb']:.0f} MB")


def cpu_budget(result: dict) -> dict:
    """CPU seconds each build used, against what this machine's CPUs give in the baseline's wall time.

    A build that needs more CPU time than `available` cannot finish as fast as the baseline here, however
    its work is spread over the CPUs: wall time is at least CPU time divided by the number of CPUs.
    """
    cpus = os.cpu_count() or 1
    available = cpus * result["baseline"]["median"]["seconds"]
    used = {name: result[name]["median"]["cpu_seconds"]
            for name in ("baseline", "papershelf", "without_search", "search_index")}
    return {"cpus": cpus, "available_cpu_seconds": round(available, 1), "cpu_seconds": used,
            "share_of_available": {name: round(seconds / available, 3) for name, seconds in used.items()}}


# The floor for validation: read every paper file and parse its front matter with
# PyYAML's C loader, in one process, checking nothing.
PARSE_ONLY = """
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("\\n---\\n", 1)[0].removeprefix("---\\n"), Loader=yaml.CSafeLoader)
"""


def time_validate(papers: int, repeats: int, workdir: Path, seed: int, vocabulary: str = "real") -> dict:
    collection, _ = prepare(workdir, papers, seed, vocabulary)
    command = [sys.executable, "-c", "from papershelf.cli import main; main()", "validate", "--root", str(collection)]
    parse_only = [sys.executable, "-c", PARSE_ONLY, str(collection / "papers")]
    runs, baseline = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine
        baseline.append(run_measured(parse_only, collection))
        runs.append(run_measured(command, collection))
    result = {"papers": papers, "runs": runs, "median": median_of(runs),
              "parse_only": {"runs": baseline, "median": median_of(baseline)}}
    result["ratio"] = round(result["median"]["seconds"] / result["parse_only"]["median"]["seconds"], 3)
    return result


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    versions = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "papershelf", "pagefind")
                if _installed(name)}
    return {"cpus": os.cpu_count(), "memory_gib": round(memory_kb / 2**20, 1), "cpu_model": cpu,
            "python": platform.python_version(), "loop_seconds": loop_seconds(),
            "load_average": " ".join(f"{load:.1f}" for load in os.getloadavg()), **versions}


def loop_seconds(steps: int = 10_000_000) -> float:
    """How fast this machine is now: the same pure-Python loop, timed. Its speed varies ~2x from hour to hour;
    this shows some of that, not all (docs/performance-history.md, "The same suite, 84 s or 141 s")."""
    start = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return round(time.perf_counter() - start, 2)


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
        return True
    except metadata.PackageNotFoundError:
        return False


def table(results: dict) -> str:
    """CPU seconds first (with their ratio to the reference), wall time beside them."""
    lines = [f"{'N':>7}  {'build':<38}  {'CPU s':>7}  {'CPU ratio':>16}  {'wall s':>7}  {'wall ratio':>10}  "
             f"{'user s':>7}  {'sys s':>6}  {'peak MB':>7}"]
    for papers, result in results["builds"].items():
        base = result["baseline"]["median"]
        for name in ("baseline", "papershelf", "without_search", "min_papers", "search_index", "pagefind_cli"):
            if name not in result:
                continue
            run = result[name]["median"]
            reference = "pagefind_cli" if name == "search_index" and "pagefind_cli" in result else "baseline"
            ratio = f"{run['cpu_seconds'] / result[reference]['median']['cpu_seconds']:.2f}× {reference.split('_')[0]}"
            lines.append(f"{int(papers):>7,}  {LABELS[name]:<38}  {run['cpu_seconds']:>7.1f}  {ratio:>16}  "
                         f"{run['seconds']:>7.1f}  {run['seconds'] / base['seconds']:>9.2f}×  "
                         f"{run['user_seconds']:>7.1f}  {run['system_seconds']:>6.1f}  {run['peak_mb']:>7.0f}")
    for papers, result in results["builds"].items():
        site, base_site = result["papershelf"]["site"], result["baseline"]["site"]
        lines.append(f"N={int(papers):,}: papershelf's site {site['site_mb']:.1f} MB, {site['html_pages']:,} HTML pages "
                     f"(largest {site['largest_html_kb']:.0f} KB), {site.get('files', 0):,} files in "
                     f"{site.get('folders', 0):,} folders; the baseline's {base_site['site_mb']:.1f} MB, "
                     f"{base_site.get('files', 0):,} files in {base_site.get('folders', 0):,} folders")
        if "min_papers" in result:
            fewer = result["min_papers"]["site"]
            lines.append(f"N={int(papers):,}: with the authors' min_papers: 2, {fewer['site_mb']:.1f} MB, "
                         f"{fewer['html_pages']:,} HTML pages, {fewer['files']:,} files in {fewer['folders']:,} folders")
        lines.append(budget_line(int(papers), result["budget"]))
    if results.get("validate"):
        validate = results["validate"]
        lines.append(f"papershelf validate, N={validate['papers']:,}: {validate['median']['seconds']:.2f} s, "
                     f"{validate['median']['peak_mb']:.0f} MB; parsing the front matter alone (one process): "
                     f"{validate['parse_only']['median']['seconds']:.2f} s; ratio {validate['ratio']:.2f}")
    info = results["machine"]
    lines.append(f"machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB RAM, "
                 f"Python {info['python']}, mkdocs {info.get('mkdocs')}, material {info.get('mkdocs-material')}, "
                 f"pagefind {info.get('pagefind')}; a 10,000,000-step Python loop took {info['loop_seconds']:.2f} s; "
                 f"load average at the start {info.get('load_average', '?')}")
    return "\n".join(lines)


def budget_line(papers: int, budget: dict) -> str:
    used, share = budget["cpu_seconds"], budget["share_of_available"]
    verdict = "more than" if used["papershelf"] > budget["available_cpu_seconds"] else "within"
    return (f"N={papers:,}: CPU budget: in the baseline's time {budget['cpus']} CPUs give "
            f"{budget['available_cpu_seconds']:.1f} s of CPU; papershelf used {used['papershelf']:.1f} s "
            f"({share['papershelf']:.0%}, {verdict} it); the search index alone used "
            f"{used['search_index']:.1f} s ({share['search_index']:.0%}), papershelf with search: false "
            f"{used['without_search']:.1f} s ({share['without_search']:.0%})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000], help="collection sizes N")
    parser.add_argument("--repeats", type=int, default=3, help="builds per site and N; the median is reported")
    parser.add_argument("--validate-papers", type=int, default=10000, help="N for timing validate (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    parser.add_argument("--workdir", type=Path, default=OUT / "work", help="where collections and sites go")
    parser.add_argument("--only-search", action="store_true",
                        help="time only papershelf's search index against Pagefind's CLI, alternated (no site builds "
                             "but the baseline's, once; no validate)")
    args = parser.parse_args(argv)
    results = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "repeats": args.repeats, "vocabulary": args.vocabulary, "builds": {}}
    for papers in args.papers:
        print(f"N={papers:,}", flush=True)
        measure = benchmark_search if args.only_search else benchmark
        results["builds"][str(papers)] = measure(papers, args.repeats, args.workdir, args.seed, args.vocabulary)
    if args.only_search:
        empty_trash(args.workdir)
        results["machine"]["load_average_at_the_end"] = " ".join(f"{load:.1f}" for load in os.getloadavg())
        print(f"\n{search_table(results)}\nload average at the start {results['machine']['load_average']}, "
              f"at the end {results['machine']['load_average_at_the_end']}; a 10,000,000-step Python loop took "
              f"{results['machine']['loop_seconds']:.2f} s")
        write_results(results, "search")
        return 0
    if args.validate_papers:
        results["validate"] = time_validate(args.validate_papers, args.repeats, args.workdir, args.seed,
                                           args.vocabulary)
    empty_trash(args.workdir)  # after every timed build: deleting is kernel work that would slow the next one
    print()
    print(table(results))
    write_results(results, "results")
    return 0


def write_results(results: dict, prefix: str) -> None:
    OUT.mkdir(exist_ok=True)
    output = OUT / f"{prefix}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {output}")


if __name__ == "__main__":
    sys.exit(main())
