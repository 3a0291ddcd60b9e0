"""When each event was announced and last changed, and how often: from git's history.

``SEQUENCE`` must grow whenever an event changes, also on a clean clone of the
repository (the deploy workflow builds from one, with the whole history): it is the
number of commits that changed the event's folder, minus one. A memo of content hashes
in the cache would start again at 0 wherever the cache is lost, and calendar programs
ignore an update whose number did not grow. One ``git log`` for all events, bounded;
without git (a copy of the folder, a depth-1 clone), every event counts as never
changed and is dated 1970-01-01, the same on every build.

What that log says depends only on the commit checked out (and the folder), so it is
remembered under that commit's id (``store``, the build's memo): the English site and
an unchanged rebuild ask git only which commit that is. A shallow clone is never
remembered (fetching more of its history changes the log, not the commit).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from altavoz_core.fingerprints import digest
from altavoz_core.git import GitError, run_git, run_git_bounded

logger = logging.getLogger(__name__)
# Bytes of `git log` read at most (200 events edited 50 times each is ~2 MB).
LIMIT = 16 * 1024 * 1024
MARK = "\x1e"
FORMAT = "event-histories 1"  # what a remembered log's key starts with


@dataclass(frozen=True)
class History:
    commits: int  # commits that changed the folder
    announced: dt.datetime  # the first of them (UTC)
    changed: dt.datetime  # the last of them (UTC)

    @property
    def sequence(self) -> int:
        return max(self.commits - 1, 0)


def event_histories(events_dir: Path, store=None) -> dict[str, History]:
    """slug -> History of every folder in ``events_dir`` that git knows; ``store`` (a memo
    store: ``get``/``put``) remembers it by the commit checked out."""
    events_dir = Path(events_dir)
    try:
        answer = run_git(
            events_dir.parent, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"
        ).split("\n")
        top, shallow, head = Path(answer[0]), answer[1] == "true", answer[2]
        relative = PurePosixPath(events_dir.resolve().relative_to(top.resolve()).as_posix())
    except (GitError, ValueError, OSError, IndexError) as error:
        logger.info("[altavoz_agenda] no git history for the events (%s)", error)
        return {}
    key = digest(FORMAT, head, str(relative))
    remembered = store.get(key) if store is not None and not shallow else None
    if remembered is not None:
        try:
            return {slug: History(*values) for slug, values in _loaded(remembered).items()}
        except (TypeError, ValueError):
            store.forget(key)
    found = _histories(top, relative)
    if store is not None and not shallow and found is not None:
        store.put(key, {slug: [h.commits, *_stamps(h)] for slug, h in found.items()})
    return found or {}


def _stamps(history: History) -> list[int]:
    return [int(history.announced.timestamp()), int(history.changed.timestamp())]


def _loaded(remembered) -> dict[str, tuple]:
    """The remembered histories as History's fields (raises on anything else)."""
    loaded = {}
    for slug, (commits, announced, changed) in dict(remembered).items():
        if not isinstance(slug, str) or not all(
            type(value) is int for value in (commits, announced, changed)
        ):
            raise ValueError(slug)
        loaded[slug] = (
            commits,
            dt.datetime.fromtimestamp(announced, dt.UTC),
            dt.datetime.fromtimestamp(changed, dt.UTC),
        )
    return loaded


def _histories(top: Path, relative: PurePosixPath) -> dict[str, History] | None:
    """The log of ``relative`` in the repository at ``top``; None when git failed."""
    try:
        out = run_git_bounded(
            top,
            "log",
            "--no-renames",
            f"--format={MARK}%ct",
            "--name-only",
            "-z",
            "--",
            str(relative),
            limit=LIMIT,
            timeout=60,
        )
    except (GitError, ValueError, OSError) as error:
        logger.info("[altavoz_agenda] no git history for the events (%s)", error)
        return None
    found: dict[str, list[int]] = {}
    for block in out.decode("utf-8", "surrogateescape").split(MARK)[1:]:
        stamp, _, names = block.partition("\n")
        try:
            when = int(stamp.strip("\0\n"))
        except ValueError:
            continue
        slugs = set()
        for name in names.split("\0"):
            parts = PurePosixPath(name.strip("\n")).parts
            if len(parts) > len(relative.parts) and parts[: len(relative.parts)] == relative.parts:
                slugs.add(parts[len(relative.parts)])
        for slug in slugs:
            found.setdefault(slug, []).append(when)
    return {
        slug: History(
            len(times),
            dt.datetime.fromtimestamp(min(times), dt.UTC),
            dt.datetime.fromtimestamp(max(times), dt.UTC),
        )
        for slug, times in found.items()
    }
