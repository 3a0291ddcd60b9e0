"""Find the images a Markdown body refers to, with the line each one is on.

``shown_images`` lists what the build will show: the ``<img>`` elements of the body as
Markdown renders it, each placed on its line by ``find_images``, which reads the source.
The contract is plain Markdown image syntax: ``![alt](file.jpg "optional caption")``.
Raw ``<img>`` HTML and reference-style images (``![alt][ref]``) are found too, so the
checks can ask for the plain form. Code (fenced blocks, indented blocks, inline code)
is ignored: a guide that *shows* the syntax does not reference an image.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote

from altavoz_core.frontmatter import split_lines
from altavoz_core.markup import img_tags

MARKDOWN = "markdown"
HTML = "html"
REFERENCE = "reference"

# These patterns only say where and how an image was written (see shown_images): what the
# build shows comes from Markdown itself. No part may run past the next bracket (nested
# ones are left to Markdown), so each start is given up at once and a body of thousands
# of "![" or "![a](" is scanned in linear time.
_ALT = r"(?P<alt>[^\[\]\\]*+(?:\\.[^\[\]\\]*+)*+)"
_INLINE_IMAGE = re.compile(
    r"!\[" + _ALT + r"\]"
    r"\(\s*(?P<src><[^<>\n]*+>|[^\s()<]++)"
    r"(?:\s+(?:\"(?P<t1>(?:\\.|[^\"\\\[\]\n])*+)\"|'(?P<t2>(?:\\.|[^'\\\[\]\n])*+)'"
    r"|\((?P<t3>[^()\[\]\n]*+)\)))?"
    r"\s*\)"
)
_REFERENCE_IMAGE = re.compile(r"!\[" + _ALT + r"\](?:\s?\[(?P<ref>[^\]]*+)\])?(?!\()")
_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<ref>[^\]]+)\]:\s*(?P<src>\S+)", re.MULTILINE)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>?", re.IGNORECASE)
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

    breaks = [index for index, char in enumerate(masked) if char == "\n"]

    def line_at(offset: int) -> int:
        return first_line + bisect.bisect_left(breaks, offset)

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


def shown_images(body: str, html: str, first_line: int = 1) -> list[ImageRef]:
    """The images the build shows for ``body``, in order, each with where it was written.

    ``html`` is the body as the build's Markdown renders it. The build takes a text's
    images from that HTML, so the checks do too: read from the Markdown alone, an image
    whose alt text holds brackets (``![a [b] c](x.jpg)``) or whose name holds parentheses
    would be missed, and published without being checked. The written form and line come
    from ``find_images``; the alt text and caption are what the page will carry.
    """
    written = find_images(body, first_line)
    lines = split_lines(body)
    shown: list[ImageRef] = []
    for attrs in img_tags(html):
        src = attrs.get("src", "")
        alt = attrs.get("alt", "").strip()
        caption = attrs["title"].strip() if "title" in attrs else None
        match = next((ref for ref in written if _writes(ref, src)), None)
        if match is not None:
            written.remove(match)
            shown.append(dataclasses.replace(match, src=src, alt=alt, caption=caption))
            continue
        after = shown[-1].line - first_line if shown and shown[-1].line else 0
        taken = {ref.line for ref in shown if ref.src == src}
        shown.append(
            ImageRef(
                src=src,
                alt=alt,
                caption=caption,
                line=_line_naming(lines, src, after, first_line, taken),
                form=MARKDOWN,
                written=f"![{alt}]({src})",
            )
        )
    return shown


def _writes(ref: ImageRef, src: str) -> bool:
    return src in (ref.src, unescape_markdown(ref.src), unescape(ref.src))


def _line_naming(lines: list[str], src: str, after: int, first_line: int, taken: set) -> int | None:
    """The first line from index ``after`` on (else from the top) that names ``src``,
    preferring one no earlier image of that ``src`` was placed on."""
    if not src:
        return None
    naming = [first_line + i for i in range(len(lines)) if src in lines[i]]
    later = [line for line in naming if line >= first_line + after]
    for candidates in ([line for line in later if line not in taken], later, naming):
        if candidates:
            return candidates[0]
    return None
