"""The benchmarks' own arithmetic and housekeeping (benchmarks/run.py, site_bytes.py): the CPU budget it
reports beside the ratios, old sites moved aside instead of deleted before a timed build, and a site's
bytes split by page kind and part."""

from __future__ import annotations

import os
import sys

import pytest

from sitebuild import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from run import budget_line, cpu_budget, cpu_ratio, empty_trash, pagefind_cli, set_aside, table  # noqa: E402


def measured(seconds: float, cpu_seconds: float) -> dict:
    return {"median": {"seconds": seconds, "cpu_seconds": cpu_seconds}}


def test_the_cpu_budget_is_what_the_cpus_give_in_the_baselines_time():
    result = {"baseline": measured(40.0, 39.0), "papershelf": measured(52.0, 94.0),
              "without_search": measured(44.0, 60.0), "search_index": measured(34.0, 40.0)}
    budget = cpu_budget(result)
    cpus = os.cpu_count() or 1
    assert budget["available_cpu_seconds"] == 40.0 * cpus
    assert budget["cpu_seconds"]["papershelf"] == 94.0
    assert budget["share_of_available"]["search_index"] == round(40.0 / (40.0 * cpus), 3)
    line = budget_line(10_000, budget)
    assert f"{cpus} CPUs give {40.0 * cpus:.1f} s" in line
    assert ("more than it" in line) == (94.0 > 40.0 * cpus)


def test_a_build_that_needs_less_cpu_than_the_budget_is_within_it():
    result = {"baseline": measured(40.0, 39.0), "papershelf": measured(30.0, 35.0),
              "without_search": measured(25.0, 20.0), "search_index": measured(20.0, 15.0)}
    assert "within it" in budget_line(1_000, cpu_budget(result))


def test_an_old_site_is_set_aside_whole_and_deleted_only_with_the_trash(tmp_path):
    site = tmp_path / "n10-seed1-real" / "site-papershelf"
    (site / "authors" / "ada").mkdir(parents=True)
    (site / "authors" / "ada" / "index.html").write_text("<h1>Ada</h1>", encoding="utf-8")
    set_aside(site)
    assert not site.exists()
    kept = list((tmp_path / "trash").iterdir())
    assert len(kept) == 1 and (kept[0] / "authors" / "ada" / "index.html").read_text(encoding="utf-8") == "<h1>Ada</h1>"
    set_aside(site)  # nothing there: nothing to do
    empty_trash(tmp_path)
    assert not (tmp_path / "trash").exists()


def run_of(cpu: float, wall: float, peak: float = 100.0) -> dict:
    return {"seconds": wall, "cpu_seconds": cpu, "user_seconds": cpu * 0.8, "system_seconds": cpu * 0.2,
            "peak_mb": peak}


def test_the_table_gives_cpu_first_and_the_search_index_against_pagefinds_cli():
    medians = {"baseline": run_of(20.0, 22.0), "papershelf": run_of(30.0, 25.0, 900.0),
               "without_search": run_of(20.0, 18.0), "search_index": run_of(9.0, 10.0, 700.0),
               "pagefind_cli": run_of(12.0, 11.0, 1100.0)}
    result = {name: {"runs": [run], "median": run} for name, run in medians.items()}
    result["cpu_ratio"] = cpu_ratio(result, "papershelf", "baseline")
    result["search_index_cpu_ratio"] = cpu_ratio(result, "search_index", "pagefind_cli")
    assert result["cpu_ratio"] == 1.5 and result["search_index_cpu_ratio"] == 0.75
    result["budget"] = cpu_budget(result)
    shape = {"site_mb": 10.0, "html_pages": 5, "largest_html_kb": 3.0, "files": 7, "folders": 4}
    result["papershelf"]["site"] = result["baseline"]["site"] = shape
    machine = {"cpus": 2, "cpu_model": "x", "memory_gib": 1, "python": "3", "loop_seconds": 1.0}
    lines = table({"builds": {"10000": result}, "machine": machine}).splitlines()
    header = lines[0].split()
    assert header.index("CPU") < header.index("wall")  # CPU seconds come first
    row = {line.split("  ")[1].strip(): line for line in lines[1:6]}
    assert "1.50× baseline" in row["papershelf"] and "900" in row["papershelf"]
    assert "0.75× pagefind" in row["papershelf's search index alone"]
    assert "12.0" in row["Pagefind's CLI over the baseline site"]


def test_pagefinds_cli_indexes_the_baseline_site_beside_it(tmp_path):
    site = tmp_path / "n2-seed1-real" / "site-baseline"
    site.mkdir(parents=True)
    for name in ("one", "two"):
        (site / f"{name}.html").write_text(f"<html lang='en'><body><h1>Paper {name}</h1><p>sparse words</p></body></html>",
                                           encoding="utf-8")
    run = pagefind_cli(site)
    assert run["cpu_seconds"] > 0 and run["peak_mb"] > 0
    assert not (site / "pagefind").exists()  # the site itself is left as built
    bundles = list((tmp_path / "trash").iterdir())  # the bundle was written, then set aside
    assert len(bundles) == 1 and (bundles[0] / "pagefind-entry.json").exists()


