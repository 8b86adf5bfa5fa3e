"""Write a realistic synthetic papershelf collection of N papers (deterministic for a seed).

    python benchmarks/generate.py TARGET --papers 10000 [--seed 1]

Shaped like a real reading list: ~2 KB per paper file; 2–10 authors per
paper, most of whom appear once while a recurring pool gives a long tail of
prolific authors (≈4 distinct authors per paper); 1–3 topics out of 30 with
skewed popularity (the largest topic holds over 40% of the papers);
dates spread over seven years. Writes papers/, topics.yml, mkdocs.yml and
docs/index.md into TARGET, which must not exist or be empty.

Abstracts and titles take their words from the bundled collection's 37 real
abstracts (`--vocabulary real`, the default): each synthetic abstract draws
mostly on the words of one real abstract, so a word is in about as many
synthetic papers as real ones (“attention” in ~27%, “sparse” in ~8%), as a
search finds them. `--vocabulary narrow` draws every word from 74 words, as
this generator did before 2026-11-30: every word is then in over 90% of the
papers, a worst case for search that no real collection reaches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from papershelf.model.collection import load_collection
from papershelf.model.identity import slugify
from papershelf.model.writer import render_paper_file

TOPIC_COUNT = 30
FIRST_YEAR, LAST_YEAR = 2019, 2025
# Share of author slots filled by someone who appears only in that paper
ONE_OFF_SHARE = 0.6
RECURRING_POOL_PER_PAPER = 0.4  # recurring authors: 4,000 for 10,000 papers

FIRST_NAMES = """Ada Alan Alice Amir Ana Anil Anna Aziz Bao Beatriz Ben Carla Chen Chiara Dan Daria David Deepa Diego
Elena Eli Emma Erik Fang Farah Felix Fatima Gao Giulia Hana Hao Hugo Ines Ivan Jae Jan Jia Jin Joao Jun Kai Karim Kenji
Lara Lei Lena Li Liang Lin Lucas Maja Marco Maria Mateo Mei Min Mohamed Nadia Nikhil Nina Noah Olga Omar Pablo Priya
Qing Rahul Rania Ravi Rosa Ruth Sara Sofia Sun Tariq Tomas Uma Vera Victor Wei Xin Yara Yi Yuki Yusuf Zhang Zoe""".split()
LAST_NAMES = """Abe Adeyemi Almeida Andersen Bauer Becker Chen Costa Dubois Eriksson Fischer Fujita Garcia Gomez Gupta
Haddad Hansen Ibrahim Ito Jensen Kang Khan Kim Kowalski Kumar Larsen Lee Li Liu Lopez Martin Meyer Moreau Muller
Nakamura Nguyen Novak Okafor Olsen Park Patel Petrov Popescu Quinn Rossi Sato Schmidt Shah Silva Singh Smith Suzuki
Tanaka Torres Tran Wang Weber Wu Xu Yamamoto Yang Zhao Zhou Zhu Ivanova Rahman Santos Demir Yilmaz Nowak Horvat""".split()
WORDS = """model models representation representations learning neural network networks attention transformer
language vision multimodal sparse feature features concept concepts circuit circuits probing steering gradient
attribution saliency benchmark evaluation dataset training inference latent space embedding embeddings token tokens
layer layers head heads activation activations causal intervention analysis method methods approach task tasks image
images text video audio alignment robustness generalization scaling efficient interpretable explanation explanations
faithful faithfulness human annotations encoder decoder contrastive zero-shot retrieval grounding reasoning""".split()
TITLE_HEADS = """Towards Understanding Revisiting Rethinking Scaling Probing Steering Explaining Measuring Learning
Decomposing Aligning Interpreting Benchmarking Evaluating Disentangling Grounding Compressing Editing Tracing""".split()
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "TMLR", "AAAI"]


def topics(rng: random.Random) -> list[dict]:
    entries = []
    for number in range(1, TOPIC_COUNT + 1):
        words = rng.sample(WORDS, 2)
        entries.append({
            "id": f"topic-{number:02d}-{words[0]}",
            "title": f"{words[0].capitalize()} {words[1]} ({number})",
            "description": sentence(rng, 14, 24),
        })
    return entries


REPO = Path(__file__).resolve().parent.parent
VOCABULARIES = ("real", "narrow")
VOCABULARY_HELP = "the abstracts' words: the bundled collection's (real) or 74 words alike (narrow: search's worst case)"
THEME_SHARE = 0.85  # of an abstract's words, drawn from its one real abstract; the rest from all of them
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def real_abstracts(root: Path = REPO) -> list[list[str]]:
    """The words of each real abstract of the bundled collection, in order of its paper files."""
    sources = []
    for paper in sorted(load_collection(root).papers, key=lambda paper: paper.path):
        words = [word.lower() for word in _WORD.findall(paper.abstract)]
        if len(words) >= 50:
            sources.append(words)
    if not sources:
        raise SystemExit(f"no abstracts found in {root / 'papers'}: use --vocabulary narrow")
    return sources


class Vocabulary:
    """Where a paper's words come from: one real abstract mostly (`real`), or 74 words alike (`narrow`)."""

    def __init__(self, rng: random.Random, kind: str = "real"):
        self.rng, self.kind = rng, kind
        self.sources = real_abstracts() if kind == "real" else [WORDS]
        self.everything = [word for words in self.sources for word in words]

    def for_paper(self) -> Callable[[], str]:
        """A function giving the next word of one paper's title or text."""
        if self.kind == "narrow":
            return lambda: self.rng.choice(WORDS)
        theme = self.rng.choice(self.sources)
        return lambda: self.rng.choice(theme if self.rng.random() < THEME_SHARE else self.everything)


