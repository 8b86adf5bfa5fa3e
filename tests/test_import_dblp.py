"""DBLP's search API answer (`https://dblp.org/search/publ/api?q=…&format=json`) and its XML (a person's page,
an excerpt of its dump) saved as a file: their records become papers, as DBLP's BibTeX gives them (titles without DBLP's closing full stop, names without the number DBLP tells
people of one name apart by, the key `DBLP:…`). Real answers (tests/fixtures/sources/dblp/, origins in the README)."""

from pathlib import Path

import frontmatter
from click.testing import CliRunner

from import_checks import validates
from papershelf.cli import cli
from papershelf.sources.dblp_xml import parse_dblp_xml
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


def test_dblps_xml_dump_excerpt_with_its_dtds_entities(tmp_path):
    # `Sch&ouml;nhage`, `F&uuml;l&ouml;p 0001`: entities of dblp.dtd, which is not loaded
    output, papers = imported(tmp_path, "dblp-dump-excerpt.xml")
    assert "dblp-dump-excerpt.xml (DBLP XML): added 10 papers, skipped 0" in output
    schonhage = papers["Schnelle Multiplikation von Polynomen über Körpern der Charakteristik 2"]
    assert schonhage["authors"] == ["Arnold Schönhage"] and schonhage["doi"] == "10.1007/BF00289470"
    assert schonhage["citation"] == {"key": "DBLP:journals/acta/Schonhage77", "type": "article", "volume": "7",
                                     "pages": "395–398"}
    assert papers["Equational weighted tree transformations"]["authors"] == [
        "Symeon Bozapalidis", "Zoltán Fülöp", "George Rahonis"]


def test_a_person_page_as_xml_is_read_as_its_records():
    # the layout of https://dblp.org/pid/….xml: <dblpperson>, the person, then one <r> a publication
    text = ('<?xml version="1.0" encoding="US-ASCII"?>\n<dblpperson name="Michael Ley" pid="00/1" n="1">'
            '<person key="homepages/00/1"><author pid="00/1">Michael Ley</author></person>'
            '<r><article key="journals/pvldb/Ley09" mdate="2020-09-23"><author pid="00/1">Michael Ley</author>'
            '<title>DBLP - Some Lessons Learned.</title><pages>1493-1500</pages><year>2009</year>'
            '<volume>2</volume><journal>Proc. VLDB Endow.</journal><number>2</number>'
            '<ee>http://www.vldb.org/pvldb/vol2/vldb09-98.pdf</ee><url>db/journals/pvldb/pvldb2.html#Ley09</url>'
            '</article></r></dblpperson>')
    assert detect_format(text) == "dblp-xml"
    draft = parse_dblp_xml(text).drafts[0]
    assert draft.meta["title"] == "DBLP - Some Lessons Learned" and draft.meta["authors"] == ["Michael Ley"]
    assert draft.meta["links"] == {"pdf": "http://www.vldb.org/pvldb/vol2/vldb09-98.pdf",
                                   "dblp": "https://dblp.org/rec/journals/pvldb/Ley09"}


def test_an_entity_defined_in_the_file_is_not_expanded():
    text = ('<?xml version="1.0"?>\n<!DOCTYPE dblp [<!ENTITY boom "BOOMBOOMBOOM">]>\n<dblp>'
            '<article key="k/a"><author>A B</author><title>T &boom;.</title><year>2020</year></article></dblp>')
    assert parse_dblp_xml(text).drafts[0].meta["title"] == "T &boom;"
