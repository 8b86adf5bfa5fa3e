"""Web of Science's plain-text and tab-delimited exports: real savedrecs.txt files (tests/fixtures/sources/wos/, origins in the
README there) imported through the command, and the readings WoS needs (dates, record lines)."""

import csv
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from import_checks import collection, imported, validates
from papershelf.cli import cli
from papershelf.sources.detect import WOS, WOS_TABS, detect_format, parse_import
from papershelf.sources.wos import wos_date

WOS_FILES = Path(__file__).parent / "fixtures" / "sources" / "wos"
TOPICS = "- id: ai\n  title: Generative AI\n  aliases: [Generative AI]\n- id: ecology\n  title: Ecology\n"


def test_a_web_of_science_export_becomes_papers_with_full_names_dates_and_links(tmp_path):
    root = collection(tmp_path, TOPICS)
    papers = imported(WOS_FILES / "genai-authorship-savedrecs.txt", root, "ecology",
                      "genai-authorship-savedrecs.txt (Web of Science): added 4 papers, skipped 0",
                      "record 2 (WOS:001067510500001), line 38: ignored fields: C1, C3, CR, EM, FU, FX, OI, RI, RP")
    copyright_paper = papers["Generative AI meets copyright"]
    assert copyright_paper["authors"] == ["Pamela Samuelson"]  # AF, not AU's "Samuelson, P"
    assert copyright_paper["date"] == "2023-07-14"  # PY 2023, PD "JUL 14"
    assert copyright_paper["venue"] == "SCIENCE" and copyright_paper["doi"] == "10.1126/science.adi0656"
    assert copyright_paper["links"] == {
        "wos": "https://www.webofscience.com/wos/woscc/full-record/WOS:001046573800010",
        "pubmed": "https://pubmed.ncbi.nlm.nih.gov/37440639/"}
    assert copyright_paper["citation"] == {"type": "misc", "volume": "381", "number": "6654", "pages": "158–161",
                                           "publisher": "AMER ASSOC ADVANCEMENT SCIENCE"}
    assert copyright_paper.content.startswith("Generative artificial intelligence (AI) is a disruptive technology")
    # two editorials titled "Generative AI": different authors, years and DOIs, so two papers
    namesakes = [post for post in map(frontmatter.load, sorted((root / "papers").glob("*.md")))
                 if post["title"] == "Generative AI"]
    assert sorted(post["doi"] for post in namesakes) == ["10.1007/s12599-023-00834-7", "10.1080/08956308.2023.2188861"]
    feuerriegel = next(post for post in namesakes if post["authors"][0] == "Stefan Feuerriegel")
    assert feuerriegel["authors"] == ["Stefan Feuerriegel", "Jochen Hartmann", "Christian Janiesch", "Patrick Zschech"]
    assert feuerriegel["date"] == "2024-02" and feuerriegel["topics"] == ["ai"]  # DE keyword "Generative AI"
    assert feuerriegel["tags"][:3] == ["Generative AI", "Artificial intelligence", "Decision support"]
    assert "Content creation" in feuerriegel["tags"]  # a keyword continued on the next line
    assert validates(root)


def test_titles_lose_their_markup_and_records_say_their_lines(tmp_path):
    root = collection(tmp_path, TOPICS)
    papers = imported(WOS_FILES / "brunalab-savedrecs.txt", root, "ecology",
                      "brunalab-savedrecs.txt: record 1 (WOS:001331408900001), line 3: ignored fields: C1, C3, EM, RP")
    assert set(papers) == {
        "Is there really such a thing as Tropical Biology?",
        "Does chronic nitrogen deposition have effects on grass physiology of natural habitats?",
        "Demography of the understory herb Heliconia acuminata (Heliconiaceae) in an experimentally fragmented "
        "tropical landscape"}
    assert papers["Is there really such a thing as Tropical Biology?"]["date"] == "2024-10-09"  # PD "2024 OCT 9"


def test_dates_take_what_the_issue_date_gives():
    assert wos_date("2023", "MAY 4") == "2023-05-04"
    assert wos_date("2024", "FEB") == "2024-02"
    assert wos_date("2024", "2024 OCT 9") == "2024-10-09"
    assert wos_date("2023", "FEB 30") == "2023-02"  # no such day: the month only
    assert wos_date("2023", "SPR") == "2023" and wos_date("2023", "") == "2023" and wos_date("", "MAY") is None


def test_a_file_cut_after_a_record_still_reads_and_a_broken_line_is_a_clear_error(tmp_path):
    text = (WOS_FILES / "brunalab-savedrecs.txt").read_text(encoding="utf-8")
    assert detect_format(text) == WOS
    cut = text[:text.index("\nER\n") + 4]  # the first record, no EF
    assert [draft.meta["title"] for draft in parse_import(cut)[1].drafts] == [
        "Is there really such a thing as Tropical Biology?"]
    broken = tmp_path / "broken.txt"
    broken.write_text(cut.replace("\nPY 2024\n", "\nPY\n"), encoding="utf-8")  # a tag without its value
    result = CliRunner().invoke(cli, ["import", str(broken), "--root", str(collection(tmp_path, TOPICS)),
                                      "--topic", "ecology"])
    assert result.exit_code == 2 and "not valid Web of Science text" in result.output, result.output
    assert not list((tmp_path / "papers").glob("*.md"))


TAB_FILES = ("scientopy-2017-tab-delimited.txt", "scientopy-2026-tab-delimited.txt")


@pytest.mark.parametrize("name", TAB_FILES)
def test_the_tab_delimited_export_is_read_cell_by_cell(tmp_path, name):
    export = WOS_FILES / name
    with export.open(encoding="utf-8-sig", newline="") as handle:  # WoS quotes nothing: a tab ends every cell
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert detect_format(export.read_text(encoding="utf-8"), name) == WOS_TABS
    root = collection(tmp_path, TOPICS)
    papers = imported(export, root, "ecology",
                      f"{name} (Web of Science tab-delimited): added {len(rows)} papers, skipped 0",
                      f"record 2 ({rows[1]['UT']}), line 3: ignored fields: ")
    for row in rows:
        paper = papers[row["TI"]]
        assert paper["authors"] == [" ".join(reversed(name.split(", ", 1))) for name in row["AF"].split("; ")]
        assert paper["date"].startswith(row["PY"]) and paper.get("doi") == (row["DI"] or None)
        assert paper["links"]["wos"].endswith(row["UT"]) and paper.content == row["AB"].strip()
        assert paper["venue"] == row["SO"]
    assert validates(root)
