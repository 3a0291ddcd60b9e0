"""The message catalogs: what the checks and the issue intake say, in every language but Spanish.

Spanish is the source language: the code tables (``codes.CODES``, the intake's
``MESSAGES``) hold each message's Spanish ``str.format`` template, and gettext catalogs
hold the other languages, read with Babel, so translators work with the usual tools
(Poedit, Weblate, msgmerge) and a new language is a new file, not a code change::

    locale/messages.pot                     the template: every Spanish message
    locale/<lang>/LC_MESSAGES/messages.po   one language (``en``, and any other added)

As in the theme's catalogs, the msgid is the Spanish text; the msgctxt is the stable
name of the message (the code, ``AV101``; a code's second wording, ``AV401:images``; a
part of several messages, ``piece:where:text``; or ``intake:<key>``), so two messages with
the same Spanish wording stay separate entries and a translator sees which one is which.
The catalogs are package data of the core, apart from the theme's
``theme/translations`` (same domain name, another folder): a site may point the theme
at its own interface translations (``ALTAVOZ_THEME_TRANSLATIONS``), and that must never
drop the checks' messages, which the core words without Pelican or the theme.

The ``.po`` files are read as they are (no compiled ``.mo`` is committed or built), once
per process and language. A fuzzy or empty entry is not used: the Spanish shows instead
of a guess or a blank; so does a translation with a blank that is not a plain ``{name}``
of its Spanish (``plain_blanks``: a translation never reads into the values it is
given). Babel is the project's declared dependency for this (the theme reads its
catalogs with it too); it is imported on first use, so importing the core stays cheap
for a tool that never words a message. ``tools/update_messages.py`` writes
the template from the code tables and merges it into each language's catalog;
``problems`` is what its ``--check`` and the tests ask.
"""

from __future__ import annotations

import functools
import io
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SOURCE_LANGUAGE = "es"
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# A language folder's name: "en", "fr", "pt_BR"... anything else (a path, a dot) is not
# looked up, so a language taken from a form or a header can never name another file.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")
_MAX_CATALOG_BYTES = 4 * 1024 * 1024  # ~50 times the English catalog: a bound, not a limit


class CatalogError(ValueError):
    """A catalog file that cannot be read; names the file (and the line when known)."""


@dataclass(frozen=True)
class Entry:
    """One message of the template: its name (msgctxt), its Spanish text (msgid)."""

    context: str
    spanish: str
    comment: str = ""  # shown to translators (``#.``), e.g. the code's short English title
    flags: frozenset[str] = field(default=frozenset(), compare=False)


