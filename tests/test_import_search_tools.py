"""The CSV exports of literature-search tools a group may start from (SpringerLink, OpenAlex, EBSCOhost, Lens.org,
ResearchRabbit, Dimensions), read as sheets by their column names: real files (tests/fixtures/sources/spreadsheet/,
origins in the README there), each paper checked cell by cell against the rows the csv module reads."""

from __future__ import annotations

import re
from pathlib import Path

from import_checks import collection, export_rows, import_export, validates
from papershelf.sources.spreadsheet import run_together_names

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "spreadsheet"
TOPIC = "- id: reading\n  title: Reading\n"


def imported(tmp_path: Path, name: str) -> tuple[str, dict, list[dict[str, str]], Path]:
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(SAMPLES / name, root, "reading")
    assert result.exit_code == 0, result.output
    rows = export_rows(SAMPLES / name)
    assert f"{name} (spreadsheet CSV): added {len(rows)} papers, skipped 0" in result.output, result.output
    assert validates(root)
    return result.output, papers, rows, root


def doi_of(cell: str) -> str | None:
    return cell.removeprefix("https://doi.org/") or None


def test_springer_names_run_together_are_split_and_lose_their_titles(tmp_path):
    _, papers, rows, _ = imported(tmp_path, "springer-litstudy.csv")
    for row in rows:
        paper = papers[row["Item Title"]]
        # nothing of a name is lost: the names, put together again, are the cell without its academic titles
        assert "".join(paper["authors"]).replace(" ", "") == \
            re.sub(r"(?:Prof|Dr)\. ", "", row["Authors"]).replace(" ", "")
        assert str(paper["date"]) == row["Publication Year"] and paper["doi"] == row["Item DOI"]
        assert paper["venue"] == row["Publication Title"]
    graph = papers["Graph-Based Load Balancing Model for Exascale Computing Systems"]
    assert graph["authors"] == ["Araz R. Aliev", "Nigar T. Ismayilova"]
    assert papers["Fuzzy Information Processing 2020"]["authors"][:3] == \
        ["Barnabás Bede", "Martine Ceberio", "Martine De Cock"]


def test_a_name_with_an_inner_capital_stays_whole():
    assert run_together_names("Yann LeCunGeoffrey HintonDave McWethy") == ["Yann LeCun", "Geoffrey Hinton",
                                                                           "Dave McWethy"]
    assert run_together_names("Prof. Dr. Janusz KacprzykAristotle") == ["Janusz KacprzykAristotle"]


def test_openalex_dotted_columns_and_names_separated_by_bars(tmp_path):
    _, papers, rows, _ = imported(tmp_path, "openalex-drivotin.csv")
    for row in rows:
        paper = papers[row["display_name"]]
        assert paper["authors"] == row["authorships.author.display_name"].split("|")
        assert paper["date"] == row["publication_date"] and paper.get("doi") == doi_of(row["doi"])
        assert paper.get("venue") == (row["primary_location.source.display_name"] or None)


def test_ebsco_contributors_compact_dates_and_one_author_written_family_first(tmp_path):
    _, papers, rows, _ = imported(tmp_path, "ebsco-soil-first8.csv")
    for row in rows:
        paper = papers[row["title"]]
        names = [" ".join(reversed(name.strip().split(", ", 1))) for name in row["contributors"].split(" ; ")]
        assert paper["authors"] == names
        date = row["publicationDate"]
        assert paper["date"] == f"{date[:4]}-{date[4:6]}-{date[6:]}"  # "20241001"
        assert paper.get("doi") == (row["doi"] or None) and paper["venue"] == row["source"]
    alone = next(row["title"] for row in rows if row["contributors"] == "Chatterjee, Nirmalya")
    assert papers[alone]["authors"] == ["Nirmalya Chatterjee"]  # one person, not "Chatterjee" and "Nirmalya"


