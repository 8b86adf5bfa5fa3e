"""Every command run as users run it (click's CliRunner): what it prints and what it writes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from papershelf.cli import cli
from sitebuild import REPO, build_site

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture
def collection(tmp_path) -> Path:
    root = tmp_path / "shelf"
    assert run("init", str(root), "--name", "Test shelf").exit_code == 0
    (root / "topics.yml").write_text(
        "- id: physics\n  title: Physics\n  description: Physics papers.\n"
        "- id: interpretability\n  title: Interpretability\n  description: Explaining models.\n")
    return root


def paper_files(root: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((root / "papers").glob("*.md"))}


@pytest.mark.parametrize("given", ["1605.08386", "1605.08386v1", "arXiv:1605.08386",
                                   "https://arxiv.org/abs/1605.08386v1", "https://arxiv.org/pdf/1605.08386.pdf"])
def test_add_by_id_or_url_writes_one_valid_file(collection, given):
    with recorded_arxiv_api() as api:
        result = run("add", given, "--topic", "physics", "--api-url", api.url, "--root", str(collection))
    assert result.exit_code == 0, result.output
    files = paper_files(collection)
    assert len(files) == 1
    name, text = next(iter(files.items()))
    assert result.output == f"added papers/{name}\n"
    assert 'arxiv: "1605.08386"' in text or "arxiv: '1605.08386'" in text
    assert run("validate", "--root", str(collection)).exit_code == 0


def test_add_dry_run_prints_the_file_and_writes_nothing(collection):
    with recorded_arxiv_api() as api:
        result = run("add", "1605.08386", "-t", "physics", "--dry-run", "--api-url", api.url, "--root", str(collection))
    assert result.exit_code == 0
    assert result.output.startswith("would write papers/") and "\n---\ntitle:" in result.output
    assert paper_files(collection) == {}


def test_add_offline_says_so_and_writes_nothing(collection):
    result = CliRunner().invoke(cli, ["add", "1605.08386", "-t", "physics", "--api-url", closed_port_url(),
                                      "--root", str(collection)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach arXiv at http://127.0.0.1:")
    assert "Traceback" not in result.output and paper_files(collection) == {}


def test_add_of_a_paper_already_present_leaves_it_byte_for_byte(collection):
    with recorded_arxiv_api() as api:
        run("add", "1605.08386", "-t", "physics", "--api-url", api.url, "--root", str(collection))
        before = {p: (collection / "papers" / p).read_bytes() for p in paper_files(collection)}
        again = CliRunner().invoke(cli, ["add", "1605.08386v2", "-t", "physics", "--api-url", api.url,
                                         "--root", str(collection)])
    assert again.exit_code == 1
    assert re.match(r"Error: already in the collection: papers/\S+\.md \(same arXiv id 1605.08386\)", again.output)
    assert {p: (collection / "papers" / p).read_bytes() for p in paper_files(collection)} == before


def test_add_with_an_unknown_topic_is_a_usage_error(collection):
    result = CliRunner().invoke(cli, ["add", "1605.08386", "-t", "physiks", "--root", str(collection)])
    assert result.exit_code == 2
    assert "unknown topic 'physiks': did you mean 'physics'?" in result.output


@pytest.mark.parametrize("fixture, created", [
    ("sample.bib", 5),
    ("hf/daily-papers-listing.txt", 37),
    ("hf/daily_papers-2024-10-25-first-two.json", 2),
])
def test_import_each_format_prints_what_it_created_and_skipped(collection, fixture, created):
    result = CliRunner().invoke(cli, ["import", str(FIXTURES / fixture), "-t", "interpretability",
                                      "--root", str(collection)])
    lines = result.output.splitlines()
    created_lines = [line for line in lines if line.startswith("created papers/")]
    assert len(created_lines) == created == len(paper_files(collection))
    for line in created_lines:
        assert (collection / line.removeprefix("created ")).exists()
    skipped = [line for line in lines if ": skipped: " in line]
    assert result.exit_code == (1 if skipped else 0)
    assert re.search(rf"added {created} papers?, skipped {len(skipped)}$", lines[-1])
    assert run("validate", "--root", str(collection)).exit_code == 0


def test_import_twice_finds_every_entry_unchanged_and_changes_no_byte(collection):
    source = str(FIXTURES / "hf" / "daily_papers-2024-10-25-first-two.json")
    run("import", source, "-t", "interpretability", "--root", str(collection))
    before = {name: (collection / "papers" / name).read_bytes() for name in paper_files(collection)}
    again = CliRunner().invoke(cli, ["import", source, "-t", "interpretability", "--root", str(collection)])
    assert again.exit_code == 0, again.output  # nothing was skipped: both papers are there, whole
    assert again.output.count(": unchanged: already in the collection as papers/") == 2
    assert again.output.splitlines()[-1].endswith("added 0 papers, 2 already there and unchanged, skipped 0")
    assert {name: (collection / "papers" / name).read_bytes() for name in paper_files(collection)} == before


def test_import_of_an_unknown_format_is_a_usage_error(collection, tmp_path):
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some words\n")
    result = CliRunner().invoke(cli, ["import", str(unknown), "-t", "physics", "--root", str(collection)])
    assert result.exit_code == 2 and result.output.startswith("Error: ")


def test_stats_text_and_json_on_the_bundled_collection():
    text = run("stats", "--root", str(REPO))
    assert text.exit_code == 0
    assert re.search(r"^papers +37$", text.output, re.MULTILINE)
    assert re.search(r"^authors +233$", text.output, re.MULTILINE)
    numbers = json.loads(run("stats", "--root", str(REPO), "--format", "json").output)
    assert numbers["papers"] == 37 and numbers["topics"] == 15
    assert sum(row["papers"] for row in numbers["papers_per_year"]) == 37
    assert numbers["top_authors"][0]["papers"] >= numbers["top_authors"][-1]["papers"]


def test_init_creates_a_collection_that_builds_at_once(tmp_path):
    root = tmp_path / "new"
    result = run("init", str(root), "--name", 'A "quoted" <name>')
    assert result.exit_code == 0
    assert "created" in result.output and (root / ".github" / "workflows").is_dir()
    assert (root / "topics.yml").exists() and (root / "papers").is_dir()
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert run("validate", "--root", str(root)).exit_code == 0


# The workflows `init` writes pass zizmor (pedantic) and actionlint: test_scaffold.py, on the same kit.


def test_init_keeps_what_a_folder_already_holds(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    (tmp_path / "CONTRIBUTING.md").write_text("ours")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0 and "kept" in result.output and "CONTRIBUTING.md" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine" and (tmp_path / "CONTRIBUTING.md").read_text() == "ours"


def test_schema_command_writes_the_json_schema(tmp_path):
    target = tmp_path / "paper.schema.json"
    assert run("schema", str(target)).exit_code == 0
    assert json.loads(target.read_text()) == json.loads((REPO / "schema" / "paper.schema.json").read_text())


def test_schema_help_names_where_it_writes_without_output(collection, monkeypatch):
    help_text = " ".join(run("schema", "--help").output.split())
    assert "schema/paper.schema.json" in help_text
    monkeypatch.chdir(collection)
    assert run("schema").output == "wrote schema/paper.schema.json\n"
    assert json.loads((collection / "schema" / "paper.schema.json").read_text())["type"] == "object"


@pytest.mark.parametrize("command", ["", "add", "import", "validate", "stats", "init", "build", "serve", "schema",
                                     "links", "suggest", "update"])
def test_every_command_has_help(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: papershelf")
    assert len(result.output.splitlines()) > 5


def test_serve_on_an_address_another_server_holds_says_so_before_building(tmp_path, monkeypatch):
    import socket

    monkeypatch.chdir(tmp_path)
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "-a", f"127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert f"127.0.0.1:{port} is in use (another `papershelf serve`?): stop that server, or serve elsewhere " \
           f"with -a 127.0.0.1:{port + 1}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "site").exists()


def test_a_reader_that_stops_reading_is_no_internal_error(tmp_path):
    """`papershelf validate | head -1`: the pipe closes before the command has written; it stops quietly with
    128 + SIGPIPE, as `ls | head` does, instead of reporting a bug."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "papershelf.cli", "validate", "--root", str(REPO)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the first line
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 141 and b"internal error" not in errors and b"Traceback" not in errors, errors


