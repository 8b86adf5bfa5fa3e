"""Zenodo's exports of one record (tests/fixtures/sources/zenodo/, origin in the README of
tests/fixtures/sources/): its own JSON and its CSL-JSON imported, its placeholder description not taken for an
abstract; its DataCite and Dublin Core XML named, with the export to use instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from import_checks import collection, import_export, validates
from papershelf.cli import cli
from papershelf.sources.detect import ZENODO_JSON, detect_format

EXPORTS = Path(__file__).parent / "fixtures" / "sources" / "zenodo"
TOPIC = "- id: reading\n  title: Reading\n"


def test_a_zenodo_record_json_is_its_record(tmp_path):
    record = json.loads((EXPORTS / "zenodo-record.json").read_text(encoding="utf-8"))
    assert detect_format((EXPORTS / "zenodo-record.json").read_text(encoding="utf-8")) == ZENODO_JSON
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(EXPORTS / "zenodo-record.json", root, "reading")
    assert "zenodo-record.json (Zenodo JSON): added 1 paper, skipped 0" in result.output, result.output
    paper = papers[record["metadata"]["title"]]
    assert paper["authors"] == [creator["name"] for creator in record["metadata"]["creators"]]
    assert paper["date"] == record["metadata"]["publication_date"] == "2021-09-27"
    assert paper["doi"] == record["doi"] and paper["links"] == {"zenodo": record["links"]["html"]}
    assert paper["citation"] == {"type": "misc"}  # software
    # "No description provided." is Zenodo's, not the authors': no abstract, and the report says why
    assert paper.content.strip() == ""
    assert "description 'No description provided.' (Zenodo's words for a record without one" in result.output
    assert ("Zenodo's record fields not read (kept there): metadata.access_right_category, metadata.license"
            in result.output)
    assert "Zenodo's fields not read (the service's own, kept there): files, owners, stats" in result.output
    assert validates(root)


def test_zenodos_csl_json_placeholder_is_no_abstract(tmp_path):
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(EXPORTS / "zenodo-csl.json", root, "reading")
    assert "zenodo-csl.json (CSL-JSON): added 1 paper, skipped 0" in result.output, result.output
    [paper] = papers.values()
    assert paper.content.strip() == "" and paper["doi"] == "10.5281/zenodo.5532972"
    assert "abstract 'No description provided.' (Zenodo's words for a record without one" in result.output


@pytest.mark.parametrize(("name", "named"), [("zenodo-datacite.xml", "is DataCite XML"),
                                             ("zenodo-dc.xml", "is Dublin Core XML")])
def test_zenodos_xml_exports_are_named_with_the_export_to_use(tmp_path, name, named):
    root = collection(tmp_path, TOPIC)
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / name), "--root", str(root), "--topic", "reading"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{name} {named}" in result.output
    assert "export the record as JSON, CSL or BibTeX instead" in result.output
