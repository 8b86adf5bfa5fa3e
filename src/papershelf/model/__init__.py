"""The collection model: reading, checking and indexing papers, topics and authors; no MkDocs here."""
