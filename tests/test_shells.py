"""Page shells (plugins/papershelf_mkdocs/shells.py): one theme render filled in for many pages, and the
writers that write them (in this process, or in a forked one alongside it)."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from papershelf.site.plan import SitePage
from papershelf_mkdocs.shells import (
    CONTENT,
    DESCRIPTION,
    HEAD,
    SOURCE,
    TITLE,
    BackgroundWriter,
    PageShell,
    write_pages,
)

SHELL_URL = "authors/zzpapershelfshellurlzz/"
THEME_PAGE = (f"<html><head><title>{TITLE} - Site</title><meta name=description content=\"{DESCRIPTION}\">{HEAD}"
              f"<link rel=canonical href=\"https://example.org/{SHELL_URL}\"></head>"
              f"<body><a href=\"https://github.com/o/r/edit/main/{SOURCE}\">edit</a>{CONTENT}</body></html>")


def page(url: str, title: str = "Ada <Lovelace>", source: str | None = None) -> SitePage:
    return SitePage(url, title, 'Papers by "Ada"', "term", lambda root: f"<h1>{url}</h1>", source=source)


def test_a_shell_is_filled_with_the_pages_escaped_values_and_its_content_as_html():
    shell = PageShell(THEME_PAGE, SHELL_URL)
    html = shell.fill(page("authors/ada/", source="papers/a&b.md"), "<h1>Ada</h1>", head="<meta name=x>")
    assert "<title>Ada &lt;Lovelace&gt; - Site</title>" in html
    assert 'content="Papers by &#34;Ada&#34;"' in html
    assert 'href="https://example.org/authors/ada/"' in html
    assert "edit/main/papers/a&amp;b.md" in html
    assert "<meta name=x>" in html and "<body>" in html and "<h1>Ada</h1></body>" in html
    assert "zzpapershelfshell" not in html


def test_a_theme_page_without_a_place_for_the_title_or_with_a_changed_url_is_refused():
    with pytest.raises(PluginError, match="no place for the page's title$"):
        PageShell(THEME_PAGE.replace(TITLE, "Fixed"), SHELL_URL)
    with pytest.raises(PluginError, match="no place for the page's content$"):
        PageShell(THEME_PAGE.replace(CONTENT, "<main></main>"), SHELL_URL)
    with pytest.raises(PluginError, match="uses a page's URL in a way page shells cannot fill in"):
        PageShell(THEME_PAGE + "<a href=authors/zzpapershelfshellurlzz%2F>", SHELL_URL)


def jobs(count: int):
    shell = PageShell(THEME_PAGE, SHELL_URL)
    return [(shell, page(f"authors/a{number}/", title=f"Author {number}")) for number in range(count)]


def test_pages_are_written_as_their_folders_index(tmp_path):
    (tmp_path / "authors").mkdir()
    assert write_pages(jobs(3) + [(PageShell(THEME_PAGE, SHELL_URL), page("deep/er/x/"))], str(tmp_path)) == 4
    html = (tmp_path / "authors" / "a2" / "index.html").read_text(encoding="utf-8")
    assert "<title>Author 2 - Site</title>" in html and "<h1>authors/a2/</h1>" in html
    assert (tmp_path / "deep" / "er" / "x" / "index.html").is_file()


def test_a_forked_writer_and_this_process_write_every_page_once(tmp_path):
    (tmp_path / "authors").mkdir()
    work = jobs(1000)
    writer = BackgroundWriter.start(work, str(tmp_path))
    if writer is None:
        pytest.skip("no shared memory for the writers' counter here")
    writer.wait()
    written = sorted(path.parent.name for path in (tmp_path / "authors").glob("*/index.html"))
    assert written == sorted(f"a{number}" for number in range(1000))
    assert "<title>Author 999 - Site</title>" in (tmp_path / "authors" / "a999" / "index.html").read_text()
