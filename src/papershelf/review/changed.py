"""The files a pull request changes, as git sees them: what `validate --changed-from` annotates."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..model.problems import UsageError


def changed_files(root: Path, base: str) -> set[str]:
    """Paths (relative to `root`) that differ between `base`'s merge base with HEAD and the working tree."""
    if base.startswith("-"):
        raise UsageError(f"--changed-from {base!r}: give a commit, branch or tag")
    try:
        result = subprocess.run(["git", "diff", "--name-only", "-z", "--relative", "--no-renames", "--merge-base",
                                 base, "--"], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError(f"--changed-from: git could not list the changed files ({error})") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"--changed-from {base}: git could not compare with it ({message[-1] if message else 'no output'}); "
                         "in GitHub Actions, check out with fetch-depth: 0")
    return {name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
