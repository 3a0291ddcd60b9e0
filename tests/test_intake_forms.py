"""The issue forms change while issues stay open; what the intake tells the artist.

An issue keeps the headings of the form it was opened with, and its author may edit it
(which runs the intake again) long after a maintainer renamed a label or added a field.
Bodies are rendered from the forms' earlier versions (tests/data/forms-history, copied
from git) and from changed copies of today's forms; each must read into the same values.
Then the artist's side of the answer: one message per photo, the name field that says it
is required, line breaks kept on the page, advice for a small photo without codes or
paths, and the whole answer in the form's language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from altavoz_core.findings import Finding
from altavoz_submit.check import run_check
from altavoz_submit.intake import form as intake_form
from altavoz_submit.intake.job import Job
from altavoz_submit.intake.messages import MESSAGES, message
from altavoz_submit.intake.process import _finding_text
from altavoz_submit.intake.text import shown, with_line_breaks
from conftest import ROOT, build_site, read_page
from intake_support import (
    FORMS,
    HISTORY,
    NEW_WORK,
    Raw,
    artists_project,
    attached_photos,
    event,
    form_elements,
    invoke_intake,
    new_work_body,
    photos_markdown,
    render_body,
    run_issue,
    said,
    update_body,
    write_event,
)

SNAPSHOTS = ROOT / "tests" / "data" / "forms-history"
SNAPSHOT_FILES = sorted(SNAPSHOTS.glob("*/*.yml"))
LABELLED = [{"name": "envío"}]  # the label every form puts on its issues


@pytest.fixture
def project(tmp_path) -> Path:
    return artists_project(tmp_path)


@pytest.fixture
def photos(tmp_path) -> Path:
    return attached_photos(
        tmp_path,
        ("bbb-222", {"color": (200, 10, 10)}),
        ("ccc-333", {"color": (10, 10, 200)}),
        ("tiny-444", {"size": (400, 300)}),  # under the 800 px the site wants
    )


def problems_of(report: str) -> list[str]:
    return [line[2:] for line in report.splitlines() if line.startswith("- ")]


def new_body(form=Path(FORMS / "obra-nueva.yml"), **changes) -> str:
    return new_work_body(("aaa-111", "bbb-222"), form=form, newline="\r\n", **changes)


def sections(body: str) -> list[str]:
    """The body's sections, each from its heading on."""
    return ["### " + part for part in body.replace("\r\n", "\n").split("### ")[1:]]


# ------------------------------------------------------------------------ earlier versions

SAMPLE = {
    **NEW_WORK,  # one photo, its one description, and every other form's fields
    "images": photos_markdown(["aaa-111"]),
    "alt": "Mural de mazorcas sobre un muro azul",
    "statement": "Pinté este mural con mis vecinas.",
    "lang": "en",
    "work": "barro-negro",
    "reason": "Ya no la muestro",
    "confirm": True,
}


def sample_values(form_file: Path) -> dict:
    """An answer for every field of this version of a form (dropdowns by their text)."""
    values = {}
    for element in form_elements(form_file):
        key, value = element["id"], SAMPLE.get(element["id"], f"Valor de {element['id']}")
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            chosen = [o for o in options if o.endswith(f"({value})")] or options[:1]
            value = Raw(chosen[0])
        values[key] = value
    return values


def current_forms(root: Path = ROOT) -> dict[str, intake_form.Form]:
    return {f.name: f for f in intake_form.load_forms(root)}


@pytest.mark.parametrize(
    "snapshot", SNAPSHOT_FILES, ids=[f"{p.parent.name}@{p.stem}" for p in SNAPSHOT_FILES]
)
def test_a_body_from_an_earlier_form_reads_as_todays_form_reads_it(snapshot):
    name = snapshot.parent.name
    values = sample_values(snapshot)
    old_body = render_body(snapshot, values, newline="\r\n")
    forms = list(current_forms().values())
    the_form, read = intake_form.parse_body(old_body, forms)
    # The same answers given in today's form, where a field the old form lacked is empty.
    today = {k: v for k, v in values.items() if k in {e["id"] for e in form_elements(name)}}
    expected_form, expected = intake_form.parse_body(render_body(name, today), forms)
    assert the_form.name == expected_form.name == name
    assert read == expected
    assert read["images" if name != "retirar-obra" else "work"]  # answers, not empty fields


