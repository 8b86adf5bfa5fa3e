"""Compiled templates kept for the next build: on disk between builds, in memory between a preview's rebuilds."""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache


class DiskBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds (and between sites) in the user's cache folder.

    Compiling mkdocs-material's templates and papershelf's is ~0.3 s of every build. Jinja keys
    each one by its file and a checksum of its source, and ignores one written by another Python.
    A cache that cannot be read or written is no cache: never a failed build.
    """

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    @classmethod
    def in_user_cache(cls) -> DiskBytecodeCache | None:
        """The cache in `$XDG_CACHE_HOME/papershelf/templates` (`~/.cache/…`), or None where there is no such folder."""
        try:
            folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "papershelf" / "templates"
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except (OSError, RuntimeError):  # RuntimeError: no home folder
            return None
        return cls(str(folder))


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory: a template whose source is unchanged is not compiled again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])  # ignored if the source changed

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
