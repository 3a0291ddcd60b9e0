"""Whole-site build cost: Altavoz against plain Pelican building the same texts.

    python benchmarks/site_bench.py --works 300 [--events 60] [--repeat 3]
    invoke bench --site 300        # the same, with the default number of events

Makes (deterministically) a site of N works by N/20 artists, one 1200x900
photo-like image and ~120 words each, and E events of the agenda (default N/5: the
1000-work site has 200), organized by those artists, ~80 words each, some repeating,
cancelled, online, showing works or with a photo (images cached in benchmarks/corpus/,
which git ignores; the sites are written into benchmarks/out/site-N/), then
measures, in rounds interleaved so that a burst of load elsewhere hits every
contender alike:

- plain: Pelican with its default theme building the same N works' texts as
  articles, in two languages (i18n_subsites), no images and no events;
- plain with events: the same, plus the E events' texts as articles too (what Pelican
  alone makes of the same source: the like-for-like floor of a site with an agenda);
- cold: the Altavoz site with empty caches and output;
- no-op: the same build again (nothing changed);
- edit-one: after changing one work's text;
- no-op N/2: an unchanged rebuild of the first N/2 works (is the cost linear?);
- no-op without events: an unchanged rebuild of the same works without the agenda's
  events (what the events cost an unchanged rebuild);
- without image work: the cold build with the image machinery switched off
  (nothing checks, hashes or publishes images): what the site costs net of images;
- floor: decoding each image once at the draft scale its largest output needs
  plus encoding exactly the outputs the cold build wrote (only those two parts
  are timed), in one process.

Each build runs in a child process; its cost is user+sys CPU of the whole
process tree (getrusage(RUSAGE_CHILDREN) around it: the child reaps its image
workers); the peak memory is the largest resident set of any process of the
tree (the build's or one image worker's).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import random
import resource
import shutil
import statistics
import sys
import time

from child_cost import run_child

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

IMAGE_SIZE = (1200, 900)
WORKS_PER_ARTIST = 20
TAGS = ("pintura", "mural", "textil", "barro", "grabado", "fotografía", "maíz", "comunidad")
# Deterministic filler for the statements: plain Spanish words, no markup.
_FILLER = (
    "la obra nace de una tarde en el mercado del pueblo donde mi abuela vendía flores "
    "y yo miraba los colores del maíz azul las manos de las tejedoras el barro rojo "
    "del río y las fiestas de agosto con música de banda pinté con acrílico sobre "
    "madera reciclada porque en la comunidad nada se tira cada pieza guarda la memoria "
    "de quien la usó antes quise mostrar el trabajo de las mujeres que sostienen la "
    "casa el campo y la palabra también la lluvia que llega tarde y el camino de "
    "tierra que lleva a la escuela"
)
# The agenda is built for this instant whatever the day the benchmark runs, so every run
# lists the same events as upcoming (ALTAVOZ_AGENDA_NOW).
AGENDA_NOW = "2026-06-01T12:00:00-06:00"
EVENTS_PER_WORK = 0.2
# "no-op / plain" compares the site with its events to plain Pelican building the works
# alone (the figure of earlier runs); "no-op / plain with events" to plain Pelican
# building the same works and events: the like-for-like one.
TARGETS = {
    "no-op / plain with events": 1.5,
    "no-op / plain": 1.5,
    "edit-one / no-op": 1.15,
    "no-op N / no-op N/2": 2.2,
    "cold image work / floor": 1.2,
}
MEMORY_TARGET_MB = 500


# --- the content ----------------------------------------------------------------------------


def site_images(corpus: pathlib.Path, count: int) -> list[pathlib.Path]:
    """``count`` photo-like 1200x900 JPEGs (every 4th stored sideways), made once."""
    from make_corpus import write_phone_photos

    return write_phone_photos(
        corpus / f"site-{IMAGE_SIZE[0]}x{IMAGE_SIZE[1]}",
        count,
        name="photo-{:04d}.jpg",
        size=IMAGE_SIZE,
        first_seed=5000,
        with_gps=False,  # nothing to strip: the cost measured is the site's, not the GPS removal
    )


def statement(index: int, words: int = 120) -> str:
    rng = random.Random(index)
    vocabulary = _FILLER.split()
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def front_matter(fields: dict) -> str:
    return "\n".join(["---", *(f"{key}: {value}" for key, value in fields.items()), "---", ""])


def artist_slug(index: int, works: int) -> str:
    return f"artista-{index % max(1, works // WORKS_PER_ARTIST):03d}"


def work_fields(index: int, works: int) -> dict:
    return {
        "title": f"Obra número {index}",
        "date": f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "tags": f"{TAGS[index % len(TAGS)]}, {TAGS[(index * 3 + 1) % len(TAGS)]}",
    }


def _link_or_copy(source: pathlib.Path, target: pathlib.Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def event_fields(index: int, works: int) -> dict:
    """An event of the agenda: every kind the site shows, spread over a year."""
    artists = max(1, works // WORKS_PER_ARTIST)
    day = 1 + (index * 7) % 365
    start = f"2026-{1 + (day // 31) % 12:02d}-{1 + day % 28:02d} {10 + index % 9:02d}:00"
    fields = {
        "title": f"Evento número {index}",
        "start": start,
        "duration": ("2h", "90m", "3h", "2d")[index % 4],
        "venue": f"Casa de la Cultura del barrio {index % 17}",
        "address": f"Calle Hidalgo {index % 90 + 1}, Centro",
        "cost": ("Entrada libre", "Cooperación voluntaria", "50 pesos")[index % 3],
        "organizers": ", ".join(
            sorted({f"artista-{index % artists:03d}", f"artista-{(index * 7) % artists:03d}"})
        ),
        "lang": "es",
        "consent": "yes",
        "tags": f"{TAGS[index % len(TAGS)]}, taller",
    }
    if index % 5 == 0:
        fields.update(repeat="weekly", count=str(4 + index % 9))
    elif index % 11 == 0:
        fields.update(repeat="monthly", until="2027-03-31")
    if index % 13 == 0:
        fields["status"] = "cancelled"
    if index % 7 == 0:
        fields["online"] = f"https://example.org/transmision/{index}"
    if index % 3 == 0 and works:
        shown = index % works
        fields["works"] = f"{artist_slug(shown, works)}/obra-{shown:04d}"
    return fields


def write_events(content: pathlib.Path, images: list[pathlib.Path], events: int, works: int):
    """``events`` folders in ``content/events/``; every 10th shows a photo of the corpus."""
    shutil.rmtree(content / "events", ignore_errors=True)
    for index in range(events):
        folder = content / "events" / f"evento-{index:04d}"
        folder.mkdir(parents=True)
        body = statement(100_000 + index, words=80)
        if index % 10 == 0 and images:
            _link_or_copy(images[index % len(images)], folder / "cartel.jpg")
            body += f"\n\n![Cartel del evento número {index} en la plaza](cartel.jpg)"
        (folder / "index.md").write_text(
            front_matter(event_fields(index, works)) + "\n" + body + "\n", encoding="utf-8"
        )


def write_altavoz_site(
    content: pathlib.Path, images: list[pathlib.Path], works: int, events: int = 0
) -> None:
    shutil.rmtree(content, ignore_errors=True)
    for a in range(max(1, works // WORKS_PER_ARTIST)):
        folder = content / "artists" / f"artista-{a:03d}"
        folder.mkdir(parents=True)
        fields = {"name": f"Artista {a}", "city": "Oaxaca", "lang": "es"}
        (folder / "index.md").write_text(
            front_matter(fields) + "\nBio de la artista número " + str(a) + ".\n",
            encoding="utf-8",
        )
    for index in range(works):
        artist = artist_slug(index, works)
        folder = content / "works" / artist / f"obra-{index:04d}"
        folder.mkdir(parents=True)
        _link_or_copy(images[index], folder / "foto.jpg")
        fields = {
            **work_fields(index, works),
            "artist": artist,
            "medium": "Acrílico sobre madera",
            "license": "CC-BY-SA-4.0",
            "consent": "yes",
            "lang": "es",
        }
        body = f"{statement(index)}\n\n![Foto de la obra número {index} del taller](foto.jpg)\n"
        (folder / "index.md").write_text(front_matter(fields) + "\n" + body, encoding="utf-8")
    write_events(content, images, events, works)


def write_plain_site(content: pathlib.Path, works: int, events: int = 0) -> None:
    """The same texts as Pelican articles (same titles, dates, tags), no images; with
    ``events``, the events' texts too, as Pelican alone would publish them."""
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for index in range(works):
        fields = {
            **work_fields(index, works),
            "author": artist_slug(index, works),
            "category": "obras",
            "lang": "es",
        }
        write_plain_article(content / f"obra-{index:04d}.md", fields, statement(index))
    for index in range(events):
        write_plain_article(
            content / f"evento-{index:04d}.md",
            plain_event_fields(index, works),
            statement(100_000 + index, words=80),
        )


