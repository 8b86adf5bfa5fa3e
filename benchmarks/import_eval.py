"""Import accuracy on real bibliographies, and the round trip through each export format.

    python benchmarks/import_eval.py                          # every file of ../shared/eval-data/real-bibliographies-round3
    python benchmarks/import_eval.py --data DIR --details out.txt

Each file is imported (`papershelf.intake.adding.import_file`) into a scratch
collection of its own. The same file is read a second time, independently of
papershelf's parsers (BibTeX: bibtexparser with its own LaTeX decoding
middleware; RIS: a line reader written here; CSL-JSON: `json`), and each entry
that papershelf imported is checked field by field against that reading.
Printed, per file and in total:

- entries in: the entries with a title, an author (or a placeholder such as
  "et al.") and a year that became a paper, or that were recognised as the
  same work as a paper already imported from the file (same DOI, arXiv id, or
  title and year); an entry merged into a *different* work counts as lost;
- arXiv ids kept / DOIs kept: of the entries that have one in the source
  (anywhere an exporter puts it), those whose paper has it;
- fields right: title, each author's family name in order, year, DOI, arXiv
  id and the abstract's start, each checked where the source has it.

Round trip: the papers of every scratch collection (plus the bundled
collection) are exported as papers.bib, papers.csl.json, papers.ris and papers.json, each
export imported into an empty collection, and each paper compared with its
copy: title, authors in order, full date, venue, DOI, arXiv id, abstract, tags.

Goals (issue 26): entries >= 98%, arXiv ids >= 98%, DOIs >= 99%, fields >= 99.5%;
each export: 100% of papers and >= 99% of fields.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside this checkout (or beside a worktree's parent folder)
DEFAULT_DATA = next((folder / "shared" / "eval-data" / "real-bibliographies-round3" for folder in REPO.parents
                     if (folder / "shared" / "eval-data").is_dir()), REPO.parent / "shared" / "eval-data")
TOPICS = "- id: imported\n  title: Imported\n  description: Papers of the evaluation.\n"
GOALS = {"entries": 98.0, "arxiv": 98.0, "doi": 99.0, "fields": 99.5}
ROUND_TRIP_FIELDS = ("title", "authors", "date", "venue", "doi", "arxiv", "abstract", "tags")
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_NEAR = re.compile(r"arxiv[^0-9]{0,40}?(" + _NEW_ID + "|" + _OLD_ID + ")", re.IGNORECASE)
_PLACEHOLDERS = {"others", "et al", "et al.", "al., et", "al. et", "et. al.", "et al.,"}


# ---------------------------------------------------------------- the independent reading

def norm(text: str) -> str:
    """Text compared without case, accents' composition, punctuation or spacing."""
    text = unicodedata.normalize("NFKC", html.unescape(text or "")).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def plain_doi(value: str) -> str:
    value = html.unescape(value or "").strip()
    value = re.sub(r"\\([_%&#$])", r"\1", value).replace("{", "").replace("}", "")
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value.strip().lower() if value.startswith("10.") else ""


def arxiv_in(*values: str) -> str:
    for value in values:
        value = value or ""
        match = _ARXIV_NEAR.search(value) or re.search(r"10\.48550/arxiv\.(" + _NEW_ID + ")", value, re.IGNORECASE)
        if match:
            return match.group(1)
    return ""


def reference_entry(title: str, families: list[str], year: str, doi: str, arxiv: str, abstract: str,
                    has_author: bool) -> dict:
    return {"title": title, "families": families, "year": year, "doi": doi, "arxiv": arxiv, "abstract": abstract,
            "importable": bool(norm(title) and has_author and re.fullmatch(r"\d{4}", year or ""))}


# Mendeley Desktop escapes a field's LaTeX as text (`{\\$}x{\\^{}}{\\{}2{\\}}{\\$}`, `$\\backslash$textit`, a carriage
# return as `$\\backslash$r`, MathML's `<` as `{\\textless}`): each escape undone in one pass, as a reader would.
MENDELEY_ESCAPES = {"$\\backslash$": "\\", "{\\$}": "$", "{\\^{}}": "^", "{\\_}": "_", "{\\{}": "{", "{\\}}": "}",
                    "\\backslash": "\\", "{\\textless}": "<", "{\\textgreater}": ">"}


