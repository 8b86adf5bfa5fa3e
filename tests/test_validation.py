"""`papershelf validate` on bad paper files: each message names the file, the line and the field."""

from __future__ import annotations

import json
import shutil
import string
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model.schema import paper_json_schema
from sitebuild import REPO, build_site, scratch_collection

GOOD = """---
title: A Good Paper
authors:
  - Ann Lee
  - Bob Smith
date: "2024-03-05"
arxiv: "2401.10000"
topics:
  - multimodal-llms
---

An abstract.
"""


def collection_with(tmp_path: Path, text: str, name: str = "bad-paper.md") -> Path:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    (root / "papers").mkdir()
    (root / "papers" / name).write_text(text, encoding="utf-8")
    return root


def validate(root: Path, *args: str):
    return CliRunner().invoke(cli, ["validate", "--root", str(root), *args])


def variant(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


BAD_FILES = [
    # (front matter change, line, field, words in the message)
    (variant("title: A Good Paper", "ttile: A Good Paper"), 2, "ttile", "unknown field 'ttile' (did you mean 'title'?)"),
    (variant('arxiv: "2401.10000"', "arxiv: 2401.10000"), 7, "arxiv", 'quote it: arxiv: "2401.10000"'),
    (variant('arxiv: "2401.10000"', 'arxiv: "2401.1"'), 7, "arxiv", "is not an arXiv id"),
    (variant('date: "2024-03-05"', "date: 2024-02-30"), 6, "date", "'2024-02-30' is not a real date"),
    (variant('date: "2024-03-05"', "date: 2999-01-01"), 6, "date", "is in the future"),
    (variant('date: "2024-03-05"', "date: March 2024"), 6, "date", "write YYYY-MM-DD"),
    # a contributor's usual slips: the message names the value they meant
    (variant("---\n\nAn", "abstract: We show $x$.\n---\n\nAn"), 10, "abstract", "the abstract goes below the closing '---'"),
    (variant("---\n\nAn", "pdf: https://example.org/a.pdf\n---\n\nAn"), 10, "pdf", "put it under 'links:'"),
    (variant('date: "2024-03-05"', "date: March 2024"), 6, "date", 'did you mean "2024-03"?'),
    (variant('date: "2024-03-05"', "date: 2024/03/05"), 6, "date", 'did you mean "2024-03-05"?'),
    (variant('date: "2024-03-05"', "date: \u201c2024-03-05\u201d"), 6, "date",
     'did you mean "2024-03-05"? Write it with straight quotes'),
    (variant('arxiv: "2401.10000"', "arxiv: https://huggingface.co/papers/2401.10000"), 7, "arxiv",
     'did you mean "2401.10000"?'),
    (variant("  - multimodal-llms", "  - Multimodal LLMs"), 9, "topics.0", 'did you mean "multimodal-llms"?'),
    (variant('arxiv: "2401.10000"', "doi: https://doi.org/10.1234/abcd.5"), 7, "doi", 'did you mean "10.1234/abcd.5"?'),
    (variant("  - multimodal-llms", "  - multimodal-llm"), 9, "topics", "did you mean 'multimodal-llms'?"),
    (variant("  - multimodal-llms", "  - yes"), 9, "topics.0", "YAML reads yes as true/false"),
    (variant("  - Bob Smith", "  - Bob Smith et al."), 5, "authors.1", "is not a name"),
    (variant("  - Bob Smith", '  - ""'), 5, "authors.1", "is empty"),
    (variant("title: A Good Paper", "title: A Good Paper\ntitle: Again"), 3, "title", "duplicate key 'title' (first given on line 2)"),
    (variant("title: A Good Paper", "title: &t A Good Paper\nvenue: *t"), 2, "", "YAML anchor '&t' is not allowed"),
    (variant("title: A Good Paper", "title: !!python/object:os.system A"), 2, "", "YAML tag '!!python/object:os.system' is not allowed"),
    (variant("title: A Good Paper", "title: !!binary aGVsbG8="), 2, "", "YAML tag '!!binary' is not allowed"),
    (variant("---\n\nAn", "links:\n  code: javascript:alert(1)\n---\n\nAn"), 11, "links.code", "is not an http(s) URL"),
    (variant("title: A Good Paper\n", ""), 2, "title", "required field is missing"),
    (variant("authors:\n  - Ann Lee\n  - Bob Smith", "authors: [Ann Lee, [x]"), 4, "", "YAML syntax error"),
]


@pytest.mark.parametrize("text, line, field, message", BAD_FILES, ids=[b[3][:40] for b in BAD_FILES])
def test_bad_file_is_reported_with_file_line_and_field(tmp_path, text, line, field, message):
    result = validate(collection_with(tmp_path, text))
    assert result.exit_code == 1, result.output
    expected = f"papers/bad-paper.md:{line}:" + (f" {field}:" if field else "")
    matching = [row for row in result.output.splitlines() if row.startswith(expected)]
    assert matching, result.output
    assert any(message in row for row in matching), result.output


def test_all_errors_of_a_file_are_reported_in_one_run(tmp_path):
    text = variant("title: A Good Paper", "ttile: A Good Paper").replace('"2024-03-05"', "2024-02-30")
    text = text.replace('"2401.10000"', "2401.10000")
    result = validate(collection_with(tmp_path, text))
    fields = {row.split(": ")[1].rstrip(":") for row in result.output.splitlines() if row.startswith("papers/")}
    assert {"ttile", "date", "arxiv"} <= {f.split(":")[0].strip() for f in fields}, result.output


def test_a_field_name_in_capitals_is_told_once_and_not_as_missing_too(tmp_path):
    """`Title:` copied from another tool's template: one line saying to write it in lowercase, no second line
    calling the field missing."""
    text = variant("title: A Good Paper", "Title: A Good Paper").replace("date:", "Date:")
    result = validate(collection_with(tmp_path, text))
    rows = [row for row in result.output.splitlines() if row.startswith("papers/")]
    assert "papers/bad-paper.md:2: Title: unknown field 'Title' (field names are lowercase: write 'title:')" in rows
    assert any("unknown field 'Date' (field names are lowercase: write 'date:')" in row for row in rows)
    assert len(rows) == 2 and not any("missing" in row for row in rows), result.output


def test_file_over_64_kb_is_refused_before_parsing(tmp_path):
    result = validate(collection_with(tmp_path, GOOD + "x" * 70_000))
    assert result.exit_code == 1
    assert "papers/bad-paper.md: is 70,1" in result.output and "the limit is 65,536" in result.output


@pytest.mark.parametrize("name, message", [
    ("Bad Name.md", "is not a slug"), ("UPPER.md", "is not a slug"), ("x" * 81 + ".md", "at most 80"),
    ("index.md", "reserved"), ("notes.txt", "is not a .md file"),
])
def test_file_names_must_be_slugs(tmp_path, name, message):
    result = validate(collection_with(tmp_path, GOOD, name))
    assert result.exit_code == 1
    assert message in result.output


def test_duplicates_are_found_by_arxiv_id_doi_and_title(tmp_path):
    root = collection_with(tmp_path, GOOD, "first.md")
    (root / "papers" / "second.md").write_text(GOOD.replace("A Good Paper", "A GOOD paper!"))
    (root / "papers" / "third.md").write_text(GOOD.replace("A Good Paper", "Other").replace("2401.10000", "2401.10000v3"))
    result = validate(root)
    assert "papers/second.md:2: title: duplicate of papers/first.md" in result.output
    assert "papers/third.md:7: arxiv: duplicate of papers/first.md" in result.output


def test_body_with_raw_html_and_unsafe_links_is_reported(tmp_path):
    text = GOOD + "\nSee <img src=x onerror=alert(1)> and [this](javascript:alert(1)).\n\n[ref]: data:text/html,x\n"
    result = validate(collection_with(tmp_path, text))
    assert "papers/bad-paper.md:14: body: raw HTML '<img' is not allowed" in result.output
    assert "papers/bad-paper.md:14: body: link 'javascript:alert(1)' is not http(s)" in result.output
    assert "papers/bad-paper.md:16: body: link 'data:text/html,x' is not http(s)" in result.output


def test_unknown_topic_in_topics_file_parent(tmp_path):
    root = collection_with(tmp_path, GOOD)
    (root / "topics.yml").write_text("- id: multimodal-llms\n  title: M\n  description: d\n  parent: nope\n")
    result = validate(root)
    assert "topics.yml" in result.output and "unknown parent 'nope'" in result.output


def test_valid_collection_exits_zero_and_formats(tmp_path):
    root = collection_with(tmp_path, GOOD, "a-good-paper.md")
    result = validate(root)
    assert result.exit_code == 0 and "1 paper checked: all valid." in result.output
    as_json = json.loads(validate(root, "--format", "json").output)
    assert as_json == {"valid": True, "papers": 1, "problems": []}


def test_json_format_lists_problems(tmp_path):
    result = validate(collection_with(tmp_path, variant("title: A Good Paper", "ttile: x")), "--format", "json")
    report = json.loads(result.output)
    assert result.exit_code == 1 and report["valid"] is False
    assert {"path": "papers/bad-paper.md", "line": 2, "field": "ttile", "message": "unknown field 'ttile'",
            "hint": "did you mean 'title'?", "severity": "error"} in report["problems"]


def test_paths_limit_the_report_to_those_files(tmp_path, monkeypatch):
    root = collection_with(tmp_path, variant("title: A Good Paper", "ttile: x"))
    (root / "papers" / "fine.md").write_text(GOOD.replace("A Good Paper", "Fine"))
    monkeypatch.chdir(root)
    assert validate(root, "papers/fine.md").exit_code == 0
    assert validate(root, "papers/bad-paper.md").exit_code == 1


def test_usage_errors_exit_two(tmp_path):
    assert validate(tmp_path, "nope.md").exit_code == 2
    assert CliRunner().invoke(cli, ["validate", "--root", str(tmp_path)]).exit_code == 2
    assert CliRunner().invoke(cli, ["validate", "--format", "xml"]).exit_code == 2


def test_bundled_collection_is_valid():
    result = validate(REPO)
    assert result.exit_code == 0, result.output
    assert "37 papers checked: all valid." in result.output


def test_exported_json_schema_is_current_and_rejects_typos():
    jsonschema = pytest.importorskip("jsonschema")
    on_disk = json.loads((REPO / "schema" / "paper.schema.json").read_text())
    assert on_disk == paper_json_schema(), "run `papershelf schema` to refresh schema/paper.schema.json"
    validator = jsonschema.Draft202012Validator(on_disk)
    good = {"title": "T", "authors": ["A"], "date": "2024", "topics": ["x"], "arxiv": "2401.10000"}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors(dict(good, ttile="T")))
    assert list(validator.iter_errors(dict(good, arxiv=2401.1)))


