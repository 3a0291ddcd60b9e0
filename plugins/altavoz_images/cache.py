"""Content-addressed derivative cache, publishing from it, and cleaning what went stale.

A derivative's key is a hash of the source bytes, the processing settings,
Pillow's version and this pipeline's version: never a modification time, so a
cache folder restored in CI on a fresh clone is fully valid. Modification
times are used only to remember a file's digest between builds (a memo that a
changed size/mtime/inode invalidates), so an unchanged rebuild reads no image.

Layout: <cache>/<key[:2]>/<key>/manifest.json plus one file per output, named
<key10>-<width>.<ext> / <key10>-thumb.<ext>; published as <stem>-<key10>-... so
URLs change whenever the pixels do (safe to cache forever in browsers).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pathlib
import re
import shutil
import tempfile
import time

import PIL
from altavoz_core import fingerprints
from altavoz_core.files import exclusive_lock, write_atomically
from altavoz_core.fingerprints import file_digest
from altavoz_core.kept_output import real_folder

from . import settings as image_settings

# Bump when the image maths change in a way settings do not capture.
PIPELINE_VERSION = "1"
KEY_LENGTH_IN_NAMES = 10
MANIFEST = "manifest.json"
_SOURCES_MEMO = "sources.jsonl"  # (before: sources.json, a whole-memo rewrite)
_PUBLISHED_DIR = "published"  # one record per output folder
_LEGACY_PUBLISHED = "published.json"  # one record for all folders, read once to migrate


def settings_fingerprint(settings: dict) -> str:
    """What the derivatives depend on besides their source: the processing settings, the
    Pillow release and the pipeline's version."""
    relevant = {name: settings[name] for name in image_settings.PROCESSING_KEYS}
    return fingerprints.settings_fingerprint(
        {**relevant, "pillow": PIL.__version__, "pipeline": PIPELINE_VERSION}
    )


