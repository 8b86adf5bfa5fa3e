"""add_paper and import_file: the files they write, the duplicates they refuse, the errors they give."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.sources.arxiv_api import closed_port_url, recorded_arxiv_api
from papershelf.cli import cli
from papershelf.intake.adding import Created, Enriched, add_paper, import_file
from papershelf.model.load import split_body, split_front_matter
from papershelf.model.problems import PaperExists, SourceUnavailable, UsageError
from papershelf.model.schema import PaperMeta
from papershelf.model.writer import render_paper_file
from papershelf.model.yamlstrict import load_strict
from papershelf.sources.endpoints import Sources

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
TODAY = dt.date(2026, 11, 25)
TOPICS = """\
- id: physics
  title: Physics
  description: Papers about physics.
- id: interpretability
  title: Interpretability
  description: Explaining what models do.
"""


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "papers").mkdir()
    return tmp_path


def write_existing(root: Path, name: str, **meta) -> Path:
    fields = {"title": "An Existing Paper", "authors": ["Ann Lee"], "date": "2020-01-02", "topics": ["physics"], **meta}
    path = root / "papers" / name
    path.write_text(render_paper_file(fields, "An existing abstract."), encoding="utf-8")
    return path


def read_back(path: Path) -> tuple[PaperMeta, str, str]:
    parts = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(parts, tuple), parts
    front, front_line, body, _ = parts
    abstract, notes = split_body(body)
    return PaperMeta.model_validate(load_strict(front, front_line).data), abstract, notes


def papers_in(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "papers").iterdir())


def validate(root: Path):
    return CliRunner().invoke(cli, ["validate", "--root", str(root)])


def test_add_writes_a_valid_paper_file_named_after_the_title(root):
    with recorded_arxiv_api() as api:
        result = add_paper(root, "arXiv:1111.2011v2", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    path = root / "papers" / "quantum-criticality-for-extended-nodes-on-a-bethe-lattice-in-the-large.md"
    assert result.path == path and result.written
    assert path.read_text(encoding="utf-8") == result.text
    meta, abstract, notes = read_back(path)
    assert meta.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert meta.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert (meta.date, meta.arxiv, meta.doi) == ("2011-11-08", "1111.2011", "10.1103/PhysRevB.85.115117")
    assert meta.venue == "Phys. Rev. B 85, 115117 (2012)"
    assert meta.topics == ["physics"] and meta.added == "2026-11-25"
    assert meta.tags == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert meta.links == {"pdf": "https://arxiv.org/pdf/1111.2011"}
    assert abstract.startswith("Theoretical description of anisotropic systems") and notes == ""
    outcome = validate(root)
    assert outcome.exit_code == 0, outcome.output


def test_add_by_old_scheme_pdf_url(root):
    with recorded_arxiv_api() as api:
        result = add_paper(root, "https://arxiv.org/pdf/hep-ex/0406020v1.pdf", ["physics"], sources=Sources(arxiv=api.url),
                           added_on=TODAY)
    assert result.path.name == "sparticle-reconstruction-at-lhc.md"
    assert read_back(result.path)[0].arxiv == "hep-ex/0406020"


def test_add_by_the_hugging_face_page_a_daily_papers_reader_copies(root):
    result = CliRunner().invoke(cli, ["add", "https://huggingface.co/papers/1111.2011", "--topic", "physics",
                                      "--root", str(root), "--api-url", closed_port_url()])
    assert result.exit_code != 0 and "cannot reach arXiv" in result.output  # read as an id, then asked of arXiv
    with recorded_arxiv_api() as api:
        result = add_paper(root, "https://huggingface.co/papers/1111.2011", ["physics"],
                           sources=Sources(arxiv=api.url), added_on=TODAY)
    assert api.requests == ["1111.2011"] and read_back(result.path)[0].arxiv == "1111.2011"


def test_dry_run_writes_nothing_and_returns_the_text(root):
    with recorded_arxiv_api() as api:
        result = add_paper(root, "1605.08386", ["physics"], dry_run=True, sources=Sources(arxiv=api.url), added_on=TODAY)
    assert not result.written and papers_in(root) == []
    assert result.path == root / "papers" / "heat-bath-random-walks-with-markov-bases.md"
    assert result.text.startswith("---\ntitle: Heat-bath random walks with Markov bases\n")


def test_a_paper_with_the_same_arxiv_id_is_refused_before_asking_arxiv(root):
    existing = write_existing(root, "mine.md", title="My Own Title", arxiv="1111.2011v1")
    before = existing.read_bytes()
    with recorded_arxiv_api() as api:
        with pytest.raises(PaperExists) as raised:
            add_paper(root, "https://arxiv.org/abs/1111.2011", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    assert api.requests == []
    assert str(raised.value) == "already in the collection: papers/mine.md (same arXiv id 1111.2011); nothing was written"
    assert existing.read_bytes() == before and papers_in(root) == ["mine.md"]


def test_a_paper_with_the_same_doi_is_refused(root):
    existing = write_existing(root, "published.md", title="The Published Version", doi="10.1103/physrevb.85.115117")
    before = existing.read_bytes()
    with recorded_arxiv_api() as api:
        with pytest.raises(PaperExists, match=r"papers/published\.md \(same DOI 10\.1103/physrevb\.85\.115117\)"):
            add_paper(root, "1111.2011", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    assert existing.read_bytes() == before and papers_in(root) == ["published.md"]


def test_a_paper_with_the_same_title_up_to_case_unicode_and_punctuation_is_refused(root):
    existing = write_existing(root, "heat.md", title="HEAT-BATH Random Walks with Markov Bases.",
                              authors=["C. Stanley", "T. Windisch"], date="2016")
    before = existing.read_bytes()
    with recorded_arxiv_api() as api:
        with pytest.raises(PaperExists, match=r"papers/heat\.md \(same title, year and first author\)"):
            add_paper(root, "1605.08386", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    assert existing.read_bytes() == before and papers_in(root) == ["heat.md"]


def test_a_different_paper_holding_the_file_name_gets_a_numbered_name(root):
    other = write_existing(root, "heat-bath-random-walks-with-markov-bases.md",
                           title="Héat-bath random walks with Markov bases")  # same slug, other title
    before = other.read_bytes()
    with recorded_arxiv_api() as api:
        result = add_paper(root, "1605.08386", ["physics"], sources=Sources(arxiv=api.url), added_on=TODAY)
    assert result.path.name == "heat-bath-random-walks-with-markov-bases-2.md"
    assert other.read_bytes() == before


def test_topics_must_exist_in_topics_yml(root):
    with pytest.raises(UsageError, match=r"unknown topic 'phisics': did you mean 'physics'\?"):
        add_paper(root, "1605.08386", ["phisics"], sources=Sources(arxiv=closed_port_url()), added_on=TODAY)
    with pytest.raises(UsageError, match="give at least one --topic"):
        add_paper(root, "1605.08386", [], sources=Sources(arxiv=closed_port_url()), added_on=TODAY)
    assert papers_in(root) == []


def test_offline_add_fails_with_one_line_and_writes_nothing(root):
    url = closed_port_url()
    with pytest.raises(SourceUnavailable, match=r"^cannot reach arXiv at .+: Connection refused; check your connection"):
        add_paper(root, "1605.08386", ["physics"], sources=Sources(arxiv=url), added_on=TODAY)
    assert papers_in(root) == []


def test_import_bibtex_writes_the_complete_entries_and_reports_the_rest(root):
    report = import_file(root, FIXTURES / "sample.bib", ["interpretability"], added_on=TODAY)
    assert report.format == "bibtex"
    assert sorted(created.path.name for created in report.created) == [
        "a-title.md",  # its booktitle's macro # " 29" concatenation is resolved
        "attention-is-all-you-need.md",
        "bert-rediscovers-the-classical-nlp-pipeline-a-study-of-etudes.md",
        "concept-centric-transformers-enhancing-model-interpretability-through-object.md",
        "learning-with-ubermodels.md",
    ]
    assert [item.origin.split(" (")[0] for item in report.skipped] == ["entry 5", "entry 7", "entry 8"]
    assert report.summary() == "sample.bib (BibTeX): added 5 papers, skipped 3"
    meta, abstract, notes = read_back(root / "papers" / "learning-with-ubermodels.md")
    # "and others": more_authors, said in the report, not written as the curators' notes; no count made up
    assert meta.authors == ["Renée Dupont"] and meta.more_authors and meta.author_count is None
    assert meta.date == "2015-07" and notes == ""
    assert abstract == "An abstract that compares $x < y$ and mentions the &lt;eos> token."
    meta, _, _ = read_back(root / "papers" / "attention-is-all-you-need.md")
    assert meta.arxiv == "1706.03762" and meta.date == "2017-12" and meta.topics == ["interpretability"]
    outcome = validate(root)
    assert outcome.exit_code == 0, outcome.output


def test_import_listing_records_author_counts_and_reports_progress(root):
    progress = []
    report = import_file(root, FIXTURES / "hf" / "daily-papers-listing.txt", ["interpretability"],
                         on_progress=lambda outcome, done, total: progress.append((outcome, done, total)), added_on=TODAY)
    assert report.format == "hf-listing" and len(report.created) == 37 and report.skipped == []
    assert [(done, total) for _, done, total in progress] == [(n, 37) for n in range(1, 38)]
    assert all(isinstance(outcome, Created) for outcome, _, _ in progress)
    meta, abstract, _ = read_back(root / "papers" / "arm-net-adaptive-relation-modeling-network-for-structured-data.md")
    assert meta.authors == [] and meta.author_count == 6 and meta.date == "2021-07-05"
    assert abstract.startswith("Relational databases are the de facto standard")
    assert len(papers_in(root)) == 37
    outcome = validate(root)
    assert outcome.exit_code == 0, outcome.output


def test_import_json_fills_what_a_paper_already_in_the_collection_lacks(root):
    existing = write_existing(root, "contrastive.md", title="Another Title", arxiv="2410.17243")
    before = existing.read_text(encoding="utf-8")
    report = import_file(root, FIXTURES / "hf" / "daily_papers-2024-10-25-first-two.json", ["interpretability"],
                         added_on=TODAY)
    assert report.skipped == []
    assert report.enriched == [Enriched("item 1 (id 2410.17243)", existing, "same arXiv id 2410.17243", ("links",))]
    assert report.enriched_lines(lambda path: path.name) == [
        "filled links of contrastive.md from daily_papers-2024-10-25-first-two.json: item 1 (id 2410.17243) "
        "(same arXiv id 2410.17243)"]
    assert [created.path.name for created in report.created] == ["can-knowledge-editing-really-correct-hallucinations.md"]
    meta, _, _ = read_back(report.created[0].path)
    assert meta.upvotes == 41 and meta.arxiv == "2410.16251" and len(meta.authors) == 5
    after = existing.read_text(encoding="utf-8")  # the file's own lines stay; the link is added before the closing ---
    assert after == before.replace("---\n\nAn existing", "links:\n  huggingface: https://huggingface.co/papers/2410.17243"
                                   "\n---\n\nAn existing")
    meta, abstract, _ = read_back(existing)
    assert meta.title == "Another Title" and abstract == "An existing abstract." and meta.topics == ["physics"]
    assert validate(root).exit_code == 0


def test_the_same_paper_twice_in_one_file_is_written_once(root, tmp_path):
    item = json.loads((FIXTURES / "hf" / "daily_papers-with-links.json").read_text(encoding="utf-8"))[0]
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps([item, item]), encoding="utf-8")
    report = import_file(root, twice, ["interpretability"], added_on=TODAY)
    assert len(report.created) == 1 and report.skipped == []
    assert [(item.path, item.reason) for item in report.unchanged] == [(report.created[0].path, "same arXiv id 2602.23229")]
    meta, _, _ = read_back(report.created[0].path)
    assert meta.links == {"code": "https://github.com/marco-garosi/CIRCLE", "project": "https://circle-lmm.github.io/",
                          "huggingface": "https://huggingface.co/papers/2602.23229"}


def test_an_entry_that_would_be_an_invalid_file_is_skipped_with_the_problem(root, tmp_path):
    future = tmp_path / "future.json"
    future.write_text(json.dumps([{"paper": {
        "id": "2401.00001", "title": "From the Future", "authors": [{"name": "Ann Lee"}], "summary": "S.",
        "publishedAt": "2030-01-01T00:00:00.000Z"}}]), encoding="utf-8")
    report = import_file(root, future, ["interpretability"], added_on=TODAY)
    assert report.created == []
    assert report.skipped[0].reason == (
        "would not be a valid paper file: papers/from-the-future.md:5: date: '2030-01-01' is in the future "
        "(today is 2026-11-25); nothing was written"
    )
    assert papers_in(root) == []


def test_an_interrupted_import_leaves_only_complete_files(root):
    def interrupt_after_three(outcome, done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(root, FIXTURES / "hf" / "daily-papers-listing.txt", ["interpretability"],
                    on_progress=interrupt_after_three, added_on=TODAY)
    names = papers_in(root)
    assert len(names) == 3 and all(name.endswith(".md") and not name.startswith(".") for name in names)
    for name in names:
        meta, abstract, _ = read_back(root / "papers" / name)
        assert meta.author_count and abstract
    assert validate(root).exit_code == 0


def test_import_of_an_unknown_format_or_a_missing_file_is_a_usage_error(root, tmp_path):
    csv = tmp_path / "papers.csv"
    csv.write_text("isbn,price\n0-19-852663-6,12\n", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot tell what papers.csv holds"):
        import_file(root, csv, ["physics"], added_on=TODAY)
    with pytest.raises(UsageError, match="no such file"):
        import_file(root, tmp_path / "absent.bib", ["physics"], added_on=TODAY)
    latin1 = tmp_path / "latin1.bib"
    latin1.write_bytes("@article{a, title={Caf\u00e9}}".encode("latin-1"))
    with pytest.raises(UsageError, match="is not UTF-8 text"):
        import_file(root, latin1, ["physics"], added_on=TODAY)
    assert papers_in(root) == []


def test_dry_run_import_writes_nothing_but_reports_what_it_would_add(root):
    report = import_file(root, FIXTURES / "sample.bib", ["physics"], added_on=TODAY, dry_run=True)
    assert len(report.created) == 5 and papers_in(root) == []
    assert report.summary() == "sample.bib (BibTeX): would add 5 papers, skipped 3"
