"""The sample agenda (content/events/): realistic events that keep the format and stay
worth looking at for years.

The events' dates are fixed, written in the files as an organizer writes them: the site
decides what is upcoming when it is built, so a fixed date is right on any day, and the
check refuses a start more than ``ALTAVOZ_AGENDA_YEARS_AHEAD`` years away, so no file
could hold dates made "relative to now" anyway. What keeps the sample from going all
past is a monthly circle with 52 sessions (to 2031) next to the bounded weekly
workshop, the past events and the cancelled one; the tests below read the events at the
day they were written (``SAMPLE_DAY``) and at the start of each later year.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo

import icalendar
import pytest
from altavoz_core.events import MONTHLY, WEEKLY, is_free, read_event
from conftest import SAMPLE_CONTENT, read_page
from test_sample_content import (
    EMAIL,
    LINK_TARGET,
    PHONE,
    RAW_HTML,
    image_references,
    read_document,
)

MX = zoneinfo.ZoneInfo("America/Mexico_City")
SAMPLE_DAY = dt.datetime(2026, 12, 4, 12, tzinfo=MX)  # when the sample events were written
EVENT_KEYS = {
    "title", "start", "end", "duration", "timezone", "venue", "address", "online", "cost",
    "organizers", "works", "status", "repeat", "until", "count", "lang", "consent", "tags",
}  # fmt: skip


def event_folders():
    return sorted(p.parent for p in SAMPLE_CONTENT.glob("events/*/index.md"))


def event_folder(slug: str):
    return SAMPLE_CONTENT / "events" / slug


def sample_events() -> dict[str, tuple[dict, object]]:
    """slug -> (header, Event) of every sample event, read as the check reads them."""
    artists = {p.parent.name for p in SAMPLE_CONTENT.glob("artists/*/index.md")}
    works = {(p.parent.name, p.name) for p in SAMPLE_CONTENT.glob("works/*/*") if p.is_dir()}
    found = {}
    for folder in event_folders():
        fields, _ = read_document(folder / "index.md")
        event, findings = read_event(
            fields,
            settings={},
            file=str(folder),
            artists=artists,
            works=works,
            today=SAMPLE_DAY.date(),
        )
        assert event is not None and findings == [], (folder.name, findings)
        found[folder.name] = (fields, event)
    return found


def test_the_sample_has_five_to_eight_events_in_the_public_format():
    folders = event_folders()
    assert 5 <= len(folders) <= 8
    for folder in folders:
        fields, body = read_document(folder / "index.md")
        assert set(fields) <= EVENT_KEYS, (folder.name, set(fields) - EVENT_KEYS)
        assert fields["consent"] == "yes" and fields["lang"] == "es", folder.name
        # The body: no HTML, no e-mail or phone number, links only to example addresses.
        assert not RAW_HTML.search(body) and not EMAIL.search(body), folder.name
        assert not PHONE.search(body), folder.name
        for link in LINK_TARGET.finditer(body):
            assert link["target"].startswith("https://example.org/"), link["target"]
        if "online" in fields:  # never a real person's or platform's address
            assert fields["online"].startswith("https://example.org/"), folder.name
        refs = image_references(body)
        assert len(refs) == body.count("!["), folder.name
        for ref in refs:
            assert len(ref["alt"].split()) >= 5 and (folder / ref["src"]).is_file(), ref["src"]
        files = {p.name for p in folder.iterdir() if p.name != "index.md"}
        assert files == {ref["src"] for ref in refs}, f"{folder.name}: orphaned {files}"


def test_the_sample_shows_every_kind_of_event_on_the_day_it_was_written():
    events = sample_events()
    models = [event for _, event in events.values()]
    past = [e for e in models if e.next_occurrence(SAMPLE_DAY) is None]
    upcoming = [e for e in models if e.next_occurrence(SAMPLE_DAY) is not None]
    assert len(past) >= 2 and len(upcoming) >= 3
    assert any(e.repeat == WEEKLY for e in upcoming), "a weekly workshop"
    assert any(e.repeat == MONTHLY for e in upcoming)
    assert any(e.status == "cancelled" for e in models)
    assert any(e.works for e in models) and any(e.online for e in models)
    assert any(e.cost == "Entrada libre" and is_free(e.cost) for e in models)
    assert any(e.timezone != "America/Mexico_City" for e in models), "a timezone of its own"
    organizers = {slug for e in models for slug in e.organizers}
    assert len(organizers) >= 4  # most sample artists organize something
    # Images of events: at least one past event's photo and one upcoming's invitation.
    with_images = [slug for slug in events if any(event_folder(slug).glob("*.jpg"))]
    assert len(with_images) >= 2


@pytest.mark.parametrize("year", range(2027, 2031))
def test_the_sample_still_has_an_upcoming_event_years_later(year):
    """The gallery's strip and the agenda's first list are not empty for years after the
    sample was written, without anyone editing a date."""
    new_year = dt.datetime(year, 1, 1, tzinfo=MX)
    assert any(e.next_occurrence(new_year) for _, e in sample_events().values())


def test_every_sample_event_has_its_pages_and_calendars(sample_site):
    """Whatever day the suite runs: each event is on the agenda (upcoming or past), has
    a page in both languages and is in the calendar."""
    agenda = read_page(sample_site, "agenda/index.html")
    everything = icalendar.Calendar.from_ical((sample_site / "agenda.ics").read_bytes())
    uids = {str(e["UID"]).split("@")[0] for e in everything.walk("VEVENT")}
    for slug, (fields, _event) in sample_events().items():
        assert f'href="/agenda/{slug}/"' in agenda, slug
        page = read_page(sample_site, f"agenda/{slug}/index.html")
        assert html.unescape(re.search(r"<h1[^>]*>([^<]+)</h1>", page)[1]) == fields["title"]
        assert read_page(sample_site, f"en/agenda/{slug}/index.html"), slug
        assert slug in uids
    assert len(uids) == len(sample_events())
