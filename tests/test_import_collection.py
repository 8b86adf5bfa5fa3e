"""What an import does to a collection: topics from keywords, the original citation in the BibTeX exports,
the report of ignored fields; and the messages for the commonest hand-written mistakes."""

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.exports.bibtex import paper_bibtex
from papershelf.intake.adding import import_file
from papershelf.model.collection import author_names, load_collection
from sitebuild import REPO

EXPORTS = Path(__file__).parent / "fixtures" / "sources" / "exporters"
TODAY = dt.date(2026, 11, 25)
TOPICS = """\
- id: machine-learning
  title: Machine learning
  description: Learning from data.
  aliases:
    - Computer Science - Machine Learning
- id: materials
  title: Materials science
  description: Materials.
  aliases:
    - Condensed Matter - Materials Science
- id: physics
  title: Physics
  description: Everything else.
"""


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    return tmp_path


def test_keywords_naming_a_topic_id_title_or_alias_set_the_topics(root):
    bib = root / "mixed.bib"
    bib.write_text((EXPORTS / "better-bibtex.bib").read_text(encoding="utf-8") + (EXPORTS / "zotero.bib").read_text(
        encoding="utf-8") + "@article{plain, title={Without Keywords}, author={Lee, Ann}, year={2020}}\n"
        "@article{byid, title={By Id}, author={Lee, Ann}, year={2020}, keywords={physics, Other}}\n"
        "@article{bytitle, title={By Title}, author={Lee, Ann}, year={2020}, keywords={MATERIALS SCIENCE}}\n",
        encoding="utf-8")
    report = import_file(root, bib, ["physics"], added_on=TODAY)
    topics = {paper.meta.title: paper.meta.topics for paper in load_collection(root, TODAY).papers}
    assert topics["Honegumi: An Interface for Accelerating the Adoption of Bayesian Optimization in the "
                  "Experimental Sciences"] == ["machine-learning", "materials"]  # both keywords are aliases
    assert topics["pLSTM: parallelizable Linear Source Transition Mark networks"] == ["machine-learning"]
    assert topics["Without Keywords"] == ["physics"]  # --topic for the rest
    assert topics["By Id"] == ["physics"] and topics["By Title"] == ["materials"]
    assert len(report.created) == 5


def test_without_topic_an_entry_no_keyword_files_is_skipped(root):
    bib = root / "one.bib"
    bib.write_text("@article{plain, title={Without Keywords}, author={Lee, Ann}, year={2020}}\n", encoding="utf-8")
    report = import_file(root, bib, [], added_on=TODAY)
    assert report.skipped[0].reason.startswith("no topic: none of its keywords names a topic of topics.yml")


def test_the_exports_keep_the_original_key_type_volume_pages_number_publisher_and_url(root):
    import_file(root, EXPORTS / "alfolio-example-papers.bib", ["physics"], added_on=TODAY)
    collection = load_collection(root, TODAY)
    paper = next(p for p in collection.papers if p.meta.citation and p.meta.citation.key == "PhysRev.47.777")
    entry = paper_bibtex(paper, author_names(collection, paper))
    assert entry.startswith("@article{PhysRev.47.777,")
    for line in ["volume = {47}", "number = {10}", "pages = {777--780}", "publisher = {American Physical Society}",
                 "url = {http://link.aps.org/doi/10.1103/PhysRev.47.777}", "doi = {10.1103/PhysRev.47.777}",
                 "journal = {Phys. Rev.}"]:
        assert line in entry, entry
    book = next(p for p in collection.papers if p.meta.citation and p.meta.citation.key == "przibram1967letters")
    assert paper_bibtex(book, author_names(collection, book)).startswith("@book{przibram1967letters,")


def test_a_citation_key_another_paper_has_is_not_kept(root):
    import_file(root, EXPORTS / "zotero.bib", ["physics"], added_on=TODAY)
    bib = root / "again.bib"
    bib.write_text("@article{poppel_plstm_2025, title={Another Paper Entirely}, author={Lee, Ann}, year={2021}}\n",
                   encoding="utf-8")
    report = import_file(root, bib, ["physics"], added_on=TODAY)
    assert report.created[0].ignored == ("citation key 'poppel_plstm_2025' (another paper already has it)",)


def test_the_import_report_names_the_ignored_fields_of_each_entry(root):
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / "dblp-standard.bib"), "-t", "physics",
                                      "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created papers/dynamic-network-reconfiguration-for-entropy-maximization-using-deep.md",
        "dblp-standard.bib: entry 1 (key DBLP:journals/corr/abs-2205-13578), line 1: ignored fields: timestamp, "
        "biburl, bibsource",
        "dblp-standard.bib (BibTeX): added 1 paper, skipped 0",
    ]


