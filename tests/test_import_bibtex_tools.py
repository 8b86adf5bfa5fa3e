"""BibTeX as more tools and people write it, imported through the command: Semantic Scholar's entry types,
BibSonomy's tags, entries commented out with `%`, text that looks like an entry but is not one. The samples and
where they come from: fixtures/sources/README.md (bibtex-tools/)."""

from pathlib import Path

from click.testing import CliRunner

from import_checks import collection, import_export, imported
from papershelf.cli import cli
from papershelf.exports import write_exports
from papershelf.intake.adding import import_file
from papershelf.model.collection import check_collection, load_collection
from papershelf.site.render import PageRenderer
from papershelf.sources.detect import BIBTEX, detect_format, parse_import

TOOLS = Path(__file__).parent / "fixtures" / "sources" / "bibtex-tools"
LGALKE = Path(__file__).parent / "fixtures" / "sources" / "alfolio-lgalke"
TOPICS = "- id: reading\n  title: Reading\n"


def elsewhere(tmp_path: Path) -> Path:
    """A collection in a folder of its own under `tmp_path` (the import file sits beside it)."""
    (tmp_path / "c").mkdir()
    return collection(tmp_path / "c", TOPICS)


def test_semantic_scholar_entry_types_are_read_as_bibtex_types(tmp_path):
    export = TOOLS / "semantic-scholar.bib"
    assert detect_format(export.read_text(encoding="utf-8")) == BIBTEX
    papers = imported(export, collection(tmp_path, TOPICS), "reading", "added 3 papers, skipped 0")
    amber = papers["Routine Microsecond Molecular Dynamics Simulations with AMBER on GPUs. 2. Explicit Solvent "
                   "Particle Mesh Ewald."]
    assert amber["citation"]["type"] == "article"  # @['JournalArticle']
    assert amber["venue"] == "Journal of chemical theory and computation"
    review = papers["Comparison and assessment of zeolite catalysts performance dimethyl ether and light olefins "
                    "production through methanol: a review"]
    assert review["citation"] == {"key": "Kianfar2019ComparisonAA", "type": "article", "volume": "39",
                                  "pages": "157–177"}  # @['Review']
    graph = papers["Construction of the Literature Graph in Semantic Scholar"]
    assert graph["citation"]["type"] == "inproceedings"  # @['JournalArticle', 'Conference'], booktitle NAACL
    assert len(graph["authors"]) == 23 and graph["date"] == "2018"


def test_a_key_papershelf_cannot_keep_is_reported(tmp_path):
    result, _ = import_export(TOOLS / "semantic-scholar.bib", collection(tmp_path, TOPICS), "reading")
    assert ("semantic-scholar.bib: entry 1 (key Salomón-Ferrer2013RoutineMM), line 1: ignored fields: key "
            "('Salomón-Ferrer2013RoutineMM' not kept: a key papershelf keeps is ASCII letters") in result.output


def test_semantic_scholar_none_type_is_misc():
    _, result = parse_import((TOOLS / "semantic-scholar-none.bib").read_text(encoding="utf-8"), "s2.bib")
    [draft] = result.drafts
    assert draft.meta["citation"]["type"] == "misc" and draft.meta["venue"] == "Reviews in Inorganic Chemistry"


def test_semantic_scholar_entries_among_others_are_all_read(tmp_path):
    mixed = tmp_path / "mixed.bib"
    mixed.write_text((TOOLS / "bibsonomy.bib").read_text(encoding="utf-8") + "\n\n"
                     + (TOOLS / "semantic-scholar.bib").read_text(encoding="utf-8"), encoding="utf-8")
    root = elsewhere(tmp_path)
    imported(mixed, root, "reading", "mixed.bib (BibTeX): added 7 papers, skipped 0")


