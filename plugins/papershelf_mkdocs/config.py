"""The plugin's options in mkdocs.yml, typed and checked before a build starts (docs/configuration.md)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from papershelf.model.problems import UsageError
from papershelf.model.routes import ORDERS, ROWS, Routes, TaxonomyDeclaration


class Count(c.Type[int]):
    """A whole number of at least `minimum` (and at most `maximum`): a wrong one is a config error, not a crash."""

    def __init__(self, default: int, minimum: int = 0, maximum: int | None = None) -> None:
        super().__init__(int, default=default)
        self.minimum, self.maximum = minimum, maximum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):  # YAML's `yes` is an int to Python
            raise ValidationError(f"Expected a whole number, got {value!r}")
        value = super().run_validation(value)
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            upper = f" and at most {self.maximum:,}" if self.maximum is not None else ""
            raise ValidationError(f"must be at least {self.minimum:,}{upper}, not {value:,}")
        return value


class TaxonomyOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    """One entry of `taxonomies:` (see routes.TaxonomyDeclaration)."""

    name = c.Type(str)
    title = c.Type(str, default="")
    singular = c.Type(str, default="")
    field = c.Type(str, default="")
    permalink = c.Type(str, default="")
    orders = c.ListOfItems(c.Choice(tuple(ORDERS)), default=["count"])
    searchable = c.Type(bool, default=True)
    rows = c.Choice(ROWS, default="full")
    min_papers = Count(1, minimum=1)


class Taxonomies(BaseConfigOption[list[TaxonomyDeclaration]]):
    """`taxonomies:`, a list of TaxonomyOptions, checked as the route table will use them."""

    def __init__(self) -> None:
        super().__init__()
        self.items = c.ListOfItems(c.SubConfig(TaxonomyOptions), default=[])
        self.default: list[TaxonomyDeclaration] = []

    def run_validation(self, value: object) -> list[TaxonomyDeclaration]:
        options = self.items.validate(value)
        try:
            declarations = [TaxonomyDeclaration(item.name, item.title, item.singular, item.field, item.permalink,
                                                tuple(item.orders), item.searchable, item.rows, item.min_papers)
                            for item in options]
            Routes.declaring(declarations)
        except UsageError as error:
            raise ValidationError(str(error)) from None
        return declarations


class WatchOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    """`watch:`, read by `papershelf watch` (papershelf.watch.config, which checks it the same way); the build
    only checks it."""

    arxiv = c.ListOfItems(c.Type(str), default=[])  # arXiv categories, like cs.LG
    query = c.Type(str, default="")  # an arXiv search query
    hf = c.Type(bool, default=True)  # Hugging Face Daily Papers
    limit = Count(20, minimum=1, maximum=200)  # candidates in the Candidates issue
    per_topic = Count(10, minimum=1, maximum=100)  # candidates listed per topic
    arxiv_limit = Count(500, minimum=1, maximum=2000)  # papers read from arXiv in one run


class PapershelfConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    enabled = c.Type(bool, default=True)
    # The collection, relative to the folder of mkdocs.yml
    root = c.Type(str, default=".")
    papers_dir = c.Type(str, default="papers")
    topics_file = c.Type(str, default="topics.yml")
    authors_file = c.Type(str, default="authors.yml")
    # Where "edit this page" points for a paper, relative to repo_url
    edit_uri = c.Optional(c.Type(str))
    papers_per_page = Count(100, minimum=1, maximum=100_000)
    terms_per_page = Count(1000, minimum=1, maximum=100_000)
    latest = Count(10, maximum=1000)
    related = Count(5, maximum=100)
    # papers.json, papers.bib, papers/<slug>.bib and feed.xml at the site root
    exports = c.Type(bool, default=True)
    feed_entries = Count(50, maximum=100_000)
    # Site search with Pagefind (pagefind/ at the site root). Unset: on, unless another search
    # plugin (mkdocs-material's `search`) is in mkdocs.yml.
    search = c.Optional(c.Type(bool))
    # The theme template of the pages of papers, topics and years (and list pages after the first):
    # papershelf's lighter page, or the theme's own (`main.html`)
    page_template = c.Type(str, default="papershelf-light.html")
    # The theme template of the author pages (and of later pages of topics and years), by far the most
    # numerous: papershelf's smallest page by default; `papershelf-light.html`, or `main.html` for the theme's
    author_template = c.Type(str, default="papershelf-minimal.html")
    # More taxonomies than topics, authors and years (or other permalinks for those)
    taxonomies = Taxonomies()
    # The repository's stars and forks in the header, fetched by each reader's browser from api.github.com:
    # off unless the maintainer turns it on (a request to another host from every page)
    repo_stats = c.Type(bool, default=False)
    # Compiled templates (the theme's and papershelf's) kept between builds in the user's cache folder
    template_cache = c.Type(bool, default=True)
    # What `papershelf watch` reads for the weekly Candidates issue (docs/watching.md)
    watch = c.SubConfig(WatchOptions)

    def routes(self) -> Routes:
        return Routes.declaring(self.taxonomies)
