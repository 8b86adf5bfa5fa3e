"""Real exporter output, read field by field: al-folio, DBLP, biblatex, Zotero, Better BibTeX, Google Scholar,
CSL-JSON (Zotero, Crossref) and RIS. The samples and where they come from: fixtures/sources/README.md."""

import json
from pathlib import Path

import pytest

from papershelf.model.problems import UsageError
from papershelf.sources import PaperDraft, Skipped
from papershelf.sources.detect import CSL_JSON, RIS, detect_format, parse_import

EXPORTS = Path(__file__).parent / "fixtures" / "sources" / "exporters"


def entries(name: str) -> dict:
    """The file's items by key (BibTeX), id (CSL) or entry number (RIS)."""
    _, result = parse_import((EXPORTS / name).read_text(encoding="utf-8"), name)
    found = {}
    for item in result.items:
        origin = item.origin
        key = origin.split("(key ")[1].split(")")[0] if "(key " in origin else origin.split(",")[0]
        found[key] = item
    return found


def test_al_folio_example_file():
    papers = entries("alfolio-example-papers.bib")
    epr = papers["PhysRev.47.777"]
    assert epr.meta["title"] == "Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?"
    assert epr.meta["authors"] == ["A. Einstein", "B. Podolsky", "N. Rosen"]
    assert epr.meta["date"] == "1935-05"  # month={May}
    assert epr.meta["doi"] == "10.1103/PhysRev.47.777"
    assert epr.meta["venue"] == "Phys. Rev."  # "Phys. Rev.," without al-folio's trailing comma
    assert epr.meta["links"] == {"paper": "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777"}  # html=
    assert epr.meta["citation"] == {"key": "PhysRev.47.777", "type": "article", "volume": "47", "number": "10",
                                    "pages": "777–780", "publisher": "American Physical Society",  # publisher=aps
                                    "url": "http://link.aps.org/doi/10.1103/PhysRev.47.777"}
    assert epr.abstract.startswith("In a complete theory there is an element corresponding to each element of reality.")
    assert epr.ignored == ["abbr", "numpages", "altmetric", "dimensions", "selected",
                           "pdf ('example_pdf.pdf' is a file of the al-folio site's assets/pdf/, not a web address)"]
    german = papers["einstein1905molekularkinetischen"]
    assert german.meta["title"] == ("Über die von der molekularkinetischen Theorie der Wärme geforderte Bewegung von "
                                    "in ruhenden Flüssigkeiten suspendierten Teilchen")
    assert german.abstract == ""  # no abstract: still a paper
    assert papers["przibram1967letters"].meta["authors"][1] == "Erwin Schrödinger"
    assert all(isinstance(item, PaperDraft) for item in papers.values())


def test_al_folio_homepage_arxiv_and_named_link_fields():
    papers = entries("alfolio-homepage.bib")
    assert papers["xie2022nc"].meta["arxiv"] == "2210.10041"  # arxiv = {2210.10041}
    assert papers["xie2022nc"].meta["venue"] == "Findings of EMNLP"
    assert papers["xie2022nc"].ignored == ["abbr", "bibtex_show"]
    guard = papers["YWWBZ26"]
    assert guard.meta["arxiv"] == "2502.01241" and guard.meta["links"] == {"pdf": "https://openreview.net/pdf?id=4lwwnbpkos"}
    acosta = papers["Acosta2025"]
    assert acosta.meta["date"] == "2025-01"  # month = jan
    assert acosta.meta["links"] == {"video": "https://www.youtube.com/watch?v=JK16KJXJxi4",  # youtube = {JK16KJXJxi4}
                                    "paper": "https://ieeexplore.ieee.org/document/11077715"}
    assert acosta.meta["doi"] == "10.1109/TRO.2025.3587998" and acosta.meta["arxiv"] == "2501.19391"


