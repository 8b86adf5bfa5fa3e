"""Citations tools recognise: keys, entry types, months, indentation, Highwire tags, JSON-LD; author ids."""

from __future__ import annotations

import json
import re

import bibtexparser
import frontmatter
import pytest

from papershelf.model.citation import (
    JSON_LD_ABSTRACT_LENGTH,
    base_key,
    citation_keys,
    entry_type,
    plain_reference,
    sort_key_by_family_name,
)
from papershelf.model.collection import load_collection
from papershelf.model.load import Paper
from papershelf.model.schema import PaperMeta
from papershelf.model.text import shorten
from sitebuild import REPO, build_site, parse, scratch_collection


def paper(slug="p", title="Overcoming Sparsity Artifacts in Crosscoders", date="2025-04-03", venue=None,
          added=None, arxiv=None) -> Paper:
    meta = PaperMeta(title=title, authors=["Julian Minder"], date=date, topics=["t"], venue=venue, added=added,
                     arxiv=arxiv)
    return Paper(slug, f"papers/{slug}.md", meta, "Abstract.")


def test_key_is_family_name_year_and_first_significant_title_word():
    assert base_key(paper(), "Julian Minder") == "minder2025overcoming"
    assert base_key(paper(title="The Geometry of Concepts"), "Ludwig van Beethoven") == "beethoven2025geometry"
    assert base_key(paper(title="On the Biology of a Large Language Model"), "José García Márquez") == \
        "marquez2025biology"
    assert base_key(paper(title="A", date="1999"), None) == "anon1999a"


def test_keys_are_unique_letters_in_the_order_papers_were_added():
    papers = [paper("b", added="2025-05-02"), paper("a", added="2025-05-01"), paper("c", added="2025-05-03")]
    keys = citation_keys(papers, lambda p: "Julian Minder")
    assert keys == {"a": "minder2025overcoming", "b": "minder2025overcominga", "c": "minder2025overcomingb"}


def test_an_imported_original_key_wins_and_is_not_given_twice():
    papers = [paper("a"), paper("b")]
    keys = citation_keys(papers, lambda p: "Julian Minder",
                         given=lambda p: "minder2025overcoming" if p.slug == "b" else None)
    assert keys == {"b": "minder2025overcoming", "a": "minder2025overcominga"}


def test_entry_types():
    assert entry_type(paper(venue="NeurIPS 2024")) == ("inproceedings", "booktitle")
    assert entry_type(paper(venue="Proceedings of the 62nd Annual Meeting of the ACL")) == ("inproceedings", "booktitle")
    assert entry_type(paper(venue="Nature Machine Intelligence")) == ("article", "journal")
    assert entry_type(paper(arxiv="2504.02922")) == ("misc", None)


def test_family_name_order():
    names = ["Ming Zhong", "Laurens van der Maaten", "Aston Zhang", "Chloe Bi"]
    assert sorted(names, key=sort_key_by_family_name) == ["Chloe Bi", "Laurens van der Maaten", "Aston Zhang",
                                                          "Ming Zhong"]


def test_plain_reference():
    reference = plain_reference(paper(arxiv="2504.02922"), ["Julian Minder", "Clément Dumas", "Neel Nanda"])
    assert reference == ("Minder, J., Dumas, C., & Nanda, N. (2025). Overcoming Sparsity Artifacts in Crosscoders. "
                         "arXiv preprint arXiv:2504.02922. https://arxiv.org/abs/2504.02922")


def test_bundled_bibtex_keys_types_months_and_indentation(bundled_site, bundled_front_matter):
    text = (bundled_site / "papers.bib").read_text(encoding="utf-8")
    assert "\t" not in text
    assert re.search(r"^  title = ", text, re.MULTILINE)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    months = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    for slug, meta in bundled_front_matter.items():
        [entry] = bibtexparser.parse_string((bundled_site / "papers" / f"{slug}.bib").read_text(encoding="utf-8")).entries
        family = re.sub(r"[^a-z]", "", meta["authors"][0].split()[-1].lower()) if meta["authors"] else "anon"
        assert re.fullmatch(rf"{family}{str(meta['date'])[:4]}[a-z0-9]+", entry.key), (slug, entry.key)
        date = str(meta["date"])
        if len(date) >= 7:
            assert f"month = {months[int(date[5:7]) - 1]},\n" in (bundled_site / "papers" / f"{slug}.bib").read_text()
        if meta.get("arxiv") and not meta.get("venue"):
            assert entry.entry_type == "misc"
            assert entry["eprint"] == meta["arxiv"] and entry["archivePrefix"] == "arXiv"


