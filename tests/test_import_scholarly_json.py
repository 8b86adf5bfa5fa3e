"""The JSON a script or a browser saves from OpenAlex, Semantic Scholar and Europe PMC: real recorded answers
(tests/fixtures/sources/scholarly-json/, origins in the README there), imported through the command and checked
field by field against the JSON itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from import_checks import collection, import_export, validates
from papershelf.sources.detect import detect_format
from papershelf.sources.scholarly_json import (
    EUROPE_PMC_JSON,
    OPENALEX_JSON,
    SEMANTIC_SCHOLAR_JSON,
    openalex_abstract,
)

ANSWERS = Path(__file__).parent / "fixtures" / "sources" / "scholarly-json"
TOPIC = "- id: reading\n  title: Reading\n"


def imported(tmp_path: Path, name: str, summary: str) -> tuple[str, dict, object]:
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(ANSWERS / name, root, "reading")
    assert summary in result.output, result.output
    assert "Traceback" not in result.output and validates(root)
    return result.output, papers, json.loads((ANSWERS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "kind"), [
    ("openalex-W2741809807.json", OPENALEX_JSON), ("openalex-works-page-first5.json", OPENALEX_JSON),
    ("semantic-scholar-batch.json", SEMANTIC_SCHOLAR_JSON), ("europepmc-core-first5.json", EUROPE_PMC_JSON),
    ("europepmc-lite.json", EUROPE_PMC_JSON)])
def test_each_services_answer_is_told_from_csl_json(name, kind):
    assert detect_format((ANSWERS / name).read_text(encoding="utf-8"), name) == kind


def test_an_openalex_work_with_its_abstract_put_back_in_order(tmp_path):
    output, papers, work = imported(tmp_path, "openalex-W2741809807.json",
                                    "openalex-W2741809807.json (OpenAlex JSON): added 1 paper, skipped 0")
    paper = papers[work["display_name"]]
    assert paper["authors"] == [authorship["author"]["display_name"] for authorship in work["authorships"]]
    assert paper["date"] == work["publication_date"] == "2018-02-13"
    assert paper["doi"] == "10.7717/peerj.4375" and paper["venue"] == "PeerJ"
    assert paper["links"] == {"pdf": "https://peerj.com/articles/4375.pdf",
                              "pubmed": "https://pubmed.ncbi.nlm.nih.gov/29456894/"}
    assert paper["citation"] == {"type": "article", "volume": "6", "pages": "e4375"}
    words = paper.content.split()
    assert len(words) == 1 + max(position for positions in work["abstract_inverted_index"].values()
                                 for position in positions)
    assert paper.content.startswith("Despite growing interest in Open Access (OA) to scholarly literature, there is")
    assert "OpenAlex's fields not read (the service's own, kept there): language, type_crossref" in output


def test_a_page_of_openalex_works_and_one_without_authors(tmp_path):
    output, papers, page = imported(tmp_path, "openalex-works-page-first5.json",
                                    "(OpenAlex JSON): added 4 papers, skipped 1")
    for work in page["results"][:4]:
        assert papers[work["display_name"]]["authors"] == [a["author"]["display_name"] for a in work["authorships"]]
    assert f"item 5 ({page['results'][4]['id'].removeprefix('https://openalex.org/')}): skipped: no authors" in output


def test_semantic_scholar_papers_and_an_id_it_did_not_find(tmp_path):
    output, papers, answer = imported(tmp_path, "semantic-scholar-batch.json",
                                      "(Semantic Scholar JSON): added 3 papers, skipped 1")
    assert "item 1: skipped: Semantic Scholar found no paper for this item (null)" in output
    for record in answer[1:]:
        paper = papers[record["title"]]
        assert paper["authors"] == [author["name"] for author in record["authors"]]
        assert paper["date"] == (record["publicationDate"] or str(record["year"])) and paper["doi"] == record["externalIds"]["DOI"].lower()
        assert paper["links"]["semantic-scholar"] == record["url"]
        assert paper.content.split()[:5] == record["abstract"].split()[:5]


def test_europe_pmc_full_names_issue_dates_and_titles_without_medlines_stop(tmp_path):
    output, papers, answer = imported(tmp_path, "europepmc-core-first5.json",
                                      "(Europe PMC JSON): added 4 papers, skipped 1")
    records = answer["resultList"]["result"]
    by_pmid = {paper["links"]["pubmed"].rstrip("/").rsplit("/", 1)[1]: paper for paper in papers.values()}
    for record in (record for record in records if record.get("authorList")):
        paper = by_pmid[record["pmid"]]
        assert paper["title"] == record["title"].removesuffix(".")
        assert paper["authors"] == [f"{a['firstName']} {a['lastName']}" for a in record["authorList"]["author"]]
        if record.get("electronicPublicationDate"):  # the day it appeared online
            assert paper["date"] == record["electronicPublicationDate"]
        else:  # "2025 Dec" in print: the month, not firstPublicationDate's made-up day 01
            assert paper["date"] == record["firstPublicationDate"][:7]
    assert f"item 2 (MED {records[1]['id']}): skipped: no authors" in output
    # a structured abstract's headings ("<h4>Objective</h4>This study…") start their paragraphs
    structured = by_pmid[next(r["pmid"] for r in records if r.get("abstractText", "").startswith("<h4>Objective"))]
    assert structured.content.startswith("Objective: This study investigated whether psychological flexibility")
    assert "\n\nDesign: " in structured.content and "ObjectiveThis" not in structured.content


def test_europe_pmc_lite_answer_names_authors_as_it_writes_them(tmp_path):
    _, papers, answer = imported(tmp_path, "europepmc-lite.json", "(Europe PMC JSON): added 24 papers, skipped 1")
    record = next(record for record in answer["resultList"]["result"] if record.get("authorString"))
    paper = papers[record["title"].removesuffix(".")]
    assert paper["authors"] == [name.strip() for name in record["authorString"].removesuffix(".").split(",")]
    assert paper["date"] == record["pubYear"]  # the lite answer gives no issue date: the year, no invented day


def test_an_abstract_index_cannot_make_a_huge_text():
    assert openalex_abstract({"b": [1], "a": [0], "minus": [-1], "true": [True], "text": ["2"]}) == "a b"
    assert openalex_abstract({"a": [0], "far": [10**12]}) == ""
    assert openalex_abstract({"word": list(range(30_000))}) == ""
    assert openalex_abstract(["not", "an", "index"]) == ""


def test_europe_pmcs_xml_answer_is_named_with_the_json_to_ask_for(tmp_path):
    from click.testing import CliRunner

    from papershelf.cli import cli

    root = collection(tmp_path, TOPIC)
    result = CliRunner().invoke(cli, ["import", str(ANSWERS / "europepmc-lite.xml"), "--topic", "reading",
                                      "--root", str(root)])
    assert result.exit_code == 2
    assert "europepmc-lite.xml is Europe PMC's XML answer: ask its search for format=json" in result.output
