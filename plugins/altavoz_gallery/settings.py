"""Settings of the gallery, all prefixed ALTAVOZ_ / WORK_ / WORKTAG_ / ARTIST_."""

from altavoz_core.settings import apply_defaults

DEFAULTS = {
    "WORK_URL": "works/{artist}/{slug}/",
    "WORK_SAVE_AS": "works/{artist}/{slug}/index.html",
    "ARTIST_URL": "artists/{slug}/",
    "ARTIST_SAVE_AS": "artists/{slug}/index.html",
    "ALTAVOZ_GALLERY_SAVE_AS": "index.html",
    "ALTAVOZ_ARTISTS_INDEX_SAVE_AS": "artists/index.html",
    "WORKTAG_URL": "tags/{slug}/",
    "WORKTAG_SAVE_AS": "tags/{slug}/index.html",
    "ALTAVOZ_WORK_TAGS_SAVE_AS": "tags/index.html",
    "ALTAVOZ_WORKS_FEED_ATOM": "feeds/works.atom.xml",
    "ALTAVOZ_WORKS_FEED_TITLE": "Obras",
    # Each artist's works as a feed of its own ({slug}: the artist's folder name), in
    # every language site; None or "" writes none.
    "ALTAVOZ_ARTIST_FEED_ATOM": "artists/{slug}/feed.atom.xml",
}


def set_default_settings(settings):
    """Fill in every gallery setting the site did not set itself."""
    return apply_defaults(settings, DEFAULTS)
