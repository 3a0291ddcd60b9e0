"""``invoke check``: run the checks from the repository root and render the report.

The moderation report of the content, then what the repository adds (CODEOWNERS, AV7xx),
with the settings of ``pelicanconf.py`` read by Pelican itself.

Exit status: 0 no errors, 1 errors, 2 usage or internal failure (bad ref, bad format,
unreadable configuration).
"""

from __future__ import annotations

import logging
from pathlib import Path

from altavoz_moderation.report import FORMATS, check_site
from altavoz_moderation.since import SinceError, changed_submissions

from .codeowners import check_repository
from .project import project_settings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
logger = logging.getLogger(__name__)


def run_check(root: Path, since: str | None = None, fmt: str = "text") -> tuple[str, int]:
    """Check the site under ``root``; returns (rendered report, exit status)."""
    root = Path(root).resolve()
    if fmt not in FORMATS:
        return f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}\n", EXIT_USAGE
    if not (root / "pelicanconf.py").is_file() and not (root / "content").is_dir():
        return f"content folder not found: {root / 'content'}\n", EXIT_USAGE
    try:
        settings = project_settings(root)
    except Exception as exc:  # a broken pelicanconf.py is a usage problem, not a content one
        return (
            f"could not read {root / 'pelicanconf.py'}: {type(exc).__name__}: {exc}\n",
            EXIT_USAGE,
        )
    content_dir = Path(settings["PATH"])
    if not content_dir.is_dir():
        return f"content folder not found: {content_dir}\n", EXIT_USAGE
    only = None
    if since:
        try:
            only = changed_submissions(root, since, content_dir)
        except SinceError as exc:
            return f"--since {since}: {exc}\n", EXIT_USAGE
    try:
        report = check_site(content_dir, settings, only=only)
        report.findings.extend(check_repository(root, settings, since))
    except Exception as exc:
        logger.exception("check failed")
        return f"internal error: {type(exc).__name__}: {exc}\n", EXIT_USAGE
    return FORMATS[fmt](report), EXIT_ERRORS if report.errors else EXIT_OK
