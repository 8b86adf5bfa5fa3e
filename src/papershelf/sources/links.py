"""A reading list kept as Markdown or text with arXiv links or "arXiv:" ids (an "awesome" list's README,
notes): the papers it names, each with the headings it sits under.

The file gives no metadata, only ids: `papershelf import` asks the arXiv API for them (100 ids a request,
paced as arXiv asks). The headings above a link are the entry's keywords, so a topic whose title or alias
is a section's heading ("## Sparse autoencoders") takes that section's papers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .identifiers import arxiv_mentions

_HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")  # an ATX heading's opening; its text is cut with str methods
MAX_HEADING = 200
_MARKUP = re.compile(r"[*_`\[\]]|\(https?://[^)]*\)|<[^>]*>")


@dataclass
class LinkedPaper:
    arxiv: str
    line: int  # where the list first links it
    headings: list[str] = field(default_factory=list)  # of every place it is linked, outermost first
    # the heading right above each place it is linked: the list's sections, which `import --add-topics` makes topics
    sections: list[str] = field(default_factory=list, compare=False)


def looks_like_link_list(text: str) -> bool:
    return bool(arxiv_mentions(text))


def linked_papers(text: str) -> list[LinkedPaper]:
    """Each arXiv paper the text links, once, in the order first linked."""
    found: dict[str, LinkedPaper] = {}
    headings: list[tuple[int, str]] = []  # (level, text) of the headings above the current line
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            headings = [(lvl, name) for lvl, name in headings if lvl < level]
            # "## Title ##": closing hashes dropped; a heading longer than any topic's name is cut, which also
            # bounds the cost of the markup pattern on a hostile line
            title = line[heading.end():].strip().rstrip("#").strip()[:MAX_HEADING]
            name = " ".join(_MARKUP.sub("", title).split())
            headings += [(level, name)] if name else []
            continue
        for arxiv in arxiv_mentions(line):
            paper = found.setdefault(arxiv, LinkedPaper(arxiv, number))
            paper.headings += [name for _, name in headings if name not in paper.headings]
            if headings and headings[-1][1] not in paper.sections:
                paper.sections.append(headings[-1][1])
    return list(found.values())
