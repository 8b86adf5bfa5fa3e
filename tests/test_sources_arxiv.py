"""arXiv: ids and URLs, and fetching from recorded real API responses served on 127.0.0.1."""

import pytest

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from papershelf.model.problems import SourceUnavailable, UsageError
from papershelf.model.schema import PaperMeta
from papershelf.sources.arxiv import fetch_arxiv, parse_arxiv_id
from papershelf.sources.endpoints import ARXIV_API, ARXIV_ENV, CROSSREF_API, CROSSREF_ENV, Sources
from papershelf.sources.net import PaperNotFound


@pytest.mark.parametrize("written, canonical", [
    ("2305.15775", "2305.15775"),
    ("2305.15775v2", "2305.15775"),
    ("arXiv:2305.15775", "2305.15775"),
    ("arxiv:2305.15775v3", "2305.15775"),
    ("  2305.15775  ", "2305.15775"),
    ("0704.0001", "0704.0001"),
    ("hep-th/9901001", "hep-th/9901001"),
    ("hep-th/9901001v2", "hep-th/9901001"),
    ("math.GT/0309136", "math.GT/0309136"),
    ("https://arxiv.org/abs/2305.15775", "2305.15775"),
    ("https://arxiv.org/abs/2305.15775v2", "2305.15775"),
    ("http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
    ("https://arxiv.org/pdf/2305.15775", "2305.15775"),
    ("https://arxiv.org/pdf/2305.15775v2.pdf", "2305.15775"),
    ("https://arxiv.org/pdf/2305.15775.pdf", "2305.15775"),
    ("https://www.arxiv.org/abs/2305.15775?context=cs", "2305.15775"),
    ("https://export.arxiv.org/abs/2305.15775#section", "2305.15775"),
    ("arxiv.org/abs/2305.15775/", "2305.15775"),
    ("https://arxiv.org/html/2305.15775v1#S2", "2305.15775"),
    ("https://ar5iv.labs.arxiv.org/html/2305.15775", "2305.15775"),
    # Pages of other sites named by the arXiv id: where a Daily Papers reader copies the address from.
    ("https://huggingface.co/papers/2305.15775", "2305.15775"),
    ("https://hf.co/papers/2305.15775#community", "2305.15775"),
    ("https://www.alphaxiv.org/abs/2305.15775v2", "2305.15775"),
    ("alphaxiv.org/overview/2305.15775", "2305.15775"),
    ("https://www.semanticscholar.org/arxiv/hep-th/9901001", "hep-th/9901001"),
])
def test_every_written_form_gives_the_canonical_id(written, canonical):
    assert parse_arxiv_id(written) == canonical


@pytest.mark.parametrize("written", [
    "", "abc", "2305.157", "2305.15775v", "https://example.org/abs/2305.15775", "10.1103/PhysRevB.85.115117",
    "https://arxiv.org/list/cs.LG/recent", "https://huggingface.co/papers/trending", "https://huggingface.co/papers",
    "https://huggingface.co/2305.15775", "https://example.org/papers/2305.15775",
])
def test_text_that_is_no_arxiv_id_is_a_usage_error_showing_the_accepted_forms(written):
    with pytest.raises(UsageError, match=r"is not an arXiv id or URL: write it like 2305\.15775"):
        parse_arxiv_id(written)


def test_each_endpoint_comes_from_the_argument_then_the_environment_then_the_service(monkeypatch):
    monkeypatch.delenv(ARXIV_ENV, raising=False)
    monkeypatch.delenv(CROSSREF_ENV, raising=False)
    assert Sources.resolve() == Sources(ARXIV_API, CROSSREF_API)
    monkeypatch.setenv(ARXIV_ENV, "http://127.0.0.1:1/env")
    monkeypatch.setenv(CROSSREF_ENV, "http://127.0.0.1:3/crossref/")
    assert Sources.resolve() == Sources("http://127.0.0.1:1/env", "http://127.0.0.1:3/crossref")
    assert Sources.resolve("http://127.0.0.1:2/arg").arxiv == "http://127.0.0.1:2/arg"
    with pytest.raises(UsageError, match=r"arXiv API URL 'ftp://mirror/api' is not an http\(s\) URL \(check --api-url"):
        Sources.resolve("ftp://mirror/api")
    with pytest.raises(UsageError, match=r"Crossref API URL 'mirror' is not an http\(s\) URL \(check --crossref-url"):
        Sources(crossref="mirror")


def test_a_recorded_paper_maps_to_every_field():
    with recorded_arxiv_api() as api:
        draft = fetch_arxiv("https://arxiv.org/abs/1111.2011v2", sources=Sources(arxiv=api.url), retries=0)
    assert api.requests == ["1111.2011"]
    assert draft.meta == {
        "title": "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
        "authors": ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"],
        "date": "2011-11-08",  # first version (published), not the 2012 update
        "arxiv": "1111.2011",
        "doi": "10.1103/PhysRevB.85.115117",
        "venue": "Phys. Rev. B 85, 115117 (2012)",
        "tags": ["cond-mat.str-el", "cond-mat.stat-mech"],
        "links": {"pdf": "https://arxiv.org/pdf/1111.2011"},
    }
    assert draft.abstract.startswith("Theoretical description of anisotropic systems, such as layered superconductors")
    assert "\n" not in draft.abstract and "  " not in draft.abstract
    assert draft.abstract.endswith("describing a single node.")
    assert draft.origin == "arXiv 1111.2011"


def test_a_current_feed_without_doi_or_journal_gives_no_such_fields():
    with recorded_arxiv_api() as api:
        draft = fetch_arxiv("1605.08386", sources=Sources(arxiv=api.url), retries=0)
    meta = PaperMeta.model_validate({**{k: v for k, v in draft.meta.items() if v is not None}, "topics": ["t"]})
    assert meta.title == "Heat-bath random walks with Markov bases"
    assert meta.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert meta.date == "2016-05-26"
    assert draft.meta["doi"] is None and draft.meta["venue"] is None
    assert meta.tags == ["math.CO", "math.ST"]


def test_an_old_scheme_id_is_fetched_and_kept_with_its_archive():
    with recorded_arxiv_api() as api:
        draft = fetch_arxiv("hep-ex/0406020", sources=Sources(arxiv=api.url), retries=0)
    assert api.requests == ["hep-ex/0406020"]
    assert draft.meta["arxiv"] == "hep-ex/0406020"
    assert draft.meta["title"] == "Sparticle Reconstruction at LHC"
    assert draft.meta["authors"] == ["Alessia Tricomi"]
    assert draft.meta["date"] == "2004-06-07"


def test_the_environment_variable_points_the_client_at_another_server(monkeypatch):
    with recorded_arxiv_api() as api:
        monkeypatch.setenv(ARXIV_ENV, api.url)
        draft = fetch_arxiv("1605.08386", retries=0)
    assert api.requests == ["1605.08386"]
    assert draft.meta["arxiv"] == "1605.08386"


def test_an_empty_result_says_there_is_no_such_paper():
    with recorded_arxiv_api() as api:
        with pytest.raises(PaperNotFound) as raised:
            fetch_arxiv("0000.0000", sources=Sources(arxiv=api.url), retries=0)
    assert str(raised.value) == f"no paper with id 0000.0000 on arXiv (asked {api.url})"


def test_an_http_error_is_one_line_naming_the_status_and_the_server():
    # arXiv's recorded answer to id_list=abc (HTTP 400, an error entry), served for a well-formed id
    with recorded_arxiv_api(answer_every_id_with="abc") as api:
        with pytest.raises(SourceUnavailable) as raised:
            fetch_arxiv("1605.08386", sources=Sources(arxiv=api.url), retries=0)
    assert str(raised.value) == (
        f"arXiv at {api.url} answered HTTP 400 for 1605.08386; try again later or check --api-url"
    )


def test_a_failed_request_is_tried_again_before_giving_up():
    with recorded_arxiv_api(answer_every_id_with="abc") as api:
        with pytest.raises(SourceUnavailable):
            fetch_arxiv("1605.08386", sources=Sources(arxiv=api.url), retries=1)
    assert api.requests == ["1605.08386", "1605.08386"]


def test_a_closed_port_gives_one_line_telling_what_to_check():
    url = closed_port_url()
    with pytest.raises(SourceUnavailable) as raised:
        fetch_arxiv("1605.08386", sources=Sources(arxiv=url), retries=0)
    message = str(raised.value)
    assert message == f"cannot reach arXiv at {url}: Connection refused; check your connection or --api-url"
