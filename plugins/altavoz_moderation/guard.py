"""The last line behind the checks: every file Pelican's writer writes stays inside output/, once.

The checks compute every address before the build (``addresses``) and leave out what
would collide or leave the output. Should anything still get through (a setting, a
plugin, a case the model misses), this writer refuses instead of obeying or crashing:

* a path that resolves outside the output folder (``..``, an absolute path, a symbolic
  link on the way, or Pelican's own prefix check fooled by ``output2/``) is not
  written, and no folder is created for it;
* a second write to the same file is skipped with an error in the log, where Pelican
  would raise ``FileOverwriteFailedError`` and stop the whole build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican.writers import Writer

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_moderation]"


def resolves_inside(path, folder) -> bool:
    """``path`` (relative to ``folder`` or absolute) stays inside ``folder``, links resolved."""
    base = Path(os.path.abspath(folder))
    target = Path(os.path.abspath(os.path.join(base, path)))
    if not target.is_relative_to(base):
        return False
    return target.resolve().is_relative_to(base.resolve())


class GuardedWriter(Writer):
    """Pelican's writer, refusing writes outside the output and second writes of a file."""

    def _refuse(self, name, why: str) -> None:
        logger.error("%s not writing %s: %s", LOG_PREFIX, name, why)

    def write_file(self, name, *args, **kwargs):
        if name and not resolves_inside(name, self.output_path):
            self._refuse(name, "it would be outside the output folder")
            return None
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not resolves_inside(path, self.output_path):
            self._refuse(path, "it would be outside the output folder")
            path = None  # Pelican then only builds the feed object
        return super().write_feed(elements, context, path, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if not resolves_inside(filename, self.output_path):
            self._refuse(filename, "it would be outside the output folder")
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            self._refuse(filename, "another page was already written there in this build")
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._overridden_files and override:
            self._refuse(filename, "it was already overwritten once in this build")
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


def guarded_writer(pelican_object):
    """get_writer: Pelican builds this writer instead of its own."""
    return GuardedWriter
