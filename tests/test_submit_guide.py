"""The artists' guide: its templates work as they are, and a newcomer following it gets there.

The end-to-end test plays a new artist who follows only the guide: copies the templates,
uploads two phone photos (one with GPS), reads the check's report (what the pull-request
comment shows), fixes what it says, and sees the work in the built preview.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from altavoz_core.frontmatter import read_fields
from altavoz_moderation.settings import DEFAULTS as MODERATION_DEFAULTS
from altavoz_submit import ARTIST_FIELDS, WORK_FIELDS
from altavoz_submit.check import run_check
from conftest import ROOT, build_site, read_page, write_artist
from markdown_it import MarkdownIt
from submit_support import git, init_repo, invoke, make_project, phone_photo, private_tags

GUIDES = {"es": ROOT / "content/pages/guia.md", "en": ROOT / "content/pages/guia-en.md"}
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def templates(lang: str) -> dict[str, str]:
    """The guide's copyable blocks: the artist profile and the work page."""
    blocks = FENCE.findall(GUIDES[lang].read_text(encoding="utf-8"))
    found = {}
    for block in blocks:
        values, _ = read_fields(block)
        if "artist" in values:
            found["work"] = block
        elif "name" in values:
            found["artist"] = block
    assert set(found) == {"artist", "work"}, f"guide {lang}: the two templates are fenced blocks"
    return found


def guide_paths(lang: str) -> tuple[str, str]:
    """The paths the guide tells the artist to type (with the placeholder slug)."""
    text = GUIDES[lang].read_text(encoding="utf-8")
    artist = re.search(r"`(content/artists/tu-slug/index\.md)`", text).group(1)
    work = re.search(r"`(content/works/tu-slug/[a-z-]+/index\.md)`", text).group(1)
    return artist, work


def image_name(work_template: str) -> str:
    return re.search(r"!\[[^\]]+\]\(([^)\s]+)\)", work_template).group(1)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_templates_copied_as_they_are_pass_the_check(tmp_path, lang):
    project = make_project(tmp_path / "repo")
    blocks = templates(lang)
    artist_path, work_path = guide_paths(lang)
    for relative, block in ((artist_path, blocks["artist"]), (work_path, blocks["work"])):
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(block, encoding="utf-8")
    photo = Path(work_path).parent / image_name(blocks["work"])
    phone_photo(project / photo, size=(1600, 1200))

    text, status = run_check(project, None, "json")
    report = json.loads(text)
    assert status == 0, text
    assert report["summary"]["checked"] == 2
    assert report["findings"] == []

    output = build_site(project / "content", tmp_path / "output")
    work_url = Path(work_path).parent.relative_to("content").as_posix()
    page = read_page(output, f"{work_url}/index.html")
    assert read_fields(blocks["work"])[0]["title"] in page


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_templates_follow_the_submission_format(lang):
    blocks = templates(lang)
    work_keys = list(read_fields(blocks["work"])[0])
    assert work_keys == [field.name for field in WORK_FIELDS]  # same order as new-work writes
    artist_keys = list(read_fields(blocks["artist"])[0])
    assert set(artist_keys) <= {field.name for field in ARTIST_FIELDS}
    assert read_fields(blocks["work"])[0]["lang"] == lang
    # Every optional key the guide explains is one the check accepts.
    text = GUIDES[lang].read_text(encoding="utf-8")
    for field in ARTIST_FIELDS:
        assert f"- `{field.name}`:" in text
    for field in WORK_FIELDS:
        assert f"- `{field.name}`:" in text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_licences_explained_are_exactly_the_accepted_ones(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:CC[0-9A-Z-]*-[0-9.]+)|all-rights-reserved)`", text))
    assert named == set(MODERATION_DEFAULTS["ALTAVOZ_MODERATION_ALLOWED_LICENSES"])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_guide_has_no_raw_html_and_no_contact_details(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    prose = FENCE.sub("", text)
    prose = re.sub(r"`[^`]*`", "", prose)
    assert not re.search(r"<[A-Za-z!/]", prose)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)


def test_both_guides_pass_the_check_and_are_translations_of_each_other(sample_site):
    text, _ = run_check(ROOT, None, "json")
    paths = {finding["path"] for finding in json.loads(text)["findings"]}
    assert not {"content/pages/guia.md", "content/pages/guia-en.md"} & paths
    es = read_page(sample_site, "guia/index.html")
    en = read_page(sample_site, "en/guia/index.html")
    assert "Guía para enviar tu obra" in es and "Paso 1" in es
    assert "Guide to submitting your work" in en and "Step 1" in en
    assert "/en/guia/" in es  # the Spanish page links to its translation


