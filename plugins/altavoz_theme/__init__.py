"""altavoz_theme: what the theme needs from Python.

- interface translations (Jinja2's i18n extension fed from theme/translations/*.po),
- filters and globals: dates in the interface language, licences shown plainly,
  page addresses for canonical links and the language switcher, versioned assets,
- files for machines: sitemap.xml per language, robots.txt, the search index.

The second language is an i18n_subsites subsite; every receiver here works for
whichever site (language) is being built.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from altavoz_core.settings import derived_value, remember_main_site
from altavoz_images import images_siteurl
from pelican import signals

from . import fragments
from .catalog import CatalogError, load_catalog
from .compiled import use_bytecode_cache
from .discovery import SitemapEntry, join_url, robots_txt, search_index_json, sitemap_xml
from .glossary import load_glossary
from .jinja import install
from .posts import feed_cover, link_neighbours, remember_covers
from .settings import DEFAULTS, is_main_site, set_default_settings, site_urls

__all__ = ["DEFAULTS", "register"]

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_theme]"

_GENERATORS: dict[str, list] = {}  # output path -> generators of the site being built


def apply_defaults(pelican_object):
    set_default_settings(pelican_object.settings)
    # Pelican reads THEME before plugins start: the default theme (a site naming none
    # gets Altavoz's) reaches the generators through the Pelican object too.
    pelican_object.theme = pelican_object.settings["THEME"]


def content_language(content):
    """Content without `lang:` is in the main language, also when the English site reads it.

    Every language site keeps each item at the same address (/works/a/b/ and
    /en/works/a/b/), so no *_LANG_URL pattern applies: the language switcher only
    swaps the site's prefix.
    """
    settings = content.settings
    if "ALTAVOZ_MAIN_LANG" not in settings:
        return
    kind = type(content).__name__.upper()  # WORK, ARTIST, ARTICLE, PAGE
    for suffix in ("URL", "SAVE_AS"):
        if f"{kind}_{suffix}" in settings:
            settings.setdefault(f"{kind}_LANG_{suffix}", settings[f"{kind}_{suffix}"])
    if "lang" not in content.metadata:
        content.lang = settings["ALTAVOZ_MAIN_LANG"]
        content.in_default_lang = content.lang == settings["DEFAULT_LANG"]


def prepare_templates(generator):
    settings = generator.settings
    try:
        translations = load_catalog(
            Path(settings["ALTAVOZ_THEME_TRANSLATIONS"]),
            settings["DEFAULT_LANG"],
            settings["ALTAVOZ_MAIN_LANG"],
        )
    except CatalogError as error:
        logger.error("%s %s: the interface stays in the main language", LOG_PREFIX, error)
        translations = None
    install(generator.env, settings, translations, Path(generator.theme))
    # A generator lives for one build, in which the templates do not change: Jinja need
    # not check each template's file again every time a page imports it (a stat per
    # imported template per page, ~6 a page). A new build makes new generators.
    generator.env.auto_reload = False
    fragments.install(generator.env)
    use_bytecode_cache(generator.env, settings.get("ALTAVOZ_THEME_TEMPLATE_CACHE_DIR"))


def remember_generators(generators):
    if generators and "ALTAVOZ_MAIN_LANG" in generators[0].settings:
        _GENERATORS[generators[0].output_path] = generators


def _generator_attr(generators, name):
    for generator in generators:
        if hasattr(generator, name):
            return getattr(generator, name)
    return []


def _index_path(save_as: str) -> str:
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def sitemap_entries(generators, settings) -> list[SitemapEntry]:
    urls = site_urls(settings)

    def entry(path, date=None):
        alternates = {lang: join_url(base, path) for lang, base in urls.items()}
        return SitemapEntry(path, date.strftime("%Y-%m-%d") if date else None, alternates)

    works = _generator_attr(generators, "works")
    entries = [entry("")]
    entries += [entry(work.url, work.date) for work in works]
    entries += [entry(artist.url) for artist in _generator_attr(generators, "artists")]
    for key in ("ALTAVOZ_ARTISTS_INDEX_SAVE_AS", "ALTAVOZ_WORK_TAGS_SAVE_AS", "INDEX_SAVE_AS"):
        if settings.get(key):
            entries.append(entry(_index_path(settings[key])))
    entries += [entry(tag.url) for tag in _generator_attr(generators, "work_tags")]
    articles = _generator_attr(generators, "articles")
    entries += [entry(article.url, article.date) for article in articles]
    entries += [entry(page.url) for page in _generator_attr(generators, "pages")]
    return entries


def site_glossary(settings) -> dict[str, str]:
    """The names of tags and techniques in this site's language (none on the main site)."""
    if is_main_site(settings):
        return {}
    return load_glossary(Path(settings["ALTAVOZ_THEME_GLOSSARY"]), settings["DEFAULT_LANG"])


