"""Read a submission's ``index.md``: front matter with line numbers, then the body.

The format (issue 2) is ``key: value`` lines between two ``---`` lines at the top.
Pelican's Markdown reader (the ``meta`` extension) stops reading metadata at the first
blank or malformed line and shows the rest as text, so those are reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = re.compile(r"^---\s*$")
CLOSING = re.compile(r"^(---|\.\.\.)\s*$")
KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):(?:[ \t]+(?P<value>.*?))?\s*$")

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

    def value(self, key: str, default: str | None = None) -> str | None:
        meta = self.fields.get(key)
        return meta.value if meta is not None else default

    def line_of(self, key: str) -> int | None:
        meta = self.fields.get(key)
        return meta.line if meta is not None else None


def split_lines(text: str) -> list[str]:
    """Lines as GitHub numbers them (only ``\\n`` ends a line)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def parse_document(text: str) -> Document:
    text = text.removeprefix("\ufeff")
    lines = split_lines(text)
    document = Document()
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
