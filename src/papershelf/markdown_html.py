"""Markdown from a paper file → sanitized HTML.

Python-Markdown passes raw HTML through, so its output is cleaned by nh3
(the Ammonia sanitizer): only a small set of text tags survives, and links
may only be http(s).
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https"}
# Deeper nesting adds nothing a reader needs and makes parsers work hard
MAX_NESTING = 8


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
    converter = markdown.Markdown(extensions=["sane_lists", "tables", "fenced_code"], output_format="html")
    return sanitize_html(converter.convert(_limit_nesting(text)))


def _limit_nesting(text: str) -> str:
    """Flatten indentation deeper than MAX_NESTING list levels (4 spaces each)."""
    limit = 4 * MAX_NESTING
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        lines.append(" " * min(indent, limit) + stripped if indent > limit else line)
    return "\n".join(lines)
