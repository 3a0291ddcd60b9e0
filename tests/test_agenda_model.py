"""The agenda's model: an event's header read into times and repetitions, every wrong value a
coded bilingual finding, and the check reporting them for content/events/ (one bad event
refused, the others and the rest of the site untouched)."""

from __future__ import annotations

import datetime as dt

import pytest
from altavoz_core.events import read_event
from altavoz_moderation.report import check_site
from altavoz_submit.project import create_settings
from moderation_support import make_artist, make_valid_site, render_index

FILE = "content/events/taller/index.md"
TODAY = dt.date(2026, 1, 10)
GOOD = {
    "title": "Taller de grabado",
    "start": "2026-05-17 18:00",
    "duration": "2h",
    "venue": "Casa de la Cultura de Juchitán",
    "organizers": "ana-perez",
    "consent": "yes",
}


def read(site_artists=("ana-perez",), site_works=(("ana-perez", "mural-azul"),), **changes):
    values = {**GOOD, **changes}
    values = {key: value for key, value in values.items() if value is not None}
    return read_event(
        values,
        settings={},
        file=FILE,
        artists=set(site_artists),
        works=set(site_works),
        today=TODAY,
    )


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


def test_a_plain_event_reads_as_local_times_in_the_default_timezone():
    event, findings = read()
    assert findings == []
    assert event.start.isoformat() == "2026-05-17T18:00:00-06:00"
    assert event.end.isoformat() == "2026-05-17T20:00:00-06:00"
    assert event.timezone == "America/Mexico_City" and event.status == "scheduled"
    assert [start.day for start, _ in event.occurrences()] == [17]


def test_end_or_duration_exactly_one_and_after_the_start():
    assert read(end="2026-05-17 20:30", duration=None)[0].end.hour == 20
    assert codes(read(duration=None)[1]) == ["AV244"]
    assert codes(read(end="2026-05-17 20:30")[1]) == ["AV244"]
    assert codes(read(end="2026-05-17 17:00", duration=None)[1]) == ["AV242"]
    assert codes(read(end="2026-05-17 18:00", duration=None)[1]) == ["AV242"]
    assert codes(read(duration="40d")[1]) == ["AV243"]
    for bad in ("2 h", "0h", "2w", "1.5h", "٢h", "99999h"):
        assert codes(read(duration=bad)[1]) == ["AV243"], bad


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30 18:00",
        "2026-05-17",
        "17/05/2026 18:00",
        "2026-05-17 25:00",
        "2026-05-17T18:00",
        "٢٠٢٦-05-17 18:00",
        "2026-05-17\n18:00",
        "2026-05-17 6pm",
    ],
)
def test_impossible_or_malformed_dates_are_refused(value):
    event, findings = read(start=value)
    assert event is None and "AV240" in codes(findings)
    finding = findings[codes(findings).index("AV240")]
    assert finding.field == "start" and FILE in finding.message_es and FILE in finding.message_en
    assert "AAAA-MM-DD HH:MM" in finding.message_es and "YYYY-MM-DD HH:MM" in finding.message_en


def test_years_outside_the_window_are_refused():
    assert codes(read(start="1850-05-17 18:00")[1]) == ["AV245"]
    assert codes(read(start="2029-05-17 18:00")[1]) == ["AV245"]  # more than 2 years ahead
    assert read(start="2028-12-31 18:00")[1] == []


def test_timezones_are_iana_names_only():
    assert read(timezone="America/Tijuana")[0].start.utcoffset() == dt.timedelta(hours=-7)
    for bad in (
        "Mars/Olympus",
        "../../etc/passwd",
        "/etc/localtime",
        "america/mexico_city",
        "X" * 200,
    ):
        event, findings = read(timezone=bad)
        assert event is None and codes(findings) == ["AV241"], bad


def test_a_wall_clock_time_the_zone_skips_is_refused():
    # 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    event, findings = read(timezone="America/New_York", start="2026-03-08 02:30")
    assert event is None and codes(findings) == ["AV246"]


def test_status_must_be_one_of_three_and_cancelled_is_kept():
    assert read(status="cancelled")[0].status == "cancelled"
    assert read(status="Postponed")[0].status == "postponed"
    assert codes(read(status="cancelado")[1]) == ["AV247"]


def test_weekly_repeat_with_count_and_until():
    event, findings = read(repeat="weekly", count="4")
    assert findings == []
    assert [s.date().isoformat() for s, _ in event.occurrences()] == [
        "2026-05-17",
        "2026-05-24",
        "2026-05-31",
        "2026-06-07",
    ]
    event, _ = read(repeat="weekly", until="2026-05-31")
    assert len(event.occurrences()) == 3  # the until day itself counts


def test_monthly_repeat_skips_months_without_the_day():
    event, findings = read(start="2026-01-31 18:00", repeat="monthly", count="3")
    assert findings == []
    assert [s.date().isoformat() for s, _ in event.occurrences()] == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
    ]


def test_repeats_need_one_end_and_at_most_the_configured_occurrences():
    assert codes(read(repeat="weekly")[1]) == ["AV249"]
    assert codes(read(repeat="weekly", count="3", until="2026-06-01")[1]) == ["AV249"]
    assert codes(read(repeat="daily", count="3")[1]) == ["AV248"]
    assert codes(read(repeat="weekly", count="53")[1]) == ["AV251"]
    assert read(repeat="weekly", count="52")[1] == []
    assert codes(read(repeat="weekly", until="2027-06-01")[1]) == ["AV251"]
    assert codes(read(repeat="weekly", count="0")[1]) == ["AV250"]
    assert codes(read(repeat="weekly", count="-3")[1]) == ["AV250"]
    assert codes(read(repeat="weekly", until="2026-05-01")[1]) == ["AV250"]
    assert codes(read(count="3")[1]) == ["AV256"]
    assert codes(read(until="2026-06-01")[1]) == ["AV256"]
    # A site may allow fewer.
    values = {**GOOD, "repeat": "weekly", "count": "5"}
    _, findings = read_event(
        values, settings={"ALTAVOZ_AGENDA_MAX_OCCURRENCES": 4}, file=FILE, artists={"ana-perez"}
    )
    assert codes(findings) == ["AV251"]


