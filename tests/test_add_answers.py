"""`add` checks what the server answered: another paper, broken XML or an HTML page is an error (exit 2), and
nothing is written. Codes of subject classifications are not tags; the PDF link is not pinned to a version."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import RECORDED, recorded_arxiv_api
from papershelf.cli import cli
from papershelf.intake.adding import add_paper
from papershelf.sources.endpoints import Sources

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text("- id: physics\n  title: Physics\n  description: Physics.\n", encoding="utf-8")
    (tmp_path / "papers").mkdir()
    return tmp_path


def add(root: Path, arxiv_id: str, api) -> object:
    return CliRunner().invoke(cli, ["add", arxiv_id, "-t", "physics", "--root", str(root), "--api-url", api.url])


def recorded_body(name: str) -> bytes:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))["body"].encode("utf-8")


def test_an_answer_for_another_paper_is_refused(root):
    with recorded_arxiv_api(answer_every_id_with="1111.2011") as api:
        result = add(root, "1605.08386", api)
    assert result.exit_code == 2, result.output
    assert f"Error: {api.url} answered with paper 1111.2011 when asked for 1605.08386; nothing was written" \
        in result.output
    assert list((root / "papers").iterdir()) == []


def test_malformed_xml_is_refused(root):
    cut = recorded_body("id_1605.08386_s0_m100_199195aa31ad.json")[:900]  # the connection dropped mid-answer
    with recorded_arxiv_api(answer_body=((200, cut), "application/atom+xml")) as api:
        result = add(root, "1605.08386", api)
    assert result.exit_code == 2, result.output
    assert f"Error: {api.url} answered with malformed XML (" in result.output and "nothing was written" in result.output
    assert "Traceback" not in result.output and list((root / "papers").iterdir()) == []


def test_an_html_page_is_refused(root):
    page = b"<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body>Log in</body></html>"
    with recorded_arxiv_api(answer_body=((200, page), "text/html; charset=utf-8")) as api:
        result = add(root, "1605.08386", api)
    assert result.exit_code == 2, result.output
    assert f"Error: {api.url} answered with an HTML page, not arXiv's API feed" in result.output
    assert list((root / "papers").iterdir()) == []


def test_acm_codes_are_not_tags_and_the_pdf_link_has_no_version(root):
    with recorded_arxiv_api() as api:
        result = add_paper(root, "cs/9901002v1", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    assert result.meta["tags"] == ["cs.LG", "cs.AI"]  # the feed's categories are cs.LG, cs.AI and I.2.6 (ACM)
    assert result.meta["links"] == {"pdf": "https://arxiv.org/pdf/cs/9901002"}  # the feed links .../cs/9901002v1
    assert result.meta["arxiv"] == "cs/9901002"


def test_a_doi_is_added_from_crossref_and_an_arxiv_doi_from_arxiv(root):
    from fixtures.sources.crossref_api import recorded_crossref_api

    with recorded_crossref_api() as crossref, recorded_arxiv_api() as arxiv:
        by_doi = CliRunner().invoke(cli, ["add", "doi:10.1371/journal.pone.0033693", "-t", "physics", "--root",
                                          str(root), "--crossref-url", crossref.url, "--api-url", arxiv.url])
        by_arxiv_doi = CliRunner().invoke(cli, ["add", "https://doi.org/10.48550/arXiv.1605.08386", "-t", "physics",
                                                "--root", str(root), "--crossref-url", crossref.url,
                                                "--api-url", arxiv.url])
    assert by_doi.exit_code == 0 and by_arxiv_doi.exit_code == 0, by_doi.output + by_arxiv_doi.output
    assert crossref.requests == ["10.1371/journal.pone.0033693"] and arxiv.requests == ["1605.08386"]
    texts = [p.read_text(encoding="utf-8") for p in (root / "papers").glob("*.md")]
    assert sum("doi: 10.1371/journal.pone.0033693" in t for t in texts) == 1
    assert sum("arxiv: '1605.08386'" in t for t in texts) == 1