def test_the_search_index_alone_leaves_out_reading_the_collection():
    """Pagefind's CLI is timed over a site already built: the index alone is timed from a collection already
    read, the CPU time of reading it (printed by the script) taken off, the whole kept beside it."""
    from run import without_loading

    run = {"seconds": 20.0, "cpu_seconds": 18.0, "user_seconds": 15.0, "system_seconds": 3.0, "peak_mb": 500.0,
           "loading_cpu_seconds": 4.0, "loading_user_seconds": 3.5, "loading_system_seconds": 0.5}
    alone = without_loading(run)
    assert (alone["cpu_seconds"], alone["user_seconds"], alone["system_seconds"]) == (14.0, 11.5, 2.5)
    assert alone["seconds"] == 16.0 and alone["with_loading_cpu_seconds"] == 18.0 and alone["peak_mb"] == 500.0


def test_site_bytes_splits_every_page_into_chrome_own_head_and_content(bundled_site):
    from site_bytes import SiteBytes, abstract_copies, measure, split_page

    measured = SiteBytes(bundled_site)
    files = [path for path in bundled_site.rglob("*") if path.is_file()]
    assert sum(measured.folders.values()) == sum(path.stat().st_size for path in files)
    pages = {kind: len(found) for kind, found in measured.kinds.items()}
    assert pages["paper"] == len(list((bundled_site / "papers").glob("*/index.html")))
    assert pages["author"] == len([p for p in (bundled_site / "authors").glob("*/index.html") if p.parent.name != "page"])
    page = (bundled_site / "authors" / next(p.parent.name for p in (bundled_site / "authors").glob("*/index.html")
                                             if p.parent.name != "page") / "index.html").read_text(encoding="utf-8")
    chrome, own, content = split_page(page)
    assert chrome + own + content == len(page.encode()) and min(chrome, own, content) > 0
    assert content == len(page[page.index('<span id="ps-content"'):page.rindex("</article>")].encode())
    # every bundled paper with an abstract long enough to count: one whole copy in the head, one in the body
    assert set(measured.copies) == {(1, 1)} and sum(measured.copies.values()) >= 20
    words = " ".join(f"w{number}" for number in range(30))
    doubled = page.replace("</head>", f'<meta name="citation_abstract" content="{words}">'
                           f'<meta name="description" content="{words}"></head>')
    assert abstract_copies(doubled) == (2, 0)
    assert abstract_copies(doubled.replace("</h1>", f"</h1><p>{words.replace(' w29', ' <a>w29</a>')}.</p>")) == (2, 1)
    assert "paper pages by whole abstract copies (head, body): 1+1" in measure(bundled_site)


def test_reading_the_collection_taken_off_the_search_index_includes_its_taxonomies(tmp_path):
    """Grouping the papers by author, topic and year is the build's (every page needs it, `search: false` too):
    SEARCH_INDEX_ONLY has done it before it takes the CPU time of reading the collection."""
    from generate import write_collection
    from run import LOADING, SEARCH_INDEX_ONLY

    write_collection(tmp_path / "collection", 6)
    namespace: dict = {}
    argv = sys.argv
    sys.argv = ["-c", str(tmp_path / "collection")]
    try:
        exec(LOADING, namespace)  # noqa: S102 - the benchmark's own script, as run.py runs it
    finally:
        sys.argv = argv
    assert namespace["collection"].built_taxonomies is not None
    assert SEARCH_INDEX_ONLY.startswith(LOADING)
    assert SEARCH_INDEX_ONLY.index("resource.getrusage") > len(LOADING)


@pytest.mark.slow
def test_only_search_times_the_index_against_pagefinds_cli_alternately(tmp_path, capsys):
    from run import benchmark_search, search_table

    result = benchmark_search(8, 2, tmp_path, seed=1)
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(": CPU")[0].split("run ")[1] for line in printed] == [
        "1/2 papershelf's search index alone", "1/2 Pagefind's CLI over the baseline site",
        "2/2 papershelf's search index alone", "2/2 Pagefind's CLI over the baseline site"]
    assert len(result["search_index"]["runs"]) == len(result["pagefind_cli"]["runs"]) == 2
    index, cli = result["search_index"]["median"], result["pagefind_cli"]["median"]
    assert result["search_index_cpu_ratio"] == round(index["cpu_seconds"] / cli["cpu_seconds"], 3)
    assert (tmp_path / "n8-seed1-real" / "site-baseline" / "index.html").exists()  # built once, kept
    assert not (tmp_path / "n8-seed1-real" / "site-search-only").exists()  # each index set aside
    line = search_table({"builds": {"8": result}})
    assert line.startswith("N=8: papershelf's search index alone") and f"{result['search_index_cpu_ratio']:.2f}×" in line
