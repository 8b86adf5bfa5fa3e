"""Templates kept for the next build: compiled ones on disk between builds, in memory between a preview's
rebuilds; and the list of an installed theme's files, between a preview's rebuilds."""

from __future__ import annotations

import functools
import os
import site
import sysconfig
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.theme import Theme


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


class ListedOnceLoader(FileSystemLoader):
    """The theme's loader for a preview's rebuilds: an installed theme's files are listed once, not on every one.

    MkDocs lists every file of the theme's folders on each build to copy its static files
    (`Files.add_files_from_theme`): mkdocs-material's hold ~14,500, ~10,000 of them icons under `.icons/`,
    ~0.4 s of a preview's rebuild with the matching of each name against MkDocs' patterns. A folder inside the
    Python installation does not change while the preview runs (a custom_dir in the project is listed every
    time), and names of a top-level dot folder are left out: MkDocs' first pattern ('.*') drops them anyway.
    """

    def __init__(self, searchpath: list[str], listed: dict[str, list[str]], encoding: str = "utf-8",
                 followlinks: bool = False) -> None:
        super().__init__(searchpath, encoding, followlinks)
        self.listed = listed

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder in self.listed:
                found.update(self.listed[folder])
                continue
            names = [name for name in FileSystemLoader(folder, self.encoding, self.followlinks).list_templates()
                     if not name.startswith(".")]
            if installed(folder):
                self.listed[folder] = names
            found.update(names)
        return sorted(found)


@functools.cache
def package_roots() -> frozenset[str]:
    """The folders of the Python installation's packages (and the user's), resolved once."""
    folders = [sysconfig.get_paths().get(key) for key in ("purelib", "platlib")] + [site.getusersitepackages()]
    return frozenset(os.path.realpath(path) for path in folders if path)


def installed(folder: str) -> bool:
    """Whether a folder is inside the Python installation's packages (not the project's own files)."""
    real = os.path.realpath(folder)
    return any(real == root or real.startswith(root + os.sep) for root in package_roots())


def list_theme_once(theme: Theme, listed: dict[str, list[str]]) -> None:
    """Give `theme`'s Jinja environments (MkDocs makes one for each build) a ListedOnceLoader sharing `listed`."""
    make_environment = theme.get_env

    def get_env() -> Environment:
        environment = make_environment()
        loader = environment.loader
        if isinstance(loader, FileSystemLoader):
            environment.loader = ListedOnceLoader(list(loader.searchpath), listed, loader.encoding, loader.followlinks)
        return environment

    theme.get_env = get_env  # type: ignore[method-assign]  # MkDocs asks the theme of each rebuild's config