def test_dblp_condensed_export_decodes_accents_emph_hash_and_math():
    papers = entries("dblp-condensed.bib")
    cacm = papers["DBLP:journals/cacm/LimayeST24"]
    assert cacm.meta["authors"] == ["Nutan Limaye", "Srikanth Srinivasan", "Sébastien Tavenas"]
    assert cacm.meta["venue"] == "Commun. ACM" and cacm.meta["date"] == "2024"
    assert cacm.meta["citation"] == {"key": "DBLP:journals/cacm/LimayeST24", "type": "article", "volume": "67",
                                     "number": "2", "pages": "101–108"}
    assert cacm.abstract == "" and isinstance(cacm, PaperDraft)  # DBLP has no abstracts: imported anyway
    assert papers["DBLP:journals/corr/abs-2408-03465"].meta["title"] == (
        "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?")
    assert papers["DBLP:journals/corr/abs-2408-03465"].meta["arxiv"] == "2408.03465"  # CoRR volume abs/…
    assert papers["DBLP:journals/algorithmica/BajpaiKKLS22"].meta["title"].startswith("A #SAT Algorithm")
    assert papers["DBLP:conf/stoc/LimayeS0TV19"].meta["title"] == (
        "A fixed-depth size-hierarchy theorem for AC⁰[⊕] via the coin problem")
    assert papers["DBLP:journals/siamcomp/LimayeSSTV21"].meta["title"] == (
        "A Fixed-Depth Size-Hierarchy Theorem for AC⁰[⊕] via the Coin Problem")  # math escaped as text
    assert papers["DBLP:conf/coco/FournierLM0T23"].meta["citation"]["publisher"] == (
        "Schloss Dagstuhl - Leibniz-Zentrum für Informatik")
    assert papers["DBLP:conf/coco/FournierLM0T23"].ignored == ["series"]


def test_dblp_standard_export_with_eprint_doi_and_biburl():
    paper = entries("dblp-standard.bib")["DBLP:journals/corr/abs-2205-13578"]
    assert paper.meta["authors"] == ["Christoffel Doorman", "Victor-Alexandru Darvariu", "Stephen Hailes",
                                     "Mirco Musolesi"]
    assert (paper.meta["arxiv"], paper.meta["doi"]) == ("2205.13578", "10.48550/arXiv.2205.13578")
    assert paper.meta["links"] == {}  # its url is the DOI's
    assert paper.ignored == ["timestamp", "biburl", "bibsource"]


def test_biblatex_examples_string_macros_crossref_concatenation_and_dashes():
    papers = entries("biblatex-examples-excerpt.bib")
    assert papers["aksin"].meta["venue"] == "J. Organomet. Chem."  # journaltitle = jomch
    assert papers["aksin"].meta["authors"][0] == "Özge Aksın" and papers["aksin"].meta["authors"][3] == "Bekir Çetinkaya"
    assert papers["angenendt"].meta["title"] == "In Honore Salvatoris – Vom Sinn und Unsinn der Patrozinienkunde"
    assert papers["baez/article"].meta["arxiv"] == "math/0307200"  # eprinttype = {arxiv}, old-style id, version dropped
    assert papers["herrmann"].meta["title"] == "A carbocyclic carbene as an efficient catalyst ligand for C–C coupling reactions"
    assert papers["herrmann"].meta["venue"] == "Angew. Chem. Int. Ed."
    assert papers["shore"].meta["date"] == "1991-03"  # date = {1991-03}
    assert papers["shore"].meta["title"] == "Twice-Born, Once Conceived: Meaning Construction and Cultural Cognition"
    space = papers["westfahl:space"]  # crossref = {westfahl:frontier}
    assert space.meta["venue"] == "Space and Beyond" and space.meta["date"] == "2000"
    assert space.meta["citation"]["publisher"] == "Greenwood"
    assert papers["nietzsche:ksa1"].meta["venue"] == "Deutscher Taschenbuch-Verlag and Walter de Gruyter"  # dtv # {…}
    assert papers["nietzsche:ksa1"].meta["title"].startswith("Die Geburt der Tragödie. Unzeitgemäße Betrachtungen I–IV.")
    assert papers["aristotle:anima"].meta["tags"] == ["primary"]  # keywords
    assert papers["sigfridsson"].meta["doi"] == "10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P"
    assert isinstance(papers["westfahl:frontier"], Skipped)  # a collection with editors, no authors


