"""Paperpile's exports: its BibTeX, which names an arXiv preprint's "journal" `arXiv [cs.CL]`, and its CSV (Export →
CSV), read as a spreadsheet: folders (`PhD;PhD/To Read`), labels, the proceedings' title, several URLs in one cell,
the BibTeX key. Real files (tests/fixtures/sources/, origins in its README)."""

import csv
from pathlib import Path

import frontmatter
import yaml

from import_checks import run_import, shelf, validates
from papershelf.sources.spreadsheet import parse_spreadsheet

SOURCES = Path(__file__).parent / "fixtures" / "sources"
BIB = SOURCES / "exporters" / "paperpile-arxiv-journal.bib"
SHEET = SOURCES / "spreadsheet" / "paperpile-gsarti-first5.csv"


def papers(root: Path) -> dict[str, frontmatter.Post]:
    return {post["title"]: post for post in map(frontmatter.load, (root / "papers").glob("*.md"))}


def test_paperpiles_arxiv_subject_journal_is_not_a_venue(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(BIB), "--topic", "example-topic")
    assert code == 0, output
    read = papers(root)
    survey = read["Post-hoc Interpretability for Neural NLP: A Survey"]
    assert survey["arxiv"] == "2108.04840" and "venue" not in survey  # journal = "arXiv [cs.CL]"
    assert "venue" not in read["Towards A Rigorous Science of Interpretable Machine Learning"]  # "arXiv [stat.ML]"
    mixup = read["On the Calibration of Pre-trained Language Models using Mixup Guided by Area Under the Margin and "
                 "Saliency"]
    assert mixup["venue"] == ("Proceedings of the 60th Annual Meeting of the Association for Computational "
                              "Linguistics (Volume 1: Long Papers)")
    assert validates(root)


def test_paperpiles_csv_files_each_paper_in_its_folders_and_keeps_labels_venue_links_and_key(tmp_path):
    root = shelf(tmp_path)
    code, output = run_import(root, str(SHEET), "--add-topics")
    assert code == 0, output
    topics = {entry["id"]: entry for entry in yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))}
    assert topics["to-read"] == {"id": "to-read", "title": "To Read", "parent": "phd"}  # "PhD;PhD/To Read"
    assert topics["read"] == {"id": "read", "title": "Read", "parent": "phd"}
    rows = list(csv.DictReader(SHEET.open(encoding="utf-8", newline="")))
    read = papers(root)
    assert len(read) == len(rows) == 5
    for row in rows:
        paper = read[row["Title"]]
        assert paper["authors"] == row["Authors"].split(",")  # "Lee A,Auli M,Ranzato M", as Paperpile writes them
        assert paper["topics"] == ["phd", "to-read" if row["Folders filed in"].endswith("To Read") else "read"]
        assert paper["tags"] == row["Labels filed in"].split(";")
        assert paper["citation"]["key"] == row["BibTeX key"]
        assert "PhD" not in paper["tags"]  # a folder is a topic, not a tag
    reranking = read["Discriminative Reranking for Neural Machine Translation"]
    assert reranking["venue"] == row_of(rows, reranking)["Proceedings title"]  # not the publisher, ACL
    assert reranking["citation"]["publisher"] == "Association for Computational Linguistics"
    # URLs: "https://aclanthology.org/2021.acl-long.563;http://dx.doi.org/10.18653/…;https://…563.pdf"
    assert reranking["doi"] == "10.18653/v1/2021.acl-long.563"
    assert reranking["links"] == {"paper": "https://aclanthology.org/2021.acl-long.563",
                                  "pdf": "https://aclanthology.org/2021.acl-long.563.pdf"}
    survey = read["Post-hoc Interpretability for Neural NLP: A Survey"]
    assert survey["arxiv"] == "2108.04840" and "venue" not in survey  # its Source: "arXiv [cs.CL]"
    assert "columns not read (their cells stay in the sheet): Item type, Archive prefix, Eprint ID, Primary class" \
        in output
    assert validates(root)


def row_of(rows: list[dict[str, str]], paper: frontmatter.Post) -> dict[str, str]:
    return next(row for row in rows if row["Title"] == paper["title"])


def test_the_csv_and_the_bibtex_of_one_paperpile_library_give_one_paper(tmp_path):
    root = shelf(tmp_path)
    run_import(root, str(SHEET), "--topic", "example-topic")
    code, output = run_import(root, str(BIB), "--topic", "example-topic")
    assert ("filled citation.type of papers/post-hoc-interpretability-for-neural-nlp-a-survey.md from "
            "paperpile-arxiv-journal.bib: entry 3 (key madsen-etal-2021-posthoc), line 25 (same arXiv id 2108.04840)") \
        in output and code == 0
    assert len(papers(root)) == 5 + 3


def test_a_urls_cell_of_an_arxiv_and_a_doi_address_gives_both_ids_and_no_made_up_link():
    header = SHEET.read_text(encoding="utf-8").splitlines()[0]  # Paperpile's own header
    row = {"Item type": "Journal Article", "Authors": "Lee A", "Title": "A paper", "Publication year": "2021",
           "URLs": "http://arxiv.org/abs/2108.04840;http://dx.doi.org/10.18653/v1/2021.acl-long.563"}
    names = next(csv.reader([header]))
    line = ",".join(f'"{row.get(name, "")}"' for name in names)
    draft = parse_spreadsheet(f"{header}\n{line}\n").drafts[0]
    assert draft.meta["arxiv"] == "2108.04840" and draft.meta["doi"] == "10.18653/v1/2021.acl-long.563"
    assert draft.meta["links"] == {}  # not the cell as one address
