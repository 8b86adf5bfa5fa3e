"""`papershelf init .` inside repositories that already publish a website in ways not tried before: a Quarto website
that its workflow renders and pushes to the gh-pages branch with Quarto's own action, one published to Netlify, and
one whose `_publish.yml` records `quarto publish gh-pages`. The repositories' files are real (copied under
tests/fixtures/repositories/, each folder's source in its README.md); the tests drive the real command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from papershelf.cli import cli

REPOSITORIES = Path(__file__).parent / "fixtures" / "repositories"
PAGES = ".github/workflows/pages.yml"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def clone_of(tmp_path: Path, fixture: str, places: dict[str, str], origin: str, branch: str = "main",
             pages_branch: bool = False) -> Path:
    """A clone of a repository holding the fixture folder's files, each at its place in the repository (the
    fixtures keep `.gitignore` and workflows under plain names, so that this repository's git and linters leave them
    alone) on `branch`; with `pages_branch`, also a gh-pages branch holding a built site, as mkdocs gh-deploy
    leaves it."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git("init", "-q", "-b", branch, str(upstream))
    commit = ["-C", str(upstream), "-c", "user.name=a", "-c", "user.email=a@example.org", "commit", "-qm"]
    if pages_branch:
        git("-C", str(upstream), "checkout", "-q", "--orphan", "gh-pages")
        (upstream / "index.html").write_text("<html><body>built</body></html>\n", encoding="utf-8")
        git("-C", str(upstream), "add", "-A")
        git(*commit, "Deployed with MkDocs")
        git("-C", str(upstream), "checkout", "-q", "--orphan", branch)
        git("-C", str(upstream), "rm", "-rq", "--cached", ".")
        (upstream / "index.html").unlink()
    for name, place in places.items():
        (upstream / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPOSITORIES / fixture / name, upstream / place)
    git("-C", str(upstream), "add", "-A")
    git(*commit, "start")
    repo = tmp_path / "repo"
    git("clone", "-q", str(upstream), str(repo))
    git("-C", str(repo), "remote", "set-url", "origin", origin)
    return repo


ANIELSEN = {"_quarto.yml": "_quarto.yml", "index.qmd": "index.qmd", "README.md": "README.md",
            "gitignore": ".gitignore", "publish.yml": ".github/workflows/publish.yml"}


def test_a_quarto_site_published_by_quartos_action_keeps_its_pages_and_its_docs(tmp_path, monkeypatch):
    """anielsen001/quarto-github-pages-actions-example: Quarto's publish action (`target: gh-pages`) renders the
    site into docs/ (`output-dir: docs`, which .gitignore leaves out, so the clone has no docs/) and pushes it to
    the gh-pages branch. init wrote docs/index.md, which quarto render then emptied away and git never saw, and
    pages.yml, which would have replaced the Quarto site. Now the pages go to reading-list/, pages.yml is left out
    naming the action, and init says what to add to _quarto.yml so that Quarto does not render the collection."""
    repo = clone_of(tmp_path, "quarto-anielsen001", ANIELSEN,
                    "https://github.com/anielsen001/quarto-github-pages-actions-example")
    monkeypatch.chdir(repo)
    quarto = (repo / "_quarto.yml").read_bytes()
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert not (repo / "docs").exists() and (repo / "reading-list" / "index.md").is_file()
    assert "wrote the site's pages to reading-list/, not docs/ (docs_dir: reading-list in mkdocs.yml): Quarto " \
           "renders its website into docs/ (output-dir in _quarto.yml), and quarto render empties it" in result.output
    ignored = subprocess.run(["git", "-C", str(repo), "check-ignore", "reading-list/index.md", "papers/.gitkeep"],
                             capture_output=True, text=True)
    assert ignored.returncode == 1, ignored.stdout  # docs/ was: the repository's .gitignore has /docs/
    assert not (repo / PAGES).exists()
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: " \
           ".github/workflows/publish.yml deploys one with quarto-dev/quarto-actions/publish to the gh-pages " \
           "branch." in result.output
    assert "Quarto renders every Markdown file of this folder into its website, so CONTRIBUTING.md, papers/, " \
           "reading-list/ would become pages of it: leave them out in _quarto.yml's project: render: list, after " \
           "what the site renders (render: [\"*\", \"!CONTRIBUTING.md\", \"!papers/\", \"!reading-list/\"] renders " \
           "all else as before); init does not rewrite _quarto.yml" in result.output
    assert (repo / "_quarto.yml").read_bytes() == quarto
    monkeypatch.setenv("SITE_URL", "https://anielsen001.github.io/quarto-github-pages-actions-example/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert (tmp_path / "site" / "papers" / "index.html").is_file()
    assert not (tmp_path / "site" / "index.qmd").exists()


def test_a_quarto_render_list_that_leaves_the_collection_out_is_not_told_again(tmp_path, monkeypatch):
    """The same repository once its _quarto.yml has the render list init names: nothing more to say about it."""
    repo = clone_of(tmp_path, "quarto-anielsen001", ANIELSEN,
                    "https://github.com/anielsen001/quarto-github-pages-actions-example")
    monkeypatch.chdir(repo)
    config = repo / "_quarto.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  output-dir: docs\n", '  output-dir: docs\n  render: ["*", "!CONTRIBUTING.md", "!papers/", '
        '"!reading-list/"]\n'), encoding="utf-8")
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert "Quarto renders" not in result.output.replace("Quarto renders its website into docs/", "")


