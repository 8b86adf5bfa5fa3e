"""The release: `python -m build` makes a wheel and sdist that carry every file of the packages,
`twine check --strict` accepts them, and the wheel installed in a fresh venv runs `init` and `build`."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import papershelf

pytestmark = pytest.mark.xdist_group("release-dist")  # one worker builds the wheel and sdist

REPO = Path(__file__).resolve().parents[1]
PACKAGES = {"papershelf": REPO / "src" / "papershelf", "papershelf_mkdocs": REPO / "plugins" / "papershelf_mkdocs"}
SOURCE_DIRS = {"papershelf": "src/papershelf", "papershelf_mkdocs": "plugins/papershelf_mkdocs"}
BUILD_INPUTS = ("pyproject.toml", "MANIFEST.in", "LICENSE", "README.md", "constraints.txt", "src", "plugins")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def package_files() -> dict[str, set[str]]:
    """Every file of each package in the source tree, relative to the package folder."""
    return {
        name: {path.relative_to(folder).as_posix() for path in folder.rglob("*")
               if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
        for name, folder in PACKAGES.items()
    }


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The wheel and sdist, built from a clean copy of the source (the working tree gets no build/ folder)."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=JUNK)
        else:
            shutil.copy2(origin, source / name)
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: the backend named in pyproject.toml is installed from the test extras; no download.
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def test_the_version_has_one_source():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "papershelf.__version__"}
    tree = ast.parse((PACKAGES["papershelf"] / "__init__.py").read_text(encoding="utf-8"))
    assigned = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", "") == "__version__"]
    assert assigned == [papershelf.__version__]


def test_the_wheel_carries_every_template_asset_and_scaffold_file(dist):
    wheel = only(dist, f"papershelf-{papershelf.__version__}-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for package, files in package_files().items():
        packaged = {name.removeprefix(package + "/") for name in names if name.startswith(package + "/")}
        assert files - packaged == set(), f"missing from the wheel: {sorted(files - packaged)}"
        assert packaged - files == set(), f"in the wheel but not in the source: {sorted(packaged - files)}"
    scaffold = {name for name in names if name.startswith("papershelf/scaffold/")}
    # dot-files and dot-folders are the easiest to lose
    assert {"papershelf/scaffold/.gitignore", "papershelf/scaffold/.pre-commit-config.yaml",
            "papershelf/scaffold/.github/workflows/check.yml",
            "papershelf/scaffold/.github/ISSUE_TEMPLATE/suggest-paper.yml"} <= scaffold
    assert not any(name.endswith(".pyc") or "__pycache__" in name for name in names)


def test_the_wheel_metadata_names_the_version_entry_points_and_license(dist):
    wheel = only(dist, "*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = f"papershelf-{papershelf.__version__}.dist-info"
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = archive.read(f"{info}/entry_points.txt").decode("utf-8")
        assert f"{info}/licenses/LICENSE" in archive.namelist()
    assert metadata["Version"] == papershelf.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Description-Content-Type"] == "text/markdown"
    source = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Source"]
    assert f"Source, {source}" in metadata.get_all("Project-URL")  # what papershelf.origin reads
    assert "papershelf = papershelf.cli:main" in entry_points
    assert "papershelf = papershelf_mkdocs.plugin:PapershelfPlugin" in entry_points


def test_the_sdist_carries_every_package_file(dist):
    sdist = only(dist, f"papershelf-{papershelf.__version__}.tar.gz")
    top = f"papershelf-{papershelf.__version__}/"
    with tarfile.open(sdist) as archive:
        names = {member.name.removeprefix(top) for member in archive.getmembers() if member.isfile()}
    for package, files in package_files().items():
        expected = {f"{SOURCE_DIRS[package]}/{name}" for name in files}
        assert expected - names == set(), f"missing from the sdist: {sorted(expected - names)}"
    assert {"pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"} <= names


def test_twine_check_strict_passes(dist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_readme_says_how_to_install_before_and_after_a_release():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Source"]
    assert f"pipx install git+{source} " in readme  # the URL of [project.urls], not another one
    assert "pipx install papershelf " in readme and "pipx run papershelf init my-papers" in readme
    assert "python3 -m venv .venv" in readme and "PEP 668" in readme
    assert "papershelf init ." in readme and "Use this template" in readme


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_venv_runs_init_and_build(dist, tmp_path):
    """The dependencies come from this Python (--system-site-packages: no network); papershelf from the wheel."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python, command = venv / "bin" / "python", venv / "bin" / "papershelf"
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PAPERSHELF_ROOT")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                              "--disable-pip-version-check", str(only(dist, "*.whl"))],
                             capture_output=True, text=True, timeout=300, env=environment)
    assert install.returncode == 0, install.stdout + install.stderr

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=600, cwd=cwd, env=environment)

    where = run(str(python), "-c", "import papershelf, papershelf_mkdocs; "
                                   "print(papershelf.__file__); print(papershelf_mkdocs.__file__)")
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(str(venv)) for line in where.stdout.split()), where.stdout
    version = run(str(command), "--version")
    assert papershelf.__version__ in version.stdout

    init = run(str(command), "init", "my-papers", "--name", "From the wheel")
    assert init.returncode == 0, init.stdout + init.stderr
    collection = tmp_path / "my-papers"
    assert f"papershelf=={papershelf.__version__}" in (collection / "requirements.txt").read_text(encoding="utf-8")
    assert (collection / ".github" / "workflows" / "check.yml").is_file()
    environment["SITE_URL"] = "https://ourlab.github.io/my-papers/"  # as the Pages workflow sets it
    build = run(str(command), "build", "-d", str(tmp_path / "site"), cwd=collection)
    assert build.returncode == 0, build.stdout + build.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "From the wheel" in home
    assert (tmp_path / "site" / "papers" / "index.html").is_file()


