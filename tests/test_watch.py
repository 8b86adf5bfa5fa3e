"""`papershelf watch` against recorded arXiv and Hugging Face answers served from 127.0.0.1
(tests/fixtures/sources/watch_feeds.py; README.md there names where each answer comes from)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.watch.issue import read_issue

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "sources"))
from arxiv_api import closed_port_url  # noqa: E402
from watch_feeds import HF_DAYS, recorded_feeds  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HF_DAY = json.loads((HF_DAYS / "daily_papers-2024-05-27.json").read_text(encoding="utf-8"))
WATCH_CONFIG = """
      watch:
        arxiv: [cs.SE, cs.LG]
        query: testing
        hf: true
        arxiv_limit: {arxiv_limit}
        limit: 8
        per_topic: 3
"""


def make_shelf(root: Path, arxiv_limit: int = 10, watch: str | None = None) -> Path:
    """The bundled collection (papers, topics) with a mkdocs.yml that sets the plugin's `watch:` option."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "papers", root / "papers")
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    config = WATCH_CONFIG.format(arxiv_limit=arxiv_limit) if watch is None else watch
    (root / "mkdocs.yml").write_text(f"site_name: Shelf\nplugins:\n  - search\n  - papershelf:{config}\n",
                                     encoding="utf-8")
    return root


@pytest.fixture
def shelf(tmp_path) -> Path:
    return make_shelf(tmp_path / "shelf")


def watch(root: Path, feeds, *args: str):
    return CliRunner().invoke(cli, ["watch", "--root", str(root), "--until", "2024-05-27", "--api-url", feeds.arxiv_url,
                                    "--hf-url", feeds.hf_url, *args])


def test_watch_reads_the_window_from_both_sources_with_arxiv_pacing(tmp_path):
    shelf = make_shelf(tmp_path / "shelf", arxiv_limit=20)
    with recorded_feeds() as feeds:
        result = watch(shelf, feeds, "--format", "json")
    assert result.exit_code == 0, result.output
    # arXiv: one search for the categories AND the query AND the window, newest first, two pages 3 s apart
    first, second = feeds.arxiv_requests
    assert first["search_query"] == ("(cat:cs.SE OR cat:cs.LG) AND (testing) AND "
                                     "submittedDate:[202405210000 TO 202405272359]")
    assert (first["sortBy"], first["sortOrder"], first["start"], second["start"]) == (
        "submittedDate", "descending", "0", "10")
    assert feeds.arxiv_times[1] - feeds.arxiv_times[0] >= 3.0
    # Hugging Face: each day of the 7-day window
    assert feeds.hf_requests == [f"2024-05-{day}" for day in range(21, 28)]
    report = json.loads(result.stdout)
    # of the 20 recorded arXiv answers only 2405.13786 (2024-05-22) is in the window; HF gave 13
    assert report["read"] == 14 and report["ranked"] == 14
    listed = {entry["arxiv"] for entries in report["topics"].values() for entry in entries}
    assert listed <= {item["paper"]["id"] for item in HF_DAY} | {"2405.13786"}


def topic_papers(root: Path, topic: str) -> dict[str, str]:
    """slug → text of the papers listing the topic or one of its subtopics, read from the files."""
    import yaml

    topics = yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))
    family = {topic} | {t["id"] for t in topics if t.get("parent") == topic}
    found = {}
    for path in (root / "papers").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if family & set(yaml.safe_load(text.split("---")[1])["topics"]):
            found[path.stem] = text.lower()
    return found


def test_each_topic_lists_its_best_candidates_with_the_paper_they_are_like_and_the_words(shelf):
    with recorded_feeds() as feeds:
        result = watch(shelf, feeds, "--format", "json")
    topics = json.loads(result.stdout)["topics"]
    assert set(topics) == {line.split(": ")[1] for line in (shelf / "topics.yml").read_text().splitlines()
                           if line.startswith("- id: ")}
    texts = {item["paper"]["id"]: (item["paper"]["title"] + " " + item["paper"]["summary"]).lower() for item in HF_DAY}
    for topic, entries in topics.items():
        assert [entry["rank"] for entry in entries] == list(range(1, len(entries) + 1))
        assert [entry["score"] for entry in entries] == sorted((entry["score"] for entry in entries), reverse=True)
        papers = topic_papers(shelf, topic)
        for entry in entries:
            assert entry["url"] == f"https://arxiv.org/abs/{entry['arxiv']}"
            if entry["best_match"]["slug"]:  # the most alike paper is one of the topic's own
                assert entry["best_match"]["slug"] in papers
            for word in entry["words"]:  # each matched word is in the candidate and in the topic's papers or title
                assert word in texts.get(entry["arxiv"], word), (word, entry["arxiv"])
    mechanistic = [entry["arxiv"] for entry in topics["mechanistic-interpretability"]]
    assert "2405.15071" in mechanistic  # "Grokked Transformers …: A Mechanistic Journey …" (circuits) is listed
    grokked = topics["mechanistic-interpretability"][mechanistic.index("2405.15071")]
    assert "mechanistic" in grokked["words"] and "circuits" in grokked["words"]
    assert {"2405.15738", "2405.15574"} <= {entry["arxiv"] for entry in topics["multimodal-llms"]}  # ConvLLaVA, Meteor


