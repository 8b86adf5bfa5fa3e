import fcntl
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "browser"))  # browsing: the browser tests' helpers

from sitebuild import REPO, build_site, html_pages, parse, scratch_collection  # noqa: E402

# Property tests: 50 examples each in README's test command; the second run in .ci/run passes
# `--hypothesis-profile=thorough` for 500. Tests that need another count say so in their own @settings.
PROPERTY_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("quick", max_examples=50, **PROPERTY_SETTINGS)
settings.register_profile("thorough", max_examples=500, **PROPERTY_SETTINGS)
settings.load_profile("quick")

MEMORY_FOLDER = Path("/dev/shm")
MEMORY_FOLDER_FREE = 2 * 1024**3  # bytes free there to use it: a run writes ~150 MB; pytest keeps 3 runs


def pytest_configure(config):
    """Temporary folders in memory, where the machine has room there: the tests write and delete thousands
    of small files (sites, collections, browser profiles), and on this project's machine doing so on disk
    made the run ~12% slower. Subprocesses (mkdocs builds, Chromium) inherit it through TMPDIR."""
    if os.environ.get("TMPDIR") or not MEMORY_FOLDER.is_dir() or not os.access(MEMORY_FOLDER, os.W_OK):
        return
    free = os.statvfs(MEMORY_FOLDER)
    if free.f_bavail * free.f_frsize < MEMORY_FOLDER_FREE:
        return
    folder = MEMORY_FOLDER / "papershelf-tests"
    folder.mkdir(exist_ok=True)
    os.environ["TMPDIR"] = tempfile.tempdir = str(folder)


