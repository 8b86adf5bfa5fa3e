"""The route table: every URL comes from it, taxonomies are declared once, templates are overridable."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from papershelf.cli import cli
from papershelf.model import routes as routes_module
from papershelf.model.collection import load_collection
from papershelf.model.problems import UsageError
from papershelf.model.routes import Routes, TaxonomyDeclaration, source_of, url_of_source
from sitebuild import REPO, build_site, pagefind_records, scratch_collection

pytestmark = pytest.mark.xdist_group("customized-site")  # one worker builds the customized site


def page(site_dir, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def with_plugin_options(collection, **options) -> None:
    """Add `options` to the papershelf plugin's entry in the collection's mkdocs.yml."""
    config_path = collection / "mkdocs.yml"
    text = config_path.read_text(encoding="utf-8")
    extra = yaml.safe_dump(options, default_flow_style=False, sort_keys=False)
    indented = "".join(f"      {line}\n" for line in extra.splitlines())
    assert "  - papershelf:\n" in text
    config_path.write_text(text.replace("  - papershelf:\n", "  - papershelf:\n" + indented), encoding="utf-8")


def test_every_url_of_the_route_table_is_a_page_of_the_built_site(bundled_site):
    collection = load_collection(REPO)
    table = collection.routes
    for paper in collection.papers:
        assert "<h1>" in page(bundled_site, table.paper(paper.slug))
        assert (bundled_site / table.paper_bibtex(paper.slug)).is_file()
    for taxonomy in collection.taxonomies.values():
        for order in taxonomy.declaration.orders:
            assert page(bundled_site, table.term_index(taxonomy.name, order))
        for term in taxonomy.terms.values():
            assert term.url == table.term(taxonomy.name, term.slug)
            assert f">{term.name}</h1>" in page(bundled_site, term.url).replace("&amp;", "&")
    for name in (table.PAPERS_JSON, table.PAPERS_SCHEMA, table.PAPERS_BIB, table.FEED):
        assert (bundled_site / name).is_file()
    # The templates' links are the table's: a paper's author links to the author's page.
    first = collection.papers[0]
    author = collection.taxonomies["authors"].terms_of(first)[0]
    assert f'href="../../{author.url}"' in page(bundled_site, table.paper(first.slug))


def test_no_module_but_the_route_table_writes_a_url_of_the_site():
    """Site URL patterns ("papers/…/", "authors/…") appear in routes.py only: pages, preview, exports and
    templates ask the table."""
    pattern = re.compile(r"""["'](papers|topics|authors|years)/[{a-z]|\{\{ *root *\}\}(papers|topics|authors|years)""")
    offenders = []
    for path in sorted((REPO / "src" / "papershelf").rglob("*")):
        if path.suffix not in (".py", ".html") or path.name == "routes.py" or "scaffold" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split(" #", 1)[0] if path.suffix == ".py" else line
            if pattern.search(code):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_a_page_source_is_its_folders_index_so_no_slug_shares_a_file():
    table = Routes()
    assert source_of(table.paper("index")) == "papers/index/index.md"
    assert source_of(table.paper_list()) == "papers/index.md"
    assert source_of(table.HOME) == "index.md"
    assert url_of_source("papers/index.md") == "papers/" and url_of_source("fields.md") == "fields/"
    assert table.term("authors", "ann") == "authors/ann/"
    assert table.term("authors", "ann", 2) == "authors/ann/page/2/"
    assert table.term_index("authors", "name") == "authors/by-name/"
    assert table.term_index("years") == "years/"
    # the segments the table puts beside slugs are reserved: no term or paper can take them
    for segment in ("index", "page", "by-name", "by-count", "by-newest"):
        assert segment in routes_module.RESERVED_SEGMENTS


