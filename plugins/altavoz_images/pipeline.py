"""Turning submitted images into published derivatives: cached, parallel, isolated.

``process_images(jobs, settings)`` is the one entry point (the Pelican build,
`invoke bench` and the tests call it). For each job it finds the derivatives
in the cache by content hash, renders the missing ones in a process pool (one
bad file yields an error result, never a crashed build), publishes them next
to the page that shows them, and returns an ``ImageSet`` per source with what
templates need (srcset strings, width/height, thumbnail, placeholder).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import pathlib
import resource
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from altavoz_core import kept_output
from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding

from . import cache, derivatives, loader
from . import settings as image_settings

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_images]"


@dataclass(frozen=True)
class ImageJob:
    source: pathlib.Path  # the submitted file
    output_dir: pathlib.Path  # absolute folder the derivatives are published into
    url_dir: str  # URL of output_dir relative to images_siteurl(), e.g. "works/ana/mural"
    rel_path: str = ""  # posix path relative to the repository root, for findings
    alt: str = ""
    caption: str = ""
    # Also the square card renditions (ALTAVOZ_IMAGES_CARDS): only images shown in a
    # square box (a work's cover, an avatar) need them. Part of the derivative key.
    cards: bool = True


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int
    height: int
    mime: str


@dataclass
class ImageSet:
    """One source image as published: everything a template needs, nothing to decode.

    URLs are relative to where images are served from (``images_siteurl(settings)``,
    the main site's SITEURL in every language); the ``*_for(siteurl)`` helpers
    give the attribute values templates print (theme/templates/macros/picture.html).
    """

    source: pathlib.Path
    rel_path: str = ""
    alt: str = ""
    caption: str = ""
    src: str = ""  # <img src>: the fallback format at a middling width
    width: int = 0  # intrinsic size of the largest rendition (width/height attributes)
    height: int = 0
    formats: list[tuple[str, list[Candidate]]] = field(default_factory=list)  # best first
    thumbnail: Candidate | None = None
    cards: list[Candidate] = field(
        default_factory=list
    )  # square, for square boxes; narrowest first
    placeholder: str = ""  # data URI of a tiny blurred preview
    colour: str = ""
    has_alpha: bool = False
    sizes: str = ""  # default `sizes` for a full-width picture
    thumbnail_sizes: str = ""  # default `sizes` in grids
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    decoded: bool = False  # rendered in this run (False: served from the cache)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    def __getitem__(self, name):  # templates and feeds may treat a rendition as a mapping
        return getattr(self, name)

    @staticmethod
    def _srcset(candidates, siteurl: str) -> str:
        return ", ".join(f"{siteurl}/{c.url} {c.width}w" for c in candidates)

    def sources_for(self, siteurl: str = "") -> list[tuple[str, str]]:
        """(mime, srcset) for each <source>: every format but the fallback."""
        return [(mime, self._srcset(cands, siteurl)) for mime, cands in self.formats[:-1]]

    def srcset_for(self, siteurl: str = "") -> str:
        """srcset of the <img> itself (the fallback format)."""
        return self._srcset(self.formats[-1][1], siteurl) if self.formats else ""

    def grid_sources_for(self, siteurl: str = "") -> list[tuple[str, str]]:
        """Like sources_for, for grids: the thumbnail first, then the larger widths.

        The thumbnail is a centred crop to at most 4:3; grids show every
        candidate with `object-fit: cover` in a fixed box, so the framing is the
        same whichever candidate the browser picks.
        """
        result = []
        for mime, candidates in self.formats[:-1]:
            if self.thumbnail and self.thumbnail.mime == mime:
                larger = [c for c in candidates if c.width > self.thumbnail.width]
                candidates = [self.thumbnail, *larger]
            result.append((mime, self._srcset(candidates, siteurl)))
        return result


@dataclass
class RunStats:
    jobs: int = 0
    cached: int = 0
    rendered: int = 0  # sources decoded and encoded in this run
    failed: int = 0
    hashed: int = 0  # source files read to compute their digest (not remembered)
    removed: int = 0  # stale published derivatives deleted


# glibc's malloc hands every freed block over 128 KB (the threshold adapts, up to
# 32 MB) back to the kernel, and takes it back page by page, one page fault each:
# a worker allocates and frees ~60 MB of pixel and encoder buffers per 12 MP photo:
# ~7000 page faults, 1-4 % of its CPU (system time) on virtual machines. Workers
# keep freed memory for reuse instead (up to 64 MB beyond what is in use).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> bool:
    """Tune glibc's malloc of this (worker) process to reuse freed image buffers."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 << 20) and mallopt(_M_TRIM_THRESHOLD, 64 << 20))


class RenderTooLong(BaseException):
    """A worker's CPU budget for one image ran out (SIGPROF, or SIGXCPU behind it).

    Not an Exception, so no ``except Exception`` inside Pillow or our own code swallows it.
    """


_budget_armed = False  # a source's budget is running: its signal raises once


def _on_cpu_limit(signum, frame):
    global _budget_armed
    if _budget_armed:
        _budget_armed = False
        raise RenderTooLong()


_in_worker = False  # a pool worker may limit its own CPU time; the build's process may not


def _worker_init(max_pixels: int) -> None:
    global _in_worker
    loader.apply_pixel_limit(max_pixels)
    keep_freed_memory()
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    signal.signal(signal.SIGPROF, _on_cpu_limit)
    _in_worker = True


def render_budget(settings: dict) -> float:
    """CPU seconds one source may take to render every derivative: decoding and encoding.

    Four times the check's decoding budget: a source is rendered only once the check
    decoded it within its budget, and turning it into every width and format costs a few
    decodes more.
    """
    return 4 * float(settings.get("ALTAVOZ_IMAGES_DECODE_CPU_SECONDS") or 10)


@contextlib.contextmanager
def _cpu_budget(seconds: float | None):
    """In a pool worker, RenderTooLong once this source has used ``seconds`` of CPU time.

    A one-shot profiling timer counts the time: Python code stops within milliseconds of
    the budget, a long call into Pillow's C code (one resize) when it returns. RLIMIT_CPU
    (whole seconds over the process's life, so its soft limit moves for each source, the
    hard one never) sends SIGXCPU as well.
    """
    global _budget_armed
    if not (_in_worker and seconds):
        yield
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 2
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    _budget_armed = True
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        _budget_armed = False  # first: a signal from here on raises nothing
        signal.setitimer(signal.ITIMER_PROF, 0)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def render_to_cache(source: str, key: str, cache_dir: str, settings: dict, wait: bool = False):
    """Worker body: render one source and store it.

    Returns (key, manifest | error text, whether this call made it), or (key, None,
    False) without waiting when another build holds the source's lock
    (unless ``wait``): it is rendering the same bytes, so this build takes other
    sources first and asks again at the end, when the entry is usually there.
    """
    folder = pathlib.Path(cache_dir)
    wait_seconds = 2 * render_budget(settings) + 10 if wait else 0
    with cache.render_lock(folder, key, wait_seconds) as held:
        if not held and not wait:
            return key, None, False
        # Held, or waited long enough for a build that may be stopped: render it anyway
        # (storing an entry is atomic, whoever stores it first).
        stored = cache.load_manifest(folder, key)
        if stored is not None and cache.still_valid(stored, render_budget(settings)):
            # made by another build while this one waited
            return key, stored.get("error") or stored, False
        return key, _render_and_store(source, key, folder, settings), True


def _render_and_store(source: str, key: str, cache_dir: pathlib.Path, settings: dict):
    budget = render_budget(settings)
    try:
        with _cpu_budget(budget):
            rendered = derivatives.render(pathlib.Path(source), settings)
        stored = cache.write_entry(cache_dir, key, rendered)
        # Not remembered: the disk, not the image, failed.
        return stored if stored is not None else "it could not be stored in the image cache"
    except MemoryError:  # may pass on a machine with more memory: not remembered
        return "not enough memory to process this image"
    except RenderTooLong:  # remembered: the same bytes would take as long next time
        detail = f"it takes over {budget:g} CPU seconds to process"
        cache.write_failure(cache_dir, key, detail, cpu_budget=budget)
        return detail
    except Exception as exc:  # isolation: any failure becomes this image's error
        detail = f"{type(exc).__name__}: {exc}"
        # Remembered like a success, so a rebuild does not decode a bad file again.
        cache.write_failure(cache_dir, key, detail)
        return detail


def _failure(job: ImageJob, detail: str) -> ImageSet:
    rel = job.rel_path or job.source.as_posix()
    finding = make_finding("AV530", rel, detail=detail)
    return ImageSet(job.source, job.rel_path, job.alt, job.caption, findings=[finding])


def _fallback_src(candidates: list[Candidate], target: int = 1024) -> Candidate:
    fitting = [c for c in candidates if c.width <= target]
    return (
        max(fitting, key=lambda c: c.width) if fitting else min(candidates, key=lambda c: c.width)
    )


def image_set_from_manifest(
    job: ImageJob, manifest: dict, stem: str, sizes: tuple[str, str] = ("", "")
) -> ImageSet:
    def url(output):
        name = cache.published_name(stem, output["file"])
        return f"{job.url_dir.strip('/')}/{name}" if job.url_dir.strip("/") else name

    by_format: dict[str, list[Candidate]] = {}
    thumbnail = None
    cards: list[Candidate] = []
    for output in manifest["outputs"]:
        candidate = Candidate(
            url(output), output["width"], output["height"], derivatives.MIME[output["format"]]
        )
        if output["kind"] == "thumbnail":
            thumbnail = candidate
        elif output["kind"] == "card":
            cards.append(candidate)
        else:
            by_format.setdefault(output["format"], []).append(candidate)
    ordered = list(by_format)  # in the order of ALTAVOZ_IMAGES_FORMATS: best first
    fallback = by_format[ordered[-1]]
    largest = max(fallback, key=lambda c: c.width)
    return ImageSet(
        source=job.source,
        rel_path=job.rel_path,
        alt=job.alt,
        caption=job.caption,
        src=_fallback_src(fallback).url,
        width=largest.width,
        height=largest.height,
        formats=[
            (by_format[f][0].mime, sorted(by_format[f], key=lambda c: c.width)) for f in ordered
        ],
        thumbnail=thumbnail,
        cards=sorted(cards, key=lambda c: c.width),
        placeholder=manifest["placeholder"],
        colour=manifest["colour"],
        has_alpha=manifest.get("has_alpha", False),
        sizes=sizes[0],
        thumbnail_sizes=sizes[1],
        notes=list(manifest.get("notes", [])),
    )


class _PhaseLines:
    """Outside a terminal (CI logs) a bar draws nothing: one line as the phase starts, one
    as it ends, so a long cold build is not silent for minutes."""

    def __init__(self, total: int):
        self.total, self.done, self.started = total, 0, 0.0

    def start(self):
        self.started = time.monotonic()
        print(f"→ imágenes / images: preparing {self.total}", file=sys.stderr, flush=True)

    def add_task(self, description, total):
        return None

    def advance(self, task):
        self.done += 1

    def stop(self):
        seconds = time.monotonic() - self.started
        print(
            f"✓ imágenes / images: {self.done} of {self.total} prepared in {seconds:.0f} s",
            file=sys.stderr,
            flush=True,
        )


def _progress_bar(enabled: bool, total: int):
    if not (enabled and total):
        return None
    if not sys.stdout.isatty():
        return _PhaseLines(total)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    return progress


def _render_all(todo: dict[str, tuple[pathlib.Path, dict]], settings: dict, progress: bool):
    """({key: manifest or error text}, {keys this build rendered itself}).

    Sources another build is rendering at the same moment are left for a second
    round that waits for it, so two builds sharing a cache split the work.
    """
    bar = _progress_bar(progress, len(todo))
    # Pool or not is decided once: the second round's few sources also get a worker,
    # the only place a CPU budget applies.
    workers = min(image_settings.worker_count(settings), len(todo))
    task, started = None, False
    results: dict[str, dict | str] = {}
    made: set[str] = set()
    try:
        for wait in (False, True):
            pending = {key: source for key, source in todo.items() if key not in results}
            if not pending:
                break
            for key, outcome, made_here in _outcomes(pending, settings, workers, wait):
                if bar and not started:  # after the first fork: no rich thread in children
                    bar.start()
                    task, started = bar.add_task("imágenes / images", total=len(todo)), True
                if outcome is not None:
                    results[key] = outcome
                    if made_here:
                        made.add(key)
                    if bar:
                        bar.advance(task)
    finally:
        if started:
            bar.stop()
    return results, made


def _outcomes(todo: dict[str, tuple[pathlib.Path, dict]], settings: dict, workers: int, wait: bool):
    """render_to_cache's answer for each (source, its settings), as each is done;
    in-process for one image or one worker."""
    cache_dir = image_settings.cache_dir(settings)
    if workers <= 1:
        with loader.pixel_limit(settings["ALTAVOZ_IMAGES_MAX_PIXELS"]):
            for key, (source, own) in todo.items():
                yield render_to_cache(str(source), key, cache_dir, own, wait)
        return
    # fork: workers start in milliseconds and inherit sys.path (plugins/); the
    # initializer still sets the pixel limit explicitly, whatever the start method.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_init,
        initargs=(settings["ALTAVOZ_IMAGES_MAX_PIXELS"],),
    ) as pool:
        futures = [
            pool.submit(render_to_cache, str(source), key, cache_dir, own, wait)
            for key, (source, own) in todo.items()
        ]
        for future in as_completed(futures):
            yield future.result()


