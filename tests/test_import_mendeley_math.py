"""Mendeley Desktop's escaped LaTeX (`{\\$}B{\\^{}}{\\{}0{\\}} \\backslashto …{\\$}`, `$\\backslash$textit`,
`{\\{}$\\backslash$Textbackslash{\\}}Prd`) and MathML in a title, read as the text they stand for, and papershelf's
own BibTeX export of those papers read back to the same text. The sample is a cut of a real Mendeley Desktop
export (fixtures/sources/README.md, "mendeley-math/")."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.exports import write_exports
from papershelf.exports.bibtex import bibtex_paragraphs, bibtex_text
from papershelf.model.collection import check_collection
from papershelf.sources.bibtex import parse_bibtex
from papershelf.sources.latex import latex_to_text

SAMPLE = Path(__file__).parent / "fixtures" / "sources" / "mendeley-math" / "mendeley-desktop-jollyhrothgar.bib"
TOPICS = "- id: imported\n  title: Imported\n  description: Papers of the sample.\n"

# key: (title, venue, the start of the abstract), as a reader of the paper expects them
EXPECTED = {
    "Ashman1989": ("An investigation of the spin structure of the proton in deep inelastic scattering of polarised "
                   "muons on polarised protons", "Nucl. Physics, Sect. B",
                   "The spin asymmetry in deep inelastic scattering of longitudinally polarised muons by "
                   "longitudinally polarised protons has been measured in the range 0.01<×<0.7."),
    "Adeva1998a": ("Next-to-leading order QCD analysis of the spin structure function g₁", "Phys. Rev. D", ""),
    "Ashman1988": ("A Measurement Of The Spin Asymmetry And Determination Of The Structure Function g1 In Deep "
                   "Inelastic Muon-Proton Scattering.", "Phys. Lett. B", ""),
    "ReviewEidelman2012": ("Review of Particle Physics", "Phys. Rev. D", ""),
    "Fournier2008": ("Fitting a Step Function to a Point Set Algorithms - ESA 2008", None,
                     "We consider the problem of fitting a step function to a set of points. More precisely, given an integer "
                     "k and a set P of n points in the plane, our goal is to find a step function f with k steps that "
                     "minimizes the maximum vertical distance between f and all the points in P . We first give an "
                     "optimal Θ ( n log n ) algorithm"),  # Mendeley writes the abstract's Θ as `$\\Theta$`
    "ALICECollaboration2014": (
        "Measurement of prompt D-meson production in p-Pb collisions at √(s_NN) = 5.02 TeV", None,
        "The p_T-differential production cross sections of the prompt charmed mesons D⁰, D⁺, D^(*+) and Dₛ⁺ and "
        "their charge conjugate in the rapidity interval -0.96 < y_cms < 0.04 were measured in p-Pb collisions at a "
        "centre-of-mass energy √(s_NN) = 5.02 TeV with the ALICE detector at the LHC. The nuclear modification "
        "factor R_pPb,"),
    "TheBABARCollaboration2003": (
        "Observation of the Decay B⁰ → π⁰π⁰", None,
        "We present an observation of the decay B⁰ → π⁰ π⁰ based on a sample of 124 million BB̅ pairs recorded by "
        "the BABAR detector at the PEP-II asymmetric-energy B Factory at SLAC. We observe 46 ± 13 ± 3 events, where "
        "the first error is statistical and the second is systematic, corresponding to a significance of 4.2 "
        "standard deviations including systematic uncertainties. We measure the branching fraction "
        "(B⁰ → π⁰ π⁰) = (2.1 ± 0.6 ± 0.3) × 10⁻⁶, averaged over B⁰ and B̅⁰ decays."),
    "Adare2015a": (
        "Measurement of parity-violating spin asymmetries in W^± production at midrapidity in longitudinally "
        "polarized p+p collisions", None,
        "We present measurements from the PHENIX experiment of large parity-violating single spin asymmetries of "
        "high transverse momentum electrons and positrons from W^±/Z decays, produced in longitudinally polarized "
        "p+p collisions at center of mass energies of √(s)=500 and 510 GeV."),
}


def empty_collection(root: Path) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    return root


def imported(root: Path, path: Path) -> dict:
    result = CliRunner().invoke(cli, ["import", str(path), "-t", "imported", "--root", str(root)])
    assert result.exit_code == 0, result.output
    collection, problems = check_collection(root)
    assert [problem.text() for problem in problems if problem.is_error] == []
    return {paper.meta.citation.key: paper for paper in collection.papers}


def shown(paper) -> tuple:
    return paper.meta.title, paper.meta.venue, " ".join(paper.abstract.split())


def test_escaped_math_commands_mathml_and_journal_macros_read_as_their_text(tmp_path):
    papers = imported(empty_collection(tmp_path / "c"), SAMPLE)
    assert set(papers) == set(EXPECTED)
    for key, (title, venue, abstract) in EXPECTED.items():
        got_title, got_venue, got_abstract = shown(papers[key])
        assert (got_title, got_venue) == (title, venue), key
        assert got_abstract.startswith(abstract), (key, got_abstract[:400])
    # nothing of the escapes is left where a reader sees it
    for paper in papers.values():
        for text in shown(paper):
            assert not any(mark in (text or "") for mark in ("\\", "{", "}", "$", "<m", "mrow")), (paper.path, text)


def test_the_site_bibtex_of_such_papers_imports_back_unchanged(tmp_path):
    root = empty_collection(tmp_path / "c")
    papers = imported(root, SAMPLE)
    collection, _ = check_collection(root)
    write_exports(collection, tmp_path / "site")
    bib = (tmp_path / "site" / "papers.bib").read_text(encoding="utf-8")
    assert "Textbackslash" not in bib and "textbraceleft" not in bib  # the venue is a venue, not grown escapes
    assert "{Measurement of parity-violating spin asymmetries in W{\\textasciicircum}± production" in bib
    copies = imported(empty_collection(tmp_path / "again"), tmp_path / "site" / "papers.bib")
    assert {key: shown(paper) for key, paper in copies.items()} == {key: shown(paper) for key, paper in papers.items()}


@pytest.mark.parametrize("title", [
    "Prices in {\\$}5 and {\\$}10", "$\\backslash$textit{\\{}g1{\\}} and $\\backslash$rAlgorithms",
    "{\\Textbackslash}Prd", "{\\textless}math{\\textgreater}", "AC^0 and s_NN, 10^-6, W^±", "B⁰ → π⁰π⁰",
])
def test_text_that_looks_like_an_escape_comes_back_from_the_export_as_written(title):
    # papershelf's export escapes every backslash, brace and dollar: no value it writes is Mendeley's escape
    entry = f"@article{{k, title={{{bibtex_text(title)}}}, author={{Lee, Ann}}, year={{2020}}, " \
            f"abstract={{{bibtex_paragraphs(title)}}}}}"
    [draft] = parse_bibtex(entry).items
    assert (draft.meta["title"], draft.abstract) == (title, title)


@pytest.mark.parametrize("value, text", [
    ("costs {\\$}5 and {\\$}10 more", "costs $5 and $10 more"),  # a dollar that opens no math (pandoc's rule)
    ("{\\$}x {\\$} and {\\$}y{\\$}", "$x $ and y"),
    ("We parse <math> tags in <b>pages</b>", "We parse <math> tags in <b>pages</b>"),  # no MathML: as written
])
def test_dollars_and_tags_that_are_no_math_stay_text(value, text):
    assert latex_to_text(value) == text


@pytest.mark.parametrize("value", [
    "{\\$}a{\\$} " * 20_000,                      # twenty thousand math spans: one pass of the decoder
    "{\\$}a " * 40_000,                            # dollars that never close
    "$\\backslash$rX " * 20_000,                   # escaped commands
    "<math>" + "<mrow>" * 20_000 + "x" + "</mrow>" * 20_000 + "</math>",  # MathML nested deeper than anyone writes
    "<math>" + "<mi>x</mo>" * 20_000,              # a math never closed, closing tags of nothing
], ids=["math-spans", "unclosed-dollars", "commands", "deep-mathml", "broken-mathml"])
def test_hostile_escapes_are_read_in_linear_time(value):
    started = time.perf_counter()
    latex_to_text(value, keep_paragraphs=True)
    # linear: well under a second on a quiet machine; quadratic work on these 100-200 KB takes minutes, so a
    # bound this loose still tells them apart on a machine shared with other builds
    assert time.perf_counter() - started < 20.0
