"""What the share cards cost a cold build: the same content built with and without them.

The sample site (``content/``, or ``--content``) is built cold — empty output, Pelican
cache and image cache — once with ALTAVOZ_IMAGES_SHARE_CARDS off and once on in each
round, each build in a fresh process, the order swapped every round (off-on, on-off,
...) so that a machine growing busier or quieter during the run weighs on both sides
alike. Only the setting differs between the two builds, so their ratio is the cards'
cost and nothing else (the comparison of two commits it replaces also carried every
other change made between them).

The cost is user+sys CPU of the build's whole process tree (benchmarks/child_cost.py);
the ratio is printed per round, since one run on a shared machine varies by more than
the cards cost.

    python benchmarks/cards_bench.py --repeat 3     # or: invoke bench --cards
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import statistics
import sys

from child_cost import run_child

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
# A fixed instant for the agenda: every build lists the same events as upcoming.
AGENDA_NOW = "2026-06-01T12:00:00-06:00"
MODES = {"off": False, "on": True}


def build(content: pathlib.Path, folder: pathlib.Path, cards: bool) -> dict:
    """Inside the child: one cold build into ``folder``; what it published."""
    from altavoz_submit.project import pelican_settings
    from pelican import Pelican

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    settings = pelican_settings(
        ROOT,
        PATH=str(content),
        OUTPUT_PATH=str(folder / "output"),
        CACHE_PATH=str(folder / "cache"),
        ALTAVOZ_IMAGES_CACHE_DIR=str(folder / "image-cache"),
        ALTAVOZ_IMAGES_SHARE_CARDS=cards,
        ALTAVOZ_IMAGES_PROGRESS=False,
        ALTAVOZ_AGENDA_NOW=AGENDA_NOW,
    )
    Pelican(settings).run()
    output = folder / "output"
    return {
        "pages": sum(1 for _ in output.rglob("*.html")),
        "cards": sum(1 for _ in output.rglob("share-*.jpg")),
    }


def measure(args, mode: str) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--content", str(args.content)]
    command += ["--build-dir", str(args.work / mode)]
    return run_child(f"cards {mode}", command)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of one build each way")
    parser.add_argument("--content", type=pathlib.Path, default=ROOT / "content")
    parser.add_argument("--work", type=pathlib.Path, default=HERE / "out")
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--build-dir", type=pathlib.Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.content = args.content.resolve()
    args.work = (args.work / "cards").resolve()
    if args.child:
        result = build(args.content, args.build_dir, MODES[args.child])
        print(json.dumps(result))
        return result

    print(f"share cards: cold builds of {args.content}, off and on, {args.repeat} rounds")
    rounds = []
    for number in range(args.repeat):
        order = ("off", "on") if number % 2 == 0 else ("on", "off")
        rounds.append({mode: measure(args, mode) for mode in order})
    for mode in MODES:  # the builds did what they say: cards only when on
        made = {r[mode]["cards"] for r in rounds}
        if (mode == "on") != (min(made) > 0) or len({r[mode]["pages"] for r in rounds}) != 1:
            raise SystemExit(f"the builds with cards {mode} published {made} cards")
    ratios = [r["on"]["tree_cpu"] / r["off"]["tree_cpu"] for r in rounds]
    print(f"\n{'round':>5}{'off CPU s':>11}{'on CPU s':>10}{'on / off':>10}")
    for number, (r, ratio) in enumerate(zip(rounds, ratios, strict=True), 1):
        print(f"{number:>5}{r['off']['tree_cpu']:11.2f}{r['on']['tree_cpu']:10.2f}{ratio:10.3f}")
    median = statistics.median(ratios)
    cards, pages = rounds[0]["on"]["cards"], rounds[0]["on"]["pages"]
    print(
        f"\n{cards} cards on {pages} pages; on / off median {median:.3f} "
        f"(budget 1.10: the cards may add at most 10 % to a cold build)"
    )
    results = {
        "rounds": [
            {mode: r[mode]["tree_cpu"] for mode in MODES} | {"ratio": ratio}
            for r, ratio in zip(rounds, ratios, strict=True)
        ],
        "median": median,
        "cards": cards,
        "pages": pages,
    }
    (args.work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
