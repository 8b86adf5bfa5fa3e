"""`papershelf init .` inside repositories that already hold something of their own: an MkDocs site, a folder
called papers/ that is not a collection, another generator's output in docs/, a blog, a Jekyll site. Each test
builds a small tree that mirrors a real repository (named in its docstring) and drives the command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import papershelf
from papershelf.cli import cli

RELEASE = f"papershelf=={papershelf.__version__}"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def clone(path: Path, files: dict[str, str], origin: str = "") -> Path:
    """A repository's clone holding `files` (relative path -> text), with `origin` as its remote when given."""
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", origin], check=True)
    for relative, text in files.items():
        (path / relative).parent.mkdir(parents=True, exist_ok=True)
        (path / relative).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def installed_locally(monkeypatch):
    """This papershelf installed from a local checkout (pip's PEP 610 record says file://): init warns."""
    monkeypatch.setattr("papershelf.origin.direct_url", lambda: {"url": "file:///src/papershelf", "dir_info": {}})


MKDOCS_SITE = {
    "mkdocs.yml": "site_name: Research Project Documentation\ntheme:\n  name: material\nnav:\n  - Home: index.md\n",
    "docs/index.md": "# Research project\n",
    "README.md": "# PhD research template\n",
    "requirements.txt": "# MkDocs requirements for research template\nmkdocs>=1.5.0\nmkdocs-material>=9.0.0\n",
    ".github/workflows/deploy.yml": ("on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                                     "      - run: pip install -r requirements.txt\n      - run: mkdocs gh-deploy --force\n"),
}


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_an_mkdocs_sites_requirements_gain_the_papershelf_line_every_workflow_installs(tmp_path, monkeypatch,
                                                                                    installed_locally):
    """sdhutchins/phd-research-template: its requirements.txt names mkdocs and mkdocs-material only; every kit
    workflow (and its own deploy workflow, once the papershelf plugin is in mkdocs.yml) installs from it. init
    appends the papershelf line, keeps the rest, says so; the warning about that pin is true, and comes before the
    next steps."""
    repo = clone(tmp_path / "phd-research-template", MKDOCS_SITE, "https://github.com/sdhutchins/phd-research-template")
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.startswith(MKDOCS_SITE["requirements.txt"]) and requirements.endswith(f"\n{RELEASE}\n")
    said = lines_of(result.stdout)
    assert f"added {RELEASE} to requirements.txt (its other lines kept): the kit's workflows, and any of yours that " \
           "install from it, install papershelf from it" in said
    assert not any(line.startswith("kept requirements.txt") for line in said)
    warning = next(index for index, line in enumerate(said) if line.startswith("Warning:"))
    assert f"requirements.txt pins {RELEASE}" in said[warning]
    assert "papershelf init --upgrade . --from git+https://github.com/OWNER/papershelf@COMMIT" in said[warning]
    assert warning < said.index("Then: papershelf serve"), said  # before the next steps, on the same stream
    assert not result.stderr


@pytest.mark.parametrize("pinned", ["papershelf==0.0.9", "papershelf @ git+https://github.com/ourlab/papershelf@abc1234"])
def test_a_requirements_txt_that_names_papershelf_already_is_kept_and_said_to_be(tmp_path, monkeypatch,
                                                                                 installed_locally, pinned):
    """sdhutchins/phd-research-template, once its requirements.txt names papershelf at another version: init keeps
    that line, says what it pins, and does not warn of a pin it did not write; --force moves only that line."""
    files = {**MKDOCS_SITE, "requirements.txt": f"mkdocs>=1.5.0\n{pinned}  # our fork\n"}
    repo = clone(tmp_path / "phd-research-template", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == files["requirements.txt"]
    assert f"kept requirements.txt: it already names papershelf ({pinned}), which the kit's workflows install; " \
           "papershelf init --upgrade moves that line to this papershelf" in result.output
    assert "Warning" not in result.output and RELEASE not in result.output


def test_force_moves_only_the_papershelf_line_of_a_requirements_txt(tmp_path, monkeypatch):
    """sdhutchins/phd-research-template with papershelf pinned: --force replaces the kit's files, but the
    requirements.txt's other lines are the repository's own: only its papershelf line moves."""
    files = {**MKDOCS_SITE, "requirements.txt": "mkdocs>=1.5.0\npapershelf==0.0.9  # our pin\n"}
    repo = clone(tmp_path / "phd-research-template", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".", "--force", "--from", "0.3.0")
    assert result.exit_code == 0, result.output
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == "mkdocs>=1.5.0\npapershelf==0.3.0  # our pin\n"
    assert "replaced requirements.txt's papershelf line papershelf==0.0.9 (--force; its other lines kept)" \
        in result.output


def test_the_same_pin_already_there_keeps_the_warning_true(tmp_path, monkeypatch, installed_locally):
    """A requirements.txt that already pins this release (from an earlier init): kept, and the warning about that
    pin still stands."""
    files = {**MKDOCS_SITE, "requirements.txt": f"mkdocs>=1.5.0\n{RELEASE}\n"}
    repo = clone(tmp_path / "site", files)
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert f"kept requirements.txt: it already names papershelf ({RELEASE})" in result.output
    assert "Warning: this papershelf was installed from file:///src/papershelf" in result.output


def commit_all(repo: Path) -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm",
                    "theirs"], check=True)