def test_lens_abstracts_in_jats_come_in_as_text(tmp_path):
    _, papers, rows, root = imported(tmp_path, "lens-lis-first8.csv")
    for row in rows:
        paper = papers[row["Title"]]
        assert paper["authors"] == row["Author/s"].split("; ") and paper["date"] == (row["Date Published"] or row["Publication Year"])
        # a preprint has no source title: its publisher names where it is
        assert paper.get("venue") == (row["Source Title"] or row["Publisher"] or None)
        assert paper.get("doi") == (row["DOI"] or None)
        assert "<" not in paper.content and "&lt;" not in paper.content
        if row["Abstract"]:
            words = re.sub(r"<[^>]+>", " ", row["Abstract"]).split()
            assert paper.content.split()[-3:] == words[-3:]  # the text whole, to its last words
    assert papers["Spatial and Temporal Evolution Patterns of Construction Waste Generation and Influencing Factors "
                  "- China Case Study"].content.startswith("The issue of construction waste reduction")


def test_researchrabbit_names_written_twice_are_kept_once(tmp_path):
    output, papers, rows, _ = imported(tmp_path, "researchrabbit-soil-first10.csv")
    for row in rows:
        paper = papers[row["Title"]]
        cell = row["Authors"].split(",")
        assert paper["authors"] == cell[::2]
        assert str(paper["date"]) == row["Year"] and paper.get("doi") == (row["DOI"] or None)
    assert "each author's name written twice in a row (as ResearchRabbit exports them): kept once" in output
    epting = next(paper for paper in papers.values() if paper["authors"][0] == "Justin Epting")
    assert epting["authors"] == ["Justin Epting", "David L. Verbyla", "Brian Sorbel"]  # "David L. Verbyla,David Verbyla"
    koren = next(paper for paper in papers.values() if paper["authors"][0] == "Milan Koreň")  # "Milan Koreň,M. Koren"
    assert koren["authors"] == ["Milan Koreň", "M. Slančík", "Josef Suchomel", "J. Dubina"]


DIMENSIONS_HEADER = ("Rank,Publication ID,DOI,PMID,PMCID,Title,Source title,Anthology title,MeSH terms,Publication Date,"
                     "PubYear,Volume,Issue,Pagination,Open Access,Publication Type,Authors")


def test_a_dimensions_export_is_read_below_its_note_on_the_data(tmp_path):
    # Dimensions' files say their redistribution is prohibited: its layout (a note padded with the header's
    # commas, then the header, as in its exports of 2020), with a paper of the bundled collection as the row
    note = '"About the data: Exported on Aug 27, 2020. Criteria: …"' + "," * 16
    row = ('1,pub.1,10.48550/arXiv.2504.02922,,,Overcoming Sparsity Artifacts in Crosscoders,arXiv,,,2025-04-03,2025,'
           ',,,All OA,Preprint,"Minder, Julian; Dumas, Clément; Juang, Caden"')
    root = collection(tmp_path, TOPIC)
    sheet = tmp_path / "Dimensions-Publication-2020-08-27_14-54-02.csv"
    sheet.write_text(f"{note}\n{DIMENSIONS_HEADER}\n{row}\n", encoding="utf-8")
    result, papers = import_export(sheet, root, "reading")
    assert result.exit_code == 0 and "row 1, line 3" not in result.output, result.output
    paper = papers["Overcoming Sparsity Artifacts in Crosscoders"]
    assert paper["authors"] == ["Julian Minder", "Clément Dumas", "Caden Juang"] and paper["date"] == "2025-04-03"
    assert paper["arxiv"] == "2504.02922"


def test_lens_writes_null_for_a_given_name_it_lacks_which_is_no_name(tmp_path):
    output, papers, rows, _ = imported(tmp_path, "lens-bibliotobler-first8.csv")
    for row in rows:
        written = [name.replace("null ", "", 1) if name.startswith("null ") else name
                   for name in row["Author/s"].split("; ")]
        assert papers[row["Title"]]["authors"] == written
    assert any(name.startswith("null ") for row in rows for name in row["Author/s"].split("; "))
    assert "'null' in author names (an exporter's empty field, not a name: removed)" in output