def test_invalid_paper_stops_the_build_without_strict(tmp_path):
    root = scratch_collection(tmp_path / "c", {"bad-paper.md": variant("title: A Good Paper", "ttile: x")})
    result = build_site(root, tmp_path / "site", strict=False)
    assert result.returncode != 0
    assert "papers/bad-paper.md:2: ttile: unknown field 'ttile'" in result.stderr
    assert "Traceback" not in result.stderr


def test_ascii_title_keys_use_the_confusables_table_rows_they_can_meet():
    from papershelf.model.identity import ASCII_KEY_PROTOTYPES, _prototypes, title_key

    key_characters = {ch for ch in map(chr, range(128)) if ch in title_key(f"a{ch}b")}
    assert key_characters == set(string.ascii_lowercase + string.digits + " ")
    table_rows = {ord(ch): _prototypes()[ord(ch)] for ch in key_characters if ord(ch) in _prototypes()}
    assert ASCII_KEY_PROTOTYPES == table_rows


@pytest.mark.parametrize("good_line, slip, field", [
    ('date: "2024-03-05"', "date: March 2024", "date"), ('date: "2024-03-05"', "date: 2024/03/05", "date"),
    ('arxiv: "2401.10000"', "arxiv: https://huggingface.co/papers/2401.10000", "arxiv"),
    ('arxiv: "2401.10000"', "doi: https://doi.org/10.1234/abcd.5", "doi"),
])
def test_following_the_suggested_value_fixes_the_file(tmp_path, good_line, slip, field):
    """The GitHub annotation names file and line, and writing the value it suggests makes the file valid."""
    root = collection_with(tmp_path, variant(good_line, slip))
    result = validate(root, "--format", "github")
    assert result.exit_code == 1, result.output
    annotation = next(row for row in result.output.splitlines() if row.startswith("::error file=papers/bad-paper.md,line="))
    suggested = annotation.split('did you mean "', 1)[1].split('"', 1)[0]
    paper = root / "papers" / "bad-paper.md"
    paper.write_text(paper.read_text(encoding="utf-8").replace(slip, f'{field}: "{suggested}"'), encoding="utf-8")
    fixed = validate(root)
    assert fixed.exit_code == 0, fixed.output


