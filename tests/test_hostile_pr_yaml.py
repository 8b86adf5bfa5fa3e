"""A pull request's mkdocs.yml and workflows are read as YAML data: whatever they hold (nesting thousands deep,
control characters, numbers Python refuses, `!!python/object` tags), `pr-summary` says what it can and exits 0,
never with an internal error, in time that follows the file's size."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from papershelf.model.problems import UsageError
from papershelf.model.site_config import MAX_NESTING, TooDeep, parse_site_config, read_site_config
from papershelf.review.prcheck import summarize_pr
from papershelf.review.prsite import SiteSettings, changed_keys, site_settings
from papershelf.review.workflowfacts import workflow_facts
from test_prcheck import commit, flagged, main, repo, write  # noqa: F401 (repo: the fixture)

WORKFLOW = ".github/workflows/hostile.yml"
HOSTILE_YAML = {
    "lists nested 5,000 deep": "on: push\njobs: " + "[" * 5000 + "]" * 5000 + "\n",
    "mappings nested 5,000 deep": "on: push\njobs: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
    "an escape character": "on:\n  \x1b[31m\u202epush: {}\njobs: {}\n",
    "a number of 5,000 digits": "on: push\npermissions: " + "9" * 5000 + "\n",
    "a date that is no day": "on: push\npermissions: 2024-02-30\n",
}


@pytest.mark.parametrize("case", HOSTILE_YAML)
@pytest.mark.parametrize("path", [WORKFLOW, "mkdocs.yml"])
def test_hostile_yaml_in_a_workflow_or_mkdocs_yml_is_summarized_not_an_internal_error(repo, capsys, case, path):  # noqa: F811
    write(repo, {path: HOSTILE_YAML[case]})
    commit(repo)
    code = main(["--root", str(repo), "--base", "main", "--head", "HEAD"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "internal error" not in err
    assert f"`{path}`" in out and "\x1b" not in out


def test_what_a_hostile_workflow_can_be_read_as_is_said(repo):  # noqa: F811
    write(repo, {".github/workflows/deep.yml": HOSTILE_YAML["lists nested 5,000 deep"],
                 ".github/workflows/number.yml": HOSTILE_YAML["a number of 5,000 digits"],
                 ".github/workflows/day.yml": HOSTILE_YAML["a date that is no day"]})
    commit(repo)
    report = summarize_pr(repo, "main", "HEAD")
    assert flagged(report, ".github/workflows/deep.yml").details == (
        "it does not parse as a YAML mapping (GitHub would not run it)",)
    assert flagged(report, ".github/workflows/day.yml").details[:2] == ("runs on: push", "permissions: '2024-02-30'")
    number = flagged(report, ".github/workflows/number.yml").details[1]
    assert number.startswith("permissions: '9999") and "..." in number and len(number) < 250


def test_a_workflow_of_thousands_of_triggers_and_secrets_names_ten_of_each_and_counts_the_rest(repo):  # noqa: F811
    triggers = "".join(f"  t{number}: {{}}\n" for number in range(8000))
    steps = "".join(f"      - run: echo ${{{{ secrets['s{number} {'x' * 100}'] }}}}\n" for number in range(50))
    write(repo, {WORKFLOW: f"on:\n{triggers}jobs:\n  a:\n    runs-on: x\n    steps:\n{steps}"})
    commit(repo)
    details = flagged(summarize_pr(repo, "main", "HEAD"), WORKFLOW).details
    assert details[0] == "runs on: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 … (7,990 more)"
    secrets = next(detail for detail in details if detail.startswith("reads secrets: "))
    assert secrets.endswith("… (40 more)") and secrets.count("…") == 11 and len(secrets) < 800


def test_mkdocs_yml_nested_too_deep_is_a_yaml_error_naming_its_line(tmp_path):
    def nested(lists: int) -> str:  # the document's mapping and `extra:` are two levels
        return "site_name: X\nextra:\n  a: " + "[" * lists + "]" * lists + "\n"

    assert parse_site_config(nested(MAX_NESTING - 2))["extra"]["a"]  # at the bound: read
    with pytest.raises(TooDeep) as raised:
        parse_site_config(nested(MAX_NESTING - 1))
    assert isinstance(raised.value, yaml.YAMLError) and f"over {MAX_NESTING} deep (line 3)" in str(raised.value)
    (tmp_path / "mkdocs.yml").write_text(nested(20_000))
    with pytest.raises(UsageError, match=r"mkdocs\.yml:3: not valid YAML"):
        read_site_config(tmp_path / "mkdocs.yml")


YAML_PIECES = ["[", "]", "{", "}", ": ", ", ", "- ", "\n", "  ", "&a ", "*a", "!!python/object/apply:os.system ",
               "!ENV ", '"\\e[31m', '"\\u202e"', '"\\0"', "'", '"', "on", "jobs", "permissions", "INHERIT",
               "plugins", "9" * 50, "0x" + "F" * 20, "2024-02-30", "1:2:3", "? ", "|", ">", "#", "\x1b", "\u202e",
               "\x00", "\ufeff", "secrets['a']", "${{ secrets.B }}", "pull_request_target", "\t", "%YAML 1.1\n", "---\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join))
def test_any_text_as_a_workflow_or_mkdocs_yml_gives_lines_not_an_exception(text):
    facts = workflow_facts(text)
    assert all(isinstance(fact, str) and len(fact) < 2000 for fact in facts) and (facts or not text)
    assert all(isinstance(line, str) for line in changed_keys("site_name: X\n", text))
    assert isinstance(site_settings(text), SiteSettings)
