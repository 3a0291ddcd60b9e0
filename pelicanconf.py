"""Pelican settings for the Altavoz site (local preview and tests).

publishconf.py extends this for the public site.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Altavoz"
SITESUBTITLE = "Arte de nuestras comunidades"
SITEURL = ""
AUTHOR = "Altavoz"
TIMEZONE = "America/Mexico_City"
DEFAULT_LANG = "es"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

PATH = str(ROOT / "content")
# THEME: none named, so the altavoz_theme plugin gives Altavoz's (theme/, which it carries):
# this file works in any folder with a content/ beside it.
OUTPUT_PATH = str(ROOT / "output")
# Derived images, remembered checks and compiled templates. ALTAVOZ_CACHE_PATH moves them
# elsewhere: the test suite sets it so that a test run never writes into the checkout.
CACHE_PATH = os.environ.get("ALTAVOZ_CACHE_PATH") or str(ROOT / "cache")

# The plugins are packages of this project (plugins/, installed by requirements.txt):
# Pelican imports them by name.
PLUGINS = [
    "altavoz_moderation",  # first: checks run before the gallery reads content
    "altavoz_gallery",
    "altavoz_agenda",  # after the gallery: events link to its artists and works
    "altavoz_images",
    "i18n_subsites",
    "altavoz_theme",
]

# The blog and the gallery live side by side: Pelican's article machinery reads
# only content/blog, pages only content/pages; works and artists are read by the
# altavoz_gallery generator.
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
ARTICLE_EXCLUDES = ["works", "artists", "pages", "events"]
PAGE_EXCLUDES = ["works", "artists", "blog", "events"]

# Templates escape everything by default; only HTML that went through the
# sanitizer is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
# Each language is a site of its own (see I18N_SUBSITES), so a translation lives at the
# same address inside its language's site: /blog/x/ and /en/blog/x/.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
INDEX_SAVE_AS = "blog/index.html"
TAG_URL = "blog/tag/{slug}/"
TAG_SAVE_AS = "blog/tag/{slug}/index.html"
TAGS_SAVE_AS = "blog/tags/index.html"
ARCHIVES_SAVE_AS = "blog/archive/index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives", "404", "enviar"]  # 404 → 404.html
# How to send a work: a short page with the button to the GitHub form (theme/templates/enviar.html).
ENVIAR_SAVE_AS = "enviar/index.html"
# The GitHub repository ("owner/name") that receives submissions through its issue form;
# a placeholder until the project's own repository is settled.
ALTAVOZ_REPOSITORY = "altavoz-mx/altavoz"
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

DEFAULT_PAGINATION = 24
PAGINATED_TEMPLATES = {"index": 10, "tag": 10, "gallery": 24, "work_tag": 24}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/blog.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Images in posts and pages fill the text column (.prose, at most 40rem) inside the
# page's 0.75rem margins: the browser picks their files from this (theme/static/css).
ALTAVOZ_IMAGES_POST_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 1.5rem)"

# Works and artists (plugins/altavoz_gallery).
ALTAVOZ_WORKS_FEED_ATOM = "feeds/works.atom.xml"

# The agenda (plugins/altavoz_agenda): events in content/events/, times in this zone
# unless an event names its own.
ALTAVOZ_AGENDA_TIMEZONE = "America/Mexico_City"

RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
# The output folder is kept between builds (an unchanged rebuild re-creates no folder
# and re-links no image), and once a build is done every file in it that the build did
# not write is deleted (plugins/altavoz_moderation/guard.py): a withdrawn work leaves no
# page or image behind, as if the folder had been emptied first. Names listed in
# OUTPUT_RETENTION (top level) are left alone.
DELETE_OUTPUT_DIRECTORY = False

# Two languages (plugins i18n_subsites + altavoz_theme): Spanish is the main site,
# English a full second version of the interface at /en/. Content is shown in its own
# language everywhere; a translation (same slug, other `lang:`) is linked from it.
ALTAVOZ_MAIN_LANG = DEFAULT_LANG
I18N_SUBSITES = {
    "en": {
        "SITESUBTITLE": "Art from our communities",
        "ALTAVOZ_WORKS_FEED_TITLE": "Works",
    },
}
# Untranslated posts and pages appear in both interfaces, marked with their language.
I18N_UNTRANSLATED_ARTICLES = "keep"
I18N_UNTRANSLATED_PAGES = "keep"
