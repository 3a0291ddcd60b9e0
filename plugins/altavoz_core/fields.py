"""The fields of a work and of an artist, as the scaffolders ask for and write them.

One list per kind of submission, in the order the files show them (the order of
the guide's template), each field with what it means in Spanish and English:
`invoke new-work --help`, the prompts and the guide all say the same thing. An
artist's file also keeps the number of their GitHub account (``github_id``), which
nobody types: ``ARTIST_FILE_FIELDS`` is the order the file is written in.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from altavoz_core.slugs import is_slug

# GitHub user names: ASCII letters, digits and single hyphens, at most 39 characters.
# Always with `fullmatch`: `$` would also accept a final newline.
_GITHUB_HANDLE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", re.ASCII)
# GitHub's number for an account (an event's ``user.id``). Unlike the login, which its
# owner can change and anyone may register once it is free, the number never changes
# and never passes to someone else: the intake knows an artist by it. One spelling per
# number (ASCII digits, no leading zero, so "007" cannot pose as another account than
# "7"), at most 2**53 - 1: the largest integer every JSON reader keeps exact.
MAX_GITHUB_ID = 2**53 - 1
_GITHUB_ID = re.compile(r"[1-9][0-9]{0,15}", re.ASCII)
# Not \d, which takes every script's digits ("٢٠٢٦"); and the date in the one form the
# front matter uses (date.fromisoformat alone also takes "20260314" and "2026-W11-6").
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def is_github_handle(value: str) -> bool:
    """Whether ``value`` is a whole GitHub user name (without the '@')."""
    return isinstance(value, str) and bool(_GITHUB_HANDLE.fullmatch(value))


def is_github_id(value: str) -> bool:
    """Whether ``value`` is a GitHub account number as the front matter writes it."""
    return (
        isinstance(value, str) and bool(_GITHUB_ID.fullmatch(value)) and int(value) <= MAX_GITHUB_ID
    )


def github_id_from_event(value) -> str | None:
    """The front-matter spelling of an account number read from an event's JSON (an
    ``int``; never a bool, a float or a string), or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_GITHUB_ID:
        return str(value)
    return None


@dataclass(frozen=True)
class Field:
    name: str  # the front-matter key (and the task's flag)
    help_es: str
    help_en: str
    required: bool = False
    example: str = ""

    @property
    def help(self) -> str:
        return f"{self.help_en} / {self.help_es}"


WORK_FIELDS = (
    Field("title", "título de la obra", "title of the work", True, "Raíces de maíz"),
    Field(
        "artist",
        "tu slug de artista (el nombre de tu carpeta en content/artists/)",
        "the artist's slug (their folder in content/artists/)",
        True,
        "luz-mendoza",
    ),
    Field("date", "fecha de publicación, AAAA-MM-DD", "publication date, YYYY-MM-DD", True),
    Field("medium", "técnica y soporte", "medium and support", False, "Acrílico sobre muro"),
    Field(
        "license",
        "licencia: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-SA-4.0, CC0-1.0, all-rights-reserved…",
        "licence: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-SA-4.0, CC0-1.0, all-rights-reserved…",
        True,
        "CC-BY-SA-4.0",
    ),
    Field(
        "consent",
        "«yes» si la persona artista acepta que se publique",
        "'yes' when the artist agrees to publication",
        True,
        "yes",
    ),
    Field("tags", "etiquetas separadas por comas", "comma-separated tags", False, "mural, maíz"),
    Field("year", "año en que se hizo la obra", "year the work was made", False, "2026"),
    Field("dimensions", "medidas", "dimensions", False, "300 × 450 cm"),
    Field("lang", "idioma del texto: es o en", "language of the text: es or en", True, "es"),
)

ARTIST_FIELDS = (
    Field("name", "nombre como quieres que aparezca", "name as it should appear", True, "Luz"),
    Field("pronouns", "pronombres", "pronouns", False, "ella"),
    Field("city", "ciudad o comunidad", "city or community", False, "Oaxaca"),
    Field(
        "links",
        "enlaces (https://…) separados por comas",
        "comma-separated links (https://…)",
        False,
    ),
    Field("avatar", "foto o imagen de perfil (archivo)", "profile picture (file)", False),
    Field(
        "github",
        "tu usuario de GitHub: podrás aprobar cambios en tus carpetas",
        "GitHub user name: lets the artist approve changes to their folders",
        False,
        "luzmendoza",
    ),
    Field("lang", "idioma del texto: es o en", "language of the text: es or en", True, "es"),
)

# Written from the GitHub event by the issue intake (or given by a maintainer), never
# asked for: nobody knows their account's number. So it has no prompt, no task flag and
# no line in the guide, and only the files carry it (next to ``github``).
GITHUB_ID = Field(
    "github_id",
    "el número de tu cuenta de GitHub: lo escribe el sitio, no lo cambies",
    "the GitHub account's number: written by the site, do not change it",
    False,
    "1234567",
)
ARTIST_FILE_FIELDS = tuple(
    written
    for field in ARTIST_FIELDS
    for written in ((field, GITHUB_ID) if field.name == "github" else (field,))
)

FIELD_DEFAULTS = {"lang": "es", "date": lambda: datetime.date.today().isoformat()}


def default_for(name: str) -> str | None:
    value = FIELD_DEFAULTS.get(name)
    return value() if callable(value) else value


def front_matter(values: dict[str, str], fields: tuple[Field, ...]) -> str:
    """The ``---`` block, keys in the order of ``fields``, empty values left out."""
    lines = ["---"]
    for field in fields:
        value = values.get(field.name)
        if value not in (None, ""):
            lines.append(f"{field.name}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _is_date(value: str) -> bool:
    try:
        return bool(_DATE.fullmatch(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def problems_with(name: str, value: str, allowed_licenses=()) -> str | None:
    """What is wrong with one value the maintainer typed, in English, or None."""
    if value and value.splitlines() != [value]:  # any break str.splitlines knows, not just \n
        return f"--{name} must be one line"
    if name in ("artist", "slug") and not is_slug(value):
        return f"--{name} '{value}' must use lowercase letters, digits and single hyphens"
    if name == "date" and not _is_date(value):
        return f"--date '{value}' is not a date in the form YYYY-MM-DD"
    if name == "license" and allowed_licenses and value not in allowed_licenses:
        return f"--license '{value}' is not one of: {', '.join(allowed_licenses)}"
    if name == "consent" and value != "yes":
        return "--consent must be 'yes': only works whose artist agreed are published"
    if name == "lang" and value not in ("es", "en"):
        return f"--lang '{value}' must be 'es' or 'en'"
    if name == "year" and not _YEAR.fullmatch(value):
        return f"--year '{value}' must be a four-digit year"
    if name == "github" and not is_github_handle(value.removeprefix("@")):
        return f"--github '{value}' is not a GitHub user name"
    if name == "github_id" and not is_github_id(value):
        return f"github_id '{value}' is not a GitHub account number (digits, no leading zero)"
    return None
