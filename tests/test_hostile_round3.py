"""The third review's hostile corpus (tests/hostile/round3.yml): at least 60 cases, each class of issue 27
represented, each case with its expected handling and a reason. Each section is read by the test that runs it."""

from __future__ import annotations

from pathlib import Path

import yaml

CORPUS = yaml.safe_load((Path(__file__).parent / "hostile" / "round3.yml").read_text(encoding="utf-8"))
# section -> (the class of issue 27 it covers, the test that runs it, the field that says what must happen)
SECTIONS = {
    "pull_requests": ("1, 2: a summary the PR cannot write, nor hide from", "test_prcheck.py", "flag"),
    "authors": ("3: authors renamed or displaced", "test_author_stability.py", "authors"),
    "addresses": ("4: link checker on the public internet only", "test_link_addresses.py", "expect"),
    "github_text": ("5: inert GitHub Markdown", "test_github_text.py", "text"),
    "upgrade": ("6: init --upgrade path safety", "test_upgrade_paths.py", "message"),
    "taxonomy": ("7: bounded taxonomy", "test_taxonomy_bounds.py", "expect"),
    "imports": ("8: import files of the wrong shape", "test_wrong_shapes.py", "message"),
    "crossref": ("8: Crossref answers of the wrong shape", "test_wrong_shapes.py", "message"),
}


def test_sixty_or_more_cases_every_class_each_with_expected_handling():
    assert set(CORPUS) == set(SECTIONS)
    assert sum(len(cases) for cases in CORPUS.values()) >= 60
    for section, (_, test_file, field) in SECTIONS.items():
        assert CORPUS[section], section
        assert (Path(__file__).parent / test_file).read_text(encoding="utf-8").count(f'"{section}"') >= 1, test_file
        for case in CORPUS[section]:
            assert case.get(field) is not None and case.get("reason"), (section, case)
