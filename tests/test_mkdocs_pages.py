"""Paper pages are MkDocs pages: another plugin's page events see them and can change them."""

from __future__ import annotations

import json
import os
import signal

from papershelf.model.collection import load_collection
from sitebuild import build_site, scratch_collection, start_serve, stop_serve, wait_for_output

# A plugin, as a MkDocs hook file (hooks run as plugins do, after the configured ones).
RECORDER = '''
import json, os

SEEN = {"markdown": [], "content": [], "post_page": []}


def on_page_markdown(markdown, page, config, files):
    SEEN["markdown"].append(page.url)
    if page.url.startswith("papers/") and page.url != "papers/":
        return markdown + "\\n\\n!!! note \\"From another plugin\\"\\n    Added by **recorder** to {}.\\n".format(page.title)
    return markdown


def on_page_content(html, page, config, files):
    SEEN["content"].append(page.url)
    return html.replace("<h2 id=\\"abstract\\">", "<h2 id=\\"abstract\\" data-recorder=\\"content\\">")


def on_post_page(output, page, config):
    SEEN["post_page"].append(page.url)
    return output.replace("</body>", "<!-- recorder: post_page -->\\n</body>")


def on_post_build(config):
    with open(os.environ["HOOK_OUT"], "w") as handle:
        json.dump(SEEN, handle)
'''


def build_with_hooks(tmp_path, name: str, hooks: dict[str, str], papers: dict[str, str] | None = None,
                     search: bool = True):
    """(collection, site folder, what the hooks wrote to $HOOK_OUT): a scratch collection built with MkDocs hooks."""
    collection = scratch_collection(tmp_path / name, papers)
    for file, text in hooks.items():
        (collection / file).write_text(text, encoding="utf-8")
    config_path = collection / "mkdocs.yml"
    config = config_path.read_text(encoding="utf-8")
    if not search:
        assert "  - papershelf:\n" in config
        config = config.replace("  - papershelf:\n", "  - papershelf:\n      search: false\n")
    config_path.write_text(config + "\nhooks:\n" + "".join(f"  - {file}\n" for file in hooks), encoding="utf-8")
    site_dir, out = tmp_path / f"{name}-site", tmp_path / f"{name}.json"
    os.environ["HOOK_OUT"] = str(out)
    try:
        result = build_site(collection, site_dir)
    finally:
        del os.environ["HOOK_OUT"]
    assert result.returncode == 0, result.stderr
    return collection, site_dir, json.loads(out.read_text(encoding="utf-8"))


def test_another_plugin_sees_and_changes_every_paper_page(tmp_path):
    collection, site_dir, seen = build_with_hooks(tmp_path, "c", {"recorder.py": RECORDER})
    papers = load_collection(collection).papers
    paper_urls = {f"papers/{paper.slug}/" for paper in papers}
    for event in ("markdown", "content", "post_page"):
        assert paper_urls <= set(seen[event]), event
    # the topic and year pages and the lists go through MkDocs too; author pages may be written from a shell
    for url in ("topics/", "years/", "papers/", "authors/"):
        assert url in seen["post_page"]
    for paper in papers:
        html = (site_dir / "papers" / paper.slug / "index.html").read_text(encoding="utf-8")
        assert "Added by <strong>recorder</strong>" in html  # Markdown another plugin added is converted
        assert html.index('class="ps-paper-page"') < html.index("Added by <strong>recorder</strong>")
        assert 'data-recorder="content"' in html  # on_page_content saw papershelf's HTML
        assert "<!-- recorder: post_page -->" in html


def test_a_disabled_plugin_builds_and_serves_without_its_pages(tmp_path):
    collection = scratch_collection(tmp_path / "c")
    config_path = collection / "mkdocs.yml"
    text = config_path.read_text(encoding="utf-8").replace("  - papershelf:\n", "  - papershelf:\n      enabled: false\n")
    # the nav's papershelf pages do not exist without the plugin
    text = text[: text.index("nav:")]
    config_path.write_text(text, encoding="utf-8")
    site_dir = tmp_path / "site"
    result = build_site(collection, site_dir)
    assert result.returncode == 0, result.stderr
    assert (site_dir / "fields" / "index.html").is_file()
    assert not (site_dir / "papers").exists() and not (site_dir / "papers.json").exists()
    # `serve` runs every event of the plugin too (on_serve crashed when disabled)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "serve.log"
    serve, _ = start_serve(collection, log, "--no-livereload", scratch=scratch)
    try:
        output = wait_for_output(serve, log, ("Serving on", "Error", "Traceback"), deadline=120)
    finally:
        stopped_by = stop_serve(serve)
    assert "Serving on" in output and "Traceback" not in output, output
    assert stopped_by == signal.SIGINT, log.read_text()
    assert list(scratch.iterdir()) == []


# A second hook: with it, some plugin handles on_page_context, and papershelf renders every page in full.
TEMPLATES_SEEN = '''
import json, os

SEEN = {}


def on_post_page(output, page, config):
    SEEN[page.url] = page.meta.get("template")
    return output


def on_post_build(config):
    with open(os.environ["HOOK_OUT"], "w") as handle:
        json.dump(SEEN, handle)
'''
CONTEXT_HOOK = "def on_page_context(context, page, config, nav):\n    return context\n"
HOSTILE_TITLE = '''---
title: "Q&A </title><script>alert(1)</script> \\"quoted\\" 'single'"
authors: ["Ann Lee", "Bo <b>Bold</b>"]
date: 2024-05-01
topics: [mechanistic-interpretability]
---
An abstract with *markup* & an ampersand, "quotes" and a < b.
'''


def test_pages_filled_from_a_shell_are_the_pages_the_theme_renders(tmp_path):
    """Paper and topic pages are the theme's page of their folder rendered once and filled in; where another
    plugin handles on_page_context, each is rendered in full. Both make the same pages (whitespace aside)."""
    import re

    from sitebuild import REPO

    papers = {path.name: path.read_text(encoding="utf-8") for path in sorted((REPO / "papers").glob("*.md"))[:4]}
    papers["hostile-title.md"] = HOSTILE_TITLE
    # no search index: it is the same either way, and not what is compared
    _, filled_site, filled = build_with_hooks(tmp_path, "filled", {"seen.py": TEMPLATES_SEEN}, papers, search=False)
    _, full_site, full = build_with_hooks(tmp_path, "full", {"seen.py": TEMPLATES_SEEN, "context.py": CONTEXT_HOOK},
                                          papers, search=False)
    paper_urls = {f"papers/{name[:-3]}/" for name in papers}
    assert {filled[url] for url in paper_urls} == {"papershelf-filled.html"}
    assert {full[url] for url in paper_urls} == {"papershelf-light.html"}
    assert filled["topics/mechanistic-interpretability/"] == "papershelf-filled.html"
    pages = sorted(path.relative_to(full_site) for path in full_site.rglob("*.html"))
    assert pages == sorted(path.relative_to(filled_site) for path in filled_site.rglob("*.html"))
    for page in pages:
        one, other = ((site / page).read_text(encoding="utf-8") for site in (filled_site, full_site))
        assert re.sub(r"\s+", " ", one) == re.sub(r"\s+", " ", other), page
    hostile = (filled_site / "papers" / "hostile-title" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in hostile and "</title><script>" not in hostile
