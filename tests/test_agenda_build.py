"""End-to-end: a small site with events built into tmp_path, read as visitors and calendar
programs read it (the agenda at fake dates, the .ics files expanded by
recurring_ical_events, the JSON-LD parsed, hostile text inert everywhere)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
from conftest import build_site, read_page, write_artist, write_work
from moderation_support import load_xss_vectors, policy_violations, render_index

SITEURL = "https://altavoz.example.org"
MX = zoneinfo.ZoneInfo("America/Mexico_City")


def write_event(content, slug, body="Un taller abierto para todas las edades.", **fields):
    folder = content / "events" / slug
    folder.mkdir(parents=True, exist_ok=True)
    merged = {
        "title": "Taller",
        "start": "2026-05-17 18:00",
        "duration": "2h",
        "venue": "Casa de la Cultura",
        "organizers": "ana-rivera",
        "consent": "yes",
        "lang": "es",
        **fields,
    }
    merged = {key: value for key, value in merged.items() if value is not None}
    (folder / "index.md").write_text(render_index(merged, body), encoding="utf-8")
    return folder


def write_organizers(content):
    """Ana Rivera and Beto Luna, who organize the events, and Ana's work «Maíz azul»."""
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_artist(content, "beto-luna", name="Beto Luna")
    write_work(content, "ana-rivera", "maiz-azul", title="Maíz azul")
    return content


# A printmaking workshop on six weeks in a row.
TALLER = {"title": "Taller de grabado", "repeat": "weekly", "count": "6"}

# The events of agenda_content, by folder: a workshop showing Ana's work, a cancelled
# reading, a party that repeats into the next year and an event whose organizer is no artist.
AGENDA = {
    "taller-de-grabado": {
        **TALLER,
        "cost": "Entrada libre",
        "works": "ana-rivera/maiz-azul",
        "address": "Calle Hidalgo 5, Centro",
    },
    "lectura-de-poesia": {
        "title": "Lectura de poesía",
        "start": "2026-04-02 19:00",
        "end": "2026-04-02 21:00",
        "duration": None,
        "status": "cancelled",
        "organizers": "beto-luna",
    },
    "fiesta-de-fin-de-ano": {
        "title": "Fiesta de fin de año",
        "start": "2026-12-24 20:00",
        "repeat": "weekly",
        "count": "3",
        "organizers": "ana-rivera, beto-luna",
        "cost": "Cooperación voluntaria",
    },
    "evento-roto": {"organizers": "nadie"},
}


@pytest.fixture
def agenda_content(tmp_path):
    content = write_organizers(tmp_path / "content")
    for slug, fields in AGENDA.items():
        write_event(content, slug, **fields)
    return content


def build(content, tmp_path, now, **overrides):
    overrides = {"SITEURL": SITEURL, **overrides}
    return build_site(content, tmp_path / "output", ALTAVOZ_AGENDA_NOW=now, **overrides)


def upcoming_and_past(page: str) -> tuple[list[str], list[str]]:
    upcoming, _, past = page.partition('id="past-heading"')
    titles = re.compile(r'class="event-title"[^>]*>([^<]+)<')
    return titles.findall(upcoming), titles.findall(past)


