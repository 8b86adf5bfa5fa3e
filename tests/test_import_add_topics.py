"""`papershelf import --add-topics`: the folders a library files its papers in (Zotero collections, Mendeley
folders, a sheet's topic columns, a reading list's sections) become topics of topics.yml, each subfolder under
its folder, and the papers are filed there; on real exports (tests/fixtures/sources/, origins in its README)."""

from pathlib import Path

import frontmatter
import pytest
import yaml
from click.testing import CliRunner

from fixtures.sources.arxiv_api import recorded_arxiv_api
from import_checks import validates
from papershelf.cli import cli

SOURCES = Path(__file__).parent / "fixtures" / "sources"
# A collection's topics.yml as `init` leaves it, with a topic of the group's own and its comments
TOPICS = """\
# Our topics.
- id: example-topic
  title: Example topic
  aliases: [Machine learning]  # a folder this names is filed here, not made a topic
"""


def shelf(tmp_path: Path) -> Path:
    (tmp_path / "papers").mkdir(parents=True)
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    return tmp_path


def run_import(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", *args, "--root", str(root)])
    return result.exit_code, result.output


def topics_of(root: Path) -> dict[str, dict]:
    return {entry["id"]: entry for entry in yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))}


def papers_of(root: Path) -> dict[str, frontmatter.Post]:
    return {post["title"]: post for post in map(frontmatter.load, (root / "papers").glob("*.md"))}


def test_a_zotero_librarys_collections_become_topics_a_subcollection_under_its_collection(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "zotero-rdf.rdf"), "--add-topics")
    assert code == 0, output
    topics = topics_of(root)
    assert topics["ldac-2021"] == {"id": "ldac-2021", "title": "LDAC 2021", "parent": "0-proceedings"}
    assert topics["0-proceedings"] == {"id": "0-proceedings", "title": "0 Proceedings"}
    assert "added topic ldac-2021 ('LDAC 2021', in 0-proceedings) to topics.yml: 1 entry of zotero-rdf.rdf" in output
    assert (root / "topics.yml").read_text(encoding="utf-8").startswith(TOPICS)  # its own text, comments and all
    assert "zotero-rdf.rdf (Zotero RDF): added 9 papers, skipped 0" in output
    filed = {topic for post in papers_of(root).values() for topic in post["topics"]}
    assert filed == set(topics) - {"example-topic"}  # each in its own collection's topic
    assert validates(root)
    again = (root / "topics.yml").read_text(encoding="utf-8")
    code, output = run_import(root, str(SOURCES / "zotero-rdf.rdf"), "--add-topics")  # nothing new the second time
    assert code == 0 and "added topic" not in output and "9 already there and unchanged" in output
    assert (root / "topics.yml").read_text(encoding="utf-8") == again


def test_mendeley_folders_that_name_a_topic_go_there_and_the_others_become_topics(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "exporters" / "mendeley-groups.bib"), "--add-topics")
    assert code == 0, output
    topics = topics_of(root)
    # M{\&}A and M{\&}A/DEA: a folder and its subfolder; "Machine learning" is an alias of example-topic;
    # "geometry" is Dinh2008's other folder
    assert topics["m-a"] == {"id": "m-a", "title": "M&A"}
    assert topics["dea"] == {"id": "dea", "title": "DEA", "parent": "m-a"}
    assert topics["geometry"] == {"id": "geometry", "title": "geometry"}
    assert "machine-learning" not in topics
    papers = {post["citation"]["key"]: post["topics"] for post in papers_of(root).values()}
    assert papers == {"Monastyrenko2017": ["m-a", "dea"], "Dinh2008": ["geometry", "example-topic"]}
    assert validates(root)


def test_a_sheets_topic_and_subtopic_columns_become_topics_and_subtopics(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "spreadsheet" / "irss-first8.csv"), "--add-topics")
    assert code == 0, output
    topics = topics_of(root)
    assert topics["technology"] == {"id": "technology", "title": "Technology", "parent": "remote-sensing"}
    assert topics["aba"]["parent"] == "als" and topics["als"] == {"id": "als", "title": "ALS"}
    assert "added topic als ('ALS') to topics.yml: 6 entries of irss-first8.csv filed in it" in output
    for post in papers_of(root).values():
        assert len(post["topics"]) == 1 and topics[post["topics"][0]].get("parent")  # the subtopic alone
    assert validates(root)


READING_LIST = """\
# Our reading list

## Spin chains

- [abs](https://arxiv.org/abs/1111.2011v2)

## Particle physics

### Detectors

* [paper](http://arxiv.org/pdf/hep-ex/0406020v1.pdf)
"""


def test_a_reading_lists_sections_become_topics(tmp_path):
    root = shelf(tmp_path)
    reading = tmp_path / "README.md"
    reading.write_text(READING_LIST, encoding="utf-8")
    with recorded_arxiv_api() as arxiv:
        code, output = run_import(root, str(reading), "--add-topics", "--api-url", arxiv.url)
    assert code == 0, output
    topics = topics_of(root)
    assert set(topics) == {"example-topic", "spin-chains", "detectors"}  # the sections right above the links
    papers = {post["arxiv"]: post["topics"] for post in papers_of(root).values()}
    assert papers == {"1111.2011": ["spin-chains"], "hep-ex/0406020": ["detectors"]}
    assert validates(root)


