"""How well `papershelf watch` ranks a new paper for its own topics: leave-one-out on the bundled collection.

    python benchmarks/watch_ranking.py [--records FILE] [--window-days 183] [--pool N] [--scorer NAME] [--per-pair]
                                       [--json OUT]

For each paper P of the bundled collection (papers/*.md) and each topic T that P lists:
hold P out; rank, for T, P itself among the real arXiv / Hugging Face Daily Papers records
dated within ±183 days of P's date (the 500 nearest to it in date, the issue's protocol; then
every one of them: `--pool N` measures one mix), using only the remaining collection (and topics.yml);
note P's rank (ties count against P). Reports recall@10, recall@50 and the median rank for
each scorer of `papershelf.watch.rank` (and, with `--scorer profile+classifier`, the reciprocal
rank fusion of the two), over all pairs and over the pairs whose window holds
at least 100 records (500 for the 500-record mix; the headline: 7 papers of 2021–2023 have no
records in their window and rank first trivially).

The records are `watch-candidates/papers.jsonl` of the shared evaluation data
(../shared/eval-data/, found from this checkout's parent folders, or --records): 4,446
real records (Dec 2023 – May 2026) read from five public repositories that recorded
HF `api/daily_papers` answers, arXiv API answers and arXiv listings; none is a paper of
the collection (by arXiv id or title). Its README.md and SOURCES.md name every origin
(repository, path, commit); arXiv metadata is CC0. They are read from there at run
time, not copied into this repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from papershelf.model.collection import load_collection  # noqa: E402
from papershelf.site.related import paper_text  # noqa: E402
from papershelf.watch.candidates import topic_texts, topics_with_ancestors  # noqa: E402
from papershelf.watch.rank import SCORERS, rank_candidates  # noqa: E402

RECORDS = Path("shared/eval-data/watch-candidates/papers.jsonl")
POPULATED = 100
ISSUE_POOL = 500  # issue 31: each held-out paper mixed with at least 500 real papers of the same period
FUSION = "profile+classifier"


def find_records() -> Path | None:
    for folder in REPO.parents:
        if (folder / RECORDS).is_file():
            return folder / RECORDS
    return None


def load_records(path: Path) -> list[dict]:
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            record["ordinal"] = dt.date.fromisoformat(record["date"][:10]).toordinal()
            records.append(record)
    return records


def paper_ordinal(date: str) -> int:
    parts = [int(part) for part in date.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2]).toordinal()


def reciprocal_ranks(scores: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion's 1 / (k + rank) of each candidate in each column (rank 1 = highest score; a
    candidate tied with others takes the last of their ranks, so ties still count against the held-out paper)."""
    ranks = np.empty_like(scores)
    for column in range(scores.shape[1]):
        ascending = np.sort(scores[:, column])
        ranks[:, column] = len(scores) - np.searchsorted(ascending, scores[:, column], side="left")
    return np.asarray(1 / (k + ranks))


def evaluate(scorer: str, collection, records: list[dict], window_days: int, pool: int | None = None) -> list[dict]:
    papers = collection.papers
    texts = {"topics": topic_texts(collection.topics)}
    rows = []
    for held, paper in enumerate(papers):
        others = [p for index, p in enumerate(papers) if index != held]
        day = paper_ordinal(paper.meta.date)
        window = [r for r in records if abs(r["ordinal"] - day) <= window_days]
        if pool is not None:  # the `pool` records nearest in date (a window holding fewer: all of them)
            window = sorted(window, key=lambda r: (abs(r["ordinal"] - day), r["arxiv"]))[:pool]
        candidates = [paper_text(paper)] + [f"{r['title']}\n{r['abstract']}" for r in window]
        ranked = [rank_candidates([paper_text(p) for p in others],
                                  [topics_with_ancestors(p.meta.topics, collection.topics) for p in others],
                                  candidates, texts["topics"], scorer=name) for name in scorer.split("+")]
        all_scores = ranked[0].scores if len(ranked) == 1 else sum(reciprocal_ranks(r.scores) for r in ranked)
        for topic in paper.meta.topics:
            scores = all_scores[:, ranked[0].topic_ids.index(topic)]
            rank = 1 + int((scores[1:] >= scores[0]).sum())
            rows.append({"paper": paper.slug, "topic": topic, "date": paper.meta.date, "pool": len(window),
                         "rank": rank})
    return rows