def plain_event_fields(index: int, works: int) -> dict:
    """An event's header as a Pelican article's: dated by its start, its organizers as
    authors, the rest kept as metadata (Pelican renders none of it); ``status`` is left
    out, as Pelican would skip an article whose status it does not know (``cancelled``)."""
    fields = dict(event_fields(index, works))
    fields.pop("status", None)
    fields["date"] = fields.pop("start")
    fields["authors"] = fields.pop("organizers")
    return {**fields, "category": "agenda", "slug": f"evento-{index:04d}"}


def write_plain_article(path: pathlib.Path, fields: dict, body: str) -> None:
    # Pelican's Markdown reader takes "Key: value" lines at the top, no --- fences.
    header = "".join(f"{key}: {value}\n" for key, value in fields.items())
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")


PLAIN_WITH_EVENTS = "plain-events"  # its folders: plain-events-content, -output, -cache
EDITED_WORK = pathlib.Path("works") / "artista-000" / "obra-0000" / "index.md"


def edit_one_work(content: pathlib.Path, round_number: int) -> None:
    path = content / EDITED_WORK
    text = path.read_text(encoding="utf-8")
    marker = "\nEditado en la ronda "
    text = text.split(marker)[0].rstrip("\n") + f"{marker}{round_number}.\n"
    path.write_text(text, encoding="utf-8")


