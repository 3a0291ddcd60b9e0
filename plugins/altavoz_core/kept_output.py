"""The output folder kept between builds, and sweeping away what this build did not write.

Emptying the output folder before every build (Pelican's ``DELETE_OUTPUT_DIRECTORY``)
guarantees that a withdrawn or refused submission leaves no page or image behind, but
costs every unchanged rebuild the re-linking of every image derivative and the
re-creation of every folder. Instead, the folder is kept and, once the build is done,
every file in it that this build did not write is deleted, so the result is what a
build into an empty folder gives:

* ``begin`` notes every file in the folder (path, inode, change times) before the build
  writes anything, and deletes right away what no build writes: symbolic links and
  special files (a link would also redirect a write elsewhere);
* a file this build writes (by any code: Pelican's writer, its copy of the theme's
  files, a plugin writing a file directly) gets a new change time, so it is kept;
* a file a publisher leaves in place because it already holds the right bytes (image
  derivatives, whose names carry the hash of their content) is ``claim``-ed;
* ``finish`` deletes every other file noted at the start, then every folder left empty.

Nothing here needs a record from the previous build, so nothing can be missing or
damaged: a file whose origin is unknown (an older build, a crashed one, a hand-made
file) is deleted unless this build writes or claims it, as if the folder had been
emptied. Top-level names in Pelican's ``OUTPUT_RETENTION`` are left alone, as Pelican's
own emptying does.

Two builds into one folder at once would each sweep away what the other wrote, or keep
what the other withdrew: ``hold`` locks the folder itself (``flock`` on the folder, so
nothing is written beside or inside it) from the start of a build to its end, and a
second build waits. The lock goes with the process that holds it.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Sweeps under way in this process, by output folder (absolute). An i18n subsite
# whose output is inside its main site's is covered by the main site's sweep.
_ACTIVE: dict[str, Sweep] = {}
# Files publishers left in place this build (absolute paths), for every active sweep.
_CLAIMED: set[str] = set()
# Output folders this process is building into (real paths) -> the descriptor holding the lock.
_HELD: dict[str, int] = {}


@dataclass
class Sweep:
    root: str
    files: dict[str, tuple] = field(default_factory=dict)  # path -> signature at the start
    folders: list[str] = field(default_factory=list)  # found at the start, parents first
    removed: list[str] = field(default_factory=list)


def _signature(info: os.stat_result) -> tuple:
    """What changes when a file is written. A hard-linked file (an image derivative shares
    its inode with the cache) gets a new change time whenever any build anywhere links or
    unlinks the same cache file, so for it only the content's modification time counts."""
    if info.st_nlink > 1:
        return info.st_ino, info.st_mtime_ns
    return info.st_ino, info.st_mtime_ns, info.st_ctime_ns


def _scan(sweep: Sweep, retention: frozenset[str]) -> None:
    pending = [sweep.root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if folder == sweep.root and entry.name in retention:
                continue
            if entry.is_dir(follow_symlinks=False):
                sweep.folders.append(entry.path)
                pending.append(entry.path)
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):  # no build writes these
                    os.unlink(entry.path)
                    sweep.removed.append(entry.path)
                    continue
            except OSError:
                continue
            sweep.files[entry.path] = _signature(info)


def within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or inside it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def real_folder(folder, known: dict) -> str:
    """``os.path.realpath(folder)``, resolving each parent once across calls sharing
    ``known``: realpath costs a system call per path component (~35 µs a path), and a
    site's pages and images share their parents, so a new folder costs one ``lstat``.
    Only for folders that do not turn into symbolic links while ``known`` is in use."""
    folder = os.fspath(folder)
    real = known.get(folder)
    if real is None:
        if ".." in folder.split(os.sep):  # ".." after a symbolic link is not lexical
            real = os.path.realpath(folder)
        else:
            absolute = os.path.abspath(folder)
            parent, name = os.path.split(absolute)
            if parent == absolute or os.path.islink(absolute):
                real = os.path.realpath(absolute)
            else:
                real = os.path.join(real_folder(parent, known), name)
        known[folder] = real
    return real


