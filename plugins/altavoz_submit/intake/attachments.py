"""Photos attached to the form: only from GitHub's attachment hosts, within limits.

A phone attaches a photo by uploading it to GitHub, which writes its address in the
``images`` field (``![IMG_1234](https://github.com/user-attachments/assets/…)`` or an
``<img src=…>``). Every address in that field must be one of GitHub's attachment
addresses, checked by scheme, exact host and path shape; the bytes are streamed with
a size cap and a timeout, and their type is decided by sniffing them, never by a name.
With a local folder (tests, maintainers replaying an issue), each photo is read from
the folder by the last segment of its address and nothing touches the network.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from altavoz_images import formats

MAX_PHOTOS = 12
TIMEOUT_SECONDS = 30
MAX_REDIRECTS = 3
URL = re.compile(r"""https?://[^\s()<>"'\[\]`]+|//[^\s()<>"'\[\]`]+""", re.IGNORECASE)
# The addresses GitHub writes for attachments: host -> the only path shape accepted,
# as a whole (`fullmatch`).
ATTACHMENT_PATHS = {
    "github.com": re.compile(
        r"/user-attachments/assets/(?P<name>[A-Za-z0-9][A-Za-z0-9-]{0,79})", re.ASCII
    ),
    "user-images.githubusercontent.com": re.compile(
        r"/[0-9]{1,12}/(?P<name>[A-Za-z0-9][A-Za-z0-9_-]{0,150}\.[A-Za-z0-9]{1,5})", re.ASCII
    ),
}
# github.com answers an attachment address with a redirect to its own file storage,
# a signed address that expires in minutes; only these hosts are followed, over https.
STORAGE_HOSTS = frozenset(
    {
        "user-images.githubusercontent.com",
        "private-user-images.githubusercontent.com",
        "objects.githubusercontent.com",
        "github-production-user-asset-6210df.s3.amazonaws.com",
    }
)


@dataclass(frozen=True)
class Attachment:
    url: str
    name: str  # the last segment of the address: a plain, safe file name


@dataclass(frozen=True)
class Photo:
    attachment: Attachment
    data: bytes
    kind: str  # what the bytes are: a key of altavoz_images.formats.ACCEPTED_EXTENSIONS


class AttachmentProblem(ValueError):
    """One photo cannot be used; ``key`` names the message for the author."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def still_uploading(field: str) -> bool:
    """GitHub writes ``![Uploading IMG_1.jpg…]()`` when the form is sent mid-upload."""
    return bool(re.search(r"!\[Uploading [^\]]*\]\(\s*\)", field))


def attachment_for(url: str, number: int) -> Attachment:
    """The attachment an address names, or AttachmentProblem when it is not GitHub's."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    shape = ATTACHMENT_PATHS.get(host) if parts.netloc.lower() == host else None
    if parts.scheme != "https" or shape is None or parts.query or parts.fragment:
        raise AttachmentProblem("photo_foreign_host", number=number, url=url[:200])
    match = shape.fullmatch(parts.path)
    if match is None or ".." in parts.path or "%" in parts.path:
        raise AttachmentProblem("photo_bad_address", number=number, url=url[:200])
    return Attachment(url, match["name"])


def attachments_in(field: str) -> list[Attachment]:
    """Every address written in the ``images`` field, checked, in order.

    The same photo attached twice is said, not dropped in silence: the artist sees two
    photos and wrote a description for each, and would otherwise be told of a
    description "with no photo" she can see.
    """
    if still_uploading(field):
        raise AttachmentProblem("photo_uploading")
    found: list[Attachment] = []
    for number, match in enumerate(URL.finditer(field), start=1):
        attachment = attachment_for(match.group(0), number)
        first = next((n for n, a in enumerate(found, start=1) if a.url == attachment.url), 0)
        if first:
            raise AttachmentProblem("photo_repeated", number=number, first=first)
        found.append(attachment)
    if len(found) > MAX_PHOTOS:
        raise AttachmentProblem("photo_too_many", count=len(found), limit=MAX_PHOTOS)
    return found


def _checked_photo(attachment: Attachment, number: int, data: bytes) -> Photo:
    sniffed = formats.sniff_bytes(data[:1024])
    if not data:
        raise AttachmentProblem("photo_empty", number=number)
    if not sniffed.accepted:
        raise AttachmentProblem("photo_not_image", number=number, kind=sniffed.label)
    return Photo(attachment, data, sniffed.kind)


def _read_capped(stream, limit: int, number: int) -> bytes:
    chunks, size = [], 0
    while chunk := stream.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise AttachmentProblem("photo_too_large", number=number, limit_mb=limit // 2**20)
        chunks.append(chunk)
    return b"".join(chunks)


def from_folder(attachment: Attachment, number: int, folder: Path, limit: int) -> Photo:
    """The photo saved in ``folder`` under the last segment of its address (no network)."""
    path = Path(folder) / attachment.name
    if not path.is_file() or path.is_symlink() or path.parent.resolve() != Path(folder).resolve():
        raise AttachmentProblem("photo_missing", number=number)
    with open(path, "rb") as stream:
        return _checked_photo(attachment, number, _read_capped(stream, limit, number))


class _StorageRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to GitHub's file storage, over https, a few times."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if parts.scheme != "https" or (parts.hostname or "").lower() not in STORAGE_HOSTS:
            raise AttachmentProblem("photo_foreign_host", number=0, url=newurl[:200])
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(attachment: Attachment, number: int, limit: int) -> Photo:
    """Stream one attachment from GitHub, stopping as soon as it is over ``limit`` bytes."""
    opener = urllib.request.build_opener(_StorageRedirects)
    request = urllib.request.Request(attachment.url, headers={"User-Agent": "altavoz-intake"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isascii() and length.isdigit() and int(length) > limit:
                raise AttachmentProblem("photo_too_large", number=number, limit_mb=limit // 2**20)
            return _checked_photo(attachment, number, _read_capped(response, limit, number))
    except AttachmentProblem as problem:  # a redirect away from GitHub's storage
        raise AttachmentProblem(problem.key, **{**problem.values, "number": number}) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise AttachmentProblem("photo_download_failed", number=number) from error


def fetch_photos(field: str, limit: int, folder: Path | None = None) -> list[Photo]:
    """The photos of the ``images`` field: from ``folder`` when given, else from GitHub."""
    photos = []
    for number, attachment in enumerate(attachments_in(field), start=1):
        if folder is not None:
            photos.append(from_folder(attachment, number, folder, limit))
        else:
            photos.append(download(attachment, number, limit))
    return photos
