"""Opening submitted images safely: only as the sniffed format, within the pixel limit."""

from __future__ import annotations

import contextlib
import functools
import pathlib

from PIL import Image

from .formats import PILLOW_FORMATS, Sniffed


@functools.cache
def ensure_heif_opener() -> None:
    """Register pillow-heif's opener the first time a HEIC file is met.

    Lazily, because importing libheif costs ~50 ms that most builds never need
    (pillow-heif is a dependency of the project, so the import cannot fail).
    """
    import pillow_heif

    pillow_heif.register_heif_opener()


def apply_pixel_limit(max_pixels: int) -> None:
    """Set Pillow's decompression-bomb limit for this process (workers included).

    Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; callers
    also compare width*height with the limit themselves, so the setting is the
    refusal threshold and Pillow's own check is the backstop.
    """
    Image.MAX_IMAGE_PIXELS = int(max_pixels)


@contextlib.contextmanager
def pixel_limit(max_pixels: int):
    previous = Image.MAX_IMAGE_PIXELS
    apply_pixel_limit(max_pixels)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def open_sniffed(path: pathlib.Path, sniffed: Sniffed) -> Image.Image:
    """Open (lazily, nothing decoded yet) as the sniffed format and nothing else."""
    if sniffed.kind == "heif":
        ensure_heif_opener()
    return Image.open(path, formats=[PILLOW_FORMATS[sniffed.kind]])