def head_meta(html: str) -> tuple[list[tuple[str, str]], list[dict]]:
    """(citation_* tags in order, parsed JSON-LD blocks) of a page's <head>."""
    head = html[: html.index("</head>")]
    parsed = parse(head)
    tags = [(a["name"], a["content"]) for tag, a in parsed.elements
            if tag == "meta" and (a.get("name") or "").startswith("citation_")]
    return tags, [json.loads(block) for block in parsed.json_ld]


def test_paper_pages_have_highwire_tags_and_json_ld(bundled_site, bundled_front_matter):
    for slug, meta in bundled_front_matter.items():
        html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        tags, blocks = head_meta(html)
        assert ("citation_title", meta["title"]) in tags
        assert [v for k, v in tags if k == "citation_author"] == meta["authors"]
        assert ("citation_publication_date", str(meta["date"]).replace("-", "/")) in tags
        assert ("citation_arxiv_id", meta["arxiv"]) in tags
        assert ("citation_pdf_url", meta.get("links", {}).get("pdf") or f"https://arxiv.org/pdf/{meta['arxiv']}") in tags
        [data] = blocks
        assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
        assert data["name"] == meta["title"]
        assert [a["name"] for a in data.get("author", [])] == meta["authors"]  # no "author": [] without names
        assert data["datePublished"] == str(meta["date"])
        assert f"https://arxiv.org/abs/{meta['arxiv']}" in data["sameAs"]
        bare = meta["arxiv"].split("v")[0]
        for link in (f"https://huggingface.co/papers/{bare}", f"https://www.alphaxiv.org/abs/{bare}",
                     f"https://www.semanticscholar.org/arxiv/{bare}"):
            assert f'href="{link}"' in html


HOSTILE_TITLE = '</script><script>alert(1)</script> "quoted" & <b>bold</b>'
HOSTILE_PAPER = (f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\nauthors: [\"</script> Lee\", Ann Lee]\ndate: '2024-01-02'\n"
                 "topics: [multimodal-llms]\nvenue: \"Journal of </script>\"\n---\n\nAbstract with `</script>` in it.\n")

AUTHORS_YML = """\
- id: wei-wang-ucla
  name: Wei Wang
  aliases: [Wei Wang (UCLA)]
- id: wei-wang-tsinghua
  name: Wei Wang
"""
PAPER_TEXT = "---\ntitle: {title}\nauthors: {authors}\ndate: '2024-01-02'\ntopics: [multimodal-llms]\n---\n\nAbstract.\n"


@pytest.fixture(scope="module")
def people_site(tmp_path_factory):
    """One build for the tests below: a paper with a hostile title, and two people who share a name."""
    root = scratch_collection(tmp_path_factory.mktemp("citation") / "c", {
        "hostile.md": HOSTILE_PAPER,
        "one.md": PAPER_TEXT.format(title="One", authors='["Wei Wang (UCLA)", "@wei-wang-tsinghua"]'),
        "two.md": PAPER_TEXT.format(title="Two", authors='["@wei-wang-ucla", "Ann Lee"]'),
    })
    (root / "authors.yml").write_text(AUTHORS_YML, encoding="utf-8")
    site = root.parent / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return root, site


@pytest.mark.xdist_group("people-site")  # one worker builds it
def test_json_ld_and_meta_tags_hold_a_hostile_title_as_data(people_site):
    _, site = people_site
    html = (site / "papers" / "hostile" / "index.html").read_text(encoding="utf-8")
    tags, blocks = head_meta(html)
    assert ("citation_title", HOSTILE_TITLE) in tags
    assert ("citation_journal_title", "Journal of </script>") in tags
    [data] = blocks
    assert data["name"] == HOSTILE_TITLE and data["author"][0]["name"] == "</script> Lee"
    assert "<script>alert(1)" not in html
    json_ld = html[html.index('<script type="application/ld+json">'):]
    assert "</script" not in json_ld[: json_ld.index("</script>")]  # nothing closes the element early


@pytest.mark.xdist_group("people-site")  # one worker builds it
def test_people_who_share_a_name_are_told_apart_by_their_ids(people_site):
    root, site = people_site
    collection = load_collection(root)
    authors = collection.taxonomies["authors"]
    people = {term.slug: (term.name, sorted(p.slug for p in term.papers)) for term in authors.terms.values()}
    assert people["wei-wang-ucla"] == ("Wei Wang", ["one", "two"])
    assert people["wei-wang-tsinghua"] == ("Wei Wang", ["one"])
    one = (site / "papers" / "one" / "index.html").read_text(encoding="utf-8")
    byline = one.split('class="ps-byline"')[1].split("</div>")[0]
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', byline) == [
        ("../../authors/wei-wang-ucla/", "Wei Wang"), ("../../authors/wei-wang-tsinghua/", "Wei Wang")]
    # the shared name alone means neither of them
    assert collection.registry.person("Wei Wang").entry is None

