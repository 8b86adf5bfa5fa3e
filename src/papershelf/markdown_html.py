"""Markdown from a paper file → sanitized HTML.

Bodies are rendered by cmark-gfm (GitHub's own renderer, so a page shows what
the file's preview on GitHub shows). It takes linear time on any input, where
Python-Markdown takes minutes on a body of 50,000 '[' characters. It runs in
its safe mode (raw HTML omitted, javascript:/vbscript:/data: links emptied),
and its output is cleaned again by nh3 (the Ammonia sanitizer): only a small
set of text tags survives, and links may only be http(s).
"""

from __future__ import annotations

import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https"}
# Deeper nesting adds nothing a reader needs, and the sanitizer's HTML parser
# takes quadratic time on thousands of nested blocks.
MAX_NESTING = 8
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]{{0,3}}>){{{MAX_NESTING}}})(?:[ \t]{{0,3}}>)+", re.MULTILINE)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def markdown_to_html(text: str) -> str:
    html = cmarkgfm.github_flavored_markdown_to_html(_limit_nesting(text), options=Options.CMARK_OPT_VALIDATE_UTF8)
    return sanitize_html(html)


def _limit_nesting(text: str) -> str:
    """Flatten block quotes and list indentation deeper than MAX_NESTING levels."""
    limit = 4 * MAX_NESTING
    lines = []
    for line in _DEEP_QUOTE.sub(r"\1", text).split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        lines.append(" " * limit + stripped if indent > limit else line)
    return "\n".join(lines)
