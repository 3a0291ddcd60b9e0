"""Every plugin's settings: one table of defaults each, and the keys derived from the site's own.

Each plugin keeps its knobs in one ``DEFAULTS`` dict of prefixed keys and fills them in
with ``apply_defaults`` from its ``set_default_settings``. The keys in ``DERIVED`` are
not defaults: they follow another setting of the main site (its address, its output
folder, its cache folder) and are computed here only, by ``derive_settings``. The build
calls it from one ``initialized`` receiver (``remember_main_site``, connected by every
plugin that reads such a key); the tools and the tests get it from the one completer,
``altavoz_submit.project.complete_settings``.
"""

from __future__ import annotations

import copy
import os

# key -> (the setting it follows, the folder it names inside that one, if any).
# Derived once, for the main site: i18n_subsites builds each language's site from a copy
# of the main site's settings with an OUTPUT_PATH, SITEURL and CACHE_PATH of its own,
# and every language shares the main site's images, address and caches.
DERIVED: dict[str, tuple[str, str | None]] = {
    # The main site's address: images and calendars are served from it in every language.
    "ALTAVOZ_MAIN_SITEURL": ("SITEURL", None),
    # The main site's output folder: images are published there once, and a language
    # site inside it is swept with it.
    "ALTAVOZ_MAIN_OUTPUT_PATH": ("OUTPUT_PATH", None),
    # Image derivatives (altavoz_images).
    "ALTAVOZ_IMAGES_CACHE_DIR": ("CACHE_PATH", "altavoz_images"),
    # Remembered checks, sanitized HTML and Markdown readings (altavoz_moderation.memo).
    "ALTAVOZ_MEMO_PATH": ("CACHE_PATH", "altavoz-memo"),
    # Compiled templates (Jinja's bytecode cache of altavoz_theme).
    "ALTAVOZ_THEME_TEMPLATE_CACHE_DIR": ("CACHE_PATH", "jinja"),
}


def apply_defaults(settings: dict, defaults: dict) -> dict:
    """Fill in every key of ``defaults`` that ``settings`` lacks (in place) and return it.

    Values are copied so that no build or test can change a plugin's table through
    a list or dict it was handed.
    """
    for key, value in defaults.items():
        if key not in settings:
            settings[key] = copy.deepcopy(value)
    return settings


def derived_value(settings: dict, key: str):
    """``key`` of ``DERIVED`` as the site set it, else as it follows from its setting.

    A folder left empty counts as unset; an address may be empty (a local preview's
    SITEURL is ""). None when the setting it follows is unset too.
    """
    source, folder = DERIVED[key]
    value = settings.get(key)
    if value is not None and not (value == "" and source != "SITEURL"):
        return value
    base = settings.get(source)
    if base is None or folder is None:
        return base
    return os.path.join(base, folder)


def derive_settings(settings: dict) -> dict:
    """Set every key of ``DERIVED`` the site left unset (in place) and return ``settings``."""
    for key in DERIVED:
        value = derived_value(settings, key)
        if value is not None:
            settings[key] = value
    return settings


def remember_main_site(pelican_object) -> None:
    """initialized: the derived keys, set on the main site's settings before
    i18n_subsites copies them for each language (so a subsite keeps the main site's)."""
    derive_settings(pelican_object.settings)
