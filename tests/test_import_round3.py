"""Issue 26: the 14 real bibliographies of round 3, read field by field, imported whole, and exported
losslessly. The samples are excerpts of real exporter output: fixtures/sources/README.md ("round3/")
names where each comes from; benchmarks/import_eval.py measures the whole files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.exports import write_exports
from papershelf.exports.bibtex import collection_keys
from papershelf.intake.adding import import_file
from papershelf.model.collection import check_collection
from papershelf.sources import PaperDraft
from papershelf.sources.detect import parse_import
from sitebuild import REPO

ROUND3 = Path(__file__).parent / "fixtures" / "sources" / "round3"
TOPICS = "- id: imported\n  title: Imported\n  description: Papers of the samples.\n"


def drafts(name: str) -> list:
    text = (ROUND3 / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    return parse_import(text, name)[1].items


def empty_collection(root: Path) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    return root


def run_import(root: Path, *names: str) -> str:
    output = ""
    for name in names:
        path = name if isinstance(name, Path) else ROUND3 / name
        result = CliRunner().invoke(cli, ["import", str(path), "-t", "imported", "--root", str(root)])
        assert result.exit_code == (1 if "skipped: " in result.output else 0), result.output  # 1: not all added
        output += result.output
    return output


def papers_of(root: Path) -> dict:
    collection, problems = check_collection(root)
    assert [problem.text() for problem in problems if problem.is_error] == []
    return {paper.slug: paper for paper in collection.papers}


# --- each exporter, field by field ------------------------------------------------------------------

def test_bibdesk_capitalised_field_names_are_read():
    shannon, openelm = drafts("bibdesk-contextlab-cdl.bib")
    assert shannon.meta["authors"] == ["C E Shannon"]  # `Author = {C E Shannon}`
    assert shannon.meta["title"] == "A mathematical theory of communication"
    assert shannon.meta["date"] == "1948" and shannon.meta["venue"] == "Bell System Technical Journal"
    assert shannon.meta["citation"] == {"key": "Shan48", "type": "article", "volume": "27", "number": "3",
                                        "pages": "379–423"}
    assert openelm.meta["title"] == ("OpenELM: an efficient language model family with open training and "
                                     "inference framework")
    assert openelm.meta["arxiv"] == "2404.14619"  # `Volume = {doi.org/10.48550/arXiv.2404.14619}`
    assert len(openelm.meta["authors"]) == 11 and openelm.meta["authors"][-1] == "M Rastegari"


def test_paperpile_doi_escape_and_repeated_key():
    shannon, scheduling, offloading, embedding = drafts("paperpile-hkarl.bib")
    assert scheduling.meta["doi"] == "10.1007/978-0-387-74759-0_665"  # written `…\_665`
    assert scheduling.meta["authors"] == ["José Niño-Mora"]
    assert shannon.meta["doi"] == "10.1002/j.1538-7305.1948.tb00917.x"
    # one key (Yan2020-cc) on two different papers: both read; the second without the key, saying why
    assert offloading.meta["title"].startswith("Deep Reinforcement Learning Based Offloading")
    assert offloading.meta["citation"]["key"] == "Yan2020-cc"
    assert embedding.meta["title"].startswith("Automatic Virtual Network Embedding")
    assert "key" not in embedding.meta["citation"]
    assert "key 'Yan2020-cc' (also the key of entry 3, line 31" in embedding.ignored[-1]


def test_mendeley_desktop_placeholder_author_and_escaped_url():
    talk, rhic = drafts("mendeley-desktop-jollyhrothgar.bib")
    assert talk.meta["links"] == {"pdf": "https://accelconf.web.cern.ch/accelconf/p07/TALKS/FROAAB01_TALK.PDF"}
    assert rhic.meta["authors"][:3] == ["RHIC", "I. Alekseev", "C. Allgower"]
    assert "Et Al." not in rhic.meta["authors"]  # `Al., Et`: a count, not a person
    assert rhic.meta["more_authors"] is True and rhic.meta["author_count"] is None
    assert any("author 'Et Al.' (not a name" in note for note in rhic.ignored)


def test_mendeley_api_utf8_and_double_braces():
    luhring, akdere = drafts("mendeley-api-budisc-lab.bib")
    assert akdere.meta["authors"][:2] == ["Mert Akdere", "Ugur Çetintemel"]
    assert akdere.meta["title"] == "Learning-based Query Performance Modeling and Prediction"
    assert akdere.meta["doi"] == "10.1109/ICDE.2012.64"
    assert luhring.meta["title"] == "Autonomous Management of Soft Indexes"


def test_jabref_biblatex_and_a_suffix_in_the_wrong_place():
    corti, fulton = drafts("jabref-chocolate.bib")
    assert corti.meta["title"] == "Cocoa and Cardiovascular Health"
    assert corti.meta["date"] == "2009-03" and corti.meta["venue"] == "Circulation"
    assert corti.meta["doi"] == "10.1161/circulationaha.108.827022"
    assert fulton.meta["authors"] == ["James E. Fulton, Jr.", "Gerd Plewig", "Albert M. Kligman"]


def test_google_scholar_accents_and_others():
    bui, lamiraux = drafts("google-scholar-gepetto-lab.bib")
    assert bui.meta["authors"][:3] == ["Xuân-Nam Bui", "Xu An-nam Bui", "Philippe Souères"]
    assert bui.meta["more_authors"] is True and bui.meta["author_count"] is None  # `and others`: how many, unknown
    assert lamiraux.meta["authors"] == ["Florent Lamiraux", "Etienne Ferré"]
    assert lamiraux.meta["date"] == "2004"


def test_acl_anthology_mix_names_with_accent_macros_and_scholar_arxiv():
    conll, gheini, libovicky, shannon = drafts("nlp-dissertation-acl-anthology-mixed.bib")
    assert conll.meta["authors"][35] == "Çağrı Çöltekin"  # `\c{C}\"{o}ltekin, \c{C}a\u{g}rı`
    assert conll.meta["authors"][17] == "Václava Kettnerová"
    assert conll.meta["date"] == "2017-08"
    assert gheini.meta["arxiv"] == "1909.06516" and gheini.meta.get("venue") is None
    assert libovicky.meta["authors"] == ["Jindřich Libovický", "Jindřich Helcl"]
    assert shannon.meta["authors"] == ["C. E. Shannon"] and shannon.meta["doi"] == "10.1002/j.1538-7305.1948.tb01338.x"


def test_ieee_keywords_beyond_the_cap_are_trimmed_with_a_notice():
    fusion, *_ = drafts("ieee-xplore-sysreview.bib")
    assert len(fusion.meta["tags"]) == 50
    assert "tags: kept the first 50 of 53 keywords (the most a paper holds)" in fusion.ignored
    assert fusion.meta["date"] == "2007-08" and fusion.meta["doi"] == "10.1109/IEMBS.2007.4353164"


def test_acm_html_entities_accent_macros_and_an_invisible_character():
    felt, eliciting, cards, body = drafts("acm-dl-chi23.bib")
    assert felt.meta["authors"][2] == "Claudia Núñez-Pacheco" and felt.meta["authors"][5] == "Kristina Höök"
    assert eliciting.meta["title"] == ("Eliciting Security & Privacy-Informed Sharing Techniques for Multi-User "
                                       "Augmented Reality")
    assert cards.meta["authors"][3] == "Juana Catalina Becerra Sandoval"  # U+202A removed
    assert "invisible formatting characters in author names (removed)" in cards.ignored
    assert body.meta["title"].endswith("Electromyography in Virtual Reality")  # `&nbsp;`
    assert body.meta["authors"][1] == "Tim Wißmann"


def test_arxiv2bibtex_bom_comment_lines_and_each_papers_spelling():
    monorace, imu = drafts("arxiv2bibtex-tudelft-mavlab.bib")
    assert monorace.meta["arxiv"] == "2601.15222" and imu.meta["arxiv"] == "2507.11302"
    assert monorace.meta["authors"][-1] == "Guido C. H. E. de Croon"
    assert imu.meta["authors"][-1] == "Guido C. H. E. De Croon"


def test_zotero_ris_dates_and_arxiv_only_in_l1():
    graphene, plasmons = drafts("zotero-ris-eucap2019.ris")
    assert graphene.meta["arxiv"] == "1704.00371" and graphene.meta.get("venue") is None  # T2 arXiv:…
    assert plasmons.meta["arxiv"] == "1203.4308"  # only `L1  - https://arxiv.org/pdf/1203.4308`
    assert plasmons.meta["doi"] == "10.1103/PhysRevB.85.125431" and plasmons.meta["date"] == "2012-03-26"
    biosensor, deepfake = drafts("zotero-ris-scopus-slr.ris")
    assert biosensor.meta["date"] == "2025" and biosensor.meta["venue"] == "Plasmonics"  # DA  - 2025///
    assert deepfake.meta["doi"] == "10.1016/j.heliyon.2024.e25757"


def test_better_csl_json_particles_and_arxiv_container():
    arroyo, blokland = drafts("zotero-better-csl-json-j1c.json")
    assert arroyo.meta["arxiv"] == "1906.10026" and arroyo.meta.get("venue") is None
    assert blokland.meta["authors"][1] == "Greig I. de Zubicaray"  # dropping-particle
    assert blokland.meta["venue"] == "Twin Research and Human Genetics"


def test_csl_json_chinese_japanese_and_rich_text():
    poetry, computing, peebles, eucalyptus, holography, patent = drafts("csl-json-cjk-gbt7714.json")
    assert poetry.meta["title"] == "全唐五代诗格汇考" and poetry.meta["authors"] == ["张伯伟"]
    assert computing.meta["date"] == "2019-08"
    assert peebles.meta["authors"] == ["Peyton Z. Peebles, Jr."]
    assert eucalyptus.meta["title"] == "The genome of Eucalyptus grandis"  # <i>…</i>
    assert "<span" not in holography.meta["venue"] and holography.meta["venue"].startswith(
        "Symposium on Applications of Holography in Mechanics, August 23-25, 1971, University of Southern California")
    assert patent.meta["title"] == "光コヒーレンス断層拡張現実に基づく手術顕微鏡撮像システム及び方法"
    assert all(isinstance(item, PaperDraft) for item in (poetry, computing, peebles, eucalyptus, holography, patent))


# --- whole imports -----------------------------------------------------------------------------------

def test_every_sample_imports_whole(tmp_path):
    root = empty_collection(tmp_path / "c")
    for path in sorted(ROUND3.glob("*.*")):
        report = import_file(root, path, ["imported"])
        assert report.skipped == [] or all("already in the collection" in item.reason for item in report.skipped), \
            [item.reason for item in report.skipped]
    papers = papers_of(root)
    # 39 entries; one is a work already imported: ACL's Shannon part 1 fills BibDesk's with its DOI
    assert len(papers) == 38


def test_same_work_merges_only_on_doi_arxiv_or_title_year_and_first_author(tmp_path):
    root = empty_collection(tmp_path / "c")
    output = run_import(root, "paperpile-hkarl.bib", "nlp-dissertation-acl-anthology-mixed.bib",
                        "bibdesk-contextlab-cdl.bib", "ieee-xplore-sysreview.bib")
    titles = [paper.meta.title.casefold() for paper in papers_of(root).values()]
    # Shannon 1948, parts 1 and 2: one title, different DOIs: two papers; BibDesk's part 1 (no DOI) joins one
    assert titles.count("a mathematical theory of communication") == 2
    assert re.search(r"bibdesk-contextlab-cdl.bib: entry 1 \(key Shan48\), line 1: unchanged: already in the collection as "
                     r"papers/a-mathematical-theory-of-communication(-2)?\.md \(same title, year and first author\)", output)
    # IEEE: the same title in 2014 and 2015, two DOIs: two papers
    assert titles.count("composite activity recognition in smart homes using markov logic network") == 2


@pytest.mark.parametrize(("title", "other", "unrelated"), [
    # EG-ICE 2020: two papers that Zotero gave their proceedings' DOI (tests/fixtures/sources/csl-yaml)
    ("A BIM-based approach towards additive manufacturing of concrete structures",
     "Formal analysis and validation of Levels of Geometry (LOG) in building information models", True),
    ("Attention Is All You Need", "Attention is all you need", False),  # one work, two spellings
    ("BERT", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", False),  # subtitle
    ("Semantic web based rule checking of BIM models", "Semantic web based rule checking of real-world BIM models",
     False),  # most words shared
    ("A title", None, False)])
def test_titles_of_different_works_are_told_apart(title, other, unrelated):
    from papershelf.model.identity import unrelated_titles

    assert unrelated_titles(title, other) is unrelated


def test_a_title_match_with_other_pages_is_another_work(tmp_path):
    """BibDesk's Shannon has no DOI but pages 379--423 (part 1): Paperpile's part 2 (623--656) does not fill it;
    the ACL entry of part 1 does, with its DOI."""
    root = empty_collection(tmp_path / "c")
    output = run_import(root, "bibdesk-contextlab-cdl.bib", "paperpile-hkarl.bib", "nlp-dissertation-acl-anthology-mixed.bib")
    assert ("filled doi of papers/a-mathematical-theory-of-communication.md from nlp-dissertation-acl-anthology-mixed.bib: "
            "entry 4 (key shannon1948mathematical), line 34 (same title, year and first author)") in output
    shannon = {paper.meta.doi: paper.meta.citation.pages for paper in papers_of(root).values()
               if paper.meta.title.casefold() == "a mathematical theory of communication"}
    assert shannon == {"10.1002/j.1538-7305.1948.tb01338.x": "379–423", "10.1002/j.1538-7305.1948.tb00917.x": "623–656"}


def test_import_messages_name_both_entries_and_every_notice(tmp_path):
    root = empty_collection(tmp_path / "c")
    output = run_import(root, "paperpile-hkarl.bib", "acm-dl-chi23.bib")
    assert ("paperpile-hkarl.bib: entry 4 (key Yan2020-cc), line 76: ignored fields: file, issn, key 'Yan2020-cc' "
            "(also the key of entry 3, line 31: imported as a paper of its own, without the key)") in output
    assert "invisible formatting characters in author names (removed)" in output
    names = {path.name for path in (root / "papers").glob("*.md")}
    assert "responsible-inclusive-cards-an-online-card-tool-to-promote-critical-reflection.md" in names
    assert not any("amp" in name.split("-") for name in names)


def test_cjk_titles_get_readable_stable_slugs(tmp_path):
    root = empty_collection(tmp_path / "c")
    run_import(root, "csl-json-cjk-gbt7714.json")
    names = sorted(path.stem for path in (root / "papers").glob("*.md"))
    assert "quan-tang-wu-dai-shi-ge-hui-kao" in names  # 全唐五代诗格汇考
    assert not any(re.fullmatch(r"paper(-\d+)?|\d{4}", name) for name in names), names
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)


# --- exports and the round trip ---------------------------------------------------------------------

FIELDS = ("title", "authors", "author_count", "date", "venue", "doi", "arxiv", "tags")


def fields_of(paper) -> dict:
    meta = paper.meta
    values = {name: getattr(meta, name) for name in FIELDS}
    values["authors"], values["tags"] = list(meta.authors), list(meta.tags)
    # the citation's details; its key and type come back as the export gave them (test below)
    details = meta.citation.model_dump(exclude={"key", "type"}) if meta.citation else {}
    values["citation"] = {name: value for name, value in details.items() if value}
    values["abstract"] = " ".join(paper.abstract.split())
    return values


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled collection plus the CJK, IEEE (tags) and ACM samples, and its three collection exports."""
    root = tmp_path_factory.mktemp("round-trip") / "c"
    (root / "papers").mkdir(parents=True)
    (root / "topics.yml").write_text((REPO / "topics.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for path in (REPO / "papers").glob("*.md"):
        (root / "papers" / path.name).write_bytes(path.read_bytes())
    for sample in ("csl-json-cjk-gbt7714.json", "ieee-xplore-sysreview.bib", "acm-dl-chi23.bib"):
        import_file(root, ROUND3 / sample, ["mechanistic-interpretability"])
    collection, _ = check_collection(root)
    site = root / "site"
    write_exports(collection, site)
    return root, collection, site


@pytest.mark.parametrize("name", ["papers.bib", "papers.csl.json", "papers.ris", "papers.json"])
def test_each_export_round_trips_every_paper_and_field(exported, tmp_path, name):
    root, collection, site = exported
    target = tmp_path / "empty"
    (target / "papers").mkdir(parents=True)
    (target / "topics.yml").write_text((root / "topics.yml").read_text(encoding="utf-8"), encoding="utf-8")
    report = import_file(target, site / name, ["mechanistic-interpretability"])
    assert report.skipped == [] and len(report.created) == len(collection.papers)
    copies, _ = check_collection(target)
    by_title = {(paper.meta.title, paper.meta.date): paper for paper in copies.papers}
    keys = collection_keys(collection)
    for paper in collection.papers:
        copy = by_title[paper.meta.title, paper.meta.date]
        if name in ("papers.bib", "papers.json"):
            assert fields_of(copy) == fields_of(paper), paper.path
        else:  # CSL-JSON and RIS have no way to say how many authors "others" stands for
            assert fields_of(copy) | {"author_count": 0} == fields_of(paper) | {"author_count": 0}, paper.path
        if name == "papers.json":  # papershelf's own export: what the paper file holds, notes and links too
            assert (copy.notes, dict(copy.meta.links), copy.meta.upvotes, copy.meta.more_authors) == \
                (paper.notes, dict(paper.meta.links), paper.meta.upvotes, paper.meta.more_authors), paper.path
            assert copy.abstract == paper.abstract and copy.meta.topics == paper.meta.topics, paper.path
        # a \cite{…} of the site's export still works; RIS reads an ID of digits as EndNote's record number
        if not (name == "papers.ris" and keys[paper.slug].isdigit()):
            assert copy.meta.citation.key == keys[paper.slug], paper.path
    assert any(re.search(r"[\u4e00-\u9fff]", paper.meta.title) for paper in collection.papers)
    assert any(paper.meta.citation and paper.meta.citation.url for paper in collection.papers)


def test_exports_are_utf8_and_put_the_venue_in_the_field_of_the_entry_type(exported):
    _, collection, site = exported
    text = (site / "papers.bib").read_text(encoding="utf-8")
    assert "全唐五代诗格汇考" in text and "张伯伟" in text and "\\bfseries" not in text and "{?}" not in text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == len(collection.papers)
    for entry in library.entries:
        assert entry.entry_type in ("article",) or "journal" not in entry.fields_dict, entry.key
    book = next(entry for entry in library.entries if "全唐五代诗格汇考" in entry["title"])
    assert book.entry_type == "book" and book["publisher"] == "江苏古籍出版社"
    items = json.loads((site / "papers.csl.json").read_text(encoding="utf-8"))
    assert {"literal": "张伯伟"} in next(item for item in items if item["title"] == "全唐五代诗格汇考")["author"]
    records = rispy.loads((site / "papers.ris").read_text(encoding="utf-8"))
    assert len(records) == len(items) == len(collection.papers)


def test_bibtex_carries_abstract_keywords_full_date_doi_arxiv_and_urls(exported):
    _, collection, site = exported
    def entry_of(paper):
        return bibtexparser.parse_string((site / "papers" / f"{paper.slug}.bib").read_text(encoding="utf-8")).entries[0]

    paper = next(p for p in collection.papers if p.meta.arxiv and len(p.meta.date) == 10 and p.abstract)
    entry = entry_of(paper)
    assert entry["date"] == paper.meta.date and entry["year"] == paper.meta.date[:4]
    assert entry["eprint"] == paper.meta.arxiv and entry["archivePrefix"] == "arXiv"
    assert entry["url"] == f"https://arxiv.org/abs/{paper.meta.arxiv}" and entry["abstract"]
    tagged = next(p for p in collection.papers if len(p.meta.tags) == 50)  # the IEEE paper of 53 keywords
    assert entry_of(tagged)["keywords"].split(", ") == tagged.meta.tags
    assert entry_of(tagged)["doi"] == tagged.meta.doi == "10.1109/IEMBS.2007.4353164"


def test_each_paper_keeps_its_own_spelling_of_a_shared_author(tmp_path):
    root = empty_collection(tmp_path / "c")
    run_import(root, "arxiv2bibtex-tudelft-mavlab.bib")
    collection, _ = check_collection(root)
    site = tmp_path / "site"
    write_exports(collection, site)
    for paper in collection.papers:
        entry = bibtexparser.parse_string((site / "papers" / f"{paper.slug}.bib").read_text(encoding="utf-8"))
        assert entry.entries[0]["author"].endswith(paper.meta.authors[-1])
    spellings = {paper.meta.authors[-1] for paper in collection.papers}
    assert spellings == {"Guido C. H. E. de Croon", "Guido C. H. E. De Croon"}


def test_the_list_page_links_the_three_exports(bundled_site):
    page = (bundled_site / "papers" / "index.html").read_text(encoding="utf-8")
    for name in ("papers.bib", "papers.csl.json", "papers.ris"):
        assert re.search(rf'href="[./]*{re.escape(name)}"', page), name
        assert (bundled_site / name).is_file()
    assert json.loads((bundled_site / "papers.csl.json").read_text(encoding="utf-8"))


# --- validation ------------------------------------------------------------------------------------

def paper_file(title_line: str, extra: str = "") -> str:
    return (f"---\n{title_line}\nauthors:\n  - Ann Lee\ndate: 2024-01-15\ntopics:\n  - imported\n{extra}---\n\n"
            "An abstract.\n")


def validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    return result.exit_code, result.output


def test_a_hash_read_as_a_comment_in_a_value_is_an_error_with_the_fix(tmp_path):
    root = empty_collection(tmp_path / "c")
    (root / "papers" / "why.md").write_text(paper_file("title: Why #1 Ranked Models Fail"), encoding="utf-8")
    code, output = validate(root)
    assert code == 1
    assert ("papers/why.md:2: title: YAML reads 'Why' and drops '#1 Ranked Models Fail' as a comment (a '#' after "
            "a space starts one) (quote the value: \"Why #1 Ranked Models Fail\"; a comment meant as one needs two spaces before \"# \")") in output
    (root / "papers" / "why.md").write_text(paper_file('title: "Why #1 Ranked Models Fail"'), encoding="utf-8")
    assert validate(root)[0] == 0
    (root / "papers" / "why.md").write_text(paper_file("title: C# and F#, not comments"), encoding="utf-8")
    assert validate(root)[0] == 0  # a '#' not after a space is text
    (root / "papers" / "why.md").write_text(paper_file("title: Heavy fermions   # a comment, set off as one"),
                                            encoding="utf-8")
    assert validate(root)[0] == 0


@pytest.mark.parametrize("extra, shown", [
    ("doi: 10.1007/978-0-387-74759-0\\_665\n", "'10.1007/978-0-387-74759-0_665'"),
    ("links:\n  paper: https://en.wikipedia.org/wiki/nobel{\\_}prizes\n", "'https://en.wikipedia.org/wiki/nobel_prizes'"),
])
def test_validate_flags_latex_left_in_a_doi_or_url(tmp_path, extra, shown):
    root = empty_collection(tmp_path / "c")
    (root / "papers" / "x.md").write_text(paper_file("title: X", extra), encoding="utf-8")
    code, output = validate(root)
    assert code == 1 and "LaTeX markup that is not part of an identifier or link: write it as it is, " + shown in output


# --- slugs in every script ---------------------------------------------------------------------------

def ascii_only_slug(text: str, max_length: int = 80) -> str:
    """The slug rule before transliteration: accents decomposed, every other non-ASCII letter dropped."""
    import unicodedata
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    slug = ""
    for word in words:
        if len(f"{slug}-{word}" if slug else word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or (words[0][:max_length] if words else "")


def test_existing_slugs_of_the_bundled_collection_do_not_change():
    from papershelf.model.identity import slugify
    collection, _ = check_collection(REPO)
    texts = [paper.slug for paper in collection.papers] + [paper.meta.title for paper in collection.papers]
    names = [name for paper in collection.papers for name in paper.meta.authors]
    assert len(names) > 200
    for text in texts + names:
        assert slugify(text) == ascii_only_slug(text), text
    for term in collection.taxonomies["authors"].terms.values():  # the author pages' URLs
        assert term.slug == ascii_only_slug(term.name) or re.fullmatch(re.escape(ascii_only_slug(term.name)) + r"-\d+",
                                                                      term.slug), term.name


@pytest.mark.parametrize("text, slug", [
    ("李飞飞", "li-fei-fei"), ("Øyvind Søren", "oyvind-soren"), ("Łukasz", "lukasz"), ("Straße", "strasse"),
    ("Ångström café", "angstrom-cafe"), ("Щукин", "shchukin"), ("全唐五代诗格汇考", "quan-tang-wu-dai-shi-ge-hui-kao"),
    ("2×2 matrices", "22-matrices"),  # symbols are dropped as before
])
def test_slugs_transliterate_every_script(text, slug):
    from papershelf.model.identity import slugify
    assert slugify(text) == slug


def test_a_tag_holding_a_comma_comes_back_as_one_tag(tmp_path):
    root = empty_collection(tmp_path / "c")
    (root / "papers" / "cnn.md").write_text(paper_file(
        "title: Deepfake detection", "tags:\n  - Convolutional neural networks (2D CNN,3D CNN)\n  - R&D; field notes\n"),
        encoding="utf-8")
    collection, _ = check_collection(root)
    write_exports(collection, tmp_path / "site")
    text = (tmp_path / "site" / "papers.bib").read_text(encoding="utf-8")
    assert "keywords = {{Convolutional neural networks (2D CNN,3D CNN)}, {R\\&D; field notes}}" in text
    again = empty_collection(tmp_path / "again")
    import_file(again, tmp_path / "site" / "papers.bib", ["imported"])
    [copy] = papers_of(again).values()
    assert copy.meta.tags == ["Convolutional neural networks (2D CNN,3D CNN)", "R&D; field notes"]
