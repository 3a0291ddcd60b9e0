"""Interface translations: gettext ``.po`` catalogs read directly, no compile step.

The templates are written in Spanish (the main language); ``theme/translations/
<lang>/LC_MESSAGES/messages.po`` holds each other language. Reading the ``.po``
file at build time keeps one source of truth that translators' tools (Poedit,
Weblate) understand, without Babel or a committed binary ``.mo`` file.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path


class CatalogError(ValueError):
    """A .po file that cannot be read; names the file and the line."""


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise CatalogError(f"{path}:{number}: expected a quoted string, got {text!r}")
    return ast.literal_eval(text)


def read_po(path: Path) -> dict:
    """Messages of a .po file: ``{msgid: msgstr}`` and ``{(msgid, n): msgstr[n]}`` for plurals.

    Fuzzy entries and empty translations are left out, so the source text shows
    instead of a guess or a blank.
    """
    messages: dict = {}
    entry: dict = {}
    fuzzy = False
    key = None

    def finish():
        nonlocal entry, fuzzy
        msgid = entry.get("msgid")
        if msgid and not fuzzy:
            if "msgid_plural" in entry:
                for name, value in entry.items():
                    if name.startswith("msgstr[") and value:
                        messages[(msgid, int(name[7:-1]))] = value
            elif entry.get("msgstr"):
                messages[msgid] = entry["msgstr"]
        entry, fuzzy = {}, False

    lines = path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            finish()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is None:
                raise CatalogError(f"{path}:{number}: a string continues no keyword")
            entry[key] += _unquote(line, path, number)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgid" and "msgid" in entry:
                finish()
            key = keyword
            entry[key] = _unquote(rest, path, number)
    finish()
    return messages


class Catalog(gettext.NullTranslations):
    """A translation from a .po dictionary; falls back to the source text."""

    def __init__(self, messages: dict, plural=lambda n: int(n != 1)):
        super().__init__()
        self.messages = messages
        self.plural = plural

    def gettext(self, message):
        return self.messages.get(message, message)

    def ngettext(self, singular, plural, n):
        index = self.plural(n)
        translated = self.messages.get((singular, index))
        if translated:
            return translated
        return singular if n == 1 else plural

    def pgettext(self, context, message):
        return self.messages.get(f"{context}\x04{message}", message)

    def npgettext(self, context, singular, plural, n):
        return self.ngettext(f"{context}\x04{singular}", plural, n).split("\x04")[-1]


def catalog_path(translations_dir: Path, lang: str, domain: str = "messages") -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def load_catalog(translations_dir: Path, lang: str, source_lang: str) -> gettext.NullTranslations:
    """The interface translations for ``lang``; the templates' own language needs none."""
    if lang == source_lang:
        return gettext.NullTranslations()
    path = catalog_path(translations_dir, lang)
    if not path.is_file():
        raise CatalogError(f"{path}: no interface translation for language '{lang}'")
    return Catalog(read_po(path))
