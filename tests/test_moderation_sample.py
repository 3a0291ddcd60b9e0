"""The sample content is the example artists copy: it must pass the moderation checks."""

from __future__ import annotations

from altavoz_moderation.cli import load_project_settings, run_check
from altavoz_moderation.report import check_site
from conftest import ROOT


def test_sample_content_passes_invoke_check():
    text, code = run_check(ROOT, None, "text")
    assert code == 0, text


def test_sample_content_has_no_moderation_findings():
    report = check_site(ROOT / "content", load_project_settings(ROOT))
    assert report.errors == []
    assert len(report.checked) >= 4 + 10 + 2
    # AV5xx belong to the image checks (plugins/altavoz_images); every other code is ours.
    ours = [(f.code, f.path) for f in report.findings if not f.code.startswith("AV5")]
    assert ours == []