def test_text_and_markdown_show_the_same_ranking(shelf):
    with recorded_feeds() as feeds:
        as_json = json.loads(watch(shelf, feeds, "--format", "json").stdout)
        text = watch(shelf, feeds).stdout
        markdown = watch(shelf, feeds, "--format", "markdown").stdout
    assert "window: 2024-05-21 to 2024-05-27" in text
    assert "read: Hugging Face Daily Papers: 13 papers" in text
    first = as_json["topics"]["mechanistic-interpretability"][0]
    section = text.split("topic mechanistic-interpretability (Mechanistic interpretability):\n")[1].split("\n\n")[0]
    assert section.splitlines()[0].split()[2] == first["arxiv"]
    assert f"like: {first['best_match']['title']}" in section
    assert "## Mechanistic interpretability (`mechanistic-interpretability`)" in markdown
    listed = markdown.split("## Mechanistic interpretability (`mechanistic-interpretability`)\n\n")[1].splitlines()
    assert listed[0].startswith("1. **") and f"[arXiv {first['arxiv']}](https://arxiv.org/abs/{first['arxiv']})" in listed[0]
    assert "Mamba\\-based" in markdown  # a title's Markdown characters are escaped ("Meteor: Mamba-based …")


def test_papers_already_in_the_collection_are_left_out_by_arxiv_id_doi_or_title(shelf):
    aya, grokked = HF_DAY[3]["paper"], HF_DAY[4]["paper"]
    (shelf / "papers" / "aya.md").write_text(
        f"---\ntitle: Aya 23 (our copy)\nauthors: [A. Author]\ndate: 2024-05-23\narxiv: '{aya['id']}'\n"
        "topics: [multilinguality]\n---\nOur copy.\n", encoding="utf-8")
    (shelf / "papers" / "grokked.md").write_text(
        f"---\ntitle: '{grokked['title'].upper()}'\nauthors: ['{grokked['authors'][0]['name']}']\ndate: 2024-05-23\n"
        "topics: [reasoning]\n---\nThe same paper (title, year, first author), without its arXiv id.\n",
        encoding="utf-8")
    with recorded_feeds() as feeds:
        report = json.loads(watch(shelf, feeds, "--format", "json").stdout)
    listed = {entry["arxiv"] for entries in report["topics"].values() for entry in entries}
    assert report["already_in_collection"] == 2 and report["ranked"] == 12
    assert aya["id"] not in listed and grokked["id"] not in listed


def test_an_unreachable_source_is_one_line_and_the_other_still_counts(shelf):
    with recorded_feeds() as feeds:
        result = CliRunner().invoke(cli, ["watch", "--root", str(shelf), "--until", "2024-05-27", "--api-url",
                                          closed_port_url(), "--hf-url", feeds.hf_url])
    assert result.exit_code == 0, result.output
    assert "Warning: arXiv: cannot reach arXiv at http://127.0.0.1:" in result.stderr
    assert "Connection refused" in result.stderr and "its papers are missing from this list" in result.stderr
    assert "Traceback" not in result.output and "read: Hugging Face Daily Papers: 13 papers" in result.stdout
    with recorded_feeds(hf_answer=(502, "<html>Bad gateway</html>", "text/html")) as feeds:
        result = CliRunner().invoke(cli, ["watch", "--root", str(shelf), "--until", "2024-05-27", "--api-url",
                                          closed_port_url(), "--hf-url", feeds.hf_url])
    assert result.exit_code == 1
    assert "Hugging Face at http://127.0.0.1:" in result.stderr and "answered HTTP 502 for 2024-05-21" in result.stderr
    assert "Traceback" not in result.output


def test_an_html_page_instead_of_the_feeds_is_explained(shelf):
    with recorded_feeds(arxiv_answer=(200, "<!doctype html><p>login</p>", "text/html"),
                        hf_answer=(200, "<!doctype html><p>login</p>", "text/html")) as feeds:
        result = watch(shelf, feeds)
    assert result.exit_code == 1
    assert "answered with an HTML page, not arXiv's API feed" in result.stderr
    assert "answered something that is not JSON for 2024-05-21" in result.stderr


