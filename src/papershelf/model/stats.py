"""Statistics of a collection: counts, top authors, papers per topic and per year."""

from __future__ import annotations

from typing import Any

from .collection import Collection


def collection_stats(collection: Collection, top: int = 10) -> dict[str, Any]:
    topics = collection.taxonomies["topics"]
    authors = collection.taxonomies["authors"]
    years = collection.taxonomies["years"]
    return {
        "papers": len(collection.papers),
        "authors": len(authors.terms),
        "topics": len(topics.terms),
        "years": len(years.terms),
        "papers_with_unrecorded_authors": sum(1 for p in collection.papers if p.meta.unnamed_authors),
        "top_authors": [{"name": t.name, "papers": t.count} for t in authors.by_count()[:top]],
        "papers_per_topic": [{"id": t.key, "title": t.name, "papers": t.count} for t in topics.by_count()],
        "papers_per_year": [{"year": int(t.key), "papers": t.count} for t in sorted(years.terms.values(), key=lambda t: t.key)],
    }


def format_stats(stats: dict[str, Any]) -> str:
    lines = [
        f"papers   {stats['papers']:>6,}",
        f"authors  {stats['authors']:>6,}",
        f"topics   {stats['topics']:>6,}",
        f"years    {stats['years']:>6,}",
    ]
    if stats["papers_with_unrecorded_authors"]:
        lines.append(f"papers with unrecorded author names: {stats['papers_with_unrecorded_authors']}")
    sections = (
        ("Top authors", [(row["name"], row["papers"]) for row in stats["top_authors"]]),
        ("Papers per topic", [(row["title"], row["papers"]) for row in stats["papers_per_topic"]]),
        ("Papers per year", [(str(row["year"]), row["papers"]) for row in stats["papers_per_year"]]),
    )
    for title, rows in sections:
        lines += ["", title]
        width = max((len(label) for label, _ in rows), default=0)
        lines += [f"  {label:<{width}}  {count:>5,}" for label, count in rows]
    return "\n".join(lines)