def test_organizers_and_works_must_exist():
    assert read(organizers="ana-perez, ana-perez")[0].organizers == ("ana-perez",)
    event, findings = read(organizers="ana-perez, nadie")
    assert event is None and codes(findings) == ["AV252"] and "nadie" in findings[0].message_en
    assert codes(read(organizers="../ana-perez")[1]) == ["AV252"]
    assert read(works="ana-perez/mural-azul")[0].works == (("ana-perez", "mural-azul"),)
    for bad in ("ana-perez/otra", "mural-azul", "ana-perez/mural-azul/x", "../x/y"):
        assert codes(read(works=bad)[1]) == ["AV253"], bad
    many = ", ".join(f"a{i}" for i in range(11))
    assert "AV257" in codes(read(organizers=many, site_artists=[f"a{i}" for i in range(11)])[1])


@pytest.mark.parametrize(
    "value",
    [
        "http://ejemplo.org/sala",
        "javascript:alert(1)",
        "https://",
        "https://user@evil.example",
        "https://ejemplo.org/a b",
        "ftp://ejemplo.org",
        "//ejemplo.org",
        "https://x.org/\r\nX: y",
    ],
)
def test_online_must_be_an_https_address(value):
    assert codes(read(online=value)[1]) == ["AV254"]


def test_online_https_is_kept():
    assert read(online="https://meet.example.org/taller")[0].online.startswith("https://")


@pytest.mark.parametrize(
    "address",
    [
        "Calle Hidalgo 12, depto 3",
        "Mi casa, calle Juárez",
        "Av. Reforma 200 int. 4",
        "Casa de Doña Rosa, Tepito",
        "Domicilio particular",
        "Apartment 5B, 3rd street",
    ],
)
def test_an_address_that_looks_like_a_home_is_a_warning_for_review(address):
    event, findings = read(address=address)
    assert codes(findings) == ["AV255"] and findings[0].severity == "warning"
    assert event is not None  # a warning: it still publishes once a person has looked


@pytest.mark.parametrize(
    "address",
    ["Casa de la Cultura, Juchitán", "Parque Central, Oaxaca", "Mercado Hidalgo, local 5"],
)
def test_public_places_are_not_taken_for_homes(address):
    assert read(address=address)[1] == []


def write_event(content, slug="taller", body="Un taller abierto para todas las edades.", **fields):
    folder = content / "events" / slug
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**GOOD, "lang": "es", **fields}
    (folder / "index.md").write_text(render_index(merged, body), encoding="utf-8")
    return folder


def test_the_check_reports_events_and_refuses_only_the_bad_one(tmp_path):
    content = make_valid_site(tmp_path)
    write_event(content, "taller")
    write_event(content, "roto", organizers="nadie", timezone="Mars/Olympus")
    report = check_site(content, create_settings())
    assert report.rejected == {"content/events/roto"}
    found = {(f.path, f.code) for f in report.findings}
    assert found == {
        ("content/events/roto/index.md", "AV252"),
        ("content/events/roto/index.md", "AV241"),
    }


def test_event_text_gets_the_same_checks_as_a_work(tmp_path):
    content = make_valid_site(tmp_path)
    write_event(content, "xss", body='Hola <script>alert(1)</script> <a href="javascript:x">y</a>')
    write_event(content, "sin-texto", body="")
    write_event(content, "campo-raro", save_as="index.html")
    write_event(content, "largo", venue="V" * 500)
    report = check_site(content, create_settings())
    by_path = {}
    for finding in report.findings:
        by_path.setdefault(finding.path.split("/")[2], set()).add(finding.code)
    assert {"AV301"} <= by_path["xss"]
    assert by_path["sin-texto"] == {"AV309"}  # a warning, as for a work
    assert by_path["campo-raro"] == {"AV208"}
    assert by_path["largo"] == {"AV305"}
    assert report.rejected == {f"content/events/{name}" for name in ("xss", "campo-raro", "largo")}


def test_missing_fields_and_a_reserved_folder_name(tmp_path):
    content = make_valid_site(tmp_path)
    folder = write_event(content, "embed")
    text = (folder / "index.md").read_text(encoding="utf-8").replace("organizers: ana-perez\n", "")
    (folder / "index.md").write_text(text, encoding="utf-8")
    report = check_site(content, create_settings())
    assert {f.code for f in report.findings} == {"AV206", "AV258"}


def test_a_loose_file_in_events_is_reported_and_a_page_cannot_take_the_agenda(tmp_path):
    content = make_valid_site(tmp_path)
    (content / "events").mkdir()
    (content / "events" / "notas.md").write_text("hola", encoding="utf-8")
    (content / "pages" / "agenda.md").write_text(
        render_index({"title": "Agenda", "lang": "es"}, "Texto."), encoding="utf-8"
    )
    report = check_site(content, create_settings())
    assert "content/events/notas.md" in report.rejected
    assert "content/pages/agenda.md" in report.rejected


def test_an_organizer_added_in_the_same_change_counts(tmp_path):
    content = make_valid_site(tmp_path)
    make_artist(content, "beto-luna", name="Beto Luna")
    write_event(content, organizers="ana-perez, beto-luna")
    assert check_site(content, create_settings()).findings == []