def test_a_dry_run_says_which_topics_it_would_add_and_writes_nothing(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "zotero-rdf.rdf"), "--add-topics", "--dry-run")
    assert code == 0, output
    assert "would add topic ldac-2021 ('LDAC 2021', in 0-proceedings) to topics.yml" in output
    assert "zotero-rdf.rdf (Zotero RDF): would add 9 papers, skipped 0" in output  # filed under the new topics
    assert (root / "topics.yml").read_text(encoding="utf-8") == TOPICS and not list((root / "papers").iterdir())


def sheet(tmp_path: Path, topics: list[str]) -> Path:
    rows = "".join(f'"Paper {number}",Ada Lovelace,2020,"{topic.replace(chr(34), chr(34) * 2)}"\n'
                   for number, topic in enumerate(topics))
    path = tmp_path / "sheet.csv"
    path.write_text("Title,Authors,Year,Topic\n" + rows, encoding="utf-8")
    return path


def test_folder_names_that_yaml_would_misread_come_back_as_written(tmp_path):
    root = shelf(tmp_path)
    names = ['- id: x', 'a: b # c', '"quoted"', "it's", "C++", "C", "[brackets]", "{braces}", "!important", "&anchor",
             "*alias", "%percent", "@at", "`tick`", "yes", "off", "1.0", "Ünïcödé", "日本語"]
    code, output = run_import(root, str(sheet(tmp_path, names)), "--add-topics")
    assert code == 0, output
    titles = {entry["title"]: entry["id"] for entry in topics_of(root).values()}
    assert set(names) - {"C"} <= set(titles)  # "C" names the topic "C++" (names compare punctuation aside)
    assert titles["yes"] == "yes" and titles["off"] == "off" and titles["1.0"] == "1-0"  # ids YAML would misread
    assert titles["日本語"] == "ri-ben-yu"  # transliterated, as paper slugs are
    assert validates(root)


def test_folders_that_cannot_be_topics_are_left_to_topic_and_too_many_are_refused(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(sheet(tmp_path, ["x" * 201, "\u0007bell", "Good one"])), "--add-topics",
                              "--topic", "example-topic")
    assert set(topics_of(root)) == {"example-topic", "good-one"}  # too long, a control character: left out
    assert code == 1 and "contains control characters (U+0007)" in output  # the row's tag: refused, with why
    assert len(list((root / "papers").iterdir())) == 2
    assert f"folder '{'x' * 80}'… becomes no topic (longer than 200 characters): its entries are filed by their " \
           "other folders, keywords or --topic" in output
    assert "folder '\\x07bell' becomes no topic (a character no topic title may hold)" in output  # shown escaped
    root = shelf(tmp_path / "many")
    before = (root / "topics.yml").read_text(encoding="utf-8")
    code, output = run_import(root, str(sheet(tmp_path, [f"Topic {number}" for number in range(201)])),
                              "--add-topics")
    assert code == 2 and "its entries are filed in 201 folders that name no topic; --add-topics adds at most 200" \
        in output
    assert (root / "topics.yml").read_text(encoding="utf-8") == before and not list((root / "papers").iterdir())


def test_folders_whose_names_share_their_first_60_characters_get_one_id_numbered_on(tmp_path):
    """Their ids are the first 60 characters' slug, then -2, -3, …: each found in one step (benchmarks/hostile.py
    `folder_topics`: 8,000 such folders took 5.6 s of CPU before, trying every number taken)."""
    root = shelf(tmp_path)
    long_names = [f"{'a' * 70} {number}" for number in range(150)]
    code, output = run_import(root, str(sheet(tmp_path, [*long_names, "a" * 60])), "--add-topics")
    assert code == 0, output
    topics = topics_of(root)
    assert [topic for topic in topics if topic.startswith("a")] == ["a" * 60, *(f"{'a' * 60}-{n}" for n in
                                                                                  range(2, 152))]
    assert topics[f"{'a' * 60}-150"]["title"] == f"{'a' * 70} 149" and topics[f"{'a' * 60}-151"]["title"] == "a" * 60
    assert validates(root)


@pytest.mark.parametrize("flag", [[], ["--add-topics"]])
def test_without_folders_add_topics_changes_nothing(tmp_path, flag):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "sample.bib"), "--topic", "example-topic", *flag)
    assert code == 1 and "sample.bib (BibTeX): added 5 papers, skipped 3" in output  # its broken entries
    assert (root / "topics.yml").read_text(encoding="utf-8") == TOPICS and "added topic" not in output


def test_without_add_topics_the_advice_for_entries_without_a_topic_names_it(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SOURCES / "zotero-rdf.rdf"))
    assert code == 1 and "9 entries have no topic" in output
    assert ("Or import again with --add-topics: the 4 folders the file files its entries in (collections, folders, "
            "sections, a Topic column) become topics") in output
    assert (root / "topics.yml").read_text(encoding="utf-8") == TOPICS
