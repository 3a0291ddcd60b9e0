"""All checks for one submission, run in a fixed order.

``check_submission`` never raises on bad content: a check that crashes becomes an
AV199 error for that submission (fail closed), and the other submissions go on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import Document, parse_document
from altavoz_core.markup import img_tags
from altavoz_core.submissions import (
    BLOG,
    EVENT,
    PAGE,
    STRAY,
    Submission,
    discover,
    images_folder,
    relative_posix,
)

from ..model.address_clashes import address_findings, translation_findings
from ..model.addresses import (
    Entry,
    Output,
    pelican_metadata,
    submission_outputs,
    with_pelican_defaults,
)
from ..model.metadata import markdown_metadata
from ..model.references import MARKDOWN, ImageRef, find_images, shown_images
from ..model.rendering import Rendered
from ..sanitize.sanitizer import SanitizedHTML, sanitize_fragment
from ..settings import set_default_settings
from . import events, frontmatter, identity, images, privacy, structure, text

logger = logging.getLogger(__name__)


@dataclass
class CheckContext:
    settings: dict
    content_dir: Path
    artists: set[str]  # artist slugs that exist (including ones added in the same change)
    review_terms: tuple[str, ...] = ()
    # submission path -> its index file read once, the way the site reads it
    sources: dict[str, Source] = field(default_factory=dict)


@dataclass
class Source:
    """One submission's index file: the text, our reading of it and Markdown's."""

    raw: str | None  # None when the file could not be read (AV109 says why)
    document: Document | None
    markdown_meta: dict[str, list[str]] | None  # None when Markdown could not read it
    error: str | None = None


@dataclass
class Parsed:
    """What the checks share about one submission."""

    submission: Submission
    document: Document
    images: list[ImageRef] = field(default_factory=list)

    content_dir: Path | None = None
    # Markdown's own reading of the header (None: it could not read it)
    markdown_meta: dict[str, list[str]] | None = None
    # The body as the build renders it (None: not rendered, see text.render_body), and
    # that HTML through the sanitizer (None: not rendered, or refused)
    rendered: Rendered | None = None
    sanitized: SanitizedHTML | None = None

    @property
    def file(self) -> str:
        return self.submission.index_rel


def read_source(submission: Submission, settings: dict) -> Source:
    """The index file as bytes decoded strictly (as Pelican's utf-8-sig read would fail)."""
    index = submission.index_path
    try:
        raw = index.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Source(None, None, None, error=str(exc))
    document = parse_document(raw)
    try:
        meta = markdown_metadata(document.text, settings)
    except Exception:  # compared below: no agreement, no publication
        logger.debug("Markdown could not read the header of %s", index, exc_info=True)
        meta = None
    return Source(raw, document, meta)


def read_sources(submissions: list[Submission], settings: dict) -> dict[str, Source]:
    """Every index file, read once for every check (addresses need them all)."""
    sources = {}
    for submission in submissions:
        if submission.kind == STRAY:
            continue
        index = submission.index_path
        if index.is_file() and not index.is_symlink():
            sources[submission.path] = read_source(submission, settings)
    return sources


def parsed_source(submission: Submission, source: Source, context) -> Parsed:
    """What the checks read of a submission whose text could be read."""
    document = source.document
    body, first_line = document.body, document.body_start_line
    rendered = text.render_body(submission.kind, body, context.settings)
    sanitized = None
    if rendered is not None and rendered.ok:
        sanitized = sanitize_fragment(rendered.html, allow_local_images=True)
        shown = img_tags(rendered.html)
        if submission.kind in (BLOG, PAGE):
            # The build reads a post's images once sanitized, and the sanitizer's parser
            # finds images another does not (<image>); those it drops are refused here.
            named = {attrs.get("src") for attrs in shown}
            shown += [a for a in img_tags(sanitized.html) if a.get("src") not in named]
        images = shown_images(body, shown, first_line)
    else:  # refused for its length or cost: what it names is still checked
        images = find_images(body, first_line)
    return Parsed(
        submission,
        document,
        images,
        context.content_dir,
        markdown_meta=source.markdown_meta,
        rendered=rendered,
        sanitized=sanitized,
    )


def _entries(submissions, context: CheckContext, leave_out: set[str]) -> list[Entry]:
    entries = []
    content_settings = dict(context.settings, PATH=str(context.content_dir))
    for submission in submissions:
        source = context.sources.get(submission.path)
        if (
            submission.kind in (STRAY, EVENT)  # events live under agenda/ (a reserved slug)
            or submission.path in leave_out
            or source is None
            or source.markdown_meta is None
        ):
            continue
        file = str(submission.index_path)
        entries.append(
            Entry(
                kind=submission.kind,
                path=submission.path,
                file=submission.index_rel,
                source_path=file,
                metadata=pelican_metadata(source.markdown_meta, file, content_settings),
                lines={key: meta.line for key, meta in source.document.fields.items()},
            )
        )
    return entries


def planned_outputs(content_dir: Path, settings: dict) -> list[Output]:
    """Every page the build will write for the submissions in ``content_dir`` (all sites)."""
    submissions = discover(content_dir)
    merged = set_default_settings(dict(settings))
    sources = read_sources(submissions, merged)
    context = CheckContext(merged, Path(content_dir), set(), sources=sources)
    full = with_pelican_defaults(dict(merged, PATH=str(content_dir)))
    outputs, _ = submission_outputs(_entries(submissions, context, set()), full)
    return outputs


def check_addresses(
    submissions: list[Submission],
    context: CheckContext,
    leave_out: set[str],
    only: set[str] | None = None,
) -> dict[str, list[Finding]]:
    """Where every submission is written, for every language site, checked as one set.

    ``leave_out``: submissions already refused (they publish nothing). Findings are
    returned for the submissions in ``only`` (all when None).
    """
    found: dict[str, list[Finding]] = {}
    try:
        settings = with_pelican_defaults(dict(context.settings, PATH=str(context.content_dir)))
        entries = _entries(submissions, context, leave_out)
        results = (
            address_findings(entries, settings, context.content_dir, only),
            translation_findings(entries, settings, only),
        )
    except Exception as exc:  # fail closed: no address known, nothing new published
        logger.exception("internal error while placing the submissions")
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return {
            submission.path: [make_finding("AV199", submission.path, detail=detail)]
            for submission in submissions
            if submission.kind != STRAY
            and submission.path not in leave_out
            and (only is None or submission.path in only)
        }
    for result in results:
        for path, findings in result.items():
            if only is None or path in only:
                found.setdefault(path, []).extend(findings)
    return found


def post_image_uses(submissions: list[Submission], context: CheckContext) -> dict[Path, list[str]]:
    """Each image a blog post or page shows (resolved, inside its images folder) -> those posts."""
    uses: dict[Path, list[str]] = {}
    for submission in submissions:
        if submission.kind not in (BLOG, PAGE) or submission.index_path.is_symlink():
            continue
        source = context.sources.get(submission.path)
        if source is None or source.document is None:
            continue
        parsed = parsed_source(submission, source, context)
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
    for kind, wording in ((BLOG, "blog"), (PAGE, "pages")):
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
                    or not structure.is_image_name(name)
                    or structure.is_junk(name, context.settings)
                    or path in uses
                    or (only is not None and rel not in only)
                ):
                    continue
                shown_as = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                findings.append(make_finding("AV407", rel, variant=wording, name=shown_as))
    return findings


