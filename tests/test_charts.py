"""Charts: inline SVG with the collection's real numbers, accessible and escaped."""

from __future__ import annotations

import itertools
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
    assert bar_titles(svg) == [title for title in expected if not title.endswith(": 0 papers")]  # no empty bar
    assert svg.find(f"{SVG}desc").text == "; ".join(expected)  # gaps said
    # a short span: a label under every column and its count above it, at any width
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "ps-chart__label"]
    assert [t.text for t in labels] == [str(year) for year in range(min(per_year), max(per_year) + 1)]
    assert all(t.get("class") == "ps-chart__value" for t in svg.iter(f"{SVG}text") if t.text.isdigit() and len(t.text) < 4)


def long_span_years(tmp_path, per_year: dict[int, int]):
    """The years taxonomy of a collection with `per_year` papers in each of those years."""
    papers = {f"p{year}-{n}.md": f"---\ntitle: P {year} {n}\nauthors: [Ann Lee]\ndate: '{year}-01-01'\n"
                                 f"topics: [t]\n---\n\nAbstract.\n"
              for year, count in per_year.items() for n in range(count)}
    root = scratch_collection(tmp_path / "c", papers)
    (root / "topics.yml").write_text("- id: t\n  title: T\n  description: T.\n")
    return load_collection(root).taxonomies["years"]


LONG_SPAN = {1570: 1, 1624: 1, 1628: 1, 1865: 1, 1931: 2, 1995: 4, 2004: 9, 2015: 12, 2023: 30, 2024: 48, 2025: 5}


def test_a_long_span_is_drawn_per_decade_and_says_so(tmp_path):
    svg = ET.fromstring(years_chart(long_span_years(tmp_path, LONG_SPAN), ""))
    assert svg.find(f"{SVG}title").text == "Papers per decade, 1570s to 2020s"
    assert svg.find(f"{SVG}desc").text == ("1570s: 1 paper; 1620s: 2 papers; 1860s: 1 paper; 1930s: 2 papers; "
                                          "1990s: 4 papers; 2000s: 9 papers; 2010s: 12 papers; 2020s: 83 papers")
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "ps-chart__caption"] == ["Papers per decade"]
    assert bar_titles(svg) == svg.find(f"{SVG}desc").text.split("; ")  # a bar for each decade with papers
    assert svg.get("role") == "img" and not list(svg.iter(f"{SVG}a"))  # a decade has no page to link to
    # the text is not scaled: no viewBox; the columns share the width (percentages)
    assert svg.get("viewBox") is None and svg.get("height") == "212"
    assert all(rect.get("x").endswith("%") and rect.get("width").endswith("%") for rect in svg.iter(f"{SVG}rect"))
    assert len(years_chart(long_span_years(tmp_path / "again", LONG_SPAN), "")) < 12_000


def shown_in(svg: ET.Element, css_class: str, width: str) -> list[str]:
    """The texts of a class shown in a width range ("n", "m", "w", "x": papershelf.css hides the others)."""
    return [t.text for t in svg.iter(f"{SVG}text")
            if css_class in t.get("class").split() and f"ps-chart__hide-{width}" not in t.get("class").split()]


def test_a_long_span_labels_only_what_fits(tmp_path):
    svg = ET.fromstring(years_chart(long_span_years(tmp_path, LONG_SPAN), ""))
    for width, least in (("n", 288), ("m", 600), ("w", 900), ("x", 1180)):
        labels = shown_in(svg, "ps-chart__label", width)
        # round decades, far enough apart not to touch at the range's narrowest
        assert labels and all(label.endswith("0s") for label in labels), (width, labels)
        starts = [int(label[:4]) for label in labels]
        apart = min(b - a for a, b in itertools.pairwise(starts))
        assert (least - 40) / 46 * apart / 10 >= 5 * 13 * 0.58, (width, labels)
        assert "83" in shown_in(svg, "ps-chart__value", width)  # the largest count, whole, at every width
    assert len(shown_in(svg, "ps-chart__label", "n")) < len(shown_in(svg, "ps-chart__label", "x"))
    assert len(shown_in(svg, "ps-chart__value", "n")) < len(shown_in(svg, "ps-chart__value", "x"))


@pytest.mark.parametrize(("per_year", "title"), [
    ({1965: 1, 2025: 2}, "Papers per 5 years, 1965–1969 to 2025–2029"),
    ({1001: 1, 2025: 2}, "Papers per 50 years, 1000–1049 to 2000–2049"),
    ({1976: 1, 2025: 2}, "Papers per year"),
])
def test_the_grouping_keeps_at_most_fifty_columns(tmp_path, per_year, title):
    svg = ET.fromstring(years_chart(long_span_years(tmp_path, per_year)))
    assert svg.find(f"{SVG}title").text == title
    assert len(list(svg.iter(f"{SVG}rect"))) == 2


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
