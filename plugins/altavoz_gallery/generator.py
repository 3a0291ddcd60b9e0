"""The gallery generator: reads works and artists, writes their pages."""

from __future__ import annotations

import logging
import os
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from html import escape
from operator import attrgetter
from pathlib import Path

from altavoz_core.rejected import REJECTED_KEY, is_inside_content, is_rejected
from altavoz_core.submissions import ARTISTS_DIR, WORKS_DIR
from altavoz_images import images_output_path, images_siteurl, publish_gallery_images
from pelican.generators import Generator
from pelican.urlwrappers import Tag

from .contents import Artist, Work

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_gallery]"


def read_index(generator, index: Path, content_class, label: str, log, prefix: str):
    """The content object of one submission folder's index.md, read by the generator's
    Pelican readers; None, with a warning naming the submission, when it is missing,
    unreadable or lacks required fields: one such folder never stops the others."""
    if not index.is_file() or index.is_symlink():
        log.warning("%s skipping %s: index.md is missing", prefix, label)
        return None
    try:
        item = generator.readers.read_file(
            base_path=generator.path,
            path=str(index.relative_to(generator.content_root)),
            content_class=content_class,
            context=generator.context,
        )
    except Exception as error:  # one unreadable submission must not stop the others
        log.warning("%s skipping %s: could not be read (%s)", prefix, label, error)
        return None
    if not item.is_valid():
        log.warning("%s skipping %s: required fields are missing", prefix, label)
        return None
    return item


class WorkTag(Tag):
    """A tag of the gallery, kept apart from the blog's tags (WORKTAG_URL, WORKTAG_SAVE_AS)."""


