"""Pelican settings for the Altavoz site (local preview and tests).

publishconf.py extends this for the public site.
"""

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
THEME = str(ROOT / "theme")
OUTPUT_PATH = str(ROOT / "output")
CACHE_PATH = str(ROOT / "cache")

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["altavoz_gallery", "altavoz_images"]

# The blog and the gallery live side by side: Pelican's article machinery reads
# only content/blog, pages only content/pages; works and artists are read by the
# altavoz_gallery generator.
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
ARTICLE_EXCLUDES = ["works", "artists", "pages"]
PAGE_EXCLUDES = ["works", "artists", "blog"]

# Templates escape everything by default; only HTML that went through the
# sanitizer is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/blog/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/blog/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
INDEX_SAVE_AS = "blog/index.html"
TAG_URL = "blog/tag/{slug}/"
TAG_SAVE_AS = "blog/tag/{slug}/index.html"
TAGS_SAVE_AS = "blog/tags/index.html"
ARCHIVES_SAVE_AS = "blog/archive/index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives"]
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
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

# Works and artists (plugins/altavoz_gallery).
ALTAVOZ_WORKS_FEED_ATOM = "feeds/works.atom.xml"

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
