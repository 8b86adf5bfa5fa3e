"""What a GitHub workflow a pull request adds or changes would do, read as data for its flag: when it runs, what
its token may do, which secrets it reads, and whether a `pull_request_target` job fetches the pull request's code
(which then runs with the base repository's token and secrets: a "pwn request")."""

from __future__ import annotations

import re

from .prsite import TooLarge, bounded_mapping, shown_setting

PRIVILEGED_TRIGGERS = ("pull_request_target", "workflow_run", "issue_comment", "issues", "discussion_comment")
SECRET = re.compile(r"\bsecrets\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\bsecrets\s*\[\s*['\"]([^'\"]+)['\"]")
# The expressions that name a pull request's own code: its head commit or branch, or GitHub's refs for it
PULL_REQUEST_CODE = re.compile(r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs/pull/")
MAX_SHOWN = 10
MAX_NAME = 60  # characters of a trigger's or a secret's name shown


def workflow_facts(text: str | None) -> list[str]:
    """The facts of one workflow file, one line each; a line saying it could not be read when it cannot."""
    if not text:
        return []
    try:
        workflow = bounded_mapping(text)
    except TooLarge:
        return ["its YAML aliases expand it past 100,000 values: read it by hand"]
    if workflow is None:
        return ["it does not parse as a YAML mapping (GitHub would not run it)"]
    triggers = trigger_names(workflow.get("on", workflow.get(True)))  # YAML 1.1 reads a bare `on` as true
    facts = [f"runs on: {shown_names(triggers) or 'no trigger'}"]
    privileged = [name for name in triggers if name in PRIVILEGED_TRIGGERS]
    if privileged:
        facts.append(f"{', '.join(privileged)}: runs the default branch's copy with the repository's token and "
                     "secrets, for events anyone can cause")
    facts += permission_facts(workflow)
    secrets = sorted({name for match in SECRET.finditer(text) for name in match.groups() if name})
    if secrets:
        facts.append(f"reads secrets: {shown_names(secrets)}")
    if "pull_request_target" in triggers and PULL_REQUEST_CODE.search(text):
        facts.append("fetches or checks out the pull request's code in a pull_request_target workflow: check "
                     "that none of it is run, installed or imported (it would run with the repository's token and "
                     "secrets)")
    return facts


def shown_names(names: list[str]) -> str:
    """At most MAX_SHOWN names, each cut at MAX_NAME characters: a workflow's text is the pull request's."""
    shown = [name if len(name) <= MAX_NAME else name[:MAX_NAME] + "…" for name in names[:MAX_SHOWN]]
    return ", ".join(shown) + (f" … ({len(names) - MAX_SHOWN:,} more)" if len(names) > MAX_SHOWN else "")


def trigger_names(on: object) -> list[str]:
    if isinstance(on, str):
        return [on]
    if isinstance(on, (list, dict)):
        return [str(name) for name in on]
    return []


def permission_facts(workflow: dict[object, object]) -> list[str]:
    """The token's permissions, the workflow's and each job's that sets its own; unset, the repository's default."""
    facts = [f"permissions: {shown_setting(workflow['permissions'])}" if "permissions" in workflow
             else "permissions: not set (the repository's default for the token, which may be write)"]
    jobs = workflow.get("jobs")
    for name, job in (jobs.items() if isinstance(jobs, dict) else []):
        if isinstance(job, dict) and "permissions" in job:
            facts.append(f"job {name}: permissions {shown_setting(job['permissions'])}")
    return facts[:MAX_SHOWN + 1]
