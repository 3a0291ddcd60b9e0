"""The gallery's image step: publish derivatives of every shown image, never the original.

Called by ``GalleryGenerator.publish_images`` before any gallery page is
written. A work whose image cannot be processed is left out of the site (its
page, the grids, its artist page and tags), with a log line saying why; the
rest publishes.

Images are published once, into the main site's output (``images_output_path``),
also when an i18n subsite (the English interface) is built: whichever language
is built first renders what is new, the other finds every job in the cache and
its files already in place, and every language's pages point at that one copy
(``images_siteurl``).
"""

from __future__ import annotations

import logging
import os
from itertools import chain
from pathlib import Path

from altavoz_core import kept_output
from altavoz_core.kept_output import real_folder, within

from . import cache, sharecards
from . import settings as image_settings
from .pipeline import LOG_PREFIX, ImageJob, RunStats, process_images
from .sharecards import ShareCardJob, card_source, publish_share_cards

logger = logging.getLogger(__name__)


def _jobs_for(item, images, output: str, repo_root: str, folders: dict, cards: set):
    """``output`` and ``repo_root`` absolute, resolved; ``folders``: resolved folders,
    shared by every item; ``cards``: the sources shown in a square box, which also get
    square card files."""
    url_dir = str(item.url).strip("/")
    output_dir = Path(output, url_dir)
    for image in images:
        if not image.is_local_file:  # (symbolic links are not)
            continue
        source = Path(image.source_path)
        folder, name = os.path.split(os.path.abspath(source))
        real = os.path.join(real_folder(folder, folders), name)
        if within(real, repo_root):
            rel_path = Path(os.path.relpath(real, repo_root)).as_posix()
        else:
            rel_path = source.as_posix()
        yield (
            image,
            ImageJob(
                source=source,
                output_dir=output_dir,
                url_dir=url_dir,
                rel_path=rel_path,
                alt=image.alt,
                caption=image.caption,
                cards=source in cards,
            ),
        )


def _inside(output: str, url_dir: str, folders: dict) -> bool:
    """Derivatives of an item go to ``output/<its address>``: never anywhere else.

    ``output`` absolute; ``folders``: resolved folders shared by every item.
    """
    target = os.path.normpath(os.path.join(output, url_dir))
    if not within(target, output):
        return False
    return within(real_folder(target, folders), real_folder(output, folders))


# What the gallery published last in this process, for the next language of the same
# build: (the build's sweep of the output, what identifies the jobs, results).
_last_published: list = []


def _jobs_key(jobs, output: Path, settings: dict) -> tuple:
    return (
        os.path.abspath(output),
        image_settings.cache_dir(settings),
        cache.settings_fingerprint(settings),
        tuple(jobs),
    )


def _remember_published(jobs, output: Path, settings: dict, results: dict) -> None:
    _last_published[:] = [kept_output.covering(str(output)), _jobs_key(jobs, output, settings)]
    _last_published.append(results)


def _published_by_other_language(jobs, output, settings, site_output, stats):
    """The results of the same jobs, published into the same folder by the other language
    of this build (the subsites of i18n_subsites show the same images, from the main
    site's output), or None. Only what that language's record of published files needs is
    done again: looking every job up in the cache, checking and claiming every file again
    was ~5 % of an unchanged rebuild.
    """
    build = kept_output.covering(str(output))  # None without a sweep: nothing to reuse
    if build is None or not _last_published or _last_published[0] is not build:
        return None
    if _last_published[1] != _jobs_key(jobs, output, settings):
        return None
    results = _last_published[2]
    files = [
        Path(output, candidate.url)
        for image_set in results.values()
        if image_set.ok
        for candidate in _candidates(image_set)
    ]
    # Its own record, so that what only this language showed is swept once it goes.
    removed = cache.sweep_published(
        Path(image_settings.cache_dir(settings)), output, files, str(site_output.resolve())
    )
    stats.jobs = stats.cached = len(jobs)
    stats.failed = sum(1 for job in jobs if not results[job.source].ok)
    stats.removed = len(removed)
    return results


def _candidates(image_set):
    for _mime, candidates in image_set.formats:
        yield from candidates
    if image_set.thumbnail is not None:
        yield image_set.thumbnail
    yield from image_set.cards


