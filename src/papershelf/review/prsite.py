"""The pages a pull request leaves the site with, and what its mkdocs.yml changes, worked out from data.

mkdocs.yml is read as YAML (its tags as plain text: nothing is imported or run) for what decides the
site's addresses: where the plugin reads the collection (`root`, `papers_dir`, …), whether it is on, its
`taxonomies:` (permalinks, `min_papers`), the list sizes that split a list into `page/N/` pages, its exports,
and MkDocs' `docs_dir`, `use_directory_urls`, `exclude_docs` and `site_url`. The file behind every published
address of the base branch's site and of the site merging would leave (papershelf's pages and exports, the
site's own pages and files) are then compared: a published address that answers 404 after the merge is
named, whatever caused it (a topic's permalink, `min_papers`, a paper moved, the last paper of a year, a page
of the site's own deleted, `use_directory_urls` turned off).
"""

from __future__ import annotations

import dataclasses
import posixpath
import reprlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import yaml
from pathspec.gitignore import GitIgnoreSpec

from ..exports.feed import followed_terms
from ..model.collection import Collection
from ..model.problems import UsageError
from ..model.routes import ORDERS, Routes, TaxonomyDeclaration
from ..model.site_config import MAX_INHERIT, check_nesting, merged_configs, parse_site_config, plugins_of, read_as_data
from ..site.plan import PAPERS_PER_PAGE, TERMS_PER_PAGE, site_urls

# Where the collection is, relative to mkdocs.yml: the plugin's options and their defaults
LAYOUT_OPTIONS = {"root": ".", "papers_dir": "papers", "topics_file": "topics.yml", "authors_file": "authors.yml"}
SEARCH_PLUGINS = ("search", "material/search", "offline")  # any of them turns papershelf's search off by default


@dataclass(frozen=True)
class CollectionPaths:
    """Where the collection's files are in the repository, as mkdocs.yml's papershelf options (`root`,
    `papers_dir`, `topics_file`, `authors_file`) place them: '/'-separated, relative to mkdocs.yml's folder."""

    papers: str = "papers/"  # the folder, with its '/' ("" when the papers are at the top)
    topics: str = "topics.yml"
    authors: str = "authors.yml"

    def is_paper(self, path: str | None) -> TypeGuard[str]:
        """A file the plugin reads as a paper's (any name: one not ending in .md is told apart by the caller)."""
        return path is not None and path.startswith(self.papers) and "/" not in path[len(self.papers):]

    def in_papers(self, path: str | None) -> TypeGuard[str]:
        return path is not None and path.startswith(self.papers)

    def holds(self, path: str) -> bool:
        """A file of the collection: in the papers' folder, or the topics or authors file."""
        return self.in_papers(path) or path in (self.topics, self.authors)

    @property
    def tree_paths(self) -> tuple[str, ...]:
        """What `git ls-tree` lists for the collection."""
        return (self.papers.rstrip("/") or ".", self.topics, self.authors)

    @property
    def papers_dir(self) -> str:
        return self.papers.rstrip("/") or "."

    @property
    def shown(self) -> str:
        """The three places, as the summary names them: "`papers/`, `topics.yml` and `authors.yml`"."""
        return f"{self.papers or 'the top folder'}, {self.topics} and {self.authors}"


DOCS_DIR = "docs"
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # MkDocs' pages (the rest is copied as is)
DEFAULT_EXCLUDE = (".*", "/templates/")  # MkDocs leaves these out of every site, beside `exclude_docs`


@dataclass(frozen=True)
class SiteSettings:
    """What of mkdocs.yml decides the site's pages."""

    papershelf: bool = True  # the plugin is listed and enabled: without it the site has no paper page
    papers_per_page: int = PAPERS_PER_PAGE
    terms_per_page: int = TERMS_PER_PAGE
    declarations: tuple[TaxonomyDeclaration, ...] = ()
    pagefind: bool = True  # papershelf's search (pagefind/), or another search plugin's
    exports: bool = True  # papers.json, papers.bib, feed.xml, each paper's BibTeX, each topic's and author's feed
    problem: str = ""  # what of mkdocs.yml this summary cannot follow, or stops the build (read as the defaults)
    paths: CollectionPaths = CollectionPaths()
    docs_dir: str | None = DOCS_DIR + "/"  # the site's own pages (MkDocs' `docs_dir`), with its '/' (None: unread)
    directory_urls: bool = True  # MkDocs' `use_directory_urls`: about.md is about/ (else about.html)
    exclude_docs: tuple[str, ...] = ()  # MkDocs' `exclude_docs`, gitignore lines
    site_url: str = ""  # a web address as written ("" when unset or read from the environment: `!ENV`)

    @property
    def routes(self) -> Routes:
        return Routes.declaring(self.declarations)