@pytest.mark.parametrize("declaration, message", [
    (dict(name="venues", permalink="venues/"), "must be a folder followed by {slug}/"),
    (dict(name="Venues"), "lowercase"),
    (dict(name="venues", orders=("loudest",)), "orders must be some of"),
])
def test_a_wrong_taxonomy_declaration_says_what_to_write(declaration, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        TaxonomyDeclaration(**declaration)


def test_two_taxonomies_cannot_share_a_folder():
    with pytest.raises(UsageError, match="already the folder of topics"):
        Routes.declaring([TaxonomyDeclaration("venues", permalink="topics/{slug}/")])
    with pytest.raises(UsageError, match="already the folder of the papers"):
        Routes.declaring([TaxonomyDeclaration("venues", permalink="papers/{slug}/")])


VENUES = ["NeurIPS", "NeurIPS", "ICML <Workshop> & Friends", "NeurIPS", "TMLR"]


UNDESCRIBED = "surveys"  # a topic of the customized site given no description

@pytest.fixture(scope="module")
def customized_site(tmp_path_factory):
    """The bundled collection with venues declared as a taxonomy and the paper template overridden
    in custom_dir: one build for both."""
    root = tmp_path_factory.mktemp("customized")
    collection = scratch_collection(root / "c")
    for path, venue in zip(sorted((collection / "papers").iterdir()), VENUES, strict=False):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ntitle:", f"\nvenue: {yaml.safe_dump(venue).splitlines()[0]}\ntitle:", 1),
                        encoding="utf-8")
    with_plugin_options(collection, taxonomies=[{"name": "venues", "field": "venue", "orders": ["count", "name"]}])
    topics = yaml.safe_load((collection / "topics.yml").read_text(encoding="utf-8"))
    del next(topic for topic in topics if topic["id"] == UNDESCRIBED)["description"]  # optional
    (collection / "topics.yml").write_text(yaml.safe_dump(topics, sort_keys=False), encoding="utf-8")
    config_path = collection / "mkdocs.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8").replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    override = collection / "overrides" / "papershelf" / "paper.html"
    override.parent.mkdir(parents=True)
    override.write_text('<h1>{{ paper.meta.title }}</h1>\n<p class="my-paper">Overridden: '
                        '<a href="{{ url(paper, root) }}">here</a> · {{ paper.meta.date|display_date }}</p>\n',
                        encoding="utf-8")
    site_dir = root / "site"
    result = build_site(collection, site_dir)
    assert result.returncode == 0, result.stderr
    return collection, site_dir


def test_venues_are_a_taxonomy_by_one_config_entry(customized_site):
    collection, site_dir = customized_site
    papers = load_collection(collection).papers
    venues: dict[str, list] = {}
    for paper in papers:
        if paper.meta.venue:
            venues.setdefault(paper.meta.venue, []).append(paper)
    assert len(venues) == 3
    index = page(site_dir, "venues")
    assert "<h1>Venues</h1>" in index and 'href="../venues/by-name/"' in index
    by_name = page(site_dir, "venues/by-name")
    for venue, listed in venues.items():
        escaped = str(venue).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        link = re.search(r'<a href="\.\./\.\./venues/([a-z0-9-]+)/">' + re.escape(escaped) + "</a>", by_name)
        assert link, venue
        term_page = page(site_dir, f"venues/{link.group(1)}")
        for paper in listed:
            assert f'href="../../papers/{paper.slug}/"' in term_page
    # and the home page, exports and the other taxonomies are as before
    assert (site_dir / "topics" / "index.html").is_file() and (site_dir / "papers.json").is_file()
    # and the site search finds them: each venue a section of a "venue" record, anchored at its page
    anchors = {anchor["text"]: anchor["id"].split("~")[0] for record in pagefind_records(site_dir)
               if record["meta"]["kind"] == "venue" for anchor in record["anchors"]}
    assert set(anchors) == set(venues)
    assert all((site_dir / url / "index.html").is_file() and url.startswith("venues/") for url in anchors.values())


