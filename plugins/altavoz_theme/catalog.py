"""Interface translations: gettext ``.po`` catalogs, compiled in memory by Babel at build time.

The templates are written in Spanish (the main language); ``theme/translations/
<lang>/LC_MESSAGES/messages.po`` holds each other language. Compiling the ``.po``
file when the site is built keeps one source of truth that translators' tools
(Poedit, Weblate) understand, without a committed binary ``.mo`` file.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations


class CatalogError(ValueError):
    """A .po file that cannot be read; names the file and the line."""


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    """The messages of a .po file whose translation can be shown.

    Fuzzy entries and empty translations (a plural with any empty form) are left
    out, so the source text shows instead of a guess or a blank.
    """
    try:
        with path.open("rb") as po:
            catalog = read_po(po, locale=lang, abort_invalid=True)
    except PoFileError as error:
        raise CatalogError(f"{path}:{error.lineno + 1}: {error.args[0]}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: {error}") from None
    for message in list(catalog):
        strings = message.string if message.pluralizable else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            catalog.delete(message.id, message.context)
    return catalog


def translations_from(catalog: Catalog) -> Translations:
    """gettext translations (what Jinja's i18n extension calls) from a catalog."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def catalog_path(translations_dir: Path, lang: str, domain: str = "messages") -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{domain}.po"


# Compiled catalogs by file and version: every generator of every build asks for its
# language's (reading and compiling one costs ~8 ms); an edited file is read again.
_compiled: dict[tuple, tuple] = {}  # (path, lang) -> (file signature, translations)


def load_catalog(translations_dir: Path, lang: str, source_lang: str) -> gettext.NullTranslations:
    """The interface translations for ``lang``; the templates' own language needs none."""
    if lang == source_lang:
        return gettext.NullTranslations()
    path = catalog_path(translations_dir, lang)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not path.is_file():
        raise CatalogError(f"{path}: no interface translation for language '{lang}'")
    signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _compiled.get((str(path), lang))
    if known is not None and known[0] == signature:
        return known[1]
    translations = translations_from(read_catalog(path, lang))
    _compiled[str(path), lang] = (signature, translations)
    return translations
