"""`invoke intake` for a change of an event: cancel, postpone, move or correct it from a phone.

Bodies are rendered from `.github/ISSUE_TEMPLATE/cambiar-evento.yml` as GitHub writes them
(tests/intake_support.py). Only an organizer of the event (by GitHub account number, or by
login for a profile from before numbers) may change it; the change edits the header lines
it names and nothing else, and the agenda built from it shows the event marked.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from altavoz_core.events import read_event
from altavoz_core.frontmatter import read_fields
from altavoz_submit.preview import submitted_event
from altavoz_submit.project import project_settings
from conftest import build_site, read_page, write_artist
from intake_support import Raw, artists_project, render_body, run_issue, said, tree
from moderation_support import load_xss_vectors, policy_violations

FORM = "cambiar-evento"
NEW_DATE, NEW_END = (
    "Nueva fecha (opcional) / New date (optional)",
    "Nuevo fin (opcional) / New end (optional)",
)
SLUG = "taller-de-grabado"
EVENT = f"content/events/{SLUG}/index.md"
SITE = "https://altavoz-mx.github.io/altavoz"
ORIGINAL = """---
title: Taller de grabado
start: 2027-03-14 18:00
end: 2027-03-14 20:30
timezone: America/Mexico_City
venue: Casa de la Cultura de Xanenetla
address: Calle 4 Norte, Barrio de Xanenetla, Puebla
cost: Entrada libre
organizers: luz-mendoza, mateo-cisneros
lang: es
consent: yes
tags: grabado, taller
---

Aprende a tallar linóleo.

