"""The last line behind the checks: every file Pelican's writer writes stays inside output/, once.

The checks compute every address before the build (``model.addresses``) and leave out what
would collide or leave the output. Should anything still get through (a setting, a
plugin, a case the model misses), this writer refuses instead of obeying or crashing:

* a path that resolves outside the output folder (``..``, an absolute path, a symbolic
  link on the way, or Pelican's own prefix check fooled by ``output2/``) is not
  written, and no folder is created for it;
* a second write to the same file is skipped with an error in the log, where Pelican
  would raise ``FileOverwriteFailedError`` and stop the whole build.

The output folder is kept between builds and swept afterwards (``altavoz_core.kept_output``):
``begin_sweep`` notes what it holds before the build writes, ``finish_sweep`` deletes
what the build did not write, so a withdrawn or refused submission leaves nothing
behind. A file or folder of an earlier build standing where this build writes (a page
that became a folder, or the reverse) is cleared out of the way first.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import stat
from pathlib import Path

from altavoz_core import kept_output
from altavoz_core.files import write_atomically
from altavoz_core.kept_output import real_folder, within
from pelican.utils import clean_output_dir
from pelican.writers import Writer

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_moderation]"
_UMASK = os.umask(0o22)  # read (and put back): new pages get the usual permissions
os.umask(_UMASK)


def resolves_inside(path, folder, known: dict | None = None) -> bool:
    """``path`` (relative to ``folder`` or absolute) stays inside ``folder``, links resolved.

    ``known``: folders already resolved (``kept_output.real_folder``), for many calls in one
    build.
    """
    known = {} if known is None else known
    base = os.path.abspath(folder)
    target = os.path.abspath(os.path.join(base, path))
    if not within(target, base):
        return False
    parent, name = os.path.split(target)
    real = os.path.join(real_folder(parent, known), name)
    if os.path.islink(real):
        real = os.path.realpath(real)
    return within(real, real_folder(base, known))


class GuardedWriter(Writer):
    """Pelican's writer, refusing writes outside the output and second writes of a file."""

    def _refuse(self, name, why: str) -> None:
        logger.error("%s not writing %s: %s", LOG_PREFIX, name, why)

    def _inside(self, path) -> bool:
        # Folders resolved once per build: a folder of the output does not turn into a
        # symbolic link while the site is written (the sweep removed every link first).
        known = self.__dict__.setdefault("_real_folders", {})
        return resolves_inside(path, self.output_path, known)

    def write_file(self, name, *args, **kwargs):
        if name and not self._inside(name):
            self._refuse(name, "it would be outside the output folder")
            return None
        if name:
            clear_the_way(os.path.join(self.output_path, name), self.output_path)
        return super().write_file(name, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not self._inside(path):
            self._refuse(path, "it would be outside the output folder")
            path = None  # Pelican then only builds the feed object
        if path:
            clear_the_way(os.path.join(self.output_path, path), self.output_path)
        return super().write_feed(elements, context, path, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if not self._inside(filename):
            self._refuse(filename, "it would be outside the output folder")
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            self._refuse(filename, "another page was already written there in this build")
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._overridden_files and override:
            self._refuse(filename, "it was already overwritten once in this build")
            return open(os.devnull, "w", encoding=encoding)
        # Pelican's bookkeeping (the cases it refuses were refused above), then a file
        # that is only written if its bytes changed.
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return WrittenIfChanged(filename, encoding)


class WrittenIfChanged(io.StringIO):
    """A text file to write that, when closed, replaces ``path`` only if its bytes differ.

    The output folder is kept between builds: an unchanged page is left as it is (reading
    and comparing costs a fraction of rewriting, and its modification time stays, so a
    deploy by modification time uploads nothing), and claimed for this build, so the
    sweep keeps it (``kept_output``).
    """

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self.path, self.file_encoding = path, encoding

    def close(self) -> None:
        if not self.closed:
            text = self.getvalue()
            super().close()
            self._publish(text)

    def _publish(self, text: str) -> None:
        data = text.encode(self.file_encoding)
        if os.linesep != "\n":  # what open(path, "w") would write
            data = text.replace("\n", os.linesep).encode(self.file_encoding)
        try:
            with open(self.path, "rb") as existing:
                unchanged = existing.read(len(data) + 1) == data
        except OSError:
            unchanged = False
        if unchanged:
            kept_output.claim([self.path])
            return
        # A new file replaces the old one, with the mode open(path, "w") would give it.
        write_atomically(self.path, data, mode=0o666 & ~_UMASK)


def guarded_writer(pelican_object):
    """get_writer: Pelican builds this writer instead of its own."""
    return GuardedWriter


def clear_the_way(path, output_path) -> None:
    """Before writing ``path``: a stale file of an earlier build where one of its folders
    goes, or a stale folder where it goes, is deleted (a build into an empty folder would
    find nothing there). Anything this build wrote stays: that conflict is the build's own.
    One ``lstat`` in the usual cases (the file is there, or its folder is).
    """
    path = os.path.abspath(path)
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            return
    except FileNotFoundError:
        if os.path.isdir(os.path.dirname(path)):
            return
    except OSError:  # NotADirectoryError: a file where a folder goes
        pass
    root = os.path.abspath(output_path)
    current = root
    for part in Path(os.path.relpath(os.path.dirname(path), root)).parts:
        current = os.path.join(current, part)
        if os.path.lexists(current) and (os.path.islink(current) or not os.path.isdir(current)):
            if kept_output.stale(current):
                os.unlink(current)
            return
    if os.path.isdir(path) and not os.path.islink(path):
        inside = [os.path.join(d, f) for d, _, files in os.walk(path) for f in files]
        if all(kept_output.stale(f) for f in inside):
            shutil.rmtree(path)


def begin_sweep(pelican_object) -> None:
    """initialized: note what the output folder holds before anything is written."""
    settings = pelican_object.settings
    output = os.path.abspath(settings["OUTPUT_PATH"])
    main_output = settings.get("ALTAVOZ_MAIN_OUTPUT_PATH")
    nested = bool(main_output) and os.path.abspath(main_output) != output
    if nested and kept_output.covering(output) is not None:
        return  # an i18n subsite inside the main site's folder: its sweep covers it
    if not nested:
        kept_output.release()  # held by an earlier build of this process that stopped midway
    kept_output.hold(
        output,
        settings["ALTAVOZ_MODERATION_OUTPUT_WAIT_SECONDS"],  # apply_defaults ran before
        on_wait=lambda: _say_waiting(output),
        on_give_up=lambda: logger.warning(
            "%s %s is still being written by another build: going on anyway", LOG_PREFIX, output
        ),
    )
    content = os.path.realpath(settings["PATH"])
    if settings.get("DELETE_OUTPUT_DIRECTORY") or Path(content).is_relative_to(
        os.path.realpath(output)
    ):
        # Pelican empties the folder itself, or (content inside it) neither it nor
        # this sweep may delete anything there.
        kept_output.abandon(output, nested=nested)
        return
    if os.path.islink(output):
        # A symbolic link to the real folder (a web server's): the sweep compares paths
        # as written, which would not match through it. Empty it as Pelican would.
        clean_output_dir(output, settings.get("OUTPUT_RETENTION") or ())
        kept_output.abandon(output, nested=nested)
        return
    kept_output.begin(output, settings.get("OUTPUT_RETENTION") or (), nested=nested)


def _say_waiting(output: str) -> None:
    logger.warning(
        "%s another build is writing into %s: waiting for it to finish", LOG_PREFIX, output
    )


def finish_sweep(pelican_object) -> None:
    """finalized: delete every file of the output folder this build did not write."""
    removed = kept_output.finish(pelican_object.settings["OUTPUT_PATH"])
    kept_output.release(pelican_object.settings["OUTPUT_PATH"])
    if removed:
        logger.info(
            "%s %d files and folders of an earlier build removed from %s",
            LOG_PREFIX,
            len(removed),
            pelican_object.settings["OUTPUT_PATH"],
        )
