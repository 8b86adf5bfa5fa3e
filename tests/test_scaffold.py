"""`papershelf init` writes the whole kit (each file checked here), and `init --upgrade` refreshes it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import papershelf
from papershelf.cli import cli
from papershelf.origin import install_source, is_placeholder, project_urls, requirement_from
from papershelf.scaffold import MANIFEST, RETIRED

sys.path.insert(0, str(Path(__file__).parent))
from test_workflows import linter, load, steps, triggers, write_scopes  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ONE_TOPIC = "(example-topic is topics.yml's one topic: rename it there, or add yours, to file them by subject)"
OLD_SCAFFOLD = Path(__file__).parent / "fixtures" / "scaffold-0.1.0"
KIT = [
    ".github/workflows/check.yml", ".github/workflows/pages.yml", ".github/workflows/suggest.yml",
    ".github/workflows/links.yml", ".github/workflows/pr-summary.yml", ".github/ISSUE_TEMPLATE/suggest-paper.yml", ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/dependabot.yml", "CONTRIBUTING.md", ".pre-commit-config.yaml", "requirements.txt",
    ".github/workflows/candidates.yml",
]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kit") / "shelf"
    result = invoke("init", str(root), "--name", "Kit shelf")
    assert result.exit_code == 0, result.output
    return root


def runs(workflow: dict, job: str | None = None) -> str:
    return "\n".join(step.get("run", "") for job_id, step in steps(workflow) if job in (None, job_id))


def test_init_writes_every_kit_file(kit):
    for relative in KIT:
        assert (kit / relative).is_file(), relative
    manifest = json.loads((kit / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["papershelf"] == papershelf.__version__
    assert sorted(manifest["kit"]) == sorted(KIT)
    for relative, digest in manifest["kit"].items():
        assert hashlib.sha256((kit / relative).read_bytes()).hexdigest() == digest


def requirement_lines(root: Path) -> list[str]:
    return [line for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def test_papershelf_is_pinned_to_the_release_that_wrote_the_scaffold(kit):
    assert requirement_lines(kit) == [f"papershelf=={papershelf.__version__}"]
    for path in (kit / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "pip install papershelf" not in text
        if "pip install" in text:  # the summary installs the default branch's pin, checked out into base/
            assert ("python -I -m pip install -r requirements.txt" in text  # -I: no pip/ of the checkout is imported
                    or "python -I -m pip install -r base/requirements.txt" in text), path.name


def test_check_workflow_validates_as_annotations_builds_strict_checks_links_and_summarizes(kit):
    workflow = load(kit / ".github/workflows/check.yml")
    assert {"push", "pull_request"} == triggers(workflow)
    commands = runs(workflow, "check")
    assert "papershelf validate --format github" in commands
    assert "papershelf build --strict" in commands
    assert 'papershelf links "$RUNNER_TEMP/site" --format github' in commands
    assert "summary" not in workflow["jobs"]  # pr-summary.yml, from the default branch's code only
    summary = load(kit / ".github/workflows/pr-summary.yml")
    assert '--summary "$GITHUB_STEP_SUMMARY"' in runs(summary, "summary")
    assert all(write_scopes(job.get("permissions")) == set() for job in workflow["jobs"].values())


def test_pages_workflow_builds_then_deploys_from_main(kit):
    workflow = load(kit / ".github/workflows/pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert write_scopes(jobs["build"]["permissions"]) == set()
    assert write_scopes(jobs["deploy"]["permissions"]) == {"pages", "id-token"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert "papershelf validate --format github" in runs(workflow, "build")


def test_suggestion_workflow_starts_only_from_the_add_paper_label(kit):
    text = (kit / ".github/workflows/suggest.yml").read_text(encoding="utf-8")
    workflow = load(kit / ".github/workflows/suggest.yml")
    # the label starts it; by hand (workflow_dispatch) it only creates the labels
    assert workflow["on"] == {"issues": {"types": ["labeled"]}, "workflow_dispatch": None}
    labels = workflow["jobs"]["labels"]
    assert labels["permissions"] == {"issues": "write"} and "actions/checkout" not in str(labels["steps"])
    job = workflow["jobs"]["add-paper"]
    assert job["if"] == "github.event.label.name == 'add-paper'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert write_scopes(workflow["permissions"]) == set()
    # issue text reaches papershelf only through the event file: never an expression, never the shell
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text
    assert 'papershelf suggest --github-event "$GITHUB_EVENT_PATH"' in runs(workflow)
    assert "gh pr create" in runs(workflow) and "gh issue comment" in runs(workflow)
    form = yaml.safe_load((kit / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text(encoding="utf-8"))
    assert "add-paper" not in form["labels"], "the form's own label would let anyone start the workflow"


def test_link_rot_workflow_runs_weekly_and_may_only_write_issues(kit):
    workflow = load(kit / ".github/workflows/links.yml")
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")
    job = workflow["jobs"]["external-links"]
    assert write_scopes(job["permissions"]) == {"issues"}
    assert "papershelf links --external --update-issue" in runs(workflow)


def test_candidates_workflow_runs_weekly_and_adds_only_on_the_label(kit):
    text = (kit / ".github/workflows/candidates.yml").read_text(encoding="utf-8")
    workflow = load(kit / ".github/workflows/candidates.yml")
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1") and workflow["on"]["issues"] == {"types": ["labeled"]}
    assert "issue_comment" not in workflow["on"]
    jobs = workflow["jobs"]
    assert write_scopes(jobs["refresh"]["permissions"]) == {"issues"}
    assert jobs["add"]["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert "github.event.label.name == 'add-candidates'" in jobs["add"]["if"]
    # the write-access check comes before the checkout: nothing of the repository runs for a stranger's label
    assert jobs["add"]["steps"][0]["name"] == "Check that the person who labelled may write to the repository"
    assert "github.event.issue.body" not in text and "github.event.issue.title" not in text
    assert 'papershelf add-candidates --github-event "$GITHUB_EVENT_PATH"' in runs(workflow, "add")
    assert "papershelf watch --since 7d --format issue" in runs(workflow, "refresh")


def test_issue_form_pr_template_contributing_dependabot(kit):
    form = yaml.safe_load((kit / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if item.get("id")}
    assert set(fields) == {"paper", "topics", "why"}
    assert all(field["validations"]["required"] for field in fields.values())
    template = (kit / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Why it belongs in the collection" in template and "papershelf validate" in template
    contributing = (kit / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for phrase in ("papershelf add", "papershelf serve", "add-paper", "papershelf suggest --issue-body",
                   "papershelf links --external", "papershelf init --upgrade", "pre-commit install"):
        assert phrase in contributing, phrase
    dependabot = yaml.safe_load((kit / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in dependabot["updates"]} == {"github-actions", "pip"}


def test_pre_commit_hook_installs_papershelf_from_where_requirements_txt_does(kit):
    config = yaml.safe_load((kit / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [shipped] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"  # no fetch of papershelf's repository (its URL may not exist yet)
    assert hook["additional_dependencies"] == requirement_lines(kit)
    assert {key: hook[key] for key in ("id", "language", "entry", "files")} == \
        {key: shipped[key] for key in ("id", "language", "entry", "files")}


GIT_RECORD = {"url": "https://github.com/ourlab/papershelf.git",
              "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567",
                           "requested_revision": "main"}}


@pytest.mark.parametrize("given, record, requirement, kind", [
    (None, None, f"papershelf=={papershelf.__version__}", "release"),  # from an index: no direct_url.json
    (None, GIT_RECORD, "papershelf @ git+https://github.com/ourlab/papershelf.git"
                       "@0123456789abcdef0123456789abcdef01234567", "git"),
    (None, {"url": "file:///home/me/papershelf", "dir_info": {"editable": True}},
     f"papershelf=={papershelf.__version__}", "local"),
    (None, {"url": "file:///tmp/papershelf-0.1.0-py3-none-any.whl", "archive_info": {}},
     f"papershelf=={papershelf.__version__}", "local"),
    ("git+https://github.com/ourlab/papershelf@v0.3", GIT_RECORD,
     "papershelf @ git+https://github.com/ourlab/papershelf@v0.3", "given"),
    ("0.2.0", None, "papershelf==0.2.0", "given"),
])
def test_the_kit_installs_papershelf_from_where_it_came_from(given, record, requirement, kind):
    source = install_source(given, record, read_record=False)
    assert (source.requirement, source.kind) == (requirement, kind)
    assert (source.warning is not None) == (kind == "local")
    if kind == "local":
        assert "--from git+https://github.com/OWNER/papershelf@COMMIT" in source.warning


def test_from_refuses_what_pip_could_not_install():
    with pytest.raises(papershelf.model.problems.UsageError, match="released version"):
        requirement_from("; rm -rf /")
    result = CliRunner().invoke(cli, ["init", "x", "--from", "not a source"])
    assert result.exit_code == 2 and "--from" in result.output


def test_init_from_a_git_commit_pins_it_in_requirements_and_the_hook(tmp_path, monkeypatch):
    # This papershelf as an editable checkout records it (PEP 610), whichever metadata the test run finds first:
    # a `pip install -e .` leaves a papershelf.egg-info without that record in the checkout's root.
    monkeypatch.setattr("papershelf.origin.direct_url", lambda: {"dir_info": {"editable": True}, "url": "file:///src"})
    url = "git+https://github.com/ourlab/papershelf@0123456789abcdef0123456789abcdef01234567"
    result = invoke("init", str(tmp_path / "shelf"), "--from", url)
    assert result.exit_code == 0, result.output
    assert requirement_lines(tmp_path / "shelf") == [f"papershelf @ {url}"]
    config = yaml.safe_load((tmp_path / "shelf/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["hooks"][0]["additional_dependencies"] == [f"papershelf @ {url}"]
    # the collection's README links papershelf's repository, not a PyPI page that may not exist
    assert "(https://github.com/ourlab/papershelf)" in (tmp_path / "shelf/README.md").read_text(encoding="utf-8")
    # upgrading from a local checkout keeps that pin rather than name an unpublished release
    again = invoke("init", "--upgrade", str(tmp_path / "shelf"))
    assert again.exit_code == 0, again.output
    assert requirement_lines(tmp_path / "shelf") == [f"papershelf @ {url}"]


def test_the_project_url_has_one_home_the_package_metadata():
    project = __import__("tomllib").loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    urls = project["project"]["urls"]
    assert is_placeholder(urls["Source"]) or urls["Source"].startswith("https://")
    assert is_placeholder("https://github.com/example/papershelf") and is_placeholder("https://example.org/x")
    assert not is_placeholder("https://github.com/ourlab/papershelf")
    # no other source file names papershelf's repository: they read it from the metadata
    named = [path for path in (REPO / "src").rglob("*") if path.is_file() and path.suffix in (".py", ".md", ".yml",
             ".yaml", ".txt") and urls["Source"] in path.read_text(encoding="utf-8")]
    assert named == []
    assert project_urls()["Source"] == urls["Source"]


def test_the_kit_is_clean_under_zizmor_pedantic_and_actionlint(kit):
    zizmor = subprocess.run([linter("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", ".github"],
                            cwd=kit, capture_output=True, text=True, timeout=300)
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    assert "No findings" in zizmor.stdout + zizmor.stderr
    workflows = sorted(str(p.relative_to(kit)) for p in (kit / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 6
    lint = subprocess.run([linter("actionlint"), *workflows], cwd=kit, capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.fixture
def old_collection(tmp_path) -> Path:
    """A collection `papershelf init` 0.1.0 made, with a paper and edits to its content."""
    root = tmp_path / "old"
    shutil.copytree(OLD_SCAFFOLD, root, ignore=shutil.ignore_patterns("NOTE.md"))
    (root / "papers").mkdir()
    (root / "papers" / "one.md").write_text(
        "---\ntitle: One\nauthors: [Ada Lovelace]\ndate: '2024-01-01'\ntopics: [example-topic]\n---\n\nAbstract.\n",
        encoding="utf-8")
    (root / "topics.yml").write_text((root / "topics.yml").read_text() + "# our own comment\n", encoding="utf-8")
    return root


def snapshot(root: Path, exclude: tuple[str, ...]) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith(exclude)}


def test_upgrade_brings_an_old_collection_the_kit_and_leaves_its_content_alone(old_collection):
    assert hashlib.sha256((old_collection / ".github/workflows/site.yml").read_bytes()).hexdigest() \
        in RETIRED[".github/workflows/site.yml"]
    content = snapshot(old_collection, (".github/",))
    result = invoke("init", "--upgrade", str(old_collection))
    assert result.exit_code == 0, result.output
    for relative in KIT:
        assert f"created {relative}" in result.output
        assert (old_collection / relative).is_file()
    assert "removed .github/workflows/site.yml (no longer part of the kit)" in result.output
    assert not (old_collection / ".github/workflows/site.yml").exists()
    after = snapshot(old_collection, (".github/",))
    assert {path: data for path, data in after.items() if path in content} == content  # papers, topics, README…
    again = invoke("init", "--upgrade", str(old_collection))
    assert again.exit_code == 0 and "12 kit files already current" in again.output


def test_an_edited_kit_file_is_kept_with_its_diff_unless_forced(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    check = root / ".github/workflows/check.yml"
    mine = check.read_text(encoding="utf-8").replace("timeout-minutes: 20", "timeout-minutes: 45")
    check.write_text(mine, encoding="utf-8")
    # an unedited file from an older release: the manifest records the hash of what that release wrote
    contributing = root / "CONTRIBUTING.md"
    contributing.write_text("# Contributing (older release)\n", encoding="utf-8")
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    manifest["kit"]["CONTRIBUTING.md"] = hashlib.sha256(b"# Contributing (older release)\n").hexdigest()
    # check.yml: edited by the collection, and papershelf's own version changed since it was written
    manifest["kit"][".github/workflows/check.yml"] = hashlib.sha256(b"an older release's check.yml\n").hexdigest()
    (root / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    dry = invoke("init", "--upgrade", "--dry-run", str(root))
    assert "would update CONTRIBUTING.md" in dry.output
    assert contributing.read_text(encoding="utf-8") == "# Contributing (older release)\n"

    result = invoke("init", "--upgrade", str(root))
    assert result.exit_code == 1
    assert "kept .github/workflows/check.yml: you edited it" in result.output
    assert "-    timeout-minutes: 45" in result.output and "+    timeout-minutes: 20" in result.output
    assert check.read_text(encoding="utf-8") == mine
    assert "updated CONTRIBUTING.md" in result.output
    assert contributing.read_text(encoding="utf-8") == (kit / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # still seen as edited next time
    assert invoke("init", "--upgrade", str(root)).exit_code == 1

    forced = invoke("init", "--upgrade", "--force", str(root))
    assert forced.exit_code == 0 and "updated .github/workflows/check.yml" in forced.output
    assert check.read_bytes() == (kit / ".github/workflows/check.yml").read_bytes()


def test_upgrade_moves_the_pin_and_keeps_other_requirements(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    (root / "requirements.txt").write_text(
        "# ours\npapershelf==0.0.9  # pinned\nmkdocs-glightbox>=0.4\n", encoding="utf-8")
    result = invoke("init", "--upgrade", "--from", papershelf.__version__, str(root))
    assert result.exit_code == 0 and "updated requirements.txt" in result.output
    assert (root / "requirements.txt").read_text(encoding="utf-8") == (
        f"# ours\npapershelf=={papershelf.__version__}  # pinned\nmkdocs-glightbox>=0.4\n")


def test_upgrade_outside_a_collection_and_init_over_a_collection_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["init", "--upgrade", str(tmp_path)])
    assert result.exit_code == 2 and "is not a papershelf collection" in result.output
    assert f"papershelf init {tmp_path}" in result.output  # the way out, not circular advice
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "topics.yml").write_text("mine")
    used = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert used.exit_code == 2 and "init --upgrade" in used.output
    assert (tmp_path / "topics.yml").read_text() == "mine" and len(list(tmp_path.iterdir())) == 1


GITHUB_README = "# mygroup\nOur group's reading list\n"


def new_clone(path: Path) -> Path:
    """A clone of a repository GitHub just created with a README, a license and a Python .gitignore."""
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    (path / "README.md").write_text(GITHUB_README, encoding="utf-8")
    (path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (path / ".gitignore").write_text("__pycache__/\n*.egg-info/\n", encoding="utf-8")
    return path


def test_init_dot_in_a_new_repositorys_clone_writes_around_its_files(tmp_path, monkeypatch):
    clone = new_clone(tmp_path / "mygroup")
    head = (clone / ".git" / "HEAD").read_bytes()
    monkeypatch.chdir(clone)
    result = invoke("init", ".", "--name", "My group")
    assert result.exit_code == 0, result.output
    assert "kept README.md (already there; --force replaces it)" in result.output
    assert "Next: papershelf serve" in result.output
    assert result.output.splitlines()[-1].startswith("To bring in the library you have: papershelf import FILE...")
    assert (clone / "README.md").read_text(encoding="utf-8") == GITHUB_README
    assert (clone / "LICENSE").read_text(encoding="utf-8") == "MIT License\n"
    assert (clone / ".git" / "HEAD").read_bytes() == head
    ignored = (clone / ".gitignore").read_text(encoding="utf-8")
    assert ignored.startswith("__pycache__/\n*.egg-info/\n") and "site/" in ignored
    assert ignored.count("__pycache__/") == 1  # the kit's lines it already had are not repeated
    for relative in KIT + ["mkdocs.yml", "topics.yml", "docs/index.md"]:
        assert (clone / relative).is_file(), relative
    # the kit now upgrades cleanly, and the collection builds
    assert invoke("init", "--upgrade", ".").exit_code == 0
    assert invoke("validate").exit_code == 0
    forced = invoke("init", ".", "--force")
    assert forced.exit_code == 0 and "replaced README.md" in forced.output
    assert "My group" not in (clone / "README.md").read_text(encoding="utf-8")  # --force: the scaffold's README


LAB_SITE = """\
# Our lab's wiki, published with MkDocs
site_name: Lab wiki
site_url: !ENV [SITE_URL, "https://lab.example.org/"]
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
nav:
  - Home: index.md
  - Members: members.md
