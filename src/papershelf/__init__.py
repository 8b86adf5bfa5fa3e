"""papershelf: a static site generator for curated research-paper collections.

One flow, one module per step: load (`load`, `yamlstrict`) → validate
(`schema`, `validate`) → index (`identity`, `taxonomy`, `collection`) →
render (`site`, `render`, `templates/`) or export (`exports/`).
"""

__version__ = "0.1.0"
