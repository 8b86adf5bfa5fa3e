"""Untrusted text made inert for GitHub: no mention, reference or closing keyword survives.

GitHub reads pull request titles and bodies, commit messages, comments and issues twice: as Markdown
(cmark-gfm), and then for mentions (`@user`, `@org/team`), references (`#12`, `owner/repo#12`, `GH-12`,
issue URLs) and closing keywords (`Fixes #1` closes issue 1 when the pull request or commit lands). The
second pass runs on the rendered text, so a Markdown backslash (`\\@user`) stops nothing. What stops it is
text the patterns do not match: a WORD JOINER (U+2060, invisible, not a word character) after every `@`
and `#`, inside `GH-` references and URLs' `://`, and after the first letter of every closing keyword.
Only text that came from outside (titles, names, answers, server data) goes through `inert`; the lines
papershelf itself writes (`Closes #12.` for the issue a suggestion came from) are left as they are.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from confusable_homoglyphs import categories, confusables

from ..model.problems import terminal_safe

WORD_JOINER = "\u2060"
_MENTION_OR_REFERENCE = re.compile(r"([@#\uff03\uff20])")  # and their fullwidth forms, which GitHub also reads
_GH_REFERENCE = re.compile(r"(?i)\b(gh-)(?=\d)")
_URL = re.compile(r"(?i)(:)(//)|(www)(\.)")  # any www., even inside a word: the reference rules need no boundary
_CLOSING_KEYWORD = re.compile(r"(?i)\b([cfr])(los(?:e[sd]?)?|ix(?:e[sd])?|esolve[sd]?)\b")


def inert(text: str) -> str:
    """`text` as GitHub will show it, minus every mention, reference, link and closing keyword it held."""
    text = _MENTION_OR_REFERENCE.sub(rf"\1{WORD_JOINER}", text)
    text = _GH_REFERENCE.sub(rf"\1{WORD_JOINER}", text)
    text = _URL.sub(lambda m: f"{m[1]}{WORD_JOINER}{m[2]}" if m[1] else f"{m[3]}{WORD_JOINER}{m[4]}", text)
    return _CLOSING_KEYWORD.sub(rf"\1{WORD_JOINER}\2", text)


_LETTERS = re.compile(r"[^\W\d_]+")


def unmasked(text: str) -> str:
    """`text` with each letter that disguises a word as another script's shown as its code point: "Yіng" with a
    Cyrillic і is "Y\\u0456ng", which no reader takes for "Ying" (a lookalike name, title or link). A word in
    one script ("Łukasz", "张伟") and a word beside another ("β-VAE") are left as they are."""
    return text if text.isascii() else _LETTERS.sub(_unmasked_word, text)


def _unmasked_word(found: re.Match[str]) -> str:
    word = found[0]
    if word.isascii() or not confusables.is_mixed_script(word):
        return word
    scripts = Counter(categories.alias(letter) for letter in word)
    main = max(scripts, key=lambda script: (scripts[script], script == "LATIN"))  # a tie: the Latin word disguised
    odd = {item["character"] for item in
           confusables.is_confusable(word, greedy=True, preferred_aliases=[main.lower()]) or []}
    return "".join(f"\\u{ord(letter):04x}" if letter in odd else letter for letter in word)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@])")  # < > & become HTML entities


def md(text: str) -> str:
    """Untrusted text as literal Markdown: no links, images, emphasis or HTML survive, and (ghtext.inert) no
    mention, reference or closing keyword either: GitHub finds those in the rendered text, past any backslash."""
    one_line = " ".join(unmasked(terminal_safe(text)).split())
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", inert(one_line)), quote=False)


def md_code(text: str) -> str:
    """Text for inside a `code span` (shown literally): backticks and line breaks cannot end it early."""
    return " ".join(unmasked(terminal_safe(text)).replace("`", "'").split())  # a name that is not UTF-8 shows as \xff


def add_paper_title(title: str) -> str:
    """The title of a pull request that adds one paper (and its commit message's first line): plain text,
    the paper's title made inert for GitHub and cut at 150 characters."""
    title = " ".join(title.split())
    return f"Add paper: {inert(title[:150])}{'…' if len(title) > 150 else ''}"


def write_texts(directory: Path, texts: dict[str, str]) -> list[Path]:
    """Write the texts a workflow's shell steps read from files (never an issue's text in a command)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        (directory / name).write_text(text, encoding="utf-8")
        written.append(directory / name)
    return written
