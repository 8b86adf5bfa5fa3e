"""The build benchmark's own arithmetic and housekeeping (benchmarks/run.py): the CPU budget it
reports beside the ratios, and old sites moved aside instead of deleted before a timed build."""

from __future__ import annotations

import os
import sys

from sitebuild import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from run import budget_line, cpu_budget, empty_trash, set_aside  # noqa: E402


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
