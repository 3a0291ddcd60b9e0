"""Front matter: well formed, required keys present and valid, no steering keys."""

from __future__ import annotations

import datetime as dt
import functools
import re

from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import BLANK, MALFORMED, MISSING, UNCLOSED
from altavoz_core.slugs import is_slug, suggest_slug
from altavoz_core.submissions import BLOG, PAGE, WORK
from altavoz_gallery.contents import Artist, Work
from pelican.contents import Article, Content, Page

from ..sanitize.sanitizer import safe_url
from .text import describe_characters

# ASCII digits only: in Python's patterns \d is every script's digits ("٢٠٢٦").
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEAR = re.compile(r"[0-9]{4}")
DATE_KEYS = ("date", "modified")
EXAMPLES = {
    "title": "Mural del barrio",
    "date": "2024-05-17",
    "license": "CC-BY-SA-4.0",
    "consent": "yes",
    "name": "Ana Pérez",
}


@functools.cache
def pelican_attribute_names() -> frozenset[str]:
    """Attributes of Pelican's content objects: a key with such a name would overwrite them."""
    names = set()
    for cls in (Content, Article, Page, Work, Artist):
        names.update(name.lower() for name in dir(cls))
    return frozenset(names)


def fields_for(kind: str, settings: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    spec = settings["ALTAVOZ_MODERATION_FIELDS"].get(kind, {})
    return tuple(spec.get("required", ())), tuple(spec.get("optional", ()))


def is_steering_key(key: str, known: set[str], settings: dict) -> bool:
    if key in known:
        return False
    return (
        key.startswith("_")
        or key in settings["ALTAVOZ_MODERATION_STEERING_KEYS"]
        or key in pelican_attribute_names()
    )


def valid_date(value: str) -> bool:
    if not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def year_window(settings: dict, today: dt.date | None = None) -> tuple[int, int]:
    """(first, last) year a date or a work's year may have: from the earliest year the site
    publishes to next year (a work dated for its opening). Outside it a date is a typo, or
    a value that feeds and sitemaps cannot carry (year 999 is written "999-01-01")."""
    today = today or dt.date.today()
    return (
        settings["ALTAVOZ_MODERATION_EARLIEST_YEAR"],
        today.year + settings["ALTAVOZ_MODERATION_YEARS_AHEAD"],
    )


def check(parsed, context) -> list[Finding]:
    settings = context.settings
    submission = parsed.submission
    document = parsed.document
    file = parsed.file
    findings: list[Finding] = _check_reading(parsed)

    for problem in document.problems:
        if problem.kind == MISSING:
            findings.append(make_finding("AV201", file, line=1))
        elif problem.kind == UNCLOSED:
            findings.append(make_finding("AV202", file, line=problem.line))
        elif problem.kind == BLANK:
            findings.append(make_finding("AV204", file, line=problem.line))
        elif problem.kind == MALFORMED:
            findings.append(
                make_finding("AV203", file, line=problem.line, snippet=problem.text.strip()[:120])
            )
    if any(problem.kind == MISSING for problem in document.problems):
        return findings  # without front matter every field check would only repeat AV201

    for duplicate in document.duplicates:
        findings.append(make_finding("AV205", file, field=duplicate.key, line=duplicate.line))

    required, optional = fields_for(submission.kind, settings)
    known = set(required) | set(optional)
    for key, meta in document.fields.items():
        if is_steering_key(key, known, settings):
            findings.append(
                make_finding(
                    "AV208",
                    file,
                    field=key,
                    line=meta.line,
                    snippet=f"{meta.written_key}: {meta.value}"[:120],
                )
            )
        elif key not in known:
            findings.append(
                make_finding(
                    "AV209", file, field=key, line=meta.line, known=", ".join(required + optional)
                )
            )

    for key in required:
        example = EXAMPLES.get(key, submission.artist_folder or "…")
        if key not in document.fields:
            findings.append(make_finding("AV206", file, field=key, example=example))
        elif not document.fields[key].value:
            findings.append(
                make_finding(
                    "AV207", file, field=key, line=document.fields[key].line, example=example
                )
            )

    findings += _check_values(parsed, context, known)
    return findings


def _check_slug(parsed, slug_meta) -> list[Finding]:
    """A written ``slug`` must be a plain slug; where it lands is checked with every address."""
    if not slug_meta or is_slug(slug_meta.value):
        return []
    return [
        make_finding(
            "AV218",
            parsed.file,
            field="slug",
            line=slug_meta.line,
            snippet=slug_meta.value,
            value=slug_meta.value,
            suggestion=suggest_slug(slug_meta.value),
        )
    ]


LINE_END_NAMES = {
    "\r": "CARRIAGE RETURN",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1c": "FILE SEPARATOR",
    "\x1d": "GROUP SEPARATOR",
    "\x1e": "RECORD SEPARATOR",
    "\x85": "NEXT LINE",
}


def _line_end_name(char: str) -> str:
    if char in LINE_END_NAMES:
        return f"U+{ord(char):04X} {LINE_END_NAMES[char]}"
    return describe_characters([char])


def _check_reading(parsed) -> list[Finding]:
    """The header reads the same here, in an editor and in the site's Markdown reader."""
    document = parsed.document
    findings = [
        make_finding("AV220", parsed.file, line=line, char=_line_end_name(char))
        for line, char in document.invisible_line_ends
    ]
    if findings or document.problems:
        return findings  # the site's reading differs for a reason already reported
    ours = document.metadata_lists()
    theirs = parsed.markdown_meta
    if theirs != ours:
        keys = sorted(set(ours) ^ set(theirs or {}))
        keys += [k for k in sorted(set(ours) & set(theirs or {})) if ours[k] != theirs[k]]
        findings.append(
            make_finding("AV221", parsed.file, line=1, fields=", ".join(keys)[:120] or "?")
        )
    return findings


def _check_values(parsed, context, known: set[str]) -> list[Finding]:
    settings = context.settings
    document = parsed.document
    file = parsed.file
    submission = parsed.submission
    findings: list[Finding] = []

    def present(key: str):
        meta = document.fields.get(key)
        return meta if meta is not None and meta.value and key in known else None

    def wrong(code: str, meta, **values) -> None:
        """A finding about the value of ``meta``, pointing at its line."""
        snippet = values.pop("snippet", meta.value)
        values.setdefault("value", meta.value)
        findings.append(
            make_finding(code, file, field=meta.key, line=meta.line, snippet=snippet, **values)
        )

    first, last = year_window(settings)
    for key in DATE_KEYS:
        meta = present(key)
        if meta and not valid_date(meta.value):
            wrong("AV210", meta)
        elif meta and not first <= int(meta.value[:4]) <= last:
            wrong("AV226", meta, first=first, last=last)

    meta = present("license")
    allowed = settings["ALTAVOZ_MODERATION_ALLOWED_LICENSES"]
    if meta and meta.value not in allowed:
        wrong("AV211", meta, allowed=", ".join(allowed))

    meta = present("consent")
    if meta and meta.value.strip().lower() != "yes":
        wrong("AV212", meta)

    meta = present("artist")
    if meta and submission.kind == WORK:
        if meta.value not in context.artists:
            wrong("AV213", meta)
        if meta.value != submission.artist_folder:
            wrong("AV214", meta, folder=submission.artist_folder)

    meta = present("lang")
    languages = settings["ALTAVOZ_MODERATION_LANGUAGES"]
    if meta and meta.value not in languages:
        wrong("AV215", meta, allowed=", ".join(languages))

    meta = present("year")
    if meta and (not YEAR.fullmatch(meta.value) or not first <= int(meta.value) <= last):
        wrong("AV216", meta, first=first, last=last)

    if submission.kind in (BLOG, PAGE):
        findings += _check_slug(parsed, present("slug"))

    meta = present("links")
    for link in (item.strip() for item in meta.value.split(",")) if meta else ():
        if link and safe_url(link, allow_relative=False) is None:
            wrong("AV217", meta, snippet=link[:120], value=link[:120])
    return findings