@pytest.mark.parametrize("config, message", [
    ("\n      watch:\n        arxiv: [cs.LG, 'cat:x OR all']\n", "'cat:x OR all' is not an arXiv category"),
    ("\n      watch:\n        hf: true\n        limits: 3\n", "unknown key 'limits'"),
    ("\n      watch:\n        hf: true\n        limit: 0\n", "watch: limit: expected a whole number from 1 to 200"),
    ("\n      watch:\n        hf: false\n", "nothing to read"),
])
def test_a_wrong_watch_option_is_a_usage_error_naming_it(tmp_path, config, message):
    shelf = make_shelf(tmp_path / "shelf", watch=config)
    result = CliRunner().invoke(cli, ["watch", "--root", str(shelf), "--until", "2024-05-27"])
    assert result.exit_code == 2 and message in result.stderr, result.output


@pytest.mark.parametrize("since, message", [("40d", "must be 1 to 31 days"), ("week", "like 7d or 2w")])
def test_the_window_is_bounded(shelf, since, message):
    result = CliRunner().invoke(cli, ["watch", "--root", str(shelf), "--since", since])
    assert result.exit_code == 2 and message in result.stderr


def test_the_mkdocs_plugin_accepts_the_watch_option(tmp_path):
    from mkdocs.config import load_config

    shelf = make_shelf(tmp_path / "shelf")
    (shelf / "docs").mkdir()
    config = load_config(str(shelf / "mkdocs.yml"))
    assert config.plugins["papershelf"].config.watch["arxiv"] == ["cs.SE", "cs.LG"]


HOSTILE = [
    "@everyone see #1 and [a link](https://evil.example/) ![x](https://evil.example/i.png)",
    "Sparse autoencoders <img src=x onerror=alert(1)> <!-- candidate 1111.11111 topics=surveys -->",
    "::set-output name=x::y mechanistic interpretability of circuits",
    "Crosscoders `code` *emphasis* https://evil.example/ owner/repo#12 GH-3 <!--",
]


def hostile_day() -> str:
    items = [{"paper": {"id": f"2405.9000{i}", "title": title, "summary": title + " sparse autoencoder features.",
                        "authors": [{"name": "@mallory"}], "publishedAt": "2024-05-23T00:00:00.000Z"}}
             for i, title in enumerate(HOSTILE)]
    return json.dumps(items)


def test_untrusted_titles_are_neutralised_in_the_issue_body(tmp_path):
    shelf = make_shelf(tmp_path / "shelf", watch="\n      watch:\n        hf: true\n        limit: 20\n")
    with recorded_feeds(hf_answer=(200, hostile_day(), "application/json")) as feeds:
        result = watch(shelf, feeds, "--format", "issue")
    assert result.exit_code == 0, result.output
    body = result.stdout
    state = read_issue(body)
    assert sorted(c.arxiv for c in state.candidates) == [f"2405.9000{i}" for i in range(len(HOSTILE))]
    assert "1111.11111" not in {c.arxiv for c in state.candidates}
    visible = re.sub(r"<!-- candidate \S+ topics=[a-z0-9,-]+ -->$", "", body, flags=re.MULTILINE)
    visible = re.sub(r"<!-- papershelf:(added|declined)[ \d.]* -->", "", visible)
    assert "<" not in visible  # no HTML, no comment: every < of a title is &lt;
    # no mention, issue reference or link GitHub would find (it reads the rendered text, past backslashes)
    assert not re.search(r"@everyone|@mallory|#1\b|#12\b|GH-3|https://evil|\]\(https://(?!arxiv\.org/abs/)", visible)
    assert "\\@\u2060everyone" in visible and "\\!\\[" in visible  # shown, inert
    assert not re.search(r"^::", body, flags=re.MULTILINE)
    links = re.findall(r"\]\((\S+?)\)", visible)
    assert links and all(re.fullmatch(r"https://arxiv\.org/abs/2405\.9000\d", link) for link in links)


def test_declined_and_added_papers_are_not_proposed_again(shelf, tmp_path):
    previous = tmp_path / "open-issue.json"
    previous.write_text(json.dumps([{"number": 5, "body": "Old list\n<!-- papershelf:added 2405.15738 -->\n"
                                                          "<!-- papershelf:declined 2405.15071 2405.15574 -->\n"}]),
                        encoding="utf-8")
    with recorded_feeds() as feeds:
        report = json.loads(watch(shelf, feeds, "--format", "json", "--previous-issue", str(previous)).stdout)
        body = watch(shelf, feeds, "--format", "issue", "--previous-issue", str(previous)).stdout
    listed = {entry["arxiv"] for entries in report["topics"].values() for entry in entries}
    assert report["declined"] == 3 and not listed & {"2405.15738", "2405.15071", "2405.15574"}
    state = read_issue(body)
    assert state.added == ["2405.15738"] and state.declined == ["2405.15071", "2405.15574"]
    assert len(state.candidates) == min(8, len(listed))  # the configured limit, or every listed paper
    assert not {c.arxiv for c in state.candidates} & {"2405.15738", "2405.15071", "2405.15574"}


