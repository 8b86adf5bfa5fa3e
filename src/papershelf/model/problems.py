"""Problems found in a collection, and the error papershelf raises for bad input.

A `Problem` always says where (file, line, field), what is wrong, and how to
fix it. Every layer (YAML loading, schema, collection checks) reports in this
one shape so the CLI, the GitHub annotations and the MkDocs build print the
same message.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .plaintext import NOT_PLAIN

# What a terminal must never receive raw from a paper file, a file name or a service: controls (ESC
# and CSI sequences can clear the screen and print a fake "all valid"), bidi controls, invisible
# characters, and lone surrogates (a file name that is not UTF-8) that cannot even be printed.
UNPRINTABLE = re.compile(NOT_PLAIN.pattern.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f"))


def terminal_safe(text: str) -> str:
    """`text` with each character of UNPRINTABLE shown as an escape (\\x1b, \\u202e); line breaks kept."""
    if text.isascii() and text.replace("\n", "").isprintable():
        return text
    return UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8, as Python's surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
        return terminal_safe(f"{where}:{field}{label} {self.message}{hint}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
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
