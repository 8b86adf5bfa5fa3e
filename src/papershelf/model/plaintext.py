"""The plain-text rule: one rule for every text field of a paper, topics.yml and authors.yml.

Titles, names, venues, tags, DOIs, links and topic texts may not hold characters
that cannot be seen or that break output: controls, noncharacters, bidi controls,
Unicode tag characters, variation selectors, fillers and zero-width characters.
Markdown bodies have a looser rule (line breaks, joiners), and terminal output
shows any such character as an escape. No dependency here: the CLI imports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# The one plain-text rule, for every text field of a paper, topics.yml and authors.yml:
# what it refuses, by kind. Each kind either cannot be seen (so a title can read
# differently from what it is, or hide text), or breaks a page, a feed or a terminal.
_REFUSED_KINDS = (
    # C0 and C1 controls and DEL: break XML (the Atom feed) and can drive a terminal (ESC, CSI)
    ("control characters", r"\x00-\x1f\x7f-\x9f"),
    # lone surrogates (YAML "\ud800") cannot be written as UTF-8; noncharacters break XML
    ("a noncharacter", r"\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
     + "".join(rf"\U{plane:04x}fffe-\U{plane:04x}ffff" for plane in range(1, 17))),
    ("a bidirectional control", r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"),
    ("a Unicode tag character (hidden text)", r"\U000e0000-\U000e007f"),
    ("a variation selector", r"\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"),
    ("a filler", r"\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"),
    ("an invisible character", r"\u00ad\u034f\u180e\u200b-\u200d\u2028\u2029\u2060-\u2065\u206a-\u206f"
     r"\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U0001bca0-\U0001bca3"),
)
_KINDS = [(kind, re.compile(f"[{chars}]")) for kind, chars in _REFUSED_KINDS]
NOT_PLAIN = re.compile("[" + "".join(chars for _, chars in _REFUSED_KINDS) + "]")
_LINE_BREAKS = (r"\x00-\x1f", r"\x00-\x08\x0b-\x1f")  # tab and line feed allowed
# Topic descriptions may span lines.
_NOT_IN_DESCRIPTION = re.compile(NOT_PLAIN.pattern.replace(*_LINE_BREAKS))
# In Markdown bodies line breaks and tabs are text, and zero-width joiners and variation
# selectors are needed by some scripts and emoji: only what breaks output or hides text is refused.
_NOT_IN_BODY = re.compile("[" + "".join(chars for _, chars in _REFUSED_KINDS[:4]).replace(*_LINE_BREAKS) + "]")


def character_kind(char: str) -> str:
    """What the plain-text rule calls a refused character: "control characters", "a filler", …"""
    return next((kind for kind, pattern in _KINDS if pattern.match(char)), "an invisible character")


def refused_character(value: str, pattern: re.Pattern[str] = NOT_PLAIN) -> str | None:
    """The message for the first character of `value` the plain-text rule refuses, or None."""
    found = pattern.search(value)
    if found is None:
        return None
    kind = character_kind(found.group())
    code = f"U+{ord(found.group()):04X}"
    if kind == "control characters":
        return f"contains control characters ({code}); delete them"
    return f"contains {kind}, {code}; delete it"


def without_refused_characters(text: str) -> str:
    return NOT_PLAIN.sub("", text)


def body_problem_characters(body: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each character a Markdown body may not hold (see _NOT_IN_BODY)."""
    for found in _NOT_IN_BODY.finditer(body):
        yield found.start(), refused_character(found.group(), _NOT_IN_BODY) or ""


def body_without_refused(body: str) -> tuple[str, list[str]]:
    """`body` without the characters a Markdown body may not hold, and their codes ("U+0001"), each once."""
    codes = sorted({f"U+{ord(char):04X}" for char in _NOT_IN_BODY.findall(body)})
    return (_NOT_IN_BODY.sub("", body), codes) if codes else (body, [])


def check_plain_text(value: str, pattern: re.Pattern[str] = NOT_PLAIN) -> str:
    problem = refused_character(value, pattern)
    if problem:
        raise ValueError(problem)
    stripped = value.strip()
    if not stripped:
        raise ValueError("is empty")
    if len(stripped) != len(value):
        raise ValueError("has leading or trailing spaces")
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def check_description(value: str) -> str:
    """Plain text that may span lines (topic descriptions)."""
    return check_plain_text(value, _NOT_IN_DESCRIPTION)
