"""DBLP's search API answer (`https://dblp.org/search/publ/api?q=…&format=json`) saved as a file: its hits become
papers, as DBLP's BibTeX gives them (titles without DBLP's closing full stop, names without the number DBLP tells
people of one name apart by, the key `DBLP:…`). Real answers (tests/fixtures/sources/dblp/, origins in the README)."""

from pathlib import Path

import frontmatter
from click.testing import CliRunner

from import_checks import validates
from papershelf.cli import cli
from papershelf.sources.detect import detect_format
from papershelf.sources.scholarly_json import dblp_authors

DBLP = Path(__file__).parent / "fixtures" / "sources" / "dblp"


def imported(tmp_path: Path, name: str) -> tuple[str, dict[str, frontmatter.Post]]:
    (tmp_path / "papers").mkdir()
    (tmp_path / "topics.yml").write_text("- id: cs\n  title: Computer science\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(DBLP / name), "--topic", "cs", "--root", str(tmp_path)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert validates(tmp_path)
    papers = {post["title"]: post for post in map(frontmatter.load, (tmp_path / "papers").glob("*.md"))}
    return result.output, papers


def test_a_dblp_search_answer_is_told_from_csl_json():
    for name in ("dblp-search-2024.json", "dblp-search-2015-first3.json"):
        assert detect_format((DBLP / name).read_text(encoding="utf-8")) == "dblp-json"


def test_todays_answer_gives_the_paper_as_dblps_bibtex_does(tmp_path):
    output, papers = imported(tmp_path, "dblp-search-2024.json")
    assert "dblp-search-2024.json (DBLP search API JSON): added 1 paper, skipped 0" in output
    paper = papers["A Test Cost Reduction Method by Test Response and Test Vector Overlapping for Full-Scan Test "
                   "Architecture"]  # "…Architecture." in the answer
    assert paper["authors"] == ["Tsuyoshi Shinogi", "Hiroyuki Yamada", "Terumine Hayashi", "Shinji Tsuruoka",
                                "Tomohiro Yoshikawa"]
    assert paper["date"] == "2005" and paper["doi"] == "10.1109/ATS.2005.17"
    assert paper["venue"] == "Asian Test Symposium"
    assert paper["links"] == {"dblp": "https://dblp.org/rec/conf/ats/ShinogiYHTY05"}
    assert paper["citation"] == {"key": "DBLP:conf/ats/ShinogiYHTY05", "type": "inproceedings", "pages": "366–371"}
    assert "DBLP's fields not read (the service's own, kept there): access" in output


def test_the_2015_answer_with_venues_and_titles_as_objects(tmp_path):
    output, papers = imported(tmp_path, "dblp-search-2015-first3.json")
    toce = papers["Computer Science Education in North-Rhine Westphalia, Germany - A Case Study"]
    assert toce["doi"] == "10.1145/2716313" and "links" not in toce  # "@ee": "http://doi.acm.org/10.1145/2716313"
    assert toce["venue"] == "TOCE" and toce["citation"] == {"type": "article", "volume": "15", "number": "2",
                                                            "pages": "9"}
    assert papers["MOOCs - A Review of the State-of-the-Art"]["doi"] == "10.5220/0004791400090020"  # dx.doi.org
    spring = papers["SPRING: speech and pronunciation improvement through games, for Hispanic children"]
    assert spring["arxiv"] == "1401.7735"  # CoRR abs/1401.7735
    assert len(spring["authors"]) == 6 and spring["authors"][2] == "Matthew K. Chan"


def test_dblps_homonym_numbers_are_not_part_of_a_name():
    # "Wolfgang Müller 0004" (the 2015 answer's 26th hit), as DBLP's BibTeX writes him; one author is an object
    assert dblp_authors(["Christoph Rensing", "Wolfgang Müller 0004"]) == ["Christoph Rensing", "Wolfgang Müller"]
    assert dblp_authors({"@pid": "28/2391", "text": "Tsuyoshi Shinogi"}) == ["Tsuyoshi Shinogi"]