def follow(repo: Path, command: str) -> None:
    """Run a shell command init's advice names, as the user would (git mv …)."""
    subprocess.run(command, shell=True, cwd=repo, check=True)


OBSIDIAN_NOTE = ("## Massively Parallel Probabilistic Computing with Sparse Ising Machines\n"
                 "#### [[authors/Navid Anjum Aadit]], [[authors/Kerem Camsari]], et. al, 2022\n#### Summary\nNP…\n")
OBSIDIAN_VAULT = {
    ".obsidian/app.json": "{}\n",
    "README.md": "# paper-reading\n",
    ".gitignore": ".obsidian/workspace.json\n",
    "Organization.md": "How this vault is organised.\n",
    "papers/Nature/Nature Electronics/Massively Parallel Probabilistic Computing.md": OBSIDIAN_NOTE,
    "papers/IEEE/ISSCC/A 0.6V ADC.md": "## A 0.6V ADC\n#### [[authors/A. Author]], 2019\n",
    "papers/NeurIPS/NeurIPS-2016/Some paper.md": "## Some paper\n",
}
VITEPRESS_NOTES = {
    "package.json": '{"scripts": {"docs:build": "vitepress build"}}\n',
    ".vitepress/config.mts": "export default { title: 'LLM Paper Notes' }\n",
    "index.md": "---\nlayout: home\n---\n",
    "README.md": "# LLM Paper Notes\n",
    ".gitignore": "node_modules/\n",
    "papers/index.md": "# 📚 论文索引\n\n| | 分类 | 覆盖方向 |\n",
    "papers/09-evaluation-and-benchmarks/README.md": "# 评测与基准\n",
    "papers/09-evaluation-and-benchmarks/MME_2024.md": "# MME：多模态大语言模型的综合评估基准\n\n> **论文**：*MME*\n",
}


@pytest.mark.parametrize(("files", "notes"), [(OBSIDIAN_VAULT, 3), (VITEPRESS_NOTES, 3)], ids=["obsidian", "vitepress"])
def test_a_folder_merely_called_papers_is_refused_with_advice_that_works(tmp_path, monkeypatch, files, notes):
    """johnMamish/paper-reading (an Obsidian vault: papers/<publisher>/<venue>/<note>.md) and
    jiabingyang01/llm-paper-notes (a VitePress site whose papers/ holds its notes): no topics.yml, no papershelf
    plugin, so not a collection. init writes nothing, never points to --upgrade or --force (which would replace
    their README.md and .gitignore), and its advice, followed literally, gives a collection that validates."""
    repo = clone(tmp_path / "notes", files)
    commit_all(repo)
    monkeypatch.chdir(repo)
    before = {path: path.read_bytes() for path in repo.rglob("*") if path.is_file() and ".git" not in path.parts}
    result = invoke("init", ".")
    assert result.exit_code == 2, result.output
    assert f"papers/ holds {notes} Markdown files of your own, and . has no topics.yml nor an mkdocs.yml with the " \
           "papershelf plugin: it is not a papershelf collection" in result.output
    assert "--upgrade" not in result.output and "--force" not in result.output
    assert {path: path.read_bytes() for path in repo.rglob("*") if path.is_file() and ".git" not in path.parts} \
        == before
    move = result.output.split("Move yours to another folder (", 1)[1].split(";", 1)[0]
    assert move == "git mv papers notes"
    follow(repo, move)
    again = invoke("init", ".")
    assert again.exit_code == 0, again.output
    assert (repo / "README.md").read_bytes() == files["README.md"].encode()
    assert invoke("validate").exit_code == 0


