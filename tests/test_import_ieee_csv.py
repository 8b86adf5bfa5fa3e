"""IEEE Xplore's CSV export: a real export (tests/fixtures/sources/ieee-csv/, origin in the README there)
imported through the command and checked field by field against its rows, read here with the csv module."""

from pathlib import Path

from import_checks import collection, export_rows, imported, validates
from papershelf.sources.detect import IEEE_CSV, detect_format

EXPORT = Path(__file__).parent / "fixtures" / "sources" / "ieee-csv" / "nardone-lpwan-ieeexplore.csv"


def test_an_ieee_xplore_export_comes_in_row_by_row(tmp_path):
    root = collection(tmp_path, "- id: iot\n  title: IoT\n  aliases: [LoRa]\n- id: networks\n  title: Networks\n")
    assert detect_format(EXPORT.read_text(encoding="utf-8")) == IEEE_CSV
    papers = imported(EXPORT, root, "networks", "nardone-lpwan-ieeexplore.csv (IEEE Xplore CSV): added 3 papers, "
                      "skipped 0", "nardone-lpwan-ieeexplore.csv: row 1, line 2: ignored fields: Author Affiliations, "
                      "INSPEC Controlled Terms, INSPEC Non-Controlled Terms")
    for row in export_rows(EXPORT):
        paper = papers[row["Document Title"]]
        assert paper["authors"] == row["Authors"].split("; ")
        assert paper["date"] == row["Publication Year"] and paper["venue"] == row["Publication Title"]
        assert paper["doi"] == row["DOI"] and paper["links"] == {"ieee": row["PDF Link"]}
        assert paper.content.strip() == " ".join(row["Abstract"].split())
        keywords = [word.strip() for column in ("Author Keywords", "IEEE Terms") for word in row[column].split(";")]
        assert paper["tags"] == list(dict.fromkeys(word for word in keywords if word))[:len(paper["tags"])]
        assert paper["topics"] == (["iot"] if "LoRa" in keywords else ["networks"])
        assert paper["citation"]["type"] == {"IEEE Conferences": "inproceedings",
                                             "IEEE Journals": "article"}[row["Document Identifier"]]
        assert paper["citation"]["pages"] == f"{row['Start Page']}–{row['End Page']}"
        assert paper["citation"].get("volume", "") == row["Volume"]
    assert validates(root)