def test_import_takes_several_files_in_order_and_stops_at_one_it_cannot_read(collection, tmp_path):
    """`papershelf import *.bib`: each file's lines and summary in turn; the exit status counts every file's skips;
    a file that cannot be read stops the command (exit 2) after the files before it are imported whole."""
    first = tmp_path / "first.bib"
    first.write_text("@article{a, title={Measuring Widgets}, author={Lee, Ann}, year={2023}}\n", encoding="utf-8")
    second = tmp_path / "second.bib"
    second.write_text("@article{b, title={Counting Gadgets}, author={Kim, Bo}, year={2022}}\n"
                      "@article{c, title={Measuring Widgets}, author={Lee, Ann}, year={2023}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(first), str(second), "-t", "interpretability",
                                      "--root", str(collection)])
    assert result.exit_code == 0, result.output
    summaries = [line for line in result.output.splitlines() if line.startswith(("first.bib (", "second.bib ("))]
    assert summaries == ["first.bib (BibTeX): added 1 paper, skipped 0",
                         "second.bib (BibTeX): added 1 paper, 1 already there and unchanged, skipped 0"]
    unreadable = tmp_path / "notes.txt"
    unreadable.write_text("just some words\n", encoding="utf-8")
    third = tmp_path / "third.bib"
    third.write_text("@article{d, title={Weighing Gizmos}, author={Roe, Cy}, year={2021}}\n", encoding="utf-8")
    stopped = CliRunner().invoke(cli, ["import", str(third), str(unreadable), str(first), "-t", "interpretability",
                                       "--root", str(collection)])
    assert stopped.exit_code == 2 and "cannot tell what notes.txt holds" in stopped.output
    assert "third.bib (BibTeX): added 1 paper, skipped 0" in stopped.output and "first.bib (" not in stopped.output