def test_a_line_that_starts_like_an_entry_but_is_not_one_is_reported(tmp_path):
    """bibtexparser keeps text it cannot take for an entry as a comment: an entry there is reported, not lost."""
    text = (TOOLS / "semantic-scholar.bib").read_text(encoding="utf-8").replace("@['Review']", "@Review-Article")
    export = tmp_path / "odd.bib"
    export.write_text(text, encoding="utf-8")
    result, papers = import_export(export, elsewhere(tmp_path), "reading")
    assert result.exit_code == 1 and len(papers) == 2
    assert ("odd.bib: line 13: skipped: not read as an entry: '@Review-Article{Kianfar2019ComparisonAA,' does not "
            "start one papershelf reads (@type{key, …}, the type a word, on one line)") in result.output
    assert "added 2 papers, skipped 1" in result.output


def test_an_entry_commented_out_with_percent_is_a_comment(tmp_path):
    """Paperpile's thesis bibliography: the old entry commented out line by line above its replacement, under the
    same key. It is not an entry that failed (BibTeX itself would stop at its `%`; biber and JabRef read the lines
    as comments, as their author meant), and the key is the replacement's."""
    root = collection(tmp_path, TOPICS)
    result = CliRunner().invoke(cli, ["import", str(TOOLS / "paperpile-commented-entry.bib"), "--root", str(root),
                                      "--topic", "reading"])
    assert result.exit_code == 0, result.output
    assert ("paperpile-commented-entry.bib: line 1: '%@misc{R_Core_Team2019-kt,' is commented out with %: not "
            "imported") in result.output
    assert "added 1 paper, skipped 0" in result.output
    [paper] = (root / "papers").glob("*.md")
    text = paper.read_text(encoding="utf-8")
    assert "title: 'R: A Language and Environment for Statistical Computing'" in text
    assert "key: R_Core_Team2019-kt" in text and "type: manual" in text


def test_bibsonomy_tags_are_split_at_spaces(tmp_path):
    papers = imported(TOOLS / "bibsonomy.bib", collection(tmp_path, TOPICS), "reading", "added 4 papers, skipped 0")
    # keywords = {dqn q-learning reinforcement_learning}: BibSonomy's tags, `_` standing for a space
    assert papers["Deep Reinforcement Learning with Double Q-learning"]["tags"] == [
        "dqn", "q-learning", "reinforcement learning"]
    assert papers["Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms"]["tags"] == [
        "Fashion-MNIST", "Image Classification Benchmark"]
    assert papers["Maximization by Quadratic Hill-Climbing"]["tags"] == ["imported"]


def test_bibsonomy_tags_name_topics_as_their_words(tmp_path):
    root = collection(tmp_path, "- id: rl\n  title: Reinforcement learning\n")
    result = CliRunner().invoke(cli, ["import", str(TOOLS / "bibsonomy.bib"), "--root", str(root)])
    assert "created papers/deep-reinforcement-learning-with-double-q-learning.md" in result.output
    assert "added 1 paper, skipped 3" in result.output


def test_a_keyword_too_long_for_a_tag_is_reported(tmp_path):
    result, papers = import_export(TOOLS / "bibsonomy.bib", collection(tmp_path, TOPICS), "reading")
    assert papers["Conditional generative adversarial nets"]["tags"] == ["cGAN", "final", "gan"]
    assert ("bibsonomy.bib: entry 3 (key mirza2014conditional), line 61: ignored fields: added-at, biburl, "
            "description, interhash, intrahash, timestamp, keyword 'thema:conditional wasserstein gan-based "
            "oversampling of tabu…' (92 characters: a tag holds at most 60; not a tag)") in result.output


def test_a_keyword_too_long_for_a_tag_is_reported_whatever_the_format(tmp_path):
    """PsycINFO's RefWorks export runs a record's subject headings together into one keyword of 213 characters."""
    psycinfo = TOOLS.parent / "refworks" / "psycinfo.txt"
    result, _ = import_export(psycinfo, collection(tmp_path, TOPICS), "reading")
    assert ("keyword 'Case Management Asthma -- Therapy -- In Infancy and Childhoo…' (213 characters: a tag holds at "
            "most 60; not a tag)") in result.output