def site_settings(text: str | None, read: Callable[[str], str | None] = lambda path: None) -> SiteSettings:
    """The settings of mkdocs.yml's `text` (None: there is no mkdocs.yml, the defaults), over those of the file
    its `INHERIT:` names (`read(path)`: its text, or None)."""
    try:
        config = inherited_config(text, read)[0] if text else {}
    except yaml.YAMLError:
        return SiteSettings(problem="mkdocs.yml does not parse as YAML (the build stops)")
    except TooLarge:
        return SiteSettings(problem=f"mkdocs.yml's YAML aliases expand it to over {MAX_EXPANDED_NODES:,} values "
                                    "(read as papershelf's defaults here)")
    plugins = plugins_of(config)
    options: dict[str, Any] = plugins.get("papershelf") or {}
    search = options.get("search")
    settings = SiteSettings(
        papershelf="papershelf" in plugins and options.get("enabled", True) is not False,
        pagefind=search if isinstance(search, bool) else not any(name in plugins for name in SEARCH_PLUGINS),
        exports=options.get("exports", True) is not False,
        **mkdocs_settings(config))
    try:
        settings = dataclasses.replace(settings, paths=collection_paths(options))
    except ValueError as error:
        settings = dataclasses.replace(settings, problem=f"mkdocs.yml's papershelf {error}: this summary reads "
                                                         "the collection from the default places")
    try:
        return dataclasses.replace(settings,
                                   papers_per_page=count_option(options, "papers_per_page", PAPERS_PER_PAGE),
                                   terms_per_page=count_option(options, "terms_per_page", TERMS_PER_PAGE),
                                   declarations=declarations(options.get("taxonomies") or []))
    except (UsageError, TypeError, ValueError, AttributeError) as error:  # a list where a text goes, …
        return dataclasses.replace(settings, problem=f"mkdocs.yml's papershelf options stop the build: {error}")