# --- the builds (inside the child) ------------------------------------------------------------


def altavoz_settings(site: pathlib.Path, output: str = "output", cache: str = "cache", **extra):
    from altavoz_submit.project import pelican_settings

    override = {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(site / output),
        "CACHE_PATH": str(site / cache),
        "SITEURL": "",
        "FEED_DOMAIN": "http://localhost",
        "ALTAVOZ_IMAGES_PROGRESS": False,
        "ALTAVOZ_AGENDA_NOW": AGENDA_NOW,
        **extra,
    }
    return pelican_settings(ROOT, **override)


def build_altavoz(site: pathlib.Path, shared_cache: pathlib.Path | None) -> None:
    from pelican import Pelican

    extra = {"ALTAVOZ_IMAGES_CACHE_DIR": str(shared_cache)} if shared_cache else {}
    Pelican(altavoz_settings(site, **extra)).run()


def build_without_image_work(site: pathlib.Path) -> None:
    """The cold build with nothing checking, hashing or publishing an image.

    (A work without an image is refused by the moderation, so the files stay;
    the pages then show no <picture>.)
    """
    import altavoz_images
    import altavoz_images.validation
    from pelican import Pelican

    altavoz_images.publish_gallery_images = lambda generator: None
    altavoz_images.publish_item_images = lambda generator, items, publisher: []
    altavoz_images.validation.check_image_file = lambda path, rel_path, settings: []
    Pelican(altavoz_settings(site, output="output-no-images", cache="cache-no-images")).run()


