"""Removing private metadata from a submitted original in place, never re-encoding pixels.

What is kept, per format (everything else that is metadata goes):
- JPEG: every segment needed to decode the image byte for byte (tables, frame,
  scans), APP0 JFIF, APP2 ICC_PROFILE (colours), APP14 Adobe (CMYK decoding).
  EXIF, XMP, IPTC/Photoshop, MPF, comments, vendor APPn segments and anything
  appended after the end of the image (depth and HDR gain maps that carry their
  own EXIF) are dropped. If the EXIF said the photo is rotated, a minimal EXIF
  holding only the Orientation tag is written back, so it still shows upright.
- PNG: critical chunks and the ancillary chunks that affect how pixels look
  (transparency, colour, gamma, density, animation) are kept; eXIf, tEXt, iTXt,
  zTXt, tIME and unknown ancillary chunks are dropped (orientation as for JPEG).
- WebP: EXIF, XMP and unknown chunks dropped, the VP8X flags updated.
- GIF: comment extensions and application extensions other than looping and
  ICC (for example XMP) dropped; image data untouched.
- HEIC/HEIF: items cannot be removed without rewriting the box offsets, so the
  Exif and XMP items are blanked in place (same length: an empty EXIF, an empty
  XMP packet). Orientation lives in HEIF's own irot/imir boxes, untouched.
"""

from __future__ import annotations

import contextlib
import pathlib
import re
import struct
import zlib
from dataclasses import dataclass, field

from altavoz_core.files import write_atomically
from PIL import Image

from . import formats, loader, privacy


@dataclass
class StripReport:
    path: pathlib.Path
    format: str
    removed: list[str] = field(default_factory=list)  # human-readable, one item per removed part
    private: list[str] = field(default_factory=list)  # private tags that were among them
    kept_orientation: int = 1

    @property
    def changed(self) -> bool:
        return bool(self.removed)


class StripError(ValueError):
    """The file is not an image we can clean losslessly (the message says why)."""


def minimal_exif(orientation: int) -> bytes:
    """A TIFF structure with a single IFD0 entry: Orientation (big-endian)."""
    entry = struct.pack(">HHIHH", privacy.ORIENTATION, 3, 1, orientation, 0)
    return b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + b"\x00" * 4