def mkdocs_settings(config: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' own settings that decide the site's addresses: where its pages are, and their form."""
    docs_dir, directory_urls, site_url = (config.get("docs_dir", DOCS_DIR), config.get("use_directory_urls", True),
                                          config.get("site_url") or "")
    exclude = config.get("exclude_docs")
    try:
        docs = in_repository(docs_dir if isinstance(docs_dir, str) else DOCS_DIR, "docs_dir") + "/"
    except ValueError as error:
        return {"docs_dir": None, "problem": f"mkdocs.yml's {error} (its pages are not compared here)"}
    return {"docs_dir": "" if docs == "./" else docs,
            "directory_urls": directory_urls if isinstance(directory_urls, bool) else True,
            "exclude_docs": tuple(exclude.splitlines()) if isinstance(exclude, str) else (),
            "site_url": site_url if isinstance(site_url, str) and site_url.startswith(("http://", "https://")) else ""}


def collection_paths(options: dict[str, Any]) -> CollectionPaths:
    """Where the plugin's options put the collection; a ValueError for a place outside the repository."""
    values = {name: options.get(name, default) for name, default in LAYOUT_OPTIONS.items()}
    if not all(isinstance(value, str) for value in values.values()):
        raise ValueError("'root', 'papers_dir', 'topics_file' and 'authors_file' must be texts")
    root = values["root"]
    papers = in_repository(posixpath.join(root, values["papers_dir"]), "papers_dir")
    return CollectionPaths("" if papers == "." else papers + "/",
                           in_repository(posixpath.join(root, values["topics_file"]), "topics_file"),
                           in_repository(posixpath.join(root, values["authors_file"]), "authors_file"))


MAX_PATH = 1000  # characters of a place mkdocs.yml names


def in_repository(path: str, name: str) -> str:
    """`path` (relative to mkdocs.yml's folder) normalized; a ValueError when it leaves the repository."""
    normal = posixpath.normpath(path.replace("\\", "/"))
    if len(normal) > MAX_PATH or "\0" in normal:
        raise ValueError(f"'{name}' {shown_setting(path)} is not a folder's or file's name")
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../"):
        raise ValueError(f"'{name}' {shown_setting(path)} is outside the repository")
    return normal


def inherited_config(text: str, read: Callable[[str], str | None], path: str = "mkdocs.yml",
                     depth: int = 0) -> tuple[dict[str, Any], list[str]]:
    """mkdocs.yml's `text` as data merged over its `INHERIT:` chain, and the files of the chain (mkdocs.yml's
    parents). Each file is read only if its aliases expand to at most MAX_EXPANDED_NODES values (TooLarge)."""
    check_expanded_size(text)
    data = parse_site_config(text)
    parent = data.get("INHERIT")
    if not isinstance(parent, str) or depth >= MAX_INHERIT:
        return data, []
    parent_path = posixpath.normpath(posixpath.join(posixpath.dirname(path), parent))
    parent_text = read(parent_path)
    if parent_text is None:
        return data, [parent_path]
    inherited, chain = inherited_config(parent_text, read, parent_path, depth + 1)
    return merged_configs(inherited, data), [parent_path, *chain]


def config_files(text: str | None, read: Callable[[str], str | None]) -> list[str]:
    """The files mkdocs.yml's `INHERIT:` chain reads (none when it cannot be read)."""
    try:
        return inherited_config(text, read)[1] if text else []
    except (yaml.YAMLError, TooLarge):
        return []


def count_option(options: dict[str, Any], name: str, default: int) -> int:
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        raise ValueError(f"'{name}' must be a whole number from 1 to 100,000, not {shown_setting(value)}")
    return value


def declarations(items: object) -> tuple[TaxonomyDeclaration, ...]:
    """`taxonomies:` as the plugin reads it; a ValueError or UsageError saying what is wrong."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ValueError("'taxonomies' must be a list of mappings")
    found = []
    for item in items:
        orders = item.get("orders", ["count"])
        if not isinstance(orders, list) or not all(order in ORDERS for order in orders):
            raise ValueError(f"taxonomy {shown_setting(item.get('name'))}: orders must be some of {', '.join(ORDERS)}")
        fields = {key: item[key] for key in ("name", "title", "singular", "field", "permalink", "searchable", "rows",
                                             "min_papers") if key in item}
        found.append(TaxonomyDeclaration(**fields, orders=tuple(orders)))
    Routes.declaring(found)  # two taxonomies in one folder: a UsageError
    return tuple(found)


@dataclass
class PageChanges:
    """The published addresses (pages, exports, files of the site's own) before and after the merge: those that go,
    those that come, and the site's own pages the pull request edits."""

    before: int = 0
    after: int = 0
    gone: list[tuple[str, str]] = field(default_factory=list)  # (url, what was there)
    new: list[tuple[str, str]] = field(default_factory=list)  # (url, what is there)
    edited: list[tuple[str, str]] = field(default_factory=list)  # (url, its source file) of the site's own pages
    moved_site: tuple[str, str] | None = None  # site_url before and after, when it changes


@dataclass(frozen=True)
class SitePages:
    """One side's site: papershelf's pages of its collection, and the files of its `docs_dir` (paths in the
    repository) that MkDocs publishes as they are or as pages."""

    collection: Collection
    settings: SiteSettings
    docs_files: tuple[str, ...] = ()


def page_changes(base: SitePages, merged: SitePages, edited_sources: Iterable[str] = ()) -> PageChanges:
    """Compare the file behind every published address of the two sites (an address answers while its file is
    there: `about/` is about/index.html, so a page moved to about.html by `use_directory_urls` is gone from it)."""
    before, after = published(base), published(merged)
    sources = {label.removeprefix(SOURCE_LABEL): target for target, (_, label) in after.items()
               if label.startswith(SOURCE_LABEL)}
    edited = sorted((after[sources[path]][0], path) for path in edited_sources if path in sources
                    and sources[path] in before)
    old_site, new_site = base.settings.site_url, merged.settings.site_url
    moved = (old_site, new_site) if old_site and new_site and old_site != new_site else None
    return PageChanges(pages_in(before), pages_in(after),
                       sorted(before[target] for target in before.keys() - after.keys()),
                       sorted(after[target] for target in after.keys() - before.keys()), edited, moved)


SOURCE_LABEL = "from "  # a page of the site's own is labelled with its Markdown file


def published(site: SitePages) -> dict[str, tuple[str, str]]:
    """Each file of the site that answers an address -> (the address as pages link it, what is there)."""
    found: dict[str, tuple[str, str]] = {}
    if site.settings.docs_dir is not None:
        found.update(docs_pages(site.docs_files, site.settings))
    if site.settings.papershelf:
        names = page_names(site.collection)
        found.update((url + "index.html", (url if site.settings.directory_urls else url + "index.html",
                                           names.get(url, "")))
                     for url in site_urls(site.collection, site.settings.papers_per_page,
                                          site.settings.terms_per_page))
        if site.settings.exports:
            found.update((url, (url, label)) for url, label in exported_files(site.collection))
    return found


def exported_files(collection: Collection) -> Iterable[tuple[str, str]]:
    """The files papershelf's exports publish (exports/__init__.py): the collection's, each paper's BibTeX, the feed
    of each topic and of each author with a feed; each with what it is."""
    routes = collection.routes
    yield from ((url, "export") for url in (routes.PAPERS_JSON, routes.PAPERS_SCHEMA, routes.PAPERS_BIB,
                                            routes.PAPERS_CSL_JSON, routes.PAPERS_RIS, routes.FEED))
    yield from ((routes.paper_bibtex(paper.slug), f"BibTeX of '{paper.meta.title}'") for paper in collection.papers)
    singular = {taxonomy.name: taxonomy.declaration.singular for taxonomy in collection.taxonomies.values()}
    yield from ((routes.term_feed(term.taxonomy, term.slug), f"feed of {singular[term.taxonomy]} '{term.name}'")
                for term in followed_terms(collection))


def pages_in(files: dict[str, tuple[str, str]]) -> int:
    """The pages among a site's published files (exports and files of its own aside)."""
    return sum(target.endswith(".html") for target in files)


def docs_pages(paths: Iterable[str], settings: SiteSettings) -> dict[str, tuple[str, str]]:
    """The files MkDocs writes from `docs_dir`: a Markdown file as its page (about.md as about/index.html, or
    about.html without directory URLs; index.md and README.md as their folder's index.html), any other file as
    it is; the ones MkDocs leaves out (dot files, templates/, `exclude_docs`) left out."""
    folder = settings.docs_dir or ""
    excluded = GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *settings.exclude_docs])
    found = {}
    for path in sorted(paths):
        name = path[len(folder):]
        if not path.startswith(folder) or excluded.match_file(name):
            continue
        if not name.endswith(MARKDOWN_SUFFIXES):
            found[name] = (name, f"file {path}")
            continue
        target = page_target(name, settings.directory_urls)
        if target in found and posixpath.basename(name).startswith("README"):
            continue  # index.md wins over README.md
        url = posixpath.dirname(target) + "/" if settings.directory_urls and target.endswith("index.html") else target
        found[target] = ("" if url == "/" else url, SOURCE_LABEL + path)
    return found


