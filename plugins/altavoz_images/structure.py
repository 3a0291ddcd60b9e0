"""What an image file is made of, read from its bytes before anything is decoded.

Decoding is where a hostile file costs: a progressive JPEG whose scan is repeated tens
of thousands of times takes minutes to decode although it is small, and so do millions
of tiny PNG chunks or GIF sub-blocks. ``survey`` walks the container (JPEG segments,
PNG chunks, RIFF chunks, GIF blocks, HEIF boxes) without decoding: it counts what makes
decoding cost, and finds what a file hides from viewers: bytes after the image's end
and GPS data in any metadata block that ``invoke strip`` removes (``strip`` keeps the
same blocks this module calls kept). Each walk stops as soon as a count passes its
limit, so surveying costs at most a few milliseconds whatever the file holds.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field

from . import strip

# What makes a file costly (Survey.excess): the image checks refuse the file with a code.
SCANS = "scans"  # JPEG scans (SOS): a progressive decoder passes over the image once each
SEGMENTS = "segments"  # markers, chunks, blocks or boxes
FRAMES = "frames"  # images in an animation or a HEIF container
METADATA = "metadata"  # bytes of metadata (or of decompressed metadata in PNG)


@dataclass(frozen=True)
class Limits:
    scans: int = 64
    segments: int = 2000
    frames: int = 1000
    metadata_bytes: int = 4 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: dict) -> Limits:
        defaults = cls()
        return cls(
            int(settings.get("ALTAVOZ_IMAGES_MAX_JPEG_SCANS") or defaults.scans),
            int(settings.get("ALTAVOZ_IMAGES_MAX_SEGMENTS") or defaults.segments),
            int(settings.get("ALTAVOZ_IMAGES_MAX_FRAMES") or defaults.frames),
            int(settings.get("ALTAVOZ_IMAGES_MAX_METADATA_BYTES") or defaults.metadata_bytes),
        )


@dataclass
class Survey:
    kind: str
    scans: int = 0
    segments: int = 0
    frames: int = 0  # 1 for a still image
    metadata_bytes: int = 0
    trailing: int = 0  # bytes after the end of the image
    gps: list[str] = field(default_factory=list)  # where GPS data was found
    excess: tuple[str, int, int] | None = None  # (what, count, limit) past a limit
    problem: str = ""  # the container is broken (the decoder will say more)


class _Stop(Exception):
    """A count passed its limit: the survey has its answer."""


class _Walk:
    def __init__(self, survey: Survey, limits: Limits):
        self.survey, self.limits = survey, limits

    def count(self, what: str, amount: int = 1) -> None:
        limit = {
            SCANS: self.limits.scans,
            SEGMENTS: self.limits.segments,
            FRAMES: self.limits.frames,
            METADATA: self.limits.metadata_bytes,
        }[what]
        attribute = "metadata_bytes" if what == METADATA else what
        value = getattr(self.survey, attribute) + amount
        setattr(self.survey, attribute, value)
        if value > limit:
            self.survey.excess = (what, value, limit)
            raise _Stop()

    def metadata(self, block: bytes, where: str) -> None:
        """A metadata block that strip removes: any GPS in it is private."""
        self.count(METADATA, len(block))
        found = gps_in_block(block)
        if found:
            self.survey.gps.append(f"{where} {found}")


# A GPSInfo pointer (tag 0x8825 as LONG or IFD) in a TIFF structure of either byte order:
# it points at a GPS IFD wherever it sits (main image, thumbnail, maker note, sub-IFD).
_GPS_POINTER = re.compile(rb"\x88\x25\x00[\x04\x0d]|\x25\x88[\x04\x0d]\x00")
# GPS in XMP (exif:GPSLatitude, exifEX:..., drone-dji:GpsLongitude...) or any text.
_GPS_WORDS = re.compile(rb"(?i)gps|latitude|longitude|longtitude")


_TIFF_STARTS = (b"Exif\x00\x00", b"II*\x00", b"MM\x00*")


def gps_in_block(block: bytes) -> str:
    """What kind of GPS data a metadata block holds ("" if none)."""
    if _GPS_POINTER.search(block):
        return "GPS IFD"
    # In EXIF only the pointer counts: its binary data (a thumbnail...) may spell "gps".
    if not block.startswith(_TIFF_STARTS) and _GPS_WORDS.search(block):
        return "GPS/XMP"
    return ""


# --- JPEG ----------------------------------------------------------------------------


def _jpeg(data: bytes, walk: _Walk) -> None:
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            walk.survey.problem = f"no marker at byte {pos}"
            return
        while pos + 1 < len(data) and data[pos + 1] == 0xFF:
            pos += 1
        if pos + 1 >= len(data):
            return
        marker = data[pos + 1]
        walk.count(SEGMENTS)
        if marker == 0xD9:
            walk.survey.trailing = len(data) - pos - 2
            return
        if marker in (0x01, *range(0xD0, 0xD8)):
            pos += 2
            continue
        if pos + 4 > len(data):
            walk.survey.problem = "truncated segment"
            return
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            walk.survey.problem = "truncated segment"
            return
        if marker == 0xDA:
            walk.count(SCANS)
            pos = strip.scan_end(data, end)
            continue
        payload = data[pos + 4 : end]
        if (0xE0 <= marker <= 0xEF or marker == 0xFE) and strip.describe_app(marker, payload):
            walk.metadata(payload, f"APP{marker - 0xE0}" if marker != 0xFE else "COM")
        elif 0xF0 <= marker <= 0xFD:  # JPGn extensions: no decoder reads them
            walk.metadata(payload, f"JPG{marker - 0xF0}")
        pos = end


# --- PNG -----------------------------------------------------------------------------

_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt"}


def _png_text(kind: bytes, body: bytes, budget: int) -> bytes:
    """A text chunk's text, decompressed up to ``budget`` bytes (a zlib bomb stops there)."""
    keyword, _, rest = body.partition(b"\x00")
    if kind == b"tEXt":
        return keyword + b" " + rest
    if kind == b"zTXt":
        compressed = rest[1:]
    else:  # iTXt: flag, method, language\0, translated keyword\0, text
        flag = rest[:1] == b"\x01"
        rest = rest[2:]
        _language, _, rest = rest.partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        if not flag:
            return keyword + b" " + text
        compressed = text
    try:
        text = zlib.decompressobj().decompress(compressed, max(budget, 1) + 1)
    except zlib.error:
        return keyword
    if keyword.lower().startswith(b"raw profile type"):  # ImageMagick: hex-encoded EXIF/XMP
        digits = re.sub(rb"[^0-9a-fA-F]", b"", text.split(b"\n", 3)[-1])
        text += bytes.fromhex(digits[: len(digits) // 2 * 2].decode("ascii"))
    return keyword + b" " + text


def _png(data: bytes, walk: _Walk) -> None:
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            walk.survey.problem = "truncated chunk"
            return
        if kind not in (b"IDAT", b"fdAT") or length < 1024:
            # Pixel data in chunks of a kilobyte or more costs nothing per chunk (a file
            # within the size limit holds at most ~25 000); tiny ones cost per chunk.
            walk.count(SEGMENTS)
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"fcTL":
            walk.count(FRAMES)
        elif kind == b"acTL" and length >= 4:
            claimed = struct.unpack(">I", body[:4])[0]
            if claimed > walk.limits.frames:
                walk.survey.frames = claimed
                walk.survey.excess = (FRAMES, claimed, walk.limits.frames)
                raise _Stop()
        elif kind in _PNG_TEXT:
            budget = walk.limits.metadata_bytes - walk.survey.metadata_bytes
            walk.metadata(_png_text(kind, body, budget), kind.decode("latin-1"))
        elif kind == b"iCCP":
            walk.count(METADATA, length)
        elif not (kind[:1].isupper() or kind in strip.PNG_KEEP):
            walk.metadata(body, kind.decode("latin-1"))
        pos = end
        if kind == b"IEND":
            walk.survey.trailing = len(data) - pos
            return
    walk.survey.problem = "no IEND chunk"


# --- WebP ----------------------------------------------------------------------------


def _webp(data: bytes, walk: _Walk) -> None:
    (size,) = struct.unpack("<I", data[4:8])
    end = 8 + size + (size % 2)
    walk.survey.trailing = max(0, len(data) - end)
    end = min(end, len(data))
    pos = 12
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        walk.count(SEGMENTS)
        if kind == b"ANMF":
            walk.count(FRAMES)
        elif kind == b"ICCP":
            walk.count(METADATA, length)
        elif kind not in strip.WEBP_KEEP:
            walk.metadata(data[pos + 8 : pos + 8 + length], kind.decode("latin-1").strip())
        pos += 8 + length + (length % 2)


# --- GIF -----------------------------------------------------------------------------


def _gif_blocks(data: bytes, pos: int, walk: _Walk) -> int:
    """The end of a run of sub-blocks; each sub-block counts (there may be millions)."""
    while pos < len(data):
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos
        if size < 254:  # encoders fill sub-blocks (255 bytes) but the last of each run
            walk.count(SEGMENTS)
    raise _Stop()


def _gif(data: bytes, walk: _Walk) -> None:
    packed = data[10] if len(data) > 10 else 0
    pos = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    while pos < len(data):
        introducer = data[pos]
        walk.count(SEGMENTS)
        if introducer == 0x3B:
            walk.survey.trailing = len(data) - pos - 1
            return
        if introducer == 0x21 and pos + 2 <= len(data):
            label = data[pos + 1] if pos + 1 < len(data) else 0
            end = _gif_blocks(data, pos + 2, walk)
            app = data[pos + 3 : pos + 14]
            if label == 0xFE or (label == 0xFF and app not in strip.GIF_KEEP_APPS):
                walk.metadata(data[pos:end], "comment" if label == 0xFE else "application")
            pos = end
            continue
        if introducer == 0x2C and pos + 10 <= len(data):
            walk.count(FRAMES)
            flags = data[pos + 9]
            header_end = pos + 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            pos = _gif_blocks(data, header_end + 1, walk)
            continue
        walk.survey.problem = f"unknown block 0x{introducer:02x}"
        return
    walk.survey.problem = "no trailer"


# --- HEIF ----------------------------------------------------------------------------


# Item types that are pictures (tiles of a grid included): each one is decoded on its own.
_HEIF_IMAGES = {b"hvc1", b"av01", b"grid", b"iden", b"iovl", b"jpeg", b"unci", b"vvc1"}


def _heif(data: bytes, walk: _Walk) -> None:
    try:
        for _kind, _start, _end in strip.boxes(data, 0, len(data)):
            walk.count(SEGMENTS)
        types, extents = strip.heif_metadata_items(data)
    except (strip.StripError, struct.error, ValueError, IndexError) as exc:
        walk.survey.problem = str(exc)
        return
    walk.count(SEGMENTS, len(types))
    walk.count(FRAMES, sum(1 for item_type, _ in types.values() if item_type in _HEIF_IMAGES))
    for item_id, (item_type, content_type) in types.items():
        if item_type == b"Exif" or (item_type == b"mime" and b"xml" in content_type.lower()):
            blob = b"".join(data[o : o + n] for o, n in extents.get(item_id, []))
            if item_type == b"Exif":  # a 4-byte offset to the TIFF header comes first
                walk.metadata(blob[4:], "Exif")
            else:
                walk.metadata(blob, "XMP")


_WALKERS = {"jpeg": _jpeg, "png": _png, "webp": _webp, "gif": _gif, "heif": _heif}


def survey(data: bytes, kind: str, limits: Limits | None = None) -> Survey:
    """The structure of an accepted image (``kind`` as sniffed), without decoding it."""
    result = Survey(kind)
    walker = _WALKERS.get(kind)
    if walker is None:
        return result
    try:
        walker(data, _Walk(result, limits or Limits()))
    except _Stop:
        pass
    except (IndexError, struct.error) as exc:
        result.problem = f"{type(exc).__name__}: {exc}"
    result.frames = max(result.frames, 1)
    return result
