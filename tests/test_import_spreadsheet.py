"""A reading list kept in a spreadsheet and saved as CSV: three real sheets from groups' repositories
(tests/fixtures/sources/spreadsheet/, origin in the README there) imported through the command and checked cell
by cell against their rows, read here with the csv module; and a sheet whose rows lack what arXiv gives, filled
from the recorded arXiv API on a local server."""

import ast
import csv
import gzip
import json
import sqlite3
import zipfile
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner, Result

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from import_checks import collection, export_rows, import_export, validates
from papershelf.cli import cli
from papershelf.model.problems import UsageError
from papershelf.sources import MONTHS
from papershelf.sources.detect import (
    IEEE_CSV,
    PUBMED_CSV,
    SCHOLAR_CSV,
    SCOPUS_CSV,
    SPREADSHEET,
    ZOTERO_CSV,
    detect_format,
)
from papershelf.sources.identifiers import doi_in_url
from papershelf.sources.spreadsheet import list_cell, row_date, split_authors

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "spreadsheet"
SOURCES = Path(__file__).parent / "fixtures" / "sources"
TOPIC = "- id: reading\n  title: Reading group\n"


def imported_sample(tmp_path: Path, name: str) -> tuple[Result, dict[str, frontmatter.Post], Path, Path]:
    """A sample imported into a new collection with no entry skipped: the command's result, its papers by title,
    the sample and the collection."""
    export = SAMPLES / name
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(export, root, "reading")
    assert result.exit_code == 0, result.output
    return result, papers, export, root


def test_a_research_log_sheet_comes_in_with_its_names_tags_and_summaries(tmp_path):
    result, papers, export, root = imported_sample(tmp_path, "research-log.csv")
    assert "research-log.csv (spreadsheet CSV): added 2 papers" in result.output
    rows = export_rows(export)
    assert len(papers) == len(rows) == 2
    for row in rows:
        paper = papers[row["title"]]
        assert paper["authors"] == [name.strip() for name in row["authors"].split(",")]  # "Yann LeCun, Léon Bottou"
        assert paper["date"] == row["year"]
        assert paper["tags"] == [row["field"]] + [tag.strip() for tag in row["tags"].split(",")]
        assert row["summary"] in paper.content and "## Notes" in paper.content  # the summary is the curator's note
    # the columns papershelf does not read, said once for the sheet
    assert result.output.count("research-log.csv: columns not read (their cells stay in the sheet): filename, "
                               "method, date_reviewed\n") == 1 and "ignored fields" not in result.output
    lecun = papers["Gradient-Based Learning Applied to Document Recognition"]
    assert lecun["links"] == {"pdf": "http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf"}  # its "arxiv" cell: no id
    assert "arxiv" not in lecun.metadata
    assert validates(root)


