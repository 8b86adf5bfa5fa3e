"""Suggestion → pull request: the issue-form parser on issue bodies in GitHub's format, and
`papershelf suggest` against the recorded arXiv API (tests/fixtures/sources/)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.review.suggest import form_labels, identify, parse_issue_form, read_suggestion

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "sources"))
from arxiv_api import recorded_arxiv_api  # noqa: E402
from crossref_api import RECORDED as CROSSREF  # noqa: E402
from crossref_api import recorded_crossref_api

REPO = Path(__file__).resolve().parents[1]
BODIES = Path(__file__).parent / "fixtures" / "issue-forms"


def body(name: str) -> str:
    return (BODIES / name).read_bytes().decode("utf-8")


def github_body(form: dict, answers: dict[str, str]) -> str:
    """An issue body as GitHub renders one from `form`: '### label', blank line, answer or _No response_."""
    sections = [f"### {item['attributes']['label']}\n\n{answers.get(item['id']) or '_No response_'}"
                for item in form["body"] if item["type"] != "markdown"]
    return "\n\n".join(sections)


def test_the_parser_reads_a_crlf_body_and_ignores_headings_in_fenced_code():
    answers = parse_issue_form(body("suggest-arxiv-crlf.md"))
    assert list(answers) == ["arXiv id or link", "Topics", "Why it belongs"]
    assert answers["arXiv id or link"] == "https://arxiv.org/abs/1605.08386v1"
    assert answers["Topics"] == "example-topic, `geometry`"
    assert answers["Why it belongs"].startswith("It shows the heat kernel trick.\n\nA second paragraph")
    assert "### Topics\n\nnot-a-topic\n```" in answers["Why it belongs"]


def test_no_response_is_an_empty_answer_and_another_forms_labels_are_read_too():
    assert parse_issue_form(body("suggest-doi-no-topics.md"))["Topics"] == ""
    other = parse_issue_form(body("other-form.md"))
    assert other["Paper URL"] == "https://arxiv.org/html/2411.06587v1"
    assert other["(Required) What is this issue most closely related to? Select one."] == "Choose One"


def test_the_parser_reads_what_github_renders_from_this_repositorys_form():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text(encoding="utf-8"))
    rendered = github_body(form, {"paper": "1706.03762", "topics": "a, b", "why": "Line one\nline two"})
    labels = form_labels(REPO)
    assert labels == {"paper": "arXiv id or link", "topics": "Topics", "why": "Why it belongs"}
    suggestion, problems = read_suggestion(rendered, labels)
    assert problems == []
    assert (suggestion.arxiv_id, suggestion.topics, suggestion.why) == ("1706.03762", ["a", "b"], "Line one\nline two")


@pytest.mark.parametrize("text, expected", [
    ("1706.03762", ("1706.03762", None)),
    ("https://arxiv.org/abs/1706.03762v7", ("1706.03762", None)),
    ("https://arxiv.org/html/2411.06587v1", ("2411.06587", None)),
    ("<https://arxiv.org/pdf/1706.03762>", ("1706.03762", None)),
    ("https://huggingface.co/papers/2411.06587", ("2411.06587", None)),
    ("hep-th/9901001", ("hep-th/9901001", None)),
    ("10.1145/3442188.3445922", (None, "10.1145/3442188.3445922")),
    ("https://doi.org/10.1103/PhysRevD.76.013009", (None, "10.1103/PhysRevD.76.013009")),
    ("doi:10.1038/nature14539.", (None, "10.1038/nature14539")),
    ("https://doi.org/10.48550/arXiv.1706.03762", ("1706.03762", "10.48550/arXiv.1706.03762")),
])
def test_paper_answers_are_identified(text, expected):
    arxiv_id, doi, problem = identify(text)
    assert (arxiv_id, doi, problem) == (*expected, "")


def test_problems_in_the_form_are_listed_together():
    suggestion, problems = read_suggestion(body("suggest-doi-no-topics.md"), form_labels(REPO))
    assert suggestion.doi == "10.1103/PhysRevD.76.013009"
    assert problems == ["'Topics' is empty: give one or more topic ids from topics.yml"]
    _, problems = read_suggestion("### arXiv id or link\n\nsee the attached paper\n\n### Topics\n\nx\n",
                                  form_labels(REPO))
    assert len(problems) == 1 and "neither an arXiv id or link" in problems[0]
    _, problems = read_suggestion("I would like you to add a paper.", form_labels(REPO))
    assert problems and "no '### arXiv id or link' section" in problems[0]
    _, problems = read_suggestion("### Topics\n\n" + "x" * 70000, form_labels(REPO))
    assert problems == ["the issue body has 70,012 characters; the limit is 65,536"]


@pytest.fixture
def collection(tmp_path) -> Path:
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "topics.yml").write_text(
        "- id: example-topic\n  title: Example topic\n  description: An example.\n"
        "- id: geometry\n  title: Geometry\n  description: Shapes.\n", encoding="utf-8")
    return root


def suggest(*args: str):
    return CliRunner().invoke(cli, ["suggest", *args], catch_exceptions=False)


def test_dry_run_shows_the_paper_and_the_pull_request_and_writes_nothing(collection):
    with recorded_arxiv_api() as api:
        result = suggest("--issue-body", str(BODIES / "suggest-arxiv-crlf.md"), "--issue", "12", "--dry-run",
                         "--root", str(collection), "--api-url", api.url)
    assert result.exit_code == 0, result.output
    assert api.requests == ["1605.08386"]
    assert "would write papers/heat-bath-random-walks-with-markov-bases.md:" in result.output
    assert "title: Heat-bath random walks with Markov bases" in result.output
    assert "- example-topic\n- geometry" in result.output
    assert "pull request: Add paper: Heat-bath random walks with Markov bases" in result.output
    assert "Closes #12." in result.output
    assert list((collection / "papers").glob("*.md")) == []


def test_a_dry_run_prints_the_suggesters_control_characters_escaped(collection, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text("### arXiv id or link\n\n1605.08386\n\n### Topics\n\ngeometry\n\n"
                     "### Why it belongs\n\nRead it \x1b[2J\x1b]0;pwned\x07 now \u202etxt.exe\n", encoding="utf-8")
    with recorded_arxiv_api() as api:
        result = suggest("--issue-body", str(issue), "--dry-run", "--root", str(collection), "--api-url", api.url)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    quoted = next(line for line in result.output.splitlines() if "Read it" in line)
    assert "\\x1b" in quoted and "\\x07" in quoted and "\\u202e" in quoted  # shown, as escapes


def test_the_workflow_path_adds_the_paper_and_writes_the_pull_request_texts(collection, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "labeled", "label": {"name": "add-paper"},
                                 "issue": {"number": 7, "body": body("suggest-hostile.md")}}), encoding="utf-8")
    out = tmp_path / "out"
    with recorded_arxiv_api() as api:
        result = suggest("--github-event", str(event), "--output-dir", str(out), "--root", str(collection),
                         "--api-url", api.url)
    assert result.exit_code == 0, result.output
    [paper] = (collection / "papers").glob("*.md")
    assert "arxiv: '1111.2011'" in paper.read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", "--root", str(collection)]).exit_code == 0
    title = (out / "pr-title.txt").read_text(encoding="utf-8")
    assert title.startswith("Add paper: ") and title.count("\n") == 1
    pr_body = (out / "pr-body.md").read_text(encoding="utf-8")
    assert pr_body.startswith("Closes #7.")
    assert f"`{paper.relative_to(collection).as_posix()}`" in pr_body
    # the suggester's text is quoted as literal Markdown: no link, image, mention or HTML survives
    quoted = [line for line in pr_body.splitlines() if line.startswith("> ")]
    assert quoted and "<img" not in pr_body and "](javascript" not in pr_body
    assert not re.search(r"(?<!\\)@everyone", pr_body)
    assert "\\@\u2060everyone" in quoted[0] and "&lt;img" in quoted[0]  # no mention: tests/test_github_text.py
    assert (out / "commit-message.txt").read_text(encoding="utf-8") == f"{title}\nCloses #7.\n"
    assert not (out / "comment.md").exists()
    assert not Path("/tmp/pwned").exists()


def test_a_suggestion_that_cannot_be_added_gets_the_reasons_as_a_comment(collection, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text("### arXiv id or link\n\n1605.08386\n\n### Topics\n\ngeometri, example-topic\n\n"
                     "### Why it belongs\n\nGood.\n", encoding="utf-8")
    out = tmp_path / "out"
    with recorded_arxiv_api() as api:
        result = CliRunner().invoke(cli, ["suggest", "--issue-body", str(issue), "--output-dir", str(out),
                                          "--root", str(collection), "--api-url", api.url])
    assert result.exit_code == 1
    assert "unknown topic 'geometri': did you mean 'geometry'?" in result.output
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("This suggestion could not be added automatically:")
    assert "unknown topic 'geometri'" in comment and "add-paper" in comment
    assert list((collection / "papers").glob("*.md")) == [] and not (out / "pr-body.md").exists()


def test_a_doi_without_an_arxiv_id_is_added_from_crossref(collection, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text("### arXiv id or link\n\nhttps://doi.org/10.1371/journal.pone.0033693\n\n"
                     "### Topics\n\nexample-topic\n", encoding="utf-8")
    with recorded_crossref_api() as crossref:
        result = suggest("--issue-body", str(issue), "--root", str(collection), "--crossref-url", crossref.url)
    assert result.exit_code == 0, result.output
    assert crossref.requests == ["10.1371/journal.pone.0033693"]
    [paper] = (collection / "papers").glob("*.md")
    recorded = json.loads(next(CROSSREF.glob("works-*.json")).read_bytes())["message"]
    text = paper.read_text(encoding="utf-8")
    assert "doi: 10.1371/journal.pone.0033693" in text and recorded["title"][0].split()[0] in text
    assert CliRunner().invoke(cli, ["validate", "--root", str(collection)]).exit_code == 0


def test_a_doi_crossref_does_not_know_a_missing_topic_and_a_paper_already_present_are_explained(collection, tmp_path):
    result = CliRunner().invoke(cli, ["suggest", "--issue-body", str(BODIES / "suggest-doi-no-topics.md"),
                                      "--root", str(collection)])
    assert result.exit_code == 1 and "'Topics' is empty" in result.output
    issue = tmp_path / "issue.md"
    issue.write_text("### arXiv id or link\n\n10.1103/PhysRevB.85.115117\n\n### Topics\n\nexample-topic\n",
                     encoding="utf-8")
    with recorded_crossref_api() as crossref:
        result = CliRunner().invoke(cli, ["suggest", "--issue-body", str(issue), "--root", str(collection),
                                          "--crossref-url", crossref.url])
    assert result.exit_code == 1 and "Crossref has no work with DOI 10.1103/PhysRevB.85.115117" in result.output
    assert list((collection / "papers").glob("*.md")) == []
    with recorded_arxiv_api() as api:
        args = ["suggest", "--issue-body", str(BODIES / "suggest-hostile.md"), "--root", str(collection),
                "--api-url", api.url]
        assert CliRunner().invoke(cli, args).exit_code == 0
        again = CliRunner().invoke(cli, args)
    assert again.exit_code == 1 and "already in the collection" in again.output


def test_usage_errors(collection, tmp_path):
    neither = CliRunner().invoke(cli, ["suggest", "--root", str(collection)])
    assert neither.exit_code == 2 and "give either --issue-body FILE or --github-event FILE" in neither.output
    event = tmp_path / "event.json"
    event.write_text('{"pull_request": {}}', encoding="utf-8")
    both = CliRunner().invoke(cli, ["suggest", "--issue-body", str(BODIES / "suggest-doi-no-topics.md"),
                                    "--github-event", str(event), "--root", str(collection)])
    assert both.exit_code == 2 and "give either --issue-body FILE or --github-event FILE" in both.output
    result = CliRunner().invoke(cli, ["suggest", "--github-event", str(event), "--root", str(collection)])
    assert result.exit_code == 2 and "is not the event of an issue" in result.output


# A stand-in for GitHub's CLI (GitHub's API is not under test): it records each call's arguments, keeps the
# repository's labels and open pull requests in files, and fails `gh pr create` as GitHub does when the
# repository does not let Actions create pull requests (GH_FAIL_PR=1).
GH_STAND_IN = r"""#!/usr/bin/env bash
state="$GH_STATE"
printf "%s\n" "$@" "--" >> "$state/calls.txt"
case "$1 $2" in
  "auth setup-git") ;;
  "label list") cat "$state/labels.txt" ;;
  "label create") printf "%s\n" "$3" >> "$state/labels.txt" ;;
  "pr list") cat "$state/open-pr.txt" 2>/dev/null || true ;;
  "pr create")
    if [ "${GH_FAIL_PR:-}" = 1 ]; then
      echo "pull request create failed: GraphQL: GitHub Actions is not permitted to create or approve pull requests (createPullRequest)" >&2
      exit 1
    fi
    echo "https://github.com/ourlab/shelf/pull/8" | tee "$state/open-pr.txt" ;;
  "issue comment") cp "$5" "$state/comment-$3.md" ;;
  *) echo "unexpected gh call: $*" >&2; exit 2 ;;
