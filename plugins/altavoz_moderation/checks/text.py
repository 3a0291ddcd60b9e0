"""Text: lengths, hidden characters, stacked marks, markup in fields, deceptive links, tag
spellings, and what the sanitizer removes."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime

from altavoz_core.characters import character_names, is_unpublishable, unpublishable_characters
from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import parse_document, split_lines
from altavoz_core.submissions import ARTIST, BLOG, EVENT, PAGE, WORK
from pelican.readers import ensure_metadata_list
from pelican.utils import get_date

from ..model import rendering
from ..model.addresses import pelican_slug
from ..sanitize.sanitizer import ACTIVE, hidden_characters, sanitize_fragment
from . import links

MARKUP = re.compile(r"<[A-Za-z!/?]")
# Fields validated elsewhere by exact value: no free text to inspect.
CODED_FIELDS = ("date", "modified", "license", "consent", "lang", "year", "artist")
# AV309's wording for each kind of submission (what to write about): Code.variants.
EMPTY_TEXT_WORDING = {WORK: None, ARTIST: "artist", EVENT: "event", BLOG: "blog", PAGE: "page"}
MAX_HIDDEN_LINES = 5
# Combining marks on one letter (after composing what Unicode can compose): Vietnamese
# and Thai need two or three; more stack above and below into the neighbouring lines.
MAX_COMBINING_MARKS = 3


def describe_characters(chars) -> str:
    names = []
    for ch in dict.fromkeys(chars):
        names.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}")
    return ", ".join(names)


def render_body(kind: str, body: str, settings: dict) -> rendering.Rendered | None:
    """The body as the build renders it (same Markdown extensions, without ``meta``), or
    why it was refused; None when it is not rendered at all: empty, or longer than a text
    of its kind may be (refused unread: megabytes or deep nesting could take hours).

    In a worker process with a CPU-time and memory budget.
    """
    limit = settings["ALTAVOZ_MODERATION_MAX_BODY_LENGTHS"].get(kind)
    if not body.strip() or (limit and len(body) > limit):
        return None
    return rendering.render(body, settings)


def _needle(what: str) -> str:
    if what.startswith("<!--"):
        return "<!--"
    if what.startswith("<"):
        return what.rstrip(">")
    if what.endswith(" URL"):
        return what[: -len(" URL")]
    return what.split(" ")[0]


def locate(body_lines: list[str], first_line: int, needle: str) -> int | None:
    needle = needle.lower()
    for index, line in enumerate(body_lines):
        if needle in line.lower():
            return first_line + index
    return None


def stacked_marks(text: str) -> tuple[int, str] | None:
    """(count, the letter with its marks) of the longest run over MAX_COMBINING_MARKS."""
    text = unicodedata.normalize("NFC", text)
    worst: tuple[int, str] | None = None
    start, count = 0, 0
    for index, ch in enumerate(text):
        if unicodedata.category(ch) in ("Mn", "Me"):
            count += 1
            if count > MAX_COMBINING_MARKS and (worst is None or count > worst[0]):
                worst = (count, text[start : index + 1])
        else:
            start, count = index, 0
    return worst


def _marks_finding(file: str, field: str, line: int | None, text: str) -> list[Finding]:
    found = stacked_marks(text)
    if found is None:
        return []
    count, letter = found
    shown = letter[: 1 + MAX_COMBINING_MARKS]
    return [
        make_finding(
            "AV334",
            file,
            field=field,
            line=line,
            snippet=shown,
            count=count,
            limit=MAX_COMBINING_MARKS,
        )
    ]


def decoded_text(value: str) -> str:
    """``value`` as readers may get it: character references decoded the way a feed strips
    a title's markup (``html.unescape``, which drops noncharacters) and the way the
    sanitizer's HTML parser does for a summary or a body (which keeps them)."""
    if "&" not in value:
        return value
    return html.unescape(value) + "\n" + html.unescape(sanitize_fragment(value).html)


