"""What a rebuild remembers of the agenda: an unchanged event is not checked, read,
sanitized or made into a calendar again, and what it remembers answers only for the
same event in the same site (an organizer or work that disappears is seen at once)."""

from __future__ import annotations

import os

from altavoz_agenda import calendar
from altavoz_moderation.report import check_site
from conftest import build_site, make_settings, write_artist, write_work
from test_agenda_build import SITEURL, write_event
from test_build_caches import counted, files_of, fresh_process  # noqa: F401 (a fixture)

NOW = "2026-03-01T12:00:00-06:00"


def settings_for(content, tmp_path) -> dict:
    return dict(make_settings(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache")))


def build(content, tmp_path):
    fresh_process()  # each build as a new process: only the disk cache is shared
    return build_site(
        content,
        tmp_path / "output",
        CACHE_PATH=str(tmp_path / "cache"),
        SITEURL=SITEURL,
        ALTAVOZ_AGENDA_NOW=NOW,
    )


def agenda_site(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_artist(content, "beto-luna", name="Beto Luna")
    write_work(content, "ana-rivera", "maiz-azul", title="Maíz azul")
    write_event(
        content,
        "taller-de-grabado",
        title="Taller de grabado",
        repeat="weekly",
        count="6",
        works="ana-rivera/maiz-azul",
        body="Un taller *abierto* para todas las edades.",
    )
    write_event(
        content, "lectura", title="Lectura", organizers="beto-luna", timezone="America/Tijuana"
    )
    return content


def test_an_unchanged_rebuild_does_no_event_work_again(tmp_path, counted, monkeypatch):  # noqa: F811
    content = agenda_site(tmp_path)
    output = build(content, tmp_path)
    before = files_of(output)
    calendars = output / "agenda.ics", output / "agenda/lectura/evento.ics"
    stamps = [(os.stat(path).st_ino, os.stat(path).st_mtime_ns) for path in calendars]
    made = []
    monkeypatch.setattr(
        calendar, "calendar_bytes", lambda *args: made.append(args) or b"not remembered"
    )
    for name in counted:
        counted[name] = 0

    output = build(content, tmp_path)
    # Only the blog and pages are checked every time (there are none here); every event's
    # verdict, reading, sanitized description and calendar came from the cache.
    assert counted == {"checked": 0, "sanitized": 0, "markdown": 0}
    assert made == []
    assert files_of(output) == before
    assert [(os.stat(path).st_ino, os.stat(path).st_mtime_ns) for path in calendars] == stamps


def test_a_remembered_verdict_follows_the_organizers_and_works_of_the_site(tmp_path):
    content = agenda_site(tmp_path)
    settings = settings_for(content, tmp_path)
    fresh_process()
    assert check_site(content, settings).ok

    # The event's folder is unchanged, the site is not: its organizer is gone.
    beto = content / "artists" / "beto-luna"
    saved = (beto / "index.md").read_bytes()
    (beto / "index.md").unlink()
    beto.rmdir()
    fresh_process()
    report = check_site(content, settings)
    assert "content/events/lectura" in report.rejected
    assert [f.code for f in report.errors if "events/lectura" in f.path] == ["AV252"]
    beto.mkdir()
    (beto / "index.md").write_bytes(saved)
    fresh_process()
    assert check_site(content, settings).ok

    # The same for a work it shows.
    work = content / "works" / "ana-rivera" / "maiz-azul"
    work.rename(tmp_path / "aside")
    fresh_process()
    report = check_site(content, settings)
    assert [f.code for f in report.errors if "events/taller" in f.path] == ["AV253"]
    (tmp_path / "aside").rename(work)
    fresh_process()
    assert check_site(content, settings).ok


def test_an_edited_event_gets_its_new_calendar(tmp_path):
    content = agenda_site(tmp_path)
    output = build(content, tmp_path)
    assert "SUMMARY:Lectura\r\n" in (output / "agenda/lectura/evento.ics").read_bytes().decode()
    write_event(
        content, "lectura", title="Lectura en voz alta", organizers="beto-luna", status="cancelled"
    )
    output = build(content, tmp_path)
    single = (output / "agenda/lectura/evento.ics").read_bytes().decode()
    assert "SUMMARY:Lectura en voz alta" in single and "STATUS:CANCELLED" in single
    assert "Lectura en voz alta" in (output / "artists/beto-luna/agenda.ics").read_text("utf-8")
