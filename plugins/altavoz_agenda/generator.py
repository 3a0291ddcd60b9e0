"""The agenda generator: reads ``content/events/``, writes the agenda, event pages and calendars.

A thin adapter: the event model and its checks are the core's (``altavoz_core.events``),
the order at an instant is ``timeline``, the calendars ``calendar``. An event the
moderation refused, or that cannot be read, is left out with a line in the log, and
the rest publishes (as works are).
"""

from __future__ import annotations

import logging
import os
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

from altavoz_core import kept_output
from altavoz_core.events import (
    CANCELLED,
    POSTPONED,
    SCHEDULED,
    is_absolute_url,
    is_free,
    read_event,
)
from altavoz_core.files import write_atomically
from altavoz_core.fingerprints import digest
from altavoz_core.rejected import REJECTED_KEY, is_inside_content, is_rejected
from altavoz_core.settings import derived_value
from altavoz_core.slugs import is_slug
from altavoz_core.submissions import EVENTS_DIR
from altavoz_gallery.generator import as_markup, read_index
from altavoz_images import publish_item_images
from altavoz_moderation import memo
from altavoz_moderation.guard import clear_the_way, resolves_inside
from altavoz_moderation.sanitize import sanitizer
from pelican.generators import Generator

from . import calendar, display, timeline
from .contents import Event
from .history import event_histories

logger = logging.getLogger(__name__)
LOG_PREFIX = "[altavoz_agenda]"
# The memo stores (cache/altavoz-memo/<name>.json): the calendar files, the git history
# of the events by commit, an event's dates as each language writes them.
CALENDARS = "calendars"
HISTORIES = "event-histories"
DATE_TEXTS = "event-dates"

_plain_texts = lru_cache(maxsize=8192)(sanitizer.plain_text)


def plain_text(value) -> str:
    """The sanitizer's ``plain_text``, once per text in a process: an event's title,
    venue, address and organizers' names are asked for by its page and its structured
    data in both languages, and by its calendars."""
    return _plain_texts(value) if isinstance(value, str) else sanitizer.plain_text(value)


