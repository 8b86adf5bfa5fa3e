"""Plain-text helpers shared by pages and exports."""

from __future__ import annotations

DESCRIPTION_LENGTH = 200


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `length` characters (with "…")."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
