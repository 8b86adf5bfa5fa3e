"""JabRef's group tree, as JabRef writes it at the end of a .bib file (`@Comment{jabref-meta: grouping: …}`, and
`groupstree:` in JabRef 2 and 3 and in Zotero Better BibTeX's "JabRef groups" option), read for the folders each
entry is filed in.

The tree is one record a group, `LEVEL TYPE:NAME\\;…;`, each under the last group one level up:

    0 AllEntriesGroup:;
    1 ExplicitGroup:my-main-group-2\\;2\\;;
    2 ExplicitGroup:my-subgroup-2\\;0\\;Doe-2017\\;;

JabRef 2 and 3 list a static group's entries there, by key, after its name and context (`Doe-2017` above): the
entries themselves say nothing of it. JabRef 4 and later write a `StaticGroup` without keys, and each entry names
its groups in its `groups` field, by the group's name alone: the tree is what tells that `Oeuvres` is
`FM/0018_MarioBunge/Oeuvres`. JabRef 2 wrapped the block at 70 characters, inside names and keys alike: its line
breaks are not part of the text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bibtexparser.library import Library
from bibtexparser.model import ExplicitComment

_TREE = re.compile(r"\s*jabref-meta:\s*(?:grouping|groupstree):", re.IGNORECASE)
_RECORD = re.compile(r"(\d{1,3}) ([A-Za-z]+):(.*)", re.DOTALL)
_RECORD_END = re.compile(r"(?<!\\);")  # records end at a `;` not escaped (`\;` separates a record's own fields)
_FIELD_END = re.compile(r"(?<!\\)\\;")  # a record's fields end at `\;`, unless its backslash is escaped (`\\;`)
LEGACY_EXPLICIT = "ExplicitGroup"  # JabRef 2 and 3: name, context, then the keys of its entries
MAX_NAME_COMMAS = 10  # commas in a group's name rejoined (bounds the work on a hostile `groups` field)
MAX_GROUPS = 10_000  # a tree of more groups is not a library's (bounds the work on a hostile file)


@dataclass
class GroupTree:
    """The groups of a file's tree by name, and the groups JabRef 2 and 3 list each entry key in."""

    paths_by_name: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(list))
    paths_by_key: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(list))
    span: int = 1  # the most parts a `groups` field's commas cut one group's name into

    def path(self, name: str) -> tuple[str, ...] | None:
        """The whole path of the one group of this name; None when the tree has none, or several (JabRef names
        a group by its name alone, so two groups of one name cannot be told apart)."""
        paths = self.paths_by_name.get(name, [])
        return paths[0] if len(paths) == 1 else None

    def rejoined(self, names: list[str]) -> list[str]:
        """Names a `groups` field gives, split at its commas, with the parts of one group whose name holds a
        comma ("Indication (relation d', en lien avec Dretske)") joined back, as the tree names them."""
        if self.span == 1:
            return names
        joined: list[str] = []
        start = 0
        while start < len(names):
            end = next((end for end in range(min(len(names), start + self.span), start + 1, -1)
                        if _with_commas(names[start:end]) in self.paths_by_name), start + 1)
            joined.append(_with_commas(names[start:end]))
            start = end
        return joined

    def listed(self, key: str) -> list[tuple[str, ...]]:
        """The paths of the static groups that list the entry `key` (JabRef 2 and 3)."""
        return list(self.paths_by_key.get(key, []))


def group_tree(library: Library) -> GroupTree:
    """The group tree of the file's `jabref-meta` comment; an empty tree when it has none."""
    tree = GroupTree()
    for block in library.comments:
        if isinstance(block, ExplicitComment) and _TREE.match(block.comment):
            _read_records(_TREE.sub("", block.comment, count=1), tree)
    return tree


def _read_records(text: str, tree: GroupTree) -> None:
    parents: list[tuple[str, ...]] = [()]  # the path of the last group read at each level
    unwrapped = text.replace("\r", "").replace("\n", "")
    for record in _RECORD_END.split(unwrapped)[:MAX_GROUPS]:
        found = _RECORD.fullmatch(record.strip())
        if not found:
            continue
        level, kind, fields = int(found.group(1)), found.group(2), _fields(found.group(3))
        if level == 0 or level > len(parents) or not fields or not fields[0]:
            continue  # the root (AllEntriesGroup), or a record out of place: nothing to file under
        path = (*parents[level - 1], fields[0])
        del parents[level:]
        parents.append(path)
        tree.paths_by_name[fields[0]].append(path)
        tree.span = max(tree.span, min(fields[0].count(",") + 1, MAX_NAME_COMMAS + 1))
        if kind == LEGACY_EXPLICIT:
            for key in fields[2:]:
                if key:
                    tree.paths_by_key[key].append(path)


def _with_commas(parts: list[str]) -> str:
    return ", ".join(parts)


def _fields(text: str) -> list[str]:
    return [_unescaped(part) for part in _FIELD_END.split(text)]


def _unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()