def test_the_agenda_before_during_and_after_an_event(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    page = read_page(output, "agenda/index.html")
    assert upcoming_and_past(page) == (
        ["Lectura de poesía", "Taller de grabado", "Fiesta de fin de año"],
        [],
    )
    # The cancelled reading is marked, never hidden.
    assert "Cancelado" in page

    output = build(agenda_content, tmp_path, "2026-05-17T19:00:00-06:00")  # during the first
    page = read_page(output, "agenda/index.html")
    assert upcoming_and_past(page) == (
        ["Taller de grabado", "Fiesta de fin de año"],
        ["Lectura de poesía"],
    )
    assert '<time class="event-day" datetime="2026-05-17T18:00:00-06:00">' in page
    assert "abril de 2026" in page

    output = build(agenda_content, tmp_path, "2026-05-18T12:00:00-06:00")  # between sessions
    page = read_page(output, "agenda/index.html")
    assert 'datetime="2026-05-24T18:00:00-06:00"' in page

    output = build(agenda_content, tmp_path, "2027-02-01T12:00:00-06:00")  # all past
    page = read_page(output, "agenda/index.html")
    upcoming, past = upcoming_and_past(page)
    assert upcoming == [] and "No hay eventos próximos por ahora." in page
    assert past == ["Fiesta de fin de año", "Taller de grabado", "Lectura de poesía"]
    english = read_page(output, "en/agenda/index.html")
    assert "Past events" in english and "No upcoming events for now." in english


def test_the_environment_sets_the_agenda_s_now(agenda_content, tmp_path, monkeypatch):
    monkeypatch.setenv("ALTAVOZ_AGENDA_NOW", "2027-02-01T12:00:00-06:00")
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert upcoming_and_past(read_page(output, "agenda/index.html"))[0] == []


def test_one_bad_event_does_not_stop_the_others(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert not (output / "agenda/evento-roto").exists()
    assert (output / "agenda/taller-de-grabado/index.html").is_file()
    assert "evento-roto" not in (output / "agenda.ics").read_text(encoding="utf-8")


def calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_the_calendars_parse_and_expand_to_every_occurrence(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    everything = calendar(output / "agenda.ics")
    events = {str(e["UID"]): e for e in everything.walk("VEVENT")}
    assert set(events) == {
        f"{slug}@altavoz.example.org"
        for slug in ("taller-de-grabado", "lectura-de-poesia", "fiesta-de-fin-de-ano")
    }
    workshop = events["taller-de-grabado@altavoz.example.org"]
    assert str(workshop["URL"]) == f"{SITEURL}/agenda/taller-de-grabado/"
    assert workshop["DTSTART"].params["TZID"] == "America/Mexico_City"
    assert "DTSTAMP" in workshop and int(workshop["SEQUENCE"]) >= 0
    assert everything.walk("VTIMEZONE")
    assert str(events["lectura-de-poesia@altavoz.example.org"]["STATUS"]) == "CANCELLED"

    found = recurring_ical_events.of(everything).between(
        dt.datetime(2026, 1, 1, tzinfo=MX), dt.datetime(2027, 3, 1, tzinfo=MX)
    )
    starts = sorted((str(e["UID"]).split("@")[0], e["DTSTART"].dt) for e in found)
    workshop_starts = [start for slug, start in starts if slug == "taller-de-grabado"]
    assert [s.date().isoformat() for s in workshop_starts] == [
        "2026-05-17", "2026-05-24", "2026-05-31", "2026-06-07", "2026-06-14", "2026-06-21"
    ]  # fmt: skip
    assert all(s.hour == 18 and s.utcoffset() == dt.timedelta(hours=-6) for s in workshop_starts)
    # Across the year boundary.
    party = [start.date().isoformat() for slug, start in starts if slug == "fiesta-de-fin-de-ano"]
    assert party == ["2026-12-24", "2026-12-31", "2027-01-07"]

    single = calendar(output / "agenda/taller-de-grabado/evento.ics")
    assert [str(e["UID"]) for e in single.walk("VEVENT")] == [
        "taller-de-grabado@altavoz.example.org"
    ]
    both = calendar(output / "artists/beto-luna/agenda.ics")
    assert sorted(str(e["SUMMARY"]) for e in both.walk("VEVENT")) == [
        "Fiesta de fin de año",
        "Lectura de poesía",
    ]


def test_the_event_page_shows_when_where_who_and_links_the_calendar(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    page = read_page(output, "agenda/taller-de-grabado/index.html")
    assert "domingo, 17 de mayo de 2026" in page and "UTC−06:00" in page
    assert "Calle Hidalgo 5, Centro" in page and "Entrada libre" in page
    assert 'href="https://altavoz.example.org/artists/ana-rivera/">Ana Rivera</a>' in page
    assert 'href="https://altavoz.example.org/agenda/taller-de-grabado/evento.ics"' in page
    assert "Agregar a mi calendario" in page and "Maíz azul" in page  # the work's card
    english = read_page(output, "en/agenda/taller-de-grabado/index.html")
    assert "Sunday, May 17, 2026" in english and "Add to my calendar" in english


def json_ld(page: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found[-1])


def test_json_ld_names_the_event_s_status_place_organizer_and_free_offer(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    data = json_ld(read_page(output, "agenda/taller-de-grabado/index.html"))
    assert data["@type"] == "Event" and data["name"] == "Taller de grabado"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == "2026-05-17T18:00:00-06:00"
    assert data["location"] == {
        "@type": "Place",
        "name": "Casa de la Cultura",
        "address": "Calle Hidalgo 5, Centro",
    }
    assert data["organizer"][0]["name"] == "Ana Rivera"
    assert data["offers"]["price"] == "0"
    cancelled = json_ld(read_page(output, "agenda/lectura-de-poesia/index.html"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert "offers" not in json_ld(read_page(output, "agenda/fiesta-de-fin-de-ano/index.html"))


def test_hostile_text_never_reaches_a_page_or_a_calendar_unsanitized(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    vectors = [v for v in load_xss_vectors() if "\n" not in v.get("payload", "")][:40]
    for index, vector in enumerate(vectors):
        payload = vector["payload"]
        write_event(
            content,
            f"evento-{index}",
            title=f"T {payload}"[:110],
            venue=f"V {payload}"[:110],
            body=f"Texto {payload}",
        )
    write_event(content, "json", title="</script><b>x &amp; y", venue="a & b < c")
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    pages = sorted((output / "agenda").rglob("index.html"))
    assert len(pages) > 2
    for path in pages:
        page = path.read_text(encoding="utf-8")
        ours = set(
            re.findall(
                rf'<script src="({re.escape(SITEURL)}/theme/js/[a-z]+\.js\?v=[0-9a-f]+)"', page
            )
        )
        problems = policy_violations(page, document=True, allowed_script_src=ours)
        assert problems == [], (path, problems)
    page = read_page(output, "agenda/json/index.html")
    assert page.count("</script>") == page.count("<script")
    assert json_ld(page)["name"] == "</script><b>x &amp; y"
    ics = (output / "agenda.ics").read_bytes()
    parsed = calendar(output / "agenda.ics")
    assert all(set(component) <= {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "SEQUENCE",
                                  "LOCATION", "STATUS", "URL", "DESCRIPTION", "CATEGORIES",
                                  "LAST-MODIFIED", "RRULE"}
               for component in parsed.walk("VEVENT"))  # fmt: skip
    assert b"<script" not in ics.lower() or b"SUMMARY:</script><script>" in ics


def test_a_line_break_cannot_start_a_calendar_property(tmp_path):
    from altavoz_agenda.calendar import Entry, calendar_bytes
    from altavoz_core.events import Event

    start = dt.datetime(2026, 5, 17, 18, tzinfo=MX)
    event = Event(start, start + dt.timedelta(hours=2), "America/Mexico_City",
                  venue="Sala\r\nATTENDEE:mailto:x@evil.example", cost="1;2,3\\")  # fmt: skip
    data = calendar_bytes(
        [Entry("a@h", event, "Título\r\nX-INJECTED:1\nBEGIN:VEVENT", "https://h/agenda/a/")], "C"
    )
    lines = data.decode().split("\r\n")
    assert not any(line.startswith(("X-INJECTED", "ATTENDEE", "BEGIN:VEVENT:")) for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    parsed = icalendar.Calendar.from_ical(data)
    (component,) = parsed.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Título\nX-INJECTED:1\nBEGIN:VEVENT"
    assert str(component["LOCATION"]).startswith("Sala\nATTENDEE")


def test_a_repeat_until_a_day_keeps_that_day_s_evening_in_the_calendar(tmp_path):
    """`until: 2026-05-31` means the workshop of the 31st at 18:00 too: a calendar app
    reading the file shows three evenings, not two."""
    from altavoz_agenda.calendar import Entry, calendar_bytes
    from altavoz_core.events import WEEKLY, Event

    start = dt.datetime(2026, 5, 17, 18, tzinfo=MX)
    event = Event(start, start + dt.timedelta(hours=2), "America/Mexico_City",
                  repeat=WEEKLY, until=dt.date(2026, 5, 31))  # fmt: skip
    data = calendar_bytes([Entry("a@h", event, "Taller", "https://h/agenda/a/")], "C")
    found = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
        dt.datetime(2026, 5, 1, tzinfo=MX), dt.datetime(2026, 7, 1, tzinfo=MX)
    )
    assert sorted(e["DTSTART"].dt.isoformat() for e in found) == [
        "2026-05-17T18:00:00-06:00", "2026-05-24T18:00:00-06:00", "2026-05-31T18:00:00-06:00"
    ]  # fmt: skip


def test_the_embed_page_is_light_and_lists_upcoming_events(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    embed = output / "agenda/embed/index.html"
    assert embed.stat().st_size <= 30 * 1024
    text = html.unescape(embed.read_text(encoding="utf-8"))
    assert "Taller de grabado" in text and "<script" not in text


def test_the_feed_announces_events_and_the_artist_lists_them(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    feed = (output / "feeds/agenda.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 3 and "Taller de grabado" in feed
    artist = read_page(output, "artists/beto-luna/index.html")
    assert "Próximos eventos" in artist and "Lectura de poesía" in artist
    assert f'href="{SITEURL}/artists/beto-luna/agenda.ics"' in artist
    assert 'href="https://altavoz.example.org/agenda/">Agenda</a>' in artist  # the header


def strip_titles(page: str) -> list[str]:
    strip = re.search(r'<section class="agenda-strip".*?</section>', page, re.S)
    if strip is None:
        return []
    return re.findall(r'class="event-title"[^>]*>([^<]+)<', strip.group(0))


def test_the_gallery_shows_the_soonest_events_only_while_there_are_any(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-05-18T12:00:00-06:00")
    gallery = read_page(output, "index.html")
    assert strip_titles(gallery) == ["Taller de grabado", "Fiesta de fin de año"]
    assert f'href="{SITEURL}/agenda/taller-de-grabado/"' in gallery
    # The next session, and the label agenda.js shows if it ends before the next build.
    assert '<time datetime="2026-05-24T18:00:00-06:00">' in gallery
    assert 'data-ends="2026-05-24T20:00:00-06:00"' in gallery and "Ya terminó" in gallery
    assert "css/agenda.css" in gallery and "js/agenda.js" in gallery
    english = read_page(output, "en/index.html")
    assert strip_titles(english) == ["Taller de grabado", "Fiesta de fin de año"]
    assert ">Upcoming events</a></h2>" in english and "Sun, May 24" in english

    output = build(agenda_content, tmp_path, "2027-02-01T12:00:00-06:00")  # all past
    gallery = read_page(output, "index.html")
    assert 'class="agenda-strip"' not in gallery and "css/agenda.css" not in gallery


def test_the_strip_shows_at_most_the_configured_number(agenda_content, tmp_path):
    output = build(
        agenda_content, tmp_path, "2026-03-01T12:00:00-06:00", ALTAVOZ_AGENDA_STRIP_COUNT=2
    )
    assert strip_titles(read_page(output, "index.html")) == [
        "Lectura de poesía",
        "Taller de grabado",
    ]
    output = build(
        agenda_content, tmp_path, "2026-03-01T12:00:00-06:00", ALTAVOZ_AGENDA_STRIP_COUNT=0
    )
    assert 'class="agenda-strip"' not in read_page(output, "index.html")


# -- images --------------------------------------------------------------------------

ALT = "Cartel del taller: una prensa de grabado y hojas recién impresas"


def event_with_photo(content, name="cartel.jpg", **exif):
    from images_support import halves, save_jpeg

    folder = write_event(
        content,
        "taller-de-grabado",
        title="Taller de grabado",
        body=f'Un taller abierto.\n\n![{ALT}]({name} "El cartel")',
    )
    save_jpeg(folder / name, halves((1600, 1200)), **exif)
    return folder


def test_an_event_s_images_are_published_like_a_work_s_never_the_original(tmp_path):
    from images_support import has_no_metadata, published_images

    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    event_with_photo(content, owner=False, serial=False, orientation=6)
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    page = read_page(output, "agenda/taller-de-grabado/index.html")
    assert "<picture>" in page and f'alt="{ALT}"' in page
    assert "<figcaption>El cartel</figcaption>" in page
    files = [p for p in published_images(output) if "taller-de-grabado" in p.parts]
    assert files and all(p.parent == output / "agenda/taller-de-grabado" for p in files)
    assert not (output / "agenda/taller-de-grabado/cartel.jpg").exists()  # the original
    assert all(has_no_metadata(p) for p in files)
    # Every language shows the one copy, at the main site's address.
    english = read_page(output, "en/agenda/taller-de-grabado/index.html")
    assert f"{SITEURL}/agenda/taller-de-grabado/cartel-" in english
    assert not list((output / "en/agenda/taller-de-grabado").glob("cartel*"))


def test_a_photo_with_gps_leaves_the_event_out_until_it_is_stripped(tmp_path):
    from altavoz_images import strip_tree
    from altavoz_moderation.report import check_site
    from altavoz_submit.project import project_settings
    from conftest import ROOT
    from images_support import has_no_metadata, published_images

    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    folder = event_with_photo(content, gps=True)
    report = check_site(content, project_settings(ROOT))
    assert [(f.code, f.path) for f in report.errors] == [
        ("AV520", "content/events/taller-de-grabado/cartel.jpg")
    ]
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert not (output / "agenda/taller-de-grabado").exists()
    assert "Taller de grabado" not in read_page(output, "agenda/index.html")
    assert "Taller de grabado" not in (output / "agenda.ics").read_text(encoding="utf-8")

    strip_tree(folder)  # what a maintainer runs: `invoke strip content/events/...`
    assert check_site(content, project_settings(ROOT)).errors == []
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    files = [p for p in published_images(output) if "taller-de-grabado" in p.parts]
    assert files and all(has_no_metadata(p) for p in files)
    assert "<picture>" in read_page(output, "agenda/taller-de-grabado/index.html")


def test_an_image_taken_out_of_an_event_is_gone_from_the_output(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    folder = event_with_photo(content)
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert list((output / "agenda/taller-de-grabado").glob("cartel-*"))
    (folder / "cartel.jpg").unlink()
    write_event(content, "taller-de-grabado", title="Taller de grabado", body="Sin cartel.")
    output = build(content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert (output / "agenda/taller-de-grabado/index.html").is_file()
    assert not list((output / "agenda/taller-de-grabado").glob("cartel-*"))


def test_an_event_whose_image_cannot_be_published_is_left_out_everywhere(
    agenda_content, tmp_path, monkeypatch
):
    from altavoz_core.findings import ERROR, Finding
    from altavoz_images import items

    event_with_photo(agenda_content)
    real = items.process_images

    def failing(jobs, settings, **options):
        results = real(jobs, settings, **options)
        for image_set in results.values():
            image_set.findings.append(Finding("AV525", ERROR, image_set.rel_path, "-", "-"))
        return results

    monkeypatch.setattr(items, "process_images", failing)
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    assert not (output / "agenda/taller-de-grabado/index.html").exists()
    assert "Taller de grabado" not in read_page(output, "agenda/index.html")
    assert "Taller de grabado" not in strip_titles(read_page(output, "index.html"))
    assert "taller-de-grabado@" not in (output / "agenda.ics").read_text(encoding="utf-8")
    assert (output / "agenda/lectura-de-poesia/index.html").is_file()  # the rest publishes


# -- the calendars' address ----------------------------------------------------------


def url_properties(output) -> list[str]:
    found = []
    for path in output.rglob("*.ics"):
        for component in calendar(path).walk("VEVENT"):
            if "URL" in component:
                found.append(str(component["URL"]))
    return found


def test_a_site_without_an_address_writes_calendars_that_name_no_page(agenda_content, tmp_path):
    """RFC 5545's URL is a URI: a preview (SITEURL = "") has only paths, so none is written
    (and no path in the description), and the calendars are otherwise complete."""
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00", SITEURL="")
    assert url_properties(output) == []
    data = (output / "agenda.ics").read_bytes().decode()
    assert "/agenda/taller-de-grabado/" not in data
    events = {str(e["UID"]): e for e in calendar(output / "agenda.ics").walk("VEVENT")}
    workshop = events["taller-de-grabado@altavoz.invalid"]
    assert "Entrada libre" in str(workshop["DESCRIPTION"]) and "RRULE" in workshop
    # The page's link to the file stays, relative as every link of a preview.
    page = read_page(output, "agenda/taller-de-grabado/index.html")
    assert 'href="/agenda/taller-de-grabado/evento.ics"' in page


def test_the_calendars_address_can_be_set_for_a_preview(agenda_content, tmp_path):
    output = build(
        agenda_content,
        tmp_path,
        "2026-03-01T12:00:00-06:00",
        SITEURL="",
        ALTAVOZ_AGENDA_CALENDAR_SITEURL="http://localhost:8000/",
    )
    urls = url_properties(output)
    assert "http://localhost:8000/agenda/taller-de-grabado/" in urls
    assert all(url.startswith("http://localhost:8000/agenda/") for url in urls)
    uids = [str(e["UID"]) for e in calendar(output / "agenda.ics").walk("VEVENT")]
    assert all(uid.endswith("@localhost") for uid in uids)


@pytest.mark.parametrize("address", ["/agenda", "localhost:8000", "ftp://h.example", "https://"])
def test_an_address_that_is_not_absolute_is_never_a_calendar_url(agenda_content, tmp_path, address):
    output = build(
        agenda_content,
        tmp_path,
        "2026-03-01T12:00:00-06:00",
        SITEURL="",
        ALTAVOZ_AGENDA_CALENDAR_SITEURL=address,
    )
    assert url_properties(output) == []


def test_every_calendar_url_is_absolute_in_the_public_site(agenda_content, tmp_path):
    output = build(agenda_content, tmp_path, "2026-03-01T12:00:00-06:00")
    urls = url_properties(output)
    assert urls and all(url.startswith(f"{SITEURL}/agenda/") for url in urls)


def test_a_calendar_s_timezone_covers_its_events_across_a_change_of_clocks(tmp_path):
    """The VTIMEZONE is made for the calendar's years only: a weekly event in Tijuana
    across the March 2027 change of clocks stays at 18:00 for a calendar program."""
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_event(
        content,
        "cine",
        title="Cine",
        start="2027-02-28 18:00",
        timezone="America/Tijuana",
        repeat="weekly",
        count="4",
    )
    output = build(content, tmp_path, "2027-01-01T12:00:00-08:00")
    parsed = calendar(output / "agenda/cine/evento.ics")
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Tijuana"
    # What a program that reads only the file learns: summer time from March 14, 2027.
    daylight = [(c["DTSTART"].dt, c["TZOFFSETTO"].td) for c in zone.walk("DAYLIGHT")]
    assert (dt.datetime(2027, 3, 14, 3), dt.timedelta(hours=-7)) in daylight
    tijuana = zoneinfo.ZoneInfo("America/Tijuana")
    found = recurring_ical_events.of(parsed).between(
        dt.datetime(2027, 1, 1, tzinfo=tijuana), dt.datetime(2027, 12, 31, tzinfo=tijuana)
    )
    starts = sorted(e["DTSTART"].dt for e in found)
    assert [s.strftime("%m-%d %H:%M") for s in starts] == [
        "02-28 18:00", "03-07 18:00", "03-14 18:00", "03-21 18:00"
    ]  # fmt: skip
    offsets = [s.astimezone(dt.UTC).hour for s in starts]
    assert offsets == [2, 2, 1, 1]  # UTC-8, then UTC-7 from March 14