Hay café.
"""
NOW = "2027-03-01T12:00:00-06:00"  # the agenda built before the event


@pytest.fixture
def project(tmp_path) -> Path:
    def more(content):
        write_artist(content, "luz-mendoza", name="Luz Mendoza", github="luzmendoza",
                     github_id="42")  # fmt: skip
        write_artist(content, "ana-ruiz", name="Ana Ruiz", github="anaruiz", github_id="77")
        (content / "events" / SLUG).mkdir(parents=True)
        (content / "events" / SLUG / "index.md").write_text(ORIGINAL, encoding="utf-8")

    return artists_project(tmp_path, more)


def body(**values) -> str:
    given = {"event": f"{SITE}/agenda/{SLUG}/", "lang": "es", "consent": True, **values}
    return render_body(FORM, given, newline="\r\n")


def change(project, text, *, author="luzmendoza", user_id=42):
    return run_issue(project, text, author=author, user_id=user_id, title="Cambiar evento")


def problems_of(report: str) -> list[str]:
    return [line[2:] for line in report.splitlines() if line.startswith("- ")]


def event_text(project: Path) -> str:
    return (project / EVENT).read_text(encoding="utf-8")


def with_lines(text: str, after: str, *lines: str) -> str:
    """``text`` with ``lines`` inserted after the line ``after``."""
    return text.replace(f"{after}\n", "\n".join([after, *lines]) + "\n", 1)


def read(project: Path) -> dict:
    values, _ = read_fields(event_text(project))
    event, findings = read_event(
        values, settings=project_settings(project), file=EVENT, today=dt.date(2027, 1, 1)
    )
    assert [f.code for f in findings] == [] and event is not None
    return event


def test_an_organizer_cancels_and_only_the_status_line_is_added(project, tmp_path):
    outcome = change(project, body(change="cancelled"))
    assert outcome.code == 0, outcome.report
    assert said("passed_event_update", title="Taller de grabado") in outcome.report
    after_zone = "timezone: America/Mexico_City"
    assert event_text(project) == with_lines(ORIGINAL, after_zone, "status: cancelled")
    assert outcome.manifest["written"] == [EVENT] and outcome.manifest["removed"] == []
    assert outcome.manifest["action"] == "event_update"
    assert submitted_event(outcome.manifest) == SLUG  # the workflow's phone preview shows it
    assert read(project).status == "cancelled"
    output = build_site(project / "content", tmp_path / "output", ALTAVOZ_AGENDA_NOW=NOW)
    agenda = read_page(output, "agenda/index.html")
    # Marked, never hidden: the title is still listed, with the word beside it.
    assert re.search(r"is-cancelled\">Cancelado</span>", agenda) and "Taller de grabado" in agenda
    assert "Cancelado" in read_page(output, f"agenda/{SLUG}/index.html")
    # The form is one tap away from the page that lists the forms, in both languages.
    for prefix, words in (("", "Cambia o cancela un evento"), ("en/", "Change or cancel an event")):
        enviar = read_page(output, f"{prefix}enviar/index.html")
        assert re.search(rf'href="[^"]*template=cambiar-evento\.yml"[^>]*>{words}</a>', enviar)


def test_postponed_marks_the_event_and_a_note_comes_first_in_its_text(project):
    note = "Se pospone por la lluvia.\nAvisaremos la nueva fecha."
    outcome = change(project, body(change="postponed", note=note))
    assert outcome.code == 0, outcome.report
    header, _, description = ORIGINAL.partition("---\n\n")
    expected = with_lines(header, "timezone: America/Mexico_City", "status: postponed")
    # The note keeps its line break (a Markdown hard break) and the old text follows it.
    expected += "---\n\nSe pospone por la lluvia.  \nAvisaremos la nueva fecha.\n\n" + description
    assert event_text(project) == expected
    assert read(project).status == "postponed"


def test_a_new_date_moves_the_start_and_the_end_with_it(project):
    outcome = change(project, body(change="moved", start="2027-03-21"))
    assert outcome.code == 0, outcome.report
    expected = ORIGINAL.replace("2027-03-14", "2027-03-21")
    assert event_text(project) == expected
    event = read(project)
    assert event.start.isoformat() == "2027-03-21T18:00:00-06:00"
    assert event.end.isoformat() == "2027-03-21T20:30:00-06:00"


def test_a_new_time_and_length_become_a_duration(project):
    outcome = change(project, body(change="moved", start_time="9:30", end="3h"))
    assert outcome.code == 0, outcome.report
    text = event_text(project)
    assert "start: 2027-03-14 09:30\n" in text and "duration: 3h\n" in text
    assert "end:" not in text
    event = read(project)
    assert event.end.isoformat() == "2027-03-14T12:30:00-06:00"


def test_a_cancelled_event_is_scheduled_again_with_a_new_date(project):
    assert change(project, body(change="cancelled")).code == 0
    outcome = change(project, body(change="moved", start="2027-04-04", end="21:00"))
    assert outcome.code == 0, outcome.report
    event = read(project)
    assert event.status == "scheduled"
    assert event.end.isoformat() == "2027-04-04T21:00:00-06:00"


def test_other_changes_edit_only_their_lines(project):
    outcome = change(project, body(change="other", venue="Parque Juárez", cost="$50",
                                   online="https://meet.example.org/taller"))  # fmt: skip
    assert outcome.code == 0, outcome.report
    expected = ORIGINAL.replace("Casa de la Cultura de Xanenetla", "Parque Juárez")
    expected = expected.replace("cost: Entrada libre", "cost: $50")
    expected = with_lines(expected, "address: Calle 4 Norte, Barrio de Xanenetla, Puebla",
                          "online: https://meet.example.org/taller")  # fmt: skip
    assert event_text(project) == expected


@pytest.mark.parametrize(
    ("author", "user_id"),
    [("anaruiz", 77), ("luzmendoza", 999), ("alguien", 5)],
    ids=["another-artist", "login-only-impostor", "no-artist"],
)
def test_only_an_organizer_may_change_the_event(project, author, user_id):
    before = tree(project)
    outcome = change(project, body(change="cancelled"), author=author, user_id=user_id)
    assert outcome.code == 1
    assert problems_of(outcome.report) == [said("event_not_organizer")]
    assert tree(project) == before and outcome.manifest["written"] == []
    assert submitted_event(outcome.manifest) is None


def test_the_refusal_follows_the_forms_english(project):
    outcome = change(project, body(change="cancelled", lang="en"), author="anaruiz", user_id=77)
    assert problems_of(outcome.report) == [said("event_not_organizer", "en")]
    assert "Only an organizer" in outcome.report


def test_a_profile_from_before_numbers_is_matched_by_login_and_gets_the_number(project):
    outcome = change(project, body(change="cancelled"), author="MateoGH", user_id=555)
    assert outcome.code == 0, outcome.report
    assert read(project).status == "cancelled"
    profile = (project / "content/artists/mateo-cisneros/index.md").read_text(encoding="utf-8")
    assert "github_id: 555" in profile


@pytest.mark.parametrize(
    "address",
    [
        "no-existe",
        f"{SITE}/agenda/no-existe/",
        "../../artists/luz-mendoza",
        f"{SITE}/agenda/{SLUG}/../../../../etc/passwd",
        f"{SITE}/agenda/{SLUG}/evento.ics",
        "embed",
        "<script>alert(1)</script>",
        f"https://[/agenda/{SLUG}/",  # urlsplit refuses it (ValueError): no page of ours
        "",
        # Another kind of page whose last part the event also has: a work's, a tag's
        f"{SITE}/works/luz-mendoza/{SLUG}/",
        f"{SITE}/en/tags/{SLUG}/",
        f"artists/{SLUG}",
    ],
)
def test_an_unknown_or_hostile_event_address_is_refused(project, address):
    before = tree(project)
    outcome = change(project, body(change="cancelled", event=address))
    assert outcome.code == 1
    label = "Evento / Event"
    assert problems_of(outcome.report) == [said("event_unknown", field=label, value=address)]
    assert "<script>" not in outcome.report
    assert tree(project) == before


@pytest.mark.parametrize(
    "address",
    [
        SLUG,
        f"{SITE}/en/agenda/{SLUG}/?utm_source=whatsapp#mapa",
        f"<{SITE}/agenda/Taller-de-Grabado>",
        f"agenda/{SLUG}",
    ],
)
def test_the_event_is_found_by_its_address_as_a_phone_shares_it(project, address):
    outcome = change(project, body(change="cancelled", event=address))
    assert outcome.code == 0, outcome.report
    assert "status: cancelled" in event_text(project)


def test_a_linked_event_folder_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.md").write_text(ORIGINAL, encoding="utf-8")
    (project / "content/events/enlazado").symlink_to(outside)
    outcome = change(project, body(change="cancelled", event="enlazado"))
    assert outcome.code == 1 and (outside / "index.md").read_text(encoding="utf-8") == ORIGINAL


def test_an_end_before_the_start_is_one_message_naming_the_field(project):
    before = tree(project)
    outcome = change(project, body(change="moved", start="2027-03-21", end="17:00"))
    assert outcome.code == 1
    (problem,) = problems_of(outcome.report)
    assert problem == said("event_end_before_start", field=NEW_END)
    # Judged before writing: said as the form's mistake, not as the check's of a prepared event.
    assert said("check_errors_event") not in outcome.report
    assert tree(project) == before


def test_a_date_that_contradicts_the_choice_is_named(project):
    before = tree(project)
    labels = {
        "field": "¿Qué pasa? / What happens?",
        "date": "Nueva fecha (opcional) / New date (optional)",
        "time": "Nueva hora de inicio (opcional) / New start time (optional)",
        "end": "Nuevo fin (opcional) / New end (optional)",
    }
    outcome = change(project, body(change="postponed", start="2027-03-21"))
    assert problems_of(outcome.report) == [said("event_date_not_moved", **labels)]
    outcome = change(project, body(change="moved"))
    assert problems_of(outcome.report) == [said("event_date_not_given", **labels)]
    assert tree(project) == before


def test_a_day_first_date_gets_the_new_event_forms_advice(project):
    outcome = change(project, body(change="moved", start="21/03/2027"))
    assert problems_of(outcome.report) == [
        said("event_date_day_first", field=NEW_DATE, value="21/03/2027", suggestion="2027-03-21")
    ]


def test_a_line_break_in_a_field_cannot_add_a_header_key(project):
    outcome = change(project, body(change="other", venue="Parque\nstatus: cancelled"))
    values, _ = read_fields(event_text(project))
    assert values.get("status") is None and values["venue"].startswith("Parque")
    assert outcome.code == 0, outcome.report


def test_nothing_to_change_is_said(project):
    assert change(project, body(change="cancelled")).code == 0
    outcome = change(project, body(change="cancelled"))
    assert problems_of(outcome.report) == [said("nothing_changed")]


def test_a_header_the_scaffolders_would_not_write_is_left_to_a_person(project):
    index = project / EVENT
    index.write_text(ORIGINAL.replace("cost: Entrada libre\n", "cost: Entrada\n  libre\n"), "utf-8")
    before = tree(project)
    outcome = change(project, body(change="cancelled"))
    assert problems_of(outcome.report) == [said("event_not_plain")]
    assert tree(project) == before


def test_a_hostile_note_or_venue_reaches_no_page_unsanitized(project, tmp_path):
    """Each is refused by the check (said, nothing written) or published inert: no active
    HTML on the event's page, no property a value starts in its calendar."""
    vectors = [v["payload"] for v in load_xss_vectors()][:8]
    vectors += ["Sala\r\nATTENDEE:mailto:x@evil.example", '">']
    accepted = 0
    for n, payload in enumerate(vectors):
        before = event_text(project)
        outcome = change(project, body(change="other", venue=Raw(f"V{n} {payload}"[:110]),
                                       note=Raw(f"Nota {payload}")))  # fmt: skip
        assert outcome.code == 0 or event_text(project) == before, outcome.report
        accepted += outcome.code == 0
    assert accepted >= 2 and "Nota " in event_text(project)
    output = build_site(project / "content", tmp_path / "output", ALTAVOZ_AGENDA_NOW=NOW)
    page = read_page(output, f"agenda/{SLUG}/index.html")
    ours = set(re.findall(r'<script src="([^"]*/theme/js/[a-z]+\.js\?v=[0-9a-f]+)"', page))
    assert policy_violations(page, document=True, allowed_script_src=ours) == []
    ics = (output / f"agenda/{SLUG}/evento.ics").read_bytes().decode("utf-8")
    assert not any(line.startswith("ATTENDEE") for line in ics.split("\r\n"))


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_a_start_at_the_calendars_edge_is_the_authors_mistake_not_a_crash(project, start):
    """The old length added to the new start leaves the calendar (year 1 or 9999): the
    author hears what to fix, and the team hears of no failure of theirs."""
    before = tree(project)
    outcome = change(project, body(change="moved", start=start, start_time="23:00"))
    assert outcome.code == 1, outcome.report
    assert said("internal") not in outcome.report
    # Said on the date the author typed (first); an end moved with it keeps four digits
    # for its year, so it is never an end "we do not understand" that they never typed.
    problems = problems_of(outcome.report)
    assert "fuera de los años" in problems[0] and start.replace("-", "\\-") in problems[0]
    assert all("fuera de los años" in problem for problem in problems)
    assert tree(project) == before
