"""`papershelf import URL`: the file at a web address, read as the file would be (real exports from
tests/fixtures/sources/, served by a local stand-in server as a lab's site or a shared sheet would serve them),
and what is said when the address answers with a page, a refusal, nothing, or too much."""

import gzip
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url
from local_server import serving
from papershelf.cli import cli
from papershelf.model.problems import SourceUnavailable
from papershelf.sources.download import download, download_address, file_name

SOURCES = Path(__file__).parent / "fixtures" / "sources"
LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Sign in - Google Accounts</title></head><body></body></html>"
SERVED = {
    "/lab/papers.bib": (200, (SOURCES / "exporters" / "alfolio-homepage.bib").read_bytes(), ""),
    "/reading/papers.csv": (200, (SOURCES / "spreadsheet" / "research-log.csv").read_bytes(), ""),
    "/reading/papers.csv.gz": (200, gzip.compress((SOURCES / "spreadsheet" / "research-log.csv").read_bytes()),
                               "gzip"),
    "/login": (200, LOGIN_PAGE, ""),
    "/private.bib": (403, b"Forbidden", ""),
}


class Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        status, body, encoding = SERVED.get(self.path, (404, b"Not found", ""))
        self.send_response(status)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site():
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Site)) as url:
        yield url


def collection(tmp_path: Path) -> Path:
    (tmp_path / "papers").mkdir(parents=True)
    (tmp_path / "topics.yml").write_text("- id: ours\n  title: Our papers\n", encoding="utf-8")
    return tmp_path


def run_import(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", *args, "--topic", "ours", "--root", str(root)])
    return result.exit_code, result.output


def test_a_bibliography_at_a_web_address_imports_as_the_file_would_and_again_without_change(site, tmp_path):
    root = collection(tmp_path)
    code, output = run_import(root, f"{site}/lab/papers.bib")
    assert code == 0, output
    local = collection(tmp_path / "local")
    local_code, local_output = run_import(local, str(SOURCES / "exporters" / "alfolio-homepage.bib"))
    assert local_code == 0
    assert output.replace("papers.bib", "X") == local_output.replace("alfolio-homepage.bib", "X")
    assert {path.name: path.read_text(encoding="utf-8") for path in (root / "papers").glob("*.md")} == {
        path.name: path.read_text(encoding="utf-8") for path in (local / "papers").glob("*.md")}
    code, output = run_import(root, f"{site}/lab/papers.bib")  # again: nothing new, nothing changed
    assert code == 0 and "added 0 papers" in output and "already there and unchanged" in output


def test_a_sheet_at_a_web_address_compressed_or_not(site, tmp_path):
    root = collection(tmp_path)
    code, output = run_import(root, f"{site}/reading/papers.csv.gz")
    assert code == 0 and "papers.csv.gz (spreadsheet CSV): added 2 papers" in output, output
    titles = {frontmatter.load(path)["title"] for path in (root / "papers").glob("*.md")}
    assert "Gradient-Based Learning Applied to Document Recognition" in titles


@pytest.mark.parametrize(("path", "said"), [
    ("/login", "answered with a web page, not a bibliography or a sheet: give the address of the file itself"),
    ("/private.bib", "the server answered HTTP 403: give the address of the file itself"),
    ("/nothing.bib", "the server answered HTTP 404"),
])
def test_a_page_a_refusal_or_nothing_says_what_to_do_and_writes_nothing(site, tmp_path, path, said):
    root = collection(tmp_path)
    code, output = run_import(root, f"{site}{path}")
    assert code == 2 and said in output and "Traceback" not in output, output
    assert not list((root / "papers").iterdir())


def test_offline_says_it_cannot_download_and_writes_nothing(tmp_path):
    root = collection(tmp_path)
    code, output = run_import(root, closed_port_url().replace("/api/query", "/papers.bib"))
    assert code != 0 and "cannot download" in output and "download the file and import it" in output, output
    assert not list((root / "papers").iterdir())


def test_an_answer_larger_than_an_import_file_may_be_is_refused(site):
    with pytest.raises(SourceUnavailable, match="larger than 1,000 bytes"):
        download(f"{site}/lab/papers.bib", max_bytes=1000)


@pytest.mark.parametrize(("url", "address"), [
    ("https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0",
     "https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/export?format=csv&gid=0"),
    ("https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit?usp=sharing",
     "https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/export?format=csv"),
    ("https://docs.google.com/spreadsheets/d/e/2PACX-1vQ8Uq3yNz0jXkq2LhZ_abcdefghijklmnop/pubhtml?gid=123&single=true",
     "https://docs.google.com/spreadsheets/d/e/2PACX-1vQ8Uq3yNz0jXkq2LhZ_abcdefghijklmnop/pub?output=csv&gid=123"),
    ("https://ourlab.org/papers.bib", "https://ourlab.org/papers.bib"),
])
def test_a_google_sheets_page_is_read_as_its_csv(url, address):
    assert download_address(url) == address


def test_the_name_an_import_from_the_web_is_reported_under():
    assert file_name("https://ourlab.org/pubs/papers.bib?version=2") == "papers.bib"
    assert file_name("https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit") \
        == "sheet.csv"
    assert file_name("https://ourlab.org/") == "download"
    assert file_name("https://ourlab.org/a%0Ab%2Fc.bib") == "abc.bib"  # no line break or slash from the address
