"""A taxonomy's `min_papers` (issue 30's option for huge collections): with the authors' set to 2, an author
of one paper gets no page, and every place that named them with a link names them without one, so the site
has no broken link; the counts stay right. Built for real on a generated collection, read as HTML and JSON."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections import Counter
from pathlib import Path

import frontmatter
import pytest
import yaml

from papershelf.model.collection import load_collection
from papershelf.model.problems import UsageError
from papershelf.model.routes import AUTHORS, Routes, TaxonomyDeclaration
from papershelf.review.linkcheck import find_broken_links
from papershelf.site.plan import plan_site
from papershelf.site.render import PageRenderer
from sitebuild import REPO, build_site
from test_people_pages import author_pages, varied_collection

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import write_collection  # noqa: E402
from run import AUTHORS_MIN_PAPERS  # noqa: E402  (the benchmark's variant: the same option, written once)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("collection")
    write_collection(root, 60, 3, "real")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = yaml.safe_load("plugins:\n" + AUTHORS_MIN_PAPERS)["plugins"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = build_site(root, root / "site")
    assert built.returncode == 0, built.stderr
    return root, root / "site"


def paper_counts(root: Path) -> Counter[str]:
    return Counter(name for path in (root / "papers").glob("*.md") for name in frontmatter.load(path)["authors"])


def test_only_authors_of_two_papers_or_more_have_pages_and_no_link_is_broken(site):
    root, site_dir = site
    counts = paper_counts(root)
    collection = load_collection(root, routes=Routes.declaring([dataclasses.replace(AUTHORS, min_papers=2)]))
    terms = collection.taxonomies["authors"].terms.values()
    assert {term.name for term in terms} == set(counts)
    paged = {term.slug for term in terms if term.count >= 2}
    folders = {path.name for path in (site_dir / "authors").iterdir()
               if path.is_dir() and (path / "index.html").exists() and path.name not in ("by-name", "page")}
    assert folders == paged and 0 < len(paged) < len(counts)
    broken = find_broken_links(site_dir, None)  # the check `scripts/check` runs on the site
    assert not broken, [link.text() for link in broken[:5]]
    feeds = {path.parent.name for path in (site_dir / "authors").glob("*/feed.xml")}
    assert feeds <= paged


def test_an_author_of_one_paper_is_named_without_a_link_everywhere(site):
    root, site_dir = site
    counts = paper_counts(root)
    lone = next(name for name, count in counts.items() if count == 1 and name.isascii())
    path = next(path for path in (root / "papers").glob("*.md") if lone in frontmatter.load(path)["authors"])
    page = (site_dir / "papers" / path.stem / "index.html").read_text(encoding="utf-8")
    assert f">{lone}</a>" not in page and lone in page  # the byline names them, unlinked
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    person = next(author for author in ld["author"] if author["name"] == lone)
    assert "url" not in person  # no page to point to
    others = [author for author in ld["author"] if counts[author["name"]] >= 2]
    assert all(author["url"].startswith("https://") for author in others)
    index = "".join(path.read_text(encoding="utf-8") for path in (site_dir / "authors").rglob("index.html")
                    if path.parent.name in ("authors", "by-name") or path.parent.parent.name == "page")
    assert f"<td>{lone}</td>" in index  # the authors index lists everyone, with their count
    listing = json.loads((site_dir / "papers" / "list.json").read_text(encoding="utf-8"))
    assert [lone, next(term for term in listing["authors"] if isinstance(term, list) and term[0] == lone)[1], 0] \
        in listing["authors"]
    names = json.loads((site_dir / "authors" / "names.json").read_text(encoding="utf-8"))
    assert any(row[0] == lone and row[1] == 1 and row[-1] == 0 for row in names["terms"])


def test_python_author_pages_match_the_templates_with_min_papers(tmp_path):
    routes = Routes.declaring([dataclasses.replace(AUTHORS, min_papers=2)])
    collection = load_collection(varied_collection(tmp_path / "c"), routes=routes)
    renderer = PageRenderer(collection)
    pages = author_pages(renderer, collection, 100)
    assert all(term.count >= 2 for term in collection.taxonomies["authors"].terms.values()
               if any(page.url == term.url for page in pages))
    fast = {page.url: page.render() for page in pages}
    renderer.person_page = None
    templated = {page.url: page.render() for page in pages}
    assert fast == templated and len(fast) > 100
    unlinked = [url for url, html in fast.items() if re.search(r'<span class="ps-paper__authors">[^<]*[A-Za-z]', html)]
    assert unlinked  # bylines that name a co-author of one paper as text
    assert len(list(plan_site(collection, renderer))) < len(list(plan_site(load_collection(tmp_path / "c"),
                                                                           PageRenderer(load_collection(tmp_path / "c")))))


@pytest.mark.parametrize("value", [0, -1, True, "2"])
def test_min_papers_is_a_whole_number_of_at_least_one(value):
    with pytest.raises(UsageError, match="min_papers must be a whole number of at least 1"):
        TaxonomyDeclaration("authors", min_papers=value)
