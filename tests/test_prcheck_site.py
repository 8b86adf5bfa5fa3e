"""What the pull request summary says a merge does to the published site, checked against the real sites: the
base branch's and the pull request's, each built by MkDocs, their pages compared."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from papershelf.model.writer import render_paper_file
from papershelf.review.prcheck import render_summary, summarize_pr, workflow_annotations
from sitebuild import build_site
from test_prcheck import TOPICS, commit, git, paper, write

SITE = "site_name: Shelf\nsite_url: https://shelf.example.org/\ntheme:\n  name: material\n  font: false\n"


@pytest.fixture
def shelf(tmp_path) -> Path:
    """A collection of three papers by four people over two years, in git: `main`, and the branch `pr` from it."""
    root = tmp_path / "shelf"
    write(root, {
        "topics.yml": TOPICS,
        "mkdocs.yml": SITE + "plugins:\n  - papershelf\n",
        "docs/index.md": "# Shelf\n",
        "papers/probing.md": paper("Probing Classifiers", ["Ada Lovelace", "Alan Turing"], ["interpretability"]),
        "papers/circuits.md": paper("Circuits", ["Ada Lovelace", "Grace Hopper"], ["interpretability"]),
        "papers/old-survey.md": paper("An Old Survey", ["Katherine Johnson"], ["vision-language"], "2020-05-01"),
    })
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


BUILT: dict[str, Path] = {}  # a tree's hash -> its built site: the tests' base branches are one tree, built once


def built_site(root: Path, rev: str, scratch: Path) -> Path:
    """The site built from `rev` (its files as git has them)."""
    tree = git(root, "rev-parse", f"{rev}^{{tree}}").strip()
    if tree in BUILT:
        return BUILT[tree]
    source, site = scratch / f"source-{rev}", scratch / f"site-{rev}"
    with tarfile.open(fileobj=io.BytesIO(git_bytes(root, "archive", "--format=tar", rev))) as tar:
        tar.extractall(source, filter="data")
    result = build_site(source, site)
    assert result.returncode == 0, result.stderr
    BUILT[tree] = site
    return site


EXPORTS = ("papers.json", "papers.csl.json", "papers.ris", "schema/papers.schema.json")  # beside *.bib, feed.xml


def built_pages(root: Path, rev: str, scratch: Path) -> set[str]:
    """The URL of every page of the site built from `rev`, and of every file its exports wrote (the collection's,
    each paper's BibTeX, each topic's and author's feed)."""
    site = built_site(root, rev, scratch)
    exported = {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()
                and (path.suffix == ".bib" or path.name == "feed.xml" or str(path.relative_to(site)) in EXPORTS)}
    return exported | {str(page.parent.relative_to(site)) + "/" if page.parent != site else ""
                       for page in site.rglob("index.html")}


def git_bytes(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout


def claimed(report) -> tuple[set[str], set[str]]:
    return {url for url, _ in report.pages.gone}, {url for url, _ in report.pages.new}


def test_the_pages_a_mkdocs_yml_change_takes_away_are_the_ones_the_built_sites_lose(shelf, tmp_path):
    """A pull request that gives topics another permalink, makes an author page need two papers, splits lists into
    pages of two and moves a paper to another year: each page the real site loses, and each it gains, is named,
    with what was on it; the configuration flag says what each setting does."""
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      papers_per_page: 2\n      taxonomies:\n"
                                       "        - name: topics\n          permalink: subjects/{slug}/\n"
                                       "        - name: authors\n          min_papers: 2\n"
                                       "          orders: [count, name]\n",
                  "papers/old-survey.md": paper("An Old Survey", ["Katherine Johnson"], ["vision-language"],
                                                "2021-05-01")})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_pages(shelf, "main", tmp_path), built_pages(shelf, "pr", tmp_path)
    assert claimed(report) == (before - after, after - before)
    gone, new = claimed(report)
    assert {"topics/interpretability/", "authors/alan-turing/", "authors/grace-hopper/", "years/2020/"} <= gone
    assert "authors/ada-lovelace/" not in gone  # two papers: she keeps her page
    assert {"subjects/interpretability/", "papers/page/2/", "years/2021/"} <= new
    summary = render_summary(report)
    assert "- `topics/interpretability/` topic 'Interpretability'" in summary
    assert f"{len(gone)} published addresses would answer 404" in summary
    flag = next(flag for flag in report.flags if flag.path == "mkdocs.yml")
    assert "taxonomy 'topics': permalink 'topics/{slug}/' → 'subjects/{slug}/'" in flag.details
    # declaring `authors` anew replaces the built-in declaration whole: what it drops is said too
    assert ("taxonomy 'authors': min_papers 1 → 2, rows 'brief' → 'full', searchable False → True"
            in flag.details)
    assert "papers_per_page 100 → 2: long lists are split into pages of 2" in flag.details
    # an author losing their page to min_papers is told why, not "moves to" an empty address
    authors = next(flag for flag in report.flags if "removes existing authors' pages" in flag.what)
    assert ("'Alan Turing' (1 paper now) loses their page authors/alan-turing/: an author needs 2 papers for a "
            "page (min_papers in mkdocs.yml)") in authors.details
    assert any(line.startswith("::warning title=Published pages go away::") for line in workflow_annotations(report))