"""


def test_init_in_a_repository_that_publishes_an_mkdocs_site_keeps_it_and_says_what_to_add(tmp_path, monkeypatch):
    """A group's repository that already holds an MkDocs site: init writes the collection around it, edits
    neither mkdocs.yml nor docs/, and prints the lines to add; build refuses the site until they are there,
    then builds the group's pages and papershelf's."""
    clone = new_clone(tmp_path / "lab")
    (clone / "mkdocs.yml").write_text(LAB_SITE, encoding="utf-8")
    (clone / "docs").mkdir()
    (clone / "docs" / "index.md").write_text("# Lab wiki\n", encoding="utf-8")
    (clone / "docs" / "members.md").write_text("# Members\n", encoding="utf-8")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert (clone / "mkdocs.yml").read_text(encoding="utf-8") == LAB_SITE
    assert (clone / "docs" / "index.md").read_text(encoding="utf-8") == "# Lab wiki\n"
    assert (clone / "topics.yml").is_file() and (clone / "papers").is_dir()
    additions = ("    plugins:\n      - papershelf        # with its own search; list - search too for mkdocs-material's\n"
                 "    nav:\n      - Papers: papers/index.md\n      - Topics: topics/index.md\n"
                 "      - Authors: authors/index.md\n      - Years: years/index.md\n")
    assert ("Your mkdocs.yml was kept. For papershelf's pages, add to it (into the lists it has already):\n"
            + additions + "Then: papershelf serve") in result.output
    refused = invoke("build", "--no-strict")
    assert refused.exit_code == 2 and "does not use the papershelf plugin" in refused.output
    assert additions in refused.output
    (clone / "mkdocs.yml").write_text(LAB_SITE.replace("nav:\n", "plugins:\n  - papershelf\nnav:\n")
                                      + "  - Papers: papers/index.md\n  - Topics: topics/index.md\n"
                                      "  - Authors: authors/index.md\n  - Years: years/index.md\n", encoding="utf-8")
    assert invoke("validate").exit_code == 0
    built = subprocess.run([sys.executable, "-m", "papershelf", "build", "--no-strict", "-d", str(tmp_path / "site")],
                           cwd=clone, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "members" / "index.html").is_file()
    assert (tmp_path / "site" / "papers" / "index.html").is_file() and (tmp_path / "site" / "papers.bib").is_file()


def test_a_nav_of_yaml_aliases_is_read_once_per_list(tmp_path):
    """Forty levels of aliases name 2**39 entries: each list is visited once, so this answers at once."""
    from papershelf.model.site_config import missing_for_papershelf, read_site_config

    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n" for i in range(1, 40))
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nl0: &l0 [papers/index.md]\n{levels}nav: *l39\n",
                                         encoding="utf-8")
    lines = missing_for_papershelf(read_site_config(tmp_path / "mkdocs.yml"))
    assert "  - Papers: papers/index.md" not in lines and "  - Topics: topics/index.md" in lines


def test_init_beside_an_unreadable_mkdocs_yml_writes_nothing(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2 and f"{tmp_path}/mkdocs.yml:2: not valid YAML: fix it first" in result.output
    assert [path.name for path in tmp_path.iterdir()] == ["mkdocs.yml"]


def test_what_a_site_lacks_for_papershelf_reads_inherit_plugin_mappings_and_nested_nav(tmp_path):
    from papershelf.model.site_config import missing_for_papershelf, read_site_config

    (tmp_path / "base.yml").write_text("theme:\n  name: material\nplugins:\n  papershelf: {}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: x\nnav:\n  - Home: index.md\n"
                                         "  - Reading:\n    - Papers: papers/index.md\n    - Topics: topics/index.md\n"
                                         "    - Authors: authors/index.md\n    - Years: years/index.md\n",
                                         encoding="utf-8")
    assert missing_for_papershelf(read_site_config(tmp_path / "mkdocs.yml")) == []
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: readthedocs\nplugins: [search]\n", encoding="utf-8")
    assert missing_for_papershelf(read_site_config(tmp_path / "mkdocs.yml")) == [
        "theme:", "  name: material      # papershelf's pages are mkdocs-material pages",
        "plugins:", "  - papershelf        # with its own search; list - search too for mkdocs-material's"]


def test_a_kit_file_the_clone_already_had_is_kept_and_upgrades_leave_it_alone(tmp_path, monkeypatch):
    clone = new_clone(tmp_path / "mygroup")
    (clone / "CONTRIBUTING.md").write_text("# How our group works\n", encoding="utf-8")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0 and "kept CONTRIBUTING.md (already there; --force replaces it)" in result.output
    for _ in range(2):
        upgrade = invoke("init", "--upgrade", ".")
        assert upgrade.exit_code == 0, upgrade.output
        assert "kept CONTRIBUTING.md: your edit (papershelf's version of it has not changed)" in upgrade.output
    assert (clone / "CONTRIBUTING.md").read_text(encoding="utf-8") == "# How our group works\n"


def test_the_scaffold_gitignore_keeps_builds_caches_and_venvs_out(kit):
    ignored = set((kit / ".gitignore").read_text(encoding="utf-8").split())
    assert {"site/", ".cache/", "__pycache__/", ".venv/", "venv/"} <= ignored


def test_an_edit_to_a_kit_file_papershelf_did_not_change_is_kept_silently(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    links = root / ".github/workflows/links.yml"
    mine = links.read_text(encoding="utf-8").replace('cron: "23 5 * * 1"', 'cron: "0 6 * * 3"')
    links.write_text(mine, encoding="utf-8")
    for _ in range(2):  # and again: no error on every run
        result = invoke("init", "--upgrade", str(root))
        assert result.exit_code == 0, result.output
        assert "kept .github/workflows/links.yml: your edit" in result.output
        assert "---" not in result.output  # no diff: there is nothing to reconcile
        assert links.read_text(encoding="utf-8") == mine


def test_one_check_run_per_pull_request_pip_cached_on_requirements_and_superseded_runs_cancelled(kit):
    check = load(kit / ".github/workflows/check.yml")
    assert check["on"] == {"push": {"branches": ["main"]}, "pull_request": None}  # a PR's branch runs once
    assert check["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in check["concurrency"]["group"]
    for name in ("check.yml", "pages.yml", "links.yml", "suggest.yml"):
        workflow = load(kit / ".github/workflows" / name)
        setups = [step for _, step in steps(workflow) if step.get("uses", "").startswith("actions/setup-python@")]
        assert setups, name
        for step in setups:
            assert step["with"]["cache"] == "pip" and step["with"]["cache-dependency-path"] == "requirements.txt"


@pytest.mark.parametrize("repository, url", [
    ("OurLab/reading-list", "https://ourlab.github.io/reading-list/"),
    ("OurLab/ourlab.github.io", "https://ourlab.github.io/"),
])
def test_the_pages_workflow_derives_the_sites_address_from_the_repository(kit, tmp_path, repository, url):
    workflow = load(kit / ".github/workflows/pages.yml")
    [step] = [step for _, step in steps(workflow) if step.get("id") == "address"]
    output = tmp_path / "output"
    output.write_text("", encoding="utf-8")
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                            env={"PATH": "/usr/bin:/bin", "GITHUB_REPOSITORY": repository,
                                 "GITHUB_REPOSITORY_OWNER": repository.split("/")[0], "GITHUB_OUTPUT": str(output)},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == f"url={url}\n"
    [build] = [step for _, step in steps(workflow) if step.get("name", "").startswith("Build the site")]
    assert build["env"]["SITE_URL"] == "${{ steps.address.outputs.url }}"


PAPER = """---
title: A paper without identifiers
authors:
- Ada Lovelace
date: '2024-01-01'
topics:
- example-topic
---

