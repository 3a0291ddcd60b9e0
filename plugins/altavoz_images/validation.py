"""Checks on one submitted image file, reported as findings (AV5xx, in altavoz_core.codes).

``check_image_file`` is what the moderation report calls for every image in a
submission folder; the build calls it too, and leaves out works with errors. This module
measures; the messages are the code table's templates (and the catalogs' translations),
filled with what it measured.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import pathlib
import warnings

import PIL
from altavoz_core import bounded, catalogs, codes
from altavoz_core.bounded import Limits
from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import ERROR, Finding
from PIL import Image

from . import cache, formats, loader, privacy, structure
from . import settings as image_settings


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


_LIMIT_KEYS = (
    "ALTAVOZ_IMAGES_MAX_FILE_BYTES",
    "ALTAVOZ_IMAGES_MAX_PIXELS",
    "ALTAVOZ_IMAGES_MIN_ASPECT",
    "ALTAVOZ_IMAGES_MAX_ASPECT",
    "ALTAVOZ_IMAGES_MIN_SIDE",
    "ALTAVOZ_IMAGES_MIN_USEFUL_SIDE",
    "ALTAVOZ_IMAGES_MAX_JPEG_SCANS",
    "ALTAVOZ_IMAGES_MAX_SEGMENTS",
    "ALTAVOZ_IMAGES_MAX_FRAMES",
    "ALTAVOZ_IMAGES_MAX_METADATA_BYTES",
    "ALTAVOZ_IMAGES_DECODE_CPU_SECONDS",
)
VALIDATION_VERSION = "2"  # bump when checks change


def check_image_file(path: pathlib.Path, rel_path: str, settings: dict) -> list[Finding]:
    """Every problem of one image file; an empty list means it can be published.

    Never raises for a bad file: each problem becomes a Finding naming
    ``rel_path`` (posix, relative to the repository root) and the fix.
    When the settings name a cache (Pelican's CACHE_PATH or
    ALTAVOZ_IMAGES_CACHE_DIR), results are remembered by content hash, so an
    unchanged site is re-checked without decoding any image.
    """
    path = pathlib.Path(path)
    store = _result_store(settings)
    key = None
    if store is not None:
        with contextlib.suppress(OSError):
            key = _result_key(store, path, rel_path, settings)
            remembered = _json_or_none(store.folder / f"{key}.json")
            if remembered is not None:
                return [Finding(**item) for item in remembered]
    findings = _check_file(path, rel_path, settings)
    if key is not None:
        with contextlib.suppress(OSError):
            store.folder.mkdir(parents=True, exist_ok=True)
            data = [dataclasses.asdict(f) for f in findings]
            (store.folder / f"{key}.json").write_text(json.dumps(data), encoding="utf-8")
    return findings


@dataclasses.dataclass
class _Store:
    folder: pathlib.Path
    digests: object


_STORES: dict[str, _Store] = {}


def _result_store(settings: dict) -> _Store | None:
    if not (settings.get("ALTAVOZ_IMAGES_CACHE_DIR") or settings.get("CACHE_PATH")):
        return None
    root = pathlib.Path(image_settings.cache_dir(settings))
    name = str(root.resolve())
    if name not in _STORES:
        _STORES[name] = _Store(root / "checks", cache.SourceDigests(root))
    return _STORES[name]


def _result_key(store: _Store, path: pathlib.Path, rel_path: str, settings: dict) -> str:
    digest = store.digests.digest(path)
    store.digests.save()
    limits = [settings.get(name) for name in _LIMIT_KEYS]
    words = _wording_digest()
    text = json.dumps(
        [digest, rel_path, path.name, limits, PIL.__version__, VALIDATION_VERSION, words]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@functools.cache
def _wording_digest() -> str:
    """What the remembered messages were worded from: a changed translation re-words them."""
    texts = [
        catalogs.translate(entry.context, entry.spanish, lang)
        for entry in codes.catalog_entries()
        if entry.context.startswith(("AV5", "piece:"))
        for lang in catalogs.languages()
    ]
    return hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]


def _json_or_none(path: pathlib.Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check_file(path: pathlib.Path, rel_path: str, settings: dict) -> list[Finding]:
    def finding(code, **values):
        return make_finding(code, rel_path, **values)

    try:
        size = path.stat().st_size
    except OSError as exc:
        return [finding("AV506", variant="unreadable", detail=exc.strerror)]
    if size == 0:
        return [finding("AV504")]
    limit = settings["ALTAVOZ_IMAGES_MAX_FILE_BYTES"]
    if size > limit:
        return [finding("AV505", size=_mb(size), limit=_mb(limit))]

    sniffed = formats.sniff_file(path)
    kind = Words("image:unknown-content") if sniffed.kind == "unknown" else sniffed.label
    if sniffed.kind == "svg":
        return [finding("AV502")]
    if not sniffed.accepted:
        return [finding("AV501", kind=kind)]

    findings: list[Finding] = []
    if not formats.extension_matches(path, sniffed):
        findings.append(
            finding(
                "AV503",
                suffix=path.suffix or Words("image:no-extension"),
                kind=kind,
                good=f"{path.stem}{formats.ACCEPTED_EXTENSIONS[sniffed.kind][0]}",
            )
        )

    try:
        data = path.read_bytes()
    except OSError as exc:
        return [*findings, finding("AV506", variant="unreadable", detail=exc.strerror)]
    survey = structure.survey(data, sniffed.kind, structure.Limits.from_settings(settings))
    if survey.excess:
        return [*findings, _cost_finding(survey, finding)]
    findings += _check_pixels(path, rel_path, sniffed, settings, finding, survey)
    return findings


def _cost_finding(survey: structure.Survey, finding) -> Finding:
    """Refused before decoding: what makes the file costly, and how to get a normal one."""
    what, _count, limit = survey.excess
    if what == structure.SCANS:
        return finding("AV521", limit=limit)
    if what == structure.FRAMES:
        return finding("AV523", limit=limit)
    if what == structure.METADATA:
        return finding("AV524", limit=_mb(limit))
    return finding("AV522", limit=limit)


def _trailing_finding(rel_path: str, trailing: int) -> Finding:
    return make_finding(
        "AV511", rel_path, field="metadata", snippet=f"{trailing} bytes", count=trailing
    )


class _Bomb(Exception):
    pass


def decode(path: str, kind: str, max_pixels: int) -> str | None:
    """Decode the image as the check does (a JPEG at 1/8 scale); why it failed, or None.

    Runs in the bounded worker: a file that decodes for minutes is stopped there.
    "bomb" means past the pixel limit.
    """
    with loader.pixel_limit(max_pixels), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with loader.open_sniffed(pathlib.Path(path), formats.Sniffed(kind)) as im:
                if im.format == "JPEG":
                    # DCT scaling still reads the whole scan: truncation shows at 1/8 the cost.
                    im.draft(im.mode, (im.width // 8, im.height // 8))
                im.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return "bomb"
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            return str(exc) or type(exc).__name__
    return None


def _decode_limits(settings: dict):
    cpu = float(settings.get("ALTAVOZ_IMAGES_DECODE_CPU_SECONDS") or 10)
    return Limits(cpu_seconds=cpu, wall_seconds=max(60.0, 4 * cpu), memory_mb=0)


def _check_pixels(path, rel_path, sniffed, settings, finding, survey) -> list[Finding]:
    max_pixels = settings["ALTAVOZ_IMAGES_MAX_PIXELS"]
    findings: list[Finding] = []
    failure = None
    with loader.pixel_limit(max_pixels), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with loader.open_sniffed(path, sniffed) as im:  # reads the header, decodes nothing
                width, height = im.size
                if width * height > max_pixels:
                    raise _Bomb()
                findings += _check_dimensions(width, height, settings, finding)
                if any(item.severity == ERROR for item in findings):
                    return findings
                frames = getattr(im, "n_frames", 1)
                if frames > 1 and sniffed.kind in ("gif", "webp"):
                    findings.append(finding("AV510", frames=frames))
                items = privacy.find_private_metadata(im)
        except (_Bomb, Image.DecompressionBombError, Image.DecompressionBombWarning):
            failure = "bomb"
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            failure = str(exc) or type(exc).__name__
    if failure is None:
        limits = _decode_limits(settings)
        outcome = bounded.call(decode, (str(path), sniffed.kind, max_pixels), limits)
        if outcome.refused in (bounded.CPU, bounded.WALL, bounded.MEMORY):
            return [*findings, finding("AV525", seconds=codes.seconds(limits.cpu_seconds))]
        failure = outcome.value if outcome.ok else outcome.detail
    if failure == "bomb":
        findings.append(finding("AV507", megapixels=max_pixels // 1_000_000))
        return findings
    if failure:
        findings.append(finding("AV506", detail=failure))
        return findings
    items += [privacy.PrivateItem("gps", where) for where in survey.gps]
    items = list(dict.fromkeys(items))
    if items:
        findings.append(privacy_finding(rel_path, items))
    if survey.trailing:
        findings.append(_trailing_finding(rel_path, survey.trailing))
    return findings


def _check_dimensions(width, height, settings, finding) -> list[Finding]:
    ratio = width / height if height else float("inf")
    low, high = settings["ALTAVOZ_IMAGES_MIN_ASPECT"], settings["ALTAVOZ_IMAGES_MAX_ASPECT"]
    longest = max(high, 1 / low)
    if max(width, height) < settings["ALTAVOZ_IMAGES_MIN_SIDE"] or not low <= ratio <= high:
        return [finding("AV508", width=width, height=height, ratio=f"{longest:g}")]
    useful = settings["ALTAVOZ_IMAGES_MIN_USEFUL_SIDE"]
    if max(width, height) < useful:
        return [finding("AV509", width=width, height=height, useful=useful)]
    return []


def privacy_finding(rel_path: str, items: list[privacy.PrivateItem]) -> Finding:
    kinds = list(dict.fromkeys(item.kind for item in items))
    return make_finding(
        "AV520",
        rel_path,
        field="metadata",
        snippet=", ".join(item.tag for item in items),
        # The GPS wording adds how to keep the next photos without location.
        variant="gps" if "gps" in kinds else None,
        what=[Words(f"privacy:{kind}") for kind in kinds],
    )
