"""The public Python API: `papershelf.__all__`, and docs/api.md's example, run as written."""

from __future__ import annotations

import re
import subprocess
import sys

import papershelf
from papershelf.model.collection import load_collection
from sitebuild import REPO, scratch_collection


def test_every_public_name_imports_and_is_documented():
    documented = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    for name in papershelf.__all__:
        assert getattr(papershelf, name) is not None
        assert name == "__version__" or f"`{name}" in documented, name
    assert sorted(dir(papershelf)) == sorted(papershelf.__all__)


def test_the_example_in_docs_api_runs_on_the_bundled_collection(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "docs" / "api.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    collection = scratch_collection(tmp_path / "c")
    result = subprocess.run([sys.executable, "-c", blocks[0]], cwd=collection, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = load_collection(collection)
    newest = loaded.papers[0]
    top = loaded.taxonomies["topics"].by_count()[0]
    lines = result.stdout.splitlines()
    assert f"{len(loaded.papers)} papers" in lines
    assert f"topic {top.name}: {top.count} papers at /topics/{top.slug}/" in lines
    assert f"newest: {newest.meta.title} ({newest.meta.date}) at /papers/{newest.slug}/" in lines
    assert "0 venues, listed at /venues/" in lines  # the bundled papers name no venue
    assert "exported: papers.json, papers.schema.json, papers.bib, papers.csl.json, papers.ris, feed.xml" in lines
    assert (collection / "exported" / "papers" / f"{newest.slug}.bib").is_file()
    assert re.search(rf"^\d+ pages; /papers/{newest.slug}/ has [\d,]+ characters of HTML$", result.stdout, re.M)
