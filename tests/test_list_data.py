"""papers/list.json (site/list_data.py), from a small collection read from files (no build)."""

from __future__ import annotations

import json

from papershelf.model.collection import load_collection
from papershelf.model.writer import render_paper_file
from papershelf.site.list_data import PAPER_FIELDS, list_data, simple_slug, write_list_data
from sitebuild import scratch_collection

PAPERS = {
    "new.md": render_paper_file({"title": "New", "authors": ["Zoë Ünal", "Alan Turing"], "date": "2024-05-01",
                                 "topics": ["sparse-autoencoders"], "venue": "ICML", "upvotes": 12}, "A."),
    "old.md": render_paper_file({"title": "Old", "authors": ["Alan Turing"], "date": "2021", "author_count": 3,
                                 "topics": ["feature-attribution", "sparse-autoencoders"], "venue": "arXiv"}, "B."),
    "bare.md": render_paper_file({"title": "Bare", "authors": ["Grace Hopper"], "date": "2022-07",
                                  "topics": ["feature-attribution"]}, "C."),
}


def collection(tmp_path):
    return load_collection(scratch_collection(tmp_path / "c", PAPERS))


def rows(data: dict) -> dict[str, dict]:
    return {row[0]: dict(zip(data["fields"], row, strict=True)) for row in data["papers"]}


def test_each_paper_is_a_row_of_indexes_newest_first(tmp_path):
    data = list_data(collection(tmp_path))
    assert data["fields"] == PAPER_FIELDS
    assert [row[0] for row in data["papers"]] == ["new", "bare", "old"]
    new, old, bare = (rows(data)[slug] for slug in ("new", "old", "bare"))
    assert (new["title"], new["date"], new["shown_date"], new["upvotes"], new["author_count"]) == \
        ("New", "2024-05-01", "May 1, 2024", 12, 2)
    assert (old["shown_date"], old["upvotes"], old["author_count"]) == ("2021", 0, 3)  # the count the file gives
    assert [data["authors"][i] for i in new["authors"]] == [["Zoë Ünal", "zoe-unal"], "Alan Turing"]
    assert [data["topics"][i][0] for i in old["topics"]] == ["feature-attribution", "sparse-autoencoders"]
    assert data["venues"] == ["arXiv", "ICML"]  # by name, case ignored
    assert (data["venues"][new["venue"]], data["venues"][old["venue"]], bare["venue"]) == ("ICML", "arXiv", -1)


def test_an_author_is_listed_once_with_a_slug_only_where_the_script_would_compute_another(tmp_path):
    data = list_data(collection(tmp_path))
    assert data["authors"] == [["Zoë Ünal", "zoe-unal"], "Alan Turing", "Grace Hopper"]
    assert simple_slug("Alan Turing") == "alan-turing" and simple_slug("Zoë Ünal") == "zo-nal"
    assert data["urls"] == {"paper": "papers/{slug}/", "author": "authors/{slug}/", "topic": "topics/{slug}/"}


def test_the_file_is_compact_json(tmp_path):
    shelf = collection(tmp_path)
    path = write_list_data(shelf, tmp_path / "site")
    text = path.read_text(encoding="utf-8")
    assert path == tmp_path / "site" / "papers" / "list.json"
    assert json.loads(text) == json.loads(json.dumps(list_data(shelf)))
    assert '": ' not in text and '", "' not in text and "\n" not in text and "Zoë" in text  # no spaces, UTF-8
