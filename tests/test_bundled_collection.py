"""The collection bundled in papers/ and topics.yml agrees with its verified seed data."""

import hashlib
import json
from pathlib import Path

import pytest

from papershelf.model.identity import name_key
from papershelf.model.load import public_parts, split_front_matter
from papershelf.model.schema import PaperMeta, TopicEntry
from papershelf.model.yamlstrict import load_strict

REPO = Path(__file__).parents[1]
PAPER_FILES = sorted((REPO / "papers").glob("*.md"))
# What the bundled papers were verified against, recorded in the repository (its "origin" says from where)
SEED = json.loads((Path(__file__).parent / "fixtures" / "bundled-collection-seed.json").read_text(encoding="utf-8"))


def read_paper(path: Path) -> tuple[PaperMeta, str]:
    parts = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(parts, tuple), f"{path.name}: {parts}"
    front, front_line, body, _ = parts
    abstract, _notes, _maintainers = public_parts(body)  # the abstract as published
    return PaperMeta.model_validate(load_strict(front, front_line).data), abstract


@pytest.fixture(scope="module")
def papers() -> dict[str, tuple[PaperMeta, str]]:
    return {path.name: read_paper(path) for path in PAPER_FILES}


@pytest.fixture(scope="module")
def verified(papers) -> dict[str, tuple[PaperMeta, str]]:
    """The bundled papers the seed records, by arXiv id: every recorded paper is still there (more may be)."""
    by_arxiv = {meta.arxiv: (meta, abstract) for meta, abstract in papers.values()}
    assert set(SEED["papers"]) <= set(by_arxiv), "papers of the verified seed are missing from papers/"
    return {arxiv: by_arxiv[arxiv] for arxiv in SEED["papers"]}


def test_every_paper_has_an_abstract_on_one_line(papers):
    assert papers
    assert all(abstract and "\n" not in abstract for _, abstract in papers.values())


def test_ids_titles_and_authors_equal_the_verified_metadata(verified):
    for arxiv, (meta, _) in verified.items():
        recorded = SEED["papers"][arxiv]
        assert meta.title == recorded["title"], arxiv
        assert meta.authors == recorded["authors"], arxiv
        assert meta.author_count == recorded.get("author_count"), arxiv


def test_abstracts_are_copied_verbatim_from_the_listing(verified):
    for arxiv, (_, abstract) in verified.items():
        assert hashlib.sha256(abstract.encode()).hexdigest() == SEED["papers"][arxiv]["abstract_sha256"], arxiv


def test_every_topic_used_is_declared_and_every_topic_is_used(papers):
    topics = [TopicEntry.model_validate(item) for item in load_strict((REPO / "topics.yml").read_text()).data]
    declared = {topic.id for topic in topics}
    used = {topic for meta, _ in papers.values() for topic in meta.topics}
    assert len(declared) == len(topics)
    assert used <= declared, used - declared
    assert declared <= used, declared - used


def test_distinct_authors_after_normalization_are_the_verified_ones(verified):
    names = {name_key(name) for meta, _ in verified.values() for name in meta.authors}
    assert names == {name_key(name) for paper in SEED["papers"].values() for name in paper["authors"]}
    assert len(names) < sum(len(paper["authors"]) for paper in SEED["papers"].values())  # shared authors merged
