"""Authors no one can rename or displace: each paper keeps its own spelling of every name on its page and in its
exports, author URLs go by first appearance (never by sort order), and the pull request summary flags any change
to an existing author's URL or shown name, including an authors.yml `id:` that takes someone's URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from papershelf.exports.bibtex import author_names, cached_bibtex
from papershelf.exports.json_export import papers_json
from papershelf.model.collection import InvalidCollection, load_collection
from papershelf.model.writer import render_paper_file
from papershelf.review.prcheck import render_summary, summarize_pr
from sitebuild import build_site, scratch_collection
from test_prcheck import commit, git, write

TOPICS = "- id: speech\n  title: Speech\n  description: Spoken language.\n"


def paper_file(title: str, authors: list[str], added: str, date: str = "2024-01-02") -> str:
    return render_paper_file({"title": title, "authors": authors, "date": date, "added": added,
                              "topics": ["speech"]}, f"The abstract of {title}.")


def collection(root: Path, papers: dict[str, str]) -> Path:
    write(root, {"topics.yml": TOPICS, "mkdocs.yml": "site_name: Shelf\nplugins: [papershelf]\n",
                 **{f"papers/{name}.md": text for name, text in papers.items()}})
    return root


ORIGINAL = {
    "speech-translation": paper_file("Speech Translation", ["Sara Papi", "Dennis Fucci"], "2024-02-01"),
    "simultaneous": paper_file("Simultaneous Translation", ["Sara Papi", "Marco Gaido"], "2024-03-01"),
}
NEWCOMERS = [case for case in yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(
    encoding="utf-8"))["authors"]]


@pytest.mark.parametrize("case", NEWCOMERS, ids=[c["reason"].split(":")[0] for c in NEWCOMERS])
def test_a_new_paper_renames_no_one_else_and_takes_no_ones_url(tmp_path, case):
    authors = case["authors"]
    before = load_collection(collection(tmp_path / "before", ORIGINAL))
    root = collection(tmp_path / "after", {**ORIGINAL, "newcomer": paper_file("A New Paper", authors, "2025-06-01")})
    if case.get("expect") == "invalid":
        with pytest.raises(InvalidCollection):
            load_collection(root)
        return
    after = load_collection(root)
    old_terms, new_terms = before.taxonomies["authors"].terms, after.taxonomies["authors"].terms
    for key, term in old_terms.items():  # every existing author keeps URL and name
        assert (new_terms[key].url, new_terms[key].name) == (term.url, term.name), case["reason"]
    for paper in after.papers:
        if paper.slug in ORIGINAL:  # the original papers' names, as they wrote them, everywhere
            assert author_names(after, paper) == author_names(before, next(p for p in before.papers
                                                                              if p.slug == paper.slug))
        else:  # the new paper shows its own spelling (whitespace collapsed, NFC)
            assert author_names(after, paper) == [" ".join(name.split()) for name in authors]
    bibtex = cached_bibtex(after)
    assert "author = {Sara Papi and Dennis Fucci}" in bibtex(next(p for p in after.papers
                                                                  if p.slug == "speech-translation"))
    exported = {p["slug"]: p["authors"] for p in json.loads(papers_json(after))["papers"]}
    assert exported["simultaneous"] == ["Sara Papi", "Marco Gaido"]


def test_urls_follow_first_appearance_not_sort_order(tmp_path):
    shelf = load_collection(collection(tmp_path, {
        **ORIGINAL, "later": paper_file("Later", ["'Dennis Fucci", "Dennis-Fucci"], "2025-01-01")}))
    urls = {term.name: term.url for term in shelf.taxonomies["authors"].terms.values()}
    assert urls["Dennis Fucci"] == "authors/dennis-fucci/"
    assert {urls["'Dennis Fucci"], urls["Dennis-Fucci"]} == {"authors/dennis-fucci-2/", "authors/dennis-fucci-3/"}


def test_the_site_keeps_each_papers_spelling_in_citation_meta_and_json_ld(tmp_path):
    papers = {f"{name}.md": text for name, text in ORIGINAL.items()}
    papers["upper.md"] = paper_file("A New Paper", ["SARA PAPI", "'Dennis Fucci"], "2025-06-01")
    root = scratch_collection(tmp_path / "shelf", papers)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    old_page = next(site.glob("papers/speech-translation*/index.html")).read_text(encoding="utf-8")
    new_page = next(site.glob("papers/upper*/index.html")).read_text(encoding="utf-8")
    assert re.findall(r'<meta name="citation_author" content="([^"]*)"', old_page) == ["Papi, Sara", "Fucci, Dennis"] \
        or re.findall(r'<meta name="citation_author" content="([^"]*)"', old_page) == ["Sara Papi", "Dennis Fucci"]
    assert "SARA PAPI" not in old_page and "SARA PAPI" in new_page
    author_page = (site / "authors/sara-papi/index.html").read_text(encoding="utf-8")
    assert "<h1>Sara Papi</h1>" in author_page or ">Sara Papi<" in author_page
    assert "Dennis Fucci" in (site / "authors/dennis-fucci/index.html").read_text(encoding="utf-8")
    assert "&#39;Dennis Fucci" in (site / "authors/dennis-fucci-2/index.html").read_text(encoding="utf-8") \
        or "'Dennis Fucci" in (site / "authors/dennis-fucci-2/index.html").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    root = collection(tmp_path / "shelf", ORIGINAL)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def test_a_backdated_paper_that_takes_an_authors_url_is_flagged_first(repo):
    write(repo, {"papers/early.md": paper_file("Early", ["'Dennis Fucci"], "1999-01-01", "1999")})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    flags = summary[:summary.index("## Papers in this pull request")]
    assert "changes existing authors' pages" in flags
    assert "'Dennis Fucci' \\(1 paper\\) moves from authors/dennis\\-fucci/ to authors/dennis\\-fucci\\-2/" in flags
    assert "authors/dennis\\-fucci/, the page of 'Dennis Fucci', now belongs to ''Dennis Fucci'" in flags


def test_an_authors_yml_id_that_takes_an_existing_url_is_flagged(repo):
    write(repo, {"authors.yml": "- name: Sara Papi\n  id: sara-papi\n  aliases: [S. Papi]\n",
                 "papers/impostor.md": paper_file("Impostor", ["S. Papi"], "2000-01-01")})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    details = [d for flag in report.flags for d in flag.details]
    assert any("authors/sara-papi/, the page of 'Sara Papi', now belongs to 'Sara Papi' (authors.yml id 'sara-papi')"
               in d for d in details), details
    assert report.flags[0].rank == 0


def test_a_paper_only_pr_that_changes_nothing_for_existing_authors_is_not_flagged(repo):
    write(repo, {"papers/newer.md": paper_file("Newer", ["SARA PAPI", "New Person"], "2025-01-01")})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.flags == [] and [p.path for p in report.added] == ["papers/newer.md"]


def test_list_json_rows_keep_each_papers_spelling_too(tmp_path):
    """The list page's rows come from list.json once filtered: they must not rename anyone either."""
    from papershelf.site.list_data import list_data

    shelf = load_collection(collection(tmp_path, {
        **ORIGINAL, "upper": paper_file("A New Paper", ["SARA PAPI"], "2025-06-01")}))
    data = list_data(shelf)
    at = {name: index for index, name in enumerate(data["fields"])}
    rows = [row if isinstance(row, list) else [row, None] for row in data["authors"]]
    shown = {paper[at["slug"]]: [rows[i][0] for i in paper[at["authors"]]] for paper in data["papers"]}
    assert shown["speech-translation"] == ["Sara Papi", "Dennis Fucci"] and shown["upper"] == ["SARA PAPI"]
    slugs = {paper[at["slug"]]: [rows[i][1] or "sara-papi" for i in paper[at["authors"]]][:1]
             for paper in data["papers"]}
    assert slugs["upper"] == slugs["simultaneous"] == ["sara-papi"]  # one person, one page
