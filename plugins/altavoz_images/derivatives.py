"""Image maths: one decode per source, then every published size from ready pixels.

The order is chosen for CPU: decode JPEGs at the smallest DCT scale that still
covers the largest output (``draft``), shrink by whole factors (``reduce``),
one antialiased resize (ALTAVOZ_IMAGES_RESAMPLE) to the largest output, then
colour conversion and rotation at that (small) size, and each smaller width
from the next larger one. Outputs are always 8-bit sRGB without any profile or metadata: browsers
treat untagged images as sRGB, and dropping the profile saves bytes on every
image (a ~600-byte sRGB profile is larger than many placeholders).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import pathlib
from dataclasses import dataclass, field

from PIL import Image, ImageCms, features

from . import formats, loader, privacy
from . import settings as image_settings

# Rotations that undo EXIF orientations 2-8 (applied after resizing: cheaper).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
# reduce() (box averaging by a whole factor) stops this far above the target,
# so the final Lanczos resize still has real pixels to filter from.
REDUCING_GAP = 2.0

# Cards are resized from a chain image with at least this many times their pixels:
# shrinking a 480 px image to 400 blurs what shrinking the 960 px one keeps.
CARD_OVERSAMPLE = 1.5

decode_count = 0  # decodes done in this process (tests and the pipeline's stats read it)


class ImageProcessingError(Exception):
    """The source could not be turned into derivatives (message says why)."""


@dataclass
class Rendition:
    kind: str  # "width", "thumbnail" or "card"
    format: str  # "jpeg", "webp", "avif"
    width: int
    height: int
    data: bytes


@dataclass
class Rendered:
    source_width: int  # upright (after orientation), full resolution
    source_height: int
    renditions: list[Rendition] = field(default_factory=list)
    placeholder: str = ""  # data URI of a tiny blurred preview
    colour: str = "#808080"  # average colour, as CSS hex
    has_alpha: bool = False  # some pixels are transparent (WebP/AVIF keep them)
    notes: list[str] = field(default_factory=list)  # e.g. "animated: first frame only"


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def scaled_height(width: int, source: tuple[int, int]) -> int:
    return max(1, round(width * source[1] / source[0]))


def plan_widths(source_width: int, widths) -> list[int]:
    """Output widths, largest first; never wider than the source.

    A source narrower than some configured width is also published at its own
    width, so large screens get every pixel there is (and nothing upscaled).
    """
    wanted = sorted({int(w) for w in widths}, reverse=True)
    planned = [w for w in wanted if w < source_width]
    if any(w >= source_width for w in wanted):
        planned.insert(0, source_width)
    return planned


def thumbnail_geometry(size: tuple[int, int], box: int, max_aspect: float):
    """(crop box in ``size`` coordinates, thumbnail size): centred, square-ish, fits ``box``."""
    width, height = size
    aspect = width / height
    if aspect > max_aspect:
        crop_w, crop_h = height * max_aspect, height
    elif aspect < 1 / max_aspect:
        crop_w, crop_h = width, width * max_aspect
    else:
        crop_w, crop_h = width, height
    left, top = (width - crop_w) / 2, (height - crop_h) / 2
    scale = min(1.0, box / max(crop_w, crop_h))
    thumb = (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
    return (left, top, left + crop_w, top + crop_h), thumb


# --- colour -----------------------------------------------------------------------------

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.lru_cache(maxsize=16)
def _transform_to_srgb(profile_digest: str, profile: bytes, mode: str):
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    output_mode = "RGBA" if mode == "RGBA" else "RGB"
    return ImageCms.buildTransform(
        source,
        _SRGB,
        mode,
        output_mode,
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def _is_srgb(profile: bytes) -> bool:
    try:
        description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    except ImageCms.PyCMSError:
        return False
    return description.strip().lower().startswith("srgb")


def to_srgb(im: Image.Image, profile: bytes | None, notes: list[str]) -> Image.Image:
    """Pixels converted from the embedded profile to sRGB; RGB or RGBA out."""
    if profile and not (im.mode in ("RGB", "RGBA") and _is_srgb(profile)):
        digest = hashlib.sha256(profile).hexdigest()
        try:
            transform = _transform_to_srgb(digest, profile, im.mode)
            return ImageCms.applyTransform(im, transform)
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            notes.append(f"colour profile ignored ({exc})")
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.mode else "RGB")
    return im


def working_mode(im: Image.Image) -> Image.Image:
    """8-bit RGB/RGBA (or CMYK/L, kept for their colour profile) from any decoded mode."""
    mode = im.mode
    if mode in ("RGB", "RGBA", "CMYK", "L"):
        return im
    if mode.startswith("I;16") or mode in ("I", "F"):
        # Pillow clips 16-bit values when converting to L: scale them down instead.
        return im.convert("I").point(lambda value: value / 257).convert("L")
    if mode == "P":
        return im.convert("RGBA" if "transparency" in im.info else "RGB")
    if mode in ("LA", "PA", "RGBa", "La"):
        return im.convert("RGBA")
    if mode == "1":
        return im.convert("L")
    return im.convert("RGB")


def drop_opaque_alpha(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        return im.convert("RGB")
    return im


def flatten(im: Image.Image, background: str) -> Image.Image:
    if im.mode != "RGBA":
        return im
    flat = Image.new("RGB", im.size, background)
    flat.paste(im, mask=im.getchannel("A"))
    return flat


# --- decode -----------------------------------------------------------------------------


def resample_filter(settings: dict) -> Image.Resampling:
    return Image.Resampling[str(settings["ALTAVOZ_IMAGES_RESAMPLE"]).upper()]


def decode_largest(
    path: pathlib.Path,
    largest_width: int,
    max_pixels: int,
    resample: Image.Resampling = Image.Resampling.HAMMING,
):
    """Decode once, as small as the largest output allows.

    Returns (upright RGB/RGBA sRGB image exactly at the largest output size,
    upright full source size, notes).
    """
    global decode_count
    sniffed = formats.sniff_file(path)
    if not sniffed.accepted:
        raise ImageProcessingError(f"not an accepted image ({sniffed.label})")
    notes: list[str] = []
    with loader.open_sniffed(path, sniffed) as im:
        if im.width * im.height > max_pixels:
            raise ImageProcessingError(f"{im.width}x{im.height} exceeds {max_pixels} pixels")
        # HEIF rotates through its own irot/imir boxes (pillow-heif applies them).
        orientation = 1 if sniffed.kind == "heif" else privacy.orientation_of(im)
        source = upright_size(im.size, orientation)
        out_w = min(largest_width, source[0])
        out_upright = (out_w, scaled_height(out_w, source))
        out_stored = upright_size(out_upright, orientation)
        if getattr(im, "n_frames", 1) > 1:
            notes.append(f"animated ({im.n_frames} frames): first frame only")
        profile = im.info.get("icc_profile")
        if im.format == "JPEG":
            im.draft("RGB" if im.mode in ("RGB", "YCbCr") else None, out_stored)
        im.load()
        decode_count += 1
        work = working_mode(im)
    factor = int(min(work.width / out_stored[0], work.height / out_stored[1]) / REDUCING_GAP)
    if factor >= 2:
        work = work.reduce(factor)
    if work.size != out_stored:
        work = work.resize(out_stored, resample)
    work = to_srgb(work, profile, notes)
    if orientation in _TRANSPOSE:
        work = work.transpose(_TRANSPOSE[orientation])
    return drop_opaque_alpha(work), source, notes


# --- encode -----------------------------------------------------------------------------


def _encoder_options(fmt: str, settings: dict) -> tuple[str, dict]:
    """Pillow's format name and save() options for one output format."""
    if fmt == "jpeg":
        return "JPEG", {
            "quality": settings["ALTAVOZ_IMAGES_JPEG_QUALITY"],
            "progressive": settings["ALTAVOZ_IMAGES_JPEG_PROGRESSIVE"],
        }
    if fmt == "webp":
        return "WEBP", {
            "quality": settings["ALTAVOZ_IMAGES_WEBP_QUALITY"],
            "method": settings["ALTAVOZ_IMAGES_WEBP_METHOD"],
        }
    if fmt == "avif":
        return "AVIF", {
            "quality": settings["ALTAVOZ_IMAGES_AVIF_QUALITY"],
            "speed": settings["ALTAVOZ_IMAGES_AVIF_SPEED"],
        }
    raise ValueError(f"unknown output format {fmt!r}")


