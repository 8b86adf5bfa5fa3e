"""`papershelf init`: a new collection that builds at once, with the whole kit; `init --upgrade` refreshes the kit.

The scaffold has two kinds of files. *Content* (README.md, mkdocs.yml,
topics.yml, docs/, papers/) belongs to the collection from the first day:
`init` writes it once and nothing ever touches it again. The *kit* (the
workflows, issue form, pull request template, Dependabot and pre-commit
configuration, CONTRIBUTING.md and requirements.txt with papershelf pinned to
the release that wrote it) is papershelf's: `init --upgrade` refreshes it.

`init` records the SHA-256 of each kit file it writes in `.papershelf-kit.json`.
On upgrade a kit file whose text still has that hash (or the hash of a file an
older release shipped) was not edited and is replaced; a file the collection
edited is kept and reported with the difference, and replaced only with
`force`. requirements.txt is never replaced wholesale: only its papershelf line
moves to the new release.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .model.problems import UsageError
from .model.writer import replace_file, write_new_file

SCAFFOLD = Path(__file__).parent / "scaffold"
# Where papershelf's source lives: the pre-commit hook (.pre-commit-hooks.yaml) is fetched from it.
SOURCE_REPOSITORY = "https://github.com/example/papershelf"
MANIFEST = ".papershelf-kit.json"
KIT_PREFIXES = (".github/", "CONTRIBUTING.md", ".pre-commit-config.yaml", "requirements.txt")
REQUIREMENTS = "requirements.txt"
PIN = re.compile(r"^papershelf\s*(?:\[[^\]]*\])?\s*(?:[=<>!~]=?[^#\s]*)?(?P<rest>\s*(?:#.*)?)$", re.IGNORECASE)
# Kit files an older release wrote that this one no longer ships, with the hashes of their shipped text:
# removed on upgrade when unedited. 0.1.0 wrote one workflow, now split into check.yml and pages.yml.
RETIRED = {
    ".github/workflows/site.yml": {"b80aa053360005f6ccd23d792038138f794b3daf7d804feaf0e2d8437d447337"},
}
# Hashes of kit files as older releases shipped them (collections made before the manifest existed).
SHIPPED_BEFORE: dict[str, set[str]] = {}


def is_kit(relative: str) -> bool:
    return relative.startswith(KIT_PREFIXES)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scaffold_files(site_name: str = "") -> dict[str, str]:
    """Every scaffold file as it would be written: relative path -> text."""
    files = {}
    for source in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = source.relative_to(SCAFFOLD).as_posix()
        files[relative] = render_template(source.read_text(encoding="utf-8"), site_name)
    return files


def render_template(text: str, site_name: str) -> str:
    """Fill the placeholders; workflows keep their `${{ }}` expressions (no str.format)."""
    # JSON strings are valid double-quoted YAML scalars: the name cannot break mkdocs.yml
    text = text.replace('"{site_name}"', json.dumps(site_name)).replace("{site_name}", site_name)
    return text.replace("{papershelf_version}", __version__).replace("{source_repository}", SOURCE_REPOSITORY)


def create_collection(directory: Path, site_name: str) -> list[Path]:
    """Copy the scaffold into `directory`, which must be new or empty; returns the files created."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} exists and is not empty; choose a new folder "
                         "(or refresh an existing collection's kit with `papershelf init --upgrade`)")
    files = scaffold_files(site_name)
    created = [write_new_file(directory / relative, text) for relative, text in files.items()]
    created.append(write_new_file(directory / MANIFEST, manifest_text(
        {relative: sha256(text) for relative, text in files.items() if is_kit(relative)})))
    return created


