"""The rules for the names of submission folders and files (an artist's or a work's slug).

A slug is lowercase ASCII letters and digits in runs joined by single hyphens, at most
``MAX_SLUG_LENGTH`` characters: it is the folder name and part of the page's address,
so it must read the same on every file system and in every URL. The checks refuse
anything else and suggest ``suggest_slug``; the scaffolders name new folders with
``slugify``. Addresses Pelican builds (tags, posts) come from Pelican's own slugify in
the moderation plugin, not from here.
"""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


def is_slug(name: str) -> bool:
    return bool(SLUG.match(name)) and len(name) <= MAX_SLUG_LENGTH


def slugify(text: str) -> str:
    """A folder name from a title or a name: 'Raíces de maíz' -> 'raices-de-maiz'.

    Accents are dropped (NFKD, then ASCII); everything that is not a letter or a digit
    becomes one hyphen. May be empty (a title of emoji only).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def suggest_slug(name: str, fallback: str = "mi-obra") -> str:
    """A valid slug close to ``name``, for a message that shows the fix."""
    return slugify(name)[:MAX_SLUG_LENGTH].strip("-") or fallback