def test_a_quarto_site_published_to_netlify_gets_the_pages_workflow(tmp_path, monkeypatch):
    """Aariq/website-quarto: a Quarto website whose `_publish.yml` (written by `quarto publish netlify`) publishes to
    Netlify, so the repository's GitHub Pages are free: the kit's pages.yml is written. Its _quarto.yml renders into
    _site/, so docs/ is the collection's; Quarto would still render the collection's Markdown, and init says so."""
    repo = clone_of(tmp_path, "quarto-netlify-aariq", {"_quarto.yml": "_quarto.yml", "_publish.yml": "_publish.yml"},
                    "https://github.com/Aariq/website-quarto")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / PAGES).is_file() and "left out" not in result.output
    assert (repo / "docs" / "index.md").is_file()
    assert "so CONTRIBUTING.md, docs/, papers/ would become pages of it" in result.output


def test_a_quarto_publish_record_naming_gh_pages_keeps_the_pages_workflow_out(tmp_path, monkeypatch):
    """`quarto publish gh-pages`, run by hand, records the branch in _publish.yml; the record below is the one a
    course's repository documents in its README (code search id 56065576641: `- source: project` / `gh-pages:` /
    `- id: "ip3200"` / `branch: gh-pages`). That repository publishes its Quarto site on the gh-pages branch."""
    upstream = tmp_path / "site"
    upstream.mkdir()
    (upstream / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    (upstream / "_publish.yml").write_text(
        '- source: project\n  gh-pages:\n    - id: "ip3200"\n      branch: gh-pages\n', encoding="utf-8")
    result = invoke("init", str(upstream))
    assert result.exit_code == 0, result.output
    assert not (upstream / PAGES).exists()
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: " \
           "_publish.yml records that quarto publish gh-pages pushes its website to the gh-pages branch." \
           in result.output


def test_a_site_deployed_only_when_its_docs_change_is_told_to_watch_the_papers(tmp_path, monkeypatch):
    """rinatz/cpp-book: an MkDocs site on master whose workflow runs `mkdocs gh-deploy` only on pushes that change
    mkdocs.yml or docs/** (`paths:`). With the papershelf plugin in its mkdocs.yml, a pull request adding a paper
    (papers/…) would merge without the site ever showing it: init names the workflow and the patterns to add."""
    repo = clone_of(tmp_path, "mkdocs-paths-rinatz", {"mkdocs.yml": "mkdocs.yml", "index.md": "docs/index.md",
                                                      "workflow-mkdocs.yml": ".github/workflows/mkdocs.yml"},
                    "https://github.com/rinatz/cpp-book")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert ".github/workflows/mkdocs.yml publishes this site only on pushes that change the files its paths: filter " \
           "names, and papers/, topics.yml, authors.yml are not among them: a paper merged alone would not reach the " \
           "site until you add papers/**, topics.yml, authors.yml to that list" in result.output


def test_paths_filters_are_matched_as_github_matches_them(tmp_path, monkeypatch):
    """The same workflow with the filters a group would write instead: a paths: list that names the collection
    (with a `!` taking back drafts), and a paths-ignore: list that leaves out only docs' drafts, are not told;
    a paths-ignore: that leaves out every Markdown file is."""
    workflow = (REPOSITORIES / "mkdocs-paths-rinatz" / "workflow-mkdocs.yml").read_text(encoding="utf-8")
    filtered = "    paths:\n      - mkdocs.yml\n      - docs/**\n"
    assert filtered in workflow
    told = {}
    for name, filters in {
        "named": "    paths:\n      - 'docs/**'\n      - '**/*.md'\n      - '!docs/drafts/**'\n      - '*.yml'\n",
        "ignores drafts": "    paths-ignore:\n      - docs/drafts/**\n",
        "ignores markdown": "    paths-ignore:\n      - '**.md'\n",
    }.items():
        repo = tmp_path / name
        repo.mkdir()
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "mkdocs.yml").write_text(workflow.replace(filtered, filters),
                                                                   encoding="utf-8")
        shutil.copyfile(REPOSITORIES / "mkdocs-paths-rinatz" / "mkdocs.yml", repo / "mkdocs.yml")
        result = invoke("init", str(repo))
        assert result.exit_code == 0, result.output
        told[name] = [line for line in result.output.splitlines() if "its paths: filter" in line]
    assert told["named"] == [] and told["ignores drafts"] == []
    assert told["ignores markdown"] == [
        ".github/workflows/mkdocs.yml publishes this site only on pushes that change the files its paths: filter "
        "names, and papers/ is not among them: a paper merged alone would not reach the site until you add papers/** "
        "to that list"]


