"""Image references: inside the folder, present, real alt text; unused images; image files.

The image files themselves (format, size, privacy metadata: AV5xx) are checked by
``altavoz_images.validation.check_image_file``, called here for every image, so its
findings land in the same report.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

from altavoz_core.characters import character_names
from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import Finding
from altavoz_core.markup import (
    ABSOLUTE,
    EMPTY,
    OUTSIDE,
    REMOTE,
    SYMLINK,
    UNDECODABLE,
    UNSAFE_NAME,
    decode_reference,
    resolve_image,
    unsafe_name_characters,
)
from altavoz_core.rejected import first_symlink
from altavoz_core.slugs import suggest_slug
from altavoz_core.submissions import ARTIST, WORK, images_folder
from altavoz_images.validation import check_image_file

from ..model.references import HTML, MARKDOWN, REFERENCE, ImageRef
from .structure import allowed_list, is_image_name, is_junk

logger = logging.getLogger(__name__)


def _where(line: int | None, field: str) -> dict:
    if field == "avatar":
        return {}  # make_finding's own {where}: the field «avatar»
    return {"where": Words("where:image-line", line=line)}


def _suggestion(src: str) -> str:
    name = re.split(r"[\\/]", src)[-1] or "foto.jpg"
    stem, dot, ext = name.rpartition(".")
    return f"{suggest_slug(stem)}.{ext.lower()}" if dot and stem else suggest_slug(name)


def _normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _folder_label(submission, content_dir: Path) -> str:
    folder = images_folder(content_dir, submission.kind)
    return f"{submission.rel(folder)}/"


def post_image_src(submission, content_dir: Path, name: str) -> str:
    """How a post or page writes the image ``name`` of its images folder."""
    folder = images_folder(content_dir, submission.kind)
    if submission.abs_path.parent == folder.parent:
        return f"{folder.name}/{name}"
    return "{static}/" + folder.relative_to(content_dir).as_posix() + "/" + name


# The codes worded differently for a post's or page's images folder than for a work's own.
_FOLDER_WORDINGS = {"AV110", "AV111", "AV112", "AV401"}


def _finding(code, parsed, field, line, src, near: str | None = None, **values):
    """The finding about the reference ``src``; ``near``: a file there with nearly its name."""
    submission = parsed.submission
    variant = None
    if code in _FOLDER_WORDINGS and not submission.is_folder:
        variant = "images"
        values["folder"] = _folder_label(submission, parsed.content_dir)
        values["example"] = post_image_src(submission, parsed.content_dir, "foto.jpg")
    if near is not None:
        variant = "near" if variant is None else f"{variant}-near"
        values["near"] = near
    if code in ("AV110", "AV111"):
        suggestion = _suggestion(src)
        if not submission.is_folder:
            suggestion = post_image_src(submission, parsed.content_dir, suggestion)
        values.setdefault("suggestion", suggestion)
    return make_finding(
        code,
        parsed.file,
        field=field,
        line=line,
        snippet=src[:120],
        src=src,
        variant=variant,
        **_where(line, field),
        **values,
    )


def resolve_source(parsed, src: str, field: str, line: int | None, settings: dict):
    """(path of the referenced file or None, findings about the reference itself).

    The file is the one the build shows (``altavoz_core.markup.resolve_image``, which the
    gallery and the blog's images ask too): a reference it does not find is an error here.
    A work or artist refers to files in its own folder by name. A blog post or page
    refers to files in its images folder (``content/blog/images/``), relative to the
    post (``images/foto.jpg``) or in Pelican's form (``{static}/blog/images/foto.jpg``).
    """
    submission = parsed.submission
    if submission.is_folder:
        resolved = resolve_image(src, submission.index_path.parent)
    else:
        folder = images_folder(parsed.content_dir, submission.kind)
        base = submission.index_path.parent
        resolved = resolve_image(src, folder, base=base, content_dir=parsed.content_dir)
    problem, path = resolved.problem, resolved.path
    code = _PROBLEM_CODES.get(problem)
    if code is not None:
        return None, [_finding(code, parsed, field, line, src)]
    if path is None:  # 'a//b.jpg', 'b.jpg/': a name no browser asks for
        return None, [_finding("AV401", parsed, field, line, src)]
    if problem == UNSAFE_NAME:
        return None, [_unsafe_name(parsed, field, line, src, path)]
    if not is_image_name(path.name):
        allowed = allowed_list()
        return None, [_finding("AV409", parsed, field, line, src, allowed=allowed)]
    if problem == SYMLINK and not submission.is_folder:
        link = first_symlink(path, parsed.content_dir, include_top=True)
        if link is not None:
            return None, [make_finding("AV104", submission.rel(link), field=field, line=line)]
    if problem is not None:  # SYMLINK in a submission folder (AV104 names it), MISSING
        return None, [_finding("AV401", parsed, field, line, src, near=_near_name(path))]
    return path, []


_PROBLEM_CODES = {
    EMPTY: "AV401",
    UNDECODABLE: "AV401",
    REMOTE: "AV112",
    ABSOLUTE: "AV111",
    OUTSIDE: "AV110",
}


def _unsafe_name(parsed, field, line, src, path: Path) -> Finding:
    """AV410: the file's name (or a folder's on its way) holds characters no published
    name may hold."""
    name = path.name
    written = re.split(r"[\\/]", decode_reference(src) or "")
    bad = dict.fromkeys(ch for part in written for ch in unsafe_name_characters(part))
    stem, dot, ext = name.rpartition(".")
    clean = "".join(ch for ch in (stem if dot else name) if ch not in bad)
    suggestion = (
        f"{suggest_slug(clean, 'foto')}.{ext.lower()}" if dot else suggest_slug(clean, "foto")
    )
    if not parsed.submission.is_folder:
        suggestion = post_image_src(parsed.submission, parsed.content_dir, suggestion)
    return _finding(
        "AV410",
        parsed,
        field,
        line,
        src,
        characters=character_names(bad),
        suggestion=suggestion,
    )


def _near_name(path: Path) -> str | None:
    """For a missing file, a file that is there whose name differs only in case or Unicode
    form (é as one character or as e and an accent): AV401 names it."""
    wanted = unicodedata.normalize("NFC", path.name).casefold()
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            same = unicodedata.normalize("NFC", entry.name).casefold() == wanted
            if same and entry.is_file(follow_symlinks=False):
                return entry.name
    return None


def check_alt(file: str, image: ImageRef, settings: dict) -> list[Finding]:
    base = {"line": image.line, "field": "alt", "src": image.src}
    alt = _normalize_text(image.alt)
    if not alt:
        return [make_finding("AV402", file, snippet=image.written[:120], **base)]
    name = PurePosixPath(re.split(r"[\\/]", image.file_name)[-1])
    if alt in (_normalize_text(name.name), _normalize_text(name.stem)):
        return [make_finding("AV403", file, snippet=image.alt[:120], alt=image.alt, **base)]
    generic = {_normalize_text(term) for term in settings["ALTAVOZ_MODERATION_GENERIC_ALT_TEXTS"]}
    if alt in generic or re.sub(r"\s*\d+$", "", alt) in generic:
        return [make_finding("AV404", file, snippet=image.alt[:120], alt=image.alt, **base)]
    return []


def check(parsed, context) -> list[Finding]:
    settings = context.settings
    submission = parsed.submission
    file = parsed.file
    findings: list[Finding] = []
    used: set[Path] = set()

    for image in parsed.images:
        if image.form == HTML:
            findings.append(
                make_finding(
                    "AV405", file, field="body", line=image.line, snippet=image.written[:120]
                )
            )
            continue
        if image.form == REFERENCE:
            findings.append(
                make_finding(
                    "AV406", file, field="body", line=image.line, snippet=image.written[:120]
                )
            )
            continue
        path, problems = resolve_source(parsed, image.src, "image", image.line, settings)
        findings += problems
        if path is not None:
            used.add(path)
        findings += check_alt(file, image, settings)

    needs_image = submission.kind == WORK and settings["ALTAVOZ_MODERATION_WORK_NEEDS_IMAGE"]
    if needs_image and not any(image.form == MARKDOWN for image in parsed.images):
        findings.append(make_finding("AV408", submission.path))

    avatar = parsed.document.fields.get("avatar")
    if submission.kind == ARTIST and avatar is not None and avatar.value:
        path, problems = resolve_source(parsed, avatar.value, "avatar", avatar.line, settings)
        findings += problems
        if path is not None:
            used.add(path)

    image_files: list[Path] = []
    if submission.is_folder:
        for entry in sorted(os.scandir(submission.abs_path), key=lambda e: e.name):
            # Junk (a Mac's ._foto.jpg beside foto.jpg) is never an image: AV106 says so.
            if (
                entry.is_file(follow_symlinks=False)
                and is_image_name(entry.name)
                and not is_junk(entry.name, settings)
            ):
                path = Path(entry.path)
                image_files.append(path)
                if path not in used:
                    findings.append(make_finding("AV407", submission.rel(path), name=entry.name))
    else:
        image_files = sorted(used)

    findings += check_image_files(image_files, submission, settings)
    return findings


def check_image_files(paths: list[Path], submission, settings: dict) -> list[Finding]:
    """Run the image plugin's file checks (AV5xx) on each image; a crash is an AV198 error."""
    if not paths:
        return []
    settings = dict(settings)
    if submission.kind == ARTIST:  # an artist's only image is their avatar, shown small
        avatar_side = settings["ALTAVOZ_IMAGES_AVATAR_MIN_USEFUL_SIDE"]
        settings["ALTAVOZ_IMAGES_MIN_USEFUL_SIDE"] = avatar_side
    findings: list[Finding] = []
    for path in paths:
        rel = submission.rel(path)
        try:
            findings += list(check_image_file(path, rel, settings))
        except Exception as exc:  # one unreadable image must not stop the report
            logger.exception("image check failed for %s", rel)
            findings.append(make_finding("AV198", rel, detail=f"{type(exc).__name__}: {exc}"[:200]))
    return findings
