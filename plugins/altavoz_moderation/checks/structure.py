"""Structure: folder and file names, index.md, allowed files, no links or subfolders."""

from __future__ import annotations

import os
from pathlib import Path

from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding
from altavoz_core.slugs import is_slug, is_windows_reserved, suggest_slug
from altavoz_core.submissions import HIDDEN, INDEX, LOOSE, WORK, Submission
from altavoz_images.formats import IMAGE_EXTENSIONS


def _windows_finding(path: str, name: str) -> Finding:
    return make_finding("AV115", path, name=name, suggestion=f"mi-{name.lower()}")


def _slug_finding(path: str, name: str) -> Finding:
    return make_finding("AV101", path, name=name, suggestion=suggest_slug(name))


def allowed_list() -> str:
    """The image extensions a submission folder may hold, for the messages."""
    return ", ".join(IMAGE_EXTENSIONS)


def is_junk(name: str, settings: dict) -> bool:
    lowered = name.lower()
    return lowered in settings["ALTAVOZ_MODERATION_JUNK_FILES"] or lowered.startswith("._")


def is_image_name(name: str) -> bool:
    """A name with the extension of a format the image pipeline accepts (its one list)."""
    return Path(name).suffix.lower() in IMAGE_EXTENSIONS


def check_layout(submission: Submission, settings: dict) -> list[Finding]:
    findings: list[Finding] = []
    if submission.kind == WORK and not is_slug(submission.artist_folder):
        findings.append(
            _slug_finding(submission.rel(submission.abs_path.parent), submission.artist_folder)
        )
    name = submission.slug
    if not submission.is_folder:
        # A translation may be named <slug>.<lang>.md (about.en.md).
        base, dot, lang = name.rpartition(".")
        if dot and lang in settings["ALTAVOZ_MODERATION_LANGUAGES"]:
            name = base
    if not is_slug(name):
        findings.append(_slug_finding(submission.path, submission.slug))
    elif is_windows_reserved(name):
        findings.append(_windows_finding(submission.path, submission.slug))
    if submission.kind == WORK and is_windows_reserved(submission.artist_folder):
        parent = submission.rel(submission.abs_path.parent)
        findings.append(_windows_finding(parent, submission.artist_folder))
    if not submission.is_folder:
        return findings

    index = submission.abs_path / INDEX
    if index.is_symlink():
        findings.append(make_finding("AV104", submission.index_rel))
    elif not index.is_file():
        findings.append(make_finding("AV102", submission.path))

    for entry in sorted(os.scandir(submission.abs_path), key=lambda e: e.name):
        rel = submission.rel(Path(entry.path))
        if entry.is_symlink():
            if entry.name != INDEX:
                findings.append(make_finding("AV104", rel))
        elif entry.is_dir(follow_symlinks=False):
            findings.append(make_finding("AV105", rel))
        elif entry.name == INDEX:
            continue
        elif is_junk(entry.name, settings):
            findings.append(make_finding("AV106", rel))
        elif entry.name.startswith("."):
            findings.append(make_finding("AV113", rel))
        elif is_windows_reserved(entry.name):
            findings.append(_windows_finding(rel, entry.name))
        elif is_image_name(entry.name):
            continue
        else:
            findings.append(make_finding("AV103", rel, allowed=allowed_list()))
    return findings


def check_stray(submission: Submission, settings: dict | None = None) -> list[Finding]:
    name = submission.abs_path.name
    if submission.reason == "symlink":
        return [make_finding("AV104", submission.path)]
    if submission.reason == "content-not-markdown":
        return [make_finding("AV108", submission.path)]
    if settings is not None and is_junk(name, settings):
        return [make_finding("AV106", submission.path)]
    if submission.reason == HIDDEN:
        return [make_finding("AV113", submission.path)]
    if submission.reason == LOOSE:
        return [make_finding("AV114", submission.path)]
    return [make_finding("AV107", submission.path)]