def summary(rows: list[dict]) -> dict:
    ranks = [row["rank"] for row in rows]
    if not ranks:
        return {"pairs": 0}
    return {"pairs": len(ranks), "recall_at_10": sum(r <= 10 for r in ranks) / len(ranks),
            "recall_at_50": sum(r <= 50 for r in ranks) / len(ranks), "median_rank": statistics.median(ranks),
            "mean_pool": round(statistics.mean(row["pool"] for row in rows))}


def line(label: str, result: dict) -> str:
    if not result["pairs"]:
        return f"  {label:<30} pairs=0"
    return (f"  {label:<30} pairs={result['pairs']:3d}  recall@10={result['recall_at_10']:.3f}  "
            f"recall@50={result['recall_at_50']:.3f}  median rank={result['median_rank']:g}  "
            f"mean pool={result['mean_pool']}")


def measure(scorer: str, collection, records: list[dict], window_days: int, pool: int | None) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    rows = evaluate(scorer, collection, records, window_days, pool)
    populated = [row for row in rows if row["pool"] >= (pool or POPULATED)]
    return {"all": summary(rows), "populated": summary(populated),
            "empty_window": summary([row for row in rows if row["pool"] == 0]),
            "wall_seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2), "pairs": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=None, help="papers.jsonl of the evaluation data")
    parser.add_argument("--window-days", type=int, default=183)
    parser.add_argument("--pool", type=int, default=None,
                        help=f"mix each held-out paper with only the N records of its window nearest to it in date "
                             f"[default: both {ISSUE_POOL}, the issue's protocol, and every record of the window]")
    parser.add_argument("--scorer", choices=(*SCORERS, FUSION), action="append",
                        help=f"only these scorers [default: all]; {FUSION}: reciprocal rank fusion (k=60) of both")
    parser.add_argument("--per-pair", action="store_true", help="print each (paper, topic) pair's rank")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    records_path = args.records or find_records()
    if records_path is None or not records_path.is_file():
        print(f"no evaluation records: pass --records FILE (looked for {RECORDS} above {REPO})", file=sys.stderr)
        return 2
    collection = load_collection(REPO)
    records = load_records(records_path)
    known = {p.meta.arxiv for p in collection.papers if p.meta.arxiv}
    leaked = [r["arxiv"] for r in records if r["arxiv"] in known]
    if leaked:
        print(f"the records hold papers of the collection: {leaked[:5]}", file=sys.stderr)
        return 2
    print(f"collection: {len(collection.papers)} papers; records: {len(records)} from {records_path}; "
          f"window ±{args.window_days} days")
    pools = [args.pool] if args.pool else [ISSUE_POOL, None]
    results: dict[str, dict] = {}
    for scorer in args.scorer or SCORERS:
        for pool in pools:
            key = scorer if pool is None else f"{scorer}, pool {pool}"
            results[key] = measure(scorer, collection, records, args.window_days, pool)
            mixed = f"the {pool} records nearest in date" if pool else "every record of the window"
            print(f"scorer {scorer}, each paper among {mixed} ({results[key]['wall_seconds']} s wall, "
                  f"{results[key]['cpu_seconds']} s CPU):")
            print(line("all pairs", results[key]["all"]))
            print(line(f"pairs with >= {pool or POPULATED} records", results[key]["populated"]))
            if args.per_pair:
                for row in results[key]["pairs"]:
                    print(f"    {row['rank']:5d}  pool {row['pool']:5d}  {row['topic']:<32} {row['paper']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