def test_removing_the_plugin_takes_every_page_of_the_collection_away(shelf, tmp_path):
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      enabled: false\n  - search\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    gone, new = claimed(report)
    before, after = built_pages(shelf, "main", tmp_path), built_pages(shelf, "pr", tmp_path)
    assert gone == before - after and not new
    assert report.pages.after == 1 and "papers/probing/" in gone  # the home page, docs/index.md, stays
    details = next(flag for flag in report.flags if flag.path == "mkdocs.yml").details
    assert "plugins: added 'search' (a plugin's code runs in the build)" in details
    assert "the papershelf plugin is removed or disabled: the site loses every page of the collection" in details


def test_a_paper_moved_into_a_subfolder_takes_its_pages_away(shelf, tmp_path):
    """papers/2020/old-survey.md is not read: the paper's page and BibTeX, its only author's page and its year's go
    (its topic, declared in topics.yml, keeps its page, but not its feed, which a topic without papers lacks)."""
    (shelf / "papers" / "2020").mkdir()
    git(shelf, "mv", "papers/old-survey.md", "papers/2020/old-survey.md")
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert claimed(report) == ({"papers/old-survey/", "papers/old-survey.bib", "authors/katherine-johnson/",
                                "years/2020/", "topics/vision-language/feed.xml"}, set())
    assert report.problems  # papers/2020 is not a paper file: the build stops until it is moved back
    assert "Once the errors above are fixed (until then the build stops), merged and built, the site" in \
        render_summary(report)


def test_theme_and_plugin_settings_are_said_old_to_new_with_what_they_do(shelf):
    """Settings that change no page's address but what every page runs or shows."""
    write(shelf, {"mkdocs.yml": SITE.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"
                                                                "  features: [navigation.instant]\n")
                  + "plugins:\n  - papershelf\n  - tags\nextra_javascript: [https://cdn.example/x.js]\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert next(flag for flag in report.flags if flag.path == "mkdocs.yml").details == (
        "extra_javascript: added (['https://cdn.example/x.js']) (scripts every page loads)",
        "plugins: added 'tags' (a plugin's code runs in the build)",
        "theme.custom_dir: added ('overrides') (its templates override the theme's on every page)",
        "theme.features: added (['navigation.instant'])")
    assert report.pages.gone == [] and report.pages.new == []