COLLECTION_COMMANDS = [
    ["add", "2305.15775"], ["import", "library.bib"], ["enrich"], ["update"], ["validate"], ["stats"],
    ["watch"], ["suggest", "--issue-body", "library.bib"], ["add-candidates", "--github-event", "library.bib", "--output-dir", "out"],
]


@pytest.mark.parametrize("command", COLLECTION_COMMANDS, ids=[c[0] for c in COLLECTION_COMMANDS])
def test_a_collection_command_outside_a_collection_says_how_to_start_one(tmp_path, monkeypatch, command):
    """A newcomer's first command run before `init`, or in the wrong folder: a usage error naming the folder
    and `papershelf init`, nothing written (`enrich` and `update` said "0 papers" and exited 0; `import` that
    topics.yml "is missing")."""
    (tmp_path / "library.bib").write_text("@article{a, title={A Title}, author={Lee, Ann}, year={2020}}\n")
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert f"{tmp_path} is not a papershelf collection (no papers/ or topics.yml): run 'papershelf init'" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["library.bib"]
    assert run(*command, "--help").exit_code == 0


def test_stats_refuses_a_negative_top(collection):
    result = run("stats", "--top", "-1", "--root", str(collection))
    assert result.exit_code == 2 and "-1 is not in the range x>=0" in result.output


def test_commands_read_and_write_the_collection_where_mkdocs_yml_puts_it(tmp_path):
    """A copy of the bundled collection whose mkdocs.yml keeps its papers in library/ and its topics in
    taxonomy.yml (the plugin's papers_dir and topics_file): validate, stats and import see the same files the
    site is built from (they looked for papers/ and topics.yml, and said it was no collection)."""
    root = tmp_path / "shelf"
    root.mkdir()
    for name in ("papers", "topics.yml", "mkdocs.yml", "docs"):
        source = REPO / name
        shutil.copytree(source, root / name) if source.is_dir() else shutil.copy(source, root / name)
    (root / "papers").rename(root / "library")
    (root / "topics.yml").rename(root / "taxonomy.yml")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - papershelf:\n", "  - papershelf:\n      papers_dir: library\n      topics_file: taxonomy.yml\n", 1),
        encoding="utf-8")
    papers = len(list((root / "library").glob("*.md")))

    assert run("validate", "--root", str(root)).output.startswith(f"{papers} papers checked: all valid.")
    assert re.search(rf"^papers\s+{papers}$", run("stats", "--root", str(root)).output, re.MULTILINE)
    imported = run("import", str(FIXTURES / "sample.bib"), "--topic", "surveys", "--root", str(root))
    added = len(list((root / "library").glob("*.md"))) - papers
    assert f"added {added} papers" in imported.output and added > 0, imported.output  # some entries are broken
    assert not (root / "papers").exists()
    site = build_site(root, tmp_path / "site")
    assert site.returncode == 0, site.stderr
    assert len([page for page in (tmp_path / "site" / "papers").iterdir() if page.is_dir()
                and (page / "index.html").is_file() and page.name != "page"]) == papers + added


def test_a_papers_dir_that_is_not_a_name_is_a_usage_error(collection):
    config = collection / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - papershelf", "  - papershelf:\n      papers_dir: [a, b]", 1), encoding="utf-8")
    result = run("validate", "--root", str(collection))
    assert result.exit_code == 2
    assert "mkdocs.yml: the papershelf plugin's 'papers_dir' must be a folder or file name" in result.output
