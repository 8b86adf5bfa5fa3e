"""Property-based tests: any paper file gives a Paper or papershelf's own Problems, never an exception;
sanitized and escaped output never carries a tag, handler or unsafe URL from the input."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from papershelf.model.collection import check_collection
from papershelf.model.load import Paper, read_paper
from papershelf.model.markdown_html import ALLOWED_TAGS, markdown_to_html
from papershelf.model.problems import Problem
from papershelf.model.schema import PAPER_FIELDS
from papershelf.model.validate import check_body
from papershelf.site.render import PageRenderer
from sitebuild import REPO, executable_markup, parse

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "</title>",
    "</textarea>", "<!--", "-->", "javascript:alert(1)", "JaVaScRiPt:", " javascript:", "&#106;avascript:",
    "&#x6A;avascript:", "data:text/html,<script>", "vbscript:msgbox(1)", "{{ 7*7 }}", "{% if x %}", "[", "]", "(",
    ")", "<", ">", "`", "```", "    ", "\n", "\n\n", "- ", "> ", "# ", "![", "](", "]: ", "<a href=", "'", '"', "&",
    "&lt;", "\u202e", "\u200b", "\x00", "\r\n", "\ufeff", "---", "+++", "*", "_", "|", "https://example.org/",
    "<javascript:alert(1)>", "[x]: javascript:alert(1)", "\t",
]
hostile_text = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=12)), max_size=12).map("".join)
# Text a plain-text field accepts (no controls or invisible characters), full of markup
FIELD_PAYLOADS = [p for p in PAYLOADS if p.strip() and not any(ord(c) < 32 or c in "\u202e\u200b\ufeff" for c in p)]
field_text = st.lists(st.one_of(st.sampled_from(FIELD_PAYLOADS), st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=8)), min_size=1, max_size=6,
).map(lambda parts: " ".join(parts).strip()).filter(bool)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text,
                    st.sampled_from(["2024-01-15", "2024-02-30", "2401.10000", "multimodal-llms", "yes", "NO"]))
yaml_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(PAPER_FIELDS), hostile_text), children, max_size=5)), max_leaves=12)
nearly_valid = st.fixed_dictionaries(
    {"title": st.one_of(field_text, hostile_text), "authors": st.lists(field_text, min_size=1, max_size=3),
     "date": st.just("2024-01-15"), "topics": st.just(["multimodal-llms"])},
    optional={"venue": field_text, "tags": st.lists(field_text, max_size=3, unique=True), "links": st.dictionaries(
        st.sampled_from(["code", "pdf", "Bad Key"]), st.one_of(hostile_text, st.just("https://example.org/a")),
        max_size=2), "arxiv": scalars, "upvotes": scalars})
front_matter = st.one_of(
    hostile_text,
    yaml_values.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    nearly_valid.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    st.dictionaries(st.sampled_from(PAPER_FIELDS), yaml_values).map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
)


def read_one(directory: Path, text: str | bytes) -> tuple[Paper | None, list[Problem]]:
    path = directory / "a-paper.md"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    else:
        path.write_bytes(text)
    return read_paper(path, "papers/a-paper.md")


def assert_paper_or_problems(result) -> None:
    paper, problems = result
    if paper is None:
        assert problems and all(isinstance(p, Problem) for p in problems)
        assert all(p.path == "papers/a-paper.md" and p.line >= 0 and p.message for p in problems)
    else:  # a paper may come with notices (no abstract), never with errors
        assert not [p for p in problems if p.is_error] and isinstance(paper, Paper)
        assert all(isinstance(p, Problem) for p in check_body(paper))


@given(front=front_matter, body=hostile_text)
def test_any_front_matter_gives_a_paper_or_problems(front, body):
    with tempfile.TemporaryDirectory() as directory:
        assert_paper_or_problems(read_one(Path(directory), f"---\n{front}\n---\n{body}"))


@given(text=hostile_text)
def test_any_text_gives_a_paper_or_problems(text):
    with tempfile.TemporaryDirectory() as directory:
        assert_paper_or_problems(read_one(Path(directory), text))


@given(data=st.binary(max_size=400), front=front_matter)
def test_any_bytes_give_a_paper_or_problems(data, front):
    with tempfile.TemporaryDirectory() as directory:
        assert_paper_or_problems(read_one(Path(directory), f"---\n{front}\n---\n".encode("utf-8", "surrogatepass") + data))


def tags_and_links(html: str) -> tuple[set[str], list[str]]:
    parsed = parse(html)
    tags = {tag for tag, _ in parsed.elements}
    links = [attrs.get("href") or "" for tag, attrs in parsed.elements if tag == "a"]
    return tags, links


@given(markdown=hostile_text)
def test_rendered_markdown_keeps_only_text_tags_and_http_links(markdown):
    html = markdown_to_html(markdown)
    tags, links = tags_and_links(html)
    assert tags <= ALLOWED_TAGS
    assert executable_markup(html) == []
    assert all(link == "" or link.lower().startswith(("http://", "https://")) for link in links)


CMARK_TAGS = {"p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "del",
              "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}


@given(markdown=hostile_text)
def test_a_body_the_validator_accepts_loses_nothing_when_rendered(markdown):
    """The validator agrees with the renderer: what it accepts has no raw HTML or unsafe link to drop."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    if check_body(Paper("a-paper", "papers/a-paper.md", None, "x", body=markdown)):
        return
    parsed = parse(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))
    assert {tag for tag, _ in parsed.elements} <= CMARK_TAGS
    targets = [attrs.get("href") or attrs.get("src") or "" for tag, attrs in parsed.elements if tag in ("a", "img")]
    assert all(target.lower().startswith(("http://", "https://")) for target in targets)


