"""A reference manager's own library handed to `import` by mistake (EndNote's .enl, .enlx and .Data folder, a Citavi
project, Mendeley Desktop's database): named for what it is, with how to export what papershelf reads, exit 2 and
nothing written. The EndNote files are real (tests/fixtures/sources/endnote-library/, origins in the README there)."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli

LIBRARIES = Path(__file__).parent / "fixtures" / "sources" / "endnote-library"
ENDNOTE = "is an EndNote library (EndNote's own database, not an export): in EndNote, select the references"


def shelf(tmp_path: Path) -> Path:
    root = tmp_path / "shelf"
    (root / "papers").mkdir(parents=True)
    (root / "topics.yml").write_text("- id: reading\n  title: Reading\n", encoding="utf-8")
    return root


def refused(root: Path, path: Path) -> str:
    result = CliRunner().invoke(cli, ["import", str(path), "--topic", "reading", "--root", str(root)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not list((root / "papers").iterdir())
    return result.output


@pytest.mark.parametrize("name", ["My EndNote Library.enl", "My EndNote Library-first4096.enlx"])
def test_an_endnote_library_says_to_export_xml_or_ris_from_endnote(tmp_path, name):
    output = refused(shelf(tmp_path), LIBRARIES / name)
    assert f"{name}: {ENDNOTE}" in output and "File → Export…, Save as type XML" in output
    assert "unpack it" not in output  # it is a ZIP archive, but unpacking it gives EndNote's tables, not references


def test_an_endnote_library_renamed_is_still_known_by_what_it_holds(tmp_path):
    root = shelf(tmp_path)
    for name, renamed in [("My EndNote Library.enl", "library.zip"), ("My EndNote Library-first4096.enlx", "lib")]:
        copy = tmp_path / renamed
        shutil.copyfile(LIBRARIES / name, copy)
        assert f"{renamed}: {ENDNOTE}" in refused(root, copy)


def test_an_endnote_librarys_data_folder_says_to_export_from_endnote(tmp_path):
    data = tmp_path / "My EndNote Library.Data"
    for part in ("rdb", "tdb", "PDF"):  # the folders the real library's .Data holds
        (data / part).mkdir(parents=True)
    output = refused(shelf(tmp_path), data)
    assert "My EndNote Library.Data: is the data folder of an EndNote library" in output
    assert "Hugo" not in output


@pytest.mark.parametrize(("name", "advice"), [
    ("Thesis.ctv6", "is a Citavi project: in Citavi, choose File → Export → Export references…"),
    ("someone@www.mendeley.com.sqlite", "is Mendeley Desktop's database: in Mendeley Desktop, select the documents"),
    ("zotero.sqlite", "is an SQLite database (Zotero's zotero.sqlite?)"),
])
def test_an_sqlite_library_is_named_by_its_program(tmp_path, name, advice):
    database = tmp_path / name
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")
    connection.close()
    assert f"{name}: {advice}" in refused(shelf(tmp_path), database)


def test_a_text_file_named_like_a_library_is_read_as_text(tmp_path):
    root = shelf(tmp_path)
    export = tmp_path / "references.enl"  # a BibTeX file whatever its name
    export.write_text("@article{a, title={A paper}, author={Doe, Jane}, year={2020}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(export), "--topic", "reading", "--root", str(root)])
    assert result.exit_code == 0 and "added 1 paper" in result.output, result.output
