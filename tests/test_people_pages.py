"""Author pages written in Python (people_pages.py) are the pages term.html makes, byte for byte, and a
site that overrides term.html still gets its own template."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader

from papershelf.model.collection import load_collection
from papershelf.site import people_pages
from papershelf.site.plan import plan_site
from papershelf.site.render import PageRenderer, content_environment
from sitebuild import REPO, scratch_collection

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import write_collection  # noqa: E402


def paper(title: str, authors: list[str], venue: str = "", date: str = "2024-05", topic: str = "multimodal-llms") -> str:
    names = "\n".join(f"  - {json.dumps(name)}" for name in authors)  # JSON strings are YAML strings
    venue_line = f"venue: {json.dumps(venue)}\n" if venue else ""
    return (f'---\ntitle: {json.dumps(title)}\nauthors:\n{names}\ndate: "{date}"\n{venue_line}'
            f"topics: [{topic}]\n---\n\nAbstract.\n")


def varied_collection(root: Path) -> Path:
    """Generated papers (prolific authors, co-authors past 30) with hand-written edge cases beside them."""
    write_collection(root, 300, 7, "real")
    papers = root / "papers"
    topic = yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))[0]["id"]
    hostile = ["<script>alert('a')</script>", "\"><svg onload=alert(1)>", "Ann & Bo's \"Lab\""]
    (papers / "hostile-names.md").write_text(paper("Names <b>that</b> & break", [*hostile, "Bilal Chughtai"],
                                                   venue="<i>Venue</i> & Co", topic=topic), encoding="utf-8")
    many = [f"Person{number} Long-List" for number in range(40)]
    (papers / "forty-authors.md").write_text(paper("Forty authors", many, date="2023", topic=topic), encoding="utf-8")
    (papers / "forty-again.md").write_text(paper("Forty again", many[::-1], date="2022-03-04", topic=topic), encoding="utf-8")
    (root / "authors.yml").write_text(
        "- name: Bilal Chughtai\n  homepage: https://example.org/bilal?a=1&b=2\n  orcid: 0000-0002-1825-0097\n"
        "  scholar: https://scholar.example/x\n", encoding="utf-8")
    return root


def author_pages(renderer: PageRenderer, collection, papers_per_page: int):
    return [page for page in plan_site(collection, renderer, papers_per_page=papers_per_page)
            if page.kind == "term" and page.url.startswith("authors/")]


def test_python_author_pages_are_the_templates_pages_byte_for_byte(tmp_path):
    collection = load_collection(varied_collection(tmp_path / "c"))
    renderer = PageRenderer(collection)
    assert renderer.person_page is not None, "the shipped templates changed: update people_pages.py (see its docstring)"
    for papers_per_page in (100, 2):  # 2: most prolific authors' pages have a pager
        pages = author_pages(renderer, collection, papers_per_page)
        fast = {page.url: page.render() for page in pages}
        python, renderer.person_page = renderer.person_page, None
        templated = {page.url: page.render() for page in pages}
        renderer.person_page = python
        assert len(fast) > 1000
        different = [url for url in fast if fast[url] != templated[url]]
        assert not different, (different[:5], fast[different[0]], templated[different[0]])
    # the cases the collection was made for are really there
    assert any('rel="next"' in html for html in fast.values())
    assert any('class="ps-per-year"' in html for html in fast.values())
    assert any('class="ps-follow"' in html for html in fast.values())
    assert any("… and" in html and "other co-author" in html for html in fast.values())
    assert any(", … <strong" in html for html in fast.values())
    assert "&lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt;" in "".join(fast.values())
    assert "https://example.org/bilal?a=1&amp;b=2" in "".join(fast.values())


def test_the_fingerprints_are_those_of_the_shipped_templates():
    templates = people_pages.TEMPLATES
    found = people_pages.fingerprints((templates / "term.html").read_text(encoding="utf-8"),
                                      (templates / "_macros.html").read_text(encoding="utf-8"))
    assert found == people_pages.FINGERPRINTS, "term.html or its macros changed: make PersonPage match, then these"
    assert people_pages.usable(content_environment())


def test_a_sites_own_term_template_is_used_for_author_pages(tmp_path):
    collection = load_collection(scratch_collection(tmp_path / "c", {
        "one.md": paper("One", ["Ann Lee", "Bo Li"]), "two.md": paper("Two", ["Ann Lee"])}))
    custom = tmp_path / "custom" / "papershelf"
    custom.mkdir(parents=True)
    (custom / "term.html").write_text("<h1>Mine: {{ term.name }}</h1>", encoding="utf-8")
    env = content_environment(Environment(loader=FileSystemLoader(str(tmp_path / "custom"))))
    renderer = PageRenderer(collection, env=env)
    assert renderer.person_page is None
    page = next(page for page in author_pages(renderer, collection, 100) if page.url == "authors/ann-lee/")
    assert page.render() == "<h1>Mine: Ann Lee</h1>"


def test_an_edited_macro_falls_back_to_the_template(tmp_path):
    custom = tmp_path / "custom" / "papershelf"
    custom.mkdir(parents=True)
    macros = (people_pages.TEMPLATES / "_macros.html").read_text(encoding="utf-8")
    (custom / "_macros.html").write_text(macros.replace('class="ps-paper"', 'class="ps-paper mine"'), encoding="utf-8")
    assert not people_pages.usable(content_environment(Environment(loader=FileSystemLoader(str(tmp_path / "custom")))))
