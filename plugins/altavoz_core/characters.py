"""Which characters can be published at all, decided by Unicode property.

A published text reaches HTML pages, Atom feeds, the sitemap, ``search.json`` and chat
previews. XML 1.0 forbids C0 controls (but tab and line feed), surrogates and the
noncharacters U+FFFE/U+FFFF: one of them anywhere in a title makes a feed that every
reader refuses. The rule is by general category, not by a list of characters:

* ``Cc`` controls, except tab and line feed (a text's own layout);
* ``Cs`` surrogates and ``Co`` private-use characters (no agreed meaning: what a reader
  sees depends on their font);
* ``Cn``: unassigned code points, noncharacters included. What Unicode assigns later may
  be a format or direction control this rule cannot yet know. One exception: the blocks
  Unicode reserves for pictographs (``Extended_Pictographic`` covers their unassigned
  code points on purpose), so an emoji newer than this Python's Unicode data is kept.

Invisible and direction-changing *format* characters (``Cf``) are a separate, softer rule
(the moderation's ``hidden_characters``): some are part of writing in some scripts.
"""

from __future__ import annotations

import unicodedata

NEVER_PUBLISHED = frozenset({"Cc", "Cs", "Co", "Cn"})
LAYOUT = frozenset("\t\n")
# Blocks reserved for pictographs, whose unassigned code points Unicode already marks
# Extended_Pictographic (emoji-data.txt), less the two noncharacters at the plane's end.
PICTOGRAPH_RESERVE = ((0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD))


def is_noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def is_unpublishable(ch: str) -> bool:
    """Whether ``ch`` may never reach a page, a feed or an address."""
    category = unicodedata.category(ch)
    if category not in NEVER_PUBLISHED or ch in LAYOUT:
        return False
    if category == "Cn" and not is_noncharacter(ch):
        code = ord(ch)
        return not any(start <= code <= end for start, end in PICTOGRAPH_RESERVE)
    return True


def unpublishable_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character of ``text`` that may never be published."""
    return [(index, ch) for index, ch in enumerate(text) if is_unpublishable(ch)]


def character_names(chars) -> str:
    """'U+FFFE (noncharacter), U+0007 BELL': each distinct character once, by code point."""
    names = []
    for ch in dict.fromkeys(chars):
        name = unicodedata.name(ch, "")
        if not name:
            category = unicodedata.category(ch)
            name = {
                "Cc": "CONTROL",
                "Cs": "SURROGATE",
                "Co": "PRIVATE USE",
                "Cn": "NONCHARACTER" if is_noncharacter(ch) else "UNASSIGNED",
            }.get(category, category)
        names.append(f"U+{ord(ch):04X} {name}")
    return ", ".join(names)
