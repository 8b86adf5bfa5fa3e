"""EndNote's tagged format (.enw, Refer): real records of Google Scholar, the ACL Anthology, CNKI and Wanfang,
each field checked against the record's own lines (fixtures/sources/README.md, "endnote-tagged/")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from import_checks import collection, read_as, validates
from papershelf.cli import cli
from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.detect import BIBTEX, REFER, detect_format
from papershelf.sources.refer import read_records

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "endnote-tagged"


def read(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def drafts(name: str) -> list:
    return read_as(SAMPLES / name, REFER)


def tag_values(record_text: str, tag: str) -> list[str]:
    """An independent reading: the values of `%tag` lines."""
    return [line[3:].strip() for line in record_text.replace("\r\n", "\n").split("\n") if line.startswith(f"%{tag} ")]


def test_google_scholar_endnote_link():
    [paper] = drafts("google-scholar.enw")
    text = read("google-scholar.enw")
    assert paper.meta["title"] == tag_values(text, "T")[0]
    assert paper.meta["authors"] == ["K. Kim", "H. Hong", "Gi Pyo Nam", "K. Park"]  # %A Kim, K. …
    assert (paper.meta["date"], paper.meta["venue"]) == ("2017", "Sensors (Basel, Switzerland)")
    assert paper.meta["citation"] == {"type": "article", "volume": "17"} and paper.ignored == []


def test_acl_anthology_proceedings_month_key_doi_and_abstract():
    [paper] = drafts("acl-anthology.enw")
    text = read("acl-anthology.enw")
    assert paper.meta["title"] == "CODI: Compressing Chain-of-Thought into Continuous Space via Self-Distillation"
    assert paper.meta["authors"] == [" ".join(reversed(name.split(", "))) for name in tag_values(text, "A")]
    assert paper.meta["date"] == "2025-11"  # %D 2025 with %8 November
    assert paper.meta["venue"] == tag_values(text, "S")[0]  # the proceedings, in %S
    assert paper.meta["doi"] == "10.18653/v1/2025.emnlp-main.36"
    assert paper.meta["citation"]["key"] == "shen-etal-2025-codi" and paper.meta["citation"]["type"] == "inproceedings"
    assert paper.meta["citation"]["pages"] == "677–693"
    assert paper.abstract == tag_values(text, "X")[0]
    assert paper.meta["links"] == {"paper": "https://aclanthology.org/2025.emnlp-main.36/"}  # not the DOI's link
    assert paper.ignored == ["%Y (secondary authors)", "%C (place)", "%@ (ISSN/ISBN)"]


def test_cnki_names_and_keywords_in_one_line_two_page_fields_and_a_record_without_a_date():
    article, phd, conference, masters = drafts("cnki.txt")
    assert isinstance(article, Skipped) and article.reason.startswith("no date")  # CNKI's online-first article
    assert article.origin == "entry 1, line 1"
    assert phd.meta["authors"] == ["胡婕伦"] and "谢明勇" not in phd.meta["authors"]  # %Y 谢明勇;聂少平: supervisors
    assert phd.meta["tags"][:3] == ["大粒车前子", "多糖", "体内"]  # %K 大粒车前子;多糖;体内;…
    assert (phd.meta["venue"], phd.meta["date"], phd.meta["citation"]["type"]) == ("南昌大学", "2014", "phdthesis")
    assert conference.meta["authors"] == ["王海霞", "罗耀群"]
    assert conference.meta["citation"]["pages"] == "269–273"  # %P 5 (a page count) and %P 269-273
    assert "%P ('5': another value than the one read)" in conference.ignored
    assert conference.meta["venue"] == "2013年中国药学大会暨第十三届中国药师周"  # %B
    # an abstract with blank lines inside it, its second paragraph on an indented line without a tag
    assert masters.abstract.count("\n\n") == 1 and masters.abstract.split("\n\n")[1].startswith("論文第一部分")
    assert masters.meta["title"] == "中西方高校人文教育的比較研究"


def test_wanfang_keywords_separated_by_spaces_and_a_second_journal_title():
    [paper] = drafts("wanfang.txt")
    assert paper.meta["tags"] == ["参考文献管理", "文献管理软件", "学术书签网站", "Zotero"]
    assert paper.meta["venue"] == "现代情报" and paper.meta["doi"] == "10.3969/j.issn.1008-0821.2009.02.027"
    assert paper.meta["citation"]["pages"] == "94–98,93"
    assert "%J ('JOURNAL OF MODERN INFORMATION': another value than the one read)" in paper.ignored
    assert "%H (translated authors)" in paper.ignored


def test_records_start_at_a_type_or_after_a_blank_line():
    records = read_records("%0 Serial\n%0 Audio\n%T Podcast\n%D 2021\n\n%T Corn\n%A Newman, W. H.\n%D 1891\n")
    assert [record.values("T") for record in records] == [["Podcast"], ["Corn"]]
    assert [record.line for record in records] == [1, 6]


def test_a_bib_file_with_a_jabref_comment_line_is_still_bibtex_and_an_empty_file_is_said_so():
    assert detect_format("% Encoding: UTF-8\n\n@article{a, title={T}, author={Lee, Ann}, year={2020}}\n") == BIBTEX
    with pytest.raises(UsageError, match="library.enw is empty"):
        detect_format("\ufeff \n\n", "library.enw")


def test_importing_every_sample_validates_and_reports_what_was_left(tmp_path):
    root = collection(tmp_path, "- id: reading\n  title: Reading\n  description: Everything.\n")
    result = CliRunner().invoke(cli, ["import", *(str(path) for path in sorted(SAMPLES.iterdir())), "-t", "reading",
                                      "--root", str(root)])
    assert result.exit_code == 1, result.output  # CNKI's article without a date is skipped, with its line
    assert "cnki.txt: entry 1, line 1: skipped: no date: a paper needs a title, authors and a date" in result.output
    assert "cnki.txt (EndNote tagged (.enw)): added 3 papers, skipped 1" in result.output
    assert len(list((root / "papers").glob("*.md"))) == 6 and validates(root)
    assert re.search(r"acl-anthology\.enw: entry 1, line 1: ignored fields: %Y \(secondary authors\)", result.output)
    assert all(isinstance(item, PaperDraft) for item in drafts("wanfang.txt"))


def test_a_field_of_many_continuation_lines_costs_linear_time():
    import time

    text = "%0 Journal Article\n%T A title\n%X An abstract\n" + "continued over one more line\n" * 400_000
    started = time.perf_counter()
    [record] = read_records(text)
    assert len(record.first("X")) == len("An abstract") + 400_000 * len(" continued over one more line")
    # linear: well under a second on a quiet machine; joining each line to the field so far took hours here
    assert time.perf_counter() - started < 20.0
