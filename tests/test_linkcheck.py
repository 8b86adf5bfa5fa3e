"""The offline link checker: on hand-made sites, and on a site MkDocs really built."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.review.linkcheck import BrokenLink, find_broken_links, main

sys.path.insert(0, str(Path(__file__).parent))
from sitebuild import build_site  # noqa: E402


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


def page(body: str) -> str:
    return f"<!doctype html>\n<html><head><title>t</title></head>\n<body>\n{body}\n</body></html>\n"


@pytest.fixture
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site", {
        "index.html": page('<a id="top" href="papers/">Papers</a>\n<a href="papers/one/#notes">Notes</a>'),
        "papers/index.html": page('<a href="../">Home</a> <a href="one/">One</a> <img src="../assets/logo.png">'),
        "papers/one/index.html": page('<h2 id="notes">Notes</h2>\n<a href="../../index.html#top">top</a>'),
        "assets/logo.png": "not really a png",
    })


def test_a_site_whose_links_all_resolve_has_none_broken(site):
    assert find_broken_links(site) == []


def test_a_link_to_a_missing_page_is_reported_with_page_and_line(site):
    (site / "papers/index.html").write_text(page('\n<a href="two/">Two</a>'), encoding="utf-8")
    assert find_broken_links(site) == [BrokenLink("papers/index.html", 5, "two/", "no file papers/two/index.html in the site")]


def test_a_missing_image_and_a_missing_anchor_are_reported(site):
    (site / "assets/logo.png").unlink()
    (site / "papers/one/index.html").write_text(page('<h2 id="abstract">Abstract</h2>'), encoding="utf-8")
    broken = find_broken_links(site)
    assert [(b.page, b.target) for b in broken] == [("index.html", "papers/one/#notes"),
                                                    ("papers/index.html", "../assets/logo.png")]
    assert "no element with id 'notes'" in broken[0].reason


def test_same_page_anchors_are_checked(site):
    write_site(site, {"about.html": page('<a href="#here">x</a><a href="#gone">y</a><p id="here"></p>')})
    assert [b.target for b in find_broken_links(site)] == ["#gone"]


def test_external_links_and_other_schemes_are_not_followed(site):
    write_site(site, {"ext.html": page(
        '<a href="https://example.org/missing">a</a><a href="//cdn.example.org/x.js">b</a>'
        '<a href="mailto:someone@example.org">c</a><img src="data:image/png;base64,AAAA">'
        '<link rel="preconnect" href="/never-there">')})
    assert find_broken_links(site) == []


def test_links_that_climb_out_of_the_site_are_broken_even_if_the_file_exists(site, tmp_path):
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    write_site(site, {"up.html": page('<a href="../secret.txt">x</a>')})
    assert find_broken_links(site) == [BrokenLink("up.html", 4, "../secret.txt", "points outside the site")]


def test_percent_encoded_and_query_links_resolve(site):
    write_site(site, {"a b.html": page("<p>space</p>"), "q.html": page('<a href="a%20b.html?x=1">s</a>')})
    assert find_broken_links(site) == []


def test_root_relative_links_use_the_site_path_from_the_sitemap(site):
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://owner.github.io/shelf/</loc></url>"
        "<url><loc>https://owner.github.io/shelf/papers/</loc></url></urlset>", encoding="utf-8")
    write_site(site, {"404.html": page('<a href="/shelf/papers/">ok</a><a href="/shelf/nothing/">no</a>'
                                       '<a href="/papers/">wrong root</a>')})
    assert [(b.target, b.reason) for b in find_broken_links(site)] == [
        ("/papers/", "points outside the site"),
        ("/shelf/nothing/", "no file nothing/index.html in the site"),
    ]
    assert [b.target for b in find_broken_links(site, root_path="/")] == ["/shelf/nothing/", "/shelf/papers/"]


def test_command_line_exit_codes_and_github_format(site):
    result = CliRunner().invoke(main, [str(site)])
    assert result.exit_code == 0 and "no broken internal links" in result.stdout
    (site / "papers/one/index.html").unlink()
    result = CliRunner().invoke(main, ["--format", "github", str(site)])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out and all(line.startswith("::error title=Broken link::") for line in out)
    assert any("papers/one/" in line for line in out)
    assert "2 broken links in 2 pages" in result.stderr
    missing = CliRunner().invoke(main, [str(site / "nope")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    assert "Usage: python -m papershelf.review.linkcheck [OPTIONS] SITE_DIR" in CliRunner().invoke(main, ["--help"]).stdout


def test_module_runs_as_a_script(site):
    shutil.rmtree(site / "papers" / "one")
    result = subprocess.run([sys.executable, "-m", "papershelf.review.linkcheck", str(site)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "index.html:5: broken link 'papers/one/#notes'" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_real_mkdocs_build_is_clean_and_a_removed_page_is_caught(tmp_path):
    collection = tmp_path / "shelf"
    init = CliRunner().invoke(cli, ["init", str(collection)])
    assert init.exit_code == 0, init.output
    site = tmp_path / "site"
    result = build_site(collection, site)
    assert result.returncode == 0, result.stderr
    assert find_broken_links(site) == []
    shutil.rmtree(site / "topics")
    broken = find_broken_links(site)
    assert broken and all(b.reason.startswith("no file topics/") for b in broken)
    assert "index.html" in {b.page for b in broken}
