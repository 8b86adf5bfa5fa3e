"""The plugin's options are checked before a build; installs come from constraints.txt; tests hold on either PyYAML."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from papershelf.model.yamlstrict import MAX_DEPTH, YamlProblem, load_strict
from papershelf_mkdocs.config import PapershelfConfig
from sitebuild import REPO, build_site, scratch_collection


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-").replace(".", "-")


def test_every_option_is_a_row_of_the_configuration_table():
    documented = re.findall(r"^\| `(\w+)` \|", (REPO / "docs" / "configuration.md").read_text(encoding="utf-8"), re.M)
    assert sorted(documented) == sorted(name for name, _ in PapershelfConfig._schema)


@pytest.mark.parametrize("option, value, message", [
    ("papers_per_page", 0, "must be at least 1 and at most 100,000, not 0"),
    ("terms_per_page", -5, "must be at least 1"),
    ("related", 1000, "must be at least 0 and at most 100, not 1,000"),
    ("latest", True, "Expected a whole number, got True"),
    ("latest", "ten", "Expected type: <class 'int'>"),
    ("taxonomies", [{"name": "venues", "permalink": "venues"}], "must be a folder followed by {slug}/"),
    ("taxonomies", [{"name": "venues", "permalink": "topics/{slug}/"}], "already the folder of topics"),
    ("taxonomies", [{"name": "venues", "orders": ["loudest"]}], "Expected one of"),
    ("taxonomies", [{"title": "Venues"}], "name"),
])
def test_a_wrong_option_is_a_config_error_naming_it(option, value, message):
    config = PapershelfConfig()
    config.load_dict({option: value})
    failed, _ = config.validate()
    assert [key for key, _ in failed] == [option]
    assert message in str(failed[0][1])


def test_a_wrong_option_stops_a_real_build_before_it_starts(tmp_path):
    collection = scratch_collection(tmp_path / "c", papers={})
    config_path = collection / "mkdocs.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8").replace(
        "  - papershelf:\n", "  - papershelf:\n      papers_per_page: 0\n"), encoding="utf-8")
    result = build_site(collection, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("Config value 'plugins': Plugin 'papershelf' option 'papers_per_page': "
            "must be at least 1 and at most 100,000, not 0") in result.stderr, result.stderr


def test_good_options_give_typed_values_and_the_route_table():
    config = PapershelfConfig()
    config.load_dict({"papers_per_page": 20, "taxonomies": [{"name": "venues", "field": "venue"}]})
    assert config.validate() == ([], [])
    assert config.papers_per_page == 20 and config.related == 5
    routes = config.routes()
    assert list(routes.taxonomies) == ["topics", "authors", "years", "venues"]
    assert routes.term("venues", "neurips") == "venues/neurips/"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 25_000])
def test_deep_nesting_is_papershelfs_own_error_whichever_libyaml_parses_it(depth):
    """PyYAML 6.0.4's libyaml refuses very deep nesting itself, 6.0.3's does not: the message is ours in both."""
    with pytest.raises(YamlProblem) as caught:
        load_strict("title: x\ntopics: " + "[" * depth + "]" * depth + "\n", first_line=2)
    assert caught.value.message == f"lists or mappings are nested over {MAX_DEPTH} deep"
    assert caught.value.line == 3 and caught.value.field == "topics"


def test_every_dependency_is_pinned_in_constraints_and_ci_installs_with_it():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name_of(name)] = version
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    assert not [name_of(requirement) for requirement in declared if name_of(requirement) not in pins]
    # ranges stay loose for users: no exact pins in pyproject.toml
    assert not [requirement for requirement in declared if "==" in requirement]
    installs = [line for path in [REPO / ".ci" / "run", *sorted((REPO / ".github" / "workflows").glob("*.yml"))]
                for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"pip install .*-e ", line)]
    assert installs and all("-c constraints.txt" in line for line in installs), installs
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {"package-ecosystem": "pip", "directory": "/"}.items() <= next(
        update for update in dependabot["updates"] if update["package-ecosystem"] == "pip").items()


def test_what_the_code_imports_is_declared_and_what_is_declared_is_imported():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {name_of(requirement) for requirement in project["dependencies"]}
    imports = set()
    for path in [*(REPO / "src").rglob("*.py"), *(REPO / "plugins").rglob("*.py")]:
        imports |= set(re.findall(r"^\s*(?:import|from) ([a-zA-Z_]+)", path.read_text(encoding="utf-8"), re.M))
    assert "requests" in imports and "requests" in runtime
    assert "markdown" not in imports and "markdown" not in runtime  # MkDocs brings its own