def latex_text(value: str) -> str:
    """A BibTeX value as text: HTML entities first (ACM), Mendeley's escapes undone, then LaTeX with pylatexenc,
    math as text (its ^ and _ left out: papershelf writes B^{0} as B⁰), and MathML's tags left out."""
    from pylatexenc.latex2text import LatexNodes2Text

    value = html.unescape(value.strip())
    if value[:1] == "{" and value[-1:] == "}":
        value = value[1:-1]
    if "{\\$}" in value or "$\\backslash$" in value or "{\\textless}" in value:
        value = re.sub("|".join(map(re.escape, MENDELEY_ESCAPES)), lambda found: MENDELEY_ESCAPES[found.group()], value)
        value = re.sub(r"\\[rnt](?=[A-Z0-9\s])", " ", value)
    text = LatexNodes2Text(math_mode="text").latex_to_text(re.sub(r"(?<!\\)([&%])", r"\\\1", value))
    if "$" in value:
        text = re.sub(r"[\^_]", "", text)
    return re.sub(r"<[^<>]*>", "", re.sub(r">\s+<", "><", text)) if "<math" in text else text


def read_bibtex(text: str) -> dict[int, dict]:
    """Entries by their first line (1-based), read with bibtexparser's own decoding."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry

    library = bibtexparser.parse_string(text, append_middleware=[
        mw.NormalizeFieldKeys(), mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts()])
    entries = list(library.entries) + [block.ignore_error_block for block in library.failed_blocks
                                       if isinstance(block, DuplicateBlockKeyBlock)]
    found = {}
    raw = bibtexparser.parse_string(text, append_middleware=[mw.NormalizeFieldKeys()])
    raw_entries = {entry.start_line: entry for entry in raw.entries}
    raw_entries.update({block.ignore_error_block.start_line: block.ignore_error_block for block in raw.failed_blocks
                        if isinstance(block, DuplicateBlockKeyBlock)})
    for entry in entries:
        if not isinstance(entry, Entry):
            continue
        fields = {field.key: field.value for field in entry.fields}
        raws = {field.key: str(field.value) for field in raw_entries[entry.start_line].fields}
        authors = fields.get("author") if isinstance(fields.get("author"), list) else []
        families = [" ".join(part.last) for part in authors if hasattr(part, "last")]
        families = [f for f in families if norm(f) not in {"others", "al", "et al"}]
        year = (re.search(r"\d{4}", str(fields.get("year") or fields.get("date") or "")) or [""])[0]
        eprint_is_arxiv = raws.get("archiveprefix", "arxiv").lower() in ("arxiv", "") and "eprint" in raws
        arxiv = (re.search(_NEW_ID + "|" + _OLD_ID, raws["eprint"]) or [""])[0] if eprint_is_arxiv else ""
        arxiv = arxiv or (re.search(_NEW_ID, raws.get("arxivid", "")) or [""])[0] or arxiv_in(
            *(raws.get(name, "") for name in ("url", "note", "howpublished", "journal", "doi", "pdf", "volume",
                                               "booktitle", "eprint")))
        found[entry.start_line + 1] = reference_entry(
            latex_text(raws.get("title", "")), families, year, plain_doi(raws.get("doi", "")), arxiv,
            latex_text(raws.get("abstract", "")), bool(authors))
    return found


def read_ris(text: str) -> dict[int, dict]:
    """Records by number (1-based), from the tagged lines."""
    records, current = [], None
    for line in text.splitlines():
        match = re.match(r"^([A-Z][A-Z0-9])  -(?: (.*))?$", line.rstrip("\r"))
        if not match:
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            current = {}
            records.append(current)
        elif current is not None and tag != "ER":
            current.setdefault(tag, []).append(value)
    found = {}
    for number, record in enumerate(records, start=1):
        def first(*tags, record=record):
            return next((record[tag][0] for tag in tags if record.get(tag)), "")
        authors = record.get("AU") or record.get("A1") or []
        families = [name.split(",")[0].strip() if "," in name else name.split()[-1] for name in authors if name.strip()]
        year = (re.search(r"\d{4}", first("PY", "Y1", "DA")) or [""])[0]
        links = [*record.get("UR", []), *record.get("L1", []), *record.get("L2", [])]
        arxiv = arxiv_in(*links, first("DO"), first("T2"), first("JO"), *record.get("N1", []))
        found[number] = reference_entry(first("TI", "T1"), families, year, plain_doi(first("DO")), arxiv,
                                        first("AB", "N2"), bool(authors))
    return found


def read_csl(text: str) -> dict[int, dict]:
    """Items by number (1-based)."""
    items = json.loads(text.lstrip("\ufeff"))
    items = items if isinstance(items, list) else [items]
    found = {}
    for number, item in enumerate(items, start=1):
        authors = item.get("author") or []
        families = [person.get("family") or person.get("literal") or "" for person in authors]
        parts = ((item.get("issued") or {}).get("date-parts") or [[""]])[0] or [""]
        year = (re.search(r"\d{4}", str(parts[0])) or [""])[0]
        arxiv = arxiv_in(item.get("URL", ""), item.get("DOI", ""), item.get("number", ""),
                         item.get("container-title", ""), item.get("note", ""))
        title = re.sub(r"<[^>]+>", "", item.get("title", ""))
        found[number] = reference_entry(title, families, year, plain_doi(item.get("DOI", "")), arxiv,
                                        re.sub(r"<[^>]+>", "", item.get("abstract", "")), bool(authors))
    return found


def read_reference(path: Path) -> tuple[str, dict[int, dict]]:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    if path.suffix == ".ris":
        return "ris", read_ris(text)
    if path.suffix == ".json":
        return "csl", read_csl(text)
    return "bib", read_bibtex(text)


# ---------------------------------------------------------------- importing and checking

def origin_index(kind: str, origin: str) -> int | None:
    """The reference key of an import message's origin: a BibTeX entry's line, a RIS/CSL item's number."""
    pattern = r"line (\d+)" if kind == "bib" else r"(?:entry|item) (\d+)"
    match = re.search(pattern, origin)
    return int(match.group(1)) if match else None


