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
    for name in family:
        assert name in names
    keys = [(family.get(n) or n.split()[-1].casefold(), " ".join(n.split()[:-1]).casefold()) for n in names]
    plain = [k for n, k in zip(names, keys, strict=False) if n in family or len(n.split()) == 2]  # names without a "von" part
    assert plain == sorted(plain)
    assert names.index("Aston Zhang") < names.index("Ming Zhong")


def test_author_page_links_every_coauthor_and_counts_shared_papers(bundled_site, paper_files):
    """Every co-author is a link on an author's page: in the bylines of their papers, and (for an author of
    two papers or more) in the co-authors list, whose counts of shared papers match the files."""
    checked = {"single": 0, "several": 0}
    for slug, meta in paper_files.items():
        html = page(bundled_site, f"papers/{slug}")
        for name in meta["authors"]:
            href = re.search(r'<a class="ps-author" href="([^"]+)">' + re.escape(name) + "<", html).group(1)
            author_page = (bundled_site / "papers" / slug / href / "index.html").resolve()
            author_html = author_page.read_text(encoding="utf-8")
            theirs = [m for m in paper_files.values() if name_key(name) in {name_key(n) for n in m["authors"]}]
            others = {name_key(n) for m in theirs for n in m["authors"]} - {name_key(name)}
            linked = {name_key(n) for n in re.findall(r'<a href="\.\./[^"/]+/">([^<]+)</a>', author_html)}
            assert others <= linked, (name, others - linked)
            section = author_html.partition('<ul class="ps-coauthors">')[2].partition("</ul>")[0]
            listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>(?: <span class="ps-shared">\((\d+) shared papers\)</span>)?</li>',
                                section)
            if len(theirs) == 1:
                assert 'id="co-authors"' not in author_html  # their one paper's byline names them all
                checked["single"] += 1
                continue
            checked["several"] += 1
            assert listed
            for other, count in listed:
                shared = sum(1 for m in theirs if name_key(other) in {name_key(n) for n in m["authors"]})
                assert int(count or 1) == shared, (name, other)
    assert checked["single"] and checked["several"]


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
        # every page has the same header and tabs (partials/papershelf-header.html)
        assert 'class="md-tabs ps-tabs"' in outside_content
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


def test_topic_pages_have_full_rows_and_year_and_author_pages_brief_ones(bundled_site, paper_files):
    slug, meta = next(iter(paper_files.items()))
    topic = page(bundled_site, f"topics/{meta['topics'][0]}")
    year = page(bundled_site, f"years/{str(meta['date'])[:4]}")
    assert 'class="ps-snippet"' in topic and 'class="ps-actions"' in topic
    for brief in (year,):
        assert f'href="../../papers/{slug}/"' in brief
        assert 'class="ps-snippet"' not in brief and 'class="ps-actions"' not in brief and 'class="ps-chip"' not in brief
    # the year page's bylines are text; an author page's link the co-authors, relatively
    assert '<span class="ps-paper__authors"><a ' not in year


def test_the_no_script_rule_for_filters_is_on_the_pages_with_filters_only(bundled_site):
    """Without JavaScript the list filters are hidden by a <noscript> rule: on every page that has them,
    and on no paper, topic or year page (none has filters: at 10,000 papers the rule was 1.25 MB)."""
    rule = "<noscript><style>.ps-filters, .ps-filters__toggle, .ps-term-filter { display: none !important; }"
    with_filters, without = [], []
    for path in bundled_site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        filters = re.search(r'class="(ps-filters|ps-filters__toggle|ps-term-filter)[" ]', html)
        (with_filters if filters else without).append(path)
        if filters:
            assert rule in html, path
    assert with_filters and (bundled_site / "papers" / "index.html") in with_filters
    kinds = [bundled_site / "papers", bundled_site / "topics", bundled_site / "years"]
    light = [path for path in without if path.parent.parent in kinds and path.parent.name != "page"]
    assert len(light) > 37 and all("<noscript>" not in path.read_text(encoding="utf-8") for path in light)
