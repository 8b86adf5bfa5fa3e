"""Check a built site, offline, for internal links that lead nowhere.

Every `href`/`src` of every HTML page that points inside the site must name a
file that was built, and a `#fragment` must name an element id on that page.
Links with a scheme (https:, mailto:, data:) or a host are external and not
followed: this check needs no network.

Run as `papershelf links SITE_DIR`, or `python -m papershelf.review.linkcheck SITE_DIR` (ProperDocs'
check in scripts/check runs it so, from a virtualenv without papershelf's command).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import click

from .annotations import escape_data

# Attributes whose value is one URL.
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
    "iframe": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "form": ("action",),
}
# <link rel="…"> values that name something other than a resource of this site.
EXTERNAL_LINK_RELS = {"dns-prefetch", "preconnect"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the HTML file, relative to the site folder
    line: int
    target: str  # the link as written
    reason: str

    def text(self) -> str:
        return f"{self.page}:{self.line}: broken link '{self.target}': {self.reason}"


@dataclass(frozen=True)
class Link:
    line: int
    url: str


class _PageParser(HTMLParser):
    """Collects a page's links and the ids and anchor names it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.anchors: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id", "name") if tag in ("a", "map") else ("id",):
            if values.get(name):
                self.anchors.add(values[name])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        if tag == "link" and EXTERNAL_LINK_RELS & set((values.get("rel") or "").split()):
            return
        line = self.getpos()[0]
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                self.links.append(Link(line, values[attribute].strip()))
        if values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.split():
                    self.links.append(Link(line, candidate.split()[0]))

    handle_startendtag = handle_starttag


@dataclass
class ParsedPage:
    links: list[Link]
    anchors: set[str]
    base: str | None


def parse_page(path: Path) -> ParsedPage:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return ParsedPage(parser.links, parser.anchors, parser.base)


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def site_root_path(site: Path) -> str:
    """The URL path the site is served under, from its sitemap (MkDocs writes `site_url` there), or '/'."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    try:
        tree = ElementTree.parse(sitemap)
    except ElementTree.ParseError:
        return "/"
    paths = [urlsplit((loc.text or "").strip()).path for loc in tree.iter() if loc.tag.endswith("}loc") or loc.tag == "loc"]
    paths = [path for path in paths if path]
    return min(paths, key=len) if paths else "/"


def find_broken_links(site_dir: Path | str, root_path: str | None = None) -> list[BrokenLink]:
    """Every internal link of every HTML page under `site_dir` that names no built file or anchor.

    `root_path` is the URL path the site is served under (for a GitHub project
    site, `/<repository>/`): links starting with it are resolved from the site
    folder. By default it is read from the site's sitemap.xml.
    """
    site = Path(site_dir).resolve()
    if not site.is_dir():
        raise FileNotFoundError(f"{site_dir}: no such folder; build the site first")
    root_path = site_root_path(site) if root_path is None else root_path
    anchors_of = lru_cache(maxsize=None)(lambda path: parse_page(path).anchors)
    broken = []
    for page_path in sorted(site.rglob("*.html")):
        page = parse_page(page_path)
        shown = page_path.relative_to(site).as_posix()
        for link in page.links:
            reason = check_link(site, page_path, page, link.url, root_path, anchors_of)
            if reason:
                broken.append(BrokenLink(shown, link.line, link.url, reason))
    return sorted(broken)


def check_link(site: Path, page_path: Path, page: ParsedPage, url: str, root_path: str,
               anchors_of: Callable[[Path], set[str]]) -> str:
    """Why `url` on `page_path` is broken, or '' if it is not (or is external)."""
    if not url or is_external(url):
        return ""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    target = page_path
    if path:
        resolved = resolve(site, page_path, page.base, path, root_path)
        if resolved is None:
            return "points outside the site"
        target = resolved / "index.html" if resolved.is_dir() or path.endswith("/") else resolved
        if not target.is_file():
            return f"no file {target.relative_to(site).as_posix()} in the site"
    if fragment and target.suffix == ".html" and fragment not in anchors_of(target):
        return f"no element with id '{fragment}' on {target.relative_to(site).as_posix()}"
    return ""


def resolve(site: Path, page_path: Path, base: str | None, path: str, root_path: str) -> Path | None:
    """The file a link path names, or None when it leaves the site folder."""
    if path.startswith("/"):
        prefix = "/" + root_path.strip("/") + "/" if root_path.strip("/") else "/"
        if not (path + "/").startswith(prefix) and path != prefix.rstrip("/"):
            return None
        relative = PurePosixPath(path[len(prefix) - 1:].lstrip("/"))
        start = site
    else:
        relative = PurePosixPath(path)
        start = page_path.parent
        if base and not is_external(base):
            start = (page_path.parent / unquote(urlsplit(base).path)).resolve()
    target = (start / relative).resolve()
    if target != site and site not in target.parents:
        return None
    return target


def annotation(link: BrokenLink) -> str:
    """A GitHub Actions error line for `link` (the page is a built file, not a repository file)."""
    return f"::error title=Broken link::{escape_data(link.text())}"


def report_broken_links(site_dir: Path, output: str = "text", root_path: str | None = None) -> int:
    """Print each broken link (as text, or as GitHub annotations) and a count; 1 if any is broken, else 0."""
    broken = find_broken_links(site_dir, root_path)
    for link in broken:
        click.echo(annotation(link) if output == "github" else link.text())
    pages = sum(1 for _ in Path(site_dir).rglob("*.html"))
    if broken:
        click.echo(f"{len(broken)} broken link{'s' * (len(broken) != 1)} in {pages} pages", err=True)
        return 1
    click.echo(f"{pages} pages checked: no broken internal links")
    return 0


@click.command(name="python -m papershelf.review.linkcheck", help=(__doc__ or "").split("\n")[0])
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--root-path", metavar="PATH", help="URL path the site is served under [default: from sitemap.xml, else /].")
@click.option("--format", "output", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: annotations.")
def main(site_dir: Path, root_path: str | None, output: str) -> None:
    sys.exit(report_broken_links(site_dir, output, root_path))


if __name__ == "__main__":
    main()
