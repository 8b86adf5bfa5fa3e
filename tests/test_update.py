"""`papershelf update` against the recorded arXiv API responses (tests/fixtures/sources/arxiv/), served on 127.0.0.1.

1111.2011 was recorded at version 2 with a DOI and a journal reference; 1605.08386 at version 1 with neither."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.intake.update import plan_updates, write_updates
from papershelf.model.writer import render_paper_file
from papershelf.sources.endpoints import Sources

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "sources"))
from arxiv_api import closed_port_url, recorded_arxiv_api  # noqa: E402

NOTES = "The abstract.\n\n## Notes\n\nOur own notes, kept as they are.\n"


@pytest.fixture
def collection(tmp_path) -> Path:
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    papers = root / "papers"
    (papers / "old-version.md").write_text(render_paper_file(
        {"title": "Heavy fermions", "authors": ["A. Author"], "date": "2011-11-08", "arxiv": "1111.2011",
         "topics": ["example-topic"], "links": {"pdf": "https://arxiv.org/pdf/1111.2011v1", "code": "https://example.org/c"}},
        "The abstract.", "Our own notes, kept as they are."), encoding="utf-8")
    (papers / "current.md").write_text(render_paper_file(
        {"title": "Heat-bath random walks with Markov bases", "authors": ["Caprice Stanley", "Tobias Windisch"],
         "date": "2016-05-26", "arxiv": "1605.08386", "topics": ["example-topic"],
         "links": {"pdf": "https://arxiv.org/pdf/1605.08386v1"}}, "The abstract."), encoding="utf-8")
    (papers / "no-arxiv.md").write_text(render_paper_file(
        {"title": "No arXiv", "authors": ["C. Author"], "date": "2020", "topics": ["example-topic"]}, "x"),
        encoding="utf-8")
    return root


def test_plan_finds_the_doi_venue_and_newer_version_and_keeps_curated_values(collection):
    with recorded_arxiv_api() as api:
        report = plan_updates(collection, sources=Sources(arxiv=api.url), delay=0)
    assert sorted(api.requests) == ["1111.2011", "1605.08386"]
    [update] = report.updates
    assert update.paper.path == "papers/old-version.md"
    assert update.changes == {
        "doi": (None, "10.1103/PhysRevB.85.115117"),
        "venue": (None, "Phys. Rev. B 85, 115117 (2012)"),
        "links.pdf": ("https://arxiv.org/pdf/1111.2011v1", "https://arxiv.org/pdf/1111.2011"),
    }
    assert (update.now.version, update.now.updated) == ("v2", "2012-04-02")
    assert report.current == ["papers/current.md"]
    assert update.new_text.endswith(NOTES)


def test_values_a_paper_already_has_are_never_replaced(collection):
    (collection / "papers" / "old-version.md").write_text(render_paper_file(
        {"title": "Curated", "authors": ["B. Author"], "date": "2011-11-08", "arxiv": "1111.2011v2",
         "doi": "10.1000/curated", "venue": "Our venue", "topics": ["example-topic"],
         "links": {"pdf": "https://arxiv.org/pdf/1111.2011v2"}}, "The abstract."), encoding="utf-8")
    with recorded_arxiv_api() as api:
        report = plan_updates(collection, sources=Sources(arxiv=api.url), delay=0)
    assert report.updates == [] and sorted(report.current) == ["papers/current.md", "papers/old-version.md"]


def test_dry_run_shows_the_diff_and_writes_nothing(collection):
    before = {p.name: p.read_bytes() for p in (collection / "papers").iterdir()}
    with recorded_arxiv_api() as api:
        result = CliRunner().invoke(cli, ["update", "--batch", "2", "--dry-run", "--root", str(collection), "--api-url", api.url])
    assert result.exit_code == 1, result.output
    assert "--- a/papers/old-version.md\n+++ b/papers/old-version.md" in result.output
    assert "+doi: 10.1103/PhysRevB.85.115117\n+venue: Phys. Rev. B 85, 115117 (2012)" in result.output
    assert "-  pdf: https://arxiv.org/pdf/1111.2011v1\n+  pdf: https://arxiv.org/pdf/1111.2011" in result.output
    assert "arXiv 1111.2011: latest version v2 (2012-04-02)" in result.output
    assert "1 paper to update, 1 up to date, 0 not found on arXiv" in result.output
    assert {p.name: p.read_bytes() for p in (collection / "papers").iterdir()} == before


def test_without_yes_nothing_is_written_and_with_yes_the_file_is_updated_and_valid(collection):
    path = collection / "papers" / "old-version.md"
    before = path.read_text(encoding="utf-8")
    with recorded_arxiv_api() as api:
        asked = CliRunner().invoke(cli, ["update", "--batch", "2", "--root", str(collection), "--api-url", api.url])
        assert asked.exit_code == 1 and "run with --yes" in asked.output
        assert path.read_text(encoding="utf-8") == before
        result = CliRunner().invoke(cli, ["update", "--batch", "1", "--yes", str(path), "--root", str(collection),
                                          "--api-url", api.url])
    assert result.exit_code == 0, result.output
    assert "updated papers/old-version.md" in result.output
    text = path.read_text(encoding="utf-8")
    assert "doi: 10.1103/PhysRevB.85.115117" in text and "pdf: https://arxiv.org/pdf/1111.2011\n" in text
    assert "code: https://example.org/c" in text and text.endswith(NOTES)
    assert CliRunner().invoke(cli, ["validate", "--root", str(collection)]).exit_code == 0
    with recorded_arxiv_api() as api:
        again = CliRunner().invoke(cli, ["update", "--batch", "2", "--dry-run", str(path), "--root", str(collection),
                                         "--api-url", api.url])
    assert again.exit_code == 0 and "0 papers to update, 1 up to date" in again.output


def test_a_file_edited_meanwhile_is_not_overwritten(collection):
    with recorded_arxiv_api() as api:
        report = plan_updates(collection, sources=Sources(arxiv=api.url), delay=0)
    path = collection / "papers" / "old-version.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")
    with pytest.raises(Exception, match="changed while updating; nothing was written"):
        write_updates(collection, report)
    assert path.read_text(encoding="utf-8").endswith("Edited meanwhile.\n")


def test_unreachable_arxiv_is_a_clear_error(collection):
    result = CliRunner().invoke(cli, ["update", "--batch", "2", "--dry-run", "--root", str(collection), "--api-url", closed_port_url()])
    assert result.exit_code == 1
    assert "cannot reach arXiv at http://127.0.0.1" in result.output and "Traceback" not in result.output


HANDWRITTEN = Path(__file__).parent / "fixtures" / "handwritten"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a unified diff removes and adds."""
    import difflib

    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


