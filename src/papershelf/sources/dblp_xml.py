"""DBLP's XML: a person's page as XML (`https://dblp.org/pid/….xml`, `<dblpperson>` with one `<r>` a publication)
and excerpts of its dump (`<dblp>` with the records themselves), each record (`<article>`, `<inproceedings>`, …)
read as DBLP's search API gives the same record (`scholarly_json.dblp_draft`): one reading of DBLP's fields.

DBLP writes accented letters as the entities its DTD defines (`Sch&ouml;nhage`); the DTD is not loaded (no file is
fetched and no entity expanded by the parser), the entities are put back as the characters HTML names them.
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from ..model.problems import UsageError
from . import SourceResult, collapse_spaces
from .scholarly_json import DBLP_READ, dblp_draft, parse_records

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_PROLOG = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>\s*)?")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
RECORD_TAGS = ("article", "inproceedings", "proceedings", "book", "incollection", "phdthesis", "mastersthesis")


def looks_like_dblp_xml(text: str) -> bool:
    start = _PROLOG.sub("", text[:4000], count=1).lstrip()
    return start.startswith(("<dblpperson", "<dblp>", "<dblp "))


def parse_dblp_xml(text: str) -> SourceResult:
    try:
        root = etree.fromstring(_with_characters(_PROLOG.sub("", text, count=1)).encode("utf-8"), parser=_XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"not valid XML: {collapse_spaces(str(error))[:200]}") from None
    records = [element for element in root.iter(*RECORD_TAGS) if element.get("key")]
    return parse_records([record_info(record) for record in records], dblp_draft, DBLP_READ, "DBLP")


def _with_characters(text: str) -> str:
    """DBLP's named entities (`&ouml;`) as their characters; XML's own five kept for the parser."""
    return _NAMED_ENTITY.sub(lambda found: found.group() if found.group(1) in _XML_ENTITIES
                             else html.escape(html.unescape(found.group())), text)


def record_info(record: Any) -> dict[str, Any]:
    """A record as the search API's `info` object: the same field names, so that one reading serves both."""
    def texts(tag: str) -> list[str]:
        return [collapse_spaces("".join(element.itertext())) for element in record.findall(tag)]

    def first(tag: str) -> str:
        return next(iter(texts(tag)), "")

    key = record.get("key", "")
    return {
        "authors": {"author": texts("author")}, "title": first("title"),
        "venue": first("journal") or first("booktitle"), "volume": first("volume"), "number": first("number"),
        "pages": first("pages"), "year": first("year"), "type": record.tag, "key": key, "ee": texts("ee"),
        "url": f"https://dblp.org/rec/{key}" if key else "",
    }
