"""Import speed: 1,000 BibTeX entries into an empty collection, no network, against parsing alone.

    python benchmarks/import_bibtex.py                 # 1,000 entries, 3 runs
    python benchmarks/import_bibtex.py --entries 5000 --repeats 1

The entries are generated (seeded) in the styles real exporters write, so the
importer meets what it meets in use: DBLP (multi-line authors, `{\\'e}` accents,
CoRR volumes), Zotero (tabs, `keywords`, `note = {arXiv:…}`), Google Scholar
(`journal={arXiv preprint arXiv:…}`), al-folio (`arxiv=`, `code=`, `abbr=`) and
biblatex (`journaltitle`, `date`, `@string` macros), a third with abstracts that
hold `%`, `$…$` and `--`. Measured, each as the median of the runs:

- baseline: `bibtexparser.parse_string` of the same text with no middleware,
  the parse any BibTeX import needs;
- import: `papershelf.intake.adding.import_file` of the file into an empty collection
  (parse, decode, check every paper as `validate` would, write every file);
- same-prefix import: 1,000 entries whose titles share their first 120
  characters, so every file name collides on the slug and needs a number: the
  free-name search must stay linear (its time close to the plain import's).

Printed: wall seconds, the import rate (entries per second), the ratio import /
baseline, the same for CPU seconds of this process (the work done, apart from
the waits of a busy, shared machine and disk), and whether the import met the
goal (1,000 entries under 5 s of wall time).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 5.0
TOPICS = "- id: imported\n  title: Imported\n  description: Papers from the benchmark's bibliography.\n"
FIRST = ["Ana", "Björn", "Chloé", "Dmitri", "Émile", "Fatima", "Gustav", "Hanna", "Ivan", "Jürgen", "Kenji", "Lucía"]
LAST = ["Müller", "García", "Nguyen", "O'Brien", "Søgaard", "Tavenas", "Zhang", "Kowalski", "Dubois", "Rossi"]
LATEX_LAST = {"Müller": "M{\\\"u}ller", "García": "Garc{\\'\\i}a", "Søgaard": "S{\\o}gaard", "Dubois": "Dubois"}
WORDS = ("attention sparse learning robust graph neural representation interpretable models language vision "
         "transformer features causal probing concepts circuits scaling data efficient training").split()


def title(rng: random.Random, number: int, prefix: str = "") -> str:
    words = rng.sample(WORDS, 6)
    return f"{prefix}{' '.join(words).capitalize()} {number}"


def authors(rng: random.Random, latex: bool) -> list[tuple[str, str]]:
    people = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(rng.randint(1, 6))]
    return [(first, LATEX_LAST.get(last, last) if latex else last) for first, last in people]


def abstract(rng: random.Random, number: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(120))
    if number % 3 == 0:
        text += " We reach 95% accuracy with $\\alpha$-sparsity on 10--20 layers."
    return text


def entry(rng: random.Random, number: int, prefix: str = "") -> str:
    style = number % 5
    arxiv = f"{20 + number % 6:02d}{1 + number % 12:02d}.{10000 + number:05d}"
    name = title(rng, number, prefix)
    if style == 0:  # DBLP
        names = " and\n                  ".join(f"{first} {last}" for first, last in authors(rng, True))
        return (f"@article{{DBLP:journals/corr/abs-{number},\n  author       = {{{names}}},\n"
                f"  title        = {{{name}}},\n  journal      = {{CoRR}},\n  volume       = {{abs/{arxiv}}},\n"
                f"  year         = {{2023}},\n  biburl       = {{https://dblp.org/rec/{number}.bib}}\n}}\n")
    if style == 1:  # Zotero
        names = " and ".join(f"{last}, {first}" for first, last in authors(rng, False))
        return (f"@misc{{zotero_{number},\n\ttitle = {{{name}}},\n\turl = {{http://arxiv.org/abs/{arxiv}}},\n"
                f"\tdoi = {{10.48550/arXiv.{arxiv}}},\n\tauthor = {{{names}}},\n\tmonth = jun,\n\tyear = {{2024}},\n"
                f"\tnote = {{arXiv:{arxiv} [cs]}},\n\tkeywords = {{Computer Science - Machine Learning, 68T05}},\n"
                f"\tabstract = {{{abstract(rng, number)}}},\n}}\n")
    if style == 2:  # Google Scholar
        names = " and ".join(f"{last}, {first}" for first, last in authors(rng, True))
        return (f"@article{{scholar{number},\n  title={{{name}}},\n  author={{{names}}},\n"
                f"  journal={{arXiv preprint arXiv:{arxiv}}},\n  year={{2022}}\n}}\n")
    if style == 3:  # al-folio
        names = " and ".join(f"{last}, {first}" for first, last in authors(rng, False))
        return (f"@inproceedings{{alfolio{number},\n  abbr={{NeurIPS}},\n  title={{{name}}},\n  author={{{names}}},\n"
                f"  booktitle={{Advances in Neural Information Processing Systems}},\n  year={{2021}},\n"
                f"  arxiv={{{arxiv}}},\n  code={{https://github.com/example/repo{number}}},\n  selected={{true}},\n"
                f"  abstract={{{abstract(rng, number)}}}\n}}\n")
    names = " and ".join(f"{last}, {first}" for first, last in authors(rng, True))
    return (f"@article{{biblatex{number},\n  author       = {{{names}}},\n  title        = {{{name}}},\n"
            f"  journaltitle = jmlr,\n  date         = {{2020-0{1 + number % 9}}},\n  volume       = {number % 30},\n"
            f"  pages        = {{1--{number % 50 + 2}}},\n  abstract     = {{{abstract(rng, number)}}}\n}}\n")


def bibliography(entries: int, seed: int, prefix: str = "") -> str:
    rng = random.Random(seed)
    head = "@string{jmlr = {Journal of Machine Learning Research}}\n\n"
    return head + "\n".join(entry(rng, number, prefix) for number in range(1, entries + 1))


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def cpu_timed(function) -> float:
    """CPU seconds of this process: the work done, without the waits of a shared, busy machine."""
    start = time.process_time()
    function()
    return time.process_time() - start


def import_once(text: str, workdir: Path) -> tuple[float, int, float]:
    from papershelf.intake.adding import import_file

    root = Path(tempfile.mkdtemp(dir=workdir))
    (root / "papers").mkdir()
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    source = root / "references.bib"
    source.write_text(text, encoding="utf-8")
    result = {}
    cpu = [0.0]
    seconds = timed(lambda: cpu.__setitem__(0, cpu_timed(
        lambda: result.setdefault("report", import_file(root, source, ["imported"])))))
    shutil.rmtree(root)
    return seconds, len(result["report"].created), cpu[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import bibtexparser

    plain = bibliography(args.entries, args.seed)
    same_prefix = bibliography(args.entries, args.seed, prefix="A very long shared beginning of a title " * 3)
    with tempfile.TemporaryDirectory(prefix="papershelf-import-bench-") as folder:
        workdir = Path(folder)
        import_once(bibliography(10, args.seed), workdir)  # warm imports and caches once
        baseline = [timed(lambda: bibtexparser.parse_string(plain)) for _ in range(args.repeats)]
        baseline_cpu = [cpu_timed(lambda: bibtexparser.parse_string(plain)) for _ in range(args.repeats)]
        runs = [import_once(plain, workdir) for _ in range(args.repeats)]
        prefix_runs = [import_once(same_prefix, workdir) for _ in range(args.repeats)]
    base = statistics.median(baseline)
    base_cpu = statistics.median(baseline_cpu)
    seconds = statistics.median(run[0] for run in runs)
    prefix_seconds = statistics.median(run[0] for run in prefix_runs)
    cpu, prefix_cpu = statistics.median(run[2] for run in runs), statistics.median(run[2] for run in prefix_runs)
    created, prefix_created = runs[0][1], prefix_runs[0][1]
    print(f"{args.entries:,} BibTeX entries, median of {args.repeats} runs")
    print(f"{'':34}{'seconds':>9}{'entries/s':>11}{'ratio':>8}{'CPU s':>8}{'ratio':>8}")
    print(f"{'baseline: bibtexparser parse only':34}{base:9.2f}{args.entries / base:11,.0f}{1:8.1f}"
          f"{base_cpu:8.2f}{1:8.1f}")
    print(f"{'import (parse, check, write)':34}{seconds:9.2f}{args.entries / seconds:11,.0f}{seconds / base:8.1f}"
          f"{cpu:8.2f}{cpu / base_cpu:8.1f}")
    print(f"{'import, titles sharing a prefix':34}{prefix_seconds:9.2f}{args.entries / prefix_seconds:11,.0f}"
          f"{prefix_seconds / base:8.1f}{prefix_cpu:8.2f}{prefix_cpu / base_cpu:8.1f}")
    print(f"papers created: {created} and {prefix_created} of {args.entries}")
    goal = GOAL_SECONDS * args.entries / 1000
    print(f"goal: {args.entries:,} entries imported in under {goal:g} s: {'met' if seconds < goal else 'NOT met'}")
    print(f"shared-prefix titles / plain titles: {prefix_seconds / seconds:.2f} (a quadratic name search "
          "would grow with the number of papers)")


if __name__ == "__main__":
    main()