def test_a_literature_review_sheet_keeps_its_names_links_and_venues_and_not_its_comments(tmp_path):
    result, papers, export, root = imported_sample(tmp_path, "longterm-review-first8.csv")
    rows = export_rows(export)
    assert len(papers) == len(rows) == 8
    for row in rows:
        paper = papers[" ".join(row["Title"].split())]
        assert paper["authors"] == [name.strip() for name in row["Authors"].split(";")]  # "H. Chen; A. K. Ostrowski"
        assert paper["venue"] == row["Venue"] and paper["date"] == row["Year"]
        assert paper["links"] == {"paper": row["Link"]}  # IEEE Xplore's page
    # the unnamed first column (the reviewer's initials) and the Comments column are reported, never written
    notice = next(line for line in result.output.splitlines() if "columns not read" in line)
    assert notice.startswith("longterm-review-first8.csv: columns not read (their cells stay in the sheet): ")
    assert "column 1 (no name in the header)" in notice and "Comments" in notice and "Main results" in notice
    assert result.output.count("columns not read") == 1
    written = "".join(path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md"))
    for row in rows:
        for line in row["Comments"].splitlines():
            assert len(line) < 20 or line not in written
    assert validates(root)


def test_a_sheet_without_an_authors_column_says_which_column_to_add_and_writes_nothing(tmp_path):
    export = SAMPLES / "paper-library-first6.csv"
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(export, root, "reading")
    assert result.exit_code == 1 and not papers
    assert result.output.count("skipped: no authors: a paper needs a title, authors and a date; add a column "
                               "'Authors' (names separated by ';'), or give the row an arXiv link") == 6
    assert "paper-library-first6.csv: row 6, line 7: skipped" in result.output


def test_author_lists_a_script_wrote_python_and_json_come_in_as_names(tmp_path):
    root = collection(tmp_path, TOPIC)
    backdoor = SAMPLES / "daily-backdoor-first6.csv"  # ['Virat Shejwalkar', 'Amir Houmansadr']: Python's repr
    result, papers = import_export(backdoor, root, "reading")
    assert result.exit_code == 0, result.output
    for row in export_rows(backdoor):
        paper = papers[row["title"]]
        assert paper["authors"] == ast.literal_eval(row["authors"]) and paper["venue"] == row["proceedings"]
    arxiv = SAMPLES / "austin-cheng-first3.csv"  # ["Yichi Zhang", …]: JSON; the paper's arXiv page in "id"
    result, papers = import_export(arxiv, root, "reading")
    assert result.exit_code == 0, result.output
    for row in export_rows(arxiv):
        paper = papers[row["title"]]
        assert paper["authors"] == json.loads(row["authors"]) and paper["tags"] == json.loads(row["categories"])
        assert paper["arxiv"] == row["id"].removeprefix("http://arxiv.org/abs/").split("v")[0]
        assert paper["date"] == row["published"][:10]
    assert "columns not read (their cells stay in the sheet): title_ch, summary_ch, filepath, read, favorite, " \
        "fulltext_ch" in result.output
    assert validates(root)


def test_a_first_author_column_and_publisher_pages_named_by_their_doi(tmp_path):
    result, papers, export, root = imported_sample(tmp_path, "irss-first8.csv")
    for row in export_rows(export):
        paper = papers[row["Title"]]
        assert paper["authors"] == [row["First author"]] and paper["more_authors"] is True  # more, not recorded
        assert paper["links"] == {"paper": row["Link"]}
        doi = row["Link"].partition("/doi/")[2].removeprefix("full/").removeprefix("abs/")
        assert paper.get("doi") == (doi or None)
    # Taylor & Francis, CIF (/doi/ and /doi/abs/), Canadian Science: four links of eight name their paper's DOI
    assert sum("doi" in paper.metadata for paper in papers.values()) == 4
    assert validates(root)


def test_an_awesome_lists_data_file_with_its_publisher_column_as_the_venue(tmp_path):
    result, papers, export, root = imported_sample(tmp_path, "awesome-ml4co-first6.csv")
    for row in export_rows(export):
        paper = papers[row["title"]]
        assert paper["authors"] == [name.strip() for name in row["authors"].split(",")]
        assert paper.get("venue") == (None if row["publisher"].lower() == "arxiv" else row["publisher"])
        arxiv = row["link"].removeprefix("https://arxiv.org/abs/")
        assert paper.get("arxiv") == (arxiv if arxiv != row["link"] else None)
        kind = "pdf" if row["link"].endswith(".pdf") else "paper"  # a link to a PDF is one
        assert paper.get("links") == ({kind: row["link"]} if arxiv == row["link"] else None)
        assert "code" not in paper.get("links", {})  # none of these rows names its code
        assert paper["tags"] == [row["category"]]
    assert validates(root)


def test_a_journal_clubs_date_column_is_not_taken_for_the_publication_date(tmp_path):
    export = SAMPLES / "journal-club-first5.csv"  # Windows-1252, the day each paper was discussed in "Date"
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(export, root, "reading")
    assert result.exit_code == 2 and "is not UTF-8 text" in result.output and "--encoding" in result.output
    result = CliRunner().invoke(cli, ["import", str(export), "--encoding", "windows-1252", "--topic", "reading",
                                      "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.count("add a column 'Year' (its 'Date' column is not read: in a reading list it often "
                               "says when a paper was read; name it 'Published' if it is the publication date)") == 5
    assert not list((root / "papers").iterdir())


SHEET = """\
Paper;Author(s);Published;arXiv;Code;Tags;Summary;Notes
Attention Is All You Need;Ashish Vaswani and Noam Shazeer et al.;June 12, 2017;1706.03762;\
https://github.com/tensorflow/tensor2tensor;transformers, attention;Attention alone suffices.;Bo presents
Toy Models of Superposition;Elhage, N., Hume, T., Olsson, C.;2022-09-21;;;superposition;;
Mixing of heat-bath random walks;;;https://arxiv.org/abs/1605.08386;;;Read for the reading group.;
Lost paper;;;arXiv:0000.0000;;;;
"""


def test_rows_without_authors_or_a_date_ask_arxiv_and_keep_their_own_cells(tmp_path):
    root = collection(tmp_path, TOPIC)
    sheet = tmp_path / "reading.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert detect_format(SHEET) == SPREADSHEET
    with recorded_arxiv_api() as arxiv:
        result = CliRunner().invoke(cli, ["import", str(sheet), "--topic", "reading", "--api-url", arxiv.url,
                                          "--root", str(root)])
    assert arxiv.requests == ["1605.08386,0000.0000"]  # one request, for the rows that need it alone
    assert result.exit_code == 1, result.output
    assert "reading.csv: row 4, line 5: skipped: arXiv has no paper 0000.0000; check the row's link" in result.output
    assert "reading.csv: columns not read (their cells stay in the sheet): Notes" in result.output
    papers = {post["title"]: post for post in map(frontmatter.load, (root / "papers").glob("*.md"))}
    attention = papers["Attention Is All You Need"]
    assert attention["authors"] == ["Ashish Vaswani", "Noam Shazeer"] and attention["more_authors"] is True
    assert attention["date"] == "2017-06-12" and attention["arxiv"] == "1706.03762"
    assert attention["links"] == {"code": "https://github.com/tensorflow/tensor2tensor"}
    assert attention["tags"] == ["transformers", "attention"]
    assert "Attention alone suffices." in attention.content and "Bo presents" not in attention.content
    assert papers["Toy Models of Superposition"]["authors"] == ["N. Elhage", "T. Hume", "C. Olsson"]
    walks = papers["Mixing of heat-bath random walks"]  # the sheet's title, arXiv's authors, date and abstract
    assert walks["authors"] == ["Caprice Stanley", "Tobias Windisch"] and walks["date"] == "2016-05-26"
    assert "heat-bath random walk" in walks.content and "Read for the reading group." in walks.content
    assert validates(root)


def test_a_sheet_that_needs_arxiv_offline_says_so_and_writes_nothing(tmp_path):
    root = collection(tmp_path, TOPIC)
    sheet = tmp_path / "reading.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(sheet), "--topic", "reading", "--api-url", closed_port_url(),
                                      "--root", str(root)])
    assert result.exit_code == 1 and "cannot reach arXiv" in result.output and "nothing was changed" in result.output
    assert not list((root / "papers").iterdir())


def test_a_complete_sheet_imports_offline(tmp_path):
    root = collection(tmp_path, TOPIC)
    sheet = tmp_path / "reading.csv"
    sheet.write_text("\n".join(SHEET.splitlines()[:3]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(sheet), "--topic", "reading", "--api-url", closed_port_url(),
                                      "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert len(list((root / "papers").glob("*.md"))) == 2


@pytest.mark.parametrize(("cell", "names"), [
    ("Yann LeCun, Léon Bottou", ["Yann LeCun", "Léon Bottou"]),
    ("H. Chen; A. K. Ostrowski", ["H. Chen", "A. K. Ostrowski"]),
    ("Lovelace, Ada; Turing, Alan", ["Ada Lovelace", "Alan Turing"]),
    ("Lovelace, A., Turing, A. M.", ["A. Lovelace", "A. M. Turing"]),
    ("Ada Lovelace and Alan Turing", ["Ada Lovelace", "Alan Turing"]),
    ("Ada Lovelace & Alan Turing", ["Ada Lovelace", "Alan Turing"]),
    ("Lovelace, Ada and Turing, Alan", ["Ada Lovelace", "Alan Turing"]),  # BibTeX's way (Rayyan, JabRef tables)
    ("Ada Lovelace, Alan Turing and Grace Hopper", ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
    ("Ada Lovelace\nAlan Turing\n", ["Ada Lovelace", "Alan Turing"]),  # one a line
    ("Kilpatrick ES, Atkin SL", ["Kilpatrick ES", "Atkin SL"]),  # PubMed's short names, as written
    ("Vaswani, Shazeer, Parmar", ["Vaswani", "Shazeer", "Parmar"]),
    ("Elhage et al.", ["Elhage", "et al."]),
    ("Ada Lovelace, Alan Turing, et al", ["Ada Lovelace", "Alan Turing", "et al."]),
    ("", []),
])
def test_an_authors_cell_in_the_shapes_sheets_write_it(cell, names):
    assert split_authors(cell) == names


@pytest.mark.parametrize(("date", "year", "written"), [
    ("June 12, 2017", "", "2017-06-12"), ("12 June 2017", "", "2017-06-12"), ("Jun 2017", "", "2017-06"),
    ("2022-09-21", "2022", "2022-09-21"), ("2022-09-21T10:00:00Z", "", "2022-09-21"),
    ("2022-09-21", "2021", "2021"),  # the cells disagree: the year column is the one meant for it
    ("12/06/2017", "", "2017"),  # day or month first: the year alone
    ("", "2019", "2019"), ("", "c. 2019", "2019"), ("", "", None), ("soon", "", None),
])
def test_a_date_cell_as_papershelf_writes_it(date, year, written):
    assert row_date(date, year) == written


def test_the_exporters_own_csvs_stay_theirs_and_a_sheet_needs_a_title_and_another_column():
    for folder, kind in (("zotero-csv", ZOTERO_CSV), ("scopus-csv", SCOPUS_CSV), ("ieee-csv", IEEE_CSV),
                         ("scholar-csv", SCHOLAR_CSV)):
        for export in sorted((SOURCES / folder).glob("*.csv")):
            assert detect_format(export.read_text(encoding="utf-8-sig")) == kind, export
    assert detect_format("Title\tYear\nA paper\t2020\n") == SPREADSHEET  # tab-separated
    assert detect_format("\ufeffName,Authors\nA paper,Ada Lovelace\n") == SPREADSHEET  # Notion: "Name", with a BOM
    with pytest.raises(UsageError, match="a spreadsheet saved as CSV whose first line names a Title column"):
        detect_format("Title,Importance\nA paper,5\n")


def test_every_sample_row_is_read_by_the_csv_module_as_the_test_reads_it():
    # the samples are whole CSV records, cut at a row's end (the review sheet has cells of several lines)
    for sample in SAMPLES.glob("*.csv"):
        with sample.open(encoding="latin-1" if "journal-club" in sample.name else "utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len({len(row) for row in rows}) == 1, sample


def workbook(path: Path, parts: dict[str, str]) -> Path:
    """A ZIP archive holding `parts` stored as they are, as an office file is: Excel writes xl/workbook.xml and
    xl/worksheets/…; OpenDocument first a `mimetype` part naming its kind."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return path


def test_a_workbook_a_pdf_or_a_zotero_database_given_to_import_says_what_to_import_instead(tmp_path):
    root = collection(tmp_path, TOPIC)
    files = {
        workbook(tmp_path / "papers.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
                                            "xl/worksheets/sheet1.xml": "<worksheet/>"}):
            "is an Excel workbook: save the sheet as CSV and import that (Excel: File → Save As → CSV UTF-8",
        workbook(tmp_path / "papers.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                           "content.xml": "<office:document-content/>"}):
            "is a LibreOffice or OpenOffice spreadsheet: save the sheet as CSV",
        workbook(tmp_path / "export.zip", {"papers.bib": "@article{a, title={A}}"}): "is a ZIP archive: unpack it",
    }
    zotero = tmp_path / "zotero.sqlite"
    with sqlite3.connect(zotero) as database:
        database.execute("CREATE TABLE items (itemID INTEGER PRIMARY KEY)")
    database.close()
    files[zotero] = "is an SQLite database (Zotero's zotero.sqlite?): export the library from Zotero"
    packed = tmp_path / "papers.bib.gz"
    packed.write_bytes(gzip.compress(b"@article{a, title={A}}"))
    files[packed] = "is gzip-compressed: unpack it (gunzip)"
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    files[tmp_path / "paper.pdf"] = "is a PDF: papershelf reads bibliographies, not papers"
    for path, advice in files.items():
        result = CliRunner().invoke(cli, ["import", str(path), "--topic", "reading", "--root", str(root)])
        assert result.exit_code == 2 and f"{path}: {advice}" in result.output, (path, result.output)
        assert "Traceback" not in result.output and "UTF-8" not in result.output.replace("CSV UTF-8", "")
    assert not list((root / "papers").iterdir())


@pytest.mark.parametrize(("url", "doi"), [
    ("https://www.tandfonline.com/doi/full/10.1080/07038992.2016.1207484", "10.1080/07038992.2016.1207484"),
    ("https://dl.acm.org/doi/pdf/10.1145/3292500.3330701?download=true", "10.1145/3292500.3330701"),
    ("https://onlinelibrary.wiley.com/doi/10.1111/j.1365-2745.2009.01234.x/full", "10.1111/j.1365-2745.2009.01234.x"),
    ("https://link.springer.com/chapter/10.1007/978-3-030-58452-8_13", "10.1007/978-3-030-58452-8_13"),
    ("https://www.science.org/doi/10.1126/science.abc1234#sec-1", "10.1126/science.abc1234"),
    ("https://ieeexplore.ieee.org/document/9900834", None),
    ("https://www.sciencedirect.com/science/article/pii/S0034425721001954", None),
    ("https://arxiv.org/abs/1706.03762", None),
])
def test_the_doi_a_publishers_page_is_named_by(url, doi):
    assert doi_in_url(url) == doi


@pytest.mark.parametrize("cell", ["[" * 30_000 + "]" * 30_000, "[" * 300 + "]" * 300, "[" + "1" * 60_000 + "]",
                                  "[" + "(" * 5_000 + "]", "['a', __import__('os').system('true')]", "[1, 2]"])
def test_a_list_shaped_cell_that_is_no_list_of_names_is_read_as_text(cell):
    assert list_cell(cell) is None  # no crash on nesting or huge numbers, nothing evaluated


def test_a_pubmed_csv_export_keeps_its_names_journals_ids_and_citations(tmp_path):
    export = SOURCES / "pubmed-csv" / "smart-on-fhir-first8.csv"
    text = export.read_text(encoding="utf-8-sig")
    assert detect_format(text) == PUBMED_CSV
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(export, root, "reading")
    assert result.exit_code == 0, result.output
    assert "smart-on-fhir-first8.csv (PubMed CSV): added 8 papers, skipped 0" in result.output
    for row in export_rows(export):
        paper = papers[row["Title"]]
        assert paper["authors"] == row["Authors"].removesuffix(".").split(", ")  # as PubMed writes them
        assert paper["venue"] == row["Journal/Book"] and paper.get("doi") == (row["DOI"] or None)
        assert paper["links"] == {"pubmed": f"https://pubmed.ncbi.nlm.nih.gov/{row['PMID']}/"}
        month = row["Citation"].split(". ", 1)[1].split(";")[0].split()[1]  # "J Am Med Inform Assoc. 2017 Mar 1;…"
        assert paper["date"] == f"{row['Publication Year']}-{MONTHS.index(month.lower()) + 1:02d}"
        citation = paper["citation"]
        assert f";{citation['volume']}" in row["Citation"] and citation["pages"].split("–")[0] in row["Citation"]
    fhir = papers["SMART on FHIR: a standards-based, interoperable apps platform for electronic health records"]
    assert fhir["citation"] == {"type": "article", "volume": "23", "number": "5", "pages": "899–908"}
    assert "ignored fields" not in result.output.replace("ignored fields: Create Date", "")
    assert validates(root)


def test_a_rayyan_export_with_its_dates_citations_and_not_its_screening_notes(tmp_path):
    result, papers, export, root = imported_sample(tmp_path, "rayyan-fhir-review-first8.csv")
    written = "".join(path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md"))
    for row in export_rows(export):
        paper = papers[row["title"]]
        parts = [row["year"], *(f"{int(part):02d}" for part in (row["month"], row["day"]) if part)]
        assert paper["date"] == "-".join(parts[:3] if row["month"] else parts[:1])
        assert paper["venue"] == " ".join(row["journal"].split())
        assert paper.get("citation", {}).get("volume") == (row["volume"] or None)
        assert paper.get("citation", {}).get("pages") == (row["pages"].replace("-", "–") or None)
        assert row["notes"].split("|")[0] not in written  # Rayyan's screening decisions stay out
    assert "rayyan-fhir-review-first8.csv: columns not read (their cells stay in the sheet): key, issn, language, " \
        "location, notes" in result.output
    assert validates(root)


def test_an_elicit_table_with_its_dashes_for_nothing(tmp_path):
    root = collection(tmp_path, TOPIC)
    for name, skipped in (("elicit-csr-reporting-first8.csv", 0), ("elicit-study-area-first8.csv", 3)):
        export = SAMPLES / name
        result, papers = import_export(export, root, "reading")
        assert result.exit_code == (1 if skipped else 0), result.output
        assert result.output.count("skipped: no date") == skipped
        for row in export_rows(export):
            if row["Year"] and row["Title"] in papers:
                paper = papers[row["Title"]]
                assert paper.get("doi") == (None if row["DOI"] == "-" else row["DOI"])
                assert paper.get("venue") == (None if row["Venue"] in ("-", "") else row["Venue"])
    assert validates(root)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_sheet_saved_as_unicode_text_utf_16_with_its_byte_order_mark_is_read_as_the_csv_is(tmp_path, encoding):
    # Excel's "Unicode Text (*.txt)": the sheet's cells separated by tabs, CRLF, UTF-16 with a byte order mark;
    # here the real sheet of research-log.csv written so. The mark says the encoding: no --encoding is needed.
    rows = list(csv.reader((SAMPLES / "research-log.csv").open(encoding="utf-8", newline="")))
    text = "".join("\t".join(cell.replace("\t", " ") for cell in row) + "\r\n" for row in rows)
    saved = tmp_path / "research-log.txt"
    data = text.encode(encoding)
    saved.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)
    (tmp_path / "shelf").mkdir()
    root = collection(tmp_path / "shelf", TOPIC)
    result, papers = import_export(saved, root, "reading")
    assert result.exit_code == 0 and "added 2 papers" in result.output, result.output
    assert sorted(papers) == sorted(row["title"] for row in export_rows(SAMPLES / "research-log.csv"))
    assert validates(root)


@pytest.mark.parametrize(("mark", "encoding", "tail", "why"), [
    (b"\xff\xfe", "utf-16-le", b"x", "truncated data"),  # an odd number of bytes
    (b"\xff\xfe", "utf-16-le", b"\x00\xd8A\x00", "illegal UTF-16 surrogate"),  # a lone surrogate
    (b"\xff\xfe\x00\x00", "utf-32-le", b"\x00\x00\x11\x00", "code point not in range(0x110000)"),
])
def test_a_file_whose_byte_order_mark_lies_is_refused_naming_the_encoding_it_claims(tmp_path, mark, encoding, tail,
                                                                                     why):
    saved = tmp_path / "refs.bib"
    saved.write_bytes(mark + "@article{a,title={T},author={A B},year=2020}\n".encode(encoding) + tail)
    (tmp_path / "shelf").mkdir()
    root = collection(tmp_path / "shelf", TOPIC)
    result = CliRunner().invoke(cli, ["import", "--root", str(root), "--topic", "reading", str(saved)])
    claimed = encoding[:6].upper()
    assert result.exit_code == 2, result.output
    assert f"refs.bib: is not {claimed} text, as its first bytes (a byte order mark) say (byte " in result.output
    assert why in result.output and "UTF-8 text" not in result.output and "Traceback" not in result.output
    assert not list((root / "papers").glob("*.md"))
