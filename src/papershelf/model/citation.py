"""How a paper is cited: its citation key, BibTeX entry type, a plain-text reference, and the
metadata reference managers and scholarly search engines read from its page (Highwire Press
`citation_*` tags, schema.org ScholarlyArticle JSON-LD).

Names are split into given, "von", family and "Jr" parts by bibtexparser, as BibTeX splits them.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts
from markupsafe import Markup, escape

from .identity import NAME_SUFFIXES, slugify
from .load import Paper
from .schema import parse_partial_date
from .text import DESCRIPTION_LENGTH, shorten

# Words a title may start with that say nothing about the paper (as Google Scholar's and
# Zotero Better BibTeX's keys skip them).
TITLE_STOPWORDS = frozenset(
    "a an the on of in for to and or with from towards toward via by at is are do does can how what why when "
    "which as into beyond through under over using about against between not no".split())
# Venues published as proceedings (→ @inproceedings with booktitle); other venues are journals (→ @article).
_PROCEEDINGS = re.compile(
    r"\b(conference|proceedings|symposium|workshops?|congress|NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|WACV|BMVC|"
    r"ACL|EMNLP|NAACL|EACL|AACL|COLING|CoNLL|AAAI|IJCAI|KDD|SIGIR|WWW|WSDM|CIKM|MICCAI|ISBI|CoRL|AISTATS|UAI|COLT|"
    r"ICASSP|Interspeech|FAccT|CHI|UIST|ICRA|IROS|RSS|ML4H|CHIL|MIDL|LREC|TACL-C|ICDM|SDM)\b", re.IGNORECASE)
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
REFERENCE_AUTHORS = 20  # APA style: up to 20 names, then "…" and the last
JSON_LD_ABSTRACT_LENGTH = DESCRIPTION_LENGTH  # the JSON-LD's abstract: its start, as long as the meta description


class Organization(str):
    """An author's name that is an organization's, not a person's: a name the paper lists in `organizations`.
    Cited, sorted and described whole (`is_organization`); otherwise the name as any other string."""

    __slots__ = ()


# Words that make a name an organization's wherever they stand in it ("PHENIX Collaboration", "University of
# Cambridge", "Max Planck Institute for Informatics", "GBD 2019 Collaborators"): none is a person's name. Words
# that are also family names (Press, Bank, Union, Trust, Board) are not here: the paper's `organizations` says those.
ORGANIZATION_WORDS = frozenset("""
    collaboration collaborations collaborators consortium consortia investigators group groups team teams
    laboratory laboratories lab labs laboratoire laboratorio observatory
    commission committee council association associations society societies federation alliance initiative network
    institute institutes institution institut instituto istituto university universities universität université
    universidad università universiteit universitat universidade college academy akademie
    agency ministry department office bureau administration authority directorate secretariat parliament bundestag
    landtag foundation corporation corp inc incorporated ltd llc gmbh plc company organization organisation
    organizations organisations project programme program centre center research survey
""".split())
_WORDS = re.compile(r"[^\W\d_]+")
_LEADING_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
# One lower-case letter BibTeX reads as a "von" part where an exporter lost an initial's case ("Furman, M a"), and
# not a particle: "y", "e" and "i" join two family names (José Ortega y Gasset).
_LOST_INITIAL = re.compile(r"[a-df-hj-xz]")


@functools.lru_cache(maxsize=1 << 17)
def evidently_organization(name: str) -> bool:
    """Whether the name says it is an organization's: more than one word, one of them an ORGANIZATION_WORDS."""
    return len(name.split()) > 1 and any(word.casefold() in ORGANIZATION_WORDS for word in _WORDS.findall(name))


def is_organization(name: str) -> bool:
    """An `Organization`, or a name that evidently is one."""
    return isinstance(name, Organization) or evidently_organization(name)


def paper_authors(paper: Paper) -> list[str]:
    """The paper's authors as it writes them, each one its `organizations` lists an `Organization`."""
    return with_organizations(paper, list(paper.meta.authors))


def with_organizations(paper: Paper, names: list[str]) -> list[str]:
    """`names`, the paper's authors in its order (as it writes them, or their canonical names), each one its
    `organizations` lists an `Organization`."""
    meta = paper.meta
    if not meta.organizations:
        return names
    return [Organization(name) if index < len(meta.authors) and meta.is_organization(meta.authors[index]) else name
            for index, name in enumerate(names)]


