"""Exports at the site root: papers.json (+ schema), papers.bib, papers/<slug>.bib, feed.xml.

Read back with independent parsers (jsonschema, feedparser, bibtexparser) and
compared with the paper files as python-frontmatter reads them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import feedparser
import frontmatter
import jsonschema
import pytest

from papershelf.exports import write_exports
from papershelf.exports.feed import FEED_ENTRIES
from papershelf.exports.json_export import papers_json_schema
from papershelf.model.collection import load_collection
from papershelf.sources.latex import latex_to_text
from sitebuild import REPO, parse, scratch_collection

SITE_URL = "https://example.github.io/papershelf/"  # mkdocs.yml's site_url


def newest_additions(front_matter: dict[str, dict]) -> list[str]:
    by_slug = sorted(front_matter)
    return sorted(by_slug, key=lambda s: (str(front_matter[s].get("added") or ""), str(front_matter[s]["date"])),
                  reverse=True)


def test_committed_schema_is_the_generated_one():
    committed = json.loads((REPO / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
    assert committed == papers_json_schema(), (
        "regenerate: python -c 'from papershelf.exports.json_export import write_schema; write_schema()'")


def test_papers_json_validates_and_matches_the_files(bundled_site, bundled_front_matter):
    data = json.loads((bundled_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((bundled_site / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["count"] == len(data["papers"]) == len(bundled_front_matter)
    for paper in data["papers"]:
        meta = bundled_front_matter[paper["slug"]]
        assert paper["title"] == meta["title"]
        assert paper["date"] == str(meta["date"])
        assert paper["topics"] == meta["topics"]
        assert paper["arxiv"] == meta.get("arxiv")
        assert paper["url"] == f"{SITE_URL}papers/{paper['slug']}/"
        assert (bundled_site / "papers" / paper["slug"] / "index.html").is_file()
        assert (bundled_site / "papers" / f"{paper['slug']}.bib").is_file()
    topic_ids = {topic["id"] for topic in data["topics"]}
    assert {t for meta in bundled_front_matter.values() for t in meta["topics"]} <= topic_ids


def test_schema_rejects_what_the_format_does_not_allow(bundled_site):
    data = json.loads((bundled_site / "papers.json").read_text(encoding="utf-8"))
    schema = papers_json_schema()
    broken = json.loads(json.dumps(data))
    broken["papers"][0]["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    del data["papers"][0]["url"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_feed_is_valid_atom_newest_additions_first(bundled_site, bundled_front_matter):
    feed = feedparser.parse((bundled_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    expected = newest_additions(bundled_front_matter)[:FEED_ENTRIES]
    assert [entry.title for entry in feed.entries] == [bundled_front_matter[slug]["title"] for slug in expected]
    assert [entry.link for entry in feed.entries] == [f"{SITE_URL}papers/{slug}/" for slug in expected]
    first = bundled_front_matter[expected[0]]
    assert feed.entries[0].updated.startswith(str(first.get("added") or first["date"]))
    assert [a.name for a in feed.entries[0].authors] == first["authors"] or not first["authors"]


def test_collection_and_paper_bibtex_parse(bundled_site, bundled_front_matter):
    library = bibtexparser.parse_string((bundled_site / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys)) == len(bundled_front_matter)
    for slug, meta in bundled_front_matter.items():
        one = bibtexparser.parse_string((bundled_site / "papers" / f"{slug}.bib").read_text(encoding="utf-8"))
        [entry] = one.entries
        assert re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", entry.key)  # family name, year, title word
        assert entry.key in keys
        assert entry["year"] == str(meta["date"])[:4]


def test_home_and_paper_list_link_to_the_exports(bundled_site):
    for url, root in (("", ""), ("papers/", "../")):
        html = (bundled_site / url / "index.html").read_text(encoding="utf-8")
        links = {attrs.get("href") for tag, attrs in parse(html).elements if tag == "a"}
        for name in ("papers.json", "papers.bib", "feed.xml", "schema/papers.schema.json"):
            assert root + name in links, (url, name)
            assert (bundled_site / name).is_file()


def test_paper_pages_have_social_preview_tags(bundled_site, bundled_front_matter):
    slug = sorted(bundled_front_matter)[0]
    html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
    meta = {attrs.get("property") or attrs.get("name"): attrs.get("content")
            for tag, attrs in parse(html).elements if tag == "meta"}
    abstract = frontmatter.load(REPO / "papers" / f"{slug}.md").content
    assert meta["og:title"] == bundled_front_matter[slug]["title"]
    assert meta["og:type"] == "article"
    assert meta["og:url"] == f"{SITE_URL}papers/{slug}/"
    assert meta["og:description"] == meta["description"]
    assert abstract.startswith(meta["og:description"].removesuffix("…")[:150])
    home = {attrs.get("property"): attrs.get("content")
            for tag, attrs in parse((bundled_site / "index.html").read_text(encoding="utf-8")).elements if tag == "meta"}
    assert home["og:type"] == "website"
    for url in ("papers/", "topics/", "authors/"):  # lists and terms are no articles
        listed = {attrs.get("property"): attrs.get("content") for tag, attrs
                  in parse((bundled_site / url / "index.html").read_text(encoding="utf-8")).elements if tag == "meta"}
        assert listed["og:type"] == "website", url


HOSTILE_TITLE = "</title><script>alert(1)</script> \\input{/etc/passwd} }{ 100% & more"
HOSTILE = f"""---
title: {json.dumps(HOSTILE_TITLE)}
authors: ["<script>alert(2)</script>", "Ann Lee"]
date: '2024-01-02'
added: '2024-03-01'
topics: [multimodal-llms]
---

