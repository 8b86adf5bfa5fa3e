"""The pull request summary on pull requests a maintainer meets, each a real git history over a copy of the
bundled collection (its 37 papers, topics.yml, mkdocs.yml and the docs/ pages of its site): the real
`papershelf pr-summary` command is run on it, and its output and comment file are read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import cmarkgfm
import pytest
from click.testing import CliRunner
from cmarkgfm.cmark import Options

from papershelf.cli import cli
from papershelf.model.writer import render_paper_file
from sitebuild import REPO
from test_prcheck import commit, git

RENAMED = "arm-net-adaptive-relation-modeling-network-for-structured-data"  # its six authors have no other paper
RENAMED_TITLE = "ARM-Net: Adaptive Relation Modeling Network for Structured Data"
TOPIC_IN_USE = "interpretable-by-design"  # three bundled papers name it
OWN_PAGES = sorted(path.stem for path in (REPO / "docs").glob("*.md") if path.stem != "index")
COMMENT_LIMIT = 65_536  # GitHub refuses a longer comment


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The bundled collection and its site's pages, committed on `main`: the published site."""
    root = tmp_path_factory.mktemp("published") / "shelf"
    for name in ("papers", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("topics.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    git(root, "init", "-q", "-b", "main")
    commit(root, "the published collection")
    return root


@pytest.fixture
def shelf(published, tmp_path) -> Path:
    """A clone of the published collection on the branch `pr`, as a contributor's fork is."""
    root = tmp_path / "fork"
    git(published, "clone", "-q", str(published), str(root))
    git(root, "checkout", "-q", "-b", "pr")
    return root


def summary_of(root: Path, tmp_path: Path) -> tuple[str, list[str], str]:
    """`papershelf pr-summary` on `main...pr`: (its Markdown, its workflow annotations, the comment it writes)."""
    comment = tmp_path / "comment.md"
    result = CliRunner().invoke(cli, ["pr-summary", "--root", str(root), "--base", "main", "--head", "pr",
                                      "--comment", str(comment)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    notes = [line for line in lines if line.startswith("::")]
    return "\n".join(line for line in lines if not line.startswith("::")), notes, comment.read_text(encoding="utf-8")


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_renamed_paper_file_says_first_that_a_published_address_breaks(shelf, tmp_path):
    git(shelf, "mv", f"papers/{RENAMED}.md", "papers/arm-net.md")
    commit(shelf)
    summary, notes, comment = summary_of(shelf, tmp_path)
    first = summary.splitlines()[2]  # after the commits compared
    assert first == "**Merging breaks published addresses**: 2 published addresses would answer 404 (see Published pages)."
    assert notes[0] == ("::warning title=Published pages go away::2 published addresses would answer 404 after this "
                        f"merge: papers/{RENAMED}.bib, papers/{RENAMED}/")  # its page and its BibTeX
    assert summary.index("renames a paper file\\: its page moves") < summary.index("### Published pages")
    assert f"- `papers/{RENAMED}/` ARM\\-Net\\: Adaptive" in summary
    assert "- `papers/arm-net/` ARM\\-Net\\: Adaptive" in summary  # the new address, listed after the papers
    assert "Renamed; no field changed." in summary
    assert first in comment


def test_a_deleted_paper_takes_its_page_and_its_only_authors_pages(shelf, tmp_path):
    git(shelf, "rm", "-q", f"papers/{RENAMED}.md")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    assert "**Merging breaks published addresses**: 8 published addresses would answer 404" in summary
    assert f"- `papers/{RENAMED}.bib` BibTeX of 'ARM\\-Net\\: Adaptive" in summary
    assert f"- ARM\\-Net\\: Adaptive Relation Modeling Network for Structured Data (`papers/{RENAMED}.md`)" in summary
    assert "'H\\. V\\. Jagadish' \\(1 paper\\) loses their page authors/h\\-v\\-jagadish/" in summary
    assert "- `authors/h-v-jagadish/` author 'H\\. V\\. Jagadish'" in summary
    assert notes[0].startswith("::warning title=Published pages go away::8 published addresses would answer 404")


def test_a_topic_removed_while_papers_use_it_is_an_error_in_each_of_them(shelf, tmp_path):
    text = (shelf / "topics.yml").read_text(encoding="utf-8")
    block = re.search(rf"\n- id: {TOPIC_IN_USE}\n(?:  .*\n)+", text)
    assert block is not None
    (shelf / "topics.yml").write_text(text.replace(block[0], "\n"), encoding="utf-8")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    users = sorted(path.name for path in (shelf / "papers").glob("*.md")
                   if f"- {TOPIC_IN_USE}\n" in path.read_text(encoding="utf-8"))
    assert len(users) == 3
    assert "would leave the collection with 3 errors it does not have today" in summary
    for name in users:
        assert re.search(rf"- `papers/{re.escape(name)}:\d+` `topics`: unknown topic 'interpretable\\-by\\-design'",
                         summary), name
    assert "'interpretable\\-by\\-design' is still a topic of 3 papers, which no longer validate" in summary
    assert summary.index("### Does not validate") < summary.index("### Flagged for a maintainer")
    assert any(note.startswith("::warning file=topics.yml,") for note in notes)


def test_a_new_site_url_moves_every_address(shelf, tmp_path):
    edit(shelf, "mkdocs.yml", "site_url: https://example.github.io/papershelf/", "site_url: https://papers.example.org/")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    assert "**Merging breaks published addresses**: every address of the site moves (`site_url`)" in summary
    assert ("**Every address of the site moves**: `site_url` '`https://example.github.io/papershelf/`' → "
            "'`https://papers.example.org/`'") in summary
    assert notes[0].startswith("::warning file=mkdocs.yml,title=Every address of the site moves::site_url "
                               "https://example.github.io/papershelf/ → https://papers.example.org/")


def test_use_directory_urls_off_breaks_the_address_of_every_page_of_the_site_s_own(shelf, tmp_path):
    edit(shelf, "mkdocs.yml", "edit_uri: edit/main/docs/\n", "edit_uri: edit/main/docs/\nuse_directory_urls: false\n")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    gone = re.findall(r"^- `([^`]+)` from docs/", summary.split("**New addresses**")[0], re.MULTILINE)
    new = re.findall(r"^- `([^`]+)` from docs/", summary.split("**New addresses**")[1], re.MULTILINE)
    assert sorted(gone) == sorted(f"{stem}/" for stem in OWN_PAGES)
    assert sorted(new) == sorted(f"{stem}.html" for stem in OWN_PAGES)
    assert f"{len(OWN_PAGES)} published addresses would answer 404" in summary
    assert "- `papers/" not in summary.split("**Addresses that go away**")[1].split("**New addresses**")[0]  # folders still


def test_a_pull_request_editing_a_paper_and_a_workflow_flags_the_workflow_first(shelf, tmp_path):
    """The workflow is a real one (Hugo Blox's deploy.yml, tests/fixtures/kit/README.md), added beside a date fix."""
    (shelf / ".github/workflows").mkdir(parents=True)
    shutil.copy(REPO / "tests/fixtures/kit/hugo-blox-deploy.yml", shelf / ".github/workflows/deploy.yml")
    edit(shelf, f"papers/{RENAMED}.md", "date: '2021-07-05'", "date: '2021-07-06'")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    flags = summary.split("### Flagged for a maintainer")[1].split("## Papers in this pull request")[0]
    first_flag = next(line for line in flags.splitlines() if line.startswith("- "))
    assert first_flag.startswith("- `.github/workflows/deploy.yml` adds a GitHub workflow")
    assert "  - runs on\\: push, workflow\\_dispatch" in flags
    assert "  - permissions\\: \\{'contents'\\: 'read', 'id\\-token'\\: 'write', 'pages'\\: 'write'\\}" in flags
    assert "  - job deploy\\: permissions \\{'id\\-token'\\: 'write', 'pages'\\: 'write'\\}" in flags
    assert "| `date` | <del>2021\\-07\\-05</del> | <ins>2021\\-07\\-06</ins> |" in summary
    assert notes[0].startswith("::warning file=.github/workflows/deploy.yml,title=Needs a maintainer::")


def test_three_hundred_changed_papers_fit_one_comment_that_names_what_it_left_out(shelf, tmp_path):
    """Every published paper gets a long note and 263 papers are added: the comment stays under GitHub's limit,
    keeps the changes to published papers, and names the sections it cut; the job summary keeps them all."""
    papers = sorted((shelf / "papers").glob("*.md"))
    for path in papers:
        path.write_text(path.read_text(encoding="utf-8") + "\nA reading-group note. " * 40, encoding="utf-8")
    for number in range(300 - len(papers)):
        (shelf / f"papers/added-{number:03d}.md").write_text(render_paper_file(
            {"title": f"An added paper on probing, number {number}", "authors": [f"Author {number}", "Ada Lovelace"],
             "date": "2025-01-02", "topics": [TOPIC_IN_USE]}, "An abstract."), encoding="utf-8")
    commit(shelf)
    summary, _, comment = summary_of(shelf, tmp_path)
    assert len(comment) < COMMENT_LIMIT
    assert f"<summary><b>Changed</b> ({len(papers)})</summary>" in comment
    assert comment.count("| abstract and notes |") == len(papers)  # every published paper's change shown
    note = next(line for line in comment.splitlines() if line.startswith("**Left out**"))
    assert re.fullmatch(r"\*\*Left out\*\* to keep this summary under 60 KiB \([\d,]+ lines\): the rest of Added "
                        r"\(263\), New authors \(264\), New addresses \(\d+\), Topics, Topics touched \(\d+\)\. Read the pull "
                        r"request's diff for the rest\.", note), note
    assert summary.count("- An added paper on probing, number") == 263  # the job summary keeps every one


HOSTILE_TITLE = ("<img src=x onerror=alert(1)> **Bold** [click](https://evil.example/) @octocat #12 "
                 "<!-- hide --> | pipe `code` </details><script>alert(2)</script>")


def test_a_title_of_markdown_and_html_shows_as_text_in_the_comment(shelf, tmp_path):
    """GitHub renders a comment with cmark-gfm: rendered so, raw HTML let through, the title's tags, emphasis,
    link, mention, issue reference and comment are text a reader sees, in the changed and the added paper."""
    edit(shelf, f"papers/{RENAMED}.md", f"title: '{RENAMED_TITLE}'", f"title: '{HOSTILE_TITLE}'")
    (shelf / "papers/hostile-new.md").write_text(render_paper_file(
        {"title": HOSTILE_TITLE.replace("#12", "#13"), "authors": ["Ada Lovelace"], "date": "2025-01-02",
         "topics": [TOPIC_IN_USE]}, "An abstract."), encoding="utf-8")
    commit(shelf)
    _, _, comment = summary_of(shelf, tmp_path)
    html = cmarkgfm.github_flavored_markdown_to_html(comment, options=Options.CMARK_OPT_UNSAFE)
    for markup in ("<img", "<script", "<strong>Bold", 'href="https://evil', "<!-- hide"):
        assert markup not in html, markup
    assert html.count("</details>") == html.count("<details>")
    shown = html.replace("\u2060", "")  # the word joiners that keep @octocat and #12 from linking
    assert shown.count("&lt;img src=x onerror=alert(1)&gt; **Bold** [click](https://evil.example/) @octocat") >= 3
    assert "&lt;/details&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in shown


def test_an_edited_home_page_and_guide_page_are_listed_with_their_addresses(shelf, tmp_path):
    """docs/index.md is the home page (the site's root address, shown as `./`); docs/reading.md is reading/."""
    for name in ("docs/index.md", "docs/reading.md"):
        with (shelf / name).open("a", encoding="utf-8") as page:
            page.write("\n<script>alert('edited')</script>\n")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    assert ("**Pages of the site's own edited (their Markdown is published as written)** (2)\n\n"
            "- `./` docs/index\\.md\n- `reading/` docs/reading\\.md\n") in summary
    assert "- `docs/reading.md` changes a page of the site's own" in summary
    assert "Merging breaks" not in summary  # no address moves
    assert not any("Published pages go away" in note for note in notes)


def test_a_topics_yml_edit_that_changes_no_topic_says_so(shelf, tmp_path):
    """A comment added to topics.yml is still flagged (it is site-wide data), with why it changes nothing."""
    edit(shelf, "topics.yml", "# The topics of the bundled collection.", "# The topics of the bundled collection (2026).")
    commit(shelf)
    summary, notes, _ = summary_of(shelf, tmp_path)
    assert "- `topics.yml` changes the topics every page lists\n  - no topic changes\\: only its formatting or comments" \
        in summary
    assert notes == ["::warning file=topics.yml,title=Needs a maintainer::topics.yml changes the topics every page "
                     "lists; no topic changes: only its formatting or comments"]


@pytest.mark.parametrize(("option", "of_papershelf"), [("docs_dir: ':(foo)bar'", False), ("papers_dir: ':(top)*'", True),
                                                    ("docs_dir: ../../etc", False), ("root: /etc", True)])
def test_a_mkdocs_yml_naming_strange_places_is_summarized_not_obeyed(shelf, tmp_path, option, of_papershelf):
    """Places a pull request's mkdocs.yml names are names, never git pathspec magic (an unknown one would stop git),
    and never outside the repository: the summary runs, and says what it could not follow."""
    if of_papershelf:
        edit(shelf, "mkdocs.yml", "  - papershelf:\n", f"  - papershelf:\n      {option}\n")
    else:
        edit(shelf, "mkdocs.yml", "edit_uri: edit/main/docs/\n", f"edit_uri: edit/main/docs/\n{option}\n")
    commit(shelf)
    summary, _, _ = summary_of(shelf, tmp_path)
    assert "changes the site's configuration" in summary
    assert ("is outside the repository" in summary) is ("etc" in option)
