"""One person, one author page, whatever the accents, full stops and hyphens between initials of the papers'
spellings ("Philippe Souères"/"Philippe Soueres", "G Baum"/"G. Baum", "J.-H. Lee"/"J. H. Lee"); each paper
keeps its own spelling; authors.yml's spellings win. The bibliographies are excerpts of real exports:
fixtures/sources/README.md ("spellings/") names where each comes from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.exports.bibtex import author_names
from papershelf.model.collection import load_collection
from papershelf.model.identity import AuthorRegistry, person_key
from papershelf.model.schema import AuthorEntry
from papershelf.review.prcheck import summarize_pr
from papershelf.site.search import term_records
from sitebuild import build_site, scratch_collection
from test_prcheck import commit, paper, repo, write  # noqa: F401 - `repo` is a fixture

SPELLINGS = Path(__file__).parent / "fixtures" / "sources" / "spellings"
BIBLIOGRAPHIES = ("google-scholar-gepetto-lab.bib", "mendeley-desktop-jollyhrothgar.bib", "acm-dl-chi23.bib")


@pytest.mark.parametrize(("one", "other"), [
    ("Philippe Souères", "Philippe Soueres"),  # Google Scholar writes it both ways (gepetto-lab.bib)
    ("Michel Taïx", "Michel Taix"),
    ("Łukasz Kaiser", "Lukasz Kaiser"),  # a Latin letter with no decomposition: its ASCII letter
    ("Søren Hauberg", "Soren Hauberg"),
    ("Jacek M. Żurada", "Jacek M. Zurada"),
    ("Nguyễn Văn Minh", "Nguyen Van Minh"),  # Vietnamese: several marks on one letter
    ("İlker Işık", "Ilker Isik"),  # Turkish dotted capital and dotless small i
    ("Philippe Souères", "Philippe Sou\u0065\u0300res"),  # a decomposed è
    ("Wei Wáng", "Wei Wang"),  # pinyin's tone marks are almost never written: the same name
    ("G Baum", "G. Baum"),  # Mendeley (mendeley-desktop-jollyhrothgar.bib)
    ("G.Bunce", "G Bunce"),
    ("W. S C Williams", "W.S.C. Williams"),
    ("Guido C. H. E de Croon", "Guido C. H. E. de Croon"),
    ("Karthik S Bhat", "Karthik S. Bhat"),  # ACM DL (acm-dl-chi23.bib)
    ("J.-H. Lee", "J. H. Lee"),  # a hyphenated given name's initials: one style writes the hyphen, another not
    ("J. -H. Lee", "J H Lee"),
    ("Y-C Chen", "Y. C. Chen"),
    ("SARA PAPI", "Ｓａｒａ Ｐａｐｉ"),  # case and NFKC, as before
])
def test_spellings_that_differ_by_accents_full_stops_or_hyphens_between_initials_are_one_person(one, other):
    assert person_key(one) == person_key(other)


@pytest.mark.parametrize(("one", "other"), [
    ("Dennis Fucci", "Dennis-Fucci"),  # a hyphen inside a word is part of the name
    ("M. Grosse-Perdekamp", "M. Grosse Perdekamp"),
    ("Jean-Paul Laumond", "Jean Paul Laumond"),
    ("J. Lee", "J. H. Lee"),  # one initial is not two
    ("J. Lee", "Jae Lee"),  # an initial is not a given name
    ("JH Lee", "J. H. Lee"),  # run-together capitals may be a name ("JO", "LI"): left alone
    ("Philippe Soueres", "P. Soueres"),
    ("Thomas Mueller", "Thomas Müller"),  # German's ue for ü is a spelling, not a mark: not folded
    ("刘义", "刘奕"),  # two names that transliterate alike (csl-json-cjk-gbt7714.json)
    ("かとう", "がとう"),  # marks on other scripts' letters make other letters
    ("Йован", "Иован"),
    ("Xiang 'Anthony' Chen", 'Xiang "Anthony" Chen'),
])
def test_different_names_stay_apart(one, other):
    assert person_key(one) != person_key(other)


def built(tmp_path: Path) -> tuple[Path, Path]:
    root = scratch_collection(tmp_path / "collection", {})
    for name in BIBLIOGRAPHIES:
        result = CliRunner().invoke(cli, ["import", "--root", str(root), "--topic", "multimodal-llms",
                                          str(SPELLINGS / name)])
        assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return root, site


def index_rows(site: Path) -> dict[str, tuple[str, int]]:
    index = (site / "authors" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'data-count="(\d+)"><td><a href="[^"]*/([^/"]+)/">([^<]+)</a>', index)
    return {slug: (name, int(count)) for count, slug, name in rows}


def test_a_real_bibliographys_spellings_of_one_person_share_one_author_page(tmp_path):
    root, site = built(tmp_path)
    rows = index_rows(site)
    # named as the paper that named them first spells it (every import is added today: then by file name,
    # and a-geometrical-approach… writes "Simeon", a-landmark-based… "Hait", attitude-and-gyro… "Souères")
    assert rows["philippe-soueres"] == ("Philippe Souères", 3) and rows["michel-taix"] == ("Michel Taïx", 3)
    assert rows["thierry-simeon"] == ("Thierry Simeon", 4) and rows["alain-hait"] == ("Alain Hait", 2)
    assert rows["g-baum"] == ("G Baum", 2) and rows["j-ashman"] == ("J Ashman", 2)
    assert rows["i-g-bird"] == ("I G Bird", 2) and rows["a-w-edwards"] == ("A W Edwards", 2)
    assert rows["karthik-s-bhat"] == ("Karthik S Bhat", 2) and rows["jean-y-song"] == ("Jean Y Song", 2)
    assert not [slug for slug in rows if re.search(r"-\d+$", slug)]  # no second page for anyone
    for slug in ("philippe-soueres-2", "michel-taix-2", "thierry-simeon-2", "g-baum-2", "j-ashman-2"):
        assert not (site / "authors" / slug).exists()

    # each paper keeps its own spelling, linked to the one page: byline, citation meta, JSON-LD, BibTeX, JSON
    page = (site / "papers" / "shortest-paths-synthesis-for-a-car-like-robot" / "index.html").read_text()
    assert '<a class="ps-author" href="../../authors/philippe-soueres/">Philippe Soueres</a>' in page
    assert '<meta name="citation_author" content="Philippe Soueres">' in page
    assert '"name":"Philippe Soueres","url":"https://example.github.io/papershelf/authors/philippe-soueres/"' in page
    assert "author = {Philippe Soueres and Jean-Paul Laumond}" in page
    other = (site / "papers" / "set-of-reachable-positions-for-a-car" / "index.html").read_text()
    assert '<a class="ps-author" href="../../authors/philippe-soueres/">Philippe Souères</a>' in other
    exported = {p["slug"]: p["authors"] for p in json.loads((site / "papers.json").read_text())["papers"]}
    assert exported["shortest-paths-synthesis-for-a-car-like-robot"] == ["Philippe Soueres", "Jean-Paul Laumond"]
    assert exported["a-motion-planner-for-nonholonomic-mobile-robots"][2] == "Michel Taix"
    assert exported["robust-motion-planning-for-rough-terrain-navigation"][2] == "Michel Taïx"
    baum = (site / "papers" / "a-measurement-of-the-spin-asymmetry-and-determination-of-the-structure-function"
            / "index.html").read_text()
    assert '<a class="ps-author" href="../../authors/g-baum/">G Baum</a>' in baum
    collection = load_collection(root)
    byline = author_names(collection, next(p for p in collection.papers if p.meta.title.startswith("Shortest")))
    assert byline == ["Philippe Soueres", "Jean-Paul Laumond"]

    # the person's page lists every paper; a co-author's page counts the papers they share once
    souères = (site / "authors" / "philippe-soueres" / "index.html").read_text()
    for slug in ("shortest-paths-synthesis-for-a-car-like-robot", "set-of-reachable-positions-for-a-car",
                 "attitude-and-gyro-bias-estimation-for-a-flying-uav"):
        assert f'href="../../papers/{slug}/"' in souères
    laumond = (site / "authors" / "jean-paul-laumond" / "index.html").read_text()
    assert re.findall(r">([^<]*)</a> <span class=\"ps-shared\">\((\d+) shared papers?\)", laumond) == [
        ("Philippe Souères", "2"), ("Thierry Simeon", "2")]

    # the filter box's names and the search records name each person once, with all their papers
    names = json.loads((site / "authors" / "names.json").read_text())["terms"]
    assert [row[:2] for row in names if row[0].startswith(("Philippe Sou", "G Baum", "G. Baum"))] == [
        ["G Baum", 2], ["Philippe Souères", 3]]
    searched = "".join(record.content for record in term_records(collection) if record.kind == "author")
    assert searched.count('~3">Philippe Souères</h2>') == 1 and "Philippe Soueres" not in searched


def registry(yaml_entries: list[dict]) -> AuthorRegistry:
    return AuthorRegistry([AuthorEntry.model_validate(entry) for entry in yaml_entries])


def test_an_authors_yml_entry_takes_the_spellings_that_fold_to_its_own_and_its_exact_spellings_win():
    people = registry([{"name": "Philippe Souères", "homepage": "https://example.org/soueres"}])
    # a folded spelling joins the entry and is shown by its name, as a case variant always was
    assert people.person("Philippe Soueres") == people.person("PHILIPPE SOUÈRES") == people.person("Philippe Souères")
    assert people.person("Philippe Soueres").name == "Philippe Souères"
    # two entries whose spellings fold alike are two people: each exact spelling is its entry's, and a third
    # spelling that folds to both means neither (a page of its own)
    people = registry([{"name": "Wei Wang", "homepage": "https://example.org/a"},
                       {"name": "Wei Wáng", "aliases": ["W. Wáng"], "homepage": "https://example.org/b"}])
    first, second = people.person("WEI WANG"), people.person("wei wáng")
    assert (first.name, second.name) == ("Wei Wang", "Wei Wáng") and first.key != second.key
    assert people.person("W Wang") == people.person("W. Wáng") == second  # only one of them is "W. Wáng"
    neither = people.person("Wei Wàng")
    assert neither.entry is None and neither.key not in (first.key, second.key)
    # people with ids who share a name: a spelling folding to it is theirs no more than the name is
    people = registry([{"id": "wei-wang-ucla", "name": "Wei Wang", "aliases": ["Wei Wang (UCLA)"]},
                       {"id": "wei-wang-tsinghua", "name": "Wei Wang"}])
    assert people.person("Wei Wáng").entry is None and people.person("Wei Wang").entry is None
    assert people.person("Wei Wang (Ucla)").key == "id:wei-wang-ucla"
    assert people.person("@wei-wang-tsinghua").key == "id:wei-wang-tsinghua"


def test_an_authors_yml_id_keeps_a_second_spellings_old_page_for_someone_else(tmp_path):
    """Two people whose names differ only by an accent: an entry each, and the one with an id keeps its address."""
    root, _ = built(tmp_path)
    (root / "authors.yml").write_text("- name: Philippe Souères\n- id: philippe-soueres-2\n  name: Philippe Soueres\n",
                                      encoding="utf-8")
    terms = {term.slug: term for term in load_collection(root).taxonomies["authors"].terms.values()}
    assert (terms["philippe-soueres"].name, terms["philippe-soueres"].count) == ("Philippe Souères", 2)
    assert (terms["philippe-soueres-2"].name, terms["philippe-soueres-2"].count) == ("Philippe Soueres", 1)


def test_a_pull_request_merging_two_spellings_says_whose_page_goes_and_where_they_are_now(repo):  # noqa: F811
    write(repo, {"papers/set.md": paper("Set of Reachable Positions", ["Philippe Souères"], ["interpretability"]),
                 "papers/shortest.md": paper("Shortest Paths", ["Philippe Soueres"], ["interpretability"], "2024-02"),
                 "authors.yml": "- name: Philippe Souères\n- id: philippe-soueres-2\n  name: Philippe Soueres\n"})
    commit(repo, "two people")
    (repo / "authors.yml").write_text("- name: Philippe Souères\n", encoding="utf-8")
    commit(repo, "one person")
    report = summarize_pr(repo, "HEAD~1", "HEAD")
    [lost] = [flag for flag in report.flags if "removes existing authors' pages" in flag.what]
    assert lost.details == ("'Philippe Soueres' (1 paper) loses their page authors/philippe-soueres-2/: their papers "
                            "now list them under 'Philippe Souères' (authors/philippe-soueres/)",)


def test_a_pull_request_naming_an_author_with_other_accents_adds_no_author(repo):  # noqa: F811
    write(repo, {"papers/set.md": paper("Set of Reachable Positions", ["Philippe Souères"], ["interpretability"])})
    commit(repo, "base")
    write(repo, {"papers/shortest.md": paper("Shortest Paths", ["Philippe Soueres", "P. Taïx"], ["interpretability"]),
                 "papers/motion.md": paper("A Motion Planner", ["Michel Taix", "Łukasz Kaiser", "Lukasz Kaiser"],
                                           ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "HEAD~1", "HEAD")
    assert report.new_authors == ["Michel Taix", "Łukasz Kaiser", "P. Taïx"]  # Philippe Soueres is there already
    assert report.namesakes == {}
    # a new name whose family name and initial an author's share, accents aside: perhaps one person
    write(repo, {"papers/later.md": paper("Later", ["M Taïx", "P. Souères"], ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "HEAD~1", "HEAD")
    assert report.new_authors == ["M Taïx", "P. Souères"]
    assert report.namesakes == {"M Taïx": ["Michel Taix"], "P. Souères": ["Philippe Souères"]}
