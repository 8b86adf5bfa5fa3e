"""BibTeX for one paper or the whole collection, in UTF-8, with every field a paper has.

Every value from a paper file goes through one escaping layer (`bibtex_text`,
`bibtex_names`) that cannot be escaped from: BibTeX delimits a value by
counting braces, and counts `\\{` and `\\}` too, so a brace from a paper is
written as `{\\textbraceleft}` / `{\\textbraceright}` and every value written
has balanced braces. The other ASCII characters special to LaTeX are escaped;
every other character is written as itself (biber, Zotero, JabRef and
bibtexparser read UTF-8; a LaTeX macro exists for few scripts, and Chinese or
Japanese text would otherwise be lost). An author whose name holds the word
"and" is braced so that BibTeX reads one name, and so is an organization's
name (`{PHENIX Collaboration}`, citation.is_organization), as BibTeX and
Zotero write a single-field (institutional) author.
bibtexparser writes the entries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Block, Entry, Field
from bibtexparser.writer import BibtexFormat

from ..model.citation import citation_keys, entry_type, is_organization, month_macro, name_parts
from ..model.collection import Collection, author_names
from ..model.load import Paper

# The ASCII characters LaTeX reads as commands, and what is written for each.
# A dash before a dash, and a quote before a quote, are kept apart: LaTeX would make "--" an en dash, '' a quote.
_SPECIALS = {"\\": "{\\textbackslash}", "{": "{\\textbraceleft}", "}": "{\\textbraceright}", "$": "\\$",
             "%": "\\%", "&": "\\&", "#": "\\#", "_": "\\_", "~": "{\\textasciitilde}", "^": "{\\textasciicircum}",
             "`": "{\\textasciigrave}", "-": "-{}", "'": "'{}"}
_SPECIAL = re.compile(r"[\\{}$%&#_~^`]|-(?=-)|'(?=')")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# BibTeX splits an author list at "and" between spaces, in any case, outside braces;
# three commas or more are an error in a name.
_SPLITS_A_NAME = re.compile(r"\sand\s|,.*,.*,", re.IGNORECASE)


def bibtex_text(text: str) -> str:
    """`text` as the inside of a BibTeX value: LaTeX's special characters escaped, on one line, braces balanced."""
    text = " ".join(_CONTROL.sub("", text).split())
    value = _SPECIAL.sub(lambda found: _SPECIALS[found.group()], text)
    return value if balanced(value) else value.replace("{", "").replace("}", "")  # cannot happen: the guarantee


def bibtex_paragraphs(text: str) -> str:
    """Markdown paragraphs (an abstract) as one value: each escaped, separated by `\\par`."""
    paragraphs = [bibtex_text(part) for part in re.split(r"\n\s*\n", text) if part.strip()]
    return " \\par ".join(paragraphs)


def balanced(value: str) -> bool:
    """Whether braces balance as BibTeX counts them: every brace, escaped or not, and never below zero."""
    depth = 0
    for brace in re.findall(r"[{}]", value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def bibtex_name(name: str) -> str:
    """One author for an author list, as BibTeX reads it back: "Family, Jr, Given" for a name with a
    suffix ("Peyton Z. Peebles, Jr."), braced whole when BibTeX would otherwise split or reorder it."""
    if is_organization(name):  # {PHENIX Collaboration}: one name, which no style splits into given and family
        return "{" + bibtex_text(name) + "}"
    suffixed = _SUFFIXED.fullmatch(name)
    if suffixed and not _SPLITS_A_NAME.search(" " + name + " "):
        given, family = name_parts(suffixed.group(1))
        if given:
            return ", ".join(bibtex_text(part) for part in (family, suffixed.group(2), given))
    value = bibtex_text(name)
    return "{" + value + "}" if "," in name or _SPLITS_A_NAME.search(" " + name + " ") else value


_SUFFIXED = re.compile(r"([^,]+),\s*(Jr\.?|Sr\.?|II|III|IV)", re.IGNORECASE)


def bibtex_names(names: list[str]) -> str:
    return " and ".join(bibtex_name(name) for name in names)


_latex = bibtex_text  # the name the entry builder below uses


# The field that names where a paper appeared, by entry type (see citation.entry_type): only a type that
# has a journal gets `journal`; others their own field, `howpublished` where a type has none.
VENUE_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle", "inbook": "booktitle",
                "conference": "booktitle", "phdthesis": "school", "mastersthesis": "school", "thesis": "school",
                "techreport": "institution", "report": "institution"}
# A paper's named links as the fields al-folio (and papershelf's importer) read.
LINK_FIELDS = {"pdf": "pdf", "code": "code", "video": "video", "slides": "slides", "poster": "poster", "blog": "blog",
               "project": "website", "paper": "html", "supplement": "supp", "ads": "adsurl"}