def paper_file(meta: dict, body: str) -> str:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{body}\n"


CLEAN_META = {"title": "A clean title", "authors": ["Ann Lee"], "date": "2024-01-15", "topics": ["multimodal-llms"],
              "venue": "A venue", "tags": ["a tag"], "links": {"code": "https://example.org/code"}}


def render_paper(root: Path, text: str) -> str | None:
    (root / "papers" / "a-paper.md").write_text(text, encoding="utf-8")
    collection, problems = check_collection(root)
    if problems:
        return None
    return PageRenderer(collection).paper(collection.papers[0], "../../")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A collection folder with the bundled topics, for one paper file at a time."""
    root = tmp_path_factory.mktemp("properties")
    (root / "papers").mkdir()
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    return root


@pytest.fixture(scope="module")
def template_tags(root) -> set[str]:
    """The tags papershelf's paper template itself writes, from a clean paper."""
    return tags_and_links(render_paper(root, paper_file(CLEAN_META, "An *abstract*.")))[0]


@given(meta=nearly_valid, body=hostile_text)
def test_paper_page_never_carries_a_tag_from_the_fields(root, template_tags, meta, body):
    text = paper_file(meta, body or "x")
    html = render_paper(root, text)
    if html is None:
        return
    assert executable_markup(html) == []
    tags, _ = tags_and_links(html)
    assert tags <= template_tags | ALLOWED_TAGS
    # the title as the file gives it: YAML folds a line break written inside a quoted title (U+0085 too)
    title = yaml.safe_load(yaml.safe_dump(meta, allow_unicode=True))["title"]
    assert str(escape(unicodedata.normalize("NFC", title))) in html


def test_a_page_with_hostile_fields_is_rendered(root):
    """The property above must see valid hostile papers, not only refused ones."""
    meta = dict(CLEAN_META, title="<script>alert(1)</script>", venue='"><svg onload=alert(1)>')
    html = render_paper(root, paper_file(meta, "x"))
    assert html is not None and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<svg" not in html


class ThemeSlots:
    """Where mkdocs-material inserts page.meta.title and .description unescaped."""

    @staticmethod
    def page(title: str, description: str) -> str:
        return (f'<head><title>{title} - Site</title><meta name="description" content="{description}">'
                f'</head><body><h1>{title}</h1></body>')


@pytest.fixture(scope="module")
def mkdocs_config(root):
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "Site", "docs_dir": str(REPO / "docs"), "site_dir": str(root / "site")})
    errors, _ = config.validate()
    assert not errors
    return config


@given(title=hostile_text, description=hostile_text)
def test_plugin_escaping_keeps_titles_and_descriptions_text(mkdocs_config, title, description):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from papershelf.site.plan import SitePage
    from papershelf_mkdocs.plugin import Build, PapershelfPlugin

    config = mkdocs_config
    plugin = PapershelfPlugin()
    plugin.load_config({})  # the defaults, as MkDocs gives them
    page_of_ours = SitePage("papers/a.md", title, description, "paper", str)
    plugin.build = Build(collection=None, renderer=None, partial=False, fill_pages=False,  # only the page is read
                         pages={"papers/a.md": page_of_ours})
    file = File("papers/a.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    plugin.on_page_markdown("", page=page, config=config, files=None)
    parsed = parse(ThemeSlots.page(page.meta["title"], page.meta["description"]))
    assert [tag for tag, _ in parsed.elements] == ["head", "title", "meta", "body", "h1"]
    assert parsed.elements[2][1]["content"] == description

