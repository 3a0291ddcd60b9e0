"""Altavoz image pipeline: validation, privacy stripping, cached derivatives.

Public API (used by the build, tasks.py and the tests):
- ``check_image_file(path, rel_path, settings)`` -> list[Finding]
- ``strip_private_metadata(path)`` -> StripReport
- ``process_images(jobs, settings)`` -> {source: ImageSet}
"""

from .settings import create_settings, set_default_settings
from .validation import check_image_file

__all__ = ["check_image_file", "create_settings", "set_default_settings"]
