"""When two names, titles or ids mean the same thing, and the slugs they get.

Author identity ignores case, Unicode normalization form and spacing, accents and other marks on Latin
letters, full stops, and hyphens between initials (`person_key`); an `authors.yml` maps aliases to one
canonical person, and its spellings win over that folding. Titles compare equal after case, Unicode and
punctuation normalization (duplicate detection).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .plaintext import without_refused_characters
from .problems import Problem
from .routes import RESERVED_SEGMENTS
from .schema import AuthorEntry, name_key

SLUG_MAX = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# URLs the site uses beside term and paper pages: /authors/by-name/, /topics/x/page/2/ (routes.py)
RESERVED_SLUGS = RESERVED_SEGMENTS


_INITIALS_HYPHEN = re.compile("[-\u2010\u2011]")


@functools.lru_cache(maxsize=1 << 16)
def person_key(name: str) -> str:
    """Who a name means when no authors.yml spelling says: `name_key`, and also blind to what one person's
    name differs by from one bibliography to the next, and to nothing that tells two people apart:

    - accents and other marks on Latin letters, and Latin letters written as others in ASCII
      (Souères/Soueres, Łukasz/Lukasz, Søren/Soren, Nguyễn/Nguyen, Wáng/Wang); marks on other
      scripts' letters stay (Japanese か/が, Devanagari vowel signs, Cyrillic й/и are different letters);
    - full stops (G. Baum, G Baum, G.Baum);
    - hyphens that join initials (J.-H. Lee, J. -H. Lee, J. H. Lee, Y-C Chen).

    Hyphens in a word stay (Dennis-Fucci is not Dennis Fucci; Grosse-Perdekamp not Grosse Perdekamp), and a
    given name never matches its initial, nor one initial two (J. Lee is not J. H. Lee, nor Jae Lee)."""
    key = name_key(name)
    if not key.isascii():
        key = latin_without_marks(key)
    if "." not in key and "-" not in key and "\u2010" not in key:
        return key
    words: list[str] = []
    for word in key.replace(".", " ").split():
        parts = _INITIALS_HYPHEN.split(word)
        if len(parts) > 1 and all(len(part) <= 1 for part in parts):  # J-H, -H (of J.-H.): initials
            words.extend(part for part in parts if part)
        else:
            words.append(word)
    return " ".join(words)


def latin_without_marks(text: str) -> str:
    """`text` (casefolded) with the marks on its Latin letters dropped and each Latin letter that has no
    ASCII base transliterated (ø → o, ł → l, æ → ae, ı → i); other scripts, and marks on their letters, kept."""
    from anyascii import anyascii

    parts, latin = [], False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            if not latin:
                parts.append(char)
            continue
        latin = char.isascii() and char.isalpha() or unicodedata.name(char, "").startswith("LATIN ")
        parts.append(anyascii(char).lower() if latin and not char.isascii() else char)
    return unicodedata.normalize("NFC", "".join(parts))


_NOT_A_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces, controls
_ARXIV_VERSION = re.compile(r"v\d+$")


def visible(text: str) -> str:
    """`text` without the characters the plain-text rule refuses (invisible, control, …): they must
    not make two keys differ, for text that never went through validation (an import's entries)."""
    return text if text.isascii() and text.isprintable() else without_refused_characters(text)


def title_key(title: str) -> str:
    text = title if title.isascii() else unicodedata.normalize("NFKC", visible(title))
    return " ".join(_NOT_A_WORD.sub(" ", text.casefold()).split())


def arxiv_key(arxiv_id: str) -> str:
    return _ARXIV_VERSION.sub("", arxiv_id.strip().lower().removeprefix("arxiv:"))


def doi_key(doi: str) -> str:
    return visible(doi).strip().lower()


def title_skeleton(title: str) -> str:
    """The normalized title with look-alike letters (Cyrillic а, Greek ο, …) replaced by one prototype.

    In the spirit of the Unicode TR39 skeleton, with the confusables table
    of the confusable-homoglyphs package: two titles with the same skeleton
    cannot be told apart on screen.
    """
    text = title_key(title)
    if text.isascii():
        return text.translate(ASCII_KEY_PROTOTYPES)
    text = unicodedata.normalize("NFD", text).translate(_prototypes())
    return text if text.isascii() else unicodedata.normalize("NFD", text)


# The rows of the confusables table that an ASCII title key (a-z, 0-9, spaces)
# can meet. Loading the whole table takes ~0.25 s, as long as checking ~800
# papers, and most collections have no title that needs it.
# tests/test_validation.py checks these rows against the table.
ASCII_KEY_PROTOTYPES = str.maketrans({"0": "O", "1": "l", "m": "rn"})


@functools.cache
def _prototypes() -> dict[int, str]:
    """Each confusable character (as a str.translate table) → the prototype it is confused with.

    The package lists, for a character, either its one prototype or all the
    characters confused with it; a pair that lists only each other maps both
    to the smaller of the two so that either spelling gives the same key.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def listed(ch: str) -> list[str]:
        return [entry["c"].strip("\u200e\u200f") for entry in confusables_data.get(ch, [])]

    prototypes = {}
    for ch in confusables_data:
        others = listed(ch)
        if len(ch) != 1 or len(others) != 1:
            continue
        other = others[0]
        prototypes[ord(ch)] = min(ch, other) if listed(other) == [ch] else other
    return prototypes


# Generational suffixes written after a name ("Peyton Z. Peebles, Jr."): not the family name.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def first_author_key(authors: Sequence[str]) -> str:
    """The first author's family name as a key: the last word of the name ("C. E. Shannon", "Claude Shannon")."""
    words = title_key(authors[0]).split() if authors else []
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


TITLE_KEY_SEPARATOR = "\x1f"


def duplicate_keys(arxiv: str | None, doi: str | None, title: str | None, year: str | None = None,
                   authors: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(field, key) pairs that two papers share only if they are the same paper: the arXiv id, the DOI,
    or the title together with the year and the first author (Shannon wrote two papers of one title in
    1948; a title alone is no identity). Two papers with different DOIs are different works even when
    their title keys agree: see `different_works`."""
    keys = []
    if arxiv:
        keys.append(("arxiv", arxiv_key(arxiv)))
    if doi:
        keys.append(("doi", doi_key(doi)))
    if title:
        parts = (title_skeleton(title), (year or "")[:4], first_author_key(list(authors)))
        keys.append(("title", TITLE_KEY_SEPARATOR.join(parts)))
    return keys


def unrelated_titles(title: str | None, other: str | None) -> bool:
    """Whether two titles name different works: neither starts the other (a title with and without its
    subtitle is one work) and they share under a third of their words. Two papers of one proceedings that
    an exporter gave the proceedings' DOI (EG-ICE 2020's 10.14279/depositonce-9977) have such titles."""
    if not title or not other:
        return False
    first, second = title_skeleton(title), title_skeleton(other)
    if not first or not second or first.startswith(second) or second.startswith(first):
        return False
    words, other_words = set(first.split()), set(second.split())
    return len(words & other_words) < len(words | other_words) / 3


def different_dois(doi: str | None, other: str | None) -> bool:
    return bool(doi and other and doi_key(doi) != doi_key(other))


def pages_key(pages: str | None) -> str:
    """Pages compared whatever the dash: "379--423", "379–423" and "379-423" are one range."""
    return re.sub(r"[\s\u2010-\u2015-]+", "-", pages or "").strip("-").casefold()


def different_works(doi: str | None, pages: str | None, other_doi: str | None, other_pages: str | None) -> bool:
    """Whether two papers whose title keys agree are still different works: their DOIs differ, or
    their pages do (Shannon's 1948 parts 1 and 2, one without a DOI)."""
    return different_dois(doi, other_doi) or bool(pages_key(pages) and pages_key(other_pages)
                                                   and pages_key(pages) != pages_key(other_pages))


@functools.lru_cache(maxsize=1 << 17)  # every author's slug, again on each preview rebuild
def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary; '' if nothing is left.

    Letters of any script are transliterated (李飞飞 → li-fei-fei, Søren → soren, Straße → strasse);
    text that was ASCII, or whose accents decompose to ASCII, keeps the slug it always had.
    """
    ascii_text = ascii_letters(text)
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def ascii_letters(text: str) -> str:
    """`text` in ASCII: accents decomposed away (NFKD) as before; a letter or digit with no ASCII
    decomposition transliterated by anyascii, each Chinese character or Hangul syllable a word of its own."""
    if text.isascii():
        return text
    from anyascii import anyascii

    parts = []
    for char in text:
        decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        if decomposed or char.isascii():
            parts.append(decomposed)
        elif unicodedata.category(char)[0] in "LN":
            latin = anyascii(char)
            parts.append(f" {latin} " if _WORD_PER_CHARACTER.match(char) else latin)
    return "".join(parts)


# Scripts where one character is one syllable or word: CJK ideographs (and their extensions), Hangul syllables.
_WORD_PER_CHARACTER = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f]")


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


ID_PREFIX = "id:"  # the key of a person with an authors.yml id


class AuthorRegistry:
    """Resolves a name as written in a paper to one canonical person.

    An authors.yml spelling (a name, an alias, `@id`) is matched by `name_key` first; a name no spelling
    matches goes by `person_key` to the one entry whose spellings it folds to, and otherwise to a person
    of its own keyed by `person_key`, so that "Philippe Souères" and "Philippe Soueres" are one person.
    Where entries disagree (spellings that fold alike but belong to two people), the folded name means
    none of them and gets a page of its own, as the spelling is written (`name_key`)."""

    def __init__(self, entries: Iterable[AuthorEntry] = ()) -> None:
        self.people: dict[str, Person | None] = {}  # None: a spelling two people with ids share
        self.folded: dict[str, Person | None] = {}  # by person_key; None: spellings of two people fold to it
        self.resolved: dict[str, Person] = {}  # by name as written: a registry outlives preview rebuilds
        # (spelling, entry index, index of the entry that claimed it first): see `claimed_twice`
        self.conflicts: list[tuple[str, int, int]] = []
        self.entries = list(entries)
        claimed_by: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            # An entry with an id is its own person even if another has the same name ("id:" cannot
            # start a name key); a paper names it by an alias, or as "@<id>".
            key = f"{ID_PREFIX}{entry.id}" if entry.id else name_key(entry.name)
            person = Person(key, entry.name, entry)
            spellings = [entry.name, *entry.aliases] + ([f"@{entry.id}"] if entry.id else [])
            for spelling in dict.fromkeys(spellings):
                spelling_key = name_key(spelling)
                first = claimed_by.setdefault(spelling_key, index)
                if first != index and not (entry.id and self.entries[first].id):
                    # without ids to tell two people apart, one of them would silently take the other's name
                    self.conflicts.append((spelling, index, first))
                    continue
                other = self.people.get(spelling_key, person)
                shared = other is None or (other.key != key and (entry.id or (other.entry and other.entry.id)))
                self.people[spelling_key] = None if shared else person
                folded = self.folded.get(person_key(spelling), person)
                self.folded[person_key(spelling)] = None if folded is None or folded.key != key else person

    def claimed_twice(self, shown: str, line_of: Callable[[int], int]) -> list[Problem]:
        """A spelling two entries without ids claim: one person's name or alias would silently become another's."""
        problems = []
        for spelling, index, first in self.conflicts:
            entry, other = self.entries[index], self.entries[first]
            field = "name" if name_key(spelling) == name_key(entry.name) else "aliases"
            problems.append(Problem(shown, line_of(index), field,
                                    f"'{spelling}' is already the name or an alias of '{other.name}' (line {line_of(first)})",
                                    "a spelling belongs to one person: remove it from one of the two entries, "
                                    "or give both an id"))
        return problems

    def person(self, name: str) -> Person:
        """The person a paper's author name means; a name that people with ids share means none of
        them (a page of its own): the paper should use one's alias or @id."""
        if name not in self.resolved:
            exact, folded = name_key(name), person_key(name)
            if exact in self.people:
                found, key = self.people[exact], exact
            else:
                found = self.folded.get(folded)
                key = exact if folded in self.folded else folded  # folded alike by two people: neither
            self.resolved[name] = found or Person(key, " ".join(unicodedata.normalize("NFC", name).split()))
        return self.resolved[name]
