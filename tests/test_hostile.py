"""The hostile corpus (tests/hostile/cases.yml): each bad file is refused with its file, line and field,
quickly and without a memory spike; each accepted one leaves no executable markup on the built site."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import yaml
from bibtexparser.middlewares import SeparateCoAuthors
from click.testing import CliRunner
from pylatexenc import latex2text

from papershelf.cli import cli
from papershelf.exports.bibtex import LINK_FIELDS, VENUE_FIELDS, balanced
from papershelf.model.collection import check_collection
from papershelf.model.identity import title_skeleton
from papershelf.model.load import split_body, split_front_matter
from papershelf.model.problems import UNPRINTABLE, terminal_safe
from sitebuild import REPO, build_site, executable_markup, html_pages, pagefind_records

pytestmark = pytest.mark.xdist_group("hostile-site")  # one worker builds the hostile corpus

CORPUS = Path(__file__).parent / "hostile"
CASES = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
VALID = [case for case in CASES if case["expect"] == "valid"]
INVALID = [case for case in CASES if case["expect"] == "invalid"]
MAX_SECONDS = 1.0  # CPU seconds of this process (validate runs in it): steady on a machine busy with other work
MAX_EXTRA_BYTES = 50 * 1024 * 1024


def clean_paper(title: str, newline: str = "\n") -> str:
    lines = ["---", f"title: {title}", "authors:", "  - Ann Lee", 'date: "2024-01-15"', "topics:",
             "  - multimodal-llms", "---", "", "An abstract with caf\u00e9 in it.", ""]
    return newline.join(lines)


def make_bom_crlf(folder: Path, name: str) -> None:
    (folder / name).write_bytes(b"\xef\xbb\xbf" + clean_paper("Windows Line Endings", "\r\n").encode("utf-8"))


def make_utf16(folder: Path, name: str) -> None:
    (folder / name).write_bytes(clean_paper("Saved As UTF-16").encode("utf-16"))


def make_invalid_utf8(folder: Path, name: str) -> None:
    (folder / name).write_bytes(clean_paper("Latin-1 Byte").replace("caf\u00e9", "caf\udcff").encode("utf-8", "surrogateescape"))


def make_huge(folder: Path, name: str) -> None:
    text = clean_paper("Ten Megabytes") + "word " * (2 * 1024 * 1024)
    (folder / name).write_text(text, encoding="utf-8")
    assert (folder / name).stat().st_size >= 10 * 1024 * 1024


def make_symlink(folder: Path, name: str) -> None:
    outside = folder.parent.parent / "outside.md"
    outside.write_text(clean_paper("Outside The Collection"), encoding="utf-8")
    (folder / name).symlink_to(outside)


def make_renamed(folder: Path, name: str) -> None:
    (folder / name).write_text(clean_paper(f"A Paper Named {name.encode('unicode_escape').decode()}"), encoding="utf-8")


def make_case_collision(folder: Path, name: str) -> None:
    (folder / name).write_text(clean_paper("Lower Case Name"), encoding="utf-8")
    (folder / name.title()).write_text(clean_paper("Title Case Name"), encoding="utf-8")


def make_many_authors(folder: Path, name: str) -> None:
    text = clean_paper("Four Thousand Four Hundred Authors").replace("  - Ann Lee", "\n".join(
        f"  - A {number}" for number in range(4400)))
    (folder / name).write_text(text, encoding="utf-8")
    assert (folder / name).stat().st_size < 64 * 1024


def make_many_topics(folder: Path, name: str) -> None:
    (folder / name).write_text(clean_paper("Unknown Topics").replace("  - multimodal-llms", "\n".join(
        f"  - t{number}" for number in range(2900))), encoding="utf-8")


def make_topic_entry(entry: str):
    def make(folder: Path, name: str) -> None:
        (folder / name).write_text(clean_paper("A Paper"), encoding="utf-8")
        with open(folder.parent / "topics.yml", "a", encoding="utf-8") as topics:
            topics.write(entry)
    return make


def make_authors_file(text: str):
    def make(folder: Path, name: str) -> None:
        (folder / name).write_text(clean_paper("A Paper"), encoding="utf-8")
        (folder.parent / "authors.yml").write_text(text, encoding="utf-8")
    return make


def make_papers_folder_link(folder: Path, name: str) -> None:
    real = folder.parent / "real-papers"
    folder.rename(real)
    (real / name).write_text(clean_paper("A Paper"), encoding="utf-8")
    folder.symlink_to(real.name)


MAKERS = {"bom-crlf": make_bom_crlf, "utf16": make_utf16, "invalid-utf8": make_invalid_utf8, "huge": make_huge,
          "symlink": make_symlink, "rename": make_renamed, "case-collision": make_case_collision,
          "many-authors": make_many_authors, "many-topics": make_many_topics,
          "topic-id-index": make_topic_entry("- id: index\n  title: Index\n  description: D.\n"),
          "topic-id-by-name": make_topic_entry("- id: by-name\n  title: By name\n  description: D.\n"),
          "topic-id-page": make_topic_entry("- id: page\n  title: Page\n  description: D.\n"),
          "topic-description-escape": make_topic_entry("- id: escape\n  title: Escape\n  description: \"\\e[2J\"\n"),
          "alias-claimed-twice": make_authors_file("- name: Ann Lee\n  aliases: [A. Lee]\n- name: Ann Leigh\n"
                                                   "  aliases:\n    - A. Lee\n"),
          "alias-is-another-name": make_authors_file("- name: Ann Lee\n- name: Mallory\n  aliases: [Ann Lee]\n"
                                                     "  homepage: https://evil.example/\n"),
          "homepage-zero-width": make_authors_file("- name: Ann Lee\n  homepage: \"https://example.org/\\u200b\"\n"),
          "papers-folder-link": make_papers_folder_link}


def add_case(folder: Path, case: dict) -> None:
    if "make" in case:
        MAKERS[case["make"]](folder, case["file"])
    else:
        shutil.copyfile(CORPUS / case["file"], folder / case["file"])
    for other in case.get("with", []):
        shutil.copyfile(CORPUS / other, folder / other)


def collection_of(root: Path, cases: list[dict]) -> Path:
    (root / "papers").mkdir(parents=True)
    shutil.copy(REPO / "topics.yml", root / "topics.yml")
    for case in cases:
        add_case(root / "papers", case)
    return root


def validate(root: Path, *args: str):
    return CliRunner().invoke(cli, ["validate", "--root", str(root), *args])


@pytest.fixture(scope="module", autouse=True)
def warm_imports(tmp_path_factory):
    """Import everything validation uses once, so the timings below measure the work on the file."""
    validate(collection_of(tmp_path_factory.mktemp("warm"), []))
    title_skeleton("Caf\u00e9")  # the confusables table, read once per process for the first non-ASCII title


def test_the_corpus_is_complete_and_every_file_has_a_case():
    assert len(CASES) >= 30
    named = {case["file"] for case in CASES if "make" not in case} | {o for case in CASES for o in case.get("with", [])}
    on_disk = {path.name for path in CORPUS.glob("*.md")}
    assert named == on_disk
    for case in CASES:
        assert case["reason"]
        if case["expect"] == "invalid":
            assert {"line", "field", "message"} <= case.keys(), case["file"]


@pytest.mark.parametrize("case", INVALID, ids=[case["file"] for case in INVALID])
def test_refused_with_file_line_and_field(tmp_path, case):
    root = collection_of(tmp_path / "c", [case])
    started = time.process_time()
    result = validate(root, "--format", "json")
    elapsed = time.process_time() - started
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    shown = case.get("path", f"papers/{case['file']}")
    matching = [p for p in report["problems"]
                if p["path"] == shown and p["line"] == case["line"] and p["field"] == case["field"]
                and case["message"] in p["message"]]
    assert matching, json.dumps(report["problems"], indent=1, ensure_ascii=False)
    assert elapsed < MAX_SECONDS
    text = validate(root).output
    where = terminal_safe(f"{shown}:{case['line']}:" if case["line"] else f"{shown}:")  # as a terminal shows it
    assert terminal_safe(f"{where} {case['field']}:") in text if case["field"] else where in text
    assert "Traceback" not in text
    assert UNPRINTABLE.search(text) is None  # terminal escapes, bidi controls, …: shown as escapes, never raw


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_validation_takes_little_memory(tmp_path, case):
    root = collection_of(tmp_path / "c", [case])
    tracemalloc.start()
    try:
        check_collection(root)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_EXTRA_BYTES


@pytest.mark.parametrize("case", VALID, ids=[case["file"] for case in VALID])
def test_accepted_alone(tmp_path, case):
    root = collection_of(tmp_path / "c", [case])
    started = time.process_time()
    result = validate(root)
    assert time.process_time() - started < MAX_SECONDS
    assert result.exit_code == 0, result.output


class Headings(HTMLParser):
    """The text of the page's <title> and first <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = {"title": "", "h1": ""}
        self._open: str | None = None
        self._seen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in self.text and tag not in self._seen:
            self._open = tag

    def handle_endtag(self, tag):
        if tag == self._open:
            self._seen.add(tag)
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.text[self._open] += data