def test_a_uv_project_deployed_on_every_push_is_told_only_to_install_papershelf(tmp_path, monkeypatch):
    """gerardmartinezcanelles/gerardmartinezcanelles.github.io: a personal site kept as a uv project (pyproject.toml
    naming mkdocs-material, no requirements.txt) whose workflow runs `uv sync` then `uv run mkdocs gh-deploy` on
    every push to main, and whose Makefile deploys the same way. init leaves pages.yml out, writes requirements.txt
    for its own workflows, and says that the uv workflow must install papershelf too; no paths: filter, no word
    about one."""
    repo = clone_of(tmp_path, "uv-gerard", {"mkdocs.yml": "mkdocs.yml", "pyproject.toml": "pyproject.toml",
                                            "Makefile": "Makefile", "workflow-gh-pages.yml":
                                            ".github/workflows/gh-pages.yml"},
                    "https://github.com/gerardmartinezcanelles/gerardmartinezcanelles.github.io")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert not (repo / PAGES).exists() and (repo / "requirements.txt").is_file()
    assert ".github/workflows/gh-pages.yml deploys one with gh-deploy" in result.output
    assert ".github/workflows/gh-pages.yml builds this site but does not install requirements.txt, which names " \
           "papershelf" in result.output
    assert "paths: filter" not in result.output