@pytest.mark.parametrize("name, removed, added", [
    ("heavy-fermions.md", ['  pdf: "https://arxiv.org/pdf/1111.2011v1"'],
     ["doi: 10.1103/PhysRevB.85.115117", "venue: Phys. Rev. B 85, 115117 (2012)",
      '  pdf: "https://arxiv.org/pdf/1111.2011"']),
    ("flow-links.md", ["links: {pdf: 'https://arxiv.org/pdf/1111.2011v1'}"],
     ["doi: 10.1103/PhysRevB.85.115117", "venue: Phys. Rev. B 85, 115117 (2012)",
      "links: {pdf: 'https://arxiv.org/pdf/1111.2011'}"]),
])
def test_update_changes_only_its_lines_in_hand_written_files(tmp_path, name, removed, added):
    """Comments, quoting, flow lists, list indentation and field order stay as the person wrote them."""
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    path = root / "papers" / name
    before = (HANDWRITTEN / name).read_text(encoding="utf-8")
    path.write_text(before, encoding="utf-8")
    with recorded_arxiv_api() as api:
        result = CliRunner().invoke(cli, ["update", "--yes", "--api-url", api.url, "--root", str(root)])
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == (removed, added)
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def test_enrich_and_import_fill_change_only_their_lines_in_a_hand_written_file(tmp_path):
    from papershelf.intake.filling import fill_paper_text

    before = (HANDWRITTEN / "heavy-fermions.md").read_text(encoding="utf-8")
    filled = fill_paper_text(before, "papers/heavy-fermions.md", {
        "doi": "10.1103/PhysRevB.85.115117", "tags": ["cond-mat.str-el"], "title": "Not taken",
        "links": {"pdf": "https://arxiv.org/pdf/1111.2011", "project": "https://example.org/p"},
        "citation": {"volume": "85"}})
    assert filled.fields == ["doi", "tags", "citation", "links.project"]
    assert changed_lines(before, filled.text) == ([], [
        "doi: 10.1103/PhysRevB.85.115117", "tags:", "    - cond-mat.str-el", "  project: https://example.org/p",
        "citation:", "  volume: '85'"])
    overwritten = fill_paper_text(before, "papers/heavy-fermions.md", {"date": "2012-04-02"}, overwrite=True)
    assert changed_lines(before, overwritten.text) == (["date: 2011-11-08"], ["date: '2012-04-02'"])


def test_an_update_that_would_give_a_second_paper_the_same_doi_is_refused_and_writes_nothing(collection):
    """arXiv answers 1111.2011 with a DOI another paper already has: each file alone is valid, the collection not."""
    (collection / "papers" / "published.md").write_text(render_paper_file(
        {"title": "The published version", "authors": ["A. Author"], "date": "2012-04-02",
         "doi": "10.1103/PhysRevB.85.115117", "topics": ["example-topic"]}, "The abstract."), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (collection / "papers").iterdir()}
    with recorded_arxiv_api() as api:
        result = CliRunner().invoke(cli, ["update", "--yes", "--root", str(collection), "--api-url", api.url])
    assert result.exit_code != 0
    assert ("papers/old-version.md: the update would give it the same doi as papers/published.md; the collection "
            "would not validate") in result.output
    assert "nothing was written" in result.output and "internal error" not in result.output
    assert {p.name: p.read_bytes() for p in (collection / "papers").iterdir()} == before
    assert CliRunner().invoke(cli, ["validate", "--root", str(collection)]).exit_code == 0
