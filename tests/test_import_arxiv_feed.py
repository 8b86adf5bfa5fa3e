"""An arXiv API answer saved to a file (its Atom feed) imported offline, entry by entry, with the entries' own
titles, abstracts, authors, DOIs and journal references: a real saved search answer
(tests/fixtures/sources/arxiv-saved/) and the recorded answers of tests/fixtures/sources/arxiv/ (origins in the
README there). No request is made: the arXiv address given is a closed port."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
from click.testing import CliRunner
from lxml import etree

from fixtures.sources.arxiv_api import closed_port_url
from import_checks import collection, validates
from papershelf.cli import cli
from papershelf.sources.detect import ARXIV_FEED, detect_format

SOURCES = Path(__file__).parent / "fixtures" / "sources"
SEARCH = SOURCES / "arxiv-saved" / "arxiv-query-science.xml"
TOPIC = "- id: reading\n  title: Reading\n"
NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}


def entries(path: Path) -> list:
    return etree.parse(str(path)).getroot().findall("a:entry", NS)


def offline_import(path: Path, root: Path):
    """`import PATH` with arXiv's API at a closed port: what is read comes from the file alone; the papers by id."""
    result = CliRunner().invoke(cli, ["import", str(path), "--root", str(root), "--topic", "reading",
                                      "--api-url", closed_port_url()])
    papers = {post["arxiv"]: post for post in map(frontmatter.load, sorted((root / "papers").glob("*.md")))}
    return result, papers


def test_a_saved_search_answer_is_its_entries_read_offline(tmp_path):
    assert detect_format(SEARCH.read_text(encoding="utf-8"), SEARCH.name) == ARXIV_FEED
    root = collection(tmp_path, TOPIC)
    result, papers = offline_import(SEARCH, root)
    assert result.exit_code == 0, result.output
    assert "arxiv-query-science.xml (arXiv API answer (Atom)): added 10 papers, skipped 0" in result.output
    # the ten entries, no more: ids a summary mentions (quant-ph/0208078 in a comment) are not papers of the file
    ids = [entry.find("a:id", NS).text.removeprefix("http://arxiv.org/abs/").rsplit("v", 1)[0]
           for entry in entries(SEARCH)]
    assert sorted(papers) == sorted(ids)
    for entry, arxiv_id in zip(entries(SEARCH), ids, strict=True):
        paper = papers[arxiv_id]
        assert paper["title"] == " ".join(entry.find("a:title", NS).text.split())
        assert paper["authors"] == [author.find("a:name", NS).text for author in entry.findall("a:author", NS)]
        assert paper["date"] == entry.find("a:published", NS).text[:10]
        assert paper.content.split()[:6] == entry.find("a:summary", NS).text.split()[:6]
        doi = entry.find("x:doi", NS)
        assert paper.get("doi") == (doi.text if doi is not None else None)
    report = papers["1503.01162"]
    assert report["venue"] == "Science & Education, September 2014, 23(9): 1853-1873"  # arxiv:journal_ref
    assert report["tags"] == [category.get("term") for category in entries(SEARCH)[1].findall("a:category", NS)]
    assert "arXiv's fields not read (kept on arXiv): updated, comment" in result.output
    assert "Traceback" not in result.output and validates(root)


def test_the_recorded_answers_of_one_id_old_and_new_feed_layouts(tmp_path):
    root = collection(tmp_path, TOPIC)
    old = SOURCES / "arxiv" / "id_list=1111.2011v2.xml"
    new = tmp_path / "id_list=1605.08386.xml"
    cassette = json.loads((SOURCES / "arxiv" / "id_1605.08386_s0_m100_199195aa31ad.json").read_text(encoding="utf-8"))
    new.write_text(cassette["body"], encoding="utf-8")
    for path, arxiv_id in ((old, "1111.2011"), (new, "1605.08386")):
        result, papers = offline_import(path, root)
        assert f"{path.name} (arXiv API answer (Atom)): added 1 paper, skipped 0" in result.output, result.output
        [entry] = entries(path)
        assert papers[arxiv_id]["title"] == " ".join(entry.find("a:title", NS).text.split())
    assert papers["1111.2011"]["doi"] == "10.1103/PhysRevB.85.115117"  # its arxiv:doi
    assert validates(root)


def test_arxivs_error_entry_is_reported_not_imported(tmp_path):
    cassette = json.loads((SOURCES / "arxiv" / "id_abc_s0_m100_b79c8dcf6bc3.json").read_text(encoding="utf-8"))
    answer = tmp_path / "answer.xml"
    answer.write_text(cassette["body"], encoding="utf-8")
    result, papers = offline_import(answer, collection(tmp_path, TOPIC))
    assert "answer.xml: entry 1, line 9: skipped: arXiv's error entry: incorrect id format for abc" in result.output
    assert "added 0 papers, skipped 1" in result.output and papers == {}