def test_an_entry_for_a_paper_already_there_fills_its_fields_field_by_field(root):
    import_file(root, EXPORTS / "dblp-condensed.bib", ["physics"], added_on=TODAY)
    path = root / "papers" / "on-the-geometry-of-k-sat-solutions-what-more-can-ppz-and-schoning-s-algorithms.md"
    before = path.read_text(encoding="utf-8")
    bib = root / "abstract.bib"
    bib.write_text("@article{geometry, title={On the geometry of \\emph{k}-SAT solutions: what more can {PPZ} and "
                   "Sch{\\\"{o}}ning's algorithms do?}, author={Austrin, Per}, year={2024}, "
                   "abstract={We study 95% of instances.}, keywords={SAT}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "-t", "physics", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"filled tags, abstract of papers/{path.name} from abstract.bib: entry 1 (key geometry), line 1 (same title, year and first author)")
    after = path.read_text(encoding="utf-8")
    # every line of the file is kept; the one new field goes where the canonical order puts it (before citation)
    old_front = before.split("---\n")[1].splitlines()
    new_front = after.split("---\n")[1].splitlines()
    assert [line for line in new_front if line not in ("tags:", "- SAT")] == old_front
    assert new_front.index("tags:") == old_front.index("citation:") and "tags:\n- SAT\ncitation:" in after
    assert after.endswith("---\n\nWe study 95% of instances.\n")  # a bare % is text


def test_a_tab_and_a_comma_separated_author_list_are_explained_and_every_problem_is_reported(tmp_path):
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "tabbed.md").write_text(
        '---\ntitle: "A Paper"\nauthors: Jane Doe, John Smith\ndate: "2024-13-15"\ntopics:\n\t- physics\n---\n\nA.\n',
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "papers/tabbed.md:3: authors: 'Jane Doe, John Smith' is one line of text, not a list (write one '- name' "
        "per line under 'authors:', like \"  - Jane Doe\" then \"  - John Smith\")",
        "papers/tabbed.md:4: date: '2024-13-15' is not a real date",
        "papers/tabbed.md:6: a tab character indents this line; YAML allows only spaces (replace the tab with "
        "spaces, two per level)",
        "3 problems in 1 file.",
    ]


def test_a_replaced_paper_is_found_by_its_new_identifier_and_no_longer_by_its_old_one():
    """An enrich with --overwrite may change what identifies a paper (its DOI, its date): the index follows it."""
    import dataclasses

    collection = load_collection(REPO)
    old = collection.papers[0]
    new = dataclasses.replace(old, meta=old.meta.model_copy(update={"arxiv": "2501.99999"}))
    assert collection.find_existing(arxiv=old.meta.arxiv)[0] is old
    collection.replace(old, new)
    assert collection.find_existing(arxiv=old.meta.arxiv) is None
    assert collection.find_existing(arxiv="2501.99999")[0] is new


NEW_COLLECTION_TOPICS = """\
- id: example-topic
  title: Example topic
  description: Replace this with your first topic; add one entry per topic.
"""


