"""Charts: inline SVG with the collection's real numbers, accessible and escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import frontmatter
import pytest
import yaml

from papershelf.model.collection import load_collection
from papershelf.site.charts import collection_charts, topics_chart, years_chart
from sitebuild import REPO, scratch_collection

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def file_metadata() -> list[dict]:
    return [frontmatter.load(path).metadata for path in sorted((REPO / "papers").glob("*.md"))]


def bar_titles(svg: ET.Element) -> list[str]:
    return [rect.find(f"{SVG}title").text for rect in svg.iter(f"{SVG}rect")]


def test_years_chart_has_a_bar_per_year_with_the_file_counts(file_metadata):
    svg = ET.fromstring(years_chart(load_collection(REPO).taxonomies["years"]))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Papers per year"
    per_year = Counter(int(str(meta["date"])[:4]) for meta in file_metadata)
    expected = [f"{year}: {per_year[year]} paper{'s' * (per_year[year] != 1)}"
                for year in range(min(per_year), max(per_year) + 1)]
    assert bar_titles(svg) == expected
    assert svg.find(f"{SVG}desc").text == "; ".join(expected)


def test_topics_chart_counts_papers_per_topic(file_metadata):
    svg = ET.fromstring(topics_chart(load_collection(REPO).taxonomies["topics"]))
    titles = {entry["id"]: entry["title"] for entry in yaml.safe_load((REPO / "topics.yml").read_text())}
    parents = {entry["id"]: entry.get("parent") for entry in yaml.safe_load((REPO / "topics.yml").read_text())}
    per_topic = Counter()
    for meta in file_metadata:
        # a paper counts for its topics and the topics above them, once each
        per_topic.update({a for topic in meta["topics"] for a in ancestors_and_self(topic, parents)})
    found = {}
    for title in bar_titles(svg):
        name, count = re.fullmatch(r"(.+): (\d+) papers?", title).groups()
        found[name] = int(count)
    assert found == {titles[topic]: count for topic, count in per_topic.items()}
    counts = list(found.values())
    assert counts == sorted(counts, reverse=True)


def ancestors_and_self(topic: str, parents: dict) -> list[str]:
    chain = []
    while topic and topic not in chain:
        chain.append(topic)
        topic = parents.get(topic)
    return chain


def test_bars_link_to_their_year_and_topic_pages(bundled_site):
    collection = load_collection(REPO)
    charts = collection_charts(collection)
    for name, root in (("years", ""), ("years", "../"), ("topics", "../")):
        svg = ET.fromstring(charts[name](root))
        assert svg.get("role") == "group"  # an image cannot hold links
        links = list(svg.iter(f"{SVG}a"))
        terms = [t for t in collection.taxonomies[name].terms.values() if t.count]
        assert sorted(a.get("href") for a in links) == sorted(f"{root}{name}/{t.slug}/" for t in terms)
        for a in links:
            assert re.fullmatch(r".+: \d+ papers?", a.get("aria-label"))
            assert a.find(f"{SVG}rect") is not None
    # and the links lead to real pages
    html = (bundled_site / "years" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'<a href="([^"]+)" class="ps-chart__link"', html):
        assert (bundled_site / "years" / href / "index.html").resolve().is_file(), href


def test_labels_are_escaped(tmp_path):
    hostile = "</text><script>alert(1)</script> & <b>"
    root = scratch_collection(tmp_path / "c", {"a.md": "---\ntitle: A\nauthors: [Ann Lee]\ndate: '2024-02-01'\n"
                                                        "topics: [hostile]\n---\n\nAbstract.\n"})
    (root / "topics.yml").write_text(f"- id: hostile\n  title: {hostile!r}\n  description: Hostile.\n")
    chart = collection_charts(load_collection(root))["topics"]("../")
    assert "<script" not in chart
    svg = ET.fromstring(chart)  # still well-formed XML
    assert [t.text for t in svg.iter(f"{SVG}tspan")][0] == hostile  # a topic's label, then its count
    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))


def test_charts_are_on_home_topics_and_years_pages(bundled_site):
    for url, kind in (("", "years"), ("topics/", "topics"), ("years/", "years")):
        html = (bundled_site / url / "index.html").read_text(encoding="utf-8")
        assert f'class="ps-chart__svg ps-chart--{kind}"' in html, url
        assert 'role="group"' in html
    assert "ps-chart__svg" not in (bundled_site / "authors" / "index.html").read_text(encoding="utf-8")
