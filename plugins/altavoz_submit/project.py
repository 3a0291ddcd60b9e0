"""The project around the submission tools: its settings and its moderation check.

The scaffolders, `invoke check`, `invoke review` and `invoke codeowners` judge
submissions with the moderation pipeline's own public API, never with rules of their
own, and read ``pelicanconf.py`` the way the build does: with Pelican's
``read_settings``, then every plugin's defaults.
"""

from __future__ import annotations

import logging
from pathlib import Path

from altavoz_agenda import settings as agenda_settings
from altavoz_core.settings import apply_defaults
from altavoz_core.submissions import submission_for
from altavoz_gallery import settings as gallery_settings
from altavoz_images import settings as image_settings
from altavoz_moderation import settings as moderation_settings
from altavoz_moderation.report import check_site
from altavoz_theme import settings as theme_settings
from pelican.settings import read_settings

from . import settings as submit_settings

# Every plugin's table of defaults, each filled in the way its plugin does at build time.
PLUGIN_DEFAULTS = (
    moderation_settings.DEFAULTS,
    image_settings.DEFAULTS,
    gallery_settings.DEFAULTS,
    theme_settings.DEFAULTS,
    agenda_settings.DEFAULTS,
    submit_settings.DEFAULTS,
)


def project_settings(root: Path, **overrides) -> dict:
    """pelicanconf.py of ``root`` as Pelican reads it, with the defaults of every plugin.

    Without a pelicanconf.py (a bare folder of content) Pelican's defaults are used,
    reading ``root/content``. A cache folder the settings leave relative (Pelican's own
    default, ``cache``) is ``root``'s: never the folder the command happens to run from.
    """
    root = Path(root)
    conf = root / "pelicanconf.py"
    if not conf.is_file():
        overrides = {"PATH": str(root / "content"), **overrides}
    quiet = logging.getLogger("pelican.settings")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its feed-domain advice is about the build, not these tools
    try:
        settings = read_settings(str(conf) if conf.is_file() else None, override=overrides)
    finally:
        quiet.setLevel(level)
    if not Path(settings["CACHE_PATH"]).is_absolute():
        settings["CACHE_PATH"] = str(root.resolve() / settings["CACHE_PATH"])
    return with_defaults(settings)


def with_defaults(settings: dict) -> dict:
    """Fill in every plugin's defaults (in place) and return ``settings``."""
    for defaults in PLUGIN_DEFAULTS:
        apply_defaults(settings, defaults)
    return settings


def create_settings(**overrides) -> dict:
    """Settings for tests and tools without a pelicanconf.py: every default, then ``overrides``."""
    return with_defaults(dict(overrides))


def allowed_licenses(settings: dict) -> tuple[str, ...]:
    key = "ALTAVOZ_MODERATION_ALLOWED_LICENSES"
    return tuple(settings.get(key) or moderation_settings.DEFAULTS[key])


def submissions_of(paths: list[str]) -> set[str]:
    """The submission paths (as the moderation report names them) that files belong to."""
    found = (submission_for(path, "content") for path in paths)
    return {submission for submission in found if submission}


def check_report(root: Path, paths: list[str] | None, settings: dict):
    """The moderation Report for the submissions holding ``paths``, or for everything.

    ``paths`` are posix and relative to ``root`` (files or submission folders).
    """
    only = None if paths is None else submissions_of(paths)
    return check_site(root / "content", with_defaults(dict(settings)), only=only)


def check_paths(root: Path, paths: list[str] | None, settings: dict) -> list:
    return list(check_report(root, paths, settings).findings)
