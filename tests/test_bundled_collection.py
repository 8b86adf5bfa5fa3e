"""The collection bundled in papers/ and topics.yml agrees with its verified seed data."""

import json
from pathlib import Path

import pytest

from papershelf.model.identity import name_key
from papershelf.model.load import split_body, split_front_matter
from papershelf.model.schema import PaperMeta, TopicEntry
from papershelf.model.yamlstrict import load_strict

REPO = Path(__file__).parents[1]
SHARED = Path(__file__).parents[2] / "shared"
PAPER_FILES = sorted((REPO / "papers").glob("*.md"))


def read_paper(path: Path) -> tuple[PaperMeta, str]:
    parts = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(parts, tuple), f"{path.name}: {parts}"
    front, front_line, body, _ = parts
    abstract, _notes = split_body(body)
    return PaperMeta.model_validate(load_strict(front, front_line).data), abstract


@pytest.fixture(scope="module")
def papers() -> dict[str, tuple[PaperMeta, str]]:
    return {path.name: read_paper(path) for path in PAPER_FILES}


@pytest.fixture(scope="module")
def seed() -> dict[str, dict]:
    if not SHARED.is_dir():
        pytest.skip(f"seed data folder {SHARED} is absent (it lives outside the repository)")
    entries = json.loads((SHARED / "seed-metadata.json").read_text(encoding="utf-8"))
    return {entry["arxiv_id"]: entry for entry in entries}


def test_there_are_37_papers_and_each_has_an_abstract(papers):
    assert len(PAPER_FILES) == 37
    assert all(abstract and "\n" not in abstract for _, abstract in papers.values())


def test_ids_and_authors_equal_the_verified_metadata(papers, seed):
    by_arxiv = {meta.arxiv: meta for meta, _ in papers.values()}
    assert set(by_arxiv) == set(seed)
    for arxiv, meta in by_arxiv.items():
        assert meta.title == seed[arxiv]["title"], arxiv
        assert meta.authors == (seed[arxiv]["authors"] or []), arxiv
        if not meta.authors:
            assert meta.author_count == seed[arxiv]["seed_author_count"], arxiv


def test_abstracts_are_copied_verbatim_from_the_listing(papers, seed):
    listing = (SHARED / "seeds" / "hf-daily-papers-listing.txt").read_text(encoding="utf-8")
    assert all(f"\n{abstract}\n" in listing for _, abstract in papers.values())


def test_every_topic_used_is_declared_and_every_topic_is_used(papers):
    topics = [TopicEntry.model_validate(item) for item in load_strict((REPO / "topics.yml").read_text()).data]
    declared = {topic.id for topic in topics}
    used = {topic for meta, _ in papers.values() for topic in meta.topics}
    assert len(declared) == len(topics)
    assert used <= declared, used - declared
    assert declared <= used, declared - used


def test_distinct_authors_after_normalization(papers):
    names = {name_key(name) for meta, _ in papers.values() for name in meta.authors}
    assert len(names) == 233  # the count the issue gives for this listing
