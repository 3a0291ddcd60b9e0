"""Hostile image files for the image tests, made at run time (nothing large is committed).

Two families: files that cost far more to decode than their size suggests (``COSTLY``:
name -> (maker, code refusing it, settings overrides that keep the file small)), and
files that hide a place or data from viewers (``HIDING``: name -> (maker, code, secret
bytes that must never be published)). Each maker takes a folder and returns the path.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from images_support import GPS_IFD, halves, phone_exif
from PIL import Image, PngImagePlugin

SECRET = b"CASA-DE-ANA-19.4326N"  # what a hiding place carries, to look for in the output


def _jpeg_bytes(im: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (im or halves((200, 150))).save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_bytes(im: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (im or halves((200, 150))).save(buffer, "PNG", **options)
    return buffer.getvalue()


def _insert_png_chunks(data: bytes, chunks: bytes, before: bytes = b"IDAT") -> bytes:
    at = data.index(before) - 4
    return data[:at] + chunks + data[at:]


def _scans(data: bytes) -> list[tuple[int, int]]:
    from altavoz_images.strip import scan_end

    spans, pos = [], data.find(b"\xff\xda")
    while pos >= 0:
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = scan_end(data, pos + 2 + length)
        spans.append((pos, end))
        pos = data.find(b"\xff\xda", end)
    return spans


def jpeg_image_data(data: bytes) -> bytes:
    """From the image's first scan to its end marker, found by walking the segments."""
    from altavoz_images.strip import scan_end

    pos, start = 2, None
    while data[pos + 1] != 0xD9:
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if data[pos + 1] == 0xDA:
            start = pos if start is None else start
            pos = scan_end(data, pos + 2 + length)
        else:
            pos += 2 + length
    return data[start : pos + 2]


def repeated_scans(repeats: int, size=(256, 256)) -> bytes:
    """A progressive JPEG whose smallest scan is repeated: every repeat is a pass to decode."""
    gradient = Image.radial_gradient("L").resize(size).convert("RGB")
    data = _jpeg_bytes(gradient, progressive=True)
    start, end = min(_scans(data), key=lambda span: span[1] - span[0])
    eoi = data.rindex(b"\xff\xd9")
    return data[:eoi] + data[start:end] * repeats + data[eoi:]


# --------------------------------------------------------------------------- costly


def progressive_jpeg_with_many_scans(folder: Path) -> Path:
    path = folder / "escaneo.jpg"
    path.write_bytes(repeated_scans(200))
    return path


def jpeg_with_many_segments(folder: Path) -> Path:
    data = _jpeg_bytes()
    comment = b"\xff\xfe\x00\x03x"
    path = folder / "segmentos.jpg"
    path.write_bytes(data[:2] + comment * 2500 + data[2:])
    return path


def png_with_many_tiny_chunks(folder: Path) -> Path:
    data = _png_bytes()
    path = folder / "trozos.png"
    path.write_bytes(_insert_png_chunks(data, _png_chunk(b"IDAT", b"") * 2500, b"IEND"))
    return path


def _gif_sub_blocks_end(data: bytes, pos: int) -> int:
    while data[pos]:
        pos += 1 + data[pos]
    return pos + 1


