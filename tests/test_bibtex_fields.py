"""Where exporters put identifiers and links, and how field text is decoded: one BibTeX field at a time."""

import pytest

from papershelf.sources import PaperDraft
from papershelf.sources.bibtex import parse_bibtex
from papershelf.sources.latex import latex_to_text

HEAD = "@article{k, title={T}, author={Lee, Ann}, year={2020}, "


def draft(fields: str) -> PaperDraft:
    item = parse_bibtex(HEAD + fields + "}\n").items[0]
    assert isinstance(item, PaperDraft), item
    return item


@pytest.mark.parametrize("fields, arxiv", [
    ("eprint={2305.15775v2}, archivePrefix={arXiv}", "2305.15775"),
    ("eprint={hep-th/9901001}, eprinttype={arxiv}", "hep-th/9901001"),
    ("eprint={math.AG/0101001}", "math.AG/0101001"),
    ("arxiv={2210.10041}", "2210.10041"),  # al-folio
    ("arxivid={1809.07258}", "1809.07258"),  # Mendeley
    ("url={https://arxiv.org/abs/1706.03762v5}", "1706.03762"),
    ("howpublished={\\url{https://arxiv.org/pdf/1706.03762.pdf}}", "1706.03762"),
    ("journal={arXiv preprint arXiv:2509.09674}", "2509.09674"),
    ("note={arXiv: 2506.11997}", "2506.11997"),
    ("note={arXiv:cond-mat/0102536 [cond-mat.str-el]}", "cond-mat/0102536"),
    ("doi={10.48550/arXiv.2305.15775}", "2305.15775"),
    ("journal={CoRR}, volume={abs/2408.03465}", "2408.03465"),
    ("eprint={1234.5678}, archivePrefix={bioRxiv}", None),  # not an arXiv eprint
])
def test_the_arxiv_id_is_found_wherever_exporters_put_it(fields, arxiv):
    assert draft(fields).meta["arxiv"] == arxiv


def test_al_folio_link_fields_become_named_links_and_local_files_are_reported():
    paper = draft("code={https://github.com/a/b}, slides={https://example.org/s.pdf}, website={https://example.org/}, "
                  "video={https://youtu.be/x}, poster={https://example.org/p.pdf}, blog={https://example.org/b}, "
                  "html={https://publisher.org/paper}, pdf={paper.pdf}, github={someone/repo}")
    assert paper.meta["links"] == {
        "code": "https://github.com/a/b", "video": "https://youtu.be/x", "slides": "https://example.org/s.pdf",
        "poster": "https://example.org/p.pdf", "blog": "https://example.org/b", "project": "https://example.org/",
        "paper": "https://publisher.org/paper"}
    assert paper.ignored == ["pdf ('paper.pdf' is a file of the al-folio site's assets/pdf/, not a web address)"]


@pytest.mark.parametrize("fields, venue", [
    ("journaltitle={Langmuir}", "Langmuir"),
    ("booktitle={Proc. of {ICML}}", "Proc. of ICML"),
    ("institution={MIT}", "MIT"),
    ("publisher={Springer}", "Springer"),
    ("journal={arXiv e-prints}, eprint={1811.02141}", None),  # only says "arXiv"
])
def test_the_venue_comes_from_the_first_venue_field(fields, venue):
    assert draft(fields).meta["venue"] == venue


def test_keywords_become_tags_without_msc_or_acm_codes():
    paper = draft("keywords={Deep learning; 68T05, I.2.6, Primary 05C50, graph theory}")
    assert paper.meta["tags"] == ["Deep learning", "graph theory"]
    assert paper.keywords == ["Deep learning", "68T05", "I.2.6", "Primary 05C50", "graph theory"]
    assert paper.ignored == ["keywords 68T05, I.2.6, Primary 05C50 (subject classification codes, for indexers: not "
                             "tags)"]  # not kept, and said


def test_a_bare_percent_is_text_and_latex_is_decoded_as_a_reader_expects():
    paper = parse_bibtex("@article{k, title={{BERT} gets 95% -- on {\\\"U}ber~tasks with $\\alpha$-nets}, "
                         "author={M{\\\"u}ller, J{\\\"o}rg}, year={2020}, "
                         "abstract={We improve accuracy by 5% and then 10%. The rest {\\em still} counts.}}").items[0]
    assert paper.meta["title"] == "BERT gets 95% – on Über tasks with α-nets"
    assert paper.meta["authors"] == ["Jörg Müller"]
    assert paper.abstract == "We improve accuracy by 5% and then 10%. The rest still counts."  # not cut at %


@pytest.mark.parametrize("value, text", [
    ("Plain words only", "Plain words only"),
    ("{{Double}} braces --- and -- dashes", "Double braces — and – dashes"),
    ("Ren\\'{e} and Fran{\\c{c}}ois", "René and François"),
    ("50\\% and 50%", "50% and 50%"),
])
def test_latex_decoding(value, text):
    assert latex_to_text(value) == text