def _url(value: str) -> str:
    """A URL is not LaTeX-encoded (that would break it): braces and backslashes are percent-encoded."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def paper_entry(paper: Paper, author_names: list[str], key: str | None = None) -> Entry:
    """The paper's entry: @inproceedings, @article or @misc (see citation.entry_type) unless it was
    imported with a type, keyed `key` (see collection_keys; the paper's slug if none is given).

    Lossless for what papershelf records: title, authors ("others" for those not named, and `author_count`),
    the full date, venue, DOI, arXiv id, abstract, tags (as keywords), URLs, and the citation details. Named
    links are written in the fields al-folio reads (`code`, `pdf`, `website`, …; `adsurl`), which the
    importer reads back; a link of another name under its own name, which it reports as ignored."""
    meta = paper.meta
    # inner braces keep the title's capitals
    fields = [Field("title", "{" + _latex(meta.title) + "}")]
    names = [*author_names, *(["others"] if meta.unnamed_authors or not author_names else [])]
    fields.append(Field("author", bibtex_names(names)))
    if (meta.author_count or 0) > len(author_names):  # how many "others" stands for, which BibTeX cannot say
        fields.append(Field("author_count", str(meta.author_count)))
    fields.append(Field("year", meta.date[:4]))
    month = month_macro(meta.date)
    if month:
        macro = Field("month", month)
        macro.enclosing = "no-enclosing"  # BibTeX's month macro, which styles print as the month's name
        fields.append(macro)
    if len(meta.date) > 4:
        fields.append(Field("date", meta.date))  # biblatex's full date: the day, which year/month cannot hold
    citation = meta.citation
    kind = getattr(citation, "type", None) or entry_type(paper)[0]
    publisher = getattr(citation, "publisher", None)
    if meta.venue and meta.venue != publisher:
        fields.append(Field(VENUE_FIELDS.get(kind, "howpublished"), _latex(meta.venue)))
    if meta.doi:  # as it is: an identifier (biblatex reads `doi` verbatim); validation refuses braces and backslashes
        fields.append(Field("doi", meta.doi if not re.search(r"[\\{}\s]", meta.doi) else _latex(meta.doi)))
    for name in ("volume", "number", "pages", "publisher"):
        value = getattr(citation, name, None)
        if value:  # pages keep BibTeX's "--" for their range dash
            fields.append(Field(name, _latex(value).replace("–", "--") if name == "pages" else _latex(value)))
    if meta.arxiv:
        fields += [Field("eprint", meta.arxiv), Field("archivePrefix", "arXiv")]
    url = getattr(citation, "url", None) or (f"https://arxiv.org/abs/{meta.arxiv}" if meta.arxiv else None)
    if url:
        fields.append(Field("url", _url(url)))
    for name, link in meta.links.items():
        if str(link) != url:
            fields.append(Field(LINK_FIELDS.get(name, name), _url(str(link))))
    if meta.tags:
        # a tag holding a comma or semicolon is braced: one keyword
        fields.append(Field("keywords", ", ".join("{" + _latex(tag) + "}" if re.search("[,;]", tag) else _latex(tag)
                                                  for tag in meta.tags)))
    if paper.abstract.strip():
        fields.append(Field("abstract", bibtex_paragraphs(paper.abstract)))
    # An imported entry keeps its original key and type, so existing \\cite{…} commands go on working.
    return Entry(kind, getattr(citation, "key", None) or key or paper.slug, fields)


def to_bibtex(entries: list[Entry]) -> str:
    # The entries are built for this one write: the unparse stack may change them in place
    # instead of deep-copying each (bibtexparser's own advice for speed).
    blocks: list[Block] = [*entries]
    return write_string(Library(blocks), unparse_stack=default_unparse_stack(allow_inplace_modification=True),
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


ABSTRACT_FIELD = ",\n  abstract = {"  # how paper_bibtex starts the abstract, its last field


class CachedBibtex:
    """`paper_bibtex` of the collection's papers (canonical author names, unique keys), computed once per
    paper: called with a paper, its whole entry (the exports); `without_abstract`, the entry a paper page's
    Cite panel shows (the abstract is on the page already, and once in its head)."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.entries: dict[str, str] = {}

    @functools.cached_property
    def keys(self) -> dict[str, str]:
        """Every paper's citation key (collection_keys), computed once: the CSL-JSON and RIS exports use them too."""
        return collection_keys(self.collection)

    def __call__(self, paper: Paper) -> str:
        entry = self.entries.get(paper.slug)
        if entry is None:
            entry = self.entries[paper.slug] = paper_bibtex(paper, author_names(self.collection, paper),
                                                            self.keys.get(paper.slug))
        return entry

    def without_abstract(self, paper: Paper) -> str:
        """The entry without its `abstract` field, cut from the whole entry: paper_entry writes the abstract
        last, on one line (bibtex_text), so the entry ends with that field; written again only if not."""
        entry = self(paper)
        if not paper.abstract.strip():
            return entry
        cut = entry.rfind(ABSTRACT_FIELD)
        if cut >= 0 and entry.find("\n", cut + len(ABSTRACT_FIELD)) == len(entry) - 3:  # its one line, then "}\n"
            return entry[:cut] + "\n}\n"
        whole = paper_entry(paper, author_names(self.collection, paper), self.keys.get(paper.slug))
        whole.pop("abstract")
        return to_bibtex([whole]).strip() + "\n"


def cached_bibtex(collection: Collection) -> CachedBibtex:
    return CachedBibtex(collection)


def collection_bibtex(collection: Collection, bibtex: Callable[[Paper], str] | None = None) -> str:
    """Every paper of the collection, newest first, as one BibTeX file.

    `bibtex` gives a paper's entry as `paper_bibtex` writes it (a cache of them, say); the file
    is those entries as bibtexparser would write them together, two blank lines apart.
    """
    bibtex = bibtex or cached_bibtex(collection)
    return "\n\n".join(bibtex(paper) for paper in collection.papers)
