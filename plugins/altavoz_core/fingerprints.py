"""Digests that name a result's inputs: a file's bytes, settings, any JSON-able value.

Caches key what they keep by these (derived images, remembered checks, rendered
Markdown), so a digest must name the same inputs the same way in every process.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def digest(*parts) -> str:
    """sha256 of ``parts`` (bytes, or anything as its text), each prefixed by its length:
    ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    """sha256 of a file's bytes, read in blocks (raises OSError when unreadable)."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def canonical(value):
    """``value`` as JSON-able data that names the same thing in every process.

    Objects without a stable description (functions, modules) are named by their
    qualified name, never by their address.
    """
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"<{getattr(value, '__module__', type(value).__module__)}.{name}>"


def settings_fingerprint(settings: dict, keys=None) -> str:
    """A digest of ``settings`` (only ``keys`` when given; a missing key counts as None)."""
    chosen = settings if keys is None else {k: settings.get(k) for k in keys}
    return digest(json.dumps(canonical(chosen), sort_keys=True, ensure_ascii=False))