def page_target(name: str, directory_urls: bool) -> str:
    """The file MkDocs writes for the Markdown file `name` (relative to docs_dir)."""
    folder, file_name = posixpath.split(name)
    stem = posixpath.splitext(file_name)[0]
    if stem in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, stem, "index.html") if directory_urls else posixpath.join(folder, stem + ".html")


def page_names(collection: Collection) -> dict[str, str]:
    """papershelf's page URLs -> what each shows: a paper's title, a term's name (none for a list or index page)."""
    names = {collection.routes.paper(paper.slug): paper.meta.title for paper in collection.papers}
    for taxonomy in collection.taxonomies.values():
        names.update((term.url, f"{taxonomy.declaration.singular} '{term.name}'")
                     for term in taxonomy.terms.values() if term.url)
    return names


def settings_changes(before: SiteSettings, after: SiteSettings) -> list[str]:
    """What a change to mkdocs.yml does to papershelf's site, in words, beyond the pages listed."""
    details = []
    if before.papershelf and not after.papershelf:
        details.append("the papershelf plugin is removed or disabled: the site loses every page of the collection")
    if after.problem and after.problem != before.problem:
        details.append(after.problem)
    if before.paths != after.paths:
        details.append(f"the collection is read from elsewhere ({before.paths.shown} → {after.paths.shown}): the "
                       "published site is compared with the site built from the new places")
    if before.pagefind != after.pagefind:
        details.append("the site search changes: " + ("papershelf's (pagefind/) → another search plugin's"
                                                      if before.pagefind else "another search plugin's → papershelf's"))
    for name in ("papers_per_page", "terms_per_page"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            details.append(f"{name} {old} → {new}: long lists are split into pages of {new}")
    details += declaration_changes(before.routes, after.routes)
    return details


def declaration_changes(before: Routes, after: Routes) -> list[str]:
    """Taxonomies added, removed, or declared anew (a permalink, min_papers, orders)."""
    details = []
    for name in sorted(set(before.taxonomies) | set(after.taxonomies)):
        old, new = before.taxonomies.get(name), after.taxonomies.get(name)
        if old is None:
            details.append(f"new taxonomy '{name}' (pages under {new.folder if new else ''})")
        elif new is None:
            details.append(f"taxonomy '{name}' removed (its pages under {old.folder} go)")
        elif old != new:
            changed = [f"{key} {shown_setting(getattr(old, key))} → {shown_setting(getattr(new, key))}" for key in
                       ("permalink", "min_papers", "orders", "field", "title", "rows", "searchable")
                       if getattr(old, key) != getattr(new, key)]
            details.append(f"taxonomy '{name}': {', '.join(changed)}")
    return details


# --- mkdocs.yml's settings, old → new ------------------------------------------------------------------------

class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!!python/name:` and `!ENV` tags as plain values: only to compare, never to run."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):  # `!ENV [SITE_URL, default]`
        return f"{node.tag} [{', '.join(str(getattr(item, 'value', '…')) for item in node.value)}]"
    return f"{node.tag} {node.value}".rstrip() if isinstance(node, yaml.ScalarNode) else f"{node.tag} …"


read_as_data(_AnyTagLoader)
_AnyTagLoader.add_multi_constructor("", _tagged)
# What a change to a setting does, beyond its new value
SETTING_NOTES = {
    "site_url": "the address every page is published under: the sitemap, feeds, canonical links and exports "
                "name pages under the new one",
    "use_directory_urls": "the form of every page's address: a page of the site's own moves between about/ and "
                          "about.html (its old address answers 404)",
    "docs_dir": "the site's own pages are read from another folder (its pages are compared below)",
    "site_dir": "where the site is written (the Pages workflow publishes a folder it names)",
    "hooks": "a hook is Python code that runs in the build",
    "INHERIT": "settings are read from another file too",
    "theme.custom_dir": "its templates override the theme's on every page",
    "extra_javascript": "scripts every page loads",
    "markdown_extensions": "Python extensions that run in the build",
}
MAX_SHOWN_SETTING = 200  # characters of one value


MAX_EXPANDED_NODES = 100_000  # a mkdocs.yml is a few hundred; YAML aliases can make a small file exponentially more


class TooLarge(Exception):
    pass


def check_expanded_size(text: str) -> None:
    """TooLarge when the YAML document `text` has over MAX_EXPANDED_NODES values with its aliases expanded."""
    check_nesting(text)  # composing recurses once a level
    loader = yaml.SafeLoader(text)  # composing reads no tag: the nodes only
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        expanded_size(node, {})


def bounded_mapping(text: str | None) -> dict[object, object] | None:
    """The YAML mapping `text` holds (None when it does not parse or is not a mapping), read only when it has at
    most MAX_EXPANDED_NODES values with its aliases expanded (comparing or showing it costs that); TooLarge
    otherwise."""
    if not text:
        return {}
    try:
        check_nesting(text)  # composing recurses once a level
        loader = _AnyTagLoader(text)  # a control character is refused here, before any parsing
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
        if node is not None and expanded_size(node, {}) > MAX_EXPANDED_NODES:
            raise TooLarge
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else None


def expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values `node` is with every alias expanded, each shared node counted once per use but worked out
    once; past MAX_EXPANDED_NODES (or a node that holds itself) TooLarge."""
    if id(node) in sizes:
        if sizes[id(node)] < 0:  # still being counted: it holds itself
            raise TooLarge
        return sizes[id(node)]
    sizes[id(node)] = -1
    children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else \
        node.value if isinstance(node, yaml.SequenceNode) else []
    size = 1 + sum(expanded_size(child, sizes) for child in children)
    if size > MAX_EXPANDED_NODES:
        raise TooLarge
    sizes[id(node)] = size
    return size


def changed_keys(old: str | None, new: str | None) -> list[str]:
    """The settings of a YAML file that differ, each with what it was and is: "site_url: 'a' → 'b'",
    "plugins: added 'tags'", "theme.features: added 'navigation.instant'"."""
    try:
        before, after = bounded_mapping(old), bounded_mapping(new)
    except TooLarge:
        return [f"the file's YAML aliases expand it to over {MAX_EXPANDED_NODES:,} values: read it by hand"]
    if before is None or after is None:
        return ["the file does not parse as a YAML mapping"]
    lines = []
    for key in sorted(set(before) | set(after), key=str):
        if before.get(key, MISSING) == after.get(key, MISSING):
            continue
        lines += plugin_changes(before.get(key), after.get(key)) if key == "plugins" \
            else setting_changes(str(key), before.get(key, MISSING), after.get(key, MISSING))
    return lines


MISSING = object()


def setting_changes(name: str, old: object, new: object, depth: int = 0) -> list[str]:
    """One setting's change in words (with what the setting does, SETTING_NOTES), a mapping per key (two levels),
    a list by the items added and removed."""
    lines = described_changes(name, old, new, depth)
    note = SETTING_NOTES.get(name)
    return [f"{lines[0]} ({note})", *lines[1:]] if note and lines else lines


def described_changes(name: str, old: object, new: object, depth: int) -> list[str]:
    if old is MISSING or new is MISSING:
        return [f"{name}: {'added' if old is MISSING else 'removed'} ({shown_setting(new if old is MISSING else old)})"]
    if isinstance(old, dict) and isinstance(new, dict) and depth < 2:
        return [line for key in sorted(set(old) | set(new), key=str) if old.get(key, MISSING) != new.get(key, MISSING)
                for line in setting_changes(f"{name}.{key}", old.get(key, MISSING), new.get(key, MISSING), depth + 1)]
    if isinstance(old, list) and isinstance(new, list):
        added = [item for item in new if item not in old]
        removed = [item for item in old if item not in new]
        parts = [f"added {', '.join(shown_setting(item) for item in added)}" if added else "",
                 f"removed {', '.join(shown_setting(item) for item in removed)}" if removed else ""]
        return [f"{name}: {'; '.join(part for part in parts if part) or 'reordered'}"]
    return [f"{name}: {shown_setting(old)} → {shown_setting(new)}"]


def plugin_changes(old: object, new: object) -> list[str]:
    """The plugins added (their code runs in the build) and removed, and whose options changed."""
    before, after = plugins_of({"plugins": old}), plugins_of({"plugins": new})
    lines = []
    added, removed = [name for name in after if name not in before], [name for name in before if name not in after]
    if added:
        lines.append(f"plugins: added {', '.join(map(repr, added))} (a plugin's code runs in the build)")
    if removed:
        lines.append(f"plugins: removed {', '.join(map(repr, removed))}")
    for name in before.keys() & after.keys():
        if before[name] != after[name]:
            lines += setting_changes(f"plugins.{name}", before[name], after[name], depth=1)
    if not lines:
        lines.append("plugins: reordered (plugins run in the order listed)")
    return lines


_SHORT = reprlib.Repr()  # a value's repr in bounded time: at most 4 levels deep and 10 items per level
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxtuple = 4, 10, 10, 10
_SHORT.maxstring, _SHORT.maxother = MAX_SHOWN_SETTING, MAX_SHOWN_SETTING


def shown_setting(value: object) -> str:
    text = " ".join(_SHORT.repr(value).split())
    return text if len(text) <= MAX_SHOWN_SETTING else text[:MAX_SHOWN_SETTING] + "…"


# --- Which pages list a changed paper --------------------------------------------------------------------------

def listed_on(collection: Collection, slug: str) -> list[str]:
    """The pages of the terms a paper is listed under (its topics', authors', year's …), as their first URL."""
    return sorted({term.url for taxonomy in collection.taxonomies.values()
                   for term in taxonomy.by_paper.get(slug, []) if term.url})


def listing_changes(before: Collection, after: Collection,
                    slugs: dict[str, tuple[str, str]]) -> dict[str, tuple[list[str], list[str]]]:
    """Changed paper path -> (the pages that stop listing it, the pages that start): a date moving it to another
    year, an author's spelling giving it another author page. `slugs`: path -> (slug at the base, slug now)."""
    found = {}
    for path, (old_slug, new_slug) in slugs.items():
        old, new = listed_on(before, old_slug), listed_on(after, new_slug)
        if old != new:
            found[path] = ([url for url in old if url not in new], [url for url in new if url not in old])
    return found
