"""Draw the generative artworks and avatars of Altavoz's sample content.

Every image in content/works/, content/artists/ and content/events/ comes from this
script. It is deterministic: each picture has a fixed seed and is drawn with Pillow
only, so running the script twice writes byte-identical JPEGs. The Markdown files next to
the images are written by hand; the table PICTURES below names every image they
reference.

    python tools/make_sample_content.py            # (re)write every image
    python tools/make_sample_content.py --check    # fail if a committed image differs
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

# Untagged 8-bit RGB JPEGs are interpreted as sRGB by browsers. We do not embed an
# ICC profile: Little CMS stamps the creation time into it, which would break
# byte-identical output. No EXIF is written at all.
JPEG_OPTIONS = {"quality": 85, "optimize": True, "progressive": True, "subsampling": "4:2:0"}

# Drawing happens at SUPERSAMPLE times the final size and is then scaled down, which
# gives Pillow's un-antialiased polygons smooth edges. Huge canvases skip it.
SUPERSAMPLE = 2
MAX_SUPERSAMPLED_PIXELS = 16_000_000

Color = tuple[int, int, int]

PAPEL_PICADO: list[Color] = [
    (228, 0, 124),  # rosa mexicano
    (255, 128, 0),
    (255, 204, 0),
    (0, 150, 80),
    (112, 40, 150),
    (0, 170, 185),
]
MAIZ_CRIOLLO: list[list[Color]] = [
    [(250, 200, 40), (240, 180, 30), (255, 215, 80)],  # amarillo
    [(60, 40, 110), (80, 50, 140), (40, 30, 80)],  # azul
    [(170, 30, 40), (200, 50, 50), (140, 20, 40)],  # rojo
    [(240, 230, 200), (230, 215, 180), (250, 240, 215)],  # blanco
]


@dataclass(frozen=True)
class Picture:
    """One image file: where it goes and how to draw it.

    A detail photo names the ``whole`` artwork's size: the artwork is drawn ``zoom``
    times larger and a window of ``size`` is cropped at ``focus`` (0..1 fractions
    of the free space, left-right and top-bottom).
    """

    path: str
    style: str
    size: tuple[int, int]
    seed: int
    variant: str = ""
    whole: tuple[int, int] | None = None
    zoom: float = 1.0
    focus: tuple[float, float] = (0.5, 0.5)


# ---------------------------------------------------------------------------
# shared helpers


def unit(size: tuple[int, int]) -> float:
    """A length unit: a thousandth of the short side, so shapes scale with the canvas."""
    return min(size) / 1000


def jitter(color: Color, rng: random.Random, amount: int) -> Color:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def noise_layer(rng: random.Random, size: tuple[int, int], cell: int = 1) -> Image.Image:
    """Uniform grey noise; ``cell`` > 1 gives smooth low-frequency blotches."""
    w, h = max(1, size[0] // cell), max(1, size[1] // cell)
    small = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    if cell == 1:
        return small
    return small.resize(size, Image.Resampling.BILINEAR).filter(ImageFilter.BoxBlur(cell / 2))


def add_grain(img: Image.Image, rng: random.Random, strength: int, cell: int = 1) -> Image.Image:
    """Add zero-centred noise of +-strength levels to every channel."""
    noise = noise_layer(rng, img.size, cell)
    if cell == 1:
        noise = noise.filter(ImageFilter.GaussianBlur(0.6))
        # Blurring uniform noise narrows it around 128; stretch it back.
        noise = noise.point(lambda v: max(0, min(255, 128 + (v - 128) * 2)))
    scaled = noise.point(lambda v: round(128 + (v - 128) * strength / 128))
    return ImageChops.add(img, Image.merge("RGB", [scaled] * 3), 1.0, -128)


def vignette(img: Image.Image, strength: float) -> Image.Image:
    w, h = img.size
    radial = Image.radial_gradient("L").resize((w, h), Image.Resampling.BICUBIC)
    shade = radial.point(lambda v: round(255 - strength * max(0, v - 90) * 255 / 165))
    return ImageChops.multiply(img, Image.merge("RGB", [shade] * 3))


def ridge(rng: random.Random, levels: int, roughness: float) -> list[float]:
    """A 1-D midpoint-displacement profile with 2**levels + 1 values around 0."""
    heights = [0.0, 0.0]
    spread = 1.0
    for _ in range(levels):
        nxt = []
        for a, b in itertools.pairwise(heights):
            nxt += [a, (a + b) / 2 + rng.uniform(-spread, spread)]
        heights = [*nxt, heights[-1]]
        spread *= roughness
    return heights


def ridge_polygon(
    rng: random.Random, size: tuple[int, int], base: float, amplitude: float, roughness: float
) -> list[tuple[float, float]]:
    """A mountain silhouette polygon closed along the bottom edge."""
    w, h = size
    heights = ridge(rng, 7, roughness)
    peak = max(abs(v) for v in heights) or 1
    n = len(heights) - 1
    points = [(w * i / n, h * (base - amplitude * v / peak)) for i, v in enumerate(heights)]
    return [*points, (w, h), (0, h)]


def wobbly_polygon(
    rng: random.Random, points: list[tuple[float, float]], depth: int, spread: float
) -> list[tuple[float, float]]:
    """Recursively displace edge midpoints: the irregular edge of a paint wash."""
    for _ in range(depth):
        nxt = []
        for i, (x1, y1) in enumerate(points):
            x2, y2 = points[(i + 1) % len(points)]
            d = math.hypot(x2 - x1, y2 - y1)
            nxt.append((x1, y1))
            nxt.append(
                ((x1 + x2) / 2 + rng.gauss(0, d * spread), (y1 + y2) / 2 + rng.gauss(0, d * spread))
            )
        points = nxt
    return points


def ellipse_polygon(cx, cy, rx, ry, angle, n=40):
    ca, sa = math.cos(angle), math.sin(angle)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def sun_rays(draw, cx, cy, r_in, r_out, count, colors, phase=0.0):
    step = 2 * math.pi / count
    for i in range(count):
        a = phase + i * step
        draw.polygon(
            [
                (cx + r_in * math.cos(a - step / 2), cy + r_in * math.sin(a - step / 2)),
                (cx + r_out * math.cos(a), cy + r_out * math.sin(a)),
                (cx + r_in * math.cos(a + step / 2), cy + r_in * math.sin(a + step / 2)),
            ],
            fill=colors[i % len(colors)],
        )


# ---------------------------------------------------------------------------
# mural: flat bold shapes, maize and sun, papel picado


def draw_corn_cob(draw, rng, cx, base_y, height, u):
    width = height * 0.32
    top = base_y - height
    husk = [(0, 120, 60), (40, 160, 70), (90, 170, 60)]
    for side in (-1, 1):
        for k in range(2):
            spread = width * (0.9 + 0.5 * k)
            draw.polygon(
                [
                    (cx, base_y),
                    (cx + side * spread, base_y - height * (0.35 + 0.15 * k)),
                    (cx + side * width * 0.3, top + height * (0.25 + 0.2 * k)),
                ],
                fill=husk[(k + (side > 0)) % 3],
            )
    kernels = rng.choice(MAIZ_CRIOLLO)
    draw.ellipse([cx - width / 2, top, cx + width / 2, base_y - height * 0.12], fill=kernels[2])
    rows = 15
    row_h = (height * 0.86) / rows
    for r in range(rows):
        y = top + row_h * (r + 0.5)
        rel = (y - (top + height * 0.43)) / (height * 0.43)
        half = width / 2 * math.sqrt(max(0.0, 1 - rel * rel)) * 0.92
        cols = max(2, round(2 * half / (row_h * 0.9)))
        kw = 2 * half / cols
        for c in range(cols):
            x = cx - half + kw * c
            color = (
                kernels[rng.randrange(2)] if rng.random() > 0.06 else rng.choice(MAIZ_CRIOLLO)[0]
            )
            draw.ellipse([x + u, y - row_h / 2 + u, x + kw - u, y + row_h / 2 - u], fill=color)


def draw_houses(draw, rng, w, h, u):
    x = -rng.uniform(0, 60 * u)
    while x < w:
        hw = rng.uniform(0.13, 0.22) * w
        hh = rng.uniform(0.18, 0.3) * h
        top = h * 0.86 - hh
        wall = rng.choice([*PAPEL_PICADO, (245, 235, 215), (90, 170, 220)])
        draw.rectangle([x, top, x + hw, h], fill=wall)
        draw.rectangle([x, top - 14 * u, x + hw, top], fill=mix(wall, (0, 0, 0), 0.3))
        door_w = hw * 0.22
        draw.rectangle(
            [x + hw * 0.15, h * 0.86 - hh * 0.45, x + hw * 0.15 + door_w, h * 0.86],
            fill=mix(wall, (60, 30, 20), 0.6),
        )
        for wx in (0.5, 0.75):
            draw.rectangle(
                [
                    x + hw * wx - door_w / 2,
                    top + hh * 0.2,
                    x + hw * wx + door_w / 2,
                    top + hh * 0.45,
                ],
                fill=(255, 220, 120) if rng.random() < 0.5 else (40, 60, 110),
            )
        x += hw


def draw_papel_picado(draw, rng, w, h, u, sky: Color):
    flag_w = 150 * u
    sag = 40 * u
    x = 10 * u
    i = 0
    while x + flag_w < w:
        t = (x + flag_w / 2) / w
        y = 24 * u + sag * 4 * t * (1 - t)
        color = PAPEL_PICADO[i % len(PAPEL_PICADO)]
        fh = flag_w * 1.25
        # Scalloped bottom edge
        pts = [(x, y), (x + flag_w, y)]
        teeth = 6
        for k in range(teeth, -1, -1):
            pts.append((x + flag_w * k / teeth, y + fh - (0 if k % 2 == 0 else 18 * u)))
        draw.polygon(pts, fill=color)
        # Cut-outs: a diamond lattice and a central flower
        for r in range(3):
            for c in range(3):
                if (r, c) == (1, 1):
                    continue
                cx = x + flag_w * (0.22 + 0.28 * c)
                cy = y + fh * (0.2 + 0.26 * r)
                d = 11 * u
                draw.polygon([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)], fill=sky)
        fx, fy = x + flag_w / 2, y + fh * 0.46
        for a in range(6):
            ang = a * math.pi / 3
            px, py = fx + 16 * u * math.cos(ang), fy + 16 * u * math.sin(ang)
            draw.ellipse([px - 8 * u, py - 8 * u, px + 8 * u, py + 8 * u], fill=sky)
        x += flag_w + 14 * u
        i += 1
    draw.line(
        [(w * k / 40, 24 * u + sag * 4 * (k / 40) * (1 - k / 40)) for k in range(41)],
        fill=(50, 40, 40),
        width=max(1, round(4 * u)),
    )


def draw_mural(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    sky: Color = (0, 165, 190) if variant == "milpa" else (30, 80, 170)
    img = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(img)
    sun_x, sun_y = (0.76 * w, 0.38 * h) if variant == "milpa" else (0.5 * w, 0.36 * h)
    sun_r = 0.16 * min(w, h) if variant == "milpa" else 0.3 * w
    sun_rays(draw, sun_x, sun_y, sun_r, sun_r * 1.7, 24, [(255, 204, 0), (255, 128, 0)])
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, 204, 0))
    draw.ellipse(
        [sun_x - sun_r * 0.7, sun_y - sun_r * 0.7, sun_x + sun_r * 0.7, sun_y + sun_r * 0.7],
        fill=(255, 150, 20),
    )
    draw.ellipse(
        [sun_x - sun_r * 0.4, sun_y - sun_r * 0.4, sun_x + sun_r * 0.4, sun_y + sun_r * 0.4],
        fill=(228, 0, 124),
    )
    hills = [(20, 120, 80), (90, 160, 60), (200, 120, 50)]
    for k, color in enumerate(hills):
        draw.polygon(ridge_polygon(rng, size, 0.55 + 0.1 * k, 0.07, 0.55), fill=color)
    draw.rectangle([0, 0.86 * h, w, h], fill=(150, 60, 40))
    if variant == "milpa":
        count = 5
        for i in range(count):
            cx = w * (0.1 + 0.8 * i / (count - 1)) + rng.uniform(-30, 30) * u
            draw_corn_cob(draw, rng, cx, 0.95 * h, h * rng.uniform(0.5, 0.68), u)
    else:
        draw_houses(draw, rng, w, h, u)
    draw_papel_picado(draw, rng, w, h, u, sky)
    return img


def finish_mural(img: Image.Image, rng: random.Random) -> Image.Image:
    # Mottled wall plaster under the paint, plus a little camera noise.
    return add_grain(img, rng, 10, cell=max(8, img.width // 90))


# ---------------------------------------------------------------------------
# linocut / grabado: black ink on cream paper, carved lines


def draw_linocut(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    ink, paper = 0, 255
    img = Image.new("L", size, ink)
    draw = ImageDraw.Draw(img)
    gouge = max(2, round(7 * u))
    m = 45 * u  # black border
    draw.rectangle([m, m, w - m, h - m], outline=paper, width=max(2, round(4 * u)))
    inner = (m + 20 * u, m + 20 * u, w - m - 20 * u, h - m - 20 * u)
    x0, y0, x1, y1 = inner
    # Sky: black, with short carved strokes
    for _ in range(int(100 * (w * h) / 4e6)):
        sx, sy = rng.uniform(x0, x1), rng.uniform(y0, y0 + (y1 - y0) * 0.5)
        ln = rng.uniform(20, 60) * u
        draw.line([(sx, sy), (sx + ln, sy + rng.uniform(-4, 4) * u)], fill=paper, width=gouge)
    # Sun: white disc with carved rings and gouged rays
    sx, sy, sr = x0 + (x1 - x0) * 0.68, y0 + (y1 - y0) * 0.24, (x1 - x0) * 0.12
    for k in range(36):
        a = k * math.pi / 18 + rng.uniform(-0.03, 0.03)
        r1, r2 = sr * 1.15, sr * rng.uniform(1.5, 1.85)
        draw.line(
            [
                (sx + r1 * math.cos(a), sy + r1 * math.sin(a)),
                (sx + r2 * math.cos(a), sy + r2 * math.sin(a)),
            ],
            fill=paper,
            width=gouge,
        )
    draw.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=paper)
    for k in range(1, 4):
        r = sr * k / 4
        draw.ellipse([sx - r, sy - r, sx + r, sy + r], outline=ink, width=gouge)
    # Mountains: black masses with parallel carved hatching
    for k in range(2):
        mountain = ridge_polygon(rng, size, 0.52 + 0.08 * k, 0.08, 0.6)
        mountain = [(min(max(x, x0), x1), min(max(y, y0), y1)) for x, y in mountain]
        draw.polygon(mountain, fill=ink, outline=paper, width=gouge)
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).polygon(mountain, fill=255)
        hatch = Image.new("L", size, 0)
        hd = ImageDraw.Draw(hatch)
        step = (40 + 14 * k) * u
        slope = 0.6 if k == 0 else -0.6
        for off in range(int(-h / step), int((w + h) / step)):
            bx = off * step
            hd.line([(bx, y1), (bx + slope * h, y1 - h)], fill=255, width=max(1, gouge // 2))
        img.paste(paper, mask=ImageChops.multiply(mask, hatch))
    if variant == "agua":
        # Water: wavy carved bands and a large drop
        band = 34 * u
        y = y0 + (y1 - y0) * 0.68
        while y < y1:
            pts = [
                (x, y + 10 * u * math.sin(x / (60 * u) + y / (70 * u)))
                for x in range(int(x0), int(x1) + 8, 8)
            ]
            draw.line(pts, fill=paper, width=gouge)
            y += band
        dx, dy, dr = x0 + (x1 - x0) * 0.32, y0 + (y1 - y0) * 0.6, (x1 - x0) * 0.17
        for k, r in enumerate([dr * f for f in (1.0, 0.8, 0.6, 0.4, 0.2)]):
            col = paper if k % 2 == 0 else ink
            draw.polygon(
                [(dx - r * 0.98, dy - r * 0.2), (dx, dy - r * 2.6), (dx + r * 0.98, dy - r * 0.2)],
                fill=col,
            )
            draw.ellipse([dx - r, dy - r, dx + r, dy + r], fill=col)
    else:
        # Milpa: stalks with arching leaves rising from furrows
        ground = y0 + (y1 - y0) * 0.72
        draw.rectangle([x0, ground, x1, y1], fill=ink)
        for k in range(int((y1 - ground) / (30 * u))):
            yy = ground + 30 * u * (k + 0.5)
            draw.line([(x0, yy), (x1, yy + rng.uniform(-6, 6) * u)], fill=paper, width=gouge)
        n = 9
        for i in range(n):
            bx = x0 + (x1 - x0) * (i + 0.5) / n + rng.uniform(-10, 10) * u
            top = y0 + (y1 - y0) * rng.uniform(0.32, 0.45)
            draw.line([(bx, ground), (bx, top)], fill=paper, width=gouge * 2)
            for j in range(5):
                ly = ground - (ground - top) * (j + 1) / 6
                side = 1 if (i + j) % 2 else -1
                leaf = [
                    (bx + side * 90 * u * t, ly - 60 * u * math.sin(t * 2.6))
                    for t in [s / 10 for s in range(11)]
                ]
                draw.line(leaf, fill=paper, width=gouge)
            draw.ellipse([bx - 14 * u, top - 40 * u, bx + 14 * u, top + 10 * u], fill=paper)
    # Uneven inking: paper shows through faintly in the black
    speckle = noise_layer(rng, size, cell=max(2, round(6 * u))).point(
        lambda v: 255 if v > 235 else 0
    )
    img.paste(paper, mask=speckle.filter(ImageFilter.GaussianBlur(2 * u)))
    return img


def finish_linocut(img: Image.Image, rng: random.Random) -> Image.Image:
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    img = ImageOps.colorize(img, black=(28, 24, 22), white=(236, 226, 202))
    return add_grain(img, rng, 8, cell=max(6, img.width // 200))


# ---------------------------------------------------------------------------
# bordado: cross-stitch bands of geometric motifs


def motif_diamond(dx, dy, period, height):
    d = abs(dx - period // 2) + abs(dy - height // 2)
    return None if d > height // 2 else d % 3


def motif_star(dx, dy, period, height):
    x, y = abs(dx - period // 2), abs(dy - height // 2)
    r = height // 2
    if x + y <= r or max(x, y) <= round(r * 0.62):
        return 0 if max(x, y) > r * 0.3 else 1
    return None


def motif_zigzag(dx, dy, period, height):
    half = period // 2
    crest = abs(dx % period - half) * (height - 1) / half
    return 0 if abs(dy - crest) < 1.2 else (1 if abs(dy - crest) < 2.2 else None)


def motif_flower(dx, dy, period, height):
    cx, cy = period // 2, height // 2
    x, y = dx - cx, dy - cy
    if x * x + y * y <= 2:
        return 1
    for px, py in ((0, -3), (0, 3), (-3, 0), (3, 0)):
        if (x - px) ** 2 + (y - py) ** 2 <= 2.5:
            return 0
    if dy == height - 1 or (dx == cx and dy > cy):
        return 2
    return None


def motif_greca(dx, dy, period, height):
    # A stepped fret: a spiral hook repeated along the band
    pattern = [
        "#########.",
        "#.......#.",
        "#.#####.#.",
        "#.#...#.#.",
        "#.#.#.#.#.",
        "#...#...#.",
        "#####.###.",
    ]
    row = pattern[dy * len(pattern) // height]
    return 0 if row[dx * len(row) // period] == "#" else None


MOTIFS = {
    "diamond": (motif_diamond, 13, 13),
    "star": (motif_star, 15, 13),
    "zigzag": (motif_zigzag, 12, 6),
    "flower": (motif_flower, 11, 11),
    "greca": (motif_greca, 10, 7),
}


def draw_textile(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    if variant == "negro":
        cloth: Color = (28, 26, 30)
        threads = [(220, 30, 60), (255, 170, 0), (240, 90, 160), (40, 170, 110), (80, 120, 220)]
        bands = ["zigzag", "diamond", "star", "greca", "flower", "diamond", "zigzag", "star"]
    else:
        cloth = (236, 230, 216)
        threads = [(200, 30, 50), (30, 60, 140), (230, 120, 0), (30, 130, 70), (150, 40, 120)]
        bands = ["flower", "greca", "zigzag", "star", "flower", "diamond", "greca", "zigzag"]
    img = Image.new("RGB", size, cloth)
    draw = ImageDraw.Draw(img)
    cell = max(8, round(min(w, h) / 64))
    stitch = max(2, round(cell / 3.5))
    cols = w // cell + 1
    row = 2
    band_index = rng.randrange(len(bands))
    while row * cell < h:
        name = bands[band_index % len(bands)]
        fn, period, height = MOTIFS[name]
        palette = rng.sample(threads, 3)
        shift = rng.randrange(period)
        for dy in range(height):
            for c in range(cols):
                k = fn((c + shift) % period, dy, period, height)
                if k is None:
                    continue
                color = jitter(palette[k % 3], rng, 5)
                x, y = c * cell, (row + dy) * cell
                p = cell * 0.12
                draw.line([(x + p, y + p), (x + cell - p, y + cell - p)], fill=color, width=stitch)
                draw.line([(x + cell - p, y + p), (x + p, y + cell - p)], fill=color, width=stitch)
        row += height + 1
        # A plain running-stitch line between bands
        line_color = jitter(palette[0], rng, 8)
        for c in range(0, cols, 2):
            y = row * cell + cell / 2
            draw.line([(c * cell, y), (c * cell + cell, y)], fill=line_color, width=stitch)
        row += 4
        band_index += 1
    return img


def finish_textile(img: Image.Image, rng: random.Random) -> Image.Image:
    # Gentle fold shading plus fabric noise, as in a phone photo of cloth on a table.
    img = img.filter(ImageFilter.GaussianBlur(0.9))
    img = add_grain(img, rng, 14, cell=max(20, img.width // 12))
    return vignette(img, 0.35)


# ---------------------------------------------------------------------------
# photograph: dusk over the sea, layered hills, a fence running into the water


def draw_photo(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    horizon = round(h * 0.58)
    sky = ImageOps.colorize(
        Image.linear_gradient("L").resize((w, horizon)),
        black=(30, 38, 88),
        mid=(150, 90, 130),
        white=(250, 170, 100),
    )
    img = Image.new("RGB", size)
    img.paste(sky, (0, 0))
    sea = ImageOps.colorize(
        Image.linear_gradient("L").resize((w, h - horizon)),
        black=(120, 90, 110),
        white=(20, 28, 55),
    )
    img.paste(sea, (0, horizon))
    # Sun glow near the horizon, on sky and reflected on the water
    sun_x, sun_y = round(w * 0.62), horizon - round(40 * u)
    glow = Image.radial_gradient("L").resize((round(w * 0.9), round(w * 0.9)))
    glow = ImageOps.invert(glow).point(lambda v: round(v * v / 255))
    layer = Image.new("L", size, 0)
    layer.paste(glow, (sun_x - glow.width // 2, sun_y - glow.height // 2))
    img = ImageChops.screen(img, ImageOps.colorize(layer, (0, 0, 0), (255, 190, 120)))
    draw = ImageDraw.Draw(img)
    draw.ellipse(
        [sun_x - 28 * u, sun_y - 28 * u, sun_x + 28 * u, sun_y + 28 * u], fill=(255, 236, 200)
    )
    for _ in range(220):
        y = rng.uniform(horizon + 4 * u, h * 0.92)
        spread = (y - horizon) * 0.5 + 30 * u
        x = sun_x + rng.gauss(0, spread * 0.5)
        ln = rng.uniform(20, 90) * u
        shade = mix((255, 200, 150), (120, 80, 100), (y - horizon) / (h - horizon))
        draw.line([(x - ln / 2, y), (x + ln / 2, y)], fill=shade, width=max(1, round(2 * u)))
    # Hills on the right, hazier the further away
    hill_colors = [(150, 100, 125), (95, 65, 95), (45, 35, 60)]
    for k, color in enumerate(hill_colors):
        hills = Image.new("L", size, 0)
        poly = ridge_polygon(rng, (w, horizon), 0.88 - 0.02 * k, 0.1 + 0.05 * k, 0.55)
        poly = [(x * 0.7 + w * (0.32 + 0.05 * k), y) for x, y in poly[:-2]]
        poly += [(w, horizon), (w * (0.32 + 0.05 * k), horizon)]
        ImageDraw.Draw(hills).polygon(poly, fill=255)
        hills = hills.filter(ImageFilter.GaussianBlur((2 - k) * 2 * u + 0.5))
        img.paste(color, mask=hills)
    # Beach and fence posts converging to the horizon
    draw = ImageDraw.Draw(img)
    beach = [(0, h * 0.78), (w * 0.45, h), (0, h)]
    draw.polygon(beach, fill=(38, 30, 40))
    vx, vy = w * 0.92, horizon - 2 * u
    start_x, start_y = -w * 0.02, h * 1.02
    for i in range(140):
        t = (i / 140) ** 0.55
        px = start_x + (vx - start_x) * t
        base = start_y + (vy - start_y) * t
        post_h = (1 - t) * h * 0.55 + 3 * u
        post_w = max(1.0, (1 - t) * 26 * u)
        draw.rectangle([px, base - post_h, px + post_w, base], fill=(18, 16, 24))
    return img


def finish_photo(img: Image.Image, rng: random.Random) -> Image.Image:
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    img = vignette(img, 0.5)
    return add_grain(img, rng, 5)


# ---------------------------------------------------------------------------
# cartel: risograph-style poster, overprinted inks, halftone, a megaphone


def multiply_ink(base: Image.Image, mask: Image.Image, ink: Color) -> Image.Image:
    layer = Image.new("RGB", base.size, (255, 255, 255))
    layer.paste(ink, mask=mask)
    return ImageChops.multiply(base, layer)


def draw_poster(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    img = Image.new("RGB", size, (242, 232, 212))
    pink, red, black = (255, 110, 160), (230, 60, 40), (40, 40, 50)
    # Pink layer: a big rising sun
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse([-0.25 * w, 0.05 * h, 0.85 * w, 0.05 * h + 1.1 * w], fill=255)
    img = multiply_ink(img, mask, pink)
    # Red layer: diagonal band, halftone sky and sound waves, slightly misregistered
    mx, my = 0.5 * w, 0.5 * h
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    d.polygon([(0, 0.78 * h), (w, 0.6 * h), (w, 0.72 * h), (0, 0.9 * h)], fill=255)
    step = 34 * u
    for gy in range(int(0.02 * h / step), int(0.45 * h / step)):
        for gx in range(int(w / step) + 1):
            t = 1 - gy * step / (0.45 * h)
            r = step * 0.5 * t * (0.6 + 0.4 * math.sin(gx * 0.5))
            cx, cy = gx * step + (step / 2 if gy % 2 else 0), gy * step
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    for k in range(3):
        r = (0.12 + 0.1 * k) * w
        d.arc([mx - r, my - r, mx + r, my + r], -35, 35, fill=255, width=round(30 * u))
    off = round(6 * u)
    img = multiply_ink(img, ImageChops.offset(mask, off, -off), red)
    # Black layer: the megaphone (altavoz) and a rule at the foot of the poster
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    d.polygon(
        [
            (mx - 0.32 * w, my - 0.05 * w),
            (mx, my - 0.17 * w),
            (mx, my + 0.17 * w),
            (mx - 0.32 * w, my + 0.05 * w),
        ],
        fill=255,
    )
    d.rounded_rectangle(
        [mx - 0.44 * w, my - 0.06 * w, mx - 0.3 * w, my + 0.06 * w], radius=0.02 * w, fill=255
    )
    d.polygon(
        [
            (mx - 0.3 * w, my + 0.04 * w),
            (mx - 0.22 * w, my + 0.04 * w),
            (mx - 0.26 * w, my + 0.2 * w),
            (mx - 0.33 * w, my + 0.2 * w),
        ],
        fill=255,
    )
    d.rectangle([0.06 * w, 0.9 * h, 0.94 * w, 0.93 * h], fill=255)
    img = multiply_ink(img, mask, black)
    return img


def finish_poster(img: Image.Image, rng: random.Random) -> Image.Image:
    return add_grain(img, rng, 12, cell=max(6, img.width // 160))


# ---------------------------------------------------------------------------
# alebrije / talavera: medallions of concentric rings, dots and petals


def draw_medallion(draw, rng, cx, cy, r, palette: list[Color], outline: Color, u, max_rings=6):
    rings = rng.randint(max_rings - 2, max_rings)
    for k in range(rings):
        rr = r * (1 - k / rings)
        draw.ellipse(
            [cx - rr, cy - rr, cx + rr, cy + rr],
            fill=palette[k % len(palette)],
            outline=outline,
            width=max(1, round(3 * u)),
        )
        band = r / rings
        kind = (k + rng.randrange(3)) % 3
        mid = rr - band / 2
        count = max(6, int(2 * math.pi * mid / (band * 0.9)))
        accent = palette[(k + 2) % len(palette)]
        for i in range(count):
            a = 2 * math.pi * i / count
            px, py = cx + mid * math.cos(a), cy + mid * math.sin(a)
            if kind == 0:
                dr = band * 0.22
                draw.ellipse([px - dr, py - dr, px + dr, py + dr], fill=accent)
            elif kind == 1:
                draw.polygon(
                    ellipse_polygon(px, py, band * 0.4, band * 0.16, a, 16),
                    fill=accent,
                    outline=outline,
                )
            else:
                a2 = 2 * math.pi * (i + 0.5) / count
                draw.line(
                    [
                        (
                            cx + (mid - band * 0.3) * math.cos(a),
                            cy + (mid - band * 0.3) * math.sin(a),
                        ),
                        (
                            cx + (mid + band * 0.3) * math.cos(a2),
                            cy + (mid + band * 0.3) * math.sin(a2),
                        ),
                    ],
                    fill=accent,
                    width=max(1, round(5 * u)),
                )


def draw_alebrije(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    if variant == "talavera":
        ground: Color = (246, 242, 230)
        palette = [(24, 50, 140), (250, 246, 235), (240, 180, 30), (40, 90, 180), (250, 246, 235)]
        outline: Color = (20, 30, 90)
    else:
        ground = (245, 130, 20)
        palette = [(228, 0, 124), (40, 180, 200), (255, 210, 0), (112, 40, 150), (30, 160, 80)]
        outline = (20, 16, 20)
    img = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(img)
    if variant == "talavera":
        tile = w / 3
        for ty in range(math.ceil(h / tile)):
            for tx in range(3):
                x, y = tx * tile, ty * tile
                draw.rectangle(
                    [x, y, x + tile, y + tile], outline=(200, 195, 185), width=max(1, round(4 * u))
                )
                for cx, cy in ((x, y), (x + tile, y), (x, y + tile), (x + tile, y + tile)):
                    draw.pieslice(
                        [cx - tile * 0.2, cy - tile * 0.2, cx + tile * 0.2, cy + tile * 0.2],
                        0,
                        360,
                        fill=palette[2],
                    )
                tile_rng = random.Random(rng.random())
                draw_medallion(
                    draw, tile_rng, x + tile / 2, y + tile / 2, tile * 0.36, palette, outline, u, 4
                )
        return img
    # Jaguar rosettes on the orange ground
    for _ in range(int(w * h / (160 * u) ** 2)):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(28, 42) * u
        for k in range(5):
            a = k * 2 * math.pi / 5 + rng.uniform(-0.3, 0.3)
            px, py = cx + r * math.cos(a), cy + r * math.sin(a)
            draw.ellipse([px - 10 * u, py - 10 * u, px + 10 * u, py + 10 * u], fill=outline)
    # Painted medallions (the ones drawn later overlap the earlier ones)
    for _ in range(7):
        r = rng.uniform(0.14, 0.26) * min(w, h)
        draw_medallion(
            draw,
            rng,
            rng.uniform(0.1, 0.9) * w,
            rng.uniform(0.1, 0.9) * h,
            r,
            rng.sample(palette, 5),
            outline,
            u,
        )
    # Zigzag stripe bands
    for k in range(2):
        y = h * (0.3 + 0.4 * k)
        pts = [
            (x, y + (30 * u if (x // (40 * u)) % 2 else -30 * u))
            for x in [i * 40 * u for i in range(int(w / (40 * u)) + 2)]
        ]
        draw.line(pts, fill=outline, width=round(22 * u), joint="curve")
        draw.line(pts, fill=palette[k + 2], width=round(12 * u), joint="curve")
    return img


def finish_alebrije(img: Image.Image, rng: random.Random) -> Image.Image:
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img = add_grain(img, rng, 10, cell=max(10, img.width // 60))
    return vignette(img, 0.3)


# ---------------------------------------------------------------------------
# stencil: spray paint on a concrete wall, overspray and drips


def stencil_mask(size, variant: str, u: float) -> Image.Image:
    w, h = size
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    cx, cy = w / 2, h / 2
    s = min(w, h) * 0.36
    bridge = max(3, round(9 * u))
    if variant == "ojo":
        # The almond of the eye is the overlap of two circles
        lens = ImageChops.multiply(
            _ellipse_mask(size, (cx - s * 1.3, cy - s * 1.9, cx + s * 1.3, cy + s * 0.3)),
            _ellipse_mask(size, (cx - s * 1.3, cy - s * 0.3, cx + s * 1.3, cy + s * 1.9)),
        )
        mask = lens
        d = ImageDraw.Draw(mask)
        d.ellipse([cx - s * 0.55, cy - s * 0.55, cx + s * 0.55, cy + s * 0.55], fill=0)
        d.ellipse([cx - s * 0.42, cy - s * 0.42, cx + s * 0.42, cy + s * 0.42], fill=255)
        d.ellipse([cx - s * 0.16, cy - s * 0.16, cx + s * 0.16, cy + s * 0.16], fill=0)
        d.ellipse([cx + s * 0.05, cy - s * 0.3, cx + s * 0.2, cy - s * 0.15], fill=0)
        for k in range(7):  # lashes
            a = math.pi * (1.15 + 0.7 * k / 6)
            d.line(
                [
                    (cx + s * 1.0 * math.cos(a), cy + s * 0.2 + s * 1.0 * math.sin(a)),
                    (cx + s * 1.35 * math.cos(a), cy + s * 0.2 + s * 1.35 * math.sin(a)),
                ],
                fill=255,
                width=round(16 * u),
            )
        d.line([(cx - s, cy), (cx + s, cy)], fill=0, width=bridge)
    elif variant == "nopal":
        pads = [
            (0, 0.55, 0.5, 0.7),
            (-0.55, -0.25, 0.38, 0.5),
            (0.5, -0.35, 0.36, 0.52),
            (0.05, -0.95, 0.3, 0.42),
        ]
        for px, py, rx, ry in pads:
            d.ellipse(
                [cx + (px - rx) * s, cy + (py - ry) * s, cx + (px + rx) * s, cy + (py + ry) * s],
                fill=255,
            )
        for px, py, rx, ry in pads:  # bridges between pads, spines as holes
            d.ellipse(
                [cx + (px - rx) * s, cy + (py - ry) * s, cx + (px + rx) * s, cy + (py + ry) * s],
                outline=0,
                width=bridge,
            )
            for k in range(6):
                a = k * math.pi / 3 + 0.4
                sx, sy = (
                    cx + (px + rx * 0.55 * math.cos(a)) * s,
                    cy + (py + ry * 0.55 * math.sin(a)) * s,
                )
                d.ellipse([sx - 5 * u, sy - 5 * u, sx + 5 * u, sy + 5 * u], fill=0)
        d.ellipse([cx - 0.18 * s, cy - 1.5 * s, cx + 0.18 * s, cy - 1.2 * s], fill=255)  # tuna
    else:  # sol
        sun_rays(d, cx, cy, s * 0.62, s * 1.25, 16, [255])
        d.ellipse([cx - s * 0.6, cy - s * 0.6, cx + s * 0.6, cy + s * 0.6], fill=255)
        d.ellipse([cx - s * 0.45, cy - s * 0.45, cx + s * 0.45, cy + s * 0.45], fill=0)
        d.ellipse([cx - s * 0.3, cy - s * 0.3, cx + s * 0.3, cy + s * 0.3], fill=255)
        for a in range(4):
            ang = a * math.pi / 2 + math.pi / 4
            d.line(
                [(cx, cy), (cx + s * 0.5 * math.cos(ang), cy + s * 0.5 * math.sin(ang))],
                fill=0,
                width=bridge,
            )
    return mask


def _ellipse_mask(size, box) -> Image.Image:
    m = Image.new("L", size, 0)
    ImageDraw.Draw(m).ellipse(box, fill=255)
    return m


def draw_stencil(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    u = unit(size)
    wall = Image.new("RGB", size, (168, 166, 160))
    wall = add_grain(wall, rng, 28, cell=max(10, w // 40))
    # Old paint patches from earlier pieces
    d = ImageDraw.Draw(wall)
    for _ in range(4):
        x, y = rng.uniform(-0.2, 0.8) * w, rng.uniform(-0.2, 0.8) * h
        d.rectangle(
            [x, y, x + rng.uniform(0.2, 0.5) * w, y + rng.uniform(0.2, 0.5) * h],
            fill=jitter((160, 158, 152), rng, 12),
        )
    paint = {"ojo": (20, 20, 24), "nopal": (20, 120, 70), "sol": (228, 40, 90)}[variant]
    mask = stencil_mask(size, variant, u)
    overspray = mask.filter(ImageFilter.GaussianBlur(18 * u)).point(lambda v: round(v * 0.45))
    # Drips below the lower edges of the shape
    drips = Image.new("L", size, 0)
    dd = ImageDraw.Draw(drips)
    bbox = mask.getbbox() or (0, 0, w, h)
    for _ in range(9):
        x = rng.uniform(bbox[0] + 0.2 * (bbox[2] - bbox[0]), bbox[2] - 0.2 * (bbox[2] - bbox[0]))
        col = [mask.getpixel((round(x), y)) for y in range(bbox[1], bbox[3], 4)]
        last = max((i for i, v in enumerate(col) if v > 128), default=None)
        if last is None:
            continue
        y0 = bbox[1] + last * 4
        length = rng.uniform(40, 220) * u
        width = rng.uniform(3, 7) * u
        dd.line([(x, y0), (x, y0 + length)], fill=230, width=round(width))
        dd.ellipse([x - width, y0 + length - width, x + width, y0 + length + width], fill=230)
    combined = ImageChops.lighter(ImageChops.lighter(overspray, mask), drips)
    # Spray texture: paint coverage is never perfectly even
    speckle = noise_layer(rng, size).point(lambda v: 255 if v > 40 else 140)
    combined = ImageChops.multiply(combined, speckle)
    wall.paste(paint, mask=combined)
    return wall


def finish_stencil(img: Image.Image, rng: random.Random) -> Image.Image:
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    return vignette(img, 0.25)


# ---------------------------------------------------------------------------
# acuarela: layered translucent washes on textured paper


def wash(img: Image.Image, rng: random.Random, points, color: Color, layers: int, alpha: int):
    """Stack several slightly different wobbly copies of a shape, each faint."""
    acc = Image.new("L", img.size, 0)
    base = wobbly_polygon(rng, points, 3, 0.12)
    for _ in range(layers):
        layer = Image.new("L", img.size, 0)
        ImageDraw.Draw(layer).polygon(wobbly_polygon(rng, base, 3, 0.06), fill=alpha)
        acc = ImageChops.add(acc, layer)
    # Pigment pools at the edge of a wash: darken where the mask changes
    edge = ImageChops.subtract(acc, acc.filter(ImageFilter.GaussianBlur(6 * unit(img.size))))
    acc = ImageChops.add(acc, edge.point(lambda v: min(255, v * 2)))
    color_layer = Image.new("RGB", img.size, color)
    shaded = ImageChops.multiply(img, color_layer)
    return Image.composite(shaded, img, acc)


def draw_watercolor(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    img = Image.new("RGB", size, (246, 240, 226))
    # Sky: broad grey-blue washes
    for k in range(3):
        y = h * (0.05 + 0.12 * k)
        img = wash(
            img,
            rng,
            [
                (-0.1 * w, y),
                (1.1 * w, y - 0.05 * h),
                (1.1 * w, y + 0.3 * h),
                (-0.1 * w, y + 0.28 * h),
            ],
            (150, 170, 200),
            6,
            22,
        )
    # Hill with houses stepping up it
    img = wash(
        img,
        rng,
        [
            (-0.1 * w, 0.55 * h),
            (0.5 * w, 0.4 * h),
            (1.1 * w, 0.5 * h),
            (1.1 * w, 1.1 * h),
            (-0.1 * w, 1.1 * h),
        ],
        (170, 200, 140),
        6,
        20,
    )
    house_colors = [
        (240, 120, 150),
        (250, 200, 80),
        (90, 190, 190),
        (240, 150, 80),
        (170, 140, 210),
        (120, 180, 120),
    ]
    for row in range(3):
        y = h * (0.52 + 0.14 * row)
        x = -0.05 * w + rng.uniform(0, 0.05) * w
        while x < w:
            hw, hh = rng.uniform(0.08, 0.14) * w, rng.uniform(0.09, 0.13) * h
            img = wash(
                img,
                rng,
                [(x, y), (x + hw, y), (x + hw, y + hh), (x, y + hh)],
                rng.choice(house_colors),
                4,
                40,
            )
            x += hw + rng.uniform(0.01, 0.04) * w
    # Rain: faint diagonal strokes
    rain = Image.new("L", size, 0)
    d = ImageDraw.Draw(rain)
    u = unit(size)
    for _ in range(260):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        ln = rng.uniform(60, 160) * u
        d.line([(x, y), (x - ln * 0.25, y + ln)], fill=70, width=max(1, round(3 * u)))
    img.paste((110, 130, 170), mask=rain.filter(ImageFilter.GaussianBlur(1.5 * u)))
    return img


def finish_watercolor(img: Image.Image, rng: random.Random) -> Image.Image:
    # Cold-pressed paper: a soft tooth and fine grain
    return add_grain(img, rng, 8, cell=max(4, img.width // 300))


# ---------------------------------------------------------------------------
# avatar: a faceless flat portrait bust


def draw_avatar(rng: random.Random, size, variant: str) -> Image.Image:
    w, h = size
    bg, shirt, skin, hair = {
        "xochitl": ((255, 204, 0), (228, 0, 124), (170, 110, 80), (30, 20, 20)),
        "mateo": ((236, 226, 202), (40, 40, 50), (190, 130, 95), (50, 35, 30)),
        "itzel": ((40, 170, 110), (250, 245, 235), (150, 95, 65), (20, 15, 15)),
        "dani": ((40, 50, 100), (240, 140, 90), (200, 150, 115), (120, 60, 40)),
        "lupita": ((112, 40, 150), (40, 180, 200), (160, 100, 70), (60, 60, 60)),
    }[variant]
    img = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(img)
    for k in range(6):  # concentric halo
        r = w * (0.9 - 0.1 * k)
        d.ellipse(
            [w / 2 - r, h * 0.42 - r, w / 2 + r, h * 0.42 + r],
            fill=mix(bg, (255, 255, 255), 0.06 * (k % 2)),
        )
    if variant in ("itzel", "lupita"):  # long hair / braid behind the shoulders
        d.rounded_rectangle([w * 0.3, h * 0.22, w * 0.7, h * 0.78], radius=w * 0.15, fill=hair)
    d.ellipse([w * 0.12, h * 0.68, w * 0.88, h * 1.35], fill=shirt)
    d.rectangle([w * 0.44, h * 0.52, w * 0.56, h * 0.72], fill=skin)
    d.ellipse([w * 0.33, h * 0.2, w * 0.67, h * 0.62], fill=skin)
    if variant == "mateo":
        d.chord([w * 0.32, h * 0.17, w * 0.68, h * 0.5], 180, 360, fill=hair)
    elif variant == "dani":
        for k in range(9):
            a = math.pi * (1.0 + k / 8)
            x, y = w / 2 + w * 0.17 * math.cos(a), h * 0.36 + h * 0.17 * math.sin(a)
            d.ellipse([x - w * 0.07, y - w * 0.07, x + w * 0.07, y + w * 0.07], fill=hair)
    elif variant == "lupita":
        d.chord([w * 0.32, h * 0.18, w * 0.68, h * 0.5], 180, 360, fill=hair)
        d.ellipse([w * 0.42, h * 0.08, w * 0.58, h * 0.24], fill=hair)
    else:
        d.chord([w * 0.31, h * 0.17, w * 0.69, h * 0.52], 170, 370, fill=hair)
        if variant == "xochitl":
            d.ellipse([w * 0.6, h * 0.2, w * 0.72, h * 0.32], fill=(255, 128, 0))  # flower
    return img


def finish_avatar(img: Image.Image, rng: random.Random) -> Image.Image:
    return add_grain(img, rng, 5, cell=max(4, img.width // 60))


# ---------------------------------------------------------------------------
# the table of every sample image

STYLES = {
    "mural": (draw_mural, finish_mural),
    "linocut": (draw_linocut, finish_linocut),
    "textile": (draw_textile, finish_textile),
    "photo": (draw_photo, finish_photo),
    "poster": (draw_poster, finish_poster),
    "alebrije": (draw_alebrije, finish_alebrije),
    "stencil": (draw_stencil, finish_stencil),
    "watercolor": (draw_watercolor, finish_watercolor),
    "avatar": (draw_avatar, finish_avatar),
}

W = "works/"


def detail(whole: Picture, name: str, size: tuple[int, int], zoom: float, focus) -> Picture:
    """A closer photo of the artwork ``whole``, in its folder: the same drawing (style,
    seed, variant) made ``zoom`` times larger and cropped to ``size`` at ``focus``."""
    folder = whole.path.rsplit("/", 1)[0]
    return replace(
        whole, path=f"{folder}/{name}", size=size, whole=whole.size, zoom=zoom, focus=focus
    )


# The artworks that a detail photo is cropped from.
RAICES = Picture(
    W + "xochitl-ramirez/raices-de-maiz/raices-1.jpg", "mural", (2400, 1350), 101, "milpa"
)
DEFENSA = Picture(
    W + "mateo-cisneros/defensa-del-agua/defensa-del-agua.jpg", "linocut", (1450, 2000), 201, "agua"
)
GRECA = Picture(
    W + "itzel-hernandez/greca-de-la-abuela/greca-1.jpg", "textile", (1800, 1800), 301, "negro"
)
JAGUAR = Picture(
    W + "lupita-mendoza/jaguar-de-colores/jaguar-1.jpg", "alebrije", (1700, 1700), 501, "jaguar"
)
PICTURES: list[Picture] = [
    # Xóchitl Ramírez: murals
    RAICES,
    detail(RAICES, "raices-2.jpg", (1800, 1350), 1.6, (0.12, 0.75)),
    Picture(
        W + "xochitl-ramirez/sol-del-barrio/sol-del-barrio.jpg",
        "mural",
        (1600, 2200),
        102,
        "barrio",
    ),
    # Mateo Cisneros: linocuts and a poster
    DEFENSA,
    detail(DEFENSA, "defensa-del-agua-detalle.jpg", (1600, 1600), 2.0, (0.2, 0.55)),
    Picture(
        W + "mateo-cisneros/milpa-en-resistencia/milpa.jpg", "linocut", (1800, 1800), 202, "milpa"
    ),
    Picture(W + "mateo-cisneros/asamblea-vecinal/cartel-asamblea.jpg", "poster", (1600, 2240), 203),
    # Itzel Hernández: embroidery
    GRECA,
    detail(GRECA, "greca-2.jpg", (1600, 1200), 2.0, (0.5, 0.4)),
    Picture(
        W + "itzel-hernandez/camino-de-flores/camino-de-flores.jpg",
        "textile",
        (1250, 1800),
        302,
        "manta",
    ),
    # Dani Ruiz: photography and stencils
    Picture(
        W + "dani-ruiz/where-the-fence-meets-the-sea/fence-sea.jpg", "photo", (2400, 1600), 401
    ),
    Picture(W + "dani-ruiz/eyes-on-the-block/ojo.jpg", "stencil", (1800, 2400), 402, "ojo"),
    Picture(W + "dani-ruiz/eyes-on-the-block/nopal.jpg", "stencil", (2000, 2000), 403, "nopal"),
    Picture(W + "dani-ruiz/eyes-on-the-block/sol.jpg", "stencil", (2400, 1600), 404, "sol"),
    # Lupita Mendoza: painted ceramics and watercolour
    JAGUAR,
    detail(JAGUAR, "jaguar-2.jpg", (1350, 1700), 1.4, (0.45, 0.5)),
    Picture(
        W + "lupita-mendoza/azulejos-del-mercado/azulejos.jpg",
        "alebrije",
        (1800, 1800),
        502,
        "talavera",
    ),
    Picture(
        W + "lupita-mendoza/lluvia-sobre-xanenetla/lluvia.jpg", "watercolor", (2400, 1700), 503
    ),
    # Blog posts: a photo each, shown in the blog's listings and share previews
    Picture("blog/images/muestra-comunitaria.jpg", "mural", (1600, 900), 601, "milpa"),
    Picture("blog/images/taller-bordado.jpg", "textile", (1200, 800), 602, "manta"),
    # Events: a photo of a past event, an exhibition's invitation
    Picture(
        "events/pinta-colectiva-sol-del-barrio/mural-terminado.jpg",
        "mural",
        (2200, 1500),
        701,
        "barrio",
    ),
    Picture(
        "events/exposicion-alebrijes-del-mercado/invitacion.jpg",
        "alebrije",
        (2000, 1400),
        702,
        "talavera",
    ),
    # Avatars: seeds 11 to 15, each drawn from the artist's first name
    *(
        Picture(f"artists/{artist}/avatar.jpg", "avatar", (480, 480), seed, artist.split("-")[0])
        for seed, artist in enumerate(
            ("xochitl-ramirez", "mateo-cisneros", "itzel-hernandez", "dani-ruiz", "lupita-mendoza"),
            start=11,
        )
    ),
]


def draw_picture(picture: Picture) -> Image.Image:
    """Draw one picture at its final size, deterministically from its seed."""
    draw, finish = STYLES[picture.style]
    w, h = picture.size
    # A detail crops a window of the final size out of the whole artwork drawn
    # zoom times larger, so it shows exactly the same shapes, closer.
    whole_w, whole_h = picture.whole or picture.size
    comp_w = max(w, round(whole_w * picture.zoom))
    comp_h = max(h, round(whole_h * picture.zoom))
    scale = SUPERSAMPLE if comp_w * comp_h * SUPERSAMPLE**2 <= MAX_SUPERSAMPLED_PIXELS else 1
    rng = random.Random(picture.seed)
    big = draw(rng, (comp_w * scale, comp_h * scale), picture.variant)
    if scale > 1:
        big = big.resize((comp_w, comp_h), Image.Resampling.LANCZOS)
    left = round((comp_w - w) * picture.focus[0])
    top = round((comp_h - h) * picture.focus[1])
    img = big.crop((left, top, left + w, top + h))
    return finish(img, random.Random(picture.seed * 7919 + 1)).convert("RGB")


def encode_jpeg(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", **JPEG_OPTIONS)
    return buffer.getvalue()


def render(picture: Picture) -> bytes:
    """The exact bytes of a picture's JPEG file."""
    return encode_jpeg(draw_picture(picture))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content folder")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--only", help="draw only pictures whose path contains this text")
    args = parser.parse_args(argv)
    differing = []
    for picture in PICTURES:
        if args.only and args.only not in picture.path:
            continue
        target = args.content / picture.path
        data = render(picture)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                differing.append(picture.path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{len(data) // 1024:5d} KB  {target.relative_to(args.content)}")
    if differing:
        print("differs from the script's output:", *differing, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
