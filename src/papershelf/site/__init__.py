"""The site: pages planned and rendered from the collection, list data, charts, search, related papers, preview."""
