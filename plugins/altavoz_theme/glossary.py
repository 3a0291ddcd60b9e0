"""The English names of the gallery's tags and techniques: one file the maintainers keep.

Artists write tags and techniques in their own words, mostly in Spanish. The English
interface shows them in English where ``theme/glossary/en.txt`` has a line for them::

    # comments and empty lines are ignored
    maíz = corn
    Acrílico sobre muro = Acrylic on wall

A name is found whatever its case and accents (``Maiz`` finds ``maíz``); a name the
glossary lacks is shown as written. Only this maintained file is read, never a
submission, so nothing here needs the sanitizer: templates escape it like any text.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

logger = logging.getLogger(__name__)


def fold(text: str) -> str:
    """What two spellings of one name share: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def parse_glossary(text: str, source: str = "glossary") -> dict[str, str]:
    """``name = English name`` lines → {folded name: English name}."""
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, english = (part.strip() for part in line.partition("="))
        if not separator or not name or not english:
            logger.warning("[altavoz_theme] %s:%d: expected «name = English name»", source, number)
            continue
        entries[fold(name)] = english
    return entries


def load_glossary(folder: Path, lang: str) -> dict[str, str]:
    """The glossary of ``lang`` (``<folder>/<lang>.txt``), empty when there is none."""
    path = Path(folder) / f"{lang}.txt"
    if not path.is_file():
        return {}
    return parse_glossary(path.read_text(encoding="utf-8"), path.name)


def translate(glossary: dict[str, str], name) -> str:
    text = str(name or "")
    return glossary.get(fold(text), text)
