"""Charts as inline SVG, drawn at build time: papers per year (per decade, or wider, over a long span)
and papers per topic.

No script and no chart service: the SVG is part of the page, with a <title>
and a <desc> that says the numbers in words for screen readers. Colours come
from the stylesheet (classes `ps-chart__*`), so the charts follow the light
and dark palettes. ElementTree writes the markup, so labels are escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from ..model.collection import Collection
from ..model.taxonomy import Taxonomy

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 480
FONT_SIZE = 13
LABEL_LENGTH = 60  # characters that fit beside the chart at FONT_SIZE


def _svg(title: str, description: str, height: int, kind: str, linked: bool = False,
         width: int | None = None) -> ET.Element:
    # one chart of a kind per page, so the ids are unique on it. An image has no interactive parts:
    # a chart whose bars are links is a group of them. With `width`, a chart of that size in px, not scaled.
    size = {"width": str(width), "height": str(height)} if width else {"viewBox": f"0 0 {WIDTH} {height}"}
    svg = ET.Element("svg", {
        "xmlns": SVG_NAMESPACE, **size, "class": f"ps-chart__svg ps-chart--{kind}",
        "role": "group" if linked else "img", "aria-labelledby": f"ps-chart-{kind}-title ps-chart-{kind}-desc",
        "font-size": str(FONT_SIZE),
    })
    ET.SubElement(svg, "title", {"id": f"ps-chart-{kind}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"ps-chart-{kind}-desc"}).text = description
    return svg


def _text(parent: ET.Element, x: float | str, y: float, text: str, css_class: str, anchor: str = "start") -> None:
    ET.SubElement(parent, "text", {"x": x if isinstance(x, str) else f"{x:g}", "y": f"{round(y, 1):g}", "text-anchor": anchor,
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


# The papers-per-year chart. Its columns share the width the page gives it (x in percent of the plot), so its
# text keeps its size on any screen; a long span is grouped into decades or wider (at most MAX_COLUMNS).
# Which counts and year labels show depends on the room a column has: placed at build time for four ranges
# of the figure's width (container queries in papershelf.css hide the rest), each figured at its narrowest.
MAX_COLUMNS = 50
GROUPINGS = (1, 5, 10, 20, 50, 100, 200, 500, 1000)  # years a column counts
COLUMN_MAX = 64  # px: a short span's columns are no wider (the chart's width attribute; CSS caps it at 100%)
PAD = 20  # px either side of the plot (CSS padding of .ps-chart--years) where edge labels overhang
LEAST_WIDTH = 640  # px of a chart of few columns (the topics chart's 32rem)
WIDTHS = (("n", 288), ("m", 600), ("w", 900), ("x", 1180))  # a width range's class suffix, and its narrowest figure (px)
CHAR_WIDTH = 0.58  # a digit, "s" or "–" is 0.5-0.56 em in sans-serif fonts: a little more, to be sure
TOP, PLOT_HEIGHT, BOTTOM = 38, 150, 24  # the caption and the counts above the columns; the labels below
LEAST_BAR = 2  # px: one paper among thousands still shows


@dataclass(frozen=True)
class Column:
    start: int  # the first year it counts
    label: str  # "2024", "1570s", "1900–1949"
    count: int
    year: str | None  # its one year, when it counts one


def grouping(first: int, last: int) -> int:
    """The fewest years a column counts for at most MAX_COLUMNS columns from `first` to `last`."""
    return next((size for size in GROUPINGS if last // size - first // size < MAX_COLUMNS), GROUPINGS[-1])


def span_label(start: int, size: int) -> str:
    if size == 1:
        return str(start)
    if size == 10:
        return f"{start}s"
    return f"{start}–{start + size - 1}"


def year_columns(years: Taxonomy) -> tuple[int, list[Column]]:
    """(years a column counts, the columns from the first year's to the last's, empty ones included)."""
    data = [(int(year), count) for year, count in year_counts(years)]
    if not data:
        return 1, []
    size = grouping(data[0][0], data[-1][0])
    counts: dict[int, int] = {}
    for year, count in data:
        counts[year // size * size] = counts.get(year // size * size, 0) + count
    starts = range(data[0][0] // size * size, data[-1][0] // size * size + 1, size)
    return size, [Column(start, span_label(start, size), counts.get(start, 0), str(start) if size == 1 else None)
                  for start in starts]


def per_what(size: int) -> str:
    return {1: "year", 10: "decade", 100: "century"}.get(size, f"{size} years")


def text_width(text: str) -> float:
    return len(text) * FONT_SIZE * CHAR_WIDTH


def chart_width(columns: int) -> int:
    return max(LEAST_WIDTH, columns * COLUMN_MAX + 2 * PAD)


def label_step(columns: list[Column], plot: float) -> int:
    """Every how many columns a year label fits at a plot `plot` px wide: a round number of them."""
    room = max(text_width(column.label) for column in columns) + 8
    return next((step for step in (1, 2, 5, 10, 20, 50) if plot / len(columns) * step >= room), len(columns))


def year_labels_shown(columns: list[Column], size: int, plot: float) -> set[int]:
    """The columns whose year label shows at a plot `plot` px wide: every step'th, by the year it starts
    (round years), none overhanging the padding."""
    step, slot = label_step(columns, plot), plot / len(columns)
    shown = set()
    for index, column in enumerate(columns):
        centre, half = (index + 0.5) * slot, text_width(column.label) / 2
        if column.start // size % step == 0 and centre - half >= -PAD and centre + half <= plot + PAD:
            shown.add(index)
    return shown


def counts_shown(columns: list[Column], plot: float) -> set[int]:
    """The columns whose count fits above them at a plot `plot` px wide, the largest placed first: no count
    over another, over a neighbour's column or past the padding."""
    slot, largest = plot / len(columns), max(column.count for column in columns)
    tops = [TOP + PLOT_HEIGHT - bar_height(column.count, largest) for column in columns]
    placed: list[tuple[float, float, float]] = []  # left, right, baseline of the counts shown
    shown = set()
    for index in sorted((i for i, c in enumerate(columns) if c.count), key=lambda i: -columns[i].count):
        centre, half, baseline = (index + 0.5) * slot, text_width(str(columns[index].count)) / 2, tops[index] - 5
        left, right = centre - half, centre + half
        crossed = range(max(0, int(left // slot)), min(len(columns), int(right // slot) + 1))
        if (left < -PAD or right > plot + PAD or any(tops[i] < baseline + 1 for i in crossed if i != index)
                or any(left < r + 2 and l < right + 2 and abs(b - baseline) < FONT_SIZE for l, r, b in placed)):
            continue
        placed.append((left, right, baseline))
        shown.add(index)
    return shown


def hidden_classes(index: int, shown_at: dict[str, set[int]], css_class: str) -> str | None:
    """A label's classes: `css_class` and one ps-chart__hide-<range> for each width range it does not fit
    (papershelf.css hides it there); None when it fits none."""
    hidden = [f"ps-chart__hide-{name}" for name, shown in shown_at.items() if index not in shown]
    return None if len(hidden) == len(shown_at) else " ".join([css_class, *hidden])


def bar_height(count: int, largest: int) -> float:
    return max(LEAST_BAR, PLOT_HEIGHT * count / largest) if count else 0


def plot_widths(columns: int) -> dict[str, float]:
    """Each width range's plot, in px, at its narrowest: the chart is at most its width attribute wide."""
    return {name: min(least, chart_width(columns)) - 2 * PAD for name, least in WIDTHS}


def _percent(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def years_chart(years: Taxonomy, root: str | None = None) -> str:
    """Columns: papers per year (per decade or more over a long span), oldest on the left; with `root` (the
    path to the site root), each column of one year links to its year's page."""
    size, columns = year_columns(years)
    if not columns:
        return ""
    per = per_what(size)
    span = f"{columns[0].label} to {columns[-1].label}" if size > 1 else ""
    described = [column for column in columns if column.count or size == 1]
    linked = root is not None and size == 1
    svg = _svg(f"Papers per {per}" + (f", {span}" if span else ""),
               "; ".join(f"{column.label}: {_papers(column.count)}" for column in described),
               TOP + PLOT_HEIGHT + BOTTOM, "years", linked=linked, width=chart_width(len(columns)))
    caption = ET.SubElement(svg, "text", {"x": "0", "y": "13", "class": "ps-chart__caption",
                                          "fill": "currentColor", "aria-hidden": "true"})
    caption.text = f"Papers per {per}"
    baseline = TOP + PLOT_HEIGHT
    ET.SubElement(svg, "line", {"x1": "0", "x2": "100%", "y1": str(baseline), "y2": str(baseline),
                                "class": "ps-chart__axis", "stroke": "currentColor"})
    widths = plot_widths(len(columns))
    counts_at = {name: counts_shown(columns, plot) for name, plot in widths.items()}
    labels_at = {name: year_labels_shown(columns, size, plot) for name, plot in widths.items()}
    largest = max(column.count for column in columns)
    slot = 100 / len(columns)
    for index, column in enumerate(columns):
        centre = _percent((index + 0.5) * slot)
        if column.count:
            _column(svg, column, index, slot, baseline - bar_height(column.count, largest), baseline,
                    years, root if linked else None, hidden_classes(index, counts_at, "ps-chart__value"))
        label = hidden_classes(index, labels_at, "ps-chart__label")
        if label:
            _text(svg, centre, baseline + 17, column.label, label, "middle")
    return _to_string(svg)


def _column(svg: ET.Element, column: Column, index: int, slot: float, top: float, baseline: float,
            years: Taxonomy, root: str | None, count_class: str | None) -> None:
    """A column's bar, with its count above it where that fits; a link to its year's page with `root`."""
    said = f"{column.label}: {_papers(column.count)}"
    term = years.terms.get(column.year) if column.year else None
    group = _link(svg, f"{root}{term.url}" if root is not None and term and term.url else None, said)
    bar = ET.SubElement(group, "rect", {"x": _percent((index + 0.15) * slot), "y": f"{top:.1f}",
                                        "width": _percent(slot * 0.7), "height": f"{baseline - top:.1f}",
                                        "class": "ps-chart__bar"})
    if group is svg:  # a link's name is its aria-label; a <title> in it would count as its visible text too
        ET.SubElement(bar, "title").text = said
    if count_class:
        _text(group, _percent((index + 0.5) * slot), top - 5, str(column.count), count_class, "middle")


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
