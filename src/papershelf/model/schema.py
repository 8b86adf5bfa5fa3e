"""The one schema of a paper's front matter, of topics.yml and of authors.yml.

These pydantic models are the source of truth: validation runs them, and
`paper_json_schema()` exports them for editors (schema/paper.schema.json).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .plaintext import check_description, check_plain_text

ARXIV_NEW = r"\d{4}\.\d{4,5}(v\d+)?"
ARXIV_OLD = r"[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7}(v\d+)?"
ARXIV_PATTERN = rf"^({ARXIV_NEW}|{ARXIV_OLD})$"
# The pages about one arXiv paper that name it by its id: arXiv's own (abs, pdf, html), ar5iv, Hugging Face's
# paper pages (where Daily Papers link), alphaXiv and Semantic Scholar's arXiv address.
ARXIV_PAGE_PATH = (r"(?:(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)|ar5iv(?:\.labs\.arxiv)?\.org/(?:abs|html)"
                   r"|(?:huggingface|hf)\.co/papers|(?:www\.)?alphaxiv\.org/(?:abs|overview|pdf)"
                   r"|(?:www\.)?semanticscholar\.org/arxiv)/")
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TOPIC_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LINK_KEY_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
HTTP_URL_PATTERN = r"^https?://[^\s<>\"']+$"

_DATE = re.compile(DATE_PATTERN)


@functools.lru_cache(maxsize=8192)  # a collection has far fewer distinct dates than papers
def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` as (year, month, day); raises ValueError if not a real date."""
    if not _DATE.match(value):
        raise ValueError(f"'{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None
    return year, month, day


_ET_AL = re.compile(r"\bet\.? al\b", re.IGNORECASE)


def check_author_name(name: str) -> str:
    if _ET_AL.search(name) or name.strip().lower() in {"others", "and others"}:
        raise ValueError(f"'{name}' is not a name: list every author, or list those you know and set "
                         "more_authors: true (author_count: N when you know how many)")
    return check_plain_text(name)


_LATEX_IN_IDENTIFIER = re.compile(r"[\\{}]")


def check_identifier(value: str) -> str:
    """A DOI or URL holds no LaTeX: `\\_`, `{\\_}` or `\\%7E` from a BibTeX file make a broken link."""
    found = _LATEX_IN_IDENTIFIER.search(value)
    if found:
        plain = re.sub(r"\\([_%&#$~])|[{}]", r"\1", value).replace("\\", "")
        raise ValueError(f"holds '{found.group()}', LaTeX markup that is not part of an identifier or link: "
                         f"write it as it is, '{plain[:120]}'")
    return check_plain_text(value)


PlainText = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(check_plain_text)]
AuthorName = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(check_author_name)]
HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN, max_length=2000), AfterValidator(check_identifier)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60), AfterValidator(check_plain_text)]

# Bounds on what one paper file may list: each listed author gets a page, so the
# site a single file makes stays a few megabytes (tests/test_hostile.py measures it).
MAX_AUTHORS = 100
MAX_TOPICS = 20
MAX_TAGS = 50
MAX_LINKS = 20
MAX_COUNT = 10**9  # upvotes and author_count: far above any real value, far below what breaks an export


# `&`: NASA ADS keys entries by bibcode, and an A&A paper's is `2022A&A...667A..62B`.
CITATION_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.+/&-]{0,99}$"
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(check_plain_text)]


