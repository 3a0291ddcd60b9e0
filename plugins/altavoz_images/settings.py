"""Every knob of the image pipeline, as prefixed Pelican settings with defaults.

The same dictionary drives the Pelican build, `invoke check`, `invoke strip`,
the benchmark and the tests (through ``create_settings(**overrides)``).
"""

from __future__ import annotations

import os

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
    "ALTAVOZ_IMAGES_THUMBNAIL_SIZE": 300,
    "ALTAVOZ_IMAGES_THUMBNAIL_MAX_ASPECT": 4 / 3,
    "ALTAVOZ_IMAGES_THUMBNAIL_FORMAT": "webp",
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
    # None: <CACHE_PATH>/altavoz_images (Pelican's CACHE_PATH, default "cache") of the
    # main site: i18n_subsites gives each language a CACHE_PATH of its own, but one
    # cache serves every language (see remember_main_site).
    "ALTAVOZ_IMAGES_CACHE_DIR": None,
    # None: every core (os.cpu_count()).
    "ALTAVOZ_IMAGES_WORKERS": None,
    # Cache entries unused for this many days are deleted at the end of a build.
    "ALTAVOZ_IMAGES_CACHE_MAX_AGE_DAYS": 30,
    "ALTAVOZ_IMAGES_PROGRESS": True,
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
    "ALTAVOZ_IMAGES_PLACEHOLDER_SIZE",
    "ALTAVOZ_IMAGES_PLACEHOLDER_QUALITY",
    "ALTAVOZ_IMAGES_BACKGROUND",
    "ALTAVOZ_IMAGES_RESAMPLE",
)


def set_default_settings(settings: dict) -> dict:
    """Fill in every missing ALTAVOZ_IMAGES_* setting (in place) and return it."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    return settings


def remember_main_site(settings: dict) -> dict:
    """Remember the main site's output, address and image cache in its settings, in place.

    Images are the same in every language: they are published once, into the
    main site's output, and every language's pages show that copy (a visitor
    switching language downloads nothing twice). Called at Pelican's
    ``initialized``: the main site's receivers run before i18n_subsites builds a
    subsite from a copy of these settings (with its own OUTPUT_PATH, SITEURL and
    CACHE_PATH), and values already set are kept, so a subsite sees the main
    site's. ALTAVOZ_MAIN_SITEURL is the one plugins/altavoz_theme records too.
    """
    if not settings.get("ALTAVOZ_IMAGES_CACHE_DIR"):
        settings["ALTAVOZ_IMAGES_CACHE_DIR"] = cache_dir(settings)
    settings.setdefault("ALTAVOZ_MAIN_OUTPUT_PATH", settings.get("OUTPUT_PATH"))
    settings.setdefault("ALTAVOZ_MAIN_SITEURL", settings.get("SITEURL", ""))
    return settings


def images_output_path(settings: dict) -> str:
    """The folder derivatives are published into: the main site's output, in every language."""
    return settings.get("ALTAVOZ_MAIN_OUTPUT_PATH") or settings.get("OUTPUT_PATH") or "output"


def images_siteurl(settings: dict) -> str:
    """The address published derivatives are served from (no trailing slash).

    Every URL of a rendition (ImageSet.src, Candidate.url) is relative to it,
    not to the SITEURL of the language being built.
    """
    url = settings.get("ALTAVOZ_MAIN_SITEURL")
    return str(settings.get("SITEURL", "") if url is None else url).rstrip("/")


def create_settings(**overrides) -> dict:
    """Complete settings for tests and tools: defaults, then ``overrides``.

    Keys may be given with or without the prefix: ``create_settings(WIDTHS=(100,))``.
    """
    settings = dict(DEFAULTS)
    for name, value in overrides.items():
        key = PREFIX + name if PREFIX + name in DEFAULTS else name
        settings[key] = value
    return settings


def output_widths(settings: dict) -> tuple[int, ...]:
    widths = sorted({int(w) for w in settings["ALTAVOZ_IMAGES_WIDTHS"]}, reverse=True)
    if not widths or widths[-1] <= 0:
        raise ValueError("ALTAVOZ_IMAGES_WIDTHS must hold positive widths")
    return tuple(widths)


def output_formats(settings: dict) -> tuple[str, ...]:
    formats = [f.lower().replace("jpg", "jpeg") for f in settings["ALTAVOZ_IMAGES_FORMATS"]]
    if settings.get("ALTAVOZ_IMAGES_AVIF") and "avif" not in formats:
        formats.insert(0, "avif")
    return tuple(dict.fromkeys(formats))


def cache_dir(settings: dict) -> str:
    configured = settings.get("ALTAVOZ_IMAGES_CACHE_DIR")
    if configured:
        return configured
    return os.path.join(settings.get("CACHE_PATH", "cache"), "altavoz_images")


def worker_count(settings: dict) -> int:
    return max(1, int(settings.get("ALTAVOZ_IMAGES_WORKERS") or os.cpu_count() or 1))
