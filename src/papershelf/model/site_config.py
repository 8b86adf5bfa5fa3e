"""mkdocs.yml as papershelf reads it without MkDocs: the papershelf plugin's options, and what a site that
does not use papershelf yet must add for its papers to have pages.

A group that starts inside the repository it already has may already publish an MkDocs site from it: `init`
keeps that site's mkdocs.yml and says what to add; `build` and `serve` refuse to build a site without the
plugin (it would have no paper pages) and say the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .problems import UsageError
from .routes import Routes, source_of

_ROUTES = Routes()
# The nav's pages of papershelf's lists, as the scaffold's mkdocs.yml names them
NAV_PAGES = {"Papers": source_of(_ROUTES.paper_list()),
             **{name.capitalize(): source_of(_ROUTES.term_index(name)) for name in ("topics", "authors", "years")}}
MAX_INHERIT = 10  # `INHERIT:` chains followed, as MkDocs merges a parent file under its child


_EventLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:  # libyaml's parser: 12x faster at reading the events alone
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _EventLoader

MAX_NESTING = 64  # lists and mappings in a mkdocs.yml or a workflow: a real one nests under 10 deep


class TooDeep(yaml.YAMLError):
    """YAML nested deeper than MAX_NESTING: PyYAML's composer recurses once a level, and would run out of stack."""

    def __init__(self, line: int) -> None:
        super().__init__(f"lists or mappings nested over {MAX_NESTING} deep (line {line})")
        self.problem_mark = yaml.Mark("", 0, line - 1, 0, "", 0)  # the line, as a parse error gives it


def check_nesting(text: str) -> None:
    """TooDeep when `text` nests lists or mappings over MAX_NESTING deep; read from the parser's events, which
    keep no stack of calls (a yaml.YAMLError when it does not parse)."""
    try:
        _check_nesting(_EventLoader(text))
    except TooDeep:
        raise
    except yaml.YAMLError:
        if _EventLoader is yaml.SafeLoader:
            raise
        _check_nesting(yaml.SafeLoader(text))  # what libyaml refuses, PyYAML (MkDocs' reader) may read


def _check_nesting(loader: yaml.SafeLoader | yaml.CSafeLoader) -> None:
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise TooDeep(event.start_mark.line + 1 if event.start_mark else 0)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _or_text(construct: Any) -> Any:
    """A scalar constructor that keeps the text as written when Python refuses it: an int of over 4,300 digits,
    a date that is no day (`2024-02-30`)."""
    def constructed(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
        try:
            return construct(loader, node)
        except ValueError:
            return str(node.value)
    return constructed


def read_as_data(loader: type[yaml.SafeLoader]) -> None:
    """`loader` reads every tag as plain text (never run) and keeps numbers and dates Python refuses as text."""
    loader.add_multi_constructor("", lambda loader, suffix, node: str(getattr(node, "value", ""))
                                 if isinstance(node, yaml.ScalarNode) else None)
    loader.add_constructor("tag:yaml.org,2002:int", _or_text(SafeConstructor.construct_yaml_int))
    loader.add_constructor("tag:yaml.org,2002:timestamp", _or_text(SafeConstructor.construct_yaml_timestamp))


class _PlainLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV` and `!!python/name:` tags read as plain text, never run."""


read_as_data(_PlainLoader)


def read_site_config(config_file: Path, depth: int = 0) -> dict[str, Any]:
    """mkdocs.yml as data (its `INHERIT:` parent merged under it); a UsageError naming the file otherwise."""
    try:
        data = parse_site_config(config_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{config_file}: cannot read it ({error.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        line = f":{where.line + 1}" if where is not None else ""
        raise UsageError(f"{config_file}{line}: not valid YAML") from None
    parent = data.get("INHERIT")
    if isinstance(parent, str) and depth < MAX_INHERIT:
        return merged_configs(read_site_config(config_file.parent / parent, depth + 1), data)
    return data


def parse_site_config(text: str) -> dict[str, Any]:
    """mkdocs.yml's text as data, its tags as plain text ({} when it is not a mapping); a yaml.YAMLError if it
    does not parse or nests over MAX_NESTING deep. Its `INHERIT:` parent is not read."""
    check_nesting(text)
    data = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (a loader that builds no objects)
    return data if isinstance(data, dict) else {}


def merged_configs(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """`child` merged over its `INHERIT:` `parent`, as MkDocs does: mappings key by key, anything else replaced."""
    merged = dict(parent)
    for key, value in child.items():
        both = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = merged_configs(merged[key], value) if both else value
    return merged


def plugins_of(config: dict[str, Any]) -> dict[str, Any]:
    """Plugin name → its options ({} when it sets none), from a list of names and one-key mappings or a mapping."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        return {str(name): options if isinstance(options, dict) else {} for name, options in plugins.items()}
    found: dict[str, Any] = {}
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, dict) and item:
            name, options = next(iter(item.items()))
            found[str(name)] = options if isinstance(options, dict) else {}
        elif isinstance(item, str):
            found[item] = {}
    return found


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The papershelf plugin's options in mkdocs.yml ({} when it sets none)."""
    options = plugins_of(read_site_config(config_file)).get("papershelf")
    return options if isinstance(options, dict) else {}


def missing_for_papershelf(config: dict[str, Any]) -> list[str]:
    """What a site's mkdocs.yml lacks for papershelf's pages, as YAML lines to add (into the lists it has
    already); empty when it lacks nothing."""
    missing = []
    theme = config.get("theme")
    if (theme.get("name") if isinstance(theme, dict) else theme) != "material":
        missing += ["theme:", "  name: material      # papershelf's pages are mkdocs-material pages"]
    if "papershelf" not in plugins_of(config):
        missing += ["plugins:", "  - papershelf        # with its own search; list - search too for mkdocs-material's"]
    nav = config.get("nav")
    if isinstance(nav, list):
        named = nav_files(nav)
        lacking = [f"  - {title}: {page}" for title, page in NAV_PAGES.items() if page not in named]
        missing += ["nav:", *lacking] if lacking else []
    return missing


def nav_files(nav: object) -> set[str]:
    """Every page file the nav names. Each list or mapping is visited once: YAML aliases can make a small file
    a nav of exponentially many entries."""
    files: set[str] = set()
    seen: set[int] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            files.add(item)
        elif isinstance(item, (dict, list)) and id(item) not in seen:
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return files


def require_papershelf_site(config_file: Path) -> None:
    """Refuse a site whose mkdocs.yml does not load the papershelf plugin: it would build without any paper."""
    if not config_file.is_file():
        return  # MkDocs says so itself
    config = read_site_config(config_file)
    if "papershelf" in plugins_of(config):
        return
    lines = "".join(f"\n    {line}" for line in missing_for_papershelf(config))
    raise UsageError(f"{config_file} does not use the papershelf plugin, so the site would have no paper, topic "
                     f"or author pages; add to it (into the lists it has already):{lines}")
