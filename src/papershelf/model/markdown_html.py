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


_ABSOLUTE_HTTP = re.compile(r"^https?://[^/]", re.IGNORECASE)


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Ammonia passes relative URLs ("../index.html", "//host/x") whatever the schemes: drop them."""
    if attribute == "href" and not _ABSOLUTE_HTTP.match(value):
        return None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_absolute_links,
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
    """Lines where cmark-gfm's safe mode dropped raw HTML, or a link or image the sanitizer drops."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.open_lines: list[int] = []
        self.last_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        position = attributes.get("data-sourcepos")
        if position:
            self.open_lines.append(int(position.split(":")[0]))
            self.last_line = int(position.split("-")[1].split(":")[0])
        if tag == "a" and not _ABSOLUTE_HTTP.match(attributes.get("href") or ""):
            self.found.append((self._line(), "the target of a link that is not http(s) (unsafe, relative or empty)"))
        elif tag == "img":  # pages show no images: a reader would never know it was there
            self.found.append((self._line(), "an image"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self.open_lines:
            self.open_lines.pop()

    def handle_comment(self, data: str) -> None:
        if "raw HTML omitted" in data:
            self.found.append((self._line(), "raw HTML"))

    def _line(self) -> int:
        return self.open_lines[-1] if self.open_lines else self.last_line + 1


# The elements cmark-gfm marks with data-sourcepos
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "pre", "table", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6",
           "hr"}


def omitted_markup(text: str) -> list[tuple[int, str]]:
    """(line, what) for each piece of `text` the renderer leaves out of the page: the authority on what is unsafe."""
    html = cmarkgfm.github_flavored_markdown_to_html(_limit_nesting(text), options=Options.CMARK_OPT_SOURCEPOS)
    if not _MAY_OMIT.search(html):
        return []  # the common case, and a body of thousands of good links: no HTML parsing needed
    parser = _Omissions()
    parser.feed(html)
    return parser.found


# What _Omissions reports can only be where cmark-gfm wrote one of these.
_MAY_OMIT = re.compile(r'<!-- raw HTML omitted -->|<img\b|<a\b(?! href="(?i:https?)://[^/"])')


_FENCE = re.compile(r"^ {0,3}(`{3,}(?!.*`)|~{3,})")


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it lies in a fenced code block, its fence lines included (CommonMark's rules:
    up to 3 spaces before, closed only by the same character, at least as many, and nothing after)."""
    fenced, fence = [], None
    for line in lines:
        if fence is None:
            opening = _FENCE.match(line)
            if opening:
                fence = opening.group(1)
            fenced.append(fence is not None)
        else:
            fenced.append(True)
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence) \
                    and not line[closing.end():].strip():
                fence = None
    return fenced

