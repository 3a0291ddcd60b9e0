"""Image references: inside the folder, present, real alt text; unused images; image files.

The image files themselves (format, size, privacy metadata: AV5xx) are checked by
``altavoz_images.validation.check_image_file``, called here for every image, so its
findings land in the same report.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..codes import make_finding
from ..findings import Finding
from ..references import HTML, MARKDOWN, REFERENCE, ImageRef
from ..sanitizer import url_scheme
from ..submissions import ARTIST, WORK
from .structure import is_image_name, suggest_slug

logger = logging.getLogger(__name__)
PELICAN_PREFIX = re.compile(r"^\{(static|attach)\}")


def _where(line: int | None, field: str) -> dict:
    if field == "avatar":
        return {"where_es": "el campo «avatar»", "where_en": "the field 'avatar'"}
    return {"where_es": f"la imagen de la línea {line}", "where_en": f"the image on line {line}"}


def _suggestion(src: str) -> str:
    name = re.split(r"[\\/]", src)[-1] or "foto.jpg"
    stem, dot, ext = name.rpartition(".")
    return f"{suggest_slug(stem)}.{ext.lower()}" if dot and stem else suggest_slug(name)


def _normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def resolve_source(parsed, src: str, field: str, line: int | None, settings: dict):
    """(path of the referenced file or None, findings about the reference itself)."""
    submission = parsed.submission
    file = parsed.file
    where = _where(line, field)
    snippet = src[:120]
    folder = submission.index_path.parent
    target = src
    base = folder
    if not submission.is_folder:
        prefix = PELICAN_PREFIX.match(src)
        if prefix:
            target = src[prefix.end() :]
            if target.startswith("/"):
                base, target = parsed.content_dir, target.lstrip("/")
    if not target:
        return None, [
            make_finding("AV401", file, field=field, line=line, snippet=snippet, src=src, **where)
        ]
    if url_scheme(target) is not None or target.startswith("//"):
        return None, [
            make_finding("AV112", file, field=field, line=line, snippet=snippet, src=src, **where)
        ]
    if target.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", target):
        return None, [
            make_finding(
                "AV111",
                file,
                field=field,
                line=line,
                snippet=snippet,
                src=src,
                suggestion=_suggestion(src),
                **where,
            )
        ]
    parts = re.split(r"[\\/]", target)
    if submission.is_folder and ".." in parts:
        return None, [
            make_finding(
                "AV110",
                file,
                field=field,
                line=line,
                snippet=snippet,
                src=src,
                suggestion=_suggestion(src),
                **where,
            )
        ]
    path = Path(os.path.normpath(base / unquote(target)))
    inside = folder if submission.is_folder else parsed.content_dir
    if os.path.commonpath([path, inside]) != str(inside):
        return None, [
            make_finding(
                "AV110",
                file,
                field=field,
                line=line,
                snippet=snippet,
                src=src,
                suggestion=_suggestion(src),
                **where,
            )
        ]
    if not is_image_name(path.name, settings):
        allowed = ", ".join(settings["ALTAVOZ_MODERATION_IMAGE_EXTENSIONS"])
        return None, [
            make_finding(
                "AV409",
                file,
                field=field,
                line=line,
                snippet=snippet,
                src=src,
                allowed=allowed,
                **where,
            )
        ]
    if path.is_symlink() or not path.is_file():
        return None, [
            make_finding("AV401", file, field=field, line=line, snippet=snippet, src=src, **where)
        ]
    return path, []


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
            if entry.is_file(follow_symlinks=False) and is_image_name(entry.name, settings):
                path = Path(entry.path)
                image_files.append(path)
                if path not in used:
                    findings.append(make_finding("AV407", submission.rel(path), name=entry.name))
    else:
        image_files = sorted(used)

    findings += check_image_files(image_files, submission, settings)
    return findings


_warned_missing_checker = False


def check_image_files(paths: list[Path], submission, settings: dict) -> list[Finding]:
    """Run the image plugin's file checks (AV5xx) on each image; a crash is an AV198 error."""
    global _warned_missing_checker
    if not paths:
        return []
    try:
        from altavoz_images.settings import set_default_settings as image_defaults
        from altavoz_images.validation import check_image_file
    except ImportError:
        if not _warned_missing_checker:
            logger.warning("altavoz_images is not importable: image files were not checked (AV5xx)")
            _warned_missing_checker = True
        return []
    settings = image_defaults(dict(settings))
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
