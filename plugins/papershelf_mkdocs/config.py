from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PapershelfConfig(Config):
    enabled = c.Type(bool, default=True)
    # The collection, relative to the folder of mkdocs.yml
    root = c.Type(str, default=".")
    papers_dir = c.Type(str, default="papers")
    topics_file = c.Type(str, default="topics.yml")
    authors_file = c.Type(str, default="authors.yml")
    # Where "edit this page" points for a paper, relative to repo_url
    edit_uri = c.Optional(c.Type(str))
    papers_per_page = c.Type(int, default=100)
    terms_per_page = c.Type(int, default=1000)
    latest = c.Type(int, default=10)
    related = c.Type(int, default=5)
    # papers.json, papers.bib, papers/<slug>.bib and feed.xml at the site root
    exports = c.Type(bool, default=True)
    feed_entries = c.Type(int, default=50)
    # Site search with Pagefind (pagefind/ at the site root). Unset: on, unless another search
    # plugin (mkdocs-material's `search`) is in mkdocs.yml.
    search = c.Optional(c.Type(bool))
