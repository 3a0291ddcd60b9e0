"""An event form's answers as an event's header, and the event's findings as the author reads them.

The form asks for the start as a date and a time apart (a phone types each more reliably
than one ``YYYY-MM-DD HH:MM``) and for the end as whatever the author knows: a time the
same day, a date and a time, or how long it lasts. ``when`` turns those into the header's
``start`` and ``end`` or ``duration``, naming the field of each mistake with an example
of what to type; everything else about the values (years, times a zone skips, an end
before the start, repeats) is judged by the core's ``read_event``, the very reading of
the check and the build, and each of its findings is said here in the form's words:
which field, and what to type there (``finding_text``), never a header key or a code.

Organizers and works are named by the address of their page on the site (or its last
parts), so an artist can paste it from the phone's browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from altavoz_core.events import DEFAULTS, parse_date, parse_duration
from altavoz_core.slugs import is_slug

from . import text
from .job import Job
from .messages import message

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
_DATE_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}) +([0-9]{1,2}:[0-9]{2})", re.ASCII)
# What a phone user writes instead, to suggest the form's way: 14/03/2027, 7pm, 7:30 p.m.
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", re.ASCII)
_TWELVE_HOUR = re.compile(
    r"([0-9]{1,2})(?::([0-5][0-9]))? ?([ap])\.? ?m\.?", re.ASCII | re.IGNORECASE
)
# Organizers or works named at most (the check's own limits bound what is written).
NAMES_SAID = 5

# The form field each header key comes from (the rest have the key's own id).
FORM_FIELD = {"duration": "end"}
# Event codes -> the message that says the finding in the form's words.
ADVICE = {
    "AV240": "event_when_invalid",
    "AV241": "event_timezone_unknown",
    "AV242": "event_end_before_start",
    "AV243": "event_too_long",
    "AV244": "event_end_missing",
    "AV245": "event_year_outside",
    "AV246": "event_time_skipped",
    "AV247": "event_status_unknown",
    "AV248": "event_repeat_unknown",
    "AV249": "event_repeat_end",
    "AV250": "event_until_invalid",
    "AV251": "event_too_many",
    "AV252": "event_organizer_unknown",
    "AV253": "event_work_unknown",
    "AV254": "event_online_invalid",
    "AV255": "event_address_private",
    "AV256": "event_repeat_none",
    "AV257": "event_too_many_named",
    "AV258": "event_folder_reserved",
}


def _label(job: Job, field_id: str) -> str:
    return job.labels.get(field_id, field_id)


def _date(job: Job, value: str) -> str | None:
    if parse_date(value) is not None:
        return value
    guess = _DAY_FIRST.fullmatch(value)
    if guess:
        day, month, year = (int(part) for part in guess.groups())
        suggestion = f"{year:04d}-{month:02d}-{day:02d}"
        if parse_date(suggestion) is not None:
            job.problem("event_date_day_first", field=_label(job, "start"), value=value[:40],
                        suggestion=suggestion)  # fmt: skip
            return None
    job.problem("event_date_invalid", field=_label(job, "start"), value=value[:40])
    return None


def _time(value: str) -> str | None:
    """``HH:MM`` of a 24-hour time written ``H:MM`` or ``HH:MM``, else None."""
    match = _TIME.fullmatch(value)
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def as_time(value: str) -> str:
    """``HH:MM`` of a 24-hour time written ``H:MM`` or ``HH:MM``; else the value as it is."""
    return _time(value) or value


def is_time(value: str) -> bool:
    return _time(value) is not None


def _time_problem(job: Job, field_id: str, value: str) -> None:
    twelve = _TWELVE_HOUR.fullmatch(value.strip())
    if twelve and 1 <= int(twelve[1]) <= 12:
        hour = int(twelve[1]) % 12 + (12 if twelve[3].lower() == "p" else 0)
        suggestion = f"{hour:02d}:{twelve[2] or '00'}"
        job.problem("event_time_twelve", field=_label(job, field_id), value=value[:40],
                    suggestion=suggestion)  # fmt: skip
    else:
        job.problem("event_time_invalid", field=_label(job, field_id), value=value[:40])


def when(job: Job, values: dict) -> dict[str, str]:
    """``start`` and ``end`` or ``duration`` as the header writes them, from the form's
    date, start time and end; each mistake is one message naming its field."""
    date = _date(job, values.get("start", "")) if values.get("start") else None
    if not values.get("start"):
        job.problem("event_date_missing", field=_label(job, "start"))
    raw_time = values.get("start_time", "")
    start_time = _time(raw_time)
    if raw_time and start_time is None:
        _time_problem(job, "start_time", raw_time)
    elif not raw_time:
        job.problem("event_time_missing", field=_label(job, "start_time"))
    found = {"start": f"{date} {start_time}"} if date and start_time else {}
    end = values.get("end", "")
    if not end:
        job.problem("event_end_missing", field=_label(job, "end"))
    elif parse_duration(end) is not None:
        found["duration"] = end
    elif _time(end) is not None:
        if date:
            found["end"] = f"{date} {_time(end)}"
    elif (both := _DATE_TIME.fullmatch(end)) and _time(both[2]) is not None:
        if parse_date(both[1]) is None:
            job.problem("event_end_invalid", field=_label(job, "end"), value=end[:40])
        else:
            found["end"] = f"{both[1]} {_time(both[2])}"
    elif _TWELVE_HOUR.fullmatch(end):
        _time_problem(job, "end", end)
    else:
        job.problem("event_end_invalid", field=_label(job, "end"), value=end[:40])
    return found


def address_parts(item: str) -> list[str]:
    """The path parts of a page's address (or of ``artist/work`` as typed), without the
    site's address, a query or a fragment."""
    item = item.strip().strip("<>")
    try:
        parts = urlsplit(item) if "://" in item else None
    except ValueError:  # a bracket that opens no IPv6 host ("https://[/agenda/x/")
        return []
    path = parts.path if parts is not None else item.split("?", 1)[0].split("#", 1)[0]
    return [part for part in path.split("/") if part]