class GalleryGenerator(Generator):
    """Reads ``works/`` and ``artists/`` and writes the gallery."""

    def __init__(self, *args, **kwargs):
        self.works: list[Work] = []
        self.artists: list[Artist] = []
        self.work_tags: dict[WorkTag, list[Work]] = {}
        self._tag_slugs: dict[str, str] = {}
        self._images_published = False
        super().__init__(*args, **kwargs)

    # -- reading ---------------------------------------------------------

    @cached_property
    def content_root(self) -> Path:
        return Path(self.path)

    @cached_property
    def repo_root(self) -> Path:
        """Submission paths are reported relative to the folder holding content/."""
        return self.content_root.parent

    def submission_key(self, folder: Path) -> str:
        return folder.relative_to(self.repo_root).as_posix()

    def is_rejected(self, folder: Path) -> bool:
        """Refused by the moderation: the folder itself or one holding it (a linked folder)."""
        return is_rejected(self.submission_key(folder), self.context.get(REJECTED_KEY, ()))

    def _is_inside_content(self, folder: Path) -> bool:
        """No symbolic link between content/ and ``folder``: nothing is read from elsewhere."""
        return is_inside_content(folder, self.content_root)

    def _submission_folders(self, top: str, depth: int) -> list[Path]:
        base = self.content_root / top
        if not base.is_dir():
            return []
        pattern = "/".join(["*"] * depth)
        folders = []
        for folder in sorted(base.glob(pattern)):
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            if not self._is_inside_content(folder):
                logger.warning(
                    "%s skipping %s: it is reached through a symbolic link",
                    LOG_PREFIX,
                    self.submission_key(folder),
                )
                continue
            folders.append(folder)
        return folders

    def _read(self, folder: Path, content_class):
        index = folder / "index.md"
        label = self.submission_key(folder)
        if self.is_rejected(folder):
            logger.warning(
                "%s skipping %s: it has errors (see the moderation report)", LOG_PREFIX, label
            )
            return None
        item = read_index(self, index, content_class, label, logger, LOG_PREFIX)
        if item is not None:
            self.add_source_path(item)
        return item

    def _tag(self, name: str) -> WorkTag:
        """A WorkTag whose slug Pelican made once per name: a site's works share a few
        tags, and slugify (regular expressions, Unicode normalisation) was ~1.5 % of an
        unchanged rebuild."""
        tag = WorkTag(name, self.settings)
        slug = self._tag_slugs.get(name)
        if slug is None:
            self._tag_slugs[name] = tag.slug
        else:
            tag._slug = slug  # what the slug property would work out and keep
        return tag

    def generate_context(self):
        # The folders are the public format (altavoz_core.submissions), the same the
        # checks read: not settings, so nothing is published that was not checked.
        artists = [self._read(f, Artist) for f in self._submission_folders(ARTISTS_DIR, 1)]
        self.artists = sorted(filter(None, artists), key=lambda a: a.name.casefold())
        by_slug = {artist.slug: artist for artist in self.artists}

        works = []
        for folder in self._submission_folders(WORKS_DIR, 2):
            work = self._read(folder, Work)
            if work is None:
                continue
            artist = by_slug.get(work.artist_slug)
            if artist is None:
                logger.warning(
                    "%s skipping %s: no published artist '%s'",
                    LOG_PREFIX,
                    self.submission_key(folder),
                    work.artist_slug,
                )
                continue
            work.artist = artist
            works.append(work)

        self.works = sorted(works, key=attrgetter("date"), reverse=True)
        for artist in self.artists:
            artist.works = [w for w in self.works if w.artist is artist]

        tags: dict[str, WorkTag] = {}  # by slug
        # A tag several works share is shown as the oldest work spells it, so a new work
        # cannot change how it reads on everyone else's (the check warns it: AV335).
        for work in sorted(self.works, key=lambda w: (w.date, w.relative_source_path)):
            for name in _split_list(work.metadata.get("tags")):
                candidate = self._tag(" ".join(unicodedata.normalize("NFC", name).split()))
                tags.setdefault(candidate.slug, candidate)
        self.work_tags = {}
        for work in self.works:
            work_tags = []
            for name in _split_list(work.metadata.get("tags")):
                # One page per address: «maíz» and «Maiz» are the same tag.
                candidate = self._tag(name)
                tag = tags.setdefault(candidate.slug, candidate)
                if not tag.slug:  # its page would be the tags index itself
                    logger.warning(
                        "%s %s: tag '%s' left out: it has no letters or digits for its address",
                        LOG_PREFIX,
                        work.relative_source_path,
                        name,
                    )
                    continue
                if tag in work_tags:
                    continue
                work_tags.append(tag)
                self.work_tags.setdefault(tag, []).append(work)
            work.work_tags = work_tags

        self.context["works"] = self.works
        self.context["artists"] = self.artists
        self.context["work_tags"] = sorted(self.work_tags.items(), key=lambda t: t[0].name)
        logger.info("%s %d works by %d artists", LOG_PREFIX, len(self.works), len(self.artists))

    # -- writing ---------------------------------------------------------

    def refresh_metadata_intersite_links(self):
        """Pelican calls this on every generator once all of them have read their
        content and every all_generators_finalized receiver (the sanitizer of alt texts
        among them) has run, and before any generator writes a page: the gallery's
        images and share cards are published here rather than with the gallery's own
        pages, so the pages Pelican writes first (the blog's lists and tags, the static
        pages, the 404) name the site's share card too."""
        self.publish_images()

    def generate_output(self, writer):
        self.publish_images()  # done already in a build; a direct call still gets images
        self.link_neighbours()
        relative = self.settings["RELATIVE_URLS"]
        for work in self.works:
            writer.write_file(
                work.save_as,
                self.get_template(work.template),
                self.context,
                work=work,
                page_name=work.slug,
                relative_urls=relative,
                url=work.url,
            )
        for artist in self.artists:
            writer.write_file(
                artist.save_as,
                self.get_template(artist.template),
                self.context,
                artist=artist,
                relative_urls=relative,
                url=artist.url,
            )
        gallery_save_as = self.settings["ALTAVOZ_GALLERY_SAVE_AS"]
        writer.write_file(
            gallery_save_as,
            self.get_template("gallery"),
            self.context,
            paginated={"works": self.works},
            template_name="gallery",
            page_name="gallery",
            relative_urls=relative,
            url="",
        )
        writer.write_file(
            self.settings["ALTAVOZ_ARTISTS_INDEX_SAVE_AS"],
            self.get_template("artists"),
            self.context,
            page_name="artists",
            relative_urls=relative,
        )
        for tag, works in self.work_tags.items():
            writer.write_file(
                tag.save_as,
                self.get_template("work_tag"),
                self.context,
                tag=tag,
                paginated={"works": works},
                template_name="work_tag",
                page_name=tag.page_name,
                relative_urls=relative,
                url=tag.url,
            )
        writer.write_file(
            self.settings["ALTAVOZ_WORK_TAGS_SAVE_AS"],
            self.get_template("work_tags"),
            self.context,
            page_name="work_tags",
            relative_urls=relative,
        )
        self.write_works_feed(writer)

    def link_neighbours(self):
        """Each work's neighbours in the gallery's order (newest first), for rel=prev/next.

        The order wraps: the newest work's previous one is the oldest, and the oldest's
        next one the newest, so a visitor going work by work never meets a dead end.
        After the image step: a work it left out is nobody's neighbour.
        """
        count = len(self.works)
        for index, work in enumerate(self.works):
            work.previous_work = self.works[index - 1] if count > 1 else None
            work.next_work = self.works[(index + 1) % count] if count > 1 else None

    def write_works_feed(self, writer):
        path = self.settings.get("ALTAVOZ_WORKS_FEED_ATOM")
        if path:
            title = self.settings["ALTAVOZ_WORKS_FEED_TITLE"]
            self._write_feed(writer, self.works, path, title)
        pattern = self.settings.get("ALTAVOZ_ARTIST_FEED_ATOM")
        for artist in self.artists if pattern else ():
            # Every artist has one, also before their first work: a follower subscribes
            # from the artist's page and sees the next work arrive.
            path = artist_feed_path(pattern, artist)
            self._write_feed(writer, artist.works, path, artist.name, page=artist.url)

    def _write_feed(self, writer, works, path: str, title: str, page: str = ""):
        entries = [WorkFeedEntry(work, self.settings) for work in works]
        # What Pelican's writer does not put in a feed rides along in its context, for
        # finish_feed (it makes each entry from the title, link, dates and content only).
        context = {**self.context, FEED_KEY: GalleryFeed(entries, page)}
        writer.write_feed(entries, context, path, feed_title=as_markup(title))

    # -- images ----------------------------------------------------------

    def publish_images(self):
        """Publish every image the works and artists show, once.

        IMAGE STEP: plugins/altavoz_images publishes resized, metadata-free
        derivatives (never the submitted original) and sets each
        ``image.rendition`` to an ImageSet; works whose images fail are left out.
        It also makes the share cards, the site's (``context["site_share_card"]``)
        among them.
        """
        if self._images_published:
            return
        self._images_published = True
        publish_gallery_images(self)