SITE_URL = "https://example.github.io/papershelf/"  # the bundled mkdocs.yml's site_url


def test_paper_citation_data_has_the_abstract_page_url_collection_and_author_pages(bundled_site, bundled_front_matter):
    from markupsafe import Markup

    from papershelf.model.load import public_parts
    from papershelf.model.markdown_html import markdown_to_html

    site_name = re.search(r"^site_name: (.+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)[1]
    for slug, meta in bundled_front_matter.items():
        html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        tags, [data] = head_meta(html)
        body = frontmatter.load(REPO / "papers" / f"{slug}.md").content
        abstract = Markup(markdown_to_html(public_parts(body)[0])).striptags()
        assert abstract and ("citation_abstract", abstract) in tags  # the whole abstract, as plain text
        assert data["abstract"] == shorten(abstract, JSON_LD_ABSTRACT_LENGTH)  # its start, cut at a word
        assert len(data["abstract"]) <= 300 and abstract.startswith(data["abstract"].removesuffix("…"))
        assert data["url"] == f"{SITE_URL}papers/{slug}/"
        part_of = data["isPartOf"] if isinstance(data["isPartOf"], list) else [data["isPartOf"]]
        assert {"@type": "Collection", "name": site_name, "url": SITE_URL} in part_of
        if meta.get("venue"):
            assert any(part["name"] == meta["venue"] for part in part_of if part["@type"] != "Collection")
        for person in data.get("author", []):  # each author's page on this site, which exists
            assert person["url"].startswith(f"{SITE_URL}authors/")
            assert (bundled_site / person["url"][len(SITE_URL):] / "index.html").is_file()
            byline_link = person["url"][len(SITE_URL):]
            assert f'href="../../{byline_link}"' in html


def test_a_paper_page_holds_its_whole_abstract_once_in_its_head_and_once_in_its_body(bundled_site,
                                                                                    bundled_front_matter):
    """The head's one whole copy is citation_abstract (Google Scholar, Zotero); the meta description, the
    link preview and the JSON-LD have its start; the Cite panel's BibTeX none (the .bib file has it)."""
    from markupsafe import Markup

    from papershelf.model.load import public_parts
    from papershelf.model.markdown_html import markdown_to_html

    for slug in bundled_front_matter:
        html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        body = frontmatter.load(REPO / "papers" / f"{slug}.md").content
        abstract = Markup(markdown_to_html(public_parts(body)[0])).striptags()
        tail = " ".join(abstract.split()[-12:])  # the abstract's end: in a whole copy only
        assert len(abstract) > 400 and tail
        head, page = html.split("</head>")
        assert sum(head.count(form) for form in {tail, str(Markup.escape(tail))}) == 1, slug
        text = " ".join(Markup(page).striptags().split())  # the body's words, as a reader gets them
        assert text.count(tail) == 1, slug


def test_the_cite_panel_gives_the_bibtex_file_without_its_abstract(bundled_site, bundled_front_matter):
    from markupsafe import Markup

    for slug in bundled_front_matter:
        html = (bundled_site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        shown = Markup(re.search(r'<div class="highlight ps-bibtex"><pre><span></span><code>(.*?)</code>', html,
                                 re.S)[1]).unescape()
        whole = (bundled_site / "papers" / f"{slug}.bib").read_text(encoding="utf-8")
        [entry] = bibtexparser.parse_string(whole).entries
        [panel] = bibtexparser.parse_string(shown).entries
        assert entry["abstract"] and "abstract" not in panel.fields_dict, slug
        assert {k: v for k, v in entry.items() if k != "abstract"} == dict(panel.items())
        assert shown == whole[: whole.index(",\n  abstract = {")] + "\n}\n"  # the file's lines, but the last field
        assert (bundled_site / "papers.bib").read_text(encoding="utf-8").count(entry["abstract"]) == 1


UNNAMED = "multi-modal-interpretability-for-enhanced-localization-in-vision-language-models"


def test_a_paper_without_recorded_authors_is_cited_without_a_made_up_author(bundled_site, bundled_front_matter):
    assert bundled_front_matter[UNNAMED]["authors"] == [] and bundled_front_matter[UNNAMED]["author_count"] == 2
    html = (bundled_site / "papers" / UNNAMED / "index.html").read_text(encoding="utf-8")
    tags, [data] = head_meta(html)
    assert not [name for name, _ in tags if name == "citation_author"]
    assert "author" not in data
    reference = re.search(r'<p class="ps-reference">([^<]*)</p>', html)[1]
    title = bundled_front_matter[UNNAMED]["title"]
    assert reference.startswith(f"{title}. (2025). arXiv preprint arXiv:2509.15243.")
    assert not reference.lstrip().startswith((",", "et al"))


def test_plain_reference_without_any_author_names_starts_with_the_title():
    meta = PaperMeta(title="Untitled Work.", authors=[], author_count=3, date="2024-05", topics=["t"], venue="ICML 2024")
    assert plain_reference(Paper("u", "papers/u.md", meta, ""), []) == "Untitled Work. (2024). ICML 2024."
    two = PaperMeta(title="T", authors=["Ann Lee"], author_count=3, date="2024", topics=["t"])
    assert plain_reference(Paper("t", "papers/t.md", two, ""), ["Ann Lee"]) == "Lee, A., et al. (2024). T."


def test_a_reference_to_a_collaboration_cut_at_100_names_does_not_name_a_last_author():
    """IceCube's 313 authors, 100 recorded (NASA ADS's export, imported): APA's "…, last author" would make the
    100th the last; the reference ends with "et al." instead."""
    names = [f"Ann{index} Lee" for index in range(100)]
    meta = PaperMeta(title="T", authors=names, author_count=313, date="2016", topics=["t"], venue="ApJ")
    reference = plain_reference(Paper("t", "papers/t.md", meta, ""), names)
    assert reference.startswith("Lee, A., Lee, A., ") and reference.endswith(", et al. (2016). T. ApJ.")
    assert reference.count("Lee, A.") == 19 and "…" not in reference
    everyone = PaperMeta(title="T", authors=names, date="2016", topics=["t"])
    assert ", … Lee, A. (2016). T." in plain_reference(Paper("t", "papers/t.md", everyone, ""), names)


def test_maintainer_notes_are_never_published(bundled_site):
    """The to-do under "## Maintainer notes" stays in the paper file: not on any page, search record or export."""
    text = (REPO / "papers" / f"{UNNAMED}.md").read_text(encoding="utf-8")
    assert "## Maintainer notes\n\nThe author names are not yet verified." in text
    secret = "not yet verified"
    published = [path for path in bundled_site.rglob("*") if path.is_file() and path.suffix in
                 (".html", ".json", ".xml", ".bib") and secret in path.read_text(encoding="utf-8", errors="replace")]
    assert published == []
    from sitebuild import pagefind_records
    assert not [record["url"] for record in pagefind_records(bundled_site) if secret in record["content"]]
    page = (bundled_site / "papers" / UNNAMED / "index.html").read_text(encoding="utf-8")
    assert 'id="notes"' not in page and "2 authors whose names are not yet recorded" in page


def test_maintainer_notes_before_or_after_curator_notes():
    from papershelf.model.load import public_parts

    body = "Abstract.\n\n## Maintainer notes\n\nTo do: venue.\n\n## Notes\n\nRead it twice.\n"
    assert public_parts(body) == ("Abstract.", "Read it twice.", "To do: venue.")
    body = "Abstract.\n\n## Notes\n\nRead it.\n\n## Maintainer notes\n\nFrom HF.\n"
    assert public_parts(body) == ("Abstract.", "Read it.", "From HF.")
    fenced = "Abstract.\n\n## Notes\n\n```\n## Maintainer notes\n```\n"
    assert public_parts(fenced) == ("Abstract.", "```\n## Maintainer notes\n```", "")


def test_filling_an_abstract_keeps_the_maintainer_notes():
    from papershelf.intake.filling import fill_paper_text
    from papershelf.model.load import public_parts

    text = ("---\ntitle: T\nauthors: []\nauthor_count: 2\ndate: '2024'\ntopics: [t]\n---\n\n"
            "## Maintainer notes\n\nAdd the names.\n")
    for overwrite in (False, True):
        filled = fill_paper_text(text, "papers/t.md", {}, "The abstract.", overwrite=overwrite)
        assert filled.fields == ["abstract"]
        body = filled.text.split("---\n", 2)[2]
        assert public_parts(body) == ("The abstract.", "", "Add the names."), overwrite
