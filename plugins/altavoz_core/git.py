"""Running git for the tools that look at a branch (`invoke check --since`, `invoke review`).

One way to call git: from the repository's folder, output captured, file names kept
byte for byte (``surrogateescape``), a failure raised as ``GitError`` (or the caller's
subclass of it) naming the command and git's own words. ``run_git_bounded`` is for
output whose size the repository's history decides: it stops at a limit and a time.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from pathlib import Path


class GitError(Exception):
    """git could not run, or answered with an error."""


def git_command(root: Path, *args: str) -> list[str]:
    """The command line running git with ``args`` in the repository at ``root``."""
    return ["git", "-C", str(root), *args]


def run_git_status(
    root: Path, *args: str, binary: bool = False, error: type[GitError] = GitError
) -> subprocess.CompletedProcess:
    """git run with ``args`` in ``root``, whatever its exit status (for commands whose
    status is an answer, like ``merge-tree``); ``error`` only when git cannot run."""
    try:
        return subprocess.run(
            git_command(root, *args),
            capture_output=True,
            check=False,
            **({} if binary else {"text": True, "encoding": "utf-8", "errors": "surrogateescape"}),
        )
    except OSError as exc:
        raise error(f"git could not run: {exc}") from exc


def run_git(root: Path, *args: str, binary: bool = False, error: type[GitError] = GitError):
    """git's output for ``args`` run in ``root`` (bytes when ``binary``)."""
    result = run_git_status(root, *args, binary=binary, error=error)
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


def run_git_bounded(
    root: Path,
    *args: str,
    limit: int,
    timeout: float = 60.0,
    error: type[GitError] = GitError,
) -> bytes:
    """git's output for ``args`` run in ``root``, as bytes, when it is at most ``limit``
    bytes and git is done within ``timeout`` seconds; otherwise ``error``, git stopped.

    Only ``limit`` bytes are ever held in memory; git's own words go to a temporary file
    (a pipe that nobody reads could fill and stall git).
    """
    with tempfile.TemporaryFile() as stderr:
        try:
            process = subprocess.Popen(
                ["git", "-C", str(root), *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        except OSError as exc:
            raise error(f"git could not run: {exc}") from exc
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            with process.stdout:
                out = process.stdout.read(limit + 1)
                if len(out) > limit:
                    process.kill()
            returncode = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        command = f"git {' '.join(args)}"
        if timed_out.is_set():
            raise error(f"{command} took more than {timeout:g} s")
        if len(out) > limit:
            raise error(f"{command} wrote more than {limit} bytes")
        if returncode != 0:
            stderr.seek(0)
            words = stderr.read(2000).decode("utf-8", "replace").strip()
            raise error(f"{command} failed: {words}")
        return out