def test_a_site_deployed_by_hand_to_gh_pages_keeps_it(tmp_path, monkeypatch):
    """rinatz/cpp-book as it was from 2018 to January 2021: an MkDocs book on master that its authors published by
    running `mkdocs gh-deploy` themselves (no workflow, no Makefile), so the only sign of its website is origin's
    gh-pages branch. pages.yml was written, and Settings → Pages → Source: GitHub Actions would have swapped that
    website for the workflow's; now it is left out, and the master branch note names the check workflow alone."""
    repo = clone_of(tmp_path, "mkdocs-ghdeploy-rinatz", {"mkdocs.yml": "mkdocs.yml", "index.md": "docs/index.md",
                                                         "requirements.txt": "requirements.txt"},
                    "https://github.com/rinatz/cpp-book", branch="master", pages_branch=True)
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert not (repo / PAGES).exists()
    assert "left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: its " \
           "origin has a gh-pages branch, where mkdocs gh-deploy, ghp-import and quarto publish put a website for " \
           "GitHub Pages to serve." in result.output
    assert "the check workflow runs on pushes to master, the branch this clone's origin publishes from" \
        in result.output
    assert "Pages workflows" not in result.output


def test_a_codes_markdown_docs_are_not_the_reading_lists_pages(tmp_path, monkeypatch):
    """1angmul2/P2P_Loss: a paper's code whose docs/ is Markdown read on GitHub (no site generator), linking files
    out of docs/ (`../DOTA_devkit/…`, `../demo/…png`). init wrote docs/index.md beside them, so MkDocs published
    them as pages of the reading list and the strict build (the check and Pages workflows) failed on every one of
    those links. Now the pages go to reading-list/, and the strict build passes without a word about them."""
    repo = clone_of(tmp_path, "code-docs-p2p-loss", {"INSTALL.md": "docs/INSTALL.md", "requirements.txt":
                                                     "requirements.txt", "cascade_s2anet.md": "docs/cascade_s2anet.md"},
                    "https://github.com/1angmul2/P2P_Loss")
    monkeypatch.chdir(repo)
    docs = {path.name: path.read_bytes() for path in (repo / "docs").iterdir()}
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert {path.name: path.read_bytes() for path in (repo / "docs").iterdir()} == docs
    assert "wrote the site's pages to reading-list/, not docs/ (docs_dir: reading-list in mkdocs.yml): docs/ holds the " \
           "repository's own documentation (2 Markdown files: docs/INSTALL.md, docs/cascade_s2anet.md), which MkDocs " \
           "would publish as pages of the reading list, and whose links out of docs/ (../README.md) would fail its " \
           "strict build" in result.output
    monkeypatch.setenv("SITE_URL", "https://1angmul2.github.io/P2P_Loss/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert not (tmp_path / "site" / "INSTALL").exists() and (tmp_path / "site" / "papers" / "index.html").is_file()


def test_a_docs_folder_of_the_readmes_images_is_not_the_reading_lists(tmp_path, monkeypatch):
    """LASP-UCL/lasp-ucl.github.io: a group's Hugo Blox site deployed by its workflow, whose docs/ holds only the
    screenshot its README shows (docs/codespace.png). init wrote docs/index.md beside it, and the reading list's
    site published the screenshot; now its pages go to reading-list/, and pages.yml is left out for the Hugo site."""
    repo = clone_of(tmp_path, "hugo-blox-lasp", {"README.md": "README.md", "hugo.yaml": "config/_default/hugo.yaml",
                                                 "go.mod": "go.mod",
                                                 "workflow-gh-pages.yaml": ".github/workflows/gh-pages.yaml"},
                    "https://github.com/LASP-UCL/lasp-ucl.github.io")
    (repo / "docs").mkdir()
    (repo / "docs" / "codespace.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # the screenshot's name; not its bytes
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (repo / "docs").iterdir()) == ["codespace.png"]
    assert "wrote the site's pages to reading-list/, not docs/ (docs_dir: reading-list in mkdocs.yml): docs/ holds " \
           "files of the repository's own (1 file: docs/codespace.png), which MkDocs would publish on the reading " \
           "list's site" in result.output
    assert ".github/workflows/gh-pages.yaml deploys one with actions/deploy-pages" in result.output
    monkeypatch.setenv("SITE_URL", "https://lasp-ucl.github.io/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert not (tmp_path / "site" / "codespace.png").exists()
