"""The project around the submission tools: its settings and its moderation check.

The scaffolders, `invoke check`, `invoke review` and `invoke codeowners` judge
submissions with the moderation pipeline's own public API, never with rules of their
own. This module is the one place settings are read and completed:

- ``pelican_settings(root)``: ``pelicanconf.py`` (or another file of ``root``) read with
  Pelican's ``read_settings``, as the ``pelican`` command reads it: what in-process builds
  start from; ``project_settings(root)``: the same, completed, for the tools;
  ``conf_values(path)``: a settings file's own values, for ``publishconf.py``;
- ``complete_settings(settings)``: every plugin's ``set_default_settings``, then the
  derived keys (``altavoz_core.settings.DERIVED``), as a build has them once every
  plugin's ``initialized`` receiver ran; ``create_settings(**overrides)`` is the same for
  settings without a file (tests).
"""

from __future__ import annotations

import logging
from pathlib import Path

from altavoz_agenda import settings as agenda_settings
from altavoz_core.settings import derive_settings
from altavoz_core.submissions import submission_for
from altavoz_gallery import settings as gallery_settings
from altavoz_images import settings as image_settings
from altavoz_moderation import settings as moderation_settings
from altavoz_moderation.report import check_site
from altavoz_theme import settings as theme_settings
from pelican.settings import get_settings_from_file, read_settings

from . import settings as submit_settings

# Every plugin's settings module, each filling in its table the way its plugin does at
# build time (in the order of pelicanconf.py's PLUGINS, the submission tools last).
PLUGIN_SETTINGS = (
    moderation_settings,
    gallery_settings,
    agenda_settings,
    image_settings,
    theme_settings,
    submit_settings,
)
PLUGIN_DEFAULTS = tuple(module.DEFAULTS for module in PLUGIN_SETTINGS)


def project_settings(root: Path, conf: str = "pelicanconf.py", **overrides) -> dict:
    """``root/conf`` as Pelican reads it (``pelican_settings``), then completed."""
    return complete_settings(pelican_settings(root, conf, **overrides))


def pelican_settings(root: Path, conf: str = "pelicanconf.py", **overrides) -> dict:
    """``root/conf`` as the ``pelican`` command reads it, nothing of the plugins filled in
    yet: what a build starts from (its plugins complete it at ``initialized``).

    Without that file (a bare folder of content) Pelican's defaults are used, reading
    ``root/content``. A cache folder the settings leave relative (Pelican's own default,
    ``cache``) is ``root``'s: never the folder the command happens to run from.
    """
    root = Path(root)
    conf = root / conf
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
    return settings


def conf_values(path: Path) -> dict:
    """The settings a file sets itself, nothing filled in: what ``publishconf.py`` extends."""
    return get_settings_from_file(str(path))


def complete_settings(settings: dict) -> dict:
    """Every plugin's defaults, then the derived keys, filled in (in place); returns ``settings``.

    Values the settings already hold are kept, so completing twice changes nothing.
    """
    for module in PLUGIN_SETTINGS:
        module.set_default_settings(settings)
    return derive_settings(settings)


def create_settings(**overrides) -> dict:
    """Settings for tests and tools without a settings file: ``overrides``, completed."""
    return complete_settings(dict(overrides))


def allowed_licenses(settings: dict) -> tuple[str, ...]:
    """The licenses a work may carry, as the site's settings (completed) list them."""
    return tuple(complete_settings(dict(settings))["ALTAVOZ_MODERATION_ALLOWED_LICENSES"])


def submissions_of(paths: list[str]) -> set[str]:
    """The submission paths (as the moderation report names them) that files belong to."""
    found = (submission_for(path, "content") for path in paths)
    return {submission for submission in found if submission}


def check_report(root: Path, paths: list[str] | None, settings: dict):
    """The moderation Report for the submissions holding ``paths``, or for everything.

    ``paths`` are posix and relative to ``root`` (files or submission folders).
    """
    only = None if paths is None else submissions_of(paths)
    return check_site(root / "content", complete_settings(dict(settings)), only=only)


def check_paths(root: Path, paths: list[str] | None, settings: dict) -> list:
    return list(check_report(root, paths, settings).findings)
