"""Paper pages are MkDocs pages: another plugin's page events see them and can change them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

from papershelf.collection import load_collection
from sitebuild import build_site, scratch_collection

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
    with open(os.environ["RECORDER_OUT"], "w") as handle:
        json.dump(SEEN, handle)
'''


def test_another_plugin_sees_and_changes_every_paper_page(tmp_path):
    collection = scratch_collection(tmp_path / "c")
    (collection / "recorder.py").write_text(RECORDER, encoding="utf-8")
    config_path = collection / "mkdocs.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8") + "\nhooks:\n  - recorder.py\n", encoding="utf-8")
    site_dir, out = tmp_path / "site", tmp_path / "seen.json"
    os.environ["RECORDER_OUT"] = str(out)
    try:
        result = build_site(collection, site_dir)
    finally:
        del os.environ["RECORDER_OUT"]
    assert result.returncode == 0, result.stderr
    seen = json.loads(out.read_text(encoding="utf-8"))
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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                             cwd=collection, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch)))
    try:
        output = ""
        for line in serve.stdout:
            output += line
            if "Serving on" in line or "Error" in line or "Traceback" in line:
                break
    finally:
        serve.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary site folder
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:  # never leave a server running after the test
            serve.kill()
            serve.wait()
    assert "Serving on" in output and "Traceback" not in output, output
    assert list(scratch.iterdir()) == []
