"""``invoke check``: run the checks from the repository root and render the report.

Exit status: 0 no errors, 1 errors, 2 usage or internal failure (bad ref, bad format,
unreadable configuration).
"""

from __future__ import annotations

import logging
import runpy
from pathlib import Path

from .report import check_site, to_github_annotations, to_json, to_markdown, to_text
from .since import SinceError, changed_submissions

FORMATS = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "github": to_github_annotations,
}
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
logger = logging.getLogger(__name__)


def load_project_settings(root: Path) -> dict:
    """Upper-case names from ``root/pelicanconf.py`` (moderation settings live there)."""
    conf = root / "pelicanconf.py"
    if not conf.is_file():
        return {}
    values = runpy.run_path(str(conf))
    return {key: value for key, value in values.items() if key.isupper()}


def run_check(root: Path, since: str | None = None, fmt: str = "text") -> tuple[str, int]:
    """Check the site under ``root``; returns (rendered report, exit status)."""
    root = Path(root).resolve()
    if fmt not in FORMATS:
        return f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}\n", EXIT_USAGE
    try:
        settings = load_project_settings(root)
    except Exception as exc:  # a broken pelicanconf.py is a usage problem, not a content one
        return (
            f"could not read {root / 'pelicanconf.py'}: {type(exc).__name__}: {exc}\n",
            EXIT_USAGE,
        )
    content_dir = root / settings.get("PATH", "content")
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
        from altavoz_submit.codeowners import check_repository  # CODEOWNERS: AV7xx

        report.findings.extend(check_repository(root, settings, since))
    except Exception as exc:
        logger.exception("check failed")
        return f"internal error: {type(exc).__name__}: {exc}\n", EXIT_USAGE
    return FORMATS[fmt](report), EXIT_ERRORS if report.errors else EXIT_OK