class AgendaGenerator(Generator):
    """Reads ``events/`` and writes ``agenda/``, the event pages and the calendars."""

    def __init__(self, *args, **kwargs):
        self.events: list[Event] = []
        super().__init__(*args, **kwargs)

    @cached_property
    def content_root(self) -> Path:
        return Path(self.path)

    @property
    def is_main_site(self) -> bool:
        main = self.settings.get("ALTAVOZ_MAIN_LANG", self.settings["DEFAULT_LANG"])
        return self.settings["DEFAULT_LANG"] == main

    def _label(self, folder: Path) -> str:
        return folder.relative_to(self.content_root.parent).as_posix()

    def _folders(self) -> list[Path]:
        base = self.content_root / EVENTS_DIR
        if not base.is_dir() or not is_inside_content(base, self.content_root):
            return []
        # ``events/`` itself is inside the content with no link on the way, so a folder
        # right in it is too unless it is a link itself: one look at each entry, not a
        # resolution of every path from the root (1 ms an event, twice a build).
        found = []
        with os.scandir(base) as entries:
            for entry in sorted(entries, key=lambda each: each.name):
                if not entry.is_dir() or entry.name.startswith(".") or not is_slug(entry.name):
                    continue
                folder = base / entry.name
                if entry.is_symlink():
                    logger.warning("%s skipping %s: symbolic link", LOG_PREFIX, self._label(folder))
                    continue
                found.append(folder)
        return found

    def _read(self, folder: Path) -> Event | None:
        label = self._label(folder)
        if is_rejected(label, self.context.get(REJECTED_KEY, ())):
            logger.warning(
                "%s skipping %s: it has errors (see the moderation report)", LOG_PREFIX, label
            )
            return None
        return read_index(self, folder / "index.md", Event, label, logger, LOG_PREFIX)

    def generate_context(self):
        artists = {artist.slug: artist for artist in self.context.get("artists", [])}
        works = {(w.artist_slug, w.slug): w for w in self.context.get("works", [])}
        histories = event_histories(
            self.content_root / EVENTS_DIR, memo.store(self.settings, HISTORIES)
        )
        events = []
        for folder in self._folders():
            item = self._read(folder)
            if item is None:
                continue
            label = self._label(folder)
            # The same reading as the check's, against what the site publishes: an
            # organizer or work left out of the gallery leaves the event out too.
            model, findings = read_event(
                {k: v for k, v in item.metadata.items() if isinstance(v, str)} | item.fields,
                settings=self.settings,
                file=f"{label}/index.md",
                artists=set(artists),
                works=set(works),
            )
            if model is None:
                errors = [f.code for f in findings if f.is_error]
                logger.warning("%s skipping %s: %s", LOG_PREFIX, label, ", ".join(errors))
                continue
            item.event = model
            item.organizer_list = [artists[slug] for slug in model.organizers]
            item.work_list = [works[pair] for pair in model.works]
            history = histories.get(folder.name)
            if history is not None:
                item.sequence = history.sequence
                item.announced, item.changed = history.announced, history.changed
            events.append(item)
        # Before any list is made: an event whose image cannot be published is left out
        # everywhere (agenda, strip, artist pages, calendars), as a work is.
        failed = publish_item_images(self, events, "events")
        for item in failed:
            logger.warning(
                "%s skipping %s: an image could not be processed (see above)",
                LOG_PREFIX,
                self._label(item.folder),
            )
        left_out = {id(item) for item in failed}
        events = [item for item in events if id(item) not in left_out]
        for item in events:
            self.add_source_path(item)
        self.events = events
        now = timeline.agenda_now(self.settings)
        upcoming, past_months = timeline.split(events, now)
        for artist in artists.values():
            artist.upcoming_events = [e for e in upcoming if artist in e.organizer_list]
            artist.events = [e for e in events if artist in e.organizer_list]
        lang = self.settings["DEFAULT_LANG"]
        texts = memo.store(self.settings, DATE_TEXTS)
        for item in events:
            describe(item, now, lang, texts)
        for month in past_months:
            month.label = display.month_label(month.first_day, lang)
        count = int(self.settings.get("ALTAVOZ_AGENDA_STRIP_COUNT") or 0)
        self.context.update(
            agenda_now=now,
            events=events,
            upcoming_events=upcoming,
            past_event_months=past_months,
            agenda_strip=upcoming[:count],
        )
        logger.info("%s %d events (%d upcoming)", LOG_PREFIX, len(events), len(upcoming))

    # -- writing ---------------------------------------------------------

    def _write(self, writer, save_as: str, template: str, **values):
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **values,
        )

    def generate_output(self, writer):
        # Works shown at an event: only those the gallery still publishes after its
        # image step (it leaves out a work whose images fail).
        published = {id(work) for work in self.context.get("works", [])}
        for item in self.events:
            item.work_list = [work for work in item.work_list if id(work) in published]
        ics = self.settings.get("ALTAVOZ_AGENDA_EVENT_ICS_SAVE_AS")
        for item in self.events:
            item.ics_url = ics.format(slug=item.slug) if ics else ""
            item.structured = structured_data(item, self.settings["SITEURL"], self.main_siteurl)
        for item in self.events:
            self._write(writer, item.save_as, item.template, event=item, url=item.url)
        self._write(writer, self.settings["ALTAVOZ_AGENDA_SAVE_AS"], "agenda", page_name="agenda")
        embed = self.settings.get("ALTAVOZ_AGENDA_EMBED_SAVE_AS")
        if embed:
            self._write(writer, embed, "agenda_embed", page_name="agenda_embed")
        if self.is_main_site:
            self.write_calendars()
        self.write_feed(writer)

    # -- calendars -------------------------------------------------------

    @cached_property
    def main_siteurl(self) -> str:
        return str(derived_value(self.settings, "ALTAVOZ_MAIN_SITEURL") or "").rstrip("/")

    @cached_property
    def calendar_siteurl(self) -> str:
        """The absolute address calendar files link back to, or "" (then they name no page).

        RFC 5545's URL holds a URI: a path alone ("/agenda/taller/", what a preview
        without SITEURL would give) is none, and calendar programs resolve it against
        nothing. ``ALTAVOZ_AGENDA_CALENDAR_SITEURL``, else the main site's address, counts
        only when it is an absolute http(s) address with a host.
        """
        base = self.settings.get("ALTAVOZ_AGENDA_CALENDAR_SITEURL") or self.main_siteurl
        return base.rstrip("/") if is_absolute_url(str(base)) else ""

    @cached_property
    def uid_host(self) -> str:
        host = self.settings.get("ALTAVOZ_AGENDA_UID_HOST")
        if not host:
            host = urlsplit(self.calendar_siteurl).hostname or "altavoz.invalid"
        return host

    def calendar_entry(self, item: Event) -> calendar.Entry:
        return calendar.Entry(
            uid=f"{item.slug}@{self.uid_host}",
            event=item.event,
            title=plain_text(item.title),
            url=f"{self.calendar_siteurl}/{item.url}" if self.calendar_siteurl else "",
            description=calendar.html_to_text(item.content),
            tags=tuple(plain_text(tag) for tag in item.tag_names),
            sequence=item.sequence,
            changed=item.changed,
        )

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        """A calendar file, guarded as the site's writer guards a page: inside the output
        (links resolved), a stale file or folder in its way cleared, and left untouched
        (claimed for the output's sweep) when it already holds these bytes."""
        if not resolves_inside(save_as, self.output_path):
            logger.error("%s not writing %s: outside the output folder", LOG_PREFIX, save_as)
            return
        path = os.path.join(os.path.abspath(self.output_path), save_as)
        clear_the_way(path, self.output_path)
        try:
            with open(path, "rb") as existing:
                if existing.read(len(data) + 1) == data:
                    kept_output.claim([path])
                    return
        except OSError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomically(path, data, mode=0o644)

    def calendar_bytes(self, entries: list[calendar.Entry], name: str) -> bytes:
        """``calendar.calendar_bytes``, remembered by everything the file is made of (the
        entries, the calendar's name, its zones' rules as this machine's timezone database
        gives them, the agenda's code and the icalendar version): an unchanged rebuild
        makes none of its calendars again."""
        key = digest(
            memo.code_version("altavoz_agenda", "altavoz_core", distributions=("icalendar",)),
            name,
            *map(repr, entries),
            *calendar.zone_rules(entries),
        )
        store = memo.store(self.settings, CALENDARS)
        found = store.get(key)
        if isinstance(found, str):
            return found.encode("utf-8")
        if found is not None:
            store.forget(key)
        data = calendar.calendar_bytes(entries, name)
        store.put(key, data.decode("utf-8"))
        return data

    def write_calendars(self) -> None:
        entries = {item.slug: self.calendar_entry(item) for item in self.events}
        name = self.settings.get("SITENAME", "Altavoz")
        everything = self.settings.get("ALTAVOZ_AGENDA_ICS_SAVE_AS")
        if everything:
            self._write_bytes(everything, self.calendar_bytes(list(entries.values()), name))
        single = self.settings.get("ALTAVOZ_AGENDA_EVENT_ICS_SAVE_AS")
        for item in self.events if single else ():
            data = self.calendar_bytes([entries[item.slug]], plain_text(item.title))
            self._write_bytes(single.format(slug=item.slug), data)
        per_artist = self.settings.get("ALTAVOZ_AGENDA_ARTIST_ICS_SAVE_AS")
        for artist in self.context.get("artists", []) if per_artist else ():
            theirs = [entries[e.slug] for e in getattr(artist, "events", [])]
            if theirs:
                data = self.calendar_bytes(theirs, f"{name} — {plain_text(artist.name)}")
                self._write_bytes(per_artist.format(slug=artist.slug), data)

    # -- feed ------------------------------------------------------------

    def write_feed(self, writer) -> None:
        path = self.settings.get("ALTAVOZ_AGENDA_FEED_ATOM")
        if not path:
            return
        announced = sorted(
            self.events,
            key=lambda e: (e.announced or calendar.EPOCH, e.slug),
            reverse=True,
        )
        writer.write_feed(
            [FeedEntry(item) for item in announced],
            self.context,
            path,
            feed_title=self.settings["ALTAVOZ_AGENDA_FEED_TITLE"],
        )