def referenced_unpublishable(
    file: str, field: str, raw: str, decoded: str, line: int | None, shown: str | None = None
) -> list[Finding]:
    """AV312 for characters that can never be published but are spelled only as character
    references (``&#xFFFE;``): the whole-file scan reads the raw text, the reader the
    decoded one."""
    spelled = [ch for ch in dict.fromkeys(decoded) if is_unpublishable(ch) and ch not in raw]
    if not spelled:
        return []
    where = Words("where:text") if field == "body" else Words("where:field", field=field)
    return [
        make_finding(
            "AV312",
            file,
            field=field,
            line=line,
            snippet=(raw if shown is None else shown).strip()[:120],
            chars=character_names(spelled),
            where=where,
        )
    ]


def check_field_text(
    file: str, field: str, value: str, line: int | None, settings: dict
) -> list[Finding]:
    """Hidden characters, stacked marks, length and markup of one printed text value."""
    findings: list[Finding] = _marks_finding(file, field, line, value)
    # A reader sees the value with its character references decoded (feeds strip the
    # markup of a title, so "&#x202E;" is a real U+202E there): judge what is decoded.
    decoded = decoded_text(value)
    # Characters that can never be published are AV312, reported once for the whole file;
    # those only a character reference spells are reported here.
    hidden = [(i, ch) for i, ch in hidden_characters(decoded) if not is_unpublishable(ch)]
    findings += referenced_unpublishable(file, field, value, decoded, line)
    if hidden:
        findings.append(
            make_finding(
                "AV303",
                file,
                field=field,
                line=line,
                snippet=value[:120],
                chars=describe_characters(ch for _, ch in hidden),
            )
        )
    limits = settings["ALTAVOZ_MODERATION_MAX_LENGTHS"]
    if field in limits and len(value) > limits[field]:
        findings.append(
            make_finding(
                "AV305",
                file,
                field=field,
                line=line,
                snippet=value[:60] + "…",
                length=len(value),
                limit=limits[field],
            )
        )
    if MARKUP.search(value):
        result = sanitize_fragment(value)
        if result.active:
            removal = result.active[0]
            findings.append(
                make_finding(
                    "AV307",
                    file,
                    field=field,
                    line=line,
                    snippet=removal.snippet,
                    what=removal.what,
                )
            )
        else:
            findings.append(
                make_finding("AV308", file, field=field, line=line, snippet=value[:120])
            )
    return findings


def tag_slug(tag: str, settings: dict) -> str:
    """The address Pelican gives a tag (as the gallery and the blog build it)."""
    return pelican_slug(tag, settings, "TAG_REGEX_SUBSTITUTIONS")


def tag_names(value: str) -> list[str]:
    """The tags of a ``tags`` value, split as Pelican splits them (";" if any, else ",")."""
    return ensure_metadata_list(value)


def _spelling(tag: str) -> str:
    return " ".join(unicodedata.normalize("NFC", tag).split())


def _date_key(value: str | None):
    """A work's date for ordering, as the gallery orders works (unreadable: last)."""
    try:
        return get_date(value).replace(tzinfo=None) if value else datetime.max
    except (ValueError, TypeError, OverflowError):
        return datetime.max


