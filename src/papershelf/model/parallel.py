"""Spread independent work over the machine's CPUs in forked processes.

Checking 10,000 paper files is CPU-bound Python; on two CPUs it takes ~0.6 of the time.
Forked workers start at once (they share the parent's imports) but a fork
copies only the calling thread, so a process that runs other threads (such
as `mkdocs serve`) works alone instead; so does any system but Linux.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS_PER_WORKER = 250  # below this, starting a worker costs more than it saves


def available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    # Linux only: macOS system libraries are not fork-safe (Python itself spawns there).
    return sys.platform.startswith("linux") and available_cpus() > 1 and threading.active_count() == 1


def worker_count(items: int, jobs: int | None = None) -> int:
    """How many processes to use for `items` items: `jobs` (default: one per CPU), fewer for small inputs."""
    wanted = jobs or available_cpus()
    return max(1, min(wanted, items // MIN_ITEMS_PER_WORKER))


def map_in_processes(function: Callable[[Item], Result], items: Sequence[Item], jobs: int | None = None) -> list[Result]:
    """`[function(item) for item in items]`, in order, using up to `jobs` forked processes.

    `function` and the results cross process boundaries: both must pickle.
    """
    workers = worker_count(len(items), jobs)
    if workers == 1 or not can_fork():
        return [function(item) for item in items]
    chunk = -(-len(items) // (workers * 4))  # a few chunks per worker evens out slow files
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    except OSError:  # no shared memory for the pool's locks (some sandboxes): work alone
        return [function(item) for item in items]
    with pool:
        return pool.map(function, items, chunksize=chunk)