def test_a_real_collection_is_refused_naming_what_force_would_replace(tmp_path, monkeypatch):
    """A collection init made earlier, whose README.md and topics.yml the group has since written: init again
    points to --upgrade and, rather than recommend --force, names the files of theirs it would replace."""
    repo = clone(tmp_path / "reading-list", {"README.md": "# Our lab's reading list\n"})
    monkeypatch.chdir(repo)
    assert invoke("init", ".", "--from", "0.2.0").exit_code == 0
    (repo / "topics.yml").write_text("- id: vision\n  title: Vision\n", encoding="utf-8")
    result = invoke("init", ".", "--from", "0.3.0")
    assert result.exit_code == 2
    assert result.output == ("Error: . already holds a papershelf collection (topics.yml, an mkdocs.yml with the "
                             "papershelf plugin): refresh its kit with papershelf init --upgrade .; nothing was "
                             "written. --force would write the scaffold over it, replacing these files of yours: "
                             ".pre-commit-config.yaml, README.md, topics.yml, requirements.txt's papershelf line\n")
    assert invoke("init", "--upgrade", ".").exit_code == 0


def test_a_papers_folder_of_papershelf_paper_files_is_a_collection(tmp_path, monkeypatch):
    """A collection whose topics.yml went missing still has papershelf's paper files in papers/: refused as a
    collection, not as notes of another kind."""
    paper = "---\ntitle: Attention Is All You Need\nauthors: [Ashish Vaswani]\ndate: 2017-06-12\ntopics: [nlp]\n---\n"
    repo = clone(tmp_path / "shelf", {"papers/attention-is-all-you-need.md": paper})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 2 and "already holds a papershelf collection (papers/ of papershelf paper files)" \
        in result.output, result.output


def test_an_empty_papers_folder_is_written_around(tmp_path, monkeypatch):
    """A repository with an empty papers/ (a .gitkeep in it): nothing of its own there, so init writes the collection."""
    repo = clone(tmp_path / "new", {"papers/.gitkeep": ""})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / "topics.yml").is_file()


FIXTURES = Path(__file__).parent / "fixtures"
ALFOLIO_POST = "---\nlayout: post\ntitle: The Lottery Ticket Hypothesis\nauthor: Lukas Galke\ndate: 2019-08-20\n---\nA post.\n"
HUGO_POST = ("---\ntitle: Easily create your own simple yet highly customizable blog\ndate: 2023-10-27\nauthors:\n"
             "  - admin\n  - Ted\ntags:\n  - Hugo Blox\n---\nA post.\n")
HUGO_EVENT = "---\ntitle: Example Talk\nevent: Hugo Blox Builder Conference\ndate: '2030-06-01T13:00:00Z'\n" \
             "authors:\n  - admin\n---\n"
ONE_TOPIC = "(example-topic is topics.yml's one topic: rename it there, or add yours, to file them by subject)"


def advice(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("This folder ")]


def test_a_jekyll_blogs_posts_are_not_named_as_paper_notes(tmp_path, monkeypatch):
    """lgalke/al-folio: _posts/ holds blog posts (a title, an author, a date), which `import` skips one by one
    ("no date: add year"); init names the bibliography only, with a command that runs as printed."""
    repo = clone(tmp_path / "al-folio", {
        "_config.yml": "title: blank\n",
        "_bibliography/papers.bib": (FIXTURES / "sources" / "exporters" / "alfolio-homepage.bib").read_text("utf-8"),
        **{f"_posts/2019-0{n}-20-post-{n}.md": ALFOLIO_POST for n in range(1, 5)},
    })
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert advice(result.output) == [
        "This folder lists papers in _bibliography/papers.bib: papershelf import _bibliography/papers.bib --topic "
        f"example-topic makes them papers {ONE_TOPIC}"]
    followed = invoke(*advice(result.output)[0].split(": ", 1)[1].split(" makes ")[0].split()[1:])
    assert followed.exit_code == 0 and "added" in followed.output, followed.output


def test_posts_that_name_their_paper_are_paper_notes(tmp_path, monkeypatch):
    """A Jekyll site whose _posts/ are notes on papers, each naming its arXiv id: those are named."""
    note = "---\ntitle: The Lottery Ticket Hypothesis\nauthors: [Jonathan Frankle]\narxiv: 1803.03635\n---\nNotes.\n"
    repo = clone(tmp_path / "reading-blog", {"_config.yml": "title: notes\n", "_posts/2019-08-20-lottery.md": note})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert advice(result.output) == [f"This folder lists papers in _posts/: papershelf import _posts/ --topic "
                                     f"example-topic makes them papers {ONE_TOPIC}"]


