"""Each artist's, work's and event's own findings, remembered by what the checks read.

A work or artist folder is checked from its files alone, except for four facts about
the rest of the site: whether the artist it names exists, the terms a person reviews
(privacy), how other works spell its tags, and whether another artist folder has the
same github key, name or avatar. The first two are part of the key; the last two are
site-wide and checked again every time, outside the remembered part. The key also holds
every name in the folder with its kind and the hash of each file's bytes, the settings,
and the code of the checks, so an entry is only ever found by the submission and site
state that produced it.

An event reads the rest of the site only through whether the organizers and works it
names exist, and this year (``checks.events.site_facts``): those are part of its key.

Internal errors (AV198/AV199) are never remembered: the next build checks again.
Blog posts and pages (few, and they show images from a shared folder) are always
checked.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from altavoz_core import fingerprints
from altavoz_core.findings import SEVERITIES, Finding
from altavoz_core.submissions import ARTIST, EVENT, WORK, Submission

from .. import memo
from . import Parsed, check_identity, check_submission
from .events import site_facts
from .text import check_tag_spellings

STORE = "checks"
DIGESTS = "file-digests"
NOT_REMEMBERED = ("AV198", "AV199")
_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
# The code the findings come from: the checks, and the image checks they call.
_CODE = ("altavoz_moderation", "altavoz_images", "altavoz_core")
_DISTRIBUTIONS = ("pelican", "markdown", "bleach", "html5lib", "pillow", "pillow-heif")


def _folder_listing(folder: Path, digests: memo.Store) -> list | None:
    """Every name in the folder, its kind, and each plain file's content hash."""
    listing = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return None
    for entry in entries:
        if entry.is_symlink():
            listing.append([entry.name, "link", os.readlink(entry.path)])
        elif entry.is_dir(follow_symlinks=False):
            listing.append([entry.name, "dir"])
        elif entry.is_file(follow_symlinks=False):
            listing.append([entry.name, "file", _remembered_digest(Path(entry.path), digests)])
        else:
            listing.append([entry.name, "other"])
    return listing


def _remembered_digest(path: Path, digests: memo.Store) -> str | None:
    """A file's hash, remembered between builds by its size, times and inode."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    stamp = f"{path}\n{stat.st_size}\n{stat.st_mtime_ns}\n{stat.st_ctime_ns}\n{stat.st_ino}"
    found = digests.get(stamp)
    if not isinstance(found, str):
        found = memo.file_digest(path)
        if found is not None:
            digests.put(stamp, found)
    return found


def _key(submission: Submission, context, settings_key: str, digests: memo.Store) -> str | None:
    listing = _folder_listing(submission.abs_path, digests)
    if listing is None or any(item[1] == "file" and item[2] is None for item in listing):
        return None
    source = context.sources.get(submission.path)
    # What the checks read of the rest of the site: a work, whether its artist exists.
    reads = None
    if source is not None and source.document is not None:
        named = source.document.fields.get("artist")
        if named is not None:
            reads = [named.value, named.value in context.artists]
        if submission.kind == EVENT:
            reads = site_facts(source.document, context)
    return fingerprints.digest(
        settings_key,
        submission.kind,
        submission.path,
        str(submission.abs_path),
        str(context.content_dir),
        fingerprints.canonical(list(context.review_terms)),
        fingerprints.canonical(reads),
        fingerprints.canonical(listing),
    )


def _findings(value) -> list[Finding] | None:
    """The remembered findings, or None when the entry is not a list of well-formed ones."""
    if not isinstance(value, list):
        return None
    findings = []
    for item in value:
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            return None
        if item["severity"] not in SEVERITIES or not isinstance(item["code"], str):
            return None
        try:
            findings.append(Finding(**item))
        except (TypeError, ValueError):
            return None
    return findings


def _tag_spellings(submission: Submission, context) -> list[Finding]:
    """The site-wide part of a work's checks: its tags as the other works spell them."""
    if submission.kind != WORK:
        return []
    source = context.sources.get(submission.path)
    index = submission.index_path
    if source is None or source.document is None or index.is_symlink() or not index.is_file():
        return []
    meta = source.document.fields.get("tags")
    if meta is None or not meta.value:
        return []
    return check_tag_spellings(Parsed(submission, source.document), context, meta)


class CheckMemo:
    """``check`` is ``check_submission``, remembering artists' and works' own findings."""

    def __init__(self, context):
        settings = context.settings
        self.context = context
        self.store = memo.store(settings, STORE)
        self.digests = memo.store(settings, DIGESTS)
        self.settings_key = fingerprints.digest(
            memo.code_version(*_CODE, distributions=_DISTRIBUTIONS),
            fingerprints.settings_fingerprint(settings),
        )
        # The remembered part sees no other work's tags (checked below, every time).
        self.own_context = dataclasses.replace(context)
        self.own_context.__dict__["_work_tag_uses"] = {}

    def check(self, submission: Submission) -> list[Finding]:
        if submission.kind not in (ARTIST, WORK, EVENT):
            return check_submission(submission, self.context)
        key = _key(submission, self.context, self.settings_key, self.digests)
        own = None
        if key is not None:
            own = _findings(self.store.get(key))
            if own is None:
                self.store.forget(key)
        if own is None:
            # An event's check reads no other submission's tags: the site's context.
            context = self.context if submission.kind == EVENT else self.own_context
            own = check_submission(submission, context)
            if key is not None and not any(f.code in NOT_REMEMBERED for f in own):
                self.store.put(key, [dataclasses.asdict(f) for f in own])
        if submission.kind == EVENT:
            return own
        return (
            own
            + _tag_spellings(submission, self.context)
            + check_identity(submission, self.context)
        )

    def save(self) -> None:
        self.store.save()
        self.digests.save()
