"""Form values made safe to write into a submission's index.md.

A value from the form is untrusted text. One-line fields (title, medium…) become
one ``key: value`` line, so every line terminator Python or a browser knows
(\\n \\r \\x0b \\x0c \\x1c-\\x1e \\x85 \\u2028 \\u2029) and every other control
character turns into a space: no value can start a line of its own and add a key.
Texts (statement, bio) keep their paragraphs with plain ``\\n`` only, and every line
break the author typed inside a paragraph stays one on the page.
"""

from __future__ import annotations

import re
import unicodedata

from altavoz_moderation.report import md_text

# Characters that end a line for str.splitlines(), plus the rest of the C0/C1 controls.
_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def one_line(value: str) -> str:
    """The value on one line: breaks and control characters become single spaces."""
    spaced = "".join(" " if _is_control(char) else char for char in value)
    return re.sub(r"\s+", " ", spaced).strip()


def multi_line(value: str) -> str:
    """Paragraphs kept with ``\\n``; other controls (tabs excepted) removed."""
    text = _BREAKS.sub("\n", value)
    text = "".join(char for char in text if char in "\n\t" or not _is_control(char))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def with_line_breaks(value: str) -> str:
    """A text (statement, bio) as Markdown that shows each line break the author typed.

    Markdown joins the lines of a paragraph into one, so a poem, an address or a list
    typed line by line on a phone would run together on the page. Each line followed by
    another line of the same paragraph ends with two spaces instead of whatever spaces it
    had: Markdown's hard line break, a ``<br>`` on the page, which the sanitizer keeps. No
    character is added that could open markup (a ``<br>`` tag written into the text would
    meet whatever half tag the author typed before it); blank lines still part paragraphs.
    """
    lines = multi_line(value).split("\n")
    kept = []
    for n, line in enumerate(lines):
        if not line.strip():
            line = ""  # a line of spaces parts paragraphs, as an empty one does
        elif n + 1 < len(lines) and lines[n + 1].strip():
            line = line.rstrip(" \t") + "  "
        kept.append(line)
    return "\n".join(kept)


def lines_of(value: str) -> list[str]:
    """The non-empty lines of a one-item-per-line field (the photo descriptions, links)."""
    return [one_line(line) for line in multi_line(value).split("\n") if one_line(line)]


def alt_text(value: str) -> str:
    """A photo description that cannot end the Markdown ``![…](…)`` it is written in."""
    return one_line(value).replace("[", "(").replace("]", ")").replace("\\", "/")


def shown(value) -> str:
    """What the author wrote, as Markdown text for the issue comment that reads as
    written and can do nothing else: no link, image, mention, reference, heading,
    emphasis or HTML can start in it (GitHub renders the comment, so a title like
    ``[x](https://…)`` or ``@equipo`` would otherwise link or ping). One line; control
    and invisible characters are shown by their code point."""
    # An entity, not a backslash, for < and >: the raw report (a step summary, a
    # notification e-mail) then holds no tag either, and it renders as the same sign.
    return md_text(value).replace("\\<", "&lt;").replace("\\>", "&gt;")