def test_a_hugo_sites_posts_and_events_are_not_paper_notes(tmp_path, monkeypatch):
    """zhanlilz/zhanlilz (Hugo Blox): its demo posts content/post/<post>/index.md and its events have a title,
    authors and a date; only its publications are papers, and init names only their import."""
    repo = clone(tmp_path / "zhanlilz", {
        "config/_default/hugo.yaml": "title: Zhan Li\n",
        **{f"content/post/{name}/index.md": HUGO_POST for name in ("get-started", "second-brain", "teach-courses")},
        "content/event/example/index.md": HUGO_EVENT,
    })
    for page in (FIXTURES / "sources" / "hugo" / "hugo-blox-academic-cv").rglob("*"):
        if page.is_file():
            target = repo / page.relative_to(FIXTURES / "sources" / "hugo" / "hugo-blox-academic-cv")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert advice(result.output) == [
        "This folder is a Hugo site with 3 publication pages: papershelf import content/publications --topic "
        f"example-topic makes them papers {ONE_TOPIC}; docs/importing.md, \"A Hugo research site\""]


def test_a_reading_list_with_sections_is_advised_with_add_topics(tmp_path, monkeypatch):
    """A group's JabRef library filed in groups (as Dakingrai/awesome-mechanistic-interpretability-lm-papers files
    its links in sections): the
    advice names --add-topics and the real topic, and runs as printed: the groups become topics."""
    bib = ("@article{a, title = {Sparse Autoencoders}, author = {Ann Author}, year = {2024}, groups = {Vision}}\n"
           "@article{b, title = {Circuits}, author = {Bob Author}, year = {2023}, groups = {Language}}\n"
           "@article{c, title = {Loose}, author = {Cy Author}, year = {2022}}\n")
    repo = clone(tmp_path / "library", {"library.bib": bib})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    line = advice(result.output)[0]
    assert line == ("This folder lists papers in library.bib: papershelf import library.bib --add-topics --topic "
                    "example-topic makes them papers: --add-topics makes the 2 folders it files them in (sections, "
                    "collections, groups, a Topic column's values) topics of topics.yml, and --topic example-topic "
                    "takes the papers in none")
    followed = invoke(*line.split(": ", 1)[1].split(" makes ")[0].split()[1:])
    assert followed.exit_code == 0 and "added 3 papers, skipped 0" in followed.output, followed.output
    assert 'id: "vision"' in (repo / "topics.yml").read_text(encoding="utf-8")


QUARTO_SITE = {
    "_quarto.yml": "project:\n  type: website\n  output-dir: docs\n\nwebsite:\n  navbar:\n    right:\n"
                   "      - text: Home\n        file: index.qmd\n",
    "index.qmd": "---\ntitle: Cat Beese\n---\n",
    "publications.qmd": "---\ntitle: Publications\nbibliography: my-pubs.bib\n---\n",
    "my-pubs.bib": "@article{beese2023, title = {Reef fish}, author = {Cat Beese}, year = {2023}}\n",
    "docs/index.html": "<html><body>Cat Beese</body></html>\n",
    "docs/publications.html": "<html><body>Publications</body></html>\n",
    "docs/my-pubs.bib": "@article{beese2023, title = {Reef fish}, author = {Cat Beese}, year = {2023}}\n",
    "docs/search.json": "[]\n",
    "README.md": "# cmbeese.github.io\n",
}


