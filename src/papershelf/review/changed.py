"""The files a pull request changes, as git sees them: what `validate --changed-from` annotates."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..model.problems import UsageError


def changed_files(root: Path, base: str) -> set[str]:
    """Paths (relative to `root`) that differ between `base`'s merge base with HEAD and the working tree, and
    the files git does not track yet (a paper just written)."""
    if base.startswith("-"):
        raise UsageError(f"--changed-from {base!r}: give a commit, branch or tag")
    changed = git_names(root, base, ["diff", "--name-only", "-z", "--relative", "--no-renames", "--merge-base", base, "--"])
    return changed | git_names(root, base, ["ls-files", "-z", "--others", "--exclude-standard"])


def git_names(root: Path, base: str, args: list[str]) -> set[str]:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UsageError(f"--changed-from: git could not list the changed files ({error})") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"--changed-from {base}: git could not compare with it "
                         f"({message[-1] if message else 'no output'}); in GitHub Actions, check out with fetch-depth: 0")
    return {name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
