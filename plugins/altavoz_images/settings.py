"""Every knob of the image pipeline, as prefixed Pelican settings with defaults.

The same dictionary drives the Pelican build, `invoke check`, `invoke strip`,
the benchmark and the tests (through ``altavoz_submit.project.complete_settings``).
"""

from __future__ import annotations

import os

from altavoz_core.settings import apply_defaults, derived_value

PREFIX = "ALTAVOZ_IMAGES_"

DEFAULTS: dict = {
    # Widths (CSS pixels of the srcset candidates). Never upscaled: a source
    # narrower than the largest width is also published at its own width.
    "ALTAVOZ_IMAGES_WIDTHS": (480, 960, 1600, 2400),
    # Formats of every width, best first (the order of the <source> elements);
    # the last one is the <img> fallback and must be universally supported.
    "ALTAVOZ_IMAGES_FORMATS": ("webp", "jpeg"),
    # AVIF saves ~20 % over WebP at equal quality but costs about five times the
    # CPU of WebP at Pillow's default speed, on every build without a cache and
    # on 2-core CI machines. WebP already reaches ~97 % of browsers, so AVIF is
    # opt-in; when on, it is put first and encoded at a fast speed.
    "ALTAVOZ_IMAGES_AVIF": False,
    "ALTAVOZ_IMAGES_AVIF_QUALITY": 60,
    "ALTAVOZ_IMAGES_AVIF_SPEED": 8,
    # q80 is where artwork photos stop showing blocking on phones; the JPEG is
    # only the fallback of <picture> so it gets no slow extras (progressive or
    # optimize cost ~15-40 % more encode CPU for a file few browsers fetch).
    "ALTAVOZ_IMAGES_JPEG_QUALITY": 80,
    "ALTAVOZ_IMAGES_JPEG_PROGRESSIVE": False,
    # WebP method 4 is libwebp's own default: method 5-6 cost ~1.5-2x for ~2 %
    # smaller files; method 0-3 save CPU but visibly lose detail at q80.
    "ALTAVOZ_IMAGES_WEBP_QUALITY": 80,
    "ALTAVOZ_IMAGES_WEBP_METHOD": 4,
    # Thumbnail for grids: fits in a THUMBNAIL_SIZE box, centre-cropped so its
    # aspect ratio stays within THUMBNAIL_MAX_ASPECT (square-ish, never a sliver).
    # Square, because cards and avatars show it in a square box (object-fit: cover):
    # any other shape ships pixels the box crops away.
    "ALTAVOZ_IMAGES_THUMBNAIL_SIZE": 300,
    "ALTAVOZ_IMAGES_THUMBNAIL_MAX_ASPECT": 1.0,
    "ALTAVOZ_IMAGES_THUMBNAIL_FORMAT": "webp",
    # Cards: square renditions for the grids' square boxes, as (width, quality) pairs,
    # made only for images shown in one (a work's cover, an avatar: ImageJob.cards).
    # A phone's card is ~160-200 CSS px: 200 serves ratio 1, 400 ratio 2 (and
    # desktops' ~260 px cards), 600 ratio 3. Denser files get a
    # lower quality: at 2-3 device pixels per CSS pixel the encoder's losses are
    # smaller than a pixel the eye can tell apart, so SSIM against a Lanczos
    # reference at the shown size stays above that of the q80 files it replaces.
    # AVIF at these small sizes costs ~0.2 CPU s per image in all and halves the
    # bytes of WebP at equal SSIM on grainy artwork; browsers without AVIF (~5 %)
    # fall back to the WebP thumbnail and widths. Falls back to WebP when this
    # Pillow cannot write AVIF.
    "ALTAVOZ_IMAGES_CARDS": ((200, 55), (400, 50), (600, 45)),
    "ALTAVOZ_IMAGES_CARD_FORMAT": "avif",
    # Cards are small: Lanczos costs a few milliseconds there and, against Hamming,
    # raises their SSIM from 0.925 to 0.944 at ratio 1 for ~6 % more bytes.
    "ALTAVOZ_IMAGES_CARD_RESAMPLE": "lanczos",
    # Inline placeholder: a tiny blurred WebP (a few hundred bytes as a data
    # URI) painted over the dominant colour until the real image arrives.
    "ALTAVOZ_IMAGES_PLACEHOLDER_SIZE": 16,
    "ALTAVOZ_IMAGES_PLACEHOLDER_QUALITY": 40,
    # Resampling filter of every resize. Hamming (Pillow's windowed sinc with
    # support 1) keeps edges crisp when shrinking by less than 2x, which is all
    # the pipeline ever does after draft()/reduce(); Lanczos is sharper still but
    # costs ~0.05 CPU s more per 12 MP photo (+18 % of the whole pipeline).
    "ALTAVOZ_IMAGES_RESAMPLE": "hamming",
    # JPEG has no transparency: transparent images are flattened on this colour
    # (the page background); WebP and AVIF keep their alpha.
    "ALTAVOZ_IMAGES_BACKGROUND": "#ffffff",
    # Safety limits, applied in validation and again inside worker processes.
    # 25 MB is the largest file GitHub's web upload accepts.
    "ALTAVOZ_IMAGES_MAX_FILE_BYTES": 25 * 1024 * 1024,
    # Decompression-bomb limit (Image.MAX_IMAGE_PIXELS): 100 MP covers the
    # 108 MP modes of current phones; ~300 MB of RGB in memory per worker.
    "ALTAVOZ_IMAGES_MAX_PIXELS": 100_000_000,
    # What a file may be made of, counted from its bytes before it is decoded (a file
    # past any of these costs minutes to decode, or hides data): JPEG scans (a camera's
    # progressive JPEG has ~10), markers/chunks/blocks/boxes, frames of an animation or
    # images in a HEIF file, and bytes of metadata (EXIF, XMP, ICC, text chunks).
    "ALTAVOZ_IMAGES_MAX_JPEG_SCANS": 64,
    "ALTAVOZ_IMAGES_MAX_SEGMENTS": 2000,
    "ALTAVOZ_IMAGES_MAX_FRAMES": 1000,
    "ALTAVOZ_IMAGES_MAX_METADATA_BYTES": 4 * 1024 * 1024,
    # CPU seconds the check may spend decoding one image (in a worker process); past it
    # the image is refused (AV525). A 100 MP photo takes one to three. Build workers
    # allow four times as much to render every derivative of an accepted image.
    "ALTAVOZ_IMAGES_DECODE_CPU_SECONDS": 10,
    # Width/height outside [MIN, MAX] is refused (a 20000x100 strip is a
    # mistake or an attack, a 6:1 panorama is fine).
    "ALTAVOZ_IMAGES_MIN_ASPECT": 1 / 8,
    "ALTAVOZ_IMAGES_MAX_ASPECT": 8.0,
    # Shorter than this on the longest side, an image is refused: nothing to show.
    "ALTAVOZ_IMAGES_MIN_SIDE": 32,
    # Longest side below this looks blurry on a phone: warning.
    "ALTAVOZ_IMAGES_MIN_USEFUL_SIDE": 800,
    # Avatars are shown at most about 12rem wide (twice that on dense screens).
    "ALTAVOZ_IMAGES_AVATAR_MIN_USEFUL_SIDE": 400,
    # `sizes` attributes, matching theme/static/css/altavoz.css: a work page
    # shows its image across the 72rem column; grids have two columns on
    # phones and columns of about 14-18rem from 48rem up.
    "ALTAVOZ_IMAGES_SIZES": "(min-width: 72rem) 69rem, 100vw",
    "ALTAVOZ_IMAGES_THUMBNAIL_SIZES": "(min-width: 48rem) 18rem, 50vw",
    # Blog posts and pages show images in the text column (.prose, 40rem wide).
    "ALTAVOZ_IMAGES_POST_SIZES": "(min-width: 42rem) 40rem, 100vw",
    # None: <CACHE_PATH>/altavoz_images of the main site, one cache for every language
    # (altavoz_core.settings.DERIVED).
    "ALTAVOZ_IMAGES_CACHE_DIR": None,
    # None: every core (os.cpu_count()).
    "ALTAVOZ_IMAGES_WORKERS": None,
    # Cache entries unused for this many days are deleted at the end of a build.
    "ALTAVOZ_IMAGES_CACHE_MAX_AGE_DAYS": 30,
    "ALTAVOZ_IMAGES_PROGRESS": True,
    # Share cards (sharecards.py): the picture chats and networks show for a link to a
    # work, an artist, a post or an event. 1200x630 is the 1.91:1 shape Facebook,
    # X, Telegram and Mastodon show whole; WhatsApp shows no preview image over ~300 KB.
    "ALTAVOZ_IMAGES_SHARE_CARDS": True,
    "ALTAVOZ_IMAGES_SHARE_CARD_SIZE": (1200, 630),
    "ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES": 300_000,
    "ALTAVOZ_IMAGES_SHARE_CARD_QUALITY": 84,
    # None: the bundled fonts/NotoSans-Bold.ttf (see fonts/README.md).
    "ALTAVOZ_IMAGES_SHARE_CARD_FONT": None,
    # The site's paper, ink and orange (theme/static/css/altavoz.css): a neutral field
    # that neither fights the art nor looks like part of it.
    "ALTAVOZ_IMAGES_SHARE_CARD_COLOURS": {
        "field": "#f1ebe2",
        "ink": "#1c1917",
        "muted": "#57534e",
        "accent": "#c2410c",
    },
}

