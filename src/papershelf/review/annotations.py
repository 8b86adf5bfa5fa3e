"""Problems as text, JSON or GitHub workflow commands."""

from __future__ import annotations

import json

from ..model.collection import duplicate_told_of
from ..model.problems import UNPRINTABLE, Problem, terminal_safe


def escape_data(text: str) -> str:
    """GitHub workflow command message escaping."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub workflow command property escaping (file, line, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    properties = [f"file={escape_property(terminal_safe(problem.path))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    title = terminal_safe(f"papershelf: {problem.field}" if problem.field else "papershelf")
    properties.append(f"title={escape_property(title)}")
    message = terminal_safe(problem.message + (f" ({problem.hint})" if problem.hint else ""))
    return f"::{problem.severity} {','.join(properties)}::{escape_data(message)}"


def format_problems(problems: list[Problem], output: str, papers: int, changed: set[str] | None = None) -> str:
    """The problems in `output`'s format; with `changed`, those of the other files summed up in one line."""
    if changed is not None:
        problems = [duplicate_told_of(p, changed) for p in problems]  # a new copy's error on the new file
        shown = [p for p in problems if p.path in changed]
        rest = [p for p in problems if p.path not in changed]
        text = format_problems(shown, output, papers) if output != "text" or shown else ""
        summary = elsewhere(rest, output)
        return "\n".join(part for part in (text, summary) if part)
    errors = [p for p in problems if p.severity == "error"]
    if output == "json":
        return json_safe(json.dumps({"valid": not errors, "papers": papers, "problems": [p.as_dict() for p in problems]},
                                    indent=2, ensure_ascii=False))
    if output == "github":
        return "\n".join(github_annotation(p) for p in problems)
    lines = [p.text() for p in problems]
    files = len({p.path for p in errors})
    notices = len(problems) - len(errors)
    noted = f" ({notices} notice{'s' * (notices != 1)})" if notices else ""
    if errors:
        lines.append(f"{len(errors)} problem{'s' * (len(errors) != 1)} in {files} file{'s' * (files != 1)}{noted}.")
    else:
        lines.append(f"{papers} paper{'s' * (papers != 1)} checked: all valid{noted}.")
    return "\n".join(lines)


def elsewhere(problems: list[Problem], output: str) -> str:
    """One line for the problems in files a pull request did not change (empty when there are none)."""
    if not problems or output == "json":
        return ""
    errors = sum(p.is_error for p in problems)
    files = len({p.path for p in problems})
    counts = ", ".join(part for part in (f"{errors} error{'s' * (errors != 1)}" if errors else "",
                                         f"{len(problems) - errors} notice{'s' * (len(problems) - errors != 1)}"
                                         if len(problems) > errors else "") if part)
    line = (f"{counts} in {files} file{'s' * (files != 1)} this change does not touch; "
            "`papershelf validate` lists them")
    if output == "github":
        return f"::{'error' if errors else 'notice'} title=papershelf: other files::{escape_data(line)}"
    return line


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal must not receive raw as \\u escapes: the same data."""
    return UNPRINTABLE.sub(lambda found: json.dumps(found.group(), ensure_ascii=True)[1:-1], text)
