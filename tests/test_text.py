"""Plain-text helpers (model/text.py): descriptions cut at a word, dates as pages show them."""

from __future__ import annotations

import pytest

from papershelf.model.text import display_date, shorten


def test_a_short_text_is_put_on_one_line_and_kept_whole():
    assert shorten("  Two\n lines\tand   spaces ") == "Two lines and spaces"


def test_a_long_text_is_cut_at_a_word_boundary_within_the_length():
    text = "word " * 100
    cut = shorten(text, 23)
    assert cut == "word word word word…" and len(cut) <= 23
    assert shorten("abcdefghij klm", 12) == "abcdefghij…"
    assert shorten("exactly ten", 11) == "exactly ten"


@pytest.mark.parametrize("value, shown", [("2024", "2024"), ("2024-03", "March 2024"), ("2024-03-05", "Mar 5, 2024"),
                                          ("1999-12-31", "Dec 31, 1999")])
def test_full_and_partial_dates(value, shown):
    assert display_date(value) == shown
