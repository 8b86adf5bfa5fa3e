"""A reading list kept as Markdown with arXiv links (an "awesome" list's README): the links and the headings
they sit under, from a real README; its papers asked from the arXiv API (recorded answers, local server)."""

from pathlib import Path

import frontmatter
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from papershelf.cli import cli
from papershelf.sources.detect import LINKS, detect_format
from papershelf.sources.links import LinkedPaper, linked_papers

LISTS = Path(__file__).parent / "fixtures" / "sources" / "lists"
TOPICS = """\
- id: condensed-matter
  title: Condensed matter
  aliases: [Spin chains]
- id: particle-physics
  title: Particle physics
- id: other
  title: Other
"""
# Three recorded papers and one id arXiv does not know, under the headings an awesome list would use.
READING_LIST = """\
# Our reading list

## Spin chains

- Bethe ansatz in the thermodynamic limit: [abs](https://arxiv.org/abs/1111.2011v2) (read it twice)

## Particle physics

### Detectors

* [paper](http://arxiv.org/pdf/hep-ex/0406020v1.pdf) and again https://arxiv.org/abs/hep-ex/0406020

## To read

1605.08386 is not a link; this one is: <https://arxiv.org/abs/1605.08386>, and this one is gone:
https://arxiv.org/abs/0000.0000
"""


def test_the_links_of_a_real_awesome_list_and_the_headings_above_them():
    text = (LISTS / "awesome-sparse-autoencoders-README.md").read_text(encoding="utf-8")
    assert detect_format(text) == LINKS
    assert linked_papers(text) == [
        LinkedPaper("2404.16014", 67, ["Awesome Sparse Autoencoders", "Architecture & Theory"]),
        LinkedPaper("2405.14860", 133, ["Awesome Sparse Autoencoders", "Other"]),
    ]


def test_a_markdown_reading_list_imports_its_arxiv_papers_under_the_topics_its_headings_name(tmp_path):
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    reading = tmp_path / "README.md"
    reading.write_text(READING_LIST, encoding="utf-8")
    with recorded_arxiv_api() as arxiv:
        result = CliRunner().invoke(cli, ["import", str(reading), "--topic", "other", "--api-url", arxiv.url,
                                          "--root", str(tmp_path)])
    assert arxiv.requests == ["1111.2011,hep-ex/0406020,1605.08386,0000.0000"]  # one request, each id once
    assert result.exit_code == 1, result.output  # one link skipped
    assert "README.md: line 16 (arXiv 0000.0000): skipped: arXiv has no paper of this id; check the link" \
        in result.output
    assert "README.md (arXiv links (a Markdown or text reading list)): added 3 papers, skipped 1" in result.output
    papers = {post["arxiv"]: post for post in map(frontmatter.load, (tmp_path / "papers").glob("*.md"))}
    assert papers["1111.2011"]["topics"] == ["condensed-matter"]  # "Spin chains" is an alias
    assert papers["hep-ex/0406020"]["topics"] == ["particle-physics"]  # the heading above its section's
    assert papers["1605.08386"]["topics"] == ["other"]  # "To read" names no topic: --topic
    assert papers["1111.2011"]["title"] and papers["1111.2011"]["authors"]  # from arXiv's answer
    assert CliRunner().invoke(cli, ["validate", "--root", str(tmp_path)]).exit_code == 0


def test_a_reading_list_imported_offline_says_arxiv_is_unreachable_and_writes_nothing(tmp_path):
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    reading = tmp_path / "list.md"
    reading.write_text(READING_LIST, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(reading), "--topic", "other", "--api-url", closed_port_url(),
                                      "--root", str(tmp_path)])
    assert result.exit_code == 1 and "cannot reach arXiv" in result.output and "nothing was changed" in result.output
    assert not list((tmp_path / "papers").iterdir())


def test_arxiv_ids_written_out_count_and_bare_numbers_do_not():
    text = "## Reading\nSee arXiv:2404.16014v2 and arXiv: 1706.03762, not 2404.16015 or version 1.2345.\n"
    assert linked_papers(text) == [LinkedPaper("2404.16014", 2, ["Reading"]), LinkedPaper("1706.03762", 2, ["Reading"])]


def test_links_to_the_hugging_face_and_alphaxiv_pages_of_papers_are_read_as_their_arxiv_ids():
    text = ("## Daily Papers we liked\n- [Bethe lattice](https://huggingface.co/papers/1111.2011) "
            "([trending](https://huggingface.co/papers/trending))\n"
            "- https://www.alphaxiv.org/abs/1605.08386v1 and https://hf.co/papers/hep-ex/0406020\n")
    assert detect_format(text) == LINKS
    assert [paper.arxiv for paper in linked_papers(text)] == ["1111.2011", "1605.08386", "hep-ex/0406020"]


def test_a_hostile_heading_is_cut_to_a_name_long_at_most_and_its_links_still_read():
    """Headings are cut before their markup is removed (MAX_HEADING characters): a line of ten thousand
    "(https://" costs what a short heading does."""
    from papershelf.sources.links import MAX_HEADING

    text = "## " + "(https://" * 10_000 + "\n# a" + " " * 5000 + "#" * 5000 + " " * 5000 + "x\n" \
           "https://arxiv.org/abs/2401.00001\n"
    [paper] = linked_papers(text)
    assert paper.arxiv == "2401.00001" and len(paper.headings) == 1
    assert paper.headings[0].startswith("a") and len(paper.headings[0]) <= MAX_HEADING


def test_an_awesome_list_with_a_how_to_cite_bibtex_block_is_a_reading_list(tmp_path):
    # its only BibTeX is the survey's "How to Cite" entry, in a code fence; its table links ten arXiv papers
    name = "awesome-mechanistic-interpretability-README-first71.md"
    text = (LISTS / name).read_text(encoding="utf-8")
    assert detect_format(text) == LINKS
    linked = [paper.arxiv for paper in linked_papers(text)]
    assert linked[:4] == ["2407.02646", "2203.14680", "2209.02535", "2303.08112"] and len(linked) == 11
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    with recorded_arxiv_api() as arxiv:
        result = CliRunner().invoke(cli, ["import", str(LISTS / name), "--topic", "other", "--api-url", arxiv.url,
                                          "--root", str(tmp_path), "--dry-run"])
    assert arxiv.requests == [",".join(linked)]  # every linked paper asked of arXiv, the survey's own included
    assert f"{name} (arXiv links (a Markdown or text reading list))" in result.output, result.output
    assert "Traceback" not in result.output


def test_one_papers_readme_with_its_bibtex_in_a_fence_stays_bibtex():
    # the same README's head alone: its BibTeX, and one arXiv link (the survey's): the BibTeX is the better record
    head = (LISTS / "awesome-mechanistic-interpretability-README-first71.md").read_text(encoding="utf-8")
    assert detect_format("\n".join(head.splitlines()[:40])) == "bibtex"