def named_artists(job: Job, values: dict) -> list[str]:
    """The artist folders the "other organizers" field names; each one that is no artist
    of the site is said once (the first few), by what the author wrote."""
    found, unknown = [], []
    for item in text.lines_of(values.get("organizers", "").replace(",", "\n")):
        parts = address_parts(item)
        slug = parts[-1].lstrip("@").lower() if parts else ""
        index = job.root / "content" / "artists" / slug / "index.md"
        if is_slug(slug) and index.is_file() and not index.parent.is_symlink():
            found.append(slug)
        else:
            unknown.append(item)
    _say_unknown(job, "event_organizer_not_found", "organizers", unknown)
    return list(dict.fromkeys(found))


def named_works(job: Job, values: dict) -> list[str]:
    """``artist/work`` of each work the "works shown" field names (see named_artists)."""
    found, unknown = [], []
    for item in text.lines_of(values.get("works", "").replace(",", "\n")):
        parts = address_parts(item)[-2:]
        folder = job.root / "content" / "works" / "/".join(parts)
        if len(parts) == 2 and all(map(is_slug, parts)) and (folder / "index.md").is_file():
            found.append("/".join(parts))
        else:
            unknown.append(item)
    _say_unknown(job, "event_work_not_found", "works", unknown)
    return list(dict.fromkeys(found))


def _say_unknown(job: Job, key: str, field_id: str, unknown: list[str]) -> None:
    for item in unknown[:NAMES_SAID]:
        job.problem(key, field=_label(job, field_id), value=item[:100])
    if len(unknown) > NAMES_SAID:
        job.problem("event_more_not_found", field=_label(job, field_id),
                    count=len(unknown) - NAMES_SAID)  # fmt: skip