def test_zotero_bibtex_export():
    paper = entries("zotero.bib")["poppel_plstm_2025"]
    assert paper.meta["title"] == "pLSTM: parallelizable Linear Source Transition Mark networks"
    assert paper.meta["authors"][0] == "Korbinian Pöppel"
    assert paper.meta["date"] == "2025-06"
    assert (paper.meta["arxiv"], paper.meta["doi"]) == ("2506.11997", "10.48550/arXiv.2506.11997")
    assert paper.meta["venue"] is None  # publisher = {arXiv} is not a venue
    assert paper.meta["tags"] == ["Computer Science - Machine Learning", "Statistics - Machine Learning"]
    assert paper.meta["links"] == {}  # http://arxiv.org/abs/… is the arXiv page
    assert paper.ignored == ["shorttitle", "urldate", "note"]


def test_better_bibtex_export():
    paper = entries("better-bibtex.bib")["baird_honegumi_2025"]
    assert paper.meta["title"] == ("Honegumi: An Interface for Accelerating the Adoption of Bayesian Optimization "
                                   "in the Experimental Sciences")  # {{double braces}} gone
    assert paper.meta["arxiv"] == "2502.06815" and paper.meta["date"] == "2025-02"
    assert paper.meta["citation"]["number"] == "arXiv:2502.06815"


def test_google_scholar_export_with_arxiv_preprint_journal_and_others():
    papers = entries("google-scholar.bib")
    vla = papers["li2025simplevla"]
    assert vla.meta["arxiv"] == "2509.09674"  # journal={arXiv preprint arXiv:2509.09674}
    assert vla.meta["venue"] is None and len(vla.meta["authors"]) == 10 and vla.notes == ""
    assert vla.meta["more_authors"] is True and vla.meta["author_count"] is None
    assert vla.ignored == ["author 'others' (not a name: more_authors: true says the paper has more authors, not "
                           "recorded)"]
    assert papers["akyon2022sahi"].meta["arxiv"] == "2202.06934"


def test_zotero_csl_json():
    paper = entries("zotero-csl.json")["item 1 (http://zotero.org/users/6482136/items/H8KQMTYV)"]
    source = json.loads((EXPORTS / "zotero-csl.json").read_text(encoding="utf-8"))[0]
    assert paper.meta["title"] == source["title"]
    assert paper.meta["authors"] == ["Maurice J. Dupré", "Frank J. Tipler"]
    assert paper.meta["date"] == "2009-09-01"  # date-parts ["2009", 9, 1]: a string year
    assert paper.meta["doi"] == source["DOI"] and paper.meta["venue"] == source["container-title"]
    assert paper.meta["links"] == {"paper": source["URL"]}
    assert paper.abstract == source["abstract"]
    assert paper.meta["citation"] == {"type": "article", "volume": "4", "number": "3", "url": source["URL"]}
    assert paper.ignored == ["ISSN", "journalAbbreviation", "language", "source"]


def test_crossref_csl_json_with_a_jats_abstract():
    assert detect_format((EXPORTS / "crossref-csl.json").read_text(encoding="utf-8")) == CSL_JSON
    paper = entries("crossref-csl.json")["item 1"]
    assert paper.meta["title"] == "The Structure of Ordinary Water"
    assert paper.meta["authors"] == ["Henry S. Frank"] and paper.meta["date"] == "1970-08-14"
    assert paper.meta["venue"] == "Science" and paper.meta["doi"] == "10.1126/science.169.3946.635"
    assert paper.abstract.startswith("The train of thought pursued in this article")
    assert "jats" not in paper.abstract and paper.abstract.endswith("place in our conclusions.")
    assert paper.meta["citation"]["pages"] == "635–641"