def build_plain(site: pathlib.Path, name: str = "plain") -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        None,
        override={
            "PATH": str(site / f"{name}-content"),
            "OUTPUT_PATH": str(site / f"{name}-output"),
            "CACHE_PATH": str(site / f"{name}-cache"),
            "SITEURL": "",
            "DEFAULT_LANG": "es",
            "TIMEZONE": "America/Mexico_City",
            "PLUGINS": ["i18n_subsites"],
            "I18N_SUBSITES": {"en": {}},
            "I18N_UNTRANSLATED_ARTICLES": "keep",
            "DEFAULT_PAGINATION": 10,
            "DELETE_OUTPUT_DIRECTORY": True,
            "LOAD_CONTENT_CACHE": False,
            "FEED_DOMAIN": "http://localhost",
        },
    )
    Pelican(settings).run()


def image_floor(site: pathlib.Path, shared_cache: pathlib.Path) -> dict:
    """Decode at draft scale + encode exactly the outputs the cold build cached.

    Only those two parts are timed (process_time); finding the outputs (hashing
    the source, reading the manifest) and making their ready pixels are not.
    """
    from altavoz_images import cache, derivatives
    from altavoz_submit.project import complete_settings
    from PIL import Image

    settings = complete_settings(altavoz_settings(site))
    fingerprint = cache.settings_fingerprint(settings)
    background = settings["ALTAVOZ_IMAGES_BACKGROUND"]
    decode = encode = 0.0
    outputs = 0
    for source in sorted((site / "content" / "works").glob("*/*/foto.jpg")):
        key = cache.derivative_key(cache.file_digest(source), fingerprint)
        manifest = cache.load_manifest(shared_cache, key)
        if manifest is None:
            raise SystemExit(f"no cached derivatives of {source}: build the site cold first")
        files = manifest["outputs"]
        largest = max(files, key=lambda output: output["width"])
        start = time.process_time()
        with Image.open(source) as im:
            orientation = im.getexif().get(0x0112, 1)
            wanted = (largest["width"], largest["height"])
            im.draft("RGB", wanted[::-1] if orientation in (5, 6, 7, 8) else wanted)
            im.load()
            pixels = im.copy()
        decode += time.process_time() - start
        # Not timed: the ready pixels of every output.
        if orientation in derivatives._TRANSPOSE:
            pixels = pixels.transpose(derivatives._TRANSPOSE[orientation])
        ready = [
            (output["format"], pixels.resize((output["width"], output["height"]), Image.BOX))
            for output in files
        ]
        start = time.process_time()
        for fmt, im in ready:
            derivatives.encode(im, fmt, settings, background)
        encode += time.process_time() - start
        outputs += len(ready)
    return {"cpu": decode + encode, "decode": decode, "encode": encode, "outputs": outputs}


def child(args) -> None:
    site = args.site_dir
    shared_cache = site / "image-cache"
    result: dict = {}
    if args.child == "altavoz":
        build_altavoz(pathlib.Path(args.build_dir or site), shared_cache)
    elif args.child == "no-image-work":
        build_without_image_work(site)
    elif args.child == "plain":
        build_plain(site)
    elif args.child == "plain with events":
        build_plain(site, PLAIN_WITH_EVENTS)
    elif args.child == "floor":
        result = image_floor(site, shared_cache)
    else:
        raise SystemExit(f"unknown child {args.child}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_kb"] = max(own, workers)
    print(json.dumps(result))


# --- measuring ----------------------------------------------------------------------------


def measure(args, name: str, build_dir: pathlib.Path | None = None) -> dict:
    """Run one build in a child; CPU of the child and of everything it waited for."""
    command = [sys.executable, __file__, "--child", name, "--site-dir", str(args.site_dir)]
    if build_dir:
        command += ["--build-dir", str(build_dir)]
    return run_child(name, command)