class FeedEntry:
    """What Pelican's feed writer needs of an event: dated by its announcement."""

    def __init__(self, item: Event):
        self.item = item
        self.title = as_markup(item.title)  # the writer strips tags: «<b>» stays as typed
        self.url = item.url
        self.date = item.announced or calendar.EPOCH
        self.tags = []
        self.author = ", ".join(a.name for a in item.organizer_list)
        self.summary = item.summary

    def get_content(self, siteurl):
        return self.item.get_content(siteurl)


def describe(item: Event, now, lang: str, store=None) -> None:
    """What the pages print of an event's dates, in this site's language, at ``now``.

    The texts are Babel's (~0.3 ms a date, five to fifteen dates an event and language),
    so ``store`` (a memo store) remembers them by the dates they write, the language,
    the code that writes them and Babel's version.
    """
    model = item.event
    following = model.next_occurrence(now)
    shown = following or model.occurrences()[-1]
    item.is_past = following is None
    item.shown_start, item.shown_end = shown
    # Only the twelve the page shows are written out (a repeat may have 52).
    later = list(islice(((s, e) for s, e in model.occurrences() if s > shown[0]), 12))
    key = None
    if store is not None:
        dates = (f"{s.isoformat()} {e.isoformat()} {s.tzinfo}" for s, e in [shown, *later])
        key = digest(
            memo.code_version("altavoz_agenda", "altavoz_theme", distributions=("babel",)),
            lang,
            *dates,
        )
        found = store.get(key)
        if _are_date_texts(found, len(later)):
            item.when_text, item.day_text, item.hour_text, item.later_texts = found
            return
    item.when_text = display.when(*shown, lang)
    item.day_text = display.short_day(shown[0], lang)
    item.hour_text = display.hour(shown[0], lang)
    item.later_texts = [display.when(start, end, lang) for start, end in later]
    if key is not None:
        store.put(key, [item.when_text, item.day_text, item.hour_text, item.later_texts])


