"""Theme settings, all prefixed ALTAVOZ_THEME_ (plus ALTAVOZ_MAIN_LANG), with their defaults."""

from __future__ import annotations

from pathlib import Path

from altavoz_core.settings import apply_defaults, derived_value
from pelican.settings import DEFAULT_CONFIG

PELICAN_DEFAULT_THEME = DEFAULT_CONFIG["THEME"]

# The theme travels with this package: in a checkout, theme/ (where maintainers edit it)
# through the link plugins/altavoz_theme/theme; in an installed wheel, its own copy.
THEME_DIR = Path(__file__).resolve().parent / "theme"

DEFAULTS = {
    # The language of the main site, of the templates' own text and of content without `lang:`.
    "ALTAVOZ_MAIN_LANG": "es",
    # Where the interface catalogs live: <dir>/<lang>/LC_MESSAGES/messages.po.
    "ALTAVOZ_THEME_TRANSLATIONS": str(THEME_DIR / "translations"),
    # Each language's name in itself, for the language switcher.
    "ALTAVOZ_THEME_LANGUAGE_NAMES": {"es": "Español", "en": "English"},
    # Scripts only from the site, no inline script or handlers; JSON-LD is data, not script,
    # so the policy does not block it. Style sheets only from the site; style *attributes*
    # are allowed because the image placeholders (macros/picture.html) paint a dominant
    # colour and a tiny data: preview that way: an attribute cannot run script, fetch
    # (img-src is 'self' data:) or be written by a submission (the sanitizer strips style).
    "ALTAVOZ_THEME_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    ),
    # English (and other interface) names of tags and techniques: <dir>/<lang>.txt.
    "ALTAVOZ_THEME_GLOSSARY": str(THEME_DIR / "glossary"),
    "ALTAVOZ_THEME_SEARCH_INDEX_SAVE_AS": "search.json",
    "ALTAVOZ_THEME_SITEMAP_SAVE_AS": "sitemap.xml",
    "ALTAVOZ_THEME_ROBOTS_SAVE_AS": "robots.txt",
    # Compiled templates (Jinja's bytecode cache). None: <CACHE_PATH>/jinja of the main
    # site, which every language site shares (altavoz_core.settings.DERIVED): the
    # templates are the same for all.
    "ALTAVOZ_THEME_TEMPLATE_CACHE_DIR": None,
}


def set_default_settings(settings):
    apply_defaults(settings, DEFAULTS)
    # A site that names no theme of its own (Pelican's default) is built with Altavoz's.
    if settings.get("THEME") in (None, PELICAN_DEFAULT_THEME):
        settings["THEME"] = str(THEME_DIR)
    return settings


def site_urls(settings) -> dict[str, str]:
    """Each language's site address: the main site first, then each i18n subsite."""
    main = str(derived_value(settings, "ALTAVOZ_MAIN_SITEURL") or "").rstrip("/")
    urls = {settings["ALTAVOZ_MAIN_LANG"]: main}
    for lang, overrides in (settings.get("I18N_SUBSITES") or {}).items():
        urls[lang] = (overrides.get("SITEURL") or f"{main}/{lang}").rstrip("/")
    return urls


def is_main_site(settings) -> bool:
    return settings["DEFAULT_LANG"] == settings["ALTAVOZ_MAIN_LANG"]
