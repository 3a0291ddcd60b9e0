"""What the build remembers between builds (and between its language sites) changes nothing.

Moderation findings, sanitized HTML, Markdown's reading of each text and compiled
templates are kept by content hash under the cache folder (plugins/altavoz_moderation/
memo.py). These tests build twice and look at the pages and the report: a changed text
shows up, a withdrawn work goes, settings count, a damaged cache is recomputed, and one
submission's remembered result is never another's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from altavoz_moderation import markdown_reader, memo
from altavoz_moderation.checks import cache as checks_cache
from altavoz_moderation.memo import FOLDER
from altavoz_moderation.report import check_site
from altavoz_moderation.sanitize import cache as sanitize_cache
from altavoz_submit.project import complete_settings
from conftest import SAMPLE_CONTENT, build_site, make_settings, read_page, write_work


def fresh_process():
    """What one build process remembers is gone, as when the next build starts."""
    memo.forget_process_memory()
    sanitize_cache.forget_process_memory()
    import altavoz_moderation

    altavoz_moderation._last_run = None


@pytest.fixture
def counted(monkeypatch):
    """How many times the checks, the sanitizer and Markdown really ran."""
    counts = {"checked": 0, "sanitized": 0, "markdown": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        checks_cache, "check_submission", counting("checked", checks_cache.check_submission)
    )
    monkeypatch.setattr(
        sanitize_cache,
        "sanitize_fragment",
        counting("sanitized", sanitize_cache.sanitize_fragment),
    )
    monkeypatch.setattr(markdown_reader, "Markdown", counting("markdown", markdown_reader.Markdown))
    return counts


def files_of(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def site_settings(content: Path, tmp_path: Path) -> dict:
    return complete_settings(
        make_settings(content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
    )


def test_sample_site_is_the_same_built_cold_warm_and_from_the_disk_cache(
    tmp_path, counted, shared_image_cache
):
    fresh_process()
    # Cold for texts; the image derivatives (their own cache, tested on their own) are
    # the session's, so this test does not decode every sample photo again.
    options = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "ALTAVOZ_IMAGES_CACHE_DIR": str(shared_image_cache),
    }
    output = tmp_path / "output"
    cold = files_of(build_site(SAMPLE_CONTENT, output, **options))
    assert counted["checked"] and counted["sanitized"] and counted["markdown"]
    assert (tmp_path / "cache" / FOLDER / "checks.json").is_file()

    warm_memory = files_of(build_site(SAMPLE_CONTENT, output, **options))
    fresh_process()
    for name in counted:
        counted[name] = 0
    warm_disk = files_of(build_site(SAMPLE_CONTENT, output, **options))

    assert sorted(warm_memory) == sorted(cold) and sorted(warm_disk) == sorted(cold)
    for name, data in cold.items():
        assert warm_memory[name] == data, name
        assert warm_disk[name] == data, name
    # The next build sanitized nothing again, checked only the blog posts and pages (they
    # show images from a shared folder: artists and works came back) and parsed no text:
    # Markdown ran only for a post's `summary:` field, once per language site.
    posts_and_pages = [*SAMPLE_CONTENT.glob("blog/*.md"), *SAMPLE_CONTENT.glob("pages/*.md")]
    summaries = [p for p in posts_and_pages if "\nsummary:" in p.read_text(encoding="utf-8")]
    assert counted == {
        "checked": len(posts_and_pages),
        "sanitized": 0,
        "markdown": 2 * len(summaries),
    }


def test_an_edited_text_shows_up_and_a_withdrawn_work_disappears(tiny_content, tmp_path):
    fresh_process()
    output = build_site(tiny_content, tmp_path / "output")
    assert "Una declaración" in read_page(output, "works/ana-rivera/maiz-azul/index.html")

    index = tiny_content / "works" / "ana-rivera" / "maiz-azul" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace("Una declaración de la artista sobre la obra.", "Texto nuevo del maíz."),
        encoding="utf-8",
    )
    shutil.rmtree(tiny_content / "works" / "colectivo-sur" / "agua-viva")
    fresh_process()
    output = build_site(tiny_content, tmp_path / "output")

    page = read_page(output, "works/ana-rivera/maiz-azul/index.html")
    assert "Texto nuevo del maíz." in page and "Una declaración" not in page
    assert not (output / "works" / "colectivo-sur" / "agua-viva").exists()
    assert "Agua viva" not in read_page(output, "index.html")
    assert "Agua viva" not in read_page(output, "en/index.html")


def test_a_setting_that_changes_the_verdict_is_not_answered_from_memory(tiny_content, tmp_path):
    fresh_process()
    settings = site_settings(tiny_content, tmp_path)
    assert check_site(tiny_content, settings).ok
    stricter = dict(settings, ALTAVOZ_MODERATION_ALLOWED_LICENSES=["CC-BY-4.0"])
    report = check_site(tiny_content, stricter)
    assert "content/works/ana-rivera/maiz-azul" in report.rejected
    assert any(f.field == "license" and f.is_error for f in report.findings)


def test_findings_come_back_from_the_cache_as_they_were(tiny_content, tmp_path, counted):
    (tiny_content / "works" / "ana-rivera" / "maiz-azul" / ".DS_Store").write_bytes(b"x")
    write_work(tiny_content, "ana-rivera", "sin-licencia", license="all rights mine")
    settings = site_settings(tiny_content, tmp_path)
    fresh_process()
    first = check_site(tiny_content, settings)
    fresh_process()
    counted["checked"] = 0
    second = check_site(tiny_content, settings)

    # Every artist and work came from the disk cache; blog posts and pages are always checked.
    assert counted["checked"] == len(
        [*tiny_content.glob("blog/*.md"), *tiny_content.glob("pages/*.md")]
    )
    assert second.findings == first.findings and second.rejected == first.rejected
    paths = {f.path for f in second.findings}
    assert "content/works/ana-rivera/maiz-azul/.DS_Store" in paths
    assert "content/works/ana-rivera/sin-licencia" in second.rejected


def test_a_damaged_cache_is_recomputed_never_trusted(tiny_content, tmp_path):
    write_work(tiny_content, "ana-rivera", "sin-licencia", license="all rights mine")
    fresh_process()
    build_site(tiny_content, tmp_path / "output")
    folder = tmp_path / "cache" / FOLDER

    # Someone (or a bad disk) rewrites the remembered verdicts as "no findings" and the
    # remembered Markdown as another text, without the digests that go with them.
    checks = json.loads((folder / "checks.json").read_text(encoding="utf-8"))
    for entry in checks["entries"]:
        entry[1] = []
    (folder / "checks.json").write_text(json.dumps(checks), encoding="utf-8")
    markdown = json.loads((folder / "markdown.json").read_text(encoding="utf-8"))
    for entry in markdown["entries"]:
        entry[1][0] = "<p>Texto falso</p>"
    (folder / "markdown.json").write_text(json.dumps(markdown), encoding="utf-8")
    (folder / "sanitized.json").write_text("{not json", encoding="utf-8")

    fresh_process()
    output = build_site(tiny_content, tmp_path / "output")
    assert not (output / "works" / "ana-rivera" / "sin-licencia").exists()
    page = read_page(output, "works/ana-rivera/maiz-azul/index.html")
    assert "Una declaración" in page and "Texto falso" not in page
    report = check_site(tiny_content, site_settings(tiny_content, tmp_path))
    assert "content/works/ana-rivera/sin-licencia" in report.rejected


def test_a_copy_of_a_work_never_gets_the_original_s_verdict(tiny_content, tmp_path):
    """Same bytes elsewhere, or with something added: each folder answers for itself."""
    settings = site_settings(tiny_content, tmp_path)
    original = tiny_content / "works" / "ana-rivera" / "maiz-azul"
    original_path = "content/works/ana-rivera/maiz-azul"

    def own(report, path):
        return [f for f in report.findings if f.path.split("/")[:4] == path.split("/")]

    fresh_process()
    before = own(check_site(tiny_content, settings), original_path)
    shutil.copytree(original, tiny_content / "works" / "nadie" / "maiz-azul")  # no such artist
    hostile = tiny_content / "works" / "ana-rivera" / "maiz-rojo"
    shutil.copytree(original, hostile)
    (hostile / "notas.exe").write_bytes(b"MZ")

    for _ in range(2):  # cold for the copies, then all from the cache
        fresh_process()
        report = check_site(tiny_content, settings)
        assert own(report, original_path) == before
        assert original_path not in report.rejected
        assert "content/works/ana-rivera/maiz-rojo" in report.rejected
        assert any(f.path == "content/works/ana-rivera/maiz-rojo/notas.exe" for f in report.errors)
        assert "content/works/nadie/maiz-azul" in report.rejected


def test_compiled_templates_are_kept_once_for_every_language(tiny_content, tmp_path):
    fresh_process()
    build_site(tiny_content, tmp_path / "output", CACHE_PATH=str(tmp_path / "cache"))
    compiled = list((tmp_path / "cache" / "jinja").rglob("*.cache"))
    assert compiled, "no compiled template was kept"
    # The English site used the same compiled templates instead of compiling its own.
    assert set(tmp_path.rglob("*.cache")) == set(compiled)


def test_cards_rendered_once_are_the_cards_rendered_every_time(tmp_path, monkeypatch):
    """The gallery, tag and artist pages show the same cards as when each is rendered anew."""
    from altavoz_theme import fragments

    fresh_process()
    remembered = files_of(build_site(SAMPLE_CONTENT, tmp_path / "output"))

    def every_time(env):
        env.globals["once"] = lambda *key, caller: caller()

    monkeypatch.setattr(fragments, "install", every_time)
    fresh_process()
    rendered_anew = files_of(build_site(SAMPLE_CONTENT, tmp_path / "output"))
    assert sorted(rendered_anew) == sorted(remembered)
    for name, data in remembered.items():
        assert rendered_anew[name] == data, name