def hold(
    output_path: str,
    wait_seconds: float,
    on_wait: Callable[[], None] | None = None,
    on_give_up: Callable[[], None] | None = None,
) -> bool:
    """Lock the folder ``output_path`` (made if missing) for this build, kept until
    ``release``. While another build holds it, wait (``on_wait`` is called once) at
    most ``wait_seconds``, then go on without it (``on_give_up``): False."""
    os.makedirs(output_path, exist_ok=True)
    root = os.path.realpath(output_path)  # one folder reached by two names is one lock
    if root in _HELD:
        return True
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    deadline = time.monotonic() + wait_seconds
    waited = False
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                if time.monotonic() >= deadline:
                    os.close(descriptor)
                    if on_give_up is not None:
                        on_give_up()
                    return False
                time.sleep(0.1)
    except BaseException:
        os.close(descriptor)
        raise
    _HELD[root] = descriptor
    return True


def release(output_path: str | None = None) -> None:
    """Unlock ``output_path``, or every folder this process holds (None)."""
    roots = list(_HELD) if output_path is None else [os.path.realpath(output_path)]
    for root in roots:
        descriptor = _HELD.pop(root, None)
        if descriptor is not None:
            os.close(descriptor)  # closing the last descriptor of the lock drops it


def begin(output_path: str, retention=(), nested: bool = False) -> Sweep:
    """Note what ``output_path`` holds before a build writes into it.

    ``nested``: a build started by another one still under way (an i18n subsite with an
    output folder of its own); otherwise every earlier sweep of this process is dropped
    (a build that stopped with an error never finished its own).
    """
    root = os.path.abspath(output_path)
    if not nested:
        _ACTIVE.clear()
        _CLAIMED.clear()
    sweep = Sweep(root)
    if os.path.isdir(root) and not os.path.islink(root):
        _scan(sweep, frozenset(retention))
    _ACTIVE[root] = sweep
    return sweep


def covering(output_path: str) -> Sweep | None:
    """The active sweep whose folder holds ``output_path`` (itself included), if any."""
    path = os.path.abspath(output_path)
    for root, sweep in _ACTIVE.items():
        if within(path, root):
            return sweep
    return None


def claim(paths) -> None:
    """These files belong to this build as they are (left in place, not rewritten)."""
    if _ACTIVE:
        _CLAIMED.update(map(os.path.abspath, map(os.fspath, paths)))


def abandon(output_path: str, nested: bool = False) -> None:
    """No sweep of ``output_path`` in this build (``nested``: as in ``begin``)."""
    if not nested:
        _ACTIVE.clear()
    _ACTIVE.pop(os.path.abspath(output_path), None)
    if not _ACTIVE:
        _CLAIMED.clear()


def finish(output_path: str) -> list[str]:
    """Delete what the build neither wrote nor claimed; returns the deleted paths."""
    root = os.path.abspath(output_path)
    sweep = _ACTIVE.pop(root, None)
    if sweep is None:
        return []
    removed = sweep.removed
    for path, before in sweep.files.items():
        if path in _CLAIMED:
            continue
        try:
            if _signature(os.lstat(path)) != before:
                continue  # written by this build
            os.unlink(path)
        except OSError:
            continue  # gone already (another step deleted it) or not ours to delete
        removed.append(path)
    # A build into an empty folder makes folders only for the files it writes: every
    # folder left empty goes, deepest first.
    for folder in reversed(sweep.folders):
        try:
            os.rmdir(folder)
        except OSError:
            continue  # not empty (the usual case), or already gone
        removed.append(folder)
    if not _ACTIVE:
        _CLAIMED.clear()
    return removed


def stale(path: str) -> bool:
    """``path`` is a file the active sweep noted and this build has not written or claimed."""
    path = os.path.abspath(path)
    sweep = covering(path)
    if sweep is None or path in _CLAIMED or path not in sweep.files:
        return False
    try:
        return _signature(os.lstat(path)) == sweep.files[path]
    except OSError:
        return False
