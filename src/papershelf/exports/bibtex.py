"""BibTeX for one paper or the whole collection.

Values are LaTeX-encoded by pylatexenc, so braces, backslashes and `%` from a
paper file cannot break out of a field; bibtexparser writes the entries.
"""

from __future__ import annotations

import bibtexparser
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from ..collection import Collection
from ..load import Paper

_ENCODER = UnicodeToLatexEncoder(non_ascii_only=False, unknown_char_policy="replace", replacement_latex_protection="braces-all")


def _latex(text: str) -> str:
    return _ENCODER.unicode_to_latex(" ".join(text.split()))


def paper_entry(paper: Paper, author_names: list[str]) -> Entry:
    meta = paper.meta
    # inner braces keep the title's capitals
    fields = [Field("title", "{" + _latex(meta.title) + "}")]
    if author_names:
        fields.append(Field("author", _latex(" and ".join(author_names))))
    fields.append(Field("year", meta.date[:4]))
    if len(meta.date) >= 7:
        fields.append(Field("month", str(int(meta.date[5:7]))))
    if meta.venue:
        fields.append(Field("journal", _latex(meta.venue)))
    if meta.doi:
        fields.append(Field("doi", _latex(meta.doi)))
    if meta.arxiv:
        fields += [Field("eprint", _latex(meta.arxiv)), Field("archiveprefix", "arXiv")]
        fields.append(Field("url", "https://arxiv.org/abs/" + meta.arxiv))
    entry_type = "article" if meta.venue else "misc"
    return Entry(entry_type, paper.slug, fields)


def to_bibtex(entries: list[Entry]) -> str:
    library = bibtexparser.Library(entries)
    return bibtexparser.write_string(library)


def paper_bibtex(paper: Paper, author_names: list[str]) -> str:
    return to_bibtex([paper_entry(paper, author_names)]).strip() + "\n"


def author_names(collection: Collection, paper: Paper) -> list[str]:
    """The paper's authors under their canonical names, as the site shows them."""
    return [term.name for term in collection.taxonomies["authors"].terms_of(paper)]


def collection_bibtex(collection: Collection) -> str:
    """Every paper of the collection, newest first, as one BibTeX file."""
    return to_bibtex([paper_entry(paper, author_names(collection, paper)) for paper in collection.papers])
