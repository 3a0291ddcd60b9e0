"""What a rebuild remembers of the agenda: an unchanged event is not checked, read,
sanitized, dated or made into a calendar again, nor its history read from git again, and
what it remembers answers only for the same event in the same site (an organizer or work
that disappears, a new commit, a new timezone database are seen at once)."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import subprocess
import zoneinfo
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from altavoz_agenda import calendar, display, history
from altavoz_moderation.report import check_site
from altavoz_submit.project import complete_settings
from conftest import build_site, make_settings
from test_agenda_build import SITEURL, TALLER, write_event, write_organizers
from test_build_caches import counted, files_of, fresh_process  # noqa: F401 (a fixture)

NOW = "2026-03-01T12:00:00-06:00"


def settings_for(content, tmp_path) -> dict:
    return complete_settings(
        make_settings(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
    )


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
    content = write_organizers(tmp_path / "content")
    write_event(
        content,
        "taller-de-grabado",
        **TALLER,
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


def git(root, *args):
    identity = ["-c", "user.name=Prueba", "-c", "user.email=prueba@example.org"]
    subprocess.run(
        ["git", "-C", str(root), *identity, "-c", "commit.gpgsign=false", *args],
        check=True,
        capture_output=True,
    )


def test_a_committed_edit_gets_a_higher_sequence_and_new_dates(tmp_path, monkeypatch):
    content = agenda_site(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "Primeros eventos")
    output = build(content, tmp_path)
    single = output / "agenda/lectura/evento.ics"
    page = output / "agenda/lectura/index.html"
    first = single.read_bytes().decode()
    assert "SEQUENCE:0\r\n" in first and "SUMMARY:Lectura\r\n" in first
    assert "17 de mayo de 2026" in page.read_text("utf-8")

    # Unchanged: the events' history (by the commit checked out) and their dates in each
    # language come from the cache; git is asked only which commit that is.
    logs, dates = [], []
    real_log, real_when = history.run_git_bounded, display.when
    monkeypatch.setattr(
        history, "run_git_bounded", lambda *a, **k: logs.append(a) or real_log(*a, **k)
    )
    monkeypatch.setattr(display, "when", lambda *a: dates.append(a) or real_when(*a))
    output = build(content, tmp_path)
    assert logs == [] and dates == []
    assert single.read_bytes().decode() == first

    # Edited and committed: a new commit, so the log is read again and a calendar program
    # that subscribed sees a higher SEQUENCE; the new date is written out again.
    write_event(
        content,
        "lectura",
        title="Lectura en voz alta",
        organizers="beto-luna",
        timezone="America/Tijuana",
        start="2026-05-24 18:00",
    )
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "Otra fecha")
    output = build(content, tmp_path)
    assert len(logs) == 1 and dates
    edited = single.read_bytes().decode()
    assert "SEQUENCE:1\r\n" in edited and "SUMMARY:Lectura en voz alta\r\n" in edited
    assert "DTSTART;TZID=America/Tijuana:20260524T180000" in edited
    shown = page.read_text("utf-8")
    assert "24 de mayo de 2026" in shown and "17 de mayo de 2026" not in shown
    assert "SEQUENCE:1\r\n" in (output / "artists/beto-luna/agenda.ics").read_bytes().decode()


def test_a_new_timezone_database_makes_the_calendars_again(tmp_path, monkeypatch):
    """A calendar file is remembered by its zones' files, not by their VTIMEZONE (which
    icalendar takes ~20 ms to work out): a zone whose file changed is worked out again."""
    event = SimpleNamespace(
        timezone="America/Mexico_City",
        start=dt.datetime(2026, 5, 17, 18, tzinfo=ZoneInfo("America/Mexico_City")),
        last_end=dt.datetime(2026, 5, 17, 20, tzinfo=ZoneInfo("America/Mexico_City")),
    )
    entries = [calendar.Entry(uid="lectura@example.org", event=event, title="Lectura", url="")]
    calendar._zone_source.cache_clear()
    before = calendar.zone_rules(entries)
    # Another database whose Mexico City file holds Tijuana's rules.
    other = tmp_path / "zoneinfo"
    (other / "America").mkdir(parents=True)
    (other / "America" / "Mexico_City").write_bytes(
        (Path(zoneinfo.TZPATH[0]) / "America" / "Tijuana").read_bytes()
        if (Path(zoneinfo.TZPATH[0]) / "America" / "Tijuana").is_file()
        else importlib.resources.files("tzdata").joinpath("zoneinfo/America/Tijuana").read_bytes()
    )
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(other),))
    calendar._zone_source.cache_clear()
    try:
        assert calendar.zone_rules(entries) != before
    finally:
        calendar._zone_source.cache_clear()
