"""An event's dates and times as each interface language writes them (Babel), the
timezone always stated: a visitor in Tijuana reads a Mexico City workshop's hour
knowing whose hour it is."""

from __future__ import annotations

import datetime as dt
from functools import cache

from altavoz_theme.dates import interface_locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_name,
)


def utc_offset(moment: dt.datetime) -> str:
    """``UTC−06:00``: the offset in plain digits (a minus sign, not a hyphen)."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "−" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_label(moment: dt.datetime, lang: str) -> str:
    """``hora estándar central, UTC−06:00`` / ``Central Standard Time, UTC−06:00``."""
    return f"{_zone_name(moment.tzinfo, bool(moment.dst()), lang)}, {utc_offset(moment)}"


@cache
def _zone_name(zone: dt.tzinfo, daylight: bool, lang: str) -> str:
    """The zone's long name in ``lang``: Babel's answer depends on the zone, whether the
    moment is in daylight saving time and the language only, and every date of every
    event asks (twice a site, one per language)."""
    moment = dt.datetime(2000, 1, 1, tzinfo=zone)
    return get_timezone_name(
        moment,
        width="long",
        locale=interface_locale(lang),
        zone_variant="daylight" if daylight else "standard",
    )


def when(start: dt.datetime, end: dt.datetime, lang: str) -> str:
    """The day(s) and hours of one occurrence, with its timezone."""
    locale = interface_locale(lang)
    zone = zone_label(start, lang)
    if start.date() == end.date():
        day = format_date(start, "full", locale=locale)
        hours = f"{hour(start, lang)} – {hour(end, lang)}"
        return f"{day}, {hours} ({zone})"
    days = format_interval(start.date(), end.date(), "yMMMMd", locale=locale)
    return f"{days}, {format_time(start, 'short', locale=locale)} ({zone})"


def short_day(moment: dt.datetime, lang: str) -> str:
    """``dom 17 de may`` / ``Sun, May 17``: for lists."""
    return format_skeleton("MMMEd", moment, locale=interface_locale(lang))


def hour(moment: dt.datetime, lang: str) -> str:
    return format_time(moment, "short", locale=interface_locale(lang))


def month_label(day: dt.date, lang: str) -> str:
    """``mayo de 2026`` / ``May 2026``."""
    return format_skeleton("yMMMM", day, locale=interface_locale(lang))
