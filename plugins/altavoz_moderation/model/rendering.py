"""Rendering untrusted Markdown within a CPU-time, memory and wall-clock budget.

Python-Markdown takes quadratic (sometimes worse) time on some inputs a few kilobytes
long: thousands of ``[``, runs of code fences, abbreviation definitions, nested
definition lists... So a body is converted by ``altavoz_core.bounded``'s worker, within
the ``ALTAVOZ_MODERATION_MARKDOWN_*`` budget. A body over the budget is refused (AV311):
the check reports it, and the build leaves the submission out without Pelican ever
parsing it.

``render(text, settings)`` is a pure function of the text, the Markdown configuration
and the limits (``cache_key`` names that triple), so its result, the HTML or the
refusal, can be remembered by content hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import markdown
from altavoz_core.bounded import CPU, MEMORY, ON_INTERRUPT, SIZE, WALL, Limits, call
from altavoz_core.codes import Words, seconds

from ..settings import DEFAULTS, markdown_config

CPU_KEY = "ALTAVOZ_MODERATION_MARKDOWN_CPU_SECONDS"
OUTPUT_KEY = "ALTAVOZ_MODERATION_MARKDOWN_MAX_HTML_CHARS"
WALL_KEY = "ALTAVOZ_MODERATION_MARKDOWN_WALL_SECONDS"
MEMORY_KEY = "ALTAVOZ_MODERATION_MARKDOWN_MEMORY_MB"


def markdown_limits(settings: dict) -> Limits:
    """The budget of one body, from the settings (a missing or None value: the default)."""

    def value(key):
        found = settings.get(key)
        return DEFAULTS[key] if found is None else found

    return Limits(
        float(value(CPU_KEY)),
        float(value(WALL_KEY)),
        int(value(MEMORY_KEY)),
        int(value(OUTPUT_KEY)),
    )


@dataclass(frozen=True)
class Rendered:
    """The HTML of a body, or why it was refused (then ``html`` is None)."""

    html: str | None
    refused: str | None = None  # CPU, MEMORY, WALL or BROKEN
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.refused is None


def body_markdown_kwargs(settings: dict) -> dict:
    """Pelican's Markdown configuration, without ``meta``: the body has no front matter left."""
    config = markdown_config(settings)
    configs = {
        name: options
        for name, options in (config.get("extension_configs") or {}).items()
        if not name.endswith("meta")
    }
    extensions = list(configs)
    for extension in config.get("extensions") or []:
        name = extension if isinstance(extension, str) else type(extension).__module__
        if not name.endswith("meta") and extension not in extensions:
            extensions.append(extension)
    kwargs = {k: v for k, v in config.items() if k not in ("extensions", "extension_configs")}
    kwargs.update(extensions=extensions, extension_configs=configs)
    kwargs.setdefault("output_format", "html5")
    return kwargs


def cache_key(text: str, settings: dict) -> str:
    """Names the result of ``render(text, settings)``: same key, same result."""
    limits = markdown_limits(settings)
    described = json.dumps(
        [body_markdown_kwargs(settings), limits.cpu_seconds, limits.memory_mb, limits.max_output],
        sort_keys=True,
        default=repr,
    )
    digest = hashlib.sha256(described.encode())
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Recent results by cache_key: a check reads a blog post's images and its text from one
# rendering. Only what the text alone decides is kept (its HTML, or that the HTML would
# be too long): a worker that ran out of time or memory, or died, is asked again.
_recent: dict[str, Rendered] = {}
_recent_size = [0]  # characters of HTML kept
_RECENT_MAX_CHARS = 8_000_000


def forget() -> None:
    """Drop every remembered result (tests, or a process that must render afresh)."""
    _recent.clear()
    _recent_size[0] = 0


def render(text: str, settings: dict) -> Rendered:
    """The body's HTML as the build renders it, or its refusal; never raises for bad text."""
    key = cache_key(text, settings)
    found = _recent.get(key)
    if found is None:
        limits = markdown_limits(settings)
        outcome = call(_convert, (text, body_markdown_kwargs(settings)), limits)
        found = Rendered(outcome.value if outcome.ok else None, outcome.refused, outcome.detail)
        if found.ok or found.refused == SIZE:
            size = len(found.html or "")
            if _recent_size[0] + size > _RECENT_MAX_CHARS:
                forget()
            _recent[key] = found
            _recent_size[0] += size
    return found


_WHY = {CPU: "render:cpu", WALL: "render:wall", MEMORY: "render:memory", SIZE: "render:size"}
_SIGNS = "[]()`*_<>&#:|~!{}^\\"


def finding_values(rendered: Rendered, text: str, settings: dict) -> dict:
    """What the AV311 message says: why, and the sign repeated most often in the text."""
    limits = markdown_limits(settings)
    limit = {
        CPU: limits.cpu_seconds,
        WALL: limits.wall_seconds,
        MEMORY: limits.memory_mb,
        SIZE: limits.max_output,
    }
    value = limit.get(rendered.refused, 0)
    why = Words(_WHY.get(rendered.refused, "render:broken"), limit=value, seconds=seconds(value))
    counts = {sign: text.count(sign) for sign in _SIGNS}
    sign, count = max(counts.items(), key=lambda item: item[1])
    if count >= 100:
        return {"why": why, "variant": "repeated", "sign": sign, "count": count}
    return {"why": why}


_converters: dict[str, object] = {}


def _convert(text: str, kwargs: dict) -> str:
    """Convert with a Markdown instance kept per configuration (building one costs ms)."""
    key = json.dumps(kwargs, sort_keys=True, default=repr)
    converter = _converters.get(key)
    if converter is None:
        converter = _converters[key] = markdown.Markdown(**kwargs)
    converter.reset()
    return converter.convert(text)


# A conversion stopped midway leaves its Markdown instance in an unknown state.
ON_INTERRUPT.append(_converters.clear)