def process_images(
    jobs,
    settings: dict,
    progress: bool = True,
    stats: RunStats | None = None,
    sweep: bool = True,
    site: str = "",
) -> dict[pathlib.Path, ImageSet]:
    """Publish derivatives of every job's source; {source: ImageSet}.

    ``sweep``: delete derivatives published into settings["OUTPUT_PATH"] by an
    earlier run that this run did not publish (call once per build, with all jobs).
    ``site``: who is publishing, when several sites (languages) publish into the
    same OUTPUT_PATH: what another site still publishes there is not swept.
    """
    settings = image_settings.set_default_settings(dict(settings))
    stats = stats if stats is not None else RunStats()
    jobs = list(jobs)
    stats.jobs = len(jobs)
    cache_dir = pathlib.Path(image_settings.cache_dir(settings))
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = cache.SourceDigests(cache_dir)
    without_cards = {**settings, "ALTAVOZ_IMAGES_CARDS": ()}
    settings_for = {True: settings, False: without_cards}
    fingerprints = {cards: cache.settings_fingerprint(own) for cards, own in settings_for.items()}
    budget = render_budget(settings)

    keys: dict[ImageJob, str] = {}
    manifests: dict[str, dict | str] = {}
    todo: dict[str, tuple[pathlib.Path, dict]] = {}
    results: dict[pathlib.Path, ImageSet] = {}
    for job in jobs:
        try:
            key = cache.derivative_key(digests.digest(job.source), fingerprints[job.cards])
        except OSError as exc:
            results[job.source] = _failure(job, exc.strerror or str(exc))
            stats.failed += 1
            continue
        keys[job] = key
        if key in manifests or key in todo:
            continue
        manifest = cache.load_manifest(cache_dir, key)
        if manifest is None or not cache.still_valid(manifest, budget):
            todo[key] = (job.source, settings_for[job.cards])
        else:
            manifests[key] = manifest.get("error") or manifest
    digests.save()
    stats.hashed = digests.hashed
    made: set[str] = set()  # rendered by this build, not taken from the cache
    if todo:
        logger.info("%s processing %d images (%d cached)", LOG_PREFIX, len(todo), len(manifests))
        rendered, made = _render_all(todo, settings, progress)
        manifests.update(rendered)

    published: list[pathlib.Path] = []
    for job, key in keys.items():
        outcome = manifests[key]
        if isinstance(outcome, str):
            results[job.source] = _failure(job, outcome)
            stats.failed += 1
            logger.warning("%s skipping %s: %s", LOG_PREFIX, job.rel_path or job.source, outcome)
            continue
        stem = cache.published_stem(job.source)
        published += cache.publish(cache_dir, outcome, pathlib.Path(job.output_dir), stem)
        sizes = (settings["ALTAVOZ_IMAGES_SIZES"], settings["ALTAVOZ_IMAGES_THUMBNAIL_SIZES"])
        image_set = image_set_from_manifest(job, outcome, stem, sizes)
        image_set.decoded = key in made
        results[job.source] = image_set
    kept_output.claim(published)  # left in place when already there: this build's too
    stats.rendered = sum(1 for key in made if isinstance(manifests[key], dict))
    stats.cached = len(keys) - sum(1 for key in keys.values() if key in made)
    if sweep and settings.get("OUTPUT_PATH"):
        removed = cache.sweep_published(
            cache_dir, pathlib.Path(settings["OUTPUT_PATH"]), published, site
        )
        stats.removed = len(removed)
    max_age = settings.get("ALTAVOZ_IMAGES_CACHE_MAX_AGE_DAYS")
    if max_age and todo:  # pruning reads every manifest's time: only when work was done
        cache.prune(cache_dir, max_age)
    return results
