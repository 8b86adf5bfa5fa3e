"""A source's "and others" (Google Scholar's BibTeX, NASA ADS, INSPIRE, Mendeley's "Al., Et", a sheet's "et al.")
says a paper has more authors than it names, not how many: papershelf records `more_authors: true`, never a
made-up `author_count`, and every page, row, reference and export says "others" rather than a number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import frontmatter
import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.intake.adding import import_file
from papershelf.model.collection import check_collection
from sitebuild import build_site

SCHOLAR = Path(__file__).parent / "fixtures" / "sources" / "exporters" / "google-scholar.bib"
SIMPLEVLA = "simplevla-rl-scaling-vla-training-via-reinforcement-learning"
UNNAMED = """---
title: A Report Whose Authors Are Not Yet Known
authors: []
more_authors: true
date: '2024-03'
topics: [example-topic]
---

What the report is about.
"""


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("more-authors") / "shelf"
    result = CliRunner().invoke(cli, ["init", str(root), "--name", "More authors"])
    assert result.exit_code == 0, result.output
    report = import_file(root, SCHOLAR, ["example-topic"])
    assert len(report.created) == 2, report.summary()
    (root / "papers" / "unnamed-report.md").write_text(UNNAMED, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(collection) -> Path:
    result = build_site(collection, collection / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return collection / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_and_others_is_written_as_more_authors_without_a_count(collection):
    post = frontmatter.load(collection / "papers" / f"{SIMPLEVLA}.md")
    assert len(post["authors"]) == 10 and post["more_authors"] is True and "author_count" not in post.metadata
    result = CliRunner().invoke(cli, ["validate", "--root", str(collection)])
    assert result.exit_code == 0, result.output


def test_pages_and_rows_say_others_not_a_number(site):
    html = page(site, f"papers/{SIMPLEVLA}")
    byline = html.split('class="ps-byline"')[1].split("</div>")[0]
    assert "and others whose names are not yet recorded" in byline and "1 author" not in byline
    reference = html.split('class="ps-reference">')[1].split("</p>")[0]
    assert re.match(r"Li, H\., .*, et al\. \(2025\)\.", reference), reference
    row = page(site, "topics/example-topic").split(f'papers/{SIMPLEVLA}/"')[1].split("</li>")[0]
    assert "(more authors not yet recorded)" in row and "1 author" not in row
    unnamed = page(site, "papers/unnamed-report")
    assert "Authors not yet recorded" in unnamed.split('class="ps-byline"')[1].split("</div>")[0]
    assert 'name="citation_author"' not in unnamed  # none is invented
    ld = json.loads(unnamed.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert "author" not in ld or ld["author"] == []


def test_the_list_data_says_the_count_is_not_known(site):
    data = json.loads((site / "papers" / "list.json").read_text(encoding="utf-8"))
    rows = {row[0]: dict(zip(data["fields"], row, strict=True)) for row in data["papers"]}
    assert rows[SIMPLEVLA]["author_count"] is None and len(rows[SIMPLEVLA]["authors"]) == 10
    assert rows["slicing-aided-hyper-inference-and-fine-tuning-for-small-object-detection"]["author_count"] == 3


def test_exports_say_others_and_import_back_the_same(site, tmp_path):
    papers = {paper["slug"]: paper for paper in json.loads((site / "papers.json").read_text())["papers"]}
    assert papers[SIMPLEVLA]["more_authors"] is True and papers[SIMPLEVLA]["author_count"] == 10
    assert papers["unnamed-report"]["more_authors"] is True and papers["unnamed-report"]["authors"] == []
    entries = {entry.key: entry for entry in bibtexparser.parse_string((site / "papers.bib").read_text()).entries}
    assert entries["li2025simplevla"]["author"].endswith("and Ganqu Cui and others")
    assert "author_count" not in entries["li2025simplevla"].fields_dict
    target = tmp_path / "again"
    assert CliRunner().invoke(cli, ["init", str(target), "--name", "Again"]).exit_code == 0
    report = import_file(target, site / "papers.bib", ["example-topic"])
    assert report.skipped == [] and len(report.created) == 3
    copies = {paper.meta.title: paper.meta for paper in check_collection(target)[0].papers}
    for meta in check_collection(site.parent)[0].papers:
        copy = copies[meta.meta.title]
        assert (copy.authors, copy.author_count, copy.more_authors) == \
            (meta.meta.authors, meta.meta.author_count, meta.meta.more_authors)


def test_a_count_and_more_authors_together_are_refused_with_where_and_how(collection, tmp_path):
    broken = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(broken), "--name", "Broken"]).exit_code == 0
    text = UNNAMED.replace("more_authors: true\n", "author_count: 4\nmore_authors: true\n")
    (broken / "papers" / "both.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(broken)])
    assert result.exit_code == 1
    assert "papers/both.md" in result.output and "keep one of them" in result.output
    assert "Traceback" not in result.output
