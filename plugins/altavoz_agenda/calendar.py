"""Events as iCalendar (RFC 5545), written by the ``icalendar`` library.

Every text property goes through the library, which escapes commas, semicolons,
backslashes and line breaks, so nothing an artist typed can start a property of its own.
Times keep their timezone (``TZID`` with its ``VTIMEZONE``); a repeat is an ``RRULE``
whose ``UNTIL`` is in UTC, as RFC 5545 asks when the start has a ``TZID``. A
``VTIMEZONE`` covers the years of the calendar's events (RFC 5545 asks no more) and is
made once per zone and years in a build: the library works out the zone's rules by
trying its offset hour by hour, ~0.1 s a zone, which every calendar of every event and
artist would otherwise pay again.

What makes a file the same on every build: the ``UID`` is the event's folder name at the
site's host (the folder is its address, so it survives edits and rebuilds); ``DTSTAMP``
and ``LAST-MODIFIED`` are the last commit that changed the event and ``SEQUENCE`` the
number of commits that changed it since it was added (``history.py``): a calendar
program that subscribed sees a higher number whenever the event changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import os
import re
import zoneinfo
from dataclasses import dataclass
from html.parser import HTMLParser

import icalendar
from altavoz_core.events import CANCELLED, MONTHLY, POSTPONED, Event
from altavoz_core.fingerprints import digest, file_digest

PRODID = "-//Altavoz//Agenda cultural//ES"
STATUS = {CANCELLED: "CANCELLED", POSTPONED: "TENTATIVE"}
_BLOCKS = {"p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}


@dataclass(frozen=True)
class Entry:
    """One event as a calendar shows it (texts already plain: the sanitizer's)."""

    uid: str
    event: Event
    title: str
    url: str  # the event's page, absolute; "" when the site has no address
    description: str = ""
    tags: tuple[str, ...] = ()
    sequence: int = 0
    changed: dt.datetime | None = None  # last change (UTC)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


@functools.lru_cache(maxsize=1024)
def html_to_text(html: str) -> str:
    """The words of sanitized HTML, one paragraph a line, spaces collapsed (once per text
    in a process: the structured data of both languages and the calendar ask)."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def location(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.address) if part)


def component(entry: Entry, stamp: dt.datetime) -> icalendar.Event:
    event = entry.event
    item = icalendar.Event()
    item.add("uid", entry.uid)
    item.add("dtstamp", stamp)
    if entry.changed is not None:
        item.add("last-modified", entry.changed)
    item.add("sequence", entry.sequence)
    item.add("summary", entry.title)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    if event.repeat:
        rule: dict = {"freq": "monthly" if event.repeat == MONTHLY else "weekly"}
        if event.count:
            rule["count"] = event.count
        elif event.until:
            # The whole last day counts, in the event's own timezone.
            last = dt.datetime.combine(event.until, dt.time(23, 59, 59), event.start.tzinfo)
            rule["until"] = last.astimezone(dt.UTC)
        item.add("rrule", rule)
    where = location(event)
    if where:
        item.add("location", where)
    item.add("status", STATUS.get(event.status, "CONFIRMED"))
    if entry.url:  # absolute, or none at all (a site without an address: a preview)
        item.add("url", entry.url)
    text = [entry.description] if entry.description else []
    if event.cost:
        text.append(event.cost)
    if event.online:
        text.append(event.online)
    if entry.url:
        text.append(entry.url)
    if text:
        item.add("description", "\n\n".join(text))
    if entry.tags:
        item.add("categories", list(entry.tags))
    return item


def calendar_bytes(entries: list[Entry], name: str) -> bytes:
    """A whole calendar: each entry's VEVENT and the VTIMEZONE of every zone they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(component(entry, entry.changed or EPOCH))
    # Before the events that name them, as the library itself places them.
    calendar.subcomponents[:0] = [
        found for args in zones_of(entries) if (found := vtimezone(*args)) is not None
    ]
    return calendar.to_ical()


def zones_of(entries: list[Entry]) -> list[tuple[str, int, int]]:
    """(zone, first year, last year) of each ``VTIMEZONE`` a calendar of ``entries`` holds."""
    if not entries:
        return []
    first = min(entry.event.start.year for entry in entries)
    last = max(entry.event.last_end.year for entry in entries)
    return [(name, first, last) for name in sorted({entry.event.timezone for entry in entries})]


def zone_rules(entries: list[Entry]) -> list[str | bytes]:
    """What a calendar of ``entries`` takes from the timezone database, for the memo of
    calendar files: per zone, its years and a digest of the zone's file as Python's
    ``zoneinfo`` (icalendar's source) reads it, so a new timezone database makes the file
    again. Only a zone whose file is not found is named by its ``VTIMEZONE`` as written,
    which icalendar takes ~20 ms to work out: an unchanged rebuild need not pay that."""
    found: list[str | bytes] = []
    for name, first, last in zones_of(entries):
        source = _zone_source(name)
        found += [name, f"{first}-{last}", source] if source else [_zone_text(name, first, last)]
    return found


# A zone's name as the timezone database spells it: words joined by "/", never "." or ".."
# (the name becomes a path below the database's folders).
_ZONE_NAME = re.compile(
    r"[A-Za-z0-9_+-][A-Za-z0-9_+.-]{0,63}(/[A-Za-z0-9_+-][A-Za-z0-9_+.-]{0,63}){0,3}"
)


@functools.lru_cache(maxsize=64)
def _zone_source(name: str) -> str | None:
    """sha256 of the zone's file where ``zoneinfo`` finds it (its search path first, then
    the ``tzdata`` package), or None."""
    if not _ZONE_NAME.fullmatch(name) or ".." in name:
        return None
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            try:
                return file_digest(path)
            except OSError:
                return None
    try:
        data = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
        return digest(data.read_bytes())
    except (ImportError, OSError, ValueError):
        return None


@functools.lru_cache(maxsize=256)
def _zone_text(name: str, first_year: int, last_year: int) -> bytes:
    found = vtimezone(name, first_year, last_year)
    return found.to_ical() if found is not None else b""


@functools.lru_cache(maxsize=256)
def vtimezone(name: str, first_year: int, last_year: int) -> icalendar.Timezone | None:
    """The zone's ``VTIMEZONE`` from the first year's start to after the last year."""
    try:
        return icalendar.Timezone.from_tzid(
            name, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 2, 1, 1)
        )
    except ValueError:  # not a zone the library knows: times say their offset anyway
        return None


# What an event without history says it was stamped: a fixed instant, so the file stays
# the same from one build to the next (a time of the build would change it every day).
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
