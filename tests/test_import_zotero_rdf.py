"""Zotero RDF: a real export of a research group's library (fixtures/sources/README.md, "zotero-rdf.rdf"), read
item by item, its collections filing papers under topics, its notes and attachments left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from import_checks import collection, read_as, validates
from papershelf.cli import cli
from papershelf.model.collection import load_collection
from papershelf.sources import PaperDraft
from papershelf.sources.detect import ZOTERO_RDF, parse_import
from papershelf.sources.zotero_rdf import zotero_date

SAMPLE = Path(__file__).parent / "fixtures" / "sources" / "zotero-rdf.rdf"
TOPICS = """\
- id: compliance
  title: Compliance Checking, Rules, SHACL, Regulations, Validation
  description: The library's largest collection, by its title.
- id: ldac
  title: Linked Data in Architecture and Construction
  description: A subcollection, by an alias.
  aliases: [LDAC 2021]
- id: other
  title: Other
  description: Everything else.
"""


def items() -> list[PaperDraft]:
    found = read_as(SAMPLE, ZOTERO_RDF)
    assert all(isinstance(item, PaperDraft) for item in found)
    return found


def test_each_item_read_from_its_own_elements():
    papers = items()
    assert len(papers) == 9  # the file's nine items; its attachment and five notes are not papers
    rule = papers[0]
    assert rule.meta["title"] == "Semantic web based rule checking of real-world scale BIM models: a pragmatic method"
    assert rule.meta["authors"][:2] == ["Hehua Zhang", "Wenqi Zhao"]  # one-field names, in foaf:surname
    assert rule.meta["date"] == "2017-07-26"  # <dc:date>07/26/2017</dc:date>
    assert rule.meta["venue"] == "Semantic Web Journal (rejected)"
    assert rule.meta["tags"][:2] == ["SPARQL", "China"]
    assert rule.abstract.startswith("Rule checking is important to assure the integrity")
    kbim = papers[4]
    # the journal is a node of its own (urn:issn:2288-5048), which holds the volume, number and the item's DOI
    assert kbim.meta["venue"] == "Journal of Computational Design and Engineering"
    assert kbim.meta["doi"] == "10.1016/j.jcde.2018.08.002" and kbim.meta["date"] == "2019-04-01"  # April 1, 2019
    assert kbim.meta["citation"] == {"type": "article", "volume": "6", "number": "2", "pages": "143–148"}
    assert kbim.ignored == ["notes"]  # its three notes: the library's own, not imported
    ecppm = papers[2]
    assert ecppm.meta["venue"] == "12th European Conference on Product and Process Modelling (ECPPM 2018)"
    assert ecppm.meta["citation"]["publisher"] == "Taylor and Francis"
    seminar = papers[3]
    assert seminar.meta["date"] == "2020-02-20"  # <dc:date>20th February 2020</dc:date>
    thesis = papers[6]
    assert thesis.meta["citation"] == {"type": "phdthesis", "publisher": "Georgia Institute of Technology"}
    geolocation = papers[7]
    assert geolocation.meta["date"] == "2019-06" and geolocation.meta["doi"] == "10.1109/ICE.2019.8792580"


def test_collections_are_keywords_by_title_and_by_path():
    papers = items()
    assert papers[8].keywords[-2:] == ["0 Proceedings/LDAC 2021", "LDAC 2021"]  # a subcollection
    assert papers[0].keywords[-1] == "Compliance Checking, Rules, SHACL, Regulations, Validation"


def test_import_files_papers_under_the_topics_their_collections_name(tmp_path):
    root = collection(tmp_path, TOPICS)
    result = CliRunner().invoke(cli, ["import", str(SAMPLE), "-t", "other", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "zotero-rdf.rdf (Zotero RDF): added 9 papers, skipped 0" in result.output
    papers = {paper.meta.title: paper for paper in load_collection(root).papers}
    assert papers["A BIM-based Building Circularity Assessment tool for the early design stage"].meta.topics == ["ldac"]
    compliance = [title for title, paper in papers.items() if paper.meta.topics == ["compliance"]]
    assert len(compliance) == 5
    assert papers["Semantic Segmentation of 3D Reconstructions of Building Facilities"].meta.topics == ["other"]
    text = "".join(path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md"))
    assert "Graphical Abstract" not in text and "KBVL representation" not in text  # the notes: never written
    assert "Semantic Scholar Link" not in text and "8bc5b85c23e24dc450c84dc780e9c8e167a0b786" not in text  # attachment
    assert validates(root)


@pytest.mark.parametrize(("typed", "date"), [
    ("07/26/2017", "2017-07-26"), ("26/07/2017", "2017-07-26"), ("2018/09/12", "2018-09-12"), ("2019/6", "2019-06"),
    ("6/2019", "2019-06"), ("April 1, 2019", "2019-04-01"), ("20th February 2020", "2020-02-20"),
    ("June 2019", "2019-06"), ("2019-09-29T19:19:24Z", "2019-09-29"), ("2018", "2018"), ("Spring 2016", "2016"),
    ("13/13/2020", "2020"), ("", None), ("n.d.", None)])
def test_dates_as_zotero_users_type_them(typed, date):
    assert zotero_date(typed) == date


def test_entities_are_not_expanded_and_a_collection_cycle_ends(tmp_path):
    hostile = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY big "BIGBIGBIGBIG"><!ENTITY x SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:z="http://www.zotero.org/namespaces/export#"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:bib="http://purl.org/net/biblio#" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <bib:Article rdf:about="#item_1"><z:itemType>journalArticle</z:itemType><dc:title>T &big; &x;</dc:title>
    <bib:authors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Lee</foaf:surname><foaf:givenName>Ann</foaf:givenName>
    </foaf:Person></rdf:li></rdf:Seq></bib:authors><dc:date>2020</dc:date></bib:Article>
  <z:Collection rdf:about="#collection_1"><dc:title>A</dc:title><dcterms:hasPart rdf:resource="#collection_2"/>
    <dcterms:hasPart rdf:resource="#item_1"/></z:Collection>
  <z:Collection rdf:about="#collection_2"><dc:title>B</dc:title><dcterms:hasPart rdf:resource="#collection_1"/>
  </z:Collection>
</rdf:RDF>
"""
    [item] = parse_import(hostile, "hostile.rdf")[1].items
    assert isinstance(item, PaperDraft)
    assert "root:" not in item.meta["title"] and "BIGBIG" not in item.meta["title"]
    assert item.keywords == ["B/A", "A"]  # the cycle stops at the collection already on the path
