"""Text: lengths, hidden characters, markup in fields, and what the sanitizer removes."""

from __future__ import annotations

import re
import unicodedata

from .. import bounded
from ..codes import make_finding
from ..findings import Finding
from ..frontmatter import split_lines
from ..sanitizer import ACTIVE, hidden_characters, sanitize_fragment
from ..submissions import ARTIST, BLOG, PAGE, WORK

MARKUP = re.compile(r"<[A-Za-z!/?]")
# Fields validated elsewhere by exact value: no free text to inspect.
CODED_FIELDS = ("date", "modified", "license", "consent", "lang", "year", "artist")
ABOUT = {
    WORK: ("la obra", "the work"),
    ARTIST: ("ti y tu trabajo", "yourself and your work"),
    BLOG: ("el tema de la entrada", "the topic of the post"),
    PAGE: ("el tema de la página", "the topic of the page"),
}
MAX_HIDDEN_LINES = 5


def describe_characters(chars) -> str:
    names = []
    for ch in dict.fromkeys(chars):
        names.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}")
    return ", ".join(names)


def render_markdown(body: str, settings: dict) -> str:
    """The body as the build renders it (same Markdown extensions, without ``meta``).

    In a worker process with a CPU-time and memory budget: raises MarkdownTooCostly.
    """
    return bounded.render_or_raise(body, settings)


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


def check_field_text(
    file: str, field: str, value: str, line: int | None, settings: dict
) -> list[Finding]:
    """Hidden characters, length and markup of one printed text value."""
    findings: list[Finding] = []
    hidden = hidden_characters(value)
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
    from pelican.utils import slugify

    return slugify(
        tag,
        regex_subs=settings.get("TAG_REGEX_SUBSTITUTIONS")
        or settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def check(parsed, context) -> list[Finding]:
    settings = context.settings
    document = parsed.document
    file = parsed.file
    kind = parsed.submission.kind
    findings: list[Finding] = []

    for key, meta in document.fields.items():
        if key in CODED_FIELDS or not meta.value:
            continue
        findings += check_field_text(file, key, meta.value, meta.line, settings)
        if key == "tags":
            limit = settings["ALTAVOZ_MODERATION_MAX_LENGTHS"].get("tag")
            for tag in (t.strip() for t in meta.value.split(",")):
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
        about_es, about_en = ABOUT.get(kind, ABOUT[PAGE])
        if not document.problems:  # a broken front matter already explains the missing text
            findings.append(
                make_finding("AV309", file, field="body", about=about_es, about_en=about_en)
            )
        return findings

    body_lines = split_lines(body)
    reported = 0
    for index, line in enumerate(body_lines):
        hidden = hidden_characters(line.replace("\t", " "))
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

    try:
        html = render_markdown(body, settings)
    except bounded.MarkdownTooCostly as refusal:
        values = bounded.finding_values(refusal.rendered, body, settings)
        return [*findings, make_finding("AV311", file, field="body", **values)]
    result = sanitize_fragment(html, allow_local_images=True)
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
