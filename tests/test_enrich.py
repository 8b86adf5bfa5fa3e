"""`papershelf enrich` and `import --enrich`: missing fields from recorded arXiv and Crossref answers, served
from 127.0.0.1 (the real HTTP client code runs); values already there kept; offline, nothing changed."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from fixtures.sources.crossref_api import RECORDED as CROSSREF
from fixtures.sources.crossref_api import recorded_crossref_api
from papershelf.cli import cli
from papershelf.intake.enriching import enrich_papers
from papershelf.model.load import split_body, split_front_matter
from papershelf.model.yamlstrict import load_strict
from papershelf.sources.endpoints import Sources

TODAY = dt.date(2026, 11, 25)
PLOS = json.loads((CROSSREF / "works-10.1371-journal.pone.0033693.json").read_text(encoding="utf-8"))["message"]


def paper_file(title: str, extra: str = "", body: str = "") -> str:
    return (f"---\ntitle: \"{title}\"\nauthors:\n  - Ann Lee\ndate: \"2011\"\n{extra}topics:\n  - physics\n---\n\n"
            f"{body}")


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text("- id: physics\n  title: Physics\n  description: Physics.\n", encoding="utf-8")
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "bethe.md").write_text(paper_file("Bethe lattice", 'arxiv: "1111.2011v2"\n'), encoding="utf-8")
    (papers / "heat-bath.md").write_text(paper_file("Heat-bath walks", 'arxiv: "1605.08386"\nvenue: My own venue\n',
                                                    "## Notes\n\nRead it twice.\n"), encoding="utf-8")
    (papers / "sparticle.md").write_text(paper_file("Sparticles", 'arxiv: "hep-ex/0406020"\n', "Our own abstract.\n"),
                                         encoding="utf-8")
    (papers / "plos.md").write_text(paper_file("Methylphenidate", "doi: 10.1371/journal.pone.0033693\n"),
                                    encoding="utf-8")
    return tmp_path


def front(path: Path) -> tuple[dict, str, str]:
    front_text, line, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    return (load_strict(front_text, line).data, *split_body(body))


def snapshot(root: Path) -> dict:
    return {path.name: path.read_bytes() for path in (root / "papers").iterdir()}


def test_enrich_fills_from_arxiv_in_batches_three_seconds_apart_and_from_crossref(root):
    progress = []
    with recorded_arxiv_api() as arxiv, recorded_crossref_api() as crossref:
        report = enrich_papers(root, sources=Sources(arxiv.url, crossref.url), batch_size=2, latest_date=TODAY,
                               on_progress=lambda what, done, total: progress.append((what, done, total)))
    assert arxiv.requests == ["1111.2011,1605.08386", "hep-ex/0406020"]  # id_list batches
    assert arxiv.times[1] - arxiv.times[0] >= 2.9  # arXiv's courtesy delay
    # DOIs asked: the one arXiv gave for 1111.2011 (not recorded: Crossref answers 404), and the PLOS paper's
    assert sorted(crossref.requests) == ["10.1103/PhysRevB.85.115117", "10.1371/journal.pone.0033693"]
    assert progress == [("arXiv", 1, 2), ("arXiv", 2, 2), ("Crossref", 3, 4), ("Crossref", 4, 4)]
    assert report.notes == ["Crossref has no work with DOI 10.1103/PhysRevB.85.115117"]

    bethe, abstract, _ = front(root / "papers" / "bethe.md")
    assert bethe["doi"] == "10.1103/PhysRevB.85.115117" and bethe["venue"] == "Phys. Rev. B 85, 115117 (2012)"
    assert bethe["tags"] == ["cond-mat.str-el", "cond-mat.stat-mech"] and bethe["date"] == "2011"  # date kept
    assert abstract.startswith("Theoretical description of anisotropic systems")
    heat, abstract, notes = front(root / "papers" / "heat-bath.md")
    assert heat["venue"] == "My own venue"  # never overwritten
    assert abstract.startswith("Graphs on lattice points are studied") and notes == "Read it twice."
    _, abstract, _ = front(root / "papers" / "sparticle.md")
    assert abstract == "Our own abstract."
    plos, _, _ = front(root / "papers" / "plos.md")
    assert plos["venue"] == PLOS["container-title"][0]
    assert plos["citation"] == {"type": "article", "volume": PLOS["volume"], "number": PLOS["issue"],
                                "pages": PLOS["page"], "publisher": PLOS["publisher"]}
    changed = {change.path: change for change in report.changes}
    assert changed["papers/plos.md"].fields == ["venue", "citation"] and changed["papers/plos.md"].sources == ["Crossref"]
    assert changed["papers/bethe.md"].fields == ["doi", "venue", "tags", "abstract"]
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def test_enrich_command_reports_each_file_and_overwrite_replaces(root):
    with recorded_arxiv_api() as arxiv, recorded_crossref_api() as crossref:
        urls = ["--api-url", arxiv.url, "--crossref-url", crossref.url, "--root", str(root)]
        result = CliRunner().invoke(cli, ["enrich", str(root / "papers" / "heat-bath.md"), *urls])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["filled tags, abstract of papers/heat-bath.md (from arXiv)",
                                              "filled fields of 1 paper; 0 unchanged"]
        result = CliRunner().invoke(cli, ["enrich", str(root / "papers" / "heat-bath.md"), "--overwrite", *urls])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "filled date of papers/heat-bath.md (from arXiv)"
    heat, _, notes = front(root / "papers" / "heat-bath.md")
    # arXiv's date replaces the file's; the venue stays, arXiv gives none for this paper
    assert heat["venue"] == "My own venue" and heat["date"] == "2016-05-26" and notes == "Read it twice."


def test_enrich_offline_says_so_and_changes_nothing(root):
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["enrich", "--api-url", closed_port_url(), "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach arXiv at http://127.0.0.1:")
    assert "Connection refused; check your connection or --api-url; nothing was changed" in result.output
    assert snapshot(root) == before


def test_a_crossref_answer_for_another_doi_changes_nothing(root):
    before = snapshot(root)
    other = json.dumps({"status": "ok", "message-type": "work", "message": {**PLOS, "DOI": "10.1000/other"}}).encode()
    with recorded_arxiv_api() as arxiv, recorded_crossref_api(answer_body=(200, other, "application/json")) as crossref:
        result = CliRunner().invoke(cli, ["enrich", "--api-url", arxiv.url, "--crossref-url", crossref.url,
                                          "--root", str(root)])
    assert result.exit_code == 2, result.output
    assert "answered with DOI 10.1000/other when asked for" in result.output
    assert snapshot(root) == before


def test_import_enrich_fills_the_new_papers(tmp_path):
    (tmp_path / "topics.yml").write_text("- id: physics\n  title: Physics\n  description: P.\n", encoding="utf-8")
    (tmp_path / "papers").mkdir()
    bib = tmp_path / "walks.bib"
    bib.write_text("@article{walks, title={Heat-bath random walks with Markov bases}, author={Bernstein, Daniel}, "
                   "year={2016}, eprint={1605.08386}, archivePrefix={arXiv}}\n", encoding="utf-8")
    with recorded_arxiv_api() as arxiv, recorded_crossref_api() as crossref:
        result = CliRunner().invoke(cli, ["import", str(bib), "-t", "physics", "--enrich", "--api-url", arxiv.url,
                                          "--crossref-url", crossref.url, "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "created papers/heat-bath-random-walks-with-markov-bases.md"
    assert "filled tags, abstract of papers/heat-bath-random-walks-with-markov-bases.md (from arXiv)" in lines
    meta, abstract, _ = front(tmp_path / "papers" / "heat-bath-random-walks-with-markov-bases.md")
    assert meta["tags"] == ["math.CO", "math.ST"] and abstract.startswith("Graphs on lattice points")
    assert meta["citation"] == {"key": "walks", "type": "article"}


def test_enrich_does_not_fill_a_doi_another_paper_already_has(root):
    """arXiv gives 1111.2011 a DOI that another paper has: filling it would make the collection fail to validate."""
    (root / "papers" / "published.md").write_text(paper_file("The published one", "doi: 10.1103/PhysRevB.85.115117\n"),
                                                  encoding="utf-8")
    before = (root / "papers" / "bethe.md").read_bytes()
    with recorded_arxiv_api() as arxiv, recorded_crossref_api() as crossref:
        report = enrich_papers(root, [root / "papers" / "bethe.md"], sources=Sources(arxiv.url, crossref.url),
                               latest_date=TODAY, delay=0)
    assert ("papers/bethe.md: not filled, it would have the same doi as papers/published.md and the collection "
            "would not validate") in report.notes
    assert (root / "papers" / "bethe.md").read_bytes() == before
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def test_import_does_not_fill_an_existing_paper_with_another_papers_doi(root, tmp_path):
    (root / "papers" / "published.md").write_text(paper_file("The published one", "doi: 10.1000/taken\n"),
                                                  encoding="utf-8")
    entry = [{"type": "article-journal", "title": "Sparticles", "author": [{"family": "Lee", "given": "Ann"}],
              "issued": {"date-parts": [[2011]]}, "DOI": "10.1000/taken",
              "URL": "https://arxiv.org/abs/hep-ex/0406020"}]  # matches sparticle.md by its arXiv id
    path = tmp_path / "entry.json"
    path.write_text(json.dumps(entry), encoding="utf-8")
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["import", "--root", str(root), str(path)])
    assert "filling it would give it the same doi as papers/published.md" in result.output, result.output
    assert snapshot(root) == before and result.exit_code == 1
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0
