"""Files and answers of the wrong shape get a clear message naming the file, entry or source, never an internal
error: CSL-JSON and Crossref date-parts as objects, numbers and 5,000-digit strings, BibTeX \\href, Hugging Face
JSON and listings with 5,000-digit numbers. Cases from tests/hostile/round3.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model.problems import PapershelfError
from papershelf.sources.crossref import draft_from_answer

CORPUS = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))
BIG = "9" * 5000


@pytest.fixture(scope="module")
def shelf(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wrong-shapes") / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    return root


@pytest.mark.parametrize("case", CORPUS["imports"], ids=[c["file"] for c in CORPUS["imports"]])
def test_import_of_a_wrong_shape_says_what_is_wrong(shelf, tmp_path, case):
    path = tmp_path / case["file"]
    path.write_text(case["text"].replace("{big}", BIG), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "--dry-run", "-t", "example-topic", "--root", str(shelf), str(path)])
    assert "internal error" not in result.output and result.exception is None or isinstance(result.exception,
                                                                                                SystemExit)
    assert case["message"] in result.output, result.output
    assert case["file"] in result.output or "would add 1 paper" in result.output  # the message names the file
    assert result.exit_code in (0, 1, 2)


@pytest.mark.parametrize("case", CORPUS["crossref"], ids=[c["reason"] for c in CORPUS["crossref"]])
def test_a_crossref_answer_of_a_wrong_shape_is_refused_or_read_without_a_date(case):
    body = case["body"].replace("{big}", BIG).encode()
    try:
        draft = draft_from_answer(body, "10.1234/x", "http://127.0.0.1/works/10.1234/x")
    except PapershelfError as error:
        assert case["message"] in str(error) and "127.0.0.1/works" in str(error)
    else:
        assert "date" not in draft.meta or draft.meta["date"] is None
        assert case["message"] == "no date"
