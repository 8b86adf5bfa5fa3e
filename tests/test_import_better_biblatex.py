"""Better BibLaTeX (Zotero) as it writes names with a particle, in biblatex's extended name format (`family=Schaik,
given=André, prefix=van, useprefix=true`, its default), a conference's days as a date range, a shortDOI, and names
kept whole (`{P. Widhalm}`). Real entries (tests/fixtures/sources/exporters/, origins in its README)."""

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from import_checks import validates
from papershelf.cli import cli
from papershelf.sources.bibtex import parse_bibtex

EXPORT = Path(__file__).parent / "fixtures" / "sources" / "exporters" / "better-biblatex-extended-names.bib"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[str, dict[str, frontmatter.Post], Path]:
    root = tmp_path_factory.mktemp("shelf")
    (root / "papers").mkdir()
    (root / "topics.yml").write_text("- id: vision\n  title: Vision\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(EXPORT), "--topic", "vision", "--root", str(root)])
    assert "Traceback" not in result.output
    papers = {post["citation"]["key"]: post for post in map(frontmatter.load, (root / "papers").glob("*.md"))}
    return result.output, papers, root


def test_a_name_in_biblatexs_extended_format_is_read_and_its_entry_kept(imported):
    output, papers, root = imported
    assert "added 3 papers, skipped 0" in output and "Too many commas" not in output
    assert papers["joubertEventCameraSimulator2021"]["authors"] == [
        "Damien Joubert", "Alexandre Marcireau", "Nic Ralph", "Andrew Jolley", "André van Schaik", "Gregory Cohen"]
    # only its editor, d’Avila Garcez, is written so: the entry is no longer lost for a field papershelf ignores
    vipro = papers["takenakaViProEnablingControlling2024"]
    assert vipro["authors"] == ["Patrick Takenaka", "Johannes Maucher", "Marco F. Huber"]
    assert vipro["doi"] == "10.1007/978-3-031-71167-1_4" and vipro["date"] == "2024"
    assert validates(root)


def test_a_date_range_gives_the_day_it_starts(imported):
    _, papers, _ = imported
    assert papers["P.Widhalm2011"]["date"] == "2011-06-29"  # date = {2011-06-29/2011-07-01}
    assert papers["joubertEventCameraSimulator2021"]["date"] == "2021-07-27"


def test_a_name_of_initials_and_a_family_name_kept_whole_is_a_person_not_an_organization(imported):
    _, papers, _ = imported
    widhalm = papers["P.Widhalm2011"]  # author = {{P. Widhalm} and {H. Koller} and {W. Ponweiser}}
    assert widhalm["authors"] == ["P. Widhalm", "H. Koller", "W. Ponweiser"] and "organizations" not in widhalm


def test_a_short_doi_is_said_for_what_it_is(imported):
    output, papers, _ = imported
    assert "doi" not in papers["joubertEventCameraSimulator2021"]
    assert "doi ('10/grr5d8' is a shortDOI, which only doi.org can turn into the DOI: https://doi.org/10/grr5d8 " \
        "leads to the paper; write its DOI in the paper file)" in output


@pytest.mark.parametrize(("date", "read"), [
    ("2015-06-22/2015-06-26", "2015-06-22"), ("2016-07-18T20:26:06", "2016-07-18"), ("2019-03-09/", "2019-03-09"),
    ("2020-05-01~", "2020-05-01"), ("1897/1913", "1897"), ("2017-24~", "2017"), ("2021-02-30", "2021"),
    ("2017-23/2017-24", "2017"),  # EDTF's seasons (21–24) are no months: the year
])
def test_biblatex_dates_as_better_biblatex_writes_them(date, read):
    draft = parse_bibtex(f"@inproceedings{{k, title={{T}}, author={{Doe, Jane}}, date={{{date}}}}}").drafts[0]
    assert draft.meta["date"] == read


def test_extended_names_with_braces_suffixes_and_initials():
    entry = ("@book{k, title={T}, year={2020}, author={family=Puy de Clinchamps, given=Philippe, given-i={{Ph}}, "
             "prefix=du, useprefix=true and given=Simone, prefix=de, family=Beauvoir and family={van Dijk}, "
             "given=Marten, suffix=Jr. and {Equal=Rights Group}}}")
    assert parse_bibtex(entry).drafts[0].meta["authors"] == [
        "Philippe du Puy de Clinchamps", "Simone de Beauvoir", "Marten van Dijk, Jr.", "Equal=Rights Group"]


def test_a_papers_library_entry_with_an_unclosed_brace_is_skipped_naming_the_field_the_others_kept(tmp_path):
    # a Papers 3 library (ReadCube Papers' predecessor: papers3:// uris, `read`, `rating`) exported by Better BibTeX;
    # `publisher = {Taylor {{\&} Francis},` opens three braces and closes two
    export = EXPORT.parent / "papers3-via-better-bibtex.bib"
    (tmp_path / "papers").mkdir()
    (tmp_path / "topics.yml").write_text("- id: hci\n  title: HCI\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(export), "--topic", "hci", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "added 2 papers, skipped 1" in result.output, result.output
    assert ("entry 2 (key AGESCHEIDER:2009dk), line 21: skipped: cannot be read as BibTeX: its field 'publisher' "
            "(line 28) opens a brace it does not close, so the entry runs on into the next one; close the brace and "
            "import again") in result.output
    posts = [frontmatter.load(path) for path in (tmp_path / "papers").glob("*.md")]
    assert sorted(post["citation"]["key"] for post in posts) == ["Afergan:2014db", "Agrawal:2004p1349"]
    assert not any("papers3:" in str(post.metadata) for post in posts)  # Papers' own uri is no link