def test_a_papershelf_template_in_custom_dir_replaces_the_bundled_one(customized_site):
    collection, site_dir = customized_site
    paper = load_collection(collection).papers[0]
    html = page(site_dir, f"papers/{paper.slug}")
    assert '<p class="my-paper">Overridden: <a href="../../papers/' + paper.slug + '/">here</a>' in html
    assert "ps-paper-page" not in html  # the bundled template is not used
    assert "ps-paper-page" not in page(site_dir, "topics") and "ps-terms" in page(site_dir, "topics")


def test_relative_links_resolve_like_a_browser():
    """Routes.relative: from any page, a link resolves (as a browser resolves it) to the page it names."""
    from urllib.parse import urljoin

    pages = ["", "papers/", "papers/a-paper/", "authors/ann-lee/", "authors/ann-lee/page/2/", "authors/by-name/",
             "topics/x/", "papers.json", "papers/a-paper.bib", "authors/bob/"]
    for here in pages:
        if here.endswith((".json", ".bib")):
            continue
        for target in pages:
            link = Routes.relative(target, here)
            assert urljoin("https://site.invalid/base/" + here, link) == "https://site.invalid/base/" + target, \
                (here, target, link)
    assert Routes.relative("authors/bob/", "authors/ann-lee/") == "../bob/"


def test_relative_links_are_what_posixpath_relpath_makes():
    """Routes.relative computes by segments what posixpath.relpath (far slower) gives for site URLs."""
    import posixpath

    pages = ["", "papers/", "papers/a/", "papers/ab/", "authors/a/", "authors/a/page/2/", "authors/a/page/10/",
             "topics/x/y/", "topics/x/", "papers.json", "papers/a.bib", "a/b/c/d/"]
    for here in pages:
        for target in pages:
            link = posixpath.relpath(target or ".", here or ".")
            expected = link + "/" if target.endswith("/") or link == "." else link
            assert Routes.relative(target, here) == expected, (target, here)


def test_a_term_pages_links_to_other_terms_are_what_routes_relative_makes():
    """PageRenderer.near reuses a link for every page of a folder: it must still be each page's own link,
    also where the target is inside the linking page's folder (its own page; "authors/x/" from "authors/")."""
    from papershelf.site.render import PageRenderer

    renderer = PageRenderer(load_collection(REPO))
    routes = renderer.routes
    targets = [*renderer.authors.terms.values()][:5] + [*renderer.topics.terms.values()][:3]
    heres = ["authors/", "topics/", "papers/", "", "authors/a/", "authors/a/page/2/", "topics/x/"]
    heres += [routes.url(t) for t in targets] + [routes.url(t) + "page/2/" for t in targets]
    for here in heres * 2:  # twice: the second round reads the links the first worked out
        for target in targets:
            assert renderer.near(here, target) == Routes.relative(routes.url(target), here), (here, target.slug)


def test_a_taxonomy_declares_full_or_brief_rows():
    assert routes_module.AUTHORS.rows == routes_module.YEARS.rows == "brief" and routes_module.TOPICS.rows == "full"
    assert TaxonomyDeclaration("venues", field="venue", rows="brief").rows == "brief"
    with pytest.raises(UsageError, match="rows must be one of full, brief"):
        TaxonomyDeclaration("venues", field="venue", rows="short")


def test_a_topic_without_a_description_validates_and_builds_without_one(customized_site):
    collection, site_dir = customized_site
    result = CliRunner().invoke(cli, ["validate", "--root", str(collection)])
    assert result.exit_code == 0, result.output
    topic_page = page(site_dir, f"topics/{UNDESCRIBED}/")
    assert "<h1>Surveys</h1>" in topic_page and 'class="ps-description"' not in topic_page
    index = page(site_dir, "topics/")
    rows = {row for row in re.findall(r'<tr class="ps-term".*?</tr>', index, re.S)}
    [undescribed] = [row for row in rows if f"/{UNDESCRIBED}/" in row]
    assert "ps-description" not in undescribed
    assert all("ps-description" in row for row in rows - {undescribed})  # the others keep theirs
