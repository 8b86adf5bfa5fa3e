"""The live preview: `papershelf serve` rebuilds after an edit to a paper file, and serves the new pages."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from sitebuild import REPO, scratch_collection, start_serve, stop_serve

sys.path.insert(0, str(REPO / "benchmarks"))
from preview import fetch  # noqa: E402  (the preview benchmark's server helpers)

PAPER = "a-comprehensive-survey-on-self-interpretable-neural-networks"
TOPIC = "interpretable-by-design"  # one of that paper's topics in the bundled collection
DEADLINE = 120  # seconds for the first build and for each rebuild; generous for a loaded machine

# One server for the module (its first build is most of the cost): each test starts from what the
# server shows now and leaves it with every rebuild it caused finished. xdist keeps them on one worker.
pytestmark = pytest.mark.xdist_group("serve")


def wait_for(url: str, text: str, log: Path | None = None) -> str:
    """The page at `url` once it contains `text`; fails after DEADLINE seconds (showing the server's log)."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        page = fetch(url)
        if page is not None and text in page:
            return page
        time.sleep(0.1)
    shown = log.read_text()[-3000:] if log else ""
    pytest.fail(f"{url} did not show {text!r} within {DEADLINE} s\n{shown}")


def wait_for_log(log: Path, since: int, text: str) -> str:
    """The server's log after position `since`, once it contains `text`; fails after DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    while text not in log.read_text()[since:] and time.monotonic() < end:
        time.sleep(0.1)
    written = log.read_text()[since:]
    assert text in written, written[-3000:]
    return written


REBUILT = re.compile(r"Detected file changes[\s\S]*Reloading browsers")


def wait_for_rebuild(log: Path, since: int) -> str:
    """The server's log after `since` once a rebuild that began after `since` has ended (failed or not).

    Not "Documentation built in": MkDocs drops a build message it has logged before (its DuplicateFilter),
    so a rebuild that takes exactly as long as an earlier one, to the hundredth of a second, logs none.
    """
    end = time.monotonic() + DEADLINE
    while not REBUILT.search(log.read_text()[since:]) and time.monotonic() < end:
        time.sleep(0.1)
    written = log.read_text()[since:]
    assert REBUILT.search(written), written[-3000:]
    return written


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The bundled collection copied to a scratch folder and served as `papershelf serve` serves it."""
    tmp_path = tmp_path_factory.mktemp("serve")
    collection = scratch_collection(tmp_path / "collection")
    config = collection / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: http://127.0.0.1/", config.read_text()))
    log = tmp_path / "serve.log"
    scratch = tmp_path / "tmp"  # the server's temporary files: none may be left when it stops
    scratch.mkdir()
    # --livereload: click >= 8.2.2 turns MkDocs 1.6's default off (mkdocs issue #4032);
    # --dirty: the site folder is kept between rebuilds, so the plugin rebuilds only what an edit changes.
    process, url = start_serve(collection, log, "--livereload", "--dirty", scratch=scratch)
    try:
        wait_for_log(log, 0, "Serving on")  # the first build is done: an edit from now on is a rebuild
        yield collection, url, log
    finally:
        stopped_by = stop_serve(process)
    assert stopped_by == signal.SIGINT and process.returncode == 0, (stopped_by, log.read_text()[-3000:])
    assert list(scratch.iterdir()) == []


def title_of(paper_file: Path) -> str:
    return yaml.safe_load(paper_file.read_text(encoding="utf-8").split("---\n")[1])["title"]


def set_title(paper_file: Path, title: str) -> None:
    text = paper_file.read_text(encoding="utf-8")
    paper_file.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


def test_editing_a_paper_updates_its_page_and_the_lists_that_show_it(served):
    collection, base, log = served
    paper_file = collection / "papers" / f"{PAPER}.md"
    old_title = title_of(paper_file)
    wait_for(f"{base}papers/{PAPER}/", old_title)
    wait_for(f"{base}topics/{TOPIC}/", old_title)
    search_entry = wait_for(f"{base}pagefind/pagefind-entry.json", '"languages"')  # the index as it is now
    since = len(log.read_text())

    set_title(paper_file, "Edited While Serving Quokka Survey")

    paper_page = wait_for(f"{base}papers/{PAPER}/", "Edited While Serving Quokka Survey", log)
    assert old_title not in paper_page
    topic_page = wait_for(f"{base}topics/{TOPIC}/", "Edited While Serving Quokka Survey")
    assert old_title not in topic_page
    all_papers = fetch(f"{base}papers/")
    assert "Edited While Serving Quokka Survey" in all_papers
    # the edit was a partial rebuild, and the search index still covers the whole site
    assert "1 paper file(s) changed" in log.read_text()[since:]
    # and the search index is built again (its metadata file is named by a hash of the records)
    end = time.monotonic() + DEADLINE
    while fetch(f"{base}pagefind/pagefind-entry.json") == search_entry and time.monotonic() < end:
        time.sleep(0.1)
    assert fetch(f"{base}pagefind/pagefind-entry.json") != search_entry
    wait_for_log(log, since, "search index updated")  # logged once written


def test_an_invalid_edit_is_reported_and_the_fix_is_served(served):
    collection, base, log = served
    paper_file = collection / "papers" / f"{PAPER}.md"
    good = paper_file.read_text(encoding="utf-8")
    wait_for(f"{base}papers/{PAPER}/", title_of(paper_file))
    since = len(log.read_text())
    paper_file.write_text(good.replace("date: '2025-01-26'", "date: '2025-02-30'"), encoding="utf-8")
    wait_for_log(log, since, "not a real date")

    since = len(log.read_text())
    paper_file.write_text(re.sub(r"(?m)^title: .*$", "title: Fixed Again Wombat Survey", good, count=1),
                          encoding="utf-8")
    wait_for(f"{base}papers/{PAPER}/", "Fixed Again Wombat Survey")
    wait_for(f"{base}topics/{TOPIC}/", "Fixed Again Wombat Survey")
    wait_for_rebuild(log, since)


def test_serve_watches_the_collection_files(served):
    collection, base, log = served
    wait_for(base, "papershelf")
    watched = next(line for line in log.read_text().splitlines() if "Watching paths for changes" in line)
    for name in ("'papers'", "'topics.yml'", "'docs'", "'mkdocs.yml'"):
        assert name in watched


def test_the_preview_never_warns_of_a_dirty_build(served):
    collection, base, log = served
    wait_for(base, "papershelf")
    assert "Documentation built in" in log.read_text()
    assert "'dirty' build" not in log.read_text()


def exports(base: str) -> dict[str, str]:
    return {name: fetch(f"{base}{name}") or "" for name in ("papers.json", "papers.bib", "feed.xml")}


def test_exports_stay_current_while_serving(served):
    collection, base, log = served
    source = collection / "papers" / f"{PAPER}.md"
    added = collection / "papers" / "added-while-serving-numbat.md"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: Added While Serving Numbat", text, count=1)
    text = re.sub(r"(?m)^(arxiv|doi): .*\n", "", text)
    text = re.sub(r"(?m)^  (pdf|arxiv): .*\n", "", text)
    since = len(log.read_text())
    added.write_text(text, encoding="utf-8")
    # written after the rebuild's pages are served, one file after another
    end = time.monotonic() + DEADLINE
    while not all("Added While Serving Numbat" in body for body in exports(base).values()) and time.monotonic() < end:
        time.sleep(0.1)
    now = exports(base)
    assert all("Added While Serving Numbat" in body for body in now.values()), \
        {name: "Added While Serving Numbat" in body for name, body in now.items()}
    wait_for_rebuild(log, since)

    since = len(log.read_text())
    added.unlink()
    end = time.monotonic() + DEADLINE
    while any("Added While Serving Numbat" in body for body in exports(base).values()) and time.monotonic() < end:
        time.sleep(0.1)
    assert not any("Added While Serving Numbat" in body for body in exports(base).values())
    wait_for_rebuild(log, since)


@pytest.mark.browser
@pytest.mark.smoke
def test_the_browser_shows_a_broken_paper_and_recovers_on_the_next_save(served, browser):
    """In Chromium: an invalid edit turns the open page into the error (file, line, message) instead of a
    page that waits; the fix reloads it into the site again."""
    collection, base, log = served
    paper_file = collection / "papers" / f"{PAPER}.md"
    good = paper_file.read_text(encoding="utf-8")
    title = title_of(paper_file)
    wait_for(f"{base}papers/{PAPER}/", title)
    date_line = 1 + good.split("---\n", 2)[1].splitlines().index("date: '2025-01-26'") + 1  # after the opening ---
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}papers/{PAPER}/")
        assert title in page.locator("h1").first.inner_text()
        since = len(log.read_text())
        paper_file.write_text(good.replace("date: '2025-01-26'", "date: '2025-02-30'"), encoding="utf-8")
        error = page.locator("#papershelf-build-error")
        error.wait_for(timeout=DEADLINE * 1000)
        shown = error.inner_text()
        assert f"papers/{PAPER}.md:{date_line}" in shown and "not a real date" in shown, shown
        assert "An error happened during the rebuild" not in log.read_text()[since:]  # MkDocs' "stuck" case
        # any other page asked for meanwhile shows the same error
        other = context.new_page()
        other.goto(f"{base}topics/{TOPIC}/")
        assert "not a real date" in other.locator("#papershelf-build-error").inner_text()

        paper_file.write_text(good.replace(title, "Recovered After The Error Wallaby"), encoding="utf-8")
        page.locator("h1", has_text="Recovered After The Error Wallaby").wait_for(timeout=DEADLINE * 1000)
        assert page.locator("#papershelf-build-error").count() == 0
        wait_for_rebuild(log, since)
    finally:
        context.close()
        paper_file.write_text(good, encoding="utf-8")
    wait_for(f"{base}papers/{PAPER}/", title)


