"""Find the images a Markdown body refers to, with the line each one is on.

The contract is plain Markdown image syntax: ``![alt](file.jpg "optional caption")``.
Raw ``<img>`` HTML and reference-style images (``![alt][ref]``) are found too, so the
checks can ask for the plain form. Code (fenced blocks, indented blocks, inline code)
is ignored: a guide that *shows* the syntax does not reference an image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

MARKDOWN = "markdown"
HTML = "html"
REFERENCE = "reference"

# Possessive (*+, ++) where a part can only end one way: the same matches, without the
# backtracking that made a body of thousands of "![" or "![a](" take minutes to scan.
_ALT = r"(?P<alt>[^\]\\]*+(?:\\.[^\]\\]*+)*+)"
_INLINE_IMAGE = re.compile(
    r"!\[" + _ALT + r"\]"
    r"\(\s*(?P<src><[^>\n]*+>|[^\s)]++)"
    r"(?:\s+(?:\"(?P<t1>(?:\\.|[^\"\\])*)\"|'(?P<t2>(?:\\.|[^'\\])*)'|\((?P<t3>[^)]*)\)))?"
    r"\s*\)"
)
_REFERENCE_IMAGE = re.compile(r"!\[" + _ALT + r"\](?:\s?\[(?P<ref>[^\]]*+)\])?(?!\()")
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<ref>[^\]]+)\]:\s*(?P<src>\S+)", re.MULTILINE)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>?", re.IGNORECASE)
_HTML_ATTR = re.compile(
    r"""(?P<name>[a-z]+)\s*=\s*(?:"(?P<v1>[^"]*)"|'(?P<v2>[^']*)'|(?P<v3>[^\s>]+))""", re.I
)
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>\"'|])")


@dataclass(frozen=True)
class ImageRef:
    src: str  # as written (angle brackets removed)
    alt: str  # Markdown escapes resolved
    caption: str | None
    line: int  # 1-based line in the file
    form: str  # MARKDOWN, HTML or REFERENCE
    written: str  # the whole reference as written

    @property
    def file_name(self) -> str:
        """The file the reference names, with URL escapes (``%20``) decoded."""
        return unquote(self.src)


def unescape_markdown(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def mask_code(body: str) -> str:
    """``body`` with code blanked out (same length and line breaks), so nothing in it matches."""
    lines = body.split("\n")
    masked: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_indented = False
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
            masked.append(" " * len(line))
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            masked.append(" " * len(line))
            continue
        indented = line.startswith(("    ", "\t")) and bool(line.strip())
        if indented and (previous_blank or in_indented):
            in_indented = True
            masked.append(" " * len(line))
            continue
        in_indented = in_indented and not line.strip()
        previous_blank = not line.strip()
        masked.append(line)
    text = "\n".join(masked)
    return _INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def find_images(body: str, first_line: int = 1) -> list[ImageRef]:
    """Every image reference in ``body``, in order (``first_line``: the body's line in the file)."""
    masked = mask_code(body)

    def line_at(offset: int) -> int:
        return first_line + masked.count("\n", 0, offset)

    found: list[tuple[int, ImageRef]] = []
    taken: list[tuple[int, int]] = []
    for match in _INLINE_IMAGE.finditer(masked):
        src = match.group("src")
        if src.startswith("<") and src.endswith(">"):
            src = src[1:-1].strip()
        title = match.group("t1") or match.group("t2") or match.group("t3")
        ref = ImageRef(
            src=src,
            alt=unescape_markdown(match.group("alt")).strip(),
            caption=unescape_markdown(title).strip() if title is not None else None,
            line=line_at(match.start()),
            form=MARKDOWN,
            written=match.group(0),
        )
        found.append((match.start(), ref))
        taken.append(match.span())

    definitions = {
        m.group("ref").strip().lower(): m.group("src") for m in _DEFINITION.finditer(masked)
    }
    for match in _REFERENCE_IMAGE.finditer(masked):
        if any(start <= match.start() < end for start, end in taken):
            continue
        name = (match.group("ref") or match.group("alt")).strip().lower()
        if match.group("ref") is None and name not in definitions:
            continue  # "![text]" alone is not an image in Markdown
        src = definitions.get(name, "")
        ref = ImageRef(
            src=src.strip("<>"),
            alt=unescape_markdown(match.group("alt")).strip(),
            caption=None,
            line=line_at(match.start()),
            form=REFERENCE,
            written=match.group(0),
        )
        found.append((match.start(), ref))

    for match in _HTML_IMAGE.finditer(masked):
        attrs = {}
        for attr in _HTML_ATTR.finditer(match.group(0)):
            value = attr.group("v1") or attr.group("v2") or attr.group("v3") or ""
            attrs.setdefault(attr.group("name").lower(), value)
        ref = ImageRef(
            src=attrs.get("src", ""),
            alt=attrs.get("alt", "").strip(),
            caption=attrs.get("title"),
            line=line_at(match.start()),
            form=HTML,
            written=match.group(0),
        )
        found.append((match.start(), ref))

    return [ref for _, ref in sorted(found, key=lambda item: item[0])]
