"""Any text after the first line of each import format's header is read or refused with a UsageError, never a
crash: the readers of Web of Science's text, EndNote's XML and tagged formats, RefWorks' tagged format, Zotero RDF,
Zotero's, Scopus's, IEEE Xplore's and Google Scholar's CSV, a spreadsheet's CSV, and PubMed's MEDLINE; and any Hugo publication page,
or paper note, YAML or TOML, and any JSON record of OpenAlex, Semantic Scholar or Europe PMC, is read or skipped with
its reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.detect import (
    ENDNOTE_XML,
    IEEE_CSV,
    MEDLINE,
    REFER,
    REFWORKS,
    SCHOLAR_CSV,
    SCOPUS_CSV,
    SPREADSHEET,
    WOS,
    WOS_TABS,
    ZOTERO_CSV,
    ZOTERO_RDF,
    parse_import,
)
from papershelf.sources.hugo import Site, page_to_draft
from papershelf.sources.notes import note_to_draft
from papershelf.sources.papers_json import parse_papers_json
from papershelf.sources.scholarly_json import (
    EUROPE_PMC_JSON,
    OPENALEX_JSON,
    SEMANTIC_SCHOLAR_JSON,
    parse_scholarly_json,
)

HEADERS = {
    WOS: "FN Clarivate Analytics Web of Science\nVR 1.0\n",
    ZOTERO_CSV: '"Key","Item Type","Publication Year","Author","Title","Extra","Manual Tags"\n',
    SCOPUS_CSV: '"Authors","Author full names","Title","Year","Source title","Page start","Page end","EID"\n',
    IEEE_CSV: '"Document Title","Authors","Publication Title","Publication Year","Start Page","PDF Link"\n',
    SCHOLAR_CSV: "Authors,Title,Publication,Volume,Number,Pages,Year,Publisher\n",
    SPREADSHEET: "Paper;Author(s);Published;Year;arXiv;Link;Code;Tags;Summary;Notes;\n",
    MEDLINE: "PMID- 1\n",
    WOS_TABS: "PT\tAU\tAF\tTI\tSO\tDE\tAB\tPY\tDI\tUT\n",
    ENDNOTE_XML: '<?xml version="1.0"?><xml><records><record><ref-type name="Journal Article">17</ref-type>',
    REFER: "%0 Journal Article\n%T A title\n",
    REFWORKS: "RT Journal Article\nT1 A title\n",
    ZOTERO_RDF: '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/">',
}
# Text shaped like the formats (tags, quotes, separators, line breaks), and any text at all.
PIECES = st.sampled_from(["PT J\n", "AU ", "AF ", "TI ", "PY ", "PD ", "ER\n", "EF\n", "   ", '"', ",", ";", "\t",
                          "\n", "\r\n", "Lee, Ann", "2020", "MAY 4", "arXiv: 2003.07441", "<i>", "\x00", "\ufeff",
                          "<titles><title>", "</title></titles>", "<author>", "</author>", "</record>", "<record>",
                          "</records></xml>", "&amp;", "&x;", "<![CDATA[", "%A ", "%D ", "%8 ", "%P ", "%0 ",
                          "%K ", "%R ", "%X ", "%", "November", "10.1000/x", "1-2",
                          "<z:itemType>journalArticle</z:itemType>", "<bib:Article>", "</bib:Article>", "<dc:title>",
                          "</dc:title>", "<dc:date>", "</dc:date>", "</rdf:RDF>", "<z:Collection>", "A1 ", "YR ",
                          "RT ", "SP ", "OP ", "FD ", " et al.", " and ", "June 12, 2017", "12/06/2017",
                          "https://arxiv.org/abs/1605.08386", "1706.03762", "A. B.", "['A B', 'C D']",
                          '["A B"]', "[[[", "]", "[1e999]", "https://doi.org/10.1/x", "/doi/abs/10.1000/y"])
BODIES = st.one_of(st.lists(PIECES, max_size=60).map("".join), st.text(max_size=400))


@pytest.mark.parametrize("kind", sorted(HEADERS))
@given(body=BODIES)
def test_any_body_is_read_or_refused_clearly(kind, body):
    try:
        found, result = parse_import(HEADERS[kind] + body, "library")
    except UsageError:
        return
    assert found == kind
    for item in result.items:
        assert isinstance(item, PaperDraft | Skipped)
        if isinstance(item, PaperDraft):
            assert isinstance(item.meta["title"], str) and item.meta["authors"] and item.meta["date"]


# Pieces of a Hugo page's front matter, YAML and TOML, and of its text.
HUGO_PIECES = st.sampled_from(["title: ", "authors: ", "- ", "[", "]", "{", "}", "name: ", "date: ", "2020-02-30",
                               "'2019'", "doi: ", "10.1000/x", "url_pdf: ", "links:", "  - type: pdf", "  url: ",
                               "http://a.example.edu/x", "/files/x.pdf", "javascript:x", "hugoblox:", "  ids:",
                               "    arxiv: ", "1512.04133v1", "**", "admin", "others", "\n", "  ", '"', "'", "#",
                               "= ", "[[url_custom]]", "{{< figure >}}", "{{% callout %}}", "[a](", ")", "![", "\x00",
                               "\ufeff", "&", "<script>"])
HUGO_TEXT = st.one_of(st.lists(HUGO_PIECES, max_size=60).map("".join), st.text(max_size=300))


@given(fields=HUGO_TEXT, text=HUGO_TEXT, toml=st.booleans())
def test_any_hugo_page_is_read_or_skipped_with_why(fields, text, toml):
    marker = "+++" if toml else "---"
    head = "publication_types = ['1']\n" if toml else "publication_types: ['1']\n"
    page = f"{marker}\n{head}{fields.replace(marker, '')}\n{marker}\n{text}"
    item = page_to_draft(page, "index.md", Site(base_url="https://lab.example.edu/"))
    assert isinstance(item, PaperDraft | Skipped)
    if isinstance(item, PaperDraft):
        assert isinstance(item.meta["title"], str) and item.meta["authors"] and item.meta["date"]
        assert "<script" not in item.notes


NOTE_PIECES = st.sampled_from(["title: ", "authors: ", "author: ", "- ", "[", "]", "[[", "]]", "|", "year: ", "date: ",
                               "2020", "1992-08-27 16:03:28", "arxiv: ", "1706.03762", "cond-mat/9208022", "doi: ",
                               "links:", "  pdf: ", "https://arxiv.org/pdf/2103.10158", "tags: ", "{", "}", "{{title}}",
                               "Google Research; MIT", "Ada Lovelace (Cambridge)", "citekey: ", "a:b", "\n", "  ",
                               "**Author**:: ", "> **Year**:: ", "**Title**:: ", ">[!Abstract]\n>", "<br>", "{%",
                               '"', "'", "#", "##### Abstract\n", "## Notes\n", "\x00", "\ufeff", "<script>", "null "])
NOTE_TEXT = st.one_of(st.lists(NOTE_PIECES, max_size=60).map("".join), st.text(max_size=300))


@given(fields=NOTE_TEXT, text=NOTE_TEXT)
def test_any_paper_note_is_read_or_skipped_with_why(fields, text):
    item, _ = note_to_draft(f"---\n{fields.replace('---', '')}\n---\n{text}", "note.md")
    assert isinstance(item, PaperDraft | Skipped)
    if isinstance(item, PaperDraft):
        assert isinstance(item.meta["title"], str) and item.meta["authors"] and item.meta["date"]
    elif item.partial is not None:
        assert item.partial.meta["arxiv"]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.sampled_from(["title", "display_name", "authors", "authorships",
                                                              "author", "display_name", "name", "firstName",
                                                              "lastName", "publication_date", "publicationDate",
                                                              "year", "pubYear", "doi", "externalIds", "DOI",
                                                              "ArXiv", "abstract", "abstract_inverted_index",
                                                              "abstractText", "biblio", "journalInfo", "ids", "pmid",
                                                              "paperId", "id", "results", "data", "resultList",
                                                              "result", "authorList", "keywords", "version", "papers",
                                                              "topics", "tags", "links", "notes", "citation",
                                                              "author_count", "more_authors", "upvotes", "date"]),
                                             children, max_size=6), max_leaves=30)


@pytest.mark.parametrize("kind", [OPENALEX_JSON, SEMANTIC_SCHOLAR_JSON, EUROPE_PMC_JSON])
@given(data=JSON_VALUES)
def test_any_json_a_service_could_answer_is_read_or_skipped_with_why(kind, data):
    result = parse_scholarly_json(kind, data)
    for item in result.items:
        assert isinstance(item, PaperDraft | Skipped)
        if isinstance(item, PaperDraft):
            assert isinstance(item.meta["title"], str) and item.meta["authors"] and item.meta["date"]


@given(data=JSON_VALUES, papers=st.lists(JSON_VALUES, max_size=4))
def test_any_papers_json_is_read_or_skipped_with_why(data, papers):
    export = {"version": 1, "topics": [data] if isinstance(data, dict) else [], "papers": papers}
    for item in parse_papers_json(export).items:
        assert isinstance(item, PaperDraft | Skipped)
        if isinstance(item, PaperDraft):
            assert isinstance(item.meta["title"], str) and item.meta["date"]
            assert item.meta["authors"] or item.meta["author_count"] or item.meta["more_authors"]