@pytest.mark.parametrize("ignored, stopped_by", [((), signal.SIGINT), (("SIGINT",), signal.SIGTERM),
                                                  (("SIGINT", "SIGTERM"), signal.SIGKILL)])
def test_the_servers_stop_helper_always_stops_a_server(tmp_path, ignored, stopped_by):
    """A server that ignores Ctrl-C (or SIGTERM too) is still stopped, within the grace given each signal."""
    script = "import signal, sys, time\n" + "".join(f"signal.signal(signal.{name}, signal.SIG_IGN)\n" for name in ignored)
    process = subprocess.Popen([sys.executable, "-c", script + "print('ready', flush=True)\ntime.sleep(120)"],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n"
    started = time.monotonic()
    assert stop_serve(process, grace=1) == stopped_by
    assert process.poll() is not None and time.monotonic() - started < 10
    assert stop_serve(process) is None  # already stopped


def status_and_body(url: str) -> tuple[int, str]:
    """The page at `url` with its HTTP status, error pages included; (0, "") while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def test_serve_started_on_a_broken_paper_serves_the_error_until_a_save_fixes_it(tmp_path):
    """The error is there from the first build: the server starts all the same (a failed first build would
    stop it), every page shows the error, and the first save that builds brings the site back."""
    collection = scratch_collection(tmp_path / "collection")
    config = collection / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: http://127.0.0.1/", config.read_text()))
    paper_file = collection / "papers" / f"{PAPER}.md"
    good = paper_file.read_text(encoding="utf-8")
    paper_file.write_text(good.replace("date: '2025-01-26'", "date: '2025-02-30'"), encoding="utf-8")
    log = tmp_path / "serve.log"
    process, base = start_serve(collection, log, "--livereload", "--dirty")
    try:
        end = time.monotonic() + DEADLINE
        while status_and_body(base)[0] == 0 and process.poll() is None and time.monotonic() < end:
            time.sleep(0.1)
        status, body = status_and_body(f"{base}papers/")
        assert status == 500 and 'id="papershelf-build-error"' in body, log.read_text()[-3000:]
        assert f"papers/{PAPER}.md" in body and "not a real date" in body
        assert "ERROR" in log.read_text() and "not a real date" in log.read_text()  # and in the terminal

        paper_file.write_text(good, encoding="utf-8")
        wait_for(f"{base}papers/{PAPER}/", title_of(paper_file), log)
        assert status_and_body(f"{base}papers/")[0] == 200
    finally:
        stop_serve(process)
