"""Plain-text helpers shared by pages and exports."""

from __future__ import annotations

from .schema import parse_partial_date

DESCRIPTION_LENGTH = 200
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `length` characters (with "…")."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def display_date(value: str) -> str:
    """A full or partial date as pages show it: "2024", "March 2024", "Mar 5, 2024"."""
    year, month, day = parse_partial_date(value)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1][:3]} {day}, {year}"
