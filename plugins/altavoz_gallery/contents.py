"""Content classes for works and artists.

Both are Pelican ``Content`` objects, so every receiver of Pelican's
``content_object_init`` signal (the sanitizer among them) treats them exactly
like articles and pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from altavoz_core.markup import IMG_TAG, image_file, img_tags
from pelican.contents import Content

_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\s*", re.IGNORECASE)


@dataclass
class SubmittedImage:
    """An image the artist placed in their submission folder.

    ``rendition`` is filled in by the image step of the generator with whatever
    the templates need to show it (see ``generator.publish_images``).
    """

    filename: str
    alt: str
    caption: str
    source_path: Path | None  # None when the reference does not name a file in the folder
    rendition: object | None = None

    @property
    def is_local_file(self) -> bool:
        # A symbolic link could smuggle any file of the machine into the site.
        path = self.source_path
        return path is not None and not path.is_symlink() and path.is_file()


def resolve_in_folder(folder: Path, reference: str) -> Path | None:
    """The file ``reference`` names inside ``folder``, or None: the moderation's answer
    (``altavoz_core.markup.resolve_image``), so a reference the check accepted is shown.

    Only a plain file name in the submission folder counts (URL escapes decoded, as a
    browser reads them): no sub-paths, no absolute paths, no URLs, no unsafe names.
    """
    return image_file(reference, folder)


def split_images(html: str, folder: Path) -> tuple[list[SubmittedImage], str]:
    """Take the images out of rendered Markdown, in order of appearance.

    The gallery shows a work's images itself (cover first, then the others), so
    the statement keeps only the text.
    """
    images = [
        SubmittedImage(
            filename=attrs.get("src", ""),
            alt=attrs.get("alt", ""),
            caption=attrs.get("title", ""),
            source_path=resolve_in_folder(folder, attrs.get("src", "")),
        )
        for attrs in img_tags(html)
    ]
    text = _EMPTY_PARAGRAPH.sub("", IMG_TAG.sub("", html))
    return images, text.strip()


class _OneUrlPerItem:
    """Works and artists keep one address whatever their language: their folder's.

    Pelican gives content outside DEFAULT_LANG a *_LANG_URL; a work written in
    English is still part of the one gallery, shown with its own `lang`. A `url:` or
    `save_as:` key in the file (refused by the moderation) never moves it: the
    address comes from the folder and the site's WORK_*/ARTIST_* patterns only.
    """

    def get_url_setting(self, key):
        # Once the object is complete (content_object_init has run) its address is fixed;
        # listings ask for it many times a page, so it is worked out once.
        known = self.__dict__.get("_addresses")
        if known is None:
            return self._expand_settings(key)
        found = known.get(key)
        if found is None:
            found = known[key] = self._expand_settings(key)
        return found

    def _fix_addresses(self):
        self._addresses = {}


class Work(_OneUrlPerItem, Content):
    """One artwork: ``content/works/<artist>/<work>/index.md``."""

    mandatory_properties = ("title", "date")
    default_template = "work"
    default_status = "published"

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        folder = Path(source_path).parent if source_path else Path(".")
        images, statement = split_images(content or "", folder)
        super().__init__(statement, metadata, settings, source_path, context)
        self.folder = folder
        self.slug = folder.name
        self.artist_slug = folder.parent.name
        self.images = images
        self.artist = None  # linked to an Artist by the generator
        self.previous_work = self.next_work = None  # neighbours in the gallery, ditto
        self._fix_addresses()

    @property
    def cover(self) -> SubmittedImage | None:
        return self.images[0] if self.images else None

    @property
    def url_format(self):
        values = super().url_format
        values.update(artist=self.artist_slug, slug=self.slug)
        return values


class Artist(_OneUrlPerItem, Content):
    """One artist: ``content/artists/<artist>/index.md``."""

    mandatory_properties = ("name",)
    default_template = "artist"
    default_status = "published"

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        metadata.setdefault("title", metadata.get("name", ""))
        super().__init__(content, metadata, settings, source_path, context)
        self.folder = Path(source_path).parent if source_path else Path(".")
        self.slug = self.folder.name
        avatar_name = str(metadata.get("avatar", "") or "")
        self.avatar = (
            SubmittedImage(
                filename=avatar_name,
                alt=getattr(self, "name", ""),
                caption="",
                source_path=resolve_in_folder(self.folder, avatar_name),
            )
            if avatar_name
            else None
        )
        self.link_list = [
            link.strip() for link in str(metadata.get("links", "") or "").split(",") if link.strip()
        ]
        self.works = []  # filled by the generator, newest first
        self._fix_addresses()

    @property
    def url_format(self):
        values = super().url_format
        values.update(slug=self.slug)
        return values
