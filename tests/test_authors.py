"""One person, one author page: case, Unicode form, spacing and authors.yml aliases."""

from __future__ import annotations

import re
import unicodedata

from click.testing import CliRunner

from papershelf.cli import cli
from sitebuild import build_site, scratch_collection


def paper(title: str, authors: list[str]) -> str:
    names = "\n".join(f'  - "{name}"' for name in authors)
    return f'---\ntitle: {title}\nauthors:\n{names}\ndate: "2024-05"\ntopics: [multimodal-llms]\n---\n\nAbstract.\n'


def test_spellings_of_one_person_share_one_author_page(tmp_path):
    decomposed = unicodedata.normalize("NFD", "José Müller")
    papers = {
        "one.md": paper("One", ["Bilal Chughtai", "José Müller"]),
        "two.md": paper("Two", ["Bilal Chugtai", decomposed]),
        "three.md": paper("Three", ["bilal  CHUGHTAI", "JOSÉ MÜLLER"]),
    }
    root = scratch_collection(tmp_path / "c", papers)
    (root / "authors.yml").write_text(
        "- name: Bilal Chughtai\n  aliases: [Bilal Chugtai]\n  homepage: https://example.org/bilal\n"
        "  orcid: 0000-0002-1825-0097\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    index = (site / "authors" / "index.html").read_text()
    rows = re.findall(r'data-count="(\d+)"><td><a href="[^"]*/([^/"]+)/">([^<]+)</a>', index)
    assert sorted((slug, int(count)) for count, slug, _ in rows) == [("bilal-chughtai", 3), ("jose-muller", 3)]
    page = (site / "authors" / "bilal-chughtai" / "index.html").read_text()
    assert 'href="https://example.org/bilal"' in page and "https://orcid.org/0000-0002-1825-0097" in page
    assert re.search(r"José Müller</a> <span class=\"ps-shared\">\(3 shared papers\)", page)


def test_stats_count_people_not_spellings(tmp_path):
    root = scratch_collection(tmp_path / "c", {
        "one.md": paper("One", ["Ann Lee", "Bo Li"]), "two.md": paper("Two", ["ann  lee"]),
    })
    result = CliRunner().invoke(cli, ["stats", "--root", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"authors": 2' in result.output
    assert '"name": "Ann Lee",\n      "papers": 2' in result.output


def test_bad_authors_file_is_reported_with_line_and_field(tmp_path):
    root = scratch_collection(tmp_path / "c", {"one.md": paper("One", ["Ann Lee"])})
    (root / "authors.yml").write_text("- name: Ann Lee\n  homepage: javascript:alert(1)\n- nmae: Bo\n")
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "authors.yml:2: 0.homepage: 'javascript:alert(1)' is not an http(s) URL" in result.output
    assert "authors.yml:3: 1.nmae: unknown field 'nmae' (did you mean 'name'?)" in result.output
