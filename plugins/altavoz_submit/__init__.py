"""altavoz_submit: the way in for submissions, for artists and for maintainers.

Public API (tasks.py, `invoke check` and the tests call these):

- ``new_work(root, values, ...)`` / ``new_artist(root, values, ...)``: scaffold a
  submission folder that passes the moderation check (`invoke new-work`, `new-artist`);
- ``review(root, ref, ...)`` and ``describe(...)``: check and build what a branch or
  pull request changes (`invoke review`);
- ``render_codeowners`` / ``write_codeowners`` / ``check_codeowners``: the
  CODEOWNERS convention (`invoke codeowners`, findings AV701-AV702 in `invoke check`).

Not a Pelican plugin: nothing here runs during a build.
"""

from altavoz_core.fields import ARTIST_FIELDS, WORK_FIELDS
from altavoz_core.slugs import slugify

from .codeowners import check_codeowners, render_codeowners, write_codeowners
from .project import create_settings
from .review import Review, ReviewError, describe, review
from .scaffold import ImageSpec, MissingFields, ScaffoldError, new_artist, new_work
from .settings import set_default_settings

__all__ = [
    "ARTIST_FIELDS",
    "WORK_FIELDS",
    "ImageSpec",
    "MissingFields",
    "Review",
    "ReviewError",
    "ScaffoldError",
    "check_codeowners",
    "create_settings",
    "describe",
    "new_artist",
    "new_work",
    "render_codeowners",
    "review",
    "set_default_settings",
    "slugify",
    "write_codeowners",
]
