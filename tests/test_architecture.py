"""The layering of docs/architecture.md, held by the import-linter contracts in pyproject.toml."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from sitebuild import REPO, parse

LINT_IMPORTS = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """`lint-imports` with this repository's contracts, on the packages under `tree` (src/ and plugins/)."""
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{tree / 'plugins'}"}
    return subprocess.run([*LINT_IMPORTS, str(REPO / "pyproject.toml"), "--no-cache", "--no-logo"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120)


def test_the_packages_keep_every_import_contract():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def copy_of_the_packages(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.html", "*.css", "*.js", "*.md")
    shutil.copytree(REPO / "src" / "papershelf", target / "src" / "papershelf", ignore=ignore)
    shutil.copytree(REPO / "plugins" / "papershelf_mkdocs", target / "plugins" / "papershelf_mkdocs", ignore=ignore)
    return target


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_an_upward_import_a_mkdocs_import_and_a_cycle_each_break_a_contract(tmp_path):
    tree = copy_of_the_packages(tmp_path)
    package = tree / "src" / "papershelf"
    add_line(package / "model" / "text.py", "from ..intake import adding  # upward")
    add_line(package / "exports" / "feed.py", "import mkdocs.plugins  # MkDocs under src")
    add_line(package / "sources" / "crossref.py", "from . import hf")
    add_line(package / "sources" / "hf.py", "from . import crossref  # a cycle")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "0 kept, 4 broken" in result.stdout, result.stdout
    assert "- papershelf.model.text -> papershelf.intake.adding" in result.stdout  # layers, and the model's own
    assert "papershelf.exports.feed -> mkdocs (l." in result.stdout
    assert "No cycles are allowed in papershelf.sources." in result.stdout


ARCHITECTURE = REPO / "docs" / "architecture.md"
DOTTED_NAME = re.compile(r"`(papershelf(?:_mkdocs)?(?:\.\w+)*)`")


def modules_of_the_code() -> set[str]:
    """Every package and module under src/ and plugins/, by its import name."""
    found = set()
    for base in (REPO / "src", REPO / "plugins"):
        for path in base.rglob("*.py"):
            parts = path.relative_to(base).with_suffix("").parts
            if parts[0] in ("papershelf", "papershelf_mkdocs"):
                found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_the_architecture_page_names_every_module_and_only_what_exists():
    named = set(DOTTED_NAME.findall(ARCHITECTURE.read_text(encoding="utf-8")))
    modules = modules_of_the_code()
    assert modules - named == set(), "modules docs/architecture.md does not name"
    for name in sorted(named - modules):  # a module's attribute, such as papershelf.__all__
        module, _, attribute = name.rpartition(".")
        assert module in modules and hasattr(importlib.import_module(module), attribute), f"no {name}"


def test_maintainer_pages_are_built_but_not_in_the_readers_navigation(bundled_site):
    guide = (bundled_site / "reading" / "index.html").read_text(encoding="utf-8")
    links = {attributes.get("href") for tag, attributes in parse(guide).elements if tag == "a"}
    assert {"../fields/", "../cli/", "../security/"} <= links  # the guide's pages, in its navigation
    for page in ("architecture", "api", "performance"):
        assert f"../{page}/" not in links
        assert (bundled_site / page / "index.html").is_file()


def test_every_module_has_its_place_in_a_layer_contract():
    """A new module lands in a layer (pyproject.toml), or the layering says nothing about it."""
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layered = set()
    for contract in contracts:
        if contract["type"] != "layers":
            continue
        names = {name.strip() for layer in contract["layers"] for name in re.split(r"[|:]", layer)}
        layered |= {f"{container}.{name}" for container in contract.get("containers", [""]) for name in names}
    layered = {name.lstrip(".") for name in layered}
    unplaced = {module for module in modules_of_the_code() if module not in ("papershelf", "papershelf.model")
                and not any(module == name or module.startswith(name + ".") for name in layered)}
    assert unplaced == set()
    model_modules = {module for module in modules_of_the_code() if module.startswith("papershelf.model.")}
    assert model_modules <= layered, "the collection model's own contract lists each of its modules"