def _are_date_texts(found, later: int) -> bool:
    """A remembered value has the shape ``describe`` stores (else it is made again)."""
    return (
        isinstance(found, list)
        and len(found) == 4
        and all(isinstance(text, str) for text in found[:3])
        and isinstance(found[3], list)
        and len(found[3]) == later
        and all(isinstance(text, str) for text in found[3])
    )


SCHEMA_STATUS = {
    SCHEDULED: "https://schema.org/EventScheduled",
    CANCELLED: "https://schema.org/EventCancelled",
    POSTPONED: "https://schema.org/EventPostponed",
}


def structured_data(item: Event, siteurl: str, main_siteurl: str) -> dict:
    """schema.org ``Event`` for search engines (printed with ``tojson``, which escapes
    ``<``, ``>``, ``&`` and ``'``, so no text can close the script element)."""
    model = item.event
    start, end = item.shown_start, item.shown_end
    places = []
    if model.venue:
        place = {"@type": "Place", "name": plain_text(model.venue)}
        if model.address:
            place["address"] = plain_text(model.address)
        places.append(place)
    if model.online:
        places.append({"@type": "VirtualLocation", "url": model.online})
    if model.online and model.venue:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode" if model.online else "OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": plain_text(item.title),
        "url": f"{siteurl}/{item.url}",
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": SCHEMA_STATUS.get(model.status, SCHEMA_STATUS[SCHEDULED]),
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": places[0] if len(places) == 1 else places,
        "organizer": [
            {"@type": "Person", "name": plain_text(a.name), "url": f"{siteurl}/{a.url}"}
            for a in item.organizer_list
        ],
        "inLanguage": getattr(item, "lang", "es"),
    }
    description = calendar.html_to_text(item.content)
    if description:
        data["description"] = description[:500]
    if is_free(model.cost):
        data["isAccessibleForFree"] = True
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "MXN",
            "url": f"{siteurl}/{item.url}",
        }
    return data
