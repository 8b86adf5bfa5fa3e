"""Authors that are organizations ("PHENIX Collaboration", "Brookhaven National Laboratory", "Nobel Media"): cited,
sorted and described whole, never as a person's family and given names, in every page and export, and imported
back as such. Real inputs: fixtures/sources/README.md ("organizations/")."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import bibtexparser
import frontmatter
import pytest
from bibtexparser import middlewares
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.intake.adding import import_file
from papershelf.model.collection import check_collection
from sitebuild import build_site

SOURCES = Path(__file__).parent / "fixtures" / "sources"
MENDELEY = SOURCES / "organizations" / "mendeley-desktop-jollyhrothgar.bib"
GBT7714 = SOURCES / "organizations" / "csl-json-cjk-gbt7714.json"
CITAVI = SOURCES / "exporters" / "citavi.bib"
NOBEL = "j-j-thomson-biographical"
PHENIX = "w-physics-program-at-rhic"
BABAR = "observation-of-the-decay-b0-p0p0"
BNL = "rhic-complex"
FURMAN = "the-moller-luminosity-factor"
DE_FLORIAN = "helicity-parton-distributions-from-spin-asymmetries-in-w-boson-production-at"
IEC = "software-interface-for-maintenance-information-collection-and-analysis-simica"
ZHANG = "quan-tang-wu-dai-shi-ge-hui-kao"


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("organizations") / "shelf"
    result = CliRunner().invoke(cli, ["init", str(root), "--name", "Organizations"])
    assert result.exit_code == 0, result.output
    for source in (MENDELEY, GBT7714):
        result = CliRunner().invoke(cli, ["import", str(source), "-t", "example-topic", "--root", str(root)])
        assert result.exit_code == 0 and "skipped 0" in result.output, result.output
    return root


@pytest.fixture(scope="module")
def site(collection) -> Path:
    result = build_site(collection, collection / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return collection / "site"


def front(collection: Path, slug: str) -> dict:
    return frontmatter.load(collection / "papers" / f"{slug}.md").metadata


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def reference(site: Path, slug: str) -> str:
    text = page(site, f"papers/{slug}").split('class="ps-reference">')[1].split("</p>")[0]
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def json_ld(site: Path, slug: str) -> dict:
    return json.loads(page(site, f"papers/{slug}").split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_import_records_an_organization_its_name_does_not_reveal_and_keeps_every_spelling(collection):
    # `{{Nobel Media}}`: Zotero's and Mendeley's single-field author, which no word of the name reveals
    assert front(collection, NOBEL)["authors"] == ["Nobel Media"]
    assert front(collection, NOBEL)["organizations"] == ["Nobel Media"]
    # names that say what they are need no entry: the file stays as a curator would write it
    assert front(collection, PHENIX)["authors"] == ["PHENIX Collaboration"]
    assert front(collection, BABAR)["authors"] == ["The BABAR Collaboration", "B. Aubert"]
    assert front(collection, BNL)["authors"] == ["Brookhaven National Laboratory"]
    assert front(collection, IEC)["authors"] == ["International Electrotechnical Commission (IEC)"]  # CSL `literal`
    for slug in (PHENIX, BABAR, BNL, IEC, FURMAN, DE_FLORIAN, ZHANG):
        assert "organizations" not in front(collection, slug), slug
    # a braced family name (`{De Florian}, Daniel`) is a person's; a one-word literal (张伯伟) too
    assert front(collection, DE_FLORIAN)["authors"] == ["Daniel De Florian", "Werner Vogelsang"]
    assert front(collection, ZHANG)["authors"] == ["张伯伟"]
    assert front(collection, FURMAN)["authors"] == ["M a Furman"]
    result = CliRunner().invoke(cli, ["validate", "--root", str(collection)])
    assert result.exit_code == 0, result.output


def test_the_reference_cites_an_organization_by_its_whole_name(site):
    assert reference(site, PHENIX).startswith("PHENIX Collaboration (2008). W Physics Program at RHIC.")
    assert reference(site, BABAR).startswith("The BABAR Collaboration, & Aubert, B. (2003).")
    assert reference(site, BNL).startswith("Brookhaven National Laboratory (2011). RHIC Complex.")
    assert reference(site, NOBEL).startswith("Nobel Media (2014).")
    assert reference(site, IEC).startswith("International Electrotechnical Commission (IEC) (2021).")
    # people as before; an initial whose case an exporter lost is an initial
    assert reference(site, DE_FLORIAN).endswith("https://doi.org/10.1103/PhysRevD.81.094020")
    assert reference(site, FURMAN).startswith("Furman, M. A. (2003).")
    assert reference(site, ZHANG).startswith("张伯伟 (2002).")


def test_json_ld_says_organization_and_citation_author_keeps_the_name(site):
    assert json_ld(site, BABAR)["author"][0] == {"@type": "Organization", "name": "The BABAR Collaboration",
                                                 "url": "https://ourlab.github.io/reading-list/authors/the-babar-collaboration/"}
    assert json_ld(site, BABAR)["author"][1]["@type"] == "Person"
    assert [author["@type"] for author in json_ld(site, NOBEL)["author"]] == ["Organization"]
    assert [author["@type"] for author in json_ld(site, IEC)["author"]] == ["Organization"]
    assert [author["@type"] for author in json_ld(site, ZHANG)["author"]] == ["Person"]
    assert '<meta name="citation_author" content="PHENIX Collaboration">' in page(site, f"papers/{PHENIX}")


def test_the_authors_index_files_an_organization_under_its_whole_name_the_aside(site):
    index = page(site, "authors/by-name")
    names = [html.unescape(name) for name in re.findall(r'href="[^"]*authors/[^"/]+/"[^>]*>([^<]+)</a>', index)]
    assert names == ["B. Aubert", "The BABAR Collaboration", "Brookhaven National Laboratory", "Daniel De Florian",
                     "M a Furman", "International Electrotechnical Commission (IEC)", "Nobel Media",
                     "PHENIX Collaboration", "Werner Vogelsang", "张伯伟"]


def test_bibtex_braces_an_organization_so_that_every_style_reads_one_name(site):
    bib = (site / "papers.bib").read_text(encoding="utf-8")
    assert "author = {{PHENIX Collaboration}}" in bib and "author = {{Nobel Media}}" in bib
    assert "author = {{The BABAR Collaboration} and B. Aubert}" in bib
    stack = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    entries = {entry.key: entry for entry in bibtexparser.parse_string(bib, append_middleware=stack).entries}
    babar = entries["TheBABARCollaboration2003"]["author"]
    assert (babar[0].first, babar[0].last) == ([], ["{The BABAR Collaboration}"])  # no given name, one family name
    assert "author = {{De Florian}, Daniel" not in bib and "Daniel De Florian and Werner Vogelsang" in bib


def test_csl_json_and_ris_write_an_organization_as_one_name(site):
    items = {item["title"]: item for item in json.loads((site / "papers.csl.json").read_text(encoding="utf-8"))}
    assert items["W Physics Program at RHIC"]["author"] == [{"literal": "PHENIX Collaboration"}]
    assert items["J.J. Thomson - Biographical"]["author"] == [{"literal": "Nobel Media"}]
    assert items["The Møller Luminosity Factor ∗"]["author"] == [{"given": "M a", "family": "Furman"}]
    ris = (site / "papers.ris").read_text(encoding="utf-8")
    assert "AU  - Nobel Media,\n" in ris and "AU  - The BABAR Collaboration,\nAU  - Aubert, B.\n" in ris
    papers = {paper["slug"]: paper for paper in json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]}
    assert papers[BABAR]["organizations"] == ["The BABAR Collaboration"]
    assert papers[NOBEL]["organizations"] == ["Nobel Media"] and papers[FURMAN]["organizations"] == []


@pytest.mark.parametrize("name", ["papers.bib", "papers.json", "papers.csl.json", "papers.ris"])
def test_each_export_imports_back_the_same_authors_and_organizations(collection, site, tmp_path, name):
    target = tmp_path / "again"
    assert CliRunner().invoke(cli, ["init", str(target), "--name", "Again"]).exit_code == 0
    report = import_file(target, site / name, ["example-topic"])
    assert report.skipped == [] and len(report.created) == 8, report.summary()
    copies = {paper.meta.title: paper.meta for paper in check_collection(target)[0].papers}
    for paper in check_collection(collection)[0].papers:
        copy = copies[paper.meta.title]
        assert (copy.authors, copy.organizations) == (paper.meta.authors, paper.meta.organizations), (name, paper.slug)


def test_citavi_institutional_author_is_one_name(tmp_path):
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root), "--name", "Citavi"]).exit_code == 0
    import_file(root, CITAVI, ["example-topic"])
    landtag = next(paper for paper in check_collection(root)[0].papers if paper.meta.authors == ["Bayerischer Landtag"])
    assert "organizations" not in frontmatter.load(root / landtag.path).metadata  # a parliament says so: Landtag


def test_organizations_must_name_an_author(tmp_path, collection):
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root), "--name", "Broken"]).exit_code == 0
    text = (collection / "papers" / f"{NOBEL}.md").read_text(encoding="utf-8")
    (root / "papers" / "nobel.md").write_text(text.replace("organizations:\n- Nobel Media", "organizations:\n- Nobel"),
                                              encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 1 and "papers/nobel.md" in result.output
    assert "organizations: 'Nobel' is not one of the authors" in result.output
    # written in another case or spacing, it is the same name
    (root / "papers" / "nobel.md").write_text(text.replace("- Nobel Media\ndate", "- nobel  media\ndate"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_a_crossref_contributor_given_by_name_alone_is_an_organization_not_dropped(tmp_path):
    """Crossref's REST API gives an organization as `{"name": …}` where a person has given and family names (the
    shape Crossref clients read: search ids 70109347182, 67118867660); it was left out of the authors unsaid."""
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root), "--name", "Crossref"]).exit_code == 0
    answer = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {
        "DOI": "10.1103/PhysRevLett.116.061102", "type": "journal-article",
        "title": ["Observation of Gravitational Waves from a Binary Black Hole Merger"],
        "container-title": ["Physical Review Letters"], "issued": {"date-parts": [[2016, 2, 11]]},
        "author": [{"given": "B. P.", "family": "Abbott", "sequence": "first", "affiliation": []},
                   {"name": "LIGO Scientific Collaboration and Virgo Collaboration", "sequence": "additional",
                    "affiliation": []},
                   {"name": "Nobel Media", "sequence": "additional", "affiliation": []}]}}
    saved = tmp_path / "works.json"
    saved.write_text(json.dumps(answer), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(saved), "--topic", "example-topic", "--root", str(root)])
    assert result.exit_code == 0, result.output
    [paper] = check_collection(root)[0].papers
    assert paper.meta.authors == ["B. P. Abbott", "LIGO Scientific Collaboration and Virgo Collaboration", "Nobel Media"]
    assert paper.meta.organizations == ["Nobel Media"]  # "Collaboration" says so itself (citation.evidently_organization)
