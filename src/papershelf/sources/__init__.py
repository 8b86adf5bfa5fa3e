"""Where papers come from: arXiv, BibTeX files and Hugging Face Daily Papers.

Every source turns its input into `PaperDraft`s (front-matter fields, abstract,
notes) or `Skipped` records (where, and why the entry cannot become a paper).
Sources never write files and never know about the collection: `adding.py`
adds topics and the date, refuses duplicates and writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PaperDraft:
    """A paper read from a source: `meta` uses the keys of `papershelf.model.writer.FIELD_ORDER`."""

    meta: dict[str, Any]
    abstract: str
    origin: str  # where it came from, for messages: "entry 3 (key vaswani2017)", "line 120"
    notes: str = ""
    keywords: list[str] = field(default_factory=list)  # the entry's own words, matched against topics
    ignored: list[str] = field(default_factory=list)  # fields of the entry that did not make it into the paper


@dataclass(frozen=True)
class Skipped:
    """An input entry that cannot become a paper, and why."""

    origin: str
    reason: str


Parsed = PaperDraft | Skipped


@dataclass
class SourceResult:
    """What a source read from one input, in input order."""

    items: list[Parsed] = field(default_factory=list)

    @property
    def drafts(self) -> list[PaperDraft]:
        return [item for item in self.items if isinstance(item, PaperDraft)]

    @property
    def skipped(self) -> list[Skipped]:
        return [item for item in self.items if isinstance(item, Skipped)]


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def clean_abstract(text: str) -> str:
    """Hard-wrapped source text as paragraphs: lines joined, blank lines kept as paragraph breaks.

    A '<' that would start an HTML tag ("<eos>", "</s>") becomes '&lt;': paper
    bodies may not hold raw HTML, and Markdown shows '&lt;' as '<'.
    """
    paragraphs = re.split(r"\n\s*\n", text.strip())
    joined = "\n\n".join(collapse_spaces(p) for p in paragraphs if p.strip())
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", joined)


def missing_required(meta: dict[str, Any]) -> list[str]:
    """The required fields a draft lacks; authors may be empty only with an author_count."""
    missing = [name for name in ("title", "date") if not meta.get(name)]
    if not meta.get("authors") and not meta.get("author_count"):
        missing.append("authors")
    return missing


def checked(draft: PaperDraft, names: dict[str, str] | None = None) -> Parsed:
    """The draft, or a `Skipped` naming the required data it lacks (`names` renames fields for the source).

    An abstract is not required: many exporters (DBLP, Google Scholar) write none.
    """
    missing = [(names or {}).get(name, name) for name in missing_required(draft.meta)]
    if missing:
        lacking = ", no ".join(missing)
        return Skipped(draft.origin, f"no {lacking}: a paper needs a title, authors and a date (an abstract is optional)")
    return draft