def scratch_collection(workdir: Path, name: str) -> Path:
    root = Path(tempfile.mkdtemp(dir=workdir, prefix=name[:20]))
    (root / "papers").mkdir()
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    return root


def load_papers(root: Path) -> dict[str, object]:
    """The collection's papers by path relative to the root."""
    from papershelf.model.collection import check_collection

    collection, _ = check_collection(root)
    return {paper.path: paper for paper in collection.papers}, collection


def same_work(reference: dict, other: dict) -> bool:
    if reference["doi"] and other["doi"]:
        return reference["doi"] == other["doi"]
    if reference["arxiv"] and reference["arxiv"] == other["arxiv"]:
        return True
    return norm(reference["title"]) == norm(other["title"]) and reference["year"] == other["year"]


def check_fields(reference: dict, paper, counts: Counter, wrong: list[str], origin: str) -> None:
    meta = paper.meta

    def check(name: str, ok: bool, shown: str = "") -> None:
        counts["fields"] += 1
        counts["fields_right"] += ok
        if not ok:
            wrong.append(f"{origin}: {name}: {shown}")

    check("title", norm(reference["title"]) == norm(meta.title), f"{reference['title']!r} -> {meta.title!r}")
    names = list(meta.authors)
    if reference["families"]:
        expected_count = len(reference["families"])
        listed = names[: len(reference["families"])]
        for index, family in enumerate(reference["families"][: len(listed) or 1]):
            got = listed[index] if index < len(listed) else ""
            check("author", bool(norm(family)) and norm(family) in norm(got), f"{family!r} -> {got!r}")
        count = meta.author_count or len(names)
        check("author count", count >= expected_count, f"{expected_count} -> {count}")
    check("year", reference["year"] == meta.date[:4], f"{reference['year']} -> {meta.date}")
    if reference["doi"]:
        counts["doi"] += 1
        kept = (meta.doi or "").lower() == reference["doi"]
        counts["doi_kept"] += kept
        check("doi", kept, f"{reference['doi']} -> {meta.doi}")
    if reference["arxiv"]:
        counts["arxiv"] += 1
        kept = (meta.arxiv or "") == reference["arxiv"]
        counts["arxiv_kept"] += kept
        check("arxiv", kept, f"{reference['arxiv']} -> {meta.arxiv}")
    if norm(reference["abstract"]):
        start = norm(reference["abstract"])[:40]
        check("abstract", norm(paper.abstract).startswith(start[:30]), f"{start!r} -> {norm(paper.abstract)[:40]!r}")