def test_ris_export():
    assert detect_format((EXPORTS / "references.ris").read_text(encoding="utf-8")) == RIS
    papers = entries("references.ris")
    geo = papers["entry 2"]
    assert geo.meta["title"] == "‘One Island, One Team, One Mission’: Geopolitics, Sovereignty, ‘Race’ and Rendition"
    assert geo.meta["authors"] == ["James D. Sidaway"]  # A1  - Sidaway,James D.
    assert geo.meta["date"] == "2010-11-19"  # PY  - 2010/11/19/
    assert geo.meta["doi"] == "10.1080/14650040903501120"  # M3, where an old Zotero put the DOI
    assert geo.meta["venue"] == "Geopolitics" and geo.meta["tags"] == ["rendition", "sovereignty", "territory"]
    assert geo.meta["citation"] == {"type": "article", "volume": "15", "number": "4", "pages": "667–683"}
    assert geo.ignored == ["SN (issn)"]
    assert papers["entry 3"].meta["date"] == "2003"  # PY  - 2003///
    assert papers["entry 6"].abstract.startswith("This paper constellates two post-Abu-Ghraib cinematic texts")
    assert papers["entry 5"].meta["authors"] == ["Scott Shane", "Margot Williams"]
    assert isinstance(papers["entry 1"], Skipped) and papers["entry 1"].reason.startswith("no date")
    assert papers["entry 1"].origin == "entry 1, line 1"


@pytest.mark.parametrize("text", ["\n" * 200_000 + "x", " \n" * 200_000, "@" + "\n\t " * 100_000],
                         ids=["newlines", "spaces-and-newlines", "at-then-blank-lines"])
def test_format_detection_stays_linear_on_runs_of_blank_lines(text):
    import time

    started = time.perf_counter()
    with pytest.raises(UsageError):
        detect_format(text)
    # linear: well under a second on a quiet machine; a quadratic pattern takes hours on this input, so a
    # bound this loose still tells them apart on a machine shared with other builds
    assert time.perf_counter() - started < 20.0


def test_nasa_ads_journal_macros_bibcode_keys_and_ads_links():
    """ADS writes the journal as an AAS macro (`journal = {\\apj}`), keys A&A papers by bibcode and links its
    abstract page in `adsurl`."""
    papers = entries("nasa-ads.bib")
    venues = {key: item.meta["venue"] for key, item in papers.items()}
    assert venues == {"decam_ic_19": "ApJ", "ic_deepcore_16": "ApJ", "1993A&A...269...67M": "A&A",
                      "2016PhRvD..93h3003S": "Phys. Rev. D", "smbbh_tde": "MNRAS", "dai_18": "ApJ",
                      "chen_18": "Nature", "tycho": None}
    blazar = papers["1993A&A...269...67M"]
    assert blazar.meta["citation"] == {"key": "1993A&A...269...67M", "type": "article", "volume": "269",
                                       "pages": "67–76"}  # "67-76": a range, as every reader keeps it
    assert blazar.meta["arxiv"] == "astro-ph/9302006"
    assert blazar.meta["links"] == {"ads": "http://adsabs.harvard.edu/abs/1993A%26A...269...67M"}
    assert blazar.ignored == ["adsnote"]
    decam = papers["decam_ic_19"]
    assert decam.meta["authors"][:3] == ["R. Morgan", "K. Bechtol", "R. Kessler"]  # {Morgan}, R.
    assert decam.meta["authors"][18] == "F. Paz-Chinchón"  # {Paz-Chinch{\'o}n}, F.
    assert len(decam.meta["authors"]) == 68 and decam.ignored == ["eid", "primaryclass", "adsnote"]
    tycho = papers["tycho"]
    assert (tycho.meta["authors"], tycho.meta["date"], tycho.meta["citation"]["type"]) == (["Tycho Brahe"], "1573", "book")


def test_a_journal_written_as_an_unknown_command_is_reported_not_dropped():
    from papershelf.sources.bibtex import parse_bibtex

    text = (EXPORTS / "nasa-ads.bib").read_text(encoding="utf-8").replace("journal = {\\nat}", "journal = {\\natast}")
    chen = next(item for item in parse_bibtex(text).items if "chen_18" in item.origin)
    assert chen.meta["venue"] is None
    assert ("journal ('\\natast' has no text papershelf can read: a LaTeX command it does not know; write the text "
            "in its place)") in chen.ignored


