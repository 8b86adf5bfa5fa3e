"""The papershelf MkDocs plugin: a thin adapter from the papershelf library to MkDocs events."""
