"""BibTeX for one paper or the whole collection.

Every value from a paper file goes through one escaping layer (`bibtex_text`,
`bibtex_names`) that cannot be escaped from: BibTeX delimits a value by
counting braces, and counts `\\{` and `\\}` too, so a brace from a paper is
written as `{\\textbraceleft}` / `{\\textbraceright}` and every value written
has balanced braces. Other LaTeX specials are encoded by pylatexenc; an author
whose name holds the word "and" (a corporate author) is braced so that BibTeX
reads one name. bibtexparser writes the entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import bibtexparser
from bibtexparser import BibtexFormat
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from ..model.citation import citation_keys, entry_type, month_macro
from ..model.collection import Collection, author_names
from ..model.load import Paper

_ENCODER = UnicodeToLatexEncoder(non_ascii_only=False, unknown_char_policy="replace", replacement_latex_protection="braces-all")


# The ASCII characters the encoder changes; text of other ASCII characters only comes back as it was
# (the encoder works character by character, and slowly: it dominated the BibTeX exports).
_ENCODED_ASCII = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f"#$%&<>\\^_{}~]')
_BRACES = {"{": "{\\textbraceleft}", "}": "{\\textbraceright}"}
# BibTeX splits an author list at "and" between spaces, in any case, outside braces;
# three commas or more are an error in a name.
_SPLITS_A_NAME = re.compile(r"\sand\s|,.*,.*,", re.IGNORECASE)


def bibtex_text(text: str) -> str:
    """`text` as the inside of a BibTeX value: LaTeX-encoded, on one line, braces balanced."""
    text = " ".join(text.split())
    if text.isascii() and not _ENCODED_ASCII.search(text):
        return text
    value = "".join(_BRACES.get(part) or (_ENCODER.unicode_to_latex(part) if part else "")
                    for part in re.split(r"([{}])", text))
    return value if balanced(value) else value.replace("{", "").replace("}", "")  # cannot happen: the guarantee


def balanced(value: str) -> bool:
    """Whether braces balance as BibTeX counts them: every brace, escaped or not, and never below zero."""
    depth = 0
    for brace in re.findall(r"[{}]", value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def bibtex_name(name: str) -> str:
    """One author for an author list: braced when BibTeX would otherwise split or refuse it."""
    value = bibtex_text(name)
    return "{" + value + "}" if _SPLITS_A_NAME.search(" " + name + " ") else value


def bibtex_names(names: list[str]) -> str:
    return " and ".join(bibtex_name(name) for name in names)


_latex = bibtex_text  # the name the entry builder below uses


# The field that names where a paper appeared, by entry type (see citation.entry_type)
VENUE_FIELDS = {"inproceedings": "booktitle", "incollection": "booktitle", "misc": "howpublished"}


def paper_entry(paper: Paper, author_names: list[str], key: str | None = None) -> Entry:
    """The paper's entry: @inproceedings, @article or @misc (see citation.entry_type) unless it was
    imported with a type, keyed `key` (see collection_keys; the paper's slug if none is given)."""
    meta = paper.meta
    # inner braces keep the title's capitals
    fields = [Field("title", "{" + _latex(meta.title) + "}")]
    if author_names:
        fields.append(Field("author", bibtex_names(author_names)))
    fields.append(Field("year", meta.date[:4]))
    month = month_macro(meta.date)
    if month:
        macro = Field("month", month)
        macro.enclosing = "no-enclosing"  # BibTeX's month macro, which styles print as the month's name
        fields.append(macro)
    citation = meta.citation
    kind = getattr(citation, "type", None) or entry_type(paper)[0]
    if meta.venue:
        venue_field = VENUE_FIELDS.get(kind, "journal")
        fields.append(Field(venue_field, _latex(meta.venue)))
    if meta.doi:
        fields.append(Field("doi", _latex(meta.doi)))
    for name in ("volume", "number", "pages", "publisher"):
        value = getattr(citation, name, None)
        if value:  # pages keep BibTeX's "--" for their range dash
            fields.append(Field(name, _latex(value.replace("–", "--") if name == "pages" else value)))
    if meta.arxiv:
        fields += [Field("eprint", _latex(meta.arxiv)), Field("archivePrefix", "arXiv")]
    url = getattr(citation, "url", None) or (f"https://arxiv.org/abs/{meta.arxiv}" if meta.arxiv else None)
    if url:  # a URL is not LaTeX-encoded (that would break it): braces and backslashes are percent-encoded
        fields.append(Field("url", url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")))
    # An imported entry keeps its original key and type, so existing \cite{…} commands go on working.
    return Entry(kind, getattr(citation, "key", None) or key or paper.slug, fields)


def to_bibtex(entries: list[Entry]) -> str:
    # The entries are built for this one write: the unparse stack may change them in place
    # instead of deep-copying each (bibtexparser's own advice for speed).
    library = bibtexparser.Library(entries)
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True),
                                     bibtex_format=FORMAT)


FORMAT = BibtexFormat()
FORMAT.indent = "  "  # two spaces, not a tab: the entry reads the same on the page, in a terminal and in an editor


def paper_bibtex(paper: Paper, author_names: list[str], key: str | None = None) -> str:
    return to_bibtex([paper_entry(paper, author_names, key)]).strip() + "\n"


def collection_keys(collection: Collection) -> dict[str, str]:
    """Each paper's citation key (by slug), unique in the collection: an imported original key, else
    a readable one (`minder2025overcoming`, see citation.citation_keys)."""
    authors = collection.taxonomies["authors"]

    def first_author(paper: Paper) -> str | None:
        terms = authors.terms_of(paper)
        return terms[0].name if terms else None
    return citation_keys(collection.papers, first_author, lambda paper: getattr(paper.meta.citation, "key", None))


def cached_bibtex(collection: Collection) -> Callable[[Paper], str]:
    """`paper_bibtex` of the collection's papers (canonical author names, unique keys), computed once per paper."""
    entries: dict[str, str] = {}
    keys: dict[str, str] = {}

    def bibtex(paper: Paper) -> str:
        entry = entries.get(paper.slug)
        if entry is None:
            if not keys:
                keys.update(collection_keys(collection))
            entry = entries[paper.slug] = paper_bibtex(paper, author_names(collection, paper), keys.get(paper.slug))
        return entry
    return bibtex


def collection_bibtex(collection: Collection, bibtex: Callable[[Paper], str] | None = None) -> str:
    """Every paper of the collection, newest first, as one BibTeX file.

    `bibtex` gives a paper's entry as `paper_bibtex` writes it (a cache of them, say); the file
    is those entries as bibtexparser would write them together, two blank lines apart.
    """
    bibtex = bibtex or cached_bibtex(collection)
    return "\n\n".join(bibtex(paper) for paper in collection.papers)