def headings(html: str) -> dict[str, str]:
    parser = Headings()
    parser.feed(html)
    return parser.text


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """One site with every accepted case of the corpus."""
    root = collection_of(tmp_path_factory.mktemp("hostile") / "c", VALID)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    site = root.parent / "site"
    started = children_cpu_seconds()
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    assert children_cpu_seconds() - started < 120  # the build runs in a child process
    return site


def test_no_executable_markup_on_any_page(hostile_site, theme_scripts):
    pages = html_pages(hostile_site)
    assert len(pages) > len(VALID)
    for page in pages:
        assert executable_markup(page.read_text(encoding="utf-8"), theme_scripts) == [], page


def case_abstract(case: dict, root: Path = CORPUS) -> str:
    text = (root / case["file"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    parts = split_front_matter(text, case["file"])
    return split_body(parts[2])[0] if isinstance(parts, tuple) else ""


def front_matter(case: dict, root: Path) -> dict:
    text = (root / case["file"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("case", [c for c in VALID if "make" not in c], ids=[c["file"] for c in VALID if "make" not in c])
def test_titles_are_shown_literally(hostile_site, case):
    title = unicodedata.normalize("NFC", front_matter(case, CORPUS)["title"])
    page = hostile_site / "papers" / case["file"].removesuffix(".md") / "index.html"
    shown = headings(page.read_text(encoding="utf-8"))
    assert shown["h1"] == title
    assert shown["title"].startswith(title)


def test_template_syntax_is_never_evaluated(hostile_site):
    page = (hostile_site / "papers" / "template-syntax" / "index.html").read_text(encoding="utf-8")
    for literal in ("{{ 7*7 }}", "{% raw %}{{ config }}{% endraw %}", "{{ 6*7 }} {% if true %}TEMPLATE{% endif %}",
                    "${7*7}", "&lt;%= 7*7 %&gt;", "{{ config.site_name }} {# comment #}"):
        assert literal in page
    words = article_text(page).split()
    assert "49" not in words and "42" not in words and "TEMPLATE" in " ".join(words)


class ArticleText(HTMLParser):
    """The text inside the page's <article> (the paper), without the theme's icons and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = self._inside or tag == "article"

    def handle_endtag(self, tag):
        self._inside = self._inside and tag != "article"

    def handle_data(self, data):
        if self._inside:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = ArticleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_author_pages_of_hostile_names_are_inert(hostile_site):
    names = front_matter({"file": "authors-breakouts.md"}, CORPUS)["authors"]
    shown = []
    for page in (hostile_site / "authors").glob("*/index.html"):
        shown.append(headings(page.read_text(encoding="utf-8"))["h1"])
    assert set(names) <= set(shown)


def test_search_records_are_plain_text(hostile_site):
    """The search dialog sets a record's title, facts and snippet as text (tests/browser/test_search.py):
    records hold each title as written, and the papers' text, not the HTML papershelf makes of it."""
    records = pagefind_records(hostile_site)
    titles = {path.stem: str(front_matter({"file": path.name}, path.parent)["title"])
              for path in (hostile_site.parent / "c" / "papers").glob("*.md")}
    papers = {record["url"]: record for record in records if record["meta"]["kind"] == "paper"}
    nfc = lambda text: unicodedata.normalize("NFC", text)  # noqa: E731 - titles are kept in NFC
    assert {nfc(record["meta"]["title"]) for record in papers.values()} == {nfc(title) for title in titles.values()}
    # the records are the papers' text, never the HTML of their pages (which the dialog would show as text)
    assert not [url for url, record in papers.items() if re.search(r"</?(p|a|em|strong|code)>", record["content"])]
    # authors are sections of records made as HTML: each name comes back as written, its anchor its page
    names = front_matter({"file": "authors-breakouts.md"}, CORPUS)["authors"]
    anchors = {anchor["text"]: anchor["id"].split("~")[0] for record in records if record["meta"]["kind"] == "author"
               for anchor in record["anchors"]}
    assert set(names) <= set(anchors)
    assert all((hostile_site / anchors[name] / "index.html").is_file() for name in names)


# --- Nothing lost: an import killed midway, and re-adding a paper already present -------------------------

IMPORT_ENTRIES = 100  # enough that the import is still running when killed after KILL_AFTER files
KILL_AFTER = 10


def big_bibtex(count: int) -> str:
    entries = []
    for number in range(1, count + 1):
        entries.append(
            f"@article{{paper{number},\n  title = {{Measuring Widgets In Setting {number}}},\n"
            f"  author = {{Lee, Ann and Smith, Bob and Number{number}, Carol}},\n  year = {{2023}},\n"
            f"  eprint = {{2301.{number:05d}}},\n  archivePrefix = {{arXiv}},\n"
            f"  abstract = {{We measure widgets in setting {number}. {'Details follow. ' * 20}}}\n}}\n")
    return "\n".join(entries)


def papershelf_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "papershelf.cli", *args]


def paper_files(root: Path) -> list[Path]:
    return sorted((root / "papers").iterdir())


def complete_papers(root: Path) -> list[Path]:
    return [path for path in paper_files(root) if not path.name.startswith(".")]  # dot files are being written


def test_an_import_killed_midway_leaves_only_complete_files(tmp_path):
    root = collection_of(tmp_path / "c", [])
    bib = tmp_path / "big.bib"
    bib.write_text(big_bibtex(IMPORT_ENTRIES), encoding="utf-8")
    command = papershelf_command("import", str(bib), "--topic", "multimodal-llms", "--root", str(root))
    scratch = tmp_path / "tmp"  # what the killed process leaves in its temporary folder stays in tmp_path
    scratch.mkdir()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               env=dict(os.environ, TMPDIR=str(scratch)))
    deadline = time.monotonic() + 300
    while len(complete_papers(root)) < KILL_AFTER and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, f"the import ended before it could be killed: {process.stderr.read()!r}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    files = paper_files(root)
    papers = complete_papers(root)
    assert KILL_AFTER <= len(papers) < IMPORT_ENTRIES
    assert all(path.name.startswith(".") for path in set(files) - set(papers))  # temporary files are never loaded
    collection, problems = check_collection(root)
    assert problems == []
    assert len(collection.papers) == len(papers)
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in finished.stderr
    collection, problems = check_collection(root)
    assert problems == [] and len(collection.papers) == IMPORT_ENTRIES
    assert sorted(p.meta.arxiv for p in collection.papers) == [f"2301.{n:05d}" for n in range(1, IMPORT_ENTRIES + 1)]


def test_adding_or_importing_a_paper_already_present_changes_no_byte(tmp_path):
    root = collection_of(tmp_path / "c", [])
    bib = tmp_path / "few.bib"
    bib.write_text(big_bibtex(5), encoding="utf-8")
    command = ["import", str(bib), "--topic", "multimodal-llms", "--root", str(root)]
    first = CliRunner().invoke(cli, command)
    assert first.exit_code == 0, first.output
    before = {path.name: path.read_bytes() for path in paper_files(root)}
    assert len(before) == 5
    again = CliRunner().invoke(cli, command)
    assert again.exit_code == 0 and again.output.count("unchanged: already in the collection") == 5
    added = CliRunner().invoke(cli, ["add", "2301.00003", "--topic", "multimodal-llms", "--root", str(root)])
    assert added.exit_code != 0 and "already in the collection" in added.stderr
    for result in (again, added):  # an error message and an exit status, never an exception
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert {path.name: path.read_bytes() for path in paper_files(root)} == before


# --- Round two: URLs that cannot collide, BibTeX that cannot be escaped, notes in code -------------------

def test_a_slug_or_name_ending_in_index_keeps_its_own_page(hostile_site):
    """'takeoverindex' once became papers/takeover/ (the victim's URL); 'Ann Papiindex' authors/ann-papi/."""
    for url, title in (("papers/takeover/", "The Victim Paper"), ("papers/takeoverindex/", "The Attacker Paper"),
                       ("papers/h-index/", "The h-index of a Researcher"),
                       ("authors/ann-papi/", "Ann Papi"), ("authors/ann-papiindex/", "Ann Papiindex")):
        assert headings((hostile_site / url / "index.html").read_text(encoding="utf-8"))["h1"] == title, url
    assert headings((hostile_site / "topics" / "index.html").read_text(encoding="utf-8"))["h1"] == "Topics"


def test_a_notes_heading_inside_a_code_fence_is_code(hostile_site):
    page = (hostile_site / "papers" / "notes-heading-in-fence" / "index.html").read_text(encoding="utf-8")
    text = article_text(page)
    assert "## Notes" in text and "still code" in text and "More abstract." in text and "The real notes." in text
    assert text.index("More abstract.") < text.index("The real notes.")


LATEX_CONTEXT = latex2text.get_default_latex_context_db()  # a copy each call: adding to it changes no other reader
LATEX_CONTEXT.add_context_category("braces", prepend=True, macros=[latex2text.MacroTextSpec("textbraceleft", "{"),
                                                                   latex2text.MacroTextSpec("textbraceright", "}")])
LATEX_TEXT = latex2text.LatexNodes2Text(latex_context=LATEX_CONTEXT)


def bibtex_text_of(value: str) -> str:
    """What a LaTeX reader shows for a BibTeX value (pylatexenc; its ˆ for \\textasciicircum is ^, the ” of '' is ")."""
    return " ".join(LATEX_TEXT.latex_to_text(value).replace("\u02c6", "^").replace("\u201d", "\"").split())


FILED = [case for case in VALID if "make" not in case]


@pytest.mark.parametrize("case", FILED, ids=[case["file"] for case in FILED])
def test_each_bibtex_entry_is_one_entry_with_exactly_its_fields(hostile_site, case):
    """Parsed back by bibtexparser: one entry, no field added or lost, braces balanced
    as BibTeX counts them, the title as written and one author per name (corporate authors too)."""
    slug, meta = case["file"].removesuffix(".md"), front_matter(case, CORPUS)
    text = (hostile_site / "papers" / f"{slug}.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks and len(library.blocks) == 1, text
    entry = library.entries[0]
    venue_field = VENUE_FIELDS.get(entry.entry_type, "howpublished")
    present = {"month": len(meta["date"]) >= 7, "date": len(meta["date"]) > 4, venue_field: meta.get("venue"),
               "doi": meta.get("doi"), "eprint": meta.get("arxiv"), "archiveprefix": meta.get("arxiv"),
               "url": meta.get("arxiv") or meta.get("links", {}).get("paper"), "keywords": meta.get("tags"),
               "abstract": case_abstract(case).strip()}
    present.update((LINK_FIELDS.get(name, name), True) for name in meta.get("links", {}) if name != "paper")
    expected = {"title", "year", "author"} | {name for name, value in present.items() if value}
    assert entry.key and {name.lower() for name in entry.fields_dict} == expected, text
    raw_values = [line.split(" = ", 1)[1].rstrip(",") for line in text.splitlines()[1:-1]]
    assert len(raw_values) == len(expected) and all(balanced(value) for value in raw_values), text
    title = unicodedata.normalize("NFC", meta["title"])
    assert bibtex_text_of(entry["title"]) == " ".join(title.split())
    assert len(entry["author"]) == len(meta["authors"])


def test_csl_json_and_ris_hold_one_record_per_paper_with_its_title(hostile_site):
    """Every valid hostile file is one CSL-JSON item and one RIS record, its title read back as written."""
    import rispy
    items = json.loads((hostile_site / "papers.csl.json").read_text(encoding="utf-8"))
    records = rispy.loads((hostile_site / "papers.ris").read_text(encoding="utf-8"))
    papers = {page.parent.name for page in (hostile_site / "papers").glob("*/index.html")}
    assert len(items) == len(records) == len(papers)
    titles = {unicodedata.normalize("NFC", front_matter(case, CORPUS)["title"]) for case in FILED}
    assert titles <= {item["title"] for item in items}
    assert {" ".join(title.split()) for title in titles} <= {record["title"] for record in records}


def test_papers_bib_holds_one_entry_per_paper_and_nothing_else(hostile_site):
    library = bibtexparser.parse_string((hostile_site / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks and len(library.blocks) == len(library.entries)
    papers = {page.parent.name for page in (hostile_site / "papers").glob("*/index.html")}
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys)) == len(papers)


# --- Import files of the wrong shape: a clear message, never "internal error" -------------------------

@pytest.mark.parametrize("name, text, expected", [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("hf-types.json", json.dumps([{"paper": {"id": "2401.00001", "title": ["a"], "authors": 5, "summary": {"x": 1},
                                             "publishedAt": 7, "upvotes": "many"}}]), "skipped"),
    ("csl-types.json", json.dumps([{"type": "article-journal", "title": 5, "author": "Ann",
                                    "issued": {"date-parts": "2024"}, "DOI": 7}]), "skipped"),
    ("not-objects.json", '["a", 1, null, []]', "skipped"),
])
def test_an_import_file_of_wrong_types_or_deep_nesting_gets_a_clear_message(tmp_path, name, text, expected):
    root = collection_of(tmp_path / "c", [])
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / name), "--topic", "multimodal-llms", "--root", str(root)])
    assert result.exit_code in (1, 2) and expected in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_invisible_characters_do_not_defeat_duplicate_detection_of_imported_entries(tmp_path):
    """Import entries are never validated as files before the duplicate check: the keys ignore what cannot be seen."""
    root = collection_of(tmp_path / "c", [])
    first = tmp_path / "first.bib"
    first.write_text("@article{a, title={Measuring Widgets}, author={Lee, Ann}, year={2023}, doi={10.1234/abc},"
                     " abstract={A.}}\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(first), "-t", "multimodal-llms", "--root", str(root)]).exit_code == 0
    again = tmp_path / "again.bib"
    again.write_text("@article{b, title={Measuring\u200b Wid\ufe0fgets}, author={Lee, Ann}, year={2023}, abstract={A.}}\n"
                     # its own title, so that only the DOI can match (a DOI on an unrelated title is another work's)
                     "@article{c, title={Measuring Widgets, Extended}, author={Lee, Ann}, year={2023}, doi={10.1234/a\u2060bc},"
                     " abstract={A.}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(again), "-t", "multimodal-llms", "--root", str(root)])
    assert result.output.count("already in the collection") == 2, result.output
    assert len(list((root / "papers").glob("*.md"))) == 1


def test_no_command_prints_a_terminal_escape_from_its_input(tmp_path):
    root = collection_of(tmp_path / "c", [])
    bib = tmp_path / "escape.bib"
    bib.write_text("@article{x, title={Clear \x1b[2J\x1b[H screen \x9b31m}, author={Lee, Ann}, year={2023},"
                   " abstract={A.}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "-t", "multimodal-llms", "--root", str(root)])
    assert result.exit_code == 1 and "U+001B" in result.output and UNPRINTABLE.search(result.output) is None
    # a message that quotes the value: "'…' is not an arXiv id"
    (root / "papers" / "ok.md").write_text(clean_paper("Title").replace("topics:", 'arxiv: "\\e[2J\\e]0;x\\a"\ntopics:'),
                                           encoding="utf-8")
    for output in ("text", "json", "github"):
        shown = validate(root, "--format", output).output
        assert UNPRINTABLE.search(shown) is None and ("\\x1b" in shown or "\\u001b" in shown), shown


def test_a_symbolic_link_in_docs_stops_the_build_and_publishes_nothing(tmp_path):
    """MkDocs follows links in docs/: one to /proc/self/environ published the build's environment."""
    root = collection_of(tmp_path / "c", [])
    (root / "papers" / "a-paper.md").write_text(clean_paper("A Paper"), encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "docs" / "environment.md").symlink_to("/proc/self/environ")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/environment.md is a symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "environment").exists()


def test_import_refuses_to_write_through_a_papers_folder_that_is_a_link(tmp_path):
    root = collection_of(tmp_path / "c", [])
    outside = tmp_path / "outside"
    (root / "papers").rename(outside)
    (root / "papers").symlink_to(outside)
    bib = tmp_path / "one.bib"
    bib.write_text("@article{a, title={A Title}, author={Lee, Ann}, year={2023}, abstract={A.}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "-t", "multimodal-llms", "--root", str(root)])
    assert result.exit_code == 2 and "papers: is a symbolic link" in result.output
    assert list(outside.iterdir()) == []
