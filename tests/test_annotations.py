"""`papershelf validate --format github` against GitHub's workflow-command syntax.

::error file={name},line={line},title={title}::{message}
Property values escape % \\r \\n : , as %25 %0D %0A %3A %2C; the message escapes % \\r \\n.
"""

from __future__ import annotations

import re
import shutil

from click.testing import CliRunner

from papershelf.cli import cli
from sitebuild import REPO

COMMAND = re.compile(r"^::(error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")
PROPERTY = re.compile(r"^(file|line|endLine|col|endColumn|title)=([^,:\r\n]*)$")


def unescape_property(value: str) -> str:
    return (value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r")
            .replace("%25", "%"))


def unescape_message(value: str) -> str:
    return value.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def parse_annotation(line: str) -> dict:
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = {}
    for part in match["properties"].split(","):
        prop = PROPERTY.match(part)
        assert prop, f"bad property {part!r} in {line!r}"
        properties[prop[1]] = unescape_property(prop[2])
    assert "%" not in re.sub(r"%(25|0A|0D)", "", match["message"]), line
    return {"kind": match[1], **properties, "message": unescape_message(match["message"])}


def test_each_annotation_follows_the_syntax_with_escaping(tmp_path):
    root = tmp_path / "c"
    (root / "papers").mkdir(parents=True)
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    (root / "papers" / "bad,name%1.md").write_text(
        '---\ntitle: "50% faster, really: yes"\nauthors: [Ann Lee]\ndate: "2024-01-01"\n'
        'topics: [multimodal-llms]\n"multi\\nline, key": 1\nvenue: "a%b"\n---\n\nAbstract.\n')
    result = CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", "github"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines, result.output
    annotations = [parse_annotation(line) for line in lines]
    assert all(a["kind"] == "error" and a["file"] == "papers/bad,name%1.md" for a in annotations)
    by_title = {a.get("title"): a for a in annotations}
    assert by_title["papershelf"]["message"].startswith("file name 'bad,name%1.md' is not a slug")
    unknown = by_title["papershelf: multi\nline, key"]
    assert unknown["line"] == "6"
    assert unknown["message"].startswith("unknown field 'multi\nline, key'")
    assert ",title=papershelf%3A multi%0Aline%2C key::" in result.output
    assert "unknown field 'multi%0Aline, key'" in result.output


def test_valid_collection_prints_no_annotation():
    result = CliRunner().invoke(cli, ["validate", "--root", str(REPO), "--format", "github"])
    assert result.exit_code == 0 and result.output == ""
