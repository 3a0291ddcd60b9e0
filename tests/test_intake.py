"""`invoke intake`: an issue form filled on a phone becomes a submission under content/.

Bodies are rendered from the form files (tests/intake_support.py), photos are JPEGs
made at run time (with GPS) in a temporary folder, read with --attachments: no network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from altavoz_core.fields import WORK_FIELDS
from altavoz_core.frontmatter import INVISIBLE_LINE_ENDS, parse_document
from altavoz_moderation.report import check_site
from altavoz_submit.check import run_check
from altavoz_submit.intake import run_intake
from altavoz_submit.intake.actions import field_limits
from altavoz_submit.intake.text import shown
from altavoz_submit.project import allowed_licenses, create_settings, project_settings
from conftest import ROOT, build_site, read_page, write_artist, write_work
from intake_support import (
    ATTACHMENT,
    FORMS,
    Raw,
    artists_project,
    attached_photos,
    event,
    form_elements,
    new_work_body,
    photos_markdown,
    run_issue,
    said,
    tree,
    update_body,
    withdraw_body,
    write_event,
)
from submit_support import invoke, phone_photo, pixels, private_tags

NEW_WORK_IDS = [
    "title", "images", "alt", "statement", "medium", "year", "dimensions", "tags",
    "license", "lang", "consent", "name", "city", "pronouns", "bio", "links",
]  # fmt: skip


@pytest.fixture
def project(tmp_path) -> Path:
    return artists_project(tmp_path)


@pytest.fixture
def photos(tmp_path) -> Path:
    return attached_photos(tmp_path, ("bbb-222", {"color": (200, 10, 10)}))


def new_body(**changes) -> str:
    return new_work_body(("aaa-111", "bbb-222"), newline="\r\n", **changes)


def intake_ok(project, body, photos, **kwargs):
    """The outcome of an issue the intake takes in (it fails the test otherwise)."""
    outcome = run_issue(project, body, photos, **kwargs)
    assert outcome.code == 0, outcome.report
    return outcome


def document_of(folder: Path):
    """The index.md of a submission's folder, as the check reads it."""
    return parse_document((folder / "index.md").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------ the forms


def test_the_new_work_form_asks_for_the_submission_contract_keys():
    assert [e["id"] for e in form_elements("obra-nueva")] == NEW_WORK_IDS
    work_keys = {field.name for field in WORK_FIELDS} - {"artist", "date"}
    assert work_keys <= set(NEW_WORK_IDS)
    assert [e["id"] for e in form_elements("retirar-obra")] == ["work", "reason", "confirm"]
    update = [e["id"] for e in form_elements("actualizar-obra")]
    assert update[0] == "work" and set(update[1:]) == set(NEW_WORK_IDS[:11])


@pytest.mark.parametrize("name", ["obra-nueva", "actualizar-obra", "retirar-obra"])
def test_every_label_is_spanish_first_then_english(name):
    for element in form_elements(name):
        spanish, _, english = element["attributes"]["label"].partition(" / ")
        assert spanish and english, element["attributes"]["label"]


@pytest.mark.parametrize("name", ["obra-nueva", "actualizar-obra"])
def test_the_licence_list_is_the_sites_allowed_licences(name, project):
    (element,) = [e for e in form_elements(name) if e["id"] == "license"]
    ids = [o.rsplit("(", 1)[1].rstrip(")") for o in element["attributes"]["options"]]
    assert sorted(ids) == sorted(allowed_licenses(project_settings(project)))


def test_the_chooser_points_to_the_guide():
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    (link,) = config["contact_links"]
    assert link["url"].startswith("https://") and link["url"].endswith("content/pages/guia.md")


# ------------------------------------------------------------------------ a new work


def test_a_first_submission_creates_the_artist_and_the_work(project, photos):
    outcome = intake_ok(project, new_body(), photos, author="luzmendoza")
    work = project / "content" / "works" / "luz-mendoza" / "raices-de-maiz"
    document = document_of(work)
    assert {key: document.value(key) for key in document.fields} | {"date": "-"} == {
        "title": "Raíces de maíz",
        "artist": "luz-mendoza",
        "date": "-",
        "medium": "Acrílico sobre muro",
        "license": "CC-BY-SA-4.0",
        "consent": "yes",
        "tags": "mural, maíz",
        "year": "2026",
        "dimensions": "300 × 450 cm",
        "lang": "es",
    }
    assert "![Mural de mazorcas gigantes sobre un muro azul](raices-de-maiz-1.jpg)" in (
        document.body
    )
    assert "Cada mazorca es una familia del barrio." in document.body
    first = work / "raices-de-maiz-1.jpg"
    assert private_tags(photos / "aaa-111") == ["GPSLatitude", "GPSLongitude"]
    assert private_tags(first) == []
    assert pixels(first) == pixels(photos / "aaa-111")  # stripped losslessly
    artist = (project / "content" / "artists" / "luz-mendoza" / "index.md").read_text()
    assert "github: luzmendoza" in artist and "name: Luz Mendoza" in artist
    assert "Pinto murales en mi barrio." in artist
    assert "Quitamos de tus fotos la ubicación" in outcome.report
    assert outcome.manifest["written"] == [
        "content/artists/luz-mendoza/index.md",
        "content/works/luz-mendoza/raices-de-maiz/index.md",
        "content/works/luz-mendoza/raices-de-maiz/raices-de-maiz-1.jpg",
        "content/works/luz-mendoza/raices-de-maiz/raices-de-maiz-2.jpg",
    ]


def test_a_known_login_adds_the_work_to_its_artist_whatever_the_case(project, photos):
    outcome = intake_ok(project, new_body(name="Otro nombre"), photos, author="mateogh")
    assert (project / "content" / "works" / "mateo-cisneros" / "raices-de-maiz").is_dir()
    assert not (project / "content" / "artists" / "otro-nombre").exists()
    assert [p for p in outcome.manifest["written"] if "artists" in p] == []


@pytest.mark.parametrize(
    ("title", "name", "work", "artist"),
    [
        ("Straße 北京", "Ñandú 北京", "strasse-bei-jing", "nandu-bei-jing"),
        ("🌽🎨", "🌽", "obra-7", "nuevagh"),  # nothing to transliterate: the fallbacks
        (" ".join(["Mural"] * 20), "Luz", "-".join(["mural"] * 13), "luz"),  # cut between words
    ],
)
def test_folders_are_named_by_pelicans_slug_rules(project, photos, title, name, work, artist):
    intake_ok(project, new_body(title=title, name=name), photos, author="NuevaGH")
    assert (project / "content" / "artists" / artist / "index.md").is_file()
    assert (project / "content" / "works" / artist / work / "index.md").is_file()


def test_the_report_speaks_the_language_chosen_in_the_form(project, photos):
    outcome = run_issue(project, new_body(lang="en", consent=False), photos)
    assert outcome.code == 1
    assert said("consent_missing", "en") in outcome.report
    assert "Falta tu permiso" not in outcome.report


def test_end_to_end_event_to_content_to_check_to_site(project, photos, tmp_path):
    before = tree(project)
    payload = write_event(tmp_path / "event.json", event(new_body(), author="luzmendoza"))
    out = tmp_path / "out"
    result = invoke(project, "intake", "--event", str(payload), "--attachments", str(photos),
                    "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "¡Listo!" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "passed" and manifest["issue"] == 7
    for relative in manifest["written"]:
        assert (out / "files" / relative).read_bytes() == (project / relative).read_bytes()
    after = tree(project)
    changed = {path for path in after if after[path] != before.get(path)}
    # cache/ is the moderation check's own cache of image results, as for `invoke check`.
    changed = {path for path in changed if not path.startswith("cache/")}
    assert changed == set(manifest["written"])  # nothing else was touched

    report, status = run_check(project, None, "text")
    assert status == 0, report
    output = build_site(project / "content", tmp_path / "output")
    page = read_page(output, "works/luz-mendoza/raices-de-maiz/index.html")
    assert "Raíces de maíz" in page and "Cada mazorca es una familia del barrio." in page


# ------------------------------------------------------------------------ the author's mistakes

MISTAKES = [
    ({"alt": ""}, "alt_missing", {}),
    ({"alt": "Solo una descripción"}, "alt_missing_for", {"number": 2}),
    ({"alt": "Uno\nDos\nTres"}, "alt_extra", {"line": 3, "value": "Tres"}),
    ({"license": ""}, "license_missing", {}),
    ({"license": Raw("MIT, la que sea")}, "license_unknown", {}),
    ({"consent": False}, "consent_missing", {}),
    ({"images": ""}, "photos_missing", {}),
    ({"images": "![Uploading IMG_1.jpg…]()"}, "photo_uploading", {}),
    ({"year": "dos mil"}, "year_invalid", {"value": "dos mil"}),
    ({"year": "٢٠٢٦"}, "year_invalid", {"value": "٢٠٢٦"}),  # str.isdigit takes any script's
    ({"year": "２０２６"}, "year_invalid", {"value": "２０２６"}),
    ({"links": "example.org/luz"}, "link_invalid", {"value": "example.org/luz"}),
    ({"links": "https://a.example\x85github: x"}, "link_invalid", {"value": "github: x"}),
    ({"title": ""}, "title_missing", {}),
    ({"name": ""}, "name_missing", {}),
    ({"images": photos_markdown(["aaa-111", "no-such"])}, "photo_missing", {"number": 2}),
]


@pytest.mark.parametrize(("change", "key", "values"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_each_phone_mistake_gets_one_plain_message_and_nothing_is_written(
    project, photos, change, key, values
):
    before = tree(project / "content")
    outcome = run_issue(project, new_body(**change), photos, author="luzmendoza")
    assert outcome.code == 1
    expected = said(key, "es", **values)
    problems = [line for line in outcome.report.splitlines() if line.startswith("- ")]
    assert problems == [f"- {expected}"]
    assert "invoke" not in outcome.report and "front matter" not in outcome.report
    assert "Edita el issue" in outcome.report
    assert tree(project / "content") == before
    assert outcome.manifest["written"] == [] and outcome.manifest["status"] == "errors"


def test_a_photo_that_is_not_an_image_is_refused_by_its_bytes(project, photos):
    (photos / "ccc-333").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    body = new_body(images=photos_markdown(["aaa-111", "ccc-333"]))
    outcome = run_issue(project, body, photos)
    assert outcome.code == 1
    assert said("photo_not_image", "es", number=2, kind="SVG") in outcome.report


def test_too_many_photos_are_refused(project, photos):
    names = [f"p-{i}" for i in range(13)]
    outcome = run_issue(project, new_body(images=photos_markdown(names)), photos)
    assert outcome.code == 1
    assert said("photo_too_many", "es", count=13, limit=12) in outcome.report


def test_a_photo_over_the_size_limit_is_refused_while_reading(project, photos):
    settings = project_settings(project, ALTAVOZ_IMAGES_MAX_FILE_BYTES=2**20)
    phone_photo(photos / "big-1", size=(3000, 3000))
    (photos / "big-1").write_bytes((photos / "big-1").read_bytes() + b"\0" * 2**20)
    body = new_body(images=photos_markdown(["aaa-111", "big-1"]))
    outcome = run_issue(project, body, photos, settings=settings)
    assert outcome.code == 1
    assert said("photo_too_large", "es", number=2, limit_mb=1) in outcome.report


def test_a_title_already_used_by_the_artist_asks_for_the_update_form(project, photos):
    outcome = run_issue(project, new_body(title="Barro negro"), photos, author="MateoGH")
    assert outcome.code == 1
    assert said("work_exists", "es", value="barro-negro") in outcome.report


# ------------------------------------------------------------------------ hostile bodies

# Whatever ends a line for some reader: the form's value must stay one line for all of them.
TERMINATORS = ["\n", "\r\n", *INVISIBLE_LINE_ENDS]
ONE_LINE_FIELDS = ["title", "medium", "dimensions", "tags", "name", "city", "pronouns"]


def outside_content(project: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in tree(project).items()
        if not path.startswith(("content/", "cache/"))
    }


@pytest.mark.parametrize("terminator", TERMINATORS, ids=[repr(t) for t in TERMINATORS])
def test_a_line_terminator_in_any_field_cannot_add_keys(project, photos, terminator):
    t = terminator
    steering = {
        field: f"{field.title()}{t}license: CC0-1.0{t}github: x{t}---"  # tags allow 40 characters
        for field in ONE_LINE_FIELDS
    }
    intake_ok(project, new_body(**steering), photos, author="luzmendoza")
    (work,) = (project / "content" / "works").glob("name-*/*/index.md")
    profile = project / "content" / "artists" / work.parent.parent.name / "index.md"
    work_keys = {*NEW_WORK_IDS[:11], "artist", "date"} - {"images", "alt", "statement"}
    profile_keys = {"name", "city", "pronouns", "links", "github", "lang"}
    for path, keys in ((work, work_keys), (profile, profile_keys)):
        document = parse_document(path.read_text(encoding="utf-8"))
        assert not document.problems and not document.duplicates
        assert set(document.fields) == keys
        assert document.value("license", "CC-BY-SA-4.0") == "CC-BY-SA-4.0"
        assert document.value("github", "luzmendoza") == "luzmendoza"
        assert document.value("lang") == "es"
        assert all(ch not in path.read_text() for ch in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        for field in keys & set(ONE_LINE_FIELDS):
            assert document.value(field) == f"{field.title()} license: CC0-1.0 github: x ---"


def test_a_terminator_in_a_description_only_splits_descriptions(project, photos):
    outcome = run_issue(project, new_body(alt="Un mural\u2028title: otra\x85Otra foto"), photos)
    assert outcome.code == 1
    problems = [line for line in outcome.report.splitlines() if line.startswith("- ")]
    assert problems == [f"- {said('alt_extra', 'es', line=3, value='Otra foto')}"]


def test_dashes_and_keys_in_the_texts_stay_text(project, photos):
    body = new_body(
        title="---",
        statement="---\ntitle: Otra\nlicense: CC0-1.0\n---\n\nTexto.",
        bio="---\ngithub: intrusa\n---",
    )
    intake_ok(project, body, photos, author="luzmendoza")
    document = document_of(project / "content" / "works" / "luz-mendoza" / "obra-7")
    assert document.value("title") == "---" and document.value("license") == "CC-BY-SA-4.0"
    profile = document_of(project / "content" / "artists" / "luz-mendoza")
    assert profile.value("github") == "luzmendoza"


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ACTIVE_IMG = "<img src=x onerror=alert(1)>"  # fits the shortest field (pronouns, 40)


def test_html_and_script_in_every_field_never_reach_a_page(project, photos, tmp_path):
    text_fields = [
        e["id"] for e in form_elements("obra-nueva") if e["type"] in ("input", "textarea")
    ]
    # Within each field's limit (a longer value is refused by its length first).
    values = {
        key: f"Hola {SCRIPT if key in ('statement', 'bio') else ACTIVE_IMG}"
        for key in text_fields
        if key not in ("images", "year", "links")
    }
    values["alt"] = f"Foto {SCRIPT}\nOtra {SCRIPT}"
    outcome = run_issue(project, new_body(**values), photos, author="luzmendoza")
    assert "<script" not in outcome.report and "<img" not in outcome.report  # quoted, not HTML
    assert outcome.code == 1  # the moderation check refuses active HTML in any field
    assert "código o HTML activo" in outcome.report and outcome.manifest["written"] == []
    assert not (project / "content" / "works" / "luz-mendoza").exists()


@pytest.mark.parametrize("field", ["images", "year", "links", "license", "lang", "consent"])
def test_html_in_a_field_with_its_own_format_is_refused_by_the_form(project, photos, field):
    before = tree(project / "content")
    outcome = run_issue(project, new_body(**{field: Raw(f"Hola {SCRIPT}")}), photos)
    assert outcome.code == 1
    assert "<script" not in outcome.report and "<img" not in outcome.report
    assert tree(project / "content") == before


def test_harmless_html_in_the_texts_is_escaped_on_the_page(project, photos, tmp_path):
    body = new_body(statement="Mi obra <b>bonita</b> & <i>grande</i>.", title="Uno < dos")
    intake_ok(project, body, photos, author="luzmendoza")
    output = build_site(project / "content", tmp_path / "output")
    page = read_page(output, "works/luz-mendoza/uno-dos/index.html")
    assert "Uno &lt; dos" in page


FOREIGN = [
    "http://github.com/user-attachments/assets/aaa-111",
    "https://evil.example/user-attachments/assets/aaa-111",
    "https://github.com.evil.example/user-attachments/assets/aaa-111",
    "https://github.com@evil.example/user-attachments/assets/aaa-111",
    "https://evil.example/?next=https://github.com/user-attachments/assets/aaa-111",
    "https://github.com:8443/user-attachments/assets/aaa-111",
    "https://raw.githubusercontent.com/x/y/main/aaa-111",
    "https://github.com/user-attachments/assets/aaa-111?download=../../etc",
    "//evil.example/aaa-111",
]
BAD_PATHS = [
    "https://github.com/user-attachments/assets/../../../../etc/passwd",
    "https://github.com/user-attachments/assets/..%2F..%2Fpasswd",
    "https://github.com/user-attachments/assets/%2e%2e",
    "https://github.com/user-attachments/assets/aaa-111/../passwd",
    "https://github.com/user-attachments/files/123/passwd",
    "https://user-images.githubusercontent.com/1/../passwd.png",
    "https://user-images.githubusercontent.com/1/.hidden.png",
]


@pytest.mark.parametrize("url", FOREIGN + BAD_PATHS)
def test_only_githubs_attachment_addresses_are_read(project, photos, url):
    (photos / "passwd").write_text("root:x:0:0\n")
    before = outside_content(project)
    body = new_body(images=f"![IMG_1]({ATTACHMENT}aaa-111)\n![IMG_2]({url})")
    outcome = run_issue(project, body, photos)
    assert outcome.code == 1
    keys = ("photo_foreign_host", "photo_bad_address")
    assert any(said(key, "es", number=2, url=url) in outcome.report for key in keys)
    assert outcome.manifest["written"] == []
    assert outside_content(project) == before


def test_a_link_in_a_folder_of_attachments_is_not_followed(project, photos, tmp_path):
    secret = tmp_path / "secret.jpg"
    phone_photo(secret)
    (photos / "ddd-444").symlink_to(secret)
    outcome = run_issue(project, new_body(images=photos_markdown(["aaa-111", "ddd-444"])), photos)
    assert outcome.code == 1
    assert said("photo_missing", "es", number=2) in outcome.report


def test_a_heading_of_the_form_inside_a_text_is_reported(project, photos):
    statement = "Mi historia.\n\n### Licencia / Licence\n\nDominio público (CC0-1.0)"
    outcome = run_issue(project, new_body(statement=statement), photos)
    assert outcome.code == 1
    assert said("heading_repeated", "es", label="Licencia / Licence") in outcome.report


NOT_FORMS = [
    "",
    "Hola, quiero participar. ¿Cómo le hago?",
    "### Título / Title\n\nSolo un título",
    "### Something else\n\nvalue",
]


@pytest.mark.parametrize("body", NOT_FORMS)
def test_a_body_that_is_not_a_form_is_left_alone(project, photos, body):
    before = tree(project / "content")
    outcome = run_issue(project, body, photos)
    assert outcome.code == 2
    assert tree(project / "content") == before


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"action": "opened"},
        {"action": "closed", "issue": {"number": 1, "body": "", "user": {"login": "a"}}},
        {
            "action": "opened",
            "issue": {"number": "1; rm -rf /", "body": "", "user": {"login": "a"}},
        },
        {"action": "opened", "issue": {"number": 1, "body": "", "user": {"login": "../x"}}},
        {"action": "opened", "issue": {"number": 1, "body": 5, "user": {"login": "a"}}},
        {"action": "opened", "issue": {"number": 1, "pull_request": {}, "user": {"login": "a"}}},
        [],
    ],
)
def test_a_malformed_event_exits_2(project, payload):
    assert run_intake(project, payload).code == 2


@pytest.mark.parametrize("login", ["luzmendoza\n", "luzmendoza\r", "luz_mendoza", "٢٠٢٦"])
def test_a_login_that_is_only_nearly_a_github_user_name_is_not_an_author(project, photos, login):
    before = tree(project / "content")
    outcome = run_issue(project, new_body(), photos, author=login)
    assert outcome.code == 2
    assert tree(project / "content") == before


@pytest.mark.parametrize(("login", "user_id"), [("ghost", 10137), ("Ghost", None), ("x", 10137)])
@pytest.mark.parametrize("action", ["edited", "reopened"])
def test_a_deleted_accounts_issue_is_no_ones_even_for_a_maintainer(
    project, photos, login, user_id, action
):
    # GitHub shows every deleted account as "ghost" (account 10137): a profile made for
    # one would be every other deleted account's, free to change or withdraw its works.
    before = tree(project / "content")
    outcome = run_issue(
        project, new_body(), photos, author=login, user_id=user_id, action=action,
        sender="mantenedora", editor_is_maintainer=True,
    )  # fmt: skip
    assert outcome.code == 2
    assert tree(project / "content") == before


# Reopened: the closing took the submission's pull request away, so it is taken in again.
@pytest.mark.parametrize("action", ["edited", "reopened"])
def test_an_edit_by_someone_else_is_not_used_unless_a_maintainer(project, photos, action):
    before = tree(project / "content")
    body = new_body()
    outcome = run_issue(project, body, photos, action=action, author="luzmendoza", sender="otra")
    assert outcome.code == 2
    assert said("editor_not_author", "es") in outcome.report
    assert tree(project / "content") == before
    outcome = run_issue(
        project, body, photos, action=action, author="luzmendoza", sender="equipo",
        editor_is_maintainer=True,
    )  # fmt: skip
    assert outcome.code == 0, outcome.report
    assert (project / "content" / "artists" / "luz-mendoza").is_dir()  # still the author's


def test_a_lone_surrogate_in_the_event_is_read_as_a_replacement_character(project, photos):
    """An event file may hold a \\ud800 escape (JSON allows it, no UTF-8 text holds it):
    the index.md could not be written with it, and the author heard of a failure of ours."""
    outcome = run_issue(project, new_body(title="Raíz \ud800 \udf3d"), photos)
    assert outcome.code == 0, outcome.report
    index = project / "content/works/luz-mendoza/raiz/index.md"
    assert "title: Raíz \ufffd \ufffd\n" in index.read_text(encoding="utf-8")


def test_an_issue_its_author_reopened_is_taken_in_again(project, photos):
    outcome = run_issue(project, new_body(), photos, action="reopened", author="luzmendoza")
    assert outcome.code == 0, outcome.report
    assert (project / "content" / "works" / "luz-mendoza" / "raices-de-maiz").is_dir()


def test_the_task_exits_2_for_a_malformed_event_file(project, tmp_path):
    (tmp_path / "event.json").write_text("{not json")
    result = invoke(project, "intake", "--event", str(tmp_path / "event.json"))
    assert result.returncode == 2


# ------------------------------------------------------------------------ update and withdraw


def test_an_update_changes_only_what_was_written(project, photos):
    body = update_body(
        work="https://altavoz.example.org/works/mateo-cisneros/barro-negro/",
        title="Barro negro de Coyotepec",
        statement="Texto nuevo.",
    )
    outcome = intake_ok(project, body, photos, author="mateogh")
    folder = project / "content" / "works" / "mateo-cisneros" / "barro-negro"
    document = document_of(folder)
    assert document.value("title") == "Barro negro de Coyotepec"
    assert document.value("license") == "CC-BY-SA-4.0" and document.value("medium")
    assert "Texto nuevo." in document.body
    assert "](obra.jpg)" in document.body and (folder / "obra.jpg").is_file()
    assert outcome.manifest["removed"] == []
    assert "content/works/mateo-cisneros/barro-negro/index.md" in outcome.manifest["written"]


def test_an_update_with_photos_replaces_the_photos(project, photos):
    body = update_body(
        work="barro-negro",
        images=photos_markdown(["bbb-222"]),
        alt="Jarra de barro negro pulido sobre una mesa",
        license="CC0-1.0",
    )
    outcome = intake_ok(project, body, photos, author="mateogh")
    folder = project / "content" / "works" / "mateo-cisneros" / "barro-negro"
    assert sorted(p.name for p in folder.iterdir()) == ["barro-negro-1.jpg", "index.md"]
    document = document_of(folder)
    assert document.value("license") == "CC0-1.0"
    assert outcome.manifest["removed"] == ["content/works/mateo-cisneros/barro-negro/obra.jpg"]


@pytest.mark.parametrize(
    ("author", "work", "key"),
    [
        ("luzmendoza", "barro-negro", "no_artist"),
        ("otrogh", "barro-negro", "work_unknown"),
        ("mateogh", "../../artists/mateo-cisneros", "work_unknown"),
        ("mateogh", "no-existe", "work_unknown"),
        # His own work's last part, under another artist's address or a tag page's
        ("mateogh", "https://altavoz.example.org/works/otra/barro-negro/", "work_unknown"),
        ("mateogh", "https://altavoz.example.org/en/tags/barro-negro/", "work_unknown"),
        ("mateogh", "otra/barro-negro", "work_unknown"),
    ],
)
def test_only_the_authors_own_works_can_change(project, photos, author, work, key):
    write_artist(project / "content", "otra", name="Otra", github="otrogh")
    before = tree(project / "content")
    for body in (
        update_body(work=work, title="Mía"),
        withdraw_body(work),
    ):
        outcome = run_issue(project, body, photos, author=author)
        assert outcome.code == 1
        expected = said(key, "es", value=work)
        assert [line for line in outcome.report.splitlines() if line.startswith("- ")] == [
            f"- {expected}"
        ]
        assert tree(project / "content") == before


@pytest.mark.parametrize(
    "work",
    [
        "https://altavoz.example.org/works/mateo-cisneros/barro-negro/?utm_source=whatsapp",
        "https://altavoz.example.org/en/works/mateo-cisneros/barro-negro/#foto-2",
        "<https://altavoz.example.org/works/Mateo-Cisneros/barro-negro>",
        "Barro-negro",  # the phone's keyboard put a capital first
        "mateo-cisneros/barro-negro/",
    ],
)
def test_the_work_is_found_by_its_address_as_a_phone_shares_it(project, photos, work):
    outcome = intake_ok(project, withdraw_body(work), photos, author="MateoGH")
    assert outcome.manifest["removed"][0] == "content/works/mateo-cisneros/barro-negro/index.md"


def test_an_update_without_changes_says_so(project, photos):
    outcome = run_issue(project, update_body(work="barro-negro"), photos, author="mateogh")
    assert outcome.code == 1
    assert said("nothing_changed", "es") in outcome.report


def test_a_withdrawal_removes_the_work_folder(project, photos):
    body = withdraw_body("barro-negro", reason="Ya no")
    outcome = intake_ok(project, body, photos, author="MateoGH")
    assert not (project / "content" / "works" / "mateo-cisneros" / "barro-negro").exists()
    assert outcome.manifest["action"] == "withdraw" and outcome.manifest["written"] == []
    assert outcome.manifest["removed"] == [
        "content/works/mateo-cisneros/barro-negro/index.md",
        "content/works/mateo-cisneros/barro-negro/obra.jpg",
    ]
    assert "Barro negro" in outcome.report


SHOWN_AT = """---
title: Taller de barro
start: 2027-03-14 18:00
end: 2027-03-14 20:30
timezone: America/Mexico_City
venue: Casa de la Cultura
organizers: mateo-cisneros
works: {works}
lang: es
consent: yes
---

Traigan barro.
"""


@pytest.mark.parametrize(
    ("works", "left"),
    [
        ("mateo-cisneros/barro-negro", None),
        ("mateo-cisneros/jarra, mateo-cisneros/barro-negro", "mateo-cisneros/jarra"),
    ],
)
def test_a_withdrawn_work_leaves_the_events_that_show_it(project, photos, works, left):
    # The pull request's check reads only what it changes: an event still naming the work
    # would pass it, then break the site's whole check (AV253) once merged.
    content = project / "content"
    write_work(content, "mateo-cisneros", "jarra", title="Jarra")
    index = content / "events" / "taller" / "index.md"
    index.parent.mkdir(parents=True)
    index.write_text(SHOWN_AT.format(works=works), encoding="utf-8")
    outcome = intake_ok(project, withdraw_body("barro-negro"), photos, author="MateoGH")
    expected = SHOWN_AT.format(works=left)
    if left is None:
        expected = expected.replace("works: None\n", "")
    assert index.read_text(encoding="utf-8") == expected
    assert outcome.manifest["written"] == ["content/events/taller/index.md"]
    report = check_site(content, project_settings(project))
    assert [f.code for f in report.findings if f.severity == "error"] == []


def test_a_withdrawal_is_not_held_by_what_another_artist_s_event_already_had(project, photos):
    # The event is someone else's and names an organizer who does not exist: that is theirs
    # to fix; the withdrawal only takes the work out of its list, and goes on.
    content = project / "content"
    index = content / "events" / "taller" / "index.md"
    index.parent.mkdir(parents=True)
    text = SHOWN_AT.format(works="mateo-cisneros/barro-negro")
    index.write_text(text.replace("organizers: mateo-cisneros", "organizers: nadie"), "utf-8")
    outcome = intake_ok(project, withdraw_body("barro-negro"), photos, author="MateoGH")
    assert "works:" not in index.read_text(encoding="utf-8")
    assert "nadie" not in outcome.report
    assert outcome.manifest["removed"][0] == "content/works/mateo-cisneros/barro-negro/index.md"


def test_a_withdrawal_waits_for_a_person_when_an_event_that_shows_it_is_hand_written(
    project, photos
):
    content = project / "content"
    index = content / "events" / "taller" / "index.md"
    index.parent.mkdir(parents=True)
    text = SHOWN_AT.format(works="mateo-cisneros/barro-negro").replace(
        "venue:", "# a comment\nvenue:"
    )
    index.write_text(text, encoding="utf-8")
    before = tree(content)
    outcome = run_issue(project, withdraw_body("barro-negro"), photos, author="MateoGH")
    assert outcome.code == 1
    assert said("event_not_plain", "es") in outcome.report
    assert tree(content) == before


def test_a_withdrawal_needs_the_confirmation(project, photos):
    body = withdraw_body("barro-negro", confirm=False)
    outcome = run_issue(project, body, photos, author="mateogh")
    assert outcome.code == 1
    assert said("confirm_missing", "es") in outcome.report
    assert (project / "content" / "works" / "mateo-cisneros" / "barro-negro").is_dir()


# ------------------------------------------------------------------------ the pull-request path


@pytest.mark.parametrize(
    ("written", "suggested"), [("Foto.JPG", "foto.jpg"), ("IMG_2034.jpg", "img_2034.JPG")]
)
def test_a_name_that_differs_only_in_case_gets_did_you_mean(tmp_path, written, suggested):
    from altavoz_moderation.report import check_site

    content = tmp_path / "content"
    write_artist(content, "luz-mendoza")
    folder = write_work(content, "luz-mendoza", "mural", images=((suggested, "Un mural azul"),))
    index = folder / "index.md"
    index.write_text(index.read_text().replace(f"]({suggested})", f"]({written})"))
    (finding,) = [f for f in check_site(content, create_settings()).findings if f.code == "AV401"]
    assert finding.message_es.endswith(f"¿Quisiste decir «{suggested}»?")
    assert finding.message_en.endswith(f"Did you mean '{suggested}'?")


def test_a_missing_image_with_no_near_name_gets_no_suggestion(tmp_path):
    from altavoz_moderation.report import check_site

    content = tmp_path / "content"
    write_artist(content, "luz-mendoza")
    folder = write_work(content, "luz-mendoza", "mural", images=(("foto.jpg", "Un mural azul"),))
    index = folder / "index.md"
    index.write_text(index.read_text().replace("](foto.jpg)", "](otra.jpg)"))
    (finding,) = [f for f in check_site(content, create_settings()).findings if f.code == "AV401"]
    assert "Quisiste decir" not in finding.message_es and "Did you mean" not in finding.message_en


# ------------------------------------------------------------------------ the guide and the pages

GUIDES = {"es": ROOT / "content/pages/guia.md", "en": ROOT / "content/pages/guia-en.md"}
PARTICIPATE = {
    "es": ROOT / "content/pages/como-participar.md",
    "en": ROOT / "content/pages/how-to-participate.en.md",
}


def sections(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_guide_leads_with_the_phone_form_and_keeps_the_pull_request_path(lang):
    titles = [title for title, _ in sections(GUIDES[lang])]
    phone = next(i for i, t in enumerate(titles) if "teléfono" in t or "phone" in t)
    git = next(i for i, t in enumerate(titles) if "git" in t)
    assert phone == 1 and git > phone  # right after "what you need"
    text = dict(sections(GUIDES[lang]))[titles[phone]]
    assert ("/enviar/" if lang == "es" else "/en/enviar/") in text
    # The fields the guide names in bold are the form's own labels (or their halves).
    labels = {e["attributes"]["label"] for e in form_elements("obra-nueva")}
    halves = {half for label in labels for half in label.split(" / ")} | labels
    named = [name for name in re.findall(r"\*\*([^*]+)\*\*", text) if name in halves]
    assert len(named) >= 5, named
    for step in ("Edit", "pull request", "issue"):
        assert step in text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_how_to_take_part_matches_the_guide(lang):
    text = PARTICIPATE[lang].read_text(encoding="utf-8")
    guide = "{filename}/pages/guia.md" if lang == "es" else "{filename}/pages/guia-en.md"
    assert guide in text and ("/enviar/" if lang == "es" else "/en/enviar/") in text
    for kind in ("JPEG", "PNG", "HEIC", "WebP"):
        assert kind in text
    assert "Pronto" not in text and "coming" not in text.lower()


def test_a_moderation_finding_names_the_form_field_to_change(project, photos):
    long_tag = "x" * 41  # within the field's 300 characters, over the check's 40 for one tag
    outcome = run_issue(project, new_body(tags=f"mural, {long_tag}"), photos, author="luzmendoza")
    assert outcome.code == 1
    (line,) = [line for line in outcome.report.splitlines() if "«Etiquetas»" in line]
    plain = "El campo «Etiquetas» de tu obra tiene 41 caracteres; el máximo es 40. Acórtalo."
    assert line == f"- {shown(plain)} (En el formulario: «Etiquetas / Tags».)"


def test_a_failure_of_ours_is_said_plainly_and_takes_everything_back(project, photos, monkeypatch):
    from altavoz_submit.intake import actions

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "new_work", broken)
    before = tree(project / "content")
    outcome = run_issue(project, new_body(), photos, author="luzmendoza")  # would create the artist
    assert outcome.code == 1
    assert said("internal", "es") in outcome.report and "disk full" not in outcome.report
    assert outcome.manifest["status"] == "errors" and outcome.manifest["written"] == []
    assert tree(project / "content") == before


def test_an_update_that_fails_puts_the_work_back(project, photos, monkeypatch):
    from altavoz_submit.intake import actions

    monkeypatch.setattr(actions, "new_work", lambda *a, **k: 1 / 0)
    before = tree(project / "content")
    outcome = run_issue(
        project, update_body(work="barro-negro", title="Otro"), photos, author="mateogh"
    )
    assert outcome.code == 1 and tree(project / "content") == before


def test_a_field_too_long_is_named_by_its_label(project, photos):
    limit = field_limits(project_settings(project))["title"]  # the check's own limit
    assert limit == 120
    outcome = run_issue(project, new_body(title="x" * (limit + 1)), photos)
    assert said("too_long", "es", field="Título / Title", limit=limit) in outcome.report
    assert run_issue(project, new_body(title="x" * limit), photos).code == 0


def test_a_photo_past_the_pixel_limit_is_never_decoded_by_the_intake(
    project, tmp_path, monkeypatch
):
    # The look for private tags reads a PNG's whole image; with Pillow's own limit (twice
    # 89 MP) a small PNG of 169 MP cost 674 MB here, for a photo the check refuses.
    from PIL import Image, ImageFile

    folder = tmp_path / "big"
    folder.mkdir()
    Image.new("RGB", (1200, 1000), (10, 200, 30)).save(folder / "ccc-333", "PNG")
    settings = {**project_settings(project), "ALTAVOZ_IMAGES_MAX_PIXELS": 1_000_000}
    decoded = []
    load = ImageFile.ImageFile.load

    def spied(image):
        decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spied)
    body = new_work_body(("ccc-333",), alt="Un mural verde", newline="\r\n")
    outcome = run_issue(project, body, folder, settings=settings)
    assert outcome.code == 1
    assert "La foto 1 tiene demasiados píxeles" in outcome.report, outcome.report
    assert (1200, 1000) not in decoded
    assert not (project / "content" / "works" / "mateo-cisneros" / "raices-de-maiz").exists()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"statement": "Pinté este mural.\n\n<img src=x>"}, "Sobre la obra / About the work"),
        (
            {"alt": "Mural <img src=x> azul\nDetalle"},
            "Descripción de cada foto / Description of each photo",
        ),
    ],
)
def test_a_finding_in_the_works_text_names_the_form_field_not_a_line(
    project, photos, changes, label, lang
):
    # The line number is of index.md, a file the artist never saw; the field is in the form.
    outcome = run_issue(project, new_body(lang=lang, **changes), photos)
    assert outcome.code == 1
    (said_img,) = [line for line in outcome.report.splitlines() if "HTML &lt;img&gt;" in line]
    assert said_img.endswith(f"«{label}».)")
    assert not re.search(r"\b(?:línea|line) [0-9]", said_img)


@pytest.mark.parametrize(
    ("work", "code"),
    [("https://altavoz.example.org/obras/barro-negro/", 0), ("otra/barro-negro", 1)],
)
def test_a_sites_own_work_address_finds_the_work(project, photos, work, code):
    settings = {**project_settings(project), "WORK_URL": "obras/{slug}/"}
    outcome = run_issue(project, withdraw_body(work), photos, author="MateoGH", settings=settings)
    assert outcome.code == code, outcome.report