def evaluate_file(path: Path, workdir: Path, wrong: list[str]) -> tuple[Counter, Path]:
    from papershelf.intake.adding import Created, Enriched, Unchanged, import_file

    kind, references = read_reference(path)
    root = scratch_collection(workdir, path.stem)
    report = import_file(root, path, ["imported"])
    papers, _ = load_papers(root)
    created_from: dict[str, dict] = {}
    counts = Counter(source_entries=len(references), importable=sum(r["importable"] for r in references.values()))
    outcomes = [*report.created, *report.enriched, *report.unchanged, *report.skipped]
    for outcome in report.created:
        index = origin_index(kind, outcome.origin)
        created_from[str(outcome.path.relative_to(root))] = references.get(index, {})
    for outcome in outcomes:
        index = origin_index(kind, outcome.origin)
        reference = references.get(index)
        if reference is None or not reference["importable"]:
            if reference is None:
                wrong.append(f"{path.name}: {outcome.origin}: not in the independent reading")
            continue
        if isinstance(outcome, Created):
            counts["in"] += 1
            check_fields(reference, papers[str(outcome.path.relative_to(root))], counts, wrong,
                         f"{path.name}: {outcome.origin}")
            continue
        target = outcome.path if isinstance(outcome, Enriched | Unchanged) else None
        if target is None:
            found = re.search(r"already in the collection: (\S+\.md)", outcome.reason)
            target = root / found.group(1) if found else None
        other = created_from.get(str(target.relative_to(root))) if target else None
        if other and same_work(reference, other):
            counts["in"] += 1
            counts["merged"] += 1
        else:
            why = "merged into a different work " + str(target) if other else outcome.reason
            wrong.append(f"{path.name}: {outcome.origin}: lost: {why}")
    return counts, root


# ---------------------------------------------------------------- round trips

def exporters() -> dict:
    from papershelf.exports.bibtex import collection_bibtex

    formats = {"papers.bib": collection_bibtex}
    try:
        from papershelf.exports.csl_json import collection_csl_json
        formats["papers.csl.json"] = collection_csl_json
    except ImportError:
        pass
    try:
        from papershelf.exports.ris import collection_ris
        formats["papers.ris"] = collection_ris
    except ImportError:
        pass
    from papershelf.exports.json_export import papers_json
    formats["papers.json"] = papers_json
    return formats


def paper_fields(paper) -> dict:
    meta = paper.meta
    return {"title": meta.title, "authors": list(meta.authors), "date": meta.date, "venue": meta.venue,
            "doi": (meta.doi or "").lower() or None, "arxiv": meta.arxiv,
            "abstract": " ".join(paper.abstract.split()), "tags": list(meta.tags)}


