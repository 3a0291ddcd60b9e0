"""CPU cost of publishing images: the project's pipeline against the naive loop and the floor.

With --cards it measures what the share cards cost a cold build of the sample site
(benchmarks/cards_bench.py): the same build with them off and on, alternating, each in
a fresh process, with the on / off CPU ratio of every round.

Every measurement runs in a child process; its cost is the user+sys CPU time
of the whole process tree (resource.getrusage(RUSAGE_CHILDREN) around it: the
pool's workers are reaped by the child, so they are included). Wall time is
shown too but is noisy on shared machines. Same corpus, same outputs, same
encoder settings for every contender:

- pipeline: ``process_images`` with an empty cache (all cores);
- naive: for each source, open + exif_transpose (one full decode), then every
  output resized from full size and saved (what a first Pillow script does);
- floor: decoding each source once at the draft scale its largest output
  needs, plus encoding every output from ready pixels (time of those two
  parts only, measured inside the child with process_time);
- no-op: ``process_images`` again with the cache warm (an unchanged rebuild).

With --site N it measures whole-site builds instead (benchmarks/site_bench.py):
Altavoz's cold, no-op and edit-one builds against plain Pelican on the same
texts, the linearity of the no-op, peak memory and the cold image work against
the floor.

    python benchmarks/bench.py --count 48          # the reference run
    python benchmarks/bench.py --count 48 --repeat 3  # medians of 3 interleaved rounds
    python benchmarks/bench.py --count 6 --quick   # a quick look
"""

from __future__ import annotations

import argparse
import io
import json
import pathlib
import shutil
import sys
import time

from child_cost import run_child

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

# The reference configuration the numbers in README.md are measured with: 1600/960/480 px
# in JPEG q80 and WebP q80 method 4, plus a 300 px WebP thumbnail: 7 outputs per source.
BENCH_SETTINGS = {
    "ALTAVOZ_IMAGES_WIDTHS": (1600, 960, 480),
    "ALTAVOZ_IMAGES_FORMATS": ("webp", "jpeg"),
    "ALTAVOZ_IMAGES_JPEG_QUALITY": 80,
    "ALTAVOZ_IMAGES_WEBP_QUALITY": 80,
    "ALTAVOZ_IMAGES_WEBP_METHOD": 4,
    "ALTAVOZ_IMAGES_THUMBNAIL_SIZE": 300,
    "ALTAVOZ_IMAGES_THUMBNAIL_FORMAT": "webp",
    "ALTAVOZ_IMAGES_PROGRESS": False,
}


def bench_settings(work: pathlib.Path, workers: int | None):
    from altavoz_submit.project import create_settings

    return create_settings(
        **BENCH_SETTINGS,
        ALTAVOZ_IMAGES_CACHE_DIR=str(work / "cache"),
        OUTPUT_PATH=str(work / "output"),
        ALTAVOZ_IMAGES_WORKERS=workers,
    )


def corpus_files(corpus: pathlib.Path, count: int) -> list[pathlib.Path]:
    files = sorted(corpus.glob("photo-*.jpg"))[:count]
    if len(files) < count:
        raise SystemExit(f"{corpus} has {len(files)} photos; run make_corpus.py --count {count}")
    return files


# --- the contenders (run inside the child) ------------------------------------------------


def run_pipeline(files, work: pathlib.Path, workers):
    from altavoz_images import ImageJob, RunStats, process_images

    stats = RunStats()
    jobs = [ImageJob(f, work / "output" / f.stem, f.stem, f.name) for f in files]
    process_images(jobs, bench_settings(work, workers), progress=False, stats=stats)
    return {"rendered": stats.rendered, "cached": stats.cached, "failed": stats.failed}


def _encode_all(outputs, thumb):
    from PIL import Image

    for im in outputs:
        im.save(io.BytesIO(), "JPEG", quality=80)
        im.save(io.BytesIO(), "WEBP", quality=80, method=4)
    assert isinstance(thumb, Image.Image)
    thumb.save(io.BytesIO(), "WEBP", quality=80, method=4)


def run_naive(files, work, workers):
    from PIL import Image, ImageOps

    for path in files:
        with Image.open(path) as opened:
            full = ImageOps.exif_transpose(opened)
        for width in BENCH_SETTINGS["ALTAVOZ_IMAGES_WIDTHS"]:
            size = (width, round(width * full.height / full.width))
            small = full.resize(size, Image.Resampling.LANCZOS)
            small.save(work / f"{path.stem}-{width}.jpg", quality=80)
            small.save(work / f"{path.stem}-{width}.webp", quality=80, method=4)
        thumb = ImageOps.fit(full, (300, 225), Image.Resampling.LANCZOS)
        thumb.save(work / f"{path.stem}-thumb.webp", quality=80, method=4)
    return {}


