"""Share cards: the 1200×630 picture a chat or a network shows for a shared link.

Most people meet a work through a link someone sent them, so every work, artist, post
and event gets a card of its own (``og:image``): the art fitted whole (never cropped)
on a neutral field, the title and the artist's name in the site's type
(``fonts/NotoSans-Bold.ttf``, bundled: nothing is fetched or read from the system), and
the site's name. A card is a JPEG within ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES (300 KB:
WhatsApp leaves out larger previews; a card that cannot fit is left out with a warning
and its pages show the site's card), made once per content and kept in the image
cache like every derivative: its key is a hash of the pixels it shows (the published
derivatives' bytes), its texts, the card settings, the font and Pillow's version.

The maths (which layout shows the art largest, where each image goes, how a title
wraps, which characters can be drawn) are small pure functions, tested without
Pelican or Pillow drawing anything; ``render_card`` only carries them out.

Texts come from submissions and are untrusted: they are cut to a bounded length, lose
every control, direction and invisible format character before anything is measured,
and keep at most two combining marks per letter. A character the font lacks is never
drawn as a box: a symbol or emoji is left out, and a line holding a letter or digit the
font cannot draw is left out whole (the page's og:title still carries it).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import multiprocessing
import pathlib
import struct
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import PIL
from altavoz_core import kept_output
from altavoz_core.characters import is_unpublishable
from altavoz_core.fingerprints import file_digest, settings_fingerprint
from PIL import Image, ImageDraw, ImageFont

from . import cache, derivatives, loader
from . import settings as image_settings

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_images]"

# Bump when the drawing changes in a way the settings, font and texts do not capture.
SHARE_VERSION = "2"
MIME = "image/jpeg"
PUBLISHED_STEM = "share"  # published as share-<key10>-og.jpg in the item's folder
# Characters of a text kept before it is laid out: a title is at most a few lines on a
# card, and measuring a megabyte of text would cost seconds.
MAX_TEXT_CHARS = 200
MAX_MARKS_PER_LETTER = 2
ELLIPSIS = "…"
# Layout on a 1200-pixel-wide card (scaled for other widths).
BASE_WIDTH = 1200
MARGIN = 48
GAP = 16  # between images of one card
SIDE_ART_WIDTH = 600  # the art's column when the text goes beside it
BAND = 150  # the text's band when it goes below the art
MAX_UPSCALE = 2.0  # a small image is shown at most twice its size, never blown up further
MIN_QUALITY = 20  # below it a card's text and art break into blocks: better no card


@dataclass(frozen=True)
class ShareCardJob:
    """One card to make: what it shows and where it is published."""

    output_dir: pathlib.Path  # absolute folder the card is published into
    url_dir: str  # that folder's address relative to images_siteurl()
    title: str
    subtitle: str = ""
    images: tuple[pathlib.Path, ...] = ()  # pixels to show, each fitted whole, in order
    # What those pictures show, in words (their alt texts), for the pages' og:image:alt.
    # Never drawn: not part of the card's key.
    alt: str = ""


@dataclass(frozen=True)
class ShareCard:
    """A published card, as templates print it (og:image, og:image:width…)."""

    url: str  # relative to images_siteurl()
    width: int
    height: int
    bytes: int
    mime: str = MIME
    alt: str = ""  # the job's: what the card's pictures show

    def __getitem__(self, name):  # templates may treat it as a mapping
        return getattr(self, name)


# --- which characters the font can draw ------------------------------------------------


class Coverage:
    """The code points a font maps to a glyph, as sorted ranges (its cmap table)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, ch: str) -> bool:
        code = ord(ch)
        index = bisect_right(self._starts, code) - 1
        return index >= 0 and code <= self._ends[index]


def _u16(data: bytes, offset: int) -> int:
    return struct.unpack_from(">H", data, offset)[0]


def _u32(data: bytes, offset: int) -> int:
    return struct.unpack_from(">I", data, offset)[0]