CODONWIZARD = ("“CodonWizard” - An intuitive software tool with graphical user interface for customizable codon "
               "optimization in protein expression efforts")


def test_latex_quotes_become_curly_quotes(tmp_path):
    """Paperpile's `{{``{CodonWizard}'' - …}}`, an al-folio title's ``Online'', its abstract's `graph{\\rq}s`."""
    papers = imported(TOOLS / "paperpile-codonwizard.bib", collection(tmp_path, TOPICS), "reading")
    assert list(papers) == [CODONWIZARD]
    drafts = {draft.meta["citation"]["key"]: draft for draft in
              parse_import((LGALKE / "_bibliography" / "papers.bib").read_text(encoding="utf-8"))[1].drafts}
    online = drafts["galke2019graph"]
    assert online.meta["title"] == ("Can Graph Neural Networks Go “Online”? An Analysis of Pretraining and "
                                    "Inference")
    assert "especially, when all the graph’s nodes and edges are available" in online.abstract


def test_a_title_in_latex_quotes_round_trips_through_the_bibtex_export(tmp_path):
    root = collection(tmp_path, TOPICS)
    import_file(root, TOOLS / "paperpile-codonwizard.bib", ["reading"])
    papers, _ = check_collection(root)
    write_exports(papers, tmp_path / "site")
    exported = (tmp_path / "site" / "papers.bib").read_text(encoding="utf-8")
    assert "{“CodonWizard” - An intuitive" in exported and "textasciigrave" not in exported
    again = elsewhere(tmp_path)
    report = import_file(again, tmp_path / "site" / "papers.bib", ["reading"])
    assert report.skipped == [] and len(report.created) == 1
    copies, _ = check_collection(again)
    assert [paper.meta.title for paper in copies.papers] == [CODONWIZARD]


