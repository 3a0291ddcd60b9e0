"""The rules for the names of submission folders and files (an artist's or a work's slug).

A slug is lowercase ASCII letters and digits in runs joined by single hyphens, at most
``MAX_SLUG_LENGTH`` characters: it is the folder name and part of the page's address,
so it must read the same on every file system and in every URL. A folder name is a slug
that Windows can also create (``is_folder_name``: not ``con``, ``nul``, ``lpt1``...). The
checks refuse anything else and suggest ``suggest_slug``; the scaffolders and the issue
intake name new folders with ``suggest_slug`` too, so a title typed on a phone always
makes a folder the check accepts.

Every slug starts as ``slugify``, which is Pelican's ``slugify`` with Pelican's default
``SLUG_REGEX_SUBSTITUTIONS`` (Unidecode transliterates: 'Straße' -> 'strasse', '北京' ->
'bei-jing'), so a folder made from a title and the address Pelican makes from the same
title agree. It is written here, with Unidecode and ``re`` only, because the core loads
no Pelican; tests/test_slugs.py proves it agrees with Pelican's on arbitrary text.
"""

from __future__ import annotations

import html
import re
import unicodedata

from unidecode import unidecode

# The whole name, in ASCII only: `fullmatch`, because `$` also matches before a final
# "\n" (so "obra\n" would pass), and [a-z0-9] rather than \w or \d, which take every
# script's letters and digits.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # also read by the intake's GitHub script
_SLUG = re.compile(SLUG_PATTERN, re.ASCII)
MAX_SLUG_LENGTH = 80
# Names Windows cannot create (any extension): a site folder with such a name cannot be
# checked out or copied there.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{n}" for n in "123456789"]
    + [f"lpt{n}" for n in "123456789"]
)

# Pelican's DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], applied as Pelican applies them.
DEFAULT_SLUG_REGEX_SUBSTITUTIONS = (
    (r"[^\w\s-]", ""),  # remove non-alphabetical/whitespace/'-' chars
    (r"(?u)\A\s*", ""),  # strip leading whitespace
    (r"(?u)\s*\Z", ""),  # strip trailing whitespace
    (r"[-\s]+", "-"),  # reduce multiple whitespace or '-' to single '-'
)
_SUBSTITUTIONS = tuple(
    (
        re.compile(unicodedata.normalize("NFKC", src), re.IGNORECASE),
        unicodedata.normalize("NFKC", dst),
    )
    for src, dst in DEFAULT_SLUG_REGEX_SUBSTITUTIONS
)


def is_slug(name: str) -> bool:
    """Whether ``name`` is a whole slug: nothing before, nothing after (no final newline)."""
    return isinstance(name, str) and len(name) <= MAX_SLUG_LENGTH and bool(_SLUG.fullmatch(name))


def is_windows_reserved(name: str) -> bool:
    """con, nul, lpt1... whatever the extension: a clone on Windows would fail there."""
    return name.split(".")[0].strip().casefold() in WINDOWS_RESERVED


def is_folder_name(name: str) -> bool:
    """Whether the check accepts ``name`` as an artist's or a work's folder."""
    return is_slug(name) and not is_windows_reserved(name)


def _strip_tags(value: str) -> str:
    """``markupsafe.Markup(value).striptags()``, which Pelican's slugify starts with."""
    parts = []
    pos = 0
    while (start := value.find("<", pos)) != -1:
        if value.startswith("<!--", start):
            end = value.find("-->", start + 4)
            if end == -1:
                break
            end += 3
        else:
            end = value.find(">", start)
            if end == -1:
                break
            end += 1
        parts.append(value[pos:start])
        pos = end
    if pos > 0:
        parts.append(value[pos:])
        value = "".join(parts)
    return html.unescape(" ".join(value.split()))


def slugify(text: str) -> str:
    """Pelican's slug of ``text`` with Pelican's default settings.

    'Raíces de maíz' -> 'raices-de-maiz'. Tags are dropped, the text is folded (NFKC)
    and transliterated to ASCII, then Pelican's default substitutions and lowercasing.
    The result may be empty (a title of emoji only) and may hold '_' or start or end
    with '-' (Pelican keeps them): ``suggest_slug`` makes a folder name of it.
    """
    value = unidecode(unicodedata.normalize("NFKC", _strip_tags(text)))
    for pattern, replacement in _SUBSTITUTIONS:
        value = pattern.sub(replacement, value)
    return value.lower().strip()


def _shorten(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """At most ``limit`` characters, cut between words where there is one to cut at."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    if head[-1] == "-":  # the cut falls on a hyphen: the words before it are whole
        return head[:-1]
    words = head[:-1].rpartition("-")[0]
    return words or head[:-1]  # a single word longer than the limit is cut inside


def suffixed(slug: str, suffix: str) -> str:
    """``slug-suffix``, the slug shortened between words so the whole is a slug of at most
    MAX_SLUG_LENGTH characters (the suffix is kept whole: it is what tells them apart).
    Both must be slugs, the suffix short enough to leave room for a character of the slug."""
    if not (is_slug(slug) and is_slug(suffix)) or len(suffix) > MAX_SLUG_LENGTH - 2:
        raise ValueError(f"not a slug and a short suffix: {slug!r}, {suffix!r}")
    return f"{_shorten(slug, MAX_SLUG_LENGTH - len(suffix) - 1)}-{suffix}"


def suggest_slug(name: str, fallback: str = "mi-obra") -> str:
    """A folder name (``is_folder_name``) made from ``name`` by Pelican's rules, else
    ``fallback``.

    Pelican's slug with what a folder name cannot hold ('_', a hyphen at either end)
    turned into single hyphens, shortened at a hyphen when it is too long, and a name
    Windows reserves prefixed with ``mi-`` (the check's own suggestion). For a message
    that shows the fix and for the folders the scaffolders make.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", slugify(name), flags=re.ASCII).strip("-")
    slug = _shorten(slug) or fallback
    return f"mi-{slug}" if is_windows_reserved(slug) else slug
