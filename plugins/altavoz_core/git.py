"""Running git for the tools that look at a branch (`invoke check --since`, `invoke review`).

One way to call git: from the repository's folder, output captured, file names kept
byte for byte (``surrogateescape``), a failure raised as ``GitError`` (or the caller's
subclass of it) naming the command and git's own words.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git could not run, or answered with an error."""


def run_git(root: Path, *args: str, binary: bool = False, error: type[GitError] = GitError):
    """git's output for ``args`` run in ``root`` (bytes when ``binary``)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            **({} if binary else {"text": True, "encoding": "utf-8", "errors": "surrogateescape"}),
        )
    except OSError as exc:
        raise error(f"git could not run: {exc}") from exc
    if result.returncode != 0:
        stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
        raise error(f"git {' '.join(args)} failed: {stderr.strip()}")
    return result.stdout


def changed_between(root: Path, *revisions: str, error: type[GitError] = GitError):
    """[(status letter, posix path)] of ``git diff`` between ``revisions``, renames split.

    ``("main...HEAD",)`` is what a branch changed since it left main; ``(base, commit)``
    what ``commit`` changes from ``base``. Paths are relative to the repository's top.
    """
    out = run_git(
        root, "diff", "--name-status", "-z", "--no-renames", *revisions, "--", error=error
    )
    parts = [part for part in out.split("\0") if part]
    return [(parts[i][0], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