def placeholders(template: str) -> set[str]:
    """The ``str.format`` blanks of a message: {"file", "field"} for "{file} ({field})"."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:  # an unpaired brace: a broken template, reported by the tests
        return {"<unpaired brace>"}


def plain_blanks(template: str) -> set[str] | None:
    """The blanks of a template when every one is a plain ``{name}``, else None.

    ``str.format`` reads attributes and items of a value through its blank
    (``{file.__class__}``, ``{file[0]}``), converts or pads it (``{file!r}``,
    ``{file:>99999999}``, a blank inside another's format ``{file:{field.x}}``): a
    translation may only name the values its message is given, never reach into them.
    """
    names = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            return None
        names.add(name)
    return names


def _usable(translation: str, spanish: str) -> bool:
    """Whether a translation's blanks are plain names its Spanish has too."""
    blanks = plain_blanks(translation)
    return blanks is not None and blanks <= placeholders(spanish)


def template_path(directory: Path | None = None) -> Path:
    return (directory or LOCALE_DIR) / f"{DOMAIN}.pot"


def catalog_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(directory: Path | None = None) -> list[str]:
    """Spanish, then every language with a catalog in ``directory``, in alphabetical order."""
    base = directory or LOCALE_DIR
    found = sorted(
        path.name
        for path in (base.iterdir() if base.is_dir() else ())
        if _LANGUAGE.fullmatch(path.name) and catalog_path(path.name, base).is_file()
    )
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


def _read(path: Path):
    """The Babel catalog of a .po or .pot file, or CatalogError naming the file and line."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as po:
            data = po.read(_MAX_CATALOG_BYTES + 1)
    except OSError as error:
        raise CatalogError(f"{path}: {error}") from None
    if len(data) > _MAX_CATALOG_BYTES:
        raise CatalogError(f"{path}: larger than {_MAX_CATALOG_BYTES} bytes")
    try:
        return read_po(io.BytesIO(data), abort_invalid=True, domain=DOMAIN)
    except PoFileError as error:
        raise CatalogError(f"{path}:{error.lineno + 1}: {error.args[0]}") from None
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: {error}") from None


@functools.lru_cache(maxsize=16)
def _translations(directory: str, lang: str) -> dict[tuple[str, str], str]:
    """{(msgctxt, Spanish msgid): translation} of one catalog; {} when it has none."""
    path = catalog_path(lang, Path(directory))
    if not path.is_file():
        return {}
    return {
        (message.context or "", message.id): message.string
        for message in _read(path)
        if message.id
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
        and _usable(message.string, message.id)
    }


def translate(context: str, spanish: str, lang: str, directory: Path | None = None) -> str:
    """The message named ``context`` whose Spanish is ``spanish``, in ``lang``.

    Spanish itself when ``lang`` is Spanish, has no catalog, or its catalog has no
    usable translation of this exact Spanish text (a changed message whose translation
    was not updated yet shows in Spanish rather than saying something else).
    """
    if not isinstance(lang, str) or lang == SOURCE_LANGUAGE or not _LANGUAGE.fullmatch(lang):
        return spanish
    table = _translations(str(directory or LOCALE_DIR), lang)
    return table.get((context, spanish), spanish)


# ------------------------------------------------------------------ keeping the files in step


_TEMPLATE_HEADER = """\
# The messages of Altavoz's checks and issue intake, in Spanish (the
# source language). Written by tools/update_messages.py from
# plugins/altavoz_core/codes.py and plugins/altavoz_submit/intake/messages.py:
# change the messages there, not here. msgctxt names the message (its
# code, <code>:<wording>, piece:<name> for a part of several messages, or
# intake:<key>). A translation keeps every {blank} of the Spanish
# as it is. A new language: copy this file to
# <lang>/LC_MESSAGES/messages.po and translate it; nothing else changes."""


def _flags(message, entry: Entry) -> set[str]:
    flags = set(entry.flags)
    if placeholders(entry.spanish):
        flags.add("python-brace-format")
    # Babel takes "%E2" or "50%" for printf-style blanks; these are str.format templates,
    # and the flag would make Poedit or msgfmt ask for printf blanks in the translation.
    if message.python_format:
        flags.add("no-python-format")
    return flags


def template(entries: Iterable[Entry]):
    """The Babel catalog of the template (``messages.pot``) for these entries."""
    from babel.messages.catalog import Catalog

    pot = Catalog(domain=DOMAIN, project="Altavoz", header_comment=_TEMPLATE_HEADER, fuzzy=False)
    for entry in entries:
        message = pot.add(
            entry.spanish,
            context=entry.context,
            auto_comments=[entry.comment] if entry.comment else [],
        )
        message.flags = _flags(message, entry)
    return pot


def _keys(catalog) -> set[tuple[str, str]]:
    return {(message.context or "", message.id) for message in catalog if message.id}


def problems(entries: Iterable[Entry], directory: Path | None = None) -> list[str]:
    """What is out of step between the code tables, the template and the catalogs.

    Each problem in words, naming the file and the entry: an entry of the code tables
    missing from the template or a catalog, a stale entry the code no longer has, two
    entries with one name, a translation whose blanks differ from the Spanish, and an
    English entry without a usable translation (the reports are always bilingual).
    """
    entries = list(entries)
    base = directory or LOCALE_DIR
    found: list[str] = []
    names = [entry.context for entry in entries]
    found += [
        f"two messages are named {name!r}" for name in sorted(set(names)) if names.count(name) > 1
    ]
    wanted = {(entry.context, entry.spanish) for entry in entries}

    def compare(path: Path, keys: set[tuple[str, str]]):
        shown = path.relative_to(base.parent) if path.is_relative_to(base.parent) else path
        found.extend(f"{shown}: missing {c} {s!r}" for c, s in sorted(wanted - keys))
        found.extend(f"{shown}: stale {c} {s!r}" for c, s in sorted(keys - wanted))

    pot = template_path(base)
    if not pot.is_file():
        found.append(f"{pot}: the template is missing")
    else:
        compare(pot, _keys(_read(pot)))
    for lang in languages(base)[1:]:
        path = catalog_path(lang, base)
        catalog = _read(path)
        compare(path, _keys(catalog))
        for message in catalog:
            if not message.id or not isinstance(message.string, str):
                continue
            if message.string and plain_blanks(message.string) is None:
                found.append(
                    f"{path.name} ({lang}) {message.context}: a blank of the translation is "
                    "not a plain {name} (no '.', '[', '!' or ':' inside braces)"
                )
            elif message.string and placeholders(message.string) != placeholders(message.id):
                found.append(
                    f"{path.name} ({lang}) {message.context}: the translation has the blanks "
                    f"{sorted(placeholders(message.string))}, the Spanish "
                    f"{sorted(placeholders(message.id))}"
                )
            if lang == "en" and (message.fuzzy or not message.string):
                found.append(f"{path.name} (en) {message.context}: no English translation")
    return found


def write_catalogs(entries: Iterable[Entry], directory: Path | None = None) -> list[Path]:
    """Write the template from ``entries`` and merge it into every language's catalog.

    A translation whose Spanish changed is kept but marked fuzzy (not used until a
    translator checks it); entries the code no longer has are dropped. Returns the files
    written; a file whose messages did not change is left as it is.
    """
    from babel.messages.pofile import write_po

    entries = list(entries)
    base = directory or LOCALE_DIR
    pot = template(entries)
    written = []

    def save(path: Path, catalog):
        out = io.BytesIO()
        write_po(out, catalog, ignore_obsolete=True, include_previous=True)
        if not path.is_file() or path.read_bytes() != out.getvalue():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(out.getvalue())
            written.append(path)

    pot_path = template_path(base)
    if not pot_path.is_file() or _keys(_read(pot_path)) != _keys(pot):
        save(pot_path, pot)
    flags = {(m.context or "", m.id): m.flags for m in pot if m.id}
    for lang in languages(base)[1:]:
        path = catalog_path(lang, base)
        catalog = _read(path)
        before = {(m.context, m.id, m.string, m.fuzzy) for m in catalog if m.id}
        catalog.update(pot, update_header_comment=False, update_creation_date=False)
        for message in catalog:
            if message.id:
                fuzzy = {"fuzzy"} if message.fuzzy else set()
                message.flags = set(flags[message.context or "", message.id]) | fuzzy
        if {(m.context, m.id, m.string, m.fuzzy) for m in catalog if m.id} != before:
            save(path, catalog)
    _translations.cache_clear()
    return written