def sentence(rng: random.Random, shortest: int, longest: int, word: Callable[[], str] | None = None) -> str:
    word = word or (lambda: rng.choice(WORDS))
    words = [word() for _ in range(rng.randint(shortest, longest))]
    return " ".join(words).capitalize() + "."


def abstract(rng: random.Random, length: int = 1500, word: Callable[[], str] | None = None) -> str:
    sentences, size = [], 0
    while size < length:
        text = sentence(rng, 12, 30, word)
        sentences.append(text)
        size += len(text) + 1
    paragraphs = [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs)


class Authors:
    """Author names: one-off people, and a recurring pool drawn with a Zipf-like skew."""

    def __init__(self, rng: random.Random, papers: int):
        self.rng = rng
        self.used: set[str] = set()
        self.pool = [self.fresh() for _ in range(max(10, int(papers * RECURRING_POOL_PER_PAPER)))]
        self.weights = [1 / (rank + 20) for rank in range(len(self.pool))]  # long tail, no giant

    def fresh(self) -> str:
        while True:
            name = (f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. "
                    f"{self.rng.choice(LAST_NAMES)}-{self.rng.choice(LAST_NAMES)}")
            if name not in self.used:
                self.used.add(name)
                return name

    def for_paper(self) -> list[str]:
        names: list[str] = []
        for _ in range(self.rng.randint(2, 10)):
            name = self.fresh() if self.rng.random() < ONE_OFF_SHARE else self.rng.choices(self.pool, self.weights)[0]
            if name not in names:
                names.append(name)
        return names


def paper_files(count: int, seed: int, topic_ids: list[str], vocabulary: str = "real") -> dict[str, str]:
    rng = random.Random(seed)
    authors = Authors(rng, count)
    words = Vocabulary(rng, vocabulary)
    topic_weights = [1 / (rank + 1) for rank in range(len(topic_ids))]
    first_day = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last_day = dt.date(LAST_YEAR, 12, 31).toordinal()
    files: dict[str, str] = {}
    titles: set[str] = set()
    for number in range(count):
        word = words.for_paper()
        title = unique_title(rng, titles, word)
        date = dt.date.fromordinal(rng.randint(first_day, last_day))
        chosen: list[str] = []
        for _ in range(rng.randint(1, 3)):
            topic = rng.choices(topic_ids, topic_weights)[0]
            if topic not in chosen:
                chosen.append(topic)
        meta = {
            "title": title,
            "authors": authors.for_paper(),
            "date": date.isoformat(),
            "arxiv": f"{date:%y%m}.{number:05d}",
            "topics": chosen,
            "added": (date + dt.timedelta(days=rng.randint(0, 60))).isoformat(),
        }
        if rng.random() < 0.3:
            meta["venue"] = f"{rng.choice(VENUES)} {date.year}"
        if rng.random() < 0.4:
            meta["links"] = {"code": f"https://github.com/example/{slugify(title)[:40]}"}
        if rng.random() < 0.5:
            meta["upvotes"] = rng.randint(0, 300)
        notes = sentence(rng, 20, 40, word) if rng.random() < 0.2 else ""
        slug = slugify(title, 76)
        files[f"{slug}.md"] = render_paper_file(meta, abstract(rng, word=word), notes)
    return files


def unique_title(rng: random.Random, taken: set[str], word: Callable[[], str] | None = None) -> str:
    word = word or (lambda: rng.choice(WORDS))
    while True:
        words = " ".join(word() for _ in range(rng.randint(3, 7)))
        title = f"{rng.choice(TITLE_HEADS)} {words} in {word()} {word()}"
        if slugify(title, 76) not in taken:
            taken.add(slugify(title, 76))
            return title


MKDOCS_YML = """\
site_name: papershelf benchmark ({count} papers)
site_description: A synthetic reading list of {count} papers, built with papershelf.
site_url: https://example.invalid/bench/
# the theme as `papershelf init` writes it: no fonts from another host, a light and a dark palette
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.suggest
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
plugins:
  - papershelf
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
nav:
  - Home: index.md
  - Papers: papers/index.md
  - Topics: topics/index.md
  - Authors: authors/index.md
  - Years: years/index.md
"""


def write_collection(target: Path, count: int, seed: int = 1, vocabulary: str = "real") -> Path:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} is not empty; choose a new folder")
    rng = random.Random(seed)
    topic_entries = topics(rng)
    (target / "papers").mkdir(parents=True)
    (target / "docs").mkdir()
    (target / "topics.yml").write_text(yaml.safe_dump(topic_entries, sort_keys=False, width=1000), encoding="utf-8")
    for name, text in paper_files(count, seed, [t["id"] for t in topic_entries], vocabulary).items():
        (target / "papers" / name).write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(MKDOCS_YML.format(count=count), encoding="utf-8")
    (target / "docs" / "index.md").write_text(f"# Benchmark collection\n\n{count} synthetic papers.\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="real", help=VOCABULARY_HELP)
    args = parser.parse_args(argv)
    write_collection(args.target, args.papers, args.seed, args.vocabulary)
    print(f"wrote {args.papers} papers to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