# The settings that change derivative pixels or files: part of the cache key.
PROCESSING_KEYS = (
    "ALTAVOZ_IMAGES_WIDTHS",
    "ALTAVOZ_IMAGES_FORMATS",
    "ALTAVOZ_IMAGES_AVIF",
    "ALTAVOZ_IMAGES_AVIF_QUALITY",
    "ALTAVOZ_IMAGES_AVIF_SPEED",
    "ALTAVOZ_IMAGES_JPEG_QUALITY",
    "ALTAVOZ_IMAGES_JPEG_PROGRESSIVE",
    "ALTAVOZ_IMAGES_WEBP_QUALITY",
    "ALTAVOZ_IMAGES_WEBP_METHOD",
    "ALTAVOZ_IMAGES_THUMBNAIL_SIZE",
    "ALTAVOZ_IMAGES_THUMBNAIL_MAX_ASPECT",
    "ALTAVOZ_IMAGES_THUMBNAIL_FORMAT",
    "ALTAVOZ_IMAGES_CARDS",
    "ALTAVOZ_IMAGES_CARD_FORMAT",
    "ALTAVOZ_IMAGES_CARD_RESAMPLE",
    "ALTAVOZ_IMAGES_PLACEHOLDER_SIZE",
    "ALTAVOZ_IMAGES_PLACEHOLDER_QUALITY",
    "ALTAVOZ_IMAGES_BACKGROUND",
    "ALTAVOZ_IMAGES_RESAMPLE",
)