def round_trip(root: Path, workdir: Path, name: str, export, counts: Counter, wrong: list[str]) -> None:
    from papershelf.intake.adding import import_file

    _, collection = load_papers(root)
    originals = list(collection.papers)
    if not originals:
        return
    target = scratch_collection(workdir, "rt-" + name)
    export_path = target / name
    export_path.write_text(export(collection), encoding="utf-8")
    topics = [topic.id for topic in collection.topics]
    (target / "topics.yml").write_text((root / "topics.yml").read_text(encoding="utf-8"), encoding="utf-8")
    report = import_file(target, export_path, topics[:1])
    copies, _ = load_papers(target)
    counts["papers"] += len(originals)
    kind = "bib" if name.endswith(".bib") else "csl" if name.endswith(".json") else "ris"
    by_number = {}
    for outcome in report.created:
        match = re.search(r"(?:entry|item|paper) (\d+)", outcome.origin)
        by_number[int(match.group(1))] = copies[str(outcome.path.relative_to(target))]
    for skipped in report.skipped:
        wrong.append(f"{name} round trip of {root.name}: {skipped.origin}: {skipped.reason}")
    for number, original in enumerate(originals, start=1):
        copy = by_number.get(number)
        counts["papers_back"] += copy is not None
        want = paper_fields(original)
        got = paper_fields(copy) if copy else {}
        for field in ROUND_TRIP_FIELDS:
            if want[field] in (None, "", []):
                continue
            counts["fields"] += 1
            ok = got.get(field) == want[field]
            counts["fields_right"] += ok
            if not ok and copy is not None:
                wrong.append(f"{name} round trip: {original.path}: {field}: {want[field]!r} -> {got.get(field)!r}")
    del kind


# ---------------------------------------------------------------- report

def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "     -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--details", type=Path, help="write every wrong field and lost entry to this file")
    parser.add_argument("--no-round-trip", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    files = sorted(path for path in args.data.iterdir() if path.suffix in (".bib", ".ris", ".json"))
    if not files:
        print(f"no .bib/.ris/.json files in {args.data}", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="papershelf-import-eval-"))
    wrong: list[str] = []
    total = Counter()
    roots = []
    try:
        print(f"{'file':44} {'entries':>8} {'in':>8} {'arXiv':>8} {'DOI':>8} {'fields':>8}")
        for path in files:
            counts, root = evaluate_file(path, workdir, wrong)
            roots.append(root)
            total.update(counts)
            print(f"{path.name[:44]:44} {counts['importable']:8} {percent(counts['in'], counts['importable'])} "
                  f"{percent(counts['arxiv_kept'], counts['arxiv'])} {percent(counts['doi_kept'], counts['doi'])} "
                  f"{percent(counts['fields_right'], counts['fields'])}")
        results = {"entries": (total["in"], total["importable"]), "arxiv": (total["arxiv_kept"], total["arxiv"]),
                   "doi": (total["doi_kept"], total["doi"]), "fields": (total["fields_right"], total["fields"])}
        print(f"{'total (' + str(total['source_entries']) + ' entries in the files)':44} {total['importable']:8} "
              + " ".join(percent(*results[name]) for name in ("entries", "arxiv", "doi", "fields")))
        print(f"  {total['merged']} entries recognised as a work already imported from the same file; "
              f"{total['fields']} fields checked")
        failed = [name for name, (part, whole) in results.items() if whole and 100 * part / whole < GOALS[name]]
        if not args.no_round_trip:
            roots.append(REPO)
            print(f"\n{'round trip':20} {'papers':>8} {'back':>8} {'fields':>8} {'right':>8}")
            for name, export in exporters().items():
                counts = Counter()
                for root in roots:
                    round_trip(root, workdir, name, export, counts, wrong)
                print(f"{name:20} {counts['papers']:8} {percent(counts['papers_back'], counts['papers'])} "
                      f"{counts['fields']:8} {percent(counts['fields_right'], counts['fields'])}")
                if counts["papers_back"] < counts["papers"] or counts["fields_right"] < 0.99 * counts["fields"]:
                    failed.append(name)
        print("\ngoals: entries >= 98%, arXiv >= 98%, DOI >= 99%, fields >= 99.5%; exports 100% papers, >= 99% fields")
        print("missed: " + ", ".join(failed) if failed else "all goals met")
        if args.details:
            args.details.write_text("\n".join(wrong) + "\n", encoding="utf-8")
            print(f"{len(wrong)} details in {args.details}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