@pytest.mark.parametrize(
    "snapshot", SNAPSHOT_FILES, ids=[f"{p.parent.name}@{p.stem}" for p in SNAPSHOT_FILES]
)
def test_an_issue_opened_with_an_earlier_form_is_still_prepared(project, photos, snapshot):
    name = snapshot.parent.name
    body = render_body(snapshot, sample_values(snapshot), newline="\r\n")
    author = "luzmendoza" if name == "obra-nueva" else "MateoGH"
    outcome = run_issue(project, body, photos, author=author)
    assert outcome.code == 0, outcome.report
    if name == "obra-nueva":  # a first submission: the name came under the old label
        profile = project / "content" / "artists" / "luz-mendoza" / "index.md"
        assert "name: Luz Mendoza" in profile.read_text(encoding="utf-8")


def test_the_forms_first_version_named_the_name_field_without_saying_it_is_required():
    # The change these copies exist for: the old heading is in the history, the new one says it.
    (old,) = [e for e in form_elements(SNAPSHOTS / "obra-nueva/b6e3d60.yml") if e["id"] == "name"]
    assert old["attributes"]["label"] == "Tu nombre / Your name"
    history = yaml.safe_load(HISTORY.read_text(encoding="utf-8"))
    assert history["obra-nueva"]["name"] == ["Tu nombre / Your name"]


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60, check=False
    )