def work_tag_uses(context) -> dict[str, list[tuple]]:
    """tag address -> [(order, spelling, work folder, artist)] for every work, oldest first.

    The gallery shows a tag shared by several works with the spelling of the oldest one
    (date, then file path), so a new work cannot change how the others show it.
    """
    cached = context.__dict__.get("_work_tag_uses")
    if cached is not None:
        return cached
    uses: dict[str, list[tuple]] = {}
    works = context.content_dir / "works"
    for index in sorted(works.glob("*/*/index.md")) if works.is_dir() else []:
        if index.is_symlink() or index.parent.is_symlink() or index.parent.parent.is_symlink():
            continue
        try:
            document = parse_document(index.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        tags, date = document.fields.get("tags"), document.fields.get("date")
        if tags is None:
            continue
        order = (_date_key(date.value if date else None), index.relative_to(works).as_posix())
        for tag in dict.fromkeys(_spelling(t) for t in tag_names(tags.value)):
            slug = tag_slug(tag, context.settings)
            if slug:
                folder = index.parent
                uses.setdefault(slug, []).append((order, tag, folder.name, folder.parent.name))
    for entries in uses.values():
        entries.sort()
    context.__dict__["_work_tag_uses"] = uses
    return uses


def _spelled_alike(context, slug: str, entries: list[tuple], tag: str) -> bool:
    """Every use of the tag address ``slug`` is spelled ``tag`` (spellings gathered once)."""
    if not entries:
        return True
    known = context.__dict__.setdefault("_tag_spellings", {})
    spellings = known.get(slug)
    if spellings is None:
        spellings = known[slug] = frozenset(e[1] for e in entries)
    return spellings == {tag}


def check_tag_spellings(parsed, context, meta) -> list[Finding]:
    """AV335/AV336: a tag other works already spell differently."""
    file = parsed.file
    folder = parsed.submission.index_path.parent
    uses = work_tag_uses(context)
    findings = []
    for tag in dict.fromkeys(_spelling(t) for t in tag_names(meta.value)):
        slug = tag_slug(tag, context.settings)
        entries = uses.get(slug, [])
        if _spelled_alike(context, slug, entries, tag):
            continue  # every work writes it this way: nothing to compare (and linear in works)
        others = [e for e in entries if (e[2], e[3]) != (folder.name, folder.parent.name)]
        if not others:
            continue
        established = entries[0][1]
        if established != tag:
            findings.append(
                make_finding(
                    "AV335",
                    file,
                    field="tags",
                    line=meta.line,
                    snippet=tag,
                    established=established,
                )
            )
            continue
        other_artists = [e for e in others if e[3] != folder.parent.name and e[1] != tag]
        if other_artists:
            spellings = [e[1] for e in other_artists]
            common = max(dict.fromkeys(spellings), key=spellings.count)
            names = ", ".join(dict.fromkeys(f"{e[3]}/{e[2]}" for e in other_artists[:3]))
            findings.append(
                make_finding(
                    "AV336",
                    file,
                    field="tags",
                    line=meta.line,
                    snippet=tag,
                    established=common,
                    others=names,
                )
            )
    return findings


def unpublishable_findings(parsed) -> list[Finding]:
    """AV312 for every line (at most MAX_HIDDEN_LINES) of the whole file, header and body,
    holding a character that can never be published: nothing the site reads is left out."""
    document = parsed.document
    keys = {meta.line: meta.key for meta in [*document.fields.values(), *document.duplicates]}
    findings = []
    for number, line in enumerate(document.text.split("\n"), start=1):
        found = unpublishable_characters(line)
        if not found:
            continue
        if number >= document.body_start_line:
            field, where = "body", Words("where:text")
        else:
            field = keys.get(number)
            where = Words("where:field", field=field) if field else Words("where:header")
        bad = {index for index, _ in found}
        shown = "".join("\ufffd" if i in bad else ch for i, ch in enumerate(line.strip()))
        findings.append(
            make_finding(
                "AV312",
                parsed.file,
                field=field,
                line=number,
                snippet=shown[:120],
                chars=character_names(ch for _, ch in found),
                where=where,
            )
        )
        if len(findings) >= MAX_HIDDEN_LINES:
            break
    return findings


def check(parsed, context) -> list[Finding]:
    settings = context.settings
    document = parsed.document
    file = parsed.file
    kind = parsed.submission.kind
    findings: list[Finding] = unpublishable_findings(parsed)

    for key, meta in document.fields.items():
        if key in CODED_FIELDS or not meta.value:
            continue
        findings += check_field_text(file, key, meta.value, meta.line, settings)
        if key in ("links", "online"):
            for link in (item.strip() for item in meta.value.split(",")):
                if link:
                    findings += links.check_url(link, file, "links", meta.line)
        if key == "tags" and kind == WORK:
            findings += check_tag_spellings(parsed, context, meta)
        if key == "tags":
            limit = settings["ALTAVOZ_MODERATION_MAX_LENGTHS"].get("tag")
            for tag in tag_names(meta.value):
                if tag and not tag_slug(tag, settings):
                    findings.append(
                        make_finding("AV310", file, field="tags", line=meta.line, snippet=tag[:60])
                    )
                if limit and len(tag) > limit:
                    findings.append(
                        make_finding(
                            "AV305",
                            file,
                            field="tags",
                            line=meta.line,
                            snippet=tag[:60],
                            length=len(tag),
                            limit=limit,
                        )
                    )

    for image in parsed.images:
        if image.alt:
            findings += check_field_text(file, "alt", image.alt, image.line, settings)
        if image.caption:
            findings += check_field_text(file, "caption", image.caption, image.line, settings)

    body = document.body
    limit = settings["ALTAVOZ_MODERATION_MAX_BODY_LENGTHS"].get(kind)
    if limit and len(body) > limit:
        findings.append(make_finding("AV306", file, field="body", length=len(body), limit=limit))
        # Refused already; rendering megabytes (or deeply nested lists) could take hours.
        return findings
    if not body.strip():
        wording = EMPTY_TEXT_WORDING.get(kind, "page")
        if not document.problems:  # a broken front matter already explains the missing text
            findings.append(make_finding("AV309", file, field="body", variant=wording))
        return findings

    body_lines = split_lines(body)
    reported = 0
    stacked: list[Finding] = []
    for index, line in enumerate(body_lines):
        if not stacked:  # the first line says it; a whole text of them would say it for each
            stacked = _marks_finding(file, "body", document.body_start_line + index, line)
            findings += stacked
        hidden = [
            (i, ch)
            for i, ch in hidden_characters(line.replace("\t", " "))
            if not is_unpublishable(ch)
        ]
        if hidden and reported < MAX_HIDDEN_LINES:
            reported += 1
            findings.append(
                make_finding(
                    "AV304",
                    file,
                    field="body",
                    line=document.body_start_line + index,
                    snippet=line.strip()[:120],
                    chars=describe_characters(ch for _, ch in hidden),
                )
            )

    rendered = parsed.rendered or render_body(kind, body, settings)
    if not rendered.ok:
        values = rendering.finding_values(rendered, body, settings)
        return [*findings, make_finding("AV311", file, field="body", **values)]
    result = parsed.sanitized
    if result is None:
        result = sanitize_fragment(rendered.html, allow_local_images=True)
    # The page holds the body with its character references decoded.
    decoded = html.unescape(result.html)
    reference_line = locate(body_lines, document.body_start_line, "&#")
    shown = body_lines[reference_line - document.body_start_line] if reference_line else ""
    findings += referenced_unpublishable(file, "body", body, decoded, reference_line, shown=shown)
    spelled = [
        ch for _, ch in hidden_characters(decoded) if ch not in body and not is_unpublishable(ch)
    ]
    if spelled:
        findings.append(
            make_finding(
                "AV304",
                file,
                field="body",
                line=reference_line,
                snippet=shown.strip()[:120],
                chars=describe_characters(spelled),
            )
        )
    findings += links.check_links(
        result.html, file, lambda needle: locate(body_lines, document.body_start_line, needle)
    )
    seen: set[tuple[str, str]] = set()
    for removal in result.removed:
        if (removal.kind, removal.what) in seen or (
            removal.kind != ACTIVE and removal.what == "<img>"
        ):
            continue  # images that are not plain local files are reported by the image checks
        seen.add((removal.kind, removal.what))
        code = "AV301" if removal.kind == ACTIVE else "AV302"
        line = locate(body_lines, document.body_start_line, _needle(removal.what))
        findings.append(
            make_finding(
                code, file, field="body", line=line, snippet=removal.snippet, what=removal.what
            )
        )
    return findings
