"""Zotero's CSV export: a real library (tests/fixtures/sources/zotero-csv/, origin in the README there)
imported through the command and checked field by field against its rows, read here with the csv module."""

import csv
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.sources.detect import ZOTERO_CSV, detect_format
from papershelf.sources.ris import person_name

LIBRARY = Path(__file__).parent / "fixtures" / "sources" / "zotero-csv" / "controlnet-my-library.csv"
TOPICS = "- id: vision\n  title: Computer vision\n  aliases: [Computer Science - Machine Learning]\n"


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    return tmp_path


def rows() -> list[dict[str, str]]:
    with LIBRARY.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def import_library(root: Path, *options: str):
    result = CliRunner().invoke(cli, ["import", str(LIBRARY), "--root", str(root), "--topic", "vision", *options])
    papers = {post["title"]: post for post in map(frontmatter.load, sorted((root / "papers").glob("*.md")))}
    return result, papers


def test_a_zotero_library_exported_as_csv_comes_in_row_by_row(root):
    result, papers = import_library(root)
    assert "controlnet-my-library.csv (Zotero CSV): added 10 papers, skipped 1" in result.output
    # the one row whose Publication Title is its abstract: skipped with its row, key, line and the field
    assert ("controlnet-my-library.csv: row 7 (key WX2RB87G), line 8: skipped: would not be a valid paper file: "
            "papers/semantic-image-synthesis-with-spatially-adaptive-normalization.md:9: venue: String should have "
            "at most 500 characters; nothing was written") in result.output
    assert result.exit_code == 1
    for row in rows():
        paper = papers.get(row["Title"])
        if row["Key"] == "WX2RB87G":
            assert paper is None
            continue
        assert paper is not None, row["Title"]
        assert paper["authors"] == [person_name(name) for name in row["Author"].split(";")]
        assert paper["date"] == row["Date"]  # 2020, 2019-06, 2020-07-15, 1985-09-01 as written
        assert paper.content.strip() == " ".join(row["Abstract Note"].split()).strip() or row["Abstract Note"] == ""
        tags = [t.strip() for column in ("Manual Tags", "Automatic Tags") for t in row[column].split(";") if t.strip()]
        assert paper.get("tags", []) == list(dict.fromkeys(tags))[:len(paper.get("tags", []))]
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def test_identifiers_venues_and_citation_fields_come_from_their_columns(root):
    _, papers = import_library(root)
    stylegan = papers["StyleGAN2 Distillation for Feed-Forward Image Manipulation"]
    assert stylegan["doi"] == "10.1007/978-3-030-58542-6_11" and stylegan["venue"] == "Computer Vision – ECCV 2020"
    assert stylegan["citation"] == {"type": "inproceedings", "pages": "170–186",
                                    "publisher": "Springer International Publishing"}
    pretraining = papers["Pretraining Image Encoders without Reconstruction via Feature Prediction Loss"]
    assert pretraining["arxiv"] == "2003.07441" and "venue" not in pretraining  # "arXiv:2003.07441 [cs]" is no venue
    assert pretraining["topics"] == ["vision"]
    ssrn = papers["Racial Influence on Automated Perceptions of Emotions"]
    assert ssrn["doi"] == "10.2139/ssrn.3281765"  # only in Extra: "DOI: 10.2139/ssrn.3281765"
    assert ssrn["citation"]["type"] == "techreport"
    deepvid = papers["DeepVID: Deep Visual Interpretation and Diagnosis for Image Classifiers via Knowledge Distillation"]
    assert deepvid["venue"] == "IEEE Transactions on Visualization and Computer Graphics"
    assert deepvid["citation"] == {"type": "article", "volume": "25", "number": "6", "pages": "2168–2180"}


def test_the_librarys_notes_and_attachment_paths_never_reach_a_paper_file(root):
    result, _ = import_library(root)
    written = "".join(path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md"))
    assert "My Drive" not in written and "Zotero\\storage" not in written and "Annotation" not in written
    assert "row 1 (key RLTXINZX), line 2: ignored fields: Editor, Notes, Place, Series" in result.output
    assert "File Attachments" not in result.output  # the exporter's own disk: not a field of the paper


def test_zotero_csv_is_told_apart_even_when_a_cell_holds_bibtex():
    header = '"Key","Item Type","Publication Year","Author","Title","Abstract Note"\n'
    text = header + '"K1","journalArticle","2020","Lee, Ann","A Paper","@article{x, title={Y}}"\n'
    assert detect_format(text) == ZOTERO_CSV
    assert detect_format("\ufeff" + text) == ZOTERO_CSV


def test_a_cell_over_a_megabyte_is_a_clear_error_and_nothing_is_written(root, tmp_path):
    library = tmp_path / "huge.csv"
    library.write_text('"Key","Item Type","Publication Year","Author","Title"\n'
                       '"K1","journalArticle","2020","Lee, Ann","' + "x" * (1024 * 1024 + 1) + '"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(library), "--root", str(root), "--topic", "vision"])
    assert result.exit_code == 2 and "not valid CSV after line 2: field larger than field limit" in result.output
    assert not list((root / "papers").glob("*.md"))


def test_an_untrusted_header_costs_a_bounded_line_and_extra_lines_are_read_in_one_pass(root, tmp_path):
    names = [f"Column {'x' * 70}{number}" for number in range(500)] + [f"C{number}" for number in range(30)]
    header = '"Key","Item Type","Publication Year","Author","Title","Extra",' + ",".join(f'"{n}"' for n in names)
    extra = "\n" * 100_000 + "arXiv: 2003.07441\nDOI: 10.2139/ssrn.3281765"
    row = f'"K1","preprint","2020","Lee, Ann","A Paper","{extra}",' + ",".join('"v"' for _ in names)
    library = tmp_path / "wide.csv"
    library.write_text(header + "\n" + row + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(library), "--root", str(root), "--topic", "vision"])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "ignored fields" in line]
    assert line.endswith(": ignored fields: C0, C1, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C2, C20, C21, C22, "
                         "C23, C24, C25, C26, 510 more columns")
    [paper] = map(frontmatter.load, (root / "papers").glob("*.md"))
    assert paper["arxiv"] == "2003.07441" and paper["doi"] == "10.2139/ssrn.3281765"


def test_extra_lines_and_cells_past_the_header_are_named_when_not_read(root, tmp_path):
    library = tmp_path / "ragged.csv"
    library.write_text('"Key","Item Type","Publication Year","Author","Title","Extra"\n'
                       '"K1","report","1985","Rumelhart, David E.","A Report","Section: Technical Reports",'
                       '"spill","over"\n'
                       '"K2","preprint","2020","Lee, Ann","A Preprint","arXiv: 2003.07441"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(library), "--root", str(root), "--topic", "vision"])
    assert result.exit_code == 0, result.output
    assert "row 1 (key K1), line 2: ignored fields: Extra, 2 cells past the header's last column" in result.output
    assert "row 2 (key K2)" not in result.output.replace("created", "")  # its Extra is read whole
