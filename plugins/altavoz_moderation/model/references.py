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

from altavoz_core.markup import decode_reference

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
_HTML_IMAGE = re.compile(r"<im(?:g|age)\b[^<>]*>?", re.IGNORECASE)  # parsers read <image> as <img>
_HTML_ATTR = re.compile(  # a whole attribute name: "data-src" is not "src"
    r"""(?<![^\s"'/])(?P<name>[^\s"'>/=]+)\s*=\s*(?:"(?P<v1>[^"]*)"|'(?P<v2>[^']*)'|(?P<v3>[^\s>]+))"""
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
        """The file the reference names, with URL escapes (``%20``) decoded as the build
        decodes them (``altavoz_core.markup.decode_reference``)."""
        decoded = decode_reference(self.src)
        return self.src if decoded is None else decoded


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

    line_at = _LineOffsets(masked, first_line).line_at

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
        # The inline image that holds this position, if any: spans are in order.
        at = bisect.bisect_right(taken, (match.start(), float("inf"))) - 1
        if at >= 0 and taken[at][0] <= match.start() < taken[at][1]:
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


def shown_images(body: str, tags: list[dict], first_line: int = 1) -> list[ImageRef]:
    """The images the build shows for ``body``, in order, each with where it was written,
    then every raw ``<img>`` written in it (refused whatever the build makes of it).

    ``tags``: the attributes of each ``<img>`` the build finds in the body as Markdown
    renders it (``altavoz_core.markup.img_tags``). The build takes a text's
    images from that HTML, so the checks do too: read from the Markdown alone, an image
    whose alt text holds brackets (``![a [b] c](x.jpg)``) or whose name holds parentheses
    would be missed, and published without being checked. The written form and line come
    from ``find_images``; the alt text and caption are what the page will carry.
    In linear time: each written reference is found by its name, and at most
    ``_MAX_LOOKUPS`` lines are looked for (a text with more images is refused anyway).
    """
    written = find_images(body, first_line)
    by_src: dict[str, list[int]] = {}
    for index, ref in enumerate(written):
        for name in dict.fromkeys((ref.src, unescape_markdown(ref.src), unescape(ref.src))):
            by_src.setdefault(name, []).append(index)
    used = [False] * len(written)
    cursors: dict[str, int] = {}
    offsets = _LineOffsets(body, first_line)
    shown: list[ImageRef] = []
    lookups = 0
    for attrs in tags:
        src = attrs.get("src", "")
        alt = attrs.get("alt", "").strip()
        caption = attrs["title"].strip() if "title" in attrs else None
        candidates = by_src.get(src, ())
        position = cursors.get(src, 0)
        while position < len(candidates) and used[candidates[position]]:
            position += 1
        cursors[src] = position
        if position < len(candidates):
            used[candidates[position]] = True
            match = written[candidates[position]]
            shown.append(dataclasses.replace(match, src=src, alt=alt, caption=caption))
            continue
        lookups += 1
        previous = shown[-1].line if shown else None
        line = offsets.line_naming(src, previous) if lookups <= _MAX_LOOKUPS else None
        shown.append(ImageRef(src, alt, caption, line, form=MARKDOWN, written=f"![{alt}]({src})"))
    # Raw HTML images are refused as written, shown or not (AV405).
    shown += [ref for index, ref in enumerate(written) if ref.form == HTML and not used[index]]
    return shown


_MAX_LOOKUPS = 200


class _LineOffsets:
    """The line of an offset in a body (by bisection), and the lines naming a file, each
    found after the previous one (in order of appearance, as Markdown shows them)."""

    def __init__(self, body: str, first_line: int):
        self.body = body
        self.first_line = first_line
        self.breaks = [index for index, char in enumerate(body) if char == "\n"]
        self.after: dict[str, int] = {}

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_left(self.breaks, offset)

    def _start_of(self, line: int | None) -> int:
        """Offset where ``line`` begins (0 for None or the first line)."""
        index = (line or self.first_line) - self.first_line
        return self.breaks[index - 1] + 1 if 0 < index <= len(self.breaks) else 0

    def line_naming(self, src: str, previous_line: int | None) -> int | None:
        """The line naming ``src`` after the previous image's line, else on it, else
        anywhere (and never twice the same place for one name)."""
        if not src:
            return None
        taken = self.after.get(src, 0)
        found = -1
        if previous_line is not None:
            found = self.body.find(src, max(self._start_of(previous_line + 1), taken))
        for start in (max(self._start_of(previous_line), taken), taken, 0):
            if found < 0:
                found = self.body.find(src, start)
        if found < 0:
            return None
        self.after[src] = found + len(src)
        return self.line_at(found)