def manifest_text(hashes: dict[str, str]) -> str:
    return json.dumps({"papershelf": __version__, "kit": dict(sorted(hashes.items()))}, indent=2) + "\n"


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"{path}: is not valid JSON; delete it to treat every kit file as edited") from None
    kit = data.get("kit") if isinstance(data, dict) else None
    return {k: v for k, v in kit.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(kit, dict) else {}


@dataclass
class UpgradeReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # edited file -> unified diff from it to the new kit file
    removed: list[str] = field(default_factory=list)
    kept_retired: list[str] = field(default_factory=list)  # a retired kit file the collection edited
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = {"created": "would create", "updated": "would update", "removed": "would remove"} if self.dry_run \
            else {"created": "created", "updated": "updated", "removed": "removed"}
        out = [f"{verb['created']} {path}" for path in self.created]
        out += [f"{verb['updated']} {path}" for path in self.updated]
        out += [f"{verb['removed']} {path} (no longer part of the kit)" for path in self.removed]
        for path, diff in self.kept.items():
            out += [f"kept {path}: you edited it; the new kit's version differs as follows "
                    "(run again with --force to replace yours; git keeps it):", diff.rstrip("\n")]
        out += [f"kept {path}: no longer part of the kit, but you edited it; delete it if it is not needed"
                for path in self.kept_retired]
        out.append(f"{len(self.unchanged)} kit file{'s' * (len(self.unchanged) != 1)} already current; "
                   "papers, topics.yml, mkdocs.yml, README.md and docs/ are never touched")
        return out


def upgrade_kit(directory: Path, force: bool = False, dry_run: bool = False) -> UpgradeReport:
    """Bring the kit of the collection in `directory` to this release; never touch its content."""
    directory = Path(directory)
    if not (directory / "topics.yml").is_file() and not (directory / "papers").is_dir():
        raise UsageError(f"{directory} is not a papershelf collection (no papers/ or topics.yml): "
                         "run `papershelf init --upgrade` in one, or `papershelf init DIR` to start one")
    kit = {relative: text for relative, text in scaffold_files().items() if is_kit(relative)}
    for relative in [*kit, *RETIRED, MANIFEST]:  # every path checked before anything is written
        read_kit_file(kit_target(directory, relative))
    recorded = read_manifest(directory)
    report = UpgradeReport(dry_run=dry_run)
    hashes = {}
    for relative, new_text in kit.items():
        target = kit_target(directory, relative)
        current = read_kit_file(target)
        if relative == REQUIREMENTS and current is not None:
            new_text = repin(current)
        hashes[relative] = sha256(new_text)
        if current is None:
            report.created.append(relative)
        elif current == new_text:
            report.unchanged.append(relative)
            continue
        elif relative == REQUIREMENTS or force or unedited(relative, current, recorded):
            report.updated.append(relative)
        else:
            report.kept[relative] = "".join(difflib.unified_diff(
                current.splitlines(keepends=True), new_text.splitlines(keepends=True),
                f"{relative} (yours)", f"{relative} (papershelf {__version__})"))
            hashes[relative] = recorded.get(relative, sha256(current))
            continue
        if not dry_run:
            replace_file(target, new_text)
    for relative, shipped in RETIRED.items():
        target = kit_target(directory, relative)
        text = read_kit_file(target)
        if text is not None:
            if sha256(text) in shipped or recorded.get(relative) == sha256(text) or force:
                report.removed.append(relative)
                if not dry_run:
                    os.unlink(target)
            else:
                report.kept_retired.append(relative)
    if not dry_run:
        replace_file(kit_target(directory, MANIFEST), manifest_text(hashes))
    return report


def kit_target(directory: Path, relative: str) -> Path:
    """directory/relative, once every component of it below `directory` is known to be a real folder (or absent)
    and the file itself a regular file (or absent): a kit file is never written through a symbolic link (a
    `.github/workflows` linked elsewhere would send it outside the collection) nor over a folder, socket or fifo."""
    path = Path(directory)
    parts = Path(relative).parts
    for index, part in enumerate(parts):
        path = path / part
        if path.is_symlink():
            raise UsageError(f"{path}: is a symbolic link; kit files are written only inside the collection: "
                             "replace it with a real " + ("file" if index == len(parts) - 1 else "folder")
                             + " (or delete it) and run init --upgrade again; nothing was written")
        if index < len(parts) - 1 and path.exists() and not path.is_dir():
            raise UsageError(f"{path}: is not a folder, but {relative} goes in it; move it away and run init "
                             "--upgrade again; nothing was written")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: is {'a folder' if path.is_dir() else 'not a regular file'} where the kit has "
                         f"the file {relative}; move it away and run init --upgrade again; nothing was written")
    return path


def read_kit_file(path: Path) -> str | None:
    """The text of a kit file of the collection, None if absent; a clear error if it is not UTF-8."""
    if not path.exists():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: is not UTF-8 text (byte {error.start}); save it as UTF-8 or delete it, then run "
                         "init --upgrade again; nothing was written") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror}); nothing was written") from None


def unedited(relative: str, text: str, recorded: dict[str, str]) -> bool:
    digest = sha256(text)
    return recorded.get(relative) == digest or digest in SHIPPED_BEFORE.get(relative, set())


def repin(requirements: str) -> str:
    """requirements.txt with its papershelf line pinned to this release (added if missing); other lines kept."""
    lines = requirements.splitlines()
    pinned = False
    for index, line in enumerate(lines):
        match = PIN.match(line.strip())
        if match and not pinned:
            lines[index] = f"papershelf=={__version__}{match['rest'].rstrip()}"
            pinned = True
    if not pinned:
        lines.append(f"papershelf=={__version__}")
    return "\n".join(lines) + "\n"