def write_machine_files(pelican_object):
    settings = pelican_object.settings
    generators = _GENERATORS.pop(pelican_object.output_path, None)
    if generators is None or "ALTAVOZ_MAIN_LANG" not in settings:
        return
    output = Path(pelican_object.output_path)
    output.mkdir(parents=True, exist_ok=True)
    works = _generator_attr(generators, "works")

    search_as = settings["ALTAVOZ_THEME_SEARCH_INDEX_SAVE_AS"]
    if search_as:
        glossary = site_glossary(settings)
        (output / search_as).write_text(search_index_json(works, glossary), encoding="utf-8")

    sitemap_as = settings["ALTAVOZ_THEME_SITEMAP_SAVE_AS"]
    if sitemap_as:
        xml = sitemap_xml(settings["SITEURL"], sitemap_entries(generators, settings))
        (output / sitemap_as).write_text(xml, encoding="utf-8")

    robots_as = settings["ALTAVOZ_THEME_ROBOTS_SAVE_AS"]
    if robots_as and is_main_site(settings):
        sitemaps = [join_url(url, sitemap_as) for url in site_urls(settings).values()]
        (output / robots_as).write_text(robots_txt(sitemaps if sitemap_as else []), "utf-8")
    logger.info("%s search index, sitemap and robots.txt written in %s", LOG_PREFIX, output)


def prepare_posts(generator):
    """Each post's first image and its older/newer neighbours (see posts.py)."""
    posts = list(generator.articles)
    for attribute in ("translations", "hidden_articles", "drafts"):
        posts += [p for p in getattr(generator, attribute, []) or [] if p not in posts]
    remember_covers(posts, images_siteurl(generator.settings))
    link_neighbours(generator.articles)


def add_feed_covers(context, feed):
    """The blog feed: each entry's summary starts with its post's first image, and its
    title is the post's as typed.

    Pelican's feed writer takes a title for markup (``Markup(title).striptags()``), so a
    post titled «"Q" & <b>» reached the feed as «"Q" &»: the entry gets its post's own
    title back, which the feed generator escapes once.
    """
    posts = {post.url.rstrip("/"): post for post in context.get("articles", [])}
    for item in feed.items:
        for url, post in posts.items():
            if item["link"].rstrip("/").endswith("/" + url):
                item["title"] = str(post.title)
                if getattr(post, "cover_src", None):
                    src = join_url(images_siteurl(context), post.cover_src)
                    item["description"] = feed_cover(item.get("description"), src, post.cover_alt)
                break


def feed_self_address(context, feed):
    """feed_generated: a language site's feed names itself as its rel="self" address.

    Pelican joins FEED_DOMAIN (the main site's domain) and the feed's path, which in the
    English site (/en/) names the Spanish feed of the same path; feed readers and
    validators take rel="self" for the feed's own address.
    """
    main = str(derived_value(context, "ALTAVOZ_MAIN_SITEURL") or "").rstrip("/")
    here = str(context.get("SITEURL", "")).rstrip("/")
    if here == main or not here.startswith(main + "/"):
        return
    prefix = here[len(main) :]  # "/en"
    domain = str(context.get("FEED_DOMAIN") or "").rstrip("/")
    url = str(feed.feed.get("feed_url") or "")
    if url.startswith(domain + "/"):
        feed.feed["feed_url"] = domain + prefix + url[len(domain) :]


# What an empty feed says it was last updated: a fixed instant, not the build's (Python's
# feedgenerator takes "now" when a feed has no entries), so a rebuild that changed nothing
# writes the same bytes and a submission that is refused changes nothing anywhere.
EMPTY_FEED_UPDATED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def steady_empty_feed(context, feed):
    """feed_generated: an empty feed's <updated> is EMPTY_FEED_UPDATED."""
    if not feed.items:
        feed.latest_post_date = lambda: EMPTY_FEED_UPDATED


def register():
    signals.initialized.connect(remember_main_site)
    signals.initialized.connect(apply_defaults)
    signals.content_object_init.connect(content_language)
    signals.generator_init.connect(prepare_templates)
    signals.all_generators_finalized.connect(remember_generators)
    signals.finalized.connect(write_machine_files)
    signals.article_generator_finalized.connect(prepare_posts)
    signals.feed_generated.connect(add_feed_covers)
    signals.feed_generated.connect(steady_empty_feed)
    signals.feed_generated.connect(feed_self_address)
