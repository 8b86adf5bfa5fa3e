"""papershelf: a static site generator for curated research-paper collections.

One flow, one module per step: load (`load`, `yamlstrict`) → validate
(`schema`, `validate`) → index (`identity`, `taxonomy`, `collection`) →
render (`routes`, `site`, `render`, `templates/`) or export (`exports/`).

The names in `__all__` are the public Python API (docs/api.md); they are
imported on first use, so `import papershelf` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name → the module that defines it
_API = {
    # load → validate → index
    "load_collection": "collection", "check_collection": "collection", "validate_collection": "collection",
    "Collection": "collection", "Layout": "collection", "Validation": "collection",
    "Paper": "load", "read_paper": "load",
    "Problem": "problems", "PapershelfError": "problems", "InvalidCollection": "problems", "UsageError": "problems",
    "Taxonomy": "taxonomy", "Term": "taxonomy",
    "collection_stats": "stats",
    # URLs and pages
    "Routes": "routes", "TaxonomyDeclaration": "routes",
    "PageRenderer": "render", "content_environment": "render",
    "plan_site": "site", "SitePage": "site",
    # exports
    "write_exports": "exports",
    # adding papers
    "add_paper": "adding", "import_file": "adding",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'papershelf' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
