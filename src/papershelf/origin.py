"""Where this papershelf came from, so a collection's kit installs the same one.

A collection's requirements.txt (and its pre-commit hook) must install papershelf
on GitHub's runners. Three cases, read from the installed package's metadata:

- installed from an index (no PEP 610 `direct_url.json`): the release, `papershelf==X.Y.Z`;
- installed from a git URL (`direct_url.json` with `vcs_info`): that exact commit,
  `papershelf @ git+URL@COMMIT`;
- anything else (a local folder, an editable checkout, a wheel file): the runners
  cannot reach it; the release pin is written with a warning naming `--from`.

`--from` (a version, or a pip URL such as `git+https://github.com/OWNER/papershelf@REF`)
overrides all three. The project's own URL lives in one place, pyproject.toml's
`[project.urls]`, and is read here from the package metadata.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from . import __version__
from .model.problems import UsageError

DISTRIBUTION = "papershelf"
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "example.invalid")
VERSION = re.compile(r"^\d+(\.\d+)*([abc]|rc|\.post|\.dev)?\d*$")


@dataclass(frozen=True)
class InstallSource:
    requirement: str  # the requirements.txt line: `papershelf==0.2.0` or `papershelf @ git+URL@COMMIT`
    kind: str  # "release", "git", "given" (--from) or "local"
    warning: str | None = None


def project_urls(distribution: metadata.Distribution | None = None) -> dict[str, str]:
    """pyproject.toml's [project.urls], as the installed package's metadata carries them."""
    try:
        distribution = distribution or metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return {}
    urls = {}
    for entry in distribution.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip()] = url.strip()
    return urls


def source_repository(distribution: metadata.Distribution | None = None) -> str | None:
    """papershelf's source repository, or None while pyproject.toml names a placeholder."""
    url = project_urls(distribution).get("Source")
    return None if url is None or is_placeholder(url) else url


def is_placeholder(url: str) -> bool:
    """A URL no one can reach: example.com/.org/.net/.invalid, or github.com/example/…."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in PLACEHOLDER_HOSTS or host.endswith(tuple("." + name for name in PLACEHOLDER_HOSTS)):
        return True
    return host == "github.com" and parts.path.strip("/").lower().split("/")[0] in ("example", "owner")


def direct_url(distribution: metadata.Distribution | None = None) -> dict[str, Any] | None:
    """PEP 610's record of a package installed from a URL (None when it came from an index)."""
    try:
        distribution = distribution or metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    text = distribution.read_text("direct_url.json")
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def install_source(given: str | None = None, record: dict[str, Any] | None = None, *, read_record: bool = True,
                   version: str = __version__) -> InstallSource:
    """What the kit installs: `given` (--from) if set, else what `record` (direct_url.json) says."""
    if given:
        return InstallSource(requirement_from(given), "given")
    if record is None and read_record:
        record = direct_url()
    if record is None:
        return InstallSource(f"papershelf=={version}", "release")
    vcs = record.get("vcs_info")
    url = record.get("url")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(url, str) and vcs.get("commit_id"):
        subdirectory = record.get("subdirectory")
        tail = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
        return InstallSource(f"papershelf @ git+{url}@{vcs['commit_id']}{tail}", "git")
    return InstallSource(
        f"papershelf=={version}", "local",
        f"this papershelf was installed from {url or 'a local file'}, which GitHub's runners cannot reach: "
        f"requirements.txt pins papershelf=={version}, which installs only once that release is on PyPI. "
        "To install from git instead: papershelf init --upgrade --from git+https://github.com/OWNER/papershelf@COMMIT "
        "(it moves that line)")


def requirement_from(given: str) -> str:
    """--from's value as a requirements.txt line: a version, a pip URL, or a whole requirement."""
    given = given.strip()
    if VERSION.match(given):
        return f"papershelf=={given}"
    if re.match(r"^(git|hg|svn|bzr)\+|^https?://|^file://", given):
        return f"papershelf @ {given}"
    if re.match(r"^papershelf\b", given, re.IGNORECASE) and "\n" not in given:
        return given
    raise UsageError(f"--from {given!r}: give a released version (0.2.0) or a pip URL "
                     "(git+https://github.com/OWNER/papershelf@COMMIT)")


def placeholder_urls(pyproject: str) -> list[str]:
    """The [project.urls] of a pyproject.toml's text that are placeholders, as `Label = URL`."""
    import tomllib

    urls = tomllib.loads(pyproject).get("project", {}).get("urls", {})
    return [f"{label} = {url}" for label, url in urls.items() if is_placeholder(str(url))] + \
        ([] if urls.get("Source") else ["Source: missing"])


def main() -> None:
    """`python -m papershelf.origin pyproject.toml`: the release workflow's refusal of placeholder URLs."""
    import sys
    from pathlib import Path

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
    bad = placeholder_urls(path.read_text(encoding="utf-8"))
    for entry in bad:
        print(f"::error file={path},title=Placeholder project URL::{entry}: set [project.urls] in {path} to "
              "papershelf's real repository before publishing (collections install and link it from there)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
