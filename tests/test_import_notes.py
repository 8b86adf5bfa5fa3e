"""A folder of paper notes (Markdown with front matter: Obsidian vaults, sites of reading notes, notes a script
wrote) imported through the command: real folders (tests/fixtures/sources/notes/, origins in the README there),
each paper checked against the note's front matter as PyYAML reads it."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from import_checks import collection, validates
from papershelf.cli import cli
from papershelf.sources import Skipped
from papershelf.sources.detect import NOTES, detect_format
from papershelf.sources.notes import note_to_draft

NOTES_FOLDERS = Path(__file__).parent / "fixtures" / "sources" / "notes"
TOPIC = "- id: reading\n  title: Reading\n"


def run_import(root: Path, *arguments: str):
    return CliRunner().invoke(cli, ["import", *arguments, "--topic", "reading", "--root", str(root)])


def written(root: Path) -> dict[str, frontmatter.Post]:
    return {post["title"]: post for post in map(frontmatter.load, sorted((root / "papers").glob("*.md")))}


def notes_of(name: str) -> list[frontmatter.Post]:
    return [frontmatter.load(path) for path in sorted((NOTES_FOLDERS / name).glob("*.md"))]


def test_a_sites_notes_with_authors_year_venue_and_links(tmp_path):
    root = collection(tmp_path, TOPIC)
    result = run_import(root, str(NOTES_FOLDERS / "ml-reading"))
    assert result.exit_code == 0, result.output
    assert "ml-reading (paper notes (Markdown with front matter)): added 5 papers, skipped 0" in result.output
    assert "the text of 5 note(s) below the front matter is not imported (it is yours and stays in the notes)" \
        in result.output
    papers = written(root)
    for note in notes_of("ml-reading"):
        paper = papers[note["title"]]
        assert paper["authors"] == note["authors"] and str(paper["date"]) == str(note["year"])
        assert paper.get("venue") == (None if note["venue"] == "arXiv" else note["venue"])
        assert paper["tags"][:1] == note["tags"]["areas"][:1]
        assert paper.content == ""  # the notes' own text stays in the notes
        assert paper["citation"]["key"] == note["citekey"]
    ddpm = papers["Denoising Diffusion Probabilistic Models"]
    assert ddpm["arxiv"] == "2006.11239" and "pdf" not in ddpm.get("links", {})  # its links.pdf is the arXiv PDF
    assert validates(root)


def test_jekyll_notes_without_text_and_an_arxiv_id_yaml_read_as_a_number(tmp_path):
    root = collection(tmp_path, TOPIC)
    result = run_import(root, str(NOTES_FOLDERS / "whiteshelf"))
    assert result.exit_code == 0 and "added 5 papers, skipped 0" in result.output, result.output
    assert "text of" not in result.output  # notes of front matter alone
    assert "1706.03762.md: ignored fields: date_added, summary, an arXiv id written as a number" in result.output
    papers = written(root)
    for note in notes_of("whiteshelf"):
        paper = papers[note["title"]]
        assert paper["authors"] == note["authors"] and str(paper["date"]) == str(note["year"])
        assert str(paper["arxiv"]) == Path(note.metadata.get("pdf", "")).stem.removesuffix(".pdf") or \
            paper["arxiv"] == note["arxiv"]
    assert papers["Attention Is All You Need"]["arxiv"] == "1706.03762"  # from its pdf link, not YAML's float


def test_a_scripts_posts_take_their_date_from_arxiv_not_the_post(tmp_path):
    """A post's `date` may be the day it was written: with no year beside it, arXiv's date is asked for, in one
    request for the folder; offline, the import stops and says so, writing nothing."""
    root = collection(tmp_path, TOPIC)
    posts = NOTES_FOLDERS / "amds123"
    offline = run_import(root, str(posts), "--api-url", closed_port_url())
    assert offline.exit_code == 1 and "cannot reach arXiv" in offline.output and "nothing was changed" in offline.output
    assert not list((root / "papers").glob("*.md"))
    with recorded_arxiv_api() as arxiv:
        run_import(root, str(posts), "--api-url", arxiv.url)
    assert arxiv.requests == ["cond-mat/9208022,cmp-lg/9408008,1901.08129,1810.04805,1908.10555"]
    bert = posts / "2019-05-24-BERT-Pre-training-of-Deep-Bidirectional-Transformers-for-Language-Understanding.md"
    draft = note_to_draft(bert.read_text(encoding="utf-8"), bert.name)[0]
    assert isinstance(draft, Skipped) and draft.partial is not None  # completed from arXiv when it answers
    meta = draft.partial.meta
    assert meta["authors"] == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert meta["arxiv"] == "1810.04805" and meta["date"] is None and meta["tags"] == ["arXiv_CL", "Inference"]
    assert draft.partial.abstract.startswith("We introduce a new language representation model called BERT")
    assert "date (a note's date may be the day it was written: the paper's date is arXiv's)" in draft.partial.ignored
    gan = next(posts.glob("1992-*.md"))
    gan_meta = note_to_draft(gan.read_text(encoding="utf-8"), gan.name)[0].partial.meta
    assert gan_meta["authors"] == ["Vincenzo Fiorentini", "Michael Methfessel", "Matthias Scheffler"]  # "(Fritz-Haber…)"
    assert gan_meta["arxiv"] == "cond-mat/9208022"


def test_a_vault_whose_author_field_names_institutions_asks_arxiv_for_the_people(tmp_path):
    vault = NOTES_FOLDERS / "papers"
    for note in vault.glob("*.md"):
        item = note_to_draft(note.read_text(encoding="utf-8"), note.name)[0]
        if "arxiv.org" not in frontmatter.load(note)["link"]:  # an EPFL paper: its `time: 306` is no date
            assert isinstance(item, Skipped) and item.reason.startswith("no date: add year: 2024 to the note's front")
            continue
        assert isinstance(item, Skipped) and item.partial is not None, note.name
        assert item.partial.meta["authors"] == []  # "Tel-Aviv University; Google Research" are no authors
        assert "author (it names institutions, not people)" in item.partial.ignored
        assert item.partial.meta["arxiv"] == frontmatter.load(note)["link"].rsplit("/", 1)[1].removesuffix(".pdf")


def test_a_note_given_alone_is_read_and_arxiv_completes_what_it_lacks(tmp_path):
    root = collection(tmp_path, TOPIC)
    note = tmp_path / "heat-bath.md"  # a note in amds123's style, of a paper the recorded arXiv answers for
    note.write_text("---\nlayout: post\ntitle: \"Heat-bath random walks with Markov bases\"\n"
                    "date: 2016-06-02 09:00:00\ntags: arXiv_Math\nauthor: Caprice Stanley, Tobias Windisch\n---\n\n"
                    "My notes on it.\n\n"
                    "##### URL\n[https://arxiv.org/abs/1605.08386](https://arxiv.org/abs/1605.08386)\n",
                    encoding="utf-8")
    assert detect_format(note.read_text(encoding="utf-8"), note.name) == NOTES
    with recorded_arxiv_api() as arxiv:
        result = run_import(root, str(note), "--api-url", arxiv.url)
    assert result.exit_code == 0 and "added 1 paper" in result.output, result.output
    assert arxiv.requests == ["1605.08386"]
    [paper] = written(root).values()
    assert paper["title"] == "Heat-bath random walks with Markov bases" and paper["arxiv"] == "1605.08386"
    assert paper["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert paper["date"] == "2016-05-26"  # arXiv's first version, not the post's day
    assert "My notes on it" not in paper.content


@pytest.mark.parametrize("front", ["title: \"{{title}}\"\nauthors: [\"{{authors}}\"]\nyear: 2024\n",
                                   "title: Meeting on Monday\ntags: [meeting]\n"])
def test_templates_and_other_notes_are_not_papers(tmp_path, front):
    vault = tmp_path / "vault"
    (vault / "papers").mkdir(parents=True)
    (vault / "templates").mkdir()
    (vault / "templates" / "paper.md").write_text("---\ntitle: \"{{title}}\"\nauthors: []\n---\n", encoding="utf-8")
    for source in (NOTES_FOLDERS / "whiteshelf").glob("14*.md"):
        (vault / "papers" / source.name).write_bytes(source.read_bytes())
    (vault / "papers" / "other.md").write_text(f"---\n{front}---\n\nText.\n", encoding="utf-8")
    (tmp_path / "shelf").mkdir()
    root = collection(tmp_path / "shelf", TOPIC)
    result = run_import(root, str(vault))
    assert result.exit_code == 1, result.output  # one note skipped
    assert "added 1 paper, skipped 1" in result.output and "templates/paper.md" not in result.output
    assert "papers/other.md: skipped:" in result.output


def test_a_folder_of_neither_notes_nor_a_hugo_site_says_what_papershelf_imports(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "readme.md").write_text("# Our lab\n\nNo front matter here.\n", encoding="utf-8")
    (tmp_path / "shelf").mkdir()
    root = collection(tmp_path / "shelf", TOPIC)
    result = run_import(root, str(folder))
    assert result.exit_code == 2
    assert "is a folder, and papershelf imports a folder as a Hugo site's publications" in result.output
    assert "or as paper notes (Markdown files whose front matter has a title and authors" in result.output


def test_zotero_integration_notes_give_their_paper_in_dataview_fields_and_an_abstract_callout(tmp_path):
    root = collection(tmp_path, TOPIC)
    vault = NOTES_FOLDERS / "zotero-integration"
    result = run_import(root, str(vault))
    assert "added 4 papers, skipped 1" in result.output, result.output
    assert "_TEMPLATE_header_biblio.md: skipped: a template (its front matter holds {{…}} or {%…%} placeholders)" \
        in result.output
    papers = written(root)
    for note in sorted(vault.glob("[!_]*.md")):
        text = note.read_text(encoding="utf-8")
        fields = {}
        for line in text.splitlines():  # "> **Title**:: Model-Based …", read here with str methods alone
            key, separator, value = line.lstrip("> ").partition("**::")
            if separator and value.strip():
                fields.setdefault(key.strip("*").casefold(), []).append(value.replace("<br>", "").strip())
        paper = papers[fields["title"][0]]
        assert paper["authors"] == [" ".join(reversed(name.split(", ", 1))) for name in fields["author"]]
        assert str(paper["date"]) == fields["year"][0]
        assert paper["citation"]["key"] == frontmatter.load(note)["citekey"]
        assert paper.get("doi", "") == (fields.get("doi") or [""])[0]
        if ">[!Abstract]" in text:
            assert paper.content.split()[:6] == text.split(">[!Abstract]")[1].lstrip("\n>").split()[:6]
    banfield = papers["Model-Based Gaussian and Non-Gaussian Clustering"]
    assert banfield["venue"] == "Biometrics" and banfield["citation"]["pages"] == "803–821"


def test_a_reading_list_page_with_front_matter_stays_a_reading_list():
    """A Jekyll or Hugo page that lists papers has front matter too (a title, its author): the arXiv papers it
    links are what it gives, not one paper note."""
    readme = (Path(__file__).parent / "fixtures" / "sources" / "lists" / "awesome-sparse-autoencoders-README.md")
    page = "---\ntitle: Reading list\nauthor: Jane Doe\nlayout: page\n---\n\n" + readme.read_text(encoding="utf-8")
    assert detect_format(page, "reading.md") == "arxiv-links"