def git(*args: str, cwd: Path) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", *args], cwd=cwd, check=True, env=environment, capture_output=True,
                          text=True).stdout.strip()


def fresh_venv(path: Path) -> Path:
    """A virtualenv seeing this Python's packages (no network needed) and none of its own: the venv's bundled
    setuptools would be older than the one pyproject.toml needs."""
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(path)], check=True,
                   timeout=120)
    return path


def pip_into(venv: Path) -> list[str]:
    return [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "--disable-pip-version-check"]


@pytest.mark.slow
def test_installed_from_a_git_url_init_dot_pins_that_commit(tmp_path):
    """Before any PyPI release: pip installs papershelf from a git URL (here a local repository holding this
    checkout's sources), and `init .` in a new repository's clone names that exact commit."""
    origin = tmp_path / "papershelf.git"
    origin.mkdir()
    for name in BUILD_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, origin / name, ignore=JUNK)
        else:
            shutil.copy2(source, origin / name)
    git("init", "-q", "-b", "main", cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "-q", "-m", "papershelf", cwd=origin)
    commit = git("rev-parse", "HEAD", cwd=origin)

    venv = fresh_venv(tmp_path / "venv")
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PAPERSHELF_ROOT")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    # file://localhost/…: pip 23's requirement parser refuses a file URL without a host
    repository = f"file://localhost{origin.as_posix()}"
    url = f"git+{repository}@main"
    # pip builds the wheel from the clone (the backend comes from this Python: no download) and records
    # where it came from in direct_url.json (PEP 610)
    install = subprocess.run([*pip_into(venv), "install", "--no-deps", "--no-index",
                              "--no-build-isolation", "--disable-pip-version-check", f"papershelf @ {url}"],
                             capture_output=True, text=True, timeout=600, env=environment)
    assert install.returncode == 0, install.stdout + install.stderr

    clone = tmp_path / "mygroup"
    clone.mkdir()
    git("init", "-q", cwd=clone)
    (clone / "README.md").write_text("# mygroup\n", encoding="utf-8")
    (clone / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    init = subprocess.run([str(venv / "bin/papershelf"), "init", ".", "--name", "My group"], cwd=clone,
                          capture_output=True, text=True, timeout=300, env=environment)
    assert init.returncode == 0, init.stdout + init.stderr
    assert "Warning" not in init.stderr
    requirement = f"papershelf @ git+{repository}@{commit}"
    lines = (clone / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert requirement in lines
    assert (clone / "README.md").read_text(encoding="utf-8") == "# mygroup\n"
    assert (clone / ".github/workflows/check.yml").is_file()
    # what the workflows run: pip installs from requirements.txt (here into a second venv)
    second = fresh_venv(tmp_path / "runner")
    again = subprocess.run([*pip_into(second), "install", "--no-deps", "--no-index",
                            "--no-build-isolation", "--disable-pip-version-check", "-r", "requirements.txt"],
                           cwd=clone, capture_output=True, text=True, timeout=600, env=environment)
    assert again.returncode == 0, again.stdout + again.stderr
    version = subprocess.run([str(second / "bin/papershelf"), "--version"], capture_output=True, text=True,
                             env=environment, timeout=60)
    assert papershelf.__version__ in version.stdout


@pytest.mark.parametrize("installed", [True, False], ids=["chromium-and-node-installed", "neither"])
def test_the_readme_test_command_keeps_an_existing_nodejs(tmp_path, installed):
    """README's test command, run by sh with stand-ins for sudo, python, bash and (when they are there) chromium
    and npm that record their arguments: Debian's chromium and nodejs/npm are asked for only when missing, and
    with sudo, so a developer who is not root gets no "are you root?" from apt-get when nothing is missing."""
    node_installed = installed
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [command] = [block.split("```")[0].strip() for block in readme.split("```sh\n")[1:]
                 if block.split("```")[0].strip().endswith("&& python -m pytest -n 2")]
    tools, calls = tmp_path / "bin", tmp_path / "calls.txt"
    tools.mkdir()
    for name in ("sudo", "python", "bash") + (("npm", "chromium") if installed else ()):
        (tools / name).write_text(f'#!/bin/sh\necho "{name} $*" >> {calls}\n', encoding="utf-8")
        (tools / name).chmod(0o755)
    result = subprocess.run(["/bin/sh", "-c", command], env={"PATH": str(tools)}, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    apt = [line for line in calls.read_text(encoding="utf-8").splitlines() if line.startswith("sudo")]
    assert apt == ([] if installed else ["sudo apt-get install -y chromium", "sudo apt-get install -y nodejs npm"])
    assert ("sudo apt-get install -y nodejs npm" in apt) is not node_installed
    assert calls.read_text(encoding="utf-8").splitlines()[-1] == "python -m pytest -n 2"


def test_ci_and_the_workflow_run_the_readmes_second_tier_of_tests():
    """The README's second command (browser sweeps, scale tests, properties at 500 examples) is what .ci/run
    and check.yml run after the first, so nothing it names is left out of CI."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [command] = [block.split("```")[0].strip() for block in readme.split("```sh\n")[1:]
                 if block.startswith("python -m pytest -n 2 -m ")]
    selection = command.removeprefix("python -m pytest -n 2 ")
    assert "browser" in selection and "slow" in selection and "thorough" in selection
    assert f"python3 -m pytest -n 2 {selection}" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"python -m pytest -n auto {selection}" in (REPO / ".github/workflows/check.yml").read_text(encoding="utf-8")