An abstract.
"""


def build_kit(root: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in __import__("os").environ.items() if key != "SITE_URL"}
    return subprocess.run([sys.executable, "-m", "papershelf.cli", "build", "-d", str(site)], cwd=root,
                          env={**environment, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.xdist_group("scaffold-build")
def test_the_scaffold_publishes_with_an_address_one_edit_branch_no_font_requests_and_a_description(kit, tmp_path):
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    (root / "papers" / "a-paper-without-identifiers.md").write_text(PAPER, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# repo_url: https://github.com/OWNER/REPO", "repo_url: https://github.com/ourlab/reading-list"),
        encoding="utf-8")

    refused = build_kit(root, tmp_path / "nowhere")
    assert refused.returncode != 0
    assert "site_url is not set" in refused.stderr and "SITE_URL" in refused.stderr
    # At once, as the last thing said: not after building (and writing) every page, with the reason
    # scrolled away by the build's own output.
    assert not (tmp_path / "nowhere").exists()
    said = [line for line in refused.stderr.splitlines() if line.strip()]
    assert "site_url is not set" in said[-1] and "Building documentation" not in refused.stderr, said[-3:]

    built = build_kit(root, tmp_path / "site", SITE_URL="https://ourlab.github.io/reading-list/")
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://ourlab.github.io/reading-list/"' in feed and "papershelf.invalid" not in feed
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://ourlab.github.io/reading-list/papers/a-paper-without-identifiers/</loc>" in sitemap
    home = (site / "index.html").read_text(encoding="utf-8")
    paper = (site / "papers" / "a-paper-without-identifiers" / "index.html").read_text(encoding="utf-8")
    assert "https://github.com/ourlab/reading-list/edit/main/docs/index.md" in home
    assert "https://github.com/ourlab/reading-list/edit/main/papers/a-paper-without-identifiers.md" in paper
    assert "edit/master" not in home + paper
    assert '<meta name="description" content="A curated reading list, built with papershelf.">' in home
    for page in site.rglob("*.html"):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8"), page


def test_contributing_has_the_field_list_a_template_that_validates_and_venv_steps(kit, tmp_path):
    from papershelf.model.writer import FIELD_ORDER

    contributing = (kit / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in FIELD_ORDER:
        assert f"`{name}`" in contributing, name
    assert "python3 -m venv .venv" in contributing and "PEP 668" in contributing and "pipx" in contributing
    assert "Allow GitHub Actions to create and approve pull requests" in contributing
    [template] = [block for block in contributing.split("```markdown\n")[1:]]
    template = "\n".join(line.removeprefix("   ") for line in template.split("```")[0].splitlines()) + "\n"
    assert "arxiv:" not in template and "doi:" not in template  # a paper without identifiers
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    (root / "papers" / "a-survey-of-reading-lists.md").write_text(template, encoding="utf-8")
    result = invoke("validate", "--root", str(root))
    assert result.exit_code == 0 and "1 paper checked: all valid." in result.output, result.output


@pytest.mark.parametrize("linked", [".github", ".github/workflows", ".github/workflows/check.yml", MANIFEST])
def test_upgrade_and_init_never_write_through_a_symbolic_link(kit, tmp_path, linked):
    root, outside = tmp_path / "shelf", tmp_path / "outside"
    shutil.copytree(kit, root)
    outside.mkdir()
    target = root / linked
    moved = outside / "target"
    shutil.move(str(target), str(moved))
    target.symlink_to(moved, target_is_directory=moved.is_dir())
    before, inside = snapshot(outside, ()), snapshot(root, ())
    for args in (["init", "--upgrade", "--force", str(root)], ["init", "--force", str(root)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "is a symbolic link" in result.output, result.output
        assert snapshot(outside, ()) == before and snapshot(root, ()) == inside  # nothing written anywhere


@pytest.mark.xdist_group("scaffold-build")
def test_a_build_lists_only_the_users_own_pages_as_missing_from_the_nav(kit, tmp_path):
    """MkDocs names every page that is in no nav; papershelf's pages (one per paper, author, topic, year)
    never are, by design, and listing them buried a build's output (a line per page: 50,000 at 10,000 papers)."""
    root = tmp_path / "shelf"
    shutil.copytree(kit, root)
    (root / "papers" / "a-paper-without-identifiers.md").write_text(PAPER, encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About\n\nOur group.\n", encoding="utf-8")

    built = build_kit(root, tmp_path / "site", SITE_URL="https://ourlab.github.io/reading-list/")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site" / "papers" / "a-paper-without-identifiers" / "index.html").is_file()
    assert (tmp_path / "site" / "authors" / "index.html").is_file()
    listed = built.stderr.split('not included in the "nav" configuration:', 1)[1]
    assert "about.md" in listed  # the user's own page: MkDocs still says it is in no nav
    for generated in ("papers/a-paper-without-identifiers/", "authors/", "topics/", "years/"):
        assert generated not in listed, (generated, listed)


HUGO_SITE = Path(__file__).parent / "fixtures" / "sources" / "hugo" / "hugo-blox-academic-cv"
PAGES_DEPLOY = Path(__file__).parent / "fixtures" / "kit" / "hugo-blox-deploy.yml"


def test_init_in_a_hugo_site_that_deploys_to_pages_leaves_its_website_alone(tmp_path, monkeypatch):
    """A lab's Hugo Blox site publishes itself on GitHub Pages: papershelf's pages.yml would replace the lab's
    homepage with the reading list. init leaves that workflow out, says why and what to do, and points at the
    site's publications; an upgrade keeps it out; --force adds it."""
    site = shutil.copytree(HUGO_SITE, new_clone(tmp_path / "lab-site"), dirs_exist_ok=True)
    (site / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(PAGES_DEPLOY, site / ".github" / "workflows" / "deploy.yml")
    monkeypatch.chdir(site)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert ("left out .github/workflows/pages.yml: this repository already publishes a website on GitHub Pages: "
            ".github/workflows/deploy.yml deploys one with actions/deploy-pages.") in result.output
    assert not (site / ".github" / "workflows" / "pages.yml").exists()
    assert (site / ".github" / "workflows" / "check.yml").is_file()  # pull requests are still checked
    assert (site / ".github" / "workflows" / "deploy.yml").read_bytes() == PAGES_DEPLOY.read_bytes()
    assert ("This folder is a Hugo site with 3 publication pages: papershelf import content/publications --topic "
            "example-topic makes them papers (example-topic is topics.yml's one topic") in result.output
    upgrade = invoke("init", "--upgrade", ".")
    assert upgrade.exit_code == 0 and "left out .github/workflows/pages.yml" in upgrade.output
    assert not (site / ".github" / "workflows" / "pages.yml").exists()
    forced = invoke("init", "--upgrade", ".", "--force")
    assert forced.exit_code == 0 and "created .github/workflows/pages.yml" in forced.output
    again = invoke("init", "--upgrade", ".")
    assert "left out" not in again.output  # once there, it is the collection's own


@pytest.mark.parametrize("marker", ["_config.yml", "CNAME", "index.html", ".nojekyll", "docs/index.html",
                                    "docs/CNAME"])
def test_a_site_pages_serves_from_the_branch_also_keeps_pages_yml_out(tmp_path, monkeypatch, marker):
    clone = new_clone(tmp_path / "homepage")
    (clone / marker).parent.mkdir(exist_ok=True)
    (clone / marker).write_text("title: Our lab\n" if marker == "_config.yml" else "lab.example.org\n",
                                encoding="utf-8")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0 and "left out .github/workflows/pages.yml" in result.output
    assert marker in result.output and not (clone / ".github" / "workflows" / "pages.yml").exists()


def test_init_in_an_al_folio_homepage_names_its_bibliography(tmp_path, monkeypatch):
    """al-folio keeps the group's papers in _bibliography/papers.bib: init says how to import it (and, a Jekyll
    site, leaves pages.yml out)."""
    clone = new_clone(tmp_path / "homepage")
    (clone / "_config.yml").write_text("title: Our lab\n", encoding="utf-8")
    (clone / "_bibliography").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "sources" / "exporters" / "alfolio-homepage.bib",
                clone / "_bibliography" / "papers.bib")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    assert ("This folder lists papers in _bibliography/papers.bib: papershelf import _bibliography/papers.bib "
            "--topic example-topic makes them papers (example-topic is topics.yml's one topic") in result.output
    imported = invoke("import", "_bibliography/papers.bib", "--topic", "example-topic")
    assert imported.exit_code == 0, imported.output


def test_init_names_the_reading_lists_a_repository_already_keeps(tmp_path, monkeypatch):
    """A group's sheet saved as CSV and an awesome list's README are its papers: init names the command that
    imports each; a CSV of something else, and a Markdown file that cites one paper, are not named."""
    sources = Path(__file__).parent / "fixtures" / "sources"
    clone = new_clone(tmp_path / "reading-group")
    (clone / "README.md").write_text((sources / "lists" / "awesome-sparse-autoencoders-README.md")
                                     .read_text(encoding="utf-8"), encoding="utf-8")
    (clone / "data").mkdir()
    shutil.copy(sources / "spreadsheet" / "longterm-review-first8.csv", clone / "data" / "papers.csv")
    (clone / "budget.csv").write_text("item,cost\nGPU hours,1200\n", encoding="utf-8")
    (clone / "NOTES.md").write_text("We build on https://arxiv.org/abs/2404.16014 (arXiv:2404.16014v2).\n",
                                    encoding="utf-8")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    named = [line for line in result.output.splitlines() if line.startswith("This folder lists papers in")]
    assert named == [
        "This folder lists papers in README.md: papershelf import README.md --add-topics --topic example-topic makes "
        "them papers: --add-topics makes the 2 folders it files them in (sections, collections, groups, a Topic "
        "column's values) topics of topics.yml, and --topic example-topic takes the papers in none",
        "This folder lists papers in data/papers.csv: papershelf import data/papers.csv --add-topics --topic "
        "example-topic makes them papers: --add-topics makes the 5 folders it files them in (sections, collections, "
        "groups, a Topic column's values) topics of topics.yml, and --topic example-topic takes the papers in none",
    ]
    imported = invoke("import", "data/papers.csv", "--add-topics", "--topic", "example-topic")  # as advised
    assert imported.exit_code == 0 and "added 8 papers" in imported.output, imported.output
    assert "added topic" in imported.output


def test_init_names_a_bibliography_one_folder_down_and_not_a_builds_copy(tmp_path, monkeypatch):
    """A paper's or thesis's repository keeps its references beside the LaTeX (latex/references.bib); a built
    site's or a dependency's copy is not the group's."""
    clone = new_clone(tmp_path / "thesis")
    sample = Path(__file__).parent / "fixtures" / "sources" / "exporters" / "zotero.bib"
    for folder in ("latex", "site", "node_modules", ".cache"):
        (clone / folder).mkdir()
        shutil.copy(sample, clone / folder / "references.bib")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    named = [line for line in result.output.splitlines() if line.startswith("This folder lists papers in")]
    assert named == ["This folder lists papers in latex/references.bib: papershelf import latex/references.bib "
                     f"--topic example-topic makes them papers {ONE_TOPIC}"]


def test_init_in_an_obsidian_vault_names_its_folder_of_paper_notes(tmp_path, monkeypatch):
    """A vault keeps a note a paper (Papers/), and its templates and settings beside them: init names the folder of
    notes, which `import` reads, and neither the templates nor .obsidian/."""
    notes = Path(__file__).parent / "fixtures" / "sources" / "notes"
    clone = new_clone(tmp_path / "vault")
    shutil.copytree(notes / "whiteshelf", clone / "Reading" / "Papers")
    (clone / "Templates").mkdir()
    (clone / "Templates" / "paper.md").write_text("---\ntitle: \"{{title}}\"\nauthors: []\nyear: 2024\n---\n",
                                                   encoding="utf-8")
    (clone / ".obsidian").mkdir()
    shutil.copy(notes / "whiteshelf" / "1406.2661.md", clone / ".obsidian" / "copy.md")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    named = [line for line in result.output.splitlines() if line.startswith("This folder lists papers in")]
    assert named == ["This folder lists papers in Reading/Papers/: papershelf import Reading/Papers/ --topic "
                     f"example-topic makes them papers {ONE_TOPIC}"]
    imported = invoke("import", "Reading/Papers/", "--topic", "example-topic")
    assert imported.exit_code == 0 and "added 5 papers, skipped 0" in imported.output, imported.output


def test_init_where_papers_holds_notes_of_another_kind_says_to_move_them_first(tmp_path, monkeypatch):
    """papers/ is where papershelf keeps its paper files: a folder of that name holding the group's own notes
    would be read as papers (and on macOS a vault's Papers/ is that folder too): init writes nothing and says
    how to move them and import them."""
    clone = new_clone(tmp_path / "notes-repo")
    shutil.copytree(Path(__file__).parent / "fixtures" / "sources" / "notes" / "ml-reading", clone / "papers")
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 2 and "papers/ holds 5 Markdown files of your own (paper notes" in result.output, \
        result.output
    assert "(git mv papers notes;" in result.output and "papershelf import notes --topic example-topic" in result.output
    assert not (clone / "topics.yml").exists() and not (clone / "mkdocs.yml").exists()


@pytest.mark.parametrize(("remote", "address", "build"), [
    ("https://github.com/OurLab/reading-list.git", "https://ourlab.github.io/reading-list/", True),
    ("git@github.com:OurLab/Reading-List.git", "https://ourlab.github.io/Reading-List/", False),
    ("ssh://git@github.com/ourlab/ourlab.github.io", "https://ourlab.github.io/", False),
    ("https://gitlab.com/ourlab/reading-list.git", None, False),
])
def test_init_in_a_github_clone_names_its_pages_address_so_a_strict_build_works_at_once(tmp_path, monkeypatch,
                                                                                        remote, address, build):
    clone = new_clone(tmp_path / "clone")
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", remote], check=True)
    monkeypatch.chdir(clone)
    result = invoke("init", ".")
    assert result.exit_code == 0, result.output
    config = (clone / "mkdocs.yml").read_text(encoding="utf-8")
    if address is None:
        assert "site_url: !ENV [SITE_URL]\n" in config and "names the site's address" not in result.output
        return
    assert f'site_url: !ENV [SITE_URL, "{address}"]\n' in config
    assert f"mkdocs.yml names the site's address {address}" in result.output
    if not build:  # one build shows the address is used (each costs ~1 s)
        return
    built = build_kit(clone, tmp_path / "site")  # no SITE_URL: strict, as `papershelf build` is
    assert built.returncode == 0, built.stderr
    assert f"<loc>{address}papers/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    # the workflow's SITE_URL still wins: !ENV takes the variable first (the scaffold's own build test sets it)


def test_init_in_a_folder_of_another_repository_leaves_the_address_to_the_workflow(tmp_path, monkeypatch):
    clone = new_clone(tmp_path / "clone")
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", "https://github.com/ourlab/site"], check=True)
    assert invoke("init", str(clone / "reading-list")).exit_code == 0
    assert "site_url: !ENV [SITE_URL]\n" in (clone / "reading-list" / "mkdocs.yml").read_text(encoding="utf-8")