def shared_folder(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run sees (the parent of their own temporary folders)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The real bundled collection, built once per run with `mkdocs build --strict` (the first worker to
    need it builds it, the other waits for it). Tests only read it."""
    folder = shared_folder(tmp_path_factory) / "bundled"
    folder.mkdir(exist_ok=True)
    site, built = folder / "site", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            result = build_site(REPO, site)
            assert result.returncode == 0, result.stderr
            assert "WARNING" not in result.stderr, result.stderr
            built.touch()
    return site


@pytest.fixture(scope="session")
def site_without_exports(tmp_path_factory) -> Path:
    """The bundled collection built with `exports: false` (tests that read it share an xdist group)."""
    root = scratch_collection(tmp_path_factory.mktemp("no-exports") / "c")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - papershelf:\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - papershelf:\n", "  - papershelf:\n      exports: false\n"))
    site = root.parent / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def theme_scripts(bundled_site) -> set[str]:
    """Every script the theme puts on the pages of a clean build (the bundled collection): the escaping
    tests allow these and no other."""
    scripts = set()
    for page in html_pages(bundled_site):
        parsed = parse(page.read_text(encoding="utf-8"))
        scripts |= {text.strip() for text in parsed.text_of_script}
        scripts |= {attrs["src"] for tag, attrs in parsed.elements if tag == "script" and attrs.get("src")}
    return scripts


@pytest.fixture(scope="session")
def bundled_front_matter() -> dict[str, dict]:
    """The bundled papers' front matter as written (by slug), read with another parser than papershelf's."""
    import frontmatter

    return {path.stem: frontmatter.load(path).metadata for path in sorted((REPO / "papers").glob("*.md"))}


GENERATED_PAPERS = 300  # ~1,300 authors: families shared by dozens, an author of 20 papers; two authors index pages


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory) -> tuple[Path, Path]:
    """(site, collection): a benchmarks/generate.py collection of GENERATED_PAPERS papers (seed 1), built once
    per run (the first worker to need it builds it, the other waits for it). Tests only read it; the build's
    debug messages are in `build.log` beside the site."""
    folder = shared_folder(tmp_path_factory) / "generated"
    folder.mkdir(exist_ok=True)
    site, collection, built = folder / "site", folder / "collection", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            sys.path.insert(0, str(REPO / "benchmarks"))
            from generate import write_collection

            shutil.rmtree(collection, ignore_errors=True)
            write_collection(collection, GENERATED_PAPERS)
            result = build_site(collection, site, verbose=True)
            assert result.returncode == 0, result.stderr
            (folder / "build.log").write_text(result.stderr, encoding="utf-8")
            built.touch()
    return site, collection


READING_FIXTURES = Path(__file__).parent / "fixtures" / "reading"  # real entries: see its SOURCES.md
READING_TOPICS = """\
- id: ambient-assisted-living
  title: Ambient assisted living
- id: chinese-references
  title: 中文参考文献
"""


def init_and_import(collection: Path, name: str, imports: list[tuple[Path, str]], topics: str | None = None) -> None:
    """A collection made as a maintainer makes one: `papershelf init` (with `topics` as its topics.yml, if
    given), then `papershelf import` of each (file, topic)."""
    from click.testing import CliRunner

    from papershelf.cli import cli

    shutil.rmtree(collection, ignore_errors=True)
    result = CliRunner().invoke(cli, ["init", str(collection), "--name", name])
    assert result.exit_code == 0, result.output
    if topics is not None:
        (collection / "topics.yml").write_text(topics, encoding="utf-8")
    for path, topic in imports:
        result = CliRunner().invoke(cli, ["import", str(path), "--topic", topic, "--root", str(collection)])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def real_reading_site(tmp_path_factory) -> tuple[Path, Path]:
    """(site, collection): a collection made as a reader's maintainer makes one, `papershelf init` then
    `papershelf import` of real exports (IEEE Xplore BibTeX, a Chinese CSL-JSON library), built once per run."""
    folder = shared_folder(tmp_path_factory) / "real-reading"
    folder.mkdir(exist_ok=True)
    site, collection, built = folder / "site", folder / "collection", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            init_and_import(collection, "Real reading", [(READING_FIXTURES / "ieee-xplore-excerpt.bib",
                                                          "ambient-assisted-living"),
                                                         (READING_FIXTURES / "gbt7714-excerpt.json",
                                                          "chinese-references")], topics=READING_TOPICS)
            result = build_site(collection, site)
            assert result.returncode == 0, result.stderr
            built.touch()
    return site, collection


SEARCH_FIXTURES = Path(__file__).parent / "fixtures" / "search"  # real records: tests/fixtures/sources/README.md


@pytest.fixture(scope="session")
def cjk_search_sites(tmp_path_factory) -> dict[str, Path]:
    """{"en": site, "zh": site}: one collection made as its maintainer makes it (`papershelf init`, then `papershelf
    import` of real Chinese and Japanese records, tests/fixtures/search/cjk-gbt7714.json), built as it is
    (English) and with `theme.language: zh`, once per run."""
    folder = shared_folder(tmp_path_factory) / "cjk-search"
    folder.mkdir(exist_ok=True)
    collection, built = folder / "collection", folder / "built"
    sites = {"en": folder / "site-en", "zh": folder / "site-zh"}
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            init_and_import(collection, "CJK search", [(SEARCH_FIXTURES / name, "example-topic")
                                                       for name in ("cjk-gbt7714.json", "korean-yang2025.bib")])
            result = build_site(collection, sites["en"])
            assert result.returncode == 0, result.stderr
            config = collection / "mkdocs.yml"
            english = config.read_text(encoding="utf-8")
            assert "\n  name: material\n" in english
            config.write_text(english.replace("\n  name: material\n", "\n  name: material\n  language: zh\n"),
                              encoding="utf-8")
            result = build_site(collection, sites["zh"])
            assert result.returncode == 0, result.stderr
            built.touch()
    return sites


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one per worker for the whole run: Playwright's sync API allows one at a time in a
    process, so every test that drives a browser (tests/browser/, the preview's in test_serve.py) shares it."""
    from browsing import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip(f"Debian chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
