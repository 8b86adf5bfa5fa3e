"""EndNote's XML export: a real library (tests/fixtures/sources/endnote/, origin in the README there) imported
through the command, and the untrusted XML's limits (no entity resolved, nothing fetched)."""

from pathlib import Path

from import_checks import collection, import_export, validates
from papershelf.sources.detect import ENDNOTE_XML, detect_format

LIBRARY = Path(__file__).parent / "fixtures" / "sources" / "endnote" / "wlt13-thesis-endnote.xml"
TOPICS = "- id: fracture\n  title: Fracture\n  aliases: [fracture toughness]\n- id: materials\n  title: Materials\n"


def test_an_endnote_library_comes_in_record_by_record(tmp_path):
    root = collection(tmp_path, TOPICS)
    assert detect_format(LIBRARY.read_text(encoding="utf-8")) == ENDNOTE_XML
    result, papers = import_export(LIBRARY, root, "materials")
    output = result.output
    assert result.exit_code == 1  # eleven records are no papers (bare PDFs without authors or dates)
    assert output.endswith("wlt13-thesis-endnote.xml (EndNote XML): added 11 papers, filled fields of 1 already "
                           "there, 1 already there and unchanged, skipped 11\n")
    assert "record 1 (rec-number 327): skipped: no date, no authors" in output
    assert "record 16 (rec-number 473): skipped: would not be a valid paper file" in output  # "Albert Turon et al"
    assert "record 15 (rec-number 321): ignored fields: notes" in output
    hybrid = papers["Fracture toughness of a hybrid rubber modified epoxy. II. Effect of loading rate"]
    assert hybrid["authors"] == ["M. Abadyan", "M. A. Kouchakzadeh", "R. Bagheri"]
    assert hybrid["date"] == "2012" and hybrid["doi"] == "10.1002/app.35379"
    assert hybrid["venue"] == "Journal of Applied Polymer Science"
    assert hybrid["tags"] == ["epoxy resin", "rubber toughening", "hybrid compound", "loading rate",
                              "fracture toughness"]
    assert hybrid["topics"] == ["fracture"]  # the keyword "fracture toughness" is an alias
    assert hybrid["citation"] == {"type": "article", "volume": "125", "number": "3", "pages": "2476–2483",
                                  "publisher": "Wiley Subscription Services, Inc., A Wiley Company"}
    assert hybrid["links"]["pdf"].startswith("http://onlinelibrary.wiley.com/store/10.1002/app.35379/")
    # a title in runs of normal and subscript text reads as one
    assert "Plastics. Determination of fracture toughness (GIC and KIC) at moderately high loading rates (1 m/s)" \
        in papers
    written = "".join(path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md"))
    assert "internal-pdf" not in written and "Dropbox" not in written  # the exporter's own files and disk
    assert validates(root)


def test_the_xml_resolves_no_entity_and_fetches_nothing(tmp_path):
    root = collection(tmp_path, TOPICS)
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/hostname">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<xml><records><record><ref-type name="Journal Article">17</ref-type>'
        '<contributors><authors><author>Lee, Ann</author></authors></contributors>'
        '<titles><title>Leak &secret; &c;</title></titles><dates><year>2020</year></dates></record></records></xml>',
        encoding="utf-8")
    result, papers = import_export(hostile, root, "materials")
    assert result.exit_code == 0, result.output
    assert list(papers) == ["Leak &secret; &c;"]  # the references as written: no file read, nothing expanded
