"""Everything papershelf writes for GitHub keeps untrusted text inert: checked with GitHub's own two passes,
cmark-gfm (GitHub's Markdown) and then its mention, reference and closing-keyword detection on the rendered
text (outside links and code) and on plain-text fields (titles, commit messages)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import cmarkgfm
import pytest
import yaml

from papershelf.review.ghtext import WORD_JOINER, inert, md
from papershelf.review.linkrot import LinkResult, LinkUse, issue_body
from papershelf.review.suggest import (
    Suggestion,
    SuggestionOutcome,
    rejection_comment,
    write_outputs,
)

CASES = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))["github_text"]

# GitHub's detection rules (html-pipeline's MentionFilter and IssueReferenceFilter, and the closing keywords of
# "Linking a pull request to an issue"), applied to text GitHub has already rendered.
MENTION = re.compile(r"(?:^|[^\w/])[@＠]([a-z0-9][a-z0-9-]*)(?:/[a-z0-9][a-z0-9-]*)?", re.IGNORECASE)
REFERENCE = re.compile(r"(?:^|[^\w/])[#＃](\d+)\b|\b[\w.-]+/[\w.-]+[#＃]\d+\b|\bGH-\d+\b", re.IGNORECASE)
ISSUE_URL = re.compile(r"(?:https?://|www\.)(?:www\.)?github\.com/[\w.-]+/[\w.-]+/(?:issues|pull)/\d+", re.IGNORECASE)
CLOSING = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b\s*:?\s+(?:[#＃]\d+|[\w.-]+/[\w.-]+[#＃]\d+|"
                     r"https?://\S+/issues/\d+)", re.IGNORECASE)


class RenderedText(HTMLParser):
    """The text GitHub scans after rendering (not inside <a>, <code>, <pre>), and every link target."""

    SKIPPED = {"a", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.hrefs = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]
        self.depth += tag in self.SKIPPED

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIPPED and self.depth > 0

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def effects_of_text(text: str) -> set[str]:
    found = {f"mention {m[0].strip()}" for m in MENTION.finditer(text)}
    found |= {f"reference {m[0].strip()}" for m in REFERENCE.finditer(text)}
    found |= {f"reference {m[0]}" for m in ISSUE_URL.finditer(text)}
    return found | {f"closes {m[0]}" for m in CLOSING.finditer(text)}


def effects_of_markdown(markdown: str) -> set[str]:
    parser = RenderedText()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(markdown))
    found = effects_of_text(" ".join(parser.text))
    return found | {f"reference {href}" for href in parser.hrefs if ISSUE_URL.search(href)}


def test_the_rules_do_find_what_github_finds():
    """Without inert(), each hostile text has an effect: the oracle below can fail."""
    for case in CASES:
        assert effects_of_markdown(case["text"]) or effects_of_text(case["text"]), case["text"]


def outcome(title: str, why: str) -> SuggestionOutcome:
    added = SimpleNamespace(meta={"title": title, "arxiv": "1706.03762", "topics": ["nlp"]},
                            path=Path("/shelf/papers/attention.md"))
    return SuggestionOutcome(Suggestion(paper="1706.03762", why=why), problems=[], added=added)


@pytest.mark.parametrize("case", CASES, ids=[case["text"] for case in CASES])
def test_suggestion_texts_carry_no_mention_reference_or_closing_keyword(case, tmp_path):
    hostile, plain = outcome(case["text"], case["text"]), outcome("A Plain Title", "A plain reason.")
    written = {path.name: path.read_text(encoding="utf-8")
               for path in write_outputs(hostile, tmp_path / "hostile", 7, Path("/shelf"))}
    baseline = {path.name: path.read_text(encoding="utf-8")
                for path in write_outputs(plain, tmp_path / "plain", 7, Path("/shelf"))}
    assert effects_of_markdown(written["pr-body.md"]) == effects_of_markdown(baseline["pr-body.md"]) \
        == {"closes Closes #7", "reference #7"}  # only the suggestion's own issue, which papershelf names itself
    assert effects_of_text(written["pr-title.txt"]) == set()
    assert effects_of_text(written["commit-message.txt"]) == effects_of_text(baseline["commit-message.txt"])
    assert " ".join(case["text"].split()) in written["pr-title.txt"].replace(WORD_JOINER, "")  # nothing is lost
    comment = rejection_comment(SuggestionOutcome(Suggestion(), problems=[f"'{case['text']}' is not a paper"]))
    assert effects_of_markdown(comment) == set()


@pytest.mark.parametrize("case", CASES, ids=[case["text"] for case in CASES])
def test_summary_and_issue_texts_carry_none_either(case):
    assert effects_of_markdown(md(case["text"])) == set()
    result = LinkResult("https://example.org/x", [LinkUse("papers/a.md", "links.code")], state="dead",
                        reason=f"HTTP 404 {case['text']}")
    assert effects_of_markdown(issue_body([result])) == set()
    assert effects_of_text(inert(case["text"])) == set()
