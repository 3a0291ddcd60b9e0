"""Altavoz moderation: one sanitizer and the checks that stand between a pull request and the site.

Public API: ``report.check_site`` (all checks, a Report), ``sanitizer`` (sanitize_fragment,
plain_text, safe_url), ``cli.run_check`` (what ``invoke check`` runs). See CODES.md.

In the build (``register``):

* the checks run once, before any generator reads content; the submissions with errors
  go into ``context["ALTAVOZ_REJECTED"]`` (posix paths relative to the repository root),
  which the gallery generator skips, and blog posts and pages with errors are dropped
  here; ``ALTAVOZ_STRICT = True`` (``invoke build --strict``) fails the build instead;
* every content object's HTML goes through the sanitizer, and the metadata templates
  print becomes plain text (templates autoescape it); links go through ``safe_url``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page

from .report import Report, check_site
from .sanitizer import plain_text, safe_url, sanitize_fragment
from .settings import set_default_settings

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_moderation]"
REJECTED_KEY = "ALTAVOZ_REJECTED"
REPORT_KEY = "ALTAVOZ_MODERATION_REPORT"
# Metadata Pelican or our templates render as HTML: sanitized, never plain text.
HTML_METADATA = ("summary",)

_last_run: tuple[tuple, Report] | None = None  # (content fingerprint, report): subsites reuse it


class ModerationError(Exception):
    """A strict build stops here: some submission has errors."""

    exitcode = 1


def _fingerprint(content_dir: Path, settings: dict) -> tuple:
    """Changes whenever a content file or a moderation setting changes."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(content_dir):
        dirnames.sort()
        for name in sorted(filenames):
            try:
                stat = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            entries.append((dirpath, name, stat.st_size, stat.st_mtime_ns))
    moderation = sorted(
        (k, repr(v)) for k, v in settings.items() if k.startswith("ALTAVOZ_MODERATION_")
    )
    return str(content_dir), tuple(entries), tuple(moderation)


def moderation_report(settings: dict) -> Report:
    """The report for this build's content, computed once (i18n subsites reuse it)."""
    global _last_run
    content_dir = Path(settings["PATH"]).resolve()
    key = _fingerprint(content_dir, settings)
    if _last_run is not None and _last_run[0] == key:
        return _last_run[1]
    report = check_site(content_dir, settings)
    _last_run = (key, report)
    _log_report(report)
    return report


def _log_report(report: Report) -> None:
    for path in sorted(report.rejected):
        reasons = report.reasons.get(path, [])
        first = reasons[0] if reasons else None
        detail = f"{first.code} {first.message_en}" if first else "it has errors"
        more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
        logger.warning("%s skipping %s: %s%s", LOG_PREFIX, path, detail, more)
    logger.info(
        "%s %d submissions checked: %d errors, %d warnings, %d left out of the site%s",
        LOG_PREFIX,
        len(report.checked),
        len(report.errors),
        len(report.warnings),
        len(report.rejected),
        " (run `invoke check` for the full report)" if report.findings else "",
    )


def apply_defaults(pelican_object) -> None:
    set_default_settings(pelican_object.settings)


def run_checks_once(generator) -> None:
    """generator_init: the first generator of a build runs the checks for all of them."""
    context = generator.context
    if REJECTED_KEY in context and REPORT_KEY in context:
        return
    settings = generator.settings
    report = moderation_report(settings)
    if settings.get("ALTAVOZ_STRICT") and report.errors:
        raise ModerationError(
            f"{len(report.errors)} error(s) in {len(report.rejected)} submission(s): "
            f"{', '.join(sorted(report.rejected))}. Run `invoke check` for details."
        )
    context[REJECTED_KEY] = set(report.rejected)
    context[REPORT_KEY] = report


def _repo_relative(content, settings) -> str | None:
    source = getattr(content, "source_path", None)
    if not source:
        return None
    root = Path(settings["PATH"]).resolve().parent
    try:
        return Path(source).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def _drop_rejected(generator, attributes: tuple[str, ...]) -> list:
    rejected = generator.context.get(REJECTED_KEY) or set()
    if not rejected:
        return []
    dropped = []
    for attribute in attributes:
        items = getattr(generator, attribute, None)
        if not items:
            continue
        kept = []
        for item in items:
            if _repo_relative(item, generator.settings) in rejected:
                dropped.append(item)
            else:
                kept.append(item)
        setattr(generator, attribute, kept)
    for attribute in attributes:
        for item in getattr(generator, attribute, None) or []:
            translations = getattr(item, "translations", None)
            if translations:
                item.translations = [t for t in translations if t not in dropped]
    generated = generator.context.get("generated_content")
    for item in dropped:
        path = _repo_relative(item, generator.settings)
        logger.warning(
            "%s skipping %s: it has errors (see the moderation report)", LOG_PREFIX, path
        )
        if isinstance(generated, dict):
            generated.pop(item.get_relative_source_path(), None)
    return dropped


def drop_rejected_articles(generator) -> None:
    """article_generator_pretaxonomy: before tags, archives and feeds are built."""
    _drop_rejected(
        generator,
        (
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "drafts",
            "drafts_translations",
        ),
    )


def drop_rejected_pages(generator) -> None:
    """page_generator_finalized: the lists and the context both lose the page."""
    lists = (
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    )
    if _drop_rejected(generator, lists):
        for attribute in ("pages", "hidden_pages", "draft_pages"):
            generator.context[attribute] = getattr(generator, attribute)


def sanitize_content(content) -> None:
    """content_object_init: HTML through the sanitizer, printed metadata as plain text."""
    if getattr(content, "_content", None):
        # Blog posts and pages may show their images; works have theirs taken out
        # before this point (the gallery renders them), artists have an avatar only.
        images = isinstance(content, (Article, Page))
        content._content = sanitize_fragment(content._content, allow_local_images=images).html
    metadata = getattr(content, "metadata", None) or {}
    for key, value in list(metadata.items()):
        if not isinstance(value, str):
            continue
        if key in HTML_METADATA:
            cleaned = sanitize_fragment(value).html
        elif key in ("links",):
            cleaned = ", ".join(
                filter(None, (safe_url(v, allow_relative=False) for v in value.split(",")))
            )
        else:
            cleaned = plain_text(value)
        metadata[key] = cleaned
        attribute = "override_" + key if key in ("url", "save_as") else key
        if getattr(content, attribute, None) == value:
            setattr(content, attribute, cleaned)
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = sanitize_fragment(content._summary).html


def sanitize_gallery(generators) -> None:
    """all_generators_finalized: what works and artists set after their metadata."""
    for generator in generators:
        works = getattr(generator, "works", None) or []
        artists = getattr(generator, "artists", None) or []
        for item in [*works, *artists]:
            images = [*(getattr(item, "images", None) or []), getattr(item, "avatar", None)]
            for image in filter(None, images):
                for attribute in ("alt", "caption"):
                    if isinstance(getattr(image, attribute, None), str):
                        setattr(image, attribute, plain_text(getattr(image, attribute)))
            links = getattr(item, "link_list", None)
            if isinstance(links, list):
                safe = (safe_url(link, allow_relative=False) for link in links)
                item.link_list = [link for link in safe if link]


def register() -> None:
    signals.initialized.connect(apply_defaults)
    signals.generator_init.connect(run_checks_once)
    signals.article_generator_pretaxonomy.connect(drop_rejected_articles)
    signals.page_generator_finalized.connect(drop_rejected_pages)
    signals.content_object_init.connect(sanitize_content)
    signals.all_generators_finalized.connect(sanitize_gallery)
