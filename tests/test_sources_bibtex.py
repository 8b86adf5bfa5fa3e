"""BibTeX: macros, LaTeX accents, names, dates and broken entries, from a real .bib file."""

from pathlib import Path

import pytest

from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.bibtex import parse_bibtex

SAMPLE = Path(__file__).parent / "fixtures" / "sources" / "sample.bib"


@pytest.fixture(scope="module")
def parsed():
    result = parse_bibtex(SAMPLE.read_text(encoding="utf-8"))
    return {item.origin.split("key ")[1].split(")")[0]: item for item in result.items}


def test_entries_are_reported_in_file_order_with_their_line(parsed):
    result = parse_bibtex(SAMPLE.read_text(encoding="utf-8"))
    origins = [item.origin for item in result.items]
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(origins) == 8
    for number, origin in enumerate(origins, start=1):
        assert origin.startswith(f"entry {number} (key ")
        line = int(origin.rsplit("line ", 1)[1])
        key = origin.split("key ")[1].split(")")[0]
        assert lines[line - 1].lstrip().startswith("@") and key in lines[line - 1]


def test_last_first_names_macros_month_and_eprint(parsed):
    draft = parsed["vaswani2017"]
    assert isinstance(draft, PaperDraft)
    assert draft.meta["authors"] == [
        "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit",
        "Llion Jones", "Aidan N. Gomez", "Łukasz Kaiser", "Illia Polosukhin",
    ]
    assert draft.meta["title"] == "Attention is All you Need"
    assert draft.meta["venue"] == "Advances in Neural Information Processing Systems"  # @string macro
    assert draft.meta["date"] == "2017-12"  # month = dec
    assert draft.meta["arxiv"] == "1706.03762"  # eprint + archivePrefix
    assert draft.meta["links"] == {"pdf": "https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf"}
    assert draft.abstract == ("The dominant sequence transduction models are based on complex recurrent or "
                              "convolutional neural networks that include an encoder and a decoder.")


def test_dblp_entry_with_accents_multiline_fields_and_year_only(parsed):
    draft = parsed["DBLP:journals/corr/abs-2305-15775"]
    assert draft.meta["authors"] == ["Jörg Müller", "François Chollet", "René Vidal"]
    assert draft.meta["title"] == ("Concept-Centric Transformers: Enhancing Model Interpretability through "
                                   "Object-Centric Concept Learning within a Shared Global Workspace")
    assert draft.meta["date"] == "2023"  # year only stays year only
    assert draft.meta["arxiv"] == "2305.15775"  # eprinttype = arXiv, version stripped
    assert draft.meta["doi"] == "10.48550/ARXIV.2305.15775"
    assert draft.meta["venue"] == "CoRR"
    assert draft.meta["links"] == {}  # its url is the DOI's, which pages link already


def test_braces_accent_spellings_von_parts_and_a_macro_with_an_accent(parsed):
    garcia = parsed["garcia2019"]
    assert garcia.meta["authors"] == ["María García", "Anders Ångström", "Pedro de la Fuente"]
    assert garcia.meta["title"] == "BERT Rediscovers the Classical NLP Pipeline: a Study of Études"
    assert garcia.meta["venue"] == ("Proceedings of the 57th Annual Meeting of the Association for "
                                    "Computational Linguistics (ACL), Florence")
    assert garcia.meta["date"] == "2019"
    others = parsed["others2015"]
    assert others.meta["venue"] == "Proc. International Conference on Machine Learning, Montréal"
    assert others.meta["title"] == "Learning with Übermodels"
    assert others.meta["date"] == "2015-07"


def test_and_others_is_dropped_from_the_names_and_said_without_a_made_up_count(parsed):
    draft = parsed["others2015"]
    assert draft.meta["authors"] == ["Renée Dupont"] and draft.meta["more_authors"] is True
    assert draft.meta["author_count"] is None
    assert draft.notes == ""  # the report says it; readers would take a note for the curators'
    assert draft.ignored == ["author 'others' (not a name: more_authors: true says the paper has more authors, not "
                             "recorded)"]


def test_text_that_looks_like_html_is_escaped_for_markdown(parsed):
    assert parsed["others2015"].abstract == "An abstract that compares $x < y$ and mentions the &lt;eos> token."


@pytest.mark.parametrize("key, reason", [
    ("noyear2020", "no year"),
    ("notitle2018", "no title"),
    ("broken2021", "cannot be read as BibTeX: its field 'title' (line 74) opens a brace it does not close, so the "
                   "entry runs on into the next one; close the brace and import again (Unexpected block start: "
                   "`@article`. Was still looking for field-value closing `}`)"),
])
def test_entries_that_cannot_be_papers_are_skipped_with_the_reason(parsed, key, reason):
    item = parsed[key]
    assert isinstance(item, Skipped)
    assert item.reason.startswith(reason)


def test_an_entry_without_authors_is_skipped_but_one_without_abstract_is_not():
    result = parse_bibtex("@article{a, title = {T}, year = 2020}\n@article{b, title={T}, author={A, B}, year=2020}")
    skipped, draft = result.items
    assert skipped.reason == "no authors: a paper needs a title, authors and a date (an abstract is optional)"
    assert isinstance(draft, PaperDraft) and draft.abstract == "" and draft.meta["authors"] == ["B A"]


def test_a_biblatex_date_field_wins_and_an_undefined_macro_is_left_out_and_reported():
    result = parse_bibtex(
        "@online{a, title={T}, author={Ann Lee}, date={2021-03-04}, year={2021}, abstract={A.}}\n"
        "@article{b, title={T}, author={Ann Lee}, journal=jmlr, year={2021}, abstract={A.}}\n"
    )
    first, second = result.items
    assert first.meta["date"] == "2021-03-04"
    assert isinstance(second, PaperDraft) and second.meta["venue"] is None
    assert second.ignored == ["journal (undefined @string macro 'jmlr')"]


def test_a_concatenation_of_a_macro_and_a_string_is_resolved(parsed):
    assert parsed["concat2016"].meta["venue"] == "Advances in Neural Information Processing Systems 29"


def test_an_empty_file_has_no_entries():
    assert parse_bibtex("% only a comment\n").items == []
