"""Results remembered by content hash, in memory and under the cache folder.

A build reads, checks and sanitizes the same unchanged files every time, and the
English subsite does it all again in the same process. A ``Store`` keeps such results
under a key that hashes everything the result depends on (the bytes, the settings
that matter, the code that computes it), so a result is only ever found again by
the very input that produced it: a submission cannot reach another's entry.

One JSON file per store in ``ALTAVOZ_MEMO_PATH`` (``<CACHE_PATH>/altavoz-memo/``), written
atomically (temporary file, then rename) at most once a build. Each entry carries a digest of
its key and value: an entry that does not match (a damaged file, a hand edit) is
dropped and computed again, never trusted; an unreadable file is an empty store.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from importlib import metadata
from pathlib import Path

from altavoz_core import fingerprints
from altavoz_core.files import write_atomically
from altavoz_core.fingerprints import digest
from altavoz_core.settings import DERIVED, derived_value

logger = logging.getLogger(__name__)

FOLDER = DERIVED["ALTAVOZ_MEMO_PATH"][1]  # inside CACHE_PATH
FORMAT = 1
_PLUGINS = Path(__file__).resolve().parent.parent

_stores: dict[tuple[str | None, str], Store] = {}


def _entry_digest(key: str, value) -> str:
    return digest(key, json.dumps(value, sort_keys=True, ensure_ascii=False))[:24]


class Store:
    """key -> JSON value, kept for the process and saved under ``folder`` (if any)."""

    def __init__(self, folder: Path | None, name: str):
        self.path = folder / f"{name}.json" if folder else None
        self._entries: dict[str, object] | None = None
        self._used: set[str] = set()
        self._dirty = False

    def _load(self) -> dict:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                try:
                    raw = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    raw = None
                if isinstance(raw, dict) and raw.get("format") == FORMAT:
                    for item in raw.get("entries", ()):
                        if (
                            isinstance(item, list)
                            and len(item) == 3
                            and isinstance(item[0], str)
                            and item[2] == _entry_digest(item[0], item[1])
                        ):
                            self._entries[item[0]] = item[1]
        return self._entries

    def get(self, key: str):
        entries = self._load()
        value = entries.get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: str, value) -> None:
        entries = self._load()
        self._used.add(key)
        if entries.get(key) != value:
            entries[key] = value
            self._dirty = True

    def forget(self, key: str) -> None:
        """A remembered value its user found unusable: computed again, saved again."""
        if self._load().pop(key, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the store if it changed; entries unused for a while are dropped.

        Unused entries (another branch's files, a withdrawn work) are kept until they
        outnumber the used ones, so switching back and forth stays cheap.
        """
        if not self._dirty or self.path is None or self._entries is None:
            return
        entries = self._entries
        if len(entries) > 2 * max(len(self._used), 64):
            entries = {key: entries[key] for key in self._used if key in entries}
            self._entries = entries
        data = {
            "format": FORMAT,
            "entries": [[key, value, _entry_digest(key, value)] for key, value in entries.items()],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            self._dirty = False
        except OSError as error:
            logger.warning("could not save %s: %s", self.path, error)


def memo_folder(settings: dict) -> str | None:
    """Where the stores live: ``ALTAVOZ_MEMO_PATH`` (the main site's <CACHE_PATH>/altavoz-memo
    unless set: every language uses the same stores), None for no cache folder at all."""
    folder = derived_value(settings, "ALTAVOZ_MEMO_PATH")
    return os.path.abspath(folder) if folder else None


def store(settings: dict, name: str) -> Store:
    """The process's store ``name`` for this site's memo folder (one per folder)."""
    folder = memo_folder(settings)
    found = _stores.get((folder, name))
    if found is None:
        found = _stores[folder, name] = Store(Path(folder) if folder else None, name)
    return found


def save_all() -> None:
    for each in list(_stores.values()):
        each.save()


def forget_process_memory() -> None:
    """Drop what this process remembers (tests: as if a new build process started)."""
    _stores.clear()
    _file_digests.clear()
    _code_versions.clear()


# --------------------------------------------------------------------------- fingerprints


_code_versions: dict[tuple, str] = {}


def code_version(*packages: str, distributions: tuple[str, ...] = ()) -> str:
    """A hash of the source of ``packages`` (plugins of this project) and the versions
    of ``distributions``: a change to the code that computes a result invalidates it."""
    key = (packages, distributions)
    found = _code_versions.get(key)
    if found is None:
        parts = [sys.version]
        for package in packages:
            folder = _PLUGINS / package
            for path in sorted(folder.rglob("*.py")) if folder.is_dir() else ():
                parts += [path.relative_to(_PLUGINS).as_posix(), path.read_bytes()]
        for name in distributions:
            try:
                parts += [name, metadata.version(name)]
            except metadata.PackageNotFoundError:
                parts += [name, "-"]
        found = _code_versions[key] = digest(*parts)
    return found


_file_digests: dict[tuple, str] = {}


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes (None if unreadable), read once per process per version."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    stamp = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
    found = _file_digests.get(stamp)
    if found is None:
        try:
            found = fingerprints.file_digest(path)
        except OSError:
            return None
        _file_digests[stamp] = found
    return found
