"""The project around the submission tools: its settings and its moderation check.

The scaffolders, `invoke review` and `invoke codeowners` judge submissions with
the moderation pipeline's own public API, never with rules of their own.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .settings import set_default_settings


def project_settings(root: Path, **overrides) -> dict:
    """pelicanconf.py of ``root`` with the defaults of every plugin filled in."""
    from pelican.settings import read_settings

    override = {"PATH": str(root / "content"), **overrides}
    quiet = logging.getLogger("pelican.settings")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its feed-domain advice is about the build, not these tools
    try:
        settings = read_settings(str(root / "pelicanconf.py"), override=override)
    finally:
        quiet.setLevel(level)
    return with_defaults(settings)


def with_defaults(settings: dict) -> dict:
    from altavoz_images import set_default_settings as image_defaults
    from altavoz_moderation.settings import set_default_settings as moderation_defaults

    moderation_defaults(settings)
    image_defaults(settings)
    return set_default_settings(settings)


def allowed_licenses(settings: dict) -> tuple[str, ...]:
    from altavoz_moderation.settings import DEFAULTS

    key = "ALTAVOZ_MODERATION_ALLOWED_LICENSES"
    return tuple(settings.get(key) or DEFAULTS[key])


def image_extensions(settings: dict) -> tuple[str, ...]:
    from altavoz_moderation.settings import DEFAULTS

    key = "ALTAVOZ_MODERATION_IMAGE_EXTENSIONS"
    return tuple(settings.get(key) or DEFAULTS[key])


def submissions_of(paths: list[str]) -> set[str]:
    """The submission paths (as the moderation report names them) that files belong to."""
    from altavoz_moderation.submissions import submission_for

    found = (submission_for(path, "content") for path in paths)
    return {submission for submission in found if submission}


def check_report(root: Path, paths: list[str] | None, settings: dict):
    """The moderation Report for the submissions holding ``paths``, or for everything.

    ``paths`` are posix and relative to ``root`` (files or submission folders).
    """
    from altavoz_moderation.report import check_site

    only = None if paths is None else submissions_of(paths)
    return check_site(root / "content", with_defaults(dict(settings)), only=only)


def check_paths(root: Path, paths: list[str] | None, settings: dict) -> list:
    return list(check_report(root, paths, settings).findings)
