"""Which submissions changed since a git ref (what a pull-request check looks at).

Changed files are ``git diff --name-only REF...HEAD`` (committed on this branch since
it left REF) plus uncommitted and untracked files. Each maps to its submission; a
submission that no longer exists (deleted) is not checked, but the works of a deleted
artist are, since their ``artist`` now points nowhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from altavoz_core.git import GitError, changed_between, run_git
from altavoz_core.submissions import ARTISTS_DIR, WORKS_DIR, relative_posix, submission_for


class SinceError(GitError):
    """The ref or the repository cannot be used (a usage error: exit status 2)."""


def _git(root: Path, *args: str) -> str:
    return run_git(root, *args, error=SinceError)


def changed_files(root: Path, ref: str) -> set[str]:
    """Files changed since ``ref`` (posix, relative to ``root``), committed or not."""
    root = Path(root).resolve()
    if not ref or ref.startswith("-"):
        raise SinceError(f"not a git ref: {ref!r}")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except SinceError as exc:
        raise SinceError(f"{ref!r} is not a commit, branch or tag in {root}") from exc
    toplevel = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    names: set[str] = set()
    names.update(path for _, path in changed_between(root, f"{ref}...HEAD", error=SinceError))
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
    for entry in status.split("\0"):
        if len(entry) > 3:
            names.add(entry[3:])
    changed = set()
    for name in names:
        absolute = toplevel / name
        try:
            changed.add(relative_posix(absolute, root))
        except ValueError:
            continue
    return {path for path in changed if not path.startswith("../")}


def changed_submissions(root: Path, ref: str, content_dir: Path) -> set[str]:
    """Submission paths (as ``check_site`` reports them) touched since ``ref``."""
    root = Path(root).resolve()
    content_rel = relative_posix(Path(content_dir).resolve(), root)
    submissions = set()
    for path in changed_files(root, ref):
        submission = submission_for(path, content_rel)
        if submission is None:
            continue
        submissions.add(submission)
        artists_prefix = f"{content_rel}/{ARTISTS_DIR}/"
        if submission.startswith(artists_prefix) and not (root / submission).exists():
            slug = submission[len(artists_prefix) :]
            works = root / content_rel / WORKS_DIR / slug
            if works.is_dir():
                for entry in os.scandir(works):
                    submissions.add(f"{content_rel}/{WORKS_DIR}/{slug}/{entry.name}")
    return submissions
