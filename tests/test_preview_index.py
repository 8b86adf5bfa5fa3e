"""The preview's re-indexing after an edit gives exactly the indexes a fresh load gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papershelf.model.collection import load_collection
from papershelf.site.preview import update_collection
from sitebuild import scratch_collection

PAPER = "a-comprehensive-survey-on-self-interpretable-neural-networks"


def summary(collection) -> dict:
    """Everything pages read from the indexes, as plain values."""
    return {
        name: {
            "terms": {key: (term.name, term.slug, [p.slug for p in term.papers]) for key, term in taxonomy.terms.items()},
            "by_count": [term.key for term in taxonomy.by_count()],
            "by_name": [term.key for term in taxonomy.by_name()],
            "by_paper": {slug: [term.key for term in terms] for slug, terms in taxonomy.by_paper.items()},
            "titles": {p.slug: p.meta.title for term in taxonomy.terms.values() for p in term.papers},
        }
        for name, taxonomy in collection.taxonomies.items()
    } | {"papers": [p.slug for p in collection.papers]}


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


@pytest.mark.parametrize("pattern, replacement, refreshed", [
    (r"^title: .*$", "title: Aardvark Edition Of The Survey", True),  # moves in every list sorted by title
    (r"^date: '(\d{4})-\d\d-\d\d'$", r"date: '\1-01-01'", True),  # same year, older within it
    (r"^authors:\n", "authors:\n- Zed Newcomer\n", False),  # a new author: terms change, indexes are rebuilt
])
def test_an_edit_reindexes_as_a_fresh_load_would(tmp_path, pattern, replacement, refreshed):
    root = scratch_collection(tmp_path / "collection")
    previous = load_collection(root)
    before = summary(previous)
    paper_file = root / "papers" / f"{PAPER}.md"
    edit(paper_file, pattern, replacement)

    updated, problems = update_collection(previous, {paper_file})

    assert problems == []
    assert (updated.built_taxonomies is not None) == refreshed  # carried over and patched, or left to build
    assert summary(updated) == summary(load_collection(root))
    assert summary(previous) == before  # the last build's indexes are compared with, so must not change