def _versions() -> list[tuple[str, str, str]]:
    """(commit, form, text) of every committed version of every form, newest first."""
    inside = _git("rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if inside.returncode != 0 or inside.stdout.split() != ["true", "false"]:
        pytest.skip("needs a git clone of the project with its whole history")
    commits = _git("log", "--format=%H", "--", str(intake_form.FORMS_FOLDER)).stdout.split()
    versions = []
    for commit in commits:
        for name in intake_form.ACTIONS:
            shown_ = _git("show", f"{commit}:{intake_form.FORMS_FOLDER.as_posix()}/{name}.yml")
            if shown_.returncode == 0:
                versions.append((commit, name, shown_.stdout))
    assert versions
    return versions


def _signature(elements: list[dict]) -> list[tuple]:
    """What a body written from a form depends on: ids, kinds, labels, options."""
    return [
        (
            e["id"],
            e["type"],
            e["attributes"]["label"],
            [o["label"] if isinstance(o, dict) else o for o in e["attributes"].get("options", [])],
        )
        for e in elements
    ]


def test_every_label_a_field_ever_had_in_git_is_read_as_that_field(tmp_path):
    forms = current_forms()
    for commit, name, text in _versions():
        (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
        for element in form_elements(tmp_path / f"{name}.yml"):
            label = element["attributes"]["label"]
            assert forms[name].headings.get(label) == element["id"], (commit[:7], name, label)


def test_every_earlier_version_of_a_form_in_git_has_its_copy_for_the_tests(tmp_path):
    copies = {}
    for path in SNAPSHOT_FILES:
        copies.setdefault(path.parent.name, []).append(_signature(form_elements(path)))
    for commit, name, text in _versions():
        (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
        signature = _signature(form_elements(tmp_path / f"{name}.yml"))
        if signature != _signature(form_elements(name)):
            assert signature in copies.get(name, []), (
                f"copy {name}.yml of {commit[:7]} into tests/data/forms-history/{name}/"
            )


@pytest.mark.parametrize(
    "snapshot", SNAPSHOT_FILES, ids=[f"{p.parent.name}@{p.stem}" for p in SNAPSHOT_FILES]
)
def test_each_copy_is_the_form_as_committed(snapshot):
    _versions()  # skips without the history
    committed = _git("show", f"{snapshot.stem}:.github/ISSUE_TEMPLATE/{snapshot.parent.name}.yml")
    assert committed.returncode == 0 and committed.stdout == snapshot.read_text(encoding="utf-8")


# ------------------------------------------------------------------------ forms that change


def copy_of_the_forms(tmp_path: Path) -> Path:
    root = tmp_path / "forms-copy"
    shutil.copytree(FORMS, root / intake_form.FORMS_FOLDER)
    shutil.copy2(HISTORY, root / intake_form.HISTORY_FILE)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_history(root: Path, form: str, field_id: str, label: str) -> None:
    path = root / intake_form.HISTORY_FILE
    history = yaml.safe_load(path.read_text(encoding="utf-8"))
    history[form] = {**(history[form] or {}), field_id: [label]}
    path.write_text(yaml.safe_dump(history, allow_unicode=True), encoding="utf-8")


def test_a_renamed_label_reads_open_issues_once_the_old_one_is_in_the_history(tmp_path):
    root = copy_of_the_forms(tmp_path)
    before = intake_form.load_forms(root)
    old_body = new_body(form=root / intake_form.FORMS_FOLDER / "obra-nueva.yml")
    _, values = intake_form.parse_body(old_body, before)
    edit(
        root / intake_form.FORMS_FOLDER / "obra-nueva.yml",
        'label: "Técnica / Medium"',
        'label: "Técnica y materiales / Technique and materials"',
    )
    # Without the history the old heading is no section of the form, and is named.
    with pytest.raises(intake_form.FormProblems) as raised:
        intake_form.parse_body(old_body, intake_form.load_forms(root))
    assert [(p.key, p.values) for p in raised.value.problems] == [
        ("headings_unknown", {"labels": "«### Técnica / Medium»"})
    ]
    add_history(root, "obra-nueva", "medium", "Técnica / Medium")
    after = intake_form.load_forms(root)
    assert intake_form.parse_body(old_body, after) == (after[0], values)
    assert values["medium"] == "Acrílico sobre muro"
    new_body_ = new_body(form=root / intake_form.FORMS_FOLDER / "obra-nueva.yml")
    assert "### Técnica y materiales / Technique and materials" in new_body_
    assert intake_form.parse_body(new_body_, after)[1] == values


def test_a_new_optional_field_is_empty_in_an_old_issue_and_a_new_required_one_is_named(
    tmp_path,
):
    root = copy_of_the_forms(tmp_path)
    old_body = new_body()
    form_file = root / intake_form.FORMS_FOLDER / "obra-nueva.yml"
    new_field = (
        "  - type: input\n    id: instagram\n    attributes:\n"
        '      label: "Instagram / Instagram"\n'
    )
    edit(
        form_file, "  - type: input\n    id: city\n", new_field + "  - type: input\n    id: city\n"
    )
    the_form, values = intake_form.parse_body(old_body, intake_form.load_forms(root))
    assert the_form.name == "obra-nueva" and values["instagram"] == ""
    assert values["name"] == "Luz Mendoza"
    edit(form_file, new_field, new_field + "    validations:\n      required: true\n")
    forms = intake_form.load_forms(root)
    with pytest.raises(intake_form.NotAForm):
        intake_form.parse_body(old_body, forms)
    assert [(p.key, p.values) for p in intake_form.what_is_wrong(old_body, forms)] == [
        ("headings_missing", {"labels": "«### Instagram / Instagram»"})
    ]


EVENT_SAMPLE = {
    "title": "Taller de grabado", "start": "2027-03-14", "start_time": "18:00", "end": "2h",
    "venue": "Casa de la Cultura", "description": "Un taller.", "consent": True,
}  # fmt: skip
CHANGE_SAMPLE = {"event": "taller-de-grabado", "change": "(moved)", "note": "Cambia de día."}


@pytest.mark.parametrize("name", list(intake_form.ACTIONS))
def test_each_form_s_body_is_read_as_that_form_and_no_other(name):
    values = {**SAMPLE, **EVENT_SAMPLE} if name in ("evento-nuevo", "cambiar-evento") else SAMPLE
    values = {**values, **CHANGE_SAMPLE} if name == "cambiar-evento" else values
    given = {e["id"]: values.get(e["id"], "") for e in form_elements(name)}
    given = {k: Raw(v) if isinstance(v, str) and v else v for k, v in given.items()}
    the_form, read = intake_form.parse_body(
        render_body(name, given), list(current_forms().values())
    )
    assert the_form.name == name
    assert {k for k, v in read.items() if v} == {k for k, v in given.items() if v}


def test_a_renamed_event_label_reads_open_issues_once_the_old_one_is_in_the_history(tmp_path):
    root = copy_of_the_forms(tmp_path)
    form_file = root / intake_form.FORMS_FOLDER / "evento-nuevo.yml"
    old_body = render_body(form_file, EVENT_SAMPLE)
    _, values = intake_form.parse_body(old_body, intake_form.load_forms(root))
    edit(form_file, 'label: "Fecha / Date"', 'label: "Fecha del evento / Event date"')
    with pytest.raises(intake_form.NotAForm):  # a required section is gone without the history
        intake_form.parse_body(old_body, intake_form.load_forms(root))
    add_history(root, "evento-nuevo", "start", "Fecha / Date")
    the_form, read = intake_form.parse_body(old_body, intake_form.load_forms(root))
    assert the_form.name == "evento-nuevo" and read == values and read["start"] == "2027-03-14"


def test_a_label_that_would_name_two_fields_is_refused_with_both_named(tmp_path):
    root = copy_of_the_forms(tmp_path)
    add_history(root, "obra-nueva", "city", "Tu nombre / Your name")  # already name's
    with pytest.raises(ValueError, match="'name' and 'city'"):
        intake_form.load_forms(root)
    (root / intake_form.HISTORY_FILE).write_text("obra-nueva:\n  name: Tu nombre\n")
    with pytest.raises(ValueError, match="earlier labels"):
        intake_form.load_forms(root)


def test_a_field_the_form_no_longer_has_is_read_and_left_out(tmp_path):
    root = copy_of_the_forms(tmp_path)
    old_body = new_body(pronouns="ella")
    edit(
        root / intake_form.FORMS_FOLDER / "obra-nueva.yml",
        '  - type: input\n    id: pronouns\n    attributes:\n      label: "Pronombres / Pronouns"\n'
        '      placeholder: "ella, él, elle…"\n',
        "",
    )
    add_history(root, "obra-nueva", "pronouns", "Pronombres / Pronouns")
    _, values = intake_form.parse_body(old_body, intake_form.load_forms(root))
    assert "pronouns" not in values and values["city"] == "Oaxaca"  # its value ends at it


def test_sections_in_any_order_read_the_same():
    forms = list(current_forms().values())
    body = new_body()
    reordered = "\n\n".join(reversed(sections(body)))
    assert intake_form.parse_body(reordered, forms) == intake_form.parse_body(body, forms)


def test_a_deleted_optional_section_is_an_empty_answer(project, photos):
    body = "\n\n".join(s for s in sections(new_body()) if not s.startswith("### Enlaces"))
    outcome = run_issue(project, body, photos)
    assert outcome.code == 0, outcome.report
    profile = project / "content" / "artists" / "luz-mendoza" / "index.md"
    assert "links" not in profile.read_text(encoding="utf-8")


def test_an_optional_field_left_empty_is_an_empty_answer_not_githubs_placeholder(project, photos):
    """GitHub writes «_No response_» under an optional field left empty: it is no answer,
    so neither the work nor the profile gets a technique, city or links of those words."""
    body = new_body(medium="", city="", links="")
    assert body.count("_No response_") == 3
    outcome = run_issue(project, body, photos)
    assert outcome.code == 0, outcome.report
    written = [
        p.read_text(encoding="utf-8")
        for folder in ("artists/luz-mendoza", "works/luz-mendoza")
        for p in (project / "content" / folder).rglob("*.md")
    ]
    assert len(written) == 2 and "Pinto murales" in written[0] + written[1]
    assert not any("No response" in text for text in written), written
    assert not any(re.search(r"^(medium|city|links):", t, re.M) for t in written), written


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_deleted_required_section_is_named_on_a_form_issue(project, photos, lang):
    body = "\n\n".join(s for s in sections(new_body(lang=lang)) if not s.startswith("### Lic"))
    outcome = run_issue(project, body, photos, labels=LABELLED)
    assert outcome.code == 1
    assert problems_of(outcome.report) == [
        said("headings_missing", lang, labels="«### Licencia / Licence»")
    ]
    assert message("failed_heading", lang) in outcome.report
    assert run_issue(project, body, photos).code == 2  # an issue no form opened: not ours


# A maintainer renamed the issue's label (or took it off), then its author mangled it.
RELABELLED = [{"name": "documentación"}]
ANSWERED = "altavoz_answered_before"  # what the workflow's refresh step adds to the event


def relabelled_event(tmp_path: Path, body: str, **changes) -> Path:
    """The event file of an edit of a form issue whose label was swapped, as the refresh
    step writes it, with ``changes`` at its top level."""
    payload = event(body, action="edited", labels=RELABELLED)
    return write_event(tmp_path / "event.json", {**payload, **changes})


def test_an_issue_we_answered_before_hears_what_to_fix_after_its_label_was_renamed(
    project, tmp_path
):
    body = "\n\n".join(s for s in sections(new_body()) if not s.startswith("### Lic"))
    code, report = invoke_intake(project, relabelled_event(tmp_path, body, **{ANSWERED: True}))
    assert code == 1
    assert problems_of(report) == [said("headings_missing", labels="«### Licencia / Licence»")]
    assert message("failed_heading", "es") in report
    # Never answered: an issue like any other that no form opened, not ours to answer.
    code, report = invoke_intake(project, relabelled_event(tmp_path, body))
    assert (code, report) == (
        2,
        f"{message('not_a_form', 'es')}\n\n{message('not_a_form', 'en')}\n",
    )


@pytest.mark.parametrize(
    "where", ["a string", "a number", "inside the issue", "in the body", "in the title"]
)
def test_only_the_workflow_can_say_the_issue_was_answered_before(project, tmp_path, where):
    """The flag counts only as a JSON true beside the event's own keys, which only the
    refresh step writes: the issue's text is a value inside the event."""
    body = "\n\n".join(s for s in sections(new_body()) if not s.startswith("### Lic"))
    typed = f'"{ANSWERED}": true, "x": {{"{ANSWERED}": true}}'
    payload = event(body, action="edited", labels=RELABELLED)
    if where == "a string":
        payload[ANSWERED] = "true"
    elif where == "a number":
        payload[ANSWERED] = 1
    elif where == "inside the issue":
        payload["issue"][ANSWERED] = True
    elif where == "in the body":
        payload["issue"]["body"] = f"{body}\n\n{typed}"
    else:
        payload["issue"]["title"] = typed
    assert invoke_intake(project, write_event(tmp_path / "event.json", payload))[0] == 2


def test_an_update_without_its_work_section_is_told_so_not_read_as_a_new_work(project, photos):
    body = update_body(work="barro-negro", title="Otro")
    body = "\n\n".join(sections(body)[1:])
    outcome = run_issue(project, body, photos, author="MateoGH", labels=LABELLED)
    assert problems_of(outcome.report) == [said("headings_missing", labels="«### Obra / Work»")]


def test_an_unknown_heading_is_named_and_a_repeated_one_refused(project, photos):
    statement = "Mi historia.\n\n### Lo que pinté\n\nUn mural."
    outcome = run_issue(project, new_body(statement=statement), photos)
    assert problems_of(outcome.report) == [said("headings_unknown", labels="«### Lo que pinté»")]
    # An earlier label written inside a text is the same field twice, whatever the order.
    bio = "Pinto murales.\n\n### Tu nombre / Your name\n\nOtra persona"
    outcome = run_issue(project, new_body(bio=bio), photos)
    (name,) = [e for e in form_elements("obra-nueva") if e["id"] == "name"]
    label = name["attributes"]["label"]
    assert problems_of(outcome.report) == [
        said("heading_repeated", label=f"{label}, Tu nombre / Your name")
    ]


# ------------------------------------------------------------------------ the name field


def test_the_name_field_says_it_is_required_the_first_time_and_the_message_names_it():
    (name,) = [e for e in form_elements("obra-nueva") if e["id"] == "name"]
    spanish, english = name["attributes"]["label"].split(" / ")
    assert "obligatorio la primera vez" in spanish and "required the first time" in english
    assert f"«{spanish}»" in message("name_missing", "es")
    assert f"'{english}'" in message("name_missing", "en")


# ------------------------------------------------------------------------ one message per photo


def test_each_photo_without_a_description_gets_its_own_message(project, photos):
    body = new_body(images=photos_markdown(["aaa-111", "bbb-222", "ccc-333"]), alt="Un mural")
    outcome = run_issue(project, body, photos)
    assert problems_of(outcome.report) == [
        said("alt_missing_for", number=2),
        said("alt_missing_for", number=3),
    ]
    assert problems_of(outcome.report)[1].startswith("La foto 3 no tiene descripción")


def test_each_description_too_many_is_named_by_its_line_then_counted(project, photos):
    alt = "\n".join(f"Descripción {n}" for n in range(1, 10))
    outcome = run_issue(project, new_body(images=photos_markdown(["aaa-111"]), alt=alt), photos)
    assert problems_of(outcome.report) == [
        *(said("alt_extra", line=n, value=f"Descripción {n}") for n in range(2, 7)),
        said("alt_extra_more", count=3),
    ]
    assert problems_of(outcome.report)[0].startswith("Hay una descripción de más (línea 2")


def test_the_per_photo_messages_in_english(project, photos):
    body = new_body(images=photos_markdown(["aaa-111", "bbb-222"]), alt="A mural", lang="en")
    outcome = run_issue(project, body, photos)
    assert problems_of(outcome.report) == [said("alt_missing_for", "en", number=2)]
    assert problems_of(outcome.report)[0].startswith("Photo 2 has no description")


# ------------------------------------------------------------------------ line breaks


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Uno\nDos", "Uno  \nDos"),
        ("Uno   \nDos\t\nTres", "Uno  \nDos  \nTres"),  # any spaces become exactly two
        ("Uno\n\nDos", "Uno\n\nDos"),  # a paragraph stays a paragraph
        ("Uno\u2028Dos\r\nTres", "Uno  \nDos  \nTres"),
        ("Uno\n   \nDos", "Uno\n\nDos"),  # a line of spaces parts paragraphs as before
        ("Solo una línea  ", "Solo una línea"),
    ],
)
def test_a_typed_line_break_becomes_a_markdown_hard_break(typed, written):
    assert with_line_breaks(typed) == written


def test_a_line_break_in_the_texts_is_kept_on_the_built_pages(project, photos, tmp_path):
    statement = "Maíz rojo,\nmaíz azul,\nmaíz de mi abuela.\n\nOtro párrafo."
    bio = "Pinto murales\nen Oaxaca."
    outcome = run_issue(project, new_body(statement=statement, bio=bio), photos)
    assert outcome.code == 0, outcome.report
    report, status = run_check(project, None, "text")
    assert status == 0, report
    output = build_site(project / "content", tmp_path / "output")
    work = read_page(output, "works/luz-mendoza/raices-de-maiz/index.html")
    assert re.search(r"Maíz rojo,<br ?/?>\s*maíz azul,<br ?/?>\s*maíz de mi abuela\.</p>", work)
    assert "<p>Otro párrafo.</p>" in work
    artist = read_page(output, "artists/luz-mendoza/index.html")
    assert re.search(r"Pinto murales<br ?/?>\s*en Oaxaca\.", artist)


# ------------------------------------------------------------------------ findings, for a phone

CODE = re.compile(r"\bAV[0-9]{3}\b")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_small_photo_gets_phone_advice_without_codes_or_paths(project, photos, lang):
    body = new_body(images=photos_markdown(["aaa-111", "tiny-444"]), lang=lang)
    outcome = run_issue(project, body, photos)
    assert outcome.code == 0, outcome.report  # a warning: it still goes to the team
    assert problems_of(outcome.report)[-1] == message("photo_small", lang, number=2)
    assert ("WhatsApp la achica" if lang == "es" else "WhatsApp shrinks it") in outcome.report
    assert not CODE.search(outcome.report)
    assert "content/" not in outcome.report and ".jpg" not in outcome.report


def test_a_refused_text_is_said_without_its_code_or_path(project, photos):
    outcome = run_issue(project, new_body(medium="<script>alert(1)</script>"), photos)
    assert outcome.code == 1
    (line,) = [p for p in problems_of(outcome.report) if "HTML" in p]
    assert line.startswith("El campo «Técnica» de tu obra contiene código o HTML activo")
    assert line.endswith("(En el formulario: «Técnica / Medium».)")
    assert not CODE.search(outcome.report) and "content/" not in outcome.report


@pytest.mark.parametrize(
    ("lang", "named"),
    [("es", "El campo «Título» de tu obra"), ("en", "The field 'Title' of your work")],
)
def test_a_finding_names_the_field_by_the_forms_label_not_the_files_key(
    project, photos, lang, named
):
    outcome = run_issue(project, new_body(title="Raíces <b>de</b> maíz", lang=lang), photos)
    assert outcome.code == 0, outcome.report  # a warning: the tags show as text
    (line,) = [p for p in problems_of(outcome.report) if "HTML" in p]
    assert line.startswith(shown(named))
    assert not re.search(r"\btitle\b", line), line  # the key the author never saw


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_finding_quotes_the_authors_words_as_typed(project, photos, lang):
    """The key and the line number are taken out of the check's words, never out of the
    value it quotes: a title with «title» or «(línea 2)» in it is said as she typed it."""
    title = "Mural «title» 'title' (línea 2) (line 3) <b>x</b>"
    outcome = run_issue(project, new_body(title=title, lang=lang), photos)
    (line,) = [p for p in problems_of(outcome.report) if "HTML" in p]
    assert shown(title) in line, line
    named = "El campo «Título» de tu obra" if lang == "es" else "The field 'Title' of your work"
    assert line.startswith(shown(named)), line


def test_a_short_quoted_value_leaves_the_checks_words_reworded(tmp_path):
    # The value is kept where the message quotes it, not wherever its letters appear: a
    # value "a" must not split «(línea 2)» and leave the line number in.
    job = Job(tmp_path, lang="es", labels={"title": "Título / Title"})
    path = "content/works/luz/mural/index.md"
    job.body_lines = {path: (8, frozenset(), "statement")}
    message_es = "El campo «title» (línea 2) contiene «a»."
    finding = Finding("AV999", "warning", path, message_es, "-", field="title", snippet="a")
    assert _finding_text(finding, job, {}) == (
        shown("El campo «Título» contiene «a».") + " (En el formulario: «Título / Title».)"
    )


def test_every_path_in_a_finding_is_named_as_the_author_knows_it(tmp_path):
    job = Job(tmp_path, lang="es")
    job.written = [tmp_path / "content/works/luz/mural", tmp_path / "content/artists/luz"]
    photos = {"content/works/luz/mural/mural-2.jpg": 2}
    finding = Finding(
        "AV999",
        "warning",
        "content/works/luz/mural/mural-2.jpg",
        "`content/works/luz/mural/mural-2.jpg` se parece a content/works/ana/sol/index.md, "
        "a `content/artists/ana/index.md`, a content/artists/luz/index.md y a .github/CODEOWNERS.",
        "-",
    )
    text = _finding_text(finding, job, photos)
    assert text == shown(
        "La foto 2 se parece a otra obra, a otro perfil, a tu perfil y a otro archivo del sitio."
    )
    job.lang = "en"
    finding = Finding("AV999", "warning", "x", "-", "`content/works/luz/mural/index.md` is long.")
    assert _finding_text(finding, job, photos) == shown("Your work is long.")


# ------------------------------------------------------------------------ the form's language

# The start of each Spanish message, up to its first blank (long enough to be its own).
SPANISH_STARTS = [
    start for spanish in MESSAGES.values() if len(start := spanish.split("{")[0][:25]) >= 12
]


@pytest.mark.parametrize(
    "how", ["form problems", "a moderation error", "a damaged form", "a repeated heading"]
)
def test_every_part_of_the_report_follows_the_forms_english(project, photos, how):
    changes = {"lang": "en"}
    if how == "form problems":
        changes |= {"consent": False, "year": "dos mil", "alt": "Uno"}
    elif how == "a moderation error":
        changes |= {"dimensions": "x" * 70, "images": photos_markdown(["aaa-111", "tiny-444"])}
        changes |= {"alt": "Uno\nDos"}
    elif how == "a repeated heading":
        changes |= {"statement": "Texto\n\n### Licencia / Licence\n\nCC0"}
    body = new_body(**changes)
    if how == "a damaged form":
        body = "\n\n".join(s for s in sections(body) if not s.startswith("### Fotos"))
    outcome = run_issue(project, body, photos, labels=LABELLED)
    assert outcome.code == 1
    assert message("failed_heading", "en") in outcome.report
    assert message("edit_hint", "en") in outcome.report
    assert [start for start in SPANISH_STARTS if start in outcome.report] == []
    for word in ("Falta", "Edita", "El campo", "La foto", "formulario:", "tu obra"):
        assert word not in outcome.report, word
    assert not CODE.search(outcome.report)


def test_spanish_is_the_default_when_the_language_is_not_chosen(project, photos):
    body = new_body(lang=Raw("Klingon (tlh)"), consent=False)
    outcome = run_issue(project, body, photos)
    assert said("consent_missing") in outcome.report
    assert said("lang_unknown") in outcome.report


def test_a_body_of_many_unknown_headings_gets_a_short_answer(project, photos):
    noise = "\n\n".join(
        f"### Sección {n} {'x' * 300}\n\ntexto" for n in range(200)
    )  # GitHub keeps 65,536
    outcome = run_issue(project, new_body(statement=noise), photos)
    (problem,) = problems_of(outcome.report)
    named = [f"Sección {n} {'x' * 90}…" for n in range(5)]  # cut to 100 characters
    assert problem == said(
        "headings_unknown", labels=", ".join(f"«### {x}»" for x in named) + ", …"
    )
    assert len(outcome.report) < 2500


# ------------------------------------------------------------------------ hostile headings


@pytest.mark.parametrize(
    "heading",
    [
        unicodedata.normalize("NFD", "### Título / Title"),  # a keyboard that decomposes
        "### Título\u200b / Title",  # a zero-width space pasted with the label
        "### \ufeffTítulo / Title",  # a byte-order mark
        "### Título / Title \u00a0 ",  # no-break spaces after it
        "###\u00a0Título / Title",  # a no-break space after the signs
        "   ### Título / Title",  # spaces before the signs (up to three: still a heading)
        "### Título / Title ###",  # a closing run of signs, which GitHub does not show
    ],
    ids=["nfd", "zero-width", "bom", "trailing-nbsp", "nbsp-after-signs", "indented", "closed"],
)
def test_a_label_that_only_looks_different_is_the_field(project, photos, heading):
    """A label the author cannot tell from the form's (another Unicode spelling of it,
    an invisible character) is the form's field: an answer naming a missing «### Título»
    next to an unknown «### Título» would ask for a change nobody can see, let alone make
    on a phone."""
    body = new_body().replace("### Título / Title", heading, 1)
    assert heading in body
    outcome = run_issue(project, body, photos, labels=LABELLED)
    assert outcome.code == 0, outcome.report
    work = project / "content" / "works" / "luz-mendoza" / "raices-de-maiz" / "index.md"
    assert "title: Raíces de maíz" in work.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    ["    ### Título / Title", "#### Título / Title", "### C#"],
    ids=["code", "h4", "c-sharp"],
)
def test_what_github_shows_as_no_such_heading_is_none(line):
    """Four spaces make a code block, four signs another heading, and a sign inside the
    label is the label's."""
    assert intake_form.heading_label(line) == ("C#" if line == "### C#" else None)