def _orientation_from_tiff(tiff: bytes) -> int:
    exif = Image.Exif()
    try:
        exif.load(tiff)
    except Exception:  # unreadable EXIF: nothing to preserve
        return 1
    value = exif.get(privacy.ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


# --- JPEG -------------------------------------------------------------------------------

_STANDALONE = {0x01, *range(0xD0, 0xD8)}


# A marker: 0xFF then anything but a stuffed zero, a restart marker or a fill byte.
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def scan_end(data: bytes, pos: int) -> int:
    """Index of the first marker after entropy-coded data starting at ``pos``."""
    found = _MARKER.search(data, pos)
    return found.start() if found else len(data)


def describe_app(marker: int, payload: bytes) -> str | None:
    """None if the segment is kept, else what it is."""
    if marker == 0xE0:
        return None if payload.startswith(b"JFIF\x00") else "APP0 (JFIF thumbnail / vendor data)"
    if marker == 0xE1:
        if payload.startswith(b"Exif\x00\x00"):
            return "EXIF"
        if payload.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
            return "XMP"
        if payload.startswith(b"http://ns.adobe.com/xmp/extension/\x00"):
            return "XMP (extended)"
        return "APP1 (vendor data)"
    if marker == 0xE2:
        if payload.startswith(b"ICC_PROFILE\x00"):
            return None
        if payload.startswith(b"MPF\x00"):
            return "MPF (multi-picture index)"
        return "APP2 (vendor data)"
    if marker == 0xED:
        return "IPTC/Photoshop"
    if marker == 0xEE:
        return None if payload.startswith(b"Adobe") else "APP14 (vendor data)"
    if marker == 0xFE:
        return "comment (COM)"
    return f"APP{marker - 0xE0} (vendor data)"


def strip_jpeg(data: bytes) -> tuple[bytes, list[str], int]:
    if not data.startswith(b"\xff\xd8"):
        raise StripError("not a JPEG")
    out = [b"\xff\xd8"]
    removed: list[str] = []
    orientation = 1
    insert_at = 1  # where a minimal EXIF goes: after SOI, or after APP0 JFIF
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise StripError(f"corrupt JPEG: no marker at byte {pos}")
        while pos + 1 < len(data) and data[pos + 1] == 0xFF:  # fill bytes
            pos += 1
        if pos + 1 >= len(data):
            break
        marker = data[pos + 1]
        if marker == 0xD9:  # EOI
            out.append(b"\xff\xd9")
            pos += 2
            break
        if marker in _STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        if pos + 4 > len(data):
            raise StripError("corrupt JPEG: truncated segment header")
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if end > len(data) or length < 2:
            raise StripError("corrupt JPEG: truncated segment")
        if marker == 0xDA:  # SOS: header, then entropy-coded data up to the next marker
            end = scan_end(data, end)
            out.append(data[pos:end])
            pos = end
            continue
        if 0xF0 <= marker <= 0xFD:  # JPGn extensions: no decoder reads them, anything hides there
            removed.append(f"JPG{marker - 0xF0} extension segment, {length - 2} bytes")
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            payload = data[pos + 4 : end]
            what = describe_app(marker, payload)
            if what is None:
                out.append(data[pos:end])
                if marker == 0xE0 and insert_at == len(out) - 1:
                    insert_at = len(out)
            else:
                if what == "EXIF":
                    orientation = max(orientation, _orientation_from_tiff(payload[6:]))
                removed.append(f"{what}, {length - 2} bytes")
        else:
            out.append(data[pos:end])
        pos = end
    if pos < len(data):
        removed.append(f"{len(data) - pos} bytes appended after the image (e.g. depth/HDR maps)")
    if orientation != 1:
        tiff = b"Exif\x00\x00" + minimal_exif(orientation)
        out.insert(insert_at, b"\xff\xe1" + struct.pack(">H", len(tiff) + 2) + tiff)
    return b"".join(out), removed, orientation


# --- PNG --------------------------------------------------------------------------------

PNG_KEEP = {
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"hIST",
    b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi",
}  # fmt: skip


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def strip_png(data: bytes) -> tuple[bytes, list[str], int]:
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        raise StripError("not a PNG")
    out = [signature]
    removed: list[str] = []
    orientation = 1
    first_idat = None
    pos = len(signature)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise StripError("corrupt PNG: truncated chunk")
        critical = kind[:1].isupper()
        if critical or kind in PNG_KEEP:
            if kind == b"IDAT" and first_idat is None:
                first_idat = len(out)
            out.append(data[pos:end])
        else:
            if kind == b"eXIf":
                orientation = _orientation_from_tiff(data[pos + 8 : pos + 8 + length])
            removed.append(f"{kind.decode('latin-1')} chunk, {length} bytes")
        pos = end
        if kind == b"IEND":
            break
    if pos < len(data):
        removed.append(f"{len(data) - pos} bytes appended after the image")
    if orientation != 1 and first_idat is not None:
        out.insert(first_idat, _png_chunk(b"eXIf", minimal_exif(orientation)))
    return b"".join(out), removed, orientation


# --- WebP -------------------------------------------------------------------------------

WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def strip_webp(data: bytes) -> tuple[bytes, list[str], int]:
    if not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise StripError("not a WebP")
    chunks: list[list] = []
    removed: list[str] = []
    orientation = 1
    (size,) = struct.unpack("<I", data[4:8])
    riff_end = min(len(data), 8 + size + (size % 2))
    if riff_end < len(data):
        removed.append(f"{len(data) - riff_end} bytes appended after the image")
    pos = 12
    while pos + 8 <= riff_end:
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = data[pos + 8 : min(pos + 8 + length, riff_end)]
        if len(body) < length:
            raise StripError("corrupt WebP: truncated chunk")
        if kind in WEBP_KEEP:
            chunks.append([kind, body])
        else:
            if kind == b"EXIF":
                tiff = body[6:] if body.startswith(b"Exif\x00\x00") else body
                orientation = _orientation_from_tiff(tiff)
            removed.append(f"{kind.decode('latin-1').strip()} chunk, {length} bytes")
        pos += 8 + length + (length % 2)
    if not removed:
        return data, removed, orientation
    for chunk in chunks:
        if chunk[0] == b"VP8X":
            flags = chunk[1][0] & ~0x0C  # clear EXIF (0x08) and XMP (0x04)
            if orientation != 1:
                flags |= 0x08
            chunk[1] = bytes([flags]) + chunk[1][1:]
    if orientation != 1:
        chunks.append([b"EXIF", minimal_exif(orientation)])
    body = b"WEBP" + b"".join(_riff_chunk(kind, payload) for kind, payload in chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body, removed, orientation


# --- GIF --------------------------------------------------------------------------------

GIF_KEEP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif_sub_blocks_end(data: bytes, pos: int) -> int:
    while True:
        if pos >= len(data):
            raise StripError("corrupt GIF: truncated data")
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


def strip_gif(data: bytes) -> tuple[bytes, list[str], int]:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise StripError("not a GIF")
    packed = data[10]
    pos = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    out = [data[:pos]]
    removed: list[str] = []
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:  # trailer
            out.append(b"\x3b")
            pos += 1
            break
        if introducer == 0x21:
            label = data[pos + 1]
            end = _gif_sub_blocks_end(data, pos + 2)
            if label == 0xFE:
                removed.append(f"comment extension, {end - pos} bytes")
            elif label == 0xFF and data[pos + 3 : pos + 14] not in GIF_KEEP_APPS:
                app = data[pos + 3 : pos + 11].decode("latin-1", "replace").strip()
                removed.append(f"application extension {app!r}, {end - pos} bytes")
            else:
                out.append(data[pos:end])
            pos = end
            continue
        if introducer == 0x2C:
            flags = data[pos + 9]
            header_end = pos + 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            end = _gif_sub_blocks_end(data, header_end + 1)  # +1: LZW minimum code size
            out.append(data[pos:end])
            pos = end
            continue
        raise StripError(f"corrupt GIF: unknown block 0x{introducer:02x}")
    if pos < len(data):
        removed.append(f"{len(data) - pos} bytes appended after the image")
    return b"".join(out), removed, 1


# --- HEIF -------------------------------------------------------------------------------


def boxes(data: bytes, start: int, end: int):
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise StripError("corrupt HEIF: bad box size")
        yield kind, pos + header, pos + size
        pos += size


def _read_uint(data: bytes, pos: int, size: int) -> tuple[int, int]:
    return (int.from_bytes(data[pos : pos + size], "big") if size else 0), pos + size


def heif_metadata_items(data: bytes):
    """(item_type, content_type) per item id, and extents [(offset, length)] per item id."""
    meta = next(((s, e) for kind, s, e in boxes(data, 0, len(data)) if kind == b"meta"), None)
    if meta is None:
        raise StripError("corrupt HEIF: no meta box")
    types: dict[int, tuple[bytes, bytes]] = {}
    extents: dict[int, list[tuple[int, int]]] = {}
    idat_start = None
    for kind, start, end in boxes(data, meta[0] + 4, meta[1]):
        if kind == b"idat":
            idat_start = start
        elif kind == b"iinf":
            version = data[start]
            first = start + 4 + (2 if version == 0 else 4)
            for infe, s, e in boxes(data, first, end):
                if infe != b"infe" or data[s] < 2:
                    continue
                id_size = 2 if data[s] == 2 else 4
                item_id, p = _read_uint(data, s + 4, id_size)
                item_type = data[p + 2 : p + 6]
                content_type = b""
                if item_type == b"mime":
                    name_end = data.index(b"\x00", p + 6, e)
                    type_end = data.find(b"\x00", name_end + 1, e)
                    content_type = data[name_end + 1 : type_end if type_end >= 0 else e]
                types[item_id] = (item_type, content_type)
        elif kind == b"iloc":
            version = data[start]
            p = start + 4
            offset_size, length_size = data[p] >> 4, data[p] & 15
            base_size, index_size = data[p + 1] >> 4, (data[p + 1] & 15 if version else 0)
            count, p = _read_uint(data, p + 2, 2 if version < 2 else 4)
            for _ in range(count):
                item_id, p = _read_uint(data, p, 2 if version < 2 else 4)
                method = 0
                if version:
                    method, p = _read_uint(data, p, 2)
                    method &= 15
                p += 2  # data_reference_index
                base, p = _read_uint(data, p, base_size)
                n, p = _read_uint(data, p, 2)
                spans = []
                for _ in range(n):
                    p += index_size
                    offset, p = _read_uint(data, p, offset_size)
                    length, p = _read_uint(data, p, length_size)
                    spans.append((method, base + offset, length))
                extents[item_id] = spans
    resolved: dict[int, list[tuple[int, int]]] = {}
    for item_id, spans in extents.items():
        resolved[item_id] = []
        for method, offset, length in spans:
            if method == 1 and idat_start is not None:
                offset += idat_start
            elif method != 0:
                continue
            resolved[item_id].append((offset, length))
    return types, resolved


_EMPTY_XMP_HEAD = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
)
_EMPTY_XMP_TAIL = b'<?xpacket end="w"?>'


def strip_heif(data: bytes) -> tuple[bytes, list[str], int]:
    types, extents = heif_metadata_items(data)
    buffer = bytearray(data)
    removed: list[str] = []
    for item_id, (item_type, content_type) in types.items():
        is_exif = item_type == b"Exif"
        is_xmp = item_type == b"mime" and (
            b"xmp" in content_type.lower() or content_type.startswith(b"application/rdf+xml")
        )
        if not (is_exif or is_xmp):
            continue
        spans = extents.get(item_id, [])
        total = sum(length for _, length in spans)
        blob = b"".join(bytes(buffer[o : o + n]) for o, n in spans)
        if is_exif:
            empty = b"\x00\x00\x00\x00" + b"MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"
            if blob.startswith(empty) and not blob[len(empty) :].strip(b"\x00"):
                continue  # already blank
            replacement = empty if total >= len(empty) else b""
        else:
            if blob.startswith(_EMPTY_XMP_HEAD) and not blob[len(_EMPTY_XMP_HEAD) :].strip(
                b" " + _EMPTY_XMP_TAIL
            ):
                continue
            filler = total - len(_EMPTY_XMP_HEAD) - len(_EMPTY_XMP_TAIL)
            replacement = _EMPTY_XMP_HEAD + b" " * filler + _EMPTY_XMP_TAIL if filler >= 0 else b""
        replacement = replacement.ljust(total, b"\x00" if is_exif else b" ")
        cursor = 0
        for offset, length in spans:
            buffer[offset : offset + length] = replacement[cursor : cursor + length]
            cursor += length
        removed.append(f"{'EXIF' if is_exif else 'XMP'} item {item_id} blanked, {total} bytes")
    return bytes(buffer), removed, 1


_STRIPPERS = {
    "jpeg": strip_jpeg,
    "png": strip_png,
    "webp": strip_webp,
    "gif": strip_gif,
    "heif": strip_heif,
}


def _private_tags(path: pathlib.Path, sniffed) -> list[str]:
    try:
        with loader.open_sniffed(path, sniffed) as im:
            return [item.tag for item in privacy.find_private_metadata(im)]
    except Exception:  # unreadable metadata: the strip report still lists removed parts
        return []


def strip_private_metadata(path: pathlib.Path) -> StripReport:
    """Remove metadata from ``path`` in place (atomically); pixels are never re-encoded.

    Raises StripError for files that are not an accepted image or are too
    damaged to rewrite safely; the file is then left untouched.
    """
    path = pathlib.Path(path)
    sniffed = formats.sniff_file(path)
    if not sniffed.accepted:
        raise StripError(f"{path}: not an accepted image ({sniffed.label})")
    data = path.read_bytes()
    report = StripReport(path=path, format=sniffed.label)
    report.private = _private_tags(path, sniffed)
    cleaned, removed, orientation = _STRIPPERS[sniffed.kind](data)
    report.removed, report.kept_orientation = removed, orientation
    if removed and cleaned != data:
        write_atomically(path, cleaned, mode=path.stat().st_mode & 0o7777)
    else:
        report.removed = []
    return report


def strip_tree(target: pathlib.Path) -> list[StripReport | StripError]:
    """Strip one image, or every image under a folder (sorted); errors are returned, not raised."""
    target = pathlib.Path(target)
    paths = (
        [target]
        if target.is_file()
        else sorted(
            p
            for p in target.rglob("*")
            if p.is_file() and not p.is_symlink() and formats.is_image_name(p)
        )
    )
    results: list[StripReport | StripError] = []
    for path in paths:
        try:
            results.append(strip_private_metadata(path))
        except (StripError, OSError) as exc:
            results.append(StripError(f"{path}: {exc}"))
    return results


def describe(result: StripReport | StripError, root: pathlib.Path | None = None) -> str:
    """One line per file for `invoke strip`: what was removed, or why nothing could be."""
    if isinstance(result, StripError):
        return f"✗ {result}"
    shown = result.path
    if root is not None:
        with contextlib.suppress(ValueError):
            shown = result.path.resolve().relative_to(root.resolve())
    if not result.changed:
        return f"· {shown}: nothing to remove / nada que quitar"
    line = f"✓ {shown}: removed {'; '.join(result.removed)}"
    if result.private:
        line += f" — private data gone: {', '.join(result.private)}"
    if result.kept_orientation != 1:
        line += f" (orientation {result.kept_orientation} kept)"
    return line
