"""How a submission's text names its images, for every plugin that reads it.

A blog post or page may write an image as Pelican's ``{static}`` or ``{attach}`` link
(also URL-escaped, as Markdown leaves it in ``src``): ``LINK_PREFIX`` matches that start.
``tag_attributes`` reads the attributes of one ``<img ...>`` tag as a browser would
(entities decoded, any quoting, the first of a repeated one), with the standard
library's HTML parser. ``resolve_image`` says which file an image reference names, for
the check and the build alike.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from .characters import is_unpublishable
from .rejected import first_symlink

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)  # one <img> tag of rendered HTML
LINK_PREFIX = re.compile(r"^(?:\{(?:static|attach)\}|%7B(?:static|attach)%7D)", re.IGNORECASE)


class _StartTag(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {}
        for name, value in attrs:  # a repeated attribute: the first counts, as in browsers
            self.attributes.setdefault(name, value or "")

    handle_startendtag = handle_starttag


def img_tags(html: str) -> list[dict[str, str]]:
    """The attributes of every ``<img>`` of rendered HTML, in order: a text's images as the
    build finds them."""
    return [tag_attributes(match.group(0)) for match in IMG_TAG.finditer(html)]


def tag_attributes(tag_html: str) -> dict[str, str]:
    """``{name: value}`` of the (last) start tag in ``tag_html``; a bare attribute is ""."""
    parser = _StartTag()
    parser.feed(tag_html)
    parser.close()
    return parser.attributes


# ---------------------------------------------------------------- which file a text shows
#
# The check and the build ask ``resolve_image`` the same question, so what the check
# accepted is the file the build shows. A reference is read as a browser (and GitHub's
# preview of the pull request) reads an address: ``%20`` is a space, ``%C3%B1`` an ñ.
# Editors write a name with spaces that way, and Markdown cannot hold a bare space
# without ``<...>``: an artist who sees their photo in the preview expects it published.

# Why a reference names no file the site may show (``Resolved.problem``).
EMPTY = "empty"
REMOTE = "remote"  # an address with a scheme (https:, data:...) or a host (//...)
ABSOLUTE = "absolute"  # /x, \x, ~x, C:\x
OUTSIDE = "outside"  # '..', a subfolder of a submission folder, or out of the images folder
UNDECODABLE = "undecodable"  # %xx escapes that are not UTF-8: no file is named that
UNSAFE_NAME = "unsafe-name"  # see unsafe_name_characters
SYMLINK = "symlink"
MISSING = "missing"

# Browsers drop C0 controls and spaces around an address.
_AROUND = "".join(chr(code) for code in range(0x21))
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Resolved:
    """``path``: the file the reference names (None when it names no place in the folder);
    ``problem``: None when that file may be shown, else why not."""

    path: Path | None
    problem: str | None = None


def decode_reference(src: str) -> str | None:
    """``src`` with its URL escapes decoded once, as a browser reads it; None if they do
    not spell UTF-8 (a browser would ask for bytes no file name here holds)."""
    try:
        return unquote(src, errors="strict")
    except UnicodeDecodeError:
        return None


def unsafe_name_characters(name: str) -> list[str]:
    """The characters that make ``name`` unfit to publish, each once, in order.

    A file name reaches the report, the pull request's file list and the published
    page's source, so it is held to the rule of published text (``is_unpublishable``:
    controls, private-use, unassigned) and, unlike text, to no invisible or
    direction-changing format character at all (``Cf``: U+202E shows 'gpj.exe' as
    'exe.jpg'; a name has no script that needs one), nor a combining mark at its start
    (it draws over whatever is written before the name).
    """
    bad = [ch for ch in name if is_unpublishable(ch) or unicodedata.category(ch) == "Cf"]
    if name and unicodedata.category(name[0]) in ("Mn", "Mc", "Me"):
        bad.insert(0, name[0])
    return list(dict.fromkeys(bad))


def resolve_image(
    src: str, folder: Path, *, base: Path | None = None, content_dir: Path | None = None
) -> Resolved:
    """The file an image reference ``src`` (an ``<img src>`` of the rendered text, or an
    avatar field) names in ``folder``, and whether it may be shown.

    A work or artist (``content_dir`` None) names a file of its own folder by its name
    alone. A blog post or page (``content_dir`` given) names a file of its images folder
    (``folder``, subfolders allowed) relative to the post's folder ``base``, or in
    Pelican's form ``{static}/blog/images/foto.jpg`` (relative to ``content_dir``;
    ``{static}images/foto.jpg``: to the post, as Pelican reads it). Never a symbolic
    link, nothing outside the folder. Lexical: nothing is resolved.
    """
    target = decode_reference(src.strip(_AROUND))
    if target is None:
        return Resolved(None, UNDECODABLE)
    base = folder if base is None else base
    if content_dir is not None:
        prefix = LINK_PREFIX.match(target)
        if prefix:
            target = target[prefix.end() :]
            if target.startswith("/"):
                base, target = content_dir, target.lstrip("/")
    if not target:
        return Resolved(None, EMPTY)
    if target.startswith("//"):  # a host
        return Resolved(None, REMOTE)
    if target.startswith(("/", "\\", "~")) or _DRIVE.match(target):
        return Resolved(None, ABSOLUTE)
    parts = re.split(r"[\\/]", target)
    if ":" in parts[0]:  # a browser reads what comes before ':' as a scheme
        return Resolved(None, REMOTE)
    if ".." in parts:
        return Resolved(None, OUTSIDE)
    parts = [part for part in parts if part != "."]
    if content_dir is None and len(parts) != 1:
        return Resolved(None, OUTSIDE)  # a submission folder has no subfolders
    if "" in parts:  # 'a//b.jpg', 'b.jpg/': no browser finds that file
        return Resolved(None, MISSING)
    path = Path(os.path.abspath(Path(base, *parts)))
    folder = Path(os.path.abspath(folder))
    if not path.is_relative_to(folder) or path == folder:
        return Resolved(None, OUTSIDE)
    if any(unsafe_name_characters(part) for part in parts):
        return Resolved(path, UNSAFE_NAME)
    if content_dir is not None:
        top = Path(os.path.abspath(content_dir))
        if not path.is_relative_to(top) or first_symlink(path, top, include_top=True):
            return Resolved(path, SYMLINK)
    elif path.is_symlink():
        return Resolved(path, SYMLINK)
    if not path.is_file():
        return Resolved(path, MISSING)
    return Resolved(path)


def image_file(
    src: str, folder: Path, *, base: Path | None = None, content_dir: Path | None = None
) -> Path | None:
    """The file the build shows for ``src``, or None (see ``resolve_image``)."""
    resolved = resolve_image(src, folder, base=base, content_dir=content_dir)
    return resolved.path if resolved.problem is None else None