esac
"""


class Runner:
    """The kit's suggest.yml steps run as GitHub runs them (bash -eo pipefail): each run in a fresh clone of a
    local bare origin (as actions/checkout makes one), with the stand-in `gh` on PATH."""

    def __init__(self, collection: Path, tmp_path: Path):
        import os

        self.tmp = tmp_path
        workflow = yaml.safe_load((collection / ".github/workflows/suggest.yml").read_text(encoding="utf-8"))
        self.jobs = workflow["jobs"]
        self.env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                    "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
                    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        self.origin = tmp_path / "origin.git"
        self.state = tmp_path / "github"
        self.state.mkdir()
        (self.state / "labels.txt").write_text("bug\n", encoding="utf-8")
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(GH_STAND_IN, encoding="utf-8")
        (bin_dir / "gh").chmod(0o755)
        self.path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]])
        assert self.sh(f"git init -q --bare -b main {self.origin}", tmp_path).returncode == 0
        assert self.sh(f"git init -q -b main && git add -A && git commit -qm init && git remote add origin "
                       f"{self.origin} && git push -q origin main", collection).returncode == 0
        self.runs = 0

    def sh(self, command: str, cwd: Path, **extra: str):
        import subprocess

        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd,
                              env={**self.env, **extra}, capture_output=True, text=True, timeout=120)

    def step(self, job: str, name: str) -> str:
        [step] = [s for s in self.jobs[job]["steps"] if name in (s.get("id"), s.get("name"))]
        return step["run"]

    def labels(self):
        return self.sh(self.step("labels", "Create add-paper and paper suggestion unless they exist"), self.tmp,
                       PATH=self.path, GH_STATE=str(self.state), GH_TOKEN="t", GH_REPO="ourlab/shelf")

    def add_paper(self, body_text: str, **extra: str) -> dict[str, object]:
        """One run of the add-paper job: suggest, open the pull request, then (always) comment."""
        self.runs += 1
        work, temp = self.tmp / f"checkout-{self.runs}", self.tmp / f"runner-{self.runs}"
        temp.mkdir()
        assert self.sh(f"git clone -q {self.origin} {work}", self.tmp).returncode == 0
        event = temp / "event.json"
        event.write_text(json.dumps({"issue": {"number": 7, "body": body_text}}), encoding="utf-8")
        actions = {"GITHUB_EVENT_PATH": str(event), "RUNNER_TEMP": str(temp), "PATH": self.path,
                   "GH_STATE": str(self.state), "GH_TOKEN": "t", "GITHUB_SERVER_URL": "https://github.com",
                   "GITHUB_REPOSITORY": "ourlab/shelf", "GITHUB_RUN_ID": "99", **extra}
        outcome = {}
        with recorded_arxiv_api() as api:
            suggest_run = self.step("add-paper", "suggest").replace(
                "papershelf suggest", f"{sys.executable} -m papershelf.cli suggest")
            outcome["suggest"] = self.sh(suggest_run, work, **actions, PAPERSHELF_ARXIV_API=api.url)
        if outcome["suggest"].returncode == 0:
            outcome["pr"] = self.sh(self.step("add-paper", "Open the pull request"), work, **actions,
                                    BASE_BRANCH="main", BRANCH="add-paper/issue-7")
        outcome["comment"] = self.sh(self.step("add-paper", "Tell the issue what happened"), work, **actions,
                                     ISSUE_NUMBER="7")
        outcome["posted"] = (self.state / "comment-7.md").read_text(encoding="utf-8")
        (self.state / "comment-7.md").unlink()
        return outcome

    def branches(self) -> str:
        return self.sh("git branch --list 'add-paper/*'", self.origin).stdout.strip()


@pytest.fixture
def runner(collection, tmp_path) -> Runner:
    return Runner(collection, tmp_path)


def test_the_workflow_creates_its_labels_only_when_missing(runner):
    assert runner.labels().returncode == 0
    assert (runner.state / "labels.txt").read_text(encoding="utf-8").splitlines() == \
        ["bug", "add-paper", "paper suggestion"]
    calls = (runner.state / "calls.txt").read_text(encoding="utf-8")
    assert calls.count("label\ncreate\n") == 2
    assert runner.labels().returncode == 0  # both exist now: nothing created
    assert (runner.state / "calls.txt").read_text(encoding="utf-8").count("label\ncreate\n") == 2
    form = yaml.safe_load((REPO / "src/papershelf/scaffold/.github/ISSUE_TEMPLATE/suggest-paper.yml").read_text())
    assert form["labels"] == ["paper suggestion"]  # the label the form applies is one of those created
    on = yaml.safe_load((REPO / "src/papershelf/scaffold/.github/workflows/suggest.yml").read_text())[True]
    assert "workflow_dispatch" in on  # run once by hand on a new repository to make the labels


def test_the_workflow_opens_the_pull_request_without_running_issue_text_and_says_so(runner):
    first = runner.add_paper(body("suggest-hostile.md"))
    assert first["pr"].returncode == 0, first["pr"].stdout + first["pr"].stderr
    assert not Path("/tmp/pwned").exists()
    pushed = runner.sh("git log --format=%s%n%b -1 add-paper/issue-7 && git show --name-only --format= "
                       "add-paper/issue-7", runner.origin)
    assert "Closes #7." in pushed.stdout and "papers/" in pushed.stdout
    assert first["posted"] == "The pull request https://github.com/ourlab/shelf/pull/8 adds this paper.\n"
    recorded = (runner.state / "calls.txt").read_text(encoding="utf-8").split("--\n")
    assert recorded[0] == "auth\nsetup-git\n"
    create = next(call.splitlines() for call in recorded if call.startswith("pr\ncreate"))
    assert create[:6] == ["pr", "create", "--base", "main", "--head", "add-paper/issue-7"]
    assert create[7].startswith("Add paper: ")  # the title is one argument, never shell code

    # a rerun (the label removed and added again) updates the same branch and pull request
    again = runner.add_paper(body("suggest-hostile.md"))
    assert again["pr"].returncode == 0, again["pr"].stderr
    assert "https://github.com/ourlab/shelf/pull/8" in again["posted"] and "new run" in again["posted"]
    assert runner.branches() == "add-paper/issue-7"


def test_a_pull_request_github_refuses_leaves_no_branch_names_the_setting_and_a_rerun_works(runner):
    refused = runner.add_paper(body("suggest-hostile.md"), GH_FAIL_PR="1")
    assert refused["pr"].returncode == 1
    assert runner.branches() == ""  # nothing left pushed
    posted = refused["posted"]
    assert "GitHub Actions is not permitted to create or approve pull requests" in posted
    assert "Settings → Actions → General → Workflow permissions → Allow GitHub Actions to create and" in posted
    assert "`add-paper`" in posted

    fixed = runner.add_paper(body("suggest-hostile.md"))  # after the maintainer turned the setting on
    assert fixed["pr"].returncode == 0, fixed["pr"].stdout + fixed["pr"].stderr
    assert fixed["posted"] == "The pull request https://github.com/ourlab/shelf/pull/8 adds this paper.\n"
    assert runner.branches() == "add-paper/issue-7"


def test_a_leftover_branch_from_an_earlier_run_does_not_stop_a_rerun(runner):
    # what an earlier run pushed: a commit the new one does not descend from (a plain push would be refused)
    assert runner.sh('git branch add-paper/issue-7 "$(git commit-tree "main^{tree}" -p main -m earlier)"',
                     runner.origin).returncode == 0
    assert runner.branches() == "add-paper/issue-7"
    outcome = runner.add_paper(body("suggest-hostile.md"))
    assert outcome["pr"].returncode == 0, outcome["pr"].stdout + outcome["pr"].stderr
    assert "adds this paper" in outcome["posted"]


def test_the_issue_always_hears_back(runner):
    unknown = runner.add_paper("### arXiv id or link\n\n1605.08386\n\n### Topics\n\ngeometri\n\n"
                               "### Why it belongs\n\nGood.\n")
    assert unknown["suggest"].returncode == 1 and "pr" not in unknown
    assert "geometri" in unknown["posted"] and "did you mean 'geometry'" in unknown["posted"]
    # a failure before papershelf could say anything (here: no event file to read) still reaches the issue
    broken = runner.add_paper(body("suggest-hostile.md"), GITHUB_EVENT_PATH=str(runner.tmp / "missing.json"))
    assert broken["suggest"].returncode == 2
    assert broken["posted"] == "The suggestion workflow failed before it could add the paper: see " \
                               "https://github.com/ourlab/shelf/actions/runs/99\n"


@pytest.mark.parametrize("answer, topics", [
    ("Example topic", ["example-topic"]),  # a title, as people type it
    ("example-topic, geometry", ["example-topic", "geometry"]),
    ("example-topic geometry", ["example-topic", "geometry"]),  # ids separated by spaces
    ("`geometry`;\nexample-topic", ["geometry", "example-topic"]),
    ("Shapes and more", ["Shapes and more"]),  # not a topic: kept whole, for add to explain
])
def test_topics_are_read_by_id_as_the_form_lists_them(collection, answer, topics):
    from papershelf.review.suggest import topic_ids

    suggestion, problems = read_suggestion(
        f"### arXiv id or link\n\n1605.08386\n\n### Topics\n\n{answer}\n\n### Why it belongs\n\nGood.\n",
        form_labels(collection))
    assert problems == []
    assert topic_ids(collection, suggestion.topics) == topics


def test_a_topic_title_in_the_form_adds_the_paper_under_its_id(collection, tmp_path):
    issue = tmp_path / "issue.md"
    issue.write_text("### arXiv id or link\n\n1605.08386\n\n### Topics\n\nExample topic\n\n"
                     "### Why it belongs\n\nGood.\n", encoding="utf-8")
    with recorded_arxiv_api() as api:
        result = suggest("--issue-body", str(issue), "--root", str(collection), "--api-url", api.url)
    assert result.exit_code == 0, result.output
    [paper] = (collection / "papers").glob("*.md")
    assert "topics:\n- example-topic\n" in paper.read_text(encoding="utf-8")
