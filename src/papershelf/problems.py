"""Problems found in a collection, and the error papershelf raises for bad input.

A `Problem` always says where (file, line, field), what is wrong, and how to
fix it. Every layer (YAML loading, schema, collection checks) reports in this
one shape so the CLI, the GitHub annotations and the MkDocs build print the
same message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity == "error" else f" {self.severity}:"
        return f"{where}:{field}{label} {self.message}{hint}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict:
        return asdict(self)


class PapershelfError(Exception):
    """An error with a message fit for users: no traceback should accompany it."""

    exit_code = 1


class UsageError(PapershelfError):
    exit_code = 2


class InvalidCollection(PapershelfError):
    """Raised when a collection has problems that stop a build or a write."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(p.text() for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' * (count != 1)} in the collection:\n{lines}")


class PaperExists(PapershelfError):
    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        super().__init__(f"already in the collection: {self.path} ({reason}); nothing was written")


class SourceUnavailable(PapershelfError):
    """A remote service (arXiv, Hugging Face) could not be reached or answered badly."""