def test_entries_without_a_topic_get_advice_naming_the_topics_and_the_keywords_to_make_topics_of(tmp_path):
    """A new collection (init's one example topic) imports a library whose keywords name none of its topics:
    every entry is skipped, and the last lines say what to do, with the keywords the entries share most;
    a topic made of one of them (a title alone, with aliases) then takes those entries."""
    ieee = Path(__file__).parent / "fixtures" / "sources" / "round3" / "ieee-xplore-sysreview.bib"
    (tmp_path / "topics.yml").write_text(NEW_COLLECTION_TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    result = CliRunner().invoke(cli, ["import", str(ieee), "--root", str(tmp_path)])
    assert result.exit_code == 1 and not list((tmp_path / "papers").glob("*.md"))
    summary, advice = result.output.splitlines()[-2:]
    assert summary == "ieee-xplore-sysreview.bib (BibTeX): added 0 papers, skipped 3"
    assert advice.startswith("3 entries have no topic: no keyword of theirs names a topic of topics.yml. File them "
                             "under one with --topic ID (topics.yml has: example-topic), or add topics")
    # Markov processes, ambient intelligence (twice in one entry, counted once), AAL, ...: two entries each
    common = advice.split("; their most frequent keywords: ")[1].split(", ")
    assert "'Markov processes' (2)" in common and "'ambient intelligence' (2)" in common and len(common) == 8
    assert "'geriatrics'" not in advice  # one entry only
    (tmp_path / "topics.yml").write_text(NEW_COLLECTION_TOPICS + "- id: ambient-intelligence\n"
                                         "  title: Ambient intelligence\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["import", str(ieee), "--root", str(tmp_path)])
    assert "added 2 papers, skipped 1" in again.output
    assert again.output.splitlines()[-1].startswith("1 entry has no topic")


def test_an_import_into_a_collection_whose_topics_file_has_problems_names_them_and_writes_nothing(root):
    (root / "topics.yml").write_text(TOPICS + "- id: physics\n  title: Physics again\n", encoding="utf-8")
    bib = root / "one.bib"
    bib.write_text("@article{a, title={A Paper}, author={Lee, Ann}, year={2020}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "--topic", "physics", "--root", str(root)])
    assert result.exit_code == 2 and not list((root / "papers").glob("*.md"))
    assert ("topics.yml has 1 problem, so which topics exist is not known; fix it first, nothing was written:\n"
            "  topics.yml:14: id: topic 'physics' is defined twice (keep one)\n") in result.output


ROUND3 = Path(__file__).parent / "fixtures" / "sources" / "round3"


def papers_of(root: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "papers").glob("*.md"))}


@pytest.mark.parametrize(("sample", "header"), [
    ("zotero-ris-scopus-slr.ris", ""),  # as EndNote and other Windows programs write it: nothing says so
    ("paperpile-hkarl.bib", "% Encoding: windows-1252\n"),  # JabRef names its encoding on the first line
])
def test_a_windows_1252_export_imports_as_its_utf_8_original(tmp_path, sample, header):
    """The same real export, written in Windows-1252: with --encoding (or JabRef's declaration), the papers
    are those of the UTF-8 file, character for character; without, a clear error that names the option."""
    roots = {}
    for name in ("utf8", "cp1252"):
        roots[name] = tmp_path / name
        (roots[name] / "papers").mkdir(parents=True)
        (roots[name] / "topics.yml").write_text(TOPICS, encoding="utf-8")
    original = (ROUND3 / sample).read_text(encoding="utf-8")
    utf8, windows = tmp_path / f"utf8-{sample}", tmp_path / f"cp1252-{sample}"
    utf8.write_text(header + original, encoding="utf-8")
    windows.write_bytes((header + original).encode("windows-1252"))
    args = ["--topic", "physics", "--root"]
    CliRunner().invoke(cli, ["import", str(utf8), *args, str(roots["utf8"])])
    if header:
        result = CliRunner().invoke(cli, ["import", str(windows), *args, str(roots["cp1252"])])
    else:
        refused = CliRunner().invoke(cli, ["import", str(windows), *args, str(roots["cp1252"])])
        assert refused.exit_code == 2 and "is not UTF-8 text (byte " in refused.output
        assert "name its encoding with --encoding" in refused.output and not papers_of(roots["cp1252"])
        result = CliRunner().invoke(cli, ["import", str(windows), "--encoding", "windows-1252", *args,
                                          str(roots["cp1252"])])
    assert result.exit_code in (0, 1), result.output
    expected = papers_of(roots["utf8"])
    assert expected and papers_of(roots["cp1252"]) == expected
    assert any(ord(character) > 127 for text in expected.values() for character in text)


def test_an_unknown_encoding_is_a_usage_error(root):
    bib = root / "one.bib"
    bib.write_text("@article{a, title={A}, author={Lee, Ann}, year={2020}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "--encoding", "klingon", "--topic", "physics",
                                      "--root", str(root)])
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.output


def test_a_collaboration_of_hundreds_keeps_the_first_hundred_and_says_so(root):
    """IceCube's author list in NASA ADS's export: 313 names (fixtures/sources/README.md, exporters/nasa-ads.bib)."""
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / "nasa-ads.bib"), "-t", "physics", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert ("nasa-ads.bib: entry 2 (key ic_deepcore_16), line 20: ignored fields: eid, primaryclass, adsnote, "
            "the 213 authors after the first 100 (a paper lists at most 100; author_count 313 keeps how many there "
            "are)") in result.output
    collection = load_collection(root, dt.date.today())
    deepcore = next(p for p in collection.papers if p.meta.citation and p.meta.citation.key == "ic_deepcore_16")
    assert (len(deepcore.meta.authors), deepcore.meta.author_count) == (100, 313)
    assert deepcore.meta.authors[99] == "G. Golup"  # the 100th name of the entry: {Golup}, G.


