"""Topics and the folders a library files its papers in.

An import file's entries name topics by their keywords, and by the folders they are filed in: Zotero
collections, Mendeley folders, JabRef groups, the sections of a reading list, the topic columns of a sheet
(`PaperDraft.groups`, each a path from the outermost folder). `import --add-topics` makes a topic of each
folder that names none yet, a subfolder's topic under its folder's (`parent:`), and appends them to
topics.yml, so the site is organised as the library was from the first import.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from ..model.identity import slugify
from ..model.load import topic_name_key
from ..model.problems import UsageError
from ..model.schema import TopicEntry
from ..model.yamlstrict import YamlProblem, load_strict
from ..sources import PaperDraft, without_format_characters

MAX_NEW_TOPICS = 200  # more folders than a site's topic list can show: the maintainer chooses by hand
MAX_TITLE = 200
TOPIC_ID_MAX = 60
ADDED_HEADER = "# Added by `papershelf import --add-topics`: give each a description, merge or rename as you like."


@dataclass(frozen=True)
class NewTopic:
    id: str
    title: str
    parent: str | None
    entries: int  # entries of the file in this folder or its subfolders


def topics_for_folders(drafts: Iterable[PaperDraft], names: dict[str, str], taken: set[str],
                       left_out: dict[str, str] | None = None) -> list[NewTopic]:
    """The topics to add for the folders of `drafts` that name no topic (`names`, `taken`: the topics.yml's), in
    the order the file first files an entry in each; a folder whose name cannot be a topic's title is left out,
    and told in `left_out` (its name -> why), with the folders below it."""
    left_out = {} if left_out is None else left_out
    names, taken = dict(names), set(taken)
    found: dict[str, tuple[str, str, str | None]] = {}  # id -> (id, title, parent), in order
    counts: Counter[str] = Counter()
    numbers: dict[str, int] = {}  # the last number given to a base id: each free id is found in one step
    for draft in drafts:
        filed: set[str] = set()
        for path in draft.groups:
            parent: str | None = None
            for name in path:
                title = " ".join(without_format_characters(name).split())
                key = topic_name_key(title)
                if not key or len(title) > MAX_TITLE:
                    left_out[name] = f"longer than {MAX_TITLE} characters" if key else "no letter or digit"
                    break
                topic = names.get(key)
                if topic is None:
                    topic = free_id(title, taken, numbers)
                    if not is_topic(topic, title, parent):
                        left_out[name] = "a character no topic title may hold"
                        break
                    found[topic] = (topic, title, parent)
                    names[key] = topic
                    taken.add(topic)
                parent = topic
                filed.add(topic)
        counts.update(filed)
    if len(found) > MAX_NEW_TOPICS:
        raise UsageError(f"its entries are filed in {len(found):,} folders that name no topic; --add-topics adds at "
                         f"most {MAX_NEW_TOPICS}: add the topics you want to topics.yml by hand (a title or an "
                         "alias that names a folder files its entries there), and import without --add-topics")
    return [NewTopic(topic, title, parent, counts[topic]) for topic, title, parent in found.values()]


def free_id(title: str, taken: set[str], numbers: dict[str, int]) -> str:
    """The title's id, numbered (`-2`, `-3`, …) past those taken. `numbers` remembers the last number tried for
    each base id: thousands of folders whose names share their first 60 characters (one id) would otherwise
    try every number taken before theirs (quadratic: 8,000 such folders took 5.6 s)."""
    base = slugify(title, TOPIC_ID_MAX) or "topic"
    number = numbers.get(base, 1)
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    numbers[base] = number
    return candidate


def is_topic(topic: str, title: str, parent: str | None) -> bool:
    try:
        TopicEntry.model_validate({"id": topic, "title": title, **({"parent": parent} if parent else {})})
    except ValidationError:
        return False
    return True


def topics_text_with(text: str, topics: list[NewTopic]) -> str:
    """topics.yml's text with `topics` appended (its own text, comments and all, kept as it is)."""
    # every value quoted: an id such as `null`, `yes` or `1` would otherwise read back as no string at all
    entries = [f"- id: {json.dumps(topic.id)}\n  title: {json.dumps(topic.title, ensure_ascii=False)}\n"
               + (f"  parent: {json.dumps(topic.parent)}\n" if topic.parent else "") for topic in topics]
    head = text.rstrip("\n") + "\n\n" if text.strip() else ""
    appended = head + ADDED_HEADER + "\n\n" + "\n".join(entries)
    try:  # what is written must read back as the same topics
        data = load_strict(appended).data
    except YamlProblem as error:
        raise UsageError(f"topics.yml would not read back with the new topics ({error.message}); nothing was "
                         "written") from None
    if not isinstance(data, list) or data[-len(topics):] != [
            {"id": topic.id, "title": topic.title, **({"parent": topic.parent} if topic.parent else {})}
            for topic in topics]:
        raise UsageError("topics.yml would not read back with the new topics; nothing was written")
    return appended
