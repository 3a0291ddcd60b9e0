"""Read a submission's ``index.md`` the way the site reads it: front matter, then the body.

The format artists are taught (CONTRIBUTING.md) is ``key: value`` lines between two
``---`` lines at the top.
Pelican opens a file with Python's universal newlines (one leading byte-order mark
dropped; ``\\r\\n`` and a lone ``\\r`` both end a line) and hands it to Markdown's
``meta`` extension, which stops reading metadata at the first blank or malformed line
and shows the rest as text. This module reads the same text the same way, so a line the
site sees is a line here; what the format forbids (blank or malformed lines, duplicate
keys, a missing ``---``) is reported, not guessed.

Characters that end a line for other readers (``str.splitlines``: vertical tab, form
feed, U+001C-U+001E, U+0085, U+2028, U+2029) and a carriage return that is not part of
``\\r\\n`` are recorded per line in ``Document.invisible_line_ends``: a header holding
one reads one way here and another way in an editor or another tool, so the checks
refuse it. Pure Python, no Pelican: the model of a submission starts here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = re.compile(r"^---\s*$")
CLOSING = re.compile(r"^(---|\.\.\.)\s*$")
KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):(?:[ \t]+(?P<value>.*?))?\s*$")

# What ends a line for str.splitlines (and so for many editors and tools) besides \n.
# Pelican's reading ends lines only at \r\n, \r and \n; the rest stay inside a value.
INVISIBLE_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = re.compile("[" + re.escape(INVISIBLE_LINE_ENDS) + "]")

MISSING = "missing"  # no opening --- line
UNCLOSED = "unclosed"  # no closing --- line
BLANK = "blank"  # blank line inside the front matter
MALFORMED = "malformed"  # a line that is not `key: value`


@dataclass(frozen=True)
class MetaField:
    key: str  # lower-cased, as Pelican sees it
    value: str
    line: int  # 1-based line in the file
    written_key: str  # as written


@dataclass(frozen=True)
class FrontMatterProblem:
    kind: str  # MISSING, UNCLOSED, BLANK or MALFORMED
    line: int
    text: str


@dataclass
class Document:
    fields: dict[str, MetaField] = field(default_factory=dict)
    duplicates: list[MetaField] = field(default_factory=list)
    problems: list[FrontMatterProblem] = field(default_factory=list)
    body: str = ""
    body_start_line: int = 1  # file line of the body's first line
    # The text exactly as the site's reader gets it (BOM dropped, universal newlines).
    text: str = ""
    # (line as GitHub numbers it, the character) for every invisible line end in the header.
    invisible_line_ends: list[tuple[int, str]] = field(default_factory=list)

    def value(self, key: str, default: str | None = None) -> str | None:
        meta = self.fields.get(key)
        return meta.value if meta is not None else default

    def metadata_lists(self) -> dict[str, list[str]]:
        """Every key with all its values in order: what Markdown's ``meta`` would collect."""
        values: dict[str, list[tuple[int, str]]] = {}
        for meta in [*self.fields.values(), *self.duplicates]:
            values.setdefault(meta.key, []).append((meta.line, meta.value))
        return {key: [value for _, value in sorted(items)] for key, items in values.items()}


def split_lines(text: str) -> list[str]:
    """Lines as GitHub numbers them (only ``\\n`` ends a line)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def site_text(raw: str) -> str:
    """``raw`` as Pelican's reader gets it: utf-8-sig drops one BOM; universal newlines."""
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _header_extent(lines: list[str]) -> int:
    """How many of ``lines`` (split on \\n only) belong to the header, closing line included."""
    if not lines or not OPENING.match(lines[0].rstrip("\r")):
        # No header as we know it, but Markdown would still read `key: value` lines at
        # the top as metadata: the header is everything up to the first blank line.
        for index, line in enumerate(lines):
            if not line.strip():
                return index
        return len(lines)
    for index in range(1, len(lines)):
        if CLOSING.match(lines[index].rstrip("\r")):
            return index + 1
    return len(lines)


def find_invisible_line_ends(raw: str) -> list[tuple[int, str]]:
    """Invisible line ends in the header of ``raw``: (line as GitHub numbers it, character)."""
    lines = raw.removeprefix("\ufeff").split("\n")
    found = []
    for index, line in enumerate(lines[: _header_extent(lines)]):
        inner = line[:-1] if line.endswith("\r") else line  # \r\n is an ordinary line end
        match = _INVISIBLE.search(inner)
        if match:
            found.append((index + 1, match.group(0)))
    return found


def parse_document(raw: str) -> Document:
    """The front matter and body of ``raw`` (the file's decoded text, newlines untouched)."""
    text = site_text(raw)
    lines = text.split("\n")
    document = Document(text=text, invisible_line_ends=find_invisible_line_ends(raw))
    if not lines or not OPENING.match(lines[0]):
        document.problems.append(FrontMatterProblem(MISSING, 1, lines[0] if lines else ""))
        document.body = text
        return document

    index = 1
    closed = False
    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        if CLOSING.match(line):
            closed = True
            break
        if not line.strip():
            document.problems.append(FrontMatterProblem(BLANK, number, line))
            continue
        match = KEY_LINE.match(line)
        if not match:
            document.problems.append(FrontMatterProblem(MALFORMED, number, line))
            continue
        meta = MetaField(
            key=match.group("key").lower(),
            value=(match.group("value") or "").strip(),
            line=number,
            written_key=match.group("key"),
        )
        if meta.key in document.fields:
            document.duplicates.append(meta)
        else:
            document.fields[meta.key] = meta

    if not closed:
        document.problems.append(FrontMatterProblem(UNCLOSED, len(lines), lines[-1]))
        document.body = ""
        document.body_start_line = len(lines) + 1
        return document
    document.body = "\n".join(lines[index:])
    document.body_start_line = index + 1
    return document


def read_fields(raw: str) -> tuple[dict[str, str], str]:
    """(key -> value, body) of a file whose header opens and closes, else ({}, the text).

    For tools that read what a submission already says (scaffolders, CODEOWNERS): the
    same reading as the checks, which report every problem this leaves out.
    """
    document = parse_document(raw)
    if any(problem.kind in (MISSING, UNCLOSED) for problem in document.problems):
        return {}, document.text
    return {key: meta.value for key, meta in document.fields.items()}, document.body
