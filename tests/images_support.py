"""Helpers for the image tests (tests/test_images_*.py): real files made in tmp_path."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from altavoz_images import settings as image_defaults
from altavoz_images.settings import PREFIX
from altavoz_submit.project import create_settings
from conftest import spy_on
from PIL import Image

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif"}


def published_images(output: Path) -> list[Path]:
    """Every image file a build wrote, the theme's own excepted."""
    return [
        p
        for p in output.rglob("*")
        if p.is_file()
        and p.suffix.lower() in IMAGE_SUFFIXES
        and "theme" not in p.relative_to(output).parts
    ]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record_image_opens(monkeypatch) -> list[str]:
    """The names of the image files the pipeline opens (validation or derivatives) from now on."""
    from altavoz_images import loader

    return spy_on(monkeypatch, loader, "open_sniffed")


def image_settings(tmp_path: Path, **overrides) -> dict:
    """Settings for tests: small sizes, cache and output in tmp_path, in-process by default."""
    values = {
        "WIDTHS": (320, 160),
        "THUMBNAIL_SIZE": 100,
        "MIN_USEFUL_SIDE": 50,
        "CACHE_DIR": str(tmp_path / "cache"),
        "OUTPUT_PATH": str(tmp_path / "output"),
        "WORKERS": 1,
        "PROGRESS": False,
    }
    values.update(overrides)
    # Short names (WIDTHS=...) are the image plugin's; OUTPUT_PATH and the like are Pelican's.
    return create_settings(**{image_key(name): value for name, value in values.items()})


def image_key(name: str) -> str:
    return PREFIX + name if PREFIX + name in image_defaults.DEFAULTS else name


def phone_exif(orientation=1, gps=False, owner=False, serial=False) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Telefono", "Modelo X"
    if orientation != 1:
        exif[0x0112] = orientation
    if gps:
        info = exif.get_ifd(GPS_IFD)
        info[1], info[2] = "N", (19.0, 25.0, 57.3)
        info[3], info[4] = "W", (99.0, 7.0, 59.6)
    if owner:
        exif[0x013B] = "Ana Rivera Gómez"
    if serial:
        exif.get_ifd(EXIF_IFD)[0xA431] = "SN-12345678"
    return exif


def halves(size=(400, 300), left=(220, 30, 30), right=(30, 30, 220), mode="RGB") -> Image.Image:
    """Left half one colour, right half another: orientation shows on pixels."""
    im = Image.new(mode, size, right)
    im.paste(left, (0, 0, size[0] // 2, size[1]))
    return im


def save_jpeg(path: Path, im: Image.Image | None = None, **exif_options) -> Path:
    im = im if im is not None else halves()
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {}
    if exif_options:
        extra["exif"] = phone_exif(**exif_options)
    im.save(path, "JPEG", quality=92, **extra)
    return path


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + _s15(x) + _s15(y) + _s15(z)


def rgb_profile(description: str, red, green, blue, gamma=2.2) -> bytes:
    """A minimal ICC v2 RGB display profile (matrix/TRC), built by hand.

    Pillow's ImageCms can only create sRGB/LAB/XYZ profiles, so Display P3 and
    Adobe RGB test profiles are written from their D50-adapted colorants.
    """
    text = description.encode("ascii") + b"\x00"
    desc = (
        b"desc\x00\x00\x00\x00" + struct.pack(">I", len(text)) + text + b"\x00" * 12 + b"\x00" * 67
    )
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\x00\x00\x00\x00Public domain test profile\x00"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\x00" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24
        + b"\x00" * 4
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def display_p3_profile() -> bytes:
    return rgb_profile(
        "Display P3 (test)",
        (0.5151, 0.2412, -0.0011),
        (0.2920, 0.6922, 0.0419),
        (0.1571, 0.0666, 0.7841),
    )


def png_rgb16(path: Path, size, rgb16) -> Path:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write one), every pixel ``rgb16``."""
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + struct.pack(">3H", *rgb16) * size[0]
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size[0], size[1], 16, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size[1]))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return path


def close(a, b, tolerance=6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def has_no_metadata(path: Path) -> bool:
    """No EXIF, XMP, IPTC, ICC or comment, checked by Pillow and on the raw bytes."""
    data = path.read_bytes()
    with Image.open(path) as im:
        info_keys = set(im.info) & {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"}
        exif = dict(im.getexif())
    raw = any(marker in data for marker in (b"Exif\x00", b"http://ns.adobe.com", b"Photoshop 3.0"))
    return not info_keys and not exif and not raw


def assert_a_rebuild_opens_no_image(build, site: Path, output: Path, monkeypatch) -> None:
    """Built twice into ``output``: the second build decodes no image, changes no file."""
    build(site, output)
    before = {p: sha(p) for p in published_images(output)}
    opened = record_image_opens(monkeypatch)
    build(site, output)
    assert opened == []  # neither validation nor derivatives opened an image
    assert {p: sha(p) for p in published_images(output)} == before