def encode(im: Image.Image, fmt: str, settings: dict, background: str) -> bytes:
    """One output file's bytes: no EXIF, XMP, ICC, comment or other metadata."""
    pillow_format, options = _encoder_options(fmt, settings)
    if fmt == "jpeg":
        im = flatten(im, background)
    im.info = {}  # nothing of the source's metadata may ride along
    buffer = io.BytesIO()
    im.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def placeholder(im: Image.Image, settings: dict, background: str) -> tuple[str, str]:
    """(data URI of a tiny WebP preview, average colour as #rrggbb)."""
    flat = flatten(im, background)
    size = settings["ALTAVOZ_IMAGES_PLACEHOLDER_SIZE"]
    scale = min(1.0, size / max(flat.size))
    tiny = flat.resize(
        (max(1, round(flat.width * scale)), max(1, round(flat.height * scale))),
        Image.Resampling.BOX,
    )
    red, green, blue = tiny.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))[:3]
    buffer = io.BytesIO()
    tiny.save(buffer, "WEBP", quality=settings["ALTAVOZ_IMAGES_PLACEHOLDER_QUALITY"], method=6)
    uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return uri, f"#{red:02x}{green:02x}{blue:02x}"


def cropped(chain, source, box: int, max_aspect: float, resample, oversample=1.0) -> Image.Image:
    """The centred crop of thumbnail_geometry, resized from the smallest chain image
    with ``oversample`` times the pixels it needs (``chain``: the published widths,
    largest first)."""
    crop, size = thumbnail_geometry(source, box, max_aspect)
    needed = oversample * size[0] * source[0] / (crop[2] - crop[0])
    base = next((im for im in reversed(chain) if im.width >= needed), chain[0])
    ratio = base.width / source[0]
    limits = (base.width, base.height) * 2
    scaled_crop = tuple(min(c * ratio, limit) for c, limit in zip(crop, limits, strict=True))
    return base.resize(size, resample, box=scaled_crop)