def test_the_examples_in_docs_watching_are_what_watch_writes(shelf):
    """docs/watching.md shows a real issue body and text output: the ones this code writes from the recordings."""
    doc = (REPO / "docs" / "watching.md").read_text(encoding="utf-8")
    with recorded_feeds() as feeds:
        issue = watch(shelf, feeds, "--format", "issue").stdout
        text = watch(shelf, feeds, "--topic", "multimodal-llms").stdout
    assert f"```markdown\n{issue.rstrip()}\n```" in doc
    assert f"```text\n{text.rstrip()}\n```" in doc


def test_a_hostile_title_in_the_pull_request_title_closes_and_mentions_nothing(tmp_path):
    from types import SimpleNamespace

    from papershelf.watch.accept import AcceptOutcome, pull_request_body, pull_request_title

    meta = {"title": "Fixes #1: @everyone see owner/repo#2", "topics": ["surveys"]}
    outcome = AcceptOutcome(added=[("2405.90000", SimpleNamespace(meta=meta, path=tmp_path / "papers" / "x.md"))])
    title = pull_request_title(outcome)
    assert title.startswith("Add paper: F") and not re.search(r"Fixes #1|@everyone|repo#2", title)
    body = pull_request_body(outcome, 3, tmp_path, "maintainer")
    assert body.startswith("Adds the papers ticked in #3") and not re.search(r"Fixes #1|@everyone|repo#2", body)


CANDIDATES_2024_11 = Path(__file__).parent / "fixtures" / "watch" / "candidates-2024-11.jsonl"


@pytest.mark.parametrize(("topic", "on_topic"), [("sparse-autoencoders", "2411.08790"), ("medical-ai", "2411.12814")])
def test_the_default_scorer_ranks_a_clearly_on_topic_paper_above_off_topic_ones(topic, on_topic):
    """Real records of one month (tests/fixtures/watch/README.md): the on-topic paper is first for its topic."""
    from papershelf.model.collection import load_collection
    from papershelf.site.related import paper_text
    from papershelf.watch.candidates import topic_texts, topics_with_ancestors
    from papershelf.watch.rank import DEFAULT_SCORER, rank_candidates

    collection = load_collection(REPO)
    records = [json.loads(line) for line in CANDIDATES_2024_11.read_text(encoding="utf-8").splitlines()]
    ranking = rank_candidates([paper_text(p) for p in collection.papers],
                              [topics_with_ancestors(p.meta.topics, collection.topics) for p in collection.papers],
                              [f"{r['title']}\n{r['abstract']}" for r in records], topic_texts(collection.topics),
                              scorer=DEFAULT_SCORER)
    scores = ranking.scores[:, ranking.topic_ids.index(topic)]
    ids = [record["arxiv"] for record in records]
    on_topic_score = scores[ids.index(on_topic)]
    off_topic = [score for arxiv, score in zip(ids, scores, strict=True) if arxiv not in {"2411.08790", "2411.12814"}]
    assert len(off_topic) == 40 and on_topic_score > max(off_topic)
    assert ids[int(scores.argmax())] == on_topic


@pytest.mark.parametrize("option, variable", [("--hf-url", "PAPERSHELF_HF_API"), ("--api-url", "PAPERSHELF_ARXIV_API")])
def test_a_source_url_that_is_not_http_is_a_usage_error_naming_the_option(shelf, option, variable):
    """Every endpoint comes through the one `Sources` value, checked the same way."""
    result = CliRunner().invoke(cli, ["watch", "--root", str(shelf), option, "file:///etc/passwd"])
    assert result.exit_code == 2, result.output
    assert f"is not an http(s) URL (check {option} or ${variable})" in result.output
    assert "Traceback" not in result.output


def test_an_issue_with_nothing_remembered_keeps_one_marker_of_each_kind_across_runs():
    """Empty markers are written as read_issue reads them, so a second run replaces them instead of adding more."""
    from papershelf.watch.issue import after_add

    body = ("- [x] **A paper** · arXiv 2411.00001 <!-- candidate 2411.00001 topics=t -->\n"
            "<!-- papershelf:added -->\n<!-- papershelf:declined -->\n")
    for _ in range(2):
        body = after_add(body, [], {"2411.00001": "arXiv did not answer"})
    assert body.count("<!-- papershelf:added -->") == 1 and body.count("<!-- papershelf:declined -->") == 1, body
    assert body.count("not added: arXiv did not answer") == 1
