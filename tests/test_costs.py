"""Costs stay linear and bounded: what one paper file within the size limit can make a build write.

The worst paper file validation accepts (every list at its bound, every text at its longest, the body
filled to the 64 KB limit) is measured in bytes, never in seconds: the pages it adds and their content
here, the whole built site in the slow test. Time ratios are in benchmarks/hostile.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from papershelf.exports import write_exports
from papershelf.model.collection import check_collection
from papershelf.model.load import MAX_FILE_BYTES
from papershelf.model.schema import MAX_AUTHORS, MAX_LINKS, MAX_TAGS, MAX_TOPICS
from papershelf.model.writer import render_paper_file
from papershelf.site.plan import plan_site
from papershelf.site.render import PageRenderer
from sitebuild import REPO, build_site, scratch_collection

TOPICS = [entry["id"] for entry in yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))]
SMALL = render_paper_file({"title": "A Small Paper", "authors": ["Ann Lee"], "date": "2024-01-15",
                           "topics": [TOPICS[0]]}, "A short abstract.")


def worst_paper() -> str:
    """Every field at its bound, names at their longest, the body filled with links up to the size limit."""
    meta = {"title": "T" * 499 + "!", "date": "2024-01-15", "topics": TOPICS[:MAX_TOPICS],
            "authors": [f"{'Longname ' * 30}{number}"[:290] for number in range(MAX_AUTHORS)],
            "venue": "V" * 500, "tags": [f"tag-{number}-" + "x" * 50 for number in range(MAX_TAGS)],
            "links": {f"link{number}": "https://example.org/" + "p" * 300 for number in range(MAX_LINKS)},
            "doi": "10.1234/" + "d" * 280, "arxiv": "2401.10000", "upvotes": 10**9, "author_count": 10**9}
    text = render_paper_file(meta, "")
    line = "A [link](https://example.org/abcdefghijklmnopqrstuvwxyz) and **bold** text with `code`.\n\n"
    body = line * ((MAX_FILE_BYTES - len(text.encode("utf-8")) - 10) // len(line))
    text = render_paper_file(meta, body)
    assert len(text.encode("utf-8")) <= MAX_FILE_BYTES
    return text


def collection_with(root: Path, text: str) -> Path:
    (root / "papers").mkdir(parents=True)
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    (root / "papers" / "a-paper.md").write_text(text, encoding="utf-8")
    return root


def written_bytes(root: Path) -> tuple[int, int]:
    """(pages, bytes of their content and of every export) for the collection at `root`, without MkDocs."""
    collection, problems = check_collection(root)
    assert not [problem for problem in problems if problem.is_error], problems
    plan = plan_site(collection, PageRenderer(collection))
    content = sum(len(page.render().encode("utf-8")) for page in plan)
    write_exports(collection, root / "site")
    exports = sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file())
    return len(plan), content + exports


def test_the_worst_paper_file_adds_bounded_pages_and_content(tmp_path):
    small_pages, small_bytes = written_bytes(collection_with(tmp_path / "small", SMALL))
    pages, size = written_bytes(collection_with(tmp_path / "worst", worst_paper()))
    # one page per author, per topic, the paper, its year: the bound is in the schema
    assert pages - small_pages <= MAX_AUTHORS + MAX_TOPICS
    assert size - small_bytes < 7 * 1024 * 1024, f"{(size - small_bytes) / 1e6:.1f} MB"  # 5.7 MB on 2026-11-30


def test_a_paper_with_more_authors_than_the_bound_is_refused_not_built(tmp_path):
    names = [f"Author {number}" for number in range(4400)]
    text = render_paper_file({"title": "Many", "authors": names, "date": "2024-01-15", "topics": [TOPICS[0]]}, "A.")
    _, problems = check_collection(collection_with(tmp_path / "c", text))
    assert [problem.message for problem in problems] == [f"lists 4,400 authors; at most {MAX_AUTHORS:,} are allowed"]


@pytest.mark.slow
def test_the_worst_paper_file_adds_a_few_megabytes_to_the_built_site(tmp_path):
    """The real `mkdocs build --strict`: the theme's page around each page counts too."""
    def site_bytes(name: str, text: str) -> int:
        root = scratch_collection(tmp_path / name, {"a-paper.md": text})
        result = build_site(root, root / "site")
        assert result.returncode == 0, result.stderr[-2000:]
        return sum(path.stat().st_size for path in (root / "site").rglob("*") if path.is_file())

    added = site_bytes("worst", worst_paper()) - site_bytes("small", SMALL)
    assert added < 10 * 1024 * 1024, f"{added / 1e6:.1f} MB"  # 376 MB for one file before the bounds


def test_an_author_past_the_thirtieth_is_still_marked_on_their_own_page(tmp_path):
    """A brief row names 30 authors; on the page of an author further down the list, they follow in bold."""
    names = [f"Author Number{number}" for number in range(35)]
    text = render_paper_file({"title": "A Long Byline", "authors": names, "date": "2024-01-15",
                              "topics": [TOPICS[0]]}, "A short abstract.")
    collection, problems = check_collection(collection_with(tmp_path, text))
    assert not [problem for problem in problems if problem.is_error], problems
    pages = {page.url: page for page in plan_site(collection, PageRenderer(collection))}
    authors = collection.taxonomies["authors"]
    late, early = (authors.terms_of(collection.papers[0])[index] for index in (32, 3))
    late_page = pages[collection.routes.url(late)].render()
    assert f', … <strong class="ps-author--self">{late.name}</strong>' in late_page
    assert " and 5 others" in late_page
    early_page = pages[collection.routes.url(early)].render()
    assert f'<strong class="ps-author--self">{early.name}</strong>' in early_page and ", … <strong" not in early_page
