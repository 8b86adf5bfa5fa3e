"""Crossref REST API answers saved to a file (`/works/{doi}`'s one work, a search's `work-list`): real answers
(tests/fixtures/sources/crossref/, origins in the README there), imported through the command and checked against
the JSON itself."""

from __future__ import annotations

import json
from pathlib import Path

from import_checks import collection, import_export, validates
from papershelf.sources.detect import CROSSREF_JSON, detect_format

ANSWERS = Path(__file__).parent / "fixtures" / "sources" / "crossref"
TOPIC = "- id: reading\n  title: Reading\n"


def test_a_saved_work_answer_is_its_work(tmp_path):
    name = "abbotsbury-test3-works-10.1038-d41586-020-02761-z.json"
    work = json.loads((ANSWERS / name).read_text(encoding="utf-8"))["message"]
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(ANSWERS / name, root, "reading")
    assert f"{name} (Crossref REST API JSON): added 1 paper, skipped 0" in result.output, result.output
    paper = papers[work["title"][0]]
    assert paper["authors"] == [author["family"] for author in work["author"]] == ["Sheherazade", "Ardiantiono"]
    assert paper["date"] == "2020-09-29" and paper["doi"] == work["DOI"] and paper["venue"] == "Nature"
    # Crossref's own fields are reported, not dropped unmentioned
    assert "ignored fields: ISSN, alternative-id, content-domain" in result.output
    assert "Traceback" not in result.output and validates(root)


def test_a_saved_book_answer_and_the_repositorys_recorded_answer(tmp_path):
    root = collection(tmp_path, TOPIC)
    for name in ("abbotsbury-test6-works-10.1007-978-3-319-53923-2.json", "works-10.1371-journal.pone.0033693.json"):
        work = json.loads((ANSWERS / name).read_text(encoding="utf-8"))["message"]
        result, papers = import_export(ANSWERS / name, root, "reading")
        assert f"{name} (Crossref REST API JSON): added 1 paper, skipped 0" in result.output, result.output
        paper = papers[work["title"][0]]
        assert paper["doi"] == work["DOI"].lower()
        assert len(paper["authors"]) == len(work["author"])
    book = papers["Applications of Quantum Dynamics in Chemistry"]
    assert book["authors"] == ["Fabien Gatti", "Benjamin Lasorne", "Hans-Dieter Meyer", "André Nauts"]
    assert book["citation"]["type"] == "book" and book["date"] == "2017"
    assert validates(root)


def test_a_work_list_answer_is_read_item_by_item(tmp_path):
    name = "work-list-query-rows1.json"
    assert detect_format((ANSWERS / name).read_text(encoding="utf-8"), name) == CROSSREF_JSON
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(ANSWERS / name, root, "reading")
    # its title and date are read; the answer's `select` left out the authors, and the report says so
    assert f"{name}: item 1: skipped: no authors: a paper needs a title, authors and a date" in result.output
    assert f"{name} (Crossref REST API JSON): added 0 papers, skipped 1" in result.output
    assert papers == {} and "Traceback" not in result.output
