"""Papers coming in: add, import, fill, enrich and update, from the sources."""
