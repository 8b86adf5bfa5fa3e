"""papershelf: a static site generator for curated research-paper collections.

Subpackages by role, each importing only the ones below it (docs/architecture.md):
`model` (load → validate → index: the collection, no MkDocs) ← `site` (plan,
render, search, preview) and `exports` ← `sources` (arXiv, Crossref, files) ←
`intake` (add, import, fill, update) and `review` (pull requests, links) ← `cli`.

The names in `__all__` are the public Python API (docs/api.md); they are
imported on first use, so `import papershelf` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name → the module that defines it
_API = {
    # load → validate → index
    "load_collection": "model.collection", "check_collection": "model.collection", "validate_collection": "model.collection",
    "Collection": "model.collection", "Layout": "model.collection", "Validation": "model.collection",
    "Paper": "model.load", "read_paper": "model.load",
    "Problem": "model.problems", "PapershelfError": "model.problems", "InvalidCollection": "model.problems", "UsageError": "model.problems",
    "Taxonomy": "model.taxonomy", "Term": "model.taxonomy",
    "collection_stats": "model.stats",
    # URLs and pages
    "Routes": "model.routes", "TaxonomyDeclaration": "model.routes",
    "PageRenderer": "site.render", "content_environment": "site.render",
    "plan_site": "site.plan", "SitePage": "site.plan",
    # exports
    "write_exports": "exports",
    # adding papers
    "add_paper": "intake.adding", "import_file": "intake.adding",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name not in _API:
        raise AttributeError(f"module 'papershelf' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
