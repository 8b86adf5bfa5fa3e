"""RefWorks' tagged format: records of PsycINFO exported through RefWorks, with and without RefWorks' tag
legend (fixtures/sources/README.md, "refworks/")."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from import_checks import collection, read_as, validates
from papershelf.cli import cli
from papershelf.sources import PaperDraft
from papershelf.sources.detect import REFWORKS

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "refworks"


def items(name: str) -> list:
    return read_as(SAMPLES / name, REFWORKS)


def test_psycinfo_records_field_by_field():
    section, dissertation, article = items("psycinfo.txt")
    assert section.meta["title"] == "Depression and coronary heart disease"
    assert section.meta["authors"] == ["Stephen Stansfeld", "Rebecca Fuhrer"]  # A1 Stansfeld,Stephen
    assert section.meta["venue"] == "Stress and the heart: Psychosocial pathways to coronary heart disease"  # T2
    assert section.meta["citation"] == {"type": "incollection", "volume": "1", "number": "3", "pages": "101–123",
                                        "publisher": "BMJ Books"}  # SP 101, OP 123
    assert "A2 (secondary authors)" in section.ignored and "NO (notes)" in section.ignored
    assert section.abstract.startswith("(From the chapter) This chapter discusses the evidence")
    assert dissertation.meta["citation"]["type"] == "phdthesis" and dissertation.meta["authors"] == ["C.D. Catrambone"]
    assert article.meta["date"] == "2002-02"  # YR 2002, FD Feb
    assert (article.meta["venue"], article.meta["citation"]["pages"]) == ("Personality & Individual Differences",
                                                                         "551–565")
    assert "Anger" in article.meta["tags"] and all(isinstance(item, PaperDraft) for item in (section, article))


def test_refworks_legend_before_the_records_is_not_a_record():
    [brennan] = items("with-legend.txt")  # the legend's `RT=Reference Type` lines are not fields
    assert brennan.origin == "entry 1, line 94"
    assert (brennan.meta["title"], brennan.meta["venue"], brennan.meta["date"]) == (
        "The Empire's New Clothes", "Critical Inquiry", "2003")


def test_import_validates(tmp_path):
    root = collection(tmp_path, "- id: reading\n  title: Reading\n  description: Everything.\n")
    result = CliRunner().invoke(cli, ["import", *(str(path) for path in sorted(SAMPLES.iterdir())), "-t", "reading",
                                      "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "psycinfo.txt (RefWorks tagged): added 3 papers, skipped 0" in result.output
    assert len(list((root / "papers").glob("*.md"))) == 4 and validates(root)