def test_a_site_url_change_says_what_the_address_was_and_is(shelf):
    write(shelf, {"mkdocs.yml": SITE.replace("https://shelf.example.org/", "!ENV [SITE_URL, 'https://x.example/']")
                  + "plugins:\n  - papershelf\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert next(flag for flag in report.flags if flag.path == "mkdocs.yml").details == (
        "site_url: 'https://shelf.example.org/' → '!ENV [SITE_URL, https://x.example/]' (the address every page "
        "is published under: the sitemap, feeds, canonical links and exports name pages under the new one)",)
    assert report.pages.gone == [] and report.pages.new == []
    assert "### Published pages" not in render_summary(report)


def test_a_paper_that_no_longer_loads_does_not_count_its_authors_pages_as_lost(shelf):
    """The file is still there: it fails validation (said first), it does not take Alan Turing's page away."""
    text = paper("Probing Classifiers", ["Ada Lovelace", "Alan Turing"], ["interpretability"])
    write(shelf, {"papers/probing.md": text.replace("title: Probing Classifiers", "title: \"Probing \\u202eClassifiers\"")})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert report.unreadable == ["papers/probing.md"]
    assert any("bidirectional control" in problem.message for problem in report.problems)
    assert not any("authors' pages" in flag.what for flag in report.flags)
    assert report.pages.gone == []
    assert "loses their page" not in render_summary(report)


def test_a_new_year_page_and_the_papers_pages_split_in_two_match_the_build(shelf, tmp_path):
    """Adding papers: the pages the real site gains are the ones the summary names, and none goes."""
    write(shelf, {f"papers/new-{n}.md": render_paper_file(
        {"title": f"New {n}", "authors": ["Ada Lovelace"], "date": "2019-02-03", "topics": ["interpretability"]},
        "An abstract.") for n in range(3)})
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      papers_per_page: 5\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_pages(shelf, "main", tmp_path), built_pages(shelf, "pr", tmp_path)
    assert claimed(report) == (before - after, after - before)
    assert {"years/2019/", "papers/page/2/", "papers/new-0/"} <= claimed(report)[1]


def test_a_mkdocs_yml_of_exponentially_many_values_is_summarized_in_bounded_time(shelf):
    """Nine levels of nine aliases: 387 million values from a 400-byte file, in settings the summary compares and
    shows, and in papershelf's options. The summary says so and goes on, in seconds (run as the workflow does, a
    subprocess with a deadline: an unbounded one would not finish)."""
    anchors = ["  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    anchors += [f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    write(shelf, {"mkdocs.yml": SITE + "extra:\n" + "\n".join(anchors) + "\nplugins:\n  - papershelf:\n"
                  "      root: *a8\n      taxonomies:\n        - name: venues\n          title: *a8\n"})
    commit(shelf)
    result = subprocess.run([sys.executable, "-m", "papershelf", "pr-summary", "--root", str(shelf), "--base", "main",
                             "--head", "pr"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "the file's YAML aliases expand it to over 100,000 values: read it by hand" in result.stdout.replace("\\", "")
    assert "mkdocs.yml's YAML aliases expand it to over 100,000 values" in result.stdout.replace("\\", "")


def test_a_deleted_mkdocs_yml_takes_every_page_away(shelf):
    git(shelf, "rm", "-q", "mkdocs.yml")
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert report.pages.after == 0 and "papers/probing/" in claimed(report)[0]
    details = next(flag for flag in report.flags if flag.path == "mkdocs.yml").details
    assert "mkdocs.yml is deleted: no site is built from the collection" in details


def test_a_change_made_in_a_merge_from_main_is_summarized_like_any_other(shelf):
    """The branch merges main (which moved on), and the merge commit itself changes mkdocs.yml: the summary
    compares with main's tip, so main's own new paper is not the PR's, and the change hidden in the merge is."""
    write(shelf, {"papers/sparse.md": paper("Sparse Features", ["Ada Lovelace"], ["interpretability"])})
    commit(shelf, "the PR's paper")
    git(shelf, "checkout", "-q", "main")
    write(shelf, {"papers/mains-own.md": paper("Main's Own", ["Grace Hopper"], ["interpretability"])})
    commit(shelf, "main moves on")
    git(shelf, "checkout", "-q", "pr")
    git(shelf, "merge", "-q", "--no-commit", "main")
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      taxonomies:\n"
                                       "        - name: topics\n          permalink: subjects/{slug}/\n"})
    commit(shelf, "Merge main")
    report = summarize_pr(shelf, "main", "pr")
    assert [paper.path for paper in report.added] == ["papers/sparse.md"] and report.behind == 0
    assert "topics/interpretability/" in claimed(report)[0]
    assert "taxonomy 'topics': permalink 'topics/{slug}/' → 'subjects/{slug}/'" in next(
        flag for flag in report.flags if flag.path == "mkdocs.yml").details