def name_parts(name: str) -> tuple[str, str]:
    """(given names, family name with its "von" part) of a name as written: "Ludwig van Beethoven" →
    ("Ludwig", "van Beethoven"); an organization's name is its family name, whole ("", "PHENIX Collaboration")."""
    if isinstance(name, Organization):
        return "", str(name)
    return _name_parts(name)


@functools.lru_cache(maxsize=1 << 17)  # every author of a collection, for keys, references and sorting
def _name_parts(name: str) -> tuple[str, str]:
    if evidently_organization(name):
        return "", name
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except Exception:  # noqa: BLE001 - a name bibtexparser cannot split is kept whole
        return "", name
    first, von, last = list(parts.first), list(parts.von), list(parts.last)
    if len(last) == 1 and last[0].lower() in NAME_SUFFIXES and first:  # "Barack Obama Jr." without a comma
        last = [first.pop()]
    if first and von and all(_LOST_INITIAL.fullmatch(word) for word in von):  # "M a Furman": initials, not "a Furman"
        first, von = first + von, []
    return " ".join(first), " ".join(von + last) or name


def family_name(name: str) -> str:
    return name_parts(name)[1]


def sort_key_by_family_name(name: str, organization: bool = False) -> tuple[str, str]:
    """Sorts people by family name, then given names ("van Gogh" under v, as BibTeX styles sort it); an
    organization (`organization`, or `is_organization`) by its whole name, a leading "The" aside."""
    if organization or is_organization(name):
        return _LEADING_ARTICLE.sub("", name.strip(), count=1).casefold(), ""
    given, family = name_parts(name)
    return family.casefold(), given.casefold()


def _key_word(text: str) -> str:
    return slugify(text).replace("-", "")


def base_key(paper: Paper, first_author: str | None) -> str:
    """`minder2025overcoming`: the first author's family name, the year, the title's first significant word."""
    return _base_key(first_author, paper.meta.date[:4], paper.meta.title)


# Kept between the rebuilds of a preview, where all but the edited papers are as they were.
@functools.lru_cache(maxsize=100_000)
def _base_key(first_author: str | None, year: str, title: str) -> str:
    family = _key_word(name_parts(first_author)[1].split()[-1]) if first_author else ""
    words = [w for w in slugify(title, 10_000).split("-") if w]
    significant = next((w for w in words if w not in TITLE_STOPWORDS), words[0] if words else "")
    return f"{family or 'anon'}{year}{significant}"


def citation_keys(papers: Iterable[Paper], first_author: Callable[[Paper], str | None],
                  given: Callable[[Paper], str | None] = lambda paper: None) -> dict[str, str]:
    """A unique key for each paper (by slug). A key `given` for a paper (one it was imported with) is
    kept; the others are `base_key`s, told apart by a letter (minder2025overcoming, …a, …b) in the
    order the papers joined the collection."""
    papers = list(papers)
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for paper in papers:
        kept = given(paper)
        if kept and kept.casefold() not in taken:
            keys[paper.slug] = kept
            taken.add(kept.casefold())
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.slug not in keys:
            groups[base_key(paper, first_author(paper))].append(paper)
    for base in sorted(groups):
        group = sorted(groups[base], key=lambda p: (p.meta.added or p.meta.date, p.meta.date, p.slug))
        suffixes = _suffixes()
        for paper in group:
            key = base
            while key.casefold() in taken:
                key = base + next(suffixes)
            keys[paper.slug] = key
            taken.add(key.casefold())
    return keys


def _suffixes() -> Iterator[str]:
    """a, b, …, z, aa, ab, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    length = 1
    while True:
        for index in range(len(letters) ** length):
            suffix, rest = "", index
            for _ in range(length):
                suffix = letters[rest % 26] + suffix
                rest //= 26
            yield suffix
        length += 1


def entry_type(paper: Paper) -> tuple[str, str | None]:
    """(BibTeX entry type, the field that names the venue): @inproceedings/booktitle for a conference,
    @article/journal for another venue, @misc for a preprint or a paper without venue."""
    venue = paper.meta.venue
    if not venue:
        return "misc", None
    if _PROCEEDINGS.search(venue):
        return "inproceedings", "booktitle"
    return "article", "journal"


def month_macro(date: str) -> str | None:
    """BibTeX's month macro (`apr`) of a YYYY-MM(-DD) date, None for a bare year."""
    _, month, _ = parse_partial_date(date)
    return MONTH_MACROS[month - 1] if month else None


