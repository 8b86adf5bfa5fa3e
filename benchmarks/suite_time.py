"""How long the README's test command takes, and the machine's busy CPU over it (issue 29: ≤ 90 s with -n 2).

Runs each command of tests (by default the README's, `python -m pytest -n 2 -q`, then, with --second, the second
tier that .ci/run adds) and reports wall time, the machine's busy CPU seconds over the run from /proc/stat
(Chromium's processes included, which the test processes do not reap) and pytest's own count and time. On a
shared machine the busy CPU includes other work: the load average before the run is printed beside it.

    python benchmarks/suite_time.py            # the README's command
    python benchmarks/suite_time.py --second   # and the browser sweeps, scale tests and 500-example properties
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README_COMMAND = ["-m", "pytest", "-n", "2", "-q"]
SECOND_COMMAND = ["-m", "pytest", "-n", "2", "-q", "-m", "(browser and not smoke) or slow or hypothesis",
                  "--hypothesis-profile=thorough"]
GOAL_SECONDS = 90.0  # the README's command, -n 2, a quiet 2-CPU machine


def busy_cpu_seconds() -> float:
    """The machine's CPU time spent busy (user, nice, system, irq, softirq) since boot, in seconds."""
    fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(value) for value in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def measure(arguments: list[str]) -> dict[str, object]:
    load = os.getloadavg()[0]
    cpu, start = busy_cpu_seconds(), time.monotonic()
    result = subprocess.run([sys.executable, *arguments], cwd=REPO, capture_output=True, text=True, check=False)
    wall, cpu = time.monotonic() - start, busy_cpu_seconds() - cpu
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    counted = re.search(r"(\d+) passed.* in ([\d.]+)s", summary)
    return {"command": "python " + " ".join(arguments), "exit": result.returncode, "wall_s": round(wall, 1),
            "busy_cpu_s": round(cpu, 1), "load_before": round(load, 2), "pytest": summary,
            "passed": int(counted.group(1)) if counted else None,
            "pytest_s": float(counted.group(2)) if counted else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--second", action="store_true", help="also run the second tier of tests")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out", help="where the JSON goes")
    options = parser.parse_args()
    runs = [measure(README_COMMAND)] + ([measure(SECOND_COMMAND)] if options.second else [])
    for run in runs:
        print(f"{run['command']}\n  {run['pytest']}\n  wall {run['wall_s']} s, busy CPU {run['busy_cpu_s']} s "
              f"(load before: {run['load_before']})")
    readme = runs[0]
    print(f"README's command: {readme['wall_s']} s against a goal of {GOAL_SECONDS:.0f} s: "
          f"{'met' if readme['exit'] == 0 and float(str(readme['wall_s'])) <= GOAL_SECONDS else 'not met'}")
    options.out.mkdir(parents=True, exist_ok=True)
    target = options.out / f"suite-time-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0 if all(run["exit"] == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
