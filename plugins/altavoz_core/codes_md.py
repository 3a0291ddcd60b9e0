"""CODES.md, the readable table of every finding code, written from the code table.

Each code's severity and title come from ``codes.CODES``, its message templates from
the same place (Spanish) and from the catalogs (English), so the table can never say
something the reports do not: ``tools/update_messages.py`` writes it and its ``--check``
(and a test) fail while the file differs from what ``render`` gives. What the table
cannot say (what a severity means, how a range is checked) is the fixed text below.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import catalogs, codes

PATH = Path(__file__).resolve().parent / "CODES.md"

_HEADER = """\
# Moderation codes / Códigos de moderación

<!-- Written by tools/update_messages.py from plugins/altavoz_core/codes.py and the
catalogs in plugins/altavoz_core/locale/: change the messages there, then run it. -->

Every finding of `invoke check` and of the build has a stable code. `error`: the submission is
left out of the site until it is fixed. `warning`: it publishes; a reviewer should look.
Severities and the Spanish messages live in `plugins/altavoz_core/codes.py`, the English (and any
other language) in the gettext catalogs of `plugins/altavoz_core/locale/`. Below, each message
is its template: `{file}` is the file the finding is about, `{field}` the front-matter key, and
each other `{blank}` is filled with what the check found. A code with more than one wording
lists each (its name in the title, as in the catalogs' msgctxt `AV506:unreadable`).

Cada hallazgo tiene un código estable. `error`: el envío no se publica hasta corregirlo.
`warning`: se publica, pero una persona debe revisarlo.
"""

# (first code number, heading, fixed text under it) in code order; a code belongs to the last
# heading whose first code is not above it.
_SECTIONS = (
    (100, "## AV1xx — Structure / Estructura", ""),
    (
        200,
        "## AV2xx — Front matter / Encabezado",
        """\
The header is read exactly as the build reads it (Python's universal newlines, then
Markdown's `meta`), and Markdown's own reading is compared with the check's: a field
the site would see and the check would not is AV221, never a published surprise.
Dates and years fall between 1900 (`ALTAVOZ_MODERATION_EARLIEST_YEAR`) and next year
(AV216, AV226). A GitHub account (`github`, capitals and '@' aside) or account number
(`github_id`) claimed by two artist folders (AV223, AV228) stays with the folder first
added on the main line of git history, and each newer one is refused, naming it; when
none came first, or without git history, every claimant is refused. Names that look the
same (AV224) are compared once capitals, spaces, punctuation, accents, fullwidth forms and
Cyrillic/Greek look-alikes are set aside.""",
    ),
    (
        240,
        "### Events / Eventos (`content/events/<slug>/index.md`)",
        """\
`start` and `end` are `YYYY-MM-DD HH:MM` in local time; the timezone is an IANA name
(default `ALTAVOZ_AGENDA_TIMEZONE`); limits: `ALTAVOZ_AGENDA_MAX_DAYS`,
`ALTAVOZ_AGENDA_YEARS_AHEAD`, `ALTAVOZ_AGENDA_MAX_OCCURRENCES`,
`ALTAVOZ_AGENDA_MAX_ORGANIZERS`, `ALTAVOZ_AGENDA_MAX_WORKS`.""",
    ),
    (
        300,
        "## AV3xx — Text and sanitizer / Texto y sanitizador",
        """\
A character that cannot be published (AV312) is found by Unicode category: a control
other than tab and line break, a surrogate, a private-use or an unassigned code point
(noncharacters such as U+FFFE included; unassigned emoji code points are kept), typed or
written as a character reference, anywhere in the file: one breaks every Atom feed.""",
    ),
    (
        400,
        "## AV4xx — Image references / Referencias a imágenes",
        """\
Blog posts and pages show images from `content/blog/images/` (pages: `content/pages/images/`),
written `images/foto.jpg` or `{static}/blog/images/foto.jpg`: the same codes apply, and the
messages name that folder instead of the submission folder (the `images` wordings).
A reference is read as a browser (and GitHub's preview) reads it: `mi%20foto.jpg` is the
file `mi foto.jpg`, and the check asks the same function the build asks which file that is.""",
    ),
    (
        500,
        "## AV5xx — Image files / Archivos de imagen",
        """\
Reported by `plugins/altavoz_images` (`altavoz_images.validation.check_image_file`), called by
the moderation report for every image in a submission folder and by the build: format, size,
dimensions, private metadata (GPS in any form, owner name, serial numbers), and what would
make a file cost minutes to decode, counted from its bytes before anything is decoded.
AV530 comes from the build itself (`altavoz_images.pipeline`).""",
    ),
    (600, "## AV6xx — Personal data and review / Datos personales y revisión", ""),
    (
        700,
        "## AV7xx — Repository / Repositorio",
        """\
Reported by `invoke check` from `plugins/altavoz_submit/codeowners.py`; all are warnings.
AV703 comes only with `--since` (a pull request): it flags what a maintainer must confirm.""",
    ),
    (
        800,
        "## AV8xx — Addresses and output paths / Direcciones y archivos del sitio",
        """\
Where the build writes every submission, computed with Pelican's own `slugify`, the
site's `SLUG_REGEX_SUBSTITUTIONS` and `*_SAVE_AS` patterns and Pelican's translation
grouping, for the main site and every i18n subsite (`/en/`), checked as one set with
everything the site writes for itself (blog index, tags, archive, 404, feeds, gallery,
search index, sitemap, robots.txt, theme files, published images). Both sides are named;
the submission is left out and the rest publishes. When two files claim one address (AV219,
AV222), the one named after it (`acerca.md` or `acerca.en.md` for the slug `acerca`) keeps
it and only the other is left out; in a pull request only the new file is checked.""",
    ),
    (
        900,
        "## AV9xx — Review of a branch / Revisión de una rama",
        "Reported by `invoke review`, which reads the tree a merge would give straight from git.",
    ),
)

_PIECES_HEADING = """\
## Parts of messages / Partes de los mensajes

Words that fill a blank of several messages and change with the language (the catalogs'
msgctxt `piece:<name>`).
"""

_COLUMNS = (
    "| Code | Severity | What | Message (es) | Message (en) |\n| --- | --- | --- | --- | --- |"
)
# Markdown would read these as formatting or HTML inside a table cell; a backslash shows
# them as they are (CommonMark escapes any ASCII punctuation this way).
_MARKUP = re.compile(r"([\\`*_\[\]<>|])")


def _cell(text: str) -> str:
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _rows(spec: codes.Code) -> list[str]:
    names = ([None] if spec.es is not None else []) + [name for name, _ in spec.variants]
    rows = []
    for name in names:
        what = spec.title if name is None else f"{spec.title} ({name})"
        spanish, english = spec.template("es", name), spec.template("en", name)
        cells = (spec.code, spec.severity, _cell(what), _cell(spanish), _cell(english))
        rows.append("| " + " | ".join(cells) + " |")
    if not rows:  # a code without a template still has its row: code and severity
        rows.append(f"| {spec.code} | {spec.severity} | {_cell(spec.title)} | | |")
    return rows


def render() -> str:
    """CODES.md as the code table and the catalogs say it should be."""
    parts = [_HEADER]
    ordered = sorted(codes.CODES.values(), key=lambda spec: spec.code)
    for index, (first, heading, text) in enumerate(_SECTIONS):
        end = _SECTIONS[index + 1][0] if index + 1 < len(_SECTIONS) else 1000
        inside = [spec for spec in ordered if first <= int(spec.code[2:]) < end]
        if not inside:
            continue
        parts.append(heading + "\n")
        if text:
            parts.append(text + "\n")
        parts.append(
            _COLUMNS + "\n" + "\n".join(row for spec in inside for row in _rows(spec)) + "\n"
        )
    parts.append(_PIECES_HEADING)
    pieces = [
        f"| {_cell(name)} | {_cell(words.text('es'))} | {_cell(words.text('en'))} |"
        for name, words in ((name, codes.Words(name, **_blanks(name))) for name in codes.PIECES)
    ]
    parts.append("| Name | Spanish | English |\n| --- | --- | --- |\n" + "\n".join(pieces) + "\n")
    return "\n".join(parts)


def _blanks(name: str) -> dict[str, str]:
    """Each blank of a piece filled with its own name in braces, so the table shows the template."""
    return {blank: "{" + blank + "}" for blank in catalogs.placeholders(codes.PIECES[name])}


def problems(path: Path | None = None) -> list[str]:
    """CODES.md out of step with the code table and the catalogs, in words; [] when in step."""
    path = path or PATH
    try:
        written = path.read_text(encoding="utf-8")
    except OSError as error:
        return [f"{path.name}: {error.strerror or error}"]
    wanted = render()
    if written == wanted:
        return []
    old, new = written.splitlines(), wanted.splitlines()
    line = next(
        (n for n, (a, b) in enumerate(zip(old, new, strict=False), 1) if a != b),
        min(len(old), len(new)) + 1,
    )
    return [
        f"{path.name}:{line}: out of step with codes.py and the catalogs "
        "(run python tools/update_messages.py)"
    ]


def write(path: Path | None = None) -> bool:
    """Write CODES.md when it differs from ``render``; whether it was written."""
    path = path or PATH
    text = render()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