def finding_text(finding, job: Job, settings: dict | None = None) -> str | None:
    """An event finding in the form's words (the field named by its label, what to type
    there), or None when the finding is not one of the event's codes."""
    key = ADVICE.get(finding.code)
    if key is None:
        return None
    settings = settings or {}

    def setting(name):
        value = settings.get(name)
        return DEFAULTS[name] if value is None else value

    field_id = finding.field or ""
    if finding.code == "AV246" and field_id == "start":
        field_id = "start_time"  # the hour is what the zone skips
    field_id = FORM_FIELD.get(field_id, field_id)
    limit = {
        "organizers": setting("ALTAVOZ_AGENDA_MAX_ORGANIZERS"),
        "works": setting("ALTAVOZ_AGENDA_MAX_WORKS"),
    }.get(field_id, setting("ALTAVOZ_AGENDA_MAX_OCCURRENCES"))
    fields = {
        "field": _label(job, field_id),
        "until": _label(job, "until"),
        "count": _label(job, "count"),
        "repeat": _label(job, "repeat"),
        "end": _label(job, "end"),
    }
    values = {name: text.shown(value) for name, value in fields.items()}
    value = text.shown(finding.snippet or "")
    days = setting("ALTAVOZ_AGENDA_MAX_DAYS")
    return message(key, job.lang, value=value, limit=limit, days=days, **values)


# ------------------------------------------------------------------------ a change


def before_slug(url: str) -> str:
    """The last part a page address setting puts before ``{slug}``: ``agenda`` of
    EVENT_URL's agenda/{slug}/, ``{artist}`` of WORK_URL's works/{artist}/{slug}/, ''
    when there is none (or no ``{slug}``). An address a phone shares names that kind of
    page only with this part before its last one."""
    if "{slug}" not in url:
        return ""
    return url.split("{slug}", 1)[0].strip("/").rsplit("/", 1)[-1]


def event_slug(value: str, event_url: str) -> str | None:
    """The folder an event's page address names (or its last part as typed), or None
    when the last part is no slug (a path that climbs, a file, a query) or the address
    is another kind of page: with a part before the slug, that part must be the one the
    site's ``EVENT_URL`` puts there (``agenda``), so a work's or a tag's address whose
    last part an event also has (works/luz/taller/, tags/taller/) names no event."""
    parts = address_parts(value)
    slug = parts[-1].lower() if parts else ""
    before = before_slug(event_url)
    if len(parts) > 1 and before and parts[-2].lower() != before.lower():
        return None
    return slug if is_slug(slug) else None


def _key(line: str) -> str:
    return line.split(":", 1)[0].strip() if ":" in line else ""


def with_header(text: str, changes: dict[str, str | None], order: tuple[str, ...]) -> str | None:
    """``text`` (an index.md) with each key of ``changes`` set to its value in the header
    (None: its line removed), a new key placed by ``order``; every other byte as it was.
    None when the header is not the plain one the scaffolders write (one ``key: value``
    line per key, each key once), which is then left to a person."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return None
    ends = [n for n, line in enumerate(lines[1:], 1) if line.rstrip("\r") == "---"]
    if not ends:
        return None
    header, newline = lines[1 : ends[0]], "\r" if lines[0].endswith("\r") else ""
    keys = [_key(line) for line in header]
    if any(not key or key not in order for key in keys) or len(set(keys)) != len(keys):
        return None
    for key, value in changes.items():
        if key in keys:
            at = keys.index(key)
            if value is None:
                del header[at], keys[at]
            else:
                header[at] = f"{key}: {value}{newline}"
        elif value is not None:
            before = {k for k in order[: order.index(key)]}
            at = max((n + 1 for n, k in enumerate(keys) if k in before), default=0)
            header.insert(at, f"{key}: {value}{newline}")
            keys.insert(at, key)
    return "\n".join([lines[0], *header, *lines[ends[0] :]])


def with_note(text: str, note: str) -> str:
    """``text`` (an index.md) with ``note`` as the first paragraphs of its body: the news
    is what a visitor reads first, and what the event said before stays below it."""
    lines = text.split("\n")
    end = next(n for n, line in enumerate(lines[1:], 1) if line.rstrip("\r") == "---")
    head, rest = "\n".join(lines[: end + 1]), "\n".join(lines[end + 1 :]).lstrip("\r\n")
    return f"{head}\n\n{note}\n" + (f"\n{rest}" if rest.strip() else "")