def count_pages(output: pathlib.Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def one_round(args, number: int, half: pathlib.Path) -> dict:
    site = args.site_dir
    for stale in ("output", "cache", "image-cache"):
        shutil.rmtree(site / stale, ignore_errors=True)
    result = {"cold": measure(args, "altavoz")}
    result["no-op"] = measure(args, "altavoz")
    edit_one_work(site / "content", number)
    result["edit-one"] = measure(args, "altavoz")
    measure(args, "altavoz", half)  # its sources re-hashed after the cold build: not a no-op
    result["no-op N/2"] = measure(args, "altavoz", half)
    if args.events:
        no_events = site / "no-events"
        measure(args, "altavoz", no_events)  # its first build: pages written, images linked
        result["no-op without events"] = measure(args, "altavoz", no_events)
    result["plain"] = measure(args, "plain")
    if args.events:
        result["plain with events"] = measure(args, "plain with events")
    for stale in ("output-no-images", "cache-no-images"):
        shutil.rmtree(site / stale, ignore_errors=True)
    result["without image work"] = measure(args, "no-image-work")
    result["floor"] = measure(args, "floor")
    return result


def ratios(round_: dict) -> dict:
    found = {}
    if "no-op without events" in round_:
        found["no-op / no-op without events"] = (
            round_["no-op"]["cpu"] / round_["no-op without events"]["cpu"]
        )
    if "plain with events" in round_:
        found["no-op / plain with events"] = (
            round_["no-op"]["cpu"] / round_["plain with events"]["cpu"]
        )
    return found | {
        "no-op / plain": round_["no-op"]["cpu"] / round_["plain"]["cpu"],
        "edit-one / no-op": round_["edit-one"]["cpu"] / round_["no-op"]["cpu"],
        "no-op N / no-op N/2": round_["no-op"]["cpu"] / round_["no-op N/2"]["cpu"],
        "cold image work / floor": (round_["cold"]["cpu"] - round_["without image work"]["cpu"])
        / round_["floor"]["cpu"],
    }


def prepare(args) -> pathlib.Path:
    """Write the N-work site (with its E events), its N/2 half (E/2 events), the same works
    without events and the plain-Pelican texts; returns the half."""
    site = args.site_dir
    images = site_images(args.corpus, args.works)
    write_altavoz_site(site / "content", images, args.works, args.events)
    write_plain_site(site / "plain-content", args.works)
    if args.events:
        write_plain_site(site / f"{PLAIN_WITH_EVENTS}-content", args.works, args.events)
    half = site / "half"
    write_altavoz_site(half / "content", images, max(1, args.works // 2), args.events // 2)
    copies = [half]
    if args.events:
        write_altavoz_site(site / "no-events" / "content", images, args.works)
        copies.append(site / "no-events")
    for copy in copies:
        for stale in ("output", "cache"):
            shutil.rmtree(copy / stale, ignore_errors=True)
    return half


def report(args, rounds: list[dict]) -> dict:
    names = list(rounds[0])
    medians = {name: statistics.median(r[name]["cpu"] for r in rounds) for name in names}
    site = args.site_dir
    pages = {
        "plain": count_pages(site / "plain-output"),
        "no-op": count_pages(site / "output"),
        "no-op N/2": count_pages(site / "half" / "output"),
    }
    if args.events:
        pages["no-op without events"] = count_pages(site / "no-events" / "output")
        pages["plain with events"] = count_pages(site / f"{PLAIN_WITH_EVENTS}-output")
    artists = max(1, args.works // WORKS_PER_ARTIST)
    print(
        f"\nsite: {args.works} works by {artists} artists, one {IMAGE_SIZE[0]}x{IMAGE_SIZE[1]} "
        f"photo and ~120 words each, {args.events} events; {len(rounds)} round(s), medians; "
        "CPU s of the process tree"
    )
    print(f"\n{'':22}{'CPU s':>8}{'min–max':>14}{'wall s':>8}{'peak MB':>9}{'pages':>7}")
    for name in names:
        cpus = [r[name]["cpu"] for r in rounds]
        walls = [r[name]["wall"] for r in rounds]
        peak = max(r[name]["peak_kb"] for r in rounds) / 1024
        spread = f"{min(cpus):.2f}–{max(cpus):.2f}"
        shown = pages.get(name, "")
        print(
            f"{name:22}{medians[name]:8.2f}{spread:>14}{statistics.median(walls):8.1f}"
            f"{peak:9.0f}{shown!s:>7}"
        )
    floor = [r["floor"] for r in rounds]
    print(
        f"\nfloor = decode {statistics.median(f['decode'] for f in floor):.2f} s + encode "
        f"{statistics.median(f['encode'] for f in floor):.2f} s of {floor[0]['outputs']} outputs "
        "(in-process: no interpreter start-up)"
    )
    per_round = [ratios(r) for r in rounds]
    summary = {}
    print("\nratios (median of the per-round ratios; each round measured back to back):")
    if args.events:
        values = sorted(r["no-op / no-op without events"] for r in per_round)
        summary["no-op / no-op without events"] = value = statistics.median(values)
        listed = ", ".join(f"{v:.2f}" for v in values)
        print(
            f"  {'no-op / no-op w/o events':26}{value:6.2f}  (what {args.events} events cost "
            f"an unchanged rebuild; rounds: {listed})"
        )
    for name, target in TARGETS.items():
        if name not in per_round[0]:  # no events: plain Pelican has the same texts anyway
            continue
        values = sorted(r[name] for r in per_round)
        value = statistics.median(values)
        summary[name] = value
        verdict = "ok" if value <= target else "OVER"
        listed = ", ".join(f"{v:.2f}" for v in values)
        # Said beside the figure: that plain Pelican built fewer pages than the site.
        works_only = name == "no-op / plain" and args.events
        note = " plain built the works only, not the events;" if works_only else ""
        print(f"  {name:26}{value:6.2f}  (target ≤ {target}: {verdict};{note} rounds: {listed})")
    peak_mb = max(r[name]["peak_kb"] for r in rounds for name in names) / 1024
    summary["peak MB"] = peak_mb
    verdict = "ok" if peak_mb < MEMORY_TARGET_MB else "OVER"
    print(f"  {'peak memory (MB)':26}{peak_mb:6.0f}  (target < {MEMORY_TARGET_MB}: {verdict})")
    return {"medians": medians, "ratios": summary, "pages": pages, "rounds": rounds}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=300, help="works in the site (N)")
    parser.add_argument(
        "--events", type=int, default=None, help="events of the agenda (default: N/5)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds (medians)")
    parser.add_argument("--corpus", type=pathlib.Path, default=HERE / "corpus")
    parser.add_argument("--work", type=pathlib.Path, default=HERE / "out")
    parser.add_argument("--site-dir", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--build-dir", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return
    if args.works < 2:
        parser.error("--works must be at least 2 (the linearity check builds N/2)")
    if args.events is None:
        args.events = math.ceil(args.works * EVENTS_PER_WORK)
    if args.events < 0:
        parser.error("--events must be 0 or more")
    args.site_dir = (args.work / f"site-{args.works}").resolve()
    print(f"→ writing a {args.works}-work site with {args.events} events into {args.site_dir}")
    half = prepare(args)
    measure(args, "plain")  # warm-up: bytecode and the OS file cache
    rounds = []
    for number in range(1, args.repeat + 1):
        print(f"→ round {number} of {args.repeat}", flush=True)
        rounds.append(one_round(args, number, half))
    summary = report(args, rounds)
    (args.site_dir / "results.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
