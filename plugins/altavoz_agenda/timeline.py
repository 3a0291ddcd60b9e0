"""Which events are upcoming and which are past at a given instant, and in what order.

The site is static: the instant is the build's (or ``ALTAVOZ_AGENDA_NOW``), never the
visitor's. Upcoming events come soonest first (by their next occurrence, so a weekly
workshop under way stays up with its next date); past ones follow, newest month first.
Cancelled and postponed events stay where their dates put them, marked by the page.
Pure Python.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

from altavoz_core.events import Event

NOW_KEY = "ALTAVOZ_AGENDA_NOW"


def agenda_now(settings, environ=os.environ) -> dt.datetime:
    """The instant the agenda is built for: the environment, the setting, or now (aware)."""
    written = environ.get(NOW_KEY) or settings.get(NOW_KEY)
    if written:
        moment = dt.datetime.fromisoformat(str(written))
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


@dataclass
class Month:
    year: int
    month: int
    items: list

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def split(items: Iterable, now: dt.datetime, model=lambda item: item.event):
    """(upcoming, past months) of ``items``, each holding an ``Event`` (``model``)."""
    upcoming, past = [], []
    for item in items:
        event: Event = model(item)
        following = event.next_occurrence(now)
        if following is not None:
            upcoming.append((following[0], item))
        else:
            past.append((event.occurrences()[-1][0], item))
    upcoming.sort(key=lambda pair: (pair[0], _slug(pair[1])))
    past.sort(key=lambda pair: (pair[0], _slug(pair[1])), reverse=True)
    months: list[Month] = []
    for start, item in past:
        local = start.astimezone(start.tzinfo)
        if not months or (months[-1].year, months[-1].month) != (local.year, local.month):
            months.append(Month(local.year, local.month, []))
        months[-1].items.append(item)
    return [item for _, item in upcoming], months


def _slug(item) -> str:
    return str(getattr(item, "slug", ""))
