"""`invoke intake` for the agenda: the event form filled on a phone becomes an event folder.

Bodies are rendered from `.github/ISSUE_TEMPLATE/evento-nuevo.yml` as GitHub writes them
(tests/intake_support.py); the folder is read back with the core's ``read_event`` (the
check's and the build's one reading) and built into an event page. Each mistake a phone
user makes gets one message naming the form's field, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from altavoz_core.events import parse_date, read_event, zone
from altavoz_core.frontmatter import read_fields
from altavoz_core.slugs import is_folder_name
from altavoz_submit.intake.actions import field_limits
from altavoz_submit.intake.messages import message
from altavoz_submit.project import project_settings
from conftest import build_site, read_page, write_artist
from intake_support import (
    Raw,
    artists_project,
    attached_photos,
    form_elements,
    photos_markdown,
    render_body,
    run_issue,
    said,
    tree,
)
from moderation_support import load_xss_vectors, policy_violations
from submit_support import private_tags

FORM = "evento-nuevo"
EVENT_IDS = [
    "title", "start", "start_time", "end", "timezone", "venue", "address", "online", "cost",
    "repeat", "until", "count", "organizers", "works", "description", "images", "alt", "tags",
    "lang", "consent", "name", "city", "pronouns", "bio", "links",
]  # fmt: skip
SITE = "https://altavoz-mx.github.io/altavoz"
GOOD = {
    "title": "Taller de grabado en linóleo",
    "start": "2027-03-14",
    "start_time": "18:00",
    "end": "20:30",
    "timezone": "America/Mexico_City",
    "venue": "Casa de la Cultura de Xanenetla",
    "address": "Calle 4 Norte, Barrio de Xanenetla, Puebla",
    "online": "https://meet.example.org/taller",
    "cost": "Cooperación voluntaria",
    "repeat": "weekly",
    "until": "2027-04-04",
    "organizers": f"{SITE}/artists/mateo-cisneros/",
    "works": f"{SITE}/works/mateo-cisneros/barro-negro/",
    "description": "Aprende a tallar linóleo.\nTrae ropa que se pueda manchar.\n\nHay café.",
    "tags": "grabado, taller",
    "lang": "es",
    "consent": True,
}
NOW = "2027-03-01T12:00:00-06:00"  # the agenda built before the event


@pytest.fixture
def project(tmp_path) -> Path:
    def luz(content):
        write_artist(
            content, "luz-mendoza", name="Luz Mendoza", github="luzmendoza", github_id="42"
        )

    return artists_project(tmp_path, luz)


@pytest.fixture
def photos(tmp_path) -> Path:
    return attached_photos(tmp_path)


def body(**changes) -> str:
    return render_body(FORM, {**GOOD, **changes}, newline="\r\n")


def intake(project, text, photos=None, *, author="luzmendoza", user_id=42):
    title = "Evento nuevo / New event"
    return run_issue(project, text, photos, author=author, user_id=user_id, title=title)


def problems_of(report: str) -> list[str]:
    return [line[2:] for line in report.splitlines() if line.startswith("- ")]


def label(field_id: str) -> str:
    (element,) = [e for e in form_elements(FORM) if e["id"] == field_id]
    return element["attributes"]["label"]


def the_event(project: Path) -> tuple[Path, dict, str]:
    (index,) = (project / "content" / "events").glob("*/index.md")
    values, text = read_fields(index.read_text(encoding="utf-8"))
    return index.parent, values, text


# ------------------------------------------------------------------------ the form


def test_the_event_form_asks_for_the_event_header_keys():
    elements = form_elements(FORM)
    assert [e["id"] for e in elements] == EVENT_IDS
    for element in elements:
        spanish, _, english = element["attributes"]["label"].partition(" / ")
        assert spanish and english, element["attributes"]["label"]
    assert "Dirección (opcional, pública)" in label("address")
    (address,) = [e for e in elements if e["id"] == "address"]
    assert "casa" in address["attributes"]["description"]  # homes are warned about


def test_the_timezone_list_is_mexico_s_zones_with_the_city_first():
    (element,) = [e for e in form_elements(FORM) if e["id"] == "timezone"]
    ids = [o.rsplit("(", 1)[1].rstrip(")") for o in element["attributes"]["options"]]
    assert ids[0] == "America/Mexico_City" and element["attributes"]["default"] == 0
    assert all(zone(name) is not None for name in ids)
    assert len(set(ids)) == len(ids) >= 10


def test_the_form_limits_are_the_checks():
    settings = project_settings(Path(__file__).resolve().parents[1])
    limits = field_limits(settings)
    lengths = settings["ALTAVOZ_MODERATION_MAX_LENGTHS"]
    for key in ("title", "venue", "address", "cost", "online", "organizers", "works", "tags"):
        assert limits[key] == lengths[key], key
    assert limits["description"] == settings["ALTAVOZ_MODERATION_MAX_BODY_LENGTHS"]["event"]


# ------------------------------------------------------------------------ a good event


def test_a_good_event_becomes_a_folder_the_agenda_reads_with_the_same_values(
    project, photos, tmp_path
):
    text = body(
        images=photos_markdown(["aaa-111"]),
        alt="Cartel del taller: una gubia sobre linóleo verde",
    )
    outcome = intake(project, text, photos)
    assert outcome.code == 0, outcome.report
    assert message("passed_event", "es", title=GOOD["title"]) in outcome.report
    folder, values, description = the_event(project)
    assert folder.name == "taller-de-grabado-en-linoleo"
    settings = project_settings(project)
    artists = {p.name for p in (project / "content" / "artists").iterdir()}
    read, findings = read_event(
        values, settings=settings, file="x", artists=artists,
        works={("mateo-cisneros", "barro-negro")}, today=dt.date(2027, 1, 1),
    )  # fmt: skip
    assert [f.code for f in findings] == [] and read is not None
    assert read.start.isoformat() == "2027-03-14T18:00:00-06:00"
    assert read.end.isoformat() == "2027-03-14T20:30:00-06:00"
    assert read.timezone == "America/Mexico_City" and read.repeat == "weekly"
    assert len(read.occurrences()) == 4  # March 14, 21, 28 and April 4
    assert read.organizers == ("luz-mendoza", "mateo-cisneros")
    assert read.works == (("mateo-cisneros", "barro-negro"),)
    assert (read.venue, read.address, read.online, read.cost) == (
        GOOD["venue"], GOOD["address"], GOOD["online"], GOOD["cost"],
    )  # fmt: skip
    assert values["lang"] == "es" and values["consent"] == "yes" and values["tags"] == GOOD["tags"]
    assert "Trae ropa que se pueda manchar." in description
    # The photo is published like a work's: stripped of its GPS, described.
    (photo,) = [p for p in folder.iterdir() if p.suffix == ".jpg"]
    assert "GPS" not in private_tags(photo)
    assert f"![Cartel del taller: una gubia sobre linóleo verde]({photo.name})" in description
    assert sorted(outcome.manifest["written"]) == [
        f"content/events/{folder.name}/index.md",
        f"content/events/{folder.name}/{photo.name}",
    ]
    output = build_site(project / "content", tmp_path / "output", ALTAVOZ_AGENDA_NOW=NOW)
    page = read_page(output, f"agenda/{folder.name}/index.html")
    assert "Taller de grabado en linóleo" in page and "domingo, 14 de marzo de 2027" in page
    assert "Casa de la Cultura de Xanenetla" in page and "Cooperación voluntaria" in page
    assert "/artists/mateo-cisneros/" in page and "Barro negro" in page
    calendar = icalendar.Calendar.from_ical((output / "agenda.ics").read_bytes())
    (component,) = calendar.walk("VEVENT")
    assert str(component["SUMMARY"]) == GOOD["title"]
    assert "FREQ=WEEKLY" in component["RRULE"].to_ical().decode()
    # The form is one tap away from the page that explains how to send things.
    for prefix, words in (("", "Anuncia un evento"), ("en/", "Announce an event")):
        enviar = read_page(output, f"{prefix}enviar/index.html")
        assert re.search(rf'href="[^"]*template=evento-nuevo\.yml"[^>]*>{words}</a>', enviar)


def test_an_end_that_is_a_duration_or_another_day_is_written_so(project):
    assert intake(project, body(end="2h", repeat="none", until="")).code == 0
    _, values, _ = the_event(project)
    assert values["duration"] == "2h" and "end" not in values and "repeat" not in values
    assert values["start"] == "2027-03-14 18:00"


def test_an_event_past_midnight_takes_its_end_date(project):
    outcome = intake(project, body(start_time="21:00", end="2027-03-15 02:00", repeat="none",
                                   until=""))  # fmt: skip
    assert outcome.code == 0, outcome.report
    _, values, _ = the_event(project)
    assert values["end"] == "2027-03-15 02:00"


def test_a_first_time_organizer_gets_a_profile_with_the_event(project):
    outcome = intake(project, body(name="Itzel Hernández", city="San Cristóbal"),
                     author="itzelh", user_id=77)  # fmt: skip
    assert outcome.code == 0, outcome.report
    profile = project / "content" / "artists" / "itzel-hernandez" / "index.md"
    assert "github_id: 77" in profile.read_text(encoding="utf-8")
    _, values, _ = the_event(project)
    assert values["organizers"] == "itzel-hernandez, mateo-cisneros"
    assert message("new_artist", "es", name="Itzel Hernández") in outcome.report


def test_an_event_with_a_taken_name_gets_its_date_then_a_number(project):
    for _ in range(3):
        assert intake(project, body()).code == 0
    names = sorted(p.name for p in (project / "content" / "events").iterdir())
    assert names == [
        "taller-de-grabado-en-linoleo",
        "taller-de-grabado-en-linoleo-2027-03-14",
        "taller-de-grabado-en-linoleo-2027-03-14-2",
    ]


@pytest.mark.parametrize("title", ["embed", "Página", "ics", "x" * 120, "¡¡!!", "con"])
def test_the_folder_is_always_a_valid_event_folder(project, title):
    outcome = intake(project, body(title=title))
    assert outcome.code == 0, outcome.report
    folder, _, _ = the_event(project)
    assert is_folder_name(folder.name) and folder.name not in ("embed", "ics", "page", "con")


# ------------------------------------------------------------------------ phone mistakes

MISTAKES = [
    ({"start": "14/03/2027"}, "event_date_day_first",
     {"field": label("start"), "value": "14/03/2027", "suggestion": "2027-03-14"}),
    ({"start": "mañana"}, "event_date_invalid", {"field": label("start"), "value": "mañana"}),
    ({"start_time": "7pm"}, "event_time_twelve",
     {"field": label("start_time"), "value": "7pm", "suggestion": "19:00"}),
    ({"start_time": "siete"}, "event_time_invalid",
     {"field": label("start_time"), "value": "siete"}),
    ({"end": "17:00"}, "event_end_before_start", {"field": label("end")}),
    ({"end": "cuando acabe"}, "event_end_invalid",
     {"field": label("end"), "value": "cuando acabe"}),
    ({"organizers": "https://altavoz-mx.github.io/altavoz/artists/nadie/"},
     "event_organizer_not_found",
     {"field": label("organizers"), "value": "https://altavoz-mx.github.io/altavoz/artists/nadie/"}),
    ({"works": "mateo-cisneros/no-existe"}, "event_work_not_found",
     {"field": label("works"), "value": "mateo-cisneros/no-existe"}),
    ({"online": "http://meet.example.org/taller"}, "event_online_invalid",
     {"field": label("online"), "value": "http://meet.example.org/taller"}),
    ({"consent": False}, "event_consent_missing", {"field": label("consent")}),
    ({"until": ""}, "event_repeat_end", {"until": label("until"), "count": label("count")}),
    ({"repeat": "none"}, "event_repeat_none", {"field": label("until"), "repeat": label("repeat")}),
    ({"until": "2029-12-31"}, "event_too_many",
     {"limit": 52, "until": label("until"), "count": label("count")}),
    ({"start": "2099-03-14", "until": ""}, "event_year_outside",
     {"field": label("start"), "value": "2099-03-14 18:00"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "key", "values"), MISTAKES, ids=[f"{m[1]}-{next(iter(m[0]))}" for m in MISTAKES]
)
def test_each_phone_mistake_gets_one_plain_message_naming_its_field(project, changes, key, values):
    before = tree(project / "content")
    text = body(**changes)
    if "start" in changes and changes["start"].startswith("2099"):
        text = body(**{**changes, "repeat": "none"})
    outcome = intake(project, text)
    assert outcome.code == 1
    assert problems_of(outcome.report) == [said(key, **values)]
    assert tree(project / "content") == before  # nothing written
    assert not re.search(r"AV[0-9]{3}|content/|index\.md", outcome.report)


def test_the_messages_follow_the_forms_english(project):
    outcome = intake(project, body(start="14/03/2027", start_time="7pm", lang="en"))
    assert problems_of(outcome.report) == [
        said("event_date_day_first", "en", field=label("start"), value="14/03/2027",
             suggestion="2027-03-14"),
        said("event_time_twelve", "en", field=label("start_time"), value="7pm",
             suggestion="19:00"),
    ]  # fmt: skip


def test_a_home_address_is_published_only_after_a_person_looks(project):
    outcome = intake(project, body(address="Mi casa, Calle Pino 4 interior 2"))
    assert outcome.code == 0
    assert said("event_address_private", field=label("address"),
                value="Mi casa, Calle Pino 4 interior 2") in outcome.report  # fmt: skip


# ------------------------------------------------------------------------ hostile values


def test_a_line_break_in_a_one_line_field_cannot_add_a_header_key(project):
    text = body(
        title=Raw("Taller\r\nstatus: cancelled\u2028save_as: ../x.html"),
        venue=Raw("Sala\u0085organizers: nadie"),
        cost=Raw("Gratis\x0bworks: a/b"),
    )
    outcome = intake(project, text)
    assert outcome.code == 0, outcome.report
    folder, values, _ = the_event(project)
    header = (folder / "index.md").read_text(encoding="utf-8").split("---")[1]
    assert set(values) <= set(EVENT_IDS) | {"duration", "status"} and "save_as" not in values
    assert "status" not in values and values["organizers"] == "luz-mendoza, mateo-cisneros"
    assert values["title"] == "Taller status: cancelled save_as: ../x.html"
    assert all(line.count(":") >= 1 for line in header.strip().split("\n"))


def test_a_field_over_the_checks_limit_is_named_and_nothing_is_written(project):
    before = tree(project / "content")
    outcome = intake(project, body(venue="v" * 10_000, description="d" * 10_000))
    limits = field_limits(project_settings(project))
    assert outcome.code == 1
    assert said("too_long", field=label("venue"), limit=limits["venue"]) in outcome.report
    assert said("too_long", field=label("description"), limit=limits["description"]) in (
        outcome.report
    )
    assert tree(project / "content") == before


def test_hostile_values_reach_no_page_or_calendar_unsanitized(project, tmp_path):
    """Each value is either refused by the check (nothing written, the field named) or
    published inert: no active HTML on any agenda page, no property a value starts in
    a calendar file."""
    vectors = [v["payload"] for v in load_xss_vectors()][:12]
    vectors += ["Sala\r\nATTENDEE:mailto:x@evil.example", "1;2,3\\ DESCRIPTION:x", '">']
    accepted = 0
    for n, payload in enumerate(vectors):
        text = body(
            title=Raw(f"T{n} {payload}"[:110]),
            venue=Raw(f"V {payload}"[:110]),
            cost=Raw(f"C {payload}"[:110]),
            description=Raw(f"Texto {payload}"),
            repeat="none",
            until="",
        )
        outcome = intake(project, text)
        accepted += outcome.code == 0
        if outcome.code:
            assert f"«{label('title')}»" in outcome.report or "Tu evento" in outcome.report
    events = project / "content" / "events"
    assert accepted >= 3 and len(list(events.iterdir())) == accepted
    output = build_site(project / "content", tmp_path / "output", ALTAVOZ_AGENDA_NOW=NOW)
    pages = sorted((output / "agenda").rglob("index.html"))
    assert len(pages) > accepted
    for path in pages:
        page = path.read_text(encoding="utf-8")
        ours = set(re.findall(r'<script src="([^"]*/theme/js/[a-z]+\.js\?v=[0-9a-f]+)"', page))
        assert policy_violations(page, document=True, allowed_script_src=ours) == [], path
    ics = (output / "agenda.ics").read_bytes().decode("utf-8")
    lines = ics.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "DESCRIPTION:x")) for line in lines)
    assert len(icalendar.Calendar.from_ical(ics).walk("VEVENT")) == accepted


@pytest.mark.parametrize(
    "title", ["Taller\u202egnp.exe", "Ta\u200bller\u200d", "\u2067ورشة\u2069 de grabado", "\ufeffX"]
)
def test_direction_and_invisible_characters_in_a_title_are_refused_naming_the_title(project, title):
    before = tree(project / "content")
    outcome = intake(project, body(title=Raw(title), repeat="none", until=""))
    assert outcome.code == 1
    assert f"(En el formulario: «{label('title')}».)" in outcome.report
    assert not re.search(r"AV[0-9]{3}|content/", outcome.report)
    assert tree(project / "content") == before and outcome.manifest["written"] == []


def test_a_right_to_left_title_without_controls_is_published(project, tmp_path):
    outcome = intake(project, body(title="ورشة الطباعة", repeat="none", until=""))
    assert outcome.code == 0, outcome.report
    folder, values, _ = the_event(project)
    assert values["title"] == "ورشة الطباعة" and is_folder_name(folder.name)


def test_parse_date_is_the_one_reading_of_dates():
    assert parse_date("2027-03-14") == dt.date(2027, 3, 14) and parse_date("14/03/2027") is None
