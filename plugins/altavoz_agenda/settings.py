"""Settings of the agenda, all prefixed ALTAVOZ_AGENDA_ (plus EVENT_URL / EVENT_SAVE_AS).

The ones the check needs too (timezone, limits) are the core's (``altavoz_core.events``),
so ``invoke check`` and the build judge an event with the same numbers.
"""

from altavoz_core.events import DEFAULTS as EVENT_DEFAULTS
from altavoz_core.settings import apply_defaults

DEFAULTS = {
    **EVENT_DEFAULTS,
    "EVENT_URL": "agenda/{slug}/",
    "EVENT_SAVE_AS": "agenda/{slug}/index.html",
    "ALTAVOZ_AGENDA_SAVE_AS": "agenda/index.html",
    # A light list other sites can show in an iframe (no images, no script).
    "ALTAVOZ_AGENDA_EMBED_SAVE_AS": "agenda/embed/index.html",
    # Calendars (main site only: one file per calendar, whatever the interface language).
    "ALTAVOZ_AGENDA_ICS_SAVE_AS": "agenda.ics",
    "ALTAVOZ_AGENDA_EVENT_ICS_SAVE_AS": "agenda/{slug}/evento.ics",
    "ALTAVOZ_AGENDA_ARTIST_ICS_SAVE_AS": "artists/{slug}/agenda.ics",
    # Newly announced events, newest announcement first.
    "ALTAVOZ_AGENDA_FEED_ATOM": "feeds/agenda.atom.xml",
    "ALTAVOZ_AGENDA_FEED_TITLE": "Agenda",
    # The instant the agenda is built for (ISO 8601, e.g. "2026-05-17T12:00:00-06:00");
    # None: the moment of the build. The environment variable of the same name wins, so
    # tests and a preview can look at the agenda on another day.
    "ALTAVOZ_AGENDA_NOW": None,
    # The address calendar files link each event's page from (their URL must be absolute);
    # None: the main site's address. When neither is an absolute http(s) address (a local
    # preview, SITEURL = ""), calendars name no page, and a preview meant to be opened in
    # a calendar program can set "http://localhost:8000".
    "ALTAVOZ_AGENDA_CALENDAR_SITEURL": None,
    # The domain in every event's UID ("<slug>@<host>"); None: the host of the calendars'
    # address, or "altavoz.invalid" when there is none (a local preview).
    "ALTAVOZ_AGENDA_UID_HOST": None,
    # Upcoming events shown on the gallery's first screen (0: none).
    "ALTAVOZ_AGENDA_STRIP_COUNT": 3,
}


def set_default_settings(settings):
    """Fill in every agenda setting the site did not set itself."""
    return apply_defaults(settings, DEFAULTS)