BUNDLED_TOPICS = yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("topic", BUNDLED_TOPICS, ids=[topic["id"] for topic in BUNDLED_TOPICS])
def test_a_topic_written_as_its_title_is_told_its_id(tmp_path, topic):
    """A contributor writes the title they read on the site ("Multimodal large language models"): the
    suggestion is the id topics.yml gives that title (not the title made into an id, which is no topic),
    and writing it makes the file valid."""
    root = collection_with(tmp_path, variant("  - multimodal-llms", f"  - {topic['title']}"))
    result = validate(root)
    assert result.exit_code == 1, result.output
    assert f'did you mean "{topic["id"]}"?' in result.output, result.output
    paper = root / "papers" / "bad-paper.md"
    paper.write_text(paper.read_text(encoding="utf-8").replace(topic["title"], topic["id"]), encoding="utf-8")
    assert validate(root).exit_code == 0


def test_a_topic_written_as_an_alias_or_a_near_miss_is_told_the_topic(tmp_path):
    root = collection_with(tmp_path, variant("  - multimodal-llms", "  - Sparse autoencoder\n  - MLLMs"))
    (root / "topics.yml").write_text((REPO / "topics.yml").read_text(encoding="utf-8").replace(
        "- id: multimodal-llms\n", "- id: multimodal-llms\n  aliases: [MLLMs]\n"), encoding="utf-8")
    result = validate(root)
    assert 'topics.0: \'Sparse autoencoder\' is not a topic id (did you mean "sparse-autoencoders"?' in result.output
    assert 'topics.1: \'MLLMs\' is not a topic id (did you mean "multimodal-llms"?' in result.output
