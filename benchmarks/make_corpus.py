"""Make a deterministic corpus of photo-like 12 MP JPEGs for `invoke bench`.

Photo-like means what costs an encoder real work: shapes with soft edges,
gradients, fine sensor-like grain and mid-scale texture (flat synthetic images
compress several times faster than photos and would flatter every pipeline).
Every 4th image is stored sideways with EXIF orientation 6, every 3rd carries a
GPS position, like phone photos. Same seed, same bytes: runs are comparable.

    python benchmarks/make_corpus.py --count 48 --out benchmarks/corpus
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (4000, 3000)  # 12 MP, the usual phone photo


def _noise(rng: random.Random, size: tuple[int, int], mode: str = "L") -> Image.Image:
    bands = len(mode)
    return Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * bands))


def photo_like(index: int, size=SIZE) -> Image.Image:
    rng = random.Random(1000 + index)
    width, height = size
    small = (width // 8, height // 8)
    # Lighting: a smooth colour gradient.
    top = tuple(rng.randrange(40, 220) for _ in range(3))
    bottom = tuple(rng.randrange(20, 200) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(small)
    base = Image.composite(Image.new("RGB", small, bottom), Image.new("RGB", small, top), gradient)
    # The subject: overlapping shapes, like objects and brush strokes.
    draw = ImageDraw.Draw(base)
    for _ in range(120):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randrange(4, small[0] // 6)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            points = [(x + rng.randrange(-r, r), y + rng.randrange(-r, r)) for _ in range(5)]
            draw.polygon(points, fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(1.5)).resize(size, Image.Resampling.BICUBIC)
    # Mid-scale texture (canvas, paper, walls) and fine grain (sensor noise).
    texture = _noise(rng, (width // 4, height // 4), "RGB").resize(size, Image.Resampling.BICUBIC)
    base = Image.blend(base, texture, 0.12)
    grain = _noise(rng, size, "RGB").filter(ImageFilter.BoxBlur(0.6))
    return Image.blend(base, grain, 0.07)


def phone_exif(index: int, orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Altavoz"  # Make
    exif[0x0110] = "Benchmark Phone"  # Model
    exif[0x0112] = orientation
    if index % 3 == 0:
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (17.0, 3.0, 36.5 + index / 100)
        gps[3], gps[4] = "W", (96.0, 43.0, 12.25)
    return exif


def write_phone_photos(
    folder: pathlib.Path,
    count: int,
    name: str = "photo-{:03d}.jpg",
    size: tuple[int, int] = SIZE,
    first_seed: int = 0,
    with_gps: bool = True,
    announce: bool = False,
) -> list[pathlib.Path]:
    """``count`` photo-like JPEGs as a phone stores them, made once (kept between runs).

    Every 4th is stored sideways with EXIF orientation 6, as the sensor saw it;
    with ``with_gps`` every 3rd carries a GPS position.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / name.format(index)
        paths.append(path)
        if path.exists():
            continue
        image = photo_like(first_seed + index, size)
        orientation = 6 if index % 4 == 0 else 1
        if orientation == 6:
            image = image.transpose(Image.Transpose.ROTATE_90)
        exif = phone_exif(index if with_gps else 1, orientation)  # 1: never a GPS position
        # Written whole or not at all: a stopped run must not leave a photo to be reused.
        temporary = path.with_suffix(".tmp")
        image.save(temporary, "JPEG", quality=90, exif=exif)
        os.replace(temporary, path)
        if announce:
            print(f"  {path} ({path.stat().st_size // 1024} KB)")
    return paths


def make_corpus(out: pathlib.Path, count: int) -> list[pathlib.Path]:
    return write_phone_photos(out, count, announce=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument(
        "--out", type=pathlib.Path, default=pathlib.Path(__file__).parent / "corpus"
    )
    args = parser.parse_args()
    make_corpus(args.out, args.count)


if __name__ == "__main__":
    main()
