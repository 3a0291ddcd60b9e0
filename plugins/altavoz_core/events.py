"""An event of the agenda, read and judged without Pelican.

An event is a folder ``content/events/<slug>/`` with an ``index.md``: a header with the
fields below, then a description in Markdown (checked and sanitized like a work's
statement by the moderation). This module turns the header's values into an ``Event``
(aware start and end, its repetitions) and says, as coded findings, what is wrong with
each value: the check (``invoke check``), the build and the calendars all read an event
through ``read_event``, so what the check accepts is what the agenda shows.

Times are local wall-clock times in the event's IANA timezone (``zoneinfo``); a repeat
is expanded on the wall clock too, as calendar programs expand an ``RRULE`` with a
``TZID``: a weekly workshop stays at 18:00 across a change of daylight-saving time.
Pure Python: importing this module loads neither Pelican nor Markdown.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .codes import make_finding
from .findings import Finding
from .slugs import is_slug

# Settings the check and the build both need (the agenda plugin adds its pages' own).
DEFAULTS = {
    # The timezone of an event that names none (an IANA name).
    "ALTAVOZ_AGENDA_TIMEZONE": "America/Mexico_City",
    # Most occurrences a repeating event may have: a calendar program expands every one.
    "ALTAVOZ_AGENDA_MAX_OCCURRENCES": 52,
    # Longest single occurrence, in days (a festival; more is a typo in a date).
    "ALTAVOZ_AGENDA_MAX_DAYS": 31,
    "ALTAVOZ_AGENDA_MAX_ORGANIZERS": 10,
    "ALTAVOZ_AGENDA_MAX_WORKS": 12,
    # Events are announced ahead: a start may fall up to this many years after this one.
    "ALTAVOZ_AGENDA_YEARS_AHEAD": 2,
}

REQUIRED = ("title", "start", "venue", "organizers", "consent")
OPTIONAL = (
    "end",
    "duration",
    "timezone",
    "address",
    "online",
    "cost",
    "works",
    "status",
    "repeat",
    "until",
    "count",
    "lang",
    "tags",
)
SCHEDULED, CANCELLED, POSTPONED = "scheduled", "cancelled", "postponed"
STATUSES = (SCHEDULED, CANCELLED, POSTPONED)
WEEKLY, MONTHLY = "weekly", "monthly"
REPEATS = (WEEKLY, MONTHLY)
# Folder names the agenda uses for pages of its own (agenda/embed/, agenda/page/2/...).
RESERVED_SLUGS = ("embed", "page", "feed", "feeds", "index", "ics")

# ASCII digits only (\d takes every script's digits), the one form the guide teaches.
_DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2})", re.ASCII)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DURATION = re.compile(r"([1-9][0-9]{0,3})([mhd])", re.ASCII)
_COUNT = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)
_TIMEZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,29}(?:/[A-Za-z0-9_+-]{1,30}){0,2}", re.ASCII)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}

# Words that say an address is someone's home (compared without case or accents). A
# warning for a person to read: a political or community event at a home can put the
# people living there at risk once the address is public.
_PRIVATE_ADDRESS = re.compile(
    r"\b(?:(?:mi|nuestra|su|tu)\s+casa"
    r"|casa\s+(?:particular|de\s+(?!la\s+cultura\b|cultura\b)[a-z]+)"
    r"|domicilio|departamento|depto|dpto|apartamento|apto|interior|int\.?\s*[0-9]"
    r"|piso\s+[0-9]|home|house|apartment|apt|flat|residence)\b"
)


@dataclass(frozen=True)
class Event:
    """What the agenda knows of one event: values checked, times aware."""

    start: dt.datetime  # aware, in ``timezone``
    end: dt.datetime
    timezone: str
    status: str = SCHEDULED
    repeat: str | None = None
    until: dt.date | None = None
    count: int | None = None
    organizers: tuple[str, ...] = ()
    works: tuple[tuple[str, str], ...] = ()  # (artist, work)
    venue: str = ""
    address: str = ""
    online: str = ""
    cost: str = ""
    occurrence_starts: tuple[dt.datetime, ...] = field(default=(), compare=False)

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    def occurrences(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """(start, end) of every occurrence, in order (one for an event that does not repeat)."""
        starts = self.occurrence_starts or (self.start,)
        return [(start, start + self.duration) for start in starts]

    @property
    def last_end(self) -> dt.datetime:
        return self.occurrences()[-1][1]

    def next_occurrence(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
        """The first occurrence that has not ended at ``now``, or None: all of it is past."""
        for start, end in self.occurrences():
            if end > now:
                return start, end
        return None


@functools.cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA timezone ``name`` names, or None (unknown, or not a plain zone name)."""
    if not isinstance(name, str) or not _TIMEZONE.fullmatch(name):
        return None
    if name not in _known_timezones():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _local(naive: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """``naive`` in ``tz``, or None when that wall-clock time does not exist there (the
    hour skipped when clocks move forward)."""
    aware = naive.replace(tzinfo=tz)
    back = aware.astimezone(dt.UTC).astimezone(tz)
    return aware if back.replace(tzinfo=None) == naive else None


def parse_datetime(value: str) -> dt.datetime | None:
    """``YYYY-MM-DD HH:MM`` as a naive datetime, or None (another form, or impossible)."""
    match = _DATETIME.fullmatch(value or "")
    if not match:
        return None
    try:
        return dt.datetime(*map(int, match.groups()))
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    match = _DATE.fullmatch(value or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_duration(value: str) -> dt.timedelta | None:
    """``90m``, ``2h``, ``3d`` as a timedelta, or None."""
    match = _DURATION.fullmatch(value or "")
    if not match:
        return None
    return dt.timedelta(minutes=int(match.group(1)) * _UNIT_MINUTES[match.group(2)])


def split_list(value: str) -> list[str]:
    """A comma-separated value's items, stripped, empty ones left out, each once."""
    return list(dict.fromkeys(item.strip() for item in (value or "").split(",") if item.strip()))


def looks_private(address: str) -> bool:
    """Whether an address reads like someone's home (casa particular, depto., interior…)."""
    folded = unicodedata.normalize("NFKD", address or "").casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return bool(_PRIVATE_ADDRESS.search(folded))


# How a free event's cost is usually written (compared without case or accents).
_FREE = re.compile(r"\b(?:entrada libre|acceso libre|gratis|gratuit[ao]|sin costo|free|no cost)\b")


def is_free(cost: str) -> bool:
    """Whether ``cost`` says the event is free ("Entrada libre", "Gratuito", "Free")."""
    folded = unicodedata.normalize("NFKD", cost or "").casefold()
    return bool(_FREE.search("".join(ch for ch in folded if not unicodedata.combining(ch))))


def is_absolute_url(value: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    """An absolute address of one of ``schemes`` with a host: no credentials, spaces or
    control characters (the site's own address in a calendar, an event's online place)."""
    if not value or len(value) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in schemes and bool(host) and "@" not in parts.netloc


def is_https_url(value: str) -> bool:
    """An absolute https address with a host, no credentials, spaces or control characters."""
    return is_absolute_url(value, ("https",))


def _add_month(moment: dt.datetime, months: int) -> dt.datetime | None:
    """The same day and time ``months`` later, or None when that month lacks the day
    (RFC 5545: a monthly repeat on the 31st skips the months without one)."""
    index = moment.month - 1 + months
    try:
        return moment.replace(year=moment.year + index // 12, month=index % 12 + 1)
    except ValueError:
        return None


def expand(
    start: dt.datetime,
    tz: zoneinfo.ZoneInfo,
    repeat: str | None,
    until: dt.date | None,
    count: int | None,
    limit: int,
) -> list[dt.datetime]:
    """Aware starts of every occurrence, at most ``limit`` + 1 (one more says "too many")."""
    naive = start.replace(tzinfo=None)
    if repeat not in REPEATS:
        return [start]
    starts: list[dt.datetime] = []
    wanted = min(count, limit + 1) if count else limit + 1
    # A monthly repeat on the 29th-31st skips some months; bounded all the same.
    for step in range(4 * (limit + 1) + 12):
        if repeat == WEEKLY:
            candidate = naive + dt.timedelta(weeks=step)
        else:
            candidate = _add_month(naive, step)
            if candidate is None:
                continue
        if until is not None and candidate.date() > until:
            break
        # A wall-clock time the zone skips that day moves forward, as calendars do.
        starts.append(candidate.replace(tzinfo=tz))
        if len(starts) >= wanted:
            break
    return starts


def read_event(
    values: Mapping[str, str],
    *,
    settings: Mapping,
    file: str,
    lines: Mapping[str, int] | None = None,
    artists: set[str] | None = None,
    works: set[tuple[str, str]] | None = None,
    today: dt.date | None = None,
) -> tuple[Event | None, list[Finding]]:
    """The event an ``index.md`` header describes, and a finding for every wrong value.

    ``values``: the header's key -> value (strings, as written). ``artists`` and
    ``works``: what exists on the site, for ``organizers`` and ``works`` (None: not
    checked here). The Event is None when a finding is an error.
    """
    lines = lines or {}
    findings: list[Finding] = []

    def setting(key):
        value = settings.get(key)
        return DEFAULTS[key] if value is None else value

    def wrong(code: str, key: str, **more) -> None:
        value = str(values.get(key, ""))
        more.setdefault("value", value[:120])
        findings.append(
            make_finding(code, file, field=key, line=lines.get(key), snippet=value[:120], **more)
        )

    def present(key: str) -> str:
        value = values.get(key)
        return value.strip() if isinstance(value, str) else ""

    # -- when and where in time
    tz_name = present("timezone") or setting("ALTAVOZ_AGENDA_TIMEZONE")
    tz = zone(tz_name)
    if tz is None:
        if present("timezone"):
            wrong("AV241", "timezone")
        else:  # the site's own setting is wrong: the maintainers' to fix
            findings.append(make_finding("AV241", file, field="timezone", value=tz_name[:120]))

    first_year = int(settings.get("ALTAVOZ_MODERATION_EARLIEST_YEAR") or 1900)
    last_year = (today or dt.date.today()).year + int(setting("ALTAVOZ_AGENDA_YEARS_AHEAD"))

    def moment(key: str) -> dt.datetime | None:
        text = present(key)
        if not text:
            return None
        naive = parse_datetime(text)
        if naive is None:
            wrong("AV240", key)
            return None
        if not first_year <= naive.year <= last_year:
            wrong("AV245", key, first=first_year, last=last_year)
            return None
        if tz is None:
            return None
        local = _local(naive, tz)
        if local is None:
            wrong("AV246", key, timezone=tz_name)
        return local

    start = moment("start")
    end = moment("end")
    duration = None
    if present("duration"):
        duration = parse_duration(present("duration"))
        if duration is None:
            wrong("AV243", "duration", days=setting("ALTAVOZ_AGENDA_MAX_DAYS"))
    if present("end") and present("duration"):
        wrong("AV244", "duration")
    elif not present("end") and not present("duration"):
        findings.append(make_finding("AV244", file, field="end"))
    if start is not None and duration is not None and not present("end"):
        end = start + duration
    max_length = dt.timedelta(days=int(setting("ALTAVOZ_AGENDA_MAX_DAYS")))
    if start is not None and end is not None:
        if end <= start:
            wrong("AV242", "end" if present("end") else "duration", start=present("start"))
        elif end - start > max_length:
            key = "end" if present("end") else "duration"
            wrong("AV243", key, days=setting("ALTAVOZ_AGENDA_MAX_DAYS"))

    # -- status and repetition
    status = present("status").lower() or SCHEDULED
    if status not in STATUSES:
        wrong("AV247", "status", allowed=", ".join(STATUSES))
    repeat = present("repeat").lower() or None
    if repeat is not None and repeat not in REPEATS:
        wrong("AV248", "repeat", allowed=", ".join(REPEATS))
    until = count = None
    if present("until"):
        until = parse_date(present("until"))
        if until is None or (start is not None and until < start.date()):
            wrong("AV250", "until", start=present("start"))
            until = None
    if present("count"):
        if _COUNT.fullmatch(present("count")):
            count = int(present("count"))
        else:
            wrong("AV250", "count", start=present("start"))
    limit = int(setting("ALTAVOZ_AGENDA_MAX_OCCURRENCES"))
    if repeat is None:
        for key in ("until", "count"):
            if present(key):
                wrong("AV256", key)
    elif present("until") and present("count"):
        wrong("AV249", "count")
    elif not present("until") and not present("count"):
        findings.append(make_finding("AV249", file, field="repeat", line=lines.get("repeat")))
    starts: list[dt.datetime] = []
    if repeat in REPEATS and count is not None and count > limit:
        wrong("AV251", "count", limit=limit)
    elif start is not None and tz is not None and repeat in REPEATS and (until or count):
        starts = expand(start, tz, repeat, until, count, limit)
        if len(starts) > limit:
            wrong("AV251", "until", limit=limit)

    # -- who and which works
    organizers = split_list(present("organizers"))
    if len(organizers) > int(setting("ALTAVOZ_AGENDA_MAX_ORGANIZERS")):
        wrong("AV257", "organizers", limit=setting("ALTAVOZ_AGENDA_MAX_ORGANIZERS"))
    for slug in organizers:
        if not is_slug(slug) or (artists is not None and slug not in artists):
            wrong("AV252", "organizers", name=slug[:80])
    shown: list[tuple[str, str]] = []
    named = split_list(present("works"))
    if len(named) > int(setting("ALTAVOZ_AGENDA_MAX_WORKS")):
        wrong("AV257", "works", limit=setting("ALTAVOZ_AGENDA_MAX_WORKS"))
    for item in named:
        artist, slash, work = item.partition("/")
        pair = (artist, work)
        well_formed = slash and is_slug(artist) and is_slug(work)
        if not well_formed or (works is not None and pair not in works):
            wrong("AV253", "works", name=item[:80])
        else:
            shown.append(pair)

    # -- where
    online = present("online")
    if online and not is_https_url(online):
        wrong("AV254", "online")
    address = present("address")
    if address and looks_private(address):
        wrong("AV255", "address")

    if any(finding.is_error for finding in findings) or start is None or end is None:
        return None, findings
    return (
        Event(
            start=start,
            end=end,
            timezone=tz_name,
            status=status,
            repeat=repeat,
            until=until,
            count=count,
            organizers=tuple(organizers),
            works=tuple(shown),
            venue=present("venue"),
            address=address,
            online=online,
            cost=present("cost"),
            occurrence_starts=tuple(starts),
        ),
        findings,
    )


def reserved_slug_finding(slug: str, file: str) -> Finding | None:
    """AV258 when an event's folder is named like a page of the agenda itself."""
    if slug in RESERVED_SLUGS:
        return make_finding("AV258", file, name=slug, names=", ".join(RESERVED_SLUGS))
    return None
