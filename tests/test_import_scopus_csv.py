"""Scopus's CSV export: a real export (tests/fixtures/sources/scopus-csv/, origin in the README there) imported
through the command and checked field by field against its rows, read here with the csv module."""

from pathlib import Path

import pytest

from import_checks import collection, export_rows, import_export, imported, validates
from papershelf.sources.detect import SCOPUS_CSV, detect_format, parse_import

EXPORT = Path(__file__).parent / "fixtures" / "sources" / "scopus-csv" / "pybibx-scopus.csv"


@pytest.fixture
def root(tmp_path) -> Path:
    return collection(tmp_path, "- id: welding\n  title: Welding\n  aliases: [Friction stir welding]\n"
                                "- id: materials\n  title: Materials\n")


def test_a_scopus_export_comes_in_row_by_row(root):
    papers = imported(EXPORT, root, "materials", "pybibx-scopus.csv (Scopus CSV): added 5 papers, skipped 0",
                      "pybibx-scopus.csv: row 1 (key 2-s2.0-85094136345), line 2: ignored fields: Affiliations, "
                      "Authors with affiliations, References")
    for row in export_rows(EXPORT):
        paper = papers[row["Title"]]
        # "Unnikrishnan, M.A. (57197735070)": the full name without the Scopus id, given names first
        assert paper["authors"] == [" ".join(reversed(name.rsplit(" (", 1)[0].split(", ", 1)))
                                    for name in row["Author full names"].split("; ")]
        assert paper["date"] == row["Year"] and paper["venue"] == row["Source title"]
        assert paper.get("doi", "") == row["DOI"]
        assert paper["links"] == {"scopus": row["Link"]}
        assert paper.content.strip() == " ".join(row["Abstract"].split())  # runs of spaces as one
        keywords = [word for column in ("Author Keywords", "Index Keywords") for word in row[column].split("; ") if word]
        assert paper["tags"] == list(dict.fromkeys(keywords))[:len(paper["tags"])] and paper["tags"]
        pages = row["Page start"] + ("–" + row["Page end"] if row["Page end"] else "")
        assert paper["citation"].get("pages", "") == pages
        assert paper["citation"]["type"] == {"Article": "article", "Review": "article",
                                             "Conference paper": "inproceedings"}[row["Document Type"]]
        # "Friction stir welding" is an alias of the welding topic: keywords choose it over --topic
        assert paper["topics"] == (["welding"] if "Friction stir welding" in keywords else ["materials"])
    assert validates(root)


def test_scopus_placeholders_are_not_data():
    header = '"Authors","Author full names","Author(s) ID","Title","Year","Source title","Abstract","PubMed ID","EID"\n'
    row = '"Lee A.","Lee, Ann (123)","123","A Paper","2020","A Journal","[No abstract available]","31234567","2-s2.0-1"\n'
    assert detect_format(header + row) == SCOPUS_CSV
    _, result = parse_import("\ufeff" + header + row)
    [draft] = result.drafts
    assert draft.abstract == "" and draft.meta["authors"] == ["Ann Lee"]
    assert draft.meta["links"] == {"pubmed": "https://pubmed.ncbi.nlm.nih.gov/31234567/"}



def test_an_older_export_separates_every_name_by_commas_and_a_volume_without_authors_is_no_paper(root):
    """Scopus's exports before ~2021: "Authors" is "Family, I., Family, I.", there is no "Author full names"
    column, the header is not quoted and a proceedings volume's own record has "[No author name available]"."""
    older = EXPORT.parent / "nardone-lpwan-scopus.csv"
    assert detect_format(older.read_text(encoding="utf-8")) == SCOPUS_CSV
    result, papers = import_export(older, root, "materials")
    assert "nardone-lpwan-scopus.csv (Scopus CSV): added 2 papers, skipped 1" in result.output
    assert "row 3 (key 2-s2.0-85083979588), line 4: skipped: no authors" in result.output, result.output
    smart = papers["A non-intrusive Smart metering system: Analytics and simulation of power consumption"]
    assert smart["authors"] == ["P. Fecil'ak", "A. Pekár", "N. Ádám", "A. Baláž", "E. Chovancová"]
    assert smart["citation"]["type"] == "inproceedings"  # "Conference Paper"
    assert [post["authors"] for post in papers.values() if post is not smart] == [["R.P. Astutik", "H.A. Winarno"]]