def set_default_settings(settings: dict) -> dict:
    """Fill in every missing ALTAVOZ_IMAGES_* setting (in place) and return it."""
    return apply_defaults(settings, DEFAULTS)


def images_output_path(settings: dict) -> str:
    """The folder derivatives are published into: the main site's output, in every language."""
    return derived_value(settings, "ALTAVOZ_MAIN_OUTPUT_PATH") or "output"  # Pelican's default


def images_siteurl(settings: dict) -> str:
    """The address published derivatives are served from (no trailing slash).

    Every URL of a rendition (ImageSet.src, Candidate.url) is relative to it,
    not to the SITEURL of the language being built.
    """
    return str(derived_value(settings, "ALTAVOZ_MAIN_SITEURL") or "").rstrip("/")


def output_widths(settings: dict) -> tuple[int, ...]:
    widths = sorted({int(w) for w in settings["ALTAVOZ_IMAGES_WIDTHS"]}, reverse=True)
    if not widths or widths[-1] <= 0:
        raise ValueError("ALTAVOZ_IMAGES_WIDTHS must hold positive widths")
    return tuple(widths)


def card_plan(settings: dict) -> tuple[tuple[int, int], ...]:
    """(width, quality) of every card rendition, smallest first."""
    pairs = sorted({(int(w), int(q)) for w, q in settings.get("ALTAVOZ_IMAGES_CARDS") or ()})
    if any(width <= 0 or not 0 < quality <= 100 for width, quality in pairs):
        raise ValueError("ALTAVOZ_IMAGES_CARDS must hold (width, quality) pairs")
    return tuple(pairs)


def output_formats(settings: dict) -> tuple[str, ...]:
    formats = [f.lower().replace("jpg", "jpeg") for f in settings["ALTAVOZ_IMAGES_FORMATS"]]
    if settings.get("ALTAVOZ_IMAGES_AVIF") and "avif" not in formats:
        formats.insert(0, "avif")
    return tuple(dict.fromkeys(formats))


def cache_dir(settings: dict) -> str:
    # Pelican's own CACHE_PATH ("cache") when the settings name none.
    return derived_value({"CACHE_PATH": "cache", **settings}, "ALTAVOZ_IMAGES_CACHE_DIR")


def worker_count(settings: dict) -> int:
    return max(1, int(settings.get("ALTAVOZ_IMAGES_WORKERS") or os.cpu_count() or 1))
