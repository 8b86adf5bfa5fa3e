"""What the import tests of the exports share: a collection to import into, an export imported through the command
with its papers by title, an export's items as papershelf reads them (`read_as`), and a CSV export's rows as the
csv module reads them (the independent reading each paper is checked against)."""

import csv
from pathlib import Path

import frontmatter
from click.testing import CliRunner, Result

from papershelf.cli import cli
from papershelf.sources.detect import parse_import


def collection(folder: Path, topics: str) -> Path:
    """An empty collection in `folder` with the topics.yml text `topics`."""
    (folder / "topics.yml").write_text(topics, encoding="utf-8")
    (folder / "papers").mkdir()
    return folder


EXAMPLE_TOPIC = "- id: example-topic\n  title: Example topic\n"


def shelf(folder: Path, topics: str = EXAMPLE_TOPIC) -> Path:
    """An empty collection in `folder`, its parents made (a test's tmp_path or a folder below it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return collection(folder, topics)


def run_import(root: Path, *args: str) -> tuple[int, str]:
    """`papershelf import ARGS` into `root`: its exit code and output, which never holds a traceback."""
    result = CliRunner().invoke(cli, ["import", *args, "--root", str(root)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def validates(root: Path) -> bool:
    return CliRunner().invoke(cli, ["validate", "--root", str(root)]).exit_code == 0


def import_export(export: Path, root: Path, topic: str) -> tuple[Result, dict[str, frontmatter.Post]]:
    """`papershelf import EXPORT --topic TOPIC` into `root`; the papers it wrote, by title."""
    result = CliRunner().invoke(cli, ["import", str(export), "--root", str(root), "--topic", topic])
    papers = {post["title"]: post for post in map(frontmatter.load, sorted((root / "papers").glob("*.md")))}
    return result, papers


def export_rows(export: Path) -> list[dict[str, str]]:
    with export.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def imported(export: Path, root: Path, topic: str, *lines: str) -> dict[str, frontmatter.Post]:
    """The papers of an import that skipped nothing and printed each of `lines`, by title."""
    result, papers = import_export(export, root, topic)
    assert result.exit_code == 0, result.output
    missing = [line for line in lines if line not in result.output]
    assert not missing, result.output
    return papers


def read_as(path: Path, kind: str) -> list:
    """The items papershelf reads from the export at `path`, whose format must be detected as `kind`."""
    found, result = parse_import(path.read_text(encoding="utf-8"), path.name)
    assert found == kind
    return result.items
