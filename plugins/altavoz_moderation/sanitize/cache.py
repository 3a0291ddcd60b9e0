"""The sanitizer's output remembered by the exact HTML it was given.

Every build, and each language site of it, sanitizes the same unchanged texts. The
sanitizer is a pure function of its input and of its own code, so its output is
kept under a hash of the input, the options and that code (bleach and html5lib
included), in memory for the English subsite and on disk for the next build.
"""

from __future__ import annotations

from altavoz_core import fingerprints

from .. import memo
from .sanitizer import plain_text, sanitize_fragment

STORE = "sanitized"
_CODE = ("altavoz_moderation", "altavoz_core")
_DISTRIBUTIONS = ("bleach", "html5lib", "tinycss2")

_plain: dict[str, str] = {}


def sanitized_html(settings: dict, html: str, *, allow_local_images: bool = False) -> str:
    key = fingerprints.digest(
        memo.code_version(*_CODE, distributions=_DISTRIBUTIONS),
        "images" if allow_local_images else "no-images",
        html,
    )
    store = memo.store(settings, STORE)
    found = store.get(key)
    if isinstance(found, str):
        return found
    if found is not None:
        store.forget(key)
    cleaned = sanitize_fragment(html, allow_local_images=allow_local_images).html
    store.put(key, cleaned)
    return cleaned


def plain(value: str) -> str:
    """``plain_text``, computed once per distinct value in the process."""
    found = _plain.get(value)
    if found is None:
        found = _plain[value] = plain_text(value)
    return found


def forget_process_memory() -> None:
    _plain.clear()
