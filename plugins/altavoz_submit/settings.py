"""Settings of the submission tools: ``ALTAVOZ_SUBMIT_*`` keys with defaults.

They live in ``pelicanconf.py`` like every other setting, so `invoke codeowners`,
`invoke check` and the tests read the same values.
"""

from __future__ import annotations

from altavoz_core.settings import apply_defaults

PREFIX = "ALTAVOZ_SUBMIT_"

DEFAULTS: dict = {
    # GitHub owners (users "@name" or teams "@org/team") of everything that is
    # not an artist's own folder; they are also co-owners of every artist folder
    # so a maintainer can always approve.
    "ALTAVOZ_SUBMIT_MAINTAINERS": ("@altavoz-mx/mantenimiento",),
    # Where `invoke codeowners` writes and `invoke check` compares, relative to the repository.
    "ALTAVOZ_SUBMIT_CODEOWNERS_PATH": ".github/CODEOWNERS",
}


def set_default_settings(settings: dict) -> dict:
    """Fill in every missing ALTAVOZ_SUBMIT_* key (in place) and return the dict."""
    return apply_defaults(settings, DEFAULTS)
