"""Events as iCalendar (RFC 5545), written by the ``icalendar`` library.

Every text property goes through the library, which escapes commas, semicolons,
backslashes and line breaks, so nothing an artist typed can start a property of its own.
Times keep their timezone (``TZID`` with its ``VTIMEZONE``); a repeat is an ``RRULE``
whose ``UNTIL`` is in UTC, as RFC 5545 asks when the start has a ``TZID``.

What makes a file the same on every build: the ``UID`` is the event's folder name at the
site's host (the folder is its address, so it survives edits and rebuilds); ``DTSTAMP``
and ``LAST-MODIFIED`` are the last commit that changed the event and ``SEQUENCE`` the
number of commits that changed it since it was added (``history.py``): a calendar
program that subscribed sees a higher number whenever the event changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser

import icalendar
from altavoz_core.events import CANCELLED, MONTHLY, POSTPONED, Event

PRODID = "-//Altavoz//Agenda cultural//ES"
STATUS = {CANCELLED: "CANCELLED", POSTPONED: "TENTATIVE"}
_BLOCKS = {"p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"}


@dataclass(frozen=True)
class Entry:
    """One event as a calendar shows it (texts already plain: the sanitizer's)."""

    uid: str
    event: Event
    title: str
    url: str
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


def html_to_text(html: str) -> str:
    """The words of sanitized HTML, one paragraph a line, spaces collapsed."""
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
    item.add("url", entry.url)
    text = [entry.description] if entry.description else []
    if event.cost:
        text.append(event.cost)
    if event.online:
        text.append(event.online)
    text.append(entry.url)
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
    calendar.add_missing_timezones()
    return calendar.to_ical()


# What an event without history says it was stamped: a fixed instant, so the file stays
# the same from one build to the next (a time of the build would change it every day).
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