def card_format(settings: dict) -> str:
    fmt = str(settings["ALTAVOZ_IMAGES_CARD_FORMAT"]).lower()
    return "webp" if fmt == "avif" and not features.check("avif") else fmt


def render_cards(chain, source, settings: dict, background: str) -> list[Rendition]:
    """Square renditions for cards, each at its own quality; never upscaled: when the
    largest decoded image's square is smaller than a card width, one card is made at
    the square's own side instead of the wider ones."""
    fmt, configured = card_format(settings), str(settings["ALTAVOZ_IMAGES_CARD_FORMAT"]).lower()
    card_resample = Image.Resampling[str(settings["ALTAVOZ_IMAGES_CARD_RESAMPLE"]).upper()]
    side = min(chain[0].size)
    plan = image_settings.card_plan(settings)
    kept = [(w, q) for w, q in plan if w < side]
    larger = [(w, q) for w, q in plan if w >= side]
    if larger:
        kept.append((side, larger[0][1]))
    cards = []
    for width, quality in kept:
        card = cropped(chain, source, width, 1.0, card_resample, CARD_OVERSAMPLE)
        options = {
            **settings,
            "ALTAVOZ_IMAGES_AVIF_QUALITY": quality,
            # Qualities are AVIF's; WebP matches AVIF's SSIM ~15 points higher.
            "ALTAVOZ_IMAGES_WEBP_QUALITY": quality if fmt == configured else min(100, quality + 15),
            "ALTAVOZ_IMAGES_WEBP_METHOD": 6,
            "ALTAVOZ_IMAGES_JPEG_QUALITY": quality,
        }
        cards.append(Rendition("card", fmt, *card.size, encode(card, fmt, options, background)))
    return cards


def render(path: pathlib.Path, settings: dict) -> Rendered:
    """Every derivative of one source, in memory."""
    widths = image_settings.output_widths(settings)
    fmts = image_settings.output_formats(settings)
    background = settings["ALTAVOZ_IMAGES_BACKGROUND"]
    resample = resample_filter(settings)
    largest, source, notes = decode_largest(
        pathlib.Path(path), widths[0], settings["ALTAVOZ_IMAGES_MAX_PIXELS"], resample
    )
    result = Rendered(source_width=source[0], source_height=source[1], notes=notes)
    result.has_alpha = largest.mode == "RGBA"
    chain: list[Image.Image] = []
    current = largest
    for width in plan_widths(source[0], widths):
        size = (width, scaled_height(width, source))
        if current.size != size:
            current = current.resize(size, resample)
        chain.append(current)
        for fmt in fmts:
            result.renditions.append(
                Rendition("width", fmt, *size, encode(current, fmt, settings, background))
            )
    box = settings["ALTAVOZ_IMAGES_THUMBNAIL_SIZE"]
    max_aspect = settings["ALTAVOZ_IMAGES_THUMBNAIL_MAX_ASPECT"]
    thumb_fmt = settings["ALTAVOZ_IMAGES_THUMBNAIL_FORMAT"]
    thumb = cropped(chain, source, box, max_aspect, resample)
    # Small files: the slowest, tightest WebP method costs a few milliseconds here.
    thumb_settings = {**settings, "ALTAVOZ_IMAGES_WEBP_METHOD": 6}
    result.renditions.append(
        Rendition(
            "thumbnail",
            thumb_fmt,
            *thumb.size,
            encode(thumb, thumb_fmt, thumb_settings, background),
        )
    )
    result.renditions.extend(render_cards(chain, source, settings, background))
    result.placeholder, result.colour = placeholder(chain[-1], settings, background)
    return result
