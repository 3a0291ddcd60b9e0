"""Checks on one submitted image file, reported as findings (AV5xx, in altavoz_core.codes).

``check_image_file`` is what the moderation report calls for every image in a
submission folder; the build calls it too, and leaves out works with errors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import pathlib
import warnings

import PIL
from altavoz_core import bounded
from altavoz_core.bounded import Limits
from altavoz_core.findings import ERROR, WARNING, Finding, seconds_phrase
from PIL import Image

from . import cache, formats, loader, privacy, structure
from . import settings as image_settings

_EXPORT_ES = "Exporta o toma la foto de nuevo como JPEG o PNG"
_EXPORT_EN = "Export or take the photo again as JPEG or PNG"
_AGAIN_ES = "y súbela otra vez."
_AGAIN_EN = "and upload it again."


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
    text = json.dumps([digest, rel_path, path.name, limits, PIL.__version__, VALIDATION_VERSION])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _json_or_none(path: pathlib.Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check_file(path: pathlib.Path, rel_path: str, settings: dict) -> list[Finding]:
    f = f"`{rel_path}`"

    def finding(code, severity, es, en):
        return Finding(code, severity, rel_path, es, en)

    try:
        size = path.stat().st_size
    except OSError as exc:
        return [
            finding(
                "AV506",
                ERROR,
                f"No se pudo leer {f} ({exc.strerror}).",
                f"{f} could not be read ({exc.strerror}).",
            )
        ]
    if size == 0:
        return [
            finding(
                "AV504",
                ERROR,
                f"{f} está vacío (0 bytes): la subida no terminó. "
                "Bórralo y vuelve a subir la imagen.",
                f"{f} is empty (0 bytes): the upload did not finish. "
                "Delete it and upload the image again.",
            )
        ]
    limit = settings["ALTAVOZ_IMAGES_MAX_FILE_BYTES"]
    if size > limit:
        return [
            finding(
                "AV505",
                ERROR,
                f"{f} pesa {_mb(size)}; el máximo es {_mb(limit)}. Exporta la foto más "
                f"pequeña (por ejemplo 4000 px de lado mayor, calidad JPEG 90) {_AGAIN_ES}",
                f"{f} is {_mb(size)}; the limit is {_mb(limit)}. Export the photo smaller "
                f"(for example 4000 px on the longest side, JPEG quality 90) {_AGAIN_EN}",
            )
        ]

    sniffed = formats.sniff_file(path)
    if sniffed.kind == "svg":
        return [
            finding(
                "AV502",
                ERROR,
                f"{f} es un SVG. Los SVG pueden contener código que se ejecuta en el "
                f"navegador, así que no se aceptan. {_EXPORT_ES} (PNG si es un dibujo vectorial).",
                f"{f} is an SVG. SVG files can contain code that runs in the browser, so "
                f"they are not accepted. {_EXPORT_EN} (PNG for vector drawings).",
            )
        ]
    if not sniffed.accepted:
        return [
            finding(
                "AV501",
                ERROR,
                f"{f} no es una imagen aceptada (el contenido es {sniffed.label}). "
                f"Se aceptan JPEG, PNG, WebP, GIF y HEIC. {_EXPORT_ES}.",
                f"{f} is not an accepted image (its content is {sniffed.label}). "
                f"JPEG, PNG, WebP, GIF and HEIC are accepted. {_EXPORT_EN}.",
            )
        ]

    findings: list[Finding] = []
    if not formats.extension_matches(path, sniffed):
        good = f"`{path.stem}{formats.ACCEPTED_EXTENSIONS[sniffed.kind][0]}`"
        findings.append(
            finding(
                "AV503",
                ERROR,
                f"{f} dice ser `{path.suffix or '(sin extensión)'}` pero en realidad es "
                f"{sniffed.label}. Renómbralo a {good} y actualiza la referencia en `index.md`.",
                f"{f} claims to be `{path.suffix or '(no extension)'}` but is really "
                f"{sniffed.label}. Rename it to {good} and update the reference in `index.md`.",
            )
        )

    try:
        data = path.read_bytes()
    except OSError as exc:
        return [*findings, finding("AV506", ERROR, f"`{rel_path}`: {exc.strerror}", str(exc))]
    survey = structure.survey(data, sniffed.kind, structure.Limits.from_settings(settings))
    if survey.excess:
        return [*findings, _cost_finding(rel_path, survey, finding)]
    findings += _check_pixels(path, rel_path, sniffed, settings, finding, survey)
    return findings


def _cost_finding(rel_path: str, survey: structure.Survey, finding) -> Finding:
    """Refused before decoding: what makes the file costly, and how to get a normal one."""
    f = f"`{rel_path}`"
    what, _count, limit = survey.excess
    if what == structure.SCANS:
        return finding(
            "AV521",
            ERROR,
            f"{f} es un JPEG progresivo con más de {limit} pasadas (scans). Una foto normal "
            f"tiene menos de 20, y tantas hacen que abrirla tarde minutos. "
            f"{_EXPORT_ES} normal (no «progresivo») {_AGAIN_ES}",
            f"{f} is a progressive JPEG with more than {limit} scans. A normal photo has fewer "
            f"than 20, and this many make it take minutes to open. {_EXPORT_EN} "
            f"(not “progressive”) {_AGAIN_EN}",
        )
    if what == structure.FRAMES:
        return finding(
            "AV523",
            ERROR,
            f"{f} tiene más de {limit} cuadros o imágenes dentro. En el sitio se "
            f"muestra una sola imagen: {_EXPORT_ES[0].lower() + _EXPORT_ES[1:]} solo con el "
            f"cuadro que quieres mostrar {_AGAIN_ES}",
            f"{f} holds more than {limit} frames or images. The site shows a single "
            f"image: {_EXPORT_EN[0].lower() + _EXPORT_EN[1:]} with only the frame you want to "
            f"show {_AGAIN_EN}",
        )
    if what == structure.METADATA:
        return finding(
            "AV524",
            ERROR,
            f"{f} lleva más de {_mb(limit)} de datos añadidos (textos, perfiles, miniaturas). "
            f"{_EXPORT_ES} sin esos datos {_AGAIN_ES}",
            f"{f} carries more than {_mb(limit)} of extra data (texts, profiles, thumbnails). "
            f"{_EXPORT_EN} without that data {_AGAIN_EN}",
        )
    return finding(
        "AV522",
        ERROR,
        f"{f} está hecho de más de {limit} partes internas (marcadores, bloques, «chunks»); un "
        f"archivo así tarda minutos en abrirse y no lo produce ninguna cámara. {_EXPORT_ES} "
        f"{_AGAIN_ES}",
        f"{f} is made of more than {limit} internal parts (markers, blocks, chunks); such a file "
        f"takes minutes to open and no camera makes one. {_EXPORT_EN} {_AGAIN_EN}",
    )


def _trailing_finding(rel_path: str, trailing: int) -> Finding:
    f = f"`{rel_path}`"
    return Finding(
        "AV511",
        ERROR,
        rel_path,
        f"{f} tiene {trailing} bytes escondidos después del final de la imagen (otra imagen u "
        f"otros datos: no se ven, pero cualquiera puede descargarlos del repositorio). Ejecuta "
        f"`invoke strip {rel_path}` (no cambia los píxeles) y sube el archivo limpio, o exporta "
        f"la foto de nuevo.",
        f"{f} hides {trailing} bytes after the end of the image (another image or other data: "
        f"not shown, but anyone can download them from the repository). Run "
        f"`invoke strip {rel_path}` (pixels are not changed) and upload the cleaned file, or "
        f"export the photo again.",
        field="metadata",
        snippet=f"{trailing} bytes",
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
    f = f"`{rel_path}`"
    findings: list[Finding] = []
    failure = None
    with loader.pixel_limit(max_pixels), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with loader.open_sniffed(path, sniffed) as im:  # reads the header, decodes nothing
                width, height = im.size
                if width * height > max_pixels:
                    raise _Bomb()
                findings += _check_dimensions(rel_path, width, height, settings, finding)
                if any(item.severity == ERROR for item in findings):
                    return findings
                frames = getattr(im, "n_frames", 1)
                if frames > 1 and sniffed.kind in ("gif", "webp"):
                    findings.append(
                        finding(
                            "AV510",
                            WARNING,
                            f"{f} es animado ({frames} cuadros): en el sitio solo se mostrará el "
                            "primer cuadro, como imagen fija. Si quieres mostrar otro momento, "
                            "sube ese cuadro como JPEG o PNG.",
                            f"{f} is animated ({frames} frames): the site shows only the first "
                            "frame, as a still. To show another moment, upload that frame as a "
                            "JPEG or PNG.",
                        )
                    )
                items = privacy.find_private_metadata(im)
        except (_Bomb, Image.DecompressionBombError, Image.DecompressionBombWarning):
            failure = "bomb"
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            failure = str(exc) or type(exc).__name__
    if failure is None:
        limits = _decode_limits(settings)
        outcome = bounded.call(decode, (str(path), sniffed.kind, max_pixels), limits)
        if outcome.refused in (bounded.CPU, bounded.WALL, bounded.MEMORY):
            return [*findings, _slow_finding(rel_path, limits.cpu_seconds, finding)]
        failure = outcome.value if outcome.ok else outcome.detail
    if failure == "bomb":
        mp = max_pixels // 1_000_000
        findings.append(
            finding(
                "AV507",
                ERROR,
                f"{f} tiene demasiados píxeles (más de {mp} megapíxeles). Exporta la imagen "
                f"a un tamaño normal (por ejemplo 4000 px de lado mayor) {_AGAIN_ES}",
                f"{f} has too many pixels (over {mp} megapixels). Export the image at a "
                f"normal size (for example 4000 px on the longest side) {_AGAIN_EN}",
            )
        )
        return findings
    if failure:
        findings.append(
            finding(
                "AV506",
                ERROR,
                f"{f} está dañado o incompleto y no se puede abrir ({failure}). Vuelve a "
                f"exportar la imagen desde tu teléfono o computadora {_AGAIN_ES}",
                f"{f} is damaged or incomplete and cannot be opened ({failure}). Export the "
                f"image again from your phone or computer {_AGAIN_EN}",
            )
        )
        return findings
    items += [privacy.PrivateItem("gps", where) for where in survey.gps]
    items = list(dict.fromkeys(items))
    if items:
        findings.append(privacy_finding(rel_path, items))
    if survey.trailing:
        findings.append(_trailing_finding(rel_path, survey.trailing))
    return findings


def _slow_finding(rel_path: str, seconds: float, finding) -> Finding:
    f = f"`{rel_path}`"
    es, en = seconds_phrase(seconds)
    return finding(
        "AV525",
        ERROR,
        f"{f} tarda demasiado en abrirse (más de {es} de cálculo): una foto "
        f"normal se abre en menos de uno. {_EXPORT_ES} {_AGAIN_ES}",
        f"{f} takes too long to open (over {en} of computing): a normal photo "
        f"opens in under one. {_EXPORT_EN} {_AGAIN_EN}",
    )


def _check_dimensions(rel_path, width, height, settings, finding) -> list[Finding]:
    f = f"`{rel_path}`"
    ratio = width / height if height else float("inf")
    low, high = settings["ALTAVOZ_IMAGES_MIN_ASPECT"], settings["ALTAVOZ_IMAGES_MAX_ASPECT"]
    longest = max(high, 1 / low)
    if max(width, height) < settings["ALTAVOZ_IMAGES_MIN_SIDE"] or not low <= ratio <= high:
        return [
            finding(
                "AV508",
                ERROR,
                f"{f} mide {width}×{height} px: ese tamaño o esas proporciones no son los de una "
                f"foto de una obra. Recorta la imagen a la obra (proporción de hasta "
                f"{longest:g}:1) {_AGAIN_ES}",
                f"{f} is {width}×{height} px: not the size or proportions of a photo of an "
                f"artwork. Crop it to the artwork (a ratio of at most {longest:g}:1) {_AGAIN_EN}",
            )
        ]
    useful = settings["ALTAVOZ_IMAGES_MIN_USEFUL_SIDE"]
    if max(width, height) < useful:
        return [
            finding(
                "AV509",
                WARNING,
                f"{f} mide solo {width}×{height} px y se verá borrosa en pantallas grandes. Si "
                f"tienes una versión más grande (al menos {useful} px de lado mayor), súbela.",
                f"{f} is only {width}×{height} px and will look blurry on large screens. If you "
                f"have a larger version (at least {useful} px on the longest side), upload it.",
            )
        ]
    return []


def privacy_finding(rel_path: str, items: list[privacy.PrivateItem]) -> Finding:
    f = f"`{rel_path}`"
    kinds = list(dict.fromkeys(item.kind for item in items))
    what_es = ", ".join(privacy.KIND_LABELS[k][0] for k in kinds)
    what_en = ", ".join(privacy.KIND_LABELS[k][1] for k in kinds)
    phone_es = phone_en = ""
    if "gps" in kinds:
        phone_es = (
            " Para tus próximas fotos: desactiva la ubicación en la app de la cámara, o al "
            "compartir la foto toca «Opciones» y apaga «Ubicación»."
        )
        phone_en = (
            " For your next photos: turn off location in the camera app, or when sharing the "
            "photo tap “Options” and turn off “Location”."
        )
    return Finding(
        "AV520",
        ERROR,
        rel_path,
        f"{f} contiene datos privados ({what_es}) que quedarían públicos para siempre en el "
        f"historial del repositorio. Ejecuta `invoke strip {rel_path}` (no cambia los píxeles) "
        f"y sube el archivo limpio, o exporta la foto sin ubicación ni datos de la cámara."
        f"{phone_es}",
        f"{f} contains private data ({what_en}) that would stay public forever in the "
        f"repository history. Run `invoke strip {rel_path}` (pixels are not changed) and "
        f"upload the cleaned file, or export the photo without location or camera data."
        f"{phone_en}",
        field="metadata",
        snippet=", ".join(item.tag for item in items),
    )
