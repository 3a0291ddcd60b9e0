"""Which artist folder an issue's author is, and which folder a new artist gets.

The intake writes into the folder of the artist the issue's author is; a wrong match
would put one person's work under another's name, so the matching lives here, apart
from the form's actions.
"""

from __future__ import annotations

from pathlib import Path

from altavoz_core.frontmatter import read_fields
from altavoz_core.slugs import is_slug, suggest_slug

from ..scaffold import ScaffoldError


def artist_of(root: Path, login: str) -> str | None:
    """The artist folder whose ``github`` key is ``login`` (GitHub logins ignore case)."""
    for index in sorted((root / "content" / "artists").glob("*/index.md")):
        values, _ = read_fields(index.read_text(encoding="utf-8", errors="replace"))
        if values.get("github", "").removeprefix("@").lower() == login.lower():
            return index.parent.name
    return None


def free_artist_slug(root: Path, name: str, login: str) -> str:
    login_slug = suggest_slug(login, "artista")
    base = suggest_slug(name, login_slug)
    for candidate in (base, f"{base}-{login_slug}"):
        if is_slug(candidate) and not (root / "content" / "artists" / candidate).exists():
            return candidate
    raise ScaffoldError(f"no free artist folder for {login}")