def cmap_ranges(data: bytes) -> list[tuple[int, int]]:
    """Code point ranges a TrueType/OpenType font maps to a glyph other than .notdef.

    Reads the Unicode subtable of the ``cmap`` table: format 12 (every plane) when
    there is one, else format 4 (the first plane). The font is the project's own file,
    but the reader stays within the bytes it is given (struct raises past the end).
    """
    tables = _u16(data, 4)
    cmap = None
    for index in range(min(tables, 512)):
        record = 12 + 16 * index
        if data[record : record + 4] == b"cmap":
            cmap = _u32(data, record + 8)
    if cmap is None:
        raise ValueError("the font has no cmap table")
    subtables = {}
    for index in range(min(_u16(data, cmap + 2), 64)):
        record = cmap + 4 + 8 * index
        platform, encoding = _u16(data, record), _u16(data, record + 2)
        subtables[platform, encoding] = cmap + _u32(data, record + 4)
    for wanted in ((3, 10), (0, 4), (0, 6)):
        if wanted in subtables and _u16(data, subtables[wanted]) == 12:
            return _format12(data, subtables[wanted])
    for wanted in ((3, 1), (0, 3), (0, 1), (0, 0)):
        if wanted in subtables and _u16(data, subtables[wanted]) == 4:
            return _format4(data, subtables[wanted])
    raise ValueError("the font has no Unicode cmap subtable of format 4 or 12")


def _format12(data: bytes, offset: int) -> list[tuple[int, int]]:
    groups = _u32(data, offset + 12)
    ranges = []
    for index in range(min(groups, 100_000)):
        start, end, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * index)
        if glyph == 0:  # the group starts at .notdef: its first code point has no glyph
            start += 1
        if start <= end:
            ranges.append((start, end))
    return ranges


