"""Charts as inline SVG, drawn at build time: papers per year and papers per topic.

No script and no chart service: the SVG is part of the page, with a <title>
and a <desc> that says the numbers in words for screen readers. Colours come
from the stylesheet (classes `ps-chart__*`), so the charts follow the light
and dark palettes. ElementTree writes the markup, so labels are escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..model.collection import Collection
from ..model.taxonomy import Taxonomy

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 480
FONT_SIZE = 13
LABEL_LENGTH = 60  # characters that fit beside the chart at FONT_SIZE


def _svg(title: str, description: str, height: int, kind: str, linked: bool = False) -> ET.Element:
    # one chart of a kind per page, so the ids are unique on it. An image has no interactive parts:
    # a chart whose bars are links is a group of them.
    svg = ET.Element("svg", {
        "xmlns": SVG_NAMESPACE, "viewBox": f"0 0 {WIDTH} {height}", "class": f"ps-chart__svg ps-chart--{kind}",
        "role": "group" if linked else "img", "aria-labelledby": f"ps-chart-{kind}-title ps-chart-{kind}-desc",
        "font-size": str(FONT_SIZE),
    })
    ET.SubElement(svg, "title", {"id": f"ps-chart-{kind}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"ps-chart-{kind}-desc"}).text = description
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, css_class: str, anchor: str = "start") -> None:
    ET.SubElement(parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "text-anchor": anchor,
                                   "class": css_class, "fill": "currentColor"}).text = text


def _papers(count: int) -> str:
    return f"{count:,} paper{'' if count == 1 else 's'}"


def _link(parent: ET.Element, href: str | None, label: str) -> ET.Element:
    """A link around a bar (and its number), to the page of the year or topic it counts."""
    if href is None:
        return parent
    return ET.SubElement(parent, "a", {"href": href, "class": "ps-chart__link", "aria-label": label})


def _to_string(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def year_counts(years: Taxonomy) -> list[tuple[str, int]]:
    """(year, papers) for every year from the first to the last, gaps included, oldest first."""
    counts = {int(term.key): term.count for term in years.terms.values() if term.count}
    if not counts:
        return []
    return [(str(year), counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def years_chart(years: Taxonomy, root: str | None = None) -> str:
    """Columns: papers per year, oldest on the left; with `root` (the path to the site root), each
    column links to its year's page."""
    data = year_counts(years)
    if not data:
        return ""
    top, plot_height, bottom = 22, 150, 24
    svg = _svg("Papers per year", "; ".join(f"{year}: {_papers(n)}" for year, n in data),
               top + plot_height + bottom, "years", linked=root is not None)
    slot = WIDTH / len(data)
    largest = max(n for _, n in data)
    label_every = max(1, round(len(data) / 12))  # keep year labels from overlapping
    baseline = top + plot_height
    ET.SubElement(svg, "line", {"x1": "0", "x2": str(WIDTH), "y1": str(baseline), "y2": str(baseline),
                                "class": "ps-chart__axis", "stroke": "currentColor"})
    for index, (year, count) in enumerate(data):
        height = plot_height * count / largest
        x = index * slot + slot * 0.15
        centre = index * slot + slot / 2
        term = years.terms.get(year)
        group = _link(svg, f"{root}{term.url}" if root is not None and count and term and term.url else None,
                      f"{year}: {_papers(count)}")
        bar = ET.SubElement(group, "rect", {"x": f"{x:.1f}", "y": f"{baseline - height:.1f}", "width": f"{slot * 0.7:.1f}",
                                            "height": f"{height:.1f}", "class": "ps-chart__bar"})
        ET.SubElement(bar, "title").text = f"{year}: {_papers(count)}"
        if count:
            _text(group, centre, baseline - height - 5, str(count), "ps-chart__value", "middle")
        if index % label_every == 0 or index == len(data) - 1:
            _text(svg, centre, baseline + 17, year, "ps-chart__label", "middle")
    return _to_string(svg)


def topics_chart(topics: Taxonomy, limit: int = 30, root: str | None = None) -> str:
    """Horizontal bars: papers per topic, most papers first, each label above its bar; with `root`
    (the path to the site root), each bar and its label link to the topic's page."""
    terms = [term for term in topics.by_count() if term.count][:limit]
    if not terms:
        return ""
    row = 38
    svg = _svg("Papers per topic", "; ".join(f"{term.name}: {_papers(term.count)}" for term in terms),
               row * len(terms) + 4, "topics", linked=root is not None)
    largest = terms[0].count
    room = WIDTH - 40  # space for the count after the longest bar
    for index, term in enumerate(terms):
        y = index * row
        label = term.name if len(term.name) <= LABEL_LENGTH else term.name[:LABEL_LENGTH - 1] + "…"
        # a link's name holds its visible text, the label then the count (WCAG 2.5.3, axe's
        # label-content-name-mismatch): both are one <text>, read in that order
        group = _link(svg, f"{root}{term.url}" if root is not None and term.url else None,
                      f"{label}: {_papers(term.count)}")
        width = max(2.0, room * term.count / largest)
        text = ET.SubElement(group, "text", {"fill": "currentColor"})
        ET.SubElement(text, "tspan", {"x": "0", "y": str(y + 14), "class": "ps-chart__label"}).text = label
        ET.SubElement(text, "tspan", {"x": f"{width + 6:g}", "y": str(y + 30),
                                      "class": "ps-chart__value"}).text = f" {term.count}"
        bar = ET.SubElement(group, "rect", {"x": "0", "y": str(y + 19), "width": f"{width:.1f}", "height": "12",
                                          "class": "ps-chart__bar"})
        ET.SubElement(bar, "title").text = f"{term.name}: {_papers(term.count)}"
    return _to_string(svg)


def collection_charts(collection: Collection) -> dict[str, Callable[[str], str]]:
    """Chart name → function of `root` (the path from a page to the site root) → SVG whose bars
    link to their pages, as PageRenderer(charts=…) takes them: "years" and "topics"."""
    years, topics = collection.taxonomies["years"], collection.taxonomies["topics"]
    return {"years": lambda root: years_chart(years, root),
            "topics": lambda root: topics_chart(topics, root=root)}