@pytest.mark.parametrize(
    "line",
    [
        "### " + " \t" * 32_000 + ".",  # a heading's trailing white space that is not
        "### Título / Title" + " " * 64_000 + "x",
        "- [X] " + " " * 64_000 + "x",  # a checkbox, read the same way
        "- [X] a" + " \t" * 32_000 + "x",
    ],
    ids=["heading-tabs", "heading-spaces", "checkbox-spaces", "checkbox-tabs"],
)
def test_a_line_of_tens_of_thousands_of_spaces_is_read_in_a_moment(line):
    """GitHub keeps 65,536 characters of a body: one line of white space that long used
    to cost the heading and checkbox patterns minutes of backtracking (~120 CPU s), in a
    job whose every minute is the runner's."""
    import time

    forms = list(current_forms().values())
    started = time.process_time()
    intake_form.read_body(new_body(consent=Raw(line)), forms)
    intake_form.checked(line)
    assert time.process_time() - started < 1


def test_a_flood_of_findings_gets_an_answer_the_issue_can_hold(project, photos):
    """Each picture loaded from elsewhere is a finding with a sentence of its own: a
    statement of 500 of them made a 240 KB report, which the publish job (a comment holds
    65,536 characters) dropped, so the artist read no reason at all. The report names the
    first ones and counts the rest."""
    statement = "\n".join(f"![](http://e.io/{n})" for n in range(400))[:5_000]
    outcome = run_issue(project, new_body(statement=statement), photos)
    assert outcome.code == 1
    assert len(outcome.report.encode("utf-8")) < 20_000
    listed = problems_of(outcome.report)
    assert "http\\:\u2060\\/\\/e\\.io\\/0»" in listed[0]  # the first, as the check says it
    (more,) = [line for line in listed if line.startswith("Y ")]
    count = int(re.search(r"\d+", more)[0])
    assert count > 200 and more == message("check_errors_more", "es", count=count)
