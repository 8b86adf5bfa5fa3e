"""What the code imports is declared, and what the checks install is pinned."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement

from sitebuild import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
OWN = {"papershelf", "papershelf_mkdocs"}


def runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (imports for the type checker need no install)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (child for other in node.orelse for child in [other, *runtime_nodes(other)])
            continue
        yield node
        yield from runtime_nodes(node)


def imported_top_levels() -> set[str]:
    found = set()
    for base in ("src", "plugins"):
        for path in (REPO / base).rglob("*.py"):
            for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    found.add(node.module.split(".")[0])
    return found - OWN - set(sys.stdlib_module_names)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_package_the_code_imports_is_a_declared_dependency():
    declared = {canonical(Requirement(item).name) for item in PYPROJECT["project"]["dependencies"]}
    distributions = packages_distributions()
    missing = {module: distributions.get(module) for module in imported_top_levels()
               if not {canonical(name) for name in distributions.get(module, [module])} & declared}
    assert missing == {}, "imported but not in [project] dependencies"


def test_mkdocs_material_is_bounded_to_the_major_version_the_plugin_reads():
    [material] = [Requirement(item) for item in PYPROJECT["project"]["dependencies"]
                  if Requirement(item).name == "mkdocs-material"]
    assert "10.0" not in material.specifier and "9.99" in material.specifier


def test_every_install_the_checks_run_is_pinned():
    """pip installs in the scripts, CI and the workflow use constraints.txt or an exact version; each tool of
    the test extra is pinned there."""
    pins = {canonical(line.split("==")[0]) for line in (REPO / "constraints.txt").read_text().splitlines()
            if "==" in line and not line.startswith("#")}
    texts = {path: path.read_text(encoding="utf-8") for path in
             [*(REPO / "scripts").iterdir(), REPO / ".ci" / "run", *(REPO / ".github" / "workflows").glob("*.yml")]}
    for path, text in texts.items():
        for line in text.splitlines():
            if re.search(r"\bpip install\b", line) and not line.lstrip().startswith("#"):
                assert "constraints.txt" in line or "==" in line, f"{path.name}: {line.strip()}"
    for item in PYPROJECT["project"]["optional-dependencies"]["test"]:
        assert canonical(Requirement(item).name) in pins, item
