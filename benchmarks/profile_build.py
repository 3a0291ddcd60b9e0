"""Where a site build spends its time, per phase and per language site.

    # a site written by `invoke bench --site 300` (benchmarks/out/site-300):
    python benchmarks/profile_build.py cprofile --site-dir benchmarks/out/site-300 --mode noop
    python benchmarks/profile_build.py cprofile --site-dir benchmarks/out/site-300 --mode cold
    # the same build sampled by py-spy (no profiler overhead), then split into phases:
    py-spy record -r 200 -f raw -o noop.txt -- \
        python benchmarks/profile_build.py build --site-dir benchmarks/out/site-300
    python benchmarks/profile_build.py phases noop.txt

Phases are decided per sample (or per cProfile call chain) by the innermost frame
that belongs to a known part: a Markdown parse called by the moderation counts as
Markdown, and the table across says which site (the moderation's pass, the
Spanish main site, the English subsite) asked for it.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pathlib
import pstats
import re
import resource
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent

# (phase, pattern on "function (file:line)" frames); the innermost match wins.
PHASE_PATTERNS = [
    ("imports and start-up", r"<frozen importlib|_find_and_load|\(<frozen site>"),
    ("macro calls", r"\(.*templates/macros/[^:]*\.html"),
    ("template rendering", r"[(/]jinja2/|\.html:|markupsafe/"),
    ("sanitizing (bleach)", r"[(/]bleach/|[(/]html5lib/|altavoz_moderation/sanitize/"),
    ("Markdown", r"[(/]markdown/|pelican/readers\.py|frontmatter|[(/]yaml/"),
    ("image publishing", r"altavoz_images/(gallery|posts|pipeline|cache)\.py"),
    ("image checks", r"altavoz_images/|PIL/"),
    ("moderation checks", r"altavoz_moderation/"),
    ("gallery generator", r"altavoz_gallery/"),
    ("theme plugin", r"altavoz_theme/"),
    ("writing files", r"pelican/writers\.py|pelican/utils\.py"),
    ("i18n_subsites", r"i18n_subsites"),
    ("Pelican (other)", r"pelican/"),
]
PHASES = [(name, re.compile(pattern)) for name, pattern in PHASE_PATTERNS]
# Which site a frame chain is working for: the first of these found anywhere in it.
SITES = [
    ("moderation pass", re.compile(r"moderation_report|check_site")),
    ("English subsite", re.compile(r"create_next_subsite")),
    ("Spanish main site", re.compile(r"Pelican\.run|run \(.*pelican/__init__\.py")),
]


def classify(frames: list[str]) -> tuple[str, str]:
    """(site, phase) of one stack, frames listed root first."""
    site = next(
        (name for name, pattern in SITES if any(pattern.search(f) for f in frames)), "other"
    )
    for frame in reversed(frames):
        for name, pattern in PHASES:
            if pattern.search(frame):
                return site, name
    return site, "other"


def print_matrix(weights: dict[tuple[str, str], float], unit: str) -> None:
    total = sum(weights.values()) or 1
    sites = [name for name, _ in SITES] + ["other"]
    phases = [name for name, _ in PHASES] + ["other"]
    print(f"{'':24}" + "".join(f"{s[:16]:>17}" for s in sites) + f"{'total':>10}{'%':>6}")
    for phase in phases:
        row = [weights.get((site, phase), 0.0) for site in sites]
        if not sum(row):
            continue
        cells = "".join(f"{value:17.2f}" for value in row)
        print(f"{phase:24}{cells}{sum(row):10.2f}{100 * sum(row) / total:6.1f}")
    sums = [sum(v for (s, _), v in weights.items() if s == site) for site in sites]
    print(f"{'total (' + unit + ')':24}" + "".join(f"{v:17.2f}" for v in sums) + f"{total:10.2f}")


# --- py-spy's raw (folded) output ----------------------------------------------------------


def phases_of_folded(path: pathlib.Path, rate: float) -> None:
    weights: dict[tuple[str, str], float] = collections.Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        weights[classify(stack.split(";"))] += int(count) / rate
    print_matrix(weights, "s")


# --- cProfile -----------------------------------------------------------------------------


def _frame_name(func: tuple) -> str:
    filename, line, name = func
    return f"{name} ({filename}:{line})"


def phases_of_profile(stats: pstats.Stats) -> dict[tuple[str, str], float]:
    """Split each function's own time by the chain of its callers (first caller path).

    cProfile keeps only caller->callee pairs, not whole stacks, so the chain is
    one path up the caller graph (the heaviest caller at each step): good
    enough to tell the sites apart, which only change near the root.
    """
    raw = stats.stats  # func -> (cc, nc, tt, ct, callers)
    chains: dict[tuple, list[str]] = {}

    def chain(func, depth=0):
        if func in chains:
            return chains[func]
        chains[func] = [_frame_name(func)]  # cycle guard
        callers = raw.get(func, (0, 0, 0, 0, {}))[4]
        if callers and depth < 200:
            heaviest = max(callers, key=lambda c: callers[c][3] if len(callers[c]) > 3 else 0)
            result = [*chain(heaviest, depth + 1), _frame_name(func)]
        else:
            result = [_frame_name(func)]
        chains[func] = result
        return result

    weights: dict[tuple[str, str], float] = collections.Counter()
    for func, (_, _, own, _, _) in raw.items():
        weights[classify(chain(func))] += own
    return weights


def build(site: pathlib.Path) -> None:
    from pelican import Pelican
    from site_bench import altavoz_settings

    Pelican(altavoz_settings(site, ALTAVOZ_IMAGES_CACHE_DIR=str(site / "image-cache"))).run()


def profile(args) -> None:
    site = args.site_dir.resolve()
    if args.mode == "cold":
        for stale in ("output", "cache", "image-cache"):
            shutil.rmtree(site / stale, ignore_errors=True)
    else:
        # Make sure the no-op has nothing to do, in another process: what a build
        # remembers in memory (the moderation report, manifests) must not help this one.
        command = [sys.executable, __file__, "build", "--site-dir", str(site)]
        subprocess.run(command, check=True, capture_output=True)
    # CPU time, not wall time: other jobs on a shared machine would inflate every
    # function, and waiting for the image workers would look like the heaviest one.
    profiler = cProfile.Profile(time.process_time)
    start, before = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    profiler.enable()
    build(site)
    profiler.disable()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time() - start
    workers = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = args.out or site / f"{args.mode}.prof"
    profiler.dump_stats(out)
    stats = pstats.Stats(str(out))
    print(f"{args.mode} build of {site}: {own:.2f} CPU s in this process under cProfile")
    print(f"  + {workers:.2f} CPU s in image workers (not profiled); profile in {out}\n")
    # cProfile keeps caller->callee pairs, not stacks: which site asked is only a guess
    # here (py-spy's samples tell it), so only the phases are shown.
    by_phase: dict[tuple[str, str], float] = collections.Counter()
    for (_, phase), seconds in phases_of_profile(stats).items():
        by_phase["other", phase] += seconds
    print_matrix(by_phase, "s")
    pages = sum(1 for _ in (site / "output").rglob("*.html"))

    def calls(filename: str, function: str) -> int:
        return sum(
            v[1] for k, v in stats.stats.items() if k[2] == function and k[0].endswith(filename)
        )

    macros, template_calls = (
        calls("jinja2/runtime.py", "_invoke"),
        calls("jinja2/runtime.py", "call"),
    )
    print(
        f"\n{pages} pages: {macros} macro calls ({macros / max(pages, 1):.0f} a page), "
        f"{template_calls} calls from templates to Python ({template_calls / max(pages, 1):.0f} "
        "a page: filters, globals, gettext, macros)"
    )
    print("\nheaviest functions (cumulative):")
    stats.sort_stats("cumulative").print_stats(args.top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("build", help="one build (to run under py-spy)")
    run.add_argument("--site-dir", type=pathlib.Path, required=True)
    prof = commands.add_parser("cprofile", help="one build under cProfile, split into phases")
    prof.add_argument("--site-dir", type=pathlib.Path, required=True)
    prof.add_argument("--mode", choices=("noop", "cold"), default="noop")
    prof.add_argument("--out", type=pathlib.Path)
    prof.add_argument("--top", type=int, default=40)
    folded = commands.add_parser("phases", help="split py-spy raw output into phases")
    folded.add_argument("file", type=pathlib.Path)
    folded.add_argument("--rate", type=float, default=200, help="py-spy's --rate")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.site_dir.resolve())
    elif args.command == "cprofile":
        profile(args)
    else:
        phases_of_folded(args.file, args.rate)


if __name__ == "__main__":
    main()
