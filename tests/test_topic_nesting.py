"""Nested topics: a parent lists its subtopics' papers; a topic may not be its own ancestor."""

from __future__ import annotations

from papershelf.model.collection import check_collection, load_collection
from sitebuild import scratch_collection

PAPER = "---\ntitle: {title}\nauthors: [Ann Lee]\ndate: '2024-0{month}-01'\ntopics: [{topic}]\n---\n\nAbstract.\n"
TOPICS = """\
- id: vision
  title: Vision
  description: Seeing.
- id: detection
  title: Detection
  description: Finding things.
  parent: vision
- id: small-objects
  title: Small objects
  description: Finding small things.
  parent: detection
"""


def test_a_topic_counts_the_papers_of_every_topic_below_it_once(tmp_path):
    root = scratch_collection(tmp_path / "c", {
        "a.md": PAPER.format(title="A", month=1, topic="vision"),
        "b.md": PAPER.format(title="B", month=2, topic="detection"),
        "c.md": PAPER.format(title="C", month=3, topic="small-objects"),
        "d.md": PAPER.format(title="D", month=4, topic="vision, small-objects"),
    })
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    topics = load_collection(root).taxonomies["topics"]
    listed = {key: [p.slug for p in term.papers] for key, term in topics.terms.items()}
    assert listed == {"vision": ["d", "c", "b", "a"], "detection": ["d", "c", "b"], "small-objects": ["d", "c"]}


def test_a_topic_cannot_be_its_own_ancestor(tmp_path):
    root = scratch_collection(tmp_path / "c", {"a.md": PAPER.format(title="A", month=1, topic="vision")})
    (root / "topics.yml").write_text(TOPICS.replace("  description: Seeing.\n",
                                                    "  description: Seeing.\n  parent: small-objects\n"),
                                     encoding="utf-8")
    _, problems = check_collection(root)
    cycles = [p for p in problems if p.field == "parent" and "its own ancestor" in p.message]
    assert {p.message.split("'")[1] for p in cycles} == {"vision", "detection", "small-objects"}
    assert all(p.severity == "error" for p in cycles)
