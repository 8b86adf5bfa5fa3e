"""Bounded taxonomy: a depth limit on parent: chains with a clear error, a cycle check in linear time, and
breadcrumbs bounded whatever the topics say. Cases from tests/hostile/round3.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model.schema import TopicEntry
from papershelf.model.taxonomy import MAX_ANCESTORS, Taxonomy, Term, topic_ancestors
from papershelf.model.validate import MAX_TOPIC_DEPTH, check_topic_cycles

CASES = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))["taxonomy"]


def chain_topics(length: int, cycle: bool) -> list[TopicEntry]:
    return [TopicEntry(id=f"t{i}", title=f"Topic {i}", description="A topic.",
                       parent=f"t{i - 1}" if i else (f"t{length - 1}" if cycle else None)) for i in range(length)]


def topics_yml(topics: list[TopicEntry]) -> str:
    """One short line a topic: 1,100 of them fit under topics.yml's 64 KB, as in the review's file."""
    return "".join(f"- {{id: {t.id}, title: {t.id}, description: d{', parent: ' + t.parent if t.parent else ''}}}\n"
                   for t in topics)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['chain']}{'-cycle' if c['cycle'] else ''}" for c in CASES])
def test_each_chain_is_accepted_or_refused_with_a_clear_message(case, tmp_path):
    problems = check_topic_cycles(chain_topics(case["chain"], case["cycle"]), "topics.yml")  # cost: benchmarks/hostile.py
    if case["expect"] == "valid":
        assert problems == []
        return
    assert problems and all(case["message"] in p.message and p.field == "parent" for p in problems)
    assert all(len(p.message) < 400 for p in problems)  # long chains are shortened in the message
    if not case["cycle"]:
        assert len(problems) == 1 and problems[0].message.startswith(f"topic 't{MAX_TOPIC_DEPTH}'")


def test_validate_refuses_a_deep_topics_yml_with_file_line_and_field(tmp_path):
    root = tmp_path / "shelf"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "topics.yml").write_text(topics_yml(chain_topics(1100, False)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "topics.yml:" in result.output and "is nested 9 levels deep" in result.output
    assert "Traceback" not in result.output


def test_breadcrumbs_stay_bounded_whatever_the_topics_say():
    topics = chain_topics(3000, False)
    terms = {t.id: Term("topics", t.id, t.title, t.id, info=t) for t in topics}
    taxonomy = Taxonomy(declaration=None, terms=terms, by_paper={})
    assert len(topic_ancestors(taxonomy, "t2999")) == MAX_ANCESTORS
    assert topic_ancestors(taxonomy, "t3") == ["t2", "t1", "t0"]
