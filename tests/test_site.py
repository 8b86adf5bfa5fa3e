"""The bundled site, read back from its HTML and compared with the paper files."""

from __future__ import annotations

import html as html_module
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import frontmatter
import pytest

from sitebuild import REPO, parse

PAPERS = sorted((REPO / "papers").glob("*.md"))


def name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@pytest.fixture(scope="module")
def paper_files() -> dict[str, dict]:
    """Front matter as the files say it, read with python-frontmatter (not papershelf's own loader)."""
    return {path.stem: frontmatter.load(path).metadata for path in PAPERS}


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def listed_papers(html: str) -> list[str]:
    """Slugs of the papers a page lists (its paper list items' title links)."""
    slugs = []
    for tag, attributes in parse(html).elements:
        if tag == "a" and attributes.get("class") == "ps-paper__title":
            slugs.append(re.search(r"papers/([^/]+)/$", attributes["href"]).group(1))
    return slugs


def all_listed(site: Path, url: str) -> list[str]:
    """Listed papers over all pages of a paginated list."""
    slugs, html = [], page(site, url)
    slugs += listed_papers(html)
    number = 2
    while (site / url / "page" / str(number) / "index.html").exists():
        slugs += listed_papers(page(site, f"{url}/page/{number}"))
        number += 1
    return slugs


def test_bundled_collection_is_37_papers(paper_files):
    assert len(paper_files) == 37


def test_every_paper_has_a_page(bundled_site, paper_files):
    for slug, meta in paper_files.items():
        html = page(bundled_site, f"papers/{slug}")
        assert "<h1>" in html
        assert meta["arxiv"] in html


def topic_parents() -> dict[str, str]:
    import yaml

    return {t["id"]: t["parent"] for t in yaml.safe_load((REPO / "topics.yml").read_text()) if t.get("parent")}


def test_each_topic_page_lists_exactly_its_papers_and_its_subtopics(bundled_site, paper_files):
    parents = topic_parents()
    assert parents, "topics.yml nests no topic"
    by_topic = defaultdict(set)
    for slug, meta in paper_files.items():
        for topic in meta["topics"]:
            while topic:  # a paper of a subtopic belongs to the topics above it too
                by_topic[topic].add(slug)
                topic = parents.get(topic)
    topics_index = page(bundled_site, "topics")
    counts = author_rows(topics_index)
    for topic, slugs in by_topic.items():
        listed = all_listed(bundled_site, f"topics/{topic}")
        assert sorted(listed) == sorted(slugs), topic
        assert counts[topic] == len(slugs), topic
        assert f'href="../topics/{topic}/"' in topics_index
    parent = next(iter(parents.values()))
    direct = {s for s, m in paper_files.items() if parent in m["topics"]}
    assert len(by_topic[parent]) > len(direct)  # the bundled collection shows the difference


def test_topic_pages_are_newest_first(bundled_site, paper_files):
    for topic_dir in (bundled_site / "topics").iterdir():
        if topic_dir.is_dir():
            dates = [paper_files[s]["date"] for s in all_listed(bundled_site, f"topics/{topic_dir.name}")]
            assert dates == sorted(dates, reverse=True)


def author_rows(html: str) -> dict[str, int]:
    """(term slug → count) from an index table."""
    rows = re.findall(r'<tr class="ps-term" data-count="(\d+)"><td><a href="[^"]*/([^/"]+)/">', html)
    return {slug: int(count) for count, slug in rows}


def test_author_counts_and_pages_match_the_files(bundled_site, paper_files):
    papers_by_author = defaultdict(set)
    names = {}
    for slug, meta in paper_files.items():
        for name in meta["authors"]:
            papers_by_author[name_key(name)].add(slug)
            names[name_key(name)] = name
    index = page(bundled_site, "authors")
    rows = author_rows(index)
    assert len(rows) == len(papers_by_author) == 233
    counts_on_site = Counter()
    for href, count in rows.items():
        author_html = page(bundled_site, f"authors/{href}")
        heading = re.search(r"<h1>(.*?)</h1>", author_html).group(1)
        key = name_key(html_module.unescape(heading))
        assert count == len(papers_by_author[key]), heading
        assert sorted(all_listed(bundled_site, f"authors/{href}")) == sorted(papers_by_author[key])
        counts_on_site[key] = count
    assert set(counts_on_site) == set(papers_by_author)


def test_authors_index_sorted_by_count_and_by_family_name(bundled_site):
    by_count = list(author_rows(page(bundled_site, "authors")).values())
    assert by_count == sorted(by_count, reverse=True)
    by_name_html = page(bundled_site, "authors/by-name")
    names = [html_module.unescape(n) for n in
             re.findall(r'<tr class="ps-term" data-count="\d+"><td><a href="[^"]+">([^<]+)</a>', by_name_html)]
    assert len(names) == 233
    # family name first: "Laurens van der Maaten" under v, "Ming Zhong" under Z
    family = {"Laurens van der Maaten": "van der maaten", "Ming Zhong": "zhong", "Aston Zhang": "zhang"}
    for name, key in family.items():
        assert name in names
    keys = [(family.get(n) or n.split()[-1].casefold(), " ".join(n.split()[:-1]).casefold()) for n in names]
    plain = [k for n, k in zip(names, keys) if n in family or len(n.split()) == 2]  # names without a "von" part
    assert plain == sorted(plain)
    assert names.index("Aston Zhang") < names.index("Ming Zhong")