def check_submission(submission: Submission, context: CheckContext) -> list[Finding]:
    try:
        return _check(submission, context)
    except Exception as exc:  # a bug must not hide a submission's problems or stop the others
        logger.exception("internal error while checking %s", submission.path)
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return [make_finding("AV199", submission.path, detail=detail)]


def check_identity(submission: Submission, context: CheckContext) -> list[Finding]:
    """An artist's github key, name and avatar against every other artist's (site-wide)."""
    try:
        return identity.check(submission, context)
    except Exception as exc:  # fail closed, as check_submission does
        logger.exception(
            "internal error while comparing %s with the other artists", submission.path
        )
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return [make_finding("AV199", submission.path, detail=detail)]


def _check(submission: Submission, context: CheckContext) -> list[Finding]:
    if submission.kind == STRAY:
        return structure.check_stray(submission, context.settings)
    findings = structure.check_layout(submission, context.settings)
    index = submission.index_path
    if not index.is_file() or index.is_symlink():
        return findings  # AV102 / AV104 already say what to do
    source = context.sources.get(submission.path) or read_source(submission, context.settings)
    if source.document is None:
        findings.append(make_finding("AV109", submission.index_rel, detail=source.error or ""))
        return findings
    parsed = parsed_source(submission, source, context)
    findings += frontmatter.check(parsed, context)
    findings += text.check(parsed, context)
    findings += images.check(parsed, context)
    findings += privacy.check(parsed, context)
    if submission.kind == EVENT:
        findings += events.check(parsed, context)
    return findings
