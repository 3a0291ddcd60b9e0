"""What an image file really is, from its first bytes (never from its name)."""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

# Formats accepted from artists, with the extensions each may carry.
ACCEPTED_EXTENSIONS = {
    "jpeg": (".jpg", ".jpeg", ".jpe"),
    "png": (".png",),
    "gif": (".gif",),
    "webp": (".webp",),
    "heif": (".heic", ".heif", ".hif"),
}
IMAGE_EXTENSIONS = tuple(ext for exts in ACCEPTED_EXTENSIONS.values() for ext in exts)
# Names Pillow gives the formats, to open a file only as what it was sniffed to be.
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "heif": "HEIF"}
LABELS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "heif": "HEIC/HEIF",
    "avif": "AVIF",
    "svg": "SVG",
    "tiff": "TIFF",
    "bmp": "BMP",
    "pdf": "PDF",
    "unknown": "desconocido/unknown",
}

_HEIF_BRANDS = {
    b"heic",
    b"heix",
    b"heim",
    b"heis",
    b"hevc",
    b"hevx",
    b"hevm",
    b"hevs",
    b"mif1",
    b"msf1",
}
_AVIF_BRANDS = {b"avif", b"avis"}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # a key of ACCEPTED_EXTENSIONS, or "svg", "avif", "tiff", "bmp", "pdf", "unknown"

    @property
    def accepted(self) -> bool:
        return self.kind in ACCEPTED_EXTENSIONS

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def sniff_bytes(head: bytes) -> Sniffed:
    """Identify a file from its first bytes (512 are plenty)."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("webp")
    if head[4:8] == b"ftyp":
        size = int.from_bytes(head[:4], "big")
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
        if head[8:12] in _AVIF_BRANDS or (
            brands & _AVIF_BRANDS and not brands & (_HEIF_BRANDS - {b"mif1", b"msf1"})
        ):
            return Sniffed("avif")
        if brands & _HEIF_BRANDS:
            return Sniffed("heif")
        return Sniffed("unknown")
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return Sniffed("tiff")
    if head[:2] == b"BM":
        return Sniffed("bmp")
    if head[:5] == b"%PDF-":
        return Sniffed("pdf")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in head.lower():
        return Sniffed("svg")
    if text.startswith(b"<svg"):
        return Sniffed("svg")
    return Sniffed("unknown")


def sniff_file(path: pathlib.Path) -> Sniffed:
    with open(path, "rb") as handle:
        return sniff_bytes(handle.read(1024))


def extension_matches(path: pathlib.Path, sniffed: Sniffed) -> bool:
    return path.suffix.lower() in ACCEPTED_EXTENSIONS.get(sniffed.kind, ())


def is_image_name(path: pathlib.Path | str) -> bool:
    """Whether a file name claims to be an image the pipeline handles (or an SVG)."""
    return pathlib.PurePath(path).suffix.lower() in (*IMAGE_EXTENSIONS, ".svg", ".svgz", ".avif")