def test_author_page_lists_coauthors_with_shared_counts(bundled_site, paper_files):
    slug, meta = next((s, m) for s, m in paper_files.items() if len(m["authors"]) >= 3)
    first = meta["authors"][0]
    html = page(bundled_site, f"papers/{slug}")
    href = re.search(r'<a class="ps-author" href="([^"]+)">' + re.escape(first), html).group(1)
    author_html = (bundled_site / "papers" / slug / href / "index.html").resolve().read_text()
    # a co-author of one shared paper is listed without a count
    coauthors = re.findall(r'<li><a href="[^"]+">([^<]+)</a>(?: <span class="ps-shared">\((\d+) shared papers\)</span>)?</li>',
                           author_html)
    listed = {name_key(n): int(count or 1) for n, count in coauthors}
    others = {name_key(n) for n in meta["authors"][1:]} - {name_key(first)}
    assert others <= set(listed)
    for other in others:
        shared = sum(1 for m in paper_files.values()
                     if {name_key(first), other} <= {name_key(n) for n in m["authors"]})
        assert listed[other] == shared, other


def test_year_pages_match_the_files(bundled_site, paper_files):
    by_year = defaultdict(set)
    for slug, meta in paper_files.items():
        by_year[str(meta["date"])[:4]].add(slug)
    rows = author_rows(page(bundled_site, "years"))
    assert rows == {y: len(s) for y, s in by_year.items()}
    for year, slugs in by_year.items():
        assert sorted(all_listed(bundled_site, f"years/{year}")) == sorted(slugs)


def test_navigation_holds_no_paper_page(bundled_site, paper_files):
    for url in ("", "topics", "authors", f"papers/{next(iter(paper_files))}"):
        html = page(bundled_site, url)
        start = html.index('<article class="md-content__inner')
        outside_content = html[html.index("<body"):start] + html[html.index("</article>", start):]
        # the nav's pages have the theme's navigation; a paper page, the light page's header of sections
        assert ("ps-light-header__sections" if url.startswith("papers/") else "md-nav--primary") in outside_content
        for slug in paper_files:
            assert f"papers/{slug}/" not in outside_content


def test_home_shows_statistics_and_latest_additions(bundled_site):
    html = page(bundled_site, "")
    assert re.search(r'id="stat-papers">37<', html)
    assert re.search(r'id="stat-authors">233<', html)
    assert re.search(r'id="stat-topics">15<', html)
    assert len(listed_papers(html)) == 10


def test_paper_page_has_everything_a_reader_needs(bundled_site, paper_files):
    slug, meta = next((s, m) for s, m in paper_files.items() if m.get("upvotes") and m.get("links"))
    html = page(bundled_site, f"papers/{slug}")
    assert f'href="https://arxiv.org/abs/{meta["arxiv"]}"' in html
    assert meta["links"][next(iter(meta["links"]))] in html
    assert re.search(rf'class="ps-upvotes"[^>]*><span aria-hidden="true">▲</span> {meta["upvotes"]} upvotes?<', html)
    for topic in meta["topics"]:
        assert f'href="../../topics/{topic}/"' in html
    assert re.search(r"@(misc|article|inproceedings)\{[a-z]+\d{4}[a-z0-9]*,", html)
    assert f"https://github.com/example/papershelf/edit/main/papers/{slug}.md" in html


def test_unrecorded_authors_are_visible(bundled_site, paper_files):
    slug = next(s for s, m in paper_files.items() if not m["authors"])
    html = page(bundled_site, f"papers/{slug}")
    assert "2 authors whose names are not yet recorded" in html


def test_topic_pages_link_parent_and_subtopics(bundled_site):
    import yaml

    topics = yaml.safe_load((REPO / "topics.yml").read_text())
    child = next(t for t in topics if t.get("parent"))
    child_html = page(bundled_site, f"topics/{child['id']}")
    crumbs = child_html.split('class="ps-breadcrumb"')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', crumbs) == ["../../topics/", f"../../topics/{child['parent']}/"]
    parent_html = page(bundled_site, f"topics/{child['parent']}")
    assert f'href="../../topics/{child["id"]}/"' in parent_html.split('class="ps-subtopics"')[1].split("</p>")[0]


@pytest.mark.xdist_group("site-without-exports")
def test_exports_off_writes_no_export_and_links_none(site_without_exports):
    site = site_without_exports
    assert not (site / "papers.json").exists() and not (site / "feed.xml").exists()
    slug = PAPERS[0].stem
    assert not (site / "papers" / f"{slug}.bib").exists()
    for url in ("", "papers", f"papers/{slug}"):
        html = page(site, url)
        assert "papers.json" not in html.split("<body")[1] and ".bib\"" not in html
