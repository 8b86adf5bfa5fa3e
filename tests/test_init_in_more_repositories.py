"""`papershelf init .` inside more kinds of repositories a group already has: one whose default branch is master, a
Docusaurus site, an MkDocs project kept in docs/, a Jupyter Book, a Material blog whose requirements.txt pins an
older mkdocs-material. Each test builds a small tree modelled on a real public repository (named in its
docstring) and drives the real command."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from papershelf.cli import cli

sys.path.insert(0, str(Path(__file__).parent))
from test_workflows import linter  # noqa: E402

KIT_WORKFLOWS = (".github/workflows/check.yml", ".github/workflows/pages.yml")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def clone(tmp_path: Path, name: str, files: dict[str, str], origin: str, branch: str = "main") -> Path:
    """A clone, as `git clone` leaves it (origin/HEAD naming the default branch), of a repository holding `files`
    on `branch`, with its GitHub address as origin."""
    upstream = tmp_path / "upstream" / name
    upstream.mkdir(parents=True)
    git("init", "-q", "-b", branch, str(upstream))
    write(upstream, files)
    git("-C", str(upstream), "add", "-A")
    git("-C", str(upstream), "-c", "user.name=a", "-c", "user.email=a@example.org", "commit", "-qm", "start")
    path = tmp_path / name
    git("clone", "-q", str(upstream), str(path))
    git("-C", str(path), "remote", "set-url", "origin", origin)
    return path


def pushed_branches(repo: Path, workflow: str) -> list[str]:
    on = yaml.safe_load((repo / workflow).read_text(encoding="utf-8"))[True]  # YAML 1.1 reads the key `on` as True
    return list(on["push"]["branches"])


def test_the_workflows_run_on_a_default_branch_called_master(tmp_path, monkeypatch):
    """terryum/awesome-deep-learning-papers: a README reading list whose default branch is master. The kit's check
    and Pages workflows ran on pushes to main, so nothing was ever checked or published; init writes the clone's
    default branch into them, says so, records it, and an upgrade keeps it."""
    files = {"README.md": "# Awesome - Most Cited Deep Learning Papers\n", "top100papers.bib": "\n"}
    repo = clone(tmp_path, "awesome-deep-learning-papers", files,
                 "https://github.com/terryum/awesome-deep-learning-papers", branch="master")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"], workflow
    assert "Publishes the site to GitHub Pages from master (or by hand)" in \
        (repo / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "the check and Pages workflows run on pushes to master, the branch this clone's origin publishes from" \
        in result.output
    git("-C", str(repo), "checkout", "-q", "-b", "reading-list")  # upgraded later, from another branch
    upgrade = invoke("init", "--upgrade", ".")
    assert upgrade.exit_code == 0, upgrade.output
    assert upgrade.output.startswith("12 kit files already current"), upgrade.output
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"], workflow


def test_an_upgrade_moves_an_older_kit_to_the_default_branch(tmp_path, monkeypatch):
    """A collection whose kit was written before init looked at the branch (its workflows on main, its manifest
    naming no branch), in a repository whose default branch is master: the upgrade moves the workflows there."""
    repo = tmp_path / "reading-list"
    assert invoke("init", str(repo)).exit_code == 0  # not yet a git repository: GitHub's default, main
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["main"]
    upstream = clone(tmp_path, "upstream-clone", {"README.md": "# list\n"}, str(tmp_path / "unused"), "master")
    git("init", "-q", "-b", "master", str(repo))  # then pushed to a repository whose default branch is master
    git("-C", str(repo), "remote", "add", "origin", str(tmp_path / "upstream" / "upstream-clone"))
    git("-C", str(repo), "fetch", "-q", "origin")
    git("-C", str(repo), "add", "-A")
    git("-C", str(repo), "-c", "user.name=a", "-c", "user.email=a@example.org", "commit", "-qm", "kit")
    git("-C", str(repo), "branch", "-q", "--set-upstream-to", "origin/master")  # as `git push -u` leaves it
    assert upstream.is_dir()
    upgrade = invoke("init", "--upgrade", str(repo))
    assert upgrade.exit_code == 0, upgrade.output
    assert [line for line in upgrade.output.splitlines() if line.startswith("updated")] == \
        [f"updated {workflow}" for workflow in KIT_WORKFLOWS]
    for workflow in KIT_WORKFLOWS:
        assert pushed_branches(repo, workflow) == ["master"]


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


DOCUSAURUS_SITE = {
    "docusaurus.config.js": "module.exports = {\n  title: 'RAIL Lab Robots',\n  baseUrl: '/',\n};\n",
    "package.json": '{\n  "name": "robot-docs",\n  "scripts": {"build": "docusaurus build", '
                    '"deploy": "docusaurus deploy"}\n}\n',
    "sidebars.js": "module.exports = {};\n",
    "docs/welcome.md": "---\nid: welcome\ntitle: Welcome\nsidebar_position: 1\n---\n\n# Welcome\n",
    "docs/pepper/about.md": "---\nid: pepper-about\ntitle: About\nauthors: [alexandrab]\n---\n\n# Meet Pepper\n",
    "docs/pepper/demos.md": "---\ntitle: Demos\nauthors: [alexandrab]\n---\n\n# Demos\n",
    "docs/pepper/_category_.json": '{"label": "Pepper", "position": 4}\n',
    "blog/2025-07-04/index.md": "---\nslug: welcome\ntitle: Welcome\nauthors: [alexandrab]\ntags: [docusaurus]\n---\n",
    "blog/authors.yml": "alexandrab:\n  name: Alexandra B\n",
    ".gitignore": "/node_modules\n/build\n.docusaurus\n",
    ".github/workflows/deploy.yml": (
        "on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npm ci && npm run build\n      - uses: actions/upload-pages-artifact@v3\n        with:\n"
        "          path: build\n"),
}


def test_a_docusaurus_sites_docs_and_blog_are_left_to_it(tmp_path, monkeypatch):
    """raillab/robot-docs, a lab's Docusaurus site: its docs/ is Docusaurus' pages. init wrote its index.md there
    (a new page of their site) and MkDocs published every Docusaurus page, _category_.json too, as the reading
    list's; and it named docs/pepper/ and the blog's posts (a title and authors) as paper notes to import. Now the
    collection's pages go to reading-list/, docs/ and blog/ are as they were, none of their pages is built or
    named for import, and the kit's Pages workflow is left out (theirs deploys the Docusaurus site)."""
    repo = clone(tmp_path, "robot-docs", DOCUSAURUS_SITE, "https://github.com/raillab/robot-docs")
    monkeypatch.chdir(repo)
    before = {folder: tree(repo / folder) for folder in ("docs", "blog")}
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert {folder: tree(repo / folder) for folder in ("docs", "blog")} == before
    assert "wrote the site's pages to reading-list/, not docs/ (docs_dir: reading-list in mkdocs.yml): docs/ holds " \
           "a Docusaurus site's pages (docusaurus.config.js), which would publish papershelf's index.md among them" \
        in result.output
    assert "This folder lists papers in" not in result.output
    assert "left out .github/workflows/pages.yml" in result.output
    assert not (repo / ".github/workflows/pages.yml").exists()
    monkeypatch.setenv("SITE_URL", "https://raillab.github.io/robot-docs/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    site = tmp_path / "site"
    assert (site / "papers" / "index.html").is_file()
    assert not (site / "pepper").exists() and not (site / "welcome").exists() and not (site / "blog").exists()


MKDOCS_IN_DOCS = {
    "README.md": "# MkDocs Quickstart\n",
    ".gitignore": "venv\n\nsite/\n",
    "docs/mkdocs.yml": "site_name: MkDocs Quickstart\ntheme: readthedocs\nnav:\n  - Home: index.md\n",
    "docs/docs/index.md": "# MkDocs Quickstart\n",
    "docs/docs/tutorial/deploy.md": "# Deploy\n",
    "docs/requirements.txt": "mkdocs\n",
    "docs/Makefile": "install:\n\tpip install -r requirements.txt\n\nd deploy:\n\tmkdocs gh-deploy --strict --force\n",
    ".github/workflows/docs.yml": ("on:\n  push:\n    branches: [main]\njobs:\n  build-deploy:\n"
                                   "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v2\n"
                                   "      - working-directory: docs\n        run: make install\n"
                                   "      - working-directory: docs\n        run: make deploy\n"),
}


def test_an_mkdocs_project_kept_in_docs_is_not_published_as_the_reading_list(tmp_path, monkeypatch):
    """MichaelCurrin/mkdocs-quickstart keeps its MkDocs project in docs/ (docs/mkdocs.yml, pages in docs/docs/)
    and publishes it with `make deploy` (docs/Makefile: mkdocs gh-deploy). init wrote docs/index.md beside it,
    MkDocs then published their pages, mkdocs.yml and Makefile as the reading list's, and the kit's Pages workflow
    was written, which would replace their site. Now the pages go to reading-list/, the Pages workflow is left
    out saying why, and .gitignore's `venv` is not doubled by `venv/`."""
    repo = clone(tmp_path, "mkdocs-quickstart", MKDOCS_IN_DOCS, "https://github.com/MichaelCurrin/mkdocs-quickstart")
    monkeypatch.chdir(repo)
    before = tree(repo / "docs")
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert tree(repo / "docs") == before
    assert "docs/ holds another MkDocs project (docs/mkdocs.yml), whose pages and files MkDocs would publish as " \
           "this site's" in result.output
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: " \
           "docs/Makefile publishes one with gh-deploy." in result.output
    assert not (repo / ".github/workflows/pages.yml").exists()
    ignored = (repo / ".gitignore").read_text(encoding="utf-8")
    added = ignored[len(MKDOCS_IN_DOCS[".gitignore"]):].splitlines()
    assert ignored.startswith(MKDOCS_IN_DOCS[".gitignore"]) and "venv/" not in added and "site/" not in added
    assert ".venv/" in added
    monkeypatch.setenv("SITE_URL", "https://michaelcurrin.github.io/reading-list/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    site = tmp_path / "site"
    assert (site / "papers" / "index.html").is_file()
    assert not (site / "docs").exists() and not (site / "Makefile").exists() and not (site / "mkdocs.yml").exists()


JUPYTER_BOOK = {
    "_config.yml": ("title: Geospatial Python Tutorials\nauthor: Ujaval Gandhi\nexecute:\n  execute_notebooks: off\n"
                    "bibtex_bibfiles:\n  - references.bib\n"),
    "_toc.yml": "format: jb-book\nroot: introduction\n",
    "introduction.md": "# Geospatial Python Tutorials\n",
    "references.bib": "@article{gandhi2021, title = {Spatial queries}, author = {Ujaval Gandhi}, year = {2021}}\n",
    "requirements.txt": "jupyter-book\nmatplotlib\nnumpy",
    "Makefile": "html:\n\tjupyter-book build .\n\ngh-pages: html\n\tghp-import -n -p -f _build/html",
}


def test_a_jupyter_books_config_is_not_taken_for_jekylls(tmp_path, monkeypatch):
    """spatialthoughts/geopython-tutorials, a Jupyter Book published with `make gh-pages` (ghp-import): init said
    its _config.yml was a Jekyll site. The Pages workflow is still left out, for the true reason; the book's
    requirements.txt (jupyter-book, matplotlib, numpy) is left alone and the kit installs papershelf from a file
    of its own. `jupyter-book build .` reads every Markdown file of the folder, in its _toc.yml or not: it
    published CONTRIBUTING.md, docs/index.md, the pull request template and every paper file as pages of the
    book (seen with jupyter-book 1.0.4); _config.yml's exclude_patterns: now names them."""
    repo = clone(tmp_path, "geopython-tutorials", JUPYTER_BOOK,
                 "https://github.com/spatialthoughts/geopython-tutorials")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert "Jekyll" not in result.output
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: " \
           "Makefile publishes one with ghp-import." in result.output
    config = (repo / "_config.yml").read_text(encoding="utf-8")
    assert config.startswith(JUPYTER_BOOK["_config.yml"])
    assert yaml.safe_load(config)["exclude_patterns"] == [".github", "CONTRIBUTING.md", "docs", "papers"]
    assert "added .github, CONTRIBUTING.md, docs, papers to _config.yml's exclude_patterns: list: the Jupyter Book " \
           "would publish their Markdown files as pages of the book" in result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == JUPYTER_BOOK["requirements.txt"]
    assert (repo / "requirements-papershelf.txt").is_file()
    assert "papershelf import references.bib --topic example-topic" in result.output


def test_a_jupyter_books_own_exclude_patterns_gain_what_init_wrote(tmp_path, monkeypatch):
    """A Jupyter Book whose _config.yml has its own block list of exclude_patterns: init appends what it wrote and
    leaves the rest of the file as it was; one written on one line is left to its owner, who is told what to add."""
    block = "title: Notes\nexclude_patterns:\n  - drafts/*\n  - README.md  # the repository's\nauthor: Us\n"
    repo = clone(tmp_path, "notes", {"_config.yml": block, "_toc.yml": "root: intro\n", "intro.md": "# Notes\n"},
                 "https://github.com/ourlab/notes")
    assert invoke("init", str(repo)).exit_code == 0
    assert (repo / "_config.yml").read_text(encoding="utf-8") == block.replace(
        "# the repository's\n", "# the repository's\n  - .github\n  - CONTRIBUTING.md\n  - docs\n  - papers\n")
    flow = "title: Notes\nexclude_patterns: [drafts/*, docs]\n"
    repo = clone(tmp_path, "notes-2", {"_config.yml": flow, "_toc.yml": "root: intro\n", "intro.md": "# Notes\n"},
                 "https://github.com/ourlab/notes-2")
    result = invoke("init", str(repo))
    assert result.exit_code == 0, result.output
    assert (repo / "_config.yml").read_text(encoding="utf-8") == flow
    assert "the Jupyter Book would publish the Markdown files of .github, CONTRIBUTING.md, papers as pages of the " \
           "book: add them to _config.yml's exclude_patterns: list (init does not rewrite a list written on one " \
           "line)" in result.output


def test_a_jupyter_book_or_sphinx_source_in_docs_keeps_docs(tmp_path, monkeypatch):
    """A Jupyter Book kept in docs/ (docs/_config.yml and docs/_toc.yml) was called a Jekyll site's source; a Sphinx
    project laid out by sphinx-quickstart with separate source and build folders (docs/source/conf.py, as
    b-branco/sphinx-to-github-pages' docs/conf.py one level down) was not seen at all, and init wrote its
    index.md into it."""
    book = clone(tmp_path, "book", {"docs/_config.yml": "title: Notes\n", "docs/_toc.yml": "root: intro\n",
                                    "docs/intro.md": "# Notes\n"}, "https://github.com/ourlab/book")
    sphinx = clone(tmp_path, "package", {"docs/source/conf.py": "project = 'package'\n",
                                         "docs/source/index.rst": "package\n=======\n", "docs/Makefile": "html:\n",
                                         "pyproject.toml": "[project]\nname = 'package'\n"},
                   "https://github.com/ourlab/package")
    for repo, why in ((book, "docs/ is a Jupyter Book's source (docs/_toc.yml)"),
                      (sphinx, "docs/ is a Sphinx project's source (docs/source/conf.py)")):
        before = tree(repo / "docs")
        result = invoke("init", str(repo))
        assert result.exit_code == 0, result.output
        assert why in result.output and "Jekyll" not in result.output
        assert tree(repo / "docs") == before
        assert (repo / "reading-list" / "index.md").is_file()


MATERIAL_BLOG = {
    "mkdocs.yml": ("site_name: blog\nsite_url: https://blog.ryanatkins.dev\ntheme:\n  name: material\nplugins:\n"
                   "  - meta\n  - search\n  - blog:\n      blog_dir: .\n  - tags\n"),
    "docs/index.md": "# Blog\n",
    "docs/posts/myfirst.md": "---\ndate: 2023-05-04\nauthors: [ryan]\n---\n\n# My first post\n",
    "docs/.authors.yml": "authors:\n  ryan:\n    name: Ryan Atkins\n",
    "CNAME": "blog.ryanatkins.dev\n",
    ".github/workflows/mkdocs.yml": ("on:\n  push:\n    branches: [main]\npermissions:\n  contents: write\njobs:\n"
                                     "  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                                     "      - uses: actions/checkout@v4\n      - uses: astral-sh/setup-uv@v5\n"
                                     "      - run: uv sync --locked --all-extras --dev\n"
                                     "      - run: uv run mkdocs gh-deploy --force\n"),
    "pyproject.toml": '[project]\nname = "blog"\nversion = "0.1.0"\ndependencies = ["mkdocs-material>=9.6.12"]\n',
    # what `pip freeze` wrote (an excerpt of its 31 lines, in their order)
    "requirements.txt": ("babel==2.17.0\nclick==8.1.8\nghp-import==2.1.0\njinja2==3.1.6\nmarkdown==3.8\n"
                         "mkdocs==1.6.1\nmkdocs-material==9.6.12\nmkdocs-material-extensions==1.3.1\n"
                         "pyyaml==6.0.2  # yaml\n"),
}


def test_a_frozen_requirements_txt_that_pins_an_older_material_is_named(tmp_path, monkeypatch):
    """ryan-atkins/blog, a Material blog (blog and tags plugins) whose requirements.txt is `pip freeze` output with
    mkdocs-material==9.6.12: init appended papershelf to it, and pip then refuses the whole file
    (ResolutionImpossible: papershelf needs mkdocs-material>=9.7.7), so every workflow installing it fails. init
    now names that line and what papershelf needs, and leaves the line to its owner; the pins papershelf accepts
    are not named. Its deploy workflow installs with `uv sync` (pyproject.toml), not requirements.txt: once
    mkdocs.yml lists the plugin, as init advises, that deploy fails; init says so beside the advice."""
    repo = clone(tmp_path, "blog", MATERIAL_BLOG, "https://github.com/ryan-atkins/blog")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: requirements.txt pins")]
    assert warnings == [
        "Warning: requirements.txt pins a version papershelf cannot be installed with, line 7: mkdocs-material==9.6.12 "
        "(papershelf needs mkdocs-material >=9.7.7, <10): pip refuses the whole file, so every workflow that "
        "installs it fails; change that line to a version papershelf accepts (or delete it: papershelf brings its "
        "own)"]
    assert (repo / "requirements.txt").read_text(encoding="utf-8").startswith(MATERIAL_BLOG["requirements.txt"])
    said = result.output.splitlines()
    advice = said.index("Your mkdocs.yml was kept. For papershelf's pages, add to it (into the lists it has already):")
    assert said[advice + 1:advice + 4] == [
        "    plugins:", "      - papershelf        # with its own search; list - search too for mkdocs-material's",
        ".github/workflows/mkdocs.yml builds this site but does not install requirements.txt, which names "
        "papershelf: once mkdocs.yml lists the plugin, that build fails ('The \"papershelf\" plugin is not "
        "installed') until it installs papershelf too, wherever it gets mkdocs from (pyproject.toml with uv or "
        "poetry, its pip install line)"]
    # the line, raised as the warning says, is not named again
    (repo / "requirements.txt").write_text(MATERIAL_BLOG["requirements.txt"].replace("9.6.12", "9.8.2"),
                                           encoding="utf-8")
    (repo / ".papershelf-kit.json").unlink()
    (repo / "topics.yml").unlink()
    again = invoke("init", ".")
    assert again.exit_code == 0, again.output
    assert "pins a version papershelf cannot" not in again.output


PYTHON_PACKAGE = {
    "pyproject.toml": ('[project]\nname = "echopop"\ndynamic = ["version"]\nrequires-python = ">=3.12, <3.14"\n'
                       'dependencies = ["numpy", "pandas", "geopandas"]\n'),
    # the code's stack, as echopop's requirements.txt lists it (an excerpt), which its own CI installs
    "requirements.txt": ("# Data processing and wrangling stack\nawkward\nnumpy\npandas\nnumba>=0.63.0b1\n"
                         "# Spatial data processing stack\ncartopy\ngeopandas\n"),
    "requirements-dev.txt": "pytest\n",
    ".github/workflows/pr.yaml": ("on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                                  "      - run: python -m pip install -r requirements.txt -r requirements-dev.txt\n"
                                  "      - run: python -m pytest\n"),
    "echopop/__init__.py": "",
    "README.md": "# Echopop\n",
}


def test_a_python_packages_requirements_are_not_the_kits(tmp_path, monkeypatch):
    """OSOceanAcoustics/echopop, a Python package whose requirements.txt is its code's scientific stack (numba,
    cartopy, geopandas…) that its own CI installs: init appended papershelf to it, so every kit workflow installed
    that whole stack to validate papers, and the package's tests installed papershelf. Now requirements.txt is
    left alone and the kit names requirements-papershelf.txt everywhere it installs papershelf; an upgrade keeps
    that file, and its pin moves there."""
    repo = clone(tmp_path, "echopop", PYTHON_PACKAGE, "https://github.com/OSOceanAcoustics/echopop")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == PYTHON_PACKAGE["requirements.txt"]
    own = (repo / "requirements-papershelf.txt").read_text(encoding="utf-8")
    assert [line for line in own.splitlines() if not line.startswith("#")] == ["papershelf==0.1.0"]
    assert "wrote papershelf's requirement to requirements-papershelf.txt, not requirements.txt, which lists your " \
           "code's dependencies" in result.output
    installs = [step["run"] for path in sorted((repo / ".github/workflows").glob("*.yml"))
                for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
                for step in job.get("steps", []) if "pip install" in step.get("run", "")]
    assert len(installs) == 8  # the kit's (.yml): check, pages, links, suggest, candidates and pr-summary's two each
    assert all(run.endswith("requirements-papershelf.txt") for run in installs), installs
    assert "requirements.txt" not in (repo / "CONTRIBUTING.md").read_text(encoding="utf-8").replace(
        "requirements-papershelf.txt", "")
    upgrade = invoke("init", "--upgrade", ".", "--from", "0.2.0")
    assert upgrade.exit_code == 0, upgrade.output
    assert upgrade.output.splitlines()[:2] == ["updated .pre-commit-config.yaml",  # its hook's pin
                                               "updated requirements-papershelf.txt"], upgrade.output
    assert "papershelf==0.2.0" in (repo / "requirements-papershelf.txt").read_text(encoding="utf-8")
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == PYTHON_PACKAGE["requirements.txt"]


def test_a_kit_on_master_beside_a_codes_requirements_is_clean_under_zizmor_and_actionlint(tmp_path):
    """The kit as init writes it into echopop's shape on a master branch (workflows on master, papershelf installed
    from requirements-papershelf.txt): as clean under zizmor's pedantic persona and actionlint as the usual one."""
    repo = clone(tmp_path, "echopop", PYTHON_PACKAGE, "https://github.com/OSOceanAcoustics/echopop", branch="master")
    assert invoke("init", str(repo)).exit_code == 0
    assert pushed_branches(repo, ".github/workflows/check.yml") == ["master"]
    assert (repo / "requirements-papershelf.txt").is_file()
    kit = [str(path.relative_to(repo)) for path in sorted((repo / ".github/workflows").glob("*.yml"))]
    assert len(kit) == 6
    zizmor = subprocess.run([linter("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", *kit],
                            cwd=repo, capture_output=True, text=True, timeout=300)
    assert zizmor.returncode == 0 and "No findings" in zizmor.stdout + zizmor.stderr, zizmor.stdout + zizmor.stderr
    lint = subprocess.run([linter("actionlint"), *kit], cwd=repo, capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


ECHOPOP_PRE_COMMIT = ("exclude: |\n  (?x)^(\n    echopop/test_data/\n  )\nrepos:\n"
                      "  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
                      "      - id: trailing-whitespace\n      - id: check-yaml\n")


def test_a_pre_commit_config_of_their_own_is_told_the_hook_to_paste(tmp_path):
    """OSOceanAcoustics/echopop has its own .pre-commit-config.yaml (pre-commit-hooks): init kept it, said only
    that --force replaces it (with papershelf's, dropping their hooks), and paper files went unchecked before
    commits. init now prints papershelf's hook at the indentation of their entries: pasted at the end of the
    file it is a second entry of their repos: list. A config written with entries at the margin gets it there."""
    for name, config in (("echopop", ECHOPOP_PRE_COMMIT),
                         ("margin", ECHOPOP_PRE_COMMIT.replace("\n  - repo", "\n- repo").replace("\n    ", "\n  "))):
        repo = clone(tmp_path, name, {**PYTHON_PACKAGE, ".pre-commit-config.yaml": config},
                     f"https://github.com/ourlab/{name}")
        result = invoke("init", str(repo))
        assert result.exit_code == 0, result.output
        said = result.output.splitlines()
        start = said.index("To check paper files before each commit, add papershelf's hook to .pre-commit-config.yaml's "
                           "repos: list (--force would replace your hooks):")
        hook = list(itertools.takewhile(lambda line: line.startswith(" ") or line.startswith("-"), said[start + 1:]))
        pasted = yaml.safe_load(config + "\n".join(hook) + "\n")
        assert [entry["repo"] for entry in pasted["repos"]] == ["https://github.com/pre-commit/pre-commit-hooks",
                                                                 "local"], name
        [papershelf] = pasted["repos"][1]["hooks"]
        assert papershelf["entry"] == "papershelf validate" and papershelf["files"] == r"^papers/.*\.md$"
        assert papershelf["additional_dependencies"] == ["papershelf==0.1.0"]
        assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == config


def test_a_requirements_txt_that_installs_the_package_itself_is_the_codes(tmp_path):
    """A package's requirements.txt of pip options only (`-e .`, `-r requirements/base.txt`) installs the code: the
    kit's requirement goes beside it. An empty one (comments only) is the kit's to fill."""
    for text, own in (("-e .\n-r requirements/base.txt\n", True), ("# nothing yet\n\n", False)):
        repo = clone(tmp_path, f"package-{own}", {"requirements.txt": text, "pyproject.toml": "[project]\n"},
                     "https://github.com/ourlab/package")
        assert invoke("init", str(repo)).exit_code == 0
        assert (repo / "requirements-papershelf.txt").is_file() == own
        assert ((repo / "requirements.txt").read_text(encoding="utf-8") == text) == own


def test_a_new_repository_without_a_remote_keeps_main(tmp_path):
    """`git init` then `papershelf init .` before any push: git's own default branch name (master, unless
    init.defaultBranch says otherwise) is not what the repository will publish from, since GitHub's instructions
    for pushing it (`git branch -M main`) rename it: the workflows stay on main."""
    repo = tmp_path / "new"
    git("init", "-q", "-b", "master", str(repo))
    result = invoke("init", str(repo))
    assert result.exit_code == 0, result.output
    assert pushed_branches(repo, ".github/workflows/check.yml") == ["main"]
    assert "run on pushes to" not in result.output


GITHUB_PAGES_YML = {
    ".github/workflows/pages.yml": ("name: Deploy Learning Map to Pages\non:\n  push:\n    branches: [main]\njobs:\n"
                                    "  build-and-deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - uses: actions/checkout@v6\n      - run: npm install && npm run build\n"
                                    "      - uses: actions/upload-pages-artifact@v4\n        with:\n"
                                    "          path: ./dist\n      - id: deployment\n"
                                    "        uses: actions/deploy-pages@v4\n"),
    "package.json": '{"name": "learning-map", "scripts": {"build": "vite build"}}\n',
    "README.md": "# Learning map\n",
}


def test_a_pages_deploy_of_their_own_called_pages_yml_is_seen_and_kept(tmp_path):
    """001null100/learning-map deploys its site with its own .github/workflows/pages.yml, the name of papershelf's
    (thousands of repositories use it). init took that file for papershelf's: it did not see the site, said only
    "kept .github/workflows/pages.yml (already there; --force replaces it)", and a later upgrade offered its diff
    to replace it. Now init says papershelf's Pages workflow is left out because theirs deploys a site, with no
    --force advice; the manifest records the file as the repository's own, and upgrades leave it alone."""
    repo = clone(tmp_path, "learning-map", GITHUB_PAGES_YML, "https://github.com/001null100/learning-map")
    result = invoke("init", str(repo))
    assert result.exit_code == 0, result.output
    assert "left out papershelf's .github/workflows/pages.yml: this repository already publishes a website on " \
           "GitHub Pages: .github/workflows/pages.yml deploys one with actions/deploy-pages. A repository has one " \
           "Pages site: your .github/workflows/pages.yml is kept, and papershelf's would replace your site (and " \
           "that file)." in result.output
    assert "kept .github/workflows/pages.yml" not in result.output and "--force" not in result.output.split(
        "left out papershelf's")[1]
    assert (repo / ".github/workflows/pages.yml").read_text(encoding="utf-8") == \
        GITHUB_PAGES_YML[".github/workflows/pages.yml"]
    for _ in range(2):
        upgrade = invoke("init", "--upgrade", str(repo))
        assert upgrade.exit_code == 0, upgrade.output
        assert "left out papershelf's .github/workflows/pages.yml" in upgrade.output
        assert "you edited it" not in upgrade.output and "updated" not in upgrade.output
    assert (repo / ".github/workflows/pages.yml").read_text(encoding="utf-8") == \
        GITHUB_PAGES_YML[".github/workflows/pages.yml"]


PAPER_DIGEST = {
    "site/index.html": "<!doctype html><title>Paper digest</title>\n",
    "docs/index.html": "<!doctype html><title>Digest</title>\n",
    "docs/2026-09-04.html": "<!doctype html><title>2026-09-04</title>\n",
    "digest/2026-09-04.md": "# Digest of 2026-09-04\n",
    "build_site.py": "print('builds site/')\n",
    "README.md": "# paper-digest\n",
}


def test_a_site_folder_of_theirs_is_not_where_the_site_builds(tmp_path, monkeypatch):
    """0914eagle/paper-digest tracks its own site/index.html (thousands of repositories keep a site/). site/ is
    MkDocs' default site_dir, and a build empties it first: `papershelf build` deleted and overwrote their files,
    and .gitignore's new `site/` line hid their next ones from git. Now the site builds into papershelf-site/,
    which .gitignore names instead, and site/ is as it was. A site/ git does not track (a build's leftovers) is
    still the build's."""
    repo = clone(tmp_path, "paper-digest", PAPER_DIGEST, "https://github.com/0914eagle/paper-digest")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert "the site builds into papershelf-site/, not site/ (site_dir: papershelf-site in mkdocs.yml): site/ holds " \
           "files of yours, and a build empties its folder first" in result.output
    assert "site_dir: papershelf-site\n" in (repo / "mkdocs.yml").read_text(encoding="utf-8")
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "papershelf-site/" in ignored and "site/" not in ignored
    monkeypatch.setenv("SITE_URL", "https://0914eagle.github.io/paper-digest/")
    built = invoke("build")
    assert built.exit_code == 0, built.output
    assert tree(repo / "site") == {"index.html": PAPER_DIGEST["site/index.html"].encode()}
    assert (repo / "papershelf-site" / "papers" / "index.html").is_file()

    leftovers = clone(tmp_path, "leftovers", {".gitignore": "site/\n", "README.md": "# notes\n"},
                      "https://github.com/ourlab/leftovers")
    write(leftovers, {"site/index.html": "<!doctype html>\n"})  # an earlier build's, ignored by git
    result = invoke("init", str(leftovers))
    assert result.exit_code == 0, result.output
    assert "site_dir" not in (leftovers / "mkdocs.yml").read_text(encoding="utf-8")


ILS_SPECS = {
    "mkdocs.yml": ("site_name: ILS Specs\ntheme:\n  name: material\nnav:\n  - Home: README.md\n  - Reference:\n"
                   "      - Framework: FRAMEWORK.md\n"),
    "docs/README.md": "# ILS report specifications\n",
    "docs/FRAMEWORK.md": "# Framework\n",
}


def test_a_kept_mkdocs_sites_home_page_is_not_replaced(tmp_path, monkeypatch):
    """cincinnatilibrary/ils-specs' MkDocs site has docs/README.md for its home page (nav: Home: README.md), which
    MkDocs serves only while there is no index.md beside it: init wrote the scaffold's docs/index.md there, and the
    site's home became "Our reading list" (MkDocs excluding their README.md). A site whose pages are elsewhere
    (docs_dir: content) got a stray docs/ it never reads. The scaffold's pages are not written beside a kept
    mkdocs.yml: the site's pages are its own, and its home stays its home once the plugin is listed."""
    repo = clone(tmp_path, "ils-specs", ILS_SPECS, "https://github.com/cincinnatilibrary/ils-specs")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert tree(repo / "docs") == {name.removeprefix("docs/"): text.encode() for name, text in ILS_SPECS.items()
                                   if name.startswith("docs/")}
    config = ILS_SPECS["mkdocs.yml"].replace("theme:", "plugins:\n  - papershelf\ntheme:").replace(
        "      - Framework: FRAMEWORK.md\n", "      - Framework: FRAMEWORK.md\n  - Papers: papers/index.md\n")
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = invoke("build", "--no-strict", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert "ILS report specifications" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")

    elsewhere = clone(tmp_path, "content-site", {"mkdocs.yml": "site_name: Lab\ndocs_dir: content\n",
                                                 "content/index.md": "# Lab\n"}, "https://github.com/ourlab/site")
    assert invoke("init", str(elsewhere)).exit_code == 0
    assert not (elsewhere / "docs").exists()


def test_a_docusaurus_template_deploy_script_is_not_a_pages_site(tmp_path):
    """bchaselab/ChaseLab-Pages, a lab's Docusaurus site published on Netlify: its package.json has the template's
    `"deploy": "docusaurus deploy"` script, as every Docusaurus site does, used or not, so it says nothing of
    GitHub Pages: the kit's Pages workflow is written. A package.json script that runs the gh-pages package
    (`gh-pages -d build`) does publish there, and keeps it out."""
    netlify = {**{name: text for name, text in DOCUSAURUS_SITE.items() if not name.startswith(".github/")},
               "docusaurus.config.js": "module.exports = {\n  url: 'https://chaselab.netlify.app',\n  baseUrl: '/',\n};\n"}
    repo = clone(tmp_path, "ChaseLab-Pages", netlify, "https://github.com/bchaselab/ChaseLab-Pages")
    result = invoke("init", str(repo))
    assert result.exit_code == 0, result.output
    assert (repo / ".github/workflows/pages.yml").is_file() and "left out" not in result.output
    scripted = {**netlify, "package.json": '{"scripts": {"build": "docusaurus build", "deploy": "gh-pages -d build"}}\n'}
    repo = clone(tmp_path, "scripted", scripted, "https://github.com/ourlab/scripted")
    result = invoke("init", str(repo))
    assert result.exit_code == 0, result.output
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: " \
           "package.json publishes one with gh-pages -d." in result.output
