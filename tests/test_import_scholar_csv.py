"""Google Scholar's CSV export of a profile (My profile → Export → CSV, `citations.csv`): two real exports
(tests/fixtures/sources/scholar-csv/, origin in the README there) imported through the command and checked field
by field against their rows, read here with the csv module."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from import_checks import collection, export_rows, import_export, validates
from papershelf.cli import cli
from papershelf.intake.adding import origins_in_short
from papershelf.sources.detect import SCHOLAR_CSV, detect_format

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "scholar-csv"


def family_first(name: str) -> str:
    """"King, Jean-Rémi" as papershelf writes a name: "Jean-Rémi King"."""
    family, _, given = name.partition(",")
    return " ".join(f"{given.strip()} {family.strip()}".split())


@pytest.mark.parametrize(("name", "added", "no_year"), [("kingjr-2020.csv", 50, 2), ("cvejoski-2024.csv", 33, 3)])
def test_a_scholar_profile_export_comes_in_row_by_row(tmp_path, name, added, no_year):
    export = SAMPLES / name
    root = collection(tmp_path, "- id: mine\n  title: Our papers\n")
    assert detect_format(export.read_text(encoding="utf-8-sig")) == SCHOLAR_CSV
    result, papers = import_export(export, root, "mine")
    assert result.exit_code == 1, result.output  # the rows without a year are skipped, each with its reason
    assert f"{name} (Google Scholar CSV): added {added} papers" in result.output
    assert result.output.count("skipped: no date: a paper needs a title, authors and a date") == no_year
    rows = [(number, row) for number, row in enumerate(export_rows(export), start=1) if row["Year"]]
    assert len(rows) == added  # every row with a year is a paper of its own
    for number, row in rows:
        paper = papers[row["Title"]]
        names = [family_first(name) for name in row["Authors"].split(";") if name.strip()]
        assert paper["authors"] == names and paper["date"] == row["Year"]
        arxiv = row["Publication"].removeprefix("arXiv preprint arXiv:")
        if arxiv != row["Publication"]:
            assert paper["arxiv"] == arxiv and "venue" not in paper.metadata
        else:
            assert paper.get("venue") == (" ".join(row["Publication"].split()) or None)
        citation = paper.get("citation") or {}
        assert citation.get("volume", "") == row["Volume"] and citation.get("number", "") == row["Number"]
        assert citation.get("pages", "") == row["Pages"].replace("-", "–")
        assert citation.get("publisher", "") == row["Publisher"]
        capped = (f"{name}: row {number}, line {number + 1}: ignored fields: authors: Google Scholar's CSV names at "
                  "most 10 authors, and names 10 here: the paper may have more")
        assert (capped in result.output) == (len(names) == 10)
    assert validates(root)


def test_scholars_header_with_and_without_its_byte_order_mark():
    text = (SAMPLES / "cvejoski-2024.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert detect_format(text) == detect_format(text.lstrip("\ufeff")) == SCHOLAR_CSV
    assert detect_format(text.replace("Authors,Title", "Authors,Name", 1)) != SCHOLAR_CSV


def test_a_reason_most_rows_share_is_said_once_with_the_rows_it_covers(tmp_path):
    """A new collection has none of the profile's topics: the 50 dated rows are skipped for it, said in one
    line naming them (not 50 alike), while the two rows without a year keep a line each."""
    export = SAMPLES / "kingjr-2020.csv"
    root = collection(tmp_path, "- id: mine\n  title: Our papers\n")
    result = CliRunner().invoke(cli, ["import", str(export), "--root", str(root)])
    assert result.exit_code == 1
    undated = [number for number, row in enumerate(export_rows(export), start=1) if not row["Year"]]
    assert undated == [36, 38]
    assert ("kingjr-2020.csv: 50 entries skipped: no topic: none of its keywords names a topic of topics.yml (by "
            "id, title or alias); give --topic for such entries: rows 1–35, 37, 39–52\n") in result.output
    assert result.output.count("skipped: no topic") == 1
    for number in undated:
        assert f"kingjr-2020.csv: row {number}, line {number + 1}: skipped: no date:" in result.output
    assert "50 entries have no topic" in result.output and not list((root / "papers").iterdir())


def test_origins_of_several_kinds_are_each_named():
    assert origins_in_short(["row 3, line 4", "row 1, line 2", "row 2, line 3"]) == "rows 1–3"
    mixed = ["entry 1 (key a), line 1", "notes/b.md"]
    assert origins_in_short(mixed) == "entry 1 (key a), line 1; notes/b.md"
    assert origins_in_short(["item 2", "paper 5"]) == "item 2; paper 5"