def test_inspire_two_dois_and_a_quoted_url_in_braces():
    papers = entries("inspire-hep.bib")
    zhang = papers["Zhang:2017hom"]
    assert zhang.meta["doi"] == "10.1103/PhysRevD.96.063007"  # the paper's; its addendum's is reported
    assert "doi: the first of 2 kept (10.1103/PhysRevD.96.069902 left out)" in zhang.ignored
    assert zhang.meta["authors"] == ["B. Theodore Zhang", "Kohta Murase", "Foteini Oikonomou", "Zhuo Li"]
    assert zhang.meta["title"] == ("High-energy cosmic ray nuclei from tidal disruption events: Origin, survival, "
                                   "and implications")
    kankare = papers["Kankare:2019bzi"]
    assert kankare.meta["arxiv"] == "1901.11080" and kankare.meta["authors"] == ["E. Kankare"]
    assert kankare.meta["more_authors"] is True and "collaboration" in kankare.ignored
    assert papers["ic191001a"].meta["links"] == {"project": "https://gcn.gsfc.nasa.gov/gcn3/25913.gcn3"}
    assert papers["ic191001a"].meta["venue"] == "GCN Circular"


def test_litmaps_export_with_a_repeated_entry_and_family_names_with_a_bare_comma(tmp_path):
    from click.testing import CliRunner

    from papershelf.cli import cli

    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root), "--name", "Litmaps"]).exit_code == 0
    litmaps = str(EXPORTS / "litmaps.bib")
    command = ["import", litmaps, "--topic", "example-topic", "--root", str(root)]
    # the same paper twice (one key): the dry run fills the file it would write, not one on disk
    dry = CliRunner().invoke(cli, [*command, "--dry-run"])
    assert "would add 20 papers, 1 already there and unchanged, skipped 1" in dry.output, dry.output
    assert not list((root / "papers").glob("*.md"))
    result = CliRunner().invoke(cli, command)
    assert "added 20 papers, 1 already there and unchanged, skipped 1" in result.output, result.output
    # every entry's litmapsId, said once with their number, not twenty times
    assert "litmaps.bib: 20 entries: ignored fields: litmapsid" in result.output
    assert "line 3: ignored fields: litmapsid" not in result.output
    # `{, }` names nobody: skipped for it, not for a parser's error
    assert "entry 20 (key credit__2011), line 173: skipped: no authors" in result.output
    phillips = (root / "papers" / "the-unemployment-inflation-trade-off-revisited-the-phillips-curve-in-covid-times.md")
    assert "authors:\n- Richard\n- Crump\n- Stefano Eusepi\n- M. Giannoni\n" in phillips.read_text(encoding="utf-8")


def test_citavi_export_with_a_day_typed_into_the_year_field():
    text = (EXPORTS / "citavi.bib").read_text(encoding="utf-8")
    _, result = parse_import(text, "citavi.bib")
    assert len(result.drafts) == 10 and not result.skipped
    law = entries("citavi.bib")["BayerischerLandtag.23.02.2011"]
    assert law.meta["date"] == "2011-02-23"  # year = {23.02.2011}: day, month, year
    assert law.meta["authors"] == ["Bayerischer Landtag"]
    assert entries("citavi.bib")["Bauer.2023"].meta["date"] == "2023"


def test_a_citavi_project_is_named_with_how_to_export_from_citavi(tmp_path):
    import zipfile

    from click.testing import CliRunner

    from papershelf.cli import cli

    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root), "--name", "Citavi"]).exit_code == 0
    backup = Path(__file__).parent / "fixtures" / "sources" / "citavi" / "citavi-single.ctv6bak"
    with zipfile.ZipFile(backup) as archive:
        archive.extractall(tmp_path)  # the project's XML, as a user who unpacked the backup would try next
    for path in (backup, tmp_path / "citavi-single.xml"):
        result = CliRunner().invoke(cli, ["import", str(path), "--topic", "example-topic", "--root", str(root)])
        assert result.exit_code == 2 and "is a Citavi project" in result.output, result.output
        assert "File → Export → Export references…, BibTeX (or RIS)" in result.output
    assert not list((root / "papers").glob("*.md"))