class Citation(BaseModel):
    """How the paper was cited where it came from: an imported entry's key, type and details.

    The BibTeX exports keep them, so a group's existing \\cite{…} keys go on working.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    key: str | None = Field(default=None, pattern=CITATION_KEY_PATTERN, description="The original citation key.",
                            examples=["vaswani2017attention"])
    type: str | None = Field(default=None, pattern=r"^[a-z]{2,20}$", description="The BibTeX entry type.",
                             examples=["inproceedings"])
    volume: ShortText | None = None
    number: ShortText | None = None
    pages: ShortText | None = None
    publisher: PlainText | None = None
    url: HttpUrl | None = Field(default=None, description="The entry's own URL.")


class PaperMeta(BaseModel):
    """The YAML front matter of `papers/<slug>.md`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    # Declared in the order papershelf writes a paper file's fields (writer.FIELD_ORDER is this order).
    title: PlainText = Field(description="The paper's title, as printed.", examples=["Attention Is All You Need"])
    authors: list[AuthorName] = Field(
        max_length=MAX_AUTHORS,
        description="Full names in the paper's order. May be empty only with `author_count` or `more_authors`. "
                    f"At most {MAX_AUTHORS}: for longer lists keep the first ones and set `author_count`.",
        examples=[["Ashish Vaswani", "Noam Shazeer"]],
    )
    author_count: int | None = Field(
        default=None,
        ge=1,
        le=MAX_COUNT,
        description="The total number of authors, when `authors` is incomplete (names not yet known).",
    )
    more_authors: bool | None = Field(
        default=None,
        description="`true`: the paper has more authors than `authors` lists, and how many is not known (a source's "
                    "\"and others\"). Not with `author_count`, which gives the exact total.",
    )
    organizations: list[AuthorName] = Field(
        default_factory=list,
        max_length=MAX_AUTHORS,
        description="The authors (as `authors` writes them) that are organizations, not people: a collaboration, an "
                    "institution, a company. Each is cited and sorted by its whole name, never split into given and "
                    "family names. A name that says it is one (\"PHENIX Collaboration\", \"World Health Organization\") "
                    "needs no entry here.",
        examples=[["Bayerischer Landtag"]],
    )
    date: str = Field(
        pattern=DATE_PATTERN,
        description="Date of the first public version: YYYY-MM-DD, or YYYY-MM / YYYY when that is all that is known.",
        examples=["2017-06-12", "2017-06", "2017"],
    )
    arxiv: str | None = Field(
        default=None,
        pattern=ARXIV_PATTERN,
        description="arXiv identifier, quoted: new scheme `2401.10000` (optionally `v2`) or old scheme `hep-th/9901001`.",
        examples=["1706.03762"],
    )
    doi: Annotated[str, AfterValidator(check_identifier)] | None = Field(
        default=None, pattern=DOI_PATTERN, max_length=300, examples=["10.48550/arXiv.1706.03762"])
    venue: PlainText | None = Field(default=None, description="Where it was published.", examples=["NeurIPS 2017"])
    topics: list[Annotated[str, StringConstraints(pattern=TOPIC_ID_PATTERN)]] = Field(
        min_length=1, max_length=MAX_TOPICS, description="One or more topic ids from topics.yml.", examples=[["interpretability"]]
    )
    tags: list[Tag] = Field(
        default_factory=list, max_length=MAX_TAGS, description="Free keywords."
    )
    links: dict[Annotated[str, StringConstraints(pattern=LINK_KEY_PATTERN)], HttpUrl] = Field(
        default_factory=dict, max_length=MAX_LINKS,
        description="Named http(s) links: pdf, code, project, data, video, slides, …",
        examples=[{"code": "https://github.com/tensorflow/tensor2tensor"}],
    )
    citation: Citation | None = Field(default=None, description="An imported entry's citation key, type, volume, "
                                      "number, pages, publisher and URL, kept for the BibTeX exports.")
    upvotes: int | None = Field(default=None, ge=0, le=MAX_COUNT, description="Upvotes on Hugging Face Daily Papers, where known.")
    added: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The date the paper joined the collection (YYYY-MM-DD).",
        examples=["2026-11-25"],
    )

    @field_validator("date", "added")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            parse_partial_date(value)
        return value

    @field_validator("topics", "tags")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        seen = set()
        for value in values:
            if value in seen:
                raise ValueError(f"'{value}' is listed twice")
            seen.add(value)
        return values

    @field_validator("more_authors")
    @classmethod
    def _not_with_a_count(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value and info.data.get("author_count") is not None:
            raise ValueError("author_count gives the exact number of authors and more_authors says it is not "
                             "known: keep one of them")
        return value

    @model_validator(mode="after")
    def _authors_or_count(self) -> PaperMeta:
        if not self.authors and self.author_count is None and not self.more_authors:
            raise ValueError("authors: list at least one author (or set author_count, or more_authors: true, when the "
                             "names are unknown)")
        if self.author_count is not None and self.author_count < len(self.authors):
            raise ValueError("author_count is smaller than the number of listed authors")
        written = {name_key(name) for name in self.authors}
        seen: set[str] = set()
        for name in self.organizations:
            if name_key(name) not in written:
                raise ValueError(f"organizations: '{name}' is not one of the authors (write it as authors writes it)")
            if name_key(name) in seen:
                raise ValueError(f"organizations: '{name}' is listed twice")
            seen.add(name_key(name))
        return self

    def is_organization(self, name: str) -> bool:
        """Whether `organizations` names `name` (one of `authors`), ignoring case, Unicode form and spacing."""
        return bool(self.organizations) and name_key(name) in {name_key(org) for org in self.organizations}

    @property
    def missing_authors(self) -> int:
        """How many authors are not named, where the total is known (`author_count`); 0 with `more_authors`."""
        return (self.author_count or len(self.authors)) - len(self.authors)

    @property
    def unnamed_authors(self) -> bool:
        """Whether the paper has authors not named: counted (`author_count`) or not (`more_authors`)."""
        return bool(self.more_authors) or self.missing_authors > 0

    @property
    def known_author_count(self) -> int | None:
        """The number of authors, names and unnamed ones, or None where only "more than the names" is known."""
        return None if self.more_authors else self.author_count or len(self.authors)


def name_key(name: str) -> str:
    """A name as two spellings of it compare: case, Unicode normalization form and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class TopicEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, StringConstraints(pattern=TOPIC_ID_PATTERN)]
    title: PlainText
    # optional: a topic's title often says enough (its page then shows no description)
    description: Annotated[str, StringConstraints(max_length=2000), AfterValidator(check_description)] = ""
    parent: Annotated[str, StringConstraints(pattern=TOPIC_ID_PATTERN)] | None = None
    # Other names of the topic: an imported entry whose keywords name one is filed under the topic.
    aliases: list[PlainText] = Field(default_factory=list)



class AuthorEntry(BaseModel):
    """An entry of authors.yml: the canonical name, its aliases and links, and an id that tells
    apart people who share a name (each gets a page; a paper names one by an alias or `@id`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, StringConstraints(pattern=TOPIC_ID_PATTERN, max_length=80)] | None = None
    name: PlainText
    aliases: list[PlainText] = Field(default_factory=list, max_length=50)
    homepage: HttpUrl | None = None
    orcid: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")] | None = None
    scholar: HttpUrl | None = None


def paper_json_schema() -> dict[str, Any]:
    schema = PaperMeta.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://papershelf.invalid/schema/paper.schema.json"
    schema["title"] = "papershelf paper front matter"
    return schema


PAPER_FIELDS = tuple(PaperMeta.model_fields)
