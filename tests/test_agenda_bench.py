"""The site benchmark's events (benchmarks/site_bench.py) are events the site publishes: a
refused event would cost a rebuild nothing and the benchmark would measure less than
a real agenda."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from altavoz_moderation.report import check_site
from altavoz_submit.project import project_settings
from conftest import ROOT
from PIL import Image

WRITE = """
import sys
from pathlib import Path
from site_bench import write_altavoz_site
content, images = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
write_altavoz_site(content, images, works=len(images), events=30)
"""


def test_the_benchmark_s_events_pass_the_check_and_show_every_kind(tmp_path):
    images = []
    for index in range(40):
        path = tmp_path / f"photo-{index}.jpg"
        Image.new("RGB", (1200, 900), (20 + index, 90, 160)).save(path, quality=70)
        images.append(str(path))
    content = tmp_path / "content"
    # The benchmark is not a package: run it from its folder, as invoke bench does.
    subprocess.run(
        [sys.executable, "-c", WRITE, str(content), *images],
        cwd=ROOT / "benchmarks",
        check=True,
        timeout=300,
    )
    folders = sorted((content / "events").iterdir())
    assert len(folders) == 30
    report = check_site(content, project_settings(ROOT))
    assert [f for f in report.findings if f.is_error] == []
    assert not any("content/events/" in path for path in report.rejected)
    texts = [Path(folder, "index.md").read_text("utf-8") for folder in folders]
    for marker in ("repeat: weekly", "repeat: monthly", "status: cancelled", "online: ", "works: "):
        assert any(marker in text for text in texts), marker
    assert sum(1 for folder in folders if (folder / "cartel.jpg").is_file()) == 3
