"""CSL YAML: Zotero Better BibTeX's "Better CSL YAML" of a real library, and pandoc's inline bibliography in a
Markdown file's front matter (fixtures/sources/README.md, "csl-yaml/")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from import_checks import collection, read_as, validates
from papershelf.cli import cli
from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.csl_yaml import csl_json_date
from papershelf.sources.detect import CSL_YAML, parse_import

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "csl-yaml"


def items(name: str) -> list:
    return read_as(SAMPLES / name, CSL_YAML)


def test_better_csl_yaml_dates_as_lists_folded_titles_and_a_record_without_authors():
    abadia, thesis, lca, log, bolpagni = items("better-csl.yaml")
    assert abadia.meta["authors"] == ["Patricia Peralta Abadia", "Sebastian Heine", "Horst-Michael Ludwig", "Kay Smarsly"]
    assert abadia.meta["date"] == "2022-09-12"  # issued: - year: 2022 / month: 9 / day: 12
    assert abadia.meta["doi"] == "10.14279/depositonce-9977"
    assert abadia.meta["citation"]["key"] == "abadiaBIMbasedApproachAdditive2022"
    assert abadia.meta["citation"]["type"] == "inproceedings" and abadia.ignored == ["editor"]
    assert abadia.origin == "item 1, line 3 (abadiaBIMbasedApproachAdditive2022)"
    assert thesis.meta["title"] == ("Towards a Generalized Value Stream Mapping and Domain Ontology to Support the "
                                    "Enabling of Industry 4.0 in Construction")  # a folded scalar (>-)
    assert thesis.abstract.startswith("Construction projects have temporary fragmented supply chains")
    assert lca.meta["date"] == "2021-10" and lca.meta["venue"] == "Linked Data in Architecture and Construction (CIB W78-LDAC 2021)"
    assert isinstance(log, PaperDraft)
    assert isinstance(bolpagni, Skipped) and bolpagni.reason.startswith("no authors")


def test_pandoc_references_in_a_markdown_files_front_matter():
    [watson_crick] = items("pandoc-front-matter.md")
    assert watson_crick.meta["title"] == ("Molecular structure of nucleic acids: a structure for deoxyribose nucleic "
                                          "acid")
    assert watson_crick.meta["authors"] == ["J. D. Watson", "F. H. C. Crick"]
    assert watson_crick.meta["date"] == "1953-04-25"  # date-parts, as CSL-JSON writes them
    assert (watson_crick.meta["venue"], watson_crick.meta["doi"]) == ("Nature", "10.1038/171737a0")
    assert watson_crick.meta["citation"]["pages"] == "737–738"


@pytest.mark.parametrize(("written", "csl_json"), [
    ([{"year": 2022, "month": 9, "day": 12}], {"date-parts": [[2022, 9, 12]]}),
    ("2022-09-12", {"date-parts": [["2022", "09", "12"]]}), ("1953", {"date-parts": [["1953"]]}),
    ({"date-parts": [[1953, 4]]}, {"date-parts": [[1953, 4]]}), ("circa 1950", "circa 1950")])
def test_each_way_of_writing_a_date_becomes_csl_jsons(written, csl_json):
    assert csl_json_date(written) == csl_json


def test_anchors_and_aliases_are_refused_with_the_line():
    bomb = "references:\n- &a\n  id: x\n  title: [*a, *a]\n"
    with pytest.raises(UsageError, match="not valid CSL YAML: line 2"):
        parse_import(bomb, "bomb.yaml")


def test_import_validates(tmp_path):
    root = collection(tmp_path, "- id: reading\n  title: Reading\n  description: Everything.\n")
    result = CliRunner().invoke(cli, ["import", str(SAMPLES / "better-csl.yaml"), str(SAMPLES / "pandoc-front-matter.md"),
                                      "-t", "reading", "--root", str(root)])
    assert result.exit_code == 1, result.output  # the record without authors is skipped, with its line
    assert "better-csl.yaml: item 5, line 133 (bolpagniIndustryBuiltEnvironment2022): skipped: no authors" in result.output
    assert "pandoc-front-matter.md (CSL YAML): added 1 paper, skipped 0" in result.output
    # Abadia's and Abualdenien's papers carry their proceedings' DOI (Zotero's data): two papers, the second without it
    assert ("better-csl.yaml: item 4, line 109 (abualdenienFormalAnalysisValidation2022): ignored fields: editor, "
            "doi 10.14279/depositonce-9977 (also the DOI of papers/a-bim-based-approach-towards-additive-manufacturing-"
            "of-concrete-structures.md, a paper of another title: a DOI two works share is their proceedings' or "
            "book's; the first keeps it)") in result.output
    assert len(list((root / "papers").glob("*.md"))) == 5 and validates(root)