def publish_gallery_images(generator) -> RunStats:
    """Run the pipeline for every work and artist image; fill ``image.rendition``."""
    settings = image_settings.set_default_settings(dict(generator.settings))
    site_output = Path(generator.output_path)
    output = Path(image_settings.images_output_path(settings))
    settings["OUTPUT_PATH"] = str(output)
    items = chain(
        ((work, work.images) for work in generator.works),
        ((artist, [artist.avatar] if artist.avatar else []) for artist in generator.artists),
    )
    pairs = []
    outside = []
    folders: dict[str, str] = {}
    repo_root = real_folder(os.path.abspath(generator.repo_root), folders)
    base = os.path.abspath(output)
    for item, images in items:
        if not _inside(base, str(item.url).strip("/"), folders):
            logger.error(
                "%s skipping %s: its images would be written outside the output folder",
                LOG_PREFIX,
                item.relative_source_path,
            )
            outside.append(item)
            continue
        for image in images:
            if not image.is_local_file:
                logger.warning(
                    "%s %s: image '%s' is not a file in the submission folder",
                    LOG_PREFIX,
                    item.relative_source_path,
                    image.filename,
                )
        # Grids show a work's cover in a square box, and avatars are square: only those
        # get card files (the same file used again further down the work gets them too).
        cards = {Path(images[0].source_path)} if images and images[0].source_path else set()
        jobs = _jobs_for(item, images, base, repo_root, folders, cards)
        pairs += [(item, image, job) for image, job in jobs]

    stats = RunStats()
    jobs = [job for _, _, job in pairs]
    results = _published_by_other_language(jobs, output, settings, site_output, stats)
    if results is None:
        results = process_images(
            jobs,
            settings,
            progress=settings["ALTAVOZ_IMAGES_PROGRESS"],
            stats=stats,
            site=str(site_output.resolve()),
        )
        _remember_published(jobs, output, settings, results)
    if site_output.resolve() != output.resolve():
        # A subsite: what an earlier build published into its own output goes.
        stats.removed += len(
            cache.sweep_published(Path(image_settings.cache_dir(settings)), site_output, [])
        )
    broken_works = {item for item in outside if item in generator.works}
    for item in outside:
        if getattr(item, "avatar", None) is not None:
            item.avatar = None
    for item, image, job in pairs:
        image_set = results[job.source]
        if image_set.ok:
            image.rendition = image_set
            continue
        image.rendition = None
        if item in generator.works:
            broken_works.add(item)
        for finding in image_set.findings:
            logger.warning("%s %s: %s", LOG_PREFIX, finding.path, finding.message_en)
    if broken_works:
        _leave_out(generator, broken_works)
    publish_gallery_share_cards(generator, settings, base, folders)
    logger.info(
        "%s %d images: %d from the cache, %d processed, %d failed",
        LOG_PREFIX,
        stats.jobs,
        stats.cached,
        stats.rendered,
        stats.failed,
    )
    return stats


# Works an artist's card shows: enough to tell their art at a glance, still large.
ARTIST_CARD_WORKS = 3


def _covers(works, settings) -> tuple[tuple[Path, ...], str]:
    """The covers a card draws of ``works``, and what they show (their alt texts)."""
    covers = [w.cover for w in works if w.cover is not None]
    found = [(card_source(cover.rendition, settings), cover) for cover in covers]
    shown = [(path, cover) for path, cover in found if path is not None]
    alt = "; ".join(str(cover.alt) for _, cover in shown if cover.alt)
    return tuple(path for path, _ in shown), alt


def _one_picture(image, settings) -> tuple[tuple[Path, ...], str] | None:
    """One image (an avatar, an event's poster) as ``_covers`` gives what a card draws,
    or None when it has no published file to draw from."""
    if image is None or not image.rendition:
        return None
    source = card_source(image.rendition, settings)
    return ((source,), str(image.alt or "")) if source else None


def publish_gallery_share_cards(generator, settings: dict, output: str, folders: dict) -> None:
    """Each work's, artist's and event's share card (``item.share_card``, or None).

    Made after the image step, from the published covers, the same in every language
    (the second language finds them in the cache). Events are
    the agenda's (``context["events"]``, read before any page is written, their own
    images published then): their card shows the works they show, else their own first
    picture, else their texts alone.
    """
    jobs: dict = {}

    def add(item, title, subtitle, shown):
        url_dir = str(item.url).strip("/")
        if not _inside(output, url_dir, folders):
            item.share_card = None
            return
        images, alt = shown
        job = ShareCardJob(Path(output, url_dir), url_dir, str(title), str(subtitle), images, alt)
        jobs[item] = job

    for work in generator.works:
        add(work, work.title, work.artist.name, _covers([work], settings))
    for artist in generator.artists:
        shown = _covers(artist.works[:ARTIST_CARD_WORKS], settings)
        if not shown[0]:
            shown = _one_picture(artist.avatar, settings) or shown
        add(artist, artist.name, getattr(artist, "city", "") or "", shown)
    published = {id(work) for work in generator.works}
    for event in generator.context.get("events") or []:
        shown = [w for w in getattr(event, "work_list", None) or [] if id(w) in published]
        # Who organizes it rather than its date: the date is written in each language
        # (one card per language), the page says it under the card anyway.
        names = ", ".join(a.name for a in getattr(event, "organizer_list", None) or [])
        pictures = _covers(shown[:ARTIST_CARD_WORKS], settings)
        if not pictures[0]:  # no work shown: its own first picture (a poster, the place)
            own = next((i for i in getattr(event, "images", None) or [] if i.rendition), None)
            pictures = _one_picture(own, settings) or pictures
        add(event, event.title, names, pictures)
    # The site's own card, for every page that shows no one thing (the gallery, lists,
    # pages): the newest works under the site's subtitle, in the site's language.
    site_images, site_alt = _covers(generator.works[:ARTIST_CARD_WORKS], settings)
    site_title = str(settings.get("SITESUBTITLE") or settings.get("SITENAME") or "")
    site_job = ShareCardJob(Path(output), "", site_title, "", site_images, site_alt)
    site = f"{Path(generator.output_path).resolve()}#{sharecards.PUBLISHED_STEM}"
    cards = publish_share_cards([*jobs.values(), site_job], settings, site)
    for item, job in jobs.items():
        item.share_card = cards[job]
    generator.context["site_share_card"] = cards[site_job]


def _leave_out(generator, works) -> None:
    """Remove works from every list the gallery pages are written from (in place)."""
    for work in works:
        logger.warning(
            "%s skipping %s: an image could not be processed (see above)",
            LOG_PREFIX,
            work.relative_source_path,
        )
    generator.works[:] = [w for w in generator.works if w not in works]
    for artist in generator.artists:
        artist.works[:] = [w for w in artist.works if w not in works]
    for tag in list(generator.work_tags):
        kept = [w for w in generator.work_tags[tag] if w not in works]
        if kept:
            generator.work_tags[tag] = kept
        else:
            del generator.work_tags[tag]
    generator.context["work_tags"] = sorted(generator.work_tags.items(), key=lambda t: t[0].name)
