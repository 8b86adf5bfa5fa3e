"""Writing paper files: one canonical layout, and writes that lose nothing.

A new file is written to a temporary file in the same folder, flushed, then
linked into place: an interrupted write leaves no partial file, and an
existing file is never replaced (os.link fails if the target exists).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .problems import PaperExists
from .schema import PAPER_FIELDS

_Dumper: type[yaml.SafeDumper] | type[yaml.CSafeDumper]
try:  # libyaml's emitter: ten times faster than PyYAML's, the same text
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper

# The order a paper file's fields are written in: schema.PaperMeta's, declared in that order.
FIELD_ORDER = PAPER_FIELDS
NOTES_HEADING = "## Notes"
# What follows this heading (up to a "## Notes" heading) is for the maintainers: never published (load.py)
MAINTAINER_HEADING = "## Maintainer notes"


def yaml_text(value: object) -> str:
    """`value` as block-style YAML, keys in the order given, non-ASCII kept, no line folded: how papershelf
    writes every paper file's fields."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def render_paper_file(meta: dict[str, Any], abstract: str, notes: str = "") -> str:
    """The text of a paper file: front matter in canonical field order, abstract, notes."""
    required = {"title", "authors", "date", "topics"}
    ordered = {key: meta[key] for key in FIELD_ORDER if key in required or meta.get(key) not in (None, [], {})}
    unknown = set(meta) - set(FIELD_ORDER)
    if unknown:
        raise ValueError(f"unknown paper fields: {', '.join(sorted(unknown))}")
    front = yaml_text(ordered)
    body = abstract.strip() + "\n"
    if notes.strip():
        body += f"\n{NOTES_HEADING}\n\n{notes.strip()}\n"
    return f"---\n{front}---\n\n{body}"


def default_file_mode() -> int:
    """The mode `open()` gives a new file (0644 under the usual umask 022), as MkDocs writes its pages."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(path: Path, text: str, sync: bool = True) -> str:
    """Write `text` to a temporary file beside `path` (synced to disk unless `sync` is false); return its name.

    mkstemp makes the file 0600; it gets the mode of any other new file, so that a web
    server running as another user can read the site's exports.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, default_file_mode())
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        if sync:
            os.fsync(handle.fileno())
    return temporary


def write_output(path: Path, text: str) -> Path:
    """Write a build output file whole or not at all (beside it, then renamed over it), without syncing:
    a preview's writer killed by a newer rebuild leaves the last complete version, never half a file."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one writer a process per file
    with open(temporary, "w", encoding="utf-8") as handle:  # a build output, like the pages: open()'s mode
        handle.write(text)
    os.replace(temporary, path)
    return path


def write_new_file(path: Path, text: str, sync: bool = True) -> Path:
    """Atomically create `path` with `text`; refuse if it already exists.

    `sync=False` leaves syncing to the caller: an import of a thousand papers syncs
    once at its end (`sync_to_disk`), not once per file. Either way an interrupted
    write leaves no partial file: the file only appears, complete, when linked.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise PaperExists(path, "a file with this name exists")
    temporary = _write_temporary(path, text, sync)
    try:
        os.link(temporary, path)  # fails instead of replacing a file that appeared meanwhile
    except FileExistsError:
        raise PaperExists(path, "a file with this name exists") from None
    finally:
        os.unlink(temporary)
    return path


def sync_to_disk() -> None:
    """Flush what was written without `sync` to disk (one call for a whole import)."""
    if hasattr(os, "sync"):
        os.sync()


def replace_file(path: Path, text: str) -> Path:
    """Atomically write `path` (generated files such as the JSON Schema), creating or replacing it."""
    path = Path(path)
    temporary = _write_temporary(path, text)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return path


def update_file(path: Path, old_text: str, new_text: str) -> Path:
    """Atomically replace `path`, which must still hold `old_text`: an edit made meanwhile is never lost."""
    path = Path(path)
    if path.is_symlink() or path.read_text(encoding="utf-8") != old_text:
        raise PaperExists(path, "the file changed while papershelf was working on it; run the command again")
    return replace_file(path, new_text)
