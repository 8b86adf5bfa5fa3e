"""PubMed's MEDLINE format (.nbib): real exports (tests/fixtures/sources/medline/, origins in the README there)
imported through the command, and the field readings MEDLINE needs (dates, shortened pages, titles)."""

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.sources.detect import MEDLINE, detect_format, parse_import
from papershelf.sources.medline import issue_date, medline_pages, parse_medline

MEDLINE_FILES = Path(__file__).parent / "fixtures" / "sources" / "medline"
TOPICS = """\
- id: neuroscience
  title: Neuroscience methods
  aliases: [ERP, Electroencephalography]
- id: genetics
  title: Genetics
"""


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    return tmp_path


def imported(root: Path, name: str, *options: str) -> tuple[str, dict[str, frontmatter.Post]]:
    result = CliRunner().invoke(cli, ["import", str(MEDLINE_FILES / name), "--root", str(root), *options])
    assert result.exit_code == 0, result.output
    return result.output, {path.stem: frontmatter.load(path) for path in (root / "papers").glob("*.md")}


def test_a_pubmed_export_becomes_papers_with_their_ids_venue_keywords_and_links(root):
    output, papers = imported(root, "limo-eeg-citations.nbib")
    assert "limo-eeg-citations.nbib (PubMed MEDLINE): added 2 papers, skipped 0" in output
    assert "record 2 (PMID 25128255), line 67: ignored fields: AD, CI, CRDT, DA, EDAT, GR, IS, JID" in output
    cluster = papers["cluster-based-computational-methods-for-mass-univariate-analyses-of-event"]
    assert cluster.metadata["title"] == ("Cluster-based computational methods for mass univariate analyses of "
                                         "event-related brain potentials/fields: A simulation study")  # no final "."
    assert cluster.metadata["authors"] == ["C R Pernet", "M Latinus", "T E Nichols", "G A Rousselet"]  # FAU
    assert cluster.metadata["date"] == "2014-08-13"  # DEP, the first public version (DP is "2015 Jul 30")
    assert cluster.metadata["doi"] == "10.1016/j.jneumeth.2014.08.003"  # among LID/AID, not the [pii]
    assert cluster.metadata["venue"] == "Journal of neuroscience methods"
    assert cluster.metadata["topics"] == ["neuroscience"]  # OT keyword "ERP" is an alias
    assert cluster.metadata["links"] == {"pubmed": "https://pubmed.ncbi.nlm.nih.gov/25128255/",
                                         "pmc": "https://pmc.ncbi.nlm.nih.gov/articles/PMC4510917/"}
    assert cluster.metadata["citation"] == {"type": "article", "volume": "250", "pages": "85–93"}
    assert "Threshold free cluster enhancement" in cluster.metadata["tags"]
    assert cluster.content.startswith("BACKGROUND: In recent years, analyses of event related potentials/fields "
                                      "have moved from")  # continuation lines joined
    limo = papers["limo-eeg-a-toolbox-for-hierarchical-linear-modeling-of-electroencephalographic"]
    assert limo.metadata["topics"] == ["neuroscience"]  # MeSH "Electroencephalography/*methods"
    assert "Linear Models" in limo.metadata["tags"] and "Brain" in limo.metadata["tags"]  # no "*", no "/physiology"
    assert limo.metadata["date"] == "2011-02-21" and limo.metadata["citation"]["pages"] == "831409"
    assert CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0
    from papershelf.model.collection import load_collection
    from papershelf.site.rows import paper_links

    [shown] = [paper_links(p) for p in load_collection(root).papers if p.slug.startswith("cluster-based")]
    assert ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/25128255/") in shown
    assert ("PubMed Central", "https://pmc.ncbi.nlm.nih.gov/articles/PMC4510917/") in shown


def test_a_group_author_follows_the_people_and_an_id_marked_pii_is_not_the_doi(root):
    _, papers = imported(root, "asian-study-citations.nbib", "--topic", "genetics")
    [paper] = papers.values()
    assert paper.metadata["authors"][:3] == ["Kate Lawrenson", "Fengju Song", "Dennis J Hazelett"]
    assert paper.metadata["authors"][-1] == "Australian Ovarian Cancer Study Group"  # CN
    assert len(paper.metadata["authors"]) == 52 + 1  # 52 FAU lines and one CN
    assert paper.metadata["doi"] == "10.1016/j.ygyno.2019.02.023"
    assert paper.metadata["date"] == "2019-03-19" and paper.metadata["venue"] == "Gynecologic oncology"
    assert paper.metadata["citation"] == {"type": "article", "volume": "153", "number": "2", "pages": "343–355"}


def test_medline_is_detected_and_a_record_without_a_title_is_skipped_with_the_reason():
    text = (MEDLINE_FILES / "limo-eeg-citations.nbib").read_text(encoding="utf-8")
    assert detect_format(text) == MEDLINE
    kind, parsed = parse_import("PMID- 1\nAU  - Lee A\nDP  - 2020\n\nPMID- 2\nTI  - Kept.\nFAU - Lee, Ann\nDP  - 2020\n")
    assert kind == MEDLINE and [type(item).__name__ for item in parsed.items] == ["Skipped", "PaperDraft"]
    assert parsed.items[0].origin == "record 1 (PMID 1), line 1" and "title" in parsed.items[0].reason
    assert parsed.items[1].meta["title"] == "Kept"


@pytest.mark.parametrize(("given", "read"), [
    ("2019", "2019"), ("2019 May", "2019-05"), ("2015 Jul 30", "2015-07-30"), ("2019 Spring", "2019"),
    ("2018 Dec-2019 Jan", "2018-12"), ("2019 May-Jun", "2019-05"), ("", None), ("Spring 2019", None)])
def test_issue_dates(given, read):
    assert issue_date(given) == read


@pytest.mark.parametrize(("given", "read"), [
    ("85-93", "85–93"), ("1234-9", "1234–1239"), ("1234-56", "1234–1256"), ("831409", "831409"),
    ("e1002-8", "e1002-8"), ("12-12", "12")])
def test_pages_as_printed(given, read):
    assert medline_pages(given) == read


def test_a_translated_title_loses_its_brackets_and_period():
    [draft] = parse_medline("PMID- 3\nTI  - [Heart failure in the elderly].\nFAU - Lee, Ann\nDP  - 2001\n").items
    assert draft.meta["title"] == "Heart failure in the elderly"


def test_the_doi_is_the_id_marked_doi_read_word_by_word():
    """Split into words, not matched by a pattern that rescans: a hostile article id of megabytes is one word."""
    from papershelf.sources.medline import doi_ids

    assert doi_ids("S0090-8258(19)30133-7 [pii] 10.1016/j.ygyno.2019.02.023 [doi]") == ["10.1016/j.ygyno.2019.02.023"]
    assert doi_ids("x" * 1_000_000 + " [pii]") == [] and doi_ids("[doi] 10.1/a") == []
