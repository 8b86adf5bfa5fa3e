"""Better BibTeX's JSON export (Zotero → Export… → BetterBibTeX JSON): two real libraries (fixtures/sources/README.md,
"zotero-json/"), read item by item, their collections filing papers under topics, editors kept apart from authors,
and a malformed export told item by item."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from import_checks import read_as, shelf, validates
from papershelf.cli import cli
from papershelf.model.collection import load_collection
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.detect import ZOTERO_JSON, parse_import

SAMPLES = Path(__file__).parent / "fixtures" / "sources" / "zotero-json"
PHILOSOPHY = SAMPLES / "bbt-philosophy-excerpt.json"
AUDIO = SAMPLES / "bbt-audio-2058.json"


def by_title(path: Path) -> dict[str, PaperDraft]:
    return {item.meta["title"]: item for item in read_as(path, ZOTERO_JSON) if isinstance(item, PaperDraft)}


def test_every_field_of_a_journal_article_lands():
    """"A model of evolution": its DOI, journal, volume, issue, pages and abstract; the date as the user typed it
    (`September 1, 1978`); the collection it is filed in, as its path from the top."""
    paper = by_title(PHILOSOPHY)["A model of evolution"]
    assert paper.meta["authors"] == ["Mario Bunge"] and paper.meta["date"] == "1978-09-01"
    assert paper.meta["doi"] == "10.1016/0307-904X(78)90008-2"
    assert paper.meta["venue"] == "Applied Mathematical Modelling"
    assert paper.meta["citation"] == {"type": "article", "volume": "2", "number": "3", "pages": "201–204"}
    assert paper.abstract.startswith("The theory of evolution is too general to be able to make predictions.")
    assert paper.groups == [("FM", "0018_MarioBunge", "Oeuvres")]
    assert paper.ignored == []  # accessDate, ISSN, libraryCatalog, language: Zotero's bookkeeping


def test_titles_names_and_dates_as_the_library_writes_them():
    papers = by_title(PHILOSOPHY)
    french = papers["Considérations d'un philosophe sur l'économique du néo-conservatisme (néo-libéralisme)"]
    assert french.meta["authors"] == ["Mario Bunge"]  # its translator is not an author
    assert french.ignored == ["notes", "translators"]
    assert papers["Is water H₂O?: evidence, realism and pluralism"].meta["authors"] == ["Hasok Chang"]
    assert papers["Explaining Behavior"].meta["date"] == "1993"  # "Summer 1993"
    etiology = papers["What is Wrong with Etiological Accounts of Biological Function?"]
    assert etiology.meta["date"] == "1985"  # "July-October 1985"
    assert etiology.meta["tags"] == ["Etiology", "Functionalism", "Science", "Wright, L"]
    realism = papers["Scientific Realism"]  # an encyclopedia article: its editors are the encyclopedia's
    assert realism.meta["authors"] == ["Anjan Chakravartty"] and realism.ignored == ["editors"]
    assert realism.meta["venue"] == "The Stanford Encyclopedia of Philosophy"
    assert realism.groups == [("FM", "0013_Realisme_Scientifique"),
                              ("FM", "_References", "Stanford Encyclopdia of Philosophy")]  # the library's spelling


def test_an_edited_volume_and_a_saved_search_page_are_skipped_saying_why():
    skipped = [item for item in read_as(PHILOSOPHY, ZOTERO_JSON) if isinstance(item, Skipped)]
    assert [(item.origin, item.reason) for item in skipped] == [
        ("item 1", "no authors: a paper needs a title, authors and a date (an abstract is optional); its creators "
                   "are editors only (Mario Bunge), none an author"),
        ("item 10", "no date, no authors: a paper needs a title, authors and a date (an abstract is optional)"),
    ]


def test_a_newer_export_keeps_citation_keys_and_finds_arxiv_ids_in_extras_list():
    """A library of audio papers saved from arXiv by Zotero: `citationKey`, `extra` as a list of lines
    (`arXiv: 2110.15018`), arXiv's listing as the journal (`arXiv:2110.15018 [cs, eess]`, not a venue)."""
    papers = by_title(AUDIO)
    torchaudio = papers["TorchAudio: Building Blocks for Audio and Speech Processing"]
    assert torchaudio.meta["arxiv"] == "2110.15018" and torchaudio.meta["venue"] is None
    assert torchaudio.meta["citation"] == {"key": "yangTorchAudioBuildingBlocks2022", "type": "article"}
    assert len(torchaudio.meta["authors"]) == 23 and "Vincent Quenneville-Bélair" in torchaudio.meta["authors"]
    assert torchaudio.meta["date"] == "2022-02-16"
    wavenet = papers["WaveNet: A Generative Model for Raw Audio"]
    assert wavenet.meta["authors"][0] == "Aaron van den Oord" and wavenet.meta["arxiv"] == "1609.03499"


def test_imported_with_its_collections_as_topics_the_site_validates(tmp_path):
    root = shelf(tmp_path / "shelf")
    result = CliRunner().invoke(cli, ["import", str(PHILOSOPHY), "--root", str(root), "--add-topics",
                                      "--topic", "example-topic"])
    assert result.exit_code == 1, result.output  # two items skipped: the import says so, and fails
    assert "(Better BibTeX JSON): added 8 papers, skipped 2" in result.output
    assert "added topic oeuvres ('Oeuvres', in 0018-mariobunge) to topics.yml" in result.output
    assert validates(root)
    collection = load_collection(root)
    topics = {paper.meta.title: paper.meta.topics for paper in collection.papers}
    assert topics["A model of evolution"] == ["oeuvres"]
    assert {topic.id: topic.parent for topic in collection.topics}["oeuvres"] == "0018-mariobunge"


def test_a_malformed_export_is_told_item_by_item(tmp_path):
    """The translator's config with items that are not Zotero's, and collections whose parents loop: each item
    is named, nothing else is read, and the loop ends."""
    export = json.loads(PHILOSOPHY.read_text(encoding="utf-8"))
    export["items"] = [42, {"itemType": "attachment", "title": "paper.pdf"}, export["items"][5]]
    export["collections"] = {"a": {"name": "A", "parent": "b", "items": [11]}, "b": {"name": "B", "parent": "a"}}
    kind, result = parse_import(json.dumps(export), "export.json")
    assert kind == ZOTERO_JSON
    assert result.items[0] == Skipped("item 1", "is not a JSON object with itemType, title and creators")
    assert len(result.items) == 2 and result.items[1].meta["title"] == "A model of evolution"
    assert result.items[1].groups == [("B", "A")]