def test_a_quarto_sites_output_folder_is_not_written_into(tmp_path, monkeypatch):
    """cmbeese/cmbeese.github.io: Quarto renders the site into docs/ (`output-dir: docs`). init writes the
    collection's pages to reading-list/ (mkdocs.yml's docs_dir), so docs/ keeps Quarto's files only, the MkDocs
    build publishes none of them, and the import advice names my-pubs.bib, not Quarto's rendered copy."""
    repo = clone(tmp_path / "cmbeese.github.io", QUARTO_SITE, "https://github.com/cmbeese/cmbeese.github.io")
    monkeypatch.chdir(repo)
    docs = {path.name: path.read_bytes() for path in (repo / "docs").iterdir()}
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert {path.name: path.read_bytes() for path in (repo / "docs").iterdir()} == docs
    assert (repo / "reading-list" / "index.md").is_file()
    assert "\ndocs_dir: reading-list\n" in (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert "wrote the site's pages to reading-list/, not docs/ (docs_dir: reading-list in mkdocs.yml): Quarto " \
           "renders its website into docs/ (output-dir in _quarto.yml), and quarto render empties it" in result.output
    assert advice(result.output) == [f"This folder lists papers in my-pubs.bib: papershelf import my-pubs.bib --topic "
                                     f"example-topic makes them papers {ONE_TOPIC}"]
    assert "left out .github/workflows/pages.yml" in result.output  # docs/index.html: Pages serves Quarto's site
    monkeypatch.setenv("SITE_URL", "https://cmbeese.github.io/reading-list/")
    built = invoke("build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert not (tmp_path / "site" / "publications.html").exists() and not (tmp_path / "site" / "search.json").exists()
    assert "Cat Beese" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("docs", "why"), [
    ({"docs/index.html": "<html></html>\n", "docs/about.html": "<html></html>\n"},
     "docs/ holds a rendered website (2 .html files), another generator's output"),
    ({"docs/_config.yml": "title: docs\n", "docs/index.md": "# Docs\n"}, "docs/ is a Jekyll site's source"),
])
def test_a_docs_folder_of_another_generator_is_left_alone(tmp_path, monkeypatch, docs, why):
    """cmbeese/cmbeese.github.io's docs/ of rendered pages, as GitHub Pages serves it, without the _quarto.yml
    that made it; and the same repository's layout with a Jekyll site's source in docs/: init writes its pages
    elsewhere, leaves docs/ as it was, and says why."""
    repo = clone(tmp_path / "site", {"README.md": "# site\n", **docs})
    monkeypatch.chdir(repo)
    before = {path.name: path.read_bytes() for path in (repo / "docs").iterdir()}
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert why in result.output
    assert {path.name: path.read_bytes() for path in (repo / "docs").iterdir()} == before
    assert sorted(path.name for path in (repo / "docs").iterdir()) == sorted(Path(name).name for name in docs)
    assert (repo / "reading-list" / "index.md").is_file()


ALFOLIO_CONFIG = ("title: blank\nurl: https://lgalke.github.io\n\nexclude: [vendor,bin,Gemfile,Gemfile.lock,inactive,"
                  "README.md]\n\n# Plug-ins\nplugins:\n    - jekyll-email-protect\n    - jekyll/scholar\n")
BLOCK_CONFIG = ("title: Our lab\nexclude:\n    - Gemfile\n    - vendor/  # bundler\n# Build settings\n"
                "plugins:\n    - jekyll-feed\n")


@pytest.mark.parametrize(("config", "added"), [
    ("title: Our lab\ntheme: minima\n", ["Gemfile", "Gemfile.lock", "node_modules", "vendor/bundle/", "vendor/cache/",
                                         "vendor/gems/", "vendor/ruby/", "docs/", "mkdocs.yml", "papers/",
                                         "topics.yml"]),
    (BLOCK_CONFIG, ["Gemfile", "vendor/", "docs/", "mkdocs.yml", "papers/", "topics.yml"]),
], ids=["no-exclude", "block-list"])
def test_a_jekyll_site_excludes_the_collection_it_would_publish_as_pages(tmp_path, monkeypatch, config, added):
    """lgalke/al-folio and other Jekyll sites: Jekyll renders every Markdown file with front matter (papers/*.md)
    and docs/ as pages of the site. init adds what it wrote to _config.yml's exclude: list, appending to a block
    list (the rest of the file unchanged) or adding the key with Jekyll's own defaults, and says so."""
    repo = clone(tmp_path / "lab", {"_config.yml": config, "index.md": "---\nlayout: home\n---\n"})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    text = (repo / "_config.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["exclude"] == added
    if config == BLOCK_CONFIG:
        assert text == BLOCK_CONFIG.replace("# bundler\n", "# bundler\n    - docs/\n    - mkdocs.yml\n    - papers/\n"
                                            "    - topics.yml\n")
    else:
        assert text.startswith(config)
    assert "added docs/, mkdocs.yml, papers/, topics.yml to _config.yml's exclude: list: Jekyll would publish them " \
           "as pages of your site" in result.output


def test_a_jekyll_exclude_list_on_one_line_is_left_to_its_owner(tmp_path, monkeypatch):
    """lgalke/al-folio writes `exclude: [vendor,bin,…]` on one line: init does not rewrite it, and names what to
    add."""
    repo = clone(tmp_path / "al-folio", {"_config.yml": ALFOLIO_CONFIG})
    monkeypatch.chdir(repo)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (repo / "_config.yml").read_text(encoding="utf-8") == ALFOLIO_CONFIG
    assert "Jekyll would publish docs/, mkdocs.yml, papers/, topics.yml as pages of your site: add them to " \
           "_config.yml's exclude: list (init does not rewrite a list written on one line)" in result.output