def _initials(given: str) -> str:
    parts = []
    for word in given.split():
        pieces = [piece for piece in word.split("-") if piece]
        parts.append("-".join(piece[0].upper() + "." for piece in pieces))
    return " ".join(parts)


def reference_author(name: str) -> str:
    given, family = name_parts(name)
    return f"{family}, {_initials(given)}" if given else family


def _sentence(text: str) -> str:
    """`text` ending as a sentence: with a period unless it ends with one already ("Protein Expr. Purif.", "Go
    “Online”?")."""
    return text if re.search(r"[.?!][”’\"')]*$", text) else f"{text}."


def plain_reference(paper: Paper, authors: list[str]) -> str:
    """An APA-style reference in plain text: "Minder, J., & Nanda, N. (2025). Title. Venue. https://…"."""
    names = [reference_author(name) for name in authors]
    year, month, day = parse_partial_date(paper.meta.date)
    title = _sentence(paper.meta.title)
    if not names:  # APA without an author: the title takes the author's place
        parts = [title, f"({year})."]
        return " ".join(parts + source_parts(paper))
    if paper.meta.unnamed_authors:  # the last author is not recorded: APA's "…, last author" cannot be written
        byline = ", ".join(names[:REFERENCE_AUTHORS - 1]) + ", et al."
    elif len(names) > REFERENCE_AUTHORS:
        byline = ", ".join(names[:REFERENCE_AUTHORS - 1]) + ", … " + names[-1]
    elif len(names) > 1:
        byline = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        byline = names[0]
    return " ".join([f"{byline} ({year}).", title, *source_parts(paper)])


def source_parts(paper: Paper) -> list[str]:
    """The end of a reference: where the paper appeared, and its address."""
    parts = []
    if paper.meta.venue:
        parts.append(_sentence(paper.meta.venue))
    elif paper.meta.arxiv:
        parts.append(f"arXiv preprint arXiv:{paper.meta.arxiv}.")
    if paper.meta.doi:
        parts.append(f"https://doi.org/{paper.meta.doi}")
    elif paper.meta.arxiv:
        parts.append(f"https://arxiv.org/abs/{paper.meta.arxiv}")
    return parts


# The Highwire tag that names a paper's venue, by the paper's BibTeX type: a thesis' venue is its school, a
# report's its institution (Google Scholar's inclusion guidelines name these tags).
VENUE_TAGS = {"inproceedings": "citation_conference_title", "conference": "citation_conference_title",
              "article": "citation_journal_title", "phdthesis": "citation_dissertation_institution",
              "mastersthesis": "citation_dissertation_institution", "thesis": "citation_dissertation_institution",
              "techreport": "citation_technical_report_institution", "report": "citation_technical_report_institution"}
INSTITUTION_TAGS = frozenset({"citation_dissertation_institution", "citation_technical_report_institution"})


def _venue_tag(paper: Paper) -> str | None:
    """The tag for the venue: by the type the paper was cited with, else by what its venue's name says."""
    cited_as = getattr(paper.meta.citation, "type", None)
    return VENUE_TAGS.get(cited_as or "") or VENUE_TAGS.get(entry_type(paper)[0])


def highwire_date(date: str) -> str:
    return date.replace("-", "/")


def highwire_tags(paper: Paper, authors: list[str], pdf_url: str | None, abstract: str = "") -> list[tuple[str, str]]:
    """(name, content) of the Highwire Press tags Google Scholar and Zotero read. A paper whose authors
    are not recorded has no `citation_author`: none is made up."""
    tags = [("citation_title", paper.meta.title)]
    tags += [("citation_author", name) for name in authors]
    tags.append(("citation_publication_date", highwire_date(paper.meta.date)))
    venue_tag = _venue_tag(paper)
    if venue_tag and paper.meta.venue:
        tags.append((venue_tag, paper.meta.venue))
    if paper.meta.doi:
        tags.append(("citation_doi", paper.meta.doi))
    if paper.meta.arxiv:
        tags.append(("citation_arxiv_id", paper.meta.arxiv))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    if abstract:
        tags.append(("citation_abstract", abstract))
    return tags


