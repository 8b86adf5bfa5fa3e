"""`papershelf init`: a new, empty collection that builds at once."""

from __future__ import annotations

import json
from pathlib import Path

from .problems import UsageError
from .writer import write_new_file

SCAFFOLD = Path(__file__).parent / "scaffold"


def create_collection(directory: Path, site_name: str) -> list[Path]:
    """Copy the scaffold into `directory`, which must be new or empty; returns the files created."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} exists and is not empty; choose a new folder")
    created = []
    for source in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        target = directory / source.relative_to(SCAFFOLD)
        text = source.read_text(encoding="utf-8")
        # JSON strings are valid double-quoted YAML scalars: the name cannot break mkdocs.yml
        text = text.replace('"{site_name}"', json.dumps(site_name)).replace("{site_name}", site_name)
        created.append(write_new_file(target, text))
    return created
