"""When two names, titles or ids mean the same thing, and the slugs they get.

Author identity ignores case, Unicode normalization form and spacing; an
`authors.yml` maps aliases to one canonical person. Titles compare equal after
case, Unicode and punctuation normalization (duplicate detection).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .schema import AuthorEntry

SLUG_MAX = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# URLs the site uses beside term and paper pages: /authors/by-name/, /topics/x/page/2/
RESERVED_SLUGS = frozenset({"index", "page", "by-name"})


def name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def title_key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(kept.split())


def arxiv_key(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id.strip().lower().removeprefix("arxiv:"))


def doi_key(doi: str) -> str:
    return doi.strip().lower()


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary; '' if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


class UniqueSlugs:
    """Hands out distinct slugs: `name`, then `name-2`, `name-3`, …"""

    def __init__(self, fallback: str = "item"):
        self.fallback = fallback
        self.taken: set[str] = set(RESERVED_SLUGS)

    def __call__(self, text: str) -> str:
        base = slugify(text, SLUG_MAX - 4) or self.fallback
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    entry: AuthorEntry | None = None


class AuthorRegistry:
    """Resolves a name as written in a paper to one canonical person."""

    def __init__(self, entries: list[AuthorEntry] = ()):
        self.people: dict[str, Person] = {}
        for entry in entries:
            person = Person(name_key(entry.name), entry.name, entry)
            for spelling in (entry.name, *entry.aliases):
                self.people[name_key(spelling)] = person

    def person(self, name: str) -> Person:
        key = name_key(name)
        return self.people.get(key) or Person(key, " ".join(unicodedata.normalize("NFC", name).split()))
