"""Compiled templates kept for the next build: on disk between builds, in memory between a preview's rebuilds."""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket


def compile_options(environment: Environment, name: str) -> str:
    """What a template's compiled code depends on besides its source: the environment's syntax, whitespace
    handling, extensions and autoescaping (for this template: it may be a function of its name)."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    return repr((environment.block_start_string, environment.block_end_string, environment.variable_start_string,
                 environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                 environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                 sorted(environment.extensions), bool(autoescape), environment.is_async, environment.optimized))


class KeyedByOptions(BytecodeCache):
    """Jinja keys a compiled template by its name and file only. Environments that compile one file with other
    options (papershelf's content templates autoescape, the theme's do not; another plugin may add a Jinja
    extension) would then share code compiled for one of them: here the options are part of the key."""

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        return super().get_bucket(environment, f"{name}\0{compile_options(environment, name)}", filename, source)


class DiskBytecodeCache(KeyedByOptions, FileSystemBytecodeCache):
    """Compiled templates kept between builds (and between sites) in the user's cache folder.

    Compiling mkdocs-material's templates and papershelf's is ~0.3 s of every build. Jinja checks
    each one's source, and ignores one written by another Python.
    A cache that cannot be read or written is no cache: never a failed build.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket: Bucket) -> None:
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


class MemoryBytecodeCache(KeyedByOptions):
    """Compiled templates kept in memory: a template whose source is unchanged is not compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])  # ignored if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
