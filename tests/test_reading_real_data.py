"""The site a reader gets from real exports (tests/fixtures/reading: IEEE Xplore's BibTeX, a Chinese CSL-JSON
library), as a maintainer makes it: `papershelf init`, `papershelf import`, `mkdocs build`. Read from its HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import frontmatter
import pytest

from sitebuild import parse

GENOME = "the-genome-of-eucalyptus-grandis"


@pytest.fixture(scope="module")
def site(real_reading_site) -> Path:
    return real_reading_site[0]


@pytest.fixture(scope="module")
def papers(real_reading_site) -> dict[str, dict]:
    return {path.stem: frontmatter.load(path).metadata for path in (real_reading_site[1] / "papers").glob("*.md")}


def row_buttons(html: str, slug: str) -> list[tuple[str, str]]:
    """(label, href) of the buttons of `slug`'s row on a list page."""
    row = html.split(f'/{slug}/"')[1].split("</li>")[0]
    actions = row.split('class="ps-actions">')[1]
    return re.findall(r'<a class="ps-action" href="([^"]+)"[^>]*>([^<]+)</a>', actions)


def list_buttons(site: Path, slug: str) -> list:
    """The buttons of `slug`'s entry in papers/list.json, which rows drawn after filtering or sorting show."""
    data = json.loads((site / "papers" / "list.json").read_text(encoding="utf-8"))
    entry = next(row for row in data["papers"] if row[0] == slug)
    return entry[data["fields"].index("links")]


def test_a_row_without_an_arxiv_id_links_the_paper_by_its_doi_or_its_own_address(site, papers):
    """An IEEE Xplore export has DOIs and no arXiv ids: its rows linked nowhere but to the paper's page here."""
    html = (site / "papers" / "index.html").read_text(encoding="utf-8")
    ieee = [slug for slug, meta in papers.items() if "ambient-assisted-living" in meta["topics"]]
    assert len(ieee) == 2
    for slug in ieee:
        doi = f"https://doi.org/{papers[slug]['doi']}"
        assert row_buttons(html, slug)[0] == (doi, "DOI")
        assert ["DOI", doi] in list_buttons(site, slug)  # rows drawn after filtering show it too
    assert [label for _, label in row_buttons(html, GENOME)] == ["DOI", "PDF", "Cite"]
    dataset = next(slug for slug, meta in papers.items() if meta["title"].startswith("人文社会科学"))
    address = papers[dataset]["links"]["paper"]
    assert row_buttons(html, dataset)[0] == (address, "Paper") and ["Paper", address] in list_buttons(site, dataset)
    topic = (site / "topics" / "ambient-assisted-living" / "index.html").read_text(encoding="utf-8")
    assert all(row_buttons(topic, slug)[0][1] == "DOI" for slug in ieee)


def test_a_paper_page_names_twenty_authors_then_unfolds_the_others(site, papers):
    """The genome paper's 80 names no longer push its date, DOI and Cite below a phone's first screen; every name
    is still on the page, linked, and in its citation_author tags."""
    html = (site / "papers" / GENOME / "index.html").read_text(encoding="utf-8")
    byline = html.split('<div class="ps-byline">')[1].split("</div>")[0]
    shown, folded = byline.split('<details class="ps-more-authors">')
    names = papers[GENOME]["authors"]
    assert len(names) == 80
    assert re.findall(r'class="ps-author"[^>]*>([^<]+)</a>', shown) == names[:20]
    assert "<summary>+60 more</summary>" in folded
    assert re.findall(r'class="ps-author"[^>]*>([^<]+)</a>', folded) == names[20:]
    assert "others" not in folded  # none left out, unlike a row's 30
    tags = [attributes["content"] for tag, attributes in parse(html).elements
            if tag == "meta" and attributes.get("name") == "citation_author"]
    assert len(tags) == 80


def test_a_short_byline_is_not_folded(site, papers):
    dataset = next(slug for slug, meta in papers.items() if meta["title"].startswith("人文社会科学"))
    html = (site / "papers" / dataset / "index.html").read_text(encoding="utf-8")
    byline = html.split('<div class="ps-byline">')[1].split("</div>")[0]
    assert "ps-more-authors" not in byline
    assert re.findall(r'class="ps-author"[^>]*>([^<]+)</a>', byline) == papers[dataset]["authors"]


def test_the_topics_index_names_the_parent_of_each_subtopic(bundled_site):
    """By paper count a subtopic does not follow its parent, whose count includes its papers: its row says whose
    subtopic it is."""
    import yaml

    from sitebuild import REPO

    topics = yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))
    titles = {topic["id"]: topic["title"] for topic in topics}
    html = (bundled_site / "topics" / "index.html").read_text(encoding="utf-8")
    rows = {re.search(r'href="\.\./topics/([^/]+)/"', row).group(1): row
            for row in re.findall(r'<tr class="ps-term".*?</tr>', html)}
    assert set(rows) == set(titles)
    for topic in topics:
        said = re.findall(r'Subtopic of <a href="\.\./topics/([^/]+)/">([^<]+)</a>', rows[topic["id"]])
        assert said == ([(topic["parent"], titles[topic["parent"]])] if "parent" in topic else [])
    assert any("parent" in topic for topic in topics)
