"""An abstract is optional: validate gives a notice, the page says none is recorded and links to arXiv/DOI."""

import json

from click.testing import CliRunner

from papershelf.cli import cli
from sitebuild import build_site, scratch_collection


def paper(title: str, extra: str = "", body: str = "") -> str:
    return (f"---\ntitle: {title}\nauthors:\n  - Ann Lee\ndate: \"2024-01-15\"\n{extra}topics:\n"
            f"  - multimodal-llms\n---\n\n{body}")


PAPERS = {
    "no-abstract-arxiv.md": paper("No Abstract With arXiv", 'arxiv: "1706.03762"\n'),
    "no-abstract-doi.md": paper("No Abstract With DOI", "doi: 10.1145/3292500.3330701\n"),
    "notes-only.md": paper("Only Notes", body="## Notes\n\nRead this one first.\n"),
    "with-abstract.md": paper("With An Abstract", body="A real abstract.\n"),
}


def test_validate_reports_a_missing_abstract_as_a_notice_and_exits_0(tmp_path):
    root = scratch_collection(tmp_path / "c", PAPERS)
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "papers/no-abstract-arxiv.md:11: abstract: notice: no abstract recorded" in result.output
    assert "papers/notes-only.md" in result.output and "papers/with-abstract.md" not in result.output
    assert result.output.strip().endswith("4 papers checked: all valid (3 notices).")
    report = json.loads(CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", "json"]).output)
    assert report["valid"] is True
    assert {p["severity"] for p in report["problems"]} == {"notice"}
    github = CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", "github"]).output
    assert github.startswith("::notice file=papers/no-abstract-arxiv.md,line=11,")


def test_a_page_without_abstract_says_so_and_links_to_arxiv_or_doi(tmp_path):
    root = scratch_collection(tmp_path / "c", PAPERS)
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    arxiv_page = (tmp_path / "site/papers/no-abstract-arxiv/index.html").read_text(encoding="utf-8")
    assert "No abstract is recorded for this paper. Read it on <a href=\"https://arxiv.org/abs/1706.03762\"" in arxiv_page
    doi_page = (tmp_path / "site/papers/no-abstract-doi/index.html").read_text(encoding="utf-8")
    assert "Read it via its <a href=\"https://doi.org/10.1145/3292500.3330701\"" in doi_page
    notes_page = (tmp_path / "site/papers/notes-only/index.html").read_text(encoding="utf-8")
    assert "No abstract is recorded for this paper.</p>" in notes_page and "Read this one first." in notes_page
    full_page = (tmp_path / "site/papers/with-abstract/index.html").read_text(encoding="utf-8")
    assert "No abstract is recorded" not in full_page and "A real abstract." in full_page