def derivative_key(source_digest: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{source_digest}\n{fingerprint}".encode()).hexdigest()[:32]


def _json_load(path: pathlib.Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _json_dump(path: pathlib.Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, sort_keys=True))


class SourceDigests:
    """sha256 of source files, remembered per (size, mtime, inode, ctime) between builds.

    The memo is a journal, one JSON line per file hashed: callers save after every
    file (the image checks do), and appending a line costs the same at the
    thousandth file as at the first, where rewriting the whole memo each time grew
    with the square of the site (~2 CPU s at 300 works, ~18 at 1000). Later lines
    win; the journal is rewritten compactly once it is mostly superseded lines. A
    torn last line (a build killed mid-write) is skipped: that file is hashed again.
    """

    def __init__(self, cache_dir: pathlib.Path):
        self.path = pathlib.Path(cache_dir) / _SOURCES_MEMO
        self.memo: dict = {}
        self.lines = 0  # lines in the journal file, superseded ones included
        self._pending: list[str] = []
        self.hashed = 0  # files actually read this run
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return
        for line in text.splitlines():
            self.lines += 1
            try:
                name, *entry = json.loads(line)
            except (ValueError, TypeError):
                continue
            if isinstance(name, str) and len(entry) == 5:
                self.memo[name] = entry

    def digest(self, source: pathlib.Path) -> str:
        stat = os.stat(source)
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
        # abspath, not resolve(): one system call fewer per path component, and the
        # signature (of the file a symbolic link points to) still tells files apart.
        name = os.path.abspath(source)
        known = self.memo.get(name)
        if known and known[:4] == signature:
            return known[4]
        value = file_digest(source)
        self.hashed += 1
        self.memo[name] = [*signature, value]
        self._pending.append(json.dumps([name, *signature, value]))
        return value

    def save(self) -> None:
        if not self._pending:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.lines + len(self._pending) > 2 * len(self.memo) + 64:
            self._rewrite()
        else:
            # One write() of whole lines on an O_APPEND file: concurrent builds
            # appending at once do not interleave within a line.
            with open(self.path, "a", encoding="utf-8") as journal:
                journal.write("".join(line + "\n" for line in self._pending))
            self.lines += len(self._pending)
        self._pending.clear()

    def _rewrite(self) -> None:
        lines = (json.dumps([name, *entry]) + "\n" for name, entry in self.memo.items())
        write_atomically(self.path, "".join(lines))
        self.lines = len(self.memo)


def entry_dir(cache_dir: pathlib.Path, key: str) -> pathlib.Path:
    return pathlib.Path(cache_dir) / key[:2] / key


# Manifests read by this process, by entry folder: {folder: ((inode, mtime), manifest)}.
# Both languages of a site look up every image; the second finds it here after one
# stat of the entry folder, whose inode and mtime change whenever a file in it is
# added, removed or the entry is replaced, which is all the checks below look at.
_LOADED: dict[str, tuple[tuple[int, int], dict]] = {}


def load_manifest(cache_dir: pathlib.Path, key: str) -> dict | None:
    """The cached manifest of ``key`` if it and every output file are present."""
    folder = entry_dir(cache_dir, key)
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    signature = (stat.st_ino, stat.st_mtime_ns)
    remembered = _LOADED.get(str(folder))
    if remembered is not None and remembered[0] == signature:
        return remembered[1]
    manifest = _json_load(folder / MANIFEST, None)
    if not manifest or manifest.get("key") != key:
        return None
    if not all(os.path.isfile(folder / output["file"]) for output in manifest["outputs"]):
        return None
    with contextlib.suppress(OSError):
        os.utime(folder / MANIFEST)  # "last used", for pruning
    _LOADED[str(folder)] = (signature, manifest)
    return manifest


def write_entry(cache_dir: pathlib.Path, key: str, rendered) -> dict | None:
    """Store a Rendered result as a cache entry (atomically) and return its manifest
    (None if it could not be stored)."""
    folder = entry_dir(cache_dir, key)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{key}.", dir=folder.parent))
    short = key[:KEY_LENGTH_IN_NAMES]
    from .derivatives import EXTENSIONS  # local: keeps this module free of Pillow imaging

    outputs = []
    for rendition in rendered.renditions:
        label = {"thumbnail": "thumb", "card": f"card{rendition.width}", "share": "og"}.get(
            rendition.kind, str(rendition.width)
        )
        name = f"{short}-{label}.{EXTENSIONS[rendition.format]}"
        (staging / name).write_bytes(rendition.data)
        outputs.append(
            {
                "kind": rendition.kind,
                "format": rendition.format,
                "width": rendition.width,
                "height": rendition.height,
                "file": name,
                "bytes": len(rendition.data),
            }
        )
    manifest = {
        "key": key,
        "source_width": rendered.source_width,
        "source_height": rendered.source_height,
        "outputs": outputs,
        "placeholder": rendered.placeholder,
        "colour": rendered.colour,
        "has_alpha": rendered.has_alpha,
        "notes": rendered.notes,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    if folder.exists():
        stored = load_manifest(cache_dir, key)
        if stored is not None and not stored.get("error"):  # another build stored it first
            shutil.rmtree(staging, ignore_errors=True)
            return stored
        shutil.rmtree(folder, ignore_errors=True)  # incomplete, or a failure now overcome
    try:
        os.replace(staging, folder)
    except OSError:  # the folder could not be emptied, or another build stored it first
        shutil.rmtree(staging, ignore_errors=True)
        return load_manifest(cache_dir, key)
    return manifest


@contextlib.contextmanager
def render_lock(cache_dir: pathlib.Path, key: str, wait_seconds: float = 0):
    """Hold ``key``'s lock while rendering it. Yields True once held; False if another
    process holds it and ``wait_seconds`` passed (0: at once), so that a build stopped
    midway (Ctrl+Z) or stuck never holds the others up for longer. The lock goes with
    the process that holds it."""
    folder = entry_dir(cache_dir, key).parent
    folder.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(folder / f".{key}.lock", wait_seconds) as held:
        yield held


def write_failure(
    cache_dir: pathlib.Path, key: str, detail: str, cpu_budget: float | None = None
) -> None:
    """Remember that this content cannot be processed (with these settings and Pillow).

    ``cpu_budget``: it failed by taking longer than that; a larger budget tries again.
    """
    folder = entry_dir(cache_dir, key)
    manifest = {"key": key, "error": detail, "outputs": []}
    if cpu_budget is not None:
        manifest["cpu_budget"] = cpu_budget
    _json_dump(folder / MANIFEST, manifest)


def still_valid(manifest: dict, cpu_budget: float) -> bool:
    """False for a failure remembered under a smaller CPU budget than today's."""
    if "cpu_budget" in manifest:
        return manifest["cpu_budget"] >= cpu_budget
    # Written before failures kept their budget: a time-out is tried once again.
    return not str(manifest.get("error", "")).startswith("it takes over")


_UNSAFE = re.compile(r"[^a-z0-9]+")


def published_stem(source: pathlib.Path) -> str:
    """A URL-safe version of the source file's name (without extension)."""
    stem = _UNSAFE.sub("-", source.stem.lower()).strip("-")
    return stem[:60] or "image"


def published_name(stem: str, output_file: str) -> str:
    return f"{stem}-{output_file}"


def publish(cache_dir: pathlib.Path, manifest: dict, output_dir: pathlib.Path, stem: str):
    """Put every output of ``manifest`` into ``output_dir``; returns the paths.

    Names carry the key, so a file already there with the right size is the
    right file: an unchanged rebuild copies nothing. Hard links when possible.
    """
    folder = os.fspath(entry_dir(cache_dir, manifest["key"]))
    output = os.fspath(output_dir)
    os.makedirs(output, exist_ok=True)
    paths = []
    for entry in manifest["outputs"]:
        target = os.path.join(output, published_name(stem, entry["file"]))
        paths.append(pathlib.Path(target))
        try:
            if os.stat(target).st_size == entry["bytes"]:
                continue
            os.unlink(target)
        except FileNotFoundError:
            pass  # the usual case: the build emptied the output folder first
        _link_or_copy(os.path.join(folder, entry["file"]), target)
    return paths


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileExistsError:  # a dangling symbolic link: stat() saw nothing there
        os.unlink(target)
        _link_or_copy(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def _resolved_paths(paths) -> set[str]:
    """Absolute, symlink-free names of files we published, resolving each folder once."""
    known: dict = {}
    result = set()
    for path in map(os.fspath, paths):
        folder, name = os.path.split(path)
        result.add(os.path.join(real_folder(folder, known), name))
    return result


def sweep_published(
    cache_dir: pathlib.Path, output_root: pathlib.Path, published, site: str = ""
) -> list:
    """Delete derivatives published by an earlier build into ``output_root`` but not now.

    Returns the removed paths. Only files this pipeline recorded are touched, and only
    inside ``output_root``. ``site`` names who published (default: ``output_root``
    itself): every language of an i18n site publishes into the main site's output, and
    a file another site still publishes there is kept.

    Each output folder has its own record, changed under a lock: builds into
    different folders (a preview and a review, parallel test runs) sharing one
    cache neither wait for nor overwrite each other's record.
    """
    root = str(pathlib.Path(output_root).resolve())
    site = site or root
    record_path = _record_path(cache_dir, root)
    now = sorted(_resolved_paths(published))
    with _locked(record_path):
        by_site, migrated = _load_record(record_path, cache_dir, root)
        by_site = dict(by_site)
        still_published = set(now).union(
            *(paths for other, paths in by_site.items() if other != site)
        )
        removed = []
        for old in set(by_site.get(site, [])) - still_published:
            path = pathlib.Path(old)
            # realpath: a ".." or a link in a recorded name never leads outside.
            if path.is_file() and pathlib.Path(os.path.realpath(path)).is_relative_to(root):
                path.unlink()
                removed.append(path)
        if by_site.get(site) != now or migrated:
            by_site[site] = now
            _json_dump(record_path, {"root": root, "sites": by_site})
            _remember_record(record_path, by_site)
    return removed


def _record_path(cache_dir: pathlib.Path, root: str) -> pathlib.Path:
    name = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return pathlib.Path(cache_dir) / _PUBLISHED_DIR / f"{name}.json"


@contextlib.contextmanager
def _locked(path: pathlib.Path):
    """An exclusive lock beside ``path`` for a read-change-write of it (released on exit,
    also when the process dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(path.with_name(path.name + ".lock")):
        yield


# The record of what was published, as this process last read or wrote it: every
# language and publisher (gallery, posts, pages) sweeps, ~6 times a build, and at
# 1000 works a record is ~1 MB of JSON. Its inode changes at every rewrite.
_RECORDS: dict[str, tuple[tuple[int, int, int], dict]] = {}


def _file_signature(path: pathlib.Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _sites(value) -> dict:
    """{site: [path]} from a record's JSON, dropping whatever has another shape."""
    if not isinstance(value, dict):
        return {}
    return {
        site: [p for p in paths if isinstance(p, str)]
        for site, paths in value.items()
        if isinstance(site, str) and isinstance(paths, list)
    }


def _load_record(path: pathlib.Path, cache_dir: pathlib.Path, root: str) -> tuple[dict, bool]:
    """({site: [published path]} for one output folder, whether it came from the record
    of every folder that earlier versions kept, and is to be written in its own)."""
    signature = _file_signature(path)
    if signature is None:
        legacy = _json_load(pathlib.Path(cache_dir) / _LEGACY_PUBLISHED, {})
        entry = legacy.get(root) if isinstance(legacy, dict) else None
        entry = {root: entry} if isinstance(entry, list) else entry
        return _sites(entry), bool(entry)
    known = _RECORDS.get(str(path))
    if known is not None and known[0] == signature:
        return known[1], False
    data = _json_load(path, {})
    record = _sites(data.get("sites") if isinstance(data, dict) else None)
    _RECORDS[str(path)] = (signature, record)
    return record, False


def _remember_record(path: pathlib.Path, record: dict) -> None:
    signature = _file_signature(path)
    if signature is not None:
        _RECORDS[str(path)] = (signature, record)


def _prune_records(cache_dir: pathlib.Path) -> int:
    """Forget the records of output folders that no longer exist (a review's, a test's)."""
    removed = 0
    for record in (pathlib.Path(cache_dir) / _PUBLISHED_DIR).glob("*.json"):
        data = _json_load(record, {})
        root = data.get("root") if isinstance(data, dict) else None
        if isinstance(root, str) and not os.path.isdir(root):
            with contextlib.suppress(OSError):
                record.unlink()  # (its lock file stays: a build may hold it right now)
                removed += 1
    return removed


def prune(cache_dir: pathlib.Path, max_age_days: float) -> int:
    """Delete cache entries unused for ``max_age_days``; returns how many."""
    cutoff = time.time() - max_age_days * 86400
    removed = 0
    for manifest in pathlib.Path(cache_dir).glob(f"??/*/{MANIFEST}"):
        with contextlib.suppress(OSError):
            if manifest.stat().st_mtime < cutoff:
                # Its lock file stays: a build may be waiting on it right now.
                shutil.rmtree(manifest.parent)
                removed += 1
    _prune_records(cache_dir)
    return removed
