"""Find the submissions in a content folder, following the public format (CONTRIBUTING.md).

* artist: ``content/artists/<artist-slug>/`` (index.md, optional avatar)
* work:   ``content/works/<artist-slug>/<work-slug>/`` (index.md and its images)
* event:  ``content/events/<event-slug>/`` (index.md and its images: the agenda)
* blog:   ``content/blog/**/*.md``, its images in ``content/blog/images/``
* page:   ``content/pages/**/*.md``, its images in ``content/pages/images/``

Anything else inside ``artists/``, ``works/`` or ``events/`` (a file outside a submission folder,
a folder at the wrong depth, a symbolic link) is a ``stray`` entry, so the checks can
say exactly what is misplaced. So is anything loose at the top of ``content/`` and
every hidden file or folder (``.gitattributes`` decides what ``git archive`` shows a
reviewer; ``.htaccess`` what a server does): nothing under ``content/`` goes unread.
Symbolic links are never followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ARTIST = "artist"
WORK = "work"
EVENT = "event"
BLOG = "blog"
PAGE = "page"
STRAY = "stray"

ARTISTS_DIR = "artists"
WORKS_DIR = "works"
EVENTS_DIR = "events"
BLOG_DIR = "blog"
PAGES_DIR = "pages"
INDEX = "index.md"
# Blog posts and pages show only images from this folder of blog/ or pages/.
IMAGES_DIR = "images"
TOP_FOLDERS = (ARTISTS_DIR, WORKS_DIR, BLOG_DIR, PAGES_DIR, EVENTS_DIR)
HIDDEN = "hidden"  # STRAY reason: a name starting with a dot
LOOSE = "loose"  # STRAY reason: at the top of content/, outside the five folders
# Files Pelican would read as content if they sat in blog/ or pages/.
CONTENT_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst")


@dataclass(frozen=True)
class Submission:
    kind: str  # ARTIST, WORK, EVENT, BLOG, PAGE or STRAY
    path: str  # posix, relative to the repository root: the folder, or the file for blog/page
    abs_path: Path
    root: Path  # the repository root (parent of the content folder)
    reason: str | None = None  # for STRAY: why it does not fit the format

    @property
    def is_folder(self) -> bool:
        return self.kind in (ARTIST, WORK, EVENT)

    @property
    def index_path(self) -> Path:
        return self.abs_path / INDEX if self.is_folder else self.abs_path

    @property
    def index_rel(self) -> str:
        return f"{self.path}/{INDEX}" if self.is_folder else self.path

    @property
    def slug(self) -> str:
        return self.abs_path.name if self.is_folder else self.abs_path.stem

    @property
    def artist_folder(self) -> str | None:
        """For a work, the artist slug of its parent folder; for an artist, its own slug."""
        if self.kind == WORK:
            return self.abs_path.parent.name
        if self.kind == ARTIST:
            return self.abs_path.name
        return None

    def rel(self, path: Path) -> str:
        return relative_posix(path, self.root)


def relative_posix(path: Path, root: Path) -> str:
    return PurePosixPath(Path(os.path.relpath(path, root)).as_posix()).as_posix()


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda entry: entry.name)
    except OSError:
        return []


def _is_dir(entry: os.DirEntry) -> bool:
    return entry.is_dir(follow_symlinks=False)


def discover(content_dir: Path) -> list[Submission]:
    """Every submission (and every stray entry) in ``content_dir``, in a stable order."""
    content_dir = Path(content_dir)
    root = content_dir.parent
    found: list[Submission] = []

    def add(kind: str, path: Path, reason: str | None = None) -> None:
        found.append(Submission(kind, relative_posix(path, root), path, root, reason))

    for entry in _entries(content_dir):
        if entry.name.startswith("."):
            add(STRAY, Path(entry.path), HIDDEN)
        elif entry.name not in TOP_FOLDERS:
            add(STRAY, Path(entry.path), "symlink" if entry.is_symlink() else LOOSE)

    def folder(entry: os.DirEntry, kind: str | None, file_reason: str) -> bool:
        """Add ``entry`` as a ``kind`` folder (None: just a real folder) or as stray."""
        path = Path(entry.path)
        if entry.name.startswith("."):
            add(STRAY, path, HIDDEN)
        elif entry.is_symlink():
            add(STRAY, path, "symlink")
        elif not _is_dir(entry):
            add(STRAY, path, file_reason)
        else:
            if kind:
                add(kind, path)
            return True
        return False

    artists = content_dir / ARTISTS_DIR
    if artists.is_dir() and not artists.is_symlink():
        for entry in _entries(artists):
            folder(entry, ARTIST, "file-outside-artist-folder")

    works = content_dir / WORKS_DIR
    if works.is_dir() and not works.is_symlink():
        for artist_entry in _entries(works):
            if folder(artist_entry, None, "file-outside-work-folder"):
                for entry in _entries(Path(artist_entry.path)):
                    folder(entry, WORK, "file-outside-work-folder")

    events = content_dir / EVENTS_DIR
    if events.is_dir() and not events.is_symlink():
        for entry in _entries(events):
            folder(entry, EVENT, "file-outside-event-folder")

    for folder_name, kind in ((BLOG_DIR, BLOG), (PAGES_DIR, PAGE)):
        folder = content_dir / folder_name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames.sort()
            for name in sorted(dirnames):
                if name.startswith("."):
                    add(STRAY, Path(dirpath, name), HIDDEN)
                elif Path(dirpath, name).is_symlink():
                    add(STRAY, Path(dirpath, name), "symlink")
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for name in sorted(filenames):
                path = Path(dirpath, name)
                if name.startswith("."):
                    add(STRAY, path, HIDDEN)
                    continue
                if not name.lower().endswith(CONTENT_EXTENSIONS):
                    continue  # attachments (images) are checked from the posts that use them
                if path.is_symlink():
                    add(STRAY, path, "symlink")
                elif name.endswith(".md"):
                    # Exactly ".md": Pelican matches extensions case-sensitively, so it
                    # never reads "taller.MD" (the check would pass what is not published).
                    add(kind, path)
                else:
                    add(STRAY, path, "content-not-markdown")
    return found


def images_folder(content_dir: Path, kind: str) -> Path | None:
    """The one folder a blog post's or page's images live in (None for other kinds)."""
    folder = {BLOG: BLOG_DIR, PAGE: PAGES_DIR}.get(kind)
    return Path(content_dir) / folder / IMAGES_DIR if folder else None


def known_works(content_dir: Path) -> set[tuple[str, str]]:
    """(artist, work) of every work folder with an ``index.md`` (in the working tree)."""
    works = Path(content_dir) / WORKS_DIR
    found = set()
    for artist in _entries(works):
        if not _is_dir(artist) or artist.is_symlink():
            continue
        for entry in _entries(Path(artist.path)):
            if _is_dir(entry) and not entry.is_symlink() and (Path(entry.path) / INDEX).is_file():
                found.add((artist.name, entry.name))
    return found


def known_artists(content_dir: Path) -> set[str]:
    """Artist slugs that exist as folders with an ``index.md`` (in the working tree)."""
    artists = Path(content_dir) / ARTISTS_DIR
    return {
        entry.name
        for entry in _entries(artists)
        if _is_dir(entry) and not entry.is_symlink() and (Path(entry.path) / INDEX).is_file()
    }


def submission_for(rel_path: str, content_rel: str) -> str | None:
    """The submission path a changed file belongs to (posix paths relative to the root).

    ``content_rel`` is the content folder relative to the root (usually ``content``).
    Returns None for files outside the content folder.
    """
    parts = PurePosixPath(rel_path).parts
    base = PurePosixPath(content_rel).parts
    if tuple(parts[: len(base)]) != tuple(base) or len(parts) <= len(base):
        return None
    inner = parts[len(base) :]
    prefix = PurePosixPath(*base) if base else PurePosixPath()
    if inner[0] not in TOP_FOLDERS:
        depth = 1  # loose at the top of content/: reported as that entry
    elif any(part.startswith(".") for part in inner):
        # A hidden file or folder is reported as itself (its first hidden part).
        depth = next(i for i, part in enumerate(inner) if part.startswith(".")) + 1
        folder_depth = {WORKS_DIR: 3, ARTISTS_DIR: 2, EVENTS_DIR: 2}.get(inner[0])
        if folder_depth:  # inside a submission folder: that submission reports it
            depth = min(depth, folder_depth)
    elif inner[0] in (ARTISTS_DIR, EVENTS_DIR):
        depth = 2
    elif inner[0] == WORKS_DIR:
        depth = 3
    else:
        return (prefix / PurePosixPath(*inner)).as_posix()
    return (prefix / PurePosixPath(*inner[:depth])).as_posix()
