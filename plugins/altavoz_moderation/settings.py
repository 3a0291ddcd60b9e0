"""Moderation settings: every knob is an ``ALTAVOZ_MODERATION_*`` key with a default.

The same dictionary shape is used by the Pelican build (where the keys live in
``pelicanconf.py``), by ``invoke check`` and by the tests, completed with every other
plugin's defaults (``altavoz_submit.project.complete_settings``).
"""

from __future__ import annotations

import copy

from altavoz_core.events import OPTIONAL as EVENT_OPTIONAL
from altavoz_core.events import REQUIRED as EVENT_REQUIRED
from altavoz_core.settings import apply_defaults
from pelican.settings import DEFAULT_CONFIG

PREFIX = "ALTAVOZ_MODERATION_"

DEFAULTS: dict = {
    # Licenses a work may carry: SPDX ids plus the explicit "all rights reserved".
    "ALTAVOZ_MODERATION_ALLOWED_LICENSES": (
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-NC-ND-4.0",
        "CC0-1.0",
        "all-rights-reserved",
    ),
    # Operating-system litter: warned about, never published.
    "ALTAVOZ_MODERATION_JUNK_FILES": (".ds_store", "thumbs.db", "desktop.ini", ".gitkeep"),
    # Longest value (in characters) per front-matter key or named part.
    "ALTAVOZ_MODERATION_MAX_LENGTHS": {
        "title": 120,
        "name": 80,
        "pronouns": 40,
        "city": 80,
        "medium": 120,
        "dimensions": 60,
        "year": 4,
        "tags": 300,
        "tag": 40,
        "links": 1000,
        "summary": 300,
        "author": 80,
        "alt": 250,
        "caption": 300,
        # events (content/events/)
        "venue": 120,
        "address": 200,
        "cost": 120,
        "online": 500,
        "organizers": 400,
        "works": 1200,
    },
    # Longest body (Markdown source, characters) per kind of submission.
    "ALTAVOZ_MODERATION_MAX_BODY_LENGTHS": {
        "work": 6000,
        "artist": 4000,
        "blog": 30000,
        "page": 30000,
        "event": 6000,
    },
    # Alt texts that do not describe anything (compared case- and accent-insensitively).
    "ALTAVOZ_MODERATION_GENERIC_ALT_TEXTS": (
        "imagen",
        "image",
        "img",
        "foto",
        "fotografia",
        "photo",
        "picture",
        "pic",
        "obra",
        "artwork",
        "sin titulo",
        "untitled",
        "alt",
        "alt text",
        "texto alternativo",
        "cover",
        "portada",
        "avatar",
    ),
    # Words or phrases that send a submission to human review (not an error).
    "ALTAVOZ_MODERATION_REVIEW_TERMS": (),
    # Optional data file (UTF-8, one term per line, "#" comments), relative to the repository root.
    "ALTAVOZ_MODERATION_REVIEW_TERMS_FILE": None,
    # Front-matter keys per kind of submission: the public format CONTRIBUTING.md teaches.
    "ALTAVOZ_MODERATION_FIELDS": {
        "work": {
            "required": ("title", "artist", "date", "license", "consent"),
            "optional": ("medium", "tags", "year", "dimensions", "lang"),
        },
        "artist": {
            "required": ("name",),
            "optional": ("pronouns", "city", "links", "avatar", "lang", "github", "github_id"),
        },
        "blog": {
            "required": ("title", "date"),
            "optional": ("modified", "author", "authors", "tags", "summary", "lang", "slug"),
        },
        "page": {
            "required": ("title",),
            "optional": ("summary", "lang", "slug"),
        },
        # The agenda's fields are the core's (altavoz_core.events).
        "event": {"required": EVENT_REQUIRED, "optional": EVENT_OPTIONAL},
    },
    # Keys that would let a submission steer Pelican (where or how a page is written,
    # which template renders it, whether it is a draft...) or overwrite attributes of
    # Pelican's content objects. Refused unless the kind lists them as a field above.
    # Keys starting with "_" and attributes of pelican.contents.Content are refused too.
    "ALTAVOZ_MODERATION_STEERING_KEYS": (
        "template",
        "save_as",
        "url",
        "override_save_as",
        "override_url",
        "slug",
        "status",
        "category",
        "author",
        "authors",
        "modified",
        "date_format",
        "locale_date",
        "timezone",
        "translation",
        "translations",
        "in_default_lang",
        "summary",
        "path",
        "filename",
        "source_path",
        "relative_source_path",
        "settings",
        "metadata",
        "content",
        "private",
        "page_order",
        "default_template",
        "mandatory_properties",
        "allowed_statuses",
        "cover",
        "images",
        "image",
        "works",
        "artist_url",
        "page_name",
        # Set on content objects by Pelican, its i18n plugin or the gallery after reading:
        # a key of the same name would be an attribute the build relies on.
        "reader",
        "lang_url",
        "lang_save_as",
        "locale_modified",
        "draft",
        "hidden",
        "folder",
        "artist_slug",
        "link_list",
        "work_tags",
        "rendition",
        "avatar_url",
    ),
    # Slugs that name a section of the site: refused for pages, posts, works and artists
    # alike (every address is also checked against every file the build writes).
    "ALTAVOZ_MODERATION_RESERVED_SLUGS": (
        "blog",
        "works",
        "artists",
        "tags",
        "feeds",
        "theme",
        "static",
        "images",
        "media",
        "en",
        "es",
        "page",
        "drafts",
        "index",
        "404",
        "search",
        "author",
        "category",
        "archives",
        "archive",
        "tag",
        "feed",
        "sitemap",
        "robots",
        "agenda",
    ),
    # Dates (`date`, `modified`) and a work's `year` fall between this year and next year
    # plus ALTAVOZ_MODERATION_YEARS_AHEAD; anything else is refused (AV226, AV216).
    "ALTAVOZ_MODERATION_EARLIEST_YEAR": 1900,
    "ALTAVOZ_MODERATION_YEARS_AHEAD": 1,
    # Languages a submission may declare with `lang:`.
    "ALTAVOZ_MODERATION_LANGUAGES": ("es", "en"),
    # Whether a work must show at least one image.
    "ALTAVOZ_MODERATION_WORK_NEEDS_IMAGE": True,
    # Budget for rendering one body (Markdown to HTML) in the check's worker process.
    # A body of ordinary text renders in milliseconds; some short texts make the Markdown
    # library work for minutes (thousands of "[", code fences, abbreviations...). A body
    # over the budget is refused (AV311) and never reaches the build. CPU seconds count
    # only the worker's own work; the wall-clock limit also covers a busy machine.
    "ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS": 5,
    "ALTAVOZ_MODERATION_MARKDOWN_WALL_SECONDS": 60,
    "ALTAVOZ_MODERATION_MARKDOWN_MEMORY_MB": 512,
    # Longest HTML a body may turn into: a 30 000-character post makes ~60 000, but a few
    # bytes of Markdown repeated (a reference or an abbreviation used thousands of times)
    # can make megabytes that every page, feed and index would then carry.
    "ALTAVOZ_MODERATION_MARKDOWN_MAX_HTML_CHARS": 500_000,
    # Seconds a build waits for another build writing into the same output folder (each
    # sweeps away what it did not write) before it goes on anyway, saying so: a build
    # kept alive after it failed (in a process that goes on) holds the folder until then.
    "ALTAVOZ_MODERATION_OUTPUT_WAIT_SECONDS": 300,
    # Markdown configuration used to render bodies for the sanitizer check;
    # None means "the same as Pelican" (the MARKDOWN setting, else Pelican's default).
    "ALTAVOZ_MODERATION_MARKDOWN": None,
}


def set_default_settings(settings: dict) -> dict:
    """Fill in every missing moderation key (in place) and return the dict."""
    return apply_defaults(settings, DEFAULTS)


def markdown_config(settings: dict) -> dict:
    """The Markdown configuration the build uses, so the check sees the same HTML."""
    config = settings.get("ALTAVOZ_MODERATION_MARKDOWN") or settings.get("MARKDOWN")
    return copy.deepcopy(config or DEFAULT_CONFIG["MARKDOWN"])
