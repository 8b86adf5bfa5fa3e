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
from html.parser import HTMLParser

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


class _Omissions(HTMLParser):
    """Lines where cmark-gfm's safe mode dropped raw HTML or emptied a link's target."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.open_lines: list[int] = []
        self.last_line = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        position = attributes.get("data-sourcepos")
        if position:
            self.open_lines.append(int(position.split(":")[0]))
            self.last_line = int(position.split("-")[1].split(":")[0])
        if (tag == "a" and attributes.get("href") == "") or (tag == "img" and attributes.get("src") == ""):
            self.found.append((self._line(), "an unsafe or empty link"))

    def handle_endtag(self, tag):
        if tag in _BLOCKS and self.open_lines:
            self.open_lines.pop()

    def handle_comment(self, data):
        if "raw HTML omitted" in data:
            self.found.append((self._line(), "raw HTML"))

    def _line(self) -> int:
        return self.open_lines[-1] if self.open_lines else self.last_line + 1


# The elements cmark-gfm marks with data-sourcepos
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "pre", "table", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6",
           "hr"}


def omitted_markup(text: str) -> list[tuple[int, str]]:
    """(line, what) for each piece of `text` the renderer leaves out of the page: the authority on what is unsafe."""
    parser = _Omissions()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(_limit_nesting(text), options=Options.CMARK_OPT_SOURCEPOS))
    return parser.found
