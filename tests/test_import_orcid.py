"""ORCID: its BibTeX export (Works → Export works → BibTeX, `works.bib`), whose entries come from many sources
(Europe PMC's `PMID:` and `PPR:` keys, Google Scholar's, ORCID's own) and are separated by `},` and stray commas;
and its API's JSON, which names no authors: refused, saying to export BibTeX. Real files
(tests/fixtures/sources/orcid/, origins in the README there)."""

from pathlib import Path

import frontmatter
from click.testing import CliRunner

from import_checks import validates
from papershelf.cli import cli

ORCID = Path(__file__).parent / "fixtures" / "sources" / "orcid"


def shelf(tmp_path: Path) -> Path:
    (tmp_path / "papers").mkdir()
    (tmp_path / "topics.yml").write_text("- id: genetics\n  title: Genetics\n", encoding="utf-8")
    return tmp_path


def run_import(root: Path, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", str(path), "--topic", "genetics", "--root", str(root)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_orcids_bibtex_export_comes_in_whole(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, ORCID / "works.bib")
    assert code == 0 and "works.bib (BibTeX): added 22 papers, skipped 0" in output, output
    papers = {post["citation"]["key"]: post for post in map(frontmatter.load, (root / "papers").glob("*.md"))}
    assert len(papers) == 22
    preprint = papers["PPR:PPR74760"]  # Europe PMC's preprint record: names as "Byrne EM", a consortium last
    assert preprint["authors"][0] == "Byrne EM" and preprint["venue"] == "bioRxiv"
    assert preprint["authors"][-1] == "Major Depressive Disorder Working Group of the Psychiatric Genomics Consortium"
    assert papers["PMID:30078578"]["date"] == "2018-08"  # month = {08}
    one_line = papers["Skene2019"]  # the whole entry on one line, `Mu{\~n}oz-Manchado, A.B.`
    assert "A.B. Muñoz-Manchado" in one_line["authors"] and one_line["venue"] == "Nature Methods"
    assert papers["skene2018genetic"]["more_authors"] is True  # Google Scholar's "and others"
    assert validates(root)


def test_orcids_api_json_is_named_with_the_export_to_use(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, ORCID / "activities-sandbox.json")
    assert code == 2
    assert ("activities-sandbox.json is ORCID's JSON (what its API answers for a record's works): its work summaries "
            "name no authors, so no paper can be made of them; export BibTeX from ORCID instead") in output
    assert "CSL-JSON" not in output and not list((root / "papers").iterdir())