def _format4(data: bytes, offset: int) -> list[tuple[int, int]]:
    segments = _u16(data, offset + 6) // 2
    ends_at = offset + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    range_offsets_at = deltas_at + 2 * segments
    ranges = []
    for index in range(segments):
        end, start = _u16(data, ends_at + 2 * index), _u16(data, starts_at + 2 * index)
        delta = _u16(data, deltas_at + 2 * index)
        range_offset_at = range_offsets_at + 2 * index
        range_offset = _u16(data, range_offset_at)
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                glyph = _u16(data, range_offset_at + range_offset + 2 * (code - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                ranges.append((code, code))
    return ranges


@functools.lru_cache(maxsize=4)
def font_coverage(path: str) -> Coverage:
    return Coverage(cmap_ranges(pathlib.Path(path).read_bytes()))


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout: no shaping library, so a card is the same on every machine (raqm and
    # FriBiDi are optional in Pillow); every character drawn is a left-to-right one.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=4)
def _font_digest(path: str) -> str:
    return file_digest(pathlib.Path(path))


# --- texts ---------------------------------------------------------------------------


def card_text(text, limit: int = MAX_TEXT_CHARS) -> str:
    """A submitted text as it may be drawn: NFC, one line, nothing invisible.

    Every kind of space and line break becomes one space; controls, direction and
    other format characters (``Cf``: bidi overrides and isolates, zero-width joiners,
    soft hyphens), private-use and unassigned characters go; a letter keeps at most
    MAX_MARKS_PER_LETTER combining marks; at most ``limit`` characters are kept.
    """
    text = unicodedata.normalize("NFC", str(text or "")[: 8 * limit])
    kept: list[str] = []
    marks = 0
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace() or category in ("Zs", "Zl", "Zp"):
            if kept and kept[-1] != " ":
                kept.append(" ")
            marks = 0
        elif category == "Cf" or is_unpublishable(ch):
            continue
        elif category.startswith("M"):
            if kept and kept[-1] != " " and marks < MAX_MARKS_PER_LETTER:
                kept.append(ch)
                marks += 1
        else:
            kept.append(ch)
            marks = 0
        if len(kept) > limit:
            break
    return "".join(kept[:limit]).strip()


def is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def drawable(text: str, covered) -> str | None:
    """``text`` without what the font cannot draw, or None when that would change what
    it says: a letter, mark or digit missing (a name in a script the font lacks is left
    out whole, never shown in pieces). Symbols and emoji the font lacks just go, with
    every mark that rides on them (so an accent never lands on the letter before), and
    so do the marks that only choose how a character looks: variation selectors (the
    U+FE0F of «❤️», ordinary in a title) and enclosing marks (a keycap's U+20E3)."""
    kept = []
    dropped = False  # the last base character was left out: its marks go with it
    for ch in text:
        kind = unicodedata.category(ch)
        if kind[0] == "M":
            if dropped:
                continue
            if ch in covered:
                kept.append(ch)
            elif kind != "Me" and not is_variation_selector(ch):
                return None
        elif ch == " " or ch in covered:
            kept.append(ch)
            dropped = False
        elif kind[0] in "LN":
            return None
        else:
            dropped = True
    return " ".join("".join(kept).split()) or None


def wrap(text: str, measure: Callable[[str], float], width: float, max_lines: int):
    """(lines, complete): ``text`` broken at spaces into lines no wider than ``width``.

    A word wider than a line is broken between characters. Past ``max_lines`` the last
    line ends with an ellipsis and ``complete`` is False.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # the word alone, broken where it must be
            if line and measure(line + ch) > width:
                lines.append(line)
                line = ""
            line += ch
    if line:
        lines.append(line)
    if len(lines) <= max_lines:
        return lines, True
    last = lines[max_lines - 1]
    while last and measure(last.rstrip() + ELLIPSIS) > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS], False


# --- layout --------------------------------------------------------------------------


def fit_within(size: tuple[int, int], box: tuple[int, int], max_scale: float = MAX_UPSCALE):
    """The largest size of ``size``'s shape inside ``box`` (never more than ``max_scale``
    times ``size``): the whole image, nothing cropped."""
    scale = min(box[0] / size[0], box[1] / size[1], max_scale)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def art_area(layout: str, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """Where the art goes (left, top, right, bottom) in each layout; None: text only."""
    width, height = size
    scale = width / BASE_WIDTH
    margin = round(MARGIN * scale)
    if layout == "side":
        return (margin, margin, margin + round(SIDE_ART_WIDTH * scale), height - margin)
    if layout == "band":
        return (margin, margin, width - margin, height - margin - round(BAND * scale))
    return None


def row_boxes(aspects, area, gap: float, align: str = "center") -> list[tuple[int, int, int, int]]:
    """One row of images of these aspect ratios (width / height), all the same height,
    as large as ``area`` allows, centred in it (``align="end"``: against its right edge,
    next to the text): each image whole."""
    left, top, right, bottom = area
    width, height = right - left, bottom - top
    room = width - gap * (len(aspects) - 1)
    row_height = min(height, room / sum(aspects))
    widths = [row_height * aspect for aspect in aspects]
    spare = width - sum(widths) - gap * (len(aspects) - 1)
    x = left + (spare if align == "end" else spare / 2)
    y = top + (height - row_height) / 2
    boxes = []
    for image_width in widths:
        boxes.append((round(x), round(y), round(x + image_width), round(y + row_height)))
        x += image_width + gap
    return boxes


def choose_layout(aspects, size: tuple[int, int]) -> str:
    """ "side" (art left, text right), "band" (art above, text below) or "text": whichever
    shows the art largest (a portrait beside the text, a panorama or a row above it)."""
    if not aspects:
        return "text"
    gap = GAP * size[0] / BASE_WIDTH

    def shown(layout):
        boxes = row_boxes(aspects, art_area(layout, size), gap)
        return sum((r - left) * (b - t) for left, t, r, b in boxes)

    return "side" if shown("side") >= shown("band") else "band"


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    size: int  # font size in pixels


def fit_text(text, measure_at, width: float, sizes, max_lines: int) -> TextBlock | None:
    """The largest of ``sizes`` at which ``text`` fits ``max_lines`` lines of ``width``
    (else the smallest, ending in an ellipsis). ``measure_at(size)`` measures a string."""
    if not text:
        return None
    lines: list[str] = []
    for size in sizes:
        lines, complete = wrap(text, measure_at(size), width, max_lines)
        if complete:
            return TextBlock(tuple(lines), size)
    return TextBlock(tuple(lines), sizes[-1])


# --- drawing -------------------------------------------------------------------------


def font_path(settings: dict) -> str:
    return str(
        settings.get("ALTAVOZ_IMAGES_SHARE_CARD_FONT")
        or pathlib.Path(__file__).with_name("fonts") / "NotoSans-Bold.ttf"
    )


def _open_fitted(path: pathlib.Path, box: tuple[int, int]) -> Image.Image:
    """The image at ``path`` resized to fit ``box`` whole (RGB, transparency on white)."""
    with Image.open(path) as im:
        target = fit_within(im.size, box)
        if im.format == "JPEG":
            im.draft("RGB", target)  # decode at the smallest scale that still covers it
        im.load()
        pixels = derivatives.working_mode(im)
    pixels = derivatives.flatten(pixels, "#ffffff").convert("RGB")
    # reducing_gap: whole-factor box averaging first, Lanczos for the rest (as sharp, a
    # third of the CPU when the file is twice the box).
    return pixels.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _draw_mark(draw: ImageDraw.ImageDraw, x: int, y: int, side: int, colours: dict) -> None:
    """The site's mark (theme/static/img/icon.svg): a loudspeaker on an orange square."""
    unit = side / 32
    draw.rounded_rectangle((x, y, x + side, y + side), radius=7 * unit, fill=colours["accent"])

    def at(px, py):
        return (x + px * unit, y + py * unit)

    draw.polygon([at(6, 13), at(11, 13), at(18, 7), at(18, 25), at(11, 19), at(6, 19)], "#fff")
    stroke = max(1, round(2.2 * unit))
    draw.arc((*at(16, 11), *at(26, 21)), -55, 55, fill="#ffffff", width=stroke)
    draw.arc((*at(15, 7), *at(33, 25)), -55, 55, fill="#ffffff", width=stroke)


def render_card(images, title: str, subtitle: str, site_name: str, settings: dict) -> bytes:
    """The card's JPEG bytes: ``images`` (paths) in one row, the texts, the site's name."""
    size = tuple(int(v) for v in settings["ALTAVOZ_IMAGES_SHARE_CARD_SIZE"])
    width, height = size
    scale = width / BASE_WIDTH
    colours = dict(settings["ALTAVOZ_IMAGES_SHARE_CARD_COLOURS"])
    path = font_path(settings)
    covered = font_coverage(path)
    card = Image.new("RGB", size, colours["field"])
    draw = ImageDraw.Draw(card)

    sources = []
    for image in images:
        with Image.open(image) as im:
            sources.append((image, im.size))
    aspects = [w / h for _, (w, h) in sources]
    layout = choose_layout(aspects, size)
    if sources:
        area = art_area(layout, size)
        boxes = row_boxes(aspects, area, GAP * scale, "end" if layout == "side" else "center")
        for (image, _), box in zip(sources, boxes, strict=True):
            box_size = (box[2] - box[0], box[3] - box[1])
            pixels = _open_fitted(image, box_size)
            left = box[0] + (box_size[0] - pixels.width) // 2
            top = box[1] + (box_size[1] - pixels.height) // 2
            card.paste(pixels, (left, top))

    def measure_at(px):
        font = _font(path, px)
        return font.getlength

    margin = round(MARGIN * scale)
    title = drawable(card_text(title), covered)
    subtitle = drawable(card_text(subtitle), covered)
    site = drawable(card_text(site_name, 40), covered) or ""
    mark = round(44 * scale)
    site_font = _font(path, round(30 * scale))
    site_width = mark + round(12 * scale) + site_font.getlength(site)

    def sizes(*values):
        return tuple(round(v * scale) for v in values)

    if layout == "side":
        left = margin + round(SIDE_ART_WIDTH * scale) + round(40 * scale)
        column = width - margin - left
        head = fit_text(title, measure_at, column, sizes(64, 56, 48, 40), 4)
        sub = fit_text(subtitle, measure_at, column, sizes(34, 30), 2)
        brand_at = (left, height - margin - mark)
        text_top, text_bottom = margin, brand_at[1] - round(24 * scale)
    elif layout == "band":
        left = margin
        column = width - 2 * margin
        head = fit_text(title, measure_at, column, sizes(52, 46, 40), 1)
        sub = fit_text(subtitle, measure_at, column - site_width - 32 * scale, sizes(32, 28), 1)
        brand_at = (round(width - margin - site_width), height - margin - mark)
        text_top, text_bottom = height - margin - round(BAND * scale) + round(20 * scale), None
    else:
        left = margin
        column = width - 2 * margin
        head = fit_text(title, measure_at, column, sizes(88, 76, 64, 52), 3)
        sub = fit_text(subtitle, measure_at, column, sizes(40, 34), 2)
        brand_at = (left, height - margin - mark)
        text_top, text_bottom = margin, brand_at[1] - round(24 * scale)

    blocks = [(block, colours[ink]) for block, ink in ((head, "ink"), (sub, "muted")) if block]
    spacing = round(14 * scale)
    heights = [round(len(b.lines) * b.size * 1.2) for b, _ in blocks]
    total = sum(heights) + spacing * max(0, len(blocks) - 1)
    y = text_top
    if text_bottom is not None:  # centred in the room the column leaves above the mark
        y = text_top + max(0, (text_bottom - text_top - total) // 2)
    for (block, ink), block_height in zip(blocks, heights, strict=True):
        font = _font(path, block.size)
        for number, line in enumerate(block.lines):
            draw.text((left, y + round(number * block.size * 1.2)), line, font=font, fill=ink)
        y += block_height + spacing
    _draw_mark(draw, brand_at[0], brand_at[1], mark, colours)
    if site:
        centre = brand_at[1] + mark / 2
        draw.text(
            (brand_at[0] + mark + round(12 * scale), centre),
            site,
            font=site_font,
            fill=colours["ink"],
            anchor="lm",
        )
    return encode_within(card, int(settings["ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES"]), settings)


class CardTooLarge(ValueError):
    """A card still over its byte budget at the lowest quality tried."""


def encode_within(im: Image.Image, max_bytes: int, settings: dict) -> bytes:
    """A JPEG of ``im`` no larger than ``max_bytes``: the set quality, lowered until it
    fits (a busy drawing's card may need less than a flat painting's).

    Raises CardTooLarge when even the lowest quality does not fit. Such a card is left
    out rather than published: WhatsApp shows no preview at all for a picture over its
    limit, while a page without a card of its own shows the site's."""
    quality = int(settings["ALTAVOZ_IMAGES_SHARE_CARD_QUALITY"])
    qualities = dict.fromkeys(max(MIN_QUALITY, quality - 8 * attempt) for attempt in range(8))
    data = b""
    for tried in qualities:
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=tried)
        data = buffer.getvalue()
        if len(data) <= max_bytes:
            return data
    raise CardTooLarge(
        f"the card takes {len(data):,} bytes even at JPEG quality {tried}, more than "
        f"ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES ({max_bytes:,}); it is left out and the "
        "pages show the site's card instead (a calmer first image would fit)"
    )


# --- cache and publishing ------------------------------------------------------------


def share_fingerprint(settings: dict) -> str:
    """What a card depends on besides its texts and images (the font by its bytes, not
    its path)."""
    path = font_path(settings)
    relevant = {
        name: settings[name]
        for name in sorted(settings)
        if name.startswith("ALTAVOZ_IMAGES_SHARE_CARD_") and not name.endswith("_FONT")
    }
    return settings_fingerprint(
        {
            **relevant,
            "SITENAME": str(settings.get("SITENAME", "")),
            "font": _font_digest(path),
            "pillow": PIL.__version__,
            "share": SHARE_VERSION,
        }
    )


def card_key(image_digests, title: str, subtitle: str, fingerprint: str) -> str:
    text = json.dumps([list(image_digests), title, subtitle, fingerprint], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _render_to_cache(job: ShareCardJob, key: str, cache_dir: str, settings: dict):
    """Worker body: (key, manifest or error text)."""
    folder = pathlib.Path(cache_dir)
    with cache.render_lock(folder, key, wait_seconds=60) as _held:
        stored = cache.load_manifest(folder, key)
        if stored is not None and not stored.get("error"):
            return key, stored
        try:
            data = render_card(
                job.images, job.title, job.subtitle, str(settings.get("SITENAME", "")), settings
            )
        except MemoryError:
            return key, "not enough memory to draw its share card"
        except CardTooLarge as exc:
            return key, str(exc)
        except Exception as exc:  # isolation: one card failing never stops the build
            return key, f"{type(exc).__name__}: {exc}"
        width, height = (int(v) for v in settings["ALTAVOZ_IMAGES_SHARE_CARD_SIZE"])
        rendered = derivatives.Rendered(width, height, colour="")
        rendered.renditions.append(derivatives.Rendition("share", "jpeg", width, height, data))
        stored = cache.write_entry(folder, key, rendered)
        return key, stored if stored is not None else "it could not be stored in the cache"


def _render_all(todo: dict[str, ShareCardJob], settings: dict, cache_dir: str) -> dict:
    workers = min(image_settings.worker_count(settings), len(todo))
    if workers <= 1 or len(todo) < 4:  # a pool's start costs more than a few cards
        with loader.pixel_limit(settings["ALTAVOZ_IMAGES_MAX_PIXELS"]):
            return dict(
                _render_to_cache(job, key, cache_dir, settings) for key, job in todo.items()
            )
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    results = {}
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=loader.apply_pixel_limit,
        initargs=(settings["ALTAVOZ_IMAGES_MAX_PIXELS"],),
    ) as pool:
        futures = [
            pool.submit(_render_to_cache, job, key, cache_dir, settings)
            for key, job in todo.items()
        ]
        for future in as_completed(futures):
            key, outcome = future.result()
            results[key] = outcome
    return results


def publish_share_cards(jobs, settings: dict, site: str) -> dict[ShareCardJob, ShareCard | None]:
    """Make (or find in the cache) and publish every job's card: {job: ShareCard or None}.

    ``site`` names this publisher in the record of published files (one per language
    site and kind of item), so that a card nobody publishes any more is swept.
    """
    settings = image_settings.set_default_settings(dict(settings))
    jobs = list(dict.fromkeys(jobs))
    results: dict[ShareCardJob, ShareCard | None] = dict.fromkeys(jobs)
    if not settings["ALTAVOZ_IMAGES_SHARE_CARDS"]:
        return results
    cache_dir = pathlib.Path(image_settings.cache_dir(settings))
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = cache.SourceDigests(cache_dir)
    fingerprint = share_fingerprint(settings)
    keys: dict[ShareCardJob, str] = {}
    outcomes: dict[str, dict | str] = {}
    todo: dict[str, ShareCardJob] = {}
    for job in jobs:
        try:
            shown = [digests.digest(path) for path in job.images]
        except OSError as exc:
            logger.warning("%s no share card for %s: %s", LOG_PREFIX, job.url_dir, exc)
            continue
        key = keys[job] = card_key(shown, job.title, job.subtitle, fingerprint)
        if key in outcomes or key in todo:
            continue
        manifest = cache.load_manifest(cache_dir, key)
        if manifest is None or manifest.get("error"):
            todo[key] = job
        else:
            outcomes[key] = manifest
    digests.save()
    if todo:
        logger.info("%s drawing %d share cards", LOG_PREFIX, len(todo))
        outcomes.update(_render_all(todo, settings, str(cache_dir)))

    published: list[pathlib.Path] = []
    for job, key in keys.items():
        manifest = outcomes.get(key)
        if not isinstance(manifest, dict):
            item = job.url_dir or "the site (its own card)"
            logger.warning("%s no share card for %s: %s", LOG_PREFIX, item, manifest)
            continue
        paths = cache.publish(cache_dir, manifest, job.output_dir, PUBLISHED_STEM)
        published += paths
        output = manifest["outputs"][0]
        url_dir = job.url_dir.strip("/")
        name = paths[0].name
        results[job] = ShareCard(
            url=f"{url_dir}/{name}" if url_dir else name,
            width=output["width"],
            height=output["height"],
            bytes=output["bytes"],
            alt=job.alt,
        )
    kept_output.claim(published)
    if settings.get("OUTPUT_PATH"):
        cache.sweep_published(cache_dir, pathlib.Path(settings["OUTPUT_PATH"]), published, site)
    return results


def card_source(image_set, settings: dict) -> pathlib.Path | None:
    """The published file a card draws an image from: the fallback format's smallest
    width that covers what a card shows of one image (at most its art column, ~600 px
    beside the text, up to ~1100 px for a panorama above it: 0.8 of the card's width
    is sharp enough), else its largest; None for an image that was not published."""
    if image_set is None or not getattr(image_set, "formats", None):
        return None
    width = 0.8 * int(settings.get("ALTAVOZ_IMAGES_SHARE_CARD_SIZE", (BASE_WIDTH, 0))[0])
    candidates = sorted(image_set.formats[-1][1], key=lambda c: c.width)
    chosen = next((c for c in candidates if c.width >= width), candidates[-1])
    return pathlib.Path(image_settings.images_output_path(settings), chosen.url)