def run_floor(files, work, workers):
    """Only decode-at-draft-scale and encode are timed; the resizing in between is not."""
    from PIL import Image, ImageOps

    decode = encode = 0.0
    largest = max(BENCH_SETTINGS["ALTAVOZ_IMAGES_WIDTHS"])
    for path in files:
        start = time.process_time()
        with Image.open(path) as im:
            orientation = im.getexif().get(0x0112, 1)
            stored = (largest, round(largest * 3 / 4))
            if orientation in (5, 6, 7, 8):
                stored = stored[::-1]
            im.draft("RGB", stored)
            im.load()
            pixels = im.copy()
        decode += time.process_time() - start
        # Not timed: making the ready pixels of every output.
        upright = pixels.transpose(Image.Transpose.ROTATE_270) if orientation == 6 else pixels
        outputs = [
            upright.resize((w, round(w * upright.height / upright.width)), Image.Resampling.BOX)
            for w in BENCH_SETTINGS["ALTAVOZ_IMAGES_WIDTHS"]
        ]
        thumb = ImageOps.fit(outputs[-1], (300, 225), Image.Resampling.BOX)
        start = time.process_time()
        _encode_all(outputs, thumb)
        encode += time.process_time() - start
    return {"cpu": decode + encode, "decode": decode, "encode": encode}


CONTENDERS = {
    "pipeline": run_pipeline,
    "noop": run_pipeline,
    "naive": run_naive,
    "floor": run_floor,
}


# --- measuring ----------------------------------------------------------------------------


def measure(name: str, args) -> dict:
    """Run one contender in a child; CPU of the child and everything it waited for."""
    command = [
        sys.executable,
        __file__,
        "--child",
        name,
        "--count",
        str(args.count),
        "--corpus",
        str(args.corpus),
        "--work",
        str(args.work),
    ]
    if args.workers:
        command += ["--workers", str(args.workers)]
    return run_child(name, command)


def median_report(reports: list[dict]) -> dict:
    """The report of the round with the median CPU (reports carry their own decode/encode)."""
    return sorted(reports, key=lambda report: report["cpu"])[len(reports) // 2]


def child(args) -> None:
    files = corpus_files(args.corpus, args.count)
    work = args.work
    if args.child in ("naive", "floor"):
        work = work / args.child
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    result = CONTENDERS[args.child](files, work, args.workers)
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=48, help="sources (12 MP JPEGs)")
    parser.add_argument("--corpus", type=pathlib.Path, default=HERE / "corpus")
    parser.add_argument("--work", type=pathlib.Path, default=HERE / "out")
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: all)")
    parser.add_argument(
        "--site",
        type=int,
        default=0,
        help="measure whole-site builds of an N-work site instead (benchmarks/site_bench.py)",
    )
    parser.add_argument(
        "--cards",
        action="store_true",
        help="measure the share cards' cost to a cold build instead (benchmarks/cards_bench.py)",
    )
    parser.add_argument("--skip-naive", action="store_true", help="the slowest contender")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of floor, pipeline and no-op, interleaved; medians are shown "
        "(shared machines: another job can inflate a single run by 10 %% or more)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    if args.cards:
        import cards_bench  # benchmarks/cards_bench.py (this folder is first on sys.path)

        cards_bench.main(["--repeat", str(args.repeat), "--work", str(args.work)])
        return

    if args.site:
        import site_bench  # benchmarks/site_bench.py (this folder is first on sys.path)

        options = {"--works": args.site, "--repeat": args.repeat}
        options.update({"--corpus": args.corpus, "--work": args.work})
        site_bench.main([str(word) for pair in options.items() for word in pair])
        return

    from make_corpus import make_corpus

    print(f"corpus: {args.count} × 12 MP JPEG in {args.corpus}")
    make_corpus(args.corpus, args.count)
    args.work.mkdir(parents=True, exist_ok=True)
    rounds = []
    for _ in range(args.repeat):
        shutil.rmtree(args.work / "cache", ignore_errors=True)
        shutil.rmtree(args.work / "output", ignore_errors=True)
        rounds.append({"floor": measure("floor", args), "pipeline": measure("pipeline", args)})
        rounds[-1]["no-op rebuild"] = measure("noop", args)
    results = {name: median_report([r[name] for r in rounds]) for name in rounds[0]}
    if not args.skip_naive:
        results["naive"] = measure("naive", args)
    floor = results["floor"]["cpu"]
    if args.repeat > 1:
        paired = sorted(r["pipeline"]["cpu"] / r["floor"]["cpu"] for r in rounds)
        print(
            f"{args.repeat} rounds (floor, pipeline, no-op each): medians below; pipeline/floor "
            f"per round: {', '.join(f'{ratio:.2f}' for ratio in paired)}"
        )
    print(f"\n{'':16}{'CPU s':>9}{'CPU s/img':>11}{'img/CPU s':>11}{'× floor':>9}{'wall s':>8}")
    for name, report in results.items():
        cpu = report["cpu"]
        print(
            f"{name:16}{cpu:9.2f}{cpu / args.count:11.3f}{args.count / cpu:11.1f}"
            f"{cpu / floor:9.2f}{report['wall']:8.1f}"
        )
    print(
        f"\nfloor = decode {results['floor']['decode']:.2f} s + encode "
        f"{results['floor']['encode']:.2f} s (measured in-process: no interpreter start-up)"
    )
    if "naive" in results:
        ratio = results["naive"]["cpu"] / results["pipeline"]["cpu"]
        print(f"pipeline uses {ratio:.2f}× less CPU than the naive loop")


if __name__ == "__main__":
    main()
