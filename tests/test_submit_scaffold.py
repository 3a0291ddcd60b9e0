"""`invoke new-artist` / `invoke new-work`: folders that pass `invoke check`, stripped images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from altavoz_core.frontmatter import read_fields
from altavoz_submit import (
    ARTIST_FIELDS,
    WORK_FIELDS,
    ImageSpec,
    MissingFields,
    ScaffoldError,
    new_artist,
    new_work,
)
from altavoz_submit.check import run_check
from altavoz_submit.project import project_settings
from conftest import build_site, read_page, write_artist
from submit_support import invoke, make_project, phone_photo, pixels, private_tags


@pytest.fixture
def project(tmp_path) -> Path:
    project = make_project(tmp_path / "repo")
    write_artist(project / "content", "luz-mendoza", name="Luz Mendoza")
    return project


WORK_VALUES = {
    "title": "Raíces de maíz",
    "artist": "luz-mendoza",
    "date": "2026-03-14",
    "medium": "Acrílico sobre muro",
    "license": "CC-BY-SA-4.0",
    "consent": "yes",
    "tags": "muralismo, maíz",
    "year": "2026",
    "dimensions": "300 × 450 cm",
}


def check_json(project: Path) -> tuple[dict, int]:
    text, status = run_check(project, None, "json")
    return json.loads(text), status


def test_new_work_passes_the_check_and_its_images_lose_gps(project, tmp_path):
    with_gps = phone_photo(tmp_path / "camera" / "IMG_2034.JPG", gps=True)
    plain = phone_photo(tmp_path / "camera" / "IMG_2035.JPG", color=(200, 80, 30))
    original = with_gps.read_bytes()

    made = new_work(
        project,
        WORK_VALUES,
        statement="Pintamos el muro entre vecinas.",
        images=[
            ImageSpec(with_gps, "Mural de mazorcas gigantes sobre un muro azul", "Muro norte"),
            ImageSpec(plain, "Detalle de las manos que siembran"),
        ],
        settings=project_settings(project),
    )

    folder = project / "content" / "works" / "luz-mendoza" / "raices-de-maiz"
    assert made.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == ["img-2034.jpg", "img-2035.jpg", "index.md"]
    values, body = read_fields((folder / "index.md").read_text(encoding="utf-8"))
    assert values == {**WORK_VALUES, "lang": "es"}
    assert "Pintamos el muro entre vecinas." in body
    assert '![Mural de mazorcas gigantes sobre un muro azul](img-2034.jpg "Muro norte")' in body
    assert body.index("img-2034.jpg") < body.index("img-2035.jpg")  # the first is the cover

    # The copy is clean, pixel for pixel the same; the maintainer's file is untouched.
    assert private_tags(with_gps) == ["GPSLatitude", "GPSLongitude"]
    assert private_tags(folder / "img-2034.jpg") == []
    assert pixels(folder / "img-2034.jpg") == pixels(with_gps)
    assert with_gps.read_bytes() == original
    assert made.stripped == {"img-2034.jpg": ["GPSLatitude", "GPSLongitude"]}

    report, status = check_json(project)
    assert status == 0, report
    assert report["summary"]["checked"] == 2  # the artist and the new work
    assert [f for f in report["findings"] if "raices-de-maiz" in f["path"]] == []


def test_new_artist_with_avatar_and_github_passes_the_check(project, tmp_path):
    avatar = phone_photo(tmp_path / "selfie.jpeg", gps=True, size=(900, 900))
    made = new_artist(
        project,
        {"name": "Colectivo Añil", "city": "Juchitán", "github": "@colectivo-anil", "lang": "es"},
        bio="Somos un colectivo de grabado.",
        avatar=avatar,
        settings=project_settings(project),
    )
    folder = project / "content" / "artists" / "colectivo-anil"
    assert made.folder == folder
    values, body = read_fields((folder / "index.md").read_text(encoding="utf-8"))
    assert values == {
        "name": "Colectivo Añil",
        "city": "Juchitán",
        "avatar": "avatar.jpeg",
        "github": "colectivo-anil",
        "lang": "es",
    }
    assert body.strip() == "Somos un colectivo de grabado."
    assert private_tags(folder / "avatar.jpeg") == []

    report, status = check_json(project)
    assert status == 0, report
    artist_findings = [f for f in report["findings"] if "colectivo-anil" in f["path"]]
    assert artist_findings == []
    # The new github key makes CODEOWNERS stale: the check says so (a warning, not an error).
    assert [f["code"] for f in report["findings"] if f["path"] == ".github/CODEOWNERS"] == ["AV701"]


def test_scaffolded_work_appears_in_a_build(project, tmp_path):
    new_work(
        project,
        {
            "title": "Sol de barrio",
            "artist": "luz-mendoza",
            "license": "CC0-1.0",
            "consent": "yes",
        },
        images=[ImageSpec(phone_photo(tmp_path / "sol.jpg"), "Un sol rojo pintado en una puerta")],
        settings=project_settings(project),
    )
    output = build_site(project / "content", tmp_path / "output")
    page = read_page(output, "works/luz-mendoza/sol-de-barrio/index.html")
    assert "Sol de barrio" in page
    assert "Un sol rojo pintado en una puerta" in page


def test_missing_fields_without_a_terminal_name_the_flags(project):
    with pytest.raises(MissingFields) as error:
        new_work(project, {"title": "Algo"}, settings=project_settings(project))
    assert error.value.names == ["artist", "license", "consent"]
    assert "--artist --license --consent" in str(error.value)
    assert not (project / "content" / "works").exists()


def test_prompts_fill_what_is_missing(project, tmp_path):
    photo = phone_photo(tmp_path / "foto.jpg")
    answers = {
        "title": "Tejido de lluvia",
        "artist": "luz-mendoza",
        "license": "CC-BY-NC-SA-4.0",
        "consent": "yes",
        "image": [str(photo), ""],
        "alt": "Rebozo azul con franjas grises colgado al sol",
        "statement": "Tejido en telar de cintura.",
    }
    asked = []

    def ask(field):
        asked.append(field.name)
        answer = answers.get(field.name, "")
        return answer.pop(0) if isinstance(answer, list) else answer

    made = new_work(project, {}, ask=ask, settings=project_settings(project))
    assert made.folder.name == "tejido-de-lluvia"
    # Every field without a flag or a default is asked for, in the template's order.
    in_order = ["title", "artist", "medium", "license", "consent", "tags", "year", "dimensions"]
    assert asked[:8] == in_order
    assert "image" in asked and "statement" in asked
    text = (made.folder / "index.md").read_text(encoding="utf-8")
    assert "license: CC-BY-NC-SA-4.0" in text
    assert "![Rebozo azul con franjas grises colgado al sol](foto.jpg)" in text


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"license": "GPL-3.0"}, "--license 'GPL-3.0' is not one of"),
        ({"consent": "no"}, "--consent must be 'yes'"),
        ({"date": "14/03/2026"}, "--date '14/03/2026' is not a date"),
        ({"artist": "Luz Mendoza"}, "--artist 'Luz Mendoza' must use lowercase"),
        ({"artist": "nadie"}, "there is no artist 'nadie'"),
        ({"year": "٢٠٢٦"}, "--year '٢٠٢٦' must be a four-digit year"),  # \d takes these
        ({"date": "20260314"}, "--date '20260314' is not a date"),  # date.fromisoformat does
        ({"title": "Obra\x0bescondida"}, "--title must be one line"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(project, tmp_path, given, message):
    values = {"title": "Obra", "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"}
    photo = phone_photo(tmp_path / "a.jpg")
    with pytest.raises(ScaffoldError, match=message):
        new_work(
            project,
            {**values, **given},
            images=[ImageSpec(photo, "Una pintura de un río")],
            settings=project_settings(project),
        )
    assert not (project / "content" / "works").exists() or not any(
        (project / "content" / "works").rglob("index.md")
    )


@pytest.mark.parametrize("slug", ["obra\n", "obra\r", "٢٠٢٦", "ｏｂｒａ", "x" * 81])
def test_a_slug_that_is_only_nearly_one_is_refused_before_anything_is_written(
    project, tmp_path, slug
):
    values = {"title": "Obra", "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"}
    with pytest.raises(ScaffoldError, match=r"(?s)--slug .* must use lowercase"):
        new_work(
            project,
            values,
            slug=slug,
            images=[ImageSpec(phone_photo(tmp_path / "a.jpg"), "Una pintura de un río")],
            settings=project_settings(project),
        )
    assert not (project / "content" / "works").exists()


@pytest.mark.parametrize(
    ("title", "folder"),
    [("Straße 北京", "strasse-bei-jing"), ("🌽🎨", "obra"), ("Obra_del_río", "obra-del-rio")],
)
def test_a_work_folder_and_its_images_are_named_by_pelicans_rules(project, tmp_path, title, folder):
    values = {"title": title, "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"}
    photo = phone_photo(tmp_path / "Foto_Straße.JPG")
    made = new_work(
        project,
        values,
        images=[ImageSpec(photo, "Una pintura de un río")],
        settings=project_settings(project),
    )
    assert made.folder == project / "content" / "works" / "luz-mendoza" / folder
    assert sorted(p.name for p in made.folder.iterdir()) == ["foto-strasse.jpg", "index.md"]


@pytest.mark.parametrize(("name", "folder"), [("北京 Ñandú", "bei-jing-nandu"), ("🌽", "artista")])
def test_an_artist_folder_is_named_by_pelicans_rules(project, name, folder):
    made = new_artist(project, {"name": name}, bio="Pinto.", settings=project_settings(project))
    assert made.folder == project / "content" / "artists" / folder


def test_a_folder_that_would_fail_the_check_is_not_left_behind(project, tmp_path):
    photo = phone_photo(tmp_path / "a.jpg")
    with pytest.raises(ScaffoldError, match="AV404"):  # generic alt text: an error
        new_work(
            project,
            {"title": "Obra", "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"},
            images=[ImageSpec(photo, "foto")],
            settings=project_settings(project),
        )
    works = project / "content" / "works" / "luz-mendoza"
    assert list(works.iterdir()) == []  # no folder, no hidden staging folder


def test_an_existing_folder_is_never_overwritten(project, tmp_path):
    photo = phone_photo(tmp_path / "a.jpg")
    values = {"title": "Obra", "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"}
    spec = [ImageSpec(photo, "Una pintura de un río")]
    settings = project_settings(project)
    made = new_work(project, values, images=spec, settings=settings)
    before = (made.folder / "index.md").read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        new_work(project, {**values, "tags": "otra"}, images=spec, settings=settings)
    assert (made.folder / "index.md").read_bytes() == before


def test_a_file_that_is_not_an_image_is_refused(project, tmp_path):
    fake = tmp_path / "virus.jpg"
    fake.write_text("<svg onload=alert(1)>", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"virus\.jpg cannot be cleaned"):
        new_work(
            project,
            {"title": "Obra", "artist": "luz-mendoza", "license": "CC0-1.0", "consent": "yes"},
            images=[ImageSpec(fake, "Una pintura de un río")],
            settings=project_settings(project),
        )
    assert list((project / "content" / "works" / "luz-mendoza").iterdir()) == []


# --------------------------------------------------------------------------- the tasks


def test_task_help_has_a_flag_for_every_field(project):
    work_help = invoke(project, "new-work", "--help")
    artist_help = invoke(project, "new-artist", "--help")
    assert work_help.returncode == 0 and artist_help.returncode == 0
    for field in WORK_FIELDS:
        assert f"--{field.name}" in work_help.stdout
    for flag in ("--slug", "--statement", "--image", "--alt", "--caption"):
        assert flag in work_help.stdout
    for field in ARTIST_FIELDS:
        assert f"--{field.name}" in artist_help.stdout
    assert "--bio" in artist_help.stdout


def test_task_without_a_terminal_fails_naming_the_missing_flags(project):
    result = invoke(project, "new-work", "--title", "Algo")
    assert result.returncode == 1
    assert "missing: --artist --license --consent" in result.stderr
    assert not (project / "content" / "works").exists()


def test_task_needs_an_alt_for_each_image(project, tmp_path):
    photo = phone_photo(tmp_path / "IMG_1.jpg")
    args = ["--title", "Algo", "--artist", "luz-mendoza", "--license", "CC0-1.0"]
    result = invoke(project, "new-work", *args, "--consent", "yes", "--image", str(photo))
    assert result.returncode == 1
    assert "missing: --alt for IMG_1.jpg" in result.stderr


def test_tasks_scripted_end_to_end(project, tmp_path):
    first = phone_photo(tmp_path / "IMG_1.JPG", gps=True)
    second = phone_photo(tmp_path / "IMG_2.JPG")
    artist = invoke(
        project,
        "new-artist",
        "--name",
        "Ana Rivera",
        "--city",
        "Tlaxcala",
        "--github",
        "ana-rivera",
        "--bio",
        "Grabadora.",
    )
    assert artist.returncode == 0, artist.stderr
    assert "artist created: content/artists/ana-rivera/" in artist.stdout
    work = invoke(
        project,
        "new-work",
        *("--title", "Agua viva", "--artist", "ana-rivera", "--license", "CC-BY-4.0"),
        *("--consent", "yes", "--date", "2026-02-01"),
        *("--image", str(first), "--alt", "Grabado de un río que cruza el pueblo", "--caption", ""),
        *("--image", str(second), "--alt", "La placa de linóleo entintada", "--caption", "Placa"),
    )
    assert work.returncode == 0, work.stderr
    assert "img-1.jpg: removed private metadata (GPSLatitude, GPSLongitude)" in work.stdout
    folder = project / "content" / "works" / "ana-rivera" / "agua-viva"
    assert private_tags(folder / "img-1.jpg") == []
    assert '![La placa de linóleo entintada](img-2.jpg "Placa")' in (folder / "index.md").read_text(
        encoding="utf-8"
    )

    codeowners = invoke(project, "codeowners")
    assert codeowners.returncode == 0, codeowners.stderr
    report, status = check_json(project)
    assert status == 0
    assert report["findings"] == []


# ------------------------------------------------------- the GitHub account's number


def test_new_artist_keeps_the_account_number_next_to_the_login(project):
    new_artist(
        project,
        {"name": "Ana Rivera", "github": "ana-rivera", "github_id": "583231", "lang": "es"},
        bio="Bordo en Tlaxcala.",
        settings=project_settings(project),
    )
    text = (project / "content/artists/ana-rivera/index.md").read_text(encoding="utf-8")
    assert "github: ana-rivera\ngithub_id: 583231\nlang: es\n" in text
    report, status = check_json(project)
    assert status == 0 and [f for f in report["findings"] if "ana-rivera" in f["path"]] == []


@pytest.mark.parametrize("number", ["007", "-1", "12a", "٥٨٣", str(2**53), "1\n2"])
def test_new_artist_refuses_a_number_that_is_not_an_account(project, number):
    with pytest.raises(ScaffoldError, match="github_id"):
        new_artist(
            project,
            {"name": "Ana Rivera", "github": "ana-rivera", "github_id": number},
            settings=project_settings(project),
        )
    assert not (project / "content/artists/ana-rivera").exists()


def test_nobody_is_asked_for_an_account_number(project):
    asked = []

    def ask(field):
        asked.append(field.name)
        return {"name": "Ana Rivera", "github": "ana-rivera"}.get(field.name, "")

    new_artist(project, {}, ask=ask, settings=project_settings(project))
    assert "github" in asked and "github_id" not in asked and "avatar" not in asked
    values, _ = read_fields((project / "content/artists/ana-rivera/index.md").read_text())
    assert "github_id" not in values
