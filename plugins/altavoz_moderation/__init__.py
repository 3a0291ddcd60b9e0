"""Altavoz moderation: one sanitizer and the checks that stand between a pull request and the site.

Public API: ``report.check_site`` (all checks, a Report) and its renderers
(``report.FORMATS``), ``sanitize.sanitizer`` (sanitize_fragment, plain_text, safe_url).
`invoke check` is ``altavoz_submit.check.run_check``; the codes are in ``altavoz_core``
(CODES.md).

Inside: ``checks/`` (every check of one submission, and ``checks.cache``: their findings
remembered), ``model/`` (a submission as the build will read, render and place it: its
header, its body, the images it shows, its addresses and their clashes), ``sanitize/``
(the sanitizer and its output remembered), ``report`` (a whole site checked, and the
report rendered), ``since`` (what changed since a git ref), ``memo`` (the stores the
caches share), ``markdown_reader`` and ``guard`` (Pelican's reader and writer as the
build uses them).

In the build (``register``):

* the checks run once, before any generator reads content; the submissions with errors
  go into ``context["ALTAVOZ_REJECTED"]`` (posix paths relative to the repository root),
  which the gallery generator skips, and blog posts and pages with errors are dropped
  here; ``ALTAVOZ_STRICT = True`` (``invoke build --strict``) fails the build instead;
* every content object's HTML goes through the sanitizer, and the metadata templates
  print becomes plain text (templates autoescape it); links go through ``safe_url``;
* Pelican writes through ``guard.GuardedWriter``: nothing outside the output folder and
  no file twice (a collision the checks missed is logged, never a stopped build);
* the output folder is kept between builds, and what a build did not write is deleted
  once it is done (``guard.begin_sweep``/``finish_sweep``): no page or image of a
  withdrawn or refused submission stays behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from altavoz_core.rejected import (
    LOG_PREFIX,
    REJECTED_KEY,
    drop_rejected,
    is_inside_content,
    is_rejected,
)
from altavoz_core.settings import remember_main_site
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import memo
from .guard import begin_sweep, finish_sweep, guarded_writer
from .markdown_reader import use_remembering_reader
from .report import Report, check_site
from .sanitize.cache import plain, sanitized_html
from .sanitize.sanitizer import safe_url
from .settings import set_default_settings

logger = logging.getLogger(__name__)
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
        (k, repr(v))
        for k, v in settings.items()
        if k.startswith(("ALTAVOZ_MODERATION_", "ALTAVOZ_AGENDA_"))
    )
    # Where things are written decides address findings too (the same for every language
    # site, so the English subsite still reuses the main site's report).
    addressing = sorted(
        (k, repr(v))
        for k, v in settings.items()
        if (k.endswith(("_SAVE_AS", "_URL")) or k.startswith("SLUG"))
        and "_LANG_" not in k  # the theme fills *_LANG_* in during the build
        and k not in ("SITEURL", "ALTAVOZ_MAIN_SITEURL")
    )
    return str(content_dir), tuple(entries), tuple(moderation), tuple(addressing)


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


def prepare_generator(generator) -> None:
    """generator_init: checks first, then the blog and pages read only accepted files."""
    run_checks_once(generator)
    if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
        skip_rejected_sources(generator)


def drop_rejected_articles(generator) -> None:
    """article_generator_pretaxonomy: before tags, archives and feeds are built.

    A tag with no address (only an emoji: AV310 says it is not shown) is dropped too:
    Pelican would write its page at the empty slug, over the tag index's folder.
    """
    drop_rejected(generator, "articles")
    for article in [*generator.articles, *generator.translations]:
        tags = getattr(article, "tags", None)
        if tags and not all(tag.slug for tag in tags):
            article.tags = [tag for tag in tags if tag.slug]


def drop_rejected_pages(generator) -> None:
    """page_generator_finalized: the lists and the context both lose the page."""
    drop_rejected(generator, "pages")


def sanitize_content(content) -> None:
    """content_object_init: HTML through the sanitizer, printed metadata as plain text."""
    if getattr(content, "_content", None):
        # Blog posts and pages may show their images; works have theirs taken out
        # before this point (the gallery renders them), artists have an avatar only.
        images = isinstance(content, (Article, Page))
        content._content = sanitized_html(
            content.settings, content._content, allow_local_images=images
        )
    metadata = getattr(content, "metadata", None) or {}
    for key, value in list(metadata.items()):
        if not isinstance(value, str):
            continue
        if key in HTML_METADATA:
            cleaned = sanitized_html(content.settings, value)
        elif key in ("links",):
            cleaned = ", ".join(
                filter(None, (safe_url(v, allow_relative=False) for v in value.split(",")))
            )
        else:
            cleaned = plain(value)
        metadata[key] = cleaned
        if getattr(content, key, None) == value:
            setattr(content, key, cleaned)
    # A submission never chooses its own address (the checks refuse `url:`/`save_as:`);
    # should one get this far, it is written where the site's patterns put it.
    for key in ("url", "save_as"):
        if key in metadata:
            source = getattr(content, "source_path", "")
            logger.error("%s %s: ignoring its '%s' field", LOG_PREFIX, source, key)
            metadata.pop(key)
            if hasattr(content, "override_" + key):
                delattr(content, "override_" + key)
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = sanitized_html(content.settings, content._summary)
    for key in ("date", "modified"):
        value = getattr(content, key, None)
        if isinstance(value, dt.datetime) and not whole_minute_offset(value):
            setattr(content, key, value.astimezone(dt.UTC))


def whole_minute_offset(moment: dt.datetime) -> bool:
    """Whether RFC 3339 (feeds, article:published_time) can write ``moment``'s offset.

    Before standard time a zone keeps its local mean time (Mexico City until 1922:
    -06:36:36), an offset with seconds that feeds cannot carry: such a date is written
    in UTC instead, the same instant.
    """
    offset = moment.utcoffset()
    return offset is None or int(offset.total_seconds()) % 60 == 0


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
                        setattr(image, attribute, plain(getattr(image, attribute)))
            links = getattr(item, "link_list", None)
            if isinstance(links, list):
                safe = (safe_url(link, allow_relative=False) for link in links)
                item.link_list = [link for link in safe if link]


def skip_rejected_sources(generator) -> None:
    """Pelican never even parses a refused post or page: its file list leaves them out.

    Parsing is where a hostile file costs (megabytes of nested Markdown), and a parsed
    post registers its {static}/{attach} links before it could be dropped.
    """
    rejected = generator.context.get(REJECTED_KEY) or set()
    settings = generator.settings
    root = Path(os.path.abspath(settings["PATH"]))
    get_files = generator.get_files

    def get_accepted_files(*args, **kwargs):
        accepted = set()
        for relative in get_files(*args, **kwargs):
            path = root / relative
            if not is_inside_content(path, settings["PATH"]):
                logger.warning(
                    "%s skipping %s: it is reached through a symbolic link", LOG_PREFIX, relative
                )
            elif not is_rejected(path.relative_to(root.parent).as_posix(), rejected):
                accepted.add(relative)
        return accepted

    generator.get_files = get_accepted_files


def publish_no_linked_files(generator) -> None:
    """static_generator_finalized: a {static}/{attach} link never publishes a file as it is.

    Pelican copies any file such a link names, wherever it is: another work's original
    photo (with its GPS position), a file beside content/ or, through ``..``, into a
    place outside the output. The site publishes no static content of its own
    (``STATIC_PATHS``), and images only as derivatives, so only files found under
    ``STATIC_PATHS`` inside content/ are kept.
    """
    settings = generator.settings
    own = generator.get_files(
        settings["STATIC_PATHS"], exclude=settings["STATIC_EXCLUDES"], extensions=False
    )
    output = Path(os.path.abspath(generator.output_path))
    kept = []
    for static in generator.staticfiles:
        relative = static.get_relative_source_path()
        destination = Path(os.path.abspath(output / static.save_as))
        if (
            relative in own
            and is_inside_content(static.source_path, settings["PATH"])
            and destination.is_relative_to(output)
        ):
            kept.append(static)
            continue
        logger.warning(
            "%s skipping %s: files linked with {static} or {attach} are not published as "
            "they are (only the gallery publishes images, without their private data)",
            LOG_PREFIX,
            relative,
        )
        generator.context.get("static_content", {}).pop(relative, None)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


def save_remembered(pelican_object) -> None:
    """finalized: what this site sanitized is kept for the next build (see memo.py)."""
    memo.save_all()


RECEIVERS = (
    (signals.initialized, remember_main_site),
    (signals.initialized, apply_defaults),
    (signals.initialized, begin_sweep),
    (signals.get_writer, guarded_writer),
    (signals.generator_init, prepare_generator),
    (signals.static_generator_finalized, publish_no_linked_files),
    (signals.article_generator_pretaxonomy, drop_rejected_articles),
    (signals.page_generator_finalized, drop_rejected_pages),
    (signals.content_object_init, sanitize_content),
    (signals.all_generators_finalized, sanitize_gallery),
    (signals.finalized, save_remembered),
    (signals.finalized, finish_sweep),
    (signals.readers_init, use_remembering_reader),
)


def register() -> None:
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
