"""Hugging Face Daily Papers: the copied listing and the API's JSON; and telling import formats apart."""

import json
import re
from pathlib import Path

import pytest

from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.detect import BIBTEX, HF_JSON, HF_LISTING, detect_format, parse_import
from papershelf.sources.hf import parse_api_json, parse_listing

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
LISTING = FIXTURES / "hf" / "daily-papers-listing.txt"
RECORDED_JSON = FIXTURES / "hf" / "daily_papers-2024-10-25-first-two.json"
JSON_WITH_LINKS = FIXTURES / "hf" / "daily_papers-with-links.json"


@pytest.fixture(scope="module")
def listing():
    return parse_listing(LISTING.read_text(encoding="utf-8"))


def listing_records(text: str) -> list[tuple[str, int, str]]:
    """(title, author count, date line) of each record, read independently: the line layout around '• N authors'."""
    lines = text.splitlines()
    records = []
    for index, line in enumerate(lines):
        match = re.fullmatch(r"\s*•\s*(\d+) authors", line)
        if match:
            nonblank_before = [text for text in lines[:index] if text.strip()]
            records.append((nonblank_before[-2], int(match.group(1)), lines[index + 2]))
    return records


def test_every_paper_of_the_listing_becomes_a_draft(listing):
    records = listing_records(LISTING.read_text(encoding="utf-8"))
    assert len(records) == 37
    assert [draft.meta["title"] for draft in listing.drafts] == [title for title, _, _ in records]
    assert listing.skipped == []


def test_listing_drafts_count_authors_without_inventing_names(listing):
    records = listing_records(LISTING.read_text(encoding="utf-8"))
    for draft, (_, count, _) in zip(listing.drafts, records, strict=False):
        assert draft.meta["authors"] == []
        assert draft.meta["author_count"] == count


def test_listing_dates_and_upvotes(listing):
    first = listing.drafts[0]
    assert first.meta["title"].startswith("Concept-Centric Transformers: Enhancing Model Interpretability")
    assert first.meta["date"] == "2023-05-25"
    assert first.meta["upvotes"] is None
    assert first.origin == "line 13"
    assert first.abstract.startswith("Many interpretable AI approaches have been proposed")
    by_title = {draft.meta["title"]: draft for draft in listing.drafts}
    upvoted = by_title["Multi-Modal Interpretability for Enhanced Localization in Vision-Language Models"]
    assert upvoted.meta["date"] == "2025-09-17"
    records = listing_records(LISTING.read_text(encoding="utf-8"))
    with_upvotes = {title: int(date.split()[-1]) for title, _, date in records if re.search(r"\d{4} \d+$", date)}
    assert len(with_upvotes) == 6
    assert {d.meta["title"]: d.meta["upvotes"] for d in listing.drafts if d.meta["upvotes"]} == with_upvotes


def test_a_listing_date_without_year_or_separator_is_skipped_with_the_line():
    text = ("A Title\n\nAn abstract.\n\n  • 3 authors\n·\nFeb 2\n\n"
            "Second Title\n\nSecond abstract.\n\n  • 2 authors\nMay 25, 2023\n")
    items = parse_listing(text).items
    assert items[0] == Skipped("line 1", "line 7: the date 'Feb 2' has no year; add it, as in 'Feb 2, 2025'")
    assert isinstance(items[1], Skipped) and items[1].reason.startswith("expected a line '·' after line 13")


def test_recorded_api_json_maps_names_dates_upvotes_and_links():
    items = parse_api_json(RECORDED_JSON.read_text(encoding="utf-8")).items
    raw = json.loads(RECORDED_JSON.read_text(encoding="utf-8"))
    assert [item.meta["arxiv"] for item in items] == ["2410.17243", "2410.16251"]
    first = items[0]
    assert first.meta["title"] == "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    assert first.meta["authors"] == [author["name"] for author in raw[0]["paper"]["authors"]]
    assert first.meta["date"] == "2024-10-22"  # the paper's publishedAt, not the day it was listed
    assert first.meta["upvotes"] == 64
    assert first.meta["links"] == {"huggingface": "https://huggingface.co/papers/2410.17243"}
    assert first.abstract.startswith("Contrastive loss is a powerful approach for representation learning, where larger")
    assert "\n" not in first.abstract


def test_github_repo_and_project_page_become_links():
    (draft,) = parse_api_json(JSON_WITH_LINKS.read_text(encoding="utf-8")).items
    assert draft.meta["links"] == {
        "code": "https://github.com/marco-garosi/CIRCLE",
        "project": "https://circle-lmm.github.io/",
        "huggingface": "https://huggingface.co/papers/2602.23229",
    }
    assert draft.meta["authors"][0] == "Marco Garosi" and len(draft.meta["authors"]) == 5
    assert draft.meta["upvotes"] == 10


def test_api_items_lacking_data_are_skipped_and_bad_json_is_a_usage_error():
    text = json.dumps([
        {"paper": {"id": "2401.00001", "title": "No authors", "summary": "S.", "publishedAt": "2024-01-01T00:00:00.000Z"}},
        {"paper": {"id": "2401.00002", "title": "T", "authors": [{"name": "A B"}], "summary": "S.",
                   "githubRepo": "javascript:alert(1)", "publishedAt": "2024-01-02T00:00:00.000Z"}},
        "not an object",
    ])
    first, second, third = parse_api_json(text).items
    assert first == Skipped("item 1 (id 2401.00001)",
                            "no authors: a paper needs a title, authors and a date (an abstract is optional)")
    assert isinstance(second, PaperDraft) and "code" not in second.meta["links"]
    assert third == Skipped("item 3", "is not an object with a 'paper' object")
    with pytest.raises(UsageError, match=r"^not valid JSON: line 1, column 2"):
        parse_api_json("[}")


@pytest.mark.parametrize("path, expected", [
    (FIXTURES / "sample.bib", BIBTEX),
    (RECORDED_JSON, HF_JSON),
    (JSON_WITH_LINKS, HF_JSON),
    (LISTING, HF_LISTING),
])
def test_import_formats_are_told_apart_by_content(path, expected):
    text = path.read_text(encoding="utf-8")
    assert detect_format(text) == expected
    assert detect_format("\ufeff" + text) == expected
    kind, result = parse_import(text)
    assert kind == expected and result.items


def test_an_unknown_format_is_a_usage_error_saying_what_was_expected():
    with pytest.raises(UsageError) as raised:
        detect_format("isbn,price\n0-19-852663-6,12\n", "papers.csv")
    message = str(raised.value)
    assert message.startswith("cannot tell what papers.csv holds: expected BibTeX entries")
    assert "daily_papers" in message and "• N authors" in message