def test_papershelf_options_in_an_inherited_file_are_read_and_a_change_to_it_is_flagged(shelf, tmp_path):
    """mkdocs.yml INHERITs config/base.yml, where papershelf's options are: a pull request that changes only
    base.yml (a topic permalink) is told as a change to the site's configuration, with the pages it moves."""
    write(shelf, {"mkdocs.yml": "INHERIT: config/base.yml\nsite_name: Shelf\n",
                  "config/base.yml": SITE + "plugins:\n  - papershelf\n"})
    commit(shelf, "inherit")
    git(shelf, "branch", "-f", "main", "HEAD")
    write(shelf, {"config/base.yml": SITE + "plugins:\n  - papershelf:\n      taxonomies:\n"
                                            "        - name: topics\n          permalink: subjects/{slug}/\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_pages(shelf, "main", tmp_path), built_pages(shelf, "pr", tmp_path)
    assert claimed(report) == (before - after, after - before)
    assert "topics/interpretability/" in claimed(report)[0]
    flag = next(flag for flag in report.flags if flag.path == "config/base.yml")
    assert flag.what.startswith("changes the site's configuration")
    assert "taxonomy 'topics': permalink 'topics/{slug}/' → 'subjects/{slug}/'" in flag.details
    assert report.unflagged_outside() == []


def test_a_changed_paper_says_which_pages_stop_and_start_listing_it(shelf, tmp_path):
    """Its date moves it to another year, one author's spelling to another author page: the table's last row
    names the pages, and the built sites agree (the old pages no longer link to it, the new ones do)."""
    write(shelf, {"papers/circuits.md": paper("Circuits", ["Ada Lovelace", "G. Hopper"], ["interpretability"],
                                              "2021-03-04")})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert report.listings == {"papers/circuits.md": (["authors/grace-hopper/", "years/2024/"],
                                                      ["authors/g-hopper/", "years/2021/"])}
    assert ("| listed on | <del>`authors/grace-hopper/`, `years/2024/`</del> | <ins>`authors/g-hopper/`, "
            "`years/2021/`</ins> |") in render_summary(report)
    for rev, url, lists in (("main", "years/2024/", True), ("pr", "years/2024/", False),
                            ("pr", "years/2021/", True), ("pr", "authors/g-hopper/", True)):
        page = (built_site(shelf, rev, tmp_path) / url / "index.html").read_text(encoding="utf-8")
        assert ("papers/circuits/" in page) is lists, (rev, url)


# --- The site's own pages (docs_dir) and a collection kept elsewhere, against the built sites -----------------

def built_files(root: Path, rev: str, scratch: Path) -> set[str]:
    """Every page (HTML file) and file of the site's own that the site built from `rev` publishes, but the theme's
    404 page, its assets and papershelf's exports and search index."""
    site = built_site(root, rev, scratch)
    made_elsewhere = ("assets/", "pagefind/", "schema/", "search/")
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()
            and (path.suffix == ".html" or path.relative_to(site).parts[0] == "img")
            and str(path.relative_to(site)) != "404.html" and not str(path.relative_to(site)).startswith(made_elsewhere)}


def claimed_files(pages: list[tuple[str, str]]) -> set[str]:
    """The file behind each address the summary names (`about/` is about/index.html)."""
    return {url + "index.html" if url.endswith("/") or not url else url for url, _ in pages}


@pytest.fixture
def shelf_with_pages(shelf) -> Path:
    """`shelf` with pages of its own beside the home page: a page, a folder's README, an image, a dot file and a
    draft folder that exclude_docs leaves out."""
    write(shelf, {"docs/about.md": "# About\n", "docs/guide/README.md": "# Guide\n", "docs/guide/install.md": "# I\n",
                  "docs/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n", "docs/.notes.md": "# n\n",
                  "docs/drafts/plan.md": "# Plan\n",
                  "mkdocs.yml": SITE + "exclude_docs: |\n  drafts/\nplugins:\n  - papershelf\n"})
    commit(shelf, "pages of its own")
    git(shelf, "branch", "-f", "main", "HEAD")
    return shelf


def test_the_site_s_own_pages_that_a_pull_request_deletes_moves_or_adds_are_the_ones_the_built_sites_lose(
        shelf_with_pages, tmp_path):
    """A page deleted, a page renamed (its address moves), an image deleted, a page added, one edited: the addresses
    the built site loses and gains are the summary's, each named with its Markdown file; the edited page is listed
    with its address; a file exclude_docs leaves out is in neither site."""
    shelf = shelf_with_pages
    git(shelf, "rm", "-q", "docs/about.md", "docs/img/logo.svg")
    git(shelf, "mv", "docs/guide/install.md", "docs/guide/setup.md")
    write(shelf, {"docs/contact.md": "# Contact\n", "docs/guide/README.md": "# Guide\n\nEdited.\n",
                  "docs/drafts/other.md": "# Other\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_files(shelf, "main", tmp_path), built_files(shelf, "pr", tmp_path)
    assert (claimed_files(report.pages.gone), claimed_files(report.pages.new)) == (before - after, after - before)
    assert report.pages.gone == [("about/", "from docs/about.md"), ("guide/install/", "from docs/guide/install.md"),
                                 ("img/logo.svg", "file docs/img/logo.svg")]
    assert report.pages.new == [("contact/", "from docs/contact.md"), ("guide/setup/", "from docs/guide/setup.md")]
    assert report.pages.edited == [("guide/", "docs/guide/README.md")]
    summary = render_summary(report)
    assert summary.startswith(f"Pull request at `{report.head_commit[:12]}`")
    assert "**Merging breaks published addresses**: 3 published addresses would answer 404" in summary
    assert "- `guide/install/` from docs/guide/install\\.md" in summary


def test_use_directory_urls_off_moves_the_site_s_own_pages_but_not_papershelf_s(shelf_with_pages, tmp_path):
    """about.md is written as about.html: `about/` answers 404. papershelf's pages stay folders (papers/x/index.html),
    so their addresses still answer: none is said to go."""
    shelf = shelf_with_pages
    write(shelf, {"mkdocs.yml": SITE + "use_directory_urls: false\nexclude_docs: |\n  drafts/\n"
                                       "plugins:\n  - papershelf\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_files(shelf, "main", tmp_path), built_files(shelf, "pr", tmp_path)
    assert (claimed_files(report.pages.gone), claimed_files(report.pages.new)) == (before - after, after - before)
    assert [url for url, _ in report.pages.gone] == ["about/", "guide/install/"]
    assert [url for url, _ in report.pages.new] == ["about.html", "guide/install.html"]
    assert not any(url.startswith("papers/") for url, _ in report.pages.gone)
    details = next(flag for flag in report.flags if flag.path == "mkdocs.yml").details
    assert details[0].startswith("use_directory_urls: added (False) (the form of every page's address: a page of the "
                                 "site's own moves between about/ and about.html")


def test_a_collection_kept_in_another_folder_is_summarized_there(shelf, tmp_path):
    """mkdocs.yml reads the collection from shelf/library/ and shelf/topics.yml: a paper renamed, one removed, one
    added there are papers (not files outside the collection), and the pages they take away are the built site's."""
    git(shelf, "mv", "papers", "library")
    git(shelf, "mv", "topics.yml", "library-topics.yml")
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      papers_dir: library\n"
                                       "      topics_file: library-topics.yml\n"})
    commit(shelf, "the collection in library/")
    git(shelf, "branch", "-f", "main", "HEAD")
    git(shelf, "mv", "library/probing.md", "library/lovelace-probing.md")
    git(shelf, "rm", "-q", "library/old-survey.md")
    write(shelf, {"library/new.md": paper("A New Paper", ["Ada Lovelace"], ["interpretability"])})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    before, after = built_pages(shelf, "main", tmp_path), built_pages(shelf, "pr", tmp_path)
    assert claimed(report) == (before - after, after - before)
    assert {"papers/probing/", "papers/old-survey/"} <= claimed(report)[0]
    assert [paper.path for paper in report.added] == ["library/new.md"]
    assert report.renamed == {"library/lovelace-probing.md": "library/probing.md"}
    assert report.removed == ["library/old-survey.md"] and report.outside == []
    assert report.removed_titles == {"library/old-survey.md": "An Old Survey"}
    flag = next(flag for flag in report.flags if flag.path == "library/lovelace-probing.md")
    assert flag.details[0].startswith("from papers/probing/ to papers/lovelace-probing/")


def test_a_pull_request_that_moves_the_collection_moves_no_page(shelf, tmp_path):
    """papers/ and topics.yml moved into shelf/ with mkdocs.yml saying so: every paper is renamed, but no address
    changes, and the summary says where the collection is now read from rather than flagging 3 renames."""
    (shelf / "shelf").mkdir()
    git(shelf, "mv", "papers", "shelf/library")
    git(shelf, "mv", "topics.yml", "shelf/topics.yml")
    write(shelf, {"mkdocs.yml": SITE + "plugins:\n  - papershelf:\n      root: shelf\n      papers_dir: library\n"})
    commit(shelf)
    report = summarize_pr(shelf, "main", "pr")
    assert built_pages(shelf, "main", tmp_path) == built_pages(shelf, "pr", tmp_path)
    assert claimed(report) == (set(), set())
    assert len(report.renamed) == 3 and not any("renames a paper file" in flag.what for flag in report.flags)
    details = next(flag for flag in report.flags if flag.path == "mkdocs.yml").details
    assert ("the collection is read from elsewhere (papers/, topics.yml and authors.yml → shelf/library/, "
            "shelf/topics.yml and shelf/authors.yml): the published site is compared with the site built from the new "
            "places") in details
    assert report.outside == ["mkdocs.yml"] and report.problems == []
    assert next(flag for flag in report.flags if flag.path == "shelf/topics.yml").details == (
        "no topic changes: moved from topics.yml",)
