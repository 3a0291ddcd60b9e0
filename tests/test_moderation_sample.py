"""The sample content is the example artists copy: it must pass the moderation checks."""

from __future__ import annotations

from altavoz_moderation.report import check_site
from altavoz_submit.check import run_check
from altavoz_submit.project import project_settings
from conftest import ROOT


def test_sample_content_passes_invoke_check():
    text, code = run_check(ROOT, None, "text")
    assert code == 0, text


def test_sample_content_has_no_findings_at_all():
    """No errors and no warnings either, image checks (AV5xx) included."""
    report = check_site(ROOT / "content", project_settings(ROOT))
    assert len(report.checked) >= 4 + 10 + 2
    assert [(f.code, f.path) for f in report.findings] == []


def test_a_small_avatar_is_fine_but_a_small_artwork_is_not(tmp_path):
    from conftest import write_artist, write_image, write_work

    content = tmp_path / "content"
    artist = write_artist(content, "ana", name="Ana", avatar="cara.jpg")
    write_image(artist / "cara.jpg", size=(480, 480))
    write_work(content, "ana", "sol")
    write_image(content / "works/ana/sol/obra.jpg", size=(480, 360))
    report = check_site(content, project_settings(ROOT))
    assert [(f.code, f.path) for f in report.findings] == [
        ("AV509", "content/works/ana/sol/obra.jpg")
    ]