Abstract mentioning `</script><script>alert(3)</script>` as code.
"""


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory) -> Path:
    root = scratch_collection(tmp_path_factory.mktemp("hostile") / "c", {"hostile.md": HOSTILE})
    out = root / "out"
    write_exports(load_collection(root), out, title="<script>alert(4)</script>", site_url=None)
    return out


def test_hostile_title_survives_json_as_data_only(hostile_exports):
    text = (hostile_exports / "papers.json").read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text  # safe even inside an HTML <script> block
    paper = json.loads(text)["papers"][0]
    assert paper["title"] == HOSTILE_TITLE
    assert paper["authors"] == ["<script>alert(2)</script>", "Ann Lee"]
    assert paper["url"] == "papers/hostile/"


def test_hostile_title_is_escaped_in_the_feed(hostile_exports):
    raw = (hostile_exports / "feed.xml").read_text(encoding="utf-8")
    assert "<script" not in raw and "</title><" not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title_detail.type == "text/plain"
    assert feed.entries[0].title_detail.type == "text/plain"
    assert feed.entries[0].title == HOSTILE_TITLE  # the text, not markup
    assert feed.feed.title == "<script>alert(4)</script>"


def test_hostile_title_cannot_break_out_of_bibtex(hostile_exports):
    library = bibtexparser.parse_string((hostile_exports / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    [entry] = library.entries
    assert re.fullmatch(r"[a-z0-9]+", entry.key)  # nothing of the title or names but letters and digits
    # the braces opened no new field
    assert sorted(entry.fields_dict) == ["abstract", "author", "date", "month", "title", "year"]
    assert "\\input" not in entry["title"].replace("{\\textbackslash}input", "")  # not a LaTeX command
    assert latex_to_text(entry["title"][1:-1]) == HOSTILE_TITLE  # UTF-8 text that reads back as written


@pytest.mark.xdist_group("site-without-exports")
def test_site_without_exports_writes_none(site_without_exports):
    site = site_without_exports
    assert not (site / "papers.json").exists() and not (site / "feed.xml").exists()
    assert (site / "papers" / "index.html").exists()


ABSTRACTS = ["One paragraph.", "First {paragraph} with 100% of \\LaTeX & #1 $x_2$.\n\nSecond } one ~ ^.",
             "  abstract = {not a field}\n\n\n  abstract = {nor this},\n}", "Ünïcödé — “quoted” ‘text’ 中文"]


@pytest.mark.parametrize("abstract", ABSTRACTS)
def test_a_cite_panels_entry_is_the_bib_files_without_the_abstract(tmp_path, abstract):
    from papershelf.exports.bibtex import author_names, cached_bibtex, paper_entry, to_bibtex
    from papershelf.model.writer import render_paper_file

    text = render_paper_file({"title": "A {Braced} Title", "authors": ["Ann Lee", "Bo Chen"], "date": "2024-03-02",
                              "topics": ["mechanistic-interpretability"], "arxiv": "2403.01234",
                              "links": {"code": "https://github.com/a/b"}}, abstract)
    collection = load_collection(scratch_collection(tmp_path / "c", {"p.md": text}))
    [paper] = collection.papers
    bibtex = cached_bibtex(collection)
    whole, shown = bibtex(paper), bibtex.without_abstract(paper)
    [entry] = bibtexparser.parse_string(whole).entries
    [panel] = bibtexparser.parse_string(shown).entries
    assert entry["abstract"] and "abstract" not in panel.fields_dict
    assert {k: v for k, v in entry.items() if k != "abstract"} == dict(panel.items())
    written = paper_entry(paper, author_names(collection, paper), panel.key)
    written.pop("abstract")  # as bibtexparser writes the entry without the field
    assert shown == to_bibtex([written]).strip() + "\n"


def test_a_newer_rebuilds_writer_kills_the_last_one_whose_files_stay_whole(tmp_path):
    """A preview's files are written in a forked process; a newer rebuild kills it at once, and every file it
    wrote is whole: the last complete version (written beside, then renamed), never half of one."""
    import os
    import signal
    import time

    from papershelf.model.writer import write_output
    from papershelf_mkdocs.preview_exports import ExportsAfterRebuild

    target = tmp_path / "papers.json"
    write_output(target, "complete version 1")
    ready = tmp_path / "ready"

    def slow_writer():  # writes half a file, then hangs: a writer at work when the next rebuild starts
        with open(target.with_name(f".{target.name}.{os.getpid()}.tmp"), "w") as half:
            half.write("half of ver")
            half.flush()
            write_output(ready, str(os.getpid()))
            signal.pause()

    writer = ExportsAfterRebuild()
    writer.start(slow_writer)
    first = writer.writing
    while not ready.exists():
        time.sleep(0.01)
    assert int(ready.read_text()) == first != os.getpid()  # another process
    writer.start(lambda: write_output(target, "complete version 2"))
    try:
        os.kill(first, 0)
        raise AssertionError("the last rebuild's writer still runs")
    except ProcessLookupError:
        pass
    assert writer.wait() == 0
    assert target.read_text() == "complete version 2"
    write_output(target, "complete version 3")
    writer.start(slow_writer)
    writer.cancel()  # as `serve` stops
    assert target.read_text() == "complete version 3" and writer.writing is None


def test_a_failed_preview_writer_says_why_and_exits_non_zero(capfd):
    from papershelf_mkdocs.preview_exports import ExportsAfterRebuild

    def failing():
        raise OSError(28, "No space left on device")

    writer = ExportsAfterRebuild()
    writer.start(failing)
    assert writer.wait() == 1
    assert "papershelf: writing the exports failed: OSError: [Errno 28] No space left on device" in capfd.readouterr().err


@pytest.mark.parametrize("tags", [["Convolutional neural networks (2D CNN,3D CNN)", "traffic surveillance"],
                                  ["spin", "QCD"]])
def test_csl_json_gives_back_tags_that_hold_a_comma(tmp_path, tags):
    # IEEE's keyword "Convolutional neural networks (2D CNN,3D CNN)" came back as two tags (benchmarks/import_eval.py)
    from papershelf.intake.adding import import_file
    from papershelf.model.writer import render_paper_file

    text = render_paper_file({"title": "Tagged", "authors": ["Ann Lee"], "date": "2024-03-02",
                              "topics": ["mechanistic-interpretability"], "tags": tags}, "An abstract.")
    collection = load_collection(scratch_collection(tmp_path / "c", {"p.md": text}))
    write_exports(collection, tmp_path / "site")
    [item] = json.loads((tmp_path / "site" / "papers.csl.json").read_text(encoding="utf-8"))
    assert item["keyword"] == ("; " if "," in tags[0] else ", ").join(tags)
    target = scratch_collection(tmp_path / "again", {})
    report = import_file(target, tmp_path / "site" / "papers.csl.json", ["mechanistic-interpretability"])
    [copy] = load_collection(target).papers
    assert len(report.created) == 1 and list(copy.meta.tags) == tags
