"""Slimmer pages: the theme's indentation and blank lines taken out of the HTML papershelf writes.

mkdocs-material's templates leave ~40% of a small page as whitespace between tags.
Runs of whitespace that hold a line break become one line break: the browser
shows the same (HTML collapses such runs, and a line break stays where a space
mattered), scripts read the same (a line break still ends a statement), and
<pre>, <textarea> and <script> keep their text untouched.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
BREAK_IN_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")


def collapse_whitespace(html: str) -> str:
    parts = KEPT.split(html)
    # split() gives [text, kept element, its tag name, text, ...]
    out = []
    for index in range(0, len(parts), 3):
        out.append(BREAK_IN_SPACE.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
