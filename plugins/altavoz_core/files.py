"""Writing a file so that no reader ever sees it half-written, and locks between processes.

The bytes go to a temporary file beside the target, which then replaces it in one
rename: a build killed mid-write, or another process reading meanwhile, finds the old
file or the new one, never a torn one. A hard link to the old file made elsewhere (a
rollback copy, ``rsync --link-dest``) keeps the old content.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from pathlib import Path


def write_atomically(
    path: str | os.PathLike, data: bytes | str, *, mode: int | None = None
) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename.

    ``mode`` sets the new file's permission bits; without it the file is private to its
    owner (0600), as a temporary file is made.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def exclusive_lock(path: str | os.PathLike, wait_seconds: float | None = None):
    """Hold an exclusive lock on the file ``path`` (made if missing) while in the block.

    Yields True once held. With ``wait_seconds``, yields False instead when another
    process still holds it after that long (0: at once), so that a process stopped
    midway (Ctrl+Z) or stuck never holds the others up for longer. The lock goes with
    the process that holds it, also when it dies.
    """
    deadline = None if wait_seconds is None else time.monotonic() + wait_seconds
    with open(path, "a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        yield True