def test_contributing_and_the_pull_request_template_point_to_the_guide():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "content/pages/guia.md" in contributing and "content/pages/guia-en.md" in contributing
    # The phone path comes first, naming each form as GitHub lists it, in both languages.
    forms = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    names = [yaml.safe_load(f.read_text(encoding="utf-8")).get("name") for f in forms]
    for name in filter(None, names):
        spanish, english = name.split(" / ")
        assert f"*{spanish}*" in contributing and f"*{english}*" in contributing, name
    assert contributing.index("*Issues → New issue*") < contributing.index("haz un fork")
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \*\*([^*]+)\*\*", template, re.M)
    assert boxes == [
        "Consentimiento / Consent:",
        "Licencia / Licence:",
        "Texto alternativo / Alt text:",
        "Sin ubicación / No location:",
    ]


def test_a_new_artist_following_only_the_guide(tmp_path):
    # The project as it is on GitHub: one artist already there.
    project = make_project(tmp_path / "repo")
    write_artist(project / "content", "ana-rivera", name="Ana Rivera")
    init_repo(project)
    git(project, "switch", "-q", "-c", "patch-1")  # the artist's branch in their fork

    # Steps 2 and 3: "Create new file", paste the templates, change the details.
    blocks = templates("es")
    artist_path, work_path = guide_paths("es")
    artist_path = artist_path.replace("tu-slug", "rosa-flores")
    work_path = work_path.replace("tu-slug", "rosa-flores").replace(
        "nombre-de-la-obra", "colibri-de-fuego"
    )
    profile = (
        blocks["artist"]
        .replace("Tu nombre", "Rosa Flores")
        .replace("Tu ciudad o comunidad", "Juchitán de Zaragoza")
    )
    photo_line = re.search(r"^!\[.*$", blocks["work"], re.M).group(0)
    work = (
        blocks["work"]
        .replace("Nombre de tu obra", "Colibrí de fuego")
        .replace("tu-slug", "rosa-flores")
        .replace(
            photo_line,
            "![Pintura de un colibrí rojo y naranja sobre flores de cempasúchil](IMG_2034.JPG)\n\n"
            "![Detalle de las alas pintadas con pincel fino](IMG_2035.JPG)",
        )
    )
    for relative, text in ((artist_path, profile), (work_path, work)):
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")

    # Step 4: "Upload files": two photos straight from the phone, one with GPS.
    folder = (project / work_path).parent
    phone_photo(folder / "IMG_2034.JPG", gps=True, size=(1600, 1200))
    phone_photo(folder / "IMG_2035.JPG", size=(1600, 1200), color=(220, 120, 20))
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Obra nueva: Colibrí de fuego")

    # Step 5: the pull request; the check comments with what to fix, in Spanish.
    comment, status = run_check(project, "main", "markdown")
    assert status == 1
    findings = json.loads(run_check(project, "main", "json")[0])["findings"]
    relative = f"{folder.relative_to(project).as_posix()}/IMG_2034.JPG"
    assert [(f["code"], f["severity"], f["path"]) for f in findings] == [
        ("AV520", "error", relative)
    ]
    spanish = findings[0]["message_es"]
    assert "ubicación GPS" in spanish
    assert f"invoke strip {relative}" in spanish
    shown = html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(comment)))
    assert f"invoke strip {relative}" in shown and "ubicación GPS" in shown  # as GitHub shows it

    # The fix the report names (a maintainer runs it, or the artist re-uploads a clean photo).
    stripped = invoke(project, "strip", relative)
    assert stripped.returncode == 0, stripped.stderr
    assert private_tags(folder / "IMG_2034.JPG") == []
    git(project, "commit", "-qam", "Quitar la ubicación")

    text, status = run_check(project, "main", "json")
    assert status == 0, text
    assert json.loads(text)["findings"] == []

    # The preview shows the work, with both photos and the artist's page.
    output = build_site(project / "content", tmp_path / "output")
    page = read_page(output, "works/rosa-flores/colibri-de-fuego/index.html")
    assert "Colibrí de fuego" in page and "Rosa Flores" in page
    assert "Pintura de un colibrí rojo y naranja sobre flores de cempasúchil" in page
    assert "Detalle de las alas pintadas con pincel fino" in page
    assert "Colibrí de fuego" in read_page(output, "artists/rosa-flores/index.html")
    assert "Colibrí de fuego" in read_page(output, "index.html")
    published = [p for p in (output / "works/rosa-flores/colibri-de-fuego").iterdir()]
    assert any(p.suffix in (".jpg", ".webp") for p in published)
    assert not any(p.name in ("IMG_2034.JPG", "IMG_2035.JPG") for p in published)
    shutil.rmtree(output)