def _gif_first_image(data: bytes) -> int:
    """Where the first image descriptor starts (after the colour table and extensions)."""
    pos = 13 + (3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    while data[pos] == 0x21:
        pos = _gif_sub_blocks_end(data, pos + 2)
    assert data[pos] == 0x2C
    return pos


def gif_with_one_byte_sub_blocks(folder: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((120, 120), 80).convert("P").save(buffer, "GIF")
    data = buffer.getvalue()
    header_end = _gif_first_image(data) + 10 + 1  # no local colour table; +1: LZW code size
    pos, payload = header_end, b""
    while data[pos]:
        payload += data[pos + 1 : pos + 1 + data[pos]]
        pos += 1 + data[pos]
    rechunked = b"".join(b"\x01" + payload[i : i + 1] for i in range(len(payload)))
    path = folder / "ruido.gif"
    path.write_bytes(data[:header_end] + rechunked + b"\x00" + data[pos + 1 :])
    return path


def apng_claiming_a_billion_frames(folder: Path) -> Path:
    frames = [halves((200, 150), left=c) for c in ((200, 0, 0), (0, 200, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    data = bytearray(buffer.getvalue())
    at = data.index(b"acTL") + 4
    data[at : at + 4] = struct.pack(">I", 1_000_000_000)
    data[at + 8 : at + 12] = struct.pack(">I", zlib.crc32(b"acTL" + bytes(data[at : at + 8])))
    path = folder / "animada.png"
    path.write_bytes(bytes(data))
    return path


def _animation(folder: Path, name: str, fmt: str, count: int) -> Path:
    frames = [halves((120, 90), left=(i * 40 % 255, 0, 0)) for i in range(count)]
    path = folder / name
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=50)
    return path


def gif_with_many_frames(folder: Path) -> Path:
    return _animation(folder, "baile.gif", "GIF", 6)


def webp_with_many_frames(folder: Path) -> Path:
    return _animation(folder, "baile.webp", "WEBP", 6)


def heic_with_many_images(folder: Path) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _animation(folder, "serie.heic", "HEIF", 6)


def png_with_a_compressed_text_bomb(folder: Path) -> Path:
    bomb = b"Comment\x00\x00" + zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)
    path = folder / "bomba.png"
    path.write_bytes(_insert_png_chunks(_png_bytes(), _png_chunk(b"zTXt", bomb)))
    return path


FEW_FRAMES = {"ALTAVOZ_IMAGES_MAX_FRAMES": 4}
COSTLY = {
    "progressive-jpeg-scans": (progressive_jpeg_with_many_scans, "AV521", {}),
    "jpeg-segments": (jpeg_with_many_segments, "AV522", {}),
    "png-tiny-chunks": (png_with_many_tiny_chunks, "AV522", {}),
    "gif-one-byte-sub-blocks": (gif_with_one_byte_sub_blocks, "AV522", {}),
    "apng-frame-count": (apng_claiming_a_billion_frames, "AV523", {}),
    "gif-frames": (gif_with_many_frames, "AV523", FEW_FRAMES),
    "webp-frames": (webp_with_many_frames, "AV523", FEW_FRAMES),
    "heic-images": (heic_with_many_images, "AV523", FEW_FRAMES),
    "png-ztxt-bomb": (png_with_a_compressed_text_bomb, "AV524", {}),
}


# --------------------------------------------------------------------------- hiding


def tiff(ifds: list[list[tuple[int, int, bytes]]], blobs: bytes = b"", chain=True) -> bytes:
    """A little-endian TIFF: IFD0 (then IFD1 if ``chain``), entries (tag, type, value bytes).

    A value longer than 4 bytes is stored after the IFDs; an entry whose value is the
    marker b"IFD<n>" becomes a LONG pointer to the n-th IFD, b"BLOB" to ``blobs``.
    """
    sizes = [2 + 12 * len(entries) + 4 for entries in ifds]
    offsets = [8 + sum(sizes[:i]) for i in range(len(ifds))]
    extra_at = 8 + sum(sizes)
    extra = b""
    blob_at = extra_at + sum(
        len(v) for es in ifds for _, _, v in es if len(v) > 4 and v[:3] != b"IFD"
    )
    out = b"II*\x00" + struct.pack("<I", 8)
    for index, entries in enumerate(ifds):
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            count = len(value) if kind in (1, 2, 7) else 1
            if value.startswith(b"IFD"):
                kind, count, value = 4, 1, struct.pack("<I", offsets[int(value[3:])])
            elif value == b"BLOB":
                kind, count, value = 7, len(blobs), struct.pack("<I", blob_at)
            elif kind == 5:
                count = len(value) // 8
            if len(value) > 4:
                field = struct.pack("<I", extra_at + len(extra))
                extra += value
            else:
                field = value.ljust(4, b"\x00")
            out += struct.pack("<HHI", tag, kind, count) + field
        following = offsets[1] if chain and index == 0 and len(ifds) > 1 else 0
        out += struct.pack("<I", following)
    return out + extra + blobs


def _rational(*values) -> bytes:
    return b"".join(struct.pack("<II", round(v * 100), 100) for v in values)


def _jpeg_with_exif(folder: Path, name: str, exif: bytes) -> Path:
    path = folder / name
    data = _jpeg_bytes()
    segment = b"Exif\x00\x00" + exif
    path.write_bytes(
        data[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + data[2:]
    )
    return path


def gps_version_only(folder: Path) -> Path:
    exif = phone_exif()
    exif.get_ifd(GPS_IFD)[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID and nothing else
    path = folder / "version.jpg"
    halves((200, 150)).save(path, "JPEG", exif=exif)
    return path


def gps_destination_and_area(folder: Path) -> Path:
    exif = phone_exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[0x0013], gps[0x0014] = "N", (19.0, 25.0, 57.3)  # GPSDestLatitude
    gps[0x001C] = b"ASCII\x00\x00\x00" + SECRET  # GPSAreaInformation
    gps[0x001B] = b"ASCII\x00\x00\x00NETWORK"  # GPSProcessingMethod
    path = folder / "destino.jpg"
    halves((200, 150)).save(path, "JPEG", exif=exif)
    return path


def gps_in_the_thumbnail_ifd(folder: Path) -> Path:
    """IFD0 names a camera only; IFD1 (the thumbnail's) points at a GPS IFD."""
    exif = tiff(
        [
            [(0x010F, 2, b"Telefono\x00")],
            [(0x0103, 3, struct.pack("<H", 6)), (GPS_IFD, 4, b"IFD2")],
            [(0x0001, 2, b"N\x00"), (0x0002, 5, _rational(19, 25, 57)), (0x001C, 7, SECRET)],
        ]
    )
    return _jpeg_with_exif(folder, "miniatura.jpg", exif)


def gps_in_the_embedded_thumbnail(folder: Path) -> Path:
    """The main EXIF is clean; the thumbnail JPEG it carries has its own EXIF with GPS."""
    thumbnail = _jpeg_bytes(halves((40, 30)), exif=phone_exif(gps=True)) + SECRET
    exif = tiff(
        [
            [(0x010F, 2, b"Telefono\x00")],
            [
                (0x0103, 3, struct.pack("<H", 6)),
                (0x0201, 4, b"BLOB"),
                (0x0202, 4, struct.pack("<I", len(thumbnail))),
            ],
        ],
        thumbnail,
    )
    return _jpeg_with_exif(folder, "incrustada.jpg", exif)


def gps_in_a_maker_note_ifd(folder: Path) -> Path:
    """A vendor IFD reached from the maker note: GPS tags the usual readers never list."""
    exif = tiff(
        [
            [(0x010F, 2, b"Telefono\x00"), (0x8769, 4, b"IFD1")],
            [(0x927C, 4, b"IFD2")],
            [(0x0001, 2, b"N\x00"), (GPS_IFD, 4, b"IFD3")],
            [(0x0002, 5, _rational(19, 25, 57)), (0x001B, 7, SECRET)],
        ],
        chain=False,
    )
    return _jpeg_with_exif(folder, "fabricante.jpg", exif)


def xmp_altitude_attribute(folder: Path) -> Path:
    xmp = (
        b'<x:xmpmeta><rdf:Description exif:GPSAltitude="2240/1" xmp:Label="'
        + SECRET
        + b'"/></x:xmpmeta>'
    )
    path = folder / "altitud.jpg"
    halves((200, 150)).save(path, "JPEG", xmp=xmp)
    return path


def xmp_elements_in_webp(folder: Path) -> Path:
    xmp = (
        b"<x:xmpmeta><rdf:Description><exif:GPSDestBearing>"
        + SECRET
        + b"</exif:GPSDestBearing></rdf:Description></x:xmpmeta>"
    )
    path = folder / "rumbo.webp"
    halves((200, 150)).save(path, "WEBP", xmp=xmp)
    return path


def xmp_in_heic(folder: Path) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSAltitude="' + SECRET + b'"/></x:xmpmeta>'
    path = folder / "altura.heic"
    halves((200, 150)).save(path, "HEIF", xmp=xmp)
    return path


def png_raw_profile_exif(folder: Path) -> Path:
    """ImageMagick's way: the EXIF hex-encoded in a compressed text chunk."""
    exif = phone_exif(gps=True)
    exif.get_ifd(GPS_IFD)[0x001B] = b"ASCII\x00\x00\x00" + SECRET
    blob = b"Exif\x00\x00" + exif.tobytes()
    text = f"\nexif\n{len(blob):8d}\n{blob.hex()}\n"
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type exif", text, zip=True)
    path = folder / "perfil.png"
    path.write_bytes(_png_bytes(pnginfo=info))
    return path


def png_exif_chunk_gps_version(folder: Path) -> Path:
    exif = phone_exif()
    exif.get_ifd(GPS_IFD)[0x0000] = b"\x02\x02\x00\x00"
    exif.get_ifd(GPS_IFD)[0x001C] = b"ASCII\x00\x00\x00" + SECRET
    path = folder / "exif.png"
    halves((200, 150)).save(path, "PNG", exif=exif)
    return path


def gif_xmp_extension(folder: Path) -> Path:
    buffer = io.BytesIO()
    halves((200, 150)).convert("P").save(buffer, "GIF")
    data = buffer.getvalue()
    xmp = b"<x:xmpmeta><rdf:Description exif:GPSLatitude='" + SECRET + b"'/></x:xmpmeta>"
    blocks = b"".join(
        bytes([len(xmp[i : i + 255])]) + xmp[i : i + 255] for i in range(0, len(xmp), 255)
    )
    extension = b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00"
    at = _gif_first_image(data)
    path = folder / "dibujo.gif"
    path.write_bytes(data[:at] + extension + data[at:])
    return path


def second_jpeg_after_the_end(folder: Path) -> Path:
    path = folder / "doble.jpg"
    hidden = _jpeg_bytes(halves((80, 60)), exif=phone_exif(gps=True), comment=SECRET)
    path.write_bytes(_jpeg_bytes() + hidden)
    return path


def bytes_after_png_end(folder: Path) -> Path:
    path = folder / "cola.png"
    path.write_bytes(_png_bytes() + SECRET)
    return path


def bytes_after_webp_riff(folder: Path) -> Path:
    buffer = io.BytesIO()
    halves((200, 150)).save(buffer, "WEBP")
    path = folder / "cola.webp"
    path.write_bytes(buffer.getvalue() + b"EXIF" + struct.pack("<I", len(SECRET)) + SECRET)
    return path


def bytes_after_gif_trailer(folder: Path) -> Path:
    buffer = io.BytesIO()
    halves((200, 150)).convert("P").save(buffer, "GIF")
    path = folder / "cola.gif"
    path.write_bytes(buffer.getvalue() + SECRET)
    return path


HIDING = {
    "gps-version-only": (gps_version_only, "AV520"),
    "gps-destination-area-method": (gps_destination_and_area, "AV520"),
    "gps-in-thumbnail-ifd": (gps_in_the_thumbnail_ifd, "AV520"),
    "gps-in-embedded-thumbnail": (gps_in_the_embedded_thumbnail, "AV520"),
    "gps-in-maker-note-ifd": (gps_in_a_maker_note_ifd, "AV520"),
    "xmp-gps-altitude": (xmp_altitude_attribute, "AV520"),
    "xmp-gps-element-webp": (xmp_elements_in_webp, "AV520"),
    "xmp-gps-heic": (xmp_in_heic, "AV520"),
    "png-raw-profile-exif": (png_raw_profile_exif, "AV520"),
    "png-exif-gps-version": (png_exif_chunk_gps_version, "AV520"),
    "gif-xmp-extension": (gif_xmp_extension, "AV520"),
    "second-jpeg-after-eoi": (second_jpeg_after_the_end, "AV511"),
    "bytes-after-png-iend": (bytes_after_png_end, "AV511"),
    "bytes-after-webp-riff": (bytes_after_webp_riff, "AV511"),
    "bytes-after-gif-trailer": (bytes_after_gif_trailer, "AV511"),
}