# Where a feed's extras travel from _write_feed to finish_feed.
FEED_KEY = "altavoz_gallery_feed"


@dataclass(frozen=True)
class GalleryFeed:
    entries: list  # WorkFeedEntry, in the order Pelican adds them
    page: str = ""  # the page the feed follows (an artist's), relative to SITEURL


def as_markup(text) -> str:
    """A plain text (a title, a name: what the artist typed) as the markup Pelican's feed
    writer takes its titles for: it strips their tags and decodes their entities, so
    «Ana <b>» would reach the feed as «Ana» and «Tom &amp; Jerry» as «Tom & Jerry».
    Escaped first, every character comes out as typed."""
    return escape(str(text), quote=False)


def artist_feed_path(pattern: str, artist: Artist) -> str:
    """An artist's feed, from ALTAVOZ_ARTIST_FEED_ATOM (``{slug}``: the artist's folder)."""
    return pattern.format(slug=artist.slug)


@dataclass(frozen=True)
class Enclosure:
    """A file a feed entry carries (Atom's ``<link rel="enclosure">``): feed readers show
    it as the entry's picture. Values are the strings the feed writer prints."""

    url: str
    length: str
    mime_type: str


class WorkFeedEntry:
    """What Pelican's feed writer needs of a work: the cover comes first."""

    def __init__(self, work: Work, settings):
        self.work = work
        self.title = as_markup(work.title)
        self.url = work.url
        self.date = work.date
        self.tags = work.work_tags
        self.author = work.artist.name
        self.summary = work.summary
        self._settings = settings

    def cover_url(self) -> str | None:
        """The cover's published file (its ``<img src>``), or None."""
        cover = self.work.cover
        if cover is None or not cover.rendition:
            return None
        # Images live at the main site, whatever the language of this feed.
        return f"{images_siteurl(self._settings)}/{cover.rendition['src']}"

    def get_content(self, siteurl):
        parts = []
        src = self.cover_url()
        if src is not None:
            alt = self.work.cover.alt
            parts.append(f'<p><img src="{escape(src)}" alt="{escape(alt)}"></p>')
        parts.append(self.work.get_content(siteurl))
        return "\n".join(parts)

    @property
    def enclosure(self) -> Enclosure | None:
        """The cover as the entry's enclosure: the very file its ``<img>`` shows, with
        its type and its size in bytes (read from the published file, so the same bytes
        give the same feed)."""
        src = self.cover_url()
        if src is None:
            return None
        rendition = self.work.cover.rendition
        name = rendition["src"]
        mime = next(
            (c.mime for _, found in rendition.formats for c in found if c.url == name), None
        )
        try:
            length = os.stat(os.path.join(images_output_path(self._settings), name)).st_size
        except OSError:
            return None
        return Enclosure(src, str(length), mime) if mime else None


def finish_feed(context, feed):
    """feed_generated: each entry of a gallery feed carries its cover as an enclosure,
    and an artist's feed names their page as its own (its ``<id>`` and alternate link:
    Pelican gives every feed the site's address, the same for all of them).

    Pelican adds one item per entry, in order, so the n-th item is the n-th entry.
    """
    extras = context.get(FEED_KEY) if isinstance(context, dict) else None
    if not isinstance(extras, GalleryFeed):
        return
    for item, entry in zip(feed.items, extras.entries, strict=False):
        enclosure = entry.enclosure
        if enclosure is not None:
            item["enclosures"] = [enclosure]
    if extras.page:
        page = str(feed.feed["link"]).rstrip("/") + "/" + extras.page.lstrip("/")
        feed.feed["link"] = feed.feed["id"] = page


def _split_list(value) -> list[str]:
    """Tags arrive either as Pelican Tag objects or as a comma-separated string."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(",")
    names = [str(getattr(item, "name", item)).strip() for item in value]
    return [name for name in names if name]