@dataclass(frozen=True)
class PageAddress:
    """Where a paper's page and its authors' pages are on the web (absolute URLs), and the collection
    it belongs to: known when the site has a `site_url`."""

    page: str | None = None
    authors: tuple[str | None, ...] = ()  # each author's page, in the order of the names
    collection_name: str = ""
    collection_url: str | None = None


def json_ld(paper: Paper, authors: list[str], topics: list[str], abstract: str,
            address: PageAddress = PageAddress()) -> dict[str, Any]:
    """schema.org ScholarlyArticle of the paper: its page's URL, the abstract (as plain text: head_html
    gives its start), the authors with their pages, and the collection (and venue) it is part of."""
    people: list[dict[str, str]] = []
    for index, name in enumerate(authors):
        person = {"@type": "Organization" if is_organization(name) else "Person", "name": str(name)}
        url = address.authors[index] if index < len(address.authors) else None
        if url:
            person["url"] = url
        people.append(person)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.meta.title[:110],  # search engines show at most 110 characters
        "name": paper.meta.title,
    }
    if address.page:
        data["url"] = address.page
    if people:  # no "author": [] for a paper whose authors are not recorded
        data["author"] = people
    data["datePublished"] = paper.meta.date
    if abstract:
        data["abstract"] = abstract
    if topics:
        data["keywords"] = topics
    part_of = []
    if paper.meta.venue and _venue_tag(paper) in INSTITUTION_TAGS:  # a school or an institution, not a periodical
        data["sourceOrganization"] = {"@type": "Organization", "name": paper.meta.venue}
    elif paper.meta.venue:
        part_of.append({"@type": "PublicationIssue" if entry_type(paper)[0] == "inproceedings" else "Periodical",
                        "name": paper.meta.venue})
    if address.collection_name:
        collection = {"@type": "Collection", "name": address.collection_name}
        if address.collection_url:
            collection["url"] = address.collection_url
        part_of.append(collection)
    if part_of:
        data["isPartOf"] = part_of[0] if len(part_of) == 1 else part_of
    same_as, identifiers = [], []
    if paper.meta.arxiv:
        same_as.append(f"https://arxiv.org/abs/{paper.meta.arxiv}")
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.meta.arxiv})
    if paper.meta.doi:
        same_as.append(f"https://doi.org/{paper.meta.doi}")
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.meta.doi})
    if same_as:
        data["sameAs"] = same_as
        data["identifier"] = identifiers
    return data


def script_json(data: dict[str, Any]) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped, so no value can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def head_html(paper: Paper, authors: list[str], topics: list[str], abstract: str, pdf_url: str | None,
              address: PageAddress = PageAddress()) -> str:
    """The tags a paper page adds to its <head>: Highwire `citation_*` meta tags and JSON-LD.

    `abstract` is plain text. The head holds it whole once, in `citation_abstract` (which Google Scholar
    and Zotero read); the JSON-LD has its start, as the meta description: at 10,000 papers each whole
    copy is ~16 MB of the site (docs/performance.md, site size)."""
    lines = [f'<meta name="{name}" content="{escape(content)}">' for name, content in
             highwire_tags(paper, authors, pdf_url, abstract)]
    data = json_ld(paper, authors, topics, shorten(abstract, JSON_LD_ABSTRACT_LENGTH), address)
    lines.append(f'<script type="application/ld+json">{script_json(data)}</script>')
    return "\n".join(lines)


def explore_links(arxiv: str | None) -> list[tuple[str, str]]:
    """(label, url) of the pages that discuss or index an arXiv paper."""
    if not arxiv:
        return []
    bare = re.sub(r"v\d+$", "", arxiv)
    links = []
    if re.fullmatch(r"\d{4}\.\d{4,5}", bare):  # Hugging Face and alphaXiv know new-style ids only
        links += [("Hugging Face", f"https://huggingface.co/papers/{bare}"),
                  ("alphaXiv", f"https://www.alphaxiv.org/abs/{bare}")]
    links.append(("Semantic Scholar", f"https://www.semanticscholar.org/arxiv/{bare}"))
    return links
