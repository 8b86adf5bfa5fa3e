"""A generated collection, built for real with small page sizes: every list is split into pages, each
page stays small, together they list everything once, and author pages written from a page shell
are whole, escaped site pages. (Build times are measured by benchmarks/run.py, never here.)"""

from __future__ import annotations

import html as html_module
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from sitebuild import REPO, build_site, pagefind_records, parse

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import write_collection  # noqa: E402

PAPERS = 400
PAPERS_PER_PAGE = 15
TERMS_PER_PAGE = 60
ODD_AUTHOR = 'Zoë <b onclick="x()">Bold</b> & "Quoted"'
ODD_TITLE = 'Widgets <img src=x onerror="alert(1)"> & "Gadgets" Revisited'
REPO_URL = "https://github.com/example/bench"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    collection = write_collection(tmp_path_factory.mktemp("scale") / "collection", PAPERS, seed=7)
    config = collection / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - papershelf\n",
        f"  - papershelf:\n      papers_per_page: {PAPERS_PER_PAGE}\n      terms_per_page: {TERMS_PER_PAGE}\n"
    ).replace("site_url: https://example.invalid/bench/\n",
              f"site_url: https://example.invalid/bench/\nrepo_url: {REPO_URL}\n"
    ).replace("  features:\n", "  features:\n    - content.action.edit\n    - content.action.view\n"))
    first = sorted((collection / "papers").iterdir())[0]
    paper = frontmatter.load(first)
    paper["authors"] = [*paper["authors"], ODD_AUTHOR]
    paper["title"] = ODD_TITLE
    first.write_text(frontmatter.dumps(paper) + "\n", encoding="utf-8")
    site_dir = collection.parent / "site"
    result = build_site(collection, site_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    return collection, site_dir


def html(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def pages_of_list(site_dir: Path, url: str) -> list[str]:
    """The HTML of each page of a paginated list, following its rel=next links."""
    pages, current = [], url
    while current is not None:
        page = html(site_dir, current)
        pages.append(page)
        following = re.search(r'<a rel="next" href="(?:\.\./)*([^"]+)/"', page)  # root + the site URL
        current = following.group(1) if following else None
    return pages


def listed_papers(page: str) -> list[str]:
    return re.findall(r'class="ps-paper__title" href="[./]*papers/([^/]+)/"', page)


def listed_terms(page: str) -> list[str]:
    return re.findall(r'<tr class="ps-term"[^>]*><td><a href="[./]*\w+/([^/]+)/"', page)


def test_the_list_of_all_papers_is_paginated_and_complete(site):
    collection, site_dir = site
    pages = pages_of_list(site_dir, "papers")
    assert len(pages) == -(-PAPERS // PAPERS_PER_PAGE)
    assert all(len(listed_papers(page)) <= PAPERS_PER_PAGE for page in pages)
    listed = [slug for page in pages for slug in listed_papers(page)]
    assert sorted(listed) == sorted(path.stem for path in (collection / "papers").iterdir())


def test_the_largest_topic_is_paginated_and_lists_exactly_its_papers(site):
    collection, site_dir = site
    by_topic = Counter(topic for path in (collection / "papers").iterdir()
                       for topic in frontmatter.load(path)["topics"])
    topic, count = by_topic.most_common(1)[0]
    assert count > 5 * PAPERS_PER_PAGE  # the generator's skew gives one large topic
    pages = pages_of_list(site_dir, f"topics/{topic}")
    assert len(pages) == -(-count // PAPERS_PER_PAGE)
    listed = [slug for page in pages for slug in listed_papers(page)]
    expected = [path.stem for path in (collection / "papers").iterdir() if topic in frontmatter.load(path)["topics"]]
    assert sorted(listed) == sorted(expected)


@pytest.mark.parametrize("index", ["authors", "authors/by-name"])
def test_author_indexes_are_paginated_and_list_every_author_once(site, index):
    collection, site_dir = site
    pages = pages_of_list(site_dir, index)
    assert len(pages) > 3
    assert all(len(listed_terms(page)) <= TERMS_PER_PAGE for page in pages)
    listed = [slug for page in pages for slug in listed_terms(page)]
    author_pages = [p.name for p in (site_dir / "authors").iterdir() if (p / "index.html").exists()]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(set(author_pages) - {"by-name", "page"})


def test_no_page_is_large(site):
    """With lists split into pages, the largest page is a page of a list, not the whole list.

    Unsplit, the list of 400 papers would be ~550 KB and the index of ~1,600 authors ~250 KB;
    a page of 15 papers or 60 authors, with the theme and an author's co-authors, is far less.
    """
    _, site_dir = site
    sizes = {path: path.stat().st_size for path in site_dir.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < 150_000, largest


def test_author_pages_from_the_shell_are_whole_escaped_site_pages(site):
    collection, site_dir = site
    slug = next(p.name for p in (site_dir / "authors").iterdir() if p.name.startswith("zoe-b-onclick"))
    page = html(site_dir, f"authors/{slug}")
    assert "<title>Zoë &lt;b onclick=&#34;x()&#34;&gt;Bold&lt;/b&gt; &amp; &#34;Quoted&#34; - " in page
    assert "<b onclick" not in page and not any(tag == "b" for tag, _ in parse(page).elements)
    assert f'rel="canonical" href="https://example.invalid/bench/authors/{slug}/"' in page
    count = int(re.search(r'<span class="ps-count__number">(\d+)</span>', page).group(1))
    assert count == len(re.findall(r'<li class="ps-paper">', page)) or count > 100
    # the co-authors list for an author of two papers or more; for one, the byline links them
    assert ('<h2 id="co-authors">Co-authors</h2>' in page) == (count > 1)
    assert re.search(r'<span class="ps-paper__authors">.*<a href="\.\./[^"/]+/">', page)
    # every relative link and asset of the page resolves to a file of the site
    for target in re.findall(r'(?:href|src)="(\.\./[^"#?]*)"', page):
        resolved = (site_dir / "authors" / slug / target).resolve()
        assert resolved.exists() or (resolved / "index.html").exists(), target


def test_paper_pages_from_the_shell_are_whole_pages_with_their_own_meta(site):
    collection, site_dir = site
    first = sorted((collection / "papers").iterdir())[0]
    page = html(site_dir, f"papers/{first.stem}")
    url = f"https://example.invalid/bench/papers/{first.stem}/"
    assert f'rel="canonical" href="{url}"' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    og_title = re.search(r'<meta property="og:title" content="([^"]*)">', page).group(1)
    assert html_module.unescape(og_title) == ODD_TITLE
    assert f'href="{REPO_URL}/edit/main/papers/{first.stem}.md"' in page
    assert f'href="{REPO_URL}/raw/main/papers/{first.stem}.md"' in page  # "view source"
    assert "<img src=x" not in page and not any(tag == "img" for tag, _ in parse(page).elements)
    other = sorted((collection / "papers").iterdir())[1]
    other_page = html(site_dir, f"papers/{other.stem}")
    assert f'href="{REPO_URL}/edit/main/papers/{other.stem}.md"' in other_page
    assert frontmatter.load(other)["title"] in other_page


def test_every_paper_and_author_is_in_the_search_index_and_papers_in_the_sitemap(site):
    collection, site_dir = site
    records = {record["url"]: record for record in pagefind_records(site_dir)}
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    authors = set()
    for path in sorted((collection / "papers").iterdir()):
        paper = frontmatter.load(path)
        record = records[f"/papers/{path.stem}/"]
        assert record["meta"]["title"] == paper["title"] and record["meta"]["kind"] == "paper"
        assert paper["authors"][0] in record["content"]
        assert " ".join(paper.content.split()[:5]) in " ".join(record["content"].split())
        assert f"<loc>https://example.invalid/bench/papers/{path.stem}/</loc>" in sitemap
        authors.update(paper["authors"])
    anchors = [anchor for record in records.values() if record["meta"]["kind"] == "author"
               for anchor in record["anchors"]]
    assert {anchor["text"] for anchor in anchors} == authors
    pages = [anchor["id"].split("~") for anchor in anchors]  # its page, then its paper count (search.terms_html)
    assert all((site_dir / page / "index.html").is_file() and int(count) > 0 for page, count in pages)
    odd = records[f"/papers/{sorted((collection / 'papers').iterdir())[0].stem}/"]
    assert odd["meta"]["title"] == ODD_TITLE and ODD_AUTHOR in odd["content"]  # as written: the dialog shows text
    assert sitemap.count("<loc>") == len(set(re.findall(r"<loc>([^<]+)</loc>", sitemap)))


def test_validate_in_parallel_reports_exactly_what_one_process_does(tmp_path):
    """Enough files for two worker processes; problems in the files and across them (a duplicate
    of the first file at the end, so in another worker's share) come out the same, in the same order."""
    from papershelf.model.parallel import worker_count

    collection = write_collection(tmp_path / "collection", 600, seed=3)
    files = sorted((collection / "papers").iterdir())
    assert worker_count(len(files), 2) == 2
    first = frontmatter.load(files[0])
    (collection / "papers" / "zz-copy-of-the-first.md").write_text(frontmatter.dumps(first) + "\n", encoding="utf-8")
    broken = files[300].read_text(encoding="utf-8").replace("title:", "ttile:", 1)
    files[300].write_text(broken, encoding="utf-8")

    def validate(jobs: str):
        return subprocess.run([sys.executable, "-m", "papershelf.cli", "validate", "--jobs", jobs, "--format", "json",
                               "--root", str(collection)], capture_output=True, text=True, timeout=300)

    alone, parallel = validate("1"), validate("2")
    assert alone.returncode == parallel.returncode == 1, alone.stderr + parallel.stderr
    assert parallel.stdout == alone.stdout
    report = json.loads(parallel.stdout)
    assert report["papers"] == 600  # 601 files, one invalid
    found = {(p["path"], p["field"], p["message"].split(" (")[0]) for p in report["problems"]}
    assert ("papers/zz-copy-of-the-first.md", "arxiv", f"duplicate of papers/{files[0].name}") in found
    assert ("papers/zz-copy-of-the-first.md", "title", f"duplicate of papers/{files[0].name}") in found
    assert (f"papers/{files[300].name}", "ttile", "unknown field 'ttile'") in found