def test_nasa_ads_papers_come_back_from_the_bibtex_export_unchanged(root, tmp_path):
    from papershelf.exports import write_exports

    import_file(root, EXPORTS / "nasa-ads.bib", ["physics"], added_on=TODAY)
    collection = load_collection(root, TODAY)
    write_exports(collection, tmp_path / "site")
    text = (tmp_path / "site" / "papers.bib").read_text(encoding="utf-8")
    assert "@article{1993A&A...269...67M," in text and "journal = {A\\&A}" in text
    assert "adsurl = {https://ui.adsabs.harvard.edu/abs/2016PhRvD..93h3003S}" in text
    again = tmp_path / "again"
    (again / "papers").mkdir(parents=True)
    (again / "topics.yml").write_text(TOPICS, encoding="utf-8")
    report = import_file(again, tmp_path / "site" / "papers.bib", ["physics"], added_on=TODAY)
    assert report.skipped == [] and len(report.created) == len(collection.papers) == 8
    copies = {p.meta.citation.key: p.meta for p in load_collection(again, TODAY).papers if p.meta.citation}
    for paper in collection.papers:
        assert copies[paper.meta.citation.key] == paper.meta, paper.path
    bodies = {path.name: path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in (root / "papers").glob("*.md")}
    assert {path.name: path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
            for path in (again / "papers").glob("*.md")} == bodies


def test_a_nasa_ads_import_builds_pages_with_the_journal_ads_link_and_collaboration(tmp_path):
    from sitebuild import build_site, scratch_collection

    root = scratch_collection(tmp_path / "c", papers={})
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / "nasa-ads.bib"), "-t", "mechanistic-interpretability",
                                      "--root", str(root)])
    assert result.exit_code == 0, result.output
    build = build_site(root, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    blazar = (tmp_path / "site" / "papers" / "the-proton-blazar" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_journal_title" content="A&amp;A">' in blazar
    assert '<a class="md-button" href="http://adsabs.harvard.edu/abs/1993A%26A...269...67M" ' in blazar
    assert ">ADS</a>" in blazar and "@article{1993A&amp;A...269...67M," in blazar
    slug = "the-search-for-transient-astrophysical-neutrino-emission-with-icecube-deepcore"
    deepcore = (tmp_path / "site" / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert ('>G. Golup</a></details><span class="ps-missing"> and 213 authors whose names are not yet recorded'
            '</span>' in deepcore)  # (the 100 names: 20, then "+80 more")
    assert deepcore.count('<meta name="citation_author"') == 100
    assert re.search(r'<p class="ps-reference">Aartsen, M\. G\., [^<…]*, et al\. \(2016\)\. The Search', deepcore)


def test_mendeley_folders_and_jabref_groups_file_papers_under_topics(tmp_path):
    """A group's own folders (Mendeley Desktop's `mendeley-groups`, nested with '/') name topics as keywords do."""
    (tmp_path / "papers").mkdir()
    (tmp_path / "topics.yml").write_text(
        "- id: efficiency\n  title: Efficiency analysis\n  description: DEA.\n  aliases: [DEA]\n"
        "- id: learning\n  title: Machine learning\n  description: Learning.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / "mendeley-groups.bib"), "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "line 1: ignored fields: issn\n" in result.output  # not the groups: read
    collection = load_collection(tmp_path, dt.date.today())
    topics = {paper.meta.citation.key: paper.meta.topics for paper in collection.papers}
    assert topics == {"Monastyrenko2017": ["efficiency"], "Dinh2008": ["learning"]}  # M{\&}A/DEA; Machine learning
    assert "M&A" not in next(p for p in collection.papers if p.meta.citation.key == "Monastyrenko2017").meta.tags


def test_a_folder_that_names_no_topic_leaves_its_entry_for_topic(root):
    """TOPICS has "Machine learning": Dinh2008's Mendeley folder files it there; Monastyrenko2017's folders
    (M&A, M&A/DEA) name no topic, so it waits for --topic, with the usual advice."""
    result = CliRunner().invoke(cli, ["import", str(EXPORTS / "mendeley-groups.bib"), "--root", str(root)])
    assert result.exit_code == 1
    assert "created papers/measuring-the-similarity-of-vector-fields-using-global-distributions.md" in result.output
    assert "mendeley-groups.bib: entry 1 (key Monastyrenko2017), line 1: skipped: no topic" in result.output
