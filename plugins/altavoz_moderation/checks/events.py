"""Events (``content/events/<slug>/``): the header's values, judged by the core's one reading.

The description, tags and images of an event go through the same text, image and
privacy checks as a work; this module adds what only an event has (times, repeats,
organizers, works shown, where it happens), worded by ``altavoz_core.events``.
"""

from __future__ import annotations

import datetime as dt

from altavoz_core.events import read_event, reserved_slug_finding, split_list
from altavoz_core.findings import Finding
from altavoz_core.submissions import known_works


def site_works(context) -> set[tuple[str, str]]:
    """Every (artist, work) folder of the site, listed once per check run."""
    cached = context.__dict__.get("_known_works")
    if cached is None:
        cached = context.__dict__["_known_works"] = known_works(context.content_dir)
    return cached


def check(parsed, context) -> list[Finding]:
    document = parsed.document
    values = {key: meta.value for key, meta in document.fields.items()}
    lines = {key: meta.line for key, meta in document.fields.items()}
    _, findings = read_event(
        values,
        settings=context.settings,
        file=parsed.file,
        lines=lines,
        artists=context.artists,
        works=site_works(context),
    )
    reserved = reserved_slug_finding(parsed.submission.slug, parsed.submission.path)
    return [*findings, *([reserved] if reserved else [])]


def site_facts(document, context) -> list:
    """What the check of an event reads from the rest of the site, for the memo of its
    findings (``checks/cache.py``): whether each organizer and each work it names exists, and
    this year (the latest start it accepts is counted from it)."""

    def named(key: str) -> list[str]:
        meta = document.fields.get(key)
        return split_list(meta.value) if meta is not None and isinstance(meta.value, str) else []

    works = site_works(context)
    return [
        [[slug, slug in context.artists] for slug in named("organizers")],
        [[item, tuple(item.partition("/")[::2]) in works] for item in named("works")],
        dt.date.today().year,
    ]
