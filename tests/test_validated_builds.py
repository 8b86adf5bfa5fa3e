"""Validated ⇒ builds: generated values for every field of a paper go through `validate`; whatever it
accepts goes through every page, the exports (JSON, BibTeX, Atom) and, in the slow variant, the real
`mkdocs build --strict`, without an error.

Values are drawn from all of Unicode (controls, noncharacters, invisible and bidi characters, astral
planes), markup and LaTeX payloads, numbers in every YAML form and size, so both sides of the plain-text
rule are exercised: the test counts the accepted examples and requires many of them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import bibtexparser
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from papershelf.exports import write_exports
from papershelf.exports.bibtex import balanced
from papershelf.model.collection import check_collection, validate_collection
from papershelf.model.plaintext import refused_character
from papershelf.site.plan import plan_site
from papershelf.site.render import PageRenderer
from sitebuild import REPO, build_site

TOPICS = [entry["id"] for entry in yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))]
PAYLOADS = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "{{ 7*7 }}", "}", "{", "\\", "%", "#", "$", "&",
            "@misc(x,", "}, note = {", " and ", "And", "others", "\\input{/etc/passwd}", "index", "h-index", "\u202e",
            "\u200b", "\ufe0f", "\x1b[2J", "\x85", "\uffff", "\U000e0041", "\u3164", "caf\u0065\u0301", "\n", "\t",
            "javascript:", "//evil.example", "](", "[x]: ", "```", "## Notes", "---", "' ", "\"", "*", "_"]
any_char = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be written to a file at all
plain_char = st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs")).filter(lambda c: not refused_character(c))
wild = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(any_char, max_size=10)), min_size=1, max_size=6).map("".join)
plain = st.lists(st.one_of(st.sampled_from([p for p in PAYLOADS if not refused_character(p)]), st.text(plain_char, max_size=10)),
                 min_size=1, max_size=6).map(lambda parts: " ".join("".join(parts).split()))


def mostly(good, bad):
    """`good` nine times in ten: with every field often wrong, hardly any paper would validate."""
    # hypothesis tries the ends of a range most (0 and 9): both are `good`
    return st.integers(0, 9).flatmap(lambda number: bad if number == 5 else good)


text = mostly(plain, wild)
names = st.one_of(text, st.sampled_from(["Ann Lee", "Barnes and Noble Consortium", "Lee, Ann", "Ann Papiindex"]))
dates = mostly(st.dates(min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2025, 12, 31))
               .map(str), st.one_of(st.integers(1900, 2025).map(str), st.text(max_size=12)))
integers = mostly(st.integers(0, 10**9), st.one_of(st.integers(-10**30, 10**30), st.sampled_from(
    ["0x" + "f" * 30, "0b" + "1" * 70, "1:2:3", "9" * 40, ".inf", "1e400", "-0"])))
fields = st.fixed_dictionaries(
    {"title": text, "authors": st.lists(names, min_size=1, max_size=5), "date": dates,
     "topics": st.lists(mostly(st.sampled_from(TOPICS), text), min_size=1, max_size=3, unique=True)},
    optional={"venue": text, "tags": st.lists(text, max_size=4, unique=True), "doi": text.map(lambda t: "10.1234/" + t),
              "arxiv": mostly(st.sampled_from(["2401.10000", "2401.10000v2", "hep-th/9901001"]),
                              st.sampled_from(["2401.1", "x", "2401.10000 "])),
              "links": st.dictionaries(st.sampled_from(["pdf", "code", "project"]),
                                       mostly(plain.map(lambda t: "https://example.org/" + t.replace(" ", "-")), text),
                                       max_size=3),
              "upvotes": integers, "author_count": integers, "added": dates})
markdown = plain.map(lambda t: t.replace("<", "&lt;"))  # raw HTML is refused: most bodies should get through
bodies = mostly(st.lists(st.one_of(markdown, st.sampled_from(["\n", "\n\n", "## Notes\n", "```\n", "> ", "- "])),
                         max_size=8).map("".join), st.one_of(st.just(""), wild))


def paper_text(meta: dict, body: str) -> str:
    """The file as a contributor might write it: numbers given as YAML source stay unquoted."""
    meta = dict(meta)
    raw = {key: meta.pop(key) for key in ("upvotes", "author_count") if isinstance(meta.get(key), str)}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    front += "".join(f"{key}: {value}\n" for key, value in raw.items())
    return f"---\n{front}---\n\n{body}\n"


def scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="papershelf-validated-"))
    (root / "papers").mkdir()
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    return root


def build_and_export(root: Path) -> None:
    """Every page of the site plan, the home page, and every export: any exception fails the test."""
    collection, problems = check_collection(root)
    assert not [problem for problem in problems if problem.is_error]
    renderer = PageRenderer(collection)
    for page in plan_site(collection, renderer):
        assert page.render()
    renderer.home("", 10)
    site = root / "site"
    write_exports(collection, site, title="Validated", site_url="https://example.org/shelf/")
    json.loads((site / "papers.json").read_text(encoding="utf-8"))
    ElementTree.parse(site / "feed.xml")
    library = bibtexparser.parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks and len(library.entries) == len(collection.papers)
    for entry in library.entries:
        assert all(balanced(field.value) for field in entry.fields)


@pytest.fixture(scope="module")
def accepted():
    """How many generated papers validated: a generator whose every example is refused would prove nothing."""
    counter = {"count": 0, "tried": 0}
    yield counter
    print(f"validated and built {counter['count']} of {counter['tried']} generated papers")
    assert counter["count"] >= max(1, counter["tried"] // 10), counter


def validated_builds(meta: dict, body: str, accepted: dict) -> None:
    root = scratch()
    try:
        (root / "papers" / "a-paper.md").write_text(paper_text(meta, body), encoding="utf-8")
        validation = validate_collection(root, jobs=1)
        accepted["tried"] += 1
        if not [problem for problem in validation.problems if problem.is_error]:
            accepted["count"] += 1
            build_and_export(root)
    finally:
        shutil.rmtree(root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=fields, body=bodies)
@example(meta={"title": "A } brace, author = {Mallory}} @misc(x, \\input{/etc/passwd} 100% {{ 7*7 }} <script>",
               "authors": ["Barnes and Noble Consortium", "Lee, Ann", "Ann Papiindex"], "date": "2024-02",
               "topics": [TOPICS[0]], "venue": "V}, note={x", "doi": "10.1234/x},note={y", "tags": ["<b>", "h-index"],
               "links": {"code": "https://example.org/a?b=c&d=e"}, "upvotes": "0x10", "author_count": 5},
          body="Text with [a link](https://example.org/) and `code`.\n\n```\n## Notes\n```\n\n## Notes\n\nNotes.")
def test_a_paper_that_validates_builds_and_exports(accepted, meta, body):
    validated_builds(meta, body, accepted)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=fields, body=bodies)
def test_many_papers_that_validate_build_and_export(accepted, meta, body):
    validated_builds(meta, body, accepted)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=st.lists(st.tuples(fields, bodies), min_size=8, max_size=8))
def test_papers_that_validate_pass_the_real_strict_mkdocs_build(papers):
    root = scratch()
    try:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "docs", root / "docs")
        for number, (meta, body) in enumerate(papers):
            (root / "papers" / f"paper-{number}.md").write_text(paper_text(meta, body), encoding="utf-8")
        for problem in validate_collection(root, jobs=1).problems:
            if problem.is_error and problem.path.startswith("papers/"):
                (root / problem.path).unlink(missing_ok=True)
        if not any((root / "papers").iterdir()):
            (root / "papers" / "clean.md").write_text(paper_text(
                {"title": "Clean", "authors": ["Ann Lee"], "date": "2024-01-01", "topics": [TOPICS[0]]}, "Text."),
                encoding="utf-8")
        assert not [problem for problem in validate_collection(root, jobs=1).problems if problem.is_error]
        result = build_site(root, root / "site")
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        shutil.rmtree(root)
