"""Compiled templates kept between builds (`template_cache`): the same site, an edited template seen at once,
and a cache folder that cannot be written is no cache, never a failed build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import scratch_collection

PAPERS = {"cached-paper.md": "---\ntitle: A cached paper\nauthors: [Ann Lee, Bo Chen]\ndate: 2024-05-01\n"
                             "topics: [mechanistic-interpretability]\n---\n\nAn abstract.\n"}


def build(collection: Path, site: Path, cache_home: Path) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", XDG_CACHE_HOME=str(cache_home))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(site)], cwd=collection,
                   env=environment, check=True, capture_output=True, text=True, timeout=600)


def pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def with_override(collection: Path, text: str) -> None:
    """A custom_dir whose papershelf/paper.html is `text`."""
    folder = collection / "overrides" / "papershelf"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "paper.html").write_text(text, encoding="utf-8")
    config = collection / "mkdocs.yml"
    if "custom_dir" not in config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8").replace(
            "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"), encoding="utf-8")


def test_a_cached_build_is_the_same_site_and_sees_an_edited_template(tmp_path):
    collection = scratch_collection(tmp_path / "collection", PAPERS)
    with_override(collection, "<h1>{{ paper.meta.title }}</h1><p>version one</p>")
    cache = tmp_path / "cache"
    build(collection, tmp_path / "first", cache)  # compiles every template, and keeps them
    assert len(list((cache / "papershelf" / "templates").iterdir())) > 10  # the theme's and papershelf's
    build(collection, tmp_path / "second", cache)  # from the cache
    first, second = pages(tmp_path / "first"), pages(tmp_path / "second")
    assert "version one" in first["papers/cached-paper/index.html"]
    assert first == second

    with_override(collection, "<h1>{{ paper.meta.title }}</h1><p>version two</p>")  # the same file, edited
    build(collection, tmp_path / "third", cache)
    third = pages(tmp_path / "third")
    assert "version two" in third["papers/cached-paper/index.html"]
    assert "version one" not in third["papers/cached-paper/index.html"]

    config = collection / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - papershelf:\n", "  - papershelf:\n      template_cache: false\n", 1), encoding="utf-8")
    build(collection, tmp_path / "fourth", tmp_path / "unused-cache-home")
    assert not (tmp_path / "unused-cache-home").exists()
    assert pages(tmp_path / "fourth") == third


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path):
    collection = scratch_collection(tmp_path / "collection", PAPERS)
    not_a_folder = tmp_path / "cache-home"
    not_a_folder.write_text("a file where the cache folder would go", encoding="utf-8")
    build(collection, tmp_path / "site", not_a_folder)
    assert (tmp_path / "site" / "papers" / "cached-paper" / "index.html").is_file()
    assert not_a_folder.read_text(encoding="utf-8") == "a file where the cache folder would go"


def test_environments_compiling_one_file_with_other_options_never_share_its_code(tmp_path):
    """Jinja keys compiled code by template and file only: papershelf's content templates autoescape and
    the theme's do not, and another plugin may add a Jinja extension. Each must get code for its options."""
    from jinja2 import Environment, FileSystemLoader

    from papershelf_mkdocs.template_cache import DiskBytecodeCache, MemoryBytecodeCache

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "row.html").write_text("{% if true %}\n<b>{{ name }}</b>\n{% endif %}", encoding="utf-8")
    for cache in (DiskBytecodeCache(str(tmp_path / "cache-folder")), MemoryBytecodeCache()):
        (tmp_path / "cache-folder").mkdir(exist_ok=True)
        loader = FileSystemLoader(str(tmp_path / "templates"))
        for _ in range(2):  # the second time from the cache
            theme_like = Environment(loader=loader, bytecode_cache=cache)
            content_like = Environment(loader=loader, bytecode_cache=cache, autoescape=True, trim_blocks=True)
            assert theme_like.get_template("row.html").render(name="<i>") == "\n<b><i></b>\n"
            assert content_like.get_template("row.html").render(name="<i>") == "<b>&lt;i&gt;</b>\n"
    assert len(list((tmp_path / "cache-folder").iterdir())) == 2  # one compiled file for each set of options


def test_a_previews_theme_listing_keeps_the_installed_themes_files_and_sees_new_project_files(tmp_path):
    """What MkDocs copies from the theme is the same as with Jinja's own listing (less the top-level dot
    folders its patterns drop); a preview lists the installed theme once, a folder of the project every time."""
    import material
    from jinja2 import FileSystemLoader

    from papershelf_mkdocs.template_cache import ListedOnceLoader, installed

    theme = str(Path(material.__file__).parent / "templates")
    project = tmp_path / "overrides"
    (project / "assets").mkdir(parents=True)
    (project / "assets" / "extra.css").write_text("a{}", encoding="utf-8")
    folders = [str(project), theme]
    listed: dict[str, list[str]] = {}
    everything = FileSystemLoader(folders).list_templates()
    first = ListedOnceLoader(folders, listed).list_templates()
    assert first == [name for name in everything if not name.startswith(".")]
    assert len(everything) - len(first) > 5000 and "assets/extra.css" in first  # the icons under .icons/
    assert installed(theme) and not installed(str(project)) and list(listed) == [theme]
    (project / "assets" / "more.css").write_text("b{}", encoding="utf-8")
    assert "assets/more.css" in ListedOnceLoader(folders, listed).list_templates()
