"""Validation time of the worst single paper files, as ratios to an ordinary paper measured in the same run.

    python benchmarks/hostile.py                 # 20 repeats of each file, median
    python benchmarks/hostile.py --repeats 5

Each file is validated alone in a collection of its own (`validate_collection`, one process), after a
warm-up run, so the figures are the work on that file: the ordinary file is a 2 KB paper, the others are
what the hostile corpus and the round-two report sent (4,400 authors, 2,900 unknown topics against 1,100
topics, numbers of thousands of digits, 50,000 '[', a body full of links, …) and the worst file that is
accepted. "× per byte" divides each file's time per byte by the ordinary file's: a cost that grew faster
than the file's size (quadratic work) would show there as a large number.
Then the readers of import files added on 2026-12-08 (JabRef groups, Better BibLaTeX names, DBLP, Paperpile) and
pr-summary's reading of a workflow or mkdocs.yml, at 100,000 and 400,000 characters of hostile text, wall and CPU.
Results are printed and written as JSON to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from papershelf.model.collection import validate_collection  # noqa: E402
from test_costs import SMALL, worst_paper  # noqa: E402

OUT = Path(__file__).parent / "out"
HEAD = '---\ntitle: "{title}"\nauthors:\n  - Ann Lee\ndate: "2024-01-15"\ntopics:\n  - t0\n'
ORDINARY = HEAD.format(title="An Ordinary Paper") + "---\n\n" + "An abstract of an ordinary length. " * 50 + "\n"


def hostile_files() -> dict[str, str]:
    head = HEAD.format(title="Hostile")
    return {
        "4,400 authors (refused)": head.replace("  - Ann Lee", "\n".join(f"  - A {n}" for n in range(4400))) + "---\n\nA.\n",
        "2,900 unknown topics against 1,100 (refused)": head.replace("  - t0", "\n".join(f"  - u{n}" for n in range(2900))) + "---\n\nA.\n",
        "20 unknown topics against 1,100 (refused)": head.replace("  - t0", "\n".join(f"  - topic-{n}x" for n in range(20)))
        + "---\n\nA.\n",
        "hex number of 3,000 digits (refused)": head + "upvotes: 0x" + "F" * 3000 + "\n---\n\nA.\n",
        "base-60 number of 1,500 places (refused)": head + "upvotes: " + ":".join(["59"] * 1500) + "\n---\n\nA.\n",
        "50,000 '[' in the body": head + "---\n\n" + "[" * 50_000 + "\n",
        "60 KB of links in the body": head + "---\n\n" + "[a](https://example.org/x) " * 2200 + "\n",
        "60 KB of relative links (refused)": head + "---\n\n" + "[a](../x) " * 6000 + "\n",
        "10,000 control characters in the body (refused)": head + "---\n\n" + "a\x07" * 10_000 + "\n",
        "2,000 code fences": head + "---\n\n" + "```\ncode\n```\n" * 2000,
        "the worst accepted file": worst_paper().replace("topics:\n", "topics:\n  - t0\n", 1),
        "a small accepted file": SMALL,
    }


def collection(text: str, topic_count: int) -> Path:
    """A collection with `text` as its one paper and topic t0 plus `topic_count` others in topics.yml."""
    root = Path(tempfile.mkdtemp(prefix="papershelf-hostile-bench-"))
    (root / "papers").mkdir()
    names = ["t0", *(f"topic-{n}" for n in range(topic_count))]
    topics = [f"- id: {name}\n  title: T\n  description: D.\n" for name in names]
    (root / "topics.yml").write_text("".join(topics), encoding="utf-8")
    (root / "papers" / "a-paper.md").write_text(text, encoding="utf-8")
    return root


def median_seconds(text: str, repeats: int, topic_count: int = 0) -> float:
    root = collection(text, topic_count)
    try:
        validate_collection(root, jobs=1)  # warm-up: imports, caches of the topic list
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            validate_collection(root, jobs=1)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        shutil.rmtree(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    # topics.yml is read once per validation: files naming topics are compared with a baseline of as many topics
    baselines = {count: median_seconds(ORDINARY, args.repeats, count) for count in (0, 1100)}
    rows = [{"file": f"an ordinary 2 KB paper, {count + 1:,} topics (baseline)", "bytes": len(ORDINARY.encode()),
             "seconds": seconds, "ratio": 1.0} for count, seconds in baselines.items()]
    for name, text in hostile_files().items():
        count = 1100 if "1,100" in name else 0
        seconds = median_seconds(text, args.repeats, count)
        per_byte = (seconds / len(text.encode())) / (baselines[count] / len(ORDINARY.encode()))
        rows.append({"file": name, "bytes": len(text.encode()), "seconds": seconds, "ratio": seconds / baselines[count],
                     "per_byte_ratio": per_byte})
    print(f"{'file':48} {'bytes':>8} {'ms':>8} {'× ordinary':>11} {'× per byte':>11}")
    for row in rows:
        print(f"{row['file']:48} {row['bytes']:8,} {row['seconds'] * 1000:8.1f} {row['ratio']:11.1f} "
              f"{row.get('per_byte_ratio', 1.0):11.2f}")
    detection = import_detection(max(1, args.repeats // 4))
    print(f"\nimport format detection, {'lines':>10} {'ms':>8} {'× 50,000 lines':>15}")
    for row in detection:
        print(f"{row['input']:31} {row['lines']:10,} {row['seconds'] * 1000:8.1f} {row['ratio']:15.1f}")
    scaled = {"hugo_pages": ("Hugo publication page", hugo_pages),
              "spreadsheet_cells": ("spreadsheet row's cells", spreadsheet_cells),
              "paper_notes": ("paper note's authors and text", paper_notes),
              "marked_up_abstracts": ("abstract in JATS or HTML", marked_up_abstracts),
              "latex_fields": ("BibTeX abstract's LaTeX", latex_fields)}
    scaling_rows = {}
    for key, (title, measure) in scaled.items():
        scaling_rows[key] = measure(max(1, args.repeats // 4))
        print(f"\n{title:30} {'characters':>10} {'ms':>8} {'× 100,000':>10}")
        for row in scaling_rows[key]:
            print(f"{row['input']:30} {row['characters']:10,} {row['seconds'] * 1000:8.1f} {row['ratio']:10.1f}")
    for key, (title, measure) in {"import_files": ("import file of today's readers", import_files),
                                  "pull_request_yaml": ("PR's workflow or mkdocs.yml", pull_request_yaml)}.items():
        scaling_rows[key] = measure(max(1, args.repeats // 4))
        print(f"\n{title:34} {'characters':>10} {'ms':>8} {'CPU ms':>8} {'× 100,000':>10} {'CPU ×':>6}")
        for row in scaling_rows[key]:
            print(f"{row['input']:34} {row['characters']:10,} {row['seconds'] * 1000:8.1f} "
                  f"{row['cpu_seconds'] * 1000:8.1f} {row['ratio']:10.1f} {row['cpu_ratio']:6.1f}")
    folders = folder_topics(max(1, args.repeats // 4))
    print(f"\nimport --add-topics, {'folders':>14} {'ms':>8} {'CPU ms':>8} {'× 2,000':>8} {'CPU ×':>6}")
    for row in folders:
        print(f"{row['input']:20} {row['folders']:14,} {row['seconds'] * 1000:8.1f} {row['cpu_seconds'] * 1000:8.1f} "
              f"{row['ratio']:8.1f} {row['cpu_ratio']:6.1f}")
    scaling_rows["folder_topics"] = folders
    taxonomy = topic_checks(max(1, args.repeats // 4))
    print(f"\ntopics.yml parent: check, {'topics':>6} {'ms':>8} {'CPU ms':>8} {'× 1,000 topics':>15} {'CPU ×':>6}")
    for row in taxonomy:
        print(f"{row['input']:27} {row['topics']:6,} {row['seconds'] * 1000:8.1f} {row['cpu_seconds'] * 1000:8.1f} "
              f"{row['ratio']:15.1f} {row['cpu_ratio']:6.1f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "hostile.json").write_text(json.dumps({"repeats": args.repeats, "rows": rows, "import_detection": detection,
                                                  "topic_checks": taxonomy, **scaling_rows}, indent=1) + "\n")


def topic_checks(repeats: int) -> list[dict]:
    """The cycle and depth check of topics.yml on one long parent: chain and on one long cycle: 4x the topics
    should take about 4x the time (the check was cubic: 64x)."""
    from papershelf.model.schema import TopicEntry
    from papershelf.model.validate import check_topic_cycles

    def chain(count: int, cycle: bool) -> list:
        return [TopicEntry(id=f"t{i}", title="T", description="D.",
                           parent=f"t{i - 1}" if i else (f"t{count - 1}" if cycle else None)) for i in range(count)]

    def seconds(topics: list) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            check_topic_cycles(topics, "topics.yml")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return statistics.median(walls), statistics.median(cpus)

    rows = []
    for name, cycle in (("one parent: chain", False), ("one cycle", True)):
        base = seconds(chain(1000, cycle))
        for count in (1000, 4000):
            wall, cpu = base if count == 1000 else seconds(chain(count, cycle))
            rows.append({"input": name, "topics": count, "seconds": wall, "cpu_seconds": cpu, "ratio": wall / base[0],
                         "cpu_ratio": cpu / base[1]})
    return rows


def median_time(work: Callable[[], object], repeats: int) -> float:
    """The median wall time of `repeats` calls of `work`."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scaling(units: tuple[tuple[str, str], ...], seconds: Callable[[str], float]) -> list[dict]:
    """For each (name, unit): the seconds of a text of the unit repeated to 100,000 and 400,000 characters, and
    their ratio (about 4 when the cost follows the text's length, 16 when quadratic)."""
    rows = []
    for name, unit in units:
        base = seconds(unit * (100_000 // len(unit)))
        for characters in (100_000, 400_000):
            took = base if characters == 100_000 else seconds(unit * (characters // len(unit)))
            rows.append({"input": name, "characters": characters, "seconds": took, "ratio": took / base})
    return rows


def hugo_pages(repeats: int) -> list[dict]:
    """A Hugo publication page (`hugo.page_to_draft`) whose text repeats what its patterns look for: 4x the
    characters should take about 4x the time (a run of 30,000 "{{<" took 21 s before the shortcode pattern was
    bounded: quadratic)."""
    from papershelf.sources.hugo import Site, page_to_draft

    head = "---\ntitle: T\nauthors: [A B]\ndate: '2020'\npublication_types: ['1']\n---\n"
    return scaling((("runs of '{{<'", "{{<"), ("runs of '['", "["), ("runs of '[a]('", "[a]("), ("blank lines", "\n\n")),
                   lambda body: median_time(lambda: page_to_draft(head + body, "bench", Site()), repeats))


def spreadsheet_cells(repeats: int) -> list[dict]:
    """A spreadsheet whose one row's authors and date cells repeat what their patterns look for (separators,
    "and", "et al", initials): 4x the characters should take about 4x the time. A leading run of separators in
    the "et al." pattern was quadratic before it was taken out: 40,000 commas took 51 s of CPU, 10,000 took 3.2 s."""
    from papershelf.sources.spreadsheet import parse_spreadsheet

    def sheet(cell: str) -> str:
        quoted = '"' + cell.replace('"', '""') + '"'
        return f"Title,Authors,Date,Year\nA paper,{quoted},{quoted},{quoted}\n"

    return scaling((("runs of ','", ","), ("runs of '; '", "; "), ("runs of ' and '", " and "),
                    ("runs of 'et al'", "et al"), ("runs of 'A. '", "A. ")),
                   lambda cell: median_time(functools.partial(parse_spreadsheet, sheet(cell)), repeats))


def paper_notes(repeats: int) -> list[dict]:
    """A paper note (`notes.note_to_draft`) whose authors and text repeat what its patterns look for (Obsidian
    links, affiliations, spaces, headings, structured abstracts' headings): 4x the characters should take about 4x
    the time. The link pattern was quadratic before it was bounded: 8,000 unclosed "[[" took 5.8 s of CPU."""
    from papershelf.sources.notes import note_to_draft

    def note(text: str) -> str:
        quoted = text.replace("\\", "").replace('"', "")
        return f'---\ntitle: T\nauthors: "{quoted}"\nyear: 2020\n---\n##### Abstract\n{text}\n'

    return scaling((("runs of '[['", "[["), ("runs of '[[a/'", "[[a/"), ("runs of '(a'", "(a"), ("spaces", " "),
                    ("runs of '<h4>'", "<h4>"), ("runs of '# Abstract'", "# Abstract\n")),
                   lambda text: median_time(functools.partial(note_to_draft, note(text), "bench"), repeats))


def marked_up_abstracts(repeats: int) -> list[dict]:
    """An abstract in Crossref's JATS or in HTML (`csl.jats_to_text`: Crossref, Lens.org, Europe PMC) that repeats
    what its patterns look for: 4x the characters should take about 4x the time. The section-title pattern was
    quadratic before it was bounded: 20,000 unclosed "<title>" took 11 s of CPU."""
    from papershelf.sources.csl import jats_to_text

    return scaling((("runs of '<title>'", "<title>"), ("runs of '<jats:title>'", "<jats:title>"),
                    ("runs of '<h4>'", "<h4>"), ("runs of '</p>'", "</p>"), ("runs of '<h4>a</h4>'", "<h4>a</h4>")),
                   lambda text: median_time(functools.partial(jats_to_text, text), repeats))


def latex_fields(repeats: int) -> list[dict]:
    """A BibTeX abstract (`latex.latex_to_text`) that repeats Mendeley Desktop's escapes (`{\\$}…{\\$}` math,
    `$\\backslash$` commands), MathML and one-symbol math: 4x the characters should take about 4x the time. Each
    math is decoded by pylatexenc, the slow part: at most 2 runs of each."""
    from papershelf.sources.latex import latex_to_text

    return scaling((("runs of '{\\$}a{\\$} '", "{\\$}a{\\$} "), ("runs of '{\\$}a '", "{\\$}a "),
                    ("runs of '$\\backslash$rX '", "$\\backslash$rX "), ("runs of '<math><mrow>'", "<math><mrow>"),
                    ("runs of '<math><mi>x</mo>'", "<math><mi>x</mo>"), ("runs of '$\\alpha$ '", "$\\alpha$ ")),
                   lambda text: median_time(functools.partial(latex_to_text, text, True), min(repeats, 2)))


def wrapped_scaling(cases: tuple[tuple[str, str, Callable[[str], str]], ...], work: Callable[[str], object],
                    repeats: int) -> list[dict]:
    """For each (name, unit, wrap): wall and CPU seconds of `work` on `wrap(unit repeated to 100,000 and 400,000
    characters)`, and their ratios (about 4 when the cost follows the text's length, 16 when quadratic)."""
    def seconds(text: str) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            work(text)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return statistics.median(walls), statistics.median(cpus)

    rows = []
    for name, unit, wrap in cases:
        base = seconds(wrap(unit * (100_000 // len(unit))))
        for characters in (100_000, 400_000):
            wall, cpu = base if characters == 100_000 else seconds(wrap(unit * (characters // len(unit))))
            rows.append({"input": name, "characters": characters, "seconds": wall, "cpu_seconds": cpu,
                         "ratio": wall / base[0], "cpu_ratio": cpu / max(base[1], 1e-6)})
    return rows


def import_files(repeats: int) -> list[dict]:
    """The readers added on 2026-12-08, through `parse_import` as `papershelf import` reads a file: JabRef's group
    tree (100,000 groups, deep levels, names of commas, a `groups` field of commas), Better BibLaTeX's extended
    names (runs of `family=`, of `=`, of braces), DBLP's XML (records, entities, `&` runs, nesting, which lxml
    stops at 256 levels) and search JSON, Paperpile's folders and URLs cells. 4x the characters should take about
    4x the time."""
    import json

    from papershelf.model.problems import UsageError
    from papershelf.sources.detect import parse_import

    def read(text: str) -> None:
        try:
            parse_import(text, "bench")
        except UsageError:
            pass

    entry = "@article{a,title={T},author={A B},year=2020,groups={g1}}\n"
    jabref = entry + "@Comment{jabref-meta: grouping:\n0 AllEntriesGroup:;\n{}}\n"
    bib = "@article{{a,title={{T}},year=2020,author={{{}}}}}\n".format
    dblp = '<dblp><article key="k"><author>{}</author><title>T</title><year>2020</year></article></dblp>'.format
    paperpile = 'Title,Authors,Year,Folders filed in,URLs\nA paper,A B,2020,"{}","{}"\n'.format

    def dblp_json(body: str) -> str:
        hit = {"info": {"authors": {"author": [{"text": "A B"}]}, "title": "T", "year": "2020", "key": "k"}}
        return json.dumps({"result": {"hits": {"hit": [hit] * (len(body) // 100)}}})

    cases: tuple[tuple[str, str, Callable[[str], str]], ...] = (
        ("JabRef: groups, one a line", "1 StaticGroup:g\\;0\\;1\\;\\;\\;\\;;\n", lambda body: jabref.replace("{}", body)),
        ("JabRef: levels 1, 2, 3, …", "9 StaticGroup:g\\;0\\;;\n", lambda body: jabref.replace("{}", body)),
        ("JabRef: a name of commas", ",", lambda body: jabref.replace("{}", f"1 StaticGroup:{body[:2000]}\\;0\\;;\n")
         .replace("groups={g1}", "groups={" + body + "}")),
        ("JabRef: runs of '\\'", "\\", lambda body: jabref.replace("{}", f"1 ExplicitGroup:{body};\n")),
        ("BibLaTeX: runs of 'family=x, '", "family=x, ", bib),
        ("BibLaTeX: runs of '='", "=", lambda body: bib("family=" + body)),
        ("BibLaTeX: runs of ' and family=A'", " and family=A", lambda body: bib("family=A" + body)),
        ("BibLaTeX: runs of '{a, '", "{a, ", lambda body: bib("family=x, " + body)),
        ("DBLP XML: records", '<article key="k"><author>A</author><title>T</title><year>2020</year></article>',
         lambda body: f"<dblp>{body}</dblp>"),
        ("DBLP XML: runs of '&ouml;'", "&ouml;", dblp),
        ("DBLP XML: runs of '<a>'", "<a>", lambda body: f"<dblp>{body}</dblp>"),
        ("DBLP JSON: hits", "x" * 100, dblp_json),
        ("Paperpile: runs of 'a/b;'", "a/b;", lambda body: paperpile(body, body)),
        ("Paperpile: runs of 'https://x.org/a;'", "https://x.org/a;", lambda body: paperpile("a", body)),
    )
    return wrapped_scaling(cases, read, repeats)


def pull_request_yaml(repeats: int) -> list[dict]:
    """A workflow or mkdocs.yml a pull request changes, as `pr-summary` reads it (`workflow_facts`, and
    `changed_keys` against an empty file): thousands of triggers, secrets, nesting (refused past 64 levels: it was
    a RecursionError, an internal error, at 1,000), numbers of thousands of digits (a ValueError before). 4x the
    characters should take about 4x the time, or less where the file is refused early."""
    from papershelf.review.prsite import changed_keys
    from papershelf.review.workflowfacts import workflow_facts

    def read(text: str) -> None:
        workflow_facts(text)
        changed_keys("site_name: X\n", text)

    cases: tuple[tuple[str, str, Callable[[str], str]], ...] = (
        ("lines of triggers", "  t: {}\n", lambda body: "on:\n" + body),
        ("lines of secrets", "- ${{ secrets['a b'] }}\n", lambda body: "on: push\nx:\n" + body),
        ("runs of '['", "[", lambda body: "on: push\njobs: " + body + "]" * len(body)),
        ("runs of '{a: '", "{a: ", lambda body: "on: push\njobs: " + body + "1" + "}" * (len(body) // 4)),
        ("a number of digits", "9", lambda body: "on: push\npermissions: " + body + "\n"),
        ("lines of 'k: [a, *x]'", "k: [a, *x]\n", lambda body: "x: &x [1, 2]\n" + body),
    )
    return wrapped_scaling(cases, read, repeats)


def folder_topics(repeats: int) -> list[dict]:
    """`import --add-topics` on a sheet whose Topic cells are folders named alike (their first 60 characters, the
    id's, the same) or apart: 4x the folders should take about 4x the time. Each id numbered on from the last
    was quadratic before (every number taken tried again): 8,000 such folders took 5.6 s of CPU, 2,000 took 0.5."""
    from papershelf.intake.topic_folders import topics_for_folders
    from papershelf.model.problems import UsageError
    from papershelf.sources.spreadsheet import parse_spreadsheet

    def drafts(count: int, name: Callable[[int], str]) -> list:
        rows = "".join(f"Paper {number},A B,2020,{name(number)}\n" for number in range(count))
        return parse_spreadsheet("Title,Authors,Year,Topic\n" + rows).drafts

    def seconds(papers: list) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                topics_for_folders(papers, {}, set())
            except UsageError:  # over MAX_NEW_TOPICS: refused, once every folder is counted
                pass
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return statistics.median(walls), statistics.median(cpus)

    rows = []
    for label, name in (("names alike", lambda number: f"{'a' * 70} {number}"),
                        ("names apart", lambda number: f"topic {number}")):
        base = seconds(drafts(2000, name))
        for count in (2000, 8000):
            wall, cpu = base if count == 2000 else seconds(drafts(count, name))
            rows.append({"input": label, "folders": count, "seconds": wall, "cpu_seconds": cpu,
                         "ratio": wall / base[0], "cpu_ratio": cpu / max(base[1], 1e-6)})
    return rows


def import_detection(repeats: int) -> list[dict]:
    """Reading an import file that is no known format: 4x the lines should take about 4x the time (16x if quadratic)."""
    from papershelf.model.problems import UsageError
    from papershelf.sources.detect import parse_import

    def read(text: str) -> None:
        try:
            parse_import(text, "bench")
        except UsageError:
            pass

    def seconds(text: str) -> float:
        return median_time(functools.partial(read, text), repeats)

    rows = []
    for name, line in (("blank lines", "\n"), ("lines of spaces", "  \n"), ("lines of '@'", "@ \n")):
        base = seconds(line * 50_000)
        for lines in (50_000, 200_000):
            took = base if lines == 50_000 else seconds(line * lines)
            rows.append({"input": name, "lines": lines, "seconds": took, "ratio": took / base})
    return rows


if __name__ == "__main__":
    main()
