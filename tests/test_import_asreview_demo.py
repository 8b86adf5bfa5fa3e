"""Database exports a systematic review starts from, as ASReview keeps them for its own tests (Embase's and Ovid
PsycINFO's RIS, a CSV whose authors cell is a Python list): tests/fixtures/sources/asreview/, origins in the README
of tests/fixtures/sources/. Imported through the command; each paper checked against the file's own lines."""

from __future__ import annotations

from pathlib import Path

from import_checks import collection, import_export, validates
from papershelf.model.citation import family_name

EXPORTS = Path(__file__).parent / "fixtures" / "sources" / "asreview"
TOPIC = "- id: reading\n  title: Reading\n"


def test_embase_family_names_and_initials_and_the_journals_full_name(tmp_path):
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(EXPORTS / "embase-first4.ris", root, "reading")
    assert "embase-first4.ris (RIS): added 4 papers, skipped 0" in result.output, result.output
    # A1  - Liu R. / A1  - Adler D.G.: family name, then initials
    first = papers["Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"]
    assert first["authors"] == ["R. Liu", "D.G. Adler"]
    case = papers["A case of completely isolated advanced enteric duplication cyst cancer performed partial "
                  "pancreatectomy"]
    assert case["authors"][:3] == ["S. Nakashima", "T. Yamada", "G. Sato"]
    # JF (the full name) is the venue; JO's abbreviation is reported, not dropped unmentioned
    assert case["venue"] == "International Journal of Surgery Case Reports"
    assert "JO (journal_name) 'Int. J. Surg. Case Rep.' (another name of the venue; the venue is JF's)" in result.output
    # Embase's own tags are named as the file writes them, not as rispy's "UK (unknown_tag)"
    assert "LK, M1 (note), SN (issn), U2, U3, U4" in result.output and "unknown_tag" not in result.output
    neck = papers["Congenital Neck Masses"]
    assert neck["authors"] == ["L. Quintanilla-Dieck", "E.B. Penn"] and neck["venue"] == "Clinics in Perinatology"
    # the family name is what the citation keys and author pages are made of (not "R." nor "S.")
    assert [family_name(name) for name in case["authors"][:2]] == ["Nakashima", "Yamada"]
    assert validates(root)


def test_ovid_psycinfo_pages_placeholder_and_major_headings(tmp_path):
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(EXPORTS / "ovid_psycinfo-first2.ris", root, "reading")
    assert "ovid_psycinfo-first2.ris (RIS): added 2 papers, skipped 0" in result.output, result.output
    # SP  - No / EP  - Specified: Ovid's "No Pagination Specified", not pages
    first = papers["The influence of self-criticism on depression symptoms among ambulatory patients with "
                   "inflammatory bowel disease."]
    assert "pages" not in (first["citation"] or {})
    assert "SP/EP 'No–Specified' (not pages: left out)" in result.output
    # KW  - *Body Image: the '*' marks a major heading, it is not part of the tag
    second = papers["Gender differences in inflammatory bowel disease: Explaining body image dissatisfaction."]
    assert second["tags"] == ["Body Image", "Colon Disorders", "Human Sex Differences", "Self-Concept", "Sex Roles",
                              "Symptoms"]
    assert second["citation"]["pages"] == "847–856"
    assert "KW: the '*' that marks a major heading (PsycINFO), removed from the tags" in result.output
    assert validates(root)


def test_asreview_csv_authors_in_a_python_list_are_given_name_first(tmp_path):
    root = collection(tmp_path, TOPIC)
    result, papers = import_export(EXPORTS / "generic_labels.csv", root, "reading")
    assert "generic_labels.csv (spreadsheet CSV): added 2 papers" in result.output, result.output
    # "['Marx, Karl', 'Lindgren, Astrid']": each "Family, Given", as every reader writes it
    assert papers["Title of reference"]["authors"] == ["Karl Marx", "Astrid Lindgren"]
    assert papers["The title of the reference"]["authors"] == ["Karlus Marxus", "Astrid Lindgren"]
    assert validates(root)
