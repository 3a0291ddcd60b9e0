"""All checks for one submission, run in a fixed order.

``check_submission`` never raises on bad content: a check that crashes becomes an
AV199 error for that submission (fail closed), and the other submissions go on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import make_finding
from ..findings import Finding
from ..frontmatter import Document, parse_document
from ..references import MARKDOWN, ImageRef, find_images
from ..submissions import BLOG, PAGE, STRAY, Submission, images_folder, relative_posix
from . import frontmatter, images, privacy, structure, text

logger = logging.getLogger(__name__)


@dataclass
class CheckContext:
    settings: dict
    content_dir: Path
    artists: set[str]  # artist slugs that exist (including ones added in the same change)
    review_terms: tuple[str, ...] = ()
    # (kind, lang, slug) -> paths of the posts/pages published at that address
    addresses: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)


@dataclass
class Parsed:
    """What the checks share about one submission."""

    submission: Submission
    document: Document
    images: list[ImageRef] = field(default_factory=list)

    content_dir: Path | None = None

    @property
    def file(self) -> str:
        return self.submission.index_rel


def collect_addresses(submissions: list[Submission], settings: dict) -> dict:
    """Where each blog post and page will be published, to find two at one address."""
    addresses: dict[tuple[str, str, str], list[str]] = {}
    for submission in submissions:
        if submission.kind not in (BLOG, PAGE):
            continue
        try:
            document = parse_document(submission.index_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        key = frontmatter.address_key(submission, document, settings)
        if key is not None:
            addresses.setdefault(key, []).append(submission.index_rel)
    return addresses


def post_image_uses(submissions: list[Submission], context: CheckContext) -> dict[Path, list[str]]:
    """Each image a blog post or page shows (resolved, inside its images folder) -> those posts."""
    uses: dict[Path, list[str]] = {}
    for submission in submissions:
        if submission.kind not in (BLOG, PAGE) or submission.index_path.is_symlink():
            continue
        try:
            document = parse_document(submission.index_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        parsed = Parsed(
            submission,
            document,
            find_images(document.body, document.body_start_line),
            context.content_dir,
        )
        for image in parsed.images:
            if image.form != MARKDOWN:
                continue
            settings = context.settings
            path, _ = images.resolve_source(parsed, image.src, "image", image.line, settings)
            if path is not None:
                uses.setdefault(path, []).append(submission.path)
    return uses


def check_unused_post_images(
    context: CheckContext, uses: dict[Path, list[str]], only: set[str] | None = None
) -> list[Finding]:
    """AV407 for every image in content/blog/images/ or content/pages/images/ nothing shows."""
    findings = []
    root = context.content_dir.parent
    for kind, user_es, user_en in (
        (BLOG, "ninguna entrada del blog", "any blog post"),
        (PAGE, "ninguna página", "any page"),
    ):
        folder = images_folder(context.content_dir, kind)
        if not folder.is_dir() or folder.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath, name)
                rel = relative_posix(path, root)
                if (
                    path.is_symlink()
                    or not structure.is_image_name(name, context.settings)
                    or path in uses
                    or (only is not None and rel not in only)
                ):
                    continue
                shown_as = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                findings.append(
                    make_finding("AV407", rel, name=shown_as, user_es=user_es, user_en=user_en)
                )
    return findings


def check_submission(submission: Submission, context: CheckContext) -> list[Finding]:
    try:
        return _check(submission, context)
    except Exception as exc:  # a bug must not hide a submission's problems or stop the others
        logger.exception("internal error while checking %s", submission.path)
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return [make_finding("AV199", submission.path, detail=detail)]


def _check(submission: Submission, context: CheckContext) -> list[Finding]:
    if submission.kind == STRAY:
        return structure.check_stray(submission, context.settings)
    findings = structure.check_layout(submission, context.settings)
    index = submission.index_path
    if not index.is_file() or index.is_symlink():
        return findings  # AV102 / AV104 already say what to do
    try:
        raw = index.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(make_finding("AV109", submission.index_rel, detail=str(exc)))
        return findings
    document = parse_document(raw)
    parsed = Parsed(
        submission,
        document,
        find_images(document.body, document.body_start_line),
        context.content_dir,
    )
    findings += frontmatter.check(parsed, context)
    findings += text.check(parsed, context)
    findings += images.check(parsed, context)
    findings += privacy.check(parsed, context)
    return findings