def in_site(tmp_path: Path, url: str, baseurl: str) -> Path:
    """A copy of the al-folio repository's `_config.yml` and `_bibliography/`, its `url` and `baseurl` set as the
    report advises; the bibliography's path."""
    site = tmp_path / "site"
    (site / "_bibliography").mkdir(parents=True)
    config = (LGALKE / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("url: #", f"url: {url} #", 1).replace("baseurl: #", f"baseurl: {baseurl} #", 1)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    bib = site / "_bibliography" / "papers.bib"
    bib.write_bytes((LGALKE / "_bibliography" / "papers.bib").read_bytes())
    return bib


def test_al_folio_files_are_linked_at_the_site_its_config_names(tmp_path):
    bib = in_site(tmp_path, "https://lgalke.github.io", "/al-folio/")
    result, papers = import_export(bib, elsewhere(tmp_path), "reading")
    assert result.exit_code == 0 and "ignored fields: pdf" not in result.output
    assert ("papers.bib: al-folio site: the files its entries name (pdf, supp, poster, slides) are linked at "
            "https://lgalke.github.io/al-folio/assets/pdf/ (url and baseurl of its _config.yml)") in result.output
    online = papers["Can Graph Neural Networks Go “Online”? An Analysis of Pretraining and Inference"]
    assert online["links"] == {
        "pdf": "https://lgalke.github.io/al-folio/assets/pdf/2019-RLGM-online-graph-neural-nets.pdf",
        "code": "https://github.com/lgalke/gnn-pretraining-evaluation",
        "poster": "https://lgalke.github.io/al-folio/assets/pdf/2019-RLGM-online-graph-neural-nets.poster.pdf"}
    encoded = papers["What If We Encoded Words as Matrices and Used Matrix Multiplication as Composition Function?"]
    assert encoded["links"]["slides"] == ("https://lgalke.github.io/al-folio/assets/pdf/"
                                          "2019-INFORMATIK-word2mat-ext-abs.slides.pdf")


def test_al_folio_files_at_the_root_of_a_site(tmp_path):
    bib = in_site(tmp_path, "https://lgalke.github.io/", "")
    _, papers = import_export(bib, elsewhere(tmp_path), "reading")
    cbow = papers["CBOW Is Not All You Need: Combining CBOW with the Compositional Matrix Space Model"]
    assert cbow["links"]["pdf"] == "https://lgalke.github.io/assets/pdf/2019-ICLR-word2mat.pdf"


def test_al_folio_files_without_the_sites_address_are_reported_with_what_to_do(tmp_path):
    """The repository as it is: its _config.yml leaves `url` empty, as the theme ships it."""
    result, papers = import_export(LGALKE / "_bibliography" / "papers.bib", elsewhere(tmp_path), "reading")
    assert result.exit_code == 0 and len(papers) == 5
    assert ("papers.bib: al-folio site: its _config.yml gives no url, so the files its entries name (pdf, supp, "
            "poster, slides: assets/pdf/…) are not linked; set url (and baseurl) there and import again to link "
            "them") in result.output
    assert ("papers.bib: entry 3 (key mai2019cbow), line 27: ignored fields: pdf ('2019-ICLR-word2mat.pdf' is a file "
            "of the al-folio site's assets/pdf/, not a web address)") in result.output


def test_al_folio_files_of_a_bib_outside_its_site_are_reported_with_what_to_do(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_bytes((LGALKE / "_bibliography" / "papers.bib").read_bytes())
    result, _ = import_export(bib, elsewhere(tmp_path), "reading")
    assert ("papers.bib: the files al-folio entries name (pdf, supp, poster, slides: the site's assets/pdf/…) are "
            "not linked: import _bibliography/papers.bib inside the site's repository, whose _config.yml gives its "
            "url, to link them") in result.output
    assert "poster ('2019-RLGM-online-graph-neural-nets.poster.pdf' is a file of the al-folio site's" in result.output


def test_a_thesis_school_is_its_dissertation_institution_and_an_abbreviated_venue_ends_once(tmp_path):
    """The citation data and reference of papers as rendered on their pages: al-folio's @mastersthesis with its
    `school`, and Paperpile's `journal = {Protein Expr. Purif.}`."""
    root = collection(tmp_path, TOPICS)
    import_file(root, LGALKE / "_bibliography" / "papers.bib", ["reading"])
    import_file(root, TOOLS / "paperpile-codonwizard.bib", ["reading"])
    papers = load_collection(root)
    renderer = PageRenderer(papers)
    by_title = {paper.meta.title: paper for paper in papers.papers}
    thesis = renderer.paper_head(by_title["Embedded Retrieval – Word Embeddings for Practical Information Retrieval"])
    assert '<meta name="citation_dissertation_institution" content="Kiel University, Germany">' in thesis
    assert "citation_journal_title" not in thesis and '"Periodical"' not in thesis
    codonwizard = by_title[CODONWIZARD]
    head = renderer.paper_head(codonwizard)
    assert f'<meta name="citation_title" content="{CODONWIZARD}">' in head
    assert '<meta name="citation_journal_title" content="Protein Expr. Purif.">' in head
    page = renderer.paper(codonwizard, "../")
    assert ("Rehbein, P., Berz, J., Kreisel, P., &amp; Schwalbe, H. (2019). “CodonWizard” - An intuitive software "
            "tool with graphical user interface for customizable codon optimization in protein expression efforts. "
            "Protein Expr. Purif.") in page
    assert "Purif.." not in page
    question = by_title["What If We Encoded Words as Matrices and Used Matrix Multiplication as Composition Function?"]
    assert "(2019). What If We Encoded Words as Matrices and Used Matrix Multiplication as Composition Function? " \
        "INFORMATIK." in renderer.paper(question, "../")  # a title ending in "?" takes no period after it
