"""The `watch:` option of the papershelf plugin in mkdocs.yml, read without MkDocs.

    plugins:
      - papershelf:
          watch:
            arxiv: [cs.LG, cs.CL, cs.CV]   # arXiv categories (any of them)
            query: 'abs:interpretability'   # an arXiv search query (with the categories: both must match)
            hf: true                        # Hugging Face Daily Papers
            limit: 20                       # most candidates in the Candidates issue
            per_topic: 10                   # candidates listed per topic by `papershelf watch`
            arxiv_limit: 500                # most papers read from arXiv in one run (≤ 2,000)

MkDocs checks the same option at build time (plugins/papershelf_mkdocs/config.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.problems import UsageError
from ..model.site_config import plugin_options
from .candidates import PER_TOPIC
from .feeds import MAX_LIMIT, WatchSources
from .issue import DEFAULT_LIMIT

KEYS = {"arxiv", "query", "hf", "limit", "per_topic", "arxiv_limit"}


@dataclass
class WatchConfig:
    sources: WatchSources = field(default_factory=WatchSources)
    limit: int = DEFAULT_LIMIT
    per_topic: int = PER_TOPIC


def _count(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UsageError(f"mkdocs.yml: papershelf: watch: {name}: expected a whole number from {low} to {high:,}, "
                         f"got {value!r}")
    return value


def read_watch_config(config_file: Path) -> WatchConfig:
    """The `watch:` option (defaults when absent); a wrong value is a UsageError naming the key."""
    options = plugin_options(config_file).get("watch") if config_file.is_file() else None
    if options is None:
        return WatchConfig()
    if not isinstance(options, dict):
        raise UsageError("mkdocs.yml: papershelf: watch: expected a mapping such as {arxiv: [cs.LG], hf: true}")
    unknown = sorted(set(map(str, options)) - KEYS)
    if unknown:
        raise UsageError(f"mkdocs.yml: papershelf: watch: unknown key '{unknown[0]}' (known: {', '.join(sorted(KEYS))})")
    categories = options.get("arxiv") or []
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise UsageError("mkdocs.yml: papershelf: watch: arxiv: expected a list of categories such as [cs.LG, cs.CL]")
    query = options.get("query") or ""
    hf = options.get("hf", True)
    if not isinstance(query, str) or not isinstance(hf, bool):
        raise UsageError("mkdocs.yml: papershelf: watch: query must be text and hf true or false")
    sources = WatchSources(list(categories), query, hf,
                           _count(options.get("arxiv_limit", 500), "arxiv_limit", 1, MAX_LIMIT))
    sources.check()
    return WatchConfig(sources, _count(options.get("limit", DEFAULT_LIMIT), "limit", 1, 200),
                       _count(options.get("per_topic", PER_TOPIC), "per_topic", 1, 100))
